//! Small reusable widgets.

pub mod path_field;
