//! The assessment domain: organisations, assessments, item results, evidence, findings and the
//! audit trail. Plain serde types; the store persists them and every other module reads them.
//!
//! JSON field names and enum spellings here are the stable `--json` contract of the CLI.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Invalid};

/// The domain's error, under the name the layers above use for it.
pub use crate::error::Error as DomainError;

/// Row id of an organisation.
pub type OrgId = i64;
/// Row id of an assessment.
pub type AssessmentId = i64;

/// Implements `Display`/`FromStr` for a unit enum from a table of (variant, canonical name, aliases);
/// `$unknown` is the [`Invalid`] reason a text that is none of them is refused with.
macro_rules! named_enum {
    ($ty:ident, $unknown:ident, [$(($variant:ident, $name:literal $(, $alias:literal)*)),+ $(,)?]) => {
        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The canonical name used on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                let t = s.trim().to_ascii_lowercase();
                $( if t == $name $(|| t == $alias)* { return Ok($ty::$variant); } )+
                let names: Vec<&str> = vec![$($name),+];
                Err(Invalid::$unknown { value: s.to_string(), expected: names.join(", ") }.into())
            }
        }
    };
}

/// Whether an organisation is a supplier under review or the firm assessing itself.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A supplier whose checksheet is reviewed (取引先).
    Supplier,
    /// The auditor's own firm, self-assessing (自社).
    Own,
}
named_enum!(OrgKind, UnknownOrgKind, [(Supplier, "supplier"), (Own, "own", "self")]);

/// An organisation: a supplier or the self-assessing firm.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// Row id.
    pub id: OrgId,
    /// Display name (usually the Japanese company name).
    pub name: String,
    /// Supplier or own firm.
    pub kind: OrgKind,
    /// Optional code (supplier number at the OEM).
    pub code: Option<String>,
    /// Sites (plants, offices) of the organisation.
    pub sites: Vec<Site>,
    /// When the row was created (RFC 3339, UTC).
    pub created_at: String,
}

/// How a user names an organisation: by its row id or by its exact name. The two are never
/// guessed from one text, so an organisation named `101` is found by name and `--org-id 1`
/// by id, whatever other organisations are called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRef {
    /// The row id.
    Id(OrgId),
    /// The exact name (surrounding white space ignored).
    Name(String),
}

impl std::fmt::Display for OrgRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OrgRef::Id(id) => write!(f, "id {id}"),
            OrgRef::Name(name) => write!(f, "'{name}'"),
        }
    }
}

/// A site of an organisation (工場, 事業所).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Row id.
    pub id: i64,
    /// Site name.
    pub name: String,
}

/// Who produced the answers of an assessment.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    /// A supplier filled the checksheet itself (imported), possibly reviewed by an auditor.
    SupplierSelfAssessment,
    /// An auditor audits the organisation.
    Audit,
    /// A firm assesses itself.
    SelfAssessment,
}
named_enum!(
    AssessmentKind,
    UnknownAssessmentKind,
    [(SupplierSelfAssessment, "supplier_self_assessment", "supplier"), (Audit, "audit"), (SelfAssessment, "self_assessment", "self"),]
);

/// Life cycle of an assessment. Signed is read-only: a change needs a reopen (a new revision).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    /// Being worked on.
    Draft,
    /// Handed for review.
    InReview,
    /// Signed off; read-only.
    Signed,
}
named_enum!(AssessmentStatus, UnknownStatus, [(Draft, "draft"), (InReview, "in_review"), (Signed, "signed")]);

/// The scope choices of an assessment: catalog scope dimension key → chosen values.
///
/// A single-choice dimension has one value (`{"target_level": ["2"]}`), a multi-choice one
/// several (`{"service_type": ["audit", "forensics"]}`). An empty scope means every item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scope(pub BTreeMap<String, Vec<String>>);

impl Scope {
    /// Parse `key=value[,value…]` pairs as typed on the command line.
    pub fn parse_pairs<I, S>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for pair in pairs {
            let pair = pair.as_ref();
            let (k, v) = pair.split_once('=').ok_or_else(|| Error::from(Invalid::ScopePair { pair: pair.to_string() }))?;
            let values = map.entry(k.trim().to_string()).or_default();
            values.extend(v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        }
        Ok(Scope(map))
    }

