//! The audit trail: an append-only table whose rows are hash-chained.
//!
//! Each row stores the SHA-256 of the previous row and its own hash over the previous hash and
//! its content, so editing, deleting or reordering any row breaks every hash after it. The
//! chain is global (one per database); [`verify_chain`] walks it and names the first bad row.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;
use tenken_domain::model::{AssessmentId, AuditEvent};

/// Hash of the (absent) row before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of a row that its hash covers, in a fixed field order.
#[derive(Serialize)]
struct HashedContent<'a> {
    seq: i64,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    assessment_id: Option<AssessmentId>,
    target: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

/// SHA-256 over `prev_hash`, a newline, and the row content as compact JSON; lowercase hex.
fn row_hash(prev_hash: &str, content: &HashedContent<'_>) -> String {
    let json = serde_json::to_string(content).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(json.as_bytes());
    hex::encode(h.finalize())
}

/// A row of the chain named by its sequence number and hash: the head a report, a bundle or an
/// anchor refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ChainHead {
    /// The row's sequence number.
    pub seq: i64,
    /// The row's hash (lowercase hex SHA-256).
    pub hash: String,
}

/// The last row of the chain, or `None` for an empty trail.
pub fn head(conn: &Connection) -> Result<Option<ChainHead>> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok(ChainHead { seq: r.get(0)?, hash: r.get(1)? }))
        .optional()?)
}

/// The stored hash of row `seq`, if there is such a row.
pub fn hash_at(conn: &Connection, seq: i64) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT hash FROM audit_events WHERE seq = ?1")?.query_row([seq], |r| r.get(0)).optional()?)
}

/// An event about to be appended.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// Who.
    pub actor: &'a str,
    /// What, e.g. `verdict.set`.
    pub action: &'a str,
    /// The assessment concerned.
    pub assessment_id: Option<AssessmentId>,
    /// The thing changed, e.g. `item:49`.
    pub target: String,
    /// State before, as JSON.
    pub before: Option<serde_json::Value>,
    /// State after, as JSON.
    pub after: Option<serde_json::Value>,
}

/// Append an event inside the caller's transaction; returns its sequence number.
pub fn append(conn: &Connection, at: &str, ev: &NewEvent<'_>) -> Result<i64> {
    let (seq, prev_hash) = next_link(conn)?;
    append_linked(conn, at, ev, seq, &prev_hash)?;
    Ok(seq)
}

/// The sequence number and previous-row hash the next event gets.
pub(crate) fn next_link(conn: &Connection) -> Result<(i64, String)> {
    // Cached statements: an import appends hundreds of events in one transaction.
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    })
}

