//! Opening the database from the command line (path, passphrase), and the database commands:
//! init, log, backup, restore.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};
use tenken::secret::Passphrase;
use tenken::session::Session;
use tenken::store::{OpenOptions, StoreError};
use tenken::{paths, Error};

use super::{exit, output};

/// What every command needs to open the database.
pub struct Context {
    /// Resolved database path.
    pub db: PathBuf,
    passphrase_env: Option<String>,
    actor: Option<String>,
}

impl Context {
    pub fn new(cli: &super::Cli) -> Self {
        Context { db: paths::resolve_db_path(cli.db.clone()), passphrase_env: cli.passphrase_env.clone(), actor: cli.actor.clone() }
    }

    /// The passphrase from `--passphrase-env VAR`, if given.
    fn passphrase_from_env(&self) -> anyhow::Result<Option<Passphrase>> {
        match &self.passphrase_env {
            None => Ok(None),
            Some(var) => match std::env::var(var) {
                Ok(v) if !v.is_empty() => Ok(Some(Passphrase::new(v))),
                _ => bail!("--passphrase-env {var}: the environment variable {var} is not set or empty"),
            },
        }
    }

    fn options(&self, passphrase: Option<Passphrase>, create: bool) -> OpenOptions {
        OpenOptions { passphrase, create, actor: self.actor.clone() }
    }

    /// Open the database with the built-in and user catalogs, creating it if needed; asks for the
    /// passphrase on a terminal when the database turns out to be encrypted and none was given.
    pub fn session(&self) -> anyhow::Result<Session> {
        let given = self.passphrase_from_env()?;
        let interactive = given.is_none() && std::io::stdin().is_terminal();
        let catalogs = paths::user_catalog_dir();
        match Session::open(&self.db, &self.options(given, true), Some(&catalogs)) {
            Err(Error::Store(StoreError::Locked { .. })) if interactive && self.db.exists() => {
                let p = Passphrase::new(rpassword::prompt_password(format!("Passphrase for {}: ", self.db.display()))?);
                Ok(Session::open(&self.db, &self.options(Some(p), false), Some(&catalogs))?)
            }
            Err(e @ Error::Store(StoreError::NotEncrypted { .. })) => {
                bail!("{e}; leave out --passphrase-env (the passphrase of a signing identity is given with --identity-passphrase-env)")
            }
            other => Ok(other?),
        }
    }

