//! Scoring on tiny catalogs with hand-computed expectations, one section per rule:
//! level achievement (JAMA), class rates with must-achieve items (ASP・SaaS), the mandatory gate
//! (external criteria, METI), plus grades, all-N/A, discrepancies and the JSON contract.

use tenken::catalog::{parse, Catalog, Item};
use tenken::model::{ItemResult, Scope, SupplierAnswer as A, Verdict as V};
use tenken::scoring::{score, DiscrepancyKind, ScoreReport, NO_APPLICABLE_ITEMS};

const HEAD: &str = r#"
version = "1"
publisher = "test"
notes = ["test catalog"]
title = { ja = "テスト", en = "test" }
source = { title = "t", version = "1", date = "2024-01-01" }
"#;

fn catalog(id: &str, body: &str) -> Catalog {
    let text = format!("id = \"{id}\"\n{HEAD}\n{body}");
    parse(id, &text).unwrap_or_else(|e| panic!("test catalog {id} does not parse: {e}"))
}

/// JAMA-like: levels 1–3, two labels. a* = Lv1, b* = Lv2, c* = Lv3.
fn jama() -> Catalog {
    catalog(
        "t-jama",
        r#"
[scoring]
rule = "level_achievement"

[[scope]]
key = "target_level"
name = { ja = "目標レベル", en = "Target level" }
kind = "max_level"
options = [
  { value = "1", name = { ja = "Lv1", en = "Lv1" } },
  { value = "2", name = { ja = "Lv2", en = "Lv2" } },
  { value = "3", name = { ja = "Lv3", en = "Lv3" } },
]

[[groups]]
id = "1"
name = "方針"

[[groups]]
id = "2"
name = "体制"

[[items]]
id = "a1"
group = "1"
level = 1
requirement = "r a1"

[[items]]
id = "a2"
group = "1"
level = 1
requirement = "r a2"

[[items]]
id = "a3"
group = "2"
level = 1
requirement = "r a3"

[[items]]
id = "b1"
group = "1"
level = 2
requirement = "r b1"

[[items]]
id = "b2"
group = "2"
level = 2
requirement = "r b2"

[[items]]
id = "c1"
group = "2"
level = 3
requirement = "r c1"
"#,
    )
}

/// Gate: role integrator/provider; g6 is always in scope and mandatory.
fn gated() -> Catalog {
    catalog("t-gate", GATED_BODY)
}

const GATED_BODY: &str = r#"
[scoring]
rule = "mandatory_gate"

[[scope]]
key = "role"
name = { ja = "立場", en = "Role" }
kind = "choice"
options = [
  { value = "integrator", name = { ja = "導入事業者", en = "Integrator" } },
  { value = "provider", name = { ja = "外部サービス提供者", en = "Provider" } },
]

[[groups]]
id = "p"
name = "選定"

[[items]]
id = "g1"
group = "p"
requirement = "r g1"
applicability = [
  { when = { role = "integrator" }, need = "mandatory" },
  { when = { role = "provider" }, need = "recommended" },
]

[[items]]
id = "g2"
group = "p"
requirement = "r g2"
applicability = [{ when = { role = "integrator" }, need = "mandatory" }]

[[items]]
id = "g3"
group = "p"
requirement = "r g3"
applicability = [{ when = { role = "provider" }, need = "mandatory" }]

[[items]]
id = "g4"
group = "p"
requirement = "r g4"
applicability = [{ when = { role = "integrator" }, need = "recommended" }]

[[items]]
id = "g5"
group = "p"
requirement = "r g5"
applicability = [{ when = { role = "integrator" }, need = "recommended" }]

[[items]]
id = "g6"
group = "p"
requirement = "r g6"
need = "mandatory"
"#;

