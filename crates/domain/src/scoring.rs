//! Scoring: turns an assessment's item results into a [`ScoreReport`], for the supplier's
//! self-answers and for the auditor's verdicts side by side.
//!
//! Implemented once here and used by the CLI (`tenken score --json`), the reports and the app.
//! The catalog declares its rule ([`RuleKind`]); every report carries the same counts and
//! rates, and the rule adds its own part:
//!
//! * [`RuleKind::LevelAchievement`] (JAMA): [`SideScore::level_achieved`], the highest level `L`
//!   such that every in-scope item of levels ≤ `L` is implemented or not applicable;
//! * [`RuleKind::ClassRates`] (ASP・SaaS): per-class buckets (基本/推奨, in the order of
//!   `scoring.classes`), overall and inside each section bucket, and, for the chosen pattern,
//!   the must-achieve evaluation items;
//! * [`RuleKind::MandatoryGate`] (external criteria, METI): [`SideScore::gate`], passed when every
//!   mandatory in-scope item is implemented or not applicable, and the recommended rate.
//!
//! Invariants:
//! * rate = implemented ÷ (in scope − not applicable). Partial is counted separately and is
//!   never achieved. With no applicable item the rate is `None` and the side says
//!   [`NO_APPLICABLE_ITEMS`]; nothing divides by zero. The grade follows the rate (`None` → `None`).
//! * The auditor's verdicts map onto the supplier's answer scale: conforms → implemented,
//!   partial → partial, nonconforming → not implemented, na → not applicable,
//!   unverified → unanswered. An in-scope item without a result is unanswered on both sides.
//! * Results for items that are not in scope are ignored; with two results for one item the
//!   last one counts.
//! * Group buckets are the catalog's sections, so that a radar chart has few axes: every item is
//!   counted under its top-level group (the root of its `parent` chain), or under the group one
//!   level below the root when the in-scope items fall under fewer than three top-level groups
//!   that have sub-groups (ASP・SaaS: `II`/`III` → `II.1`, `III.1`, …).
//! * Field names and enum spellings of the report are the stable `tenken score --json` contract.
//!
//! This module reads catalogs and results only; it knows nothing of the store or of reports.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::catalog::{in_scope, Catalog, Item, Need, RuleKind, ScopedItem};
use crate::error::Result;
use crate::model::{ItemResult, Scope, SupplierAnswer, Verdict};

/// What a side says when no in-scope item is applicable (the rate is `None`).
pub const NO_APPLICABLE_ITEMS: &str = "no applicable items";

/// The scope key whose chosen value selects the reference values of ASP・SaaS evaluation items.
pub const PATTERN_KEY: &str = "pattern";

/// How many in-scope items are in each state, on one side (the model's answer counts; the
/// auditor's verdicts are counted as the answers they confirm).
pub use crate::model::Counts;

/// What scoring reads off counts.
impl Counts {
    /// Items that count in the rate: all but the not applicable ones.
    pub fn applicable(&self) -> usize {
        self.total() - self.not_applicable
    }

    /// implemented ÷ applicable, or `None` when nothing is applicable.
    pub fn rate(&self) -> Option<f64> {
        match self.applicable() {
            0 => None,
            n => Some(self.implemented as f64 / n as f64),
        }
    }
}

/// Counts and rate of one slice of the in-scope items (a level, a class, a section, a need).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Stable key: the level number (`1`), class name (`基本`), group id (`III.1`) or need
    /// (`mandatory`, `recommended`).
    pub key: String,
    /// Display label (`Lv1`, `基本`, the group's name, the catalog's word for a need:
    /// `必須`/`推奨`, ASP・SaaS `基本`/`推奨`).
    pub label: String,
    /// In-scope items in the bucket.
    pub in_scope: usize,
    /// The items' states.
    pub counts: Counts,
    /// implemented ÷ (in scope − not applicable), 0.0–1.0; `None` when nothing is applicable.
    pub rate: Option<f64>,
    /// Section buckets under [`RuleKind::ClassRates`] only: the section's items per class
    /// (基本/推奨 rates per section). Absent from the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<Bucket>,
}

