//! The audit trail as evidence against people: anchors, replay, and checks against a signed
//! report or bundle.
//!
//! The store keeps a hash chain ([`tenken_store::audit`]); anyone with the file can recompute it.
//! This module adds what needs a key:
//! * an **anchor** ([`append_anchor`]) is an audit event whose `after` value holds a small
//!   statement naming the chain head (`seq` and `hash` of the row before it) signed with the
//!   auditor's key (detached CMS). Every sign-off and every bundle export appends one;
//! * [`verify`] walks the chain, checks every anchor (the statement's hash is the row's hash, the
//!   signature is intact and its signer trusted), requires an anchor after every sign-off, and
//!   **replays** the trail — rebuilds organisations, sites, assessments, answers, verdicts, notes,
//!   extra items, evidence and findings from the events' values — and compares the result with
//!   the data tables, naming the table, the row and both values of every difference;
//! * [`check_against`] compares the database with the chain head a signed PDF report (its
//!   sign-off page and document information) or a bundle manifest carries.
//!
//! What this cannot see is written in `docs/audit-trail.md`: rows after the last anchor are
//! protected by the unkeyed chain only, and the key's holder can re-sign anything.
//!
//! Invariants: it reads the store and never writes to it, except through [`append_anchor`]
//! inside the caller's transaction; signatures are made and checked by [`crate::signing`] only.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use base64ct::{Base64, Encoding};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};
use x509_cert::Certificate;

use crate::error::{Error, Invalid, Result};
use crate::model::{AssessmentId, AuditEvent};
use crate::session::Session;
use crate::signing::{self, Status, UnlockedIdentity};
use crate::trail_notice::TrailNotice;
use tenken_domain::notice::Notice;
use tenken_store::audit::ChainHead;
use tenken_store::raw::{DataTable, RawRow};
use tenken_store::{Store, Writer};

/// The action of an anchor event.
pub const ANCHOR_ACTION: &str = "trail.anchor";
/// First line of an anchor's signed statement.
pub const STATEMENT_FORMAT: &str = "tenken.trail-anchor/1";
/// How a PDF report names the chain head in its document information (Keywords).
pub const PDF_HEAD_TAG: &str = crate::report::TrailHead::KEYWORD_TAG;
/// Largest PDF [`check_against`] reads.
const MAX_PDF: u64 = 512 * 1024 * 1024;
/// Largest `manifest.json` (and its signature) [`check_against`] reads from a bundle.
const MAX_MANIFEST: u64 = 4 * 1024 * 1024;
/// Largest zip central directory [`check_against`] lets the zip reader parse.
const MAX_CENTRAL_DIRECTORY: u64 = 64 * 1024 * 1024;
/// Differences listed one by one before the rest are only counted.
const MAX_LISTED: usize = 200;

/// The statement an anchor signs: format, head row, assessment.
pub fn statement(head: &ChainHead, assessment_uid: &str) -> String {
    format!("{STATEMENT_FORMAT}\nseq={}\nhash={}\nassessment={assessment_uid}\n", head.seq, head.hash)
}

/// A statement read back: the head it names and the assessment uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The chain head signed.
    pub head: ChainHead,
    /// The assessment the anchor was made for.
    pub assessment_uid: String,
}

/// Parse a statement written by [`statement`]; anything else is refused with the reason.
pub fn parse_statement(text: &str) -> std::result::Result<Statement, String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let [format, seq, hash, uid, ""] = lines.as_slice() else {
        return Err("the statement does not have the four lines of tenken.trail-anchor/1".into());
    };
    if *format != STATEMENT_FORMAT {
        return Err(format!("unknown statement format {format:?}"));
    }
    let field = |line: &str, key: &str| line.strip_prefix(key).map(str::to_string).ok_or_else(|| format!("the statement lacks {key}"));
    let seq: i64 = field(seq, "seq=")?.parse().map_err(|_| "the statement's seq is not a number".to_string())?;
    let hash = field(hash, "hash=")?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("the statement's hash is not a SHA-256 in lowercase hex".into());
    }
    Ok(Statement { head: ChainHead { seq, hash }, assessment_uid: field(uid, "assessment=")? })
}

