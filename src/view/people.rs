//! Views of people: the people list, person pages (tasks by status, deadlines, load per week
//! against capacity) and the RACI matrix.

use super::inline::flat_struct;
use super::load::{self, TaskRoles, WeekLoad};
use super::task::TaskGroup;
use super::{Link, Row, Views};
use crate::i18n;
use crate::meta::{Kind, Locale, Status};
use crate::model::{Task, route};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Weeks of history shown before the status date's week in a load table.
const LOAD_WEEKS_BEFORE: i64 = 4;
/// Most weeks shown in a load table.
const LOAD_WEEKS_MAX: usize = 26;
/// Most deadlines listed on a person page.
const DEADLINES_MAX: usize = 10;

/// Everything a person page (and a row of the people list) shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonView {
    /// Id.
    pub id: String,
    /// Link to the page.
    pub link: Link,
    /// Team.
    pub team: Option<String>,
    /// Capacity in workdays a week, formatted.
    pub capacity: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Tasks they are responsible for, by status (doing, blocked, to do, done), empty groups left out.
    pub groups: Vec<TaskGroup>,
    /// Other tasks they answer for, are consulted on or informed of.
    pub involved: Vec<InvolvedRow>,
    /// Such tasks left off `involved` (finished ones first, when there are many).
    pub more_involved: usize,
    /// Goals, metrics and risks they own.
    pub owns: Vec<Link>,
    /// Unfinished work they are Responsible or Accountable for, overdue first, then by date.
    pub deadlines: Vec<DeadlineRow>,
    /// Load per ISO week around the status date.
    pub load: Vec<WeekRow>,
    /// Workdays of work in the status date's week.
    pub load_now: i64,
    /// Workdays they can give in the status date's week (capacity capped by the calendar).
    pub available_now: Option<String>,
    /// Weeks from the status date's on with more work than capacity.
    pub overloaded: usize,
    /// How many tasks they are R, A, C and I for.
    pub counts: RoleCounts,
    /// Safe body HTML.
    pub body_html: String,
}

/// Finished (and cancelled) rows a person page shows, the latest; the rest are counted.
const DONE_MAX: usize = 20;
/// Rows of one open group (doing, blocked, to do, milestones) a person page shows, the
/// soonest; the rest are counted (someone responsible for thousands of tasks gets a page that
/// still opens and prints).
const OPEN_MAX: usize = 200;
/// Tasks named in one week's row of a person's load table; the rest are counted.
const WEEK_TASKS_MAX: usize = 10;
/// Rows of other people's tasks a person page lists before leaving off the finished ones.
const INVOLVED_MAX: usize = 60;

/// A person's line on the people page (the page lists everyone, so it carries no task lists).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonRow {
    /// Link to the page.
    pub link: Link,
    /// Team.
    pub team: Option<String>,
    /// Goals, metrics and risks they own.
    pub owns: Vec<Link>,
    /// Workdays of work in the status date's week.
    pub load_now: i64,
    /// Workdays they can give in the status date's week.
    pub available_now: Option<String>,
    /// Weeks from the status date's on with more work than capacity.
    pub overloaded: usize,
    /// How many tasks they are R, A, C and I for.
    pub counts: RoleCounts,
}

impl PersonView {
    /// The person's line on the people page.
    pub(crate) fn row(&self) -> PersonRow {
        PersonRow {
            link: self.link.clone(),
            team: self.team.clone(),
            owns: self.owns.clone(),
            load_now: self.load_now,
            available_now: self.available_now.clone(),
            overloaded: self.overloaded,
            counts: self.counts.clone(),
        }
    }
}

/// How many tasks a person holds each RACI role on (cancelled tasks left out).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct RoleCounts {
    /// Responsible.
    pub r: usize,
    /// Accountable.
    pub a: usize,
    /// Consulted.
    pub c: usize,
    /// Informed.
    pub i: usize,
}

impl RoleCounts {
    /// Whether the person holds any role.
    pub(crate) fn any(&self) -> bool {
        self.r + self.a + self.c + self.i > 0
    }
}

flat_struct! {
    /// A task someone is involved in without doing it, with their RACI letters.
    #[derive(Debug, Clone)]
    pub(crate) struct InvolvedRow {
        /// The task.
        flat pub row: Row,
        /// `A`, `C`, `I` or a combination.
        pub roles: String,
    }
}