/// The mandatory-item gate of [`RuleKind::MandatoryGate`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    /// True when every mandatory in-scope item is implemented or not applicable.
    pub passed: bool,
    /// Mandatory in-scope items.
    pub mandatory: usize,
    /// Ids of the mandatory items that are partial, not implemented or unanswered, in catalog order.
    pub failing: Vec<String>,
}

/// The score of one side (the supplier's answers, or the auditor's verdicts).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideScore {
    /// States of all in-scope items.
    pub counts: Counts,
    /// Overall rate, 0.0–1.0; `None` when no item is applicable.
    pub rate: Option<f64>,
    /// [`NO_APPLICABLE_ITEMS`] when the rate is `None`.
    pub rate_note: Option<String>,
    /// Grade (`S`…`D`) from the catalog's grade bands on the overall rate; `None` with no rate.
    pub grade: Option<String>,
    /// Per level, ascending (items with a level only; empty when no item has one).
    pub levels: Vec<Bucket>,
    /// Per class (`scoring.classes` order, then first appearance; empty when no item has one).
    pub classes: Vec<Bucket>,
    /// Per section (see the module doc), in catalog group order.
    pub groups: Vec<Bucket>,
    /// Per need (`mandatory`, `recommended`; items whose scope gives them a need).
    pub needs: Vec<Bucket>,
    /// Rate of the recommended in-scope items (`None` when none is applicable).
    pub recommended_rate: Option<f64>,
    /// [`RuleKind::LevelAchievement`] only: the highest level achieved; `None` if Lv1 is not.
    pub level_achieved: Option<u8>,
    /// [`RuleKind::MandatoryGate`] only: the gate.
    pub gate: Option<Gate>,
}

/// An ASP・SaaS evaluation item whose reference value for the chosen pattern must be achieved.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MustAchieve {
    /// The control's item id (`III.1.1.1`).
    pub item_id: String,
    /// The evaluation item's letter (`a`).
    pub evaluation_id: String,
    /// The evaluation item text.
    pub text: String,
    /// The chosen pattern.
    pub pattern: u8,
    /// The reference value, without its `*`.
    pub value: String,
    /// The supplier's answer to the control.
    pub supplier: SupplierAnswer,
    /// The auditor's verdict on the control.
    pub auditor: Verdict,
}

/// How the two sides disagree on an item.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    /// The supplier says implemented; the auditor's verdict is partial, nonconforming or na.
    AuditorDisagrees,
    /// The supplier says partial, not implemented or nothing; the auditor found it conforms.
    AuditorFoundBetter,
}

/// An item where the supplier's answer and the auditor's verdict disagree.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// The item id.
    pub item_id: String,
    /// Which way they disagree.
    pub kind: DiscrepancyKind,
    /// The supplier's answer.
    pub supplier: SupplierAnswer,
    /// The auditor's verdict.
    pub auditor: Verdict,
}

/// The score of an assessment: the `tenken score --json` contract.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// True when the catalog is a draft document.
    pub draft: bool,
    /// The catalog's scoring rule.
    pub rule: RuleKind,
    /// The scope scored.
    #[cfg_attr(feature = "ts", ts(type = "Scope"))]
    pub scope: Scope,
    /// Number of in-scope items.
    pub in_scope: usize,
    /// The supplier's self-answers.
    pub supplier: SideScore,
    /// The auditor's verdicts.
    pub auditor: SideScore,
    /// Must-achieve evaluation items for the chosen pattern (empty without a pattern).
    pub must_achieve: Vec<MustAchieve>,
    /// Items where the two sides disagree, in catalog order.
    pub discrepancies: Vec<Discrepancy>,
    /// Open findings, as supplied by the caller.
    pub open_findings: usize,
}

/// The auditor's verdict on the supplier's answer scale.
pub fn verdict_state(v: Verdict) -> SupplierAnswer {
    match v {
        Verdict::Conforms => SupplierAnswer::Implemented,
        Verdict::Partial => SupplierAnswer::Partial,
        Verdict::Nonconforming => SupplierAnswer::NotImplemented,
        Verdict::NotApplicable => SupplierAnswer::NotApplicable,
        Verdict::Unverified => SupplierAnswer::Unanswered,
    }
}

