//! The visible part of a PDF signature: where the box goes and what it says.
//!
//! The box shows the signer, the organisation, the signing time (UTC and JST) and the reason.
//! All of it, Latin and Japanese alike, is drawn with one font embedded in the file: a subset of
//! the report's IPAex Gothic made for the box's own characters ([`super::appearance_font`]), so
//! the signer's name shows in every viewer, whether or not it has a Japanese font pack (an
//! earlier version referenced the non-embedded `HeiseiKakuGo-W5`, which vanished in viewers
//! without Adobe-Japan1 support). Characters the font lacks are drawn as 〓. The signature's
//! meaning never depends on this box: the signed /Name, /Reason and /Location entries and the
//! certificate carry the full text as Unicode.

use chrono::{DateTime, FixedOffset, Utc};
use lopdf::{dictionary, Document, Stream};

use super::appearance_font::BoxFont;
use super::error::SigningResult;

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

/// Resource name of the embedded font inside the appearance stream.
const BOX_FONT: &str = "F1";
/// Font size of the box's text, in points.
const FONT_SIZE: f32 = 8.0;
/// Distance between text lines, in points.
const LEADING: f32 = 10.5;

/// The signing time as shown: ISO 8601 in UTC and in Japan Standard Time.
pub fn display_time(time: DateTime<Utc>) -> String {
    let jst = FixedOffset::east_opt(9 * 3600).map(|tz| time.with_timezone(&tz));
    match jst {
        Some(jst) => format!("{} UTC ({} JST)", time.format("%Y-%m-%d %H:%M:%S"), jst.format("%Y-%m-%d %H:%M")),
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

/// The content stream of the appearance: a framed box with the text lines, each drawn with
/// the embedded subset font.
fn content(font: &BoxFont, lines: &[String], width: f32, height: f32) -> Vec<u8> {
    let mut ops = String::new();
    ops.push_str("q\n0.96 0.97 1 rg\n");
    ops.push_str(&format!("0 0 {width:.2} {height:.2} re f\n"));
    ops.push_str("0.15 0.25 0.55 RG 0.8 w\n");
    ops.push_str(&format!("0.4 0.4 {:.2} {:.2} re S\n", width - 0.8, height - 0.8));
    ops.push_str("0 0 0 rg\n");
    let mut y = height - 4.0 - FONT_SIZE;
    for line in lines {
        if y < 2.0 {
            break; // the box is full; the signed dictionary still has everything
        }
        ops.push_str(&format!("BT /{BOX_FONT} {FONT_SIZE} Tf 5 {y:.2} Td {} Tj ET\n", font.show(line)));
        y -= LEADING;
    }
    ops.push_str("Q\n");
    ops.into_bytes()
}

/// The normal-appearance form XObject of the signature widget. The embedded font's objects
/// (font file, descriptor, CID font, ToUnicode map) are added to `doc`.
pub fn appearance_stream(doc: &mut Document, appearance: &Appearance, time: DateTime<Utc>) -> SigningResult<Stream> {
    let [x1, y1, x2, y2] = appearance.rect;
    let (width, height) = ((x2 - x1).abs(), (y2 - y1).abs());
    let lines = lines(appearance, time).iter().map(|l| BoxFont::clean(l)).collect::<SigningResult<Vec<String>>>()?;
    let font = BoxFont::for_lines(&lines)?;
    let font_id = font.add_to(doc)?;
    let resources = dictionary! {
        "Font" => dictionary! { BOX_FONT => font_id },
    };
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), width.into(), height.into()],
        "Resources" => resources,
    };
    Ok(Stream::new(dict, content(&font, &lines, width, height)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_draws_every_line_with_the_embedded_font() {
        let appearance = Appearance {
            page_index: 0,
            rect: [0.0, 0.0, 240.0, 60.0],
            signer_name: "鷗外 髙橋".into(),
            org: "点検監査株式会社".into(),
            reason: Some("承認".into()),
            location: None,
        };
        let mut doc = Document::with_version("1.7");
        let stream = appearance_stream(&mut doc, &appearance, Utc::now()).expect("appearance");
        let text = String::from_utf8_lossy(&stream.content).into_owned();
        assert!(!text.contains("/F2"), "one font only: {text}");
        assert_eq!(text.matches("/F1 8 Tf").count(), 5, "{text}");
        // The embedded font file, its descriptor, the CID font, the ToUnicode map, the Type0 font.
        assert_eq!(doc.objects.len(), 5);
        let has_file = doc.objects.values().any(|o| o.as_dict().is_ok_and(|d| d.get(b"FontFile2").is_ok()));
        assert!(has_file, "the descriptor points at an embedded TrueType file");
    }
}
