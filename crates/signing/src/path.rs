//! Certificate path building and the RFC 5280 path rules, as they apply to a document signature.
//!
//! The path runs from the signer's certificate through the certificates carried in the
//! signature to a **trust anchor** (a certificate in the recipient's trust list, whether it is
//! embedded in the signature or not, and whether it is a root or an intermediate). When no
//! anchor can be reached the path is followed to a self-signed root carried in the signature
//! (the signature is then at best UNTRUSTED), or as far as issuers can be found.
//!
//! Rules checked on the path found (RFC 5280 §6.1, §4.2.1): for every issuer, basicConstraints
//! cA = TRUE, its pathLenConstraint, and keyCertSign when keyUsage is present; for the signer,
//! digitalSignature or nonRepudiation when keyUsage is present and a document-signing purpose
//! when extendedKeyUsage is present; for every certificate, validity at the signing time, no
//! critical extension this module does not process, no extension twice, the same signature
//! algorithm inside and outside the signed part, and exact name chaining (the issuer name of
//! each certificate equals the subject of the next one, compared as encoded).
//!
//! Certificates carried in the signature but not on the path are reported, never used to reach
//! an anchor, and never a reason for INVALID by themselves (signers legitimately embed whole
//! chains and cross-certificates).
//!
//! Deliberately not done: revocation (no CRL or OCSP is fetched: Tenken is offline), certificate
//! policies and policy constraints, name constraints (a critical one is an unsupported critical
//! extension, so INVALID), and the RFC 4518 case-insensitive name matching. The signature of
//! each link is checked by a function the caller passes (`verify::link_verifies`), so the
//! algorithms supported are the verifier's, not this module's.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use der::oid::db::rfc5280::{
    ANY_EXTENDED_KEY_USAGE, ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_EXT_KEY_USAGE,
    ID_CE_ISSUER_ALT_NAME, ID_CE_KEY_USAGE, ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER, ID_KP_EMAIL_PROTECTION,
    ID_PE_AUTHORITY_INFO_ACCESS,
};
use der::oid::ObjectIdentifier;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::Certificate;

use super::certificate::{fingerprint, subject_of, validity_of};
use super::remark::Remark;
use super::verification::PathRole;

/// The longest path followed, signer and anchor included (a hostile file cannot make a loop
/// or a long walk).
pub(crate) const MAX_PATH: usize = 8;

/// At most this many link signatures are checked while building (bounds the search when a
/// hostile file carries many certificates with the same subject).
const MAX_LINK_CHECKS: usize = 64;

/// At most this many complete candidate paths are compared.
const MAX_CANDIDATES: usize = 16;

/// id-kp-documentSigning (RFC 9336).
const ID_KP_DOCUMENT_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.36");

/// Adobe's Authentic Documents Trust purpose (1.2.840.113583.1.1.5), used by AATL certificates.
const ADOBE_AUTHENTIC_DOCUMENTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.5");

/// Extended key usages that allow signing a document.
const DOCUMENT_PURPOSES: [ObjectIdentifier; 4] =
    [ID_KP_DOCUMENT_SIGNING, ID_KP_EMAIL_PROTECTION, ANY_EXTENDED_KEY_USAGE, ADOBE_AUTHENTIC_DOCUMENTS];

/// Extensions this module processes or that carry no constraint a verifier must apply.
const UNDERSTOOD_EXTENSIONS: [ObjectIdentifier; 9] = [
    ID_CE_BASIC_CONSTRAINTS,
    ID_CE_KEY_USAGE,
    ID_CE_EXT_KEY_USAGE,
    ID_CE_SUBJECT_ALT_NAME,
    ID_CE_ISSUER_ALT_NAME,
    ID_CE_SUBJECT_KEY_IDENTIFIER,
    ID_CE_AUTHORITY_KEY_IDENTIFIER,
    ID_CE_CRL_DISTRIBUTION_POINTS,
    ID_PE_AUTHORITY_INFO_ACCESS,
];

