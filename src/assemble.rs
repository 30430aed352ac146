//! Gathers parsed notes into a `Plan`: unique ids, folder defaults, references, data, bodies.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::markdown::{self, RenderOptions};
use crate::meta::Kind;
use crate::model::{
    Dep, DepKind, Goal, Metric, Person, Plan, PlanNote, Review, Risk, Sample, Source, Table, Task,
    route,
};
use crate::note::{Failed, Meta, Note, closest};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Builds the plan from its notes; returns `None` when no usable plan note exists. Every other
/// note is still checked then, so one run reports every problem. `failed` are the notes that
/// did not parse (their errors are reported already): references to them are not reported.
pub(crate) fn assemble(
    root: &Path,
    mut notes: Vec<Arc<Note>>,
    failed: &[Failed],
    diags: &mut Diagnostics,
) -> Option<Plan> {
    // A plan note at the root wins over one in a sub-folder, whatever the walk order.
    notes.sort_by_key(|n| !(n.kind == Kind::Plan && n.dir().is_empty()));
    let notes = dedupe(notes, diags);
    // Looked up once or more per reference: hashed (suggestions sort their candidates).
    let index: rustc_hash::FxHashMap<&str, Kind> =
        notes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
    let plan_notes: Vec<&Note> =
        notes.iter().map(|n| &**n).filter(|n| n.kind == Kind::Plan).collect();
    for extra in plan_notes.iter().skip(1) {
        diags.push(two_plans(extra, &plan_notes[0].file.rel_path));
    }
    let have_plan = !plan_notes.is_empty();
    let (plan_id, plan_meta, plan_source) = if let Some(n) = plan_notes.first() {
        if n.dir() != "" {
            diags.push(
                n.diag_at("kind", Some("plan"), "the plan note must sit at the plan's root folder")
                    .hint("move it to the root of the plan folder, or point jindu at its folder"),
            );
        }
        let Meta::Plan(m) = &n.meta else { unreachable!("filtered on kind") };
        (n.id.clone(), (**m).clone(), source(n))
    } else {
        if !failed.iter().any(|f| f.kind == Some(Kind::Plan)) {
            diags.push(Diagnostic::file_error("plan.md", "no plan note found").hint(
                "add `plan.md` at the plan's root with `kind: plan`, `title:` and `start:` (or run `jindu init DIR` for a scaffold)",
            ));
        }
        (
            String::new(),
            stand_in_plan(),
            Source {
                path: "plan.md".into(),
                front_matter: String::new(),
                body_html: String::new(),
            },
        )
    };
    let folder_goals: BTreeMap<&str, &str> = notes
        .iter()
        .filter(|n| n.kind == Kind::Goal && n.file.rel_path.ends_with("index.md") && n.dir() != "")
        .map(|n| (n.dir(), n.id.as_str()))
        .collect();
    let folder_goal = |n: &Note| -> Option<String> {
        let mut dir = n.dir();
        if n.kind == Kind::Goal && n.file.rel_path.ends_with("index.md") {
            dir = parent_dir(dir);
        }
        loop {
            if let Some(g) = folder_goals.get(dir) {
                return Some((*g).to_string());
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    };
    let refs = Refs { index: &index, failed };
    let mut people = People::default();
    let mut plan = Plan {
        plan: PlanNote {
            id: plan_id,
            meta: plan_meta,
            source: plan_source,
            body_html_root: String::new(),
        },
        goals: Table::default(),
        tasks: Table::default(),
        metrics: Table::default(),
        reviews: Table::default(),
        risks: Table::default(),
        people: Table::default(),
        index: std::sync::OnceLock::new(),
        inputs: 0,
    };
    // Metrics' CSV files are read and parsed on every core first (each with its own problems).
    let mut data: rustc_hash::FxHashMap<&str, (Vec<Sample>, Diagnostics)> = {
        use rayon::prelude::*;
        (notes.par_iter().filter(|n| matches!(n.meta, Meta::Metric(_))))
            .map(|n| {
                let mut found = Diagnostics::default();
                (n.id.as_str(), (load_data(root, n, &mut found), found))
            })
            .collect()
    };
    // Person notes first, so owners written as names find them.
    for n in &notes {
        if let Meta::Person(m) = &n.meta {
            people.add_note(n, m);
        }
    }
    if let Some(o) = &plan.plan.meta.owner {
        people.named(o);
    }
    // Tasks are checked on every core: a task's checks read only the index of ids, the
    // folders' goals and the person notes. Their problems and the names they give people are
    // taken in note order below; the tasks stay where they are until the table is made.
    let task_notes: Vec<(&Note, &crate::meta::TaskMeta)> = (notes.iter())
        .filter_map(|n| match &n.meta {
            Meta::Task(m) => Some((&**n, &**m)),
            _ => None,
        })
        .collect();
    let mut checked: Vec<(Option<Task>, Diagnostics, Vec<&str>)> = {
        use rayon::prelude::*;
        (task_notes.par_iter())
            .map(|(n, m)| {
                let (task, found, names) = check_task(n, m, &refs, folder_goal(n), &people);
                (Some(task), found, names)
            })
            .collect()
    };
    let mut next_task = 0;
    for n in &notes {
        match &n.meta {
            Meta::Plan(_) | Meta::Person(_) => {}
            Meta::Goal(m) => {
                let parent = match &m.parent {
                    Some(p) => refs.check(n, diags, "parent", p, &[Kind::Goal]).then(|| p.clone()),
                    None => folder_goal(n),
                };
                if let Some(x) = &m.metric {
                    refs.check(n, diags, "metric", x, &[Kind::Metric]);
                }
                if let Some(o) = &m.owner {
                    people.named(o);
                }
                plan.goals.insert(
                    n.id.clone(),
                    Goal { id: n.id.clone(), parent, meta: (**m).clone(), source: source(n) },
                );
            }
            Meta::Task(_) => {
                if let Some((_, found, names)) = checked.get_mut(next_task) {
                    diags.append(std::mem::take(found));
                    for name in names.drain(..) {
                        people.named(name);
                    }
                }
                next_task += 1;
            }
            Meta::Metric(m) => {
                let (mut samples, found) = data.remove(n.id.as_str()).unwrap_or_default();
                diags.append(found);
                for v in &m.values {
                    samples.push(Sample { at: v.date, value: Some(v.value), note: v.note.clone() });
                }
                samples.sort_by_key(|s| s.at);
                if !m.values.is_empty() && m.data.is_none() {
                    for w in samples.windows(2) {
                        if w[0].at == w[1].at {
                            let d = crate::values::format_stamp(w[1].at.0);
                            diags.push(
                                n.diag_at(
                                    "values",
                                    Some(&d),
                                    format!("duplicate date `{d}` in `values`"),
                                )
                                .hint("keep one value per date"),
                            );
                        }
                    }
                }
                for a in &m.alerts {
                    if let Some(p) = &a.plan_b {
                        refs.check(
                            n,
                            diags,
                            "alerts",
                            p,
                            &[Kind::Task, Kind::Milestone, Kind::Risk],
                        );
                    }
                    let rules =
                        [a.below, a.above, a.drop, a.rise].iter().filter(|x| x.is_some()).count();
                    if rules != 1 {
                        diags.push(
                            n.diag_at(
                                "alerts",
                                None,
                                "each alert needs exactly one of `below`, `above`, `drop`, `rise`",
                            )
                            .hint("split it into one alert per rule"),
                        );
                    }
                }
                if let Some(o) = &m.owner {
                    people.named(o);
                }
                plan.metrics.insert(
                    n.id.clone(),
                    Metric { id: n.id.clone(), meta: (**m).clone(), samples, source: source(n) },
                );
            }
            Meta::Review(m) => {
                for c in &m.changes {
                    refs.check(n, diags, "changes", &c.task, &[Kind::Task, Kind::Milestone]);
                }
                for a in &m.attendees {
                    people.named(a);
                }
                plan.reviews.insert(
                    n.id.clone(),
                    Review { id: n.id.clone(), meta: (**m).clone(), source: source(n) },
                );
            }
            Meta::Risk(m) => {
                for t in &m.tasks {
                    refs.check(n, diags, "tasks", t, &[Kind::Task, Kind::Milestone]);
                }
                for x in &m.metrics {
                    refs.check(n, diags, "metrics", x, &[Kind::Metric]);
                }
                if let Some(o) = &m.owner {
                    people.named(o);
                }
                plan.risks.insert(
                    n.id.clone(),
                    Risk { id: n.id.clone(), meta: (**m).clone(), source: source(n) },
                );
            }
        }
    }
    // The table is made in id order, each task moved into it once: a task is 600 bytes, and
    // sorting the table would move each of them many times.
    let mut order: Vec<usize> = (0..task_notes.len()).collect();
    order.sort_unstable_by(|a, b| task_notes[*a].0.id.cmp(&task_notes[*b].0.id));
    plan.tasks = Table::with_capacity_and_hasher(order.len(), rustc_hash::FxBuildHasher);
    for task in order.into_iter().filter_map(|k| checked.get_mut(k)?.0.take()) {
        plan.tasks.insert(task.id.clone(), task);
    }
    plan.people = people.into_map().into_iter().collect();
    put_in_id_order(&mut plan);
    check_goal_cycles(&plan, &notes, diags);
    render_bodies(&mut plan, &notes, failed, diags);
    // The notes are hundreds of thousands of allocations made on the parsing threads; they are
    // freed on the pool while the caller schedules the plan.
    drop((checked, task_notes));
    rayon::spawn(move || drop(notes));
    have_plan.then_some(plan)
}

/// A task note checked against the plan's ids, with its problems and the names it gives
/// people in the order they are registered; `folder_goal` is the goal of its folder.
fn check_task<'n>(
    n: &'n Note,
    m: &'n crate::meta::TaskMeta,
    refs: &Refs<'_>,
    folder_goal: Option<String>,
    people: &People,
) -> (Task, Diagnostics, Vec<&'n str>) {
    let mut found = Diagnostics::default();
    let diags = &mut found;
    let index = refs.index;
    let goal = match &m.goal {
        Some(g) => refs.check(n, diags, "goal", g, &[Kind::Goal]).then(|| g.clone()),
        None => folder_goal,
    };
    let mut depends = Vec::new();
    // A long list reports its first few problems (each costs a search of the note),
    // then a count; an entry written twice counts once.
    let mut seen = BTreeSet::new();
    let mut problems = 0usize;
    for d in &m.depends {
        if problems >= MAX_LIST_PROBLEMS {
            match parse_dep(d) {
                Ok(dep)
                    if dep.task != n.id
                        && index
                            .get(dep.task.as_str())
                            .is_some_and(|k| matches!(k, Kind::Task | Kind::Milestone)) =>
                {
                    if seen.insert((dep.task.clone(), dep.kind as u8, dep.lag)) {
                        depends.push(dep);
                    }
                }
                _ => problems += 1,
            }
            continue;
        }
        match parse_dep(d) {
            Ok(dep) if dep.task == n.id => {
                problems += 1;
                diags.push(
                    n.diag_at(
                        "depends",
                        Some(&dep.task),
                        format!("task `{}` depends on itself", n.id),
                    )
                    .hint("remove it from `depends`"),
                );
            }
            Ok(dep) => {
                if refs.check(n, diags, "depends", &dep.task, &[Kind::Task, Kind::Milestone]) {
                    if seen.insert((dep.task.clone(), dep.kind as u8, dep.lag)) {
                        depends.push(dep);
                    }
                } else {
                    problems += 1;
                }
            }
            Err(msg) => {
                problems += 1;
                let at = d.split_whitespace().next().unwrap_or(d);
                diags.push(n.diag_at("depends", Some(at), msg).hint(
                    "write `id`, `id:ss` (also `ff`, `sf`), or add a lag: `id +2d`, `id:ss -1d`",
                ));
            }
        }
    }
    if problems > MAX_LIST_PROBLEMS {
        let more = problems - MAX_LIST_PROBLEMS;
        let msg = format!(
            "{more} more entries of `depends` are wrong (only the first {MAX_LIST_PROBLEMS} are shown)"
        );
        diags.push(
            n.diag_at("depends", None, msg)
                .hint("fix the ones shown first: often one mistake repeated"),
        );
    }
    for x in &m.contributes {
        refs.check(n, diags, "contributes", x, &[Kind::Metric]);
    }
    if n.kind == Kind::Milestone && m.duration.is_some_and(|d| d.0 > 0) {
        diags.push(
            n.diag_at("duration", None, "a milestone has no duration")
                .hint("remove `duration:`, or make it `kind: task`"),
        );
    }
    if let (Some(s), Some(e)) = (m.start, m.end) {
        if e < s {
            diags.push(
                n.diag_at("end", None, format!("task ends ({}) before it starts ({})", e.0, s.0))
                    .hint("end dates are inclusive: a one-day task has `end` equal to `start`"),
            );
        }
    }
    if m.duration.is_some() && m.end.is_some() && m.start.is_some() {
        diags.push(
            n.diag_at("end", None, "`start`, `duration` and `end` are all set")
                .hint("give two of them; jindu computes the third from the calendar")
                .warning(),
        );
    }
    let responsible = m.raci.responsible.as_deref().or(m.owner.as_deref());
    let mut names: Vec<&str> = (responsible.into_iter())
        .chain(m.raci.consulted.iter().map(String::as_str))
        .chain(m.raci.informed.iter().map(String::as_str))
        .chain(m.owner.as_deref())
        .collect();
    // "a, b" as the Accountable is two people (`check` warns), not one called "a, b".
    if let Some(acc) = &m.raci.accountable {
        names.extend(split_names(acc, |w| people.has_note(w)));
    }
    let task = Task {
        id: n.id.clone(),
        kind: n.kind,
        goal,
        depends,
        responsible: responsible.map(str::to_string),
        accountable: m.raci.accountable.clone(),
        meta: m.clone(),
        source: source(n),
    };
    (task, found, names)
}

/// Puts every table of `plan` in id order, once all are filled.
fn put_in_id_order(plan: &mut Plan) {
    crate::model::in_id_order(&mut plan.goals);
    crate::model::in_id_order(&mut plan.tasks);
    crate::model::in_id_order(&mut plan.metrics);
    crate::model::in_id_order(&mut plan.reviews);
    crate::model::in_id_order(&mut plan.risks);
    crate::model::in_id_order(&mut plan.people);
}

/// Most problems reported for one list of one note, such as a long `depends`.
const MAX_LIST_PROBLEMS: usize = 20;

/// Front matter of a stand-in plan, to check the other notes when the plan note is missing or
/// broken; nothing is built from it.
fn stand_in_plan() -> crate::meta::PlanMeta {
    crate::meta::PlanMeta {
        kind: "plan".into(),
        id: None,
        title: String::new(),
        objective: None,
        owner: None,
        start: crate::values::Date(chrono::NaiveDate::MIN),
        due: None,
        as_of: None,
        locale: crate::meta::Locale::default(),
        calendar: crate::meta::CalendarMeta::default(),
        base_url: None,
        trust_html: false,
        tags: Vec::new(),
    }
}

/// The error for a second `kind: plan` note.
fn two_plans(extra: &Note, first: &str) -> Diagnostic {
    extra
        .diag_at("kind", Some("plan"), "a plan has exactly one `kind: plan` note")
        .hint(format!("`{first}` is the plan note; make this one a goal, or remove it"))
}

/// Keeps the first note of each id and reports the others.
fn dedupe(notes: Vec<Arc<Note>>, diags: &mut Diagnostics) -> Vec<Arc<Note>> {
    let mut seen: crate::model::IdMap<(String, Kind)> = crate::model::IdMap::default();
    let mut kept = Vec::with_capacity(notes.len());
    for n in notes {
        if let Some((first, first_kind)) = seen.get(&n.id) {
            if n.kind == Kind::Plan && *first_kind == Kind::Plan {
                diags.push(two_plans(&n, first));
                continue;
            }
            let pos = if n.yaml().lines().any(|l| l.starts_with("id:")) {
                crate::locate::find(n.yaml(), "id", None)
            } else {
                Pos::new(1, 1, 3)
            };
            diags.push(
                Diagnostic::at(
                    &n.file.rel_path,
                    &n.file.text,
                    pos,
                    format!("duplicate id `{}`", n.id),
                )
                .hint(format!(
                    "`{first}` already has this id; rename one file or set a different `id:`"
                )),
            );
            continue;
        }
        seen.insert(n.id.clone(), (n.file.rel_path.clone(), n.kind));
        kept.push(n);
    }
    kept
}

fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(p, _)| p)
}

