//! The single integration test binary: whole builds of fixture plans through the real CLI.

#![allow(unreachable_pub)]

mod browser;
mod build;
mod errors;
mod gantt;
mod hostile;
mod scale;
mod schedule;
#[cfg(feature = "serve")]
mod serve;
mod support;
mod views;
