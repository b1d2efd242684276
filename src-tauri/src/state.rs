//! The shell's managed state: the one open session behind a mutex, the import preview waiting
//! for confirmation, and start-up facts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use tenken::session::Session;
use tenken::store::OpenOptions;

use crate::dto::CommandError;
use crate::import_cmds::PendingImport;

/// Managed by Tauri; every command locks `session` for the duration of one core call.
pub struct AppState {
    /// The open session, or None when the database could not be opened.
    session: Mutex<Option<Session>>,
    /// Why the database could not be opened.
    pub startup_error: Option<tenken::notice::Notice>,
    /// The database file.
    pub db_path: PathBuf,
    /// Process start, for the cold-start measurement.
    pub started: Instant,
    /// The import preview waiting for the user's confirmation.
    pending_import: Mutex<Option<PendingImport>>,
    /// Source of preview tokens.
    tokens: AtomicU32,
}

impl AppState {
    /// Open the database named by `TENKEN_DB` (or the default) with the built-in and user catalogs.
    pub fn open(started: Instant) -> AppState {
        let db_path = tenken::paths::resolve_db_path(None);
        let opened =
            Session::open(&db_path, &OpenOptions { passphrase: None, create: true, actor: None }, Some(&tenken::paths::user_catalog_dir()));
        let (session, startup_error) = match opened {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.notice())),
        };
        AppState {
            session: Mutex::new(session),
            startup_error,
            db_path,
            started,
            pending_import: Mutex::new(None),
            tokens: AtomicU32::new(1),
        }
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
        // A poisoned lock only means an earlier command panicked; the store commits per change,
        // so the session itself is still consistent and can be used.
        let guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            return Err(CommandError::app(
                "unavailable",
                "app.unavailable",
                self.startup_error.as_ref().map_or_else(|| "the database is not open".into(), |e| e.message.clone()),
            ));
        }
        Ok(SessionGuard(guard))
    }
}

/// A locked, open session.
pub struct SessionGuard<'a>(MutexGuard<'a, Option<Session>>);

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
