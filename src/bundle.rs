//! Bundles: an assessment packed to move between machines (an auditor's laptop → the OEM office).
//!
//! A bundle is a zip: `assessment.json` (the [`AssessmentDocument`]), `evidence/<id>-<name>` (every
//! evidence file: supporting evidence, the original checksheet, the signed reports), and
//! `manifest.json` (SHA-256 and size of every entry) with `manifest.json.p7s`, a detached CMS
//! signature by the exporting auditor's identity.
//!
//! Invariants: import verifies the signature and every entry's hash before it touches the
//! database, refuses entries the manifest does not list, and then stores the assessment in one
//! transaction, idempotently (by the assessment's uid).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::document::{self, AssessmentDocument};
use crate::error::{Error, Result};
use crate::model::AssessmentId;
use crate::session::Session;
use crate::signing::{self, UnlockedIdentity, Verification};
use crate::store::sha256_hex;

/// Format tag of the manifest.
pub const FORMAT: &str = "tenken.bundle/1";
const DOCUMENT: &str = "assessment.json";
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.json.p7s";
/// Largest entry a bundle may hold when imported (evidence files included).
const MAX_ENTRY: u64 = 256 * 1024 * 1024;

/// One entry listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path inside the zip.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The assessment's uid.
    pub assessment_uid: String,
    /// When the bundle was made.
    pub created_at: String,
    /// Every entry but the manifest and its signature.
    pub entries: Vec<ManifestEntry>,
    /// The exporting database's audit-trail head when the bundle was made, so that database
    /// can be checked against the bundle (`tenken log --verify --against a.tenken`); absent in
    /// bundles made before Tenken recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trail_head: Option<crate::store::ChainHead>,
}

fn evidence_path(id: i64, name: &str) -> String {
    let safe: String = name.chars().map(|c| if c == '/' || c == '\\' { '_' } else { c }).collect();
    format!("evidence/{id}-{safe}")
}

/// Pack an assessment into a bundle at `out`, signed by `signer`. The manifest carries the
/// audit-trail head the bundle was made from, and the export appends an anchor to the trail
/// (that head signed by `signer`, see [`crate::trail`]) before the file is written; an
/// assessment that changed while the bundle was being made is refused.
pub fn export(session: &mut Session, id: AssessmentId, signer: &UnlockedIdentity, time: DateTime<Utc>, out: &Path) -> Result<Manifest> {
    // The head first: the document read next is at or after it (see `trail::refuse_changed_since`).
    let trail_head = session.store.trail_head()?;
    let doc = document::read(session, id)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![(DOCUMENT.into(), serde_json::to_vec_pretty(&doc).map_err(|e| Error::invalid(e.to_string()))?)];
    for e in &doc.evidence {
        files.push((evidence_path(e.id, &e.file_name), session.store.evidence_bytes(e.id)?));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        assessment_uid: doc.assessment.uid.clone(),
        created_at: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        entries: files.iter().map(|(p, b)| ManifestEntry { path: p.clone(), size: b.len() as u64, sha256: sha256_hex(b) }).collect(),
        trail_head: trail_head.clone(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::invalid(e.to_string()))?;
    let signature = signing::sign_detached(&manifest_bytes, signer, time)?;
    files.push((MANIFEST.into(), manifest_bytes));
    files.push((SIGNATURE.into(), signature));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in &files {
        zip.start_file(path.as_str(), opts).map_err(|e| Error::invalid(format!("writing the bundle: {e}")))?;
        zip.write_all(bytes).map_err(|e| Error::io(out, e))?;
    }
    let bytes = zip.finish().map_err(|e| Error::invalid(format!("writing the bundle: {e}")))?.into_inner();
    let uid = doc.assessment.uid.clone();
    session.store.write(|w| {
        crate::trail::refuse_changed_since(w, id, trail_head.as_ref())?;
        crate::trail::append_anchor(w, signer, id, &uid, "bundle-export", time)
    })?;
    crate::export::write_atomically(out, &bytes)?;
    Ok(manifest)
}

/// What a bundle import did.
#[derive(Debug, Clone, Serialize)]
pub struct BundleImport {
    /// The local assessment id.
    pub assessment_id: AssessmentId,
    /// False when the assessment was already there (nothing changed).
    pub created: bool,
    /// The assessment's uid.
    pub uid: String,
    /// Revision.
    pub revision: i64,
    /// The manifest signature's verification.
    pub signature: Verification,
}

fn bad(path: &Path, msg: impl std::fmt::Display) -> Error {
    Error::invalid(format!("{}: {msg}; nothing was imported", path.display()))
}

/// Read every entry of the zip (with a size cap per entry).
fn read_entries(path: &Path) -> Result<HashMap<String, Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(path, format!("not a Tenken bundle ({e})")))?;
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| bad(path, format!("damaged entry ({e})")))?;
        let name = entry.name().map(|n| n.to_string()).map_err(|e| bad(path, format!("bad entry name ({e})")))?;
        let mut bytes = Vec::new();
        entry.take(MAX_ENTRY + 1).read_to_end(&mut bytes).map_err(|e| bad(path, format!("entry {name} cannot be read ({e})")))?;
        if bytes.len() as u64 > MAX_ENTRY {
            return Err(bad(path, format!("entry {name} is larger than {MAX_ENTRY} bytes")));
        }
        out.insert(name, bytes);
    }
    Ok(out)
}

