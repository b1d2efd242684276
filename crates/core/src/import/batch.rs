//! Importing every spreadsheet of a folder as a pipeline: worker threads (as many as rayon
//! would use, i.e. the cores) read and parse files, and the calling thread commits each reading
//! as soon as it is its turn, in file order, each in its own transaction, so one bad file never
//! stops the batch and never leaves anything half-stored. Reading overlaps committing (and its
//! fsync), and memory stays O(threads): readers never run more than [`window`] files ahead of
//! the last commit.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Condvar, Mutex};

use serde::{Deserialize, Serialize};

use super::commit::{commit_reading, prepare, target_catalog, ImportOptions, ImportReport};
use super::Reading;
use crate::catalog::Catalog;
use crate::error::{Error, Invalid, Result};
use crate::model::Scope;
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
    pub error: Option<tenken_domain::notice::Notice>,
}

/// The spreadsheets directly in `dir`, sorted; lock files (`~$x.xlsx`, `.~lock.x#`) and hidden
/// files are skipped.
pub fn spreadsheets_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let ext = p.extension().map(|x| x.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            !name.starts_with("~$") && !name.starts_with('.') && SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Import every spreadsheet in `dir`, one assessment per file. `tick` is called once per file
/// read and once per file committed (for a progress bar of `2 × files` steps).
pub fn import_dir(session: &mut Session, dir: &Path, opts: &ImportOptions, tick: &(dyn Fn(&Path) + Sync)) -> Result<Vec<BatchEntry>> {
    let batch = Batch::plan(session, dir, opts)?;
    batch.run(tick, &mut |reading, bytes, path, opts| commit_reading(session, reading, bytes, path, opts))
}

/// Stores one file's reading (in its own transaction) and reports it.
pub type Commit<'a> = dyn FnMut(&Reading, &[u8], &Path, &ImportOptions) -> Result<ImportReport> + 'a;

/// A folder import decided but not yet run: its files, catalog and scope. Planning needs the
/// session (for the catalog); running needs it only for each commit, so a caller that shares
/// the session (the app) holds it for one file's transaction at a time, never for the batch.
#[derive(Debug, Clone)]
pub struct Batch {
    dir: PathBuf,
    files: Vec<PathBuf>,
    catalog: Catalog,
    scope: Scope,
    /// The options each file is imported with (its organisation from its own cover sheet).
    file_opts: ImportOptions,
    /// Threads that read files: every core by default; fewer leaves a core to the window of an
    /// app that stays in use during the import.
    readers: usize,
}

impl Batch {
    /// The batch for `dir` with `opts`, refused when an option only makes sense for one file.
    pub fn plan(session: &Session, dir: &Path, opts: &ImportOptions) -> Result<Batch> {
        if opts.into.is_some() {
            return Err(Invalid::IntoTakesFile {}.into());
        }
        if opts.organisation_id.is_some() {
            return Err(Invalid::OrgIdTakesFile {}.into());
        }
        let files = spreadsheets_in(dir)?;
        let (catalog, scope) = target_catalog(session, opts)?;
        let file_opts = ImportOptions { organisation: None, ..opts.clone() };
        Ok(Batch { dir: dir.to_path_buf(), files, catalog, scope, file_opts, readers: rayon::current_num_threads() })
    }

    /// Read with at most `readers` threads (at least one).
    pub fn with_readers(mut self, readers: usize) -> Batch {
        self.readers = readers.max(1);
        self
    }

    /// How many threads read files.
    pub fn readers(&self) -> usize {
        self.readers
    }

    /// The spreadsheets the batch imports, in order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The catalog every file is read against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The scope every file is read in.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Read every file (on worker threads) and hand each reading to `commit`, in file order.
    pub fn run(&self, tick: &(dyn Fn(&Path) + Sync), commit: &mut Commit<'_>) -> Result<Vec<BatchEntry>> {
        let (files, file_opts) = (&self.files, &self.file_opts);
        let threads = self.readers.clamp(1, files.len().max(1));
        let gate = Gate::new(window(threads));
        let (tx, rx) = sync_channel::<(usize, Prepared)>(window(threads));
        let mut out = Vec::with_capacity(files.len());
        std::thread::scope(|s| {
            for _ in 0..threads {
                let tx = tx.clone();
                let (catalog, scope, gate) = (&self.catalog, &self.scope, &gate);
                s.spawn(move || read_files(files, catalog, scope, gate, tick, tx));
            }
            drop(tx);
            // Readings arrive roughly in order; hold the few that come early until their turn.
            let mut early: BTreeMap<usize, Prepared> = BTreeMap::new();
            for (index, prepared) in rx {
                early.insert(index, prepared);
                while let Some(prepared) = early.remove(&out.len()) {
                    let path = &files[out.len()];
                    let result = prepared.and_then(|(bytes, reading)| commit(&reading, &bytes, path, file_opts));
                    tick(path);
                    out.push(entry(path, result));
                    gate.committed(out.len());
                }
            }
            // Only reached early if a reader died: stop the others instead of letting them wait.
            gate.stop();
        });
        if out.len() != files.len() {
            let (dir, done, total) = (self.dir.display().to_string(), out.len() as u64, files.len() as u64);
            return Err(Invalid::BatchStopped { dir, done, total }.into());
        }
        Ok(out)
    }
}

/// A file's bytes and reading, or the error that names it.
type Prepared = Result<(Vec<u8>, Reading)>;

/// How many files may be read but not yet committed: enough to keep every reader busy while
/// the committer works, few enough that memory does not grow with the folder.
fn window(threads: usize) -> usize {
    2 * threads + 2
}

/// One reader thread: take the next file in order (when the window allows), read it, send it.
fn read_files(
    files: &[PathBuf],
    catalog: &Catalog,
    scope: &Scope,
    gate: &Gate,
    tick: &(dyn Fn(&Path) + Sync),
    tx: SyncSender<(usize, Prepared)>,
) {
    let _guard = StopOnPanic(gate);
    while let Some(index) = gate.next(files.len()) {
        let path = &files[index];
        let prepared = prepare(path, catalog, scope);
        tick(path);
        if tx.send((index, prepared)).is_err() {
            return;
        }
    }
}

/// Hands out file indexes in order, never more than `window` ahead of the last commit.
struct Gate {
    window: usize,
    /// (indexes handed out, files committed, readers waiting for a commit).
    state: Mutex<(usize, usize, usize)>,
    moved: Condvar,
    stopped: AtomicBool,
}

impl Gate {
    fn new(window: usize) -> Self {
        Gate { window, state: Mutex::new((0, 0, 0)), moved: Condvar::new(), stopped: AtomicBool::new(false) }
    }

    /// The next index to read, waiting while the window is full; `None` when all are handed out.
    fn next(&self, total: usize) -> Option<usize> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let (handed, committed, _) = *state;
            if handed >= total || self.stopped.load(Ordering::Relaxed) {
                return None;
            }
            if handed < committed + self.window {
                state.0 += 1;
                return Some(handed);
            }
            state.2 += 1;
            state = self.moved.wait(state).unwrap_or_else(|e| e.into_inner());
            state.2 -= 1;
        }
    }

    /// How many readers are blocked waiting for a commit (for the tests).
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).2
    }

    /// `count` files are committed: readers may go further.
    fn committed(&self, count: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = count;
        self.moved.notify_all();
    }

    /// Hand out nothing more.
    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        let _guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.moved.notify_all();
    }
}

