#![allow(dead_code)]
//! Writers of small hostile workbooks, one per class of file that used to abort or stall the
//! importer (issue 19, point 6): a long shared string named by many cells (xlsx and xls), ods
//! cells whose value is expanded by repeats (`office:value`, formulas, `text:s text:c`), an
//! xls compound file holding more than one workbook stream, and one merged range repeated.
//! Shared by `tests/import_hostile.rs` and the fuzz seeds (`fuzz/src/make_seeds.rs`).
//!
//! Everything is written in Rust (zip, cfb and hand-written BIFF/XML), so the files are exactly
//! what the tests say they are.

use std::io::{Cursor, Write};

use super::{bof, rec};

/// A zip of `(name, content)` parts, deflated (the files stay small, as an attacker's would).
pub fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            z.start_file(*name, deflated).unwrap();
            z.write_all(content).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// A one-sheet xlsx from the sheet's `<sheetData>` body, an optional `<mergeCells>` body and
/// the shared strings.
pub fn xlsx(sheet_data: &str, merge_cells: &str, shared: &[String]) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let merges = if merge_cells.is_empty() { String::new() } else { format!("<mergeCells>{merge_cells}</mergeCells>") };
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>{merges}</worksheet>"#
    );
    let mut sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#,
        shared.len()
    );
    for s in shared {
        sst.push_str(&format!("<si><t>{s}</t></si>"));
    }
    sst.push_str("</sst>");
    zip_parts(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
    ])
}

