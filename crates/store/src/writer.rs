//! Mutations. A [`Writer`] lives inside one transaction opened by [`super::Store::write`]; each
//! method changes rows and appends the matching audit event (before/after) in that transaction.
//!
//! Invariant: a signed assessment is read-only here; only [`Writer::reopen`] may touch it, and it
//! does so by creating a new revision.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Params, Row, Transaction};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::audit::{self, NewEvent};
use super::now;
use super::read::{
    assessment_by_id, finding_row, item_result_row, organisation_by_id, organisation_by_name, organisation_by_ref, parse_col, FINDING_COLS,
};
use crate::error::{Error, Invalid, Result};
use tenken_domain::catalog::Item;
use tenken_domain::model::*;

/// A new assessment.
#[derive(Debug, Clone)]
pub struct NewAssessment {
    /// Organisation assessed.
    pub organisation_id: OrgId,
    /// Site name (created if new).
    pub site: Option<String>,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// Scope choices (validated by the caller against the catalog).
    pub scope: Scope,
    /// Kind.
    pub kind: AssessmentKind,
    /// Auditor.
    pub auditor: Option<String>,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Last day.
    pub ended_on: Option<NaiveDate>,
}

/// A new evidence file.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    /// File name as the user had it.
    pub file_name: String,
    /// Media type; guessed from the name when `None`.
    pub media_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// What the file is.
    pub role: EvidenceRole,
    /// Items it supports.
    pub items: Vec<String>,
}

/// One supplier answer to store (see [`Writer::set_supplier_answers`]).
#[derive(Debug, Clone, Copy)]
pub struct NewAnswer<'a> {
    /// Catalog (or extra) item id.
    pub item: &'a str,
    /// The normalised answer.
    pub answer: SupplierAnswer,
    /// The answer as written in the sheet.
    pub raw: Option<&'a str>,
    /// The supplier's remark.
    pub remark: Option<&'a str>,
}

/// Mutations inside one transaction. Obtain one from [`super::Store::write`].
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    actor: &'t str,
    at: String,
    /// The last audit row appended by this writer (seq, hash): the transaction holds the write
    /// lock, so no one else can append after it, and the next event links to it without a query.
    chain: Option<(i64, String)>,
}

/// A fresh random assessment uid (UUID v4 as 32 hex digits).
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A media type from a file name's extension (enough for evidence display and reports).
pub fn guess_media_type(file_name: &str) -> &'static str {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsm" => "application/vnd.ms-excel.sheet.macroEnabled.12",
        "xls" => "application/vnd.ms-excel",
        "xlsb" => "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

impl<'t> Writer<'t> {
    pub(super) fn new(tx: &'t Transaction<'t>, actor: &'t str) -> Self {
        Writer { tx, actor, at: now(), chain: None }
    }

    /// An organisation by id or by exact name ([`OrgRef`]), seen from inside this transaction.
    pub fn organisation(&self, key: &OrgRef) -> Result<Option<Organisation>> {
        organisation_by_ref(self.tx, key)
    }