/// How a path ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathEnd {
    /// At a certificate of the trust list.
    Anchor,
    /// At a self-signed root that is not trusted.
    SelfSigned,
    /// At a certificate whose issuer could not be found.
    IssuerNotFound,
}

/// Where a certificate of the search comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Anchor,
    Carried,
}

/// The result of building and checking a path.
#[derive(Debug)]
pub(crate) struct PathOutcome {
    /// The certificates, signer first, with their role.
    pub certs: Vec<(Certificate, PathRole)>,
    /// How the path ends.
    pub end: PathEnd,
    /// Path rules broken (each names the certificate and the rule): INVALID.
    pub problems: Vec<Remark>,
    /// Information (certificates expired since signing, carried certificates not used).
    pub notes: Vec<Remark>,
    /// Why the path stops before an anchor or a root, when a signature could not be checked.
    pub stopped: Option<Remark>,
}

/// Whether `cert` signed `child`: `Ok(true)` verified, `Ok(false)` does not verify, `Err` the
/// algorithm is not checked.
pub(crate) type LinkCheck<'f> = &'f dyn Fn(&Certificate, &Certificate) -> Result<bool, String>;

/// A candidate path: indexes into the pool, how it ends, and the link problems met on it.
struct Candidate {
    nodes: Vec<usize>,
    end: PathEnd,
    link_problems: Vec<Remark>,
    /// Why the path stops early, when a link could not be checked.
    stopped: Option<Remark>,
}

/// The search state.
struct Builder<'a> {
    pool: Vec<(&'a Certificate, Source)>,
    link: LinkCheck<'a>,
    cache: HashMap<(usize, usize), Result<bool, String>>,
    checks: usize,
    candidates: Vec<Candidate>,
}

/// The CN a person reads, or a fallback for a certificate without one.
fn name(cert: &Certificate) -> String {
    let cn = subject_of(cert).common_name;
    if cn.is_empty() {
        format!("(no CN, serial {})", cert.tbs_certificate.serial_number)
    } else {
        cn
    }
}

/// Whether the certificate names itself as issuer.
fn self_issued(cert: &Certificate) -> bool {
    cert.tbs_certificate.issuer == cert.tbs_certificate.subject
}

impl<'a> Builder<'a> {
    /// The cached result of checking that `child` is signed by `issuer`.
    fn link(&mut self, child: usize, issuer: usize) -> Option<Result<bool, String>> {
        if let Some(known) = self.cache.get(&(child, issuer)) {
            return Some(known.clone());
        }
        if self.checks >= MAX_LINK_CHECKS {
            return None;
        }
        self.checks += 1;
        let result = (self.link)(self.pool[child].0, self.pool[issuer].0);
        self.cache.insert((child, issuer), result.clone());
        Some(result)
    }

