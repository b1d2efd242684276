//! The built-in `jama-japia-2.2` catalog against the seed it was generated from.
//!
//! Expected figures and texts below were taken from
//! `catalogs/sources/jama-japia-guideline-v2.2-commentary.txt` by hand and with grep/awk, not from the
//! generator (`tools/catalogs/jama.py`), so these tests check the generator independently:
//!
//! * Nos: the 解説対象 table of chapter 2, rows whose first column is a number
//!   (`sed -n '/^## 2. 解説対象/,/^### 3/p' | awk -F'\t' 'NF==3 && $1 ~ /^[0-9]+$/'`): 90 Nos.
//! * Levels: column 5 of the chapter 4 item rows (`awk -F'\t' 'NR>230 && NF==7 && $1!="ラベル"
//!   {print $5}' | sort | uniq -c`): 29 `Lv1` + 1 `Lvl1` (No. 49) = 30 Lv1, 45 Lv2, 15 Lv3.
//! * Labels: the number in column 1 of the same rows: 1:1 2:5 3:2 4:4 5:1 6:4 7:5 8:6 9:3 11:6
//!   12:1 13:3 14:4 15:4 16:7 17:8 18:3 19:5 21:2 22:6 23:5 24:5; No. 105 is printed with label 16
//!   between label-17 items and is placed in label 17, so 16:6 and 17:9.
//! * Questions: lines starting (after `#`/`- ` markup) with a circled number and a space, counted
//!   per item table.

use std::collections::{BTreeMap, BTreeSet};

use tenken::catalog::{builtin_catalogs, in_scope, Catalog, Item};
use tenken::model::Scope;

fn jama() -> Catalog {
    let all = builtin_catalogs().expect("built-in catalogs parse and validate");
    all.into_iter().find(|c| c.id == "jama-japia-2.2").expect("jama-japia-2.2 is built in")
}

fn item<'a>(c: &'a Catalog, id: &str) -> &'a Item {
    c.item(id).unwrap_or_else(|| panic!("item {id} missing"))
}

/// Nos of the 解説対象 table (chapter 2).
const NOS: [u32; 90] = [
    1, 4, 5, 6, 7, 8, 9, 10, 13, 14, 16, 17, 18, 21, 23, 24, 26, 28, 29, 31, 38, 39, 41, 42, 43, 44, 46, 48, 49, 50, 51, 59, 60, 61, 63,
    64, 65, 66, 70, 72, 73, 74, 76, 77, 78, 79, 80, 82, 83, 87, 88, 89, 90, 100, 101, 103, 104, 105, 106, 108, 109, 110, 111, 112, 116,
    120, 121, 123, 124, 125, 126, 128, 131, 132, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 147, 148, 149, 150, 151, 152,
];

/// Nos whose レベル cell is `Lv1` or `Lvl1` (awk over column 5).
const LV1: [u32; 30] =
    [1, 4, 8, 9, 13, 16, 18, 24, 26, 28, 29, 38, 44, 46, 49, 51, 59, 60, 66, 70, 76, 77, 78, 79, 124, 136, 137, 148, 149, 150];

/// Nos whose レベル cell is `Lv3`.
const LV3: [u32; 15] = [21, 39, 41, 42, 43, 48, 63, 72, 73, 80, 120, 126, 138, 144, 147];

fn ids(nos: &[u32]) -> BTreeSet<String> {
    nos.iter().map(|n| n.to_string()).collect()
}

#[test]
fn has_exactly_the_90_commented_items_in_document_order() {
    let c = jama();
    assert_eq!(c.items.len(), 90);
    let got: Vec<String> = c.items.iter().map(|i| i.id.clone()).collect();
    let want: Vec<String> = NOS.iter().map(|n| n.to_string()).collect();
    assert_eq!(got, want, "items in document order = the chapter 2 list");
    let unique: BTreeSet<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(unique.len(), 90, "ids are unique");
}