    /// Append an audit event (for actions that are not a row change, e.g. an import summary,
    /// an export, a signature).
    pub fn record(
        &mut self,
        action: &str,
        assessment: Option<AssessmentId>,
        target: impl Into<String>,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Result<i64> {
        let (seq, prev_hash) = match self.chain.take() {
            Some((seq, hash)) => (seq + 1, hash),
            None => audit::next_link(self.tx)?,
        };
        let ev = NewEvent { actor: self.actor, action, assessment_id: assessment, target: target.into(), before, after };
        let hash = audit::append_linked(self.tx, &self.at, &ev, seq, &prev_hash)?;
        self.chain = Some((seq, hash));
        Ok(seq)
    }

    /// The last row of the audit trail as this transaction sees it (including the events it
    /// appended), e.g. to sign it as an anchor.
    pub fn trail_head(&self) -> Result<Option<audit::ChainHead>> {
        match &self.chain {
            Some((seq, hash)) => Ok(Some(audit::ChainHead { seq: *seq, hash: hash.clone() })),
            None => audit::head(self.tx),
        }
    }

    /// The sequence number of the last audit event about an assessment, if any: a sign-off
    /// compares it with the head its files were made from.
    pub fn last_event_of(&self, id: AssessmentId) -> Result<Option<i64>> {
        Ok(self.query_row("SELECT max(seq) FROM audit_events WHERE assessment_id = ?1", [id], |r| r.get(0))?)
    }

    /// Run one statement through the connection's statement cache: an import runs the same
    /// few statements hundreds of times, and preparing them dominated its CPU time.
    fn exec(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(params)
    }

    /// [`Writer::exec`] with the store's error, for code generic over a caller's error type.
    fn exec_store(&self, sql: &str, params: impl Params) -> Result<usize> {
        Ok(self.exec(sql, params)?)
    }

    /// One row of a cached statement (see [`Writer::exec`]).
    fn query_row<T>(&self, sql: &str, params: impl Params, f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        self.tx.prepare_cached(sql)?.query_row(params, f)
    }

    /// The assessment's status, refusing a signed (or missing) one.
    fn editable(&self, id: AssessmentId) -> Result<AssessmentStatus> {
        let status: String = self
            .query_row("SELECT status FROM assessments WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("assessment", id))?;
        let status: AssessmentStatus = parse_col(status)?;
        if status == AssessmentStatus::Signed {
            return Err(Error::Signed(id));
        }
        Ok(status)
    }

    fn touch(&self, id: AssessmentId) -> Result<()> {
        self.exec("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![id, self.at])?;
        Ok(())
    }

    /// Add an organisation. Names are unique.
    pub fn add_organisation(&mut self, new: &NewOrganisation) -> Result<Organisation> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Invalid::OrganisationNameEmpty {}.into());
        }
        if organisation_by_name(self.tx, name)?.is_some() {
            return Err(Invalid::OrganisationExists { name: name.to_string() }.into());
        }
        self.exec(
            "INSERT INTO organisations (name, kind, code, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, new.kind.as_str(), new.code, self.at],
        )?;
        let id = self.tx.last_insert_rowid();
        let after = json!({"name": name, "kind": new.kind, "code": new.code});
        self.record("organisation.add", None, format!("organisation:{id}"), None, Some(after))?;
        organisation_by_id(self.tx, id)?.ok_or_else(|| Error::not_found("organisation", id))
    }

    /// The organisation with this exact name, created as `kind` if it does not exist.
    pub fn ensure_organisation(&mut self, name: &str, kind: OrgKind) -> Result<Organisation> {
        match organisation_by_name(self.tx, name)? {
            Some(o) => Ok(o),
            None => self.add_organisation(&NewOrganisation { name: name.to_string(), kind, code: None }),
        }
    }

    fn ensure_site(&mut self, org: OrgId, name: &str) -> Result<i64> {
        let existing: Option<i64> =
            self.query_row("SELECT id FROM sites WHERE organisation_id = ?1 AND name = ?2", params![org, name], |r| r.get(0)).optional()?;
        if let Some(id) = existing {
            return Ok(id);
        }
        self.exec("INSERT INTO sites (organisation_id, name) VALUES (?1, ?2)", params![org, name])?;
        let id = self.tx.last_insert_rowid();
        self.record("site.add", None, format!("organisation:{org}"), None, Some(json!({"site": name})))?;
        Ok(id)
    }

    /// Create an assessment (status draft, revision 1).
    pub fn create_assessment(&mut self, new: &NewAssessment) -> Result<Assessment> {
        let site_id = match new.site.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(self.ensure_site(new.organisation_id, s)?),
            None => None,
        };
        let scope = serde_json::to_string(&new.scope).unwrap_or_else(|_| "{}".into());
        self.exec(
            "INSERT INTO assessments (organisation_id, site_id, catalog_id, catalog_version, scope, kind, auditor,
                                      started_on, ended_on, status, revision, created_at, updated_at, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'draft', 1, ?10, ?10, ?11)",
            params![
                new.organisation_id,
                site_id,
                new.catalog_id,
                new.catalog_version,
                scope,
                new.kind.as_str(),
                new.auditor,
                new.started_on.map(|d| d.to_string()),
                new.ended_on.map(|d| d.to_string()),
                self.at,
                new_uid()
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        let a = assessment_by_id(self.tx, id)?;
        self.record(
            "assessment.create",
            Some(id),
            format!("assessment:{id}"),
            None,
            Some(serde_json::to_value(&a).unwrap_or(Value::Null)),
        )?;
        Ok(a)
    }

