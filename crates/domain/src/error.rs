//! The domain's error: a value or a catalog that is not what the rules allow.

/// Result alias of the domain crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the domain refuses. Messages are written for the person at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A referenced thing (a catalog, an item) does not exist.
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What kind of thing.
        kind: &'static str,
        /// The key that was looked up.
        key: String,
    },

    /// A value a user typed or a file supplied is not one the model allows.
    #[error("{0}")]
    Invalid(String),

    /// A catalog data file is malformed.
    #[error("catalog {file}: {message}")]
    Catalog {
        /// The catalog file (or built-in name).
        file: String,
        /// What is wrong.
        message: String,
    },
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
}

impl Error {
    /// Every code [`Error::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &["not_found", "invalid", "catalog.malformed"];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
            Error::Catalog { .. } => "catalog.malformed",
        }
    }
}
