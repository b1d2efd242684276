//! The store: Tenken's one SQLite database.
//!
//! Opening probes the schema version read-only (a newer database is refused untouched), backs
//! the file up before migrating, then sets WAL, `foreign_keys=ON`, `synchronous=FULL` and a busy
//! timeout. The database may be encrypted with a passphrase (SQLCipher); evidence bytes live in
//! it, so they are encrypted too.
//!
//! Every mutation goes through [`Store::write`]: one `BEGIN IMMEDIATE` transaction in which each
//! change appends its audit event, so a change and its trail commit together or not at all.
//!
//! Invariants: the store knows nothing about spreadsheets, scoring, reports, signatures or
//! bundles; it persists the [`tenken_domain::model`] types and the audit trail, and never
//! deletes audit rows. Its manifest depends on the domain crate only (and `tenken-fsutil` for
//! owner-only files), so the compiler keeps it below the importer, the reports and the
//! application layer.
//!
//! Deliberately not here: the catalogs' rules (the application layer checks items and scopes
//! before it writes), bundles, signatures, the terminal.

pub mod audit;
mod backup;
pub mod error;
pub mod migrations;
pub mod raw;
mod read;
mod rekey;
mod writer;

pub use audit::{BrokenRow, ChainCheck, ChainHead, ChainProblem};
pub use backup::{backup_to, restore_from};
pub use read::parse_extra_items;
pub use tenken_domain::model::{FindingPatch, NewFinding, NewOrganisation};
pub use writer::{sha256_hex, NewAnswer, NewAssessment, NewEvidence, Writer};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use error::{Error, Result};
use tenken_domain::secret::{self, Passphrase};

/// How long a writer waits for another process's lock before reporting [`Error::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection (the writer and the trail use about 40).
const STATEMENT_CACHE: usize = 64;

/// WAL pages after which a commit also checkpoints: SQLite's default, measured best. A larger
/// value (10,000 was tried) moves the checkpoint's two extra fsyncs to fewer commits, but the WAL
/// file then keeps growing for thousands of commits, and an fsync of a growing file costs more
/// than one of a WAL reused from its start: verdict p50 and p99 both got worse (bench/README.md).
/// Durability does not depend on it: every commit fsyncs the WAL (`synchronous=FULL`); the rest
/// is checkpointed when the last connection closes, or earlier by [`Store::checkpoint`].
pub const WAL_AUTOCHECKPOINT_PAGES: i64 = 1_000;

/// How to open a database.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Passphrase of an encrypted database (or of a new one to create encrypted: then at least
    /// [`tenken_domain::secret::MIN_NEW_PASSPHRASE_CHARS`] characters).
    pub passphrase: Option<Passphrase>,
    /// Create the file (and its directory) if it does not exist.
    pub create: bool,
    /// Who is making changes (recorded in the audit trail). Defaults to the OS user.
    pub actor: Option<String>,
}

/// An open Tenken database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    encrypted: bool,
}

