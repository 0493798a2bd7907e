//! One layer file, `layers/ANNOTATOR/ID.ron`: the document it belongs to,
//! the SHA-256 of the text it was made against, and the layer's fields as
//! in the single project file (one span a line). Written fast; read fast
//! when it has that layout, else by `ron`, which then gives the errors.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::io::FileError;
use crate::io::fast_ron::cursor::{Cursor, Incomplete, Scratch, Step, Unsupported};
use crate::io::fast_ron::write::{PlainChars, layer_fields, string};
use crate::io::ron_support::{check_conflict_markers, check_duplicate_keys, ron_error};
use crate::model::{DocId, Document, Layer, Span, Status};

/// What a layer file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerFile {
    /// The document the layer annotates.
    pub document: DocId,
    /// SHA-256 of the text the layer was made against.
    pub sha256: String,
    /// The layer.
    pub layer: Layer,
}

/// The layer file as serde sees it (the reference layout and `ron`'s path).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFileRon {
    document: DocId,
    sha256: String,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    reviewed: Vec<(usize, usize)>,
}

/// The bytes of the file of `layer` on `doc`.
pub fn write_layer_file(doc: &Document, layer: &Layer) -> String {
    let plain = &mut PlainChars::default();
    let mut out = String::with_capacity(128 + 96 * layer.spans.len());
    out.push_str("(\n  document: ");
    string(&mut out, doc.id.as_str(), plain);
    out.push_str(",\n  sha256: ");
    string(&mut out, &doc.sha256, plain);
    out.push_str(",\n");
    layer_fields(&mut out, layer, 2, plain);
    out.push(')');
    out
}

/// Reads a layer file (its text `source`, read from `path`).
pub fn parse_layer_file(source: &str, path: &Path) -> Result<LayerFile, FileError> {
    if let Some(file) = parse_fast(source) {
        return Ok(file);
    }
    if source.trim().is_empty() {
        return Err(FileError::new(path, "the file is empty, expected a layer"));
    }
    check_conflict_markers(source, path)?;
    check_duplicate_keys(source, path)?;
    let file: LayerFileRon = ron::from_str(source).map_err(|err| ron_error(path, &err))?;
    Ok(LayerFile {
        document: file.document,
        sha256: file.sha256,
        layer: Layer {
            status: file.status,
            spans: file.spans,
            reviewed: file.reviewed,
        },
    })
}

fn parse_fast(source: &str) -> Option<LayerFile> {
    let mut cursor = Cursor::new(source);
    cursor.eat(b'(').ok()?;
    let mut at = cursor.field().ok()?;
    let document = cursor.take(&mut at, "document", Cursor::string).ok()??;
    let sha256 = cursor.take(&mut at, "sha256", Cursor::string).ok()??;
    let layer = cursor.layer_fields(&mut at, &mut Scratch::default()).ok()?;
    cursor.end().ok()?;
    Some(LayerFile {
        document: DocId(document),
        sha256,
        layer,
    })
}

impl Cursor<'_> {
    /// Nothing but white space left.
    fn end(&mut self) -> Step<()> {
        match self.peek() {
            Err(Incomplete) => Ok(()),
            _ => Err(Unsupported),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file::tests::sample_project;
    use crate::io::ron_support::pretty_config;

    fn reference(doc: &Document, layer: &Layer) -> String {
        let file = LayerFileRon {
            document: doc.id.clone(),
            sha256: doc.sha256.clone(),
            status: layer.status,
            spans: layer.spans.clone(),
            reviewed: layer.reviewed.clone(),
        };
        ron::ser::to_string_pretty(&file, pretty_config().depth_limit(2)).expect("serialises")
    }

    #[test]
    fn layer_files_are_written_as_ron_writes_them_and_read_back() {
        let project = sample_project();
        let doc = &project.documents[0];
        let mut reviewed = doc.layers["alice"].clone();
        reviewed.reviewed = vec![(0, 4), (5, 13)];
        for layer in [&doc.layers["alice"], &doc.layers["gold"], &reviewed] {
            let text = write_layer_file(doc, layer);
            assert_eq!(text, reference(doc, layer));
            let fast = parse_fast(&text).expect("fast path");
            assert_eq!(&fast.layer, layer);
            assert_eq!(fast.document, doc.id);
            let slow = parse_layer_file(&text.replace("\n  ", "\n    "), Path::new("x.ron"))
                .expect("read");
            assert_eq!(slow, fast);
        }
        assert!(
            write_layer_file(doc, &doc.layers["alice"]).contains(
                "\n  spans: [\n    (id: \"T2\", start: 0, end: 4, label: \"claim\", attrs: {\"speaker\": \"T1\"}),\n"
            )
        );
    }

    #[test]
    fn conflict_markers_are_named_with_their_line_and_how_to_resolve() {
        let project = sample_project();
        let doc = &project.documents[0];
        let text = write_layer_file(doc, &doc.layers["alice"]);
        let conflicted = text.replacen(
            "  status: done,\n",
            "<<<<<<< HEAD\n  status: done,\n=======\n  status: new,\n>>>>>>> theirs\n",
            1,
        );
        let err = parse_layer_file(&conflicted, Path::new("layers/alice/doc-1.ron"))
            .expect_err("conflict");
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.to_string().contains("git checkout --ours"), "{err}");
        assert!(err.to_string().contains("layers/alice/doc-1.ron"), "{err}");
    }

    #[test]
    fn broken_files_are_errors_with_line_and_column() {
        let err = parse_layer_file("(document: \"a\", sha256: 3)", Path::new("l.ron"))
            .expect_err("broken");
        assert_eq!(err.line, Some(1));
        assert!(err.column.is_some());
        let err = parse_layer_file("  \n", Path::new("l.ron")).expect_err("empty");
        assert!(err.to_string().contains("empty"), "{err}");
    }
}
