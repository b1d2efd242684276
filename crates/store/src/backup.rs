//! Online backup and checked restore, through SQLite's backup API (safe while in use, WAL aware).
//!
//! A restore checks the backup before anything is replaced: a Tenken database this build can
//! open, sound (`integrity_check`), with an intact audit chain, and with exactly the schema this
//! version's migrations make for its schema version (every table, column, index, trigger and
//! view). It does not judge the backup's data against its trail: `tenken log --verify` does that
//! afterwards, in the application layer.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{apply_key, migrations, probe_version, OpenOptions, Store};
use crate::error::{DatabaseProblem, Error, Invalid, Result};

/// Copy the whole database behind `src` into a new file at `dest` (same passphrase).
pub(super) fn backup_conn_to(src: &Connection, dest: &Path, passphrase: Option<&str>) -> Result<()> {
    if dest.exists() {
        std::fs::remove_file(dest).map_err(|e| Error::io(dest, e))?;
    }
    // A backup holds everything the database holds: private (0600) from its first byte.
    tenken_fsutil::create_private_file(dest).map_err(|e| Error::io(dest, e))?;
    let mut out = Connection::open(dest)?;
    apply_key(&out, passphrase)?;
    {
        let b = Backup::new(src, &mut out)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    Ok(())
}

/// Write a consistent copy of the open store to `dest` (refuses to overwrite an existing file).
pub fn backup_to(store: &Store, dest: &Path, passphrase: Option<&str>) -> Result<()> {
    if dest.exists() {
        return Err(Invalid::FileExists { path: dest.display().to_string() }.into());
    }
    backup_conn_to(&store.conn, dest, passphrase)
}

/// One schema object as `sqlite_master` lists it, with its SQL in comparable form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SchemaObject {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
}

/// SQL with every run of whitespace made one space (SQLite keeps the text as written).
fn normalise_sql(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every object of a database's schema (tables, columns as their CREATE text, indexes,
/// triggers, views), by (type, name). SQLite's statistics tables are left out: they steer the
/// query planner, not what is stored.
fn schema_of(conn: &Connection) -> Result<BTreeMap<(String, String), SchemaObject>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")?;
    let rows = stmt.query_map([], |r| {
        Ok(SchemaObject {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get::<_, Option<String>>(3)?.map(|s| normalise_sql(&s)),
        })
    })?;
    let mut out = BTreeMap::new();
    for o in rows {
        let o = o?;
        if o.kind == "table" && o.name.starts_with("sqlite_stat") {
            continue;
        }
        out.insert((o.kind.clone(), o.name.clone()), o);
    }
    Ok(out)
}

/// The schema this build's migrations make for `version`, built in a temporary in-memory
/// database.
fn expected_schema(version: i64) -> Result<BTreeMap<(String, String), SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    migrations::migrate_to(&mut conn, version)?;
    schema_of(&conn)
}

/// Refuse a backup whose schema is not exactly what the migrations make for its version: an
/// added trigger or view could make the restored database store something other than what its
/// audit trail records; a dropped trigger removes the trail's append-only guard.
pub(super) fn check_schema(check: &Connection, src: &Path, version: i64) -> Result<()> {
    let expected = expected_schema(version)?;
    let found = schema_of(check)?;
    let refuse = |reason: DatabaseProblem| Err(Error::NotADatabase { path: src.to_path_buf(), reason: Box::new(reason) });
    let sql = |s: &Option<String>| s.as_deref().unwrap_or("(none)").to_string();
    for (key, o) in &found {
        match expected.get(key) {
            None => {
                return refuse(DatabaseProblem::SchemaExtra { version, kind: o.kind.clone(), name: o.name.clone(), table: o.table.clone() })
            }
            Some(e) if e != o => {
                return refuse(DatabaseProblem::SchemaChanged {
                    version,
                    kind: o.kind.clone(),
                    name: o.name.clone(),
                    expected: sql(&e.sql),
                    found: sql(&o.sql),
                })
            }
            Some(_) => {}
        }
    }
    if let Some(missing) = expected.values().find(|e| !found.contains_key(&(e.kind.clone(), e.name.clone()))) {
        let (kind, name, table) = (missing.kind.clone(), missing.name.clone(), missing.table.clone());
        return refuse(DatabaseProblem::SchemaMissing { version, kind, name, table });
    }
    Ok(())
}

/// Check that `src` is a sound Tenken database this build can open, then replace the contents
/// of `store` with it; a backup whose schema differs from what this version's migrations make
/// for its version is refused, naming the object that differs. The current contents are first saved beside the database
/// (`*.before-restore.bak`), so a restore can itself be undone.
pub fn restore_from(store: &mut Store, src: &Path, passphrase: Option<&str>) -> Result<()> {
    if !src.is_file() {
        return Err(Invalid::NoSuchFile { path: src.display().to_string() }.into());
    }
    let check = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&check, passphrase)?;
    let version = probe_version(&check, src, passphrase.is_some())?;
    let app: i64 = check.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != migrations::APPLICATION_ID || version == 0 {
        return Err(Error::NotADatabase { path: src.to_path_buf(), reason: Box::new(DatabaseProblem::NotABackup {}) });
    }
    if version > migrations::latest_version() {
        return Err(Error::SchemaTooNew { path: src.to_path_buf(), found: version, supported: migrations::latest_version() });
    }
    check_schema(&check, src, version)?;
    let problems: Vec<String> = {
        let mut stmt = check.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().filter(|r| r != "ok").collect()
    };
    if !problems.is_empty() {
        return Err(Error::NotADatabase {
            path: src.to_path_buf(),
            reason: Box::new(DatabaseProblem::Damaged { cause: problems.join("; ") }),
        });
    }
    let chain = super::audit::verify_chain(&check)?;
    if let Some(b) = chain.broken {
        return Err(Error::NotADatabase { path: src.to_path_buf(), reason: Box::new(b.problem.in_backup(b.seq)) });
    }
    let safety = store.path.with_extension("before-restore.bak");
    backup_conn_to(&store.conn, &safety, store.encrypted.then_some(passphrase).flatten())?;
    {
        let b = Backup::new(&check, &mut store.conn)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
        drop(b);
    }
    drop(check);
    // Bring a restored older schema up to date.
    let path = store.path.clone();
    let opts = OpenOptions { passphrase: passphrase.map(Into::into), create: false, actor: Some(store.actor.clone()) };
    *store = Store::open(&path, &opts)?;
    Ok(())
}
