#!/usr/bin/env python3
"""Checks brat folders with brat's own code: every .ann is read by brat's
`TextAnnotations` (offsets, covered texts, ids) and checked by its
`verify_annotations` against the folder's annotation.conf.

    git clone https://github.com/nlplab/brat /tmp/brat
    marginalia export p.ron --format brat --annotator alice --out out
    python3 scripts/check_brat_export.py --brat /tmp/brat out

Exits 1 when brat reports a problem. brat's `open_textfile` asks for the
'U' mode that Python 3.11 removed; it is replaced by the same
`codecs.open(..., encoding='utf8')` without it (binary reading, so no
newline translation, exactly as brat reads files).
"""

import argparse
import codecs
import glob
import os
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brat", required=True, help="a checkout of nlplab/brat")
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()

    # brat's modules import `config`; give them a minimal one.
    config_dir = tempfile.mkdtemp()
    with open(os.path.join(config_dir, "config.py"), "w") as f:
        f.write('BASE_DIR = "/"\nDATA_DIR = "/"\nWORK_DIR = "/tmp"\n'
                'ADMIN_CONTACT_EMAIL = "x"\nDEBUG = False\n')
    sys.path[:0] = [os.path.join(args.brat, "server", "src"), config_dir]

    import annotation
    import projectconfig
    import verify_annotations

    def open_textfile(filename, mode="r"):
        return codecs.open(filename, mode.replace("U", ""), encoding="utf8", errors="strict")

    annotation.open_textfile = open_textfile
    projectconfig.open_textfile = open_textfile

    problems = 0
    for folder in args.folders:
        folder = os.path.abspath(folder)
        for ann in sorted(glob.glob(os.path.join(folder, "**", "*.ann"), recursive=True)):
            conf = projectconfig.ProjectConfiguration(os.path.dirname(ann))
            with annotation.TextAnnotations(ann[:-4], read_only=True) as doc:
                text = doc.get_document_text()
                bounds = list(doc.get_textbounds())
                for t in bounds:
                    expected = " ".join(text[s:e] for s, e in t.spans)
                    if t.text != expected:
                        print(f"{ann}: {t.id} covers {expected!r}, not {t.text!r}")
                        problems += 1
                for line in doc.failed_lines:
                    print(f"{ann}:{line + 1}: brat cannot parse this line")
                    problems += 1
                for issue in verify_annotations.verify_annotation(doc, conf):
                    print(f"{ann}: {issue}")
                    problems += 1
                print(f"{os.path.relpath(ann)}: {len(bounds)} text-bound, "
                      f"{len(list(doc.get_attributes()))} attributes, "
                      f"{len(list(doc.get_relations()))} relations, "
                      f"{len(list(doc.get_oneline_comments()))} notes")
    print(f"{problems} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
