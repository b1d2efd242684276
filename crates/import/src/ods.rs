//! Tenken's own streaming reader for an OpenDocument spreadsheet's `content.xml`: values and
//! merged (spanned) cells of every table, with the [`limits`](super::limits) applied while the
//! repeats are expanded.
//!
//! calamine's ods reader builds whole rows, repeats them and expands `text:s text:c="N"` before
//! anything can count them, so a file of a few kilobytes can ask it for gigabytes. This reader
//! streams the XML (quick-xml) and keeps, per row, one entry per written cell; a repeated cell
//! or row is copied only as the [`Budget`] admits each copy, and empty repeats cost nothing but
//! arithmetic. A cell's text is checked against [`MAX_CELL_CHARS`] before each piece is
//! appended, so a repeat count is refused before it is expanded.
//!
//! Handled: `table:table-row` / `table:table-cell` / `table:covered-table-cell` with
//! `number-rows-repeated` / `number-columns-repeated`, `number-rows-spanned` /
//! `number-columns-spanned`, `office:value-type` with `office:value`, `office:string-value`,
//! `office:boolean-value`, `office:date-value`, `office:time-value`, and text content from
//! `text:p`/`text:h` (one line each), `text:span`, `text:a`, `text:s text:c`, `text:tab`,
//! `text:line-break`. It deliberately does not read formulas (the cached value is what the
//! supplier saw), styles, annotations (comments), nor the content hidden in covered cells.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::limits::*;
use super::problems::{Damaged, TooLarge};
use super::reader::{iso_cell, number_text, text_cell, too_long, Budget, CellText, Grid, Span};
use super::ImportError;

/// Read every table of an ods (its container already size-checked by
/// [`container::check`](super::container::check)).
pub(super) fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Grid>, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(Damaged::OdsZip { cause: e.to_string() }))?;
    let part = zip.by_name("content.xml").map_err(|e| ImportError::Damaged(Damaged::OdsContent { cause: e.to_string() }))?;
    read_content(BufReader::new(part.take(MAX_PART_BYTES)), budget)
}

fn xml_error(e: impl std::fmt::Display) -> ImportError {
    ImportError::Damaged(Damaged::OdsXml { cause: e.to_string() })
}

/// A repeat or span count: absent, unparsable or zero counts as 1 (as LibreOffice reads it).
fn count_attr(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name).ok().flatten().and_then(|a| a.value.trim().parse().ok()).unwrap_or(1).max(1)
}

/// An attribute's value with entities resolved.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, ImportError> {
    match e.try_get_attribute(name).map_err(xml_error)? {
        None => Ok(None),
        Some(a) => Ok(Some(a.normalized_value(XmlVersion::Implicit1_0).map_err(xml_error)?.into_owned())),
    }
}

/// A value beyond [`MAX_ROWS`] × [`MAX_COLS`], at 0-based `row` and `col` (they may lie beyond
/// what `u32` cell references hold, so the message names them 1-based, not as a reference).
fn beyond_extent(sheet: &str, row: u64, col: u64) -> ImportError {
    let (sheet, row, col) = (sheet.to_string(), row.saturating_add(1), col.saturating_add(1));
    ImportError::TooLarge(TooLarge::ExtentFar { sheet, row, col, rows: MAX_ROWS as u64, cols: MAX_COLS as u64 })
}

/// As [`beyond_extent`], reached by a repeated row.
fn repeated_row(sheet: &str, row: u64, col: u64) -> ImportError {
    let (sheet, row, col) = (sheet.to_string(), row.saturating_add(1), col.saturating_add(1));
    ImportError::TooLarge(TooLarge::RepeatedRow { sheet, row, col, rows: MAX_ROWS as u64, cols: MAX_COLS as u64 })
}

/// A cell's text as it is built, never longer than [`MAX_CELL_CHARS`].
struct TextBuf {
    text: String,
    chars: usize,
    paragraphs: usize,
}

impl TextBuf {
    fn new() -> TextBuf {
        TextBuf { text: String::new(), chars: 0, paragraphs: 0 }
    }

    /// Append `n` copies of `c`, refusing before the text would pass the cap.
    fn push_repeated(&mut self, c: char, n: u64, at: &CellAt<'_>) -> Result<(), ImportError> {
        let total = (self.chars as u64).saturating_add(n);
        if total > MAX_CELL_CHARS as u64 {
            return Err(at.too_long(total));
        }
        self.text.extend(std::iter::repeat_n(c, n as usize));
        self.chars = total as usize;
        Ok(())
    }

