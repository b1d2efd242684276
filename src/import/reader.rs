//! Reading a workbook into plain grids of cleaned text, under the [`limits`](super::limits).
//!
//! xlsx/xlsm/xlsb are read with calamine's streaming cell readers (never `worksheet_range`, which
//! allocates the declared rectangle); xls and ods are read with calamine's dense readers only
//! after [`container::inspect`](super::container::inspect) and the ods pre-pass checked the
//! rectangle they will build. Every calamine call runs under `catch_unwind`, so a parser panic
//! on a damaged file becomes a clear error instead of a crash.
//!
//! Invariant: merged cells are kept as spans and resolved on lookup ([`Grid::get`]); a merge
//! covering a million cells costs one entry, not a million.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::container::{self, Format};
use super::limits::*;
use super::normalise::{cell_ref, clean};
use super::{ods_merges, ImportError};

/// A merged range, 0-based inclusive (row, col) corners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Top-left cell.
    pub start: (u32, u32),
    /// Bottom-right cell.
    pub end: (u32, u32),
}

impl Span {
    fn contains(&self, row: u32, col: u32) -> bool {
        (self.start.0..=self.end.0).contains(&row) && (self.start.1..=self.end.1).contains(&col)
    }
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
    /// Cells covered by small merges → the merge's top-left cell.
    covered: HashMap<(u32, u32), (u32, u32)>,
    /// Merges too large to index cell by cell (few; capped).
    big: Vec<Span>,
    /// Last row and last column holding a value.
    last: Option<(u32, u32)>,
}

/// Merges larger than this many cells are kept as spans rather than indexed per cell.
const INDEXED_MERGE_AREA: u64 = 4_096;
/// Cells indexed for merges per sheet.
const MAX_INDEXED_MERGE_CELLS: usize = 2_000_000;
/// Merges kept as spans per sheet.
const MAX_BIG_MERGES: usize = 1_000;

impl Grid {
    /// The text at (row, col), 0-based, following merges to their top-left cell.
    pub fn get(&self, row: u32, col: u32) -> Option<&CellText> {
        if let Some(c) = self.cells.get(&(row, col)) {
            return Some(c);
        }
        if let Some(anchor) = self.covered.get(&(row, col)) {
            return self.cells.get(anchor);
        }
        let span = self.big.iter().find(|m| m.contains(row, col))?;
        self.cells.get(&span.start)
    }

    /// True when (row, col) lies inside a merged range but is not its top-left cell.
    pub fn is_covered(&self, row: u32, col: u32) -> bool {
        self.covered
            .get(&(row, col))
            .is_some_and(|a| *a != (row, col))
            || self
                .big
                .iter()
                .any(|m| m.contains(row, col) && m.start != (row, col))
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
        self.last = Some(
            self.last
                .map_or((row, col), |(r, c)| (r.max(row), c.max(col))),
        );
        self.cells.insert((row, col), text);
    }

    /// Record the merged ranges (after the cells): only merges whose top-left cell holds a
    /// value matter. Refuses sheets with more large merges than [`MAX_BIG_MERGES`].
    pub fn set_merges(&mut self, merges: Vec<Span>) -> Result<(), ImportError> {
        for m in merges
            .into_iter()
            .filter(|m| self.cells.contains_key(&m.start))
        {
            let area = (m.end.0 - m.start.0 + 1) as u64 * (m.end.1 - m.start.1 + 1) as u64;
            if area <= INDEXED_MERGE_AREA
                && self.covered.len() + area as usize <= MAX_INDEXED_MERGE_CELLS
            {
                for r in m.start.0..=m.end.0 {
                    for c in m.start.1..=m.end.1 {
                        self.covered.entry((r, c)).or_insert(m.start);
                    }
                }
            } else {
                if self.big.len() >= MAX_BIG_MERGES {
                    return Err(ImportError::TooLarge(format!(
                        "sheet {} has more merged ranges than Tenken reads",
                        self.name
                    )));
                }
                self.big.push(m);
            }
        }
        Ok(())
    }

    /// The columns with a value in `row`.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (u32, &CellText)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, c), v)| (*c, v))
    }

    /// True when the sheet holds no value.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Build a grid from (row, col, text) triples (tests, templates).
    pub fn from_cells(name: &str, cells: impl IntoIterator<Item = (u32, u32, String)>) -> Grid {
        let cells: Vec<((u32, u32), CellText)> = cells
            .into_iter()
            .map(|(r, c, t)| {
                (
                    (r, c),
                    CellText {
                        text: clean(&t),
                        date: None,
                    },
                )
            })
            .collect();
        let mut grid = Grid {
            name: name.to_string(),
            ..Default::default()
        };
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
    let format = container::inspect(bytes)?;
    let sheets = match parse_quietly(|| read_sheets(format, bytes)) {
        Ok(r) => r?,
        Err(_) => {
            return Err(ImportError::Damaged(
                "the file is damaged: its spreadsheet data cannot be parsed".into(),
            ))
        }
    };
    if sheets.iter().all(Grid::is_empty) {
        return Err(ImportError::Empty(
            "the workbook has no values in any sheet".into(),
        ));
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

fn read_sheets(format: Format, bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    match format {
        Format::Xlsx => read_xlsx(bytes),
        Format::Xlsb => read_xlsb(bytes),
        Format::Xls => read_xls(bytes),
        Format::Ods => read_ods(bytes),
    }
}

fn damaged(e: impl std::fmt::Display) -> ImportError {
    let s = e.to_string();
    let lower = s.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ImportError::Encrypted;
    }
    ImportError::Damaged(format!("the file is damaged and cannot be read ({s})"))
}

/// Counts cells across the workbook and refuses values beyond the caps.
struct Budget {
    cells: usize,
}

impl Budget {
    fn admit(&mut self, sheet: &str, row: u32, col: u32) -> Result<(), ImportError> {
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(ImportError::TooLarge(format!(
                "{} holds a value beyond the {MAX_ROWS} rows × {MAX_COLS} columns Tenken reads; delete the stray cell and save again",
                cell_ref(sheet, row, col)
            )));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(ImportError::TooLarge(format!(
                "the workbook holds more than {MAX_CELLS} values"
            )));
        }
        Ok(())
    }
}

