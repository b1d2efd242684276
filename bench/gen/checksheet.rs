//! Deterministic supplier checksheets for the benchmarks (and for `tests/bench_generator.rs`).
//!
//! A generated workbook looks like what a supplier sends back: a cover sheet `表紙` (会社名,
//! 回答者, 回答日), and a sheet `チェックシート` with a title block above the standard header
//! (ラベル, 目的, 要求事項, No., レベル, 達成条件, 達成基準, 回答, 備考). For the JAMA catalog it has
//! one row for every No. from 1 to the highest (153 by default): the catalog's items with their
//! exact texts, and the Nos the catalog lacks (items without commentary, which real sheets carry)
//! with plausible texts in the same label. Answers use the canonical wordings and the variants
//! suppliers type (`○`, `×`, `△`, `-`, `はい`…); some Nos are full-width digits or text; the
//! ラベル column is merged over each label's rows, as Excel users do.
//!
//! Invariants: the output depends only on the catalog, the file index and the seed (a SplitMix64
//! stream, no clock, no global RNG), so the same command writes byte-identical inputs on every
//! machine; [`Checksheet::expected`] says exactly what an importer must read from the file.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use tenken::catalog::Catalog;
use tenken::model::SupplierAnswer;

/// Name of the cover sheet.
pub const COVER_SHEET: &str = "表紙";
/// Name of the checksheet sheet.
pub const CHECK_SHEET: &str = "チェックシート";
/// The standard header, in order.
pub const HEADER: [&str; 9] = ["ラベル", "目的", "要求事項", "No.", "レベル", "達成条件", "達成基準", "回答", "備考"];
/// 0-based row of the header on the checksheet (rows above hold a title and instructions).
pub const HEADER_ROW: u32 = 3;

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream for one file of one seed.
    pub fn new(seed: u64, index: u64) -> Rng {
        Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// How the No. cell is written.
#[derive(Debug, Clone, PartialEq)]
pub enum NoCell {
    /// A number cell (what Excel makes when you type 13).
    Number(f64),
    /// A text cell (`'13`, or full-width `１３`).
    Text(String),
}

/// One data row of the checksheet.
#[derive(Debug, Clone)]
pub struct Row {
    /// The item number (canonical, ASCII).
    pub no: u32,
    /// How the No. is written in the cell.
    pub no_cell: NoCell,
    /// ラベル as printed (`2 機密情報を扱うルール`).
    pub label: String,
    /// The catalog group the row belongs to (for rows the catalog lacks: its neighbour's).
    pub group: String,
    /// 目的.
    pub purpose: String,
    /// 要求事項.
    pub requirement: String,
    /// レベル as typed (`Lv1`, `Lv 2`, `レベル3`).
    pub level: String,
    /// The level it means (1–3).
    pub level_no: u8,
    /// 達成条件.
    pub condition: String,
    /// 達成基準.
    pub criteria: String,
    /// 回答 as typed (empty when unanswered).
    pub answer_raw: String,
    /// What the answer means.
    pub answer: SupplierAnswer,
    /// 備考.
    pub remark: String,
    /// True when the catalog has this No. (false: an item without commentary, from the sheet).
    pub in_catalog: bool,
}

/// The cover sheet values.
#[derive(Debug, Clone)]
pub struct Cover {
    /// 会社名.
    pub company: String,
    /// 回答者.
    pub respondent: String,
    /// 回答日 (ISO).
    pub date: String,
}

/// A whole generated checksheet.
#[derive(Debug, Clone)]
pub struct Checksheet {
    /// The cover.
    pub cover: Cover,
    /// The data rows, in No. order.
    pub rows: Vec<Row>,
}

/// What an importer must find in a generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Answer counts over the catalog's items, by the answer's stable name (`implemented`…).
    pub counts: BTreeMap<String, usize>,
    /// Rows whose No. the catalog lacks.
    pub extra_items: usize,
}

const ANSWER_VARIANTS: [(SupplierAnswer, &[&str]); 4] = [
    (SupplierAnswer::Implemented, &["実施している", "実施している", "実施している", "○", "◯", "はい", "実施済"]),
    (SupplierAnswer::Partial, &["一部実施している", "一部実施している", "△"]),
    (SupplierAnswer::NotImplemented, &["実施していない", "実施していない", "×", "いいえ"]),
    (SupplierAnswer::NotApplicable, &["対象外", "対象外", "-", "該当なし"]),
];

