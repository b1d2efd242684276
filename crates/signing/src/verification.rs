//! The outcome of checking a signature, ready to print.
//!
//! Three outcomes, everywhere a signature is shown (CLI, app, bundle import):
//! * **VALID** — intact, and the signer's certificate path leads to a root in the recipient's
//!   trust list;
//! * **UNTRUSTED** — intact, but no path to a trusted root was found: anyone can make such a
//!   signature with a home-made certificate, so it proves nothing about who signed;
//! * **INVALID** — altered, broken, or against the certificate path rules.
//!
//! A problem makes it INVALID whatever the trust; trust is decided last ([`Verification::conclude`]).

use std::fmt;

use chrono::{DateTime, Utc};

use tenken_domain::notice::Notice;

use super::appearance::display_time;
use super::certificate::Subject;
use super::remark::Remark;

/// VALID, UNTRUSTED or INVALID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Intact, and the chain leads to a trusted root.
    Valid,
    /// Intact, but no path to a trusted root: the signer's identity is not established.
    Untrusted,
    /// At least one check failed; see [`Verification::problems`].
    Invalid,
}

impl Status {
    /// The word printed for it: `VALID`, `UNTRUSTED` or `INVALID`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Valid => "VALID",
            Status::Untrusted => "UNTRUSTED",
            Status::Invalid => "INVALID",
        }
    }
}

/// The signer as named by the signing certificate.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SignerSummary {
    /// CN, O and e-mail of the signing certificate.
    pub subject: Subject,
    /// SHA-256 fingerprint (hex) of the signing certificate.
    pub cert_sha256: String,
    /// Validity start of the signing certificate.
    pub not_before: DateTime<Utc>,
    /// Validity end of the signing certificate.
    pub not_after: DateTime<Utc>,
}

/// What the signature covers.
#[derive(Clone, Debug, serde::Serialize)]
pub enum SignedScope {
    /// A PDF's /ByteRange.
    Pdf {
        /// The four /ByteRange numbers.
        byte_range: [u64; 4],
        /// Size of the file checked.
        file_size: u64,
        /// SHA-256 (hex) over the two ranges.
        ranges_sha256: String,
    },
    /// A whole file signed by a detached `.p7s`.
    Detached {
        /// Size of the content file.
        size: u64,
        /// SHA-256 (hex) of the content file.
        sha256: String,
    },
}

/// What a certificate is on the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PathRole {
    /// The signer's certificate (first on the path).
    Signer,
    /// A CA certificate between the signer and the end of the path.
    Intermediate,
    /// The certificate from the trust list that ends the path.
    TrustAnchor,
    /// A self-signed root carried in the signature but not in the trust list.
    UntrustedRoot,
    /// The last certificate found; its issuer is neither carried nor trusted.
    Incomplete,
}

impl PathRole {
    /// How the role is printed.
    pub fn word(self) -> &'static str {
        match self {
            PathRole::Signer => "signer",
            PathRole::Intermediate => "intermediate CA",
            PathRole::TrustAnchor => "trust anchor",
            PathRole::UntrustedRoot => "self-signed root, not trusted",
            PathRole::Incomplete => "issuer not found",
        }
    }
}

/// One certificate of the path built, signer first.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PathElement {
    /// Its subject CN (or a placeholder naming the serial when it has none).
    pub subject: String,
    /// SHA-256 fingerprint (hex).
    pub sha256: String,
    /// What it is on the path.
    pub role: PathRole,
    /// Whether the signature carries it (a trust anchor need not be embedded).
    pub embedded: bool,
}

/// The certificate path built from the signer's certificate (see `signing::path`).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ChainSummary {
    /// Subject CN of the last certificate of a complete path: the trust anchor, or the
    /// self-signed root carried in the signature. `None` when the path stops early.
    pub root_name: Option<String>,
    /// SHA-256 fingerprint of that certificate.
    pub root_sha256: Option<String>,
    /// Whether the path is complete (to a trust anchor or a self-signed root), every link
    /// verifies and every path rule holds.
    pub chain_ok: bool,
    /// Whether the path ends at a certificate of the trust list passed to the verifier.
    pub root_trusted: bool,
    /// The path, signer first.
    pub path: Vec<PathElement>,
    /// SHA-256 of the trust anchor the path ends at, if it ends at one.
    pub anchor: Option<String>,
    /// Why the path does not lead to a trusted root (issuer not found, rule broken, no trusted
    /// anchor); `None` when it does.
    pub failure: Option<Notice>,
}