/// Append an event as row `seq` after the row whose hash is `prev_hash` (from [`next_link`], or
/// from the previous append in the same write transaction); returns the new row's hash.
pub(crate) fn append_linked(conn: &Connection, at: &str, ev: &NewEvent<'_>, seq: i64, prev_hash: &str) -> Result<String> {
    let before = ev.before.as_ref().map(|v| v.to_string());
    let after = ev.after.as_ref().map(|v| v.to_string());
    let hash = row_hash(
        prev_hash,
        &HashedContent {
            seq,
            at,
            actor: ev.actor,
            action: ev.action,
            assessment_id: ev.assessment_id,
            target: &ev.target,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    );
    conn.prepare_cached(
        "INSERT INTO audit_events (seq, at, actor, action, assessment_id, target, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![seq, at, ev.actor, ev.action, ev.assessment_id, ev.target, before, after, prev_hash, hash])?;
    Ok(hash)
}

/// A raw row as stored.
struct RawRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    assessment_id: Option<AssessmentId>,
    target: String,
    before: Option<String>,
    after: Option<String>,
    prev_hash: String,
    hash: String,
}

fn read_rows(conn: &Connection, assessment: Option<AssessmentId>) -> Result<Vec<RawRow>> {
    let sql = "SELECT seq, at, actor, action, assessment_id, target, before, after, prev_hash, hash
               FROM audit_events WHERE (?1 IS NULL OR assessment_id = ?1) ORDER BY seq";
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([assessment], |r| {
        Ok(RawRow {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            assessment_id: r.get(4)?,
            target: r.get(5)?,
            before: r.get(6)?,
            after: r.get(7)?,
            prev_hash: r.get(8)?,
            hash: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn parse_json(s: &Option<String>) -> Option<serde_json::Value> {
    s.as_deref().map(|t| serde_json::from_str(t).unwrap_or(serde_json::Value::String(t.to_string())))
}

/// The events of one assessment (or all, with `None`), in order.
pub fn events(conn: &Connection, assessment: Option<AssessmentId>) -> Result<Vec<AuditEvent>> {
    Ok(read_rows(conn, assessment)?
        .into_iter()
        .map(|r| AuditEvent {
            before: parse_json(&r.before),
            after: parse_json(&r.after),
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            assessment_id: r.assessment_id,
            target: r.target,
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
        .collect())
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    /// Rows checked.
    pub rows: usize,
    /// The first broken row and why, if any.
    pub broken: Option<BrokenRow>,
}

/// A row whose hash does not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenRow {
    /// Its sequence number.
    pub seq: i64,
    /// What is wrong (English, as `--json` has always given it).
    pub reason: String,
    /// What is wrong, typed (for a message in either language).
    #[serde(skip)]
    pub problem: ChainProblem,
}

tenken_domain::notices! {
    /// Why a row of the hash chain does not verify.
    pub enum ChainProblem {
        /// Rows are numbered from 1 with no gap; one is missing.
        RowMissing { expected: i64, seq: i64 } = "row_missing" => "row {expected} is missing before row {seq}",
        /// The row's previous-row hash is not the hash of the row before it.
        PrevHash {} = "prev_hash" => "its previous-row hash does not match the row before it",
        /// The row's content does not hash to its hash.
        Content {} = "content" => "its content does not match its hash (the row was changed)",
    }
}

impl ChainProblem {
    /// The same problem found in a backup's trail, at row `seq`.
    pub fn in_backup(&self, seq: i64) -> crate::error::DatabaseProblem {
        use crate::error::DatabaseProblem as D;
        match self {
            ChainProblem::RowMissing { expected, .. } => D::TrailRowMissing { seq, expected: *expected },
            ChainProblem::PrevHash {} => D::TrailPrevHash { seq },
            ChainProblem::Content {} => D::TrailContent { seq },
        }
    }
}

/// Walk the whole chain from the first row; stop at the first row that does not verify.
pub fn verify_chain(conn: &Connection) -> Result<ChainCheck> {
    let rows = read_rows(conn, None)?;
    let mut prev = GENESIS.to_string();
    for (n, r) in rows.iter().enumerate() {
        // Rows are numbered from 1 with no gap.
        let expected_seq = n as i64 + 1;
        let broken = |problem: ChainProblem| {
            Ok(ChainCheck { rows: n + 1, broken: Some(BrokenRow { seq: r.seq, reason: problem.to_string(), problem }) })
        };
        if r.seq != expected_seq {
            return broken(ChainProblem::RowMissing { expected: expected_seq, seq: r.seq });
        }
        if r.prev_hash != prev {
            return broken(ChainProblem::PrevHash {});
        }
        let content = HashedContent {
            seq: r.seq,
            at: &r.at,
            actor: &r.actor,
            action: &r.action,
            assessment_id: r.assessment_id,
            target: &r.target,
            before: r.before.as_deref(),
            after: r.after.as_deref(),
        };
        if row_hash(&r.prev_hash, &content) != r.hash {
            return broken(ChainProblem::Content {});
        }
        prev = r.hash.clone();
    }
    Ok(ChainCheck { rows: rows.len(), broken: None })
}
