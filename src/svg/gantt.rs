//! The Gantt chart: rows grouped by goal, bars coloured by status (readable in grayscale too),
//! milestones, baselines, late forecasts, dependency arrows and the status-date line, as one
//! self-contained SVG with links, tooltips and `data-*` hooks and no script.

mod bars;
mod draw;
mod inputs;
mod style;

use super::axis::{self, Unit};
use super::safe_id;
use crate::meta::{Kind, Locale, Status};
use crate::model::Task;
use crate::rollup::Analysis;
use crate::schedule::{Schedule, TaskTimes};
use chrono::NaiveDate;
use draw::{BODY_Y, Chart, LEGEND_H, ROW_H, message};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use style::tr;

pub(crate) use inputs::chart_key;

/// A goal's chart with more tasks than this (in its whole subtree) shows each sub-goal as one
/// summary row.
pub const GOAL_OUTLINE_ABOVE: usize = 120;

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
    /// At most this many tasks and milestones, the most pressing kept (see [`pressing`]);
    /// `None` shows all.
    pub max_tasks: Option<usize>,
}

impl Default for GanttOptions {
    fn default() -> Self {
        GanttOptions {
            id_prefix: "gantt".to_string(),
            locale: Locale::En,
            href_root: String::new(),
            collapse_done: false,
            max_tasks: None,
        }
    }
}

/// Printable areas (width, height in millimetres) of A4 and US Letter in landscape, less the
/// 10 mm margins of the Gantt page's print style sheet (`@page gantt` in `style.css`).
pub const PRINT_PAPERS: [(f64, f64); 2] = [(277.0, 190.0), (259.4, 195.9)];

/// Millimetres per CSS pixel: the size a chart prints at when it is narrower than the paper.
const MM_PER_PX: f64 = 25.4 / 96.0;

/// How a chart is cut into print pages (see [`render_pages`]).
#[derive(Debug, Clone)]
pub struct PrintFit {
    /// Printable areas (width, height in mm) every page must fit, at its natural size or
    /// shrunk to the paper's width, whichever is smaller (CSS `max-width: 100%`).
    pub papers: Vec<(f64, f64)>,
    /// Height in mm taken on the first page above the chart (the page and section headings).
    pub first_used_mm: f64,
    /// At most this many rows on a page, whatever the paper allows.
    pub max_rows: Option<usize>,
}

impl Default for PrintFit {
    fn default() -> Self {
        PrintFit { papers: PRINT_PAPERS.to_vec(), first_used_mm: 0.0, max_rows: None }
    }
}

impl PrintFit {
    /// Rows that fit on a page of a chart `width` px wide, with `used_mm` already taken.
    fn rows(&self, width: f64, used_mm: f64) -> usize {
        let height = self
            .papers
            .iter()
            .map(|(w, h)| (h - used_mm) / MM_PER_PX.min(w / width.max(1.0)))
            .fold(f64::INFINITY, f64::min);
        // Two pixels to spare for rounding in the browser.
        let rows = ((height - 2.0 - BODY_Y - LEGEND_H) / ROW_H).floor().max(1.0) as usize;
        self.max_rows.map_or(rows, |m| rows.min(m.max(1)))
    }
}

/// How many rows the chart of `view` has (0 when it is a message chart).
pub fn row_count(a: &Analysis, view: &GanttView, opts: &GanttOptions) -> usize {
    a.schedule.as_ref().map_or(0, |s| rows(a, s, view, opts).len())
}

/// How many tasks and milestones `view` covers, before `max_tasks` cuts them.
pub fn task_count(a: &Analysis, view: &GanttView) -> usize {
    a.schedule.as_ref().map_or(0, |s| items(a, s, view).len())
}

/// Renders the chart of `view` as a standalone SVG document (also fit to inline in HTML).
pub fn render(a: &Analysis, view: &GanttView, opts: &GanttOptions) -> String {
    match prepare(a, view, opts) {
        Ok(mut chart) => chart.draw(),
        Err(msg) => msg,
    }
}

