#!/usr/bin/env python3
"""Times two jindu binaries on one plan, alternating them run by run, and prints the medians.

The VM this project measures on drifts in speed from hour to hour; builds of two versions
taken turn about see the same drift, so their ratio holds where separate runs would not.

    benches/ab.py OLD_JINDU NEW_JINDU PLAN [--runs N] [--mode rebuild|edit|body|full|fresh]

rebuild: the previous output and its page manifest are there; edit: before each pair of
builds one task's title gains a letter (the plan is changed: use a generated copy); body: the
same task's body gains a line instead; full: the
page manifest is removed first, so every page is made again (and the old output is removed
after the new one is in place); fresh: every run writes a folder that does not exist yet, as a
first build does, and the folders are removed only after the last run (on a file system that
skips recently freed inodes when it makes new ones, as ext4 without a journal does, removing a
site just before a build slows the build down). Outputs go to /tmp/ab-out-0 and
/tmp/ab-out-1 (fresh: /tmp/ab-fresh/). Before each timed run the file system is synced, so no
run pays for writing back the one before it.
"""
import argparse
import os
import re
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("plan")
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--mode", choices=["rebuild", "edit", "body", "full", "fresh"], default="rebuild")
    args = ap.parse_args()
    exes = [args.old, args.new]
    outs = ["/tmp/ab-out-0", "/tmp/ab-out-1"]
    task = first_task(args.plan)

    fresh = iter(range(1_000_000))

    def run(k):
        out = outs[k]
        if args.mode == "fresh":
            out = f"/tmp/ab-fresh/{k}-{next(fresh)}"
        if args.mode == "full":
            manifest = f"/tmp/.{os.path.basename(outs[k])}.jindu-pages"
            if os.path.exists(manifest):
                os.remove(manifest)
        # The previous run's files are written back to disk first, untimed: the kernel writing
        # them during the next run (1.2 GB at 100,000 tasks) slowed it by up to a fifth.
        os.sync()
        started = time.monotonic()
        subprocess.run([exes[k], "build", args.plan, "-o", out], check=True,
                       capture_output=True)
        return time.monotonic() - started

    for k in (0, 1):  # each binary's output and manifest, twice
        run(k)
        run(k)
    took = [[], []]
    for i in range(args.runs):
        if args.mode == "edit":
            with open(task, encoding="utf-8") as f:
                text = f.read()
            text = re.sub(r"^title: (.*)$", r"title: \1 e", text, count=1, flags=re.M)
            with open(task, "w", encoding="utf-8") as f:
                f.write(text)
        elif args.mode == "body":
            with open(task, "a", encoding="utf-8") as f:
                f.write(f"\nA line written in the body, run {i}.\n")
        for k in ((0, 1) if i % 2 == 0 else (1, 0)):
            took[k].append(run(k))
    if args.mode == "fresh":
        subprocess.run(["rm", "-rf", "/tmp/ab-fresh"], check=True)
    old, new = statistics.median(took[0]), statistics.median(took[1])
    print(f"{args.mode} {args.plan}: old {old:.3f} s (min {min(took[0]):.3f}), "
          f"new {new:.3f} s (min {min(took[1]):.3f}), old/new {old / new:.2f}")


def first_task(plan):
    """The first note in walk order that says `kind: task`."""
    for root, dirs, files in os.walk(plan):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".md"):
                with open(path, encoding="utf-8") as f:
                    if "\nkind: task\n" in f.read(2000):
                        return path
    raise SystemExit(f"no task note in {plan}")


if __name__ == "__main__":
    main()
