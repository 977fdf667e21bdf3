#!/usr/bin/env python3
"""tplexpand.py: a template layout and its data, expanded to plain data (an independent oracle).

Usage:
  tplexpand.py DATA.json [-l LAYOUT] [-o OUT.json] [--layout-out LAYOUT.json] [--check]

Reads data of format v1 with "slots" and "values" and its template layout (docs/templates.md),
written here from the specification, not from gongwen: the layout's "extends" chain merged
(fonts, styles, templates by entry name; blocks by key; every other key replaced), the skeleton
filled from the slots, every template a plain {"table": ...} block whose value cells hold the data's
values (absent: the template's "missing", 0 or blank; "" and null blank; a figure with its unit,
"251000元", as written) and whose computed cells hold the data's figure when it gives one, else
their sums (blank inputs count as nothing; only blank inputs: blank when missing is "blank",
else 0). Issue 12: a skeleton heading or a label cell with an "id" takes the data's "headings" /
"labels" text for that id; a "templates" entry {"from": LAYOUT, "template": NAME} is that
layout's template. Out (-o, default standard output): the same document as plain data with a "body", which
the tests render with gbt9704 and compare with gongwen's own rendering of the template data, and
whose tables tablecheck.py compares with the PDF. --layout-out writes the merged layout without
skeleton, templates and checks (a layout that plain data can use).
--check: also run the templates' checks (and the layout's top-level ones); print
"error: ..." / "warning: ..." lines (figures the data gives for sums that differ from the sums,
blank counting as 0, are warnings) and exit 1 when an error-level check fails.
"""
import argparse
import decimal
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUT_DIR = os.path.join(HERE, "..", "..", "layouts")
BY_NAME = ("fonts", "styles", "templates")
TABLE_KEYS = ("columns", "header_rows", "rows", "caption", "style")
CELL_KEYS = ("rowspan", "colspan", "align", "valign")


def find_layout(ref, base_dir):
    if "/" not in ref and not ref.endswith(".json"):
        return os.path.join(LAYOUT_DIR, ref + ".json")
    return os.path.join(base_dir, ref)


def load_layout(path, depth=0):
    if depth > 8:
        raise SystemExit(f"tplexpand: {path}: extends more than 8 levels")
    lay = json.load(open(path, encoding="utf-8"))
    parent = lay.pop("extends", None)
    if parent is None:
        return lay
    base = load_layout(find_layout(parent, os.path.dirname(path)), depth + 1)
    for name, t in list(lay.get("templates", {}).items()):
        lay["templates"][name] = resolve_from(t, name, os.path.dirname(path))
    for k, v in lay.items():
        if k in BY_NAME or k == "blocks":
            base.setdefault(k, {}).update(v)
        else:
            base[k] = v
    return base


FIGURE = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))? *(万亿|万|亿|)((?:(?![万亿])[\u4e00-\u9fff]){0,4})$")


def figure(text):
    """The number of a figure as published ("3.5万元" -> 35000), or None."""
    m = FIGURE.match(text)
    if not m:
        return None
    sign, whole, frac, mult, _unit = m.groups()
    v = decimal.Decimal(sign + whole.replace(",", "") + ("." + frac if frac else ""))
    v *= {"": 1, "万": 10 ** 4, "亿": 10 ** 8, "万亿": 10 ** 12}[mult]
    return int(v) if v == v.to_integral_value() else float(v)


def number_of(g):
    """A given value as a number for the sums: numbers, figures; "" and None blank ("")."""
    if g is None or g == "":
        return ""
    if isinstance(g, str):
        return figure(g)
    return g


def resolve_from(entry, name, base_dir, depth=0):
    """A "templates" entry, with "from" followed to that layout's template."""
    if not (isinstance(entry, dict) and "from" in entry):
        return entry
    if depth > 8:
        raise SystemExit("tplexpand: more than 8 links of \"from\"")
    path = find_layout(entry["from"], base_dir)
    lay = load_layout(path)
    name = entry.get("template", name)
    return resolve_from(lay["templates"][name], name, os.path.dirname(path), depth + 1)


