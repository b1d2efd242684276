//! Recognising the kind of file before any spreadsheet parser sees it, and checking its
//! container against the [`limits`](super::limits): zip parts are decompressed once into a sink
//! to learn their *real* size (declared sizes can lie), OLE files are checked for encryption,
//! and the BIFF records of an xls workbook are scanned for the rectangles and the text its
//! reader would allocate; the xls reader is then handed a compound file rebuilt around that
//! one checked stream ([`Checked::Xls`]).
//!
//! Invariant: what passes [`check`] can be handed to calamine without it allocating more than
//! the caps allow. It deliberately does not parse cell values: that is the readers' job.

use std::io::{Cursor, Read};

use super::limits::*;
use super::problems::{Damaged, Empty, NotASpreadsheet, TooLarge};
use super::ImportError;

/// The spreadsheet formats Tenken reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 workbook (`.xls`, BIFF8/BIFF5).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

/// What [`check`] found: the format, and for xls the compound file to hand the reader.
#[derive(Debug)]
pub enum Checked {
    /// An xlsx/xlsm workbook.
    Xlsx,
    /// An xlsb workbook.
    Xlsb,
    /// An xls workbook: a compound file rebuilt to hold only the workbook stream the BIFF
    /// pre-scan checked (formulas blanked), so the reader cannot see any other bytes.
    Xls(Vec<u8>),
    /// An ods spreadsheet.
    Ods,
}

impl Checked {
    /// The format recognised.
    pub fn format(&self) -> Format {
        match self {
            Checked::Xlsx => Format::Xlsx,
            Checked::Xlsb => Format::Xlsb,
            Checked::Xls(_) => Format::Xls,
            Checked::Ods => Format::Ods,
        }
    }
}

/// Recognise the format from the bytes (never from the file name) and check the container.
pub fn inspect(bytes: &[u8]) -> Result<Format, ImportError> {
    check(bytes).map(|c| c.format())
}

/// Recognise and check the file as [`inspect`] does, keeping what the reader needs: for xls,
/// the rebuilt compound file holding only the checked workbook stream.
pub fn check(bytes: &[u8]) -> Result<Checked, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty(Empty::ZeroBytes {}));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(super::too_large_file(bytes.len() as u64));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(match inspect_zip(bytes)? {
            Format::Xlsx => Checked::Xlsx,
            Format::Xlsb => Checked::Xlsb,
            _ => Checked::Ods,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return inspect_ole(bytes).map(Checked::Xls);
    }
    if bytes.starts_with(b"PK") {
        return Err(ImportError::Damaged(Damaged::ZipSignature {}));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<html") || head.contains("<table") {
        return Err(ImportError::NotASpreadsheet(NotASpreadsheet::Html {}));
    }
    Err(ImportError::NotASpreadsheet(NotASpreadsheet::Unknown {}))
}

fn inspect_zip(bytes: &[u8]) -> Result<Format, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(Damaged::Zip { cause: e.to_string() }))?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::TooLarge(TooLarge::Parts { parts: zip.len() as u64, limit: MAX_PARTS as u64 }));
    }
    let names: Vec<String> = zip.file_names().map(|n| n.map(|n| n.into_owned()).unwrap_or_default()).collect();
    let format = zip_format(&names)?;
    let mut total = 0u64;
    for (i, name) in names.iter().enumerate() {
        let mut part = zip.by_index(i).map_err(|e| ImportError::Damaged(Damaged::Part { part: name.clone(), cause: e.to_string() }))?;
        if part.encrypted() {
            return Err(ImportError::Encrypted);
        }
        let name = name.clone();
        let real = std::io::copy(&mut (&mut part).take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| ImportError::Damaged(Damaged::PartInflate { part: name.clone(), cause: e.to_string() }))?;
        if real > MAX_PART_BYTES {
            return Err(ImportError::TooLarge(TooLarge::Part { part: name, limit: mb(MAX_PART_BYTES) }));
        }
        total += real;
        if total > MAX_TOTAL_UNZIPPED {
            return Err(ImportError::TooLarge(TooLarge::Unzipped { limit: mb(MAX_TOTAL_UNZIPPED) }));
        }
    }
    Ok(format)
}

