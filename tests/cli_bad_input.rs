//! Table-driven bad input: every malformed file or refused operation must
//! fail with exit status 1 and ONE clear line on stderr naming the file, the
//! line and (for syntax errors) the column, with no panic, and must leave
//! every file in the scratch folder byte-for-byte unchanged, creating none.

mod common;

use std::fmt::Write as _;

use common::{Scratch, copy_tree, fixture};

/// How a case's malformed input is made. Every scratch folder starts with
/// `p.ron` (the Unicode fixture project), `alice.jsonl`, `docs/` and `bad/`.
enum Make {
    /// Nothing more: the case uses the files as they are (or a missing one).
    Nothing,
    /// `name` is a copy of `base` with the first `from` of each pair replaced
    /// by its `to`.
    Edit {
        name: &'static str,
        base: &'static str,
        edits: &'static [(&'static str, &'static str)],
    },
    /// `name` is a copy of `base` with `byte` inserted after the first `after`.
    InsertByte {
        name: &'static str,
        base: &'static str,
        after: &'static str,
        byte: u8,
    },
    /// `name` is the first `lines` lines of `base` (a partial write).
    Truncate {
        name: &'static str,
        base: &'static str,
        lines: usize,
    },
    /// `name` holds exactly these bytes.
    Bytes {
        name: &'static str,
        bytes: &'static [u8],
    },
    /// `name` is an empty folder.
    Folder(&'static str),
}

/// Where the message must point.
enum At {
    /// `file: message`, the file as a whole.
    File(&'static str),
    /// `file:line: message` on the line holding the marker (JSONL problems
    /// are per line and carry no column).
    LineOf(&'static str, &'static str),
    /// `file:line:col: message` at the start of the first marker.
    Start(&'static str, &'static str),
    /// `file:line:col: message` just after the first marker.
    After(&'static str, &'static str),
    /// `file:line:col: message` just after the last non-space character,
    /// where a truncated file stops.
    End(&'static str),
}

struct Case {
    name: &'static str,
    make: Make,
    args: &'static [&'static str],
    at: At,
    says: &'static [&'static str],
}

/// The SHA-256 of `docs/crlf-nbsp.txt` with "Dmitry" spelt "Dmitri".
const CHANGED_TEXT_SHA: &str = "6f2fdd8d32dbf95970208693ff88399d94b1d41c4a0f42478489599e93939422";
/// The SHA-256 of `docs/crlf-nbsp.txt`.
const TEXT_SHA: &str = "38cd54abc536c9925ebf40f9e52add348e5145d7541822732d2df185d3b951c0";

fn edit(
    name: &'static str,
    base: &'static str,
    edits: &'static [(&'static str, &'static str)],
) -> Make {
    Make::Edit { name, base, edits }
}

/// `bad.ron`: the project with one edit.
fn ron_edit(edit: &'static (&'static str, &'static str)) -> Make {
    Make::Edit {
        name: "bad.ron",
        base: "p.ron",
        edits: std::slice::from_ref(edit),
    }
}

/// `bad.jsonl`: `alice.jsonl` with one edit.
fn jsonl_edit(edit: &'static (&'static str, &'static str)) -> Make {
    Make::Edit {
        name: "bad.jsonl",
        base: "alice.jsonl",
        edits: std::slice::from_ref(edit),
    }
}

/// A project whose `format` field names another format, given to `args`.
fn wrong_format(name: &'static str, args: &'static [&'static str]) -> Case {
    Case {
        name,
        make: ron_edit(&("format: \"marginalia-project\"", "format: \"brat-project\"")),
        args,
        at: At::Start("bad.ron", "format:"),
        says: &["format \"brat-project\" is not a Marginalia project"],
    }
}

#[allow(clippy::too_many_lines)]
fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "truncated project (a partial write)",
            make: Make::Truncate {
                name: "cut.ron",
                base: "p.ron",
                lines: 100,
            },
            args: &[
                "export",
                "cut.ron",
                "--format",
                "jsonl",
                "--out",
                "out.jsonl",
            ],
            at: At::End("cut.ron"),
            says: &["end of RON"],
        },
        Case {
            name: "span end past the end of the text",
            make: ron_edit(&("start: 9, end: 14,", "start: 9, end: 999,")),
            args: &["validate", "bad.ron"],
            at: At::Start("bad.ron", "end: 999"),
            says: &["span T1: end 999 is past the end of the text (96 code points)"],
        },
        Case {
            name: "span start after its end",
            make: ron_edit(&("start: 70, end: 75,", "start: 75, end: 70,")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "start: 75"),
            says: &["span T2: start 75 is not before end 70"],
        },
        Case {
            name: "empty span (start equals end)",
            make: ron_edit(&("start: 70, end: 75,", "start: 70, end: 70,")),
            args: &[
                "export",
                "bad.ron",
                "--format",
                "jsonl",
                "--out",
                "out.jsonl",
            ],
            at: At::Start("bad.ron", "start: 70, end: 70"),
            says: &["span T2: start 70 is not before end 70"],
        },
        Case {
            name: "label not in the schema",
            make: ron_edit(&("label: \"date\"", "label: \"place\"")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "label: \"place\""),
            says: &["span T4: label \"place\" is not in the schema"],
        },
        Case {
            name: "enum attribute value not allowed",
            make: ron_edit(&("{\"kind\": \"group\"}", "{\"kind\": \"alien\"}")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "\"kind\": \"alien\""),
            says: &["span T1: kind = \"alien\" is not one of person, organization, country, group"],
        },
        Case {
            name: "bad value in the layer of an annotator named like a meta key",
            make: edit(
                "bad.ron",
                "p.ron",
                &[
                    ("\"bob\": (", "\"url\": ("),
                    (
                        "start: 92, end: 104, label: \"actor\", attrs: {\"kind\": \"person\"}",
                        "start: 92, end: 104, label: \"actor\", attrs: {\"kind\": \"alien\"}",
                    ),
                ],
            ),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "\"kind\": \"alien\""),
            says: &["span T2: kind = \"alien\""],
        },
        Case {
            name: "dangling span reference",
            make: ron_edit(&("{\"speaker\": \"T3\"}", "{\"speaker\": \"T99\"}")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "\"speaker\": \"T99\""),
            says: &["span T5: speaker refers to span \"T99\", which is not in this layer"],
        },
        Case {
            name: "reference to a span of the wrong label",
            make: ron_edit(&("{\"speaker\": \"T3\"}", "{\"speaker\": \"T4\"}")),
            args: &["validate", "bad.ron"],
            at: At::Start("bad.ron", "\"speaker\": \"T4\""),
            says: &[
                "span T5: speaker refers to span T4, labelled date, but must refer to a span labelled actor",
            ],
        },
        Case {
            // The place of a duplicated id is its first definition.
            name: "duplicate span id in a layer",
            make: ron_edit(&("(id: \"T2\", start: 70", "(id: \"T1\", start: 70")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "id: \"T1\", start: 45"),
            says: &["span id \"T1\" is used twice in layer \"alice\""],
        },
        Case {
            name: "duplicate document id",
            make: ron_edit(&("id: \"emoji-zwj\",", "id: \"crlf-nbsp\",")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "id: \"crlf-nbsp\""),
            says: &["document id \"crlf-nbsp\" is used twice"],
        },
        Case {
            name: "text changed after annotation (sha256 mismatch)",
            make: ron_edit(&("Dmitry Peskov opposed", "Dmitri Peskov opposed")),
            args: &["import", "bad.ron", "alice.jsonl"],
            at: At::Start("bad.ron", "id: \"crlf-nbsp\""),
            says: &["sha256 of document \"crlf-nbsp\" does not match its text"],
        },
        Case {
            name: "invalid UTF-8 in the project",
            make: Make::InsertByte {
                name: "bad.ron",
                base: "p.ron",
                after: "Zelensky spoke",
                byte: 0xff,
            },
            args: &["stats", "bad.ron"],
            at: At::After("bad.ron", "Zelensky spoke"),
            says: &["invalid UTF-8 (byte 0xff"],
        },
        Case {
            name: "empty project file",
            make: Make::Bytes {
                name: "empty.ron",
                bytes: b"",
            },
            args: &["stats", "empty.ron"],
            at: At::File("empty.ron"),
            says: &["the file is empty"],
        },
        Case {
            name: "project of a newer version",
            make: ron_edit(&("version: 1,", "version: 2,")),
            args: &["stats", "bad.ron"],
            at: At::Start("bad.ron", "version: 2"),
            says: &["project version 2 is newer", "please upgrade"],
        },
        wrong_format("wrong format field", &["stats", "bad.ron"]),
        wrong_format(
            "wrong format field, validated (not mistaken for a schema)",
            &["validate", "bad.ron"],
        ),
        Case {
            name: "folder where the project belongs",
            make: Make::Folder("folder.ron"),
            args: &["stats", "folder.ron"],
            at: At::File("folder.ron"),
            says: &["is a directory"],
        },
        Case {
            name: "folder where the JSONL belongs",
            make: Make::Nothing,
            args: &["import", "p.ron", "docs", "--annotator", "carol"],
            at: At::File("docs"),
            says: &["is a directory"],
        },
        Case {
            name: "missing project",
            make: Make::Nothing,
            args: &["stats", "missing.ron"],
            at: At::File("missing.ron"),
            says: &["no such file"],
        },
        Case {
            name: "import into a missing project",
            make: Make::Nothing,
            args: &["import", "missing.ron", "alice.jsonl"],
            at: At::File("missing.ron"),
            says: &["no such file"],
        },
        Case {
            name: "missing JSONL",
            make: Make::Nothing,
            args: &["import", "p.ron", "missing.jsonl", "--annotator", "carol"],
            at: At::File("missing.jsonl"),
            says: &["no such file"],
        },
        Case {
            name: "JSONL with one bad line among good ones",
            make: jsonl_edit(&("\"polarity\": \"support\"", "\"polarity\": \"maybe\"")),
            args: &["import", "p.ron", "bad.jsonl", "--annotator", "carol"],
            at: At::LineOf("bad.jsonl", "maybe"),
            says: &[
                "document \"emoji-zwj\": span T4: polarity = \"maybe\" is not one of support, oppose, neutral",
            ],
        },
        Case {
            name: "JSONL syntax error after non-ASCII text (column in code points)",
            make: jsonl_edit(&("\"text\": \"Zelensky\"", "\"text\": Zelensky!\"")),
            args: &["import", "p.ron", "bad.jsonl"],
            at: At::Start("bad.jsonl", "Zelensky!"),
            says: &["invalid JSON: expected value"],
        },
        Case {
            name: "JSONL span text differs from the covered text",
            make: jsonl_edit(&("\"text\": \"Zelensky\"", "\"text\": \"Zelenskyy\"")),
            args: &["import", "p.ron", "bad.jsonl"],
            at: At::LineOf("bad.jsonl", "Zelenskyy"),
            says: &["\"text\" is \"Zelenskyy\" but the document has \"Zelensky\" there"],
        },
        Case {
            name: "JSONL span offsets past the end of the text",
            make: jsonl_edit(&("\"start\": 74, \"end\": 78", "\"start\": 74, \"end\": 999")),
            args: &["import", "p.ron", "bad.jsonl"],
            at: At::LineOf("bad.jsonl", "999"),
            says: &[
                "span 74..999 \"actor\": the offsets are not a range inside the text (96 code points)",
            ],
        },
        Case {
            name: "invalid UTF-8 in a JSONL file",
            make: Make::InsertByte {
                name: "bad.jsonl",
                base: "alice.jsonl",
                after: "Zelensky",
                byte: 0xc3,
            },
            args: &["import", "p.ron", "bad.jsonl"],
            at: At::After("bad.jsonl", "Zelensky"),
            says: &["invalid UTF-8 (byte 0xc3"],
        },
        Case {
            name: "empty JSONL file",
            make: Make::Bytes {
                name: "empty.jsonl",
                bytes: b"",
            },
            args: &["import", "p.ron", "empty.jsonl", "--annotator", "carol"],
            at: At::File("empty.jsonl"),
            says: &["the file has no JSON lines"],
        },
        Case {
            name: "import of labels not in the schema names them all",
            make: Make::Nothing,
            args: &[
                "import",
                "p.ron",
                "bad/unknown-labels.jsonl",
                "--annotator",
                "carol",
            ],
            at: At::LineOf("bad/unknown-labels.jsonl", "PER"),
            says: &[
                "labels not in the project's schema: LOC, PER",
                "--extend-schema",
            ],
        },
        Case {
            name: "import of a known document id with a different text",
            make: Make::Nothing,
            args: &["import", "p.ron", "bad/changed-text.jsonl"],
            at: At::LineOf("bad/changed-text.jsonl", "Families wave"),
            says: &["document \"emoji-zwj\" is already in the project with a different text"],
        },
        Case {
            name: "import of spans without an annotator",
            make: Make::Nothing,
            args: &["import", "p.ron", "bad/spans-without-annotator.jsonl"],
            at: At::LineOf("bad/spans-without-annotator.jsonl", "\"label\""),
            says: &["no \"annotator\"; pass --annotator NAME"],
        },
        Case {
            name: "new with a schema whose labels share a key",
            make: Make::Nothing,
            args: &[
                "new",
                "q.ron",
                "--schema",
                "bad/duplicate-key-schema.ron",
                "--docs",
                "docs",
            ],
            at: At::Start("bad/duplicate-key-schema.ron", "name: \"agent\""),
            says: &["key 'a' of label \"agent\" is already used by label \"actor\""],
        },
        Case {
            name: "new with a schema with a RON syntax error",
            make: Make::Nothing,
            args: &["new", "q.ron", "--schema", "bad/missing-comma-schema.ron"],
            at: At::Start("bad/missing-comma-schema.ron", "color: \"#4e79a7\""),
            says: &["Expected comma"],
        },
        Case {
            name: "new onto an existing project",
            make: Make::Nothing,
            args: &["new", "p.ron", "--docs", "docs"],
            at: At::File("p.ron"),
            says: &["already exists; refusing to overwrite it"],
        },
        Case {
            name: "new with a document id used twice",
            make: Make::Nothing,
            args: &[
                "new",
                "q.ron",
                "--docs",
                "docs",
                "bad/duplicate-document.jsonl",
            ],
            at: At::LineOf("bad/duplicate-document.jsonl", "marks-cjk"),
            says: &["document id \"marks-cjk\" is also used by docs/marks-cjk.txt"],
        },
        Case {
            name: "new with a .txt document that is not UTF-8",
            make: Make::InsertByte {
                name: "docs/emoji-zwj.txt",
                base: "docs/emoji-zwj.txt",
                after: "Families",
                byte: 0xff,
            },
            args: &["new", "q.ron", "--docs", "docs"],
            at: At::After("docs/emoji-zwj.txt", "Families"),
            says: &["invalid UTF-8"],
        },
        Case {
            name: "new from a missing folder",
            make: Make::Nothing,
            args: &["new", "q.ron", "--docs", "nowhere"],
            at: At::File("nowhere"),
            says: &["no such file or folder"],
        },
        Case {
            name: "merge of two different versions of one layer",
            make: edit(
                "other.ron",
                "p.ron",
                &[("status: done,", "status: in_progress,")],
            ),
            args: &["merge", "out.ron", "p.ron", "other.ron"],
            at: At::File("other.ron"),
            says: &[
                "layer \"alice\" of document \"crlf-nbsp\" differs from the one in an earlier input",
            ],
        },
        Case {
            name: "merge of a copy whose document text differs",
            make: edit(
                "other.ron",
                "p.ron",
                &[
                    ("Dmitry Peskov opposed", "Dmitri Peskov opposed"),
                    (TEXT_SHA, CHANGED_TEXT_SHA),
                ],
            ),
            args: &["merge", "out.ron", "p.ron", "other.ron"],
            at: At::File("other.ron"),
            says: &["document \"crlf-nbsp\" has a different text (SHA-256)"],
        },
        Case {
            name: "export of an annotator without layers",
            make: Make::Nothing,
            args: &[
                "export",
                "p.ron",
                "--format",
                "jsonl",
                "--out",
                "out.jsonl",
                "--annotator",
                "nobody",
            ],
            at: At::File("p.ron"),
            says: &["no layer for annotator \"nobody\" (annotators: alice, bob)"],
        },
        Case {
            name: "export into a missing folder names the output, not a temporary file",
            make: Make::Nothing,
            args: &[
                "export",
                "p.ron",
                "--format",
                "jsonl",
                "--out",
                "nowhere/out.jsonl",
            ],
            at: At::File("nowhere/out.jsonl"),
            says: &["cannot write"],
        },
        Case {
            name: "split export onto a file",
            make: Make::Nothing,
            args: &[
                "export",
                "p.ron",
                "--format",
                "jsonl",
                "--out",
                "alice.jsonl",
                "--split",
                "train=0.5,test=0.5",
            ],
            at: At::File("alice.jsonl"),
            says: &["is a file, but --split needs a folder"],
        },
        Case {
            name: "two layers of one annotator merged with the first silently dropped",
            make: ron_edit(&("\"bob\": (", "\"alice\" : (")),
            args: &["merge", "out.ron", "bad.ron"],
            at: At::Start("bad.ron", "\"alice\" : ("),
            says: &["duplicate key \"alice\"; the first is at 78:9"],
        },
        Case {
            name: "misspelt status field left the layer new",
            make: ron_edit(&("status: done", "staus: done")),
            args: &["validate", "bad.ron"],
            at: At::Start("bad.ron", "staus:"),
            says: &["unknown field `staus`; did you mean `status`?"],
        },
        Case {
            name: "export over its own project replaced the project",
            make: Make::Nothing,
            args: &[
                "export",
                "p.ron",
                "--format",
                "jsonl",
                "--annotator",
                "alice",
                "--out",
                "./p.ron",
            ],
            at: At::File("./p.ron"),
            says: &["is the input p.ron; refusing to write the output over it"],
        },
        Case {
            name: "split export into the folder holding the project replaced it",
            make: Make::Folder("parts"),
            args: &[
                "export",
                "parts/../p.ron",
                "--format",
                "jsonl",
                "--annotator",
                "alice",
                "--out",
                ".",
                "--split",
                "train=0.5,test=0.5",
            ],
            at: At::File("."),
            says: &["holds the input parts/../p.ron; writing this folder would replace it"],
        },
        Case {
            name: "brat export into the folder holding the project replaced it",
            make: Make::Nothing,
            args: &[
                "export",
                "p.ron",
                "--format",
                "brat",
                "--annotator",
                "alice",
                "--out",
                ".",
            ],
            at: At::File("."),
            says: &["holds the input p.ron"],
        },
        Case {
            name: "merge output over one of its inputs",
            make: Make::Nothing,
            args: &["merge", "p.ron", "./p.ron"],
            at: At::File("p.ron"),
            says: &["is the input ./p.ron"],
        },
        Case {
            name: "merge output over its base",
            make: edit("copy.ron", "p.ron", &[]),
            args: &["merge", "p.ron", "copy.ron", "--base", "p.ron"],
            at: At::File("p.ron"),
            says: &["is the input p.ron"],
        },
        Case {
            name: "import of the project into itself",
            make: Make::Nothing,
            args: &["import", "p.ron", "./p.ron"],
            at: At::File("p.ron"),
            says: &["is the input ./p.ron"],
        },
    ]
}

