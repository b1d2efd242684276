//! The exit codes through the built binary: the table `tenken --help` ends with is the one in
//! README and in the man page, and every code in it comes out of a real case (a signed report
//! verified by its auditor, by a stranger and once altered; a tampered audit trail; a command line
//! clap refuses; a failing command). Only clap's usage error exits 2.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use common::{tenken_home as run, tenken_home_ok as ok};
use rusqlite::Connection;

/// The `code  meaning` lines that follow `Exit codes:` in `tenken --help`.
fn documented_in_help() -> Vec<(u8, String)> {
    let out = std::process::Command::new(common::tenken_bin()).arg("--help").output().expect("run tenken --help");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let table: Vec<(u8, String)> = help
        .lines()
        .skip_while(|l| l.trim() != "Exit codes:")
        .skip(1)
        .map_while(|l| {
            let (code, meaning) = l.trim().split_once(char::is_whitespace)?;
            Some((code.parse().ok()?, meaning.trim().to_string()))
        })
        .collect();
    assert!(!table.is_empty(), "tenken --help has no exit-code table:\n{help}");
    table
}

/// The codes of README's table under its `### Exit codes` heading (rows `| N | … |`).
fn documented_in_readme() -> BTreeSet<u8> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let codes: BTreeSet<u8> = readme
        .lines()
        .skip_while(|l| l.trim() != "### Exit codes")
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .filter_map(|l| l.strip_prefix('|')?.split('|').next()?.trim().trim_matches('`').parse().ok())
        .collect();
    assert!(!codes.is_empty(), "README has no `### Exit codes` table");
    codes
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn help_readme_and_man_page_list_the_same_codes_and_two_is_only_clap_usage() {
    let help = documented_in_help();
    let codes: BTreeSet<u8> = help.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes.len(), help.len(), "a code is listed twice: {help:?}");
    assert_eq!(codes, documented_in_readme(), "README's table and --help differ");
    let usage = help.iter().find(|(c, _)| *c == 2).map(|(_, m)| m.as_str()).unwrap_or_default();
    assert!(usage.contains("could not be parsed"), "2 is the usage error: {help:?}");

    let out = std::process::Command::new(common::tenken_bin()).arg("man").output().expect("run tenken man");
    assert!(out.status.success(), "{}", text(&out));
    let page = String::from_utf8_lossy(&out.stdout);
    let section = page.split(".SH \"EXIT STATUS\"").nth(1).expect("the man page has an EXIT STATUS section");
    let section = section.split("\n.SH").next().unwrap_or_default();
    for code in &codes {
        assert!(section.contains(&format!("\\fB{code}\\fR")), "EXIT STATUS lacks {code}:\n{section}");
    }
}

#[test]
fn every_documented_code_comes_out_of_a_real_case() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("a.db"));
    let mut seen = BTreeSet::new();
    let mut expect = |out: Output, code: u8, why: &str| {
        assert_eq!(out.status.code(), Some(i32::from(code)), "{why}: {}", text(&out));
        seen.insert(code);
        out
    };

    // 0: commands that do what they are asked, a VALID signature, a trail that holds.
    ok(
        &home,
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社終了",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 次郎",
        ],
    );
    ok(&home, &db, &["verdict", "1", "1", "conforms"]);
    ok(&home, &db, &["identity", "new", "--name", "監査 次郎", "--org", "点検監査株式会社", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let (pdf, xlsx) = (dir.path().join("report.pdf"), dir.path().join("results.xlsx"));
    let (pdf_s, xlsx_s) = (pdf.to_str().unwrap(), xlsx.to_str().unwrap());
    ok(&home, &db, &["export", "1", "--pdf", pdf_s, "--xlsx", xlsx_s, "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let valid = expect(run(&home, &db, &["verify", pdf_s]), 0, "the auditor's own signature is VALID");
    assert!(String::from_utf8_lossy(&valid.stdout).contains("VALID"), "{}", text(&valid));
    expect(run(&home, &db, &["log", "--verify"]), 0, "an untouched trail holds");

    // 3: the same report in a stranger's data directory, where nothing trusts the auditor's root.
    let stranger = dir.path().join("stranger");
    let untrusted = expect(run(&stranger, &db, &["verify", pdf_s]), 3, "a signer without a trusted root is UNTRUSTED");
    assert!(String::from_utf8_lossy(&untrusted.stdout).contains("UNTRUSTED"), "{}", text(&untrusted));

    // 1: an altered workbook (its .p7s no longer matches) is INVALID; a failing command is an error.
    let mut bytes = std::fs::read(&xlsx).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&xlsx, &bytes).unwrap();
    let invalid = expect(run(&home, &db, &["verify", xlsx_s]), 1, "an altered file is INVALID");
    assert!(String::from_utf8_lossy(&invalid.stdout).contains("INVALID"), "{}", text(&invalid));
    let error = expect(run(&home, &db, &["assessment", "show", "42"]), 1, "an assessment that does not exist");
    assert!(String::from_utf8_lossy(&error.stderr).starts_with("tenken: error:"), "{}", text(&error));

    // 2: clap's usage errors, and only those.
    for args in [&["--no-such-option"][..], &["verify"], &["export", "1", "--pdf"], &["completions", "tcsh"], &["log", "--against", pdf_s]]
    {
        let usage = expect(run(&home, &db, args), 2, &format!("{args:?} is a usage error"));
        let err = String::from_utf8_lossy(&usage.stderr);
        assert!(err.starts_with("error:") && err.contains("--help"), "{args:?}: clap's message: {err}");
    }

    // 4: a tampered audit trail (a verdict edited in the table, behind the trail's back).
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE item_results SET verdict = 'nonconforming' WHERE assessment_id = 1 AND item_id = '1'", [])
        .unwrap();
    let failed = expect(run(&home, &db, &["log", "--verify"]), 4, "a tampered trail fails");
    assert!(String::from_utf8_lossy(&failed.stderr).contains("audit trail FAILED"), "{}", text(&failed));
    expect(run(&home, &db, &["log", "--verify", "--json"]), 4, "the same with --json");

    let documented: BTreeSet<u8> = documented_in_help().into_iter().map(|(c, _)| c).collect();
    assert_eq!(seen, documented, "every documented code, and no other, came out of a case");
}