/// Column letters of a 0-based column.
pub fn col_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// One shared string of `chars` characters named by `cells` cells (200 per row): the cells
/// together ask for `chars × cells` bytes of text (2 GB for 32,000 × 65,536) from a file of
/// some tens of kilobytes.
pub fn xlsx_shared_string_bomb(chars: usize, cells: usize) -> Vec<u8> {
    let mut data = String::new();
    let per_row = 200;
    for r in 0..cells.div_ceil(per_row) {
        data.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..per_row.min(cells - r * per_row) {
            data.push_str(&format!(r#"<c r="{}{}" t="s"><v>0</v></c>"#, col_letters(c as u32), r + 1));
        }
        data.push_str("</row>");
    }
    xlsx(&data, "", &["x".repeat(chars)])
}

/// One value in A1 and in `corner`, and the merge `range` repeated `times` times.
pub fn xlsx_repeated_merge(range: &str, corner: &str, times: usize) -> Vec<u8> {
    let data = format!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="{}"><c r="{corner}" t="s"><v>0</v></c></row>"#,
        corner.trim_start_matches(|c: char| c.is_ascii_alphabetic())
    );
    let merges = format!(r#"<mergeCell ref="{range}"/>"#).repeat(times);
    xlsx(&data, &merges, &["結合".to_string()])
}

/// Distinct, overlapping merges all anchored at A1 (`A1:B2`, `A1:B3`, … over `cols × rows`
/// corners), with values in A1 and at the far corner: each is new, so deduplication alone does
/// not bound them.
pub fn xlsx_overlapping_merges(cols: u32, rows: u32) -> Vec<u8> {
    let corner = format!("{}{}", col_letters(cols), rows + 1);
    let data = format!(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="{}"><c r="{corner}" t="s"><v>0</v></c></row>"#, rows + 1);
    let mut merges = String::new();
    for c in 1..=cols {
        for r in 2..=rows + 1 {
            merges.push_str(&format!(r#"<mergeCell ref="A1:{}{r}"/>"#, col_letters(c)));
        }
    }
    xlsx(&data, &merges, &["結合".to_string()])
}

/// An ods whose only table is `body` (rows), as LibreOffice would write it.
pub fn ods_table(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_parts(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// A cell repeated `cols` columns in a row repeated `rows` times.
pub fn ods_repeated(cell_attrs: &str, cell_body: &str, cols: u64, rows: u64) -> Vec<u8> {
    let cell = if cell_body.is_empty() {
        format!(r#"<table:table-cell {cell_attrs} table:number-columns-repeated="{cols}"/>"#)
    } else {
        format!(r#"<table:table-cell {cell_attrs} table:number-columns-repeated="{cols}">{cell_body}</table:table-cell>"#)
    };
    ods_table(&format!(r#"<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>"#))
}

/// The ods classes: (name, file). Each asks a reader that expands repeats for gigabytes.
pub fn ods_bombs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        // office:value without a value type: the old pre-pass saw no content, calamine a number.
        ("ods-office-value", ods_repeated(r#"office:value="1""#, "", 1024, 1_000_000)),
        // A long string value, repeated.
        (
            "ods-string-value",
            ods_repeated(&format!(r#"office:value-type="string" office:string-value="{}""#, "x".repeat(20_000)), "", 1000, 2000),
        ),
        // A formula, repeated (calamine keeps every repeat's formula text).
        ("ods-formula", ods_repeated(&format!(r#"table:formula="of:=&quot;{}&quot;""#, "x".repeat(20_000)), "", 1024, 100_000)),
        // text:s with a repeat count of four billion spaces, in one cell.
        ("ods-text-s-huge", ods_repeated(r#"office:value-type="string""#, r#"<text:p>a<text:s text:c="4000000000"/></text:p>"#, 1, 1)),
        // text:s just under the cell cap, repeated across and down.
        ("ods-text-s-repeated", ods_repeated(r#"office:value-type="string""#, r#"<text:p>a<text:s text:c="32000"/></text:p>"#, 1000, 1000)),
    ]
}

/// A BIFF8 workbook stream with one sheet: a shared string table holding one string of `chars`
/// Latin-1 characters (split over CONTINUE records as Excel writes it), and `cells` LabelSst
/// cells (200 per row) naming it.
pub fn xls_sst_bomb_stream(chars: u16, cells: usize) -> Vec<u8> {
    let mut g = Vec::new();
    bof(&mut g, 0x0005);
    rec(&mut g, 0x0042, &1200u16.to_le_bytes());
    for _ in 0..16 {
        rec(&mut g, 0x00E0, &[0u8; 20]);
    }
    let boundsheet_at = g.len();
    let mut bs = vec![0u8; 6];
    bs.extend_from_slice(&[6, 0]);
    bs.extend_from_slice(b"Sheet1");
    rec(&mut g, 0x0085, &bs);
    // SST: cstTotal, cstUnique, then cch, flags (compressed), chars; CONTINUE records carry
    // the rest, each starting with its own flags byte.
    let text = vec![b'x'; chars as usize];
    let mut sst = Vec::new();
    sst.extend_from_slice(&(cells as u32).to_le_bytes());
    sst.extend_from_slice(&1u32.to_le_bytes());
    sst.extend_from_slice(&chars.to_le_bytes());
    sst.push(0);
    let first = text.len().min(8000);
    sst.extend_from_slice(&text[..first]);
    rec(&mut g, 0x00FC, &sst);
    for chunk in text[first..].chunks(8000) {
        let mut d = vec![0u8];
        d.extend_from_slice(chunk);
        rec(&mut g, 0x003C, &d);
    }
    rec(&mut g, 0x000A, &[]);
    let pos = g.len() as u32;
    g[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&pos.to_le_bytes());
    let mut s = Vec::new();
    bof(&mut s, 0x0010);
    let per_row = 200usize;
    let rows = cells.div_ceil(per_row) as u32;
    let mut d = Vec::new();
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&rows.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&(per_row as u16).to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    rec(&mut s, 0x0200, &d);
    for i in 0..cells {
        let mut d = Vec::new();
        d.extend_from_slice(&((i / per_row) as u16).to_le_bytes());
        d.extend_from_slice(&((i % per_row) as u16).to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&0u32.to_le_bytes());
        rec(&mut s, 0x00FD, &d);
    }
    rec(&mut s, 0x000A, &[]);
    g.extend_from_slice(&s);
    g
}

/// A compound file holding the given streams (`/path` → bytes), storages created as needed,
/// in the order given (the order of the directory entries).
pub fn cfb_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    for (path, bytes) in streams {
        let parent = std::path::Path::new(path).parent().unwrap();
        if parent != std::path::Path::new("/") && !cf.exists(parent) {
            cf.create_storage_all(parent).unwrap();
        }
        let mut st = cf.create_stream(path).unwrap();
        st.write_all(bytes).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// The workbook stream of an xls written by `tests/import_support::xls`.
pub fn workbook_stream(xls: &[u8]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(xls)).unwrap();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut cf.open_stream("/Workbook").unwrap(), &mut out).unwrap();
    out
}

/// The xls classes with more than one workbook stream: a harmless root stream the pre-scan
/// checks, and a hostile one (`hostile`) that calamine finds first in the directory.
pub fn xls_two_streams(harmless: &[u8], hostile: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        // A storage holding a `Workbook` stream, before the root `Workbook`.
        ("xls-workbook-in-storage", cfb_file(&[("/A/Workbook", hostile), ("/Workbook", harmless)])),
        // A `Book` stream at the root, a `Workbook` stream in a storage.
        ("xls-book-and-workbook", cfb_file(&[("/S/Workbook", hostile), ("/Book", harmless)])),
    ]
}
