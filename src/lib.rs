//! Marginalia: a desktop span-annotation tool.
//!
//! The core (`model`, `io`) is plain Rust without UI; `cli` implements the
//! command-line contract.

pub mod cli;
pub mod io;
pub mod model;
