//! The bytes of a spaCy v3 `DocBin` (`spacy/tokens/_serialize.py`): one
//! msgpack map, zlib-compressed.
//!
//! ```text
//! { "version": "0.1",
//!   "attrs": [ORTH, ENT_IOB, ENT_TYPE],       attribute ids, ORTH first
//!   "tokens": bin,     u64 little-endian, one row of attrs per token
//!   "spaces": bin,     one byte (0 or 1) per token: one space follows
//!   "lengths": bin,    i32 little-endian, tokens per document
//!   "strings": [str],  sorted, every string an id above stands for
//!   "cats": [{}], "flags": [{"has_unknown_spaces": false}],
//!   "span_groups": [bin],  per document, `SpanGroups.to_bytes()`
//!   "user_data": [bin] }   per document, msgpack of `doc.user_data`
//! ```
//!
//! `SpanGroups.to_bytes()` is a msgpack map from each group's bytes to its
//! keys (`{bin: ["sc"]}`); a group's bytes are the msgpack map `{"name",
//! "attrs", "spans"}`, each span 40 big-endian bytes: `id`, `kb_id`,
//! `label` (u64), `start`, `end` (tokens), `start_char`, `end_char` (code
//! points) (i32).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rmp::encode;

use super::hash::{string_hash, string_id_with_hash};

/// spaCy's attribute id `ORTH` (the token's text).
pub const ORTH: u64 = 65;
/// spaCy's attribute id `ENT_IOB`.
pub const ENT_IOB: u64 = 77;
/// spaCy's attribute id `ENT_TYPE` (the entity label).
pub const ENT_TYPE: u64 = 78;
/// The attributes written, in column order (ORTH first, as spaCy needs).
pub const ATTRS: [u64; 3] = [ORTH, ENT_IOB, ENT_TYPE];

/// `ENT_IOB` values: index into spaCy's `Token.iob_strings()`, `("", "I",
/// "O", "B")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Iob {
    /// Inside an entity.
    Inside = 1,
    /// Outside every entity.
    Outside = 2,
    /// First token of an entity.
    Begin = 3,
}

/// One token's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRow {
    /// String id of the token's text.
    pub orth: u64,
    /// Entity position.
    pub iob: Iob,
    /// String id of the entity label (0 outside entities).
    pub ent_type: u64,
    /// Whether one space follows the token.
    pub space: bool,
}

/// One span of the `sc` span group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanRow {
    /// String id of the label.
    pub label: u64,
    /// First token.
    pub start: i32,
    /// End token (exclusive).
    pub end: i32,
    /// First code point.
    pub start_char: i32,
    /// End code point (exclusive).
    pub end_char: i32,
}

/// The name of the span group that holds every span (`doc.spans["sc"]`,
/// where spaCy's `spancat` looks by default).
pub const SPAN_GROUP: &str = "sc";

/// A `DocBin` being filled, document by document.
#[derive(Debug, Default)]
pub struct DocBin<'a> {
    tokens: Vec<u8>,
    spaces: Vec<u8>,
    lengths: Vec<u8>,
    /// Every string an id stands for, and that id, by its hash.
    strings: HashMap<u64, (&'a str, u64), BuildHasherDefault<HashIsKey>>,
    span_groups: Vec<Vec<u8>>,
    user_data: Vec<Vec<u8>>,
}

impl<'a> DocBin<'a> {
    /// An empty `DocBin`.
    pub fn new() -> Self {
        let mut bin = Self::default();
        // spaCy's own DocBin lists "" (the text of every unset attribute).
        bin.intern("");
        bin
    }

    /// The id of `string`, which the bin lists among its strings.
    pub fn intern(&mut self, string: &'a str) -> u64 {
        let hash = string_hash(string);
        // Two strings with the same hash are one string to spaCy as well.
        self.strings
            .entry(hash)
            .or_insert_with(|| (string, string_id_with_hash(string, hash)))
            .1
    }

    /// Adds one document: its tokens, its `sc` spans and its id (kept in
    /// `doc.user_data["id"]`). The ids in `tokens` and `spans` come from
    /// [`DocBin::intern`].
    pub fn add_doc(&mut self, tokens: &[TokenRow], spans: &[SpanRow], id: &str) -> io::Result<()> {
        let length = i32::try_from(tokens.len())
            .map_err(|_| io::Error::other("a document has more than 2^31 tokens"))?;
        self.lengths.extend_from_slice(&length.to_le_bytes());
        self.tokens.reserve(tokens.len() * ATTRS.len() * 8);
        for token in tokens {
            for value in [token.orth, token.iob as u64, token.ent_type] {
                self.tokens.extend_from_slice(&value.to_le_bytes());
            }
            self.spaces.push(u8::from(token.space));
        }
        self.span_groups.push(span_groups_bytes(spans)?);
        let mut user_data = Vec::with_capacity(id.len() + 8);
        encode::write_map_len(&mut user_data, 1)?;
        encode::write_str(&mut user_data, "id")?;
        encode::write_str(&mut user_data, id)?;
        self.user_data.push(user_data);
        Ok(())
    }

