//! The executive summary's radar chart: per-group rates of the supplier and the auditor,
//! drawn as vector paths (no raster image), with spokes numbered to a table beside it.
//!
//! Invariants: rates are clamped to 0..=1 (a missing rate plots at 0 and the table says "—");
//! the chart stays inside the square it is given; fewer than three groups cannot make a
//! polygon, so the caller prints the table alone.

use printpdf::{LineDashPattern, Op};

use super::input::GroupRate;
use super::layout::{Align, Canvas, Rgbf, Style, ACCENT, RULE};

/// The supplier series colour: a muted ochre, distinct from the accent in grey print too.
pub const SUPPLIER: Rgbf = Rgbf(0.78, 0.50, 0.16);
/// The auditor series fill: a light tint of the accent.
const AUDITOR_FILL: Rgbf = Rgbf(0.83, 0.88, 0.94);

/// Point on spoke `i` of `n` at fraction `r` of radius `radius` around (cx, cy), top-down;
/// spoke 0 points up and the spokes go clockwise.
fn spoke_point(cx: f32, cy: f32, radius: f32, i: usize, n: usize, r: f32) -> (f32, f32) {
    let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / n as f32;
    (cx + radius * r * angle.cos(), cy + radius * r * angle.sin())
}

fn clamp(rate: Option<f64>) -> f32 {
    rate.unwrap_or(0.0).clamp(0.0, 1.0) as f32
}

/// Draws the chart in the square with top-left (x, y) and side `side`, legend included.
pub fn draw(canvas: &mut Canvas, groups: &[GroupRate], x: f32, y: f32, side: f32) {
    let n = groups.len();
    if n < 3 {
        return;
    }
    let legend_h = 18.0;
    let radius = (side - legend_h) / 2.0 - 14.0;
    let cx = x + side / 2.0;
    let cy = y + (side - legend_h) / 2.0;
    let auditor: Vec<(f32, f32)> = groups.iter().enumerate().map(|(i, g)| spoke_point(cx, cy, radius, i, n, clamp(g.auditor))).collect();
    let supplier: Vec<(f32, f32)> = groups.iter().enumerate().map(|(i, g)| spoke_point(cx, cy, radius, i, n, clamp(g.supplier))).collect();

    // Auditor area first, so the grid stays visible on top of it.
    canvas.polygon(&auditor, Some(AUDITOR_FILL), None);
    draw_grid(canvas, cx, cy, radius, n);
    canvas.raw(vec![Op::SaveGraphicsState, Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[3.0, 2.0]) }]);
    canvas.polygon(&supplier, None, Some((SUPPLIER, 1.2)));
    canvas.raw(vec![Op::RestoreGraphicsState]);
    canvas.polygon(&auditor, None, Some((ACCENT, 1.4)));
    for &(px, py) in &auditor {
        canvas.rect(px - 1.6, py - 1.6, 3.2, 3.2, Some(ACCENT), None);
    }
    for &(px, py) in &supplier {
        canvas.rect(px - 1.4, py - 1.4, 2.8, 2.8, Some(SUPPLIER), None);
    }
    draw_spoke_numbers(canvas, cx, cy, radius, n);
    draw_legend(canvas, x + side / 2.0, y + side - 6.0);
}

/// Rings at 20 % steps, spokes, and the ring values along the top spoke.
fn draw_grid(canvas: &mut Canvas, cx: f32, cy: f32, radius: f32, n: usize) {
    for step in 1..=5 {
        let r = step as f32 / 5.0;
        let ring: Vec<(f32, f32)> = (0..n).map(|i| spoke_point(cx, cy, radius, i, n, r)).collect();
        let weight = if step == 5 { 0.7 } else { 0.35 };
        canvas.polygon(&ring, None, Some((RULE, weight)));
    }
    for i in 0..n {
        let (ex, ey) = spoke_point(cx, cy, radius, i, n, 1.0);
        canvas.line(cx, cy, ex, ey, 0.35, RULE);
    }
    for step in [2, 4] {
        let (_, ly) = spoke_point(cx, cy, radius, 0, n, step as f32 / 5.0);
        canvas.text(cx + 2.5, ly + 2.5, &format!("{}%", step * 20), Style::muted(5.5), Align::Left);
    }
}

/// Spoke numbers just outside the outer ring; the table beside the chart names them.
fn draw_spoke_numbers(canvas: &mut Canvas, cx: f32, cy: f32, radius: f32, n: usize) {
    let size = 7.0;
    for i in 0..n {
        let (lx, ly) = spoke_point(cx, cy, radius + 9.0, i, n, 1.0);
        canvas.text(lx, ly + size * 0.35, &(i + 1).to_string(), Style::muted(size), Align::Center);
    }
}

fn draw_legend(canvas: &mut Canvas, center_x: f32, baseline: f32) {
    let size = 7.5;
    let left = center_x - 105.0;
    canvas.raw(vec![Op::SaveGraphicsState, Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[3.0, 2.0]) }]);
    canvas.line(left, baseline - 2.5, left + 18.0, baseline - 2.5, 1.2, SUPPLIER);
    canvas.raw(vec![Op::RestoreGraphicsState]);
    canvas.text(left + 22.0, baseline, "供給者自己評価 Supplier", Style::body(size), Align::Left);
    let right = center_x + 8.0;
    canvas.rect(right, baseline - 6.0, 18.0, 7.0, Some(AUDITOR_FILL), Some((ACCENT, 1.2)));
    canvas.text(right + 22.0, baseline, "監査人評価 Auditor", Style::body(size), Align::Left);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spokes_start_at_the_top_and_go_clockwise() {
        let (x0, y0) = spoke_point(100.0, 100.0, 50.0, 0, 4, 1.0);
        assert!((x0 - 100.0).abs() < 1e-3 && (y0 - 50.0).abs() < 1e-3);
        // Second of four spokes points right (clockwise on the page, y grows downwards).
        let (x1, y1) = spoke_point(100.0, 100.0, 50.0, 1, 4, 0.5);
        assert!((x1 - 125.0).abs() < 1e-3 && (y1 - 100.0).abs() < 1e-3);
    }

    #[test]
    fn rates_are_clamped() {
        assert_eq!(clamp(Some(1.7)), 1.0);
        assert_eq!(clamp(Some(-0.2)), 0.0);
        assert_eq!(clamp(None), 0.0);
    }
}
