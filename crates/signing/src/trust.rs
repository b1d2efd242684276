//! The recipient's trust list: the root certificates whose signatures count as VALID here.
//!
//! A signature is only as good as the certificate path behind it: anyone can make a key and a
//! certificate with the real auditor's name. Tenken therefore trusts nothing by default but the
//! roots the user added (`tenken trust add ROOT.pem`, after checking the fingerprint with the
//! signer) and the roots of the user's own signing identities.
//!
//! The list is a folder (`trust/` in the data directory) with one JSON file per root, named by
//! the root's SHA-256 fingerprint, holding its PEM, a name and when it was added.
//!
//! Invariant: reading the list never fails on one bad file — a damaged entry is reported by
//! [`TrustList::list`] and left out of [`anchors`]; nothing here decides validity (that is
//! `verify`'s job).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use der::Decode;
use serde::{Deserialize, Serialize};
use x509_cert::ext::pkix::BasicConstraints;
use x509_cert::Certificate;

use super::certificate::{self, fingerprint, subject_of, validity_of, Subject};
use super::error::{Invalid, SigningError, SigningResult};
use super::identity::Identity;

/// The shortest fingerprint prefix accepted by [`TrustList::remove`].
pub const MIN_PREFIX: usize = 8;

/// Where a trusted root comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrustSource {
    /// Added by the user to the trust list.
    List,
    /// The root of one of the user's own signing identities.
    OwnIdentity {
        /// The identity's id.
        id: String,
    },
}

/// One trusted root, as listed.
#[derive(Clone, Debug, Serialize)]
pub struct TrustedRoot {
    /// SHA-256 fingerprint of the certificate (lowercase hex).
    pub fingerprint: String,
    /// The name the user gave it (default: its CN).
    pub name: String,
    /// Who the certificate names.
    pub subject: Subject,
    /// End of its validity.
    pub not_after: DateTime<Utc>,
    /// When it was added (RFC 3339), for list entries.
    pub added_at: Option<String>,
    /// Where it comes from.
    pub source: TrustSource,
    /// The certificate itself.
    #[serde(skip)]
    pub certificate: Certificate,
}

/// The stored form of one entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    name: String,
    added_at: String,
    pem: String,
}

/// The trust list in one folder.
#[derive(Clone, Debug)]
pub struct TrustList {
    dir: PathBuf,
}

fn io(path: &Path, e: std::io::Error) -> SigningError {
    SigningError::io(path, e)
}

/// Whether the certificate says it is a CA (basicConstraints cA = TRUE).
fn is_ca(cert: &Certificate) -> bool {
    matches!(cert.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

/// Read one certificate from PEM or DER bytes; a file with several PEM certificates is refused
/// (the user must say which one is the root).
pub fn read_one_certificate(bytes: &[u8], what: &Path) -> SigningResult<Certificate> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains("-----BEGIN") {
            let mut certs = certificate::certs_from_pem(text)?;
            return match certs.len() {
                1 => Ok(certs.remove(0)),
                0 => Err(Invalid::TrustNoCertificate { file: what.display().to_string() }.into()),
                n => Err(Invalid::TrustSeveral { file: what.display().to_string(), count: n as u64 }.into()),
            };
        }
    }
    Certificate::from_der(bytes).map_err(|e| Invalid::TrustNotCertificate { file: what.display().to_string(), cause: e.to_string() }.into())
}

