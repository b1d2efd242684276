//! The command line as a script would use it: help, JSON output, errors.

mod common;

use common::*;

/// The commands a help page lists under `Commands:` (name lines are indented by two spaces,
/// wrapped descriptions by more), without clap's own `help`.
fn listed(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Through the real binary, every command and subcommand its help pages list (the tree itself
/// is walked from clap's definition by the unit test in src/cli/mod.rs): `--help` exits 0 and
/// shows that command's usage and at least one line describing it.
#[test]
fn every_listed_command_has_a_help_page_that_exits_zero() {
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    let mut pages = Vec::new();
    while let Some(path) = queue.pop() {
        let out = std::process::Command::new(tenken_bin()).args(&path).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let shown = std::iter::once("tenken".to_string()).chain(path.iter().cloned()).collect::<Vec<_>>().join(" ");
        assert!(out.status.success(), "{shown} --help exits {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert!(help.contains(&format!("Usage: {shown}")), "{shown} --help:\n{help}");
        assert!(
            !help.lines().next().unwrap_or_default().trim().is_empty() && !help.starts_with("Usage:"),
            "{shown} has no description:\n{help}"
        );
        for name in listed(&help) {
            let mut sub = path.clone();
            sub.push(name);
            queue.push(sub);
        }
        pages.push(shown);
    }
    let top = listed(&String::from_utf8_lossy(&std::process::Command::new(tenken_bin()).arg("--help").output().unwrap().stdout)).len();
    assert!(top > 0 && pages.len() > top + 1, "the walk found subcommands too: {pages:?}");
    eprintln!("{} help pages ({top} top-level commands)", pages.len());
}

#[test]
fn json_outputs_parse_and_carry_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let org: serde_json::Value =
        serde_json::from_str(&tenken_ok(&db, &["org", "add", "株式会社ジェイソン", "--code", "J-1", "--json"])).unwrap();
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
