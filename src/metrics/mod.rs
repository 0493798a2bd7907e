//! Agreement between annotators and the differences between their layers:
//! pure functions over the model, no UI.
//!
//! - [`agreement()`] computes the `agree` report of DESIGN.md (span F1,
//!   token-level Cohen's κ, Gwet's AC1, Fleiss' κ, Krippendorff's α, per
//!   label, overall and per document, plus a label confusion table and
//!   attribute agreement, and link agreement per reference attribute);
//! - [`diff_layers`] lists the disagreements between two layers of one
//!   document, as `diff` prints them and the review view shows them;
//! - [`evaluate`] scores predicted spans against gold with the SemEval-2013
//!   schemes exactly as `nervaluate` does (the `eval` report).
//!
//! The statistics themselves ([`kappa`], [`gwet`], [`krippendorff`],
//! [`span_f1`]) work on counts, so they are tested on textbook tables and
//! reused wherever a figure is needed; [`matching`] is the one span pairing
//! that F1, the confusion table, attribute agreement and the diff share.

pub mod agreement;
pub mod attributes;
mod boundary_pairs;
pub mod confusion;
pub mod diff;
pub mod eval;
pub mod gwet;
pub mod kappa;
pub mod krippendorff;
pub mod links;
pub mod matching;
pub mod span_f1;
pub mod tokens_decisions;

pub use agreement::{
    AgreementError, AgreementOptions, AgreementReport, LabelAgreement, PairAgreement, agreement,
};
pub use attributes::AttributeAgreement;
pub use confusion::ConfusionTable;
pub use diff::{AttributeDifference, DiffKind, Disagreement, attribute_differences, diff_layers};
pub use eval::{EvalDocument, EvalReport, EvalSpan, evaluate};
pub use links::{LinkAgreement, PairLinkAgreement};

#[cfg(test)]
mod agreement_tests;
#[cfg(test)]
mod links_tests;
