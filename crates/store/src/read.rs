//! Queries: reading organisations, assessments, results, evidence, findings and the trail.

use rusqlite::{params, OptionalExtension, Row};

use super::{audit, Store};
use crate::error::{Error, Invalid, Result};
use tenken_domain::catalog::Item;
use tenken_domain::model::*;

/// Parse a stored enum name, reporting a damaged row instead of panicking.
pub(crate) fn parse_col<T: std::str::FromStr>(s: String) -> rusqlite::Result<T> {
    s.parse::<T>().map_err(|_| rusqlite::Error::InvalidColumnType(0, s, rusqlite::types::Type::Text))
}

pub(crate) fn parse_date(s: Option<String>) -> Option<chrono::NaiveDate> {
    s.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

pub(crate) const ASSESSMENT_COLS: &str = "a.id, a.organisation_id, o.name, a.site_id, a.catalog_id, a.catalog_version, \
     a.scope, a.kind, a.auditor, a.started_on, a.ended_on, a.status, a.revision, a.previous_revision, \
     a.created_at, a.updated_at, a.uid";

pub(crate) fn assessment_row(r: &Row<'_>) -> rusqlite::Result<Assessment> {
    let scope: String = r.get(6)?;
    Ok(Assessment {
        id: r.get(0)?,
        organisation_id: r.get(1)?,
        organisation_name: r.get(2)?,
        site_id: r.get(3)?,
        catalog_id: r.get(4)?,
        catalog_version: r.get(5)?,
        scope: serde_json::from_str(&scope).unwrap_or_default(),
        kind: parse_col(r.get(7)?)?,
        auditor: r.get(8)?,
        started_on: parse_date(r.get(9)?),
        ended_on: parse_date(r.get(10)?),
        status: parse_col(r.get(11)?)?,
        revision: r.get(12)?,
        previous_revision: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        uid: r.get(16)?,
    })
}

pub(crate) fn item_result_row(r: &Row<'_>) -> rusqlite::Result<ItemResult> {
    Ok(ItemResult {
        item_id: r.get(0)?,
        answer: parse_col(r.get(1)?)?,
        answer_raw: r.get(2)?,
        remark: r.get(3)?,
        verdict: parse_col(r.get(4)?)?,
        note: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub(crate) fn finding_row(r: &Row<'_>) -> rusqlite::Result<Finding> {
    Ok(Finding {
        id: r.get(0)?,
        assessment_id: r.get(1)?,
        item_id: r.get(2)?,
        severity: parse_col(r.get(3)?)?,
        description: r.get(4)?,
        corrective_action: r.get(5)?,
        owner: r.get(6)?,
        due_date: parse_date(r.get(7)?),
        status: parse_col(r.get(8)?)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub(crate) const FINDING_COLS: &str =
    "id, assessment_id, item_id, severity, description, corrective_action, owner, due_date, status, created_at, updated_at";

pub(crate) fn sites_of(conn: &rusqlite::Connection, org: OrgId) -> rusqlite::Result<Vec<Site>> {
    let mut stmt = conn.prepare("SELECT id, name FROM sites WHERE organisation_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([org], |r| Ok(Site { id: r.get(0)?, name: r.get(1)? }))?;
    rows.collect()
}

fn organisation_where(conn: &rusqlite::Connection, clause: &str, key: &dyn rusqlite::ToSql) -> Result<Option<Organisation>> {
    let org = conn
        .query_row(&format!("SELECT id, name, kind, code, created_at FROM organisations WHERE {clause} LIMIT 1"), [key], |r| {
            Ok(Organisation {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: parse_col(r.get(2)?)?,
                code: r.get(3)?,
                created_at: r.get(4)?,
                sites: Vec::new(),
            })
        })
        .optional()?;
    match org {
        Some(mut o) => {
            o.sites = sites_of(conn, o.id)?;
            Ok(Some(o))
        }
        None => Ok(None),
    }
}

/// The organisation with this row id, if any.
pub(crate) fn organisation_by_id(conn: &rusqlite::Connection, id: OrgId) -> Result<Option<Organisation>> {
    organisation_where(conn, "id = ?1", &id)
}

/// The organisation with this exact name (trimmed), if any: a numeric name is a name.
pub(crate) fn organisation_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Option<Organisation>> {
    organisation_where(conn, "name = ?1", &name.trim())
}

/// The organisation a reference names, if any.
pub(crate) fn organisation_by_ref(conn: &rusqlite::Connection, key: &OrgRef) -> Result<Option<Organisation>> {
    match key {
        OrgRef::Id(id) => organisation_by_id(conn, *id),
        OrgRef::Name(name) => organisation_by_name(conn, name),
    }
}

pub(crate) fn assessment_by_id(conn: &rusqlite::Connection, id: AssessmentId) -> Result<Assessment> {
    conn.query_row(
        &format!("SELECT {ASSESSMENT_COLS} FROM assessments a JOIN organisations o ON o.id = a.organisation_id WHERE a.id = ?1"),
        [id],
        assessment_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("assessment", id))
}

impl Store {
    /// Every organisation with its sites, by name.
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        let mut stmt = self.conn.prepare("SELECT id, name, kind, code, created_at FROM organisations ORDER BY name")?;
        let mut orgs = stmt
            .query_map([], |r| {
                Ok(Organisation {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: parse_col(r.get(2)?)?,
                    code: r.get(3)?,
                    created_at: r.get(4)?,
                    sites: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for o in &mut orgs {
            o.sites = sites_of(&self.conn, o.id)?;
        }
        Ok(orgs)
    }

    /// An organisation by id or by exact name ([`OrgRef`]).
    pub fn organisation(&self, key: &OrgRef) -> Result<Organisation> {
        organisation_by_ref(&self.conn, key)?.ok_or_else(|| Error::not_found("organisation", key))
    }

    /// An organisation by id or by exact name, if it exists.
    pub fn find_organisation(&self, key: &OrgRef) -> Result<Option<Organisation>> {
        organisation_by_ref(&self.conn, key)
    }

    /// For a name made of digits that names no organisation while an organisation has that id:
    /// that organisation. Before ids and names were looked up apart, such a name meant the id;
    /// callers refuse it with a hint rather than silently create a look-alike organisation.
    pub fn organisation_id_lookalike(&self, name: &str) -> Result<Option<Organisation>> {
        let Ok(id) = name.trim().parse::<OrgId>() else {
            return Ok(None);
        };
        if organisation_by_name(&self.conn, name)?.is_some() {
            return Ok(None);
        }
        organisation_by_id(&self.conn, id)
    }

    /// One assessment.
    pub fn assessment(&self, id: AssessmentId) -> Result<Assessment> {
        assessment_by_id(&self.conn, id)
    }

    /// The local id of the assessment with this uid, if it is here.
    pub fn assessment_id_by_uid(&self, uid: &str) -> Result<Option<AssessmentId>> {
        use rusqlite::OptionalExtension;
        Ok(self.conn.query_row("SELECT id FROM assessments WHERE uid = ?1", [uid], |r| r.get(0)).optional()?)
    }

    /// Assessments, newest first, optionally of one organisation.
    pub fn assessments(&self, organisation: Option<OrgId>) -> Result<Vec<Assessment>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ASSESSMENT_COLS} FROM assessments a JOIN organisations o ON o.id = a.organisation_id
             WHERE (?1 IS NULL OR a.organisation_id = ?1) ORDER BY a.id DESC"
        ))?;
        let rows = stmt.query_map([organisation], assessment_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The recorded results of an assessment, by item id order of recording.
    pub fn item_results(&self, id: AssessmentId) -> Result<Vec<ItemResult>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT item_id, answer, answer_raw, remark, verdict, note, updated_at FROM item_results
             WHERE assessment_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([id], item_result_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The answer and verdict of every item, without the texts (raw answer, remark, note and
    /// time are left empty): what scoring and progress read, for lists of many assessments.
    pub fn item_states(&self, id: AssessmentId) -> Result<Vec<ItemResult>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT item_id, answer, verdict FROM item_results WHERE assessment_id = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([id], |r| {
            Ok(ItemResult {
                item_id: r.get(0)?,
                answer: parse_col(r.get(1)?)?,
                answer_raw: None,
                remark: None,
                verdict: parse_col(r.get(2)?)?,
                note: None,
                updated_at: String::new(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One item's result, if recorded.
    pub fn item_result(&self, id: AssessmentId, item: &str) -> Result<Option<ItemResult>> {
        Ok(self
            .conn
            .query_row(
                "SELECT item_id, answer, answer_raw, remark, verdict, note, updated_at FROM item_results
                 WHERE assessment_id = ?1 AND item_id = ?2",
                params![id, item],
                item_result_row,
            )
            .optional()?)
    }

    /// Items an imported sheet carried that the catalog lacks, in sheet order.
    pub fn extra_items(&self, id: AssessmentId) -> Result<Vec<Item>> {
        parse_extra_items(&self.extra_items_stored(id)?)
    }

    /// The extra items as stored (JSON), for callers that parse them elsewhere (in parallel).
    pub fn extra_items_stored(&self, id: AssessmentId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT item FROM extra_items WHERE assessment_id = ?1 ORDER BY position")?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Evidence files of an assessment (without their bytes).
    pub fn evidence(&self, id: AssessmentId) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, assessment_id, file_name, media_type, size, sha256, role, created_at FROM evidence
             WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let mut list = stmt
            .query_map([id], |r| {
                Ok(Evidence {
                    id: r.get(0)?,
                    assessment_id: r.get(1)?,
                    file_name: r.get(2)?,
                    media_type: r.get(3)?,
                    size: r.get(4)?,
                    sha256: r.get(5)?,
                    role: parse_col(r.get(6)?)?,
                    created_at: r.get(7)?,
                    items: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items = self.conn.prepare("SELECT item_id FROM evidence_items WHERE evidence_id = ?1 ORDER BY rowid")?;
        for e in &mut list {
            e.items = items.query_map([e.id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        }
        Ok(list)
    }

    /// The bytes of one evidence file.
    pub fn evidence_bytes(&self, evidence_id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT bytes FROM evidence WHERE id = ?1", [evidence_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("evidence", evidence_id))
    }

    /// Findings of an assessment.
    pub fn findings(&self, id: AssessmentId) -> Result<Vec<Finding>> {
        let mut stmt = self.conn.prepare(&format!("SELECT {FINDING_COLS} FROM findings WHERE assessment_id = ?1 ORDER BY id"))?;
        let rows = stmt.query_map([id], finding_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The audit trail of one assessment, or the whole trail with `None`.
    pub fn events(&self, assessment: Option<AssessmentId>) -> Result<Vec<AuditEvent>> {
        audit::events(&self.conn, assessment)
    }

    /// The item the auditor last worked on in an assessment ("resume where I left off").
    pub fn last_item(&self, id: AssessmentId) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT last_item FROM assessments WHERE id = ?1", [id], |r| r.get(0)).optional()?.flatten())
    }

    /// Where an assessment imported from a bundle came from (`None` for one made here).
    pub fn bundle_provenance(&self, id: AssessmentId) -> Result<Option<BundleProvenance>> {
        let row = self
            .conn
            .query_row(
                "SELECT trust, signer, signer_cert_sha256, root_sha256, manifest_sha256, bundle_created_at, imported_at
                 FROM bundle_imports WHERE assessment_id = ?1",
                [id],
                |r| {
                    // The table's CHECK allows only these two words.
                    let trust =
                        if r.get::<_, String>(0)? == BundleTrust::Valid.word() { BundleTrust::Valid } else { BundleTrust::Untrusted };
                    Ok(BundleProvenance {
                        trust,
                        signer: r.get(1)?,
                        signer_cert_sha256: r.get(2)?,
                        root_sha256: r.get(3)?,
                        manifest_sha256: r.get(4)?,
                        bundle_created_at: r.get(5)?,
                        imported_at: r.get(6)?,
                    })
                },
            )
            .optional()?;
        Ok(row)
    }
}

/// Parse extra items as [`Store::extra_items_stored`] returns them.
pub fn parse_extra_items(stored: &[String]) -> Result<Vec<Item>> {
    stored.iter().map(|j| serde_json::from_str(j).map_err(|e| Error::from(Invalid::ExtraItemDamaged { cause: e.to_string() }))).collect()
}
