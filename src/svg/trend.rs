//! Metric charts as hand-written SVG: the trend chart (actual vs target, alert zones, alert
//! episodes, annotations, baseline, trend projection, as-of line), bars per week and KPI
//! sparklines.
//!
//! Why not plotters: its SVG backend snaps every coordinate to whole pixels (a 32-pixel
//! sparkline gets 32 levels), writes colours as attributes with no classes, and cannot emit
//! `<title>` tooltips, ids or links, which the annotations and alert markers need. Everything
//! here goes through [`crate::svg::Writer`], which escapes all text and fixes number precision,
//! so charts are well-formed for any note text and byte-identical for the same input. Text is
//! left to the browser (no font is needed to build, and CJK labels render with the page's fonts).

use crate::meta::{Granularity, Locale, MetricMeta};
use crate::metrics::{Bucket, Firing, MetricReport, Period, Rule};
use crate::svg::{PathData, Writer, display_width, num, safe_id};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use std::fmt::Write as _;

/// Size, language and ids of a chart.
#[derive(Debug, Clone)]
pub struct TrendOptions {
    /// Prefix of every id in the chart and the `id` of the `<svg>` (made safe for ids).
    pub id_prefix: String,
    /// Language of dates and labels.
    pub locale: Locale,
    /// The status date, drawn as a line.
    pub as_of: NaiveDate,
    /// Width in px (the chart scales with its container through `viewBox`).
    pub width: f64,
    /// Height in px.
    pub height: f64,
    /// Draw the 7-period moving average too.
    pub moving_average: bool,
}

impl TrendOptions {
    /// Options for the full-width trend chart of a metric page.
    pub fn line(id_prefix: &str, locale: Locale, as_of: NaiveDate) -> Self {
        TrendOptions {
            id_prefix: id_prefix.to_string(),
            locale,
            as_of,
            width: 760.0,
            height: 290.0,
            moving_average: false,
        }
    }

    /// Options for the bars chart (weeks, or days for hourly metrics).
    pub fn bars(id_prefix: &str, locale: Locale, as_of: NaiveDate) -> Self {
        TrendOptions { height: 190.0, ..TrendOptions::line(id_prefix, locale, as_of) }
    }

    /// Options for a KPI card sparkline.
    pub fn sparkline(id_prefix: &str, locale: Locale, as_of: NaiveDate) -> Self {
        TrendOptions { width: 132.0, height: 36.0, ..TrendOptions::line(id_prefix, locale, as_of) }
    }
}

const FONT: &str = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif";

/// The chart's style sheet, scoped to its id so charts and pages do not restyle each other.
fn css(p: &str) -> String {
    const RULES: &str = "
#P{font-family:FONT;font-size:11px}
#P text{fill:#5d6873}
#P .bg{fill:#fff}
#P .grid{stroke:#eceef1;stroke-width:1;shape-rendering:crispEdges}
#P .axis{stroke:#c9d0d9;stroke-width:1;shape-rendering:crispEdges}
#P .zone{fill:#d64545;fill-opacity:.07}
#P .zone-edge{stroke:#d64545;stroke-opacity:.45;stroke-width:1;stroke-dasharray:2 3}
#P text.zone-label{fill:#b42318;font-size:10.5px}
#P .baseline{stroke:#8b949e;stroke-width:1.2;stroke-dasharray:1 3;stroke-linecap:round;fill:none}
#P .target{stroke:#1d6b40;stroke-width:1.6;stroke-dasharray:6 4;fill:none}
#P .checkpoint{fill:#fff;stroke:#1d6b40;stroke-width:1.5}
#P text.target-label{fill:#1d6b40}
#P .ma{stroke:#7ea6d6;stroke-width:1.4;fill:none}
#P .trend{stroke:#0b5cad;stroke-opacity:.55;stroke-width:1.3;stroke-dasharray:3 3;fill:none}
#P .actual{stroke:#0b5cad;stroke-width:2;fill:none;stroke-linejoin:round;stroke-linecap:round}
#P .dot{fill:#0b5cad}
#P .point-note circle.mark{fill:#fff;stroke:#0b5cad;stroke-width:1.5}
#P .alert circle.mark{fill:#c92a2a;stroke:#fff;stroke-width:1}
#P .hit{fill:transparent}
#P .note line{stroke:#8b949e;stroke-width:1;stroke-dasharray:2 2}
#P .note circle{fill:#5d6873}
#P .note text{fill:#fff;font-size:10px;font-weight:600}
#P .asof line{stroke:#d9480f;stroke-width:1.3;stroke-dasharray:5 3}
#P .asof text{fill:#d9480f;font-weight:600}
#P .halo{stroke:#fff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
#P .bar{fill:#8fb3d9}
#P .bar.partial{fill:#dbe7f4;stroke:#8fb3d9;stroke-dasharray:3 2}
#P text.bar-label{fill:#3b434b;font-size:10.5px}
#P .legend text{fill:#5d6873}
#P text.muted{fill:#8b949e;font-size:10px}
#P .latest{fill:#0b5cad;stroke:#fff;stroke-width:1.5}
#P text.latest-label{fill:#0b5cad;font-weight:600}
#P .empty{fill:#8b949e;font-size:12px}
";
    RULES.replace("#P", &format!("#{p}")).replace("FONT", FONT)
}

/// Words of the charts: (key, English, Simplified Chinese).
const WORDS: &[(&str, &str, &str)] = &[
    ("actual", "Actual", "实际"),
    ("target", "Target", "目标"),
    ("baseline", "Baseline", "基线"),
    ("trend", "Trend", "趋势外推"),
    ("ma", "7-period average", "7 期均线"),
    ("zone", "Alert zone", "预警区"),
    ("as_of", "As of", "截至"),
    ("no_data", "No data yet", "暂无数据"),
    ("partial", "so far", "未完整"),
    ("week_of", "Week of", "当周起始"),
    ("alert", "Alert", "预警"),
    ("then", "Response", "应对"),
    ("plan_b", "Plan B", "预案"),
    ("from", "from", "起"),
];

/// A word of the charts in `locale` (empty for an unknown key).
fn tr(locale: Locale, key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|w| w.0 == key)
        .map_or("", |(_, en, zh)| if locale == Locale::ZhCn { zh } else { en })
}

/// Hours since the epoch, the x unit of every chart.
fn hours(t: NaiveDateTime) -> f64 {
    t.and_utc().timestamp() as f64 / 3600.0
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// Length of one period in hours (months count 30.44 days).
fn period_hours(g: Granularity) -> f64 {
    match g {
        Granularity::Hour => 1.0,
        Granularity::Day => 24.0,
        Granularity::Week => 168.0,
        Granularity::Month => 730.5,
    }
}

/// The plot rectangle and the mapping from (time, value) into it.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    t0: f64,
    t1: f64,
    v0: f64,
    v1: f64,
}

impl Frame {
    fn x(&self, t: f64) -> f64 {
        self.left + (t - self.t0) / (self.t1 - self.t0) * (self.right - self.left)
    }
    fn xt(&self, t: NaiveDateTime) -> f64 {
        self.x(hours(t))
    }
    fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.v0) / (self.v1 - self.v0) * (self.bottom - self.top)
    }
}

/// Most steps a value axis is divided into, whatever it is asked for: a bound on its labels
/// and grid lines.
const MAX_AXIS_STEPS: usize = 40;