/// A scratch folder with the files every case starts from.
fn scratch() -> Scratch {
    let scratch = Scratch::with_fixtures(&["alice.jsonl", "docs", "bad"]);
    copy_tree(&fixture("unicode.ron"), &scratch.path("p.ron"));
    scratch
}

fn make(scratch: &Scratch, make: &Make) {
    match *make {
        Make::Nothing => {}
        Make::Edit { name, base, edits } => {
            let mut text = scratch.read_text(base);
            for (from, to) in edits {
                assert!(text.contains(from), "{base} has no {from:?}");
                text = text.replacen(from, to, 1);
            }
            scratch.write(name, text);
        }
        Make::InsertByte {
            name,
            base,
            after,
            byte,
        } => {
            let mut bytes = scratch.read(base);
            let at = find(&bytes, after.as_bytes()).expect("marker in base") + after.len();
            bytes.insert(at, byte);
            scratch.write(name, bytes);
        }
        Make::Truncate { name, base, lines } => {
            let text = scratch.read_text(base);
            let kept: String = text.split_inclusive('\n').take(lines).collect();
            scratch.write(name, kept);
        }
        Make::Bytes { name, bytes } => scratch.write(name, bytes),
        Make::Folder(name) => std::fs::create_dir(scratch.path(name)).expect("mkdir"),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// 1-based line and column (in code points) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The `error: file...: ` prefix the message must start with.
fn expected_prefix(scratch: &Scratch, at: &At) -> String {
    let (file, marker) = match *at {
        At::File(file) => return format!("error: {file}: "),
        At::LineOf(file, marker) | At::Start(file, marker) | At::After(file, marker) => {
            (file, marker)
        }
        At::End(file) => (file, ""),
    };
    let text = String::from_utf8_lossy(&scratch.read(file)).into_owned();
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("{file} has no {marker:?}"));
    let (line, col) = match at {
        At::End(_) => line_col(&text, text.trim_end().len()),
        At::After(..) => line_col(&text, start + marker.len()),
        _ => line_col(&text, start),
    };
    match at {
        At::LineOf(..) => format!("error: {file}:{line}: "),
        _ => format!("error: {file}:{line}:{col}: "),
    }
}

/// Runs one case; returns what was wrong with its outcome.
fn check(case: &Case) -> Result<(), String> {
    let scratch = scratch();
    make(&scratch, &case.make);
    let prefix = expected_prefix(&scratch, &case.at);
    let before = scratch.fingerprint();
    let output = scratch.run(case.args);
    let after = scratch.fingerprint();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = String::new();
    let mut fail = |what: String| {
        let _ = writeln!(problems, "  {what}");
    };
    if output.status.code() != Some(1) {
        fail(format!(
            "exit status {:?}, expected 1",
            output.status.code()
        ));
    }
    if stderr.lines().count() != 1 || !stderr.ends_with('\n') {
        fail("stderr is not exactly one line".into());
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        fail("stderr shows a panic".into());
    }
    if !stderr.starts_with(&prefix) {
        fail(format!("stderr does not start with {prefix:?}"));
    }
    if stderr[prefix.len().min(stderr.len())..].contains(" at line ") {
        fail("the message names a second, different place".into());
    }
    for fragment in case.says {
        if !stderr.contains(fragment) {
            fail(format!("stderr does not say {fragment:?}"));
        }
    }
    if before != after {
        fail(format!(
            "files changed:\n    before {before:?}\n    after  {after:?}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: marginalia {}\n  stderr: {stderr}{problems}",
            case.name,
            case.args.join(" ")
        ))
    }
}

#[test]
fn every_bad_input_fails_with_one_located_line_and_changes_no_file() {
    let cases = cases();
    assert!(cases.len() >= 18, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn usage_errors_exit_with_status_2_and_change_no_file() {
    let usage_errors: [&[&str]; 4] = [
        &["export", "p.ron", "--format", "xml", "--out", "out.jsonl"],
        &[
            "export",
            "p.ron",
            "--format",
            "jsonl",
            "--out",
            "x",
            "--split",
            "train=0.5,test=0.6",
        ],
        &["merge", "out.ron"],
        &["import", "p.ron"],
    ];
    let scratch = scratch();
    let before = scratch.fingerprint();
    for args in usage_errors {
        let output = scratch.run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "marginalia {}",
            args.join(" ")
        );
        assert!(!output.stderr.is_empty());
    }
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn a_docs_folder_holding_two_symlinks_to_itself_hung_new_docs() {
    let scratch = Scratch::new();
    scratch.write("docs/a.txt", "Putin met Trump.");
    scratch.write("docs/sub/b.txt", "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB}");
    for (link, target) in [
        ("docs/loop1", "."),
        ("docs/loop2", "."),
        ("docs/sub/up", ".."),
    ] {
        std::os::unix::fs::symlink(target, scratch.path(link)).expect("symlink");
    }
    let stdout = scratch.run_ok(&["new", "p.ron", "--docs", "docs"]);
    assert!(stdout.contains("with 2 documents"), "{stdout}");
}