    /// The passphrase used to open, for operations that must apply it to another file.
    pub fn passphrase(&self) -> anyhow::Result<Option<Passphrase>> {
        self.passphrase_from_env()
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Protect the new database with a passphrase (SQLCipher); from --passphrase-env or a prompt
    #[arg(long)]
    pub encrypt: bool,
}

pub fn init(ctx: &Context, a: InitArgs) -> anyhow::Result<ExitCode> {
    if ctx.db.exists() {
        if a.encrypt {
            bail!(
                "{}: a database already exists here; encryption is chosen when it is created (use --db for a new file)",
                ctx.db.display()
            );
        }
        let s = ctx.session()?;
        println!(
            "{}: Tenken database, schema version {}{}",
            ctx.db.display(),
            s.schema_version()?,
            if s.is_encrypted() { ", encrypted" } else { "" }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let passphrase = if a.encrypt {
        match ctx.passphrase_from_env()? {
            Some(p) => Some(p),
            None if std::io::stdin().is_terminal() => {
                let p1 = Passphrase::new(rpassword::prompt_password("New passphrase: ")?);
                let p2 = Passphrase::new(rpassword::prompt_password("Repeat passphrase: ")?);
                if p1 != p2 {
                    bail!("the two passphrases differ; nothing was created");
                }
                Some(p1)
            }
            None => bail!("--encrypt needs a passphrase: give --passphrase-env VAR or run on a terminal"),
        }
    } else {
        None
    };
    let s = Session::open(&ctx.db, &ctx.options(passphrase, true), None)?;
    println!("created {} (schema version {}{})", ctx.db.display(), s.schema_version()?, if s.is_encrypted() { ", encrypted" } else { "" });
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Re-encrypt the database with a new passphrase (a plain database becomes encrypted); the
    /// current one from --passphrase-env or a prompt
    Change(PassphraseChangeArgs),
}

#[derive(Debug, Args)]
pub struct PassphraseChangeArgs {
    /// Read the new passphrase from this environment variable (else it is asked twice)
    #[arg(long, value_name = "VAR", conflicts_with = "decrypt")]
    pub new_passphrase_env: Option<String>,
    /// Remove the encryption instead: the database is stored in plain SQLite
    #[arg(long)]
    pub decrypt: bool,
}

pub fn passphrase(ctx: &Context, c: PassphraseCommand) -> anyhow::Result<ExitCode> {
    let PassphraseCommand::Change(a) = c;
    let mut s = ctx.session()?;
    let new = if a.decrypt {
        if !s.is_encrypted() {
            bail!("{}: the database is not encrypted; nothing was changed", ctx.db.display());
        }
        None
    } else {
        Some(super::identity::passphrase(a.new_passphrase_env.as_deref(), "New passphrase for the database: ", true)?)
    };
    s.change_passphrase(new.as_ref())?;
    println!(
        "{}: {}",
        ctx.db.display(),
        if new.is_some() { "re-encrypted with the new passphrase" } else { "encryption removed; the file is plain SQLite now" }
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Assessment id (omit for the whole trail; --verify always checks the whole trail)
    pub assessment: Option<i64>,
    /// Check the hash chain, every anchor signature (signer trusted?) and the replay of the trail
    /// against the data tables; exit 4 naming every failure (see docs/audit-trail.md)
    #[arg(long)]
    pub verify: bool,
    /// With --verify: also check that the database's trail has the head that a signed PDF report
    /// or a bundle (.tenken) carries
    #[arg(long, value_name = "FILE", requires = "verify")]
    pub against: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn log(ctx: &Context, a: LogArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.session()?;
    if let Some(id) = a.assessment {
        s.assessment(id)?;
    }
    if a.verify {
        let roots = paths::trust_anchors();
        let mut report = tenken::trail::verify(&s, &roots)?;
        if let Some(file) = &a.against {
            report.add_against(tenken::trail::check_against(&s, file, &roots)?);
        }
        if a.json {
            output::json(&report)?;
        } else {
            print_trail_report(&report);
        }
        if report.ok() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("tenken: audit trail FAILED ({} problems):", report.failures.len());
        for f in &report.failures {
            eprintln!("  - {f}");
        }
        return Ok(ExitCode::from(exit::TRAIL_FAILED));
    }
    let events = s.events(a.assessment)?;
    if a.json {
        output::json(&events)?;
    } else {
        let rows: Vec<Vec<String>> = events
            .iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    e.at.clone(),
                    e.actor.clone(),
                    e.action.clone(),
                    e.target.clone(),
                    e.after.as_ref().map(|v| v.to_string()).unwrap_or_default().chars().take(60).collect(),
                ]
            })
            .collect();
        output::table(&["#", "at", "actor", "action", "target", "after"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

/// The verification as a person reads it (failures go to stderr, after it).
fn print_trail_report(r: &tenken::trail::TrailReport) {
    match &r.broken {
        None => println!("hash chain: {} rows, intact", r.rows),
        Some(b) => println!("hash chain: {} rows, BROKEN at row #{}: {}", r.rows, b.seq, b.reason),
    }
    for a in &r.anchors {
        let covers = a.covers.as_ref().map(|h| format!("row #{} ({})", h.seq, h.hash)).unwrap_or_else(|| "?".into());
        let status = a.signature.map(|s| s.word()).unwrap_or("not checked");
        println!(
            "anchor #{} ({}, assessment {}): covers {covers}; signed by {} (certificate SHA-256 {}): {status}{}",
            a.seq,
            a.purpose.as_deref().unwrap_or("?"),
            a.assessment_id.map(|i| i.to_string()).unwrap_or_else(|| "?".into()),
            a.signer.as_deref().unwrap_or("?"),
            a.signer_sha256.as_deref().unwrap_or("?"),
            if a.holds() { "" } else { " — FAILS" }
        );
    }
    let p = &r.replay;
    println!(
        "replay: {} assessments, {} item results, {} findings, {} evidence files rebuilt from the trail and compared with the tables",
        p.assessments, p.item_results, p.findings, p.evidence
    );
    for n in &p.not_replayed {
        println!("not replayed: {n}");
    }
    if let Some(c) = &r.against {
        let head = c.head.as_ref().map(|h| format!("row #{} ({})", h.seq, h.hash)).unwrap_or_else(|| "no head".into());
        let sig = c.signature.map(|s| s.word()).unwrap_or("not checked");
        println!(
            "against {} ({}): names {head}; signature {sig}{}{}",
            c.file.display(),
            c.kind,
            c.signer.as_deref().map(|s| format!(" by {s}")).unwrap_or_default(),
            if c.problems.is_empty() { "; the database has it" } else { " — FAILS" }
        );
    }
    for n in &r.notes {
        println!("note: {n}");
    }
    if r.ok() {
        println!("audit trail OK: {} rows, hash chain intact, {} anchors hold, the data tables match the trail", r.rows, r.anchors.len());
    }
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Destination file (must not exist)
    pub path: PathBuf,
}

pub fn backup(ctx: &Context, a: BackupArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.session()?;
    s.backup_to(&a.path, ctx.passphrase()?.as_deref()).with_context(|| format!("backup to {}", a.path.display()))?;
    println!("backed up {} to {}", ctx.db.display(), a.path.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Backup file to restore from
    pub path: PathBuf,
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> anyhow::Result<ExitCode> {
    let mut s = ctx.session()?;
    s.restore_from(&a.path, ctx.passphrase()?.as_deref())?;
    println!(
        "restored {} from {} (the previous contents are in {})",
        ctx.db.display(),
        a.path.display(),
        ctx.db.with_extension("before-restore.bak").display()
    );
    Ok(ExitCode::SUCCESS)
}
