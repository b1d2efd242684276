//! What the PDF report prints, as plain serialisable data.
//!
//! [`ReportInput`] is the whole contract between the report and the rest of the core: the
//! report never queries the store or runs scoring itself. The glue that fills it (from the
//! store and the scoring result) decides wording such as verdict labels; the report only
//! lays out what it is given. Every field is display-ready text, a number the report
//! formats in one documented way ([`format_rate`](super::format_rate)), or a date.
//!
//! Invariants: no field refers back to the store (no row ids the report would resolve);
//! empty strings and empty lists are valid and print as "—" or an explicit "none" line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything one audit report prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    /// The audited organisation's name (printed on the cover and in the running header).
    pub organisation: String,
    /// The audited site (plant, office, data centre); empty when not site-specific.
    pub site: String,
    /// The framework the assessment follows.
    pub framework: FrameworkInfo,
    /// The assessment scope as display text (e.g. "レベル: Lv1–Lv3 / 全ラベル").
    pub scope: String,
    /// The kind of assessment as display text (e.g. "第二者監査 / Second-party audit").
    pub assessment_kind: String,
    /// The auditor responsible for the report.
    pub auditor: Person,
    /// The relevant dates.
    pub dates: ReportDates,
    /// Draft or final; drafts carry a visible DRAFT / 下書き mark on every page.
    pub status: ReportStatus,
    /// The report revision (1 for the first issue; reopened assessments count up).
    pub revision: u32,
    /// Executive summary figures.
    pub summary: ScoreSummary,
    /// Findings with their corrective actions.
    pub findings: Vec<Finding>,
    /// Items where the supplier's answer and the auditor's verdict disagree.
    pub discrepancies: Vec<Discrepancy>,
    /// One row per in-scope item, in catalog order.
    pub items: Vec<AppendixItem>,
    /// The sign-off block.
    pub sign_off: SignOff,
}

/// The framework (catalog) the assessment follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkInfo {
    /// Catalog id (e.g. `jama-cs-2.2`).
    pub catalog_id: String,
    /// Catalog version (e.g. `2.2`).
    pub version: String,
    /// Japanese title of the framework.
    pub title_ja: String,
    /// English title of the framework (may be empty).
    pub title_en: String,
    /// The source document as display text: publisher, title, version, date.
    pub source: String,
}

/// A named person with their organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Organisation (audit firm, department).
    pub organisation: String,
}

/// The dates a report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDates {
    /// First day of the assessment (fieldwork start).
    pub assessment_start: NaiveDate,
    /// Last day of the assessment; `None` when it was a single day.
    pub assessment_end: Option<NaiveDate>,
    /// The date the report was issued (or generated, for drafts).
    pub report_date: NaiveDate,
}

/// Whether the report is a draft or final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Work in progress: every page carries a DRAFT / 下書き mark.
    Draft,
    /// Issued for signature.
    Final,
}

/// A rate with the counts it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateCount {
    /// Achievement rate in 0.0..=1.0; `None` when nothing was applicable.
    pub rate: Option<f64>,
    /// Items counted as achieved.
    pub achieved: u32,
    /// Items counted (the denominator).
    pub applicable: u32,
}

/// One row of the score table: a level (JAMA), a class (基本/推奨 …) or a need (必須/推奨 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// Row label (e.g. "Lv1").
    pub label: String,
    /// What the supplier's answers give.
    pub supplier: RateCount,
    /// What the auditor's verdicts give.
    pub auditor: RateCount,
    /// Per-row result text (e.g. "達成 / Achieved"); may be empty.
    pub result: String,
}

/// Supplier and auditor rates of one group (label or section), for the radar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    /// Group label as printed at the chart's spoke (keep it short).
    pub label: String,
    /// Supplier rate in 0.0..=1.0, `None` when nothing was applicable.
    pub supplier: Option<f64>,
    /// Auditor rate in 0.0..=1.0, `None` when nothing was applicable.
    pub auditor: Option<f64>,
}

/// A labelled figure for the key-numbers strip (e.g. "未解決の指摘 / Open findings" = "4").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyNumber {
    /// What the figure is.
    pub label: String,
    /// The figure as display text.
    pub value: String,
}

