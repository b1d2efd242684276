//! `bench_gen`: write N deterministic supplier checksheets (xlsx) for the benchmarks.
//!
//! ```sh
//! cargo run --release --example bench_gen -- --out bench/out/inputs --count 1000
//! ```
//!
//! Each file is `supplier-NNNN.xlsx`; `DIR.manifest.json` beside the directory lists, per file, the company
//! and the counts an importer must report. The catalog is a built-in one (`--catalog`), or a
//! TOML file (`--catalog-file`) while the built-in set is still being written.

#[path = "gen/checksheet.rs"]
#[allow(dead_code)] // fields the tests read
mod checksheet;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Write deterministic supplier checksheets.
#[derive(Debug, Parser)]
struct Args {
    /// Output directory (created).
    #[arg(long)]
    out: PathBuf,
    /// Number of files.
    #[arg(long, default_value_t = 1)]
    count: u64,
    /// Built-in catalog id.
    #[arg(long, default_value = "jama-japia-2.2")]
    catalog: String,
    /// Catalog TOML file to use instead of the built-in one.
    #[arg(long)]
    catalog_file: Option<PathBuf>,
    /// Rows per sheet: Nos 1..=ROWS (the real JAMA sheet has 153).
    #[arg(long, default_value_t = 153)]
    rows: u32,
    /// Seed of the random stream.
    #[arg(long, default_value_t = 20260401)]
    seed: u64,
    /// Index of the first file (file names and companies follow it).
    #[arg(long, default_value_t = 1)]
    first: u64,
}

fn load_catalog(args: &Args) -> Result<tenken::catalog::Catalog, String> {
    match &args.catalog_file {
        Some(p) => tenken::catalogs::load_file(p).map_err(|e| e.to_string()),
        None => {
            let all = tenken::catalog::builtin_catalogs().map_err(|e| e.to_string())?;
            all.into_iter().find(|c| c.id == args.catalog).ok_or_else(|| {
                format!("built-in catalog '{}' not found (not built yet?); pass --catalog-file catalogs/FILE.toml", args.catalog)
            })
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let catalog = load_catalog(args)?;
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mut manifest = Vec::new();
    for index in args.first..args.first + args.count {
        let sheet = checksheet::generate(&catalog, args.rows, args.seed, index);
        let name = format!("supplier-{index:04}.xlsx");
        let path = args.out.join(&name);
        sheet.write_xlsx(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let exp = sheet.expected();
        manifest.push(serde_json::json!({
            "file": name,
            "company": sheet.cover.company,
            "respondent": sheet.cover.respondent,
            "date": sheet.cover.date,
            "rows": sheet.rows.len(),
            "counts": exp.counts,
            "extra_items": exp.extra_items,
        }));
    }
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    // Beside the directory, not in it: `tenken import DIR` must see only spreadsheets.
    let mpath = args.out.with_extension("manifest.json");
    std::fs::write(&mpath, text).map_err(|e| format!("{}: {e}", mpath.display()))?;
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_gen: {e}");
            ExitCode::FAILURE
        }
    }
}
