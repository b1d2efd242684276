//! `tenken import FILE|DIR`: import supplier checksheets (one file, or every spreadsheet of a
//! folder with a progress bar and a summary table). The work is done by `tenken::import`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tenken::import::{self, batch, BatchEntry, ImportOptions, ImportReport};
use tenken::model::Scope;

use super::db::Context;
use super::{exit, output};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A checksheet (xlsx, xlsm, xlsb, xls, ods) or a folder of them
    pub path: PathBuf,
    /// Catalog id, e.g. jama-japia-2.2
    #[arg(long)]
    pub catalog: String,
    /// Catalog version [default: the newest]
    #[arg(long)]
    pub catalog_version: Option<String>,
    /// Organisation by exact name, created if new (a numeric name such as 101 is a name)
    /// [default: the cover sheet's company, else the file name]
    #[arg(long, value_name = "NAME", conflicts_with = "org_id")]
    pub org: Option<String>,
    /// An existing organisation by id (see `tenken org list`)
    #[arg(long, value_name = "ID")]
    pub org_id: Option<i64>,
    /// Scope choice KEY=VALUE (repeatable), e.g. target_level=2
    #[arg(long = "scope", value_name = "K=V")]
    pub scope: Vec<String>,
    /// Add the answers to this existing assessment instead of creating one
    #[arg(long, value_name = "ASSESSMENT")]
    pub into: Option<i64>,
    /// Import even if the same file was already imported into the assessment
    #[arg(long)]
    pub force: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, a: ImportArgs) -> anyhow::Result<ExitCode> {
    let opts = ImportOptions {
        catalog_id: a.catalog.clone(),
        catalog_version: a.catalog_version.clone(),
        organisation: a.org.clone(),
        organisation_id: a.org_id,
        scope: Scope::parse_pairs(&a.scope)?,
        into: a.into,
        force: a.force,
    };
    let mut session = ctx.session()?;
    if a.path.is_dir() {
        return run_batch(&mut session, &a.path, &opts, a.json);
    }
    let report = import::import_file(&mut session, &a.path, &opts)?;
    if a.json {
        output::json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn counts_cell(c: &import::Counts) -> String {
    format!("{}/{}/{}/{}/{}", c.implemented, c.partial, c.not_implemented, c.not_applicable, c.unanswered)
}

fn print_report(r: &ImportReport) {
    println!(
        "imported {} into assessment {} ({}), catalog {} {}",
        r.file, r.assessment_id, r.organisation, r.catalog_id, r.catalog_version
    );
    println!("  table: sheet {}, header row {}", r.sheet, r.header_row);
    if let (None, None, None) = (&r.cover.company, &r.cover.respondent, &r.cover.date) {
    } else {
        println!(
            "  cover: company {}, respondent {}, date {}",
            output::or_dash(&r.cover.company),
            output::or_dash(&r.cover.respondent),
            output::or_dash(&r.cover.date)
        );
    }
    let c = &r.counts;
    println!(
        "  answers in scope: 実施 {} / 一部 {} / 未実施 {} / 対象外 {} / 未回答 {}",
        c.implemented, c.partial, c.not_implemented, c.not_applicable, c.unanswered
    );
    if !r.extra_item_ids.is_empty() {
        println!("  extra items from the sheet (not in the catalog): {}", r.extra_item_ids.join(", "));
    }
    for w in &r.warnings {
        println!("  warning: {}: {}", w.cell.as_deref().unwrap_or(&w.sheet), w.notice);
    }
    for e in &r.errors {
        println!("  error: {}: {}", e.cell.as_deref().unwrap_or(&e.sheet), e.notice);
    }
}

fn run_batch(session: &mut tenken::session::Session, dir: &Path, opts: &ImportOptions, json: bool) -> anyhow::Result<ExitCode> {
    let files = batch::spreadsheets_in(dir)?;
    let bar = ProgressBar::new(files.len() as u64 * 2);
    if std::io::stderr().is_terminal() && !json {
        bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()));
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let entries = import::import_dir(session, dir, opts, &|p: &Path| {
        bar.set_message(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    if json {
        output::json(&entries)?;
    } else {
        print_summary(&entries);
        println!("{} files: {} imported, {} failed", entries.len(), entries.len() - failed, failed);
    }
    Ok(ExitCode::from(if failed == 0 { exit::SUCCESS } else { exit::FAILURE }))
}

fn print_summary(entries: &[BatchEntry]) {
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let name = Path::new(&e.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match (&e.report, &e.error) {
                (Some(r), _) => vec![
                    name,
                    r.organisation.clone(),
                    format!("ok #{}", r.assessment_id),
                    counts_cell(&r.counts),
                    r.errors.len().to_string(),
                ],
                (None, err) => vec![
                    name,
                    "-".into(),
                    format!("FAILED: {}", err.as_ref().map(|e| e.message.as_str()).unwrap_or("")),
                    "-".into(),
                    "-".into(),
                ],
            }
        })
        .collect();
    output::table(&["file", "organisation", "result", "impl/part/not/na/none", "errors"], &rows);
}

/// `tenken catalog import`: build a user catalog from a workbook with the standard columns.
#[derive(Debug, Args)]
pub struct CatalogImportArgs {
    /// Workbook (xlsx, xlsm, xlsb, xls, ods) with No. and 要求事項 columns
    pub file: PathBuf,
    /// Id of the new catalog (no spaces)
    #[arg(long)]
    pub id: String,
    /// Title of the new catalog
    #[arg(long)]
    pub title: String,
    /// Version of the new catalog [default: 1]
    #[arg(long)]
    pub version: Option<String>,
    /// Join commentary, scope and scoring by No. from this catalog (e.g. jama-japia-2.2)
    #[arg(long, value_name = "CATALOG")]
    pub based_on: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn catalog_import(a: CatalogImportArgs, all: &[tenken::catalog::Catalog]) -> anyhow::Result<ExitCode> {
    use tenken::import::catalog_import::{import_catalog_file, CatalogImportOptions};
    let based_on = match &a.based_on {
        Some(id) => Some(tenken::catalog::find(all, id, None)?.clone()),
        None => None,
    };
    let opts = CatalogImportOptions { id: a.id.clone(), title: a.title.clone(), version: a.version.clone(), based_on };
    let (path, cat) = import_catalog_file(&a.file, &opts, &tenken::paths::user_catalog_dir(), all)?;
    let with_commentary = cat.items.iter().filter(|i| !i.commentary.is_empty()).count();
    if a.json {
        output::json(&serde_json::json!({
            "path": path, "id": cat.id, "version": cat.version, "items": cat.items.len(),
            "groups": cat.groups.len(), "with_commentary": with_commentary, "rule": cat.scoring.rule,
        }))?;
    } else {
        println!(
            "wrote {} ({} {}: {} items in {} groups, {} with commentary)",
            path.display(),
            cat.id,
            cat.version,
            cat.items.len(),
            cat.groups.len(),
            with_commentary
        );
    }
    Ok(ExitCode::SUCCESS)
}
