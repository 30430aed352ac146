//! Drawing the Gantt chart: header, shading, rows, bars, arrows, status line and legend.

use super::style::{css, tr};
use super::{GanttOptions, GanttView, Row, RowKind, look_ahead, row_label};
use crate::i18n;
use crate::meta::{Kind, Locale};
use crate::model::{DepKind, Plan};
use crate::rollup::Analysis;
use crate::schedule::Schedule;
use crate::svg::axis::{self, Axis, Scale, Unit};
use crate::svg::{PathData, Writer, display_width, num, truncate};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Height of the strip above the header that carries the status-date flag.
const FLAG_H: f64 = 20.0;
/// Height of each header row.
const HEADER_ROW: f64 = 20.0;
/// Top of the first row.
pub(super) const BODY_Y: f64 = FLAG_H + 2.0 * HEADER_ROW;
/// Height of a row.
pub(super) const ROW_H: f64 = 26.0;
/// Bar top and height within a row.
pub(super) const BAR_Y: f64 = 6.0;
pub(super) const BAR_H: f64 = 12.0;
/// Baseline ghost bar top and height within a row.
pub(super) const BASE_Y: f64 = 20.0;
pub(super) const BASE_H: f64 = 3.0;
/// Half the width of a milestone diamond.
pub(super) const DIAMOND: f64 = 7.0;
/// Pixels per display column at 12 px (generous, so text measured never overflows).
pub(super) const COL_PX: f64 = 7.2;
/// Indent per goal level in the label column.
pub(super) const INDENT: f64 = 12.0;
/// Room right of the timeline for owner labels.
const RIGHT_PAD: f64 = 150.0;
/// Horizontal stub of a dependency arrow before it turns.
pub(super) const STUB: f64 = 8.0;
/// Height of the legend below the rows.
pub(super) const LEGEND_H: f64 = 44.0;

/// A dependency between two task rows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Link {
    /// Row of the predecessor.
    pub(super) from: usize,
    /// Row of the successor.
    pub(super) to: usize,
    pub(super) kind: DepKind,
}

/// A chart being drawn: the rows, the time axis and the layout around them.
pub(super) struct Chart<'a> {
    pub(super) a: &'a Analysis,
    pub(super) s: &'a Schedule,
    pub(super) view: &'a GanttView,
    pub(super) opts: &'a GanttOptions,
    pub(super) p: String,
    pub(super) rows: Vec<Row<'a>>,
    pub(super) axis: Axis,
    pub(super) label_w: f64,
    pub(super) width: f64,
    /// The rows drawn: all of them, or one print page's.
    pub(super) page: Range<usize>,
    /// Goal headers repeated above a print page that starts inside them, outermost first.
    pub(super) context: Vec<usize>,
    /// (this page, pages) on a print page of several.
    pub(super) page_no: Option<(usize, usize)>,
    pub(super) body_h: f64,
    /// Tasks whose right end anchors an arrow: their side label keeps clear of it.
    pub(super) busy_end: BTreeSet<&'a str>,
    /// The dependencies between rows shown, by successor row, then in the order written.
    pub(super) links: Vec<Link>,
    /// The `<desc>` of the chart (all of it, on every print page).
    desc: String,
    /// The clip paths every row names, written out once per chart.
    pub(super) clips: Clips,
    pub(super) w: Writer,
}

/// `url(#…)` references to a chart's clip paths.
#[derive(Default)]
pub(super) struct Clips {
    /// The label column.
    pub(super) label: String,
    /// The timeline.
    pub(super) time: String,
}

