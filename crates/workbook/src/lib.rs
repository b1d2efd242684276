//! The Excel results workbook (rust_xlsxwriter): the checksheet with the supplier's answers and
//! the auditor's columns, a summary with the score tables and a native radar chart, the
//! findings, and the assessment's metadata.
//!
//! Invariant: rendering only. The workbook is made from an [`AssessmentDocument`], the catalog
//! and a [`ScoreReport`]; it reads no database and computes no score.
//!
//! The blank checksheet templates sent to suppliers ([`template`]) are written here too.
//!
//! Deliberately not here: the store, scoring, import; its manifest lists only the domain.

pub mod error;
pub mod template;

pub use error::{Error, Result};

use std::collections::HashMap;

use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::template::ColumnKind;
use tenken_domain::catalog::{self, Catalog, Item};
use tenken_domain::document::AssessmentDocument;
use tenken_domain::model::*;
use tenken_domain::scoring::{Bucket, ScoreReport, SideScore};

/// Sheet names (Japanese, as Japanese tools name them).
pub const SHEET_CHECKSHEET: &str = "チェックシート";
/// Summary sheet.
pub const SHEET_SUMMARY: &str = "サマリー";
/// Findings sheet.
pub const SHEET_FINDINGS: &str = "指摘事項";
/// Metadata sheet.
pub const SHEET_METADATA: &str = "メタデータ";

/// Who signed the workbook, recorded on the metadata sheet (the signature itself is a
/// detached `.p7s` beside the file).
#[derive(Debug, Clone)]
pub struct SignerNote {
    /// Signer's name.
    pub name: String,
    /// Signer's organisation.
    pub organisation: String,
    /// Signing time (RFC 3339).
    pub at: String,
    /// SHA-256 fingerprint of the signing certificate.
    pub certificate_sha256: String,
}

/// Render the results workbook to bytes.
pub fn render(doc: &AssessmentDocument, cat: &Catalog, score: &ScoreReport, signer: Option<&SignerNote>) -> Result<Vec<u8>> {
    build(doc, cat, score, signer).map_err(Error::Results)
}

fn build(doc: &AssessmentDocument, cat: &Catalog, score: &ScoreReport, signer: Option<&SignerNote>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", cat.title.ja, doc.organisation.name))
            .set_subject("セキュリティチェックシート監査結果 / Security checksheet audit results")
            .set_author(doc.assessment.auditor.clone().unwrap_or_default())
            .set_company(doc.organisation.name.clone()),
    );
    let styles = Styles::new();
    let scoped = catalog::in_scope(cat, &doc.assessment.scope).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let items: Vec<&Item> = scoped.iter().map(|s| s.item).collect();
    checksheet(wb.add_worksheet(), doc, cat, &items, &styles)?;
    summary(wb.add_worksheet(), doc, cat, score, &styles)?;
    findings(wb.add_worksheet(), doc, &styles)?;
    metadata(wb.add_worksheet(), doc, cat, signer, &styles)?;
    wb.save_to_buffer()
}

/// The formats used across sheets.
struct Styles {
    header: Format,
    wrap: Format,
    center: Format,
    title: Format,
    key: Format,
    percent: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_font_name("IPAexGothic").set_font_size(10).set_border(FormatBorder::Thin).set_border_color("#B7BEC8");
        Styles {
            header: base
                .clone()
                .set_bold()
                .set_background_color("#1F3A5F")
                .set_font_color(Color::White)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            center: base.clone().set_align(FormatAlign::Center).set_align(FormatAlign::Top),
            title: Format::new().set_font_name("IPAexGothic").set_bold().set_font_size(14),
            note: Format::new().set_font_name("IPAexGothic").set_font_size(9).set_font_color("#5A6472"),
            key: base.clone().set_bold().set_background_color("#EEF2F7"),
            percent: base.set_num_format("0.0%").set_align(FormatAlign::Right),
        }
    }
}

