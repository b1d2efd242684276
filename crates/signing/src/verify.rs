//! Strict verification of Tenken's signatures: signed PDFs and detached `.p7s` files.
//!
//! Strict means any change is INVALID: a PDF's /ByteRange must start at 0, its gap must be
//! exactly the /Contents hex string, and it must end at the end of the file (anything
//! appended is "modified after signing"); the unused part of the /Contents reservation must be
//! zero; the CMS must be DER (any order of the elements of a SET OF is accepted, as every
//! encoder sorts differently, but the signature is checked over the signed attributes exactly
//! as they are in the file, RFC 5652 §5.4); its messageDigest must equal the digest of the
//! signed bytes; the signature must verify with the signing certificate's key; the
//! signingCertificateV2 hash must match that certificate; and the certificate path from the
//! signer to a trust anchor must follow the RFC 5280 rules (`path`). Whether the path reaches a
//! trusted root decides VALID or UNTRUSTED, never INVALID.
//!
//! The signing time is the signer's claim (/M or signingTime): no timestamp token is read, so
//! the result says so, and the certificates are checked as of that claimed time.
//!
//! Signature algorithms (ECDSA P-256, RSA PKCS#1 v1.5 and RSASSA-PSS) are checked by
//! [`super::algorithms`]; other algorithms are reported as not verifiable, which is INVALID for
//! the signature itself. The content digest is SHA-256.

use chrono::Utc;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_SIGNED_DATA};
use der::oid::db::rfc5912::ID_SHA_256;
use der::{Decode, Encode, Reader, SliceReader, Tag};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::Certificate;

use super::algorithms;
use super::attributes;
use super::certificate::{fingerprint, subject_of, validity_of};
use super::path::{self, PathEnd};
use super::pdf_signature::{find_byte_ranges, gap_follows_contents_key, read_entries};
use super::remark::Remark;
use super::verification::{ChainSummary, PathElement, SignedScope, SignerSummary, Verification};
use tenken_domain::notice::Notice;

/// id-aa-timeStampToken (RFC 3161 appendix A), an unsigned attribute Tenken does not check.
const ID_AA_TIME_STAMP_TOKEN: der::oid::ObjectIdentifier = der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// Verify a detached CMS signature (`p7s`, DER) over `content` (the exact bytes of the file).
/// `trusted_roots` is the recipient's trust list; it only affects what is reported.
pub fn verify_detached(content: &[u8], p7s: &[u8], trusted_roots: &[Certificate]) -> Verification {
    let mut v = Verification::new();
    let digest: [u8; 32] = Sha256::digest(content).into();
    v.signed = Some(SignedScope::Detached { size: content.len() as u64, sha256: hex::encode(digest) });
    check_cms(&mut v, p7s, &digest, trusted_roots);
    if v.signing_time.is_none() {
        v.note(Remark::NoSigningTime {});
    }
    v.conclude();
    v
}

