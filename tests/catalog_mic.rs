//! The built-in `mic-asp-saas` catalog (総務省 ASP・SaaS における情報セキュリティ対策ガイドライン)
//! against figures counted independently of its generator (`tools/catalogs/mic.py`), straight
//! from the source text `catalogs/sources/mic-asp-saas-guideline.txt` with grep, and against sampled
//! control texts read off the seed by eye. The seed itself is not needed to run these tests.

use std::collections::HashSet;

use tenken::catalog::{builtin_catalogs, in_scope, Catalog, Item, Need, RuleKind, ScopeKind};
use tenken::model::Scope;

/// The built-in catalog under test.
fn mic() -> Catalog {
    let all = builtin_catalogs().expect("built-in catalogs parse and validate");
    all.into_iter().find(|c| c.id == "mic-asp-saas").expect("mic-asp-saas is built in")
}

fn item<'a>(c: &'a Catalog, id: &str) -> &'a Item {
    c.item(id).unwrap_or_else(|| panic!("control {id} missing"))
}

/// (pattern, value, must) rows of one evaluation item.
fn refs(item: &Item, letter: &str) -> Vec<(u8, String, bool)> {
    let e = item.evaluation.iter().find(|e| e.id == letter).expect("evaluation item");
    e.reference.iter().map(|r| (r.pattern, r.value.clone(), r.must)).collect()
}

fn six(values: [&str; 6], must: bool) -> Vec<(u8, String, bool)> {
    values.iter().enumerate().map(|(i, v)| (i as u8 + 1, v.to_string(), must)).collect()
}

#[test]
fn metadata_scoring_and_labels() {
    let c = mic();
    assert_eq!(c.version, "2008");
    assert_eq!(c.publisher, "総務省");
    assert_eq!(c.title.ja, "ASP・SaaS における情報セキュリティ対策ガイドライン");
    assert_eq!(c.source.version, "最終案");
    assert_eq!(c.source.date, "2008-01");
    assert_eq!(c.source.file.as_deref(), Some("mic-asp-saas-guideline.txt"));
    assert_eq!(c.field_label("requirement"), "対策項目");
    assert_eq!(c.scoring.rule, RuleKind::ClassRates);
    assert_eq!(c.scoring.classes, ["基本", "推奨"]);
    assert!(!c.draft);
}

#[test]
fn counts_match_the_seed() {
    let c = mic();
    // grep -cE '【(基本|推奨)】' seed  → 68 (only control headings carry the class marker)
    assert_eq!(c.items.len(), 68);
    // grep -c '【基本】' seed → 50 ; grep -c '【推奨】' seed → 18
    let class = |k: &str| c.items.iter().filter(|i| i.class.as_deref() == Some(k)).count();
    assert_eq!(class("基本"), 50);
    assert_eq!(class("推奨"), 18);
    // grep -cP '^(II|Ⅱ)\. \d+\. \d+\. \d+ .*【' seed → 22 ; same with (III|Ⅲ) → 46
    let part = |p: &str| c.items.iter().filter(|i| i.id.split('.').next() == Some(p)).count();
    assert_eq!(part("II"), 22);
    assert_eq!(part("III"), 46);
    // grep -cP '^パターン\t対策参照値$' seed → 37 (one reference table per evaluation item)
    let evaluation: Vec<_> = c.items.iter().flat_map(|i| &i.evaluation).collect();
    assert_eq!(evaluation.len(), 37);
    // grep -cP '^[1-6]\t.*\*\s*$' seed → 48 (reference-value rows marked with '*')
    let must = evaluation.iter().flat_map(|e| &e.reference).filter(|r| r.must).count();
    assert_eq!(must, 48);
    // sed -n '/^II. 1 情報/,/^IV. /p' seed | grep -cP '^\s*(- )?[ivx]+\. ' → 177
    assert_eq!(c.items.iter().map(|i| i.best_practices.len()).sum::<usize>(), 177);
    for e in &evaluation {
        let patterns: Vec<u8> = e.reference.iter().map(|r| r.pattern).collect();
        assert_eq!(patterns, [1, 2, 3, 4, 5, 6], "evaluation {}", e.id);
    }
}

