//! Drawing the Gantt chart: header, shading, rows, bars, arrows, status line and legend.

use super::style::{css, tr};
use super::{GanttOptions, GanttView, Row, RowKind, look_ahead, row_label};
use crate::meta::{Kind, Locale, Status};
use crate::model::{DepKind, Plan, Task, route};
use crate::rollup::Analysis;
use crate::schedule::{Schedule, TaskTimes};
use crate::svg::axis::{self, Axis, Scale, Unit};
use crate::svg::{PathData, Writer, display_width, num, truncate};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Height of the strip above the header that carries the status-date flag.
const FLAG_H: f64 = 20.0;
/// Height of each header row.
const HEADER_ROW: f64 = 20.0;
/// Top of the first row.
const BODY_Y: f64 = FLAG_H + 2.0 * HEADER_ROW;
/// Height of a row.
const ROW_H: f64 = 26.0;
/// Bar top and height within a row.
const BAR_Y: f64 = 6.0;
const BAR_H: f64 = 12.0;
/// Baseline ghost bar top and height within a row.
const BASE_Y: f64 = 20.0;
const BASE_H: f64 = 3.0;
/// Half the width of a milestone diamond.
const DIAMOND: f64 = 7.0;
/// Pixels per display column at 12 px (generous, so text measured never overflows).
const COL_PX: f64 = 7.2;
/// Indent per goal level in the label column.
const INDENT: f64 = 12.0;
/// Room right of the timeline for owner labels.
const RIGHT_PAD: f64 = 150.0;
/// Horizontal stub of a dependency arrow before it turns.
const STUB: f64 = 8.0;
/// Height of the legend below the rows.
const LEGEND_H: f64 = 44.0;

/// Where a task was drawn, for arrows.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    x_start: f64,
    x_end: f64,
    y: f64,
    /// Half the height of the bar or diamond.
    half: f64,
    critical: bool,
}

pub(super) struct Chart<'a> {
    a: &'a Analysis,
    s: &'a Schedule,
    view: &'a GanttView,
    opts: &'a GanttOptions,
    p: String,
    rows: Vec<Row<'a>>,
    axis: Axis,
    label_w: f64,
    width: f64,
    body_h: f64,
    /// Tasks whose right end anchors an arrow: their side label keeps clear of it.
    busy_end: BTreeSet<&'a str>,
    w: Writer,
}

