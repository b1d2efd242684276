//! The core flows the desktop app calls, in-process (the app's commands are thin wrappers):
//! a folder previewed before import stores nothing and sums up what the import then stores;
//! `export::export_files` writes every file with the SHA-256 it reports, signs the PDF and the
//! workbook, verifies with `signing::verify_file`, and signs the assessment off exactly once.

mod common;

use std::path::Path;

use tenken::export::{self, ExportTargets, SignRequest};
use tenken::import::preview::preview_dir;
use tenken::import::{import_dir, ImportOptions};
use tenken::model::{AssessmentKind, AssessmentStatus, Scope, Verdict};
use tenken::session::{AssessmentRequest, Session};
use tenken::signing::{verify_file, Identity, NewIdentity, Status};
use tenken_store::{OpenOptions, Store};

fn session(db: &Path) -> Session {
    let store = Store::open(db, &OpenOptions { passphrase: None, create: true, actor: Some("test".into()) }).unwrap();
    Session::with_catalogs_from(store, None).unwrap()
}

/// A JAMA checksheet answering the catalog's first `n` items (cycling the four answers).
fn checksheet(path: &Path, company: &str, n: usize) {
    let cats = tenken::catalog::builtin_catalogs().unwrap();
    let cat = cats.iter().find(|c| c.id == "jama-japia-2.2").unwrap();
    let answers = ["実施している", "一部実施している", "実施していない", "対象外"];
    let rows: Vec<(&str, &str, &str)> =
        cat.items.iter().take(n).enumerate().map(|(i, item)| (item.id.as_str(), "", answers[i % 4])).collect();
    common::write_checksheet(path, company, &rows);
}

fn jama_opts() -> ImportOptions {
    ImportOptions { catalog_id: "jama-japia-2.2".into(), ..Default::default() }
}

#[test]
fn a_folder_preview_stores_nothing_and_matches_what_the_import_stores() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    checksheet(&inbox.join("a.xlsx"), "株式会社A", 8);
    checksheet(&inbox.join("b.xlsx"), "株式会社B", 3);
    std::fs::write(inbox.join("c.xlsx"), b"not a workbook").unwrap();
    let db = dir.path().join("t.db");
    let mut s = session(&db);

    let ticks = std::sync::atomic::AtomicUsize::new(0);
    let preview = preview_dir(&s, &inbox, &jama_opts(), &|_| {
        ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(ticks.into_inner(), 3);
    assert_eq!(preview.len(), 3);
    assert!(s.organisations().unwrap().is_empty(), "a preview stores nothing");
    let a = preview[0].summary.as_ref().expect("a.xlsx reads");
    assert_eq!(a.organisation, "株式会社A");
    assert_eq!((a.counts.implemented, a.counts.partial, a.counts.not_implemented, a.counts.not_applicable), (2, 2, 2, 2));
    assert_eq!(a.sheet, "チェックシート");
    assert_eq!(a.header_row, 3);
    assert!(preview[2].summary.is_none());
    assert!(preview[2].error.as_ref().unwrap().message.contains("c.xlsx"), "{:?}", preview[2].error);

    let entries = import_dir(&mut s, &inbox, &jama_opts(), &|_| {}).unwrap();
    for (p, e) in preview.iter().zip(&entries) {
        assert_eq!(p.file, e.file);
        match (&p.summary, &e.report) {
            (Some(sum), Some(rep)) => {
                assert_eq!(sum.counts, rep.counts);
                assert_eq!(sum.organisation, rep.organisation);
            }
            (None, None) => {}
            other => panic!("preview and import disagree on {}: {other:?}", p.file),
        }
    }
    assert!(
        preview_dir(&s, &inbox, &ImportOptions { into: Some(1), ..jama_opts() }, &|_| {}).is_err(),
        "a folder cannot go into one assessment"
    );
}

#[test]
fn signed_export_writes_verifiable_files_and_signs_off_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut s = session(&db);
    let a = s
        .create_assessment(&AssessmentRequest {
            organisation: tenken::model::OrgRef::Name("株式会社/署名:テスト".into()),
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
    s.set_verdict(a.id, "1", Verdict::Conforms, Some("方針を確認")).unwrap();

    let ids = dir.path().join("identities");
    let identity =
        Identity::create(&ids, &NewIdentity { name: "監査 花子".into(), org: "点検監査".into(), email: None }, "correct horse battery")
            .unwrap();
    let unlocked = identity.unlock("correct horse battery").unwrap();
    let root = identity.root_certificate().unwrap().expect("local root");

    let doc = tenken::document::read(&s, a.id).unwrap();
    let stem = export::file_stem(&doc);
    assert!(!stem.contains('/') && !stem.contains(':'), "{stem}");
    assert!(stem.contains("株式会社_署名_テスト"), "{stem}");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let targets = ExportTargets::in_folder(&out, &stem, true, true, false);
    let sign = SignRequest { identity: &unlocked, reason: Some("承認".into()), location: None, time: chrono::Utc::now() };
    let written = export::export_files(&mut s, a.id, &targets, Some(&sign)).unwrap();

    let kinds: Vec<&str> = written.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["pdf", "xlsx", "p7s"]);
    for f in &written {
        let bytes = std::fs::read(&f.path).unwrap();
        assert_eq!(f.size, bytes.len() as u64);
        assert_eq!(f.sha256, tenken_store::sha256_hex(&bytes));
        assert!(f.signed);
    }
    let pdf = verify_file(&written[0].path, None, std::slice::from_ref(&root)).unwrap();
    assert_eq!(pdf.status, Status::Valid, "{pdf}");
    assert!(pdf.chain.root_trusted);
    // Without a trust list the workbook's signature is intact but UNTRUSTED.
    let xlsx = verify_file(&written[1].path, None, &[]).unwrap();
    assert_eq!(xlsx.status, Status::Untrusted, "{xlsx}");
    assert!(!xlsx.chain.root_trusted, "no trust list given");

    assert_eq!(s.assessment(a.id).unwrap().status, AssessmentStatus::Signed);
    let again = export::export_files(&mut s, a.id, &targets, Some(&sign));
    assert!(
        matches!(again, Err(tenken::Error::Store(tenken_store::Error::Signed(id))) if id == a.id),
        "a signed assessment is not signed twice"
    );
    // An unsigned copy of a signed assessment is still allowed (e.g. the JSON for an archive).
    let json = ExportTargets::in_folder(&out, &stem, false, false, true);
    let w = export::export_files(&mut s, a.id, &json, None).unwrap();
    assert_eq!(w.len(), 1);
    assert!(!w[0].signed);

    std::fs::write(&written[0].path, [std::fs::read(&written[0].path).unwrap(), b"%% appended".to_vec()].concat()).unwrap();
    let tampered = verify_file(&written[0].path, None, &[root]).unwrap();
    assert_eq!(tampered.status, Status::Invalid);
    assert!(verify_file(&written[2].path.with_extension("nothing"), None, &[]).is_err());
}
