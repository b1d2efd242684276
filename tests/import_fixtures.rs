//! Checksheets written by other producers (openpyxl .xlsx, xlwt BIFF8 .xls, and a BIFF12 .xlsb
//! written to the MS-XLSB specification), committed under tests/fixtures/ and made by
//! tools/fixtures/make_fixtures.py and make_xlsb.py: the same submission must give the same
//! counts, errors and cells as from Tenken's own writers.

mod import_support;

use tenken::import::{read_checksheet, Counts, Format, Reading};
use tenken::model::Scope;

fn read(name: &str) -> Reading {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let bytes = std::fs::read(&path).unwrap();
    read_checksheet(&bytes, &import_support::jama(), &Scope::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check_common(r: &Reading) {
    assert_eq!(r.sheet, "チェックシート");
    // 1 ◯, 2 いいえ, ３ 一部, 13 blank (its second row is a duplicate), 14 検討中 (error), 15 該当なし.
    assert_eq!(r.counts, Counts { implemented: 1, partial: 1, not_implemented: 1, not_applicable: 1, unanswered: 2 });
    let cells: Vec<&str> = r.errors.iter().filter_map(|e| e.cell.as_deref()).collect();
    assert_eq!(cells, ["チェックシート!D8", "チェックシート!H9"], "{:#?}", r.errors);
    assert_eq!(r.extra_items.len(), 1);
    assert_eq!(r.extra_items[0].item.id, "99");
    // The merged label 「2 体制」 names the catalog's group 2: the extra item joins it.
    assert_eq!(r.extra_items[0].item.group, "2");
    assert_eq!(r.warnings.iter().filter_map(|w| w.cell.as_deref()).collect::<Vec<_>>(), ["チェックシート!D10"]);
}

#[test]
fn an_openpyxl_workbook_with_merges_and_hidden_rows() {
    let r = read("openpyxl_jama.xlsx");
    assert_eq!(r.format, Format::Xlsx);
    assert_eq!(r.header_row, 3);
    check_common(&r);
    assert_eq!(r.cover.company.as_deref(), Some("openpyxl 工業株式会社"));
    assert_eq!(r.cover.respondent.as_deref(), Some("佐藤 次郎"));
    assert_eq!(r.cover.date.as_deref(), Some("2024-09-30"));
}

#[test]
fn an_xlwt_biff8_workbook_with_shared_strings_and_merges() {
    let r = read("xlwt_jama.xls");
    assert_eq!(r.format, Format::Xls);
    assert_eq!(r.header_row, 3);
    check_common(&r);
    assert_eq!(r.cover.company.as_deref(), Some("xlwt 精機株式会社"));
    assert_eq!(r.cover.date.as_deref(), Some("2024-10-01"));
}

/// What a reading says about a row: item, answer, the text as written, remark and cell.
type RowSaid = (String, tenken::model::SupplierAnswer, Option<String>, Option<String>, Option<String>);

fn answers(r: &Reading) -> Vec<RowSaid> {
    r.answers.iter().map(|a| (a.item_id.clone(), a.answer, a.raw.clone(), a.remark.clone(), a.cell.clone())).collect()
}

/// An Excel binary workbook (BIFF12) with the openpyxl file's submission, written by
/// tools/fixtures/make_xlsb.py: the same answers, cells, errors and merged labels.
#[test]
fn an_excel_binary_xlsb_workbook_gives_the_same_answers() {
    let r = read("biff12_jama.xlsb");
    assert_eq!(r.format, Format::Xlsb);
    assert_eq!(r.header_row, 3);
    check_common(&r);
    assert_eq!(r.cover.company.as_deref(), Some("xlsb 電機株式会社"));
    assert_eq!(r.cover.respondent.as_deref(), Some("鈴木 花子"));
    assert_eq!(r.cover.date.as_deref(), Some("2024-11-05"));
    let xlsx = read("openpyxl_jama.xlsx");
    assert_eq!(answers(&r), answers(&xlsx), "row by row, what the xlsx gives");
    assert_eq!(r.answers.len(), 6);
}

/// The xlsb fixture through `tenken import` into a database, as a supplier's file arrives:
/// the report matches the one for the same submission as xlsx, and the trail verifies.
#[test]
fn the_xlsb_fixture_imports_through_the_cli_as_the_xlsx_does() {
    let dir = tempfile::tempdir().unwrap();
    let tenken = |db: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenken"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("TENKEN_DB")
            .env("TENKEN_ACTOR", "test")
            .env("XDG_DATA_HOME", dir.path().join("home"))
            .output()
            .unwrap();
        assert!(out.status.success(), "tenken {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let import = |name: &str| -> serde_json::Value {
        let db = dir.path().join(format!("{name}.db"));
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let report = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--json"]);
        tenken(&db, &["log", "--verify"]);
        serde_json::from_str(&report).unwrap()
    };
    let (xlsb, xlsx) = (import("biff12_jama.xlsb"), import("openpyxl_jama.xlsx"));
    assert_eq!(xlsb["organisation"], "xlsb 電機株式会社");
    assert_eq!(xlsb["cover"]["date"], "2024-11-05");
    for key in ["sheet", "header_row", "counts", "extra_items", "extra_item_ids", "warnings", "errors"] {
        assert_eq!(xlsb[key], xlsx[key], "{key}");
    }
    assert_eq!(xlsb["counts"]["implemented"], 1, "{}", xlsb["counts"]);
}
