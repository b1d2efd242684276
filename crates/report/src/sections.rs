//! The report's sections, in order: cover, executive summary, findings and corrective
//! actions, discrepancies, per-item appendix, sign-off.
//!
//! Each function lays out one section on the [`Canvas`] from the [`ReportInput`] alone.
//! Invariants: every major section starts on a new page (the discrepancy list may follow the
//! findings); every in-scope item appears in the appendix, in input order; the sign-off page
//! is last and reserves [`SIGNATURE_W`] × [`SIGNATURE_H`] pt for the signature appearance.

use super::input::{AppendixItem, ReportInput, ReportStatus, ScoreRow};
use super::layout::{Align, Canvas, Column, Rgbf, Style, ACCENT, ALERT, BODY_W, INK, MARGIN_X, MUTED, RULE, TINT};
use super::{format_date, format_rate, radar, PdfRect};
use printpdf::{LineDashPattern, Op};

/// Width of the reserved signature rectangle (pt).
pub const SIGNATURE_W: f32 = 250.0;
/// Height of the reserved signature rectangle (pt).
pub const SIGNATURE_H: f32 = 96.0;

/// The cover page: title, framework, the assessment's particulars and its status.
pub fn cover(c: &mut Canvas, input: &ReportInput) {
    c.rect(0.0, 0.0, super::layout::PAGE_W, 10.0, Some(ACCENT), None);
    c.y = 120.0;
    c.text(MARGIN_X, c.y, "セキュリティ監査報告書", Style::strong(26.0, INK), Align::Left);
    c.y += 24.0;
    c.text(MARGIN_X, c.y, "Security Audit Report", Style::muted(13.0), Align::Left);
    c.y += 34.0;
    c.line(MARGIN_X, c.y, MARGIN_X + BODY_W, c.y, 0.8, ACCENT);
    c.y += 22.0;
    let fw = &input.framework;
    let title = format!("{}  第{}版", fw.title_ja, fw.version);
    for line in c.wrap(&title, BODY_W, 14.0) {
        c.text(MARGIN_X, c.y, &line, Style::strong(14.0, ACCENT), Align::Left);
        c.y += 20.0;
    }
    if !fw.title_en.is_empty() {
        let en = format!("{} — version {}", fw.title_en, fw.version);
        for line in c.wrap(&en, BODY_W, 9.5) {
            c.text(MARGIN_X, c.y, &line, Style::muted(9.5), Align::Left);
            c.y += 14.0;
        }
    }
    c.y += 18.0;
    let period = match input.dates.assessment_end {
        Some(end) if end != input.dates.assessment_start => {
            format!("{} 〜 {}", format_date(input.dates.assessment_start), format_date(end))
        }
        _ => format_date(input.dates.assessment_start),
    };
    let status = match input.status {
        ReportStatus::Draft => "下書き / Draft",
        ReportStatus::Final => "確定版 / Final",
    };
    let auditor = join_nonempty(&[&input.auditor.name, &input.auditor.organisation], " — ");
    let rows: Vec<(&str, &str, String)> = vec![
        ("被監査組織", "Organisation", input.organisation.clone()),
        ("事業所", "Site", input.site.clone()),
        ("対象範囲", "Scope", input.scope.clone()),
        ("監査種別", "Assessment kind", input.assessment_kind.clone()),
        ("監査期間", "Assessment period", period),
        ("報告日", "Report date", format_date(input.dates.report_date)),
        ("監査人", "Auditor", auditor),
        ("状態 / 版", "Status / revision", format!("{status} · 第{}版 (Rev. {})", input.revision, input.revision)),
        ("基準文書", "Source document", fw.source.clone()),
        ("カタログ", "Catalog", format!("{} v{}", fw.catalog_id, fw.version)),
    ];
    labelled_rows(c, &rows);
    if input.status == ReportStatus::Draft {
        draft_stamp(c);
    }
    c.y = super::layout::BODY_BOTTOM - 30.0;
    c.line(MARGIN_X, c.y, MARGIN_X + BODY_W, c.y, 0.4, RULE);
    c.y += 14.0;
    c.paragraph(
        MARGIN_X,
        BODY_W,
        "本報告書は機密情報を含みます。関係者以外への開示を禁じます。 / Confidential: not for disclosure beyond the parties named.",
        Style::muted(7.5),
    );
}

