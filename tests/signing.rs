//! Signing end to end: identities, PAdES PDFs judged by poppler's `pdfsig` and `qpdf`, detached
//! CMS judged by `openssl cms`, and tampering detected by `tenken::signing::verify_*`.
//!
//! The external tools (poppler-utils, qpdf, openssl) are installed by the README's test command;
//! `pdfsig` exits 0 whatever it finds, so the tests read its output.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, Utc};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use tenken::signing::{
    sign_detached, sign_pdf, verify_detached, verify_pdf, Appearance, Identity, NewIdentity, SigningError, Status, UnlockedIdentity,
};

const PASSPHRASE: &str = "correct horse battery staple";

/// A two-page PDF made here (not by the report renderer), saved with a classic xref table.
fn small_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"});
    let resources_id = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font_id}});
    let mut kids = Vec::new();
    for page in 1..=2 {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 14.into()]),
                Operation::new("Td", vec![72.into(), 720.into()]),
                Operation::new("Tj", vec![Object::string_literal(format!("Audit report, page {page}"))]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().expect("content")));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(page_id));
    }
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => 2, "Resources" => resources_id}));
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save test PDF");
    out
}

fn new_identity(dir: &Path) -> Identity {
    let new =
        NewIdentity { name: "山田 太郎".into(), org: "Tenken Audit 株式会社".into(), email: Some("taro.yamada@example.jp".into()) };
    Identity::create(dir, &new, PASSPHRASE).expect("create identity")
}

fn appearance() -> Appearance {
    Appearance {
        page_index: 1,
        rect: [330.0, 60.0, 560.0, 130.0],
        signer_name: "山田 太郎".into(),
        org: "Tenken Audit 株式会社".into(),
        reason: Some("監査報告書の承認 (audit report approval)".into()),
        location: Some("東京".into()),
    }
}

/// Sign the small PDF once; returns (identity, unlocked signer, signed bytes).
fn signed_fixture(dir: &Path) -> (Identity, UnlockedIdentity, Vec<u8>) {
    let identity = new_identity(dir);
    let signer = identity.unlock(PASSPHRASE).expect("unlock");
    let signed = sign_pdf(&small_pdf(), &signer, &appearance(), Utc::now()).expect("sign PDF");
    (identity, signer, signed)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path
}

/// `pdfsig FILE` stdout + stderr (it exits 0 in every case).
fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig").arg(path).output().expect("run pdfsig (poppler-utils)");
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `qpdf --check FILE`: (success, output).
fn qpdf_check(path: &Path) -> (bool, String) {
    let out = Command::new("qpdf").arg("--check").arg(path).output().expect("run qpdf");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Where the /Contents hex string is (from the /ByteRange the verifier reports).
fn byte_range(v: &tenken::signing::Verification) -> [u64; 4] {
    match &v.signed {
        Some(tenken::signing::verification::SignedScope::Pdf { byte_range, .. }) => *byte_range,
        other => panic!("expected a PDF scope, got {other:?}"),
    }
}

#[test]
fn signed_pdf_is_valid_for_pdfsig_qpdf_and_tenken() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (identity, signer, signed) = signed_fixture(tmp.path());
    let path = write(tmp.path(), "report.pdf", &signed);

    let report = pdfsig(&path);
    assert!(report.contains("Total document signed"), "pdfsig:\n{report}");
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(report.contains("ETSI.CAdES.detached"), "pdfsig:\n{report}");
    assert!(report.contains("山田 太郎"), "pdfsig shows the signer's CN:\n{report}");

    let (ok, check) = qpdf_check(&path);
    assert!(ok && check.contains("No syntax or stream encoding errors"), "qpdf --check:\n{check}");
    assert!(!check.to_lowercase().contains("warning"), "qpdf --check:\n{check}");

    // Without a trust list the signature is intact but UNTRUSTED: nothing shows who signed.
    let v = verify_pdf(&signed, &[]);
    assert_eq!(v.status, Status::Untrusted, "{v}");
    assert!(!v.to_string().contains("Status:       VALID"), "{v}");
    let signer_summary = v.signer.as_ref().expect("signer");
    assert_eq!(signer_summary.subject.common_name, "山田 太郎");
    assert_eq!(signer_summary.subject.organisation.as_deref(), Some("Tenken Audit 株式会社"));
    assert_eq!(Some(signer_summary.cert_sha256.clone()), identity.cert_fingerprint);
    assert_eq!(v.reason.as_deref(), Some("監査報告書の承認 (audit report approval)"));
    assert!(v.chain.chain_ok && !v.chain.root_trusted, "{v}");
    let [a, b, c, d] = byte_range(&v);
    assert_eq!((a, c + d), (0, signed.len() as u64), "the range covers the whole file");
    assert_eq!(&signed[b as usize..b as usize + 1], b"<");
    assert_eq!(&signed[c as usize - 1..c as usize], b">");

    // Trusting the root makes it VALID.
    let root = signer.chain().last().expect("root").clone();
    let trusted = verify_pdf(&signed, &[root]);
    assert!(trusted.is_valid() && trusted.chain.root_trusted, "{trusted}");
    assert!(trusted.to_string().contains("Status:       VALID"));

    // The original bytes are kept unchanged (incremental update).
    let original = small_pdf();
    assert_eq!(&signed[..original.len() - 10], &original[..original.len() - 10]);
}

