//! `tenken export`: the Excel results workbook and the JSON document (and the PDF report).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tenken::export;

use super::db::Context;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Assessment id
    pub assessment: i64,
    /// Write the Excel results workbook here (.xlsx)
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the whole assessment as JSON here (schema: src/document.rs, tenken.assessment/1)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

pub fn run(ctx: &Context, a: ExportArgs) -> anyhow::Result<ExitCode> {
    if a.xlsx.is_none() && a.json.is_none() {
        anyhow::bail!("say what to export: --xlsx FILE and/or --json FILE");
    }
    let s = ctx.session()?;
    let input = export::input(&s, a.assessment)?;
    if let Some(path) = &a.xlsx {
        let bytes = export::xlsx_bytes(&input, None)?;
        export::write_atomically(path, &bytes)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    if let Some(path) = &a.json {
        let bytes = export::json_bytes(&input)?;
        export::write_atomically(path, &bytes)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    Ok(ExitCode::SUCCESS)
}