/// How a checksheet column's cell is read from the catalog, an item and its result.
type CellFn = Box<dyn Fn(&Catalog, &Item, Option<&ItemResult>) -> String>;

/// One column of the checksheet: header and how to read the cell from an item and its result.
struct Column {
    header: String,
    width: f64,
    centered: bool,
    cell: CellFn,
}

fn col(
    header: impl Into<String>,
    width: f64,
    centered: bool,
    cell: impl Fn(&Catalog, &Item, Option<&ItemResult>) -> String + 'static,
) -> Column {
    Column { header: header.into(), width, centered, cell: Box::new(cell) }
}

/// The checksheet columns for a catalog: exactly the supplier template's layout
/// ([`template::columns`]), so results line up with the sheet the supplier filled, with the
/// supplier's answer and remark filled in from the results.
fn framework_columns(cat: &Catalog) -> Vec<Column> {
    template::columns(cat)
        .into_iter()
        .map(|t| {
            let centered = t.width <= 12.0;
            match t.kind {
                ColumnKind::Text => {
                    let value = t.value;
                    col(t.header, t.width, centered, move |c: &Catalog, i: &Item, _: Option<&ItemResult>| value(c, i))
                }
                ColumnKind::Answer => {
                    col(t.header, t.width, true, |_: &Catalog, _: &Item, r: Option<&ItemResult>| match r.map(|r| r.answer) {
                        None | Some(SupplierAnswer::Unanswered) => String::new(),
                        Some(a) => a.label_ja().to_string(),
                    })
                }
                ColumnKind::Remark => col(t.header, t.width, false, |_: &Catalog, _: &Item, r: Option<&ItemResult>| {
                    r.and_then(|r| r.remark.clone()).unwrap_or_default()
                }),
            }
        })
        .collect()
}

fn checksheet(ws: &mut Worksheet, doc: &AssessmentDocument, cat: &Catalog, items: &[&Item], s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET_CHECKSHEET)?;
    let results: HashMap<&str, &ItemResult> = doc.results.iter().map(|r| (r.item_id.as_str(), r)).collect();
    let evidence_count = |id: &str| doc.evidence.iter().filter(|e| e.items.iter().any(|i| i == id)).count();
    let finding_text = |id: &str| {
        let list: Vec<String> = doc
            .findings
            .iter()
            .filter(|f| f.item_id.as_deref() == Some(id))
            .map(|f| format!("[{}] {}", f.severity.label_ja(), f.description))
            .collect();
        list.join("\n")
    };
    let mut cols = framework_columns(cat);
    cols.push(col("監査判定", 11.0, true, |_: &Catalog, _: &Item, r: Option<&ItemResult>| {
        r.map(|r| r.verdict).unwrap_or(Verdict::Unverified).label_ja().to_string()
    }));
    cols.push(col("監査メモ", 32.0, false, |_: &Catalog, _: &Item, r: Option<&ItemResult>| {
        r.and_then(|r| r.note.clone()).unwrap_or_default()
    }));
    let verdict_col = (cols.len() - 2) as u16;
    for (c, column) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &column.header, &s.header)?;
        ws.set_column_width(c as u16, column.width)?;
    }
    let evidence_col = cols.len() as u16;
    let finding_col = evidence_col + 1;
    ws.write_string_with_format(0, evidence_col, "証跡数", &s.header)?;
    ws.set_column_width(evidence_col, 7.0)?;
    ws.write_string_with_format(0, finding_col, "指摘", &s.header)?;
    ws.set_column_width(finding_col, 30.0)?;
    for (r, item) in items.iter().enumerate() {
        let row = r as u32 + 1;
        let result = results.get(item.id.as_str()).copied();
        let mut lines = 1;
        for (c, column) in cols.iter().enumerate() {
            let value = (column.cell)(cat, item, result);
            lines = lines.max(wrapped_lines(&value, column.width));
            ws.write_string_with_format(row, c as u16, &value, if column.centered { &s.center } else { &s.wrap })?;
        }
        // Neither Excel nor LibreOffice grows a row for wrapped text written by a library, so
        // set the height from an estimate of the wrapped lines (capped at Excel's maximum).
        ws.set_row_height(row, (lines as f64 * 13.5 + 3.0).min(409.0))?;
        ws.write_number_with_format(row, evidence_col, evidence_count(&item.id) as f64, &s.center)?;
        ws.write_string_with_format(row, finding_col, finding_text(&item.id), &s.wrap)?;
    }
    let last = items.len().max(1) as u32;
    for (label, fill) in [("適合", "#D9F2E3"), ("一部適合", "#FFF2CC"), ("不適合", "#F8D7DA"), ("対象外", "#E7E9EE")] {
        let cf = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(label))
            .set_format(Format::new().set_background_color(fill));
        ws.add_conditional_format(1, verdict_col, last, verdict_col, &cf)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, finding_col)?;
    print_setup(ws, &doc.organisation.name, &cat.title.ja)?;
    Ok(())
}