#[test]
fn a_pdf_with_an_xref_stream_and_a_second_signature_is_still_valid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plain = write(tmp.path(), "plain.pdf", &small_pdf());
    let compressed = tmp.path().join("compressed.pdf");
    let status = Command::new("qpdf").args(["--object-streams=generate"]).arg(&plain).arg(&compressed).status().expect("run qpdf");
    assert!(status.success());
    let identity = new_identity(tmp.path());
    let signer = identity.unlock(PASSPHRASE).expect("unlock");
    let root = signer.chain().last().expect("root").clone();
    let pdf = std::fs::read(&compressed).expect("read");
    let once = sign_pdf(&pdf, &signer, &appearance(), Utc::now()).expect("sign xref-stream PDF");
    let twice = sign_pdf(&once, &signer, &Appearance { page_index: 0, ..appearance() }, Utc::now()).expect("sign again");
    for (name, bytes) in [("once.pdf", &once), ("twice.pdf", &twice)] {
        let path = write(tmp.path(), name, bytes);
        let report = pdfsig(&path);
        assert!(report.contains("Signature is Valid."), "{name} pdfsig:\n{report}");
        let (ok, check) = qpdf_check(&path);
        assert!(ok, "{name} qpdf --check:\n{check}");
        let v = verify_pdf(bytes, std::slice::from_ref(&root));
        assert!(v.is_valid(), "{name}: {v}");
    }
    let report = pdfsig(&tmp.path().join("twice.pdf"));
    assert!(report.contains("Signature #2"), "two signatures:\n{report}");
    assert_eq!(report.matches("Total document signed").count(), 1, "only the last covers all:\n{report}");
}

#[test]
fn any_byte_flipped_in_the_signed_ranges_makes_the_pdf_invalid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, _, signed) = signed_fixture(tmp.path());
    let [_, gap_start, gap_end, _] = byte_range(&verify_pdf(&signed, &[])).map(|n| n as usize);
    let len = signed.len();

    // Evenly spread positions over both signed ranges, plus the edges around the gap and the
    // /ByteRange numbers themselves.
    let mut positions: Vec<usize> = (0..60).map(|i| i * gap_start / 60).collect();
    positions.extend((0..30).map(|i| gap_end + i * (len - gap_end) / 30));
    positions.extend([gap_start - 1, gap_end, len - 1, len - 6]);
    let br = find(&signed, b"/ByteRange").expect("/ByteRange");
    positions.extend(br..br + 40);

    for (n, &pos) in positions.iter().enumerate() {
        let mut tampered = signed.clone();
        tampered[pos] ^= 0x01;
        let v = verify_pdf(&tampered, &[]);
        assert_eq!(v.status, Status::Invalid, "flip at byte {pos} of {len} not detected: {v}");
        // pdfsig on a sample of them (it is slower): it must not call any of them valid.
        if n % 6 == 0 {
            let path = write(tmp.path(), "tampered.pdf", &tampered);
            let report = pdfsig(&path);
            assert!(!report.contains("Signature is Valid."), "pdfsig accepted a flip at {pos}:\n{report}");
        }
    }
}

