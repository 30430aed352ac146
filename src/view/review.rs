//! Views of reviews: review pages, the change log across reviews (what moved, by how much, why)
//! and "since the last review" for the dashboard and the handout.

use super::metric::FiredView;
use super::{Link, Row, Views};
use crate::i18n;
use crate::meta::{Cadence, Change, Granularity, Kind, Locale, Status};
use crate::model::{Review, Task};
use chrono::NaiveDate;
use serde::Serialize;

/// Days looked back when the plan has no review before the status date.
const FALLBACK_DAYS: i64 = 7;
/// Items of each "since the last review" list on the dashboard; the rest are counted.
const SINCE_MAX: usize = 12;

/// A change decided in a review.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    /// The task.
    pub task: Link,
    /// Field.
    pub field: Option<String>,
    /// Old value.
    pub from: Option<String>,
    /// New value.
    pub to: Option<String>,
    /// How far it moved: `+3 workdays` for dates, durations and lags, `+5` for numbers.
    pub shift: Option<String>,
    /// `later` (a slip: a date or a lag moved out, work grew), `earlier`, or `""`.
    pub direction: &'static str,
    /// Why.
    pub why: Option<String>,
}

/// Everything a review page shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewView {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// Date, formatted.
    pub date: String,
    /// Date, ISO.
    pub iso: String,
    /// Localised cadence.
    pub cadence: String,
    /// Attendees.
    pub attendees: Vec<Link>,
    /// Decisions.
    pub decisions: Vec<String>,
    /// Changes.
    pub changes: Vec<ChangeView>,
    /// Action items of the body's task list that are not ticked.
    pub open_actions: Vec<String>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// A change with the review that made it, for the change log.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LogRow {
    /// The review.
    pub review: Link,
    /// Its date, formatted.
    pub date: String,
    /// The change.
    #[serde(flatten)]
    pub change: ChangeView,
}

/// A metric's move over a period.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MovedView {
    /// The metric.
    pub metric: Link,
    /// Value at the start of the period, formatted.
    pub from: String,
    /// Latest value, formatted.
    pub to: String,
    /// Change, formatted (`+4.2%`, or in the unit when the start is zero).
    pub change: String,
    /// `up`, `down` or `flat`.
    pub trend: &'static str,
    /// Whether the move is good by the metric's direction.
    pub good: Option<bool>,
}

/// What happened between the last review and the status date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SinceView {
    /// First day of the period, formatted.
    pub since: String,
    /// First day of the period, ISO.
    pub since_iso: String,
    /// The review the period starts at (`None`: no review yet, the last week is shown).
    pub review: Option<Link>,
    /// Tasks and milestones finished in the period.
    pub finished: Vec<Row>,
    /// Tasks started in the period (and not finished in it).
    pub started: Vec<Row>,
    /// Changes made by the reviews of the period that moved dates or work out.
    pub slipped: Vec<LogRow>,
    /// Tasks forecast past their due date or baseline now.
    pub late: Vec<Row>,
    /// Metrics with a value at the start of the period and a later one.
    pub moved: Vec<MovedView>,
    /// Alerts that fired in the period or are still active.
    pub fired: Vec<FiredView>,
    /// The reviews of the period, oldest first.
    pub reviews: Vec<ReviewView>,
    /// Whether anything at all is listed.
    pub any: bool,
    /// Items left off each list (finished, started, slipped, late, moved, fired).
    pub more: SinceMore,
}

/// How many items each "since the last review" list leaves off (it shows the first few).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct SinceMore {
    /// Finished tasks not listed.
    pub finished: usize,
    /// Started tasks not listed.
    pub started: usize,
    /// Slips not listed (changes and late tasks).
    pub slipped: usize,
    /// Metrics not listed.
    pub moved: usize,
    /// Alerts not listed on the dashboard (the handout lists them all).
    pub fired: usize,
}

