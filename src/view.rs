//! The template contract: serialisable views of the analysis, with dates and numbers formatted.

use crate::assemble::person_id;
use crate::i18n;
use crate::meta::{Kind, Locale, Status};
use crate::model::{DepKind, Goal, Metric, Plan, Review, Risk, Task, route};
use crate::rollup::Analysis;
use crate::values::{Date, format_stamp};
use serde::Serialize;

/// A link to a page, relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Link {
    /// Route from the root (prefix it with `root` in templates).
    pub href: String,
    /// Text to show.
    pub title: String,
}

/// Facts every page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    /// Plan title.
    pub title: String,
    /// Objective.
    pub objective: Option<String>,
    /// Plan owner.
    pub owner: Option<Link>,
    /// Status date, formatted.
    pub as_of: String,
    /// Status date, ISO.
    pub as_of_iso: String,
    /// Plan start and due, formatted.
    pub start: String,
    /// Plan due date, formatted.
    pub due: Option<String>,
    /// `lang` attribute.
    pub lang: &'static str,
    /// Absolute URL the site is published at, if set.
    pub base_url: Option<String>,
}

/// One entry of the navigation bar.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavItem {
    /// Route from the root.
    pub href: String,
    /// Label.
    pub label: String,
    /// Section key (matches the page's `section`).
    pub section: &'static str,
}

/// A task in lists and tables.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskRow {
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

/// Everything a task page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskView {
    /// The row facts.
    #[serde(flatten)]
    pub row: TaskRow,
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
    pub accountable: Option<Link>,
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

/// A goal as a row of the tree (depth-first order, `depth` from 0).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalRow {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// Nesting depth.
    pub depth: usize,
    /// Owner.
    pub owner: Option<Link>,
    /// Rolled-up percent complete.
    pub progress: Option<u32>,
    /// Due, formatted.
    pub due: Option<String>,
    /// Measuring metric.
    pub metric: Option<Link>,
    /// Target, formatted with the metric's unit.
    pub target: Option<String>,
    /// Tasks directly under the goal.
    pub tasks: Vec<TaskRow>,
    /// First day of the goal's work, formatted.
    pub start: Option<String>,
    /// Last day of the goal's work, formatted.
    pub end: Option<String>,
    /// Whether the work ends by the due date.
    pub meets_due: Option<bool>,
}

/// Everything a goal page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalView {
    /// The row facts.
    #[serde(flatten)]
    pub row: GoalRow,
    /// Parent goal.
    pub parent: Option<Link>,
    /// Sub-goals with their progress.
    pub children: Vec<GoalRow>,
    /// Latest value of the metric, formatted.
    pub latest: Option<String>,
    /// Labels.
    pub tags: Vec<String>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// One data row of a metric.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SampleRow {
    /// Date or date-time, ISO.
    pub date: String,
    /// Formatted value, empty for a gap.
    pub value: String,
    /// Note.
    pub note: Option<String>,
}

/// An alert rule in words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertView {
    /// E.g. `below 3.00× for 2 periods`.
    pub rule: String,
    /// The response.
    pub then: Option<String>,
    /// Plan B.
    pub plan_b: Option<Link>,
}

/// Everything a metric page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MetricView {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// The definition (caliber).
    pub definition: Option<String>,
    /// Unit as written.
    pub unit: Option<String>,
    /// Localised granularity.
    pub granularity: String,
    /// Localised direction.
    pub better: String,
    /// Owner.
    pub owner: Option<Link>,
    /// Source of the number.
    pub source: Option<String>,
    /// Baseline, formatted.
    pub baseline: Option<String>,
    /// Target, formatted (one value or checkpoints).
    pub target: Option<String>,
    /// Latest value, formatted.
    pub latest: Option<String>,
    /// Date of the latest value.
    pub latest_date: Option<String>,
    /// Alerts.
    pub alerts: Vec<AlertView>,
    /// Annotations: date and note.
    pub annotations: Vec<SampleRow>,
    /// Data, newest first.
    pub samples: Vec<SampleRow>,
    /// Goals measured by this metric.
    pub goals: Vec<Link>,
    /// Tasks that move it.
    pub tasks: Vec<Link>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// A change decided in a review.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    /// The task.
    pub task: Link,
    /// Field.
    pub field: Option<String>,
    /// Old value.
    pub from: Option<String>,
    /// New value.
    pub to: Option<String>,
    /// Why.
    pub why: Option<String>,
}

