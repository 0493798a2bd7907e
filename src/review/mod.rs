//! Adjudication of inter-annotator disagreements into the `gold` layer:
//! finding the places where the compared annotators disagree ([`sites`]),
//! turning a reviewer's decision into one undoable [`Edit`]
//! ([`adjudicate`]), and deciding one link on its own ([`link_decision`]).
//! Plain Rust, no UI.
//!
//! [`Edit`]: crate::edit::Edit

pub mod adjudicate;
pub mod link_decision;
pub mod sites;

pub use adjudicate::{Decision, accept_all_agreed, decide};
pub use link_decision::{LinkChoice, decide_link};
pub use sites::{LinkDisagreement, ReviewSites, Site, SiteKind, document_sites};