/// Sign the current chain head with `identity` and append the anchor event inside the caller's
/// transaction; returns the head it covers. `purpose` says why (`sign-off`, `bundle-export`).
pub fn append_anchor(
    w: &mut Writer<'_>,
    identity: &UnlockedIdentity,
    assessment: AssessmentId,
    assessment_uid: &str,
    purpose: &str,
    time: DateTime<Utc>,
) -> Result<ChainHead> {
    let head = w.trail_head()?.ok_or(Error::Invalid(Invalid::TrailEmpty {}))?;
    let text = statement(&head, assessment_uid);
    let signature = signing::sign_detached(text.as_bytes(), identity, time)?;
    let fingerprint = signing::certificate::fingerprint(identity.certificate())?;
    let after = json!({
        "purpose": purpose,
        "statement": text,
        "signature": Base64::encode_string(&signature),
        "signer": identity.identity().name,
        "signer_sha256": fingerprint,
        "signed_at": time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    w.record(ANCHOR_ACTION, Some(assessment), format!("trail:{}", head.seq), None, Some(after))?;
    Ok(head)
}

/// Refuse when the assessment has audit events after `made_at`, the head its files (a report,
/// a bundle) were made from: they would not show what is being signed. Nothing is stored.
pub fn refuse_changed_since(w: &Writer<'_>, id: AssessmentId, made_at: Option<&ChainHead>) -> Result<()> {
    let since = made_at.map(|h| h.seq).unwrap_or(0);
    match w.last_event_of(id)? {
        Some(seq) if seq > since => Err(Invalid::ChangedAfterExport { id, seq, since }.into()),
        _ => Ok(()),
    }
}

/// One anchor as checked.
#[derive(Debug, Clone, Serialize)]
pub struct AnchorCheck {
    /// The anchor event's row.
    pub seq: i64,
    /// The assessment it was made for.
    pub assessment_id: Option<AssessmentId>,
    /// Why it was made (`sign-off`, `bundle-export`).
    pub purpose: Option<String>,
    /// The head it signs, as its statement says.
    pub covers: Option<ChainHead>,
    /// The signer's name (certificate CN), when the signature could be read.
    pub signer: Option<String>,
    /// The signer certificate's SHA-256.
    pub signer_sha256: Option<String>,
    /// VALID, UNTRUSTED or INVALID, when the signature could be checked.
    pub signature: Option<Status>,
    /// Why the anchor fails (empty when it holds).
    pub problems: Vec<Notice>,
}

impl AnchorCheck {
    /// Whether the anchor holds: statement matches the chain and the signature is VALID.
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What the replay compared.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReplaySummary {
    /// Assessments rebuilt and compared.
    pub assessments: usize,
    /// Item results compared.
    pub item_results: usize,
    /// Findings compared.
    pub findings: usize,
    /// Evidence files compared (with the SHA-256 of their stored bytes).
    pub evidence: usize,
    /// Assessments the trail cannot rebuild (imported from a bundle, or reopened, by a Tenken
    /// that did not record their rows yet), with the reason; they are not compared.
    pub not_replayed: Vec<String>,
}

/// The chain head a signed PDF or bundle carries, compared with the database.
#[derive(Debug, Clone, Serialize)]
pub struct AgainstCheck {
    /// The file.
    pub file: PathBuf,
    /// `pdf` or `bundle`.
    pub kind: String,
    /// The head the file carries.
    pub head: Option<ChainHead>,
    /// The file's signature (PDF) or manifest signature (bundle).
    pub signature: Option<Status>,
    /// Its signer.
    pub signer: Option<String>,
    /// SHA-256 (hex) of the whole file, for a PDF: the sign-off that made it names it.
    pub sha256: Option<String>,
    /// Why the check fails (empty when the database has that head).
    pub problems: Vec<Notice>,
}

/// The whole verification of a database's audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct TrailReport {
    /// Rows in the chain.
    pub rows: usize,
    /// The first row that breaks the hash chain, if any.
    pub broken: Option<tenken_store::BrokenRow>,
    /// The last row.
    pub head: Option<ChainHead>,
    /// Every anchor.
    pub anchors: Vec<AnchorCheck>,
    /// The last row covered by an anchor that holds.
    pub anchored_to: Option<i64>,
    /// What the replay compared.
    pub replay: ReplaySummary,
    /// The check against a report or bundle, when asked.
    pub against: Option<AgainstCheck>,
    /// Every failure, with its code (empty when the trail holds).
    pub failures: Vec<Notice>,
    /// Things worth knowing that are not failures (the unsigned tail, …).
    pub notes: Vec<Notice>,
}

impl TrailReport {
    /// Whether everything held.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// Add a check against a report or bundle ([`check_against`]); its problems are failures.
    pub fn add_against(&mut self, check: AgainstCheck) {
        self.failures.extend(check.problems.iter().cloned());
        self.against = Some(check);
    }
}

/// Verify the trail: chain, anchors (signers checked against `trusted_roots`), sign-off
/// coverage and replay against the data tables.
pub fn verify(session: &Session, trusted_roots: &[Certificate]) -> Result<TrailReport> {
    let store = &session.store;
    let chain = store.verify_chain()?;
    let events = store.events(None)?;
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    if let Some(b) = &chain.broken {
        failures.push(TrailNotice::ChainBroken { seq: b.seq, reason: b.reason.clone() }.notice());
    }
    let uids: HashMap<i64, String> = store
        .raw_rows(DataTable::Assessments)?
        .into_iter()
        .filter_map(|r| Some((r.get("id")?.as_i64()?, r.get("uid")?.as_str()?.to_string())))
        .collect();
    let hashes: HashMap<i64, &str> = events.iter().map(|e| (e.seq, e.hash.as_str())).collect();
    let anchors: Vec<AnchorCheck> =
        events.iter().filter(|e| e.action == ANCHOR_ACTION).map(|e| check_anchor(e, &hashes, &uids, trusted_roots)).collect();
    for a in anchors.iter().filter(|a| !a.holds()) {
        failures.extend(a.problems.iter().cloned());
    }
    let anchored_to = anchors.iter().filter(|a| a.holds()).filter_map(|a| a.covers.as_ref().map(|c| c.seq)).max();
    for e in events.iter().filter(|e| e.action == "assessment.sign") {
        if anchored_to.is_none_or(|to| to < e.seq) {
            failures.push(
                TrailNotice::SignOffUnanchored {
                    assessment: e.assessment_id.map(|i| i.to_string()).unwrap_or_else(|| "?".into()),
                    seq: e.seq,
                }
                .notice(),
            );
        }
    }
    let head = events.last().map(|e| ChainHead { seq: e.seq, hash: e.hash.clone() });
    match (&head, anchored_to) {
        (None, _) => {}
        (Some(_), None) => notes.push(TrailNotice::NoAnchor {}.notice()),
        (Some(h), Some(to)) if to < h.seq => notes.push(TrailNotice::UnsignedTail { from: to + 1, to: h.seq, anchor: to }.notice()),
        _ => {}
    }
    let mut replay = Replay::default();
    for e in &events {
        replay.apply(e);
    }
    let (summary, differences) = replay.compare(store)?;
    failures.extend(replay.failures);
    let total = differences.len();
    failures.extend(differences.into_iter().take(MAX_LISTED));
    if total > MAX_LISTED {
        failures.push(TrailNotice::MoreDifferences { count: total - MAX_LISTED }.notice());
    }
    Ok(TrailReport { rows: chain.rows, broken: chain.broken, head, anchors, anchored_to, replay: summary, against: None, failures, notes })
}

fn check_anchor(e: &AuditEvent, hashes: &HashMap<i64, &str>, uids: &HashMap<i64, String>, trusted_roots: &[Certificate]) -> AnchorCheck {
    let after = e.after.as_ref().and_then(Value::as_object);
    let text = |k: &str| after.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_string);
    let mut check = AnchorCheck {
        seq: e.seq,
        assessment_id: e.assessment_id,
        purpose: text("purpose"),
        covers: None,
        signer: None,
        signer_sha256: text("signer_sha256"),
        signature: None,
        problems: Vec::new(),
    };
    let (Some(statement_text), Some(signature_b64)) = (text("statement"), text("signature")) else {
        check.problems.push(TrailNotice::AnchorIncomplete { anchor: e.seq }.notice());
        return check;
    };
    match parse_statement(&statement_text) {
        Err(why) => check.problems.push(TrailNotice::AnchorStatement { anchor: e.seq, why }.notice()),
        Ok(st) => {
            if st.head.seq >= e.seq {
                check.problems.push(TrailNotice::AnchorCoversLater { anchor: e.seq, covers: st.head.seq }.notice());
            }
            match hashes.get(&st.head.seq) {
                None => check.problems.push(TrailNotice::AnchorCoversMissing { anchor: e.seq, covers: st.head.seq }.notice()),
                Some(h) if *h != st.head.hash => check.problems.push(
                    TrailNotice::AnchorRewritten { anchor: e.seq, covers: st.head.seq, found: h.to_string(), signed: st.head.hash.clone() }
                        .notice(),
                ),
                Some(_) => {}
            }
            match e.assessment_id.and_then(|id| uids.get(&id)) {
                Some(uid) if *uid == st.assessment_uid => {}
                Some(uid) => check.problems.push(
                    TrailNotice::AnchorOtherAssessment {
                        anchor: e.seq,
                        signed_uid: st.assessment_uid.clone(),
                        assessment: e.assessment_id.unwrap_or_default(),
                        uid: uid.clone(),
                    }
                    .notice(),
                ),
                None => check
                    .problems
                    .push(TrailNotice::AnchorAssessmentMissing { anchor: e.seq, signed_uid: st.assessment_uid.clone() }.notice()),
            }
            check.covers = Some(st.head);
        }
    }
    let signature = match Base64::decode_vec(&signature_b64) {
        Ok(s) => s,
        Err(_) => {
            check.problems.push(TrailNotice::AnchorNotBase64 { anchor: e.seq }.notice());
            return check;
        }
    };
    let v = signing::verify_detached(statement_text.as_bytes(), &signature, trusted_roots);
    check.signature = Some(v.status);
    if let Some(s) = &v.signer {
        check.signer = Some(s.subject.common_name.clone());
        if check.signer_sha256.as_deref() != Some(s.cert_sha256.as_str()) {
            check.problems.push(
                TrailNotice::AnchorSignerMismatch {
                    anchor: e.seq,
                    named: check.signer_sha256.clone().unwrap_or_else(|| "(none)".into()),
                    used: s.cert_sha256.clone(),
                }
                .notice(),
            );
        }
    }
    match v.status {
        Status::Valid => {}
        Status::Untrusted => check.problems.push(
            TrailNotice::AnchorUntrusted {
                anchor: e.seq,
                signer: check.signer.clone().unwrap_or_else(|| "?".into()),
                cert_sha256: v.signer.as_ref().map(|s| s.cert_sha256.clone()).unwrap_or_else(|| "?".into()),
            }
            .notice(),
        ),
        Status::Invalid => check.problems.push(TrailNotice::AnchorInvalid { anchor: e.seq, detail: v.problem_text() }.notice()),
    }
    check
}

// ---------------------------------------------------------------------------------------------
// Replay

/// The columns of an assessment the trail determines.
const ASSESSMENT_FIELDS: &[&str] = &[
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
];
/// The columns of an item result the trail determines.
const RESULT_FIELDS: &[&str] = &["answer", "answer_raw", "remark", "verdict", "note"];
/// The columns of an evidence row the trail determines (plus its items).
const EVIDENCE_FIELDS: &[&str] = &["assessment_id", "file_name", "media_type", "size", "sha256", "role", "created_at", "items"];
/// The columns of a finding the trail determines.
const FINDING_FIELDS: &[&str] = &[
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
];
/// Actions that change an assessment's data; none may follow its sign-off.
const MUTATIONS: &[&str] = &[
    "answer.set",
    "verdict.set",
    "note.set",
    "item.add_extra",
    "evidence.add",
    "finding.add",
    "finding.update",
    "assessment.status",
    "assessment.sign",
    "import.checksheet",
];

/// One assessment as the trail says it is.
#[derive(Debug, Clone, Default)]
struct AssessmentState {
    row: Map<String, Value>,
    results: BTreeMap<String, Map<String, Value>>,
    extras: Vec<(String, Value)>,
    evidence: BTreeMap<i64, Map<String, Value>>,
    findings: BTreeMap<i64, Map<String, Value>>,
    signed_at: Option<i64>,
    /// Why the trail cannot rebuild it, if it cannot.
    not_replayable: Option<String>,
}

#[derive(Default)]
struct Replay {
    organisations: BTreeMap<i64, Map<String, Value>>,
    sites: BTreeSet<(i64, String)>,
    assessments: BTreeMap<i64, AssessmentState>,
    failures: Vec<Notice>,
}

fn pick(from: &Map<String, Value>, fields: &[&str]) -> Map<String, Value> {
    fields.iter().map(|f| (f.to_string(), from.get(*f).cloned().unwrap_or(Value::Null))).collect()
}

fn default_result() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("answer".into(), json!("unanswered"));
    m.insert("answer_raw".into(), Value::Null);
    m.insert("remark".into(), Value::Null);
    m.insert("verdict".into(), json!("unverified"));
    m.insert("note".into(), Value::Null);
    m
}

