//! Views of metrics, reviews, risks and people.

use super::{Link, TaskRow, Views};
use crate::assemble::person_id;
use crate::i18n;
use crate::meta::Kind;
use crate::model::{Metric, Review, Risk, Task, route};
use crate::values::format_stamp;
use serde::Serialize;

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
    /// Other tasks they answer for, are consulted on or informed of.
    pub involved: Vec<InvolvedRow>,
    /// Goals, metrics and risks they own.
    pub owns: Vec<Link>,
    /// Safe body HTML.
    pub body_html: String,
}

/// A task someone is involved in without doing it, with their RACI letters.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InvolvedRow {
    /// The task.
    #[serde(flatten)]
    pub row: TaskRow,
    /// `A`, `C`, `I` or a combination.
    pub roles: String,
}

impl<'a> Views<'a> {
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
                .map(|c| i18n::count(self.locale, c, "per_week")),
            email: p.meta.as_ref().and_then(|m| m.email.clone()),
            tasks: self.rows(self.plan().tasks.values().filter(|t| mine(t.responsible.as_deref()))),
            involved: {
                let role = |t: &Task| {
                    let r = &t.meta.raci;
                    let mut roles = String::new();
                    if mine(t.accountable.as_deref()) {
                        roles.push('A');
                    }
                    if r.consulted.iter().any(|n| mine(Some(n))) {
                        roles.push('C');
                    }
                    if r.informed.iter().any(|n| mine(Some(n))) {
                        roles.push('I');
                    }
                    roles
                };
                let others = self
                    .plan()
                    .tasks
                    .values()
                    .filter(|t| !mine(t.responsible.as_deref()) && !role(t).is_empty());
                self.rows(others)
                    .into_iter()
                    .map(|row| {
                        let roles = role(&self.plan().tasks[&row.id]);
                        InvolvedRow { row, roles }
                    })
                    .collect()
            },
            owns,
            body_html: p.source.as_ref().map(|s| s.body_html.clone()).unwrap_or_default(),
        }
    }

    /// The most recent review on or before the status date (else the latest).
    pub(crate) fn latest_review(&self) -> Option<ReviewView> {
        let mut rs: Vec<&Review> = self.plan().reviews.values().collect();
        rs.sort_by(|a, b| (a.meta.date, &a.id).cmp(&(b.meta.date, &b.id)));
        let past = rs.iter().rev().find(|r| r.meta.date.0 <= self.a.as_of).or(rs.last());
        past.map(|r| self.review(r))
    }
}
