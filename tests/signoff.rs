//! The sign-off as an auditor does it from the command line: a signed PDF report and a signed
//! Excel workbook that standard tools verify, tampering detected, the assessment locked, and a
//! reopen + re-sign shown in the audit trail.

mod common;

use std::process::Command;

use common::{tenken_home as run, tenken_home_ok as ok};

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd} is installed by scripts/prereqs.sh: {e}"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn signed_reports_verify_tampering_is_caught_and_the_assessment_is_locked_until_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = (dir.path().join("home"), dir.path().join("a.db"));
    ok(
        &home,
        &db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社署名試験",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 太郎",
        ],
    );
    ok(&home, &db, &["verdict", "1", "1", "conforms", "--note", "方針を確認"]);
    ok(&home, &db, &["identity", "new", "--name", "監査 太郎", "--org", "点検監査株式会社", "--passphrase-env", "TENKEN_TEST_KEY"]);
    let (pdf, xlsx) = (dir.path().join("report.pdf"), dir.path().join("results.xlsx"));
    ok(
        &home,
        &db,
        &[
            "export",
            "1",
            "--pdf",
            pdf.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--sign",
            "--identity-passphrase-env",
            "TENKEN_TEST_KEY",
        ],
    );

    let pdfsig = tool("pdfsig", &[pdf.to_str().unwrap()]);
    assert!(pdfsig.contains("Total document signed") && pdfsig.contains("Signature is Valid."), "{pdfsig}");
    assert!(tool("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream encoding errors"));
    let p7s = format!("{}.p7s", xlsx.display());
    let openssl = tool(
        "openssl",
        &["cms", "-verify", "-binary", "-inform", "DER", "-in", &p7s, "-content", xlsx.to_str().unwrap(), "-noverify", "-out", "/dev/null"],
    );
    assert!(openssl.contains("Verification successful"), "{openssl}");
    assert!(ok(&home, &db, &["verify", pdf.to_str().unwrap()]).contains("VALID"));
    ok(&home, &db, &["verify", xlsx.to_str().unwrap()]);

    // Tampering: a flipped byte inside the signed range, and bytes appended after the signature.
    let bytes = std::fs::read(&pdf).unwrap();
    let flipped = dir.path().join("flipped.pdf");
    let mut f = bytes.clone();
    f[bytes.len() / 10] ^= 0x01;
    std::fs::write(&flipped, &f).unwrap();
    let out = run(&home, &db, &["verify", flipped.to_str().unwrap()]);
    assert!(!out.status.success(), "a flipped byte must be INVALID");
    let appended = dir.path().join("appended.pdf");
    std::fs::write(&appended, [bytes.as_slice(), b"\n%extra\n"].concat()).unwrap();
    let out = run(&home, &db, &["verify", appended.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("modified after signing"), "{}", String::from_utf8_lossy(&out.stdout));

    // Locked: no change without a reopen; the reopen is a new revision that can be signed again.
    let out = run(&home, &db, &["verdict", "1", "1", "partial"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("signed and read-only"));
    let reopened: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["assessment", "reopen", "1", "--json"])).unwrap();
    assert_eq!(reopened["revision"], 2);
    let new_id = reopened["id"].as_i64().unwrap().to_string();
    ok(&home, &db, &["verdict", &new_id, "1", "partial"]);
    let pdf2 = dir.path().join("report-r2.pdf");
    ok(&home, &db, &["export", &new_id, "--pdf", pdf2.to_str().unwrap(), "--sign", "--identity-passphrase-env", "TENKEN_TEST_KEY"]);
    let trail: serde_json::Value = serde_json::from_str(&ok(&home, &db, &["log", "--json"])).unwrap();
    let actions: Vec<&str> =
        trail.as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).filter(|a| a.starts_with("assessment.")).collect();
    assert_eq!(actions, ["assessment.create", "assessment.sign", "assessment.reopen", "assessment.sign"]);
    let sign = trail.as_array().unwrap().iter().find(|e| e["action"] == "assessment.sign").unwrap();
    assert_eq!(sign["after"]["files"][0]["sha256"], sha2_hex(&bytes), "the trail records the signed PDF's SHA-256");
    ok(&home, &db, &["log", "--verify"]);
}

fn sha2_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}
