//! Checksheets written by other producers (openpyxl .xlsx, xlwt BIFF8 .xls), committed under
//! tests/fixtures/ and made by tools/fixtures/make_fixtures.py: the same submission must give
//! the same counts, errors and cells as from Tenken's own writers.

mod import_support;

use tenken::import::{read_checksheet, Counts, Format, Reading};
use tenken::model::Scope;

fn read(name: &str) -> Reading {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    read_checksheet(&bytes, &import_support::jama(), &Scope::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check_common(r: &Reading) {
    assert_eq!(r.sheet, "チェックシート");
    // 1 ◯, 2 いいえ, ３ 一部, 13 blank (its second row is a duplicate), 14 検討中 (error), 15 該当なし.
    assert_eq!(
        r.counts,
        Counts {
            implemented: 1,
            partial: 1,
            not_implemented: 1,
            not_applicable: 1,
            unanswered: 2
        }
    );
    let cells: Vec<&str> = r.errors.iter().filter_map(|e| e.cell.as_deref()).collect();
    assert_eq!(
        cells,
        ["チェックシート!D8", "チェックシート!H9"],
        "{:#?}",
        r.errors
    );
    assert_eq!(r.extra_items.len(), 1);
    assert_eq!(r.extra_items[0].item.id, "99");
    // The merged label 「2 体制」 names the catalog's group 2: the extra item joins it.
    assert_eq!(r.extra_items[0].item.group, "2");
    assert_eq!(
        r.warnings
            .iter()
            .filter_map(|w| w.cell.as_deref())
            .collect::<Vec<_>>(),
        ["チェックシート!D10"]
    );
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
