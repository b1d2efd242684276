//! The store's typed error. Every failure a user can cause names what is wrong and where.

use std::path::PathBuf;

use tenken_domain::error::{not_found_params, NOT_FOUND_KINDS};
use tenken_domain::notice::{io_params, with_reason, Params, IO_REASONS};

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
        /// Why it could not be opened (boxed: the schema's situations are large, and every
        /// store result carries this error's size).
        reason: Box<DatabaseProblem>,
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
    Invalid(Invalid),

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

tenken_domain::notices! {
    /// Why a file is not a database Tenken opens or restores: the `reason` of a
    /// `store.not_a_database` error, by its key.
    pub enum DatabaseProblem {
        /// An SQLite file without Tenken's application id.
        NotTenken {} = "not_tenken" => "this SQLite file is not a Tenken database",
        /// A file offered as a backup that is not one of Tenken's.
        NotABackup {} = "not_a_backup" => "not a Tenken database backup",
        /// The backup's schema has an object the migrations do not make.
        SchemaExtra { version: i64, kind: String, name: String, table: String } = "schema_extra"
            => "the backup's schema is not the one Tenken makes for schema version {version}: {kind} `{name}` (on `{table}`) is not part of it; nothing was restored",
        /// An object of the backup's schema differs from what the migrations make.
        SchemaChanged { version: i64, kind: String, name: String, expected: String, found: String } = "schema_changed"
            => "the backup's schema is not the one Tenken makes for schema version {version}: {kind} `{name}` differs (expected: {expected}; found: {found}); nothing was restored",
        /// An object the migrations make is missing from the backup's schema.
        SchemaMissing { version: i64, kind: String, name: String, table: String } = "schema_missing"
            => "the backup's schema is not the one Tenken makes for schema version {version}: {kind} `{name}` (on `{table}`) is missing; nothing was restored",
        /// SQLite's integrity check failed (its own report as the cause).
        Damaged { cause: String } = "damaged" => "the backup is damaged: {cause}",
        /// The backup's audit trail lacks a row.
        TrailRowMissing { seq: i64, expected: i64 } = "trail_row_missing"
            => "the backup's audit trail is broken at row {seq}: row {expected} is missing before row {seq}",
        /// A row of the backup's audit trail does not chain to the one before.
        TrailPrevHash { seq: i64 } = "trail_prev_hash"
            => "the backup's audit trail is broken at row {seq}: its previous-row hash does not match the row before it",
        /// A row of the backup's audit trail was changed.
        TrailContent { seq: i64 } = "trail_content"
            => "the backup's audit trail is broken at row {seq}: its content does not match its hash (the row was changed)",
    }
}

tenken_domain::notices! {
    /// What the store refuses: the `reason` of an `invalid` error, by its key (the keys differ
    /// from the domain's and the application layer's, which share the code).
    pub enum Invalid {
        /// A backup or copy would replace a file.
        FileExists { path: String } = "file_exists" => "{path}: already exists; choose a new file name",
        /// A file to restore from is not there.
        NoSuchFile { path: String } = "no_such_file" => "{path}: no such file",
        /// An extra item stored as JSON does not read back.
        ExtraItemDamaged { cause: String } = "extra_item_damaged" => "stored extra item is damaged: {cause}",
        /// An extra item cannot be written as JSON.
        ExtraItemEncode { cause: String } = "extra_item_encode" => "{cause}",
        /// SQLite's integrity check of a re-encrypted copy failed.
        RekeyDamaged { cause: String } = "rekey_damaged"
            => "the re-encrypted copy is damaged ({cause}); the database was not changed",
        /// A re-encrypted copy lacks rows.
        RekeyRowsMissing {} = "rekey_rows_missing" => "the re-encrypted copy does not hold every row; the database was not changed",
        /// An organisation without a name.
        OrganisationNameEmpty {} = "organisation_name_empty" => "organisation name is empty",
        /// An organisation name already taken.
        OrganisationExists { name: String } = "organisation_exists" => "organisation '{name}' already exists",
        /// A finding without a description.
        FindingNoDescription {} = "finding_no_description" => "a finding needs a description",
        /// The status `signed` set by hand.
        SignByExport {} = "sign_by_export" => "an assessment is signed by exporting a signed report, not by setting its status",
        /// Evidence whose bytes do not match the hash it came with.
        EvidenceHashMismatch { id: String, file: String } = "evidence_hash_mismatch"
            => "evidence {id} ({file}) does not match its SHA-256",
        /// A reopen of an assessment that is not signed.
        NotSigned { id: i64 } = "not_signed" => "assessment {id} is not signed; it can be edited as it is",
    }
}

impl From<Invalid> for Error {
    fn from(reason: Invalid) -> Self {
        Error::Invalid(reason)
    }
}

impl Error {
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

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each.
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[
        ("io", IO_REASONS),
        ("store.not_a_database", DatabaseProblem::CODES),
        ("not_found", NOT_FOUND_KINDS),
        ("invalid", Invalid::CODES),
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

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): the file, the versions, the `reason` where one code covers several
    /// situations, and `cause` where a library (SQLite) says what went wrong.
    pub fn params(&self) -> Params {
        let path_only = |path: &std::path::Path| Params::from([("path".to_string(), path.display().to_string())]);
        match self {
            Error::Sqlite(e) => Params::from([("cause".to_string(), e.to_string())]),
            Error::Io { path, cause } => io_params(path, cause),
            Error::SchemaTooNew { path, found, supported } => {
                let mut p = path_only(path);
                p.insert("found".into(), found.to_string());
                p.insert("supported".into(), supported.to_string());
                p
            }
            Error::NotADatabase { path, reason } => {
                let mut p = with_reason(reason.code(), reason.params());
                p.insert("path".into(), path.display().to_string());
                p
            }
            Error::Locked { path } | Error::WrongPassphrase { path } | Error::NotEncrypted { path } | Error::Missing { path } => {
                path_only(path)
            }
            Error::Busy => Params::new(),
            Error::NotFound { kind, key } => not_found_params(kind, key),
            Error::Invalid(reason) => with_reason(reason.code(), reason.params()),
            Error::Signed(id) => Params::from([("id".to_string(), id.to_string())]),
            Error::WeakPassphrase(w) => w.params(),
            Error::Domain(e) => e.params(),
        }
    }
}