/// The id after `prefix` in a target such as `finding:12`.
fn target_id(target: &str, prefix: &str) -> Option<i64> {
    target.strip_prefix(prefix)?.parse().ok()
}

impl Replay {
    /// Record why the replay cannot apply event `e` (`why` makes the notice from its row and action).
    fn fail(&mut self, e: &AuditEvent, why: impl FnOnce(i64, String) -> TrailNotice) {
        self.failures.push(why(e.seq, e.action.clone()).notice());
    }

    /// The assessment an event changes, refusing one the trail never created or one signed off.
    fn target_assessment(&mut self, e: &AuditEvent) -> Option<&mut AssessmentState> {
        let Some(id) = e.assessment_id else {
            self.fail(e, |seq, action| TrailNotice::ReplayNoAssessment { seq, action });
            return None;
        };
        let signed_at = match self.assessments.get(&id) {
            None => {
                self.fail(e, |seq, action| TrailNotice::ReplayUnknownAssessment { seq, action, assessment: id });
                return None;
            }
            Some(a) => a.signed_at,
        };
        if let Some(at) = signed_at {
            if MUTATIONS.contains(&e.action.as_str()) {
                self.fail(e, |seq, action| TrailNotice::ReplaySignedChanged { seq, action, assessment: id, signed_at: at });
            }
        }
        self.assessments.get_mut(&id)
    }

