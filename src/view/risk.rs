//! Views of risks: risk pages, the register and the probability × impact heat map. A risk whose
//! linked metric has an alert active at the status date (or whose plan B an active alert
//! names) shows as triggered, whatever its note says, unless it is closed.

use super::task::StatusCount;
use super::{Link, Views};
use crate::meta::{Level, RiskStatus};
use crate::model::Risk;
use crate::svg::heatmap::{self, HeatDot, HeatLabels};
use serde::Serialize;
use std::fmt::Write as _;

/// Everything a risk page and a register row show.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RiskView {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// Position in the register (and the number on the heat map).
    pub number: usize,
    /// `low`/`medium`/`high`.
    pub probability: &'static str,
    /// `low`/`medium`/`high`.
    pub impact: &'static str,
    /// Localised probability.
    pub probability_label: String,
    /// Localised impact.
    pub impact_label: String,
    /// Probability × impact, 1 to 9.
    pub score: usize,
    /// Owner.
    pub owner: Option<Link>,
    /// Trigger.
    pub trigger: Option<String>,
    /// Plan B.
    pub response: Option<String>,
    /// Status shown: `triggered` when a linked alert is active, else the note's.
    pub status: &'static str,
    /// Localised status.
    pub status_label: String,
    /// The status the note gives.
    pub written_status: &'static str,
    /// The status the note gives, localised.
    pub written_label: String,
    /// Metrics whose active alert triggers the risk.
    pub triggered_by: Vec<Link>,
    /// `triggered by Ad ROI alert`, when an alert triggers it.
    pub triggered_note: Option<String>,
    /// Linked tasks.
    pub tasks: Vec<Link>,
    /// Linked metrics.
    pub metrics: Vec<Link>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// The risks page: the register in order, and the heat map.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegisterView {
    /// Risks: triggered first, then by score, then open before mitigated and closed.
    pub risks: Vec<RiskView>,
    /// The heat map SVG (links relative to the site root).
    pub heatmap: String,
    /// Counts by shown status, in order open, triggered, mitigated, closed.
    pub counts: Vec<StatusCount>,
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

fn rank(l: Level) -> usize {
    match l {
        Level::Low => 0,
        Level::Medium => 1,
        Level::High => 2,
    }
}

fn status_name(s: RiskStatus) -> &'static str {
    match s {
        RiskStatus::Open => "open",
        RiskStatus::Triggered => "triggered",
        RiskStatus::Mitigated => "mitigated",
        RiskStatus::Closed => "closed",
    }
}

