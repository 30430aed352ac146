//! The Kanban board: columns to do, doing, blocked and done (cancelled work is counted but not
//! shown), one swimlane per goal or per owner, a card per task.

use super::{Link, Views};
use crate::meta::{Kind, Status};
use crate::model::Task;
use serde::Serialize;

/// The board's columns, left to right.
const COLUMNS: [Status; 4] = [Status::Todo, Status::Doing, Status::Blocked, Status::Done];
/// Plans with more tasks than this show only the latest finished cards of each lane.
const FOLD_DONE_ABOVE: usize = 300;
/// Finished cards a lane shows in a large plan.
const DONE_SHOWN: usize = 8;

/// How the board is split into lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LaneBy {
    /// One lane per goal (the task's own goal), in goal-tree order.
    Goal,
    /// One lane per Responsible person, by name.
    Owner,
}

/// A task's card as the boards share it: made once per build.
pub(crate) type Card = std::sync::Arc<CardView>;

/// A card: one task.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CardView {
    /// The task.
    pub link: Link,
    /// Status key.
    pub status: &'static str,
    /// Responsible.
    pub owner: Option<Link>,
    /// Goal.
    pub goal: Option<Link>,
    /// Due date, formatted.
    pub due: Option<String>,
    /// Scheduled (or forecast, or actual) end, formatted.
    pub end: Option<String>,
    /// On the critical path.
    pub critical: bool,
    /// Forecast past its due date or baseline.
    pub late: bool,
    /// Elastic.
    pub flex: bool,
    /// Percent complete.
    pub progress: u32,
}

/// One column of one lane.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CellView {
    /// Status key.
    pub status: &'static str,
    /// Localised status.
    pub label: String,
    /// The cards, in schedule order (finished work: latest first).
    pub cards: Vec<Card>,
    /// Cards left off (finished work in a large plan), counted in `count`.
    pub more: usize,
    /// Cards in the cell.
    pub count: usize,
}

/// One swimlane.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LaneView {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The goal's or person's page.
    pub link: Option<Link>,
    /// A second line: the parent goal, or the person's team.
    pub sub: Option<String>,
    /// Cards in the lane.
    pub count: usize,
    /// One cell per column.
    pub cells: Vec<CellView>,
}

/// A column heading with its count over the whole board.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ColumnView {
    /// Status key.
    pub status: &'static str,
    /// Localised status.
    pub label: String,
    /// Cards in the column.
    pub count: usize,
}

/// The board page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BoardView {
    /// `goal` or `owner`.
    pub by: &'static str,
    /// The columns with their counts.
    pub columns: Vec<ColumnView>,
    /// The lanes (only those with cards).
    pub lanes: Vec<LaneView>,
    /// Cancelled tasks left off the board.
    pub cancelled: usize,
    /// Cards on the board.
    pub total: usize,
    /// `38 tasks` in the site's language.
    pub total_label: String,
    /// `1 cancelled not shown` in the site's language, when any.
    pub cancelled_label: Option<String>,
}