flat_struct! {
    /// A date someone has to meet.
    #[derive(Debug, Clone)]
    pub(crate) struct DeadlineRow {
        /// The task or milestone.
        flat pub row: Row,
        /// The date, formatted.
        pub date: String,
        /// `due` (a deadline) or `end` (the forecast end of work without a deadline).
        pub what: &'static str,
        /// Workdays from the status date (negative = overdue).
        pub in_days: i64,
        /// In words: `in 3 workdays`, `today`, `2 workdays overdue`.
        pub when: String,
        /// Their RACI letters on it.
        pub roles: String,
    }
}

/// One ISO week of a person's load.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeekRow {
    /// `W48 · Nov 23`.
    pub label: String,
    /// The week's Monday, ISO.
    pub monday: String,
    /// Workdays of work.
    pub days: i64,
    /// What they can give that week (capacity capped by the calendar), formatted.
    pub available: Option<String>,
    /// Bar length in percent of the table's scale.
    pub bar: u32,
    /// Capacity marker position in percent of the scale.
    pub cap_at: Option<u32>,
    /// More work than capacity.
    pub over: bool,
    /// Before the status date's week.
    pub past: bool,
    /// The status date's week.
    pub current: bool,
    /// The tasks that make up the load (the first `WEEK_TASKS_MAX`).
    pub tasks: Vec<Link>,
    /// Tasks of the week left off `tasks`.
    pub more_tasks: usize,
    /// CSS classes: `past`, `current`, `over`.
    pub class: String,
}

/// A person as a column of the RACI matrix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RaciPerson {
    /// Link to their page.
    pub link: Link,
    /// Tasks they are Responsible for.
    pub r: usize,
    /// Tasks they are Accountable for.
    pub a: usize,
}

/// One task row of the RACI matrix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RaciRow {
    /// The task.
    pub link: Link,
    /// Status key.
    pub status: &'static str,
    /// Localised status.
    pub status_label: String,
    /// One cell per person column: that person's letters, `""`, `R`, `A`, `RA`, `C`, ...
    /// (plain strings: the matrix of a big plan has hundreds of thousands of cells).
    pub cells: Vec<String>,
    /// What is wrong with this task's RACI, in words (no A, two As, no R).
    pub issues: Vec<String>,
}

/// Tasks of one goal in the RACI matrix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RaciGroup {
    /// The goal (`None` for tasks without one).
    pub goal: Option<Link>,
    /// Heading text.
    pub title: String,
    /// Goal depth in the tree.
    pub depth: usize,
    /// The rows.
    pub rows: Vec<RaciRow>,
}

/// The RACI matrix page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RaciView {
    /// Person columns.
    pub people: Vec<RaciPerson>,
    /// Row groups by goal, in goal-tree order.
    pub groups: Vec<RaciGroup>,
    /// Tasks with a RACI problem.
    pub issues: usize,
    /// Tasks shown.
    pub tasks: usize,
}

