#!/usr/bin/env python3
"""servecheck.py: talks to a running `gongwen serve` for tests/run.d/82-serve.sh.

In: a subcommand, the service's port and its arguments. Out: exit 0 when the service
answered as expected, else 1 with a line saying what it did instead. Standard library only
(http.client, socket, json, threading).

  render PORT DATA OUT [QUERY]        POST /render: 200 application/pdf, body written to OUT
  concurrent PORT N DATA=PDF...       N requests at once over the pairs (round robin): each
                                      answer is 200 and byte-identical to its PDF
  diags PORT PATH DATA CLI_OUT [QUERY] POST PATH: 422, and its diagnostics are exactly the
                                      error/warning lines `gongwen check` printed (CLI_OUT):
                                      file (<request> for the data), line, column, message,
                                      pointer
  refused PORT DATA POINTER RE [QUERY]  POST /render: 422 with an error at POINTER (with a
                                      line and column) whose message matches RE
  limit PORT DATA WORD                POST /render: 422 with an error whose message holds WORD
  status PORT METHOD PATH CODE [BODYFILE]  the answer's status is CODE
  check PORT DATA PAGES               POST /check: 200, "ok" with PAGES pages
  toobig PORT BYTES                   a Content-Length of BYTES: 413 before any body is sent;
                                      then a chunked body of BYTES: 413 after it
  slow PORT TIMEOUT DATA PDF          one client sends its request one byte per second: it is
                                      cut off within TIMEOUT + 2 s, while another client's
                                      render (DATA) is answered meanwhile, byte-identical to PDF
  metrics PORT EXPECT...              /metrics holds these samples (NAME{LABELS}=VALUE), and
                                      the in-flight gauge and a histogram per path
  sigterm PORT PID DATA PDF N         N renders in flight and one request whose body is half
                                      sent; SIGTERM; a new connection is refused; the half
                                      body is finished; all N + 1 are 200 and equal PDF
  bench PORT DATA SECONDS CONC        requests/s for SECONDS with CONC clients (keep-alive)
"""
import http.client
import json
import os
import re
import signal
import socket
import statistics
import sys
import threading
import time


def fail(msg):
    print(msg)
    sys.exit(1)


