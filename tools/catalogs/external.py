#!/usr/bin/env python3
"""Generate catalogs/external-service-selection.toml from the seed
external-service-selection-criteria.txt (外部サービス選定基準).

The seed is a spreadsheet exported as tab-separated rows:

    No | 項目 | 要求事項 | 実施基準・実施例 | 必須/推奨 ×4 | チェック ×2

Category rows carry their name in the first column and nothing else; criterion rows have an
empty No, the 項目 only on the first row of a run (carried down), and 必須 / 推奨 / - in the four
columns (ISMAP-registered × {導入事業者, 外部サービス提供者}, not registered × the same).

Run:  python3 tools/catalogs/external.py [--check]   (from the repository root)

It reads catalogs/sources/external-service-selection-criteria.txt
(TENKEN_SEEDS=/other/folder overrides the folder) and writes catalogs/external-service-selection.toml;
`--check` writes nothing and exits 1 when the committed file differs.
"""

from __future__ import annotations

import re
import sys

from small_toml import check_mode, fail, seed_path, write_catalog

SEED = "external-service-selection-criteria.txt"

# Category rows, by name → (group id, parent id). The sheet puts phases and categories in the
# same column; which is which follows the document's layout (the phase rows "…時の要件" and
# "選定基準 (…)" open a part, the others are categories inside the current part). The category
# セキュリティ要件 appears in two parts, so group ids are paths.
PHASES = {
    "選定基準 (一般的な情報セキュリティ要件)": "selection",
    "導入・構築時の要件": "build",
    "更改・廃棄時の要件": "renewal",
}
CATEGORIES = {
    "認証要件": "certification",
    "事業者要件": "operator",
    "セキュリティ要件": "security",
    "データ要件": "data",
    "データセンター要件": "datacenter",
    "その他要件": "other",
}

# The four 必須/推奨 columns (0-based column index) and the scope choice each stands for.
COLUMNS = [
    (4, "registered", "integrator"),
    (5, "registered", "provider"),
    (6, "not_registered", "integrator"),
    (7, "not_registered", "provider"),
]
NEED = {"必須": "mandatory", "推奨": "recommended"}

# Sub-headings inside a 実施基準・実施例 cell that name the role the following bullets are for.
ROLE_HEADINGS = ("(導入事業者)", "(外部サービス提供者)")


def split_bullets(cell: str) -> str:
    """Put each `・` bullet and each role sub-heading of a criteria cell on its own line.

    The export joined the cell's lines with single spaces; a space followed by `・` or by a role
    heading is such a join. Other spaces (e.g. `設置 (24時間…)`) are kept as printed.
    """
    text = re.sub(r" (?=・)", "\n", cell)
    for heading in ROLE_HEADINGS:
        text = text.replace(" " + heading, "\n" + heading)
    return text


def parse(lines: list[str]):
    groups: list[dict] = []
    items: list[dict] = []
    part = None
    title = None
    header_seen = False
    for no, raw in enumerate(lines, start=1):
        cells = raw.split("\t")
        if not header_seen:
            if cells[0] == "No":
                header_seen = True
                expect = ["No", "項目", "要求事項", "実施基準・実施例", "必須/推奨"]
                if cells[:5] != expect:
                    fail(SEED, no, f"unexpected header {cells[:5]}")
            continue
        if len(cells) != 10:
            if raw.strip():
                fail(SEED, no, f"expected 10 tab-separated cells, got {len(cells)}")
            continue
        if not groups and not cells[0]:
            # The two sub-header rows of the 必須/推奨 columns, before the first category row.
            if cells[1] or cells[2]:
                fail(SEED, no, "expected a column sub-header row before the first category")
            continue
        if cells[0]:
            if any(c for c in cells[1:]):
                fail(SEED, no, "a category row has text in other columns")
            name = cells[0]
            if name in PHASES:
                part = PHASES[name]
                groups.append({"id": part, "name": name})
            elif name in CATEGORIES:
                if part is None:
                    fail(SEED, no, f"category {name} before any part")
                groups.append({"id": f"{part}.{CATEGORIES[name]}", "name": name, "parent": part})
            else:
                fail(SEED, no, f"unknown category row '{name}'")
            title = None
            continue
        if cells[8] or cells[9]:
            fail(SEED, no, "the チェック columns are expected to be empty")
        if cells[1]:
            title = cells[1]
        if title is None:
            fail(SEED, no, "a criterion row without 項目 and none above it")
        requirement = cells[2]
        if not requirement:
            fail(SEED, no, "empty 要求事項")
        rules = []
        for col, ismap, role in COLUMNS:
            mark = cells[col]
            if mark == "-":
                continue
            if mark not in NEED:
                fail(SEED, no, f"column {col + 1}: '{mark}' is not 必須, 推奨 or -")
            rules.append({"when": {"ismap": ismap, "role": role}, "need": NEED[mark]})
        item = {
            "id": str(len(items) + 1),
            "group": groups[-1]["id"],
            "title": title,
            "requirement": requirement,
            "criteria": split_bullets(cells[3]) if cells[3] else None,
            "applicability": rules,
        }
        if not rules:
            # Out of scope under every choice: still an item of the document (none today).
            item.pop("applicability")
        items.append(item)
    return groups, items