#[test]
fn changes_inside_the_signature_reservation_make_the_pdf_invalid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, signer, signed) = signed_fixture(tmp.path());
    let [_, gap_start, gap_end, _] = byte_range(&verify_pdf(&signed, &[])).map(|n| n as usize);
    let hex = &signed[gap_start + 1..gap_end - 1];
    let used = hex.iter().rposition(|&b| b != b'0').expect("signature hex") + 1;
    // Where the embedded copy of the root lies, in hex digits of /Contents.
    let root = signer.chain().last().expect("root").clone();
    let root_hex = hex::encode_upper(der::Encode::to_der(&root).expect("root DER"));
    let root_at = find(hex, root_hex.as_bytes()).or_else(|| find(hex, root_hex.to_lowercase().as_bytes())).expect("the root is embedded");
    let root_digits = gap_start + 1 + root_at..gap_start + 1 + root_at + root_hex.len();
    assert!(used < hex.len() / 2, "the reservation has unused room");

    // The unused, zero-filled part: any non-zero digit (or any other byte) is a change.
    let unused: Vec<usize> = (0..40).map(|i| gap_start + 1 + used + 2 + i * (hex.len() - used - 2) / 40).collect();
    for &pos in &unused {
        for replacement in [b'1', b'F', b' ', b'a'] {
            let mut tampered = signed.clone();
            tampered[pos] = replacement;
            let v = verify_pdf(&tampered, &[]);
            assert_eq!(v.status, Status::Invalid, "byte {pos} -> {:?} in the reservation not detected", replacement as char);
        }
    }
    // The used part (the CMS itself): flips and case changes. A change in the embedded copy of
    // the root is never VALID: without trust it breaks the path (INVALID, or UNTRUSTED when it
    // only hides the root's own issuer name); with the root trusted the path ends at the trusted
    // copy and the altered one is reported as not on the path. Anything else is INVALID.
    for i in 0..60 {
        let pos = gap_start + 1 + i * used / 60;
        for flip in [0x01u8, 0x20] {
            let mut tampered = signed.clone();
            tampered[pos] ^= flip;
            let v = verify_pdf(&tampered, &[]);
            if root_digits.contains(&pos) && flip == 0x01 {
                assert_ne!(v.status, Status::Valid, "CMS hex byte {pos} ^ {flip:#x}: {v}");
                let t = verify_pdf(&tampered, std::slice::from_ref(&root));
                assert!(
                    t.status == Status::Invalid || t.notes.iter().any(|n| n.code == "signature.note.unused_certificates"),
                    "CMS hex byte {pos} ^ {flip:#x} with trust: {t}"
                );
            } else {
                assert_eq!(v.status, Status::Invalid, "CMS hex byte {pos} ^ {flip:#x} not detected: {v}");
            }
        }
    }
    // The delimiters.
    for pos in [gap_start, gap_end - 1] {
        let mut tampered = signed.clone();
        tampered[pos] = b' ';
        assert_eq!(verify_pdf(&tampered, &[]).status, Status::Invalid);
    }
}

#[test]
fn bytes_appended_after_signing_are_reported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, _, signed) = signed_fixture(tmp.path());
    for extra in [&b"\n"[..], b"%%EOF\n", b"\n1 0 obj\n<< >>\nendobj\n"] {
        let mut tampered = signed.clone();
        tampered.extend_from_slice(extra);
        let v = verify_pdf(&tampered, &[]);
        assert_eq!(v.status, Status::Invalid);
        assert!(v.problems.iter().any(|p| p.code == "signature.bytes_appended"), "{v}");
        let report = pdfsig(&write(tmp.path(), "appended.pdf", &tampered));
        assert!(report.contains("Not total document signed"), "pdfsig:\n{report}");
    }
    // A truncated file is invalid too.
    let truncated = &signed[..signed.len() - 3];
    assert_eq!(verify_pdf(truncated, &[]).status, Status::Invalid);
    // An unsigned PDF has no signature to speak for it.
    let plain = verify_pdf(&small_pdf(), &[]);
    assert!(!plain.is_valid() && plain.problems[0].code == "signature.no_pdf_signature", "{plain}");
}

