//! A fast writer and reader for the layout of project files.
//!
//! The `ron` crate reads and writes projects correctly but slowly (about
//! 40 MB/s) and its reader needs the whole file in memory next to the
//! project. The performance target (a 100 MB project opened and saved in
//! under a second each, in at most three times the file size) needs more.
//!
//! [`write_project`] produces exactly the bytes `ron`'s pretty printer
//! produces with the project file's configuration (tests compare the two on
//! every shape of project), streaming them document by document.
//!
//! [`parse`] and [`read`] accept that layout, with any ASCII white space and
//! optional trailing commas, and build the project directly. Anything else
//! (comments, fields in another order, unknown fields, a key given twice,
//! other escapes, another format or version) makes them return `None`, and the caller hands the file
//! to `ron`, which then defines the meaning and gives the error messages. The
//! schema, which is small, is always read by `ron`.
//!
//! The writer takes every struct apart field by field and the reader builds
//! every struct field by field, so a field added to `Project`, `Document`,
//! `Layer` or `Span` does not compile until it is handled here too (in the
//! order of the struct, as serde writes it); the tests then compare both
//! with `ron` again.

use std::collections::BTreeMap;
use std::io::Read;

use ron::ser::PrettyConfig;
use serde::Deserialize;

use super::project_format::{CURRENT_VERSION, FORMAT};
use crate::model::{
    AttrValue, Attrs, DocId, Document, Layer, Project, Schema, Span, SpanId, Status,
};

/// Output is handed to the sink in pieces of about this size.
const FLUSH_BYTES: usize = 1 << 20;

/// Bytes read from a file at a time.
const CHUNK: usize = 4 << 20;

/// Writes `project` as its canonical file text into `out`, calling `flush`
/// whenever `out` holds more than a megabyte (it may empty `out`) and once
/// at the end.
pub(crate) fn write_project<E>(
    project: &Project,
    schema_config: PrettyConfig,
    out: &mut String,
    mut flush: impl FnMut(&mut String) -> Result<(), E>,
) -> Result<(), E> {
    let Project { schema, documents } = project;
    let plain = &mut PlainChars::default();
    out.push_str("(\n  format: ");
    string(out, FORMAT, plain);
    out.push_str(",\n  version: ");
    number(out, CURRENT_VERSION as usize);
    out.push_str(",\n  schema: ");
    let schema =
        ron::ser::to_string_pretty(schema, schema_config).expect("schemas always serialise");
    out.push_str(&schema.replace('\n', "\n  "));
    out.push_str(",\n  documents: ");
    if documents.is_empty() {
        out.push_str("[],\n");
    } else {
        out.push_str("[\n");
        for doc in documents {
            document(out, doc, plain);
            if out.len() >= FLUSH_BYTES {
                flush(out)?;
            }
        }
        out.push_str("  ],\n");
    }
    out.push(')');
    flush(out)
}

fn document(out: &mut String, doc: &Document, plain: &mut PlainChars) {
    let Document {
        id,
        title,
        meta,
        sha256,
        text,
        layers,
    } = doc;
    out.push_str("    (\n      id: ");
    string(out, id.as_str(), plain);
    out.push_str(",\n      title: ");
    string(out, title, plain);
    out.push_str(",\n");
    if !meta.is_empty() {
        out.push_str("      meta: {\n");
        for (key, value) in meta {
            out.push_str("        ");
            string(out, key, plain);
            out.push_str(": ");
            string(out, value, plain);
            out.push_str(",\n");
        }
        out.push_str("      },\n");
    }
    out.push_str("      sha256: ");
    string(out, sha256, plain);
    out.push_str(",\n      text: ");
    string(out, text, plain);
    out.push_str(",\n");
    if !layers.is_empty() {
        out.push_str("      layers: {\n");
        for (
            annotator,
            Layer {
                status,
                spans,
                reviewed,
            },
        ) in layers
        {
            out.push_str("        ");
            string(out, annotator, plain);
            out.push_str(": (\n          status: ");
            out.push_str(status.as_str());
            out.push_str(",\n          spans: ");
            if spans.is_empty() {
                out.push_str("[],\n");
            } else {
                out.push_str("[\n");
                for span in spans {
                    self::span(out, span, plain);
                }
                out.push_str("          ],\n");
            }
            if !reviewed.is_empty() {
                out.push_str("          reviewed: [\n");
                for &(start, end) in reviewed {
                    out.push_str("            (");
                    number(out, start);
                    out.push_str(", ");
                    number(out, end);
                    out.push_str("),\n");
                }
                out.push_str("          ],\n");
            }
            out.push_str("        ),\n");
        }
        out.push_str("      },\n");
    }
    out.push_str("    ),\n");
}

