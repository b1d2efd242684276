//! Cover-sheet fields: company name, respondent and date, found by label anywhere on a cover
//! sheet (`表紙`, `Cover`, …), on the other sheets, or above the header row of the table sheet.
//!
//! A field's value is the text after a `：`/`:` in the label cell (`会社名：株式会社A`), else the
//! next non-empty cell to the right in the same row, else the cell below. Dates are read from
//! date cells, ISO and `YYYY/MM/DD` text, `YYYY年M月D日` and Japanese eras (`令和6年8月1日`).
//!
//! A title block often holds several fields in one cell (`株式会社X　サービス名:Y　回答日:2024年10月1日`,
//! `【会社名】X【回答者】Y`): such a cell is split at every known label followed by a colon
//! (full-width or ASCII) or written in brackets (`【】`, `[]`, `〔〕`), and each part goes to its
//! field; an unlabelled first part is the company when it names a company form (株式会社, Inc.)
//! or stands where a company's value was asked for. It deliberately does not guess fields from
//! text without a label: a bare `Y` after the company is ignored, not taken as the service.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::normalise::key;
use super::reader::Grid;

/// What a cover sheet says about the submission.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    /// Company name (会社名).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Respondent (回答者).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// Date of the answers, ISO `YYYY-MM-DD` when it could be read as a date, else as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The service or product assessed (サービス名), when the cover names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