#[test]
fn detached_signature_is_accepted_by_openssl_and_tampering_is_detected() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let identity = new_identity(tmp.path());
    let signer = identity.unlock(PASSPHRASE).expect("unlock");
    let content: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let time = Utc::now();
    let p7s = sign_detached(&content, &signer, time).expect("sign detached");
    let file = write(tmp.path(), "results.xlsx", &content);
    let sig = write(tmp.path(), "results.xlsx.p7s", &p7s);

    let openssl = |content: &Path, extra: &[&str]| {
        let out = Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
            .arg(&sig)
            .arg("-content")
            .arg(content)
            .args(extra)
            .args(["-out", "/dev/null"])
            .output()
            .expect("run openssl");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (ok, text) = openssl(&file, &["-noverify"]);
    assert!(ok && text.contains("Verification successful"), "openssl -noverify: {text}");
    // With the root as the only trust anchor openssl also accepts the chain.
    let root_pem = identity.export_cert_pem().expect("export");
    let root_file = write(tmp.path(), "root.pem", root_pem.as_bytes());
    let (ok, text) = openssl(&file, &["-CAfile", root_file.to_str().expect("path"), "-purpose", "any"]);
    assert!(ok, "openssl with -CAfile: {text}");

    let root = signer.chain().last().expect("root").clone();
    let trusted = std::slice::from_ref(&root);
    assert_eq!(verify_detached(&content, &p7s, &[]).status, Status::Untrusted);
    let v = verify_detached(&content, &p7s, trusted);
    assert!(v.is_valid(), "{v}");
    let shown = v.signing_time.expect("signing time");
    assert!((shown - time).num_seconds().abs() <= 1);
    assert!(v.to_string().contains("Signed file:  50000 bytes"), "{v}");

    // Content changed by one byte: both reject.
    let mut changed = content.clone();
    changed[12_345] ^= 0x80;
    let changed_file = write(tmp.path(), "changed.xlsx", &changed);
    let (ok, _) = openssl(&changed_file, &["-noverify"]);
    assert!(!ok, "openssl accepted changed content");
    let v = verify_detached(&changed, &p7s, trusted);
    assert!(v.status == Status::Invalid && v.problems.iter().any(|p| p.code == "signature.digest_mismatch"), "{v}");
    // Signature bytes changed anywhere: INVALID without a trust list. With the root trusted,
    // a change inside the embedded copy of the root is no longer on the path (the trusted root
    // ends it) and is reported as an unused certificate; anything else is INVALID.
    let root_der = der::Encode::to_der(&root).expect("root DER");
    let root_at = find(&p7s, &root_der).expect("the root is embedded");
    let root_bytes = root_at..root_at + root_der.len();
    for pos in 0..p7s.len() {
        let mut bad = p7s.clone();
        bad[pos] ^= 0x01;
        let untrusted = verify_detached(&content, &bad, &[]);
        let v = verify_detached(&content, &bad, trusted);
        if !root_bytes.contains(&pos) {
            assert_eq!(untrusted.status, Status::Invalid, "p7s flip at {pos} not detected: {untrusted}");
            assert_eq!(v.status, Status::Invalid, "p7s flip at {pos} not detected with trust: {v}");
        } else {
            // In the embedded root: never VALID without trust (the path breaks: INVALID, or
            // UNTRUSTED when the flip only hides the root's own issuer name); with the root
            // trusted, the trusted copy ends the path and the altered one is reported unused.
            assert_ne!(untrusted.status, Status::Valid, "p7s flip at {pos}: {untrusted}");
            assert!(
                v.status == Status::Invalid || v.notes.iter().any(|n| n.code == "signature.note.unused_certificates"),
                "p7s flip at {pos} with trust: {v}"
            );
        }
    }
}

#[test]
fn signing_outside_the_certificate_validity_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let signer = new_identity(tmp.path()).unlock(PASSPHRASE).expect("unlock");
    for time in [Utc::now() - Duration::hours(1), Utc::now() + Duration::days(4 * 365)] {
        let err = sign_pdf(&small_pdf(), &signer, &appearance(), time).expect_err("PDF outside validity");
        assert!(err.to_string().contains("outside the signing certificate's validity"), "{err}");
        assert!(sign_detached(b"x", &signer, time).is_err());
    }
    let page = sign_pdf(&small_pdf(), &signer, &Appearance { page_index: 2, ..appearance() }, Utc::now());
    assert!(page.expect_err("no third page").to_string().contains("page index 2 is out of range"));
    let not_pdf = sign_pdf(b"not a pdf", &signer, &appearance(), Utc::now()).expect_err("not a PDF");
    assert!(not_pdf.to_string().starts_with("PDF:"), "{not_pdf}");
}

