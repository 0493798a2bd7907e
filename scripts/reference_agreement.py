#!/usr/bin/env python3
"""Recomputes `marginalia agree --json` with the reference packages.

From the project's JSONL export (`marginalia export P --format jsonl --out -`)
this script rebuilds the token decisions of DESIGN.md ("Agreement") in
Python, computes

  - Cohen's kappa        with scikit-learn  `cohen_kappa_score`,
  - Fleiss' kappa        with statsmodels   `aggregate_raters` + `fleiss_kappa`,
  - Krippendorff's alpha with `krippendorff.alpha(level_of_measurement="nominal")`,
  - Gwet's AC1           with irrCAC        `CAC(...).gwet()` (pairwise and multi-rater),

plus span F1 (strict, overlap) in plain Python, per label, overall and (with
--per-document) per document, and compares every figure with Marginalia's
report (absolute difference <= --tolerance, null where the package gives
NaN or refuses). Prints the largest difference per package; exits 1 on a
mismatch.

Needs: numpy pandas scikit-learn statsmodels krippendorff regex, and
`pip install --no-deps irrCAC==0.4.4`.

    .venv/bin/python scripts/reference_agreement.py projects/diplomacy-demo.ron
    .venv/bin/python scripts/reference_agreement.py big.ron --time
"""

import argparse
import json
import math
import subprocess
import sys
import time
import warnings
from collections import defaultdict

import krippendorff
import numpy as np
import pandas as pd
import regex
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

TOKEN = regex.compile(
    r"[\p{L}\p{M}\p{N}\p{Pc}]+|[^\p{L}\p{M}\p{N}\p{Pc}\p{White_Space}]"
)
GOLD = "gold"
MODEL_PREFIX = "model:"

warnings.filterwarnings("ignore")


