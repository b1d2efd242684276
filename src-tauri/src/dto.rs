//! The command contracts between the shell and the UI: inputs and outputs of every command.
//!
//! These types are exported to TypeScript (`ui/src/lib/bindings.ts`, see `bindings.rs`), so the
//! UI and the shell cannot drift apart. They only bundle core types for one screen; they hold no
//! logic of their own.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenken::catalog::{Catalog, Guidance, Need, ScopeDimension, Text2};
use tenken::document::CatalogRef;
use tenken::import::{Cover, Issue};
use tenken::model::*;
use tenken::notice::Notice;
use tenken::secret::Passphrase;
use tenken::session::Progress;
use ts_rs::TS;

/// A text field as the user left it: trimmed, and `None` when blank (forms send "" for empty).
pub fn given(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|x| !x.is_empty()).map(str::to_string)
}

/// What the Settings screen shows and which core features exist in this build.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The database file in use (from `TENKEN_DB` or the default).
    pub db_path: String,
    /// The folder holding the database.
    pub data_dir: String,
    /// The folder read for user catalogs.
    pub catalog_dir: String,
    /// Why the database could not be opened, if it could not (`store.locked`: it wants its
    /// passphrase; `store.missing`: there is none yet).
    pub startup_error: Option<Notice>,
    /// Whether the open database is encrypted (SQLCipher).
    pub encrypted: bool,
    /// The folder signing identities are kept in.
    pub identity_dir: String,
}

/// A catalog without its items, for choosing one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogInfo {
    /// Which catalog (id, version, title, publisher, source, draft), as an assessment names it.
    #[serde(flatten)]
    pub catalog: CatalogRef,
    /// Scope dimensions to choose.
    pub scope: Vec<ScopeDimension>,
    /// Catalog-level guidance (pattern tables etc.).
    pub guidance: Vec<Guidance>,
    /// Number of items.
    pub item_count: u32,
}

/// A workbook to make a user catalog of (`tenken catalog import`).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CatalogImportInput {
    /// The workbook (xlsx, xlsm, xlsb, xls, ods) with No. and 要求事項 columns.
    pub path: String,
    /// Id of the new catalog (no spaces).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version (blank: 1).
    pub version: Option<String>,
    /// A catalog whose commentary, scope and scoring are joined by No. (e.g. jama-japia-2.2).
    pub based_on: Option<String>,
}

/// One assessment line of the portfolio.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssessmentRow {
    /// The assessment.
    pub assessment: Assessment,
    /// Its catalog's title (None if the catalog is not installed).
    pub catalog_title: Option<Text2>,
    /// Progress.
    pub progress: Option<Progress>,
    /// Supplier side of the score.
    pub supplier: Option<tenken::portfolio::Headline>,
    /// Auditor side of the score.
    pub auditor: Option<tenken::portfolio::Headline>,
    /// Findings whose corrective action is not done.
    pub open_actions: u32,
    /// Open ones past their due date.
    pub overdue_actions: u32,
}

/// One organisation of the portfolio with its assessments (newest first).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PortfolioRow {
    /// The organisation.
    pub organisation: Organisation,
    /// Its assessments, newest first.
    pub assessments: Vec<AssessmentRow>,
}

/// A new assessment as chosen on its screen.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewAssessmentInput {
    /// Organisation.
    pub organisation_id: OrgId,
    /// Site name.
    pub site: Option<String>,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// Scope choices.
    #[ts(type = "Scope")]
    pub scope: Scope,
    /// Kind.
    pub kind: AssessmentKind,
    /// Auditor.
    pub auditor: Option<String>,
    /// First day (ISO).
    pub started_on: Option<NaiveDate>,
    /// Last day (ISO).
    pub ended_on: Option<NaiveDate>,
}

/// An in-scope item with the need the scope gives it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScopedRef {
    /// Item id.
    pub item_id: String,
    /// Mandatory / recommended.
    pub need: Option<Need>,
}

/// Everything the walkthrough needs for one assessment.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WalkData {
    /// The assessment.
    pub assessment: Assessment,
    /// Its catalog, extended with imported extra items.
    pub catalog: Catalog,
    /// The items in scope, in catalog order.
    pub scoped: Vec<ScopedRef>,
    /// Stored item results.
    pub results: Vec<ItemResult>,
    /// Evidence files.
    pub evidence: Vec<Evidence>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Progress.
    pub progress: Progress,
}

