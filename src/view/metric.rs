//! Views of metrics: KPI cards, metric pages with charts, and the alerts that fired.

use super::{Link, Views};
use crate::i18n;
use crate::meta::{Better, Granularity};
use crate::metrics::{Firing, MetricReport};
use crate::model::Metric;
use crate::svg::trend::{self, TrendOptions};
use crate::values::Stamp;
use serde::Serialize;

/// One data row or annotation of a metric.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SampleRow {
    /// Date or date-time, localised.
    pub date: String,
    /// Date or date-time, ISO (`2026-11-24`, `2026-11-24T14:00`).
    pub iso: String,
    /// Formatted value, empty for a gap.
    pub value: String,
    /// Note.
    pub note: Option<String>,
}

/// An alert rule as written.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertView {
    /// The rule in words, e.g. `below 3.00× for 2 days in a row`.
    pub rule: String,
    /// The response.
    pub then: Option<String>,
    /// Plan B.
    pub plan_b: Option<Link>,
}

/// An alert that fired: when, how bad, and what to do.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FiredView {
    /// The metric.
    pub metric: Link,
    /// When it fired (and until when it lasted).
    pub when: String,
    /// Value when it fired, formatted.
    pub value: String,
    /// Worst value of the episode, formatted.
    pub worst: String,
    /// The rule in words.
    pub rule: String,
    /// Still breaching at the latest data point.
    pub active: bool,
    /// The response.
    pub then: Option<String>,
    /// Plan B.
    pub plan_b: Option<Link>,
    /// Sort key (ISO time it fired).
    #[serde(skip)]
    pub at: Stamp,
}

/// Everything a metric card, list row or page shows; its charts are SVG text (`C = String`), or
/// on a metric's own page, charts drawn only if the page is rendered (`view::Lazy`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MetricView<C = String, S = Vec<SampleRow>> {
    /// Id.
    pub id: String,
    /// Link to its page.
    pub link: Link,
    /// The definition (caliber).
    pub definition: Option<String>,
    /// Unit as written.
    pub unit: Option<String>,
    /// Localised granularity.
    pub granularity: String,
    /// Localised direction.
    pub better: String,
    /// Owner.
    pub owner: Option<Link>,
    /// Source of the number.
    pub source: Option<String>,
    /// Baseline, formatted.
    pub baseline: Option<String>,
    /// Target, formatted (one value or checkpoints).
    pub target: Option<String>,
    /// Target in force at the status date, formatted.
    pub target_now: Option<String>,
    /// Latest value, formatted.
    pub latest: Option<String>,
    /// Date of the latest value, localised.
    pub latest_date: Option<String>,
    /// `on-track`, `at-risk`, `off-track` or `no-data`.
    pub health: &'static str,
    /// Localised health.
    pub health_label: String,
    /// Actual vs target in percent (100 = on target), for the attainment bar.
    pub attainment: Option<u32>,
    /// Gap to target, signed so that `+` is good, formatted.
    pub gap: Option<String>,
    /// Whether the gap is on the good side.
    pub gap_good: Option<bool>,
    /// Change vs the previous period, formatted (`+4.2%`).
    pub change: Option<String>,
    /// `up`, `down` or `flat`.
    pub trend: &'static str,
    /// Whether the change is good by the metric's direction.
    pub change_good: Option<bool>,
    /// Where the current trend leads, in words.
    pub projection: Option<String>,
    /// Whether the trend reaches the target.
    pub reachable: Option<bool>,
    /// Alert rules.
    pub alerts: Vec<AlertView>,
    /// Alerts that fired, newest first.
    pub fired: Vec<FiredView>,
    /// Numbered annotations (numbers match the chart's markers).
    pub annotations: Vec<SampleRow>,
    /// Data, newest first (metric page only).
    pub samples: S,
    /// Goals measured by this metric.
    pub goals: Vec<Link>,
    /// Tasks that move it.
    pub tasks: Vec<Link>,
    /// Sparkline SVG for cards.
    pub spark: C,
    /// Line chart SVG (metric page only).
    pub chart: Option<C>,
    /// Weekly (or daily) bars SVG (metric page only).
    pub bars: Option<C>,
    /// Safe body HTML.
    pub body_html: String,
    /// Source file.
    pub path: String,
}

/// Makes one chart (or the data table) of a metric.
type Make<'a, T> = Box<dyn Fn() -> T + 'a>;

/// A localised date in `locale`, with the time when the stamp has one.
fn stamp_in(locale: crate::meta::Locale, s: Stamp) -> String {
    let t = s.0;
    let day = i18n::date(locale, t.date());
    if t.time() == chrono::NaiveTime::MIN { day } else { format!("{day} {}", t.format("%H:%M")) }
}