/// One in-scope item with both sides' states.
struct Scored<'a> {
    item: &'a Item,
    need: Option<Need>,
    supplier: SupplierAnswer,
    verdict: Verdict,
}

/// Score `results` against the in-scope items of `catalog` under `scope`.
///
/// Fails only when the scope is not valid for the catalog (unknown key or value).
pub fn score(catalog: &Catalog, scope: &Scope, results: &[ItemResult], open_findings: usize) -> Result<ScoreReport> {
    let scoped = in_scope(catalog, scope)?;
    let by_id: HashMap<&str, &ItemResult> = results.iter().map(|r| (r.item_id.as_str(), r)).collect();
    let rows: Vec<Scored> = scoped.iter().map(|s| scored(s, &by_id)).collect();
    let sections = SectionMap::new(catalog, &rows);
    let side = |state: fn(&Scored) -> SupplierAnswer| side_score(catalog, &rows, &sections, state);
    Ok(ScoreReport {
        catalog_id: catalog.id.clone(),
        catalog_version: catalog.version.clone(),
        draft: catalog.draft,
        rule: catalog.scoring.rule,
        scope: scope.clone(),
        in_scope: rows.len(),
        supplier: side(|r| r.supplier),
        auditor: side(|r| verdict_state(r.verdict)),
        must_achieve: must_achieve(scope, &rows),
        discrepancies: rows.iter().filter_map(discrepancy).collect(),
        open_findings,
    })
}

fn scored<'a>(s: &ScopedItem<'a>, by_id: &HashMap<&str, &ItemResult>) -> Scored<'a> {
    let result = by_id.get(s.item.id.as_str());
    Scored {
        item: s.item,
        need: s.need,
        supplier: result.map_or(SupplierAnswer::Unanswered, |r| r.answer),
        verdict: result.map_or(Verdict::Unverified, |r| r.verdict),
    }
}

/// Everything one side reports.
fn side_score(catalog: &Catalog, rows: &[Scored], sections: &SectionMap, state: fn(&Scored) -> SupplierAnswer) -> SideScore {
    let counts = count(rows.iter(), state);
    let rate = counts.rate();
    let needs = need_buckets(catalog, rows, state);
    let recommended_rate = needs.iter().find(|b| b.key == "recommended").and_then(|b| b.rate);
    let rule = catalog.scoring.rule;
    SideScore {
        counts,
        rate,
        rate_note: rate.is_none().then(|| NO_APPLICABLE_ITEMS.to_string()),
        grade: rate.and_then(|r| grade(catalog, r)),
        levels: level_buckets(rows, state),
        classes: class_buckets(catalog, &rows.iter().collect::<Vec<_>>(), state),
        groups: sections.buckets(catalog, rows, state),
        needs,
        recommended_rate,
        level_achieved: (rule == RuleKind::LevelAchievement).then(|| level_achieved(rows, state)).flatten(),
        gate: (rule == RuleKind::MandatoryGate).then(|| gate(rows, state)),
    }
}

fn count<'r, 'a: 'r>(rows: impl Iterator<Item = &'r Scored<'a>>, state: fn(&Scored) -> SupplierAnswer) -> Counts {
    let mut c = Counts::default();
    rows.for_each(|r| c.add(state(r)));
    c
}

fn bucket(key: String, label: String, rows: &[&Scored], state: fn(&Scored) -> SupplierAnswer) -> Bucket {
    let counts = count(rows.iter().copied(), state);
    Bucket { key, label, in_scope: rows.len(), rate: counts.rate(), counts, classes: Vec::new() }
}

/// The grade of the first band (highest first) whose minimum the rate reaches.
fn grade(catalog: &Catalog, rate: f64) -> Option<String> {
    catalog.scoring.grades.iter().find(|b| rate >= b.min_rate).map(|b| b.grade.clone())
}

