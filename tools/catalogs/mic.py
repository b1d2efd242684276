#!/usr/bin/env python3
"""Generate the built-in catalog `catalogs/mic-asp-saas.toml` from the MIC ASP・SaaS seed.

How to run (from the repository root, Python 3.11+, standard library only):

    python3 tools/catalogs/mic.py [SEED] [OUT]

SEED defaults to catalogs/sources/mic-asp-saas-guideline.txt (the source text in this repository;
TENKEN_SEEDS=/other/folder overrides the folder), OUT to catalogs/mic-asp-saas.toml. The output is
deterministic: the same seed always gives byte-identical TOML. `--check` compares instead of
writing (exit 1 when it differs).

What it reads: the body of parts II (組織・運用編) and III (物理的・技術的対策編) — every section
heading `II. 1`, `II. 1. 1` …, every control `II. 1. 1. 1 【基本】` with its text, its
【ベストプラクティス】 (i., ii., …) and its 【評価項目】 (a., b., … each with a table of 対策参照値
for patterns 1–6); the pattern tables 図表 1 / 図表 2 and the 凡例 of part III as guidance; the
table of contents and the Annex 2/3 tables, only to cross-check them against the bodies.

What it normalises (each also recorded in the catalog's `notes`, which this script writes):
* ids: `Ⅲ` (U+2162) and `Ⅱ` written as ASCII `III` / `II`, spaces removed (`Ⅲ. 1. 1. 1` → `III.1.1.1`);
* footnote markers (superscript digits such as `ping¹³コマンド`) removed from every text, with the
  spaces the extraction put around them; footnote bodies (`¹³ Packet Internet Groper…`) dropped;
* tracked-change lines (`削除：…`, `挿入：…`), markdown bold `**` and strike-through `~~…~~`,
  list bullets `- ` added by the extraction, and lines holding only (non-breaking) spaces dropped;
* blank lines between the paragraphs of a control collapsed to one line break;
* line-wrap artefacts (a sentence broken across a page or a footnote) joined — see WRAP_JOINS;
* a best practice keeps its sub-items (`a) …`, `1) …`) and `例：…` lines, each on its own line;
* reference values: trailing `*` removed and recorded as `must = true`.
The script fails loudly (exit 2) when the seed no longer has the shape it expects, so a changed
seed cannot silently produce a wrong catalog. It also re-reads its own output with `tomllib` and
checks that it equals the data it meant to write.
"""

from __future__ import annotations

import os
import re
import sys

from small_toml import escape
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_NAME = "mic-asp-saas-guideline.txt"
DEFAULT_SEED = Path(os.environ.get("TENKEN_SEEDS") or ROOT / "catalogs" / "sources") / SEED_NAME
DEFAULT_OUT = ROOT / "catalogs" / "mic-asp-saas.toml"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A footnote marker with the spaces the extraction put around it (`ホットスタンバイ ¹⁵)`).
MARKER_RE = re.compile(rf"[ \t]*[{SUPERSCRIPTS}]+[ \t]*")
FOOTNOTE_BODY_RE = re.compile(rf"^[{SUPERSCRIPTS}]+\s")
TRACKED_CHANGE_RE = re.compile(r"^(?:-\s*)?(?:削除|挿入)：")
PART = r"(II|III|Ⅱ|Ⅲ)"
CONTROL_RE = re.compile(rf"^{PART}\.\s*(\d+)\.\s*(\d+)\.\s*(\d+)\s*【(基本|推奨)】$")
SECTION_RE = re.compile(rf"^{PART}\.\s*(\d+)(?:\.\s*(\d+))?\s+([^\s【].*)$")
PRACTICE_RE = re.compile(r"^(?:-\s+)?([ivx]+)\.\s+(.*)$")
SUBITEM_RE = re.compile(r"^(?:-\s+)?((?:[a-z]|\d+)\)\s*.*)$")
EVAL_RE = re.compile(r"^(?:-\s+)?([a-z])\.\s+(.*)$")
REF_ROW_RE = re.compile(r"^([1-6])\t(.+)$")

