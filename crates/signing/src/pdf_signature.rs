//! Finding a PDF signature's /ByteRange and /Contents in the raw bytes of a file.
//!
//! Verification works on the bytes as they are, not on a repaired parse: a /ByteRange is read
//! from the file text, and its gap must be exactly the `<…>` hex string of the /Contents entry.
//! Only the descriptive entries (/M, /Reason, /Name, /SubFilter) come from a `lopdf` parse.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use lopdf::{Document, Object};

/// One `/ByteRange [a b c d]` found in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundByteRange {
    /// The four numbers.
    pub values: [u64; 4],
}

/// Descriptive entries of the signature dictionary.
#[derive(Clone, Debug, Default)]
pub(crate) struct SignatureEntries {
    /// /M as UTC.
    pub time: Option<DateTime<Utc>>,
    /// /Reason as text.
    pub reason: Option<String>,
    /// /SubFilter.
    pub sub_filter: Option<String>,
}

/// Every well-formed `/ByteRange [a b c d]` in the file, in file order.
pub(crate) fn find_byte_ranges(pdf: &[u8]) -> Vec<FoundByteRange> {
    const KEY: &[u8] = b"/ByteRange";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = find(&pdf[from..], KEY) {
        let after = from + pos + KEY.len();
        if let Some(values) = parse_four_numbers(&pdf[after..]) {
            found.push(FoundByteRange { values });
        }
        from = after;
    }
    found
}

/// Parse `[n n n n]` (whitespace allowed) at the start of `text`.
fn parse_four_numbers(text: &[u8]) -> Option<[u64; 4]> {
    let window = &text[..text.len().min(120)];
    let end = window.iter().position(|&b| b == b']')?;
    let text = std::str::from_utf8(&window[..end]).ok()?;
    let inner = text.trim_start_matches(is_pdf_space).strip_prefix('[')?;
    let numbers: Vec<u64> =
        inner.split(is_pdf_space).filter(|s| !s.is_empty()).map(|s| s.parse::<u64>().ok()).collect::<Option<Vec<_>>>()?;
    numbers.try_into().ok()
}

/// PDF white-space characters.
fn is_pdf_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0c' | '\0')
}

/// Offset of the first occurrence of `needle`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the bytes before `gap_start` end with the key `/Contents` (white space allowed), so
/// the gap is the value of /Contents and nothing else.
pub(crate) fn gap_follows_contents_key(pdf: &[u8], gap_start: usize) -> bool {
    let before = &pdf[..gap_start];
    let trimmed_len = before.iter().rposition(|&b| !b" \t\r\n\x0c\0".contains(&b)).map_or(0, |p| p + 1);
    before[..trimmed_len].ends_with(b"/Contents")
}

/// The descriptive entries of the signature dictionary whose /ByteRange is `values`, if the
/// file parses; `None` if it does not (the byte checks still decide validity).
pub(crate) fn read_entries(pdf: &[u8], values: [u64; 4]) -> Option<SignatureEntries> {
    let doc = Document::load_mem(pdf).ok()?;
    let wanted: Vec<i64> = values.iter().map(|&v| v as i64).collect();
    let dict = doc.objects.values().filter_map(|o| o.as_dict().ok()).find(|d| {
        d.get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect::<Vec<_>>() == wanted)
            .unwrap_or(false)
    })?;
    Some(SignatureEntries {
        time: dict.get(b"M").ok().and_then(string_bytes).and_then(|b| parse_pdf_date(&b)),
        reason: dict.get(b"Reason").ok().and_then(string_bytes).map(|b| decode_text_string(&b)),
        sub_filter: dict.get(b"SubFilter").and_then(Object::as_name).ok().map(|n| String::from_utf8_lossy(n).into_owned()),
    })
}

/// The bytes of a string object.
fn string_bytes(object: &Object) -> Option<Vec<u8>> {
    match object {
        Object::String(bytes, _) => Some(bytes.clone()),
        _ => None,
    }
}

/// Decode a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or (approximately) PDFDocEncoding.
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Parse a PDF date `D:YYYYMMDDHHmmSS` with `Z`, `+HH'mm'` or `-HH'mm'` (or no zone = UTC).
/// Anything else, a multi-byte character included, is no date (`None`): the text is split on
/// bytes that must be ASCII digits, never at a byte index that could fall inside a character.
pub(crate) fn parse_pdf_date(bytes: &[u8]) -> Option<DateTime<Utc>> {
    let text = bytes.strip_prefix(b"D:").unwrap_or(bytes);
    let (stamp, zone) = (text.get(..14)?, text.get(14..)?);
    if !stamp.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let stamp = std::str::from_utf8(stamp).ok()?;
    let naive = NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S").ok()?;
    let offset_secs = match zone.split_first() {
        None | Some((b'Z', _)) => 0,
        Some((&sign @ (b'+' | b'-'), rest)) => {
            let digits: Vec<u8> = rest.iter().copied().filter(u8::is_ascii_digit).collect();
            let number = |d: &[u8]| std::str::from_utf8(d).ok()?.parse::<i32>().ok();
            let hours = number(digits.get(0..2)?)?;
            let minutes = match digits.get(2..4) {
                Some(m) => number(m)?,
                None => 0,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        Some(_) => return None,
    };
    let utc = naive.checked_sub_signed(chrono::Duration::seconds(i64::from(offset_secs)))?;
    Some(Utc.from_utc_datetime(&utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_are_found_with_padding() {
        let pdf = b"xx /ByteRange [0 10 20 30    ] /Contents <00> /ByteRange[0 1 2] /ByteRange [0 5 6 7]";
        let found = find_byte_ranges(pdf);
        assert_eq!(found.iter().map(|f| f.values).collect::<Vec<_>>(), vec![[0, 10, 20, 30], [0, 5, 6, 7]]);
    }

    #[test]
    fn pdf_dates_parse_with_zones() {
        let utc = parse_pdf_date(b"D:20261121221300Z").map(|d| d.to_rfc3339());
        assert_eq!(utc.as_deref(), Some("2026-11-21T22:13:00+00:00"));
        let jst = parse_pdf_date(b"D:20261122071300+09'00'").map(|d| d.to_rfc3339());
        assert_eq!(jst.as_deref(), Some("2026-11-21T22:13:00+00:00"));
    }

    #[test]
    fn pdf_dates_with_other_characters_are_no_dates() {
        // A multi-byte character where the 14 digits end (byte 14 falls inside it), in the
        // zone, and anywhere else: no date, no panic.
        for bad in [
            "D:2026112122130年Z",
            "D:20261121221300+0年",
            "D:20261121221300年",
            "D:２０２６1121221300Z",
            "年",
            "D:",
            "D:20261121221300+99'00'",
        ] {
            assert_eq!(parse_pdf_date(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(parse_pdf_date(&[0xff; 20]), None);
    }

    #[test]
    fn contents_key_must_precede_the_gap() {
        assert!(gap_follows_contents_key(b"/Contents <", 10));
        assert!(gap_follows_contents_key(b"/Contents<", 9));
        assert!(!gap_follows_contents_key(b"/Reason <", 8));
    }
}
