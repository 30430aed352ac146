//! `jindu check` lints: goals that are not SMART and tasks whose RACI is incomplete.

use crate::diag::{Diagnostic, Diagnostics};
use crate::meta::{Kind, Status};
use crate::rollup::Analysis;

/// Adds warnings about the plan's method, not its syntax.
pub(crate) fn lint(a: &Analysis, diags: &mut Diagnostics) {
    let plan = &a.plan;
    let warn = |path: &str, msg: String, hint: &str| {
        Diagnostic { line: 1, col: 1, len: 3, ..Diagnostic::file_error(path, msg) }
            .hint(hint)
            .warning()
    };
    for g in plan.goals.values() {
        let m = &g.meta;
        let mut missing = Vec::new();
        if m.metric.is_none() {
            missing.push("`metric` (measurable)");
        }
        if m.target.is_none() {
            missing.push("`target` (measurable)");
        }
        if m.due.is_none() {
            missing.push("`due` (time-bound)");
        }
        if m.owner.is_none() {
            missing.push("`owner` (achievable)");
        }
        if !missing.is_empty() {
            diags.push(warn(
                &g.source.path,
                format!("goal `{}` is not SMART: no {}", g.id, missing.join(", ")),
                "add the missing fields so the goal can be measured and owned",
            ));
        }
    }
    for t in plan.tasks.values().filter(|t| t.meta.status != Status::Cancelled) {
        if t.responsible.is_none() {
            diags.push(warn(
                &t.source.path,
                format!("{} `{}` has no owner (Responsible)", t.kind.name(), t.id),
                "add `owner:` or `raci.responsible:`",
            ));
        }
        if t.kind == Kind::Task && t.accountable.is_none() {
            diags.push(warn(
                &t.source.path,
                format!("task `{}` has no Accountable", t.id),
                "add `raci: {accountable: someone}`: exactly one person answers for the task",
            ));
        }
        if t.kind == Kind::Task && t.meta.deliverable.is_none() {
            diags.push(warn(
                &t.source.path,
                format!("task `{}` has no deliverable", t.id),
                "add `deliverable:` and `acceptance:` so everyone knows when it is done",
            ));
        }
        if t.meta.status != Status::Done
            && t.key_date().is_some_and(|d| d.0 < a.as_of)
            && t.meta.due.is_some()
        {
            diags.push(warn(
                &t.source.path,
                format!("{} `{}` is past its due date and not done", t.kind.name(), t.id),
                "mark it `status: done`, or move `due:` and record why in a review",
            ));
        }
    }
    if let Some(s) = &a.schedule {
        for w in &s.warnings {
            diags.push(w.clone());
        }
    }
    for m in plan.metrics.values() {
        if m.meta.definition.as_deref().is_none_or(|d| d.trim().is_empty()) {
            diags.push(warn(
                &m.source.path,
                format!("metric `{}` has no definition", m.id),
                "write its one definition (the caliber), e.g. \"7-day retention of new buyers\"",
            ));
        }
    }
}
