//! The rows of the Gantt chart: labels, goal summary bars, task bars and milestones with their
//! tooltips and links, and the dependency arrows between them.

use super::draw::{
    BAR_H, BAR_Y, BASE_H, BASE_Y, COL_PX, Chart, DIAMOND, INDENT, ROW_H, STUB, person_name,
};
use super::style::tr;
use super::{RowKind, row_label};
use crate::i18n;
use crate::meta::{Kind, Status};
use crate::model::{DepKind, Task, route};
use crate::schedule::TaskTimes;
use crate::svg::{PathData, display_width, truncate};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Where a task was drawn, for arrows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    x_start: f64,
    x_end: f64,
    y: f64,
    /// Half the height of the bar or diamond.
    half: f64,
    critical: bool,
}

impl Chart<'_> {
    /// Where the bar or diamond of task row `i` is drawn on the page, for arrows.
    fn placed(&self, i: usize) -> Option<Placed> {
        let RowKind::Task(t, tt) = self.rows[i].kind else { return None };
        let y = self.row_top(i) + BAR_Y + BAR_H / 2.0;
        let (x_start, x_end, half) = if t.kind == Kind::Milestone {
            let c = self.axis.x(tt.start) + self.axis.ppd / 2.0;
            (c - DIAMOND, c + DIAMOND, DIAMOND)
        } else {
            let xa = self.axis.x(tt.start);
            (xa, self.axis.x_end(tt.end).max(xa + 2.0), BAR_H / 2.0)
        };
        Some(Placed { x_start, x_end, y, half, critical: tt.critical })
    }

    /// One arrow per dependency between two tasks on the chart, in row order; on a print page,
    /// those that cross its body (the rest of their route is clipped away).
    pub(super) fn arrows(&mut self) {
        let p = self.p.clone();
        for k in 0..self.links.len() {
            let link = self.links[k];
            // Both ends before the page, or both after it: the route never enters its body.
            let (lo, hi) = (link.from.min(link.to), link.from.max(link.to));
            if hi < self.page.start || lo >= self.page.end {
                continue;
            }
            let (Some(from), Some(to)) = (self.placed(link.from), self.placed(link.to)) else {
                continue;
            };
            let (RowKind::Task(pred, _), RowKind::Task(succ, _)) =
                (self.rows[link.from].kind, self.rows[link.to].kind)
            else {
                continue;
            };
            let path = route_arrow(&from, &to, link.kind);
            let critical = from.critical && to.critical;
            let marker = if critical { "arrow-critical" } else { "arrow" };
            self.w
                .tag("path")
                .class(&["dep", if critical { "critical" } else { "" }])
                .data("data-from", &pred.id)
                .data("data-to", &succ.id)
                .data("data-type", dep_name(link.kind))
                .attr("d", path.as_str())
                .attr("marker-end", &format!("url(#{p}-{marker})"))
                .empty();
        }
    }

    /// Row `i` at `y`: its label in the left column and its bar. A `repeated` goal header
    /// (above a print page that starts inside the goal) says it continues.
    pub(super) fn row(&mut self, i: usize, y: f64, repeated: bool) {
        let loc = self.opts.locale;
        let label_x = 8.0 + INDENT * self.rows[i].depth as f64;
        let cols = ((self.label_w - 16.0 - label_x) / COL_PX).max(1.0) as usize;
        let label = row_label(self.a, &self.rows[i], loc);
        let label = if repeated {
            // Shorten the title, not the word that says it continues.
            let pattern = tr(loc, "continued");
            let room = cols.saturating_sub(display_width(pattern) - "{title}".len()).max(1);
            pattern.replace("{title}", &truncate(&label, room).0)
        } else {
            truncate(&label, cols).0
        };
        let cont = if repeated { "cont" } else { "" };
        match self.rows[i].kind {
            RowKind::Goal(g) => self.goal_row(g, y, label_x, &label, cont),
            RowKind::Other => {
                self.w.group(&["goal", "other", cont]).open();
                self.label(label_x, y, &label);
                self.w.close();
            }
            RowKind::Task(t, tt) => self.task_row(t, tt, y, label_x, &label),
            RowKind::Collapsed { goal, count, start, end } => {
                let href = self.href(Kind::Goal, goal);
                self.w
                    .group(&["collapsed"])
                    .data("data-goal", goal)
                    .data("data-count", &count.to_string())
                    .open();
                self.w.tag("a").attr("href", &href).open();
                let (a, b) = (i18n::short_date(loc, start), i18n::short_date(loc, end));
                self.w.tag("title").text(&format!("{label}\n{a} – {b}"));
                self.label(label_x, y, &label);
                let (xa, xb) = (self.axis.x(start), self.axis.x_end(end));
                self.clip_time();
                self.w
                    .rect("bar", xa, y + BAR_Y + 2.0, xb - xa, BAR_H - 4.0)
                    .num("rx", 2.0)
                    .empty();
                self.w.close();
                self.w.close();
                self.w.close();
            }
        }
        self.w.newline();
    }

    fn label(&mut self, x: f64, y: f64, text: &str) {
        self.w.text_at("label", x, y + 17.0).attr("clip-path", &self.clips.label).text(text);
    }

    /// Opens a group clipped to the timeline.
    fn clip_time(&mut self) {
        self.w.tag("g").attr("clip-path", &self.clips.time).open();
    }

    fn href(&self, kind: Kind, id: &str) -> String {
        format!("{}{}", self.opts.href_root, route(kind, id))
    }

    fn goal_row(&mut self, g: &str, y: f64, label_x: f64, label: &str, cont: &str) {
        let progress = self.a.goal_progress.get(g).copied().flatten();
        let times = self.s.goals.get(g);
        let late = times.and_then(|t| t.meets_due) == Some(false);
        let href = self.href(Kind::Goal, g);
        let late_class = if late { "goal-late" } else { "" };
        self.w.group(&["goal", late_class, cont]).data("data-id", g).open();
        self.w.tag("a").attr("href", &href).open();
        let tip = self.goal_tooltip(g, progress, late);
        self.w.tag("title").text(&tip);
        self.label(label_x, y, label);
        if let Some(t) = times {
            let (xa, xb) = (self.axis.x(t.start), self.axis.x_end(t.end));
            let top = y + 7.0;
            self.clip_time();
            self.w.rect("summary", xa, top, xb - xa, 6.0).empty();
            if let Some(pct) = progress.filter(|p| *p > 0.0) {
                let w = (xb - xa) * pct.min(100.0) / 100.0;
                self.w.rect("summary-done", xa, top, w, 6.0).empty();
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
            self.w.path("summary-cap", &caps).empty();
            self.w.close();
            if let Some(pct) = progress {
                self.side_label(xa, xb, y, &format!("{}%", pct.round()), "summary-label", 8.0);
            }
        }
        self.w.close();
        self.w.close();
    }

    /// Text right of a bar (or left of it when the right side has no room).
    fn side_label(&mut self, xa: f64, xb: f64, y: f64, text: &str, class: &str, gap: f64) {
        let w = display_width(text) as f64 * COL_PX * 0.92;
        let right = xb.min(self.axis.x1()) + gap;
        if right + w <= self.width - 4.0 {
            self.w.text_at(class, right, y + 16.0).text(text);
        } else if xa.max(self.axis.x0) - 6.0 - w >= self.axis.x0 {
            self.w.text_at(class, xa - 6.0, y + 16.0).attr("text-anchor", "end").text(text);
        } else {
            let cols = ((self.width - 4.0 - right) / COL_PX).max(1.0) as usize;
            self.w.text_at(class, right, y + 16.0).text(&truncate(text, cols).0);
        }
    }

    fn task_row(&mut self, t: &Task, tt: &TaskTimes, y: f64, label_x: f64, label: &str) {
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
        self.w.group(&classes).data("data-id", &t.id).open();
        self.w.tag("a").attr("href", &href).open();
        let tip = self.task_tooltip(t, tt);
        self.w.tag("title").text(&tip);
        self.label(label_x, y, label);
        self.clip_time();
        self.baseline(t, tt, y);
        let (xa, xb) = if milestone {
            let c = self.axis.x(tt.start) + self.axis.ppd / 2.0;
            let cy = y + BAR_Y + BAR_H / 2.0;
            let d = PathData::default()
                .move_to(c, cy - DIAMOND)
                .line_to(c + DIAMOND, cy)
                .line_to(c, cy + DIAMOND)
                .line_to(c - DIAMOND, cy)
                .close();
            self.w.path("ms", &d).empty();
            (c - DIAMOND, c + DIAMOND)
        } else {
            let xa = self.axis.x(tt.start);
            let xb = self.axis.x_end(tt.end).max(xa + 2.0);
            self.bar(t, tt, xa, xb, y + BAR_Y);
            (xa, xb)
        };
        self.w.close();
        let loc = self.opts.locale;
        let owner = t.responsible.as_deref().map(|o| person_name(&self.a.plan, o));
        let extra = if milestone {
            Some(i18n::short_date(loc, tt.start))
        } else if status == Status::Doing {
            Some(format!("{}%", t.meta.progress.unwrap_or(0.0).round()))
        } else {
            None
        };
        let side = match (milestone, owner, extra) {
            (true, Some(o), Some(e)) => format!("{e} · {o}"),
            (false, Some(o), Some(e)) => format!("{o} · {e}"),
            (_, o, e) => o.or(e).unwrap_or_default(),
        };
        if !side.is_empty() {
            let gap = if self.busy_end.contains(t.id.as_str()) { STUB + 5.0 } else { 5.0 };
            self.side_label(xa, xb, y, &side, "owner", gap);
        }
        self.w.close();
        self.w.close();
    }

    /// The ghost of the baseline dates, beneath the bar.
    fn baseline(&mut self, t: &Task, tt: &TaskTimes, y: f64) {
        let Some(end) = t.meta.baseline.as_ref().and_then(|b| b.end) else { return };
        let start = t.meta.baseline.as_ref().and_then(|b| b.start).map_or(tt.start, |s| s.0);
        if t.kind == Kind::Milestone {
            let c = self.axis.x(end.0) + self.axis.ppd / 2.0;
            self.w.rect("baseline", c - 3.0, y + BASE_Y - 1.0, 6.0, BASE_H + 1.0).empty();
        } else {
            let (xa, xb) = (self.axis.x(start), self.axis.x_end(end.0.max(start)));
            self.w.rect("baseline", xa, y + BASE_Y, xb - xa, BASE_H).empty();
        }
    }

    /// A task bar from `xa` to `xb`: fill by status, progress, flex hatch, the late forecast
    /// past the planned end, and the outline on top so nothing hides the status stroke.
    fn bar(&mut self, t: &Task, tt: &TaskTimes, xa: f64, xb: f64, top: f64) {
        let (w, status) = (xb - xa, t.meta.status);
        self.w.rect("bar", xa, top, w, BAR_H).num("rx", 2.0).empty();
        if status == Status::Doing {
            let pct = t.meta.progress.unwrap_or(0.0).clamp(0.0, 100.0);
            if pct > 0.0 {
                self.w.rect("progress", xa, top, w * pct / 100.0, BAR_H).num("rx", 2.0).empty();
            }
        }
        if t.meta.flex {
            let light = matches!(status, Status::Done | Status::Doing);
            let fill = format!("url(#{}-flex-{})", self.p, if light { "light" } else { "dark" });
            self.w.rect("hatch", xa, top, w, BAR_H).attr("fill", &fill).empty();
        }
        if let Some(planned) = planned_end(t, tt).filter(|_| tt.late) {
            let xs = self.axis.x_end(planned).clamp(xa, xb);
            if xb - xs > 0.5 {
                let fill = format!("url(#{}-slip)", self.p);
                self.w.rect("slip", xs, top, xb - xs, BAR_H).attr("fill", &fill).empty();
            }
        }
        self.w.rect("outline", xa, top, w, BAR_H).num("rx", 2.0).empty();
    }

    fn goal_tooltip(&self, g: &str, progress: Option<f64>, late: bool) -> String {
        let loc = self.opts.locale;
        let goal = &self.a.plan.goals[g];
        let mut tip = goal.meta.title.clone();
        if let Some(o) = goal.meta.owner.as_deref() {
            let _ = write!(tip, "\n{}: {}", tr(loc, "owner"), person_name(&self.a.plan, o));
        }
        if let Some(pct) = progress {
            let _ = write!(tip, "\n{}: {}%", tr(loc, "progress"), pct.round());
        }
        if let Some(t) = self.s.goals.get(g) {
            let (a, b) = (i18n::short_date(loc, t.start), i18n::short_date(loc, t.end));
            let _ = write!(tip, "\n{a} – {b}");
        }
        if let Some(due) = goal.meta.due {
            let _ = write!(tip, "\n{}: {}", tr(loc, "due"), i18n::short_date(loc, due.0));
            if late {
                let _ = write!(tip, " · {}", tr(loc, "misses_due"));
            }
        }
        tip
    }

    /// Title, status, owner, dates, float, baseline, due and predecessors, one per line.
    fn task_tooltip(&self, t: &Task, tt: &TaskTimes) -> String {
        let loc = self.opts.locale;
        let plan = &self.a.plan;
        let days = tr(loc, "workdays");
        let mut s = t.meta.title.clone();
        let _ = write!(s, "\n{}: {}", tr(loc, "status"), tr(loc, t.meta.status.name()));
        if t.meta.status == Status::Doing {
            let _ = write!(s, " · {}%", t.meta.progress.unwrap_or(0.0).round());
        }
        if let Some(o) = t.responsible.as_deref() {
            let _ = write!(s, "\n{}: {}", tr(loc, "owner"), person_name(plan, o));
        }
        if t.kind == Kind::Milestone {
            let _ = write!(s, "\n{}", i18n::date(loc, tt.start));
        } else {
            let (a, b) = (i18n::short_date(loc, tt.start), i18n::date(loc, tt.end));
            let _ = write!(s, "\n{a} – {b} ({} {days})", tt.duration);
        }
        let _ = write!(s, "\n{}: {} {days}", tr(loc, "float"), tt.total_float);
        if tt.critical {
            let _ = write!(s, " · {}", tr(loc, "critical"));
        }
        if t.meta.flex {
            let _ = write!(s, " · {}", tr(loc, "flex"));
        }
        if let Some((Some(bs), Some(be))) = t.meta.baseline.as_ref().map(|b| (b.start, b.end)) {
            let (a, b) = (i18n::short_date(loc, bs.0), i18n::short_date(loc, be.0));
            let _ = write!(s, "\n{}: {a} – {b}", tr(loc, "baseline"));
        }
        if let Some(v) = tt.variance.filter(|v| *v != 0) {
            let _ = write!(s, "\n{}: {v:+} {days}", tr(loc, "variance"));
        }
        if let Some(due) = t.meta.due {
            let _ = write!(s, "\n{}: {}", tr(loc, "due"), i18n::short_date(loc, due.0));
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
                    let kind = dep_name(d.kind).to_uppercase();
                    match (d.kind, d.lag) {
                        (DepKind::Fs, 0) => title.to_string(),
                        (_, 0) => format!("{title} ({kind})"),
                        (_, lag) => format!("{title} ({kind} {lag:+}d)"),
                    }
                })
                .collect();
            let _ = write!(s, "\n{}: {}", tr(loc, "after"), names.join(", "));
        }
        s
    }
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
    // Where the vertical leg may go: a stub away from both ends, on the side each faces.
    let lo = if out_dir > 0.0 { xo + STUB } else { f64::NEG_INFINITY };
    let hi = if out_dir > 0.0 { f64::INFINITY } else { xo - STUB };
    let (lo, hi) = if in_dir > 0.0 { (lo, hi.min(xi - STUB)) } else { (lo.max(xi + STUB), hi) };
    let path = PathData::default().move_to(xo, yo);
    let stub = xo + out_dir * STUB;
    if lo <= hi {
        let xm = if out_dir > 0.0 { lo } else { hi };
        path.h(xm).v(yi).h(xi)
    } else if (to.x_start + 2.0..=to.x_end - 2.0).contains(&stub) && (yi - yo).abs() > to.half + 4.0
    {
        let edge = if yi > yo { yi - to.half } else { yi + to.half };
        path.h(stub).v(edge)
    } else {
        // The row boundary beside the predecessor: half a row from its bar's centre line.
        let centre_to_edge = ROW_H - (BAR_Y + BAR_H / 2.0);
        let gap = if yi > yo { yo + centre_to_edge } else { yo - (BAR_Y + BAR_H / 2.0) };
        path.h(stub).v(gap).h(xi - in_dir * STUB).v(yi).h(xi)
    }
}

