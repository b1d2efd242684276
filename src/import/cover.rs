//! Cover-sheet fields: company name, respondent and date, found by label anywhere on a cover
//! sheet (`表紙`, `Cover`, …), on the other sheets, or above the header row of the table sheet.
//!
//! A field's value is the text after a `：`/`:` in the label cell (`会社名：株式会社A`), else the
//! next non-empty cell to the right in the same row, else the cell below. Dates are read from
//! date cells, ISO and `YYYY/MM/DD` text, `YYYY年M月D日` and Japanese eras (`令和6年8月1日`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::normalise::key;
use super::reader::Grid;

/// What a cover sheet says about the submission.
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
}

impl Cover {
    fn is_complete(&self) -> bool {
        self.company.is_some() && self.respondent.is_some() && self.date.is_some()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Company,
    Respondent,
    Date,
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
    (
        Field::Date,
        &[
            "回答日",
            "記入日",
            "日付",
            "作成日",
            "提出日",
            "回答年月日",
            "記入年月日",
            "作成年月日",
            "date",
            "回答日付",
        ],
    ),
];

fn field_of(label: &str) -> Option<Field> {
    let k = key(label);
    // `会社名（正式名称）` → `会社名`.
    let k = k.split(['(', '[', '【']).next().unwrap_or("");
    let k = k.trim_end_matches([':', '：', '*', '※']);
    LABELS
        .iter()
        .find(|(_, words)| words.contains(&k))
        .map(|(f, _)| *f)
}

/// Read the cover fields: cover-like sheets first, then the others, then the table sheet above
/// `header_row`. The first value found for a field stands.
pub fn read_cover(sheets: &[Grid], table_sheet: usize, header_row: u32) -> Cover {
    let mut cover = Cover::default();
    let is_cover_name = |n: &str| {
        let k = key(n);
        [
            "表紙",
            "cover",
            "回答者情報",
            "基本情報",
            "会社情報",
            "提出者",
        ]
        .iter()
        .any(|w| k.contains(w))
    };
    let mut order: Vec<usize> = (0..sheets.len())
        .filter(|i| *i != table_sheet && is_cover_name(&sheets[*i].name))
        .collect();
    order.extend(
        (0..sheets.len()).filter(|i| *i != table_sheet && !is_cover_name(&sheets[*i].name)),
    );
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
    let last = grid
        .last_row()
        .unwrap_or(0)
        .min(below.saturating_sub(1))
        .min(200);
    if below == 0 {
        return;
    }
    for row in 0..=last {
        let cells: Vec<(u32, String)> = grid
            .row_cells(row)
            .map(|(c, t)| (c, t.text.clone()))
            .collect();
        for (col, text) in &cells {
            let (label, inline) = match text.split_once([':', '：']) {
                Some((l, v)) => (l, Some(v.trim())),
                None => (text.as_str(), None),
            };
            let Some(field) = field_of(label) else {
                continue;
            };
            let value = inline
                .filter(|v| !v.is_empty())
                .map(|v| (v.to_string(), None))
                .or_else(|| value_right(grid, row, *col))
                .or_else(|| value_below(grid, row, *col));
            let Some((value, date)) = value else { continue };
            set(cover, field, value, date);
        }
    }
}

fn value_right(grid: &Grid, row: u32, col: u32) -> Option<(String, Option<NaiveDate>)> {
    grid.row_cells(row)
        .filter(|(c, _)| *c > col && *c <= col + 6)
        .find(|(_, t)| !t.text.is_empty() && field_of(&t.text).is_none())
        .map(|(_, t)| (t.text.clone(), t.date))
}

fn value_below(grid: &Grid, row: u32, col: u32) -> Option<(String, Option<NaiveDate>)> {
    grid.get(row + 1, col)
        .filter(|t| field_of(&t.text).is_none())
        .map(|t| (t.text.clone(), t.date))
}

fn set(cover: &mut Cover, field: Field, value: String, date: Option<NaiveDate>) {
    let slot = match field {
        Field::Company => &mut cover.company,
        Field::Respondent => &mut cover.respondent,
        Field::Date => &mut cover.date,
    };
    if slot.is_some() {
        return;
    }
    *slot = Some(match field {
        Field::Date => date
            .or_else(|| parse_date(&value))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or(value),
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
            return NaiveDate::from_ymd_opt(
                base + y.parse::<i32>().ok()?,
                m.parse().ok()?,
                d.parse().ok()?,
            );
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
        for s in [
            "2024-08-01",
            "2024/8/1",
            "2024年8月1日",
            "令和6年8月1日",
            "２０２４年８月１日",
        ] {
            assert_eq!(parse_date(s), want, "{s}");
        }
        assert_eq!(
            parse_date("令和元年5月1日"),
            NaiveDate::from_ymd_opt(2019, 5, 1)
        );
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
}
