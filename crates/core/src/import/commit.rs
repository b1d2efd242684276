//! Storing a [`Reading`]: a new supplier self-assessment (or answers into an existing
//! assessment), the extra items, the original file as evidence and a summary audit event, all
//! in one transaction. Also the orchestration the CLI and the app share: [`import_file`].
//!
//! Invariant: either everything of a file is stored or nothing is; the same file (SHA-256) is
//! never stored twice into one assessment unless forced.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{read_checksheet, read_file, Counts, Cover, Issue, Reading};
use crate::catalog::{self, Catalog};
use crate::error::{Error, Invalid, Result};
use crate::model::{AssessmentId, AssessmentKind, EvidenceRole, OrgId, OrgKind, OrgRef, Scope};
use crate::session::Session;
use tenken_store::{NewAnswer, NewAssessment, NewEvidence};

/// What an import is asked to do.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Catalog id (`jama-japia-2.2`).
    pub catalog_id: String,
    /// Catalog version (newest when `None`).
    pub catalog_version: Option<String>,
    /// Organisation name (exact; a numeric name is a name); from the cover sheet, else the
    /// file name, when `None` and no [`ImportOptions::organisation_id`] is given.
    pub organisation: Option<String>,
    /// An existing organisation by id (`--org-id`), instead of a name.
    #[serde(default)]
    pub organisation_id: Option<OrgId>,
    /// Scope of a new assessment.
    pub scope: Scope,
    /// Add the answers to this existing assessment instead of creating one.
    pub into: Option<AssessmentId>,
    /// Import even if the same file was already imported into the assessment.
    pub force: bool,
}

/// The result of importing one file (the `--json` contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file imported.
    pub file: String,
    /// The assessment the answers went into.
    pub assessment_id: AssessmentId,
    /// The organisation's name.
    pub organisation: String,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// Sheet holding the table.
    pub sheet: String,
    /// Header row, 1-based.
    pub header_row: u32,
    /// Cover-sheet fields found.
    pub cover: Cover,
    /// Answers over the catalog's items in scope (items without a row count as unanswered).
    pub counts: Counts,
    /// Answers over the items taken from the sheet alone.
    pub extra_items: Counts,
    /// Ids of the items taken from the sheet alone.
    pub extra_item_ids: Vec<String>,
    /// The stored original file (evidence id).
    pub evidence_id: i64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Warnings.
    pub warnings: Vec<Issue>,
    /// Row errors.
    pub errors: Vec<Issue>,
}

/// The organisation a reading belongs to: the one given, else the cover's company, else the
/// file name without extension.
pub fn organisation_for(given: Option<&str>, reading: &Reading, file: &Path) -> String {
    given
        .map(str::to_string)
        .or_else(|| reading.cover.company.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "unknown".into()))
}

/// The organisation an import stores a reading under: the target assessment's when importing
/// into one, else as [`organisation_for`] chooses.
///
/// An organisation given by id must exist. A name given made of digits that names no
/// organisation while one has that id is refused: before ids and names were looked up apart it
/// meant that id, and creating a look-alike organisation would file the answers elsewhere.
pub fn organisation(session: &Session, reading: &Reading, file: &Path, opts: &ImportOptions) -> Result<String> {
    let store = &session.store;
    if let Some(id) = opts.into {
        return Ok(store.assessment(id)?.organisation_name);
    }
    if let Some(id) = opts.organisation_id {
        return Ok(store.organisation(&OrgRef::Id(id))?.name);
    }
    if let Some(given) = opts.organisation.as_deref() {
        if let Some(o) = store.organisation_id_lookalike(given)? {
            return Err(Invalid::OrganisationLookalike { given: given.trim().to_string(), id: o.id, name: o.name }.into());
        }
    }
    Ok(organisation_for(opts.organisation.as_deref(), reading, file))
}

