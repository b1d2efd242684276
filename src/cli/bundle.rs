//! `tenken bundle export|import`: move an assessment with its evidence between databases.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Subcommand;

use super::db::Context;
use super::{identity, output};

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Pack an assessment, its evidence and reports into a signed bundle (.tenken)
    Export {
        /// Assessment id
        assessment: i64,
        /// Output file
        #[arg(short, long)]
        out: PathBuf,
        /// Identity that signs the manifest [default: the only one]
        #[arg(long)]
        identity: Option<String>,
        /// Environment variable holding the identity's passphrase
        #[arg(long, value_name = "VAR")]
        identity_passphrase_env: Option<String>,
    },
    /// Verify a bundle and import its assessment (importing the same bundle twice changes nothing)
    Import {
        /// The .tenken file
        file: PathBuf,
        /// A root certificate (PEM) to trust, repeatable
        #[arg(long, value_name = "PEM")]
        trust: Vec<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, passphrase_env: Option<&str>, cmd: BundleCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BundleCommand::Export { assessment, out, identity: id, identity_passphrase_env } => {
            let mut s = ctx.session()?;
            let chosen = identity::choose(&identity::identity_dir(), id.as_deref())?;
            let unlocked = identity::unlock(&chosen, identity_passphrase_env.as_deref().or(passphrase_env))?;
            let m = tenken::bundle::export(&mut s, assessment, &unlocked, Utc::now(), &out)?;
            println!("wrote {} ({} entries, manifest signed by {})", out.display(), m.entries.len(), chosen.name);
        }
        BundleCommand::Import { file, trust, json } => {
            let roots = super::trust::anchors(&trust)?;
            let mut s = ctx.session()?;
            let r = tenken::bundle::import(&mut s, &file, &roots)?;
            if json {
                output::json(&r)?;
            } else if r.created {
                println!("imported assessment {} (uid {}, revision {}), signed by {}", r.assessment_id, r.uid, r.revision, r.signature.signer.as_ref().map(|s| s.subject.common_name.as_str()).unwrap_or("?"));
            } else {
                println!("assessment uid {} is already here as assessment {}; nothing changed", r.uid, r.assessment_id);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