/// A bundle whose signature and every entry checked out.
pub struct CheckedBundle {
    /// The manifest signature's verification (valid).
    pub verification: Verification,
    /// The manifest.
    pub manifest: Manifest,
    entries: HashMap<String, Vec<u8>>,
}

/// Check a bundle without importing it: the manifest's signature, every entry's size and
/// SHA-256, and no entry outside the manifest. The first failure is the error, naming the entry.
pub fn check(path: &Path, trusted_roots: &[x509_cert::Certificate]) -> Result<CheckedBundle> {
    let mut entries = read_entries(path)?;
    let manifest_bytes = entries.remove(MANIFEST).ok_or_else(|| bad(path, "it has no manifest.json"))?;
    let signature = entries.remove(SIGNATURE).ok_or_else(|| bad(path, "its manifest is not signed (no manifest.json.p7s)"))?;
    let verification = signing::verify_detached(&manifest_bytes, &signature, trusted_roots);
    if !verification.is_valid() {
        return Err(bad(path, format!("the manifest signature is INVALID: {verification}")));
    }
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| bad(path, format!("manifest.json is malformed ({e})")))?;
    if manifest.format != FORMAT {
        return Err(bad(path, format!("unknown bundle format {}", manifest.format)));
    }
    for m in &manifest.entries {
        let bytes = entries.get(&m.path).ok_or_else(|| bad(path, format!("entry {} is missing", m.path)))?;
        if bytes.len() as u64 != m.size || sha256_hex(bytes) != m.sha256 {
            return Err(bad(path, format!("entry {} was changed after the bundle was signed (SHA-256 mismatch)", m.path)));
        }
    }
    if let Some(extra) = entries.keys().find(|k| !manifest.entries.iter().any(|m| &m.path == *k)) {
        return Err(bad(path, format!("entry {extra} is not in the signed manifest")));
    }
    Ok(CheckedBundle { verification, manifest, entries })
}

/// Verify a bundle and import its assessment (idempotently). A bundle whose signature or any
/// entry fails is refused with the entry named, and the database is not touched.
pub fn import(session: &mut Session, path: &Path, trusted_roots: &[x509_cert::Certificate]) -> Result<BundleImport> {
    let CheckedBundle { verification, manifest, mut entries } = check(path, trusted_roots)?;
    let doc: AssessmentDocument =
        serde_json::from_slice(entries.get(DOCUMENT).ok_or_else(|| bad(path, "it has no assessment.json"))?).map_err(|e| bad(path, format!("assessment.json is malformed ({e})")))?;
    if doc.assessment.uid != manifest.assessment_uid {
        return Err(bad(path, "assessment.json is not the assessment the manifest names"));
    }
    session.catalog(&doc.assessment.catalog_id, Some(&doc.assessment.catalog_version))?;
    let mut evidence = HashMap::new();
    for e in &doc.evidence {
        let p = evidence_path(e.id, &e.file_name);
        let bytes = entries.remove(&p).ok_or_else(|| bad(path, format!("entry {p} is missing")))?;
        evidence.insert(e.id, bytes);
    }
    let (assessment_id, created) = session.store.write(|w| w.insert_document(&doc, &evidence))?;
    Ok(BundleImport { assessment_id, created, uid: doc.assessment.uid.clone(), revision: doc.assessment.revision, signature: verification })
}
