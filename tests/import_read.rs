//! Reading checksheets: the table is found by header text, answers are normalised, rows are
//! matched to catalog items with errors and warnings naming their cells, and broken or hostile
//! files fail with one clear file-level error. Fixtures are generated here.

mod import_support;

use rust_xlsxwriter::{Format, Formula, Workbook};
use tenken::import::{read_checksheet, Counts, ImportError};
use tenken::model::{Scope, SupplierAnswer};

use import_support::*;

/// A JAMA-style submission: cover sheet, title block above the header, merged labels, hidden
/// row and column, answer variants, full-width and text-typed numbers, a formula answer,
/// a duplicate No., an unknown answer, an unknown level and an unknown No.
fn jama_submission() -> Vec<u8> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet().set_name("表紙").unwrap();
    cover.write_string(2, 1, "会社名").unwrap();
    cover.write_string(2, 2, "株式会社サンプル部品").unwrap();
    cover.write_string(3, 1, "回答者").unwrap();
    cover.write_string(3, 2, "山田　太郎").unwrap();
    cover.write_string(4, 1, "回答日").unwrap();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    cover.write_number_with_format(4, 2, 45505.0, &date).unwrap(); // 2024-08-01
    let ws = wb.add_worksheet().set_name("チェックシート").unwrap();
    ws.write_string(0, 0, "サイバーセキュリティ対策チェックシート").unwrap();
    ws.write_string(1, 0, "※回答欄に選択してください").unwrap();
    let headers = ["ラベル", "目的", "要求事項", "No.", "レベル", "達成条件", "達成基準", "回答", "備考"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let merge = Format::new();
    ws.merge_range(5, 0, 7, 0, "1 方針", &merge).unwrap();
    ws.merge_range(8, 0, 13, 0, "2 体制", &merge).unwrap();
    // (row, No. cell, level, answer, remark)
    let rows: [(u32, &str, &str, &str, &str); 8] = [
        (5, "1", "Lv1", "○", "規程あり"),
        (6, "'2", "Lvl1", "実施していない", ""),
        (7, "３", "LV 2", "△", ""),
        (8, "13", "Level 1", "", ""),
        (9, "13", "Lv1", "実施している", "二重"),
        (10, "14", "レベル2", "たぶん", ""),
        (11, "99", "Lv3", "はい", "独自項目"),
        (12, "15", "Lv9", "対象外", ""),
    ];
    for (r, no, lv, ans, rem) in rows {
        ws.write_string(r, 2, format!("要求事項{no}")).unwrap();
        ws.write_string(r, 3, no).unwrap();
        ws.write_string(r, 4, lv).unwrap();
        if !ans.is_empty() {
            ws.write_string(r, 7, ans).unwrap();
        }
        if !rem.is_empty() {
            ws.write_string(r, 8, rem).unwrap();
        }
    }
    // No. 2 answered through a formula whose cached value is the answer.
    ws.write_formula(6, 7, Formula::new("=\"実施していない\"").set_result("実施していない")).unwrap();
    // A note row without a No., and a totals row.
    ws.write_string(14, 2, "※ 以下は参考").unwrap();
    ws.write_string(15, 6, "合計").unwrap();
    ws.set_row_hidden(7).unwrap();
    ws.set_column_hidden(5).unwrap();
    wb.save_to_buffer().unwrap()
}

fn counts(implemented: usize, partial: usize, not_implemented: usize, not_applicable: usize, unanswered: usize) -> Counts {
    Counts { implemented, partial, not_implemented, not_applicable, unanswered }
}

