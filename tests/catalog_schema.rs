//! Every built-in catalog against the schema (catalogs/README.md), and the scopes of the
//! external-criteria, METI ISS and METI 2025 draft catalogs against counts taken by hand
//! from the seed documents.

use std::collections::HashSet;

use tenken::catalog::{builtin, builtin_catalogs, in_scope, parse, validate_scope, Catalog, Need, ScopeKind};
use tenken::model::Scope;

fn all() -> Vec<Catalog> {
    builtin_catalogs().unwrap_or_else(|e| panic!("a built-in catalog does not load: {e}"))
}

fn get(id: &str) -> Catalog {
    all().into_iter().find(|c| c.id == id).unwrap_or_else(|| panic!("built-in catalog {id} missing"))
}

fn scope(pairs: &[&str]) -> Scope {
    Scope::parse_pairs(pairs).expect("scope pairs")
}

/// (item id, need) of the in-scope items.
fn scoped(c: &Catalog, pairs: &[&str]) -> Vec<(String, Option<Need>)> {
    in_scope(c, &scope(pairs))
        .unwrap_or_else(|e| panic!("{} scope {pairs:?}: {e}", c.id))
        .into_iter()
        .map(|s| (s.item.id.clone(), s.need))
        .collect()
}

fn ids(v: &[(String, Option<Need>)]) -> Vec<&str> {
    v.iter().map(|(id, _)| id.as_str()).collect()
}

fn count_need(v: &[(String, Option<Need>)], need: Need) -> usize {
    v.iter().filter(|(_, n)| *n == Some(need)).count()
}

// ---------------------------------------------------------------- every built-in catalog

#[test]
fn every_builtin_catalog_parses_validates_and_is_named_by_its_id() {
    assert!(!builtin().is_empty(), "no built-in catalogs compiled in");
    for (file, text) in builtin() {
        let c = parse(file, text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(*file, format!("{}.toml", c.id), "file name must be <id>.toml");
    }
    let cats = all();
    let keys: HashSet<(&str, &str)> = cats.iter().map(|c| (c.id.as_str(), c.version.as_str())).collect();
    assert_eq!(keys.len(), cats.len(), "two built-in catalogs share an id and version");
}

#[test]
fn every_builtin_catalog_has_metadata_and_notes() {
    for c in all() {
        let at = &c.id;
        for (field, value) in [
            ("version", &c.version),
            ("publisher", &c.publisher),
            ("title.ja", &c.title.ja),
            ("title.en", &c.title.en),
            ("source.title", &c.source.title),
            ("source.version", &c.source.version),
            ("source.date", &c.source.date),
        ] {
            assert!(!value.trim().is_empty(), "{at}: {field} is empty");
        }
        assert!(!c.notes.is_empty(), "{at}: notes must record the normalisations");
        assert!(c.notes.iter().all(|n| !n.trim().is_empty()), "{at}: an empty note");
        for g in &c.guidance {
            assert!(!g.title.trim().is_empty(), "{at}: guidance without a title");
            assert!(!g.text.trim().is_empty() || !g.table.is_empty(), "{at}: guidance '{}' is empty", g.title);
            if let Some(width) = g.table.first().map(Vec::len) {
                assert!(g.table.iter().all(|r| r.len() == width), "{at}: guidance table '{}' is ragged", g.title);
            }
        }
    }
}

#[test]
fn every_builtin_catalog_has_unique_ids_resolving_groups_and_requirements() {
    for c in all() {
        let at = &c.id;
        let mut item_ids = HashSet::new();
        for i in &c.items {
            assert!(item_ids.insert(i.id.as_str()), "{at}: item id {} is duplicated", i.id);
            assert!(!i.id.trim().is_empty(), "{at}: an item has an empty id");
            assert!(c.group(&i.group).is_some(), "{at}: item {} has unknown group {}", i.id, i.group);
            assert!(!i.requirement.trim().is_empty(), "{at}: item {} has an empty requirement", i.id);
        }
        let mut group_ids = HashSet::new();
        for g in &c.groups {
            assert!(group_ids.insert(g.id.as_str()), "{at}: group id {} is duplicated", g.id);
            assert!(!g.name.trim().is_empty(), "{at}: group {} has no name", g.id);
            if let Some(p) = &g.parent {
                assert!(c.group(p).is_some(), "{at}: group {} has unknown parent {p}", g.id);
            }
        }
        for d in &c.scope {
            let values: HashSet<&str> = d.options.iter().map(|o| o.value.as_str()).collect();
            assert_eq!(values.len(), d.options.len(), "{at}: scope {} has duplicate option values", d.key);
        }
    }
}

#[test]
fn every_builtin_catalog_scores_with_an_empty_scope() {
    for c in all() {
        let items = in_scope(&c, &Scope::default()).unwrap_or_else(|e| panic!("{}: {e}", c.id));
        assert!(!items.is_empty(), "{}: nothing in scope with no choices", c.id);
        tenken::scoring::score(&c, &Scope::default(), &[], 0).unwrap_or_else(|e| panic!("{}: {e}", c.id));
    }
}

// ---------------------------------------------------------------- 外部サービス選定基準

#[test]
fn external_criteria_has_every_row_of_the_sheet() {
    let c = get("external-service-selection");
    // Criterion rows of the seed (lines with text in 要求事項): 1 認証 + 14 事業者 + 2 セキュリティ
    // + 1 データ + 3 データセンター + 1 その他 + 8 導入・構築時 + 3 更改・廃棄時 = 33.
    assert_eq!(c.items.len(), 33);
    let expected: Vec<String> = (1..=33).map(|n| n.to_string()).collect();
    assert_eq!(c.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), expected);
    assert_eq!(c.scoring.rule, tenken::catalog::RuleKind::MandatoryGate);
    assert_eq!(c.field_label("title"), "項目");
    assert_eq!(c.field_label("criteria"), "実施基準・実施例");
    assert_eq!(
        c.scope.iter().map(|d| (d.key.as_str(), d.kind)).collect::<Vec<_>>(),
        [("ismap", ScopeKind::Choice), ("role", ScopeKind::Choice)]
    );

    let first = &c.items[0];
    assert_eq!(first.title.as_deref(), Some("公的認証資格"));
    assert_eq!(first.requirement, "当局が指定する公的認証資格を保有していること または同程度の水準のセキュリティ対策を実施していること");
    assert_eq!(
        first.criteria.as_deref(),
        Some("(導入事業者)\n・プライバシーマーク\n・ISMS/JIS Q 27001\n(外部サービス提供者)\n・ISMS/JIS Q 27017")
    );
    // 項目 carried down: the second 事業者体制 row has a blank 項目 cell in the sheet.
    assert_eq!(c.items[2].title.as_deref(), Some("事業者体制"));
    assert_eq!(c.items[2].requirement, "当局からの問い合わせを受け付ける窓口があること");
    // A row with an empty 実施基準・実施例.
    let sla = c.item("11").expect("item 11");
    assert_eq!(sla.requirement, "SLA保証が契約内容に含まれること");
    assert_eq!(sla.criteria, None);
    // Group paths: 導入・構築時の要件 › セキュリティ要件.
    let access = c.item("23").expect("item 23");
    assert_eq!(access.title.as_deref(), Some("アクセス制御"));
    let g = c.group(&access.group).expect("group");
    assert_eq!(g.name, "セキュリティ要件");
    assert_eq!(c.group(g.parent.as_deref().expect("parent")).map(|p| p.name.as_str()), Some("導入・構築時の要件"));
}