fn excel_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn from_data_ref(v: &DataRef<'_>, is_1904: bool) -> Option<CellText> {
    let plain = |t: String| {
        Some(CellText {
            text: clean(&t),
            date: None,
        })
    };
    match v {
        DataRef::Empty => None,
        DataRef::Int(i) => plain(i.to_string()),
        DataRef::Float(f) => plain(number_text(*f)),
        DataRef::String(s) => plain(s.clone()),
        DataRef::SharedString(s) => plain(s.to_string()),
        DataRef::Bool(b) => plain(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(d) => date_cell(d.as_f64(), is_1904),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso_cell(s),
        DataRef::Error(e) => plain(e.to_string()),
    }
    .filter(|c| !c.text.is_empty())
}

fn from_data(v: &Data) -> Option<CellText> {
    let plain = |t: String| {
        Some(CellText {
            text: clean(&t),
            date: None,
        })
    };
    match v {
        Data::Empty => None,
        Data::Int(i) => plain(i.to_string()),
        Data::Float(f) => plain(number_text(*f)),
        Data::String(s) => plain(s.clone()),
        Data::Bool(b) => plain(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => date_cell(d.as_f64(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => iso_cell(s),
        Data::Error(e) => plain(e.to_string()),
    }
    .filter(|c| !c.text.is_empty())
}

fn date_cell(serial: f64, is_1904: bool) -> Option<CellText> {
    match excel_date(serial, is_1904) {
        Some(d) => Some(CellText {
            text: d.format("%Y-%m-%d").to_string(),
            date: Some(d),
        }),
        None => Some(CellText {
            text: number_text(serial),
            date: None,
        }),
    }
}

fn iso_cell(s: &str) -> Option<CellText> {
    let date = s
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let text = match date {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => clean(s),
    };
    Some(CellText { text, date })
}

fn check_merges(sheet: &str, merges: Vec<calamine::Dimensions>) -> Result<Vec<Span>, ImportError> {
    if merges.len() > MAX_MERGES {
        return Err(ImportError::TooLarge(format!(
            "sheet {sheet} has more than {MAX_MERGES} merged ranges"
        )));
    }
    Ok(merges
        .into_iter()
        .filter(|d| {
            d.start.0 <= d.end.0
                && d.start.1 <= d.end.1
                && d.start.0 < MAX_ROWS
                && d.start.1 < MAX_COLS
        })
        .map(|d| Span {
            start: d.start,
            end: d.end,
        })
        .collect())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let is_1904 = wb.has_1904_epoch();
    let mut budget = Budget { cells: 0 };
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut grid = Grid {
            name: name.clone(),
            ..Default::default()
        };
        {
            let mut cells = wb.worksheet_cells_reader(&name).map_err(damaged)?;
            while let Some(cell) = cells.next_cell().map_err(damaged)? {
                let (row, col) = cell.get_position();
                let Some(text) = from_data_ref(cell.get_value(), is_1904) else {
                    continue;
                };
                budget.admit(&name, row, col)?;
                grid.insert(row, col, text);
            }
        }
        grid.set_merges(check_merges(
            &name,
            wb.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        )?)?;
        out.push(grid);
    }
    Ok(out)
}

fn read_xlsb(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(damaged)?;
    let is_1904 = wb.has_1904_epoch();
    let mut budget = Budget { cells: 0 };
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut grid = Grid {
            name: name.clone(),
            ..Default::default()
        };
        let mut cells = wb.worksheet_cells_reader(&name).map_err(damaged)?;
        while let Some(cell) = cells.next_cell().map_err(damaged)? {
            let (row, col) = cell.get_position();
            let Some(text) = from_data_ref(cell.get_value(), is_1904) else {
                continue;
            };
            budget.admit(&name, row, col)?;
            grid.insert(row, col, text);
        }
        out.push(grid);
    }
    Ok(out)
}

fn read_dense<R: Reader<Cursor<Vec<u8>>>>(
    wb: &mut R,
    merges: impl Fn(&R, &str) -> Vec<Span>,
) -> Result<Vec<Grid>, ImportError>
where
    R::Error: std::fmt::Display,
{
    let mut budget = Budget { cells: 0 };
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(damaged)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid {
            name: name.clone(),
            ..Default::default()
        };
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let Some(text) = from_data(v) else { continue };
            budget.admit(&name, row, col)?;
            grid.insert(row, col, text);
        }
        grid.set_merges(merges(wb, &name))?;
        out.push(grid);
    }
    Ok(out)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes.to_vec())).map_err(damaged)?;
    // An xls file holds at most a few thousand merges per sheet (record size bounds them).
    read_dense(&mut wb, |wb, name| {
        check_merges(name, wb.merge_cells_by_sheet_name(name).unwrap_or_default())
            .unwrap_or_default()
    })
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    container::ods_mimetype_ok(bytes)?;
    let layout = ods_merges::scan(bytes)?;
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes.to_vec())).map_err(damaged)?;
    read_dense(&mut wb, |_, name| {
        layout.merges.get(name).cloned().unwrap_or_default()
    })
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
}