const REMARKS_DONE: &[&str] = &[
    "情報セキュリティ規程（第3版）に定め、全従業員へ周知済み。",
    "年1回、情報セキュリティ委員会で見直しを実施している。",
    "手順書を整備し、運用記録を保管している。",
    "ISMS認証（ISO/IEC 27001）の管理策として運用中。",
    "社内ポータルに掲載し、入社時教育で説明している。",
    "委託先との契約書に条項を追加済み。",
    "資産管理台帳にて管理。最終棚卸は昨年度末。",
];
const REMARKS_PARTIAL: &[&str] = &[
    "本社では実施しているが、工場拠点は来期対応予定。",
    "規程はあるが、記録の保管が一部できていない。",
    "対象システムの一部（生産系）は未対応。",
    "年度内に手順書を改訂予定。",
];
const REMARKS_NOT: &[&str] = &["未対応。次年度の計画に含める予定。", "予算確保後に対応予定（2027年度）。", "担当者不在のため未実施。"];
const REMARKS_NA: &[&str] =
    &["該当する業務・設備がないため対象外。", "クラウドサービスを利用していないため。", "無線LANを利用していない。"];

const EXTRA_CONDITIONS: &[&str] = &[
    "{t}に関する手順を文書化し、定期的に見直している",
    "{t}の実施状況を記録し、責任者が確認している",
    "{t}について、年1回以上の点検を実施している",
    "{t}の担当者と役割を定め、社内に周知している",
    "{t}に関する教育を関係者に実施している",
];
const EXTRA_CRITERIA: &[&str] = &[
    "【規則】 ・ {t}の手順書を作成し、承認を得ること ・ 少なくとも年1回見直すこと 【対象】 ・ 役員、従業員、社外要員",
    "【記録】 ・ 実施日、実施者、結果を記録し、1年以上保管すること",
    "【体制】 ・ 責任者を任命し、代行者を定めること ・ 連絡先を一覧化すること",
    "【点検】 ・ 点検項目を定め、結果を責任者へ報告すること ・ 不備は是正計画を立てること",
];

const COMPANY_PLACE: &[&str] = &[
    "東海",
    "北陸",
    "中部",
    "関東",
    "九州",
    "東北",
    "山陽",
    "湘南",
    "信州",
    "北関東",
    "浜松",
    "豊田",
    "刈谷",
    "岡崎",
    "広島",
    "厚木",
    "太田",
    "鈴鹿",
    "大垣",
    "堺",
];
const COMPANY_TRADE: &[&str] = &[
    "精機",
    "工業",
    "電装",
    "化成",
    "金属",
    "プレス",
    "樹脂",
    "製作所",
    "部品",
    "テクノ",
    "鋳造",
    "ゴム",
    "電子",
    "機工",
    "鍛造",
    "塗装",
    "ばね",
    "ガラス",
    "計器",
    "物流",
];
const SURNAMES: &[&str] = &["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"];
const GIVEN: &[&str] = &["太郎", "花子", "健一", "由美", "大輔", "直子", "誠", "恵", "翔太", "彩"];

/// Company name of supplier `index`: unique for the first 1,200 indices.
pub fn company_name(index: u64) -> String {
    let i = index as usize;
    let place = COMPANY_PLACE[i % COMPANY_PLACE.len()];
    let trade = COMPANY_TRADE[(i / COMPANY_PLACE.len()) % COMPANY_TRADE.len()];
    match (i / (COMPANY_PLACE.len() * COMPANY_TRADE.len())) % 3 {
        0 => format!("{place}{trade}株式会社"),
        1 => format!("株式会社{place}{trade}"),
        _ => format!("{place}{trade}工業有限会社"),
    }
}

/// Full-width digits, as some suppliers type them.
fn full_width(n: u32) -> String {
    n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)).collect()
}

fn no_cell(no: u32, rng: &mut Rng) -> NoCell {
    match rng.unit() {
        r if r < 0.85 => NoCell::Number(no as f64),
        r if r < 0.93 => NoCell::Text(full_width(no)),
        _ => NoCell::Text(no.to_string()),
    }
}

fn level_text(level: u8, rng: &mut Rng) -> String {
    match rng.unit() {
        r if r < 0.9 => format!("Lv{level}"),
        r if r < 0.95 => format!("Lv {level}"),
        _ => format!("レベル{level}"),
    }
}

