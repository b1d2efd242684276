//! The catalog data format (serde types). `catalogs/README.md` documents the same schema for
//! people editing the TOML files; [`Catalog::validate`] enforces what serde cannot.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::CatalogProblem;
use crate::model::SupplierAnswer;

/// A text in Japanese and English.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text2 {
    /// Japanese (the source language of every built-in framework).
    pub ja: String,
    /// English.
    pub en: String,
}

/// The source document a catalog was made from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Document title as published.
    pub title: String,
    /// Document version (版).
    pub version: String,
    /// Publication date, ISO `YYYY-MM-DD` (or `YYYY-MM` when only the month is printed).
    pub date: String,
    /// The source text's file name (in the repository's `catalogs/sources/`).
    #[serde(default)]
    pub file: Option<String>,
}

/// A framework catalog.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Stable id, e.g. `jama-japia-2.2`.
    pub id: String,
    /// Framework version, e.g. `2.2`.
    pub version: String,
    /// Title in Japanese and English.
    pub title: Text2,
    /// Publisher(s), as printed.
    pub publisher: String,
    /// The source document.
    pub source: Source,
    /// True for a draft document (e.g. a discussion paper): reports mark it.
    #[serde(default)]
    pub draft: bool,
    /// Every normalisation made to the source text, and every conflict found in it.
    pub notes: Vec<String>,
    /// Labels for the item text fields, where the framework names them differently
    /// (e.g. `requirement = "対策項目"`). Keys are [`Item`] field names.
    #[serde(default)]
    pub field_labels: BTreeMap<String, String>,
    /// What the framework calls each [`Need`], with its own definition where it gives one
    /// (ASP・SaaS: 基本 / 推奨, which it says are priorities, not requirements). Default 必須 / 推奨.
    #[serde(default)]
    pub need_labels: NeedLabels,
    /// Catalog-level guidance (general commentary, pattern tables, risk tables).
    #[serde(default)]
    pub guidance: Vec<Guidance>,
    /// What an assessment must choose to define its scope.
    #[serde(default)]
    pub scope: Vec<ScopeDimension>,
    /// The groups (labels, sections) items belong to, in document order.
    pub groups: Vec<Group>,
    /// The items, in document order.
    pub items: Vec<Item>,
    /// The answer scale: the canonical wording of each supplier answer in this framework.
    #[serde(default = "default_answer_scale")]
    pub answer_scale: Vec<AnswerLabel>,
    /// How results are scored.
    pub scoring: Scoring,
}

/// The canonical checksheet wording of a supplier answer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLabel {
    /// The answer.
    pub answer: SupplierAnswer,
    /// Its wording in the checksheet's 回答 column.
    pub label: String,
}

/// The standard four answers of a Japanese security checksheet.
pub fn default_answer_scale() -> Vec<AnswerLabel> {
    [SupplierAnswer::Implemented, SupplierAnswer::Partial, SupplierAnswer::NotImplemented, SupplierAnswer::NotApplicable]
        .into_iter()
        .map(|answer| AnswerLabel { answer, label: answer.label_ja().to_string() })
        .collect()
}

/// A block of guidance text, optionally with a table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Heading.
    pub title: String,
    /// Body text (plain text; paragraphs separated by blank lines).
    #[serde(default)]
    pub text: String,
    /// Optional table, first row the header.
    #[serde(default)]
    pub table: Vec<Vec<String>>,
}

/// How a scope dimension selects items.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// One numeric level is chosen; items of that level and below are in scope (JAMA target level).
    MaxLevel,
    /// Exactly one option is chosen (pattern 1–6, ISMAP status, role).
    Choice,
    /// One or more options are chosen (service types).
    Multi,
}

/// One thing an assessment must choose to define its scope.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeDimension {
    /// Key used in assessments and on the command line (`target_level`, `pattern`, `ismap`, `role`).
    pub key: String,
    /// Display name.
    pub name: Text2,
    /// How it selects items.
    pub kind: ScopeKind,
    /// The options.
    pub options: Vec<ScopeOption>,
    /// Help for choosing.
    #[serde(default)]
    pub help: Option<String>,
}