/// Key–value rows with a two-line label (Japanese over English) and a wrapped value.
fn labelled_rows(c: &mut Canvas, rows: &[(&str, &str, String)]) {
    let label_w = 118.0;
    let value_w = BODY_W - label_w;
    for (ja, en, value) in rows {
        let value = if value.is_empty() { "—".to_string() } else { value.clone() };
        let lines = c.wrap(&value, value_w - 4.0, 10.5);
        let h = (lines.len() as f32 * 16.0).max(26.0) + 8.0;
        c.ensure(h);
        let top = c.y;
        c.text(MARGIN_X, top + 11.0, ja, Style::body(9.0), Align::Left);
        c.text(MARGIN_X, top + 21.5, en, Style::muted(7.0), Align::Left);
        for (i, line) in lines.iter().enumerate() {
            c.text(MARGIN_X + label_w, top + 11.5 + 16.0 * i as f32, line, Style::body(10.5), Align::Left);
        }
        c.y = top + h;
        c.line(MARGIN_X, c.y - 3.0, MARGIN_X + BODY_W, c.y - 3.0, 0.35, RULE);
        c.y += 3.0;
    }
}

/// A framed DRAFT stamp at the current position, right-aligned.
fn draft_stamp(c: &mut Canvas) {
    let w = 150.0;
    let x = MARGIN_X + BODY_W - w;
    let y = c.y + 18.0;
    c.rect(x, y, w, 40.0, None, Some((ALERT, 1.5)));
    c.text(x + w / 2.0, y + 20.0, "下書き DRAFT", Style::strong(16.0, ALERT), Align::Center);
    c.text(x + w / 2.0, y + 33.0, "未確定 — 署名前 / not yet signed", Style { size: 7.0, color: ALERT, bold: false }, Align::Center);
    c.y = y + 48.0;
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(sep)
}

/// The executive summary: headline cards, the score table and the radar chart.
pub fn summary(c: &mut Canvas, input: &ReportInput) {
    c.new_page();
    c.heading("1", "総括", "Executive summary");
    let s = &input.summary;
    let mut cards: Vec<(String, String)> = vec![(s.result_label.clone(), s.result_value.clone())];
    if let Some(grade) = &s.grade {
        cards.push(("総合評価 / Grade".to_string(), grade.clone()));
    }
    cards.extend(s.key_numbers.iter().map(|k| (k.label.clone(), k.value.clone())));
    key_cards(c, &cards);

    c.subheading(&format!("{}別 達成率", short_label(&s.dimension_label)), "Achievement rate: supplier vs auditor");
    let cols = [
        Column::new(&s.dimension_label.replace(" / ", "\n"), 92.0, Align::Left),
        Column::new("供給者評価\nSupplier", 66.0, Align::Right),
        Column::new("件数\nItems", 56.0, Align::Right),
        Column::new("監査人 評価\nAuditor", 66.0, Align::Right),
        Column::new("件数\nItems", 56.0, Align::Right),
        Column::new("差\nDiff.", 56.0, Align::Right),
        Column::new("結果\nResult", BODY_W - 392.0, Align::Left),
    ];
    let mut rows: Vec<Vec<String>> = s.rows.iter().map(score_cells).collect();
    let mut emphasis = vec![false; rows.len()];
    if let Some(overall) = &s.overall {
        rows.push(score_cells(overall));
        emphasis.push(true);
    }
    c.table(&cols, &rows, 9.0, &emphasis);
    for line in &s.row_legend {
        c.paragraph(MARGIN_X, BODY_W, line, Style::muted(8.0));
    }
    c.y += 18.0;

    c.subheading("グループ別 達成率", "By group (label / section)");
    group_chart(c, input);
}

/// "レベル / Level" → "レベル": the Japanese part of a bilingual label.
fn short_label(label: &str) -> &str {
    label.split(" / ").next().unwrap_or(label)
}

fn score_cells(row: &ScoreRow) -> Vec<String> {
    let diff = match (row.supplier.rate, row.auditor.rate) {
        (Some(s), Some(a)) => format!("{:+.1} pt", (a - s) * 100.0).replace('-', "−"),
        _ => "—".to_string(),
    };
    vec![
        row.label.clone(),
        format_rate(row.supplier.rate),
        format!("{} / {}", row.supplier.achieved, row.supplier.applicable),
        format_rate(row.auditor.rate),
        format!("{} / {}", row.auditor.achieved, row.auditor.applicable),
        diff,
        row.result.clone(),
    ]
}