    /// Depth-first: extend `path` (whose last node is the current certificate) to every end.
    /// An issuer whose signature does not verify is not followed (it is not the issuer, RFC
    /// 4158); if no issuer is followed, the path ends here with the reason.
    fn extend(&mut self, path: &mut Vec<usize>, problems: &[Remark]) {
        if self.candidates.len() >= MAX_CANDIDATES {
            return;
        }
        let current = *path.last().expect("a path is never empty");
        let (cert, source) = self.pool[current];
        if source == Source::Anchor {
            return self.finish(path, PathEnd::Anchor, problems, None);
        }
        let own = if self_issued(cert) { self.link(current, current) } else { None };
        if own == Some(Ok(true)) {
            return self.finish(path, PathEnd::SelfSigned, problems, None);
        }
        let mut problems = problems.to_vec();
        if path.len() >= MAX_PATH {
            problems.push(Remark::PathTooLong { max: MAX_PATH, cert: name(cert) });
            return self.finish(path, PathEnd::IssuerNotFound, &problems, None);
        }
        if cert.signature_algorithm != cert.tbs_certificate.signature {
            problems.push(Remark::AlgorithmsDiffer { cert: name(cert) });
        }
        // Anchors come first in the pool, so a trusted issuer is tried before a carried one.
        let issuers: Vec<usize> = (0..self.pool.len())
            .filter(|&i| !path.contains(&i) && self.pool[i].0.tbs_certificate.subject == cert.tbs_certificate.issuer)
            .collect();
        let mut followed = false;
        let mut failed: Option<Remark> = None;
        let mut stopped: Option<Remark> = None;
        for issuer in issuers {
            let issuer_cert = self.pool[issuer].0;
            match self.link(current, issuer) {
                Some(Ok(true)) => {
                    followed = true;
                    path.push(issuer);
                    self.extend(path, &problems);
                    path.pop();
                }
                Some(Ok(false)) => {
                    failed.get_or_insert(Remark::NotSignedByIssuer { cert: name(cert), issuer: name(issuer_cert) });
                }
                // Not a broken rule: the path cannot be established, so it is not trusted.
                Some(Err(why)) => {
                    stopped.get_or_insert(Remark::LinkUncheckable { cert: name(cert), issuer: name(issuer_cert), detail: why });
                }
                None => {
                    failed.get_or_insert(Remark::SearchGaveUp { checks: MAX_LINK_CHECKS });
                    break;
                }
            }
        }
        if followed {
            return;
        }
        match own {
            Some(Ok(false)) => problems.push(Remark::SelfSignedInvalid { cert: name(cert) }),
            Some(Err(why)) => {
                stopped.get_or_insert(Remark::SelfSignedUncheckable { cert: name(cert), detail: why });
            }
            _ => {}
        }
        if let Some(problem) = failed {
            problems.push(problem);
        } else if !self_issued(cert) && stopped.is_none() {
            if let Some(problem) = self.misnamed_issuer(current) {
                problems.push(problem);
            }
        }
        self.finish(path, PathEnd::IssuerNotFound, &problems, stopped);
    }

    /// A certificate of the pool whose key verifies `child` although its subject is not the
    /// issuer `child` names: a name-chaining violation worth naming.
    fn misnamed_issuer(&mut self, child: usize) -> Option<Remark> {
        let cert = self.pool[child].0;
        for i in 0..self.pool.len() {
            if i == child {
                continue;
            }
            if self.link(child, i) == Some(Ok(true)) {
                return Some(Remark::NameChaining { cert: name(cert), signer: name(self.pool[i].0) });
            }
        }
        None
    }

    /// Record a complete candidate.
    fn finish(&mut self, path: &[usize], end: PathEnd, problems: &[Remark], stopped: Option<Remark>) {
        if self.candidates.len() < MAX_CANDIDATES {
            self.candidates.push(Candidate { nodes: path.to_vec(), end, link_problems: problems.to_vec(), stopped });
        }
    }
}