fn level_buckets(rows: &[Scored], state: fn(&Scored) -> SupplierAnswer) -> Vec<Bucket> {
    let levels: BTreeSet<u8> = rows.iter().filter_map(|r| r.item.level).collect();
    levels
        .into_iter()
        .map(|l| {
            let of_level: Vec<&Scored> = rows.iter().filter(|r| r.item.level == Some(l)).collect();
            bucket(l.to_string(), format!("Lv{l}"), &of_level, state)
        })
        .collect()
}

fn class_buckets(catalog: &Catalog, rows: &[&Scored], state: fn(&Scored) -> SupplierAnswer) -> Vec<Bucket> {
    let mut classes: Vec<&str> = catalog.scoring.classes.iter().map(String::as_str).collect();
    for c in rows.iter().filter_map(|r| r.item.class.as_deref()) {
        if !classes.contains(&c) {
            classes.push(c);
        }
    }
    classes
        .into_iter()
        .filter_map(|c| {
            let of_class: Vec<&Scored> = rows.iter().copied().filter(|r| r.item.class.as_deref() == Some(c)).collect();
            (!of_class.is_empty()).then(|| bucket(c.to_string(), c.to_string(), &of_class, state))
        })
        .collect()
}

/// Per need, labelled with the catalog's word for it (`catalog.need_labels`).
fn need_buckets(catalog: &Catalog, rows: &[Scored], state: fn(&Scored) -> SupplierAnswer) -> Vec<Bucket> {
    [(Need::Mandatory, "mandatory"), (Need::Recommended, "recommended")]
        .into_iter()
        .filter_map(|(need, key)| {
            let of_need: Vec<&Scored> = rows.iter().filter(|r| r.need == Some(need)).collect();
            let label = catalog.need_labels.of(need).ja.clone();
            (!of_need.is_empty()).then(|| bucket(key.to_string(), label, &of_need, state))
        })
        .collect()
}

/// Implemented or not applicable: what a level and the gate accept.
fn met(state: SupplierAnswer) -> bool {
    matches!(state, SupplierAnswer::Implemented | SupplierAnswer::NotApplicable)
}

/// The highest level L such that every item of levels ≤ L is met; `None` if level 1 is not.
/// Levels without in-scope items are met vacuously; the walk stops at the highest level in scope.
fn level_achieved(rows: &[Scored], state: fn(&Scored) -> SupplierAnswer) -> Option<u8> {
    let top = rows.iter().filter_map(|r| r.item.level).max()?;
    let mut achieved = None;
    for level in 1..=top {
        let all_met = rows.iter().filter(|r| r.item.level == Some(level)).all(|r| met(state(r)));
        if !all_met {
            break;
        }
        achieved = Some(level);
    }
    achieved
}

fn gate(rows: &[Scored], state: fn(&Scored) -> SupplierAnswer) -> Gate {
    let mandatory: Vec<&Scored> = rows.iter().filter(|r| r.need == Some(Need::Mandatory)).collect();
    let failing: Vec<String> = mandatory.iter().filter(|r| !met(state(r))).map(|r| r.item.id.clone()).collect();
    Gate { passed: failing.is_empty(), mandatory: mandatory.len(), failing }
}