/// Verify the signature of a signed PDF. Any byte changed anywhere, any non-zero byte in the
/// unused part of the signature reservation, or any byte appended after the signed range makes
/// it INVALID. `trusted_roots` is the recipient's trust list; it only affects what is reported.
pub fn verify_pdf(pdf: &[u8], trusted_roots: &[Certificate]) -> Verification {
    let len = pdf.len() as u64;
    let candidates: Vec<[u64; 4]> =
        find_byte_ranges(pdf).into_iter().map(|f| f.values).filter(|r| r[0] == 0 && r[1] < r[2] && r[2] <= len).collect();
    // The signature covering the most of the file is the one that speaks for the file.
    let Some(range) = candidates.iter().copied().max_by_key(|r| r[2].saturating_add(r[3])) else {
        return Verification::failed(Remark::NoPdfSignature {});
    };
    let mut v = Verification::new();
    if candidates.len() > 1 {
        v.note(Remark::SeveralSignatures { count: candidates.len() });
    }
    let [_, gap_start, gap_end, tail_len] = range.map(|n| n as usize);
    let covered_end = gap_end.saturating_add(tail_len);
    if covered_end < pdf.len() {
        v.fail(Remark::BytesAppended { appended: pdf.len() - covered_end, signed_end: covered_end, size: pdf.len() });
    } else if covered_end > pdf.len() {
        v.fail(Remark::FileTruncated { signed_end: covered_end, size: pdf.len() });
    }
    let tail_end = covered_end.min(pdf.len());
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..gap_start]);
    hasher.update(&pdf[gap_end..tail_end]);
    let digest: [u8; 32] = hasher.finalize().into();
    v.signed = Some(SignedScope::Pdf { byte_range: range, file_size: len, ranges_sha256: hex::encode(digest) });

    if let Some(entries) = read_entries(pdf, range) {
        v.signing_time = entries.time;
        v.reason = entries.reason;
        match entries.sub_filter.as_deref() {
            Some("ETSI.CAdES.detached") | Some("adbe.pkcs7.detached") => {}
            Some(other) => v.fail(Remark::UnsupportedSubFilter { sub_filter: other.to_string() }),
            None => v.fail(Remark::NoSubFilter {}),
        }
    } else {
        v.fail(Remark::PdfUnreadable {});
    }
    match contents_der(pdf, gap_start, gap_end) {
        Ok(cms) => check_cms(&mut v, &cms, &digest, trusted_roots),
        Err(problem) => v.fail(problem),
    }
    v.conclude();
    v
}

/// Check the gap of a /ByteRange and return the CMS DER inside it: the gap must be exactly the
/// `/Contents <hex>` value, the hex consistent in case, and everything after the DER zero.
fn contents_der(pdf: &[u8], gap_start: usize, gap_end: usize) -> Result<Vec<u8>, Remark> {
    let gap = &pdf[gap_start..gap_end];
    if gap.len() < 2 || gap[0] != b'<' || gap[gap.len() - 1] != b'>' || !gap_follows_contents_key(pdf, gap_start) {
        return Err(Remark::GapNotContents {});
    }
    let hex_digits = &gap[1..gap.len() - 1];
    if !hex_digits.iter().all(u8::is_ascii_hexdigit) || !hex_digits.len().is_multiple_of(2) {
        return Err(Remark::ContentsNotHex {});
    }
    let has_upper = hex_digits.iter().any(u8::is_ascii_uppercase);
    let has_lower = hex_digits.iter().any(u8::is_ascii_lowercase);
    if has_upper && has_lower {
        return Err(Remark::ContentsMixedCase {});
    }
    let bytes = hex::decode(hex_digits).map_err(|e| Remark::ContentsMalformed { detail: e.to_string() })?;
    let used = der_length(&bytes).ok_or(Remark::ContentsNotDer {})?;
    if bytes[used..].iter().any(|&b| b != 0) {
        return Err(Remark::ReservationChanged {});
    }
    Ok(bytes[..used].to_vec())
}

/// The length of the DER TLV at the start of `bytes`.
fn der_length(bytes: &[u8]) -> Option<usize> {
    let mut reader = SliceReader::new(bytes).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let total = usize::try_from(reader.position()).ok()? + usize::try_from(header.length).ok()?;
    (total <= bytes.len()).then_some(total)
}

/// Check a CMS SignedData over content with SHA-256 `digest`, filling `v`.
fn check_cms(v: &mut Verification, cms_der: &[u8], digest: &[u8; 32], trusted_roots: &[Certificate]) {
    let signed_data = match parse_signed_data(cms_der) {
        Ok(sd) => sd,
        Err(problem) => return v.fail(problem),
    };
    let signed_attrs = signed_attributes_as_in_file(cms_der);
    let certs: Vec<Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let signers: Vec<&SignerInfo> = signed_data.signer_infos.0.iter().collect();
    let [signer_info] = signers.as_slice() else {
        return v.fail(Remark::SignerCount { count: signers.len() });
    };
    check_structure(v, &signed_data, signer_info);
    let Some(cert) = find_signer_cert(&certs, &signer_info.sid) else {
        return v.fail(Remark::SignerCertMissing {});
    };
    describe_signer(v, cert);
    check_signed_attributes(v, signer_info, cert, digest);
    match signed_attrs.as_deref() {
        Some(bytes) => check_signature_value(v, signer_info, cert, bytes),
        None if signer_info.signed_attrs.is_some() => v.fail(Remark::SignedAttrsUnlocatable {}),
        // No signed attributes: already INVALID (check_signed_attributes).
        None => {}
    }
    note_time_claim(v, signer_info);
    check_chain(v, cert, &certs, trusted_roots);
}

