//! Who does what: every task's RACI resolved to person ids, and each person's load per ISO week
//! in workdays, from the scheduled dates of the tasks they are Responsible for. Pages and
//! `jindu check` read the same numbers.

use crate::assemble::person_id;
use crate::meta::{Kind, Status};
use crate::model::{IdMap, Plan, Task};
use crate::rollup::Analysis;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

/// Longest span of one task counted day by day, so a hostile date range cannot stall a build.
const MAX_SPAN_DAYS: i64 = 3 * 366;

/// The RACI of one task with every name resolved to a person id.
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskRoles {
    /// Responsible (the owner when `raci.responsible` is not given).
    pub r: Option<String>,
    /// Accountable: one person, or several when the value names more than one (each once).
    pub a: Vec<String>,
    /// Consulted (each once).
    pub c: Vec<String>,
    /// Informed (each once).
    pub i: Vec<String>,
}

impl TaskRoles {
    /// The RACI letters of person `id` on this task, in R, A, C, I order (`""` for none).
    pub(crate) fn letters(&self, id: &str) -> String {
        let mut s = String::new();
        if self.r.as_deref() == Some(id) {
            s.push('R');
        }
        if self.a.iter().any(|x| x == id) {
            s.push('A');
        }
        if self.c.iter().any(|x| x == id) {
            s.push('C');
        }
        if self.i.iter().any(|x| x == id) {
            s.push('I');
        }
        s
    }
}

/// Splits an `accountable` value that names several people ("a, b", "a and b", "a/b", "甲、乙")
/// into its names. A value that is itself the name or id of a person with a note stays whole.
pub(crate) fn accountable_names<'s>(plan: &Plan, written: &'s str) -> Vec<&'s str> {
    crate::assemble::split_names(written, |w| {
        person_id(plan, w)
            .is_some_and(|id| plan.people.get(&id).is_some_and(|p| p.source.is_some()))
    })
}

/// Resolves the RACI of task `t`. Names that match no person keep their own id (every name
/// written in the plan is a person), so nothing is lost.
pub(crate) fn task_roles(plan: &Plan, t: &Task) -> TaskRoles {
    let id = |name: &str| person_id(plan, name).unwrap_or_else(|| name.trim().to_string());
    let mut a: Vec<String> = Vec::new();
    if let Some(acc) = t.accountable.as_deref() {
        for name in accountable_names(plan, acc) {
            let p = id(name);
            if !a.contains(&p) {
                a.push(p);
            }
        }
    }
    let dedup = |names: &[String]| {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            let p = id(n);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    };
    TaskRoles {
        r: t.responsible.as_deref().map(id),
        a,
        c: dedup(&t.meta.raci.consulted),
        i: dedup(&t.meta.raci.informed),
    }
}

/// The RACI of every task, by task id.
pub(crate) fn all_roles(plan: &Plan) -> IdMap<TaskRoles> {
    use rayon::prelude::*;
    // Resolving names is most of it, and each task's are its own: made on every core.
    let tasks: Vec<&Task> = plan.tasks.values().collect();
    tasks.par_iter().map(|t| (t.id.clone(), task_roles(plan, t))).collect()
}

/// The tasks each person has a role on, by person id, in task id order (from `all_roles`).
pub(crate) fn involvement(plan: &Plan, roles: &IdMap<TaskRoles>) -> IdMap<Vec<String>> {
    let mut by_person: IdMap<Vec<String>> = IdMap::default();
    for task in plan.tasks.keys() {
        let Some(r) = roles.get(task) else { continue };
        let people = r.r.iter().chain(&r.a).chain(&r.c).chain(&r.i);
        for p in people {
            // One entry per task, whatever the number of roles.
            crate::model::push_once(by_person.entry(p.clone()).or_default(), task);
        }
    }
    by_person
}

/// One person's work in one ISO week.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WeekLoad {
    /// Workdays of tasks they are Responsible for (a day of two tasks counts twice).
    pub days: i64,
    /// Workdays the calendar has in that week.
    pub workdays: i64,
    /// The tasks, in id order.
    pub tasks: Vec<String>,
}

