//! The command line: arguments as data (clap derive) and the three commands they run.

use crate::diag::Diagnostics;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Compile a folder of Markdown plan notes into a static site.
#[derive(Debug, Parser)]
#[command(name = "jindu", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the plan into a static site.
    Build(BuildArgs),
    /// Validate the plan and lint it (SMART goals, RACI); writes nothing.
    Check(CheckArgs),
    /// Scaffold a new plan in DIR, or copy the built-in templates there with --templates.
    Init(InitArgs),
    /// Preview the plan in a browser: build in memory, serve on 127.0.0.1, rebuild and reload on save.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// Arguments shared by commands that read a plan.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Plan folder (the one holding `plan.md`).
    #[arg(default_value = ".")]
    pub plan: PathBuf,
    /// Status date (YYYY-MM-DD); overrides the plan's `as_of`, which defaults to today.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
}

/// `jindu build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub plan: PlanArgs,
    /// Output folder.
    #[arg(short, long, value_name = "OUT", default_value = "site")]
    pub output: PathBuf,
    /// Absolute URL the site is published at (overrides the plan's `base_url`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace the output folder even if jindu did not write it.
    #[arg(long)]
    pub force: bool,
    /// Print how long each stage took and what each kind of page cost (to stderr).
    #[arg(long)]
    pub timings: bool,
}

/// `jindu check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub plan: PlanArgs,
}

/// `jindu init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create.
    pub dir: PathBuf,
    /// Copy the built-in templates into DIR (to edit them) instead of scaffolding a plan.
    #[arg(long)]
    pub templates: bool,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `jindu serve`.
#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub plan: PlanArgs,
    /// Port to listen on at 127.0.0.1 (0 picks a free port).
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::values::parse_date(s)
}