/// Draw an answer for a supplier of the given maturity (0..1: share implemented).
fn draw_answer(maturity: f64, rng: &mut Rng) -> (SupplierAnswer, String) {
    let r = rng.unit();
    let idx = if r < 0.01 {
        None // left blank
    } else if r < maturity {
        Some(0)
    } else if r < maturity + (1.0 - maturity) * 0.45 {
        Some(1)
    } else if r < maturity + (1.0 - maturity) * 0.85 {
        Some(2)
    } else {
        Some(3)
    };
    match idx {
        None => (SupplierAnswer::Unanswered, String::new()),
        Some(i) => {
            let (answer, variants) = ANSWER_VARIANTS[i];
            (answer, rng.pick(variants).to_string())
        }
    }
}

fn draw_remark(answer: SupplierAnswer, rng: &mut Rng) -> String {
    let pool = match answer {
        SupplierAnswer::Implemented if rng.unit() < 0.5 => return String::new(),
        SupplierAnswer::Implemented => REMARKS_DONE,
        SupplierAnswer::Partial => REMARKS_PARTIAL,
        SupplierAnswer::NotImplemented => REMARKS_NOT,
        SupplierAnswer::NotApplicable => REMARKS_NA,
        SupplierAnswer::Unanswered => return String::new(),
    };
    rng.pick(pool).to_string()
}

/// The label text of a group as the checksheet prints it (`2 機密情報を扱うルール`).
fn label_of(catalog: &Catalog, group: &str) -> String {
    match catalog.group(group) {
        Some(g) => format!("{} {}", g.id, g.name),
        None => group.to_string(),
    }
}

/// Build supplier `index`'s checksheet for `catalog`, with rows No. 1..=`rows` (at least every
/// numeric catalog item). Nos the catalog lacks take their label, purpose and requirement from
/// the nearest catalog item before them (items of a label share these in the guideline).
pub fn generate(catalog: &Catalog, rows: u32, seed: u64, index: u64) -> Checksheet {
    let mut rng = Rng::new(seed, index);
    let by_no: BTreeMap<u32, &tenken::catalog::Item> =
        catalog.items.iter().filter_map(|i| i.id.trim().parse::<u32>().ok().map(|n| (n, i))).collect();
    let last = rows.max(by_no.keys().next_back().copied().unwrap_or(0));
    let maturity = 0.45 + 0.5 * rng.unit();
    let mut out = Vec::with_capacity(last as usize);
    for no in 1..=last {
        let (answer, answer_raw) = draw_answer(maturity, &mut rng);
        let remark = draw_remark(answer, &mut rng);
        let no_cell = no_cell(no, &mut rng);
        let row = match by_no.get(&no) {
            Some(item) => Row {
                no,
                no_cell,
                label: label_of(catalog, &item.group),
                group: item.group.clone(),
                purpose: item.purpose.clone().unwrap_or_default(),
                requirement: item.requirement.clone(),
                level: level_text(item.level.unwrap_or(1), &mut rng),
                level_no: item.level.unwrap_or(1),
                condition: item.condition.clone().unwrap_or_default(),
                criteria: item.criteria.clone().unwrap_or_default(),
                answer_raw,
                answer,
                remark,
                in_catalog: true,
            },
            None => {
                let near = by_no.range(..no).next_back().or_else(|| by_no.range(no..).next()).map(|(_, i)| *i);
                let topic = near.and_then(|i| catalog.group(&i.group)).map(|g| g.name.clone()).unwrap_or_else(|| "情報セキュリティ".into());
                let level = near.and_then(|i| i.level).unwrap_or(1).max(1 + (no % 3) as u8).min(3);
                Row {
                    no,
                    no_cell,
                    label: near.map(|i| label_of(catalog, &i.group)).unwrap_or_default(),
                    group: near.map(|i| i.group.clone()).unwrap_or_default(),
                    purpose: near.and_then(|i| i.purpose.clone()).unwrap_or_default(),
                    requirement: near.map(|i| i.requirement.clone()).unwrap_or_else(|| format!("{topic}に関するルールを定めていること")),
                    level: level_text(level, &mut rng),
                    level_no: level,
                    condition: rng.pick(EXTRA_CONDITIONS).replace("{t}", &topic),
                    criteria: rng.pick(EXTRA_CRITERIA).replace("{t}", &topic),
                    answer_raw,
                    answer,
                    remark,
                    in_catalog: false,
                }
            }
        };
        out.push(row);
    }
    let cover = Cover {
        company: company_name(index),
        respondent: format!("{} {}", rng.pick(SURNAMES), rng.pick(GIVEN)),
        date: format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
    };
    Checksheet { cover, rows: out }
}

