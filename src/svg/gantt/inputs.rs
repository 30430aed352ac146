//! What a Gantt chart is drawn from, gathered into a content key, so a page keeps its chart
//! until something the chart shows has changed (not whenever anything in the plan has).
//!
//! The key covers the chart's rows in order and, for each, everything drawing it reads: a task
//! row its task, times, owner's name and predecessors' titles; a goal row its goal, owner's
//! name, progress and times. Beside the rows come what every chart shows: the view and
//! options, the plan's title and calendar (with the window the schedule worked out its
//! holidays for), the status date. A new read in `draw` or `bars` must be added here, with an
//! edit of it in the test `a_chart_key_changes_whenever_its_chart_does`, which edits each input
//! and fails if a chart changes while its key does not.

use super::draw::person_name;
use super::{GanttOptions, GanttView, RowKind, rows};
use crate::fingerprint::Key;
use crate::model::Task;
use crate::rollup::Analysis;
use crate::schedule::TaskTimes;
use serde::Serialize;

/// The key of the chart of `view` drawn with `opts`; `None` when a value refuses to be keyed
/// (then the chart is drawn every time).
pub(crate) fn chart_key(a: &Analysis, view: &GanttView, opts: &GanttOptions) -> Option<u128> {
    let plan = &a.plan;
    let mut k = Key::default();
    let title = match view {
        GanttView::Goal(g) => plan.title_of(g),
        _ => None,
    };
    let schedule = a.schedule.as_ref();
    k.value(&(format!("{view:?}"), title, &opts.id_prefix, opts.locale, &opts.href_root))?;
    k.value(&(
        opts.collapse_done,
        opts.max_tasks,
        a.as_of,
        &plan.plan.meta.title,
        &plan.plan.meta.calendar,
    ))?;
    k.value(&schedule.map(|s| s.calendar.window()))?;
    let Some(s) = schedule else { return Some(k.finish()) };
    for r in rows(a, s, view, opts) {
        match r.kind {
            RowKind::Task(t, tt) => k.value(&(0u8, r.depth, task_row(a, t, tt))),
            RowKind::Goal(g) => {
                let goal = plan.goals.get(g);
                let owner =
                    goal.and_then(|x| x.meta.owner.as_deref()).map(|o| person_name(plan, o));
                let shown = (goal.map(|x| &x.meta), owner, a.goal_progress.get(g), s.goals.get(g));
                k.value(&(1u8, r.depth, g, shown))
            }
            RowKind::Other => k.value(&(2u8, r.depth)),
            RowKind::Collapsed { goal, count, start, end } => {
                k.value(&(3u8, r.depth, goal, count, start, end))
            }
        }?;
    }
    Some(k.finish())
}