/// The result of an item after a change, with the new progress.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ItemUpdate {
    /// The item's stored result.
    pub result: Option<ItemResult>,
    /// Progress after the change.
    pub progress: Progress,
}

/// A failed command: a message for the person at the keyboard.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    /// Kind of failure (`not_found`, `invalid`, `busy`, `signed`, `unavailable`, `io`, `database`,
    /// `internal`): what the UI can do about it.
    pub kind: String,
    /// The stable code of exactly what happened (`store.busy`, `import.encrypted` …); the UI has a
    /// Japanese and an English text for each (`error.<code>` in ui/src/locales).
    pub code: String,
    /// The values the text is made of; always `detail`, the English message as the CLI prints
    /// it; `reason` where the code covers several situations (the text is
    /// `error.<code>.<reason>`), `inner.*` for a wrapped error shown inside the text, `cause` for
    /// a library's or the OS's own message (see `tenken::Error::params`).
    pub params: BTreeMap<String, String>,
    /// What went wrong and where (English, as the CLI prints it).
    pub message: String,
}

impl CommandError {
    /// The app's own failures (no core error behind them).
    pub fn app(kind: &str, code: &str, message: String) -> Self {
        CommandError { kind: kind.into(), code: code.into(), params: BTreeMap::from([("detail".to_string(), message.clone())]), message }
    }

    /// This error with one more value for its text (`cause`: a library's own message).
    pub fn with_param(mut self, name: &str, value: String) -> Self {
        self.params.insert(name.to_string(), value);
        self
    }

    /// The codes of [`CommandError::app`] failures (read by the test that every code has its texts).
    #[cfg_attr(not(test), allow(dead_code))]
    pub const APP_CODES: &'static [&'static str] = &["app.unavailable", "app.job_failed", "app.busy"];
}

/// A checksheet import the user asked for: a file or a folder, and what to read it against.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ImportInput {
    /// The file or folder (picked, dropped or typed).
    pub path: String,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version (newest when absent).
    pub catalog_version: Option<String>,
    /// Scope of the new assessment(s).
    #[ts(type = "Scope")]
    pub scope: Scope,
    /// Organisation name; the cover sheet's company (else the file name) when absent.
    pub organisation: Option<String>,
    /// Add the answers to this assessment instead of creating one (files only).
    pub into: Option<AssessmentId>,
    /// Import even if the same file was already imported into the assessment.
    pub force: bool,
}

/// A column the header named, with its letters.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ColumnView {
    /// What the column holds (`answer`, `no`, `requirement`, …).
    pub role: String,
    /// Column letters.
    pub letters: String,
}

/// What one readable checksheet would import as.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FileReading {
    /// The organisation it would be stored under.
    pub organisation: String,
    /// Format recognised (xlsx, xls, ods, …).
    pub format: String,
    /// The sheet holding the table.
    pub sheet: String,
    /// The header row, 1-based.
    pub header_row: u32,
    /// Columns found in the header (files only; empty in a folder preview).
    pub columns: Vec<ColumnView>,
    /// The answer column read.
    pub answer_column: Option<String>,
    /// Cover-sheet fields.
    pub cover: Cover,
    /// Answers over the catalog's items in scope.
    pub counts: Counts,
    /// Items the sheet has beyond the catalog (ids for a file; only counted in a folder).
    pub extra_items: Vec<String>,
    /// Number of items beyond the catalog.
    pub extra_count: u32,
    /// Warnings with their cells.
    pub warnings: Vec<Issue>,
    /// Row errors with their cells.
    pub errors: Vec<Issue>,
}

/// One file of an import preview.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FilePreviewView {
    /// The file.
    pub file: String,
    /// What it would import as, when it can be read.
    pub reading: Option<FileReading>,
    /// Why it cannot be imported.
    pub error: Option<Notice>,
}

/// Everything found before anything is stored; `token` confirms exactly this preview.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreview {
    /// Pass to `import_commit` to store what was previewed.
    pub token: u32,
    /// Whether a folder was read.
    pub folder: bool,
    /// The file or folder.
    pub path: String,
    /// Catalog read against.
    pub catalog_id: String,
    /// Its version.
    pub catalog_version: String,
    /// Each file.
    pub files: Vec<FilePreviewView>,
}

