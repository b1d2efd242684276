//! Blank checksheets for suppliers: an xlsx workbook with a cover sheet (company, respondent,
//! date), an instructions sheet in Japanese, and the checksheet itself in the framework's
//! column order, with wrapped text, a frozen header, a dropdown of the four canonical answers
//! on the answer column, and A4-landscape print setup repeating the header row.
//!
//! Invariant: every template written here is read back by the importer (`tenken-import`) with exactly the
//! answers filled in (the round-trip tests loop over every built-in catalog). So the headers
//! used are ones the importer's synonym table or the catalog's field labels recognise, and every
//! row carries the catalog's own item id.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use tenken_domain::catalog::{in_scope, Catalog, Item, RuleKind};
use tenken_domain::model::Scope;

/// Name of the checksheet sheet in templates.
pub const CHECKSHEET: &str = "チェックシート";
/// Name of the cover sheet in templates.
pub const COVER: &str = "表紙";
/// Name of the instructions sheet in templates.
pub const INSTRUCTIONS: &str = "記入方法";

/// One column of the checksheet: header text, width, and how an item fills it.
pub struct Column {
    /// Header text.
    pub header: String,
    /// Width in characters.
    pub width: f64,
    /// The cell of an item (empty for the columns the supplier fills).
    pub value: fn(&Catalog, &Item) -> String,
    /// What the column holds.
    pub kind: ColumnKind,
}

/// What a checksheet column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A text of the catalog item (label, requirement, No., …).
    Text,
    /// The supplier's answer (回答).
    Answer,
    /// The supplier's remark (備考).
    Remark,
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn group_name(c: &Catalog, i: &Item) -> String {
    c.group(&i.group)
        .map(|g| if g.name.starts_with(&g.id) { g.name.clone() } else { format!("{} {}", g.id, g.name) })
        .unwrap_or_else(|| i.group.clone())
}

/// The id column header: the framework's own name where it has one.
fn id_header(c: &Catalog) -> String {
    if c.field_label("requirement") == "対策項目" {
        "対策項目番号".to_string()
    } else {
        "No.".to_string()
    }
}

/// The checksheet columns for a catalog: the JAMA order (ラベル, 目的, 要求事項, No., レベル,
/// 達成条件, 達成基準, 回答, 備考) for level-based frameworks, else id, group, the framework's
/// own text fields, 回答, 備考.
pub fn columns(c: &Catalog) -> Vec<Column> {
    let col = |header: &str, width: f64, value: fn(&Catalog, &Item) -> String| Column {
        header: header.to_string(),
        width,
        value,
        kind: ColumnKind::Text,
    };
    let blank: fn(&Catalog, &Item) -> String = |_, _| String::new();
    let mut cols = Vec::new();
    if c.scoring.rule == RuleKind::LevelAchievement {
        cols.push(col("ラベル", 14.0, group_name));
        cols.push(col(c.field_label("purpose"), 24.0, |_, i| opt(&i.purpose)));
        cols.push(col(c.field_label("requirement"), 40.0, |_, i| i.requirement.clone()));
        cols.push(col("No.", 6.0, |_, i| i.id.clone()));
        cols.push(col("レベル", 7.0, |_, i| i.level.map(|l| format!("Lv{l}")).unwrap_or_default()));
        cols.push(col(c.field_label("condition"), 36.0, |_, i| opt(&i.condition)));
        cols.push(col(c.field_label("criteria"), 36.0, |_, i| opt(&i.criteria)));
    } else {
        let any = |f: fn(&Item) -> bool| c.items.iter().any(f);
        cols.push(col(&id_header(c), 12.0, |_, i| i.id.clone()));
        cols.push(col("分類", 16.0, group_name));
        if any(|i| i.title.is_some()) {
            cols.push(col(c.field_label("title"), 18.0, |_, i| opt(&i.title)));
        }
        cols.push(col(c.field_label("requirement"), 50.0, |_, i| i.requirement.clone()));
        if any(|i| i.class.is_some()) {
            cols.push(col("区分", 8.0, |_, i| opt(&i.class)));
        }
        if any(|i| i.criteria.is_some()) {
            cols.push(col(c.field_label("criteria"), 36.0, |_, i| opt(&i.criteria)));
        }
    }
    cols.push(Column { header: "回答".into(), width: 16.0, value: blank, kind: ColumnKind::Answer });
    cols.push(Column { header: "備考".into(), width: 30.0, value: blank, kind: ColumnKind::Remark });
    cols
}