/// The OS user name, for the audit trail.
pub fn default_actor() -> String {
    ["TENKEN_ACTOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| dirs::home_dir().and_then(|h| h.file_name().map(|n| n.to_string_lossy().into_owned())))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Current time as RFC 3339 UTC with milliseconds (the form every stored timestamp has).
pub fn now_utc() -> String {
    now()
}

/// Current time as RFC 3339 UTC with milliseconds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Apply the passphrase, if any, as the first statement on a connection.
fn apply_key(conn: &Connection, passphrase: Option<&str>) -> Result<()> {
    // SQLCipher logs decryption failures to stderr itself; our error says it more clearly.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p)?;
    }
    Ok(())
}

/// Read the schema version, turning "not a database" into a clear error.
fn probe_version(conn: &Connection, path: &Path, encrypted: bool) -> Result<i64> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => migrations::current_version(conn),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            let path = path.to_path_buf();
            Err(if !encrypted {
                Error::Locked { path }
            } else if readable_without_key(&path) {
                Error::NotEncrypted { path }
            } else {
                Error::WrongPassphrase { path }
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the file opens as a plain (unencrypted) SQLite database: a passphrase given for it is
/// a mistake to name, not a wrong passphrase.
fn readable_without_key(path: &Path) -> bool {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .and_then(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)))
        .is_ok()
}

/// Create the folder (0700 where created) and an empty database file that only its owner can
/// read (0600), before SQLite opens it: SQLite gives the `-wal` and `-shm` files the database
/// file's permissions, so they are private from their first byte too.
fn create_private_database_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        tenken_fsutil::create_private_dir(dir).map_err(|e| Error::io(dir, e))?;
    }
    match tenken_fsutil::create_private_file(path) {
        Ok(_) => Ok(()),
        // Created by another process in between: SQLite opens that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// True when an error from SQLite means another connection holds the lock.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

impl Store {
    /// Open (or with `create`, create) the database at `path`, migrating it to the latest schema.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let exists = path.exists();
        if !exists && !opts.create {
            return Err(Error::Missing { path: path.to_path_buf() });
        }
        let passphrase = opts.passphrase.as_ref().map(Passphrase::expose).filter(|p| !p.is_empty());
        if exists {
            Self::refuse_newer(path, passphrase)?;
        } else {
            if let Some(p) = passphrase {
                secret::check_new(p)?;
            }
            create_private_database_file(path)?;
        }
        let mut conn = Connection::open(path)?;
        apply_key(&conn, passphrase)?;
        let version = probe_version(&conn, path, passphrase.is_some())?;
        if exists && version > 0 {
            Self::check_application_id(&conn, path)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The writer runs every statement through the cache; keep all of them in it.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        if version > 0 && version < migrations::latest_version() {
            let backup = path.with_extension(format!("pre-migration-v{version}.bak"));
            backup::backup_conn_to(&conn, &backup, passphrase)?;
        }
        migrations::migrate(&mut conn).map_err(|e| match e {
            Error::Sqlite(ref s) if is_busy(s) => Error::Busy,
            other => other,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor: opts.actor.clone().unwrap_or_else(default_actor),
            encrypted: passphrase.is_some(),
        })
    }

    /// Refuse, without writing anything, a database stamped by a newer Tenken.
    fn refuse_newer(path: &Path, passphrase: Option<&str>) -> Result<()> {
        let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        apply_key(&probe, passphrase)?;
        let found = probe_version(&probe, path, passphrase.is_some())?;
        let supported = migrations::latest_version();
        if found > supported {
            return Err(Error::SchemaTooNew { path: path.to_path_buf(), found, supported });
        }
        Ok(())
    }

    fn check_application_id(conn: &Connection, path: &Path) -> Result<()> {
        let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if id != migrations::APPLICATION_ID {
            return Err(Error::NotADatabase { path: path.to_path_buf(), reason: Box::new(error::DatabaseProblem::NotTenken {}) });
        }
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the database is encrypted with a passphrase.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// The actor recorded in audit events.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Run `f` in one immediate transaction; commit if it returns `Ok`, roll back otherwise.
    /// Every change made through the [`Writer`] appends its audit event in the same transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.write_as(f)
    }

    /// [`Store::write`] for a caller whose closure fails with its own error type (one that can
    /// hold the store's): the application layer's checks inside a transaction.
    pub fn write_as<T, E: From<Error>>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E> {
        let map_busy = |e: rusqlite::Error| if is_busy(&e) { Error::Busy } else { Error::Sqlite(e) };
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(map_busy)?;
        let mut w = Writer::new(&tx, &self.actor);
        // A caller's own error type carries the store's whole, so only this crate's error can
        // be a lock held by another process; a caller's error is returned as it is.
        let out = f(&mut w)?;
        tx.commit().map_err(map_busy)?;
        Ok(out)
    }

    /// Copy what the WAL holds into the database file without waiting for, or blocking, anyone
    /// (a passive checkpoint), e.g. when the app is idle, so no later commit has to. Returns the
    /// WAL frames not yet copied (0 when all were).
    pub fn checkpoint(&self) -> Result<i64> {
        let (busy, log, copied): (i64, i64, i64) =
            self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(if busy != 0 || log < 0 { log.max(0) } else { log - copied })
    }

    /// `PRAGMA integrity_check`: `Ok(())` when the database is sound, else the problems found.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if rows == ["ok"] { Vec::new() } else { rows })
    }

    /// Walk the audit trail's hash chain.
    pub fn verify_chain(&self) -> Result<ChainCheck> {
        audit::verify_chain(&self.conn)
    }

    /// The last row of the audit trail (`None` when it is empty).
    pub fn trail_head(&self) -> Result<Option<ChainHead>> {
        audit::head(&self.conn)
    }

    /// The stored hash of audit-trail row `seq`, if the trail has that row.
    pub fn trail_hash_at(&self, seq: i64) -> Result<Option<String>> {
        audit::hash_at(&self.conn, seq)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        migrations::current_version(&self.conn)
    }

    /// Low-level access for tests and diagnostics.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// An organisation by id or by exact name inside a write transaction, or a not-found error.
pub fn read_organisation(w: &Writer<'_>, key: &tenken_domain::model::OrgRef) -> Result<tenken_domain::model::Organisation> {
    w.organisation(key)?.ok_or_else(|| Error::not_found("organisation", key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writer::NewAnswer;
    use tenken_domain::model::OrgKind;

    #[test]
    fn a_passive_checkpoint_copies_the_wal_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let opts = OpenOptions { create: true, actor: Some("test".into()), ..Default::default() };
        let mut store = Store::open(&db, &opts).unwrap();
        let pages: i64 = store.connection().query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
        assert_eq!(pages, WAL_AUTOCHECKPOINT_PAGES);
        store.write(|w| w.ensure_organisation("株式会社テスト", OrgKind::Supplier)).unwrap();
        let wal = std::fs::metadata(db.with_extension("db-wal")).unwrap().len();
        assert!(wal > 0, "the commit is in the WAL");
        assert_eq!(store.checkpoint().unwrap(), 0, "a passive checkpoint with no reader copies every frame");
        drop(store);
        let store = Store::open(&db, &opts).unwrap();
        assert_eq!(store.organisations().unwrap().len(), 1);
        assert!(store.verify_chain().unwrap().broken.is_none());
    }

    #[test]
    fn bulk_answers_keep_one_chained_event_each_with_the_right_before() {
        use tenken_domain::model::{AssessmentKind, Scope, SupplierAnswer};
        let dir = tempfile::tempdir().unwrap();
        let opts = OpenOptions { create: true, actor: Some("test".into()), ..Default::default() };
        let mut store = Store::open(&dir.path().join("t.db"), &opts).unwrap();
        let id = store
            .write(|w| {
                let org = w.ensure_organisation("株式会社テスト", OrgKind::Supplier)?;
                let new = NewAssessment {
                    organisation_id: org.id,
                    site: None,
                    catalog_id: "c".into(),
                    catalog_version: "1".into(),
                    scope: Scope::default(),
                    kind: AssessmentKind::SupplierSelfAssessment,
                    auditor: None,
                    started_on: None,
                    ended_on: None,
                };
                Ok(w.create_assessment(&new)?.id)
            })
            .unwrap();
        let yes = NewAnswer { item: "1", answer: SupplierAnswer::Implemented, raw: Some("○"), remark: None };
        let no = NewAnswer { item: "1", answer: SupplierAnswer::NotImplemented, raw: Some("×"), remark: Some("未") };
        let other = NewAnswer { item: "2", answer: SupplierAnswer::Implemented, raw: None, remark: None };
        store.write(|w| w.set_supplier_answers(id, &[yes, other])).unwrap();
        store.write(|w| w.set_supplier_answers(id, &[no, yes])).unwrap();
        let answers: Vec<_> = store.events(Some(id)).unwrap().into_iter().filter(|e| e.action == "answer.set").collect();
        assert_eq!(answers.len(), 4, "one event per answer");
        let before = |i: usize| answers[i].before.as_ref().map(|b| b["answer_raw"].clone());
        assert_eq!((before(0), before(1)), (None, None));
        assert_eq!(before(2), Some(serde_json::json!("○")), "the stored answer");
        assert_eq!(before(3), Some(serde_json::json!("×")), "the answer written just before in the same call");
        let r = store.item_result(id, "1").unwrap().unwrap();
        assert_eq!((r.answer, r.answer_raw.as_deref(), r.remark.as_deref()), (SupplierAnswer::Implemented, Some("○"), None));
        assert!(store.verify_chain().unwrap().broken.is_none());
    }
}
