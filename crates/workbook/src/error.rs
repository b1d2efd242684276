//! The workbook crate's error: writing an Excel file failed.

use std::path::PathBuf;

use tenken_domain::notice::{io_params, Params, IO_REASONS};

/// Result alias of the workbook crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an Excel file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// rust_xlsxwriter refused the results workbook.
    #[error("writing the Excel results failed: {0}")]
    Results(#[source] rust_xlsxwriter::XlsxError),
    /// rust_xlsxwriter refused the blank checksheet.
    #[error("writing the checksheet template failed: {0}")]
    Template(#[source] rust_xlsxwriter::XlsxError),
    /// The scope does not fit the catalog.
    #[error(transparent)]
    Domain(#[from] tenken_domain::Error),
    /// The file could not be written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
}

impl Error {
    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause }
    }
}

impl Error {
    /// Every code [`Error::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &["workbook.results", "workbook.template", "io"];

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each.
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[("io", IO_REASONS)];

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): `cause` is rust_xlsxwriter's own message.
    pub fn params(&self) -> Params {
        match self {
            Error::Results(e) | Error::Template(e) => Params::from([("cause".to_string(), e.to_string())]),
            Error::Domain(e) => e.params(),
            Error::Io { path, cause } => io_params(path, cause),
        }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Results(_) => "workbook.results",
            Error::Template(_) => "workbook.template",
            Error::Domain(e) => e.code(),
            Error::Io { .. } => "io",
        }
    }
}
