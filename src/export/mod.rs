//! Exporting an assessment: the PDF report, the Excel results workbook and the JSON document,
//! optionally signed, written to files atomically (a temporary file renamed into place, so a
//! crash never leaves half a report); and the sign-off that locks the assessment.
//!
//! Invariant: orchestration only — the document, the score, the workbook, the PDF and the
//! signatures are made by their own modules; this module decides what goes where.

mod report_input;

pub use report_input::{report_input, scope_text, SignOffPerson};

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::document::{self, AssessmentDocument};
use crate::error::{Error, Result};
use crate::model::AssessmentId;
use crate::scoring::ScoreReport;
use crate::session::Session;
use crate::workbook;

/// Everything an export is made from, read once.
pub struct ExportInput {
    /// The whole assessment.
    pub document: AssessmentDocument,
    /// The catalog, extended with the assessment's extra items.
    pub catalog: crate::catalog::Catalog,
    /// The score.
    pub score: ScoreReport,
}

/// Read what an export needs.
pub fn input(session: &Session, id: AssessmentId) -> Result<ExportInput> {
    let document = document::read(session, id)?;
    let catalog = session.catalog_of(&document.assessment)?;
    let score = session.score(id)?;
    Ok(ExportInput { document, catalog, score })
}

/// The JSON document with the score, as `tenken export --json` writes it.
#[derive(serde::Serialize)]
pub struct JsonExport<'a> {
    /// The assessment.
    #[serde(flatten)]
    pub document: &'a AssessmentDocument,
    /// Its score.
    pub score: &'a ScoreReport,
}

/// Write bytes to `path` atomically: a sibling temporary file, synced, then renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| Error::invalid(format!("{}: not a file path", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        // Reports name a supplier's weaknesses: private (0600) until the auditor sends them.
        let mut f = crate::fsutil::create_private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Render the Excel results workbook.
pub fn xlsx_bytes(input: &ExportInput, signer: Option<&workbook::SignerNote>) -> Result<Vec<u8>> {
    workbook::render(&input.document, &input.catalog, &input.score, signer)
}

/// Render the JSON export.
pub fn json_bytes(input: &ExportInput) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(&JsonExport { document: &input.document, score: &input.score })
        .map_err(|e| Error::invalid(format!("JSON export failed: {e}")))
}

/// The reason written into a signature when the auditor gives none.
pub const DEFAULT_REASON: &str = "監査報告書の承認 / Approval of the audit report";

/// A signature to apply: the unlocked identity and what the signature says.
pub struct SignRequest<'a> {
    /// The auditor's identity, unlocked.
    pub identity: &'a crate::signing::UnlockedIdentity,
    /// Why (written to /Reason), e.g. 監査報告書の承認.
    pub reason: Option<String>,
    /// Where (written to /Location).
    pub location: Option<String>,
    /// Signing time.
    pub time: DateTime<Utc>,
}

impl SignRequest<'_> {
    /// The signer as printed: the identity's name and organisation.
    pub fn person(&self) -> SignOffPerson {
        let id = self.identity.identity();
        SignOffPerson { name: id.name.clone(), organisation: id.org.clone() }
    }

    /// The note for the workbook's metadata sheet.
    pub fn workbook_note(&self) -> workbook::SignerNote {
        let id = self.identity.identity();
        workbook::SignerNote {
            name: id.name.clone(),
            organisation: id.org.clone(),
            at: self.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            certificate_sha256: id.cert_fingerprint.clone().unwrap_or_default(),
        }
    }
}

/// Render the PDF report, signed when `sign` is given (a signed report is final: no DRAFT mark).
pub fn pdf_bytes(input: &ExportInput, signer: &SignOffPerson, sign: Option<&SignRequest<'_>>) -> Result<Vec<u8>> {
    let today = sign.map(|s| s.time).unwrap_or_else(Utc::now).with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero offset"))).date_naive();
    let person = sign.map(|s| s.person()).unwrap_or_else(|| signer.clone());
    let report = report_input(input, &person, today, sign.is_some());
    let rendered = crate::report::render_pdf(&report).map_err(|e| Error::invalid(format!("rendering the PDF report failed: {e}")))?;
    let Some(sign) = sign else { return Ok(rendered.bytes) };
    let r = rendered.signature.rect;
    let appearance = crate::signing::Appearance {
        page_index: rendered.signature.page_index,
        rect: [r.x, r.y, r.x + r.width, r.y + r.height],
        signer_name: person.name.clone(),
        org: person.organisation.clone(),
        reason: sign.reason.clone(),
        location: sign.location.clone(),
    };
    Ok(crate::signing::sign_pdf(&rendered.bytes, sign.identity, &appearance, sign.time)?)
}

