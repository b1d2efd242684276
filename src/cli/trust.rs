//! `tenken trust add|list|remove`: the roots whose signatures are VALID on this computer, and
//! the trust anchors every verifying command uses (the list, the user's own identities' roots,
//! and any `--trust PEM` given for one command).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use tenken::signing::trust::{self, TrustList, TrustSource};
use x509_cert::Certificate;

use super::output;

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a root CA certificate (PEM or DER): signatures whose chain leads to it become VALID
    Add {
        /// The root certificate file (check its SHA-256 with the signer first)
        cert: PathBuf,
        /// A name to list it under [default: its CN]
        #[arg(long)]
        name: Option<String>,
    },
    /// The trusted roots: the trust list and your own identities' roots
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a root (its SHA-256 fingerprint, or a unique prefix of 8+ hex digits)
    Remove {
        /// The fingerprint shown by `tenken trust list`
        fingerprint: String,
    },
}

/// The trust list of this user.
pub fn list() -> TrustList {
    TrustList::at(tenken::paths::trust_dir())
}

/// The anchors for one verifying command: the trust list, the own identities' roots, and the
/// certificates of every `--trust PEM` file.
pub fn anchors(extra: &[PathBuf]) -> anyhow::Result<Vec<Certificate>> {
    let mut roots = tenken::paths::trust_anchors();
    for path in extra {
        let pem = std::fs::read_to_string(path).map_err(|e| tenken::Error::io(path, e))?;
        roots.extend(tenken::signing::certificate::certs_from_pem(&pem)?);
    }
    Ok(roots)
}

pub fn run(cmd: TrustCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrustCommand::Add { cert, name } => {
            let bytes = std::fs::read(&cert).map_err(|e| tenken::Error::io(&cert, e))?;
            let certificate = trust::read_one_certificate(&bytes, &cert)?;
            let root = list().add(&certificate, name.as_deref())?;
            println!("trusted {:?} (SHA-256 {})", root.name, root.fingerprint);
        }
        TrustCommand::List { json } => {
            let (mut roots, damaged) = list().list()?;
            roots.extend(trust::own_roots(&tenken::paths::identity_dir()));
            for d in &damaged {
                eprintln!("tenken: warning: a trust list entry cannot be read and is not trusted: {d}");
            }
            if json {
                output::json(&roots)?;
            } else if roots.is_empty() {
                println!("no trusted roots (add one with `tenken trust add ROOT.pem`)");
            } else {
                let rows = roots
                    .iter()
                    .map(|r| {
                        vec![
                            r.fingerprint.clone(),
                            r.name.clone(),
                            r.not_after.format("%Y-%m-%d").to_string(),
                            match &r.source {
                                TrustSource::List => "trust list".to_string(),
                                TrustSource::OwnIdentity { id } => format!("own identity {id}"),
                            },
                        ]
                    })
                    .collect::<Vec<_>>();
                output::table(&["SHA-256", "NAME", "UNTIL", "FROM"], &rows);
            }
        }
        TrustCommand::Remove { fingerprint } => {
            let root = list().remove(&fingerprint)?;
            println!("no longer trusted: {:?} (SHA-256 {})", root.name, root.fingerprint);
        }
    }
    Ok(ExitCode::SUCCESS)
}