#[test]
fn wrong_passphrase_is_a_clear_error_and_keys_are_stored_encrypted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let identity = new_identity(tmp.path());
    let err = identity.unlock("wrong passphrase").expect_err("wrong passphrase must fail");
    assert!(matches!(err, SigningError::WrongPassphrase { .. }), "{err:?}");
    assert!(err.to_string().contains("wrong passphrase for identity"), "{err}");
    let core: tenken::Error = err.into();
    assert!(core.to_string().contains("wrong passphrase"));

    let signer = identity.unlock(PASSPHRASE).expect("unlock");
    let raw = signer.signing_key().to_bytes();
    let key_pem = std::fs::read_to_string(identity.folder.join("key.pem")).expect("key.pem");
    assert!(key_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "{key_pem}");
    let der = pem_body(&key_pem);
    assert!(find(&der, raw.as_slice()).is_none(), "the raw key is in the key file");
    assert!(find(key_pem.as_bytes(), hex::encode(raw).as_bytes()).is_none());
    // OpenSSL reads the encrypted PKCS#8 with the passphrase, and refuses without it.
    let ok = Command::new("openssl")
        .args(["pkey", "-noout", "-passin", &format!("pass:{PASSPHRASE}"), "-in"])
        .arg(identity.folder.join("key.pem"))
        .status()
        .expect("run openssl");
    assert!(ok.success());
    let bad = Command::new("openssl")
        .args(["pkey", "-noout", "-passin", "pass:nope", "-in"])
        .arg(identity.folder.join("key.pem"))
        .output()
        .expect("run openssl");
    assert!(!bad.status.success());
    assert!(Identity::create(tmp.path(), &NewIdentity { name: "x".into(), org: "y".into(), email: None }, "").is_err());
}

#[test]
fn identities_are_listed_loaded_and_exported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("identities");
    assert!(Identity::list(&dir).expect("list").is_empty());
    let first = new_identity(&dir);
    let second = Identity::create(&dir, &NewIdentity { name: "Alice Auditor".into(), org: "OEM Corp".into(), email: None }, PASSPHRASE)
        .expect("second identity");
    let listed: Vec<String> = Identity::list(&dir).expect("list").into_iter().map(|i| i.id).collect();
    assert_eq!(listed, vec![first.id.clone(), second.id.clone()]);
    let loaded = Identity::load(&dir, &first.id[..8]).expect("load by prefix");
    assert_eq!((loaded.name.as_str(), loaded.org.as_str()), ("山田 太郎", "Tenken Audit 株式会社"));
    assert_eq!(loaded.email.as_deref(), Some("taro.yamada@example.jp"));
    assert!(matches!(Identity::load(&dir, "ffffffffffff"), Err(SigningError::IdentityNotFound { .. })));

    // The exported PEM holds the signing certificate then the root; openssl agrees on the chain.
    let pem = first.export_cert_pem().expect("export");
    assert_eq!(pem.matches("BEGIN CERTIFICATE").count(), 2);
    let chain = write(tmp.path(), "chain.pem", pem.as_bytes());
    let out = Command::new("openssl").args(["x509", "-noout", "-text", "-in"]).arg(&chain).output().expect("openssl x509");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Digital Signature, Non Repudiation"), "{text}");
    assert!(text.contains("CA:FALSE") && text.contains("prime256v1"), "{text}");
    assert!(text.contains("email:taro.yamada@example.jp"), "{text}");
    let not_before = first.certificate().expect("cert").tbs_certificate.validity.not_before.to_system_time();
    assert!(chrono::DateTime::<Utc>::from(not_before) < Utc::now() - Duration::minutes(5));
    let root = first.root_certificate().expect("root").expect("has root");
    let root_file = write(tmp.path(), "root.pem", tenken::signing::certificate::cert_to_pem(&root).expect("pem").as_bytes());
    let out = Command::new("openssl").args(["verify", "-CAfile"]).arg(&root_file).arg(&chain).output().expect("openssl verify");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_organisation_pkcs12_is_imported_and_signs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let run = |args: &[&str]| openssl(d, args);
    // An organisation CA and a user certificate, made with OpenSSL as an organisation would.
    openssl_ca(d, "/O=OEM Corp/CN=OEM Corp Root");
    run(&["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "user.key"]);
    run(&["req", "-new", "-key", "user.key", "-subj", "/O=OEM Corp/CN=Hanako Suzuki", "-out", "user.csr"]);
    std::fs::write(d.join("ext.cnf"), "keyUsage=critical,digitalSignature,nonRepudiation\n").expect("ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "user.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        "ext.cnf",
        "-out",
        "user.pem",
    ]);
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        "user.key",
        "-in",
        "user.pem",
        "-certfile",
        "ca.pem",
        "-passout",
        "pass:p12pass",
        "-out",
        "user.p12",
    ]);
    let p12 = std::fs::read(d.join("user.p12")).expect("p12");
    let dir = d.join("identities");

    let err = Identity::import_p12(&dir, &p12, "wrong", PASSPHRASE).expect_err("wrong p12 password");
    assert!(err.to_string().contains("PKCS#12"), "{err}");
    let identity = Identity::import_p12(&dir, &p12, "p12pass", PASSPHRASE).expect("import");
    assert_eq!((identity.name.as_str(), identity.org.as_str()), ("Hanako Suzuki", "OEM Corp"));
    let signer = identity.unlock(PASSPHRASE).expect("unlock imported");
    assert_eq!(signer.chain().len(), 1, "the organisation root came along");
    let signed = sign_pdf(&small_pdf(), &signer, &Appearance { page_index: 0, ..appearance() }, Utc::now()).expect("sign");
    let v = verify_pdf(&signed, signer.chain());
    assert!(v.is_valid() && v.chain.root_trusted, "{v}");
    assert_eq!(v.chain.root_name.as_deref(), Some("OEM Corp Root"));
    let report = pdfsig(&write(d, "org.pdf", &signed));
    assert!(report.contains("Signature is Valid.") && report.contains("Total document signed"), "{report}");
}