#[test]
fn level_counts_match_the_source() {
    let c = jama();
    let count = |l: u8| c.items.iter().filter(|i| i.level == Some(l)).count();
    assert_eq!((count(1), count(2), count(3)), (30, 45, 15));
    let lv1: BTreeSet<String> = c.items.iter().filter(|i| i.level == Some(1)).map(|i| i.id.clone()).collect();
    assert_eq!(lv1, ids(&LV1));
    let lv3: BTreeSet<String> = c.items.iter().filter(|i| i.level == Some(3)).map(|i| i.id.clone()).collect();
    assert_eq!(lv3, ids(&LV3));
}

#[test]
fn label_groups_and_counts_match_the_source() {
    let c = jama();
    let mut per: BTreeMap<u32, usize> = BTreeMap::new();
    for i in &c.items {
        assert!(c.group(&i.group).is_some(), "item {} refers to a known group", i.id);
        *per.entry(i.group.parse().expect("numeric label")).or_default() += 1;
    }
    let want: BTreeMap<u32, usize> = [
        (1, 1),
        (2, 5),
        (3, 2),
        (4, 4),
        (5, 1),
        (6, 4),
        (7, 5),
        (8, 6),
        (9, 3),
        (11, 6),
        (12, 1),
        (13, 3),
        (14, 4),
        (15, 4),
        (16, 6),
        (17, 9),
        (18, 3),
        (19, 5),
        (21, 2),
        (22, 6),
        (23, 5),
        (24, 5),
    ]
    .into_iter()
    .collect();
    assert_eq!(per, want);
    let names: Vec<(&str, &str)> = c.groups.iter().map(|g| (g.id.as_str(), g.name.as_str())).collect();
    assert_eq!(names.len(), 22);
    assert_eq!(names[0], ("1", "方針"));
    // Unified label typos: '3 法令 順守', '4体制 (平時)'/'4 体制 平時', '11 情報資産の管理機器',
    // '24 バックアップ・復元（リストア）'.
    assert_eq!(c.group("3").map(|g| g.name.as_str()), Some("法令順守"));
    assert_eq!(c.group("4").map(|g| g.name.as_str()), Some("体制(平時)"));
    assert_eq!(c.group("11").map(|g| g.name.as_str()), Some("情報資産の管理(機器)"));
    assert_eq!(c.group("24").map(|g| g.name.as_str()), Some("バックアップ・復元(リストア)"));
    // No. 105 is printed '16 物理セキュリティ' between Nos. 104 and 106 of label 17.
    assert_eq!(item(&c, "105").group, "17");
    assert!(c.notes.iter().any(|n| n.contains("No. 105")), "the misplaced label is noted");
}

#[test]
fn every_item_has_all_fields_and_commentary() {
    let c = jama();
    for i in &c.items {
        for (name, v) in [("purpose", &i.purpose), ("condition", &i.condition), ("criteria", &i.criteria)] {
            assert!(v.as_deref().is_some_and(|s| !s.trim().is_empty()), "item {} has {name}", i.id);
        }
        assert!(!i.requirement.trim().is_empty(), "item {} has a requirement", i.id);
        assert!(!i.commentary.is_empty(), "item {} has commentary", i.id);
        for q in &i.commentary {
            assert!(q.section == "達成条件" || q.section == "達成基準", "item {} section {}", i.id, q.section);
            assert!(!q.question.starts_with(|ch: char| ('①'..='⑳').contains(&ch)), "marker removed: {}", q.question);
            assert!(!q.question.starts_with('#') && !q.answer.contains("<b>") && !q.answer.contains("**"));
            assert!(!q.answer.contains("ラベル\t"), "answer of {} runs into the next table", i.id);
        }
    }
    let questions: usize = c.items.iter().map(|i| i.commentary.len()).sum();
    assert_eq!(questions, 135);
}

