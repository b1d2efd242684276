//! Japanese line breaking with kinsoku shori (禁則処理) for the PDF report.
//!
//! printpdf draws one string per text operation and never wraps, so the report breaks lines
//! itself. Breaking is greedy over *units*: a run of Latin letters/digits (a word, never split
//! unless it alone is wider than the box) or a single other character. Characters that must not
//! start a line (、。，．）」』 small kana, ー …) are glued to the unit before them; characters
//! that must not end a line (（「『【 …) are glued to the unit after them, so a break is only
//! ever taken where both rules allow it (追い出し: the unit moves to the next line whole).
//!
//! Invariants:
//! * every returned line is at most `max_width` wide as measured by the caller's `width_of`
//!   (a unit wider than the box is split by characters, and only then may a line start with
//!   a prohibited character — there is no other way to keep it inside the box);
//! * no line starts with a line-start-prohibited character and no line ends with a
//!   line-end-prohibited character, except in that forced split;
//! * concatenating the lines of a paragraph gives the paragraph back, except that spaces at a
//!   break are dropped; `\n` separates paragraphs and yields a separate line (possibly empty).

/// Characters that must not begin a line (行頭禁則).
pub const NO_LINE_START: &str = "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・：；:;／％%‰℃";

/// Characters that must not end a line (行末禁則).
pub const NO_LINE_END: &str = "（(［[｛{〔〈《「『【〘〖〝‘“｟«";

/// Whether `c` may not start a line.
pub fn is_no_line_start(c: char) -> bool {
    NO_LINE_START.contains(c)
}

/// Whether `c` may not end a line.
pub fn is_no_line_end(c: char) -> bool {
    NO_LINE_END.contains(c)
}

/// Whether `c` belongs to a Latin word that should not be split.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '\'' | '@' | '#' | '&' | '+' | '=' | '*')
}

/// An unbreakable piece of a paragraph.
struct Unit {
    text: String,
    width: f32,
    /// The unit is whitespace: droppable at a break.
    space: bool,
}

/// Wraps `text` into lines no wider than `max_width`.
///
/// `width_of` gives the advance of one character in the same unit as `max_width`.
/// A non-positive or non-finite `max_width` is treated as "one character per line".
pub fn wrap(text: &str, max_width: f32, width_of: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end_matches('\r');
        let units = units_of(paragraph, &width_of);
        fill_lines(units, max_width, &width_of, &mut lines);
    }
    lines
}

/// Splits a paragraph into units, applying the kinsoku glue rules.
fn units_of(paragraph: &str, width_of: &impl Fn(char) -> f32) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    // Set while the last unit ends with a line-end-prohibited char: the next char joins it.
    let mut glue_next = false;
    for c in paragraph.chars() {
        let w = width_of(c);
        let space = c == ' ' || c == '\u{3000}';
        let joins_previous = match units.last() {
            None => false,
            Some(last) => {
                glue_next
                    || (!space && !last.space && is_no_line_start(c))
                    || (is_word_char(c) && !last.space && last.text.chars().last().is_some_and(is_word_char))
            }
        };
        match units.last_mut() {
            Some(last) if joins_previous => {
                last.text.push(c);
                last.width += w;
                last.space = false;
            }
            _ => units.push(Unit { text: c.to_string(), width: w, space }),
        }
        glue_next = is_no_line_end(c);
    }
    units
}