/// Headline figures as tinted cards, four to a row.
fn key_cards(c: &mut Canvas, cards: &[(String, String)]) {
    let gap = 8.0;
    let per_row = 4usize;
    let w = (BODY_W - gap * (per_row as f32 - 1.0)) / per_row as f32;
    let h = 54.0;
    for chunk in cards.chunks(per_row) {
        c.ensure(h + gap);
        let top = c.y;
        for (i, (label, value)) in chunk.iter().enumerate() {
            let x = MARGIN_X + i as f32 * (w + gap);
            c.rect(x, top, w, h, Some(TINT), None);
            c.rect(x, top, 2.5, h, Some(ACCENT), None);
            let label_lines = c.wrap(label, w - 14.0, 7.5);
            for (j, line) in label_lines.iter().take(2).enumerate() {
                c.text(x + 9.0, top + 12.0 + 9.5 * j as f32, line, Style::muted(7.5), Align::Left);
            }
            // Values are short figures; shrink a long one rather than let it cross the card.
            let cleaned = c.clean(value);
            let mut size = 16.0;
            while size > 7.0 && c.width(&cleaned, size) > w - 14.0 {
                size -= 1.0;
            }
            let lines = c.wrap(value, w - 14.0, size);
            for (j, line) in lines.iter().take(2).enumerate() {
                c.text(
                    x + 9.0,
                    top + h - 9.0 - (lines.len().min(2) - 1 - j) as f32 * size * 1.1,
                    line,
                    Style::strong(size, ACCENT),
                    Align::Left,
                );
            }
        }
        c.y = top + h + gap;
    }
    c.y += 10.0;
}

/// The radar chart with the numbered group table beside it.
fn group_chart(c: &mut Canvas, input: &ReportInput) {
    let groups = &input.summary.groups;
    if groups.is_empty() {
        c.paragraph(MARGIN_X, BODY_W, "グループ別の集計はありません。 / No group breakdown.", Style::muted(9.0));
        return;
    }
    let side: f32 = 232.0;
    let chart = groups.len() >= 3;
    let table_rows = groups.len() as f32 * 8.0 * 1.45 + 40.0;
    c.ensure(if chart { side.max(table_rows.min(500.0)) } else { table_rows.min(500.0) });
    let top = c.y;
    let page = c.page_index();
    if chart {
        radar::draw(c, groups, MARGIN_X, top, side);
        c.left = MARGIN_X + side + 12.0;
    }
    let table_w = MARGIN_X + BODY_W - c.left;
    let cols = [
        Column::new("No.", 24.0, Align::Right),
        Column::new("グループ\nGroup", table_w - 24.0 - 2.0 * 50.0, Align::Left),
        Column::new("供給者\nSupplier", 50.0, Align::Right),
        Column::new("監査人\nAuditor", 50.0, Align::Right),
    ];
    let rows: Vec<Vec<String>> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| vec![(i + 1).to_string(), g.label.clone(), format_rate(g.supplier), format_rate(g.auditor)])
        .collect();
    c.table(&cols, &rows, 8.0, &[]);
    c.left = MARGIN_X;
    if chart && c.page_index() == page {
        c.y = c.y.max(top + side);
    }
    c.y += 12.0;
}

/// Findings with their corrective actions.
pub fn findings(c: &mut Canvas, input: &ReportInput) {
    c.new_page();
    c.heading("2", "指摘事項と是正処置", "Findings and corrective actions");
    if input.findings.is_empty() {
        c.paragraph(MARGIN_X, BODY_W, "指摘事項はありません。 / No findings.", Style::body(9.5));
        c.y += 16.0;
        return;
    }
    let cols = [
        Column::new("No.", 34.0, Align::Left),
        Column::new("重要度\nSeverity", 42.0, Align::Left),
        Column::new("項目\nItem", 36.0, Align::Left),
        Column::new("指摘内容\nFinding", 106.0, Align::Left),
        Column::new("是正処置\nCorrective action", 106.0, Align::Left),
        Column::new("担当\nOwner", 50.0, Align::Left),
        Column::new("期限\nDue", 60.0, Align::Left),
        Column::new("状況\nStatus", BODY_W - 434.0, Align::Left),
    ];
    let rows: Vec<Vec<String>> = input
        .findings
        .iter()
        .map(|f| {
            vec![
                f.id.clone(),
                f.severity.clone(),
                f.item_id.clone(),
                f.description.clone(),
                f.corrective_action.clone(),
                f.owner.clone(),
                f.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                f.status.clone(),
            ]
        })
        .collect();
    c.table(&cols, &rows, 8.0, &[]);
    c.y += 22.0;
}