#[test]
fn a_certificate_request_is_completed_with_the_issued_certificate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let dir = d.join("identities");
    let new = NewIdentity { name: "Ichiro Sato".into(), org: "Supplier KK".into(), email: None };
    let (pending, csr) = Identity::create_request(&dir, &new, PASSPHRASE).expect("request");
    assert!(pending.unlock(PASSPHRASE).is_err(), "a pending identity cannot sign");
    std::fs::write(d.join("req.pem"), &csr).expect("write csr");
    let run = |args: &[&str]| openssl(d, args);
    run(&["req", "-verify", "-noout", "-in", "req.pem"]);
    openssl_ca(d, "/CN=Org CA");
    run(&["x509", "-req", "-in", "req.pem", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30", "-out", "issued.pem"]);
    let chain = format!(
        "{}{}",
        std::fs::read_to_string(d.join("issued.pem")).expect("issued"),
        std::fs::read_to_string(d.join("ca.pem")).expect("ca")
    );
    let done = pending.install_certificate(&chain).expect("install");
    assert_eq!(done.id, pending.id);
    let signer = done.unlock(PASSPHRASE).expect("unlock");
    let p7s = sign_detached(b"hello", &signer, Utc::now()).expect("sign");
    let org_ca = tenken::signing::certificate::certs_from_pem(&std::fs::read_to_string(d.join("ca.pem")).expect("ca")).expect("ca pem");
    assert_eq!(verify_detached(b"hello", &p7s, &[]).status, Status::Untrusted);
    let v = verify_detached(b"hello", &p7s, &org_ca);
    assert!(v.is_valid(), "{v}");
    // A certificate for another key is refused.
    let other = Identity::create_request(&dir, &NewIdentity { name: "B".into(), ..new }, PASSPHRASE).expect("other").0;
    assert!(other.install_certificate(&chain).is_err());
}

#[test]
fn a_signing_date_with_a_multi_byte_character_is_invalid_not_a_crash() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, _, signed) = signed_fixture(tmp.path());
    // Replace three digits of /M (D:YYYY…) with a three-byte character, so that byte 14 of the
    // date falls inside it; the file keeps its length and its /ByteRange.
    let m = find(&signed, b"/M (D:").or_else(|| find(&signed, b"/M(D:")).expect("/M date");
    let date = m + find(&signed[m..], b"D:").expect("D:") + 2;
    for (offset, replacement) in [(12usize, "年"), (11, "年"), (0, "二")] {
        let mut bad = signed.clone();
        bad[date + offset..date + offset + 3].copy_from_slice(replacement.as_bytes());
        let path = write(tmp.path(), "bad-date.pdf", &bad);
        let out = Command::new(env!("CARGO_BIN_EXE_tenken"))
            .arg("verify")
            .arg(&path)
            .env("XDG_DATA_HOME", tmp.path().join("data"))
            .output()
            .expect("run tenken verify");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "exit 1 (INVALID), not 101 (panic): {text}{}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("INVALID"), "{text}");
    }
}

/// Run `openssl ARGS` in `dir`, requiring success.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// An organisation's CA made with OpenSSL, as an organisation would: `ca.key` and `ca.pem` in `dir`.
fn openssl_ca(dir: &Path, subject: &str) {
    openssl(dir, &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"]);
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            subject,
            "-days",
            "30",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The DER inside a PEM block.
fn pem_body(pem: &str) -> Vec<u8> {
    der::pem::decode_vec(pem.as_bytes()).expect("PEM").1
}
