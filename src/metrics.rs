//! Metric computation at the status date: the series by period, change, week and month
//! aggregates, target and attainment, moving average, projection, alerts and a status.
//!
//! Conventions (also in README's format reference):
//! - A *period* is one unit of the metric's granularity (hour, day, ISO week, month). Samples
//!   that fall into the same period combine by the metric's `aggregate`. Only data dated on or
//!   before the as-of date counts (hourly data: up to the end of that day).
//! - A period without a value is a gap. Gaps stay gaps: charts break the line, alerts never
//!   count a gap as a breach, and a gap ends a run of `for:` periods.
//! - Targets with checkpoints are *stepped*: a checkpoint is the target from its date until the
//!   next checkpoint. Before the first checkpoint no target is in force (the next one is
//!   reported). Interpolating would invent targets nobody set (a Black Friday checkpoint is a
//!   spike, not a ramp).
//! - Attainment is a ratio where 1.0 means on target and more is better: actual / target when
//!   higher is better, target / actual when lower is better. It is defined only for a positive
//!   target (and, when lower is better, a positive actual). The gap is signed so positive is good.

use crate::meta::{AlertMeta, Better, Granularity, Locale, MetricMeta, Target};
use crate::model::{Metric, Plan, Sample};
use crate::values::Stamp;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::Serialize;
use std::collections::BTreeMap;

/// Periods in the moving average.
pub const MOVING_AVERAGE_PERIODS: i64 = 7;
/// Periods a projection is fitted to: the last week for daily and hourly data (a whole week, so
/// weekday and time-of-day swings cancel out), else the last 7 periods.
pub fn projection_window(g: Granularity) -> i64 {
    match g {
        Granularity::Hour => 7 * 24,
        Granularity::Day | Granularity::Week | Granularity::Month => 7,
    }
}
/// Attainment below this is off track (between it and 1.0: at risk).
pub const OFF_TRACK_BELOW: f64 = 0.9;

/// One period of a metric's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// Start of the period.
    pub at: Stamp,
    /// Period number at the metric's granularity (consecutive periods differ by one).
    #[serde(skip)]
    pub index: i64,
    /// The value, or `None` for a gap written as an empty cell.
    pub value: Option<f64>,
    /// Notes of the samples in this period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A value at a time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reading {
    /// Start of the period.
    pub at: Stamp,
    /// The value.
    pub value: f64,
}

/// Change of the latest value vs the value before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The earlier value it is compared with (the previous period, or the last one with data).
    pub previous: Reading,
    /// Latest minus previous.
    pub abs: f64,
    /// Relative change in percent (`None` when the previous value is zero).
    pub pct: Option<f64>,
    /// Whether the move is in the good direction (`None` when flat).
    pub good: Option<bool>,
}

/// A target value and the date it holds from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetStep {
    /// The checkpoint's date; `None` for a single target that always holds.
    pub date: Option<NaiveDate>,
    /// The target.
    pub value: f64,
}

impl TargetStep {
    /// The first day the step holds.
    pub fn from(&self) -> NaiveDate {
        self.date.unwrap_or(NaiveDate::MIN)
    }
}

/// A week or month (or, for hourly metrics, day) aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// First day of the bucket (a Monday for weeks).
    pub start: NaiveDate,
    /// The aggregate (`sum`, `mean` or `last`) of the values in it.
    pub value: f64,
    /// How many periods had a value.
    pub count: usize,
    /// The bucket ends after the as-of date, so it is not complete yet.
    pub partial: bool,
}

/// A straight-line (least-squares) projection of the recent trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    /// Change per period of the fitted line.
    pub slope: f64,
    /// Fitted value at the first data point of the window.
    pub start: Reading,
    /// Fitted value at the latest data point.
    pub from: Reading,
    /// The date projected to (last checkpoint, else the plan's due date).
    pub date: NaiveDate,
    /// Fitted value on that date.
    pub value: f64,
    /// Target in force on that date.
    pub target: Option<f64>,
    /// Whether the trend meets that target by then.
    pub reachable: Option<bool>,
    /// When the trend crosses that target, if it moves towards it.
    pub reaches_on: Option<Stamp>,
    /// Points the line was fitted to.
    pub points: usize,
}

/// The kind of alert rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Value below a threshold.
    Below,
    /// Value above a threshold.
    Above,
    /// Drop of at least a percent vs the previous period.
    Drop,
    /// Rise of at least a percent vs the previous period.
    Rise,
}

/// One episode in which an alert rule fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Firing {
    /// Position of the rule in the metric's `alerts` list.
    pub alert: usize,
    /// Kind of rule.
    pub rule: Rule,
    /// Threshold (a value, or a percent for drop/rise).
    pub threshold: f64,
    /// Consecutive periods required (`for:`, default 1).
    pub periods: u32,
    /// The rule in words, in the plan's language.
    pub text: String,
    /// First period of the breach.
    pub from: Stamp,
    /// The period in which the rule fired (after `periods` consecutive breaches).
    pub at: Stamp,
    /// Last breaching period of this episode.
    pub to: Stamp,
    /// Value when it fired.
    pub value: f64,
    /// Worst value of the episode (by the metric's direction).
    pub worst: f64,
    /// Still breaching at the latest data point.
    pub active: bool,
    /// The response (`then:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<String>,
    /// Plan B task or risk id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_b: Option<String>,
}

/// A metric's health at the status date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    /// Meets its target, no alert active.
    OnTrack,
    /// Slightly short of target, an alert building up, or a trend that misses the target.
    AtRisk,
    /// Well short of target, or an alert active.
    OffTrack,
    /// No data yet.
    NoData,
}

impl Health {
    /// The name used in CSS classes and `plan.json`.
    pub fn name(self) -> &'static str {
        match self {
            Health::OnTrack => "on-track",
            Health::AtRisk => "at-risk",
            Health::OffTrack => "off-track",
            Health::NoData => "no-data",
        }
    }
}

