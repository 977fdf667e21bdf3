#!/usr/bin/env python3
"""worker_redis.py: the Redis side of tests/run.d/83-worker.sh and the worker bench.

In: a subcommand and a loopback Redis port. Out: what the subcommand prints; exit 1 (with
the reason on stdout) when a check fails. Python's standard library only: a RESP2 client of
a few lines.

  ping PORT TIMEOUT                      wait until Redis answers PING
  jobs OUT.json N DOCS...                N jobs over the documents DOCS (FILE or @FILE: the
                                         file's object inline), out j<i>.pdf; writes
                                         [[job line, expected reference PDF index]...]
  enqueue PORT STREAM JOBS.json          XADD each job (field "job"); prints the ids
  feed PORT STREAM JOBS.json TIMEOUT     enqueue as above, wait for every result on
                                         STREAM.results; prints the seconds it took
  add PORT STREAM JOB                    XADD one job; prints its id
  ghost PORT STREAM GROUP N              a consumer "ghost" reads the next entry and claims
                                         it again until delivered N times; prints its id
  wait PORT STREAM N TIMEOUT             wait until STREAM holds N entries (exit 1 if not)
  sigheld PORT STREAM GROUP CONSUMER PID SIG TIMEOUT OUT [JOB]
                                         XADD JOB if given, wait until CONSUMER holds a
                                         pending entry, send PID the signal SIG (KILL, TERM;
                                         NONE: none) at once, and write {"id": JOB's id, "held": the
                                         entries CONSUMER still holds} to OUT
  results PORT STREAM                    the results stream as JSON lines (id, status, result)
  check300 PORT STREAM IDS JOBS.json OUTDIR HELD REFS...
                                         every job has exactly one result, status ok, its
                                         PDF equal to its reference; the held entries were
                                         finished by another consumer
  get PORT KEY OUT                       GET KEY into the file OUT
  cmd PORT ARGS...                       any command; prints the reply as JSON
"""
import json
import os
import signal
import socket
import sys
import time