/// One option of a scope dimension.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeOption {
    /// Value stored in the assessment (`1`, `registered`, `provider`, `audit`).
    pub value: String,
    /// Display name.
    pub name: Text2,
    /// Help (e.g. the typical services of an ASP・SaaS pattern).
    #[serde(default)]
    pub help: Option<String>,
}

/// A group of items: a JAMA label (ラベル), an ASP・SaaS section, a criteria category.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Id, unique in the catalog (`1`, `III.1`, `external/認証要件`).
    pub id: String,
    /// Name as printed (`方針`).
    pub name: String,
    /// Parent group, for nested sections.
    #[serde(default)]
    pub parent: Option<String>,
}

/// How strongly a framework asks for a requirement: the stronger or the weaker of its two
/// levels. The words are the framework's ([`Catalog::need_labels`]): 必須 / 推奨 for the external
/// criteria, 基本 / 推奨 for ASP・SaaS.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The stronger level (必須, ASP・SaaS 基本); gates the result under [`RuleKind::MandatoryGate`].
    Mandatory,
    /// The weaker level (推奨).
    Recommended,
}

/// A framework's word for one [`Need`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedLabel {
    /// The word as the framework prints it (`必須`, `基本`).
    pub ja: String,
    /// English.
    pub en: String,
    /// The framework's definition of the word, quoted exactly; None where it gives none.
    #[serde(default)]
    pub meaning: Option<String>,
    /// Where the definition is printed (`I. 8. 2 基本・推奨`).
    #[serde(default)]
    pub quoted_from: Option<String>,
}

impl NeedLabel {
    fn plain(ja: &str, en: &str) -> NeedLabel {
        NeedLabel { ja: ja.into(), en: en.into(), meaning: None, quoted_from: None }
    }

    /// 必須 / Mandatory.
    pub fn mandatory() -> NeedLabel {
        NeedLabel::plain("必須", "Mandatory")
    }

    /// 推奨 / Recommended.
    pub fn recommended() -> NeedLabel {
        NeedLabel::plain("推奨", "Recommended")
    }

    /// "基本: ASP・SaaS サービスを…（I. 8. 2 基本・推奨）", or None without a definition.
    pub fn legend(&self) -> Option<String> {
        let meaning = self.meaning.as_ref()?;
        let from = self.quoted_from.as_ref().map(|f| format!("（{f}）")).unwrap_or_default();
        Some(format!("{}: {meaning}{from}", self.ja))
    }
}

/// The words for both needs.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedLabels {
    /// The stronger level.
    #[serde(default = "NeedLabel::mandatory")]
    pub mandatory: NeedLabel,
    /// The weaker level.
    #[serde(default = "NeedLabel::recommended")]
    pub recommended: NeedLabel,
}

impl Default for NeedLabels {
    fn default() -> Self {
        NeedLabels { mandatory: NeedLabel::mandatory(), recommended: NeedLabel::recommended() }
    }
}

impl NeedLabels {
    /// The label of `need`.
    pub fn of(&self, need: Need) -> &NeedLabel {
        match need {
            Need::Mandatory => &self.mandatory,
            Need::Recommended => &self.recommended,
        }
    }

    /// The definitions the framework gives, one line each ([`NeedLabel::legend`]).
    pub fn legends(&self) -> Vec<String> {
        [&self.mandatory, &self.recommended].into_iter().filter_map(NeedLabel::legend).collect()
    }
}

/// A rule saying under which scope choices an item applies, and how strongly.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    /// Scope key → the value that must be chosen for this rule to apply.
    pub when: BTreeMap<String, String>,
    /// Mandatory or recommended under these choices.
    pub need: Need,
}

/// An ASP・SaaS evaluation item (評価項目) with its reference value per pattern.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationItem {
    /// Letter as printed (`a`).
    pub id: String,
    /// The evaluation item text.
    pub text: String,
    /// Reference values (対策参照値), one per pattern.
    pub reference: Vec<ReferenceValue>,
}

/// The reference value of an evaluation item for one service pattern.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceValue {
    /// Pattern 1–6.
    pub pattern: u8,
    /// Value as printed without the `*` (`1回以上／5分`, `-`).
    pub value: String,
    /// True where the source marks the value with `*` (must be achieved).
    #[serde(default)]
    pub must: bool,
}