impl Views<'_> {
    /// Everything a review page shows.
    pub(crate) fn review(&self, r: &Review) -> ReviewView {
        ReviewView {
            id: r.id.clone(),
            link: self.link(&r.id),
            date: self.date(r.meta.date),
            iso: r.meta.date.0.format("%Y-%m-%d").to_string(),
            cadence: self.t(&format!("{:?}", r.meta.cadence).to_lowercase()),
            attendees: self.people(&r.meta.attendees),
            decisions: r.meta.decisions.clone(),
            changes: r
                .meta
                .changes
                .iter()
                .filter(|c| self.plan().tasks.contains_key(&c.task))
                .map(|c| self.change(c))
                .collect(),
            open_actions: open_actions(&r.source.body_html),
            body_html: r.source.body_html.clone(),
            path: r.source.path.clone(),
        }
    }

    /// One change with how far it moved.
    fn change(&self, c: &Change) -> ChangeView {
        let (shift, direction) = match (c.from.as_deref(), c.to.as_deref()) {
            (Some(a), Some(b)) => self.shift(c.field.as_deref().unwrap_or(""), a, b),
            _ => (None, ""),
        };
        ChangeView {
            task: self.link(&c.task),
            field: c.field.clone(),
            from: c.from.clone(),
            to: c.to.clone(),
            shift,
            direction,
            why: c.why.clone(),
        }
    }

    /// How far a value moved from `a` to `b`: dates in workdays on the plan's calendar,
    /// durations and dependency lags in workdays, plain numbers as a difference.
    fn shift(&self, field: &str, a: &str, b: &str) -> (Option<String>, &'static str) {
        use crate::values::{parse_date, parse_workdays};
        let workdays = |n: i64| {
            let sign = sign_of(n.cmp(&0));
            let n = n.abs();
            match self.locale {
                Locale::En if n == 1 => format!("{sign}1 workday"),
                _ => format!("{sign}{}", i18n::count(self.locale, n, "workdays")),
            }
        };
        let dir = |n: f64| {
            if n > 0.0 {
                "later"
            } else if n < 0.0 {
                "earlier"
            } else {
                ""
            }
        };
        if let (Ok(x), Ok(y)) = (parse_date(a), parse_date(b)) {
            let n = match self.a.schedule.as_ref() {
                Some(s) => super::people::workdays_between(s, x, y),
                None => (y - x).num_days(),
            };
            return (Some(workdays(n)), dir(n as f64));
        }
        if field == "duration" {
            if let (Ok(x), Ok(y)) = (parse_workdays(a), parse_workdays(b)) {
                let n = i64::from(y) - i64::from(x);
                return (Some(workdays(n)), dir(n as f64));
            }
        }
        if field == "depends" {
            let (da, db) = (crate::assemble::parse_dep(a), crate::assemble::parse_dep(b));
            if let (Ok(x), Ok(y)) = (da, db) {
                if x.task == y.task && x.kind == y.kind {
                    let n = i64::from(y.lag) - i64::from(x.lag);
                    return (Some(workdays(n)), dir(n as f64));
                }
            }
            return (None, "");
        }
        if let (Ok(x), Ok(y)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            if x.is_finite() && y.is_finite() {
                let n = y - x;
                let sign = sign_of(n.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal));
                let places = if n.fract() == 0.0 { 0 } else { 2 };
                // A higher number is not a slip (progress went up); only the size is told.
                return (Some(format!("{sign}{}", i18n::grouped(n.abs(), places))), "");
            }
        }
        (None, "")
    }

    /// Every change of every review, newest review first, in the order each review lists them.
    pub(crate) fn change_log(&self) -> Vec<LogRow> {
        let mut rs: Vec<&Review> = self.plan().reviews.values().collect();
        rs.sort_by(|a, b| (b.meta.date, &a.id).cmp(&(a.meta.date, &b.id)));
        rs.into_iter().flat_map(|r| self.log_rows(r)).collect()
    }

    fn log_rows(&self, r: &Review) -> Vec<LogRow> {
        r.meta
            .changes
            .iter()
            .filter(|c| self.plan().tasks.contains_key(&c.task))
            .map(|c| LogRow {
                review: self.link(&r.id),
                date: i18n::short_date(self.locale, r.meta.date.0),
                change: self.change(c),
            })
            .collect()
    }

    /// The most recent review on or before the status date (else the latest).
    pub(crate) fn latest_review(&self) -> Option<ReviewView> {
        let mut rs: Vec<&Review> = self.plan().reviews.values().collect();
        rs.sort_by(|a, b| (a.meta.date, &a.id).cmp(&(b.meta.date, &b.id)));
        let past = rs.iter().rev().find(|r| r.meta.date.0 <= self.a.as_of).or(rs.last());
        past.map(|r| self.review(r))
    }

    /// The review a "since the last review" period starts at: the latest weekly or monthly
    /// review before the status date (daily stand-ups happen inside a period and do not start
    /// one), else the latest review of any cadence before it.
    fn period_review(&self) -> Option<&Review> {
        let before = || self.plan().reviews.values().filter(|r| r.meta.date.0 < self.a.as_of);
        let key = |r: &&Review| (r.meta.date, std::cmp::Reverse(r.id.clone()));
        before()
            .filter(|r| r.meta.cadence != Cadence::Daily)
            .max_by_key(key)
            .or_else(|| before().max_by_key(key))
    }

    /// What happened from the last review's day to the status date, both included.
    pub(crate) fn since_last_review(&self) -> SinceView {
        let as_of = self.a.as_of;
        let review = self.period_review();
        let since = review.map_or(as_of - chrono::Duration::days(FALLBACK_DAYS), |r| r.meta.date.0);
        let in_period = |d: NaiveDate| d >= since && d <= as_of;
        let plan = self.plan();
        let times = |t: &Task| self.times(&t.id);
        let finished: Vec<&Task> = plan
            .tasks
            .values()
            .filter(|t| t.meta.status == Status::Done && times(t).is_some_and(|x| in_period(x.end)))
            .collect();
        let finished_ids: std::collections::HashSet<&str> =
            finished.iter().map(|t| t.id.as_str()).collect();
        let started: Vec<&Task> = plan
            .tasks
            .values()
            .filter(|t| {
                // A blocked task has started only when its note says so.
                let began = match t.meta.status {
                    Status::Doing | Status::Done => times(t).map(|x| x.start),
                    Status::Blocked => t.meta.actual.as_ref().and_then(|a| a.start).map(|d| d.0),
                    _ => None,
                };
                t.kind == Kind::Task
                    && began.is_some_and(in_period)
                    && !finished_ids.contains(t.id.as_str())
            })
            .collect();
        let mut reviews: Vec<&Review> =
            plan.reviews.values().filter(|r| in_period(r.meta.date.0)).collect();
        reviews.sort_by(|a, b| (a.meta.date, &a.id).cmp(&(b.meta.date, &b.id)));
        let slipped: Vec<LogRow> = reviews
            .iter()
            .flat_map(|r| self.log_rows(r))
            .filter(|l| l.change.direction == "later")
            .collect();
        // Rows are made only for what is shown; the counts count everything.
        let (late, late_count) =
            self.health(SINCE_MAX).map(|h| (h.late, h.late_count)).unwrap_or_default();
        let (finished_count, started_count) = (finished.len(), started.len());
        let fired: Vec<FiredView> =
            self.all_fired().into_iter().filter(|f| f.active || in_period(f.at.0.date())).collect();
        let moved = plan.metrics.values().filter_map(|m| self.moved(m, since)).collect();
        let mut view = SinceView {
            since: self.date(crate::values::Date(since)),
            since_iso: since.format("%Y-%m-%d").to_string(),
            review: review.map(|r| self.link(&r.id)),
            finished: self.rows(finished.into_iter().take(SINCE_MAX)),
            started: self.rows(started.into_iter().take(SINCE_MAX)),
            slipped,
            late,
            moved,
            fired,
            reviews: reviews.into_iter().map(|r| self.review(r)).collect(),
            any: false,
            more: SinceMore::default(),
        };
        let cut = |n: usize| n.saturating_sub(SINCE_MAX);
        view.more = SinceMore {
            finished: cut(finished_count),
            started: cut(started_count),
            slipped: cut(view.slipped.len() + late_count),
            moved: cut(view.moved.len()),
            fired: cut(view.fired.len()),
        };
        view.moved.truncate(SINCE_MAX);
        view.slipped.truncate(SINCE_MAX);
        view.late.truncate(SINCE_MAX - view.slipped.len());
        view.any = !(view.finished.is_empty()
            && view.started.is_empty()
            && view.slipped.is_empty()
            && view.late.is_empty()
            && view.moved.is_empty()
            && view.fired.is_empty());
        view
    }

    /// How metric `m` moved from its value on `since` (the last one on or before that day) to
    /// its latest; hourly metrics compare day aggregates, as one hour swings with the time of day.
    fn moved(&self, m: &crate::model::Metric, since: NaiveDate) -> Option<MovedView> {
        let r = self.report(&m.id)?;
        let (from, to) = if m.meta.granularity == Granularity::Hour {
            let from = r.days.iter().rev().find(|b| b.start <= since)?;
            // A day still in progress is not compared with a whole one.
            let to = r.days.iter().rev().find(|b| !b.partial).or(r.days.last())?;
            ((from.start, from.value), (to.start, to.value))
        } else {
            let from = r
                .series
                .iter()
                .rev()
                .filter(|p| p.at.0.date() <= since)
                .find_map(|p| p.value.map(|v| (p.at.0.date(), v)))?;
            let to = r.latest.as_ref()?;
            (from, (to.at.0.date(), to.value))
        };
        if to.0 <= from.0 {
            return None;
        }
        let unit = m.meta.unit.as_deref();
        let abs = to.1 - from.1;
        let change = if from.1.abs() > f64::EPSILON {
            let p = abs / from.1.abs() * 100.0;
            format!("{}{}%", if p > 0.0 { "+" } else { "" }, i18n::grouped(p, 1))
        } else {
            format!("{}{}", if abs > 0.0 { "+" } else { "" }, i18n::value(abs, unit))
        };
        let trend = if abs > 0.0 {
            "up"
        } else if abs < 0.0 {
            "down"
        } else {
            "flat"
        };
        let good =
            (abs != 0.0).then(|| (abs > 0.0) == (m.meta.better == crate::meta::Better::Higher));
        Some(MovedView {
            metric: self.link(&m.id),
            from: i18n::value(from.1, unit),
            to: i18n::value(to.1, unit),
            change,
            trend,
            good,
        })
    }
}

