#!/usr/bin/env python3
"""Edit-to-reload latency of `waymark serve` against `hugo server`, on the same generated site.

    benches/serve.py [N]          # default N = 10000 articles; 20 edits per tool

For each tool: start its dev server on the corpus from benches/gen_corpus.py, then 20 times
append a unique line to one article's body and measure, from the moment the file is saved,
  - served: until a GET of that page returns the new text (both tools, polled every 2 ms);
  - reload: until waymark's event stream says `reload` (waymark only; Hugo's live reload
    travels over a WebSocket this stdlib-only script does not speak).
Prints p50/p95 in milliseconds and the waymark/hugo ratio. Target: waymark served p50 <= 100 ms.
EDIT=title changes the title instead (lists, neighbours and terms re-render too).
Environment: WAYMARK (binary, default target/release/waymark), BENCH_DIR (default target/bench),
EDITS (default 20).
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAYMARK = Path(os.environ.get("WAYMARK", ROOT / "target/release/waymark"))
BENCH_DIR = Path(os.environ.get("BENCH_DIR", ROOT / "target/bench"))
EDITS = int(os.environ.get("EDITS", "20"))
# "body" appends a line to the article; "title" changes its title, which lists show too.
EDIT = os.environ.get("EDIT", "body")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus(n, fmt):
    out = BENCH_DIR / f"corpus-{n}" / fmt
    if not (out / "content").is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "benches/gen_corpus.py"), str(n), str(out), "--format", fmt, "--quiet"], check=True)
    return out


def wait_http(url, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not come up")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


class Events:
    """Reads waymark's Server-Sent Events and timestamps each `reload`."""

    def __init__(self, port):
        self.reloads = []
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buf = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            buf += chunk
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                if b"event: reload" in block:
                    self.reloads.append(time.perf_counter())


def measure(name, url, page_file, events=None):
    original = page_file.read_text()
    served, reload = [], []
    try:
        for i in range(EDITS):
            token = f"latency-token-{name}-{i}-{time.time_ns()}"
            before = len(events.reloads) if events else 0
            if EDIT == "title":
                page_file.write_text(original.replace("title: ", f"title: {token} ", 1))
            else:
                page_file.write_text(original + f"\n\n{token}\n")
            t0 = time.perf_counter()
            while token not in fetch(url):
                if time.perf_counter() - t0 > 30:
                    raise SystemExit(f"{name}: edit {i} never showed up at {url}")
                time.sleep(0.002)
            served.append((time.perf_counter() - t0) * 1000)
            if events:
                while len(events.reloads) <= before and time.perf_counter() - t0 < 30:
                    time.sleep(0.001)
                if len(events.reloads) > before:
                    reload.append((events.reloads[before] - t0) * 1000)
            time.sleep(0.4)
    finally:
        page_file.write_text(original)
    return served, reload


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    results = {}
    wm = corpus(n, "waymark")
    article = sorted((wm / "content").glob("*/*.md"))
    article = [a for a in article if a.name != "_index.md"][0]
    rel = article.relative_to(wm / "content")
    page_path = "/" + str(rel.with_suffix("")) + "/"

    if WAYMARK.exists():
        port = free_port()
        proc = subprocess.Popen([str(WAYMARK), "serve", "--root", str(wm), "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            t = time.perf_counter()
            wait_http(f"http://127.0.0.1:{port}/")
            print(f"waymark serve up in {time.perf_counter() - t:.1f} s ({n} pages)")
            events = Events(port)
            time.sleep(0.5)
            results["waymark"] = measure("waymark", f"http://127.0.0.1:{port}{page_path}", article, events)
        finally:
            proc.terminate()
            proc.wait()
    else:
        print(f"waymark binary not found at {WAYMARK}; build it with cargo build --release")

    if shutil.which("hugo"):
        hg = corpus(n, "hugo")
        hugo_article = hg / "content" / rel
        port = free_port()
        proc = subprocess.Popen(["hugo", "server", "--source", str(hg), "--port", str(port), "--bind", "127.0.0.1", "--disableBrowserError", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            t = time.perf_counter()
            wait_http(f"http://127.0.0.1:{port}/")
            print(f"hugo server up in {time.perf_counter() - t:.1f} s ({n} pages)")
            time.sleep(1)
            results["hugo"] = measure("hugo", f"http://127.0.0.1:{port}{page_path}", hugo_article)
        finally:
            proc.terminate()
            proc.wait()
    else:
        print("hugo not found; install it with apt-get install hugo to compare")

    print(f"\nedit-to-reload latency, {n} pages, {EDITS} {EDIT} edits (ms)")
    print(f"{'tool':10} {'served p50':>11} {'served p95':>11} {'reload p50':>11} {'reload p95':>11}")
    for tool, (served, reload) in results.items():
        r50 = f"{pct(reload, 50):11.1f}" if reload else f"{'-':>11}"
        r95 = f"{pct(reload, 95):11.1f}" if reload else f"{'-':>11}"
        print(f"{tool:10} {pct(served, 50):11.1f} {pct(served, 95):11.1f} {r50} {r95}")
    if "waymark" in results and "hugo" in results:
        w, h = pct(results["waymark"][0], 50), pct(results["hugo"][0], 50)
        print(f"waymark/hugo served p50: {w / h:.2f}x")
    if "waymark" in results:
        p50 = pct(results["waymark"][0], 50)
        print(f"target waymark served p50 <= 100 ms: {'OK' if p50 <= 100 else 'MISSED'} ({p50:.1f} ms)")


if __name__ == "__main__":
    main()
