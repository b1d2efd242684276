//! Page layout primitives for the report: a top-down cursor over A4 pages, text, rules,
//! wrapped paragraphs and tables that split cleanly across pages.
//!
//! Coordinates inside this module are points measured from the page's *top* left corner,
//! which is how a reader thinks about a page; the one conversion to printpdf's bottom-left
//! origin is in [`pdf_y`].
//!
//! Invariants:
//! * every string drawn has gone through [`ReportFont::clean`] (missing glyphs are recorded);
//! * nothing is drawn below [`BODY_BOTTOM`] or above [`BODY_TOP`] except the running header,
//!   footer and the cover: blocks that do not fit move to a new page, and table rows or
//!   paragraphs taller than a page are split between lines, never inside one;
//! * a table cell's lines are wrapped to the cell's inner width, so text never crosses a rule.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextRenderingMode,
    WindingOrder,
};

use super::font::ReportFont;
use super::linebreak;

/// A4 width in pt.
pub const PAGE_W: f32 = 595.276;
/// A4 height in pt.
pub const PAGE_H: f32 = 841.89;
/// Left and right margin (20 mm).
pub const MARGIN_X: f32 = 56.69;
/// Width of the text block.
pub const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top of the body (below the running header).
pub const BODY_TOP: f32 = 78.0;
/// Bottom of the body (above the footer).
pub const BODY_BOTTOM: f32 = PAGE_H - 62.0;

/// An RGB colour, components 0.0..=1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgbf(pub f32, pub f32, pub f32);

impl Rgbf {
    fn color(self) -> Color {
        Color::Rgb(Rgb { r: self.0, g: self.1, b: self.2, icc_profile: None })
    }
}

/// Body text.
pub const INK: Rgbf = Rgbf(0.11, 0.12, 0.14);
/// Secondary text (labels, English sub-labels).
pub const MUTED: Rgbf = Rgbf(0.40, 0.43, 0.47);
/// The one accent colour: a deep slate blue.
pub const ACCENT: Rgbf = Rgbf(0.12, 0.29, 0.47);
/// A light tint of the accent, for header rows and fills.
pub const TINT: Rgbf = Rgbf(0.92, 0.94, 0.97);
/// Thin rules.
pub const RULE: Rgbf = Rgbf(0.78, 0.80, 0.83);
/// The draft mark.
pub const ALERT: Rgbf = Rgbf(0.70, 0.16, 0.14);

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Font size in pt.
    pub size: f32,
    /// Text colour.
    pub color: Rgbf,
    /// Emphasis: IPAex has no bold face, so the glyphs are filled and thinly stroked.
    pub bold: bool,
}

impl Style {
    /// Plain text of `size` in the body colour.
    pub const fn body(size: f32) -> Style {
        Style { size, color: INK, bold: false }
    }
    /// Muted text of `size`.
    pub const fn muted(size: f32) -> Style {
        Style { size, color: MUTED, bold: false }
    }
    /// Emphasised text of `size` in `color`.
    pub const fn strong(size: f32, color: Rgbf) -> Style {
        Style { size, color, bold: true }
    }
    /// Line height for this size.
    pub fn leading(&self) -> f32 {
        self.size * 1.5
    }
}

/// Horizontal alignment inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text; a `\n` puts the English sub-label on a second, muted line.
    pub title: String,
    /// Width in pt (including padding).
    pub width: f32,
    /// Alignment of the cells.
    pub align: Align,
}

impl Column {
    /// A column of `width` pt.
    pub fn new(title: &str, width: f32, align: Align) -> Column {
        Column { title: title.to_string(), width, align }
    }
}

/// Cell padding, horizontal and vertical.
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;

/// Converts a top-down y to printpdf's bottom-up y.
pub fn pdf_y(y: f32) -> f32 {
    PAGE_H - y
}

/// The page being laid out and the finished pages before it.
pub struct Canvas {
    font: &'static ReportFont,
    font_id: FontId,
    pages: Vec<Vec<Op>>,
    /// Top-down cursor on the current page.
    pub y: f32,
    /// Left edge of tables (normally the margin; moved to set a table beside a chart).
    pub left: f32,
    /// Printed at the top of a page the current block continues onto (e.g. an item id).
    pub continuation: Option<String>,
    /// Section headings drawn so far with their 0-based page index (for the PDF outline).
    pub headings: Vec<(String, usize)>,
    missing: BTreeSet<char>,
}