/// One commentary question and answer (JAMA 解説書).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commentary {
    /// Which field it explains (`達成条件`, `達成基準`, …).
    pub section: String,
    /// The question (without its ①② marker).
    pub question: String,
    /// The answer text.
    pub answer: String,
    /// Reference links given with the answer.
    #[serde(default)]
    pub references: Vec<Reference>,
}

/// A reference link in commentary.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The label printed before the link (`参考(※1)`, `参考：秘密情報の保護ハンドブック（経済産業省）`).
    #[serde(default)]
    pub label: Option<String>,
    /// The URL as printed.
    pub url: String,
}

/// One requirement of a framework.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Id as the framework numbers it (`49`, `III.1.1.1`); unique in the catalog.
    pub id: String,
    /// The group id it belongs to.
    pub group: String,
    /// Level (JAMA Lv1–Lv3).
    #[serde(default)]
    pub level: Option<u8>,
    /// Class (`基本`/`推奨` for ASP・SaaS, `技術要件`/`品質管理要件` for METI ISS).
    #[serde(default)]
    pub class: Option<String>,
    /// Short name (項目), where the framework has one.
    #[serde(default)]
    pub title: Option<String>,
    /// 目的.
    #[serde(default)]
    pub purpose: Option<String>,
    /// 要求事項 / 対策項目: the requirement itself.
    pub requirement: String,
    /// 達成条件.
    #[serde(default)]
    pub condition: Option<String>,
    /// 達成基準 / 実施基準・実施例.
    #[serde(default)]
    pub criteria: Option<String>,
    /// ベストプラクティス (ASP・SaaS).
    #[serde(default)]
    pub best_practices: Vec<String>,
    /// 評価項目 with 対策参照値 (ASP・SaaS).
    #[serde(default)]
    pub evaluation: Vec<EvaluationItem>,
    /// 解説 questions and answers (JAMA).
    #[serde(default)]
    pub commentary: Vec<Commentary>,
    /// When the item applies, by scope choice; empty = always (subject to `level`).
    #[serde(default)]
    pub applicability: Vec<Applicability>,
    /// Need when no applicability rule says otherwise.
    #[serde(default)]
    pub need: Option<Need>,
    /// Notes on the item's text as the source prints it (a typo kept, a requirement filed under
    /// an unexpected label), quoting the source; shown beside the item.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The scoring rule kinds implemented by the core's scoring module.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// JAMA: rates per level and per label; a level is achieved when every in-scope item of it
    /// and the levels below is implemented or not applicable.
    LevelAchievement,
    /// ASP・SaaS: rates per class (基本/推奨) and per section; must-achieve evaluation items listed.
    ClassRates,
    /// External criteria, METI: every mandatory in-scope item must be met (a gate);
    /// recommended ones reported as a rate.
    MandatoryGate,
}

/// A grade band: the grade applies when the overall rate is at least `min_rate`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeBand {
    /// Grade letter (`S`, `A`, …).
    pub grade: String,
    /// Minimum overall rate, 0.0–1.0.
    pub min_rate: f64,
}

/// S ≥ 80 %, A ≥ 70 %, B ≥ 60 %, C ≥ 50 %, D below.
pub fn default_grades() -> Vec<GradeBand> {
    [("S", 0.8), ("A", 0.7), ("B", 0.6), ("C", 0.5), ("D", 0.0)]
        .into_iter()
        .map(|(g, r)| GradeBand { grade: g.to_string(), min_rate: r })
        .collect()
}

/// How a catalog is scored.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The rule.
    pub rule: RuleKind,
    /// The classes, in order, for [`RuleKind::ClassRates`].
    #[serde(default)]
    pub classes: Vec<String>,
    /// Grade bands, highest first.
    #[serde(default = "default_grades")]
    pub grades: Vec<GradeBand>,
}

impl Catalog {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The scope dimension with this key.
    pub fn dimension(&self, key: &str) -> Option<&ScopeDimension> {
        self.scope.iter().find(|d| d.key == key)
    }

    /// The label of an item field in this framework (`requirement` → `要求事項` unless renamed).
    pub fn field_label<'a>(&'a self, field: &'a str) -> &'a str {
        if let Some(l) = self.field_labels.get(field) {
            return l;
        }
        match field {
            "title" => "項目",
            "purpose" => "目的",
            "requirement" => "要求事項",
            "condition" => "達成条件",
            "criteria" => "達成基準",
            "best_practices" => "ベストプラクティス",
            "evaluation" => "評価項目",
            "commentary" => "解説",
            other => other,
        }
    }