/// Items where the supplier's answer and the auditor's verdict disagree.
pub fn discrepancies(c: &mut Canvas, input: &ReportInput) {
    // Keep the heading with the table header and the first rows.
    c.ensure(160.0);
    c.heading("3", "相違一覧", "Discrepancies between supplier answers and auditor verdicts");
    if input.discrepancies.is_empty() {
        c.paragraph(MARGIN_X, BODY_W, "相違はありません。 / No discrepancies.", Style::body(9.5));
        return;
    }
    let cols = [
        Column::new("項目\nItem", 42.0, Align::Left),
        Column::new("区分\nLevel", 36.0, Align::Left),
        Column::new("要求事項\nRequirement", 178.0, Align::Left),
        Column::new("供給者回答\nSupplier", 62.0, Align::Left),
        Column::new("監査人判定\nAuditor", 62.0, Align::Left),
        Column::new("備考\nNote", BODY_W - 380.0, Align::Left),
    ];
    let rows: Vec<Vec<String>> = input
        .discrepancies
        .iter()
        .map(|d| {
            vec![
                d.item_id.clone(),
                d.level.clone(),
                d.requirement.clone(),
                d.supplier_answer.clone(),
                d.auditor_verdict.clone(),
                d.note.clone(),
            ]
        })
        .collect();
    c.table(&cols, &rows, 8.0, &[]);
}

/// The per-item appendix: every in-scope item with its texts, answer, verdict and evidence.
pub fn appendix(c: &mut Canvas, input: &ReportInput) {
    c.new_page();
    c.heading("4", "項目別明細", "Per-item appendix");
    c.paragraph(
        MARGIN_X,
        BODY_W,
        &format!(
            "対象範囲内の全{}項目を、カタログの順に記載します。 / All {} in-scope items, in catalog order.",
            input.items.len(),
            input.items.len()
        ),
        Style::muted(8.5),
    );
    c.y += 8.0;
    for item in &input.items {
        appendix_item(c, item);
    }
}

const FIELD_INDENT: f32 = 10.0;

fn appendix_item(c: &mut Canvas, item: &AppendixItem) {
    // The item bar, kept with its first field label and two lines of text.
    let group_w = BODY_W - 150.0;
    let group_lines = c.wrap(&item.group, group_w, 8.0);
    let bar_h = 8.0 + 11.0 * group_lines.len().max(1) as f32 + 2.0;
    c.ensure(bar_h + 48.0);
    let top = c.y;
    c.rect(MARGIN_X, top, BODY_W, bar_h, Some(TINT), None);
    c.rect(MARGIN_X, top, 2.5, bar_h, Some(ACCENT), None);
    c.text(MARGIN_X + 9.0, top + 14.0, &item.id, Style::strong(10.5, ACCENT), Align::Left);
    let id_w = {
        let cleaned = c.clean(&item.id);
        c.width(&cleaned, 10.5)
    };
    c.text(MARGIN_X + 9.0 + id_w.max(50.0) + 12.0, top + 14.0, &item.level, Style::strong(8.5, INK), Align::Left);
    for (i, line) in group_lines.iter().enumerate() {
        c.text(MARGIN_X + BODY_W - 6.0, top + 13.5 + 11.0 * i as f32, line, Style::muted(8.0), Align::Right);
    }
    c.y = top + bar_h + 6.0;
    c.continuation = Some(format!("{} {}（続き / continued）", item.id, item.level));

    field(c, "要求事項", "Requirement", &item.requirement, Style::body(9.5));
    for f in &item.fields {
        let (ja, en) = split_label(&f.label);
        field(c, ja, en, &f.text, Style::body(8.5));
    }
    answer(c, "供給者回答", "Supplier answer", &item.supplier_answer, &item.supplier_remark, INK);
    answer(c, "監査人判定", "Auditor verdict", &item.verdict, &item.auditor_note, ACCENT);
    evidence(c, item);
    c.continuation = None;
    c.y += 4.0;
    c.line(MARGIN_X, c.y, MARGIN_X + BODY_W, c.y, 0.35, RULE);
    c.y += 10.0;
}

/// "解説 / Commentary" → ("解説", "Commentary").
fn split_label(label: &str) -> (&str, &str) {
    match label.split_once(" / ") {
        Some((ja, en)) => (ja, en),
        None => (label, ""),
    }
}

/// A field label line (Japanese, muted English) followed by the wrapped text.
fn field(c: &mut Canvas, ja: &str, en: &str, text: &str, style: Style) {
    field_label(c, ja, en, style.leading() * 2.0);
    let text = if text.trim().is_empty() { "—" } else { text };
    c.paragraph(MARGIN_X + FIELD_INDENT, BODY_W - FIELD_INDENT, text, style);
    c.y += 4.0;
}

