#!/usr/bin/env python3
"""Print the benchmark table from the JSON lines `bench/run.sh` collects.

Each line is one measure:
  {"measure": str, "unit": "ms"|"s"|"MB"|"KB",
   "tenken": number|null, "tenken_note": str,      # note replaces the number when null
   "baseline": number|null, "baseline_note": str,
   "target": str,                                    # as printed
   "checks": [{"ratio_min": x} | {"max": x}]}        # all must hold for PASS
ratio = baseline / tenken (how many times faster or smaller Tenken is).
A measure without a Tenken number is "n/a"; without checks it has no verdict ("—").

usage: table.py RESULTS.jsonl [--markdown]
"""

import json
import sys


def fmt(v, unit):
    if v is None:
        return None
    if unit in ("ms",) and v >= 100:
        return f"{v:,.0f} {unit}"
    if unit in ("ms", "s"):
        return f"{v:,.3g} {unit}" if v < 10 else f"{v:,.1f} {unit}"
    return f"{v:,.1f} {unit}" if v < 100 else f"{v:,.0f} {unit}"


def verdict(r):
    t, b = r.get("tenken"), r.get("baseline")
    if t is None or not r.get("checks"):
        return "n/a" if t is None and r.get("checks") else "—"
    ok = True
    for c in r["checks"]:
        if "ratio_min" in c:
            if b is None or t <= 0:
                return "n/a"
            ok &= b / t >= c["ratio_min"]
        if "max" in c:
            ok &= t <= c["max"]
    return "PASS" if ok else "FAIL"


def rows(results):
    out = []
    for r in results:
        t, b = r.get("tenken"), r.get("baseline")
        ratio = f"{b / t:,.1f}×" if t and b else "—"
        out.append([
            r["measure"],
            fmt(t, r["unit"]) or r.get("tenken_note") or "n/a",
            fmt(b, r["unit"]) or r.get("baseline_note") or "—",
            ratio,
            r.get("target") or "—",
            verdict(r),
        ])
    return out


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        results = [json.loads(l) for l in f if l.strip()]
    head = ["measure", "Tenken", "baseline", "ratio", "target", "PASS/FAIL"]
    body = rows(results)
    if "--markdown" in argv:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---"] * len(head)) + "|")
        for r in body:
            print("| " + " | ".join(c.replace("|", "/") for c in r) + " |")
        return 0
    width = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]
    line = lambda cells: " | ".join(str(c).ljust(width[i]) for i, c in enumerate(cells))
    print(line(head))
    print("-+-".join("-" * w for w in width))
    for r in body:
        print(line(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
