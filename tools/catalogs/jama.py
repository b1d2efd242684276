#!/usr/bin/env python3
"""Generate catalogs/jama-japia-2.2.toml from the JAMA/JAPIA commentary seed.

How to run (Python 3.11+, standard library only), from the repository root:

    python3 tools/catalogs/jama.py                 # reads catalogs/sources/, writes catalogs/
    python3 tools/catalogs/jama.py --seed FILE --out FILE
    python3 tools/catalogs/jama.py --check         # exit 1 if the committed file is stale
    python3 tools/catalogs/jama.py --report        # also print every whitespace join/removal

The output is deterministic: the same seed always gives byte-identical TOML.

Source: 自工会/部工会・サイバーセキュリティガイドライン V2.2 解説書 (第2.2版, 2024-08-01), a text
extraction of the PDF (`jama-japia-guideline-v2.2-commentary.txt`). Chapter "4. 解説書" holds one
table row per guideline item (ラベル, 目的, 要求事項, No., レベル, 達成条件, 達成基準), each followed by
its 【解説】 questions (①, ②, …) and answers. The generator

* takes every item table of chapter 4 (the ①..⑭ sample table of chapter 3 is skipped) and
  checks the set of Nos against the 解説対象 table of chapter 2 (it fails loudly if they differ);
* detects questions by their circled-number marker (the next expected number followed by a
  space), whatever heading level the extraction gave them, and sections (達成条件/達成基準) by
  their `・`/`■` headings;
* normalises the text as listed in NORMALISATION_NOTES below (tags, markdown, bullets, line-wrap
  spaces, page-break splits, label typos) and nothing else; every normalisation and every
  conflict found in the source is written to the catalog's `notes`.

It fails loudly (exit status 1 with a message) on anything it does not understand: an unknown
HTML tag, a table row without 7 cells, a level it cannot read, text before the first question,
an expected conflict that is no longer in the seed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from small_toml import escape

SEED_NAME = "jama-japia-guideline-v2.2-commentary.txt"
REPO = Path(__file__).resolve().parents[2]


def default_seed() -> Path:
    """The source text in `catalogs/sources/` of this repository (or in $TENKEN_SEEDS)."""
    return Path(os.environ.get("TENKEN_SEEDS") or REPO / "catalogs" / "sources") / SEED_NAME


DEFAULT_OUT = REPO / "catalogs" / "jama-japia-2.2.toml"

HEADER_PREFIX = "ラベル\t目的\t要求事項\tNo.\tレベル\t達成条件\t達成基準"
CHAPTER2 = "## 2. 解説対象"
CHAPTER3 = "### 3. 解説書の見方"
CHAPTER4 = "## 4. 解説書"
FOOTER = "連絡先:"
CIRCLED = [chr(c) for c in range(0x2460, 0x2474)]  # ①..⑳
SECTIONS = ("目的", "要求事項", "達成条件", "達成基準")

# Characters between which a space is a PDF line-wrap (or tag-adjacency) artefact in a table cell:
# kana, kanji, CJK and full-width punctuation (incl. ・ and the circled numbers).
CJK = "\u2460-\u24ff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d"
CJK_SPACE = re.compile(f"(?<=[{CJK}])[ \t]+(?=[{CJK}])")
SPACE_BEFORE_PAREN = re.compile(f"(?<=[{CJK}])[ \t]+(?=\\()")

NORMALISATION_NOTES = [
    "Text extracted from the PDF commentary (解説書 第2.2版); tags (<b>, <p>, <ul>, <li>, <sup>), "
    "markdown markup (heading #, list '- ', **bold**, <url> and [url](url) link syntax, \\_ escapes) "
    "and HTML entities (&lt; &gt;) are removed or decoded; wording is otherwise as printed.",
    "No '削除：' lines, page numbers or running headers occur in chapter 4 of this seed; the "
    "'次頁へ続く' lines of the chapter 2 table and the closing contact block (連絡先/TEL/FAX) are "
    "page furniture and are dropped.",
    "Table cells (目的, 要求事項, 達成条件, 達成基準, ラベル): a space between two Japanese characters "
    "(kana, kanji, full-width punctuation) or between a Japanese character and '(' is a PDF line-wrap "
    "or tag-adjacency artefact and is removed (e.g. '個人情報保護 法' -> '個人情報保護法', "
    "'周知している (個人所有機器' -> '周知している(個人所有機器'); spaces next to Latin letters or "
    "digits are kept as printed ('1 回以上/年', 'PC ログオン').",
    "達成基準 cells are stored with a line break before each 【…】 heading, each [...] sub-heading, "
    "each '○' heading, each parenthesised sub-heading followed by bullets ('(教育)', '(周知)'), each "
    "bullet ('・', '•', '-') and each '※' note, and after each 【…】/[...] heading, as in the official "
    "checksheet cell; the extraction had flattened these breaks to spaces.",
    "HTML lists in table cells (<li>) become one line per item starting with '・' (the bullet the "
    "list stands for); an item whose text already starts with a bullet mark ('・', '•', '-', '※') "
    "keeps that mark instead.",
    "A space directly after a leading bullet mark ('・', '•', '-') is removed, in cells and in "
    "commentary answers (the extraction printed both '・ text' and '・text').",
    "Commentary answers: paragraphs are joined with a blank line (\\n\\n); list items and markdown "
    "hard line breaks stay separate lines (\\n); sub-headings such as '< 社外要員に対する守秘義務の例 >', "
    "'＜必要な連絡先の網羅＞' and '【取得対象、取得頻度の例】' are kept as lines; list items split "
    "over a page break are joined into one list; a sentence split over a page break "
    "(paragraph ending mid-sentence) is joined without inserting or dropping characters.",
    "Commentary questions are detected by their circled number (①, ②, …) whatever heading level "
    "the extraction gave them (e.g. '## ②' for No. 4 and No. 79, plain '①' for No. 7); the marker "
    "and heading hashes are removed from the question text. Section headings (達成条件/達成基準) "
    "printed as '・ 達成条件', '■ 達成条件', '・ **達成基準**' or at any heading level are read as the "
    "section name.",
    "Reference links stay in the answer text as plain URLs (link markup removed) and are also "
    "listed in `references`: label = the '参考…' text printed before the URL (on the same line, "
    "without the trailing colon, or the preceding '参考…' line), none when the URL follows other text.",
    "The general commentary before the first item table ('・ 共通事項', question ① グループ企業の場合…) "
    "is the catalog-level guidance '共通事項'; its text keeps the marker ① because No. 1 ② refers to "
    "'共通事項の解説①'.",
    "Groups are the labels (ラベル) that occur in the commentary; labels with no commented item "
    "(e.g. 10, 20) are absent because the seed does not print their names.",
    "The sample table of chapter 3 (解説書の見方, markers ①..⑭) is a how-to-read illustration of "
    "No. 1 and is not used; the item No. 1 comes from chapter 4 (the sample's wording differs "
    "slightly, e.g. condition '(A) 自社の…').",
]

# Spaces that stand for a line break inside a cell (not a wrap artefact): replaced by a newline.
# (No., field, printed text, stored text, note)
CELL_FIXUPS = [
    (
        "42",
        "criteria",
        "子会社、取引先など 例：",
        "子会社、取引先など\n例：",
        "No. 42 達成基準: the space before '例：“極秘”の機密情報を共有する会社' is a line break in the "
        "cell and is stored as one (not removed as a wrap artefact).",
    ),
    (
        "101",
        "condition",
        "サーバーの不要な機能を無効化している デフォルトユーザ ID の利用の停止をしている デフォルトパスワードの変更をしている",
        "サーバーの不要な機能を無効化している\nデフォルトユーザ ID の利用の停止をしている\nデフォルトパスワードの変更をしている",
        "No. 101 達成条件 holds three conditions printed in one cell separated by spaces; they are "
        "stored one per line.",
    ),
]

# Conflicts and doubtful text found by reading the seed: (check, note). Each check asserts the
# conflict is still in the seed, so a regenerated catalog never carries a stale note.
def _conflicts(items: dict[str, "Item"], raw_text: str) -> list[str]:
    notes = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            fail(f"expected source conflict no longer present: {what}")

    r49, r50 = items["49"].requirement, items["50"].requirement
    need(r49 == "アクセス権入室権限やシステムのアクセス権を適切に管理していること", "No. 49 要求事項")
    need(r50 == "アクセス権(入室権限やシステムのアクセス権)を適切に管理していること", "No. 50 要求事項")
    notes.append(
        "Conflict: No. 49 要求事項 is printed 'アクセス権入室権限やシステムのアクセス権を適切に管理していること' "
        "while Nos. 50 and 51 (same label and requirement) print 'アクセス権(入室権限やシステムのアクセス権)を"
        "適切に管理していること'; kept as printed."
    )
    need(items["24"].requirement == items["21"].requirement != items["23"].requirement, "No. 24 要求事項")
    need(items["23"].requirement == items["26"].requirement, "Nos. 23/26 要求事項")
    notes.append(
        "Doubtful: No. 24 (対応手順) prints the 要求事項 of No. 21 ('自社の事業継続計画又は緊急時対応計画の中に"
        "情報セキュリティ事件・事故を位置づけること') while its neighbours Nos. 23 and 26 print '情報セキュリティ"
        "事件・事故発生後に早期に対処する手順が明確になっていること'; kept as printed."
    )
    a29 = items["29"].commentary[1].answer
    need(a29.startswith("No.28 と同様に、本項目ではそこまでの実施は求めている。"), "No. 29 ② answer")
    notes.append(
        "Doubtful: No. 29 ② answers 'No.28 と同様に、本項目ではそこまでの実施は求めている。' although No. 28 ② "
        "says the check of training effect is not required ('本項目では、そこまでの実施は求めていない。') and the "
        "next sentence agrees with No. 28; kept as printed."
    )
    need("自工会/部工会・サイバーセキュリティガイドライン V2.1 における" in raw_text, "V2.1 in chapter 2")
    notes.append(
        "Conflict: chapters 1 and 2 of the commentary still refer to 'ガイドライン V2.1' although the "
        "document is the commentary for V2.2 (第2.2版, 2024-08-01); the catalog is V2.2."
    )
    need("https://www.jpccert.or.jp/csirt_material/" in raw_text, "jpccert URL")
    notes.append(
        "Doubtful: the No. 24 reference URL is printed with host 'www.jpccert.or.jp' (JPCERT/CC's host "
        "is www.jpcert.or.jp) and the No. 16 URL as 'https://www.jpCERT.or.jp/…'; URLs are kept as printed."
    )
    need("参考：労働者派遣基本契約書の雛形 (厚生労働省)" in items["6"].commentary[0].answer, "No. 6 reference")
    notes.append(
        "No. 6 ① prints '参考：労働者派遣基本契約書の雛形 (厚生労働省)' without any URL; the line stays in the "
        "answer and no reference entry is made."
    )
    need("SIEM(System Information and Event Management)" in raw_text, "SIEM expansion")
    notes.append(
        "Doubtful: Nos. 17 and 145 expand SIEM as 'System Information and Event Management' (usually "
        "Security Information and Event Management); kept as printed."
    )
    odd_quotes = []
    for it in items.values():
        for k, c in enumerate(it.commentary):
            if re.search(r"”[^“”\n]+”", c.question + "\n" + c.answer):
                odd_quotes.append(f"{it.no} {CIRCLED[k]}")
    need(bool(odd_quotes), "”…” quotations")
    notes.append(
        "Some commentary opens a quotation with '”' (U+201D) instead of '“' (No. "
        + ", ".join(odd_quotes)
        + "); kept as printed."
    )
    return notes


# Notes shown beside an item (its `notes`), each quoting the source. Like the conflicts above,
# each is checked against the seed first, so a note can never outlive the text it is about.
SERVER_PURPOSE = "サーバー等の重要機器への不正操作による情報漏洩、改ざん、システム停止を防ぐ"
SERVER_PURPOSE_NOS = ["87", "88", "89", "90", "100", "101", "103", "104", "105", "106", "108", "109", "110", "111", "112"]
# Items printed under label 16 物理セキュリティ whose requirement is not about physical security.
NOT_PHYSICAL = {
    "100": "脆弱性が発見された際の対策対象の把握や外部記憶媒体を用いた情報漏えい等を抑制する対策がおこなえていること",
    "101": "重要情報を格納・利用するシステムにおいて、人為的設定ミスによる被害を最小化する対策を実施していること",
}


def _ranges(nos: list[str]) -> str:
    """'87, 88, 89, 90, 100' -> 'Nos. 87–90, 100' (consecutive Nos as a range)."""
    runs: list[list[int]] = []
    for n in sorted(int(x) for x in nos):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    return ("No. " if len(nos) == 1 else "Nos. ") + ", ".join(parts)


def _item_notes(items: list["Item"]) -> None:
    """Attach the notes shown beside items, after checking the seed still prints what they say."""
    by_no = {it.no: it for it in items}
    for no, requirement in NOT_PHYSICAL.items():
        it = by_no[no]
        if (it.label_no, it.group, it.requirement) != ("16", "16", requirement):
            fail(f"No. {no}: expected under label 16 with 要求事項 {requirement!r}")
        it.notes.append(
            f"Label: the source prints No. {no} under label '{it.label_raw}', but its 要求事項 "
            f"'{requirement}' is not about physical security; it is kept in label 16 as printed."
        )
    with_purpose = [it.no for it in items if it.purpose == SERVER_PURPOSE]
    if with_purpose != SERVER_PURPOSE_NOS:
        fail(f"目的 {SERVER_PURPOSE!r} is printed for Nos. {with_purpose}, expected {SERVER_PURPOSE_NOS}")
    label16 = [n for n in with_purpose if by_no[n].group == "16"]
    label17 = [n for n in with_purpose if by_no[n].group == "17"]
    if sorted(label16 + label17, key=int) != with_purpose:
        fail("the server 目的 is printed outside labels 16 and 17")
    others = [it.no for it in items if it.group in ("16", "17") and it.purpose != SERVER_PURPOSE]
    if others:
        fail(f"label 16/17 items with another 目的: {others}")
    note = (
        f"目的: the source prints the same 目的, '{SERVER_PURPOSE}' (about servers and other important "
        f"equipment), for every item of labels 16 物理セキュリティ ({_ranges(label16)}) and 17 通信制御 "
        f"({_ranges(label17)}) in the commentary, also where the 要求事項 is not about servers (e.g. "
        "entry to the premises, communications control); kept as printed."
    )
    for n in with_purpose:
        by_no[n].notes.append(note)


class GenError(Exception):
    """A problem in the seed the generator does not know how to handle."""


def fail(msg: str) -> None:
    raise GenError(msg)


@dataclass
class Commentary:
    section: str
    question: str
    answer: str = ""
    references: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass
class Item:
    no: str
    label_no: str
    label_name: str
    label_raw: str  # the ラベル cell as printed, for the notes
    level: int
    purpose: str
    requirement: str
    condition: str
    criteria: str
    line: int
    commentary: list[Commentary] = field(default_factory=list)
    group: str = ""
    notes: list[str] = field(default_factory=list)  # the item's own notes (ITEM_NOTES)


REPORT: list[str] = []


# ---------------------------------------------------------------------------------------------
# Table cells


TAG = re.compile(r"<[^>]*>")
KNOWN_TAGS = re.compile(r'^</?(b|p|li|sup|ul( style="list-style-type: none")?)>$')
LI = "\x01"  # placeholder for an <li> bullet slot


def cell_tags_to_lines(cell: str, where: str) -> str:
    """Turn the HTML structure of a cell into line breaks and bullet slots; drop inline tags."""
    for t in TAG.findall(cell):
        if not KNOWN_TAGS.match(t):
            fail(f"{where}: unknown tag {t!r} in table cell")
    cell = re.sub(r"<sup>.*?</sup>", "", cell)
    cell = cell.replace("<li>", "\n" + LI)
    cell = re.sub(r"</li>|</?p>|<ul[^>]*>|</ul>", "\n", cell)
    cell = cell.replace("<b>", "").replace("</b>", "")
    return cell.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def break_markers(line: str) -> str:
    """Put the cell's flattened line breaks back: before headings, bullets and notes."""
    line = re.sub(r"\s*(【[^】]*】)\s*", r"\n\1\n", line)
    line = re.sub(r"\s*(\[[^\]]*\])\s*", r"\n\1\n", line)
    line = re.sub(r"\s+(\([^)\s]*\))\s*(?=[・•])", r"\n\1\n", line)
    line = re.sub(r"(?:^|\s+)(?=[・•○※])", "\n", line)
    line = re.sub(r"\s+(?=-)", "\n", line)
    line = re.sub(r"\s+(?=①)", "\n", line)
    return line


