//! Strict verification of Tenken's signatures: signed PDFs and detached `.p7s` files.
//!
//! Strict means any change is INVALID: a PDF's /ByteRange must start at 0, its gap must be
//! exactly the /Contents hex string, and it must end at the end of the file (anything
//! appended is "modified after signing"); the unused part of the /Contents reservation must be
//! zero; the CMS must be DER exactly as parsed (re-encoding gives the same bytes); its
//! messageDigest must equal the digest of the signed bytes; the ECDSA signature must verify
//! with the signing certificate's key; the signingCertificateV2 hash must match that
//! certificate; and every certificate link up to a self-signed root must verify. Whether the
//! root is trusted is reported, never a reason for INVALID.
//!
//! Signature algorithms (ECDSA P-256, RSA PKCS#1 v1.5 and RSASSA-PSS) are checked by
//! [`super::algorithms`]; other algorithms are reported as not verifiable, which is INVALID for
//! the signature itself. The content digest is SHA-256.

use chrono::{DateTime, Utc};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_SIGNED_DATA};
use der::oid::db::rfc5912::ID_SHA_256;
use der::{Decode, Encode, Reader, SliceReader};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::Certificate;

use super::algorithms;
use super::attributes;
use super::certificate::{fingerprint, subject_of, validity_of};
use super::pdf_signature::{find_byte_ranges, gap_follows_contents_key, read_entries};
use super::verification::{ChainSummary, SignedScope, SignerSummary, Verification};

/// The longest certificate chain followed (guards against loops in a hostile file).
const MAX_CHAIN: usize = 8;

/// Verify a detached CMS signature (`p7s`, DER) over `content` (the exact bytes of the file).
/// `trusted_roots` is the recipient's trust list; it only affects what is reported.
pub fn verify_detached(content: &[u8], p7s: &[u8], trusted_roots: &[Certificate]) -> Verification {
    let mut v = Verification::new();
    let digest: [u8; 32] = Sha256::digest(content).into();
    v.signed = Some(SignedScope::Detached {
        size: content.len() as u64,
        sha256: hex::encode(digest),
    });
    check_cms(&mut v, p7s, &digest, trusted_roots);
    if v.signing_time.is_none() {
        v.note("the signature carries no signing time");
    }
    v.conclude();
    v
}

