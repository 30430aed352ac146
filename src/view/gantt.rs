//! Gantt charts for pages and standalone `.svg` files, with the page-relative link prefix.

use super::Views;
use crate::svg::gantt::{self, GanttOptions, GanttView, PrintFit};
use rayon::prelude::*;
use serde::Serialize;

/// The standalone chart files (see `Views::gantt_file`), from the site root.
pub(crate) const GANTT_FILE_PATHS: [&str; 3] =
    ["charts/gantt.svg", "charts/gantt-critical.svg", "charts/gantt-lookahead.svg"];
/// How many standalone chart files there are.
pub(crate) const GANTT_FILES: usize = GANTT_FILE_PATHS.len();

/// The look-ahead the Gantt page and the handout show: the next four weeks (the handout's
/// count of what it leaves out points to the Gantt page's chart).
pub(crate) const LOOK_AHEAD: GanttView = GanttView::LookAhead(4);

/// The Gantt page's charts in order (chart id, title key, view); chart `k` is also the
/// standalone file `GANTT_FILE_PATHS[k]`.
fn page_charts() -> [(&'static str, &'static str, GanttView); GANTT_FILES] {
    [
        ("gantt-plan", "gantt_plan", GanttView::Plan),
        ("gantt-critical", "critical_path", GanttView::Critical),
        ("gantt-ahead", "look_ahead", LOOK_AHEAD),
    ]
}

/// Charts with more rows than this are not put on the Gantt page, only in their own file.
const INLINE_ROWS_MAX: usize = 1500;

/// Plans with more tasks than this fold each goal's finished work into one row.
const COLLAPSE_DONE_ABOVE: usize = 300;

/// Height in mm that the Gantt page's print style sheet gives the masthead, the page heading
/// and the first chart's heading, above the first chart's first print page (measured in
/// Chromium at 23.5 mm; the rest spares room for a masthead on two lines and other fonts).
const FIRST_CHART_USED_MM: f64 = 32.0;
/// Height in mm above the first print page of each later chart: its heading only (measured at
/// 8 mm). The heading keeps with the chart, so both go to a new sheet when they do not fit
/// under the previous chart.
const LATER_CHART_USED_MM: f64 = 12.0;

/// One chart on a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartView {
    /// Anchor and id prefix.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The inline SVG.
    pub svg: String,
    /// The chart cut into print pages (shown only when printing).
    pub pages: Vec<String>,
    /// The standalone file, relative to the site root.
    pub file: Option<String>,
    /// Why the chart is not on the page (too many rows), when `svg` is empty.
    pub too_big: Option<String>,
}

impl Views<'_> {
    pub(super) fn gantt_options(&self, id: &str, root: &str) -> GanttOptions {
        GanttOptions {
            id_prefix: id.to_string(),
            locale: self.locale,
            href_root: root.to_string(),
            collapse_done: self.plan().tasks.len() > COLLAPSE_DONE_ABOVE,
            max_tasks: None,
        }
    }

    /// The content key of `gantt(view, id, root)`: what the chart is drawn from.
    pub(crate) fn gantt_key(&self, view: &GanttView, id: &str, root: &str) -> Option<u128> {
        gantt::chart_key(self.a, view, &self.gantt_options(id, root))
    }

    /// A Gantt chart of `view` for a page at depth `root` (`""` or `"../"`).
    pub(crate) fn gantt(&self, view: &GanttView, id: &str, root: &str) -> String {
        gantt::render(self.a, view, &self.gantt_options(id, root))
    }

    /// The charts of the Gantt page: the whole plan, the critical path, the next four weeks,
    /// each also cut into pages for A4 and Letter landscape.
    pub(crate) fn gantt_page(&self) -> Vec<ChartView> {
        page_charts()
            .into_par_iter()
            .enumerate()
            .map(|(k, (id, key, view))| {
                let fit = PrintFit {
                    first_used_mm: if k == 0 { FIRST_CHART_USED_MM } else { LATER_CHART_USED_MM },
                    ..PrintFit::default()
                };
                let print_id = format!("{id}-print");
                let rows = gantt::row_count(self.a, &view, &self.gantt_options(id, ""));
                // A chart of thousands of rows is tens of megabytes: too big to open as a page or
                // to print; it stays in its own file, linked from the page.
                let inline = rows <= INLINE_ROWS_MAX;
                ChartView {
                    id: id.to_string(),
                    title: self.t(key),
                    svg: if inline { self.gantt(&view, id, "") } else { String::new() },
                    pages: if inline {
                        gantt::render_pages(self.a, &view, &self.gantt_options(&print_id, ""), &fit)
                    } else {
                        Vec::new()
                    },
                    too_big: (!inline)
                        .then(|| self.t("chart_too_big").replace("{n}", &rows.to_string())),
                    file: Some(GANTT_FILE_PATHS[k].to_string()),
                }
            })
            .collect()
    }

    /// Standalone chart file `k` (of `GANTT_FILES`): (path from the root, SVG) with links
    /// from `charts/`.
    pub(crate) fn gantt_file(&self, k: usize) -> (String, String) {
        let k = k.min(GANTT_FILES - 1);
        let (id, _, view) = &page_charts()[k];
        (GANTT_FILE_PATHS[k].to_string(), self.gantt(view, id, "../"))
    }
}