def tidy_line(line: str, where: str) -> str:
    line = line.strip(" \t")
    if line.startswith(LI):
        body = line[len(LI):].lstrip(" \t")
        line = body if body[:1] in ("・", "•", "-", "※") else "・" + body
    line = re.sub(r"^([・•\-])[ \t]+", r"\1", line)
    before = line
    line = CJK_SPACE.sub("", line)
    line = SPACE_BEFORE_PAREN.sub("", line)
    if line != before:
        REPORT.append(f"{where}: {before!r} -> {line!r}")
    return line


def norm_cell(cell: str, where: str, structured: bool) -> str:
    """Normalise one table cell; `structured` cells (達成基準) get their line breaks back."""
    text = cell_tags_to_lines(cell, where)
    lines = []
    for raw in text.split("\n"):
        parts = break_markers(raw).split("\n") if structured else [raw]
        for part in parts:
            t = tidy_line(part, where)
            if t and t != LI:
                lines.append(t)
    return "\n".join(lines)


def apply_fixups(no: str, fld: str, cell: str) -> str:
    for fno, ffield, old, new, _ in CELL_FIXUPS:
        if fno == no and ffield == fld:
            if cell.count(old) != 1:
                fail(f"No. {no} {fld}: fixup text {old!r} not found exactly once")
            cell = cell.replace(old, new.replace("\n", "\x02"))
    return cell


