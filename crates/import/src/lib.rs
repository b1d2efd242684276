//! Importing supplier-submitted checksheets (xlsx, xlsm, xlsb, xls, ods).
//!
//! Two steps, kept apart so the app can show what was found before anything is stored:
//!
//! 1. [`read_checksheet`] (pure): recognise the file, read it under the [`limits`], find the
//!    table by its header text ([`table`]), read the cover sheet ([`cover`]), normalise every
//!    cell ([`normalise`]) and match rows to the catalog ([`matching`]). The result, a
//!    [`Reading`], lists every answer with its cell, the extra items, warnings and row errors.
//! 2. The commit step (in the application layer, `tenken::import`) stores a reading as one
//!    all-or-nothing transaction.
//!
//! A file-level problem (not a spreadsheet, encrypted, truncated, too large, no table, empty)
//! is an [`ImportError`] with one clear sentence; row-level problems are [`Issue`]s naming sheet,
//! row and column as Excel shows them.
//!
//! Invariant: reading never touches the store; nothing is stored unless the whole file was read.
//! The manifest has no database crate, so the compiler keeps it so.
//!
//! Deliberately not here: the store, the commit of a reading (the application layer does it in
//! one transaction), rendering; the manifest lists only the domain.

pub mod catalog_import;
pub mod container;
pub mod cover;
pub mod limits;
pub mod matching;
pub mod normalise;
pub mod notices;
pub mod ods;
pub mod problems;
pub mod reader;
pub mod table;

use std::path::Path;

use serde::{Deserialize, Serialize};

use tenken_domain::catalog::{self, Catalog, Item};
use tenken_domain::model::{Scope, SupplierAnswer};
pub use tenken_domain::notice::Notice;
use tenken_domain::notice::{with_reason, Params};

pub use container::Format;
pub use cover::Cover;

/// A file-level problem: the file cannot be imported at all. Nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read from disk.
    #[error("the file cannot be read: {0}")]
    Io(problems::Unreadable),
    /// The bytes are not a spreadsheet Tenken reads.
    #[error("{0}")]
    NotASpreadsheet(problems::NotASpreadsheet),
    /// The workbook is password-protected.
    #[error("the workbook is password-protected (encrypted); save it without a password and import it again")]
    Encrypted,
    /// The file is truncated or its structure is broken.
    #[error("{0}")]
    Damaged(problems::Damaged),
    /// The file exceeds a cap (zip bomb, huge extent).
    #[error("{0}")]
    TooLarge(problems::TooLarge),
    /// The workbook holds nothing.
    #[error("{0}")]
    Empty(problems::Empty),
    /// No sheet has the checksheet header.
    #[error(
        "no sheet has a checksheet header: a row, within the first 30 rows, naming an answer column (回答 / 実施状況 / Answer) \
         and a No. or 要求事項 column"
    )]
    NoTable,
    /// The request is invalid (a scope the catalog does not have).
    #[error("{0}")]
    Invalid(tenken_domain::Error),
}

impl ImportError {
    /// Every code [`ImportError::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &[
        "import.io",
        "import.not_a_spreadsheet",
        "import.encrypted",
        "import.damaged",
        "import.too_large",
        "import.empty",
        "import.no_table",
        "import.invalid",
    ];

    /// The reasons each code can carry (`params()["reason"]`), for the check that the UI has a
    /// text for each (`import.invalid` carries the domain's reason for the scope it refuses).
    pub const REASONS: &'static [(&'static str, &'static [&'static str])] = &[
        ("import.io", problems::Unreadable::CODES),
        ("import.not_a_spreadsheet", problems::NotASpreadsheet::CODES),
        ("import.damaged", problems::Damaged::CODES),
        ("import.too_large", problems::TooLarge::CODES),
        ("import.empty", problems::Empty::CODES),
        ("import.invalid", tenken_domain::error::SCOPE_REASONS),
    ];

    /// The values the message is made of, by name (without `detail`, which the application
    /// layer adds): the `reason` and its values (limits, sizes, cells, parts).
    pub fn params(&self) -> Params {
        match self {
            ImportError::Io(r) => with_reason(r.code(), r.params()),
            ImportError::NotASpreadsheet(r) => with_reason(r.code(), r.params()),
            ImportError::Damaged(r) => with_reason(r.code(), r.params()),
            ImportError::TooLarge(r) => with_reason(r.code(), r.params()),
            ImportError::Empty(r) => with_reason(r.code(), r.params()),
            ImportError::Encrypted | ImportError::NoTable => Params::new(),
            ImportError::Invalid(e) => e.params(),
        }
    }

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Io(_) => "import.io",
            ImportError::NotASpreadsheet(_) => "import.not_a_spreadsheet",
            ImportError::Encrypted => "import.encrypted",
            ImportError::Damaged(_) => "import.damaged",
            ImportError::TooLarge(_) => "import.too_large",
            ImportError::Empty(_) => "import.empty",
            ImportError::NoTable => "import.no_table",
            ImportError::Invalid(_) => "import.invalid",
        }
    }
}