fn field_label(c: &mut Canvas, ja: &str, en: &str, keep_with: f32) {
    c.ensure(12.0 + keep_with);
    let baseline = c.y + 8.0;
    c.text(MARGIN_X, baseline, ja, Style::strong(7.5, MUTED), Align::Left);
    if !en.is_empty() {
        let cleaned = c.clean(ja);
        let w = c.width(&cleaned, 7.5);
        c.text(MARGIN_X + w + 5.0, baseline, en, Style::muted(6.5), Align::Left);
    }
    c.y += 11.5;
}

/// An answer or verdict in emphasis, followed by its remark or note.
fn answer(c: &mut Canvas, ja: &str, en: &str, value: &str, remark: &str, color: Rgbf) {
    field_label(c, ja, en, 28.0);
    let value = if value.trim().is_empty() { "—" } else { value };
    let style = Style::strong(9.5, color);
    c.paragraph(MARGIN_X + FIELD_INDENT, BODY_W - FIELD_INDENT, value, style);
    if !remark.trim().is_empty() {
        c.paragraph(MARGIN_X + FIELD_INDENT, BODY_W - FIELD_INDENT, remark, Style::body(8.5));
    }
    c.y += 4.0;
}

fn evidence(c: &mut Canvas, item: &AppendixItem) {
    field_label(c, "証跡", "Evidence", 24.0);
    if item.evidence.is_empty() {
        c.paragraph(MARGIN_X + FIELD_INDENT, BODY_W - FIELD_INDENT, "なし / none", Style::muted(8.5));
        return;
    }
    for e in &item.evidence {
        c.paragraph(MARGIN_X + FIELD_INDENT, BODY_W - FIELD_INDENT, &e.name, Style::body(8.5));
        c.paragraph(MARGIN_X + FIELD_INDENT + 8.0, BODY_W - FIELD_INDENT - 8.0, &format!("SHA-256: {}", e.sha256), Style::muted(7.0));
    }
}

/// The sign-off page; returns where the signature appearance goes (PDF coordinates).
pub fn sign_off(c: &mut Canvas, input: &ReportInput) -> (usize, PdfRect) {
    c.new_page();
    c.heading("5", "署名", "Sign-off");
    let statement = if input.sign_off.statement.trim().is_empty() {
        "本報告書は、上記の対象範囲について実施した監査の結果を記載したものです。記載内容が監査実施時点の事実に基づくことを確認し、ここに署名します。\nThis report states the results of the audit of the scope above. I confirm that its content reflects the facts found at the time of the audit."
    } else {
        input.sign_off.statement.as_str()
    };
    c.paragraph(MARGIN_X, BODY_W, statement, Style::body(10.0));
    c.y += 18.0;
    let rows: Vec<(&str, &str, String)> = vec![
        ("監査人", "Auditor", input.sign_off.auditor_name.clone()),
        ("所属", "Organisation", input.sign_off.organisation.clone()),
        ("署名日", "Date", format_date(input.sign_off.date)),
        ("報告書", "Report", format!("{} · {} · 第{}版", input.organisation, input.framework.title_ja, input.revision)),
    ];
    let mut rows = rows;
    if let Some(head) = &input.sign_off.trail_head {
        // The hash in two halves: a 64-digit word has no break opportunity.
        let (a, b) = head.hash.split_at(head.hash.len().min(32));
        rows.push(("監査証跡", "Audit trail", format!("No. {} · SHA-256\n{a}\n{b}", head.seq)));
    }
    labelled_rows(c, &rows);
    c.y += 20.0;
    c.ensure(SIGNATURE_H + 30.0);
    let x = MARGIN_X + BODY_W - SIGNATURE_W;
    c.text(x, c.y + 8.0, "電子署名", Style::strong(8.0, MUTED), Align::Left);
    let label_w = c.width("電子署名", 8.0);
    c.text(x + label_w + 5.0, c.y + 8.0, "Digital signature", Style::muted(7.0), Align::Left);
    c.y += 14.0;
    let top = c.y;
    c.raw(vec![Op::SaveGraphicsState, Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[2.0, 2.0]) }]);
    c.rect(x, top, SIGNATURE_W, SIGNATURE_H, None, Some((RULE, 0.7)));
    c.raw(vec![Op::RestoreGraphicsState]);
    c.y = top + SIGNATURE_H + 8.0;
    if input.status == ReportStatus::Draft {
        c.paragraph(x, SIGNATURE_W, "下書きのため未署名です。 / Draft: not signed.", Style { size: 8.0, color: ALERT, bold: false });
    }
    let rect = PdfRect { x, y: super::layout::pdf_y(top + SIGNATURE_H), width: SIGNATURE_W, height: SIGNATURE_H };
    (c.page_index(), rect)
}
