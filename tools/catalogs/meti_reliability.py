#!/usr/bin/env python3
"""Generate catalogs/meti-cs-reliability-2025-draft.toml from the seed
meti-cs-service-reliability-2025-10.txt (サイバーセキュリティ・サービス事業者の信頼性強化に向けた
検討について, 経済産業省 商務情報政策局, 2025年10月), a discussion paper of a study group.

The paper's 審査項目 (案) are the catalog's items (names only: the paper gives no further text
for them); its other slides (論点①, the current service types, the new scheme, the data/risk
table per service type, 論点② and the schedule) are catalog guidance, so nothing is lost.

Run:  python3 tools/catalogs/meti_reliability.py [--check]   (from the repository root)

It reads catalogs/sources/meti-cs-service-reliability-2025-10.txt
(TENKEN_SEEDS=/other/folder overrides the folder) and writes catalogs/meti-cs-reliability-2025-draft.toml;
`--check` writes nothing and exits 1 when the committed file differs.
"""

from __future__ import annotations

import re
import sys

from small_toml import check_mode, seed_path, write_catalog

SEED = "meti-cs-service-reliability-2025-10.txt"

TITLE_PRINTED = "サイバーセキュリティ・サービス事業者の 信頼性強化に向けた検討について"
TITLE = TITLE_PRINTED.replace("の 信頼性", "の信頼性")  # a line break of the title slide
TABLE_HEADING = "(参考) 対象サービスで取り扱うデータ・リスク"
ITEMS_HEADING = "項目 (案)"

# Slide headings, in order, that open a guidance block (or the items / the table).
HEADINGS = [
    "(論点①) 検討会の議論の範囲について",
    "現行制度のサイバーセキュリティ・サービスの種類",
    "<新制度（イメージ）>",
    TABLE_HEADING,
    "(論点②) 審査項目の方向性について (案)",
    ITEMS_HEADING,
    "今後の予定",
]
PAGE_FURNITURE = {"公表版"}
# A table cell of the schedule slide broken over two lines: (end of first line, next line).
WRAP_JOINS = [("制度の限界について、", "本制度の活用方法の例示")]
# The item whose subject 論点① explains (AI tools are part of ツール), and that sentence.
TOOL_ITEM = "使用ツール"
TOOL_SENTENCE = "本検討会においてAIツールについても、上記の「ツール」の一部として取り扱うこととする。"


def clean(line: str) -> str:
    """Strip list markers (`- `, ` - `) and surrounding white space."""
    return re.sub(r"^\s*-\s+", "", line).strip()


def clean_cell(cell: str) -> str:
    """Remove the HTML list tags of a table cell; where a tag separated two texts, a line break."""
    parts = [p.strip() for p in re.split(r"<ul[^>]*>|</ul>", cell)]
    return "\n".join(p for p in parts if p)