#[test]
fn item_1() {
    let c = jama();
    let i = item(&c, "1");
    assert_eq!((i.group.as_str(), i.level), ("1", Some(1)));
    assert_eq!(
        i.purpose.as_deref(),
        Some("会社として、セキュリティに対する基本的な考え方や方針を示し、社内の情報セキュリティ意識を向上させる")
    );
    assert_eq!(i.requirement, "自社の情報セキュリティ対応方針を策定し自組織内に周知していること");
    assert_eq!(i.condition.as_deref(), Some("自社の情報セキュリティ対応方針(ポリシー)を策定している"));
    assert_eq!(i.criteria.as_deref(), Some("・自社の情報セキュリティ対応方針を策定し、文書化すること"));
    assert_eq!(i.commentary.len(), 2);
    let q = &i.commentary[0];
    assert_eq!(q.section, "達成条件");
    assert_eq!(q.question, "“情報セキュリティ対応方針(ポリシー)”で策定すべき事項が満たされたサンプルはあるか？");
    assert!(q.answer.starts_with("具体的なサンプルとしては、JNSA（日本ネットワークセキュリティ協会）が公開している"));
    let refs: Vec<(Option<&str>, &str)> = q.references.iter().map(|r| (r.label.as_deref(), r.url.as_str())).collect();
    assert_eq!(
        refs,
        [(Some("参考(※1)"), "https://www.jnsa.org/result/2016/policy/"), (Some("参考(※2)"), "https://www.ipa.go.jp/files/000072146.docx")]
    );
    assert_eq!(i.commentary[1].question, "“自社”には海外拠点も含まれるか？");
    assert_eq!(i.commentary[1].answer, "共通事項の解説①に記載の通り、個社単位となるため含まない。");
}

#[test]
fn item_4_criteria_bullets_and_mislevelled_question() {
    let c = jama();
    let i = item(&c, "4");
    assert_eq!((i.group.as_str(), i.level), ("2", Some(1)));
    assert_eq!(i.requirement, "機密情報のセキュリティに関する社内ルールを規定していること");
    assert_eq!(
        i.criteria.as_deref(),
        Some(
            "【規則】\n・自社の守秘義務を策定し、文書化すること\n・入社時あるいは社外要員の受け入れ時に守秘義務を説明すること\n\
             ・退職もしくは期間満了時に会社の機密情報を持ち出さないこと\n【対象】\n・役員、従業員、社外要員（派遣社員等）"
        )
    );
    assert_eq!(i.commentary.len(), 2);
    assert_eq!(i.commentary[0].section, "達成基準");
    assert_eq!(
        i.commentary[0].question,
        "“自社の守秘義務のルールを規定”とあるが、守秘義務のルールは具体的にどのようなものを策定すればよいか？"
    );
    // Sub-headings and bullets are kept as lines.
    assert!(i.commentary[0].answer.contains("（下記例示）\n\n・適用範囲（役員、従業員、派遣社員、委託先従業員など）\n・機密情報の対象"));
    assert!(i.commentary[0].answer.contains("\n\n< 社外要員に対する守秘義務の例 >\n\n"));
    assert_eq!(i.commentary[0].references.len(), 2);
    // Printed as '## ②' in the extraction.
    assert_eq!(i.commentary[1].question, "自社の守秘義務を“守らせている”とあるが、どうやって守秘義務を守らせるのか？");
    assert!(i.commentary[1].answer.starts_with("①で解説のとおり、"));
    assert!(i.commentary[1]
        .answer
        .ends_with("秘密保持契約等に、機密情報漏洩が発生した時に、調査協力や損害賠償・法的措置を取ることを記載する"));
}

