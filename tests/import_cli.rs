//! `tenken import` end to end: one file into a new assessment (JSON report, evidence, refusal of
//! the same file again unless --force), a file-level failure storing nothing, and a folder batch
//! where one bad file does not stop the others.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use tenken::catalog::{builtin_catalogs, in_scope};
use tenken::model::Scope;

fn tenken(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenken")).arg("--db").arg(db).args(args).env("TENKEN_ACTOR", "test").output().expect("run tenken")
}

/// A JAMA checksheet for the built-in catalog: answers for its first three items, one unknown No.
fn jama_sheet(path: &Path, company: &str) {
    let cat = builtin_catalogs().unwrap().into_iter().find(|c| c.id == "jama-japia-2.2").expect("jama catalog");
    let answers = ["実施している", "一部実施している", "×"];
    let mut rows: Vec<(&str, &str, &str)> = cat.items.iter().take(3).zip(answers).map(|(item, a)| (item.id.as_str(), "", a)).collect();
    rows.push(("999", "独自の要求事項", "対象外"));
    common::write_checksheet(path, company, &rows);
}

fn jama_items() -> usize {
    let cats = builtin_catalogs().unwrap();
    let cat = cats.iter().find(|c| c.id == "jama-japia-2.2").unwrap();
    in_scope(cat, &Scope::default()).unwrap().len()
}

#[test]
fn one_file_is_imported_once_with_a_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("supplier-a.xlsx");
    jama_sheet(&file, "株式会社A");
    let out = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sheet"], "チェックシート");
    assert_eq!(v["header_row"], 3);
    assert_eq!(v["organisation"], "株式会社A");
    assert_eq!(v["cover"]["company"], "株式会社A");
    let c = &v["counts"];
    assert_eq!((c["implemented"].as_u64(), c["partial"].as_u64(), c["not_implemented"].as_u64()), (Some(1), Some(1), Some(1)));
    assert_eq!(c["unanswered"].as_u64(), Some(jama_items() as u64 - 3));
    assert_eq!(v["extra_items"]["not_applicable"], 1);
    assert_eq!(v["warnings"][0]["cell"], "チェックシート!A7");
    let id = v["assessment_id"].as_i64().unwrap();
    assert!(id > 0);
    // The same file again into the same assessment: refused, then accepted with --force.
    let again = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--into", &id.to_string()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already imported"), "{}", String::from_utf8_lossy(&again.stderr));
    let forced = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--into", &id.to_string(), "--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    let ev = tenken(&db, &["evidence", "list", &id.to_string(), "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&ev.stdout).unwrap_or_default();
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{}", String::from_utf8_lossy(&ev.stdout));
}

#[test]
fn a_broken_file_fails_with_one_sentence_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = dir.path().join("broken.xlsx");
    std::fs::write(&file, b"PK\x03\x04 this is not really a zip").unwrap();
    let out = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.xlsx") && err.contains("truncated or damaged"), "{err}");
    let list = tenken(&db, &["assessment", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(0));
}

#[test]
fn a_folder_is_imported_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    jama_sheet(&inbox.join("a.xlsx"), "株式会社A");
    jama_sheet(&inbox.join("b.xlsx"), "株式会社B");
    std::fs::write(inbox.join("c.xlsx"), b"garbage").unwrap();
    std::fs::write(inbox.join("notes.txt"), b"not a spreadsheet, not picked up").unwrap();
    let out = tenken(&db, &["import", inbox.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--json"]);
    assert!(!out.status.success(), "one file failed, so the exit code is non-zero");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let orgs: Vec<&str> = entries.iter().filter_map(|e| e["report"]["organisation"].as_str()).collect();
    assert_eq!(orgs, vec!["株式会社A", "株式会社B"]);
    let error = &entries[2]["error"];
    assert!(error["message"].as_str().unwrap().contains("c.xlsx"), "{error}");
    assert!(error["code"].as_str().is_some_and(|c| c.starts_with("import.")), "a script can match on the code: {error}");
    let human = tenken(&db, &["import", inbox.to_str().unwrap(), "--catalog", "jama-japia-2.2"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("3 files: 2 imported, 1 failed"), "{text}");
}