#[test]
fn ids_unique_ascii_and_grouped_by_section() {
    let c = mic();
    let mut seen = HashSet::new();
    for i in &c.items {
        assert!(seen.insert(i.id.as_str()), "duplicate id {}", i.id);
        let parts: Vec<&str> = i.id.split('.').collect();
        assert!(matches!(parts[0], "II" | "III"), "id {}", i.id);
        assert_eq!(parts.len(), 4, "id {}", i.id);
        assert!(parts[1..].iter().all(|p| p.parse::<u8>().is_ok()), "id {}", i.id);
        assert_eq!(i.group, parts[..3].join("."), "group of {}", i.id);
        let section = c.group(&i.group).expect("section exists");
        let chapter = c.group(section.parent.as_deref().expect("section has a parent")).expect("chapter");
        assert_eq!(chapter.parent.as_deref(), Some(parts[0]));
        let want = if i.class.as_deref() == Some("基本") { Need::Mandatory } else { Need::Recommended };
        assert_eq!(i.need, Some(want), "need of {}", i.id);
    }
    assert_eq!(c.items.last().map(|i| i.id.as_str()), Some("III.5.3.2"));
    assert_eq!(c.group("III.4.3").map(|g| g.name.as_str()), Some("火災、逃雷、静電気から情報システムを防護するための対策"));
    assert_eq!(c.group("II").map(|g| g.name.as_str()), Some("組織・運用編"));
    assert_eq!(c.group("III").map(|g| g.name.as_str()), Some("物理的・技術的対策編"));
}

#[test]
fn no_extraction_noise_left_in_texts() {
    let c = mic();
    let mut texts: Vec<&str> = Vec::new();
    for i in &c.items {
        texts.push(&i.requirement);
        texts.extend(i.best_practices.iter().map(String::as_str));
        for e in &i.evaluation {
            texts.push(&e.text);
            texts.extend(e.reference.iter().map(|r| r.value.as_str()));
        }
    }
    for t in texts {
        assert!(!t.chars().any(|ch| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(ch)), "footnote marker in {t:?}");
        for noise in ["削除：", "挿入：", "**", "~~", "\t", "\n\n", "【", "- i."] {
            assert!(!t.contains(noise), "{noise:?} in {t:?}");
        }
        assert!(!t.ends_with('*') && t.trim() == t && !t.is_empty(), "untrimmed {t:?}");
    }
}

#[test]
fn control_iii_1_1_1() {
    let c = mic();
    let i = item(&c, "III.1.1.1");
    assert_eq!(i.class.as_deref(), Some("基本"));
    assert_eq!(
        i.requirement,
        "ASP・SaaSサービスの提供に用いるアプリケーション、プラットフォーム、サーバ・ストレージ、情報セキュリティ対策機器、通信機器の稼働監視（応答確認等）を行うこと。\n稼働停止を検知した場合は、利用者に速報を通知すること。"
    );
    assert_eq!(i.best_practices.len(), 3);
    assert_eq!(
        i.best_practices[0],
        "監視対象機器の死活監視を行うための方法（pingコマンドなど）、監視インターバル、監視時間帯、監視体制等の実施基準・手順等を明確にすることが望ましい。"
    );
    assert_eq!(i.evaluation.len(), 2);
    assert_eq!(i.evaluation[0].text, "死活監視インターバル（応答確認）");
    assert_eq!(
        refs(i, "a"),
        six(["1回以上／5分", "1回以上／10分", "1回以上／20分", "1回以上／5分", "1回以上／10分", "1回以上／20分"], true)
    );
    assert_eq!(i.evaluation[1].text, "通知時間（稼働停止検知後、利用者に通知するまでの時間）");
    assert_eq!(refs(i, "b"), six(["20分以内", "60分以内", "5時間以内", "20分以内", "60分以内", "5時間以内"], true));
}

#[test]
fn control_ii_6_1_1_two_paragraphs() {
    let c = mic();
    let i = item(&c, "II.6.1.1");
    assert_eq!(i.class.as_deref(), Some("基本"));
    assert_eq!(
        i.requirement,
        "全ての従業員に対し、業務において発見あるいは疑いをもった情報システムのぜい弱性や情報セキュリティインシデント（サービス停止、情報の漏えい・改ざん・破壊・紛失、ウイルス感染等）について、どのようなものでも記録し、できるだけ速やかに管理責任者に報告できるよう手続きを定め、実施を要求すること。\n報告を受けた後に、迅速に整然と効果的な対応ができるよう、責任体制及び手順を確立すること。"
    );
    assert_eq!(i.best_practices.len(), 4);
    assert!(i.best_practices[0].starts_with("情報セキュリティインシデントの正式な報告手順を、"));
    assert!(i.evaluation.is_empty());
}

