//! X.509 certificates of an auditor identity: building them and reading what a person needs.
//!
//! An identity is two-tier: a local root CA (self-signed, `CA:true`, keyCertSign) issues the
//! signing certificate (digitalSignature + nonRepudiation). A recipient trusts the root once and
//! then every report the auditor signs shows as trusted; a self-signed leaf cannot get there
//! (poppler reports its issuer as unknown). All structures come from `x509-cert`'s builder; no
//! ASN.1 is written by hand here. Keys are ECDSA P-256 only.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use der::asn1::{Ia5String, Ia5StringRef, Utf8StringRef};
use der::{Any, Encode, Tag, Tagged};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder, CertificateBuilder, Profile, RequestBuilder};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::CertReq;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use super::error::{Invalid, SigningError, SigningResult};

/// OID of the subject attribute `commonName` (2.5.4.3).
const OID_CN: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.3");
/// OID of the subject attribute `organizationName` (2.5.4.10).
const OID_O: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("2.5.4.10");
/// OID of the PKCS#9 subject attribute `emailAddress`.
const OID_EMAIL: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");

/// How far before "now" a new certificate's notBefore lies, so that it is earlier than any
/// signing time even when clocks of two machines differ a little.
pub const BACKDATE: Duration = Duration::from_secs(10 * 60);

/// Validity of a new signing certificate (3 years).
pub const LEAF_VALIDITY: Duration = Duration::from_secs(3 * 365 * 24 * 3600);

/// Validity of a new local root CA (10 years), longer than any certificate it issues.
pub const ROOT_VALIDITY: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// Who a certificate names: the parts a person reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Subject {
    /// Common name (the person).
    pub common_name: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

/// Build a distinguished name `CN=…, O=…, emailAddress=…` from its parts, as UTF-8 strings
/// (Japanese names are fine); the e-mail address must be ASCII.
pub fn build_name(common_name: &str, organisation: Option<&str>, email: Option<&str>) -> SigningResult<Name> {
    // Most general first: O, then CN, then emailAddress (shown as "emailAddress=…,CN=…,O=…").
    let mut rdns = Vec::new();
    if let Some(org) = organisation {
        rdns.push(single_rdn(OID_O, utf8_any(org)?)?);
    }
    rdns.push(single_rdn(OID_CN, utf8_any(common_name)?)?);
    if let Some(email) = email {
        let ia5 = Ia5StringRef::new(email).map_err(|_| SigningError::from(Invalid::EmailAscii { email: email.to_string() }))?;
        rdns.push(single_rdn(OID_EMAIL, Any::encode_from(&ia5))?);
    }
    Ok(RdnSequence(rdns))
}

/// A UTF8String value for a name attribute.
fn utf8_any(text: &str) -> SigningResult<der::Result<Any>> {
    let value = Utf8StringRef::new(text).map_err(|e| SigningError::crypto("name attribute", e))?;
    Ok(Any::encode_from(&value))
}

/// One relative distinguished name holding one attribute.
fn single_rdn(oid: der::oid::ObjectIdentifier, value: der::Result<Any>) -> SigningResult<RelativeDistinguishedName> {
    let value = value.map_err(|e| SigningError::crypto("name attribute", e))?;
    let atv = AttributeTypeAndValue { oid, value };
    RelativeDistinguishedName::try_from(vec![atv]).map_err(|e| SigningError::crypto("name attribute", e))
}

/// Read CN, O and e-mail out of a distinguished name (first occurrence of each).
pub fn read_name(name: &Name) -> Subject {
    let mut subject = Subject::default();
    for atv in name.0.iter().flat_map(|rdn| rdn.0.iter()) {
        let text = attribute_text(&atv.value);
        match atv.oid {
            oid if oid == OID_CN && subject.common_name.is_empty() => subject.common_name = text,
            oid if oid == OID_O && subject.organisation.is_none() => subject.organisation = Some(text),
            oid if oid == OID_EMAIL && subject.email.is_none() => subject.email = Some(text),
            _ => {}
        }
    }
    subject
}

/// The text of a directory string, whatever string type it was encoded with.
fn attribute_text(value: &Any) -> String {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => String::from_utf8_lossy(bytes).into_owned(),
        Tag::BmpString => {
            let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        _ => hex::encode(bytes),
    }
}

/// Read the e-mail address from the subjectAltName extension, if any.
pub fn san_email(cert: &Certificate) -> Option<String> {
    let (_, san) = cert.tbs_certificate.get::<SubjectAltName>().ok().flatten()?;
    san.0.iter().find_map(|name| match name {
        GeneralName::Rfc822Name(email) => Some(email.to_string()),
        _ => None,
    })
}

/// The person-readable subject of a certificate; the e-mail comes from the name or the SAN.
pub fn subject_of(cert: &Certificate) -> Subject {
    let mut subject = read_name(&cert.tbs_certificate.subject);
    if subject.email.is_none() {
        subject.email = san_email(cert);
    }
    subject
}

/// SHA-256 fingerprint of a certificate's DER encoding, lowercase hex.
pub fn fingerprint(cert: &Certificate) -> SigningResult<String> {
    let der = cert.to_der().map_err(|e| SigningError::crypto("encode certificate", e))?;
    Ok(hex::encode(Sha256::digest(der)))
}

