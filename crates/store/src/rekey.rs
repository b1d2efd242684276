//! Changing a database's passphrase, or encrypting a plain one, or removing the encryption.
//!
//! SQLCipher 4's `PRAGMA rekey` does not work on a database in WAL mode, nor on a plain one, so
//! the store writes a re-encrypted copy beside the file with `sqlcipher_export`, checks it (opens
//! with the new passphrase, same schema as the migrations make, `integrity_check`, the same rows
//! in every table), closes the database and renames the copy over it. Until the rename the old
//! file is untouched; the rename is atomic, so a crash leaves one or the other, never a mix.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::backup::check_schema;
use super::error::{Error, Invalid, Result};
use super::{apply_key, migrations, probe_version, OpenOptions, Store};
use tenken_domain::secret::{self, Passphrase};

/// Where the re-encrypted copy is written before it replaces the database.
fn copy_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".rekey-tmp");
    path.with_file_name(name)
}

/// Row counts of every table, by name (the copy must hold the same).
fn row_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|n| -> Result<(String, i64)> {
            let count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{}\"", n.replace('"', "\"\"")), [], |r| r.get(0))?;
            Ok((n, count))
        })
        .collect()
}

impl Store {
    /// Re-encrypt the database with `new` (a plain database when `None`); the store stays open,
    /// now on the re-encrypted file. A new passphrase must pass the strength rule. On a failure
    /// before the rename the database is as it was and the store still works on it.
    pub fn change_passphrase(&mut self, new: Option<&Passphrase>) -> Result<()> {
        if let Some(p) = new {
            secret::check_new(p.expose())?;
        }
        let path = self.path.clone();
        let copy = copy_path(&path);
        let _ = std::fs::remove_file(&copy);
        tenken_fsutil::create_private_file(&copy).map_err(|e| Error::io(&copy, e))?;
        let written = self.export_to(&copy, new).and_then(|()| verify_copy(&self.conn, &copy, new));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&copy);
            return Err(e);
        }
        // Everything of the old file is in the main file once the WAL is checkpointed; closing the
        // last connection removes the WAL, so nothing written under the old key meets the new file.
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        drop(std::mem::replace(&mut self.conn, Connection::open_in_memory()?));
        for side in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_os_string();
            name.push(side);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        std::fs::rename(&copy, &path).map_err(|e| Error::io(&path, e))?;
        *self = Store::open(&path, &OpenOptions { passphrase: new.cloned(), create: false, actor: Some(self.actor.clone()) })?;
        Ok(())
    }

    /// Write the whole database to `copy` under the new key.
    fn export_to(&self, copy: &Path, new: Option<&Passphrase>) -> Result<()> {
        let file = copy.to_string_lossy().into_owned();
        let key = new.map(Passphrase::expose).unwrap_or("");
        self.conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", rusqlite::params![file, key])?;
        let exported = (|| -> Result<()> {
            self.conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            // sqlcipher_export copies the schema and the rows, not the header's two numbers.
            let version = migrations::current_version(&self.conn)?;
            self.conn.execute_batch(&format!(
                "PRAGMA rekeyed.user_version = {version}; PRAGMA rekeyed.application_id = {};",
                migrations::APPLICATION_ID
            ))?;
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE rekeyed");
        exported?;
        Ok(detached?)
    }
}

/// The copy opens with the new passphrase and holds what the database holds.
fn verify_copy(original: &Connection, copy: &Path, new: Option<&Passphrase>) -> Result<()> {
    let check = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    apply_key(&check, new.map(Passphrase::expose))?;
    let version = probe_version(&check, copy, new.is_some())?;
    check_schema(&check, copy, version)?;
    let problems: Vec<String> =
        check.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
    if problems != ["ok"] {
        return Err(Invalid::RekeyDamaged { cause: problems.join("; ") }.into());
    }
    if row_counts(&check)? != row_counts(original)? {
        return Err(Invalid::RekeyRowsMissing {}.into());
    }
    Ok(())
}
