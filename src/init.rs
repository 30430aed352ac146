//! `jindu init`: scaffold a small working plan, or copy the built-in templates out for editing.

use crate::cli::InitArgs;
use crate::fsx;
use anyhow::{Result, bail};
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

/// Runs `jindu init`.
pub(crate) fn run(args: &InitArgs) -> Result<()> {
    let files: Vec<(String, &str)> = if args.templates {
        crate::templates::BUILTIN.iter().map(|(n, t)| ((*n).to_string(), *t)).collect()
    } else {
        SCAFFOLD.iter().map(|(n, t)| ((*n).to_string(), *t)).collect()
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
