//! Finding the checksheet table: the sheet and header row are found by header text, never by
//! position, and each column is given a role through Japanese and English synonyms.
//!
//! A header row is a row, among the first [`HEADER_SEARCH_ROWS`] of a sheet, that names an answer
//! column and either an id column or a requirement column; the best-scoring row of the workbook
//! (most roles recognised) wins. Header cells are compared after NFKC, white-space removal and
//! lower-casing, first whole, then without a trailing `※`/`*` and without a bracketed suffix
//! (`回答（選択）` → `回答`). The catalog's own field labels are synonyms too.
//!
//! Invariant: this module only reads grids; it knows nothing of answers or the store.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::normalise::key;
use super::reader::Grid;
use tenken_domain::catalog::Catalog;

/// How far down a sheet the header row is looked for.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Item number (`No.`, `番号`, `対策項目番号`).
    Id,
    /// ASP・SaaS evaluation item letter (`評価項目番号`).
    EvalId,
    /// Group label (`ラベル`).
    Label,
    /// Short name (`項目`).
    Title,
    /// `目的`.
    Purpose,
    /// `要求事項` / `対策項目`.
    Requirement,
    /// `レベル`.
    Level,
    /// `達成条件`.
    Condition,
    /// `達成基準` / `実施基準・実施例`.
    Criteria,
    /// `区分`.
    Class,
    /// The supplier's answer (`回答`, `実施状況`, `実施チェック`).
    Answer,
    /// The supplier's remark (`備考`).
    Remark,
}

const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Id,
        &[
            "no.",
            "no",
            "no.#",
            "番号",
            "項番",
            "項目番号",
            "対策項目番号",
            "管理番号",
            "項目no.",
            "id",
            "#",
            "itemno.",
            "itemno",
            "item#",
            "要求事項番号",
            "要求事項no.",
        ],
    ),
    (Role::EvalId, &["評価項目番号", "評価番号"]),
    (Role::Label, &["ラベル", "分類", "カテゴリ", "カテゴリー", "category", "label", "大項目", "大分類"]),
    (Role::Title, &["項目", "要件", "title", "item", "中項目", "項目名"]),
    (Role::Purpose, &["目的", "purpose", "objective"]),
    (Role::Requirement, &["要求事項", "対策項目", "審査項目", "requirement", "requirements", "control", "管理策", "要求内容"]),
    (Role::Level, &["レベル", "level", "lv", "lv.", "lvl"]),
    (Role::Condition, &["達成条件", "condition", "conditions"]),
    (Role::Criteria, &["達成基準", "実施基準・実施例", "実施基準", "criteria", "評価基準", "基準"]),
    (Role::Class, &["区分", "class"]),
    (
        Role::Answer,
        &[
            "回答",
            "実施状況",
            "answer",
            "実施チェック",
            "チェック",
            "回答欄",
            "自己評価",
            "status",
            "対応状況",
            "check",
            "self-assessment",
            "selfassessment",
            "回答結果",
            "実施有無",
            "対応有無",
            "評価結果",
        ],
    ),
    (
        Role::Remark,
        &[
            "備考",
            "コメント",
            "remarks",
            "remark",
            "comment",
            "comments",
            "補足",
            "回答補足",
            "備考欄",
            "note",
            "notes",
            "特記事項",
            "説明",
            "補足説明",
            "回答理由",
        ],
    ),
];

/// The role of a header cell, if it names one.
pub fn role_of(text: &str, catalog: Option<&Catalog>) -> Option<Role> {
    Roles::new(catalog).of(text)
}

/// The header words a sheet is read with: the catalog's field labels (as keys, worked out once
/// per sheet rather than once per cell) ahead of the built-in synonyms.
pub struct Roles {
    labels: Vec<(String, Role)>,
}

impl Roles {
    /// The words for `catalog` (synonyms only without one).
    pub fn new(catalog: Option<&Catalog>) -> Self {
        let labels = catalog
            .map(|c| c.field_labels.iter().filter_map(|(field, label)| Some((key(label), role_of_field(field)?))).collect())
            .unwrap_or_default();
        Roles { labels }
    }

    /// The role of a header cell, if it names one.
    pub fn of(&self, text: &str) -> Option<Role> {
        let k = key(text);
        if k.is_empty() {
            return None;
        }
        let stripped = strip_suffixes(&k);
        for candidate in [k.as_str(), stripped.as_str()] {
            if let Some((_, role)) = self.labels.iter().find(|(label, _)| label == candidate) {
                return Some(*role);
            }
            if let Some((role, _)) = SYNONYMS.iter().find(|(_, words)| words.contains(&candidate)) {
                return Some(*role);
            }
        }
        None
    }
}