impl Cover {
    fn is_complete(&self) -> bool {
        self.company.is_some() && self.respondent.is_some() && self.date.is_some() && self.service.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Company,
    Respondent,
    Date,
    Service,
}

const LABELS: &[(Field, &[&str])] = &[
    (
        Field::Company,
        &[
            "会社名",
            "企業名",
            "貴社名",
            "御社名",
            "事業者名",
            "社名",
            "取引先名",
            "法人名",
            "組織名",
            "company",
            "companyname",
            "supplier",
            "suppliername",
            "organisation",
            "organization",
            "会社名称",
        ],
    ),
    (
        Field::Respondent,
        &[
            "回答者",
            "回答者名",
            "回答者氏名",
            "記入者",
            "記入者名",
            "記入者氏名",
            "担当者",
            "担当者名",
            "担当者氏名",
            "ご担当者",
            "ご担当者名",
            "氏名",
            "respondent",
            "name",
            "contact",
            "回答責任者",
            "責任者",
        ],
    ),
    (Field::Date, &["回答日", "記入日", "日付", "作成日", "提出日", "回答年月日", "記入年月日", "作成年月日", "date", "回答日付"]),
    (
        Field::Service,
        &[
            "サービス名",
            "サービス名称",
            "サービス",
            "対象サービス",
            "対象サービス名",
            "製品名",
            "製品・サービス名",
            "製品/サービス名",
            "システム名",
            "service",
            "servicename",
            "product",
            "productname",
        ],
    ),
];

fn field_of(label: &str) -> Option<Field> {
    let k = key(label);
    // `会社名（正式名称）` → `会社名`.
    let k = k.split(['(', '[', '【']).next().unwrap_or("");
    let k = k.trim_end_matches([':', '：', '*', '※']);
    LABELS.iter().find(|(_, words)| words.contains(&k)).map(|(f, _)| *f)
}

/// Read the cover fields: cover-like sheets first, then the others, then the table sheet above
/// `header_row`. The first value found for a field stands.
pub fn read_cover(sheets: &[Grid], table_sheet: usize, header_row: u32) -> Cover {
    let mut cover = Cover::default();
    let is_cover_name = |n: &str| {
        let k = key(n);
        ["表紙", "cover", "回答者情報", "基本情報", "会社情報", "提出者"].iter().any(|w| k.contains(w))
    };
    let mut order: Vec<usize> = (0..sheets.len()).filter(|i| *i != table_sheet && is_cover_name(&sheets[*i].name)).collect();
    order.extend((0..sheets.len()).filter(|i| *i != table_sheet && !is_cover_name(&sheets[*i].name)));
    for i in order {
        scan(&sheets[i], u32::MAX, &mut cover);
        if cover.is_complete() {
            return cover;
        }
    }
    if let Some(g) = sheets.get(table_sheet) {
        scan(g, header_row, &mut cover);
    }
    cover
}

fn scan(grid: &Grid, below: u32, cover: &mut Cover) {
    let last = grid.last_row().unwrap_or(0).min(below.saturating_sub(1)).min(200);
    if below == 0 {
        return;
    }
    for row in 0..=last {
        let cells: Vec<(u32, String)> = grid.row_cells(row).map(|(c, t)| (c, t.text.clone())).collect();
        for (col, text) in &cells {
            let parts = match field_of(text) {
                Some(field) => vec![Part { field: Some(field), value: String::new() }],
                None => split_fields(text),
            };
            // A cell of one unlabelled part is a value, read from its label's cell.
            if parts.iter().all(|p| p.field.is_none()) {
                continue;
            }
            for part in parts {
                match part.field {
                    // An unlabelled lead before labelled parts: a company only when it says so.
                    None => {
                        if looks_like_company(&part.value) {
                            set(cover, Field::Company, part.value, None);
                        }
                    }
                    Some(field) if !part.value.is_empty() => set(cover, field, part.value, None),
                    // A bare label: its value is to the right, else below.
                    Some(field) => {
                        let value = value_right(grid, row, *col).or_else(|| value_below(grid, row, *col));
                        if let Some((value, date)) = value {
                            set_value(cover, field, &value, date);
                        }
                    }
                }
            }
        }
    }
}

/// A value cell for `field`, which may itself hold further labelled fields: its unlabelled
/// lead is `field`'s value, each labelled part goes to its own field.
fn set_value(cover: &mut Cover, field: Field, value: &str, date: Option<NaiveDate>) {
    let parts = split_fields(value);
    if parts.len() <= 1 {
        set(cover, field, value.to_string(), date);
        return;
    }
    for part in parts {
        match part.field {
            None => set(cover, field, part.value, None),
            Some(f) if !part.value.is_empty() => set(cover, f, part.value, None),
            Some(_) => {}
        }
    }
}

/// One part of a cell: its label's field (none for text before the first label) and its value.
#[derive(Debug, PartialEq)]
struct Part {
    field: Option<Field>,
    value: String,
}

/// Brackets a label may be written in (`【会社名】`); the text after it is the value.
const BRACKETS: &[(char, char)] = &[('【', '】'), ('[', ']'), ('〔', '〕'), ('《', '》'), ('〈', '〉')];

/// A label starting at `s`: its field and the length of the label with its colon or brackets.
fn label_at(s: &str) -> Option<(Field, usize)> {
    if let Some((open, close)) = BRACKETS.iter().find(|(o, _)| s.starts_with(*o)) {
        let inner = &s[open.len_utf8()..];
        let end = inner.find(*close)?;
        let field = field_of(&inner[..end])?;
        let mut len = open.len_utf8() + end + close.len_utf8();
        // `【会社名】：X` — a colon after the bracket belongs to the label.
        let rest = &s[len..];
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix([':', '：']) {
            len += rest.len() - after.len();
        }
        return Some((field, len));
    }
    // `会社名:` / `会社名 ：` — the longest known label followed by a colon.
    let colon = s.find([':', '：'])?;
    let label = s[..colon].trim_end();
    if label.is_empty() || label.chars().count() > 12 {
        return None;
    }
    let field = field_of(label)?;
    let len = colon + s[colon..].chars().next().map_or(1, char::len_utf8);
    Some((field, len))
}

/// Split a cell at every label that starts the text or follows white space, a bracket or a
/// separator; the text before the first label, if any, is an unlabelled part.
fn split_fields(text: &str) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut current: Option<Field> = None;
    let mut value_start = 0;
    let mut lead = true;
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        // A bracketed label delimits itself; a label with a colon starts after a space or a
        // separator (so `ABC:` inside a name is not split).
        let rest = &text[i..];
        let boundary = BRACKETS.iter().any(|(o, _)| rest.starts_with(*o))
            || prev.is_none_or(|p| p.is_whitespace() || "】]〕》〉、,;；/／|｜".contains(p));
        if boundary {
            if let Some((field, len)) = label_at(rest) {
                let before = clean_value(&text[value_start..i]);
                if !(lead && before.is_empty()) {
                    parts.push(Part { field: current, value: before });
                }
                lead = false;
                current = Some(field);
                i += len;
                value_start = i;
                prev = text[..i].chars().next_back();
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        prev = Some(c);
        i += c.len_utf8();
    }
    let rest = clean_value(&text[value_start..]);
    if !(lead && rest.is_empty()) {
        parts.push(Part { field: current, value: rest });
    }
    parts
}

/// A part's value without the spaces and separators around it.
fn clean_value(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || "、,;；/／|｜".contains(c)).to_string()
}

