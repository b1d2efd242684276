//! Recognising the kind of file before any spreadsheet parser sees it, and checking its
//! container against the [`limits`](super::limits): zip parts are decompressed once into a sink
//! to learn their *real* size (declared sizes can lie), OLE files are checked for encryption,
//! and the BIFF records of an xls workbook are scanned for the rectangles its reader would
//! allocate.
//!
//! Invariant: a file that passes [`inspect`] can be handed to calamine without it allocating
//! more than the caps allow.

use std::io::{Cursor, Read};

use super::limits::*;
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

/// Recognise the format from the bytes (never from the file name) and check the container.
pub fn inspect(bytes: &[u8]) -> Result<Format, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty("the file is empty (0 bytes)".into()));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(format!(
            "the file is {} MB; Tenken reads checksheets up to {} MB",
            mb(bytes.len() as u64),
            mb(MAX_FILE_BYTES)
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return inspect_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return inspect_ole(bytes);
    }
    if bytes.starts_with(b"PK") {
        return Err(ImportError::Damaged(
            "the zip container is damaged (bad signature)".into(),
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<html") || head.contains("<table") {
        return Err(ImportError::NotASpreadsheet(
            "it is an HTML page saved with a spreadsheet name; open it in Excel and save it as .xlsx".into(),
        ));
    }
    Err(ImportError::NotASpreadsheet(
        "it is not a spreadsheet (xlsx, xlsm, xlsb, xls or ods)".into(),
    ))
}

fn inspect_zip(bytes: &[u8]) -> Result<Format, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::Damaged(format!(
            "the file is truncated or damaged: its zip container cannot be read ({e})"
        ))
    })?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::TooLarge(format!(
            "the workbook has {} parts; at most {MAX_PARTS} are read",
            zip.len()
        )));
    }
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    let format = zip_format(&names)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| {
            ImportError::Damaged(format!(
                "the file is truncated or damaged: part {} cannot be read ({e})",
                names[i]
            ))
        })?;
        if part.encrypted() {
            return Err(ImportError::Encrypted);
        }
        let name = names[i].clone();
        let real = std::io::copy(
            &mut (&mut part).take(MAX_PART_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            ImportError::Damaged(format!(
                "the file is truncated or damaged: part {name} cannot be decompressed ({e})"
            ))
        })?;
        if real > MAX_PART_BYTES {
            return Err(ImportError::TooLarge(format!(
                "part {name} expands to more than {} MB (a zip bomb?); Tenken reads parts up to {} MB",
                mb(MAX_PART_BYTES),
                mb(MAX_PART_BYTES)
            )));
        }
        total += real;
        if total > MAX_TOTAL_UNZIPPED {
            return Err(ImportError::TooLarge(format!(
                "the workbook expands to more than {} MB (a zip bomb?)",
                mb(MAX_TOTAL_UNZIPPED)
            )));
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
        return Err(ImportError::NotASpreadsheet(
            "it is a Word document, not a spreadsheet".into(),
        ));
    }
    if has("ppt/presentation.xml") {
        return Err(ImportError::NotASpreadsheet(
            "it is a PowerPoint presentation, not a spreadsheet".into(),
        ));
    }
    Err(ImportError::NotASpreadsheet(
        "it is a zip archive, not a spreadsheet".into(),
    ))
}

/// Check an ODS mimetype part says spreadsheet (a text document has content.xml too).
pub fn ods_mimetype_ok(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Damaged(e.to_string()))?;
    let Ok(mut part) = zip.by_name("mimetype") else {
        return Ok(());
    };
    let mut s = String::new();
    let _ = (&mut part).take(200).read_to_string(&mut s);
    if s.trim().is_empty() || s.contains("spreadsheet") {
        Ok(())
    } else {
        Err(ImportError::NotASpreadsheet(format!(
            "it is an OpenDocument file of type {}, not a spreadsheet",
            s.trim()
        )))
    }
}

