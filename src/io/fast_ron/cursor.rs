//! A cursor over text in the canonical layout that builds the model's
//! structs field by field, giving up (for `ron` to take over) on anything
//! else.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::super::project_format::{CURRENT_VERSION, FORMAT};
use crate::model::{AttrValue, Attrs, DocId, Document, Layer, Schema, Span, SpanId, Status};

/// Why the fast reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The text ended in the middle of a value: more input may complete it.
    Incomplete,
    /// Not the canonical layout: leave the file to `ron`.
    Unsupported,
}

pub(crate) use Stop::{Incomplete, Unsupported};

pub(crate) type Step<T> = Result<T, Stop>;

/// Buffers reused between spans and layers, so that the vectors kept in the
/// project are allocated once at their exact size.
#[derive(Default)]
pub(crate) struct Scratch {
    spans: Vec<Span>,
    attrs: Vec<(String, AttrValue)>,
}

/// Where reading a text has got to.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Bytes read so far.
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after white space, not consumed.
    pub(crate) fn peek(&mut self) -> Step<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied().ok_or(Incomplete)
    }

    pub(crate) fn eat(&mut self, byte: u8) -> Step<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    fn ident(&mut self) -> Step<&'a str> {
        self.skip_ws();
        let start = self.pos;
        while let Some(b) = self.bytes.get(self.pos) {
            if b.is_ascii_alphanumeric() || *b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.pos == self.bytes.len() {
            return Err(Incomplete);
        }
        if self.pos == start {
            return Err(Unsupported);
        }
        Ok(&self.text[start..self.pos])
    }

    /// `name:` of a struct's next field, or `None` after its closing `)`.
    pub(crate) fn field(&mut self) -> Step<Option<&'a str>> {
        if self.peek()? == b')' {
            self.pos += 1;
            return Ok(None);
        }
        let name = self.ident()?;
        self.eat(b':')?;
        Ok(Some(name))
    }

    /// After a field's value: the next field, or `None` after the `)`.
    pub(crate) fn next_field(&mut self) -> Step<Option<&'a str>> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.field()
            }
            b')' => {
                self.pos += 1;
                Ok(None)
            }
            _ => Err(Unsupported),
        }
    }

    /// The value of field `name` if it is the current field `at`, which
    /// then moves on to the next field.
    pub(crate) fn take<T>(
        &mut self,
        at: &mut Option<&'a str>,
        name: &str,
        value: impl FnOnce(&mut Self) -> Step<T>,
    ) -> Step<Option<T>> {
        if *at != Some(name) {
            return Ok(None);
        }
        let v = value(self)?;
        *at = self.next_field()?;
        Ok(Some(v))
    }

    /// After an element of a list or map closed by `close`: `,` (consumed)
    /// or the closing bracket (left for the loop to see).
    pub(crate) fn separator(&mut self, close: u8) -> Step<()> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(())
            }
            b if b == close => Ok(()),
            _ => Err(Unsupported),
        }
    }

    /// Whether a list or map closed by `close` has another element; eats
    /// the closing bracket when not.
    pub(crate) fn more(&mut self, close: u8) -> Step<bool> {
        if self.peek()? == close {
            self.pos += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    pub(crate) fn string(&mut self) -> Step<String> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut i = start;
        let mut escaped = false;
        loop {
            let found = self
                .bytes
                .get(i..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                .ok_or(Incomplete)?;
            i += found;
            if self.bytes[i] == b'"' {
                break;
            }
            escaped = true;
            i += 2;
        }
        let raw = &self.text[start..i];
        self.pos = i + 1;
        if escaped {
            unescape(raw).ok_or(Unsupported)
        } else {
            Ok(raw.to_owned())
        }
    }

    pub(crate) fn number(&mut self) -> Step<usize> {
        self.skip_ws();
        let start = self.pos;
        let mut n: usize = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(usize::from(b - b'0')))
                .ok_or(Unsupported)?;
            self.pos += 1;
        }
        let Some(next) = self.bytes.get(self.pos) else {
            return Err(Incomplete);
        };
        let digits = self.pos - start;
        let leading_zero = digits > 1 && self.bytes[start] == b'0';
        if digits == 0
            || leading_zero
            || !matches!(
                next,
                b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}'
            )
        {
            return Err(Unsupported);
        }
        Ok(n)
    }

    pub(crate) fn string_map(&mut self) -> Step<BTreeMap<String, String>> {
        self.eat(b'{')?;
        let mut map = BTreeMap::new();
        while self.more(b'}')? {
            let key = self.string()?;
            self.eat(b':')?;
            if map.insert(key, self.string()?).is_some() {
                return Err(Unsupported);
            }
            self.separator(b'}')?;
        }
        Ok(map)
    }

    /// `(format: …, version: …, schema: …, documents: [` of a project file.
    pub(crate) fn header(&mut self) -> Step<Schema> {
        self.header_of(FORMAT, CURRENT_VERSION)
    }

    /// `(format: FORMAT, version: VERSION, schema: …, documents: [`.
    pub(crate) fn header_of(&mut self, format: &str, version: u32) -> Step<Schema> {
        self.eat(b'(')?;
        if self.field()? != Some("format") || self.string()? != format {
            return Err(Unsupported);
        }
        if self.next_field()? != Some("version") || self.number()? != version as usize {
            return Err(Unsupported);
        }
        if self.next_field()? != Some("schema") {
            return Err(Unsupported);
        }
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let mut de = ron::Deserializer::from_str(rest).map_err(|_| Unsupported)?;
        // A schema cut off by the end of a chunk fails too: ask for more.
        let schema = Schema::deserialize(&mut de).map_err(|_| Incomplete)?;
        self.pos += rest.len() - de.remainder().len();
        if self.next_field()? != Some("documents") {
            return Err(Unsupported);
        }
        self.eat(b'[')?;
        Ok(schema)
    }

    /// The next document and its `,`, or `None` after the list's `]`.
    pub(crate) fn next_document(&mut self, scratch: &mut Scratch) -> Step<Option<Document>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        let doc = self.document(scratch)?;
        self.separator(b']')?;
        Ok(Some(doc))
    }

    /// After the documents: an optional `,`, the `)` and nothing but white
    /// space.
    pub(crate) fn tail(&mut self) -> Step<()> {
        if self.peek()? == b',' {
            self.pos += 1;
        }
        self.eat(b')')?;
        self.skip_ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    fn document(&mut self, scratch: &mut Scratch) -> Step<Document> {
        self.eat(b'(')?;
        let mut at = self.field()?;
        let id = self.take(&mut at, "id", Self::string)?.ok_or(Unsupported)?;
        let title = self.take(&mut at, "title", Self::string)?;
        let meta = self.take(&mut at, "meta", Self::string_map)?;
        let sha256 = self.take(&mut at, "sha256", Self::string)?;
        let text = self.take(&mut at, "text", Self::string)?;
        let layers = self.take(&mut at, "layers", |c| c.layers(scratch))?;
        if at.is_some() {
            return Err(Unsupported);
        }
        Ok(Document {
            id: DocId(id),
            title: title.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            sha256: sha256.ok_or(Unsupported)?,
            text: text.ok_or(Unsupported)?,
            layers: layers.unwrap_or_default(),
        })
    }

    fn layers(&mut self, scratch: &mut Scratch) -> Step<BTreeMap<String, Layer>> {
        self.eat(b'{')?;
        let mut layers = BTreeMap::new();
        while self.more(b'}')? {
            let annotator = self.string()?;
            self.eat(b':')?;
            if layers.insert(annotator, self.layer(scratch)?).is_some() {
                return Err(Unsupported);
            }
            self.separator(b'}')?;
        }
        Ok(layers)
    }

    fn layer(&mut self, scratch: &mut Scratch) -> Step<Layer> {
        self.eat(b'(')?;
        let mut at = self.field()?;
        self.layer_fields(&mut at, scratch)
    }

    /// A layer's fields from the current field `at` to the closing `)`.
    pub(crate) fn layer_fields(
        &mut self,
        at: &mut Option<&'a str>,
        scratch: &mut Scratch,
    ) -> Step<Layer> {
        let status = self.take(at, "status", Self::status)?;
        let spans = self.take(at, "spans", |c| c.spans(scratch))?;
        let reviewed = self.take(at, "reviewed", Self::regions)?;
        if at.is_some() {
            return Err(Unsupported);
        }
        Ok(Layer {
            status: status.unwrap_or_default(),
            spans: spans.unwrap_or_default(),
            reviewed: reviewed.unwrap_or_default(),
        })
    }

    /// A list of `(start, end)` pairs.
    pub(crate) fn regions(&mut self) -> Step<Vec<(usize, usize)>> {
        self.eat(b'[')?;
        let mut regions = Vec::new();
        while self.more(b']')? {
            self.eat(b'(')?;
            let start = self.number()?;
            self.eat(b',')?;
            let end = self.number()?;
            self.eat(b')')?;
            regions.push((start, end));
            self.separator(b']')?;
        }
        Ok(regions)
    }

    pub(crate) fn status(&mut self) -> Step<Status> {
        match self.ident()? {
            "new" => Ok(Status::New),
            "in_progress" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            _ => Err(Unsupported),
        }
    }

    pub(crate) fn spans(&mut self, scratch: &mut Scratch) -> Step<Vec<Span>> {
        self.eat(b'[')?;
        scratch.spans.clear();
        while self.more(b']')? {
            let span = self.span(&mut scratch.attrs)?;
            scratch.spans.push(span);
            self.separator(b']')?;
        }
        Ok(exact_copy(&mut scratch.spans))
    }

    fn span(&mut self, attrs: &mut Vec<(String, AttrValue)>) -> Step<Span> {
        self.eat(b'(')?;
        let mut at = self.field()?;
        let id = self.take(&mut at, "id", Self::string)?.ok_or(Unsupported)?;
        let start = self.take(&mut at, "start", Self::number)?;
        let end = self.take(&mut at, "end", Self::number)?;
        let label = self.take(&mut at, "label", Self::string)?;
        let attrs = self.take(&mut at, "attrs", |c| c.attrs(attrs))?;
        if at.is_some() {
            return Err(Unsupported);
        }
        Ok(Span {
            id: SpanId(id),
            start: start.ok_or(Unsupported)?,
            end: end.ok_or(Unsupported)?,
            label: label.ok_or(Unsupported)?,
            attrs: attrs.unwrap_or_default(),
        })
    }

    fn attrs(&mut self, scratch: &mut Vec<(String, AttrValue)>) -> Step<Attrs> {
        self.eat(b'{')?;
        scratch.clear();
        while self.more(b'}')? {
            let key = self.string()?;
            self.eat(b':')?;
            scratch.push((key, self.attr_value()?));
            self.separator(b'}')?;
        }
        if !scratch.windows(2).all(|w| w[0].0 < w[1].0) {
            let mut keys: Vec<&str> = scratch.iter().map(|(key, _)| key.as_str()).collect();
            keys.sort_unstable();
            if keys.windows(2).any(|w| w[0] == w[1]) {
                return Err(Unsupported);
            }
        }
        Ok(Attrs::from_pairs(exact_copy(scratch)))
    }
}

impl Cursor<'_> {
    fn attr_value(&mut self) -> Step<AttrValue> {
        if self.peek()? != b'[' {
            return Ok(AttrValue::One(self.string()?));
        }
        self.eat(b'[')?;
        let mut ids = Vec::new();
        while self.more(b']')? {
            ids.push(self.string()?);
            self.separator(b']')?;
        }
        ids.shrink_to_fit();
        Ok(AttrValue::Many(ids))
    }
}

/// Moves the items of `scratch` into a vector of exactly their number,
/// leaving `scratch` empty with its capacity for the next use.
fn exact_copy<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(scratch.len());
    exact.append(scratch);
    exact
}

/// The text of a string literal's body with escapes, as `ron` reads it;
/// `None` for escapes this reader leaves to `ron` (`\x`, line continuations).
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let (c, used) = match rest.as_bytes().get(at + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'\'' => ('\'', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'0' => ('\0', 2),
            b'u' => {
                let body = rest[at + 2..].strip_prefix('{')?;
                let close = body.find('}')?;
                let hex = &body[..close];
                if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                (c, 4 + close)
            }
            _ => return None,
        };
        out.push(c);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    if out.capacity() - out.len() > out.len() / 8 {
        out.shrink_to_fit();
    }
    Some(out)
}
