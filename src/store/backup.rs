//! Online backup and checked restore, through SQLite's backup API (safe while in use, WAL aware).

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{apply_key, migrations, probe_version, OpenOptions, Store};
use crate::error::{Error, Result};

/// Copy the whole database behind `src` into a new file at `dest` (same passphrase).
pub(super) fn backup_conn_to(src: &Connection, dest: &Path, passphrase: Option<&str>) -> Result<()> {
    if dest.exists() {
        std::fs::remove_file(dest).map_err(|e| Error::io(dest, e))?;
    }
    // A backup holds everything the database holds: private (0600) from its first byte.
    crate::fsutil::create_private_file(dest).map_err(|e| Error::io(dest, e))?;
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
        return Err(Error::invalid(format!("{}: already exists; choose a new file name", dest.display())));
    }
    backup_conn_to(&store.conn, dest, passphrase)
}

/// Check that `src` is a sound Tenken database this build can open, then replace the contents
/// of `store` with it. The current contents are first saved beside the database
/// (`*.before-restore.bak`), so a restore can itself be undone.
pub fn restore_from(store: &mut Store, src: &Path, passphrase: Option<&str>) -> Result<()> {
    if !src.is_file() {
        return Err(Error::invalid(format!("{}: no such file", src.display())));
    }
    let check = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&check, passphrase)?;
    let version = probe_version(&check, src, passphrase.is_some())?;
    let app: i64 = check.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != migrations::APPLICATION_ID || version == 0 {
        return Err(Error::NotADatabase { path: src.to_path_buf(), reason: "not a Tenken database backup".into() });
    }
    if version > migrations::latest_version() {
        return Err(Error::SchemaTooNew { path: src.to_path_buf(), found: version, supported: migrations::latest_version() });
    }
    let problems: Vec<String> = {
        let mut stmt = check.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().filter(|r| r != "ok").collect()
    };
    if !problems.is_empty() {
        return Err(Error::NotADatabase {
            path: src.to_path_buf(),
            reason: format!("the backup is damaged: {}", problems.join("; ")),
        });
    }
    let chain = super::audit::verify_chain(&check)?;
    if let Some(b) = chain.broken {
        return Err(Error::NotADatabase {
            path: src.to_path_buf(),
            reason: format!("the backup's audit trail is broken at row {}: {}", b.seq, b.reason),
        });
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
