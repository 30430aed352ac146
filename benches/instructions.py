#!/usr/bin/env python3
"""Counts the instructions of a full render by two jindu binaries, with cachegrind.

The VM this project measures on drifts in speed by a third from hour to hour, so a change of
a few percent is lost in the time of a build; the count of instructions a build runs is the
same run after run. Only instructions in user space are counted (writing files and faulting
memory in are the kernel's and are left out), so check a change that moves work into or out
of the kernel with benches/ab.py as well.

    benches/instructions.py OLD_JINDU NEW_JINDU PLAN [--jobs 2]

Each binary first builds PLAN into its own folder (/tmp/instructions-out-0 and -1), then
builds it again under `valgrind --tool=cachegrind --cache-sim=no` with its page manifest
removed, so every page is made again and compared with the previous output, as in a full
render. Both runs go at once by default (one per core); a 10,000-task plan takes about two
minutes. Needs valgrind (Debian: `apt-get install valgrind`).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys


def count(exe, plan, out):
    """Instructions of a full render of `plan` by `exe` into `out`."""
    subprocess.run([exe, "build", plan, "-o", out], check=True, capture_output=True)
    manifest = os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.jindu-pages")
    if os.path.exists(manifest):
        os.remove(manifest)
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         exe, "build", plan, "-o", out],
        check=True, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if not found:
        sys.exit(f"instructions.py: no count in valgrind's output for {exe}:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("plan")
    ap.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py: valgrind is not installed (apt-get install valgrind)")
    outs = ["/tmp/instructions-out-0", "/tmp/instructions-out-1"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        old, new = pool.map(count, [args.old, args.new], [args.plan] * 2, outs)
    print(f"full {args.plan}: old {old / 1e9:.3f} G instructions, new {new / 1e9:.3f} G, "
          f"new/old {new / old:.3f}")


if __name__ == "__main__":
    main()
