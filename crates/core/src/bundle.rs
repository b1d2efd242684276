//! Bundles: an assessment packed to move between machines (an auditor's laptop → the OEM office).
//!
//! A bundle is a zip: `assessment.json` (the [`AssessmentDocument`]), `evidence/<id>-<name>` (every
//! evidence file: supporting evidence, the original checksheet, the signed reports), and
//! `manifest.json` (SHA-256 and size of every entry) with `manifest.json.p7s`, a detached CMS
//! signature by the exporting auditor's identity.
//!
//! Every bundle is read as if an attacker made it:
//! * the zip directory is read within a byte budget and [`MAX_ENTRIES`]; duplicate names are refused;
//! * `manifest.json` and its signature are read first, each capped ([`MAX_MANIFEST`],
//!   [`MAX_SIGNATURE`]), and the signature is checked before any other entry is read;
//! * the manifest's declared sizes are held to [`MAX_ENTRY`] (assessment.json: [`MAX_DOCUMENT`])
//!   and [`MAX_TOTAL`]; every other entry is then streamed through a limit of its declared size
//!   + 1 and hashed as it streams, so a zip bomb or a lying size stops at the first extra byte;
//! * import needs a trusted signer (VALID). An intact bundle from an unknown signer (UNTRUSTED)
//!   is imported only on the caller's explicit choice ([`ImportOptions::accept_untrusted`]),
//!   stored `in_review` (never `signed`), never as a revision of an assessment already here,
//!   with its provenance kept in `bundle_imports` and in the import's audit event. It does join
//!   an existing organisation of the same name (the OEM groups a supplier's records under one
//!   name), but it is marked untrusted wherever the assessment is shown.
//!
//! Invariants: nothing is written before the signature and every entry checked out; the import
//! is one transaction, idempotent by the assessment's uid; memory is bounded by the caps (the
//! largest entry and the directory budget), not by the bundle.
//!
//! Deliberately not done here: deciding whom to trust (that is `signing::trust`), and comparing
//! an already-imported assessment with a bundle of the same uid (the copy here stays as it is).

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::{self, AssessmentDocument};
use crate::error::{Error, Invalid, Result};
use crate::model::{AssessmentId, AssessmentStatus, BundleTrust};
use crate::notice::{nest_notice, with_reason, Notice, Params};
use crate::session::Session;
use crate::signing::{self, Status, UnlockedIdentity, Verification};
use tenken_store::sha256_hex;

/// Format tag of the manifest.
pub const FORMAT: &str = "tenken.bundle/1";
const DOCUMENT: &str = "assessment.json";
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.json.p7s";

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
/// Most entries a bundle may hold: an assessment of a few hundred items with a photo or two per
/// item stays far below it.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest entry (an evidence file: a scan, a video of a site walk); the same cap as evidence added by hand.
pub const MAX_ENTRY: u64 = 256 * MIB;
/// Largest total of all entries, uncompressed: what one import may write to the database.
pub const MAX_TOTAL: u64 = GIB;
/// Largest `manifest.json`: 10,000 entries take about 2 MiB.
pub const MAX_MANIFEST: u64 = 16 * MIB;
/// Largest `manifest.json.p7s`: a signature with its certificate chain takes a few KiB.
pub const MAX_SIGNATURE: u64 = MIB;
/// Largest `assessment.json`: it is parsed whole, so it has a cap of its own below [`MAX_ENTRY`].
pub const MAX_DOCUMENT: u64 = 64 * MIB;

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
    pub trail_head: Option<tenken_store::ChainHead>,
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
    let mut files: Vec<(String, Vec<u8>)> = vec![(DOCUMENT.into(), serde_json::to_vec_pretty(&doc).map_err(encode)?)];
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
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(encode)?;
    let signature = signing::sign_detached(&manifest_bytes, signer, time)?;
    files.push((MANIFEST.into(), manifest_bytes));
    files.push((SIGNATURE.into(), signature));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in &files {
        zip.start_file(path.as_str(), opts).map_err(bundle_write)?;
        zip.write_all(bytes).map_err(|e| Error::io(out, e))?;
    }
    let bytes = zip.finish().map_err(bundle_write)?.into_inner();
    let uid = doc.assessment.uid.clone();
    session.store.write_as(|w| -> Result<_> {
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
    /// The status it was stored with (an untrusted bundle is never stored as signed).
    pub status: AssessmentStatus,
    /// The manifest signature's verification (VALID, or UNTRUSTED when accepted).
    pub signature: Verification,
    /// Where the stored assessment came from, as recorded (also for `created == false`: the
    /// provenance of the copy already here, if it came from a bundle).
    pub provenance: Option<Provenance>,
}

/// The choice a user makes about a bundle whose signer is not trusted here.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Import an intact bundle whose signer does not lead to a trusted root, marked untrusted
    /// (status `in_review`, never `signed`, never linked as a revision). An INVALID bundle is
    /// refused whatever this says.
    pub accept_untrusted: bool,
}

