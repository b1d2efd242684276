//! `tenken verify FILE`: check a signed PDF report, or an Excel file with its detached `.p7s`.
//! Exit codes ([`super::exit`]): 0 VALID (intact, and the chain leads to a trusted root),
//! 1 INVALID (altered or broken, or the file cannot be read), 3 UNTRUSTED (intact, but no path to
//! a trusted root).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tenken::signing::{verify_file, Status, Verification};

use super::{exit, output};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A signed PDF, or a file with a detached signature beside it (FILE.p7s)
    pub file: PathBuf,
    /// The detached signature [default: FILE.p7s]
    #[arg(long)]
    pub signature: Option<PathBuf>,
    /// A root certificate (PEM) to trust, repeatable
    #[arg(long, value_name = "PEM")]
    pub trust: Vec<PathBuf>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// Whether the file starts like a zip (`PK`): only the first bytes are read, since a bundle may be
/// large and is read streaming, within its caps, by `tenken::bundle::check`.
fn starts_like_zip(path: &PathBuf) -> anyhow::Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(2);
    std::fs::File::open(path).and_then(|f| f.take(2).read_to_end(&mut head)).map_err(|e| tenken::Error::io(path, e))?;
    Ok(head == b"PK")
}

pub fn run(a: VerifyArgs) -> anyhow::Result<ExitCode> {
    let roots = super::trust::anchors(&a.trust)?;
    if starts_like_zip(&a.file)? && a.signature.is_none() && !a.file.exists_with_p7s() {
        return bundle(&a, &roots);
    }
    let verification: Verification = verify_file(&a.file, a.signature.as_deref(), &roots)?;
    if a.json {
        output::json(&verification)?;
    } else {
        println!("{}: {verification}", a.file.display());
    }
    Ok(exit_code(verification.status))
}

/// The exit code of an outcome.
pub fn exit_code(status: Status) -> ExitCode {
    match status {
        Status::Valid => ExitCode::from(exit::SUCCESS),
        Status::Invalid => ExitCode::from(exit::FAILURE),
        Status::Untrusted => ExitCode::from(exit::UNTRUSTED),
    }
}

/// Whether `FILE.p7s` exists beside a file (then a zip such as an xlsx is a signed file, not a bundle).
trait P7sBeside {
    fn exists_with_p7s(&self) -> bool;
}

impl P7sBeside for PathBuf {
    fn exists_with_p7s(&self) -> bool {
        tenken::signing::detached_path(self).exists()
    }
}

/// A Tenken bundle: its signed manifest and every entry, by the same rules as an import (caps,
/// signature first, every entry streamed against the manifest). VALID exit 0; UNTRUSTED exit 3
/// (intact, but the signer does not lead to a trusted root: anyone could have made it); INVALID
/// exit 1 (altered, damaged, over a cap).
fn bundle(a: &VerifyArgs, roots: &[x509_cert::Certificate]) -> anyhow::Result<ExitCode> {
    match tenken::bundle::check(&a.file, roots) {
        Ok(c) => {
            if a.json {
                output::json(&c.verification)?;
            } else {
                println!(
                    "{}: bundle of assessment {} with {} entries, every SHA-256 matches the manifest",
                    a.file.display(),
                    c.manifest.assessment_uid,
                    c.manifest.entries.len()
                );
                println!("manifest signature: {}", c.verification);
                if c.verification.status == Status::Untrusted {
                    let signer = c.verification.signer.as_ref();
                    println!(
                        "UNTRUSTED: the bundle is intact, but its signer \"{}\" (certificate SHA-256 {}) is not in your trust list; \
                         `tenken bundle import` refuses it unless you trust the root or pass --accept-untrusted",
                        signer.map(|s| s.subject.common_name.as_str()).unwrap_or("?"),
                        signer.map(|s| s.cert_sha256.as_str()).unwrap_or("?")
                    );
                }
            }
            Ok(exit_code(c.verification.status))
        }
        Err(e) => {
            eprintln!("tenken: INVALID: {e}");
            Ok(ExitCode::from(exit::FAILURE))
        }
    }
}