/// Say what the signing time rests on: the signer's claim, since no timestamp is checked.
fn note_time_claim(v: &mut Verification, si: &SignerInfo) {
    let has_token = si.unsigned_attrs.as_ref().is_some_and(|attrs| attrs.iter().any(|a| a.oid == ID_AA_TIME_STAMP_TOKEN));
    if v.signing_time.is_some() {
        v.note(Remark::TimeIsClaim {});
    }
    if has_token {
        v.note(Remark::TimestampUnchecked {});
    }
}

/// Decode the ContentInfo and its SignedData (DER, as `der` reads it: definite lengths,
/// minimal encodings). The elements of a SET OF may come in any order: `der` sorts them while
/// decoding, so the structure is not compared with a re-encoding (OpenSSL's order of two
/// certificates differs from `der`'s); the bytes that are signed are taken from the file.
fn parse_signed_data(cms_der: &[u8]) -> Result<SignedData, Remark> {
    let info = ContentInfo::from_der(cms_der).map_err(|e| Remark::CmsUnreadable { detail: e.to_string() })?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(Remark::NotSignedData { content_type: info.content_type.to_string() });
    }
    info.content.decode_as().map_err(|e| Remark::SignedDataUnreadable { detail: e.to_string() })
}

/// The signed attributes of the (first) SignerInfo exactly as they are in `cms_der`, with the
/// `[0] IMPLICIT` tag replaced by SET OF: the bytes the signature covers (RFC 5652 §5.4).
/// `None` if the structure cannot be walked (then decoding has failed already) or there are no
/// signed attributes.
fn signed_attributes_as_in_file(cms_der: &[u8]) -> Option<Vec<u8>> {
    // ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT SignedData }
    let content_info = inner(cms_der, Tag::Sequence)?;
    let mut r = SliceReader::new(content_info).ok()?;
    r.tlv_bytes().ok()?; // contentType
    let explicit = r.tlv_bytes().ok()?;
    let signed_data = inner(inner_any(explicit)?, Tag::Sequence)?;
    // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
    //   [0] certificates OPTIONAL, [1] crls OPTIONAL, signerInfos SET OF SignerInfo }
    let mut r = SliceReader::new(signed_data).ok()?;
    let mut signer_infos = None;
    while !r.is_finished() {
        let tlv = r.tlv_bytes().ok()?;
        if tlv.first() == Some(&0x31) {
            signer_infos = Some(tlv);
        }
    }
    let signer_infos = inner(signer_infos?, Tag::Set)?;
    let first_signer = SliceReader::new(signer_infos).ok()?.tlv_bytes().ok()?;
    // SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] IMPLICIT signedAttrs OPTIONAL, … }
    let mut r = SliceReader::new(inner(first_signer, Tag::Sequence)?).ok()?;
    for _ in 0..3 {
        r.tlv_bytes().ok()?;
    }
    let attrs = r.tlv_bytes().ok()?;
    // [0] IMPLICIT, constructed: 0xA0; re-tagged as SET OF: 0x31.
    if attrs.first() != Some(&0xA0) {
        return None;
    }
    let mut bytes = attrs.to_vec();
    bytes[0] = 0x31;
    Some(bytes)
}

/// The value bytes of the TLV `tlv` if its tag is `tag`.
fn inner(tlv: &[u8], tag: Tag) -> Option<&[u8]> {
    let mut r = SliceReader::new(tlv).ok()?;
    let header = der::Header::decode(&mut r).ok()?;
    if header.tag != tag {
        return None;
    }
    r.read_slice(header.length).ok()
}

