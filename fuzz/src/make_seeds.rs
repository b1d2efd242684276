//! Writes the seed corpus for the `import` fuzz target into `corpus/import/`: a template of
//! every built-in catalog (xlsx), a filled JAMA-like sheet with merges, an ods and an xls
//! written by hand (the same writers as the integration tests).

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
    println!("seeds written to {}", dir.display());
    verify_seeds::write(Path::new(env!("CARGO_MANIFEST_DIR")));
    println!("verify seeds written to {}", Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/verify").display());
}
