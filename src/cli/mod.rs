//! Command-line interface: argument definitions (clap) and dispatch to the command modules.
//!
//! Invariant: no business logic here. Each command opens a [`tenken::session::Session`], calls
//! the core and prints the result, as a human summary or, with `--json`, as stable JSON.

mod assessment;
mod bundle;
mod catalog;
mod db;
mod export;
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
#[command(name = "tenken", version, about = "Tenken (点検) — offline security checksheet audits / セキュリティチェックシート監査", long_about = None)]
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
    /// Frameworks: list, show
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
    /// Print the audit trail of an assessment; --verify checks the hash chain
    Log(db::LogArgs),
    /// Write a consistent copy of the database (online backup)
    Backup(db::BackupArgs),
    /// Replace the database with a checked backup (the current one is kept beside it)
    Restore(db::RestoreArgs),
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
        Command::Backup(a) => db::backup(&ctx, a),
        Command::Restore(a) => db::restore(&ctx, a),
    }
}
