//! `jindu check` lints: goals that are not SMART, tasks whose RACI is incomplete or
//! contradictory, people with more work than capacity, metrics without a definition.

use crate::diag::{Diagnostic, Diagnostics};
use crate::meta::{Kind, Status};
use crate::model::{IdMap, Plan, Task};
use crate::rollup::Analysis;
use crate::view::load::{self, TaskRoles};
use chrono::Datelike;
use rayon::prelude::*;

/// A warning about a whole note, pointing at its first line.
fn warn(path: &str, msg: String, hint: &str) -> Diagnostic {
    Diagnostic { line: 1, col: 1, len: 3, ..Diagnostic::file_error(path, msg) }.hint(hint).warning()
}

/// Adds warnings about the plan's method, not its syntax.
pub(crate) fn lint(a: &Analysis, diags: &mut Diagnostics) {
    let plan = &a.plan;
    // Each task's people, resolved once for the RACI checks and for everyone's weekly load.
    let roles = load::all_roles(plan);
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
    // The tasks are checked on every core while the weekly loads are added up.
    let (task_warnings, overloaded) = rayon::join(
        || {
            let tasks: Vec<&Task> =
                plan.tasks.values().filter(|t| t.meta.status != Status::Cancelled).collect();
            tasks.par_iter().flat_map_iter(|t| task(plan, t, roles.get(&t.id))).collect::<Vec<_>>()
        },
        || overload(a, &roles),
    );
    for d in task_warnings {
        diags.push(d);
    }
    if let Some(s) = &a.schedule {
        for w in &s.warnings {
            diags.push(w.clone());
        }
    }
    for d in overloaded {
        diags.push(d);
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

/// The warnings about task `t` (not cancelled), whose people are `roles`.
fn task(plan: &Plan, t: &Task, roles: Option<&TaskRoles>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
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
    if let Some(roles) = roles {
        raci(plan, t, roles, &mut diags);
    }
    if t.kind == Kind::Task && t.meta.deliverable.is_none() {
        diags.push(warn(
            &t.source.path,
            format!("task `{}` has no deliverable", t.id),
            "add `deliverable:` and `acceptance:` so everyone knows when it is done",
        ));
    }
    diags
}

/// RACI warnings beyond a missing R or A. The format has one `accountable` per task, so more
/// than one Accountable arises when that value names several people (`"a, b"`, `"a and b"`,
/// `"a/b"`, `"甲、乙"`); and a role is contradictory when the Accountable (or the Responsible)
/// is also listed as Consulted or Informed.
fn raci(plan: &Plan, t: &Task, roles: &TaskRoles, diags: &mut Vec<Diagnostic>) {
    let Some(acc) = t.accountable.as_deref() else { return };
    let names = load::accountable_names(plan, acc);
    if names.len() > 1 {
        diags.push(
            t.source
                .diag_at("raci", Some(acc.trim()), format!(
                    "{} `{}` has {} Accountable people ({}); a task has exactly one",
                    t.kind.name(),
                    t.id,
                    names.len(),
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ))
                .hint("keep the one person who answers for the result in `raci.accountable` and move the others to `raci.consulted`")
                .warning(),
        );
    }
    let name = |id: &str| plan.people.get(id).map_or(id, |p| p.name.as_str()).to_string();
    let mut conflicts: Vec<(String, &str, &str)> = Vec::new();
    for a in &roles.a {
        for (list, role) in [(&roles.c, "Consulted"), (&roles.i, "Informed")] {
            if list.contains(a) {
                conflicts.push((a.clone(), "Accountable", role));
            }
        }
    }
    if let Some(r) = &roles.r {
        for (list, role) in [(&roles.c, "Consulted"), (&roles.i, "Informed")] {
            if list.contains(r) {
                conflicts.push((r.clone(), "Responsible", role));
            }
        }
    }
    for (who, first, second) in conflicts {
        let key = if second == "Consulted" { "consulted" } else { "informed" };
        let written =
            if second == "Consulted" { &t.meta.raci.consulted } else { &t.meta.raci.informed };
        let shown = written
            .iter()
            .find(|n| {
                crate::assemble::person_id(plan, n).unwrap_or_else(|| n.trim().to_string()) == who
            })
            .map_or(who.as_str(), String::as_str);
        // Point at the name in the `consulted:`/`informed:` list of the `raci:` block.
        let fm = &t.source.front_matter;
        let raci_line = fm.lines().position(|l| l.starts_with("raci:")).map_or(1, |i| i + 1);
        let list_line = fm
            .lines()
            .enumerate()
            .skip(raci_line)
            .find(|(_, l)| l.trim_start().starts_with(&format!("{key}:")))
            .map_or(raci_line, |(i, _)| i + 1);
        let pos = crate::locate::find_value(fm, shown, list_line)
            .unwrap_or_else(|| crate::locate::find(fm, "raci", None));
        diags.push(
            Diagnostic::at(
                &t.source.path,
                fm,
                pos,
                format!("{} `{}` lists {} as both {first} and {second}", t.kind.name(), t.id, name(&who)),
            )
            .hint(format!("one role per person: the {first} is not also {second}; remove them from `raci.{key}`"))
            .warning(),
        );
    }
}

/// A warning for each person with a `capacity` who has more workdays of tasks (as Responsible)
/// than that capacity in some ISO week from the status date's week on.
fn overload(a: &Analysis, roles: &IdMap<TaskRoles>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let weeks = load::weekly_load(a, roles);
    for (id, person_weeks) in &weeks {
        let over = load::overloaded_weeks(a, id, person_weeks);
        if over.is_empty() {
            continue;
        }
        let Some(person) = a.plan.people.get(id) else { continue };
        let Some(source) = person.source.as_ref() else { continue };
        let capacity = load::capacity(&a.plan, id).unwrap_or_default();
        let list: Vec<String> = over
            .iter()
            .take(4)
            .map(|(monday, w)| {
                let iso = monday.iso_week();
                format!(
                    "{}-W{:02} has {} workdays of tasks for {} available ({})",
                    iso.year(),
                    iso.week(),
                    w.days,
                    fmt_days(w.available(capacity)),
                    w.tasks.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        let more =
            if over.len() > 4 { format!(" and {} more", over.len() - 4) } else { String::new() };
        diags.push(
            source
                .diag_at("capacity", None, format!(
                    "{} is overloaded in {} week(s): {}{more}",
                    person.name,
                    over.len(),
                    list.join("; ")
                ))
                .hint("move or stretch some of these tasks, give them to someone else, or raise `capacity` if it is wrong")
                .warning(),
        );
    }
    diags
}

fn fmt_days(v: f64) -> String {
    if v.fract().abs() < 1e-9 { format!("{v:.0}") } else { format!("{v:.1}") }
}
