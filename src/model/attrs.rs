//! A span's attribute values: a small map from attribute name to value.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Index;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::attr_value::AttrValue;

/// Attribute values by attribute name, sorted by name.
///
/// It has the methods, iteration order, equality and serialised form of a
/// `BTreeMap<String, String>`, but keeps its entries in one exactly sized
/// vector: a span's one to three attributes then take one small
/// allocation instead of a 544-byte B-tree node, which is what lets half a
/// million spans load within the memory target.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Attrs(Vec<(String, AttrValue)>);

impl Attrs {
    /// An empty map (allocates nothing).
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find<Q>(&self, name: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(name))
    }

    /// The value of attribute `name`.
    pub fn get<Q>(&self, name: &Q) -> Option<&AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// The value of attribute `name`, mutably.
    pub fn get_mut<Q>(&mut self, name: &Q) -> Option<&mut AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(name).ok().map(|i| &mut self.0[i].1)
    }

    /// Whether attribute `name` has a value.
    pub fn contains_key<Q>(&self, name: &Q) -> bool
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(name).is_ok()
    }

    /// The value of attribute `name` when it is one string (not a list).
    pub fn str<Q>(&self, name: &Q) -> Option<&str>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.get(name).and_then(AttrValue::as_str)
    }

    /// Sets attribute `name`, returning its previous value.
    pub fn insert(&mut self, name: String, value: impl Into<AttrValue>) -> Option<AttrValue> {
        let value = value.into();
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.reserve_exact(1);
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes attribute `name`, returning its value.
    pub fn remove<Q>(&mut self, name: &Q) -> Option<AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(name).ok()?;
        Some(self.0.remove(i).1)
    }

    /// Keeps only the attributes for which `keep` returns true.
    pub fn retain<F>(&mut self, mut keep: F)
    where
        F: FnMut(&String, &mut AttrValue) -> bool,
    {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    /// Drops the span ids for which `gone` holds from every attribute for
    /// which `is_reference` holds: a single reference to such an id goes,
    /// a list loses it (and goes when nothing is left).
    pub fn drop_ids(&mut self, is_reference: impl Fn(&str) -> bool, gone: impl Fn(&str) -> bool) {
        self.0.retain_mut(|(name, value)| {
            if !is_reference(name) {
                return true;
            }
            match value {
                AttrValue::One(id) => !gone(id),
                AttrValue::Many(ids) => {
                    ids.retain(|id| !gone(id));
                    !ids.is_empty()
                }
            }
        });
    }

    /// Removes every attribute.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// `(name, value)` pairs in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    /// Attribute names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    /// Attribute values in name order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &AttrValue> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// Adds an attribute while loading: appends when `name` sorts after
    /// every name so far (the order files are written in), else inserts.
    pub(crate) fn push_loaded(&mut self, name: String, value: AttrValue) {
        match self.0.last() {
            Some((last, _)) if *last >= name => {
                self.insert(name, value);
            }
            _ => {
                self.0.reserve_exact(1);
                self.0.push((name, value));
            }
        }
    }

    /// Attributes from `(name, value)` pairs in the order a file lists
    /// them; a repeated name keeps its last value.
    pub(crate) fn from_pairs(pairs: Vec<(String, AttrValue)>) -> Self {
        if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
            Self(pairs)
        } else {
            pairs.into_iter().collect()
        }
    }

    /// Drops spare capacity.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// Iterator over the `(name, value)` pairs of [`Attrs`], in name order.
#[derive(Debug, Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (String, AttrValue)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a AttrValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Attrs {
    type Item = (&'a String, &'a AttrValue);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Attrs {
    type Item = (String, AttrValue);
    type IntoIter = std::vec::IntoIter<(String, AttrValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<V: Into<AttrValue>> FromIterator<(String, V)> for Attrs {
    /// Later values of a repeated name win, as with a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut attrs = Self::new();
        attrs.extend(iter);
        attrs
    }
}

impl<V: Into<AttrValue>> Extend<(String, V)> for Attrs {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.push_loaded(k, v.into());
        }
    }
}