def post(port, path, body, timeout=60):
    """POSTs body to path; returns (status, headers, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def read(path):
    with open(path, "rb") as f:
        return f.read()


def query(q):
    return ("?" + q) if q else ""


def cmd_render(port, data, out, q=""):
    st, h, body = post(int(port), "/render" + query(q), read(data))
    if st != 200 or h.get("Content-Type") != "application/pdf":
        fail(f"status {st} ({h.get('Content-Type')}): {body[:300]!r}")
    if not body.startswith(b"%PDF-"):
        fail("not a PDF")
    with open(out, "wb") as f:
        f.write(body)
    if int(h.get("X-Gongwen-Pages", "0")) < 1:
        fail(f"X-Gongwen-Pages: {h.get('X-Gongwen-Pages')}")


def cmd_concurrent(port, n, *pairs):
    jobs = [p.split("=", 1) for p in pairs]
    results = [None] * int(n)

    def one(i):
        data, pdf = jobs[i % len(jobs)]
        try:
            st, _, body = post(int(port), "/render", read(data))
            results[i] = "ok" if st == 200 and body == read(pdf) else f"{data}: status {st}, {len(body)} bytes"
        except Exception as e:  # noqa: BLE001 (reported)
            results[i] = f"{data}: {e}"

    ts = [threading.Thread(target=one, args=(i,)) for i in range(int(n))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    bad = [r for r in results if r != "ok"]
    if bad:
        fail(f"{len(bad)} of {n} differ: {bad[0]}")


LINE = re.compile(r"^(.*):(\d+):(\d+): (error|warning|note): (.*?)(?: \(at (/[^)]*|)\))?$")


def cmd_diags(port, path, data, cli_out, q=""):
    st, h, body = post(int(port), path + query(q), read(data))
    if st != 422 or not h.get("Content-Type", "").startswith("application/json"):
        fail(f"status {st}: {body[:300]!r}")
    got = json.loads(body)
    if got.get("status") != "bad input":
        fail(f"status field {got.get('status')!r}")
    want = []
    for line in open(cli_out, encoding="utf-8"):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            continue
        f, ln, col, sev, msg, ptr = m.groups()
        f = "<request>" if f == data else f
        want.append((f, int(ln), int(col), sev, msg, ptr))
    have = [(d["file"], d["line"], d["column"], d["severity"], d["message"], d["pointer"])
            for d in got["diagnostics"]]
    if not want:
        fail(f"no positioned diagnostics in {cli_out}")
    if have != want:
        fail(f"service: {have[:3]}\n  cli: {want[:3]}")


def cmd_refused(port, data, pointer, word, q=""):
    st, _, body = post(int(port), "/render" + query(q), read(data))
    if st != 422:
        fail(f"status {st}: {body[:200]!r}")
    ds = json.loads(body)["diagnostics"]
    for d in ds:
        if (d["severity"] == "error" and d["pointer"] == pointer and re.search(word, d["message"])
                and d["line"] > 0 and d["column"] > 0):
            return
    fail(f"no error at {pointer} with {word!r}: {ds}")


def cmd_limit(port, data, word, q=""):
    st, _, body = post(int(port), "/render" + query(q), read(data))
    if st != 422:
        fail(f"status {st}: {body[:200]!r}")
    ds = json.loads(body)["diagnostics"]
    if not any(d["severity"] == "error" and word in d["message"] for d in ds):
        fail(f"no error with {word!r}: {ds}")


def cmd_status(port, method, path, code, bodyfile=None):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    c.request(method, path, body=read(bodyfile) if bodyfile else None)
    r = c.getresponse()
    body = r.read()
    if r.status != int(code):
        fail(f"{method} {path}: status {r.status}, wanted {code}: {body[:200]!r}")
    if r.status == 405 and not r.getheader("Allow"):
        fail("405 without Allow")


def cmd_check(port, data, pages):
    st, _, body = post(int(port), "/check", read(data))
    got = json.loads(body)
    if st != 200 or got["status"] != "ok" or got["pages"] != int(pages):
        fail(f"status {st}: {body[:300]!r}")


def status_line(sock):
    """Reads until the end of the headers (or EOF); returns the status code or None."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        try:
            b = sock.recv(4096)
        except ConnectionResetError:
            break
        if not b:
            break
        buf += b
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", buf)
    return int(m.group(1)) if m else None