    fn push_str(&mut self, s: &str, at: &CellAt<'_>) -> Result<(), ImportError> {
        let n = if s.len() <= MAX_CELL_CHARS {
            s.chars().count()
        } else {
            // Count no further than needed to know the cap is passed.
            s.chars().take(MAX_CELL_CHARS + 1).count()
        };
        let total = self.chars.saturating_add(n);
        if total > MAX_CELL_CHARS {
            return Err(at.too_long(total as u64));
        }
        self.text.push_str(s);
        self.chars = total;
        Ok(())
    }
}

/// Where the open cell is, for messages.
struct CellAt<'a> {
    sheet: &'a str,
    row: u64,
    col: u64,
}

impl CellAt<'_> {
    fn too_long(&self, chars: u64) -> ImportError {
        match (u32::try_from(self.row), u32::try_from(self.col)) {
            (Ok(r), Ok(c)) => too_long(self.sheet, r, c, chars as usize),
            _ => ImportError::TooLarge(TooLarge::CellCharsFar {
                sheet: self.sheet.to_string(),
                row: self.row.saturating_add(1),
                col: self.col.saturating_add(1),
                limit: MAX_CELL_CHARS as u64,
            }),
        }
    }
}

/// A cell being read: where it starts, its repeat and spans, and where its value comes from.
struct OpenCell {
    col: u64,
    repeat: u64,
    spans: (u64, u64),
    covered: bool,
    value_type: Option<String>,
    value: Option<String>,
    text: TextBuf,
}

/// One written cell of a row, kept once however often it repeats.
struct RowEntry {
    col: u64,
    repeat: u64,
    spans: (u64, u64),
    text: CellText,
}

/// The table being read.
struct Table {
    grid: Grid,
    /// The next row's index.
    row: u64,
    /// The open row's repeat count and next column.
    row_repeat: u64,
    col: u64,
    entries: Vec<RowEntry>,
    merges: Vec<Span>,
}

