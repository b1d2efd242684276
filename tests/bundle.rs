//! Bundles move an assessment with its evidence between databases, verified first.

mod common;

use std::io::{Read, Write};

use common::{tenken_home as run, tenken_home_ok as ok};

/// The parts of `assessment show --json` that must survive the move (local ids aside).
fn comparable(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["progress"]["last_item"] = serde_json::Value::Null; // where this machine's auditor stopped: local
    v["provenance"] = serde_json::Value::Null; // where this copy came from: local (checked on its own)
    let a = &mut v["assessment"];
    for k in ["id", "organisation_id", "site_id", "previous_revision"] {
        a[k] = serde_json::Value::Null;
    }
    for e in v["evidence"].as_array_mut().unwrap() {
        e["id"] = serde_json::Value::Null;
        e["assessment_id"] = serde_json::Value::Null;
    }
    for f in v["findings"].as_array_mut().unwrap() {
        f["id"] = serde_json::Value::Null;
        f["assessment_id"] = serde_json::Value::Null;
    }
    v
}

#[test]
fn a_bundle_moves_an_assessment_exactly_once_and_a_tampered_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let (laptop, office) = (dir.path().join("laptop.db"), dir.path().join("office.db"));
    ok(
        &home,
        &laptop,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社バンドル",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=2",
            "--site",
            "第二工場",
        ],
    );
    ok(&home, &laptop, &["verdict", "1", "4", "partial", "--note", "退職時の確認なし"]);
    let photo = dir.path().join("現場写真.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF photo bytes").unwrap();
    ok(&home, &laptop, &["evidence", "add", "1", "4", photo.to_str().unwrap()]);
    ok(
        &home,
        &laptop,
        &["finding", "add", "1", "--item", "4", "--severity", "minor", "--description", "誓約書の様式が古い", "--due", "2027-02-28"],
    );
    ok(&home, &laptop, &["identity", "new", "--name", "監査 次郎", "--org", "点検監査", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let bundle = dir.path().join("a.tenken");
    ok(&home, &laptop, &["bundle", "export", "1", "-o", bundle.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);

    ok(&home, &office, &["org", "add", "既存の取引先"]);
    let first: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["bundle", "import", bundle.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(first["created"], true);
    assert_eq!(first["provenance"]["trust"], "VALID", "the auditor's own root is trusted here");
    let id = first["assessment_id"].as_i64().unwrap().to_string();
    assert_eq!(
        comparable(&ok(&home, &office, &["assessment", "show", &id, "--json"])),
        comparable(&ok(&home, &laptop, &["assessment", "show", "1", "--json"]))
    );

    let again: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["bundle", "import", bundle.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(again["created"], false, "the same bundle twice changes nothing");
    let rows = ok(&home, &office, &["log", "--json"]);

    // Tamper: change one byte of the evidence entry and rewrite the zip.
    let tampered = dir.path().join("bad.tenken");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&tampered).unwrap());
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if name.starts_with("evidence/") {
            bytes[3] ^= 0x20;
        }
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    ok(&home, &office, &["verify", bundle.to_str().unwrap()]);
    let out = run(&home, &office, &["verify", tampered.to_str().unwrap()]);
    assert!(!out.status.success(), "verify reports a tampered bundle");
    let fresh = dir.path().join("fresh.db");
    ok(&home, &fresh, &["org", "list"]);
    let fresh_before = ok(&home, &fresh, &["log", "--json"]);
    let out = run(&home, &fresh, &["bundle", "import", tampered.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("evidence/") && err.contains("changed after the bundle was signed"), "{err}");
    assert_eq!(ok(&home, &fresh, &["log", "--json"]), fresh_before, "a refused bundle leaves the database unchanged");
    assert_eq!(ok(&home, &office, &["log", "--json"]), rows);
}

#[test]
fn a_newer_revision_is_added_as_a_revision_of_the_one_already_imported() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let (laptop, office) = (dir.path().join("laptop.db"), dir.path().join("office.db"));
    ok(&home, &laptop, &["assessment", "new", "--org", "株式会社改訂", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    ok(&home, &laptop, &["identity", "new", "--name", "監査 三郎", "--org", "点検監査", "--passphrase-env", "TENKEN_TEST_KEY"]);
    ok(&home, &laptop, &["verdict", "1", "1", "conforms"]);
    let pdf = dir.path().join("r1.pdf");
    ok(&home, &laptop, &["export", "1", "--pdf", pdf.to_str().unwrap(), "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let b1 = dir.path().join("r1.tenken");
    ok(&home, &laptop, &["bundle", "export", "1", "-o", b1.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let r2: serde_json::Value = serde_json::from_str(&ok(&home, &laptop, &["assessment", "reopen", "1", "--json"])).unwrap();
    let r2_id = r2["id"].as_i64().unwrap().to_string();
    ok(&home, &laptop, &["verdict", &r2_id, "1", "partial"]);
    let b2 = dir.path().join("r2.tenken");
    ok(&home, &laptop, &["bundle", "export", &r2_id, "-o", b2.to_str().unwrap(), "--identity-passphrase-env", "TENKEN_TEST_KEY"]);

    let first: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["bundle", "import", b1.to_str().unwrap(), "--json"])).unwrap();
    let second: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["bundle", "import", b2.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!((first["created"].clone(), second["created"].clone()), (serde_json::json!(true), serde_json::json!(true)));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["assessment", "show", &second["assessment_id"].to_string(), "--json"])).unwrap();
    assert_eq!(shown["assessment"]["revision"], 2);
    assert_eq!(shown["assessment"]["previous_revision"], first["assessment_id"], "linked to the signed revision 1 already there");
    let signed: serde_json::Value =
        serde_json::from_str(&ok(&home, &office, &["assessment", "show", &first["assessment_id"].to_string(), "--json"])).unwrap();
    assert_eq!(signed["assessment"]["status"], "signed");
    assert_eq!(signed["results"][0]["verdict"], "conforms", "the signed revision arrives intact");
    assert!(signed["evidence"].as_array().unwrap().iter().any(|e| e["role"] == "exported_report"), "with its signed report");
}
