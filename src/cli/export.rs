//! `tenken export`: the PDF report, the Excel results workbook and the JSON document; with
//! `--sign`, the PDF is signed (PAdES), the workbook gets a detached `FILE.p7s`, and the
//! assessment is signed off (read-only, recorded and anchored in the audit trail) before the
//! files are put in place. A signed export already at a target is replaced only with
//! `--overwrite`. With `--json` (no FILE) it prints a JSON summary of what it wrote
//! ([`Summary`]) instead of its text lines.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;
use tenken::export::{self, ExportTargets, SignRequest};

use super::db::Context;
use super::{exit, identity, output};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Assessment id
    pub assessment: i64,
    /// Write the PDF audit report here
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// Write the Excel results workbook here (.xlsx)
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the whole assessment as a JSON document here (schema: crates/domain/src/document.rs,
    /// tenken.assessment/1)
    #[arg(long, value_name = "FILE")]
    pub document: Option<PathBuf>,
    /// Without FILE: print a JSON summary of what was written (each file's path, kind, size,
    /// sha256, signed; whether the assessment was signed off) instead of text lines. With FILE:
    /// the same as --document FILE (the older spelling, kept for scripts; the word right after
    /// --json is taken as its FILE, so give ASSESSMENT before it)
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub json: Option<Option<PathBuf>>,
    /// Sign the PDF and the workbook with the auditor's identity and sign the assessment off
    #[arg(long)]
    pub sign: bool,
    /// Identity to sign with [default: the only one]
    #[arg(long, value_name = "ID")]
    pub identity: Option<String>,
    /// Environment variable holding the identity's passphrase [default: the one named by --passphrase-env]
    #[arg(long, value_name = "VAR")]
    pub identity_passphrase_env: Option<String>,
    /// Reason written into the signature
    #[arg(long, default_value = export::DEFAULT_REASON)]
    pub reason: String,
    /// Place written into the signature
    #[arg(long)]
    pub location: Option<String>,
    /// Replace a signed export already at a target (a signed PDF, or a workbook with its .p7s);
    /// without it such a file is refused. An unsigned workbook never keeps an old .p7s.
    #[arg(long)]
    pub overwrite: bool,
}

/// What `tenken export --json` prints: the files written, in the order written, and the sign-off.
#[derive(Debug, serde::Serialize)]
pub struct Summary<'a> {
    /// The assessment exported.
    pub assessment: i64,
    /// Every file written: `path`, `kind` (`pdf`, `xlsx`, `p7s` or `json`), `size` in bytes,
    /// `sha256` (hex) of the bytes written, `signed` (is or carries a signature).
    pub files: &'a [export::WrittenFile],
    /// Whether the export signed the assessment off (it is read-only now).
    pub signed_off: bool,
    /// Who signed it off, when it was: the identity's id, name, organisation and certificate
    /// SHA-256; `null` otherwise.
    pub signer: Option<Signer<'a>>,
}

/// The identity that signed an export.
#[derive(Debug, serde::Serialize)]
pub struct Signer<'a> {
    /// The identity's id (`tenken identity list`).
    pub identity: &'a str,
    /// The auditor's name.
    pub name: &'a str,
    /// The auditor's organisation.
    pub org: &'a str,
    /// SHA-256 (hex) of the signing certificate.
    pub cert_sha256: Option<&'a str>,
}

pub fn run(ctx: &Context, passphrase_env: Option<&str>, a: ExportArgs) -> anyhow::Result<ExitCode> {
    let (document, summary) = match (a.document.clone(), a.json.clone()) {
        (Some(_), Some(Some(_))) => anyhow::bail!("give the JSON document once: --document FILE (or the older --json FILE)"),
        (document, Some(None)) => (document, true),
        (None, Some(Some(file))) => (Some(file), false),
        (document, None) => (document, false),
    };
    if a.pdf.is_none() && a.xlsx.is_none() && document.is_none() {
        anyhow::bail!("say what to export: --pdf FILE, --xlsx FILE and/or --document FILE");
    }
    if a.sign && a.pdf.is_none() && a.xlsx.is_none() {
        anyhow::bail!("--sign needs --pdf FILE and/or --xlsx FILE");
    }
    let mut s = ctx.session()?;
    let unlocked = if a.sign {
        let id = identity::choose(&identity::identity_dir(), a.identity.as_deref())?;
        Some(identity::unlock(&id, a.identity_passphrase_env.as_deref().or(passphrase_env))?)
    } else {
        None
    };
    let sign = unlocked.as_ref().map(|identity| SignRequest {
        identity,
        reason: Some(a.reason.clone()),
        location: a.location.clone(),
        time: Utc::now(),
    });
    let targets = ExportTargets { pdf: a.pdf.clone(), xlsx: a.xlsx.clone(), json: document, overwrite: a.overwrite };
    let written = export::export_files(&mut s, a.assessment, &targets, sign.as_ref())?;
    if summary {
        let signer = sign.as_ref().map(|sg| sg.identity.identity()).map(|id| Signer {
            identity: &id.id,
            name: &id.name,
            org: &id.org,
            cert_sha256: id.cert_fingerprint.as_deref(),
        });
        output::json(&Summary { assessment: a.assessment, files: &written, signed_off: sign.is_some(), signer })?;
        return Ok(ExitCode::from(exit::SUCCESS));
    }
    for f in &written {
        let what = match f.kind.as_str() {
            "p7s" => " (detached CMS signature)".to_string(),
            "pdf" if f.signed => format!(" ({} bytes, signed)", f.size),
            _ => format!(" ({} bytes)", f.size),
        };
        println!("wrote {}{what}", f.path.display());
    }
    if let Some(sg) = &sign {
        println!("assessment {} signed off by {}; it is now read-only (reopen to revise)", a.assessment, sg.identity.identity().name);
    }
    Ok(ExitCode::from(exit::SUCCESS))
}