/// Read `content.xml`: every table, in document order.
fn read_content<R: BufRead>(input: R, budget: &mut Budget) -> Result<Vec<Grid>, ImportError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut table: Option<Table> = None;
    let mut cell: Option<OpenCell> = None;
    // Depth inside an element whose content is skipped (annotations, tables nested in cells).
    let mut skip = 0usize;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(xml_error)?;
        if skip > 0 {
            match ev {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => return Err(xml_error("it ends inside an element")),
                _ => {}
            }
            buf.clear();
            continue;
        }
        let is_empty = matches!(ev, Event::Empty(_));
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                if let (Some(c), Some(t)) = (cell.as_mut(), table.as_ref()) {
                    let at = CellAt { sheet: &t.grid.name, row: t.row, col: c.col };
                    match name {
                        "office:annotation" | "table:table" if !is_empty => skip = 1,
                        "text:p" | "text:h" => {
                            if c.text.paragraphs > 0 {
                                c.text.push_repeated('\n', 1, &at)?;
                            }
                            c.text.paragraphs += 1;
                        }
                        "text:s" => c.text.push_repeated(' ', count_attr(e, "text:c"), &at)?,
                        "text:tab" => c.text.push_repeated('\t', 1, &at)?,
                        "text:line-break" => c.text.push_repeated('\n', 1, &at)?,
                        _ => {}
                    }
                } else if let Some(t) = table.as_mut() {
                    match name {
                        "table:table-row" => {
                            t.row_repeat = count_attr(e, "table:number-rows-repeated");
                            t.col = 0;
                            t.entries.clear();
                            if is_empty {
                                finish_row(t, budget)?;
                            }
                        }
                        "table:table-cell" | "table:covered-table-cell" => {
                            let c = open_cell(e, t.col, name == "table:covered-table-cell")?;
                            if is_empty {
                                close_cell(t, c)?;
                            } else {
                                cell = Some(c);
                            }
                        }
                        "table:table" if !is_empty => skip = 1,
                        _ => {}
                    }
                } else if name == "table:table" && !is_empty {
                    table = Some(Table {
                        grid: Grid::named(attr(e, "table:name")?.unwrap_or_default()),
                        row: 0,
                        row_repeat: 1,
                        col: 0,
                        entries: Vec::new(),
                        merges: Vec::new(),
                    });
                }
            }
            Event::Text(t) => push_text(&mut cell, table.as_ref(), &t.xml10_content())?,
            Event::CData(t) => push_text(&mut cell, table.as_ref(), &t.xml10_content())?,
            Event::GeneralRef(r) => {
                if let (Some(c), Some(tb)) = (cell.as_mut(), table.as_ref()) {
                    let at = CellAt { sheet: &tb.grid.name, row: tb.row, col: c.col };
                    if let Some(ch) = r.resolve_char_ref().map_err(xml_error)? {
                        c.text.push_repeated(ch, 1, &at)?;
                    } else if let Some(s) = resolve_predefined_entity(&r.xml10_content()) {
                        c.text.push_str(s, &at)?;
                    }
                    // Other entities (declared in a DTD) are not expanded: no entity bombs.
                }
            }
            Event::End(e) => {
                let name = e.name();
                match name.as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let (Some(t), Some(c)) = (table.as_mut(), cell.take()) {
                            close_cell(t, c)?;
                        }
                    }
                    "table:table-row" if cell.is_none() => {
                        if let Some(t) = table.as_mut() {
                            finish_row(t, budget)?;
                        }
                    }
                    "table:table" if cell.is_none() => {
                        if let Some(mut t) = table.take() {
                            let merges = std::mem::take(&mut t.merges);
                            t.grid.set_merges(merges)?;
                            out.push(t.grid);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Append text read inside a cell (outside one, text is not cell content and is ignored).
fn push_text(cell: &mut Option<OpenCell>, table: Option<&Table>, text: &str) -> Result<(), ImportError> {
    if let (Some(c), Some(tb)) = (cell.as_mut(), table) {
        let at = CellAt { sheet: &tb.grid.name, row: tb.row, col: c.col };
        c.text.push_str(text, &at)?;
    }
    Ok(())
}

fn open_cell(e: &BytesStart<'_>, col: u64, covered: bool) -> Result<OpenCell, ImportError> {
    let value_type = attr(e, "office:value-type")?;
    let value_attr = match value_type.as_deref() {
        Some("float" | "percentage" | "currency") => "office:value",
        Some("date") => "office:date-value",
        Some("time") => "office:time-value",
        Some("boolean") => "office:boolean-value",
        _ => "office:string-value",
    };
    Ok(OpenCell {
        col,
        repeat: count_attr(e, "table:number-columns-repeated"),
        spans: (count_attr(e, "table:number-rows-spanned"), count_attr(e, "table:number-columns-spanned")),
        covered,
        value: if covered { None } else { attr(e, value_attr)? },
        value_type,
        text: TextBuf::new(),
    })
}

/// The value a finished cell shows: the typed value when the type gives one, else its text.
fn cell_value(t: &Table, c: OpenCell) -> Result<Option<CellText>, ImportError> {
    let (sheet, row, col) = (t.grid.name.as_str(), t.row, c.col);
    let (Ok(r), Ok(k)) = (u32::try_from(row), u32::try_from(col)) else {
        // Beyond any u32 index: only a value there is an error (reported by `close_cell`).
        let any = c.value.is_some() || !c.text.text.trim().is_empty();
        return Ok(any.then(|| CellText { text: "?".into(), date: None }));
    };
    let typed = match (c.value_type.as_deref(), c.value.as_deref()) {
        (Some("float" | "percentage" | "currency"), Some(v)) => {
            v.trim().parse::<f64>().ok().map(|f| CellText { text: number_text(f), date: None })
        }
        (Some("date" | "time"), Some(v)) => {
            Budget::check_chars(sheet, r, k, v)?;
            iso_cell(v)
        }
        (Some("boolean"), Some(v)) => {
            Some(CellText { text: if v.trim().eq_ignore_ascii_case("true") { "TRUE" } else { "FALSE" }.into(), date: None })
        }
        (_, Some(v)) if !v.is_empty() => text_cell(sheet, r, k, v)?,
        _ => None,
    };
    match typed {
        Some(v) => Ok(Some(v)),
        None => text_cell(sheet, r, k, &c.text.text),
    }
}

/// Account for a finished cell: keep it once for its row, with its repeat and spans.
fn close_cell(t: &mut Table, c: OpenCell) -> Result<(), ImportError> {
    let (col, repeat, spans, covered) = (c.col, c.repeat, c.spans, c.covered);
    t.col = col.saturating_add(repeat);
    if covered {
        return Ok(());
    }
    let Some(text) = cell_value(t, c)? else {
        return Ok(());
    };
    let last = col.saturating_add(repeat - 1);
    if last >= MAX_COLS as u64 || t.row >= MAX_ROWS as u64 {
        return Err(beyond_extent(&t.grid.name, t.row, last.max(col)));
    }
    t.entries.push(RowEntry { col, repeat, spans, text });
    Ok(())
}

/// A row ends: copy its cells into the grid once per repeat, each copy admitted by the budget
/// (so a repeat count is bounded by the caps, not by the file); then move past its repeats.
fn finish_row(t: &mut Table, budget: &mut Budget) -> Result<(), ImportError> {
    let entries = std::mem::take(&mut t.entries);
    if !entries.is_empty() {
        // Every copy is known now: refuse a repeat past the caps before making any.
        let last_row = t.row.saturating_add(t.row_repeat - 1);
        if last_row >= MAX_ROWS as u64 {
            return Err(repeated_row(&t.grid.name, last_row, entries[0].col));
        }
        let per_row = entries.iter().fold((0u64, 0u64), |(n, b), e| (n + e.repeat, b + e.repeat * e.text.text.len() as u64));
        budget.ensure_room(&t.grid.name, per_row.0.saturating_mul(t.row_repeat), per_row.1.saturating_mul(t.row_repeat))?;
        for k in 0..t.row_repeat {
            let row = t.row.saturating_add(k);
            let Ok(r) = u32::try_from(row).map_err(|_| ()).and_then(|r| if r < MAX_ROWS { Ok(r) } else { Err(()) }) else {
                return Err(repeated_row(&t.grid.name, row, entries[0].col));
            };
            for e in &entries {
                for j in 0..e.repeat {
                    // Both fit: close_cell refused columns at or past MAX_COLS.
                    let c = (e.col + j) as u32;
                    budget.put(&mut t.grid, r, c, e.text.clone())?;
                    if e.spans != (1, 1) {
                        if t.merges.len() >= MAX_MERGES {
                            return Err(ImportError::TooLarge(TooLarge::Merges { sheet: t.grid.name.clone(), limit: MAX_MERGES as u64 }));
                        }
                        let end_r = (r as u64 + e.spans.0 - 1).min(MAX_ROWS as u64 - 1) as u32;
                        let end_c = (c as u64 + e.spans.1 - 1).min(MAX_COLS as u64 - 1) as u32;
                        t.merges.push(Span { start: (r, c), end: (end_r, end_c) });
                    }
                }
            }
        }
    }
    t.row = t.row.saturating_add(t.row_repeat);
    t.row_repeat = 1;
    t.col = 0;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_xml(xml: &str) -> Result<Vec<Grid>, ImportError> {
        read_content(xml.as_bytes(), &mut Budget::default())
    }

    #[test]
    fn spans_repeats_and_values() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="S">
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="string"><text:p>x</text:p></table:table-cell><table:covered-table-cell><text:p>hidden</text:p></table:covered-table-cell><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c<text:tab/>d &amp; <text:span>e</text:span></text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-10-01"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell office:value-type="float" office:value="2.5" table:formula="of:=1+1.5"><text:p>2,5</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let grids = read_xml(xml).unwrap();
        let g = &grids[0];
        assert_eq!(g.name, "S");
        assert_eq!(g.text(2, 0), "x");
        assert_eq!(g.text(2, 1), "x", "covered cells resolve to the anchor");
        assert!(g.is_covered(3, 0), "the merge spans three rows (clipped to the last row read)");
        assert_eq!(g.text(2, 5), "1");
        assert_eq!(g.text(3, 0), "a  b\nc\td & e");
        assert_eq!(g.get(3, 1).unwrap().date, chrono::NaiveDate::from_ymd_opt(2024, 10, 1));
        assert_eq!(g.text(3, 2), "TRUE");
        assert_eq!(g.text(3, 3), "2.5");
    }

    #[test]
    fn repeated_cells_and_rows_are_copied() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>v</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        let g = &read_xml(xml).unwrap()[0];
        assert_eq!((g.text(0, 0), g.text(2, 1), g.text(3, 0)), ("v", "v", ""));
        assert_eq!((g.last_row(), g.last_col()), (Some(2), Some(1)));
    }

    #[test]
    fn a_value_repeated_down_a_million_rows_is_refused() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(matches!(read_xml(xml), Err(ImportError::TooLarge(_))));
    }

    #[test]
    fn a_huge_space_count_is_refused_before_it_is_expanded() {
        let xml = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        let e = read_xml(xml).unwrap_err().to_string();
        assert!(e.contains("S!A1") && e.contains("32767"), "{e}");
    }

    #[test]
    fn absurd_repeat_and_span_counts_do_not_overflow() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="18446744073709551615"><table:table-cell table:number-columns-spanned="18446744073709551615" table:number-rows-spanned="18446744073709551615"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="18446744073709551615" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(read_xml(xml).is_err());
    }
}
