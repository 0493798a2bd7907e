//! Small reusable widgets.

pub mod attr_text;
pub mod focus;
pub mod path_field;