/// Where an assessment imported from a bundle came from (kept by the store in `bundle_imports`).
pub type Provenance = tenken_domain::model::BundleProvenance;

/// The provenance of a bundle whose manifest verified as `verification` (VALID or UNTRUSTED).
fn provenance_of(verification: &Verification, manifest: &Manifest, manifest_sha256: &str) -> Provenance {
    Provenance {
        trust: if verification.status == Status::Valid { BundleTrust::Valid } else { BundleTrust::Untrusted },
        signer: verification.signer.as_ref().map(|s| s.subject.common_name.clone()),
        signer_cert_sha256: verification.signer.as_ref().map(|s| s.cert_sha256.clone()),
        root_sha256: verification.chain.root_sha256.clone(),
        manifest_sha256: manifest_sha256.to_string(),
        bundle_created_at: manifest.created_at.clone(),
        imported_at: String::new(),
    }
}

/// Why a bundle was refused. Every message names the bundle file and, where there is one, the entry.
///
/// The params (for the app's text in either language) are the values each message is made of;
/// the situations one code covers are told apart by `reason` (see [`Unrecognised`],
/// [`OverLimit`], [`EntryProblem`]).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The file is not a zip, or not one that Tenken writes.
    #[error("{}: not a Tenken bundle: {reason}", path.display())]
    NotABundle {
        /// The bundle file.
        path: PathBuf,
        /// What is wrong.
        reason: Unrecognised,
    },
    /// The bundle is over one of the caps ([`MAX_ENTRIES`], [`MAX_ENTRY`], [`MAX_TOTAL`], …).
    #[error("{}: {over}", path.display())]
    OverLimit {
        /// The bundle file.
        path: PathBuf,
        /// Which cap, what passes it and the cap in words.
        over: OverLimit,
    },
    /// An entry is missing, extra, damaged or differs from the signed manifest.
    #[error("{}: entry {entry} {problem}", path.display())]
    Entry {
        /// The bundle file.
        path: PathBuf,
        /// The entry's name inside the zip.
        entry: String,
        /// What is wrong with it.
        problem: EntryProblem,
    },
    /// The manifest signature is altered or broken.
    #[error("{}: the manifest signature is INVALID: {problems}", path.display())]
    InvalidSignature {
        /// The bundle file.
        path: PathBuf,
        /// The verifier's problems, joined (or its status word when it names none).
        problems: String,
        /// The verifier's first problem, for the app's text (boxed: every result of the
        /// application layer carries this error's size).
        first: Option<Box<Notice>>,
    },
    /// The manifest signature is intact but its signer does not lead to a trusted root.
    #[error(
        "{}: the bundle is intact, but it is signed by \"{signer}\" (certificate SHA-256 {cert_sha256}), \
         who is not in your trust list, so anyone could have made it. Check that fingerprint with the signer \
         (by phone, not by e-mail), then trust their root certificate (tenken trust add ROOT.pem) and import again; \
         or import it marked untrusted (never as signed) with --accept-untrusted",
        path.display()
    )]
    Untrusted {
        /// The bundle file.
        path: PathBuf,
        /// The signer's name as the certificate claims it.
        signer: String,
        /// SHA-256 of the signing certificate, hex.
        cert_sha256: String,
        /// The whole verification, for a caller that shows more (the app).
        verification: Box<Verification>,
    },
    /// An untrusted bundle claims to be a revision of an assessment already here.
    #[error(
        "{}: the bundle is revision {revision} of assessment {existing} (uid {previous_uid}) already in this database, \
         but its signer is not trusted; a revision of an existing assessment must come from a trusted signer \
         (--accept-untrusted does not allow it, since it would continue a real record). Trust the signer's root \
         (tenken trust add ROOT.pem) after checking its fingerprint {cert_sha256}",
        path.display()
    )]
    UntrustedRevision {
        /// The bundle file.
        path: PathBuf,
        /// The bundle's revision number.
        revision: i64,
        /// The uid of the revision it continues.
        previous_uid: String,
        /// The local id of that revision.
        existing: AssessmentId,
        /// SHA-256 of the signing certificate, hex.
        cert_sha256: String,
    },
}

