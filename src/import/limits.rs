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
/// Most merged ranges read per sheet.
pub const MAX_MERGES: usize = 100_000;
/// Largest workbook stream of an xls file.
pub const MAX_XLS_STREAM: u64 = 64 * 1024 * 1024;

/// Megabytes, for messages.
pub fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}