    fn apply(&mut self, e: &AuditEvent) {
        let after = e.after.as_ref().and_then(Value::as_object).cloned();
        let needs_after = !matches!(e.action.as_str(), ANCHOR_ACTION);
        let Some(after) = after.or_else(|| (!needs_after).then(Map::new)) else {
            self.fail(e, |seq, action| TrailNotice::ReplayNoAfter { seq, action });
            return;
        };
        let item = e.target.strip_prefix("item:").map(str::to_string);
        match e.action.as_str() {
            "organisation.add" => match target_id(&e.target, "organisation:") {
                Some(id) => {
                    self.organisations.insert(id, pick(&after, &["name", "kind", "code"]));
                }
                None => self.fail(e, |seq, action| TrailNotice::ReplayBadTarget { seq, action, expected: "organisation:ID".into() }),
            },
            "site.add" => match (target_id(&e.target, "organisation:"), after.get("site").and_then(Value::as_str)) {
                (Some(org), Some(name)) => {
                    self.sites.insert((org, name.to_string()));
                }
                _ => self.fail(e, |seq, action| TrailNotice::ReplayNoSite { seq, action }),
            },
            "assessment.create" | "assessment.import_rows" => self.create(e, &after),
            "assessment.import_bundle" => match e.assessment_id {
                Some(id) if self.assessments.contains_key(&id) => {}
                Some(id) => {
                    self.assessments.insert(
                        id,
                        AssessmentState {
                            not_replayable: Some(format!(
                                "assessment {id} was imported from a bundle at row #{} by a Tenken that did not record the imported rows",
                                e.seq
                            )),
                            ..Default::default()
                        },
                    );
                }
                None => self.fail(e, |seq, action| TrailNotice::ReplayNoAssessment { seq, action }),
            },
            "assessment.reopen" => self.reopen(e, &after),
            "answer.set" | "verdict.set" | "note.set" => {
                let Some(item) = item else {
                    return self.fail(e, |seq, action| TrailNotice::ReplayBadTarget { seq, action, expected: "item:ID".into() });
                };
                let Some(a) = self.target_assessment(e) else { return };
                let row = a.results.entry(item).or_insert_with(default_result);
                let keys: &[&str] = match e.action.as_str() {
                    "answer.set" => &["answer", "answer_raw", "remark"],
                    "verdict.set" => &["verdict", "note"],
                    _ => &["note"],
                };
                for k in keys {
                    if let Some(v) = after.get(*k) {
                        row.insert(k.to_string(), v.clone());
                    }
                }
            }
            "item.add_extra" => {
                let Some(item) = item else {
                    return self.fail(e, |seq, action| TrailNotice::ReplayBadTarget { seq, action, expected: "item:ID".into() });
                };
                let Some(a) = self.target_assessment(e) else { return };
                let value = Value::Object(after);
                match a.extras.iter_mut().find(|(id, _)| *id == item) {
                    Some(slot) => slot.1 = value,
                    None => a.extras.push((item, value)),
                }
            }
            "evidence.add" => {
                let Some(id) = target_id(&e.target, "evidence:") else {
                    return self.fail(e, |seq, action| TrailNotice::ReplayBadTarget { seq, action, expected: "evidence:ID".into() });
                };
                let Some(a) = self.target_assessment(e) else { return };
                a.evidence.insert(id, pick(&after, EVIDENCE_FIELDS));
            }
            "finding.add" | "finding.update" => {
                let Some(id) = target_id(&e.target, "finding:") else {
                    return self.fail(e, |seq, action| TrailNotice::ReplayBadTarget { seq, action, expected: "finding:ID".into() });
                };
                let Some(a) = self.target_assessment(e) else { return };
                a.findings.insert(id, pick(&after, FINDING_FIELDS));
            }
            "assessment.status" => {
                let Some(a) = self.target_assessment(e) else { return };
                a.row.insert("status".into(), after.get("status").cloned().unwrap_or(Value::Null));
            }
            "assessment.sign" => {
                let seq = e.seq;
                let Some(a) = self.target_assessment(e) else { return };
                a.row.insert("status".into(), json!("signed"));
                a.signed_at = Some(seq);
            }
            "import.checksheet" => {
                self.target_assessment(e);
            }
            ANCHOR_ACTION => {}
            _ => self.fail(e, |seq, action| TrailNotice::ReplayUnknownAction { seq, action }),
        }
    }

    /// `assessment.create` (the assessment) or `assessment.import_rows` (an imported bundle's
    /// assessment with all its rows).
    fn create(&mut self, e: &AuditEvent, after: &Map<String, Value>) {
        let Some(id) = e.assessment_id else { return self.fail(e, |seq, action| TrailNotice::ReplayNoAssessment { seq, action }) };
        if let Some(existing) = self.assessments.get(&id) {
            if existing.not_replayable.is_none() || e.action == "assessment.create" {
                return self.fail(e, |seq, action| TrailNotice::ReplayExists { seq, action, assessment: id });
            }
        }
        let source = after.get("assessment").and_then(Value::as_object).unwrap_or(after);
        let mut state = AssessmentState { row: pick(source, ASSESSMENT_FIELDS), ..Default::default() };
        if e.action == "assessment.import_rows" {
            let list = |k: &str| after.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
            for r in list("results") {
                if let (Some(item), Some(o)) = (r.get("item_id").and_then(Value::as_str), r.as_object()) {
                    state.results.insert(item.to_string(), pick(o, RESULT_FIELDS));
                }
            }
            for x in list("extra_items") {
                if let Some(item) = x.get("id").and_then(Value::as_str) {
                    state.extras.push((item.to_string(), x.clone()));
                }
            }
            for ev in list("evidence") {
                if let (Some(eid), Some(o)) = (ev.get("id").and_then(Value::as_i64), ev.as_object()) {
                    state.evidence.insert(eid, pick(o, EVIDENCE_FIELDS));
                }
            }
            for f in list("findings") {
                if let (Some(fid), Some(o)) = (f.get("id").and_then(Value::as_i64), f.as_object()) {
                    state.findings.insert(fid, pick(o, FINDING_FIELDS));
                }
            }
            if state.row.get("status").and_then(Value::as_str) == Some("signed") {
                state.signed_at = Some(e.seq);
            }
        }
        self.assessments.insert(id, state);
    }

