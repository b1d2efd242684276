#!/usr/bin/env python3
"""Baseline for the import benchmarks: what a competent in-house script would do without Tenken.

Reads a supplier checksheet (or every .xlsx in a folder) with openpyxl, finds the header row by
its text, reads the cover sheet, normalises the cells (NFKC, trim, No. as integer, level, answer
wording), and stores the supplier, the assessment, every row and the original file (with its
SHA-256) in SQLite: WAL, synchronous=FULL, foreign keys on, one transaction per file (all or
nothing), exactly the durability Tenken gives.

It is written the idiomatic fast way: `load_workbook(read_only=True, data_only=True)` streams the
sheet, statements are prepared once and rows go in with executemany. Nothing is slowed down on
purpose; if you see a faster honest way, change it.

usage: baseline_import.py DB FILE_OR_DIR [--json]
"""

import hashlib
import json
import os
import re
import sqlite3
import sys
import unicodedata

from openpyxl import load_workbook

HEADER_SYNONYMS = {
    "label": {"ラベル", "label"},
    "purpose": {"目的", "purpose"},
    "requirement": {"要求事項", "requirement"},
    "no": {"no.", "no", "番号", "項番"},
    "level": {"レベル", "level"},
    "condition": {"達成条件", "condition"},
    "criteria": {"達成基準", "criteria"},
    "answer": {"回答", "実施状況", "answer"},
    "remark": {"備考", "コメント", "remarks", "remark"},
}
ANSWERS = {
    "implemented": ["実施している", "○", "◯", "はい", "実施済", "yes"],
    "partial": ["一部実施している", "△"],
    "not_implemented": ["実施していない", "×", "いいえ", "no"],
    "not_applicable": ["対象外", "-", "n/a", "該当なし"],
}
ANSWER_OF = {unicodedata.normalize("NFKC", w).lower(): k for k, ws in ANSWERS.items() for w in ws}
LEVEL_RE = re.compile(r"^(?:lv|lvl|level|レベル)\s*([123])$", re.IGNORECASE)
COVER_KEYS = {"会社名": "company", "回答者": "respondent", "回答日": "date"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS organisations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS assessments (
  id INTEGER PRIMARY KEY, organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  catalog_id TEXT NOT NULL, respondent TEXT, answered_on TEXT, file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL, file_bytes BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS item_results (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id), item_no INTEGER NOT NULL,
  label TEXT, requirement TEXT, level INTEGER, answer TEXT NOT NULL, answer_raw TEXT, remark TEXT,
  PRIMARY KEY (assessment_id, item_no));
"""


def norm(v):
    """NFKC and trim (incl. U+3000) a cell; None for empty."""
    if v is None:
        return None
    s = unicodedata.normalize("NFKC", str(v)).strip()
    return s or None


def to_no(v):
    if isinstance(v, (int, float)):
        return int(v) if float(v).is_integer() else None
    s = norm(v)
    if s is None:
        return None
    s = s.lstrip("'")
    try:
        f = float(s)
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def find_header(rows):
    """Return (row index, {field: column}) of the first row naming No. and 回答."""
    for i, row in enumerate(rows[:30]):
        cols = {}
        for c, v in enumerate(row):
            s = norm(v)
            if s is None:
                continue
            for field, names in HEADER_SYNONYMS.items():
                if s.lower() in names and field not in cols:
                    cols[field] = c
        if "no" in cols and "answer" in cols:
            return i, cols
    return None, None


def read_cover(ws):
    cover = {}
    for row in ws.iter_rows(max_row=30, values_only=True):
        cells = [norm(v) for v in row]
        for c, s in enumerate(cells):
            if s in COVER_KEYS:
                val = next((x for x in cells[c + 1:] if x), None)
                if val:
                    cover[COVER_KEYS[s]] = val
    return cover


def read_checksheet(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        cover, found = {}, None
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            hdr, cols = find_header(rows)
            if hdr is None:
                cover.update(read_cover(ws))
                continue
            found = (ws.title, hdr, cols, rows)
            break
        if found is None:
            raise ValueError(f"{path}: no sheet with a No./回答 header")
        title, hdr, cols, rows = found
        items, errors, label = [], [], None
        get = lambda row, f: row[cols[f]] if f in cols and cols[f] < len(row) else None
        for r, row in enumerate(rows[hdr + 1:], start=hdr + 2):
            no = to_no(get(row, "no"))
            if no is None:
                continue
            label = norm(get(row, "label")) or label  # merged label cells: carry down
            raw = norm(get(row, "answer"))
            answer = "unanswered" if raw is None else ANSWER_OF.get(raw.lower())
            if answer is None:
                errors.append(f"{title}!row {r}: unknown answer {raw!r}")
                answer = "unanswered"
            lv = norm(get(row, "level"))
            m = LEVEL_RE.match(lv.replace(" ", "")) if lv else None
            items.append((no, label, norm(get(row, "requirement")), int(m.group(1)) if m else None,
                          answer, raw, norm(get(row, "remark"))))
        return cover, title, hdr + 1, items, errors
    finally:
        wb.close()


def import_file(con, path, catalog):
    cover, sheet, header_row, items, errors = read_checksheet(path)
    with open(path, "rb") as f:
        data = f.read()
    org = cover.get("company") or os.path.splitext(os.path.basename(path))[0]
    with con:  # one transaction: all or nothing
        con.execute("INSERT OR IGNORE INTO organisations (name) VALUES (?)", (org,))
        (org_id,) = con.execute("SELECT id FROM organisations WHERE name = ?", (org,)).fetchone()
        cur = con.execute(
            "INSERT INTO assessments (organisation_id, catalog_id, respondent, answered_on, file_name, file_sha256, file_bytes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (org_id, catalog, cover.get("respondent"), cover.get("date"), os.path.basename(path),
             hashlib.sha256(data).hexdigest(), data))
        aid = cur.lastrowid
        con.executemany("INSERT INTO item_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(aid,) + it for it in items])
    counts = {}
    for it in items:
        counts[it[4]] = counts.get(it[4], 0) + 1
    return {"assessment_id": aid, "file": path, "sheet": sheet, "header_row": header_row,
            "cover": cover, "counts": counts, "errors": errors}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    db, target = argv[1], argv[2]
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    con.executescript(SCHEMA)
    if os.path.isdir(target):
        files = sorted(os.path.join(target, f) for f in os.listdir(target)
                       if f.lower().endswith((".xlsx", ".xlsm")))
    else:
        files = [target]
    results, failed = [], 0
    for f in files:
        try:
            results.append(import_file(con, f, "jama-japia-2.2"))
        except Exception as e:  # one bad file never stops the batch
            failed += 1
            print(f"{f}: {e}", file=sys.stderr)
    con.close()
    if "--json" in argv:
        print(json.dumps(results if len(results) != 1 else results[0], ensure_ascii=False))
    else:
        print(f"imported {len(results)} file(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