tenken_domain::notices! {
    /// Why a file is not a Tenken bundle (`bundle.not_a_bundle`); a `cause` is the zip or JSON
    /// reader's own message.
    pub enum Unrecognised {
        /// The zip reader refuses it.
        NotAZip { cause: String } = "not_a_zip" => "it is not a readable zip ({cause})",
        /// Two entries of one name.
        DuplicateNames {} = "duplicate_names" => "two of its entries have the same name",
        /// An entry name that does not decode.
        EntryName { cause: String } = "entry_name" => "an entry name cannot be read ({cause})",
        /// No manifest.json.
        NoManifest {} = "no_manifest" => "it has no manifest.json",
        /// No manifest.json.p7s.
        NotSigned {} = "not_signed" => "its manifest is not signed (no manifest.json.p7s)",
        /// manifest.json is not the manifest's JSON.
        ManifestMalformed { cause: String } = "manifest_malformed" => "manifest.json is malformed ({cause})",
        /// A format this Tenken does not know.
        UnknownFormat { format: String } = "unknown_format" => "unknown bundle format {format:?}",
        /// No assessment.json.
        NoDocument {} = "no_document" => "it has no assessment.json",
        /// An evidence file of the document without its entry.
        NoEvidenceEntry { id: i64 } = "no_evidence_entry" => "evidence {id} has no entry",
    }
}

tenken_domain::notices! {
    /// Which cap a bundle passes (`bundle.over_limit`); sizes are in MiB/GiB as written.
    pub enum OverLimit {
        /// The zip directory is larger than [`MAX_DIRECTORY_READ`].
        Directory { limit: u64 } = "directory"
            => "its zip directory is larger than 16 MiB; a bundle may hold at most {limit} entries",
        /// More zip entries than [`MAX_ENTRIES`].
        Entries { count: u64, limit: u64 } = "entries" => "it holds {count} entries; a bundle may hold at most {limit} entries",
        /// A small entry (manifest, signature) larger than its cap.
        Entry { entry: String, cap: String } = "entry" => "{entry} is larger than {cap}; a bundle may hold at most {cap} for {entry}",
        /// More manifest entries than [`MAX_ENTRIES`].
        ManifestEntries { count: u64, limit: u64 } = "manifest_entries"
            => "its manifest lists {count} entries; a bundle may hold at most {limit} entries",
        /// An entry declaring more bytes than its cap.
        Declared { entry: String, size: u64, cap: String } = "declared"
            => "entry {entry} declares {size} bytes; a bundle may hold at most {cap} per entry",
        /// Entries declaring more than [`MAX_TOTAL`] together.
        Total { limit: String } = "total" => "its entries declare more than {limit} in total; a bundle may hold at most {limit}",
    }
}

tenken_domain::notices! {
    /// What is wrong with an entry of a bundle (`bundle.entry`); a `cause` is the zip or JSON
    /// reader's own message.
    pub enum EntryProblem {
        /// The entry cannot be read.
        Unreadable { cause: String } = "unreadable" => "cannot be read ({cause})",
        /// More bytes than declared.
        Longer { size: u64 } = "longer" => "holds more than the {size} bytes the signed manifest declares",
        /// Other bytes than declared.
        Size { read: u64, size: u64 } = "size" => "holds {read} bytes, but the signed manifest declares {size}",
        /// Another SHA-256 than the manifest's.
        Changed {} = "changed" => "was changed after the bundle was signed (SHA-256 mismatch)",
        /// Listed twice (or named like the manifest).
        ListedTwice {} = "listed_twice" => "is listed twice in the manifest",
        /// A SHA-256 that is not 64 hex digits.
        BadHash { sha256: String } = "bad_hash" => "has a malformed SHA-256 in the manifest ({sha256:?})",
        /// Listed but not in the zip.
        Missing {} = "missing" => "is missing (it is listed in the signed manifest)",
        /// In the zip but not listed.
        NotInManifest {} = "not_in_manifest" => "is not in the signed manifest",
        /// assessment.json is not an assessment document.
        Malformed { cause: String } = "malformed" => "is malformed ({cause})",
        /// assessment.json is another assessment than the manifest names.
        OtherAssessment {} = "other_assessment" => "is not the assessment the manifest names",
        /// An evidence file the document lists that the manifest lacks.
        MissingEvidence {} = "missing_evidence" => "is missing (assessment.json lists it)",
        /// The document lists an evidence file twice.
        EvidenceTwice { id: i64 } = "evidence_twice" => "lists evidence {id} twice",
        /// An entry that is no evidence file of the document.
        NotEvidence {} = "not_evidence" => "is not an evidence file of assessment.json",
    }
}

