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
    pub goal_progress: BTreeMap<String, Option<f64>>,
    /// Task counts by status (milestones excluded).
    pub status_counts: BTreeMap<Status, usize>,
    /// For each task, the tasks that depend on it, in id order.
    pub dependents: BTreeMap<String, Vec<String>>,
    /// Computed dates, floats and the critical path (`None` when dependencies form a cycle).
    pub schedule: Option<crate::schedule::Schedule>,
    /// Each metric's report at the status date.
    pub metrics: BTreeMap<String, crate::metrics::MetricReport>,
    /// For each task, the risks that name it, in id order.
    pub task_risks: BTreeMap<String, Vec<String>>,
}

/// Computes the analysis of `plan` at `as_of`; scheduling problems go to `diags`.
pub fn analyse(plan: Plan, as_of: NaiveDate, diags: &mut crate::diag::Diagnostics) -> Analysis {
    let schedule = crate::schedule::compute(&plan, as_of, diags);
    let metrics = crate::metrics::evaluate(&plan, as_of);
    let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
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
    let mut dependents: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in plan.tasks.values() {
        for d in &t.depends {
            dependents.entry(d.task.clone()).or_default().push(t.id.clone());
        }
    }
    let mut task_risks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in plan.risks.values() {
        for t in &r.meta.tasks {
            let list = task_risks.entry(t.clone()).or_default();
            if list.last() != Some(&r.id) {
                list.push(r.id.clone());
            }
        }
    }
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
