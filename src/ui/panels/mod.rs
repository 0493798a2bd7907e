//! The fixed parts of the window, one file each.

pub mod doc_list;
pub mod find_bar;
pub mod inspector;
pub mod menu_bar;
pub mod no_project;
pub mod span_table;
pub mod status_bar;
pub mod toolbar;
