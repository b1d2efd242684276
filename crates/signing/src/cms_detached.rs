//! Detached CMS SignedData (RFC 5652) made by an unlocked identity.
//!
//! One builder serves both uses: the `.p7s` beside an Excel workbook (CAdES-style, with a
//! signingTime attribute) and the PAdES signature inside a PDF (no signingTime: PAdES
//! baseline forbids it and takes the time from the signature dictionary's /M instead).
//! Signed attributes: contentType (id-data), messageDigest (SHA-256), signingCertificateV2,
//! and signingTime where allowed. The certificate set carries the signing certificate and its
//! chain up to the root, so a verifier needs nothing else. The signature is made by the
//! identity's key as [`super::algorithms::KeySigner`] chooses (ECDSA P-256 with SHA-256, or RSA
//! PKCS#1 v1.5 / RSASSA-PSS with SHA-256), computed by the `cms` builder over the DER of the
//! signed attributes; the digest algorithm is SHA-256 in every case.

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::oid::db::rfc5911::ID_DATA;
use der::Encode;
use sha2::{Digest, Sha256};

use super::algorithms::{KeySigner, RawSignature};
use super::attributes;
use super::error::{Invalid, SigningError, SigningResult};
use super::identity::UnlockedIdentity;

/// Whether the signed attributes carry a signingTime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeAttribute {
    /// Include signingTime (detached `.p7s` files).
    Include,
    /// Leave it out (PAdES: the time is the PDF signature dictionary's /M).
    Omit,
}

/// Sign `content` (the exact bytes of a file) and return a detached CMS SignedData, DER-encoded,
/// for writing as `FILE.p7s`. `time` is recorded as the signingTime attribute.
pub fn sign_detached(content: &[u8], signer: &UnlockedIdentity, time: DateTime<Utc>) -> SigningResult<Vec<u8>> {
    let digest: [u8; 32] = Sha256::digest(content).into();
    signed_data_over_digest(&digest, signer, time, TimeAttribute::Include)
}

/// Build a detached SignedData whose messageDigest is `digest` (SHA-256 of the signed content).
pub(crate) fn signed_data_over_digest(
    digest: &[u8; 32],
    signer: &UnlockedIdentity,
    time: DateTime<Utc>,
    time_attribute: TimeAttribute,
) -> SigningResult<Vec<u8>> {
    check_signing_time(signer, time)?;
    let cert = signer.certificate();
    let content = EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let key = signer.signer()?;
    let mut signer_info = SignerInfoBuilder::new(&key, sid, attributes::sha256_algorithm(), &content, Some(digest.as_slice()))
        .map_err(|e| SigningError::crypto("CMS signer info", e))?;
    signer_info
        .add_signed_attribute(attributes::signing_certificate_v2(cert)?)
        .map_err(|e| SigningError::crypto("CMS signed attributes", e))?;
    if time_attribute == TimeAttribute::Include {
        signer_info.add_signed_attribute(attributes::signing_time(time)?).map_err(|e| SigningError::crypto("CMS signed attributes", e))?;
    }

    let mut builder = SignedDataBuilder::new(&content);
    builder.add_digest_algorithm(attributes::sha256_algorithm()).map_err(|e| SigningError::crypto("CMS digest algorithm", e))?;
    for c in std::iter::once(cert).chain(signer.chain()) {
        builder.add_certificate(CertificateChoices::Certificate(c.clone())).map_err(|e| SigningError::crypto("CMS certificates", e))?;
    }
    builder.add_signer_info::<KeySigner, RawSignature>(signer_info).map_err(|e| SigningError::crypto("CMS signature", e))?;
    let content_info = builder.build().map_err(|e| SigningError::crypto("CMS SignedData", e))?;
    content_info.to_der().map_err(|e| SigningError::crypto("encode CMS", e))
}

/// Refuse a signing time outside the signing certificate's validity: verifiers would reject
/// such a signature, so it must not be made.
pub(crate) fn check_signing_time(signer: &UnlockedIdentity, time: DateTime<Utc>) -> SigningResult<()> {
    let (not_before, not_after) = super::certificate::validity_of(signer.certificate());
    if time < not_before || time > not_after {
        let (time, not_before, not_after) = (time.to_string(), not_before.to_string(), not_after.to_string());
        return Err(Invalid::SigningTime { time, not_before, not_after }.into());
    }
    Ok(())
}