# Sentences the PDF extraction broke in two (at a page break or around a footnote body):
# (end of the first piece, start of the second, joiner). Each must occur exactly once.
WRAP_JOINS = [
    ("個人認証システムと併設することが望", "ましい。", ""),
    ("また、本人から苦情があ", "った場合には、迅速かつ適切に対応しなければならない。", ""),
    ("経済産業分野を対象とするガイドライン", "(経済産業省)", " "),
]

ROMAN = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split()
CLASS_NEED = {"基本": "mandatory", "推奨": "recommended"}
PART_NAMES = {"II": "組織・運用編", "III": "物理的・技術的対策編"}


class SeedError(Exception):
    """The seed does not have the shape this generator expects."""


@dataclass
class Control:
    """One control as parsed from the body."""

    id: str
    group: str
    cls: str
    lines: list[str] = field(default_factory=list)
    practices: list[list[str]] = field(default_factory=list)
    evaluation: list[dict] = field(default_factory=list)


def roman(part: str) -> str:
    """`Ⅱ`/`Ⅲ` (single code points) → ASCII `II`/`III`."""
    return {"Ⅱ": "II", "Ⅲ": "III"}.get(part, part)


def clean_line(raw: str) -> str:
    """Strip one line of extraction noise that never carries wording."""
    line = raw.replace("\u00a0", " ").rstrip()
    line = line.replace("**", "")
    line = re.sub(r"~~[^~]*~~", "", line)
    return line.strip()