    /// A reopen: the new revision is a copy of the signed one, with the new ids the event records.
    fn reopen(&mut self, e: &AuditEvent, after: &Map<String, Value>) {
        let Some(new_id) = e.assessment_id else { return self.fail(e, |seq, action| TrailNotice::ReplayNoAssessment { seq, action }) };
        if self.assessments.contains_key(&new_id) {
            return self.fail(e, |seq, action| TrailNotice::ReplayExists { seq, action, assessment: new_id });
        }
        let old_id = e.before.as_ref().and_then(|b| b.get("signed_revision")).and_then(Value::as_i64);
        let Some(old) = old_id.and_then(|o| self.assessments.get(&o)).cloned() else {
            return self.fail(e, |seq, action| TrailNotice::ReplayReopenUnknown { seq, action });
        };
        if old.signed_at.is_none() && old.not_replayable.is_none() {
            self.fail(e, |seq, action| TrailNotice::ReplayReopenUnsigned { seq, action, assessment: old_id.unwrap_or_default() });
        }
        let pairs = |k: &str| -> Option<Vec<(i64, i64)>> {
            after.get(k)?.as_array()?.iter().map(|p| Some((p.get(0)?.as_i64()?, p.get(1)?.as_i64()?))).collect()
        };
        let (Some(uid), Some(findings), Some(evidence)) = (after.get("uid").cloned(), pairs("findings"), pairs("evidence")) else {
            self.assessments.insert(
                new_id,
                AssessmentState {
                    not_replayable: Some(format!(
                        "assessment {new_id} was reopened at row #{} by a Tenken that did not record the copied rows",
                        e.seq
                    )),
                    ..Default::default()
                },
            );
            return;
        };
        let mut state = AssessmentState { not_replayable: old.not_replayable.clone(), ..Default::default() };
        state.row = old.row.clone();
        state.row.insert("uid".into(), uid);
        state.row.insert("status".into(), json!("draft"));
        state.row.insert("revision".into(), after.get("revision").cloned().unwrap_or(Value::Null));
        state.row.insert("previous_revision".into(), json!(old_id));
        state.results = old.results.clone();
        state.extras = old.extras.clone();
        for (from, to) in findings {
            if let Some(mut f) = old.findings.get(&from).cloned() {
                f.insert("assessment_id".into(), json!(new_id));
                state.findings.insert(to, f);
            }
        }
        for (from, to) in evidence {
            if let Some(mut ev) = old.evidence.get(&from).cloned() {
                ev.insert("assessment_id".into(), json!(new_id));
                state.evidence.insert(to, ev);
            }
        }
        self.assessments.insert(new_id, state);
    }

    /// Compare the rebuilt state with the tables; returns what was compared and every difference.
    fn compare(&self, store: &Store) -> Result<(ReplaySummary, Vec<Notice>)> {
        let mut diffs = Vec::new();
        let mut summary = ReplaySummary::default();

        let orgs = keyed(store.raw_rows(DataTable::Organisations)?, |r| r.get("id")?.as_i64());
        compare_maps(
            "organisations",
            &self.organisations,
            &orgs,
            &["name", "kind", "code"],
            |id| (format!("organisation {id}"), id.to_string()),
            &mut diffs,
        );

        let sites: BTreeSet<(i64, String)> = store
            .raw_rows(DataTable::Sites)?
            .into_iter()
            .filter_map(|r| Some((r.get("organisation_id")?.as_i64()?, r.get("name")?.as_str()?.to_string())))
            .collect();
        for s in sites.difference(&self.sites) {
            diffs.push(TrailNotice::NotInTrail { table: "sites".into(), what: site_what(s), key: site_key(s) }.notice());
        }
        for s in self.sites.difference(&sites) {
            diffs.push(TrailNotice::NotInTable { table: "sites".into(), what: site_what(s), key: site_key(s) }.notice());
        }

        let mut table_rows = keyed(store.raw_rows(DataTable::Assessments)?, |r| r.get("id")?.as_i64());
        for row in table_rows.values_mut() {
            parse_json_column(row, "scope");
        }
        let replayed: BTreeMap<i64, Map<String, Value>> =
            self.assessments.iter().filter(|(_, a)| a.not_replayable.is_none()).map(|(id, a)| (*id, a.row.clone())).collect();
        for id in table_rows.keys() {
            if !self.assessments.contains_key(id) {
                diffs.push(
                    TrailNotice::NotInTrail { table: "assessments".into(), what: format!("assessment {id}"), key: id.to_string() }.notice(),
                );
            }
        }
        let known: BTreeMap<i64, Map<String, Value>> =
            table_rows.iter().filter(|(id, _)| replayed.contains_key(id)).map(|(k, v)| (*k, v.clone())).collect();
        compare_maps("assessments", &replayed, &known, ASSESSMENT_FIELDS, |id| (format!("assessment {id}"), id.to_string()), &mut diffs);
        for (id, a) in &self.assessments {
            if let Some(why) = &a.not_replayable {
                summary.not_replayed.push(why.clone());
            } else if !table_rows.contains_key(id) {
                diffs.push(
                    TrailNotice::NotInTable { table: "assessments".into(), what: format!("assessment {id}"), key: id.to_string() }.notice(),
                );
            }
        }
        let replayable = |id: &i64| self.assessments.get(id).is_none_or(|a| a.not_replayable.is_none());
        summary.assessments = replayed.len();

        // Item results.
        let mut results: BTreeMap<(i64, String), Map<String, Value>> = BTreeMap::new();
        for r in store.raw_rows(DataTable::ItemResults)? {
            if let (Some(a), Some(i)) = (r.get("assessment_id").and_then(Value::as_i64), r.get("item_id").and_then(Value::as_str)) {
                results.insert((a, i.to_string()), r.clone().into_iter().collect());
            }
        }
        results.retain(|(a, _), _| replayable(a));
        let expected: BTreeMap<(i64, String), Map<String, Value>> = replayed
            .keys()
            .flat_map(|id| self.assessments[id].results.iter().map(move |(item, row)| ((*id, item.clone()), row.clone())))
            .collect();
        summary.item_results = expected.len();
        compare_maps(
            "item_results",
            &expected,
            &results,
            RESULT_FIELDS,
            |(a, i)| (format!("assessment {a} item {i}"), format!("{a} / {i}")),
            &mut diffs,
        );

        // Extra items (order and content).
        let mut extras: BTreeMap<(i64, String), Map<String, Value>> = BTreeMap::new();
        for r in store.raw_rows(DataTable::ExtraItems)? {
            let (Some(a), Some(i)) = (r.get("assessment_id").and_then(Value::as_i64), r.get("item_id").and_then(Value::as_str)) else {
                continue;
            };
            if !replayable(&a) {
                continue;
            }
            let mut m = Map::new();
            m.insert(
                "item".into(),
                r.get("item").and_then(Value::as_str).and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null),
            );
            extras.insert((a, i.to_string()), m);
        }
        let expected: BTreeMap<(i64, String), Map<String, Value>> = replayed
            .keys()
            .flat_map(|id| {
                self.assessments[id].extras.iter().map(move |(item, v)| {
                    let mut m = Map::new();
                    m.insert("item".into(), v.clone());
                    ((*id, item.clone()), m)
                })
            })
            .collect();
        compare_maps(
            "extra_items",
            &expected,
            &extras,
            &["item"],
            |(a, i)| (format!("assessment {a} extra item {i}"), format!("{a} / {i}")),
            &mut diffs,
        );

