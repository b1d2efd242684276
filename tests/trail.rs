//! The audit trail as evidence against people, through the real CLI on a real database: a
//! sign-off anchors the chain head with the auditor's key; a rewrite-and-rechain of the SQLite
//! file, or a direct edit of `item_results`, makes `tenken log --verify` fail; `--against` a
//! signed report or bundle compares the database with the head they carry; an untrusted anchor
//! signer is a failure; and `tenken restore` refuses a backup whose schema is not Tenken's.

mod common;

use std::path::Path;

use common::{tenken_home as run, tenken_home_ok as ok};
use rusqlite::Connection;
use sha2::Digest;

/// A signed-off JAMA assessment with one verdict; returns (home, db, signed report).
fn signed_off(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let (home, db) = (dir.join("home"), dir.join("a.db"));
    ok(
        &home,
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社証跡",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 太郎",
        ],
    );
    ok(&home, &db, &["verdict", "1", "1", "conforms", "--note", "方針を確認"]);
    ok(&home, &db, &["verdict", "1", "4", "partial"]);
    ok(&home, &db, &["identity", "new", "--name", "監査 太郎", "--org", "点検監査株式会社", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let pdf = dir.join("report.pdf");
    ok(&home, &db, &["export", "1", "--pdf", pdf.to_str().unwrap(), "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    (home, db, pdf)
}

fn text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The content a row's hash covers, in the store's field order (src/store/audit.rs).
#[derive(serde::Serialize)]
struct Hashed<'a> {
    seq: i64,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    assessment_id: Option<i64>,
    target: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

/// What an attacker with file access and no key does: drop the triggers, change rows, and
/// recompute every hash of the chain.
fn rechain(conn: &Connection) {
    conn.execute_batch("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;").unwrap();
    type Row = (i64, String, String, String, Option<i64>, String, Option<String>, Option<String>);
    let rows: Vec<Row> = conn
        .prepare("SELECT seq, at, actor, action, assessment_id, target, before, after FROM audit_events ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (seq, at, actor, action, assessment_id, target, before, after) in &rows {
        let content = Hashed {
            seq: *seq,
            at,
            actor,
            action,
            assessment_id: *assessment_id,
            target,
            before: before.as_deref(),
            after: after.as_deref(),
        };
        let mut h = sha2::Sha256::new();
        h.update(prev.as_bytes());
        h.update(b"\n");
        h.update(serde_json::to_string(&content).unwrap().as_bytes());
        let hash = hex::encode(h.finalize());
        conn.execute("UPDATE audit_events SET prev_hash = ?1, hash = ?2 WHERE seq = ?3", rusqlite::params![prev, hash, seq]).unwrap();
        prev = hash;
    }
}

#[test]
fn a_sign_off_anchors_the_trail_and_a_rewrite_and_rechain_fails_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db, pdf) = signed_off(dir.path());
    let out = ok(&home, &db, &["log", "--verify"]);
    assert!(out.contains("audit trail OK"), "{out}");
    assert!(out.contains("sign-off") && out.contains("VALID"), "the anchor is listed with its signer's status:\n{out}");
    let trail: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["log", "--json"])).unwrap();
    let anchor = trail.as_array().unwrap().iter().find(|e| e["action"] == "trail.anchor").expect("an anchor event");
    let statement = anchor["after"]["statement"].as_str().unwrap();
    assert!(statement.starts_with("tenken.trail-anchor/1\nseq="), "{statement}");
    assert!(anchor["after"]["signature"].as_str().unwrap().len() > 100);
    ok(&home, &db, &["log", "--verify", "--against", pdf.to_str().unwrap()]);

    // Rewrite the verdict of item 1 in the table and in its event, then rechain.
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute("UPDATE item_results SET verdict = 'nonconforming' WHERE assessment_id = 1 AND item_id = '1'", []).unwrap();
        conn.execute_batch("DROP TRIGGER audit_events_no_update;").unwrap();
        let n = conn
            .execute("UPDATE audit_events SET after = replace(after, '\"conforms\"', '\"nonconforming\"') WHERE action = 'verdict.set' AND target = 'item:1'", [])
            .unwrap();
        assert_eq!(n, 1);
        conn.execute_batch("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;").unwrap();
        rechain(&conn);
    }
    let chain_only: serde_json::Value =
        serde_json::from_slice(&run(&home, &db, &["log", "--verify", "--json"]).stdout).expect("log --verify --json prints JSON");
    assert_eq!(chain_only["broken"], serde_json::Value::Null, "the unkeyed chain alone is fooled by the rechain");
    let out = run(&home, &db, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(text(&out).contains("the trail was rewritten"), "the anchor names the rewrite:\n{}", text(&out));

    let against = run(&home, &db, &["log", "--verify", "--against", pdf.to_str().unwrap()]);
    assert_eq!(against.status.code(), Some(4));
    let t = text(&against);
    assert!(t.contains("the PDF names audit-trail row #") && t.contains("but the database has hash"), "{t}");
}

