//! Critical path method on the working calendar, with status forecasts at the as-of date.
//!
//! All arithmetic happens in workday boundaries (see `calendar`). A task of `d` workdays with
//! earliest start `es` has earliest finish `ef = es + d`; a milestone has `d = 0`.

use crate::calendar::Calendar;
use crate::diag::{Diagnostic, Diagnostics};
use crate::meta::{Kind, Status};
use crate::model::{DepKind, Plan, Task};
use chrono::NaiveDate;
use serde::Serialize;

/// Computed times of one task or milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskTimes {
    /// First workday (for a milestone, its date).
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub start: NaiveDate,
    /// Last workday, inclusive (for a milestone, its date).
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub end: NaiveDate,
    /// Workdays of work (0 for milestones and cancelled tasks).
    pub duration: i64,
    /// Latest start date that keeps every deadline and the project finish.
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub latest_start: NaiveDate,
    /// Latest finish date (inclusive).
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub latest_end: NaiveDate,
    /// Workdays the task can slip without moving the finish or breaking a deadline.
    pub total_float: i64,
    /// Workdays the task can slip without moving any successor.
    pub free_float: i64,
    /// Total float is zero or negative and the task is not finished.
    pub critical: bool,
    /// Dates come from the status at the as-of date (actuals, progress, moved starts).
    pub forecast: bool,
    /// Forecast end passes the due date or the baseline end.
    pub late: bool,
    /// Forecast end minus baseline end, in workdays (positive = later than planned).
    pub variance: Option<i64>,
    /// Workdays the forecast end is past the task's own due date (positive = missed).
    pub due_slip: Option<i64>,
    #[serde(skip)]
    es: i64,
    #[serde(skip)]
    ef: i64,
    #[serde(skip)]
    ls: i64,
    #[serde(skip)]
    lf: i64,
}

/// Start, end and deadline of a goal, from the tasks of its subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalTimes {
    /// First day of its work.
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub start: NaiveDate,
    /// Last day of its work.
    #[serde(serialize_with = "crate::digits::serialize_date")]
    pub end: NaiveDate,
    /// Whether the end is on or before the goal's due date (`None` without a due date).
    pub meets_due: Option<bool>,
}

/// The scheduled plan.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Times by task id.
    pub tasks: crate::model::IdMap<TaskTimes>,
    /// Times by goal id (goals with at least one task).
    pub goals: crate::model::Table<GoalTimes>,
    /// Last workday of the whole plan.
    pub finish: NaiveDate,
    /// Critical chains, each from a start task to a finish task, in order.
    pub critical_paths: Vec<Vec<String>>,
    /// Workdays between the project finish and the plan's due date (negative = late).
    pub plan_slack: Option<i64>,
    /// Warnings for `jindu check`: pinned starts pushed by predecessors, missed deadlines, ...
    pub warnings: Vec<Diagnostic>,
    /// When something slips (negative float or a late task): unfinished flex tasks that could
    /// give time, critical ones first (compress them), then by float (defer them).
    pub relief: Vec<String>,
    /// The calendar used.
    pub calendar: Calendar,
}

/// Most critical chains listed, so a flat plan with many parallel zero-float tasks stays readable.
const MAX_PATHS: usize = 12;

