//! Floating windows and modal dialogs, one file each; each owns its
//! open/closed state.

pub mod confirm;
pub mod dialog_buttons;
pub mod export_dialog;
pub mod file_dialog;
pub mod import_dialog;
pub mod new_project;
pub mod settings;
pub mod shortcuts;