#[test]
fn an_edit_of_item_results_alone_fails_the_replay_naming_table_item_and_both_values() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db, _) = signed_off(dir.path());
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE item_results SET note = '改ざん' WHERE assessment_id = 1 AND item_id = '4'", [])
        .unwrap();
    let out = run(&home, &db, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4));
    let t = text(&out);
    assert!(t.contains(r#"item_results: assessment 1 item 4: note is "改ざん" in the table, but null by the audit trail"#), "{t}");

    // A row no event made, and a verdict stored differently from what the trail says.
    let dir2 = tempfile::tempdir().unwrap();
    let (home2, db2, _) = signed_off(dir2.path());
    let conn = Connection::open(&db2).unwrap();
    conn.execute("UPDATE item_results SET verdict = 'conforms' WHERE assessment_id = 1 AND item_id = '4'", []).unwrap();
    conn.execute("INSERT INTO item_results (assessment_id, item_id, verdict, updated_at) VALUES (1, '9', 'conforms', 'x')", []).unwrap();
    drop(conn);
    let t = text(&run(&home2, &db2, &["log", "--verify"]));
    assert!(
        t.contains(r#"item_results: assessment 1 item 4: verdict is "conforms" in the table, but "partial" by the audit trail"#),
        "{t}"
    );
    assert!(t.contains("item_results: assessment 1 item 9 is in the table but no audit event made it"), "{t}");
}

#[test]
fn an_anchor_by_an_untrusted_signer_fails_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db, _) = signed_off(dir.path());
    // Someone else's data directory: the auditor's root is neither in their trust list nor theirs.
    let stranger = dir.path().join("stranger");
    let out = run(&stranger, &db, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out).contains("UNTRUSTED"), "{}", text(&out));
}

#[test]
fn a_change_appended_to_a_signed_assessment_is_caught_even_after_the_last_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db, _) = signed_off(dir.path());
    // Another assessment changes after the anchor: fine, and reported as the unsigned tail.
    ok(&home, &db, &["assessment", "new", "--org", "株式会社証跡", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    let out = ok(&home, &db, &["log", "--verify"]);
    assert!(out.contains("after the last anchor"), "{out}");
    // An event forged onto the signed assessment, chained properly but unsigned.
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO audit_events (seq, at, actor, action, assessment_id, target, before, after, prev_hash, hash)
         SELECT max(seq) + 1, 'now', 'x', 'verdict.set', 1, 'item:4', NULL, '{\"verdict\":\"conforms\"}', '', '' FROM audit_events",
        [],
    )
    .unwrap();
    conn.execute("UPDATE item_results SET verdict = 'conforms' WHERE assessment_id = 1 AND item_id = '4'", []).unwrap();
    rechain(&conn);
    drop(conn);
    let out = run(&home, &db, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out).contains("which was signed off at row #"), "{}", text(&out));
}

#[test]
fn a_bundle_carries_the_head_and_its_export_is_anchored() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db, _) = signed_off(dir.path());
    let bundle = dir.path().join("a.tenken");
    ok(&home, &db, &["bundle", "export", "1", "--out", bundle.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let trail: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["log", "--json"])).unwrap();
    let anchors: Vec<&serde_json::Value> = trail.as_array().unwrap().iter().filter(|e| e["action"] == "trail.anchor").collect();
    assert_eq!(anchors.len(), 2, "sign-off and bundle export");
    assert_eq!(anchors[1]["after"]["purpose"], "bundle-export");
    let out = ok(&home, &db, &["log", "--verify", "--against", bundle.to_str().unwrap()]);
    assert!(out.contains("bundle"), "{out}");

    // Another database does not have that head.
    let other = dir.path().join("other.db");
    ok(&home, &other, &["assessment", "new", "--org", "別会社", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    let t = text(&run(&home, &other, &["log", "--verify", "--against", bundle.to_str().unwrap()]));
    assert!(t.contains("the bundle manifest names audit-trail row #"), "{t}");

    // A file that is neither is a clear error, not a pass.
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"hello").unwrap();
    let out = run(&home, &db, &["log", "--verify", "--against", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("neither a PDF report nor a Tenken bundle"), "{}", text(&out));
}

/// Every table's rows hashed, to show a refused restore changed nothing.
fn fingerprint(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    let mut all = String::new();
    for t in ["organisations", "assessments", "item_results", "findings", "evidence", "audit_events"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t} ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows =
            stmt.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap();
        for r in rows {
            all.push_str(&r.unwrap());
            all.push('\n');
        }
    }
    hex::encode(sha2::Sha256::digest(all.as_bytes()))
}

