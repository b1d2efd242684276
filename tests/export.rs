//! Exporting results: the Excel workbook reads back exactly, has its radar chart, and opens in
//! LibreOffice; the JSON export carries the whole assessment and its score.

mod common;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;

/// A JAMA Lv1 assessment with a few verdicts, a note, a finding and evidence, via the CLI.
fn assessment(db: &Path, dir: &Path) {
    tenken_ok(
        db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社エクスポート",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 花子",
        ],
    );
    tenken_ok(db, &["verdict", "1", "1", "conforms", "--note", "方針文書を確認"]);
    tenken_ok(db, &["verdict", "1", "4", "partial", "--note", "退職時の誓約が未整備"]);
    tenken_ok(db, &["verdict", "1", "8", "nonconforming"]);
    let ev = dir.join("写真.png");
    std::fs::write(&ev, b"\x89PNG not really").unwrap();
    tenken_ok(db, &["evidence", "add", "1", "1", ev.to_str().unwrap()]);
    tenken_ok(
        db,
        &[
            "finding",
            "add",
            "1",
            "--item",
            "8",
            "--severity",
            "major",
            "--description",
            "情報機器の利用ルールが未策定",
            "--owner",
            "情報システム部",
            "--due",
            "2027-03-31",
        ],
    );
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    range.get((row, col)).map(|c| c.to_string()).unwrap_or_default()
}

fn column(range: &calamine::Range<Data>, header: &str) -> usize {
    (0..range.width()).find(|&c| cell(range, 0, c) == header).unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn xlsx_results_read_back_exactly_and_carry_summary_chart_findings_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assessment(&db, dir.path());
    let xlsx = dir.path().join("results.xlsx");
    tenken_ok(&db, &["export", "1", "--xlsx", xlsx.to_str().unwrap()]);

    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["チェックシート", "サマリー", "指摘事項", "メタデータ"]);
    let sheet = wb.worksheet_range("チェックシート").unwrap();
    assert_eq!(sheet.height(), 31, "header + the 30 Lv1 items");
    let (no, verdict, note, req) =
        (column(&sheet, "No."), column(&sheet, "監査判定"), column(&sheet, "監査メモ"), column(&sheet, "要求事項"));
    let row_of = |id: &str| (1..sheet.height()).find(|&r| cell(&sheet, r, no) == id).unwrap();
    assert_eq!(cell(&sheet, row_of("1"), verdict), "適合");
    assert_eq!(cell(&sheet, row_of("1"), note), "方針文書を確認");
    assert_eq!(cell(&sheet, row_of("4"), verdict), "一部適合");
    assert_eq!(cell(&sheet, row_of("8"), verdict), "不適合");
    assert_eq!(cell(&sheet, row_of("9"), verdict), "未確認");
    assert_eq!(cell(&sheet, row_of("4"), req), "機密情報のセキュリティに関する社内ルールを規定していること");
    assert_eq!(cell(&sheet, row_of("1"), column(&sheet, "証跡数")), "1");
    assert!(cell(&sheet, row_of("8"), column(&sheet, "指摘")).contains("情報機器の利用ルールが未策定"));

    let findings = wb.worksheet_range("指摘事項").unwrap();
    assert_eq!(cell(&findings, 1, 3), "情報機器の利用ルールが未策定");
    assert_eq!(cell(&findings, 1, 6), "2027-03-31");
    let meta = wb.worksheet_range("メタデータ").unwrap();
    let meta_text: Vec<String> = (0..meta.height()).map(|r| cell(&meta, r, 1)).collect();
    assert!(meta_text.iter().any(|v| v == "株式会社エクスポート"));
    assert!(meta_text.iter().any(|v| v == "target_level=1"));

    // The summary's radar chart is a native Excel chart with both series.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let chart =
        (0..zip.len()).find(|&i| zip.by_index(i).unwrap().name().is_ok_and(|n| n.starts_with("xl/charts/chart"))).expect("a chart part");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_index(chart).unwrap(), &mut xml).unwrap();
    assert!(xml.contains("<c:radarChart>"), "radar chart");
    assert_eq!(xml.matches("<c:ser>").count(), 2, "supplier and auditor series");
}

#[test]
fn xlsx_results_open_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lo.db");
    assessment(&db, dir.path());
    let xlsx = dir.path().join("results.xlsx");
    tenken_ok(&db, &["export", "1", "--xlsx", xlsx.to_str().unwrap()]);
    let profile = dir.path().join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/prereqs.sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.path().join("results.pdf");
    assert!(std::fs::metadata(&pdf).map(|m| m.len() > 1000).unwrap_or(false), "LibreOffice produced a PDF");
}

#[test]
fn json_export_carries_the_assessment_and_its_score() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    assessment(&db, dir.path());
    let json = dir.path().join("a.json");
    tenken_ok(&db, &["export", "1", "--json", json.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["format"], "tenken.assessment/1");
    assert_eq!(v["organisation"]["name"], "株式会社エクスポート");
    assert_eq!(v["results"].as_array().unwrap().len(), 3);
    assert_eq!(v["findings"][0]["owner"], "情報システム部");
    assert_eq!(v["evidence"][0]["file_name"], "写真.png");
    let score: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["score", "1", "--json"])).unwrap();
    assert_eq!(v["score"], score, "the export's score is the score command's");
    // 1 conforms of 30 Lv1 items, none N/A.
    assert_eq!(score["auditor"]["counts"]["implemented"], 1);
    assert!((score["auditor"]["rate"].as_f64().unwrap() - 1.0 / 30.0).abs() < 1e-9);
    assert_eq!(score["open_findings"], 1);
}

