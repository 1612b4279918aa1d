//! Build-time charts as inline SVG: readable without JavaScript, labelled for screen readers
//! (`role="img"` with a title and a text description), styled by the theme through classes
//! and `currentColor`.

use std::fmt::Write as _;

use crate::content::types::Salary;
use crate::markdown::escape_attr as esc;
use crate::render::format_money;

/// A salary axis: nice round bounds around the values, and a few ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

impl Axis {
    pub fn new(lo: f64, hi: f64) -> Axis {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            (lo.min(hi), lo.max(hi))
        } else {
            (0.0, 1.0)
        };
        // At least a visible span, even for equal or huge values.
        let span = (hi - lo).max(hi.abs() * 1e-6).max(1.0);
        let raw_step = span / 4.0;
        let mag = 10f64.powf(raw_step.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw_step)
            .unwrap_or(10.0 * mag);
        let min = (lo / step).floor() * step;
        let max = (hi / step).ceil() * step;
        let max = if max <= min { min + step } else { max };
        // Bounded: float steps can stall on huge numbers.
        let ticks = (0..=8)
            .map(|k| min + step * k as f64)
            .take_while(|t| *t <= max + step / 2.0)
            .collect();
        Axis { min, max, ticks }
    }

    /// Position of `v` on a track from `x0` to `x1`.
    pub fn x(&self, v: f64, x0: f64, x1: f64) -> f64 {
        x0 + (v - self.min) / (self.max - self.min) * (x1 - x0)
    }
}

fn short_money(v: f64, currency: &str) -> String {
    if v >= 1000.0 && (v % 1000.0).abs() < f64::EPSILON {
        let full = format_money(v / 1000.0, currency);
        match full.split_once(' ') {
            Some((n, code)) => format!("{n}K {code}"),
            None => format!("{full}K"),
        }
    } else {
        format_money(v, currency)
    }
}

const W: f64 = 640.0;
const PAD: f64 = 24.0;

/// Indices of `rows`, lowest median salary first (then by title).
fn by_median(rows: &[RoleRow]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        rows[a]
            .salary
            .median
            .total_cmp(&rows[b].salary.median)
            .then_with(|| rows[a].title.cmp(rows[b].title))
    });
    order
}

/// One role's salary range: the low–high bar, the median marked, an axis with round ticks.
pub fn salary_range(s: &Salary, id: &str) -> String {
    let axis = Axis::new(s.low, s.high);
    let (x0, x1) = (PAD, W - PAD);
    let (xl, xm, xh) = (
        axis.x(s.low, x0, x1),
        axis.x(s.median, x0, x1),
        axis.x(s.high, x0, x1),
    );
    let cur = &s.currency;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart chart--salary\" viewBox=\"0 0 {W} 112\" font-size=\"13\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-title\">Salary range</title>\
<desc id=\"{id}-desc\">From {} to {} {}, median {}. Source: {}, as of {}.</desc>",
        esc(&format_money(s.low, cur)),
        esc(&format_money(s.high, cur)),
        s.period.label(),
        esc(&format_money(s.median, cur)),
        esc(&s.source),
        s.as_of,
    );
    // Axis and ticks.
    let _ = write!(
        svg,
        "<g class=\"chart__axis\" aria-hidden=\"true\"><line x1=\"{x0}\" x2=\"{x1}\" y1=\"78\" y2=\"78\" />"
    );
    for t in &axis.ticks {
        let x = axis.x(*t, x0, x1);
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"78\" y2=\"83\" /><text x=\"{x:.1}\" y=\"100\" text-anchor=\"middle\">{}</text>",
            esc(&short_money(*t, cur))
        );
    }
    svg.push_str("</g>");
    // The range and the median.
    let _ = write!(
        svg,
        "<g aria-hidden=\"true\"><rect class=\"chart__range\" x=\"{xl:.1}\" y=\"50\" width=\"{:.1}\" height=\"16\" rx=\"8\" />\
<circle class=\"chart__median\" cx=\"{xm:.1}\" cy=\"58\" r=\"9\" />\
<text class=\"chart__label\" x=\"{xl:.1}\" y=\"38\" text-anchor=\"start\">Low {}</text>\
<text class=\"chart__label chart__label--median\" x=\"{xm:.1}\" y=\"20\" text-anchor=\"middle\">Median {}</text>\
<text class=\"chart__label\" x=\"{xh:.1}\" y=\"38\" text-anchor=\"end\">High {}</text></g></svg>",
        xh - xl,
        esc(&short_money(s.low, cur)),
        esc(&short_money(s.median, cur)),
        esc(&short_money(s.high, cur)),
    );
    svg
}