/// Schedules `plan` at `as_of`. Dependency cycles are errors in `diags` and give `None`.
// CPM reads best in its textbook names: es, ef, ls, lf, d for duration, i for a task.
#[allow(clippy::many_single_char_names)]
pub fn compute(plan: &Plan, as_of: NaiveDate, diags: &mut Diagnostics) -> Option<Schedule> {
    let ids: Vec<&str> = plan.tasks.keys().map(String::as_str).collect();
    let index: rustc_hash::FxHashMap<&str, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let tasks: Vec<&Task> = plan.tasks.values().collect();
    let n = tasks.len();
    // preds[i] = (pred index, kind, lag); succs the reverse.
    let mut preds: Vec<Vec<(usize, DepKind, i64)>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<(usize, DepKind, i64)>> = vec![Vec::new(); n];
    for (i, t) in tasks.iter().enumerate() {
        for d in &t.depends {
            if let Some(&p) = index.get(d.task.as_str()) {
                preds[i].push((p, d.kind, i64::from(d.lag)));
                succs[p].push((i, d.kind, i64::from(d.lag)));
            }
        }
    }
    let order = match topo_order(&preds, &succs) {
        Ok(o) => o,
        Err(cyclic) => {
            report_cycles(&tasks, &preds, &cyclic, diags);
            return None;
        }
    };
    let cal = calendar_for(plan, as_of);
    let plan_start = cal.start_of(plan.plan.meta.start.0);
    let asof_b = cal.start_of(as_of);
    let mut warnings = Vec::new();

    // Forward pass.
    let mut dur = vec![0i64; n];
    let mut es = vec![0i64; n];
    let mut ef = vec![0i64; n];
    let mut forecast = vec![false; n];
    let mut end_anchored = vec![false; n];
    for &i in &order {
        let t = tasks[i];
        let m = &t.meta;
        let mut d = planned_duration(t, &cal);
        let pinned = m.start.map(|s| cal.start_of(s.0)).or_else(|| {
            // `end` with a duration (and no start) pins the start back from the end; a
            // milestone's `end` pins it to the end of that day.
            match (m.end, m.duration) {
                (Some(e), Some(_)) => Some(cal.end_of(e.0) - d),
                (Some(e), None) if t.kind == Kind::Milestone => Some(cal.end_of(e.0)),
                _ => None,
            }
        });
        let mut start = pinned.unwrap_or(plan_start);
        let mut anchored = m.start.is_none() && pinned.is_some();
        let mut driven_by: Option<usize> = None;
        for &(p, kind, lag) in &preds[i] {
            let (bound, from_end) = match kind {
                DepKind::Fs => (ef[p] + lag, true),
                DepKind::Ss => (es[p] + lag, false),
                DepKind::Ff => (ef[p] + lag - d, true),
                DepKind::Sf => (es[p] + lag - d, false),
            };
            if bound > start || (bound == start && from_end && pinned.is_none()) {
                if bound > start {
                    driven_by = Some(p);
                }
                start = bound;
                anchored = from_end;
            }
        }
        // The date the task (or milestone) shows, which is what the pin is compared with.
        let shown = if d == 0 && anchored { cal.end_date(start) } else { cal.day(start) };
        if let (Some(p), Some(pin)) = (driven_by, pinned) {
            if start > pin && shown > cal.day(pin) {
                warnings.push(
                    t.source
                        .diag_at("start", None, format!(
                            "`{}` is pinned to start {}, but `{}` only allows {}",
                            t.id,
                            cal.day(pin),
                            tasks[p].id,
                            shown
                        ))
                        .hint("move `start:` later, or shorten the predecessor; jindu schedules the later date")
                        .warning(),
                );
            }
        }
        if m.end.is_some() && m.start.is_none() && m.duration.is_none() && t.kind == Kind::Task {
            // Only an end date: the task runs from its earliest start to that end.
            d = (cal.end_of(m.end.map_or(as_of, |e| e.0)) - start).max(1);
        }
        // Status at the as-of date.
        let mut finish = start + d;
        match m.status {
            Status::Done => {
                if let Some(a) = &m.actual {
                    if let Some(s) = a.start {
                        start = cal.start_of(s.0);
                        anchored = false;
                    }
                    if t.kind == Kind::Milestone {
                        // A milestone is a moment: at the start of its actual start date, else
                        // at the end of its actual end date.
                        if let (None, Some(e)) = (a.start, a.end) {
                            start = cal.end_of(e.0);
                            anchored = true;
                        }
                        finish = start;
                    } else if let Some(e) = a.end {
                        finish = cal.end_of(e.0).max(start);
                    } else {
                        finish = start + d;
                    }
                    d = finish - start;
                    forecast[i] = true;
                }
            }
            Status::Cancelled => {
                d = 0;
                finish = start;
            }
            Status::Doing => {
                if let Some(s) = m.actual.as_ref().and_then(|a| a.start) {
                    start = cal.start_of(s.0);
                    anchored = false;
                }
                let remaining = match m.progress {
                    Some(p) => ((d as f64) * (100.0 - p) / 100.0).ceil() as i64,
                    // Without a progress figure, what is left of the planned span (all of it
                    // when the task is not due to have started yet).
                    None if start >= asof_b => d,
                    None => (start + d - asof_b).max(1),
                };
                finish = start.max(asof_b) + remaining;
                if t.kind == Kind::Milestone {
                    start = finish;
                }
                d = finish - start;
                forecast[i] = true;
            }
            Status::Todo | Status::Blocked => {
                if start < asof_b {
                    start = asof_b;
                    anchored = false;
                    forecast[i] = true;
                }
                finish = start + d;
            }
        }
        dur[i] = d;
        es[i] = start;
        ef[i] = finish;
        end_anchored[i] = anchored && d == 0;
    }
    let project_finish = ef.iter().copied().max().unwrap_or(plan_start);

    // Backward pass: the project finish, then every deadline that applies.
    let plan_due = plan.plan.meta.due.map(|d| cal.end_of(d.0));
    let mut lf = vec![0i64; n];
    let mut ls = vec![0i64; n];
    for &i in order.iter().rev() {
        let t = tasks[i];
        // A milestone at the start of a day is "on" that day: one boundary before its end.
        let early = i64::from(dur[i] == 0 && !end_anchored[i]);
        let mut latest = finish_bound(project_finish, es[i] + dur[i], early);
        for due in deadlines(plan, t) {
            latest = latest.min(cal.end_of(due) - early);
        }
        if let Some(p) = plan_due {
            latest = latest.min(p - early);
        }
        for &(s, kind, lag) in &succs[i] {
            let bound = match kind {
                DepKind::Fs => ls[s] - lag,
                DepKind::Ss => ls[s] - lag + dur[i],
                DepKind::Ff => lf[s] - lag,
                DepKind::Sf => lf[s] - lag + dur[i],
            };
            latest = latest.min(bound);
        }
        lf[i] = latest;
        ls[i] = latest - dur[i];
    }

    // Floats, flags, dates.
    let mut times = crate::model::IdMap::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher);
    for i in 0..n {
        let t = tasks[i];
        let m = &t.meta;
        let total = ls[i] - es[i];
        // Slack before the first successor moves, and never more than before the project
        // finish or a deadline moves.
        let early = i64::from(dur[i] == 0 && !end_anchored[i]);
        let own_bound = deadlines(plan, t)
            .map(|d| cal.end_of(d) - early)
            .chain(plan_due.map(|p| p - early))
            .fold(finish_bound(project_finish, ef[i], early), i64::min);
        let free = succs[i]
            .iter()
            .map(|&(s, kind, lag)| match kind {
                DepKind::Fs => es[s] - lag - ef[i],
                DepKind::Ss => es[s] - lag - es[i],
                DepKind::Ff => ef[s] - lag - ef[i],
                DepKind::Sf => ef[s] - lag - es[i],
            })
            .fold(own_bound - ef[i], i64::min);
        let finished = matches!(m.status, Status::Done | Status::Cancelled);
        let (start, end) = if dur[i] == 0 {
            let day = if end_anchored[i] { cal.end_date(es[i]) } else { cal.day(es[i]) };
            (day, day)
        } else {
            (cal.day(es[i]), cal.end_date(ef[i]))
        };
        // A milestone's latest date follows the same rule as its date.
        let latest_moment = if end_anchored[i] { cal.end_date(ls[i]) } else { cal.day(ls[i]) };
        let due_slip = m.due.map(|d| {
            let due_b = cal.end_of(d.0);
            let fin = if dur[i] == 0 && !end_anchored[i] { es[i] + 1 } else { ef[i] };
            fin - due_b
        });
        let variance = m.baseline.as_ref().and_then(|b| b.end).map(|b| {
            let fin = if dur[i] == 0 && !end_anchored[i] { es[i] + 1 } else { ef[i] };
            fin - cal.end_of(b.0)
        });
        let late = !matches!(m.status, Status::Cancelled)
            && (due_slip.is_some_and(|s| s > 0) || variance.is_some_and(|v| v > 0));
        if late && !finished {
            if let Some(s) = due_slip.filter(|s| *s > 0) {
                warnings.push(
                    m_diag(t, "due", format!("`{}` is forecast to finish {end}, {s} workday(s) after its due date", t.id))
                        .hint("bring it forward (start earlier, shorten predecessors), or move `due:` and record why in a review")
                        .warning(),
                );
            }
        }
        if !finished && total < 0 && due_slip.is_none_or(|s| s <= 0) {
            warnings.push(
                m_diag(t, "title", format!("`{}` has negative float ({total} workdays): a deadline after it cannot be met", t.id))
                    .hint("a goal or plan due date falls before this chain can finish; shorten the chain or move the due date")
                    .warning(),
            );
        }
        if !finished {
            if let Some(due) = m.due.filter(|d| d.0 < as_of) {
                warnings.push(
                    m_diag(t, "due", format!("`{}` was due {} and is not done", t.id, due.0))
                        .hint("mark it `status: done` with `actual:` dates, or move `due:` and record the change in a review")
                        .warning(),
                );
            }
        }
        times.insert(
            t.id.clone(),
            TaskTimes {
                start,
                end,
                duration: dur[i],
                latest_start: if dur[i] == 0 { latest_moment } else { cal.day(ls[i]) },
                latest_end: if dur[i] == 0 { latest_moment } else { cal.end_date(lf[i]) },
                total_float: total,
                free_float: free,
                critical: total <= 0 && !finished,
                forecast: forecast[i],
                late,
                variance,
                due_slip,
                es: es[i],
                ef: ef[i],
                ls: ls[i],
                lf: lf[i],
            },
        );
    }
    let critical_paths = critical_paths(&tasks, &preds, &succs, &times);
    let goals = goal_times(plan, &times);
    let finish = if n == 0 { plan.plan.meta.start.0 } else { cal.end_date(project_finish) };
    let plan_slack = plan_due.map(|d| d - project_finish);
    let relief = relief(plan, &times);
    Some(Schedule {
        tasks: times,
        goals,
        finish,
        critical_paths,
        plan_slack,
        relief,
        warnings,
        calendar: cal,
    })
}

