#!/usr/bin/env python3
"""Generate catalogs/meti-iss-standard-3.toml from the seed meti-iss-standard-v3.txt
(情報セキュリティサービス基準 第3版, 経済産業省, 令和5年3月30日).

The seed is a PDF-to-markdown extraction. Its heading levels are inconsistent (`##`, `####`
or none for the same kind of heading), so the structure is read from the document's own
numbering, not from the markdown:

    N <service>サービスに係る審査基準          one per service type (1–5)
    (1) 技術要件 / (2) 品質管理要件            the two requirement classes
    ア/イ/ウ <heading>                         one catalog item each
    body lines, (ア)(イ)…, a b c …, ・ …      the item's requirement text, in printed order

Run:  python3 tools/catalogs/meti_iss.py [--check]   (from the repository root)

It reads catalogs/sources/meti-iss-standard-v3.txt
(TENKEN_SEEDS=/other/folder overrides the folder) and writes catalogs/meti-iss-standard-3.toml;
`--check` writes nothing and exits 1 when the committed file differs.
"""

from __future__ import annotations

import re
import sys

from small_toml import check_mode, fail, seed_path, write_catalog

SEED = "meti-iss-standard-v3.txt"

# Service number in 第2章 → (scope value, expected printed service name, English name).
SERVICES = {
    "1": ("audit", "情報セキュリティ監査サービス", "Information security audit"),
    "2": ("vulnerability", "脆弱性診断サービス", "Vulnerability assessment"),
    "3": ("forensics", "デジタルフォレンジックサービス", "Digital forensics"),
    "4": ("monitoring", "セキュリティ監視・運用サービス", "Security monitoring and operation"),
    "5": ("device", "機器検証サービス", "Device verification"),
}
# Definition number in 第1章 2 定義 for each service type (the scope option help).
DEFINITION_NO = {"audit": "2", "vulnerability": "3", "forensics": "4", "monitoring": "5", "device": "6"}
CLASSES = {"1": "技術要件", "2": "品質管理要件"}
ITEM_LETTERS = "アイウエオ"

# Line-wrap artefacts of the extraction: a sentence broken across two lines (with a blank line
# between). (end of the first line, start of the next); each must be found exactly once.
WRAP_JOINS = [
    ("次に掲げる品質管理要件に該", "当するものであること。"),
    ("次のいずれかの要件を満たす者を技術責任者として業務に従事", "させているとともに、"),
]

RE_SERVICE = re.compile(r"^(\d) (.+)に係る審査基準$")
RE_CLASS = re.compile(r"^[(（]([12])[)）]\s*(技術要件|品質管理要件)$")
RE_ITEM = re.compile(r"^([アイウエオ]) (\S[^。]*)$")
RE_DEFINITION = re.compile(r"^[(（](\d)[)）]\s*(.+)$")


def clean(line: str) -> str:
    """Remove markdown and tags: headings `#`, bold `**`, `<b>`, list markers `- `."""
    s = line.strip()
    s = re.sub(r"</?b>", "", s)
    s = s.replace("**", "")
    s = re.sub(r"^#+\s*", "", s)
    s = re.sub(r"^-\s+", "", s)
    return s.strip()


def join_wraps(lines: list[str]) -> list[str]:
    """Join the known sentence breaks (WRAP_JOINS); blank lines are dropped."""
    out: list[str] = []
    used = [0] * len(WRAP_JOINS)
    for line in (l for l in lines if l):
        for i, (end, start) in enumerate(WRAP_JOINS):
            if out and out[-1].endswith(end) and line.startswith(start):
                out[-1] += line
                used[i] += 1
                break
        else:
            out.append(line)
    for (end, start), n in zip(WRAP_JOINS, used):
        if n != 1:
            raise SystemExit(f"{SEED}: line-wrap join '{end}|{start}' applied {n} times, expected once")
    return out