#[test]
fn item_9_wrapped_cells_and_sections() {
    let c = jama();
    let i = item(&c, "9");
    assert_eq!((i.group.as_str(), i.level), ("3", Some(1)));
    // Printed '会社として、 情報セキュリティに関する 法令を順守する' (wrap spaces).
    assert_eq!(i.purpose.as_deref(), Some("会社として、情報セキュリティに関する法令を順守する"));
    assert_eq!(i.requirement, "情報セキュリティに関する法令を考慮し、社内ルールを策定すること(法令例：個人情報保護法、不正競争防止法)");
    assert_eq!(
        i.criteria.as_deref(),
        Some(
            "【規則】\n・情報セキュリティに関連する法令を守るための社内ルールを策定すること\n・策定した社内ルールを教育・周知すること\n\
             【対象】\n・役員、従業員、社外要員（派遣社員等）\n【頻度】\n(教育)\n・新規受け入れ時、かつ、1回/年\n(周知)\n\
             ・定常的に、かつ、ルールの改正時に周知すること"
        )
    );
    let sections: Vec<&str> = i.commentary.iter().map(|q| q.section.as_str()).collect();
    assert_eq!(sections, ["達成条件", "達成条件", "達成条件", "達成基準"]);
    assert_eq!(
        i.commentary[0].question,
        "ルール策定・教育実施・周知の3つの観点があるが、情報セキュリティに関する法令の教育にはどのような内容を盛り込むべきか？"
    );
    assert_eq!(i.commentary[3].question, "“定常的”な周知の具体的な頻度や方法は何か？");
}

#[test]
fn item_49_lvl1_typo_and_bullets() {
    let c = jama();
    let i = item(&c, "49");
    assert_eq!((i.group.as_str(), i.level), ("9", Some(1)), "'Lvl1' is level 1");
    assert_eq!(i.requirement, "アクセス権入室権限やシステムのアクセス権を適切に管理していること");
    assert_eq!(
        i.criteria.as_deref(),
        Some(
            "【規則】\n•以下の内容等を含む管理ルールを定めること\n•アクセス権の発行・変更・削除は申請・承認制であること\n\
             •与える入室許可・アクセス権の範囲は必要な範囲に限定すること\n•入室権限やアクセス権の棚卸について定めていること\n\
             •与えた入室許可・アクセス権の申請書または台帳を管理していること\n【対象】\n\
             •業務で利用するシステムおよび PC ログオン時のユーザーID\n•機密上の配慮が必要な場所や部屋"
        )
    );
    assert_eq!(i.commentary.len(), 1);
    assert_eq!(i.commentary[0].section, "達成基準");
    assert_eq!(i.commentary[0].question, "人の異動に伴うアクセス権の“管理ルール”を定めるうえで特に気を付けることは何か？");
    assert!(c.notes.iter().any(|n| n.contains("Lvl1")));
}

#[test]
fn item_74_structured_criteria_and_page_break_join() {
    let c = jama();
    let i = item(&c, "74");
    assert_eq!((i.group.as_str(), i.level), ("14", Some(2)));
    assert_eq!(
        i.requirement,
        "関係組織（サプライヤー等含む）との関係において、自組織の通信ネットワーク構成を把握し、他組織との連携状態やデータの流れを監視すること"
    );
    assert_eq!(
        i.criteria.as_deref(),
        Some(
            "【基準】\n・ネットワーク図を作成すること\n[対象範囲]\n-自社の情報機器が存在するネットワーク\n[見直し頻度]\n-1回/年以上\n\
             <追記>\n【基準】\n・データフロー図を作成すること\n[対象範囲]\n-関係組織間のネットワークでやり取りされる自社内のデータ\n\
             【基準】\n・関係組織との通信を監視すること\n[対象範囲]\n-関係組織間のネットワークでやり取りされるデータ\n[頻度]\n-常時"
        )
    );
    assert_eq!(i.commentary.len(), 2);
    assert_eq!(i.commentary[0].section, "達成条件");
    assert_eq!(i.commentary[0].question, "“関係組織との通信を監視” するためには具体的に何を実施すればよいのか？");
    assert_eq!(i.commentary[1].section, "達成基準");
    // The sentence is split over a page break in the seed ('ネットワーク上' / 'どのように接続し').
    assert!(i.commentary[1].answer.contains("データの流れだけでなく、ネットワーク上どのように接続し、通信が発生しているか"));
    assert_eq!(i.commentary[1].references[0].url, "https://www.ipa.go.jp/files/000080712.pdf");
}