fn source(n: &Note) -> Source {
    Source {
        path: n.file.rel_path.clone(),
        body_html: String::new(),
        front_matter: n.yaml().to_string(),
    }
}

/// Checks references from one note against the index of all ids.
struct Refs<'a> {
    index: &'a rustc_hash::FxHashMap<&'a str, Kind>,
    failed: &'a [Failed],
}

impl Refs<'_> {
    /// Whether `id` names a note of one of `kinds`; if not, reports it at `key` in `n`.
    fn check(
        &self,
        n: &Note,
        diags: &mut Diagnostics,
        key: &str,
        id: &str,
        kinds: &[Kind],
    ) -> bool {
        let what = || kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(" or ");
        match self.index.get(id) {
            Some(k) if kinds.contains(k) => true,
            Some(k) => {
                let what = what();
                diags.push(
                    n.diag_at(key, Some(id), format!("`{id}` is a {}, not a {what}", k.name()))
                        .hint(format!("`{key}` takes the id of a {what}")),
                );
                false
            }
            None if self.failed.iter().any(|f| f.id == id) => false,
            None => {
                let what = what();
                let failed =
                    self.failed.iter().filter(|f| f.kind.is_none_or(|k| kinds.contains(&k)));
                let mut candidates: Vec<&str> = self
                    .index
                    .iter()
                    .filter(|(_, k)| kinds.contains(k))
                    .map(|(id, _)| *id)
                    .chain(failed.map(|f| f.id.as_str()))
                    .collect();
                // In id order, so a tie between suggestions always goes the same way.
                candidates.sort_unstable();
                let hint = match closest(id, candidates.into_iter()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => {
                        format!("`{key}` takes the id of a {what} (its file name without `.md`)")
                    }
                };
                diags.push(n.diag_at(key, Some(id), format!("unknown {what} `{id}`")).hint(hint));
                false
            }
        }
    }
}