def restore_fixup_breaks(text: str) -> str:
    return text.replace("\x02", "\n")


LEVEL_NOTES: list[str] = []


def parse_level(cell: str, where: str) -> int:
    m = re.fullmatch(r"Lvl?\s*([123])", cell.strip())
    if not m:
        fail(f"{where}: cannot read level {cell!r}")
    if cell.strip() != f"Lv{m.group(1)}":
        LEVEL_NOTES.append(f"{where.split(' (')[0]}: level printed '{cell.strip()}' is read as Lv{m.group(1)}.")
    return int(m.group(1))


def parse_row(row: str, line_no: int) -> Item:
    cells = row.split("\t")
    where = f"line {line_no}"
    if len(cells) != 7:
        fail(f"{where}: item table row has {len(cells)} cells, expected 7")
    label, purpose, requirement, no, level, condition, criteria = cells
    no = no.strip()
    if not no.isdigit():
        fail(f"{where}: No. {no!r} is not a number")
    where = f"No. {no} (line {line_no})"
    m = re.match(r"^\s*(\d+)\s*(.+?)\s*$", label)
    if not m:
        fail(f"{where}: cannot read label {label!r}")
    cells_out = {}
    for fld, cell, structured in (
        ("purpose", purpose, False),
        ("requirement", requirement, False),
        ("condition", condition, False),
        ("criteria", criteria, True),
    ):
        cell = apply_fixups(no, fld, cell)
        cells_out[fld] = restore_fixup_breaks(norm_cell(cell, f"{where} {fld}", structured))
        if not cells_out[fld]:
            fail(f"{where}: empty {fld}")
    return Item(
        no=no,
        label_no=m.group(1),
        label_name=norm_cell(m.group(2), f"{where} label", False),
        label_raw=label.strip(),
        level=parse_level(level, where),
        line=line_no,
        **cells_out,
    )


