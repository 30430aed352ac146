//! Views of goals: the decomposition tree and goal pages.

use super::inline::flat_struct;
use super::{Link, Row, Views};
use crate::i18n;
use crate::model::Goal;

flat_struct! {
    /// A goal as a row of the tree (depth-first order, `depth` from 0).
    #[derive(Debug, Clone)]
    pub(crate) struct GoalRow inline {
        /// Id.
        pub id: String,
        /// Link to its page.
        pub link: Link,
        /// Nesting depth.
        pub depth: usize,
        /// Owner.
        pub owner: Option<Link>,
        /// Rolled-up percent complete.
        pub progress: Option<u32>,
        /// Due, formatted.
        pub due: Option<String>,
        /// Measuring metric.
        pub metric: Option<Link>,
        /// Target, formatted with the metric's unit.
        pub target: Option<String>,
        /// Tasks directly under the goal.
        pub tasks: Vec<Row>,
        /// First day of the goal's work, formatted.
        pub start: Option<String>,
        /// Last day of the goal's work, formatted.
        pub end: Option<String>,
        /// Whether the work ends by the due date.
        pub meets_due: Option<bool>,
    }
}

flat_struct! {
    /// Everything a goal page shows.
    #[derive(Debug, Clone)]
    pub(crate) struct GoalView {
        /// The row facts.
        flat pub row: GoalRow,
        /// Parent goal.
        pub parent: Option<Link>,
        /// Sub-goals with their progress.
        pub children: Vec<GoalRow>,
        /// Latest value of the metric, formatted.
        pub latest: Option<String>,
        /// Labels.
        pub tags: Vec<String>,
        /// Safe body HTML.
        pub body_html: String,
        /// Source file.
        pub path: String,
    }
}

impl Views<'_> {
    /// A goal as a row.
    pub(crate) fn goal_row(&self, g: &Goal, depth: usize, with_tasks: bool) -> GoalRow {
        let span = self.a.schedule.as_ref().and_then(|s| s.goals.get(&g.id));
        let unit = g
            .meta
            .metric
            .as_deref()
            .and_then(|m| self.plan().metrics.get(m))
            .and_then(|m| m.meta.unit.clone());
        GoalRow {
            id: g.id.clone(),
            link: self.link(&g.id),
            depth,
            owner: g.meta.owner.as_deref().and_then(|o| self.person(o)),
            progress: self.a.goal_progress.get(&g.id).copied().flatten().map(|p| p.round() as u32),
            due: g.meta.due.map(|d| self.date(d)),
            metric: g
                .meta
                .metric
                .as_deref()
                .filter(|m| self.plan().metrics.contains_key(*m))
                .map(|m| self.link(m)),
            target: g.meta.target.map(|v| i18n::value(v, unit.as_deref())),
            tasks: if with_tasks { self.rows(self.plan().goal_tasks(&g.id)) } else { Vec::new() },
            start: span.map(|s| i18n::date(self.locale, s.start)),
            end: span.map(|s| i18n::date(self.locale, s.end)),
            meets_due: span.and_then(|s| s.meets_due),
        }
    }

    /// The goal tree in depth-first order, without the goals' task lists.
    pub(crate) fn goal_tree(&self) -> Vec<GoalRow> {
        let mut rows = Vec::new();
        self.walk_goals(None, 0, false, &mut rows);
        rows
    }

    /// The goal tree in depth-first order, each goal with its own tasks.
    pub(crate) fn goal_tree_with_tasks(&self) -> Vec<GoalRow> {
        let mut rows = Vec::new();
        self.walk_goals(None, 0, true, &mut rows);
        rows
    }

    fn walk_goals(&self, parent: Option<&str>, depth: usize, tasks: bool, rows: &mut Vec<GoalRow>) {
        if depth > self.plan().goals.len() {
            return;
        }
        for g in self.plan().child_goals(parent) {
            rows.push(self.goal_row(g, depth, tasks));
            self.walk_goals(Some(&g.id), depth + 1, tasks, rows);
        }
    }

    /// Everything a goal page shows.
    pub(crate) fn goal(&self, g: &Goal) -> GoalView {
        // The metric's latest value at the status date (data after it does not count).
        let latest = g.meta.metric.as_deref().and_then(|m| {
            let unit = self.plan().metrics.get(m)?.meta.unit.as_deref();
            let r = self.a.metrics.get(m)?.latest.as_ref()?;
            Some(i18n::value(r.value, unit))
        });
        GoalView {
            row: self.goal_row(g, 0, true),
            parent: g.parent.as_deref().map(|p| self.link(p)),
            children: self
                .plan()
                .child_goals(Some(&g.id))
                .into_iter()
                .map(|c| self.goal_row(c, 1, false))
                .collect(),
            latest,
            tags: g.meta.tags.clone(),
            body_html: g.source.body_html.clone(),
            path: g.source.path.clone(),
        }
    }
}
