//! The Gantt chart: rows grouped by goal, bars coloured by status (readable in grayscale too),
//! milestones, baselines, late forecasts, dependency arrows and the status-date line, as one
//! self-contained SVG with links, tooltips and `data-*` hooks and no script.

mod bars;
mod draw;
mod style;

use super::axis::{self, Unit};
use super::safe_id;
use crate::meta::{Kind, Locale, Status};
use crate::model::{Plan, Task};
use crate::rollup::Analysis;
use crate::schedule::{Schedule, TaskTimes};
use chrono::NaiveDate;
use draw::{Chart, message};
use std::collections::{BTreeMap, BTreeSet};
use style::tr;

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
    let (window_start, window_end) = match view {
        GanttView::LookAhead(weeks) => look_ahead(a.as_of, *weeks),
        _ => (a.as_of, a.as_of),
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
                    && tt.end >= window_start.max(a.as_of)
                    && (t.meta.status != Status::Done || t.kind == Kind::Milestone)
            }
        })
        .collect();
    items.sort_by(|x, y| sort_key(x).cmp(&sort_key(y)));
    if *view == GanttView::Critical {
        return items
            .into_iter()
            .map(|(t, tt)| Row { kind: RowKind::Task(t, tt), depth: 0 })
            .collect();
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
        GanttView::Goal(g) => {
            plan.goals.get_key_value(g.as_str()).map(|(k, _)| k.as_str()).into_iter().collect()
        }
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

fn sort_key<'a>((t, tt): &Item<'a>) -> (NaiveDate, NaiveDate, bool, &'a str) {
    (tt.start, tt.end, t.kind == Kind::Milestone, t.id.as_str())
}

/// The days a look-ahead of `weeks` covers: from the Monday of the status date's week.
fn look_ahead(as_of: NaiveDate, weeks: u32) -> (NaiveDate, NaiveDate) {
    let start = Unit::Week.floor(as_of);
    (start, axis::add_days(start, 7 * i64::from(weeks.clamp(1, 520)) - 1))
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

    fn analysis(files: &[(&str, &str)], as_of: &str) -> Analysis {
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