    fn result_json(&self, id: AssessmentId, item: &str) -> Result<Option<ItemResult>> {
        Ok(self
            .query_row(
                "SELECT item_id, answer, answer_raw, remark, verdict, note, updated_at FROM item_results
                 WHERE assessment_id = ?1 AND item_id = ?2",
                params![id, item],
                item_result_row,
            )
            .optional()?)
    }

    fn ensure_result_row(&self, id: AssessmentId, item: &str) -> Result<()> {
        self.exec(
            "INSERT OR IGNORE INTO item_results (assessment_id, item_id, updated_at) VALUES (?1, ?2, ?3)",
            params![id, item, self.at],
        )?;
        Ok(())
    }

    /// Record the supplier's answer to an item (as imported).
    pub fn set_supplier_answer(
        &mut self,
        id: AssessmentId,
        item: &str,
        answer: SupplierAnswer,
        raw: Option<&str>,
        remark: Option<&str>,
    ) -> Result<()> {
        self.set_supplier_answers(id, &[NewAnswer { item, answer, raw, remark }])
    }

    /// Record the supplier's answers to many items (an import): the assessment is checked and
    /// touched once, and each answer still gets its own audit event with its before/after.
    pub fn set_supplier_answers(&mut self, id: AssessmentId, answers: &[NewAnswer<'_>]) -> Result<()> {
        self.editable(id)?;
        // The answers already stored, read once (not one query per answer), kept current as
        // answers are written so an item listed twice gets the right "before".
        let mut stored: HashMap<String, Value> = HashMap::new();
        {
            let mut stmt =
                self.tx.prepare_cached("SELECT item_id, answer, answer_raw, remark FROM item_results WHERE assessment_id = ?1")?;
            let rows = stmt.query_map([id], |r| {
                let answer: String = r.get(1)?;
                let (raw, remark): (Option<String>, Option<String>) = (r.get(2)?, r.get(3)?);
                Ok((r.get::<_, String>(0)?, parse_col::<SupplierAnswer>(answer)?, raw, remark))
            })?;
            for row in rows {
                let (item, answer, raw, remark) = row?;
                stored.insert(item, json!({"answer": answer, "answer_raw": raw, "remark": remark}));
            }
        }
        for a in answers {
            let after = json!({"answer": a.answer, "answer_raw": a.raw, "remark": a.remark});
            let before = stored.insert(a.item.to_string(), after.clone());
            self.put_supplier_answer(id, a, before, after)?;
        }
        self.touch(id)
    }

    /// One answer and its audit event; the caller has checked the assessment is editable.
    fn put_supplier_answer(&mut self, id: AssessmentId, a: &NewAnswer<'_>, before: Option<Value>, after: Value) -> Result<()> {
        // One upsert: a new row gets the defaults (unverified, no note) and the answer.
        self.exec(
            "INSERT INTO item_results (assessment_id, item_id, answer, answer_raw, remark, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (assessment_id, item_id) DO UPDATE SET
                 answer = excluded.answer, answer_raw = excluded.answer_raw, remark = excluded.remark, updated_at = excluded.updated_at",
            params![id, a.item, a.answer.as_str(), a.raw, a.remark, self.at],
        )?;
        self.record("answer.set", Some(id), format!("item:{}", a.item), before, Some(after))?;
        Ok(())
    }

    /// Record the auditor's verdict (and, when given, the note) on an item.
    pub fn set_verdict(&mut self, id: AssessmentId, item: &str, verdict: Verdict, note: Option<&str>) -> Result<()> {
        self.editable(id)?;
        let before = self.result_json(id, item)?;
        self.ensure_result_row(id, item)?;
        match note {
            Some(n) => self.exec(
                "UPDATE item_results SET verdict = ?3, note = ?4, updated_at = ?5 WHERE assessment_id = ?1 AND item_id = ?2",
                params![id, item, verdict.as_str(), n, self.at],
            )?,
            None => self.exec(
                "UPDATE item_results SET verdict = ?3, updated_at = ?4 WHERE assessment_id = ?1 AND item_id = ?2",
                params![id, item, verdict.as_str(), self.at],
            )?,
        };
        self.exec("UPDATE assessments SET last_item = ?2 WHERE id = ?1", params![id, item])?;
        let mut after = json!({"verdict": verdict});
        if let Some(n) = note {
            after["note"] = json!(n);
        }
        self.record(
            "verdict.set",
            Some(id),
            format!("item:{item}"),
            before.map(|b| json!({"verdict": b.verdict, "note": b.note})),
            Some(after),
        )?;
        self.touch(id)
    }

    /// Record the auditor's note on an item (saved as typed).
    pub fn set_note(&mut self, id: AssessmentId, item: &str, note: &str) -> Result<()> {
        self.editable(id)?;
        let before = self.result_json(id, item)?;
        if before.as_ref().and_then(|b| b.note.as_deref()) == Some(note) {
            return Ok(());
        }
        self.ensure_result_row(id, item)?;
        self.exec(
            "UPDATE item_results SET note = ?3, updated_at = ?4 WHERE assessment_id = ?1 AND item_id = ?2",
            params![id, item, note, self.at],
        )?;
        self.exec("UPDATE assessments SET last_item = ?2 WHERE id = ?1", params![id, item])?;
        self.record("note.set", Some(id), format!("item:{item}"), before.map(|b| json!({"note": b.note})), Some(json!({"note": note})))?;
        self.touch(id)
    }

    /// Remember the item the auditor is on (not audited: it is navigation, not data).
    pub fn set_last_item(&mut self, id: AssessmentId, item: &str) -> Result<()> {
        self.exec("UPDATE assessments SET last_item = ?2 WHERE id = ?1", params![id, item])?;
        Ok(())
    }

    /// Add an item the imported sheet carries but the catalog lacks.
    pub fn add_extra_item(&mut self, id: AssessmentId, item: &Item) -> Result<()> {
        self.add_extra_items(id, [item])
    }

    /// Add the items an imported sheet carries but the catalog lacks, in order (the assessment
    /// is checked once; each item gets its own audit event).
    pub fn add_extra_items<'i>(&mut self, id: AssessmentId, items: impl IntoIterator<Item = &'i Item>) -> Result<()> {
        self.editable(id)?;
        for item in items {
            self.put_extra_item(id, item)?;
        }
        Ok(())
    }

