//! The data tables' rows exactly as SQLite holds them, for checking them against the audit
//! trail (`tenken log --verify` replays the trail and compares).
//!
//! Each row comes back as a map of column name to JSON value (text, integer, real or null),
//! without parsing enums or dates: a row edited by hand to a value Tenken would never write is
//! reported as a difference instead of failing the read.
//!
//! Invariant: read-only, fixed column lists (no SQL is built from input); it does not decide
//! what a difference means — the replay in `crate::trail` does.

use std::collections::BTreeMap;

use rusqlite::types::ValueRef;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Store;
use crate::error::Result;

/// One row: column name → value.
pub type RawRow = BTreeMap<String, Value>;

/// The data tables the audit trail describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataTable {
    /// `organisations`: id, name, kind, code.
    Organisations,
    /// `sites`: id, organisation_id, name.
    Sites,
    /// `assessments`, without the navigation column `last_item` and the timestamps.
    Assessments,
    /// `item_results`, without `updated_at`.
    ItemResults,
    /// `extra_items`.
    ExtraItems,
    /// `evidence`, without the bytes (see [`Store::evidence_digests`]).
    Evidence,
    /// `evidence_items`, in insertion order.
    EvidenceItems,
    /// `findings`.
    Findings,
}

impl DataTable {
    /// The table's name.
    pub fn name(self) -> &'static str {
        match self {
            DataTable::Organisations => "organisations",
            DataTable::Sites => "sites",
            DataTable::Assessments => "assessments",
            DataTable::ItemResults => "item_results",
            DataTable::ExtraItems => "extra_items",
            DataTable::Evidence => "evidence",
            DataTable::EvidenceItems => "evidence_items",
            DataTable::Findings => "findings",
        }
    }

    /// The columns read, and the order rows come in.
    fn columns_and_order(self) -> (&'static [&'static str], &'static str) {
        match self {
            DataTable::Organisations => (&["id", "name", "kind", "code"], "id"),
            DataTable::Sites => (&["id", "organisation_id", "name"], "id"),
            DataTable::Assessments => (
                &[
                    "id",
                    "uid",
                    "organisation_id",
                    "site_id",
                    "catalog_id",
                    "catalog_version",
                    "scope",
                    "kind",
                    "auditor",
                    "started_on",
                    "ended_on",
                    "status",
                    "revision",
                    "previous_revision",
                ],
                "id",
            ),
            DataTable::ItemResults => {
                (&["assessment_id", "item_id", "answer", "answer_raw", "remark", "verdict", "note"], "assessment_id, item_id")
            }
            DataTable::ExtraItems => (&["assessment_id", "item_id", "position", "item"], "assessment_id, position"),
            DataTable::Evidence => (&["id", "assessment_id", "file_name", "media_type", "size", "sha256", "role", "created_at"], "id"),
            DataTable::EvidenceItems => (&["evidence_id", "item_id"], "rowid"),
            DataTable::Findings => (
                &[
                    "id",
                    "assessment_id",
                    "item_id",
                    "severity",
                    "description",
                    "corrective_action",
                    "owner",
                    "due_date",
                    "status",
                    "created_at",
                    "updated_at",
                ],
                "id",
            ),
        }
    }
}

/// A stored value as JSON (a blob, which these columns never hold, as its SHA-256).
fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("blob sha256:{}", hex::encode(Sha256::digest(b)))),
    }
}

impl Store {
    /// Every row of a data table, raw (see the module documentation).
    pub fn raw_rows(&self, table: DataTable) -> Result<Vec<RawRow>> {
        let (columns, order) = table.columns_and_order();
        let sql = format!("SELECT {} FROM {} ORDER BY {order}", columns.join(", "), table.name());
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            let mut row = RawRow::new();
            for (i, c) in columns.iter().enumerate() {
                row.insert((*c).to_string(), to_json(r.get_ref(i)?));
            }
            Ok(row)
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The SHA-256 (hex) of every evidence file's stored bytes, by evidence id, computed one
    /// file at a time (never more than one file's bytes in memory).
    pub fn evidence_digests(&self) -> Result<BTreeMap<i64, String>> {
        let ids: Vec<i64> = {
            let mut stmt = self.conn.prepare("SELECT id FROM evidence ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut out = BTreeMap::new();
        for id in ids {
            let digest = self.conn.query_row("SELECT bytes FROM evidence WHERE id = ?1", [id], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Blob(b) | ValueRef::Text(b) => hex::encode(Sha256::digest(b)),
                    _ => String::new(),
                })
            })?;
            out.insert(id, digest);
        }
        Ok(out)
    }
}
