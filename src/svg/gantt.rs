//! The Gantt chart: rows grouped by goal, bars coloured by status (readable in grayscale too),
//! milestones, baselines, late forecasts, dependency arrows and the status-date line, as one
//! self-contained SVG with links, tooltips and `data-*` hooks and no script.

use super::axis::{self, Axis, Scale, Unit};
use super::{PathData, Writer, display_width, num, safe_id, truncate};
use crate::meta::{Kind, Locale, Status};
use crate::model::{DepKind, Plan, Task, route};
use crate::rollup::Analysis;
use crate::schedule::{Schedule, TaskTimes};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Which part of the plan a chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GanttView {
    /// Every task and milestone, grouped by goal.
    Plan,
    /// The tasks of one goal and its sub-goals.
    Goal(String),
    /// Only the tasks on the critical path, in date order.
    Critical,
    /// Unfinished work in the `n` weeks from the status date (for the review handout).
    LookAhead(u32),
}

/// How a chart is drawn and where it links to.
#[derive(Debug, Clone)]
pub struct GanttOptions {
    /// Prefix of every id in the chart (and the `id` of the `<svg>`), so several charts can
    /// share a page. Characters other than ASCII letters, digits, `-` and `_` become `-`.
    pub id_prefix: String,
    /// Language of dates and labels.
    pub locale: Locale,
    /// Prefix of links to task and goal pages: `""` at the site root, `"../"` one folder down.
    pub href_root: String,
    /// Fold the finished tasks of each goal into one row (for large plans).
    pub collapse_done: bool,
}

impl Default for GanttOptions {
    fn default() -> Self {
        GanttOptions {
            id_prefix: "gantt".to_string(),
            locale: Locale::En,
            href_root: String::new(),
            collapse_done: false,
        }
    }
}

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

/// Renders the chart of `view` as a standalone SVG document (also fit to inline in HTML).
pub fn render(a: &Analysis, view: &GanttView, opts: &GanttOptions) -> String {
    let prefix = safe_id(&opts.id_prefix);
    let Some(schedule) = a.schedule.as_ref() else {
        return message(&prefix, opts.locale, tr(opts.locale, "no_schedule"));
    };
    let rows = rows(a, schedule, view, opts.collapse_done);
    if !rows.iter().any(|r| matches!(r.kind, RowKind::Task(..) | RowKind::Collapsed { .. })) {
        return message(&prefix, opts.locale, tr(opts.locale, "no_tasks"));
    }
    Chart::new(a, schedule, view, opts, prefix, rows).draw()
}

/// One row of the chart.
struct Row<'a> {
    kind: RowKind<'a>,
    depth: usize,
}

