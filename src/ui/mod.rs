//! The desktop UI: panels, windows, the text view and the command table.
//! Everything here draws; the model changes only through [`commands::Action`]s
//! that the app applies at the end of a frame.

pub mod commands;
pub mod doc_cache;
pub mod job;
pub mod linking;
pub mod links;
pub mod panels;
pub mod requests;
pub mod review;
pub mod state;
pub mod suggestions;
pub mod text_view;
pub mod theme;
pub mod widgets;
pub mod windows;
pub mod words;
