//! From an assessment to what the PDF report prints: the only place that decides the report's
//! wording of verdicts, severities, statuses and score rows (the report lays out what it gets).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ExportInput;
use crate::catalog::{self, Catalog, Item};
use crate::model::*;
use crate::report::input as r;
use crate::scoring::{Bucket, SideScore};

/// Who signs, as printed on the sign-off page.
#[derive(Debug, Clone, Default)]
pub struct SignOffPerson {
    /// Name (the certificate's CN when signing).
    pub name: String,
    /// Organisation.
    pub organisation: String,
}

/// Build the report input. `final_report` removes the DRAFT mark (a signed report is final).
pub fn report_input(input: &ExportInput, signer: &SignOffPerson, today: NaiveDate, final_report: bool) -> r::ReportInput {
    let doc = &input.document;
    let a = &doc.assessment;
    let cat = &input.catalog;
    let auditor = r::Person {
        name: a.auditor.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| signer.name.clone()),
        organisation: signer.organisation.clone(),
    };
    r::ReportInput {
        organisation: doc.organisation.name.clone(),
        site: doc.site.clone().unwrap_or_default(),
        framework: r::FrameworkInfo {
            catalog_id: cat.id.clone(),
            version: cat.version.clone(),
            title_ja: format!("{}{}", cat.title.ja, if cat.draft { "（案）" } else { "" }),
            title_en: cat.title.en.clone(),
            source: format!("{}『{}』{}（{}）", cat.publisher, cat.source.title, cat.source.version, cat.source.date),
        },
        scope: scope_text(cat, &a.scope),
        assessment_kind: kind_text(a.kind).into(),
        auditor,
        dates: r::ReportDates {
            assessment_start: a.started_on.unwrap_or_else(|| created_date(&a.created_at, today)),
            assessment_end: a.ended_on.filter(|e| Some(*e) != a.started_on),
            report_date: today,
        },
        status: if final_report || a.status == AssessmentStatus::Signed { r::ReportStatus::Final } else { r::ReportStatus::Draft },
        revision: a.revision.max(1) as u32,
        summary: summary(input),
        findings: doc.findings.iter().map(finding).collect(),
        discrepancies: discrepancies(input),
        items: appendix(input),
        sign_off: r::SignOff {
            auditor_name: signer.name.clone(),
            organisation: signer.organisation.clone(),
            date: today,
            statement: String::new(),
            trail_head: None,
        },
    }
}

fn created_date(created_at: &str, fallback: NaiveDate) -> NaiveDate {
    created_at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(fallback)
}

/// "対象レベル: Lv2 / パターン: 3" from the scope choices, in the catalog's words.
pub fn scope_text(cat: &Catalog, scope: &Scope) -> String {
    if scope.is_empty() {
        return "全項目 / All items".into();
    }
    let parts: Vec<String> = cat
        .scope
        .iter()
        .filter(|d| !scope.values(&d.key).is_empty())
        .map(|d| {
            let names: Vec<String> = scope
                .values(&d.key)
                .iter()
                .map(|v| d.options.iter().find(|o| &o.value == v).map(|o| o.name.ja.clone()).unwrap_or_else(|| v.clone()))
                .collect();
            format!("{}: {}", d.name.ja, names.join("、"))
        })
        .collect();
    parts.join(" / ")
}

fn kind_text(k: AssessmentKind) -> &'static str {
    match k {
        AssessmentKind::SupplierSelfAssessment => "取引先の自己評価 / Supplier self-assessment",
        AssessmentKind::Audit => "監査 / Audit",
        AssessmentKind::SelfAssessment => "自己評価 / Self-assessment",
    }
}

fn severity_text(s: Severity) -> String {
    let en = match s {
        Severity::Critical => "Critical",
        Severity::Major => "Major",
        Severity::Minor => "Minor",
        Severity::Observation => "Observation",
    };
    format!("{} / {en}", s.label_ja())
}

fn status_text(s: ActionStatus) -> String {
    let en = match s {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "In progress",
        ActionStatus::Done => "Done",
    };
    format!("{} / {en}", s.label_ja())
}

