//! `tenken export … --json` through the built binary: a JSON summary of what it wrote (each file's
//! path, kind, size, sha256, signed; the sign-off and its signer) in place of the text lines, whose
//! files exist with those bytes; the older `--json FILE` still writes the document.

mod common;

use common::{file_sha256, tenken_home as run, tenken_home_ok as ok};

fn summary(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("export --json prints JSON ({e}):\n{stdout}"))
}

/// Each listed file exists with the listed size and SHA-256; returns the kinds in order.
fn check_files(s: &serde_json::Value) -> Vec<String> {
    let files = s["files"].as_array().expect("files is a list");
    for f in files {
        let path = std::path::Path::new(f["path"].as_str().expect("path"));
        assert!(path.is_file(), "{} was listed but is not there", path.display());
        assert_eq!(f["size"].as_u64(), Some(std::fs::metadata(path).unwrap().len()), "{f}");
        assert_eq!(f["sha256"].as_str(), Some(file_sha256(path).as_str()), "{f}");
        assert!(f["signed"].is_boolean(), "{f}");
    }
    files.iter().map(|f| f["kind"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn export_json_summarises_the_files_written_and_the_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("a.db"));
    ok(&home, &db, &["assessment", "new", "--org", "株式会社要約", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    ok(&home, &db, &["verdict", "1", "1", "conforms"]);

    // Unsigned: the workbook and the document, nothing signed off.
    let (xlsx, doc) = (dir.path().join("draft.xlsx"), dir.path().join("draft.json"));
    let out = ok(&home, &db, &["export", "1", "--xlsx", xlsx.to_str().unwrap(), "--document", doc.to_str().unwrap(), "--json"]);
    let s = summary(&out);
    assert_eq!(check_files(&s), ["xlsx", "json"], "{s}");
    assert_eq!(s["assessment"], 1);
    assert_eq!(s["signed_off"], false);
    assert_eq!(s["signer"], serde_json::Value::Null);
    assert!(s["files"].as_array().unwrap().iter().all(|f| f["signed"] == false), "{s}");
    assert!(!out.contains("wrote "), "JSON in place of the text lines:\n{out}");

    // Signed: the PDF, the workbook with its .p7s, the document; the assessment is signed off.
    ok(&home, &db, &["identity", "new", "--name", "監査 要", "--org", "点検監査株式会社", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let (pdf, xlsx, doc) = (dir.path().join("report.pdf"), dir.path().join("results.xlsx"), dir.path().join("a.json"));
    let out = ok(
        &home,
        &db,
        &[
            "export",
            "1",
            "--pdf",
            pdf.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--document",
            doc.to_str().unwrap(),
            "--sign",
            "--identity-passphrase-env",
            "TENKEN_TEST_KEY",
            "--json",
        ],
    );
    let s = summary(&out);
    assert_eq!(check_files(&s), ["pdf", "xlsx", "p7s", "json"], "{s}");
    let signed = |kind: &str| s["files"].as_array().unwrap().iter().find(|f| f["kind"] == kind).map(|f| f["signed"].clone());
    assert_eq!(signed("pdf"), Some(serde_json::Value::Bool(true)), "{s}");
    assert_eq!(signed("p7s"), Some(serde_json::Value::Bool(true)), "{s}");
    assert_eq!(signed("json"), Some(serde_json::Value::Bool(false)), "{s}");
    assert_eq!(s["signed_off"], true);
    assert_eq!(s["signer"]["name"], "監査 要");
    assert_eq!(s["signer"]["org"], "点検監査株式会社");
    let identities: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["identity", "list", "--json"])).unwrap();
    assert_eq!(s["signer"]["identity"], identities[0]["id"], "{identities}");
    assert_eq!(s["signer"]["cert_sha256"].as_str().map(str::len), Some(64), "{s}");
    let shown: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["assessment", "show", "1", "--json"])).unwrap();
    assert_eq!(shown["assessment"]["status"], "signed", "the summary's sign-off is the database's");
}

#[test]
fn the_older_json_file_still_writes_the_document_and_prints_text() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("a.db"));
    ok(&home, &db, &["assessment", "new", "--org", "株式会社旧式", "--catalog", "jama-japia-2.2", "--scope", "target_level=1"]);
    let doc = dir.path().join("a.json");
    let out = ok(&home, &db, &["export", "1", "--json", doc.to_str().unwrap()]);
    assert!(out.starts_with("wrote ") && out.contains("a.json"), "{out}");
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&doc).unwrap()).unwrap();
    assert!(written.get("score").is_some(), "the assessment document: {written}");

    // The document named twice is refused, nothing written.
    let other = dir.path().join("b.json");
    let twice = run(&home, &db, &["export", "1", "--document", other.to_str().unwrap(), "--json", doc.to_str().unwrap()]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("give the JSON document once"));
    assert!(!other.exists());
}
