//! `tenken completions SHELL` and `tenken man` through the built binary: the bash script names
//! the commands and parses (`bash -n`), every shell gets a script, and the man pages are roff that
//! groff renders without a warning (or, where groff is missing, carry their .TH header and the
//! options).

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn tenken(args: &[&str]) -> Output {
    Command::new(common::tenken_bin()).args(args).env_remove("TENKEN_DB").output().expect("run tenken")
}

fn stdout_ok(args: &[&str]) -> String {
    let out = tenken(args);
    assert!(out.status.success(), "tenken {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn have(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn bash_completion_names_the_commands_and_parses() {
    let script = stdout_ok(&["completions", "bash"]);
    for name in ["bundle", "verify", "export", "log", "completions", "man", "--passphrase-env", "--json"] {
        assert!(script.contains(name), "the bash completion lacks {name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tenken.bash");
    std::fs::write(&file, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&file).output().expect("bash is installed");
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_one_is_a_usage_error() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_ok(&["completions", shell]);
        assert!(script.contains("tenken") && script.contains("verify"), "{shell}: {script}");
    }
    let dir = tempfile::tempdir().unwrap();
    for (shell, tool, flag) in [("zsh", "zsh", "-n"), ("fish", "fish", "--no-execute")] {
        if !have(tool) {
            eprintln!("{tool} is not installed: its script is checked for content only");
            continue;
        }
        let file = dir.path().join(format!("tenken.{shell}"));
        std::fs::write(&file, stdout_ok(&["completions", shell])).unwrap();
        let check = Command::new(tool).arg(flag).arg(&file).output().unwrap();
        assert!(check.status.success(), "{tool} {flag}: {}", String::from_utf8_lossy(&check.stderr));
    }
    assert_eq!(tenken(&["completions", "tcsh"]).status.code(), Some(2));
}

/// A man page is valid roff: groff renders it without a warning; without groff, it has its
/// `.TH` header and the option `--passphrase-env` every page carries.
fn check_page(name: &str, page: &str) {
    assert!(page.lines().any(|l| l.starts_with(&format!(".TH {name} 1 "))), "{name}: no .TH header:\n{page}");
    assert!(page.contains("\\-\\-passphrase\\-env"), "{name}: the global options are on the page");
    if !have("groff") {
        eprintln!("groff is not installed: {name} checked for its .TH header and options only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.1"));
    std::fs::write(&file, page).unwrap();
    // -k: preconv reads the UTF-8 (Japanese) text, as `man` does; -ww: every warning; -z: no output.
    let out = Command::new("groff").args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&file).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "groff on {name}: {}", String::from_utf8_lossy(&out.stderr));
    // -P-cbou: plain text, no overstruck bold or underline to search through.
    let shown = Command::new("groff").args(["-k", "-man", "-Tutf8", "-P-cbou"]).arg(&file).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("NAME") && shown.contains("SYNOPSIS") && shown.contains("--passphrase-env"), "{name} renders:\n{shown}");
    if name == "tenken" {
        assert!(shown.contains("EXIT STATUS"), "{shown}");
    }
}

#[test]
fn the_man_page_on_stdout_is_tenken_1_with_its_exit_status() {
    let page = stdout_ok(&["man"]);
    check_page("tenken", &page);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH \"EXIT STATUS\""] {
        assert!(page.contains(section), "tenken.1 lacks {section}");
    }
    assert!(page.contains("tenken\\-verify(1)") && page.contains("tenken\\-bundle(1)"), "it names the subcommands' pages");
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let listed = stdout_ok(&["man", "--out", out_dir.to_str().unwrap()]);
    for name in ["tenken", "tenken-export", "tenken-verify", "tenken-bundle", "tenken-bundle-export", "tenken-log"] {
        let path = out_dir.join(format!("{name}.1"));
        assert!(listed.lines().any(|l| Path::new(l.trim_start_matches("wrote ")) == path), "{name}.1 not listed:\n{listed}");
        check_page(name, &std::fs::read_to_string(&path).unwrap());
    }
    let export = std::fs::read_to_string(out_dir.join("tenken-export.1")).unwrap();
    assert!(export.contains("\\-\\-json") && export.contains("\\-\\-document"), "{export}");
    let pages = std::fs::read_dir(&out_dir).unwrap().count();
    assert_eq!(pages, listed.lines().count(), "every page written is listed");
    assert!(!out_dir.join("tenken-help.1").exists(), "no page for clap's help command");
}
