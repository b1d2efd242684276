//! The visible part of a PDF signature: where the box goes and what it says.
//!
//! The box shows the signer, the organisation, the signing time (UTC and JST) and the reason.
//! Latin text is drawn with the standard Helvetica font (WinAnsi encoding), which every viewer
//! has. Japanese text (names, organisations and reasons are often Japanese) is drawn with the
//! standard Japanese CID font `HeiseiKakuGo-W5` (Adobe-Japan1, `UniJIS-UCS2-H` encoding), which
//! PDF viewers supply themselves (Acrobat's Japanese font support, poppler with poppler-data,
//! macOS, pdf.js); it is referenced, not embedded. We chose this over re-using the report's
//! embedded font because that font is a subset made for the report's own text and would lack
//! glyphs for characters that only the signature box uses, and over embedding IPAex Gothic
//! whole because it would add several megabytes to every signed report. The signature's
//! meaning never depends on this box: the signed /Name, /Reason and /Location entries and the
//! certificate carry the full text as Unicode.

use chrono::{DateTime, FixedOffset, Utc};
use lopdf::{dictionary, Dictionary, Object, Stream};

/// Where the visible signature goes and what it says.
#[derive(Clone, Debug)]
pub struct Appearance {
    /// Zero-based index of the page that gets the signature box.
    pub page_index: usize,
    /// The box in PDF user space (points, origin bottom-left): `[x1, y1, x2, y2]`.
    pub rect: [f32; 4],
    /// The signer's name as shown (usually the certificate's CN).
    pub signer_name: String,
    /// The signer's organisation as shown.
    pub org: String,
    /// Why the document is signed (e.g. "監査報告書の承認"); written to /Reason too.
    pub reason: Option<String>,
    /// Where it was signed; written to /Location too.
    pub location: Option<String>,
}

/// Resource name of the Latin font inside the appearance stream.
const LATIN_FONT: &str = "F1";
/// Resource name of the Japanese font inside the appearance stream.
const CJK_FONT: &str = "F2";
/// Font size of the box's text, in points.
const FONT_SIZE: f32 = 8.0;
/// Distance between text lines, in points.
const LEADING: f32 = 10.5;

/// The signing time as shown: ISO 8601 in UTC and in Japan Standard Time.
pub fn display_time(time: DateTime<Utc>) -> String {
    let jst = FixedOffset::east_opt(9 * 3600).map(|tz| time.with_timezone(&tz));
    match jst {
        Some(jst) => format!(
            "{} UTC ({} JST)",
            time.format("%Y-%m-%d %H:%M:%S"),
            jst.format("%Y-%m-%d %H:%M")
        ),
        None => format!("{} UTC", time.format("%Y-%m-%d %H:%M:%S")),
    }
}

/// The lines of text in the box, top to bottom.
fn lines(appearance: &Appearance, time: DateTime<Utc>) -> Vec<String> {
    let mut lines = vec![
        "Digitally signed / 電子署名".to_string(),
        format!("Signer: {}", appearance.signer_name),
        format!("Org: {}", appearance.org),
        format!("Date: {}", display_time(time)),
    ];
    if let Some(reason) = &appearance.reason {
        lines.push(format!("Reason: {reason}"));
    }
    lines
}

/// Text segments of one line: runs of Latin-1-drawable text and runs of other text.
fn segments(line: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    for ch in line.chars() {
        let latin = ch.is_ascii() && !ch.is_ascii_control();
        match out.last_mut() {
            Some((is_latin, text)) if *is_latin == latin => text.push(ch),
            _ => out.push((latin, ch.to_string())),
        }
    }
    out
}

