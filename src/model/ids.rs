//! Typed identifiers, so a document id can never be passed as a span id.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Identifier of a document, unique in a project (a `.txt` file's stem).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

/// Identifier of a span, unique within its layer (`T1`, `T2`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpanId(pub String);

impl SpanId {
    /// The `n`-th generated span id, `T{n}`.
    pub fn numbered(n: u64) -> Self {
        Self(format!("T{n}"))
    }

    /// The number in a generated id (`T12` → 12), if it is one.
    pub fn number(&self) -> Option<u64> {
        self.0.strip_prefix('T')?.parse().ok()
    }
}

macro_rules! string_id_impls {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl $ty {
            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id_impls!(DocId);
string_id_impls!(SpanId);