enum RowKind<'a> {
    /// A goal header with its summary bar.
    Goal(&'a str),
    /// The header of tasks that belong to no goal shown.
    Other,
    /// A task or milestone.
    Task(&'a Task, &'a TaskTimes),
    /// Finished tasks of a goal folded into one row.
    Collapsed { goal: &'a str, count: usize, start: NaiveDate, end: NaiveDate },
}

type Item<'a> = (&'a Task, &'a TaskTimes);

/// The rows of `view`: goal headers in goal-tree order, each followed by its tasks by date.
fn rows<'a>(a: &'a Analysis, s: &'a Schedule, view: &GanttView, collapse: bool) -> Vec<Row<'a>> {
    let plan = &a.plan;
    let window_end = match view {
        GanttView::LookAhead(weeks) => axis::add_days(a.as_of, 7 * i64::from((*weeks).max(1)) - 1),
        _ => a.as_of,
    };
    let mut items: Vec<Item<'a>> = plan
        .tasks
        .values()
        .filter(|t| t.meta.status != Status::Cancelled)
        .filter_map(|t| Some((t, s.tasks.get(&t.id)?)))
        .filter(|(t, tt)| match view {
            GanttView::Plan => true,
            GanttView::Goal(g) => in_subtree(plan, t.goal.as_deref(), g),
            GanttView::Critical => tt.critical,
            GanttView::LookAhead(_) => {
                tt.start <= window_end
                    && tt.end >= a.as_of
                    && (t.meta.status != Status::Done || t.kind == Kind::Milestone)
            }
        })
        .collect();
    items.sort_by(|x, y| sort_key(x).cmp(&sort_key(y)));
    if *view == GanttView::Critical {
        return items.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth: 0 }).collect();
    }

    let mut by_goal: BTreeMap<&str, Vec<Item<'a>>> = BTreeMap::new();
    let mut other = Vec::new();
    for it in items {
        match it.0.goal.as_deref().filter(|g| plan.goals.contains_key(*g)) {
            Some(g) => by_goal.entry(g).or_default().push(it),
            None => other.push(it),
        }
    }
    // Goals with something to show in their subtree.
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    for g in by_goal.keys() {
        let mut cur = Some(*g);
        let mut hops = 0;
        while let Some(id) = cur {
            if !shown.insert(id) || hops > plan.goals.len() {
                break;
            }
            hops += 1;
            cur = plan.goals.get(id).and_then(|x| x.parent.as_deref());
        }
    }
    let mut children: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
    for g in plan.goals.values() {
        let parent = g.parent.as_deref().filter(|p| plan.goals.contains_key(*p) && *p != g.id);
        children.entry(parent).or_default().push(&g.id);
    }
    let roots: Vec<&str> = match view {
        GanttView::Goal(g) => plan.goals.get_key_value(g.as_str()).map(|(k, _)| k.as_str()).into_iter().collect(),
        _ => children.get(&None).cloned().unwrap_or_default(),
    };
    let mut out = Vec::new();
    let mut visited = BTreeSet::new();
    let mut stack: Vec<(&str, usize)> = roots.iter().rev().map(|g| (*g, 0)).collect();
    while let Some((g, depth)) = stack.pop() {
        if !visited.insert(g) || !shown.contains(g) {
            continue;
        }
        out.push(Row { kind: RowKind::Goal(g), depth });
        if let Some(list) = by_goal.remove(g) {
            push_tasks(&mut out, g, list, depth + 1, collapse);
        }
        if let Some(kids) = children.get(&Some(g)) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    // Tasks of goals not reached (a goal cycle, or outside the goal view) go with the rest.
    if !matches!(view, GanttView::Goal(_)) {
        other.extend(by_goal.into_values().flatten());
    }
    if !other.is_empty() {
        other.sort_by(|x, y| sort_key(x).cmp(&sort_key(y)));
        if !out.is_empty() {
            out.push(Row { kind: RowKind::Other, depth: 0 });
        }
        let depth = usize::from(!out.is_empty());
        out.extend(other.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    }
    out
}

fn push_tasks<'a>(out: &mut Vec<Row<'a>>, goal: &'a str, list: Vec<Item<'a>>, depth: usize, collapse: bool) {
    let done = list.iter().filter(|(t, _)| t.meta.status == Status::Done).count();
    if collapse && done >= 2 {
        let (d, rest): (Vec<_>, Vec<_>) = list.into_iter().partition(|(t, _)| t.meta.status == Status::Done);
        let start = d.iter().map(|(_, tt)| tt.start).min().unwrap_or_default();
        let end = d.iter().map(|(_, tt)| tt.end).max().unwrap_or_default();
        out.push(Row { kind: RowKind::Collapsed { goal, count: d.len(), start, end }, depth });
        out.extend(rest.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    } else {
        out.extend(list.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    }
}

fn sort_key<'a>((t, tt): &Item<'a>) -> (NaiveDate, NaiveDate, bool, &'a str) {
    (tt.start, tt.end, t.kind == Kind::Milestone, t.id.as_str())
}

/// Whether `goal` is `root` or below it.
fn in_subtree(plan: &Plan, goal: Option<&str>, root: &str) -> bool {
    let mut cur = goal;
    let mut hops = 0;
    while let Some(g) = cur {
        if g == root {
            return true;
        }
        hops += 1;
        if hops > plan.goals.len() {
            return false;
        }
        cur = plan.goals.get(g).and_then(|x| x.parent.as_deref());
    }
    false
}

/// Where a task was drawn, for arrows.
#[derive(Clone, Copy)]
struct Placed {
    x_start: f64,
    x_end: f64,
    y: f64,
    critical: bool,
}

struct Chart<'a> {
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
    w: Writer,
}

