//! Renders every page, asset and export of the site, each file handed to a `Sink` as soon as it
//! is made: a folder being written (`jindu build`) or memory (`serve`, tests).

use crate::model::route;
use crate::rollup::Analysis;
use crate::templates::{Fragment, Shared, Templates, Vars};
use crate::view::{LaneBy, Lazy, Views};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

mod pages;
pub use pages::Pages;

/// The complete output in memory: relative path to bytes, in path order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    /// Every output file.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Where rendered files go. Called from many threads at once, in no particular order.
pub trait Sink: Sync {
    /// Takes the file at `path` (relative to the site root, `/`-separated).
    ///
    /// # Errors
    /// When the file cannot be kept (a write failed); rendering stops at the first error.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;

    /// As `put`, for a page made from values with content key `key` (kept for the next build).
    ///
    /// # Errors
    /// As `put`.
    fn put_keyed(&self, path: String, bytes: Vec<u8>, key: Option<u128>) -> Result<()> {
        let _ = key;
        self.put(path, bytes)
    }

    /// Takes the file at `path` unchanged from the previous build when that build made it from
    /// values with content key `key`; `false` when the file must be made.
    ///
    /// # Errors
    /// When a write fails.
    fn reuse(&self, path: &str, key: u128) -> Result<bool> {
        let _ = (path, key);
        Ok(false)
    }
}

impl Sink for Mutex<Site> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let mut site = self.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        site.files.insert(path, bytes);
        Ok(())
    }
}

/// How many files and pages a render produced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Every file.
    pub files: usize,
    /// The HTML pages among them.
    pub pages: usize,
    /// Time spent in templates (the rest of a job is building views and writing).
    pub template: std::time::Duration,
    /// Pages taken unchanged from the previous build (their values and templates were the same).
    pub reused: usize,
}

/// What making one kind of file cost, summed over every core.
#[derive(Debug, Default, Clone, Copy)]
pub struct KindCost {
    /// Files made.
    pub files: usize,
    /// Time to make them and hand them over.
    pub total: std::time::Duration,
    /// The part of `total` spent in templates.
    pub template: std::time::Duration,
    /// Pages taken unchanged from the previous build.
    pub reused: usize,
}

/// What a whole render made and what each kind of file cost (for `jindu build --timings`).
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// Files and pages in all.
    pub written: Written,
    /// By kind of file (`tasks/*.html`, `gantt.html`, ...): files made, the time spent making
    /// and handing them over, and the part of it spent in templates, summed over every core.
    pub by_kind: BTreeMap<&'static str, KindCost>,
}

