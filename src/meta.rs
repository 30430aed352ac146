//! Front matter of each kind of note, deserialised strictly so a typo lists the valid keys.

use crate::values::{self, Date, DateRange, Stamp, Workdays};
use serde::{Deserialize, Serialize};

/// The kinds of note a plan is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The plan itself (exactly one, at the root).
    Plan,
    /// An objective, decomposed into sub-goals and tasks.
    Goal,
    /// A unit of work with an owner and a deadline.
    Task,
    /// A zero-length checkpoint.
    Milestone,
    /// A tracked number with one written definition.
    Metric,
    /// Notes of a stand-up or review meeting.
    Review,
    /// Something that may go wrong, with plan B.
    Risk,
    /// Someone who owns work.
    Person,
}

impl Kind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Kind; 8] = [
        Kind::Plan,
        Kind::Goal,
        Kind::Task,
        Kind::Milestone,
        Kind::Metric,
        Kind::Review,
        Kind::Risk,
        Kind::Person,
    ];

    /// The name used in `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Goal => "goal",
            Kind::Task => "task",
            Kind::Milestone => "milestone",
            Kind::Metric => "metric",
            Kind::Review => "review",
            Kind::Risk => "risk",
            Kind::Person => "person",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Weekdays as written in `calendar.workdays`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// The plan's working calendar.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarMeta {
    /// Working weekdays (default Monday to Friday).
    #[serde(default = "default_workdays")]
    pub workdays: Vec<Weekday>,
    /// Days off: single dates or ranges.
    #[serde(default)]
    pub holidays: Vec<DateRange>,
    /// Weekend days that are working days (调休).
    #[serde(default)]
    pub makeup_days: Vec<Date>,
}

fn default_workdays() -> Vec<Weekday> {
    vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
}

impl Default for CalendarMeta {
    fn default() -> Self {
        CalendarMeta { workdays: default_workdays(), holidays: vec![], makeup_days: vec![] }
    }
}

/// UI language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Locale {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

/// `kind: plan`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    #[serde(skip_serializing)]
    pub id: Option<String>,
    /// Name of the plan.
    pub title: String,
    /// The broad objective, e.g. "Black Friday GMV +50%".
    pub objective: Option<String>,
    /// Who owns the plan.
    pub owner: Option<String>,
    /// First day of work.
    pub start: Date,
    /// Deadline of the whole plan.
    pub due: Option<Date>,
    /// Status date (the CLI's `--as-of` wins).
    pub as_of: Option<Date>,
    /// UI language.
    #[serde(default)]
    pub locale: Locale,
    /// Working calendar.
    #[serde(default)]
    pub calendar: CalendarMeta,
    /// Absolute URL the site is published at (optional; links stay relative).
    pub base_url: Option<String>,
    /// Let raw HTML in note bodies through instead of escaping it.
    #[serde(default)]
    pub trust_html: bool,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `kind: goal`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// What the goal is.
    pub title: String,
    /// The goal this one contributes to.
    pub parent: Option<String>,
    /// Who answers for it.
    pub owner: Option<String>,
    /// The metric that measures it.
    pub metric: Option<String>,
    /// Target value of that metric.
    #[serde(default, deserialize_with = "values::finite")]
    pub target: Option<f64>,
    /// Deadline.
    pub due: Option<Date>,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Responsible, Accountable, Consulted, Informed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Raci {
    /// Does the work (defaults to the owner).
    pub responsible: Option<String>,
    /// Answers for it; exactly one.
    pub accountable: Option<String>,
    /// Asked before.
    #[serde(default)]
    pub consulted: Vec<String>,
    /// Told after.
    #[serde(default)]
    pub informed: Vec<String>,
}

/// Task states, in board order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Status {
    #[default]
    Todo,
    Doing,
    Blocked,
    Done,
    Cancelled,
}

impl Status {
    /// Every status, in board order.
    pub const ALL: [Status; 5] =
        [Status::Todo, Status::Doing, Status::Blocked, Status::Done, Status::Cancelled];

    /// The name used in front matter and CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }
}

/// A pair of dates (baseline or actual).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First day.
    pub start: Option<Date>,
    /// Last day (inclusive).
    pub end: Option<Date>,
}