/// The date the task was meant to finish by, when it is forecast to finish later.
fn planned_end(t: &Task, tt: &TaskTimes) -> Option<NaiveDate> {
    let due = t.meta.due.map(|d| d.0);
    let base = t.meta.baseline.as_ref().and_then(|b| b.end).map(|d| d.0);
    due.into_iter().chain(base).filter(|d| *d < tt.end).min()
}

fn dep_name(k: DepKind) -> &'static str {
    match k {
        DepKind::Fs => "fs",
        DepKind::Ss => "ss",
        DepKind::Ff => "ff",
        DepKind::Sf => "sf",
    }
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
        let early_above = Placed { y: 20.0, ..early };
        assert_eq!(
            route_arrow(&from, &early_above, DepKind::Fs).as_str(),
            "M200 72H208V60H142V20H150"
        );
        // Back to back: the stub ends above the successor, so the arrow drops onto its top...
        let next = Placed { x_start: 200.0, ..to };
        assert_eq!(route_arrow(&from, &next, DepKind::Fs).as_str(), "M200 72H208V118");
        // ...or onto its bottom when the successor is drawn above.
        let above = Placed { y: 20.0, ..next };
        assert_eq!(route_arrow(&from, &above, DepKind::Fs).as_str(), "M200 72H208V26");
    }
}
