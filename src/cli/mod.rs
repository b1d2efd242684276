//! Command-line interface: argument definitions (clap) and dispatch to the command modules.
//!
//! Invariant: no business logic here. Each command opens a [`tenken::session::Session`], calls
//! the core and prints the result, as a human summary or, with `--json`, as stable JSON.

mod assessment;
mod bundle;
mod catalog;
mod db;
pub mod exit;
mod export;
mod generate;
mod identity;
mod import;
mod output;
mod portfolio;
mod record;
mod score;
mod template;
mod trust;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tenken (点検): offline security checksheet audits.
#[derive(Debug, Parser)]
#[command(
    name = "tenken",
    version,
    about = "Tenken (点検) — offline security checksheet audits / セキュリティチェックシート監査",
    long_about = None,
    after_help = exit::help()
)]
pub struct Cli {
    /// Database file [default: $TENKEN_DB, else the user data directory's tenken/tenken.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Read the database passphrase from this environment variable (never from the command line)
    #[arg(long, global = true, value_name = "VAR")]
    pub passphrase_env: Option<String>,

    /// Name recorded in the audit trail [default: $TENKEN_ACTOR, else the OS user]
    #[arg(long, global = true, value_name = "NAME")]
    pub actor: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (optionally encrypted with a passphrase)
    Init(db::InitArgs),
    /// Organisations (suppliers, own firm): add, list
    #[command(subcommand)]
    Org(assessment::OrgCommand),
    /// Assessments: new, list, show, status, reopen
    #[command(subcommand)]
    Assessment(assessment::AssessmentCommand),
    /// Frameworks: list, show, import (a user catalog from a workbook)
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Every organisation with its assessments: status, progress, level or gate, grade, open actions
    Portfolio(portfolio::PortfolioArgs),
    /// Record the auditor's verdict on an item: conforms, partial, nonconforming, na, unverified
    Verdict(record::VerdictArgs),
    /// Record the auditor's note on an item
    Note(record::NoteArgs),
    /// Evidence files: add, list, save
    #[command(subcommand)]
    Evidence(record::EvidenceCommand),
    /// Findings and corrective actions: add, list, update
    #[command(subcommand)]
    Finding(record::FindingCommand),
    /// Score an assessment: rates, grade, level achieved or gate, discrepancies
    Score(score::ScoreArgs),
    /// Export an assessment: PDF report, Excel results, JSON; --sign signs them and signs the assessment off
    Export(export::ExportArgs),
    /// Import supplier checksheets (xlsx/xlsm/xlsb/xls/ods): one file, or every file of a folder
    Import(import::ImportArgs),
    /// Write a blank checksheet workbook (xlsx) for suppliers to fill
    Template(template::TemplateArgs),
    /// Auditor signing identities: new, install, import, list, show, export-cert
    #[command(subcommand)]
    Identity(identity::IdentityCommand),
    /// Signed bundles that move an assessment between machines: export, import
    #[command(subcommand)]
    Bundle(bundle::BundleCommand),
    /// Verify a signed PDF report, a file with its detached .p7s, or a bundle: exit 0 VALID, 1 INVALID, 3 UNTRUSTED
    Verify(verify::VerifyArgs),
    /// The trust list: root certificates whose signatures are VALID here (add, list, remove)
    #[command(subcommand)]
    Trust(trust::TrustCommand),
    /// Print the audit trail of an assessment; --verify checks the hash chain (exit 4 when it fails)
    Log(db::LogArgs),
    /// The database's passphrase: change it, encrypt a plain database, or remove the encryption
    #[command(subcommand)]
    Passphrase(db::PassphraseCommand),
    /// Write a consistent copy of the database (online backup)
    Backup(db::BackupArgs),
    /// Replace the database with a checked backup (the current one is kept beside it)
    Restore(db::RestoreArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish
    Completions(generate::CompletionsArgs),
    /// Print the man page tenken(1), or write it and one page per subcommand with --out DIR
    Man(generate::ManArgs),
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = db::Context::new(&cli);
    match cli.command {
        Command::Init(a) => db::init(&ctx, a),
        Command::Org(c) => assessment::org(&ctx, c),
        Command::Assessment(c) => assessment::assessment(&ctx, c),
        Command::Catalog(c) => catalog::run(&ctx, c),
        Command::Portfolio(a) => portfolio::run(&ctx, a),
        Command::Verdict(a) => record::verdict(&ctx, a),
        Command::Note(a) => record::note(&ctx, a),
        Command::Evidence(c) => record::evidence(&ctx, c),
        Command::Finding(c) => record::finding(&ctx, c),
        Command::Score(a) => score::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, cli.passphrase_env.as_deref(), a),
        Command::Identity(c) => identity::run(cli.passphrase_env.as_deref(), c),
        Command::Verify(a) => verify::run(a),
        Command::Trust(c) => trust::run(c),
        Command::Bundle(c) => bundle::run(&ctx, cli.passphrase_env.as_deref(), c),
        Command::Import(a) => import::run(&ctx, a),
        Command::Template(a) => template::run(a),
        Command::Log(a) => db::log(&ctx, a),
        Command::Passphrase(c) => db::passphrase(&ctx, c),
        Command::Backup(a) => db::backup(&ctx, a),
        Command::Restore(a) => db::restore(&ctx, a),
        Command::Completions(a) => generate::completions(a),
        Command::Man(a) => generate::man(a),
    }
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use clap::CommandFactory;

