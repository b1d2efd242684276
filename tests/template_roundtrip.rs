//! Round trip for every built-in catalog: blank template → answers filled programmatically
//! (the template's cells rewritten with rust_xlsxwriter, answers and remarks added) → import
//! gives back exactly the answers written, with no errors or warnings.

use std::collections::HashMap;

use rust_xlsxwriter::Workbook;
use tenken::catalog::{builtin_catalogs, in_scope};
use tenken::import::reader::read_workbook;
use tenken::import::{read_checksheet, table, Counts};
use tenken::model::{Scope, SupplierAnswer};
use tenken::template::{template_bytes, CHECKSHEET, COVER};

const CYCLE: [(&str, SupplierAnswer); 5] = [
    ("実施している", SupplierAnswer::Implemented),
    ("一部実施している", SupplierAnswer::Partial),
    ("実施していない", SupplierAnswer::NotImplemented),
    ("対象外", SupplierAnswer::NotApplicable),
    ("", SupplierAnswer::Unanswered),
];

/// What each item was filled with: the answer and the remark.
type Filled = HashMap<String, (SupplierAnswer, Option<String>)>;

/// Copy the template's cells into a new workbook, filling the cover and the 回答/備考 columns.
fn fill(template: &[u8]) -> (Vec<u8>, Filled) {
    let wb_in = read_workbook(template).unwrap();
    let mut wb = Workbook::new();
    let mut written = HashMap::new();
    for grid in &wb_in.sheets {
        let ws = wb.add_worksheet().set_name(&grid.name).unwrap();
        let last_row = grid.last_row().unwrap_or(0);
        let last_col = grid.last_col().unwrap_or(0);
        for r in 0..=last_row {
            for c in 0..=last_col {
                let t = grid.text(r, c);
                if !t.is_empty() {
                    ws.write_string(r, c as u16, t).unwrap();
                }
            }
        }
        if grid.name == COVER {
            ws.write_string(3, 1, "株式会社ラウンドトリップ").unwrap();
            ws.write_string(4, 1, "検証 花子").unwrap();
            ws.write_string(5, 1, "2025-04-01").unwrap();
        }
        if grid.name == CHECKSHEET {
            let cols = table::map_row(grid, 0, None);
            let id = cols.first(table::Role::Id).expect("id column");
            let ans = cols.first(table::Role::Answer).expect("answer column");
            let rem = cols.first(table::Role::Remark).expect("remark column");
            for r in 1..=last_row {
                let (text, answer) = CYCLE[r as usize % CYCLE.len()];
                let remark = (r % 3 == 0).then(|| format!("備考{r}"));
                if !text.is_empty() {
                    ws.write_string(r, ans as u16, text).unwrap();
                }
                if let Some(m) = &remark {
                    ws.write_string(r, rem as u16, m).unwrap();
                }
                written.insert(grid.text(r, id).to_string(), (answer, remark));
            }
        }
    }
    (wb.save_to_buffer().unwrap(), written)
}

#[test]
fn every_builtin_catalog_round_trips_through_its_template() {
    let catalogs = builtin_catalogs().unwrap();
    // The frameworks Tenken ships (catalogs/*.toml): each must be there and round trip.
    let mut ids: Vec<&str> = catalogs.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["external-service-selection", "jama-japia-2.2", "meti-cs-reliability-2025-draft", "meti-iss-standard-3", "mic-asp-saas"],
        "the built-in catalogs"
    );
    for cat in &catalogs {
        let scope = Scope::default();
        let template = template_bytes(cat, &scope).unwrap();
        let (filled, written) = fill(&template);
        let n = in_scope(cat, &scope).unwrap().len();
        assert_eq!(written.len(), n, "{}: one row per item in scope", cat.id);
        let r = read_checksheet(&filled, cat, &scope).unwrap_or_else(|e| panic!("{}: {e}", cat.id));
        assert!(r.errors.is_empty(), "{}: {:#?}", cat.id, r.errors);
        assert!(r.warnings.is_empty(), "{}: {:#?}", cat.id, r.warnings);
        assert!(r.extra_items.is_empty(), "{}", cat.id);
        assert_eq!(r.cover.company.as_deref(), Some("株式会社ラウンドトリップ"), "{}", cat.id);
        assert_eq!(r.cover.date.as_deref(), Some("2025-04-01"));
        assert_eq!(r.answers.len(), n, "{}", cat.id);
        let mut want = Counts::default();
        for a in &r.answers {
            let (answer, remark) = written.get(&a.item_id).unwrap_or_else(|| panic!("{}: item {} not written", cat.id, a.item_id));
            assert_eq!((a.answer, &a.remark), (*answer, remark), "{} item {}", cat.id, a.item_id);
            want.add(*answer);
        }
        assert_eq!(r.counts, want, "{}", cat.id);
    }
}

#[test]
fn a_scoped_template_lists_only_items_in_scope() {
    let catalogs = builtin_catalogs().unwrap();
    let jama = catalogs
        .iter()
        .find(|c| c.id == "jama-japia-2.2")
        .expect("the built-in JAMA/JAPIA catalog (catalogs/jama-japia-2.2.toml) is missing");
    let scope = Scope::parse_pairs(["target_level=1"]).unwrap();
    let wb = read_workbook(&template_bytes(jama, &scope).unwrap()).unwrap();
    let sheet = wb.sheets.iter().find(|g| g.name == CHECKSHEET).unwrap();
    let header: Vec<&str> = (0..9).map(|c| sheet.text(0, c)).collect();
    assert_eq!(header, ["ラベル", "目的", "要求事項", "No.", "レベル", "達成条件", "達成基準", "回答", "備考"]);
    let rows = sheet.last_row().unwrap() as usize;
    assert_eq!(rows, in_scope(jama, &scope).unwrap().len());
    assert!((1..=rows as u32).all(|r| sheet.text(r, 4) == "Lv1"));
}

#[test]
fn the_checksheet_has_a_dropdown_frozen_header_and_a4_landscape_print_setup() {
    use std::io::Read;
    let catalogs = builtin_catalogs().unwrap();
    let cat = &catalogs[0];
    let bytes = template_bytes(cat, &Scope::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet3.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains(r#"<dataValidation type="list""#), "dropdown on 回答");
    assert!(xml.contains("実施している,一部実施している,実施していない,対象外"), "the four canonical answers");
    assert!(xml.contains(r#"state="frozen""#), "frozen header");
    assert!(xml.contains(r#"paperSize="9""#) && xml.contains(r#"orientation="landscape""#), "A4 landscape");
    let mut wbxml = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut wbxml).unwrap();
    assert!(wbxml.contains("_xlnm.Print_Titles"), "header row repeated when printed");
}
