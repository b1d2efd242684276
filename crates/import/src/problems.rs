//! Why a file cannot be imported, situation by situation: each [`ImportError`](super::ImportError)
//! code covers several, told apart by a `reason` param (a variant here, by its key) with the
//! values the English message is made of, so the app says each in Japanese or English. The
//! English texts are the CLI's, unchanged.
//!
//! A `cause` is a library's own message (zip, calamine, the OS), which Tenken cannot know in
//! advance; the app shows it only as a trailing detail.

tenken_domain::notices! {
    /// Why the file cannot be read from disk (`import.io`).
    pub enum Unreadable {
        /// A folder or another non-file.
        NotAFile {} = "not_a_file" => "it is not a file",
        /// There is no file at the path.
        Missing { cause: String } = "not_found" => "{cause}",
        /// The OS refuses access.
        Denied { cause: String } = "permission_denied" => "{cause}",
        /// Any other failure of the OS.
        Os { cause: String } = "other" => "{cause}",
    }
}

impl Unreadable {
    /// The reason for an OS error, by its kind.
    pub fn of(e: &std::io::Error) -> Self {
        let cause = e.to_string();
        match e.kind() {
            std::io::ErrorKind::NotFound => Unreadable::Missing { cause },
            std::io::ErrorKind::PermissionDenied => Unreadable::Denied { cause },
            _ => Unreadable::Os { cause },
        }
    }
}

tenken_domain::notices! {
    /// What the file is instead of a spreadsheet (`import.not_a_spreadsheet`).
    pub enum NotASpreadsheet {
        /// An HTML table saved under a spreadsheet name.
        Html {} = "html" => "it is an HTML page saved with a spreadsheet name; open it in Excel and save it as .xlsx",
        /// Nothing Tenken recognises.
        Unknown {} = "unknown" => "it is not a spreadsheet (xlsx, xlsm, xlsb, xls or ods)",
        /// A Word document (docx).
        Word {} = "word" => "it is a Word document, not a spreadsheet",
        /// A PowerPoint presentation (pptx).
        Powerpoint {} = "powerpoint" => "it is a PowerPoint presentation, not a spreadsheet",
        /// Another zip archive.
        Zip {} = "zip" => "it is a zip archive, not a spreadsheet",
        /// An OpenDocument file of another type (its mimetype).
        OpenDocument { mimetype: String } = "opendocument" => "it is an OpenDocument file of type {mimetype}, not a spreadsheet",
        /// An OLE compound file without a workbook stream (a .doc).
        Ole {} = "ole" => "it is an OLE document (e.g. a Word .doc), not an Excel workbook",
    }
}

tenken_domain::notices! {
    /// What is broken in the file (`import.damaged`).
    pub enum Damaged {
        /// The spreadsheet parser gave up.
        Unparsable {} = "unparsable" => "the file is damaged: its spreadsheet data cannot be parsed",
        /// The spreadsheet reader refused the file.
        Reader { cause: String } = "reader" => "the file is damaged and cannot be read ({cause})",
        /// `PK` without a zip signature.
        ZipSignature {} = "zip_signature" => "the zip container is damaged (bad signature)",
        /// The zip directory cannot be read.
        Zip { cause: String } = "zip" => "the file is truncated or damaged: its zip container cannot be read ({cause})",
        /// The zip directory cannot be read (while checking an OpenDocument type).
        ZipBare { cause: String } = "zip_bare" => "{cause}",
        /// A zip part cannot be opened.
        Part { part: String, cause: String } = "part" => "the file is truncated or damaged: part {part} cannot be read ({cause})",
        /// A zip part cannot be decompressed.
        PartInflate { part: String, cause: String } = "part_inflate"
            => "the file is truncated or damaged: part {part} cannot be decompressed ({cause})",
        /// The OLE compound file cannot be read.
        Ole { cause: String } = "ole" => "the file is truncated or damaged: its OLE container cannot be read ({cause})",
        /// The xls workbook stream cannot be read.
        Stream { cause: String } = "stream" => "the file is truncated or damaged: its workbook stream cannot be read ({cause})",
        /// The xls workbook stream cannot be copied into a fresh compound file.
        StreamCopy { cause: String } = "stream_copy" => "the workbook stream cannot be copied for reading ({cause})",
        /// The xls shared string table is broken.
        SharedStrings {} = "shared_strings" => "the file is damaged: its shared string table cannot be read",
        /// An xls sheet offset past the stream.
        SheetOffset {} = "sheet_offset" => "the file is damaged: a sheet of the workbook points beyond its data",
        /// An xls sheet whose dimensions end before they start.
        Dimensions {} = "dimensions" => "the file is damaged: a sheet declares dimensions that end before they start",
        /// The ods zip cannot be read.
        OdsZip { cause: String } = "ods_zip" => "the file is damaged: {cause}",
        /// The ods content.xml cannot be opened.
        OdsContent { cause: String } = "ods_content" => "the file is damaged: content.xml cannot be read ({cause})",
        /// The ods content.xml is not well-formed XML.
        OdsXml { cause: String } = "ods_xml" => "the file is damaged: content.xml is not well-formed ({cause})",
    }
}