#[test]
fn control_ii_1_1_1_practice_with_sub_items() {
    let c = mic();
    let i = item(&c, "II.1.1.1");
    assert_eq!(
        i.requirement,
        "経営陣は、情報セキュリティに関する組織的取組についての基本的な方針を定めた文書を作成すること。また、当該文書には、経営陣が承認の署名等を行い、情報セキュリティに関する経営陣の責任を明確にすること。"
    );
    assert_eq!(i.best_practices.len(), 3);
    assert!(i.best_practices[0].starts_with("情報セキュリティに関する組織的取組とは、経営陣主導で"));
    let third: Vec<&str> = i.best_practices[2].lines().collect();
    assert_eq!(third.len(), 11);
    assert_eq!(third[0], "情報セキュリティに関する基本方針を定めた文書には、次の事項に関する記述を含めることが望ましい。");
    assert_eq!(third[5], "e) 組織における遵守事項の宣言");
    assert_eq!(third[6], "1) 法令、規制等の遵守");
    assert_eq!(third[10], "f) 見直し及び改善への取組の宣言 等");
}

#[test]
fn control_iii_1_1_3_recommended() {
    let c = mic();
    let i = item(&c, "III.1.1.3");
    assert_eq!(i.class.as_deref(), Some("推奨"));
    assert_eq!(i.need, Some(Need::Recommended));
    assert_eq!(
        i.requirement,
        "ASP・SaaSサービスの提供に用いるアプリケーション、プラットフォーム、サーバ、ストレージ、ネットワークに対し一定間隔でパフォーマンス監視（サービスのレスポンス時間の監視）を行うこと。\nまた、利用者との取決めに基づいて、監視結果を利用者に通知すること。"
    );
    assert_eq!(i.best_practices.len(), 3);
    assert!(i.best_practices[0].starts_with("監視の実施にあたり、監視方法（コマンドの入力手順、"));
    assert_eq!(refs(i, "a"), six(["1回/10分", "1回/30分", "1回/60分", "1回/10分", "1回/30分", "1回/60分"], false));
}

#[test]
fn control_iii_2_1_3_dash_values_and_footnote_markers() {
    let c = mic();
    let i = item(&c, "III.2.1.3");
    assert_eq!(
        i.requirement,
        "利用者の利用状況、例外処理及び情報セキュリティ事象の記録（ログ等）を取得し、記録（ログ等）の保存期間を明示すること。"
    );
    assert_eq!(i.best_practices.len(), 2);
    assert_eq!(i.best_practices[0].lines().count(), 13); // the practice and its a) … l)
    assert_eq!(i.evaluation.len(), 3);
    assert_eq!(i.evaluation[2].text, "スタンバイ機による運転再開");
    assert_eq!(
        refs(i, "c"),
        six(
            ["可能 (ホットスタンバイ)", "可能 (コールドスタンバイ)", "-", "可能 (ホットスタンバイ)", "可能 (コールドスタンバイ)", "-"],
            false
        )
    );
}

#[test]
fn control_iii_5_1_2_line_wraps_joined() {
    let c = mic();
    let i = item(&c, "III.5.1.2");
    assert_eq!(i.requirement, "個人情報に関連する法令に基づいて適切に取り扱うこと。");
    assert_eq!(i.best_practices.len(), 4);
    assert!(i.best_practices[0].starts_with("個人情報を収集する際には、利用目的を明示し、"));
    assert_eq!(
        i.best_practices[2],
        "本人から利用目的の通知、データ開示、データ訂正・追加・削除、データの利用停止等の求めがあった場合は、これに応じなければならない。また、本人から苦情があった場合には、迅速かつ適切に対応しなければならない。"
    );
    assert!(i.best_practices[3].contains("\na) 個人情報の保護に関する法律についての経済産業分野を対象とするガイドライン (経済産業省)\n"));
}

#[test]
fn control_iii_4_4_3_without_practices() {
    let c = mic();
    let i = item(&c, "III.4.4.3");
    assert_eq!(i.class.as_deref(), Some("基本")); // printed as **【基本】**
    assert_eq!(i.requirement, "重要な物理的セキュリティ境界からの入退室等を管理するための手順書を作成すること。");
    assert!(i.best_practices.is_empty() && i.evaluation.is_empty());
}

#[test]
fn last_control_iii_5_3_2() {
    let c = mic();
    let i = item(&c, "III.5.3.2");
    assert_eq!(i.class.as_deref(), Some("基本"));
    assert_eq!(i.requirement, "機器及び媒体を正式な手順に基づいて廃棄すること。");
    assert_eq!(i.best_practices.len(), 6);
    assert_eq!(
        i.best_practices[0],
        "機器の廃棄作業に着手する前に、当該情報システムの運用が完全に終了していることを確認することが望ましい。"
    );
    assert_eq!(i.best_practices[5], "第三者に廃棄を委託する場合には、秘密保持契約を締結することが望ましい。");
}