# ---------------------------------------------------------------------------------------------
# Commentary (markdown-ish text between item tables)


@dataclass
class Line:
    text: str  # markup removed
    is_list: bool  # a list item (markdown '- ' or a leading bullet mark)
    hard_break: bool  # ended with a markdown hard break (two spaces)
    dash_only: bool = False  # a markdown '- ' item with no bullet glyph of its own


def clean_md(raw: str) -> Line:
    """Remove markdown/HTML markup from one text line (not a table row)."""
    hard = raw.endswith("  ")
    s = raw.strip()
    s = re.sub(r"<sup>.*?</sup>", "", s)
    s = s.replace("<b>", "").replace("</b>", "").replace("**", "")
    is_list = False
    while True:
        m = re.match(r"^(#+\s+|-\s+)", s)
        if not m:
            break
        is_list = is_list or m.group(1).startswith("-")
        s = s[m.end():]
    s = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", lambda m: link_target(m), s)
    s = re.sub(r"<(https?://[^>\s]+)>", r"\1", s)
    dash_only = is_list and s[:1] not in ("・", "•")
    if s[:1] in ("・", "•"):
        is_list = True
    s = re.sub(r"^([・•])[ \t]+", r"\1", s)
    return Line(s.strip(), is_list, hard, dash_only)