/// Everything computed for one metric at the status date.
#[derive(Debug, Clone, Serialize)]
pub struct MetricReport {
    /// Metric id.
    pub id: String,
    /// Periods with data or an explicit gap, in time order, up to the as-of date.
    #[serde(skip)]
    pub series: Vec<Period>,
    /// Latest value.
    pub latest: Option<Reading>,
    /// The value held against the target: the latest, or for hourly metrics the mean of the
    /// last 24 hours (one hour swings with the time of day).
    pub current: Option<f64>,
    /// Change vs the value before the latest.
    pub change: Option<Change>,
    /// Week aggregates (ISO weeks; empty for monthly metrics).
    pub weeks: Vec<Bucket>,
    /// Month aggregates.
    pub months: Vec<Bucket>,
    /// Day aggregates (hourly metrics only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Bucket>,
    /// Baseline.
    pub baseline: Option<f64>,
    /// Target in force at the as-of date.
    pub target: Option<f64>,
    /// The next checkpoint after the as-of date.
    pub next_target: Option<TargetStep>,
    /// Target steps for the chart: each value holds from its date to the next.
    pub target_steps: Vec<TargetStep>,
    /// Latest vs target as a ratio, 1.0 = on target, more is better.
    pub attainment: Option<f64>,
    /// Latest minus target, signed so positive is good.
    pub gap: Option<f64>,
    /// Gap in percent of the target.
    pub gap_pct: Option<f64>,
    /// Trailing 7-period mean at each period with data (needs 4 values in the window).
    #[serde(skip)]
    pub moving_average: Vec<Reading>,
    /// Straight-line projection of the recent trend.
    pub projection: Option<Projection>,
    /// Every episode in which an alert fired, in time order.
    pub alerts: Vec<Firing>,
    /// Alert rules whose condition holds at the latest point but not yet for enough periods.
    pub pending: Vec<usize>,
    /// Health at the status date.
    pub health: Health,
}

/// Evaluates every metric of `plan` with data up to `as_of`.
pub fn evaluate(plan: &Plan, as_of: NaiveDate) -> BTreeMap<String, MetricReport> {
    use rayon::prelude::*;
    let locale = plan.plan.meta.locale;
    let due = plan.plan.meta.due.map(|d| d.0);
    let metrics: Vec<_> = plan.metrics.values().collect();
    // Each metric on any core.
    metrics.into_par_iter().map(|m| (m.id.clone(), report(m, as_of, due, locale))).collect()
}

/// Evaluates one metric; `due` is the plan's due date.
pub fn report(
    m: &Metric,
    as_of: NaiveDate,
    due: Option<NaiveDate>,
    locale: Locale,
) -> MetricReport {
    let meta = &m.meta;
    let g = meta.granularity;
    let series = periods(&m.samples, meta, as_of);
    let present: Vec<(i64, Reading)> = series
        .iter()
        .filter_map(|p| p.value.map(|v| (p.index, Reading { at: p.at, value: v })))
        .collect();
    let latest = present.last().map(|x| x.1);
    let change = match present.as_slice() {
        [.., (_, prev), (_, last)] => {
            let abs = last.value - prev.value;
            let pct = (prev.value != 0.0).then(|| abs / prev.value.abs() * 100.0);
            let good = (abs != 0.0).then_some((abs > 0.0) == (meta.better == Better::Higher));
            Some(Change { previous: *prev, abs, pct, good })
        }
        _ => None,
    };
    let target_steps = steps(meta.target.as_ref());
    let target = target_at(&target_steps, as_of);
    let next_target = target_steps.iter().find(|s| s.from() > as_of).copied();
    let current = current_value(&present, g);
    let (attainment, gap, gap_pct) = match (current, target) {
        (Some(c), Some(t)) => {
            let gap = signed_gap(meta.better, c, t);
            (attainment(meta.better, c, t), Some(gap), (t != 0.0).then(|| gap / t.abs() * 100.0))
        }
        _ => (None, None, None),
    };
    let mut alerts = Vec::new();
    let mut pending = Vec::new();
    for (i, a) in meta.alerts.iter().enumerate() {
        let (fired, holding) = evaluate_alert(i, a, &series, meta, locale);
        if holding && !fired.last().is_some_and(|f| f.active) {
            pending.push(i);
        }
        alerts.extend(fired);
    }
    alerts.sort_by(|a, b| a.at.cmp(&b.at).then(a.alert.cmp(&b.alert)));
    let end = target_steps
        .last()
        .and_then(|c| c.date)
        .filter(|d| *d > as_of)
        .or(due.filter(|d| *d > as_of));
    let projection = end.and_then(|d| project(&present, g, d, &target_steps, meta.better));
    let health = if latest.is_none() {
        Health::NoData
    } else if alerts.iter().any(|f| f.active) || attainment.is_some_and(|a| a < OFF_TRACK_BELOW) {
        Health::OffTrack
    } else if !pending.is_empty()
        || attainment.is_some_and(|a| a < 1.0)
        || projection.as_ref().is_some_and(|p| p.reachable == Some(false))
    {
        Health::AtRisk
    } else {
        Health::OnTrack
    };
    MetricReport {
        id: m.id.clone(),
        moving_average: moving_average(&present),
        weeks: if g == Granularity::Month {
            Vec::new()
        } else {
            buckets(&series, meta, as_of, Span::Week)
        },
        months: buckets(&series, meta, as_of, Span::Month),
        days: if g == Granularity::Hour {
            buckets(&series, meta, as_of, Span::Day)
        } else {
            Vec::new()
        },
        series,
        latest,
        current,
        change,
        baseline: meta.baseline,
        target,
        next_target,
        target_steps,
        attainment,
        gap,
        gap_pct,
        projection,
        alerts,
        pending,
        health,
    }
}

/// The value compared with the target (see [`MetricReport::current`]).
fn current_value(present: &[(i64, Reading)], g: Granularity) -> Option<f64> {
    let (last, r) = present.last()?;
    if g != Granularity::Hour {
        return Some(r.value);
    }
    let day = &present[present.partition_point(|p| p.0 <= last - 24)..];
    Some(day.iter().map(|p| p.1.value).sum::<f64>() / day.len() as f64)
}

