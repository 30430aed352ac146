//! Placeholder replaced by the browser tests.
