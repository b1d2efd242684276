//! Where Tenken keeps its files: the database and user catalogs under the user's data directory.

use std::path::PathBuf;

/// Environment variable that overrides the database path (the CLI's `--db` wins over it).
pub const DB_ENV: &str = "TENKEN_DB";

/// The per-user data directory, `dirs::data_dir()/tenken` (e.g. `~/.local/share/tenken`).
pub fn data_dir() -> PathBuf {
    dirs::data_dir().or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from(".")).join("tenken")
}

/// The default database file: `data_dir()/tenken.db`.
pub fn default_db_path() -> PathBuf {
    data_dir().join("tenken.db")
}

/// The database path to use: an explicit one, else `TENKEN_DB`, else the default.
pub fn resolve_db_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit.or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)).unwrap_or_else(default_db_path)
}

/// Directory of user catalogs (`*.toml`), beside the database by default.
pub fn user_catalog_dir() -> PathBuf {
    data_dir().join("catalogs")
}

/// Directory of the auditor's signing identities: `data_dir()/identities`.
pub fn identity_dir() -> PathBuf {
    data_dir().join("identities")
}

/// The recipient's trust list (root certificates whose signatures are VALID here):
/// `data_dir()/trust`.
pub fn trust_dir() -> PathBuf {
    data_dir().join("trust")
}

/// The roots a signature must lead to here to be VALID: this user's trust list and the roots of
/// their own signing identities (as every verifying command of the CLI and the app uses them).
pub fn trust_anchors() -> Vec<x509_cert::Certificate> {
    tenken_signing::trust::anchors(&trust_dir(), &identity_dir())
}

/// Where exports go unless the user picks another folder: `~/Documents/Tenken` (the home
/// directory's `Tenken` when there is no documents folder). Visible to the user, unlike the
/// data directory, because reports are meant to be sent on.
pub fn default_export_dir() -> PathBuf {
    dirs::document_dir().or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from(".")).join("Tenken")
}