    /// The `.spacy` file's bytes.
    pub fn to_bytes(&self) -> io::Result<Vec<u8>> {
        let docs = self.span_groups.len() as u32;
        let mut msg = Vec::with_capacity(self.tokens.len() + self.spaces.len() * 2 + 1024);
        encode::write_map_len(&mut msg, 10)?;
        encode::write_str(&mut msg, "version")?;
        encode::write_str(&mut msg, "0.1")?;
        encode::write_str(&mut msg, "attrs")?;
        encode::write_array_len(&mut msg, ATTRS.len() as u32)?;
        for attr in ATTRS {
            encode::write_uint(&mut msg, attr)?;
        }
        for (key, bytes) in [
            ("tokens", &self.tokens),
            ("spaces", &self.spaces),
            ("lengths", &self.lengths),
        ] {
            encode::write_str(&mut msg, key)?;
            write_bin(&mut msg, bytes)?;
        }
        let mut strings: Vec<&str> = self.strings.values().map(|&(s, _)| s).collect();
        strings.sort_unstable();
        encode::write_str(&mut msg, "strings")?;
        encode::write_array_len(&mut msg, len_u32(strings.len())?)?;
        for string in strings {
            encode::write_str(&mut msg, string)?;
        }
        encode::write_str(&mut msg, "cats")?;
        encode::write_array_len(&mut msg, docs)?;
        for _ in 0..docs {
            encode::write_map_len(&mut msg, 0)?;
        }
        encode::write_str(&mut msg, "flags")?;
        encode::write_array_len(&mut msg, docs)?;
        for _ in 0..docs {
            encode::write_map_len(&mut msg, 1)?;
            encode::write_str(&mut msg, "has_unknown_spaces")?;
            encode::write_bool(&mut msg, false)?;
        }
        for (key, list) in [
            ("span_groups", &self.span_groups),
            ("user_data", &self.user_data),
        ] {
            encode::write_str(&mut msg, key)?;
            encode::write_array_len(&mut msg, docs)?;
            for bytes in list {
                write_bin(&mut msg, bytes)?;
            }
        }
        // The fastest level: the 250 MB of 10,000 documents (50 MB of text)
        // compress several times faster than at the default level, to a
        // file 1.7 times as large (31 MB instead of 18 MB).
        let mut zlib = ZlibEncoder::new(Vec::with_capacity(msg.len() / 6), Compression::fast());
        zlib.write_all(&msg)?;
        zlib.finish()
    }
}

/// `doc.spans.to_bytes()` for a `Doc` whose only group is `sc`.
fn span_groups_bytes(spans: &[SpanRow]) -> io::Result<Vec<u8>> {
    let mut group = Vec::with_capacity(32 + spans.len() * 42);
    encode::write_map_len(&mut group, 3)?;
    encode::write_str(&mut group, "name")?;
    encode::write_str(&mut group, SPAN_GROUP)?;
    encode::write_str(&mut group, "attrs")?;
    encode::write_map_len(&mut group, 0)?;
    encode::write_str(&mut group, "spans")?;
    encode::write_array_len(&mut group, len_u32(spans.len())?)?;
    for span in spans {
        let mut packed = [0u8; 40];
        // id and kb_id stay 0.
        packed[16..24].copy_from_slice(&span.label.to_be_bytes());
        packed[24..28].copy_from_slice(&span.start.to_be_bytes());
        packed[28..32].copy_from_slice(&span.end.to_be_bytes());
        packed[32..36].copy_from_slice(&span.start_char.to_be_bytes());
        packed[36..40].copy_from_slice(&span.end_char.to_be_bytes());
        encode::write_bin(&mut group, &packed)?;
    }
    let mut groups = Vec::with_capacity(group.len() + 16);
    encode::write_map_len(&mut groups, 1)?;
    write_bin(&mut groups, &group)?;
    encode::write_array_len(&mut groups, 1)?;
    encode::write_str(&mut groups, SPAN_GROUP)?;
    Ok(groups)
}

fn len_u32(len: usize) -> io::Result<u32> {
    u32::try_from(len).map_err(|_| io::Error::other("too many items for msgpack"))
}

fn write_bin(out: &mut Vec<u8>, bytes: &[u8]) -> io::Result<()> {
    len_u32(bytes.len())?;
    encode::write_bin(out, bytes)?;
    Ok(())
}

/// A hasher for keys that are already good 64-bit hashes.
#[derive(Debug, Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
