//! The signing module's typed error.
//!
//! Every message names the identity, file or structure involved, so the CLI can print it
//! as is. The application layer wraps it whole (`tenken::Error::Signing`).

use std::path::PathBuf;

use tenken_domain::notice::{io_params, with_reason, Params, IO_REASONS};

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
    #[error("identity {id}: {problem}")]
    BadIdentity {
        /// The identity.
        id: String,
        /// What is wrong.
        problem: IdentityProblem,
    },

    /// A stored identity's private key, once decrypted, is not one Tenken signs with (code
    /// `signing.bad_identity`, the reason the key problem's).
    #[error("identity {id}: {file}: {problem}")]
    BadIdentityKey {
        /// The identity.
        id: String,
        /// The key file.
        file: String,
        /// What is wrong with the key.
        problem: KeyProblem,
    },

    /// A PKCS#12 file could not be imported.
    #[error("PKCS#12 import: {0}")]
    Pkcs12(Pkcs12Problem),

    /// A PKCS#12 file's private key is not one Tenken signs with (code `signing.pkcs12`, the
    /// reason the key problem's).
    #[error("PKCS#12 import: {0}")]
    Pkcs12Key(KeyProblem),

    /// Input that should be a PDF is not one this module can sign.
    #[error("PDF: {0}")]
    Pdf(PdfProblem),

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
    Invalid(Invalid),
}

tenken_domain::notices! {
    /// What is wrong with a stored identity (`signing.bad_identity`).
    pub enum IdentityProblem {
        /// cert.pem without a certificate.
        NoCertificate {} = "no_certificate" => "cert.pem holds no certificate",
        /// cert.pem of another key.
        CertKeyMismatch {} = "cert_key_mismatch" => "cert.pem does not belong to key.pem",
        /// The key file is not an encrypted PKCS#8 PEM.
        KeyNotEncrypted { file: String } = "key_not_encrypted" => "{file} is not an encrypted PKCS#8 key",
        /// identity.json does not parse (the JSON reader's message as the cause).
        Metadata { path: String, cause: String } = "metadata" => "{path}: {cause}",
    }
}

tenken_domain::notices! {
    /// Why a private key is not one Tenken signs with (a PKCS#12 import, a stored identity).
    pub enum KeyProblem {
        /// Not PKCS#8 (the decoder's message as the cause).
        NotPkcs8 { cause: String } = "key_not_pkcs8" => "the private key is not readable PKCS#8: {cause}",
        /// An EC key on another curve.
        EcNotP256 {} = "key_ec_not_p256"
            => "the private key is an EC key but not on curve P-256; only P-256 and RSA keys are supported",
        /// An RSA key that does not decode.
        RsaUnreadable { cause: String } = "key_rsa_unreadable" => "the RSA private key is not readable: {cause}",
        /// An RSA key below the minimum size.
        RsaTooSmall { bits: u64, min: u64 } = "key_rsa_too_small"
            => "the RSA key has {bits} bits; at least {min} are required (smaller keys can be broken)",
        /// An RSA key above the maximum size.
        RsaTooLarge { bits: u64, max: u64 } = "key_rsa_too_large" => "the RSA key has {bits} bits; at most {max} are supported",
        /// An RSA key whose numbers do not make a key.
        RsaInvalid { cause: String } = "key_rsa_invalid" => "the RSA private key is not valid: {cause}",
        /// Another algorithm (its OID).
        Algorithm { oid: String } = "key_algorithm"
            => "the private key's algorithm {oid} is not supported (ECDSA P-256 or RSA 2048–4096 bits)",
    }
}

tenken_domain::notices! {
    /// Why a PKCS#12 file cannot be imported (`signing.pkcs12`).
    pub enum Pkcs12Problem {
        /// The file does not open (the library's message as the cause).
        Open { cause: String } = "open" => "cannot open the file (wrong password or not PKCS#12): {cause}",
        /// No private key with a certificate.
        NoPrivateKey {} = "no_private_key" => "the file holds no private key with its certificate",
        /// A certificate that does not decode.
        Certificate { cause: String } = "certificate" => "certificate: {cause}",
        /// A key without a certificate.
        NoCertificate {} = "no_certificate" => "the file holds no certificate for its key",
        /// The first certificate is another key's.
        KeyMismatch { subject: String, key: String } = "key_mismatch"
            => "the first certificate ({subject:?}) does not belong to the private key ({key})",
    }
}

