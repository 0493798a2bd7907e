//! Finds a key written twice in RON text: a map key (`meta`, `attrs`,
//! `layers`) or a struct field. serde keeps the last of two map keys without
//! a word, so two layers of one annotator would silently lose the first;
//! this check runs before the `ron` crate reads a file and names both places.
//!
//! It is a lexer, not a parser: it knows strings, raw strings, characters,
//! comments and brackets, and within each `(…)` or `{…}` takes the text
//! before an element's first top-level `:` as its key. Text that is not RON
//! gives no finding here and is left to `ron`'s error.

use std::borrow::Cow;
use std::collections::HashMap;

/// A key met a second time in one map or struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key as written the second time (a field name, or a map key's
    /// literal).
    pub key: String,
    /// Whether it is a struct field (in `(…)`) rather than a map key.
    pub is_field: bool,
    /// Byte offset of the first occurrence.
    pub first: usize,
    /// Byte offset of the second occurrence.
    pub second: usize,
}

/// The first key written twice in one map or struct of `source`, if any.
pub fn first_duplicate_key(source: &str) -> Option<DuplicateKey> {
    let bytes = source.as_bytes();
    let mut frames: Vec<Frame<'_>> = vec![Frame::new(b'[')];
    let mut pos = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        let token_start = pos;
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                pos += 1;
                continue;
            }
            b'/' if bytes.get(pos + 1) == Some(&b'/') => {
                pos = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
                continue;
            }
            b'/' if bytes.get(pos + 1) == Some(&b'*') => {
                pos = block_comment_end(bytes, pos);
                continue;
            }
            b'(' | b'[' | b'{' => {
                frames.last_mut()?.token(token_start, token_start);
                frames.push(Frame::new(b));
                pos += 1;
                continue;
            }
            b')' | b']' | b'}' => {
                if frames.len() > 1 {
                    frames.pop();
                }
                pos += 1;
                if let Some(frame) = frames.last_mut() {
                    frame.last_end = pos;
                }
                continue;
            }
            b',' => {
                frames.last_mut()?.next_element();
                pos += 1;
                continue;
            }
            b':' => {
                let frame = frames.last_mut()?;
                if let Some(found) = frame.key_ends(source) {
                    return Some(found);
                }
                pos += 1;
                continue;
            }
            b'"' => pos = string_end(bytes, pos + 1),
            b'\'' => pos = char_end(bytes, pos + 1),
            _ if is_ident_byte(b) => pos = ident_or_raw_end(bytes, pos),
            _ => pos += 1,
        }
        frames.last_mut()?.token(token_start, pos);
    }
    None
}

/// One open bracket and what its current element has shown so far.
struct Frame<'s> {
    bracket: u8,
    /// Start of the current element's first token.
    element: Option<usize>,
    /// End of the last token seen in this frame.
    last_end: usize,
    /// Whether the current element's key was already taken.
    keyed: bool,
    /// Keys seen, by their meaning, with the first one's offset.
    keys: HashMap<Cow<'s, str>, usize>,
}

impl<'s> Frame<'s> {
    fn new(bracket: u8) -> Self {
        Self {
            bracket,
            element: None,
            last_end: 0,
            keyed: false,
            keys: HashMap::new(),
        }
    }

    fn token(&mut self, start: usize, end: usize) {
        self.element.get_or_insert(start);
        self.last_end = end;
    }

    fn next_element(&mut self) {
        self.element = None;
        self.keyed = false;
    }

    /// At a `:` directly in this frame: records the element's key, or
    /// gives the duplicate it is.
    fn key_ends(&mut self, source: &'s str) -> Option<DuplicateKey> {
        if self.keyed || self.bracket == b'[' {
            return None;
        }
        let start = self.element?;
        self.keyed = true;
        let raw = source.get(start..self.last_end.max(start))?;
        let meaning = key_meaning(raw);
        if let Some(&first) = self.keys.get(&meaning) {
            return Some(DuplicateKey {
                key: raw.to_owned(),
                is_field: self.bracket == b'(',
                first,
                second: start,
            });
        }
        self.keys.insert(meaning, start);
        None
    }
}

/// What a key stands for: a string literal's text (escapes and raw forms
/// read as `ron` reads them), a raw identifier's name, else the text.
fn key_meaning(raw: &str) -> Cow<'_, str> {
    if let Some(plain) = raw
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .filter(|body| !body.contains(['\\', '"']))
    {
        return Cow::Borrowed(plain);
    }
    if raw.starts_with(['"', 'r'])
        && let Ok(text) = ron::from_str::<String>(raw)
    {
        return Cow::Owned(text);
    }
    Cow::Borrowed(raw.strip_prefix("r#").unwrap_or(raw))
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Just past a `"…"` string whose body starts at `pos`.
fn string_end(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 2,
            b'"' => return pos + 1,
            _ => pos += 1,
        }
    }
    bytes.len()
}

