//! Review: comparing annotators' layers and adjudicating into gold (the
//! review panel and its state), and the agreement dashboard that sums up
//! how far they agree.

pub mod agreement_job;
pub mod dashboard;
pub mod panel;
pub mod state;
