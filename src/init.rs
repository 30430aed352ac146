//! `jindu init`: scaffold a small working plan, or copy the built-in templates out for editing.

use crate::cli::InitArgs;
use crate::fsx;
use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// The scaffold: a plan, a goal, two tasks, a milestone, a metric with data, a review, a risk.
const SCAFFOLD: &[(&str, &str)] = &[
    (
        "plan.md",
        "---\nkind: plan\ntitle: My plan\nobjective: What success looks like, in one line\nowner: me\nstart: 2026-01-05\ndue: 2026-03-27\nlocale: en\ncalendar:\n  workdays: [mon, tue, wed, thu, fri]\n  holidays: []\n---\n\nWhy this plan exists, and how the team works it. Start with [[growth]].\n",
    ),
    (
        "growth/index.md",
        "---\nkind: goal\ntitle: Grow weekly signups to 500\nowner: me\nmetric: signups\ntarget: 500\ndue: 2026-03-27\n---\n\nSpecific, measurable, achievable, relevant, time-bound: say how here.\n",
    ),
    (
        "growth/landing-page.md",
        "---\nkind: task\ntitle: Redesign the landing page\nowner: me\nraci:\n  accountable: me\n  consulted: [design]\nstart: 2026-01-05\nduration: 2w\nstatus: doing\nprogress: 40\ndeliverable: New landing page live\nacceptance: Bounce rate below 45% for a week\n---\n\nNotes, links and decisions about the task.\n",
    ),
    (
        "growth/launch-campaign.md",
        "---\nkind: task\ntitle: Launch the email campaign\nowner: me\nraci:\n  accountable: me\nduration: 1w\ndepends: [landing-page]\ndeliverable: Three emails sent\nacceptance: Open rate above 30%\n---\n",
    ),
    (
        "growth/launch.md",
        "---\nkind: milestone\ntitle: Campaign live\nowner: me\ndue: 2026-01-30\ndepends: [launch-campaign]\n---\n",
    ),
    (
        "metrics/signups.md",
        "---\nkind: metric\ntitle: Weekly signups\ndefinition: New accounts that confirmed their email, counted Monday to Sunday\nunit: count\ngranularity: week\nbetter: higher\naggregate: sum\nbaseline: 320\ntarget: 500\ndata: signups.csv\nalerts:\n  - below: 300\n    then: Review the funnel at the next stand-up\n    plan_b: slow-signups\n---\n",
    ),
    (
        "metrics/signups.csv",
        "date,value,note\n2026-01-05,318,\n2026-01-12,341,landing page test\n2026-01-19,365,\n",
    ),
    (
        "reviews/2026-01-16.md",
        "---\nkind: review\ndate: 2026-01-16\ncadence: weekly\nattendees: [me]\ndecisions:\n  - Keep the landing page test running one more week\nchanges:\n  - task: launch-campaign\n    field: duration\n    from: 3d\n    to: 1w\n    why: Copy needs legal review\n---\n",
    ),
    (
        "risks/slow-signups.md",
        "---\nkind: risk\ntitle: Signups stall below 300 a week\nprobability: medium\nimpact: high\nowner: me\ntrigger: Signups below 300 for a week\nresponse: Move budget from display ads to search\nmetrics: [signups]\nstatus: open\n---\n",
    ),
];

/// The scaffold is written as of Friday 16 Jan 2026, in its second week; `init` moves every
/// date by whole weeks so that the plan is in its second week today.
const SCAFFOLD_AS_OF: (i32, u32, u32) = (2026, 1, 16);

/// Moves every `YYYY-MM-DD` in `text` by `days`.
fn shift_dates(text: &str, days: i64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let candidate = rest.get(..10).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let after_digit = out.chars().next_back().is_some_and(|c| c.is_ascii_digit());
        match candidate.and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days))) {
            Some(d) if rest.as_bytes()[4] == b'-' && !after_digit => {
                out.push_str(&d.format("%Y-%m-%d").to_string());
                rest = &rest[10..];
            }
            _ => {
                let c = rest.chars().next().unwrap_or_default();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Days to move the scaffold so its status week is the week of `today`.
fn weeks_offset(today: NaiveDate) -> i64 {
    let (y, m, d) = SCAFFOLD_AS_OF;
    let reference = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    let monday =
        |x: NaiveDate| x - chrono::TimeDelta::days(i64::from(x.weekday().num_days_from_monday()));
    (monday(today) - monday(reference)).num_days()
}

/// Runs `jindu init`; `today` places the scaffold's dates around the current week.
pub(crate) fn run(args: &InitArgs, today: NaiveDate) -> Result<()> {
    let files: Vec<(String, String)> = if args.templates {
        crate::templates::BUILTIN
            .iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect()
    } else {
        let days = weeks_offset(today);
        SCAFFOLD.iter().map(|(n, t)| (shift_dates(n, days), shift_dates(t, days))).collect()
    };
    let existing: Vec<&str> =
        files.iter().filter(|(n, _)| args.dir.join(n).exists()).map(|(n, _)| n.as_str()).collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "`{}` already has {}; nothing written (use --force to overwrite)",
            args.dir.display(),
            existing.join(", ")
        );
    }
    for (name, text) in &files {
        let path = args.dir.join(name);
        if let Some(p) = path.parent() {
            fsx::create_dir_all(p)?;
        }
        fsx::write(&path, text.as_bytes())?;
    }
    let what = if args.templates { "templates" } else { "plan files" };
    println!("wrote {} {what} to {}", files.len(), shown(&args.dir));
    if args.templates {
        println!(
            "edit them there; a plan uses its own `templates/` folder over the built-ins, file by file"
        );
    } else {
        println!("next: jindu build {} -o site", shown(&args.dir));
    }
    Ok(())
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffold_moves_by_whole_weeks_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let days = weeks_offset(today);
        assert_eq!(days % 7, 0);
        assert_eq!(shift_dates("start: 2026-01-05\n", days), "start: 2026-11-16\n");
        assert_eq!(shift_dates("reviews/2026-01-16.md", days), "reviews/2026-11-27.md");
        assert_eq!(shift_dates("x 2026-13-40 y 12345-01-01", days), "x 2026-13-40 y 12345-01-01");
        assert_eq!(weeks_offset(NaiveDate::from_ymd_opt(2026, 1, 12).unwrap()), 0);
    }
}
