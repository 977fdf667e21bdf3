"""checkreport.py: the rule report the PDF checkers share (gridcheck.py, tablecheck.py).

Each rule adds one line, "ok RULE: detail" or "FAIL RULE: the first few problems"; failures
are printed last, then "N rules ok, M failed"; finish() returns the exit status (1 on any
failure). With `only`, rules outside it are not reported (for negative controls that must
fail exactly one rule).
"""


class Report:
    def __init__(self, only=(), limit=5):
        self.only = set(only)
        self.limit = limit
        self.results = []

    def wants(self, rule):
        return not self.only or rule in self.only

    def add(self, rule, bad, ok_detail, limit=None):
        if not self.wants(rule):
            return
        limit = self.limit if limit is None else limit
        if bad:
            more = f" (and {len(bad) - limit} more)" if len(bad) > limit else ""
            self.results.append((False, rule, "; ".join(bad[:limit]) + more))
        else:
            self.results.append((True, rule, ok_detail))

    def finish(self):
        for ok, rule, detail in sorted(self.results, key=lambda r: not r[0]):
            print(f"{'ok' if ok else 'FAIL'} {rule}: {detail}")
        n_bad = sum(1 for r in self.results if not r[0])
        print(f"{len(self.results) - n_bad} rules ok, {n_bad} failed")
        return 1 if n_bad else 0
