//! Running long core calls (import, export, signing) off the UI thread, with progress events.
//!
//! Tauri runs synchronous commands on the main thread, where they would freeze the window; the
//! commands for long jobs are `async` and hand the core call to a blocking worker thread.

use tauri::{AppHandle, Emitter, Manager};

use crate::dto::{CommandError, JobProgress};
use crate::state::AppState;

/// Run `f` on a worker thread and wait for it without blocking the window.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, CommandError> + Send + 'static) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        // The runtime's own words (a panic, a cancellation): shown only as a detail.
        CommandError::app("internal", "app.job_failed", format!("the background job stopped unexpectedly: {e}"))
            .with_param("cause", e.to_string())
    })?
}

/// Tell the window how far a job is (the `progress` event).
pub fn progress(app: &AppHandle, job: &str, done: usize, total: usize, current: &std::path::Path) {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let current = current.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    // A lost progress event only makes the bar lag; the job's result still arrives.
    let _ = app.emit("progress", JobProgress { job: job.into(), done: n(done), total: n(total), current });
}

/// Run a command's body with the app state on a worker thread: the window's thread never waits
/// for the store, the disk or a lock (every command goes through here or [`blocking`]).
pub async fn on_worker<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    blocking(move || f(&app.state::<AppState>())).await
}
