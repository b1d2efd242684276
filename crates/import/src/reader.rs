//! Reading a workbook into plain grids of cleaned text, under the [`limits`](super::limits).
//!
//! xlsx/xlsm/xlsb are read with calamine's streaming cell readers (never `worksheet_range`, which
//! allocates the declared rectangle); shared strings arrive borrowed and every cell is counted
//! by a [`Budget`] as it is converted (characters per cell, cells and bytes of text per file).
//! xls is read with calamine's dense reader, but only from the compound file that
//! [`container::check`](super::container::check) rebuilt around the one workbook stream its
//! BIFF pre-scan checked. ods is read by Tenken's own streaming reader ([`ods`](super::ods)),
//! because calamine's expands repeats before anything can count them. Every calamine call runs
//! under `catch_unwind`, so a parser panic on a damaged file becomes a clear error.
//!
//! Invariant: merged cells are indexed per covered cell, deduplicated, clipped to the cells read
//! and capped ([`MAX_MERGED_CELLS`]); resolved on lookup ([`Grid::get`]). calamine reports no
//! merges for xlsb; they are read from the sheets' `BrtMergeCell` records ([`xlsb_merges`]).
//! It deliberately does not read formulas, styles or comments: only the values a supplier sees.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use calamine::{Data, DataRef, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::container::{self, Format};
use super::limits::*;
use super::normalise::{cell_ref, clean};
use super::problems::{Damaged, Empty, TooLarge};
use super::{ods, ImportError};

/// A merged range, 0-based inclusive (row, col) corners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Top-left cell.
    pub start: (u32, u32),
    /// Bottom-right cell.
    pub end: (u32, u32),
}

/// One non-empty cell: its cleaned text (NFKC, trimmed), and its date when the cell holds one.
#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    /// Cleaned text; dates as ISO `YYYY-MM-DD`, integral numbers without `.0`.
    pub text: String,
    /// The date, for date cells.
    pub date: Option<NaiveDate>,
}

/// One sheet as text.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Sheet name as in the workbook.
    pub name: String,
    cells: BTreeMap<(u32, u32), CellText>,
    /// Cells covered by merges → the merge's top-left cell.
    covered: HashMap<(u32, u32), (u32, u32)>,
    /// Last row and last column holding a value.
    last: Option<(u32, u32)>,
}

impl Grid {
    /// An empty sheet named `name`.
    pub(super) fn named(name: String) -> Grid {
        Grid { name, ..Default::default() }
    }

    /// The text at (row, col), 0-based, following merges to their top-left cell.
    pub fn get(&self, row: u32, col: u32) -> Option<&CellText> {
        if let Some(c) = self.cells.get(&(row, col)) {
            return Some(c);
        }
        let anchor = self.covered.get(&(row, col))?;
        self.cells.get(anchor)
    }

    /// True when (row, col) lies inside a merged range but is not its top-left cell.
    pub fn is_covered(&self, row: u32, col: u32) -> bool {
        self.covered.get(&(row, col)).is_some_and(|a| *a != (row, col))
    }