/// Verify the signature of a signed PDF. Any byte changed anywhere, any non-zero byte in the
/// unused part of the signature reservation, or any byte appended after the signed range makes
/// it INVALID. `trusted_roots` is the recipient's trust list; it only affects what is reported.
pub fn verify_pdf(pdf: &[u8], trusted_roots: &[Certificate]) -> Verification {
    let len = pdf.len() as u64;
    let candidates: Vec<[u64; 4]> = find_byte_ranges(pdf)
        .into_iter()
        .map(|f| f.values)
        .filter(|r| r[0] == 0 && r[1] < r[2] && r[2] <= len)
        .collect();
    // The signature covering the most of the file is the one that speaks for the file.
    let Some(range) = candidates
        .iter()
        .copied()
        .max_by_key(|r| r[2].saturating_add(r[3]))
    else {
        return Verification::failed("the file holds no PDF signature (no usable /ByteRange)");
    };
    let mut v = Verification::new();
    if candidates.len() > 1 {
        v.note(format!(
            "the file holds {} signatures; the latest one is shown",
            candidates.len()
        ));
    }
    let [_, gap_start, gap_end, tail_len] = range.map(|n| n as usize);
    let covered_end = gap_end.saturating_add(tail_len);
    if covered_end < pdf.len() {
        v.fail(format!(
            "modified after signing: {} byte(s) were appended after the signed range (which ends at byte {covered_end} of {})",
            pdf.len() - covered_end,
            pdf.len()
        ));
    } else if covered_end > pdf.len() {
        v.fail(format!(
            "the file is shorter than its signed range ({covered_end} bytes signed, {} present)",
            pdf.len()
        ));
    }
    let tail_end = covered_end.min(pdf.len());
    let mut hasher = Sha256::new();
    hasher.update(&pdf[..gap_start]);
    hasher.update(&pdf[gap_end..tail_end]);
    let digest: [u8; 32] = hasher.finalize().into();
    v.signed = Some(SignedScope::Pdf {
        byte_range: range,
        file_size: len,
        ranges_sha256: hex::encode(digest),
    });

    if let Some(entries) = read_entries(pdf, range) {
        v.signing_time = entries.time;
        v.reason = entries.reason;
        match entries.sub_filter.as_deref() {
            Some("ETSI.CAdES.detached") | Some("adbe.pkcs7.detached") => {}
            Some(other) => v.fail(format!("unsupported signature /SubFilter {other}")),
            None => v.fail("the signature dictionary has no /SubFilter"),
        }
    } else {
        v.fail("the PDF structure cannot be read, so the signature dictionary cannot be checked");
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
fn contents_der(pdf: &[u8], gap_start: usize, gap_end: usize) -> Result<Vec<u8>, String> {
    let gap = &pdf[gap_start..gap_end];
    if gap.len() < 2
        || gap[0] != b'<'
        || gap[gap.len() - 1] != b'>'
        || !gap_follows_contents_key(pdf, gap_start)
    {
        return Err("the /ByteRange gap is not exactly the /Contents hex string".into());
    }
    let hex_digits = &gap[1..gap.len() - 1];
    if !hex_digits.iter().all(u8::is_ascii_hexdigit) || hex_digits.len() % 2 != 0 {
        return Err("the /Contents hex string holds a character that is not a hex digit".into());
    }
    let has_upper = hex_digits.iter().any(u8::is_ascii_uppercase);
    let has_lower = hex_digits.iter().any(u8::is_ascii_lowercase);
    if has_upper && has_lower {
        return Err("the /Contents hex string was altered (mixed letter case)".into());
    }
    let bytes = hex::decode(hex_digits)
        .map_err(|e| format!("the /Contents hex string is malformed: {e}"))?;
    let used =
        der_length(&bytes).ok_or("the /Contents value does not start with a DER structure")?;
    if bytes[used..].iter().any(|&b| b != 0) {
        return Err(
            "the unused part of the signature reservation was changed (it must be all zero)".into(),
        );
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
fn check_cms(
    v: &mut Verification,
    cms_der: &[u8],
    digest: &[u8; 32],
    trusted_roots: &[Certificate],
) {
    let signed_data = match parse_signed_data(cms_der) {
        Ok(sd) => sd,
        Err(problem) => return v.fail(problem),
    };
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
        return v.fail(format!("expected one signer, found {}", signers.len()));
    };
    check_structure(v, &signed_data, signer_info);
    let Some(cert) = find_signer_cert(&certs, &signer_info.sid) else {
        return v.fail("the signing certificate is not in the signature");
    };
    describe_signer(v, cert);
    check_signed_attributes(v, signer_info, cert, digest);
    check_signature_value(v, signer_info, cert);
    check_chain(v, cert, &certs, trusted_roots);
    if let Some(time) = v.signing_time {
        check_time(v, cert, time);
    }
}

/// Decode the ContentInfo and its SignedData; the bytes must be DER exactly.
fn parse_signed_data(cms_der: &[u8]) -> Result<SignedData, String> {
    let info = ContentInfo::from_der(cms_der)
        .map_err(|e| format!("the signature is not a readable CMS structure: {e}"))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(format!(
            "the signature is not CMS SignedData (content type {})",
            info.content_type
        ));
    }
    if info.to_der().ok().as_deref() != Some(cms_der) {
        return Err("the signature is not DER-encoded as signed (it was altered)".into());
    }
    let signed_data: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("the CMS SignedData cannot be read: {e}"))?;
    // Any field that parses but does not re-encode to the same bytes was altered.
    if signed_data.to_der().ok() != info.content.to_der().ok() {
        return Err("the CMS SignedData is not DER-encoded as signed (it was altered)".into());
    }
    Ok(signed_data)
}

/// Versions, algorithms and content type as Tenken writes them (RFC 5652 with P-256/SHA-256).
fn check_structure(v: &mut Verification, sd: &SignedData, si: &SignerInfo) {
    if sd.encap_content_info.econtent.is_some() {
        v.fail("the signature embeds its content; a detached signature was expected");
    }
    if sd.encap_content_info.econtent_type != ID_DATA {
        v.fail("the signed content type is not id-data");
    }
    let expected_si_version = match si.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => CmsVersion::V3,
    };
    if si.version != expected_si_version || !matches!(sd.version, CmsVersion::V1 | CmsVersion::V3) {
        v.fail("the CMS version numbers are inconsistent");
    }
    if si.digest_alg.oid != ID_SHA_256 || !sd.digest_algorithms.iter().any(|a| a.oid == ID_SHA_256)
    {
        v.fail(format!(
            "unsupported digest algorithm {} (SHA-256 expected)",
            si.digest_alg.oid
        ));
    }
    if sd.digest_algorithms.iter().any(|a| a.oid != ID_SHA_256) {
        v.fail("the signature lists a digest algorithm other than SHA-256");
    }
    if let Err(why) =
        algorithms::check_signer_info_algorithms(&si.signature_algorithm, &si.digest_alg)
    {
        v.fail(format!("unsupported signature algorithm: {why}"));
    }
    if si.unsigned_attrs.is_some() {
        v.note("the signature carries unsigned attributes (not covered by the signature)");
    }
}

