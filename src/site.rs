//! Renders every page, asset and export of the site into memory, without touching the disk.

use crate::model::route;
use crate::rollup::Analysis;
use crate::templates::{Templates, Vars};
use crate::view::{LaneBy, Views};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The complete output: relative path to bytes, in path order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    /// Every output file.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Renders the whole site for `a`.
pub fn render(a: &Analysis, templates: &Templates) -> Result<Site> {
    let v = Views::new(a);
    let mut site = Site::default();
    let site_view = v.site();
    let nav = v.nav();
    let strings = crate::i18n::strings(v.locale);
    // What every page shows, converted for the templates once rather than once per page.
    let mut common = Vars::default();
    common.insert("site", &site_view);
    common.insert("nav", &nav);
    common.insert("t", &strings);
    let page = |route: &str, section: &str, title: &str| {
        let mut vars = common.clone();
        vars.insert("root", &root_of(route));
        vars.insert("section", section);
        vars.insert("title", title);
        vars.insert("path", route);
        vars
    };
    let plan = &a.plan;
    let mut out = |route: String, template: &str, vars: &Vars| -> Result<()> {
        site.files.insert(route, templates.render(template, vars)?.into_bytes());
        Ok(())
    };

    let mut vars = page("index.html", "dashboard", &plan.plan.meta.title);
    vars.insert("body_html", &plan.plan.body_html_root);
    vars.insert("goals", &v.goal_tree());
    vars.insert("counts", &v.status_counts());
    vars.insert("milestones", &v.next_milestones(5));
    vars.insert("health", &v.health());
    vars.insert("fired", &v.all_fired());
    vars.insert("review", &v.latest_review());
    vars.insert("since", &v.since_last_review());
    vars.insert("metrics", &plan.metrics.values().map(|m| v.metric(m)).collect::<Vec<_>>());
    out("index.html".into(), "index.html", &vars)?;

    let mut vars = page("goals.html", "goals", &crate::i18n::t(v.locale, "goal_tree"));
    vars.insert("goals", &v.goal_tree());
    out("goals.html".into(), "goals.html", &vars)?;

    let mut vars = page("gantt.html", "gantt", &crate::i18n::t(v.locale, "gantt"));
    vars.insert("charts", &v.gantt_page());
    out("gantt.html".into(), "gantt.html", &vars)?;

    for (file, by) in [("board.html", LaneBy::Goal), ("board-owners.html", LaneBy::Owner)] {
        let mut vars = page(file, "board", &crate::i18n::t(v.locale, "board"));
        vars.insert("board", &v.board(by));
        out(file.into(), "board.html", &vars)?;
    }

    let mut vars = page("handout.html", "handout", &crate::i18n::t(v.locale, "handout"));
    vars.insert("handout", &v.handout());
    out("handout.html".into(), "handout.html", &vars)?;

    let mut vars = page("tasks.html", "tasks", &crate::i18n::t(v.locale, "all_tasks"));
    vars.insert("groups", &v.task_groups());
    out("tasks.html".into(), "tasks.html", &vars)?;

    let mut vars = page("metrics.html", "metrics", &crate::i18n::t(v.locale, "metrics"));
    vars.insert("metrics", &plan.metrics.values().map(|m| v.metric(m)).collect::<Vec<_>>());
    out("metrics.html".into(), "metrics.html", &vars)?;

    let mut reviews: Vec<_> = plan.reviews.values().collect();
    reviews.sort_by(|x, y| (y.meta.date, &x.id).cmp(&(x.meta.date, &y.id)));
    let mut vars = page("reviews.html", "reviews", &crate::i18n::t(v.locale, "reviews"));
    vars.insert("reviews", &reviews.iter().map(|r| v.review(r)).collect::<Vec<_>>());
    vars.insert("log", &v.change_log());
    out("reviews.html".into(), "reviews.html", &vars)?;

    let mut vars = page("risks.html", "risks", &crate::i18n::t(v.locale, "risks"));
    vars.insert("register", &v.register());
    out("risks.html".into(), "risks.html", &vars)?;

    let people: Vec<_> = plan.people.keys().map(|id| v.person_page(id)).collect();
    let mut vars = page("people.html", "people", &crate::i18n::t(v.locale, "people"));
    // Names that stand for no one (such as "a, b" written as one Accountable) are left off.
    let listed: Vec<_> = people
        .iter()
        .filter(|p| plan.people[&p.id].meta.is_some() || p.counts.any() || !p.owns.is_empty())
        .collect();
    vars.insert("people", &listed);
    out("people.html".into(), "people.html", &vars)?;

    let mut vars = page("raci.html", "people", &crate::i18n::t(v.locale, "raci_matrix"));
    vars.insert("raci", &v.raci());
    out("raci.html".into(), "raci.html", &vars)?;

    // One page per note, rendered on every core; files are keyed by path, so the order in
    // which pages finish does not matter.
    let goals: Vec<_> = plan.goals.values().collect();
    let goal_pages = each(a, &goals, |v, g| {
        let r = route(crate::meta::Kind::Goal, &g.id);
        let mut vars = page(&r, "goals", &g.meta.title);
        vars.insert("goal", &v.goal(g));
        let chart_id = format!("gantt-{}", g.id);
        vars.insert(
            "gantt",
            &v.gantt(&crate::svg::gantt::GanttView::Goal(g.id.clone()), &chart_id, "../"),
        );
        Ok((file_of(&r), templates.render("goal.html", &vars)?.into_bytes()))
    })?;
    let tasks: Vec<_> = plan.tasks.values().collect();
    let task_pages = each(a, &tasks, |v, t| {
        let r = route(t.kind, &t.id);
        let mut vars = page(&r, "tasks", &t.meta.title);
        vars.insert("task", &v.task(t));
        Ok((file_of(&r), templates.render("task.html", &vars)?.into_bytes()))
    })?;
    let metrics: Vec<_> = plan.metrics.values().collect();
    let metric_pages = each(a, &metrics, |v, m| {
        let r = route(crate::meta::Kind::Metric, &m.id);
        let mut vars = page(&r, "metrics", &m.meta.title);
        vars.insert("metric", &v.metric_page(m));
        Ok((file_of(&r), templates.render("metric.html", &vars)?.into_bytes()))
    })?;
    let reviews: Vec<_> = plan.reviews.values().collect();
    let review_pages = each(a, &reviews, |v, rv| {
        let r = route(crate::meta::Kind::Review, &rv.id);
        let view = v.review(rv);
        let mut vars = page(&r, "reviews", &view.link.title);
        vars.insert("review", &view);
        Ok((file_of(&r), templates.render("review.html", &vars)?.into_bytes()))
    })?;
    let risks: Vec<_> = plan.risks.values().collect();
    let risk_pages = each(a, &risks, |v, rk| {
        let r = route(crate::meta::Kind::Risk, &rk.id);
        let mut vars = page(&r, "risks", &rk.meta.title);
        vars.insert("risk", &v.risk(rk));
        Ok((file_of(&r), templates.render("risk.html", &vars)?.into_bytes()))
    })?;
    let person_pages = each(a, &people, |_, p| {
        let mut vars = page(&p.link.href, "people", &p.link.title);
        vars.insert("person", p);
        Ok((file_of(&p.link.href), templates.render("person.html", &vars)?.into_bytes()))
    })?;
    site.files.extend(
        [goal_pages, task_pages, metric_pages, review_pages, risk_pages, person_pages]
            .into_iter()
            .flatten(),
    );
    for (name, css) in templates.assets() {
        site.files.insert(format!("assets/{name}"), css.clone().into_bytes());
    }
    for (file, svg) in v.gantt_files() {
        site.files.insert(file, svg.into_bytes());
    }
    site.files.insert("plan.json".into(), crate::export::plan_json(a)?);
    site.files.insert("tasks.csv".into(), crate::export::tasks_csv(a)?);
    site.files.insert("milestones.ics".into(), crate::export::milestones_ics(a));
    Ok(site)
}