/// The period number of `t` at granularity `g`.
pub fn period_index(g: Granularity, t: NaiveDateTime) -> i64 {
    let days = i64::from(t.date().num_days_from_ce());
    match g {
        Granularity::Hour => t.and_utc().timestamp().div_euclid(3600),
        Granularity::Day => days,
        // 0001-01-01 (day 1) is a Monday, so weeks start on Mondays as ISO weeks do.
        Granularity::Week => (days - 1).div_euclid(7),
        Granularity::Month => i64::from(t.year()) * 12 + i64::from(t.month0()),
    }
}

/// The start of period `i` at granularity `g`.
pub fn period_start(g: Granularity, i: i64) -> NaiveDateTime {
    let date = |d: i64| {
        i32::try_from(d)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or(NaiveDate::MIN)
            .and_time(NaiveTime::MIN)
    };
    match g {
        Granularity::Hour => DateTime::from_timestamp(i.saturating_mul(3600), 0)
            .map_or(NaiveDateTime::MIN, |t| t.naive_utc()),
        Granularity::Day => date(i),
        Granularity::Week => date(i.saturating_mul(7) + 1),
        Granularity::Month => i32::try_from(i.div_euclid(12))
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, i.rem_euclid(12) as u32 + 1, 1))
            .unwrap_or(NaiveDate::MIN)
            .and_time(NaiveTime::MIN),
    }
}

/// The end of the as-of day (`None` on the last day of the calendar: everything counts).
fn cutoff(as_of: NaiveDate) -> Option<NaiveDateTime> {
    as_of.succ_opt().map(|d| d.and_time(NaiveTime::MIN))
}

/// Groups samples into periods (up to `as_of`), combining several samples of one period.
fn periods(samples: &[Sample], meta: &MetricMeta, as_of: NaiveDate) -> Vec<Period> {
    let g = meta.granularity;
    let end = cutoff(as_of);
    let mut out: Vec<Period> = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    let flush = |out: &mut Vec<Period>, values: &mut Vec<f64>| {
        if let Some(p) = out.last_mut() {
            p.value = combine(meta.aggregate, values);
        }
        values.clear();
    };
    for s in samples.iter().take_while(|s| end.is_none_or(|end| s.at.0 < end)) {
        let index = period_index(g, s.at.0);
        if out.last().is_none_or(|p| p.index != index) {
            flush(&mut out, &mut values);
            out.push(Period { at: Stamp(period_start(g, index)), index, value: None, note: None });
        }
        values.extend(s.value);
        if let Some(n) = &s.note {
            let p = out.last_mut().expect("pushed above");
            match &mut p.note {
                Some(have) => {
                    have.push_str("; ");
                    have.push_str(n);
                }
                None => p.note = Some(n.clone()),
            }
        }
    }
    flush(&mut out, &mut values);
    out
}

/// Combines values by `aggregate`; `None` when there are none.
fn combine(aggregate: crate::meta::Aggregate, values: &[f64]) -> Option<f64> {
    use crate::meta::Aggregate;
    let last = *values.last()?;
    Some(match aggregate {
        Aggregate::Sum => values.iter().sum(),
        Aggregate::Mean => values.iter().sum::<f64>() / values.len() as f64,
        Aggregate::Last => last,
    })
}

#[derive(Clone, Copy)]
enum Span {
    Day,
    Week,
    Month,
}

/// Aggregates the series into days, ISO weeks or months.
fn buckets(series: &[Period], meta: &MetricMeta, as_of: NaiveDate, span: Span) -> Vec<Bucket> {
    let key = |d: NaiveDate| match span {
        Span::Day => d,
        Span::Week => d - TimeDelta::days(i64::from(d.weekday().num_days_from_monday())),
        Span::Month => d.with_day(1).unwrap_or(d),
    };
    let last_day = |start: NaiveDate| match span {
        Span::Day => start,
        Span::Week => start + TimeDelta::days(6),
        Span::Month => start
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start),
    };
    let mut out = Vec::new();
    let mut current: Option<NaiveDate> = None;
    let mut values = Vec::new();
    let mut flush = |start: Option<NaiveDate>, values: &mut Vec<f64>| {
        if let (Some(start), Some(value)) = (start, combine(meta.aggregate, values)) {
            out.push(Bucket {
                start,
                value,
                count: values.len(),
                partial: last_day(start) > as_of,
            });
        }
        values.clear();
    };
    for p in series {
        let k = key(p.at.0.date());
        if current != Some(k) {
            flush(current, &mut values);
            current = Some(k);
        }
        values.extend(p.value);
    }
    flush(current, &mut values);
    out
}

/// Checkpoints (or the single value, from the beginning of time) sorted by date.
pub fn steps(target: Option<&Target>) -> Vec<TargetStep> {
    match target {
        None => Vec::new(),
        Some(Target::Value(v)) => vec![TargetStep { date: None, value: *v }],
        Some(Target::Checkpoints(cs)) => {
            let mut s: Vec<_> =
                cs.iter().map(|c| TargetStep { date: Some(c.date.0), value: c.value }).collect();
            s.sort_by_key(|c| c.date);
            s
        }
    }
}

/// The target in force on `d`: the last step on or before it.
pub fn target_at(steps: &[TargetStep], d: NaiveDate) -> Option<f64> {
    steps.iter().take_while(|s| s.from() <= d).last().map(|s| s.value)
}

/// Actual vs target as a ratio, 1.0 = on target, more is better (see the module docs).
pub fn attainment(better: Better, actual: f64, target: f64) -> Option<f64> {
    match better {
        Better::Higher if target > 0.0 => Some(actual / target),
        Better::Lower if target > 0.0 && actual > 0.0 => Some(target / actual),
        _ => None,
    }
}

/// Actual minus target, signed so that positive is good.
pub fn signed_gap(better: Better, actual: f64, target: f64) -> f64 {
    match better {
        Better::Higher => actual - target,
        Better::Lower => target - actual,
    }
}

/// Whether `v` is at least as good as `target`.
fn meets(better: Better, v: f64, target: f64) -> bool {
    match better {
        Better::Higher => v >= target,
        Better::Lower => v <= target,
    }
}

