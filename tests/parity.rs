//! Everything the CLI does, the app does too: every leaf command of `tenken` (read from the
//! built binary's own help, so a new subcommand is seen the day it is added) must have an app
//! command registered in `src-tauri/src/main.rs` that does the same job, or be on the short
//! exception list below with the reason. A CLI command with neither, or a counterpart that the
//! app does not register, fails this test.

use std::collections::BTreeSet;
use std::process::Command;

/// CLI command → the app commands that do the same job (see docs/architecture notes in
/// ARCHITECTURE.md, "CLI and app parity").
const COUNTERPARTS: &[(&str, &[&str])] = &[
    ("init", &["create_database"]),
    ("org add", &["add_organisation"]),
    ("org list", &["portfolio"]),
    ("assessment new", &["create_assessment"]),
    ("assessment list", &["portfolio"]),
    ("assessment show", &["open_assessment", "score"]),
    ("assessment status", &["set_status"]),
    ("assessment reopen", &["reopen_assessment"]),
    ("catalog import", &["import_catalog"]),
    ("catalog list", &["catalogs"]),
    ("catalog show", &["catalogs", "count_in_scope"]),
    ("portfolio", &["portfolio"]),
    ("verdict", &["set_verdict"]),
    ("note", &["set_note"]),
    ("evidence add", &["add_evidence"]),
    ("evidence list", &["open_assessment"]),
    ("evidence save", &["save_evidence"]),
    ("finding add", &["add_finding"]),
    ("finding list", &["open_assessment"]),
    ("finding update", &["update_finding"]),
    ("score", &["score"]),
    ("export", &["export_report"]),
    ("import", &["import_preview", "import_commit"]),
    ("template", &["write_template"]),
    ("identity new", &["create_identity", "request_identity"]),
    ("identity install", &["install_certificate"]),
    ("identity import", &["import_identity"]),
    ("identity list", &["identities"]),
    ("identity show", &["identities"]),
    ("identity export-cert", &["export_identity_cert"]),
    ("bundle export", &["bundle_export"]),
    ("bundle import", &["bundle_check", "bundle_import"]),
    ("verify", &["verify_file", "bundle_check"]),
    ("trust add", &["trust_root"]),
    ("trust list", &["trusted_roots"]),
    ("trust remove", &["untrust_root"]),
    ("log", &["trail_events", "verify_trail"]),
    ("passphrase change", &["change_passphrase"]),
    ("backup", &["backup"]),
    ("restore", &["restore"]),
];

/// CLI commands with no app counterpart, and why.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("completions", "shell completion scripts are part of the command line itself"),
    ("man", "the manual page is the command line's own documentation"),
];

/// The subcommand names a `--help` lists under "Commands:" (clap writes each as two spaces, the
/// name, then at least two spaces; wrapped descriptions are indented further).
fn subcommands(path: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_tenken")).args(path).arg("--help").output().expect("run tenken --help");
    assert!(out.status.success(), "tenken {} --help failed: {}", path.join(" "), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let Some(start) = text.find("\nCommands:\n") else { return Vec::new() };
    text[start + "\nCommands:\n".len()..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let rest = l.strip_prefix("  ")?;
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            (!name.is_empty() && name != "help").then_some(name)
        })
        .collect()
}

/// Every leaf command of the CLI, as `"bundle export"`.
fn cli_leaves() -> BTreeSet<String> {
    let mut leaves = BTreeSet::new();
    for top in subcommands(&[]) {
        let subs = subcommands(&[top.as_str()]);
        if subs.is_empty() {
            leaves.insert(top);
        } else {
            leaves.extend(subs.into_iter().map(|s| format!("{top} {s}")));
        }
    }
    leaves
}

/// The commands the app registers (`module::function` in `generate_handler![…]`).
fn app_commands() -> BTreeSet<String> {
    let main_rs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/src/main.rs")).expect("read src-tauri/src/main.rs");
    let start = main_rs.find("generate_handler![").expect("main.rs registers its commands with generate_handler!");
    let list = &main_rs[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').expect("the generate_handler! list ends")];
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|p| p.rsplit("::").next().unwrap_or(p).to_string()).collect()
}

#[test]
fn every_cli_command_has_an_app_counterpart_or_a_documented_exception() {
    let leaves = cli_leaves();
    assert!(leaves.len() > 30, "the CLI's commands were not read from its help: {leaves:?}");
    let app = app_commands();
    let mapped: BTreeSet<&str> = COUNTERPARTS.iter().map(|(c, _)| *c).collect();
    let excepted: BTreeSet<&str> = EXCEPTIONS.iter().map(|(c, _)| *c).collect();
    let missing: Vec<&String> = leaves.iter().filter(|l| !mapped.contains(l.as_str()) && !excepted.contains(l.as_str())).collect();
    assert!(missing.is_empty(), "CLI commands with no app counterpart and no documented exception: {missing:?}");
    for (cli, counterparts) in COUNTERPARTS {
        assert!(leaves.contains(*cli), "the table names `tenken {cli}`, which the CLI no longer has");
        for c in *counterparts {
            assert!(app.contains(*c), "`tenken {cli}` maps to the app command {c}, which src-tauri does not register");
        }
    }
    for (cli, _) in EXCEPTIONS {
        assert!(leaves.contains(*cli), "the exception list names `tenken {cli}`, which the CLI no longer has");
    }
}