/// The certificate the signer identifier points at.
fn find_signer_cert<'a>(
    certs: &'a [Certificate],
    sid: &SignerIdentifier,
) -> Option<&'a Certificate> {
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
        Ok(cert_sha256) => {
            v.signer = Some(SignerSummary {
                subject: subject_of(cert),
                cert_sha256,
                not_before,
                not_after,
            })
        }
        Err(e) => v.fail(format!("the signing certificate cannot be encoded: {e}")),
    }
}

/// contentType, messageDigest, signingCertificateV2 and signingTime.
fn check_signed_attributes(
    v: &mut Verification,
    si: &SignerInfo,
    cert: &Certificate,
    digest: &[u8; 32],
) {
    let Some(attrs) = si.signed_attrs.as_ref() else {
        return v.fail("the signature has no signed attributes");
    };
    let attrs: Vec<x509_cert::attr::Attribute> = attrs.iter().cloned().collect();
    let content_type = attributes::find_value(&attrs, ID_CONTENT_TYPE)
        .and_then(|a| a.decode_as::<der::oid::ObjectIdentifier>().ok());
    if content_type != Some(ID_DATA) {
        v.fail("the contentType attribute is missing or not id-data");
    }
    match attributes::read_message_digest(&attrs) {
        Some(found) if found.as_slice() == digest.as_slice() => {}
        Some(_) => v.fail("the signed bytes do not match the signature (message digest differs): the file was changed"),
        None => v.fail("the messageDigest attribute is missing"),
    }
    match attributes::read_signing_certificate_v2(&attrs) {
        Some(scv2) => {
            let hash = cert
                .to_der()
                .map(|der| Sha256::digest(der).to_vec())
                .unwrap_or_default();
            let first = scv2.certs.first();
            let matches = first.is_some_and(|id| {
                id.hash_algorithm
                    .as_ref()
                    .is_none_or(|a| a.oid == ID_SHA_256)
                    && id.cert_hash.as_bytes() == hash.as_slice()
            });
            if !matches {
                v.fail("the signingCertificateV2 attribute does not match the signing certificate");
            }
        }
        None => v.note("no signingCertificateV2 attribute (not PAdES/CAdES baseline)"),
    }
    if let Some(time) = attributes::read_signing_time(&attrs) {
        if v.signing_time.is_none() {
            v.signing_time = Some(time);
        }
    }
}