impl<'a> Chart<'a> {
    fn new(
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
            GanttView::LookAhead(weeks) => {
                (a.as_of, axis::add_days(a.as_of, 7 * i64::from((*weeks).max(1)) - 1))
            }
            _ => span(a, s, &rows),
        };
        let axis = Axis::new(lo, hi, label_w);
        let width = (axis.x1() + RIGHT_PAD).ceil();
        let body_h = rows.len() as f64 * ROW_H;
        Chart { a, s, view, opts, p, rows, axis, label_w, width, body_h, w: Writer::with_capacity(4096) }
    }

    fn draw(mut self) -> String {
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
        self.w.tag("g").class(&["axis"]).open();
        for (unit, y, class) in [(upper, FLAG_H, "hdr-top"), (lower, FLAG_H + HEADER_ROW, "hdr-bottom")] {
            for (start, next) in self.axis.cells(unit) {
                let xa = self.axis.x(start).max(x0);
                let xb = self.axis.x(next).min(x1);
                let room = ((xb - xa - 6.0) / COL_PX).max(0.0) as usize;
                let labels = axis::cell_labels(loc, unit, start);
                let Some(label) = labels.iter().find(|l| display_width(l) <= room) else { continue };
                let centred = matches!(unit, Unit::Day | Unit::Week);
                let holiday = unit == Unit::Day && !self.s.calendar.is_workday(start);
                let t = self
                    .w
                    .tag("text")
                    .class(&[class, if holiday { "off" } else { "" }])
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
                let (x_start, x_end) = if t.kind == Kind::Milestone {
                    let c = self.axis.x(tt.start) + self.axis.ppd / 2.0;
                    (c - DIAMOND, c + DIAMOND)
                } else {
                    (self.axis.x(tt.start), self.axis.x_end(tt.end).max(self.axis.x(tt.start) + 2.0))
                };
                out.insert(t.id.as_str(), Placed { x_start, x_end, y, critical: tt.critical });
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
            let top = y + 8.0;
            let clip = format!("url(#{}-clip-time)", self.p);
            self.w.tag("g").attr("clip-path", &clip).open();
            let shape = PathData::default()
                .move_to(xa, top)
                .h(xb)
                .v(top + 10.0)
                .line_to(xb - 5.0, top + 6.0)
                .h(xa + 5.0)
                .line_to(xa, top + 10.0)
                .close();
            self.w.tag("path").class(&["summary"]).attr("d", shape.as_str()).empty();
            if let Some(pct) = progress.filter(|p| *p > 0.0) {
                let w = (xb - xa) * pct.min(100.0) / 100.0;
                self.w.tag("rect").class(&["summary-done"]).num("x", xa).num("y", top).num("width", w).num("height", 6.0).empty();
            }
            self.w.close();
            if let Some(pct) = progress {
                let text = format!("{}%", pct.round());
                self.side_label(xa, xb, y, &text, "summary-label");
            }
        }
        self.w.close();
        self.w.close();
    }

    /// Text right of a bar (or left of it when the right side has no room).
    fn side_label(&mut self, xa: f64, xb: f64, y: f64, text: &str, class: &'static str) {
        let w = display_width(text) as f64 * COL_PX * 0.92;
        let xb = xb.min(self.x1());
        let right = xb + 6.0;
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
            self.side_label(xa, xb, y, &side, "owner");
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
            let item_w = 22.0 + display_width(text) as f64 * 6.6 + 16.0;
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
/// from the right. When one vertical leg fits between the two stubs it takes three segments;
/// otherwise it runs along the row boundary next to the predecessor (where no bar is) and
/// takes five.
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
    if lo <= hi {
        let xm = if out_dir > 0.0 { lo } else { hi };
        path.h(xm).v(yi).h(xi)
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

/// The label-column text of a row.
fn row_label(a: &Analysis, r: &Row<'_>, loc: Locale) -> String {
    match r.kind {
        RowKind::Goal(g) => a.plan.goals.get(g).map_or_else(|| g.to_string(), |x| x.meta.title.clone()),
        RowKind::Other => tr(loc, "other").to_string(),
        RowKind::Task(t, _) => t.meta.title.clone(),
        RowKind::Collapsed { count, .. } => tr(loc, "n_done").replace("{n}", &count.to_string()),
    }
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
fn message(p: &str, loc: Locale, text: &str) -> String {
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

/// The chart's style sheet, scoped to its id so charts and pages do not restyle each other.
fn css(p: &str) -> String {
    const RULES: &str = "
#P{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif;font-size:12px}
#P text{fill:#1f2933}
#P .bg{fill:#fff}
#P .band{fill:#f1f4f8}
#P .weekend{fill:#f3f4f6}
#P .holiday{fill:#fdefdc}
#P .grid{stroke:#e8ebef;stroke-width:1;shape-rendering:crispEdges}
#P .grid-major{stroke:#c9d0d9;stroke-width:1;shape-rendering:crispEdges}
#P .hdr-top{font-weight:600;fill:#334155}
#P .hdr-bottom{font-size:11px;fill:#64748b}
#P .hdr-bottom.off{fill:#b45309}
#P .goal .label{font-weight:600;fill:#0f172a}
#P .other .label{font-style:italic;fill:#475569}
#P .bar,#P .outline{fill:none;stroke:#4a6585;stroke-width:1.2}
#P .bar{fill:#fff;stroke:none}
#P .status-doing .bar{fill:#c3d1e0}
#P .progress{fill:#4a6585}
#P .status-done .bar,#P .collapsed .bar{fill:#4a6585}
#P .status-blocked .bar{fill:url(#P-blocked)}
#P .status-blocked .outline{stroke:#c92a2a}
#P .critical .outline{stroke:#c92a2a;stroke-width:2.2}
#P .late .outline{stroke:#c92a2a;stroke-width:1.6;stroke-dasharray:4 2}
#P .critical.late .outline{stroke-width:2.2}
#P .baseline{fill:#9aa5b1}
#P .ms{fill:#fff;stroke:#4a6585;stroke-width:1.5}
#P .done .ms{fill:#4a6585}
#P .critical .ms{stroke:#c92a2a;stroke-width:2.2}
#P .late .ms{stroke:#c92a2a}
#P .summary{fill:#b7c3d0}
#P .summary-done{fill:#334155}
#P .goal.late .summary{fill:#f1b5b5}
#P .owner,#P .summary-label{font-size:11px;fill:#52606d;stroke:#fff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
#P .summary-label{font-weight:600;fill:#334155}
#P .dep{fill:none;stroke:#8a96a6;stroke-width:1}
#P .dep.critical{stroke:#c92a2a;stroke-width:1.5}
#P .status-line{stroke:#d9480f;stroke-width:1.5;stroke-dasharray:5 3}
#P .status-flag{fill:#d9480f}
#P .status-date text{fill:#fff;font-size:11px;font-weight:600}
#P .legend-text{font-size:11px;fill:#52606d}
#P a:hover .label{text-decoration:underline}
#P a:hover .outline{stroke-width:2.4}
#P a:focus{outline:2px solid #1c7ed6}
";
    RULES.replace("#P", &format!("#{p}")).replace("(#P-", &format!("(#{p}-"))
}

/// Names and phrases of the chart in each locale: (key, English, Simplified Chinese).
const STRINGS: &[(&str, &str, &str)] = &[
    ("gantt", "Gantt chart", "甘特图"),
    ("critical_path", "critical path", "关键路径"),
    ("next_weeks", "next {n} weeks", "未来 {n} 周"),
    (
        "desc",
        "{tasks} tasks and {milestones} milestones from {from} to {to}; status date {as_of}; {critical} critical, {late} late.",
        "{from}至{to}共 {tasks} 项任务、{milestones} 个里程碑；状态日期 {as_of}；关键 {critical} 项，延期 {late} 项。",
    ),
    ("no_schedule", "No schedule: the dependencies form a cycle.", "无法排期：任务依赖存在循环。"),
    ("no_tasks", "No tasks to show.", "没有可显示的任务。"),
    ("other", "Other tasks", "其他任务"),
    ("n_done", "{n} done tasks", "{n} 项已完成任务"),
    ("owner", "Owner", "负责人"),
    ("status", "Status", "状态"),
    ("progress", "Progress", "进度"),
    ("due", "Due", "截止"),
    ("misses_due", "misses its due date", "将错过截止日期"),
    ("late_by", "late by {n} workdays", "延期 {n} 个工作日"),
    ("workdays", "workdays", "个工作日"),
    ("float", "Float", "浮动时间"),
    ("baseline", "Baseline", "基线"),
    ("variance", "Variance", "偏差"),
    ("after", "After", "前置任务"),
    ("status_date", "Status", "状态日期"),
    ("todo", "To do", "待办"),
    ("doing", "Doing", "进行中"),
    ("blocked", "Blocked", "受阻"),
    ("done", "Done", "已完成"),
    ("cancelled", "Cancelled", "已取消"),
    ("late", "Late", "延期"),
    ("late_forecast", "Late (forecast)", "延期（预测）"),
    ("flex", "Flex", "弹性"),
    ("critical", "Critical", "关键"),
    ("milestone", "Milestone", "里程碑"),
];

fn tr(loc: Locale, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, ..)| *k == key)
        .map_or("", |(_, en, zh)| if loc == Locale::ZhCn { zh } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::source::SourceFile;

    fn analysis(files: &[(&str, &str)], as_of: &str) -> Analysis {
        let mut diags = Diagnostics::default();
        let files = files
            .iter()
            .map(|(p, t)| SourceFile { rel_path: (*p).to_string(), abs_path: (*p).into(), text: (*t).to_string() })
            .collect();
        let plan = crate::load_files(std::path::Path::new("."), files, &mut diags).expect("plan");
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let a = crate::rollup::analyse(plan, as_of, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render());
        a
    }

    const PLAN: &str = "---\nkind: plan\ntitle: P\nstart: 2026-11-02\n---\n";

    #[test]
    fn every_string_has_both_languages() {
        for (k, en, zh) in STRINGS {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
        let keys: BTreeSet<_> = STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), STRINGS.len(), "duplicate key");
    }

    #[test]
    fn arrows_are_orthogonal_and_anchored_by_type() {
        let from = Placed { x_start: 100.0, x_end: 200.0, y: 72.0, critical: false };
        let to = Placed { x_start: 260.0, x_end: 300.0, y: 124.0, critical: false };
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
        let early = Placed { x_start: 150.0, ..to };
        assert_eq!(route_arrow(&from, &early, DepKind::Fs).as_str(), "M200 72H208V86H142V124H150");
    }

    #[test]
    fn rows_group_by_goal_and_views_select() {
        let a = analysis(
            &[
                ("plan.md", PLAN),
                ("g/index.md", "---\nkind: goal\ntitle: G\n---\n"),
                ("g/h/index.md", "---\nkind: goal\ntitle: H\n---\n"),
                ("g/a.md", "---\nkind: task\ntitle: A\nduration: 2d\nstatus: done\n---\n"),
                ("g/b.md", "---\nkind: task\ntitle: B\nduration: 3d\ndepends: [a]\n---\n"),
                ("g/h/c.md", "---\nkind: task\ntitle: C\nduration: 1d\ndepends: [b]\n---\n"),
                ("g/h/m.md", "---\nkind: milestone\ntitle: M\ndepends: [c]\n---\n"),
                ("loose.md", "---\nkind: task\ntitle: L\nduration: 1d\n---\n"),
            ],
            "2026-11-03",
        );
        let s = a.schedule.as_ref().unwrap();
        let ids = |v: &GanttView, collapse: bool| -> Vec<String> {
            rows(&a, s, v, collapse)
                .iter()
                .map(|r| match r.kind {
                    RowKind::Goal(g) => format!("{}#{g}", r.depth),
                    RowKind::Other => "other".into(),
                    RowKind::Task(t, _) => format!("{}:{}", r.depth, t.id),
                    RowKind::Collapsed { count, .. } => format!("done×{count}"),
                })
                .collect()
        };
        assert_eq!(ids(&GanttView::Plan, false), ["0#g", "1:a", "1:b", "1#h", "2:c", "2:m", "other", "1:loose"]);
        assert_eq!(ids(&GanttView::Goal("h".into()), false), ["0#h", "1:c", "1:m"]);
        assert_eq!(ids(&GanttView::Critical, false), ["0:b", "0:c", "0:m"]);
        assert_eq!(ids(&GanttView::LookAhead(1), false), ["0#g", "1:b", "1#h", "2:c", "2:m", "other", "1:loose"]);
    }

    #[test]
    fn output_is_deterministic_and_escaped() {
        let a = analysis(
            &[
                ("plan.md", PLAN),
                ("a.md", "---\nkind: task\ntitle: \"<b>&amp; ]]> \\\"quoted\\\"\"\nowner: \"<i>x</i>\"\nduration: 2d\n---\n"),
            ],
            "2026-11-03",
        );
        let opts = GanttOptions::default();
        let one = render(&a, &GanttView::Plan, &opts);
        assert_eq!(one, render(&a, &GanttView::Plan, &opts));
        assert!(!one.contains("<b>") && !one.contains("<i>"), "{one}");
        assert!(one.contains("&lt;b&gt;&amp;amp; ]]&gt; \"quoted\""), "{one}");
    }

    #[test]
    fn a_cycle_gives_a_message_chart() {
        let mut diags = Diagnostics::default();
        let files = vec![
            SourceFile { rel_path: "plan.md".into(), abs_path: "plan.md".into(), text: PLAN.into() },
            SourceFile {
                rel_path: "a.md".into(),
                abs_path: "a.md".into(),
                text: "---\nkind: task\ntitle: A\ndepends: [b]\n---\n".into(),
            },
            SourceFile {
                rel_path: "b.md".into(),
                abs_path: "b.md".into(),
                text: "---\nkind: task\ntitle: B\ndepends: [a]\n---\n".into(),
            },
        ];
        let plan = crate::load_files(std::path::Path::new("."), files, &mut diags).unwrap();
        let a = crate::rollup::analyse(plan, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(), &mut diags);
        let svg = render(&a, &GanttView::Plan, &GanttOptions::default());
        assert!(svg.contains("gantt-empty") && svg.contains("cycle"), "{svg}");
    }
}
