//! Views of tasks: rows, pages, the computed schedule and the dashboard's schedule health.

use super::inline::flat_struct;
use super::{Link, Views};
use crate::i18n;
use crate::meta::{Kind, Status};
use crate::model::{DepKind, Task};
use serde::Serialize;
use std::sync::Arc;

/// A task's row as pages share it: made once per build (the task list, both boards, the
/// handout, its goal's and its people's pages and its own page show it).
pub(crate) type Row = Arc<TaskRow>;

flat_struct! {
    /// A task in lists and tables.
    #[derive(Debug, Clone)]
    pub(crate) struct TaskRow inline {
        /// Id.
        pub id: String,
        /// Link to its page.
        pub link: Link,
        /// `task` or `milestone`.
        pub kind: &'static str,
        /// `todo`, `doing`, ...
        pub status: &'static str,
        /// Localised status.
        pub status_label: String,
        /// Percent complete, rounded.
        pub progress: u32,
        /// Owner.
        pub owner: Option<Link>,
        /// Start, formatted.
        pub start: Option<String>,
        /// End, formatted.
        pub end: Option<String>,
        /// Due, formatted.
        pub due: Option<String>,
        /// Whether elastic.
        pub flex: bool,
        /// On the critical path (no float, not finished).
        pub critical: bool,
        /// Forecast to finish after its due date or baseline.
        pub late: bool,
        /// Total float in workdays.
        pub float: Option<i64>,
    }
}

/// The computed schedule of one task, formatted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScheduleView {
    /// Earliest (or forecast) start.
    pub start: String,
    /// Earliest (or forecast) end.
    pub end: String,
    /// Latest start that keeps every deadline.
    pub latest_start: String,
    /// Latest end.
    pub latest_end: String,
    /// Total float in workdays.
    pub total_float: i64,
    /// Free float in workdays.
    pub free_float: i64,
    /// Critical.
    pub critical: bool,
    /// Late.
    pub late: bool,
    /// Dates come from actuals or progress at the as-of date.
    pub forecast: bool,
    /// Variance against the baseline end, e.g. `+3` (workdays).
    pub variance: Option<String>,
    /// Workdays past (positive) or before (negative) the due date.
    pub due_slip: Option<i64>,
}

/// A predecessor with its type and lag.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DepView {
    /// The predecessor.
    pub link: Link,
    /// `FS`, `SS`, `FF` or `SF`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Lag as written (`+2d`), empty for none.
    pub lag: String,
}

flat_struct! {
    /// Everything a task page shows.
    #[derive(Debug, Clone)]
    pub(crate) struct TaskView {
        /// The row facts.
        flat pub row: Row,
        /// Computed dates and floats.
        pub schedule: Option<ScheduleView>,
        /// Goal.
        pub goal: Option<Link>,
        /// Duration, e.g. `5 workdays`.
        pub duration: Option<String>,
        /// What is handed over.
        pub deliverable: Option<String>,
        /// How it is accepted.
        pub acceptance: Option<String>,
        /// Responsible.
        pub responsible: Option<Link>,
        /// Accountable.
        pub accountable: Vec<Link>,
        /// Consulted.
        pub consulted: Vec<Link>,
        /// Informed.
        pub informed: Vec<Link>,
        /// Predecessors.
        pub depends: Vec<DepView>,
        /// Successors.
        pub dependents: Vec<Link>,
        /// Metrics moved.
        pub contributes: Vec<Link>,
        /// Baseline dates, formatted.
        pub baseline: Option<String>,
        /// Actual dates, formatted.
        pub actual: Option<String>,
        /// Labels.
        pub tags: Vec<String>,
        /// Risks that name this task.
        pub risks: Vec<Link>,
        /// Safe body HTML.
        pub body_html: String,
        /// Source file.
        pub path: String,
    }
}

/// A status and how many tasks have it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusCount {
    /// Status key.
    pub status: &'static str,
    /// Localised label.
    pub label: String,
    /// Number of tasks.
    pub count: usize,
}