/// One file stored by an import.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportedFile {
    /// The file.
    pub file: String,
    /// The assessment holding its answers.
    pub assessment_id: AssessmentId,
    /// The organisation.
    pub organisation: String,
    /// Answers stored.
    pub counts: Counts,
    /// SHA-256 of the original, kept as evidence.
    pub sha256: String,
}

/// One file an import could not store.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FailedFile {
    /// The file.
    pub file: String,
    /// Why (nothing of it was stored).
    pub error: Notice,
}

/// What an import stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcome {
    /// Files stored, each in its own transaction.
    pub imported: Vec<ImportedFile>,
    /// Files not stored.
    pub failed: Vec<FailedFile>,
}

/// Progress of a long job, sent as the `progress` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JobProgress {
    /// `import-read`, `import-store`, `export`.
    pub job: String,
    /// Steps done.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
    /// What is being worked on (a file name).
    pub current: String,
}

/// A signing identity (public parts only).
#[derive(Debug, Clone, Serialize, TS)]
pub struct IdentityInfo {
    /// Identity id.
    pub id: String,
    /// Signer's name.
    pub name: String,
    /// Signer's organisation.
    pub org: String,
    /// E-mail address.
    pub email: Option<String>,
    /// `local-root`, `imported` or `requested` (cannot sign yet).
    pub kind: String,
    /// Created or imported, RFC 3339.
    pub created: String,
    /// SHA-256 of the signing certificate.
    pub cert_fingerprint: Option<String>,
    /// End of the certificate's validity, RFC 3339.
    pub not_after: Option<String>,
    /// Where it is stored.
    pub folder: String,
}

/// A new identity with a local root CA.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewIdentityInput {
    /// Signer's name (certificate CN).
    pub name: String,
    /// Signer's organisation.
    pub org: String,
    /// E-mail address (ASCII).
    pub email: Option<String>,
    /// Passphrase protecting the key (wiped on drop, never in `Debug`).
    #[ts(type = "string")]
    pub passphrase: Passphrase,
}

/// An organisation-issued PKCS#12 to import.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ImportIdentityInput {
    /// The .p12/.pfx file.
    pub path: String,
    /// Its password.
    #[ts(type = "string")]
    pub p12_password: Passphrase,
    /// New passphrase protecting the key in Tenken.
    #[ts(type = "string")]
    pub passphrase: Passphrase,
}

/// Sign the export with this identity.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SignInput {
    /// Identity id.
    pub identity_id: String,
    /// Its passphrase.
    #[ts(type = "string")]
    pub passphrase: Passphrase,
    /// /Reason of the signature.
    pub reason: Option<String>,
    /// /Location of the signature.
    pub location: Option<String>,
}

/// What to export, where.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportRequest {
    /// Assessment id.
    pub id: AssessmentId,
    /// Folder to write into (created if missing).
    pub folder: String,
    /// The PDF audit report.
    pub pdf: bool,
    /// The Excel results.
    pub xlsx: bool,
    /// The JSON document.
    pub json: bool,
    /// Sign (PDF: PAdES; workbook: detached .p7s) and sign the assessment off.
    pub sign: Option<SignInput>,
}

/// Where exports of an assessment go by default.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportDefaults {
    /// Default folder.
    pub folder: String,
    /// File name without extension.
    pub stem: String,
    /// Whether the assessment is already signed (then it cannot be signed again).
    pub signed: bool,
}

/// A file written by an export.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WrittenFileView {
    /// Where.
    pub path: String,
    /// `pdf`, `xlsx`, `p7s` or `json`.
    pub kind: String,
    /// Size in bytes.
    pub size: u32,
    /// SHA-256 (hex).
    pub sha256: String,
    /// Whether it is or carries a signature.
    pub signed: bool,
}

/// One certificate of the path built, signer first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PathElementView {
    /// Subject CN.
    pub subject: String,
    /// SHA-256 fingerprint (hex).
    pub sha256: String,
    /// Signer, intermediate, trust anchor, untrusted self-signed root, or the last one found.
    pub role: tenken::signing::verification::PathRole,
    /// Whether the signature carries it (a trust anchor need not be embedded).
    pub embedded: bool,
}

