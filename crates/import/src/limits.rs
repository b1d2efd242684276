//! The caps every workbook is read under, so a hostile or broken file (zip bomb, a cell at
//! `XFD1048576`, a declared rectangle of billions of cells) is refused with a clear error instead
//! of exhausting memory or aborting the process.
//!
//! Invariant: no reader in this module tree allocates in proportion to a size the file *declares*;
//! only to what was actually read, and never beyond these caps.

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest uncompressed size of one part of a zip-based workbook.
pub const MAX_PART_BYTES: u64 = 48 * 1024 * 1024;
/// Largest uncompressed size of all parts of a zip-based workbook together.
pub const MAX_TOTAL_UNZIPPED: u64 = 256 * 1024 * 1024;
/// Most parts in a zip-based workbook.
pub const MAX_PARTS: usize = 10_000;
/// Rows read per sheet (a value below this row is refused).
pub const MAX_ROWS: u32 = 100_000;
/// Columns read per sheet (a value right of this column is refused).
pub const MAX_COLS: u32 = 1_024;
/// Non-empty cells read per workbook.
pub const MAX_CELLS: usize = 500_000;
/// Largest rectangle (rows × columns) a format whose reader builds a dense grid may declare
/// or span (xls, ods).
pub const MAX_AREA: u64 = 2_000_000;
/// Most cells of the rectangles calamine's xls reader reserves and builds, summed over every
/// sheet of the workbook: it builds every sheet's dense grid up front (and a workbook can list
/// one sheet's data under many names), so a per-sheet cap alone does not bound it.
pub const MAX_XLS_TOTAL_AREA: u64 = 4_000_000;
/// Most merged ranges read per sheet.
pub const MAX_MERGES: usize = 100_000;
/// Largest workbook stream of an xls file.
pub const MAX_XLS_STREAM: u64 = 64 * 1024 * 1024;
/// Most characters in one cell. Excel's own limit: a longer cell could not be written back by
/// the Excel export, so it is refused with its sheet and cell named. Checked on the text as the
/// reader produces it, before it is copied or normalised.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most bytes of cell text (UTF-8, after normalisation) kept for one workbook. A file can make
/// one string count many times (a shared string referenced by every cell, an ODS cell repeated
/// down rows and across columns, `text:s text:c="N"`), so the text is counted as each cell is
/// converted, not estimated from the file's size. 64 MB is some hundred times a real checksheet
/// (a few thousand cells of a few hundred characters) and keeps the importer's peak memory far
/// below the 2 GB the process may use.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Most cells covered by merged ranges per sheet, counted over every distinct merge (after
/// duplicates are dropped and each range is clipped to the cells read). Each covered cell costs
/// one index entry, so this bounds both the memory and the time merges take; a real checksheet
/// covers a few thousand cells.
pub const MAX_MERGED_CELLS: u64 = 2_000_000;
/// Most UTF-8 bytes one character of an xls string can become (BMP characters take at most 3),
/// used by the xls pre-scan to bound the text calamine's dense reader copies into every cell
/// that refers to a shared string (it clones the string per cell before Tenken sees it).
pub const XLS_UTF8_PER_CHAR: usize = 3;

/// Megabytes, for messages.
pub fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}