/// Renders the chart of `view` for print: a sequence of SVGs that share one time axis, each
/// with the header, status line and legend, each no taller than a page of `fit.papers`, cut
/// between rows (so no bar is split) and preferably before a goal. A page that starts inside
/// a goal repeats the goal's header, marked as continued; when there are several pages, each
/// says which it is. Ids are `{id_prefix}-p{n}`.
pub fn render_pages(
    a: &Analysis,
    view: &GanttView,
    opts: &GanttOptions,
    fit: &PrintFit,
) -> Vec<String> {
    let mut chart = match prepare(a, view, opts) {
        Ok(chart) => chart,
        Err(msg) => return vec![msg],
    };
    let first = fit.rows(chart.width, fit.first_used_mm);
    let rest = fit.rows(chart.width, 0.0);
    let pages = paginate(&chart.rows, first, rest);
    let n = pages.len();
    let prefix = chart.p.clone();
    pages
        .into_iter()
        .enumerate()
        .map(|(k, (page, context))| {
            let page_no = Some((k + 1, n)).filter(|_| n > 1);
            chart.draw_page(format!("{prefix}-p{}", k + 1), page, context, page_no)
        })
        .collect()
}

/// The chart ready to draw, or the message chart that stands in for it.
fn prepare<'a>(
    a: &'a Analysis,
    view: &'a GanttView,
    opts: &'a GanttOptions,
) -> Result<Chart<'a>, String> {
    let prefix = safe_id(&opts.id_prefix);
    let Some(schedule) = a.schedule.as_ref() else {
        return Err(message(&prefix, opts.locale, tr(opts.locale, "no_schedule")));
    };
    let rows = rows(a, schedule, view, opts);
    // Something to draw: a task, folded work, or a sub-goal's summary row in an outline.
    let drawn = |r: &Row<'_>| match r.kind {
        RowKind::Task(..) | RowKind::Collapsed { .. } => true,
        RowKind::Goal(_) => r.depth > 0,
        RowKind::Other => false,
    };
    if !rows.iter().any(drawn) {
        return Err(message(&prefix, opts.locale, tr(opts.locale, "no_tasks")));
    }
    Ok(Chart::new(a, schedule, view, opts, prefix, rows))
}

/// A print page: the rows it shows, and the goal headers repeated above them.
type Page = (Range<usize>, Vec<usize>);

/// Cuts `rows` into pages of at most `first` rows (the first page) and `rest` rows (the
/// others), counting repeated headers. A page never ends on a goal header, and breaks before
/// one when a header falls in the last third of the page.
fn paginate(rows: &[Row<'_>], first: usize, rest: usize) -> Vec<Page> {
    let header = |i: usize| matches!(rows[i].kind, RowKind::Goal(_) | RowKind::Other);
    let mut pages: Vec<Page> = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let cap = if pages.is_empty() { first } else { rest }.max(1);
        let mut context = context(rows, start);
        // Too small a page drops the outermost headers first.
        let drop = (context.len() + 1).saturating_sub(cap);
        context.drain(..drop);
        let room = cap - context.len();
        let mut end = (start + room).min(rows.len());
        if end < rows.len() {
            let late = start + (2 * room).div_ceil(3).max(1);
            if let Some(j) = (late..=end).rev().find(|j| header(*j)) {
                end = j;
            }
            while end > start + 1 && header(end - 1) {
                end -= 1;
            }
        }
        pages.push((start..end, context));
        start = end;
    }
    pages
}

/// The goal headers that row `i` sits under, outermost first (none for a row at depth 0).
fn context(rows: &[Row<'_>], i: usize) -> Vec<usize> {
    let mut need = rows.get(i).map_or(0, |r| r.depth);
    let mut out = Vec::new();
    for j in (0..i).rev() {
        if need == 0 {
            break;
        }
        if matches!(rows[j].kind, RowKind::Goal(_) | RowKind::Other) && rows[j].depth < need {
            out.push(j);
            need = rows[j].depth;
        }
    }
    out.reverse();
    out
}

/// One row of the chart.
#[derive(Debug, Clone, Copy)]
struct Row<'a> {
    kind: RowKind<'a>,
    depth: usize,
}

#[derive(Debug, Clone, Copy)]
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