/// Stops the gate if a reader thread panics, so the others do not wait for a commit that will
/// never come (the panic then surfaces when the threads are joined).
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// The batch entry for a file's outcome.
fn entry(path: &Path, result: Result<ImportReport>) -> BatchEntry {
    let file = path.display().to_string();
    match result {
        Ok(report) => BatchEntry { file, report: Some(report), error: None },
        Err(e) => BatchEntry { file, report: None, error: Some(e.notice()) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_hands_out_indexes_in_order_within_the_window() {
        let gate = Gate::new(3);
        assert_eq!((gate.next(10), gate.next(10), gate.next(10)), (Some(0), Some(1), Some(2)));
        gate.committed(2);
        assert_eq!((gate.next(10), gate.next(10)), (Some(3), Some(4)));
        gate.committed(5);
        assert_eq!(gate.next(6), Some(5));
        assert_eq!(gate.next(6), None, "all handed out");
    }

    #[test]
    fn a_full_window_waits_for_a_commit_and_stop_releases_it() {
        // Until `thread` is blocked inside `Gate::next` (counted under the gate's lock) or has
        // returned; no sleep: it ends as soon as either is observable.
        fn blocked_or_done<T>(gate: &Gate, thread: &std::thread::ScopedJoinHandle<'_, T>) -> bool {
            while gate.waiting() == 0 && !thread.is_finished() {
                std::thread::yield_now();
            }
            !thread.is_finished()
        }
        let gate = Gate::new(1);
        assert_eq!(gate.next(5), Some(0));
        std::thread::scope(|s| {
            let waiting = s.spawn(|| gate.next(5));
            assert!(blocked_or_done(&gate, &waiting), "the window is full until file 0 is committed: next() must wait, it returned");
            assert_eq!(gate.waiting(), 1);
            gate.committed(1);
            assert_eq!(waiting.join().unwrap(), Some(1));
            assert_eq!(gate.waiting(), 0);
            let waiting = s.spawn(|| gate.next(5));
            assert!(blocked_or_done(&gate, &waiting), "file 1 is not committed: next() must wait for it");
            gate.stop();
            assert_eq!(waiting.join().unwrap(), None, "stop releases a waiting reader with nothing");
        });
    }
}
