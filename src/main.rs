//! The `jindu` binary: parse arguments, run, exit with the code the library returns.

use clap::Parser;
use std::process::ExitCode;

/// A build allocates and frees millions of small values (views, template values, strings) on
/// every core; mimalloc does that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    jindu::cli::run(jindu::cli::Cli::parse())
}