        // Evidence, with the digest of the stored bytes.
        let mut items_of: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
        for r in store.raw_rows(DataTable::EvidenceItems)? {
            if let (Some(e), Some(i)) = (r.get("evidence_id").and_then(Value::as_i64), r.get("item_id")) {
                items_of.entry(e).or_default().push(i.clone());
            }
        }
        let mut evidence = keyed(store.raw_rows(DataTable::Evidence)?, |r| r.get("id")?.as_i64());
        for (id, row) in evidence.iter_mut() {
            row.insert("items".into(), Value::Array(items_of.remove(id).unwrap_or_default()));
        }
        let digests = store.evidence_digests()?;
        evidence.retain(|_, r| r.get("assessment_id").and_then(Value::as_i64).is_none_or(|a| replayable(&a)));
        let expected: BTreeMap<i64, Map<String, Value>> =
            replayed.keys().flat_map(|id| self.assessments[id].evidence.iter().map(|(k, v)| (*k, v.clone()))).collect();
        summary.evidence = expected.len();
        compare_maps("evidence", &expected, &evidence, EVIDENCE_FIELDS, |id| (format!("evidence {id}"), id.to_string()), &mut diffs);
        for (id, row) in &evidence {
            let recorded = row.get("sha256").and_then(Value::as_str).unwrap_or_default();
            if let Some(actual) = digests.get(id).filter(|d| d.as_str() != recorded) {
                diffs.push(TrailNotice::EvidenceBytes { evidence: *id, actual: actual.clone(), recorded: recorded.to_string() }.notice());
            }
        }
        for id in items_of.keys() {
            diffs.push(TrailNotice::EvidenceItemsOrphan { evidence: *id }.notice());
        }

        // Findings.
        let mut findings = keyed(store.raw_rows(DataTable::Findings)?, |r| r.get("id")?.as_i64());
        findings.retain(|_, r| r.get("assessment_id").and_then(Value::as_i64).is_none_or(|a| replayable(&a)));
        let expected: BTreeMap<i64, Map<String, Value>> =
            replayed.keys().flat_map(|id| self.assessments[id].findings.iter().map(|(k, v)| (*k, v.clone()))).collect();
        summary.findings = expected.len();
        compare_maps("findings", &expected, &findings, FINDING_FIELDS, |id| (format!("finding {id}"), id.to_string()), &mut diffs);
        Ok((summary, diffs))
    }
}

/// Rows by key, as JSON maps.
fn keyed<K: Ord>(rows: Vec<RawRow>, key: impl Fn(&RawRow) -> Option<K>) -> BTreeMap<K, Map<String, Value>> {
    rows.into_iter().filter_map(|r| Some((key(&r)?, r.into_iter().collect()))).collect()
}

/// Replace a column holding JSON text by the parsed value (unparseable text stays as it is).
fn parse_json_column(row: &mut Map<String, Value>, column: &str) {
    if let Some(parsed) = row.get(column).and_then(Value::as_str).and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        row.insert(column.into(), parsed);
    }
}

/// Compare the trail's rows with the table's, field by field, naming both values.
fn compare_maps<K: Ord>(
    table: &str,
    trail: &BTreeMap<K, Map<String, Value>>,
    stored: &BTreeMap<K, Map<String, Value>>,
    fields: &[&str],
    name: impl Fn(&K) -> (String, String),
    diffs: &mut Vec<Notice>,
) {
    let table = table.to_string();
    for (k, want) in trail {
        let (what, key) = name(k);
        let Some(have) = stored.get(k) else {
            diffs.push(TrailNotice::NotInTable { table: table.clone(), what, key }.notice());
            continue;
        };
        for f in fields {
            let (w, h) = (want.get(*f).unwrap_or(&Value::Null), have.get(*f).unwrap_or(&Value::Null));
            if w != h {
                diffs.push(
                    TrailNotice::FieldDiffers {
                        table: table.clone(),
                        what: what.clone(),
                        key: key.clone(),
                        field: f.to_string(),
                        stored: h.to_string(),
                        trail: w.to_string(),
                    }
                    .notice(),
                );
            }
        }
    }
    for k in stored.keys().filter(|k| !trail.contains_key(k)) {
        let (what, key) = name(k);
        diffs.push(TrailNotice::NotInTrail { table: table.clone(), what, key }.notice());
    }
}

