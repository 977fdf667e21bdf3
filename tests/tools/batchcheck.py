#!/usr/bin/env python3
"""batchcheck.py: checks a `gongwen batch` manifest against the files it describes.

Usage: batchcheck.py MANIFEST EXPECT.json TOTAL [RESUMED]
EXPECT.json is tests/tools/batchdocs.py's output: the bad files and where their error is.
Checks: the counts (total, ok, failed, resumed, pending 0); one entry per job in input order
(data names sorted); every bad job failed with exit 1, no output file, no SHA-256, and an
error diagnostic naming its file at the expected line, column and pointer; every other job
ok, its output present with the SHA-256, byte count and page count (pdfinfo) listed, no
diagnostic; RESUMED (default 0) entries marked resumed; the output folder holds nothing but
the PDFs and the manifest (no temporary file). Prints what is wrong, exits 1 if anything is.
Python 3 standard library only (pdfinfo from poppler-utils for page counts).
"""
import hashlib
import json
import os
import subprocess
import sys


def pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1


def main():
    manifest, expect_path, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    want_resumed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    m = json.load(open(manifest, encoding="utf-8"))
    expect = json.load(open(expect_path, encoding="utf-8"))
    errs = []
    nbad = len(expect)
    for key, want in (("total", total), ("failed", nbad), ("pending", 0),
                      ("resumed", want_resumed), ("ok", total - nbad - want_resumed)):
        if m.get(key) != want:
            errs.append("manifest %s is %r, expected %r" % (key, m.get(key), want))
    jobs = m.get("jobs", [])
    if len(jobs) != total:
        errs.append("%d entries, expected %d" % (len(jobs), total))
    names = [os.path.basename(j.get("data") or "") for j in jobs]
    if names != sorted(names):
        errs.append("entries are not in input order")
    outs = set()
    resumed = 0
    for j, name in zip(jobs, names):
        resumed += j.get("resumed") is True
        if name in expect:
            e = expect[name]
            if j["status"] != "failed" or j["exit"] != 1 or j["sha256"] is not None:
                errs.append("%s: status %s exit %s sha256 %s" % (name, j["status"], j["exit"],
                                                                j["sha256"]))
            if j["out"] and os.path.exists(j["out"]):
                errs.append("%s: failed but %s exists" % (name, j["out"]))
            hit = [d for d in j["diagnostics"]
                   if d["severity"] == "error" and (d["file"] or "").endswith("/" + name)
                   and d["line"] == e["line"] and d["column"] == e["column"]
                   and d["pointer"] == e["pointer"]]
            if not hit:
                errs.append("%s: no error at %d:%d %s in %s" % (
                    name, e["line"], e["column"], e["pointer"], j["diagnostics"]))
            continue
        if j["status"] != "ok" or j["exit"] != 0 or j["diagnostics"]:
            errs.append("%s: status %s exit %s diagnostics %s" % (name, j["status"], j["exit"],
                                                                  j["diagnostics"]))
            continue
        out = j["out"]
        outs.add(os.path.basename(out))
        try:
            data = open(out, "rb").read()
        except OSError as x:
            errs.append("%s: %s" % (name, x))
            continue
        if hashlib.sha256(data).hexdigest() != j["sha256"]:
            errs.append("%s: sha256 differs from %s's" % (name, out))
        if len(data) != j["bytes"]:
            errs.append("%s: bytes %d, the file has %d" % (name, j["bytes"], len(data)))
        if pages(out) != j["pages"]:
            errs.append("%s: pages %d, pdfinfo says %d" % (name, j["pages"], pages(out)))
    if resumed != want_resumed:
        errs.append("%d entries marked resumed, expected %d" % (resumed, want_resumed))
    folder = os.path.dirname(os.path.abspath(manifest))
    extra = set(os.listdir(folder)) - outs - {os.path.basename(manifest)}
    if extra:
        errs.append("unexpected files in %s: %s" % (folder, sorted(extra)[:5]))
    for e in errs[:20]:
        print(e)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