tenken_domain::notices! {
    /// Why a PDF cannot be signed (`signing.pdf`); a `cause` is the PDF library's message.
    pub enum PdfProblem {
        /// The signature box font cannot be subset.
        SubsetFont { cause: String } = "subset_font" => "cannot subset the signature box font: {cause}",
        /// The signature box font cannot be loaded.
        Font { cause: String } = "font" => "signature box font: {cause}",
        /// The PDF does not parse.
        Unreadable { cause: String } = "unreadable" => "cannot read the PDF: {cause}",
        /// An encrypted PDF.
        Encrypted {} = "encrypted" => "encrypted PDFs cannot be signed",
        /// The incremental update cannot be written.
        Write { cause: String } = "write" => "cannot write the incremental update: {cause}",
        /// An object of the PDF (`part`: page, /Annots, catalog, /AcroForm, /Fields) cannot be
        /// copied or read.
        Structure { part: String, cause: String } = "structure" => "{part}: {cause}",
        /// No /Root catalog in the trailer.
        NoRoot { cause: String } = "no_root" => "the trailer has no /Root catalog: {cause}",
        /// The /Contents reservation is not there exactly once.
        Reservation {} = "reservation" => "the /Contents reservation was not found exactly once",
        /// The /ByteRange placeholder is not there exactly once.
        ByteRange {} = "byte_range" => "the /ByteRange placeholder was not found exactly once",
        /// The PDF's length does not fit the /ByteRange placeholder.
        ByteRangeTooLarge {} = "byte_range_too_large" => "the PDF is too large for the /ByteRange placeholder",
        /// The signature does not fit its reservation.
        SignatureTooLarge { size: u64, reserved: u64 } = "signature_too_large"
            => "the signature ({size} bytes) does not fit the {reserved} bytes reserved",
    }
}

tenken_domain::notices! {
    /// What the signing module refuses (`signing.invalid`).
    pub enum Invalid {
        /// The signing time is outside the certificate's validity.
        SigningTime { time: String, not_before: String, not_after: String } = "signing_time"
            => "signing time {time} is outside the signing certificate's validity ({not_before} – {not_after})",
        /// A certificate for an identity that has one.
        HasCertificate { id: String } = "has_certificate" => "identity {id} already has a certificate",
        /// PEM text without a certificate.
        PemEmpty {} = "pem_empty" => "the PEM text holds no certificate",
        /// A certificate for another key.
        NotForKey { subject: String, id: String } = "not_for_key"
            => "the certificate for {subject:?} was not issued for identity {id}'s key",
        /// An id prefix several identities start with.
        Ambiguous { id: String, count: u64 } = "ambiguous" => "identity id {id:?} is ambiguous: {count} identities start with it",
        /// An identity whose certificate request is not answered yet.
        NoCertificateYet { id: String } = "no_certificate_yet"
            => "identity {id} has no certificate yet: its request waits for the organisation's CA",
        /// An identity without a name.
        NoName {} = "no_name" => "the identity needs a name",
        /// An identity without an organisation.
        NoOrganisation {} = "no_organisation" => "the identity needs an organisation",
        /// An identity id already taken.
        Exists { id: String, dir: String } = "exists" => "identity {id} already exists in {dir}",
        /// A page index past the PDF's pages.
        PageRange { index: u64, pages: u64 } = "page_range" => "page index {index} is out of range: the PDF has {pages} page(s)",
        /// A non-ASCII e-mail address.
        EmailAscii { email: String } = "email_ascii" => "e-mail address {email:?} must be ASCII",
        /// A certificate with another kind of key.
        NotP256 { subject: String, algorithm: String } = "not_p256"
            => "certificate {subject:?} does not hold an ECDSA P-256 key (algorithm {algorithm}); only P-256 is supported",
        /// A root file without a certificate.
        TrustNoCertificate { file: String } = "trust_no_certificate" => "{file}: holds no certificate",
        /// A root file with several certificates.
        TrustSeveral { file: String, count: u64 } = "trust_several"
            => "{file}: holds {count} certificates; put only the root certificate in the file",
        /// A root file that is no certificate (the decoder's message as the cause).
        TrustNotCertificate { file: String, cause: String } = "trust_not_certificate"
            => "{file}: not a PEM or DER certificate ({cause})",
        /// A certificate offered as a root that is not a CA.
        NotCa { subject: String } = "not_ca"
            => "the certificate {subject:?} is not a CA certificate (basicConstraints cA is not TRUE); add the root that issued it instead",
        /// A trust list entry that cannot be written.
        TrustEncode { cause: String } = "trust_encode" => "trust list entry: {cause}",
        /// Too few hex digits for a fingerprint.
        NotFingerprint { fingerprint: String, min: u64 } = "not_fingerprint"
            => "{fingerprint:?} is not a fingerprint: give at least {min} hex digits of the SHA-256 shown by `tenken trust list`",
        /// No trusted root with the fingerprint.
        NoRoot { fingerprint: String } = "no_root" => "no root in the trust list has the fingerprint {fingerprint}",
        /// Several trusted roots start with the digits.
        RootsAmbiguous { count: u64, fingerprint: String } = "roots_ambiguous" => "{count} roots start with {fingerprint}; give more digits",
    }
}