/// The tasks and milestones `view` covers, in no particular order.
fn items<'a>(a: &'a Analysis, s: &'a Schedule, view: &GanttView) -> Vec<Item<'a>> {
    let plan = &a.plan;
    let (window_start, window_end) = match view {
        GanttView::LookAhead(weeks) => look_ahead(a.as_of, *weeks),
        _ => (a.as_of, a.as_of),
    };
    // A goal's chart starts from its subtree's tasks (scanning the plan per goal would cost
    // goals × tasks); the order does not matter, the rows are sorted below.
    let candidates: Vec<&Task> = match view {
        GanttView::Goal(g) => plan.subtree_tasks(g),
        _ => plan.tasks.values().collect(),
    };
    candidates
        .into_iter()
        .filter(|t| t.meta.status != Status::Cancelled)
        .filter_map(|t| Some((t, s.tasks.get(&t.id)?)))
        .filter(|(t, tt)| match view {
            GanttView::Plan | GanttView::Goal(_) => true,
            GanttView::Critical => tt.critical,
            GanttView::LookAhead(_) => {
                tt.start <= window_end
                    && tt.end >= window_start.max(a.as_of)
                    && (t.meta.status != Status::Done || t.kind == Kind::Milestone)
            }
        })
        .collect()
}

/// The rows of `view`: goal headers in goal-tree order, each followed by its tasks by date.
fn rows<'a>(
    a: &'a Analysis,
    s: &'a Schedule,
    view: &GanttView,
    opts: &GanttOptions,
) -> Vec<Row<'a>> {
    let plan = &a.plan;
    let collapse = opts.collapse_done;
    let mut items = items(a, s, view);
    if let Some(max) = opts.max_tasks.filter(|m| items.len() > *m) {
        items.select_nth_unstable_by_key(max, pressing);
        items.truncate(max);
    }
    sort_by_date(&mut items);
    if *view == GanttView::Critical {
        return items
            .into_iter()
            .map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth: 0 })
            .collect();
    }

    let task_rows = items.len();
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
    // Sibling goals in the order their work starts, so the chart reads top left to bottom right.
    let by_start = |list: &mut Vec<&'a str>| {
        list.sort_by_key(|g| (s.goals.get(*g).map_or(NaiveDate::MAX, |t| t.start), *g));
    };
    let kids_of = |g: &'a str| {
        let mut list: Vec<&'a str> = plan
            .child_goals(Some(g))
            .into_iter()
            .map(|c| c.id.as_str())
            .filter(|c| *c != g)
            .collect();
        by_start(&mut list);
        list
    };
    let mut roots: Vec<&str> = match view {
        GanttView::Goal(g) => {
            plan.goals.get_key_value(g.as_str()).map(|(k, _)| k.as_str()).into_iter().collect()
        }
        _ => plan
            .goals
            .values()
            .filter(|g| {
                g.parent.as_deref().is_none_or(|p| !plan.goals.contains_key(p) || p == g.id)
            })
            .map(|g| g.id.as_str())
            .collect(),
    };
    by_start(&mut roots);
    // A big goal's chart shows its own tasks and one summary row per sub-goal (each links to
    // its page), rather than every task below it.
    let outline = matches!(view, GanttView::Goal(_)) && task_rows > GOAL_OUTLINE_ABOVE;
    let mut out = Vec::new();
    let mut visited = BTreeSet::new();
    let mut stack: Vec<(&str, usize)> = roots.iter().rev().map(|g| (*g, 0)).collect();
    while let Some((g, depth)) = stack.pop() {
        if !visited.insert(g) || !shown.contains(g) {
            continue;
        }
        out.push(Row { kind: RowKind::Goal(g), depth });
        let list = by_goal.remove(g);
        if outline && depth > 0 {
            continue;
        }
        if let Some(list) = list {
            push_tasks(&mut out, g, list, depth + 1, collapse);
        }
        stack.extend(kids_of(g).iter().rev().map(|k| (*k, depth + 1)));
    }
    // Tasks of goals not reached (a goal cycle, or outside the goal view) go with the rest.
    if !matches!(view, GanttView::Goal(_)) {
        other.extend(by_goal.into_values().flatten());
    }
    if !other.is_empty() {
        sort_by_date(&mut other);
        if !out.is_empty() {
            out.push(Row { kind: RowKind::Other, depth: 0 });
        }
        let depth = usize::from(!out.is_empty());
        out.extend(other.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    }
    out
}

