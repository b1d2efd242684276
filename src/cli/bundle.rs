//! `tenken bundle export|import`: move an assessment with its evidence between databases.
//!
//! Import requires a trusted manifest signer; `--accept-untrusted` imports an intact bundle from
//! an unknown signer marked untrusted (status in_review, never signed). This module only parses
//! and prints: the checks are `tenken::bundle`'s.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Subcommand;
use tenken::bundle::{BundleImport, ImportOptions};

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
    /// Verify a bundle and import its assessment (importing the same bundle twice changes nothing).
    /// The manifest's signer must lead to a trusted root (tenken trust add ROOT.pem)
    Import {
        /// The .tenken file
        file: PathBuf,
        /// A root certificate (PEM) to trust, repeatable
        #[arg(long, value_name = "PEM")]
        trust: Vec<PathBuf>,
        /// Import an intact bundle whose signer is not trusted, marked UNTRUSTED: status in_review
        /// (never signed), not as a revision of an assessment already here, the signer's
        /// fingerprint in the audit trail
        #[arg(long)]
        accept_untrusted: bool,
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
        BundleCommand::Import { file, trust, accept_untrusted, json } => {
            let roots = super::trust::anchors(&trust)?;
            let mut s = ctx.session()?;
            let r = tenken::bundle::import(&mut s, &file, &roots, ImportOptions { accept_untrusted })
                .map_err(|e| anyhow::anyhow!("{e}; nothing was imported"))?;
            if json {
                output::json(&r)?;
            } else {
                print_import(&r);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What an import did, in words: an untrusted one says so, with the signer's fingerprint.
fn print_import(r: &BundleImport) {
    let signer = r.signature.signer.as_ref();
    let name = signer.map(|s| s.subject.common_name.as_str()).unwrap_or("?");
    let fingerprint = signer.map(|s| s.cert_sha256.as_str()).unwrap_or("?");
    if !r.created {
        println!("assessment uid {} is already here as assessment {}; nothing changed", r.uid, r.assessment_id);
    } else if r.signature.is_valid() {
        println!(
            "imported assessment {} (uid {}, revision {}, {}), signed by {name} (trusted)",
            r.assessment_id, r.uid, r.revision, r.status
        );
    } else {
        println!(
            "imported assessment {} (uid {}, revision {}) marked UNTRUSTED, as {}: signed by \"{name}\" \
             (certificate SHA-256 {fingerprint}), who is not in your trust list",
            r.assessment_id, r.uid, r.revision, r.status
        );
    }
}
