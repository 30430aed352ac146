#!/usr/bin/env python3
"""Measures `jindu serve` edit-to-reload latency on a plan.

Starts `jindu serve PLAN --port 0`, listens to the reload events, then edits one task note
RUNS times (its title changes each time) and measures, for each edit:

  reload: from the write of the note to the `reload` event on the open event stream
          (the rebuild, including the watcher's polling delay and debounce);
  page:   from the `reload` event to the edited task's page fully received (what the
          browser does next: it asks for the page, which is rendered then).

On Linux the watcher hears the save through inotify, waits until its events have stopped for
20 ms and scans the folder once, so `reload` includes those 20 ms of waiting and the scan
(about 40 ms at 10,000 notes); without change events it polls instead (every 0.3 s or more).
The server's own figure for the rebuild is printed by `jindu serve` on each line ("rebuilt
... in N ms") and is collected too.

    python3 benches/serve-latency.py PLAN [--runs 20] [--jindu target/release/jindu]

The plan folder is edited in place and restored at the end; use a generated copy:
    cargo run --release --example gen-plan -- --tasks 1000 --metrics 20 --days 120 /tmp/p1k
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--jindu", default=os.environ.get("JINDU", "target/release/jindu"))
    args = ap.parse_args()

    note = pick_task(args.plan)
    original = open(note, encoding="utf-8").read()
    task_id = os.path.splitext(os.path.basename(note))[0]
    server = subprocess.Popen(
        [args.jindu, "serve", args.plan, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = None
        while port is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("jindu serve exited before serving")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__jindu/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        events.settimeout(30)
        buf = read_until(events, b"\r\n\r\n", b"")
        reload_ms, page_ms, server_ms = [], [], []
        for k in range(args.runs):
            time.sleep(0.5)
            text = re.sub(r"^title: .*$", f"title: Edited title {k}", original, count=1, flags=re.M)
            t0 = time.perf_counter()
            with open(note, "w", encoding="utf-8") as f:
                f.write(text)
            buf = read_until(events, b"event: reload", buf)
            t1 = time.perf_counter()
            body = get(port, f"/tasks/{task_id}.html")
            t2 = time.perf_counter()
            if f"Edited title {k}".encode() not in body:
                sys.exit(f"run {k}: the page does not show the edit")
            reload_ms.append((t1 - t0) * 1000)
            page_ms.append((t2 - t1) * 1000)
            line = server.stdout.readline()
            m = re.search(r" in (\d+) ms", line)
            if m:
                server_ms.append(int(m.group(1)))
        report("write -> reload event", reload_ms)
        report("reload -> page received", page_ms)
        if server_ms:
            report("server's rebuild time", server_ms)
    finally:
        with open(note, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


def pick_task(plan):
    for dirpath, dirs, files in sorted(os.walk(plan)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    head = f.read(400)
                if "\nkind: task\n" in head:
                    return path
    sys.exit("no task note in the plan")


def read_until(sock, marker, buf):
    while marker not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("event stream closed")
        buf += chunk
    return buf[buf.index(marker) + len(marker):]


def get(port, path):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk


def report(what, xs):
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    print(f"{what:26} median {statistics.median(xs):6.1f} ms   p90 {p90:6.1f} ms   (n={len(xs)})")


if __name__ == "__main__":
    main()