# Notes shown beside an item (its `notes`), each quoting the source: (項目, 要求事項, text the
# 実施基準・実施例 must contain, note). Each must match exactly one criterion, so a note can never
# outlive the text it is about.
ITEM_NOTES = [
    (
        "事業者環境",
        "その他設備が整っていること",
        "・友連れ防止扉",
        "実施基準・実施例の「友連れ防止扉」は原文のまま。「共連れ」(認証した人に続いて別の人が入室すること) の誤記と思われる。'友連れ防止扉' is kept as printed; it is presumably a typo for 共連れ防止扉 (an anti-tailgating door).",
    ),
    (
        "暗号化",
        "取り扱い情報が暗号化して保存されること",
        "SSLによる通信経路の暗号化",
        "要求事項は「取り扱い情報が暗号化して保存されること」(保存するデータの暗号化) だが、実施基準・実施例は「SSLによる通信経路の暗号化」(通信経路の暗号化) を挙げており、両者は一致しない。原文のまま。The requirement asks for stored data to be encrypted, while the example names SSL encryption of the connection; both are kept as printed.",
    ),
]


def add_item_notes(items: list[dict]) -> None:
    """Attach ITEM_NOTES to their criteria, failing when a note's text is no longer in the seed."""
    for title, requirement, criteria_text, note in ITEM_NOTES:
        hits = [
            it for it in items
            if it["title"] == title and it["requirement"] == requirement and criteria_text in (it["criteria"] or "")
        ]
        if len(hits) != 1:
            fail(SEED, 0, f"item note for {title} '{requirement}' matches {len(hits)} criteria, expected 1")
        hits[0]["notes"] = [note]


