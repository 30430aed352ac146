//! One build for `serve`: the plan read and analysed as `jindu build` does, with pages left to
//! render when they are asked for (`site::Pages`), and the templates kept between builds until
//! a file of `templates/` changes.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::site::Pages;
use crate::templates::Templates;
use chrono::NaiveDate;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Builds the plan in `root` again and again.
pub(super) struct Builder {
    root: PathBuf,
    as_of: Option<NaiveDate>,
    /// Templates of the last build, reused while `templates/` is unchanged.
    templates: Option<Arc<Templates>>,
    /// The warnings printed last, so unchanged ones are not printed on every save.
    pub(super) last_warnings: String,
    /// Notes parsed by the last build, reused while their text is unchanged.
    notes: crate::note::NoteCache,
}

/// A build that succeeded.
pub(super) struct Built {
    /// The site, each page rendered on request.
    pub(super) pages: Pages,
    /// Warnings (a build with errors fails).
    pub(super) diags: Diagnostics,
    pub(super) timings: Timings,
}

/// Why a build failed.
pub(super) enum Failure {
    /// The plan has errors: every diagnostic, warnings included, sorted.
    Plan(Vec<Diagnostic>),
    /// Something else went wrong (a template, a file that cannot be read): the error chain.
    Other(String),
}

/// Where the time of one build went.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Timings {
    load: Duration,
    analyse: Duration,
    templates: Duration,
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(f, "read {:.0} ms, analyse {:.0} ms", ms(self.load), ms(self.analyse))?;
        if !self.templates.is_zero() {
            write!(f, ", templates {:.0} ms", ms(self.templates))?;
        }
        Ok(())
    }
}

impl Failure {
    /// What the terminal shows: the diagnostics as `check` prints them, or the error.
    pub(super) fn text(&self) -> String {
        match self {
            Failure::Plan(diags) => {
                let mut all = Diagnostics::default();
                for d in diags {
                    all.push(d.clone());
                }
                all.render()
            }
            Failure::Other(e) => format!("error: {e}\n"),
        }
    }

    /// `1 error`, `2 errors` or `an error`.
    pub(super) fn summary(&self) -> String {
        match self {
            Failure::Plan(diags) => {
                let n = diags.iter().filter(|d| d.severity == Severity::Error).count();
                if n == 1 { "1 error".into() } else { format!("{n} errors") }
            }
            Failure::Other(_) => "an error".into(),
        }
    }
}

fn chain(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        msg = format!("{msg}\n  caused by: {cause}");
    }
    msg
}

impl Builder {
    pub(super) fn new(root: PathBuf, as_of: Option<NaiveDate>) -> Self {
        Builder {
            root,
            as_of,
            templates: None,
            last_warnings: String::new(),
            notes: crate::note::NoteCache::keeping(),
        }
    }

    /// Drops the cached templates, so the next build loads them again.
    pub(super) fn forget_templates(&mut self) {
        self.templates = None;
    }

    /// Builds the site in memory, skipping the output folders in `skip`; reads again only the
    /// notes in `reread` (and any not read before), and reloads the templates when
    /// `templates_changed` (or when there are none yet).
    pub(super) fn build(
        &mut self,
        skip: &[PathBuf],
        reread: &[String],
        templates_changed: bool,
    ) -> Result<Built, Failure> {
        let mut t = Timings::default();
        let started = Instant::now();
        let (plan, mut diags) = crate::load_cached(&self.root, skip, &mut self.notes, Some(reread))
            .map_err(|e| Failure::Other(chain(&e)))?;
        t.load = started.elapsed();
        let Some(plan) = plan.filter(|_| !diags.has_errors()) else {
            return Err(plan_failure(&diags));
        };
        let started = Instant::now();
        let as_of = crate::cli::as_of(self.as_of, &plan);
        let analysis = crate::analyse(plan, as_of, &mut diags);
        t.analyse = started.elapsed();
        if diags.has_errors() {
            return Err(plan_failure(&diags));
        }
        if templates_changed || self.templates.is_none() {
            let started = Instant::now();
            self.templates = None;
            let loaded = Templates::load(Some(&overrides(&self.root)))
                .map_err(|e| Failure::Other(chain(&e)))?;
            self.templates = Some(Arc::new(loaded));
            t.templates = started.elapsed();
        }
        let Some(templates) = &self.templates else {
            return Err(Failure::Other("templates are not loaded".into()));
        };
        // A template that fails on the first page would fail on every page: try the home page
        // now, so the failure shows as a failed build rather than as broken pages.
        let pages = Pages::new(analysis, Arc::clone(templates));
        pages.get("index.html").map_err(|e| Failure::Other(chain(&e)))?;
        Ok(Built { pages, diags, timings: t })
    }
}

/// The plan's template overrides folder.
pub(super) fn overrides(root: &Path) -> PathBuf {
    root.join("templates")
}

fn plan_failure(diags: &Diagnostics) -> Failure {
    let sorted = diags.sorted();
    if sorted.iter().any(|d| d.severity == Severity::Error) {
        Failure::Plan(sorted)
    } else {
        // `load` found no plan but said nothing (it always does say why; this is a fallback).
        Failure::Other("no plan note found".into())
    }
}