fn rate_count(b: &Bucket) -> r::RateCount {
    r::RateCount { rate: b.rate, achieved: b.counts.implemented as u32, applicable: b.counts.applicable() as u32 }
}

fn side_rate(s: &SideScore) -> r::RateCount {
    r::RateCount { rate: s.rate, achieved: s.counts.implemented as u32, applicable: s.counts.applicable() as u32 }
}

fn summary(input: &ExportInput) -> r::ScoreSummary {
    let score = &input.score;
    let (sup, aud) = (&score.supplier, &score.auditor);
    let words = &input.catalog.need_labels;
    let need_heading = format!("{}・{} / Need", words.mandatory.ja, words.recommended.ja);
    let (dimension_label, sup_rows, aud_rows) = if !sup.levels.is_empty() {
        ("レベル / Level", &sup.levels, &aud.levels)
    } else if !sup.classes.is_empty() {
        ("区分 / Class", &sup.classes, &aud.classes)
    } else {
        (need_heading.as_str(), &sup.needs, &aud.needs)
    };
    let rows = sup_rows
        .iter()
        .map(|b| {
            let a = aud_rows.iter().find(|x| x.key == b.key);
            let result = match (b.key.parse::<u8>().ok(), sup.levels.is_empty()) {
                (Some(level), false) if aud.level_achieved.is_some_and(|l| l >= level) => "達成 / Achieved".into(),
                (Some(_), false) => "未達 / Not achieved".into(),
                _ => String::new(),
            };
            r::ScoreRow {
                label: b.label.clone(),
                supplier: rate_count(b),
                auditor: a.map(rate_count).unwrap_or(r::RateCount { rate: None, achieved: 0, applicable: 0 }),
                result,
            }
        })
        .collect();
    let (result_label, result_value) = if !sup.levels.is_empty() {
        ("達成レベル / Level achieved".to_string(), aud.level_achieved.map(|l| format!("Lv{l}")).unwrap_or_else(|| "未達 / None".into()))
    } else if let Some(g) = &aud.gate {
        let label = format!("{}項目ゲート / {} gate", words.mandatory.ja, words.mandatory.en);
        (label, if g.passed { "合格 / Passed".into() } else { format!("不合格 / Not passed（{}項目）", g.failing.len()) })
    } else {
        let basic = aud.classes.first();
        ("基本対策の達成率 / Basic controls".to_string(), basic.map(|b| crate::report::format_rate(b.rate)).unwrap_or_else(|| "—".into()))
    };
    let verified = aud.counts.total() - aud.counts.unanswered;
    r::ScoreSummary {
        dimension_label: dimension_label.into(),
        rows,
        row_legend: if sup.levels.is_empty() { words.legends() } else { Vec::new() },
        overall: Some(r::ScoreRow {
            label: "全体 / Overall".into(),
            supplier: side_rate(sup),
            auditor: side_rate(aud),
            result: String::new(),
        }),
        grade: aud.grade.clone(),
        result_label,
        result_value,
        groups: sup
            .groups
            .iter()
            .map(|b| r::GroupRate {
                label: b.label.clone(),
                supplier: b.rate,
                auditor: aud.groups.iter().find(|x| x.key == b.key).and_then(|x| x.rate),
            })
            .collect(),
        key_numbers: vec![
            r::KeyNumber { label: "対象項目 / Items in scope".into(), value: score.in_scope.to_string() },
            r::KeyNumber { label: "確認済み / Verified".into(), value: verified.to_string() },
            r::KeyNumber { label: "相違 / Discrepancies".into(), value: score.discrepancies.len().to_string() },
            r::KeyNumber { label: "未完了の指摘 / Open findings".into(), value: score.open_findings.to_string() },
            r::KeyNumber { label: "必達の評価項目 / Must-achieve".into(), value: score.must_achieve.len().to_string() },
        ],
    }
}

fn finding(f: &Finding) -> r::Finding {
    r::Finding {
        id: format!("F-{:03}", f.id),
        severity: severity_text(f.severity),
        item_id: f.item_id.clone().unwrap_or_default(),
        description: f.description.clone(),
        corrective_action: f.corrective_action.clone().unwrap_or_default(),
        owner: f.owner.clone().unwrap_or_default(),
        due: f.due_date,
        status: status_text(f.status),
    }
}