/// Schedule health for the dashboard.
/// Rows of each late / at-risk / relief list on the dashboard.
const DASHBOARD_ROWS: usize = 25;
/// Critical chains listed on the dashboard.
const DASHBOARD_PATHS: usize = 10;
/// Lone critical tasks listed on the dashboard.
const DASHBOARD_ALONE: usize = 40;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HealthView {
    /// Forecast finish of the whole plan.
    pub finish: String,
    /// The plan's due date.
    pub due: Option<String>,
    /// Workdays between finish and due (negative = late).
    pub slack: Option<i64>,
    /// Critical chains of two or more tasks.
    pub critical_paths: Vec<Vec<Link>>,
    /// Critical tasks that stand alone (a deadline, not a chain, leaves them no float).
    pub critical_alone: Vec<Link>,
    /// Unfinished tasks neither late nor at risk.
    pub on_track: usize,
    /// Tasks forecast past their due date or baseline.
    pub late: Vec<Row>,
    /// Blocked tasks, tasks behind a deadline, and critical tasks starting within a week.
    pub at_risk: Vec<Row>,
    /// Flex tasks that could give time.
    pub relief: Vec<Row>,
    /// How many tasks are late (the list above may show fewer).
    pub late_count: usize,
    /// How many tasks are at risk.
    pub at_risk_count: usize,
    /// Late, at-risk and relief tasks left off the lists above.
    pub more_late: usize,
    /// See `more_late`.
    pub more_at_risk: usize,
    /// See `more_late`.
    pub more_relief: usize,
    /// Critical chains and lone critical tasks left off the lists above.
    pub more_paths: usize,
    /// See `more_paths`.
    pub more_alone: usize,
}

/// Tasks of one status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskGroup {
    /// Status key.
    pub status: &'static str,
    /// Localised label.
    pub label: String,
    /// How many tasks the group has.
    pub total: usize,
    /// Tasks of the group not in `rows`.
    pub more: usize,
    /// The tasks shown.
    pub rows: Vec<Row>,
}

impl<'a> Views<'a> {
    /// A task as a row, made once per build.
    pub(crate) fn task_row(&self, t: &Task) -> Row {
        self.per_task(&self.caches.rows, t, || Row::new(self.row_of(t)))
    }

    fn row_of(&self, t: &Task) -> TaskRow {
        let times = self.times(&t.id);
        TaskRow {
            id: t.id.clone(),
            link: self.link(&t.id),
            kind: t.kind.name(),
            status: t.meta.status.name(),
            status_label: self.t(t.meta.status.name()),
            progress: t.percent().round() as u32,
            owner: t.responsible.as_deref().and_then(|o| self.person(o)),
            start: times
                .map(|x| i18n::date(self.locale, x.start))
                .or_else(|| t.meta.start.map(|d| self.date(d))),
            end: times
                .map(|x| i18n::date(self.locale, x.end))
                .or_else(|| t.meta.end.map(|d| self.date(d))),
            due: t.meta.due.map(|d| self.date(d)),
            flex: t.meta.flex,
            critical: times.is_some_and(|x| x.critical),
            late: times.is_some_and(|x| x.late),
            float: times.map(|x| x.total_float),
        }
    }