/// Two criteria whose printed text is doubtful carry a note beside them, quoting the sheet
/// (row 25: 「・有人監視 ・友連れ防止扉 …」; the 導入・構築時 暗号化 row: 「取り扱い情報が暗号化して
/// 保存されること」 with 「SSLによる通信経路の暗号化」); the text itself stays as printed.
#[test]
fn external_criteria_notes_on_doubtful_rows_keep_the_text_as_printed() {
    let c = get("external-service-selection");
    let facilities = c.item("15").expect("item 15");
    assert_eq!(facilities.requirement, "その他設備が整っていること");
    assert_eq!(
        facilities.criteria.as_deref(),
        Some("・有人監視\n・友連れ防止扉\n・フロア全体が網羅的に監視できるカメラの設置"),
        "the typo stays as printed"
    );
    assert_eq!(facilities.notes.len(), 1);
    assert!(facilities.notes[0].contains("「友連れ防止扉」は原文のまま"), "{:?}", facilities.notes);
    assert!(facilities.notes[0].contains("共連れ"), "{:?}", facilities.notes);

    let encryption = c.item("24").expect("item 24");
    assert_eq!(encryption.title.as_deref(), Some("暗号化"));
    assert_eq!(encryption.requirement, "取り扱い情報が暗号化して保存されること");
    assert_eq!(encryption.criteria.as_deref(), Some("SSLによる通信経路の暗号化"));
    assert_eq!(encryption.notes.len(), 1);
    for quoted in ["「取り扱い情報が暗号化して保存されること」", "「SSLによる通信経路の暗号化」", "stored data"]
    {
        assert!(encryption.notes[0].contains(quoted), "{quoted} not in {:?}", encryption.notes);
    }
    let with_notes: Vec<&str> = c.items.iter().filter(|i| !i.notes.is_empty()).map(|i| i.id.as_str()).collect();
    assert_eq!(with_notes, ["15", "24"]);
}