/// A role in the overview charts.
pub struct RoleRow<'a> {
    pub title: &'a str,
    pub url: String,
    pub salary: &'a Salary,
    /// Indices of the roles this one grows into (into the same slice).
    pub grows_into: Vec<usize>,
}

/// Every role's range on one shared axis, lowest median first; each title links to its role.
/// (A group, not an image: it holds links.)
pub fn salary_comparison(rows: &[RoleRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let order = by_median(rows);
    let lo = rows
        .iter()
        .map(|r| r.salary.low)
        .fold(f64::INFINITY, f64::min);
    let hi = rows
        .iter()
        .map(|r| r.salary.high)
        .fold(f64::NEG_INFINITY, f64::max);
    let axis = Axis::new(lo, hi);
    // Room for the longest title at the chart's 13-unit text.
    let longest = rows
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(10) as f64;
    let label_w = (longest * 7.0 + 24.0).clamp(140.0, 340.0);
    let (x0, x1) = (label_w, 800.0 - PAD);
    let row_h = 36.0;
    let h = 40.0 + row_h * rows.len() as f64 + 30.0;
    let cur = &rows[0].salary.currency;
    let mut svg = String::new();
    let mut desc = String::new();
    for &i in &order {
        let s = rows[i].salary;
        let _ = write!(
            desc,
            "{}: {} to {}, median {}. ",
            rows[i].title,
            format_money(s.low, &s.currency),
            format_money(s.high, &s.currency),
            format_money(s.median, &s.currency)
        );
    }
    let _ = write!(
        svg,
        "<svg class=\"chart chart--compare\" viewBox=\"0 0 800 {h}\" font-size=\"13\" role=\"group\" aria-labelledby=\"compare-title\" aria-describedby=\"compare-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"compare-title\">Salary ranges of every role, {}</title><desc id=\"compare-desc\">{}</desc>",
        rows[0].salary.period.label(),
        esc(desc.trim())
    );
    let axis_y = 40.0 + row_h * rows.len() as f64;
    let _ = write!(svg, "<g class=\"chart__axis\" aria-hidden=\"true\">");
    for t in &axis.ticks {
        let x = axis.x(*t, x0, x1);
        let _ = write!(
            svg,
            "<line class=\"chart__grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"24\" y2=\"{axis_y}\" /><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            axis_y + 20.0,
            esc(&short_money(*t, cur))
        );
    }
    svg.push_str("</g>");
    for (row, &i) in order.iter().enumerate() {
        let r = &rows[i];
        let y = 40.0 + row_h * row as f64;
        let (xl, xm, xh) = (
            axis.x(r.salary.low, x0, x1),
            axis.x(r.salary.median, x0, x1),
            axis.x(r.salary.high, x0, x1),
        );
        let _ = write!(
            svg,
            "<a href=\"{}\"><text class=\"chart__row-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></a>\
<g aria-hidden=\"true\"><rect class=\"chart__range\" x=\"{xl:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"6\" />\
<circle class=\"chart__median\" cx=\"{xm:.1}\" cy=\"{:.1}\" r=\"7\" /></g>",
            esc(&r.url),
            label_w - 14.0,
            y + 4.0,
            esc(r.title),
            y - 6.0,
            xh - xl,
            y,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The career-path map: roles in columns by salary level, arrows along `grows_into`, each
/// node a link to its role.
pub fn career_map(rows: &[RoleRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    // Columns: roles ranked by median salary, split into up to four levels.
    let order = by_median(rows);
    let columns = rows.len().clamp(1, 4);
    let per_col = rows.len().div_ceil(columns);
    let mut pos = vec![(0usize, 0usize); rows.len()];
    for (rank, &i) in order.iter().enumerate() {
        pos[i] = (rank / per_col, rank % per_col);
    }
    let (node_w, node_h, gap_x, gap_y) = (180.0, 52.0, 60.0, 28.0);
    let width = columns as f64 * node_w + (columns as f64 - 1.0) * gap_x + 2.0 * PAD;
    let height = per_col as f64 * node_h + (per_col as f64 - 1.0) * gap_y + 2.0 * PAD;
    let at = |i: usize| {
        let (c, r) = pos[i];
        (
            PAD + c as f64 * (node_w + gap_x),
            PAD + r as f64 * (node_h + gap_y),
        )
    };
    let mut desc = String::new();
    for r in rows {
        let targets: Vec<&str> = r.grows_into.iter().map(|&j| rows[j].title).collect();
        if !targets.is_empty() {
            let _ = write!(desc, "{} can lead to {}. ", r.title, targets.join(", "));
        }
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart chart--map\" viewBox=\"0 0 {width:.0} {height:.0}\" font-size=\"13\" role=\"group\" aria-labelledby=\"map-title\" aria-describedby=\"map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"map-title\">Career paths between roles</title><desc id=\"map-desc\">{}</desc>\
<defs><marker id=\"map-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"currentColor\" /></marker></defs>\
<g class=\"chart__edges\" aria-hidden=\"true\" fill=\"none\" stroke=\"currentColor\">",
        esc(desc.trim())
    );
    for (i, r) in rows.iter().enumerate() {
        for &j in &r.grows_into {
            let ((ax, ay), (bx, by)) = (at(i), at(j));
            let (sy, ty) = (ay + node_h / 2.0, by + node_h / 2.0);
            let path = if pos[j].0 > pos[i].0 {
                let (sx, tx) = (ax + node_w, bx);
                let mid = (sx + tx) / 2.0;
                format!("M{sx:.1} {sy:.1}C{mid:.1} {sy:.1} {mid:.1} {ty:.1} {tx:.1} {ty:.1}")
            } else if pos[j].0 < pos[i].0 {
                let (sx, tx) = (ax, bx + node_w);
                let mid = (sx + tx) / 2.0;
                format!("M{sx:.1} {sy:.1}C{mid:.1} {sy:.1} {mid:.1} {ty:.1} {tx:.1} {ty:.1}")
            } else {
                // Same column: an arc out to the right side.
                let (sx, tx) = (ax + node_w, bx + node_w);
                let bulge = sx + gap_x * 0.8;
                let (sy, ty) = if by > ay {
                    (ay + node_h, by)
                } else {
                    (ay, by + node_h)
                };
                format!(
                    "M{:.1} {sy:.1}C{bulge:.1} {sy:.1} {bulge:.1} {ty:.1} {:.1} {ty:.1}",
                    sx - 20.0,
                    tx - 20.0
                )
            };
            let _ = write!(svg, "<path d=\"{path}\" marker-end=\"url(#map-arrow)\" />");
        }
    }
    svg.push_str("</g>");
    for (i, r) in rows.iter().enumerate() {
        let (x, y) = at(i);
        let (line1, line2) = wrap(r.title, 22);
        let _ = write!(
            svg,
            "<a class=\"chart__node\" href=\"{}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{node_w}\" height=\"{node_h}\" rx=\"10\" />",
            esc(&r.url)
        );
        let cx = x + node_w / 2.0;
        match line2 {
            None => {
                let _ = write!(
                    svg,
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    y + node_h / 2.0 + 5.0,
                    esc(&line1)
                );
            }
            Some(l2) => {
                let _ = write!(
                    svg,
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}<tspan x=\"{cx:.1}\" dy=\"17\">{}</tspan></text>",
                    y + node_h / 2.0 - 3.0,
                    esc(&line1),
                    esc(&l2)
                );
            }
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    svg
}

/// Splits a title into at most two lines of about `width` characters.
fn wrap(text: &str, width: usize) -> (String, Option<String>) {
    if text.chars().count() <= width {
        return (text.to_string(), None);
    }
    let mut first = String::new();
    let mut rest = String::new();
    for word in text.split_whitespace() {
        if rest.is_empty() && first.chars().count() + word.chars().count() < width {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(word);
        } else {
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(word);
        }
    }
    (first, (!rest.is_empty()).then_some(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::DateValue;
    use crate::content::types::Period;

    fn salary(low: f64, median: f64, high: f64) -> Salary {
        Salary {
            currency: "USD".into(),
            period: Period::Year,
            low,
            median,
            high,
            source: "A <survey>".into(),
            as_of: DateValue::parse("2024-06-01").unwrap(),
        }
    }

    #[test]
    fn axis_has_round_bounds_and_ticks() {
        let a = Axis::new(50_000.0, 140_000.0);
        assert_eq!((a.min, a.max), (50_000.0, 150_000.0));
        assert_eq!(
            a.ticks,
            [50_000.0, 75_000.0, 100_000.0, 125_000.0, 150_000.0]
        );
        assert_eq!(a.x(50_000.0, 0.0, 100.0), 0.0);
        assert_eq!(a.x(150_000.0, 0.0, 100.0), 100.0);
        let b = Axis::new(40_000.0, 70_000.0);
        assert_eq!((b.min, b.max, b.ticks.len()), (40_000.0, 70_000.0, 4));
    }

    #[test]
    fn huge_and_equal_values_do_not_hang() {
        for v in [1e16, 1e300, 0.0, 5.0] {
            let a = Axis::new(v, v);
            assert!(
                a.max > a.min && !a.ticks.is_empty() && a.ticks.len() <= 9,
                "{v}: {a:?}"
            );
        }
        let _ = salary_range(&salary(1e16, 1e16, 1e16), "x");
    }

    #[test]
    fn the_range_chart_is_to_scale_and_labelled() {
        let svg = salary_range(&salary(50_000.0, 82_000.0, 140_000.0), "s");
        // Track from 24 to 616 for 50k..150k: low at 24, high at 24 + 0.9 * 592 = 556.8.
        assert!(svg.contains("x=\"24.0\" y=\"50\" width=\"532.8\""), "{svg}");
        // Median 82k: 24 + 0.32 * 592 = 213.44.
        assert!(
            svg.contains("<circle class=\"chart__median\" cx=\"213.4\""),
            "{svg}"
        );
        assert!(
            svg.contains("Median $82K") && svg.contains("Low $50K") && svg.contains("High $140K")
        );
        assert!(svg.contains("role=\"img\" aria-labelledby=\"s-title s-desc\""));
        assert!(svg.contains(
            "From $50,000 to $140,000 per year, median $82,000. Source: A &lt;survey&gt;"
        ));
    }

    #[test]
    fn overview_charts_link_every_role() {
        let (a, b) = (
            salary(40_000.0, 52_000.0, 70_000.0),
            salary(50_000.0, 82_000.0, 140_000.0),
        );
        let rows = [
            RoleRow {
                title: "Support Specialist",
                url: "/roles/support/".into(),
                salary: &a,
                grows_into: vec![1],
            },
            RoleRow {
                title: "Customer Success Manager",
                url: "/roles/csm/".into(),
                salary: &b,
                grows_into: vec![],
            },
        ];
        let compare = salary_comparison(&rows);
        assert!(
            compare.find("Support Specialist") < compare.find("Customer Success Manager"),
            "lowest median first"
        );
        assert!(compare.contains("<a href=\"/roles/csm/\">"));
        let map = career_map(&rows);
        assert_eq!(map.matches("<a class=\"chart__node\"").count(), 2);
        assert_eq!(map.matches("marker-end").count(), 1);
        assert!(map.contains("Support Specialist can lead to Customer Success Manager."));
    }
}
