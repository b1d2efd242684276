//! Verifying a file on disk the way a recipient gets it: a signed PDF by its embedded
//! signature, any other file by the detached `FILE.p7s` beside it (or the one named).
//!
//! Invariant: this only reads files and chooses the check; the checks are in `verify`.

use std::path::{Path, PathBuf};

use x509_cert::Certificate;

use super::error::{SigningError, SigningResult};
use super::verification::Verification;
use super::verify::{verify_detached, verify_pdf};

/// The detached signature Tenken writes beside a file: `FILE.p7s`.
pub fn detached_path(file: &Path) -> PathBuf {
    let mut p = file.as_os_str().to_owned();
    p.push(".p7s");
    PathBuf::from(p)
}

fn read(path: &Path) -> SigningResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| SigningError::io(path, e))
}

/// Verify `file`: a PDF (`%PDF-`) by its own signature unless `signature` is given, else with
/// the detached signature (`signature`, or `FILE.p7s`). A file that is neither is an error
/// naming both paths.
pub fn verify_file(file: &Path, signature: Option<&Path>, trusted_roots: &[Certificate]) -> SigningResult<Verification> {
    let bytes = read(file)?;
    if bytes.starts_with(b"%PDF-") && signature.is_none() {
        return Ok(verify_pdf(&bytes, trusted_roots));
    }
    let sig = signature.map(Path::to_path_buf).unwrap_or_else(|| detached_path(file));
    if !sig.exists() {
        return Err(SigningError::io(
            &sig,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not a signed PDF and has no detached signature beside it", file.display()),
            ),
        ));
    }
    Ok(verify_detached(&bytes, &read(&sig)?, trusted_roots))
}
