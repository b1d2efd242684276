//! The application layer's error: each lower layer's error kept whole (`#[from]`), plus what
//! this layer itself refuses. Messages are written for the person at the keyboard.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tenken_domain::error::{not_found_params, NOT_FOUND_KINDS};
use tenken_domain::model::AssessmentId;
use tenken_domain::notice::{io_params, nest, with_reason, Params, IO_REASONS};

/// Result alias of the application layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the application layer can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed (database, file, schema, lock, not found, signed …).
    #[error(transparent)]
    Store(#[from] tenken_store::Error),

    /// A value or catalog the domain does not allow.
    #[error(transparent)]
    Domain(#[from] tenken_domain::Error),

    /// A checksheet file could not be imported at all.
    #[error(transparent)]
    Import(#[from] tenken_import::ImportError),

    /// A checksheet file of several (a folder, or one named on the command line) could not be
    /// imported at all: the import error, with the file it is about.
    #[error("{}: {source}", path.display())]
    ImportFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: tenken_import::ImportError,
    },

    /// A workbook could not be made into a catalog.
    #[error(transparent)]
    CatalogImport(#[from] tenken_import::catalog_import::CatalogImportError),

    /// The PDF report could not be rendered.
    #[error(transparent)]
    Report(#[from] tenken_report::ReportError),

    /// An Excel file could not be written.
    #[error(transparent)]
    Workbook(#[from] tenken_workbook::Error),

    /// Signing, an identity, the trust list or a verification failed.
    #[error(transparent)]
    Signing(#[from] tenken_signing::SigningError),

    /// A bundle was refused (untrusted signer, over a cap, an entry that differs from the
    /// signed manifest …); the variant says which, for a caller that offers a choice.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),

    /// A passphrase chosen for something new is too weak.
    #[error("{0}; nothing was created")]
    WeakPassphrase(#[from] tenken_domain::secret::WeakPassphrase),

    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error (in the message, so not repeated as a source).
        cause: std::io::Error,
    },

    /// A referenced thing does not exist.
    #[error("{kind} not found: {key}")]
    NotFound {
        /// What kind of thing (evidence, item …).
        kind: &'static str,
        /// The key that was looked up.
        key: String,
    },

    /// A request this layer refuses.
    #[error("{0}")]
    Invalid(Invalid),

    /// The PDF report could not be rendered while exporting (code `invalid`, reason
    /// `render_pdf`, the report's error nested).
    #[error("rendering the PDF report failed: {0}")]
    RenderPdf(tenken_report::ReportError),

    /// The sign-off was committed but the signed files could not be put in place (code
    /// `invalid`, reason `signed_but_not_written`, the error nested).
    #[error(
        "{source}. The assessment WAS signed off and the signed files are kept in the database as evidence (tenken evidence list {id}; tenken evidence save)"
    )]
    SignedButNotWritten {
        /// The assessment signed off.
        id: AssessmentId,
        /// Why the files were not written.
        source: Box<Error>,
    },
}

tenken_domain::notices! {
    /// What the application layer refuses: the `reason` of an `invalid` error, by its key (the
    /// keys differ from the domain's and the store's, which share the code).
    pub enum Invalid {
        /// A path that names no file (a root, `..`).
        NotAFilePath { path: String } = "not_a_file_path" => "{path}: not a file path",
        /// A path with a folder where a file is to be written.
        FolderThere { path: String } = "folder_there" => "{path}: a folder is there, not a file",
        /// A path without a file name.
        NotAFile { path: String } = "not_a_file" => "{path}: not a file",
        /// A file where a new one is to be created.
        FileThere { path: String } = "file_there" => "{path}: a file is already there; choose a new file name",
        /// The JSON document cannot be written (the serialiser's message).
        JsonExport { cause: String } = "json_export" => "JSON export failed: {cause}",
        /// A value cannot be encoded as JSON (the serialiser's message).
        Encode { cause: String } = "encode" => "{cause}",
        /// The bundle zip cannot be written (the zip writer's message).
        BundleWrite { cause: String } = "bundle_write" => "writing the bundle: {cause}",
        /// A signed report would be replaced.
        SignedReportThere { path: String } = "signed_report_there"
            => "{path}: a signed report is already there; it is not replaced without --overwrite (choose another file, or pass --overwrite to replace it)",
        /// A signed workbook's signature would be replaced.
        SignedWorkbookThere { path: String } = "signed_workbook_there"
            => "{path}: the workbook there is signed (this is its signature); it is not replaced without --overwrite (choose another file, or pass --overwrite to replace it)",
        /// A detached signature would be replaced.
        SignatureThere { path: String } = "signature_there"
            => "{path}: a detached signature is already there; it is not replaced without --overwrite (choose another file, or pass --overwrite to replace it)",
        /// An export with no file chosen.
        NothingToExport {} = "nothing_to_export"
            => "nothing to export: choose the PDF report, the Excel results and/or the JSON document",
        /// Signing without a file to sign.
        SigningNeedsFile {} = "signing_needs_file" => "signing needs the PDF report and/or the Excel results",
        /// The status `signed` set by hand in the app.
        SignOffByExport {} = "sign_off_by_export"
            => "an assessment is signed off by exporting a signed report, not by setting its status",
        /// `--into` with a folder.
        IntoTakesFile {} = "into_takes_file" => "--into takes one file, not a folder: a batch makes one assessment per file",
        /// `--org-id` with a folder.
        OrgIdTakesFile {} = "org_id_takes_file"
            => "--org-id takes one file, not a folder: each file of a batch goes to the company on its cover sheet",
        /// A batch cut short by a failed reader thread.
        BatchStopped { dir: String, done: u64, total: u64 } = "batch_stopped"
            => "{dir}: the batch stopped after {done} of {total} files (a reader thread failed); the files listed were stored",
        /// An organisation name that is another organisation's id.
        OrganisationLookalike { given: String, id: i64, name: String } = "organisation_lookalike"
            => "no organisation is named '{given}', but organisation id {id} is '{name}': choose it by id (--org-id {id}), or add an organisation named '{given}' first; nothing was stored",
        /// A file imported before.
        AlreadyImported { file: String, sha: String, assessment: i64, evidence: i64 } = "already_imported"
            => "{file}: this file (SHA-256 {sha}…) was already imported into assessment {assessment} (evidence {evidence}); nothing was stored — use --force to import it again",
        /// Answers for an assessment of another catalog.
        CatalogMismatch { id: i64, catalog: String, wanted: String } = "catalog_mismatch"
            => "assessment {id} is against catalog {catalog}, not {wanted}; nothing was stored",
        /// An import preview replaced or outdated.
        PreviewStale {} = "preview_stale" => "this import preview is no longer current; read the file again",
        /// The database went away while a long job was storing into it.
        DatabaseClosed {} = "database_closed" => "the database was closed while the job was storing into it; what is listed was stored",
        /// A file of a batch that was not imported, without an error of its own.
        NotImported {} = "not_imported" => "the file was not imported",
        /// An item id the catalog does not have.
        ItemNotInCatalog { item: String, catalog: String, version: String, examples: String } = "item_not_in_catalog"
            => "item '{item}' is not in catalog {catalog} {version} (e.g. {examples})",
        /// An anchor asked of an empty trail.
        TrailEmpty {} = "trail_empty" => "the audit trail is empty; there is nothing to anchor",
        /// The assessment changed between its export and its sign-off.
        ChangedAfterExport { id: i64, seq: i64, since: i64 } = "changed_after_export"
            => "assessment {id} changed (audit-trail row #{seq}) after its files were made from row #{since}; nothing was signed off and no file was written — export again",
        /// A file to check the trail against that is neither a report nor a bundle.
        NotReportOrBundle { path: String } = "not_report_or_bundle" => "{path}: neither a PDF report nor a Tenken bundle",
        /// A PDF larger than any report.
        PdfTooLarge { path: String, limit: u64 } = "pdf_too_large" => "{path}: larger than {limit} bytes; not a Tenken report",
        /// A bundle to check the trail against that is no readable zip (the zip reader's message).
        BundleZip { path: String, cause: String } = "bundle_zip" => "{path}: not a readable zip ({cause})",
        /// A refusal given only as English text (by a caller without a typed reason for it): the
        /// app can show that text only as a detail, so a typed reason is better.
        Other { detail: String } = "other" => "{detail}",
        /// Its zip directory is larger than a bundle's.
        BundleDirectory { path: String, size: u64, limit: u64 } = "bundle_directory"
            => "{path}: its zip directory is {size} bytes, more than the {limit} a Tenken bundle needs",
        /// A zip the zip reader refuses.
        BundleNotBundle { path: String, cause: String } = "bundle_not_bundle" => "{path}: not a Tenken bundle ({cause})",
        /// An entry a bundle must have.
        BundleNoEntry { path: String, name: String } = "bundle_no_entry" => "{path}: it has no {name}",
        /// A manifest entry over its cap.
        BundleEntryTooLarge { path: String, name: String, limit: u64 } = "bundle_entry_too_large"
            => "{path}: {name} is larger than {limit} bytes",
        /// A manifest entry that cannot be read (the zip reader's message).
        BundleEntryUnreadable { path: String, name: String, cause: String } = "bundle_entry_unreadable"
            => "{path}: {name} cannot be read ({cause})",
        /// A manifest that is not JSON (the parser's message).
        BundleManifestMalformed { path: String, cause: String } = "bundle_manifest_malformed"
            => "{path}: manifest.json is malformed ({cause})",
    }
}

impl From<Invalid> for Error {
    fn from(reason: Invalid) -> Self {
        Error::Invalid(reason)
    }
}

/// A free English text as [`Invalid::Other`] (kept for callers that give one).
impl From<&str> for Invalid {
    fn from(detail: &str) -> Self {
        Invalid::Other { detail: detail.to_string() }
    }
}

/// A free English text as [`Invalid::Other`] (kept for callers that give one).
impl From<String> for Invalid {
    fn from(detail: String) -> Self {
        Invalid::Other { detail }
    }
}

impl Error {
    /// A refusal given only as English text ([`Invalid::Other`]): the app can show that text
    /// only as a detail, so a typed [`Invalid`] reason is better.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(Invalid::Other { detail: msg.into() })
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(kind: &'static str, key: impl ToString) -> Self {
        Error::NotFound { kind, key: key.to_string() }
    }

    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause: source }
    }
}

impl Error {
    /// The codes of this layer's own variants.
    pub const CODES: &'static [&'static str] = &["passphrase.weak", "io", "not_found", "invalid"];

    /// Every code any error of Tenken's can give: the UI has a Japanese and an English text for
    /// each (a test of the app checks), and scripts may match on them.
    pub fn all_codes() -> BTreeSet<&'static str> {
        [
            Error::CODES,
            tenken_store::Error::CODES,
            tenken_domain::Error::CODES,
            tenken_import::ImportError::CODES,
            tenken_import::catalog_import::CatalogImportError::CODES,
            tenken_report::ReportError::CODES,
            tenken_workbook::Error::CODES,
            tenken_signing::SigningError::CODES,
            crate::bundle::BundleError::CODES,
        ]
        .concat()
        .into_iter()
        .collect()
    }

    /// The reasons each code can carry (`params()["reason"]`, the UI's text
    /// `error.<code>.<reason>`) across every layer, as `(code, reason)` pairs.
    pub fn all_reasons() -> BTreeSet<(&'static str, &'static str)> {
        let own: &[(&str, &[&str])] = &[
            ("io", IO_REASONS),
            ("not_found", NOT_FOUND_KINDS),
            ("invalid", Invalid::CODES),
            ("invalid", &["render_pdf", "signed_but_not_written"]),
        ];
        [
            own,
            tenken_store::Error::REASONS,
            tenken_domain::Error::REASONS,
            tenken_import::ImportError::REASONS,
            tenken_import::catalog_import::CatalogImportError::REASONS,
            tenken_workbook::Error::REASONS,
            tenken_signing::SigningError::REASONS,
            crate::bundle::BundleError::REASONS,
        ]
        .concat()
        .into_iter()
        .flat_map(|(code, reasons)| reasons.iter().map(move |r| (code, *r)))
        .collect()
    }

    /// Every key of the UI's `error.` texts an error of Tenken's can need: each code, and
    /// `<code>.<reason>` for each reason (a test of the app checks that each has its texts).
    pub fn all_texts() -> BTreeSet<String> {
        let codes = Error::all_codes().into_iter().map(str::to_string);
        codes.chain(Error::all_reasons().into_iter().map(|(code, reason)| format!("{code}.{reason}"))).collect()
    }

    /// The parameters of the message, by name, for a text in another language: always `detail`
    /// (the English message as the CLI prints it), and the values the message is made of (the
    /// `path` of a file, `kind` and `key` of a thing not found, a `limit` …). Where one code
    /// covers several situations, `reason` names the situation (the UI's text for it is
    /// `error.<code>.<reason>`); a wrapped error shown inside this one's text is nested as
    /// `inner.*` (see [`tenken_domain::notice::nest`]); `cause` is a library's or the OS's own
    /// message, which Tenken cannot know in advance.
    pub fn params(&self) -> Params {
        let mut p = match self {
            Error::Store(e) => e.params(),
            Error::Domain(e) => e.params(),
            Error::Import(e) => e.params(),
            Error::ImportFile { path, source } => {
                let mut p = source.params();
                p.insert("path".into(), path.display().to_string());
                p
            }
            Error::CatalogImport(e) => e.params(),
            Error::Report(_) => Params::new(),
            Error::Workbook(e) => e.params(),
            Error::Signing(e) => e.params(),
            Error::Bundle(e) => e.params(),
            Error::WeakPassphrase(w) => w.params(),
            Error::Io { path, cause } => io_params(path, cause),
            Error::NotFound { kind, key } => not_found_params(kind, key),
            Error::Invalid(reason) => with_reason(reason.code(), reason.params()),
            Error::RenderPdf(e) => {
                let mut p = with_reason("render_pdf", Params::new());
                nest(&mut p, e.code(), Params::new());
                p
            }
            Error::SignedButNotWritten { id, source } => {
                let mut p = with_reason("signed_but_not_written", Params::from([("id".to_string(), id.to_string())]));
                nest(&mut p, source.code(), source.params());
                p
            }
        };
        p.insert("detail".into(), self.to_string());
        p
    }

    /// Code, parameters and English text in the serialised shape a report of many files carries
    /// for each that failed (the UI reads its code in the `error.` texts).
    pub fn notice(&self) -> tenken_domain::notice::Notice {
        tenken_domain::notice::Notice { code: self.code().to_string(), params: self.params(), message: self.to_string() }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::Domain(e) => e.code(),
            Error::Import(e) | Error::ImportFile { source: e, .. } => e.code(),
            Error::CatalogImport(e) => e.code(),
            Error::Report(e) => e.code(),
            Error::Workbook(e) => e.code(),
            Error::Signing(e) => e.code(),
            Error::Bundle(e) => e.code(),
            Error::WeakPassphrase(_) => "passphrase.weak",
            Error::Io { .. } => "io",
            Error::NotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
            Error::RenderPdf(_) => "invalid",
            Error::SignedButNotWritten { .. } => "invalid",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::path::Path;

    use super::*;

    /// A zip at `path` holding `entries` (name, bytes), deflated.
    fn zip_file(path: &Path, entries: &[(&str, &[u8])]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create the zip"));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, opts).expect("start an entry");
            zip.write_all(bytes).expect("write an entry");
        }
        zip.finish().expect("finish the zip");
    }

    fn assert_params(e: &Error, want: &[(&str, &str)]) -> BTreeMap<String, String> {
        let p = e.params();
        for (k, v) in want {
            assert_eq!(p.get(*k).map(String::as_str), Some(*v), "{k} of {} ({e}): {p:?}", e.code());
        }
        assert_eq!(p.get("detail"), Some(&e.to_string()), "detail is the English message");
        p
    }

    #[test]
    fn a_word_document_read_by_the_importer_names_its_file_and_why() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("checksheet.xlsx");
        zip_file(&path, &[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
        let catalogs = crate::catalog::builtin_catalogs().expect("built-in catalogs");
        let e = crate::import::commit::prepare(&path, &catalogs[0], &crate::model::Scope::default()).expect_err("a Word document");
        assert_eq!(e.code(), "import.not_a_spreadsheet");
        assert_params(&e, &[("reason", "word"), ("path", &path.display().to_string())]);
        assert_eq!(e.to_string(), format!("{}: it is a Word document, not a spreadsheet", path.display()), "the CLI's text is as it was");

        let empty = dir.path().join("empty.xlsx");
        std::fs::write(&empty, b"").expect("write");
        let e = crate::import::commit::prepare(&empty, &catalogs[0], &crate::model::Scope::default()).expect_err("0 bytes");
        assert_params(&e, &[("reason", "zero_bytes"), ("path", &empty.display().to_string())]);
    }

    #[test]
    fn a_missing_database_names_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nothing-here.db");
        let opts = crate::store::OpenOptions { passphrase: None, create: false, actor: None };
        let Err(e) = crate::Session::open(&path, &opts, None) else { panic!("opened a database that is not there") };
        assert_eq!(e.code(), "store.missing");
        assert_params(&e, &[("path", &path.display().to_string())]);
    }

    #[test]
    fn a_malformed_or_over_limit_bundle_says_which_and_where() {
        let dir = tempfile::tempdir().expect("temp dir");
        let no_manifest = dir.path().join("no-manifest.tenken");
        zip_file(&no_manifest, &[("assessment.json", b"{}")]);
        let e = crate::bundle::check(&no_manifest, &[]).err().expect("no manifest");
        assert_eq!(e.code(), "bundle.not_a_bundle");
        assert_params(&e, &[("reason", "no_manifest"), ("path", &no_manifest.display().to_string())]);

        let huge = dir.path().join("huge-manifest.tenken");
        let manifest = vec![b' '; (crate::bundle::MAX_MANIFEST + 1) as usize];
        zip_file(&huge, &[("manifest.json", &manifest), ("manifest.json.p7s", b"")]);
        let e = crate::bundle::check(&huge, &[]).err().expect("a manifest over its cap");
        assert_eq!(e.code(), "bundle.over_limit");
        assert_params(&e, &[("reason", "entry"), ("entry", "manifest.json"), ("cap", "16 MiB"), ("path", &huge.display().to_string())]);

        let not_zip = dir.path().join("text.tenken");
        std::fs::write(&not_zip, b"plain text, not a zip").expect("write");
        let e = crate::bundle::check(&not_zip, &[]).err().expect("not a zip");
        let p = assert_params(&e, &[("reason", "not_a_zip")]);
        assert!(p.get("cause").is_some_and(|c| !c.is_empty()), "the zip reader's words are the cause: {p:?}");
    }

    #[test]
    fn a_wrapped_error_is_nested_for_the_app_and_whole_for_the_cli() {
        let inner = Error::Io { path: "/x/report.pdf".into(), cause: std::io::Error::from(std::io::ErrorKind::PermissionDenied) };
        let shown = inner.to_string();
        let e = Error::SignedButNotWritten { id: 7, source: Box::new(inner) };
        assert_eq!(e.code(), "invalid");
        let p = assert_params(&e, &[("reason", "signed_but_not_written"), ("id", "7"), ("inner.code", "io")]);
        assert_eq!(p.get("inner.reason").map(String::as_str), Some("permission_denied"), "{p:?}");
        assert_eq!(p.get("inner.path").map(String::as_str), Some("/x/report.pdf"));
        assert!(e.to_string().starts_with(&shown), "the CLI prints the inner error first: {e}");
    }

    #[test]
    fn the_layers_sharing_the_invalid_code_use_their_own_reason_keys() {
        let layers = [Invalid::CODES, tenken_store::error::Invalid::CODES, tenken_domain::error::Invalid::CODES];
        let mut seen = BTreeSet::new();
        for key in layers.concat() {
            assert!(seen.insert(key), "the reason {key} of `invalid` is declared by two layers");
        }
        for (code, _) in Error::all_reasons() {
            assert!(Error::all_codes().contains(code), "a reason for {code}, which no error gives");
        }
    }
}
