//! The documents of a project file read on several threads.
//!
//! The reading thread cuts the text after the header into pieces where a
//! document starts in the canonical layout, workers parse the pieces, and
//! the reading thread joins their documents in order. A cut is only a
//! guess: a piece's documents count as parsed when the piece before it
//! ended exactly at its start (after a document and its `,`); otherwise
//! what the previous piece left over is parsed again with the piece, on the
//! reading thread. So pieces cut anywhere give the project reading the text
//! in one go gives, and at most a few pieces are in memory at once.

use std::collections::BTreeMap;
use std::io::Read;
use std::mem;
use std::sync::{Mutex, mpsc};

use super::Window;
use super::cursor::{Cursor, Scratch, Stop};
use crate::model::Document;

/// Where the canonical layout starts a document: after the previous
/// document's `),` (the cut falls after the comma, [`CUT_AT`] bytes in).
const DOCUMENT_START: &[u8] = b"\n    ),\n    (\n      id: ";

/// Bytes of [`DOCUMENT_START`] that stay in the piece before the cut.
const CUT_AT: usize = 7;

/// A piece with no document start in this many times the piece size (a
/// file in another layout) is cut at its last ASCII byte instead.
const FORCED_CUT: usize = 4;

/// Text handed to a worker.
struct Piece {
    index: usize,
    bytes: Vec<u8>,
    last: bool,
}

/// A piece as a worker parsed it.
struct Parsed {
    piece: Piece,
    /// `None`: not UTF-8 or not the canonical layout (which only counts
    /// when the piece starts where a document does).
    outcome: Option<Outcome>,
}

/// How far the text of a piece was read.
struct Outcome {
    documents: Vec<Document>,
    /// Bytes up to the end of the last document's `,`.
    committed: usize,
    end: End,
}

/// Where reading a piece stopped.
enum End {
    /// At the end of the text, in or after a document.
    More,
    /// After the documents' `]`, at this byte.
    Closed(usize),
}

/// The documents of `window` from byte `start` on (just after the
/// documents' `[`) and the text after their `]`, read on `workers` threads
/// in pieces of about `window.chunk` bytes; `None` when the text is not
/// UTF-8, not the canonical layout, cut short, or a read fails.
pub(super) fn read_documents<R: Read>(
    mut window: Window<R>,
    start: usize,
    workers: usize,
) -> Option<(Vec<Document>, Vec<u8>)> {
    window.buf.drain(..start);
    let (piece_tx, piece_rx) = mpsc::sync_channel::<Piece>(workers);
    let (parsed_tx, parsed_rx) = mpsc::channel::<Parsed>();
    let piece_rx = Mutex::new(piece_rx);
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let (piece_rx, parsed_tx) = (&piece_rx, parsed_tx.clone());
            scope.spawn(move || work(piece_rx, &parsed_tx));
        }
        drop(parsed_tx);
        // Both ends are dropped when this returns, early or not, which
        // stops the workers.
        let (piece_tx, parsed_rx) = (piece_tx, parsed_rx);
        let mut joiner = Joiner::default();
        cut(&mut window, |piece| {
            piece_tx.send(piece).ok()?;
            while let Ok(parsed) = parsed_rx.try_recv() {
                joiner.take(parsed)?;
            }
            Some(joiner.spare.pop().unwrap_or_default())
        })?;
        drop(piece_tx);
        for parsed in parsed_rx {
            joiner.take(parsed)?;
        }
        joiner.finish()
    })
}

/// A worker: parses pieces until there are no more or nobody waits for
/// them.
fn work(pieces: &Mutex<mpsc::Receiver<Piece>>, parsed: &mpsc::Sender<Parsed>) {
    let mut scratch = Scratch::default();
    loop {
        let next = pieces.lock().map(|rx| rx.recv());
        let Ok(Ok(piece)) = next else { return };
        let outcome = parse_piece(&piece.bytes, &mut scratch);
        if parsed.send(Parsed { piece, outcome }).is_err() {
            return;
        }
    }
}

