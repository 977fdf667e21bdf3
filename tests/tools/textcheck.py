#!/usr/bin/env python3
"""textcheck.py: the text of a rendered document is exactly the text of its data.

In: DATA.json TRACE.txt PDF. Out: exit 0 when
  (1) the trace's runs, joined, hold exactly the data's characters in order (title, headings
      with their numbers (GB/T 9704 7.3.3, computed here independently), paragraphs, the signature's organ and date as 2021年1月15日, plus the page numbers), and
      Table text (runs between a cell's side borders) is checked apart: every cell's text
      appears in the tables' text in reading order (a repeated header or label may come in
      between).
  (2) pdftotext -raw (content-stream order) of the PDF equals the trace's text (so the
      ToUnicode maps are exact).
White space is ignored in both comparisons (pdftotext adds line ends; the layout drops
spaces at line ends), every other character counts, U+20BB7 included.
"""
import json
import re
import subprocess
import sys


def strip(s):
    return re.sub(r"\s+", "", s)


def zh(n):
    """Chinese numeral for 1..99 (the headings of a report never go further)."""
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    return (d[n // 10] if n >= 20 else "") + "十" + (d[n % 10] if n % 10 else "")


def number(level, n):
    """GB/T 9704-2012 7.3.3 heading numbers: 一、 （一） 1. （1）."""
    return [f"{zh(n)}、", f"（{zh(n)}）", f"{n}.", f"（{n}）"][level - 1]


def cell_text(c):
    """A table cell's text as printed: strings as given, numbers in shortest form."""
    if isinstance(c, dict):
        c = c.get("text", "")
    if c is None:
        return ""
    if isinstance(c, bool):
        return str(c)
    if isinstance(c, (int, float)):
        return repr(int(c)) if float(c).is_integer() else repr(c)
    return c


def data_tables(path):
    """Every table's cell texts (and caption), whitespace stripped, non-empty."""
    doc = json.load(open(path, encoding="utf-8"))
    out = []
    for b in doc["body"]:
        if "table" in b:
            t = b["table"]
            cells = [strip(cell_text(c)) for row in t["rows"] for c in row]
            if t.get("caption"):
                cells.insert(0, strip(t["caption"]))
            out.append([c for c in cells if c])
    return out


def data_text(path):
    doc = json.load(open(path, encoding="utf-8"))
    out = []
    counts = [0] * 5
    for b in doc["body"]:
        k, v = next(iter(b.items()))
        if k in ("h1", "h2", "h3", "h4"):
            level = int(k[1])
            counts[level] += 1
            for deeper in range(level + 1, 5):
                counts[deeper] = 0
            if isinstance(v, str):
                out.append(number(level, counts[level]) + v)
            else:
                own = v.get("number")
                out.append((own if isinstance(own, str) else "") + v["text"])
        elif k in ("title", "p"):
            out.append(v)
        elif k == "table":
            continue  # checked cell by cell, below
        elif k == "signature":
            y, m, d = (int(x) for x in v["date"].split("-"))
            out.append(v["org"] + f"{y}年{m}月{d}日")
    return strip("".join(out))


def trace_text(path):
    """Per page, the runs in painting order as (text, in_table). A run is table text when
    vertical rules stand left and right of it at its baseline (a cell's side borders)."""
    pages, cur, vrules = [], None, None
    raw = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            cur, vrules = [], []
            raw.append((cur, vrules))
        elif line.startswith("rule "):
            x1, y1, x2, y2 = (float(v) for v in line.split()[1:5])
            if abs(x1 - x2) < 0.01:
                vrules.append((x1, min(y1, y2), max(y1, y2)))
        elif line.startswith("text "):
            m = re.match(r'text (\S+) (\S+) (\S+) \S+ \S+ "(.*)"$', line.rstrip("\n"))
            x, y, w = float(m.group(1)), float(m.group(2)), float(m.group(3))
            cur.append((m.group(4).replace('\\"', '"').replace("\\\\", "\\"), x, y, w))
    for runs, vr in raw:
        page = []
        for t, x, y, w in runs:
            left = any(rx <= x + 0.01 and y0 <= y <= y1 for rx, y0, y1 in vr)
            right = any(rx >= x + w - 0.01 and y0 <= y <= y1 for rx, y0, y1 in vr)
            page.append((t, left and right))
        pages.append(page)
    return pages


def main():
    data, trace, pdf = sys.argv[1:4]
    pages = trace_text(trace)
    want = data_text(data)
    body, table = "", ""
    for n, runs in enumerate(pages, 1):
        t = strip("".join(r for r, in_table in runs if not in_table))
        table += strip("".join(r for r, in_table in runs if in_table))
        # the page number is the last run of a page: "— N —" in the shipped layouts
        t2 = re.sub(r"—?%d—?$" % n, "", t)
        body += t2
    for k, cells in enumerate(data_tables(data), 1):
        at = 0
        for c in cells:
            # in reading order; a repeated header or label may come in between
            i = table.find(c, at)
            if i < 0:
                print(f"table {k}: cell text \"{c}\" is not in the trace's table text (in order)")
                return 1
            at = i + len(c)
    if body != want:
        i = next((i for i in range(min(len(body), len(want))) if body[i] != want[i]), None)
        print(f"trace text differs from the data at character {i}: "
              f"trace …{body[i:i+20] if i is not None else body[len(want):][:20]}… "
              f"data …{want[i:i+20] if i is not None else want[len(body):][:20]}…")
        return 1
    got = strip(subprocess.run(["pdftotext", "-q", "-raw", "-enc", "UTF-8", pdf, "-"],
                               capture_output=True, check=True, text=True).stdout)
    full = "".join(strip("".join(r for r, _ in runs)) for runs in pages)
    if got != full:
        i = next((i for i in range(min(len(got), len(full))) if got[i] != full[i]), min(len(got), len(full)))
        print(f"pdftotext differs from the trace at character {i}: "
              f"pdf …{got[i:i+20]}… trace …{full[i:i+20]}…")
        return 1
    print(f"ok: {len(want)} characters of data, {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
