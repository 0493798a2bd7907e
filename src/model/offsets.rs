//! Conversion between code-point offsets (what the project stores) and
//! UTF-8 byte offsets (what Rust strings and egui text layout use).
//!
//! Every offset outside the rendering code is a Unicode scalar value index,
//! end-exclusive, exactly like Python `str` indexing. These helpers are the
//! only place where the two meet.

/// Number of code points in `text`.
pub fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Byte offset of code point `char_idx` in `text`; `char_idx == char_len`
/// maps to `text.len()`. `None` when the index is past the end.
pub fn char_to_byte(text: &str, char_idx: usize) -> Option<usize> {
    if text.is_ascii() {
        return (char_idx <= text.len()).then_some(char_idx);
    }
    if char_idx == 0 {
        return Some(0);
    }
    match text.char_indices().nth(char_idx) {
        Some((byte, _)) => Some(byte),
        None => (char_len(text) == char_idx).then_some(text.len()),
    }
}

/// Code-point index of byte offset `byte_idx`. `None` when the byte offset is
/// past the end or falls inside a multi-byte character.
pub fn byte_to_char(text: &str, byte_idx: usize) -> Option<usize> {
    if !text.is_char_boundary(byte_idx) {
        return None;
    }
    Some(char_len(&text[..byte_idx]))
}

/// The text between code points `start` and `end` (end-exclusive), or `None`
/// when the range is reversed or leaves the text.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let from = char_to_byte(text, start)?;
    let to = from + char_to_byte(&text[from..], end - start)?;
    Some(&text[from..to])
}

/// Precomputed index for fast, repeated code point ↔ byte conversion on one
/// (possibly very long) text. Keeps a checkpoint every [`CharIndex::STRIDE`]
/// code points, so a conversion scans at most one stride.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharIndex {
    /// Byte offset of every `STRIDE`-th code point; empty for ASCII text.
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

impl CharIndex {
    /// Code points between two checkpoints.
    pub const STRIDE: usize = 64;

    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                char_len: text.len(),
                byte_len: text.len(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut count = 0;
        for (byte, _) in text.char_indices() {
            if count % Self::STRIDE == 0 {
                checkpoints.push(byte);
            }
            count += 1;
        }
        Self {
            checkpoints,
            char_len: count,
            byte_len: text.len(),
        }
    }

    /// Number of code points in the indexed text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    fn is_ascii(&self) -> bool {
        self.checkpoints.is_empty()
    }

    /// Byte offset of code point `char_idx` (clamped to the end of `text`).
    /// `text` must be the text this index was built from.
    pub fn char_to_byte(&self, text: &str, char_idx: usize) -> usize {
        debug_assert_eq!(text.len(), self.byte_len, "index built for another text");
        if char_idx >= self.char_len {
            return self.byte_len;
        }
        if self.is_ascii() {
            return char_idx;
        }
        let base = self.checkpoints[char_idx / Self::STRIDE];
        let rest = char_idx % Self::STRIDE;
        text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.byte_len, |(byte, _)| base + byte)
    }

    /// Code point containing byte offset `byte_idx` (a byte inside a
    /// multi-byte character maps to that character; past the end is clamped).
    pub fn byte_to_char(&self, text: &str, byte_idx: usize) -> usize {
        debug_assert_eq!(text.len(), self.byte_len, "index built for another text");
        if byte_idx >= self.byte_len {
            return self.char_len;
        }
        if self.is_ascii() {
            return byte_idx;
        }
        let block = self.checkpoints.partition_point(|&b| b <= byte_idx) - 1;
        let base = self.checkpoints[block];
        let within = text[base..]
            .char_indices()
            .take_while(|&(b, _)| base + b <= byte_idx)
            .count();
        block * Self::STRIDE + within - 1
    }
}