def link_target(m: re.Match) -> str:
    text, url = m.group(1).replace("\\", ""), m.group(2)
    if text != url:
        fail(f"markdown link text {text!r} differs from its target {url!r}")
    return url


def section_of(line: Line) -> str | None:
    m = re.fullmatch(r"[・■]\s*(\S+)", line.text)
    if m and m.group(1) in SECTIONS:
        return m.group(1)
    return None


TERMINAL = tuple("。．.？?！!」』）)】>＞:：") + ("pdf", "html", "/")


def is_prose(block: list[Line]) -> bool:
    first = block[0].text
    return (
        not block[0].is_list
        and not block[-1].is_list
        and not re.match(r"^(参考|※|<|＜|【|https?://|\d+\.)", first)
    )


JOIN_NOTES: list[str] = []
DASH_ONLY: list[str] = []


def merge_blocks(blocks: list[list[Line]], where: str) -> list[list[Line]]:
    """Join lists split by page breaks, and sentences split by page breaks."""
    out: list[list[Line]] = []
    for b in blocks:
        if out:
            prev = out[-1]
            if prev[-1].is_list and b[0].is_list:
                REPORT.append(f"{where}: list joined across break before {b[0].text[:30]!r}")
                prev.extend(b)
                continue
            last = prev[-1].text
            if is_prose(prev) and is_prose(b) and not last.endswith(TERMINAL):
                REPORT.append(f"{where}: sentence joined across break: …{last[-15:]!r} + {b[0].text[:15]!r}…")
                JOIN_NOTES.append(
                    f"{where}: a sentence split by a page break is joined "
                    f"('…{last[-8:]}' + '{b[0].text[:8]}…')."
                )
                prev[-1] = Line(last + b[0].text, False, b[0].hard_break)
                prev.extend(b[1:])
                continue
        out.append(list(b))
    return out


