//! Issue 19, point 14: a sheet with one answer column per role (導入事業者 / 外部サービス提供者)
//! is read from the column of the role the assessment's scope names, against the built-in
//! external service selection catalog — with the role under a merged チェック header (and `No.`
//! merged down over the sub-header row, as the source sheet is laid out), or in the header
//! cell itself (`チェック（外部サービス提供者）`). Through the library and the `tenken import` CLI.

mod common;

use rust_xlsxwriter::{Format, Workbook};
use tenken::catalog::{builtin_catalogs, in_scope, Catalog};
use tenken::import::read_checksheet;
use tenken::model::Scope;

const CATALOG: &str = "external-service-selection";

fn catalog() -> Catalog {
    builtin_catalogs().unwrap().into_iter().find(|c| c.id == CATALOG).expect("external criteria catalog")
}

fn scope(role: &str) -> Scope {
    Scope::parse_pairs(["ismap=not_registered".to_string(), format!("role={role}")]).unwrap()
}

/// How the two role columns are headed.
#[derive(Clone, Copy)]
enum Layout {
    /// `チェック` merged over both columns, the roles in the row below; `No.`, `項目` and
    /// `要求事項` merged down over both header rows.
    MergedGroupHeader,
    /// One header row: `チェック（導入事業者）`, `チェック（外部サービス提供者）`.
    RoleInHeaderCell,
}

/// A sheet answering every catalog item: 実施している for the integrator, 実施していない for
/// the provider, so the column read shows in the counts.
fn sheet(layout: Layout) -> Vec<u8> {
    let cat = catalog();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("選定基準").unwrap();
    let f = Format::new();
    ws.write_string(0, 0, "外部サービス選定基準").unwrap();
    let first_data = match layout {
        Layout::MergedGroupHeader => {
            for (c, h) in ["No.", "項目", "要求事項"].iter().enumerate() {
                ws.merge_range(1, c as u16, 2, c as u16, h, &f).unwrap();
            }
            ws.merge_range(1, 3, 1, 4, "チェック", &f).unwrap();
            ws.write_string(2, 3, "導入事業者").unwrap();
            ws.write_string(2, 4, "外部サービス提供者").unwrap();
            3
        }
        Layout::RoleInHeaderCell => {
            for (c, h) in ["No.", "項目", "要求事項", "チェック（導入事業者）", "チェック（外部サービス提供者）"].iter().enumerate()
            {
                ws.write_string(1, c as u16, *h).unwrap();
            }
            2
        }
    };
    for (i, item) in cat.items.iter().enumerate() {
        let r = first_data + i as u32;
        ws.write_string(r, 0, &item.id).unwrap();
        ws.write_string(r, 1, item.title.as_deref().unwrap_or("")).unwrap();
        ws.write_string(r, 2, &item.requirement).unwrap();
        ws.write_string(r, 3, "実施している").unwrap();
        ws.write_string(r, 4, "実施していない").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn in_scope_count(role: &str) -> u64 {
    in_scope(&catalog(), &scope(role)).unwrap().len() as u64
}

#[test]
fn each_role_reads_its_own_column_under_a_merged_group_header() {
    let bytes = sheet(Layout::MergedGroupHeader);
    let cat = catalog();
    let provider = read_checksheet(&bytes, &cat, &scope("provider")).unwrap();
    assert_eq!(provider.answer_column.as_deref(), Some("E"), "{:#?}", provider.warnings);
    assert_eq!(provider.counts.not_implemented as u64, in_scope_count("provider"));
    assert_eq!(provider.counts.implemented, 0);
    let integrator = read_checksheet(&bytes, &cat, &scope("integrator")).unwrap();
    assert_eq!(integrator.answer_column.as_deref(), Some("D"));
    assert_eq!(integrator.counts.implemented as u64, in_scope_count("integrator"));
    assert_eq!(integrator.counts.not_implemented, 0);
}

#[test]
fn each_role_reads_its_own_column_named_in_the_header_cell() {
    let bytes = sheet(Layout::RoleInHeaderCell);
    let cat = catalog();
    let provider = read_checksheet(&bytes, &cat, &scope("provider")).unwrap();
    assert_eq!(provider.answer_column.as_deref(), Some("E"), "{:#?}", provider.warnings);
    assert_eq!(provider.counts.not_implemented as u64, in_scope_count("provider"));
    let integrator = read_checksheet(&bytes, &cat, &scope("integrator")).unwrap();
    assert_eq!(integrator.answer_column.as_deref(), Some("D"));
    assert_eq!(integrator.counts.implemented as u64, in_scope_count("integrator"));
}

#[test]
fn the_cli_imports_the_providers_column_for_role_provider() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("external.xlsx");
    std::fs::write(&file, sheet(Layout::MergedGroupHeader)).unwrap();
    let out = common::tenken_ok(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--catalog",
            CATALOG,
            "--scope",
            "ismap=not_registered",
            "--scope",
            "role=provider",
            "--org",
            "株式会社外部",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["counts"]["implemented"], 0, "{v}");
    assert_eq!(v["counts"]["not_implemented"].as_u64(), Some(in_scope_count("provider")));
}