/// Renders `page` for every item in parallel, each worker with its own `Views` (whose caches
/// are per thread); the first error wins.
fn each<T: Sync>(
    a: &Analysis,
    items: &[T],
    page: impl Fn(&Views<'_>, &T) -> Result<(String, Vec<u8>)> + Sync,
) -> Result<Vec<(String, Vec<u8>)>> {
    items.par_iter().map_init(|| Views::new(a), |v, item| page(v, item)).collect()
}

/// The relative way back to the site root from a page route.
fn root_of(route: &str) -> String {
    "../".repeat(route.matches('/').count())
}

/// The file path of a route (routes are percent-encoded; files are not).
fn file_of(route: &str) -> String {
    decode_path(route)
}

/// Percent-encodes the characters of an id that would break a relative URL.
pub fn encode_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' => out.push(c),
            c if !c.is_ascii() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
    }
    out
}

/// Reverses `encode_path`: decodes `%XX` escapes (bytes, so any input is safe).
pub(crate) fn decode_path(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        assert_eq!(decode_path("%aé%4"), "%aé%4", "malformed escapes stay as they are");
        assert_eq!(decode_path("a%2Fb%41"), "a/bA");
        for id in ["ads", "投放广告", "a+b", "x'y", "a&b"] {
            assert_eq!(decode_path(&encode_path(id)), id);
        }
        assert_eq!(encode_path("a+b"), "a%2Bb");
        assert_eq!(root_of("tasks/x.html"), "../");
        assert_eq!(root_of("index.html"), "");
    }
}