impl Views<'_> {
    /// Everything a person page shows.
    pub(crate) fn person_page(&self, id: &str) -> PersonView {
        let plan = self.plan();
        let p = &plan.people[id];
        let mine = |name: Option<&str>| {
            name.and_then(|n| crate::assemble::person_id(plan, n)).as_deref() == Some(id)
        };
        let mut owns: Vec<Link> = Vec::new();
        owns.extend(
            plan.goals.values().filter(|g| mine(g.meta.owner.as_deref())).map(|g| self.link(&g.id)),
        );
        owns.extend(
            plan.metrics
                .values()
                .filter(|m| mine(m.meta.owner.as_deref()))
                .map(|m| self.link(&m.id)),
        );
        owns.extend(
            plan.risks.values().filter(|r| mine(r.meta.owner.as_deref())).map(|r| self.link(&r.id)),
        );
        // Looked up once: the groups, the counts and the deadlines all read them.
        let mine: Vec<(&Task, &load::TaskRoles)> = self.involved(id).collect();
        let (responsible, mut others): (Vec<_>, Vec<_>) =
            mine.iter().copied().partition(|(_, r)| r.r.as_deref() == Some(id));
        let responsible: Vec<&Task> = responsible.into_iter().map(|(t, _)| t).collect();
        let groups = self.groups_of(&responsible);
        // Someone consulted or informed on a big plan's every task sees the open ones only.
        let involved_total = others.len();
        if others.len() > INVOLVED_MAX {
            others.retain(|(t, _)| !matches!(t.meta.status, Status::Done | Status::Cancelled));
        }
        let letters: HashMap<&str, String> =
            others.iter().map(|(t, r)| (t.id.as_str(), r.letters(id))).collect();
        // Rows are made for the tasks shown only (a busy plan involves someone in thousands).
        let mut shown = self.in_schedule_order(others.into_iter().map(|(t, _)| t));
        shown.truncate(INVOLVED_MAX);
        let more_involved = involved_total - shown.len();
        let involved = shown
            .into_iter()
            .map(|t| InvolvedRow { row: self.task_row(t), roles: letters[t.id.as_str()].clone() })
            .collect();
        let mut counts = RoleCounts::default();
        for (t, r) in &mine {
            if t.meta.status == Status::Cancelled {
                continue;
            }
            counts.r += usize::from(r.r.as_deref() == Some(id));
            counts.a += usize::from(r.a.iter().any(|x| x == id));
            counts.c += usize::from(r.c.iter().any(|x| x == id));
            counts.i += usize::from(r.i.iter().any(|x| x == id));
        }
        let weeks = self.load().get(id);
        let this_week = load::week_monday(self.a.as_of);
        let capacity = load::capacity(plan, id);
        PersonView {
            id: id.to_string(),
            link: Link { href: route(Kind::Person, id), title: p.name.clone() },
            team: p.meta.as_ref().and_then(|m| m.team.clone()),
            capacity: capacity
                .map(|c| i18n::count(self.locale, i18n::grouped(c, places(c)), "per_week")),
            email: p.meta.as_ref().and_then(|m| m.email.clone()),
            groups,
            involved,
            more_involved,
            owns,
            deadlines: self.deadlines_of(id, &mine),
            load: weeks.map(|w| self.week_rows(w, capacity)).unwrap_or_default(),
            load_now: weeks.and_then(|w| w.get(&this_week)).map_or(0, |w| w.days),
            available_now: capacity.map(|c| {
                let a = c.min(self.workdays_in_week(this_week) as f64);
                i18n::grouped(a, places(a))
            }),
            overloaded: weeks.map_or(0, |w| load::overloaded_weeks(self.a, id, w).len()),
            counts,
            body_html: p.source.as_ref().map(|s| s.body_html.clone()).unwrap_or_default(),
        }
    }

    /// Tasks by status in reading order (doing, blocked, to do, done, cancelled), then
    /// milestones; empty groups left out. Finished and cancelled groups keep their latest
    /// `DONE_MAX` rows, open ones their soonest `OPEN_MAX` (the rest are counted): a person
    /// page is about the work at hand. Rows are made for the tasks shown only.
    fn groups_of(&self, tasks: &[&Task]) -> Vec<TaskGroup> {
        let group = |status: &'static str, label: String, list: Vec<&Task>, done: bool| {
            // In schedule order, so the soonest are first and the latest last.
            let list = self.in_schedule_order(list);
            let total = list.len();
            let (skip, keep) =
                if done { (total.saturating_sub(DONE_MAX), DONE_MAX) } else { (0, OPEN_MAX) };
            let rows: Vec<Row> =
                list.into_iter().skip(skip).take(keep).map(|t| self.task_row(t)).collect();
            TaskGroup { status, label, total, more: total - rows.len(), rows }
        };
        let mut groups: Vec<TaskGroup> =
            [Status::Doing, Status::Blocked, Status::Todo, Status::Done, Status::Cancelled]
                .iter()
                .map(|s| {
                    let list = tasks
                        .iter()
                        .copied()
                        .filter(|t| t.kind == Kind::Task && t.meta.status == *s)
                        .collect();
                    group(
                        s.name(),
                        self.t(s.name()),
                        list,
                        matches!(s, Status::Done | Status::Cancelled),
                    )
                })
                .collect();
        let milestones = tasks.iter().copied().filter(|t| t.kind == Kind::Milestone).collect();
        groups.push(group("milestone", self.t("milestones"), milestones, false));
        groups.retain(|g| !g.rows.is_empty());
        groups
    }

    /// Of `mine` (person `id`'s tasks with their roles), the unfinished tasks and milestones
    /// they are R or A for, with the date that binds them (the due date, else the forecast
    /// end): overdue first, then soonest.
    fn deadlines_of(&self, id: &str, mine: &[(&Task, &load::TaskRoles)]) -> Vec<DeadlineRow> {
        let Some(s) = self.a.schedule.as_ref() else { return Vec::new() };
        let mut rows: Vec<(NaiveDate, &Task, &'static str, &load::TaskRoles)> = Vec::new();
        for &(t, r) in mine {
            if matches!(t.meta.status, Status::Done | Status::Cancelled) {
                continue;
            }
            if !(r.r.as_deref() == Some(id) || r.a.iter().any(|x| x == id)) {
                continue;
            }
            let (date, what) = match (t.meta.due, s.tasks.get(&t.id)) {
                (Some(d), _) => (d.0, "due"),
                (None, Some(x)) => (x.end, "end"),
                (None, None) => continue,
            };
            rows.push((date, t, what, r));
        }
        rows.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        rows.into_iter()
            .take(DEADLINES_MAX)
            .map(|(date, t, what, roles)| {
                let in_days = workdays_between(s, self.a.as_of, date);
                DeadlineRow {
                    row: self.task_row(t),
                    date: self.date(crate::values::Date(date)),
                    what,
                    in_days,
                    when: when_words(self.locale, in_days),
                    roles: roles.letters(id),
                }
            })
            .collect()
    }

    /// The load table: from a few weeks before the status date's week to the last week with
    /// work, every week shown (empty ones too) so the rows read as a timeline.
    fn week_rows(
        &self,
        weeks: &BTreeMap<NaiveDate, WeekLoad>,
        capacity: Option<f64>,
    ) -> Vec<WeekRow> {
        let (Some(first), Some(last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
            return Vec::new();
        };
        let this_week = load::week_monday(self.a.as_of);
        let from = (*first).max(this_week - chrono::Duration::weeks(LOAD_WEEKS_BEFORE));
        let from = from.min(*last);
        let max_days = weeks.range(from..).map(|(_, w)| w.days).max().unwrap_or(0);
        let scale = (max_days as f64).max(capacity.unwrap_or(0.0)).max(5.0);
        let pct = |v: f64| (v / scale * 100.0).round().clamp(0.0, 100.0) as u32;
        let mut out = Vec::new();
        let mut monday = from;
        while monday <= *last && out.len() < LOAD_WEEKS_MAX {
            let w = weeks.get(&monday).cloned().unwrap_or_else(|| WeekLoad {
                workdays: self.workdays_in_week(monday),
                ..WeekLoad::default()
            });
            let available = capacity.map(|c| w.available(c));
            out.push(WeekRow {
                label: week_label(self.locale, monday),
                monday: monday.format("%Y-%m-%d").to_string(),
                days: w.days,
                available: available.map(|a| i18n::grouped(a, places(a))),
                bar: pct(w.days as f64),
                cap_at: available.map(pct),
                over: capacity.is_some_and(|c| w.over(c)),
                past: monday < this_week,
                current: monday == this_week,
                tasks: self.links(&w.tasks[..w.tasks.len().min(WEEK_TASKS_MAX)]),
                more_tasks: w.tasks.len().saturating_sub(WEEK_TASKS_MAX),
                class: String::new(),
            });
            if let Some(row) = out.last_mut() {
                let flags = [(row.past, "past"), (row.current, "current"), (row.over, "over")];
                row.class = flags.iter().filter(|f| f.0).map(|f| f.1).collect::<Vec<_>>().join(" ");
            }
            monday += chrono::Duration::weeks(1);
        }
        out
    }

    /// Workdays of the plan's calendar in the week starting `monday` (5 without a schedule).
    fn workdays_in_week(&self, monday: NaiveDate) -> i64 {
        self.a.schedule.as_ref().map_or(5, |s| {
            (0..7).filter(|i| s.calendar.is_workday(monday + chrono::Duration::days(*i))).count()
                as i64
        })
    }

    /// The RACI matrix: tasks (rows, grouped by goal) × people (columns).
    pub(crate) fn raci(&self) -> RaciView {
        let plan = self.plan();
        let roles = self.roles();
        let shown = |t: &&Task| t.kind == Kind::Task && t.meta.status != Status::Cancelled;
        let tasks: Vec<&Task> = plan.tasks.values().filter(shown).collect();
        // Each person's R and A counts (and whether they have any role), in one pass over the
        // shown tasks: asking each person of every task cost people × tasks look-ups.
        let none = TaskRoles::default();
        let roles_of = |t: &Task| roles.get(&t.id).unwrap_or(&none);
        let mut tally: HashMap<&str, (usize, usize)> = HashMap::new();
        for r in tasks.iter().map(|t| roles_of(t)) {
            let named = r.r.iter().chain(&r.a).chain(&r.c).chain(&r.i);
            for p in named {
                tally.entry(p.as_str()).or_default();
            }
            if let Some(p) = &r.r {
                tally.entry(p.as_str()).or_default().0 += 1;
            }
            for p in &r.a {
                tally.entry(p.as_str()).or_default().1 += 1;
            }
        }
        // People with a role on a shown task, by name.
        let mut ids: Vec<&String> =
            plan.people.keys().filter(|p| tally.contains_key(p.as_str())).collect();
        ids.sort_by_cached_key(|p| (plan.people[*p].name.to_lowercase(), (*p).clone()));
        let people: Vec<RaciPerson> = ids
            .iter()
            .map(|p| {
                let (r, a) = tally[p.as_str()];
                RaciPerson {
                    link: Link {
                        href: route(Kind::Person, p),
                        title: plan.people[*p].name.clone(),
                    },
                    r,
                    a,
                }
            })
            .collect();
        let row = |t: &Task| {
            let r = roles_of(t);
            RaciRow {
                link: self.link(&t.id),
                status: t.meta.status.name(),
                status_label: self.t(t.meta.status.name()),
                cells: ids.iter().map(|p| r.letters(p)).collect(),
                issues: self.raci_issues(r),
            }
        };
        let mut groups = Vec::new();
        for g in self.goal_tree() {
            let mine: Vec<&Task> = plan.goal_tasks(&g.id).into_iter().filter(shown).collect();
            if mine.is_empty() {
                continue;
            }
            groups.push(RaciGroup {
                title: g.link.title.clone(),
                goal: Some(g.link),
                depth: g.depth,
                rows: self.in_schedule_order(mine).into_iter().map(row).collect(),
            });
        }
        let loose: Vec<&Task> = tasks
            .iter()
            .copied()
            .filter(|t| t.goal.as_deref().is_none_or(|g| !plan.goals.contains_key(g)))
            .collect();
        if !loose.is_empty() {
            groups.push(RaciGroup {
                goal: None,
                title: self.t("no_goal"),
                depth: 0,
                rows: self.in_schedule_order(loose).into_iter().map(row).collect(),
            });
        }
        let issues = groups.iter().flat_map(|g| &g.rows).filter(|r| !r.issues.is_empty()).count();
        RaciView { people, groups, issues, tasks: tasks.len() }
    }

    /// What is wrong with one task's RACI, in words for the matrix.
    fn raci_issues(&self, r: &TaskRoles) -> Vec<String> {
        let mut out = Vec::new();
        if r.r.is_none() {
            out.push(self.t("raci_no_r"));
        }
        match r.a.len() {
            0 => out.push(self.t("raci_no_a")),
            1 => {}
            n => out.push(i18n::count(self.locale, n, "raci_many_a")),
        }
        out
    }
}

/// Workdays from `from` to `to` on the schedule's calendar (negative when `to` is earlier);
/// the same day is 0.
pub(super) fn workdays_between(
    s: &crate::schedule::Schedule,
    from: NaiveDate,
    to: NaiveDate,
) -> i64 {
    s.calendar.end_of(to) - s.calendar.end_of(from)
}

fn when_words(locale: Locale, n: i64) -> String {
    match (locale, n) {
        (Locale::En, 0) => "today".to_string(),
        (Locale::En, 1) => "in 1 workday".to_string(),
        (Locale::En, n) if n > 0 => format!("in {n} workdays"),
        (Locale::En, -1) => "1 workday overdue".to_string(),
        (Locale::En, n) => format!("{} workdays overdue", -n),
        (Locale::ZhCn, 0) => "今天".to_string(),
        (Locale::ZhCn, n) if n > 0 => format!("还有{n}个工作日"),
        (Locale::ZhCn, n) => format!("已逾期{}个工作日", -n),
    }
}

/// `W48 · Nov 23` or `第48周 · 11月23日`.
pub(super) fn week_label(locale: Locale, monday: NaiveDate) -> String {
    let w = monday.iso_week().week();
    match locale {
        Locale::En => format!("W{w} · {}", i18n::short_date(locale, monday)),
        Locale::ZhCn => format!("第{w}周 · {}", i18n::short_date(locale, monday)),
    }
}

/// Decimal places to show a capacity with: none for whole numbers, else one.
fn places(v: f64) -> usize {
    usize::from(v.fract().abs() >= 1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_in_words() {
        assert_eq!(when_words(Locale::En, 0), "today");
        assert_eq!(when_words(Locale::En, 3), "in 3 workdays");
        assert_eq!(when_words(Locale::En, -2), "2 workdays overdue");
        assert_eq!(when_words(Locale::ZhCn, -2), "已逾期2个工作日");
    }
}