impl From<Invalid> for SigningError {
    fn from(reason: Invalid) -> Self {
        SigningError::Invalid(reason)
    }
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

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each.
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[
        ("io", IO_REASONS),
        ("signing.bad_identity", IdentityProblem::CODES),
        ("signing.bad_identity", KeyProblem::CODES),
        ("signing.pkcs12", Pkcs12Problem::CODES),
        ("signing.pkcs12", KeyProblem::CODES),
        ("signing.pdf", PdfProblem::CODES),
        ("signing.invalid", Invalid::CODES),
    ];

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): the identity, the file, the `reason` where one code covers several
    /// situations, and `cause` where a library says what went wrong.
    pub fn params(&self) -> Params {
        let id_only = |id: &str| Params::from([("id".to_string(), id.to_string())]);
        match self {
            SigningError::Io { path, source } => io_params(path, source),
            SigningError::WrongPassphrase { id } => id_only(id),
            SigningError::EmptyPassphrase => Params::new(),
            SigningError::WeakPassphrase(w) => w.params(),
            SigningError::IdentityNotFound { id, dir } => {
                let mut p = id_only(id);
                p.insert("dir".into(), dir.display().to_string());
                p
            }
            SigningError::BadIdentity { id, problem } => {
                let mut p = with_reason(problem.code(), problem.params());
                p.insert("id".into(), id.clone());
                p
            }
            SigningError::BadIdentityKey { id, file, problem } => {
                let mut p = with_reason(problem.code(), problem.params());
                p.insert("id".into(), id.clone());
                p.insert("file".into(), file.clone());
                p
            }
            SigningError::Pkcs12(problem) => with_reason(problem.code(), problem.params()),
            SigningError::Pkcs12Key(problem) => with_reason(problem.code(), problem.params()),
            SigningError::Pdf(problem) => with_reason(problem.code(), problem.params()),
            SigningError::Crypto { context, message } => {
                Params::from([("context".to_string(), context.to_string()), ("cause".to_string(), message.clone())])
            }
            SigningError::Invalid(reason) => with_reason(reason.code(), reason.params()),
        }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            SigningError::Io { .. } => "io",
            SigningError::WrongPassphrase { .. } => "signing.wrong_passphrase",
            SigningError::EmptyPassphrase => "signing.empty_passphrase",
            SigningError::WeakPassphrase(_) => "passphrase.weak",
            SigningError::IdentityNotFound { .. } => "signing.identity_not_found",
            SigningError::BadIdentity { .. } => "signing.bad_identity",
            SigningError::BadIdentityKey { .. } => "signing.bad_identity",
            SigningError::Pdf(_) => "signing.pdf",
            SigningError::Pkcs12(_) => "signing.pkcs12",
            SigningError::Pkcs12Key(_) => "signing.pkcs12",
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