fn level_or_class(i: &Item) -> String {
    i.level.map(|l| format!("Lv{l}")).or_else(|| i.class.clone()).unwrap_or_default()
}

fn answer_text(a: SupplierAnswer) -> String {
    a.label_ja().to_string()
}

fn discrepancies(input: &ExportInput) -> Vec<r::Discrepancy> {
    let results: HashMap<&str, &ItemResult> = input.document.results.iter().map(|r| (r.item_id.as_str(), r)).collect();
    input
        .score
        .discrepancies
        .iter()
        .map(|d| {
            let item = input.catalog.item(&d.item_id);
            r::Discrepancy {
                item_id: d.item_id.clone(),
                level: item.map(level_or_class).unwrap_or_default(),
                requirement: item.map(|i| i.requirement.clone()).unwrap_or_default(),
                supplier_answer: answer_text(d.supplier),
                auditor_verdict: d.auditor.label_ja().into(),
                note: results.get(d.item_id.as_str()).and_then(|r| r.note.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The catalog's other texts of an item, with the framework's labels (the commentary stays in
/// the app: the report records results, not guidance).
fn fields(cat: &Catalog, i: &Item, pattern: Option<u8>) -> Vec<r::LabeledText> {
    let mut out = Vec::new();
    let mut push = |key: &str, v: &Option<String>| {
        if let Some(t) = v.as_ref().filter(|t| !t.is_empty()) {
            out.push(r::LabeledText { label: cat.field_label(key).to_string(), text: t.clone() });
        }
    };
    push("title", &i.title);
    push("purpose", &i.purpose);
    push("condition", &i.condition);
    push("criteria", &i.criteria);
    for note in &i.notes {
        out.push(r::LabeledText { label: "注記 / Note".into(), text: note.clone() });
    }
    for e in &i.evaluation {
        let refs: Vec<String> = e
            .reference
            .iter()
            .filter(|rv| pattern.is_none_or(|p| rv.pattern == p))
            .map(|rv| format!("P{} {}{}", rv.pattern, rv.value, if rv.must { "*" } else { "" }))
            .collect();
        out.push(r::LabeledText {
            label: format!("{} {}", cat.field_label("evaluation"), e.id),
            text: format!("{}\n{}", e.text, refs.join(" / ")),
        });
    }
    out
}

fn appendix(input: &ExportInput) -> Vec<r::AppendixItem> {
    let doc = &input.document;
    let cat = &input.catalog;
    let results: HashMap<&str, &ItemResult> = doc.results.iter().map(|r| (r.item_id.as_str(), r)).collect();
    let pattern = doc.assessment.scope.values(crate::scoring::PATTERN_KEY).first().and_then(|p| p.parse().ok());
    let scoped = catalog::in_scope(cat, &doc.assessment.scope).unwrap_or_default();
    scoped
        .iter()
        .map(|s| {
            let i = s.item;
            let res = results.get(i.id.as_str());
            let group = cat
                .group(&i.group)
                .map(|g| if g.name == g.id { g.name.clone() } else { format!("{} {}", g.id, g.name) })
                .unwrap_or_default();
            r::AppendixItem {
                id: i.id.clone(),
                level: level_or_class(i),
                group,
                requirement: i.requirement.clone(),
                fields: fields(cat, i, pattern),
                supplier_answer: answer_text(res.map(|r| r.answer).unwrap_or(SupplierAnswer::Unanswered)),
                supplier_remark: res.and_then(|r| r.remark.clone()).unwrap_or_default(),
                verdict: res.map(|r| r.verdict).unwrap_or(Verdict::Unverified).label_ja().into(),
                auditor_note: res.and_then(|r| r.note.clone()).unwrap_or_default(),
                evidence: doc
                    .evidence
                    .iter()
                    .filter(|e| e.items.iter().any(|x| x == &i.id))
                    .map(|e| r::Evidence { name: e.file_name.clone(), sha256: e.sha256.clone() })
                    .collect(),
            }
        })
        .collect()
}