impl<'a> Views<'a> {
    /// The metric's computed report at the status date.
    pub(super) fn report(&self, id: &str) -> Option<&'a MetricReport> {
        self.a.metrics.get(id)
    }

    /// A localised date, with the time when the stamp has one.
    pub(super) fn stamp(&self, s: Stamp) -> String {
        stamp_in(self.locale, s)
    }

    /// A metric for cards and lists: numbers, health and a sparkline, no big charts.
    pub(crate) fn metric(&self, m: &'a Metric) -> MetricView {
        self.metric_view(m, false, |_, draw| draw(), |_| Vec::new())
    }

    /// A metric for its own page: everything, with the line chart and bars, each drawn only
    /// for a render and keyed by `key` of its name (`spark`, `chart`, `bars`).
    pub(crate) fn metric_page(
        &self,
        m: &'a Metric,
        key: impl Fn(&str) -> Option<u128>,
    ) -> MetricView<super::Lazy<'a, String>, super::Lazy<'a, Vec<SampleRow>>> {
        self.metric_view(
            m,
            true,
            |what, draw| super::Lazy::new(key(what), draw),
            |rows| super::Lazy::new(key("data"), rows),
        )
    }

    fn metric_view<C, S>(
        &self,
        m: &'a Metric,
        charts: bool,
        chart: impl Fn(&str, Make<'a, String>) -> C,
        table: impl FnOnce(Make<'a, Vec<SampleRow>>) -> S,
    ) -> MetricView<C, S> {
        let meta = &m.meta;
        let unit = meta.unit.as_deref();
        let fmt = |v: f64| i18n::value(v, unit);
        let r = self.report(&m.id);
        let target = meta.target.as_ref().map(|t| match t {
            crate::meta::Target::Value(v) => fmt(*v),
            crate::meta::Target::Checkpoints(cs) => cs
                .iter()
                .map(|c| format!("{} {}", fmt(c.value), i18n::short_date(self.locale, c.date.0)))
                .collect::<Vec<_>>()
                .join(" · "),
        });
        let alerts = meta
            .alerts
            .iter()
            .enumerate()
            .map(|(i, a)| AlertView {
                rule: r
                    .and_then(|r| r.alerts.iter().find(|f| f.alert == i))
                    .map_or_else(|| rule_words(a, meta, self.locale), |f| f.text.clone()),
                then: a.then.clone(),
                plan_b: a
                    .plan_b
                    .as_deref()
                    .filter(|p| self.plan().kind_of(p).is_some())
                    .map(|p| self.link(p)),
            })
            .collect();
        let (change, trend, change_good) = match r.and_then(|r| r.change.as_ref()) {
            Some(c) => {
                let text = match c.pct {
                    Some(p) => {
                        format!("{}{}%", if p > 0.0 { "+" } else { "" }, i18n::grouped(p, 1))
                    }
                    None => format!("{}{}", if c.abs > 0.0 { "+" } else { "" }, fmt(c.abs)),
                };
                let trend = if c.abs > 0.0 {
                    "up"
                } else if c.abs < 0.0 {
                    "down"
                } else {
                    "flat"
                };
                (Some(text), trend, c.good)
            }
            None => (None, "flat", None),
        };
        let gap = r.and_then(|r| r.gap).map(|g| {
            let sign = if g > 0.0 { "+" } else { "" };
            format!("{sign}{}", fmt(g))
        });
        let projection = r.and_then(|r| r.projection.as_ref()).map(|p| {
            let date = i18n::date(self.locale, p.date);
            let value = fmt(p.value);
            match self.locale {
                crate::meta::Locale::En => format!("On the current trend: {value} by {date}"),
                crate::meta::Locale::ZhCn => format!("按当前趋势，{date}将达到 {value}"),
            }
        });
        let (locale, as_of) = (self.locale, self.a.as_of);
        let spark_id = format!("spark-{}", m.id);
        let spark = chart(
            "spark",
            Box::new(move || {
                let opts = TrendOptions::sparkline(&spark_id, locale, as_of);
                r.map(|r| trend::sparkline(r, meta, &opts)).unwrap_or_default()
            }),
        );
        let (chart, bars) = match r {
            Some(r) if charts => {
                let (line_id, bars_id) = (format!("trend-{}", m.id), format!("bars-{}", m.id));
                let line = move || {
                    trend::line_chart(r, meta, &TrendOptions::line(&line_id, locale, as_of))
                };
                let bars = move || {
                    trend::week_bars(r, meta, &TrendOptions::bars(&bars_id, locale, as_of), 12)
                };
                (Some(chart("chart", Box::new(line))), Some(chart("bars", Box::new(bars))))
            }
            _ => (None, None),
        };
        let health = r.map_or(crate::metrics::Health::NoData, |r| r.health);
        MetricView {
            id: m.id.clone(),
            link: self.link(&m.id),
            definition: meta.definition.clone(),
            unit: meta.unit.clone(),
            granularity: self.t(match meta.granularity {
                Granularity::Hour => "per_hour",
                Granularity::Day => "per_day",
                Granularity::Week => "per_week_g",
                Granularity::Month => "per_month",
            }),
            better: self.t(match meta.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
            }),
            owner: meta.owner.as_deref().and_then(|o| self.person(o)),
            source: meta.source.clone(),
            baseline: meta.baseline.map(fmt),
            target,
            target_now: r.and_then(|r| r.target).map(fmt),
            latest: r.and_then(|r| r.latest.as_ref()).map(|l| fmt(l.value)),
            latest_date: r.and_then(|r| r.latest.as_ref()).map(|l| self.stamp(l.at)),
            health: health.name(),
            health_label: self.t(health.name()),
            attainment: r
                .and_then(|r| r.attainment)
                .map(|a| (a * 100.0).round().clamp(0.0, 999.0) as u32),
            gap,
            gap_good: r.and_then(|r| r.gap).map(|g| g >= 0.0),
            change,
            trend,
            change_good,
            projection,
            reachable: r.and_then(|r| r.projection.as_ref()).and_then(|p| p.reachable),
            alerts,
            fired: r.map(|r| self.fired(m, r)).unwrap_or_default(),
            annotations: trend::numbered_annotations(meta)
                .into_iter()
                .map(|(at, note)| SampleRow {
                    date: self.stamp(Stamp(at)),
                    iso: crate::values::format_stamp(at),
                    value: String::new(),
                    note: Some(note.to_string()),
                })
                .collect(),
            samples: table(Box::new(move || {
                (m.samples.iter().rev())
                    .map(|s| SampleRow {
                        date: stamp_in(locale, s.at),
                        iso: crate::values::format_stamp(s.at.0),
                        value: s.value.map(|v| i18n::value(v, unit)).unwrap_or_default(),
                        note: s.note.clone(),
                    })
                    .collect()
            })),
            goals: self
                .plan()
                .goals
                .values()
                .filter(|g| g.meta.metric.as_deref() == Some(&m.id))
                .map(|g| self.link(&g.id))
                .collect(),
            tasks: self.movers(&m.id).iter().map(|t| self.link(t)).collect(),
            spark,
            chart,
            bars,
            body_html: m.source.body_html.clone(),
            path: m.source.path.clone(),
        }
    }

    /// The alerts that fired for one metric, newest first.
    fn fired(&self, m: &Metric, r: &MetricReport) -> Vec<FiredView> {
        let fmt = |v: f64| i18n::value(v, m.meta.unit.as_deref());
        let mut out: Vec<FiredView> = r
            .alerts
            .iter()
            .map(|f: &Firing| FiredView {
                metric: self.link(&m.id),
                when: if f.to == f.at {
                    self.stamp(f.at)
                } else {
                    format!("{} – {}", self.stamp(f.at), self.stamp(f.to))
                },
                value: fmt(f.value),
                worst: fmt(f.worst),
                rule: f.text.clone(),
                active: f.active,
                then: f.then.clone(),
                plan_b: f
                    .plan_b
                    .as_deref()
                    .filter(|p| self.plan().kind_of(p).is_some())
                    .map(|p| self.link(p)),
                at: f.at,
            })
            .collect();
        out.sort_by_key(|f| std::cmp::Reverse((f.active, f.at)));
        out
    }

    /// Every alert that fired in the plan, active ones first, then newest first.
    pub(crate) fn all_fired(&self) -> Vec<FiredView> {
        let mut out: Vec<FiredView> = self
            .plan()
            .metrics
            .values()
            .filter_map(|m| self.report(&m.id).map(|r| self.fired(m, r)))
            .flatten()
            .collect();
        out.sort_by(|a, b| (b.active, b.at, &a.metric.href).cmp(&(a.active, a.at, &b.metric.href)));
        out
    }
}

/// A rule in words when it has not fired (the report only describes fired ones).
fn rule_words(
    a: &crate::meta::AlertMeta,
    meta: &crate::meta::MetricMeta,
    locale: crate::meta::Locale,
) -> String {
    use crate::metrics::Rule;
    let (rule, threshold) = match (a.below, a.above, a.drop, a.rise) {
        (Some(v), ..) => (Rule::Below, v),
        (_, Some(v), ..) => (Rule::Above, v),
        (_, _, Some(p), _) => (Rule::Drop, p),
        (_, _, _, Some(p)) => (Rule::Rise, p),
        _ => return String::new(),
    };
    crate::metrics::describe(
        rule,
        threshold,
        a.sustained.map_or(1, |n| n.periods(meta.granularity)),
        meta,
        locale,
    )
}