#[test]
fn a_jama_submission_is_read_with_exact_counts_errors_and_cells() {
    let r = read_checksheet(&jama_submission(), &jama(), &Scope::default()).unwrap();
    assert_eq!(r.sheet, "チェックシート");
    assert_eq!(r.header_row, 5);
    assert_eq!(r.cover.company.as_deref(), Some("株式会社サンプル部品"));
    assert_eq!(r.cover.respondent.as_deref(), Some("山田 太郎"));
    assert_eq!(r.cover.date.as_deref(), Some("2024-08-01"));
    // 1 ○, 2 実施していない (formula), 3 △, 13 blank (second row ignored), 14 unknown, 15 対象外.
    assert_eq!(r.counts, counts(1, 1, 1, 1, 2));
    let answer = |id: &str| r.answers.iter().find(|a| a.item_id == id).map(|a| a.answer);
    assert_eq!(answer("1"), Some(SupplierAnswer::Implemented));
    assert_eq!(answer("2"), Some(SupplierAnswer::NotImplemented));
    assert_eq!(answer("3"), Some(SupplierAnswer::Partial));
    assert_eq!(answer("13"), Some(SupplierAnswer::Unanswered));
    let a14 = r.answers.iter().find(|a| a.item_id == "14").unwrap();
    assert_eq!((a14.answer, a14.raw.as_deref()), (SupplierAnswer::Unanswered, Some("たぶん")));
    assert_eq!(r.answers.iter().find(|a| a.item_id == "1").unwrap().remark.as_deref(), Some("規程あり"));
    // Errors: duplicate 13 (row 10, D), unknown answer (row 11, H), unknown level (row 13, E).
    let cells: Vec<&str> = r.errors.iter().filter_map(|e| e.cell.as_deref()).collect();
    assert_eq!(cells, vec!["チェックシート!D10", "チェックシート!H11", "チェックシート!E13"], "{:#?}", r.errors);
    assert!(r.errors[0].notice.message.contains("first at row 9"), "{}", r.errors[0].notice.message);
    assert_eq!(r.errors[1].row, Some(11));
    assert_eq!(r.errors[1].column.as_deref(), Some("H"));
    // Extra item 99 with a warning at its No. cell, texts from the sheet, label from the merge
    // (「2 体制」 names the catalog's group 2, so the item joins that group).
    assert_eq!(r.extra_items.len(), 1);
    let x = &r.extra_items[0];
    assert_eq!((x.item.id.as_str(), x.item.level, x.item.group.as_str()), ("99", Some(3), "2"));
    assert_eq!(x.item.requirement, "要求事項99");
    assert_eq!(x.answer.answer, SupplierAnswer::Implemented);
    assert_eq!(r.extra_counts, counts(1, 0, 0, 0, 0));
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    assert_eq!(r.warnings[0].cell.as_deref(), Some("チェックシート!D12"));
}

#[test]
fn counts_follow_the_scope() {
    let scope = Scope::parse_pairs(["target_level=1"]).unwrap();
    let r = read_checksheet(&jama_submission(), &jama(), &scope).unwrap();
    // Level-1 items: 1 (○), 2 (×), 13 (blank).
    assert_eq!(r.counts, counts(1, 0, 1, 0, 1));
}

#[test]
fn english_headers_and_no_cover() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["No", "Requirement", "Level", "Answer", "Remarks"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (no, ans)) in [(1.0, "Yes"), (2.0, "No"), (3.0, "N/A"), (13.0, "partial")].iter().enumerate() {
        ws.write_number(r as u32 + 1, 0, *no).unwrap();
        ws.write_string(r as u32 + 1, 3, *ans).unwrap();
    }
    let r = read_checksheet(&wb.save_to_buffer().unwrap(), &jama(), &Scope::default()).unwrap();
    assert_eq!(r.header_row, 1);
    assert_eq!(r.counts, counts(1, 1, 1, 1, 2));
    assert!(r.errors.is_empty() && r.warnings.is_empty());
    assert_eq!(r.cover, Default::default());
}

