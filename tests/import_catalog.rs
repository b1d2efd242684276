//! `tenken catalog import`: a user catalog built from a workbook with the standard columns,
//! commentary joined by No. from the built-in framework it is based on, usable at once for
//! templates and imports.

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;
use tenken::catalog::builtin_catalogs;

fn tenken(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenken"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .env_remove("TENKEN_DB")
        .output()
        .expect("run tenken")
}

#[test]
fn a_workbook_becomes_a_user_catalog_with_joined_commentary() {
    let cats = builtin_catalogs().unwrap();
    let jama = cats.iter().find(|c| c.id == "jama-japia-2.2").expect("jama catalog");
    let with_commentary: Vec<&tenken::catalog::Item> = jama.items.iter().filter(|i| !i.commentary.is_empty()).take(2).collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("社内版.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("要求事項一覧").unwrap();
    ws.write_string(0, 0, "社内セキュリティ基準").unwrap();
    for (c, h) in ["ラベル", "目的", "要求事項", "No.", "レベル", "達成条件", "達成基準"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let mut r = 3;
    for item in &with_commentary {
        ws.write_string(r, 0, "1 方針").unwrap();
        ws.write_string(r, 2, &item.requirement).unwrap();
        ws.write_string(r, 3, &item.id).unwrap();
        ws.write_string(r, 4, format!("Lv{}", item.level.unwrap_or(1))).unwrap();
        r += 1;
    }
    ws.write_string(r, 0, "9 社内独自").unwrap();
    ws.write_string(r, 2, "社内独自の要求事項").unwrap();
    ws.write_string(r, 3, "901").unwrap();
    ws.write_string(r, 4, "Lv2").unwrap();
    wb.save(&file).unwrap();

    let data = dir.path().join("data");
    let out = tenken(
        &data,
        &["catalog", "import", file.to_str().unwrap(), "--id", "inhouse", "--title", "社内基準", "--based-on", "jama-japia-2.2", "--json"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["items"], 3);
    assert_eq!(v["groups"], 2);
    assert_eq!(v["with_commentary"], 2);
    let written = std::fs::read_to_string(v["path"].as_str().unwrap()).unwrap();
    let cat = tenken::catalog::parse("inhouse.toml", &written).unwrap();
    assert_eq!(cat.items[0].commentary, with_commentary[0].commentary);
    assert_eq!(cat.items[2].id, "901");
    assert!(cat.items[2].commentary.is_empty());

    // The catalog is usable at once: listed, a template, an import.
    let list = tenken(&data, &["catalog", "list", "--json"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("\"inhouse\""));
    let template = dir.path().join("blank.xlsx");
    let t = tenken(&data, &["template", "--catalog", "inhouse", "-o", template.to_str().unwrap()]);
    assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
    let db = dir.path().join("t.db");
    let i = tenken(&data, &["--db", db.to_str().unwrap(), "import", template.to_str().unwrap(), "--catalog", "inhouse", "--json"]);
    assert!(i.status.success(), "{}", String::from_utf8_lossy(&i.stderr));
    let rep: serde_json::Value = serde_json::from_slice(&i.stdout).unwrap();
    assert_eq!(rep["counts"]["unanswered"], 3);

    // Importing again under the same id is refused and nothing is overwritten.
    let again = tenken(&data, &["catalog", "import", file.to_str().unwrap(), "--id", "inhouse", "--title", "x"]);
    assert!(!again.status.success());
}