def split_chapters(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(front matter, 第1章, 第2章) of the cleaned lines; the table of contents is dropped."""
    body = [l for l in lines if "....." not in l]  # TOC lines carry dot leaders and page numbers
    try:
        c1 = body.index("第1章 総則")
        c2 = body.index("第2章 情報セキュリティサービスの基準に関する事項")
    except ValueError as e:
        raise SystemExit(f"{SEED}: chapter heading not found: {e}")
    return body[:c1], body[c1 + 1 : c2], body[c2 + 1 :]


def parse_front(front: list[str]) -> None:
    expected = ["情報セキュリティサービス基準", "第3版", "経済産業省", "令和5年3月30日", "目次"]
    if front != expected:
        raise SystemExit(f"{SEED}: unexpected title page {front}")


def parse_chapter1(lines: list[str]) -> tuple[list[dict], dict[str, str]]:
    """Guidance for 目的 and 定義, and the definition text of each numbered term."""
    try:
        i_purpose = lines.index("1 目的")
        i_def = lines.index("2 定義")
    except ValueError as e:
        raise SystemExit(f"{SEED}: 第1章 heading not found: {e}")
    purpose = lines[i_purpose + 1 : i_def]
    definitions = lines[i_def + 1 :]
    terms: dict[str, list[str]] = {}
    current = None
    for line in definitions:
        m = RE_DEFINITION.match(line)
        if m:
            current = m.group(1)
            terms[current] = []
            continue
        if current is not None:
            terms[current].append(line)
    guidance = [
        {"title": "第1章 総則 1 目的", "text": "\n".join(purpose)},
        {"title": "第1章 総則 2 定義", "text": "\n".join(definitions)},
    ]
    return guidance, {k: "\n".join(v) for k, v in terms.items()}


def parse_chapter2(lines: list[str]):
    groups: list[dict] = []
    items: list[dict] = []
    leads: dict[str, list[str]] = {}
    service = cls = None
    item = None
    letters_seen = ""
    for line in lines:
        if m := RE_SERVICE.match(line):
            num, name = m.groups()
            if num not in SERVICES or SERVICES[num][1] != name:
                raise SystemExit(f"{SEED}: unexpected service heading '{line}'")
            service, cls, item = SERVICES[num][0], None, None
            groups.append({"id": service, "name": f"{name}に係る審査基準"})
            leads[service] = [f"{num} {name}に係る審査基準"]
            continue
        if service is None:
            raise SystemExit(f"{SEED}: text before the first service heading: '{line}'")
        if m := RE_CLASS.match(line):
            cls, item, letters_seen = m.group(1), None, ""
            if CLASSES[cls] != m.group(2):
                raise SystemExit(f"{SEED}: class ({cls}) is '{m.group(2)}'")
            groups.append({"id": f"{service}.{cls}", "name": m.group(2), "parent": service})
            leads[service].append(line)
            continue
        if cls is None:
            raise SystemExit(f"{SEED}: text before a requirement class in {service}: '{line}'")
        if m := RE_ITEM.match(line):
            letter, title = m.groups()
            expected = ITEM_LETTERS[len(letters_seen)]
            if letter != expected:
                raise SystemExit(f"{SEED}: {service} ({cls}) item '{letter}' where '{expected}' was expected")
            letters_seen += letter
            item = {
                "id": f"{service}.{cls}.{letter}",
                "group": f"{service}.{cls}",
                "class": CLASSES[cls],
                "title": title,
                "requirement": [],
                "applicability": [{"when": {"service_type": service}, "need": "mandatory"}],
            }
            items.append(item)
            continue
        if item is None:
            leads[service].append(line)  # the class's lead sentence
        else:
            item["requirement"].append(line)
    for it in items:
        if not it["requirement"]:
            raise SystemExit(f"{SEED}: item {it['id']} has no text")
        it["requirement"] = "\n".join(it["requirement"])
    guidance = [{"title": v[0], "text": "\n".join(v[1:])} for v in leads.values()]
    return groups, items, guidance


NOTES = [
    "出典の抽出テキストの Markdown 記法 (見出しの #、太字の **)、<b> タグ、箇条書きの記号「- 」(入れ子の字下げを含む) を除いた。Markdown headings, bold markers, <b> tags and list markers '- ' (with their indentation) were removed.",
    "目次 (点線リーダーとページ番号) と表紙の行は除き、表紙の題名・版・発行者・日付 (令和5年3月30日 = 2023-03-30) はメタデータとした。The table of contents and the title page lines are not text of the catalog; the title page gives the metadata.",
    "改行による文の分断を 2 か所つないだ: 2 (2) 柱書き「…品質管理要件に該／当するものであること。」、4 (1) ア「…業務に従事／させているとともに、…」。Two sentences broken by the extraction were joined (2 (2) lead sentence; 4 (1) ア).",
    "抽出テキストの見出しレベル (#, ##, ###, なし) は同種の見出しでも不揃いのため、構造は文書自身の番号 (N …サービスに係る審査基準 / (1) 技術要件・(2) 品質管理要件 / ア・イ・ウ) で読み取った。Heading levels in the extraction are inconsistent; the structure follows the document's own numbering.",
    "項目は各サービスの (1) 技術要件・(2) 品質管理要件 の下の ア・イ・ウ ごとに 1 つとし、id は「サービス種別.要件番号.カナ」(例: audit.1.ア = 1 情報セキュリティ監査サービス (1) 技術要件 ア)。その下の (ア)(イ)…、a b c …、「・」の細目、「なお、…」の段落は、原文の順に 1 行ずつ要求事項の本文に含めた。One item per ア/イ/ウ of each class; ids are service.class.letter; sub-items ((ア), a, ・) and the なお paragraph stay in the requirement text, one per line, in printed order.",
    "各 (1)(2) の柱書き (「…サービスを提供しようとする者は、次に掲げる…要件に該当するものであること。」) はサービス種別ごとのガイダンスに収めた。The lead sentence of each class is kept in the per-service guidance.",
    "基準は各要件を満たすことを求めており、任意・推奨とされた要件はないため、すべての項目を当該サービス種別で必須 (mandatory) とした。The standard requires every requirement; none is marked optional, so each item is mandatory for its service type.",
    "第1章 総則 の 目的 と 定義 はカタログのガイダンスとし、各サービスの定義 ((2)〜(6)) はサービス種別の選択肢の説明にも用いた。The 目的 and 定義 of chapter 1 are catalog guidance; each service's definition is also the help of its scope option.",
    "原文の表記の揺れはそのまま残した: 「例示1-1」と「例示 1－4」(空白・全角ダッシュ)、半角と全角の括弧、「品質の維持・向上のため」と「品質維持・向上のため」、5 (1) イ (イ) の「サービス使用の明示」(見出しは「サービス仕様の明示」)、5 (2) イ の「・ 」の後の空白、3 (2) ウ (ア) の「当該案件に従事した者又は(1)アの要件を満たす者」。Printed variants are kept as they are (spacing and dash forms in 例示 numbers, half/full-width parentheses, 品質(の)維持, 'サービス使用の明示' in 5 (1) イ (イ) while the heading reads サービス仕様の明示, the space after ・ in 5 (2) イ).",
]


def build() -> dict:
    raw = seed_path(SEED).read_text(encoding="utf-8").split("\n")
    lines = join_wraps([clean(l) for l in raw])
    front, ch1, ch2 = split_chapters(lines)
    parse_front(front)
    ch1_guidance, terms = parse_chapter1(ch1)
    groups, items, ch2_guidance = parse_chapter2(ch2)
    options = []
    for num, (value, name, en) in SERVICES.items():
        help_text = terms.get(DEFINITION_NO[value])
        if not help_text:
            raise SystemExit(f"{SEED}: definition ({DEFINITION_NO[value]}) of {name} not found")
        options.append({"value": value, "name": {"ja": name, "en": en}, "help": help_text})
    return {
        "id": "meti-iss-standard-3",
        "version": "3",
        "publisher": "経済産業省",
        "draft": False,
        "notes": NOTES,
        "title": {"ja": "情報セキュリティサービス基準 第3版", "en": "Information Security Service Standard, 3rd edition"},
        "source": {"title": "情報セキュリティサービス基準", "version": "第3版", "date": "2023-03-30", "file": SEED},
        "field_labels": {"title": "要件"},
        "scoring": {"rule": "mandatory_gate"},
        "guidance": ch1_guidance + ch2_guidance,
        "scope": [
            {
                "key": "service_type",
                "name": {"ja": "サービス種別", "en": "Service type"},
                "kind": "multi",
                "help": "評価するサービス種別 (1 つ以上)。One or more service types to assess.",
                "options": options,
            }
        ],
        "groups": groups,
        "items": items,
    }


HEADER = """Built-in catalog: 情報セキュリティサービス基準 第3版 (経済産業省, 2023-03-30).
GENERATED by tools/catalogs/meti_iss.py from catalogs/sources/meti-iss-standard-v3.txt.
Do not edit by hand: change the generator and run it again (see catalogs/README.md)."""


def main() -> None:
    check = check_mode(sys.argv[1:], "meti_iss.py")
    catalog = build()
    out = write_catalog(catalog, "meti-iss-standard-3.toml", HEADER, check)
    print(f"{out}: {'up to date, ' if check else ''}{len(catalog['items'])} items, {len(catalog['groups'])} groups")


if __name__ == "__main__":
    main()
