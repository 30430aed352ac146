//! Views of metrics, reviews, risks and people.

use super::{Link, TaskRow, Views};
use crate::assemble::person_id;
use crate::i18n;
use crate::meta::Kind;
use crate::model::{Review, Risk, Task, route};
use serde::Serialize;

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

impl Views<'_> {
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
