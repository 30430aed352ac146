//! Machine-readable exports: `plan.json` (the whole model and schedule), `tasks.csv` and
//! `milestones.ics`, all in stable order with no timestamps but the as-of date.

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
    goal_progress: &'a crate::model::Table<Option<f64>>,
    schedule: Option<ScheduleJson<'a>>,
    metric_reports: &'a BTreeMap<String, crate::metrics::MetricReport>,
}

/// Computed schedule in `plan.json`.
#[derive(Serialize)]
struct ScheduleJson<'a> {
    finish: chrono::NaiveDate,
    plan_slack: Option<i64>,
    critical_paths: &'a [Vec<String>],
    relief: &'a [String],
    /// In id order (the schedule keeps them hashed).
    tasks: BTreeMap<&'a str, &'a crate::schedule::TaskTimes>,
    goals: &'a crate::model::Table<crate::schedule::GoalTimes>,
}

/// `plan.json`: the document as pretty JSON with a trailing newline.
pub(crate) fn plan_json(a: &Analysis) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(&plan_doc(a))?;
    out.push(b'\n');
    Ok(out)
}

/// The document `plan.json` holds.
fn plan_doc(a: &Analysis) -> PlanJson<'_> {
    PlanJson {
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
            relief: &s.relief,
            tasks: s.tasks.iter().map(|(id, t)| (id.as_str(), t)).collect(),
            goals: &s.goals,
        }),
        metric_reports: &a.metrics,
    }
}

/// Guards a text cell against spreadsheet formula injection (`=`, `+`, `-`, `@`, tab, CR).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// `tasks.csv`: one row a task with its computed dates, for spreadsheets.
pub(crate) fn tasks_csv(a: &Analysis) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "kind",
        "title",
        "goal",
        "owner",
        "accountable",
        "status",
        "progress",
        "start",
        "end",
        "duration",
        "latest_start",
        "latest_end",
        "total_float",
        "free_float",
        "critical",
        "late",
        "variance",
        "due",
        "baseline_end",
        "depends",
        "flex",
        "path",
    ])?;
    for t in a.plan.tasks.values() {
        let times = a.schedule.as_ref().and_then(|s| s.tasks.get(&t.id));
        let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let date =
            |v: Option<chrono::NaiveDate>| v.map(crate::digits::iso_date).unwrap_or_default();
        let deps: Vec<String> = t
            .depends
            .iter()
            .map(|d| {
                let kind = match d.kind {
                    crate::model::DepKind::Fs => "",
                    crate::model::DepKind::Ss => ":ss",
                    crate::model::DepKind::Ff => ":ff",
                    crate::model::DepKind::Sf => ":sf",
                };
                let lag = match d.lag {
                    0 => String::new(),
                    l if l > 0 => format!(" +{l}d"),
                    l => format!(" {l}d"),
                };
                format!("{}{kind}{lag}", d.task)
            })
            .collect();
        w.write_record([
            cell(&t.id),
            t.kind.name().to_string(),
            cell(&t.meta.title),
            cell(t.goal.as_deref().unwrap_or("")),
            cell(t.responsible.as_deref().unwrap_or("")),
            cell(t.accountable.as_deref().unwrap_or("")),
            t.meta.status.name().to_string(),
            format!("{:.0}", t.percent()),
            date(times.map(|x| x.start)),
            date(times.map(|x| x.end)),
            num(times.map(|x| x.duration)),
            date(times.map(|x| x.latest_start)),
            date(times.map(|x| x.latest_end)),
            num(times.map(|x| x.total_float)),
            num(times.map(|x| x.free_float)),
            times.map(|x| x.critical.to_string()).unwrap_or_default(),
            times.map(|x| x.late.to_string()).unwrap_or_default(),
            num(times.and_then(|x| x.variance)),
            date(t.meta.due.map(|d| d.0)),
            date(t.meta.baseline.as_ref().and_then(|b| b.end).map(|d| d.0)),
            cell(&deps.join("; ")),
            t.meta.flex.to_string(),
            cell(&t.source.path),
        ])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("cannot write tasks.csv: {e}"))
}

/// `milestones.ics`: every milestone as an all-day event (RFC 5545), stable UIDs, DTSTAMP from
/// the as-of date so rebuilding gives the same file.
pub(crate) fn milestones_ics(a: &Analysis) -> Vec<u8> {
    let plan = &a.plan;
    let stamp = a.as_of.format("%Y%m%dT000000Z");
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//jindu//jindu//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", ics_text(&plan.plan.meta.title)),
    ];
    // Only a plain http(s) address becomes a link: not `javascript:`, and nothing with a line
    // break, which would start a new calendar property.
    let base = plan
        .plan
        .meta
        .base_url
        .as_deref()
        .filter(|b| {
            let l = b.to_ascii_lowercase();
            (l.starts_with("https://") || l.starts_with("http://"))
                && !b.chars().any(|c| c.is_control() || c.is_whitespace())
        })
        .map(|b| b.trim_end_matches('/').to_string());
    for t in plan.tasks.values().filter(|t| t.kind == crate::meta::Kind::Milestone) {
        let Some(day) = a
            .schedule
            .as_ref()
            .and_then(|s| s.tasks.get(&t.id))
            .map(|x| x.end)
            .or_else(|| t.key_date().map(|d| d.0))
        else {
            continue;
        };
        let next = day.succ_opt().unwrap_or(day);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:{}@{}.jindu",
            crate::site::encode_path(&t.id),
            crate::site::encode_path(&plan.plan.id)
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        lines.push(format!("SUMMARY:{}", ics_text(&t.meta.title)));
        let mut desc = Vec::new();
        if let Some(o) = &t.responsible {
            desc.push(format!("Owner: {o}"));
        }
        desc.push(format!("Status: {}", t.meta.status.name()));
        if let Some(d) = &t.meta.deliverable {
            desc.push(format!("Deliverable: {d}"));
        }
        lines.push(format!("DESCRIPTION:{}", ics_text(&desc.join("\n"))));
        if let Some(b) = &base {
            lines.push(format!("URL:{b}/{}", crate::model::route(t.kind, &t.id)));
        }
        let status = match t.meta.status {
            crate::meta::Status::Cancelled => "CANCELLED",
            _ => "CONFIRMED",
        };
        lines.push(format!("STATUS:{status}"));
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
    }
    out.into_bytes()
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines; control characters dropped.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_fold_at_75_octets_on_char_boundaries() {
        let long = format!("SUMMARY:{}", "流".repeat(40));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn csv_cells_cannot_start_formulas() {
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("@x"), "'@x");
        assert_eq!(cell("ok"), "ok");
    }
}
