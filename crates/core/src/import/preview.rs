//! Looking at a folder of checksheets before importing it: every file is read (in parallel, as
//! the batch import does) and summed up — organisation, counts, warnings, errors, or why it
//! cannot be read — so the app can show the whole batch before anything is stored.
//!
//! Invariant: nothing here touches the store, and no file's bytes are kept once summed up
//! (a preview of a thousand files stays small).

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::batch::Batch;
use super::commit::{organisation_for, prepare, ImportOptions};
use super::{Counts, Cover, Format, Issue};
use crate::error::Result;
use crate::session::Session;

/// What one file of a folder would import as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilePreview {
    /// The file.
    pub file: String,
    /// The summary, when the file can be read.
    pub summary: Option<FileSummary>,
    /// Why it cannot be imported (one sentence naming the file).
    pub error: Option<tenken_domain::notice::Notice>,
}

/// The summary of a readable file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The organisation the file would be stored under.
    pub organisation: String,
    /// Format recognised.
    pub format: Format,
    /// The sheet holding the table.
    pub sheet: String,
    /// The header row, 1-based.
    pub header_row: u32,
    /// Cover-sheet fields.
    pub cover: Cover,
    /// Answers over the catalog's items in scope.
    pub counts: Counts,
    /// Number of items the sheet has beyond the catalog.
    pub extra_items: usize,
    /// Warnings (all of them, with cells).
    pub warnings: Vec<Issue>,
    /// Row errors (all of them, with cells).
    pub errors: Vec<Issue>,
}

/// Read every spreadsheet in `dir` against the import's catalog and scope and sum each up;
/// `tick` is called once per file read. Files are in name order, as the batch imports them.
pub fn preview_dir(session: &Session, dir: &Path, opts: &ImportOptions, tick: &(dyn Fn(&Path) + Sync)) -> Result<Vec<FilePreview>> {
    // The plan refuses what only makes sense for one file (`into`, an organisation id).
    Ok(preview_batch(&Batch::plan(session, dir, opts)?, tick))
}

/// Read every file of a planned batch and sum each up (no session needed: nothing is stored),
/// with the batch's number of reader threads.
pub fn preview_batch(batch: &Batch, tick: &(dyn Fn(&Path) + Sync)) -> Vec<FilePreview> {
    match rayon::ThreadPoolBuilder::new().num_threads(batch.readers()).build() {
        Ok(pool) => pool.install(|| summed_up(batch, tick)),
        // No thread could be started for a pool of its own: the global pool reads them.
        Err(_) => summed_up(batch, tick),
    }
}

fn summed_up(batch: &Batch, tick: &(dyn Fn(&Path) + Sync)) -> Vec<FilePreview> {
    let (catalog, scope) = (batch.catalog(), batch.scope());
    batch
        .files()
        .par_iter()
        .map(|path| {
            let summed = prepare(path, catalog, scope).map(|(_, r)| FileSummary {
                organisation: organisation_for(None, &r, path),
                format: r.format,
                sheet: r.sheet,
                header_row: r.header_row,
                cover: r.cover,
                counts: r.counts,
                extra_items: r.extra_items.len(),
                warnings: r.warnings,
                errors: r.errors,
            });
            tick(path);
            match summed {
                Ok(s) => FilePreview { file: path.display().to_string(), summary: Some(s), error: None },
                Err(e) => FilePreview { file: path.display().to_string(), summary: None, error: Some(e.notice()) },
            }
        })
        .collect()
}