fn span(out: &mut String, span: &Span, plain: &mut PlainChars) {
    let Span {
        id,
        start,
        end,
        label,
        attrs,
    } = span;
    out.push_str("            (id: ");
    string(out, id.as_str(), plain);
    out.push_str(", start: ");
    number(out, *start);
    out.push_str(", end: ");
    number(out, *end);
    out.push_str(", label: ");
    string(out, label, plain);
    if !attrs.is_empty() {
        out.push_str(", attrs: {");
        for (i, (key, value)) in attrs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            string(out, key, plain);
            out.push_str(": ");
            attr_value(out, value, plain);
        }
        out.push('}');
    }
    out.push_str("),\n");
}

fn attr_value(out: &mut String, value: &AttrValue, plain: &mut PlainChars) {
    match value {
        AttrValue::One(value) => string(out, value, plain),
        AttrValue::Many(ids) => {
            out.push('[');
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                string(out, id, plain);
            }
            out.push(']');
        }
    }
}

fn number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Which bytes are ASCII characters written as themselves.
static PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = !matches!(b as u8, b'"' | b'\\' | b'\'');
        b += 1;
    }
    table
};

/// Non-ASCII characters known to be written as themselves: asking
/// [`char::escape_debug`] (two Unicode table look-ups) once per distinct
/// character instead of once per occurrence makes writing twice as fast.
struct PlainChars([u32; 256]);

impl Default for PlainChars {
    fn default() -> Self {
        Self([0; 256])
    }
}

impl PlainChars {
    fn contains(&mut self, c: char) -> bool {
        let slot = &mut self.0[c as usize & 0xff];
        if *slot == u32::from(c) {
            return true;
        }
        let plain = c.escape_debug().len() == 1;
        if plain {
            *slot = u32::from(c);
        }
        plain
    }
}

