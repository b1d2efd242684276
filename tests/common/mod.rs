//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `tenken` binary built for this test run.
pub fn tenken_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tenken"))
}

/// Run `tenken --db DB args…` and return its output.
pub fn tenken(db: &Path, args: &[&str]) -> Output {
    Command::new(tenken_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TENKEN_DB")
        .env("TENKEN_ACTOR", "test")
        .output()
        .expect("run tenken")
}

/// Run tenken and require success; returns stdout.
pub fn tenken_ok(db: &Path, args: &[&str]) -> String {
    let out = tenken(db, args);
    assert!(
        out.status.success(),
        "tenken {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).expect("read file")))
}

/// Run tenken with its data directory (signing identities) inside `home` and a test passphrase
/// in `TENKEN_TEST_KEY`.
pub fn tenken_home(home: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(tenken_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TENKEN_DB")
        .env("XDG_DATA_HOME", home)
        .env("TENKEN_ACTOR", "test")
        .env("TENKEN_TEST_KEY", "correct horse battery")
        .output()
        .expect("run tenken")
}

/// [`tenken_home`], requiring success; returns stdout.
pub fn tenken_home_ok(home: &Path, db: &Path, args: &[&str]) -> String {
    let out = tenken_home(home, db, args);
    assert!(out.status.success(), "tenken {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Write a small supplier checksheet: a cover sheet `表紙` with 会社名 = `company` and a sheet
/// `チェックシート` with the header No. / 要求事項 / 回答 / 備考 on row 3 and one row per
/// `(No., 要求事項, 回答)`.
pub fn write_checksheet(path: &Path, company: &str, rows: &[(&str, &str, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let cover = wb.add_worksheet().set_name("表紙").unwrap();
    cover.write_string(0, 0, "会社名").unwrap();
    cover.write_string(0, 1, company).unwrap();
    let ws = wb.add_worksheet().set_name("チェックシート").unwrap();
    for (c, h) in ["No.", "要求事項", "回答", "備考"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (i, (no, requirement, answer)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, *no).unwrap();
        if !requirement.is_empty() {
            ws.write_string(r, 1, *requirement).unwrap();
        }
        ws.write_string(r, 2, *answer).unwrap();
    }
    wb.save(path).unwrap();
}
