//! Files and keys on disk (issue 19, point 13), through the real CLI: the database, its WAL,
//! backups, exports, identity keys and the data folders are private from their creation, and a
//! new key or encrypted database refuses a short passphrase. Also the trust list commands.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::{tenken_bin, tenken_home, tenken_home_ok};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

fn assert_mode(path: &Path, want: u32) {
    assert_eq!(mode(path), want, "{} has mode {:o}, expected {want:o}", path.display(), mode(path));
}

/// Run with a permissive umask, so the modes seen are the ones Tenken asked for, not the umask's.
fn with_open_umask<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: umask only changes this process's file-creation mask; tests in this binary that
    // create files all want it open, and children inherit it.
    let old = unsafe { libc::umask(0o000) };
    let out = f();
    unsafe { libc::umask(old) };
    out
}

#[test]
fn database_wal_backup_export_and_keys_are_private_from_creation() {
    with_open_umask(|| {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("newdata").join("tenken");
        let db = data.join("tenken.db");
        tenken_home_ok(home.path(), &db, &["init"]);
        assert_mode(&db, 0o600);
        assert_mode(&data, 0o700);
        assert_mode(&home.path().join("newdata"), 0o700);

        tenken_home_ok(home.path(), &db, &["org", "add", "株式会社テスト"]);
        tenken_home_ok(
            home.path(),
            &db,
            &[
                "assessment",
                "new",
                "--org",
                "株式会社テスト",
                "--catalog",
                "jama-japia-2.2",
                "--scope",
                "target_level=1",
                "--auditor",
                "監査 太郎",
            ],
        );
        // Hold a connection open, so the WAL is not removed when the CLI's connection closes.
        let reader = rusqlite::Connection::open(&db).unwrap();
        let _: i64 = reader.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        let wal = db.with_extension("db-wal");
        let writer = Command::new(tenken_bin())
            .args(["--db", db.to_str().unwrap(), "verdict", "1", "1", "conforms"])
            .env("XDG_DATA_HOME", home.path())
            .output()
            .unwrap();
        assert!(writer.status.success(), "{}", String::from_utf8_lossy(&writer.stderr));
        assert_mode(&wal, 0o600);
        assert_mode(&db.with_extension("db-shm"), 0o600);
        drop(reader);

        let backup = home.path().join("copy.db");
        tenken_home_ok(home.path(), &db, &["backup", backup.to_str().unwrap()]);
        assert_mode(&backup, 0o600);

        tenken_home_ok(
            home.path(),
            &db,
            &["identity", "new", "--name", "監査 太郎", "--org", "点検監査", "--passphrase-env", "TENKEN_TEST_KEY"],
        );
        let identities = home.path().join("tenken").join("identities");
        assert_mode(&identities, 0o700);
        let mut key_files = 0;
        for entry in std::fs::read_dir(&identities).unwrap() {
            let folder = entry.unwrap().path();
            assert_mode(&folder, 0o700);
            for file in std::fs::read_dir(&folder).unwrap() {
                let file = file.unwrap().path();
                assert_mode(&file, 0o600);
                key_files += 1;
            }
        }
        assert!(key_files >= 3, "the identity folder holds its key, certificate and chain");

        let pdf = home.path().join("report.pdf");
        tenken_home_ok(home.path(), &db, &["export", "1", "--pdf", pdf.to_str().unwrap()]);
        assert_mode(&pdf, 0o600);
    });
}

#[test]
fn a_short_passphrase_creates_no_key_and_no_encrypted_database() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("enc.db");
    let out = Command::new(tenken_bin())
        .args(["--db", db.to_str().unwrap(), "--passphrase-env", "SHORT", "init", "--encrypt"])
        .env("XDG_DATA_HOME", home.path())
        .env("SHORT", "short-pass")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 12"), "{err}");
    assert!(!db.exists(), "nothing was created");

    let out = Command::new(tenken_bin())
        .args(["identity", "new", "--name", "監査 太郎", "--org", "点検監査", "--passphrase-env", "SHORT"])
        .env("XDG_DATA_HOME", home.path())
        .env("SHORT", "監査の鍵")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 characters") && err.contains("at least 12"), "{err}");
    let identities = home.path().join("tenken").join("identities");
    let count = std::fs::read_dir(&identities).map(|d| d.count()).unwrap_or(0);
    assert_eq!(count, 0, "no identity was written");
}

#[test]
fn trust_list_adds_lists_and_removes_a_root_and_refuses_a_leaf() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("t.db");
    let dir = home.path();
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "root.key",
        "-out",
        "root.pem",
        "-days",
        "30",
        "-subj",
        "/CN=Trusted Root/O=OEM",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.pem",
        "-days",
        "30",
        "-subj",
        "/CN=Not a CA",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
    ]);

    let refused = tenken_home(dir, &db, &["trust", "add", dir.join("leaf.pem").to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a CA certificate"));

    let added = tenken_home_ok(dir, &db, &["trust", "add", dir.join("root.pem").to_str().unwrap(), "--name", "OEM ルート"]);
    let fp = added.split("SHA-256 ").nth(1).unwrap().trim_end_matches([')', '\n']).to_string();
    assert_eq!(fp.len(), 64, "{added}");
    let entry = dir.join("tenken").join("trust").join(format!("{fp}.json"));
    assert_mode(&entry, 0o600);

    let listed: serde_json::Value = serde_json::from_str(&tenken_home_ok(dir, &db, &["trust", "list", "--json"])).unwrap();
    let roots = listed.as_array().unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["name"], "OEM ルート");
    assert_eq!(roots[0]["fingerprint"], fp.as_str());

    let short = tenken_home(dir, &db, &["trust", "remove", &fp[..4]]);
    assert!(!short.status.success(), "a 4-digit prefix is too short to be safe");
    tenken_home_ok(dir, &db, &["trust", "remove", &fp[..10]]);
    let listed: serde_json::Value = serde_json::from_str(&tenken_home_ok(dir, &db, &["trust", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0);
}