fn role_of_field(field: &str) -> Option<Role> {
    Some(match field {
        "title" => Role::Title,
        "purpose" => Role::Purpose,
        "requirement" => Role::Requirement,
        "condition" => Role::Condition,
        "criteria" => Role::Criteria,
        _ => return None,
    })
}

/// `回答（選択）※` → `回答`.
fn strip_suffixes(k: &str) -> String {
    let mut s = k.trim_end_matches(['※', '*']).to_string();
    for open in ['(', '[', '<', '【'] {
        if let Some(i) = s.find(open).filter(|i| *i > 0) {
            s.truncate(i);
        }
    }
    s.trim_end_matches(['※', '*', ':']).to_string()
}

/// The columns of a header row, by role (a role may have several columns: answers per role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Columns(pub BTreeMap<Role, Vec<u32>>);

impl Columns {
    /// The first column of a role.
    pub fn first(&self, role: Role) -> Option<u32> {
        self.0.get(&role).and_then(|v| v.first().copied())
    }

    /// Every column of a role.
    pub fn all(&self, role: Role) -> &[u32] {
        self.0.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of roles recognised.
    pub fn score(&self) -> usize {
        self.0.len()
    }

    /// A header row must name an answer column and an id or requirement column.
    pub fn is_header(&self) -> bool {
        self.0.contains_key(&Role::Answer) && (self.0.contains_key(&Role::Id) || self.0.contains_key(&Role::Requirement))
    }
}

/// The roles of the cells of one row.
pub fn map_row(grid: &Grid, row: u32, catalog: Option<&Catalog>) -> Columns {
    map_row_with(grid, row, &Roles::new(catalog))
}

/// The roles of the cells of one row, with the words already worked out.
pub fn map_row_with(grid: &Grid, row: u32, roles: &Roles) -> Columns {
    let mut cols = Columns::default();
    let last = grid.last_col().unwrap_or(0);
    for col in 0..=last {
        let Some(role) = roles.of(grid.text(row, col)) else {
            continue;
        };
        let list = cols.0.entry(role).or_default();
        // Only answers may legitimately repeat (one per role / pattern); elsewhere the first stands.
        if list.is_empty() || role == Role::Answer {
            list.push(col);
        }
    }
    cols
}

/// The header found: sheet index, row (0-based) and column roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Index of the sheet in the workbook.
    pub sheet: usize,
    /// 0-based header row.
    pub row: u32,
    /// Column roles.
    pub columns: Columns,
}

/// The best header row of the workbook, if any sheet has one.
pub fn find_header(sheets: &[Grid], catalog: Option<&Catalog>) -> Option<Header> {
    find_header_where(sheets, catalog, Columns::is_header)
}

/// The best-scoring row (first 30 rows of every sheet) whose roles satisfy `accept`.
pub fn find_header_where(sheets: &[Grid], catalog: Option<&Catalog>, accept: fn(&Columns) -> bool) -> Option<Header> {
    let mut best: Option<Header> = None;
    let roles = Roles::new(catalog);
    for (i, grid) in sheets.iter().enumerate() {
        let last = grid.last_row().unwrap_or(0).min(HEADER_SEARCH_ROWS - 1);
        for row in 0..=last {
            let columns = map_row_with(grid, row, &roles);
            if !accept(&columns) {
                continue;
            }
            if best.as_ref().is_none_or(|b| columns.score() > b.columns.score()) {
                best = Some(Header { sheet: i, row, columns });
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_suffixes() {
        assert_eq!(role_of("No.", None), Some(Role::Id));
        assert_eq!(role_of("Ｎｏ", None), Some(Role::Id));
        assert_eq!(role_of("番号", None), Some(Role::Id));
        assert_eq!(role_of("回答\n（選択してください）", None), Some(Role::Answer));
        assert_eq!(role_of("実施状況", None), Some(Role::Answer));
        assert_eq!(role_of("Remarks", None), Some(Role::Remark));
        assert_eq!(role_of("評価項目※", None), None);
        assert_eq!(role_of("評価項目番号", None), Some(Role::EvalId));
        assert_eq!(role_of("レベル", None), Some(Role::Level));
        assert_eq!(role_of("会社名", None), None);
    }

    #[test]
    fn header_below_a_cover_block() {
        let cells = vec![
            (0, 0, "会社名".to_string()),
            (0, 1, "株式会社テスト".to_string()),
            (4, 0, "No.".to_string()),
            (4, 1, "要求事項".to_string()),
            (4, 2, "回答".to_string()),
            (5, 0, "1".to_string()),
        ];
        let g = Grid::from_cells("S", cells);
        let h = find_header(std::slice::from_ref(&g), None).unwrap();
        assert_eq!(h.row, 4);
        assert_eq!(h.columns.first(Role::Answer), Some(2));
    }
}