class Redis:
    """A minimal RESP2 client over one socket."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
        self.f = self.s.makefile("rb")

    def __call__(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.s.sendall(b"".join(out))
        return self.read()

    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            raise RuntimeError(rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.f.read(n + 2)[:-2]
            return data
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("bad reply %r" % line)


def text(x):
    if isinstance(x, bytes):
        return x.decode()
    if isinstance(x, list):
        return [text(y) for y in x]
    return x


def fields(pairs):
    return {text(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def fail(msg):
    print(msg)
    sys.exit(1)


def entries(r, stream):
    return [(text(e[0]), fields(e[1])) for e in r("XRANGE", stream, "-", "+")]


def held(r, stream, group, consumer):
    try:
        return text(r("XPENDING", stream, group, "-", "+", 100, consumer))
    except RuntimeError:  # NOGROUP: the worker has not made the group yet
        return []


def main(argv):
    cmd = argv[1]
    if cmd == "ping":
        end = time.time() + float(argv[3])
        while time.time() < end:
            try:
                if Redis(argv[2])("PING") == "PONG":
                    return 0
            except OSError:
                time.sleep(0.05)
        fail("no PONG from port %s" % argv[2])
    if cmd == "jobs":
        out, n, docs = argv[2], int(argv[3]), argv[4:]
        jobs = []
        for i in range(n):
            k = i % len(docs)
            d = docs[k]
            data = json.load(open(d[1:], encoding="utf-8")) if d.startswith("@") else d
            line = json.dumps({"data": data, "out": "j%d.pdf" % i}, ensure_ascii=False)
            jobs.append([line, k])
        json.dump(jobs, open(out, "w", encoding="utf-8"), ensure_ascii=False)
        return 0
    r = Redis(argv[2])
    if cmd == "enqueue":
        jobs = json.load(open(argv[4], encoding="utf-8"))
        for line, _ in jobs:
            print(text(r("XADD", argv[3], "*", "job", line.encode())))
        return 0
    if cmd == "feed":
        stream, jobs, end = argv[3], json.load(open(argv[4], encoding="utf-8")), float(argv[5])
        t0 = time.time()
        for line, _ in jobs:
            r("XADD", stream, "*", "job", line.encode())
        while r("XLEN", stream + ".results") < len(jobs):
            if time.time() - t0 > end:
                fail("%s.results: %d of %d results after %s s" % (stream, r("XLEN", stream + ".results"), len(jobs), argv[5]))
            time.sleep(0.005)
        print("%.3f" % (time.time() - t0))
        return 0
    if cmd == "add":
        print(text(r("XADD", argv[3], "*", "job", argv[4].encode())))
        return 0
    if cmd == "ghost":
        stream, group, n = argv[3], argv[4], int(argv[5])
        try:
            r("XGROUP", "CREATE", stream, group, "0", "MKSTREAM")
        except RuntimeError as e:
            if "BUSYGROUP" not in str(e):
                raise
        got = r("XREADGROUP", "GROUP", group, "ghost", "COUNT", 1, "STREAMS", stream, ">")
        eid = text(got[0][1][0][0])
        for _ in range(n - 1):
            r("XCLAIM", stream, group, "ghost", 0, eid)
        p = text(r("XPENDING", stream, group, eid, eid, 1))
        if p[0][3] != n:
            fail("delivered %s times, not %d" % (p[0][3], n))
        print(eid)
        return 0
    if cmd == "wait":
        stream, n, end = argv[3], int(argv[4]), time.time() + float(argv[5])
        while time.time() < end:
            if r("XLEN", stream) >= n:
                return 0
            time.sleep(0.05)
        fail("%s has %d entries after %s s, not %d" % (stream, r("XLEN", stream), argv[5], n))
    if cmd == "sigheld":
        stream, group, consumer, pid = argv[3], argv[4], argv[5], int(argv[6])
        sig = None if argv[7] == "NONE" else getattr(signal, "SIG" + argv[7])
        timeout, out = float(argv[8]), argv[9]
        added = text(r("XADD", stream, "*", "job", argv[10].encode())) if len(argv) > 10 else None
        end = time.time() + timeout
        while time.time() < end:
            if held(r, stream, group, consumer):
                if sig is not None:
                    os.kill(pid, sig)
                    time.sleep(0.2)
                h = held(r, stream, group, consumer)
                json.dump({"id": added, "held": h}, open(out, "w"))
                if sig == signal.SIGKILL and not h:
                    fail("%s finished its job just before the SIGKILL" % consumer)
                return 0
            time.sleep(0.002)
        fail("%s held no entry within %s s" % (consumer, timeout))
    if cmd == "results":
        for eid, f in entries(r, argv[3]):
            print(json.dumps({k: text(v) for k, v in f.items()}, ensure_ascii=False))
        return 0
    if cmd == "check300":
        stream, ids, jobs, outdir, heldf, refs = argv[3], argv[4], argv[5], argv[6], argv[7], argv[8:]
        ids = open(ids).read().split()
        jobs = json.load(open(jobs, encoding="utf-8"))
        refs = [open(p, "rb").read() for p in refs]
        res = {}
        for _, f in entries(r, stream):
            res.setdefault(text(f["id"]), []).append(json.loads(text(f["result"])))
        if len(ids) != len(jobs):
            fail("%d ids for %d jobs" % (len(ids), len(jobs)))
        extra = set(res) - set(ids)
        if extra:
            fail("results for entries that are no jobs: %s" % sorted(extra)[:3])
        for i, eid in enumerate(ids):
            got = res.get(eid, [])
            if len(got) != 1:
                fail("job %d (%s) has %d results" % (i, eid, len(got)))
            g = got[0]
            if g["status"] != "ok":
                fail("job %d (%s): %s" % (i, eid, json.dumps(g, ensure_ascii=False)[:300]))
            pdf = open(os.path.join(outdir, "j%d.pdf" % i), "rb").read()
            if pdf != refs[jobs[i][1]]:
                fail("job %d: j%d.pdf differs from its single render" % (i, i))
            if g["bytes"] != len(pdf) or g["pages"] < 1:
                fail("job %d: result says %s bytes, %s pages" % (i, g["bytes"], g["pages"]))
        for h in json.load(open(heldf))["held"]:
            g = res[h[0]][0]
            if g["consumer"] == h[1] or g["attempts"] < 2:
                fail("held entry %s finished by %s after %s deliveries" % (h[0], g["consumer"], g["attempts"]))
        print("%d jobs, %d results, each once and byte-identical; %d held by the killed worker, "
              "finished by another" % (len(ids), sum(len(v) for v in res.values()),
                                       len(json.load(open(heldf))["held"])))
        return 0
    if cmd == "get":
        v = r("GET", argv[3])
        if v is None:
            fail("no key %s" % argv[3])
        open(argv[4], "wb").write(v)
        return 0
    if cmd == "cmd":
        print(json.dumps(text(r(*argv[3:])), ensure_ascii=False))
        return 0
    fail("unknown command %s" % cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