def block_text(blocks: list[list[Line]]) -> str:
    return "\n\n".join("\n".join(l.text for l in b) for b in blocks)


URL = re.compile(r"https?://[^\s<>（）]+")


def references(blocks: list[list[Line]]) -> list[tuple[str | None, str]]:
    """Every URL of an answer, with the '参考…' label printed before it."""
    refs = []
    flat = [l.text for b in blocks for l in b]
    for i, text in enumerate(flat):
        for m in URL.finditer(text):
            before = text[: m.start()].strip()
            if before:
                label = re.sub(r"\s*[:：]\s*$", "", before)
                if not label.startswith("参考"):
                    fail(f"URL {m.group()} printed after unexpected text {before!r}")
            elif i > 0 and flat[i - 1].startswith("参考") and not URL.search(flat[i - 1]):
                label = flat[i - 1]
            else:
                label = None
            refs.append((label, m.group()))
    return refs


def check_block(block: list[tuple[int, Line]], where: str) -> None:
    """A paragraph's later lines must be list items, numbered items or after a hard break."""
    for (_, prev), (n, line) in zip(block, block[1:]):
        if re.match(f"^[{''.join(CIRCLED)}]\\s", line.text):
            fail(f"{where} line {n}: question marker inside a paragraph: {line.text[:30]!r}")
        if not (prev.hard_break or line.is_list or prev.is_list or re.match(r"^\d+\. ", line.text)):
            fail(f"{where} line {n}: soft-wrapped line (unknown line-join rule): {line.text[:30]!r}")


def parse_commentary(lines: list[tuple[int, str]], where: str) -> list[Commentary]:
    """Parse the text after one item table into its questions and answers."""
    blocks: list[list[tuple[int, Line]]] = []
    cur: list[tuple[int, Line]] = []
    for n, raw in lines:
        if not raw.strip():
            if cur:
                blocks.append(cur)
                cur = []
            continue
        cur.append((n, clean_md(raw)))
    if cur:
        blocks.append(cur)

    entries: list[Commentary] = []
    answer_blocks: list[list[list[Line]]] = []
    section: str | None = None
    expected = 0
    for block in blocks:
        check_block(block, where)
        n, first = block[0]
        if first.text == "【解説】":
            if len(block) > 1 or entries:
                fail(f"{where} line {n}: unexpected 【解説】 heading")
            continue
        sec = section_of(first)
        if sec:
            if len(block) > 1:
                fail(f"{where} line {n}: text after section heading in the same paragraph")
            section = sec
            continue
        marker = CIRCLED[expected] if expected < len(CIRCLED) else None
        if marker and re.match(f"^{marker}\\s", first.text):
            if section is None:
                fail(f"{where} line {n}: question before any section heading")
            entries.append(Commentary(section, first.text[1:].strip()))
            answer_blocks.append([])
            expected += 1
            rest = [l for _, l in block[1:]]
            if rest:
                answer_blocks[-1].append([Line(l.text, l.is_list, l.hard_break) for l in rest])
            continue
        if not entries:
            fail(f"{where} line {n}: text before the first question: {first.text[:40]!r}")
        if re.match(f"^[{''.join(CIRCLED)}]\\s", first.text):
            fail(f"{where} line {n}: circled number out of sequence (expected {marker}): {first.text[:30]!r}")
        answer_blocks[-1].append([l for _, l in block])
    for k, (e, ab) in enumerate(zip(entries, answer_blocks)):
        if any(l.dash_only for b in ab for l in b):
            DASH_ONLY.append(f"{where} {CIRCLED[k]}")
        merged = merge_blocks(ab, f"{where} {CIRCLED[k]}")
        e.answer = block_text(merged)
        e.references = references(merged)
        if not e.answer:
            fail(f"{where}: question {e.question[:30]!r} has no answer")
    return entries


# ---------------------------------------------------------------------------------------------
# Document structure


def chapter2_nos(lines: list[str]) -> set[str]:
    """The item Nos listed in the 解説対象 table of chapter 2 (the independent cross-check)."""
    try:
        start = lines.index(CHAPTER2)
        end = lines.index(CHAPTER3)
    except ValueError:
        fail("chapter 2 (解説対象) or chapter 3 heading not found")
    nos = set()
    for l in lines[start:end]:
        cells = l.split("\t")
        if len(cells) == 3 and cells[0].strip().isdigit():
            nos.add(cells[0].strip())
    return nos