impl Checksheet {
    /// What an importer must read from this sheet: counts over the catalog's items, and how
    /// many rows are items the catalog lacks.
    pub fn expected(&self) -> Expected {
        let mut counts: BTreeMap<String, usize> = [
            SupplierAnswer::Implemented,
            SupplierAnswer::Partial,
            SupplierAnswer::NotImplemented,
            SupplierAnswer::NotApplicable,
            SupplierAnswer::Unanswered,
        ]
        .iter()
        .map(|a| (a.as_str().to_string(), 0))
        .collect();
        for r in self.rows.iter().filter(|r| r.in_catalog) {
            *counts.entry(r.answer.as_str().to_string()).or_default() += 1;
        }
        Expected { counts, extra_items: self.rows.iter().filter(|r| !r.in_catalog).count() }
    }

    /// Write the workbook to `path` (xlsx).
    pub fn write_xlsx(&self, path: &Path) -> Result<(), XlsxError> {
        let mut wb = Workbook::new();
        self.write_cover(&mut wb)?;
        self.write_sheet(&mut wb)?;
        wb.save(path)
    }

    fn write_cover(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet().set_name(COVER_SHEET)?;
        let title = Format::new().set_bold().set_font_size(16);
        let key = Format::new().set_bold().set_border(FormatBorder::Thin);
        let val = Format::new().set_border(FormatBorder::Thin);
        ws.set_column_width(1, 14)?;
        ws.set_column_width(2, 40)?;
        ws.write_string_with_format(1, 1, "自動車産業サイバーセキュリティガイドライン V2.2 チェックシート", &title)?;
        ws.write_string_with_format(3, 1, "会社名", &key)?;
        ws.write_string_with_format(3, 2, &self.cover.company, &val)?;
        ws.write_string_with_format(4, 1, "回答者", &key)?;
        ws.write_string_with_format(4, 2, &self.cover.respondent, &val)?;
        ws.write_string_with_format(5, 1, "回答日", &key)?;
        ws.write_string_with_format(5, 2, &self.cover.date, &val)?;
        ws.write_string(7, 1, "※ 回答欄には「実施している／一部実施している／実施していない／対象外」のいずれかを記入してください。")?;
        Ok(())
    }

    fn write_sheet(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet().set_name(CHECK_SHEET)?;
        let head = Format::new().set_bold().set_background_color("#D9E1F2").set_border(FormatBorder::Thin).set_text_wrap();
        let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
        let widths = [18.0, 30.0, 30.0, 6.0, 7.0, 36.0, 48.0, 16.0, 30.0];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.write_string(0, 0, "チェックシート（回答用）")?;
        ws.write_string(1, 0, "各要求事項について回答欄に記入し、必要に応じて備考を記載してください。")?;
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, *h, &head)?;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
        for (i, r) in self.rows.iter().enumerate() {
            let row = HEADER_ROW + 1 + i as u32;
            ws.write_string_with_format(row, 0, &r.label, &cell)?;
            ws.write_string_with_format(row, 1, &r.purpose, &cell)?;
            ws.write_string_with_format(row, 2, &r.requirement, &cell)?;
            match &r.no_cell {
                NoCell::Number(n) => ws.write_number_with_format(row, 3, *n, &cell)?,
                NoCell::Text(t) => ws.write_string_with_format(row, 3, t, &cell)?,
            };
            ws.write_string_with_format(row, 4, &r.level, &cell)?;
            ws.write_string_with_format(row, 5, &r.condition, &cell)?;
            ws.write_string_with_format(row, 6, &r.criteria, &cell)?;
            ws.write_string_with_format(row, 7, &r.answer_raw, &cell)?;
            ws.write_string_with_format(row, 8, &r.remark, &cell)?;
        }
        self.merge_labels(ws, &cell)
    }

    /// Merge the ラベル column over each run of rows with the same label, as suppliers' sheets do.
    fn merge_labels(&self, ws: &mut rust_xlsxwriter::Worksheet, fmt: &Format) -> Result<(), XlsxError> {
        let mut start = 0usize;
        for i in 1..=self.rows.len() {
            if i == self.rows.len() || self.rows[i].label != self.rows[start].label {
                if i - start > 1 {
                    let first = HEADER_ROW + 1 + start as u32;
                    let last = HEADER_ROW + i as u32;
                    ws.merge_range(first, 0, last, 0, &self.rows[start].label, fmt)?;
                }
                start = i;
            }
        }
        Ok(())
    }
}