impl<'a> Chart<'a> {
    pub(super) fn new(
        a: &'a Analysis,
        s: &'a Schedule,
        view: &'a GanttView,
        opts: &'a GanttOptions,
        p: String,
        rows: Vec<Row<'a>>,
    ) -> Self {
        let label_w = rows
            .iter()
            .map(|r| INDENT * r.depth as f64 + display_width(&row_label(a, r, opts.locale)) as f64 * COL_PX)
            .fold(0.0, f64::max)
            .clamp(160.0, 300.0)
            + 24.0;
        let (lo, hi) = match view {
            GanttView::LookAhead(weeks) => look_ahead(a.as_of, *weeks),
            _ => span(a, s, &rows),
        };
        let axis = Axis::new(lo, hi, label_w);
        let width = (axis.x1() + RIGHT_PAD).ceil();
        let body_h = rows.len() as f64 * ROW_H;
        let shown: BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| match r.kind {
                RowKind::Task(t, _) => Some(t.id.as_str()),
                _ => None,
            })
            .collect();
        let mut busy_end = BTreeSet::new();
        for r in &rows {
            let RowKind::Task(t, _) = r.kind else { continue };
            for d in t.depends.iter().filter(|d| shown.contains(d.task.as_str())) {
                if matches!(d.kind, DepKind::Fs | DepKind::Ff) {
                    busy_end.insert(d.task.as_str());
                }
                if matches!(d.kind, DepKind::Ff | DepKind::Sf) {
                    busy_end.insert(t.id.as_str());
                }
            }
        }
        let w = Writer::with_capacity(2048 + rows.len() * 900);
        Chart { a, s, view, opts, p, rows, axis, label_w, width, body_h, busy_end, w }
    }

    pub(super) fn draw(mut self) -> String {
        let height = BODY_Y + self.body_h + LEGEND_H;
        let p = self.p.clone();
        let (title, desc) = self.title_and_desc();
        self.w
            .tag("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("id", &p)
            .attr("class", "gantt")
            .num("width", self.width)
            .num("height", height)
            .attr("viewBox", &format!("0 0 {} {}", num(self.width), num(height)))
            .attr("role", "img")
            .attr("aria-labelledby", &format!("{p}-title {p}-desc"))
            .attr("lang", lang(self.opts.locale))
            .open();
        self.w.tag("title").attr("id", &format!("{p}-title")).text(&title);
        self.w.tag("desc").attr("id", &format!("{p}-desc")).text(&desc);
        self.w.newline();
        self.defs();
        self.w.tag("rect").class(&["bg"]).num("width", self.width).num("height", height).empty();
        self.background();
        self.header();
        let placed = self.place();
        self.w.tag("g").class(&["deps"]).attr("clip-path", &format!("url(#{p}-clip-time)")).open();
        self.arrows(&placed);
        self.w.close();
        self.w.newline();
        self.w.tag("g").class(&["rows"]).open();
        for i in 0..self.rows.len() {
            self.row(i);
        }
        self.w.close();
        self.w.newline();
        self.status_line();
        self.legend(BODY_Y + self.body_h);
        self.w.finish()
    }

    fn x1(&self) -> f64 {
        self.axis.x1()
    }

    fn row_y(&self, i: usize) -> f64 {
        BODY_Y + i as f64 * ROW_H
    }

    fn title_and_desc(&self) -> (String, String) {
        let loc = self.opts.locale;
        let plan = &self.a.plan;
        let base = format!("{} — {}", plan.plan.meta.title, tr(loc, "gantt"));
        let title = match self.view {
            GanttView::Plan => base,
            GanttView::Goal(g) => format!("{base}: {}", plan.title_of(g).unwrap_or(g)),
            GanttView::Critical => format!("{base}: {}", tr(loc, "critical_path")),
            GanttView::LookAhead(n) => format!("{base}: {}", tr(loc, "next_weeks").replace("{n}", &n.to_string())),
        };
        let (mut tasks, mut milestones, mut critical, mut late) = (0, 0, 0, 0);
        for r in &self.rows {
            if let RowKind::Task(t, tt) = r.kind {
                if t.kind == Kind::Milestone {
                    milestones += 1;
                } else {
                    tasks += 1;
                }
                critical += usize::from(tt.critical);
                late += usize::from(tt.late);
            }
        }
        let desc = tr(loc, "desc")
            .replace("{tasks}", &tasks.to_string())
            .replace("{milestones}", &milestones.to_string())
            .replace("{from}", &axis::long_date(loc, self.axis.d0))
            .replace("{to}", &axis::long_date(loc, self.axis.d1))
            .replace("{as_of}", &axis::long_date(loc, self.a.as_of))
            .replace("{critical}", &critical.to_string())
            .replace("{late}", &late.to_string());
        (title, desc)
    }

    fn defs(&mut self) {
        let p = self.p.clone();
        let w = &mut self.w;
        w.tag("defs").open();
        w.tag("style").text(&css(&p));
        w.newline();
        // Hatches: flex (light on dark bars, dark on light bars), blocked and slipped work.
        for (id, stroke, width, angle, bg) in [
            ("flex-light", "#ffffff", 1.4, 45, None),
            ("flex-dark", "#5a7896", 1.1, 45, None),
            ("blocked", "#c92a2a", 1.2, -45, Some("#fff5f5")),
            ("slip", "#c92a2a", 1.6, 45, Some("#ffe3e3")),
        ] {
            w.tag("pattern")
                .attr("id", &format!("{p}-{id}"))
                .attr("patternUnits", "userSpaceOnUse")
                .num("width", 5.0)
                .num("height", 5.0)
                .attr("patternTransform", &format!("rotate({angle})"))
                .open();
            if let Some(bg) = bg {
                w.tag("rect").num("width", 5.0).num("height", 5.0).attr("fill", bg).empty();
            }
            w.tag("line").num("x1", 0.0).num("y1", 0.0).num("x2", 0.0).num("y2", 5.0).attr("stroke", stroke).num("stroke-width", width).empty();
            w.close();
        }
        for (id, fill) in [("arrow", "#8a96a6"), ("arrow-critical", "#c92a2a")] {
            w.tag("marker")
                .attr("id", &format!("{p}-{id}"))
                .attr("viewBox", "0 0 8 8")
                .num("refX", 7.0)
                .num("refY", 4.0)
                .num("markerWidth", 7.0)
                .num("markerHeight", 7.0)
                .attr("markerUnits", "userSpaceOnUse")
                .attr("orient", "auto")
                .open();
            w.tag("path").attr("d", "M0 0.5L8 4L0 7.5Z").attr("fill", fill).empty();
            w.close();
        }
        // The timeline (bars, arrows) and the label column clip what would spill over.
        w.tag("clipPath").attr("id", &format!("{p}-clip-time")).open();
        w.tag("rect").num("x", self.axis.x0).num("y", 0.0).num("width", self.axis.x1() - self.axis.x0).num("height", BODY_Y + self.body_h).empty();
        w.close();
        w.tag("clipPath").attr("id", &format!("{p}-clip-label")).open();
        w.tag("rect").num("x", 0.0).num("y", 0.0).num("width", self.label_w - 8.0).num("height", BODY_Y + self.body_h).empty();
        w.close();
        w.close();
        w.newline();
    }

    /// Goal bands, non-working days and grid lines.
    fn background(&mut self) {
        let (x0, x1) = (self.axis.x0, self.x1());
        let bottom = BODY_Y + self.body_h;
        self.w.tag("g").class(&["grid-bg"]).open();
        for i in 0..self.rows.len() {
            if matches!(self.rows[i].kind, RowKind::Goal(_) | RowKind::Other) {
                let y = self.row_y(i);
                self.w.tag("rect").class(&["band"]).num("x", 0.0).num("y", y).num("width", x1).num("height", ROW_H).empty();
            }
        }
        if matches!(self.axis.scale, Scale::Day | Scale::Week) {
            let weekend = weekend_days(&self.a.plan);
            let cal = &self.s.calendar;
            let mut run: Option<(NaiveDate, NaiveDate, &'static str)> = None;
            let mut runs = Vec::new();
            let mut d = self.axis.d0;
            while d <= self.axis.d1 {
                let class = if cal.is_workday(d) {
                    None
                } else if weekend[d.weekday().num_days_from_monday() as usize] {
                    Some("weekend")
                } else {
                    Some("holiday")
                };
                run = match (run, class) {
                    (Some((a, _, c)), Some(k)) if c == k => Some((a, d, c)),
                    (prev, next) => {
                        runs.extend(prev);
                        next.map(|k| (d, d, k))
                    }
                };
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
            runs.extend(run);
            let top = FLAG_H + HEADER_ROW;
            for (a, b, class) in runs {
                let (xa, xb) = (self.axis.x(a), self.axis.x_end(b));
                self.w.tag("rect").class(&[class]).num("x", xa).num("y", top).num("width", xb - xa).num("height", bottom - top).empty();
            }
        }
        let (upper, lower) = self.axis.units();
        for (d, _) in self.axis.cells(lower) {
            let x = self.axis.x(d);
            if x > x0 + 0.5 && x < x1 - 0.5 {
                let path = PathData::default().move_to(x, FLAG_H + HEADER_ROW).v(bottom);
                self.w.tag("path").class(&["grid"]).attr("d", path.as_str()).empty();
            }
        }
        for (d, _) in self.axis.cells(upper) {
            let x = self.axis.x(d);
            if x > x0 + 0.5 && x < x1 - 0.5 {
                let path = PathData::default().move_to(x, FLAG_H).v(bottom);
                self.w.tag("path").class(&["grid-major"]).attr("d", path.as_str()).empty();
            }
        }
        for (x, ya, yb) in [(x0, FLAG_H, bottom), (x1, FLAG_H, bottom)] {
            let path = PathData::default().move_to(x, ya).v(yb);
            self.w.tag("path").class(&["grid-major"]).attr("d", path.as_str()).empty();
        }
        for y in [FLAG_H, FLAG_H + HEADER_ROW, BODY_Y] {
            let path = PathData::default().move_to(if y == BODY_Y { 0.0 } else { x0 }, y).h(x1);
            self.w.tag("path").class(&["grid-major"]).attr("d", path.as_str()).empty();
        }
        self.w.close();
        self.w.newline();
    }

    /// The two header rows.
    fn header(&mut self) {
        let loc = self.opts.locale;
        let (upper, lower) = self.axis.units();
        let (x0, x1) = (self.axis.x0, self.x1());
        let weekend = weekend_days(&self.a.plan);
        self.w.tag("g").class(&["axis"]).open();
        let caption = match self.view {
            GanttView::Plan | GanttView::Goal(_) => tr(loc, "caption_plan").to_string(),
            GanttView::Critical => tr(loc, "caption_critical").to_string(),
            GanttView::LookAhead(n) => tr(loc, "caption_ahead").replace("{n}", &n.to_string()),
        };
        let cols = ((self.label_w - 16.0) / COL_PX) as usize;
        self.w.tag("text").class(&["caption"]).num("x", 8.0).num("y", FLAG_H + HEADER_ROW + 14.0).text(&truncate(&caption, cols).0);
        for (unit, y, class) in [(upper, FLAG_H, "hdr-top"), (lower, FLAG_H + HEADER_ROW, "hdr-bottom")] {
            for (start, next) in self.axis.cells(unit) {
                let xa = self.axis.x(start).max(x0);
                let xb = self.axis.x(next).min(x1);
                let room = ((xb - xa - 6.0) / COL_PX).max(0.0) as usize;
                let labels = axis::cell_labels(loc, unit, start);
                let Some(label) = labels.iter().find(|l| display_width(l) <= room) else { continue };
                let centred = matches!(unit, Unit::Day | Unit::Week);
                let off = if unit == Unit::Day && !self.s.calendar.is_workday(start) {
                    if weekend[start.weekday().num_days_from_monday() as usize] { "weekend" } else { "holiday" }
                } else {
                    ""
                };
                let t = self
                    .w
                    .tag("text")
                    .class(&[class, off])
                    .num("x", if centred { (xa + xb) / 2.0 } else { xa + 5.0 })
                    .num("y", y + 14.0);
                let t = if centred { t.attr("text-anchor", "middle") } else { t };
                t.text(label);
            }
        }
        self.w.close();
        self.w.newline();
    }

    /// Geometry of every task row, for arrows.
    fn place(&self) -> BTreeMap<&'a str, Placed> {
        let mut out = BTreeMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            if let RowKind::Task(t, tt) = r.kind {
                let y = self.row_y(i) + BAR_Y + BAR_H / 2.0;
                let (x_start, x_end, half) = if t.kind == Kind::Milestone {
                    let c = self.axis.x(tt.start) + self.axis.ppd / 2.0;
                    (c - DIAMOND, c + DIAMOND, DIAMOND)
                } else {
                    let xa = self.axis.x(tt.start);
                    (xa, self.axis.x_end(tt.end).max(xa + 2.0), BAR_H / 2.0)
                };
                out.insert(t.id.as_str(), Placed { x_start, x_end, y, half, critical: tt.critical });
            }
        }
        out
    }

    fn arrows(&mut self, placed: &BTreeMap<&'a str, Placed>) {
        let p = self.p.clone();
        for r in &self.rows {
            let RowKind::Task(t, _) = r.kind else { continue };
            let Some(to) = placed.get(t.id.as_str()) else { continue };
            for d in &t.depends {
                let Some(from) = placed.get(d.task.as_str()) else { continue };
                let path = route_arrow(from, to, d.kind);
                let critical = from.critical && to.critical;
                let marker = if critical { "arrow-critical" } else { "arrow" };
                self.w
                    .tag("path")
                    .class(&["dep", if critical { "critical" } else { "" }])
                    .data("data-from", &d.task)
                    .data("data-to", &t.id)
                    .data("data-type", dep_name(d.kind))
                    .attr("d", path.as_str())
                    .attr("marker-end", &format!("url(#{p}-{marker})"))
                    .empty();
            }
        }
    }

    fn row(&mut self, i: usize) {
        let y = self.row_y(i);
        let depth = self.rows[i].depth;
        let label_x = 8.0 + INDENT * depth as f64;
        let cols = ((self.label_w - 16.0 - label_x) / COL_PX).max(1.0) as usize;
        let full = row_label(self.a, &self.rows[i], self.opts.locale);
        let (label, _) = truncate(&full, cols);
        match self.rows[i].kind {
            RowKind::Goal(g) => self.goal_row(g, y, label_x, &label),
            RowKind::Other => {
                self.w.tag("g").class(&["goal", "other"]).open();
                self.label(label_x, y, &label);
                self.w.close();
            }
            RowKind::Task(t, tt) => self.task_row(t, tt, y, label_x, &label),
            RowKind::Collapsed { goal, count, start, end } => {
                self.collapsed_row(goal, count, start, end, y, label_x, &label);
            }
        }
        self.w.newline();
    }

    fn label(&mut self, x: f64, y: f64, text: &str) {
        let clip = format!("url(#{}-clip-label)", self.p);
        self.w.tag("text").class(&["label"]).num("x", x).num("y", y + 17.0).attr("clip-path", &clip).text(text);
    }

    fn href(&self, kind: Kind, id: &str) -> String {
        format!("{}{}", self.opts.href_root, route(kind, id))
    }

    fn goal_row(&mut self, g: &str, y: f64, label_x: f64, label: &str) {
        let loc = self.opts.locale;
        let goal = &self.a.plan.goals[g];
        let progress = self.a.goal_progress.get(g).copied().flatten();
        let times = self.s.goals.get(g);
        let late = times.and_then(|t| t.meets_due) == Some(false);
        let href = self.href(Kind::Goal, g);
        self.w.tag("g").class(&["goal", if late { "late" } else { "" }]).data("data-id", g).open();
        self.w.tag("a").attr("href", &href).open();
        let mut tip = goal.meta.title.clone();
        if let Some(o) = goal.meta.owner.as_deref() {
            let _ = write!(tip, "\n{}: {}", tr(loc, "owner"), person_name(&self.a.plan, o));
        }
        if let Some(pct) = progress {
            let _ = write!(tip, "\n{}: {}%", tr(loc, "progress"), pct.round());
        }
        if let Some(t) = times {
            let _ = write!(tip, "\n{} – {}", axis::short_date(loc, t.start), axis::short_date(loc, t.end));
        }
        if let Some(due) = goal.meta.due {
            let _ = write!(tip, "\n{}: {}", tr(loc, "due"), axis::short_date(loc, due.0));
            if late {
                let _ = write!(tip, " · {}", tr(loc, "misses_due"));
            }
        }
        self.w.tag("title").text(&tip);
        self.label(label_x, y, label);
        if let Some(t) = times {
            let (xa, xb) = (self.axis.x(t.start), self.axis.x_end(t.end));
            let top = y + 7.0;
            let clip = format!("url(#{}-clip-time)", self.p);
            self.w.tag("g").attr("clip-path", &clip).open();
            self.w.tag("rect").class(&["summary"]).num("x", xa).num("y", top).num("width", xb - xa).num("height", 6.0).empty();
            if let Some(pct) = progress.filter(|p| *p > 0.0) {
                let w = (xb - xa) * pct.min(100.0) / 100.0;
                self.w.tag("rect").class(&["summary-done"]).num("x", xa).num("y", top).num("width", w).num("height", 6.0).empty();
            }
            // Brackets at both ends, as summary bars have in planning tools.
            let caps = PathData::default()
                .move_to(xa, top)
                .h(xa + 6.0)
                .v(top + 6.0)
                .line_to(xa, top + 11.0)
                .close()
                .move_to(xb, top)
                .h(xb - 6.0)
                .v(top + 6.0)
                .line_to(xb, top + 11.0)
                .close();
            self.w.tag("path").class(&["summary-cap"]).attr("d", caps.as_str()).empty();
            self.w.close();
            if let Some(pct) = progress {
                let text = format!("{}%", pct.round());
                self.side_label(xa, xb, y, &text, "summary-label", 8.0);
            }
        }
        self.w.close();
        self.w.close();
    }

    /// Text right of a bar (or left of it when the right side has no room).
    fn side_label(&mut self, xa: f64, xb: f64, y: f64, text: &str, class: &'static str, gap: f64) {
        let w = display_width(text) as f64 * COL_PX * 0.92;
        let xb = xb.min(self.x1());
        let right = xb + gap;
        if right + w <= self.width - 4.0 {
            self.w.tag("text").class(&[class]).num("x", right).num("y", y + 16.0).text(text);
        } else if xa.max(self.axis.x0) - 6.0 - w >= self.axis.x0 {
            self.w.tag("text").class(&[class]).num("x", xa - 6.0).num("y", y + 16.0).attr("text-anchor", "end").text(text);
        } else {
            let cols = ((self.width - 4.0 - right) / COL_PX).max(1.0) as usize;
            self.w.tag("text").class(&[class]).num("x", right).num("y", y + 16.0).text(&truncate(text, cols).0);
        }
    }

    fn task_row(&mut self, t: &Task, tt: &TaskTimes, y: f64, label_x: f64, label: &str) {
        let loc = self.opts.locale;
        let status = t.meta.status;
        let milestone = t.kind == Kind::Milestone;
        let status_class = format!("status-{}", status.name());
        let classes = [
            "task",
            status_class.as_str(),
            if status == Status::Done { "done" } else { "" },
            if tt.critical { "critical" } else { "" },
            if t.meta.flex { "flex" } else { "" },
            if milestone { "milestone" } else { "" },
            if tt.late { "late" } else { "" },
        ];
        let href = self.href(t.kind, &t.id);
        self.w.tag("g").class(&classes).data("data-id", &t.id).open();
        self.w.tag("a").attr("href", &href).open();
        let tip = self.tooltip(t, tt);
        self.w.tag("title").text(&tip);
        self.label(label_x, y, label);
        let clip = format!("url(#{}-clip-time)", self.p);
        self.w.tag("g").attr("clip-path", &clip).open();
        // Baseline ghost beneath the bar.
        if let Some(b) = t.meta.baseline.as_ref() {
            if let Some(end) = b.end {
                let start = b.start.map_or(tt.start, |s| s.0);
                if milestone {
                    let c = self.axis.x(end.0) + self.axis.ppd / 2.0;
                    self.w.tag("rect").class(&["baseline"]).num("x", c - 3.0).num("y", y + BASE_Y - 1.0).num("width", 6.0).num("height", BASE_H + 1.0).empty();
                } else {
                    let (xa, xb) = (self.axis.x(start), self.axis.x_end(end.0.max(start)));
                    self.w.tag("rect").class(&["baseline"]).num("x", xa).num("y", y + BASE_Y).num("width", xb - xa).num("height", BASE_H).empty();
                }
            }
        }
        let (xa, xb);
        if milestone {
            let c = self.axis.x(tt.start) + self.axis.ppd / 2.0;
            let cy = y + BAR_Y + BAR_H / 2.0;
            let d = PathData::default()
                .move_to(c, cy - DIAMOND)
                .line_to(c + DIAMOND, cy)
                .line_to(c, cy + DIAMOND)
                .line_to(c - DIAMOND, cy)
                .close();
            self.w.tag("path").class(&["ms"]).attr("d", d.as_str()).empty();
            (xa, xb) = (c - DIAMOND, c + DIAMOND);
        } else {
            xa = self.axis.x(tt.start);
            xb = self.axis.x_end(tt.end).max(xa + 2.0);
            let (top, w) = (y + BAR_Y, xb - xa);
            self.w.tag("rect").class(&["bar"]).num("x", xa).num("y", top).num("width", w).num("height", BAR_H).num("rx", 2.0).empty();
            if status == Status::Doing {
                let pct = t.meta.progress.unwrap_or(0.0).clamp(0.0, 100.0);
                if pct > 0.0 {
                    self.w.tag("rect").class(&["progress"]).num("x", xa).num("y", top).num("width", w * pct / 100.0).num("height", BAR_H).num("rx", 2.0).empty();
                }
            }
            if t.meta.flex {
                let light = matches!(status, Status::Done | Status::Doing);
                let fill = format!("url(#{}-flex-{})", self.p, if light { "light" } else { "dark" });
                self.w.tag("rect").class(&["hatch"]).num("x", xa).num("y", top).num("width", w).num("height", BAR_H).attr("fill", &fill).empty();
            }
            if let Some(planned) = planned_end(t, tt).filter(|_| tt.late) {
                let xs = self.axis.x_end(planned).clamp(xa, xb);
                if xb - xs > 0.5 {
                    let fill = format!("url(#{}-slip)", self.p);
                    self.w.tag("rect").class(&["slip"]).num("x", xs).num("y", top).num("width", xb - xs).num("height", BAR_H).attr("fill", &fill).empty();
                }
            }
            // Outline on top, so hatches and progress never hide the status stroke.
            self.w.tag("rect").class(&["outline"]).num("x", xa).num("y", top).num("width", w).num("height", BAR_H).num("rx", 2.0).empty();
        }
        self.w.close();
        let mut side = t.responsible.as_deref().map(|o| person_name(&self.a.plan, o)).unwrap_or_default();
        if milestone {
            let date = axis::short_date(loc, tt.start);
            side = if side.is_empty() { date } else { format!("{date} · {side}") };
        } else if status == Status::Doing {
            let pct = t.meta.progress.unwrap_or(0.0).round();
            side = if side.is_empty() { format!("{pct}%") } else { format!("{side} · {pct}%") };
        }
        if !side.is_empty() {
            let gap = if self.busy_end.contains(t.id.as_str()) { STUB + 5.0 } else { 5.0 };
            self.side_label(xa, xb, y, &side, "owner", gap);
        }
        self.w.close();
        self.w.close();
    }

    #[allow(clippy::too_many_arguments)]
    fn collapsed_row(&mut self, goal: &str, count: usize, start: NaiveDate, end: NaiveDate, y: f64, label_x: f64, label: &str) {
        let href = self.href(Kind::Goal, goal);
        self.w.tag("g").class(&["collapsed", "done", "status-done"]).data("data-goal", goal).data("data-count", &count.to_string()).open();
        self.w.tag("a").attr("href", &href).open();
        let loc = self.opts.locale;
        let tip = format!("{label}\n{} – {}", axis::short_date(loc, start), axis::short_date(loc, end));
        self.w.tag("title").text(&tip);
        self.label(label_x, y, label);
        let (xa, xb) = (self.axis.x(start), self.axis.x_end(end));
        let clip = format!("url(#{}-clip-time)", self.p);
        self.w.tag("g").attr("clip-path", &clip).open();
        self.w.tag("rect").class(&["bar"]).num("x", xa).num("y", y + BAR_Y + 2.0).num("width", xb - xa).num("height", BAR_H - 4.0).num("rx", 2.0).empty();
        self.w.close();
        self.w.close();
        self.w.close();
    }

    fn tooltip(&self, t: &Task, tt: &TaskTimes) -> String {
        let loc = self.opts.locale;
        let plan = &self.a.plan;
        let mut s = t.meta.title.clone();
        let _ = write!(s, "\n{}: {}", tr(loc, "status"), tr(loc, t.meta.status.name()));
        if t.meta.status == Status::Doing {
            let _ = write!(s, " · {}%", t.meta.progress.unwrap_or(0.0).round());
        }
        if let Some(o) = t.responsible.as_deref() {
            let _ = write!(s, "\n{}: {}", tr(loc, "owner"), person_name(plan, o));
        }
        if t.kind == Kind::Milestone {
            let _ = write!(s, "\n{}", axis::long_date(loc, tt.start));
        } else {
            let _ = write!(
                s,
                "\n{} – {} ({} {})",
                axis::short_date(loc, tt.start),
                axis::long_date(loc, tt.end),
                tt.duration,
                tr(loc, "workdays")
            );
        }
        let _ = write!(s, "\n{}: {} {}", tr(loc, "float"), tt.total_float, tr(loc, "workdays"));
        if tt.critical {
            let _ = write!(s, " · {}", tr(loc, "critical"));
        }
        if t.meta.flex {
            let _ = write!(s, " · {}", tr(loc, "flex"));
        }
        if let Some(b) = t.meta.baseline.as_ref() {
            if let (Some(bs), Some(be)) = (b.start, b.end) {
                let _ = write!(s, "\n{}: {} – {}", tr(loc, "baseline"), axis::short_date(loc, bs.0), axis::short_date(loc, be.0));
            }
        }
        if let Some(v) = tt.variance.filter(|v| *v != 0) {
            let _ = write!(s, "\n{}: {v:+} {}", tr(loc, "variance"), tr(loc, "workdays"));
        }
        if let Some(due) = t.meta.due {
            let _ = write!(s, "\n{}: {}", tr(loc, "due"), axis::short_date(loc, due.0));
            if let Some(slip) = tt.due_slip.filter(|s| *s > 0) {
                let _ = write!(s, " · {}", tr(loc, "late_by").replace("{n}", &slip.to_string()));
            }
        }
        if !t.depends.is_empty() {
            let names: Vec<String> = t
                .depends
                .iter()
                .map(|d| {
                    let title = plan.title_of(&d.task).unwrap_or(&d.task);
                    match (d.kind, d.lag) {
                        (DepKind::Fs, 0) => title.to_string(),
                        (k, 0) => format!("{title} ({})", dep_name(k).to_uppercase()),
                        (k, lag) => format!("{title} ({} {lag:+}d)", dep_name(k).to_uppercase()),
                    }
                })
                .collect();
            let _ = write!(s, "\n{}: {}", tr(loc, "after"), names.join(", "));
        }
        s
    }

    fn status_line(&mut self) {
        if !self.axis.contains(self.a.as_of) {
            return;
        }
        let loc = self.opts.locale;
        let x = self.axis.x(self.a.as_of);
        let bottom = BODY_Y + self.body_h;
        let text = format!("{} {}", tr(loc, "status_date"), axis::short_date(loc, self.a.as_of));
        let w = display_width(&text) as f64 * 6.4 + 12.0;
        let fx = (x - w / 2.0).clamp(self.axis.x0, self.width - w - 2.0);
        self.w.tag("g").class(&["status-date"]).data("data-date", &self.a.as_of.format("%Y-%m-%d").to_string()).open();
        self.w.tag("title").text(&format!("{}: {}", tr(loc, "status_date"), axis::long_date(loc, self.a.as_of)));
        let line = PathData::default().move_to(x, FLAG_H - 2.0).v(bottom);
        self.w.tag("path").class(&["status-line"]).attr("d", line.as_str()).empty();
        self.w.tag("rect").class(&["status-flag"]).num("x", fx).num("y", 2.0).num("width", w).num("height", FLAG_H - 4.0).num("rx", 3.0).empty();
        self.w.tag("text").class(&["status-text"]).num("x", fx + w / 2.0).num("y", 14.0).attr("text-anchor", "middle").text(&text);
        self.w.close();
        self.w.newline();
    }

    fn legend(&mut self, top: f64) {
        let loc = self.opts.locale;
        let p = self.p.clone();
        let y = top + 16.0;
        let mut x = 8.0;
        let mut line = 0.0;
        self.w.tag("g").class(&["legend"]).open();
        for key in ["done", "doing", "todo", "blocked", "late", "flex", "critical", "milestone", "baseline"] {
            let text = tr(loc, if key == "late" { "late_forecast" } else { key });
            let item_w = 22.0 + display_width(text) as f64 * 6.2 + 18.0;
            if x + item_w > self.width && x > 8.0 {
                x = 8.0;
                line += 18.0;
            }
            let yy = y + line;
            let classes: &[&str] = match key {
                "done" => &["task", "status-done", "done"],
                "doing" => &["task", "status-doing"],
                "todo" | "baseline" => &["task", "status-todo"],
                "blocked" => &["task", "status-blocked"],
                "late" => &["task", "status-doing", "late"],
                "flex" => &["task", "status-todo", "flex"],
                "critical" => &["task", "status-todo", "critical"],
                _ => &["task", "status-todo", "milestone"],
            };
            self.w.tag("g").class(classes).open();
            match key {
                "milestone" => {
                    let d = PathData::default()
                        .move_to(x + 9.0, yy - 6.0)
                        .line_to(x + 15.0, yy)
                        .line_to(x + 9.0, yy + 6.0)
                        .line_to(x + 3.0, yy)
                        .close();
                    self.w.tag("path").class(&["ms"]).attr("d", d.as_str()).empty();
                }
                "baseline" => {
                    self.w.tag("rect").class(&["baseline"]).num("x", x).num("y", yy - 1.5).num("width", 18.0).num("height", BASE_H).empty();
                }
                _ => {
                    self.w.tag("rect").class(&["bar"]).num("x", x).num("y", yy - 5.0).num("width", 18.0).num("height", 10.0).num("rx", 2.0).empty();
                    match key {
                        "doing" => {
                            self.w.tag("rect").class(&["progress"]).num("x", x).num("y", yy - 5.0).num("width", 8.0).num("height", 10.0).num("rx", 2.0).empty();
                        }
                        "flex" => {
                            let fill = format!("url(#{p}-flex-dark)");
                            self.w.tag("rect").class(&["hatch"]).num("x", x).num("y", yy - 5.0).num("width", 18.0).num("height", 10.0).attr("fill", &fill).empty();
                        }
                        "late" => {
                            let fill = format!("url(#{p}-slip)");
                            self.w.tag("rect").class(&["slip"]).num("x", x + 10.0).num("y", yy - 5.0).num("width", 8.0).num("height", 10.0).attr("fill", &fill).empty();
                        }
                        _ => {}
                    }
                    self.w.tag("rect").class(&["outline"]).num("x", x).num("y", yy - 5.0).num("width", 18.0).num("height", 10.0).num("rx", 2.0).empty();
                }
            }
            self.w.close();
            self.w.tag("text").class(&["legend-text"]).num("x", x + 24.0).num("y", yy + 4.0).text(text);
            x += item_w;
        }
        self.w.close();
    }
}