def split_document(lines: list[str]):
    """Return (common-section lines, [(row line number, row, body lines)])."""
    try:
        start = lines.index(CHAPTER4)
    except ValueError:
        fail(f"heading {CHAPTER4!r} not found")
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].startswith(FOOTER):
            end = i
            break
    headers = [i for i in range(start, end) if lines[i].startswith(HEADER_PREFIX)]
    if not headers:
        fail("no item tables in chapter 4")
    common = [(i + 1, lines[i]) for i in range(start + 1, headers[0])]
    tables = []
    for k, h in enumerate(headers):
        stop = headers[k + 1] if k + 1 < len(headers) else end
        body = [(i + 1, lines[i]) for i in range(h + 2, stop)]
        tables.append((h + 2, lines[h + 1], body))
    return common, tables


def parse_common(common: list[tuple[int, str]]) -> tuple[str, str]:
    """The 共通事項 guidance: (title, text) — the question with its marker, then the answer."""
    blocks: list[list[str]] = [[]]
    for _, raw in common:
        if raw.strip():
            blocks[-1].append(clean_md(raw).text)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if not blocks or blocks[0] != ["・共通事項"]:
        fail("chapter 4 does not start with '・ 共通事項'")
    body = blocks[1:]
    if not body or not body[0][0].startswith("① ") or len(body[0]) < 2 and len(body) < 2:
        fail("共通事項 has no question ① with an answer")
    return "共通事項", "\n\n".join("\n".join(b) for b in body)


def assign_groups(items: list[Item]) -> tuple[list[tuple[str, str]], list[str]]:
    """Unify label names, place an out-of-place label by its table position; return groups+notes."""
    notes = []
    for i, it in enumerate(items):
        it.group = it.label_no
        if 0 < i < len(items) - 1:
            before, after = items[i - 1].label_no, items[i + 1].label_no
            if before == after != it.label_no:
                it.group = before
                notes.append(
                    f"Conflict: No. {it.no} is printed with label '{it.label_no} {it.label_name}' between "
                    f"Nos. {items[i - 1].no} and {items[i + 1].no} of label '{before}'; its text is kept and "
                    f"it is placed in label {before} by its table position."
                )
    order = [int(it.group) for it in items]
    if order != sorted(order):
        fail(f"label numbers are not in ascending order: {order}")

    variants: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        if it.group == it.label_no:
            variants[it.group][it.label_name] += 1
    groups = []
    for gid in sorted(variants, key=int):
        canon_of = {v: canonical_label(v) for v in variants[gid]}
        forms = Counter()
        for v, c in variants[gid].items():
            forms[canon_of[v]] += c
        ranked = forms.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            fail(f"label {gid}: cannot choose between {ranked}")
        name = ranked[0][0]
        groups.append((gid, name))
        raw_forms = sorted({it.label_raw for it in items if it.label_no == gid})
        if len(raw_forms) > 1 or raw_forms[0] != f"{gid} {name}":
            shown = ", ".join(f"'{r}'" for r in raw_forms)
            notes.append(f"Label {gid} is printed as {shown}; unified to '{name}'.")
    return groups, notes


def canonical_label(name: str) -> str:
    """Label typo unification: full-width parentheses as ASCII, a bare qualifier in parentheses."""
    name = name.replace("（", "(").replace("）", ")")
    return {"体制平時": "体制(平時)", "情報資産の管理機器": "情報資産の管理(機器)"}.get(name, name)


# ---------------------------------------------------------------------------------------------
# TOML output


def toml_str(s: str) -> str:
    """A TOML string: multi-line literal when it has line breaks and can be one, else basic."""
    if "\n" in s and "'''" not in s and not s.endswith("'") and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", s):
        return "'''\n" + s + "'''"
    return '"' + escape(s) + '"'