impl TrustList {
    /// The trust list kept in `dir` (created on the first [`add`](Self::add)).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        TrustList { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&self, fingerprint: &str) -> PathBuf {
        self.dir.join(format!("{fingerprint}.json"))
    }

    /// Trust `cert` as a root. It must be a CA certificate (basicConstraints cA = TRUE); adding
    /// one already there only renames it.
    pub fn add(&self, cert: &Certificate, name: Option<&str>) -> SigningResult<TrustedRoot> {
        let subject = subject_of(cert);
        if !is_ca(cert) {
            return Err(Invalid::NotCa { subject: subject.common_name }.into());
        }
        let fp = fingerprint(cert)?;
        let name = name.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).unwrap_or_else(|| subject.common_name.clone());
        let entry = Entry {
            name: name.clone(),
            added_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            pem: certificate::cert_to_pem(cert)?,
        };
        tenken_fsutil::create_private_dir(&self.dir).map_err(|e| io(&self.dir, e))?;
        let path = self.entry_path(&fp);
        let json = serde_json::to_vec_pretty(&entry).map_err(|e| SigningError::from(Invalid::TrustEncode { cause: e.to_string() }))?;
        tenken_fsutil::write_private_atomically(&path, &json).map_err(|e| io(&path, e))?;
        Ok(TrustedRoot {
            fingerprint: fp,
            name,
            subject,
            not_after: validity_of(cert).1,
            added_at: Some(entry.added_at),
            source: TrustSource::List,
            certificate: cert.clone(),
        })
    }

    /// Every root in the list, sorted by name, and a message for each entry that cannot be read.
    pub fn list(&self) -> SigningResult<(Vec<TrustedRoot>, Vec<String>)> {
        let mut roots = Vec::new();
        let mut damaged = Vec::new();
        let read_dir = match std::fs::read_dir(&self.dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((roots, damaged)),
            Err(e) => return Err(io(&self.dir, e)),
        };
        for item in read_dir {
            let path = item.map_err(|e| io(&self.dir, e))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            match read_entry(&path) {
                Ok(root) => roots.push(root),
                Err(why) => damaged.push(format!("{}: {why}", path.display())),
            }
        }
        roots.sort_by(|a, b| a.name.cmp(&b.name).then(a.fingerprint.cmp(&b.fingerprint)));
        Ok((roots, damaged))
    }

    /// Stop trusting the root whose fingerprint is `fingerprint` or starts with it (at least
    /// [`MIN_PREFIX`] hex digits, colons and case ignored, and matching one root only).
    pub fn remove(&self, fingerprint: &str) -> SigningResult<TrustedRoot> {
        let wanted: String = fingerprint.chars().filter(|c| *c != ':' && !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if wanted.len() < MIN_PREFIX || !wanted.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Invalid::NotFingerprint { fingerprint: fingerprint.to_string(), min: MIN_PREFIX as u64 }.into());
        }
        let (roots, _) = self.list()?;
        let matching: Vec<TrustedRoot> = roots.into_iter().filter(|r| r.fingerprint.starts_with(&wanted)).collect();
        match matching.as_slice() {
            [one] => {
                let path = self.entry_path(&one.fingerprint);
                std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
                Ok(one.clone())
            }
            [] => Err(Invalid::NoRoot { fingerprint: fingerprint.to_string() }.into()),
            many => Err(Invalid::RootsAmbiguous { count: many.len() as u64, fingerprint: fingerprint.to_string() }.into()),
        }
    }
}

fn read_entry(path: &Path) -> Result<TrustedRoot, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let entry: Entry = serde_json::from_slice(&bytes).map_err(|e| format!("not a trust entry ({e})"))?;
    let cert = read_one_certificate(entry.pem.as_bytes(), path).map_err(|e| e.to_string())?;
    let fp = fingerprint(&cert).map_err(|e| e.to_string())?;
    if path.file_stem().and_then(|s| s.to_str()) != Some(fp.as_str()) {
        return Err("the certificate inside is not the one the file name says".into());
    }
    Ok(TrustedRoot {
        fingerprint: fp,
        name: entry.name,
        subject: subject_of(&cert),
        not_after: validity_of(&cert).1,
        added_at: Some(entry.added_at),
        source: TrustSource::List,
        certificate: cert,
    })
}

/// The roots of the user's own signing identities in `identity_dir`.
pub fn own_roots(identity_dir: &Path) -> Vec<TrustedRoot> {
    Identity::list(identity_dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|i| {
            let root = i.root_certificate().ok().flatten()?;
            Some(TrustedRoot {
                fingerprint: fingerprint(&root).ok()?,
                name: subject_of(&root).common_name,
                subject: subject_of(&root),
                not_after: validity_of(&root).1,
                added_at: None,
                source: TrustSource::OwnIdentity { id: i.id.clone() },
                certificate: root,
            })
        })
        .collect()
}

/// The trust anchors to verify with: the trust list in `trust_dir` and the roots of the user's
/// own identities in `identity_dir` (damaged list entries left out).
pub fn anchors(trust_dir: &Path, identity_dir: &Path) -> Vec<Certificate> {
    let mut certs: Vec<Certificate> =
        TrustList::at(trust_dir).list().map(|(roots, _)| roots).unwrap_or_default().into_iter().map(|r| r.certificate).collect();
    for r in own_roots(identity_dir) {
        if !certs.contains(&r.certificate) {
            certs.push(r.certificate);
        }
    }
    certs
}
