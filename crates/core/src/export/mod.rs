//! Exporting an assessment: the PDF report, the Excel results workbook and the JSON document,
//! optionally signed, written to files atomically (a temporary file renamed into place, so a
//! crash never leaves half a report); and the sign-off that locks the assessment.
//!
//! Order of a signed export ([`prepare`], then [`commit`]): every file is rendered and signed in
//! memory; each is written and synced under a hidden temporary name beside its target; the
//! sign-off transaction stores the signed bytes as evidence, marks the assessment signed and
//! anchors the audit trail with the auditor's key; only after that commit are the files renamed
//! into place. A failed sign-off therefore leaves no signed file and an editable assessment. A
//! signed export already at a target (a signed PDF, a workbook's `FILE.p7s`) is never replaced
//! unless [`ExportTargets::overwrite`] says so, and a `.p7s` never stays beside a file it does
//! not sign.
//!
//! Invariant: orchestration only — the document, the score, the workbook, the PDF and the
//! signatures are made by their own modules; this module decides what goes where.

mod report_input;

pub use report_input::{report_input, scope_text, SignOffPerson};

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::document::{self, AssessmentDocument};
use crate::error::{Error, Invalid, Result};
use crate::model::AssessmentId;
use crate::scoring::ScoreReport;
use crate::session::Session;
use crate::workbook;
use tenken_store::ChainHead;

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
    let name = path.file_name().ok_or_else(|| Error::from(Invalid::NotAFilePath { path: path.display().to_string() }))?;
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
    Ok(workbook::render(&input.document, &input.catalog, &input.score, signer)?)
}

/// Render the JSON export.
pub fn json_bytes(input: &ExportInput) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(&JsonExport { document: &input.document, score: &input.score })
        .map_err(|e| Invalid::JsonExport { cause: e.to_string() }.into())
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
    pdf_bytes_at(input, signer, sign, None)
}

/// [`pdf_bytes`] naming the audit-trail head the report was made from on its sign-off page and
/// in its document information (for `tenken log --verify --against report.pdf`).
pub fn pdf_bytes_at(
    input: &ExportInput,
    signer: &SignOffPerson,
    sign: Option<&SignRequest<'_>>,
    head: Option<&ChainHead>,
) -> Result<Vec<u8>> {
    let today = sign
        .map(|s| s.time)
        .unwrap_or_else(Utc::now)
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero offset")))
        .date_naive();
    let person = sign.map(|s| s.person()).unwrap_or_else(|| signer.clone());
    let mut report = report_input(input, &person, today, sign.is_some());
    report.sign_off.trail_head = head.map(|h| crate::report::TrailHead { seq: h.seq, hash: h.hash.clone() });
    let rendered = crate::report::render_pdf(&report).map_err(Error::RenderPdf)?;
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

/// Sign the assessment off in one transaction: refuse if the assessment changed after the
/// report was made from the trail head `made_at` (or is signed already); keep the signed files
/// as evidence (role exported_report); record signer, time, the SHA-256 of every file and the
/// head in the audit trail; make the assessment read-only; and append an anchor signing the
/// new chain head with the auditor's key. Nothing is stored unless all of it is.
pub fn sign_off(
    session: &mut Session,
    id: AssessmentId,
    sign: &SignRequest<'_>,
    files: &[ExportedFile],
    made_at: Option<&ChainHead>,
) -> Result<ChainHead> {
    let who = sign.identity.identity();
    let uid = session.store.assessment(id)?.uid;
    let details = json!({
        "signer": who.name,
        "organisation": who.org,
        "certificate_sha256": who.cert_fingerprint,
        "signed_at": sign.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "trail_head": made_at,
        "files": files.iter().map(|f| json!({"name": f.name, "size": f.bytes.len(), "sha256": tenken_store::sha256_hex(&f.bytes)})).collect::<Vec<_>>(),
    });
    session.store.write_as(|w| -> Result<_> {
        crate::trail::refuse_changed_since(w, id, made_at)?;
        for f in files {
            w.add_evidence(
                id,
                &tenken_store::NewEvidence {
                    file_name: f.name.clone(),
                    media_type: None,
                    bytes: f.bytes.clone(),
                    role: crate::model::EvidenceRole::ExportedReport,
                    items: vec![],
                },
            )?;
        }
        w.mark_signed(id, details)?;
        crate::trail::append_anchor(w, sign.identity, id, &uid, "sign-off", sign.time)
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
    /// Replace a signed export already at a target (a signed PDF, a workbook with its `.p7s`,
    /// or a stray `.p7s`). Without it such a target is refused, naming the file.
    pub overwrite: bool,
}

impl ExportTargets {
    /// The targets inside `folder`, named after the assessment (see [`file_stem`]); a signed
    /// export already there is refused (set [`ExportTargets::overwrite`] to replace it).
    pub fn in_folder(folder: &Path, stem: &str, pdf: bool, xlsx: bool, json: bool) -> ExportTargets {
        let at = |on: bool, ext: &str| on.then(|| folder.join(format!("{stem}.{ext}")));
        ExportTargets { pdf: at(pdf, "pdf"), xlsx: at(xlsx, "xlsx"), json: at(json, "json"), overwrite: false }
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
    raw.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) || c.is_whitespace() { '_' } else { c }).collect()
}

/// Whether a file is a signed export: a PDF with a signature dictionary (`/ByteRange`), read
/// in bounded chunks.
fn is_signed_pdf(path: &Path) -> Result<bool> {
    use std::io::Read;
    const NEEDLE: &[u8] = b"/ByteRange";
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(false);
        }
        carry.extend_from_slice(&buf[..n]);
        if carry.windows(NEEDLE.len()).any(|w| w == NEEDLE) {
            return Ok(true);
        }
        let keep = carry.len().saturating_sub(NEEDLE.len());
        carry.drain(..keep);
    }
}