def drop_markers(text: str) -> str:
    """Remove footnote markers; refuse to glue two ASCII words together."""

    def repl(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() and " " in m.group(0):
            raise SeedError(f"footnote marker between two words: {text!r}")
        return ""

    return MARKER_RE.sub(repl, text)


def is_noise(line: str) -> bool:
    """Lines dropped everywhere: blank, tracked changes, footnote bodies."""
    return not line or bool(TRACKED_CHANGE_RE.match(line)) or bool(FOOTNOTE_BODY_RE.match(line))


def read_seed(path: Path) -> list[str]:
    """The seed's lines, with wrap artefacts joined (see WRAP_JOINS)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for end, start, joiner in WRAP_JOINS:
        heads = [i for i, l in enumerate(lines) if l.rstrip().endswith(end)]
        if len(heads) != 1:
            raise SeedError(f"wrap join: '{end}' found {len(heads)} times")
        i = heads[0]
        j = i + 1
        while j < len(lines) and is_noise(clean_line(lines[j])):
            j += 1
        if j >= len(lines) or not clean_line(lines[j]).startswith(start):
            raise SeedError(f"wrap join: '{end}' is not followed by '{start}'")
        lines[i] = lines[i].rstrip() + joiner + clean_line(lines[j])
        del lines[i + 1 : j + 1]
    return lines


def body_range(lines: list[str]) -> tuple[int, int]:
    """Line indexes of the body of parts II and III (after the TOC, before IV. 参考資料)."""
    start = next((i for i, l in enumerate(lines) if clean_line(l) == "Ⅱ 組織・運用編"), None)
    end = next((i for i, l in enumerate(lines) if clean_line(l).startswith("IV. 參考資料")), None)
    if start is None or end is None or end <= start:
        raise SeedError("cannot find the body of parts II and III")
    return start, end


def parse_body(lines: list[str]) -> tuple[list[dict], list[Control]]:
    """Groups (in order) and controls of parts II and III."""
    start, end = body_range(lines)
    groups: list[dict] = [{"id": "II", "name": PART_NAMES["II"]}]
    controls: list[Control] = []
    current: Control | None = None
    mode = "skip"
    for raw in lines[start + 1 : end]:
        line = clean_line(raw)
        if is_noise(line):
            continue
        if line == "Ⅲ. 物理的・技術的対策編":
            groups.append({"id": "III", "name": PART_NAMES["III"]})
            current, mode = None, "skip"
            continue
        m = CONTROL_RE.match(line)
        if m:
            part = roman(m.group(1))
            gid = f"{part}.{m.group(2)}.{m.group(3)}"
            current = Control(id=f"{gid}.{m.group(4)}", group=gid, cls=m.group(5))
            if not any(g["id"] == gid for g in groups):
                raise SeedError(f"control {current.id} outside its section")
            controls.append(current)
            mode = "requirement"
            continue
        m = SECTION_RE.match(line)
        if m:
            part = roman(m.group(1))
            if m.group(3):
                gid, parent = f"{part}.{m.group(2)}.{m.group(3)}", f"{part}.{m.group(2)}"
            else:
                gid, parent = f"{part}.{m.group(2)}", part
            groups.append({"id": gid, "name": m.group(4).strip(), "parent": parent})
            current, mode = None, "skip"
            continue
        if current is None:
            continue  # legends (凡例) between part headings and the first section
        if line == "【ベストプラクティス】":
            mode = "practices"
        elif line == "【評価項目】":
            mode = "evaluation"
        elif mode == "requirement":
            current.lines.append(drop_markers(line))
        elif mode == "practices":
            add_practice_line(current, line)
        elif mode == "evaluation":
            add_evaluation_line(current, line)
    return groups, controls


def add_practice_line(c: Control, line: str) -> None:
    """A best-practice line: a new practice (i., ii., …) or a line of the current one."""
    m = PRACTICE_RE.match(line)
    if m:
        if m.group(1) != ROMAN[len(c.practices)]:
            raise SeedError(f"{c.id}: best practice '{m.group(1)}.' out of sequence")
        c.practices.append([drop_markers(m.group(2))])
        return
    if not c.practices:
        raise SeedError(f"{c.id}: best-practice text before 'i.': {line!r}")
    m = SUBITEM_RE.match(line)
    c.practices[-1].append(drop_markers(m.group(1) if m else line))


def add_evaluation_line(c: Control, line: str) -> None:
    """An evaluation line: a new item (a., b., …), the table header, or a table row."""
    m = EVAL_RE.match(line)
    if m:
        c.evaluation.append({"id": m.group(1), "text": drop_markers(m.group(2)), "reference": []})
        return
    if line == "パターン\t対策参照値":
        return
    m = REF_ROW_RE.match(line)
    if not m or not c.evaluation:
        raise SeedError(f"{c.id}: unexpected line in 評価項目: {line!r}")
    value = drop_markers(m.group(2).strip())
    must = value.endswith("*")
    c.evaluation[-1]["reference"].append(
        {"pattern": int(m.group(1)), "value": value.rstrip("*").rstrip(), "must": must}
    )


def check_controls(controls: list[Control]) -> None:
    """Shape checks: unique ids, every evaluation item has patterns 1..6 in order."""
    ids = [c.id for c in controls]
    if len(set(ids)) != len(ids):
        raise SeedError("duplicate control ids")
    for c in controls:
        if not c.lines:
            raise SeedError(f"{c.id}: empty control text")
        letters = [e["id"] for e in c.evaluation]
        if letters != [chr(ord("a") + k) for k in range(len(letters))]:
            raise SeedError(f"{c.id}: evaluation items {letters}")
        for e in c.evaluation:
            if [r["pattern"] for r in e["reference"]] != [1, 2, 3, 4, 5, 6]:
                raise SeedError(f"{c.id} {e['id']}: reference rows are not patterns 1..6")


def item_of(c: Control) -> dict:
    """The catalog item (a dict in schema field order) of a control."""
    item = {
        "id": c.id,
        "group": c.group,
        "class": c.cls,
        "need": CLASS_NEED[c.cls],
        "requirement": "\n".join(c.lines),
    }
    if c.practices:
        item["best_practices"] = ["\n".join(p) for p in c.practices]
    if c.evaluation:
        item["evaluation"] = c.evaluation
    return item


# ---------------------------------------------------------------- guidance and scope


def block_after(lines: list[str], first: str, stop: str) -> list[str]:
    """Cleaned, non-noise lines after the line equal to `first` up to the line starting `stop`."""
    idx = next((i for i, l in enumerate(lines) if clean_line(l) == first), None)
    if idx is None:
        raise SeedError(f"cannot find '{first}'")
    out = []
    for raw in lines[idx + 1 :]:
        line = clean_line(raw)
        if line.startswith(stop):
            return out
        if not is_noise(line):
            out.append(drop_markers(line))
    raise SeedError(f"no '{stop}' after '{first}'")


def tab_rows(block: list[str]) -> list[list[str]]:
    """The tab-separated rows of a block."""
    return [l.split("\t") for l in block if "\t" in l]


def pattern_tables(lines: list[str]) -> tuple[list[list[str]], list[list[str]], str]:
    """図表 1 (pattern × C/I/A requirement) and 図表 2 (pattern × service types) and 図表 2's footnote."""
    t1 = tab_rows(block_after(lines, "【パターン6】", "図表 1"))
    b2 = block_after(lines, "I. 7. 2 典型的サービスのパターン分類", "図表 2")
    t2 = tab_rows(b2)
    foot = [l for l in b2 if l.startswith("※") and "\t" not in l]
    if len(t1) != 7 or len(t2) != 8 or len(foot) != 1:
        raise SeedError("pattern tables 図表 1 / 図表 2 have an unexpected shape")
    return t1, t2, foot[0]


def pattern_descriptions(lines: list[str]) -> list[tuple[str, str]]:
    """(【パターンN】, description) from I. 7. 1."""
    block = block_after(lines, "I. 7. 1 パターン化の考え方", "パターン\t")
    out = []
    for i, l in enumerate(block):
        if re.fullmatch(r"【パターン[1-6]】", l):
            out.append((l, block[i + 1]))
    if len(out) != 6:
        raise SeedError("I. 7. 1 does not describe 6 patterns")
    return out


def cia_explanation(lines: list[str]) -> str:
    """The I. 7. 1 explanation of high/medium/low C/I/A requirements, bullets unified."""
    block = block_after(lines, "ここでの「機密性」「完全性」「可用性」への要求の高低に関する考え方は次のとおりである。", "I. 7. 2")
    return "\n".join(re.sub(r"^-\s+", "", l) for l in block)


def how_to_choose(lines: list[str]) -> str:
    """The dimension help: the pattern definitions of I. 7. 1 and the advice after 図表 2, as printed.

    The sentence introducing 図表 2 is left out: its reference to the table is a tracked-change
    deletion (`~~図表 2~~`), so what remains of it would not read."""
    after = block_after(lines, "図表 2 パターンごとのサービス種別", "I. 8")
    parts = [f"{name} {desc}" for name, desc in pattern_descriptions(lines)]
    return "\n".join(parts + [after[0]])


def legend_iii(lines: list[str]) -> str:
    """The 凡例 of part III (対策項目, 基本・推奨, ベストプラクティス, 評価項目, 対策参照値)."""
    block = block_after(lines, "Ⅲ. 物理的・技術的対策編", "Ⅲ. 1 ")
    if block[0] != "【凡例】":
        raise SeedError("part III does not start with its 凡例")
    return "\n".join(re.sub(r"^-\s+", "", l) for l in block[1:])


def scope_and_guidance(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """The `pattern` scope dimension and the catalog-level guidance blocks."""
    t1, t2, foot = pattern_tables(lines)
    services = {row[0]: row[1] for row in t2[1:]}
    options = []
    for n in "123456":
        cia = next(r for r in t1[1:] if r[0] == n)
        options.append(
            {
                "value": n,
                "name": {
                    "ja": f"パターン{n}（機密性 {cia[1]}・完全性 {cia[2]}・可用性 {cia[3]}）",
                    "en": f"Pattern {n} (confidentiality {en_level(cia[1])}, integrity "
                    f"{en_level(cia[2])}, availability {en_level(cia[3])})",
                },
                "help": services[n],
            }
        )
    dimension = {
        "key": "pattern",
        "name": {"ja": "パターン", "en": "Service pattern"},
        "kind": "choice",
        "options": options,
        "help": how_to_choose(lines),
    }
    guidance = [
        {"title": "図表 1 各パターンの位置付け", "text": cia_explanation(lines), "table": t1},
        {"title": "図表 2 パターンごとのサービス種別", "text": foot, "table": t2},
        {"title": "凡例（物理的・技術的対策編）", "text": legend_iii(lines)},
    ]
    return [dimension], guidance


# What the guideline says its classes are (I. 8. 1 / I. 8. 2): priorities, not requirements.
# Each sentence must be in the seed as printed; the definitions are read from I. 8. 2.
NOT_MANDATORY = "認証基準等で用いられるような実施必須事項を示すものではなく、情報セキュリティ対策を実施する上での指標となることを期待している。"
PRIORITY = "対策を「基本」と「推奨」に分類することで、対策実施の優先度を示している。"
NEED_OF_CLASS = {"基本": ("mandatory", "Basic (to be done first)"), "推奨": ("recommended", "Recommended")}


def need_labels(lines: list[str]) -> dict:
    """The words for the two needs, 基本 and 推奨, with the definitions printed in I. 8. 2."""
    text = "\n".join(lines)
    for sentence in (NOT_MANDATORY, PRIORITY):
        if sentence not in text:
            raise SeedError(f"I. 8: '{sentence}' is gone")
    block = block_after(lines, "I. 8. 2 基本・推奨", "I. 8. 3")
    out = {}
    for line in block:
        m = re.match(r"^(?:-\s+)?・(基本|推奨)：(.+)$", line)
        if m:
            need, en = NEED_OF_CLASS[m.group(1)]
            out[need] = {"ja": m.group(1), "en": en, "meaning": m.group(2), "quoted_from": "I. 8. 2 基本・推奨"}
    if list(out) != ["mandatory", "recommended"] or PRIORITY not in block:
        raise SeedError("I. 8. 2 does not define 基本 and 推奨")
    return out


def en_level(ja: str) -> str:
    """高/中/低 in English."""
    return {"高": "high", "中": "medium", "低": "low"}[ja]


# ---------------------------------------------------------------- cross-checks (notes)


def toc_conflicts(lines: list[str], groups: list[dict]) -> list[str]:
    """Section names in the table of contents that differ from the body headings."""
    start, _ = body_range(lines)
    names = {g["id"]: g["name"] for g in groups}
    out = []
    for raw in lines[:start]:
        m = re.match(rf"^{PART}\.\s*(\d+)(?:\.\s*(\d+))?\t([^\t]+)\t\d+$", clean_line(raw))
        if not m:
            continue
        gid = f"{roman(m.group(1))}.{m.group(2)}" + (f".{m.group(3)}" if m.group(3) else "")
        if gid in names and names[gid] != m.group(4):
            out.append(f"{gid}: 目次 '{m.group(4)}', body '{names[gid]}'")
    return out


def annex_classes(lines: list[str]) -> list[tuple[str, str, str]]:
    """(control id, evaluation letter or '', 区分) for every Annex 2/3 row that has a 区分."""
    _, end = body_range(lines)
    out = []
    control = None
    for raw in lines[end:]:
        cells = raw.rstrip("\n").split("\t")
        if len(cells) < 4:
            continue
        first = clean_line(cells[0])
        m = re.match(rf"^{PART}\.\s*(\d+)\.\s*(\d+)\.\s*(\d+)\.?(?:\s+([a-z]|-))?$", first)
        if m:
            control = f"{roman(m.group(1))}.{m.group(2)}.{m.group(3)}.{m.group(4)}"
            letter = m.group(5) or ""
            cls = cells[2].strip() if m.group(1) == "II" else cells[3].strip()
            letter = letter or (cells[1].strip() if m.group(1) != "II" else "")
        elif control and re.fullmatch(r"[a-z]", first):
            letter, cls = first, cells[3].strip()
        elif control and first == "" and re.fullmatch(r"[a-z]", cells[1].strip()):
            letter, cls = cells[1].strip(), cells[3].strip()
        else:
            continue
        if cls in CLASS_NEED:
            out.append((control, "" if letter == "-" else letter, cls))
    return out


def annex_conflicts(lines: list[str], controls: list[Control]) -> tuple[list[str], list[str]]:
    """基本/推奨 disagreements between the annex rows and the bodies; controls the annexes lack."""
    body = {c.id: c.cls for c in controls}
    rows = annex_classes(lines)
    out = []
    for cid, letter, cls in rows:
        if cid not in body:
            out.append(f"{cid}{' ' + letter if letter else ''}: annex lists a control the body lacks ({cls})")
        elif body[cid] != cls:
            label = f"{cid} (row of 評価項目 {letter})" if letter else cid
            out.append(f"{label}: annex says {cls}, body says {body[cid]}")
    listed = {cid for cid, _, _ in rows}
    missing = [c.id for c in controls if c.id not in listed]
    return out, missing


# ---------------------------------------------------------------- the catalog


def build(seed: Path) -> dict:
    """The whole catalog as plain data, in schema field order."""
    lines = read_seed(seed)
    groups, controls = parse_body(lines)
    check_controls(controls)
    scope, guidance = scope_and_guidance(lines)
    toc = toc_conflicts(lines, groups)
    annex, missing = annex_conflicts(lines, controls)
    title_lines = [clean_line(l) for l in lines[:8] if clean_line(l)]
    if title_lines[:3] != ["ASP・SaaS における", "情報セキュリティ対策ガイドライン", "(最終案)"]:
        raise SeedError(f"unexpected title block {title_lines[:4]}")
    if "平成 20 年 1 月末現在" not in "\n".join(lines):
        raise SeedError("the dating footnote (平成 20 年 1 月末現在) is gone")
    return {
        "id": "mic-asp-saas",
        "version": "2008",
        "title": {
            "ja": "ASP・SaaS における情報セキュリティ対策ガイドライン",
            "en": "Information Security Measures Guidelines for ASP/SaaS",
        },
        "publisher": "総務省",
        "source": {
            "title": "ASP・SaaS における情報セキュリティ対策ガイドライン (最終案)",
            "version": "最終案",
            "date": "2008-01",
            "file": SEED_NAME,
        },
        "notes": notes(controls, toc, annex, missing),
        "field_labels": {"requirement": "対策項目"},
        "need_labels": need_labels(lines),
        "guidance": guidance,
        "scope": scope,
        "groups": groups,
        "items": [item_of(c) for c in controls],
        "scoring": {"rule": "class_rates", "classes": ["基本", "推奨"]},
    }


def notes(controls, toc, annex, missing) -> list[str]:
    """Every normalisation made and every conflict found."""
    n_eval = sum(len(c.evaluation) for c in controls)
    out = [
        "Source: the seed is the text of 'ASP・SaaS における情報セキュリティ対策ガイドライン' "
        "marked '(最終案)', by 'ASP・SaaS の情報セキュリティ対策に関する研究会' (a study group of "
        "総務省, recorded as the publisher). The cover prints its date as '平成 年 月 日' (blank) and "
        "no edition number.",
        "Version '2008' and date '2008-01' are inferred from the text: footnote 1 states "
        "'平成 20 年 1 月末現在' (end of January 2008), the latest date in the document, and the "
        "references cite JIS Q 27001:2006 and 平成19年度 material. It is the guideline's only "
        "edition (its successors are MIC's cloud-service guidelines); source.version keeps the "
        "printed '最終案'.",
        f"Items: every control II.x.x.x and III.x.x.x of the body ({len(controls)} controls, "
        f"{n_eval} evaluation items); class from 【基本】/【推奨】.",
        "基本/推奨 are priorities, not requirements: the guideline's measures are '" + NOT_MANDATORY + "' "
        "(I. 8. 1) and '" + PRIORITY + "' (I. 8. 2). So need_labels names the two needs 基本 and 推奨 "
        "with the I. 8. 2 definitions, wherever Tenken shows them (never 必須/mandatory); in the data, "
        "need 'mandatory' only means the stronger of the two (基本) and 'recommended' the weaker "
        "(推奨). The scoring rule stays class_rates (rates per class and the reference values marked "
        "'*', no gate).",
        "Ids: the body numbers part III with 'Ⅲ' (U+2162) except III.3.2.5 and III.4.2.2, which "
        "print ASCII 'III'; part II headings print ASCII 'II' (the part heading prints 'Ⅱ'); "
        "the numbers carry spaces ('Ⅲ. 1. 1. 1'). All ids are written with ASCII roman numerals "
        "and no spaces ('III.1.1.1').",
        "Groups: the sections of the body with their names as printed in the body headings; "
        "'II' = 組織・運用編 and 'III' = 物理的・技術的対策編 are the top-level groups.",
        "Requirement text: the control text as printed; a control of several sentences or "
        "paragraphs keeps one line break between them (the extraction sometimes put a blank line "
        "between paragraphs, sometimes not: blank lines were collapsed).",
        "Best practices: one string per i., ii., … without the roman-numeral marker; the "
        "sub-items of a practice (a), b), …, and the nested 1), 2), … of II.1.1.1 iii.) and the "
        "'例：…' lines are kept, each on its own line after the practice text (their indentation "
        "and the extraction's '- ' bullets are dropped).",
        "Evaluation items: id = the printed letter, text as printed incl. its parenthesised "
        "explanation; reference values per pattern 1–6 as printed, with the trailing '*' removed "
        "and recorded as must = true; '-' values are kept as '-'.",
        "Removed footnote markers (superscript digits, e.g. 'ping¹³コマンド' → 'pingコマンド', "
        "'（CIO¹¹、CISO¹²等）' → '（CIO、CISO等）') together with the spaces the extraction put around "
        "them in table cells ('可能 (ホットスタンバイ ¹⁵)' → '可能 (ホットスタンバイ)', "
        "'VPN(IPsec) ²⁰ 等' → 'VPN(IPsec)等'), and the footnote bodies (lines such as "
        "'¹³ Packet Internet Groper…') that the extraction placed inside control text.",
        "Removed tracked-change lines '削除：…' (deletions, e.g. '削除：の略号', '削除：²¹') and one "
        "'挿入：値によるもの等' line (III.5.1.1), which are not part of the text.",
        "Removed markdown bold markers around the class of III.4.4.3 and III.4.4.4 "
        "('**【基本】**'), strike-through '~~…~~', lines holding only (non-breaking) spaces, and "
        "page furniture between the controls.",
        "Joined line-wrap artefacts (a sentence split by a page break or a footnote body): "
        "III.4.4.2 vi '…併設することが望' + 'ましい。'; III.5.1.2 iii '…本人から苦情があ' + "
        "'った場合には…'; III.5.1.2 iv a) '…ガイドライン' + '(経済産業省)' (joined with a space, "
        "as in b) and c)).",
        "Spacing kept as extracted: spaces between Japanese and Latin text vary "
        "('ASP・SaaS サービス' / 'ASP・SaaSサービス', 'SSL (TLS)' / 'SSL(TLS)' in the III.3.2.2 a "
        "table); they were not normalised.",
        "Typo kept as printed: '逃雷' in the name of III.4.3 (probably 落雷; the table of "
        "contents prints the same, the Annex 3 prints '逃害').",
        "Footnote numbering in the source is inconsistent (the III.3.1.5 best practices cite IDS/IPS "
        "with marker ¹⁹; markers ²⁰/²¹ are used both for IPS and for VPN/SSL); all markers were "
        "removed.",
        "Scope: pattern 1–6 (図表 1/図表 2 of I.7). A pattern does not select controls: every "
        "control applies to every pattern; the pattern selects the reference value (対策参照値) of "
        "each evaluation item. Services the guideline could not classify ('※' row of 図表 2) must "
        "choose a pattern by the I.7.1 criteria (see the dimension help).",
        "Guidance: 図表 1 (pattern × confidentiality/integrity/availability) with the I.7.1 "
        "explanation of high/medium/low, 図表 2 (pattern × typical service types, '削除：' lines "
        "removed), and the 凡例 of part III. The '- ' bullets of the extraction were removed.",
    ]
    out += [f"Table of contents differs from the body heading (body kept): {t}" for t in toc]
    out.append(
        "Annex 2/3 (対策項目一覧表 with 実施チェック) are garbled in the extraction: rows shifted "
        "(the Annex 3 rows labelled III.1.1.1 a … III.1.1.3 b carry the texts and values of "
        "neighbouring controls), merged cells, values in the wrong pattern columns, wording "
        "differences (e.g. 'バッチ' for 'パッチ', 'ベンダーリリース' for 'ベンダリリース'). They "
        "were only used for cross-checking; the control bodies win."
    )
    out += [f"Annex 基本/推奨 disagrees with the body (body kept): {a}" for a in annex]
    if missing:
        out.append("Controls the annexes do not list: " + ", ".join(missing))
    return out


# ---------------------------------------------------------------- TOML writer


def toml_str(s: str) -> str:
    """A TOML string: multi-line basic when it has line breaks, else basic."""
    body = escape(s, keep_newlines=True)
    if "\n" in s:
        return '"""\n' + body + '"""'
    return '"' + body + '"'


def toml_value(v, indent: str = "") -> str:
    """A TOML value: strings, ints, bools, lists (one element per line), inline tables."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        if not v:
            return "[]"
        one_line = "[" + ", ".join(toml_value(x) for x in v) + "]"
        if all(isinstance(x, (str, int)) for x in v) and len(one_line) <= 100 and "\n" not in one_line:
            return one_line  # short rows (table rows, class lists) stay readable on one line
        inner = indent + "    "
        return "[\n" + "".join(f"{inner}{toml_value(x, inner)},\n" for x in v) + indent + "]"
    raise TypeError(type(v))


def is_table_array(v) -> bool:
    """Lists of tables are written as [[arrays of tables]] (except reference rows)."""
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def write_table(out: list[str], path: str, table: dict) -> None:
    """Write scalars first, then sub-tables, then arrays of tables (TOML ordering rule)."""
    top = path == ""
    for k, v in table.items():
        if isinstance(v, dict) and top:
            continue  # top-level tables get their own [header]; nested ones are inline
        if is_table_array(v) and k not in ("reference", "table"):
            continue
        out.append(f"{k} = {toml_value(v)}")
    for k, v in table.items():
        if isinstance(v, dict) and top:
            out.append(f"\n[{path}{k}]")
            write_table(out, f"{path}{k}.", v)
    for k, v in table.items():
        if is_table_array(v) and k not in ("reference", "table"):
            for x in v:
                out.append(f"\n[[{path}{k}]]")
                write_table(out, f"{path}{k}.", x)


def to_toml(catalog: dict) -> str:
    """The catalog as TOML text, with a header saying it is generated."""
    out = [
        "# Generated by tools/catalogs/mic.py from catalogs/sources/mic-asp-saas-guideline.txt.",
        "# Do not edit by hand: change the generator and re-run it.",
    ]
    write_table(out, "", catalog)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Entry point."""
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    seed = Path(args[0]) if args else DEFAULT_SEED
    out_path = Path(args[1]) if len(args) > 1 else DEFAULT_OUT
    try:
        catalog = build(seed)
    except (SeedError, OSError) as e:
        print(f"mic.py: {seed}: {e}", file=sys.stderr)
        return 2
    text = to_toml(catalog)
    if tomllib.loads(text) != catalog:
        print("mic.py: the TOML written does not read back as the catalog data", file=sys.stderr)
        return 2
    if check:
        same = out_path.exists() and out_path.read_text(encoding="utf-8") == text
        print(f"{out_path}: {'up to date' if same else 'out of date (differs from what mic.py writes); run tools/catalogs/mic.py'}")
        return 0 if same else 1
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text, encoding="utf-8")
    items = catalog["items"]
    print(f"wrote {out_path}: {len(items)} controls, {sum(len(i.get('evaluation', [])) for i in items)} evaluation items")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