def run(binary, args):
    out = subprocess.run([binary, *args], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def load(binary, project):
    """Documents in project order: id -> (text, {annotator: spans})."""
    docs = {}
    for line in run(binary, ["export", project, "--format", "jsonl", "--out", "-"]).splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        doc = docs.setdefault(record["id"], {"text": record["text"], "layers": {}})
        doc["layers"][record["annotator"]] = record["spans"]
    return docs


def undefined(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def clean(value):
    return None if undefined(value) else float(value)


class Decisions:
    """Per document: token count and, per (annotator, label), a 0/1 array."""

    def __init__(self, docs, annotators, labels):
        self.docs = {}
        for doc_id, doc in docs.items():
            present = [a for a in annotators if a in doc["layers"]]
            if len(present) < 2:
                continue
            tokens = [(m.start(), m.end()) for m in TOKEN.finditer(doc["text"])]
            starts = np.array([s for s, _ in tokens], dtype=np.int64)
            ends = np.array([e for _, e in tokens], dtype=np.int64)
            marks = {}
            for a in present:
                for label in labels:
                    marks[(a, label)] = np.zeros(len(tokens), dtype=np.int8)
                for span in doc["layers"][a]:
                    if span["label"] not in labels:
                        continue
                    first = np.searchsorted(ends, span["start"], side="right")
                    last = np.searchsorted(starts, span["end"], side="left")
                    if first < last:
                        marks[(a, span["label"])][first:last] = 1
            self.docs[doc_id] = (len(tokens), present, marks)


def pair_vectors(decisions, a, b, labels, doc_ids):
    xs, ys = [], []
    for doc_id in doc_ids:
        _, present, marks = decisions.docs[doc_id]
        if a in present and b in present:
            for label in labels:
                xs.append(marks[(a, label)])
                ys.append(marks[(b, label)])
    if not xs:
        return None, None
    return np.concatenate(xs), np.concatenate(ys)


def rater_matrix(decisions, annotators, labels, doc_ids, need_all):
    """Items x raters (NaN for an absent layer) over documents with >= 2
    (or, with need_all, all) of the annotators."""
    blocks = []
    for doc_id in doc_ids:
        n, present, marks = decisions.docs[doc_id]
        if need_all and len(present) < len(annotators):
            continue
        for label in labels:
            block = np.full((n, len(annotators)), np.nan)
            for k, a in enumerate(annotators):
                if a in present:
                    block[:, k] = marks[(a, label)]
            blocks.append(block)
    if not blocks:
        return np.zeros((0, len(annotators)))
    return np.concatenate(blocks)


def ac1(matrix, columns):
    if matrix.shape[0] == 0:
        return None
    frame = pd.DataFrame(matrix, columns=columns)
    return clean(CAC(frame, categories=[0.0, 1.0], digits=17).gwet()["est"]["coefficient_value"])


def fleiss(matrix):
    if matrix.shape[0] == 0:
        return None
    table, _ = aggregate_raters(matrix.astype(np.int64))
    return clean(fleiss_kappa(table, method="fleiss"))


def alpha(matrix):
    if matrix.shape[0] == 0:
        return None
    try:
        return clean(krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="nominal"))
    except ValueError:
        return None  # one value in the whole domain: undefined


def cohen(x, y):
    if x is None or len(x) == 0:
        return None
    return clean(cohen_kappa_score(x, y))


def span_f1(docs, a, b, labels, doc_ids):
    total_a = total_b = strict = overlap_a = overlap_b = 0
    for doc_id in doc_ids:
        layers = docs[doc_id]["layers"]
        if a not in layers or b not in layers:
            continue
        sa = [(s["start"], s["end"], s["label"]) for s in layers[a] if s["label"] in labels]
        sb = [(s["start"], s["end"], s["label"]) for s in layers[b] if s["label"] in labels]
        total_a += len(sa)
        total_b += len(sb)
        counts = defaultdict(int)
        for s in sb:
            counts[s] += 1
        for s in sa:
            if counts[s] > 0:
                counts[s] -= 1
                strict += 1

        def hits(xs, ys):
            return sum(
                1 for (s, e, l) in xs if any(l == m and s < f and r < e and r < f for (r, f, m) in ys)
            )

        overlap_a += hits(sa, sb)
        overlap_b += hits(sb, sa)
    if total_a + total_b == 0:
        return None, None, total_a, total_b
    f1s = 2 * strict / (total_a + total_b)
    if total_a == 0 or total_b == 0:
        return f1s, 0.0, total_a, total_b
    ma, mb = overlap_a / total_a, overlap_b / total_b
    f1o = 0.0 if ma + mb == 0 else 2 * ma * mb / (ma + mb)
    return f1s, f1o, total_a, total_b


def attribute_values(docs, annotators, report):
    """(label, attribute) -> list of (value a, value b) over strictly matched
    span pairs of every annotator pair; span references as the target's
    (start, end, label), a missing value as None."""
    kinds = {(r["label"], r["attribute"]): r["kind"] for r in report["attributes"]}
    values = defaultdict(list)
    for i, a in enumerate(annotators):
        for b in annotators[i + 1:]:
            for doc in docs.values():
                layers = doc["layers"]
                if a not in layers or b not in layers:
                    continue
                groups = defaultdict(lambda: ([], []))
                for side, name in enumerate((a, b)):
                    for span in sorted(layers[name], key=lambda s: s["id"]):
                        groups[(span["start"], span["end"], span["label"])][side].append(span)
                by_id = [{s["id"]: s for s in layers[name]} for name in (a, b)]
                for (_, _, label), (xs, ys) in groups.items():
                    for x, y in zip(xs, ys):
                        for (l, attr), kind in kinds.items():
                            if l != label:
                                continue
                            pair = []
                            for side, span in enumerate((x, y)):
                                v = span.get("attrs", {}).get(attr)
                                if v is not None and kind == "span_ref":
                                    t = by_id[side].get(v)
                                    v = ("dangling", v) if t is None else (t["start"], t["end"], t["label"])
                                pair.append(v)
                            values[(label, attr)].append(tuple(pair))
    return kinds, values


def check_attributes(cmp, docs, annotators, report):
    kinds, values = attribute_values(docs, annotators, report)
    for row in report["attributes"]:
        key = (row["label"], row["attribute"])
        pairs = values.get(key, [])
        where = f"attribute {key[0]}.{key[1]}"
        if row["matched_spans"] != len(pairs):
            cmp.failures.append(f"{where}: matched {row['matched_spans']} vs {len(pairs)}")
            continue
        exact = sum(1 for x, y in pairs if x == y) / len(pairs) if pairs else None
        cmp.check("python attribute exact match", where, row["exact_match"], exact)
        if kinds[key] == "enum" and pairs:
            xs = ["\u2205" if x is None else x for x, _ in pairs]
            ys = ["\u2205" if y is None else y for _, y in pairs]
            cmp.check("scikit-learn cohen_kappa_score", f"{where} kappa", row["kappa"], cohen(xs, ys))


class Comparison:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.max_diff = defaultdict(float)
        self.compared = defaultdict(int)
        self.failures = []

    def check(self, package, where, ours, theirs):
        self.compared[package] += 1
        if undefined(ours) and undefined(theirs):
            return
        if undefined(ours) != undefined(theirs):
            self.failures.append(f"{where}: marginalia {ours} vs {package} {theirs}")
            return
        diff = abs(ours - theirs)
        self.max_diff[package] = max(self.max_diff[package], diff)
        if diff > self.tolerance:
            self.failures.append(f"{where}: marginalia {ours!r} vs {package} {theirs!r} (diff {diff:.3e})")


def check_scope(cmp, where, ours, docs, decisions, annotators, labels, doc_ids, shared_only):
    pairs = {(p["a"], p["b"]): p for p in ours["pairwise"]}
    for i, a in enumerate(annotators):
        for b in annotators[i + 1:]:
            x, y = pair_vectors(decisions, a, b, labels, doc_ids)
            if (a, b) not in pairs:
                if shared_only and x is None:
                    continue
                cmp.failures.append(f"{where}: pair {a}/{b} missing")
                continue
            p = pairs[(a, b)]
            cmp.check("scikit-learn cohen_kappa_score", f"{where} {a}/{b} kappa", p["kappa_token"], cohen(x, y))
            theirs_ac1 = None if x is None else ac1(np.stack([x, y], axis=1).astype(float), [a, b])
            cmp.check("irrCAC gwet (pairwise)", f"{where} {a}/{b} ac1", p["ac1_token"], theirs_ac1)
            f1s, f1o, na, nb = span_f1(docs, a, b, labels, doc_ids)
            cmp.check("python span F1", f"{where} {a}/{b} f1_strict", p["f1_strict"], f1s)
            cmp.check("python span F1", f"{where} {a}/{b} f1_overlap", p["f1_overlap"], f1o)
            if (p["spans_a"], p["spans_b"]) != (na, nb):
                cmp.failures.append(f"{where} {a}/{b}: spans {p['spans_a']}/{p['spans_b']} vs {na}/{nb}")
    all_matrix = rater_matrix(decisions, annotators, labels, doc_ids, need_all=True)
    cmp.check("statsmodels fleiss_kappa", f"{where} fleiss", ours["fleiss_kappa_token"], fleiss(all_matrix))
    cmp.check("irrCAC gwet (multi-rater)", f"{where} gwet", ours["gwet_ac1_token"], ac1(all_matrix, annotators))
    some_matrix = rater_matrix(decisions, annotators, labels, doc_ids, need_all=False)
    cmp.check("krippendorff alpha", f"{where} alpha", ours["alpha_token"], alpha(some_matrix))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("--marginalia", default="target/debug/marginalia", help="the binary to run")
    parser.add_argument("--annotators", help="comma-separated, passed to agree")
    parser.add_argument("--per-document", action="store_true", help="also check by_document")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--time", action="store_true", help="time the Python computation (no checks)")
    args = parser.parse_args()

    agree_args = ["agree", args.project, "--json"]
    if args.annotators:
        agree_args += ["--annotators", args.annotators]
    if args.per_document:
        agree_args.append("--per-document")
    started = time.perf_counter()
    report = json.loads(run(args.marginalia, agree_args))
    rust_seconds = time.perf_counter() - started
    docs = load(args.marginalia, args.project)
    annotators = report["annotators"]
    labels = list(report["labels"])

    if args.time:
        time_python(docs, annotators, labels, rust_seconds)
        return 0

    decisions = Decisions(docs, annotators, labels)
    doc_ids = list(decisions.docs)
    if report["documents"] != len(doc_ids):
        print(f"documents: {report['documents']} vs {len(doc_ids)}")
        return 1
    tokens = sum(n for n, _, _ in decisions.docs.values())
    if report["tokens"] != tokens:
        print(f"tokens: {report['tokens']} vs {tokens}")
        return 1

    cmp = Comparison(args.tolerance)
    for label in labels:
        check_scope(cmp, f"label {label}", report["labels"][label], docs, decisions, annotators, [label], doc_ids, False)
    check_scope(cmp, "overall", report["overall"], docs, decisions, annotators, labels, doc_ids, False)
    check_attributes(cmp, docs, annotators, report)
    if args.per_document:
        for doc_id, ours in report["by_document"].items():
            check_scope(cmp, f"document {doc_id}", ours, docs, decisions, annotators, labels, [doc_id], True)

    print(f"{args.project}: {len(annotators)} annotators, {len(doc_ids)} documents, {tokens} tokens, labels {', '.join(labels)}")
    for package in sorted(cmp.compared):
        print(f"  {package:34} {cmp.compared[package]:5} figures, max |diff| = {cmp.max_diff[package]:.3e}")
    if cmp.failures:
        print(f"{len(cmp.failures)} MISMATCHES:")
        for failure in cmp.failures[:30]:
            print("  " + failure)
        return 1
    print(f"all figures agree within {args.tolerance:g}")
    return 0


def time_python(docs, annotators, labels, rust_seconds):
    """Times the same computation in Python: decisions, then every package call."""
    t0 = time.perf_counter()
    decisions = Decisions(docs, annotators, labels)
    doc_ids = list(decisions.docs)
    t1 = time.perf_counter()
    for scope in [[label] for label in labels] + [labels]:
        for i, a in enumerate(annotators):
            for b in annotators[i + 1:]:
                x, y = pair_vectors(decisions, a, b, scope, doc_ids)
                cohen(x, y)
                ac1(np.stack([x, y], axis=1).astype(float), [a, b])
        all_matrix = rater_matrix(decisions, annotators, scope, doc_ids, need_all=True)
        fleiss(all_matrix)
        ac1(all_matrix, annotators)
        alpha(rater_matrix(decisions, annotators, scope, doc_ids, need_all=False))
    t2 = time.perf_counter()
    tokens = sum(n for n, _, _ in decisions.docs.values())
    print(f"{len(doc_ids)} documents, {tokens} tokens, {len(annotators)} annotators, {len(labels)} labels")
    print(f"python decisions (tokenise + mark): {t1 - t0:.2f} s")
    print(f"python package calls:               {t2 - t1:.2f} s")
    print(f"python total:                       {t2 - t0:.2f} s")
    print(f"marginalia agree --json (process, incl. load): {rust_seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