/// Just past a `'…'` character whose body starts at `pos`.
fn char_end(bytes: &[u8], mut pos: usize) -> usize {
    if bytes.get(pos) == Some(&b'\\') {
        pos += 2;
    } else {
        pos += 1;
    }
    memchr::memchr(b'\'', bytes.get(pos..).unwrap_or_default()).map_or(bytes.len(), |i| pos + i + 1)
}

/// Just past an identifier, a number, a raw identifier (`r#name`), a raw
/// string (`r#"…"#`, `br"…"`) or a byte string (`b"…"`) starting at `pos`.
fn ident_or_raw_end(bytes: &[u8], pos: usize) -> usize {
    let mut end = pos;
    while end < bytes.len() && is_ident_byte(bytes[end]) {
        end += 1;
    }
    let word = &bytes[pos..end];
    match (word, bytes.get(end)) {
        (b"b", Some(b'"')) => string_end(bytes, end + 1),
        (b"r" | b"br", Some(b'"' | b'#')) => {
            let hashes = bytes[end..].iter().take_while(|&&b| b == b'#').count();
            let quote = end + hashes;
            if bytes.get(quote) != Some(&b'"') {
                // A raw identifier, `r#name`.
                let mut end = quote;
                while end < bytes.len() && is_ident_byte(bytes[end]) {
                    end += 1;
                }
                return end;
            }
            let mut at = quote + 1;
            while let Some(i) = memchr::memchr(b'"', bytes.get(at..).unwrap_or_default()) {
                let close = at + i + 1;
                if bytes[close..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes
                {
                    return close + hashes;
                }
                at = close;
            }
            bytes.len()
        }
        _ => end,
    }
}

/// Just past a (nested) block comment starting at `pos`.
fn block_comment_end(bytes: &[u8], mut pos: usize) -> usize {
    let mut depth = 0usize;
    while pos + 1 < bytes.len() {
        match (bytes[pos], bytes[pos + 1]) {
            (b'/', b'*') => {
                depth += 1;
                pos += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                pos += 2;
                if depth == 0 {
                    return pos;
                }
            }
            _ => pos += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(source: &str) -> Option<(String, bool, &str)> {
        first_duplicate_key(source).map(|d| (d.key, d.is_field, &source[d.second..]))
    }

    #[test]
    fn two_layers_of_one_annotator_are_found() {
        let source = r#"(layers: {"alice": (status: new), "bob": (), "alice": (status: done)})"#;
        let (key, is_field, rest) = duplicate(source).expect("duplicate");
        assert_eq!(key, "\"alice\"");
        assert!(!is_field);
        assert!(rest.starts_with("\"alice\": (status: done)"));
        let found = first_duplicate_key(source).expect("duplicate");
        assert!(source[found.first..].starts_with("\"alice\": (status: new)"));
    }

    #[test]
    fn repeated_fields_and_keys_spelt_differently_are_found() {
        assert_eq!(
            duplicate("(status: new, spans: [], status: done)").map(|d| (d.0, d.1)),
            Some(("status".to_owned(), true))
        );
        assert!(duplicate(r#"{"kind": "a", "\u{6b}ind": "b"}"#).is_some());
        assert!(duplicate(r##"{"kind": "a", r#"kind"#: "b"}"##).is_some());
        assert!(duplicate("(r#status: new, status: done)").is_some());
    }

    #[test]
    fn the_same_key_in_different_maps_and_look_alikes_are_not_duplicates() {
        for source in [
            r#"[(id: "a", attrs: {"kind": "x"}), (id: "b", attrs: {"kind": "y"})]"#,
            r##"(a: "x: y, a: z", b: 'a', c: ':', d: '\'', e: r#"a: "b", a: c"#)"##,
            "(a: 1, // a: 2\n b: 2 /* a: 3 /* nested */ a: */)",
            r#"(key: '(', name: "x", attributes: [(name: "k", kind: Enum(["a", "b"]))])"#,
            "(a: (1, 2), b: [1, 2], c: {1: 2, 2: 3})",
            "not ron at all: : :",
            "((((",
            "\"unterminated",
        ] {
            assert_eq!(duplicate(source), None, "{source}");
        }
    }
}
