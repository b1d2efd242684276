//! The shell's managed state: the one open session behind a mutex (replaced when the user
//! unlocks, creates or opens a database), the import preview waiting for confirmation, and
//! start-up facts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use parking_lot::{FairMutex, FairMutexGuard};

use tenken::notice::Notice;
use tenken::secret::Passphrase;
use tenken::session::Session;
use tenken::store::OpenOptions;

use crate::dto::CommandError;
use crate::import_cmds::PendingImport;

/// Managed by Tauri; every command locks `session` for the duration of one core call.
pub struct AppState {
    /// The open session, or None when the database could not be opened. Fair: waiters get it
    /// in turn, so a quick command waits for one short store call of a long job at most.
    session: FairMutex<Option<Session>>,
    /// Which database file the session is (or is to be) on, and why it is not open.
    database: Mutex<Database>,
    /// Process start, for the cold-start measurement.
    pub started: Instant,
    /// The import preview waiting for the user's confirmation.
    pending_import: Mutex<Option<PendingImport>>,
    /// Source of preview tokens.
    tokens: AtomicU32,
    /// The long job running now (import, export, bundle, backup …), if any.
    job: Mutex<Option<&'static str>>,
}

/// The database file the app works on, and why it is not open (`store.locked`: it wants its
/// passphrase; `store.missing`: none there yet, the UI offers to create it).
#[derive(Debug, Clone)]
pub struct Database {
    /// The file.
    pub path: PathBuf,
    /// Why no session is open on it.
    pub error: Option<Notice>,
    /// Whether the open session's database is encrypted.
    pub encrypted: bool,
}

/// Open the database at `path` with the built-in and user catalogs; `create` makes a new one
/// (refused when the file exists, so a typo cannot open another database in its place).
fn open_session(path: &std::path::Path, passphrase: Option<Passphrase>, create: bool) -> tenken::Result<Session> {
    if create && path.exists() {
        return Err(tenken::error::Invalid::FileThere { path: path.display().to_string() }.into());
    }
    let opts = OpenOptions { passphrase, create, actor: None };
    Session::open(path, &opts, Some(&tenken::paths::user_catalog_dir()))
}

impl AppState {
    /// Open the database named by `TENKEN_DB` (else the one opened last, else the default) with the built-in and user
    /// catalogs. An encrypted database waits for its passphrase and a missing one for the user
    /// to create it (encrypted or not): the UI asks.
    pub fn open(started: Instant) -> AppState {
        let path = crate::recent::start_database();
        let (session, error) = match open_session(&path, None, false) {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.notice())),
        };
        let encrypted = session.as_ref().is_some_and(Session::is_encrypted);
        AppState {
            session: FairMutex::new(session),
            database: Mutex::new(Database { path, error, encrypted }),
            started,
            pending_import: Mutex::new(None),
            tokens: AtomicU32::new(1),
            job: Mutex::new(None),
        }
    }

    /// The database file and why it is not open.
    pub fn database(&self) -> Database {
        self.database.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Record that the open database is now encrypted or not (after a passphrase change).
    pub fn set_encrypted(&self, encrypted: bool) {
        self.database.lock().unwrap_or_else(|p| p.into_inner()).encrypted = encrypted;
    }

    /// Open (or with `create`, create) the database at `path` (the current file when `None`) and
    /// make it the app's. On failure nothing changes: the session open before stays open.
    pub fn switch(&self, path: Option<PathBuf>, passphrase: Option<Passphrase>, create: bool) -> Result<(), CommandError> {
        // A job still storing into the open database must finish in it, not in the next one.
        let _job = self.begin_job("database")?;
        let path = path.unwrap_or_else(|| self.database().path);
        let session = open_session(&path, passphrase, create)?;
        let encrypted = session.is_encrypted();
        let mut slot = self.session.lock();
        *slot = Some(session);
        crate::recent::remember_database_in(&tenken::paths::data_dir(), &path);
        *self.database.lock().unwrap_or_else(|p| p.into_inner()) = Database { path, error: None, encrypted };
        // A preview read against the other database must not be committed into this one.
        *self.pending_import() = None;
        Ok(())
    }

    /// Start a long job (`what` names it: `import`, `export` …). One runs at a time: a second is
    /// refused as busy at once instead of queueing behind the first (the user sees why). Long
    /// jobs take the session lock only for each short store call, so quick commands (a note
    /// save) never wait for a whole job.
    pub fn begin_job(&self, what: &'static str) -> Result<JobGuard<'_>, CommandError> {
        let mut job = self.job.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(running) = *job {
            return Err(CommandError::app(
                "busy",
                "app.busy",
                format!("another job is running ({running}); wait for it to finish, then try again"),
            ));
        }
        *job = Some(what);
        Ok(JobGuard(&self.job))
    }

    /// The import preview slot (at most one preview waits for confirmation).
    pub fn pending_import(&self) -> MutexGuard<'_, Option<PendingImport>> {
        // Poisoning only means a command panicked while holding the slot; a stale preview is
        // harmless (it is replaced or refused by token).
        self.pending_import.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A fresh token for a preview.
    pub fn next_token(&self) -> u32 {
        self.tokens.fetch_add(1, Ordering::Relaxed)
    }

    /// Lock the session, or say why there is none.
    pub fn lock(&self) -> Result<SessionGuard<'_>, CommandError> {
        // No poisoning: if an earlier command panicked, the store had committed per change, so
        // the session itself is still consistent and can be used.
        let guard = self.session.lock();
        if guard.is_none() {
            return Err(CommandError::app(
                "unavailable",
                "app.unavailable",
                self.database().error.map_or_else(|| "the database is not open".into(), |e| e.message),
            ));
        }
        Ok(SessionGuard(guard))
    }
}

/// The running long job; dropping it (at the job's end, or when it fails or panics) frees the slot.
pub struct JobGuard<'a>(&'a Mutex<Option<&'static str>>);

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// A locked, open session.
pub struct SessionGuard<'a>(FairMutexGuard<'a, Option<Session>>);

impl std::ops::Deref for SessionGuard<'_> {
    type Target = Session;
    fn deref(&self) -> &Session {
        // Checked non-empty in `AppState::lock`.
        self.0.as_ref().unwrap_or_else(|| unreachable!("session checked in lock()"))
    }
}

impl std::ops::DerefMut for SessionGuard<'_> {
    fn deref_mut(&mut self) -> &mut Session {
        self.0.as_mut().unwrap_or_else(|| unreachable!("session checked in lock()"))
    }
}