/// ASP・SaaS-like: classes 基本/推奨, sections II.1, III.1, III.2 under roots II and III.
fn asp() -> Catalog {
    catalog(
        "t-asp",
        r#"
[scoring]
rule = "class_rates"
classes = ["基本", "推奨"]

[[scope]]
key = "pattern"
name = { ja = "パターン", en = "Pattern" }
kind = "choice"
options = [
  { value = "1", name = { ja = "パターン1", en = "Pattern 1" } },
  { value = "2", name = { ja = "パターン2", en = "Pattern 2" } },
]

[[groups]]
id = "II"
name = "組織・運用編"

[[groups]]
id = "II.1"
name = "基本方針"
parent = "II"

[[groups]]
id = "III"
name = "物理的・技術的対策編"

[[groups]]
id = "III.1"
name = "運用管理"
parent = "III"

[[groups]]
id = "III.2"
name = "アクセス制御"
parent = "III"

[[items]]
id = "x1"
group = "II.1"
class = "基本"
requirement = "r x1"

[[items.evaluation]]
id = "a"
text = "稼働監視の間隔"
reference = [
  { pattern = 1, value = "1回以上／5分", must = true },
  { pattern = 2, value = "1回以上／10分" },
]

[[items.evaluation]]
id = "b"
text = "稼働率"
reference = [
  { pattern = 1, value = "-" },
  { pattern = 2, value = "99%", must = true },
]

[[items]]
id = "x2"
group = "III.1"
class = "推奨"
requirement = "r x2"

[[items.evaluation]]
id = "a"
text = "保存期間"
reference = [{ pattern = 1, value = "10", must = true }]

[[items]]
id = "x3"
group = "III.2"
class = "基本"
requirement = "r x3"
"#,
    )
}

fn res(id: &str, answer: A, verdict: V) -> ItemResult {
    ItemResult {
        item_id: id.to_string(),
        answer,
        answer_raw: None,
        remark: None,
        verdict,
        note: None,
        updated_at: "2026-01-01T00:00:00Z".to_string(),
    }
}

fn scope(pairs: &[&str]) -> Scope {
    Scope::parse_pairs(pairs).expect("scope pairs")
}

