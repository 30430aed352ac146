//! The `jindu` binary: parse arguments, run, exit with the code the library returns.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    jindu::cli::run(jindu::cli::Cli::parse())
}