/// First and last day any shown row needs, with the status date when it is near.
fn span(a: &Analysis, s: &Schedule, rows: &[Row<'_>]) -> (NaiveDate, NaiveDate) {
    let mut lo = NaiveDate::MAX;
    let mut hi = NaiveDate::MIN;
    let mut take = |d: NaiveDate| {
        lo = lo.min(d);
        hi = hi.max(d);
    };
    for r in rows {
        match r.kind {
            RowKind::Task(t, tt) => {
                take(tt.start);
                take(tt.end);
                if let Some(b) = t.meta.baseline.as_ref() {
                    b.start.into_iter().chain(b.end).for_each(|d| take(d.0));
                }
            }
            RowKind::Collapsed { start, end, .. } => {
                take(start);
                take(end);
            }
            RowKind::Goal(g) => {
                if let Some(t) = s.goals.get(g) {
                    take(t.start);
                    take(t.end);
                }
            }
            RowKind::Other => {}
        }
    }
    if lo > hi {
        return (a.as_of, a.as_of);
    }
    // Show the status date when it is within a quarter of the span (plus a week) of the work.
    let margin = axis::days_between(lo, hi) / 4 + 7;
    if a.as_of >= axis::add_days(lo, -margin) && a.as_of <= axis::add_days(hi, margin) {
        lo = lo.min(a.as_of);
        hi = hi.max(a.as_of);
    }
    (lo, hi)
}

/// Orthogonal route of an arrow from `from` to `to` for a dependency of type `kind`.
///
/// The arrow leaves the predecessor's finish (FS, FF) or start (SS, SF) horizontally, away
/// from the bar, and enters the successor's start (FS, SS) from the left or its finish (FF, SF)
/// from the right. When one vertical leg fits between the two stubs it takes three segments.
/// Otherwise, when the stub ends above (or below) the successor's bar, it drops straight onto
/// the bar's edge, as for back-to-back tasks; failing that it runs along the row boundary next
/// to the predecessor (where no bar is) and takes five.
fn route_arrow(from: &Placed, to: &Placed, kind: DepKind) -> PathData {
    let (xo, out_dir) = match kind {
        DepKind::Fs | DepKind::Ff => (from.x_end, 1.0),
        DepKind::Ss | DepKind::Sf => (from.x_start, -1.0),
    };
    let (xi, in_dir) = match kind {
        DepKind::Fs | DepKind::Ss => (to.x_start, 1.0),
        DepKind::Ff | DepKind::Sf => (to.x_end, -1.0),
    };
    let (yo, yi) = (from.y, to.y);
    // Admissible x for the vertical leg: at least a stub away from both ends, on the right side.
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    if out_dir > 0.0 { lo = lo.max(xo + STUB) } else { hi = hi.min(xo - STUB) }
    if in_dir > 0.0 { hi = hi.min(xi - STUB) } else { lo = lo.max(xi + STUB) }
    let path = PathData::default().move_to(xo, yo);
    let stub = xo + out_dir * STUB;
    if lo <= hi {
        let xm = if out_dir > 0.0 { lo } else { hi };
        path.h(xm).v(yi).h(xi)
    } else if stub >= to.x_start + 2.0 && stub <= to.x_end - 2.0 && (yi - yo).abs() > to.half + 4.0 {
        let edge = if yi > yo { yi - to.half } else { yi + to.half };
        path.h(stub).v(edge)
    } else {
        let gap = if yi > yo { yo + ROW_H / 2.0 } else { yo - ROW_H / 2.0 };
        let gap = gap - (BAR_Y + BAR_H / 2.0 - ROW_H / 2.0);
        path.h(xo + out_dir * STUB).v(gap).h(xi - in_dir * STUB).v(yi).h(xi)
    }
}

/// The date the task was meant to finish by, when it is forecast to finish later.
fn planned_end(t: &Task, tt: &TaskTimes) -> Option<NaiveDate> {
    let due = t.meta.due.map(|d| d.0);
    let base = t.meta.baseline.as_ref().and_then(|b| b.end).map(|d| d.0);
    due.into_iter().chain(base).filter(|d| *d < tt.end).min()
}

/// The display name of someone written as `written`.
fn person_name(plan: &Plan, written: &str) -> String {
    crate::assemble::person_id(plan, written)
        .and_then(|id| plan.people.get(&id).map(|p| p.name.clone()))
        .unwrap_or_else(|| written.trim().to_string())
}

/// Which weekdays (Monday first) are off by the plan's calendar.
fn weekend_days(plan: &Plan) -> [bool; 7] {
    use crate::meta::Weekday as W;
    let mut off = [true; 7];
    for w in &plan.plan.meta.calendar.workdays {
        let i = match w {
            W::Mon => 0,
            W::Tue => 1,
            W::Wed => 2,
            W::Thu => 3,
            W::Fri => 4,
            W::Sat => 5,
            W::Sun => 6,
        };
        off[i] = false;
    }
    off
}

fn dep_name(k: DepKind) -> &'static str {
    match k {
        DepKind::Fs => "fs",
        DepKind::Ss => "ss",
        DepKind::Ff => "ff",
        DepKind::Sf => "sf",
    }
}

