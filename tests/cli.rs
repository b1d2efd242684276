//! The command line as a script would use it: help, JSON output, errors.

mod common;

use common::*;

#[test]
fn help_lists_every_command() {
    let out = std::process::Command::new(tenken_bin()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["init", "org", "assessment", "catalog", "verdict", "note", "evidence", "finding", "log", "backup", "restore"] {
        assert!(help.lines().any(|l| l.trim_start().starts_with(cmd)), "--help lacks {cmd}:\n{help}");
    }
}

#[test]
fn json_outputs_parse_and_carry_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let org: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["org", "add", "株式会社ジェイソン", "--code", "J-1", "--json"])).unwrap();
    assert_eq!(org["name"], "株式会社ジェイソン");
    assert_eq!(org["kind"], "supplier");
    let list: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["org", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let log: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["log", "--json"])).unwrap();
    let first = &log[0];
    for field in ["seq", "at", "actor", "action", "target", "after", "prev_hash", "hash"] {
        assert!(first.get(field).is_some(), "log --json lacks {field}: {first}");
    }
    assert_eq!(first["actor"], "test");
    let check: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["log", "--verify", "--json"])).unwrap();
    assert_eq!(check["broken"], serde_json::Value::Null);
}

#[test]
fn user_errors_exit_non_zero_with_a_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("err.db");
    for args in [
        vec!["assessment", "show", "42"],
        vec!["verdict", "1", "1", "conforms"],
        vec!["assessment", "new", "--org", "X", "--catalog", "no-such-catalog"],
        vec!["evidence", "add", "1", "1", "/no/such/file"],
        vec!["restore", "/no/such/backup.db"],
    ] {
        let out = tenken(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(err.starts_with("tenken: error:"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    }
    let dup = tenken(&db, &["org", "add", "重複"]);
    assert!(dup.status.success());
    let dup = tenken(&db, &["org", "add", "重複"]);
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
}