/// True when a text names a company form (株式会社, 有限会社, Co., Ltd., Inc. …).
fn looks_like_company(s: &str) -> bool {
    let k = key(s);
    [
        "株式会社",
        "有限会社",
        "合同会社",
        "合資会社",
        "合名会社",
        "(株)",
        "(有)",
        "㈱",
        "㈲",
        "一般社団法人",
        "一般財団法人",
        "公益社団法人",
        "公益財団法人",
        "独立行政法人",
        "co.,ltd",
        "co.ltd",
        "inc.",
        "inc",
        "corp",
        "corporation",
        "ltd",
        "llc",
        "gmbh",
    ]
    .iter()
    .any(|w| k.contains(w))
}

fn value_right(grid: &Grid, row: u32, col: u32) -> Option<(String, Option<NaiveDate>)> {
    grid.row_cells(row)
        .filter(|(c, _)| *c > col && *c <= col + 6)
        .find(|(_, t)| !t.text.is_empty() && field_of(&t.text).is_none())
        .map(|(_, t)| (t.text.clone(), t.date))
}

fn value_below(grid: &Grid, row: u32, col: u32) -> Option<(String, Option<NaiveDate>)> {
    grid.get(row + 1, col).filter(|t| field_of(&t.text).is_none()).map(|t| (t.text.clone(), t.date))
}

fn set(cover: &mut Cover, field: Field, value: String, date: Option<NaiveDate>) {
    let slot = match field {
        Field::Company => &mut cover.company,
        Field::Respondent => &mut cover.respondent,
        Field::Date => &mut cover.date,
        Field::Service => &mut cover.service,
    };
    if slot.is_some() || value.is_empty() {
        return;
    }
    *slot = Some(match field {
        Field::Date => date.or_else(|| parse_date(&value)).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or(value),
        _ => value,
    });
}