    fn put_extra_item(&mut self, id: AssessmentId, item: &Item) -> Result<()> {
        let position: i64 = self.query_row("SELECT count(*) FROM extra_items WHERE assessment_id = ?1", [id], |r| r.get(0))?;
        let json = serde_json::to_string(item).map_err(|e| Error::from(Invalid::ExtraItemEncode { cause: e.to_string() }))?;
        self.exec(
            "INSERT INTO extra_items (assessment_id, item_id, position, item) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (assessment_id, item_id) DO UPDATE SET item = excluded.item",
            params![id, item.id, position, json],
        )?;
        self.record(
            "item.add_extra",
            Some(id),
            format!("item:{}", item.id),
            None,
            Some(serde_json::to_value(item).unwrap_or(Value::Null)),
        )?;
        Ok(())
    }

    /// Store an evidence file (bytes and SHA-256) and link it to items.
    pub fn add_evidence(&mut self, id: AssessmentId, new: &NewEvidence) -> Result<Evidence> {
        self.editable(id)?;
        let sha = sha256_hex(&new.bytes);
        let media = new.media_type.clone().unwrap_or_else(|| guess_media_type(&new.file_name).to_string());
        self.exec(
            "INSERT INTO evidence (assessment_id, file_name, media_type, size, sha256, role, bytes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, new.file_name, media, new.bytes.len() as i64, sha, new.role.as_str(), new.bytes, self.at],
        )?;
        let eid = self.tx.last_insert_rowid();
        // The items as stored (a repeated item is linked once), so the event says what the rows hold.
        let mut items: Vec<String> = Vec::with_capacity(new.items.len());
        for item in &new.items {
            if !items.contains(item) {
                self.exec("INSERT OR IGNORE INTO evidence_items (evidence_id, item_id) VALUES (?1, ?2)", params![eid, item])?;
                items.push(item.clone());
            }
        }
        let ev = Evidence {
            id: eid,
            assessment_id: id,
            file_name: new.file_name.clone(),
            media_type: media,
            size: new.bytes.len() as i64,
            sha256: sha,
            role: new.role,
            items,
            created_at: self.at.clone(),
        };
        self.record("evidence.add", Some(id), format!("evidence:{eid}"), None, Some(serde_json::to_value(&ev).unwrap_or(Value::Null)))?;
        self.touch(id)?;
        Ok(ev)
    }