/// Frameworks other than ASP・SaaS keep their own words for the two needs: the external criteria
/// print 必須/推奨 in their columns, the METI catalogs name every requirement as required.
#[test]
fn other_frameworks_keep_mandatory_and_recommended() {
    for id in ["external-service-selection", "meti-iss-standard-3", "meti-cs-reliability-2025-draft", "jama-japia-2.2"] {
        let c = get(id);
        let words = &c.need_labels;
        assert_eq!((words.mandatory.ja.as_str(), words.recommended.ja.as_str()), ("必須", "推奨"), "{id}");
        assert!(words.legends().is_empty(), "{id} defines no need words of its own");
    }
    let c = get("external-service-selection");
    let score = tenken::scoring::score(&c, &scope(&["ismap=not_registered", "role=provider"]), &[], 0).expect("score");
    let needs: Vec<(&str, &str)> = score.auditor.needs.iter().map(|b| (b.key.as_str(), b.label.as_str())).collect();
    assert_eq!(needs, [("mandatory", "必須"), ("recommended", "推奨")]);
}

#[test]
fn external_not_registered_provider_is_the_rows_marked_there() {
    let c = get("external-service-selection");
    let v = scoped(&c, &["ismap=not_registered", "role=provider"]);
    // Counted in the seed's 8th column (ISMAP 未登録 × 外部サービス提供者): every criterion row is
    // 必須 or 推奨 except 「当局対策基準を遵守すること」(item 12) and 「調達するソフトウェアの
    // ライセンスが規定違反しないこと」(item 26), which are "-": 33 − 2 = 31, of which 推奨 are
    // the first four rows (公的認証資格 and the first three 事業者体制 rows).
    assert_eq!(v.len(), 31);
    assert!(!ids(&v).contains(&"12") && !ids(&v).contains(&"26"));
    assert_eq!(count_need(&v, Need::Recommended), 4);
    assert_eq!(count_need(&v, Need::Mandatory), 27);
    let recommended: Vec<&str> = v.iter().filter(|(_, n)| *n == Some(Need::Recommended)).map(|(id, _)| id.as_str()).collect();
    assert_eq!(recommended, ["1", "2", "3", "4"]);
}

#[test]
fn external_other_columns() {
    let c = get("external-service-selection");
    // ISMAP 登録済み × 外部サービス提供者: the column is "-" on every row.
    assert_eq!(scoped(&c, &["ismap=registered", "role=provider"]).len(), 0);
    // 導入事業者 (both ISMAP columns): all 必須 except the four データセンター/その他 rows
    // (建物, 非常用電源設備, 設置場所, 情報開示請求 = items 19–22): 33 − 4 = 29.
    for ismap in ["registered", "not_registered"] {
        let v = scoped(&c, &[&format!("ismap={ismap}"), "role=integrator"]);
        assert_eq!(v.len(), 29, "{ismap} × integrator");
        assert_eq!(count_need(&v, Need::Mandatory), 29);
        assert!(["19", "20", "21", "22"].iter().all(|id| !ids(&v).contains(id)));
    }
    // Only the ISMAP status chosen: a row is in scope when either role column marks it.
    assert_eq!(scoped(&c, &["ismap=registered"]).len(), 29);
    assert_eq!(scoped(&c, &["ismap=not_registered"]).len(), 33);
}

#[test]
fn scope_validation_rejects_unknown_keys_values_and_double_choices() {
    let c = get("external-service-selection");
    assert!(validate_scope(&c, &scope(&["ismap=registered", "role=provider"])).is_ok());
    for bad in [&["ismap=maybe"][..], &["colour=red"], &["role=integrator,provider"], &["pattern=1"]] {
        let err = validate_scope(&c, &scope(bad));
        assert!(err.is_err(), "{bad:?} accepted");
        assert!(in_scope(&c, &scope(bad)).is_err(), "{bad:?} accepted by in_scope");
    }
    let m = get("meti-iss-standard-3");
    assert!(validate_scope(&m, &scope(&["service_type=audit,forensics"])).is_ok());
    assert!(validate_scope(&m, &scope(&["service_type=pentest"])).is_err());
    assert!(validate_scope(&m, &scope(&["target_level=1"])).is_err());
    let d = get("meti-cs-reliability-2025-draft");
    assert!(validate_scope(&d, &scope(&["service_type=audit"])).is_err());
}

// ---------------------------------------------------------------- 情報セキュリティサービス基準 第3版

const SERVICES: [&str; 5] = ["audit", "vulnerability", "forensics", "monitoring", "device"];