    /// The cleaned text at (row, col), or `""`.
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.get(row, col).map(|c| c.text.as_str()).unwrap_or("")
    }

    /// The last row holding a value (0-based), if any.
    pub fn last_row(&self) -> Option<u32> {
        self.last.map(|(r, _)| r)
    }

    /// The last column holding a value (0-based), if any.
    pub fn last_col(&self) -> Option<u32> {
        self.last.map(|(_, c)| c)
    }

    /// Add a cell.
    fn insert(&mut self, row: u32, col: u32, text: CellText) {
        self.last = Some(self.last.map_or((row, col), |(r, c)| (r.max(row), c.max(col))));
        self.cells.insert((row, col), text);
    }

    /// Record the merged ranges (after the cells). Only merges whose top-left cell holds a
    /// value matter; each is clipped to the last row and column holding a value (nothing is
    /// read beyond them), duplicates are dropped, and the cells they cover together are capped
    /// at [`MAX_MERGED_CELLS`], so the work is linear in the cells indexed and bounded whatever
    /// the file repeats.
    pub fn set_merges(&mut self, mut merges: Vec<Span>) -> Result<(), ImportError> {
        let Some((last_row, last_col)) = self.last else {
            return Ok(());
        };
        merges.retain(|m| m.start.0 <= m.end.0 && m.start.1 <= m.end.1 && self.cells.contains_key(&m.start));
        for m in &mut merges {
            m.end = (m.end.0.min(last_row), m.end.1.min(last_col));
        }
        merges.sort_unstable_by_key(|m| (m.start, m.end));
        merges.dedup();
        let mut covered = 0u64;
        for m in merges {
            covered += (m.end.0 - m.start.0 + 1) as u64 * (m.end.1 - m.start.1 + 1) as u64;
            if covered > MAX_MERGED_CELLS {
                return Err(ImportError::TooLarge(TooLarge::MergedCells { sheet: self.name.clone(), limit: MAX_MERGED_CELLS }));
            }
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    self.covered.entry((r, c)).or_insert(m.start);
                }
            }
        }
        Ok(())
    }

    /// The columns with a value in `row`.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (u32, &CellText)> {
        self.cells.range((row, 0)..=(row, u32::MAX)).map(|((_, c), v)| (*c, v))
    }

    /// True when the sheet holds no value.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Build a grid from (row, col, text) triples (tests, templates).
    pub fn from_cells(name: &str, cells: impl IntoIterator<Item = (u32, u32, String)>) -> Grid {
        let cells: Vec<((u32, u32), CellText)> =
            cells.into_iter().map(|(r, c, t)| ((r, c), CellText { text: clean(&t), date: None })).collect();
        let mut grid = Grid { name: name.to_string(), ..Default::default() };
        for ((r, c), t) in cells {
            grid.insert(r, c, t);
        }
        grid
    }

    /// Add merged spans (for grids built in code; see [`Grid::set_merges`]).
    pub fn with_merges(mut self, merges: Vec<Span>) -> Result<Grid, ImportError> {
        self.set_merges(merges)?;
        Ok(self)
    }
}

/// A workbook read as text grids, in sheet order.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The format recognised from the bytes.
    pub format: Format,
    /// The sheets, in workbook order.
    pub sheets: Vec<Grid>,
}

/// Read every sheet of a workbook, refusing files beyond the caps.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, ImportError> {
    let checked = container::check(bytes)?;
    let format = checked.format();
    let sheets = match parse_quietly(|| read_sheets(checked, bytes)) {
        Ok(r) => r?,
        Err(_) => return Err(ImportError::Damaged(Damaged::Unparsable {})),
    };
    if sheets.iter().all(Grid::is_empty) {
        return Err(ImportError::Empty(Empty::NoValues {}));
    }
    Ok(Workbook { format, sheets })
}

thread_local! {
    /// True while this thread runs a spreadsheet parser under `catch_unwind`.
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Run a parser, turning its panic into `Err(())`. The panic message is not printed: the
/// caller reports the file as damaged in one sentence. Panics elsewhere (other threads, or
/// this thread outside a parser) still reach the previous hook.
fn parse_quietly<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING.with(|p| p.set(true));
    let result = catch_unwind(AssertUnwindSafe(f)).map_err(|_| ());
    PARSING.with(|p| p.set(false));
    result
}

fn read_sheets(checked: container::Checked, bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    match checked {
        container::Checked::Xlsx => read_xlsx(bytes),
        container::Checked::Xlsb => read_xlsb(bytes),
        container::Checked::Xls(rebuilt) => read_xls(rebuilt),
        container::Checked::Ods => {
            container::ods_mimetype_ok(bytes)?;
            ods::read(bytes, &mut Budget::default())
        }
    }
}

fn damaged(e: impl std::fmt::Display) -> ImportError {
    let s = e.to_string();
    let lower = s.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ImportError::Encrypted;
    }
    ImportError::Damaged(Damaged::Reader { cause: s })
}

/// Counts what a workbook's readers keep, as they convert each cell: cells, and bytes of text.
/// Every cell goes through [`Budget::put`], so the caps hold whatever the file repeats or
/// shares, and a cell longer than [`MAX_CELL_CHARS`] is refused before it is copied.
#[derive(Debug, Default)]
pub(super) struct Budget {
    cells: usize,
    text_bytes: usize,
}