#[test]
fn restore_refuses_a_backup_whose_schema_is_not_tenkens_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("live.db"));
    ok(&home, &db, &["assessment", "new", "--org", "株式会社復元", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    ok(&home, &db, &["verdict", "1", "1", "conforms"]);
    let clean = dir.path().join("clean.bak");
    ok(&home, &db, &["backup", clean.to_str().unwrap()]);
    ok(&home, &db, &["verdict", "1", "4", "partial"]);
    let before = fingerprint(&db);

    let cases: [(&str, &str, &str); 4] = [
        (
            "trigger",
            "CREATE TRIGGER flip AFTER UPDATE ON item_results BEGIN UPDATE item_results SET verdict = 'conforms' WHERE rowid = NEW.rowid; END;",
            "trigger `flip`",
        ),
        ("view", "CREATE VIEW results_view AS SELECT * FROM item_results;", "view `results_view`"),
        ("column", "ALTER TABLE item_results ADD COLUMN shadow TEXT;", "table `item_results` differs"),
        ("dropped", "DROP TRIGGER audit_events_no_delete;", "trigger `audit_events_no_delete` (on `audit_events`) is missing"),
    ];
    for (name, sql, expected) in cases {
        let bad = dir.path().join(format!("{name}.bak"));
        std::fs::copy(&clean, &bad).unwrap();
        Connection::open(&bad).unwrap().execute_batch(sql).unwrap();
        let out = run(&home, &db, &["restore", bad.to_str().unwrap()]);
        assert!(!out.status.success(), "{name}: a backup with a foreign schema is refused");
        let t = text(&out);
        assert!(t.contains(expected) && t.contains("schema"), "{name}: {t}");
        assert_eq!(fingerprint(&db), before, "{name}: the database is unchanged");
    }
    ok(&home, &db, &["restore", clean.to_str().unwrap()]);
    assert_ne!(fingerprint(&db), before, "a clean backup restores");
    ok(&home, &db, &["log", "--verify"]);
}

/// Cut the trail back to row `keep` (the last `N` rows deleted), as someone with the file does:
/// drop the append-only guard, delete, and put the guard back as it was.
fn truncate_after(db: &Path, keep: i64) -> usize {
    let conn = Connection::open(db).unwrap();
    let guard: String = conn
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_events_no_delete'", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("DROP TRIGGER audit_events_no_delete").unwrap();
    let deleted = conn.execute("DELETE FROM audit_events WHERE seq > ?1", [keep]).unwrap();
    conn.execute_batch(&guard).unwrap();
    deleted
}

/// The rows of the trail as `tenken log --json` prints them: (seq, action, target).
fn rows(home: &Path, db: &Path) -> Vec<(i64, String, String)> {
    let log: serde_json::Value = serde_json::from_str(&ok(home, db, &["log", "--json"])).unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| (e["seq"].as_i64().unwrap(), e["action"].as_str().unwrap().to_string(), e["target"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_trail_truncated_at_its_tail_fails_verify_through_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("cut.db"));
    ok(&home, &db, &["assessment", "new", "--org", "株式会社切詰", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    ok(&home, &db, &["verdict", "1", "1", "conforms", "--note", "方針を確認"]);
    ok(&home, &db, &["verdict", "1", "4", "partial"]);
    ok(&home, &db, &["note", "1", "4", "記録の一部が未整備"]);
    ok(&home, &db, &["log", "--verify"]);
    let before = rows(&home, &db);
    let tail: Vec<(&str, &str)> = before[before.len() - 2..].iter().map(|(_, a, t)| (a.as_str(), t.as_str())).collect();
    assert_eq!(tail, [("verdict.set", "item:4"), ("note.set", "item:4")], "{before:?}");

    // The last two events deleted with raw SQL, the data tables left as they are.
    assert_eq!(truncate_after(&db, before[before.len() - 3].0), 2);
    let session = tenken::Session::open_with(&db, &tenken::store::OpenOptions::default(), Vec::new()).unwrap();
    let report = tenken::trail::verify(&session, &[]).unwrap();
    assert_eq!(report.rows, before.len() - 2);
    assert_eq!(report.broken, None, "what is left is an intact chain: the hash chain alone cannot see a cut tail");
    assert!(!report.ok(), "the replay must catch it");
    assert_eq!(
        report.failures.iter().map(|f| (f.code.as_str(), f.message.as_str())).collect::<Vec<_>>(),
        [("trail.diff.not_in_trail", "item_results: assessment 1 item 4 is in the table but no audit event made it")],
        "the one row the deleted events explained"
    );
    drop(session);
    let out = run(&home, &db, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(text(&out).contains("item_results: assessment 1 item 4 is in the table but no audit event made it"), "{}", text(&out));

    // Someone who also deletes the rows those events made leaves nothing in the database to
    // tell (docs/audit-trail.md, "The unsigned tail"): without an anchor it verifies, and says
    // that no anchor holds. The signed cases follow.
    Connection::open(&db).unwrap().execute("DELETE FROM item_results WHERE assessment_id = 1 AND item_id = '4'", []).unwrap();
    let out = ok(&home, &db, &["log", "--verify"]);
    assert!(out.contains("no anchor holds"), "{out}");
}

#[test]
fn cutting_a_sign_off_off_the_tail_fails_verify_and_a_careful_cut_fails_against_its_report_and_a_later_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db, pdf) = signed_off(dir.path());
    let trail = rows(&home, &db);
    let actions: Vec<&str> = trail.iter().map(|(_, a, _)| a.as_str()).collect();
    assert_eq!(actions[actions.len() - 3..], ["evidence.add", "assessment.sign", "trail.anchor"], "{trail:?}");
    let (sign_row, first_signoff_row) = (trail[trail.len() - 2].0, trail[trail.len() - 3].0);
    let copy = |name: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&db, &path).unwrap();
        path
    };

    // Only the anchor cut off: the sign-off is no longer covered by a signature.
    let cut = copy("anchor-cut.db");
    assert_eq!(truncate_after(&cut, sign_row), 1);
    let out = run(&home, &cut, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("assessment 1 was signed off at row #{sign_row} but no anchor that holds covers that row")),
        "{}",
        text(&out)
    );

    // The whole sign-off cut off (the report's evidence row, the sign event, the anchor), the
    // tables left: the replay names the signed status and the evidence no event made.
    let cut = copy("signoff-cut.db");
    assert_eq!(truncate_after(&cut, first_signoff_row - 1), 3);
    let out = run(&home, &cut, &["log", "--verify"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains(r#"assessments: assessment 1: status is "signed" in the table, but "draft" by the audit trail"#), "{t}");
    assert!(t.contains("evidence: evidence 1 is in the table but no audit event made it"), "{t}");

    // A careful cut: the sign-off's rows and their table rows removed, the status set back.
    // Nothing in the database tells any more. The signed report's head is the row before its own
    // sign-off rows, so that head is still there; but the trail no longer holds the sign-off that
    // names the report's SHA-256, and against the report the cut fails. A bundle exported after
    // the sign-off carries a later, signed head (its manifest's), and against it the cut fails.
    let bundle = dir.path().join("a.tenken");
    ok(&home, &db, &["bundle", "export", "1", "--out", bundle.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let cut = copy("careful-cut.db");
    assert_eq!(truncate_after(&cut, first_signoff_row - 1), 4, "the sign-off's three rows and the bundle's anchor");
    {
        let conn = Connection::open(&cut).unwrap();
        conn.execute_batch("DELETE FROM evidence_items; DELETE FROM evidence; UPDATE assessments SET status = 'draft' WHERE id = 1;")
            .unwrap();
    }
    let alone = ok(&home, &cut, &["log", "--verify"]);
    assert!(alone.contains("no anchor holds"), "{alone}");
    let against_report = run(&home, &cut, &["log", "--verify", "--against", pdf.to_str().unwrap()]);
    assert_eq!(against_report.status.code(), Some(4), "{}", text(&against_report));
    assert!(
        text(&against_report).contains(&format!("holds no sign-off of this report (SHA-256 {})", sha256_file(&pdf))),
        "{}",
        text(&against_report)
    );
    // The uncut database holds the sign-off, so the same report passes against it.
    let whole = ok(&home, &db, &["log", "--verify", "--against", pdf.to_str().unwrap()]);
    assert!(whole.contains(&format!("names row #{}", first_signoff_row - 1)), "{whole}");
    let out = run(&home, &cut, &["log", "--verify", "--against", bundle.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("but the database's trail has no row #{}", trail.last().unwrap().0)),
        "the bundle's head is the sign-off's anchor row:\n{}",
        text(&out)
    );
}

/// SHA-256 (hex) of a file, computed here independently of Tenken.
fn sha256_file(path: &Path) -> String {
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}
