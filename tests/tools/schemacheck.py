#!/usr/bin/python3
"""schemacheck.py: validates JSON files against the JSON Schema each names with "$schema".

Usage: /usr/bin/python3 tests/tools/schemacheck.py [--schema SCHEMA] FILE...

In:  FILEs (report data or layouts). Each names its schema with a top-level "$schema": a path
     relative to the file ("../schemas/data.schema.json"), or the schema's "$id" URL. A file
     without "$schema" fails, unless --schema gives the schema to use for every file (for
     test fixtures that do not name one).
Out: one line per file, "ok FILE (SCHEMA)" or "FAIL FILE: why", and exit status 1 when any file
     (or schema) failed, 2 on a usage error. A FILE that is itself a schema (its "$schema" is
     the draft 2020-12 metaschema) is checked with Draft202012Validator.check_schema.

How: jsonschema's Draft202012Validator with format checking ("date"). Every schema used is first
checked with Draft202012Validator.check_schema, and each of its "$ref"s is resolved. A schema's
"$ref"s to a sibling schema ("data.schema.json#/$defs/block") resolve through its "$id" to the
*.schema.json files of its own folder, which are loaded into the resolver's store, so nothing is
fetched from the network (the $id host, gongwen.invalid, does not exist). The file is read as strictly as gongwen reads it
(src/load/json.c): UTF-8, no duplicate keys, finite numbers, no NaN, no U+0000 or lone
surrogates, nesting at most 64 levels, at most 16 MiB; Python's json module alone would let
those pass (a duplicate key silently keeps its last value).

Needs Debian's python3-jsonschema (4.10): run it with /usr/bin/python3, which sees Debian's
dist-packages (a pyenv python3 on PATH may not).
"""
import argparse
import json
import math
import os
import sys
import warnings
from urllib.parse import urljoin
from urllib.request import pathname2url

# jsonschema 4.18+ (not Debian 12's 4.10) deprecates RefResolver but still has it
warnings.filterwarnings("ignore", category=DeprecationWarning, module="jsonschema")
warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*RefResolver")
try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError, best_match
except ImportError:
    sys.exit("schemacheck: needs python3-jsonschema (scripts/install-deps.sh); run it with /usr/bin/python3")

METASCHEMA = "https://json-schema.org/draft/2020-12/schema"
MAX_BYTES = 16 << 20
MAX_NESTING = 64


class StrictError(ValueError):
    pass