def render(items: list[Item], groups, guidance, notes: list[str]) -> str:
    o = []
    w = o.append
    w("# Generated by tools/catalogs/jama.py from catalogs/sources/" + SEED_NAME + ". Do not edit by hand.")
    w('id = "jama-japia-2.2"')
    w('version = "2.2"')
    w(f"publisher = {toml_str('一般社団法人 日本自動車工業会 / 一般社団法人 日本自動車部品工業会')}")
    w("notes = [")
    for n in notes:
        w(f"    {toml_str(n)},")
    w("]")
    w("")
    w("[title]")
    w(f"ja = {toml_str('自工会/部工会・サイバーセキュリティガイドライン V2.2')}")
    w(f"en = {toml_str('JAMA/JAPIA Cybersecurity Guidelines V2.2')}")
    w("")
    w("[source]")
    w(f"title = {toml_str('自工会/部工会・サイバーセキュリティガイドライン V2.2 解説書')}")
    w(f"version = {toml_str('第2.2版')}")
    w('date = "2024-08-01"')
    w(f"file = {toml_str(SEED_NAME)}")
    w("")
    w("[scoring]")
    w('rule = "level_achievement"')
    w("")
    title, text = guidance
    w("[[guidance]]")
    w(f"title = {toml_str(title)}")
    w(f"text = {toml_str(text)}")
    w("")
    w("[[scope]]")
    w('key = "target_level"')
    w(f"name = {{ ja = {toml_str('対象レベル')}, en = {toml_str('Target level')} }}")
    w('kind = "max_level"')
    w(f"help = {toml_str('自社が目指すレベルを選ぶ。そのレベル以下の項目が点検対象になる (Lv2 = Lv1 と Lv2 の項目)。 / Choose the level to achieve; items of that level and below are in scope.')}")
    for lv in (1, 2, 3):
        below = "Lv1" if lv == 1 else f"Lv1–Lv{lv}"
        w("")
        w("[[scope.options]]")
        w(f'value = "{lv}"')
        w(f'name = {{ ja = "Lv{lv}", en = "Lv{lv}" }}')
        w(f"help = {toml_str(f'{below} の項目が対象 / Items of {below} are in scope.')}")
    for gid, name in groups:
        w("")
        w("[[groups]]")
        w(f"id = {toml_str(gid)}")
        w(f"name = {toml_str(name)}")
    for it in items:
        w("")
        w("[[items]]")
        w(f"id = {toml_str(it.no)}")
        w(f"group = {toml_str(it.group)}")
        w(f"level = {it.level}")
        w(f"purpose = {toml_str(it.purpose)}")
        w(f"requirement = {toml_str(it.requirement)}")
        w(f"condition = {toml_str(it.condition)}")
        w(f"criteria = {toml_str(it.criteria)}")
        if it.notes:
            w("notes = [")
            for n in it.notes:
                w(f"    {toml_str(n)},")
            w("]")
        for c in it.commentary:
            w("")
            w("[[items.commentary]]")
            w(f"section = {toml_str(c.section)}")
            w(f"question = {toml_str(c.question)}")
            w(f"answer = {toml_str(c.answer)}")
            if c.references:
                w("references = [")
                for label, url in c.references:
                    if label is None:
                        w(f"    {{ url = {toml_str(url)} }},")
                    else:
                        w(f"    {{ label = {toml_str(label)}, url = {toml_str(url)} }},")
                w("]")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------------------------


def build(seed: Path) -> str:
    raw_text = seed.read_text(encoding="utf-8")
    lines = raw_text.split("\n")
    listed = chapter2_nos(lines)
    common, tables = split_document(lines)
    guidance = parse_common(common)
    items = []
    for row_line, row, body in tables:
        it = parse_row(row, row_line)
        it.commentary = parse_commentary(body, f"No. {it.no}")
        if not it.commentary:
            fail(f"No. {it.no}: no commentary questions")
        items.append(it)
    nos = [it.no for it in items]
    if len(set(nos)) != len(nos):
        fail(f"duplicated Nos: {[n for n, c in Counter(nos).items() if c > 1]}")
    if set(nos) != listed:
        fail(
            "item tables and the 解説対象 table of chapter 2 disagree: "
            f"only in tables {sorted(set(nos) - listed, key=int)}, only in chapter 2 {sorted(listed - set(nos), key=int)}"
        )
    if len(items) != 90:
        fail(f"expected the 90 commented items, found {len(items)}")
    groups, label_notes = assign_groups(items)
    by_no = {it.no: it for it in items}
    notes = list(NORMALISATION_NOTES)
    notes += [f[4] for f in CELL_FIXUPS]
    notes += LEVEL_NOTES
    notes += JOIN_NOTES
    if DASH_ONLY:
        notes.append(
            "List items printed only with a markdown '- ' and no bullet glyph of their own ("
            + ", ".join(DASH_ONLY)
            + ") are kept as separate lines without a bullet mark (the extraction lost the glyph; none is invented)."
        )
    notes += label_notes
    notes += _conflicts(by_no, raw_text)
    _item_notes(items)
    return render(items, groups, guidance, notes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="fail if --out differs from the generated text")
    ap.add_argument("--report", action="store_true", help="print every whitespace normalisation")
    args = ap.parse_args()
    try:
        text = build(args.seed or default_seed())
    except (GenError, OSError) as e:
        print(f"jama.py: {e}", file=sys.stderr)
        return 1
    if args.report:
        print("\n".join(REPORT))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"jama.py: {args.out} is out of date; run tools/catalogs/jama.py", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