/// The latest a task may finish without moving the project finish: the finish itself, or for
/// a milestone at the start of a day, the start of the last workday (unless it is the finish).
fn finish_bound(project_finish: i64, own_finish: i64, early: i64) -> i64 {
    if own_finish >= project_finish { project_finish } else { project_finish - early }
}

fn m_diag(t: &Task, key: &str, msg: String) -> Diagnostic {
    t.source.diag_at(key, None, msg)
}

/// Workdays a task takes as planned (before status): duration, else start..=end, else 1.
fn planned_duration(t: &Task, cal: &Calendar) -> i64 {
    if t.kind == Kind::Milestone {
        return 0;
    }
    let m = &t.meta;
    match (m.duration, m.start, m.end) {
        (Some(d), _, _) => i64::from(d.0),
        (None, Some(s), Some(e)) => cal.workdays_in(s.0, e.0).max(1),
        _ => 1,
    }
}

/// Due dates that bind a task: its own, its goal's and every ancestor goal's.
fn deadlines<'a>(plan: &'a Plan, t: &'a Task) -> impl Iterator<Item = NaiveDate> + 'a {
    let mut goal = t.goal.as_deref();
    let mut hops = 0;
    let goals = std::iter::from_fn(move || {
        while let Some(g) = goal {
            hops += 1;
            if hops > plan.goals.len() + 1 {
                return None;
            }
            let node = plan.goals.get(g)?;
            goal = node.parent.as_deref();
            if let Some(d) = node.meta.due {
                return Some(d.0);
            }
        }
        None
    });
    t.meta.due.map(|d| d.0).into_iter().chain(goals)
}

