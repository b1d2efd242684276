//! The PDF audit report: an A4 document in Japanese (with English sub-labels) made with
//! printpdf from a [`ReportInput`].
//!
//! Pages, in order: cover; executive summary (score table supplier vs auditor, grade,
//! level/gate result, radar chart by group, key numbers); findings and corrective actions;
//! discrepancy list; per-item appendix; sign-off page with a reserved rectangle for the
//! digital signature's visible appearance. Every page but the cover has a running header
//! (organisation, framework); every page has the footer "n / N".
//!
//! Invariants:
//! * the report reads only its [`ReportInput`] — no store, no scoring — so the same input
//!   always lays out the same pages (the bytes still differ between runs: printpdf names the
//!   font resource and its subset tag with random letters);
//! * the embedded font (IPAex Gothic) is written as a subset with a ToUnicode map, so files
//!   stay small and their text is searchable; characters the font lacks are replaced by 〓
//!   and listed in [`RenderedPdf::missing_chars`], never dropped silently;
//! * text is laid out by the core's own kinsoku line breaker ([`linebreak`]) against the
//!   font's advances, so nothing crosses its box.
//!
//! Deliberately not here: the store, scoring, signing, the catalogs (the input carries their
//! texts already); the manifest lists no other Tenken crate.

pub mod font;
pub mod input;
pub mod layout;
pub mod linebreak;
mod radar;
mod sections;

use chrono::{Datelike, NaiveDate};
use printpdf::{Op, PdfDocument, PdfPage, PdfSaveOptions, Pt, TextMatrix};
use serde::{Deserialize, Serialize};

pub use input::*;

use font::ReportFont;
use layout::{Canvas, Rgbf, Style, ALERT, BODY_W, MARGIN_X, PAGE_H, PAGE_W, RULE};

/// What can go wrong while rendering a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The embedded font could not be used (a fixed text: nothing of the input is in it).
    #[error("report font: the embedded IPAex Gothic font could not be parsed")]
    Font,
    /// printpdf produced no document.
    #[error("PDF writer: printpdf produced an empty file")]
    Pdf,
}

impl ReportError {
    /// Every code [`ReportError::code`] can give (its own, not those of a wrapped error).
    pub const CODES: &'static [&'static str] = &["report.font", "report.pdf"];

    /// The stable code of this error, for scripts and for the UI's message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Font => "report.font",
            ReportError::Pdf => "report.pdf",
        }
    }
}

/// A rectangle in PDF user space: points, origin at the page's bottom-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PdfRect {
    /// Left edge.
    pub x: f32,
    /// Bottom edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Where the signing step should place the signature widget.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SignaturePlacement {
    /// 0-based index of the sign-off page.
    pub page_index: usize,
    /// The reserved rectangle on that page.
    pub rect: PdfRect,
}

/// A rendered report.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: usize,
    /// Where the digital signature's appearance belongs.
    pub signature: SignaturePlacement,
    /// Characters of the input the font lacks (printed as 〓), in code point order.
    pub missing_chars: Vec<char>,
    /// Non-fatal warnings from the PDF writer.
    pub warnings: Vec<String>,
}

/// Formats a rate as the report prints it: a percentage with one decimal ("85.0%"),
/// or "—" when nothing was applicable.
pub fn format_rate(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".to_string(),
    }
}

/// Formats a date in ISO and Japanese form: "2026-11-21 / 2026年11月21日".
pub fn format_date(d: NaiveDate) -> String {
    format!("{} / {}年{}月{}日", d.format("%Y-%m-%d"), d.year(), d.month(), d.day())
}

/// Renders the report.
pub fn render_pdf(input: &ReportInput) -> Result<RenderedPdf, ReportError> {
    let font = ReportFont::get()?;
    let mut doc = PdfDocument::new(&format!("セキュリティ監査報告書 — {}", input.organisation));
    let font_id = doc.add_font(font.parsed());
    let mut canvas = Canvas::new(font, font_id);

    sections::cover(&mut canvas, input);
    sections::summary(&mut canvas, input);
    sections::findings(&mut canvas, input);
    sections::discrepancies(&mut canvas, input);
    sections::appendix(&mut canvas, input);
    let (sign_page, rect) = sections::sign_off(&mut canvas, input);
    let mut outline = vec![("表紙 Cover".to_string(), 0)];
    outline.extend(canvas.headings.iter().cloned());
    decorate(&mut canvas, input);

    let page_count = canvas.page_count();
    let (pages, missing) = canvas.finish();
    set_metadata(&mut doc, input);
    for (name, page) in &outline {
        doc.add_bookmark(name, page + 1);
    }
    let pdf_pages = pages.into_iter().map(|ops| PdfPage::new(Pt(PAGE_W).into(), Pt(PAGE_H).into(), ops)).collect();
    let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pdf_pages).save(&options, &mut warnings);
    if bytes.is_empty() {
        return Err(ReportError::Pdf);
    }
    Ok(RenderedPdf {
        bytes,
        page_count,
        signature: SignaturePlacement { page_index: sign_page, rect },
        missing_chars: missing.into_iter().collect(),
        warnings: warnings.into_iter().filter(|w| w.severity != printpdf::PdfParseErrorSeverity::Info).map(|w| w.msg).collect(),
    })
}