NOTES = [
    "出典: 外部サービス選定基準。原文には発行者・発行日・版の記載がないため、publisher と source の版・日付は「記載なし」とした (Tenken の版番号 1 は Tenken 独自のもの)。The source names no publisher, date or version; they are recorded as 記載なし, and catalog version 1 is Tenken's own.",
    "No 列は原文では空欄のため、項目 id は文書の行順に 1, 2, 3, … と Tenken が付番した。The No column is empty in the sheet: item ids 1, 2, 3 … are assigned in document order.",
    "項目 (title) が空欄の行は、直前の行の項目を引き継いだ (セルの結合の展開)。A blank 項目 cell takes the 項目 of the row above (merged cells unfolded).",
    "区分行は原文では同じ列に並ぶが、「選定基準 (一般的な情報セキュリティ要件)」「導入・構築時の要件」「更改・廃棄時の要件」を上位区分、その他 (認証要件、事業者要件、セキュリティ要件 など) を直前の上位区分の下位区分とした。「更改・廃棄時の要件」には下位区分がない。Category rows share one column; the three phase rows are top-level groups and the other categories are nested in the phase above them.",
    "実施基準・実施例: 表計算のセル内改行が空白に置き換わっていたため、「・」で始まる箇条と「(導入事業者)」「(外部サービス提供者)」の小見出しを改行で区切った。その他の空白は原文のまま。In 実施基準・実施例, each ・ bullet and each role sub-heading starts a new line (the export had joined the cell's lines with spaces); other spaces are kept.",
    "必須/推奨 の 4 列 (ISMAP 登録済み/未登録 × 導入事業者/外部サービス提供者) は適用規則 (applicability) とした: 必須 = mandatory、推奨 = recommended、「-」= 対象外 (規則なし)。The four 必須/推奨 columns become applicability rules; '-' means the row is out of scope for that column.",
    "ISMAP 登録済みサービス × 外部サービス提供者 の列はすべて「-」のため、この組み合わせでは対象項目がない。The registered × provider column is '-' on every row: that scope has no items.",
    "原文の「チェック」列 (導入事業者/外部サービス提供者) は空欄の記入欄のため取り込んでいない。The empty チェック columns (answer boxes) are not carried.",
    "原文の表記は変更していない (例: 「エスケーショナルルート」「該国」「無瞬電無停電」「友連れ防止扉」は原文のまま。項目ごとの注記は各項目の notes)。Wording is kept as printed, including エスケーショナルルート, 該国, 無瞬電無停電 and 友連れ防止扉 (see the notes of items 15 and 24).",
]


def build() -> dict:
    path = seed_path(SEED)
    lines = path.read_text(encoding="utf-8").split("\n")
    title_line = next((l.strip() for l in lines if l.strip()), "")
    if title_line != "外部サービス選定基準":
        fail(SEED, 1, f"unexpected title '{title_line}'")
    groups, items = parse(lines)
    add_item_notes(items)
    return {
        "id": "external-service-selection",
        "version": "1",
        "publisher": "記載なし (not stated in the source)",
        "draft": False,
        "notes": NOTES,
        "title": {"ja": "外部サービス選定基準", "en": "External service selection criteria"},
        "source": {"title": "外部サービス選定基準", "version": "記載なし", "date": "記載なし", "file": SEED},
        "field_labels": {"title": "項目", "criteria": "実施基準・実施例"},
        "scoring": {"rule": "mandatory_gate"},
        "scope": [
            {
                "key": "ismap",
                "name": {"ja": "ISMAP 登録状況", "en": "ISMAP registration"},
                "kind": "choice",
                "help": "外部サービスが ISMAP に登録されているか。Whether the external service is ISMAP-registered.",
                "options": [
                    {
                        "value": "registered",
                        "name": {
                            "ja": "ISMAPに登録されているサービス (ガバメントクラウド、LGWAN-ASPを含む)",
                            "en": "ISMAP-registered service (incl. Government Cloud, LGWAN-ASP)",
                        },
                    },
                    {
                        "value": "not_registered",
                        "name": {"ja": "ISMAPに登録されていない外部サービス", "en": "External service not registered in ISMAP"},
                    },
                ],
            },
            {
                "key": "role",
                "name": {"ja": "評価対象の立場", "en": "Role assessed"},
                "kind": "choice",
                "help": "評価する事業者の立場。The role of the firm being assessed.",
                "options": [
                    {"value": "integrator", "name": {"ja": "導入事業者", "en": "Integrator"}},
                    {"value": "provider", "name": {"ja": "外部サービス提供者", "en": "External service provider"}},
                ],
            },
        ],
        "groups": groups,
        "items": items,
    }


HEADER = """Built-in catalog: 外部サービス選定基準 (external service selection criteria).
GENERATED by tools/catalogs/external.py from catalogs/sources/external-service-selection-criteria.txt.
Do not edit by hand: change the generator and run it again (see catalogs/README.md)."""


def main() -> None:
    check = check_mode(sys.argv[1:], "external.py")
    catalog = build()
    out = write_catalog(catalog, "external-service-selection.toml", HEADER, check)
    print(f"{out}: {'up to date, ' if check else ''}{len(catalog['items'])} items, {len(catalog['groups'])} groups")


if __name__ == "__main__":
    main()