/// A warning or row error, located as Excel shows it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Sheet name.
    pub sheet: String,
    /// Row number, 1-based.
    pub row: Option<u32>,
    /// Column letters (`H`).
    pub column: Option<String>,
    /// Cell reference (`チェックシート!H22`).
    pub cell: Option<String>,
    /// What is wrong: code, parameters and English text (a [`notices::RowNotice`]).
    #[serde(flatten)]
    pub notice: Notice,
}

/// One answer read from the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAnswer {
    /// The catalog's item id (or the extra item's id).
    pub item_id: String,
    /// The normalised answer (unanswered when the cell was empty or unrecognised).
    pub answer: SupplierAnswer,
    /// The answer cell as written (after NFKC and trimming).
    pub raw: Option<String>,
    /// The remark (備考), if any.
    pub remark: Option<String>,
    /// Row, 1-based.
    pub row: u32,
    /// The answer cell (`チェックシート!H22`).
    pub cell: Option<String>,
}

/// An item the sheet carries but the catalog lacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraItem {
    /// The item built from the sheet's texts (no commentary).
    pub item: Item,
    /// Its answer.
    pub answer: RowAnswer,
}

/// Answers counted by kind (the model's counts, shared with scoring).
pub use tenken_domain::model::Counts;

/// Everything found in a checksheet, before anything is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The file name, when read from a file.
    pub file_name: Option<String>,
    /// The format recognised.
    pub format: Format,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// Scope the counts are over.
    pub scope: Scope,
    /// The sheet holding the table.
    pub sheet: String,
    /// The header row, 1-based.
    pub header_row: u32,
    /// Column roles found in the header, as column letters.
    pub columns: Vec<(table::Role, String)>,
    /// The answer column read, as letters.
    pub answer_column: Option<String>,
    /// Cover-sheet fields.
    pub cover: Cover,
    /// Answers to catalog items.
    pub answers: Vec<RowAnswer>,
    /// Items the catalog lacks.
    pub extra_items: Vec<ExtraItem>,
    /// Counts over the catalog's items in scope (items without a row count as unanswered).
    pub counts: Counts,
    /// Counts over the extra items.
    pub extra_counts: Counts,
    /// Warnings.
    pub warnings: Vec<Issue>,
    /// Row errors.
    pub errors: Vec<Issue>,
}

/// Read a checksheet from bytes: everything found, nothing stored.
pub fn read_checksheet(bytes: &[u8], catalog: &Catalog, scope: &Scope) -> Result<Reading, ImportError> {
    let scoped = catalog::in_scope(catalog, scope).map_err(ImportError::Invalid)?;
    let workbook = reader::read_workbook(bytes)?;
    let header = table::find_header(&workbook.sheets, Some(catalog)).ok_or(ImportError::NoTable)?;
    let grid = &workbook.sheets[header.sheet];
    let rows = matching::read_rows(grid, &header, catalog, scope);
    let cover = cover::read_cover(&workbook.sheets, header.sheet, header.row);
    let mut counts = Counts::default();
    let by_id: std::collections::HashMap<&str, SupplierAnswer> = rows.answers.iter().map(|a| (a.item_id.as_str(), a.answer)).collect();
    for s in &scoped {
        counts.add(by_id.get(s.item.id.as_str()).copied().unwrap_or(SupplierAnswer::Unanswered));
    }
    let mut extra_counts = Counts::default();
    for (_, a) in &rows.extras {
        extra_counts.add(a.answer);
    }
    let columns =
        header.columns.0.iter().flat_map(|(role, cols)| cols.iter().map(move |c| (*role, normalise::column_letters(*c)))).collect();
    Ok(Reading {
        file_name: None,
        format: workbook.format,
        catalog_id: catalog.id.clone(),
        catalog_version: catalog.version.clone(),
        scope: scope.clone(),
        sheet: grid.name.clone(),
        header_row: header.row + 1,
        columns,
        answer_column: rows.answer_column.map(normalise::column_letters),
        cover,
        answers: rows.answers,
        extra_items: rows.extras.into_iter().map(|(item, answer)| ExtraItem { item, answer }).collect(),
        counts,
        extra_counts,
        warnings: rows.warnings,
        errors: rows.errors,
    })
}

/// Read a checksheet file (at most [`limits::MAX_FILE_BYTES`]): everything found, nothing stored.
pub fn read_checksheet_file(path: &Path, catalog: &Catalog, scope: &Scope) -> Result<Reading, ImportError> {
    let bytes = read_file(path)?;
    let mut reading = read_checksheet(&bytes, catalog, scope)?;
    reading.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    Ok(reading)
}

/// Read a file's bytes, refusing files over the size cap before reading them.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let unreadable = |e: std::io::Error| ImportError::Io(problems::Unreadable::of(&e));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ImportError::Io(problems::Unreadable::NotAFile {}));
    }
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(too_large_file(meta.len()));
    }
    std::fs::read(path).map_err(unreadable)
}

/// The error for a file over [`limits::MAX_FILE_BYTES`] (`size` in bytes).
pub(crate) fn too_large_file(size: u64) -> ImportError {
    ImportError::TooLarge(problems::TooLarge::File { size: limits::mb(size), limit: limits::mb(limits::MAX_FILE_BYTES) })
}
