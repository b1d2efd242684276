//! `tenken verify FILE`: check a signed PDF report, or an Excel file with its detached `.p7s`.
//! Exit code 0 only when the signature is valid.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tenken::signing::{verify_detached, verify_pdf, Verification};

use super::output;

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

fn read(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    Ok(std::fs::read(path).map_err(|e| tenken::Error::io(path, e))?)
}

pub fn run(a: VerifyArgs) -> anyhow::Result<ExitCode> {
    let mut roots = Vec::new();
    for t in &a.trust {
        let pem = String::from_utf8_lossy(&read(t)?).into_owned();
        roots.extend(tenken::signing::certificate::certs_from_pem(&pem)?);
    }
    let bytes = read(&a.file)?;
    let verification: Verification = if bytes.starts_with(b"%PDF-") && a.signature.is_none() {
        verify_pdf(&bytes, &roots)
    } else {
        let sig = a.signature.clone().unwrap_or_else(|| {
            let mut p = a.file.clone().into_os_string();
            p.push(".p7s");
            PathBuf::from(p)
        });
        if !sig.exists() {
            anyhow::bail!("{}: not a PDF and no detached signature {} beside it", a.file.display(), sig.display());
        }
        verify_detached(&bytes, &read(&sig)?, &roots)
    };
    if a.json {
        output::json(&verification)?;
    } else {
        println!("{}: {verification}", a.file.display());
    }
    Ok(if verification.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(3) })
}