impl From<BTreeMap<String, String>> for Attrs {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(map.into_iter().map(|(k, v)| (k, v.into())).collect())
    }
}

impl From<BTreeMap<String, AttrValue>> for Attrs {
    fn from(map: BTreeMap<String, AttrValue>) -> Self {
        Self(map.into_iter().collect())
    }
}

impl From<Attrs> for BTreeMap<String, AttrValue> {
    fn from(attrs: Attrs) -> Self {
        attrs.0.into_iter().collect()
    }
}

impl<const N: usize> From<[(String, String); N]> for Attrs {
    fn from(pairs: [(String, String); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<Q> Index<&Q> for Attrs
where
    String: Borrow<Q>,
    Q: Ord + ?Sized,
{
    type Output = AttrValue;

    /// The value of an attribute that must exist.
    fn index(&self, name: &Q) -> &AttrValue {
        self.get(name).expect("no such attribute")
    }
}

impl fmt::Debug for Attrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Attrs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AttrsVisitor;

        impl<'de> Visitor<'de> for AttrsVisitor {
            type Value = Attrs;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of attribute names to values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Attrs, A::Error> {
                let mut attrs = Attrs::new();
                while let Some((k, v)) = access.next_entry::<String, AttrValue>()? {
                    attrs.push_loaded(k, v);
                }
                attrs.shrink_to_fit();
                Ok(attrs)
            }
        }

        deserializer.deserialize_map(AttrsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(attrs: &Attrs) -> Vec<(&str, &str)> {
        attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().expect("one value")))
            .collect()
    }

    #[test]
    fn behaves_like_a_sorted_map() {
        let mut attrs = Attrs::new();
        assert_eq!(attrs.insert("polarity".into(), "support"), None);
        assert_eq!(attrs.insert("holder".into(), "T1"), None);
        assert_eq!(
            attrs.insert("polarity".into(), "oppose"),
            Some("support".into())
        );
        assert_eq!(pairs(&attrs), [("holder", "T1"), ("polarity", "oppose")]);
        assert_eq!(attrs.str("holder"), Some("T1"));
        assert!(attrs.contains_key(&"polarity".to_owned()));
        assert_eq!(attrs["polarity"], "oppose");
        assert_eq!(
            format!("{attrs:?}"),
            r#"{"holder": "T1", "polarity": "oppose"}"#
        );
        attrs.retain(|k, _| k != "holder");
        assert_eq!(attrs.remove("polarity"), Some("oppose".into()));
        attrs.insert("founder".into(), vec!["T2".to_owned(), "T3".to_owned()]);
        assert_eq!(attrs.str("founder"), None);
        assert!(attrs["founder"].names("T3"));
        assert_eq!(
            serde_json::to_string(&attrs).expect("json"),
            r#"{"founder":["T2","T3"]}"#
        );
        attrs.clear();
        assert!(attrs.is_empty());
    }

    #[test]
    fn collects_and_serialises_like_a_btreemap() {
        let input = [("b", "2"), ("a", "1"), ("b", "3")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        let attrs: Attrs = input.clone().into_iter().collect();
        let map: BTreeMap<String, AttrValue> =
            input.into_iter().map(|(k, v)| (k, v.into())).collect();
        assert_eq!(
            attrs.iter().collect::<Vec<_>>(),
            map.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            serde_json::to_string(&attrs).expect("json"),
            serde_json::to_string(&map).expect("json")
        );
        assert_eq!(
            ron::to_string(&attrs).expect("ron"),
            ron::to_string(&map).expect("ron")
        );
        let back: Attrs = ron::from_str(r#"{"z": "1", "a": "2", "z": "3"}"#).expect("ron");
        assert_eq!(pairs(&back), [("a", "2"), ("z", "3")]);
        assert_eq!(Attrs::from(map.clone()), attrs);
        assert_eq!(BTreeMap::from(attrs), map);
    }
}