#[test]
fn ods_with_spanned_labels_is_read() {
    let row = |cells: &[&str]| format!("<table:table-row>{}</table:table-row>", cells.iter().map(|c| ods_cell(c)).collect::<String>());
    let label = r#"<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>1 方針</text:p></table:table-cell>"#;
    let tables = format!(
        r#"<table:table table:name="表紙">{}</table:table><table:table table:name="チェックシート">{}{}<table:table-row>{label}{}</table:table-row><table:table-row><table:covered-table-cell/>{}</table:table-row><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="20"/></table:table-row></table:table>"#,
        row(&["会社名", "ODS工業株式会社"]),
        row(&["チェックシート"]),
        row(&["ラベル", "要求事項", "No.", "回答", "備考"]),
        ["要求事項1", "１", "◯", "メモ"].iter().map(|c| ods_cell(c)).collect::<String>(),
        ["要求事項99", "99", "×", ""].iter().map(|c| ods_cell(c)).collect::<String>(),
    );
    let r = read_checksheet(&ods(&tables), &jama(), &Scope::default()).unwrap();
    assert_eq!((r.sheet.as_str(), r.header_row), ("チェックシート", 2));
    assert_eq!(r.cover.company.as_deref(), Some("ODS工業株式会社"));
    assert_eq!(r.counts, counts(1, 0, 0, 0, 5));
    assert_eq!(r.extra_items.len(), 1);
    assert_eq!(r.extra_items[0].item.group, "1", "the label 「1 方針」 spans the extra item's row too and names group 1");
    assert_eq!(r.extra_items[0].answer.answer, SupplierAnswer::NotImplemented);
}

#[test]
fn xls_with_merged_labels_is_read() {
    let cells = [
        (0, 0, "ラベル"),
        (0, 1, "No."),
        (0, 2, "回答"),
        (1, 0, "1 方針"),
        (1, 1, "1"),
        (1, 2, "実施している"),
        (2, 1, "2"),
        (2, 2, "一部実施している"),
        (3, 1, "77"),
        (3, 2, "×"),
    ];
    let bytes = xls("Sheet1", &cells, &[(1, 3, 0, 0)], None);
    let r = read_checksheet(&bytes, &jama(), &Scope::default()).unwrap();
    assert_eq!(r.format, tenken::import::Format::Xls);
    assert_eq!(r.counts, counts(1, 1, 0, 0, 4));
    assert_eq!(r.extra_items[0].item.group, "1", "the merged label 「1 方針」 names group 1");
}

#[test]
fn external_criteria_rows_are_matched_by_text_and_role_picks_the_check_column() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("選定基準").unwrap();
    let m = Format::new();
    ws.write_string(0, 0, "外部サービス選定基準").unwrap();
    for (c, h) in ["No", "項目", "要求事項", "実施基準・実施例"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(1, 4, 1, 7, "必須/推奨", &m).unwrap();
    ws.merge_range(1, 8, 1, 9, "チェック", &m).unwrap();
    ws.write_string(2, 4, "ISMAPに登録されているサービス").unwrap();
    ws.write_string(2, 8, "導入事業者").unwrap();
    ws.write_string(2, 9, "外部サービス提供者").unwrap();
    ws.write_string(3, 4, "導入事業者").unwrap();
    ws.write_string(4, 0, "認証要件").unwrap();
    let rows = [
        ("公的認証資格", "当局が指定する公的認証資格を保有していること", "○", "×"),
        ("", "当局からの問い合わせを受け付ける 窓口があること", "×", "○"),
        ("", "SLA保証が契約内容に含まれること。", "", "△"),
        ("", "表にない要求事項", "○", "○"),
    ];
    for (i, (title, req, integ, prov)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 1, *title).unwrap();
        ws.write_string(r, 2, *req).unwrap();
        ws.write_string(r, 8, *integ).unwrap();
        ws.write_string(r, 9, *prov).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let cat = external();
    let provider = read_checksheet(&bytes, &cat, &Scope::parse_pairs(["role=provider"]).unwrap()).unwrap();
    assert_eq!(provider.answer_column.as_deref(), Some("J"));
    // Provider scope: items 2 (○) and 3 (△).
    assert_eq!(provider.counts, counts(1, 1, 0, 0, 0));
    assert_eq!(provider.warnings.len(), 1, "the unknown requirement text is warned: {:#?}", provider.warnings);
    assert_eq!(provider.warnings[0].cell.as_deref(), Some("選定基準!C9"));
    let integrator = read_checksheet(&bytes, &cat, &Scope::parse_pairs(["role=integrator"]).unwrap()).unwrap();
    assert_eq!(integrator.answer_column.as_deref(), Some("I"));
    assert_eq!(integrator.counts, counts(1, 0, 1, 0, 0));
}