/// Largest size of an axis end: the width of a range within it, and the steps of that width,
/// cannot overflow to infinity. (The plan's numbers stay within `values::MAX_NUMBER`; the chart
/// does not rely on it.)
const AXIS_LIMIT: f64 = 1e300;

/// A "nice" axis over `lo..hi` with about `n` steps: (low, high, step). Always finite with
/// `low < high`, `step > 0` and at most `MAX_AXIS_STEPS` steps; a non-finite end gives `0..1`,
/// and ends given the wrong way round are swapped.
pub(crate) fn nice_range(lo: f64, hi: f64, n: usize) -> (f64, f64, f64) {
    let n = n.clamp(1, MAX_AXIS_STEPS / 2);
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi).clamp(-AXIS_LIMIT, AXIS_LIMIT), lo.max(hi).clamp(-AXIS_LIMIT, AXIS_LIMIT))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < f64::EPSILON * hi.abs().max(lo.abs()).max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let raw = (hi - lo) / n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let (v0, v1) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let steps = (v1 - v0) / step;
    if v0.is_finite()
        && v1.is_finite()
        && v0 < v1
        && steps.is_finite()
        && steps <= MAX_AXIS_STEPS as f64
    {
        (v0, v1, step)
    } else {
        // Rounding to the step failed (it cannot for the ranges above, but a chart must not
        // depend on that): one step over the range as it is.
        (lo, hi, hi - lo)
    }
}

/// A value for an axis label: short (`$40k`, `1.2M`, `45%`, `3.5×`, `4万`) with as many
/// decimals as the tick step needs; `top` (the largest value on the axis) picks the magnitude,
/// so every label of an axis uses the same one.
pub(crate) fn compact(v: f64, unit: Option<&str>, step: f64, top: f64, locale: Locale) -> String {
    let (prefix, suffix) = match unit.unwrap_or("").trim() {
        "USD" | "$" => ("$", ""),
        "EUR" | "€" => ("€", ""),
        "CNY" | "RMB" | "¥" | "元" => ("¥", ""),
        "%" | "percent" => ("", "%"),
        "ratio" | "x" | "×" => ("", "×"),
        _ => ("", ""),
    };
    let scales: &[(f64, &str)] = match locale {
        Locale::En => &[(1e9, "B"), (1e6, "M"), (1e3, "k")],
        Locale::ZhCn => &[(1e8, "亿"), (1e4, "万")],
    };
    let big = top.abs().max(step.abs());
    let (div, mag) = scales.iter().find(|(d, _)| big >= *d).map_or((1.0, ""), |(d, s)| (*d, *s));
    let s = step.abs() / div;
    let places = if s >= 1.0 || s == 0.0 { 0 } else { ((-s.log10()).ceil() as usize).min(4) };
    // 2.5-steps need one more place than their magnitude.
    let places = if places > 0 && ((s * 10f64.powi(places as i32)).fract() > 1e-6) {
        places + 1
    } else {
        places
    };
    let n = crate::i18n::grouped(v / div, places);
    if n.trim_start_matches(['-', '0', '.', ',']).is_empty() {
        return format!("{prefix}0{suffix}");
    }
    format!("{prefix}{n}{mag}{suffix}")
}

/// Where and how to label time ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Hours(u32),
    Days(u32),
    Weeks(u32),
    Months(u32),
}

/// Tick times in `t0..=t1` (hours since the epoch), at most `max` of them.
fn time_ticks(t0: f64, t1: f64, max: usize) -> (Vec<NaiveDateTime>, Step) {
    const STEPS: [Step; 14] = [
        Step::Hours(1),
        Step::Hours(3),
        Step::Hours(6),
        Step::Hours(12),
        Step::Days(1),
        Step::Days(2),
        Step::Weeks(1),
        Step::Weeks(2),
        Step::Months(1),
        Step::Months(2),
        Step::Months(3),
        Step::Months(6),
        Step::Months(12),
        Step::Months(60),
    ];
    let span = t1 - t0;
    let approx = |s: Step| match s {
        Step::Hours(n) => f64::from(n),
        Step::Days(n) => 24.0 * f64::from(n),
        Step::Weeks(n) => 168.0 * f64::from(n),
        Step::Months(n) => 730.5 * f64::from(n),
    };
    let step =
        STEPS.into_iter().find(|s| span / approx(*s) <= max as f64).unwrap_or(Step::Months(120));
    let start = chrono::DateTime::from_timestamp((t0 * 3600.0).floor() as i64, 0)
        .map_or(NaiveDateTime::MIN, |t| t.naive_utc());
    let mut ticks = Vec::new();
    let first = match step {
        Step::Hours(n) => {
            let h = start.hour() / n * n;
            start.date().and_hms_opt(h, 0, 0).unwrap_or(start)
        }
        Step::Days(n) => {
            let d = start.date();
            let k = i64::from(d.num_days_from_ce()).rem_euclid(i64::from(n));
            midnight(d - TimeDelta::days(k))
        }
        Step::Weeks(n) => {
            let d = start.date();
            let monday = d - TimeDelta::days(i64::from(d.weekday().num_days_from_monday()));
            let week = (i64::from(monday.num_days_from_ce()) - 1) / 7;
            midnight(monday - TimeDelta::weeks(week.rem_euclid(i64::from(n))))
        }
        Step::Months(n) => {
            let m = (start.year() * 12 + start.month0() as i32) / n as i32 * n as i32;
            NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
                .map_or(start, midnight)
        }
    };
    let mut t = first;
    while hours(t) <= t1 + 1e-9 && ticks.len() < 400 {
        if hours(t) >= t0 - 1e-9 {
            ticks.push(t);
        }
        let next = match step {
            Step::Hours(n) => t.checked_add_signed(TimeDelta::hours(i64::from(n))),
            Step::Days(n) => t.checked_add_signed(TimeDelta::days(i64::from(n))),
            Step::Weeks(n) => t.checked_add_signed(TimeDelta::weeks(i64::from(n))),
            Step::Months(n) => t.checked_add_months(chrono::Months::new(n)),
        };
        match next {
            Some(n) => t = n,
            None => break,
        }
    }
    (ticks, step)
}

/// The label of tick `t`; `first` marks the first label (which carries the year for months).
fn tick_label(t: NaiveDateTime, step: Step, first: bool, locale: Locale) -> String {
    let d = t.date();
    match step {
        Step::Hours(_) if t.hour() != 0 => format!("{:02}:00", t.hour()),
        Step::Hours(_) | Step::Days(_) | Step::Weeks(_) => crate::i18n::short_date(locale, d),
        Step::Months(n) => match locale {
            Locale::En if n >= 12 => d.year().to_string(),
            Locale::En if first || d.month() == 1 => d.format("%b %Y").to_string(),
            Locale::En => d.format("%b").to_string(),
            Locale::ZhCn if n >= 12 => format!("{}年", d.year()),
            Locale::ZhCn if first || d.month() == 1 => format!("{}年{}月", d.year(), d.month()),
            Locale::ZhCn => format!("{}月", d.month()),
        },
    }
}

/// A date (and hour, for hourly data) in words for tooltips.
fn when(t: NaiveDateTime, g: Granularity, locale: Locale) -> String {
    let d = crate::i18n::date(locale, t.date());
    if g == Granularity::Hour { format!("{d} {:02}:00", t.hour()) } else { d }
}