fn inspect_ole(bytes: &[u8]) -> Result<Format, ImportError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        ImportError::Damaged(format!(
            "the file is truncated or damaged: its OLE container cannot be read ({e})"
        ))
    })?;
    if cf.exists("/EncryptedPackage") || cf.exists("/EncryptionInfo") {
        return Err(ImportError::Encrypted);
    }
    let stream_name = ["/Workbook", "/Book"].into_iter().find(|n| cf.is_stream(n));
    let Some(stream_name) = stream_name else {
        return Err(ImportError::NotASpreadsheet(
            "it is an OLE document (e.g. a Word .doc), not an Excel workbook".into(),
        ));
    };
    let mut stream = Vec::new();
    cf.open_stream(stream_name)
        .and_then(|s| s.take(MAX_XLS_STREAM + 1).read_to_end(&mut stream))
        .map_err(|e| {
            ImportError::Damaged(format!(
                "the file is truncated or damaged: its workbook stream cannot be read ({e})"
            ))
        })?;
    if stream.len() as u64 > MAX_XLS_STREAM {
        return Err(ImportError::TooLarge(format!(
            "the workbook stream is larger than {} MB",
            mb(MAX_XLS_STREAM)
        )));
    }
    scan_biff(&stream)?;
    Ok(Format::Xls)
}

/// One BIFF record: type and data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        if rest.len() < 4 + len {
            return None;
        }
        let data = &rest[4..4 + len];
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Scan the workbook stream the way calamine's xls reader walks it: refuse encryption, and any
/// sheet whose declared dimensions or used cells span more than [`MAX_AREA`] cells.
fn scan_biff(stream: &[u8]) -> Result<(), ImportError> {
    let mut sheet_positions = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x002F if u16_at(data, 0).unwrap_or(0) != 0 => return Err(ImportError::Encrypted),
            0x0085 => sheet_positions.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheet_positions {
        let Some(sheet) = stream.get(pos as usize..) else {
            return Err(ImportError::Damaged(
                "the file is damaged: a sheet of the workbook points beyond its data".into(),
            ));
        };
        scan_sheet(sheet)?;
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
        self.rows = Some(
            self.rows
                .map_or((row, row), |(a, b)| (a.min(row), b.max(row))),
        );
        self.cols = Some(
            self.cols
                .map_or((col, col), |(a, b)| (a.min(col), b.max(col))),
        );
    }
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64,
            _ => 0,
        }
    }
}

fn scan_sheet(sheet: &[u8]) -> Result<(), ImportError> {
    let mut extent = Extent::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, d) in records(sheet) {
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
            0x0200 => check_dimensions(d)?,
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) {
                    extent.add(r, c);
                }
            }
            0x00BD if d.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len() - 2))
                {
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
    Ok(())
}

fn too_wide() -> ImportError {
    ImportError::TooLarge(format!(
        "a sheet spans more than {MAX_AREA} cells (values far apart, e.g. one at the last row or column); \
         delete the stray cells and save again"
    ))
}

/// calamine reserves `rows × cols` cells from the Dimensions record before reading any cell.
fn check_dimensions(d: &[u8]) -> Result<(), ImportError> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return Ok(()), // calamine refuses the file itself
    };
    let (Some(rf), Some(rl), Some(cf0), Some(cl)) = (rf, rl, cf.take(), cl) else {
        return Ok(());
    };
    cf = Some(if cf0 > 0xFF || cl < cf0 { 0 } else { cf0 });
    let cf = cf.unwrap_or(0);
    if rl < 1 || cl < 1 {
        return Ok(());
    }
    let (end_r, end_c) = (rl - 1, cl - 1);
    if end_r < rf || end_c < cf {
        return Err(ImportError::Damaged(
            "the file is damaged: a sheet declares dimensions that end before they start".into(),
        ));
    }
    let area = (end_r - rf + 1) as u64 * (end_c - cf + 1) as u64;
    if area > MAX_AREA {
        return Err(too_wide());
    }
    Ok(())
}