impl Budget {
    /// Refuse a cell's text as written when it is longer than Excel allows, before any copy.
    pub(super) fn check_chars(sheet: &str, row: u32, col: u32, raw: &str) -> Result<(), ImportError> {
        // A string of at most MAX_CELL_CHARS bytes has at most as many characters.
        if raw.len() <= MAX_CELL_CHARS {
            return Ok(());
        }
        let chars = raw.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(too_long(sheet, row, col, chars));
        }
        Ok(())
    }

    /// Refuse ahead when `cells` more cells holding `bytes` more bytes of text would pass the
    /// caps: for a repeat whose copies are all known (an ods row repeated), so it is refused
    /// before any copy is made. The same counts are taken again by [`Budget::put`].
    pub(super) fn ensure_room(&self, sheet: &str, cells: u64, bytes: u64) -> Result<(), ImportError> {
        if (self.cells as u64).saturating_add(cells) > MAX_CELLS as u64 {
            return Err(ImportError::TooLarge(TooLarge::RepeatCells { limit: MAX_CELLS as u64, sheet: sheet.to_string() }));
        }
        if (self.text_bytes as u64).saturating_add(bytes) > MAX_TEXT_BYTES as u64 {
            return Err(ImportError::TooLarge(TooLarge::RepeatText { limit: mb(MAX_TEXT_BYTES as u64), sheet: sheet.to_string() }));
        }
        Ok(())
    }

    /// Keep one converted cell in `grid`, refusing it beyond the row/column, cell and text caps.
    pub(super) fn put(&mut self, grid: &mut Grid, row: u32, col: u32, text: CellText) -> Result<(), ImportError> {
        let sheet = grid.name.as_str();
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(beyond_extent(cell_ref(sheet, row, col)));
        }
        // Normalisation (NFKC) can lengthen a text; the stored text obeys the cap too.
        Budget::check_chars(sheet, row, col, &text.text)?;
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(ImportError::TooLarge(TooLarge::Cells { limit: MAX_CELLS as u64 }));
        }
        self.text_bytes += text.text.len();
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(ImportError::TooLarge(TooLarge::Text { limit: mb(MAX_TEXT_BYTES as u64), cell: cell_ref(sheet, row, col) }));
        }
        grid.insert(row, col, text);
        Ok(())
    }
}

/// The error for a cell longer than [`MAX_CELL_CHARS`].
pub(super) fn too_long(sheet: &str, row: u32, col: u32, chars: usize) -> ImportError {
    ImportError::TooLarge(TooLarge::CellChars { cell: cell_ref(sheet, row, col), chars: chars as u64, limit: MAX_CELL_CHARS as u64 })
}

/// The error for a value at `cell`, beyond [`MAX_ROWS`] × [`MAX_COLS`].
fn beyond_extent(cell: String) -> ImportError {
    ImportError::TooLarge(TooLarge::Extent { cell, rows: MAX_ROWS as u64, cols: MAX_COLS as u64 })
}

