//! Small hostile workbooks given to the real `tenken import` under a 2 GB address-space limit
//! (issue 19, point 6): each must end with a clear error — a non-zero exit, not a signal, the
//! file named on stderr with what is wrong — and leave the database as it was. No timing
//! asserts: the caps in `src/import/limits.rs` bound the time by construction.
//!
//! Classes: one long shared string named by many cells (xlsx, xls); ods cells whose value a
//! repeat expands (`office:value`, a string value, a formula, `text:s text:c`); an xls compound
//! file with more than one workbook stream; one merged range repeated, and many overlapping.

#![cfg(unix)]

mod common;
mod import_support;

use std::os::unix::process::CommandExt;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};

use import_support::hostile;

/// The address-space limit every import runs under.
const ADDRESS_SPACE: u64 = 2 * 1024 * 1024 * 1024;

/// `tenken --db DB import FILE --catalog jama-japia-2.2` with RLIMIT_AS at 2 GB.
fn import_limited(db: &Path, file: &Path) -> Output {
    let mut cmd = Command::new(common::tenken_bin());
    cmd.arg("--db")
        .arg(db)
        .args(["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2"])
        .env_remove("TENKEN_DB")
        .env("TENKEN_ACTOR", "test");
    // SAFETY: only async-signal-safe calls between fork and exec (setrlimit).
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit { rlim_cur: ADDRESS_SPACE, rlim_max: ADDRESS_SPACE };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run tenken")
}

/// SHA-256 over every table's rows, in a fixed order: equal digests, equal databases.
fn db_digest(db: &Path) -> String {
    use sha2::Digest;
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut h = sha2::Sha256::new();
    for t in tables {
        h.update(t.as_bytes());
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                h.update(format!("{v:?}|").as_bytes());
            }
            h.update(b"\n");
        }
    }
    hex::encode(h.finalize())
}

/// A database holding one imported checksheet, so "unchanged" means something.
fn seeded_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("t.db");
    let sheet = dir.join("good.xlsx");
    common::write_checksheet(&sheet, "株式会社正常", &[("1", "", "実施している")]);
    common::tenken_ok(&db, &["import", sheet.to_str().unwrap(), "--catalog", "jama-japia-2.2"]);
    db
}

/// Import `bytes` as `name` under the limit and check the refusal; returns stderr.
fn refused(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());
    let before = db_digest(&db);
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let out = import_limited(&db, &file);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.signal(), None, "{name} killed the importer by a signal; stderr: {stderr}");
    assert!(!out.status.success(), "{name} was imported: {}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr.contains(name), "{name}: stderr does not name the file: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("memory allocation"), "{name}: {stderr}");
    assert_eq!(db_digest(&db), before, "{name}: the database changed");
    stderr
}

#[test]
fn one_long_shared_string_in_many_xlsx_cells_is_refused() {
    let file = hostile::xlsx_shared_string_bomb(32_000, 65_536);
    assert!(file.len() < 200_000, "the file is small: {} bytes", file.len());
    let e = refused("shared-string.xlsx", &file);
    assert!(e.contains("MB of text"), "{e}");
}

#[test]
fn a_shared_string_longer_than_excel_allows_is_refused_naming_the_cell() {
    let e = refused("long-cell.xlsx", &hostile::xlsx_shared_string_bomb(40_000, 3));
    assert!(e.contains("Sheet1!A1") && e.contains("32767"), "{e}");
}

#[test]
fn ods_values_expanded_by_repeats_are_refused() {
    for (name, file) in hostile::ods_bombs() {
        assert!(file.len() < 64_000, "{name} is small: {} bytes", file.len());
        let e = refused(&format!("{name}.ods"), &file);
        assert!(e.contains("MB of text") || e.contains("32767") || e.contains("no values") || e.contains("more than"), "{name}: {e}");
    }
}

#[test]
fn a_huge_text_s_count_names_the_cell() {
    let (_, file) = hostile::ods_bombs().into_iter().find(|(n, _)| *n == "ods-text-s-huge").unwrap();
    let e = refused("spaces.ods", &file);
    assert!(e.contains("Sheet1!A1") && e.contains("32767"), "{e}");
}

#[test]
fn one_long_shared_string_in_many_xls_cells_is_refused() {
    let file = hostile::cfb_file(&[("/Workbook", &hostile::xls_sst_bomb_stream(32_000, 65_536))]);
    let e = refused("shared-string.xls", &file);
    assert!(e.contains("MB of text"), "{e}");
}

#[test]
fn an_xls_with_a_second_workbook_stream_is_read_from_the_checked_one() {
    let harmless = hostile::workbook_stream(&import_support::xls("Sheet1", &[(0, 0, "表紙だけ")], &[], None));
    let hostile_stream = hostile::xls_sst_bomb_stream(32_000, 65_536);
    for (name, file) in hostile::xls_two_streams(&harmless, &hostile_stream) {
        let e = refused(&format!("{name}.xls"), &file);
        // The harmless stream is what is read: a workbook without a checksheet table.
        assert!(e.contains("no sheet has a checksheet header"), "{name}: {e}");
    }
}

#[test]
fn one_merged_range_repeated_is_read_once() {
    // 99,999 copies of a 4,096-cell merge: 400 million index operations before.
    let file = hostile::xlsx_repeated_merge("A1:BL64", "BL64", 99_999);
    assert!(file.len() < 64_000, "{} bytes", file.len());
    let e = refused("merges.xlsx", &file);
    assert!(e.contains("no sheet has a checksheet header"), "{e}");
}

#[test]
fn overlapping_merges_beyond_the_cap_are_refused() {
    let file = hostile::xlsx_overlapping_merges(60, 1_500);
    let e = refused("overlapping-merges.xlsx", &file);
    assert!(e.contains("merged ranges cover more than"), "{e}");
}
