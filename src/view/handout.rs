//! The printed handout for the review meeting: a summary page (objective, overall status, KPIs
//! with targets and gaps, critical path, top risks, decisions needed), the look-ahead Gantt,
//! late and at-risk work, fired alerts with plan B, and the decisions since the last review.
//! Everything is computed for the status date, so a handout rebuilt later matches the meeting.

use super::gantt::LOOK_AHEAD;
use super::metric::{FiredView, MetricView};
use super::review::SinceView;
use super::risk::RiskView;
use super::task::{HealthView, StatusCount};
use super::{Lazy, Link, Views};
use crate::meta::{Locale, Status};
use crate::svg::gantt::{self, GanttOptions, PrintFit};
use serde::Serialize;

/// Risks on the summary page.
const TOP_RISKS: usize = 5;
/// Items under "decisions needed" on the summary page.
const NEEDED_MAX: usize = 5;
/// Chains of the critical path on the summary page.
const PATHS_MAX: usize = 3;
/// Tasks of a chain shown whole; a longer chain shows its first and last few.
const CHAIN_MAX: usize = 6;
/// Metrics in the summary's KPI table (those that measure goals first, then the others
/// worst first).
const KPIS_MAX: usize = 10;
/// Critical tasks outside chains named on the summary page.
const ALONE_MAX: usize = 6;
/// Height in mm above the look-ahead's first print page on its landscape sheet: the heading.
const GANTT_HEADING_MM: f64 = 12.0;
/// Tasks and milestones in the look-ahead Gantt (about five landscape sheets); the most
/// pressing are kept, and the handout says how many more the Gantt page shows.
const AHEAD_MAX: usize = 100;
/// Rows of each of the late and at-risk lists.
const TASKS_MAX: usize = 30;

/// A critical chain, shortened when long: `head … (skipped) … tail`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChainView {
    /// The first tasks.
    pub head: Vec<Link>,
    /// Tasks left out in the middle.
    pub skipped: usize,
    /// The last tasks.
    pub tail: Vec<Link>,
}

/// Something the meeting has to decide.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NeedView {
    /// `blocked`, `alert`, `risk` or `action`.
    pub kind: &'static str,
    /// Localised kind.
    pub label: String,
    /// What it is about.
    pub link: Option<Link>,
    /// What to decide, in words.
    pub text: String,
    /// Who brings it.
    pub owner: Option<Link>,
}

/// The handout.
#[derive(Serialize)]
pub(crate) struct HandoutView<'a> {
    /// `on-track`, `at-risk` or `off-track`.
    pub overall: &'static str,
    /// Localised overall status.
    pub overall_label: String,
    /// Why, in short phrases.
    pub reasons: Vec<String>,
    /// Task counts by status.
    pub counts: Vec<StatusCount>,
    /// Schedule health (critical path, late and at-risk tasks).
    pub health: Option<HealthView>,
    /// Critical chains shown (at most a few).
    pub paths: Vec<ChainView>,
    /// More chains not shown.
    pub more_paths: usize,
    /// Critical tasks outside any chain (the first few).
    pub alone: Vec<Link>,
    /// Critical tasks outside chains not named.
    pub more_alone: usize,
    /// Key metrics with latest, target and gap: those that measure goals, then the others.
    pub kpis: Vec<MetricView>,
    /// Metrics left out of the table.
    pub more_kpis: usize,
    /// Late tasks left off the list.
    pub more_late: usize,
    /// At-risk tasks left off the list.
    pub more_at_risk: usize,
    /// Open and triggered risks, worst first.
    pub top_risks: Vec<RiskView>,
    /// What the meeting has to decide.
    pub needed: Vec<NeedView>,
    /// Items left off `needed`.
    pub more_needed: usize,
    /// The look-ahead Gantt (next four weeks), for the screen, drawn when shown.
    pub gantt: Lazy<'a, String>,
    /// The same chart cut into landscape print pages between rows (A4 and Letter).
    pub gantt_pages: Lazy<'a, Vec<String>>,
    /// Tasks of the look-ahead left out of its chart (the least pressing).
    pub more_ahead: usize,
    /// Alerts that fired since the last review or are active.
    pub fired: Vec<FiredView>,
    /// The period since the last review (its reviews carry the decisions).
    pub since: SinceView,
}