impl BundleError {
    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each (`problem`: the verifier's first problem is nested; `status`: it named none).
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[
        ("bundle.not_a_bundle", Unrecognised::CODES),
        ("bundle.over_limit", OverLimit::CODES),
        ("bundle.entry", EntryProblem::CODES),
        ("bundle.invalid_signature", &["problem", "status"]),
    ];

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): always the bundle's `path`.
    pub fn params(&self) -> Params {
        let (path, mut p) = match self {
            BundleError::NotABundle { path, reason } => (path, with_reason(reason.code(), reason.params())),
            BundleError::OverLimit { path, over } => (path, with_reason(over.code(), over.params())),
            BundleError::Entry { path, entry, problem } => {
                let mut p = with_reason(problem.code(), problem.params());
                p.insert("entry".into(), entry.clone());
                (path, p)
            }
            BundleError::InvalidSignature { path, first, .. } => match first {
                Some(first) => {
                    let mut p = with_reason("problem", Params::new());
                    nest_notice(&mut p, first);
                    (path, p)
                }
                None => (path, with_reason("status", Params::new())),
            },
            BundleError::Untrusted { path, signer, cert_sha256, .. } => {
                (path, Params::from([("signer".to_string(), signer.clone()), ("cert_sha256".to_string(), cert_sha256.clone())]))
            }
            BundleError::UntrustedRevision { path, revision, previous_uid, existing, cert_sha256 } => (
                path,
                Params::from([
                    ("revision".to_string(), revision.to_string()),
                    ("previous_uid".to_string(), previous_uid.clone()),
                    ("existing".to_string(), existing.to_string()),
                    ("cert_sha256".to_string(), cert_sha256.clone()),
                ]),
            ),
        };
        p.insert("path".into(), path.display().to_string());
        p
    }

    /// Every code [`BundleError::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &[
        "bundle.not_a_bundle",
        "bundle.over_limit",
        "bundle.entry",
        "bundle.invalid_signature",
        "bundle.untrusted",
        "bundle.untrusted_revision",
    ];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::NotABundle { .. } => "bundle.not_a_bundle",
            BundleError::OverLimit { .. } => "bundle.over_limit",
            BundleError::Entry { .. } => "bundle.entry",
            BundleError::InvalidSignature { .. } => "bundle.invalid_signature",
            BundleError::Untrusted { .. } => "bundle.untrusted",
            BundleError::UntrustedRevision { .. } => "bundle.untrusted_revision",
        }
    }
}

/// Bytes the zip reader may read while it opens a bundle (end record and central directory):
/// 10,000 entries with long Japanese file names fit in well under 4 MiB, and this bounds what
/// the reader allocates for a directory that claims millions of entries.
const MAX_DIRECTORY_READ: u64 = 16 * MIB + 128 * 1024;

/// A file the zip reader reads through, with a byte budget: while the archive is opened the
/// budget is [`MAX_DIRECTORY_READ`], so no central directory, however it lies, makes the reader
/// read (and allocate for) more; afterwards it is lifted, because every entry is read through a
/// limit of its own.
struct BudgetedFile {
    file: std::fs::File,
    left: Rc<Cell<u64>>,
}

impl Read for BudgetedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.left.get();
        if left == 0 && !buf.is_empty() {
            return Err(std::io::Error::other("the zip directory is over its cap"));
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.file.read(&mut buf[..want])?;
        self.left.set(left - n as u64);
        Ok(n)
    }
}