/// Renders the whole site for `a` into memory.
pub fn render(a: &Analysis, templates: &Templates) -> Result<Site> {
    let site = Mutex::new(Site::default());
    render_into(a, templates, &site)?;
    Ok(site.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// One file of the site, made on its own (so every file can be made on any core).
#[derive(Clone, Copy)]
enum Job<'p> {
    Index,
    Goals,
    Gantt,
    GanttFile(usize),
    Board(&'static str, LaneBy),
    Handout,
    Tasks,
    Metrics,
    Reviews,
    Risks,
    People,
    Raci,
    Goal(&'p crate::model::Goal),
    Task(&'p crate::model::Task),
    Metric(&'p crate::model::Metric),
    Review(&'p crate::model::Review),
    Risk(&'p crate::model::Risk),
    Person(&'p str),
    Assets,
    PlanJson,
    TasksCsv,
    Ics,
}

/// The site's files with fixed paths and the jobs that make them, biggest first (so that no
/// core is left with a long tail). Notes' pages, chart files and stylesheets come on top.
const FIXED: [(&str, Job<'static>); 15] = [
    ("gantt.html", Job::Gantt),
    ("raci.html", Job::Raci),
    ("tasks.html", Job::Tasks),
    ("index.html", Job::Index),
    ("handout.html", Job::Handout),
    ("plan.json", Job::PlanJson),
    ("board.html", Job::Board("board.html", LaneBy::Goal)),
    ("board-owners.html", Job::Board("board-owners.html", LaneBy::Owner)),
    ("goals.html", Job::Goals),
    ("metrics.html", Job::Metrics),
    ("reviews.html", Job::Reviews),
    ("risks.html", Job::Risks),
    ("people.html", Job::People),
    ("tasks.csv", Job::TasksCsv),
    ("milestones.ics", Job::Ics),
];

/// Renders the whole site for `a`, handing each file to `sink` as soon as it is made; pages
/// are made on every core, the biggest first so no core is left with a long tail.
pub fn render_into(a: &Analysis, templates: &Templates, sink: &dyn Sink) -> Result<Rendered> {
    let caches = crate::view::ViewCaches::default();
    let v = Views::with_caches(a, &caches);
    let plan = &a.plan;
    let r = Renderer::new(&v, templates);
    let mut jobs: Vec<Job<'_>> = FIXED.iter().map(|(_, job)| *job).collect();
    jobs.push(Job::Assets);
    jobs.extend((0..crate::view::GANTT_FILES).map(Job::GanttFile));
    jobs.extend(plan.people.keys().map(|p| Job::Person(p)));
    jobs.extend(plan.goals.values().map(Job::Goal));
    jobs.extend(plan.metrics.values().map(Job::Metric));
    jobs.extend(plan.tasks.values().map(Job::Task));
    jobs.extend(plan.reviews.values().map(Job::Review));
    jobs.extend(plan.risks.values().map(Job::Risk));
    let made: Vec<(&'static str, Written, std::time::Duration)> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|job| {
            let started = std::time::Instant::now();
            r.job(*job, sink).map(|w| (job.kind(), w, started.elapsed()))
        })
        .collect::<Result<_>>()?;
    // What the views kept is hundreds of thousands of small allocations at 10,000 tasks, and
    // freeing them kept one core busy while the other waited: it is freed on the pool instead,
    // while the caller swaps the site in.
    let Renderer { people, cards, .. } = r;
    rayon::spawn(move || drop((caches, people, cards)));
    let mut all = Rendered::default();
    for (kind, w, took) in made {
        all.written.files += w.files;
        all.written.pages += w.pages;
        all.written.template += w.template;
        all.written.reused += w.reused;
        let k = all.by_kind.entry(kind).or_default();
        k.files += w.files;
        k.total += took;
        k.template += w.template;
        k.reused += w.reused;
    }
    Ok(all)
}

impl Job<'_> {
    /// The kind of file the job makes, as `--timings` names it.
    fn kind(&self) -> &'static str {
        match self {
            Job::Goal(_) => "goals/*.html",
            Job::Task(_) => "tasks/*.html",
            Job::Metric(_) => "metrics/*.html",
            Job::Review(_) => "reviews/*.html",
            Job::Risk(_) => "risks/*.html",
            Job::Person(_) => "people/*.html",
            Job::GanttFile(_) => "charts/*.svg",
            Job::Assets => "assets/*",
            Job::Board(file, _) => file,
            fixed => FIXED
                .iter()
                .find(|(_, j)| std::mem::discriminant(j) == std::mem::discriminant(fixed))
                .map_or("other", |(path, _)| path),
        }
    }
}

/// What every job needs: the views, the templates, the variables every page shares.
struct Renderer<'r, 'a> {
    v: &'r Views<'a>,
    templates: &'r Templates,
    /// Every person's view, in id order, each made on first need.
    people: Vec<OnceLock<crate::view::PersonView>>,
    /// Every metric's KPI card, made on first need.
    cards: OnceLock<Vec<crate::view::MetricView>>,
    /// What every page shows, converted for the templates once rather than once per page.
    common: Shared,
    /// The content key of the whole analysis (it decides every chart, `plan.json` and the
    /// pages of the whole plan), made once.
    analysis: OnceLock<Option<u128>>,
    /// The masthead and footer of each section at each folder depth, rendered once: they are
    /// the same on every task page, and were a third of a task page's rendering.
    chrome: Mutex<BTreeMap<(String, &'static str), Fragment>>,
}

impl<'r, 'a> Renderer<'r, 'a> {
    fn new(v: &'r Views<'a>, templates: &'r Templates) -> Self {
        let mut common = Shared::new(build_key(templates));
        common.insert("site", &v.site());
        common.insert("nav", &v.nav());
        common.insert_words("t", &crate::i18n::strings(v.locale));
        let people = v.a.plan.people.keys().map(|_| OnceLock::new()).collect();
        let (cards, analysis) = (OnceLock::new(), OnceLock::new());
        let chrome = Mutex::default();
        Renderer { v, templates, people, cards, common, analysis, chrome }
    }

    /// The variables of the page at `route`.
    fn page(&self, route: &str, section: &'static str, title: &str) -> Result<Vars<'_>> {
        let root = root_of(route);
        let ui = self.chrome(&root, section)?;
        let mut vars = Vars::new(&self.common);
        vars.insert("root", root);
        vars.insert("section", section);
        vars.insert("title", title.to_string());
        vars.insert("path", route.to_string());
        // Made from the shared values, `root` and `section`, which key the page already. Its
        // name sorts after every other: Tera finds a name by comparing it with the names before
        // it, and a page looks up `t` and `task` hundreds of times.
        vars.insert_fragment("ui", ui);
        Ok(vars)
    }

    /// The masthead and footer of a page in `section` whose way to the site root is `root`.
    fn chrome(&self, root: &str, section: &'static str) -> Result<Fragment> {
        let mut made = self.chrome.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(ui) = made.get(&(root.to_string(), section)) {
            return Ok(ui.clone());
        }
        let mut vars = Vars::new(&self.common);
        vars.insert("root", root.to_string());
        vars.insert("section", section);
        let parts = [("masthead", "masthead.html"), ("footer", "footer.html")];
        let ui = self.templates.fragments(&parts, &vars)?;
        made.insert((root.to_string(), section), ui.clone());
        Ok(ui)
    }

    /// Person `k`'s view (in id order): made once, by whichever of people.html and the
    /// person's own page needs it first, so the views are made on every core.
    fn person(&self, k: usize, id: &str) -> &crate::view::PersonView {
        self.people[k].get_or_init(|| self.v.person_page(id))
    }

    /// The key of a file made from the whole analysis (a chart, an export, a page of the whole
    /// plan), for `what`. The analysis is decided by the notes (the plan's input digest), the
    /// metrics' data, the plan note's front matter as the command line amended it and the status
    /// date; the jindu binary and templates come in through the shared key.
    fn analysis_key(&self, what: &str) -> Option<u128> {
        let whole = self.analysis.get_or_init(|| {
            let (a, plan) = (self.v.a, &self.v.a.plan);
            let data: Vec<_> = plan.metrics.values().map(|m| (&m.id, &m.samples)).collect();
            self.common.key_of("analysis", &(plan.inputs, a.as_of, &plan.plan.meta, data))
        });
        crate::fingerprint::within(*whole, what)
    }

    fn t(&self, key: &str) -> String {
        crate::i18n::t(self.v.locale, key)
    }

    /// Renders `template` with `vars` to the file of `route`, unless the sink still holds the
    /// page the last build made from the same templates and values.
    fn html(&self, sink: &dyn Sink, route: &str, template: &str, vars: &Vars) -> Result<Written> {
        Self::keyed(sink, file_of(route), vars.key(template), true, || {
            self.templates.render_file(template, vars)
        })
    }

    /// Takes the file at `path` from the last build when it was made from inputs with content
    /// key `key`; else makes it with `make` and hands it over with its key. For a `page`, the
    /// making is the template's time.
    fn keyed(
        sink: &dyn Sink,
        path: String,
        key: Option<u128>,
        page: bool,
        make: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Written> {
        match Self::reused(sink, &path, key, page)? {
            Some(w) => Ok(w),
            None => Self::made(sink, path, key, page, make),
        }
    }

    /// The file at `path` taken from the last build, if it was made with content key `key`.
    fn reused(
        sink: &dyn Sink,
        path: &str,
        key: Option<u128>,
        page: bool,
    ) -> Result<Option<Written>> {
        let Some(k) = key else { return Ok(None) };
        let pages = usize::from(page);
        let w = Written { files: 1, pages, reused: 1, ..Written::default() };
        Ok(sink.reuse(path, k)?.then_some(w))
    }

    /// Makes the file at `path` with `make` and hands it over with its key.
    fn made(
        sink: &dyn Sink,
        path: String,
        key: Option<u128>,
        page: bool,
        make: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Written> {
        let pages = usize::from(page);
        let started = std::time::Instant::now();
        let bytes = make()?;
        let template = if page { started.elapsed() } else { std::time::Duration::ZERO };
        sink.put_keyed(path, bytes, key)?;
        Ok(Written { files: 1, pages, template, ..Written::default() })
    }

    /// Renders the page at `route` (in nav `section`, headed `title`) from the whole plan with
    /// `template`, its values put in by `fill`, unless the last build made it from the same plan:
    /// then `fill` is never called. The values are not keyed, as the plan keys the page.
    fn whole_page<'s>(
        &'s self,
        sink: &dyn Sink,
        (route, template): (&str, &str),
        section: &'static str,
        title: &str,
        fill: impl FnOnce(&mut Vars<'s>),
    ) -> Result<Written> {
        let (path, key) = (file_of(route), self.analysis_key(route));
        if let Some(w) = Self::reused(sink, &path, key, true)? {
            return Ok(w);
        }
        let mut vars = self.page(route, section, title)?.unkeyed();
        fill(&mut vars);
        Self::made(sink, path, key, true, || self.templates.render_file(template, &vars))
    }

    #[allow(clippy::too_many_lines, reason = "one arm per kind of file, each short")]
    fn job(&self, job: Job<'_>, sink: &dyn Sink) -> Result<Written> {
        let v = self.v;
        let plan = &v.a.plan;
        // The KPI cards (with their sparklines) are on two pages: made once.
        let metric_cards =
            || self.cards.get_or_init(|| plan.metrics.values().map(|m| v.metric(m)).collect());
        match job {
            Job::Index => self.whole_page(
                sink,
                ("index.html", "index.html"),
                "dashboard",
                &plan.plan.meta.title,
                |vars| {
                    vars.insert("body_html", &plan.plan.body_html_root);
                    vars.insert("goals", v.goal_tree());
                    vars.insert("counts", v.status_counts());
                    vars.insert("milestones", v.next_milestones(5));
                    vars.insert("health", v.dashboard_health());
                    vars.insert("fired", v.all_fired());
                    vars.insert("review", v.latest_review());
                    vars.insert("since", v.since_last_review());
                    vars.insert("metrics", metric_cards());
                },
            ),
            Job::Goals => self.whole_page(
                sink,
                ("goals.html", "goals.html"),
                "goals",
                &self.t("goal_tree"),
                |vars| {
                    vars.insert("goals", v.goal_tree_with_tasks());
                },
            ),
            Job::Gantt => self.whole_page(
                sink,
                ("gantt.html", "gantt.html"),
                "gantt",
                &self.t("gantt"),
                |vars| {
                    vars.insert("charts", v.gantt_page());
                },
            ),
            Job::GanttFile(k) => {
                let path = crate::view::GANTT_FILE_PATHS[k.min(crate::view::GANTT_FILES - 1)];
                Self::keyed(sink, path.to_string(), self.analysis_key(path), false, || {
                    Ok(v.gantt_file(k).1.into_bytes())
                })
            }
            Job::Board(file, by) => {
                self.whole_page(sink, (file, "board.html"), "board", &self.t("board"), |vars| {
                    vars.insert("board", v.board(by));
                })
            }
            Job::Handout => self.whole_page(
                sink,
                ("handout.html", "handout.html"),
                "handout",
                &self.t("handout"),
                |vars| {
                    let keys =
                        (self.analysis_key("handout-gantt"), self.analysis_key("handout-print"));
                    vars.insert("handout", v.handout(keys));
                },
            ),
            Job::Tasks => self.whole_page(
                sink,
                ("tasks.html", "tasks.html"),
                "tasks",
                &self.t("all_tasks"),
                |vars| {
                    vars.insert("groups", v.task_groups());
                },
            ),
            Job::Metrics => self.whole_page(
                sink,
                ("metrics.html", "metrics.html"),
                "metrics",
                &self.t("metrics"),
                |vars| {
                    vars.insert("metrics", metric_cards());
                },
            ),
            Job::Reviews => self.whole_page(
                sink,
                ("reviews.html", "reviews.html"),
                "reviews",
                &self.t("reviews"),
                |vars| {
                    let mut reviews: Vec<_> = plan.reviews.values().collect();
                    reviews.sort_by(|x, y| (y.meta.date, &x.id).cmp(&(x.meta.date, &y.id)));
                    vars.insert("reviews", reviews.iter().map(|r| v.review(r)).collect::<Vec<_>>());
                    vars.insert("log", v.change_log());
                },
            ),
            Job::Risks => self.whole_page(
                sink,
                ("risks.html", "risks.html"),
                "risks",
                &self.t("risks"),
                |vars| {
                    vars.insert("register", v.register());
                },
            ),
            Job::People => self.whole_page(
                sink,
                ("people.html", "people.html"),
                "people",
                &self.t("people"),
                |vars| {
                    // Names with no note, no role on a task and nothing owned are left off.
                    let listed: Vec<_> = (plan.people.keys().enumerate())
                        .map(|(k, id)| self.person(k, id))
                        .filter(|p| {
                            plan.people[&p.id].meta.is_some()
                                || p.counts.any()
                                || !p.owns.is_empty()
                        })
                        .map(crate::view::PersonView::row)
                        .collect();
                    vars.insert("people", listed);
                },
            ),
            Job::Raci => self.whole_page(
                sink,
                ("raci.html", "raci.html"),
                "people",
                &self.t("raci_matrix"),
                |vars| {
                    vars.insert("raci", v.raci());
                },
            ),
            Job::Goal(g) => {
                let r = route(crate::meta::Kind::Goal, &g.id);
                let mut vars = self.page(&r, "goals", &g.meta.title)?;
                vars.insert("goal", v.goal(g));
                // A chart when the goal has work anywhere below it (sub-goals show as rows),
                // drawn only if the page is rendered.
                if !plan.subtree_tasks(&g.id).is_empty() {
                    let chart_id = format!("gantt-{}", g.id);
                    let view = crate::svg::gantt::GanttView::Goal(g.id.clone());
                    let drawn_from = v.gantt_key(&view, &chart_id, "../");
                    let key = drawn_from.and_then(|k| self.common.key_of("goal-gantt", &k));
                    vars.insert("gantt", Lazy::new(key, move || v.gantt(&view, &chart_id, "../")));
                }
                self.html(sink, &r, "goal.html", &vars)
            }
            Job::Task(t) => {
                let r = route(t.kind, &t.id);
                let mut vars = self.page(&r, "tasks", &t.meta.title)?;
                vars.insert("task", v.task(t));
                self.html(sink, &r, "task.html", &vars)
            }
            Job::Metric(m) => {
                let r = route(crate::meta::Kind::Metric, &m.id);
                let mut vars = self.page(&r, "metrics", &m.meta.title)?;
                // Charts and the data table made only if the page is rendered, keyed by all
                // they are made from: the metric, its data and report, the date and language.
                let made_from = (&m.id, &m.meta, &m.samples, v.a.metrics.get(&m.id));
                let charts = self.common.key_of("metric", &(made_from, v.a.as_of, v.locale));
                let key = |what: &str| crate::fingerprint::within(charts, what);
                vars.insert("metric", v.metric_page(m, key));
                self.html(sink, &r, "metric.html", &vars)
            }
            Job::Review(rv) => {
                let r = route(crate::meta::Kind::Review, &rv.id);
                let view = v.review(rv);
                let mut vars = self.page(&r, "reviews", &view.link.title)?;
                vars.insert("review", view);
                self.html(sink, &r, "review.html", &vars)
            }
            Job::Risk(rk) => {
                let r = route(crate::meta::Kind::Risk, &rk.id);
                let mut vars = self.page(&r, "risks", &rk.meta.title)?;
                vars.insert("risk", v.risk(rk));
                self.html(sink, &r, "risk.html", &vars)
            }
            Job::Person(id) => {
                let Some(k) = plan.people.keys().position(|p| p == id) else {
                    return Ok(Written::default());
                };
                let p = self.person(k, id);
                let mut vars = self.page(&p.link.href, "people", &p.link.title)?;
                vars.insert("person", p);
                self.html(sink, &p.link.href, "person.html", &vars)
            }
            Job::Assets => {
                let mut n = Written::default();
                for (name, css) in self.templates.assets() {
                    sink.put(format!("assets/{name}"), css.clone().into_bytes())?;
                    n.files += 1;
                }
                Ok(n)
            }
            Job::PlanJson => {
                let key = self.analysis_key("plan.json");
                Self::keyed(sink, "plan.json".into(), key, false, || crate::export::plan_json(v.a))
            }
            Job::TasksCsv => {
                Self::keyed(sink, "tasks.csv".into(), self.analysis_key("tasks.csv"), false, || {
                    crate::export::tasks_csv(v.a)
                })
            }
            Job::Ics => {
                Self::keyed(sink, "milestones.ics".into(), self.analysis_key("ics"), false, || {
                    Ok(crate::export::milestones_ics(v.a))
                })
            }
        }
    }
}

/// What decides a page besides its values: jindu itself (its version and this very binary, by
/// size and time) and the templates. `None` when the binary cannot be told apart from another
/// (then no page is taken from an earlier build).
fn build_key(templates: &Templates) -> Option<u128> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut k = crate::fingerprint::Key::default();
    k.bytes(env!("CARGO_PKG_VERSION").as_bytes())
        .bytes(&meta.len().to_le_bytes())
        .bytes(&modified.as_nanos().to_le_bytes())
        .bytes(&templates.fingerprint().to_le_bytes());
    Some(k.finish())
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