#[test]
fn item_105_placed_by_table_position() {
    let c = jama();
    let i = item(&c, "105");
    assert_eq!((i.group.as_str(), i.level), ("17", Some(2)));
    assert_eq!(i.condition.as_deref(), Some("リモートアクセスの ID を管理し、不要な ID がないか定期的に確認している"));
    assert_eq!(
        i.criteria.as_deref(),
        Some(
            "【規則】\n・リモートアクセスの ID の発行・変更・削除は申請・承認制にすること\n・定期的に不要な ID がないか確認すること\n\
             ・不要な ID を削除すること\n【確認頻度】\n・1 回/年"
        )
    );
    assert_eq!(i.commentary.len(), 2);
    assert_eq!(i.commentary[0].question, "“不要な ID”における、不要となる具体的な状況は何か？");
}

#[test]
fn item_143_reference_with_markdown_link() {
    let c = jama();
    let i = item(&c, "143");
    assert_eq!((i.group.as_str(), i.level), ("23", Some(2)));
    assert_eq!(i.commentary.len(), 2);
    assert_eq!(i.commentary[0].question, "“ログを取得、保管”する具体的な方法は？");
    let r = &i.commentary[0].references;
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].label.as_deref(), Some("参考：情報管理担当者の情報セキュリティ対策＞ログの適切な取得と保管（総務省）"));
    assert_eq!(r[0].url, "https://www.soumu.go.jp/main_sosiki/cybersecurity/kokumin/business/business_admin_22.html");
    assert!(i.commentary[0].answer.ends_with(&r[0].url), "link text kept in the answer as a plain URL");
}

#[test]
fn item_152_last_item_without_footer() {
    let c = jama();
    let i = c.items.last().expect("items");
    assert_eq!(i.id, "152");
    assert_eq!((i.group.as_str(), i.level), ("24", Some(2)));
    assert_eq!(i.requirement, "サイバー攻撃に対して重要情報の被害やシステム稼働の影響を最小限に留める対策を行っていること");
    assert_eq!(i.condition.as_deref(), Some("サーバー等の設置エリアには、設備に災害対策、環境対策を実施している"));
    assert_eq!(i.criteria.as_deref(), Some("【規則】\n・火災、水害、停電に対する対策を行うこと\n・温湿度管理を行うこと"));
    assert_eq!(i.commentary.len(), 2);
    assert_eq!(i.commentary[0].question, "“災害対策、環境対策”の実施には、クラウドサービスを利用しているケースを含むか？");
    let last = &i.commentary[1].answer;
    assert!(last.ends_with("かつ、それが執務スペースの一角の個室だったとしても、そこは設置エリアとして認識するべきである。"));
    assert!(!last.contains("連絡先"), "the closing contact block is page furniture");
}

#[test]
fn general_commentary_is_catalog_guidance() {
    let c = jama();
    assert_eq!(c.guidance.len(), 1);
    assert_eq!(c.guidance[0].title, "共通事項");
    assert_eq!(
        c.guidance[0].text,
        "① グループ企業の場合、チェックシートは個社ごとに回答するのか、グループでまとめて1つ回答するのか？\n\
         グループ企業様は、連結としての回答ではなく、単体（各社）毎に、ご回答をお願いします。"
    );
}

#[test]
fn metadata_and_scoring() {
    let c = jama();
    assert_eq!(c.version, "2.2");
    assert_eq!(c.source.version, "第2.2版");
    assert_eq!(c.source.date, "2024-08-01");
    assert!(c.publisher.contains("日本自動車工業会") && c.publisher.contains("日本自動車部品工業会"));
    assert_eq!(c.scoring.rule, tenken::catalog::RuleKind::LevelAchievement);
    assert!(!c.notes.is_empty());
}