#[test]
fn meti_iss_items_per_service_and_class() {
    let c = get("meti-iss-standard-3");
    assert_eq!((c.publisher.as_str(), c.source.date.as_str(), c.version.as_str()), ("経済産業省", "2023-03-30", "3"));
    let dim = c.dimension("service_type").expect("service_type");
    assert_eq!(dim.kind, ScopeKind::Multi);
    assert_eq!(dim.options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(), SERVICES);
    // Each service has (1) 技術要件 ア・イ and (2) 品質管理要件 ア・イ・ウ: 5 × 5 = 25.
    assert_eq!(c.items.len(), 25);
    for service in SERVICES {
        let mine: Vec<_> = c.items.iter().filter(|i| i.id.starts_with(&format!("{service}."))).collect();
        let classes: Vec<&str> = mine.iter().filter_map(|i| i.class.as_deref()).collect();
        assert_eq!(classes, ["技術要件", "技術要件", "品質管理要件", "品質管理要件", "品質管理要件"], "{service}");
        let ids: Vec<String> = mine.iter().map(|i| i.id.clone()).collect();
        let expected: Vec<String> = ["1.ア", "1.イ", "2.ア", "2.イ", "2.ウ"].iter().map(|s| format!("{service}.{s}")).collect();
        assert_eq!(ids, expected);
    }
}

#[test]
fn meti_iss_service_type_scope_selects_that_service_only() {
    let c = get("meti-iss-standard-3");
    let audit = scoped(&c, &["service_type=audit"]);
    assert_eq!(ids(&audit), ["audit.1.ア", "audit.1.イ", "audit.2.ア", "audit.2.イ", "audit.2.ウ"]);
    assert_eq!(count_need(&audit, Need::Mandatory), 5);
    let two = scoped(&c, &["service_type=audit,device"]);
    assert_eq!(two.len(), 10);
    assert!(ids(&two).iter().all(|id| id.starts_with("audit.") || id.starts_with("device.")));
    assert_eq!(scoped(&c, &[]).len(), 25);
}

#[test]
fn meti_iss_text_is_the_documents() {
    let c = get("meti-iss-standard-3");
    let a = c.item("audit.1.ア").expect("audit.1.ア");
    assert_eq!(a.title.as_deref(), Some("専門性を有する者の在籍状況"));
    assert_eq!(
        a.requirement,
        "サービス品質の確保のため、情報セキュリティ監査サービスに従事する要員のうち、例示1-1に定める資格又は同等のものを有する者を技術責任者として業務に従事させるとともに、技術責任者のリスト（資格番号の表示のみでもよい。）を明示すること。"
    );
    // A sentence the extraction broke over two lines, joined (noted).
    let m = c.item("monitoring.1.ア").expect("monitoring.1.ア");
    assert!(m.requirement.starts_with("サービス品質の確保のため、セキュリティ監視・運用サービスに従事する要員のうち、次のいずれかの要件を満たす者を技術責任者として業務に従事させているとともに、"));
    // Sub-items one per line, list markers removed.
    let v = c.item("vulnerability.2.イ").expect("vulnerability.2.イ");
    assert_eq!(v.requirement, "品質維持・向上のため、次に掲げる事項を含むサービス品質の管理のためのマニュアルを整備していること。\n(ア) サービス提供プロセスの管理\n(イ) アウトプットの管理");
    for i in &c.items {
        for bad in ["#", "**", "<b>", "\n- "] {
            assert!(!i.requirement.contains(bad), "{}: markup '{bad}' left in the text", i.id);
        }
    }
}

// ---------------------------------------------------------------- METI 2025 draft

#[test]
fn meti_reliability_draft_review_items() {
    let c = get("meti-cs-reliability-2025-draft");
    assert!(c.draft);
    assert_eq!(c.version, "2025-10");
    assert!(c.scope.is_empty());
    let names: Vec<&str> = c.items.iter().map(|i| i.requirement.as_str()).collect();
    assert_eq!(
        names,
        [
            "会社の資本関係",
            "従業員の管理方法規程等",
            "情報に関する管理体制の構築",
            "業務委託",
            "使用ツール",
            "自社のサイバーセキュリティ対策"
        ]
    );
    let v = scoped(&c, &[]);
    assert_eq!(count_need(&v, Need::Mandatory), 6);
    let table = c.guidance.iter().find(|g| !g.table.is_empty()).expect("risk table");
    assert_eq!(table.title, "(参考) 対象サービスで取り扱うデータ・リスク");
    assert_eq!(table.table[0], ["サービス分野", "取り扱うデータ", "想定リスク"]);
    // Header + (1), (2) × 2 rows, (3), (4), (5).
    assert_eq!(table.table.len(), 7);
    assert!(table.table.iter().flatten().all(|cell| !cell.contains("<ul") && !cell.contains("</")));
    assert_eq!(table.table[1][2], "リスク：低～中\n規定・ルールに従ったセキュリティ対策が行えていない箇所の情報が悪用されるリスク");
}