/// Appends the rows of a goal's own tasks; with `collapse`, two or more finished tasks fold into
/// one row (milestones stay: they are the dates people look for).
fn push_tasks<'a>(
    out: &mut Vec<Row<'a>>,
    goal: &'a str,
    list: Vec<Item<'a>>,
    depth: usize,
    collapse: bool,
) {
    let folds = |(t, _): &Item<'a>| t.meta.status == Status::Done && t.kind == Kind::Task;
    if collapse && list.iter().filter(|it| folds(it)).count() >= 2 {
        let (done, rest): (Vec<_>, Vec<_>) = list.into_iter().partition(|it| folds(it));
        let start = done.iter().map(|(_, tt)| tt.start).min().unwrap_or_default();
        let end = done.iter().map(|(_, tt)| tt.end).max().unwrap_or_default();
        out.push(Row { kind: RowKind::Collapsed { goal, count: done.len(), start, end }, depth });
        out.extend(rest.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    } else {
        out.extend(list.into_iter().map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth }));
    }
}

/// Which tasks a chart cut to `max_tasks` keeps first: late, then critical, then milestones,
/// then the least float, the earliest start.
fn pressing<'a>((t, tt): &Item<'a>) -> (bool, bool, bool, i64, NaiveDate, &'a str) {
    let milestone = t.kind == Kind::Milestone;
    (!tt.late, !tt.critical, !milestone, tt.total_float, tt.start, t.id.as_str())
}

fn sort_key<'a>((t, tt): &Item<'a>) -> (NaiveDate, NaiveDate, bool, &'a str) {
    (tt.start, tt.end, t.kind == Kind::Milestone, t.id.as_str())
}

/// Sorts items by `sort_key`, each key read once: comparing by reading the task and its times
/// again missed the cache on every comparison of a 100,000-task chart. Ids are unique, so the
/// order is total and an unstable sort gives the same order.
fn sort_by_date(items: &mut Vec<Item<'_>>) {
    let mut keyed: Vec<_> = items.drain(..).map(|it| (sort_key(&it), it)).collect();
    keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    items.extend(keyed.into_iter().map(|(_, it)| it));
}

/// The days a look-ahead of `weeks` covers: from the Monday of the status date's week.
fn look_ahead(as_of: NaiveDate, weeks: u32) -> (NaiveDate, NaiveDate) {
    let start = Unit::Week.floor(as_of);
    (start, axis::add_days(start, 7 * i64::from(weeks.clamp(1, 520)) - 1))
}

