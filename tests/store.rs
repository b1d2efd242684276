//! The store's guarantees: crash safety, tamper evidence, concurrent writers, migrations,
//! refusal of newer databases, encryption at rest, backup and restore.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use tenken::model::*;
use tenken_store::{NewAssessment, NewEvidence, OpenOptions, Store};
use tenken_store::Error;

fn open(path: &Path) -> Store {
    Store::open(path, &OpenOptions { create: true, actor: Some("test".into()), ..Default::default() }).expect("open store")
}

/// An organisation and an assessment to write verdicts into; returns the assessment id.
fn seed_assessment(store: &mut Store) -> AssessmentId {
    store
        .write(|w| {
            let org = w.ensure_organisation("株式会社クラッシュ試験", OrgKind::Supplier)?;
            let a = w.create_assessment(&NewAssessment {
                organisation_id: org.id,
                site: None,
                catalog_id: "test".into(),
                catalog_version: "1".into(),
                scope: Scope::default(),
                kind: AssessmentKind::Audit,
                auditor: None,
                started_on: None,
                ended_on: None,
            })?;
            Ok(a.id)
        })
        .unwrap()
}

/// Child mode: when TENKEN_TEST_WRITER is set, this test binary writes verdicts in a loop and
/// prints the item id of each one after its transaction committed.
#[test]
fn child_writer() {
    let Ok(db) = std::env::var("TENKEN_TEST_WRITER") else { return };
    let aid: i64 = std::env::var("TENKEN_TEST_ASSESSMENT").unwrap().parse().unwrap();
    let prefix = std::env::var("TENKEN_TEST_PREFIX").unwrap_or_default();
    let count: usize = std::env::var("TENKEN_TEST_COUNT").ok().and_then(|c| c.parse().ok()).unwrap_or(usize::MAX);
    let mut store = Store::open(Path::new(&db), &OpenOptions { actor: Some(prefix.clone()), ..Default::default() }).unwrap();
    let verdicts = [Verdict::Conforms, Verdict::Partial, Verdict::Nonconforming, Verdict::NotApplicable];
    for k in 0..count {
        let item = format!("{prefix}{k}");
        let note = format!("note {k} 確認済み");
        match store.write(|w| w.set_verdict(aid, &item, verdicts[k % 4], Some(&note))) {
            Ok(()) => println!("ACK {item}"),
            Err(Error::Busy) => println!("BUSY {item}"),
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
}

fn spawn_writer(db: &Path, aid: AssessmentId, prefix: &str, count: Option<usize>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["child_writer", "--exact", "--nocapture", "--test-threads=1"])
        .env("TENKEN_TEST_WRITER", db)
        .env("TENKEN_TEST_ASSESSMENT", aid.to_string())
        .env("TENKEN_TEST_PREFIX", prefix)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(c) = count {
        cmd.env("TENKEN_TEST_COUNT", c.to_string());
    }
    cmd.spawn().expect("spawn writer")
}

/// The item id after `marker` in a line of the child's output (libtest may print its own
/// "test child_writer ... " prefix on the first line).
fn ack_of(line: &str, marker: &str) -> Option<String> {
    line.split_once(marker).map(|(_, item)| item.trim().to_string())
}

/// A tiny deterministic PRNG (xorshift) so kill moments vary but the test is reproducible.
fn next_rand(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn sigkill_never_loses_an_acknowledged_verdict_nor_corrupts_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let aid = seed_assessment(&mut open(&db));
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut acknowledged: Vec<String> = Vec::new();
    for trial in 0..24 {
        let mut child = spawn_writer(&db, aid, &format!("t{trial}-"), None);
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout).lines().map_while(Result::ok).filter_map(|l| ack_of(&l, "ACK ")).collect::<Vec<_>>()
        });
        // Let it start and write for a random 30–400 ms, then kill it without warning.
        std::thread::sleep(Duration::from_millis(30 + next_rand(&mut rng) % 370));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());
    }
    assert!(acknowledged.len() > 24, "the writers should have acknowledged verdicts, got {}", acknowledged.len());

    let store = open(&db);
    assert!(store.integrity_check().unwrap().is_empty(), "integrity_check must be ok");
    let stored: std::collections::HashSet<String> = store.item_results(aid).unwrap().into_iter().map(|r| r.item_id).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|i| !stored.contains(*i)).collect();
    assert!(lost.is_empty(), "acknowledged verdicts lost after SIGKILL: {lost:?}");
    let chain = store.verify_chain().unwrap();
    assert_eq!(chain.broken, None);
    let out = tenken(&db, &["log", "--verify"]);
    assert!(out.status.success(), "log --verify after crashes: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn two_processes_writing_at_once_both_succeed_or_get_a_clear_busy_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let aid = seed_assessment(&mut open(&db));
    let a = spawn_writer(&db, aid, "a-", Some(150));
    let b = spawn_writer(&db, aid, "b-", Some(150));
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(oa.status.success() && ob.status.success(), "a writer failed with something other than busy");
    let acks = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).lines().filter_map(|l| ack_of(l, "ACK ")).count();
    let busy = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).lines().filter_map(|l| ack_of(l, "BUSY ")).count();
    assert_eq!(acks(&oa) + busy(&oa), 150);
    assert_eq!(acks(&ob) + busy(&ob), 150);
    let store = open(&db);
    assert!(store.integrity_check().unwrap().is_empty());
    assert_eq!(store.item_results(aid).unwrap().len(), acks(&oa) + acks(&ob), "every acknowledged write is stored, nothing else");
    assert_eq!(store.verify_chain().unwrap().broken, None);
}

