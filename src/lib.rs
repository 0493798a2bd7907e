//! Marginalia: a desktop span-annotation tool.
//!
//! The core (`model`, `io`) is plain Rust without UI; `cli` implements the
//! command-line contract.

pub mod app;
pub mod cli;
pub mod edit;
pub mod io;
pub mod metrics;
pub mod model;
pub mod review;
pub mod session;
pub mod suggest;
/// Seeded synthetic projects of any size, for benchmarks and stress tests.
pub mod synthetic;
pub mod ui;
