//! The site rendered a page at a time, on request, for `serve`: after a save only the plan is
//! read and analysed again; each page is made when a browser asks for it, then kept.

use super::{Job, Renderer, Site};
use crate::meta::Kind;
use crate::rollup::Analysis;
use crate::templates::Templates;
use crate::view::{ViewCaches, Views};
use anyhow::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// One analysed plan and the templates to show it, with the pages made so far.
pub struct Pages {
    analysis: Analysis,
    templates: Arc<Templates>,
    /// What views compute once for the analysis (links, roles, load), kept across requests.
    caches: ViewCaches,
    made: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Pages {
    /// Pages of `analysis` drawn with `templates`; nothing is rendered yet.
    pub fn new(analysis: Analysis, templates: Arc<Templates>) -> Self {
        Pages {
            analysis,
            templates,
            caches: ViewCaches::default(),
            made: Mutex::new(HashMap::new()),
        }
    }

    /// The analysis shown.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The file at `path` (relative to the site root, not percent-encoded), rendered on first
    /// request; `None` when the site has no such file.
    ///
    /// # Errors
    /// When a template fails to render.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>> {
        if let Some(bytes) = self.lock().get(path) {
            return Ok(Some(Arc::clone(bytes)));
        }
        let Some(job) = job_for(&self.analysis, &self.templates, path) else {
            return Ok(None);
        };
        let views = Views::with_caches(&self.analysis, &self.caches);
        let renderer = Renderer::new(&views, &self.templates);
        let out = Mutex::new(Site::default());
        renderer.job(job, &out)?;
        let files = out.into_inner().unwrap_or_else(PoisonError::into_inner).files;
        let mut made = self.lock();
        // A job may make several files (the stylesheets); keep them all.
        for (p, bytes) in files {
            made.entry(p).or_insert_with(|| Arc::new(bytes));
        }
        Ok(made.get(path).cloned())
    }

    /// Whether the site has a file at `path`, without rendering it.
    pub fn has(&self, path: &str) -> bool {
        job_for(&self.analysis, &self.templates, path).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.made.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The job that makes the file at `path`, if any: the inverse of the paths `render_into`
/// writes (a test checks that every file of a full build is found here and is identical).
fn job_for<'p>(a: &'p Analysis, templates: &Templates, path: &str) -> Option<Job<'p>> {
    let plan = &a.plan;
    if let Some((_, job)) = super::FIXED.iter().find(|(p, _)| *p == path) {
        return Some(*job);
    }
    if let Some(k) = crate::view::GANTT_FILE_PATHS.iter().position(|p| *p == path) {
        return Some(Job::GanttFile(k));
    }
    if let Some(name) = path.strip_prefix("assets/") {
        return templates.assets().contains_key(name).then_some(Job::Assets);
    }
    let (dir, file) = path.split_once('/')?;
    let id = file.strip_suffix(".html")?;
    // Each note's page sits where `model::route` puts it; anything else is not a page.
    let job = match dir {
        "goals" => plan.goals.get(id).map(Job::Goal),
        "tasks" => plan.tasks.get(id).map(Job::Task),
        "metrics" => plan.metrics.get(id).map(Job::Metric),
        "reviews" => plan.reviews.get(id).map(Job::Review),
        "risks" => plan.risks.get(id).map(Job::Risk),
        "people" => plan.people.get_key_value(id).map(|(k, _)| Job::Person(k.as_str())),
        _ => None,
    }?;
    let kind = match job {
        Job::Goal(_) => Kind::Goal,
        Job::Task(t) => t.kind,
        Job::Metric(_) => Kind::Metric,
        Job::Review(_) => Kind::Review,
        Job::Risk(_) => Kind::Risk,
        _ => Kind::Person,
    };
    (super::file_of(&crate::model::route(kind, id)) == path).then_some(job)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_a_build_is_made_alike_on_request() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-plan");
        let (plan, mut diags) = crate::load(&root, &[]).unwrap();
        let plan = plan.unwrap();
        let as_of = plan.plan.meta.as_of.map(|d| d.0).unwrap();
        let analysis = crate::analyse(plan, as_of, &mut diags);
        let templates = Arc::new(Templates::load(None).unwrap());
        let site = super::super::render(&analysis, &templates).unwrap();
        let pages = Pages::new(analysis, templates);
        assert!(site.files.len() > 80);
        for (path, bytes) in &site.files {
            let made = pages.get(path).unwrap().unwrap_or_else(|| panic!("no page for {path}"));
            assert!(made.as_slice() == bytes.as_slice(), "{path} differs");
            assert!(pages.has(path));
        }
        for missing in ["tasks/nope.html", "tasks/", "nope.html", "assets/x.css", "goals/a/b.html"]
        {
            assert!(pages.get(missing).unwrap().is_none(), "{missing}");
            assert!(!pages.has(missing));
        }
    }
}
