//! The template contract: serialisable views of the analysis, with dates and numbers formatted.
//! One file per noun: tasks and the schedule, goals, metrics, the board, people and RACI,
//! risks, reviews, and the printed handout.

mod board;
mod gantt;
mod goal;
mod handout;
pub(crate) mod inline;
pub(crate) mod load;
mod metric;
mod people;
mod review;
mod risk;
mod task;

pub(crate) use board::LaneBy;
pub(crate) use gantt::{GANTT_FILE_PATHS, GANTT_FILES};
pub(crate) use metric::MetricView;
pub(crate) use people::PersonView;
pub(crate) use task::Row;

use crate::assemble::person_id;
use crate::i18n;
use crate::meta::{Kind, Locale};
use crate::model::{IdMap, Plan, Task, route};
use crate::rollup::Analysis;
use crate::values::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// A value made only if a template shows it (a chart): for a page's content key it stands as
/// the key of what decides it, so a page taken from the last build never makes it.
pub(crate) struct Lazy<'a, T> {
    key: Option<u128>,
    make: Box<dyn Fn() -> T + 'a>,
}

impl<'a, T> Lazy<'a, T> {
    /// `make` makes the value; `key` keys everything it depends on (`None`: no key, so the
    /// value is made for the page's key too).
    pub(crate) fn new(key: Option<u128>, make: impl Fn() -> T + 'a) -> Self {
        Lazy { key, make: Box::new(make) }
    }
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.key {
            // Content keys are gathered by a serialiser that is not human-readable.
            Some(k) if !s.is_human_readable() => s.serialize_u128(k),
            _ => (self.make)().serialize(s),
        }
    }
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

/// What views compute once per analysis and share: kept by a build while it renders, or by
/// `site::Pages` across the requests that `serve` answers from one analysis.
#[derive(Default)]
pub(crate) struct ViewCaches {
    /// Every task's RACI with names resolved, computed on first use.
    roles: OnceLock<IdMap<load::TaskRoles>>,
    /// The tasks each person has any role on (by person id, in task id order), so a person's
    /// page reads their tasks and not the whole plan.
    involved: OnceLock<IdMap<Vec<String>>>,
    /// Each person's load per week, computed on first use.
    load: OnceLock<BTreeMap<String, BTreeMap<chrono::NaiveDate, load::WeekLoad>>>,
    /// The link to every note by id, made once: pages of a big plan ask for hundreds of
    /// thousands of links.
    link_table: OnceLock<IdMap<Link>>,
    /// Each risk's number in the register (its place in register order, from 1).
    risk_numbers: OnceLock<IdMap<usize>>,
    /// The tasks that move each metric (`contributes`), in task id order: every metric page
    /// lists them, and a scan of the plan per metric grows with both.
    movers: OnceLock<IdMap<Vec<String>>>,
    /// Each task's row, by its place in `Plan::tasks`, made on first use.
    rows: OnceLock<Box<[OnceLock<Row>]>>,
    /// Each task's board card, by its place in `Plan::tasks` (both boards show it).
    cards: OnceLock<Box<[OnceLock<board::Card>]>>,
}

/// Builds views for one analysis in one locale; shared by every rendering thread (its caches
/// are computed once, by whichever thread needs them first).
pub(crate) struct Views<'a> {
    /// The analysis shown.
    pub a: &'a Analysis,
    /// The site's locale.
    pub locale: Locale,
    /// What is computed once and shared, kept by whoever made the views (a build frees it on
    /// the pool when it is done; `serve` keeps it across requests).
    caches: &'a ViewCaches,
}

impl<'a> Views<'a> {
    /// Views of `a` in the plan's locale that use (and fill) `caches`, which must belong to the
    /// same analysis.
    pub(crate) fn with_caches(a: &'a Analysis, caches: &'a ViewCaches) -> Self {
        Views { a, locale: a.plan.plan.meta.locale, caches }
    }

    /// Every task's RACI with names resolved to person ids.
    pub(crate) fn roles(&self) -> &IdMap<load::TaskRoles> {
        self.caches.roles.get_or_init(|| load::all_roles(self.plan()))
    }

    /// The tasks person `id` has any role on (R, A, C or I), in task id order, with their roles.
    pub(crate) fn involved(&self, id: &str) -> impl Iterator<Item = (&'a Task, &load::TaskRoles)> {
        let plan = self.plan();
        let roles = self.roles();
        let index = self.caches.involved.get_or_init(|| load::involvement(plan, roles));
        index
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(move |t| Some((plan.tasks.get(t)?, roles.get(t)?)))
    }

