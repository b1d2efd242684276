//! `bench_seed`: put a generated supplier checksheet into a database as a reviewed assessment —
//! the supplier's 153 answers (90 catalog items + 63 items from the sheet), a verdict and note on
//! every item, and four findings — so the report benchmarks have an end-of-day assessment even
//! where `tenken import` is not available. Prints the assessment id.
//!
//! ```sh
//! cargo run --release --example bench_seed -- --db bench/out/report.db --index 1
//! ```
//!
//! It writes through the store's public `Writer`, the same calls an import and an auditor make,
//! in one transaction. `bench/run.sh` prefers the real `tenken import` plus `tenken verdict` and
//! uses this only when import is missing.

#[path = "gen/checksheet.rs"]
#[allow(dead_code)] // fields only the tests read
mod checksheet;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tenken::catalog::Item;
use tenken::model::{AssessmentKind, OrgKind, Scope, Severity, Verdict};
use tenken_store::{NewAssessment, NewFinding, OpenOptions, Store};

/// Seed a reviewed assessment from a generated checksheet.
#[derive(Debug, Parser)]
struct Args {
    /// Database file (created).
    #[arg(long)]
    db: PathBuf,
    /// Supplier index (as in `bench_gen`).
    #[arg(long, default_value_t = 1)]
    index: u64,
    /// Seed (as in `bench_gen`).
    #[arg(long, default_value_t = 20260401)]
    seed: u64,
    /// Rows per sheet.
    #[arg(long, default_value_t = 153)]
    rows: u32,
    /// Built-in catalog id.
    #[arg(long, default_value = "jama-japia-2.2")]
    catalog: String,
}

const VERDICTS: [Verdict; 6] =
    [Verdict::Conforms, Verdict::Conforms, Verdict::Conforms, Verdict::Partial, Verdict::Nonconforming, Verdict::NotApplicable];

fn extra_item(row: &checksheet::Row) -> Item {
    Item {
        id: row.no.to_string(),
        group: row.group.clone(),
        level: Some(row.level_no),
        class: None,
        title: None,
        purpose: Some(row.purpose.clone()),
        requirement: row.requirement.clone(),
        condition: Some(row.condition.clone()),
        criteria: Some(row.criteria.clone()),
        best_practices: Vec::new(),
        evaluation: Vec::new(),
        commentary: Vec::new(),
        applicability: Vec::new(),
        need: None,
        notes: Vec::new(),
    }
}

fn run(args: &Args) -> Result<i64, Box<dyn std::error::Error>> {
    let catalogs = tenken::catalog::builtin_catalogs()?;
    let catalog = catalogs.iter().find(|c| c.id == args.catalog).ok_or(format!("no built-in catalog {}", args.catalog))?;
    let sheet = checksheet::generate(catalog, args.rows, args.seed, args.index);
    let mut store = Store::open(&args.db, &OpenOptions { create: true, actor: Some("bench".into()), ..Default::default() })?;
    let id = store.write(|w| {
        let org = w.ensure_organisation(&sheet.cover.company, OrgKind::Supplier)?;
        let a = w.create_assessment(&NewAssessment {
            organisation_id: org.id,
            site: Some("本社工場".into()),
            catalog_id: catalog.id.clone(),
            catalog_version: catalog.version.clone(),
            scope: Scope::parse_pairs(["target_level=3"]).unwrap_or_default(),
            kind: AssessmentKind::Audit,
            auditor: Some("監査 花子".into()),
            started_on: None,
            ended_on: None,
        })?;
        for (k, row) in sheet.rows.iter().enumerate() {
            let item = row.no.to_string();
            if !row.in_catalog {
                w.add_extra_item(a.id, &extra_item(row))?;
            }
            let remark = Some(row.remark.as_str()).filter(|r| !r.is_empty());
            w.set_supplier_answer(a.id, &item, row.answer, Some(row.answer_raw.as_str()).filter(|r| !r.is_empty()), remark)?;
            let note = format!("現地で規程・記録を確認（No.{}）。", row.no);
            w.set_verdict(a.id, &item, VERDICTS[k % VERDICTS.len()], Some(&note))?;
        }
        for no in ["5", "28", "63", "110"] {
            w.add_finding(&NewFinding {
                assessment_id: a.id,
                item_id: Some(no.into()),
                severity: Severity::Major,
                description: format!("No.{no} の運用記録が保管されていない。"),
                corrective_action: Some("記録様式を定め、3か月分の運用記録を提出する。".into()),
                owner: Some("情報システム部".into()),
                due_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 31),
            })?;
        }
        Ok(a.id)
    })?;
    Ok(id)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(id) => {
            println!("{id}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_seed: {e}");
            ExitCode::FAILURE
        }
    }
}