#[test]
fn asp_saas_annex_ids_with_evaluation_letters_and_repeated_headers() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Annex 3").unwrap();
    let header = ["対策項目番号", "評価項目番号", "対策項目", "区分", "評価項目※", "実施チェック"];
    let write_header = |ws: &mut rust_xlsxwriter::Worksheet, r: u32| {
        for (c, h) in header.iter().enumerate() {
            ws.write_string(r, c as u16, *h).unwrap();
        }
    };
    write_header(ws, 0);
    ws.write_string(1, 0, "Ⅲ. 1. アプリケーション…に共通する情報セキュリティ対策").unwrap();
    ws.write_string(2, 0, "Ⅲ. 1. 1 運用・管理に関する共通対策").unwrap();
    ws.write_string(3, 0, "Ⅲ. 1. 1. 1 a").unwrap();
    ws.write_string(3, 5, "○").unwrap();
    ws.write_string(4, 0, "Ⅲ. 1. 1. 1 b").unwrap();
    ws.write_string(4, 5, "×").unwrap();
    write_header(ws, 5);
    ws.write_string(6, 0, "Ⅲ. 1. 1. 2").unwrap();
    ws.write_string(6, 1, "-").unwrap();
    ws.write_string(6, 5, "対象外").unwrap();
    let r = read_checksheet(&wb.save_to_buffer().unwrap(), &asp(), &Scope::default()).unwrap();
    // III.1.1.1: a ○ and b × → partial with a warning; III.1.1.2 対象外; III.1.1.3 no row.
    assert_eq!(r.counts, counts(0, 1, 0, 1, 1));
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    assert!(r.extra_items.is_empty());
}

/// The error a broken file is refused with (how fast: `cargo bench --bench import_read`).
fn file_error(bytes: &[u8]) -> ImportError {
    read_checksheet(bytes, &jama(), &Scope::default()).expect_err("must fail")
}

#[test]
fn broken_files_fail_with_one_clear_error() {
    assert!(matches!(file_error(b""), ImportError::Empty(_)));
    assert!(matches!(file_error(b"hello, this is text"), ImportError::NotASpreadsheet(_)));
    let good = jama_submission();
    let truncated = file_error(&good[..good.len() / 2]);
    assert!(matches!(truncated, ImportError::Damaged(_)), "{truncated}");
    assert!(truncated.to_string().contains("truncated"));
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "nothing here").unwrap();
    assert_eq!(file_error(&wb.save_to_buffer().unwrap()), ImportError::NoTable);
    let mut wb = Workbook::new();
    wb.add_worksheet();
    assert!(matches!(file_error(&wb.save_to_buffer().unwrap()), ImportError::Empty(_)));
}

#[test]
fn an_encrypted_workbook_is_refused() {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/EncryptionInfo").unwrap();
    cf.create_stream("/EncryptedPackage").unwrap();
    cf.flush().unwrap();
    let bytes = cf.into_inner().into_inner();
    assert_eq!(file_error(&bytes), ImportError::Encrypted);
}

#[test]
fn a_cell_at_xfd1048576_is_refused_naming_the_cell() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("チェックシート").unwrap();
    for (c, h) in ["No.", "回答"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1048575, 16383, "x").unwrap();
    let e = file_error(&wb.save_to_buffer().unwrap());
    assert!(matches!(e, ImportError::TooLarge(_)), "{e}");
    assert!(e.to_string().contains("チェックシート!XFD1048576"), "{e}");
}

#[test]
fn a_zip_bomb_is_refused_before_parsing() {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..60 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    let e = file_error(&buf.into_inner());
    assert!(matches!(e, ImportError::TooLarge(_)), "{e}");
    assert!(e.to_string().contains("zip bomb"), "{e}");
}

#[test]
fn huge_declared_xls_dimensions_are_refused() {
    let bytes = xls("Sheet1", &[(0, 0, "No."), (0, 1, "回答")], &[], Some((0, 1_000_000, 0, 200)));
    let e = file_error(&bytes);
    assert!(matches!(e, ImportError::TooLarge(_)), "{e}");
    let bytes = xls("Sheet1", &[(0, 0, "No."), (0, 1, "回答"), (65000, 250, "x")], &[], None);
    assert!(matches!(file_error(&bytes), ImportError::TooLarge(_)));
}