/// Build the path from `signer` through `carried` to one of `anchors` and check the rules at
/// `at` (the signing time). `link` checks one link's signature.
pub(crate) fn build_and_check(
    signer: &Certificate,
    carried: &[Certificate],
    anchors: &[Certificate],
    at: DateTime<Utc>,
    link: LinkCheck<'_>,
) -> PathOutcome {
    let mut pool: Vec<(&Certificate, Source)> = Vec::new();
    for a in anchors {
        if !pool.iter().any(|(c, _)| *c == a) {
            pool.push((a, Source::Anchor));
        }
    }
    let signer_index = match pool.iter().position(|(c, _)| *c == signer) {
        Some(i) => i,
        None => {
            pool.push((signer, Source::Carried));
            pool.len() - 1
        }
    };
    for c in carried {
        if !pool.iter().any(|(p, _)| *p == c) {
            pool.push((c, Source::Carried));
        }
    }
    let mut builder = Builder { pool, link, cache: HashMap::new(), checks: 0, candidates: Vec::new() };
    builder.extend(&mut vec![signer_index], &[]);

    // Rank each candidate: a clean path to an anchor first, then a broken one to an anchor,
    // then self-signed roots, then incomplete paths. Ties keep the search order.
    let mut best: Option<(u8, Candidate, Vec<Remark>)> = None;
    for candidate in std::mem::take(&mut builder.candidates) {
        let certs: Vec<&Certificate> = candidate.nodes.iter().map(|&i| builder.pool[i].0).collect();
        let mut problems = candidate.link_problems.clone();
        problems.extend(rule_problems(&certs, at));
        let rank = match (candidate.end, problems.is_empty()) {
            (PathEnd::Anchor, true) => 0,
            (PathEnd::Anchor, false) => 1,
            (PathEnd::SelfSigned, true) => 2,
            (PathEnd::SelfSigned, false) => 3,
            (PathEnd::IssuerNotFound, true) => 4,
            (PathEnd::IssuerNotFound, false) => 5,
        };
        if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
            best = Some((rank, candidate, problems));
        }
    }
    let Some((_, candidate, problems)) = best else {
        // `extend` always finishes at least one candidate; keep a safe answer all the same.
        return PathOutcome {
            certs: vec![(signer.clone(), PathRole::Signer)],
            end: PathEnd::IssuerNotFound,
            problems: vec![Remark::NoPathBuilt {}],
            notes: Vec::new(),
            stopped: None,
        };
    };

    let last = candidate.nodes.len() - 1;
    let certs: Vec<(Certificate, PathRole)> = candidate
        .nodes
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let role = if pos == 0 {
                PathRole::Signer
            } else if pos < last {
                PathRole::Intermediate
            } else {
                match candidate.end {
                    PathEnd::Anchor => PathRole::TrustAnchor,
                    PathEnd::SelfSigned => PathRole::UntrustedRoot,
                    PathEnd::IssuerNotFound => PathRole::Incomplete,
                }
            };
            (builder.pool[i].0.clone(), role)
        })
        .collect();
    let mut notes = expired_since(&certs, at);
    let unused: Vec<String> = carried.iter().filter(|c| !certs.iter().any(|(p, _)| p == *c)).map(name).collect();
    if !unused.is_empty() {
        notes.push(Remark::UnusedCertificates {
            count: unused.len(),
            names: unused.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", "),
        });
    }
    PathOutcome { certs, end: candidate.end, problems, notes, stopped: candidate.stopped }
}

/// Every path rule `path` (signer first) breaks at time `at`, each naming the certificate.
fn rule_problems(path: &[&Certificate], at: DateTime<Utc>) -> Vec<Remark> {
    let mut problems = Vec::new();
    for (pos, cert) in path.iter().enumerate() {
        let who = name(cert);
        let (not_before, not_after) = validity_of(cert);
        if at < not_before || at > not_after {
            let utc = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
            problems.push(Remark::NotValidAtTime {
                cert: who.clone(),
                at: utc(at),
                not_before: utc(not_before),
                not_after: utc(not_after),
            });
        }
        problems.extend(extension_problems(cert));
        if pos == 0 {
            problems.extend(signer_problems(cert));
        } else {
            // Intermediates below this issuer that are not self-issued count against its
            // pathLenConstraint (RFC 5280 §4.2.1.9); the signer does not.
            let below = path[1..pos].iter().filter(|c| !self_issued(c)).count();
            problems.extend(issuer_problems(cert, below));
        }
    }
    problems
}

/// Duplicated, unreadable or unsupported critical extensions.
fn extension_problems(cert: &Certificate) -> Vec<Remark> {
    let who = name(cert);
    let mut problems = Vec::new();
    let extensions = cert.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    for (i, ext) in extensions.iter().enumerate() {
        if extensions[..i].iter().any(|e| e.extn_id == ext.extn_id) {
            problems.push(Remark::ExtensionRepeated { cert: who.clone(), oid: ext.extn_id.to_string() });
        }
        if ext.critical && !UNDERSTOOD_EXTENSIONS.contains(&ext.extn_id) {
            problems.push(Remark::CriticalExtension { cert: who.clone(), oid: ext.extn_id.to_string() });
        }
    }
    problems
}

