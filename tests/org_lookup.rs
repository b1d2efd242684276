//! Issue 19, point 14: organisations are looked up by id (`--org-id`) or by exact name
//! (`--org`), never guessed from one text: an organisation named `1` or `101` is found by
//! name, `--org-id 1` is the organisation with id 1, and a numeric `--org` that names nobody
//! while an organisation has that id is refused (it used to mean the id) with nothing stored.

mod common;

use std::path::Path;

use common::{tenken, tenken_ok};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap()
}

fn new_assessment(db: &Path, org: &[&str]) -> serde_json::Value {
    let mut args = vec!["assessment", "new"];
    args.extend_from_slice(org);
    args.extend_from_slice(&["--catalog", "jama-japia-2.2", "--json"]);
    json(&tenken_ok(db, &args))
}

/// Two organisations: id 1 `株式会社A`, id 2 named `1`.
fn two_orgs(db: &Path) {
    let a = json(&tenken_ok(db, &["org", "add", "株式会社A", "--json"]));
    let one = json(&tenken_ok(db, &["org", "add", "1", "--json"]));
    assert_eq!((a["id"].as_i64(), one["id"].as_i64()), (Some(1), Some(2)));
}

#[test]
fn a_numeric_name_is_a_name_and_an_id_is_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    two_orgs(&db);
    let by_name = new_assessment(&db, &["--org", "1"]);
    assert_eq!((by_name["organisation_id"].as_i64(), by_name["organisation_name"].as_str()), (Some(2), Some("1")));
    let by_id = new_assessment(&db, &["--org-id", "1"]);
    assert_eq!(by_id["organisation_name"], "株式会社A");
    let listed = json(&tenken_ok(&db, &["assessment", "list", "--org", "1", "--json"]));
    let ids: Vec<i64> = listed.as_array().unwrap().iter().map(|a| a["organisation_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![2], "--org 1 lists the organisation named 1 only");
    let listed = json(&tenken_ok(&db, &["assessment", "list", "--org-id", "1", "--json"]));
    assert_eq!(listed[0]["organisation_name"], "株式会社A");
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Adding a second organisation named 1 is refused (names are unique), whatever the ids.
    let out = tenken(&db, &["org", "add", "1"]);
    assert!(!out.status.success(), "a duplicate name was added");
}

#[test]
fn a_numeric_org_naming_nobody_while_that_id_exists_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    two_orgs(&db);
    let out = tenken(&db, &["assessment", "new", "--org", "2", "--catalog", "jama-japia-2.2"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("--org-id 2"), "{err}");
    let file = dir.path().join("s.xlsx");
    common::write_checksheet(&file, "株式会社表紙", &[("1", "", "実施している")]);
    let out = tenken(&db, &["import", file.to_str().unwrap(), "--catalog", "jama-japia-2.2", "--org", "2"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("--org-id 2"), "{err}");
    let orgs = json(&tenken_ok(&db, &["org", "list", "--json"]));
    assert_eq!(orgs.as_array().unwrap().len(), 2, "no look-alike organisation was created: {orgs}");
    assert_eq!(json(&tenken_ok(&db, &["assessment", "list", "--json"])).as_array().unwrap().len(), 0);
}

#[test]
fn import_files_under_an_id_or_a_numeric_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    two_orgs(&db);
    let file = dir.path().join("s.xlsx");
    common::write_checksheet(&file, "株式会社表紙", &[("1", "", "実施している")]);
    let f = file.to_str().unwrap();
    let by_id = json(&tenken_ok(&db, &["import", f, "--catalog", "jama-japia-2.2", "--org-id", "1", "--json"]));
    assert_eq!(by_id["organisation"], "株式会社A");
    let by_name = json(&tenken_ok(&db, &["import", f, "--catalog", "jama-japia-2.2", "--org", "1", "--json"]));
    assert_eq!(by_name["organisation"], "1");
    let new = json(&tenken_ok(&db, &["import", f, "--catalog", "jama-japia-2.2", "--org", "101", "--json"]));
    assert_eq!(new["organisation"], "101", "a numeric name naming no id is created as a name");
    let out = tenken(&db, &["import", f, "--catalog", "jama-japia-2.2", "--org-id", "99"]);
    assert!(!out.status.success(), "an unknown id is refused");
    let orgs = json(&tenken_ok(&db, &["org", "list", "--json"]));
    let names: Vec<&str> = orgs.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
}
