//! `tenken export`: the PDF report, the Excel results workbook and the JSON document; with
//! `--sign`, the PDF is signed (PAdES), the workbook gets a detached `FILE.p7s`, and the
//! assessment is signed off (read-only, recorded and anchored in the audit trail) before the
//! files are put in place. A signed export already at a target is replaced only with
//! `--overwrite`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;
use tenken::export::{self, ExportTargets, SignRequest};

use super::db::Context;
use super::identity;

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
    /// Write the whole assessment as JSON here (schema: src/document.rs, tenken.assessment/1)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
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

pub fn run(ctx: &Context, passphrase_env: Option<&str>, a: ExportArgs) -> anyhow::Result<ExitCode> {
    if a.pdf.is_none() && a.xlsx.is_none() && a.json.is_none() {
        anyhow::bail!("say what to export: --pdf FILE, --xlsx FILE and/or --json FILE");
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
    let targets = ExportTargets { pdf: a.pdf.clone(), xlsx: a.xlsx.clone(), json: a.json.clone(), overwrite: a.overwrite };
    for f in export::export_files(&mut s, a.assessment, &targets, sign.as_ref())? {
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
    Ok(ExitCode::SUCCESS)
}
