//! The application layer's error: each lower layer's error kept whole (`#[from]`), plus what
//! this layer itself refuses. Messages are written for the person at the keyboard.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Result alias of the application layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the application layer can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed (database, file, schema, lock, not found, signed …).
    #[error(transparent)]
    Store(#[from] tenken_store::Error),

    /// A value or catalog the domain does not allow.
    #[error(transparent)]
    Domain(#[from] tenken_domain::Error),

    /// A checksheet file could not be imported at all.
    #[error(transparent)]
    Import(#[from] tenken_import::ImportError),

    /// A checksheet file of several (a folder, or one named on the command line) could not be
    /// imported at all: the import error, with the file it is about.
    #[error("{}: {source}", path.display())]
    ImportFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: tenken_import::ImportError,
    },

    /// A workbook could not be made into a catalog.
    #[error(transparent)]
    CatalogImport(#[from] tenken_import::catalog_import::CatalogImportError),

    /// The PDF report could not be rendered.
    #[error(transparent)]
    Report(#[from] tenken_report::ReportError),

    /// An Excel file could not be written.
    #[error(transparent)]
    Workbook(#[from] tenken_workbook::Error),

    /// Signing, an identity, the trust list or a verification failed.
    #[error(transparent)]
    Signing(#[from] tenken_signing::SigningError),

    /// A bundle was refused (untrusted signer, over a cap, an entry that differs from the
    /// signed manifest …); the variant says which, for a caller that offers a choice.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),

    /// A passphrase chosen for something new is too weak.
    #[error("{0}; nothing was created")]
    WeakPassphrase(#[from] tenken_domain::secret::WeakPassphrase),

    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error (in the message, so not repeated as a source).
        cause: std::io::Error,
    },

    /// A referenced thing does not exist.
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What kind of thing (evidence, item …).
        kind: &'static str,
        /// The key that was looked up.
        key: String,
    },

    /// A request this layer refuses.
    #[error("{0}")]
    Invalid(String),
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
    /// The codes of this layer's own variants.
    pub const CODES: &'static [&'static str] = &["passphrase.weak", "io", "not_found", "invalid"];

    /// Every code any error of Tenken's can give: the UI has a Japanese and an English text for
    /// each (a test of the app checks), and scripts may match on them.
    pub fn all_codes() -> BTreeSet<&'static str> {
        [
            Error::CODES,
            tenken_store::Error::CODES,
            tenken_domain::Error::CODES,
            tenken_import::ImportError::CODES,
            tenken_import::catalog_import::CatalogImportError::CODES,
            tenken_report::ReportError::CODES,
            tenken_workbook::Error::CODES,
            tenken_signing::SigningError::CODES,
            crate::bundle::BundleError::CODES,
        ]
        .concat()
        .into_iter()
        .collect()
    }

    /// The parameters of the message, by name, for a text in another language: always `detail`
    /// (the English message as the CLI prints it), and the values the message is made of where
    /// the error has them (`kind` and `key` of a thing not found, the `path` of a file …).
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        p.insert("detail", self.to_string());
        match self {
            Error::NotFound { kind, key }
            | Error::Store(tenken_store::Error::NotFound { kind, key })
            | Error::Domain(tenken_domain::Error::NotFound { kind, key }) => {
                p.insert("kind", kind.to_string());
                p.insert("key", key.clone());
            }
            Error::Io { path, .. } | Error::Store(tenken_store::Error::Io { path, .. }) | Error::ImportFile { path, .. } => {
                p.insert("path", path.display().to_string());
            }
            Error::Store(tenken_store::Error::SchemaTooNew { path, found, supported }) => {
                p.insert("path", path.display().to_string());
                p.insert("found", found.to_string());
                p.insert("supported", supported.to_string());
            }
            Error::Store(
                tenken_store::Error::NotADatabase { path, .. }
                | tenken_store::Error::Locked { path }
                | tenken_store::Error::WrongPassphrase { path }
                | tenken_store::Error::NotEncrypted { path }
                | tenken_store::Error::Missing { path },
            ) => {
                p.insert("path", path.display().to_string());
            }
            Error::Store(tenken_store::Error::Signed(id)) => {
                p.insert("id", id.to_string());
            }
            _ => {}
        }
        p
    }

    /// Code, parameters and English text in the serialised shape a report of many files carries
    /// for each that failed (the UI reads its code in the `error.` texts).
    pub fn notice(&self) -> tenken_domain::notice::Notice {
        tenken_domain::notice::Notice {
            code: self.code().to_string(),
            params: self.params().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            message: self.to_string(),
        }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::Domain(e) => e.code(),
            Error::Import(e) | Error::ImportFile { source: e, .. } => e.code(),
            Error::CatalogImport(e) => e.code(),
            Error::Report(e) => e.code(),
            Error::Workbook(e) => e.code(),
            Error::Signing(e) => e.code(),
            Error::Bundle(e) => e.code(),
            Error::WeakPassphrase(_) => "passphrase.weak",
            Error::Io { .. } => "io",
            Error::NotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
        }
    }
}