impl Canvas {
    /// An empty canvas with one blank page.
    pub fn new(font: &'static ReportFont, font_id: FontId) -> Canvas {
        Canvas {
            font,
            font_id,
            pages: vec![Vec::new()],
            y: BODY_TOP,
            left: MARGIN_X,
            continuation: None,
            headings: Vec::new(),
            missing: BTreeSet::new(),
        }
    }

    /// The report font.
    pub fn font(&self) -> &'static ReportFont {
        self.font
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Index (0-based) of the current page.
    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Starts a new page and puts the cursor at the top of the body.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
        if let Some(label) = self.continuation.clone() {
            // In the gap under the running header, so it never splits the text it continues.
            self.text(MARGIN_X, BODY_TOP - 9.0, &label, Style::muted(7.5), Align::Left);
        }
    }

    /// Space left on the current page.
    pub fn remaining(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    /// Moves to a new page unless `height` still fits.
    pub fn ensure(&mut self, height: f32) {
        if height > self.remaining() && self.y > BODY_TOP + 0.5 {
            self.new_page();
        }
    }

    /// Ends layout: the pages' operations and the characters the font lacked.
    pub fn finish(self) -> (Vec<Vec<Op>>, BTreeSet<char>) {
        (self.pages, self.missing)
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // `pages` always holds at least the current page (see `new`).
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Pushes raw operations onto page `index` (used for headers and footers).
    pub fn push_ops(&mut self, index: usize, ops: Vec<Op>) {
        if let Some(page) = self.pages.get_mut(index) {
            page.extend(ops);
        }
    }

    /// Inserts operations at the start of page `index` (drawn under everything else).
    pub fn prepend_ops(&mut self, index: usize, ops: Vec<Op>) {
        if let Some(page) = self.pages.get_mut(index) {
            page.splice(0..0, ops);
        }
    }

    /// Cleans `text` for the font, recording missing characters.
    pub fn clean(&mut self, text: &str) -> String {
        self.font.clean(text, &mut self.missing)
    }

    /// Width of already-cleaned `text` at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.font.width(text, size)
    }

    /// Wraps `text` (cleaned here) to `width` pt at `size`.
    pub fn wrap(&mut self, text: &str, width: f32, size: f32) -> Vec<String> {
        let cleaned = self.clean(text);
        let font = self.font;
        linebreak::wrap(&cleaned, width, |c| font.advance_em(c) * size)
    }

    /// The operations drawing one line of text with its baseline at top-down `baseline`.
    pub fn text_ops(&mut self, x: f32, baseline: f32, text: &str, style: Style) -> Vec<Op> {
        let text = self.clean(text);
        let mode = if style.bold { TextRenderingMode::FillStroke } else { TextRenderingMode::Fill };
        let mut ops = vec![Op::StartTextSection];
        ops.push(Op::SetFont { font: PdfFontHandle::External(self.font_id.clone()), size: Pt(style.size) });
        ops.push(Op::SetFillColor { col: style.color.color() });
        if style.bold {
            ops.push(Op::SetOutlineColor { col: style.color.color() });
            ops.push(Op::SetOutlineThickness { pt: Pt(style.size * 0.035) });
        }
        ops.push(Op::SetTextRenderingMode { mode });
        ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(pdf_y(baseline)) } });
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(self.font.codepoints(&text))] });
        ops.push(Op::EndTextSection);
        ops
    }

    /// Draws one line of text; `x` is the left edge for `Left`, the centre for `Center`
    /// and the right edge for `Right`.
    pub fn text(&mut self, x: f32, baseline: f32, text: &str, style: Style, align: Align) {
        let cleaned = self.clean(text);
        let w = self.width(&cleaned, style.size);
        let left = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        let ops = self.text_ops(left, baseline, &cleaned, style);
        self.ops().extend(ops);
    }

    /// A straight line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, color: Rgbf) {
        let ops = line_ops(x1, y1, x2, y2, thickness, color);
        self.ops().extend(ops);
    }

    /// A rectangle with top-left (x, y); filled with `fill` and/or stroked with `stroke`.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgbf>, stroke: Option<(Rgbf, f32)>) {
        let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        self.polygon(&pts, fill, stroke);
    }

    /// A closed polygon through top-down points.
    pub fn polygon(&mut self, pts: &[(f32, f32)], fill: Option<Rgbf>, stroke: Option<(Rgbf, f32)>) {
        let ring =
            PolygonRing { points: pts.iter().map(|&(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(pdf_y(y)) }, bezier: false }).collect() };
        let mode = match (fill.is_some(), stroke.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (true, false) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        let mut ops = vec![Op::SaveGraphicsState];
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: f.color() });
        }
        if let Some((c, t)) = stroke {
            ops.push(Op::SetOutlineColor { col: c.color() });
            ops.push(Op::SetOutlineThickness { pt: Pt(t) });
        }
        ops.push(Op::DrawPolygon { polygon: Polygon { rings: vec![ring], mode, winding_order: WindingOrder::NonZero } });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Raw operations onto the current page (dash patterns etc.).
    pub fn raw(&mut self, ops: Vec<Op>) {
        self.ops().extend(ops);
    }

    /// A wrapped paragraph across the body width at `x`..`x + width`, split across pages
    /// between lines when needed. Leaves the cursor below the last line.
    pub fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lines = self.wrap(text, width, style.size);
        let lead = style.leading();
        for line in lines {
            self.ensure(lead);
            let baseline = self.y + style.size * 1.05;
            self.text(x, baseline, &line, style, Align::Left);
            self.y += lead;
        }
    }

    /// A section heading: a numbered title with an English sub-label and an accent rule.
    pub fn heading(&mut self, number: &str, ja: &str, en: &str) {
        self.ensure(80.0);
        self.headings.push((format!("{number} {ja} {en}"), self.page_index()));
        let title_style = Style::strong(15.0, ACCENT);
        let baseline = self.y + 15.0;
        let label = format!("{number}  {ja}");
        self.text(MARGIN_X, baseline, &label, title_style, Align::Left);
        let cleaned = self.clean(&label);
        let w = self.width(&cleaned, 15.0);
        self.text(MARGIN_X + w + 10.0, baseline, en, Style::muted(10.0), Align::Left);
        self.y = baseline + 7.0;
        self.line(MARGIN_X, self.y, MARGIN_X + BODY_W, self.y, 0.8, ACCENT);
        self.y += 14.0;
    }

    /// A smaller sub-heading (Japanese with an English sub-label).
    pub fn subheading(&mut self, ja: &str, en: &str) {
        self.ensure(60.0);
        let baseline = self.y + 11.0;
        self.text(MARGIN_X, baseline, ja, Style::strong(11.0, INK), Align::Left);
        let cleaned = self.clean(ja);
        let w = self.width(&cleaned, 11.0);
        self.text(MARGIN_X + w + 8.0, baseline, en, Style::muted(8.5), Align::Left);
        self.y = baseline + 8.0;
    }

    /// A table with a header row (repeated on every page it spans) and wrapped cells.
    /// `emphasis[i]` draws row `i` in emphasised text on a tint (e.g. a total row).
    pub fn table(&mut self, cols: &[Column], rows: &[Vec<String>], size: f32, emphasis: &[bool]) {
        let header = self.header_lines(cols, size);
        let header_h = header_height(&header, size);
        let wrapped: Vec<Vec<Vec<String>>> = rows.iter().map(|row| self.wrap_row(cols, row, size)).collect();
        // Never leave a header alone at the foot of a page: keep it with (most of) the first row.
        let first = wrapped.first().map_or(1, |cells| cells.iter().map(Vec::len).max().unwrap_or(1)).min(4);
        self.ensure(header_h + first as f32 * size * 1.45 + 2.0 * PAD_Y);
        self.draw_table_header(cols, &header, size);
        for (i, cells) in wrapped.iter().enumerate() {
            let emph = emphasis.get(i).copied().unwrap_or(false);
            self.table_row(cols, cells, size, emph, &header);
        }
    }

    /// Wraps each cell of `row` to its column's inner width ("—" for an empty cell).
    fn wrap_row(&mut self, cols: &[Column], row: &[String], size: f32) -> Vec<Vec<String>> {
        cols.iter()
            .enumerate()
            .map(|(c, col)| {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                let text = if text.is_empty() { "—" } else { text };
                self.wrap(text, col.width - 2.0 * PAD_X, size)
            })
            .collect()
    }

    fn header_lines(&mut self, cols: &[Column], size: f32) -> Vec<Vec<String>> {
        cols.iter().map(|c| self.wrap(&c.title, c.width - 2.0 * PAD_X, size - 1.0)).collect()
    }

    fn draw_table_header(&mut self, cols: &[Column], header: &[Vec<String>], size: f32) {
        let h = header_height(header, size);
        self.rect(self.left, self.y, table_width(cols), h, Some(TINT), None);
        let mut x = self.left;
        let lead = (size - 1.0) * 1.35;
        for (col, lines) in cols.iter().zip(header) {
            for (i, line) in lines.iter().enumerate() {
                // First line is the Japanese title, further lines the English sub-label.
                let style = if i == 0 { Style::strong(size - 1.0, ACCENT) } else { Style::muted(size - 1.5) };
                let baseline = self.y + PAD_Y + (size - 1.0) + lead * i as f32;
                self.text(cell_x(x, col), baseline, line, style, col.align);
            }
            x += col.width;
        }
        self.y += h;
        self.line(self.left, self.y, self.left + table_width(cols), self.y, 0.6, ACCENT);
    }

    /// Draws one row, splitting it between lines across pages when it does not fit.
    fn table_row(&mut self, cols: &[Column], cells: &[Vec<String>], size: f32, emph: bool, header: &[Vec<String>]) {
        let lead = size * 1.45;
        let mut start = 0usize;
        let total = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        while start < total {
            let fit = ((self.remaining() - 2.0 * PAD_Y) / lead).floor().max(0.0) as usize;
            let left = total - start;
            // Keep a row whole when it fits on a fresh page; never leave a lone line behind.
            let fresh = ((BODY_BOTTOM - BODY_TOP - header_height(header, size) - 2.0 * PAD_Y) / lead) as usize;
            if fit < left && (left <= fresh || fit < 2) {
                self.new_page();
                self.draw_table_header(cols, header, size);
                continue;
            }
            let take = left.min(fit.max(1));
            self.draw_row_slice(cols, cells, start, take, size, emph);
            start += take;
        }
    }

    fn draw_row_slice(&mut self, cols: &[Column], cells: &[Vec<String>], start: usize, take: usize, size: f32, emph: bool) {
        let lead = size * 1.45;
        let h = take as f32 * lead + 2.0 * PAD_Y;
        let width = table_width(cols);
        if emph {
            self.rect(self.left, self.y, width, h, Some(TINT), None);
        }
        let style = if emph { Style::strong(size, INK) } else { Style::body(size) };
        let mut x = self.left;
        for (col, lines) in cols.iter().zip(cells) {
            for (i, line) in lines.iter().skip(start).take(take).enumerate() {
                let baseline = self.y + PAD_Y + size + lead * i as f32;
                self.text(cell_x(x, col), baseline, line, style, col.align);
            }
            x += col.width;
        }
        self.y += h;
        self.line(self.left, self.y, self.left + width, self.y, 0.4, RULE);
    }
}

/// Where a cell's text is anchored for its alignment.
fn cell_x(x: f32, col: &Column) -> f32 {
    match col.align {
        Align::Left => x + PAD_X,
        Align::Center => x + col.width / 2.0,
        Align::Right => x + col.width - PAD_X,
    }
}

fn table_width(cols: &[Column]) -> f32 {
    cols.iter().map(|c| c.width).sum()
}

fn header_height(header: &[Vec<String>], size: f32) -> f32 {
    let n = header.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
    2.0 * PAD_Y + (size - 1.0) + (n - 1.0) * (size - 1.0) * 1.35 + 3.0
}

/// Operations for a straight line in top-down coordinates.
pub fn line_ops(x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, color: Rgbf) -> Vec<Op> {
    vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor { col: color.color() },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x1), y: Pt(pdf_y(y1)) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(pdf_y(y2)) }, bezier: false },
                ],
                is_closed: false,
            },
        },
        Op::RestoreGraphicsState,
    ]
}
