//! The report's one font: IPAex Gothic, embedded in the binary, measured and coverage-checked.
//!
//! The font file (`assets/fonts/ipaexg.ttf`, IPA Font License v1.0 beside it) is compiled in
//! with `include_bytes!` so a report renders identically on any machine, offline. printpdf
//! embeds only the glyphs used (its `text_layout` feature subsets through allsorts).
//!
//! Invariants:
//! * text handed to printpdf has passed [`ReportFont::clean`]: every character is one the font
//!   has, so nothing silently becomes an empty glyph; a character the font lacks is replaced by
//!   the geta mark 〓 (the customary Japanese stand-in) and reported back to the caller;
//! * widths come from the font's own `hmtx` advances — the same numbers printpdf writes into
//!   the PDF's `/W` array — so what the line breaker measures is what a viewer draws.

use std::collections::{BTreeSet, HashMap};
use std::sync::{OnceLock, RwLock};

use printpdf::{Codepoint, ParsedFont};

use super::ReportError;

/// The embedded IPAex Gothic font file.
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/ipaexg.ttf");

/// Printed in place of a character the font lacks.
pub const REPLACEMENT: char = '〓';

/// The parsed report font with its metrics.
pub struct ReportFont {
    parsed: ParsedFont,
    units_per_em: f32,
    /// Per-character glyph lookups: the font's cmap lookup is slow enough (a search per call)
    /// to dominate rendering time when repeated for every measurement.
    glyphs: RwLock<HashMap<char, Glyph>>,
}

/// What the report needs to know about one character.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    /// Glyph id in the font (0 = .notdef).
    gid: u16,
    /// The font has a real glyph (not .notdef) for the character.
    covered: bool,
    /// Advance in em.
    advance_em: f32,
}

impl ReportFont {
    /// The font, parsed once per process (parsing a 6 MB font is not free).
    pub fn get() -> Result<&'static ReportFont, ReportError> {
        static FONT: OnceLock<Option<ReportFont>> = OnceLock::new();
        FONT.get_or_init(Self::parse).as_ref().ok_or(ReportError::Font)
    }

    fn parse() -> Option<ReportFont> {
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new())?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Some(ReportFont { parsed, units_per_em, glyphs: RwLock::new(HashMap::new()) })
    }

    /// The printpdf font, for `PdfDocument::add_font`.
    pub fn parsed(&self) -> &ParsedFont {
        &self.parsed
    }

    /// The cached lookup of `c` (looked up in the font on first use).
    fn glyph(&self, c: char) -> Glyph {
        if let Some(g) = self.glyphs.read().ok().and_then(|m| m.get(&c).copied()) {
            return g;
        }
        let gid = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
        let glyph = Glyph { gid, covered: gid != 0, advance_em: f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em };
        if let Ok(mut m) = self.glyphs.write() {
            m.insert(c, glyph);
        }
        glyph
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.glyph(c).covered
    }

    /// Advance of `c` in em (multiply by the font size in pt for points).
    pub fn advance_em(&self, c: char) -> f32 {
        self.glyph(c).advance_em
    }

    /// The glyphs of already-cleaned `text`, each carrying its character for the PDF's
    /// ToUnicode map. Handing printpdf glyph ids (rather than text it would look up again,
    /// character by character, in the font's cmap) keeps rendering fast.
    pub fn codepoints(&self, text: &str) -> Vec<Codepoint> {
        text.chars().map(|c| Codepoint { gid: self.glyph(c).gid, offset: 0.0, cid: Some(c.to_string()) }).collect()
    }

    /// Width of `text` in pt at `size` pt.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// Makes `text` printable: tabs become spaces, other control characters (except `\n`) are
    /// dropped, and characters the font lacks become [`REPLACEMENT`] and are added to `missing`.
    pub fn clean(&self, text: &str, missing: &mut BTreeSet<char>) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if c.is_control() => None,
                // Zero-width and variation selectors carry no ink; the font lacks them.
                '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' => None,
                c if self.covers(c) => Some(c),
                c => {
                    missing.insert(c);
                    Some(REPLACEMENT)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_japanese_and_replaces_what_it_lacks() {
        let font = ReportFont::get().expect("embedded font parses");
        for c in "点検、。）「」ABCabc0123％〓①".chars() {
            assert!(font.covers(c), "IPAex Gothic should cover {c}");
        }
        let mut missing = BTreeSet::new();
        let cleaned = font.clean("監査\t完了😀。\u{200B}", &mut missing);
        assert_eq!(cleaned, "監査 完了〓。");
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), vec!['😀']);
    }

    #[test]
    fn widths_come_from_the_font() {
        let font = ReportFont::get().expect("embedded font parses");
        // IPAex: kanji are full-width (1 em), Latin is proportional and narrower.
        assert!((font.advance_em('点') - 1.0).abs() < 0.01);
        assert!(font.advance_em('i') < font.advance_em('M'));
        assert!((font.width("点検", 10.0) - 20.0).abs() < 0.1);
    }
}