def cmd_toobig(port, nbytes):
    n = int(nbytes)
    # a declared length over the limit: answered before the body is sent
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
    s.sendall(b"POST /render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % n)
    st = status_line(s)
    s.close()
    if st != 413:
        fail(f"Content-Length {n}: status {st}")
    # a chunked body that grows over the limit: read to its end, then 413
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
    s.sendall(b"POST /render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"[" + b" " * 65534 + b"]"
    sent = 0
    while sent <= n:
        s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sent += len(chunk)
    s.sendall(b"0\r\n\r\n")
    st = status_line(s)
    s.close()
    if st != 413:
        fail(f"chunked body of {sent} bytes: status {st}")


def cmd_slow(port, timeout, data, pdf):
    timeout = float(timeout)
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=timeout + 10)
    req = (b"POST /render HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
    t0 = time.monotonic()
    cut = None
    other = {}

    def render():
        try:
            st, _, body = post(int(port), "/render", read(data))
            other["ok"] = st == 200 and body == read(pdf)
            other["t"] = time.monotonic() - t0
        except Exception as e:  # noqa: BLE001 (reported)
            other["err"] = str(e)

    th = None
    for i, b in enumerate(req):
        try:
            s.sendall(bytes([b]))
        except (BrokenPipeError, ConnectionResetError):
            cut = time.monotonic() - t0
            break
        if i == 1:
            th = threading.Thread(target=render)
            th.start()
        # the server closing shows as a readable socket at EOF
        s.settimeout(1.0)
        try:
            got = s.recv(4096)
            if got == b"" or got.startswith(b"HTTP/"):
                cut = time.monotonic() - t0
                if got:
                    fail(f"answered instead of cut: {got[:60]!r}")
                break
        except socket.timeout:
            pass
        except ConnectionResetError:
            cut = time.monotonic() - t0
            break
    s.close()
    if th:
        th.join()
    if cut is None:
        fail(f"never cut: the whole request ({len(req)} bytes) went through in "
             f"{time.monotonic() - t0:.1f} s")
    if cut > timeout + 2:
        fail(f"cut after {cut:.1f} s (timeout {timeout} s)")
    if not other.get("ok"):
        fail(f"the other client's render: {other}")
    if other["t"] > timeout:
        fail(f"the other client waited {other['t']:.1f} s")
    print(f"cut after {cut:.1f} s; another render answered in {other['t']:.2f} s")


def metrics(port):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    c.request("GET", "/metrics")
    r = c.getresponse()
    text = r.read().decode()
    if r.status != 200 or not r.getheader("Content-Type", "").startswith("text/plain"):
        fail(f"/metrics: status {r.status}")
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def cmd_metrics(port, *expect):
    m = metrics(port)
    for e in expect:
        name, value = e.rsplit("=", 1)
        if m.get(name) != float(value):
            fail(f"{name} is {m.get(name)}, wanted {value}")
    # the request asking is in flight
    if m.get("gongwen_requests_in_flight") != 1:
        fail(f"in flight: {m.get('gongwen_requests_in_flight')}")
    # each path's histogram: buckets rise to the count
    for p in ("/render", "/check"):
        b = [v for k, v in m.items()
             if k.startswith(f'gongwen_request_duration_seconds_bucket{{path="{p}"')]
        n = m.get(f'gongwen_request_duration_seconds_count{{path="{p}"}}')
        if not b or b != sorted(b) or b[-1] != n:
            fail(f"histogram of {p}: {b} count {n}")


def cmd_sigterm(port, pid, data, pdf, n):
    port, pid, n = int(port), int(pid), int(n)
    body = read(data)
    want = read(pdf)
    results = {}

    def render(i):
        try:
            st, _, got = post(port, "/render", body)
            results[i] = "ok" if st == 200 and got == want else f"status {st}, {len(got)} bytes"
        except Exception as e:  # noqa: BLE001 (reported)
            results[i] = repr(e)

    # the half-sent request: its headers and half its body are in before the signal
    half = socket.create_connection(("127.0.0.1", port), timeout=30)
    half.sendall(b"POST /render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
    ts = [threading.Thread(target=render, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    time.sleep(0.3)
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.3)
    # no new connection once stopping
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        st = status_line(c)
        c.close()
        if st is not None:
            fail(f"a new connection after SIGTERM was answered {st}")
    except (ConnectionRefusedError, ConnectionResetError):
        pass
    half.sendall(body[len(body) // 2:])
    half.settimeout(60)
    buf = b""
    while True:
        b = half.recv(65536)
        if not b:
            break
        buf += b
    half.close()
    for t in ts:
        t.join()
    head, _, rest = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200") or rest != want:
        fail(f"the half-sent request: {head[:200]!r}, {len(rest)} bytes")
    if b"connection: close" not in head.lower():
        fail("the answer during the stop does not close its connection")
    bad = {i: r for i, r in results.items() if r != "ok"}
    if bad or len(results) != n:
        fail(f"renders in flight: {bad}")


def cmd_bench(port, data, seconds, conc):
    body = read(data)
    until = time.monotonic() + float(seconds)
    lat = []
    errors = [0]
    lock = threading.Lock()

    def client():
        c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
        while time.monotonic() < until:
            t0 = time.monotonic()
            c.request("POST", "/render", body=body)
            r = c.getresponse()
            r.read()
            with lock:
                if r.status == 200:
                    lat.append(time.monotonic() - t0)
                else:
                    errors[0] += 1
        c.close()

    t0 = time.monotonic()
    ts = [threading.Thread(target=client) for _ in range(int(conc))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.monotonic() - t0
    if not lat:
        fail("no request answered")
    print(f"{len(lat) / wall:.1f} requests/s, median latency {statistics.median(lat) * 1000:.1f} ms "
          f"({len(lat)} requests, {int(conc)} clients, {wall:.1f} s, {errors[0]} errors)")


if __name__ == "__main__":
    if len(sys.argv) < 2 or "cmd_" + sys.argv[1] not in globals():
        fail(__doc__)
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
