//! The PDF audit report, checked with the standard tools a recipient would use: `qpdf --check`
//! (structure), `pdffonts` (the Japanese font embedded as a subset with a ToUnicode map),
//! `pdftotext` (the organisation, every level's rate as formatted, and the exact requirement
//! texts are extractable) and `pdfinfo` (page count), on a realistic 153-item JAMA-style input.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use tenken::report::{
    format_rate, render_pdf, AppendixItem, Discrepancy, Evidence, Finding, FrameworkInfo, GroupRate, KeyNumber, LabeledText, Person,
    RateCount, RenderedPdf, ReportDates, ReportInput, ReportStatus, ScoreRow, ScoreSummary, SignOff,
};

const ORGANISATION: &str = "株式会社東雲精機製作所";

/// Real-style JAMA texts (labels, purposes, conditions, criteria); long ones on purpose.
const GROUPS: [(&str, &str); 8] = [
    ("方針", "会社として、セキュリティに対する基本的な考え方や方針を示し、社内の情報セキュリティ意識を向上させる"),
    ("機密情報を扱うルール", "機密情報を扱うルールを定め、社内へ周知することにより、機密漏えいを防止する"),
    ("法令順守", "事業に関わる法令・規制を把握し、順守することにより、法的リスクを低減する"),
    ("体制（平時）", "情報セキュリティに関する役割と責任を明確にし、平時の管理体制を整備する"),
    ("体制（事故時）", "事故発生時の連絡体制と対応手順を定め、被害の拡大を防止し、早期に復旧する"),
    ("アクセス権", "情報へのアクセス権を業務上必要な範囲に限定し、不正なアクセスを防止する"),
    ("社外接続", "社外との接続を管理し、外部からの攻撃や情報の漏えいを防止する"),
    ("データ保護", "重要なデータを保護し、改ざんや消失に備えて、確実に復元できるようにする"),
];

const CONDITIONS: [&str; 6] = [
    "自社の情報セキュリティ対応方針（ポリシー）を策定し、経営者の承認を得た上で、役員、従業員及び社外要員を含む全ての関係者に周知していること。",
    "派遣社員、受入出向社員について、派遣元、出向元の会社と守秘義務を締結しており、業務で知り得た情報を外部に漏えいさせない旨の記述があること。",
    "情報セキュリティに関する事故が発生した場合、又はその疑いがある場合に備えて、「報告先」「報告手段」「報告内容」を明確にした社内外の連絡体制を整備し、年に一回以上見直していること。",
    "重要なシステムの管理者権限（特権ＩＤ）を付与する者を必要最小限に限定し、その利用状況を定期的に確認するとともに、不要となった権限を速やかに削除していること。",
    "社外から社内ネットワークへ接続する場合は、多要素認証等の強固な認証を用い、接続記録（ログ）を取得して、一定期間保存していること。",
    "重要なデータのバックアップを定期的に取得し、ランサムウェア等による暗号化の影響を受けないよう、ネットワークから切り離した媒体又は場所に保管していること。",
];

const CRITERIA: &str = "・自社の情報セキュリティ対応方針を策定し、文書化すること\n・入社時あるいは社外要員の受け入れ時に守秘義務を説明すること\n・退職もしくは期間満了時に会社の機密情報を持ち出さないこと（誓約書等により確認する）";

const COMMENTARY: &str = "そもそも情報セキュリティ対応方針（ポリシー）とは、企業として情報セキュリティを確保するための基本方針やそのための体制、対策基準を規定した文書である。具体的なサンプルとしては、JNSA（日本ネットワークセキュリティ協会）が公開している「情報セキュリティポリシーサンプル 1.0 版」がある。ただし、これらはあくまで参考情報であり、自社の組織や環境に応じて置き換えた上で策定することが重要である。";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn level_of(i: usize) -> &'static str {
    match i % 3 {
        0 => "Lv1",
        1 => "Lv2",
        _ => "Lv3",
    }
}