#[test]
fn editing_an_audit_row_is_detected_and_the_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tamper.db");
    let mut store = open(&db);
    let aid = seed_assessment(&mut store);
    for i in 1..=5 {
        store.write(|w| w.set_verdict(aid, &i.to_string(), Verdict::Conforms, Some("ok"))).unwrap();
    }
    let rows = store.events(None).unwrap();
    let victim = rows[rows.len() - 3].seq;
    drop(store);
    assert!(tenken(&db, &["log", "--verify"]).status.success());

    let conn = rusqlite::Connection::open(&db).unwrap();
    // The trail refuses UPDATE; a tamperer has to drop the guard first.
    assert!(conn.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = ?1", [victim]).is_err());
    conn.execute_batch("DROP TRIGGER audit_events_no_update").unwrap();
    conn.execute("UPDATE audit_events SET after = '{\"verdict\":\"nonconforming\"}' WHERE seq = ?1", [victim]).unwrap();
    drop(conn);

    let out = tenken(&db, &["log", "--verify"]);
    assert!(!out.status.success(), "log --verify must fail after tampering");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("row {victim}")), "must name row {victim}: {err}");
}

#[test]
fn an_older_schema_is_upgraded_with_a_backup_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        // The version-1 DDL as released, written the way Tenken 1 wrote it.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(tenken_store::migrations::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", tenken_store::migrations::APPLICATION_ID).unwrap();
        conn.execute("INSERT INTO organisations (name, kind, created_at) VALUES ('旧株式会社', 'supplier', '2025-01-01T00:00:00Z')", []).unwrap();
    }
    let store = open(&db);
    assert_eq!(store.schema_version().unwrap(), tenken_store::migrations::latest_version());
    assert_eq!(store.organisations().unwrap()[0].name, "旧株式会社");
    assert!(db.with_extension("pre-migration-v1.bak").exists(), "the file is backed up before migrating");
    assert_eq!(store.last_item(1).unwrap_or(None), None);
}

#[test]
fn a_database_from_a_newer_tenken_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    drop(open(&db));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = file_sha256(&db);
    let err = Store::open(&db, &OpenOptions::default()).err().expect("must refuse");
    assert!(matches!(err, Error::SchemaTooNew { found: 99, .. }), "{err}");
    let out = tenken(&db, &["org", "list"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer Tenken"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(file_sha256(&db), before, "the file must be left byte-for-byte unchanged");
}

#[test]
fn encrypted_database_hides_names_and_evidence_and_needs_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secret.db");
    let secret_name = "極秘サプライヤー株式会社";
    let evidence = b"EVIDENCE-BYTES-firewall-config-0xC0FFEE".repeat(20);
    let opts = OpenOptions { passphrase: Some("correct horse battery".into()), create: true, actor: None };
    {
        let mut s = Store::open(&db, &opts).unwrap();
        assert!(s.is_encrypted());
        let aid = s
            .write(|w| {
                let org = w.ensure_organisation(secret_name, OrgKind::Supplier)?;
                let a = w.create_assessment(&NewAssessment {
                    organisation_id: org.id,
                    site: None,
                    catalog_id: "c".into(),
                    catalog_version: "1".into(),
                    scope: Scope::default(),
                    kind: AssessmentKind::Audit,
                    auditor: None,
                    started_on: None,
                    ended_on: None,
                })?;
                Ok(a.id)
            })
            .unwrap();
        s.write(|w| {
            w.add_evidence(aid, &NewEvidence { file_name: "fw.txt".into(), media_type: None, bytes: evidence.clone(), role: EvidenceRole::Supporting, items: vec!["1".into()] })
        })
        .unwrap();
    }
    for f in [db.clone(), db.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&f) {
            let hay = String::from_utf8_lossy(&bytes);
            assert!(!hay.contains(secret_name), "{} leaks the organisation name", f.display());
            assert!(!bytes.windows(16).any(|w| w == &evidence[..16]), "{} leaks evidence bytes", f.display());
        }
    }
    let wrong = Store::open(&db, &OpenOptions { passphrase: Some("wrong".into()), ..Default::default() }).err().expect("wrong passphrase");
    assert!(wrong.to_string().contains("passphrase is wrong"), "{wrong}");
    let none = Store::open(&db, &OpenOptions::default()).err().expect("no passphrase");
    assert!(none.to_string().contains("encrypted"), "{none}");
    let s = Store::open(&db, &opts).unwrap();
    assert_eq!(s.organisations().unwrap()[0].name, secret_name);

    // Through the CLI, with the passphrase from the environment.
    let out = Command::new(tenken_bin())
        .args(["--db", db.to_str().unwrap(), "--passphrase-env", "TENKEN_TEST_PASS", "org", "list", "--json"])
        .env("TENKEN_TEST_PASS", "correct horse battery")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(secret_name));
    let out = Command::new(tenken_bin())
        .args(["--db", db.to_str().unwrap(), "--passphrase-env", "TENKEN_TEST_PASS", "org", "list"])
        .env("TENKEN_TEST_PASS", "nope")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is wrong"));
}