/// Approximate width of `s` in px at `size` px (browsers measure; this only avoids overlaps).
fn text_width(s: &str, size: f64) -> f64 {
    display_width(s) as f64 * size * 0.56
}

/// Opens the `<svg>` root with its title, style and a white background.
fn open_svg(
    w: &mut Writer,
    p: &str,
    class: &str,
    width: f64,
    height: f64,
    title: &str,
    locale: Locale,
) {
    w.tag("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("id", p)
        .attr("class", class)
        .num("width", width)
        .num("height", height)
        .attr("viewBox", &format!("0 0 {} {}", num(width), num(height)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{p}-title"))
        .attr("lang", crate::i18n::lang(locale))
        .open();
    w.tag("title").attr("id", &format!("{p}-title")).text(title);
    w.tag("defs").open();
    w.tag("style").text(&css(p));
    w.close();
    w.tag("rect").class(&["bg"]).num("width", width).num("height", height).empty();
    w.newline();
}

/// The path of the actual series, broken at gaps; isolated points come back separately.
/// Long series are thinned to the first, lowest, highest and last point of each half pixel.
fn series_path(frame: &Frame, series: &[Period]) -> (PathData, Vec<(f64, f64)>) {
    let mut path = PathData::default();
    let mut singles = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let thin = series.len() as f64 > (frame.right - frame.left) * 2.0;
    let mut flush = |run: &mut Vec<(f64, f64)>, path: &mut PathData| {
        match run.len() {
            0 => {}
            1 => singles.push(run[0]),
            _ => {
                let mut p = std::mem::take(path).move_to(run[0].0, run[0].1);
                for q in &run[1..] {
                    p = p.line_to(q.0, q.1);
                }
                *path = p;
            }
        }
        run.clear();
    };
    let mut prev: Option<i64> = None;
    let mut column: Vec<(f64, f64)> = Vec::new();
    let push_column = |column: &mut Vec<(f64, f64)>, run: &mut Vec<(f64, f64)>| {
        if column.len() <= 4 {
            run.append(column);
            return;
        }
        let lo = column.iter().copied().fold(column[0], |a, b| if b.1 > a.1 { b } else { a });
        let hi = column.iter().copied().fold(column[0], |a, b| if b.1 < a.1 { b } else { a });
        let (first, last) = (column[0], column[column.len() - 1]);
        let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
        run.extend([first, a, b, last]);
        column.clear();
    };
    for p in series {
        let contiguous = prev.is_some_and(|i| i == p.index - 1);
        prev = Some(p.index);
        let Some(v) = p.value else {
            push_column(&mut column, &mut run);
            flush(&mut run, &mut path);
            continue;
        };
        if !contiguous {
            push_column(&mut column, &mut run);
            flush(&mut run, &mut path);
        }
        let pt = (frame.xt(p.at.0), frame.y(v));
        if !thin {
            run.push(pt);
            continue;
        }
        if column.last().is_some_and(|c| (pt.0 * 2.0).floor() as i64 != (c.0 * 2.0).floor() as i64)
        {
            push_column(&mut column, &mut run);
        }
        column.push(pt);
    }
    push_column(&mut column, &mut run);
    flush(&mut run, &mut path);
    (path, singles)
}

/// The values the y axis must show.
fn value_extent(report: &MetricReport, meta: &MetricMeta, t1: NaiveDate) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut add = |v: f64| {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    };
    report.series.iter().filter_map(|p| p.value).for_each(&mut add);
    report.target_steps.iter().filter(|s| s.from() <= t1).for_each(|s| add(s.value));
    if let Some(b) = meta.baseline {
        add(b);
    }
    // Alert thresholds near the data widen the range so their zone shows; far ones do not
    // squash the data (their rule is listed on the page anyway).
    let reach = (hi - lo).abs().max(hi.abs() * 0.05) * 0.3;
    let (dlo, dhi) = (lo, hi);
    for a in &meta.alerts {
        if let Some(v) = a.below.or(a.above)
            && v >= dlo - reach
            && v <= dhi + reach
        {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo, hi)
}

/// The trend chart of a metric page: actual (gaps stay gaps), target steps with checkpoints,
/// baseline, alert zones of `below`/`above` rules, alert episodes, numbered annotations and
/// notes from the data with their text as tooltips, the trend projection and the as-of line.
#[allow(clippy::many_single_char_names)] // x, y, f(rame), w(riter), p(refix): a chart's usual names
pub fn line_chart(report: &MetricReport, meta: &MetricMeta, opts: &TrendOptions) -> String {
    let p = safe_id(&opts.id_prefix);
    let loc = opts.locale;
    let g = meta.granularity;
    let mut w = Writer::with_capacity(8192 + report.series.len() * 16);
    let title = chart_title(report, meta, loc);
    open_svg(&mut w, &p, "chart trend", opts.width, opts.height, &title, loc);
    let Some(first) = report.series.first() else {
        empty(&mut w, opts, loc);
        return w.finish();
    };
    let last = report.series.last().map_or(first.at.0, |p| p.at.0);
    // Time range: the data, the as-of day and, for daily and coarser data, the target
    // checkpoints and the projection ahead of it.
    let half = period_hours(g) / 2.0;
    let mut t1 = hours(last).max(hours(midnight(opts.as_of)));
    if g != Granularity::Hour {
        if let Some(c) = report.target_steps.last().and_then(|c| c.date) {
            t1 = t1.max(hours(midnight(c)));
        }
        if let Some(pr) = &report.projection {
            t1 = t1.max(hours(midnight(pr.date)));
        }
    }
    let t0 = hours(first.at.0) - half;
    let t1 = t1 + half;
    let end_date = chrono::DateTime::from_timestamp((t1 * 3600.0) as i64, 0)
        .map_or(opts.as_of, |t| t.naive_utc().date());
    let (lo, hi) = value_extent(report, meta, end_date);
    let pad = (hi - lo).abs() * 0.06;
    let lo = if lo >= 0.0 && lo < 0.3 * hi { 0.0 } else { lo - pad };
    let plot_h = opts.height - 22.0 - 42.0;
    let (v0, v1, step) = nice_range(lo, hi + pad, (plot_h / 45.0).round().max(2.0) as usize);
    let ylabels: Vec<(f64, String)> = {
        // `nice_range` bounds the steps already; the labels stay bounded even if it did not.
        let n = ((v1 - v0) / step).round();
        let n = if n.is_finite() { n.clamp(1.0, MAX_AXIS_STEPS as f64) as i64 } else { 1 };
        let top = v0.abs().max(v1.abs());
        (0..=n)
            .map(|i| v0 + step * i as f64)
            .map(|v| (v, compact(v, meta.unit.as_deref(), step, top, loc)))
            .collect()
    };
    let label_w = ylabels.iter().map(|l| text_width(&l.1, 11.0)).fold(0.0, f64::max);
    let f = Frame {
        left: (label_w + 14.0).max(36.0),
        right: opts.width - 12.0,
        top: 22.0,
        bottom: opts.height - 42.0,
        t0,
        t1,
        v0,
        v1,
    };
    // Clip to the plot area.
    w.tag("clipPath").attr("id", &format!("{p}-plot")).open();
    w.tag("rect")
        .num("x", f.left)
        .num("y", f.top)
        .num("width", f.right - f.left)
        .num("height", f.bottom - f.top)
        .empty();
    w.close();
    w.newline();
    // Grid and y labels.
    w.tag("g").class(&["y-axis"]).open();
    for (v, label) in &ylabels {
        let y = f.y(*v);
        w.tag("line")
            .class(&["grid"])
            .num("x1", f.left)
            .num("x2", f.right)
            .num("y1", y)
            .num("y2", y)
            .empty();
        w.tag("text")
            .num("x", f.left - 6.0)
            .num("y", y + 3.5)
            .attr("text-anchor", "end")
            .text(label);
    }
    w.close();
    w.newline();
    // x ticks.
    let max_ticks = ((f.right - f.left) / 78.0).floor().max(2.0) as usize;
    let (ticks, tstep) = time_ticks(t0, t1, max_ticks);
    w.tag("g").class(&["x-axis"]).open();
    w.tag("line")
        .class(&["axis"])
        .num("x1", f.left)
        .num("x2", f.right)
        .num("y1", f.bottom)
        .num("y2", f.bottom)
        .empty();
    for (i, t) in ticks.iter().enumerate() {
        let x = f.xt(*t);
        let label = tick_label(*t, tstep, i == 0, loc);
        let half_w = text_width(&label, 11.0) / 2.0;
        // Keep the label inside the chart.
        let tx = x.clamp(half_w + 2.0, opts.width - half_w - 2.0);
        w.tag("line")
            .class(&["axis"])
            .num("x1", x)
            .num("x2", x)
            .num("y1", f.bottom)
            .num("y2", f.bottom + 4.0)
            .empty();
        w.tag("text")
            .num("x", tx)
            .num("y", f.bottom + 16.0)
            .attr("text-anchor", "middle")
            .text(&label);
    }
    w.close();
    w.newline();
    // Everything in the plot is clipped to it.
    w.tag("g").attr("clip-path", &format!("url(#{p}-plot)")).open();
    let mut legend: Vec<(&str, &str)> = vec![("actual", tr(loc, "actual"))];
    // Alert zones.
    let mut zoned = false;
    for a in &meta.alerts {
        let (v, below) = match (a.below, a.above) {
            (Some(v), None) => (v, true),
            (None, Some(v)) => (v, false),
            _ => continue,
        };
        let y = f.y(v);
        let (y_a, y_b) = if below { (y, f.bottom) } else { (f.top, y) };
        w.tag("rect")
            .class(&["zone"])
            .num("x", f.left)
            .num("y", y_a)
            .num("width", f.right - f.left)
            .num("height", (y_b - y_a).max(0.0))
            .empty();
        w.tag("line")
            .class(&["zone-edge"])
            .num("x1", f.left)
            .num("x2", f.right)
            .num("y1", y)
            .num("y2", y)
            .empty();
        let words = crate::metrics::describe(
            if below { Rule::Below } else { Rule::Above },
            v,
            a.sustained.map_or(1, |s| s.periods(meta.granularity)),
            meta,
            loc,
        );
        w.tag("text")
            .class(&["zone-label", "halo"])
            .num("x", f.left + 6.0)
            .num("y", if below { y + 13.0 } else { y - 5.0 })
            .text(&words);
        zoned = true;
    }
    if zoned {
        legend.push(("zone", tr(loc, "zone")));
    }
    // Baseline.
    if let Some(b) = meta.baseline {
        let y = f.y(b);
        w.tag("line")
            .class(&["baseline"])
            .num("x1", f.left)
            .num("x2", f.right)
            .num("y1", y)
            .num("y2", y)
            .empty();
        legend.push(("baseline", tr(loc, "baseline")));
    }
    // Target steps.
    if !report.target_steps.is_empty() {
        let mut path = PathData::default();
        let mut prev_y = None;
        for step in &report.target_steps {
            let x = step.date.map_or(f.left, |d| f.xt(midnight(d)).max(f.left));
            let y = f.y(step.value);
            path = match prev_y {
                Some(py) => path.line_to(x, py).line_to(x, y),
                None => path.move_to(x, y),
            };
            prev_y = Some(y);
        }
        path = path.h(f.right);
        w.tag("path").class(&["target"]).attr("d", path.as_str()).empty();
        legend.push(("target", tr(loc, "target")));
    }
    // Moving average.
    if opts.moving_average && report.moving_average.len() > 1 {
        let mut path = PathData::default();
        let mut prev: Option<NaiveDateTime> = None;
        let gap = TimeDelta::seconds((period_hours(g) * 3600.0 * 1.5) as i64);
        for m in &report.moving_average {
            let (x, y) = (f.xt(m.at.0), f.y(m.value));
            path = if prev.is_some_and(|t| m.at.0 - t <= gap) {
                path.line_to(x, y)
            } else {
                path.move_to(x, y)
            };
            prev = Some(m.at.0);
        }
        w.tag("path").class(&["ma"]).attr("d", path.as_str()).empty();
        legend.push(("ma", tr(loc, "ma")));
    }
    // Projection.
    if let Some(pr) = report.projection.as_ref().filter(|_| g != Granularity::Hour) {
        let x_end = f.xt(midnight(pr.date));
        let d = PathData::default()
            .move_to(f.xt(pr.start.at.0), f.y(pr.start.value))
            .line_to(x_end, f.y(pr.value));
        w.tag("g").class(&["projection"]).open();
        w.tag("title").text(&projection_words(pr, meta, loc));
        w.tag("path").class(&["trend"]).attr("d", d.as_str()).empty();
        w.close();
        legend.push(("trend", tr(loc, "trend")));
    }
    // Actual.
    let (path, singles) = series_path(&f, &report.series);
    w.tag("path").class(&["actual"]).attr("d", path.as_str()).empty();
    for (x, y) in singles {
        w.tag("circle").class(&["dot"]).num("cx", x).num("cy", y).num("r", 2.5).empty();
    }
    w.newline();
    w.close();
    // The latest value, labelled.
    if let Some(l) = report.latest {
        let (x, y) = (f.xt(l.at.0), f.y(l.value));
        let label = crate::i18n::value(l.value, meta.unit.as_deref());
        let right = x + 7.0 + text_width(&label, 11.0) <= opts.width - 2.0;
        w.tag("circle").class(&["latest"]).num("cx", x).num("cy", y).num("r", 3.5).empty();
        w.tag("text")
            .class(&["latest-label", "halo"])
            .num("x", if right { x + 7.0 } else { x - 7.0 })
            .num("y", y - 7.0)
            .attr("text-anchor", if right { "start" } else { "end" })
            .text(&label);
    }
    // Checkpoint markers (outside the clip so edge diamonds show whole).
    for (d, v) in report.target_steps.iter().filter_map(|s| Some((s.date?, s.value))) {
        let (x, y) = (f.xt(midnight(d)), f.y(v));
        if x < f.left - 0.5 || x > f.right + 0.5 {
            continue;
        }
        w.tag("g").class(&["checkpoint-mark"]).open();
        w.tag("title").text(&format!(
            "{} {} {} {}",
            tr(loc, "target"),
            crate::i18n::value(v, meta.unit.as_deref()),
            tr(loc, "from"),
            crate::i18n::date(loc, d)
        ));
        let diamond = PathData::default()
            .move_to(x, y - 4.5)
            .line_to(x + 4.5, y)
            .line_to(x, y + 4.5)
            .line_to(x - 4.5, y)
            .close();
        w.tag("path").class(&["checkpoint"]).attr("d", diamond.as_str()).empty();
        w.close();
    }
    // Notes from the data.
    for s in report.series.iter().filter(|s| s.note.is_some()) {
        let Some(v) = s.value else { continue };
        let (x, y) = (f.xt(s.at.0), f.y(v));
        w.tag("g").class(&["point-note"]).open();
        w.tag("title").text(&format!(
            "{}: {} — {}",
            when(s.at.0, g, loc),
            crate::i18n::value(v, meta.unit.as_deref()),
            s.note.as_deref().unwrap_or("")
        ));
        w.tag("circle").class(&["hit"]).num("cx", x).num("cy", y).num("r", 8.0).empty();
        w.tag("circle").class(&["mark"]).num("cx", x).num("cy", y).num("r", 3.5).empty();
        w.close();
    }
    // Alert episodes: every breaching point, with the rule, response and plan B.
    for (i, fired) in report.alerts.iter().enumerate() {
        w.tag("g")
            .class(&["alert"])
            .attr("data-alert", &fired.alert.to_string())
            .attr("id", &format!("{p}-alert-{i}"))
            .open();
        w.tag("title").text(&alert_words(fired, meta, loc));
        for s in report.series.iter().filter(|s| s.at >= fired.from && s.at <= fired.to) {
            let Some(v) = s.value else { continue };
            let (x, y) = (f.xt(s.at.0), f.y(v));
            w.tag("circle").class(&["hit"]).num("cx", x).num("cy", y).num("r", 8.0).empty();
            w.tag("circle").class(&["mark"]).num("cx", x).num("cy", y).num("r", 4.0).empty();
        }
        w.close();
        w.newline();
    }
    // Numbered annotations along the top.
    let mut last_x = f64::NEG_INFINITY;
    let mut row = 0.0;
    for (n, a) in numbered_annotations(meta).iter().enumerate() {
        let x = f.xt(a.0);
        if x < f.left || x > f.right {
            continue;
        }
        row = if x - last_x < 17.0 { (row + 1.0) % 3.0 } else { 0.0 };
        last_x = x;
        let cy = f.top + 8.0 + row * 16.0;
        w.tag("g").class(&["note"]).attr("id", &format!("{p}-note-{}", n + 1)).open();
        w.tag("title").text(&format!("{}. {}: {}", n + 1, when(a.0, g, loc), a.1));
        w.tag("line").num("x1", x).num("x2", x).num("y1", cy + 7.0).num("y2", f.bottom).empty();
        w.tag("circle").num("cx", x).num("cy", cy).num("r", 7.0).empty();
        w.tag("text")
            .num("x", x)
            .num("y", cy + 3.5)
            .attr("text-anchor", "middle")
            .text(&(n + 1).to_string());
        w.close();
    }
    // As-of line.
    let x = f.xt(midnight(opts.as_of));
    if x >= f.left - 0.5 && x <= f.right + 0.5 {
        let label = format!("{} {}", tr(loc, "as_of"), crate::i18n::short_date(loc, opts.as_of));
        let lw = text_width(&label, 11.0);
        let (tx, anchor) =
            if x + 4.0 + lw > opts.width - 2.0 { (x - 4.0, "end") } else { (x + 4.0, "start") };
        w.tag("g").class(&["asof"]).open();
        w.tag("line").num("x1", x).num("x2", x).num("y1", f.top - 6.0).num("y2", f.bottom).empty();
        w.tag("text").num("x", tx).num("y", f.top - 9.0).attr("text-anchor", anchor).text(&label);
        w.close();
    }
    legend_row(&mut w, &legend, f.left, opts.height - 10.0);
    w.finish()
}

/// Annotations with their time, sorted by date (stable), numbered from 1 in this order.
pub fn numbered_annotations(meta: &MetricMeta) -> Vec<(NaiveDateTime, &str)> {
    let mut v: Vec<_> = meta.annotations.iter().map(|a| (a.date.0, a.note.as_str())).collect();
    v.sort_by_key(|a| a.0);
    v
}

/// The legend: one swatch and word per series drawn.
fn legend_row(w: &mut Writer, items: &[(&str, &str)], x0: f64, y: f64) {
    w.tag("g").class(&["legend"]).open();
    let mut x = x0;
    for (class, label) in items {
        if *class == "zone" {
            w.tag("rect")
                .class(&["zone"])
                .num("x", x)
                .num("y", y - 8.0)
                .num("width", 16.0)
                .num("height", 10.0)
                .empty();
        } else {
            let d = PathData::default().move_to(x, y - 3.5).h(x + 16.0);
            w.tag("path").class(&[class]).attr("d", d.as_str()).empty();
        }
        w.tag("text").num("x", x + 21.0).num("y", y).text(label);
        x += 21.0 + text_width(label, 11.0) + 16.0;
    }
    w.close();
}

/// A one-line description of the chart for `<title>` (read by screen readers).
fn chart_title(report: &MetricReport, meta: &MetricMeta, loc: Locale) -> String {
    let unit = meta.unit.as_deref();
    let mut s = meta.title.clone();
    if let Some(l) = report.latest {
        let _ = write!(s, ": {}", crate::i18n::value(l.value, unit));
    }
    if let Some(t) = report.target {
        let _ = write!(s, " ({} {})", tr(loc, "target"), crate::i18n::value(t, unit));
    }
    s
}

/// A fired alert in words: when, value, rule, response and plan B.
fn alert_words(f: &Firing, meta: &MetricMeta, loc: Locale) -> String {
    let g = meta.granularity;
    let unit = meta.unit.as_deref();
    let span = if f.from == f.to {
        when(f.at.0, g, loc)
    } else {
        format!("{} – {}", when(f.from.0, g, loc), when(f.to.0, g, loc))
    };
    let mut s = format!(
        "{}: {} ({}), {}",
        tr(loc, "alert"),
        f.text,
        span,
        crate::i18n::value(f.value, unit)
    );
    if let Some(t) = &f.then {
        let _ = write!(s, "\n{}: {t}", tr(loc, "then"));
    }
    if let Some(b) = &f.plan_b {
        let _ = write!(s, "\n{}: {b}", tr(loc, "plan_b"));
    }
    s
}

/// The projection in words.
fn projection_words(pr: &crate::metrics::Projection, meta: &MetricMeta, loc: Locale) -> String {
    let unit = meta.unit.as_deref();
    let v = crate::i18n::value(pr.value, unit);
    let d = crate::i18n::date(loc, pr.date);
    let t = pr.target.map(|t| crate::i18n::value(t, unit));
    match (loc, t) {
        (Locale::En, Some(t)) => format!("Trend: {v} by {d} (target {t})"),
        (Locale::En, None) => format!("Trend: {v} by {d}"),
        (Locale::ZhCn, Some(t)) => format!("趋势外推：{d} 约 {v}（目标 {t}）"),
        (Locale::ZhCn, None) => format!("趋势外推：{d} 约 {v}"),
    }
}

fn empty(w: &mut Writer, opts: &TrendOptions, loc: Locale) {
    w.tag("text")
        .class(&["empty"])
        .num("x", opts.width / 2.0)
        .num("y", opts.height / 2.0)
        .attr("text-anchor", "middle")
        .text(tr(loc, "no_data"));
}

/// Bars per ISO week (per day for hourly metrics) of the last `max_bars` buckets, labelled with
/// their value; the unfinished bucket is drawn lighter and marked "so far".
pub fn week_bars(
    report: &MetricReport,
    meta: &MetricMeta,
    opts: &TrendOptions,
    max_bars: usize,
) -> String {
    let p = safe_id(&opts.id_prefix);
    let loc = opts.locale;
    let unit = meta.unit.as_deref();
    let hourly = meta.granularity == Granularity::Hour;
    let all: &[Bucket] = if hourly {
        &report.days
    } else if report.weeks.is_empty() {
        &report.months
    } else {
        &report.weeks
    };
    let buckets = &all[all.len().saturating_sub(max_bars.max(1))..];
    let mut w = Writer::with_capacity(4096);
    open_svg(&mut w, &p, "chart bars", opts.width, opts.height, &meta.title, loc);
    if buckets.is_empty() {
        empty(&mut w, opts, loc);
        return w.finish();
    }
    let hi = buckets.iter().map(|b| b.value).fold(f64::NEG_INFINITY, f64::max);
    let lo = buckets.iter().map(|b| b.value).fold(f64::INFINITY, f64::min);
    // One precision for every label: three significant digits of the largest.
    let top = hi.abs().max(lo.abs());
    let label_step = three_digits(top);
    // Bars start at zero, or they exaggerate differences.
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let (v0, v1) = (lo - (hi - lo) * 0.02 * f64::from(u8::from(lo < 0.0)), hi + (hi - lo) * 0.12);
    let f = Frame {
        left: 8.0,
        right: opts.width - 8.0,
        top: 8.0,
        bottom: opts.height - 34.0,
        t0: 0.0,
        t1: 1.0,
        v0,
        v1,
    };
    let slot = (f.right - f.left) / buckets.len() as f64;
    let bar_w = (slot * 0.62).min(64.0);
    let base_y = f.y(v0.max(0.0).min(v1));
    w.tag("line")
        .class(&["axis"])
        .num("x1", f.left)
        .num("x2", f.right)
        .num("y1", base_y)
        .num("y2", base_y)
        .empty();
    let what = |b: &Bucket| {
        let date = crate::i18n::date(loc, b.start);
        if hourly {
            date
        } else if report.weeks.is_empty() {
            b.start.format("%Y-%m").to_string()
        } else {
            format!("{} {date}", tr(loc, "week_of"))
        }
    };
    for (i, b) in buckets.iter().enumerate() {
        let cx = f.left + slot * (i as f64 + 0.5);
        let y = f.y(b.value);
        let (top, height) = if y < base_y { (y, base_y - y) } else { (base_y, y - base_y) };
        let value = compact(b.value, unit, label_step, top, loc);
        let mut tip = format!("{}: {}", what(b), crate::i18n::value(b.value, unit));
        if b.partial {
            let _ = write!(tip, " ({})", tr(loc, "partial"));
        }
        w.tag("g").class(&["bucket", if b.partial { "partial" } else { "" }]).open();
        w.tag("title").text(&tip);
        w.tag("rect")
            .class(&["bar", if b.partial { "partial" } else { "" }])
            .num("x", cx - bar_w / 2.0)
            .num("y", top)
            .num("width", bar_w)
            .num("height", height.max(0.5))
            .empty();
        let label_y = if b.value < 0.0 { top + height + 13.0 } else { top - 4.0 };
        w.tag("text")
            .class(&["bar-label"])
            .num("x", cx)
            .num("y", label_y)
            .attr("text-anchor", "middle")
            .text(&value);
        let tick = if hourly || !report.weeks.is_empty() {
            crate::i18n::short_date(loc, b.start)
        } else {
            tick_label(midnight(b.start), Step::Months(1), i == 0, loc)
        };
        w.tag("text")
            .num("x", cx)
            .num("y", f.bottom + 16.0)
            .attr("text-anchor", "middle")
            .text(&tick);
        if b.partial {
            w.tag("text")
                .class(&["muted"])
                .num("x", cx)
                .num("y", f.bottom + 29.0)
                .attr("text-anchor", "middle")
                .text(tr(loc, "partial"));
        }
        w.close();
    }
    w.finish()
}

/// A step that keeps three significant digits of `v`.
fn three_digits(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() { 1.0 } else { 10f64.powf(v.abs().log10().floor() - 2.0) }
}

/// Periods shown in a sparkline.
fn spark_periods(g: Granularity) -> i64 {
    match g {
        Granularity::Hour => 48,
        Granularity::Day => 28,
        Granularity::Week | Granularity::Month => 12,
    }
}

/// A KPI card sparkline: the recent periods, the target in force as a faint dashed line, and the
/// latest point coloured by the metric's health (class `on-track`, `at-risk`, `off-track`).
#[allow(clippy::many_single_char_names)] // x, y, f(rame), w(riter), p(refix): a chart's usual names
pub fn sparkline(report: &MetricReport, meta: &MetricMeta, opts: &TrendOptions) -> String {
    let p = safe_id(&opts.id_prefix);
    let g = meta.granularity;
    let (wd, ht) = (opts.width, opts.height);
    let mut w = Writer::with_capacity(2048);
    let title = chart_title(report, meta, opts.locale);
    w.tag("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("id", &p)
        .attr("class", &format!("sparkline {}", report.health.name()))
        .num("width", wd)
        .num("height", ht)
        .attr("viewBox", &format!("0 0 {} {}", num(wd), num(ht)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{p}-title"))
        .open();
    w.tag("title").attr("id", &format!("{p}-title")).text(&title);
    let Some(last) = report.series.last() else { return w.finish() };
    let from = last.index - spark_periods(g) + 1;
    let series: Vec<Period> = report.series.iter().filter(|s| s.index >= from).cloned().collect();
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in series.iter().filter_map(|s| s.value).chain(report.target) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return w.finish();
    }
    if hi - lo < 1e-12 {
        lo -= 1.0;
        hi += 1.0;
    }
    let t0 = hours(series[0].at.0);
    let f = Frame {
        left: 2.0,
        right: wd - 5.0,
        top: 4.0,
        bottom: ht - 4.0,
        t0,
        t1: hours(last.at.0).max(t0 + 1.0),
        v0: lo,
        v1: hi,
    };
    if let Some(t) = report.target {
        let y = f.y(t);
        w.tag("line")
            .class(&["target"])
            .num("x1", f.left)
            .num("x2", f.right)
            .num("y1", y)
            .num("y2", y)
            .attr("stroke", "#1d6b40")
            .attr("stroke-opacity", "0.6")
            .attr("stroke-width", "1")
            .attr("stroke-dasharray", "3 2")
            .empty();
    }
    let (path, singles) = series_path(&f, &series);
    w.tag("path")
        .class(&["actual"])
        .attr("d", path.as_str())
        .attr("fill", "none")
        .attr("stroke", "#0b5cad")
        .attr("stroke-width", "1.5")
        .attr("stroke-linejoin", "round")
        .attr("stroke-linecap", "round")
        .empty();
    for (x, y) in singles {
        w.tag("circle").num("cx", x).num("cy", y).num("r", 1.2).attr("fill", "#0b5cad").empty();
    }
    if let Some(l) = report.latest {
        let colour = match report.health {
            crate::metrics::Health::OnTrack => "#1d6b40",
            crate::metrics::Health::AtRisk => "#9a5b00",
            crate::metrics::Health::OffTrack => "#b42318",
            crate::metrics::Health::NoData => "#8b949e",
        };
        w.tag("circle")
            .class(&["latest"])
            .num("cx", f.xt(l.at.0))
            .num("cy", f.y(l.value))
            .num("r", 2.8)
            .attr("fill", colour)
            .empty();
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Health, evaluate};
    use std::collections::BTreeMap;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn example() -> (crate::model::Plan, BTreeMap<String, MetricReport>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-plan");
        let (plan, diags) = crate::load(&root, &[]).unwrap();
        assert!(!diags.has_errors(), "{}", diags.render());
        let plan = plan.unwrap();
        let reports = evaluate(&plan, d("2026-11-24"));
        (plan, reports)
    }

    /// Every chart of the example plan: (name, svg).
    fn all_charts(locale: Locale) -> Vec<(String, String)> {
        let (plan, reports) = example();
        let as_of = d("2026-11-24");
        let mut out = Vec::new();
        for (id, r) in &reports {
            let meta = &plan.metrics[id].meta;
            let mut opts = TrendOptions::line(&format!("{id}-line"), locale, as_of);
            opts.moving_average = locale == Locale::ZhCn;
            out.push((format!("{id}-line"), line_chart(r, meta, &opts)));
            out.push((
                format!("{id}-bars"),
                week_bars(r, meta, &TrendOptions::bars(&format!("{id}-bars"), locale, as_of), 12),
            ));
            out.push((
                format!("{id}-spark"),
                sparkline(r, meta, &TrendOptions::sparkline(&format!("{id}-spark"), locale, as_of)),
            ));
        }
        out
    }

    #[test]
    fn charts_parse_as_xml_with_prefixed_unique_ids() {
        for locale in [Locale::En, Locale::ZhCn] {
            for (name, svg) in all_charts(locale) {
                let doc = roxmltree::Document::parse(&svg)
                    .unwrap_or_else(|e| panic!("{name}: {e}\n{svg}"));
                let root = doc.root_element();
                assert_eq!(root.tag_name().name(), "svg", "{name}");
                let prefix = root.attribute("id").unwrap();
                let mut seen = std::collections::BTreeSet::new();
                for n in doc.descendants().filter_map(|n| n.attribute("id")) {
                    assert!(n.starts_with(prefix), "{name}: id {n} lacks prefix {prefix}");
                    assert!(seen.insert(n), "{name}: duplicate id {n}");
                }
                for n in doc.descendants() {
                    for a in ["clip-path", "aria-labelledby"] {
                        if let Some(v) = n.attribute(a) {
                            assert!(v.contains(prefix), "{name}: {a}={v}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn example_line_chart_shows_alert_notes_and_targets() {
        let (plan, reports) = example();
        let m = &plan.metrics["ad-roi"];
        let svg = line_chart(
            &reports["ad-roi"],
            &m.meta,
            &TrendOptions::line("roi", Locale::En, d("2026-11-24")),
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let class_count = |c: &str| {
            doc.descendants()
                .filter(|n| n.attribute("class").is_some_and(|v| v.split(' ').any(|x| x == c)))
                .count()
        };
        assert_eq!(class_count("alert"), 1);
        assert_eq!(class_count("note"), 2, "two annotations");
        assert_eq!(class_count("zone"), 2 + 1, "two below-rules and the legend swatch");
        assert_eq!(class_count("asof"), 1);
        let alert = doc.descendants().find(|n| n.attribute("class") == Some("alert")).unwrap();
        let title = alert.children().find(|n| n.has_tag_name("title")).unwrap().text().unwrap();
        assert!(title.contains("below 3.00× for 2 days in a row"), "{title}");
        assert!(title.contains("rebalance-ad-budget"), "{title}");
        assert!(title.contains("Nov 17, 2026 – Nov 18, 2026"), "{title}");
        assert_eq!(alert.children().filter(|n| n.attribute("class") == Some("mark")).count(), 2);
    }

    #[test]
    fn note_text_is_escaped() {
        let (mut plan, _) = example();
        let evil = "</title><script>alert(1)</script>&amp; \"q\" 'a' \u{0}]]>";
        let m = plan.metrics.get_mut("ad-roi").unwrap();
        m.meta.title = evil.to_string();
        m.meta.annotations[0].note = evil.to_string();
        m.meta.alerts[0].then = Some(evil.to_string());
        m.samples[3].note = Some(evil.to_string());
        let reports = evaluate(&plan, d("2026-11-24"));
        let r = &reports["ad-roi"];
        let meta = &plan.metrics["ad-roi"].meta;
        let opts = TrendOptions::line("x\"><script>", Locale::En, d("2026-11-24"));
        for svg in
            [line_chart(r, meta, &opts), week_bars(r, meta, &opts, 12), sparkline(r, meta, &opts)]
        {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains('\u{0}'));
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
            assert!(
                texts.contains("</title><script>alert(1)</script>&amp;"),
                "the note survives as text"
            );
        }
    }

    #[test]
    fn charts_are_deterministic() {
        assert_eq!(all_charts(Locale::En), all_charts(Locale::En));
    }

    #[test]
    fn gaps_break_the_line() {
        let (mut plan, _) = example();
        let m = plan.metrics.get_mut("ad-roi").unwrap();
        m.samples[10].value = None;
        m.samples.remove(20);
        m.samples[40].value = None;
        m.samples[42].value = None;
        let reports = evaluate(&plan, d("2026-11-24"));
        let svg = line_chart(
            &reports["ad-roi"],
            &plan.metrics["ad-roi"].meta,
            &TrendOptions::line("g", Locale::En, d("2026-11-24")),
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let actual = doc.descendants().find(|n| n.attribute("class") == Some("actual")).unwrap();
        let moves = actual.attribute("d").unwrap().matches('M').count();
        // Four segments around the gaps; the point between the two gaps stands alone as a dot.
        assert_eq!(moves, 4);
        assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("dot")).count(), 1);
    }

    #[test]
    fn empty_and_zh_charts() {
        let (mut plan, _) = example();
        plan.metrics.get_mut("aov").unwrap().samples.clear();
        let reports = evaluate(&plan, d("2026-11-24"));
        let meta = &plan.metrics["aov"].meta;
        let svg = line_chart(
            &reports["aov"],
            meta,
            &TrendOptions::line("e", Locale::ZhCn, d("2026-11-24")),
        );
        assert!(svg.contains("暂无数据"));
        assert_eq!(reports["aov"].health, Health::NoData);
        roxmltree::Document::parse(&sparkline(
            &reports["aov"],
            meta,
            &TrendOptions::sparkline("s", Locale::En, d("2026-11-24")),
        ))
        .unwrap();
        let svg = line_chart(
            &reports["ad-roi"],
            &plan.metrics["ad-roi"].meta,
            &TrendOptions::line("z", Locale::ZhCn, d("2026-11-24")),
        );
        assert!(svg.contains("截至 11月24日"), "as-of label");
        assert!(svg.contains("连续 2 天低于 3.00×"), "zone label");
    }

    #[test]
    fn axis_numbers() {
        let table = [
            ((0.0, 330_000.0, 5), (0.0, 400_000.0, 100_000.0)),
            ((0.0, 330_000.0, 8), (0.0, 350_000.0, 50_000.0)),
            ((2.68, 4.47, 5), (2.5, 4.5, 0.5)),
            ((43.2, 54.6, 4), (40.0, 55.0, 5.0)),
            ((5.0, 5.0, 4), (4.5, 5.5, 0.25)),
        ];
        for ((lo, hi, n), want) in table {
            assert_eq!(nice_range(lo, hi, n), want, "{lo}..{hi}");
        }
        let table = [
            (150_000.0, Some("USD"), 50_000.0, Locale::En, "$150k"),
            (1_250_000.0, Some("USD"), 250_000.0, Locale::En, "$1.25M"),
            (40_000.0, Some("count"), 10_000.0, Locale::ZhCn, "4万"),
            (3.5, Some("ratio"), 0.5, Locale::En, "3.5×"),
            (2.25, Some("ratio"), 0.25, Locale::En, "2.25×"),
            (45.0, Some("%"), 5.0, Locale::En, "45%"),
            (0.0, Some("%"), 5.0, Locale::En, "0%"),
            (-2.0, None, 1.0, Locale::En, "-2"),
        ];
        for (v, unit, step, loc, want) in table {
            assert_eq!(compact(v, unit, step, v, loc), want, "{v}");
        }
        // One magnitude per axis.
        assert_eq!(compact(5000.0, Some("USD"), 5000.0, 25_000.0, Locale::ZhCn), "$0.5万");
    }

    /// Whatever the range, the value axis is finite, ascending and has a bounded number of
    /// steps (a range of -1.2e308..0 once asked for 2^63 labels).
    #[test]
    fn axis_ranges_are_bounded_for_any_input() {
        let big = [0.0, 1e-300, 1.0, 1e15, 1e300, f64::MAX, f64::INFINITY, f64::NAN];
        let mut ends: Vec<f64> = big.iter().flat_map(|v| [*v, -*v]).collect();
        ends.extend([1e15 + 0.125, 1e15 + 0.25, -7.0, -3.0, 5.0, f64::MIN_POSITIVE, 1e-9]);
        for &lo in &ends {
            for &hi in &ends {
                for n in [0, 1, 2, 5, 8, 1000, usize::MAX] {
                    let (v0, v1, step) = nice_range(lo, hi, n);
                    let steps = (v1 - v0) / step;
                    assert!(
                        v0.is_finite() && v1.is_finite() && step > 0.0 && v0 < v1,
                        "{lo}..{hi} /{n}: {v0}..{v1} by {step}"
                    );
                    assert!(
                        steps.is_finite() && steps <= MAX_AXIS_STEPS as f64,
                        "{lo}..{hi} /{n}: {steps} steps"
                    );
                }
            }
        }
    }

    /// A line chart of values no plan may hold any longer (numbers are capped at 10^15 when
    /// read) still renders quickly, with a short y axis.
    #[test]
    fn line_charts_of_extreme_values_stay_small() {
        let (mut plan, _) = example();
        let as_of = d("2026-11-24");
        let sets: &[&[f64]] = &[
            &[-1.176_225_000_362_395_7e308, 0.0],
            &[f64::MAX, f64::MIN],
            &[1e308, 1e308],
            &[0.0, 1e15, 1e-9, 3e-9],
            &[1e15, 1e15 + 0.125, 1e15 + 0.25],
            &[-3.0, -7.0, -5.0],
            &[5.0, 5.0, 5.0],
            &[f64::INFINITY, f64::NAN, 1.0],
        ];
        for values in sets {
            let m = plan.metrics.get_mut("ad-roi").unwrap();
            for (i, s) in m.samples.iter_mut().enumerate() {
                s.value = Some(values[i % values.len()]);
            }
            let reports = evaluate(&plan, as_of);
            let svg = line_chart(
                &reports["ad-roi"],
                &plan.metrics["ad-roi"].meta,
                &TrendOptions::line("x", Locale::En, as_of),
            );
            let doc =
                roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{values:?}: {e}"));
            let axis = doc
                .descendants()
                .find(|n| n.attribute("class") == Some("y-axis"))
                .unwrap_or_else(|| panic!("{values:?}: no y axis"));
            let labels = axis.children().filter(|n| n.has_tag_name("text")).count();
            assert!((2..=MAX_AXIS_STEPS + 1).contains(&labels), "{values:?}: {labels} labels");
            assert!(svg.len() < 200_000, "{values:?}: {} bytes", svg.len());
        }
    }

    #[test]
    fn time_ticks_pick_a_calendar_step() {
        let t = |s: &str| hours(crate::values::parse_stamp(s).unwrap());
        let (ticks, step) = time_ticks(t("2026-09-13T12:00"), t("2026-12-04T12:00"), 9);
        assert_eq!(step, Step::Weeks(2));
        assert!(ticks.iter().all(|t| t.weekday() == chrono::Weekday::Mon));
        let (ticks, step) = time_ticks(t("2026-11-19T23:30"), t("2026-11-24T00:30"), 9);
        assert_eq!(step, Step::Hours(12));
        assert_eq!(tick_label(ticks[0], step, true, Locale::En), "Nov 20");
        assert_eq!(tick_label(ticks[1], step, false, Locale::En), "12:00");
        let (_, step) = time_ticks(t("2024-01-01"), t("2026-12-31"), 9);
        assert_eq!(step, Step::Months(6));
    }

    /// Writes every example chart and an HTML page around them to `$JINDU_CHARTS` to look at.
    #[test]
    fn write_example_charts() {
        let Some(dir) = std::env::var_os("JINDU_CHARTS") else { return };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut html = String::from(
            "<!doctype html><meta charset=utf-8><style>body{font:14px system-ui;margin:16px;background:#f6f8fa} .c{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:8px;margin:0 0 12px;display:inline-block;vertical-align:top} svg{display:block;max-width:100%;height:auto} h3{margin:4px 0}</style>",
        );
        for locale in [Locale::En, Locale::ZhCn] {
            for (name, svg) in all_charts(locale) {
                let file = format!("{name}-{}.svg", crate::i18n::lang(locale));
                std::fs::write(dir.join(&file), &svg).unwrap();
                let _ = writeln!(html, "<div class=c id=\"{file}\"><h3>{file}</h3>{svg}</div>");
            }
        }
        std::fs::write(dir.join("charts.html"), html).unwrap();
    }

    #[test]
    fn long_series_are_thinned_and_keep_their_gaps() {
        let (mut plan, _) = example();
        let m = plan.metrics.get_mut("gmv-hourly").unwrap();
        let start = m.samples[0].at.0;
        m.samples = (0..20_000)
            .map(|i| crate::model::Sample {
                at: crate::values::Stamp(start + TimeDelta::hours(i)),
                value: (i != 10_000).then_some((i % 24) as f64 * 1000.0),
                note: None,
            })
            .collect();
        let as_of = d("2029-01-01");
        let reports = evaluate(&plan, as_of);
        let svg = line_chart(
            &reports["gmv-hourly"],
            &plan.metrics["gmv-hourly"].meta,
            &TrendOptions::line("t", Locale::En, as_of),
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let actual = doc.descendants().find(|n| n.attribute("class") == Some("actual")).unwrap();
        let path = actual.attribute("d").unwrap();
        assert_eq!(path.matches('M').count(), 2, "the gap splits the line");
        let points = path.matches(['M', 'L']).count();
        assert!(points < 4 * 2 * 760, "{points} points");
        // The daily swing survives thinning: the path reaches both extremes.
        let ys: Vec<f64> =
            path.split(['M', 'L']).filter_map(|p| p.split(' ').nth(1)?.parse().ok()).collect();
        let (lo, hi) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(*y), b.max(*y)));
        assert!(hi - lo > 150.0, "{lo}..{hi}");
    }
}