/// A fresh positive 16-byte serial number.
fn random_serial() -> SigningResult<SerialNumber> {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    // Positive and of full length: clear the sign bit, keep the first byte non-zero.
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    SerialNumber::new(&bytes).map_err(|e| SigningError::crypto("serial number", e))
}

/// Validity from `now - BACKDATE` for `length`.
fn validity_from(now: DateTime<Utc>, length: Duration) -> SigningResult<Validity> {
    let start = SystemTime::from(now) - BACKDATE;
    let not_before = Time::try_from(start).map_err(|e| SigningError::crypto("certificate validity", e))?;
    let not_after = Time::try_from(start + length).map_err(|e| SigningError::crypto("certificate validity", e))?;
    Ok(Validity { not_before, not_after })
}

/// The SubjectPublicKeyInfo of a P-256 public key.
fn spki_of(key: &VerifyingKey) -> SigningResult<SubjectPublicKeyInfoOwned> {
    let der = key.to_public_key_der().map_err(|e| SigningError::crypto("encode public key", e))?;
    SubjectPublicKeyInfoOwned::try_from(der.as_bytes()).map_err(|e| SigningError::crypto("encode public key", e))
}

/// Create a self-signed root CA certificate for `root_key` (CA:true, keyCertSign, cRLSign).
pub fn build_root(root_key: &SigningKey, name: Name, now: DateTime<Utc>) -> SigningResult<Certificate> {
    let builder = CertificateBuilder::new(
        Profile::Root,
        random_serial()?,
        validity_from(now, ROOT_VALIDITY)?,
        name,
        spki_of(root_key.verifying_key())?,
        root_key,
    )
    .map_err(|e| SigningError::crypto("build root certificate", e))?;
    builder.build::<DerSignature>().map_err(|e| SigningError::crypto("sign root certificate", e))
}

/// Issue a signing certificate (digitalSignature + nonRepudiation, CA:false) for `subject_key`,
/// signed by the root CA `issuer_key`/`issuer`. The e-mail, if any, also goes in subjectAltName.
pub fn build_leaf(
    subject_key: &VerifyingKey,
    subject: Name,
    email: Option<&str>,
    issuer: &Certificate,
    issuer_key: &SigningKey,
    now: DateTime<Utc>,
) -> SigningResult<Certificate> {
    let profile =
        Profile::Leaf { issuer: issuer.tbs_certificate.subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let mut builder =
        CertificateBuilder::new(profile, random_serial()?, validity_from(now, LEAF_VALIDITY)?, subject, spki_of(subject_key)?, issuer_key)
            .map_err(|e| SigningError::crypto("build signing certificate", e))?;
    if let Some(email) = email {
        let ia5 = Ia5String::new(email).map_err(|_| SigningError::from(Invalid::EmailAscii { email: email.to_string() }))?;
        builder
            .add_extension(&SubjectAltName(vec![GeneralName::Rfc822Name(ia5)]))
            .map_err(|e| SigningError::crypto("subjectAltName", e))?;
    }
    builder.build::<DerSignature>().map_err(|e| SigningError::crypto("sign signing certificate", e))
}

/// A PKCS#10 certificate request for `key` with the given subject, to hand to an organisation's CA.
pub fn build_csr(key: &SigningKey, subject: Name) -> SigningResult<CertReq> {
    let builder = RequestBuilder::new(subject, key).map_err(|e| SigningError::crypto("build CSR", e))?;
    builder.build::<DerSignature>().map_err(|e| SigningError::crypto("sign CSR", e))
}

/// Parse every certificate in a PEM text (a chain file), in order.
pub fn certs_from_pem(pem: &str) -> SigningResult<Vec<Certificate>> {
    Certificate::load_pem_chain(pem.as_bytes()).map_err(|e| SigningError::crypto("read PEM certificates", e))
}

/// A certificate as PEM text.
pub fn cert_to_pem(cert: &Certificate) -> SigningResult<String> {
    use der::EncodePem;
    cert.to_pem(der::pem::LineEnding::LF).map_err(|e| SigningError::crypto("encode certificate", e))
}

/// The P-256 verifying key of a certificate; an error for any other key type.
pub fn p256_key_of(cert: &Certificate) -> SigningResult<VerifyingKey> {
    let spki_der = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|e| SigningError::crypto("read public key", e))?;
    use spki::DecodePublicKey;
    VerifyingKey::from_public_key_der(&spki_der).map_err(|_| {
        SigningError::from(Invalid::NotP256 {
            subject: subject_of(cert).common_name,
            algorithm: cert.tbs_certificate.subject_public_key_info.algorithm.oid.to_string(),
        })
    })
}

/// The certificate's validity as UTC times (notBefore, notAfter).
pub fn validity_of(cert: &Certificate) -> (DateTime<Utc>, DateTime<Utc>) {
    let v = &cert.tbs_certificate.validity;
    (DateTime::<Utc>::from(v.not_before.to_system_time()), DateTime::<Utc>::from(v.not_after.to_system_time()))
}