impl Seek for BudgetedFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// An opened bundle: its zip directory read within the caps, and its entry names.
struct Archive {
    path: PathBuf,
    zip: zip::ZipArchive<BudgetedFile>,
    names: HashSet<String>,
}

impl Archive {
    /// Open the zip directory, within [`MAX_DIRECTORY_READ`] and [`MAX_ENTRIES`]; refuse
    /// duplicate names (two entries of one name: which one would be checked, which one stored?).
    fn open(path: &Path) -> Result<Archive> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let left = Rc::new(Cell::new(MAX_DIRECTORY_READ));
        let reader = BudgetedFile { file, left: Rc::clone(&left) };
        // The archive starts at byte 0, as Tenken writes it: no search for prepended data.
        let config = zip::read::Config { archive_offset: zip::read::ArchiveOffset::Known(0) };
        let zip = match zip::ZipArchive::with_config(config, reader) {
            Ok(z) => z,
            Err(_) if left.get() == 0 => {
                return Err(over(path, OverLimit::Directory { limit: MAX_ENTRIES as u64 }));
            }
            Err(e) => return Err(not_a_bundle(path, Unrecognised::NotAZip { cause: e.to_string() })),
        };
        left.set(u64::MAX);
        if zip.len() > MAX_ENTRIES {
            return Err(over(path, OverLimit::Entries { count: zip.len() as u64, limit: MAX_ENTRIES as u64 }));
        }
        if zip.has_duplicate_names() {
            return Err(not_a_bundle(path, Unrecognised::DuplicateNames {}));
        }
        let mut names = HashSet::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name.map_err(|e| not_a_bundle(path, Unrecognised::EntryName { cause: e.to_string() }))?;
            names.insert(name.into_owned());
        }
        Ok(Archive { path: path.to_path_buf(), zip, names })
    }

    /// The whole of a small entry (manifest, signature), read through `cap + 1` bytes.
    fn read_small(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>> {
        if !self.names.contains(name) {
            return Ok(None);
        }
        let path = self.path.clone();
        let entry = self.zip.by_name(name).map_err(|e| entry_error(&path, name, unreadable(e)))?;
        let mut bytes = Vec::new();
        entry.take(cap + 1).read_to_end(&mut bytes).map_err(|e| entry_error(&path, name, unreadable(e)))?;
        if bytes.len() as u64 > cap {
            return Err(over(&path, OverLimit::Entry { entry: name.to_string(), cap: human(cap) }));
        }
        Ok(Some(bytes))
    }

    /// Stream one entry listed in the manifest, reading at most its declared size + 1 bytes and
    /// hashing as it goes; the first difference (more bytes, fewer bytes, another SHA-256, a
    /// damaged deflate stream or CRC) is the error. With `keep`, the bytes are returned.
    fn stream(&mut self, m: &ManifestEntry, keep: bool) -> Result<Vec<u8>> {
        let path = self.path.clone();
        let fail = |problem: EntryProblem| entry_error(&path, &m.path, problem);
        let entry = self.zip.by_name(&m.path).map_err(|e| fail(unreadable(e)))?;
        let mut reader = entry.take(m.size + 1);
        // The declared size is capped (MAX_ENTRY) before any entry is read, so this is bounded.
        let mut kept = if keep { Vec::with_capacity(usize::try_from(m.size + 1).unwrap_or(0)) } else { Vec::new() };
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut read: u64 = 0;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(fail(unreadable(e))),
            };
            read += n as u64;
            if read > m.size {
                return Err(fail(EntryProblem::Longer { size: m.size }));
            }
            hasher.update(&buf[..n]);
            if keep {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        if read != m.size {
            return Err(fail(EntryProblem::Size { read, size: m.size }));
        }
        if hex::encode(hasher.finalize()) != m.sha256 {
            return Err(fail(EntryProblem::Changed {}));
        }
        Ok(kept)
    }
}

/// A bundle whose manifest was read within its caps and whose signature is intact (VALID or
/// UNTRUSTED); its other entries are not read yet.
struct Opened {
    archive: Archive,
    manifest: Manifest,
    manifest_sha256: String,
    verification: Verification,
}

