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

pub(crate) mod cursor;
mod pieces;
pub(crate) mod write;

use std::io::Read;

use ron::ser::PrettyConfig;

use super::project_format::{CURRENT_VERSION, FORMAT};
use crate::model::Project;
use cursor::{Cursor, Scratch, Stop::Incomplete};
use write::{PlainChars, document, header};

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
    header(out, FORMAT, CURRENT_VERSION, schema, schema_config, plain);
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

/// Like [`parse`], reading the file from `reader` a few megabytes at a time
/// and parsing its documents on every core (see [`pieces`]), so that only
/// the project and a few pieces of text are ever in memory. Invalid UTF-8
/// and read errors also give `None`.
pub(crate) fn read(reader: impl Read) -> Option<Project> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    read_in_pieces(reader, CHUNK, workers)
}

/// [`read`] in pieces of about `chunk` bytes on `workers` threads.
fn read_in_pieces(reader: impl Read, chunk: usize, workers: usize) -> Option<Project> {
    let mut window = Window {
        reader,
        chunk,
        buf: Vec::new(),
        eof: false,
    };
    window.fill()?;
    let (schema, start) = loop {
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
    window.chunk = chunk;
    let (documents, tail) = pieces::read_documents(window, start, workers)?;
    Cursor::new(std::str::from_utf8(&tail).ok()?).tail().ok()?;
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
        simdutf8::basic::from_utf8(&bytes[..end]).ok()
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

#[cfg(test)]
mod tests;
