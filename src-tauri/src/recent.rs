//! The database file the app worked on last, remembered across restarts in `app.json` in the
//! data folder: an auditor who opened another database (a client's encrypted file, a copy on a
//! USB stick) finds it open again at the next start. `TENKEN_DB` still decides when it is set,
//! and a remembered file that is gone falls back to the default database.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file, in the data folder.
const FILE: &str = "app.json";
/// Far more than a path needs; a larger file is not read (it is not one Tenken wrote).
const MAX_BYTES: u64 = 64 * 1024;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Remembered {
    /// The database last opened or created.
    database: Option<PathBuf>,
}

/// The database remembered in `dir`, if it is still there. A missing, damaged or oversized
/// file is ignored: the default database opens, as on a first start.
pub fn last_database_in(dir: &Path) -> Option<PathBuf> {
    let path = dir.join(FILE);
    if std::fs::metadata(&path).ok()?.len() > MAX_BYTES {
        return None;
    }
    let remembered: Remembered = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    remembered.database.filter(|db| db.is_file())
}

/// Remember `database` in `dir` (written whole or not at all). A failure only means the next
/// start opens the default database, so it is reported, not raised.
pub fn remember_database_in(dir: &Path, database: &Path) {
    let remembered = Remembered { database: Some(database.to_path_buf()) };
    let result = tenken::fsutil::create_private_dir(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| serde_json::to_vec_pretty(&remembered).map_err(|e| e.to_string()))
        .and_then(|bytes| tenken::export::write_atomically(&dir.join(FILE), &bytes).map_err(|e| e.to_string()));
    if let Err(e) = result {
        eprintln!("tenken-app: could not remember the database {}: {e}", database.display());
    }
}

/// The database to open at start: `TENKEN_DB` when set, else the one remembered, else the default.
pub fn start_database() -> PathBuf {
    if std::env::var_os(tenken::paths::DB_ENV).is_some_and(|v| !v.is_empty()) {
        return tenken::paths::resolve_db_path(None);
    }
    last_database_in(&tenken::paths::data_dir()).unwrap_or_else(tenken::paths::default_db_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_opened_last_is_found_again_and_a_gone_or_damaged_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(last_database_in(dir.path()), None, "nothing remembered yet");
        let db = dir.path().join("顧客A.db");
        std::fs::write(&db, b"").unwrap();
        remember_database_in(dir.path(), &db);
        assert_eq!(last_database_in(dir.path()), Some(db.clone()));
        std::fs::remove_file(&db).unwrap();
        assert_eq!(last_database_in(dir.path()), None, "a remembered file that is gone is not offered");
        std::fs::write(dir.path().join(FILE), b"{ not json").unwrap();
        assert_eq!(last_database_in(dir.path()), None, "a damaged file is ignored");
        std::fs::write(dir.path().join(FILE), vec![b' '; MAX_BYTES as usize + 1]).unwrap();
        assert_eq!(last_database_in(dir.path()), None, "an oversized file is not read");
    }
}
