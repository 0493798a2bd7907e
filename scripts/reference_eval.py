#!/usr/bin/env python3
"""Recomputes `marginalia eval GOLD PRED --json` with the `nervaluate` package.

GOLD and PRED are Marginalia JSONL files (one document per line with
`id` and `spans`, each span `start`, `end` (exclusive), `label`). Documents
are matched by id (a gold document missing from PRED predicts nothing);
within a document spans are sorted by (start, end, label), as Marginalia
does, and given to nervaluate's `Evaluator(..., loader="dict")` with
inclusive ends (`end - 1`), nervaluate's convention. Every count and
figure of every scheme, overall and per label, is compared with
Marginalia's report; prints the largest difference and exits 1 on any
mismatch (count differs, or a figure differs by more than --tolerance,
default 0: exact equality).

Tested with nervaluate 1.2.1:

    .venv/bin/python scripts/reference_eval.py gold.jsonl pred.jsonl
    .venv/bin/python scripts/reference_eval.py gold.jsonl pred.jsonl --annotator analyst-b

With --time, also prints how long nervaluate's `Evaluator(...).evaluate()`
takes, alone (reading and converting the files is left out), best of
--repeat runs (default 3); this is the figure `benches/eval.rs` is compared
with (`MARGINALIA_EVAL_DUMP=DIR cargo bench --bench eval` writes its input).

With --evaluate-only, reads both files, runs `Evaluator(...).evaluate()`
once and exits, comparing nothing: nervaluate's whole process, to time
against `marginalia eval GOLD PRED --json` with `/usr/bin/time -v`.
"""

import argparse
import json
import subprocess
import sys
import time
from importlib.metadata import version

from nervaluate import Evaluator

SCHEMES = ["strict", "exact", "partial", "ent_type"]
COUNTS = ["correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"]
FIGURES = ["precision", "recall", "f1"]


def read_side(path, annotator=None):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            if annotator and record.get("annotator") not in (None, annotator):
                continue
            spans = [(s["start"], s["end"], s["label"]) for s in record.get("spans") or []]
            docs[str(record["id"])] = sorted(spans)
    return docs


def as_dicts(spans):
    return [{"label": label, "start": start, "end": end - 1} for start, end, label in spans]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("pred")
    parser.add_argument("--annotator")
    parser.add_argument("--tolerance", type=float, default=0.0)
    parser.add_argument("--binary", default="target/debug/marginalia")
    parser.add_argument("--time", action="store_true", help="time the Evaluator call alone")
    parser.add_argument("--repeat", type=int, default=3, help="runs timed with --time (best kept)")
    parser.add_argument("--evaluate-only", action="store_true", help="evaluate once, compare nothing")
    args = parser.parse_args()

    gold = read_side(args.gold)
    pred = read_side(args.pred, args.annotator)
    unknown = set(pred) - set(gold)
    if unknown:
        sys.exit(f"PRED documents not in GOLD: {sorted(unknown)}")
    ids = sorted(gold)
    true = [as_dicts(gold[i]) for i in ids]
    predicted = [as_dicts(pred.get(i, [])) for i in ids]
    labels = sorted({l for d in true + predicted for l in (e["label"] for e in d)})
    results = Evaluator(true, predicted, tags=labels, loader="dict").evaluate()
    if args.evaluate_only:
        return
    if args.time:
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            began = time.perf_counter()
            Evaluator(true, predicted, tags=labels, loader="dict").evaluate()
            best = min(best, time.perf_counter() - began)
        print(f"nervaluate Evaluator(...).evaluate(): {best:.3f} s (best of {max(1, args.repeat)})")

    command = [args.binary, "eval", args.gold, args.pred, "--json"]
    if args.annotator:
        command += ["--annotator", args.annotator]
    ours = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

    scopes = [("overall", results["overall"], ours["overall"])]
    if set(results["entities"]) != set(ours["by_label"]):
        sys.exit(f"labels differ: {sorted(results['entities'])} vs {sorted(ours['by_label'])}")
    for label in sorted(results["entities"]):
        scopes.append((label, results["entities"][label], ours["by_label"][label]))

    mismatches, largest, compared = [], 0.0, 0
    for scope, theirs, mine in scopes:
        for scheme in SCHEMES:
            t, m = theirs[scheme], mine[scheme]
            for key in COUNTS:
                compared += 1
                if getattr(t, key) != m[key]:
                    mismatches.append(f"{scope}.{scheme}.{key}: nervaluate {getattr(t, key)}, marginalia {m[key]}")
            for key in FIGURES:
                compared += 1
                diff = abs(float(getattr(t, key)) - m[key])
                largest = max(largest, diff)
                if diff > args.tolerance:
                    mismatches.append(f"{scope}.{scheme}.{key}: nervaluate {getattr(t, key)!r}, marginalia {m[key]!r}")

    spans = sum(len(d) for d in true), sum(len(d) for d in predicted)
    print(
        f"nervaluate {version('nervaluate')}: {len(ids)} documents, {spans[0]} gold and {spans[1]} predicted spans, "
        f"{len(scopes) - 1} labels, {compared} values compared, largest figure difference {largest:g}"
    )
    print(f"strict F1 {results['overall']['strict'].f1:.6f}, partial F1 {results['overall']['partial'].f1:.6f}")
    if mismatches:
        print(f"{len(mismatches)} MISMATCHES:")
        for line in mismatches[:30]:
            print("  " + line)
        sys.exit(1)
    print("all equal")


if __name__ == "__main__":
    main()
