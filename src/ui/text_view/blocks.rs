//! Splits a document into blocks: its lines, with very long lines cut at a
//! space, so that only visible blocks are laid out and each block's galley
//! can be cached. Offsets are code points; the byte range is kept for
//! slicing the text.

use crate::model::offsets::CharIndex;

/// Lines longer than this many code points are cut into several blocks.
const MAX_BLOCK_CHARS: usize = 4000;

/// A run of text laid out as one galley.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First code point.
    pub start: usize,
    /// End code point (exclusive), without the line break.
    pub end: usize,
    /// Byte range of the displayed text (line break and a trailing `\r`
    /// excluded).
    pub bytes: (usize, usize),
}

impl Block {
    /// The displayed text of the block.
    pub fn text<'a>(&self, doc_text: &'a str) -> &'a str {
        &doc_text[self.bytes.0..self.bytes.1]
    }
}

/// The blocks of `text`, in order, covering every line.
pub fn split_blocks(text: &str, index: &CharIndex) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let shown = line.strip_suffix('\r').unwrap_or(line);
        cut_line(
            text,
            index,
            line_start,
            line_start + shown.len(),
            &mut blocks,
        );
        line_start = line_end + 1;
    }
    blocks
}

fn cut_line(text: &str, index: &CharIndex, from: usize, to: usize, blocks: &mut Vec<Block>) {
    let mut start = from;
    loop {
        let start_char = index.byte_to_char(text, start);
        let end_char = index.byte_to_char(text, to);
        if end_char - start_char <= MAX_BLOCK_CHARS {
            blocks.push(Block {
                start: start_char,
                end: end_char,
                bytes: (start, to),
            });
            return;
        }
        let limit = index.char_to_byte(text, start_char + MAX_BLOCK_CHARS);
        let cut = text[start..limit]
            .rfind(' ')
            .map_or(limit, |i| start + i + 1);
        let cut = if cut <= start { limit } else { cut };
        blocks.push(Block {
            start: start_char,
            end: index.byte_to_char(text, cut),
            bytes: (start, cut),
        });
        start = cut;
    }
}

/// Index of the block containing code point `pos` (the last block for the
/// end of the text; the following block for a line break).
pub fn block_of(blocks: &[Block], pos: usize) -> usize {
    blocks
        .partition_point(|b| b.end < pos)
        .min(blocks.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_without_their_crlf() {
        let text = "T\u{1F600}tle\r\n\r\nBody \u{201C}q\u{201D}\n";
        let blocks = split_blocks(text, &CharIndex::new(text));
        let shown: Vec<&str> = blocks.iter().map(|b| b.text(text)).collect();
        assert_eq!(shown, ["T\u{1F600}tle", "", "Body \u{201C}q\u{201D}", ""]);
        assert_eq!((blocks[2].start, blocks[2].end), (9, 17));
        assert_eq!(block_of(&blocks, 10), 2);
        assert_eq!(
            block_of(&blocks, 6),
            1,
            "the line break belongs to no block; the next one is taken"
        );
    }

    #[test]
    fn long_lines_are_cut_at_spaces_and_cover_every_code_point() {
        let text = "w\u{E9}rd ".repeat(3000);
        let index = CharIndex::new(&text);
        let blocks = split_blocks(&text, &index);
        assert!(blocks.len() >= 3);
        assert_eq!(blocks[0].start, 0);
        for pair in blocks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(pair[0].text(&text).ends_with(' '));
        }
        assert_eq!(blocks.last().map(|b| b.end), Some(index.char_len()));
    }
}