/// What a task's row shows: the task (not its body), its times, and the names its tooltip
/// gives its owner and predecessors.
fn task_row<'a>(a: &'a Analysis, t: &'a Task, tt: &'a TaskTimes) -> impl Serialize + 'a {
    let plan = &a.plan;
    let owner = t.responsible.as_deref().map(|o| person_name(plan, o));
    let after: Vec<Option<&str>> = t.depends.iter().map(|d| plan.title_of(&d.task)).collect();
    let task = (&t.id, t.kind, &t.goal, &t.depends, &t.responsible, &t.accountable, &t.meta);
    (task, tt, owner, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::gantt::{GOAL_OUTLINE_ABOVE, render, tests::analysis};

    const AS_OF: &str = "2026-11-03";

    /// A plan where goal `h`'s chart shows a predecessor (`x`) and an owner from outside it,
    /// and `h` has enough tasks for `g`'s chart to show it as one summary row.
    fn base() -> Vec<(String, String)> {
        let cal = "calendar:\n  workdays: [mon, tue, wed, thu, fri]\n  holidays: [2026-12-24]\n";
        let files = [
            ("plan.md", format!("---\nkind: plan\ntitle: P\nstart: 2026-11-02\n{cal}---\n")),
            ("people/ana.md", "---\nkind: person\nname: Ana Lima\n---\n".into()),
            ("people/bo.md", "---\nkind: person\nname: Bo Chen\n---\n".into()),
            ("g/index.md", "---\nkind: goal\ntitle: G\nowner: bo\n---\n".into()),
            ("g/h/index.md", "---\nkind: goal\ntitle: H\ndue: 2026-11-30\n---\n".into()),
            ("g/a.md", "---\nkind: task\ntitle: A\nduration: 2d\nstatus: done\n---\n".into()),
            (
                "g/h/c.md",
                "---\nkind: task\ntitle: C\nduration: 3d\nowner: ana\ndepends: [a, x]\n---\n"
                    .into(),
            ),
            ("g/h/m.md", "---\nkind: milestone\ntitle: M\ndepends: [c]\n---\nNotes.\n".into()),
            ("k/index.md", "---\nkind: goal\ntitle: K\n---\n".into()),
            ("k/x.md", "---\nkind: task\ntitle: X\nduration: 1d\n---\nBody.\n".into()),
            ("g/h/d.md", "---\nkind: task\ntitle: D\nduration: 5d\nprogress: 20\n---\n".into()),
            ("k/y.md", "---\nkind: task\ntitle: Y\nduration: 40d\n---\n".into()),
        ];
        let filler = (0..GOAL_OUTLINE_ABOVE).map(|i| {
            (format!("g/h/f{i}.md"), format!("---\nkind: task\ntitle: F{i}\nduration: 1d\n---\n"))
        });
        files.into_iter().map(|(p, t)| (p.to_string(), t)).chain(filler).collect()
    }

    fn with(files: &[(String, String)], path: &str, from: &str, to: &str) -> Analysis {
        let edited: Vec<(&str, String)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), if p == path { t.replacen(from, to, 1) } else { t.clone() }))
            .inspect(|(p, t)| assert!(*p != path || t.contains(to), "{path}: `{from}` not found"))
            .collect();
        let refs: Vec<(&str, &str)> = edited.iter().map(|(p, t)| (*p, t.as_str())).collect();
        analysis(&refs, AS_OF)
    }

    #[test]
    fn a_chart_key_changes_whenever_its_chart_does() {
        let files = base();
        let text: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let before = analysis(&text, AS_OF);
        let h = GanttView::Goal("h".into());
        let views = [
            h.clone(),
            GanttView::Goal("g".into()),
            GanttView::Goal("k".into()),
            GanttView::Plan,
            GanttView::Critical,
            GanttView::LookAhead(4),
        ];
        let opts = GanttOptions { href_root: "../".into(), ..GanttOptions::default() };
        let outline = render(&before, &views[1], &opts);
        assert!(!outline.contains(">F7<") && !outline.contains(">C<"), "g shows h's tasks");
        // (file, text, its replacement, whether goal h's chart must change: None if either)
        let edits: &[(&str, &str, &str, Option<bool>)] = &[
            ("k/x.md", "title: X", "title: Xavier", Some(true)), // a predecessor's title
            ("people/ana.md", "Ana Lima", "Ana Souza", Some(true)), // an owner's name
            ("plan.md", "title: P", "title: Q", Some(true)),     // in the chart's title
            ("plan.md", "2026-12-24", "2026-11-10", Some(true)), // a holiday on the chart
            ("plan.md", "fri]", "fri, sat]", Some(true)),        // a weekend day less
            ("g/h/index.md", "title: H", "title: Hh", Some(true)),
            ("g/h/index.md", "due: 2026-11-30", "due: 2026-11-04", Some(true)),
            ("g/index.md", "owner: bo", "owner: ana", Some(false)),
            ("people/bo.md", "Bo Chen", "Bo Wang", Some(false)), // owns only goal g
            ("g/h/c.md", "duration: 3d", "duration: 3d\nstatus: doing\nprogress: 40", Some(true)),
            ("g/h/c.md", "[a, x]", "[a, \"x:ss+1d\"]", Some(true)),
            ("g/h/m.md", "title: M", "title: M\ndue: 2026-11-05", Some(true)),
            ("g/h/d.md", "progress: 20", "progress: 70", Some(true)), // and h's row on g's
            ("g/h/d.md", "progress: 20", "progress: 20\ndepends: [x]", Some(true)), // h's end
            ("k/y.md", "title: Y", "title: Why", Some(false)),        // nothing on h's chart
            ("k/x.md", "Body.", "Another body.", Some(false)),
            ("g/h/m.md", "Notes.", "Other notes.", Some(false)),
        ];
        let mut changed = 0;
        for (path, from, to, h_changes) in edits {
            let after = with(&files, path, from, to);
            for view in &views {
                let keys = [&before, &after].map(|a| chart_key(a, view, &opts).expect("a key"));
                let svgs = [&before, &after].map(|a| render(a, view, &opts));
                assert!(
                    keys[0] != keys[1] || svgs[0] == svgs[1],
                    "{path}: `{from}` → `{to}` changes the chart of {view:?}, not its key"
                );
                changed += usize::from(keys[0] != keys[1]);
                if view == &h {
                    if let Some(must) = h_changes {
                        assert_eq!(keys[0] != keys[1], *must, "{path}: `{from}` → `{to}`");
                        assert_eq!(svgs[0] != svgs[1], *must, "{path}: `{from}` → `{to}`");
                    }
                }
            }
        }
        assert!(changed > edits.len(), "the edits changed too few charts to test anything");
        // The status date is on every chart, whether or not the schedule moves with it.
        let dates = ["2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"];
        let at: Vec<Analysis> = dates.iter().map(|d| analysis(&text, d)).collect();
        for (x, y) in at.iter().zip(&at[1..]) {
            for view in &views {
                let same_key = chart_key(x, view, &opts) == chart_key(y, view, &opts);
                let same_svg = render(x, view, &opts) == render(y, view, &opts);
                assert!(!same_key || same_svg, "{view:?}: {} → {}", x.as_of, y.as_of);
            }
        }
    }
}