/// Cuts the rest of the file into pieces and hands them to `send`, the
/// last one marked; `send` gives back an empty buffer to reuse (its pages
/// are already mapped).
fn cut<R: Read>(
    window: &mut Window<R>,
    mut send: impl FnMut(Piece) -> Option<Vec<u8>>,
) -> Option<()> {
    let mut index = 0;
    let mut spare = Vec::new();
    // Bytes of the buffer already searched for a document start.
    let mut searched: usize = 0;
    loop {
        if window.eof {
            let bytes = mem::take(&mut window.buf);
            return send(Piece {
                index,
                bytes,
                last: true,
            })
            .map(drop);
        }
        if window.buf.len() < window.chunk {
            window.fill()?;
            continue;
        }
        let buf = &window.buf;
        let from = searched.saturating_sub(DOCUMENT_START.len() - 1);
        let at = memchr::memmem::rfind(&buf[from..], DOCUMENT_START)
            .map(|at| from + at + CUT_AT)
            .or_else(|| {
                (buf.len() >= FORCED_CUT * window.chunk)
                    .then(|| buf.iter().rposition(u8::is_ascii))
                    .flatten()
                    .filter(|&at| at > 0)
            });
        searched = buf.len();
        let Some(at) = at else {
            window.fill()?;
            continue;
        };
        let mut rest = mem::take(&mut spare);
        rest.extend_from_slice(&window.buf[at..]);
        window.buf.truncate(at);
        searched -= at;
        let bytes = mem::replace(&mut window.buf, rest);
        spare = send(Piece {
            index,
            bytes,
            last: false,
        })?;
        index += 1;
    }
}

/// The documents of `bytes`, read from its start up to its end or the
/// documents' `]`.
fn parse_piece(bytes: &[u8], scratch: &mut Scratch) -> Option<Outcome> {
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let mut cursor = Cursor::new(text);
    let mut documents = Vec::new();
    let mut committed = 0;
    let end = loop {
        match cursor.next_document(scratch) {
            Ok(Some(doc)) => {
                documents.push(doc);
                committed = cursor.pos;
            }
            Ok(None) => break End::Closed(cursor.pos),
            Err(Stop::Incomplete) => break End::More,
            Err(Stop::Unsupported) => return None,
        }
    };
    Some(Outcome {
        documents,
        committed,
        end,
    })
}

/// Puts parsed pieces back in order and in one list.
#[derive(Default)]
struct Joiner {
    /// The number of the next piece to join.
    next: usize,
    /// Pieces parsed ahead of it.
    waiting: BTreeMap<usize, Parsed>,
    /// Text the last joined piece left unread (in a document it does not
    /// hold whole).
    carry: Vec<u8>,
    /// The text after the documents' `]`, once it is seen.
    tail: Option<Vec<u8>>,
    /// Whether the last piece was joined.
    done: bool,
    /// Emptied buffers of joined pieces, for the next pieces' text.
    spare: Vec<Vec<u8>>,
    documents: Vec<Document>,
    scratch: Scratch,
}

impl Joiner {
    /// Joins `parsed` and every piece waiting for it; `None` when the
    /// project cannot be read this way.
    fn take(&mut self, parsed: Parsed) -> Option<()> {
        self.waiting.insert(parsed.piece.index, parsed);
        while let Some(parsed) = self.waiting.remove(&self.next) {
            self.next += 1;
            self.join(parsed)?;
        }
        Some(())
    }

    fn join(&mut self, Parsed { piece, outcome }: Parsed) -> Option<()> {
        self.done = piece.last;
        if let Some(tail) = &mut self.tail {
            tail.extend_from_slice(&piece.bytes);
            self.recycle(piece.bytes);
            return Some(());
        }
        let (outcome, bytes) = if self.carry.is_empty() {
            (outcome?, piece.bytes)
        } else {
            // The piece does not start where a document does: read it on
            // from what the previous one left.
            let mut bytes = mem::take(&mut self.carry);
            bytes.extend_from_slice(&piece.bytes);
            self.recycle(piece.bytes);
            (parse_piece(&bytes, &mut self.scratch)?, bytes)
        };
        self.documents.extend(outcome.documents);
        match outcome.end {
            End::More if piece.last => return None,
            End::More => self.carry = bytes[outcome.committed..].to_vec(),
            End::Closed(at) => self.tail = Some(bytes[at..].to_vec()),
        }
        self.recycle(bytes);
        Some(())
    }

    /// Keeps `bytes`'s memory for a later piece (two buffers at most).
    fn recycle(&mut self, mut bytes: Vec<u8>) {
        if self.spare.len() < 2 {
            bytes.clear();
            self.spare.push(bytes);
        }
    }

    /// The documents and the text after them, once every piece is joined.
    fn finish(mut self) -> Option<(Vec<Document>, Vec<u8>)> {
        if !self.done || !self.waiting.is_empty() {
            return None;
        }
        self.documents.shrink_to_fit();
        Some((self.documents, self.tail?))
    }
}