/// Trailing mean over the last 7 periods, at each period with data, when 4 of them have data.
fn moving_average(present: &[(i64, Reading)]) -> Vec<Reading> {
    let mut out = Vec::with_capacity(present.len());
    let mut lo = 0;
    let mut sum = 0.0;
    for (hi, (i, r)) in present.iter().enumerate() {
        sum += r.value;
        while present[lo].0 <= i - MOVING_AVERAGE_PERIODS {
            sum -= present[lo].1.value;
            lo += 1;
        }
        let n = hi + 1 - lo;
        if n >= 4 {
            out.push(Reading { at: r.at, value: sum / n as f64 });
        }
    }
    out
}

/// Fits a line to the last points and extends it to `date`.
fn project(
    present: &[(i64, Reading)],
    g: Granularity,
    date: NaiveDate,
    steps: &[TargetStep],
    better: Better,
) -> Option<Projection> {
    let last_index = present.last()?.0;
    let first = present.partition_point(|p| p.0 <= last_index - projection_window(g));
    let pts = &present[first..];
    if pts.len() < 3 {
        return None;
    }
    let x0 = pts[0].0;
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| (p.0 - x0) as f64).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1.value).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| ((p.0 - x0) as f64 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| ((p.0 - x0) as f64 - mx) * (p.1.value - my)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let at = |i: i64| my + slope * ((i - x0) as f64 - mx);
    let last = pts.last()?;
    let end = period_index(g, date.and_time(NaiveTime::MIN));
    if end <= last.0 {
        return None;
    }
    let value = at(end);
    let target = target_at(steps, date);
    let reaches_on = target.and_then(|t| {
        let now = at(last.0);
        if meets(better, now, t) {
            return Some(last.1.at);
        }
        if slope == 0.0 || (t - now).signum() != slope.signum() {
            return None;
        }
        let periods = ((t - now) / slope).ceil();
        (periods.is_finite() && periods > 0.0 && periods < 1e7)
            .then(|| Stamp(period_start(g, last.0 + periods as i64)))
    });
    Some(Projection {
        slope,
        start: Reading { at: pts[0].1.at, value: at(x0) },
        from: Reading { at: last.1.at, value: at(last.0) },
        date,
        value,
        target,
        reachable: target.map(|t| meets(better, value, t)),
        reaches_on,
        points: pts.len(),
    })
}

/// Runs one alert rule over the series: every episode that fired, and whether the rule's
/// condition holds at the latest point.
fn evaluate_alert(
    index: usize,
    a: &AlertMeta,
    series: &[Period],
    meta: &MetricMeta,
    locale: Locale,
) -> (Vec<Firing>, bool) {
    let Some((rule, threshold)) = rule_of(a) else { return (Vec::new(), false) };
    let need = a.sustained.map_or(1, |w| w.periods(meta.granularity));
    let text = describe(rule, threshold, need, meta, locale);
    let mut out: Vec<Firing> = Vec::new();
    let mut run: Vec<(i64, Stamp, f64)> = Vec::new();
    let mut prev: Option<(i64, Option<f64>)> = None;
    for p in series {
        let prev_value = prev.filter(|(i, _)| *i == p.index - 1).and_then(|(_, v)| v);
        prev = Some((p.index, p.value));
        let breach =
            p.value.is_some_and(|v| match rule {
                Rule::Below => v < threshold,
                Rule::Above => v > threshold,
                Rule::Drop => prev_value
                    .is_some_and(|pv| pv != 0.0 && (pv - v) / pv.abs() * 100.0 >= threshold),
                Rule::Rise => prev_value
                    .is_some_and(|pv| pv != 0.0 && (v - pv) / pv.abs() * 100.0 >= threshold),
            });
        let contiguous = run.last().is_none_or(|r| r.0 == p.index - 1);
        if !breach || !contiguous {
            run.clear();
            if !breach {
                continue;
            }
        }
        let v = p.value.unwrap_or_default();
        run.push((p.index, p.at, v));
        let is_worse = |x: f64, y: f64| match rule {
            Rule::Below | Rule::Drop => x < y,
            Rule::Above | Rule::Rise => x > y,
        };
        if run.len() == need as usize {
            let worst =
                run.iter().map(|r| r.2).fold(v, |acc, x| if is_worse(x, acc) { x } else { acc });
            out.push(Firing {
                alert: index,
                rule,
                threshold,
                periods: need,
                text: text.clone(),
                from: run[0].1,
                at: p.at,
                to: p.at,
                value: v,
                worst,
                active: false,
                then: a.then.clone(),
                plan_b: a.plan_b.clone(),
            });
        } else if run.len() > need as usize
            && let Some(f) = out.last_mut()
        {
            f.to = p.at;
            if is_worse(v, f.worst) {
                f.worst = v;
            }
        }
    }
    // The condition holds at the latest point when the run reaches the last period with data.
    let last_with_data = series.iter().rev().find(|p| p.value.is_some()).map(|p| p.at);
    let holding = run.last().is_some_and(|r| Some(r.1) == last_with_data);
    if holding
        && run.len() >= need as usize
        && let Some(f) = out.last_mut()
    {
        f.active = true;
    }
    (out, holding)
}

/// The rule an alert states, if it states exactly one.
fn rule_of(a: &AlertMeta) -> Option<(Rule, f64)> {
    match (a.below, a.above, a.drop, a.rise) {
        (Some(v), None, None, None) => Some((Rule::Below, v)),
        (None, Some(v), None, None) => Some((Rule::Above, v)),
        (None, None, Some(v), None) => Some((Rule::Drop, v)),
        (None, None, None, Some(v)) => Some((Rule::Rise, v)),
        _ => None,
    }
}

/// The unit name of one or `n` periods in words.
fn period_words(g: Granularity, n: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => {
            let u = match g {
                Granularity::Hour => "小时",
                Granularity::Day => "天",
                Granularity::Week => "周",
                Granularity::Month => "个月",
            };
            if n == 1 { u.to_string() } else { format!("{n} {u}") }
        }
        Locale::En => {
            let u = match g {
                Granularity::Hour => "hour",
                Granularity::Day => "day",
                Granularity::Week => "week",
                Granularity::Month => "month",
            };
            if n == 1 { u.to_string() } else { format!("{n} {u}s") }
        }
    }
}