#[test]
fn pdf_report_is_valid_subset_searchable_and_prints_the_scores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    assessment(&db, dir.path());
    let pdf = dir.path().join("report.pdf");
    tenken_ok(&db, &["export", "1", "--pdf", pdf.to_str().unwrap()]);
    let run = |cmd: &str, args: &[&str]| {
        let out = std::process::Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    let p = pdf.to_str().unwrap();
    assert!(run("qpdf", &["--check", p]).contains("No syntax or stream encoding errors"));
    let fonts = run("pdffonts", &[p]);
    assert!(fonts.lines().any(|l| l.contains("+IPAexGothic") && l.contains(" yes yes ")), "embedded subset font:\n{fonts}");
    assert!(std::fs::metadata(&pdf).unwrap().len() < 1_000_000);
    let text = run("pdftotext", &["-layout", p, "-"]);
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains("株式会社エクスポート"));
    let score: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["score", "1", "--json"])).unwrap();
    let lv1 = score["auditor"]["levels"][0]["rate"].as_f64().unwrap();
    assert!(joined.contains(&format!("{:.1}%", lv1 * 100.0)), "Lv1 auditor rate {lv1} printed");
    assert!(joined.contains("機密情報のセキュリティに関する社内ルールを規定していること"), "requirement text of item 4");
    assert!(joined.contains("DRAFT") || joined.contains("下書き"), "an unsigned report is a draft");
}

/// Every text of an xlsx workbook, all sheets, cell by cell.
fn workbook_texts(path: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        out.extend(range.cells().map(|(_, _, c)| c.to_string()).filter(|s| !s.is_empty()));
    }
    out
}

/// The ASP・SaaS guideline calls its classes 基本 (優先的に実施すべき) and 推奨 and says they are not
/// mandatory requirements: its reports, workbook and CLI use those words with the guideline's
/// definitions, and never 必須 or "mandatory".
#[test]
fn mic_outputs_say_basic_and_recommended_with_the_guidelines_meaning_never_mandatory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mic.db");
    tenken_ok(
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社エーエスピー",
            "--catalog",
            "mic-asp-saas",
            "--scope",
            "pattern=3",
            "--auditor",
            "監査 次郎",
        ],
    );
    tenken_ok(&db, &["verdict", "1", "II.1.1.1", "conforms"]);
    tenken_ok(&db, &["verdict", "1", "III.1.1.1", "partial"]);
    let (pdf, xlsx) = (dir.path().join("mic.pdf"), dir.path().join("mic.xlsx"));
    tenken_ok(&db, &["export", "1", "--pdf", pdf.to_str().unwrap(), "--xlsx", xlsx.to_str().unwrap()]);
    const BASIC: &str = "基本: ASP・SaaS サービスを提供するにあたり、優先的に実施すべき情報セキュリティ対策（I. 8. 2 基本・推奨）";
    const RECOMMENDED: &str =
        "推奨: ASP・SaaS サービスを提供するにあたり、実施することが望まれる情報セキュリティ対策（I. 8. 2 基本・推奨）";

    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let joined: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    for legend in [BASIC, RECOMMENDED] {
        let legend: String = legend.split_whitespace().collect();
        assert!(joined.contains(&legend), "the PDF prints the guideline's definition {legend}");
    }
    for word in ["必須", "Mandatory", "mandatory"] {
        assert!(!joined.contains(word), "the MIC report says {word}");
    }

    let texts = workbook_texts(&xlsx);
    assert!(texts.iter().any(|t| t == BASIC) && texts.iter().any(|t| t == RECOMMENDED), "the workbook quotes I. 8. 2");
    let wrong: Vec<&String> = texts.iter().filter(|t| t.contains("必須") || t.to_lowercase().contains("mandatory")).collect();
    assert!(wrong.is_empty(), "the MIC workbook says {wrong:?}");

    let score: serde_json::Value = serde_json::from_str(&tenken_ok(&db, &["score", "1", "--json"])).unwrap();
    let needs: Vec<(String, String)> = score["auditor"]["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["key"].as_str().unwrap().into(), b["label"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        needs,
        [("mandatory".to_string(), "基本".to_string()), ("recommended".into(), "推奨".into())],
        "key is the contract, label the guideline's word"
    );
    let shown = tenken_ok(&db, &["catalog", "show", "mic-asp-saas"]);
    assert!(shown.contains(BASIC) && shown.contains(RECOMMENDED), "{shown}");
}

/// The external criteria print 必須/推奨 themselves: their gate keeps the word, and a criterion's
/// note on its source text is shown with it (`catalog show --item`, the PDF appendix).
#[test]
fn external_outputs_keep_mandatory_and_show_item_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ext.db");
    tenken_ok(
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社クラウド",
            "--catalog",
            "external-service-selection",
            "--scope",
            "ismap=not_registered",
            "--scope",
            "role=integrator",
        ],
    );
    let (pdf, xlsx) = (dir.path().join("ext.pdf"), dir.path().join("ext.xlsx"));
    tenken_ok(&db, &["export", "1", "--pdf", pdf.to_str().unwrap(), "--xlsx", xlsx.to_str().unwrap()]);
    let texts = workbook_texts(&xlsx);
    assert!(texts.iter().any(|t| t == "必須項目 / Mandatory gate"), "gate row in the criteria's word");
    assert!(texts.iter().any(|t| t == "必須・推奨別 / By need"), "need table in the criteria's words");
    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let joined: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    assert!(joined.contains("必須項目ゲート/Mandatorygate"), "PDF gate label");
    assert!(joined.contains("「友連れ防止扉」は原文のまま"), "item 15's note in the PDF appendix");
    let item = tenken_ok(&db, &["catalog", "show", "external-service-selection", "--item", "24"]);
    assert!(item.contains("■ 注記 / Note") && item.contains("「SSLによる通信経路の暗号化」"), "{item}");
}