impl WeekLoad {
    /// Workdays the person can give in this week: their capacity, but never more than the
    /// calendar's workdays (a holiday week has fewer).
    pub(crate) fn available(&self, capacity: f64) -> f64 {
        capacity.min(self.workdays as f64)
    }

    /// Whether the load passes what the person can give.
    pub(crate) fn over(&self, capacity: f64) -> bool {
        self.days as f64 > self.available(capacity) + 1e-9
    }
}

/// Each person's load by ISO week (keyed by the week's Monday): every workday between a task's
/// scheduled (or actual) start and end counts one day for its Responsible. Milestones and
/// cancelled tasks carry no work. Empty without a schedule.
pub(crate) fn weekly_load(
    a: &Analysis,
    roles: &IdMap<TaskRoles>,
) -> BTreeMap<String, BTreeMap<NaiveDate, WeekLoad>> {
    let mut out: BTreeMap<String, BTreeMap<NaiveDate, WeekLoad>> = BTreeMap::new();
    let Some(s) = a.schedule.as_ref() else { return out };
    let cal = &s.calendar;
    let mut workdays: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut workdays_of = |monday: NaiveDate| {
        *workdays.entry(monday).or_insert_with(|| {
            (0..7)
                .filter_map(|i| monday.checked_add_days(Days::new(i)))
                .filter(|d| cal.is_workday(*d))
                .count() as i64
        })
    };
    for t in a.plan.tasks.values() {
        if t.kind != Kind::Task || t.meta.status == Status::Cancelled {
            continue;
        }
        let (Some(times), Some(who)) =
            (s.tasks.get(&t.id), roles.get(&t.id).and_then(|r| r.r.as_ref()))
        else {
            continue;
        };
        if times.duration <= 0 || (times.end - times.start).num_days() > MAX_SPAN_DAYS {
            continue;
        }
        let weeks = out.entry(who.clone()).or_default();
        let mut d = times.start;
        while d <= times.end {
            if cal.is_workday(d) {
                let monday = week_monday(d);
                let available = workdays_of(monday);
                let w = weeks
                    .entry(monday)
                    .or_insert_with(|| WeekLoad { workdays: available, ..WeekLoad::default() });
                w.days += 1;
                if w.tasks.last() != Some(&t.id) {
                    w.tasks.push(t.id.clone());
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
    }
    out
}

/// The Monday of `d`'s ISO week.
pub(crate) fn week_monday(d: NaiveDate) -> NaiveDate {
    let back = u64::from(d.weekday().num_days_from_monday());
    d.checked_sub_days(Days::new(back)).unwrap_or(d)
}

/// The capacity of person `id` in workdays a week, when their note gives one.
pub(crate) fn capacity(plan: &Plan, id: &str) -> Option<f64> {
    plan.people.get(id).and_then(|p| p.meta.as_ref()).and_then(|m| m.capacity)
}

/// Weeks from the status date's week on in which person `id` has more work than capacity.
pub(crate) fn overloaded_weeks<'l>(
    a: &Analysis,
    id: &str,
    weeks: &'l BTreeMap<NaiveDate, WeekLoad>,
) -> Vec<(NaiveDate, &'l WeekLoad)> {
    let Some(cap) = capacity(&a.plan, id) else { return Vec::new() };
    let this_week = week_monday(a.as_of);
    weeks.range(this_week..).filter(|(_, w)| w.over(cap)).map(|(m, w)| (*m, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        for (day, monday) in [
            ("2026-11-23", "2026-11-23"),
            ("2026-11-26", "2026-11-23"),
            ("2026-11-29", "2026-11-23"),
            ("2026-11-30", "2026-11-30"),
            ("2027-01-01", "2026-12-28"),
        ] {
            assert_eq!(week_monday(d(day)), d(monday), "{day}");
        }
    }

    #[test]
    fn capacity_is_capped_by_the_calendar() {
        let w = WeekLoad { days: 4, workdays: 4, tasks: vec![] };
        assert!(!w.over(5.0), "a holiday week of 4 workdays holds 4 days of work");
        assert!(w.over(3.0));
        assert!((w.available(2.5) - 2.5).abs() < 1e-9);
        let full = WeekLoad { days: 5, workdays: 4, tasks: vec![] };
        assert!(full.over(5.0));
    }
}