fn xerr(e: XlsxError) -> Error {
    Error::Template(e)
}

/// The template workbook for a catalog and scope (only items in scope get a row).
pub fn template_bytes(catalog: &Catalog, scope: &Scope) -> Result<Vec<u8>> {
    let items: Vec<&Item> = in_scope(catalog, scope)?.into_iter().map(|s| s.item).collect();
    let mut wb = Workbook::new();
    write_cover(wb.add_worksheet(), catalog, scope).map_err(xerr)?;
    write_instructions(wb.add_worksheet(), catalog).map_err(xerr)?;
    write_checksheet(wb.add_worksheet(), catalog, &items).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}

/// Write the template to `path`.
pub fn write_template(catalog: &Catalog, scope: &Scope, path: &Path) -> Result<()> {
    let bytes = template_bytes(catalog, scope)?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

fn write_cover(ws: &mut Worksheet, c: &Catalog, scope: &Scope) -> std::result::Result<(), XlsxError> {
    ws.set_name(COVER)?;
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7");
    let field = Format::new().set_border(FormatBorder::Thin);
    ws.write_string_with_format(0, 0, format!("{} 回答書", c.title.ja), &title)?;
    ws.write_string(1, 0, format!("{} {} ({})", c.source.title, c.source.version, c.publisher))?;
    for (i, name) in ["会社名", "回答者", "回答日"].iter().enumerate() {
        ws.write_string_with_format(3 + i as u32, 0, *name, &label)?;
        ws.write_blank(3 + i as u32, 1, &field)?;
    }
    ws.write_string(7, 0, "対象範囲")?;
    ws.write_string(7, 1, scope.to_string())?;
    ws.write_string(8, 0, "カタログ")?;
    ws.write_string(8, 1, format!("{} {}", c.id, c.version))?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 48)?;
    Ok(())
}

fn write_instructions(ws: &mut Worksheet, c: &Catalog) -> std::result::Result<(), XlsxError> {
    ws.set_name(INSTRUCTIONS)?;
    let answers: Vec<String> = c.answer_scale.iter().map(|a| format!("・{}", a.label)).collect();
    let mut lines = vec![
        "記入方法".to_string(),
        String::new(),
        format!("1. 「{COVER}」シートに会社名、回答者、回答日を記入してください。"),
        format!("2. 「{CHECKSHEET}」シートの各行について、回答欄のプルダウンから次のいずれかを選んでください。"),
    ];
    lines.extend(answers);
    lines.extend([
        "3. 補足がある場合は備考欄に記入してください (一部実施・対象外の場合は理由を記入してください)。".to_string(),
        "4. 行や列の追加・削除・並べ替え、番号の変更はしないでください。".to_string(),
        "5. 記入後はこのファイルを保存し、提出してください (パスワードは設定しないでください)。".to_string(),
    ]);
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, l)?;
    }
    ws.set_column_width(0, 100)?;
    Ok(())
}

fn write_checksheet(ws: &mut Worksheet, c: &Catalog, items: &[&Item]) -> std::result::Result<(), XlsxError> {
    ws.set_name(CHECKSHEET)?;
    let cols = columns(c);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let fill = text.clone().set_background_color("#FFF2CC");
    for (j, col) in cols.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, &col.header, &head)?;
        ws.set_column_width(j as u16, col.width)?;
    }
    for (i, item) in items.iter().enumerate() {
        let row = 1 + i as u32;
        for (j, col) in cols.iter().enumerate() {
            let fmt = if col.header == "回答" || col.header == "備考" { &fill } else { &text };
            ws.write_string_with_format(row, j as u16, (col.value)(c, item), fmt)?;
        }
    }
    if let Some(a) = cols.iter().position(|c| c.kind == ColumnKind::Answer) {
        let labels: Vec<&str> = c.answer_scale.iter().map(|l| l.label.as_str()).collect();
        let dv = DataValidation::new().allow_list_strings(&labels)?;
        let last = items.len().max(1) as u32;
        ws.add_data_validation(1, a as u16, last, a as u16, &dv)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