/// Parses `id`, `id:ss`, `id +2d`, `id:ff -1d`.
pub(crate) fn parse_dep(s: &str) -> Result<Dep, String> {
    let s = s.trim();
    let (head, lag) = match s.split_once(char::is_whitespace) {
        Some((h, l)) => (h, Some(l.trim())),
        // `id+2d`; a `+` not followed by a lag is part of the id.
        None => match s.rsplit_once('+') {
            Some((h, l)) if crate::values::parse_workdays(l).is_ok() => (h, Some(l)),
            _ => (s, None),
        },
    };
    let (id, kind) = match head.rsplit_once(':') {
        Some((id, k)) => {
            let kind = match k.to_ascii_lowercase().as_str() {
                "fs" => DepKind::Fs,
                "ss" => DepKind::Ss,
                "ff" => DepKind::Ff,
                "sf" => DepKind::Sf,
                _ => return Err(format!("unknown dependency type `{k}` in `{s}`")),
            };
            (id, kind)
        }
        None => (head, DepKind::Fs),
    };
    let lag = match lag {
        None => 0,
        Some(l) => {
            let l = l.replace(' ', "");
            let (neg, body) = match l.strip_prefix('-') {
                Some(b) => (true, b.to_string()),
                None => (false, l.trim_start_matches('+').to_string()),
            };
            let days = crate::values::parse_workdays(&body)
                .map_err(|_| format!("invalid lag `{l}` in `{s}`"))?;
            let days = i32::try_from(days).unwrap_or(i32::MAX);
            if neg { -days } else { days }
        }
    };
    if id.is_empty() {
        return Err(format!("dependency `{s}` names no task"));
    }
    Ok(Dep { task: id.to_string(), kind, lag })
}

