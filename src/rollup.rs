//! What rendering needs beyond the notes: goal progress weighted by duration, counts, links back.

use crate::meta::Status;
use crate::model::Plan;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The plan plus everything computed from it for a status date.
#[derive(Debug)]
pub struct Analysis {
    /// The plan.
    pub plan: Plan,
    /// The status date.
    pub as_of: NaiveDate,
    /// Percent complete of each goal, from the tasks of its whole subtree weighted by duration.
    pub goal_progress: crate::model::Table<Option<f64>>,
    /// Task counts by status (milestones excluded).
    pub status_counts: BTreeMap<Status, usize>,
    /// For each task, the tasks that depend on it, in id order.
    pub dependents: crate::model::IdMap<Vec<String>>,
    /// Computed dates, floats and the critical path (`None` when dependencies form a cycle).
    pub schedule: Option<crate::schedule::Schedule>,
    /// Each metric's report at the status date.
    pub metrics: BTreeMap<String, crate::metrics::MetricReport>,
    /// For each task, the risks that name it, in id order.
    pub task_risks: crate::model::IdMap<Vec<String>>,
}

/// Computes the analysis of `plan` at `as_of`; scheduling problems go to `diags`.
pub fn analyse(plan: Plan, as_of: NaiveDate, diags: &mut crate::diag::Diagnostics) -> Analysis {
    // The schedule, the metrics and the roll-ups are independent: made side by side.
    let ((schedule, found), (metrics, rest)) = rayon::join(
        || {
            let mut found = crate::diag::Diagnostics::default();
            (crate::schedule::compute(&plan, as_of, &mut found), found)
        },
        || rayon::join(|| crate::metrics::evaluate(&plan, as_of), || rollups(&plan)),
    );
    diags.append(found);
    let (goal_progress, status_counts, dependents, task_risks) = rest;
    Analysis {
        plan,
        as_of,
        goal_progress,
        status_counts,
        dependents,
        schedule,
        metrics,
        task_risks,
    }
}

/// Goal progress, status counts, each task's dependents and risks.
type Rollups = (
    crate::model::Table<Option<f64>>,
    BTreeMap<Status, usize>,
    crate::model::IdMap<Vec<String>>,
    crate::model::IdMap<Vec<String>>,
);

fn rollups(plan: &Plan) -> Rollups {
    let mut sums: rustc_hash::FxHashMap<&str, (f64, f64)> = rustc_hash::FxHashMap::default();
    for t in plan.tasks.values() {
        if t.meta.status == Status::Cancelled {
            continue;
        }
        let w = t.weight();
        let mut goal = t.goal.as_deref();
        let mut hops = 0;
        while let Some(g) = goal {
            let e = sums.entry(g).or_default();
            e.0 += w * t.percent();
            e.1 += w;
            goal = plan.goals.get(g).and_then(|x| x.parent.as_deref());
            hops += 1;
            if hops > plan.goals.len() {
                break;
            }
        }
    }
    let goal_progress = plan
        .goals
        .keys()
        .map(|g| {
            let p = sums.get(g.as_str()).filter(|(_, w)| *w > 0.0).map(|(s, w)| s / w);
            (g.clone(), p)
        })
        .collect();
    let mut status_counts: BTreeMap<Status, usize> = Status::ALL.iter().map(|s| (*s, 0)).collect();
    for t in plan.tasks.values().filter(|t| t.kind == crate::meta::Kind::Task) {
        *status_counts.entry(t.meta.status).or_default() += 1;
    }
    let mut dependents = crate::model::IdMap::<Vec<String>>::default();
    for t in plan.tasks.values() {
        for d in &t.depends {
            // A task that depends on another twice (start and finish, say) needs it once.
            crate::model::push_once(dependents.entry(d.task.clone()).or_default(), &t.id);
        }
    }
    let mut task_risks = crate::model::IdMap::<Vec<String>>::default();
    for r in plan.risks.values() {
        for t in &r.meta.tasks {
            crate::model::push_once(task_risks.entry(t.clone()).or_default(), &r.id);
        }
    }
    (goal_progress, status_counts, dependents, task_risks)
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::source::SourceFile;

    #[test]
    fn a_task_that_depends_twice_on_another_is_one_of_its_dependents() {
        let file = |p: &str, t: &str| SourceFile {
            rel_path: p.to_string(),
            abs_path: p.into(),
            text: t.to_string(),
        };
        let files = vec![
            file("plan.md", "---\nkind: plan\ntitle: P\nstart: 2026-11-02\n---\n"),
            file("a.md", "---\nkind: task\ntitle: A\nduration: 2d\n---\n"),
            file("b.md", "---\nkind: task\ntitle: B\nduration: 1d\ndepends: [a, a:ff]\n---\n"),
            file("c.md", "---\nkind: task\ntitle: C\nduration: 1d\ndepends: [a]\n---\n"),
        ];
        let mut diags = Diagnostics::default();
        let plan = crate::load_files(std::path::Path::new("."), files, &mut diags).expect("plan");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let a = super::analyse(plan, as_of, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render());
        assert_eq!(a.dependents["a"], ["b", "c"]);
        assert_eq!(a.plan.tasks["b"].depends.len(), 2, "both links stay on the task");
    }
}