impl Views<'_> {
    /// Metrics with an alert active now that point at risk `r`: a metric the risk lists, or an
    /// alert whose plan B is the risk.
    fn triggering(&self, r: &Risk) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        for (id, rep) in &self.a.metrics {
            let hit = rep.alerts.iter().any(|f| {
                f.active
                    && (r.meta.metrics.contains(id) || f.plan_b.as_deref() == Some(r.id.as_str()))
            });
            if hit && self.plan().metrics.contains_key(id) {
                out.push(self.link(id));
            }
        }
        out
    }

    /// Everything a risk page shows (numbered as in the register).
    pub(crate) fn risk(&self, r: &Risk) -> RiskView {
        // The register's numbers are worked out once: every risk page needs the whole order.
        let numbers = self.caches.risk_numbers.get_or_init(|| {
            self.risk_order().into_iter().enumerate().map(|(i, id)| (id, i + 1)).collect()
        });
        self.risk_view(r, numbers.get(&r.id).copied().unwrap_or(0))
    }

    fn risk_view(&self, r: &Risk, number: usize) -> RiskView {
        let written = status_name(r.meta.status);
        let triggered_by =
            if r.meta.status == RiskStatus::Closed { Vec::new() } else { self.triggering(r) };
        let status = if triggered_by.is_empty() { written } else { "triggered" };
        let triggered_note = (!triggered_by.is_empty()).then(|| {
            let names: Vec<&str> = triggered_by.iter().map(|l| l.title.as_str()).collect();
            match self.locale {
                crate::meta::Locale::En => {
                    let s = if names.len() > 1 { "alerts" } else { "alert" };
                    format!("triggered by {} {s}", names.join(", "))
                }
                crate::meta::Locale::ZhCn => format!("由{}预警触发", names.join("、")),
            }
        });
        RiskView {
            id: r.id.clone(),
            link: self.link(&r.id),
            number,
            probability: level(r.meta.probability),
            impact: level(r.meta.impact),
            probability_label: self.t(level(r.meta.probability)),
            impact_label: self.t(level(r.meta.impact)),
            score: (rank(r.meta.probability) + 1) * (rank(r.meta.impact) + 1),
            owner: r.meta.owner.as_deref().and_then(|o| self.person(o)),
            trigger: r.meta.trigger.clone(),
            response: r.meta.response.clone(),
            status,
            status_label: self.t(status),
            written_status: written,
            written_label: self.t(written),
            triggered_by,
            triggered_note,
            tasks: self.links(&r.meta.tasks),
            metrics: self.links(&r.meta.metrics),
            body_html: r.source.body_html.clone(),
            path: r.source.path.clone(),
        }
    }

    /// Risk ids in register order: triggered first, then by score (high first), then open
    /// before mitigated before closed, then id.
    fn risk_order(&self) -> Vec<String> {
        let mut keyed: Vec<((bool, usize, usize), &Risk)> = self
            .plan()
            .risks
            .values()
            .map(|r| {
                let triggered = r.meta.status == RiskStatus::Triggered
                    || (r.meta.status != RiskStatus::Closed && !self.triggering(r).is_empty());
                let score = (rank(r.meta.probability) + 1) * (rank(r.meta.impact) + 1);
                let settled = match r.meta.status {
                    RiskStatus::Open | RiskStatus::Triggered => 0,
                    RiskStatus::Mitigated => 1,
                    RiskStatus::Closed => 2,
                };
                ((!triggered, settled, 9 - score), r)
            })
            .collect();
        keyed.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        keyed.into_iter().map(|(_, r)| r.id.clone()).collect()
    }

    /// Every risk in register order, numbered from 1.
    pub(crate) fn risks(&self) -> Vec<RiskView> {
        self.risk_order()
            .iter()
            .enumerate()
            .map(|(i, id)| self.risk_view(&self.plan().risks[id], i + 1))
            .collect()
    }

    /// The register and the heat map for the risks page at the site root.
    pub(crate) fn register(&self) -> RegisterView {
        let risks = self.risks();
        let heatmap = self.heatmap(&risks, "risk-map", "");
        let counts = ["open", "triggered", "mitigated", "closed"]
            .iter()
            .map(|s| StatusCount {
                status: s,
                label: self.t(s),
                count: risks.iter().filter(|r| r.status == *s).count(),
            })
            .collect();
        RegisterView { risks, heatmap, counts }
    }

    /// The heat map of `risks` with links prefixed by `root`.
    pub(crate) fn heatmap(&self, risks: &[RiskView], id: &str, root: &str) -> String {
        let hrefs: Vec<String> = risks.iter().map(|r| format!("{root}{}", r.link.href)).collect();
        let tips: Vec<String> = risks
            .iter()
            .map(|r| {
                let mut tip = format!(
                    "{}. {}\n{}: {} · {}: {} · {}",
                    r.number,
                    r.link.title,
                    self.t("probability"),
                    r.probability_label,
                    self.t("impact"),
                    r.impact_label,
                    r.status_label
                );
                if let Some(n) = &r.triggered_note {
                    let _ = write!(tip, " ({n})");
                }
                if let Some(o) = &r.owner {
                    let _ = write!(tip, "\n{}: {}", self.t("owner"), o.title);
                }
                tip
            })
            .collect();
        let dots: Vec<HeatDot<'_>> = risks
            .iter()
            .zip(&hrefs)
            .zip(&tips)
            .map(|((r, href), tip)| HeatDot {
                number: r.number,
                title: &r.link.title,
                href,
                probability: ["low", "medium", "high"]
                    .iter()
                    .position(|l| *l == r.probability)
                    .unwrap_or(1),
                impact: ["low", "medium", "high"].iter().position(|l| *l == r.impact).unwrap_or(1),
                status: r.status,
                tooltip: tip,
            })
            .collect();
        let title = self.t("heat_map");
        let probability = self.t("probability");
        let impact = self.t("impact");
        let (low, medium, high) = (self.t("low"), self.t("medium"), self.t("high"));
        let more = self.t("n_more");
        let labels = HeatLabels {
            title: &title,
            probability: &probability,
            impact: &impact,
            levels: [&low, &medium, &high],
            more: &more,
            more_href: "#register",
        };
        heatmap::render(id, &dots, &labels)
    }
}