/// Reads a metric's CSV, refusing paths that leave the plan folder.
fn load_data(root: &Path, n: &Note, diags: &mut Diagnostics) -> Vec<Sample> {
    let Meta::Metric(m) = &n.meta else { return Vec::new() };
    let Some(data) = &m.data else { return Vec::new() };
    let joined = Path::new(n.dir()).join(data);
    let Some(rel) = normalize(&joined) else {
        diags.push(
            n.diag_at("data", Some(data), format!("data path `{data}` leaves the plan folder"))
                .hint(
                    "keep CSV files inside the plan folder and give the path relative to the note",
                ),
        );
        return Vec::new();
    };
    let abs = root.join(&rel);
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    if !abs.is_file() {
        diags.push(n.diag_at("data", Some(data), format!("data file `{rel_s}` not found")).hint(
            "the path is relative to the note's folder; check the file name, or remove `data:`",
        ));
        return Vec::new();
    }
    crate::data::load_csv(&abs, &rel_s, diags)
}

/// A relative path with `.` and `..` resolved, or `None` if it is absolute or climbs out.
fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(x) => out.push(x),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Reports goals whose parents loop back to themselves.
fn check_goal_cycles(plan: &Plan, notes: &[Arc<Note>], diags: &mut Diagnostics) {
    let mut reported = BTreeSet::new();
    for start in plan.goals.keys() {
        let mut path = vec![start.as_str()];
        let mut cur = start.as_str();
        while let Some(p) = plan.goals.get(cur).and_then(|g| g.parent.as_deref()) {
            if p == start {
                if path.iter().all(|g| !reported.contains(*g)) {
                    reported.extend(path.iter().map(|s| (*s).to_string()));
                    let n = notes.iter().find(|n| n.id == *start).expect("goal has a note");
                    let chain = path
                        .iter()
                        .chain(std::iter::once(&p))
                        .map(|g| format!("`{g}`"))
                        .collect::<Vec<_>>()
                        .join(" → ");
                    diags.push(
                        n.diag_at("parent", None, format!("goals form a cycle: {chain}"))
                            .hint("a goal cannot be its own ancestor; change one `parent:`"),
                    );
                }
                break;
            }
            if path.contains(&p) || path.len() > plan.goals.len() {
                break;
            }
            path.push(p);
            cur = p;
        }
    }
}

