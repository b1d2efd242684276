//! The signing module's typed error.
//!
//! Every message names the identity, file or structure involved, so the CLI can print it
//! as is. The application layer wraps it whole (`tenken::Error::Signing`).

use std::path::PathBuf;

/// Result alias of the signing module.
pub type SigningResult<T> = std::result::Result<T, SigningError>;

/// Everything creating identities, signing or reading signatures can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    /// Reading or writing an identity file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// The passphrase does not decrypt the identity's private key.
    #[error("wrong passphrase for identity {id}: the private key could not be decrypted")]
    WrongPassphrase {
        /// The identity whose key was being unlocked.
        id: String,
    },

    /// The passphrase is unusable (empty).
    #[error("the passphrase must not be empty")]
    EmptyPassphrase,

    /// A passphrase chosen for a new key is too weak.
    #[error("{0}; the key was not created")]
    WeakPassphrase(#[from] tenken_domain::secret::WeakPassphrase),

    /// No identity with this id exists in the identity directory.
    #[error("identity not found: {id} (in {dir})")]
    IdentityNotFound {
        /// The id looked up.
        id: String,
        /// The directory searched.
        dir: PathBuf,
    },

    /// A stored identity file is damaged or inconsistent.
    #[error("identity {id}: {message}")]
    BadIdentity {
        /// The identity.
        id: String,
        /// What is wrong.
        message: String,
    },

    /// A PKCS#12 file could not be imported.
    #[error("PKCS#12 import: {0}")]
    Pkcs12(String),

    /// Input that should be a PDF is not one this module can sign.
    #[error("PDF: {0}")]
    Pdf(String),

    /// A certificate, key or CMS structure could not be built or encoded.
    #[error("{context}: {message}")]
    Crypto {
        /// What was being done.
        context: &'static str,
        /// The library's message.
        message: String,
    },

    /// The caller's input is invalid (e.g. an empty name).
    #[error("{0}")]
    Invalid(String),
}

impl SigningError {
    /// Every code [`SigningError::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &[
        "io",
        "signing.wrong_passphrase",
        "signing.empty_passphrase",
        "passphrase.weak",
        "signing.identity_not_found",
        "signing.bad_identity",
        "signing.pdf",
        "signing.pkcs12",
        "signing.crypto",
        "signing.invalid",
    ];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            SigningError::Io { .. } => "io",
            SigningError::WrongPassphrase { .. } => "signing.wrong_passphrase",
            SigningError::EmptyPassphrase => "signing.empty_passphrase",
            SigningError::WeakPassphrase(_) => "passphrase.weak",
            SigningError::IdentityNotFound { .. } => "signing.identity_not_found",
            SigningError::BadIdentity { .. } => "signing.bad_identity",
            SigningError::Pdf(_) => "signing.pdf",
            SigningError::Pkcs12(_) => "signing.pkcs12",
            SigningError::Crypto { .. } => "signing.crypto",
            SigningError::Invalid(_) => "signing.invalid",
        }
    }
}

impl SigningError {
    /// Wrap a library error with what was being done.
    pub fn crypto(context: &'static str, err: impl std::fmt::Display) -> Self {
        SigningError::Crypto { context, message: err.to_string() }
    }

    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SigningError::Io { path: path.into(), source }
    }
}