/// Runs the parsed command and returns the process exit code (0 ok, 1 plan errors, 2 failure).
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Init(args) => {
            crate::init::run(&args, chrono::Local::now().date_naive()).map(|()| true)
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => crate::serve::run(&args).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let mut msg = format!("error: {e}");
            for cause in e.chain().skip(1) {
                msg = format!("{msg}\n  caused by: {cause}");
            }
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics to stderr; a closed pipe is not an error.
fn report(diags: &Diagnostics) {
    if !diags.is_empty() {
        let _ = std::io::stderr().write_all(diags.render().as_bytes());
    }
}

fn build(args: &BuildArgs) -> Result<bool> {
    let started = Instant::now();
    let root = &args.plan.plan;
    ensure_plan_dir(root)?;
    // Replacing a folder that holds the plan would delete the plan's own notes.
    if let (Ok(plan_dir), Ok(out)) = (root.canonicalize(), args.output.canonicalize()) {
        if plan_dir.starts_with(&out) {
            bail!(
                "output folder `{}` holds the plan itself; building into it would delete the plan's notes (choose another folder with -o, such as `{}`)",
                args.output.display(),
                root.join("site").display()
            );
        }
    }
    let mut stages = Stages::new(started);
    let (plan, mut diags) = crate::load(root, std::slice::from_ref(&args.output))?;
    stages.mark("read, parse and assemble the notes");
    let Some(mut plan) = plan.filter(|_| !diags.has_errors()) else {
        report(&diags);
        eprintln!("nothing written: fix the errors above and build again");
        return Ok(false);
    };
    if let Some(url) = &args.base_url {
        plan.plan.meta.base_url = Some(url.clone());
    }
    let as_of = as_of(args.plan.as_of, &plan);
    // The templates are read while the plan is analysed (scheduling is one core's work).
    let overrides = root.join("templates");
    let locale = plan.plan.meta.locale;
    let (analysis, templates) = rayon::join(
        || crate::analyse(plan, as_of, &mut diags),
        || crate::templates::Templates::load_for(Some(&overrides), locale),
    );
    stages.mark("schedule, metrics and rollups");
    report(&diags);
    if diags.has_errors() {
        eprintln!("nothing written: fix the errors above and build again");
        return Ok(false);
    }
    let templates = templates?;
    // Pages go to the staging folder as they are rendered; the site is never whole in memory.
    let rendered = crate::output::commit_with(&args.output, args.force, |staging| {
        let r = crate::site::render_into(&analysis, &templates, staging);
        stages.mark("render and write every file");
        r
    })?;
    stages.mark("swap in the new site");
    let written = rendered.written;
    println!(
        "wrote {} files ({} pages) to {} in {:.2} s",
        written.files,
        written.pages,
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    if args.timings {
        eprint!("{}", stages.report(&rendered));
    }
    // The process ends here: freeing a big plan's millions of small allocations one by one
    // would only delay the exit (a tenth of a second at 10,000 tasks).
    std::mem::forget(analysis);
    Ok(true)
}

fn check(args: &CheckArgs) -> Result<bool> {
    let root = &args.plan.plan;
    ensure_plan_dir(root)?;
    let (plan, mut diags) = crate::load(root, &[])?;
    if let Some(plan) = plan {
        let as_of = as_of(args.plan.as_of, &plan);
        let analysis = crate::analyse(plan, as_of, &mut diags);
        crate::lint::lint(&analysis, &mut diags);
        for d in crate::metrics::lints(&analysis.plan, &analysis.metrics, analysis.as_of) {
            diags.push(d);
        }
        report(&diags);
        if !diags.has_errors() {
            let p = &analysis.plan;
            let counts = [
                (p.goals.len(), "goal"),
                (p.tasks.len(), "task"),
                (p.metrics.len(), "metric"),
                (p.reviews.len(), "review"),
                (p.risks.len(), "risk"),
            ];
            let parts: Vec<String> = counts
                .iter()
                .map(|(n, w)| if *n == 1 { format!("1 {w}") } else { format!("{n} {w}s") })
                .collect();
            println!("plan OK: {}", parts.join(", "));
        }
        // As after a build: the process ends here, and freeing the plan would only delay it.
        std::mem::forget(analysis);
    } else {
        report(&diags);
    }
    Ok(!diags.has_errors())
}

/// The status date: the CLI's, else the plan's, else today (the program's only clock read).
pub(crate) fn as_of(cli: Option<NaiveDate>, plan: &crate::model::Plan) -> NaiveDate {
    cli.or(plan.plan.meta.as_of.map(|d| d.0)).unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub(crate) fn ensure_plan_dir(root: &Path) -> Result<()> {
    if !root.is_dir() {
        bail!("plan folder `{}` does not exist or is not a folder", root.display());
    }
    Ok(())
}

/// Wall-clock time of each stage of a build, for `--timings`.
struct Stages {
    last: Instant,
    done: Vec<(&'static str, std::time::Duration)>,
}

impl Stages {
    fn new(started: Instant) -> Self {
        Stages { last: started, done: Vec::new() }
    }

    /// Ends the stage that ran since the last mark.
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.done.push((stage, now - self.last));
        self.last = now;
    }

    /// The stages in order, then the kinds of file by the time they took on all cores.
    fn report(&self, r: &crate::site::Rendered) -> String {
        use std::fmt::Write as _;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let mut s = String::from("stage                                  wall ms\n");
        for (stage, took) in &self.done {
            let _ = writeln!(s, "{stage:<36} {:>9.1}", ms(*took));
        }
        let mut kinds: Vec<_> = r.by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.total.cmp(&a.1.total).then(a.0.cmp(b.0)));
        let all: f64 = kinds.iter().map(|(_, c)| ms(c.total)).sum();
        s.push_str("files                 count    cpu ms   share  in templates  unchanged\n");
        for (kind, c) in kinds {
            let share = if all > 0.0 { 100.0 * ms(c.total) / all } else { 0.0 };
            let (n, total, tpl, same) = (c.files, ms(c.total), ms(c.template), c.reused);
            let _ =
                writeln!(s, "{kind:<20} {n:>6} {total:>9.1} {share:>6.1}% {tpl:>13.1} {same:>10}");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
