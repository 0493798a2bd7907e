//! Adjudication of inter-annotator disagreements into the `gold` layer:
//! finding the places where the compared annotators disagree ([`sites`])
//! and turning a reviewer's decision into one undoable [`Edit`]
//! ([`adjudicate`]). Plain Rust, no UI.
//!
//! [`Edit`]: crate::edit::Edit

pub mod adjudicate;
pub mod sites;

pub use adjudicate::{Decision, accept_all_agreed, decide};
pub use sites::{ReviewSites, Site, SiteKind, document_sites};
