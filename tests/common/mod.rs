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