/// Greedily places units on lines; pushes the finished lines onto `lines`.
fn fill_lines(units: Vec<Unit>, max_width: f32, width_of: &impl Fn(char) -> f32, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut width = 0.0f32;
    let mut pending_space: Option<Unit> = None;
    let mut pushed_any = false;
    for unit in units {
        if unit.space {
            if line.is_empty() && pushed_any {
                continue; // a space right after a break is dropped
            }
            match pending_space.as_mut() {
                Some(p) => {
                    p.text.push_str(&unit.text);
                    p.width += unit.width;
                }
                None => pending_space = Some(unit),
            }
            continue;
        }
        let space_w = pending_space.as_ref().map_or(0.0, |s| s.width);
        if width + space_w + unit.width <= max_width {
            if let Some(s) = pending_space.take() {
                line.push_str(&s.text);
                width += s.width;
            }
            line.push_str(&unit.text);
            width += unit.width;
            continue;
        }
        // Does not fit: break before it (dropping any pending space).
        pending_space = None;
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            pushed_any = true;
            width = 0.0;
        }
        if unit.width <= max_width {
            line = unit.text;
            width = unit.width;
        } else {
            // Wider than the box on its own: split by characters as a last resort.
            for c in unit.text.chars() {
                let w = width_of(c);
                if !line.is_empty() && width + w > max_width {
                    lines.push(std::mem::take(&mut line));
                    pushed_any = true;
                    width = 0.0;
                }
                line.push(c);
                width += w;
            }
        }
    }
    if let Some(s) = pending_space {
        if !line.is_empty() {
            line.push_str(&s.text);
        }
    }
    lines.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width for non-ASCII, half for ASCII: like a Japanese font at 1 unit per em.
    fn w(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn width(s: &str) -> f32 {
        s.chars().map(w).sum()
    }

    fn check_invariants(lines: &[String], max: f32) {
        for (i, l) in lines.iter().enumerate() {
            assert!(width(l) <= max + 1e-4, "line {i} {l:?} is {} wide, box {max}", width(l));
            if i > 0 {
                if let Some(first) = l.chars().next() {
                    assert!(!is_no_line_start(first), "line {i} {l:?} starts with {first}");
                }
            }
            if i + 1 < lines.len() {
                if let Some(last) = l.chars().last() {
                    assert!(!is_no_line_end(last), "line {i} {l:?} ends with {last}");
                }
            }
        }
    }

    #[test]
    fn fills_to_width_and_keeps_text() {
        let text = "情報セキュリティ方針を策定し経営者が承認していること";
        let lines = wrap(text, 10.0, w);
        check_invariants(&lines, 10.0);
        assert_eq!(lines.concat(), text);
        assert_eq!(lines[0].chars().count(), 10);
    }

    #[test]
    fn punctuation_at_the_wrap_point_moves_with_its_character() {
        // At width 5 the 。 would be the 6th char: it must not start line 2.
        let text = "あいうえお。かきくけこ、さしすせそ";
        let lines = wrap(text, 5.0, w);
        check_invariants(&lines, 5.0);
        assert_eq!(lines.concat(), text);
        assert_eq!(lines[0], "あいうえ");
        assert_eq!(lines[1], "お。かきく");
    }

    #[test]
    fn closing_brackets_and_small_kana_never_start_a_line() {
        for max in 5..12 {
            let text = "規程（ポリシー）」を「文書化」しっかりと、ァィ。管理すること。」";
            let lines = wrap(text, max as f32, w);
            check_invariants(&lines, max as f32);
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        let text = "あいう（えおかき）くけこ「さし」";
        let lines = wrap(text, 4.0, w);
        check_invariants(&lines, 4.0);
        assert_eq!(lines[0], "あいう");
        assert!(lines[1].starts_with('（'));
    }

    #[test]
    fn latin_words_break_at_spaces_only() {
        let text = "Access control policy must be reviewed annually";
        let lines = wrap(text, 12.0, w);
        check_invariants(&lines, 12.0);
        for l in &lines {
            assert!(!l.starts_with(' ') && !l.ends_with(' '), "{l:?}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn overlong_words_are_split_to_stay_inside_the_box() {
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let lines = wrap(hash, 10.0, w);
        check_invariants(&lines, 10.0);
        assert_eq!(lines.concat(), hash);
        // ASCII is half width in this metric: 64 × 0.5 = 32 wide, so 20 characters a line.
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn newlines_make_paragraphs() {
        let lines = wrap("一行目\n\n三行目", 20.0, w);
        assert_eq!(lines, vec!["一行目", "", "三行目"]);
    }

    #[test]
    fn many_widths_never_overflow_or_break_kinsoku() {
        let text = "サプライヤは、委託先を含む全ての関係者に対して（契約書等により）、情報セキュリティ要求事項「機密保持・インシデント報告」を明示し、その遵守状況を定期的に確認すること。Lv2 requires evidence (e.g. ISMS audit reports).";
        for tenth in 15..120 {
            let max = tenth as f32 / 2.0;
            let lines = wrap(text, max, w);
            check_invariants(&lines, max);
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let orig: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, orig, "text lost at width {max}");
        }
    }
}
