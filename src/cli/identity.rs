//! `tenken identity …`: the auditor's signing identity (local root CA + signing certificate, a
//! CSR for the organisation's CA, or an imported PKCS#12). Keys are stored encrypted; the
//! passphrase comes from a prompt or from the environment variable named by --passphrase-env.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;
use serde::Serialize;
use tenken::secret::Passphrase;
use tenken::signing::algorithms::RsaScheme;
use tenken::signing::{Identity, NewIdentity, UnlockedIdentity};

use super::output;

/// Where identities live: `data_dir()/identities`.
pub fn identity_dir() -> PathBuf {
    tenken::paths::identity_dir()
}

#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// Create a key pair and a signing certificate issued by a new local root CA (or a CSR)
    New {
        /// Signer's name (e.g. 監査 太郎)
        #[arg(long)]
        name: String,
        /// Signer's organisation
        #[arg(long)]
        org: String,
        /// E-mail address
        #[arg(long)]
        email: Option<String>,
        /// Instead of a local root CA, write a certificate signing request here for the organisation's CA
        #[arg(long, value_name = "FILE")]
        csr: Option<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Install the certificate chain issued for a CSR made with `identity new --csr`
    Install {
        /// Identity id
        id: String,
        /// PEM file with the issued certificate (and its CA chain)
        chain: PathBuf,
    },
    /// Import an organisation-issued PKCS#12 (.p12/.pfx); its password from --p12-passphrase-env or a prompt
    Import {
        /// The .p12 file
        file: PathBuf,
        /// Environment variable holding the .p12 password
        #[arg(long, value_name = "VAR")]
        p12_passphrase_env: Option<String>,
        /// For an RSA key: sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) instead of
        /// PKCS#1 v1.5 (the default, which every verifier accepts). Stored with the identity.
        #[arg(long)]
        rsa_pss: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// List identities
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one identity
    Show {
        /// Identity id (or a unique prefix)
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Write the identity's certificate chain (PEM) for recipients to trust
    ExportCert {
        /// Identity id (or a unique prefix)
        id: String,
        /// Output file [default: stdout]
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

/// A passphrase from the environment variable `var`, else a prompt on a terminal.
/// It is wiped from memory when dropped.
pub fn passphrase(var: Option<&str>, prompt: &str, confirm: bool) -> anyhow::Result<Passphrase> {
    if let Some(var) = var {
        return match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(Passphrase::new(v)),
            _ => bail!("the environment variable {var} is not set or empty"),
        };
    }
    if !std::io::stdin().is_terminal() {
        bail!("{} is needed: give it through its environment-variable option or run on a terminal", prompt.trim_end_matches([':', ' ']));
    }
    let p = Passphrase::new(rpassword::prompt_password(prompt)?);
    if confirm && Passphrase::new(rpassword::prompt_password("Repeat: ")?) != p {
        bail!("the two passphrases differ");
    }
    Ok(p)
}

/// The identity to sign with: the one named, or the only one there is.
pub fn choose(dir: &Path, id: Option<&str>) -> anyhow::Result<Identity> {
    if let Some(id) = id {
        return Ok(Identity::load(dir, id)?);
    }
    let all = Identity::list(dir)?;
    match all.len() {
        0 => bail!("no signing identity yet: create one with `tenken identity new --name NAME --org ORG`"),
        1 => Ok(all.into_iter().next().expect("one identity")),
        _ => bail!("several identities exist; choose one with --identity ID (see `tenken identity list`)"),
    }
}

/// Unlock an identity with the passphrase from `var` or a prompt.
pub fn unlock(identity: &Identity, var: Option<&str>) -> anyhow::Result<UnlockedIdentity> {
    let p = passphrase(var, &format!("Passphrase for identity {} ({}): ", identity.id, identity.name), false)?;
    Ok(identity.unlock(&p)?)
}

#[derive(Serialize)]
struct IdentityView<'a> {
    #[serde(flatten)]
    identity: &'a Identity,
}

pub fn run(passphrase_env: Option<&str>, cmd: IdentityCommand) -> anyhow::Result<ExitCode> {
    let dir = identity_dir();
    match cmd {
        IdentityCommand::New { name, org, email, csr, json } => {
            let p = passphrase(passphrase_env, "New passphrase for the signing key: ", true)?;
            let new = NewIdentity { name, org, email };
            let id = match csr {
                None => Identity::create(&dir, &new, &p)?,
                Some(out) => {
                    let (id, pem) = Identity::create_request(&dir, &new, &p)?;
                    std::fs::write(&out, pem).map_err(|e| tenken::Error::io(&out, e))?;
                    println!("certificate signing request written to {}", out.display());
                    id
                }
            };
            if json {
                output::json(&IdentityView { identity: &id })?;
            } else {
                println!("identity {} created: {} ({})", id.id, id.name, id.org);
            }
        }
        IdentityCommand::Install { id, chain } => {
            let identity = Identity::load(&dir, &id)?;
            let pem = std::fs::read_to_string(&chain).map_err(|e| tenken::Error::io(&chain, e))?;
            let done = identity.install_certificate(&pem)?;
            println!("identity {} now has its issued certificate", done.id);
        }
        IdentityCommand::Import { file, p12_passphrase_env, rsa_pss, json } => {
            let bytes = std::fs::read(&file).map_err(|e| tenken::Error::io(&file, e))?;
            let p12 = passphrase(p12_passphrase_env.as_deref(), "Password of the .p12 file: ", false)?;
            let p = passphrase(passphrase_env, "New passphrase for the signing key: ", true)?;
            let scheme = if rsa_pss { RsaScheme::Pss } else { RsaScheme::Pkcs1v15 };
            let id = Identity::import_p12_with_scheme(&dir, &bytes, &p12, &p, scheme)?;
            if rsa_pss && id.rsa_scheme.is_none() {
                eprintln!("note: --rsa-pss has no effect: the key is not an RSA key");
            }
            if json {
                output::json(&IdentityView { identity: &id })?;
            } else {
                println!("identity {} imported: {} ({})", id.id, id.name, id.org);
            }
        }
        IdentityCommand::List { json } => {
            let all = Identity::list(&dir)?;
            if json {
                output::json(&all)?;
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|i| {
                        vec![
                            i.id.clone(),
                            i.name.clone(),
                            i.org.clone(),
                            format!("{:?}", i.kind),
                            i.not_after.map(|d| d.date_naive().to_string()).unwrap_or_default(),
                        ]
                    })
                    .collect();
                output::table(&["id", "name", "organisation", "kind", "valid until"], &rows);
            }
        }
        IdentityCommand::Show { id, json } => {
            let i = Identity::load(&dir, &id)?;
            if json {
                output::json(&i)?;
            } else {
                println!("{}  {} ({})", i.id, i.name, i.org);
                println!("  kind:        {:?}", i.kind);
                if let Some(scheme) = i.rsa_scheme {
                    let scheme = match scheme {
                        RsaScheme::Pkcs1v15 => "RSA, PKCS#1 v1.5 with SHA-256",
                        RsaScheme::Pss => "RSA, RSASSA-PSS with SHA-256",
                    };
                    println!("  signs with:  {scheme}");
                }
                println!(
                    "  certificate: SHA-256 {}",
                    i.cert_fingerprint.clone().unwrap_or_else(|| "(awaiting the CA's certificate)".into())
                );
                println!("  valid until: {}", i.not_after.map(|d| d.to_rfc3339()).unwrap_or_default());
                println!("  stored in:   {}", i.folder.display());
            }
        }
        IdentityCommand::ExportCert { id, out } => {
            let pem = Identity::load(&dir, &id)?.export_cert_pem()?;
            match out {
                Some(path) => {
                    std::fs::write(&path, pem).map_err(|e| tenken::Error::io(&path, e))?;
                    println!("wrote {}", path.display());
                }
                None => print!("{pem}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