fn zip_format(names: &[String]) -> Result<Format, ImportError> {
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("content.xml") {
        return Ok(Format::Ods);
    }
    if has("word/document.xml") {
        return Err(ImportError::NotASpreadsheet(NotASpreadsheet::Word {}));
    }
    if has("ppt/presentation.xml") {
        return Err(ImportError::NotASpreadsheet(NotASpreadsheet::Powerpoint {}));
    }
    Err(ImportError::NotASpreadsheet(NotASpreadsheet::Zip {}))
}

/// Check an ODS mimetype part says spreadsheet (a text document has content.xml too).
pub fn ods_mimetype_ok(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(Damaged::ZipBare { cause: e.to_string() }))?;
    let Ok(mut part) = zip.by_name("mimetype") else {
        return Ok(());
    };
    let mut s = String::new();
    let _ = (&mut part).take(200).read_to_string(&mut s);
    if s.trim().is_empty() || s.contains("spreadsheet") {
        Ok(())
    } else {
        Err(ImportError::NotASpreadsheet(NotASpreadsheet::OpenDocument { mimetype: s.trim().to_string() }))
    }
}

/// Check an OLE file's workbook stream and rebuild a compound file around it alone.
///
/// A compound file can hold several streams named `Workbook` or `Book` (in storages, or both
/// names); calamine takes the first one of its directory, whatever its path. Tenken checks the
/// root `Workbook` (else `Book`) stream and hands calamine a new compound file holding only
/// that stream, so the pre-scan and the reader see the same bytes by construction.
fn inspect_ole(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(Damaged::Ole { cause: e.to_string() }))?;
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(ImportError::Encrypted);
    }
    let stream_name = ["/Workbook", "/Book"].into_iter().find(|n| cf.is_stream(n));
    let Some(stream_name) = stream_name else {
        return Err(ImportError::NotASpreadsheet(NotASpreadsheet::Ole {}));
    };
    let mut stream = Vec::new();
    cf.open_stream(stream_name)
        .and_then(|s| s.take(MAX_XLS_STREAM + 1).read_to_end(&mut stream))
        .map_err(|e| ImportError::Damaged(Damaged::Stream { cause: e.to_string() }))?;
    if stream.len() as u64 > MAX_XLS_STREAM {
        return Err(ImportError::TooLarge(TooLarge::XlsStream { limit: mb(MAX_XLS_STREAM) }));
    }
    scan_biff(&mut stream)?;
    rebuild_ole(&stream)
}

/// A compound file holding `stream` as its only stream, `/Workbook`.
fn rebuild_ole(stream: &[u8]) -> Result<Vec<u8>, ImportError> {
    let failed = |e: std::io::Error| ImportError::Damaged(Damaged::StreamCopy { cause: e.to_string() });
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(failed)?;
    {
        let mut w = out.create_stream("/Workbook").map_err(failed)?;
        std::io::Write::write_all(&mut w, stream).map_err(failed)?;
    }
    out.flush().map_err(failed)?;
    Ok(out.into_inner().into_inner())
}

/// BIFF records as calamine's `RecordIter` groups them: each record with the CONTINUE
/// records (0x003C) that follow it, and the record's offset in the stream.
fn grouped_records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, Vec<&[u8]>)> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rest = stream.get(at..)?;
        if rest.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let data = rest.get(4..4 + len)?;
        let start = at;
        at += 4 + len;
        let mut parts = vec![data];
        if stream.len() > at + 4 && u16_at(stream, at) == Some(0x003C) {
            while stream.len() > at + 4 && u16_at(stream, at) == Some(0x003C) {
                let len = u16_at(stream, at + 2).unwrap_or(0) as usize;
                let Some(d) = stream.get(at + 4..at + 4 + len) else {
                    break;
                };
                parts.push(d);
                at += 4 + len;
            }
        }
        Some((start, typ, parts))
    })
}

