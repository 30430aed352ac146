//! The single integration test binary: whole builds of fixture plans through the real CLI.

mod browser;
mod build;
mod errors;
mod support;
