//! The checked, linked plan: every note by kind in id order, built once and read-only after.

use crate::meta::{
    GoalMeta, Kind, MetricMeta, PersonMeta, PlanMeta, ReviewMeta, RiskMeta, Status, TaskMeta,
};
use crate::values::Stamp;
use serde::Serialize;
use std::sync::OnceLock;

/// A dependency type: which end of the predecessor drives which end of the successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// Finish-to-start (the default).
    Fs,
    /// Start-to-start.
    Ss,
    /// Finish-to-finish.
    Ff,
    /// Start-to-finish.
    Sf,
}

/// One resolved predecessor link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dep {
    /// Predecessor task id.
    pub task: String,
    /// Dependency type.
    #[serde(rename = "type")]
    pub kind: DepKind,
    /// Lag in workdays (may be negative).
    pub lag: i32,
}

/// Where a note came from and what its body says.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Path relative to the plan folder.
    pub path: String,
    /// Rendered, safe body HTML with links relative to a page one folder deep.
    #[serde(skip)]
    pub body_html: String,
    /// The front matter text (from the opening fence), to locate keys in later diagnostics.
    #[serde(skip)]
    pub front_matter: String,
}

impl Source {
    /// A diagnostic at `key` (and `value` inside it) of this note's front matter.
    pub fn diag_at(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> crate::diag::Diagnostic {
        let pos = crate::locate::find(&self.front_matter, key, value);
        crate::diag::Diagnostic::at(&self.path, &self.front_matter, pos, message)
    }
}

/// The plan note.
#[derive(Debug, Clone, Serialize)]
pub struct PlanNote {
    /// Id of the plan note.
    pub id: String,
    /// Front matter.
    #[serde(flatten)]
    pub meta: PlanMeta,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
    /// Body rendered for the root page (`index.html`).
    #[serde(skip)]
    pub body_html_root: String,
}

/// A goal with its resolved parent.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    /// Unique id.
    pub id: String,
    /// Resolved parent goal (explicit or the enclosing folder's goal).
    pub parent: Option<String>,
    /// Front matter.
    pub meta: GoalMeta,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
}

/// A task or milestone with resolved goal and dependencies.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Unique id.
    pub id: String,
    /// `task` or `milestone`.
    pub kind: Kind,
    /// Resolved goal (explicit or the enclosing folder's goal).
    pub goal: Option<String>,
    /// Parsed predecessors.
    pub depends: Vec<Dep>,
    /// Responsible: `raci.responsible`, else the owner.
    pub responsible: Option<String>,
    /// Accountable.
    pub accountable: Option<String>,
    /// Front matter.
    pub meta: TaskMeta,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
}

impl Task {
    /// Duration in workdays used for weighting (milestones weigh nothing).
    pub fn weight(&self) -> f64 {
        if self.kind == Kind::Milestone {
            0.0
        } else {
            f64::from(self.meta.duration.map_or(1, |d| d.0.max(1)))
        }
    }

    /// Percent complete as the status implies: done is 100, otherwise the stated progress.
    pub fn percent(&self) -> f64 {
        match self.meta.status {
            Status::Done => 100.0,
            _ => self.meta.progress.unwrap_or(0.0),
        }
    }

    /// The date a milestone falls on, or a task is due: `due`, else `end`, else `start`.
    pub fn key_date(&self) -> Option<crate::values::Date> {
        self.meta.due.or(self.meta.end).or(self.meta.start)
    }
}

/// One data point; `value` is `None` for a gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// When.
    pub at: Stamp,
    /// The number, or a gap.
    pub value: Option<f64>,
    /// What happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A metric with its loaded data.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// Unique id.
    pub id: String,
    /// Front matter.
    pub meta: MetricMeta,
    /// Data points in time order (CSV and inline values merged).
    #[serde(skip)]
    pub samples: Vec<Sample>,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
}

/// A review meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Unique id.
    pub id: String,
    /// Front matter.
    pub meta: ReviewMeta,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
}

/// A risk with plan B.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// Unique id.
    pub id: String,
    /// Front matter.
    pub meta: RiskMeta,
    /// Source and body.
    #[serde(flatten)]
    pub source: Source,
}

/// Someone named in the plan, with or without a person note.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Id: the person note's id, or the name as written.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Front matter when the person has a note.
    pub meta: Option<PersonMeta>,
    /// Source and body when the person has a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A map from note id for lookups only (never iterated into output, whose order must not
/// depend on hashing): pages of a big plan look ids up millions of times, and hashing a short
/// id is cheaper than the dozen string comparisons of a search in a sorted map.
pub type IdMap<V> = std::collections::HashMap<String, V, rustc_hash::FxBuildHasher>;

/// Notes of one kind by id: iterated in id order (the order every page lists them in), looked
/// up by hash (a page of a big plan resolves ids millions of times; a search in a sorted map of
/// 100,000 ids costs a dozen string comparisons). Filled by `assemble`, then put in id order by
/// `in_id_order` and never changed.
pub type Table<V> = indexmap::IndexMap<String, V, rustc_hash::FxBuildHasher>;

/// Puts `table` in id order (after it was filled in reading order).
pub(crate) fn in_id_order<V>(table: &mut Table<V>) {
    table.sort_unstable_keys();
}

/// Adds `id` to `list` unless it is the last one there: a list filled in id order (an index
/// of who names whom) then holds each id once, however often one note names the same one.
pub(crate) fn push_once(list: &mut Vec<String>, id: &str) {
    if list.last().map(String::as_str) != Some(id) {
        list.push(id.to_string());
    }
}

