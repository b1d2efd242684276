#!/usr/bin/env python3
"""Check that every built-in catalog in catalogs/ is what its generator makes of its source.

Run from anywhere (Python 3.11+, standard library only):

    python3 tools/catalogs/check_all.py

It verifies the source texts in catalogs/sources/ against catalogs/sources/SHA256SUMS, runs
every generator with `--check` (each compares its output with the committed catalog and writes
nothing), and checks that no catalogs/*.toml lacks a generator. Exit status 0 when all is up to
date, 1 when anything is stale, edited by hand, missing or unknown. `scripts/test.sh` runs it
before building.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CATALOGS = REPO / "catalogs"
SOURCES = CATALOGS / "sources"

# Generator script → the catalog it writes (and checks).
GENERATORS = {
    "jama.py": "jama-japia-2.2.toml",
    "mic.py": "mic-asp-saas.toml",
    "external.py": "external-service-selection.toml",
    "meti_iss.py": "meti-iss-standard-3.toml",
    "meti_reliability.py": "meti-cs-reliability-2025-draft.toml",
}


def check_sources() -> list[str]:
    """Problems with the source texts: a hash that differs, a file missing or unlisted."""
    problems = []
    listed = set()
    for line in (SOURCES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        name = name.lstrip("*")
        listed.add(name)
        path = SOURCES / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{path}: differs from its SHA-256 in SHA256SUMS (source texts are kept byte for byte)")
    for path in sorted(SOURCES.glob("*.txt")):
        if path.name not in listed:
            problems.append(f"{path}: not listed in SHA256SUMS")
    return problems


def check_generators() -> list[str]:
    """Run each generator with --check; the failures."""
    problems = []
    for script, catalog in GENERATORS.items():
        run = subprocess.run([sys.executable, str(HERE / script), "--check"], cwd=REPO, capture_output=True, text=True)
        out = (run.stdout + run.stderr).strip()
        if run.returncode != 0:
            problems.append(f"{catalog}: tools/catalogs/{script} --check failed (exit {run.returncode}):\n    {out}")
        else:
            print(f"ok  {catalog}")
    for path in sorted(CATALOGS.glob("*.toml")):
        if path.name not in GENERATORS.values():
            problems.append(f"{path}: no generator in tools/catalogs/check_all.py makes this catalog")
    return problems


def main() -> int:
    problems = check_sources() + check_generators()
    for p in problems:
        print(f"STALE {p}", file=sys.stderr)
    if problems:
        print("catalogs are out of date: change the generator (never the TOML) and run it; see catalogs/README.md", file=sys.stderr)
        return 1
    print(f"all {len(GENERATORS)} catalogs match their generators and sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