impl Views<'_> {
    /// Everything the handout shows; `keys` key its screen and print charts (see `Lazy`).
    pub(crate) fn handout(&self, keys: (Option<u128>, Option<u128>)) -> HandoutView<'_> {
        let health = self.health(TASKS_MAX);
        let since = self.since_last_review();
        let plan = self.plan();
        let mut ids: Vec<&str> = self
            .goal_tree()
            .iter()
            .filter_map(|g| plan.goals[&g.id].meta.metric.as_deref())
            .filter(|m| plan.metrics.contains_key(*m))
            .collect();
        let mut others: Vec<&str> = plan.metrics.keys().map(String::as_str).collect();
        let rank = |id: &str| match self.report(id).map(|r| r.health) {
            Some(crate::metrics::Health::OffTrack) => 0,
            Some(crate::metrics::Health::AtRisk) => 1,
            Some(crate::metrics::Health::OnTrack) => 2,
            _ => 3,
        };
        others.sort_by_key(|id| (rank(id), *id));
        ids.extend(others);
        let mut seen = std::collections::BTreeSet::new();
        ids.retain(|id| seen.insert(*id));
        let more_kpis = ids.len().saturating_sub(KPIS_MAX);
        let kpis: Vec<MetricView> =
            ids.iter().take(KPIS_MAX).map(|id| self.metric(&plan.metrics[*id])).collect();
        let risks = self.risks();
        let fired = since.fired.clone();
        let (overall, reasons) = self.overall(health.as_ref(), &kpis, &risks, &fired);
        let needed = self.needed(&risks, &fired, &since);
        let (paths, more_paths) = match &health {
            Some(h) => {
                let ps: Vec<ChainView> =
                    h.critical_paths.iter().take(PATHS_MAX).map(|p| chain(p)).collect();
                (ps, h.critical_paths.len().saturating_sub(PATHS_MAX))
            }
            None => (Vec::new(), 0),
        };
        let alone: Vec<Link> =
            health.as_ref().map(|h| h.critical_alone.clone()).unwrap_or_default();
        let more_alone = alone.len().saturating_sub(ALONE_MAX);
        let alone: Vec<Link> = alone.into_iter().take(ALONE_MAX).collect();
        let (more_late, more_at_risk) =
            health.as_ref().map_or((0, 0), |h| (h.more_late, h.more_at_risk));
        HandoutView {
            overall,
            overall_label: self.t(overall),
            reasons,
            counts: self.status_counts(),
            health,
            paths,
            more_paths,
            alone,
            more_alone,
            kpis,
            more_kpis,
            more_late,
            more_at_risk,
            top_risks: risks
                .into_iter()
                .filter(|r| matches!(r.status, "open" | "triggered"))
                .take(TOP_RISKS)
                .collect(),
            more_needed: needed.len().saturating_sub(NEEDED_MAX),
            needed: needed.into_iter().take(NEEDED_MAX).collect(),
            gantt: Lazy::new(keys.0, || {
                gantt::render(self.a, &LOOK_AHEAD, &self.ahead_options("handout-gantt"))
            }),
            gantt_pages: Lazy::new(keys.1, || {
                let fit = PrintFit { first_used_mm: GANTT_HEADING_MM, ..PrintFit::default() };
                gantt::render_pages(
                    self.a,
                    &LOOK_AHEAD,
                    &self.ahead_options("handout-gantt-print"),
                    &fit,
                )
            }),
            more_ahead: gantt::task_count(self.a, &LOOK_AHEAD).saturating_sub(AHEAD_MAX),
            fired,
            since,
        }
    }

    /// How the look-ahead Gantt is drawn: cut to the most pressing `AHEAD_MAX` tasks.
    fn ahead_options(&self, id: &str) -> GanttOptions {
        GanttOptions { max_tasks: Some(AHEAD_MAX), ..self.gantt_options(id, "") }
    }

    /// The plan's overall status and the reasons for it. Off track: the forecast finish
    /// passes the due date, or a critical task is late. At risk: anything late, at risk,
    /// an alert active, a metric off track, or a risk triggered. Else on track.
    fn overall(
        &self,
        health: Option<&HealthView>,
        kpis: &[MetricView],
        risks: &[RiskView],
        fired: &[FiredView],
    ) -> (&'static str, Vec<String>) {
        let en = self.locale == Locale::En;
        let mut reasons = Vec::new();
        let mut off = false;
        let mut watch = false;
        if let Some(h) = health {
            if let Some(s) = h.slack {
                if s < 0 {
                    off = true;
                    reasons.push(if en {
                        format!("forecast finish {} workdays after the due date", -s)
                    } else {
                        format!("预计完成晚于截止日期{}个工作日", -s)
                    });
                }
            }
            let late_critical = h.late.iter().filter(|r| r.critical).count();
            if late_critical > 0 {
                off = true;
            }
            if !h.late.is_empty() {
                watch = true;
                reasons.push(if en {
                    format!(
                        "{} late ({late_critical} on the critical path)",
                        plural(h.late.len(), "task")
                    )
                } else {
                    format!("{}个任务延期（关键路径上{late_critical}个）", h.late.len())
                });
            }
            if !h.at_risk.is_empty() {
                watch = true;
                reasons.push(if en {
                    format!("{} at risk", plural(h.at_risk.len(), "task"))
                } else {
                    format!("{}个任务有风险", h.at_risk.len())
                });
            }
        }
        let active = fired.iter().filter(|f| f.active).count();
        if active > 0 {
            watch = true;
            reasons.push(if en {
                format!("{} active", plural(active, "alert"))
            } else {
                format!("{active}个预警未解除")
            });
        }
        let off_kpi = kpis.iter().filter(|k| k.health == "off-track").count();
        if off_kpi > 0 {
            watch = true;
            reasons.push(if en {
                format!("{} off track", plural(off_kpi, "metric"))
            } else {
                format!("{off_kpi}个指标未达标")
            });
        }
        let triggered = risks.iter().filter(|r| r.status == "triggered").count();
        if triggered > 0 {
            watch = true;
            reasons.push(if en {
                format!("{} triggered", plural(triggered, "risk"))
            } else {
                format!("{triggered}个风险已触发")
            });
        }
        let overall = if off {
            "off-track"
        } else if watch {
            "at-risk"
        } else {
            "on-track"
        };
        (overall, reasons)
    }

    /// What the meeting has to decide: blocked tasks, active alerts (run plan B?), triggered
    /// risks (is the response working?), and the open action items of the reviews since the
    /// last one.
    fn needed(&self, risks: &[RiskView], fired: &[FiredView], since: &SinceView) -> Vec<NeedView> {
        let plan = self.plan();
        let mut out = Vec::new();
        for row in self.rows(plan.tasks.values().filter(|t| t.meta.status == Status::Blocked)) {
            out.push(NeedView {
                kind: "blocked",
                label: self.t("blocked"),
                text: self.t("need_unblock"),
                link: Some(row.link.clone()),
                owner: row.owner.clone(),
            });
        }
        for f in fired.iter().filter(|f| f.active) {
            let text = match (&f.then, &f.plan_b) {
                (Some(then), _) => then.clone(),
                (None, Some(p)) => format!("{} {}", self.t("plan_b"), p.title),
                (None, None) => f.rule.clone(),
            };
            let owner = plan
                .metrics
                .values()
                .find(|m| self.link(&m.id).href == f.metric.href)
                .and_then(|m| m.meta.owner.as_deref())
                .and_then(|o| self.person(o));
            out.push(NeedView {
                kind: "alert",
                label: self.t("need_alert"),
                text,
                link: Some(f.metric.clone()),
                owner,
            });
        }
        for r in risks.iter().filter(|r| r.status == "triggered") {
            out.push(NeedView {
                kind: "risk",
                label: self.t("triggered"),
                text: r.response.clone().unwrap_or_else(|| self.t("need_response")),
                link: Some(r.link.clone()),
                owner: r.owner.clone(),
            });
        }
        for review in &since.reviews {
            for a in &review.open_actions {
                out.push(NeedView {
                    kind: "action",
                    label: self.t("need_action"),
                    text: a.clone(),
                    link: Some(review.link.clone()),
                    owner: None,
                });
            }
        }
        out
    }
}

/// A chain shortened to its first and last few tasks when long.
fn chain(p: &[Link]) -> ChainView {
    if p.len() <= CHAIN_MAX {
        return ChainView { head: p.to_vec(), skipped: 0, tail: Vec::new() };
    }
    let keep = CHAIN_MAX / 2 - 1;
    ChainView {
        head: p[..keep].to_vec(),
        skipped: p.len() - 2 * keep,
        tail: p[p.len() - keep..].to_vec(),
    }
}

/// `1 task`, `3 tasks` (English only).
fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
