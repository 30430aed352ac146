//! Whole plans generated from structured input: dates at the edges, durations past the limit,
//! dependency graphs with cycles and every link type, calendars without workdays, metrics with
//! odd numbers; loaded, scheduled, linted and rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|plan: jindu_fuzz::GenPlan| {
    jindu_fuzz::run(std::path::Path::new("/nonexistent-jindu-fuzz-root"), &plan.files());
});