/// The signature over the DER of the signed attributes, with the certificate's key, under the
/// SignerInfo's algorithm (ECDSA, RSA PKCS#1 v1.5 or RSASSA-PSS: see [`algorithms`]).
fn check_signature_value(v: &mut Verification, si: &SignerInfo, cert: &Certificate) {
    let Some(signed) = si.signed_attrs.as_ref().and_then(|a| a.to_der().ok()) else {
        return v.fail("the signed attributes cannot be encoded");
    };
    match algorithms::verify_signer_info_signature(
        &cert.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm,
        &si.digest_alg,
        &signed,
        si.signature.as_bytes(),
    ) {
        Ok(true) => {}
        Ok(false) => v.fail("the signature does not verify with the signing certificate's key"),
        Err(why) => v.fail(format!("the signature cannot be checked: {why}")),
    }
}

/// Follow issuers from the signing certificate to a self-signed root, verifying each link.
fn check_chain(
    v: &mut Verification,
    leaf: &Certificate,
    certs: &[Certificate],
    trusted_roots: &[Certificate],
) {
    let mut summary = ChainSummary {
        chain_ok: true,
        ..ChainSummary::default()
    };
    let mut current = leaf;
    // The signer's certificate is bound by the signingCertificateV2 hash; the others count as
    // checked once their own signature has verified.
    let mut checked: Vec<&Certificate> = vec![leaf];
    for _ in 0..MAX_CHAIN {
        let self_issued = current.tbs_certificate.issuer == current.tbs_certificate.subject;
        let issuer = if self_issued {
            Some(current)
        } else {
            certs
                .iter()
                .find(|c| c.tbs_certificate.subject == current.tbs_certificate.issuer)
        };
        let Some(issuer) = issuer else {
            summary.chain_ok = false;
            v.note(format!(
                "the chain stops at {:?}: its issuer's certificate is not in the signature",
                subject_of(current).common_name
            ));
            break;
        };
        match link_verifies(current, issuer) {
            Ok(true) => checked.push(current),
            Ok(false) => {
                summary.chain_ok = false;
                v.fail(format!(
                    "the certificate {:?} is not validly signed by its issuer {:?}",
                    subject_of(current).common_name,
                    subject_of(issuer).common_name
                ));
                break;
            }
            Err(why) => {
                summary.chain_ok = false;
                v.note(format!(
                    "the chain cannot be checked past {:?}: {why}",
                    subject_of(current).common_name
                ));
                break;
            }
        }
        if self_issued {
            summary.root_name = Some(subject_of(current).common_name);
            summary.root_sha256 = fingerprint(current).ok();
            summary.root_trusted = is_trusted(current, trusted_roots);
            if !summary.root_trusted {
                v.note("the root certificate is not in your trust list (see docs/signatures.md to trust it)");
            }
            break;
        }
        current = issuer;
    }
    // Every certificate in the signature must be the signer's or a verified link of its chain:
    // one that is neither was added or altered after signing.
    for cert in certs {
        if !checked.contains(&cert) {
            summary.chain_ok = false;
            v.fail(format!(
                "the signature carries a certificate ({:?}) that is not a verified part of the signer's chain",
                subject_of(cert).common_name
            ));
        }
    }
    v.chain = summary;
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
    algorithms::verify_signature(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm,
        &tbs,
        sig_bytes,
    )
}

/// Whether the root is one of the trusted roots (same DER).
fn is_trusted(root: &Certificate, trusted_roots: &[Certificate]) -> bool {
    trusted_roots.iter().any(|t| t == root)
}

/// The signing time must fall within the signing certificate's validity.
fn check_time(v: &mut Verification, cert: &Certificate, time: DateTime<Utc>) {
    let (not_before, not_after) = validity_of(cert);
    if time < not_before || time > not_after {
        v.fail(format!(
            "signed at {time}, outside the signing certificate's validity ({not_before} – {not_after})"
        ));
    } else if Utc::now() > not_after {
        v.note(format!(
            "the signing certificate has expired since ({not_after})"
        ));
    }
}