/// The executive summary's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// Heading of the row dimension, e.g. "レベル / Level" or "区分 / Class".
    pub dimension_label: String,
    /// One row per level or class.
    pub rows: Vec<ScoreRow>,
    /// What the rows' words mean, in the framework's own definitions (ASP・SaaS: 基本 and 推奨),
    /// one line each, printed under the table. Empty for most frameworks.
    #[serde(default)]
    pub row_legend: Vec<String>,
    /// The overall row, if the rule defines one.
    pub overall: Option<ScoreRow>,
    /// The S–D grade (auditor basis), if the rule defines one.
    pub grade: Option<String>,
    /// What the headline result is called, e.g. "達成レベル / Level achieved" or
    /// "必須項目ゲート / Mandatory gate" (in the framework's word for its stronger need).
    pub result_label: String,
    /// The headline result, e.g. "Lv2" or "不合格 / Not passed".
    pub result_value: String,
    /// Per-group rates for the radar chart (both series).
    pub groups: Vec<GroupRate>,
    /// Further headline figures (counts, open findings …).
    pub key_numbers: Vec<KeyNumber>,
}

/// A finding with its corrective action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Finding reference (e.g. "F-003").
    pub id: String,
    /// Severity as display text (e.g. "重大 / Major").
    pub severity: String,
    /// The checklist item it is about.
    pub item_id: String,
    /// What was found.
    pub description: String,
    /// The corrective action agreed.
    pub corrective_action: String,
    /// Who owns the action.
    pub owner: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Its status as display text (e.g. "未対応 / Open").
    pub status: String,
}

/// An item where the supplier's answer and the auditor's verdict disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// The item id.
    pub item_id: String,
    /// Its level or class.
    pub level: String,
    /// A short form of the requirement (the report wraps, never truncates, it).
    pub requirement: String,
    /// The supplier's answer as display text.
    pub supplier_answer: String,
    /// The auditor's verdict as display text.
    pub auditor_verdict: String,
    /// The auditor's note on the difference (may be empty).
    pub note: String,
}

/// A labelled text of a catalog item (e.g. "解説 / Commentary").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabeledText {
    /// The label printed beside the text.
    pub label: String,
    /// The text, exactly as the catalog carries it; `\n` separates paragraphs.
    pub text: String,
}

/// A piece of evidence attached to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// File name as stored.
    pub name: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
}

/// One in-scope item of the per-item appendix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixItem {
    /// Item id (e.g. "1.2.3").
    pub id: String,
    /// Level or class.
    pub level: String,
    /// Group (label or section) it belongs to.
    pub group: String,
    /// The requirement text, exactly as the catalog carries it.
    pub requirement: String,
    /// The catalog's other texts for the item, with their labels.
    pub fields: Vec<LabeledText>,
    /// The supplier's answer as display text.
    pub supplier_answer: String,
    /// The supplier's remark.
    pub supplier_remark: String,
    /// The auditor's verdict as display text.
    pub verdict: String,
    /// The auditor's note.
    pub auditor_note: String,
    /// Evidence attached to the item.
    pub evidence: Vec<Evidence>,
}

/// The sign-off block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    /// Name of the signing auditor.
    pub auditor_name: String,
    /// Their organisation.
    pub organisation: String,
    /// Date of sign-off.
    pub date: NaiveDate,
    /// Optional statement printed above the signature (may be empty for the default).
    pub statement: String,
    /// The audit-trail head the report was made from, printed on the sign-off page and written
    /// to the document information; `None` prints nothing.
    #[serde(default)]
    pub trail_head: Option<TrailHead>,
}

/// A row of the audit trail (its number and hash) that a report names, so that a database can
/// be checked against the signed report (`tenken log --verify --against report.pdf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailHead {
    /// The row's sequence number.
    pub seq: i64,
    /// The row's hash (lowercase hex SHA-256).
    pub hash: String,
}

impl TrailHead {
    /// Tag of the keyword in the document information that names the head.
    pub const KEYWORD_TAG: &'static str = "tenken.trail-head/1";

    /// The keyword written to the PDF's document information (Keywords):
    /// `tenken.trail-head/1 seq=N hash=H`.
    pub fn keyword(&self) -> String {
        format!("{} seq={} hash={}", Self::KEYWORD_TAG, self.seq, self.hash)
    }
}
