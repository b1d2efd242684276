//! Import commands: read a checksheet (or a folder of them) and show what was found, then store
//! exactly that on confirmation, or drop it on cancel.
//!
//! Invariant: nothing is stored by `import_preview`; `import_commit` stores the previewed
//! reading (a file) or re-reads the folder through the core's batch import, one transaction
//! per file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tauri::{AppHandle, Manager};
use tenken::import::{self, batch::Batch, ImportOptions, ImportReport, Reading};

use crate::commands::CmdResult;
use crate::dto::*;
use crate::jobs::{blocking, on_worker, progress};
use crate::state::AppState;
use crate::views;

/// Threads that read a folder's files: one core fewer than the machine has, so the window and
/// quick commands (a note saved meanwhile) keep a core of their own during a long import.
fn readers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1)).max(1)
}

/// A preview waiting for the user's confirmation.
pub struct PendingImport {
    token: u32,
    opts: ImportOptions,
    what: Pending,
}

enum Pending {
    /// One file: its bytes and reading, stored as previewed.
    File { path: PathBuf, bytes: Vec<u8>, reading: Box<Reading> },
    /// A folder: re-read file by file by the batch import.
    Folder { dir: PathBuf },
}

fn options(input: &ImportInput) -> ImportOptions {
    ImportOptions {
        catalog_id: input.catalog_id.clone(),
        catalog_version: given(input.catalog_version.as_deref()),
        organisation: given(input.organisation.as_deref()),
        // The app names organisations by name (typed or chosen); ids are a CLI flag.
        organisation_id: None,
        scope: input.scope.clone(),
        into: input.into,
        force: input.force,
    }
}

/// A preview and the import it waits to confirm, under a fresh token.
fn waiting(
    state: &AppState,
    opts: &ImportOptions,
    what: Pending,
    path: &Path,
    catalog: &tenken::catalog::Catalog,
    files: Vec<FilePreviewView>,
) -> (PendingImport, ImportPreview) {
    let token = state.next_token();
    let folder = matches!(what, Pending::Folder { .. });
    let preview = ImportPreview {
        token,
        folder,
        path: path.display().to_string(),
        catalog_id: catalog.id.clone(),
        catalog_version: catalog.version.clone(),
        files,
    };
    (PendingImport { token, opts: opts.clone(), what }, preview)
}

fn preview_file(app: &AppHandle, state: &AppState, path: &Path, opts: &ImportOptions) -> CmdResult<(PendingImport, ImportPreview)> {
    let s = state.lock()?;
    let (catalog, scope) = import::commit::target_catalog(&s, opts)?;
    drop(s);
    progress(app, "import-read", 0, 1, path);
    let (bytes, reading) = import::commit::prepare(path, &catalog, &scope)?;
    progress(app, "import-read", 1, 1, path);
    let organisation = import::commit::organisation(&*state.lock()?, &reading, path, opts)?;
    let files =
        vec![FilePreviewView { file: path.display().to_string(), reading: Some(views::reading(&reading, organisation)), error: None }];
    let what = Pending::File { path: path.to_path_buf(), bytes, reading: Box::new(reading) };
    Ok(waiting(state, opts, what, path, &catalog, files))
}

fn preview_folder(app: &AppHandle, state: &AppState, dir: &Path, opts: &ImportOptions) -> CmdResult<(PendingImport, ImportPreview)> {
    // The session only for the plan (which refuses `into` for a folder): the files are read with it unlocked.
    let batch = Batch::plan(&*state.lock()?, dir, opts)?.with_readers(readers());
    let total = batch.files().len();
    let done = AtomicUsize::new(0);
    let files = import::preview::preview_batch(&batch, &|p| {
        progress(app, "import-read", done.fetch_add(1, Ordering::Relaxed) + 1, total, p);
    });
    let catalog = batch.catalog();
    let files = files
        .iter()
        .map(|f| FilePreviewView { file: f.file.clone(), reading: f.summary.as_ref().map(views::summary), error: f.error.clone() })
        .collect();
    Ok(waiting(state, opts, Pending::Folder { dir: dir.to_path_buf() }, dir, catalog, files))
}

/// Read a checksheet file or a folder of them and return everything found; nothing is stored.
/// The preview replaces any earlier one still waiting.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_preview(app: AppHandle, input: ImportInput) -> CmdResult<ImportPreview> {
    blocking(move || {
        let state = app.state::<AppState>();
        let _job = state.begin_job("import")?;
        let path = PathBuf::from(input.path.trim());
        let opts = options(&input);
        let (pending, preview) =
            if path.is_dir() { preview_folder(&app, &state, &path, &opts)? } else { preview_file(&app, &state, &path, &opts)? };
        *state.pending_import() = Some(pending);
        Ok(preview)
    })
    .await
}

fn imported(r: &ImportReport) -> ImportedFile {
    ImportedFile {
        file: r.file.clone(),
        assessment_id: r.assessment_id,
        organisation: r.organisation.clone(),
        counts: r.counts,
        sha256: r.sha256.clone(),
    }
}

/// Store what the preview with this token showed (a file in one transaction; a folder one
/// transaction per file, with progress events). Refused if that preview is gone.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_commit(app: AppHandle, token: u32) -> CmdResult<ImportOutcome> {
    blocking(move || {
        let state = app.state::<AppState>();
        let pending = {
            let mut slot = state.pending_import();
            match slot.take() {
                Some(p) if p.token == token => p,
                other => {
                    *slot = other;
                    return Err(tenken::Error::from(tenken::error::Invalid::PreviewStale {}).into());
                }
            }
        };
        let _job = state.begin_job("import")?;
        match pending.what {
            Pending::File { path, bytes, reading } => {
                let report = import::commit_reading(&mut *state.lock()?, &reading, &bytes, &path, &pending.opts)?;
                Ok(ImportOutcome { imported: vec![imported(&report)], failed: vec![] })
            }
            Pending::Folder { dir } => {
                let batch = Batch::plan(&*state.lock()?, &dir, &pending.opts)?.with_readers(readers());
                let total = batch.files().len() * 2;
                let done = AtomicUsize::new(0);
                // The session is locked for each file's transaction only: a note saved meanwhile
                // waits for one commit at most, not for the folder.
                let entries = batch.run(
                    &|p| progress(&app, "import-store", done.fetch_add(1, Ordering::Relaxed) + 1, total, p),
                    &mut |reading, bytes, path, opts| {
                        let mut s = state.lock().map_err(|_| tenken::Error::from(tenken::error::Invalid::DatabaseClosed {}))?;
                        import::commit_reading(&mut s, reading, bytes, path, opts)
                    },
                )?;
                let mut out = ImportOutcome { imported: vec![], failed: vec![] };
                for e in entries {
                    match (e.report, e.error) {
                        (Some(r), _) => out.imported.push(imported(&r)),
                        (None, err) => out.failed.push(FailedFile {
                            file: e.file,
                            error: err.unwrap_or_else(|| tenken::Error::from(tenken::error::Invalid::NotImported {}).notice()),
                        }),
                    }
                }
                Ok(out)
            }
        }
    })
    .await
}

/// Drop the preview waiting for confirmation (nothing was stored).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_cancel(app: AppHandle) -> CmdResult<()> {
    on_worker(app, |state| {
        state.pending_import().take();
        Ok(())
    })
    .await
}