/// The chosen pattern's must-achieve evaluation items of the in-scope items.
fn must_achieve(scope: &Scope, rows: &[Scored]) -> Vec<MustAchieve> {
    let Some(pattern) = scope.values(PATTERN_KEY).first().and_then(|v| v.parse::<u8>().ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in rows {
        for e in &r.item.evaluation {
            for v in e.reference.iter().filter(|v| v.pattern == pattern && v.must) {
                out.push(MustAchieve {
                    item_id: r.item.id.clone(),
                    evaluation_id: e.id.clone(),
                    text: e.text.clone(),
                    pattern,
                    value: v.value.clone(),
                    supplier: r.supplier,
                    auditor: r.verdict,
                });
            }
        }
    }
    out
}

fn discrepancy(r: &Scored) -> Option<Discrepancy> {
    use SupplierAnswer as A;
    let kind = match (r.supplier, r.verdict) {
        (A::Implemented, Verdict::Conforms | Verdict::Unverified) => return None,
        (A::Implemented, _) => DiscrepancyKind::AuditorDisagrees,
        (A::Partial | A::NotImplemented | A::Unanswered, Verdict::Conforms) => DiscrepancyKind::AuditorFoundBetter,
        _ => return None,
    };
    Some(Discrepancy { item_id: r.item.id.clone(), kind, supplier: r.supplier, auditor: r.verdict })
}

/// Which section (group bucket) each group id is counted under, and the sections in order.
struct SectionMap {
    /// Group id → section group id.
    of_group: HashMap<String, String>,
    /// Sections (id, label) in catalog group order, then unknown groups in item order.
    order: Vec<(String, String)>,
}

impl SectionMap {
    fn new(catalog: &Catalog, rows: &[Scored]) -> Self {
        let chain = |id: &str| ancestors(catalog, id);
        // Items of groups the catalog lacks (extra items) are their own sections and do not
        // change the choice of level for the catalog's own sections.
        let roots: BTreeSet<String> =
            rows.iter().filter(|r| catalog.group(&r.item.group).is_some()).filter_map(|r| chain(&r.item.group).last().cloned()).collect();
        let roots_with_children =
            roots.iter().filter(|root| catalog.groups.iter().any(|g| g.parent.as_deref() == Some(root.as_str()))).count();
        // Fewer than three top-level sections that have sub-sections make a poor radar chart:
        // count under the second level instead.
        let depth = if roots.len() < 3 && roots_with_children > 0 { 1 } else { 0 };
        let mut of_group = HashMap::new();
        for r in rows {
            let path = chain(&r.item.group); // item group … root
            let section = path.len().checked_sub(1 + depth).map_or_else(|| path[0].clone(), |i| path[i].clone());
            of_group.insert(r.item.group.clone(), section);
        }
        let used: BTreeSet<&String> = of_group.values().collect();
        let mut order: Vec<(String, String)> =
            catalog.groups.iter().filter(|g| used.contains(&g.id)).map(|g| (g.id.clone(), g.name.clone())).collect();
        let mut listed: std::collections::HashSet<String> = order.iter().map(|(id, _)| id.clone()).collect();
        for r in rows {
            let s = &of_group[&r.item.group];
            if listed.insert(s.clone()) {
                order.push((s.clone(), s.clone())); // a group the catalog lacks (extra items)
            }
        }
        SectionMap { of_group, order }
    }

    /// One bucket per section; under `class_rates` each also holds its per-class buckets.
    fn buckets(&self, catalog: &Catalog, rows: &[Scored], state: fn(&Scored) -> SupplierAnswer) -> Vec<Bucket> {
        // Rows are dealt to their sections in one pass (a portfolio scores hundreds of
        // assessments: filtering every row once per section made scoring quadratic).
        let position: HashMap<&str, usize> = self.order.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
        let mut members: Vec<Vec<&Scored>> = vec![Vec::new(); self.order.len()];
        for r in rows {
            if let Some(&i) = self.of_group.get(&r.item.group).and_then(|s| position.get(s.as_str())) {
                members[i].push(r);
            }
        }
        self.order
            .iter()
            .zip(members)
            .map(|((id, name), of_section)| {
                let mut b = bucket(id.clone(), name.clone(), &of_section, state);
                if catalog.scoring.rule == RuleKind::ClassRates {
                    b.classes = class_buckets(catalog, &of_section, state);
                }
                b
            })
            .collect()
    }
}

/// The group `id` and its ancestors, nearest first (stops at unknown ids and at cycles).
fn ancestors(catalog: &Catalog, id: &str) -> Vec<String> {
    let mut path = vec![id.to_string()];
    let mut current = catalog.group(id);
    while let Some(parent) = current.and_then(|g| g.parent.as_deref()) {
        if path.iter().any(|p| p == parent) {
            break;
        }
        path.push(parent.to_string());
        current = catalog.group(parent);
    }
    path
}