/// The whole plan, checked and linked.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The plan note.
    pub plan: PlanNote,
    /// Goals by id.
    pub goals: Table<Goal>,
    /// Tasks and milestones by id.
    pub tasks: Table<Task>,
    /// Metrics by id.
    pub metrics: Table<Metric>,
    /// Reviews by id.
    pub reviews: Table<Review>,
    /// Risks by id.
    pub risks: Table<Risk>,
    /// People by id.
    pub people: Table<Person>,
    /// Goal lookups (children, tasks), built on first use: the plan is read-only by then.
    #[serde(skip)]
    pub(crate) index: OnceLock<GoalIndex>,
    /// A digest of every note the plan was read from (path and text, in walk order; a task's
    /// body, which only its own page shows, left out): with the metrics' data, everything the
    /// pages of the whole plan show comes from them.
    #[serde(skip)]
    pub(crate) inputs: u128,
}

/// Who sits directly under each goal, so a goal's page or row does not scan the whole plan.
/// Goals and tasks are held by their place in `Plan::goals` and `Plan::tasks`.
#[derive(Debug, Clone, Default)]
pub(crate) struct GoalIndex {
    /// The top goals (no parent), in id order.
    top: Vec<usize>,
    /// Child goals by parent id, in id order.
    children: IdMap<Vec<usize>>,
    /// Tasks and milestones by goal id, in id order.
    tasks: IdMap<Vec<usize>>,
}

impl GoalIndex {
    fn of(plan: &Plan) -> Self {
        let mut index = GoalIndex::default();
        for (k, g) in plan.goals.values().enumerate() {
            match &g.parent {
                Some(p) => index.children.entry(p.clone()).or_default().push(k),
                None => index.top.push(k),
            }
        }
        for (k, t) in plan.tasks.values().enumerate() {
            if let Some(g) = &t.goal {
                index.tasks.entry(g.clone()).or_default().push(k);
            }
        }
        index
    }

    fn children(&self, id: Option<&str>) -> &[usize] {
        match id {
            None => &self.top,
            Some(g) => self.children.get(g).map_or(&[], Vec::as_slice),
        }
    }

    fn tasks(&self, id: &str) -> &[usize] {
        self.tasks.get(id).map_or(&[], Vec::as_slice)
    }
}

impl Plan {
    /// The kind of note with this id, if any.
    pub fn kind_of(&self, id: &str) -> Option<Kind> {
        if id == self.plan.id {
            Some(Kind::Plan)
        } else if self.goals.contains_key(id) {
            Some(Kind::Goal)
        } else if let Some(t) = self.tasks.get(id) {
            Some(t.kind)
        } else if self.metrics.contains_key(id) {
            Some(Kind::Metric)
        } else if self.reviews.contains_key(id) {
            Some(Kind::Review)
        } else if self.risks.contains_key(id) {
            Some(Kind::Risk)
        } else if self.people.contains_key(id) {
            Some(Kind::Person)
        } else {
            None
        }
    }

    /// The display title of a note.
    pub fn title_of<'a>(&'a self, id: &'a str) -> Option<&'a str> {
        // The same order as `kind_of`, with one lookup per map.
        if id == self.plan.id {
            Some(&self.plan.meta.title)
        } else if let Some(g) = self.goals.get(id) {
            Some(&g.meta.title)
        } else if let Some(t) = self.tasks.get(id) {
            Some(&t.meta.title)
        } else if let Some(m) = self.metrics.get(id) {
            Some(&m.meta.title)
        } else if let Some(r) = self.reviews.get(id) {
            r.meta.title.as_deref().or(Some(id))
        } else if let Some(r) = self.risks.get(id) {
            Some(&r.meta.title)
        } else {
            self.people.get(id).map(|p| p.name.as_str())
        }
    }

    fn index(&self) -> &GoalIndex {
        self.index.get_or_init(|| GoalIndex::of(self))
    }

    /// Child goals of `id` (or the top goals for `None`), in id order.
    pub fn child_goals(&self, id: Option<&str>) -> Vec<&Goal> {
        self.index().children(id).iter().map(|&k| &self.goals[k]).collect()
    }

    /// Tasks and milestones directly under goal `id`, in id order.
    pub fn goal_tasks(&self, id: &str) -> Vec<&Task> {
        self.index().tasks(id).iter().map(|&k| &self.tasks[k]).collect()
    }

    /// Tasks and milestones of goal `id` and every goal below it (each once, even when the
    /// goals form a cycle), in no particular order.
    pub fn subtree_tasks(&self, id: &str) -> Vec<&Task> {
        let index = self.index();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut stack = vec![id];
        let mut out = Vec::new();
        while let Some(g) = stack.pop() {
            if !seen.insert(g) {
                continue;
            }
            out.extend(index.tasks(g).iter().map(|&k| &self.tasks[k]));
            stack.extend(index.children(Some(g)).iter().map(|&k| self.goals[k].id.as_str()));
        }
        out
    }
}

/// The page of a note, relative to the site root.
pub fn route(kind: Kind, id: &str) -> String {
    let enc = crate::site::encode_path(id);
    match kind {
        Kind::Plan => "index.html".to_string(),
        Kind::Goal => format!("goals/{enc}.html"),
        Kind::Task | Kind::Milestone => format!("tasks/{enc}.html"),
        Kind::Metric => format!("metrics/{enc}.html"),
        Kind::Review => format!("reviews/{enc}.html"),
        Kind::Risk => format!("risks/{enc}.html"),
        Kind::Person => format!("people/{enc}.html"),
    }
}