fn excel_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = if is_1904 { NaiveDate::from_ymd_opt(1904, 1, 1)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
    epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// A number as text: integral numbers without `.0`.
pub(super) fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A text cell: checked against the per-cell cap before it is normalised (which copies it).
pub(super) fn text_cell(sheet: &str, row: u32, col: u32, raw: &str) -> Result<Option<CellText>, ImportError> {
    Budget::check_chars(sheet, row, col, raw)?;
    Ok(non_empty(CellText { text: clean(raw), date: None }))
}

fn non_empty(c: CellText) -> Option<CellText> {
    Some(c).filter(|c| !c.text.is_empty())
}

fn plain(t: String) -> Option<CellText> {
    non_empty(CellText { text: clean(&t), date: None })
}

fn from_data_ref(v: &DataRef<'_>, is_1904: bool, at: (&str, u32, u32)) -> Result<Option<CellText>, ImportError> {
    let (sheet, row, col) = at;
    Ok(match v {
        DataRef::Empty => None,
        DataRef::Int(i) => plain(i.to_string()),
        DataRef::Float(f) => plain(number_text(*f)),
        DataRef::String(s) => return text_cell(sheet, row, col, s),
        DataRef::SharedString(s) => return text_cell(sheet, row, col, s),
        DataRef::Bool(b) => plain(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(d) => date_cell(d.as_f64(), is_1904),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Budget::check_chars(sheet, row, col, s)?;
            iso_cell(s)
        }
        DataRef::Error(e) => plain(e.to_string()),
    }
    .and_then(non_empty))
}

fn from_data(v: &Data, at: (&str, u32, u32)) -> Result<Option<CellText>, ImportError> {
    let (sheet, row, col) = at;
    Ok(match v {
        Data::Empty => None,
        Data::Int(i) => plain(i.to_string()),
        Data::Float(f) => plain(number_text(*f)),
        Data::String(s) => return text_cell(sheet, row, col, s),
        Data::Bool(b) => plain(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => date_cell(d.as_f64(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Budget::check_chars(sheet, row, col, s)?;
            iso_cell(s)
        }
        Data::Error(e) => plain(e.to_string()),
    }
    .and_then(non_empty))
}

fn date_cell(serial: f64, is_1904: bool) -> Option<CellText> {
    match excel_date(serial, is_1904) {
        Some(d) => Some(CellText { text: d.format("%Y-%m-%d").to_string(), date: Some(d) }),
        None => Some(CellText { text: number_text(serial), date: None }),
    }
}

/// A cell holding an ISO date (or duration) as text: the date when it starts with one.
pub(super) fn iso_cell(s: &str) -> Option<CellText> {
    let date = s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let text = match date {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => clean(s),
    };
    non_empty(CellText { text, date })
}

fn check_merges(sheet: &str, merges: Vec<calamine::Dimensions>) -> Result<Vec<Span>, ImportError> {
    if merges.len() > MAX_MERGES {
        return Err(ImportError::TooLarge(TooLarge::Merges { sheet: sheet.to_string(), limit: MAX_MERGES as u64 }));
    }
    Ok(merges
        .into_iter()
        .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1 && d.start.0 < MAX_ROWS && d.start.1 < MAX_COLS)
        .map(|d| Span { start: d.start, end: d.end })
        .collect())
}

/// Put the cells a streaming reader (xlsx or xlsb) yields into `grid`, under the budget. Shared
/// strings arrive borrowed: the size check comes before any copy.
fn fill_grid<'a>(
    grid: &mut Grid,
    budget: &mut Budget,
    is_1904: bool,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, ImportError>,
) -> Result<(), ImportError> {
    while let Some(cell) = next()? {
        let (row, col) = cell.get_position();
        let Some(text) = from_data_ref(cell.get_value(), is_1904, (&grid.name, row, col))? else {
            continue;
        };
        budget.put(grid, row, col, text)?;
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let is_1904 = wb.has_1904_epoch();
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut grid = Grid { name: name.clone(), ..Default::default() };
        {
            let mut cells = wb.worksheet_cells_reader(&name).map_err(damaged)?;
            fill_grid(&mut grid, &mut budget, is_1904, || cells.next_cell().map_err(damaged))?;
        }
        grid.set_merges(check_merges(&name, wb.merge_cells_by_sheet_name(&name).unwrap_or_default())?)?;
        out.push(grid);
    }
    Ok(out)
}

fn read_xlsb(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut merges = xlsb_merges(bytes)?;
    let is_1904 = wb.has_1904_epoch();
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut grid = Grid { name: name.clone(), ..Default::default() };
        let mut cells = wb.worksheet_cells_reader(&name).map_err(damaged)?;
        fill_grid(&mut grid, &mut budget, is_1904, || cells.next_cell().map_err(damaged))?;
        grid.set_merges(check_merges(&name, merges.remove(&name).unwrap_or_default())?)?;
        out.push(grid);
    }
    Ok(out)
}

/// The merged ranges of each xlsb sheet, by sheet name. calamine reads none from xlsb, so they
/// are taken from the BIFF12 records: `BrtBundleSh` in `xl/workbook.bin` (sheet name and
/// relationship id), `xl/_rels/workbook.bin.rels` (the sheet's part) and the part's
/// `BrtMergeCell` records. Parts are read up to [`MAX_PART_BYTES`] (the container check bounded
/// them already); at most one merge more than [`MAX_MERGES`] is kept, so [`check_merges`]
/// refuses such a sheet. Anything malformed yields no merges for that sheet: calamine, reading
/// the same records, reports the damage.
fn xlsb_merges(bytes: &[u8]) -> Result<HashMap<String, Vec<calamine::Dimensions>>, ImportError> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut part = |name: &str| -> Result<Option<Vec<u8>>, ImportError> {
        let Ok(file) = zip.by_name(name) else { return Ok(None) };
        let mut out = Vec::new();
        file.take(MAX_PART_BYTES).read_to_end(&mut out).map_err(damaged)?;
        Ok(Some(out))
    };
    let (Some(book), Some(rels)) = (part("xl/workbook.bin")?, part("xl/_rels/workbook.bin.rels")?) else {
        return Ok(HashMap::new());
    };
    let targets = xlsb_rel_targets(&rels);
    let mut out = HashMap::new();
    for (kind, data) in biff12_records(&book) {
        let Some((rel, name)) = (kind == 0x009C).then(|| bundle_sheet(data)).flatten() else { continue };
        let Some(target) = targets.get(&rel) else { continue };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(sheet) = part(&path)? else { continue };
        let merges = biff12_records(&sheet)
            .filter(|(kind, data)| *kind == 0x00B0 && data.len() >= 16)
            .map(|(_, d)| {
                let at = |i: usize| u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]);
                // UncheckedRfX: rwFirst, rwLast, colFirst, colLast.
                calamine::Dimensions { start: (at(0), at(8)), end: (at(4), at(12)) }
            })
            .take(MAX_MERGES + 1)
            .collect();
        out.insert(name, merges);
    }
    Ok(out)
}