/// The calendar window: from the earliest to the latest date the plan mentions, plus room for
/// every duration and lag.
fn calendar_for(plan: &Plan, as_of: NaiveDate) -> Calendar {
    let mut lo = plan.plan.meta.start.0.min(as_of);
    let mut hi = plan.plan.meta.due.map_or(lo, |d| d.0).max(as_of);
    let mut work: i64 = 0;
    for t in plan.tasks.values() {
        let m = &t.meta;
        let spans = [m.baseline.as_ref(), m.actual.as_ref()];
        let dates = [m.start, m.end, m.due]
            .into_iter()
            .chain(spans.iter().flatten().flat_map(|s| [s.start, s.end]))
            .flatten();
        for d in dates {
            lo = lo.min(d.0);
            hi = hi.max(d.0);
        }
        work += i64::from(m.duration.map_or(1, |d| d.0));
        work += t.depends.iter().map(|d| i64::from(d.lag.unsigned_abs())).sum::<i64>();
    }
    for g in plan.goals.values() {
        if let Some(d) = g.meta.due {
            hi = hi.max(d.0);
        }
    }
    let extra = chrono::Days::new((work.max(0) as u64).saturating_mul(7) / 5 + 366);
    let hi = hi.checked_add_days(extra).unwrap_or(hi);
    Calendar::new(&plan.plan.meta.calendar, lo, hi)
}

/// Kahn's algorithm; on a cycle, returns the nodes that could not be ordered.
fn topo_order(
    preds: &[Vec<(usize, DepKind, i64)>],
    succs: &[Vec<(usize, DepKind, i64)>],
) -> Result<Vec<usize>, Vec<usize>> {
    let n = preds.len();
    let mut indeg: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|i| indeg[*i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &(s, ..) in &succs[i] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                ready.insert(s);
            }
        }
    }
    if order.len() == n { Ok(order) } else { Err((0..n).filter(|i| indeg[*i] > 0).collect()) }
}