/// Refuse to replace a signed export without `overwrite`: a signed PDF at the PDF target, or a
/// `.p7s` beside the workbook target (its workbook is a signed export, or the `.p7s` is stale).
fn refuse_signed_targets(targets: &ExportTargets) -> Result<()> {
    if targets.overwrite {
        return Ok(());
    }
    if let Some(pdf) = &targets.pdf {
        if is_signed_pdf(pdf)? {
            return Err(Invalid::SignedReportThere { path: pdf.display().to_string() }.into());
        }
    }
    if let Some(xlsx) = &targets.xlsx {
        let p7s = crate::signing::detached_path(xlsx);
        if p7s.exists() {
            let path = p7s.display().to_string();
            return Err(if xlsx.exists() { Invalid::SignedWorkbookThere { path } } else { Invalid::SignatureThere { path } }.into());
        }
    }
    Ok(())
}

/// One file of an export: where it goes and its bytes.
struct Planned {
    path: std::path::PathBuf,
    kind: &'static str,
    bytes: Vec<u8>,
    signed: bool,
}

/// An export rendered (and signed) in memory, not yet written: see [`prepare`] and [`commit`].
pub struct PreparedExport<'s> {
    id: AssessmentId,
    files: Vec<Planned>,
    sign: Option<&'s SignRequest<'s>>,
    overwrite: bool,
    /// The audit-trail head the files were made from (printed on the report's sign-off page).
    pub trail_head: Option<ChainHead>,
}

/// What an export is made from, read from the store in one go: the assessment's document,
/// catalog and score, and the audit-trail head they were read at. Reading it needs the session;
/// rendering it ([`render`]) does not, so a caller that shares the session (the app) holds it only
/// for this read and for the [`commit`], not while the PDF is drawn and signed.
pub struct ExportSource {
    id: AssessmentId,
    trail_head: Option<ChainHead>,
    input: ExportInput,
}

/// Read what an export of assessment `id` is made from.
pub fn read_source(session: &Session, id: AssessmentId) -> Result<ExportSource> {
    // The head first: whatever the document read next shows is at or after it, so a change
    // made meanwhile is caught at sign-off (`refuse_changed_since`).
    let trail_head = session.store.trail_head()?;
    Ok(ExportSource { id, trail_head, input: input(session, id)? })
}

impl ExportSource {
    /// The file name stem of this assessment's exports ([`file_stem`]).
    pub fn stem(&self) -> String {
        file_stem(&self.input.document)
    }
}

/// Render every target in memory (signed when `sign` is given), after refusing a signed export
/// already at a target (unless `targets.overwrite`). Nothing is written and nothing stored.
pub fn prepare<'s>(
    session: &Session,
    id: AssessmentId,
    targets: &ExportTargets,
    sign: Option<&'s SignRequest<'s>>,
) -> Result<PreparedExport<'s>> {
    render(read_source(session, id)?, targets, sign)
}

/// Render an export from what was read (see [`prepare`]); needs no session.
pub fn render<'s>(source: ExportSource, targets: &ExportTargets, sign: Option<&'s SignRequest<'s>>) -> Result<PreparedExport<'s>> {
    let ExportSource { id, trail_head, input } = source;
    if targets.is_empty() {
        return Err(Invalid::NothingToExport {}.into());
    }
    if sign.is_some() && targets.pdf.is_none() && targets.xlsx.is_none() {
        return Err(Invalid::SigningNeedsFile {}.into());
    }
    if sign.is_some() && input.document.assessment.status == crate::model::AssessmentStatus::Signed {
        return Err(tenken_store::Error::Signed(id).into());
    }
    refuse_signed_targets(targets)?;
    let auditor = SignOffPerson { name: input.document.assessment.auditor.clone().unwrap_or_default(), organisation: String::new() };
    let mut files = Vec::new();
    if let Some(path) = &targets.pdf {
        files.push(Planned {
            path: path.clone(),
            kind: "pdf",
            bytes: pdf_bytes_at(&input, &auditor, sign, trail_head.as_ref())?,
            signed: sign.is_some(),
        });
    }
    if let Some(path) = &targets.xlsx {
        let note = sign.map(|s| s.workbook_note());
        let bytes = xlsx_bytes(&input, note.as_ref())?;
        let p7s = sign.map(|s| crate::signing::sign_detached(&bytes, s.identity, s.time)).transpose()?;
        files.push(Planned { path: path.clone(), kind: "xlsx", bytes, signed: sign.is_some() });
        if let Some(p7s) = p7s {
            files.push(Planned { path: crate::signing::detached_path(path), kind: "p7s", bytes: p7s, signed: true });
        }
    }
    if let Some(path) = &targets.json {
        files.push(Planned { path: path.clone(), kind: "json", bytes: json_bytes(&input)?, signed: false });
    }
    Ok(PreparedExport { id, files, sign, overwrite: targets.overwrite, trail_head })
}

