#!/usr/bin/env python3
"""Writes a jindu plan's task graph as a TaskJuggler 3 project, for `benches/compare.sh`.

    python3 benches/plan2tjp.py PLAN OUT.tjp [--report NAME] [--csv NAME]
    python3 benches/plan2tjp.py --check PLAN PLAN_JSON TJ_CSV

The first form converts. OUT.tjp gets the same calendar (working weekdays, holidays, makeup
days), one container task per goal (goals without work below them are left out), every task
and milestone with its duration in workdays (`length`, working time), its pinned start, its
progress and owner, every dependency (see below), `now` at the plan's `as_of`, and a task
report NAME (default `gantt`) written as HTML with a Gantt chart column, like jindu's Gantt
page. `--csv NAME` adds a CSV report (id, start, end) for `--check`. A summary of what could
not be converted exactly goes to stderr.

The second form compares TaskJuggler's dates (the CSV report) with jindu's (`plan.json` of a
build of the same plan) after converting tj3's instants to jindu's inclusive dates, the way
tests/fixtures/tj3/regen.sh does, and prints how many tasks agree.

How jindu's rules become TaskJuggler's (tests/fixtures/tj3/README.md has the background):

- Durations and lags are workdays: `length Nd` and `gaplength Nd` (working time) on a
  Mon-Fri 9:00-17:00 calendar (8 h = 1 d). Other working weekdays become `workinghours`.
  Holidays are `leaves holiday` (tj3 interval ends are exclusive). Makeup days (work on a day
  off) have no tj3 equivalent on the global calendar, so when there are any, every day of the
  week is made a working day and each day off in the project's span becomes a holiday.
- Every dependency is reduced to "b starts at least k workdays after a starts", with d_a and
  d_b the two lengths: fs +L gives k = d_a + L, ss +L gives k = L, ff +L gives
  k = d_a + L - d_b, sf +L gives k = L - d_b. Several entries on the same predecessor keep the
  largest k. k >= d_a is written `depends a { gaplength (k - d_a)d }`, 0 <= k < d_a is
  `depends a { onstart gaplength kd }`: exact. k < 0 (a negative lag, or an ff/sf link whose
  successor is longer than the lead) has no tj3 form (no negative gaps), but as a starts at
  the latest of its own constraints, b >= a + k is the same as b >= c + k_c + k for each
  constraint c + k_c of a: the script pushes it back through a's predecessors (and pins,
  moved k workdays earlier) until the offset is zero or more; exact, with links that others
  imply left out. Only a search past 5000 steps would be cut short (k = 0, counted).
- `start:` is "start no earlier than" in jindu but a hard date in tj3 (which fails when a
  predecessor ends later), so a pinned task with predecessors depends on a helper milestone
  pinned to that date (flag `helper`, hidden in the reports). `end` + `duration` pins the
  start the same way; `start` + `end` gives the length; `end` alone is tj3's `end` (the day
  after, exclusive). A milestone's `start: D` is 00:00 of D, `end: D` is 17:00 of D.
- Not converted: the status date's forecasts (jindu moves `doing`, `todo` and `done` tasks by
  their status, progress and actual dates; tj3 schedules the plan as planned and only shows
  `complete`), latest dates and floats (tj3 computes none; deadlines, the `due` of tasks,
  goals and the plan, are `maxend`, which tj3 checks and warns about, like jindu's check),
  critical paths and relief. `cancelled` tasks become zero-length milestones (jindu: no
  time, same place in the graph). Metrics, reviews, risks and people have no TaskJuggler
  counterpart.

Needs PyYAML (Debian: python3-yaml).
"""

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys

import yaml

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ONE_DAY = dt.timedelta(days=1)