/// `kind: task` and `kind: milestone`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaskMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// What is to be done.
    pub title: String,
    /// The goal it serves (defaults to the folder's goal).
    pub goal: Option<String>,
    /// Who does it (the R of RACI).
    pub owner: Option<String>,
    /// Who does, answers, is asked, is told.
    #[serde(default)]
    pub raci: Raci,
    /// Pinned first day.
    pub start: Option<Date>,
    /// Work in workdays (`5d`, `2w`).
    pub duration: Option<Workdays>,
    /// Last day, instead of a duration.
    pub end: Option<Date>,
    /// Deadline.
    pub due: Option<Date>,
    /// Predecessors: `id`, `id:ss`, `id +2d`.
    #[serde(default)]
    pub depends: Vec<String>,
    /// Where the work stands.
    #[serde(default)]
    pub status: Status,
    /// Percent complete.
    #[serde(default, deserialize_with = "values::percent")]
    pub progress: Option<f64>,
    /// What is handed over.
    pub deliverable: Option<String>,
    /// How the deliverable is accepted.
    pub acceptance: Option<String>,
    /// Elastic: can be compressed or deferred.
    #[serde(default)]
    pub flex: bool,
    /// Dates as first planned.
    pub baseline: Option<Span>,
    /// Dates as they happened.
    pub actual: Option<Span>,
    /// Metrics this task moves.
    #[serde(default)]
    pub contributes: Vec<String>,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// How often a metric is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Granularity {
    Hour,
    #[default]
    Day,
    Week,
    Month,
}

/// Which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

/// How values combine into a week or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Aggregate {
    Sum,
    #[default]
    Mean,
    Last,
}

/// One inline data point or annotation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// When.
    pub date: Stamp,
    /// The number.
    #[serde(deserialize_with = "finite_required")]
    pub value: f64,
    /// What happened.
    pub note: Option<String>,
}

fn finite_required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    values::finite(d).map(Option::unwrap_or_default)
}

/// A dated note on a metric's chart.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// When.
    pub date: Stamp,
    /// What happened.
    pub note: String,
}

/// One value, or dated checkpoints.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Target {
    /// A single target.
    Value(f64),
    /// Checkpoints.
    Checkpoints(Vec<Checkpoint>),
}

/// By hand rather than `#[serde(untagged)]`: the number is checked like every other number of
/// the plan (finite, at most 10^15), and a bad value is reported where it is with its own message
/// instead of "did not match any variant".
impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, SeqAccess, Visitor, value::SeqAccessDeserializer};
        struct TargetVisitor;
        impl<'de> Visitor<'de> for TargetVisitor {
            type Value = Target;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a number, or a list of checkpoints like [{date: 2026-11-27, value: 40}]",
                )
            }
            fn visit_f64<E: Error>(self, v: f64) -> Result<Target, E> {
                values::check_number(v).map(Target::Value).map_err(E::custom)
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i128<E: Error>(self, v: i128) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u128<E: Error>(self, v: u128) -> Result<Target, E> {
                self.visit_f64(v as f64)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Target, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Target::Checkpoints)
            }
        }
        d.deserialize_any(TargetVisitor)
    }
}

/// A dated target value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// By when.
    pub date: Date,
    /// What value.
    #[serde(deserialize_with = "finite_required")]
    pub value: f64,
}

/// A rule that flags a breach and names the response.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlertMeta {
    /// Fires when the value is below this.
    #[serde(default, deserialize_with = "values::finite")]
    pub below: Option<f64>,
    /// Fires when the value is above this.
    #[serde(default, deserialize_with = "values::finite")]
    pub above: Option<f64>,
    /// Fires on a drop of this many percent vs the previous period.
    #[serde(default, deserialize_with = "values::finite")]
    pub drop: Option<f64>,
    /// Fires on a rise of this many percent vs the previous period.
    #[serde(default, deserialize_with = "values::finite")]
    pub rise: Option<f64>,
    /// How long the condition must hold: a number of periods, or a time (`2d`, `2w`, `6h`).
    #[serde(rename = "for")]
    pub sustained: Option<values::Sustain>,
    /// The response, in words.
    pub then: Option<String>,
    /// The task or risk that is plan B.
    pub plan_b: Option<String>,
}

/// `kind: metric`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// Name of the number.
    pub title: String,
    /// The one written definition (caliber).
    pub definition: Option<String>,
    /// Unit (`%`, `USD`, `ratio`, `count`, ...).
    pub unit: Option<String>,
    /// How often it is measured.
    #[serde(default)]
    pub granularity: Granularity,
    /// Which way is good.
    #[serde(default)]
    pub better: Better,
    /// How values combine into weeks and months.
    #[serde(default)]
    pub aggregate: Aggregate,
    /// Who answers for it.
    pub owner: Option<String>,
    /// Where the number comes from.
    pub source: Option<String>,
    /// CSV file relative to the note.
    pub data: Option<String>,
    /// Inline data points.
    #[serde(default)]
    pub values: Vec<Point>,
    /// Value before the plan.
    #[serde(default, deserialize_with = "values::finite")]
    pub baseline: Option<f64>,
    /// Target value or checkpoints.
    pub target: Option<Target>,
    /// Breach rules.
    #[serde(default)]
    pub alerts: Vec<AlertMeta>,
    /// Dated notes on the chart.
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Meeting rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Cadence {
    Daily,
    #[default]
    Weekly,
    Monthly,
}