fn scoped(c: &Catalog, level: &str) -> BTreeSet<String> {
    let scope = Scope::parse_pairs([format!("target_level={level}")]).expect("scope");
    in_scope(c, &scope).expect("valid scope").into_iter().map(|s| s.item.id.clone()).collect()
}

#[test]
fn target_level_scopes_items_of_that_level_and_below() {
    let c = jama();
    let dim = c.dimension("target_level").expect("target_level dimension");
    assert_eq!(dim.kind, tenken::catalog::ScopeKind::MaxLevel);
    let values: Vec<&str> = dim.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(values, ["1", "2", "3"]);
    assert_eq!(scoped(&c, "1"), ids(&LV1));
    let lv2 = scoped(&c, "2");
    assert_eq!(lv2.len(), 75);
    assert!(lv2.is_disjoint(&ids(&LV3)));
    assert_eq!(scoped(&c, "3"), ids(&NOS));
    assert!(Scope::parse_pairs(["target_level=4"]).is_ok_and(|s| in_scope(&c, &s).is_err()));
}

/// Nos. 100 and 101 are printed under label `16 物理セキュリティ` (grep the seed for
/// '^16 物理セキュリティ\t' and read column 4), but their 要求事項 are about vulnerabilities and
/// external media, and about misconfiguration: each carries a note saying so, and stays in 16.
#[test]
fn items_100_and_101_note_their_label() {
    let c = jama();
    for (no, requirement) in [
        ("100", "脆弱性が発見された際の対策対象の把握や外部記憶媒体を用いた情報漏えい等を抑制する対策がおこなえていること"),
        ("101", "重要情報を格納・利用するシステムにおいて、人為的設定ミスによる被害を最小化する対策を実施していること"),
    ] {
        let it = item(&c, no);
        assert_eq!(it.group, "16");
        assert_eq!(it.requirement, requirement);
        let label =
            it.notes.iter().find(|n| n.starts_with("Label:")).unwrap_or_else(|| panic!("No. {no}: no label note in {:?}", it.notes));
        assert!(label.contains("'16 物理セキュリティ'"), "{label}");
        assert!(label.contains(&format!("'{requirement}'")), "No. {no} quotes its requirement: {label}");
        assert!(label.contains("not about physical security"), "{label}");
    }
}

/// The 目的 「サーバー等の重要機器への不正操作による情報漏洩、改ざん、システム停止を防ぐ」 is printed
/// for every commented item of labels 16 and 17 (`awk -F'\t' '$2 ~ /^サーバー等の重要機器/ {print $4}'`:
/// 87–90, 100, 101, 103–106, 108–112); each of them, and no other item, notes that the source
/// prints it so, and the 目的 itself stays as printed.
#[test]
fn the_server_purpose_is_noted_where_the_source_prints_it() {
    let c = jama();
    const SERVER: &str = "サーバー等の重要機器への不正操作による情報漏洩、改ざん、システム停止を防ぐ";
    let expected = ids(&[87, 88, 89, 90, 100, 101, 103, 104, 105, 106, 108, 109, 110, 111, 112]);
    let with_purpose: BTreeSet<String> = c.items.iter().filter(|i| i.purpose.as_deref() == Some(SERVER)).map(|i| i.id.clone()).collect();
    assert_eq!(with_purpose, expected);
    for it in &c.items {
        let noted = it.notes.iter().any(|n| n.starts_with("目的:") && n.contains(&format!("'{SERVER}'")));
        assert_eq!(noted, expected.contains(&it.id), "No. {}: purpose note {:?}", it.id, it.notes);
    }
    let note = item(&c, "103").notes.iter().find(|n| n.starts_with("目的:")).expect("note");
    assert!(note.contains("Nos. 87–90, 100–101") && note.contains("Nos. 103–106, 108–112"), "{note}");
    // Only these items carry notes of their own.
    let with_notes: BTreeSet<String> = c.items.iter().filter(|i| !i.notes.is_empty()).map(|i| i.id.clone()).collect();
    assert_eq!(with_notes, expected);
}