/// Open a bundle, read and verify `manifest.json` and `manifest.json.p7s` (each capped) before
/// any other entry, and check the manifest against the caps and the zip's entry names.
fn open(path: &Path, trusted_roots: &[x509_cert::Certificate]) -> Result<Opened> {
    let mut archive = Archive::open(path)?;
    let manifest_bytes = archive.read_small(MANIFEST, MAX_MANIFEST)?.ok_or_else(|| not_a_bundle(path, Unrecognised::NoManifest {}))?;
    let signature = archive.read_small(SIGNATURE, MAX_SIGNATURE)?.ok_or_else(|| not_a_bundle(path, Unrecognised::NotSigned {}))?;
    let verification = signing::verify_detached(&manifest_bytes, &signature, trusted_roots);
    if !verification.is_intact() {
        let problems = if verification.problems.is_empty() { verification.status.word().to_string() } else { verification.problem_text() };
        let first = verification.problems.first().cloned().map(Box::new);
        return Err(BundleError::InvalidSignature { path: path.to_path_buf(), problems, first }.into());
    }
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| not_a_bundle(path, Unrecognised::ManifestMalformed { cause: e.to_string() }))?;
    if manifest.format != FORMAT {
        return Err(not_a_bundle(path, Unrecognised::UnknownFormat { format: manifest.format.clone() }));
    }
    check_manifest(path, &manifest, &archive.names)?;
    Ok(Opened { archive, manifest, manifest_sha256: sha256_hex(&manifest_bytes), verification })
}

/// The manifest against the caps and the zip: every path once, every size within its cap and
/// the total within [`MAX_TOTAL`], a SHA-256 that is 64 hex digits, no zip entry outside it and
/// no listed entry missing from the zip.
fn check_manifest(path: &Path, manifest: &Manifest, names: &HashSet<String>) -> Result<()> {
    if manifest.entries.len() > MAX_ENTRIES {
        return Err(over(path, OverLimit::ManifestEntries { count: manifest.entries.len() as u64, limit: MAX_ENTRIES as u64 }));
    }
    let mut listed = HashSet::with_capacity(manifest.entries.len());
    let mut total: u64 = 0;
    for m in &manifest.entries {
        if m.path == MANIFEST || m.path == SIGNATURE || !listed.insert(m.path.as_str()) {
            return Err(entry_error(path, &m.path, EntryProblem::ListedTwice {}));
        }
        let cap = if m.path == DOCUMENT { MAX_DOCUMENT } else { MAX_ENTRY };
        if m.size > cap {
            return Err(over(path, OverLimit::Declared { entry: m.path.clone(), size: m.size, cap: human(cap) }));
        }
        total = total.saturating_add(m.size);
        if total > MAX_TOTAL {
            return Err(over(path, OverLimit::Total { limit: human(MAX_TOTAL) }));
        }
        if m.sha256.len() != 64 || !m.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(entry_error(path, &m.path, EntryProblem::BadHash { sha256: m.sha256.clone() }));
        }
        if !names.contains(&m.path) {
            return Err(entry_error(path, &m.path, EntryProblem::Missing {}));
        }
    }
    let mut extra: Vec<&String> =
        names.iter().filter(|n| n.as_str() != MANIFEST && n.as_str() != SIGNATURE && !listed.contains(n.as_str())).collect();
    extra.sort();
    if let Some(name) = extra.first() {
        return Err(entry_error(path, name, EntryProblem::NotInManifest {}));
    }
    Ok(())
}

fn not_a_bundle(path: &Path, reason: Unrecognised) -> Error {
    BundleError::NotABundle { path: path.to_path_buf(), reason }.into()
}

fn over(path: &Path, over: OverLimit) -> Error {
    BundleError::OverLimit { path: path.to_path_buf(), over }.into()
}

fn entry_error(path: &Path, entry: &str, problem: EntryProblem) -> Error {
    BundleError::Entry { path: path.to_path_buf(), entry: entry.to_string(), problem }.into()
}

/// An entry the zip reader cannot read, with its message.
fn unreadable(e: impl std::fmt::Display) -> EntryProblem {
    EntryProblem::Unreadable { cause: e.to_string() }
}

/// A value that cannot be encoded as JSON, with the serialiser's message.
fn encode(e: serde_json::Error) -> Error {
    Invalid::Encode { cause: e.to_string() }.into()
}

