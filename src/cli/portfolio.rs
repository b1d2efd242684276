//! `tenken portfolio`: every organisation with its assessments and their headlines (status,
//! progress, level or gate, grade, open/overdue actions) — the app's home screen, for scripts
//! and for OEMs reviewing hundreds of suppliers.

use std::process::ExitCode;

use clap::Args;
use tenken::portfolio::{self, Headline, Overview};

use super::db::Context;
use super::output;

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

fn headline(h: &Option<Headline>) -> String {
    let Some(h) = h else { return "-".into() };
    let mut parts = Vec::new();
    if let Some(l) = h.level_achieved {
        parts.push(format!("Lv{l}"));
    }
    if let Some(g) = h.gate_passed {
        parts.push(if g { "gate ok".into() } else { "gate NG".into() });
    }
    if let Some(r) = h.rate {
        parts.push(format!("{:.0}%", r * 100.0));
    }
    if let Some(g) = &h.grade {
        parts.push(g.clone());
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" ")
    }
}

fn row(org: &str, o: &Overview) -> Vec<String> {
    let a = &o.assessment;
    vec![
        org.to_string(),
        a.id.to_string(),
        format!("{} r{}", a.catalog_id, a.revision),
        a.status.to_string(),
        o.progress.as_ref().map(|p| format!("{}/{}", p.verified, p.in_scope)).unwrap_or_else(|| "-".into()),
        headline(&o.supplier),
        headline(&o.auditor),
        format!("{}/{}", o.actions.open, o.actions.overdue),
    ]
}

pub fn run(ctx: &Context, a: PortfolioArgs) -> anyhow::Result<ExitCode> {
    let s = ctx.session()?;
    let rows = portfolio::portfolio(&s, chrono::Local::now().date_naive())?;
    if a.json {
        output::json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let lines: Vec<Vec<String>> = rows
        .iter()
        .flat_map(|r| {
            let name = r.organisation.name.clone();
            let mut v: Vec<Vec<String>> = r.assessments.iter().map(|o| row(&name, o)).collect();
            if v.is_empty() {
                v.push(vec![name, "-".into(), "-".into(), "-".into(), "-".into(), "-".into(), "-".into(), "-".into()]);
            }
            v
        })
        .collect();
    output::table(&["organisation", "id", "catalog", "status", "verified", "supplier", "auditor", "actions open/overdue"], &lines);
    Ok(ExitCode::SUCCESS)
}