impl Clips {
    fn of(p: &str) -> Self {
        Clips { label: format!("url(#{p}-clip-label)"), time: format!("url(#{p}-clip-time)") }
    }
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
            .map(|r| {
                INDENT * r.depth as f64
                    + display_width(&row_label(a, r, opts.locale)) as f64 * COL_PX
            })
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
        let shown: BTreeMap<&str, usize> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.kind {
                RowKind::Task(t, _) => Some((t.id.as_str(), i)),
                _ => None,
            })
            .collect();
        let mut busy_end = BTreeSet::new();
        let mut links = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let RowKind::Task(t, _) = r.kind else { continue };
            for d in &t.depends {
                let Some(&from) = shown.get(d.task.as_str()) else { continue };
                links.push(Link { from, to: i, kind: d.kind });
                if matches!(d.kind, DepKind::Fs | DepKind::Ff) {
                    busy_end.insert(d.task.as_str());
                }
                if matches!(d.kind, DepKind::Ff | DepKind::Sf) {
                    busy_end.insert(t.id.as_str());
                }
            }
        }
        let desc = describe(a, opts.locale, &axis, &rows);
        let w = Writer::default();
        let page = 0..rows.len();
        Chart {
            a,
            s,
            view,
            opts,
            p,
            rows,
            axis,
            label_w,
            width,
            page,
            context: Vec::new(),
            page_no: None,
            body_h,
            busy_end,
            links,
            desc,
            clips: Clips::default(),
            w,
        }
    }

    /// Draws rows `page` (with the goal headers `context` repeated above them) as one SVG
    /// with the id `p`; `page_no` is (this page, pages) on a print page.
    pub(super) fn draw_page(
        &mut self,
        p: String,
        page: Range<usize>,
        context: Vec<usize>,
        page_no: Option<(usize, usize)>,
    ) -> String {
        self.body_h = (context.len() + page.len()) as f64 * ROW_H;
        self.p = p;
        self.page = page;
        self.context = context;
        self.page_no = page_no;
        self.draw()
    }

    /// The rows drawn, top to bottom: (row, top, repeated header).
    pub(super) fn lines(&self) -> Vec<(usize, f64, bool)> {
        let repeated = self.context.iter().map(|i| (*i, true));
        let own = self.page.clone().map(|i| (i, false));
        repeated
            .chain(own)
            .enumerate()
            .map(|(slot, (i, cont))| (i, BODY_Y + slot as f64 * ROW_H, cont))
            .collect()
    }

    /// Top of row `i` (of all rows) on the page drawn: rows before the page lie above its body
    /// and rows after it below, so arrows to them leave through the top or bottom edge.
    pub(super) fn row_top(&self, i: usize) -> f64 {
        let a = self.page.start;
        let slot = if i < a { -((a - i) as f64) } else { (self.context.len() + i - a) as f64 };
        BODY_Y + slot * ROW_H
    }

    pub(super) fn draw(&mut self) -> String {
        self.w = Writer::with_capacity(2048 + (self.context.len() + self.page.len()) * 900);
        let height = BODY_Y + self.body_h + LEGEND_H;
        let p = self.p.clone();
        self.clips = Clips::of(&p);
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
        self.w.tag("g").class(&["deps"]).attr("clip-path", &format!("url(#{p}-clip-deps)")).open();
        self.arrows();
        self.w.close();
        self.w.newline();
        self.w.tag("g").class(&["rows"]).open();
        for (i, y, repeated) in self.lines() {
            self.row(i, y, repeated);
        }
        self.w.close();
        self.w.newline();
        self.status_line();
        self.legend();
        std::mem::take(&mut self.w).finish()
    }

    fn title_and_desc(&self) -> (String, String) {
        let loc = self.opts.locale;
        let plan = &self.a.plan;
        let base = format!("{} — {}", plan.plan.meta.title, tr(loc, "gantt"));
        let title = match self.view {
            GanttView::Plan => base,
            GanttView::Goal(g) => format!("{base}: {}", plan.title_of(g).unwrap_or(g)),
            GanttView::Critical => format!("{base}: {}", tr(loc, "critical_path")),
            GanttView::LookAhead(n) => {
                format!("{base}: {}", tr(loc, "next_weeks").replace("{n}", &n.to_string()))
            }
        };
        let title = match self.page_no {
            Some((k, n)) => format!("{title} ({})", page_of(loc, k, n)),
            None => title,
        };
        (title, self.desc.clone())
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
            let line = PathData::default().move_to(0.0, 0.0).v(5.0);
            w.tag("path")
                .attr("d", line.as_str())
                .attr("stroke", stroke)
                .num("stroke-width", width)
                .empty();
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
        // The timeline (bars; arrows with room for their stubs left of it) and the label column
        // clip what would spill over; arrows to rows on other print pages stop at the body.
        let h = BODY_Y + self.body_h;
        for (id, x, width, top) in [
            ("clip-time", self.axis.x0, self.axis.x1() - self.axis.x0, 0.0),
            (
                "clip-deps",
                self.axis.x0 - STUB - 2.0,
                self.axis.x1() - self.axis.x0 + STUB + 2.0,
                BODY_Y,
            ),
            ("clip-label", 0.0, self.label_w - 8.0, 0.0),
        ] {
            w.tag("clipPath").attr("id", &format!("{p}-{id}")).open();
            w.rect("", x, top, width, h - top).empty();
            w.close();
        }
        w.close();
        w.newline();
    }

    /// Goal bands, non-working days and grid lines.
    fn background(&mut self) {
        let (x0, x1) = (self.axis.x0, self.axis.x1());
        let bottom = BODY_Y + self.body_h;
        self.w.group(&["grid-bg"]).open();
        for (i, y, _) in self.lines() {
            if matches!(self.rows[i].kind, RowKind::Goal(_) | RowKind::Other) {
                self.w.rect("band", 0.0, y, x1, ROW_H).empty();
            }
        }
        if matches!(self.axis.scale, Scale::Day | Scale::Week) {
            let top = FLAG_H + HEADER_ROW;
            for (a, b, class) in self.days_off() {
                let (xa, xb) = (self.axis.x(a), self.axis.x_end(b));
                self.w.rect(class, xa, top, xb - xa, bottom - top).empty();
            }
        }
        let (upper, lower) = self.axis.units();
        for (unit, top, class) in
            [(lower, FLAG_H + HEADER_ROW, "grid"), (upper, FLAG_H, "grid-major")]
        {
            for (d, _) in self.axis.cells(unit) {
                let x = self.axis.x(d);
                if x > x0 + 0.5 && x < x1 - 0.5 {
                    self.w.path(class, &PathData::default().move_to(x, top).v(bottom)).empty();
                }
            }
        }
        let frame = PathData::default()
            .move_to(x0, bottom)
            .v(FLAG_H)
            .h(x1)
            .v(bottom)
            .move_to(x0, FLAG_H + HEADER_ROW)
            .h(x1)
            .move_to(0.0, BODY_Y)
            .h(x1);
        self.w.path("grid-major", &frame).empty();
        self.w.close();
        self.w.newline();
    }

    /// Runs of weekend days and of holidays on the axis: (first, last, class).
    fn days_off(&self) -> Vec<(NaiveDate, NaiveDate, &'static str)> {
        let weekend = weekend_days(&self.a.plan);
        let mut runs: Vec<(NaiveDate, NaiveDate, &'static str)> = Vec::new();
        let mut d = self.axis.d0;
        while d <= self.axis.d1 {
            if let Some(class) = day_class(&self.s.calendar, weekend, d) {
                match runs.last_mut() {
                    Some(run) if run.2 == class && run.1.succ_opt() == Some(d) => run.1 = d,
                    _ => runs.push((d, d, class)),
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        runs
    }

    /// The caption over the label column and the two header rows.
    fn header(&mut self) {
        let loc = self.opts.locale;
        let (upper, lower) = self.axis.units();
        let (x0, x1) = (self.axis.x0, self.axis.x1());
        let weekend = weekend_days(&self.a.plan);
        self.w.group(&["axis"]).open();
        let caption = match self.view {
            GanttView::Plan | GanttView::Goal(_) => tr(loc, "caption_plan").to_string(),
            GanttView::Critical => tr(loc, "caption_critical").to_string(),
            GanttView::LookAhead(n) => tr(loc, "caption_ahead").replace("{n}", &n.to_string()),
        };
        let caption = match self.page_no {
            Some((k, n)) => format!("{caption} · {}", page_of(loc, k, n)),
            None => caption,
        };
        let cols = ((self.label_w - 16.0) / COL_PX) as usize;
        let y = FLAG_H + HEADER_ROW + 14.0;
        self.w.text_at("caption", 8.0, y).text(&truncate(&caption, cols).0);
        for (unit, y, class) in
            [(upper, FLAG_H, "hdr-top"), (lower, FLAG_H + HEADER_ROW, "hdr-bottom")]
        {
            for (start, next) in self.axis.cells(unit) {
                let xa = self.axis.x(start).max(x0);
                let xb = self.axis.x(next).min(x1);
                let room = ((xb - xa - 6.0) / COL_PX).max(0.0) as usize;
                let labels = axis::cell_labels(loc, unit, start);
                let Some(label) = labels.iter().find(|l| display_width(l) <= room) else {
                    continue;
                };
                if matches!(unit, Unit::Day | Unit::Week) {
                    let off = if unit == Unit::Day {
                        day_class(&self.s.calendar, weekend, start).unwrap_or("")
                    } else {
                        ""
                    };
                    self.w
                        .tag("text")
                        .class(&[class, off])
                        .num("x", f64::midpoint(xa, xb))
                        .num("y", y + 14.0)
                        .attr("text-anchor", "middle")
                        .text(label);
                } else {
                    self.w.text_at(class, xa + 5.0, y + 14.0).text(label);
                }
            }
        }
        self.w.close();
        self.w.newline();
    }

    /// The dashed line at the start of the status date, with its flag above the header.
    fn status_line(&mut self) {
        if !self.axis.contains(self.a.as_of) {
            return;
        }
        let loc = self.opts.locale;
        let x = self.axis.x(self.a.as_of);
        let text = format!("{} {}", tr(loc, "status_date"), i18n::short_date(loc, self.a.as_of));
        let w = display_width(&text) as f64 * 6.4 + 12.0;
        let fx = (x - w / 2.0).clamp(self.axis.x0, self.width - w - 2.0);
        let iso = self.a.as_of.format("%Y-%m-%d").to_string();
        self.w.group(&["status-date"]).data("data-date", &iso).open();
        let long = i18n::date(loc, self.a.as_of);
        self.w.tag("title").text(&format!("{}: {long}", tr(loc, "status_date")));
        let line = PathData::default().move_to(x, FLAG_H - 2.0).v(BODY_Y + self.body_h);
        self.w.path("status-line", &line).empty();
        self.w.rect("status-flag", fx, 2.0, w, FLAG_H - 4.0).num("rx", 3.0).empty();
        self.w.text_at("status-text", fx + w / 2.0, 14.0).attr("text-anchor", "middle").text(&text);
        self.w.close();
        self.w.newline();
    }

    /// What each look means. Samples carry `key-*` classes, never the hooks of real bars.
    fn legend(&mut self) {
        let loc = self.opts.locale;
        let p = self.p.clone();
        let (mut x, mut y) = (8.0, BODY_Y + self.body_h + 16.0);
        self.w.group(&["legend"]).open();
        for key in [
            "done",
            "doing",
            "todo",
            "blocked",
            "late",
            "flex",
            "critical",
            "milestone",
            "baseline",
        ] {
            let text = tr(loc, if key == "late" { "late_forecast" } else { key });
            let item_w = 22.0 + display_width(text) as f64 * 6.2 + 18.0;
            if x + item_w > self.width && x > 8.0 {
                x = 8.0;
                y += 18.0;
            }
            let look = match key {
                "late" => "key-doing key-late".to_string(),
                "milestone" | "baseline" | "flex" => "key-todo".to_string(),
                k => format!("key-{k}"),
            };
            self.w.group(&["key", &look]).open();
            match key {
                "milestone" => {
                    let d = PathData::default()
                        .move_to(x + 9.0, y - 6.0)
                        .line_to(x + 15.0, y)
                        .line_to(x + 9.0, y + 6.0)
                        .line_to(x + 3.0, y)
                        .close();
                    self.w.path("ms", &d).empty();
                }
                "baseline" => self.w.rect("baseline", x, y - 1.5, 18.0, BASE_H).empty(),
                _ => {
                    self.w.rect("bar", x, y - 5.0, 18.0, 10.0).num("rx", 2.0).empty();
                    match key {
                        "doing" => self.w.rect("progress", x, y - 5.0, 8.0, 10.0).empty(),
                        "flex" => {
                            let fill = format!("url(#{p}-flex-dark)");
                            self.w
                                .rect("hatch", x, y - 5.0, 18.0, 10.0)
                                .attr("fill", &fill)
                                .empty();
                        }
                        "late" => {
                            let fill = format!("url(#{p}-slip)");
                            self.w
                                .rect("slip", x + 10.0, y - 5.0, 8.0, 10.0)
                                .attr("fill", &fill)
                                .empty();
                        }
                        _ => {}
                    }
                    self.w.rect("outline", x, y - 5.0, 18.0, 10.0).num("rx", 2.0).empty();
                }
            }
            self.w.close();
            self.w.text_at("legend-text", x + 24.0, y + 4.0).text(text);
            x += item_w;
        }
        self.w.close();
    }
}

/// What the chart shows, for screen readers: counts, span and status date.
fn describe(a: &Analysis, loc: Locale, axis: &Axis, rows: &[Row<'_>]) -> String {
    let (mut tasks, mut milestones, mut critical, mut late) = (0, 0, 0, 0);
    for r in rows {
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
    tr(loc, "desc")
        .replace("{tasks}", &tasks.to_string())
        .replace("{milestones}", &milestones.to_string())
        .replace("{from}", &i18n::date(loc, axis.d0))
        .replace("{to}", &i18n::date(loc, axis.d1))
        .replace("{as_of}", &i18n::date(loc, a.as_of))
        .replace("{critical}", &critical.to_string())
        .replace("{late}", &late.to_string())
}

/// "2/5" or "第 2/5 页" for page `k` (from 1) of `n`.
fn page_of(loc: Locale, k: usize, n: usize) -> String {
    tr(loc, "page_of").replace("{k}", &k.to_string()).replace("{n}", &n.to_string())
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

/// The display name of someone written as `written`.
pub(super) fn person_name(plan: &Plan, written: &str) -> String {
    crate::assemble::person_id(plan, written)
        .and_then(|id| plan.people.get(&id).map(|p| p.name.clone()))
        .unwrap_or_else(|| written.trim().to_string())
}

/// `weekend` or `holiday` for a day off (a weekday the calendar never works, or any other day
/// off), `None` for a workday.
fn day_class(
    cal: &crate::calendar::Calendar,
    weekend: [bool; 7],
    d: NaiveDate,
) -> Option<&'static str> {
    if cal.is_workday(d) {
        None
    } else if weekend[d.weekday().num_days_from_monday() as usize] {
        Some("weekend")
    } else {
        Some("holiday")
    }
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