fn lang(loc: Locale) -> &'static str {
    match loc {
        Locale::En => "en",
        Locale::ZhCn => "zh-CN",
    }
}

/// A small chart that only says `text` (no schedule, or nothing to show).
pub(super) fn message(p: &str, loc: Locale, text: &str) -> String {
    let mut w = Writer::with_capacity(1024);
    let width = 40.0 + display_width(text) as f64 * COL_PX;
    w.tag("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("id", p)
        .attr("class", "gantt gantt-empty")
        .num("width", width)
        .num("height", 40.0)
        .attr("viewBox", &format!("0 0 {} 40", num(width)))
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{p}-title"))
        .attr("lang", lang(loc))
        .open();
    w.tag("title").attr("id", &format!("{p}-title")).text(text);
    w.tag("defs").open();
    w.tag("style").text(&css(p));
    w.close();
    w.tag("text").class(&["label"]).num("x", 20.0).num("y", 24.0).text(text);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_are_orthogonal_and_anchored_by_type() {
        let from = Placed { x_start: 100.0, x_end: 200.0, y: 72.0, half: 6.0, critical: false };
        let to = Placed { x_start: 260.0, x_end: 300.0, y: 124.0, half: 6.0, critical: false };
        let table = [
            (DepKind::Fs, "M200 72H208V124H260"),
            (DepKind::Ss, "M100 72H92V124H260"),
            (DepKind::Ff, "M200 72H308V124H300"),
            (DepKind::Sf, "M100 72H92V86H308V124H300"),
        ];
        for (kind, want) in table {
            assert_eq!(route_arrow(&from, &to, kind).as_str(), want, "{kind:?}");
        }
        // A successor that starts before the predecessor ends goes round along the row gap.
        let early = Placed { x_start: 150.0, x_end: 190.0, ..to };
        assert_eq!(route_arrow(&from, &early, DepKind::Fs).as_str(), "M200 72H208V86H142V124H150");
        // Back to back: the stub ends above the successor, so the arrow drops onto its top...
        let next = Placed { x_start: 200.0, ..to };
        assert_eq!(route_arrow(&from, &next, DepKind::Fs).as_str(), "M200 72H208V118");
        // ...or onto its bottom when the successor is drawn above.
        let above = Placed { y: 20.0, ..next };
        assert_eq!(route_arrow(&from, &above, DepKind::Fs).as_str(), "M200 72H208V26");
    }
}