/// Everything a person needs to judge one signature.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Verification {
    /// VALID, UNTRUSTED or INVALID.
    pub status: Status,
    /// Why it is invalid (empty when valid): [`Remark`]s, with their codes.
    pub problems: Vec<Notice>,
    /// Information that does not affect validity.
    pub notes: Vec<Notice>,
    /// The signer, if the signing certificate could be read.
    pub signer: Option<SignerSummary>,
    /// When it was signed (PDF: /M; detached: the signingTime attribute).
    pub signing_time: Option<DateTime<Utc>>,
    /// What the signature covers, if that could be determined.
    pub signed: Option<SignedScope>,
    /// The chain as found.
    pub chain: ChainSummary,
    /// The /Reason of a PDF signature.
    pub reason: Option<String>,
}

impl Verification {
    /// A fresh result with nothing known yet.
    pub(crate) fn new() -> Self {
        Verification {
            status: Status::Valid,
            problems: Vec::new(),
            notes: Vec::new(),
            signer: None,
            signing_time: None,
            signed: None,
            chain: ChainSummary::default(),
            reason: None,
        }
    }

    /// Record a problem; the result becomes INVALID.
    pub(crate) fn fail(&mut self, problem: Remark) {
        self.status = Status::Invalid;
        self.problems.push(problem.notice());
    }

    /// Record a note.
    pub(crate) fn note(&mut self, note: Remark) {
        self.notes.push(note.notice());
    }

    /// A result that failed before anything could be read.
    pub(crate) fn failed(problem: Remark) -> Self {
        let mut v = Verification::new();
        v.fail(problem);
        v
    }

    /// Decide trust once every integrity check has run: an intact signature whose chain does
    /// not lead to a trusted root is UNTRUSTED. A problem recorded earlier keeps it INVALID.
    pub(crate) fn conclude(&mut self) {
        if self.status != Status::Invalid && !(self.chain.chain_ok && self.chain.root_trusted) {
            self.status = Status::Untrusted;
        }
    }

    /// Whether the signature is VALID: intact and trusted.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }

    /// Whether the signed bytes are intact (VALID or UNTRUSTED): nothing was altered, whoever
    /// signed.
    pub fn is_intact(&self) -> bool {
        self.status != Status::Invalid
    }

    /// The problems' English texts, joined by `; ` (for a message that quotes them).
    pub fn problem_text(&self) -> String {
        self.problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; ")
    }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(signer) = &self.signer {
            writeln!(f, "Signer:       {}", signer.subject.common_name)?;
            if let Some(org) = &signer.subject.organisation {
                writeln!(f, "Organisation: {org}")?;
            }
            if let Some(email) = &signer.subject.email {
                writeln!(f, "E-mail:       {email}")?;
            }
            writeln!(f, "Certificate:  SHA-256 {}", signer.cert_sha256)?;
            writeln!(f, "Valid:        {} – {}", signer.not_before.format("%Y-%m-%d"), signer.not_after.format("%Y-%m-%d"))?;
        }
        if let Some(time) = self.signing_time {
            writeln!(f, "Signed at:    {}", display_time(time))?;
        }
        if let Some(reason) = &self.reason {
            writeln!(f, "Reason:       {reason}")?;
        }
        match &self.signed {
            Some(SignedScope::Pdf { byte_range, file_size, ranges_sha256 }) => {
                writeln!(
                    f,
                    "Signed bytes: /ByteRange [{} {} {} {}] of {} bytes (SHA-256 {})",
                    byte_range[0], byte_range[1], byte_range[2], byte_range[3], file_size, ranges_sha256
                )?;
            }
            Some(SignedScope::Detached { size, sha256 }) => {
                writeln!(f, "Signed file:  {size} bytes, SHA-256 {sha256}")?;
            }
            None => {}
        }
        for (i, element) in self.chain.path.iter().enumerate() {
            let label = if i == 0 { "Path:" } else { "" };
            let carried = if element.embedded { "" } else { ", not embedded" };
            writeln!(f, "{label:<14}{}. {} — {}{carried} (SHA-256 {})", i + 1, element.subject, element.role.word(), element.sha256)?;
        }
        if let Some(root) = &self.chain.root_name {
            let trust = if self.chain.root_trusted { "trusted" } else { "not in the trust list" };
            let chain = if self.chain.chain_ok { "path verified" } else { "path NOT verified" };
            writeln!(f, "Root CA:      {root} ({chain}; {trust})")?;
            if let Some(fp) = &self.chain.root_sha256 {
                writeln!(f, "Root SHA-256: {fp}")?;
            }
        }
        match &self.chain.failure {
            None if self.chain.root_trusted => writeln!(f, "Path result:  leads to a trusted anchor")?,
            None => {}
            Some(why) => writeln!(f, "Path result:  {why}")?,
        }
        for note in &self.notes {
            writeln!(f, "Note:         {note}")?;
        }
        writeln!(f, "Status:       {}", self.status.word())?;
        if self.status == Status::Untrusted {
            writeln!(
                f,
                "  - intact, but the signer's certificate does not lead to a root in your trust list \
                 (tenken trust add ROOT.pem, after checking its fingerprint with the signer)"
            )?;
        }
        for problem in &self.problems {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}