def _pairs(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise StrictError(f'duplicate key "{k}"')
        obj[k] = v
    return obj


def _float(s):
    v = float(s)
    if not math.isfinite(v):
        raise StrictError(f"number {s} is out of range")
    return v


def _int(s):
    if not math.isfinite(float(s)):
        raise StrictError(f"number {s} is out of range")
    return int(s)


def _constant(s):
    raise StrictError(f"{s} is not JSON")


def _scan(v, depth=1):
    """Checks nesting (depth counts the arrays and objects v is in, v too) and strings (keys
    too) for U+0000 and lone surrogates."""
    if isinstance(v, (dict, list)) and depth > MAX_NESTING:
        raise StrictError(f"nesting deeper than {MAX_NESTING} levels")
    if isinstance(v, str):
        if "\0" in v:
            raise StrictError("a string contains U+0000")
        if any("\ud800" <= c <= "\udfff" for c in v):
            raise StrictError("a string contains a lone surrogate")
    elif isinstance(v, dict):
        for k, x in v.items():
            _scan(k, depth)
            _scan(x, depth + 1)
    elif isinstance(v, list):
        for x in v:
            _scan(x, depth + 1)


def load_strict(path):
    """The JSON value of file path, read as strictly as gongwen reads it; raises on any fault."""
    with open(path, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise StrictError(f"larger than {MAX_BYTES} bytes")
    text = raw.decode("utf-8")  # UnicodeDecodeError is a ValueError
    v = json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_int=_int,
                   parse_constant=_constant)
    _scan(v)
    return v


def refs(v):
    """Every "$ref" string in schema v."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "$ref" and isinstance(x, str):
                yield x
            else:
                yield from refs(x)
    elif isinstance(v, list):
        for x in v:
            yield from refs(x)


def file_uri(path):
    return urljoin("file:", pathname2url(os.path.abspath(path)))


class Schemas:
    """Loads, checks and caches schemas; builds a validator per schema."""

    def __init__(self):
        self.by_path = {}  # realpath -> (schema, problem or None)
        self.by_id = {}  # $id -> realpath
        self.validators = {}  # realpath -> (validator or None, problem or None)
        self.failed = False

    def load(self, path):
        rp = os.path.realpath(path)
        if rp in self.by_path:
            return self.by_path[rp]
        try:
            schema = load_strict(rp)
            Draft202012Validator.check_schema(schema)
            problem = None
        except OSError as e:
            schema, problem = None, f"cannot read schema {path}: {e.strerror}"
        except ValueError as e:
            schema, problem = None, f"schema {path} is not valid JSON: {e}"
        except SchemaError as e:
            schema, problem = None, (f"schema {path} is not a valid draft 2020-12 schema: "
                                     f"{e.message} (at {e.json_path})")
        if schema is not None and schema.get("$schema") != METASCHEMA:
            schema, problem = None, f'schema {path}: "$schema" is not draft 2020-12'
        self.by_path[rp] = (schema, problem)
        if problem:
            self.failed = True
            print(f"FAIL {path}: {problem}")
        elif isinstance(schema.get("$id"), str):
            self.by_id.setdefault(schema["$id"], rp)
        return schema, problem

    def siblings(self, path):
        """Loads the *.schema.json files next to path, so their $ids resolve."""
        d = os.path.dirname(os.path.realpath(path))
        for name in sorted(os.listdir(d)):
            if name.endswith(".schema.json"):
                self.load(os.path.join(d, name))

    def validator(self, path):
        rp = os.path.realpath(path)
        if rp not in self.validators:
            self.validators[rp] = self._validator(path)
        return self.validators[rp]

    def _validator(self, path):
        schema, problem = self.load(path)
        if problem:
            return None, problem
        self.siblings(path)
        # the schemas of path's own folder win over same-$id ones loaded from elsewhere
        here = os.path.dirname(os.path.realpath(path))
        store = {}
        for rp, (s, p) in sorted(self.by_path.items(), key=lambda i: os.path.dirname(i[0]) == here):
            if s is not None:
                store[file_uri(rp)] = s
                if isinstance(s.get("$id"), str):
                    store[s["$id"]] = s
        base = schema.get("$id", file_uri(path))
        resolver = jsonschema.RefResolver(base, schema, store=store)
        # check_schema does not follow "$ref"s: resolve every one, so a dangling reference
        # fails here and not only when some file reaches it
        for ref in refs(schema):
            try:
                resolver.resolve(ref)
            except jsonschema.RefResolutionError as e:
                problem = f'schema {path}: "$ref" {ref!r} does not resolve ({e})'
                self.by_path[os.path.realpath(path)] = (None, problem)
                self.failed = True
                print(f"FAIL {path}: {problem}")
                return None, problem
        return Draft202012Validator(schema, resolver=resolver,
                                    format_checker=Draft202012Validator.FORMAT_CHECKER), None

    def resolve(self, ref, file):
        """The path of the schema that "$schema": ref names in file."""
        if ref in self.by_id:
            return self.by_id[ref]
        if "://" in ref:
            # an $id URL: look among the project's schemas
            self.siblings(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                       "..", "..", "schemas", "x"))
            return self.by_id.get(ref)
        return os.path.join(os.path.dirname(file), ref)


def where(err):
    p = "".join(f"/{x}" for x in err.absolute_path)
    return p or "/"


def short(msg, keep=110):
    """msg cut in its middle when long: jsonschema quotes the whole faulty value first."""
    return msg if len(msg) <= 2 * keep + 5 else msg[:keep] + " … " + msg[-keep:]


def describe(errors):
    """One line for a file's errors: the count and the most relevant ones (jsonschema's
    best_match, which looks inside anyOf and oneOf for the alternative that came closest)."""
    errors = sorted(errors, key=lambda e: list(map(str, e.absolute_path)))
    deep = [best_match([e]) for e in errors]
    first = best_match(errors)
    shown = sorted(deep, key=lambda e: e is not first)[:3]
    parts = []
    for e in shown:
        why = ""
        if e.context:  # still an anyOf / oneOf: what each alternative said
            why = " [" + "; ".join(short(c.message, 50) for c in e.context[:3]) + "]"
        parts.append(f"{short(e.message)}{why} (at {where(e)})")
    more = len(errors) - len(shown)
    n = len(errors)
    return f"{n} error{'s' if n > 1 else ''}: " + "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def main():
    ap = argparse.ArgumentParser(description="validate JSON files against their \"$schema\"")
    ap.add_argument("--schema", help="validate every file against this schema, whatever it names")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    schemas = Schemas()
    failed = False
    for f in a.files:
        try:
            doc = load_strict(f)
        except OSError as e:
            print(f"FAIL {f}: cannot read: {e.strerror}")
            failed = True
            continue
        except ValueError as e:
            print(f"FAIL {f}: not valid JSON as gongwen reads it: {e}")
            failed = True
            continue
        if a.schema:
            spath = a.schema
        else:
            ref = doc.get("$schema") if isinstance(doc, dict) else None
            if not isinstance(ref, str) or not ref:
                print(f'FAIL {f}: no "$schema" naming its schema ("../schemas/data.schema.json" or "../schemas/layout.schema.json")')
                failed = True
                continue
            if ref == METASCHEMA:
                # a schema itself: check it against the draft 2020-12 metaschema
                _, problem = schemas.validator(f)
                if problem:
                    failed = True
                else:
                    print(f"ok   {f} (a valid draft 2020-12 schema)")
                continue
            spath = schemas.resolve(ref, f)
            if spath is None:
                print(f'FAIL {f}: "$schema" {ref!r} is neither a path nor the $id of a schema in schemas/')
                failed = True
                continue
        v, problem = schemas.validator(spath)
        if problem:
            print(f"FAIL {f}: {problem}")
            failed = True
            continue
        errors = list(v.iter_errors(doc))
        shown = os.path.relpath(spath)
        if errors:
            print(f"FAIL {f} ({shown}): {describe(errors)}")
            failed = True
        else:
            print(f"ok   {f} ({shown})")
    return 1 if failed or schemas.failed else 0


if __name__ == "__main__":
    sys.exit(main())