    /// The chosen values of one dimension (empty if not chosen).
    pub fn values(&self, key: &str) -> &[String] {
        self.0.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when nothing is chosen (every item is in scope).
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Vec::is_empty)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(all items)");
        }
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={}", v.join(","))).collect();
        f.write_str(&parts.join(" "))
    }
}

/// An assessment of one organisation against one catalog version.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Row id (local to one database).
    pub id: AssessmentId,
    /// Stable id across databases (bundles carry it), 32 hex digits.
    pub uid: String,
    /// The organisation assessed.
    pub organisation_id: OrgId,
    /// The organisation's name (denormalised for display).
    pub organisation_name: String,
    /// The site assessed, if any.
    pub site_id: Option<i64>,
    /// Catalog id, e.g. `jama-japia-2.2`.
    pub catalog_id: String,
    /// Catalog version, e.g. `2.2`.
    pub catalog_version: String,
    /// Scope choices.
    #[cfg_attr(feature = "ts", ts(type = "Scope"))]
    pub scope: Scope,
    /// Supplier self-assessment, audit, or self-assessment.
    pub kind: AssessmentKind,
    /// Auditor's name.
    pub auditor: Option<String>,
    /// First day of the assessment.
    pub started_on: Option<NaiveDate>,
    /// Last day of the assessment.
    pub ended_on: Option<NaiveDate>,
    /// Draft, in review, signed.
    pub status: AssessmentStatus,
    /// Revision number, 1 for the first; a reopen of a signed assessment makes the next.
    pub revision: i64,
    /// The assessment this one is a revision of.
    pub previous_revision: Option<AssessmentId>,
    /// Creation time (RFC 3339, UTC).
    pub created_at: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
}

/// The supplier's own answer to an item, as imported from its checksheet.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplierAnswer {
    /// 実施している
    Implemented,
    /// 一部実施している
    Partial,
    /// 実施していない
    NotImplemented,
    /// 対象外
    NotApplicable,
    /// No answer given.
    Unanswered,
}
named_enum!(
    SupplierAnswer,
    UnknownAnswer,
    [
        (Implemented, "implemented"),
        (Partial, "partial"),
        (NotImplemented, "not_implemented"),
        (NotApplicable, "not_applicable", "na"),
        (Unanswered, "unanswered"),
    ]
);

impl SupplierAnswer {
    /// The canonical Japanese wording used in checksheets.
    pub fn label_ja(self) -> &'static str {
        match self {
            SupplierAnswer::Implemented => "実施している",
            SupplierAnswer::Partial => "一部実施している",
            SupplierAnswer::NotImplemented => "実施していない",
            SupplierAnswer::NotApplicable => "対象外",
            SupplierAnswer::Unanswered => "未回答",
        }
    }
}

/// The auditor's verdict on an item.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verdict {
    /// 適合
    #[serde(rename = "conforms")]
    Conforms,
    /// 一部適合
    #[serde(rename = "partial")]
    Partial,
    /// 不適合
    #[serde(rename = "nonconforming")]
    Nonconforming,
    /// 対象外
    #[serde(rename = "na")]
    NotApplicable,
    /// 未確認
    #[serde(rename = "unverified")]
    Unverified,
}
named_enum!(
    Verdict,
    UnknownVerdict,
    [
        (Conforms, "conforms"),
        (Partial, "partial"),
        (Nonconforming, "nonconforming", "nonconforms", "does_not_conform"),
        (NotApplicable, "na", "not_applicable", "n/a"),
        (Unverified, "unverified", "not_verified"),
    ]
);

impl Verdict {
    /// Japanese label.
    pub fn label_ja(self) -> &'static str {
        match self {
            Verdict::Conforms => "適合",
            Verdict::Partial => "一部適合",
            Verdict::Nonconforming => "不適合",
            Verdict::NotApplicable => "対象外",
            Verdict::Unverified => "未確認",
        }
    }
}

/// Items counted by state: supplier answers as read from a checksheet or stored, and — in
/// scoring — auditor verdicts counted as the answers they confirm (conforms = implemented, …).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// 実施している (auditor: conforms).
    pub implemented: usize,
    /// 一部実施している (auditor: partial). Not achieved.
    pub partial: usize,
    /// 実施していない (auditor: nonconforming).
    pub not_implemented: usize,
    /// 対象外 (auditor: na). Left out of a rate's denominator.
    pub not_applicable: usize,
    /// 未回答: no answer, no row (auditor: unverified, or no result at all).
    pub unanswered: usize,
}