impl Views<'_> {
    /// The board with lanes `by` goal or owner.
    pub(crate) fn board(&self, by: LaneBy) -> BoardView {
        let plan = self.plan();
        let tasks: Vec<&Task> = plan.tasks.values().filter(|t| t.kind == Kind::Task).collect();
        let cancelled = tasks.iter().filter(|t| t.meta.status == Status::Cancelled).count();
        let shown = |t: &&Task| t.kind == Kind::Task && t.meta.status != Status::Cancelled;
        let on_board: Vec<&Task> = tasks.iter().copied().filter(shown).collect();
        let mut lanes: Vec<LaneView> = Vec::new();
        match by {
            LaneBy::Goal => {
                for g in self.goal_tree() {
                    let mine: Vec<&Task> =
                        plan.goal_tasks(&g.id).into_iter().filter(shown).collect();
                    let parent = plan.goals[&g.id].parent.as_deref().and_then(|p| plan.title_of(p));
                    lanes.push(self.lane(
                        format!("lane-{}", crate::site::encode_path(&g.id)),
                        g.link.title.clone(),
                        Some(g.link.clone()),
                        parent.map(str::to_string),
                        &mine,
                    ));
                }
                let loose: Vec<&Task> = on_board
                    .iter()
                    .copied()
                    .filter(|t| t.goal.as_deref().is_none_or(|g| !plan.goals.contains_key(g)))
                    .collect();
                lanes.push(self.lane("lane--none".into(), self.t("no_goal"), None, None, &loose));
            }
            LaneBy::Owner => {
                let roles = self.roles();
                let who = |t: &Task| roles.get(&t.id).and_then(|r| r.r.clone());
                let mut people: Vec<&String> = plan.people.keys().collect();
                people.sort_by_cached_key(|p| (plan.people[*p].name.to_lowercase(), (*p).clone()));
                let mut by_person: std::collections::HashMap<String, Vec<&Task>> =
                    std::collections::HashMap::new();
                for t in &on_board {
                    if let Some(p) = who(t) {
                        by_person.entry(p).or_default().push(t);
                    }
                }
                for p in people {
                    let mine = by_person.remove(p.as_str()).unwrap_or_default();
                    let person = &plan.people[p];
                    lanes.push(self.lane(
                        format!("lane-{}", crate::site::encode_path(p)),
                        person.name.clone(),
                        self.person(p),
                        person.meta.as_ref().and_then(|m| m.team.clone()),
                        &mine,
                    ));
                }
                let loose: Vec<&Task> =
                    on_board.iter().copied().filter(|t| who(t).is_none()).collect();
                lanes.push(self.lane(
                    "lane--none".into(),
                    self.t("unassigned"),
                    None,
                    None,
                    &loose,
                ));
            }
        }
        lanes.retain(|l| l.count > 0);
        let columns = COLUMNS
            .iter()
            .map(|s| ColumnView {
                status: s.name(),
                label: self.t(s.name()),
                count: on_board.iter().filter(|t| t.meta.status == *s).count(),
            })
            .collect();
        BoardView {
            by: match by {
                LaneBy::Goal => "goal",
                LaneBy::Owner => "owner",
            },
            columns,
            lanes,
            cancelled,
            total: on_board.len(),
            total_label: crate::i18n::count(self.locale, on_board.len(), "tasks_lc"),
            cancelled_label: (cancelled > 0)
                .then(|| crate::i18n::count(self.locale, cancelled, "cancelled_hidden")),
        }
    }

    /// Task `t`'s card, made once for both boards.
    fn card(&self, t: &Task) -> Card {
        let make = || {
            let row = self.task_row(t);
            Card::new(CardView {
                link: row.link.clone(),
                status: row.status,
                owner: row.owner.clone(),
                goal: t
                    .goal
                    .as_deref()
                    .filter(|g| self.plan().goals.contains_key(*g))
                    .map(|g| self.link(g)),
                due: row.due.clone(),
                end: row.end.clone(),
                critical: row.critical,
                late: row.late,
                flex: row.flex,
                progress: row.progress,
            })
        };
        self.per_task(&self.caches.cards, t, make)
    }

    fn lane(
        &self,
        id: String,
        title: String,
        link: Option<Link>,
        sub: Option<String>,
        tasks: &[&Task],
    ) -> LaneView {
        let fold = self.plan().tasks.len() > FOLD_DONE_ABOVE;
        let cells: Vec<CellView> = COLUMNS
            .iter()
            .map(|s| CellView {
                status: s.name(),
                label: self.t(s.name()),
                cards: {
                    let mut shown = self
                        .in_schedule_order(tasks.iter().copied().filter(|t| t.meta.status == *s));
                    if *s == Status::Done {
                        // Most recently finished first.
                        shown.reverse();
                    }
                    shown
                }
                .into_iter()
                .take(if *s == Status::Done && fold { DONE_SHOWN } else { usize::MAX })
                .map(|t| self.card(t))
                .collect(),
                more: 0,
                count: tasks.iter().filter(|t| t.meta.status == *s).count(),
            })
            .map(|mut c: CellView| {
                c.more = c.count - c.cards.len();
                c
            })
            .collect();
        LaneView { id, title, link, sub, count: tasks.len(), cells }
    }
}
