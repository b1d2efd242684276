//! `tenken template`: write a blank checksheet workbook for suppliers (see `tenken::template`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tenken::catalog;
use tenken::model::Scope;
use tenken::paths;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Catalog id, e.g. jama-japia-2.2
    #[arg(long)]
    pub catalog: String,
    /// Catalog version [default: the newest]
    #[arg(long)]
    pub catalog_version: Option<String>,
    /// Scope choice KEY=VALUE (repeatable): only items in scope get a row
    #[arg(long = "scope", value_name = "K=V")]
    pub scope: Vec<String>,
    /// The workbook to write (.xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: PathBuf,
}

pub fn run(a: TemplateArgs) -> anyhow::Result<ExitCode> {
    let all = tenken::catalogs::all_catalogs(Some(&paths::user_catalog_dir()))?;
    let cat = catalog::find(&all, &a.catalog, a.catalog_version.as_deref())?;
    let scope = Scope::parse_pairs(&a.scope)?;
    tenken::template::write_template(cat, &scope, &a.output)?;
    let n = catalog::in_scope(cat, &scope)?.len();
    println!("wrote {} ({} {}, {} items, scope {})", a.output.display(), cat.id, cat.version, n, scope);
    Ok(ExitCode::SUCCESS)
}