/// A change decided in a review.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The task changed.
    pub task: String,
    /// Which field.
    pub field: Option<String>,
    /// Old value.
    #[serde(default, deserialize_with = "values::any_scalar")]
    pub from: Option<String>,
    /// New value.
    #[serde(default, deserialize_with = "values::any_scalar")]
    pub to: Option<String>,
    /// Why.
    pub why: Option<String>,
}

/// `kind: review`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// Heading (defaults to the id, usually the date).
    pub title: Option<String>,
    /// Meeting day.
    pub date: Date,
    /// Meeting rhythm.
    #[serde(default)]
    pub cadence: Cadence,
    /// Who was there.
    #[serde(default)]
    pub attendees: Vec<String>,
    /// What was decided.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// What the decisions changed.
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Low, medium, high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Level {
    Low,
    #[default]
    Medium,
    High,
}

/// Where a risk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum RiskStatus {
    #[default]
    Open,
    Triggered,
    Mitigated,
    Closed,
}

/// `kind: risk`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// What may go wrong.
    pub title: String,
    /// How likely.
    #[serde(default)]
    pub probability: Level,
    /// How bad.
    #[serde(default)]
    pub impact: Level,
    /// Who watches it.
    pub owner: Option<String>,
    /// What signals it.
    pub trigger: Option<String>,
    /// Plan B.
    pub response: Option<String>,
    /// Tasks it threatens or that carry plan B.
    #[serde(default)]
    pub tasks: Vec<String>,
    /// Metrics that signal it.
    #[serde(default)]
    pub metrics: Vec<String>,
    /// Where it stands.
    #[serde(default)]
    pub status: RiskStatus,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `kind: person`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonMeta {
    #[serde(skip_serializing)]
    #[allow(missing_docs)]
    pub kind: String,
    /// Overrides the id taken from the file name.
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Team.
    pub team: Option<String>,
    /// Workdays per week available to the plan.
    #[serde(default, deserialize_with = "values::finite")]
    pub capacity: Option<f64>,
    /// Contact.
    pub email: Option<String>,
    /// Free labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(fields: &str) -> Result<MetricMeta, String> {
        let yaml = format!("---\nkind: metric\ntitle: M\n{fields}");
        crate::front_matter::parse::<MetricMeta>(&yaml)
            .map_err(|e| format!("{}:{}: {}", e.pos.line, e.pos.col, e.message))
    }

    #[test]
    fn metric_numbers_are_finite_and_not_huge() {
        let m = metric("target: 40\nbaseline: -1e15\n").unwrap();
        assert!(matches!(m.target, Some(Target::Value(v)) if (v - 40.0).abs() < 1e-9));
        let m = metric("target: [{date: 2026-11-27, value: 2.5}]\n").unwrap();
        assert!(
            matches!(&m.target, Some(Target::Checkpoints(c)) if (c[0].value - 2.5).abs() < 1e-9)
        );
        for (fields, at, says) in [
            ("target: .inf\n", "4:9", "number must be finite"),
            ("target: .NaN\n", "4:9", "number must be finite"),
            ("target: 1e300\n", "4:9", "at most 10^15 in size, got 1e300"),
            ("target: -18446744073709551615\n", "4:9", "at most 10^15"),
            ("target:\n  - {date: 2026-11-27, value: .nan}\n", "5:31", "number must be finite"),
            ("target:\n  - date: 2026-11-27\n    value: 2e15\n", "6:12", "at most 10^15"),
            ("baseline: .inf\n", "4:11", "number must be finite"),
            ("alerts: [{below: -.inf}]\n", "4:18", "number must be finite"),
            ("alerts: [{above: 1e16}]\n", "4:18", "at most 10^15"),
            ("alerts: [{drop: .nan}]\n", "4:17", "number must be finite"),
            ("alerts: [{rise: 1e999}]\n", "4:17", "expected a number"),
            ("values: [{date: 2026-11-02, value: .inf}]\n", "4:36", "number must be finite"),
        ] {
            let e = metric(fields).unwrap_err();
            assert!(e.starts_with(at) && e.contains(says), "{fields}: {e}");
        }
        // A target that is neither a number nor a list says what it may be.
        let e = metric("target: lots\n").unwrap_err();
        assert!(e.contains("expected a number, or a list of checkpoints"), "{e}");
    }

    #[test]
    fn goal_and_person_numbers_are_finite() {
        let goal = "---\nkind: goal\ntitle: G\ntarget: .inf\n";
        let e = crate::front_matter::parse::<GoalMeta>(goal).unwrap_err();
        assert!(e.message.contains("number must be finite"), "{e:?}");
        let person = "---\nkind: person\nname: P\ncapacity: 1e20\n";
        let e = crate::front_matter::parse::<PersonMeta>(person).unwrap_err();
        assert!(e.message.contains("at most 10^15"), "{e:?}");
    }
}