def lookup(values, key):
    v = values
    for part in key.split("."):
        if not isinstance(v, dict) or part not in v:
            return None
        v = v[part]
    return v


def add(a, b):
    s = a + b
    return round(s, 9) if isinstance(s, float) else s


class Table:
    """One template filled: cells by key, values computed."""

    def __init__(self, name, tpl, values, warnings, labels=None):
        self.name, self.tpl, self.values, self.warnings = name, tpl, values or {}, warnings
        self.labels = labels or {}
        self.blank_sum = "" if tpl.get("missing", "0") == "blank" else 0
        rk, ck = tpl.get("row_keys"), tpl.get("column_keys")
        self.cells, self.by_key = [], {}
        occ = set()
        for r, row in enumerate(tpl["rows"]):
            c = 0
            for cell in row:
                while (r, c) in occ:
                    c += 1
                d = cell if isinstance(cell, dict) else {"text": cell}
                rs, cs = d.get("rowspan", 1), d.get("colspan", 1)
                for dr in range(rs):
                    for dc in range(cs):
                        occ.add((r + dr, c + dc))
                row_key = rk[r] if rk else None
                col_key = ck[c] if ck else None
                key = d.get("key")
                if key is None and row_key and col_key:
                    key = f"{row_key}.{col_key}"
                if "value" in d and d["value"] is not True:
                    key = d["value"]
                ent = {"d": d, "key": key, "row": row_key, "col": col_key, "r": r, "c": c}
                self.cells.append((r, ent))
                if ("value" in d or "sum" in d) and key:
                    self.by_key[key] = ent
                c += cs
        self.memo, self.busy = {}, set()

    def given(self, key):
        return lookup(self.values, key)

    def is_given(self, key):
        v, parts = self.values, key.split(".")
        for part in parts[:-1]:
            v = v.get(part) if isinstance(v, dict) else None
        return isinstance(v, dict) and parts[-1] in v

    def value(self, key):
        if key in self.memo:
            return self.memo[key]
        ent = self.by_key.get(key)
        if ent is None:
            raise SystemExit(f"tplexpand: {self.name}: no cell with the key {key}")
        if key in self.busy:
            raise SystemExit(f"tplexpand: {self.name}: sums in a cycle at {key}")
        self.busy.add(key)
        d = ent["d"]
        if "value" in d:
            if self.is_given(key):
                v = number_of(self.given(key))
            else:
                v = "" if self.tpl.get("missing", "0") == "blank" else 0
        else:
            s = d["sum"]
            if isinstance(s, list):
                keys = s
            elif "row" in s:
                keys = [f"{ent['row']}.{c}" for c in s["row"]]
            else:
                keys = [f"{r}.{ent['col']}" for r in s["column"]]
            parts = [self.value(k) for k in keys]
            nums = [p for p in parts if p != ""]
            v = self.blank_sum if not nums else 0
            for p in nums:
                v = add(v, p)
            g = number_of(self.given(key)) if self.is_given(key) else None
            if g is not None and (g or 0) != (v or 0):
                self.warnings.append(f"warning: {self.name}: {key} is given as {json.dumps(g)}, "
                                     f"but the sum is {json.dumps(v)}")
        self.busy.discard(key)
        self.memo[key] = v
        return v

    def table(self):
        rows = [[] for _ in self.tpl["rows"]]
        for r, ent in self.cells:
            d = ent["d"]
            extra = {k: d[k] for k in CELL_KEYS if k in d}
            if "value" in d or "sum" in d:
                key = ent["key"]
                g = self.given(key) if self.is_given(key) else None
                text = self.value(key)
                if self.is_given(key):  # printed as the data gives it (issue 12)
                    text = "" if g is None else g
            else:
                text = self.labels.get(d.get("id"), d.get("text", "")) if "id" in d else d.get("text", "")
            rows[r].append(dict(text=text, **extra) if extra else text)
        out = {k: self.tpl[k] for k in TABLE_KEYS if k in self.tpl}
        out["rows"] = rows
        return out

    def check(self, rule):
        """[(level, message)] for one rule of this template."""
        out = []
        if "each" not in rule:
            return out
        keys = self.tpl.get("column_keys" if rule["each"] == "column" else "row_keys") or []
        for k in keys:
            if k is None:
                continue
            full = (lambda r: f"{r}.{k}") if rule["each"] == "column" else (lambda r: f"{k}.{r}")

            def side(names):
                s = 0
                for n in names:
                    v = self.value(full(n)) if full(n) in self.by_key else ""
                    s = add(s, v) if v != "" else s
                return s
            a, b = side(rule["left"]), side(rule["right"])
            if a != b:
                out.append((rule.get("level", "error"),
                            f"{rule['name']} fails in {self.tpl.get('title', self.name)}, {rule['each']} {k}: "
                            f"{' + '.join(rule['left'])} = {a}, but {' + '.join(rule['right'])} = {b}"))
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("-l", dest="layout")
    ap.add_argument("-o", dest="out")
    ap.add_argument("--layout-out")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    data = json.load(open(a.data, encoding="utf-8"))
    ref = a.layout or data.get("layout", "gbt9704")
    base = os.getcwd() if a.layout else os.path.dirname(os.path.abspath(a.data))
    lay = load_layout(find_layout(ref, base))
    if "skeleton" not in lay:
        raise SystemExit("tplexpand: the layout has no skeleton")
    slots, values = data.get("slots", {}), data.get("values", {})
    headings, labels = data.get("headings", {}), data.get("labels", {})
    used = set()
    warnings, tables, body = [], {}, []
    for e in lay["skeleton"]:
        if "slot" in e:
            used.add(e["slot"])
            body += slots.get(e["slot"], [])
        elif "template" in e:
            name = e["template"]
            t = tables[name] = Table(name, lay["templates"][name], values.get(name), warnings,
                                     labels.get(name))
            body.append({"table": t.table()})
        else:
            hid = e.get("id")
            e = {k: v for k, v in e.items() if k not in ("id", "fixed")}
            if hid in headings:  # the data's own wording of the heading (issue 12)
                kind = next(iter(e))
                e = {kind: headings[hid]}
            body.append(e)
    extra = set(slots) - used
    if extra:
        raise SystemExit(f"tplexpand: slots the skeleton lacks: {', '.join(sorted(extra))}")
    unknown = set(values) - set(tables)
    if unknown:
        raise SystemExit(f"tplexpand: values of unknown templates: {', '.join(sorted(unknown))}")
    out = {"meta": data["meta"]} if "meta" in data else {}
    out["body"] = body
    s = json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    if a.out:
        open(a.out, "w", encoding="utf-8").write(s)
    elif not a.check:
        sys.stdout.write(s)
    if a.layout_out:
        plain = {k: v for k, v in lay.items() if k not in ("skeleton", "templates", "checks")}
        json.dump(plain, open(a.layout_out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    if a.check:
        found = []
        for name, t in tables.items():
            for rule in t.tpl.get("checks", []):
                found += t.check(rule)
        for rule in lay.get("checks", []):
            def side(keys):
                s = 0
                for k in keys:
                    tname, rest = k.split(".", 1)
                    v = tables[tname].value(rest)
                    s = add(s, v) if v != "" else s
                return s
            x, y = side(rule["left"]), side(rule["right"])
            if x != y:
                found.append((rule.get("level", "error"), f"{rule['name']} fails: {x} != {y}"))
        for w in warnings:
            print(w)
        for level, msg in found:
            print(f"{level}: {msg}")
        n_err = sum(1 for level, _ in found if level == "error")
        print(f"{n_err} error(s), {len(warnings) + len(found) - n_err} warning(s)")
        return 1 if n_err else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