/// The character count of every string of an SST record (with its CONTINUE parts), walked the
/// way calamine reads them; `None` when the record is malformed (calamine refuses it too).
fn sst_lengths(parts: &[&[u8]]) -> Option<Vec<u32>> {
    let mut parts = parts.iter();
    let mut data: &[u8] = parts.next()?.get(8..)?;
    let mut out = Vec::new();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(p) => data = p,
                None => break,
            }
            if data.is_empty() {
                out.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            return None;
        }
        let cch = u16::from_le_bytes([data[0], data[1]]) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = u16_at(data, 0)? as usize;
            data = &data[2..];
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            ext = i32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
            data = &data[4..];
        }
        let mut high = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let l = if high { left.min(data.len() / 2) } else { left.min(data.len()) };
            data = &data[if high { 2 * l } else { l }..];
            left -= l;
            if left > 0 {
                data = parts.next()?;
                high = *data.first()? & 0x1 != 0;
                data = &data[1..];
            }
        }
        let mut skip = runs.checked_mul(4)?.checked_add(ext)?;
        while skip > 0 {
            if data.is_empty() {
                data = parts.next()?;
            }
            let l = skip.min(data.len());
            data = &data[l..];
            skip -= l;
        }
        out.push(cch as u32);
    }
    Some(out)
}
fn u16_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What the pre-scan counts over the whole workbook stream.
#[derive(Default)]
struct Tally {
    /// Cells of the rectangles calamine reserves or builds, summed over sheets.
    area: u64,
    /// Upper bound of the bytes of text calamine copies into cells.
    text: usize,
    /// Offsets of FORMULA records' token lengths, to blank.
    formulas: Vec<usize>,
}

impl Tally {
    fn add_area(&mut self, area: u64) -> Result<(), ImportError> {
        self.area = self.area.saturating_add(area);
        if self.area > MAX_XLS_TOTAL_AREA {
            return Err(ImportError::TooLarge(TooLarge::XlsArea { limit: MAX_XLS_TOTAL_AREA }));
        }
        Ok(())
    }

    fn add_text(&mut self, bytes: usize) -> Result<(), ImportError> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(ImportError::TooLarge(TooLarge::XlsText { limit: mb(MAX_TEXT_BYTES as u64) }));
        }
        Ok(())
    }
}

/// A sheet's name from its BoundSheet8 record, for messages (best effort).
fn boundsheet_name(d: &[u8]) -> String {
    let cch = d.get(6).copied().unwrap_or(0) as usize;
    let flags = d.get(7).copied().unwrap_or(0);
    let name = d.get(8..).unwrap_or_default();
    if flags & 1 != 0 {
        let units: Vec<u16> = name.chunks_exact(2).take(cch).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        name.iter().take(cch).map(|b| *b as char).collect()
    }
}

/// Scan the workbook stream the way calamine's xls reader walks it: refuse encryption, any
/// sheet whose declared dimensions or used cells span more than [`MAX_AREA`] cells (or all
/// sheets more than [`MAX_XLS_TOTAL_AREA`]), a cell naming a shared string longer than
/// [`MAX_CELL_CHARS`], and more cell text than [`MAX_TEXT_BYTES`] (calamine copies a shared
/// string into every cell naming it). Then blank every formula's tokens (same record length,
/// so no offset moves): Tenken reads cached values only, and calamine's formula text can be far
/// longer than the tokens it comes from.
fn scan_biff(stream: &mut [u8]) -> Result<(), ImportError> {
    let mut sheets = Vec::new();
    let mut sst: Vec<u32> = Vec::new();
    for (_, typ, parts) in grouped_records(stream) {
        let d = parts[0];
        match typ {
            0x002F if u16_at(d, 0).unwrap_or(0) != 0 => return Err(ImportError::Encrypted),
            0x0085 => sheets.extend(u32_at(d, 0).map(|pos| (pos, boundsheet_name(d)))),
            0x00FC => sst = sst_lengths(&parts).ok_or(ImportError::Damaged(Damaged::SharedStrings {}))?,
            0x000A => break,
            _ => {}
        }
    }
    let mut tally = Tally::default();
    for (pos, name) in &sheets {
        let Some(sheet) = stream.get(*pos as usize..) else {
            return Err(ImportError::Damaged(Damaged::SheetOffset {}));
        };
        scan_sheet(sheet, *pos as usize, name, &sst, &mut tally)?;
    }
    for at in tally.formulas {
        if let Some(cce) = stream.get_mut(at..at + 2) {
            cce.copy_from_slice(&[0, 0]);
        }
    }
    Ok(())
}