/// A file an export produced, for the sign-off record.
pub struct ExportedFile {
    /// File name.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Sign the assessment off: keep the signed files as evidence (role exported_report), record
/// signer, time and the SHA-256 of every file in the audit trail, and make the assessment
/// read-only — all in one transaction.
pub fn sign_off(session: &mut Session, id: AssessmentId, sign: &SignRequest<'_>, files: &[ExportedFile]) -> Result<()> {
    let who = sign.identity.identity();
    let details = json!({
        "signer": who.name,
        "organisation": who.org,
        "certificate_sha256": who.cert_fingerprint,
        "signed_at": sign.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "files": files.iter().map(|f| json!({"name": f.name, "size": f.bytes.len(), "sha256": crate::store::sha256_hex(&f.bytes)})).collect::<Vec<_>>(),
    });
    session.store.write(|w| {
        for f in files {
            w.add_evidence(
                id,
                &crate::store::NewEvidence {
                    file_name: f.name.clone(),
                    media_type: None,
                    bytes: f.bytes.clone(),
                    role: crate::model::EvidenceRole::ExportedReport,
                    items: vec![],
                },
            )?;
        }
        w.mark_signed(id, details)
    })
}

/// Which files one export writes (any of them may be absent).
#[derive(Debug, Clone, Default)]
pub struct ExportTargets {
    /// The PDF audit report.
    pub pdf: Option<std::path::PathBuf>,
    /// The Excel results workbook (with `FILE.p7s` beside it when signed).
    pub xlsx: Option<std::path::PathBuf>,
    /// The JSON document.
    pub json: Option<std::path::PathBuf>,
}

impl ExportTargets {
    /// The targets inside `folder`, named after the assessment (see [`file_stem`]).
    pub fn in_folder(folder: &Path, stem: &str, pdf: bool, xlsx: bool, json: bool) -> ExportTargets {
        let at = |on: bool, ext: &str| on.then(|| folder.join(format!("{stem}.{ext}")));
        ExportTargets { pdf: at(pdf, "pdf"), xlsx: at(xlsx, "xlsx"), json: at(json, "json") }
    }

    fn is_empty(&self) -> bool {
        self.pdf.is_none() && self.xlsx.is_none() && self.json.is_none()
    }
}

/// A file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WrittenFile {
    /// Where it was written.
    pub path: std::path::PathBuf,
    /// What it is: `pdf`, `xlsx`, `p7s` (the workbook's detached signature) or `json`.
    pub kind: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 (hex) of the bytes written.
    pub sha256: String,
    /// Whether the file is (or carries) a signature.
    pub signed: bool,
}

/// A file name for an assessment's exports, safe on every file system:
/// `tenken-<id>-<organisation>-<catalog>-r<revision>` with path separators and other unsafe
/// characters replaced (Japanese is kept: reports are named for people).
pub fn file_stem(document: &AssessmentDocument) -> String {
    let a = &document.assessment;
    let raw = format!("tenken-{}-{}-{}-r{}", a.id, a.organisation_name, a.catalog_id, a.revision);
    raw.chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Export an assessment: write every target atomically, signing the PDF (PAdES) and the
/// workbook (detached `FILE.p7s`) when `sign` is given, and then sign the assessment off (it
/// becomes read-only). Nothing is signed off unless every file was written. Used by the CLI's
/// `tenken export` and by the app's Export screen alike.
pub fn export_files(
    session: &mut Session,
    id: AssessmentId,
    targets: &ExportTargets,
    sign: Option<&SignRequest<'_>>,
) -> Result<Vec<WrittenFile>> {
    if targets.is_empty() {
        return Err(Error::invalid("nothing to export: choose the PDF report, the Excel results and/or the JSON document"));
    }
    if sign.is_some() && targets.pdf.is_none() && targets.xlsx.is_none() {
        return Err(Error::invalid("signing needs the PDF report and/or the Excel results"));
    }
    let input = input(session, id)?;
    if sign.is_some() && input.document.assessment.status == crate::model::AssessmentStatus::Signed {
        return Err(Error::Signed(id));
    }
    let auditor = SignOffPerson { name: input.document.assessment.auditor.clone().unwrap_or_default(), organisation: String::new() };
    let mut written = Vec::new();
    let mut for_sign_off = Vec::new();
    let mut put = |path: &Path, kind: &str, bytes: Vec<u8>, signed: bool| -> Result<()> {
        write_atomically(path, &bytes)?;
        written.push(WrittenFile {
            path: path.to_path_buf(),
            kind: kind.into(),
            size: bytes.len() as u64,
            sha256: crate::store::sha256_hex(&bytes),
            signed,
        });
        if signed {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            for_sign_off.push(ExportedFile { name, bytes });
        }
        Ok(())
    };
    if let Some(path) = &targets.pdf {
        put(path, "pdf", pdf_bytes(&input, &auditor, sign)?, sign.is_some())?;
    }
    if let Some(path) = &targets.xlsx {
        let note = sign.map(|s| s.workbook_note());
        let bytes = xlsx_bytes(&input, note.as_ref())?;
        let p7s = sign.map(|s| crate::signing::sign_detached(&bytes, s.identity, s.time)).transpose()?;
        put(path, "xlsx", bytes, sign.is_some())?;
        if let Some(p7s) = p7s {
            put(&crate::signing::detached_path(path), "p7s", p7s, true)?;
        }
    }
    if let Some(path) = &targets.json {
        put(path, "json", json_bytes(&input)?, false)?;
    }
    if let Some(sign) = sign {
        sign_off(session, id, sign, &for_sign_off)?;
    }
    Ok(written)
}
