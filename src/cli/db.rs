//! Opening the database from the command line (path, passphrase), and the database commands:
//! init, log, backup, restore.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::Args;
use tenken::secret::Passphrase;
use tenken::session::Session;
use tenken::store::{self, OpenOptions, Store};
use tenken::{paths, Error};

use super::output;

/// What every command needs to open the database.
pub struct Context {
    /// Resolved database path.
    pub db: PathBuf,
    passphrase_env: Option<String>,
    actor: Option<String>,
}

impl Context {
    pub fn new(cli: &super::Cli) -> Self {
        Context {
            db: paths::resolve_db_path(cli.db.clone()),
            passphrase_env: cli.passphrase_env.clone(),
            actor: cli.actor.clone(),
        }
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

    /// Open the store, creating it if needed; asks for the passphrase on a terminal when the
    /// database turns out to be encrypted and none was given.
    pub fn store(&self) -> anyhow::Result<Store> {
        let given = self.passphrase_from_env()?;
        let interactive = given.is_none() && std::io::stdin().is_terminal();
        match Store::open(&self.db, &self.options(given, true)) {
            Err(Error::NotADatabase { .. }) if interactive && self.db.exists() => {
                let p = Passphrase::new(rpassword::prompt_password(format!("Passphrase for {}: ", self.db.display()))?);
                Ok(Store::open(&self.db, &self.options(Some(p), false))?)
            }
            other => Ok(other?),
        }
    }

    /// The passphrase used to open, for operations that must apply it to another file.
    pub fn passphrase(&self) -> anyhow::Result<Option<Passphrase>> {
        self.passphrase_from_env()
    }

    /// A session: the store with the built-in and user catalogs.
    pub fn session(&self) -> anyhow::Result<Session> {
        let store = self.store()?;
        Ok(Session::with_catalogs_from(store, Some(&paths::user_catalog_dir()))?)
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
            bail!("{}: a database already exists here; encryption is chosen when it is created (use --db for a new file)", ctx.db.display());
        }
        let s = ctx.store()?;
        println!("{}: Tenken database, schema version {}{}", ctx.db.display(), s.schema_version()?, if s.is_encrypted() { ", encrypted" } else { "" });
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
    let s = Store::open(&ctx.db, &ctx.options(passphrase, true))?;
    println!("created {} (schema version {}{})", ctx.db.display(), s.schema_version()?, if s.is_encrypted() { ", encrypted" } else { "" });
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Assessment id (omit for the whole trail)
    pub assessment: Option<i64>,
    /// Walk the hash chain; exit non-zero naming the first broken row
    #[arg(long)]
    pub verify: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn log(ctx: &Context, a: LogArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.store()?;
    if let Some(id) = a.assessment {
        s.assessment(id)?;
    }
    if a.verify {
        let check = s.verify_chain()?;
        if a.json {
            output::json(&check)?;
        }
        return Ok(match check.broken {
            None => {
                if !a.json {
                    println!("audit trail OK: {} rows, hash chain intact", check.rows);
                }
                ExitCode::SUCCESS
            }
            Some(b) => {
                eprintln!("tenken: audit trail BROKEN at row {}: {}", b.seq, b.reason);
                ExitCode::from(2)
            }
        });
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

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Destination file (must not exist)
    pub path: PathBuf,
}

pub fn backup(ctx: &Context, a: BackupArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.store()?;
    store::backup_to(&s, &a.path, ctx.passphrase()?.as_deref()).with_context(|| format!("backup to {}", a.path.display()))?;
    println!("backed up {} to {}", ctx.db.display(), a.path.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Backup file to restore from
    pub path: PathBuf,
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> anyhow::Result<ExitCode> {
    let mut s = ctx.store()?;
    store::restore_from(&mut s, &a.path, ctx.passphrase()?.as_deref())?;
    println!(
        "restored {} from {} (the previous contents are in {})",
        ctx.db.display(),
        a.path.display(),
        ctx.db.with_extension("before-restore.bak").display()
    );
    Ok(ExitCode::SUCCESS)
}