/// Escape ASCII text for a PDF literal string.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('(');
    for ch in text.chars() {
        if matches!(ch, '(' | ')' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push(')');
    out
}

/// UCS-2 big-endian hex of text for the `UniJIS-UCS2-H` encoding; characters outside the BMP
/// (rare in names) are shown as the geta mark 〓, the Japanese convention for a missing glyph.
fn ucs2_hex(text: &str) -> String {
    let mut out = String::from("<");
    for ch in text.chars() {
        let code = u32::from(ch);
        let unit = if code <= 0xFFFF { code } else { 0x3013 };
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// Helvetica advance widths (1/1000 em) of the printable ASCII characters 32–126, from Adobe's
/// font metrics for the standard 14 fonts.
const HELVETICA_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space … /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 … 9
    278, 278, 584, 584, 584, 556, 1015, // : … @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A … Z
    278, 278, 278, 469, 556, 333, // [ … `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a … z
    334, 260, 334, 584, // { … ~
];

/// Width of a text run in points, to place the next run right after it: Helvetica metrics for
/// Latin text, one em per character for Japanese (full-width) text.
fn run_width(latin: bool, text: &str) -> f32 {
    let thousandths: u32 = if latin {
        text.chars()
            .map(|c| {
                usize::try_from(u32::from(c))
                    .ok()
                    .and_then(|i| i.checked_sub(32))
            })
            .map(|i| {
                i.and_then(|i| HELVETICA_WIDTHS.get(i))
                    .map_or(556, |&w| u32::from(w))
            })
            .sum()
    } else {
        1000 * text.chars().count() as u32
    };
    thousandths as f32 / 1000.0 * FONT_SIZE
}

/// The content stream of the appearance: a framed box with the text lines.
fn content(appearance: &Appearance, time: DateTime<Utc>, width: f32, height: f32) -> Vec<u8> {
    let mut ops = String::new();
    ops.push_str("q\n0.96 0.97 1 rg\n");
    ops.push_str(&format!("0 0 {width:.2} {height:.2} re f\n"));
    ops.push_str("0.15 0.25 0.55 RG 0.8 w\n");
    ops.push_str(&format!(
        "0.4 0.4 {:.2} {:.2} re S\n",
        width - 0.8,
        height - 0.8
    ));
    ops.push_str("0 0 0 rg\n");
    let mut y = height - 4.0 - FONT_SIZE;
    for line in lines(appearance, time) {
        if y < 2.0 {
            break; // the box is full; the signed dictionary still has everything
        }
        let mut x = 5.0;
        for (latin, text) in segments(&line) {
            let (font, shown) = if latin {
                (LATIN_FONT, literal(&text))
            } else {
                (CJK_FONT, ucs2_hex(&text))
            };
            ops.push_str(&format!(
                "BT /{font} {FONT_SIZE} Tf {x:.2} {y:.2} Td {shown} Tj ET\n"
            ));
            x += run_width(latin, &text);
        }
        y -= LEADING;
    }
    ops.push_str("Q\n");
    ops.into_bytes()
}

/// The standard Helvetica font dictionary.
fn latin_font() -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    }
}

/// The standard (non-embedded) Japanese gothic font, Adobe-Japan1 with Unicode (UCS-2) encoding.
fn cjk_font() -> Dictionary {
    let descriptor = dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "HeiseiKakuGo-W5",
        "Flags" => 4,
        "FontBBox" => vec![Object::Integer(-92), Object::Integer(-250), Object::Integer(1010), Object::Integer(922)],
        "ItalicAngle" => 0,
        "Ascent" => 752,
        "Descent" => -221,
        "CapHeight" => 737,
        "StemV" => 114,
    };
    let cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "HeiseiKakuGo-W5",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Japan1"),
            "Supplement" => 2,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
    };
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "HeiseiKakuGo-W5",
        "Encoding" => "UniJIS-UCS2-H",
        "DescendantFonts" => vec![Object::Dictionary(cid_font)],
    }
}

/// The normal-appearance form XObject of the signature widget.
pub fn appearance_stream(appearance: &Appearance, time: DateTime<Utc>) -> Stream {
    let [x1, y1, x2, y2] = appearance.rect;
    let (width, height) = ((x2 - x1).abs(), (y2 - y1).abs());
    let resources = dictionary! {
        "Font" => dictionary! {
            LATIN_FONT => latin_font(),
            CJK_FONT => cjk_font(),
        },
    };
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), width.into(), height.into()],
        "Resources" => resources,
    };
    Stream::new(dict, content(appearance, time, width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_runs_are_separated_from_latin_runs() {
        let runs = segments("Signer: 山田 太郎");
        assert_eq!(
            runs,
            vec![
                (true, "Signer: ".to_string()),
                (false, "山田".to_string()),
                (true, " ".to_string()),
                (false, "太郎".to_string())
            ]
        );
        assert_eq!(ucs2_hex("山田"), "<5C717530>");
        assert_eq!(literal("a(b)\\"), "(a\\(b\\)\\\\)");
    }
}
