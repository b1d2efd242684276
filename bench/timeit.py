#!/usr/bin/env python3
"""Whole-process wall time of a shell command: median of N runs, like hyperfine.

`bench/run.sh` uses hyperfine when it is installed and this otherwise. Each run is preceded by
the --prepare command (untimed), e.g. removing the database so every import starts fresh.

usage: timeit.py --runs N [--warmup K] [--prepare CMD] -- CMD
prints: the median in seconds; exits non-zero if CMD fails.
"""

import statistics
import subprocess
import sys
import time


def main(argv):
    runs, warmup, prepare = 5, 0, None
    i = 1
    while argv[i] != "--":
        if argv[i] == "--runs":
            runs = int(argv[i + 1])
        elif argv[i] == "--warmup":
            warmup = int(argv[i + 1])
        elif argv[i] == "--prepare":
            prepare = argv[i + 1]
        i += 2
    cmd = argv[i + 1]
    times = []
    for k in range(warmup + runs):
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        t = time.perf_counter()
        p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL)
        dt = time.perf_counter() - t
        if p.returncode != 0:
            print(f"command failed ({p.returncode}): {cmd}", file=sys.stderr)
            return 1
        if k >= warmup:
            times.append(dt)
    print(f"{statistics.median(times):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