#[test]
fn backup_and_restore_round_trip_and_restore_refuses_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("main.db");
    tenken_ok(&db, &["org", "add", "バックアップ株式会社"]);
    let bak = dir.path().join("copy.db");
    tenken_ok(&db, &["backup", bak.to_str().unwrap()]);
    tenken_ok(&db, &["org", "add", "後から追加株式会社"]);

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all").unwrap();
    let before = tenken_ok(&db, &["org", "list", "--json"]);
    let out = tenken(&db, &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(tenken_ok(&db, &["org", "list", "--json"]), before, "a refused restore changes nothing");

    tenken_ok(&db, &["restore", bak.to_str().unwrap()]);
    let orgs = tenken_ok(&db, &["org", "list", "--json"]);
    assert!(orgs.contains("バックアップ株式会社") && !orgs.contains("後から追加株式会社"), "{orgs}");
    assert!(db.with_extension("before-restore.bak").exists());
    tenken_ok(&db, &["log", "--verify"]);
}

#[test]
fn signed_assessments_are_read_only_until_reopened_as_a_new_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("sign.db"));
    let aid = seed_assessment(&mut store);
    store.write(|w| w.set_verdict(aid, "1", Verdict::Conforms, Some("見た"))).unwrap();
    store.write(|w| w.mark_signed(aid, serde_json::json!({"signer": "監査 太郎"}))).unwrap();
    let err = store.write(|w| w.set_verdict(aid, "1", Verdict::Nonconforming, None)).unwrap_err();
    assert!(matches!(err, Error::Signed(id) if id == aid), "{err}");
    let new = store.write(|w| w.reopen(aid)).unwrap();
    assert_eq!((new.revision, new.previous_revision, new.status), (2, Some(aid), AssessmentStatus::Draft));
    store.write(|w| w.set_verdict(new.id, "1", Verdict::Nonconforming, None)).unwrap();
    assert_eq!(store.item_results(aid).unwrap()[0].verdict, Verdict::Conforms, "the signed revision stays intact");
    assert_eq!(store.item_results(new.id).unwrap()[0].verdict, Verdict::Nonconforming);
    let actions: Vec<String> = store.events(None).unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"assessment.sign".to_string()) && actions.contains(&"assessment.reopen".to_string()));
}

#[test]
fn each_verdict_commits_with_its_own_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("burst.db"));
    let aid = seed_assessment(&mut store);
    for i in 0..50 {
        store.write(|w| w.set_verdict(aid, &format!("{i}"), Verdict::Conforms, None)).unwrap();
    }
    let failed = store.write(|w| {
        w.set_verdict(aid, "rolled-back", Verdict::Conforms, None)?;
        Err::<(), _>(Error::invalid("caller aborts"))
    });
    assert!(failed.is_err());
    assert!(store.item_result(aid, "rolled-back").unwrap().is_none(), "an aborted transaction leaves no result");
    let events = store.events(Some(aid)).unwrap();
    assert_eq!(events.iter().filter(|e| e.action == "verdict.set").count(), 50, "no audit row for the aborted change either");
}
