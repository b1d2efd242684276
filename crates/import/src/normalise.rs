//! Normalisation of checksheet cell text: Unicode NFKC and trimming, item numbers, levels and
//! the supplier-answer table.
//!
//! Every cell read from a workbook goes through [`clean`] before anything looks at it, so
//! full-width digits (`１３`), ideographic spaces (U+3000) and compatibility characters (`Ⅲ`)
//! never reach the matching code.
//!
//! # Answer table
//!
//! After NFKC, trimming, removal of inner white space and ASCII lower-casing, an answer cell
//! is looked up in this table (and in the catalog's own answer scale):
//!
//! | answer | accepted spellings |
//! | --- | --- |
//! | implemented | `実施している` `実施` `実施済` `実施済み` `対応済` `対応済み` `対応している` `○` `◯` `〇` `◎` `●` `はい` `yes` `y` `implemented` `done` `true` |
//! | partial | `一部実施している` `一部実施` `一部実施済` `一部対応` `一部` `△` `▲` `partial` `partially` `partiallyimplemented` |
//! | not_implemented | `実施していない` `未実施` `未対応` `対応していない` `していない` `×` `✕` `✖` `x` `いいえ` `no` `n` `notimplemented` `false` |
//! | not_applicable | `対象外` `該当なし` `該当しない` `非該当` `適用外` `-` `ー` `―` `−` `‐` `–` `—` `n/a` `na` `notapplicable` |
//! | unanswered | empty cell, `未回答` |
//!
//! Anything else is reported as an error for its row, and the raw text is kept.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use tenken_domain::catalog::Catalog;
use tenken_domain::model::SupplierAnswer;

/// `s` in NFKC, borrowed when it already is: most cells are, and telling costs a fraction of a
/// full decomposition and recomposition.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.chars().all(stable_in_nfkc) || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Characters that are NFKC (quick check Yes) and combine with nothing (class 0), so a text made
/// only of them is NFKC as it is: ASCII, CJK punctuation and brackets, hiragana, katakana and the
/// unified ideographs, i.e. nearly every character of a Japanese checksheet. Checking these ranges
/// is far cheaper than the general quick check (the test below holds them to it).
fn plainly_nfkc(c: char) -> bool {
    matches!(c, '\0'..='\x7f' | '\u{3001}'..='\u{3011}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fc}' | '\u{4e00}'..='\u{9fff}')
}

/// [`plainly_nfkc`], or for any other character of the Basic Multilingual Plane the same test
/// made with the general quick check once per process and remembered (○, ×, ※, full-width
/// forms…: a sheet uses few distinct characters). Outside the BMP: `false` (the caller then
/// checks the whole text).
fn stable_in_nfkc(c: char) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = 0;
    const STABLE: u8 = 1;
    const UNSTABLE: u8 = 2;
    static SEEN: [AtomicU8; 0x10000] = [const { AtomicU8::new(UNKNOWN) }; 0x10000];
    if plainly_nfkc(c) {
        return true;
    }
    let Some(slot) = SEEN.get(c as usize) else {
        return false;
    };
    match slot.load(Ordering::Relaxed) {
        STABLE => true,
        UNSTABLE => false,
        _ => {
            let stable =
                is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes && unicode_normalization::char::canonical_combining_class(c) == 0;
            slot.store(if stable { STABLE } else { UNSTABLE }, Ordering::Relaxed);
            stable
        }
    }
}

