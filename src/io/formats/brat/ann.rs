//! Reading `.ann` files into lines of annotations, as brat's
//! `annotation.py` splits them; what the lines mean is decided on import.

use std::collections::HashSet;
use std::path::Path;

use super::is_line_break;
use crate::io::FileError;

/// One annotation of a `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnLine {
    /// `T1<TAB>actor 0 5;6 10<TAB>covered text`.
    TextBound {
        /// `T1`.
        id: String,
        /// The entity type, our label.
        label: String,
        /// `(start, end)` code-point ranges, as written.
        fragments: Vec<(usize, usize)>,
        /// Everything after the tab that follows the offsets (the covered
        /// text, possibly followed by white space and more); `None` when
        /// the line ends after the offsets.
        tail: Option<String>,
    },
    /// `A1<TAB>kind T1 person`, or `A1<TAB>Negated T1` (binary); also the
    /// older `M` lines.
    Attribute {
        /// `A1`.
        id: String,
        /// Attribute name.
        name: String,
        /// Id of the annotated `T` line.
        target: String,
        /// The value; `None` for a binary attribute.
        value: Option<String>,
    },
    /// `R1<TAB>speaker Arg1:T3 Arg2:T1`.
    Relation {
        /// `R1`.
        id: String,
        /// Relation type.
        name: String,
        /// The first argument's annotation id.
        from: String,
        /// The second argument's annotation id.
        to: String,
    },
    /// `#1<TAB>AnnotatorNotes T1<TAB>text`.
    Note {
        /// `#1`.
        id: String,
        /// Id of the annotated line.
        target: String,
        /// The note's text, trimmed as brat trims it.
        text: String,
    },
    /// A kind of annotation Marginalia cannot hold (events, equivalences,
    /// normalisations), described for the error message.
    Unsupported(&'static str),
}

/// An annotation and its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnRecord {
    /// 1-based line number in the `.ann` file.
    pub line: usize,
    /// The annotation.
    pub ann: AnnLine,
}

/// Splits `source` into lines as Python's `str.splitlines` does (brat
/// reads `.ann` files that way); `\r\n` ends one line.
fn split_lines(source: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            lines.push(&source[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < source.len() {
        lines.push(&source[start..]);
    }
    lines
}

/// Parses every non-blank line of the `.ann` file `source` (read from
/// `path`); ids must be unique.
pub fn parse_ann(source: &str, path: &Path) -> Result<Vec<AnnRecord>, FileError> {
    let mut records = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (index, line) in split_lines(source).into_iter().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fail = |message: String| FileError::at(path, number, None, message);
        let Some((id, rest)) = line.split_once('\t') else {
            return Err(fail(
                "expected an annotation ID, a tab and its data (brat standoff)".into(),
            ));
        };
        if id != "*" && !seen.insert(id) {
            return Err(fail(format!("annotation id {id} is used twice")));
        }
        let (data, tail) = match rest.split_once('\t') {
            Some((data, tail)) => (data, Some(tail)),
            None => (rest, None),
        };
        let ann = match id.chars().next() {
            Some('T') => text_bound(id, data, tail).map_err(fail)?,
            Some('A' | 'M') => attribute(id, data).map_err(fail)?,
            Some('R') => relation(id, data).map_err(fail)?,
            Some('#') => note(id, data, tail).map_err(fail)?,
            Some('E') => AnnLine::Unsupported("an event (E line); Marginalia has no events"),
            Some('*') => {
                AnnLine::Unsupported("an equivalence (* line); Marginalia has no equivalence sets")
            }
            Some('N') => AnnLine::Unsupported(
                "a normalisation (N line); Marginalia has no links to knowledge bases",
            ),
            _ => {
                return Err(fail(format!(
                    "unknown annotation id {id:?} (brat ids start with T, A, M, R, E, N, # or *)"
                )));
            }
        };
        records.push(AnnRecord { line: number, ann });
    }
    Ok(records)
}

fn text_bound(id: &str, data: &str, tail: Option<&str>) -> Result<AnnLine, String> {
    let Some((label, offsets)) = data.split_once(' ') else {
        return Err(format!("{id}: expected TYPE START END after the tab"));
    };
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let numbers: Vec<&str> = fragment.split_whitespace().collect();
        let pair = match numbers.as_slice() {
            [start, end] => start.parse::<usize>().ok().zip(end.parse::<usize>().ok()),
            _ => None,
        };
        let Some(pair) = pair else {
            return Err(format!(
                "{id}: offsets {offsets:?} are not START END pairs separated by ';'"
            ));
        };
        fragments.push(pair);
    }
    Ok(AnnLine::TextBound {
        id: id.to_owned(),
        label: label.to_owned(),
        fragments,
        tail: tail.map(str::to_owned),
    })
}

