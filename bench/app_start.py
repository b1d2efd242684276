#!/usr/bin/env python3
"""App cold start: time from exec of the desktop app to the portfolio being shown.

The app reports "ready" when its portfolio view has rendered: the UI calls the shell's `ready`
command, which prints `tenken-app: ready N ms after process start` on stderr
(src-tauri/src/commands.rs). Also accepted: a line containing TENKEN_READY, or the file named by
the environment variable TENKEN_READY_FILE appearing. The time is taken here, from just before
exec, so it includes everything the app does before its own clock starts.
Each run starts a new process (with the given DISPLAY, e.g. an Xvfb server started once by
bench/run.sh, so X start-up is not counted), waits for the signal, and kills the process group.

usage: app_start.py --runs N --timeout S -- APP [ARGS...]
prints: the median seconds; exits 1 if any run gave no ready signal within the timeout.
"""

import os
import re
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(cmd, timeout):
    with tempfile.TemporaryDirectory() as d:
        ready = os.path.join(d, "ready")
        env = dict(os.environ, TENKEN_READY_FILE=ready)
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        sel = selectors.DefaultSelector()
        sel.register(p.stdout, selectors.EVENT_READ)
        seen, buf = None, b""
        try:
            while time.perf_counter() - t0 < timeout:
                if os.path.exists(ready):
                    seen = time.perf_counter() - t0
                    break
                for _key, _ in sel.select(timeout=0.005):
                    chunk = os.read(p.stdout.fileno(), 65536)
                    buf += chunk
                    if b"tenken-app: ready" in buf or b"TENKEN_READY" in buf:
                        seen = time.perf_counter() - t0
                if seen is not None or p.poll() is not None:
                    break
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        own = re.search(rb"ready (\d+) ms", buf)
        if own:
            print(f"run: {seen:.3f} s measured, app says {int(own.group(1))} ms", file=sys.stderr)
        if seen is None:
            tail = buf.decode("utf-8", "replace")[-400:]
            print(f"no ready signal within {timeout}s; output tail: {tail}", file=sys.stderr)
        return seen


def main(argv):
    runs, timeout = 5, 30.0
    i = 1
    while argv[i] != "--":
        if argv[i] == "--runs":
            runs = int(argv[i + 1])
        elif argv[i] == "--timeout":
            timeout = float(argv[i + 1])
        i += 2
    cmd = argv[i + 1:]
    times = []
    for _ in range(runs):
        t = one_run(cmd, timeout)
        if t is None:
            return 1
        times.append(t)
    print(f"{statistics.median(times):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
