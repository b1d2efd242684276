//! `tenken score`: the catalog's scoring rule over an assessment, both sides side by side.

use std::process::ExitCode;

use clap::Args;
use tenken::scoring::{Bucket, ScoreReport, SideScore};

use super::db::Context;
use super::output;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Assessment id
    pub assessment: i64,
    /// Print JSON (the ScoreReport contract, see src/scoring.rs)
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, a: ScoreArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.session()?;
    let report = s.score(a.assessment)?;
    if a.json {
        output::json(&report)?;
    } else {
        print_human(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// A rate as a percentage with one decimal, or a dash when nothing is applicable.
pub fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

fn print_human(r: &ScoreReport) {
    println!("{} {} — {} items in scope{}", r.catalog_id, r.catalog_version, r.in_scope, if r.draft { " (draft source)" } else { "" });
    let sides = [("supplier / 自己回答", &r.supplier), ("auditor / 監査", &r.auditor)];
    let rows: Vec<Vec<String>> = sides.iter().map(|(name, s)| side_row(name, s)).collect();
    output::table(&["side", "rate", "grade", "level", "gate", "impl/part/not/na/none"], &rows);
    let buckets = |s: &SideScore| -> Vec<Bucket> {
        if !s.levels.is_empty() {
            s.levels.clone()
        } else if !s.classes.is_empty() {
            s.classes.clone()
        } else {
            s.needs.clone()
        }
    };
    let (sup, aud) = (buckets(&r.supplier), buckets(&r.auditor));
    if !sup.is_empty() {
        println!();
        let rows: Vec<Vec<String>> = sup
            .iter()
            .map(|b| {
                let a = aud.iter().find(|x| x.key == b.key);
                vec![b.label.clone(), b.in_scope.to_string(), pct(b.rate), a.map(|a| pct(a.rate)).unwrap_or_default()]
            })
            .collect();
        output::table(&["", "items", "supplier", "auditor"], &rows);
    }
    if !r.discrepancies.is_empty() {
        println!("\ndiscrepancies / 相違: {}", r.discrepancies.len());
        for d in &r.discrepancies {
            println!("  {}: supplier {} / auditor {}", d.item_id, d.supplier, d.auditor);
        }
    }
    if !r.must_achieve.is_empty() {
        println!("\nmust-achieve evaluation items / 必達: {}", r.must_achieve.len());
    }
    println!("open findings / 未完了の指摘: {}", r.open_findings);
}

fn side_row(name: &str, s: &SideScore) -> Vec<String> {
    let c = &s.counts;
    vec![
        name.to_string(),
        pct(s.rate),
        s.grade.clone().unwrap_or_else(|| "—".into()),
        if s.levels.is_empty() { "—".into() } else { s.level_achieved.map(|l| format!("Lv{l}")).unwrap_or_else(|| "none".into()) },
        match &s.gate {
            None => "—".into(),
            Some(g) if g.passed => "passed".into(),
            Some(g) => format!("FAILED ({})", g.failing.len()),
        },
        format!("{}/{}/{}/{}/{}", c.implemented, c.partial, c.not_implemented, c.not_applicable, c.unanswered),
    ]
}