fn set_metadata(doc: &mut PdfDocument, input: &ReportInput) {
    let info = &mut doc.metadata.info;
    info.author = input.auditor.name.clone();
    info.creator = "Tenken (点検)".to_string();
    info.producer = "Tenken (点検) report, printpdf 0.12".to_string();
    info.subject = format!("{} {}", input.framework.title_ja, input.framework.version);
    info.keywords = vec![input.framework.catalog_id.clone(), input.organisation.clone()];
    if let Some(head) = &input.sign_off.trail_head {
        info.keywords.push(head.keyword());
    }
    let seconds = input.dates.report_date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(seconds) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
}

/// Running header, footer "n / N" and, on drafts, the DRAFT mark — added once the page
/// count is known.
fn decorate(c: &mut Canvas, input: &ReportInput) {
    let total = c.page_count();
    let framework = format!("{} 第{}版", input.framework.title_ja, input.framework.version);
    let footer_left = "Tenken 点検 · 機密 Confidential".to_string();
    let footer_right = format!("第{}版 · {}", input.revision, input.dates.report_date.format("%Y-%m-%d"));
    let draft = input.status == ReportStatus::Draft;
    for index in 0..total {
        let mut ops = Vec::new();
        if index > 0 {
            let org = fit(c, &input.organisation, BODY_W * 0.40, 8.0);
            let fw = fit(c, &framework, BODY_W * 0.40, 8.0);
            ops.extend(c.text_ops(MARGIN_X, 44.0, &org, Style::muted(8.0)));
            let fw_w = c.width(&fw, 8.0);
            ops.extend(c.text_ops(MARGIN_X + BODY_W - fw_w, 44.0, &fw, Style::muted(8.0)));
            ops.extend(layout::line_ops(MARGIN_X, 51.0, MARGIN_X + BODY_W, 51.0, 0.5, RULE));
            if draft {
                let label = "下書き DRAFT";
                let w = c.width(label, 8.0);
                ops.extend(c.text_ops(PAGE_W / 2.0 - w / 2.0, 44.0, label, Style::strong(8.0, ALERT)));
            }
        }
        let fy = PAGE_H - 36.0;
        ops.extend(layout::line_ops(MARGIN_X, fy - 11.0, MARGIN_X + BODY_W, fy - 11.0, 0.5, RULE));
        ops.extend(c.text_ops(MARGIN_X, fy, &footer_left, Style::muted(7.5)));
        let num = format!("{} / {}", index + 1, total);
        let nw = c.width(&num, 8.5);
        ops.extend(c.text_ops(PAGE_W / 2.0 - nw / 2.0, fy, &num, Style::body(8.5)));
        let rw = c.width(&footer_right, 7.5);
        ops.extend(c.text_ops(MARGIN_X + BODY_W - rw, fy, &footer_right, Style::muted(7.5)));
        c.push_ops(index, ops);
        if draft {
            // Under the content, so the mark never hides text.
            let mark = watermark(c);
            c.prepend_ops(index, mark);
        }
    }
}

/// A large, faint diagonal "DRAFT 下書き" across the page.
fn watermark(c: &mut Canvas) -> Vec<Op> {
    let text = "下書き DRAFT";
    let size = 64.0;
    let w = c.width(text, size);
    let angle = 35f32.to_radians();
    let (sin, cos) = angle.sin_cos();
    // Centre the text's midpoint on the page centre.
    let cx = PAGE_W / 2.0 - cos * w / 2.0 + sin * size * 0.35;
    let cy = PAGE_H / 2.0 - sin * w / 2.0 - cos * size * 0.35;
    let mut ops = c.text_ops(0.0, PAGE_H, text, Style { size, color: Rgbf(0.96, 0.84, 0.83), bold: false });
    // Replace the plain cursor move with a rotated text matrix.
    for op in ops.iter_mut() {
        if matches!(op, Op::SetTextCursor { .. }) {
            *op = Op::SetTextMatrix { matrix: TextMatrix::Raw([cos, sin, -sin, cos, cx, cy]) };
        }
    }
    ops
}

/// `text` cut with "…" to fit `width` at `size` (running header only; the cover prints it whole).
fn fit(c: &mut Canvas, text: &str, width: f32, size: f32) -> String {
    let cleaned = c.clean(text);
    if c.width(&cleaned, size) <= width {
        return cleaned;
    }
    let mut out = String::new();
    for ch in cleaned.chars() {
        let candidate = format!("{out}{ch}…");
        if c.width(&candidate, size) > width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}