/// The value bytes of any TLV.
fn inner_any(tlv: &[u8]) -> Option<&[u8]> {
    let mut r = SliceReader::new(tlv).ok()?;
    let header = der::Header::decode(&mut r).ok()?;
    r.read_slice(header.length).ok()
}

/// Versions, algorithms and content type as Tenken writes them (RFC 5652 with P-256/SHA-256).
fn check_structure(v: &mut Verification, sd: &SignedData, si: &SignerInfo) {
    if sd.encap_content_info.econtent.is_some() {
        v.fail(Remark::EmbedsContent {});
    }
    if sd.encap_content_info.econtent_type != ID_DATA {
        v.fail(Remark::ContentTypeNotData {});
    }
    let expected_si_version = match si.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => CmsVersion::V3,
    };
    if si.version != expected_si_version || !matches!(sd.version, CmsVersion::V1 | CmsVersion::V3) {
        v.fail(Remark::VersionsInconsistent {});
    }
    if si.digest_alg.oid != ID_SHA_256 || !sd.digest_algorithms.iter().any(|a| a.oid == ID_SHA_256) {
        v.fail(Remark::DigestUnsupported { oid: si.digest_alg.oid.to_string() });
    }
    if sd.digest_algorithms.iter().any(|a| a.oid != ID_SHA_256) {
        v.fail(Remark::DigestListOther {});
    }
    if let Err(why) = algorithms::check_signer_info_algorithms(&si.signature_algorithm, &si.digest_alg) {
        v.fail(Remark::AlgorithmUnsupported { detail: why.to_string() });
    }
    if si.unsigned_attrs.is_some() {
        v.note(Remark::UnsignedAttrs {});
    }
}

/// The certificate the signer identifier points at.
fn find_signer_cert<'a>(certs: &'a [Certificate], sid: &SignerIdentifier) -> Option<&'a Certificate> {
    certs.iter().find(|c| match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            matches!(c.tbs_certificate.get::<SubjectKeyIdentifier>(), Ok(Some((_, own))) if own == *ski)
        }
    })
}

/// Fill in the signer summary.
fn describe_signer(v: &mut Verification, cert: &Certificate) {
    let (not_before, not_after) = validity_of(cert);
    match fingerprint(cert) {
        Ok(cert_sha256) => v.signer = Some(SignerSummary { subject: subject_of(cert), cert_sha256, not_before, not_after }),
        Err(e) => v.fail(Remark::SignerCertUnencodable { detail: e.to_string() }),
    }
}

/// contentType, messageDigest, signingCertificateV2 and signingTime.
fn check_signed_attributes(v: &mut Verification, si: &SignerInfo, cert: &Certificate, digest: &[u8; 32]) {
    let Some(attrs) = si.signed_attrs.as_ref() else {
        return v.fail(Remark::NoSignedAttrs {});
    };
    let attrs: Vec<x509_cert::attr::Attribute> = attrs.iter().cloned().collect();
    let content_type = attributes::find_value(&attrs, ID_CONTENT_TYPE).and_then(|a| a.decode_as::<der::oid::ObjectIdentifier>().ok());
    if content_type != Some(ID_DATA) {
        v.fail(Remark::ContentTypeAttr {});
    }
    match attributes::read_message_digest(&attrs) {
        Some(found) if found.as_slice() == digest.as_slice() => {}
        Some(_) => v.fail(Remark::DigestMismatch {}),
        None => v.fail(Remark::DigestMissing {}),
    }
    match attributes::read_signing_certificate_v2(&attrs) {
        Some(scv2) => {
            let hash = cert.to_der().map(|der| Sha256::digest(der).to_vec()).unwrap_or_default();
            let first = scv2.certs.first();
            let matches = first.is_some_and(|id| {
                id.hash_algorithm.as_ref().is_none_or(|a| a.oid == ID_SHA_256) && id.cert_hash.as_bytes() == hash.as_slice()
            });
            if !matches {
                v.fail(Remark::SigningCertMismatch {});
            }
        }
        None => v.note(Remark::NoSigningCertV2 {}),
    }
    if let Some(time) = attributes::read_signing_time(&attrs) {
        if v.signing_time.is_none() {
            v.signing_time = Some(time);
        }
    }
}