/// How many lines `text` takes in a column `width` characters wide (CJK counts double).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 0.95).max(1.0);
    text.split('\n')
        .map(|line| {
            let w: f64 = line.chars().map(|c| if (c as u32) < 0x2E80 { 1.0 } else { 2.0 }).sum();
            (w / per_line).ceil().max(1.0) as usize
        })
        .sum()
}

fn print_setup(ws: &mut Worksheet, org: &str, framework: &str) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!("&L{}&R{}", escape_header(org), escape_header(framework)));
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// `&` starts a control code in Excel headers.
fn escape_header(s: &str) -> String {
    s.replace('&', "&&")
}

fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

fn summary(ws: &mut Worksheet, doc: &AssessmentDocument, cat: &Catalog, score: &ScoreReport, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET_SUMMARY)?;
    ws.set_column_width(0, 30.0)?;
    for (c, w) in [(1, 8.0), (2, 13.0), (3, 16.0), (4, 13.0), (5, 16.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.write_string_with_format(0, 0, format!("{} — {}", cat.title.ja, doc.organisation.name), &s.title)?;
    let mut row = 2;
    let words = &cat.need_labels;
    let mut key_numbers: Vec<(String, String, String)> = vec![
        ("対象項目数 / Items in scope".into(), score.in_scope.to_string(), String::new()),
        ("総合達成率 / Overall rate".into(), pct(score.supplier.rate), pct(score.auditor.rate)),
        (
            "評価 / Grade".into(),
            score.supplier.grade.clone().unwrap_or_else(|| "—".into()),
            score.auditor.grade.clone().unwrap_or_else(|| "—".into()),
        ),
    ];
    // Only the headline the catalog's rule has: a level (JAMA) or a gate (in the catalog's word
    // for its stronger need), never a row that could only say "—".
    if !score.supplier.levels.is_empty() {
        key_numbers.push(("達成レベル / Level achieved".into(), level_text(&score.supplier), level_text(&score.auditor)));
    }
    if score.supplier.gate.is_some() || score.auditor.gate.is_some() {
        let label = format!("{}項目 / {} gate", words.mandatory.ja, words.mandatory.en);
        key_numbers.push((label, gate_text(&score.supplier), gate_text(&score.auditor)));
    }
    key_numbers.push(("相違 / Discrepancies".into(), score.discrepancies.len().to_string(), String::new()));
    key_numbers.push(("未完了の指摘 / Open findings".into(), score.open_findings.to_string(), String::new()));
    for (c, h) in ["", "自己回答 / Supplier", "監査 / Auditor"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &s.header)?;
    }
    for (label, a, b) in key_numbers {
        row += 1;
        ws.write_string_with_format(row, 0, &label, &s.key)?;
        ws.write_string_with_format(row, 1, &a, &s.center)?;
        ws.write_string_with_format(row, 2, &b, &s.center)?;
    }
    row += 2;
    let by_need = format!("{}・{}別 / By need", words.mandatory.ja, words.recommended.ja);
    let (title, sup, aud) = if !score.supplier.levels.is_empty() {
        ("レベル別 / By level", &score.supplier.levels, &score.auditor.levels)
    } else if !score.supplier.classes.is_empty() {
        ("区分別 / By class", &score.supplier.classes, &score.auditor.classes)
    } else {
        (by_need.as_str(), &score.supplier.needs, &score.auditor.needs)
    };
    row = bucket_table(ws, row, title, sup, aud, s)?;
    if score.supplier.levels.is_empty() {
        // What the rows' words mean, in the framework's own definitions (ASP・SaaS 基本/推奨).
        for line in words.legends() {
            row += 1;
            ws.write_string_with_format(row, 0, line, &s.note)?;
        }
    }
    row += 2;
    let groups_first = row;
    row = bucket_table(ws, row, "ラベル・区分別 / By section", &score.supplier.groups, &score.auditor.groups, s)?;
    if !score.supplier.groups.is_empty() {
        let (first, last) = (groups_first + 1, row);
        let mut chart = Chart::new(ChartType::RadarWithMarkers);
        chart.title().set_name("ラベル別達成率 / Rate by section");
        chart.add_series().set_name("自己回答 / Supplier").set_categories((SHEET_SUMMARY, first, 0, last, 0)).set_values((
            SHEET_SUMMARY,
            first,
            2,
            last,
            2,
        ));
        chart.add_series().set_name("監査 / Auditor").set_categories((SHEET_SUMMARY, first, 0, last, 0)).set_values((
            SHEET_SUMMARY,
            first,
            4,
            last,
            4,
        ));
        chart.set_width(620).set_height(460);
        ws.insert_chart(2, 7, &chart)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    if !score.must_achieve.is_empty() {
        row += 2;
        ws.write_string_with_format(row, 0, "必達の評価項目 / Must-achieve evaluation items", &s.key)?;
        for m in &score.must_achieve {
            row += 1;
            ws.write_string_with_format(row, 0, format!("{} {}. {}", m.item_id, m.evaluation_id, m.text), &s.wrap)?;
            ws.write_string_with_format(row, 1, &m.value, &s.center)?;
            ws.write_string_with_format(row, 2, m.supplier.label_ja(), &s.center)?;
            ws.write_string_with_format(row, 3, m.auditor.label_ja(), &s.center)?;
        }
    }
    Ok(())
}

/// A table of buckets: label, then supplier rate as number and text, auditor rate as number and
/// text. Returns the last row written. The number columns feed the radar chart.
fn bucket_table(ws: &mut Worksheet, row: u32, title: &str, sup: &[Bucket], aud: &[Bucket], s: &Styles) -> Result<u32, XlsxError> {
    let headers = [title, "対象", "自己回答 達成率", "実施/部分/未/外/無回答", "監査 達成率", "適合/一部/不/外/未確認"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &s.header)?;
    }
    let mut r = row;
    for (i, b) in sup.iter().enumerate() {
        r = row + 1 + i as u32;
        ws.write_string_with_format(r, 0, &b.label, &s.key)?;
        ws.write_number_with_format(r, 1, b.in_scope as f64, &s.center)?;
        ws.write_number_with_format(r, 2, b.rate.unwrap_or(0.0), &s.percent)?;
        ws.write_string_with_format(r, 3, counts_text(b), &s.center)?;
        if let Some(a) = aud.iter().find(|a| a.key == b.key) {
            ws.write_number_with_format(r, 4, a.rate.unwrap_or(0.0), &s.percent)?;
            ws.write_string_with_format(r, 5, counts_text(a), &s.center)?;
        }
    }
    Ok(r)
}