fn item(i: usize) -> AppendixItem {
    let (group, purpose) = GROUPS[i % GROUPS.len()];
    // Item-specific wording so every requirement is distinct; some get the long commentary.
    let requirement = format!("【第{}項】{}", i + 1, CONDITIONS[i % CONDITIONS.len()]);
    let implemented = i % 5 != 3;
    let mut fields = vec![
        LabeledText { label: "目的 / Purpose".into(), text: purpose.into() },
        LabeledText { label: "達成基準 / Criteria".into(), text: CRITERIA.into() },
    ];
    if i.is_multiple_of(4) {
        fields.push(LabeledText { label: "解説 / Commentary".into(), text: COMMENTARY.into() });
    }
    let evidence = (0..(i % 3))
        .map(|k| Evidence {
            name: format!("証跡_{:03}_{}_情報セキュリティ規程.pdf", i + 1, k + 1),
            sha256: format!("{:064x}", (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15 + k as u128),
        })
        .collect();
    AppendixItem {
        id: format!("{}.{}", i / 10 + 1, i % 10 + 1),
        level: level_of(i).into(),
        group: format!("{} {}", i % GROUPS.len() + 1, group),
        requirement,
        fields,
        supplier_answer: if i.is_multiple_of(7) { "一部実施 / Partly".into() } else { "実施 / Yes".into() },
        supplier_remark: if i.is_multiple_of(6) {
            "情報セキュリティ委員会にて年次で見直しを実施済み。議事録は共有フォルダに保管している。".into()
        } else {
            String::new()
        },
        verdict: if implemented { "適合 / Conforms".into() } else { "不適合 / Does not conform".into() },
        auditor_note: if implemented {
            String::new()
        } else {
            "規程は存在するが、周知の記録（教育受講記録等）が確認できなかった。次回までに受講記録を整備すること。".into()
        },
        evidence,
    }
}

fn rate(achieved: u32, applicable: u32) -> RateCount {
    RateCount { rate: Some(f64::from(achieved) / f64::from(applicable)), achieved, applicable }
}

fn sample_input(items: usize) -> ReportInput {
    let items: Vec<AppendixItem> = (0..items).map(item).collect();
    let findings = items
        .iter()
        .filter(|it| it.verdict.starts_with("不適合"))
        .take(12)
        .enumerate()
        .map(|(n, it)| Finding {
            id: format!("F-{:03}", n + 1),
            severity: if n % 3 == 0 { "重大 / Major".into() } else { "軽微 / Minor".into() },
            item_id: it.id.clone(),
            description: "教育受講記録が整備されておらず、方針の周知状況を確認できない。".into(),
            corrective_action: "全従業員を対象とした情報セキュリティ教育を実施し、受講記録を保管する。".into(),
            owner: "情報システム部 佐藤".into(),
            due: Some(date(2027, 3, 31)),
            status: "未対応 / Open".into(),
        })
        .collect();
    let discrepancies = items
        .iter()
        .filter(|it| it.verdict.starts_with("不適合"))
        .take(10)
        .map(|it| Discrepancy {
            item_id: it.id.clone(),
            level: it.level.clone(),
            requirement: it.requirement.clone(),
            supplier_answer: it.supplier_answer.clone(),
            auditor_verdict: it.verdict.clone(),
            note: "供給者は実施と回答したが、証跡が不足。".into(),
        })
        .collect();
    ReportInput {
        organisation: ORGANISATION.into(),
        site: "本社工場（愛知県刈谷市）".into(),
        framework: FrameworkInfo {
            catalog_id: "jama-japia-cs-2.2".into(),
            version: "2.2".into(),
            title_ja: "自工会/部工会・サイバーセキュリティガイドライン".into(),
            title_en: "JAMA/JAPIA Cybersecurity Guidelines".into(),
            source: "一般社団法人日本自動車工業会・一般社団法人日本自動車部品工業会, 2.2版, 2024年".into(),
        },
        scope: "レベル Lv1–Lv3 / 全ラベル（153項目）".into(),
        assessment_kind: "第二者監査（取引先による監査） / Second-party audit".into(),
        auditor: Person { name: "山田 花子".into(), organisation: "点検監査法人 サイバー監査部".into() },
        dates: ReportDates {
            assessment_start: date(2026, 11, 18),
            assessment_end: Some(date(2026, 11, 20)),
            report_date: date(2026, 11, 21),
        },
        status: ReportStatus::Draft,
        revision: 1,
        summary: ScoreSummary {
            dimension_label: "レベル / Level".into(),
            rows: vec![
                ScoreRow { label: "Lv1".into(), supplier: rate(49, 51), auditor: rate(41, 51), result: "未達 / Not achieved".into() },
                ScoreRow { label: "Lv2".into(), supplier: rate(47, 51), auditor: rate(38, 51), result: "—".into() },
                ScoreRow { label: "Lv3".into(), supplier: rate(40, 51), auditor: rate(29, 51), result: "—".into() },
            ],
            row_legend: Vec::new(),
            overall: Some(ScoreRow {
                label: "全体 / Overall".into(),
                supplier: rate(136, 153),
                auditor: rate(108, 153),
                result: String::new(),
            }),
            grade: Some("C".into()),
            result_label: "達成レベル / Level achieved".into(),
            result_value: "なし / None".into(),
            groups: GROUPS
                .iter()
                .enumerate()
                .map(|(i, (g, _))| GroupRate {
                    label: (*g).into(),
                    supplier: Some(0.75 + 0.03 * i as f64),
                    auditor: Some(0.5 + 0.05 * i as f64),
                })
                .collect(),
            key_numbers: vec![
                KeyNumber { label: "対象項目 / Items in scope".into(), value: "153".into() },
                KeyNumber { label: "未解決の指摘 / Open findings".into(), value: "12".into() },
                KeyNumber { label: "相違 / Discrepancies".into(), value: "10".into() },
                KeyNumber { label: "証跡 / Evidence files".into(), value: "152".into() },
            ],
        },
        findings,
        discrepancies,
        items,
        sign_off: SignOff {
            auditor_name: "山田 花子".into(),
            organisation: "点検監査法人".into(),
            date: date(2026, 11, 21),
            statement: String::new(),
            trail_head: None,
        },
    }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is needed for this test (Debian: qpdf, poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn render_to(dir: &Path, input: &ReportInput) -> (RenderedPdf, String) {
    let pdf = render_pdf(input).expect("report renders");
    let path = dir.join("report.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write pdf");
    // For looking at the pages: TENKEN_REPORT_OUT=/tmp/r.pdf keeps a copy of the big report.
    if let (Ok(out), true) = (std::env::var("TENKEN_REPORT_OUT"), input.items.len() == 153) {
        std::fs::write(out, &pdf.bytes).expect("write TENKEN_REPORT_OUT");
    }
    (pdf, path.to_string_lossy().into_owned())
}

#[test]
fn report_for_153_items_is_valid_small_searchable_and_subset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = sample_input(153);
    let (pdf, path) = render_to(dir.path(), &input);

    assert!(pdf.bytes.len() < 1_000_000, "report is {} bytes, must stay under 1 MB", pdf.bytes.len());
    assert!(pdf.missing_chars.is_empty(), "font lacks {:?}", pdf.missing_chars);

    // Structure: qpdf finds nothing to complain about.
    let check = run("qpdf", &["--check", &path]);
    assert!(check.contains("No syntax or stream encoding errors found"), "{check}");
    assert!(!check.to_lowercase().contains("warning"), "{check}");

    // Page count agrees with what render_pdf reports; the signature is on the last page.
    let info = run("pdfinfo", &[&path]);
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim).expect("pdfinfo pages");
    assert_eq!(pages, pdf.page_count.to_string());
    assert!(pdf.page_count > 20, "153 items should need many pages, got {}", pdf.page_count);
    assert_eq!(pdf.signature.page_index, pdf.page_count - 1);
    let r = pdf.signature.rect;
    assert!(r.x > 0.0 && r.y > 0.0 && r.x + r.width < 595.3 && r.y + r.height < 841.9, "{r:?}");

    // The one font is IPAex Gothic, embedded, as a subset (XXXXXX+ tag), with a ToUnicode map.
    let fonts = run("pdffonts", &[&path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{fonts}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    let name = cols[0];
    let (tag, face) = name.split_once('+').unwrap_or_else(|| panic!("font is not a subset: {fonts}"));
    assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{fonts}");
    assert!(face.contains("IPAexGothic"), "{fonts}");
    let n = cols.len();
    assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb/sub/uni: {fonts}");

    // Text: the organisation, each level's rate as formatted, and exact requirement texts.
    // The running header, continuation line and footer are cropped away so a text split
    // over a page break joins up again.
    let all = run("pdftotext", &["-enc", "UTF-8", &path, "-"]);
    assert!(all.contains(ORGANISATION));
    for row in &input.summary.rows {
        for rate in [row.supplier.rate, row.auditor.rate] {
            assert!(all.contains(&format_rate(rate)), "rate {} missing", format_rate(rate));
        }
    }
    let body = run("pdftotext", &["-enc", "UTF-8", "-x", "0", "-y", "72", "-W", "596", "-H", "718", &path, "-"]);
    let joined: String = body.chars().filter(|c| *c != '\n' && *c != '\u{c}').collect();
    for i in [0usize, 1, 2, 37, 76, 100, 151, 152] {
        let text = &input.items[i].requirement;
        assert!(joined.contains(text.as_str()), "requirement of item {i} not found: {text}");
    }
    // The long commentary (wrapped over several lines, 、。 at many points) comes back whole.
    assert!(joined.contains(COMMENTARY), "commentary not found intact");

    // Kinsoku as printed: no extracted line starts with closing punctuation.
    for line in all.lines() {
        let first = line.trim_start().chars().next();
        assert!(!matches!(first, Some('、' | '。' | '，' | '．' | '）' | '」' | '』' | '】')), "line starts badly: {line}");
    }
    // Nothing is drawn outside the 20 mm side margins (every word's box, every page).
    let bbox = run("pdftotext", &["-bbox", &path, "-"]);
    let mut words = 0;
    for word in bbox.split("<word ").skip(1) {
        let attr = |name: &str| -> f64 {
            let start = word.find(&format!("{name}=\"")).expect("bbox attribute") + name.len() + 2;
            let end = start + word[start..].find('"').expect("closing quote");
            word[start..end].parse().expect("number")
        };
        words += 1;
        assert!(attr("xMin") >= 56.0 && attr("xMax") <= 539.3, "word outside the text block: {word}");
    }
    assert!(words > 5000, "only {words} words extracted");
}

#[test]
fn characters_the_font_lacks_are_reported_and_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut input = sample_input(3);
    input.items[1].supplier_remark = "対応済み😀です".into();
    input.status = ReportStatus::Final;
    let (pdf, path) = render_to(dir.path(), &input);
    assert_eq!(pdf.missing_chars, vec!['😀']);
    let text = run("pdftotext", &["-enc", "UTF-8", &path, "-"]);
    assert!(text.contains("対応済み〓です"), "replacement mark missing");
    assert!(!text.contains("下書き DRAFT"), "a final report must not carry the draft mark");
}

#[test]
fn draft_reports_carry_the_draft_mark_on_every_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = sample_input(20);
    let (pdf, path) = render_to(dir.path(), &input);
    let text = run("pdftotext", &["-enc", "UTF-8", &path, "-"]);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), pdf.page_count);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} lacks the draft mark", i + 1);
        assert!(page.contains(&format!("{} / {}", i + 1, pdf.page_count)), "page {} lacks its number", i + 1);
    }
}

#[test]
fn an_assessment_without_findings_items_or_chart_still_makes_a_clean_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut input = sample_input(0);
    input.findings.clear();
    input.discrepancies.clear();
    input.summary.groups.truncate(2); // too few spokes for a radar: the table stands alone
    input.summary.overall = None;
    input.summary.grade = None;
    input.status = ReportStatus::Final;
    let (pdf, path) = render_to(dir.path(), &input);
    let check = run("qpdf", &["--check", &path]);
    assert!(check.contains("No syntax or stream encoding errors found"), "{check}");
    let text = run("pdftotext", &["-enc", "UTF-8", &path, "-"]);
    for expected in ["指摘事項はありません。", "相違はありません。", "全0項目", "機密情報を扱うルール"] {
        assert!(text.contains(expected), "{expected} missing");
    }
    // Cover, summary, findings + discrepancies, appendix, sign-off.
    assert_eq!(pdf.page_count, 5);
    assert_eq!(pdf.signature.page_index, 4);
}