/// Everything a review page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewView {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// Date, formatted.
    pub date: String,
    /// Localised cadence.
    pub cadence: String,
    /// Attendees.
    pub attendees: Vec<Link>,
    /// Decisions.
    pub decisions: Vec<String>,
    /// Changes.
    pub changes: Vec<ChangeView>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// Everything a risk page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RiskView {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// `low`/`medium`/`high`.
    pub probability: &'static str,
    /// `low`/`medium`/`high`.
    pub impact: &'static str,
    /// Localised probability.
    pub probability_label: String,
    /// Localised impact.
    pub impact_label: String,
    /// Owner.
    pub owner: Option<Link>,
    /// Trigger.
    pub trigger: Option<String>,
    /// Plan B.
    pub response: Option<String>,
    /// `open`, `triggered`, ...
    pub status: &'static str,
    /// Localised status.
    pub status_label: String,
    /// Linked tasks.
    pub tasks: Vec<Link>,
    /// Linked metrics.
    pub metrics: Vec<Link>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// Everything a person page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonView {
    /// Id.
    pub id: String,
    /// Link to the page.
    pub link: Link,
    /// Team.
    pub team: Option<String>,
    /// Capacity in workdays a week.
    pub capacity: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Tasks they are responsible for.
    pub tasks: Vec<TaskRow>,
    /// Goals, metrics and risks they own.
    pub owns: Vec<Link>,
    /// Safe body HTML.
    pub body_html: String,
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
    pub late: Vec<TaskRow>,
    /// Blocked tasks, tasks behind a deadline, and critical tasks starting within a week.
    pub at_risk: Vec<TaskRow>,
    /// Flex tasks that could give time.
    pub relief: Vec<TaskRow>,
}

/// Tasks of one status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskGroup {
    /// Status key.
    pub status: &'static str,
    /// Localised label.
    pub label: String,
    /// The tasks.
    pub rows: Vec<TaskRow>,
}

/// Builds views for one analysis in one locale.
pub(crate) struct Views<'a> {
    /// The analysis shown.
    pub a: &'a Analysis,
    /// The site's locale.
    pub locale: Locale,
}

impl<'a> Views<'a> {
    /// Views of `a` in the plan's locale.
    pub(crate) fn new(a: &'a Analysis) -> Self {
        Views { a, locale: a.plan.plan.meta.locale }
    }