fn counts_text(b: &Bucket) -> String {
    let c = &b.counts;
    format!("{}/{}/{}/{}/{}", c.implemented, c.partial, c.not_implemented, c.not_applicable, c.unanswered)
}

fn level_text(side: &SideScore) -> String {
    if side.levels.is_empty() {
        return "—".into();
    }
    side.level_achieved.map(|l| format!("Lv{l}")).unwrap_or_else(|| "未達 / none".into())
}

fn gate_text(side: &SideScore) -> String {
    match &side.gate {
        None => "—".into(),
        Some(g) if g.passed => "合格 / passed".into(),
        Some(g) => format!("不合格 / failed ({})", g.failing.len()),
    }
}

fn findings(ws: &mut Worksheet, doc: &AssessmentDocument, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET_FINDINGS)?;
    let headers = [
        ("No.", 6.0),
        ("項目 / Item", 10.0),
        ("重大度 / Severity", 12.0),
        ("指摘内容 / Finding", 44.0),
        ("是正処置 / Corrective action", 44.0),
        ("担当 / Owner", 14.0),
        ("期限 / Due", 12.0),
        ("状況 / Status", 10.0),
    ];
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, f) in doc.findings.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number_with_format(r, 0, f.id as f64, &s.center)?;
        ws.write_string_with_format(r, 1, f.item_id.clone().unwrap_or_default(), &s.center)?;
        ws.write_string_with_format(r, 2, f.severity.label_ja(), &s.center)?;
        ws.write_string_with_format(r, 3, &f.description, &s.wrap)?;
        ws.write_string_with_format(r, 4, f.corrective_action.clone().unwrap_or_default(), &s.wrap)?;
        ws.write_string_with_format(r, 5, f.owner.clone().unwrap_or_default(), &s.wrap)?;
        ws.write_string_with_format(r, 6, f.due_date.map(|d| d.to_string()).unwrap_or_default(), &s.center)?;
        ws.write_string_with_format(r, 7, f.status.label_ja(), &s.center)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, doc.findings.len().max(1) as u32, 7)?;
    print_setup(ws, &doc.organisation.name, "指摘事項")
}