/// `+`, `−` or `±` for a move later, earlier or nowhere.
fn sign_of(o: std::cmp::Ordering) -> &'static str {
    match o {
        std::cmp::Ordering::Greater => "+",
        std::cmp::Ordering::Less => "−",
        std::cmp::Ordering::Equal => "±",
    }
}

/// The text of the task-list items of `html` (a rendered note body) that are not ticked.
fn open_actions(html: &str) -> Vec<String> {
    const BOX: &str = "<input disabled=\"\" type=\"checkbox\"/>";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(BOX) {
        rest = &rest[i + BOX.len()..];
        let end =
            ["</li>", "<ul", "<ol"].iter().filter_map(|e| rest.find(e)).min().unwrap_or(rest.len());
        let text = plain_text(&rest[..end]);
        if !text.is_empty() {
            out.push(text);
        }
        rest = &rest[end..];
    }
    out
}

/// Markup stripped and the entities our renderer writes decoded, whitespace collapsed.
fn plain_text(html: &str) -> String {
    let mut s = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => s.push(c),
            _ => {}
        }
    }
    let s = s
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_actions_are_the_unticked_items() {
        let html = "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nDone thing</li>\n\
                    <li><input disabled=\"\" type=\"checkbox\"/>\nCall <a href=\"../x.html\">x</a> &amp; y &lt;b&gt;</li>\n\
                    <li><input disabled=\"\" type=\"checkbox\"/>\nParent\n<ul><li>child</li></ul></li>\n</ul>";
        assert_eq!(open_actions(html), ["Call x & y <b>", "Parent"]);
        assert!(open_actions("<p>nothing</p>").is_empty());
    }
}
