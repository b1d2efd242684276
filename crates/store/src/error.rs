//! The store's typed error. Every failure a user can cause names what is wrong and where.

use std::path::PathBuf;

/// Result alias of the store crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the store can fail with. Messages are written for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A database operation failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// Reading or writing a file failed.
    #[error("{path}: {cause}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error (in the message, so not repeated as a source).
        cause: std::io::Error,
    },

    /// The database was written by a newer Tenken; it is left untouched.
    #[error(
        "{path}: the database has schema version {found}, but this Tenken knows only up to {supported}; \
         it was written by a newer Tenken and was left untouched. Update Tenken to open it."
    )]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// The version stamped in the file.
        found: i64,
        /// The newest version this build understands.
        supported: i64,
    },

    /// The file is not a Tenken database, or it is encrypted and the passphrase is wrong or missing.
    #[error("{path}: {reason}")]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// Why it could not be opened.
        reason: String,
    },

    /// The file cannot be read without a passphrase: it is encrypted, or not a database at all.
    #[error("{}: the file is encrypted (give its passphrase) or is not a Tenken database", path.display())]
    Locked {
        /// The file.
        path: PathBuf,
    },

    /// A passphrase was given and the file cannot be read with it.
    #[error("{}: the passphrase is wrong, or the file is not a Tenken database", path.display())]
    WrongPassphrase {
        /// The file.
        path: PathBuf,
    },

    /// A passphrase was given for a database that is not encrypted.
    #[error("{}: this database is not encrypted, so it takes no passphrase", path.display())]
    NotEncrypted {
        /// The file.
        path: PathBuf,
    },

    /// There is no database at the path and it was not to be created.
    #[error("{}: no database here yet; run `tenken init` (or any command that creates data) first", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },

    /// Another process holds the database lock for longer than the busy timeout.
    #[error("the database is busy: another Tenken process is writing to it; try again in a moment")]
    Busy,

    /// A referenced thing does not exist.
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What kind of thing (organisation, assessment, item, catalog …).
        kind: &'static str,
        /// The key that was looked up.
        key: String,
    },

    /// Input a user typed or a file supplied is invalid.
    #[error("{0}")]
    Invalid(String),

    /// The assessment is signed and read-only; a change needs a reopen (new revision).
    #[error("assessment {0} is signed and read-only; reopen it to start a new revision")]
    Signed(i64),

    /// A passphrase chosen for a new encrypted database is too weak.
    #[error("{0}; nothing was created")]
    WeakPassphrase(#[from] tenken_domain::secret::WeakPassphrase),

    /// A stored value or a given one is not what the domain allows.
    #[error(transparent)]
    Domain(#[from] tenken_domain::Error),
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(kind: &'static str, key: impl ToString) -> Self {
        Error::NotFound { kind, key: key.to_string() }
    }

    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause: source }
    }
}

impl Error {
    /// Every code [`Error::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &[
        "store.database",
        "io",
        "store.schema_too_new",
        "store.not_a_database",
        "store.locked",
        "store.wrong_passphrase",
        "store.not_encrypted",
        "store.missing",
        "store.busy",
        "not_found",
        "invalid",
        "store.signed",
        "passphrase.weak",
    ];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Sqlite(_) => "store.database",
            Error::Io { .. } => "io",
            Error::SchemaTooNew { .. } => "store.schema_too_new",
            Error::NotADatabase { .. } => "store.not_a_database",
            Error::Locked { .. } => "store.locked",
            Error::WrongPassphrase { .. } => "store.wrong_passphrase",
            Error::NotEncrypted { .. } => "store.not_encrypted",
            Error::Missing { .. } => "store.missing",
            Error::Busy => "store.busy",
            Error::NotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
            Error::Signed(_) => "store.signed",
            Error::WeakPassphrase(_) => "passphrase.weak",
            Error::Domain(e) => e.code(),
        }
    }
}
