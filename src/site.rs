//! Renders every page, asset and export of the site into memory, without touching the disk.

use crate::model::route;
use crate::rollup::Analysis;
use crate::templates::{Templates, Vars};
use crate::view::Views;
use anyhow::Result;
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
    let page = |route: &str, section: &str, title: &str| {
        let mut vars = Vars::default();
        vars.insert("site", &site_view);
        vars.insert("nav", &nav);
        vars.insert("t", &strings);
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
    vars.insert("metrics", &plan.metrics.values().map(|m| v.metric(m)).collect::<Vec<_>>());
    out("index.html".into(), "index.html", &vars)?;

    let mut vars = page("goals.html", "goals", &crate::i18n::t(v.locale, "goal_tree"));
    vars.insert("goals", &v.goal_tree());
    out("goals.html".into(), "goals.html", &vars)?;

    let mut vars = page("gantt.html", "gantt", &crate::i18n::t(v.locale, "gantt"));
    vars.insert("charts", &v.gantt_page());
    out("gantt.html".into(), "gantt.html", &vars)?;

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
    out("reviews.html".into(), "reviews.html", &vars)?;

    let mut vars = page("risks.html", "risks", &crate::i18n::t(v.locale, "risks"));
    vars.insert("risks", &plan.risks.values().map(|r| v.risk(r)).collect::<Vec<_>>());
    out("risks.html".into(), "risks.html", &vars)?;

    let mut vars = page("people.html", "people", &crate::i18n::t(v.locale, "people"));
    vars.insert("people", &plan.people.keys().map(|id| v.person_page(id)).collect::<Vec<_>>());
    out("people.html".into(), "people.html", &vars)?;

    for g in plan.goals.values() {
        let r = route(crate::meta::Kind::Goal, &g.id);
        let mut vars = page(&r, "goals", &g.meta.title);
        vars.insert("goal", &v.goal(g));
        let chart_id = format!("gantt-{}", g.id);
        vars.insert(
            "gantt",
            &v.gantt(&crate::svg::gantt::GanttView::Goal(g.id.clone()), &chart_id, "../"),
        );
        out(file_of(&r), "goal.html", &vars)?;
    }
    for t in plan.tasks.values() {
        let r = route(t.kind, &t.id);
        let mut vars = page(&r, "tasks", &t.meta.title);
        vars.insert("task", &v.task(t));
        out(file_of(&r), "task.html", &vars)?;
    }
    for m in plan.metrics.values() {
        let r = route(crate::meta::Kind::Metric, &m.id);
        let mut vars = page(&r, "metrics", &m.meta.title);
        vars.insert("metric", &v.metric_page(m));
        out(file_of(&r), "metric.html", &vars)?;
    }
    for rv in plan.reviews.values() {
        let r = route(crate::meta::Kind::Review, &rv.id);
        let view = v.review(rv);
        let mut vars = page(&r, "reviews", &view.link.title);
        vars.insert("review", &view);
        out(file_of(&r), "review.html", &vars)?;
    }
    for rk in plan.risks.values() {
        let r = route(crate::meta::Kind::Risk, &rk.id);
        let mut vars = page(&r, "risks", &rk.meta.title);
        vars.insert("risk", &v.risk(rk));
        out(file_of(&r), "risk.html", &vars)?;
    }
    for p in plan.people.values() {
        let r = route(crate::meta::Kind::Person, &p.id);
        let mut vars = page(&r, "people", &p.name);
        vars.insert("person", &v.person_page(&p.id));
        out(file_of(&r), "person.html", &vars)?;
    }
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
