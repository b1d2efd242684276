//! Writes the seed corpus for the `import` fuzz target into `corpus/import/`: a template of
//! every built-in catalog (xlsx), a filled JAMA-like sheet with merges, an ods and an xls
//! written by hand (the same writers as the integration tests), and one seed per class of
//! hostile file of issue 19 (`tests/import_support/hostile.rs`): a long shared string in many
//! cells (xlsx, xls), ods values expanded by repeats, an xls with two workbook streams, and
//! repeated or overlapping merges. They are smaller than the test files (the fuzzer's
//! `-max_len` is 256 KB) but of the same shape.

mod verify_seeds;

#[path = "../../tests/import_support/mod.rs"]
#[allow(dead_code)]
mod support;

use std::path::Path;

use tenken::catalog::builtin_catalogs;
use tenken::model::Scope;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/import");
    std::fs::create_dir_all(&dir).expect("corpus dir");
    for c in builtin_catalogs().expect("catalogs") {
        // Small scopes keep seeds small: the first option of every dimension.
        let pairs: Vec<String> = c.scope.iter().map(|d| format!("{}={}", d.key, d.options[0].value)).collect();
        let scope = Scope::parse_pairs(&pairs).expect("scope");
        let bytes = tenken::template::template_bytes(&c, &scope).expect("template");
        std::fs::write(dir.join(format!("template-{}.xlsx", c.id)), bytes).expect("write");
    }
    let ods = support::ods(&format!(
        r#"<table:table table:name="S"><table:table-row>{}{}{}</table:table-row><table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>1 方針</text:p></table:table-cell>{}{}</table:table-row></table:table>"#,
        support::ods_cell("ラベル"),
        support::ods_cell("No."),
        support::ods_cell("回答"),
        support::ods_cell("1"),
        support::ods_cell("○")
    ));
    std::fs::write(dir.join("small.ods"), ods).expect("write");
    let xls = support::xls("Sheet1", &[(0, 0, "ラベル"), (0, 1, "No."), (0, 2, "回答"), (1, 0, "1 方針"), (1, 1, "1"), (1, 2, "△")], &[(1, 2, 0, 0)], None);
    std::fs::write(dir.join("small.xls"), xls).expect("write");
    let hostile = |name: &str, bytes: Vec<u8>| {
        assert!(bytes.len() <= 262_144, "seed {name} is {} bytes, over -max_len", bytes.len());
        std::fs::write(dir.join(name), bytes).expect("write");
    };
    use support::hostile as h;
    hostile("hostile-shared-string.xlsx", h::xlsx_shared_string_bomb(32_000, 20_000));
    hostile("hostile-long-cell.xlsx", h::xlsx_shared_string_bomb(40_000, 3));
    for (name, bytes) in h::ods_bombs() {
        hostile(&format!("hostile-{name}.ods"), bytes);
    }
    let sst = h::xls_sst_bomb_stream(32_000, 12_000);
    hostile("hostile-shared-string.xls", h::cfb_file(&[("/Workbook", &sst)]));
    let harmless = h::workbook_stream(&support::xls("Sheet1", &[(0, 0, "表紙だけ")], &[], None));
    for (name, bytes) in h::xls_two_streams(&harmless, &h::xls_sst_bomb_stream(32_000, 4_000)) {
        hostile(&format!("hostile-{name}.xls"), bytes);
    }
    hostile("hostile-repeated-merge.xlsx", h::xlsx_repeated_merge("A1:BL64", "BL64", 99_999));
    hostile("hostile-overlapping-merges.xlsx", h::xlsx_overlapping_merges(60, 1_500));
    println!("seeds written to {}", dir.display());
    verify_seeds::write(Path::new(env!("CARGO_MANIFEST_DIR")));
    println!("verify seeds written to {}", Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/verify").display());
}