    fn plan(&self) -> &'a Plan {
        &self.a.plan
    }

    fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    fn date(&self, d: Date) -> String {
        i18n::date(self.locale, d.0)
    }

    /// A link to note `id` (which must exist).
    pub(crate) fn link(&self, id: &str) -> Link {
        let plan = self.plan();
        let kind = plan.kind_of(id).unwrap_or(Kind::Task);
        Link { href: route(kind, id), title: plan.title_of(id).unwrap_or(id).to_string() }
    }

    fn links(&self, ids: &[String]) -> Vec<Link> {
        ids.iter().filter(|i| self.plan().kind_of(i).is_some()).map(|i| self.link(i)).collect()
    }

    /// A link to the person written as `name`.
    pub(crate) fn person(&self, name: &str) -> Option<Link> {
        let id = person_id(self.plan(), name)?;
        Some(Link { href: route(Kind::Person, &id), title: self.plan().people[&id].name.clone() })
    }

    fn people(&self, names: &[String]) -> Vec<Link> {
        names.iter().filter_map(|n| self.person(n)).collect()
    }

    /// Facts every page shows.
    pub(crate) fn site(&self) -> SiteView {
        let m = &self.plan().plan.meta;
        SiteView {
            title: m.title.clone(),
            objective: m.objective.clone(),
            owner: m.owner.as_deref().and_then(|o| self.person(o)),
            as_of: i18n::date(self.locale, self.a.as_of),
            as_of_iso: self.a.as_of.format("%Y-%m-%d").to_string(),
            start: self.date(m.start),
            due: m.due.map(|d| self.date(d)),
            lang: i18n::lang(self.locale),
            base_url: m.base_url.clone(),
        }
    }

    /// The navigation bar.
    pub(crate) fn nav(&self) -> Vec<NavItem> {
        let mut items = vec![
            ("index.html", "dashboard", "dashboard"),
            ("goals.html", "goals", "goals"),
            ("tasks.html", "tasks", "tasks"),
        ];
        if !self.plan().metrics.is_empty() {
            items.push(("metrics.html", "metrics", "metrics"));
        }
        if !self.plan().reviews.is_empty() {
            items.push(("reviews.html", "reviews", "reviews"));
        }
        if !self.plan().risks.is_empty() {
            items.push(("risks.html", "risks", "risks"));
        }
        items.push(("people.html", "people", "people"));
        items
            .into_iter()
            .map(|(href, key, section)| NavItem {
                href: href.to_string(),
                label: self.t(key),
                section,
            })
            .collect()
    }

    /// A task as a row.
    pub(crate) fn task_row(&self, t: &Task) -> TaskRow {
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
    fn times(&self, id: &str) -> Option<&'a crate::schedule::TaskTimes> {
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
            duration: m.duration.map(|d| format!("{} {}", d.0, self.t("workdays"))),
            deliverable: m.deliverable.clone(),
            acceptance: m.acceptance.clone(),
            responsible: t.responsible.as_deref().and_then(|p| self.person(p)),
            accountable: t.accountable.as_deref().and_then(|p| self.person(p)),
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
            risks: self
                .plan()
                .risks
                .values()
                .filter(|r| r.meta.tasks.contains(&t.id))
                .map(|r| self.link(&r.id))
                .collect(),
            body_html: t.source.body_html.clone(),
            path: t.source.path.clone(),
        }
    }

    /// A goal as a row.
    pub(crate) fn goal_row(&self, g: &Goal, depth: usize) -> GoalRow {
        let span = self.a.schedule.as_ref().and_then(|s| s.goals.get(&g.id));
        let unit = g
            .meta
            .metric
            .as_deref()
            .and_then(|m| self.plan().metrics.get(m))
            .and_then(|m| m.meta.unit.clone());
        GoalRow {
            id: g.id.clone(),
            link: self.link(&g.id),
            depth,
            owner: g.meta.owner.as_deref().and_then(|o| self.person(o)),
            progress: self.a.goal_progress.get(&g.id).copied().flatten().map(|p| p.round() as u32),
            due: g.meta.due.map(|d| self.date(d)),
            metric: g
                .meta
                .metric
                .as_deref()
                .filter(|m| self.plan().metrics.contains_key(*m))
                .map(|m| self.link(m)),
            target: g.meta.target.map(|v| i18n::value(v, unit.as_deref())),
            tasks: self.rows(self.plan().goal_tasks(&g.id)),
            start: span.map(|s| i18n::date(self.locale, s.start)),
            end: span.map(|s| i18n::date(self.locale, s.end)),
            meets_due: span.and_then(|s| s.meets_due),
        }
    }

    /// Tasks as rows in schedule order (start date, then id).
    pub(crate) fn rows<'t>(&self, tasks: impl IntoIterator<Item = &'t Task>) -> Vec<TaskRow> {
        let mut ts: Vec<&Task> = tasks.into_iter().collect();
        ts.sort_by_cached_key(|t| (self.times(&t.id).map(|x| (x.start, x.end)), t.id.clone()));
        ts.into_iter().map(|t| self.task_row(t)).collect()
    }

    /// The goal tree in depth-first order.
    pub(crate) fn goal_tree(&self) -> Vec<GoalRow> {
        let mut rows = Vec::new();
        self.walk_goals(None, 0, &mut rows);
        rows
    }

    fn walk_goals(&self, parent: Option<&str>, depth: usize, rows: &mut Vec<GoalRow>) {
        if depth > self.plan().goals.len() {
            return;
        }
        for g in self.plan().child_goals(parent) {
            rows.push(self.goal_row(g, depth));
            self.walk_goals(Some(&g.id), depth + 1, rows);
        }
    }

    /// Everything a goal page shows.
    pub(crate) fn goal(&self, g: &Goal) -> GoalView {
        let latest =
            g.meta.metric.as_deref().and_then(|m| self.plan().metrics.get(m)).and_then(|m| {
                m.samples
                    .iter()
                    .rev()
                    .find(|s| s.value.is_some())
                    .map(|s| i18n::value(s.value.unwrap_or_default(), m.meta.unit.as_deref()))
            });
        GoalView {
            row: self.goal_row(g, 0),
            parent: g.parent.as_deref().map(|p| self.link(p)),
            children: self
                .plan()
                .child_goals(Some(&g.id))
                .into_iter()
                .map(|c| self.goal_row(c, 1))
                .collect(),
            latest,
            tags: g.meta.tags.clone(),
            body_html: g.source.body_html.clone(),
            path: g.source.path.clone(),
        }
    }

    /// Everything a metric page shows.
    pub(crate) fn metric(&self, m: &Metric) -> MetricView {
        let unit = m.meta.unit.as_deref();
        let fmt = |v: f64| i18n::value(v, unit);
        let latest = m.samples.iter().rev().find(|s| s.value.is_some());
        let target = m.meta.target.as_ref().map(|t| match t {
            crate::meta::Target::Value(v) => fmt(*v),
            crate::meta::Target::Checkpoints(cs) => cs
                .iter()
                .map(|c| format!("{} {}", fmt(c.value), i18n::short_date(self.locale, c.date.0)))
                .collect::<Vec<_>>()
                .join(" · "),
        });
        let alerts = m
            .meta
            .alerts
            .iter()
            .map(|a| {
                let mut rule = match (a.below, a.above, a.drop, a.rise) {
                    (Some(v), ..) => format!("< {}", fmt(v)),
                    (_, Some(v), ..) => format!("> {}", fmt(v)),
                    (_, _, Some(p), _) => format!("↓ {p}%"),
                    (_, _, _, Some(p)) => format!("↑ {p}%"),
                    _ => String::new(),
                };
                if let Some(n) = a.sustained {
                    rule = format!("{rule} × {}", n.0);
                }
                AlertView {
                    rule,
                    then: a.then.clone(),
                    plan_b: a
                        .plan_b
                        .as_deref()
                        .filter(|p| self.plan().kind_of(p).is_some())
                        .map(|p| self.link(p)),
                }
            })
            .collect();
        MetricView {
            id: m.id.clone(),
            link: self.link(&m.id),
            definition: m.meta.definition.clone(),
            unit: m.meta.unit.clone(),
            granularity: format!("{:?}", m.meta.granularity).to_lowercase(),
            better: self.t(match m.meta.better {
                crate::meta::Better::Higher => "higher",
                crate::meta::Better::Lower => "lower",
            }),
            owner: m.meta.owner.as_deref().and_then(|o| self.person(o)),
            source: m.meta.source.clone(),
            baseline: m.meta.baseline.map(fmt),
            target,
            latest: latest.map(|s| fmt(s.value.unwrap_or_default())),
            latest_date: latest.map(|s| format_stamp(s.at.0)),
            alerts,
            annotations: m
                .meta
                .annotations
                .iter()
                .map(|a| SampleRow {
                    date: format_stamp(a.date.0),
                    value: String::new(),
                    note: Some(a.note.clone()),
                })
                .collect(),
            samples: m
                .samples
                .iter()
                .rev()
                .map(|s| SampleRow {
                    date: format_stamp(s.at.0),
                    value: s.value.map(fmt).unwrap_or_default(),
                    note: s.note.clone(),
                })
                .collect(),
            goals: self
                .plan()
                .goals
                .values()
                .filter(|g| g.meta.metric.as_deref() == Some(&m.id))
                .map(|g| self.link(&g.id))
                .collect(),
            tasks: self
                .plan()
                .tasks
                .values()
                .filter(|t| t.meta.contributes.contains(&m.id))
                .map(|t| self.link(&t.id))
                .collect(),
            body_html: m.source.body_html.clone(),
            path: m.source.path.clone(),
        }
    }

    /// Everything a review page shows.
    pub(crate) fn review(&self, r: &Review) -> ReviewView {
        ReviewView {
            id: r.id.clone(),
            link: self.link(&r.id),
            date: self.date(r.meta.date),
            cadence: self.t(&format!("{:?}", r.meta.cadence).to_lowercase()),
            attendees: self.people(&r.meta.attendees),
            decisions: r.meta.decisions.clone(),
            changes: r
                .meta
                .changes
                .iter()
                .filter(|c| self.plan().tasks.contains_key(&c.task))
                .map(|c| ChangeView {
                    task: self.link(&c.task),
                    field: c.field.clone(),
                    from: c.from.clone(),
                    to: c.to.clone(),
                    why: c.why.clone(),
                })
                .collect(),
            body_html: r.source.body_html.clone(),
            path: r.source.path.clone(),
        }
    }

    /// Everything a risk page shows.
    pub(crate) fn risk(&self, r: &Risk) -> RiskView {
        let level = |l: crate::meta::Level| match l {
            crate::meta::Level::Low => "low",
            crate::meta::Level::Medium => "medium",
            crate::meta::Level::High => "high",
        };
        let status = match r.meta.status {
            crate::meta::RiskStatus::Open => "open",
            crate::meta::RiskStatus::Triggered => "triggered",
            crate::meta::RiskStatus::Mitigated => "mitigated",
            crate::meta::RiskStatus::Closed => "closed",
        };
        RiskView {
            id: r.id.clone(),
            link: self.link(&r.id),
            probability: level(r.meta.probability),
            impact: level(r.meta.impact),
            probability_label: self.t(level(r.meta.probability)),
            impact_label: self.t(level(r.meta.impact)),
            owner: r.meta.owner.as_deref().and_then(|o| self.person(o)),
            trigger: r.meta.trigger.clone(),
            response: r.meta.response.clone(),
            status,
            status_label: self.t(status),
            tasks: self.links(&r.meta.tasks),
            metrics: self.links(&r.meta.metrics),
            body_html: r.source.body_html.clone(),
            path: r.source.path.clone(),
        }
    }

    /// Everything a person page shows.
    pub(crate) fn person_page(&self, id: &str) -> PersonView {
        let p = &self.plan().people[id];
        let mine = |name: Option<&str>| {
            name.and_then(|n| person_id(self.plan(), n)).as_deref() == Some(id)
        };
        let mut owns: Vec<Link> = Vec::new();
        owns.extend(
            self.plan()
                .goals
                .values()
                .filter(|g| mine(g.meta.owner.as_deref()))
                .map(|g| self.link(&g.id)),
        );
        owns.extend(
            self.plan()
                .metrics
                .values()
                .filter(|m| mine(m.meta.owner.as_deref()))
                .map(|m| self.link(&m.id)),
        );
        owns.extend(
            self.plan()
                .risks
                .values()
                .filter(|r| mine(r.meta.owner.as_deref()))
                .map(|r| self.link(&r.id)),
        );
        PersonView {
            id: id.to_string(),
            link: Link { href: route(Kind::Person, id), title: p.name.clone() },
            team: p.meta.as_ref().and_then(|m| m.team.clone()),
            capacity: p
                .meta
                .as_ref()
                .and_then(|m| m.capacity)
                .map(|c| format!("{c} {}", self.t("per_week"))),
            email: p.meta.as_ref().and_then(|m| m.email.clone()),
            tasks: self
                .plan()
                .tasks
                .values()
                .filter(|t| {
                    mine(t.responsible.as_deref())
                        || mine(t.accountable.as_deref())
                        || t.meta
                            .raci
                            .consulted
                            .iter()
                            .chain(&t.meta.raci.informed)
                            .any(|n| mine(Some(n)))
                })
                .map(|t| self.task_row(t))
                .collect(),
            owns,
            body_html: p.source.as_ref().map(|s| s.body_html.clone()).unwrap_or_default(),
        }
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
        let mut groups: Vec<TaskGroup> =
            [Status::Doing, Status::Blocked, Status::Todo, Status::Done, Status::Cancelled]
                .iter()
                .map(|s| TaskGroup {
                    status: s.name(),
                    label: self.t(s.name()),
                    rows: self.rows(tasks().filter(|t| t.meta.status == *s)),
                })
                .collect();
        groups.push(TaskGroup {
            status: "milestone",
            label: self.t("milestones"),
            rows: self.rows(self.plan().tasks.values().filter(|t| t.kind == Kind::Milestone)),
        });
        groups.retain(|g| !g.rows.is_empty());
        groups
    }

    /// Schedule health for the dashboard: finish vs due, critical path, late and at-risk work.
    pub(crate) fn health(&self) -> Option<HealthView> {
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
            late: self.rows(late),
            at_risk: self.rows(at_risk),
            relief: s
                .relief
                .iter()
                .filter_map(|id| self.plan().tasks.get(id))
                .map(|t| self.task_row(t))
                .collect(),
        })
    }

    /// Milestones not done, from the status date on, soonest first (then any overdue ones first).
    pub(crate) fn next_milestones(&self, limit: usize) -> Vec<TaskRow> {
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

    /// The most recent review on or before the status date (else the latest).
    pub(crate) fn latest_review(&self) -> Option<ReviewView> {
        let mut rs: Vec<&Review> = self.plan().reviews.values().collect();
        rs.sort_by(|a, b| (a.meta.date, &a.id).cmp(&(b.meta.date, &b.id)));
        let past = rs.iter().rev().find(|r| r.meta.date.0 <= self.a.as_of).or(rs.last());
        past.map(|r| self.review(r))
    }
}
