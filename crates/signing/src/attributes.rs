//! CMS signed attributes beyond what the `cms` builder adds itself (contentType, messageDigest):
//! signingTime and the ESS signingCertificateV2 (RFC 5035) that binds the signature to the
//! signer's certificate, as PAdES and CAdES require.
//!
//! The ESS structures are declared with `der`'s derive macros (the `cms` 0.2 crate does not
//! define them); their encoding is the library's, not hand-written bytes.

use chrono::{DateTime, Utc};
use der::asn1::{OctetString, SetOfVec};
use der::oid::db::rfc5911::{ID_AA_SIGNING_CERTIFICATE_V_2, ID_MESSAGE_DIGEST, ID_SIGNING_TIME};
use der::oid::db::rfc5912::ID_SHA_256;
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;
use x509_cert::Certificate;

use super::error::{SigningError, SigningResult};

/// ESS `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SigningCertificateV2 {
    /// The signer's certificate first.
    pub certs: Vec<EssCertIdV2>,
    /// Policy information (never written by Tenken).
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// ESS `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`.
/// The DEFAULT is modelled as OPTIONAL: DER omits the default value, so both read the same.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct EssCertIdV2 {
    /// Hash algorithm of `cert_hash`; `None` means the DEFAULT, SHA-256 (DER leaves a
    /// DEFAULT value out, so SHA-256 is always written as `None`).
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    /// Hash of the whole DER certificate.
    pub cert_hash: OctetString,
    /// Issuer and serial number of the certificate.
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ESS `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct IssuerSerial {
    /// The issuer's name as a directoryName.
    pub issuer: Vec<GeneralName>,
    /// The certificate's serial number.
    pub serial_number: SerialNumber,
}

/// The SHA-256 algorithm identifier (absent parameters, as RFC 5754 prescribes).
pub fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: ID_SHA_256, parameters: None }
}

/// One attribute with one value.
fn attribute(oid: der::oid::ObjectIdentifier, value: Any) -> SigningResult<Attribute> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(|e| SigningError::crypto("signed attribute", e))?;
    Ok(Attribute { oid, values })
}

/// The signingTime attribute (UTCTime before 2050, as RFC 5652 requires).
pub fn signing_time(time: DateTime<Utc>) -> SigningResult<Attribute> {
    let time = Time::try_from(std::time::SystemTime::from(time)).map_err(|e| SigningError::crypto("signing time", e))?;
    let value = Any::encode_from(&time).map_err(|e| SigningError::crypto("signing time", e))?;
    attribute(ID_SIGNING_TIME, value)
}

/// The signingCertificateV2 attribute naming `cert` by SHA-256 hash and issuer/serial.
pub fn signing_certificate_v2(cert: &Certificate) -> SigningResult<Attribute> {
    let der = cert.to_der().map_err(|e| SigningError::crypto("encode certificate", e))?;
    let id = EssCertIdV2 {
        hash_algorithm: None,
        cert_hash: OctetString::new(Sha256::digest(&der).to_vec()).map_err(|e| SigningError::crypto("ESS", e))?,
        issuer_serial: Some(IssuerSerial {
            issuer: vec![GeneralName::DirectoryName(cert.tbs_certificate.issuer.clone())],
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
    };
    let value = SigningCertificateV2 { certs: vec![id], policies: None };
    let value = Any::encode_from(&value).map_err(|e| SigningError::crypto("signingCertificateV2", e))?;
    attribute(ID_AA_SIGNING_CERTIFICATE_V_2, value)
}

/// The single value of the attribute `oid`, if present exactly once with one value.
pub fn find_value(attrs: &[Attribute], oid: der::oid::ObjectIdentifier) -> Option<&Any> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let attr = found.next()?;
    if found.next().is_some() || attr.values.len() != 1 {
        return None;
    }
    attr.values.iter().next()
}

/// The messageDigest value.
pub fn read_message_digest(attrs: &[Attribute]) -> Option<Vec<u8>> {
    let any = find_value(attrs, ID_MESSAGE_DIGEST)?;
    let octets: OctetString = any.decode_as().ok()?;
    Some(octets.as_bytes().to_vec())
}

/// The signingTime value.
pub fn read_signing_time(attrs: &[Attribute]) -> Option<DateTime<Utc>> {
    let any = find_value(attrs, ID_SIGNING_TIME)?;
    let der = any.to_der().ok()?;
    let time = Time::from_der(&der).ok()?;
    Some(DateTime::<Utc>::from(time.to_system_time()))
}

/// The signingCertificateV2 value.
pub fn read_signing_certificate_v2(attrs: &[Attribute]) -> Option<SigningCertificateV2> {
    find_value(attrs, ID_AA_SIGNING_CERTIFICATE_V_2)?.decode_as().ok()
}