fn metadata(ws: &mut Worksheet, doc: &AssessmentDocument, cat: &Catalog, signer: Option<&SignerNote>, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET_METADATA)?;
    ws.set_column_width(0, 34.0)?;
    ws.set_column_width(1, 80.0)?;
    let a = &doc.assessment;
    let original: Vec<String> = doc
        .evidence
        .iter()
        .filter(|e| e.role == EvidenceRole::OriginalChecksheet)
        .map(|e| format!("{} (SHA-256 {})", e.file_name, e.sha256))
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| format!("{} ({})", d, d.format("%Y年%-m月%-d日"))).unwrap_or_default();
    let mut rows: Vec<(&str, String)> = vec![
        ("フレームワーク / Framework", format!("{} ({} {})", cat.title.ja, cat.id, cat.version)),
        ("出典 / Source", format!("{}, {}, {} — {}", cat.source.title, cat.source.version, cat.source.date, cat.publisher)),
        ("組織 / Organisation", doc.organisation.name.clone()),
        ("拠点 / Site", doc.site.clone().unwrap_or_default()),
        ("範囲 / Scope", a.scope.to_string()),
        ("種別 / Kind", a.kind.to_string()),
        ("監査人 / Auditor", a.auditor.clone().unwrap_or_default()),
        ("開始日 / Start", date(a.started_on)),
        ("終了日 / End", date(a.ended_on)),
        ("状態 / Status", format!("{} (revision {})", a.status, a.revision)),
        ("評価ID / Assessment uid", a.uid.clone()),
        ("提出チェックシート / Imported original", original.join("\n")),
        ("出力日時 / Exported", doc.exported_at.clone()),
        ("出力 / Generator", doc.generator.clone()),
    ];
    if let Some(sg) = signer {
        rows.push(("署名者 / Signed by", format!("{} ({})", sg.name, sg.organisation)));
        rows.push(("署名日時 / Signed at", sg.at.clone()));
        rows.push(("証明書 SHA-256 / Certificate", sg.certificate_sha256.clone()));
    }
    for (r, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, &s.key)?;
        ws.write_string_with_format(r as u32, 1, v, &s.wrap)?;
    }
    Ok(())
}