/// Store a reading and the file's bytes in one transaction; returns the report.
pub fn commit_reading(session: &mut Session, reading: &Reading, bytes: &[u8], file: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let sha = sha256_hex(bytes);
    let organisation = organisation(session, reading, file, opts)?;
    let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "checksheet".into());
    let started = reading.cover.date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let (aid, evidence_id) = session.store.write_as(|w| -> Result<_> {
        let aid = match opts.into {
            Some(id) => id,
            None => {
                let org = w.ensure_organisation(&organisation, OrgKind::Supplier)?;
                w.create_assessment(&NewAssessment {
                    organisation_id: org.id,
                    site: None,
                    catalog_id: reading.catalog_id.clone(),
                    catalog_version: reading.catalog_version.clone(),
                    scope: reading.scope.clone(),
                    kind: AssessmentKind::SupplierSelfAssessment,
                    auditor: None,
                    started_on: started,
                    ended_on: None,
                })?
                .id
            }
        };
        if !opts.force {
            if let Some(ev) = w.evidence_with_hash(aid, &sha, EvidenceRole::OriginalChecksheet)? {
                let (file, sha) = (file_name.clone(), sha[..12].to_string());
                return Err(Invalid::AlreadyImported { file, sha, assessment: aid, evidence: ev }.into());
            }
        }
        w.add_extra_items(aid, reading.extra_items.iter().map(|x| &x.item))?;
        let answers: Vec<NewAnswer<'_>> = reading
            .answers
            .iter()
            .chain(reading.extra_items.iter().map(|x| &x.answer))
            .map(|a| NewAnswer { item: &a.item_id, answer: a.answer, raw: a.raw.as_deref(), remark: a.remark.as_deref() })
            .collect();
        w.set_supplier_answers(aid, &answers)?;
        let ev = w.add_evidence(
            aid,
            &NewEvidence {
                file_name: file_name.clone(),
                media_type: None,
                bytes: bytes.to_vec(),
                role: EvidenceRole::OriginalChecksheet,
                items: vec![],
            },
        )?;
        let summary = serde_json::json!({
            "file": file_name, "sha256": sha, "sheet": reading.sheet, "header_row": reading.header_row,
            "cover": reading.cover, "counts": reading.counts, "extra_items": reading.extra_counts,
            "warnings": reading.warnings.len(), "errors": reading.errors.len(),
        });
        w.record("import.checksheet", Some(aid), format!("evidence:{}", ev.id), None, Some(summary))?;
        Ok((aid, ev.id))
    })?;
    Ok(ImportReport {
        file: file.display().to_string(),
        assessment_id: aid,
        organisation,
        catalog_id: reading.catalog_id.clone(),
        catalog_version: reading.catalog_version.clone(),
        sheet: reading.sheet.clone(),
        header_row: reading.header_row,
        cover: reading.cover.clone(),
        counts: reading.counts,
        extra_items: reading.extra_counts,
        extra_item_ids: reading.extra_items.iter().map(|x| x.item.id.clone()).collect(),
        evidence_id,
        sha256: sha,
        warnings: reading.warnings.clone(),
        errors: reading.errors.clone(),
    })
}

/// The catalog and scope an import reads against: the assessment's when importing into one
/// (the requested catalog must match), else the requested catalog with the requested scope.
pub fn target_catalog(session: &Session, opts: &ImportOptions) -> Result<(Catalog, Scope)> {
    match opts.into {
        Some(id) => {
            let a = session.store.assessment(id)?;
            if !opts.catalog_id.is_empty() && opts.catalog_id != a.catalog_id {
                return Err(Invalid::CatalogMismatch { id, catalog: a.catalog_id, wanted: opts.catalog_id.clone() }.into());
            }
            let c = session.catalog(&a.catalog_id, Some(&a.catalog_version))?;
            Ok((c.clone(), a.scope))
        }
        None => {
            let c = session.catalog(&opts.catalog_id, opts.catalog_version.as_deref())?;
            catalog::validate_scope(c, &opts.scope)?;
            Ok((c.clone(), opts.scope.clone()))
        }
    }
}

/// Read a file against a catalog: the bytes and the reading, or a file-level error naming the file.
pub fn prepare(path: &Path, catalog: &Catalog, scope: &Scope) -> Result<(Vec<u8>, Reading)> {
    let fail = |source: super::ImportError| Error::ImportFile { path: path.to_path_buf(), source };
    let bytes = read_file(path).map_err(fail)?;
    let mut reading = read_checksheet(&bytes, catalog, scope).map_err(fail)?;
    reading.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    Ok((bytes, reading))
}

/// Import one checksheet file: read it, then store it in one transaction.
pub fn import_file(session: &mut Session, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let (catalog, scope) = target_catalog(session, opts)?;
    let (bytes, reading) = prepare(path, &catalog, &scope)?;
    commit_reading(session, &reading, &bytes, path, opts)
}

/// SHA-256 of the bytes, lowercase hex (the same digest the store records for evidence).
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
