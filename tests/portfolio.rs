//! `tenken portfolio`: every organisation with its assessments and headlines, computed in one
//! pass per assessment, agreeing with `tenken score` and `tenken assessment show`.

mod common;

use common::*;

fn json(db: &std::path::Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&tenken_ok(db, args)).expect("json")
}

#[test]
fn portfolio_agrees_with_score_and_progress_and_counts_overdue_actions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    tenken_ok(&db, &["org", "add", "株式会社空き"]);
    tenken_ok(
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社ポート",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 一郎",
        ],
    );
    tenken_ok(
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社ポート",
            "--catalog",
            "external-service-selection",
            "--scope",
            "ismap=not_registered",
            "--scope",
            "role=provider",
        ],
    );
    for item in ["1", "4", "8"] {
        tenken_ok(&db, &["verdict", "1", item, "conforms"]);
    }
    tenken_ok(&db, &["verdict", "1", "13", "nonconforming"]);
    tenken_ok(&db, &["finding", "add", "1", "--item", "13", "--severity", "major", "--description", "期限切れ", "--due", "2020-01-31"]);
    tenken_ok(&db, &["finding", "add", "1", "--severity", "minor", "--description", "期限前", "--due", "2099-01-31"]);

    let p = json(&db, &["portfolio", "--json"]);
    let rows = p.as_array().unwrap();
    assert_eq!(rows.len(), 2, "both organisations, also the one without assessments");
    let port = rows.iter().find(|r| r["organisation"]["name"] == "株式会社ポート").unwrap();
    let empty = rows.iter().find(|r| r["organisation"]["name"] == "株式会社空き").unwrap();
    assert_eq!(empty["assessments"].as_array().unwrap().len(), 0);
    let list = port["assessments"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let jama = list.iter().find(|o| o["assessment"]["id"] == 1).unwrap();

    let score = json(&db, &["score", "1", "--json"]);
    let show = json(&db, &["assessment", "show", "1", "--json"]);
    assert_eq!(jama["progress"]["verified"], show["progress"]["verified"]);
    assert_eq!(jama["progress"]["in_scope"], show["progress"]["in_scope"]);
    assert_eq!(jama["progress"]["verified"], 4);
    assert_eq!(jama["auditor"]["rate"], score["auditor"]["rate"]);
    assert_eq!(jama["auditor"]["grade"], score["auditor"]["grade"]);
    assert_eq!(jama["auditor"]["level_achieved"], score["auditor"]["level_achieved"]);
    assert_eq!(jama["auditor"]["by_level"], true, "JAMA rates by level: no level achieved reads 未達, not a blank");
    assert_eq!(jama["actions"]["open"], 2);
    assert_eq!(jama["actions"]["overdue"], 1);

    let ext = list.iter().find(|o| o["assessment"]["id"] == 2).unwrap();
    let ext_score = json(&db, &["score", "2", "--json"]);
    assert_eq!(ext["auditor"]["gate_passed"], ext_score["auditor"]["gate"]["passed"]);
    assert_eq!(ext["auditor"]["gate_passed"], false, "nothing verified: the mandatory gate is not met");
    assert_eq!(ext["auditor"]["by_level"], false, "the external criteria gate, they do not rate by level");

    let text = tenken_ok(&db, &["portfolio"]);
    assert!(text.contains("株式会社ポート") && text.contains("4/30"), "{text}");
}