/// Renders every body, resolving wiki links to page routes and reporting unknown targets.
fn render_bodies(plan: &mut Plan, notes: &[Arc<Note>], failed: &[Failed], diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let trust_html = plan.plan.meta.trust_html;
    // Where each `[[id]]` leads and what it says, made on every core (the last note of an id
    // wins, as it would inserted one by one).
    let found: Vec<(Cow<'_, str>, (String, String))> = notes
        .par_iter()
        .filter_map(|n| {
            let kind = plan.kind_of(&n.id)?;
            let title = plan.title_of(&n.id).unwrap_or(&n.id).to_string();
            Some((Cow::Borrowed(n.id.as_str()), (route(kind, &n.id), title)))
        })
        .collect();
    let mut targets: rustc_hash::FxHashMap<Cow<'_, str>, (String, String)> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(found.len(), rustc_hash::FxBuildHasher);
    targets.extend(found);
    for p in plan.people.values() {
        let link = || (route(Kind::Person, &p.id), p.name.clone());
        targets.entry(Cow::Owned(p.id.clone())).or_insert_with(link);
    }
    let resolve = |id: &str| targets.get(id).cloned();
    let render = |n: &Note, root: &str| {
        let out = markdown::render(&n.body, &RenderOptions { trust_html, root }, &resolve);
        (out.html, out.broken)
    };
    // Bodies are independent: render them on all cores, then report and store in note order.
    let rendered: Vec<_> = {
        let plan = &*plan;
        notes
            .par_iter()
            .map(|n| {
                let kind = plan.kind_of(&n.id)?;
                let (html, broken) = render(n, "../");
                let root_html = (kind == Kind::Plan).then(|| render(n, "").0);
                Some((kind, html, broken, root_html))
            })
            .collect()
    };
    for (n, r) in notes.iter().zip(rendered) {
        let Some((kind, html, broken, root_html)) = r else { continue };
        for b in broken.into_iter().filter(|b| failed.iter().all(|f| f.id != b.target)) {
            let body_start = n.file.text.len() - n.body.len();
            let pos = Pos::of_offset(&n.file.text, body_start + b.offset, b.len);
            let hint = match closest(&b.target, targets.keys().map(AsRef::as_ref)) {
                Some(best) => format!("did you mean `[[{best}]]`?"),
                None => "wiki links take a note id: `[[id]]` or `[[id|label]]`".to_string(),
            };
            diags.push(
                Diagnostic::at(
                    &n.file.rel_path,
                    &n.file.text,
                    pos,
                    format!("unknown note `{}` in wiki link", b.target),
                )
                .hint(hint),
            );
        }
        let slot = match kind {
            Kind::Plan => {
                plan.plan.body_html_root = root_html.unwrap_or_default();
                &mut plan.plan.source.body_html
            }
            Kind::Goal => &mut plan.goals.get_mut(&n.id).expect("indexed").source.body_html,
            Kind::Task | Kind::Milestone => {
                &mut plan.tasks.get_mut(&n.id).expect("indexed").source.body_html
            }
            Kind::Metric => &mut plan.metrics.get_mut(&n.id).expect("indexed").source.body_html,
            Kind::Review => &mut plan.reviews.get_mut(&n.id).expect("indexed").source.body_html,
            Kind::Risk => &mut plan.risks.get_mut(&n.id).expect("indexed").source.body_html,
            Kind::Person => match plan.people.get_mut(&n.id).and_then(|p| p.source.as_mut()) {
                Some(s) => &mut s.body_html,
                None => continue,
            },
        };
        *slot = html;
    }
}

/// People named anywhere, matched to person notes by id, name or slug.
#[derive(Default)]
struct People {
    by_id: BTreeMap<String, Person>,
}

impl People {
    fn add_note(&mut self, n: &Note, m: &crate::meta::PersonMeta) {
        self.by_id.insert(
            n.id.clone(),
            Person {
                id: n.id.clone(),
                name: m.name.clone(),
                meta: Some(m.clone()),
                source: Some(source(n)),
            },
        );
    }

    /// Registers a name as written in `owner:` and similar fields; returns its person id.
    fn named(&mut self, written: &str) -> String {
        let id = self.resolve(written);
        self.by_id.entry(id.clone()).or_insert_with(|| Person {
            id: id.clone(),
            name: written.trim().to_string(),
            meta: None,
            source: None,
        });
        id
    }

    /// Whether `written` names someone with a person note.
    fn has_note(&self, written: &str) -> bool {
        self.by_id.get(&self.resolve(written)).is_some_and(|p| p.source.is_some())
    }

    fn resolve(&self, written: &str) -> String {
        let w = written.trim();
        if self.by_id.contains_key(w) {
            return w.to_string();
        }
        if let Some(p) = self.by_id.values().find(|p| p.name.eq_ignore_ascii_case(w)) {
            return p.id.clone();
        }
        let slug = markdown::slug(w);
        if slug.is_empty() { "someone".to_string() } else { slug }
    }

    fn into_map(self) -> BTreeMap<String, Person> {
        self.by_id
    }
}

/// Splits `written` at the separators people use between names, unless `known(written)` (it is
/// one person's name that happens to hold a separator, like "Sales and Ops").
pub(crate) fn split_names(written: &str, known: impl Fn(&str) -> bool) -> Vec<&str> {
    if known(written) {
        return vec![written.trim()];
    }
    let mut parts = vec![written];
    for sep in [",", "，", "、", ";", "；", "/", " & ", " and ", " AND "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 { parts } else { vec![written.trim()] }
}

/// The person id that a name written in the plan refers to.
pub(crate) fn person_id(plan: &Plan, written: &str) -> Option<String> {
    let w = written.trim();
    if plan.people.contains_key(w) {
        return Some(w.to_string());
    }
    if let Some(p) = plan.people.values().find(|p| p.name.eq_ignore_ascii_case(w)) {
        return Some(p.id.clone());
    }
    let slug = markdown::slug(w);
    plan.people.contains_key(&slug).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_syntax() {
        let d = |s: &str| parse_dep(s).map(|d| (d.task, d.kind, d.lag));
        assert_eq!(d("ads"), Ok(("ads".into(), DepKind::Fs, 0)));
        assert_eq!(d("ads-setup:ss"), Ok(("ads-setup".into(), DepKind::Ss, 0)));
        assert_eq!(d("ads +2d"), Ok(("ads".into(), DepKind::Fs, 2)));
        assert_eq!(d("ads+2d"), Ok(("ads".into(), DepKind::Fs, 2)));
        assert_eq!(d("ads:FF -1d"), Ok(("ads".into(), DepKind::Ff, -1)));
        assert_eq!(d("ads:sf +1w"), Ok(("ads".into(), DepKind::Sf, 5)));
        assert!(d("ads:xx").is_err());
        assert!(d("ads +two").is_err());
        assert_eq!(d("a+b"), Ok(("a+b".into(), DepKind::Fs, 0)));
        assert_eq!(d("a+b+1d"), Ok(("a+b".into(), DepKind::Fs, 1)));
        assert!(d(":ss").is_err());
    }

    #[test]
    fn paths_stay_inside() {
        assert_eq!(
            normalize(Path::new("metrics/../data/a.csv")),
            Some(PathBuf::from("data/a.csv"))
        );
        assert_eq!(normalize(Path::new("../../etc/passwd")), None);
        assert_eq!(normalize(Path::new("/etc/passwd")), None);
    }
}