/// Reports each dependency cycle once, naming every note in it with `file:line`.
fn report_cycles(
    tasks: &[&Task],
    preds: &[Vec<(usize, DepKind, i64)>],
    stuck: &[usize],
    diags: &mut Diagnostics,
) {
    let stuck_set: std::collections::BTreeSet<usize> = stuck.iter().copied().collect();
    let mut reported: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for &start in stuck {
        if reported.contains(&start) {
            continue;
        }
        // Walk predecessors inside the stuck set until a node repeats: that loop is a cycle.
        let mut path = vec![start];
        let mut cur = start;
        let cycle = loop {
            let Some(&(p, ..)) = preds[cur].iter().find(|(p, ..)| stuck_set.contains(p)) else {
                break None;
            };
            if let Some(pos) = path.iter().position(|x| *x == p) {
                break Some(path[pos..].to_vec());
            }
            path.push(p);
            cur = p;
        };
        let Some(mut cycle) = cycle else { continue };
        if cycle.iter().any(|c| reported.contains(c)) {
            continue;
        }
        reported.extend(cycle.iter().copied());
        // Present it in dependency order (predecessor first), starting from the smallest id.
        cycle.reverse();
        let first = (0..cycle.len()).min_by_key(|k| tasks[cycle[*k]].id.as_str()).unwrap_or(0);
        cycle.rotate_left(first);
        let names: Vec<String> = cycle.iter().map(|c| format!("`{}`", tasks[*c].id)).collect();
        let places: Vec<String> = cycle
            .iter()
            .map(|c| {
                let t = tasks[*c];
                let line = crate::locate::find(&t.source.front_matter, "depends", None).line;
                format!("{}:{line}", t.source.path)
            })
            .collect();
        let head = tasks[cycle[0]];
        let next = &tasks[cycle[1 % cycle.len()]].id;
        diags.push(
            head.source
                .diag_at("depends", Some(&tasks[*cycle.last().unwrap_or(&cycle[0])].id), format!(
                    "dependency cycle: {} → `{}`",
                    names.join(" → "),
                    head.id
                ))
                .hint(format!(
                    "remove one dependency of the loop (it runs through {}); `{}` is followed by `{next}`",
                    places.join(", "),
                    head.id
                )),
        );
    }
}