#[test]
fn an_ods_value_repeated_over_a_million_rows_is_refused() {
    let tables = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>No.</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>回答</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
    assert!(matches!(file_error(&ods(tables)), ImportError::TooLarge(_)));
}

#[test]
fn a_reading_serialises_for_the_app() {
    let r = read_checksheet(&jama_submission(), &jama(), &Scope::default()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["counts"]["implemented"], 1);
    assert_eq!(v["errors"][1]["cell"], "チェックシート!H11");
    let back: tenken::import::Reading = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}

#[test]
fn a_no_cell_merged_over_two_lines_is_one_item_not_a_duplicate() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["No.", "要求事項", "回答", "備考"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let m = Format::new();
    ws.merge_range(1, 0, 2, 0, "1", &m).unwrap();
    ws.merge_range(1, 2, 2, 2, "実施している", &m).unwrap();
    ws.write_string(1, 1, "要求事項1 (1行目)").unwrap();
    ws.write_string(2, 1, "要求事項1 (2行目)").unwrap();
    ws.write_string(3, 0, "No.2").unwrap();
    ws.write_string(3, 2, "×").unwrap();
    let r = read_checksheet(&wb.save_to_buffer().unwrap(), &jama(), &Scope::default()).unwrap();
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!(r.counts, counts(1, 0, 1, 0, 4));
}

#[test]
fn fuzz_findings_fail_cleanly() {
    // Found by `cargo fuzz run import`: an xls whose sheet record points beyond the stream.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    {
        let name = "fuzz-xls-sheet-beyond-stream.xls";
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let e = file_error(&bytes);
        assert!(matches!(e, ImportError::Damaged(_)), "{name}: {e}");
    }
}

#[test]
fn fuzz_finding_with_many_rows_reads_what_it_holds() {
    // Found by `cargo fuzz run import` (timeout): a mutated xls whose many rows made the header
    // re-detection scan every column of every row.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-xls-many-rows-timeout.xls");
    let bytes = std::fs::read(path).unwrap();
    // How long it takes is measured by `cargo bench --bench import_read` (bench/README.md);
    // here, what it reads: the header on row 1 and the one answered row, nothing invented.
    let r = read_checksheet(&bytes, &jama(), &Scope::default()).expect("the mutated xls still reads");
    assert_eq!((r.sheet.as_str(), r.header_row), ("Sheet1", 1));
    let answers: Vec<(&str, SupplierAnswer, Option<&str>)> =
        r.answers.iter().map(|a| (a.item_id.as_str(), a.answer, a.cell.as_deref())).collect();
    assert_eq!(answers, [("1", SupplierAnswer::Partial, Some("Sheet1!C2"))]);
    assert_eq!(r.counts, counts(0, 1, 0, 0, 5));
    assert!(r.errors.is_empty() && r.warnings.is_empty() && r.extra_items.is_empty(), "{:#?} {:#?}", r.errors, r.warnings);
}

#[test]
fn an_extra_item_joins_the_catalog_group_its_label_names_in_any_common_form() {
    // Labels as sheets write them: id and name, id with a dot, name alone, id alone; and one
    // the catalog lacks, which stays a section of its own.
    let cells = [
        (0, 0, "ラベル"),
        (0, 1, "No."),
        (0, 2, "回答"),
        (1, 0, "1 方針"),
        (1, 1, "71"),
        (1, 2, "実施している"),
        (2, 0, "1.方針"),
        (2, 1, "72"),
        (2, 2, "実施している"),
        (3, 0, "方針"),
        (3, 1, "73"),
        (3, 2, "実施している"),
        (4, 0, "1"),
        (4, 1, "74"),
        (4, 2, "実施している"),
        (5, 0, "9 独自の分類"),
        (5, 1, "75"),
        (5, 2, "実施している"),
    ];
    let bytes = xls("Sheet1", &cells, &[], None);
    let r = read_checksheet(&bytes, &jama(), &Scope::default()).unwrap();
    let groups: Vec<(&str, &str)> = r.extra_items.iter().map(|x| (x.item.id.as_str(), x.item.group.as_str())).collect();
    assert_eq!(groups, [("71", "1"), ("72", "1"), ("73", "1"), ("74", "1"), ("75", "9 独自の分類")]);
}