fn run(c: &Catalog, pairs: &[&str], results: &[ItemResult]) -> ScoreReport {
    score(c, &scope(pairs), results, 0).expect("score")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

// ---------------------------------------------------------------- level achievement (JAMA)

fn jama_results() -> Vec<ItemResult> {
    vec![
        res("a1", A::Implemented, V::Conforms),
        res("a2", A::NotApplicable, V::NotApplicable),
        res("a3", A::Implemented, V::Conforms),
        res("b1", A::Partial, V::Conforms),
        res("b2", A::Implemented, V::Conforms),
        res("c1", A::NotImplemented, V::NotApplicable),
    ]
}

#[test]
fn jama_rates_levels_labels_and_both_sides() {
    let r = run(&jama(), &["target_level=3"], &jama_results());
    assert_eq!(r.in_scope, 6);
    let s = &r.supplier;
    assert_eq!((s.counts.implemented, s.counts.partial, s.counts.not_implemented), (3, 1, 1));
    assert_eq!((s.counts.not_applicable, s.counts.unanswered), (1, 0));
    // 3 implemented ÷ (6 − 1 N/A) = 0.6 → B
    assert!(close(s.rate, 0.6), "{:?}", s.rate);
    assert_eq!(s.grade.as_deref(), Some("B"));
    assert_eq!(s.rate_note, None);
    // Lv1: a1 impl, a2 N/A, a3 impl → 2/2; Lv2: b1 partial, b2 impl → 1/2; Lv3: c1 → 0/1.
    let levels: Vec<(&str, &str, usize, Option<f64>)> =
        s.levels.iter().map(|b| (b.key.as_str(), b.label.as_str(), b.in_scope, b.rate)).collect();
    assert_eq!(levels, vec![("1", "Lv1", 3, Some(1.0)), ("2", "Lv2", 2, Some(0.5)), ("3", "Lv3", 1, Some(0.0))]);
    assert_eq!(s.levels[1].counts.partial, 1);
    // Lv2 has a partial item: only Lv1 is achieved.
    assert_eq!(s.level_achieved, Some(1));
    // Labels: 1 = a1, a2, b1 → 1 ÷ (3 − 1); 2 = a3, b2, c1 → 2 ÷ 3.
    assert_eq!(s.groups.len(), 2);
    assert_eq!((s.groups[0].key.as_str(), s.groups[0].label.as_str()), ("1", "方針"));
    assert!(close(s.groups[0].rate, 0.5));
    assert!(close(s.groups[1].rate, 2.0 / 3.0));
    assert!(s.gate.is_none() && s.classes.is_empty());

    // Auditor: 4 conforms, 2 N/A → 4/4, every level achieved.
    let a = &r.auditor;
    assert_eq!((a.counts.implemented, a.counts.not_applicable), (4, 2));
    assert!(close(a.rate, 1.0));
    assert_eq!(a.grade.as_deref(), Some("S"));
    assert_eq!(a.level_achieved, Some(3));
    // b1: supplier partial, auditor conforms. c1: not implemented vs N/A is no discrepancy.
    assert_eq!(r.discrepancies.len(), 1);
    assert_eq!(r.discrepancies[0].item_id, "b1");
    assert_eq!(r.discrepancies[0].kind, DiscrepancyKind::AuditorFoundBetter);
}

#[test]
fn jama_target_level_limits_scope_and_achievement() {
    let r = run(&jama(), &["target_level=1"], &jama_results());
    assert_eq!(r.in_scope, 3);
    assert!(close(r.supplier.rate, 1.0));
    assert_eq!(r.supplier.levels.len(), 1);
    assert_eq!(r.supplier.level_achieved, Some(1));
    // b1 is out of scope at target Lv1, so its discrepancy is not reported.
    assert!(r.discrepancies.is_empty());
}

#[test]
fn level_one_not_achieved_when_an_item_is_unanswered_or_partial() {
    // a3 has no result at all → unanswered; every higher level is fully implemented.
    let mut results: Vec<ItemResult> = jama_results().into_iter().filter(|r| r.item_id != "a3").collect();
    for r in &mut results {
        if r.item_id != "a2" {
            r.answer = A::Implemented;
        }
    }
    let r = run(&jama(), &["target_level=3"], &results);
    assert_eq!(r.supplier.counts.unanswered, 1);
    assert_eq!(r.supplier.level_achieved, None);
    // The auditor side has no verdict for a3 either: unverified counts as unanswered.
    assert_eq!(r.auditor.counts.unanswered, 1);
    assert_eq!(r.auditor.level_achieved, None);

    let partial = vec![res("a1", A::Partial, V::Partial)];
    let r = run(&jama(), &["target_level=3"], &partial);
    assert_eq!(r.supplier.level_achieved, None);
}

#[test]
fn all_levels_achieved_when_everything_is_implemented_or_na() {
    let results: Vec<ItemResult> = ["a1", "a2", "a3", "b1", "b2", "c1"]
        .iter()
        .enumerate()
        .map(|(i, id)| res(id, if i % 2 == 0 { A::Implemented } else { A::NotApplicable }, V::Conforms))
        .collect();
    let r = run(&jama(), &["target_level=3"], &results);
    assert_eq!(r.supplier.level_achieved, Some(3));
    assert!(close(r.supplier.rate, 1.0));
    // Level 3 fails but 1 and 2 pass.
    let mut results = results;
    results[5].answer = A::NotImplemented;
    let r = run(&jama(), &[], &results);
    assert_eq!(r.supplier.level_achieved, Some(2));
}

#[test]
fn all_not_applicable_gives_no_rate_and_no_grade() {
    let results: Vec<ItemResult> =
        ["a1", "a2", "a3", "b1", "b2", "c1"].iter().map(|id| res(id, A::NotApplicable, V::NotApplicable)).collect();
    let r = run(&jama(), &["target_level=3"], &results);
    for side in [&r.supplier, &r.auditor] {
        assert_eq!(side.counts.not_applicable, 6);
        assert_eq!(side.rate, None);
        assert_eq!(side.grade, None);
        assert_eq!(side.rate_note.as_deref(), Some(NO_APPLICABLE_ITEMS));
        assert!(side.levels.iter().all(|b| b.rate.is_none()));
        assert!(side.groups.iter().all(|b| b.rate.is_none()));
        // Every item is "implemented or not applicable", so every level counts as achieved.
        assert_eq!(side.level_achieved, Some(3));
    }
    let json = serde_json::to_value(&r).expect("json");
    assert!(json["supplier"]["rate"].is_null());
    assert_eq!(json["supplier"]["rate_note"], "no applicable items");
}

#[test]
fn no_results_at_all_is_all_unanswered_rate_zero_grade_d() {
    let r = run(&jama(), &[], &[]);
    assert_eq!(r.supplier.counts.unanswered, 6);
    assert!(close(r.supplier.rate, 0.0));
    assert_eq!(r.supplier.grade.as_deref(), Some("D"));
    assert_eq!(r.supplier.level_achieved, None);
    assert!(r.discrepancies.is_empty());
}

// ---------------------------------------------------------------- mandatory gate

fn gate_results() -> Vec<ItemResult> {
    vec![
        res("g1", A::NotApplicable, V::NotApplicable),
        res("g2", A::Implemented, V::Conforms),
        res("g4", A::Implemented, V::Partial),
        res("g5", A::NotImplemented, V::Conforms),
        // g6: no result (unanswered / unverified) on purpose; g3 is out of scope.
        res("g3", A::Implemented, V::Nonconforming),
    ]
}

#[test]
fn gate_fails_on_unanswered_mandatory_but_not_on_na() {
    let mut results = gate_results();
    let r = run(&gated(), &["role=integrator"], &results);
    assert_eq!(r.in_scope, 5); // g1, g2, g4, g5, g6
    let s = &r.supplier;
    let gate = s.gate.as_ref().expect("gate");
    assert_eq!(gate.mandatory, 3); // g1, g2, g6
    assert!(!gate.passed);
    assert_eq!(gate.failing, vec!["g6"]); // g1 is N/A: does not fail
                                          // 2 implemented (g2, g4) ÷ (5 − 1 N/A) = 0.5 → C; recommended g4 impl, g5 not → 0.5.
    assert!(close(s.rate, 0.5));
    assert_eq!(s.grade.as_deref(), Some("C"));
    assert!(close(s.recommended_rate, 0.5));
    let needs: Vec<(&str, &str, usize)> = s.needs.iter().map(|b| (b.key.as_str(), b.label.as_str(), b.in_scope)).collect();
    assert_eq!(needs, vec![("mandatory", "必須", 3), ("recommended", "推奨", 2)]);
    assert!(close(s.needs[0].rate, 0.5)); // g2 ÷ (g2, g6)
    assert_eq!(s.level_achieved, None);

    // Auditor: g6 has no verdict → unverified → fails the gate too.
    let a = r.auditor.gate.as_ref().expect("gate");
    assert_eq!(a.failing, vec!["g6"]);
    // Once g6 conforms the auditor's gate passes: g1 N/A, g2 and g6 conform.
    results.push(res("g6", A::Unanswered, V::Conforms));
    let r = run(&gated(), &["role=integrator"], &results);
    let a = &r.auditor;
    assert!(a.gate.as_ref().is_some_and(|g| g.passed && g.failing.is_empty()));
    // g2, g5, g6 conform; g4 partial; g1 N/A → 3/4 = 0.75 → A; recommended: g5 of g4, g5 → 0.5.
    assert!(close(a.rate, 0.75));
    assert_eq!(a.grade.as_deref(), Some("A"));
    assert_eq!(a.counts.partial, 1);
    assert!(close(a.recommended_rate, 0.5));
    // The supplier's gate still fails on g6 (unanswered).
    assert_eq!(r.supplier.gate.as_ref().map(|g| g.failing.clone()), Some(vec!["g6".to_string()]));
}

/// A catalog's own words for its needs label the need buckets (the key stays the contract);
/// a need it does not name keeps 推奨, and the gate still follows need = mandatory.
#[test]
fn need_buckets_carry_the_catalogs_words_for_its_needs() {
    let words = "\n[need_labels]\nmandatory = { ja = \"基本\", en = \"Basic\", meaning = \"優先的に実施すべき対策\" }\n";
    let text = format!("id = \"t-words\"\n{HEAD}\n{words}{}", GATED_BODY);
    let c = parse("t-words", &text).expect("parses");
    assert_eq!(c.need_labels.recommended.ja, "推奨", "an unnamed need keeps its default word");
    let r = run(&c, &["role=integrator"], &gate_results());
    let needs: Vec<(&str, &str, usize)> = r.supplier.needs.iter().map(|b| (b.key.as_str(), b.label.as_str(), b.in_scope)).collect();
    assert_eq!(needs, vec![("mandatory", "基本", 3), ("recommended", "推奨", 2)]);
    assert_eq!(r.supplier.gate.as_ref().map(|g| g.mandatory), Some(3));
    assert_eq!(c.need_labels.legends(), ["基本: 優先的に実施すべき対策"]);
}

#[test]
fn gate_fails_on_partial_mandatory_and_scope_changes_needs() {
    let results = vec![res("g1", A::Partial, V::Partial), res("g3", A::Implemented, V::Conforms), res("g6", A::Implemented, V::Conforms)];
    // Provider: g1 recommended, g3 and g6 mandatory.
    let r = run(&gated(), &["role=provider"], &results);
    assert_eq!(r.in_scope, 3);
    let g = r.supplier.gate.as_ref().expect("gate");
    assert!(g.passed && g.mandatory == 2);
    assert!(close(r.supplier.recommended_rate, 0.0)); // g1 partial is not achieved
                                                      // Integrator: g1 is mandatory and partial → fails, with g2 (unanswered).
    let r = run(&gated(), &["role=integrator"], &results);
    let g = r.supplier.gate.as_ref().expect("gate");
    assert!(!g.passed);
    assert_eq!(g.failing, vec!["g1", "g2"]);
}

#[test]
fn discrepancies_both_ways_in_catalog_order() {
    let mut results = gate_results();
    results.push(res("g6", A::Unanswered, V::Conforms));
    let r = run(&gated(), &["role=integrator"], &results);
    let got: Vec<(&str, DiscrepancyKind, A, V)> =
        r.discrepancies.iter().map(|d| (d.item_id.as_str(), d.kind, d.supplier, d.auditor)).collect();
    assert_eq!(
        got,
        vec![
            ("g4", DiscrepancyKind::AuditorDisagrees, A::Implemented, V::Partial),
            ("g5", DiscrepancyKind::AuditorFoundBetter, A::NotImplemented, V::Conforms),
            ("g6", DiscrepancyKind::AuditorFoundBetter, A::Unanswered, V::Conforms),
        ]
    );
    // Implemented vs N/A disagrees; implemented vs unverified and N/A vs conforms do not.
    let results = vec![
        res("g1", A::Implemented, V::NotApplicable),
        res("g2", A::Implemented, V::Unverified),
        res("g4", A::NotApplicable, V::Conforms),
        res("g5", A::Implemented, V::Nonconforming),
    ];
    let r = run(&gated(), &["role=integrator"], &results);
    let got: Vec<(&str, DiscrepancyKind)> = r.discrepancies.iter().map(|d| (d.item_id.as_str(), d.kind)).collect();
    assert_eq!(got, vec![("g1", DiscrepancyKind::AuditorDisagrees), ("g5", DiscrepancyKind::AuditorDisagrees)]);
}

#[test]
fn grade_bands_at_their_boundaries() {
    let mut body = String::from("[scoring]\nrule = \"mandatory_gate\"\n\n[[groups]]\nid = \"g\"\nname = \"g\"\n");
    for i in 0..10 {
        body.push_str(&format!("\n[[items]]\nid = \"i{i}\"\ngroup = \"g\"\nrequirement = \"r\"\nneed = \"mandatory\"\n"));
    }
    let c = catalog("t-grades", &body);
    for (implemented, grade) in [(10, "S"), (8, "S"), (7, "A"), (6, "B"), (5, "C"), (4, "D"), (0, "D")] {
        let results: Vec<ItemResult> = (0..10)
            .map(|i| res(&format!("i{i}"), if i < implemented { A::Implemented } else { A::NotImplemented }, V::Unverified))
            .collect();
        let r = run(&c, &[], &results);
        assert_eq!(r.supplier.grade.as_deref(), Some(grade), "{implemented}/10");
        assert_eq!(r.supplier.gate.as_ref().map(|g| g.passed), Some(implemented == 10));
    }
}

// ---------------------------------------------------------------- class rates (ASP・SaaS)

fn asp_results() -> Vec<ItemResult> {
    vec![res("x1", A::Implemented, V::Conforms), res("x2", A::Partial, V::Conforms), res("x3", A::NotImplemented, V::Nonconforming)]
}

#[test]
fn class_rates_and_sections_one_level_below_two_roots() {
    let r = run(&asp(), &["pattern=1"], &asp_results());
    let s = &r.supplier;
    let classes: Vec<(&str, usize, Option<f64>)> = s.classes.iter().map(|b| (b.key.as_str(), b.in_scope, b.rate)).collect();
    // 基本: x1 impl, x3 not → 1/2; 推奨: x2 partial → 0/1.
    assert_eq!(classes, vec![("基本", 2, Some(0.5)), ("推奨", 1, Some(0.0))]);
    // Two roots (II, III) with sub-sections → buckets are II.1, III.1, III.2.
    let sections: Vec<(&str, &str)> = s.groups.iter().map(|b| (b.key.as_str(), b.label.as_str())).collect();
    assert_eq!(sections, vec![("II.1", "基本方針"), ("III.1", "運用管理"), ("III.2", "アクセス制御")]);
    // 基本/推奨 rates per section: II.1 = x1 (基本, implemented), III.1 = x2 (推奨, partial).
    let per_section: Vec<Vec<(&str, Option<f64>)>> =
        s.groups.iter().map(|g| g.classes.iter().map(|b| (b.key.as_str(), b.rate)).collect()).collect();
    assert_eq!(per_section, vec![vec![("基本", Some(1.0))], vec![("推奨", Some(0.0))], vec![("基本", Some(0.0))]]);
    assert!(s.gate.is_none() && s.level_achieved.is_none() && s.levels.is_empty());
    // Auditor: x1, x2 conform → 基本 1/2, 推奨 1/1.
    assert!(close(r.auditor.classes[1].rate, 1.0));
}

#[test]
fn must_achieve_lists_the_chosen_patterns_starred_values() {
    let r = run(&asp(), &["pattern=1"], &asp_results());
    let got: Vec<(&str, &str, &str, u8, A, V)> = r
        .must_achieve
        .iter()
        .map(|m| (m.item_id.as_str(), m.evaluation_id.as_str(), m.value.as_str(), m.pattern, m.supplier, m.auditor))
        .collect();
    assert_eq!(got, vec![("x1", "a", "1回以上／5分", 1, A::Implemented, V::Conforms), ("x2", "a", "10", 1, A::Partial, V::Conforms),]);
    assert_eq!(r.must_achieve[0].text, "稼働監視の間隔");

    let r = run(&asp(), &["pattern=2"], &asp_results());
    let got: Vec<(&str, &str, &str)> =
        r.must_achieve.iter().map(|m| (m.item_id.as_str(), m.evaluation_id.as_str(), m.value.as_str())).collect();
    assert_eq!(got, vec![("x1", "b", "99%")]);

    // No pattern chosen: nothing to list.
    assert!(run(&asp(), &[], &asp_results()).must_achieve.is_empty());
}

// ---------------------------------------------------------------- catalog extension, scope, JSON

#[test]
fn extended_catalog_scores_extra_items_and_keeps_catalog_text() {
    let extra: Vec<Item> = toml::from_str::<toml::Table>(
        r#"
[[items]]
id = "x9"
group = "imported"
class = "基本"
requirement = "シートから取り込んだ項目"

[[items]]
id = "x1"
group = "II.1"
class = "基本"
requirement = "replaced?"
"#,
    )
    .expect("toml")["items"]
        .clone()
        .try_into()
        .expect("items");
    let c = asp().extended(&extra);
    assert_eq!(c.items.len(), 4);
    assert_eq!(c.item("x1").map(|i| i.requirement.as_str()), Some("r x1"));
    let mut results = asp_results();
    results.push(res("x9", A::Implemented, V::Unverified));
    let r = run(&c, &["pattern=1"], &results);
    assert_eq!(r.in_scope, 4);
    assert_eq!(r.supplier.classes[0].in_scope, 3);
    let last = r.supplier.groups.last().expect("groups");
    assert_eq!((last.key.as_str(), last.label.as_str(), last.counts.implemented), ("imported", "imported", 1));
}

#[test]
fn invalid_scope_is_an_error() {
    let err = score(&gated(), &scope(&["role=auditor"]), &[], 0).unwrap_err().to_string();
    assert!(err.contains("integrator, provider"), "{err}");
    let err = score(&gated(), &scope(&["ismap=registered"]), &[], 0).unwrap_err().to_string();
    assert!(err.contains("no scope 'ismap'"), "{err}");
}

#[test]
fn json_contract_field_names() {
    let report = score(&gated(), &scope(&["role=integrator"]), &gate_results(), 2).expect("score");
    let j = serde_json::to_value(&report).expect("json");
    assert_eq!(j["catalog_id"], "t-gate");
    assert_eq!(j["catalog_version"], "1");
    assert_eq!(j["rule"], "mandatory_gate");
    assert_eq!(j["scope"]["role"][0], "integrator");
    assert_eq!(j["in_scope"], 5);
    assert_eq!(j["open_findings"], 2);
    let counts = &j["supplier"]["counts"];
    for key in ["implemented", "partial", "not_implemented", "not_applicable", "unanswered"] {
        assert!(counts[key].is_u64(), "counts.{key}");
    }
    assert_eq!(j["supplier"]["gate"]["failing"][0], "g6");
    // Per-class section buckets belong to class_rates only.
    assert!(j["supplier"]["groups"][0].get("classes").is_none());
    assert_eq!(j["supplier"]["groups"][0]["key"], "p");
    assert_eq!(j["supplier"]["grade"], "C");
    assert_eq!(j["discrepancies"][0]["kind"], "auditor_disagrees");
    assert_eq!(j["discrepancies"][0]["supplier"], "implemented");
    assert_eq!(j["discrepancies"][0]["auditor"], "partial");
    let back: ScoreReport = serde_json::from_value(j).expect("round trip");
    assert_eq!(back, report);
}