/// Chains of critical tasks joined by driving links (zero slack between them).
fn critical_paths(
    tasks: &[&Task],
    preds: &[Vec<(usize, DepKind, i64)>],
    succs: &[Vec<(usize, DepKind, i64)>],
    times: &crate::model::IdMap<TaskTimes>,
) -> Vec<Vec<String>> {
    let crit = |i: usize| times[&tasks[i].id].critical;
    let tight = |p: usize, s: usize, kind: DepKind, lag: i64| {
        let (a, b) = (&times[&tasks[p].id], &times[&tasks[s].id]);
        match kind {
            DepKind::Fs => b.es - lag == a.ef,
            DepKind::Ss => b.es - lag == a.es,
            DepKind::Ff => b.ef - lag == a.ef,
            DepKind::Sf => b.ef - lag == a.es,
        }
    };
    let heads: Vec<usize> = (0..tasks.len())
        .filter(|&i| crit(i) && !preds[i].iter().any(|&(p, k, l)| crit(p) && tight(p, i, k, l)))
        .collect();
    let mut paths = Vec::new();
    for h in heads {
        let mut stack = vec![(h, vec![h])];
        while let Some((cur, path)) = stack.pop() {
            if paths.len() >= MAX_PATHS {
                break;
            }
            let next: Vec<usize> = succs[cur]
                .iter()
                .filter(|&&(s, k, l)| crit(s) && tight(cur, s, k, l) && !path.contains(&s))
                .map(|&(s, ..)| s)
                .collect();
            if next.is_empty() {
                paths.push(path.iter().map(|i| tasks[*i].id.clone()).collect());
            }
            for s in next.into_iter().rev() {
                let mut p = path.clone();
                p.push(s);
                stack.push((s, p));
            }
        }
    }
    paths.sort_by(|a: &Vec<String>, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    paths
}

/// Flex tasks that could give time when the plan slips (empty when nothing slips).
fn relief(plan: &Plan, times: &crate::model::IdMap<TaskTimes>) -> Vec<String> {
    let slipping = plan.tasks.values().any(|t| {
        !matches!(t.meta.status, Status::Done | Status::Cancelled)
            && times.get(&t.id).is_some_and(|x| x.late || x.total_float < 0)
    });
    if !slipping {
        return Vec::new();
    }
    let mut flex: Vec<(&str, &TaskTimes)> = plan
        .tasks
        .values()
        .filter(|t| t.meta.flex && !matches!(t.meta.status, Status::Done | Status::Cancelled))
        .filter_map(|t| times.get(&t.id).map(|x| (t.id.as_str(), x)))
        .collect();
    // Critical ones first, most behind first (compress them); then the most float (defer them).
    let key =
        |t: &TaskTimes| (!t.critical, if t.critical { t.total_float } else { -t.total_float });
    flex.sort_by(|a, b| (key(a.1), a.0).cmp(&(key(b.1), b.0)));
    flex.into_iter().map(|(id, _)| id.to_string()).collect()
}

/// Each goal's span over its subtree's tasks, and whether it meets its due date.
fn goal_times(
    plan: &Plan,
    times: &crate::model::IdMap<TaskTimes>,
) -> crate::model::Table<GoalTimes> {
    // Hashed while gathered (every task walks up its goals); sorted once at the end.
    let mut spans: rustc_hash::FxHashMap<&str, (NaiveDate, NaiveDate)> =
        rustc_hash::FxHashMap::default();
    for t in plan.tasks.values() {
        let Some(tt) = times.get(&t.id) else { continue };
        if t.meta.status == Status::Cancelled {
            continue;
        }
        let mut goal = t.goal.as_deref();
        let mut hops = 0;
        while let Some(g) = goal {
            let e = spans.entry(g).or_insert((tt.start, tt.end));
            e.0 = e.0.min(tt.start);
            e.1 = e.1.max(tt.end);
            goal = plan.goals.get(g).and_then(|x| x.parent.as_deref());
            hops += 1;
            if hops > plan.goals.len() {
                break;
            }
        }
    }
    let mut goals: crate::model::Table<GoalTimes> = spans
        .into_iter()
        .map(|(g, (start, end))| {
            let meets_due = plan.goals.get(g).and_then(|x| x.meta.due).map(|d| end <= d.0);
            (g.to_string(), GoalTimes { start, end, meets_due })
        })
        .collect();
    crate::model::in_id_order(&mut goals);
    goals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use proptest::prelude::*;
    use std::fmt::Write as _;

    /// Loads an in-memory plan from (path, text) pairs.
    fn plan_of(files: &[(String, String)]) -> (Plan, Diagnostics) {
        let mut diags = Diagnostics::default();
        let files = files
            .iter()
            .map(|(p, t)| SourceFile { rel_path: p.clone(), abs_path: p.into(), text: t.clone() })
            .collect();
        let plan = crate::load_files(std::path::Path::new("."), files, &mut diags);
        (plan.expect("plan note"), diags)
    }

    fn plan_md(extra: &str) -> (String, String) {
        ("plan.md".into(), format!("---\nkind: plan\ntitle: P\nstart: 2026-11-02\n{extra}---\n"))
    }

    fn task(id: &str, body: &str) -> (String, String) {
        (format!("{id}.md"), format!("---\nkind: task\ntitle: {id}\n{body}---\n"))
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn run(files: &[(String, String)], as_of: &str) -> Schedule {
        let (plan, mut diags) = plan_of(files);
        assert!(!diags.has_errors(), "{}", diags.render());
        compute(&plan, d(as_of), &mut diags).expect("no cycle")
    }

    #[test]
    fn dependency_types_and_lags() {
        // (dependency, expected start, expected end) of a 2-day task after a 3-day task that
        // runs Mon 2 Nov – Wed 4 Nov 2026.
        let table = [
            ("a", "2026-11-05", "2026-11-06"),
            ("a +2d", "2026-11-09", "2026-11-10"),
            ("a -1d", "2026-11-04", "2026-11-05"),
            ("a:ss", "2026-11-02", "2026-11-03"),
            ("a:ss +1d", "2026-11-03", "2026-11-04"),
            ("a:ff", "2026-11-03", "2026-11-04"),
            ("a:ff +2d", "2026-11-05", "2026-11-06"),
            ("a:sf +3d", "2026-11-03", "2026-11-04"),
        ];
        for (dep, start, end) in table {
            let s = run(
                &[
                    plan_md(""),
                    task("a", "duration: 3d\n"),
                    task("b", &format!("duration: 2d\ndepends: [\"{dep}\"]\n")),
                ],
                "2026-11-02",
            );
            let b = &s.tasks["b"];
            assert_eq!((b.start, b.end), (d(start), d(end)), "b depends on {dep}");
        }
    }

    #[test]
    fn floats_critical_path_and_deadlines() {
        let files = [
            plan_md("due: 2026-11-13\n"),
            task("a", "duration: 3d\n"),
            task("b", "duration: 2d\ndepends: [a]\n"),
            task("c", "duration: 1d\ndepends: [a]\n"),
            task("d", "duration: 1d\ndepends: [b, c]\n"),
        ];
        let s = run(&files, "2026-11-02");
        let float = |id: &str| (s.tasks[id].total_float, s.tasks[id].free_float);
        // Float is measured against the project finish; the plan's due date adds slack.
        assert_eq!(float("a"), (0, 0));
        assert_eq!(float("c"), (1, 1));
        assert_eq!(s.finish, d("2026-11-09"));
        assert_eq!(s.plan_slack, Some(4));
        // Without the plan deadline the long chain is critical.
        let mut files = files.to_vec();
        files[0] = plan_md("");
        let s = run(&files, "2026-11-02");
        assert_eq!(s.critical_paths, vec![vec!["a".to_string(), "b".into(), "d".into()]]);
        assert!(!s.tasks["c"].critical);
        // A deadline the chain cannot meet gives negative float and a warning.
        files[4] = task("d", "duration: 1d\ndepends: [b, c]\ndue: 2026-11-06\n");
        let s = run(&files, "2026-11-02");
        assert_eq!(s.tasks["d"].total_float, -1);
        assert_eq!(s.tasks["a"].total_float, -1);
        assert!(s.tasks["d"].late);
        assert_eq!(s.tasks["d"].due_slip, Some(1));
    }

    #[test]
    fn status_at_the_as_of_date() {
        let files = [
            plan_md(""),
            task(
                "done",
                "duration: 3d\nstatus: done\nactual: {start: 2026-11-02, end: 2026-11-05}\n",
            ),
            task("doing", "duration: 4d\ndepends: [done]\nstatus: doing\nprogress: 50\n"),
            task("late", "duration: 2d\nstart: 2026-11-03\n"),
            task(
                "next",
                "duration: 1d\ndepends: [doing]\nbaseline: {start: 2026-11-10, end: 2026-11-10}\n",
            ),
        ];
        let s = run(&files, "2026-11-11");
        // Done uses its actual dates (one day longer than planned).
        assert_eq!(
            (s.tasks["done"].start, s.tasks["done"].end),
            (d("2026-11-02"), d("2026-11-05"))
        );
        // Half of 4 days remain from the as-of date: Wed 11 and Thu 12.
        assert_eq!(s.tasks["doing"].end, d("2026-11-12"));
        // A task not started whose start has passed moves to the as-of date.
        assert_eq!(s.tasks["late"].start, d("2026-11-11"));
        // Forecasts push successors; variance against the baseline.
        assert_eq!(s.tasks["next"].start, d("2026-11-13"));
        assert_eq!(s.tasks["next"].variance, Some(3));
        assert!(s.tasks["next"].late);
    }

    #[test]
    fn milestones_are_moments() {
        let files = [
            plan_md(""),
            task("a", "duration: 3d\n"),
            (
                "m.md".into(),
                "---\nkind: milestone\ntitle: M\ndepends: [a]\ndue: 2026-11-04\n---\n".into(),
            ),
            (
                "open.md".into(),
                "---\nkind: milestone\ntitle: Open\nstart: 2026-11-06\n---\n".into(),
            ),
            task("b", "duration: 1d\ndepends: [m]\n"),
            task("c", "duration: 1d\ndepends: [open]\n"),
        ];
        let s = run(&files, "2026-11-02");
        // A milestone after a task falls on the task's last day; its successor starts the next.
        assert_eq!(s.tasks["m"].end, d("2026-11-04"));
        assert_eq!(s.tasks["m"].due_slip, Some(0));
        assert_eq!(s.tasks["b"].start, d("2026-11-05"));
        // A milestone pinned to a date is at its start: successors start that day.
        assert_eq!(s.tasks["open"].start, d("2026-11-06"));
        assert_eq!(s.tasks["c"].start, d("2026-11-06"));
    }

    #[test]
    fn edge_cases_of_status_and_milestones() {
        // A doing task without progress that is not due to start yet keeps its planned length.
        let s = run(
            &[plan_md(""), task("x", "duration: 2d\nstart: 2026-11-10\nstatus: doing\n")],
            "2026-11-02",
        );
        assert_eq!((s.tasks["x"].start, s.tasks["x"].end), (d("2026-11-10"), d("2026-11-11")));
        // A finished task that ran late does not make flex tasks "give time".
        let s = run(
            &[
                plan_md(""),
                task(
                    "old",
                    "duration: 1d\nstatus: done\nactual: {start: 2026-11-02, end: 2026-11-04}\nbaseline: {start: 2026-11-02, end: 2026-11-02}\n",
                ),
                task("f", "duration: 1d\nflex: true\ndepends: [old]\n"),
            ],
            "2026-11-05",
        );
        assert!(s.tasks["old"].late);
        assert!(s.relief.is_empty(), "{:?}", s.relief);
        // A milestone pinned to the start of a day never gets a latest date after the finish.
        let s = run(
            &[
                plan_md(""),
                task("a", "duration: 5d\n"),
                ("m.md".into(), "---\nkind: milestone\ntitle: M\nstart: 2026-11-03\n---\n".into()),
            ],
            "2026-11-02",
        );
        assert_eq!(s.finish, d("2026-11-06"));
        assert_eq!(s.tasks["m"].latest_start, d("2026-11-06"));
        assert_eq!(s.tasks["m"].total_float, 3);
    }

    #[test]
    fn cycles_name_every_note() {
        let (plan, mut diags) = plan_of(&[
            plan_md(""),
            task("a", "depends: [c]\n"),
            task("b", "depends: [a]\n"),
            task("c", "depends: [b]\n"),
            task("d", "depends: [a]\n"),
        ]);
        assert!(compute(&plan, d("2026-11-02"), &mut diags).is_none());
        let out = diags.render();
        assert!(out.contains("dependency cycle: `a` → `b` → `c` → `a`"), "{out}");
        assert!(out.contains("a.md:4, b.md:4, c.md:4"), "{out}");
        assert_eq!(diags.counts(), (1, 0), "{out}");
    }

    /// One random task: its duration and its (predecessor, type, lag) links.
    type Spec = (u32, Vec<(usize, &'static str, i32)>);

    /// A random acyclic plan: task i may depend on tasks before it.
    fn random_plan() -> impl Strategy<Value = Vec<Spec>> {
        prop::collection::vec(
            (
                1u32..6,
                prop::collection::vec(
                    (0usize..1000, prop::sample::select(vec!["", ":ss", ":ff", ":sf"]), -2i32..4),
                    0..3,
                ),
            ),
            1..14,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn random_graphs_honour_every_dependency(spec in random_plan()) {
            let mut files = vec![plan_md("")];
            for (i, (dur, deps)) in spec.iter().enumerate() {
                let mut body = format!("duration: {dur}d\n");
                let deps: Vec<String> = if i == 0 {
                    Vec::new()
                } else {
                    deps.iter().map(|(p, k, lag)| {
                        let lag = match lag { 0 => String::new(), l if *l > 0 => format!(" +{l}d"), l => format!(" {l}d") };
                        format!("\"t{}{k}{lag}\"", p % i)
                    }).collect::<std::collections::BTreeSet<_>>().into_iter().collect()
                };
                if !deps.is_empty() {
                    let _ = writeln!(body, "depends: [{}]", deps.join(", "));
                }
                files.push(task(&format!("t{i}"), &body));
            }
            let (plan, mut diags) = plan_of(&files);
            prop_assert!(!diags.has_errors(), "{}", diags.render());
            let s = compute(&plan, d("2026-11-02"), &mut diags).expect("acyclic");
            let project_finish = s.tasks.values().map(|t| t.ef).max().unwrap();
            for t in plan.tasks.values() {
                let me = &s.tasks[&t.id];
                prop_assert!(me.total_float >= 0, "{} has float {}", t.id, me.total_float);
                prop_assert!(me.free_float >= 0 && me.free_float <= me.total_float, "{}: free {} total {}", t.id, me.free_float, me.total_float);
                prop_assert!(me.es >= s.calendar.start_of(d("2026-11-02")));
                for dep in &t.depends {
                    let p = &s.tasks[&dep.task];
                    let lag = i64::from(dep.lag);
                    let ok = match dep.kind {
                        DepKind::Fs => me.es >= p.ef + lag,
                        DepKind::Ss => me.es >= p.es + lag,
                        DepKind::Ff => me.ef >= p.ef + lag,
                        DepKind::Sf => me.ef >= p.es + lag,
                    };
                    prop_assert!(ok, "{} {:?} {} lag {} broken", dep.task, dep.kind, t.id, lag);
                }
            }
            // A critical chain runs from a task at the plan start to the project finish.
            let start = s.calendar.start_of(d("2026-11-02"));
            prop_assert!(s.critical_paths.iter().any(|p| {
                s.tasks[&p[0]].es == start && s.tasks[p.last().unwrap()].ef == project_finish
            }), "paths {:?}", s.critical_paths);
        }
    }
}