impl Counts {
    /// Count one more item in `state`.
    pub fn add(&mut self, state: SupplierAnswer) {
        match state {
            SupplierAnswer::Implemented => self.implemented += 1,
            SupplierAnswer::Partial => self.partial += 1,
            SupplierAnswer::NotImplemented => self.not_implemented += 1,
            SupplierAnswer::NotApplicable => self.not_applicable += 1,
            SupplierAnswer::Unanswered => self.unanswered += 1,
        }
    }

    /// Every item counted.
    pub fn total(&self) -> usize {
        self.implemented + self.partial + self.not_implemented + self.not_applicable + self.unanswered
    }
}

/// One item's result in an assessment: the supplier's side and the auditor's side.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item id as the catalog numbers it (`49`, `III.1.1.1`).
    pub item_id: String,
    /// Supplier's answer (normalised).
    pub answer: SupplierAnswer,
    /// The answer cell's text as the supplier typed it.
    pub answer_raw: Option<String>,
    /// Supplier's remark (備考).
    pub remark: Option<String>,
    /// Auditor's verdict.
    pub verdict: Verdict,
    /// Auditor's rationale note.
    pub note: Option<String>,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
}

/// What a stored file is to the assessment.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceRole {
    /// Evidence supporting items (photos, documents).
    Supporting,
    /// The supplier's checksheet file as imported.
    OriginalChecksheet,
    /// A report exported from Tenken.
    ExportedReport,
}
named_enum!(
    EvidenceRole,
    UnknownEvidenceRole,
    [(Supporting, "supporting"), (OriginalChecksheet, "original_checksheet"), (ExportedReport, "exported_report"),]
);

/// A stored evidence file (its bytes live in the database).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Row id.
    pub id: i64,
    /// The assessment it belongs to.
    pub assessment_id: AssessmentId,
    /// Original file name.
    pub file_name: String,
    /// Media type guessed from the name (e.g. `application/pdf`).
    pub media_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Role of the file.
    pub role: EvidenceRole,
    /// Items it supports.
    pub items: Vec<String>,
    /// When it was added (RFC 3339, UTC).
    pub created_at: String,
}

/// Severity of a finding.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 重大
    Critical,
    /// 重要
    Major,
    /// 軽微
    Minor,
    /// 観察事項
    Observation,
}
named_enum!(Severity, UnknownSeverity, [(Critical, "critical"), (Major, "major"), (Minor, "minor"), (Observation, "observation")]);

impl Severity {
    /// Japanese label.
    pub fn label_ja(self) -> &'static str {
        match self {
            Severity::Critical => "重大",
            Severity::Major => "重要",
            Severity::Minor => "軽微",
            Severity::Observation => "観察事項",
        }
    }
}

/// Status of a corrective action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// 未着手
    Open,
    /// 対応中
    InProgress,
    /// 完了
    Done,
}
named_enum!(ActionStatus, UnknownActionStatus, [(Open, "open"), (InProgress, "in_progress"), (Done, "done", "closed")]);

impl ActionStatus {
    /// Japanese label.
    pub fn label_ja(self) -> &'static str {
        match self {
            ActionStatus::Open => "未着手",
            ActionStatus::InProgress => "対応中",
            ActionStatus::Done => "完了",
        }
    }
}

/// A finding with its corrective action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Row id.
    pub id: i64,
    /// The assessment.
    pub assessment_id: AssessmentId,
    /// The item it concerns, if any.
    pub item_id: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub description: String,
    /// The corrective action agreed.
    pub corrective_action: Option<String>,
    /// Who owns the corrective action.
    pub owner: Option<String>,
    /// When it is due.
    pub due_date: Option<NaiveDate>,
    /// Corrective action status.
    pub status: ActionStatus,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
}