/// An alert rule in words: "below 3.00× for 2 days", "drop of 35% or more vs the previous day".
pub fn describe(
    rule: Rule,
    threshold: f64,
    periods: u32,
    meta: &MetricMeta,
    locale: Locale,
) -> String {
    let unit = meta.unit.as_deref();
    let v = crate::i18n::value(threshold, unit);
    let pct = crate::i18n::grouped(threshold, usize::from(threshold.fract() != 0.0));
    let one = period_words(meta.granularity, 1, locale);
    let sustained = periods > 1;
    let many = period_words(meta.granularity, periods, locale);
    match locale {
        Locale::En => {
            let base = match rule {
                Rule::Below => format!("below {v}"),
                Rule::Above => format!("above {v}"),
                Rule::Drop => format!("drop of {pct}% or more vs the previous {one}"),
                Rule::Rise => format!("rise of {pct}% or more vs the previous {one}"),
            };
            if sustained { format!("{base} for {many} in a row") } else { base }
        }
        Locale::ZhCn => {
            let base = match rule {
                Rule::Below => format!("低于 {v}"),
                Rule::Above => format!("高于 {v}"),
                Rule::Drop => format!("较上一{one}下降 {pct}% 及以上"),
                Rule::Rise => format!("较上一{one}上升 {pct}% 及以上"),
            };
            if sustained { format!("连续 {many}{base}") } else { base }
        }
    }
}

/// Periods without data after which a metric counts as stale: a day of hours, three days, two
/// weeks or two months.
pub fn stale_after(g: Granularity) -> i64 {
    match g {
        Granularity::Hour => 24,
        Granularity::Day => 3,
        Granularity::Week | Granularity::Month => 2,
    }
}

/// The value of the fitted trend line on `date` (`None` without a projection).
pub fn trend_at(report: &MetricReport, g: Granularity, date: NaiveDate) -> Option<f64> {
    let p = report.projection.as_ref()?;
    let periods = period_index(g, date.and_time(NaiveTime::MIN)) - period_index(g, p.from.at.0);
    Some(p.from.value + p.slope * periods as f64)
}

