//! Machine-readable exports: `plan.json` with the whole model in stable order.

use crate::rollup::Analysis;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// The `plan.json` document; `version` changes when the shape does.
#[derive(Serialize)]
struct PlanJson<'a> {
    version: u32,
    generator: &'static str,
    as_of: String,
    #[serde(flatten)]
    plan: &'a crate::model::Plan,
    data: BTreeMap<&'a str, &'a [crate::model::Sample]>,
    goal_progress: &'a BTreeMap<String, Option<f64>>,
    schedule: Option<ScheduleJson<'a>>,
}

/// Computed schedule in `plan.json`.
#[derive(Serialize)]
struct ScheduleJson<'a> {
    finish: chrono::NaiveDate,
    plan_slack: Option<i64>,
    critical_paths: &'a [Vec<String>],
    tasks: &'a BTreeMap<String, crate::schedule::TaskTimes>,
    goals: &'a BTreeMap<String, crate::schedule::GoalTimes>,
}

/// Serialises the analysis as pretty JSON with a trailing newline.
pub(crate) fn plan_json(a: &Analysis) -> Result<Vec<u8>> {
    let doc = PlanJson {
        version: 1,
        generator: "jindu",
        as_of: a.as_of.format("%Y-%m-%d").to_string(),
        plan: &a.plan,
        data: a.plan.metrics.iter().map(|(id, m)| (id.as_str(), m.samples.as_slice())).collect(),
        goal_progress: &a.goal_progress,
        schedule: a.schedule.as_ref().map(|s| ScheduleJson {
            finish: s.finish,
            plan_slack: s.plan_slack,
            critical_paths: &s.critical_paths,
            tasks: &s.tasks,
            goals: &s.goals,
        }),
    };
    let mut out = serde_json::to_vec_pretty(&doc)?;
    out.push(b'\n');
    Ok(out)
}