/// A site as the English text names it, and without words.
fn site_what(s: &(i64, String)) -> String {
    format!("site {:?} of organisation {}", s.1, s.0)
}

fn site_key(s: &(i64, String)) -> String {
    format!("{} / {}", s.0, s.1)
}

// ---------------------------------------------------------------------------------------------
// Against a signed report or bundle

/// Check that the database's chain has the head that a signed PDF report or a bundle carries.
/// The PDF's signature must be intact ([`signing::verify_file`]); of a bundle only
/// `manifest.json` and its signature `manifest.json.p7s` are read, each capped in size.
pub fn check_against(session: &Session, file: &Path, trusted_roots: &[Certificate]) -> Result<AgainstCheck> {
    let store = &session.store;
    let mut magic = [0u8; 5];
    let n = std::fs::File::open(file).and_then(|mut f| f.read(&mut magic)).map_err(|e| Error::io(file, e))?;
    let mut check = if magic[..n].starts_with(b"%PDF-") {
        against_pdf(file, trusted_roots)?
    } else if magic[..n].starts_with(b"PK\x03\x04") {
        against_bundle(file, trusted_roots)?
    } else {
        return Err(Invalid::NotReportOrBundle { path: file.display().to_string() }.into());
    };
    if let Some(head) = &check.head {
        match store.trail_hash_at(head.seq)? {
            None => check.problems.push(
                TrailNotice::AgainstRowMissing {
                    file: file.display().to_string(),
                    what: check.kind.clone(),
                    kind: kind_key(&check.kind).into(),
                    seq: head.seq,
                    hash: head.hash.clone(),
                }
                .notice(),
            ),
            Some(h) if h != head.hash => check.problems.push(
                TrailNotice::AgainstHashDiffers {
                    file: file.display().to_string(),
                    what: check.kind.clone(),
                    kind: kind_key(&check.kind).into(),
                    seq: head.seq,
                    hash: head.hash.clone(),
                    found: h,
                }
                .notice(),
            ),
            Some(_) => {}
        }
        if let Some(sha) = &check.sha256 {
            if !records_sign_off_of(&store.events(None)?, head, sha) {
                check
                    .problems
                    .push(TrailNotice::AgainstNoSignOff { file: file.display().to_string(), sha256: sha.clone(), seq: head.seq }.notice());
            }
        }
    }
    Ok(check)
}

/// `pdf` or `bundle` for the English `kind` of an [`AgainstCheck`] (the other languages' texts).
fn kind_key(kind: &str) -> &'static str {
    if kind.contains("PDF") {
        "pdf"
    } else {
        "bundle"
    }
}

/// Whether an `assessment.sign` event after `head` lists a file with this SHA-256 (the signed
/// report is made from the trail at `head`, then its sign-off records the file). Without this, cutting
/// the sign-off rows off the trail (and setting the tables back) would leave the report's head
/// in place and the cut unseen.
fn records_sign_off_of(events: &[crate::model::AuditEvent], head: &ChainHead, sha256: &str) -> bool {
    events.iter().filter(|e| e.seq > head.seq && e.action == "assessment.sign").any(|e| {
        let files = e.after.as_ref().and_then(|a| a.get("files")).and_then(Value::as_array);
        files.is_some_and(|fs| fs.iter().any(|f| f.get("sha256").and_then(Value::as_str) == Some(sha256)))
    })
}

fn against_pdf(file: &Path, trusted_roots: &[Certificate]) -> Result<AgainstCheck> {
    let mut check = AgainstCheck {
        file: file.to_path_buf(),
        kind: "the PDF".into(),
        head: None,
        signature: None,
        signer: None,
        sha256: None,
        problems: vec![],
    };
    let v = signing::verify_file(file, None, trusted_roots)?;
    check.signature = Some(v.status);
    check.signer = v.signer.as_ref().map(|s| s.subject.common_name.clone());
    if !v.is_intact() {
        check.problems.push(
            TrailNotice::AgainstInvalid { file: file.display().to_string(), what: "the PDF's".into(), detail: v.problem_text() }.notice(),
        );
        return Ok(check);
    }
    let size = std::fs::metadata(file).map_err(|e| Error::io(file, e))?.len();
    if size > MAX_PDF {
        return Err(Invalid::PdfTooLarge { path: file.display().to_string(), limit: MAX_PDF }.into());
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    check.sha256 = Some(tenken_store::sha256_hex(&bytes));
    let heads = pdf_heads(&bytes);
    match heads.as_slice() {
        [] => check.problems.push(TrailNotice::AgainstPdfNoHead { file: file.display().to_string() }.notice()),
        [one] => check.head = Some(one.clone()),
        _ => check.problems.push(TrailNotice::AgainstPdfHeads { file: file.display().to_string(), count: heads.len() }.notice()),
    }
    Ok(check)
}

/// The chain heads named in a PDF's UTF-16 hex strings (how the report writes its Keywords),
/// deduplicated. A linear scan with a cap per string: no PDF parser on an untrusted file.
pub fn pdf_heads(pdf: &[u8]) -> Vec<ChainHead> {
    const MAX_HEX: usize = 16 * 1024;
    let mut found: Vec<ChainHead> = Vec::new();
    let mut i = 0;
    while let Some(off) = pdf[i..].windows(5).position(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"FEFF")) {
        let start = i + off + 1;
        let end = pdf[start..].iter().take(MAX_HEX).position(|&b| b == b'>').map(|p| start + p);
        i = start;
        let Some(end) = end else { continue };
        let hex: Vec<u8> = pdf[start..end].iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
        let Ok(bytes) = hex::decode(&hex) else { continue };
        let units: Vec<u16> = bytes.get(2..).unwrap_or_default().chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        let text = String::from_utf16_lossy(&units);
        for part in text.split(',') {
            if let Some(head) = parse_pdf_head(part.trim()) {
                if !found.contains(&head) {
                    found.push(head);
                }
            }
        }
        i = end;
    }
    found
}