/// Code point ↔ byte conversion walking forward through one text: each
/// conversion scans from the code point asked for before (or from the
/// start, when asked for an earlier one), so a run of rising offsets costs
/// one pass over the text up to the last of them, and nothing past it.
#[derive(Debug, Clone, Copy)]
pub struct CharCursor<'t> {
    bytes: &'t [u8],
    char_idx: usize,
    byte_idx: usize,
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            char_idx: 0,
            byte_idx: 0,
        }
    }

    /// Byte offset of code point `char_idx` (the text's length for its
    /// code point count), or `None` past the end.
    pub fn char_to_byte(&mut self, char_idx: usize) -> Option<usize> {
        if char_idx < self.char_idx {
            (self.char_idx, self.byte_idx) = (0, 0);
        }
        while self.char_idx < char_idx {
            // Eight bytes at a time while at least eight code points are
            // left to pass: the code points starting in them (the bytes
            // that are not 0b10xx_xxxx), then the rest of the last one.
            if char_idx - self.char_idx >= 8
                && let Some(word) = self.bytes.get(self.byte_idx..self.byte_idx + 8)
            {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let continuations = (word & !(word << 1) & 0x8080_8080_8080_8080).count_ones();
                self.byte_idx += 8;
                self.char_idx += 8 - continuations as usize;
            } else if self.byte_idx == self.bytes.len() {
                return None;
            } else {
                self.byte_idx += 1;
                self.char_idx += 1;
            }
            while self
                .bytes
                .get(self.byte_idx)
                .is_some_and(|b| b & 0xC0 == 0x80)
            {
                self.byte_idx += 1;
            }
        }
        Some(self.byte_idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text that exercises every hard case at once.
    const HARD: &str = "A\u{1F469}\u{200D}\u{1F4BB} e\u{301} \u{201C}q\u{201D}\r\nx\u{A0}y \u{1F1FA}\u{1F1E6} 漢字";

    #[test]
    fn char_to_byte_walks_code_points_not_bytes() {
        assert_eq!(char_to_byte(HARD, 0), Some(0));
        assert_eq!(char_to_byte(HARD, 1), Some(1));
        assert_eq!(char_to_byte(HARD, 2), Some(5), "emoji is 4 bytes");
        assert_eq!(char_to_byte(HARD, 3), Some(8), "ZWJ is 3 bytes");
        assert_eq!(char_to_byte(HARD, char_len(HARD)), Some(HARD.len()));
        assert_eq!(char_to_byte(HARD, char_len(HARD) + 1), None);
    }

    #[test]
    fn byte_to_char_refuses_positions_inside_a_character() {
        assert_eq!(byte_to_char(HARD, 2), None);
        assert_eq!(byte_to_char(HARD, 5), Some(2));
        assert_eq!(byte_to_char(HARD, HARD.len() + 1), None);
    }

    #[test]
    fn slice_chars_takes_combining_marks_and_crlf_as_separate_code_points() {
        assert_eq!(slice_chars(HARD, 5, 7), Some("e\u{301}"));
        assert_eq!(
            slice_chars(HARD, 6, 7),
            Some("\u{301}"),
            "a mark alone is one code point"
        );
        let crlf = HARD.chars().position(|c| c == '\r').expect("has CR");
        assert_eq!(slice_chars(HARD, crlf, crlf + 2), Some("\r\n"));
        assert_eq!(slice_chars(HARD, 3, 2), None);
        assert_eq!(slice_chars(HARD, 0, 999), None);
    }

    #[test]
    fn char_index_agrees_with_plain_helpers_on_hard_text() {
        let long = HARD.repeat(40);
        let index = CharIndex::new(&long);
        assert_eq!(index.char_len(), char_len(&long));
        for c in 0..=index.char_len() {
            let b = index.char_to_byte(&long, c);
            assert_eq!(Some(b), char_to_byte(&long, c));
            assert_eq!(index.byte_to_char(&long, b), c);
        }
    }

    #[test]
    fn char_index_maps_inner_bytes_to_their_character() {
        let index = CharIndex::new(HARD);
        assert_eq!(index.byte_to_char(HARD, 2), 1, "inside the emoji");
        assert_eq!(index.byte_to_char(HARD, 10_000), index.char_len());
    }

    proptest! {
        #[test]
        fn round_trip_every_code_point(text in "\\PC{0,200}|[a-z\u{301}\u{200D}\u{1F600}\r\n\u{A0}]{0,200}") {
            let index = CharIndex::new(&text);
            let n = char_len(&text);
            prop_assert_eq!(n, text.chars().count());
            for c in 0..=n {
                let b = char_to_byte(&text, c).expect("in range");
                prop_assert!(text.is_char_boundary(b));
                prop_assert_eq!(byte_to_char(&text, b), Some(c));
                prop_assert_eq!(index.char_to_byte(&text, c), b);
                prop_assert_eq!(index.byte_to_char(&text, b), c);
            }
        }

        #[test]
        fn slices_equal_collected_chars(text in "\\PC{0,80}", a in 0usize..90, b in 0usize..90) {
            let chars: Vec<char> = text.chars().collect();
            let expected = (a <= b && b <= chars.len()).then(|| chars[a..b].iter().collect::<String>());
            prop_assert_eq!(slice_chars(&text, a, b).map(str::to_owned), expected);
        }
    }

    #[test]
    fn cursors_agree_with_char_to_byte_forward_and_back() {
        let text =
            "Zoe\u{301} \u{1F469}\u{200D}\u{1F4BB}\r\n\u{A0}ab and some ASCII text, then \u{E9}";
        let n = char_len(text);
        let mut cursor = CharCursor::new(text);
        for i in (0..=n + 1).chain((0..=n).rev()).chain([3, 7, 2, n + 5, 4]) {
            assert_eq!(cursor.char_to_byte(i), char_to_byte(text, i), "{i}");
        }
    }
}
