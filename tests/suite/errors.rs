//! Placeholder replaced by bad-input tests.