/// The keyword a report carries for a chain head.
pub fn pdf_head_keyword(head: &ChainHead) -> String {
    crate::report::TrailHead { seq: head.seq, hash: head.hash.clone() }.keyword()
}

fn parse_pdf_head(keyword: &str) -> Option<ChainHead> {
    let rest = keyword.strip_prefix(PDF_HEAD_TAG)?.trim_start();
    let (seq, hash) = rest.split_once(' ')?;
    let seq = seq.strip_prefix("seq=")?.parse().ok()?;
    let hash = hash.strip_prefix("hash=")?.to_string();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(ChainHead { seq, hash })
}

fn against_bundle(file: &Path, trusted_roots: &[Certificate]) -> Result<AgainstCheck> {
    let mut check = AgainstCheck {
        file: file.to_path_buf(),
        kind: "the bundle manifest".into(),
        head: None,
        signature: None,
        signer: None,
        sha256: None,
        problems: vec![],
    };
    let path = || file.display().to_string();
    let bad = |reason: Invalid| Error::Invalid(reason);
    let mut f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let cd = central_directory_size(&mut f).map_err(|e| bad(Invalid::BundleZip { path: path(), cause: e.to_string() }))?;
    if cd > MAX_CENTRAL_DIRECTORY {
        return Err(bad(Invalid::BundleDirectory { path: path(), size: cd, limit: MAX_CENTRAL_DIRECTORY }));
    }
    let mut zip = zip::ZipArchive::new(f).map_err(|e| bad(Invalid::BundleNotBundle { path: path(), cause: e.to_string() }))?;
    let mut read = |name: &str| -> Result<Vec<u8>> {
        let too_large = || bad(Invalid::BundleEntryTooLarge { path: path(), name: name.to_string(), limit: MAX_MANIFEST });
        let entry = zip.by_name(name).map_err(|_| bad(Invalid::BundleNoEntry { path: path(), name: name.to_string() }))?;
        if entry.size() > MAX_MANIFEST {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        entry
            .take(MAX_MANIFEST + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(Invalid::BundleEntryUnreadable { path: path(), name: name.to_string(), cause: e.to_string() }))?;
        if bytes.len() as u64 > MAX_MANIFEST {
            return Err(too_large());
        }
        Ok(bytes)
    };
    let manifest = read("manifest.json")?;
    let signature = read("manifest.json.p7s")?;
    let v = signing::verify_detached(&manifest, &signature, trusted_roots);
    check.signature = Some(v.status);
    check.signer = v.signer.as_ref().map(|s| s.subject.common_name.clone());
    if !v.is_intact() {
        check.problems.push(
            TrailNotice::AgainstInvalid { file: file.display().to_string(), what: "the manifest".into(), detail: v.problem_text() }
                .notice(),
        );
        return Ok(check);
    }
    let value: Value =
        serde_json::from_slice(&manifest).map_err(|e| bad(Invalid::BundleManifestMalformed { path: path(), cause: e.to_string() }))?;
    match value.get("trail_head").cloned().map(serde_json::from_value::<ChainHead>) {
        Some(Ok(h)) => check.head = Some(h),
        Some(Err(e)) => {
            check.problems.push(TrailNotice::AgainstManifestHead { file: file.display().to_string(), why: e.to_string() }.notice())
        }
        None => check.problems.push(TrailNotice::AgainstManifestNoHead { file: file.display().to_string() }.notice()),
    }
    Ok(check)
}

/// The size of a zip's central directory, read from its end records (zip64 included), so a
/// hostile directory is refused before the zip reader allocates for it.
fn central_directory_size(f: &mut std::fs::File) -> std::io::Result<u64> {
    use std::io::{Seek, SeekFrom};
    let len = f.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 65_535 + 20);
    f.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    let invalid = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| invalid("no end of central directory"))?;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let size = u32_at(&tail, eocd + 12);
    if size != u32::MAX {
        return Ok(size as u64);
    }
    // Zip64: the locator (20 bytes) just before the end record points at the zip64 end record.
    let loc = eocd.checked_sub(20).filter(|&l| tail[l..l + 4] == [0x50, 0x4b, 0x06, 0x07]).ok_or_else(|| invalid("no zip64 locator"))?;
    let at = u64::from_le_bytes(tail[loc + 8..loc + 16].try_into().map_err(|_| invalid("zip64 locator"))?);
    let mut rec = [0u8; 56];
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(&mut rec)?;
    if rec[..4] != [0x50, 0x4b, 0x06, 0x06] {
        return Err(invalid("no zip64 end record"));
    }
    Ok(u64::from_le_bytes(rec[40..48].try_into().map_err(|_| invalid("zip64 end record"))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_round_trip_and_anything_else_is_refused() {
        let head = ChainHead { seq: 7, hash: "ab".repeat(32) };
        let text = statement(&head, "u1");
        assert_eq!(parse_statement(&text).unwrap(), Statement { head, assessment_uid: "u1".into() });
        assert!(parse_statement(&text.replace("seq=7", "seq=x")).is_err());
        assert!(parse_statement(&format!("{text}extra\n")).is_err());
        assert!(parse_statement(&text.replace("tenken.trail-anchor/1", "other/1")).is_err());
    }

    #[test]
    fn pdf_heads_are_found_in_utf16_hex_strings_only() {
        let head = ChainHead { seq: 12, hash: "0f".repeat(32) };
        let words = format!("jama,株式会社,{}", pdf_head_keyword(&head));
        let mut hex_string = String::from("FEFF");
        for u in words.encode_utf16() {
            hex_string.push_str(&format!("{u:04x}"));
        }
        let pdf = format!("%PDF-1.7\n<< /Keywords <{hex_string}> /Title ({}) >>\n<feff>", pdf_head_keyword(&head));
        assert_eq!(pdf_heads(pdf.as_bytes()), vec![head]);
        assert!(pdf_heads(b"%PDF-1.7 <FEFF0074").is_empty(), "an unterminated string is skipped");
    }
}
