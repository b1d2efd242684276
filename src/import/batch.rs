//! Importing every spreadsheet of a folder: files are read in parallel (rayon, both cores),
//! then committed one by one, each in its own transaction, so one bad file never stops the
//! batch and never leaves anything half-stored.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::commit::{commit_reading, prepare, target_catalog, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::session::Session;

/// Extensions a batch picks up (case-insensitive).
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The outcome for one file of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchEntry {
    /// The file.
    pub file: String,
    /// The report, when the file was imported.
    pub report: Option<ImportReport>,
    /// The error, when it was not (one sentence naming the file).
    pub error: Option<String>,
}

/// The spreadsheets directly in `dir`, sorted; lock files (`~$x.xlsx`, `.~lock.x#`) and hidden
/// files are skipped.
pub fn spreadsheets_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = p
                .extension()
                .map(|x| x.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            !name.starts_with("~$")
                && !name.starts_with('.')
                && SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Import every spreadsheet in `dir`, one assessment per file. `tick` is called once per file
/// read and once per file committed (for a progress bar of `2 × files` steps).
pub fn import_dir(
    session: &mut Session,
    dir: &Path,
    opts: &ImportOptions,
    tick: &(dyn Fn(&Path) + Sync),
) -> Result<Vec<BatchEntry>> {
    if opts.into.is_some() {
        return Err(Error::invalid(
            "--into takes one file, not a folder: a batch makes one assessment per file",
        ));
    }
    let files = spreadsheets_in(dir)?;
    let (catalog, scope) = target_catalog(session, opts)?;
    let read: Vec<_> = files
        .par_iter()
        .map(|p| {
            let r = prepare(p, &catalog, &scope);
            tick(p);
            r
        })
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for (path, prepared) in files.iter().zip(read) {
        // Each file gets the organisation from its own cover sheet or name.
        let file_opts = ImportOptions {
            organisation: None,
            ..opts.clone()
        };
        let result = prepared.and_then(|(bytes, reading)| {
            commit_reading(&mut session.store, &reading, &bytes, path, &file_opts)
        });
        tick(path);
        out.push(match result {
            Ok(report) => BatchEntry {
                file: path.display().to_string(),
                report: Some(report),
                error: None,
            },
            Err(e) => BatchEntry {
                file: path.display().to_string(),
                report: None,
                error: Some(e.to_string()),
            },
        });
    }
    Ok(out)
}