/// The records of a BIFF12 stream as (type, data), up to the first malformed one.
fn biff12_records(mut data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        // Type: 1–2 bytes, size: 1–4 bytes, 7 bits each, the high bit saying another follows.
        let mut varint = |max: usize| -> Option<usize> {
            let mut value = 0usize;
            for i in 0..max {
                let (&b, rest) = data.split_first()?;
                data = rest;
                value |= usize::from(b & 0x7F) << (7 * i);
                if b & 0x80 == 0 {
                    return Some(value);
                }
            }
            None
        };
        let kind = u16::try_from(varint(2)?).ok()?;
        let len = varint(4)?;
        let (record, rest) = data.split_at_checked(len)?;
        data = rest;
        Some((kind, record))
    })
}

/// A `BrtBundleSh` record's relationship id and sheet name.
fn bundle_sheet(data: &[u8]) -> Option<(String, String)> {
    // hsState (4), iTabID (4), strRelID (XLNullableWideString), strName (XLWideString).
    let wide = |at: usize| -> Option<(String, usize)> {
        let n = u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?);
        let end = at.checked_add(4)?.checked_add(usize::try_from(n).ok()?.checked_mul(2)?)?;
        let units: Vec<u16> = data.get(at + 4..end)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Some((String::from_utf16_lossy(&units), end))
    };
    let (rel, next) = wide(8)?;
    let (name, _) = wide(next)?;
    Some((rel, name))
}

/// Relationship id → target in `xl/_rels/workbook.bin.rels`.
fn xlsb_rel_targets(xml: &[u8]) -> HashMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let value = |key: &str| e.try_get_attribute(key).ok().flatten().map(|a| a.value.into_owned());
                if let (Some(id), Some(target)) = (value("Id"), value("Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Read an xls from the compound file [`container::checked_xls`] rebuilt: it holds only the
/// workbook stream the BIFF pre-scan checked (with formulas blanked), so calamine's dense
/// reader cannot be handed another stream or more cells and text than the pre-scan allowed.
fn read_xls(rebuilt: Vec<u8>) -> Result<Vec<Grid>, ImportError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(rebuilt)).map_err(damaged)?;
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(damaged)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid { name: name.clone(), ..Default::default() };
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
            let Some(text) = from_data(v, (&name, row, col))? else {
                continue;
            };
            budget.put(&mut grid, row, col, text)?;
        }
        // An xls file holds at most a few thousand merges per sheet (record size bounds them).
        grid.set_merges(check_merges(&name, wb.merge_cells_by_sheet_name(&name).unwrap_or_default())?)?;
        out.push(grid);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parser_panic_becomes_an_error() {
        assert_eq!(parse_quietly(|| 7), Ok(7));
        assert_eq!(parse_quietly(|| -> u8 { panic!("parser bug") }), Err(()));
        assert!(!PARSING.with(Cell::get), "the flag is reset after a panic");
    }

    #[test]
    fn biff12_records_stop_at_the_first_malformed_record() {
        // BrtMergeCell (type 0xB0: two bytes, 0xB0 0x01) of 16 bytes, then a record cut short.
        let mut data = vec![0xB0, 0x01, 16];
        data.extend((1u32..=4).flat_map(u32::to_le_bytes));
        data.extend([0x92, 0x01, 40, 1, 2, 3]);
        let records: Vec<(u16, &[u8])> = biff12_records(&data).collect();
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].0, records[0].1.len()), (0xB0, 16));
        assert_eq!(biff12_records(&[0xFF, 0xFF, 0xFF]).count(), 0, "an over-long type");
        let mut sheet = vec![0x9C, 0x01, 12];
        sheet.extend([0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert_eq!(bundle_sheet(&sheet[3..]), None, "a relationship id longer than the record");
    }
}