/// The zip writer's failure.
fn bundle_write(e: zip::result::ZipError) -> Error {
    Invalid::BundleWrite { cause: e.to_string() }.into()
}

/// A byte count in MiB/GiB for messages.
fn human(bytes: u64) -> String {
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else {
        format!("{} MiB", bytes / MIB)
    }
}

/// A bundle whose manifest signature is intact and whose every entry matches the manifest.
pub struct CheckedBundle {
    /// The manifest signature's verification: VALID, or UNTRUSTED (intact, signer not trusted).
    pub verification: Verification,
    /// The manifest.
    pub manifest: Manifest,
    /// What the bundle holds, read from its (checked) assessment.json, for the person deciding
    /// whether to import it.
    pub contents: BundleContents,
}

/// What a checked bundle's assessment is: enough to recognise it before importing it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BundleContents {
    /// The assessment's uid.
    pub uid: String,
    /// Revision.
    pub revision: i64,
    /// Status in the bundle (an untrusted bundle is stored `in_review` whatever this says).
    pub status: AssessmentStatus,
    /// The organisation assessed.
    pub organisation: String,
    /// The catalog id and version.
    pub catalog_id: String,
    /// The catalog version.
    pub catalog_version: String,
    /// The auditor, when recorded.
    pub auditor: Option<String>,
    /// Item results, evidence files and findings it carries.
    pub results: u32,
    /// Evidence files.
    pub evidence: u32,
    /// Findings.
    pub findings: u32,
}

impl BundleContents {
    fn of(doc: &AssessmentDocument) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        BundleContents {
            uid: doc.assessment.uid.clone(),
            revision: doc.assessment.revision,
            status: doc.assessment.status,
            organisation: doc.organisation.name.clone(),
            catalog_id: doc.assessment.catalog_id.clone(),
            catalog_version: doc.assessment.catalog_version.clone(),
            auditor: doc.assessment.auditor.clone(),
            results: n(doc.results.len()),
            evidence: n(doc.evidence.len()),
            findings: n(doc.findings.len()),
        }
    }
}

/// Check a bundle without importing it: the manifest's signature (INVALID is the error; VALID
/// and UNTRUSTED are returned for the caller to judge), then every entry streamed against its
/// declared size and SHA-256, within the caps, and the document read as the import reads it.
/// The first failure is the error, naming the entry.
pub fn check(path: &Path, trusted_roots: &[x509_cert::Certificate]) -> Result<CheckedBundle> {
    let Opened { mut archive, manifest, verification, .. } = open(path, trusted_roots)?;
    let mut contents = None;
    for m in &manifest.entries {
        let keep = m.path == DOCUMENT;
        let bytes = archive.stream(m, keep)?;
        if keep {
            let doc = read_document(path, &bytes, &manifest)?;
            evidence_entries(path, &doc, &manifest)?;
            contents = Some(BundleContents::of(&doc));
        }
    }
    let contents = contents.ok_or_else(|| not_a_bundle(path, Unrecognised::NoDocument {}))?;
    Ok(CheckedBundle { verification, manifest, contents })
}

/// Parse a bundle's assessment.json and check that it is the assessment its manifest names.
fn read_document(path: &Path, bytes: &[u8], manifest: &Manifest) -> Result<AssessmentDocument> {
    let doc: AssessmentDocument =
        serde_json::from_slice(bytes).map_err(|e| entry_error(path, DOCUMENT, EntryProblem::Malformed { cause: e.to_string() }))?;
    if doc.assessment.uid != manifest.assessment_uid {
        return Err(entry_error(path, DOCUMENT, EntryProblem::OtherAssessment {}));
    }
    Ok(doc)
}

