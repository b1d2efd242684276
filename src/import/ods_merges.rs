//! A pre-pass over an OpenDocument spreadsheet's `content.xml`: the merged (spanned) cells of each
//! table, which calamine does not report for ods, and the extent of each table's non-empty
//! cells including repeats, so a file that would make the dense reader allocate billions of
//! cells is refused first.
//!
//! Invariant: the pass streams the XML (quick-xml) and never expands a repeat count; memory is
//! bounded by the number of merges (capped) and tables.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::*;
use super::reader::Span;
use super::ImportError;

/// What the pre-pass learnt about each table, by table name.
#[derive(Debug, Default)]
pub struct OdsLayout {
    /// Merged spans per table name.
    pub merges: BTreeMap<String, Vec<Span>>,
}

#[derive(Default)]
struct TableState {
    name: String,
    row: u64,
    col: u64,
    row_repeat: u64,
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
    merges: Vec<Span>,
}

impl TableState {
    fn add_extent(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        self.rows = Some(self.rows.map_or((r0, r1), |(a, b)| (a.min(r0), b.max(r1))));
        self.cols = Some(self.cols.map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))));
    }
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

fn attr_u64(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr_str(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        a.value
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    })
}

/// Read `content.xml` of an ods (already size-checked by the container inspection).
pub fn scan(bytes: &[u8]) -> Result<OdsLayout, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Damaged(e.to_string()))?;
    let part = zip.by_name("content.xml").map_err(|e| {
        ImportError::Damaged(format!(
            "the file is damaged: content.xml cannot be read ({e})"
        ))
    })?;
    scan_content(BufReader::new(part.take(MAX_PART_BYTES)))
}

/// A cell being read: where it starts, its spans and repeats, and whether it holds anything.
struct OpenCell {
    start_col: u64,
    repeat: u64,
    spans: (u64, u64),
    has_content: bool,
}

fn scan_content<R: std::io::BufRead>(input: R) -> Result<OdsLayout, ImportError> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut layout = OdsLayout::default();
    let mut table: Option<TableState> = None;
    let mut cell: Option<OpenCell> = None;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            ImportError::Damaged(format!(
                "the file is damaged: content.xml is not well-formed ({e})"
            ))
        })?;
        let (is_start, is_empty) = (matches!(ev, Event::Start(_)), matches!(ev, Event::Empty(_)));
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                match name.as_ref() {
                    "table:table" if is_start && cell.is_none() => {
                        table = Some(TableState {
                            name: attr_str(e, "table:name").unwrap_or_default(),
                            ..Default::default()
                        });
                    }
                    "table:table-row" if cell.is_none() => {
                        if let Some(t) = table.as_mut() {
                            t.col = 0;
                            t.row_repeat = attr_u64(e, "table:number-rows-repeated");
                            if is_empty {
                                t.row = t.row.saturating_add(t.row_repeat);
                            }
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if cell.is_none() => {
                        if let Some(t) = table.as_mut() {
                            let c = OpenCell {
                                start_col: t.col,
                                repeat: attr_u64(e, "table:number-columns-repeated"),
                                spans: (
                                    attr_u64(e, "table:number-rows-spanned"),
                                    attr_u64(e, "table:number-columns-spanned"),
                                ),
                                has_content: e
                                    .try_get_attribute("office:value-type")
                                    .ok()
                                    .flatten()
                                    .is_some(),
                            };
                            if is_empty {
                                close_cell(t, c)?;
                            } else {
                                cell = Some(c);
                            }
                        }
                    }
                    "text:p" | "text:span" | "text:s" => {
                        if let Some(c) = cell.as_mut() {
                            c.has_content = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) => {
                if let Some(c) = cell.as_mut() {
                    c.has_content = true;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(t), Some(c)) = (table.as_mut(), cell.take()) {
                        close_cell(t, c)?;
                    }
                }
                "table:table-row" if cell.is_none() => {
                    if let Some(t) = table.as_mut() {
                        t.row = t.row.saturating_add(t.row_repeat);
                    }
                }
                "table:table" if cell.is_none() => {
                    if let Some(t) = table.take() {
                        layout.merges.insert(t.name, t.merges);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(layout)
}

/// Account for a finished cell: its extent if it holds something, its merge if it spans.
fn close_cell(t: &mut TableState, c: OpenCell) -> Result<(), ImportError> {
    t.col = c.start_col.saturating_add(c.repeat);
    if c.has_content {
        let (r0, c0) = (t.row, c.start_col);
        let (r1, c1) = (t.row.saturating_add(t.row_repeat - 1), c.start_col.saturating_add(c.repeat - 1));
        if r1 >= MAX_ROWS as u64 || c1 >= MAX_COLS as u64 {
            return Err(ImportError::TooLarge(format!(
                "sheet {} has a value at row {} column {}, beyond the {MAX_ROWS} rows × {MAX_COLS} columns Tenken reads",
                t.name,
                r1.saturating_add(1),
                c1.saturating_add(1)
            )));
        }
        t.add_extent(r0, r1, c0, c1);
        if t.area() > MAX_AREA {
            return Err(ImportError::TooLarge(format!(
                "sheet {} spans more than {MAX_AREA} cells (repeated or far-apart values); Tenken refuses it",
                t.name
            )));
        }
    }
    let (rs, cs) = c.spans;
    if (rs > 1 || cs > 1) && t.row < MAX_ROWS as u64 && c.start_col < MAX_COLS as u64 {
        if t.merges.len() >= MAX_MERGES {
            return Err(ImportError::TooLarge(format!(
                "sheet {} has more than {MAX_MERGES} merged ranges",
                t.name
            )));
        }
        let end_r = t.row.saturating_add(rs - 1).min(MAX_ROWS as u64 - 1) as u32;
        let end_c = c.start_col.saturating_add(cs - 1).min(MAX_COLS as u64 - 1) as u32;
        t.merges.push(Span {
            start: (t.row as u32, c.start_col as u32),
            end: (end_r, end_c),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_repeats() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="S">
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="string"><text:p>x</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let layout = scan_content(xml.as_bytes()).unwrap();
        assert_eq!(
            layout.merges["S"],
            vec![Span {
                start: (2, 0),
                end: (4, 1)
            }]
        );
    }

    #[test]
    fn a_value_repeated_down_a_million_rows_is_refused() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(matches!(
            scan_content(xml.as_bytes()),
            Err(ImportError::TooLarge(_))
        ));
    }

    #[test]
    fn absurd_repeat_and_span_counts_do_not_overflow() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="18446744073709551615"><table:table-cell table:number-columns-spanned="18446744073709551615" table:number-rows-spanned="18446744073709551615"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="18446744073709551615" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(scan_content(xml.as_bytes()).is_err());
    }
}
