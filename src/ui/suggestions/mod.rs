//! Suggestions in the annotator's view: their state (live memory, pending
//! suggestions, counts), the inspector card of the current one, and the
//! dialog that writes a suggestion layer.

pub mod card;
pub mod state;
pub mod write_dialog;