    /// Check what serde cannot: unique ids, references resolve, values in range.
    /// Returns every problem found, in order.
    pub fn validate(&self) -> Result<(), Vec<CatalogProblem>> {
        use CatalogProblem as P;
        let mut problems = Vec::new();
        let mut p = |problem: CatalogProblem| problems.push(problem);
        if self.id.trim().is_empty() || self.id.contains(char::is_whitespace) {
            p(P::BadId { id: self.id.clone() });
        }
        if self.items.is_empty() {
            p(P::NoItems {});
        }
        let mut group_ids = HashSet::new();
        for g in &self.groups {
            if !group_ids.insert(g.id.as_str()) {
                p(P::GroupDuplicated { group: g.id.clone() });
            }
        }
        for g in &self.groups {
            if let Some(parent) = &g.parent {
                if !group_ids.contains(parent.as_str()) {
                    p(P::UnknownParent { group: g.id.clone(), parent: parent.clone() });
                }
            }
        }
        let dims: BTreeMap<&str, &ScopeDimension> = self.scope.iter().map(|d| (d.key.as_str(), d)).collect();
        if dims.len() != self.scope.len() {
            p(P::ScopeKeysRepeat {});
        }
        for d in &self.scope {
            if d.options.is_empty() {
                p(P::ScopeNoOptions { key: d.key.clone() });
            }
            if d.kind == ScopeKind::MaxLevel && d.options.iter().any(|o| o.value.parse::<u8>().is_err()) {
                p(P::ScopeNotNumeric { key: d.key.clone() });
            }
        }
        let mut item_ids = HashSet::new();
        for item in &self.items {
            let at = || item.id.clone();
            if !item_ids.insert(item.id.as_str()) {
                p(P::ItemDuplicated { item: at() });
            }
            if !group_ids.contains(item.group.as_str()) {
                p(P::ItemUnknownGroup { item: at(), group: item.group.clone() });
            }
            if item.requirement.trim().is_empty() {
                p(P::ItemNoRequirement { item: at() });
            }
            if let Some(l) = item.level {
                if !(1..=9).contains(&l) {
                    p(P::ItemLevelRange { item: at(), level: l });
                }
            }
            if self.scoring.rule == RuleKind::ClassRates {
                let classes = format!("{:?}", self.scoring.classes);
                match &item.class {
                    Some(c) if self.scoring.classes.contains(c) => {}
                    Some(c) => p(P::ItemClass { item: at(), class: c.clone(), classes }),
                    None => p(P::ItemNoClass { item: at(), classes }),
                }
            }
            if self.scoring.rule == RuleKind::LevelAchievement && item.level.is_none() {
                p(P::ItemNeedsLevel { item: at() });
            }
            for e in &item.evaluation {
                for r in &e.reference {
                    if !(1..=6).contains(&r.pattern) {
                        p(P::EvaluationPattern { item: at(), evaluation: e.id.clone(), pattern: r.pattern });
                    }
                }
            }
            for c in &item.commentary {
                if c.question.trim().is_empty() || c.answer.trim().is_empty() {
                    p(P::EmptyCommentary { item: at() });
                }
            }
            if item.notes.iter().any(|n| n.trim().is_empty()) {
                p(P::EmptyNote { item: at() });
            }
            for a in &item.applicability {
                for (k, v) in &a.when {
                    match dims.get(k.as_str()) {
                        None => p(P::ApplicabilityKey { item: at(), key: k.clone() }),
                        Some(d) if !d.options.iter().any(|o| &o.value == v) => {
                            p(P::ApplicabilityValue { item: at(), key: k.clone(), value: v.clone() })
                        }
                        _ => {}
                    }
                }
            }
        }
        for (i, band) in self.scoring.grades.iter().enumerate() {
            if !(0.0..=1.0).contains(&band.min_rate) {
                p(P::GradeRange { grade: band.grade.clone(), min_rate: band.min_rate.to_string() });
            }
            if i > 0 && band.min_rate > self.scoring.grades[i - 1].min_rate {
                p(P::GradeOrder {});
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}