    /// The computed times of a task, if it was scheduled.
    pub(super) fn times(&self, id: &str) -> Option<&'a crate::schedule::TaskTimes> {
        self.a.schedule.as_ref().and_then(|s| s.tasks.get(id))
    }

    /// The schedule of one task, formatted for its page.
    pub(crate) fn schedule_of(&self, id: &str) -> Option<ScheduleView> {
        let x = self.times(id)?;
        let d = |d| i18n::date(self.locale, d);
        Some(ScheduleView {
            start: d(x.start),
            end: d(x.end),
            latest_start: d(x.latest_start),
            latest_end: d(x.latest_end),
            total_float: x.total_float,
            free_float: x.free_float,
            critical: x.critical,
            late: x.late,
            forecast: x.forecast,
            variance: x.variance.map(|v| if v > 0 { format!("+{v}") } else { v.to_string() }),
            due_slip: x.due_slip,
        })
    }

    /// Everything a task page shows.
    pub(crate) fn task(&self, t: &Task) -> TaskView {
        let m = &t.meta;
        let span = |s: &crate::meta::Span| match (s.start, s.end) {
            (Some(a), Some(b)) => format!("{} – {}", self.date(a), self.date(b)),
            (Some(a), None) => format!("{} {}", self.t("since"), self.date(a)),
            (None, Some(b)) => format!("{} {}", self.t("until"), self.date(b)),
            (None, None) => String::new(),
        };
        TaskView {
            row: self.task_row(t),
            schedule: self.schedule_of(&t.id),
            goal: t.goal.as_deref().map(|g| self.link(g)),
            duration: m.duration.map(|d| i18n::count(self.locale, d.0, "workdays")),
            deliverable: m.deliverable.clone(),
            acceptance: m.acceptance.clone(),
            responsible: t.responsible.as_deref().and_then(|p| self.person(p)),
            // Several people when the value names several (`check` warns about that).
            accountable: t.accountable.as_deref().map_or_else(Vec::new, |acc| {
                let names = super::load::accountable_names(self.plan(), acc);
                names.into_iter().filter_map(|p| self.person(p)).collect()
            }),
            consulted: self.people(&m.raci.consulted),
            informed: self.people(&m.raci.informed),
            depends: t
                .depends
                .iter()
                .map(|d| DepView {
                    link: self.link(&d.task),
                    kind: match d.kind {
                        DepKind::Fs => "FS",
                        DepKind::Ss => "SS",
                        DepKind::Ff => "FF",
                        DepKind::Sf => "SF",
                    },
                    lag: match d.lag {
                        0 => String::new(),
                        l if l > 0 => format!("+{l}d"),
                        l => format!("{l}d"),
                    },
                })
                .collect(),
            dependents: self.a.dependents.get(&t.id).map(|v| self.links(v)).unwrap_or_default(),
            contributes: self.links(&m.contributes),
            baseline: m.baseline.as_ref().map(span),
            actual: m.actual.as_ref().map(span),
            tags: m.tags.clone(),
            risks: self.a.task_risks.get(&t.id).map(|v| self.links(v)).unwrap_or_default(),
            body_html: t.source.body_html.clone(),
            path: t.source.path.clone(),
        }
    }

    /// Tasks as rows in schedule order (start date, then id).
    pub(crate) fn rows<'t>(&self, tasks: impl IntoIterator<Item = &'t Task>) -> Vec<Row> {
        self.in_schedule_order(tasks).into_iter().map(|t| self.task_row(t)).collect()
    }

    /// Tasks in schedule order: computed start, then end, then id (unscheduled ones first).
    pub(super) fn in_schedule_order<'t>(
        &self,
        tasks: impl IntoIterator<Item = &'t Task>,
    ) -> Vec<&'t Task> {
        // Keys looked up once and borrowed (ids are unique, so the order is total).
        let mut keyed: Vec<_> = (tasks.into_iter())
            .map(|t| (self.times(&t.id).map(|x| (x.start, x.end)), t.id.as_str(), t))
            .collect();
        keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        keyed.into_iter().map(|(_, _, t)| t).collect()
    }

    /// Task counts by status, in board order.
    pub(crate) fn status_counts(&self) -> Vec<StatusCount> {
        Status::ALL
            .iter()
            .map(|s| StatusCount {
                status: s.name(),
                label: self.t(s.name()),
                count: self.a.status_counts.get(s).copied().unwrap_or(0),
            })
            .collect()
    }

    /// Tasks grouped by status in reading order (doing, blocked, todo, done, cancelled), empty
    /// groups left out.
    pub(crate) fn task_groups(&self) -> Vec<TaskGroup> {
        let tasks = || self.plan().tasks.values().filter(|t| t.kind == Kind::Task);
        let group = |status: &'static str, label: String, rows: Vec<Row>| TaskGroup {
            status,
            label,
            total: rows.len(),
            more: 0,
            rows,
        };
        let mut groups: Vec<TaskGroup> =
            [Status::Doing, Status::Blocked, Status::Todo, Status::Done, Status::Cancelled]
                .iter()
                .map(|s| {
                    let rows = self.rows(tasks().filter(|t| t.meta.status == *s));
                    group(s.name(), self.t(s.name()), rows)
                })
                .collect();
        let milestones =
            self.rows(self.plan().tasks.values().filter(|t| t.kind == Kind::Milestone));
        groups.push(group("milestone", self.t("milestones"), milestones));
        groups.retain(|g| !g.rows.is_empty());
        groups
    }

    /// Schedule health for the dashboard, with lists cut to what a dashboard can show (a big
    /// plan can have thousands of late tasks; the task list has them all).
    pub(crate) fn dashboard_health(&self) -> Option<HealthView> {
        let mut h = self.health(DASHBOARD_ROWS)?;
        h.more_paths = h.critical_paths.len().saturating_sub(DASHBOARD_PATHS);
        h.critical_paths.truncate(DASHBOARD_PATHS);
        h.more_alone = h.critical_alone.len().saturating_sub(DASHBOARD_ALONE);
        h.critical_alone.truncate(DASHBOARD_ALONE);
        Some(h)
    }

    /// Schedule health: finish vs due, critical path, late and at-risk work (at most `max_rows`
    /// rows in each list; the counts count them all).
    pub(crate) fn health(&self, max_rows: usize) -> Option<HealthView> {
        let s = self.a.schedule.as_ref()?;
        let unfinished = |t: &&Task| !matches!(t.meta.status, Status::Done | Status::Cancelled);
        let soon = s.calendar.add_workdays(self.a.as_of, 5);
        let late: Vec<&Task> =
            self.plan().tasks.values().filter(unfinished).filter(|t| s.tasks[&t.id].late).collect();
        let at_risk: Vec<&Task> = self
            .plan()
            .tasks
            .values()
            .filter(unfinished)
            .filter(|t| {
                let x = &s.tasks[&t.id];
                !x.late
                    && (x.total_float < 0
                        || t.meta.status == Status::Blocked
                        || (x.critical && x.start <= soon))
            })
            .collect();
        let open = self.plan().tasks.values().filter(unfinished).count();
        Some(HealthView {
            finish: i18n::date(self.locale, s.finish),
            due: self.plan().plan.meta.due.map(|d| self.date(d)),
            slack: s.plan_slack,
            critical_paths: s
                .critical_paths
                .iter()
                .filter(|p| p.len() > 1)
                .map(|p| p.iter().map(|id| self.link(id)).collect())
                .collect(),
            critical_alone: s
                .critical_paths
                .iter()
                .filter(|p| p.len() == 1)
                .map(|p| self.link(&p[0]))
                .collect(),
            on_track: open - late.len() - at_risk.len(),
            late_count: late.len(),
            at_risk_count: at_risk.len(),
            more_late: late.len().saturating_sub(max_rows),
            more_at_risk: at_risk.len().saturating_sub(max_rows),
            more_relief: s.relief.len().saturating_sub(max_rows),
            late: self.rows(late.into_iter().take(max_rows)),
            at_risk: self.rows(at_risk.into_iter().take(max_rows)),
            relief: s
                .relief
                .iter()
                .filter_map(|id| self.plan().tasks.get(id))
                .take(max_rows)
                .map(|t| self.task_row(t))
                .collect(),
            more_paths: 0,
            more_alone: 0,
        })
    }

    /// Milestones not done, from the status date on, soonest first (then any overdue ones first).
    pub(crate) fn next_milestones(&self, limit: usize) -> Vec<Row> {
        let mut ms: Vec<&Task> = self
            .plan()
            .tasks
            .values()
            .filter(|t| {
                t.kind == Kind::Milestone
                    && !matches!(t.meta.status, Status::Done | Status::Cancelled)
            })
            .collect();
        ms.sort_by_cached_key(|t| {
            (self.times(&t.id).map(|x| x.end).or(t.key_date().map(|d| d.0)), t.id.clone())
        });
        ms.into_iter().take(limit).map(|t| self.task_row(t)).collect()
    }
}
