//! What a project file says it is: its `format` name and the version this
//! build writes (shared by the `ron` path and the fast reader and writer).

/// The `format` field of every project file.
pub const FORMAT: &str = "marginalia-project";

/// The version this build writes. Older versions are migrated on load;
/// newer ones are refused.
pub const CURRENT_VERSION: u32 = 1;