/// NFKC-normalise and trim (including U+3000 and other Unicode white space); line breaks
/// inside the text are kept, `\r\n` becomes `\n`.
pub fn clean(s: &str) -> String {
    let t = nfkc(s);
    t.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

/// A key for comparing header labels and answers: NFKC, no white space at all, ASCII lower case.
pub fn key(s: &str) -> String {
    nfkc(s).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// A key for comparing long requirement texts across producers: NFKC, no white space, and no
/// punctuation that producers add or drop (`、` `。` `・` brackets).
pub fn text_key(s: &str) -> String {
    nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '、' | '。' | ',' | '.' | '・' | '「' | '」' | '(' | ')' | '[' | ']'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// An item id in comparable form: NFKC (so `Ⅲ` is `III`, `１３` is `13`), no white space, no
/// leading apostrophe (text-typed numbers), no trailing dot, `13.0` read as `13`.
pub fn item_id(s: &str) -> String {
    let t: String = nfkc(s).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches(['\'', '’', '`']);
    // `No.13`, `No13`, `#13`: a prefix some producers type before the number.
    let lower = t.to_ascii_lowercase();
    let t = ["no.", "no", "#"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &t[p.len()..]))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(t);
    let t = t.trim_end_matches('.');
    if let Some(int) = t.strip_suffix(".0").filter(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_digit())) {
        return int.to_string();
    }
    t.to_string()
}

/// The shape of an id, used to tell a well-formed number the catalog lacks (`99`, `III.9.9.9`)
/// from a note or a section heading: digits → `9`, Roman numerals → `R`, ASCII letters → `a`,
/// other letters → `x`, separators kept.
pub fn id_shape(id: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in id.chars() {
        let class = if c.is_ascii_digit() {
            '9'
        } else if matches!(c, 'I' | 'V' | 'X') {
            'R'
        } else if c.is_ascii_alphabetic() {
            'a'
        } else if c == '.' || c == '-' || c == '_' || c == '/' {
            c
        } else {
            'x'
        };
        // Runs of one class count once, so `13` and `130` have the same shape.
        if class != last || matches!(class, '.' | '-' | '_' | '/') {
            out.push(class);
        }
        last = class;
    }
    out
}

/// Parse a level cell: `1`, `Lv1`, `Lvl1`, `LV 1`, `Lv.1`, `Level 1`, `レベル1`.
/// `Ok(None)` for an empty cell, `Err(NotALevel)` for anything else.
pub fn level(s: &str) -> Result<Option<u8>, NotALevel> {
    let k = key(s);
    if k.is_empty() {
        return Ok(None);
    }
    let rest =
        ["level", "lvl", "lv", "レベル", "l"].iter().find_map(|p| k.strip_prefix(p)).unwrap_or(&k).trim_start_matches(['.', ':', '-']);
    match rest.parse::<u8>() {
        Ok(n) if (1..=9).contains(&n) => Ok(Some(n)),
        _ => Err(NotALevel),
    }
}

/// A level cell that names no level 1–9 (the caller words the message, with the cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotALevel;

const IMPLEMENTED: &[&str] = &[
    "実施している",
    "実施",
    "実施済",
    "実施済み",
    "対応済",
    "対応済み",
    "対応している",
    "○",
    "◯",
    "〇",
    "◎",
    "●",
    "はい",
    "yes",
    "y",
    "implemented",
    "done",
    "true",
];
const PARTIAL: &[&str] =
    &["一部実施している", "一部実施", "一部実施済", "一部対応", "一部", "△", "▲", "partial", "partially", "partiallyimplemented"];
const NOT_IMPLEMENTED: &[&str] = &[
    "実施していない",
    "未実施",
    "未対応",
    "対応していない",
    "していない",
    "×",
    "✕",
    "✖",
    "x",
    "いいえ",
    "no",
    "n",
    "notimplemented",
    "false",
];
const NOT_APPLICABLE: &[&str] =
    &["対象外", "該当なし", "該当しない", "非該当", "適用外", "-", "ー", "―", "−", "‐", "–", "—", "n/a", "na", "notapplicable"];

/// Map an answer cell to a supplier answer through the table in the module docs and the
/// catalog's answer scale. Empty → `Some(Unanswered)`; unrecognised → `None`.
pub fn answer(s: &str, catalog: Option<&Catalog>) -> Option<SupplierAnswer> {
    let k = key(s);
    if k.is_empty() || k == "未回答" {
        return Some(SupplierAnswer::Unanswered);
    }
    if let Some(c) = catalog {
        if let Some(a) = c.answer_scale.iter().find(|l| key(&l.label) == k) {
            return Some(a.answer);
        }
    }
    let tables = [
        (IMPLEMENTED, SupplierAnswer::Implemented),
        (PARTIAL, SupplierAnswer::Partial),
        (NOT_IMPLEMENTED, SupplierAnswer::NotImplemented),
        (NOT_APPLICABLE, SupplierAnswer::NotApplicable),
    ];
    tables.iter().find(|(words, _)| words.contains(&k.as_str())).map(|(_, a)| *a)
}

/// Excel's column letters for a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference as Excel shows it: `チェックシート!H22`, quoting sheet names with spaces or
/// punctuation (`'Check sheet'!H22`). `row` and `col` are 0-based.
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    let needs_quotes = sheet.chars().any(|c| c.is_whitespace() || "!'-+,;()&=<>^%$#@{}[]".contains(c));
    let name = if needs_quotes { format!("'{}'", sheet.replace('\'', "''")) } else { sheet.to_string() };
    format!("{name}!{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_in_every_spelling() {
        assert_eq!(item_id("１３"), "13");
        assert_eq!(item_id("'13"), "13");
        assert_eq!(item_id("13.0"), "13");
        assert_eq!(item_id(" 13 "), "13");
        assert_eq!(item_id("Ⅲ. 1. 1. 1"), "III.1.1.1");
        assert_eq!(item_id("II. 7. 1. 1."), "II.7.1.1");
        assert_eq!(item_id("No.13"), "13");
        assert_eq!(item_id("#13"), "13");
        assert_eq!(item_id("note"), "note");
    }

    #[test]
    fn shapes_tell_ids_from_notes() {
        assert_eq!(id_shape("13"), id_shape("130"));
        assert_eq!(id_shape("III.1.1.1"), id_shape("II.7.10.2"));
        assert_ne!(id_shape("III.1.1"), id_shape("III.1.1.1"));
        assert_ne!(id_shape("合計"), id_shape("13"));
    }

    #[test]
    fn plainly_nfkc_characters_pass_the_quick_check_and_combine_with_nothing() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32).filter(|c| plainly_nfkc(*c)) {
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            assert!(!unicode_normalization::char::is_combining_mark(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn remembered_characters_give_the_same_text_as_full_nfkc() {
        let samples =
            ["○ 実施している", "×", "※注記①", "ＡＢ（注）", "ｶﾞｲﾄﾞ", "が", "か\u{3099}", "e\u{301}", "Å", "㍻", "〜～", "\u{1100}\u{1161}"];
        for _ in 0..2 {
            for t in samples {
                assert_eq!(nfkc(t), t.nfkc().collect::<String>(), "{t:?}");
            }
        }
    }

    #[test]
    fn nfkc_is_applied_only_where_needed() {
        assert!(matches!(nfkc("実施している"), Cow::Borrowed(_)));
        assert_eq!(nfkc("ＡＢｃ１ ｶﾞ"), "ABc1 ガ");
        assert_eq!(clean("　ｼﾞｯｼ\r\nしている　"), "ジッシ\nしている");
        assert_eq!(key("Ｎｏ．"), "no.");
    }

    #[test]
    fn levels() {
        for s in ["1", "Lv1", "Lvl1", "LV 1", "Level 1", "レベル1", "Lv.1", "ＬＶ１"] {
            assert_eq!(level(s), Ok(Some(1)), "{s}");
        }
        assert_eq!(level(""), Ok(None));
        assert_eq!(level("高"), Err(NotALevel));
        assert_eq!(level("Lv0"), Err(NotALevel));
    }

    #[test]
    fn answers() {
        use SupplierAnswer::*;
        let cases = [
            ("実施している", Implemented),
            ("○", Implemented),
            ("◯", Implemented),
            ("はい", Implemented),
            ("実施済", Implemented),
            ("Yes", Implemented),
            ("一部実施している", Partial),
            ("△", Partial),
            ("実施していない", NotImplemented),
            ("×", NotImplemented),
            ("いいえ", NotImplemented),
            ("No", NotImplemented),
            ("対象外", NotApplicable),
            ("-", NotApplicable),
            ("N/A", NotApplicable),
            ("該当なし", NotApplicable),
            ("", Unanswered),
            ("\u{3000}", Unanswered),
            (" 実施 している ", Implemented),
        ];
        for (s, want) in cases {
            assert_eq!(answer(s, None), Some(want), "{s:?}");
        }
        assert_eq!(answer("たぶん", None), None);
    }

    #[test]
    fn cell_references() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref("チェックシート", 21, 7), "チェックシート!H22");
        assert_eq!(cell_ref("Check sheet", 0, 0), "'Check sheet'!A1");
    }
}