/// The rules for the signer's certificate: keyUsage and extendedKeyUsage.
fn signer_problems(cert: &Certificate) -> Vec<Remark> {
    let who = name(cert);
    let mut problems = Vec::new();
    match cert.tbs_certificate.get::<KeyUsage>() {
        Ok(None) => {}
        Ok(Some((_, ku))) => {
            if !ku.0.contains(KeyUsages::DigitalSignature) && !ku.0.contains(KeyUsages::NonRepudiation) {
                problems.push(Remark::SignerCannotSign { cert: who.clone() });
            }
        }
        Err(_) => problems.push(Remark::SignerKeyUsageUnreadable { cert: who.clone() }),
    }
    match cert.tbs_certificate.get::<ExtendedKeyUsage>() {
        Ok(None) => {}
        Ok(Some((_, eku))) => {
            if !eku.0.iter().any(|oid| DOCUMENT_PURPOSES.contains(oid)) {
                let listed: Vec<String> = eku.0.iter().map(ToString::to_string).collect();
                problems.push(Remark::SignerNotForDocuments { cert: who.clone(), purposes: listed.join(", ") });
            }
        }
        Err(_) => problems.push(Remark::SignerEkuUnreadable { cert: who.clone() }),
    }
    problems
}

/// The rules for a certificate that issued the one below it: a CA with keyCertSign, and a
/// pathLenConstraint not smaller than `intermediates_below`.
fn issuer_problems(cert: &Certificate, intermediates_below: usize) -> Vec<Remark> {
    let who = name(cert);
    let mut problems = Vec::new();
    match cert.tbs_certificate.get::<BasicConstraints>() {
        Ok(Some((_, bc))) if bc.ca => {
            if let Some(max) = bc.path_len_constraint {
                if intermediates_below > usize::from(max) {
                    problems.push(Remark::PathLenExceeded { cert: who.clone(), max, below: intermediates_below });
                }
            }
        }
        Ok(_) => problems.push(Remark::NotCa { cert: who.clone() }),
        Err(_) => problems.push(Remark::BasicConstraintsUnreadable { cert: who.clone() }),
    }
    match cert.tbs_certificate.get::<KeyUsage>() {
        Ok(None) => {}
        Ok(Some((_, ku))) => {
            if !ku.0.contains(KeyUsages::KeyCertSign) {
                problems.push(Remark::NoKeyCertSign { cert: who.clone() });
            }
        }
        Err(_) => problems.push(Remark::KeyUsageUnreadable { cert: who.clone() }),
    }
    problems
}

/// Notes for certificates of the path that were valid at `at` but have expired since.
fn expired_since(certs: &[(Certificate, PathRole)], at: DateTime<Utc>) -> Vec<Remark> {
    let now = Utc::now();
    certs
        .iter()
        .filter_map(|(cert, role)| {
            let (_, not_after) = validity_of(cert);
            (now > not_after && at <= not_after).then(|| {
                let (cert, date) = (name(cert), not_after.format("%Y-%m-%d").to_string());
                if *role == PathRole::Signer {
                    Remark::SignerExpiredSince { cert, date }
                } else {
                    Remark::CaExpiredSince { cert, date }
                }
            })
        })
        .collect()
}

/// The SHA-256 of a certificate, or a placeholder if it cannot be encoded.
pub(crate) fn fingerprint_or_unknown(cert: &Certificate) -> String {
    fingerprint(cert).unwrap_or_else(|_| "(cannot be encoded)".into())
}

/// The CN of a certificate as shown on the path.
pub(crate) fn display_name(cert: &Certificate) -> String {
    name(cert)
}
