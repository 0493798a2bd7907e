#!/usr/bin/env python3
"""Hand check of a `marginalia export --format spacy` file with the real spaCy.

Usage:
    python scripts/check_spacy_export.py EXPORT.spacy LAYER.jsonl

EXPORT.spacy and LAYER.jsonl are exports of the same layer, e.g.

    marginalia export P.ron --format spacy --annotator NAME --out P.spacy
    marginalia export P.ron --format jsonl --annotator NAME --out P.jsonl

Loads the DocBin with a blank English vocabulary, as `spacy train` does,
and checks each Doc against the JSONL record of the same document:

- `doc.text` equals the text exactly;
- `doc.spans["sc"]` holds every span: label, start_char, end_char, in order,
  and each span's text is the text between those offsets;
- `doc.ents` are the spans taken by start, longest first, each kept unless
  it overlaps one already kept, every other token `O`;
- `doc.user_data["id"]` is the document id;
- the white-space tokens are those spaCy's own tokenizer makes of the text
  (`nlp.make_doc`), except where a span starts or ends inside a run.

Needs spaCy 3 (`pip install "spacy>=3.8,<3.9"`); never run by cargo or CI.
Exits 1 and lists the differences when there are any.
"""

import json
import sys

import spacy
from spacy.tokens import DocBin


def expected_entities(spans):
    """Spans by start, longest first, each kept unless it overlaps a kept one."""
    kept = []
    for span in sorted(
        (s for s in spans if s["start"] < s["end"]),
        key=lambda s: (s["start"], -s["end"]),
    ):
        if all(span["end"] <= k["start"] or k["end"] <= span["start"] for k in kept):
            kept.append(span)
    return [(s["label"], s["start"], s["end"]) for s in kept]


def space_tokens(doc):
    return {(t.idx, t.text) for t in doc if t.is_space}


def check_doc(nlp, doc, record, problems):
    where = f"document {record['id']!r}"
    text = record["text"]
    if doc.user_data.get("id") != record["id"]:
        problems.append(f"{where}: user_data id {doc.user_data.get('id')!r}")
    if doc.text != text:
        problems.append(f"{where}: doc.text differs: {doc.text!r} != {text!r}")
        return
    want = [(s["label"], s["start"], s["end"]) for s in record["spans"]]
    have = [(s.label_, s.start_char, s.end_char) for s in doc.spans["sc"]]
    if have != want:
        problems.append(f"{where}: doc.spans['sc'] {have} != {want}")
    for span in doc.spans["sc"]:
        if span.text != text[span.start_char : span.end_char]:
            problems.append(f"{where}: span text {span.text!r} at {span.start_char}")
    ents = [(e.label_, e.start_char, e.end_char) for e in doc.ents]
    if ents != expected_entities(record["spans"]):
        problems.append(
            f"{where}: doc.ents {ents} != {expected_entities(record['spans'])}"
        )
    for token in doc:
        if token.ent_iob_ == "" or (token.ent_iob_ == "O") != (token.ent_type_ == ""):
            problems.append(f"{where}: token {token.i} has IOB {token.ent_iob_!r}")
    boundaries = {s["start"] for s in record["spans"]} | {
        s["end"] for s in record["spans"]
    }
    for idx, run in space_tokens(doc) ^ space_tokens(nlp.make_doc(text)):
        if not any(idx <= b <= idx + len(run) for b in boundaries):
            problems.append(
                f"{where}: white-space token {run!r} at {idx} differs from spaCy's"
            )


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    spacy_path, jsonl_path = argv[1], argv[2]
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(spacy_path).get_docs(nlp.vocab))
    with open(jsonl_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    problems = []
    if [d.user_data.get("id") for d in docs] != [r["id"] for r in records]:
        problems.append(
            f"document ids differ: {[d.user_data.get('id') for d in docs]} "
            f"!= {[r['id'] for r in records]}"
        )
    for doc, record in zip(docs, records):
        check_doc(nlp, doc, record, problems)
    spans = sum(len(d.spans["sc"]) for d in docs)
    ents = sum(len(d.ents) for d in docs)
    tokens = sum(len(d) for d in docs)
    print(
        f"spaCy {spacy.__version__}: {len(docs)} docs, {tokens} tokens, "
        f"{spans} spans in doc.spans['sc'], {ents} doc.ents"
    )
    for problem in problems:
        print(problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