    /// Evidence of this assessment with the same SHA-256 and role, if any (duplicate detection).
    pub fn evidence_with_hash(&self, id: AssessmentId, sha256: &str, role: EvidenceRole) -> Result<Option<i64>> {
        Ok(self
            .query_row(
                "SELECT id FROM evidence WHERE assessment_id = ?1 AND sha256 = ?2 AND role = ?3 LIMIT 1",
                params![id, sha256, role.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Add a finding with its corrective action (status open).
    pub fn add_finding(&mut self, new: &NewFinding) -> Result<Finding> {
        self.editable(new.assessment_id)?;
        if new.description.trim().is_empty() {
            return Err(Invalid::FindingNoDescription {}.into());
        }
        self.exec(
            "INSERT INTO findings (assessment_id, item_id, severity, description, corrective_action, owner, due_date, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?8)",
            params![
                new.assessment_id,
                new.item_id,
                new.severity.as_str(),
                new.description,
                new.corrective_action,
                new.owner,
                new.due_date.map(|d| d.to_string()),
                self.at
            ],
        )?;
        let fid = self.tx.last_insert_rowid();
        let f = self.finding(fid)?;
        self.record(
            "finding.add",
            Some(new.assessment_id),
            format!("finding:{fid}"),
            None,
            Some(serde_json::to_value(&f).unwrap_or(Value::Null)),
        )?;
        self.touch(new.assessment_id)?;
        Ok(f)
    }

    fn finding(&self, fid: i64) -> Result<Finding> {
        self.query_row(&format!("SELECT {FINDING_COLS} FROM findings WHERE id = ?1"), [fid], finding_row)
            .optional()?
            .ok_or_else(|| Error::not_found("finding", fid))
    }

    /// Change a finding or its corrective action.
    pub fn update_finding(&mut self, fid: i64, patch: &FindingPatch) -> Result<Finding> {
        let before = self.finding(fid)?;
        self.editable(before.assessment_id)?;
        let mut f = before.clone();
        if let Some(s) = patch.severity {
            f.severity = s;
        }
        if let Some(d) = &patch.description {
            f.description = d.clone();
        }
        if let Some(c) = &patch.corrective_action {
            f.corrective_action = Some(c.clone());
        }
        if let Some(o) = &patch.owner {
            f.owner = Some(o.clone());
        }
        if let Some(d) = patch.due_date {
            f.due_date = Some(d);
        }
        if let Some(s) = patch.status {
            f.status = s;
        }
        self.exec(
            "UPDATE findings SET severity = ?2, description = ?3, corrective_action = ?4, owner = ?5, due_date = ?6, status = ?7, updated_at = ?8 WHERE id = ?1",
            params![fid, f.severity.as_str(), f.description, f.corrective_action, f.owner, f.due_date.map(|d| d.to_string()), f.status.as_str(), self.at],
        )?;
        let after = self.finding(fid)?;
        self.record(
            "finding.update",
            Some(before.assessment_id),
            format!("finding:{fid}"),
            Some(serde_json::to_value(&before).unwrap_or(Value::Null)),
            Some(serde_json::to_value(&after).unwrap_or(Value::Null)),
        )?;
        self.touch(before.assessment_id)?;
        Ok(after)
    }

    /// Move an assessment between draft and in review. Signing is [`Writer::mark_signed`].
    pub fn set_status(&mut self, id: AssessmentId, status: AssessmentStatus) -> Result<()> {
        let was = self.editable(id)?;
        if status == AssessmentStatus::Signed {
            return Err(Invalid::SignByExport {}.into());
        }
        self.exec("UPDATE assessments SET status = ?2 WHERE id = ?1", params![id, status.as_str()])?;
        self.record(
            "assessment.status",
            Some(id),
            format!("assessment:{id}"),
            Some(json!({"status": was})),
            Some(json!({"status": status})),
        )?;
        self.touch(id)
    }

    /// Mark an assessment signed (read-only), recording what was signed in the trail.
    pub fn mark_signed(&mut self, id: AssessmentId, details: Value) -> Result<()> {
        let was = self.editable(id)?;
        self.exec("UPDATE assessments SET status = 'signed', updated_at = ?2 WHERE id = ?1", params![id, self.at])?;
        self.record("assessment.sign", Some(id), format!("assessment:{id}"), Some(json!({"status": was})), Some(details))?;
        Ok(())
    }

    /// The local id of the assessment with this uid, if it is here.
    pub fn assessment_id_by_uid(&self, uid: &str) -> Result<Option<AssessmentId>> {
        Ok(self.query_row("SELECT id FROM assessments WHERE uid = ?1", [uid], |r| r.get(0)).optional()?)
    }

    /// Store an assessment document from a bundle, idempotently (by uid): returns the local id
    /// and whether it was created. `status` is the status it is stored with (the bundle code
    /// stores an untrusted bundle `in_review`, never `signed`); `provenance` is kept in
    /// `bundle_imports` and in the audit event. Only a trusted bundle is linked as a revision of
    /// an assessment already here. `evidence_bytes` is asked for each evidence file in turn, so
    /// only one is held in memory at a time; its bytes are checked against the document's SHA-256.
    pub fn insert_document<E: From<Error>>(
        &mut self,
        doc: &tenken_domain::document::AssessmentDocument,
        provenance: &tenken_domain::model::BundleProvenance,
        status: AssessmentStatus,
        evidence_bytes: &mut dyn FnMut(&Evidence) -> Result<Vec<u8>, E>,
    ) -> Result<(AssessmentId, bool), E> {
        let a = &doc.assessment;
        if let Some(id) = self.assessment_id_by_uid(&a.uid)? {
            return Ok((id, false));
        }
        let org = self.ensure_organisation(&doc.organisation.name, doc.organisation.kind)?;
        let site_id = match doc.site.as_deref() {
            Some(s) => Some(self.ensure_site(org.id, s)?),
            None => None,
        };
        let previous: Option<i64> = match &doc.previous_uid {
            Some(uid) if provenance.is_trusted() => self.assessment_id_by_uid(uid)?,
            _ => None,
        };
        self.exec_store(
            "INSERT INTO assessments (organisation_id, site_id, catalog_id, catalog_version, scope, kind, auditor, started_on,
                                      ended_on, status, revision, previous_revision, created_at, updated_at, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                org.id,
                site_id,
                a.catalog_id,
                a.catalog_version,
                serde_json::to_string(&a.scope).unwrap_or_else(|_| "{}".into()),
                a.kind.as_str(),
                a.auditor,
                a.started_on.map(|d| d.to_string()),
                a.ended_on.map(|d| d.to_string()),
                status.as_str(),
                a.revision,
                previous,
                a.created_at,
                a.updated_at,
                a.uid
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        for r in &doc.results {
            self.exec_store(
                "INSERT INTO item_results (assessment_id, item_id, answer, answer_raw, remark, verdict, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, r.item_id, r.answer.as_str(), r.answer_raw, r.remark, r.verdict.as_str(), r.note, r.updated_at],
            )?;
        }
        for (pos, item) in doc.extra_items.iter().enumerate() {
            let json = serde_json::to_string(item).map_err(|e| Error::from(Invalid::ExtraItemEncode { cause: e.to_string() }))?;
            self.exec_store(
                "INSERT INTO extra_items (assessment_id, item_id, position, item) VALUES (?1, ?2, ?3, ?4)",
                params![id, item.id, pos as i64, json],
            )?;
        }
        for f in &doc.findings {
            self.exec_store(
                "INSERT INTO findings (assessment_id, item_id, severity, description, corrective_action, owner, due_date, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![id, f.item_id, f.severity.as_str(), f.description, f.corrective_action, f.owner, f.due_date.map(|d| d.to_string()), f.status.as_str(), f.created_at, f.updated_at],
            )?;
        }
        for e in &doc.evidence {
            let bytes = evidence_bytes(e)?;
            if sha256_hex(&bytes) != e.sha256 {
                return Err(Error::from(Invalid::EvidenceHashMismatch { id: e.id.to_string(), file: e.file_name.clone() }).into());
            }
            self.exec_store(
                "INSERT INTO evidence (assessment_id, file_name, media_type, size, sha256, role, bytes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, e.file_name, e.media_type, e.size, e.sha256, e.role.as_str(), bytes, e.created_at],
            )?;
            let eid = self.tx.last_insert_rowid();
            for item in &e.items {
                self.exec_store("INSERT OR IGNORE INTO evidence_items (evidence_id, item_id) VALUES (?1, ?2)", params![eid, item])?;
            }
        }
        // The imported rows themselves, so `tenken log --verify` can rebuild this assessment from
        // the trail like any other (the bundle's own trail is the source database's).
        let rows = self.rows_snapshot(id)?;
        self.record("assessment.import_rows", Some(id), format!("assessment:{id}"), None, Some(rows))?;
        self.record(
            "assessment.import_bundle",
            Some(id),
            format!("assessment:{id}"),
            None,
            Some(json!({"uid": a.uid, "revision": a.revision, "status": status, "bundle_status": a.status, "from": doc.generator,
                        "exported_at": doc.exported_at, "source_trail_rows": doc.trail.len(), "trust": provenance.trust,
                        "signer": provenance.signer, "signer_cert_sha256": provenance.signer_cert_sha256,
                        "root_sha256": provenance.root_sha256, "manifest_sha256": provenance.manifest_sha256,
                        "previous_uid": doc.previous_uid, "linked_previous": previous})),
        )?;
        self.exec_store(
            "INSERT INTO bundle_imports (assessment_id, trust, signer, signer_cert_sha256, root_sha256, manifest_sha256, bundle_created_at, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                provenance.trust.word(),
                provenance.signer,
                provenance.signer_cert_sha256,
                provenance.root_sha256,
                provenance.manifest_sha256,
                provenance.bundle_created_at,
                self.at
            ],
        )?;
        Ok((id, true))
    }

    /// Reopen a signed assessment: the signed revision stays intact and a new draft revision is
    /// created with a copy of its results, extra items, evidence links and findings.
    pub fn reopen(&mut self, id: AssessmentId) -> Result<Assessment> {
        let old = assessment_by_id(self.tx, id)?;
        if old.status != AssessmentStatus::Signed {
            return Err(Invalid::NotSigned { id }.into());
        }
        self.exec(
            "INSERT INTO assessments (organisation_id, site_id, catalog_id, catalog_version, scope, kind, auditor,
                                      started_on, ended_on, status, revision, previous_revision, created_at, updated_at, last_item, uid)
             SELECT organisation_id, site_id, catalog_id, catalog_version, scope, kind, auditor, started_on, ended_on,
                    'draft', revision + 1, id, ?2, ?2, last_item, ?3 FROM assessments WHERE id = ?1",
            params![id, self.at, new_uid()],
        )?;
        let new_id = self.tx.last_insert_rowid();
        self.exec(
            "INSERT INTO item_results (assessment_id, item_id, answer, answer_raw, remark, verdict, note, updated_at)
             SELECT ?2, item_id, answer, answer_raw, remark, verdict, note, updated_at FROM item_results WHERE assessment_id = ?1 ORDER BY rowid",
            params![id, new_id],
        )?;
        self.exec(
            "INSERT INTO extra_items (assessment_id, item_id, position, item) SELECT ?2, item_id, position, item FROM extra_items WHERE assessment_id = ?1",
            params![id, new_id],
        )?;
        // Findings and evidence are copied one by one so the trail can record which new row is a
        // copy of which (the replay of `tenken log --verify` needs it).
        let findings: Vec<i64> = {
            let mut stmt = self.tx.prepare("SELECT id FROM findings WHERE assessment_id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut finding_copies = Vec::with_capacity(findings.len());
        for fid in findings {
            self.exec(
                "INSERT INTO findings (assessment_id, item_id, severity, description, corrective_action, owner, due_date, status, created_at, updated_at)
                 SELECT ?2, item_id, severity, description, corrective_action, owner, due_date, status, created_at, updated_at FROM findings WHERE id = ?1",
                params![fid, new_id],
            )?;
            finding_copies.push(json!([fid, self.tx.last_insert_rowid()]));
        }
        let mut evidence_copies = Vec::new();
        let evidence: Vec<i64> = {
            let mut stmt = self.tx.prepare("SELECT id FROM evidence WHERE assessment_id = ?1 AND role != 'exported_report' ORDER BY id")?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        for eid in evidence {
            self.exec(
                "INSERT INTO evidence (assessment_id, file_name, media_type, size, sha256, role, bytes, created_at)
                 SELECT ?2, file_name, media_type, size, sha256, role, bytes, created_at FROM evidence WHERE id = ?1",
                params![eid, new_id],
            )?;
            let copy = self.tx.last_insert_rowid();
            self.exec(
                "INSERT INTO evidence_items (evidence_id, item_id) SELECT ?2, item_id FROM evidence_items WHERE evidence_id = ?1 ORDER BY rowid",
                params![eid, copy],
            )?;
            evidence_copies.push(json!([eid, copy]));
        }
        let new = assessment_by_id(self.tx, new_id)?;
        self.record(
            "assessment.reopen",
            Some(new_id),
            format!("assessment:{new_id}"),
            Some(json!({"signed_revision": id, "revision": old.revision})),
            Some(json!({"revision": new.revision, "uid": new.uid, "findings": finding_copies, "evidence": evidence_copies})),
        )?;
        Ok(new)
    }

    /// An assessment with all its rows as stored, as JSON: what `assessment.import_rows` records.
    fn rows_snapshot(&self, id: AssessmentId) -> Result<Value> {
        let assessment = assessment_by_id(self.tx, id)?;
        let results: Vec<ItemResult> = {
            let mut stmt = self.tx.prepare(
                "SELECT item_id, answer, answer_raw, remark, verdict, note, updated_at FROM item_results WHERE assessment_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt.query_map([id], item_result_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let extra_items: Vec<Value> = {
            let mut stmt = self.tx.prepare("SELECT item FROM extra_items WHERE assessment_id = ?1 ORDER BY position")?;
            let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?.iter().map(|t| serde_json::from_str(t).unwrap_or(Value::Null)).collect()
        };
        let findings: Vec<Finding> = {
            let mut stmt = self.tx.prepare(&format!("SELECT {FINDING_COLS} FROM findings WHERE assessment_id = ?1 ORDER BY id"))?;
            let rows = stmt.query_map([id], finding_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut evidence: Vec<Value> = Vec::new();
        {
            let mut stmt = self.tx.prepare(
                "SELECT id, file_name, media_type, size, sha256, role, created_at FROM evidence WHERE assessment_id = ?1 ORDER BY id",
            )?;
            let mut items = self.tx.prepare("SELECT item_id FROM evidence_items WHERE evidence_id = ?1 ORDER BY rowid")?;
            let rows = stmt.query_map([id], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "assessment_id": id, "file_name": r.get::<_, String>(1)?, "media_type": r.get::<_, String>(2)?,
                    "size": r.get::<_, i64>(3)?, "sha256": r.get::<_, String>(4)?, "role": r.get::<_, String>(5)?, "created_at": r.get::<_, String>(6)?,
                }))
            })?;
            for row in rows {
                let mut row = row?;
                let eid = row["id"].as_i64().unwrap_or_default();
                let linked = items.query_map([eid], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                row["items"] = json!(linked);
                evidence.push(row);
            }
        }
        Ok(json!({
            "assessment": serde_json::to_value(&assessment).unwrap_or(Value::Null),
            "results": serde_json::to_value(&results).unwrap_or(Value::Null),
            "extra_items": extra_items,
            "findings": serde_json::to_value(&findings).unwrap_or(Value::Null),
            "evidence": evidence,
        }))
    }
}