/// A file written to a hidden temporary name beside its target, not yet renamed into place.
struct Staged {
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
}

fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| Error::from(Invalid::NotAFilePath { path: path.display().to_string() }))?;
    if path.is_dir() {
        return Err(Invalid::FolderThere { path: path.display().to_string() }.into());
    }
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut f = crate::fsutil::create_private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(Staged { tmp, path: path.to_path_buf() }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(Error::io(path, e))
        }
    }
}

fn discard(staged: &[Staged]) {
    for s in staged {
        let _ = std::fs::remove_file(&s.tmp);
    }
}

/// Write a prepared export: every file is first written and synced under a hidden temporary
/// name beside its target (so a read-only or full folder fails before anything is signed off);
/// then, when signing, the sign-off transaction stores the signed bytes and anchors the trail
/// ([`sign_off`]); only after it commits are the files renamed into place. A failure before the
/// commit leaves no file and an editable assessment. An unsigned workbook replacing a signed one
/// (with `overwrite`) removes the stale `FILE.p7s` first, so no `.p7s` is ever left beside a file
/// it does not sign.
pub fn commit(session: &mut Session, prepared: PreparedExport<'_>) -> Result<Vec<WrittenFile>> {
    let PreparedExport { id, files, sign, overwrite, trail_head } = prepared;
    // Checked again right before writing: a signed export may have appeared since `prepare`.
    let targets = ExportTargets {
        pdf: files.iter().find(|f| f.kind == "pdf").map(|f| f.path.clone()),
        xlsx: files.iter().find(|f| f.kind == "xlsx").map(|f| f.path.clone()),
        json: None,
        overwrite,
    };
    refuse_signed_targets(&targets)?;
    let mut staged = Vec::new();
    for f in &files {
        match stage(&f.path, &f.bytes) {
            Ok(s) => staged.push(s),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    if let Some(sign) = sign {
        let signed: Vec<ExportedFile> = files
            .iter()
            .filter(|f| f.signed)
            .map(|f| ExportedFile {
                name: f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                bytes: f.bytes.clone(),
            })
            .collect();
        if let Err(e) = sign_off(session, id, sign, &signed, trail_head.as_ref()) {
            discard(&staged);
            return Err(e);
        }
    }
    let after_commit = |e: Error| {
        if sign.is_some() {
            Error::SignedButNotWritten { id, source: Box::new(e) }
        } else {
            e
        }
    };
    // The old `FILE.p7s` goes before the new workbook is put in place: an unsigned workbook
    // must not keep the signature of the one it replaces, and a signed one gets its own next.
    if let Some(xlsx) = &targets.xlsx {
        let p7s = crate::signing::detached_path(xlsx);
        if let Err(e) = std::fs::remove_file(&p7s) {
            if e.kind() != std::io::ErrorKind::NotFound {
                discard(&staged);
                return Err(after_commit(Error::io(&p7s, e)));
            }
        }
    }
    let mut written = Vec::new();
    for (i, (s, f)) in staged.iter().zip(&files).enumerate() {
        if let Err(e) = std::fs::rename(&s.tmp, &s.path) {
            discard(&staged[i..]);
            return Err(after_commit(Error::io(&s.path, e)));
        }
        written.push(WrittenFile {
            path: f.path.clone(),
            kind: f.kind.into(),
            size: f.bytes.len() as u64,
            sha256: tenken_store::sha256_hex(&f.bytes),
            signed: f.signed,
        });
    }
    for dir in files.iter().filter_map(|f| f.path.parent()).collect::<std::collections::BTreeSet<_>>() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        #[cfg(unix)]
        if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
            return Err(after_commit(Error::io(dir, e)));
        }
        let _ = dir;
    }
    Ok(written)
}

/// Export an assessment: [`prepare`] then [`commit`]. The PDF is signed (PAdES) and the workbook
/// gets a detached `FILE.p7s` when `sign` is given, and the assessment is signed off (it becomes
/// read-only) in one transaction that also stores the signed bytes; the files are put in place
/// only after it commits. Used by the CLI's `tenken export` and by the app's Export screen alike.
pub fn export_files(
    session: &mut Session,
    id: AssessmentId,
    targets: &ExportTargets,
    sign: Option<&SignRequest<'_>>,
) -> Result<Vec<WrittenFile>> {
    let prepared = prepare(session, id, targets, sign)?;
    commit(session, prepared)
}