    use super::Cli;

    /// Every command and subcommand clap knows (walked from [`Cli`], not a hand-kept list): its
    /// `--help` and `tenken help …` work and show its usage, it says what it does, its parent's
    /// help lists it, a parent's summary names each of its subcommands, and every argument is
    /// documented.
    #[test]
    fn every_command_and_subcommand_has_working_documented_help() {
        let root = Cli::command();
        root.clone().debug_assert();
        let mut visited = Vec::new();
        check(&root, &[], &mut visited);
        let top = root.get_subcommands().count();
        assert!(top > 0 && visited.len() > top, "walked {visited:?}");
        eprintln!("{} commands checked ({top} top-level): {}", visited.len(), visited.join(", "));
    }

    /// Text with its line wrapping undone.
    fn squash(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn words(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect()
    }

    fn check(cmd: &clap::Command, path: &[&str], visited: &mut Vec<String>) {
        let shown = if path.is_empty() { "tenken".to_string() } else { format!("tenken {}", path.join(" ")) };
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = arg.get_help().or(arg.get_long_help()).map(|h| h.to_string()).unwrap_or_default();
            assert!(!help.trim().is_empty(), "{shown}: argument `{}` has no help text", arg.get_id());
        }
        let listing = cmd.clone().render_help().to_string();
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = sub.get_name();
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(!about.trim().is_empty(), "{shown} {name}: no description");
            assert!(
                listing.lines().any(|l| l.trim_start().strip_prefix(name).is_some_and(|rest| rest.starts_with(' '))),
                "{shown} --help does not list `{name}`:\n{listing}"
            );
            let mut sub_path = path.to_vec();
            sub_path.push(name);
            let usage = format!("Usage: tenken {}", sub_path.join(" "));
            let help_flag: Vec<&str> = std::iter::once("tenken").chain(sub_path.iter().copied()).chain(["--help"]).collect();
            let help_cmd: Vec<&str> = ["tenken", "help"].into_iter().chain(sub_path.iter().copied()).collect();
            for argv in [help_flag, help_cmd] {
                let err = Cli::command().try_get_matches_from(&argv).expect_err("help is shown instead of running");
                assert_eq!(err.kind(), ErrorKind::DisplayHelp, "{argv:?}: {err}");
                let text = err.to_string();
                assert!(text.contains(&usage), "{argv:?} shows no `{usage}`:\n{text}");
                assert!(squash(&text).contains(&squash(&about)), "{argv:?} lacks its description:\n{text}");
            }
            if sub.has_subcommands() {
                let named = words(&about);
                for child in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
                    assert!(
                        named.contains(&child.get_name()),
                        "{shown} {name}: its summary {about:?} does not name `{}`",
                        child.get_name()
                    );
                }
            }
            visited.push(sub_path.join(" "));
            check(sub, &sub_path, visited);
        }
    }
}