def sections(lines: list[str]) -> dict[str, list[str]]:
    """The raw lines under each heading of HEADINGS (headings must appear in that order)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.strip() in HEADINGS:
            current = line.strip()
            if list(out) != HEADINGS[: HEADINGS.index(current)]:
                raise SystemExit(f"{SEED}: heading '{current}' out of order")
            out[current] = []
        elif current is not None:
            out[current].append(line)
    if list(out) != HEADINGS:
        raise SystemExit(f"{SEED}: missing headings {[h for h in HEADINGS if h not in out]}")
    return out


def text_lines(raw: list[str]) -> list[str]:
    """Cleaned non-empty lines, page furniture dropped, known wraps joined."""
    out: list[str] = []
    for line in (clean(l) for l in raw):
        if not line or line in PAGE_FURNITURE:
            continue
        if out and any(out[-1].endswith(a) and line == b for a, b in WRAP_JOINS):
            out[-1] += line
            continue
        out.append(line)
    return out


def risk_table(raw: list[str]) -> list[list[str]]:
    rows = [l.split("\t") for l in raw if l.strip()]
    if rows[0] != ["サービス分野", "取り扱うデータ", "想定リスク"]:
        raise SystemExit(f"{SEED}: unexpected risk table header {rows[0]}")
    for r in rows:
        if len(r) != 3:
            raise SystemExit(f"{SEED}: risk table row with {len(r)} cells: {r}")
    return [[clean_cell(c) for c in r] for r in rows]


NOTES = [
    "本カタログは経済産業省の検討会の討議資料 (2025年10月) に基づく案 (draft) であり、確定した基準ではない。審査項目は今後の検討で加除される可能性がある (資料中の「今後の予定」参照)。This catalog is based on a discussion paper of a METI study group (2025-10): a draft, not an adopted standard; its review items may change.",
    "審査項目は資料の「(論点②) 審査項目の方向性について (案)」の「項目 (案)」に列挙された 6 項目を、記載順に id 1〜6 として収めた。資料は項目名のみを示し説明文を付していないため、要求事項は項目名そのものである。The six items listed under 項目 (案) are the catalog items, ids 1–6 in printed order; the paper gives names only, so each requirement is the item name as printed.",
    "項目 5「使用ツール」には、資料の (論点①) のうち AI ツールを「ツール」の一部として取り扱うとする一文を、関連する記載 (criteria) として原文のまま付した。Item 5 (使用ツール) carries, as related text, the 論点① sentence saying AI tools are treated as part of ツール.",
    "各審査項目は新制度の審査項目 (案) として一律に必須 (mandatory) とした。資料はサービス種別による区別をしていないため、スコープ (選択項目) は設けていない。Every review item is mandatory; the paper does not vary them by service type, so the catalog has no scope dimension.",
    "「(参考) 対象サービスで取り扱うデータ・リスク」の表をガイダンスの表とした。セル内の HTML タグ (<ul style=\"list-style-type: none\">) を除き、タグが区切っていた箇所は改行とした。(2) の 2 行目 (ペネトレーションテスト) は原文どおりサービス分野の欄が空欄で、上の行の続きである。The data/risk table is guidance; HTML <ul> tags in cells were removed (a line break where a tag separated text); the second row of (2) has an empty first cell as printed, continuing the row above.",
    "資料の他の記載 (論点①、現行制度のサービスの種類、新制度 (イメージ)、論点② の前文、今後の予定) はガイダンスとした。箇条書きの記号「- 」とスライドの「公表版」表示を除いた。図 (新制度のイメージ) は抽出テキストにある文言のみである。The other slides are guidance; list markers '- ' and the slide mark 公表版 were removed; the scheme figure holds only the text the extraction kept.",
    "題名の「事業者の 信頼性強化」の空白 (表紙の改行) と、今後の予定の「制度の限界について、／本制度の活用方法の例示」の改行 (表のセル内の改行) をつないだ。The title's line break after 事業者の and a cell line break in the schedule were joined.",
    "版は資料の日付 (2025年10月) とした。発行者は表紙の「経済産業省 商務情報政策局」。The version is the paper's date (2025-10); the publisher is as on the title slide.",
]


def build() -> dict:
    lines = seed_path(SEED).read_text(encoding="utf-8").split("\n")
    head = [l.strip() for l in lines[: lines.index("(論点①) 検討会の議論の範囲について")] if l.strip()]
    if head != [TITLE_PRINTED, "2025年10月", "経済産業省", "商務情報政策局"]:
        raise SystemExit(f"{SEED}: unexpected title slide {head}")
    sec = sections(lines)
    names = text_lines(sec[ITEMS_HEADING])
    if len(names) != 6:
        raise SystemExit(f"{SEED}: expected 6 review items, found {names}")
    issue1 = text_lines(sec[HEADINGS[0]])
    if TOOL_SENTENCE not in issue1:
        raise SystemExit(f"{SEED}: the AI tool sentence of 論点① is missing")
    items = []
    for i, name in enumerate(names, start=1):
        item = {"id": str(i), "group": "review", "requirement": name, "need": "mandatory"}
        if name == TOOL_ITEM:
            item["criteria"] = TOOL_SENTENCE
        items.append(item)
    if not any("criteria" in it for it in items):
        raise SystemExit(f"{SEED}: item {TOOL_ITEM} not found")
    guidance = [
        {"title": h, "text": "\n".join(text_lines(sec[h]))}
        for h in HEADINGS[:3]
    ]
    guidance.append({"title": TABLE_HEADING, "table": risk_table(sec[TABLE_HEADING])})
    guidance.append({"title": HEADINGS[4], "text": "\n".join(text_lines(sec[HEADINGS[4]]))})
    guidance.append({"title": HEADINGS[6], "text": "\n".join(text_lines(sec[HEADINGS[6]]))})
    return {
        "id": "meti-cs-reliability-2025-draft",
        "version": "2025-10",
        "publisher": "経済産業省 商務情報政策局",
        "draft": True,
        "notes": NOTES,
        "title": {
            "ja": TITLE,
            "en": "Strengthening the reliability of cybersecurity service providers (discussion draft, review items)",
        },
        "source": {"title": TITLE, "version": "2025年10月 討議資料", "date": "2025-10", "file": SEED},
        "field_labels": {"requirement": "審査項目 (案)", "criteria": "関連する記載 (論点①)"},
        "scoring": {"rule": "mandatory_gate"},
        "guidance": guidance,
        "groups": [{"id": "review", "name": HEADINGS[4]}],
        "items": items,
    }


HEADER = """Built-in catalog: サイバーセキュリティ・サービス事業者の信頼性強化 審査項目 (案) (経済産業省, 2025-10, DRAFT).
GENERATED by tools/catalogs/meti_reliability.py from catalogs/sources/meti-cs-service-reliability-2025-10.txt.
Do not edit by hand: change the generator and run it again (see catalogs/README.md)."""


def main() -> None:
    check = check_mode(sys.argv[1:], "meti_reliability.py")
    catalog = build()
    out = write_catalog(catalog, "meti-cs-reliability-2025-draft.toml", HEADER, check)
    print(f"{out}: {'up to date, ' if check else ''}{len(catalog['items'])} items")


if __name__ == "__main__":
    main()