/// A string literal as `ron` writes it: every character through
/// [`char::escape_debug`].
fn string(out: &mut String, s: &str, plain: &mut PlainChars) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if PLAIN_ASCII[usize::from(b)] {
            i += 1;
        } else if b.is_ascii() {
            out.push_str(&s[run..i]);
            out.extend(char::from(b).escape_debug());
            i += 1;
            run = i;
        } else {
            let c = s[i..].chars().next().expect("i is a character boundary");
            if !plain.contains(c) {
                out.push_str(&s[run..i]);
                out.extend(c.escape_debug());
                run = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Why the fast reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The text ended in the middle of a value: more input may complete it.
    Incomplete,
    /// Not the canonical layout: leave the file to `ron`.
    Unsupported,
}

use Stop::{Incomplete, Unsupported};

type Step<T> = Result<T, Stop>;

/// The project in `source`, if it has the canonical layout and the current
/// format and version; `None` otherwise.
pub(crate) fn parse(source: &str) -> Option<Project> {
    let mut cursor = Cursor::new(source);
    let schema = cursor.header().ok()?;
    let mut documents = Vec::new();
    let mut scratch = Scratch::default();
    while let Some(doc) = cursor.next_document(&mut scratch).ok()? {
        documents.push(doc);
    }
    cursor.tail().ok()?;
    documents.shrink_to_fit();
    Some(Project { schema, documents })
}

/// Like [`parse`], reading the file from `reader` a few megabytes at a time,
/// so that only the project and one chunk of text are ever in memory.
/// Invalid UTF-8 and read errors also give `None`.
pub(crate) fn read(reader: impl Read) -> Option<Project> {
    read_in_chunks(reader, CHUNK)
}

fn read_in_chunks(reader: impl Read, chunk: usize) -> Option<Project> {
    let mut window = Window {
        reader,
        chunk,
        buf: Vec::new(),
        eof: false,
    };
    window.fill()?;
    let (schema, mut start) = loop {
        let (result, end) = {
            let text = window.text(0)?;
            let mut cursor = Cursor::new(text);
            (cursor.header(), cursor.pos)
        };
        match result {
            Ok(schema) => break (schema, end),
            Err(Incomplete) if !window.eof => {
                window.chunk = window.chunk.max(window.buf.len());
                window.fill()?;
            }
            Err(_) => return None,
        }
    };
    let mut documents = Vec::new();
    let mut scratch = Scratch::default();
    loop {
        let (committed, outcome) = {
            let text = window.text(start)?;
            let mut cursor = Cursor::new(text);
            let mut committed = 0;
            let outcome = loop {
                match cursor.next_document(&mut scratch) {
                    Ok(Some(doc)) => {
                        documents.push(doc);
                        committed = cursor.pos;
                    }
                    Ok(None) => break Ok(cursor.pos),
                    Err(stop) => break Err(stop),
                }
            };
            (committed, outcome)
        };
        match outcome {
            Ok(end) => {
                start += end;
                break;
            }
            Err(Incomplete) if !window.eof => {
                if committed == 0 {
                    // A document larger than the window: double the window
                    // so that it is parsed O(1) times, not once per chunk.
                    window.chunk = window.chunk.max(window.buf.len() - start);
                }
                window.buf.drain(..start + committed);
                start = 0;
                window.fill()?;
            }
            Err(_) => return None,
        }
    }
    window.buf.drain(..start);
    while !window.eof {
        window.fill()?;
    }
    Cursor::new(window.text(0)?).tail().ok()?;
    documents.shrink_to_fit();
    Some(Project { schema, documents })
}

/// The unread part of a file.
struct Window<R> {
    reader: R,
    chunk: usize,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: Read> Window<R> {
    /// Appends up to a chunk more bytes.
    fn fill(&mut self) -> Option<()> {
        self.buf.reserve(self.chunk);
        let n = (&mut self.reader)
            .take(self.chunk as u64)
            .read_to_end(&mut self.buf)
            .ok()?;
        self.eof = n < self.chunk;
        Some(())
    }

    /// The buffer from `start` as text, up to the last complete character
    /// (all of it at the end of the file); `None` if it is not UTF-8.
    fn text(&self, start: usize) -> Option<&str> {
        let bytes = &self.buf[start..];
        let end = if self.eof {
            bytes.len()
        } else {
            complete_prefix(bytes)
        };
        std::str::from_utf8(&bytes[..end]).ok()
    }
}

/// Length of `bytes` without a UTF-8 sequence cut off at its end.
fn complete_prefix(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let b = bytes[n - back];
        if b & 0xc0 != 0x80 {
            let needs = match b {
                0xf0.. => 4,
                0xe0.. => 3,
                0xc0.. => 2,
                _ => 1,
            };
            return if needs > back { n - back } else { n };
        }
    }
    n
}

/// Buffers reused between spans and layers, so that the vectors kept in the
/// project are allocated once at their exact size.
#[derive(Default)]
struct Scratch {
    spans: Vec<Span>,
    attrs: Vec<(String, AttrValue)>,
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
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
    fn peek(&mut self) -> Step<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied().ok_or(Incomplete)
    }

    fn eat(&mut self, byte: u8) -> Step<()> {
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
    fn field(&mut self) -> Step<Option<&'a str>> {
        if self.peek()? == b')' {
            self.pos += 1;
            return Ok(None);
        }
        let name = self.ident()?;
        self.eat(b':')?;
        Ok(Some(name))
    }

    /// After a field's value: the next field, or `None` after the `)`.
    fn next_field(&mut self) -> Step<Option<&'a str>> {
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
    fn take<T>(
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
    fn separator(&mut self, close: u8) -> Step<()> {
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
    fn more(&mut self, close: u8) -> Step<bool> {
        if self.peek()? == close {
            self.pos += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    fn string(&mut self) -> Step<String> {
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

    fn number(&mut self) -> Step<usize> {
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

    fn string_map(&mut self) -> Step<BTreeMap<String, String>> {
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

    /// `(format: …, version: …, schema: …, documents: [`
    fn header(&mut self) -> Step<Schema> {
        self.eat(b'(')?;
        if self.field()? != Some("format") || self.string()? != FORMAT {
            return Err(Unsupported);
        }
        if self.next_field()? != Some("version") || self.number()? != CURRENT_VERSION as usize {
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
    fn next_document(&mut self, scratch: &mut Scratch) -> Step<Option<Document>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        let doc = self.document(scratch)?;
        self.separator(b']')?;
        Ok(Some(doc))
    }

    /// After the documents: an optional `,`, the `)` and nothing but white
    /// space.
    fn tail(&mut self) -> Step<()> {
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
        let status = self.take(&mut at, "status", Self::status)?;
        let spans = self.take(&mut at, "spans", |c| c.spans(scratch))?;
        let reviewed = self.take(&mut at, "reviewed", Self::regions)?;
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
    fn regions(&mut self) -> Step<Vec<(usize, usize)>> {
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

    fn status(&mut self) -> Step<Status> {
        match self.ident()? {
            "new" => Ok(Status::New),
            "in_progress" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            _ => Err(Unsupported),
        }
    }

    fn spans(&mut self, scratch: &mut Scratch) -> Step<Vec<Span>> {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::io::project_file::{
        parse_project, parse_project_reference, project_to_ron, project_to_ron_reference,
    };
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::validate::project_problems;
    use crate::synthetic::{self, SyntheticConfig};

    const AWKWARD: &str = "\u{201C}Hi\u{201D} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Zo\u{EB} e\u{301}\r\n\u{1F1FA}\u{1F1E6}\u{A0}\u{6F22} \"q\" 'a' \\ \t\0\u{1}\u{7F}\u{85}\u{AD}\u{2028}\u{FEFF}\u{E000}\u{10FFFF}\u{378} \\u{41} \u{301}";

    fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
        Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
    }

    /// Every shape of project the layout has.
    fn shapes() -> Vec<Project> {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let bare: Schema = ron::from_str(
            "(name: \"bare\", labels: [(name: \"x\", key: '(', color: \"#000000\"), (name: \"y)\", key: '\\'', color: \"\\\")\", attributes: [])])",
        )
        .expect("schema");
        let mut meta = BTreeMap::new();
        meta.insert(
            "url".to_owned(),
            "https://example.org/?a=1&b='2'".to_owned(),
        );
        meta.insert(AWKWARD.to_owned(), AWKWARD.to_owned());
        let mut full = Document::new("d\u{E9}1".into(), AWKWARD.into(), meta, AWKWARD.into());
        full.layers.insert(
            "alice".into(),
            Layer::with_spans(
                Status::Done,
                vec![
                    span("T1", 0, 4, "actor", &[("kind", "person")]),
                    span(
                        "T2",
                        1,
                        3,
                        "stance",
                        &[
                            ("polarity", "oppose"),
                            ("holder", "T1"),
                            ("target", AWKWARD),
                        ],
                    ),
                    span("T3", 2, 9, "date", &[]),
                    {
                        let mut claim = span("T4", 2, 9, "claim", &[]);
                        let ids = vec!["T1".to_owned(), AWKWARD.to_owned()];
                        claim.attrs.insert("speaker".into(), ids);
                        claim.attrs.insert("z".into(), Vec::new());
                        claim
                    },
                ],
            ),
        );
        full.layers.insert("model:crf".into(), Layer::default());
        let mut gold = Layer::with_spans(Status::InProgress, vec![span("T1", 0, 4, "actor", &[])]);
        gold.reviewed = vec![(0, 4), (2, 9)];
        full.layers.insert("gold".into(), gold);
        full.layers.insert(
            AWKWARD.into(),
            Layer::with_spans(Status::InProgress, vec![span("x y", 0, 1, "claim", &[])]),
        );
        let empty = Document::new(
            "empty".into(),
            String::new(),
            BTreeMap::new(),
            String::new(),
        );
        let mut projects = vec![
            Project::new(schema.clone()),
            Project::new(Schema {
                name: String::new(),
                labels: Vec::new(),
            }),
            Project::new(bare.clone()),
            Project {
                schema: schema.clone(),
                documents: vec![full.clone(), empty.clone()],
            },
            Project {
                schema: bare,
                documents: vec![empty, full],
            },
            synthetic::long_document(20_000, 500, 5),
        ];
        for seed in 0..3 {
            projects.push(synthetic::project(&SyntheticConfig {
                seed,
                ..SyntheticConfig::default()
            }));
        }
        projects
    }

    #[test]
    fn the_writer_gives_ron_s_bytes() {
        for project in shapes() {
            assert_eq!(project_to_ron(&project), project_to_ron_reference(&project));
        }
    }

    #[test]
    fn the_reader_reads_what_ron_reads() {
        for project in shapes() {
            let text = project_to_ron_reference(&project);
            assert_eq!(parse(&text).as_ref(), Some(&project));
            assert_eq!(parse_project_reference(&text).as_ref(), Ok(&project));
        }
    }

    #[test]
    fn the_demo_project_takes_the_fast_path_both_ways() {
        let text = include_str!("../../projects/diplomacy-demo.ron");
        let project = parse(text).expect("the demo is in the canonical layout");
        assert_eq!(Ok(&project), parse_project_reference(text).as_ref());
        assert_eq!(project_to_ron(&project), text);
    }

    #[test]
    fn reading_in_chunks_of_any_size_gives_the_same_project() {
        for project in shapes().into_iter().take(5) {
            let text = project_to_ron(&project);
            for chunk in [1, 2, 3, 5, 64, 1000, 1 << 20] {
                let read = read_in_chunks(text.as_bytes(), chunk);
                assert_eq!(read.as_ref(), Some(&project), "chunk {chunk}");
            }
        }
    }

    #[test]
    fn other_white_space_and_missing_trailing_commas_are_read() {
        let trailing = regex::Regex::new(r",(\s*[\]\})])").expect("regex");
        for project in shapes().into_iter().take(5) {
            let text = project_to_ron(&project);
            for variant in [
                text.replace('\n', "\r\n"),
                text.replace('\n', " ").replace("  ", "\t"),
                trailing.replace_all(&text, "$1").into_owned(),
                format!("\n\n{text}\n\n"),
                text.replace(": ", ":"),
            ] {
                let expected = parse_project_reference(&variant).expect("ron reads it");
                assert_eq!(parse(&variant).as_ref(), Some(&expected), "{variant}");
                assert_eq!(read_in_chunks(variant.as_bytes(), 7), Some(expected));
            }
        }
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let text = r#"(format: "marginalia-project", version: 1, schema: (name: "s", labels: []),
            documents: [(id: "a", sha256: "x", text: "t"),
                        (id: "b", sha256: "x", text: "t", layers: {"z": (), "y": (spans: [(id: "T1", start: 0, end: 1, label: "l")])})])"#;
        let expected = parse_project_reference(text).expect("ron reads it");
        assert_eq!(parse(text), Some(expected));
    }

    #[test]
    fn anything_else_is_left_to_ron_with_the_same_result() {
        let project = synthetic::project(&SyntheticConfig {
            documents: 2,
            text_bytes: 2_000,
            spans: 40,
            annotators: 2,
            seed: 9,
        });
        let text = project_to_ron(&project);
        let first_span = regex::Regex::new(r"start: (\d+), end: (\d+)").expect("regex");
        let cases = [
            first_span.replace(&text, "end: $2, start: $1").into_owned(),
            first_span
                .replace(&text, "start: +$1, end: $2")
                .into_owned(),
            first_span
                .replace(&text, "start: $1_0, end: $2")
                .into_owned(),
            first_span
                .replace(&text, "start: 0$1, end: $2")
                .into_owned(),
            text.replacen("(\n", "( // a comment\n", 1),
            text.replacen("(\n", "/* block */(\n", 1),
            text.replacen("id: \"T1\", ", "id: \"T1\", extra: 1, ", 1),
            text.replacen("text: \"", "text: \"\\x41", 1),
            text.replacen("title: \"", "title: \"\\\n   ", 1),
            text.replacen("title: ", "title: r\"raw\", ignored: ", 1),
            text.replacen("status: done", "status: Done", 1),
            text.replacen("    (\n      id:", "    Document(\n      id:", 1),
            format!("#![enable(implicit_some)]\n{text}"),
            format!("\u{FEFF}{text}"),
            text.replacen("\"analyst-a\": (", "\"analyst-a\": Layer(", 1),
        ];
        for case in cases {
            assert_ne!(case, text);
            let by_ron = parse_project_reference(&case)
                .ok()
                .filter(|p| project_problems(p).is_empty())
                .map(|mut p| {
                    p.canonicalize();
                    p
                });
            let ours = parse_project(&case, Path::new("p.ron")).ok();
            assert_eq!(ours, by_ron, "{case}");
            assert_eq!(parse(&case), None, "{case}");
            assert_eq!(read_in_chunks(case.as_bytes(), 5), None, "{case}");
        }
    }

    #[test]
    fn other_versions_formats_and_broken_files_are_not_read() {
        let text = project_to_ron(&shapes()[3]);
        for case in [
            text.replace("version: 1,", "version: 2,"),
            text.replace("marginalia-project", "something-else"),
            text[..text.len() - 1].to_owned(),
            format!("{text})"),
            String::new(),
        ] {
            assert_eq!(parse(&case), None);
            assert_eq!(read_in_chunks(case.as_bytes(), 3), None);
        }
        let mut bytes = text.into_bytes();
        let at = bytes.len() / 2;
        bytes[at] = 0xff;
        assert_eq!(read_in_chunks(&bytes[..], 1 << 10), None);
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
    }

    proptest! {
        #[test]
        fn any_strings_round_trip_and_match_ron(
            title in any_text(),
            text in any_text(),
            key in any_text(),
            value in any_text(),
            annotator in any_text(),
        ) {
            let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
            let mut meta = BTreeMap::new();
            meta.insert(key.clone(), value.clone());
            let mut doc = Document::new(DocId(value.clone()), title, meta, text);
            doc.layers.insert(
                annotator,
                Layer::with_spans(Status::New, vec![span(&key, 0, 1, &value, &[(&key, &value)])]),
            );
            let project = Project { schema, documents: vec![doc] };
            let written = project_to_ron(&project);
            prop_assert_eq!(&written, &project_to_ron_reference(&project));
            prop_assert_eq!(parse(&written), Some(project.clone()));
            prop_assert_eq!(read_in_chunks(written.as_bytes(), 3), Some(project));
        }
    }
}
