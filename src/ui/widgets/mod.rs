//! Small reusable widgets.

pub mod focus;
pub mod path_field;