def front_matter(path):
    """The YAML front matter of a note as a dict, or None."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for n, line in enumerate(lines[1:], 1):
        if line.rstrip() in ("---", "..."):
            try:
                fm = yaml.safe_load("\n".join(lines[1:n]))
            except yaml.YAMLError:
                return None
            return fm if isinstance(fm, dict) else None
    return None


def as_date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v).strip())


def workdays(s):
    """`3d`, `2w` (or a bare number) as workdays; None when unreadable."""
    if isinstance(s, bool):
        return None
    if isinstance(s, (int, float)):
        return int(s)
    m = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", str(s))
    if not m:
        return None
    n = int(m.group(1))
    return n * 5 if m.group(2) == "w" else n


def parse_dep(s):
    """`id`, `id:ss`, `id +2d`, `id:ff -1d`, `id+2d` as (id, type, lag in workdays)."""
    s = str(s).strip()
    m = re.fullmatch(r"(.*?)(?::(fs|ss|ff|sf))?\s*(?:([+-])\s*(\d+)\s*([dw]?))?", s, re.I)
    ident, kind, sign, n, unit = m.groups()
    lag = 0
    if n is not None:
        lag = int(n) * (5 if unit.lower() == "w" else 1) * (-1 if sign == "-" else 1)
    return ident.strip(), (kind or "fs").lower(), lag


class Calendar:
    def __init__(self, cal):
        cal = cal or {}
        names = [str(d).lower()[:3] for d in cal.get("workdays") or WEEKDAYS[:5]]
        self.weekdays = sorted({WEEKDAYS.index(d) for d in names if d in WEEKDAYS})
        self.holidays = set()
        for h in cal.get("holidays") or []:
            if isinstance(h, str) and ".." in h:
                a, b = (as_date(x) for x in h.split(".."))
                while a <= b:
                    self.holidays.add(a)
                    a += ONE_DAY
            else:
                self.holidays.add(as_date(h))
        self.makeup = {as_date(d) for d in cal.get("makeup_days") or []}
        if not self.weekdays and not self.makeup:
            sys.exit("plan2tjp: the calendar has no workdays")

    def is_work(self, d):
        return d in self.makeup or (d.weekday() in self.weekdays and d not in self.holidays)

    def _step(self, d, step):
        for _ in range(3700):  # ten years of days off in a row is not a calendar
            if self.is_work(d):
                return d
            d += step
        sys.exit(f"plan2tjp: no workday near {d}")

    def next_work(self, d):
        return self._step(d, ONE_DAY)

    def prev_work(self, d):
        return self._step(d, -ONE_DAY)

    def add(self, d, n):
        """The workday n workdays after (n < 0: before) workday d."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        for _ in range(abs(n)):
            d = self._step(d + step, step)
        return d

    def count(self, a, b):
        """Workdays from a to b, inclusive."""
        n = 0
        while a <= b:
            n += self.is_work(a)
            a += ONE_DAY
        return n


def load(root):
    """(plan, goals, tasks): front matter dicts keyed by id, in jindu's path order."""
    notes = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        dirnames[:] = [d for d in dirnames if not d.startswith(".")
                       and not (rel_dir == "" and d == "templates")]
        for name in filenames:
            if name.endswith(".md") and not name.startswith("."):
                notes.append((f"{rel_dir}/{name}" if rel_dir else name, rel_dir, name))
    notes.sort()
    plan, goals, tasks, seen = None, {}, {}, set()
    for rel, rel_dir, name in notes:
        fm = front_matter(os.path.join(root, rel))
        if fm is None:
            continue
        stem = name[:-3]
        default = (rel_dir.rsplit("/", 1)[-1] if rel_dir else stem) if stem == "index" else stem
        ident = str(fm.get("id") or default)
        kind = fm.get("kind")
        if kind != "plan":
            if ident in seen:
                continue
            seen.add(ident)
        fm["_dir"], fm["_index"] = rel_dir, stem == "index"
        if kind == "plan" and plan is None:
            plan = fm
        elif kind == "goal":
            goals[ident] = fm
        elif kind in ("task", "milestone"):
            tasks[ident] = fm
    if plan is None:
        sys.exit(f"plan2tjp: no note with `kind: plan` in {root}")
    return plan, goals, tasks