tenken_domain::notices! {
    /// Which cap the file passes (`import.too_large`); `limit` is the cap, in the unit the
    /// text names (MB, cells, values, characters, parts, ranges).
    pub enum TooLarge {
        /// The file itself.
        File { size: u64, limit: u64 } = "file" => "the file is {size} MB; Tenken reads checksheets up to {limit} MB",
        /// Too many zip parts.
        Parts { parts: u64, limit: u64 } = "parts" => "the workbook has {parts} parts; at most {limit} are read",
        /// One zip part expands too far.
        Part { part: String, limit: u64 } = "part"
            => "part {part} expands to more than {limit} MB (a zip bomb?); Tenken reads parts up to {limit} MB",
        /// All zip parts together expand too far.
        Unzipped { limit: u64 } = "unzipped" => "the workbook expands to more than {limit} MB (a zip bomb?)",
        /// The xls workbook stream.
        XlsStream { limit: u64 } = "xls_stream" => "the workbook stream is larger than {limit} MB",
        /// The xls sheets' reserved cells together.
        XlsArea { limit: u64 } = "xls_area" => "the workbook's sheets span more than {limit} cells together; Tenken refuses it",
        /// The xls cells' text together.
        XlsText { limit: u64 } = "xls_text" => "the workbook's cells hold more than {limit} MB of text; Tenken refuses it",
        /// One sheet's extent (values far apart).
        Area { limit: u64 } = "area"
            => "a sheet spans more than {limit} cells (values far apart, e.g. one at the last row or column); delete the stray cells and save again",
        /// The cells one sheet's merged ranges cover.
        MergedCells { sheet: String, limit: u64 } = "merged_cells"
            => "sheet {sheet}: its merged ranges cover more than {limit} cells; Tenken refuses it",
        /// One sheet's merged ranges.
        Merges { sheet: String, limit: u64 } = "merges" => "sheet {sheet} has more than {limit} merged ranges",
        /// Values, counted ahead of a repeat.
        RepeatCells { limit: u64, sheet: String } = "repeat_cells"
            => "the workbook holds more than {limit} values (sheet {sheet} repeats its cells)",
        /// Text, counted ahead of a repeat.
        RepeatText { limit: u64, sheet: String } = "repeat_text"
            => "the workbook's cells hold more than {limit} MB of text (sheet {sheet} repeats its cells); Tenken refuses it",
        /// A value beyond the rows × columns read.
        Extent { cell: String, rows: u64, cols: u64 } = "extent"
            => "{cell} holds a value beyond the {rows} rows × {cols} columns Tenken reads; delete the stray cell and save again",
        /// A value beyond the rows × columns read, beyond what a cell reference can name
        /// (`row` and `col` 1-based).
        ExtentFar { sheet: String, row: u64, col: u64, rows: u64, cols: u64 } = "extent_far"
            => "sheet {sheet}, row {row}, column {col} holds a value beyond the {rows} rows × {cols} columns Tenken reads; delete the stray cell and save again",
        /// A repeated row reaching beyond the rows read (`row` and `col` 1-based).
        RepeatedRow { sheet: String, row: u64, col: u64, rows: u64, cols: u64 } = "repeated_row"
            => "sheet {sheet}, row {row}, column {col} holds a value beyond the {rows} rows × {cols} columns Tenken reads (a repeated row?); delete the stray cells and save again",
        /// Values in the workbook.
        Cells { limit: u64 } = "cells" => "the workbook holds more than {limit} values",
        /// Text in the workbook's cells.
        Text { limit: u64, cell: String } = "text"
            => "the workbook's cells hold more than {limit} MB of text (reached at {cell}); Tenken refuses it",
        /// One cell's characters.
        CellChars { cell: String, chars: u64, limit: u64 } = "cell_chars"
            => "cell {cell} holds {chars} characters; a cell holds at most {limit} (Excel's limit), shorten it and save again",
        /// One cell's characters, the cell beyond what a cell reference can name (`row` and
        /// `col` 1-based).
        CellCharsFar { sheet: String, row: u64, col: u64, limit: u64 } = "cell_chars_far"
            => "sheet {sheet}, row {row}, column {col} holds more than {limit} characters (Excel's limit)",
    }
}

tenken_domain::notices! {
    /// Why the workbook holds nothing (`import.empty`).
    pub enum Empty {
        /// Zero bytes.
        ZeroBytes {} = "zero_bytes" => "the file is empty (0 bytes)",
        /// Sheets without a value.
        NoValues {} = "no_values" => "the workbook has no values in any sheet",
    }
}