/// The result of checking one signature.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VerificationView {
    /// The file checked.
    pub file: String,
    /// VALID, UNTRUSTED or INVALID: the outcome to show (UNTRUSTED is never shown as valid).
    pub status: tenken::signing::Status,
    /// Whether the status is VALID (intact and trusted); UNTRUSTED is `false`.
    pub valid: bool,
    /// Why it is invalid.
    pub problems: Vec<Notice>,
    /// Information (e.g. the root is not trusted here).
    pub notes: Vec<Notice>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Signer's organisation.
    pub signer_org: Option<String>,
    /// SHA-256 of the signing certificate.
    pub cert_sha256: Option<String>,
    /// When it was signed, RFC 3339.
    pub signing_time: Option<String>,
    /// The last certificate of a complete path (trust anchor or self-signed root).
    pub root_name: Option<String>,
    /// Whether the path is complete, every link verifies and every path rule holds.
    pub chain_ok: bool,
    /// Whether the path ends at a trust anchor of this computer (trust list or own identity).
    pub root_trusted: bool,
    /// The certificate path built, signer first.
    pub path: Vec<PathElementView>,
    /// Why the path does not lead to a trusted root, if it does not.
    pub path_failure: Option<Notice>,
}

/// What an export wrote and what the check of its signatures found.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportOutcome {
    /// Files written.
    pub files: Vec<WrittenFileView>,
    /// Whether the assessment was signed off (now read-only).
    pub signed_off: bool,
    /// The signatures of the written files, verified after writing them.
    pub checks: Vec<VerificationView>,
}

/// A bundle export the user asked for: the assessment, the identity that signs the manifest and
/// its passphrase, and the file to write.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct BundleExportInput {
    /// The assessment.
    pub id: AssessmentId,
    /// The signing identity.
    pub identity_id: String,
    /// Its passphrase.
    #[ts(type = "string")]
    pub passphrase: Passphrase,
    /// The bundle file (.tenken) to write.
    pub dest: String,
}

/// A bundle written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleExported {
    /// The file.
    pub path: String,
    /// Entries in it (document, evidence, manifest, signature).
    pub entries: u32,
    /// Who signed the manifest.
    pub signer: String,
}

/// A bundle checked before import: its signature, what it holds, and whether it is already here.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleCheckView {
    /// The bundle file.
    pub path: String,
    /// The manifest signature: VALID (signer trusted here) or UNTRUSTED (intact, signer unknown);
    /// an INVALID bundle is an error, never a check.
    pub verification: VerificationView,
    /// What the bundle's assessment is.
    pub contents: tenken::bundle::BundleContents,
    /// When the bundle was made (RFC 3339).
    pub created_at: String,
    /// The local id of the same assessment (by uid), when it is already here: importing changes nothing.
    pub already_here: Option<AssessmentId>,
}

/// What a bundle import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleImported {
    /// The local assessment.
    pub assessment_id: AssessmentId,
    /// False when it was already here (nothing changed).
    pub created: bool,
    /// The status it is stored with (an untrusted bundle: in review, never signed).
    pub status: AssessmentStatus,
    /// Whether the signer was trusted (VALID); false: stored marked untrusted.
    pub trusted: bool,
}

/// A root certificate trusted on this computer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrustedRootView {
    /// SHA-256 fingerprint (lowercase hex).
    pub fingerprint: String,
    /// The name it is listed under.
    pub name: String,
    /// Its organisation (O), when named.
    pub organisation: Option<String>,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// `list` (added by the user) or `identity` (the root of an own signing identity).
    pub source: String,
}

/// The verification of the database's audit trail (as `tenken log --verify`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrailView {
    /// Whether everything held.
    pub ok: bool,
    /// Rows in the chain.
    pub rows: u32,
    /// The last row's number.
    pub head_seq: Option<i64>,
    /// Signed anchors in the trail, and how many of them hold (signature VALID, covering the
    /// rows they name).
    pub anchors: u32,
    /// Anchors that hold.
    pub anchors_holding: u32,
    /// The last row covered by an anchor that holds.
    pub anchored_to: Option<i64>,
    /// The report or bundle checked against the trail, when one was given.
    pub against: Option<String>,
    /// Every failure, with its code (empty when the trail holds).
    pub failures: Vec<Notice>,
    /// Things worth knowing that are not failures (the unsigned tail …).
    pub notes: Vec<Notice>,
}