/// `jindu check` warnings about metric data: stale or missing data, a metric target the trend
/// misses, and a goal whose metric's trend misses the goal's target by its due date. (Goals
/// without metric, target or due date and metrics without a definition are linted in `lint`.)
pub fn lints(
    plan: &Plan,
    reports: &BTreeMap<String, MetricReport>,
    as_of: NaiveDate,
) -> Vec<crate::diag::Diagnostic> {
    let mut out = Vec::new();
    for (id, r) in reports {
        let Some(m) = plan.metrics.get(id) else { continue };
        let meta = &m.meta;
        let g = meta.granularity;
        let unit = meta.unit.as_deref();
        let data_key = if meta.data.is_some() { "data" } else { "values" };
        match r.latest {
            None => out.push(
                m.source
                    .diag_at(data_key, None, format!("metric `{id}` has no data up to {as_of}"))
                    .hint(
                        "add rows to its CSV file or `values:`, dated on or before the as-of date",
                    )
                    .warning(),
            ),
            Some(l) => {
                let behind =
                    period_index(g, as_of.and_time(NaiveTime::MIN)) - period_index(g, l.at.0);
                if behind > stale_after(g) {
                    out.push(
                        m.source
                            .diag_at(
                                data_key,
                                None,
                                format!(
                                    "metric `{id}` is stale: its last data point is {} ({behind} {} before {as_of})",
                                    crate::values::format_stamp(l.at.0),
                                    period_words(g, 2, Locale::En).trim_start_matches("2 ")
                                ),
                            )
                            .hint("export fresh data, or remove the metric from the dashboard if it is no longer tracked")
                            .warning(),
                    );
                }
            }
        }
        if let Some(p) = &r.projection
            && p.reachable == Some(false)
            && let Some(t) = p.target
        {
            out.push(
                m.source
                    .diag_at(
                        "target",
                        None,
                        format!(
                            "metric `{id}` is not on course for its target: the trend of the last {} points reaches {} by {}, target {}",
                            p.points,
                            crate::i18n::value(p.value, unit),
                            p.date,
                            crate::i18n::value(t, unit)
                        ),
                    )
                    .hint("change course (see the metric's alerts and plan B), or revise the target in a review")
                    .warning(),
            );
        }
    }
    for goal in plan.goals.values() {
        let (Some(mid), Some(target), Some(due)) =
            (goal.meta.metric.as_deref(), goal.meta.target, goal.meta.due)
        else {
            continue;
        };
        let (Some(r), Some(m)) = (reports.get(mid), plan.metrics.get(mid)) else { continue };
        if due.0 <= as_of {
            continue;
        }
        let Some(v) = trend_at(r, m.meta.granularity, due.0) else { continue };
        if !meets(m.meta.better, v, target) {
            let unit = m.meta.unit.as_deref();
            out.push(
                goal.source
                    .diag_at(
                        "target",
                        None,
                        format!(
                            "goal `{}` is not on course: the trend of `{mid}` reaches {} by {}, target {}",
                            goal.id,
                            crate::i18n::value(v, unit),
                            due.0,
                            crate::i18n::value(target, unit)
                        ),
                    )
                    .hint("change course, or revise the goal's target or due date in a review")
                    .warning(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> Stamp {
        Stamp(crate::values::parse_stamp(s).unwrap())
    }

    /// A metric from front matter lines (after `kind`/`title`) and `(date, value)` rows, where
    /// `None` is a gap.
    fn metric(yaml: &str, rows: &[(&str, Option<f64>)]) -> Metric {
        let text = format!("---\nkind: metric\ntitle: M\n{yaml}\n");
        let meta: MetricMeta = crate::front_matter::parse(&text).expect("valid front matter");
        let samples =
            rows.iter().map(|(t, v)| Sample { at: at(t), value: *v, note: None }).collect();
        Metric {
            id: "m".into(),
            meta,
            samples,
            source: crate::model::Source {
                path: "m.md".into(),
                body_html: String::new(),
                front_matter: text,
            },
        }
    }

    /// Daily rows from 2026-11-02 (a Monday) on.
    fn daily(values: &[Option<f64>]) -> Vec<(String, Option<f64>)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| ((d("2026-11-02") + TimeDelta::days(i as i64)).to_string(), *v))
            .collect()
    }

    fn eval(yaml: &str, rows: &[(String, Option<f64>)], as_of: &str) -> MetricReport {
        let rows: Vec<(&str, Option<f64>)> = rows.iter().map(|(t, v)| (t.as_str(), *v)).collect();
        report(&metric(yaml, &rows), d(as_of), Some(d("2026-12-31")), Locale::En)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn weeks_and_months_by_aggregate() {
        // Mon 26 Oct .. Tue 10 Nov 2026: 16 days valued 1..=16, with a gap on Sun 1 Nov.
        let rows: Vec<(String, Option<f64>)> = (0..16)
            .map(|i| {
                let day = d("2026-10-26") + TimeDelta::days(i);
                (day.to_string(), (i != 6).then_some((i + 1) as f64))
            })
            .collect();
        // (aggregate, weeks, months) as (start, value, count, partial).
        let table: [(&str, &[B], &[B]); 3] = [
            (
                "sum",
                &[
                    ("2026-10-26", 21.0, 6, false),
                    ("2026-11-02", 77.0, 7, false),
                    ("2026-11-09", 31.0, 2, true),
                ],
                &[("2026-10-01", 21.0, 6, false), ("2026-11-01", 108.0, 9, true)],
            ),
            (
                "mean",
                &[
                    ("2026-10-26", 3.5, 6, false),
                    ("2026-11-02", 11.0, 7, false),
                    ("2026-11-09", 15.5, 2, true),
                ],
                &[("2026-10-01", 3.5, 6, false), ("2026-11-01", 12.0, 9, true)],
            ),
            (
                "last",
                &[
                    ("2026-10-26", 6.0, 6, false),
                    ("2026-11-02", 14.0, 7, false),
                    ("2026-11-09", 16.0, 2, true),
                ],
                &[("2026-10-01", 6.0, 6, false), ("2026-11-01", 16.0, 9, true)],
            ),
        ];
        for (agg, weeks, months) in table {
            let r = eval(&format!("aggregate: {agg}"), &rows, "2026-11-10");
            let got = |b: &[Bucket]| -> Vec<(String, f64, usize, bool)> {
                b.iter().map(|b| (b.start.to_string(), b.value, b.count, b.partial)).collect()
            };
            let want = |w: &[B]| -> Vec<(String, f64, usize, bool)> {
                w.iter().map(|(s, v, c, p)| ((*s).to_string(), *v, *c, *p)).collect()
            };
            assert_eq!(got(&r.weeks), want(weeks), "{agg} weeks");
            assert_eq!(got(&r.months), want(months), "{agg} months");
        }
    }

    #[test]
    fn hourly_periods_and_days() {
        let rows = [
            ("2026-11-20T22:00", Some(10.0)),
            ("2026-11-20T23:00", Some(20.0)),
            ("2026-11-21T00:00", Some(5.0)),
            ("2026-11-21T02:00", Some(7.0)),
            ("2026-11-22T01:00", Some(99.0)),
        ];
        let m = metric("granularity: hour\naggregate: sum\nalerts: [{drop: 50}]", &rows);
        let r = report(&m, d("2026-11-21"), None, Locale::En);
        // The 22nd is after the as-of date; the hour 01:00 on the 21st is a gap.
        assert_eq!(r.series.len(), 4);
        assert_eq!(r.series[3].index - r.series[2].index, 2);
        assert_eq!(r.latest, Some(Reading { at: at("2026-11-21T02:00"), value: 7.0 }));
        let days: Vec<_> = r.days.iter().map(|b| (b.start.to_string(), b.value)).collect();
        assert_eq!(days, [("2026-11-20".to_string(), 30.0), ("2026-11-21".to_string(), 12.0)]);
        // 20 -> 5 is a 75% drop between consecutive hours; 5 -> 7 across a gap is not compared.
        assert_eq!(r.alerts.len(), 1);
        assert_eq!(r.alerts[0].at, at("2026-11-21T00:00"));
        assert_eq!(r.alerts[0].text, "drop of 50% or more vs the previous hour");
    }

    #[test]
    fn samples_in_one_period_combine() {
        let rows = [("2026-11-02T09:00", Some(1.0)), ("2026-11-02T17:00", Some(3.0))];
        for (agg, want) in [("sum", 4.0), ("mean", 2.0), ("last", 3.0)] {
            let r = report(
                &metric(&format!("aggregate: {agg}"), &rows),
                d("2026-11-02"),
                None,
                Locale::En,
            );
            assert_eq!(r.series.len(), 1);
            assert_eq!(r.series[0].value, Some(want), "{agg}");
        }
    }

    #[test]
    fn attainment_and_gap_signs() {
        // (better, actual, target, attainment, gap)
        let table = [
            (Better::Higher, 110.0, 100.0, Some(1.1), 10.0),
            (Better::Higher, 90.0, 100.0, Some(0.9), -10.0),
            (Better::Lower, 40.0, 50.0, Some(1.25), 10.0),
            (Better::Lower, 60.0, 50.0, Some(50.0 / 60.0), -10.0),
            (Better::Higher, -5.0, 30.0, Some(-5.0 / 30.0), -35.0),
            (Better::Higher, 5.0, 0.0, None, 5.0),
            (Better::Lower, 0.0, 10.0, None, 10.0),
            (Better::Lower, 5.0, -1.0, None, -6.0),
        ];
        for (better, actual, target, want, gap) in table {
            let got = attainment(better, actual, target);
            assert!(
                match (got, want) {
                    (Some(a), Some(b)) => close(a, b),
                    (None, None) => true,
                    _ => false,
                },
                "{better:?} {actual} vs {target}: {got:?}"
            );
            assert!(
                close(signed_gap(better, actual, target), gap),
                "{better:?} {actual} vs {target}"
            );
        }
        let r = eval("better: lower\ntarget: 45", &daily(&[Some(50.0), Some(44.0)]), "2026-11-30");
        assert_eq!(r.target, Some(45.0));
        assert!(close(r.gap.unwrap(), 1.0));
        assert!(close(r.attainment.unwrap(), 45.0 / 44.0));
        assert!(
            r.change.as_ref().unwrap().good == Some(true),
            "a fall is good when lower is better"
        );
        assert_eq!(r.health, Health::OnTrack);
    }

    #[test]
    fn stepped_checkpoints() {
        let yaml = "target:\n  - {date: 2026-11-20, value: 30}\n  - {date: 2026-11-10, value: 10}";
        let s = steps(metric(yaml, &[]).meta.target.as_ref());
        // (date, in force)
        let table = [
            ("2026-11-09", None),
            ("2026-11-10", Some(10.0)),
            ("2026-11-19", Some(10.0)),
            ("2026-11-20", Some(30.0)),
            ("2027-01-01", Some(30.0)),
        ];
        for (day, want) in table {
            assert_eq!(target_at(&s, d(day)), want, "{day}");
        }
        let r = eval(yaml, &daily(&[Some(5.0), Some(6.0)]), "2026-11-05");
        assert_eq!(r.target, None);
        assert_eq!(r.next_target, Some(TargetStep { date: Some(d("2026-11-10")), value: 10.0 }));
        assert_eq!(r.attainment, None);
    }

    /// (rule, values from Mon 2 Nov, firings as (from, at, to, active), pending).
    type AlertCase<'a> = (&'a str, Vec<Option<f64>>, Vec<(&'a str, &'a str, &'a str, bool)>, bool);

    /// (start, value, count, partial) of a bucket.
    type B<'a> = (&'a str, f64, usize, bool);

    #[test]
    fn alerts_fire_after_consecutive_breaches_and_gaps_break_runs() {
        let v = |x: f64| Some(x);
        let table: Vec<AlertCase> = vec![
            (
                "{below: 3}",
                vec![v(4.0), v(2.0), v(4.0)],
                vec![("11-03", "11-03", "11-03", false)],
                false,
            ),
            ("{below: 3}", vec![v(3.0), v(4.0)], vec![], false),
            (
                "{below: 3, for: 2d}",
                vec![v(4.0), v(2.9), v(4.0), v(2.8), v(2.7), v(2.6)],
                vec![("11-05", "11-06", "11-07", true)],
                false,
            ),
            ("{below: 3, for: 2d}", vec![v(4.0), v(2.9), None, v(2.8), v(4.0)], vec![], false),
            // A missing row breaks the run just as an empty value does.
            ("{below: 3, for: 2}", vec![v(2.0)], vec![], true),
            (
                "{above: 52, for: 2d}",
                vec![v(50.0), v(53.0), v(54.0), v(49.0)],
                vec![("11-03", "11-04", "11-04", false)],
                false,
            ),
            (
                "{drop: 35}",
                vec![v(100.0), v(64.0), v(60.0), None, v(10.0)],
                vec![("11-03", "11-03", "11-03", false)],
                false,
            ),
            ("{drop: 35}", vec![v(100.0), v(66.0)], vec![], false),
            (
                "{rise: 50, for: 2d}",
                vec![v(10.0), v(15.0), v(30.0), v(31.0)],
                vec![("11-03", "11-04", "11-04", false)],
                false,
            ),
            ("{rise: 50}", vec![v(0.0), v(10.0)], vec![], false),
        ];
        for (rule, values, want, pending) in table {
            let r = eval(&format!("alerts: [{rule}]"), &daily(&values), "2026-11-30");
            let got: Vec<_> = r
                .alerts
                .iter()
                .map(|f| {
                    (
                        f.from.0.format("%m-%d").to_string(),
                        f.at.0.format("%m-%d").to_string(),
                        f.to.0.format("%m-%d").to_string(),
                        f.active,
                    )
                })
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(a, b, c, x)| ((*a).to_string(), (*b).to_string(), (*c).to_string(), *x))
                .collect();
            assert_eq!(got, want, "{rule} {values:?}");
            assert_eq!(!r.pending.is_empty(), pending, "{rule} pending");
        }
        // The separate `below` row: a missing period between breaches.
        let rows = vec![("2026-11-02".to_string(), v(2.0)), ("2026-11-04".to_string(), v(2.0))];
        let r = eval("alerts: [{below: 3, for: 2d}]", &rows, "2026-11-30");
        assert!(r.alerts.is_empty());
    }

    #[test]
    fn firing_carries_words_response_and_plan_b() {
        let yaml = "unit: ratio\nalerts:\n  - {below: 3.0, for: 2d, then: Shift budget, plan_b: rebalance}";
        let r = eval(yaml, &daily(&[Some(3.5), Some(2.8), Some(2.6), Some(3.2)]), "2026-11-30");
        let f = &r.alerts[0];
        assert_eq!(f.text, "below 3.00× for 2 days in a row");
        assert_eq!((f.value, f.worst), (2.6, 2.6));
        assert_eq!(f.then.as_deref(), Some("Shift budget"));
        assert_eq!(f.plan_b.as_deref(), Some("rebalance"));
        assert!(!f.active);
        let m = metric(yaml, &[]);
        assert_eq!(describe(Rule::Below, 3.0, 2, &m.meta, Locale::ZhCn), "连续 2 天低于 3.00×");
        assert_eq!(describe(Rule::Drop, 35.0, 1, &m.meta, Locale::ZhCn), "较上一天下降 35% 及以上");
    }

    #[test]
    fn only_data_up_to_as_of_counts() {
        let r =
            eval("alerts: [{below: 3}]", &daily(&[Some(4.0), Some(5.0), Some(1.0)]), "2026-11-03");
        assert_eq!(r.latest.map(|l| l.value), Some(5.0));
        assert!(r.alerts.is_empty());
        let c = r.change.unwrap();
        assert_eq!((c.abs, c.pct, c.good), (1.0, Some(25.0), Some(true)));
    }

    #[test]
    fn projection_is_a_least_squares_line() {
        // y = 10 + 2x on 10 days, projected to 2026-11-21 (x = 19): 48.
        let values: Vec<_> = (0..10).map(|x| Some(10.0 + 2.0 * f64::from(x))).collect();
        let r = eval("target:\n  - {date: 2026-11-21, value: 50}", &daily(&values), "2026-11-11");
        let p = r.projection.unwrap();
        assert!(close(p.slope, 2.0));
        assert_eq!(p.date, d("2026-11-21"));
        assert!(close(p.value, 48.0));
        assert_eq!(p.target, Some(50.0));
        assert_eq!(p.reachable, Some(false));
        // 28 at x=9; 50 needs 11 more days: 2026-11-22.
        assert_eq!(p.reaches_on, Some(at("2026-11-22")));
        assert_eq!(r.health, Health::AtRisk);
        // A slightly falling trend cannot reach a higher target; a falling one reaches a lower one.
        let r = eval(
            "target: 20",
            &daily(&[Some(12.0), Some(10.0), Some(12.0), Some(10.0)]),
            "2026-11-05",
        );
        let p = r.projection.unwrap();
        assert_eq!((p.date, p.reachable, p.reaches_on), (d("2026-12-31"), Some(false), None));
        let r = eval(
            "better: lower\ntarget: 5",
            &daily(&[Some(10.0), Some(9.0), Some(8.0), Some(7.0)]),
            "2026-11-05",
        );
        let p = r.projection.unwrap();
        assert_eq!(p.reachable, Some(true));
        assert_eq!(p.reaches_on, Some(at("2026-11-07")));
        // Too few points: no projection.
        assert!(
            eval("target: 5", &daily(&[Some(1.0), Some(2.0)]), "2026-11-05").projection.is_none()
        );
    }

    #[test]
    fn moving_average_needs_four_of_seven() {
        // Value x on 1 + x November, with a gap on the 6th.
        let values: Vec<_> = (1..=9).map(|x| (x != 5).then_some(f64::from(x))).collect();
        let r = eval("", &daily(&values), "2026-11-30");
        let ma: Vec<_> = r.moving_average.iter().map(|m| (m.at.0.day(), m.value)).collect();
        let want =
            [(5, 10.0 / 4.0), (7, 16.0 / 5.0), (8, 23.0 / 6.0), (9, 30.0 / 6.0), (10, 37.0 / 6.0)];
        assert_eq!(ma.len(), want.len());
        for ((day, v), (wd, wv)) in ma.iter().zip(want) {
            assert!(*day == wd && close(*v, wv), "{ma:?}");
        }
    }

    #[test]
    fn health_from_attainment_and_alerts() {
        let table = [
            ("target: 10", vec![Some(10.0)], Health::OnTrack),
            ("target: 10", vec![Some(9.5)], Health::AtRisk),
            ("target: 10", vec![Some(8.0)], Health::OffTrack),
            ("alerts: [{below: 5, for: 2d}]", vec![Some(6.0), Some(4.0)], Health::AtRisk),
            ("alerts: [{below: 5, for: 2d}]", vec![Some(4.0), Some(4.0)], Health::OffTrack),
            ("alerts: [{below: 5}]", vec![Some(4.0), Some(6.0)], Health::OnTrack),
            ("target: 10", vec![None], Health::NoData),
        ];
        for (yaml, values, want) in table {
            assert_eq!(eval(yaml, &daily(&values), "2026-11-30").health, want, "{yaml} {values:?}");
        }
    }

    #[test]
    fn period_numbers_round_trip() {
        let t = at("2026-11-25T13:00").0;
        for g in [Granularity::Hour, Granularity::Day, Granularity::Week, Granularity::Month] {
            let i = period_index(g, t);
            assert_eq!(period_index(g, period_start(g, i)), i, "{g:?}");
            assert_eq!(period_index(g, period_start(g, i + 1)), i + 1, "{g:?}");
        }
        assert_eq!(
            period_start(Granularity::Week, period_index(Granularity::Week, t)),
            at("2026-11-23").0
        );
        assert_eq!(
            period_start(Granularity::Month, period_index(Granularity::Month, t)),
            at("2026-11-01").0
        );
        assert_eq!(period_start(Granularity::Hour, period_index(Granularity::Hour, t)), t);
    }

    #[test]
    fn example_plan() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-plan");
        let (plan, diags) = crate::load(&root, &[]).unwrap();
        assert!(!diags.has_errors(), "{}", diags.render());
        let reports = evaluate(&plan.unwrap(), d("2026-11-24"));
        let roi = &reports["ad-roi"];
        let fired: Vec<_> = roi.alerts.iter().map(|f| (f.from, f.at, f.alert)).collect();
        assert_eq!(fired, [(at("2026-11-17"), at("2026-11-18"), 0)]);
        assert_eq!(roi.alerts[0].plan_b.as_deref(), Some("rebalance-ad-budget"));
        assert_eq!(roi.health, Health::OnTrack);
        let hourly = &reports["gmv-hourly"];
        assert_eq!(hourly.latest.unwrap().at, at("2026-11-23T23:00"));
        assert_eq!(hourly.days.len(), 4);
    }

    #[test]
    fn lints_flag_stale_data_and_missed_targets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-plan");
        let (plan, _) = crate::load(&root, &[]).unwrap();
        let plan = plan.unwrap();
        let as_of = d("2026-11-24");
        let found = |as_of: NaiveDate| -> Vec<String> {
            let reports = evaluate(&plan, as_of);
            lints(&plan, &reports, as_of)
                .iter()
                .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
                .collect()
        };
        let now = found(as_of);
        assert!(now.iter().all(|l| !l.contains("stale")), "{now:#?}");
        assert!(
            now.iter().any(|l| l.starts_with("metrics/in-stock-rate.md:")
                && l.contains("not on course for its target")),
            "{now:#?}"
        );
        // A week later nothing new has been exported: every metric is stale.
        let later = found(d("2026-12-01"));
        let stale = later.iter().filter(|l| l.contains("is stale")).count();
        assert_eq!(stale, plan.metrics.len(), "{later:#?}");
        assert!(later.iter().any(|l| l.contains("metrics/gmv-hourly.md:11: metric `gmv-hourly` is stale: its last data point is 2026-11-23T23:00 (169 hours before 2026-12-01)")), "{later:#?}");
        // Before any data: no data.
        let before = found(d("2026-09-01"));
        assert!(
            before.iter().any(|l| l.contains("metric `ad-roi` has no data up to 2026-09-01")),
            "{before:#?}"
        );
    }
}
