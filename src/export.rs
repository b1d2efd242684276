//! Exporting an assessment: the Excel results workbook and the JSON document, written to files
//! atomically (a temporary file renamed into place, so a crash never leaves half a report).
//!
//! Invariant: orchestration only — the document, the score and the workbook are made by their
//! own modules; this module decides what goes where.

use std::path::Path;

use crate::document::{self, AssessmentDocument};
use crate::error::{Error, Result};
use crate::model::AssessmentId;
use crate::scoring::ScoreReport;
use crate::session::Session;
use crate::workbook;

/// Everything an export is made from, read once.
pub struct ExportInput {
    /// The whole assessment.
    pub document: AssessmentDocument,
    /// The catalog, extended with the assessment's extra items.
    pub catalog: crate::catalog::Catalog,
    /// The score.
    pub score: ScoreReport,
}

/// Read what an export needs.
pub fn input(session: &Session, id: AssessmentId) -> Result<ExportInput> {
    let document = document::read(session, id)?;
    let catalog = session.catalog_of(&document.assessment)?;
    let score = session.score(id)?;
    Ok(ExportInput { document, catalog, score })
}

/// The JSON document with the score, as `tenken export --json` writes it.
#[derive(serde::Serialize)]
pub struct JsonExport<'a> {
    /// The assessment.
    #[serde(flatten)]
    pub document: &'a AssessmentDocument,
    /// Its score.
    pub score: &'a ScoreReport,
}

/// Write bytes to `path` atomically: a sibling temporary file, synced, then renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| Error::invalid(format!("{}: not a file path", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Render the Excel results workbook.
pub fn xlsx_bytes(input: &ExportInput, signer: Option<&workbook::SignerNote>) -> Result<Vec<u8>> {
    workbook::render(&input.document, &input.catalog, &input.score, signer)
}

/// Render the JSON export.
pub fn json_bytes(input: &ExportInput) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(&JsonExport { document: &input.document, score: &input.score })
        .map_err(|e| Error::invalid(format!("JSON export failed: {e}")))
}