/// Bounding box of cells, as calamine's `Range::from_sparse` computes it.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.rows = Some(self.rows.map_or((row, row), |(a, b)| (a.min(row), b.max(row))));
        self.cols = Some(self.cols.map_or((col, col), |(a, b)| (a.min(col), b.max(col))));
    }
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64,
            _ => 0,
        }
    }
}

fn scan_sheet(sheet: &[u8], base: usize, name: &str, sst: &[u32], tally: &mut Tally) -> Result<(), ImportError> {
    let mut extent = Extent::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (at, typ, parts) in grouped_records(sheet) {
        let d = parts[0];
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => tally.add_area(check_dimensions(d)?)?,
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0207 => {
                if let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) {
                    if typ != 0x0207 {
                        extent.add(r, c);
                    }
                    match typ {
                        // LabelSst: calamine clones the shared string into the cell.
                        0x00FD => {
                            let chars = u32_at(d, 6).and_then(|i| sst.get(i as usize)).copied().unwrap_or(0) as usize;
                            if chars > MAX_CELL_CHARS {
                                return Err(super::reader::too_long(name, r, c, chars));
                            }
                            tally.add_text(chars * XLS_UTF8_PER_CHAR)?;
                        }
                        // Inline strings: at most the record's bytes, each one character.
                        0x0204 | 0x00D6 | 0x0207 => tally.add_text(d.len() * XLS_UTF8_PER_CHAR)?,
                        0x0006 if d.len() >= 22 => tally.formulas.push(base + at + 4 + 20),
                        _ => {}
                    }
                }
            }
            0x00BD if d.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len() - 2)) {
                    extent.add(r, c0);
                    extent.add(r, c1.max(c0));
                }
            }
            0x000A => break,
            _ => {}
        }
        if extent.area() > MAX_AREA {
            return Err(too_wide());
        }
    }
    tally.add_area(extent.area())
}

fn too_wide() -> ImportError {
    ImportError::TooLarge(TooLarge::Area { limit: MAX_AREA })
}

/// calamine reserves `rows × cols` cells from the Dimensions record before reading any cell:
/// the area it reserves (0 when calamine ignores the record).
fn check_dimensions(d: &[u8]) -> Result<u64, ImportError> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return Ok(0), // calamine refuses the file itself
    };
    let (Some(rf), Some(rl), Some(cf0), Some(cl)) = (rf, rl, cf.take(), cl) else {
        return Ok(0);
    };
    cf = Some(if cf0 > 0xFF || cl < cf0 { 0 } else { cf0 });
    let cf = cf.unwrap_or(0);
    if rl < 1 || cl < 1 {
        return Ok(0);
    }
    let (end_r, end_c) = (rl - 1, cl - 1);
    if end_r < rf || end_c < cf {
        return Err(ImportError::Damaged(Damaged::Dimensions {}));
    }
    let area = (end_r - rf + 1) as u64 * (end_c - cf + 1) as u64;
    if area > MAX_AREA {
        return Err(too_wide());
    }
    Ok(area)
}