    /// `make`'s value for task `t`, made once per build and kept in `table` by the task's place
    /// in `Plan::tasks` (a task's row and card show on several pages).
    pub(super) fn per_task<T: Clone>(
        &self,
        table: &OnceLock<Box<[OnceLock<T>]>>,
        t: &Task,
        make: impl FnOnce() -> T,
    ) -> T {
        let Some(k) = self.plan().tasks.get_index_of(&t.id) else { return make() };
        let n = self.plan().tasks.len();
        let slots = table.get_or_init(|| (0..n).map(|_| OnceLock::new()).collect());
        slots[k].get_or_init(make).clone()
    }

    /// The ids of the tasks that move metric `id`, in id order.
    pub(crate) fn movers(&self, id: &str) -> &[String] {
        let index = self.caches.movers.get_or_init(|| {
            let mut by_metric: IdMap<Vec<String>> = IdMap::default();
            for t in self.plan().tasks.values() {
                for m in &t.meta.contributes {
                    // Once per task, however often it names the metric.
                    crate::model::push_once(by_metric.entry(m.clone()).or_default(), &t.id);
                }
            }
            by_metric
        });
        index.get(id).map_or(&[], Vec::as_slice)
    }

    /// Each person's load per ISO week.
    pub(crate) fn load(&self) -> &BTreeMap<String, BTreeMap<chrono::NaiveDate, load::WeekLoad>> {
        self.caches.load.get_or_init(|| load::weekly_load(self.a, self.roles()))
    }

    pub(super) fn plan(&self) -> &'a Plan {
        &self.a.plan
    }

    pub(super) fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    pub(super) fn date(&self, d: Date) -> String {
        i18n::date(self.locale, d.0)
    }

    /// Every note's link by id; where two kinds could claim an id, the one `Plan::kind_of`
    /// finds first wins (it is inserted last).
    fn link_table(&self) -> &IdMap<Link> {
        self.caches.link_table.get_or_init(|| {
            let plan = self.plan();
            let mut ids: Vec<&str> = Vec::new();
            ids.extend(plan.people.keys().map(String::as_str));
            ids.extend(plan.risks.keys().map(String::as_str));
            ids.extend(plan.reviews.keys().map(String::as_str));
            ids.extend(plan.metrics.keys().map(String::as_str));
            ids.extend(plan.tasks.keys().map(String::as_str));
            ids.extend(plan.goals.keys().map(String::as_str));
            ids.push(plan.plan.id.as_str());
            ids.into_iter().map(|id| (id.to_string(), self.make_link(id))).collect()
        })
    }

    fn make_link(&self, id: &str) -> Link {
        let plan = self.plan();
        let kind = plan.kind_of(id).unwrap_or(Kind::Task);
        Link { href: route(kind, id), title: plan.title_of(id).unwrap_or(id).to_string() }
    }

    /// A link to note `id` (which must exist).
    pub(crate) fn link(&self, id: &str) -> Link {
        self.link_table().get(id).cloned().unwrap_or_else(|| self.make_link(id))
    }

    pub(super) fn links(&self, ids: &[String]) -> Vec<Link> {
        let table = self.link_table();
        ids.iter().filter_map(|i| table.get(i.as_str()).cloned()).collect()
    }

    /// A link to the person written as `name`.
    pub(crate) fn person(&self, name: &str) -> Option<Link> {
        let id = person_id(self.plan(), name)?;
        match self.link_table().get(&id) {
            Some(l) if l.href.starts_with("people/") => Some(l.clone()),
            _ => Some(Link {
                href: route(Kind::Person, &id),
                title: self.plan().people[&id].name.clone(),
            }),
        }
    }

    pub(super) fn people(&self, names: &[String]) -> Vec<Link> {
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
            ("gantt.html", "gantt", "gantt"),
            ("board.html", "board", "board"),
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
        items.push(("handout.html", "handout", "handout"));
        items
            .into_iter()
            .map(|(href, key, section)| NavItem {
                href: href.to_string(),
                label: self.t(key),
                section,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Lazy;
    use std::cell::Cell;

    #[test]
    fn a_lazy_value_is_made_for_templates_and_keyed_without_being_made() {
        let made = Cell::new(0);
        let chart = |key| {
            Lazy::new(key, || {
                made.set(made.get() + 1);
                "<svg/>".to_string()
            })
        };
        let key_of = |v: &Lazy<'_, String>| {
            crate::fingerprint::Key::default().value(v).map(|k| k.finish()).unwrap()
        };
        // Content keys take the key and never draw; keys differ as the keys do.
        assert_eq!(key_of(&chart(Some(1))), key_of(&chart(Some(1))));
        assert_ne!(key_of(&chart(Some(1))), key_of(&chart(Some(2))));
        assert_eq!(made.get(), 0, "keying drew the chart");
        // A template (a human-readable serialiser) gets the chart itself.
        assert_eq!(serde_json::to_string(&chart(Some(1))).unwrap(), "\"<svg/>\"");
        assert_eq!(made.get(), 1);
        // Without a key the chart is drawn for the content key too.
        let _ = key_of(&chart(None));
        assert_eq!(made.get(), 2);
    }
}