def tj_ids(goals, tasks):
    """TaskJuggler ids: the jindu id with other characters as `_` where that stays unique."""
    tj_id, used = {}, set()
    for ident in list(goals) + list(tasks):
        cand = re.sub(r"[^A-Za-z0-9_]", "_", ident)
        if not re.match(r"[A-Za-z_]", cand) or cand in used or cand.startswith("pin_"):
            cand = f"n{len(tj_id)}"
        while cand in used:
            cand += "_"
        used.add(cand)
        tj_id[ident] = cand
    return tj_id


def convert(root, out, report, csv_report):
    plan, goals, tasks = load(root)
    cal = Calendar(plan.get("calendar"))
    start = as_date(plan["start"])
    first = cal.next_work(start)
    gaps = {"negative": 0, "dropped": 0, "duplicate": 0, "cancelled": 0, "unknown": 0,
            "helper": 0, "end_only": 0, "pushed": 0}

    # Goal tree: an explicit parent/goal wins, else the nearest enclosing folder goal.
    folder_goal = {g["_dir"]: gid for gid, g in goals.items() if g["_index"] and g["_dir"]}

    def enclosing(d):
        while True:
            if d in folder_goal:
                return folder_goal[d]
            if not d:
                return None
            d = d.rsplit("/", 1)[0] if "/" in d else ""

    for gid, g in goals.items():
        if g.get("parent") is not None:
            g["_parent"] = str(g["parent"])
        else:
            d = g["_dir"]
            if g["_index"]:
                d = d.rsplit("/", 1)[0] if "/" in d else ""
            g["_parent"] = enclosing(d)
        if g["_parent"] not in goals or g["_parent"] == gid:
            g["_parent"] = None
    for t in tasks.values():
        t["_goal"] = str(t["goal"]) if t.get("goal") is not None else enclosing(t["_dir"])
        if t["_goal"] not in goals:
            t["_goal"] = None

    tj_id = tj_ids(goals, tasks)

    # Length (workdays) and pinned start of each task, as TaskJuggler will see them.
    for tid, t in tasks.items():
        milestone = t.get("kind") == "milestone" or t.get("status") == "cancelled"
        gaps["cancelled"] += t.get("status") == "cancelled"
        s = as_date(t["start"]) if t.get("start") is not None else None
        e = as_date(t["end"]) if t.get("end") is not None else None
        d = workdays(t["duration"]) if t.get("duration") is not None else None
        t["_pin"] = t["_end"] = t["_pin_time"] = None
        if milestone:
            t["_len"] = 0
            if s is not None:
                t["_pin"] = s
            elif e is not None:
                t["_pin"], t["_pin_time"] = e, "-17:00"
        elif d is not None:
            t["_len"] = max(d, 1)
            if s is not None:
                t["_pin"] = s
            elif e is not None:
                t["_pin"] = cal.add(cal.prev_work(e), -(t["_len"] - 1))
        elif s is not None and e is not None:
            t["_len"] = max(1, cal.count(cal.next_work(s), e))
            t["_pin"] = s
        elif e is not None:
            t["_len"], t["_end"] = None, e  # from the earliest start to `end`
            gaps["end_only"] += 1
        else:
            t["_len"], t["_pin"] = 1, s

    # Dependencies as "b starts >= a starts + k workdays", largest k per predecessor.
    raw = {}
    for tid, t in tasks.items():
        deps = raw[tid] = {}
        for entry in t.get("depends") or []:
            ident, kind, lag = parse_dep(entry)
            if ident not in tasks or ident == tid:
                gaps["unknown"] += 1
                continue
            da, db = tasks[ident]["_len"], t["_len"]
            if (da is None and kind in ("fs", "ff")) or (db is None and kind in ("ff", "sf")):
                k = None  # a length that only tj3 knows: keep the link type, drop the rest
                gaps["dropped"] += 1
            else:
                k = {"fs": (da or 0) + lag, "ss": lag, "ff": (da or 0) + lag - (db or 0),
                     "sf": lag - (db or 0)}[kind]
            if ident in deps:
                gaps["duplicate"] += 1
                old = deps[ident]
                k = None if old is None or k is None else max(old, k)
            deps[ident] = k
        # A pin as an instant: (date, at the end of that day).
        pin = t.pop("_pin")
        t["_pin"] = None if pin is None else (pin, t.pop("_pin_time") is not None)

    order, indeg, succ = [], {tid: 0 for tid in tasks}, {tid: [] for tid in tasks}
    for tid in tasks:
        for p in raw[tid]:
            indeg[tid] += 1
            succ[p].append(tid)
    ready = [tid for tid, n in indeg.items() if n == 0]
    while ready:
        tid = ready.pop()
        order.append(tid)
        for s in succ[tid]:
            indeg[s] -= 1
            if indeg[s] == 0:
                ready.append(s)
    if len(order) != len(tasks):
        sys.exit("plan2tjp: the dependencies have a cycle (jindu check names it)")

    # tj3 has no negative gap. b >= a + k with k < 0 is, as a starts at the latest of what
    # its own constraints allow, the same as b >= c + (k_ac + k) for every constraint c + k_ac
    # of a (a predecessor, its pin, the project start): push it back until the offset is
    # zero or more, or the anchor is a pin (moved k workdays earlier) or the project start
    # (no constraint). Exact; only a search that grows too large is cut short (made 0).
    for tid, t in tasks.items():
        deps, pins = {}, [t["_pin"]] if t["_pin"] is not None else []
        stack, best, budget = list(raw[tid].items()), {}, 5000
        while stack:
            p, k = stack.pop()
            if k is None or k >= 0:
                deps[p] = k if p not in deps or deps[p] is None or k is None else max(deps[p], k)
                continue
            if best.get(p, k - 1) >= k:
                continue  # already pushed back from p with a larger offset
            best[p] = k
            budget -= 1
            if budget < 0 or None in raw[p].values():
                gaps["negative"] += 1
                deps[p] = max(deps.get(p) or 0, 0)
                continue
            stack += [(q, kq + k) for q, kq in raw[p].items()]
            if tasks[p]["_pin"] is not None:
                day, eod = tasks[p]["_pin"]
                day = cal.add(cal.prev_work(day) if eod else cal.next_work(day), k)
                if day > first or (day == first and eod):
                    pins.append((day, eod))
        gaps["pushed"] += bool(best)
        # Leave out a link that others imply: b >= r + k_r and r >= q + L (L the longest
        # chain of constraints from q to r, looked up a few links back) give b >= q + k_r + L.
        # Keeps TaskJuggler's graph near the size of jindu's.
        for r in sorted((r for r in deps if deps[r] is not None), key=lambda r: -deps[r]):
            if r not in deps:
                continue
            lb, frontier = {}, [(r, 0)]
            for _ in range(6):
                nxt = []
                for x, off in frontier:
                    for y, ky in raw[x].items():
                        if ky is not None and lb.get(y, off + ky - 1) < off + ky:
                            lb[y] = off + ky
                            nxt.append((y, off + ky))
                frontier = nxt
            for q in [q for q in lb if q in deps and q != r and deps[q] is not None]:
                if deps[r] + lb[q] >= deps[q]:
                    del deps[q]
        t["_deps"] = deps
        t["_pin"] = max(pins) if pins else None

    # Project span: the longest path through the converted constraints, plus room.
    finish = {}
    es = {}
    for tid in order:
        t = tasks[tid]
        e = 0
        if t["_pin"] is not None:
            e = max(0, cal.count(first, t["_pin"][0]) - (not cal.is_work(t["_pin"][0])))
        for p, k in t["_deps"].items():
            e = max(e, es[p] + (k if k is not None else (tasks[p]["_len"] or 0)))
        es[tid] = e
        length = t["_len"] if t["_len"] is not None else max(1, cal.count(first, t["_end"]) - e)
        finish[tid] = e + length
    span = max(finish.values(), default=0)
    # (tj3's work grows with the span, one slot per hour: room, but not much.)
    end = cal.add(first, span + span // 20 + 10) + dt.timedelta(days=14)
    for fm in [plan] + list(goals.values()) + list(tasks.values()):
        for key in ("due", "as_of", "start", "end"):
            if fm.get(key) is not None:
                end = max(end, as_date(fm[key]) + dt.timedelta(days=2))

    def q(s):
        return '"' + str(s).replace("\\", "").replace('"', "'").replace("\n", " ") + '"'

    lines = [
        f"/* {os.path.basename(os.path.abspath(root))} converted by benches/plan2tjp.py */",
        f"project plan {q(plan.get('title', 'plan'))} {start} - {end} {{",
        '  timezone "UTC"',
        '  timeformat "%Y-%m-%d"',
    ]
    if plan.get("as_of") is not None:
        lines.append(f"  now {as_date(plan['as_of'])}")
    off = [WEEKDAYS[i] for i in range(7) if i not in cal.weekdays]
    days_off = []
    if cal.makeup:
        # Every weekday works; the days off are holidays, except the makeup days.
        lines.append("  workinghours mon - sun 9:00 - 17:00")
        d = start
        while d < end:
            if not cal.is_work(d):
                days_off.append(d)
            d += ONE_DAY
    else:
        if [WEEKDAYS[i] for i in cal.weekdays] != WEEKDAYS[:5]:
            lines.append("  workinghours " + ", ".join(WEEKDAYS[i] for i in cal.weekdays)
                         + " 9:00 - 17:00")
            if off:
                lines.append("  workinghours " + ", ".join(off) + " off")
        days_off = sorted(h for h in cal.holidays if start <= h < end)
    lines.append("}")
    lines.append("flags helper")
    # One leave per run of consecutive days off (tj3's end is exclusive).
    run = None
    for d in days_off + [None]:
        if run and d == run[1] + ONE_DAY:
            run[1] = d
            continue
        if run:
            a, b = run
            lines.append(f'leaves holiday "off" {a}' + (f" - {b + ONE_DAY}" if b > a else ""))
        run = [d, d] if d else None
    people = {}
    for t in tasks.values():
        if t.get("owner") is not None:
            people[re.sub(r"[^A-Za-z0-9_]", "_", str(t["owner"]))] = str(t["owner"])
    for rid, name in sorted(people.items()):
        if re.match(r"[A-Za-z_]", rid):
            lines.append(f"resource {rid} {q(name)}")

    children, own = {}, {}
    for gid, g in goals.items():
        children.setdefault(g["_parent"], []).append(gid)
    for tid, t in tasks.items():
        own.setdefault(t["_goal"], []).append(tid)
    has_work = {}

    def work(gid, seen=()):
        if gid not in has_work:
            has_work[gid] = gid not in seen and (bool(own.get(gid)) or any(
                work(c, seen + (gid,)) for c in children.get(gid, [])))
        return has_work[gid]

    path, pin_path = {}, {}

    def assign(gid, prefix, seen=()):
        if gid in seen or not work(gid):
            return
        path[gid] = prefix + tj_id[gid]
        for c in children.get(gid, []):
            assign(c, path[gid] + ".", seen + (gid,))
        for tid in own.get(gid, []):
            path[tid] = path[gid] + "." + tj_id[tid]
            pin_path[tid] = path[gid] + ".pin_" + tj_id[tid]

    for gid in children.get(None, []):
        assign(gid, "")
    for tid in own.get(None, []):
        path[tid] = tj_id[tid]
        pin_path[tid] = "pin_" + tj_id[tid]

    plan_due = as_date(plan["due"]) if plan.get("due") is not None else None

    def maxend(fm, top):
        """A deadline (inclusive day in jindu) as tj3's `maxend` (exclusive instant)."""
        dues = [as_date(fm["due"])] if fm.get("due") is not None else []
        if top and plan_due is not None:
            dues.append(plan_due)
        return [f"maxend {min(dues) + ONE_DAY}"] if dues else []

    def task_lines(tid, pad):
        t = tasks[tid]
        out = []
        body = []
        if t["_len"] == 0:
            body.append("milestone")
        elif t["_len"] is not None:
            body.append(f"length {t['_len']}d")
        links = []
        for p, k in t["_deps"].items():
            da = tasks[p]["_len"]
            if k is None:
                links.append(path[p])
            elif da is not None and k >= da:
                links.append(path[p] + (f" {{ gaplength {k - da}d }}" if k > da else ""))
            else:
                links.append(path[p] + " { onstart" + (f" gaplength {k}d" if k else "") + " }")
        if t["_pin"] is not None:
            pin = f"{t['_pin'][0]}" + ("-17:00" if t["_pin"][1] else "")
            if links:
                # "No earlier than" with predecessors: a hard date in tj3, so a helper.
                gaps["helper"] += 1
                out.append(f"{pad}task pin_{tj_id[tid]} \"pin\" {{ start {pin} milestone "
                           "flags helper }")
                links.append(pin_path[tid])
            else:
                body.append(f"start {pin}")
        if links:
            body.append("depends " + ", ".join(links))
        if t["_end"] is not None:
            if not links:
                body.append(f"start {start}")
            body.append(f"end {t['_end'] + ONE_DAY}")
        if t.get("status") == "done":
            body.append("complete 100")
        elif isinstance(t.get("progress"), (int, float)) and not isinstance(t["progress"], bool):
            body.append(f"complete {max(0, min(100, int(t['progress'])))}")
        rid = re.sub(r"[^A-Za-z0-9_]", "_", str(t.get("owner") or ""))
        if rid and re.match(r"[A-Za-z_]", rid):
            body.append(f"responsible {rid}")
        body += maxend(t, not pad)
        out.append(f"{pad}task {tj_id[tid]} {q(t.get('title', tid))} {{")
        out += [f"{pad}  {b}" for b in body]
        out.append(f"{pad}}}")
        return out

    def goal_lines(gid, depth, seen=()):
        if gid not in path or gid in seen:
            return []
        pad = "  " * depth
        out = [f"{pad}task {tj_id[gid]} {q(goals[gid].get('title', gid))} {{"]
        out += [f"{pad}  {b}" for b in maxend(goals[gid], depth == 0)]
        for c in children.get(gid, []):
            out += goal_lines(c, depth + 1, seen + (gid,))
        for tid in own.get(gid, []):
            out += task_lines(tid, pad + "  ")
        out.append(f"{pad}}}")
        return out

    for gid in children.get(None, []):
        lines += goal_lines(gid, 0)
    for tid in own.get(None, []):
        lines += task_lines(tid, "")
    lines += [
        f"taskreport gantt {q(report)} {{",
        "  formats html",
        f"  headline {q(plan.get('title', 'plan'))}",
        "  columns bsi, name, start, end, complete, chart { scale week }",
        "  hidetask helper",
        "}",
    ]
    if csv_report:
        lines += [
            f"taskreport dates {q(csv_report)} {{",
            "  formats csv",
            "  columns id, start, end",
            '  timeformat "%Y-%m-%d %H:%M"',
            "  hidetask helper",
            "}",
        ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    notes = []
    if gaps["pushed"]:
        notes.append(f"{gaps['pushed']} task(s) with a negative offset rewritten exactly")
    if gaps["negative"]:
        notes.append(f"{gaps['negative']} negative offset(s) made 0 (stricter than jindu)")
    if gaps["dropped"]:
        notes.append(f"{gaps['dropped']} link(s) to or from an end-only task kept without lag")
    if gaps["duplicate"]:
        notes.append(f"{gaps['duplicate']} repeated predecessor(s) merged")
    if gaps["unknown"]:
        notes.append(f"{gaps['unknown']} unknown predecessor(s) left out")
    if gaps["cancelled"]:
        notes.append(f"{gaps['cancelled']} cancelled task(s) as milestones")
    n_links = sum(len(t["_deps"]) for t in tasks.values())
    print(f"plan2tjp: {len(tasks)} tasks and milestones, {len([g for g in goals if g in path])} "
          f"goals, {n_links} links, {gaps['helper']} pinned-start helpers, span {start}..{end}"
          + ("; " + "; ".join(notes) if notes else ""), file=sys.stderr)


def check(root, plan_json, tj_csv):
    """Compares tj3's dates with jindu's; exit status 1 when fewer than half agree."""
    plan, goals, tasks = load(root)
    cal = Calendar(plan.get("calendar"))
    tj_to_jindu = {v: k for k, v in tj_ids(goals, tasks).items()}

    def instant(s):
        d, hm = s.split(" ")
        h, m = hm.split(":")
        return dt.date.fromisoformat(d), int(h) * 60 + int(m)

    def start_day(d, mins):
        if mins >= 17 * 60:
            d += ONE_DAY
        return cal.next_work(d)

    def end_day(d, mins):
        if mins <= 9 * 60:
            d -= ONE_DAY
        return cal.prev_work(d)

    tj = {}
    with open(tj_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            ident = row["Id"].rsplit(".", 1)[-1]
            ident = tj_to_jindu.get(ident, ident)
            s, e = instant(row["Start"]), instant(row["End"])
            if s == e:
                day = end_day(*e) if e[1] >= 17 * 60 else start_day(*s)
                tj[ident] = (day, day)
            else:
                tj[ident] = (start_day(*s), end_day(*e))
    with open(plan_json, encoding="utf-8") as f:
        jindu = json.load(f)["schedule"]["tasks"]
    same = start_only = 0
    worst = []
    for ident, (s, e) in tj.items():
        if ident not in jindu:
            continue
        js, je = (dt.date.fromisoformat(jindu[ident][k]) for k in ("start", "end"))
        if (js, je) == (s, e):
            same += 1
        else:
            start_only += js == s
            worst.append((abs((je - e).days), ident, f"jindu {js}..{je}, tj3 {s}..{e}"))
    total = len([i for i in tj if i in jindu])
    worst.sort(reverse=True)
    later = sum(1 for _, i, _ in worst if dt.date.fromisoformat(jindu[i]["end"]) < tj[i][1])
    print(f"same start and end in jindu and tj3: {same} of {total} tasks and milestones"
          f" ({100 * same / max(total, 1):.0f}%); {len(worst)} differ ({later} end later in tj3)")
    for _, ident, text in worst[:5]:
        print(f"  e.g. {ident}: {text}")
    return 0 if same * 2 >= total else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", nargs=3, metavar=("PLAN", "PLAN_JSON", "TJ_CSV"),
                    help="compare tj3's dates with jindu's instead of converting")
    ap.add_argument("plan", nargs="?")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--report", default="gantt", help="name of the HTML report (default gantt)")
    ap.add_argument("--csv", metavar="NAME", help="also write a CSV report NAME.csv for --check")
    a = ap.parse_args()
    if a.check:
        sys.exit(check(*a.check))
    if not a.plan or not a.out:
        ap.error("give PLAN and OUT.tjp")
    convert(a.plan, a.out, a.report, a.csv)


if __name__ == "__main__":
    main()