/// The label-column text of a row.
fn row_label(a: &Analysis, r: &Row<'_>, loc: Locale) -> String {
    match r.kind {
        RowKind::Goal(g) => {
            a.plan.goals.get(g).map_or_else(|| g.to_string(), |x| x.meta.title.clone())
        }
        RowKind::Other => tr(loc, "other").to_string(),
        RowKind::Task(t, _) => t.meta.title.clone(),
        RowKind::Collapsed { count, .. } => tr(loc, "n_done").replace("{n}", &count.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::source::SourceFile;

    pub(super) fn analysis(files: &[(&str, &str)], as_of: &str) -> Analysis {
        let mut diags = Diagnostics::default();
        let files = files
            .iter()
            .map(|(p, t)| SourceFile {
                rel_path: (*p).to_string(),
                abs_path: (*p).into(),
                text: (*t).to_string(),
            })
            .collect();
        let plan = crate::load_files(std::path::Path::new("."), files, &mut diags).expect("plan");
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let a = crate::rollup::analyse(plan, as_of, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render());
        a
    }

    const PLAN: &str = "---\nkind: plan\ntitle: P\nstart: 2026-11-02\n---\n";

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
        let cut = |v: &GanttView, collapse: bool, max_tasks: Option<usize>| -> Vec<String> {
            let opts = GanttOptions { collapse_done: collapse, max_tasks, ..Default::default() };
            rows(&a, s, v, &opts)
                .iter()
                .map(|r| match r.kind {
                    RowKind::Goal(g) => format!("{}#{g}", r.depth),
                    RowKind::Other => "other".into(),
                    RowKind::Task(t, _) => format!("{}:{}", r.depth, t.id),
                    RowKind::Collapsed { count, .. } => format!("done×{count}"),
                })
                .collect()
        };
        let ids = |v: &GanttView, collapse: bool| cut(v, collapse, None);
        assert_eq!(
            ids(&GanttView::Plan, false),
            ["0#g", "1:a", "1:b", "1#h", "2:c", "2:m", "other", "1:loose"]
        );
        assert_eq!(ids(&GanttView::Goal("h".into()), false), ["0#h", "1:c", "1:m"]);
        assert_eq!(ids(&GanttView::Critical, false), ["0:b", "0:c", "0:m"]);
        // One week from Tuesday 3 Nov is that week, Monday to Sunday: C (Monday 9) is outside.
        assert_eq!(ids(&GanttView::LookAhead(1), false), ["0#g", "1:b", "other", "1:loose"]);
        assert_eq!(
            ids(&GanttView::Plan, true),
            ids(&GanttView::Plan, false),
            "one done task stays"
        );
        assert_eq!(
            ids(&GanttView::LookAhead(2), false),
            ["0#g", "1:b", "1#h", "2:c", "2:m", "other", "1:loose"]
        );
        assert_eq!(task_count(&a, &GanttView::LookAhead(2)), 4);
        // Cut to fewer tasks, the critical milestone goes first, then critical work by start;
        // what is kept is shown in the usual order.
        assert_eq!(cut(&GanttView::LookAhead(2), false, Some(2)), ["0#g", "1:b", "1#h", "2:m"]);
        assert_eq!(
            cut(&GanttView::LookAhead(2), false, Some(3)),
            ["0#g", "1:b", "1#h", "2:c", "2:m"]
        );
        assert_eq!(
            cut(&GanttView::LookAhead(2), false, Some(4)),
            ids(&GanttView::LookAhead(2), false)
        );
    }

    #[test]
    fn pages_break_between_rows_and_repeat_their_goals() {
        let goal = |id, depth| Row { kind: RowKind::Goal(id), depth };
        // Any row that is not a header stands in for a task.
        let task = |depth| Row {
            kind: RowKind::Collapsed {
                goal: "g",
                count: 2,
                start: NaiveDate::MIN,
                end: NaiveDate::MIN,
            },
            depth,
        };
        // g: 3 tasks, then h (under g): 4 tasks.
        let mut rows = vec![goal("g", 0), task(1), task(1), task(1), goal("h", 1)];
        rows.extend((0..4).map(|_| task(2)));
        assert_eq!(context(&rows, 6), [0, 4], "h's task sits under g and h");
        assert_eq!(context(&rows, 4), [0], "h sits under g");
        assert!(context(&rows, 0).is_empty());
        // Four rows a page: g and 3 tasks; then (g) h and 2 tasks; then (g)(h) and 2 tasks.
        let pages = paginate(&rows, 4, 4);
        assert_eq!(pages, [(0..4, vec![]), (4..7, vec![0]), (7..9, vec![0, 4])]);
        // A break that would leave h alone at the bottom moves before it.
        let pages = paginate(&rows, 5, 9);
        assert_eq!(pages[0], (0..4, vec![]));
        // Two rows a page: the outer goal gives way so each page shows a task.
        let pages = paginate(&rows, 2, 2);
        assert!(pages.iter().all(|(r, c)| r.len() + c.len() <= 2 && !r.is_empty()), "{pages:?}");
        let covered: Vec<usize> = pages.iter().flat_map(|(r, _)| r.clone()).collect();
        assert_eq!(covered, (0..rows.len()).collect::<Vec<_>>());
        // One big page: everything.
        assert_eq!(paginate(&rows, 50, 50), [(0..9, vec![])]);
    }

    #[test]
    fn output_is_deterministic_and_escaped() {
        let a = analysis(
            &[
                ("plan.md", PLAN),
                (
                    "a.md",
                    "---\nkind: task\ntitle: \"<b>&amp; ]]> \\\"quoted\\\"\"\nowner: \"<i>x</i>\"\nduration: 2d\n---\n",
                ),
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
            SourceFile {
                rel_path: "plan.md".into(),
                abs_path: "plan.md".into(),
                text: PLAN.into(),
            },
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
        let a =
            crate::rollup::analyse(plan, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(), &mut diags);
        let svg = render(&a, &GanttView::Plan, &GanttOptions::default());
        assert!(svg.contains("gantt-empty") && svg.contains("cycle"), "{svg}");
    }
}