#[test]
fn pattern_scope_keeps_every_control() {
    let c = mic();
    let dim = c.dimension("pattern").expect("pattern dimension");
    assert_eq!(dim.kind, ScopeKind::Choice);
    let values: Vec<&str> = dim.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(values, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(dim.options[3].help.as_deref(), Some("ネットワーク監視"));
    assert!(dim.options.iter().all(|o| o.help.as_deref().is_some_and(|h| !h.is_empty())));
    assert!(dim.help.as_deref().is_some_and(|h| h.contains("【パターン6】")));

    let scope = Scope::parse_pairs(["pattern=3"]).expect("scope parses");
    let scoped = in_scope(&c, &scope).expect("pattern=3 is a valid scope");
    assert_eq!(scoped.len(), c.items.len());
    for s in &scoped {
        assert_eq!(s.need, s.item.need, "need of {}", s.item.id);
    }
    assert!(in_scope(&c, &Scope::parse_pairs(["pattern=7"]).expect("parses")).is_err());
}

#[test]
fn pattern_table_is_guidance() {
    let c = mic();
    let table = &c.guidance.iter().find(|g| g.title.contains("図表 2")).expect("図表 2 guidance").table;
    assert_eq!(table.len(), 8); // header, patterns 1–6, ※ row
    assert_eq!(table[0], ["パターン", "サービス種別"]);
    assert_eq!(table[4], ["4", "ネットワーク監視"]);
    assert_eq!(table[7][0], "※");
    let cia = &c.guidance.iter().find(|g| g.title.contains("図表 1")).expect("図表 1 guidance").table;
    assert_eq!(cia[1], ["1", "高", "高", "高"]);
    assert_eq!(cia[6], ["6", "低", "高", "低"]);
}

#[test]
fn notes_record_the_annex_disagreements() {
    let c = mic();
    for want in [
        "III.1.1.2 (row of 評価項目 a): annex says 推奨, body says 基本",
        "III.1.1.3 (row of 評価項目 a): annex says 基本, body says 推奨",
        "III.4.2.1 (row of 評価項目 b): annex says 推奨, body says 基本",
        "III.4.4.2 (row of 評価項目 b): annex says 基本, body says 推奨",
    ] {
        assert!(c.notes.iter().any(|n| n.ends_with(want)), "note missing: {want}");
    }
    // The bodies win: the classes in the catalog are those of the control headings.
    assert_eq!(item(&c, "III.1.1.2").class.as_deref(), Some("基本"));
    assert_eq!(item(&c, "III.4.4.2").class.as_deref(), Some("推奨"));
}

/// The guideline says its measures are priorities, not requirements (I. 8. 1: 「認証基準等で用いられる
/// ような実施必須事項を示すものではなく」; I. 8. 2 defines 基本 and 推奨, read off the seed by eye), so
/// the catalog names its two needs 基本 and 推奨 with those definitions, never 必須/mandatory.
#[test]
fn needs_are_called_basic_and_recommended_with_the_guidelines_definitions() {
    let c = mic();
    let basic = &c.need_labels.mandatory;
    assert_eq!((basic.ja.as_str(), basic.en.as_str()), ("基本", "Basic (to be done first)"));
    assert_eq!(basic.meaning.as_deref(), Some("ASP・SaaS サービスを提供するにあたり、優先的に実施すべき情報セキュリティ対策"));
    assert_eq!(basic.quoted_from.as_deref(), Some("I. 8. 2 基本・推奨"));
    let recommended = &c.need_labels.recommended;
    assert_eq!(recommended.ja, "推奨");
    assert_eq!(recommended.meaning.as_deref(), Some("ASP・SaaS サービスを提供するにあたり、実施することが望まれる情報セキュリティ対策"));
    assert_eq!(
        c.need_labels.legends(),
        [
            "基本: ASP・SaaS サービスを提供するにあたり、優先的に実施すべき情報セキュリティ対策（I. 8. 2 基本・推奨）",
            "推奨: ASP・SaaS サービスを提供するにあたり、実施することが望まれる情報セキュリティ対策（I. 8. 2 基本・推奨）",
        ]
    );
    assert!(c.notes.iter().any(|n| n.contains("認証基準等で用いられるような実施必須事項を示すものではなく")), "the notes quote I. 8. 1");
    // Scoring is unchanged: rates per class, no gate; the need buckets carry the guideline's words.
    assert_eq!(c.scoring.rule, RuleKind::ClassRates);
    let score = tenken::scoring::score(&c, &Scope::default(), &[], 0).expect("score");
    let needs: Vec<(&str, &str, usize)> = score.auditor.needs.iter().map(|b| (b.key.as_str(), b.label.as_str(), b.in_scope)).collect();
    assert_eq!(needs, [("mandatory", "基本", 50), ("recommended", "推奨", 18)]);
    assert!(score.auditor.gate.is_none());
}