fn attribute(id: &str, data: &str) -> Result<AnnLine, String> {
    let mut parts = data.splitn(3, ' ');
    let (Some(name), Some(target)) = (parts.next(), parts.next()) else {
        return Err(format!("{id}: expected NAME TARGET [VALUE] after the tab"));
    };
    if name.is_empty() || target.is_empty() {
        return Err(format!("{id}: expected NAME TARGET [VALUE] after the tab"));
    }
    Ok(AnnLine::Attribute {
        id: id.to_owned(),
        name: name.to_owned(),
        target: target.to_owned(),
        value: parts
            .next()
            .map(str::trim_end)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
    })
}

fn relation(id: &str, data: &str) -> Result<AnnLine, String> {
    let parts: Vec<&str> = data.split_whitespace().collect();
    let args: Option<Vec<&str>> = parts
        .get(1..)
        .unwrap_or_default()
        .iter()
        .map(|arg| arg.split_once(':').map(|(_, target)| target))
        .collect();
    match (parts.first(), args.as_deref()) {
        (Some(name), Some([from, to])) if !from.is_empty() && !to.is_empty() => {
            Ok(AnnLine::Relation {
                id: id.to_owned(),
                name: (*name).to_owned(),
                from: (*from).to_owned(),
                to: (*to).to_owned(),
            })
        }
        _ => Err(format!(
            "{id}: expected TYPE Arg1:ID Arg2:ID after the tab (a relation has exactly two arguments)"
        )),
    }
}

fn note(id: &str, data: &str, tail: Option<&str>) -> Result<AnnLine, String> {
    let parts: Vec<&str> = data.split_whitespace().collect();
    let [_, target] = parts.as_slice() else {
        return Err(format!(
            "{id}: expected AnnotatorNotes TARGET after the tab"
        ));
    };
    Ok(AnnLine::Note {
        id: id.to_owned(),
        target: (*target).to_owned(),
        text: tail.unwrap_or_default().trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Vec<AnnRecord>, FileError> {
        parse_ann(source, Path::new("d.ann"))
    }

    #[test]
    fn reads_every_kind_of_line_with_its_number() {
        let source = "T1\tactor 0 5\tPutin\r\n\nT2\tclaim 6 10;11 15\tsaid this\nA1\tkind T1 person\nM2\tNegated T2\nR1\tspeaker Arg1:T2 Arg2:T1\t\n#1\tAnnotatorNotes T2\tvalue=\"x\" \nE1\tMeet:T3\n";
        let records = parse(source).expect("parses");
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 4, 5, 6, 7, 8]);
        assert_eq!(
            records[1].ann,
            AnnLine::TextBound {
                id: "T2".into(),
                label: "claim".into(),
                fragments: vec![(6, 10), (11, 15)],
                tail: Some("said this".into()),
            }
        );
        assert!(matches!(
            &records[3].ann,
            AnnLine::Attribute { value: None, .. }
        ));
        assert!(
            matches!(&records[4].ann, AnnLine::Relation { from, to, .. } if from == "T2" && to == "T1")
        );
        assert!(matches!(&records[5].ann, AnnLine::Note { text, .. } if text == "value=\"x\""));
        assert!(matches!(records[6].ann, AnnLine::Unsupported(_)));
    }

    #[test]
    fn lines_end_where_python_splitlines_ends_them() {
        assert_eq!(
            split_lines("a\u{2028}b\r\nc\rd\u{85}e"),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(split_lines("a\n\nb\n"), ["a", "", "b"]);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let err = parse("T1\tactor 0 5\tPutin\nT2\tactor zero 5\tx\n").expect_err("bad");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("not START END pairs"), "{err}");
        let err = parse("T1\tactor 0 5\tPutin\nT1\tactor 0 5\tPutin\n").expect_err("dup");
        assert!(err.message.contains("used twice"), "{err}");
        let err = parse("R1\tspeaker Arg1:T2\n").expect_err("one arg");
        assert!(err.message.contains("exactly two"), "{err}");
        let err = parse("X1\tfoo\n").expect_err("unknown");
        assert!(err.message.contains("unknown annotation id"), "{err}");
    }
}