/// One row of the append-only, hash-chained audit trail.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Sequence number (row id), strictly increasing.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (the OS user or `--actor`).
    pub actor: String,
    /// What was done, e.g. `verdict.set`.
    pub action: String,
    /// The assessment concerned, if any.
    pub assessment_id: Option<AssessmentId>,
    /// The thing changed, e.g. `item:49`.
    pub target: String,
    /// State before (JSON), if any.
    pub before: Option<serde_json::Value>,
    /// State after (JSON), if any.
    pub after: Option<serde_json::Value>,
    /// SHA-256 of the previous row (hex), all zeros for the first.
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this row's content (hex).
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_names_round_trip_and_accept_aliases() {
        for v in Verdict::ALL {
            assert_eq!(v.as_str().parse::<Verdict>().unwrap(), *v);
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{}\"", v.as_str()));
        }
        assert_eq!("N/A".parse::<Verdict>().unwrap(), Verdict::NotApplicable);
        let err = "maybe".parse::<Verdict>().unwrap_err().to_string();
        assert!(err.contains("conforms, partial, nonconforming, na, unverified"), "{err}");
    }

    #[test]
    fn scope_parses_pairs_and_lists() {
        let s = Scope::parse_pairs(["target_level=2", "service_type=audit, forensics"]).unwrap();
        assert_eq!(s.values("target_level"), ["2"]);
        assert_eq!(s.values("service_type"), ["audit", "forensics"]);
        assert!(Scope::parse_pairs(["oops"]).is_err());
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"service_type":["audit","forensics"],"target_level":["2"]}"#);
    }
}

/// How a bundle's signer stood when its assessment was imported: the manifest verified VALID
/// (a path to a trusted root) or UNTRUSTED (intact, no trusted path). INVALID bundles are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "UPPERCASE")]
pub enum BundleTrust {
    /// The signer led to a trusted root.
    Valid,
    /// Intact, but the signer's identity was not established.
    Untrusted,
}

impl BundleTrust {
    /// The word stored and printed: `VALID` or `UNTRUSTED`.
    pub fn word(self) -> &'static str {
        match self {
            BundleTrust::Valid => "VALID",
            BundleTrust::Untrusted => "UNTRUSTED",
        }
    }
}

/// Where an assessment imported from a bundle came from: kept in the table `bundle_imports`
/// (append-only) and shown by `tenken assessment show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleProvenance {
    /// The manifest signature's outcome at import: VALID or UNTRUSTED.
    pub trust: BundleTrust,
    /// The signer's name (CN of the signing certificate), as the certificate claims it.
    pub signer: Option<String>,
    /// SHA-256 of the signing certificate, hex.
    pub signer_cert_sha256: Option<String>,
    /// SHA-256 of the root the chain ended at, hex.
    pub root_sha256: Option<String>,
    /// SHA-256 of the signed `manifest.json`, hex.
    pub manifest_sha256: String,
    /// When the bundle says it was made.
    pub bundle_created_at: String,
    /// When it was imported here (RFC 3339, UTC); empty before it is stored.
    pub imported_at: String,
}

impl BundleProvenance {
    /// Whether the bundle's signer was trusted at import.
    pub fn is_trusted(&self) -> bool {
        self.trust == BundleTrust::Valid
    }
}

// What a person asks to create or change, as the CLI and the app pass it to the session.

/// A new organisation.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Deserialize)]
pub struct NewOrganisation {
    /// Name (unique).
    pub name: String,
    /// Supplier or own firm.
    pub kind: OrgKind,
    /// Optional code.
    pub code: Option<String>,
}

/// A new finding.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Deserialize)]
pub struct NewFinding {
    /// Assessment.
    pub assessment_id: AssessmentId,
    /// Item concerned.
    pub item_id: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub description: String,
    /// Corrective action.
    pub corrective_action: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date.
    pub due_date: Option<NaiveDate>,
}

/// Changes to a finding; `None` leaves a field as it is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FindingPatch {
    /// New severity.
    pub severity: Option<Severity>,
    /// New description.
    pub description: Option<String>,
    /// New corrective action.
    pub corrective_action: Option<String>,
    /// New owner.
    pub owner: Option<String>,
    /// New due date.
    pub due_date: Option<NaiveDate>,
    /// New status.
    pub status: Option<ActionStatus>,
}

/// A typed text as the person left it: trimmed, and `None` when blank (forms send "" for empty).
fn given(s: Option<String>) -> Option<String> {
    s.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

impl NewOrganisation {
    /// The name trimmed, a blank code as none.
    pub fn tidied(self) -> Self {
        NewOrganisation { name: self.name.trim().to_string(), kind: self.kind, code: given(self.code) }
    }
}

impl NewFinding {
    /// The description trimmed, blank optional texts as none.
    pub fn tidied(self) -> Self {
        NewFinding {
            item_id: given(self.item_id),
            description: self.description.trim().to_string(),
            corrective_action: given(self.corrective_action),
            owner: given(self.owner),
            ..self
        }
    }
}
