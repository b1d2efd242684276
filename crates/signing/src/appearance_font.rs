//! The font of the visible signature box: a subset of the report's IPAex Gothic, embedded.
//!
//! The box's text (signer, organisation, time, reason) is drawn with one embedded font so it
//! shows in every viewer, with or without an Adobe-Japan1 font pack. The subset is made for
//! the box's own characters (a signer's name may hold kanji the report never printed), with
//! printpdf's subsetter (allsorts, the same one the report uses), and written as a Type0 font
//! with Identity-H encoding, a CIDFontType2 descendant whose CIDs are the subset's glyph ids,
//! a /W width array from the font's own advances and a /ToUnicode map so the text can be
//! copied and searched.
//!
//! Deliberately not done: shaping (the box is one line per entry, left to right, no
//! ligatures), vertical text, and sharing the report's own font object (its subset holds only
//! the report's glyphs). Characters IPAex Gothic lacks are drawn as 〓, as in the report.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

use super::error::{PdfProblem, SigningError, SigningResult};
use tenken_report::font::ReportFont;

/// The font's PostScript name after the subset tag.
const FONT_NAME: &str = "IPAexGothic";

/// Text of the box prepared for one embedded subset.
pub struct BoxFont {
    font: &'static ReportFont,
    /// Subset glyph id of each character drawn.
    new_gid: BTreeMap<char, u16>,
    /// The subset font file (TrueType).
    subset: Vec<u8>,
}

impl BoxFont {
    /// Subset the report font for the characters of `lines` (already [`BoxFont::clean`]ed).
    pub fn for_lines(lines: &[String]) -> SigningResult<BoxFont> {
        let font = report_font()?;
        let chars: BTreeSet<char> = lines.iter().flat_map(|l| l.chars()).collect();
        let mut by_gid: BTreeMap<u16, String> = BTreeMap::new();
        let mut gid_of: BTreeMap<char, u16> = BTreeMap::new();
        for &c in &chars {
            let gid = font.codepoints(&c.to_string()).first().map_or(0, |cp| cp.gid);
            by_gid.entry(gid).or_default().push(c);
            gid_of.insert(c, gid);
        }
        let subset = printpdf::subset_font(font.parsed(), &by_gid)
            .map_err(|e| SigningError::Pdf(PdfProblem::SubsetFont { cause: e.to_string() }))?;
        let new_gid = gid_of
            .into_iter()
            .map(|(c, old)| {
                let new = subset.glyph_mapping.get(&old).map_or(0, |(n, _)| *n);
                (c, new)
            })
            .collect();
        Ok(BoxFont { font, new_gid, subset: subset.bytes })
    }

    /// Make `text` drawable: control characters dropped, characters the font lacks as 〓.
    pub fn clean(text: &str) -> SigningResult<String> {
        let mut missing = BTreeSet::new();
        Ok(report_font()?.clean(text, &mut missing).replace('\n', " "))
    }

    /// The hex string of `text`'s subset glyph ids, for a `Tj` with Identity-H encoding.
    pub fn show(&self, text: &str) -> String {
        let mut out = String::from("<");
        for c in text.chars() {
            out.push_str(&format!("{:04X}", self.new_gid.get(&c).copied().unwrap_or(0)));
        }
        out.push('>');
        out
    }

    /// Add the font's objects to `doc` and return the Type0 font dictionary's id.
    pub fn add_to(&self, doc: &mut Document) -> SigningResult<ObjectId> {
        let metrics = &self.font.parsed().pdf_font_metrics;
        let per_em = f32::from(metrics.units_per_em.max(1));
        let scale = |v: i16| Object::Integer((f32::from(v) * 1000.0 / per_em).round() as i64);
        let base_font = format!("{}+{FONT_NAME}", self.subset_tag());

        let mut file = Stream::new(dictionary! { "Length1" => self.subset.len() as i64 }, self.subset.clone());
        // Compression only makes the file smaller; an uncompressed stream is as valid.
        let _ = file.compress();
        let file_id = doc.add_object(file);
        let descriptor = dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(base_font.clone().into_bytes()),
            // Symbolic (4): the glyphs are addressed by id, not by a standard encoding.
            "Flags" => 4,
            "FontBBox" => vec![scale(metrics.x_min), scale(metrics.y_min), scale(metrics.x_max), scale(metrics.y_max)],
            "ItalicAngle" => 0,
            "Ascent" => scale(metrics.ascender),
            "Descent" => scale(metrics.descender),
            "CapHeight" => scale(metrics.ascender),
            "StemV" => 80,
            "FontFile2" => file_id,
        };
        let descriptor_id = doc.add_object(descriptor);
        let cid_font = dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => Object::Name(base_font.clone().into_bytes()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor_id,
            "DW" => 1000,
            "W" => self.widths(),
            "CIDToGIDMap" => "Identity",
        };
        let cid_font_id = doc.add_object(cid_font);
        let to_unicode_id = doc.add_object(Stream::new(dictionary! {}, self.to_unicode().into_bytes()));
        Ok(doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => Object::Name(base_font.into_bytes()),
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid_font_id)],
            "ToUnicode" => to_unicode_id,
        }))
    }

    /// Six capital letters naming this subset (PDF 32000-1 §9.6.4), from its glyph set, so the
    /// same characters always give the same tag.
    fn subset_tag(&self) -> String {
        let mut hasher = Sha256::new();
        for (c, gid) in &self.new_gid {
            hasher.update(u32::from(*c).to_be_bytes());
            hasher.update(gid.to_be_bytes());
        }
        hasher.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
    }

    /// The /W array: `[cid [width] …]`, widths in 1/1000 em from the font's advances.
    fn widths(&self) -> Vec<Object> {
        let mut by_gid: BTreeMap<u16, char> = BTreeMap::new();
        for (c, gid) in &self.new_gid {
            by_gid.entry(*gid).or_insert(*c);
        }
        let mut w = Vec::new();
        for (gid, c) in by_gid {
            let width = (self.font.advance_em(c) * 1000.0).round() as i64;
            w.push(Object::Integer(i64::from(gid)));
            w.push(Object::Array(vec![Object::Integer(width)]));
        }
        w
    }

    /// The /ToUnicode CMap: each subset glyph id to the character it draws.
    fn to_unicode(&self) -> String {
        let mut by_gid: BTreeMap<u16, char> = BTreeMap::new();
        for (c, gid) in &self.new_gid {
            by_gid.entry(*gid).or_insert(*c);
        }
        let mut map = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(u16, char)> = by_gid.into_iter().collect();
        // At most 100 entries per bfchar block (PDF 32000-1 §9.10.3).
        for block in entries.chunks(100) {
            map.push_str(&format!("{} beginbfchar\n", block.len()));
            for (gid, c) in block {
                let mut units = [0u16; 2];
                let utf16: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
                map.push_str(&format!("<{gid:04X}> <{utf16}>\n"));
            }
            map.push_str("endbfchar\n");
        }
        map.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        map
    }
}

/// The report's font, as a signing error if it cannot be parsed.
fn report_font() -> SigningResult<&'static ReportFont> {
    ReportFont::get().map_err(|e| SigningError::Pdf(PdfProblem::Font { cause: e.to_string() }))
}