/// Verify a bundle and import its assessment (idempotently, by uid).
///
/// The signer must be trusted (VALID); an UNTRUSTED bundle is refused with its signer and
/// fingerprint ([`BundleError::Untrusted`]) unless `options.accept_untrusted`, and then it is
/// stored `in_review` (never `signed`), with its provenance recorded, and it may not continue an
/// assessment already here ([`BundleError::UntrustedRevision`]). Every entry is checked before
/// the transaction starts and again as it is stored, one at a time (memory: the largest entry,
/// not the bundle); the first failure rolls everything back.
pub fn import(
    session: &mut Session,
    path: &Path,
    trusted_roots: &[x509_cert::Certificate],
    options: ImportOptions,
) -> Result<BundleImport> {
    let Opened { mut archive, manifest, manifest_sha256, verification } = open(path, trusted_roots)?;
    let trusted = verification.is_valid();
    if !trusted && !options.accept_untrusted {
        let signer = verification.signer.as_ref();
        return Err(BundleError::Untrusted {
            path: path.to_path_buf(),
            signer: signer.map(|s| s.subject.common_name.clone()).unwrap_or_else(|| "?".into()),
            cert_sha256: signer.map(|s| s.cert_sha256.clone()).unwrap_or_else(|| "?".into()),
            verification: Box::new(verification),
        }
        .into());
    }
    let document_entry =
        manifest.entries.iter().find(|m| m.path == DOCUMENT).ok_or_else(|| not_a_bundle(path, Unrecognised::NoDocument {}))?;
    let doc_bytes = archive.stream(document_entry, true)?;
    let doc = read_document(path, &doc_bytes, &manifest)?;
    drop(doc_bytes);
    let evidence_entries = evidence_entries(path, &doc, &manifest)?;
    // Every entry once before anything is written: a bad one is refused without a transaction.
    for m in evidence_entries.values() {
        archive.stream(m, false)?;
    }
    session.catalog(&doc.assessment.catalog_id, Some(&doc.assessment.catalog_version))?;
    let mut provenance = provenance_of(&verification, &manifest, &manifest_sha256);
    let status = if trusted { doc.assessment.status } else { AssessmentStatus::InReview };
    let (assessment_id, created) = session.store.write_as(|w| -> Result<_> {
        if !trusted {
            if let Some(previous_uid) = &doc.previous_uid {
                if let Some(existing) = w.assessment_id_by_uid(previous_uid)? {
                    return Err(BundleError::UntrustedRevision {
                        path: path.to_path_buf(),
                        revision: doc.assessment.revision,
                        previous_uid: previous_uid.clone(),
                        existing,
                        cert_sha256: provenance.signer_cert_sha256.clone().unwrap_or_else(|| "?".into()),
                    }
                    .into());
                }
            }
        }
        w.insert_document(&doc, &provenance, status, &mut |e| {
            let m = evidence_entries.get(&e.id).ok_or_else(|| not_a_bundle(path, Unrecognised::NoEvidenceEntry { id: e.id }))?;
            archive.stream(m, true)
        })
    })?;
    let stored = session.store.bundle_provenance(assessment_id)?;
    if let Some(p) = &stored {
        provenance = p.clone();
    }
    let status = if created { status } else { session.store.assessment(assessment_id)?.status };
    Ok(BundleImport {
        assessment_id,
        created,
        uid: doc.assessment.uid.clone(),
        revision: doc.assessment.revision,
        status,
        signature: verification,
        provenance: if created { Some(provenance) } else { stored },
    })
}

/// The manifest entry of every evidence file the document lists; the manifest must list exactly
/// the document and those files (an entry nobody refers to is refused, not carried silently).
fn evidence_entries<'m>(path: &Path, doc: &AssessmentDocument, manifest: &'m Manifest) -> Result<HashMap<i64, &'m ManifestEntry>> {
    let by_path: HashMap<&str, &ManifestEntry> = manifest.entries.iter().map(|m| (m.path.as_str(), m)).collect();
    let mut out = HashMap::with_capacity(doc.evidence.len());
    for e in &doc.evidence {
        let p = evidence_path(e.id, &e.file_name);
        let m = by_path.get(p.as_str()).ok_or_else(|| entry_error(path, &p, EntryProblem::MissingEvidence {}))?;
        if out.insert(e.id, *m).is_some() {
            return Err(entry_error(path, DOCUMENT, EntryProblem::EvidenceTwice { id: e.id }));
        }
    }
    let referenced: HashSet<&str> = out.values().map(|m| m.path.as_str()).collect();
    if let Some(extra) = manifest.entries.iter().find(|m| m.path != DOCUMENT && !referenced.contains(m.path.as_str())) {
        return Err(entry_error(path, &extra.path, EntryProblem::NotEvidence {}));
    }
    Ok(out)
}
