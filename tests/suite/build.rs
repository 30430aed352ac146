//! Placeholder replaced by whole-build tests.
