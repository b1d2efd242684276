//! Sign-off order: the sign-off is one transaction that also stores the signed bytes, and the
//! signed files are put in place only after it commits. A sign-off that fails leaves no signed
//! file and an editable assessment; an unsigned re-export never silently replaces a signed one,
//! and no `.p7s` is left beside a workbook it does not sign.

mod common;

use std::path::Path;

use common::{file_sha256, tenken_home as run, tenken_home_ok as ok};
use tenken::export::{self, ExportTargets, SignRequest};
use tenken::model::{AssessmentKind, AssessmentStatus, EvidenceRole, OrgRef, Scope, Verdict};
use tenken::session::{AssessmentRequest, Session};
use tenken::signing::{Identity, NewIdentity};
use tenken_store::{OpenOptions, Store};

fn session(db: &Path) -> Session {
    let store = Store::open(db, &OpenOptions { passphrase: None, create: true, actor: Some("test".into()) }).unwrap();
    Session::with_catalogs_from(store, None).unwrap()
}

fn new_assessment(s: &mut Session) -> i64 {
    let a = s
        .create_assessment(&AssessmentRequest {
            organisation: OrgRef::Name("株式会社順序".into()),
            create_org: true,
            site: None,
            catalog_id: "jama-japia-2.2".into(),
            catalog_version: None,
            scope: Scope::parse_pairs(&["target_level=1".to_string()]).unwrap(),
            kind: AssessmentKind::Audit,
            auditor: Some("監査 花子".into()),
            started_on: None,
            ended_on: None,
        })
        .unwrap();
    s.set_verdict(a.id, "1", Verdict::Conforms, None).unwrap();
    a.id
}

/// Files in `dir`, hidden temporaries included.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn nothing_signed_off(s: &Session, id: i64) {
    assert_ne!(s.assessment(id).unwrap().status, AssessmentStatus::Signed);
    assert!(s.evidence(id).unwrap().iter().all(|e| e.role != EvidenceRole::ExportedReport), "no signed bytes stored");
    assert!(s.events(Some(id)).unwrap().iter().all(|e| e.action != "assessment.sign" && e.action != "trail.anchor"));
}

#[test]
fn a_sign_off_that_fails_leaves_no_signed_file_and_an_editable_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(&dir.path().join("t.db"));
    let id = new_assessment(&mut s);
    let identity = Identity::create(
        &dir.path().join("ids"),
        &NewIdentity { name: "監査 花子".into(), org: "点検監査".into(), email: None },
        "correct horse battery",
    )
    .unwrap();
    let unlocked = identity.unlock("correct horse battery").unwrap();
    let sign = SignRequest { identity: &unlocked, reason: None, location: None, time: chrono::Utc::now() };
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let targets = ExportTargets::in_folder(&out, "r", true, true, false);

    // The assessment changes status between rendering and the sign-off.
    let prepared = export::prepare(&s, id, &targets, Some(&sign)).unwrap();
    s.set_status(id, AssessmentStatus::InReview).unwrap();
    let e = export::commit(&mut s, prepared).unwrap_err().to_string();
    assert!(e.contains("changed") && e.contains("nothing was signed off"), "{e}");
    assert!(listing(&out).is_empty(), "no file, not even a temporary: {:?}", listing(&out));
    nothing_signed_off(&s, id);

    // A verdict recorded meanwhile: the same.
    let prepared = export::prepare(&s, id, &targets, Some(&sign)).unwrap();
    s.set_verdict(id, "4", Verdict::Partial, None).unwrap();
    assert!(export::commit(&mut s, prepared).is_err());
    assert!(listing(&out).is_empty());
    nothing_signed_off(&s, id);

    // A target that cannot be written (its folder is a file): refused before the sign-off.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let bad = ExportTargets { pdf: Some(out.join("ok.pdf")), xlsx: Some(blocker.join("r.xlsx")), ..Default::default() };
    let e = export::export_files(&mut s, id, &bad, Some(&sign)).unwrap_err().to_string();
    assert!(e.contains("r.xlsx"), "the error names the file: {e}");
    assert!(listing(&out).is_empty(), "the PDF staged first is removed: {:?}", listing(&out));
    nothing_signed_off(&s, id);
    s.set_verdict(id, "8", Verdict::Nonconforming, None).expect("still editable");

    // And then it works: files in place, bytes stored in the same transaction as the sign-off.
    let written = export::export_files(&mut s, id, &targets, Some(&sign)).unwrap();
    assert_eq!(listing(&out), ["r.pdf", "r.xlsx", "r.xlsx.p7s"]);
    assert_eq!(s.assessment(id).unwrap().status, AssessmentStatus::Signed);
    let stored: Vec<String> =
        s.evidence(id).unwrap().into_iter().filter(|e| e.role == EvidenceRole::ExportedReport).map(|e| e.sha256).collect();
    let on_disk: Vec<String> = written.iter().map(|f| f.sha256.clone()).collect();
    assert_eq!(stored, on_disk, "the files are written from the bytes the sign-off stored");
}

#[test]
fn an_unsigned_re_export_over_a_signed_one_is_refused_unless_overwrite_and_leaves_no_stale_p7s() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("a.db"));
    ok(
        &home,
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社上書き",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 太郎",
        ],
    );
    ok(&home, &db, &["verdict", "1", "1", "conforms"]);
    ok(&home, &db, &["identity", "new", "--name", "監査 太郎", "--org", "点検監査株式会社", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let (pdf, xlsx) = (dir.path().join("report.pdf"), dir.path().join("results.xlsx"));
    let p7s = dir.path().join("results.xlsx.p7s");
    let (p, x) = (pdf.to_str().unwrap(), xlsx.to_str().unwrap());
    ok(&home, &db, &["export", "1", "--pdf", p, "--xlsx", x, "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let signed = (file_sha256(&pdf), file_sha256(&xlsx), file_sha256(&p7s));

    for (args, named) in [(vec!["--xlsx", x], "results.xlsx.p7s"), (vec!["--pdf", p], "report.pdf")] {
        let mut cmd = vec!["export", "1"];
        cmd.extend(args);
        let out = run(&home, &db, &cmd);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "an unsigned export over a signed one is refused");
        assert!(err.contains(named) && err.contains("--overwrite"), "{err}");
    }
    assert_eq!((file_sha256(&pdf), file_sha256(&xlsx), file_sha256(&p7s)), signed, "the signed files are untouched");

    // With --overwrite the workbook is replaced and its old signature removed, never left stale.
    ok(&home, &db, &["export", "1", "--xlsx", x, "--overwrite"]);
    assert!(!p7s.exists(), "no .p7s beside a workbook it does not sign");
    assert_ne!(file_sha256(&xlsx), signed.1);
    let out = run(&home, &db, &["verify", x]);
    assert!(!out.status.success(), "the unsigned workbook does not verify");

    // A stray .p7s beside a new workbook target is refused too, and removed with --overwrite.
    let other = dir.path().join("other.xlsx");
    std::fs::copy(dir.path().join("report.pdf"), dir.path().join("other.xlsx.p7s")).unwrap();
    let out = run(&home, &db, &["export", "1", "--xlsx", other.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("other.xlsx.p7s"));
    assert!(!other.exists());
    ok(&home, &db, &["export", "1", "--xlsx", other.to_str().unwrap(), "--overwrite"]);
    assert!(!dir.path().join("other.xlsx.p7s").exists());
    ok(&home, &db, &["log", "--verify"]);
}
