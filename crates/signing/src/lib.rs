//! Digital signatures that standard tools verify: auditor identities, PAdES-signed PDFs,
//! detached CMS signatures for other files, and strict verification of both.
//!
//! * [`identity`] — an auditor's key and certificate chain, stored encrypted under a directory.
//! * [`algorithms`] — which key signs how, and how a signature is checked (ECDSA, RSA).
//! * [`certificate`] — building and reading the X.509 certificates of an identity.
//! * [`cms_detached`] — detached CMS SignedData (`FILE.p7s`) over the exact bytes of a file.
//! * [`pades`] — signing a PDF as an incremental update with a visible signature box.
//! * [`appearance`] — what the visible box shows and where.
//! * [`trust`] — the recipient's trust list: which roots make a signature VALID here.
//! * `path` — building the certificate path to a trust anchor and the RFC 5280 path rules.
//! * [`verify`] — strict checks of a signed PDF or a detached signature, giving a
//!   [`Verification`].
//!
//! Invariants: pure functions over bytes and files; this module never touches the store, the
//! audit trail or the terminal (passphrases come from the caller). All ASN.1 and cryptography
//! come from RustCrypto crates (`cms` 0.2, `x509-cert` 0.2, `der` 0.7, `p256` 0.13, `rsa` 0.9,
//! `pkcs8` 0.10); keys are ECDSA P-256 or RSA 2048–4096 bits (imported), digests SHA-256.
//! [`algorithms`] holds the one dispatch from key and algorithm identifier to the crate.
//!
//! Deliberately not here: the store, the audit trail, the terminal, bundles; its manifest lists
//! only the domain (passphrase rules), `tenken-fsutil` (private key files) and `tenken-report`
//! (the font of the visible signature box).

pub mod algorithms;
pub mod appearance;
mod appearance_font;
mod attributes;
pub mod certificate;
pub mod cms_detached;
pub mod error;
pub mod identity;
pub mod pades;
mod path;
mod pdf_signature;
pub mod remark;
pub mod trust;
pub mod verification;
pub mod verify;
pub mod verify_file;

pub use appearance::Appearance;
pub use cms_detached::sign_detached;
pub use error::{SigningError, SigningResult};
pub use identity::{Identity, IdentityKind, NewIdentity, UnlockedIdentity};
pub use pades::sign_pdf;
pub use trust::TrustList;
pub use verification::{Status, Verification};
pub use verify::{verify_detached, verify_pdf};
pub use verify_file::{detached_path, verify_file};
