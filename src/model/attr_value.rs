//! One attribute value: a single string (an enum value, free text, the id
//! of one referenced span) or, for a `many: true` span reference, the ids
//! of several referenced spans.

use std::fmt;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of one attribute of a span.
///
/// Stored as a string in files (`"speaker": "T3"`), or as a list of span
/// ids for an attribute declared `many: true` (`"founder": ["T3", "T4"]`,
/// a RON list in the project file and a JSON array in JSONL).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttrValue {
    /// One string: an enum value, free text or one span id.
    One(String),
    /// The ids of several referenced spans, in text order.
    Many(Vec<String>),
}

impl AttrValue {
    /// The value as one string, when it is one (not a list).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::One(value) => Some(value),
            Self::Many(_) => None,
        }
    }

    /// The span ids the value names: the one string, or every id of a list.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        match self {
            Self::One(value) => std::slice::from_ref(value).iter(),
            Self::Many(ids) => ids.iter(),
        }
        .map(String::as_str)
    }

    /// Whether the value names span `id` (is it, or lists it).
    pub fn names(&self, id: &str) -> bool {
        self.ids().any(|named| named == id)
    }

    /// Whether the value is a list (of a `many: true` attribute).
    pub fn is_many(&self) -> bool {
        matches!(self, Self::Many(_))
    }
}

impl From<String> for AttrValue {
    fn from(value: String) -> Self {
        Self::One(value)
    }
}

impl From<&str> for AttrValue {
    fn from(value: &str) -> Self {
        Self::One(value.to_owned())
    }
}

impl From<Vec<String>> for AttrValue {
    fn from(ids: Vec<String>) -> Self {
        Self::Many(ids)
    }
}

impl PartialEq<str> for AttrValue {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for AttrValue {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for AttrValue {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl fmt::Display for AttrValue {
    /// The string itself, or the ids of a list joined by `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::One(value) => f.write_str(value),
            Self::Many(ids) => f.write_str(&ids.join(", ")),
        }
    }
}

impl fmt::Debug for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::One(value) => fmt::Debug::fmt(value, f),
            Self::Many(ids) => fmt::Debug::fmt(ids, f),
        }
    }
}

impl Serialize for AttrValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(value) => serializer.serialize_str(value),
            Self::Many(ids) => ids.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AttrValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = AttrValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of span ids")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<AttrValue, E> {
                Ok(AttrValue::One(value.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<AttrValue, E> {
                Ok(AttrValue::One(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AttrValue, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(AttrValue::Many(ids))
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many_round_trip_as_a_string_and_a_list() {
        let one = AttrValue::from("T3");
        let many = AttrValue::from(vec!["T3".to_owned(), "T4".to_owned()]);
        assert_eq!(serde_json::to_string(&one).expect("json"), r#""T3""#);
        assert_eq!(
            serde_json::to_string(&many).expect("json"),
            r#"["T3","T4"]"#
        );
        assert_eq!(ron::to_string(&many).expect("ron"), r#"["T3","T4"]"#);
        let back: AttrValue = serde_json::from_str(r#"["T3","T4"]"#).expect("json");
        assert_eq!(back, many);
        let back: AttrValue = ron::from_str(r#""T3""#).expect("ron");
        assert_eq!(back, one);
        assert_eq!(one, "T3");
        assert!(many.names("T4") && !many.names("T5"));
        assert_eq!(many.ids().collect::<Vec<_>>(), ["T3", "T4"]);
        assert_eq!(many.to_string(), "T3, T4");
        assert_eq!(many.as_str(), None);
    }
}
