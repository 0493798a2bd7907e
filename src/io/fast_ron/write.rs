//! The pieces of the canonical layout, written as `ron`'s pretty printer
//! writes them: strings, numbers, spans and layers.

use std::collections::BTreeMap;

use ron::ser::PrettyConfig;

use crate::model::{AttrValue, Document, Layer, Schema, Span};

/// The opening of a file that lists documents, up to its `documents: `:
/// `(`, `format`, `version` and the schema (written by `ron` with
/// `schema_config`, indented one level).
pub(crate) fn header(
    out: &mut String,
    format: &str,
    version: u32,
    schema: &Schema,
    schema_config: PrettyConfig,
    plain: &mut PlainChars,
) {
    out.push_str("(\n  format: ");
    string(out, format, plain);
    out.push_str(",\n  version: ");
    number(out, version as usize);
    out.push_str(",\n  schema: ");
    let schema =
        ron::ser::to_string_pretty(schema, schema_config).expect("schemas always serialise");
    out.push_str(&schema.replace('\n', "\n  "));
    out.push_str(",\n  documents: ");
}

/// A document's `meta` field (nothing when it is empty), at a document's
/// field indentation inside a file's list of documents.
pub(crate) fn meta(out: &mut String, meta: &BTreeMap<String, String>, plain: &mut PlainChars) {
    if meta.is_empty() {
        return;
    }
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

/// One document of a project file, its layers inline.
pub(crate) fn document(out: &mut String, doc: &Document, plain: &mut PlainChars) {
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
    self::meta(out, meta, plain);
    out.push_str("      sha256: ");
    string(out, sha256, plain);
    out.push_str(",\n      text: ");
    string(out, text, plain);
    out.push_str(",\n");
    if !layers.is_empty() {
        out.push_str("      layers: {\n");
        for (annotator, layer) in layers {
            out.push_str("        ");
            string(out, annotator, plain);
            out.push_str(": (\n");
            layer_fields(out, layer, 10, plain);
            out.push_str("        ),\n");
        }
        out.push_str("      },\n");
    }
    out.push_str("    ),\n");
}

/// The fields of `layer` (`status`, `spans`, `reviewed`), each on its own
/// line indented by `indent` spaces, as inside a layer's parentheses.
pub(crate) fn layer_fields(out: &mut String, layer: &Layer, indent: usize, plain: &mut PlainChars) {
    let Layer {
        status,
        spans,
        reviewed,
    } = layer;
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    pad(out, indent);
    out.push_str("status: ");
    out.push_str(status.as_str());
    out.push_str(",\n");
    pad(out, indent);
    out.push_str("spans: ");
    if spans.is_empty() {
        out.push_str("[],\n");
    } else {
        out.push_str("[\n");
        for span in spans {
            pad(out, indent + 2);
            self::span(out, span, plain);
        }
        pad(out, indent);
        out.push_str("],\n");
    }
    if !reviewed.is_empty() {
        pad(out, indent);
        out.push_str("reviewed: [\n");
        for &(start, end) in reviewed {
            pad(out, indent + 2);
            out.push('(');
            number(out, start);
            out.push_str(", ");
            number(out, end);
            out.push_str("),\n");
        }
        pad(out, indent);
        out.push_str("],\n");
    }
}

/// One span on one line (the caller writes its indentation).
fn span(out: &mut String, span: &Span, plain: &mut PlainChars) {
    let Span {
        id,
        start,
        end,
        label,
        attrs,
    } = span;
    out.push_str("(id: ");
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

/// A number as `ron` writes it.
pub(crate) fn number(out: &mut String, mut n: usize) {
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
pub(crate) struct PlainChars([u32; 256]);

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
pub(crate) fn string(out: &mut String, s: &str, plain: &mut PlainChars) {
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