/// The signature over `signed` (the signed attributes as in the file, tagged as SET OF), with
/// the certificate's key, under the SignerInfo's algorithm (ECDSA, RSA PKCS#1 v1.5 or
/// RSASSA-PSS: see [`algorithms`]).
fn check_signature_value(v: &mut Verification, si: &SignerInfo, cert: &Certificate, signed: &[u8]) {
    match algorithms::verify_signer_info_signature(
        &cert.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm,
        &si.digest_alg,
        signed,
        si.signature.as_bytes(),
    ) {
        Ok(true) => {}
        Ok(false) => v.fail(Remark::KeyMismatch {}),
        Err(why) => v.fail(Remark::SignatureUncheckable { detail: why.to_string() }),
    }
}

/// Build the certificate path from the signer to a trust anchor (or a self-signed root) and
/// check the RFC 5280 rules on it at the signing time (now, if none is given); fill `v.chain`.
fn check_chain(v: &mut Verification, leaf: &Certificate, certs: &[Certificate], trusted_roots: &[Certificate]) {
    let at = v.signing_time.unwrap_or_else(Utc::now);
    let outcome = path::build_and_check(leaf, certs, trusted_roots, at, &link_verifies);
    for problem in &outcome.problems {
        v.fail(problem.clone());
    }
    for note in &outcome.notes {
        v.note(note.clone());
    }
    let top = outcome.certs.last().map(|(c, _)| c);
    let complete = matches!(outcome.end, PathEnd::Anchor | PathEnd::SelfSigned);
    let failure = if !outcome.problems.is_empty() {
        Some(Remark::RulesBroken { count: outcome.problems.len() })
    } else {
        match (outcome.end, top) {
            (PathEnd::Anchor, _) => None,
            (PathEnd::SelfSigned, Some(root)) => Some(Remark::RootNotTrusted { root: path::display_name(root) }),
            (_, Some(last)) => Some(outcome.stopped.clone().unwrap_or_else(|| Remark::IssuerNotFound {
                cert: path::display_name(last),
                issuer: last.tbs_certificate.issuer.to_string(),
            })),
            (_, None) => Some(Remark::NoPath {}),
        }
    };
    v.chain = ChainSummary {
        root_name: top.filter(|_| complete).map(|c| subject_of(c).common_name),
        root_sha256: top.filter(|_| complete).and_then(|c| fingerprint(c).ok()),
        chain_ok: complete && outcome.problems.is_empty(),
        root_trusted: outcome.end == PathEnd::Anchor,
        anchor: top.filter(|_| outcome.end == PathEnd::Anchor).map(path::fingerprint_or_unknown),
        failure: failure.map(Notice::from),
        path: outcome
            .certs
            .iter()
            .map(|(cert, role)| PathElement {
                subject: path::display_name(cert),
                sha256: path::fingerprint_or_unknown(cert),
                role: *role,
                embedded: certs.contains(cert),
            })
            .collect(),
    };
}

/// Whether `cert`'s signature verifies with `issuer`'s key; `Err` if the algorithm is one this
/// verifier does not check. The outer and inner signature algorithms must agree (RFC 5280).
fn link_verifies(cert: &Certificate, issuer: &Certificate) -> Result<bool, String> {
    if cert.signature_algorithm != cert.tbs_certificate.signature {
        return Ok(false);
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return Ok(false);
    };
    let Some(sig_bytes) = cert.signature.as_bytes() else {
        return Ok(false);
    };
    algorithms::verify_signature(&issuer.tbs_certificate.subject_public_key_info, &cert.signature_algorithm, &tbs, sig_bytes)
}
