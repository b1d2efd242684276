//! `tenken export`: the PDF report, the Excel results workbook and the JSON document; with
//! `--sign`, the PDF is signed (PAdES), the workbook gets a detached `FILE.p7s`, and the
//! assessment is signed off (read-only, recorded in the audit trail).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;
use tenken::export::{self, ExportedFile, SignOffPerson, SignRequest};

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
    #[arg(long, default_value = "監査報告書の承認 / Approval of the audit report")]
    pub reason: String,
    /// Place written into the signature
    #[arg(long)]
    pub location: Option<String>,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

pub fn run(ctx: &Context, passphrase_env: Option<&str>, a: ExportArgs) -> anyhow::Result<ExitCode> {
    if a.pdf.is_none() && a.xlsx.is_none() && a.json.is_none() {
        anyhow::bail!("say what to export: --pdf FILE, --xlsx FILE and/or --json FILE");
    }
    if a.sign && a.pdf.is_none() && a.xlsx.is_none() {
        anyhow::bail!("--sign needs --pdf FILE and/or --xlsx FILE");
    }
    let mut s = ctx.session()?;
    let input = export::input(&s, a.assessment)?;
    if a.sign && input.document.assessment.status == tenken::model::AssessmentStatus::Signed {
        anyhow::bail!("assessment {} is already signed; `tenken assessment reopen {}` starts a new revision", a.assessment, a.assessment);
    }
    let unlocked = if a.sign {
        let id = identity::choose(&identity::identity_dir(), a.identity.as_deref())?;
        Some(identity::unlock(&id, a.identity_passphrase_env.as_deref().or(passphrase_env))?)
    } else {
        None
    };
    let sign = unlocked.as_ref().map(|identity| SignRequest { identity, reason: Some(a.reason.clone()), location: a.location.clone(), time: Utc::now() });
    let auditor = SignOffPerson { name: input.document.assessment.auditor.clone().unwrap_or_default(), organisation: String::new() };
    let mut signed_files = Vec::new();
    if let Some(path) = &a.pdf {
        let bytes = export::pdf_bytes(&input, &auditor, sign.as_ref())?;
        export::write_atomically(path, &bytes)?;
        println!("wrote {} ({} bytes{})", path.display(), bytes.len(), if sign.is_some() { ", signed" } else { "" });
        signed_files.push(ExportedFile { name: file_name(path), bytes });
    }
    if let Some(path) = &a.xlsx {
        let note = sign.as_ref().map(|s| s.workbook_note());
        let bytes = export::xlsx_bytes(&input, note.as_ref())?;
        export::write_atomically(path, &bytes)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
        if let Some(sg) = &sign {
            let p7s = tenken::signing::sign_detached(&bytes, sg.identity, sg.time)?;
            let mut p = path.clone().into_os_string();
            p.push(".p7s");
            let p7s_path = PathBuf::from(p);
            export::write_atomically(&p7s_path, &p7s)?;
            println!("wrote {} (detached CMS signature)", p7s_path.display());
            signed_files.push(ExportedFile { name: file_name(path), bytes });
            signed_files.push(ExportedFile { name: file_name(&p7s_path), bytes: p7s });
        }
    }
    if let Some(path) = &a.json {
        let bytes = export::json_bytes(&input)?;
        export::write_atomically(path, &bytes)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    if let Some(sg) = &sign {
        export::sign_off(&mut s, a.assessment, sg, &signed_files)?;
        println!("assessment {} signed off by {}; it is now read-only (reopen to revise)", a.assessment, sg.identity.identity().name);
    }
    Ok(ExitCode::SUCCESS)
}