/// Read a date as suppliers write it.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t: String = key(s);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(&t, fmt) {
            return Some(d);
        }
    }
    let eras = [("令和", 2018), ("平成", 1988), ("r", 2018), ("h", 1988)];
    for (era, base) in eras {
        if let Some(rest) = t.strip_prefix(era) {
            let rest = rest.replacen("元", "1", 1);
            let (y, rest) = rest.split_once('年')?;
            let (m, rest) = rest.split_once('月')?;
            let d = rest.trim_end_matches('日');
            return NaiveDate::from_ymd_opt(base + y.parse::<i32>().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_japanese_forms() {
        let want = NaiveDate::from_ymd_opt(2024, 8, 1);
        for s in ["2024-08-01", "2024/8/1", "2024年8月1日", "令和6年8月1日", "２０２４年８月１日"] {
            assert_eq!(parse_date(s), want, "{s}");
        }
        assert_eq!(parse_date("令和元年5月1日"), NaiveDate::from_ymd_opt(2019, 5, 1));
    }

    #[test]
    fn labels_with_values_right_inline_or_below() {
        let g = Grid::from_cells(
            "表紙",
            vec![
                (1, 1, "会社名".into()),
                (1, 3, "株式会社サンプル".into()),
                (2, 1, "回答者：山田 太郎".into()),
                (3, 1, "回答日".into()),
                (4, 1, "2024/08/01".into()),
            ],
        );
        let c = read_cover(&[g, Grid::from_cells("S", vec![])], 1, 0);
        assert_eq!(c.company.as_deref(), Some("株式会社サンプル"));
        assert_eq!(c.respondent.as_deref(), Some("山田 太郎"));
        assert_eq!(c.date.as_deref(), Some("2024-08-01"));
    }

    fn cover_of(cells: Vec<(u32, u32, String)>) -> Cover {
        read_cover(&[Grid::from_cells("表紙", cells), Grid::from_cells("S", vec![])], 1, 0)
    }

    fn want(company: &str, service: Option<&str>, date: Option<&str>, respondent: Option<&str>) -> Cover {
        Cover {
            company: Some(company.into()),
            service: service.map(Into::into),
            date: date.map(Into::into),
            respondent: respondent.map(Into::into),
        }
    }

    #[test]
    fn a_title_block_of_several_fields_in_one_cell_is_split() {
        // Full-width spaces and colons, as typed in Japanese (NFKC makes them ASCII first).
        let c = cover_of(vec![(0, 0, "株式会社X　サービス名：Y　回答日：2024年10月1日".into())]);
        assert_eq!(c, want("株式会社X", Some("Y"), Some("2024-10-01"), None));
        let c = cover_of(vec![(0, 0, "株式会社X サービス名:クラウドY 回答日:2024/10/01 回答者:山田 太郎".into())]);
        assert_eq!(c, want("株式会社X", Some("クラウドY"), Some("2024-10-01"), Some("山田 太郎")));
    }

    #[test]
    fn a_labelled_company_followed_by_other_fields_is_split() {
        let c = cover_of(vec![(0, 0, "会社名：株式会社X　サービス名：Y　回答日：令和6年10月1日".into())]);
        assert_eq!(c, want("株式会社X", Some("Y"), Some("2024-10-01"), None));
    }

    #[test]
    fn bracketed_labels_are_split() {
        let c = cover_of(vec![(2, 0, "【会社名】株式会社X【サービス名】Y【回答者】佐藤【回答日】2024-10-01".into())]);
        assert_eq!(c, want("株式会社X", Some("Y"), Some("2024-10-01"), Some("佐藤")));
        let c = cover_of(vec![(2, 0, "[会社名] X Inc. [回答日]：2024/10/1".into())]);
        assert_eq!(c, want("X Inc.", None, Some("2024-10-01"), None));
    }

    #[test]
    fn a_value_cell_right_of_its_label_holding_more_fields_is_split() {
        let c = cover_of(vec![(1, 0, "会社名".into()), (1, 1, "株式会社X　サービス名:Y　回答日:2024年10月1日".into())]);
        assert_eq!(c, want("株式会社X", Some("Y"), Some("2024-10-01"), None));
    }

    #[test]
    fn a_colon_inside_a_name_is_not_a_field() {
        let c = cover_of(vec![(1, 0, "会社名".into()), (1, 1, "ABC: Japan株式会社".into())]);
        assert_eq!(c.company.as_deref(), Some("ABC: Japan株式会社"));
        // An unlabelled lead that names no company form is not guessed to be one.
        let c = cover_of(vec![(0, 0, "チェックシート　回答日:2024年10月1日".into())]);
        assert_eq!((c.company, c.date.as_deref()), (None, Some("2024-10-01")));
    }
}
