//! Gantt charts for pages and standalone `.svg` files, with the page-relative link prefix.

use super::Views;
use crate::svg::gantt::{self, GanttOptions, GanttView};
use serde::Serialize;

/// Plans with more tasks than this fold each goal's finished work into one row.
const COLLAPSE_DONE_ABOVE: usize = 300;

/// One chart on a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartView {
    /// Anchor and id prefix.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The inline SVG.
    pub svg: String,
    /// The standalone file, relative to the site root.
    pub file: Option<String>,
}

impl Views<'_> {
    /// A Gantt chart of `view` for a page at depth `root` (`""` or `"../"`).
    pub(crate) fn gantt(&self, view: &GanttView, id: &str, root: &str) -> String {
        let opts = GanttOptions {
            id_prefix: id.to_string(),
            locale: self.locale,
            href_root: root.to_string(),
            collapse_done: self.plan().tasks.len() > COLLAPSE_DONE_ABOVE,
        };
        gantt::render(self.a, view, &opts)
    }

    /// The charts of the Gantt page: the whole plan, the critical path, the next four weeks.
    pub(crate) fn gantt_page(&self) -> Vec<ChartView> {
        [
            ("gantt-plan", "gantt_plan", GanttView::Plan, "charts/gantt.svg"),
            ("gantt-critical", "critical_path", GanttView::Critical, "charts/gantt-critical.svg"),
            ("gantt-ahead", "look_ahead", GanttView::LookAhead(4), "charts/gantt-lookahead.svg"),
        ]
        .into_iter()
        .map(|(id, key, view, file)| ChartView {
            id: id.to_string(),
            title: self.t(key),
            svg: self.gantt(&view, id, ""),
            file: Some(file.to_string()),
        })
        .collect()
    }

    /// The standalone chart files: (path from the root, SVG) with links from `charts/`.
    pub(crate) fn gantt_files(&self) -> Vec<(String, String)> {
        [
            ("gantt-plan", GanttView::Plan, "charts/gantt.svg"),
            ("gantt-critical", GanttView::Critical, "charts/gantt-critical.svg"),
            ("gantt-ahead", GanttView::LookAhead(4), "charts/gantt-lookahead.svg"),
        ]
        .into_iter()
        .map(|(id, view, file)| (file.to_string(), self.gantt(&view, id, "../")))
        .collect()
    }
}
