//! RSA identities end to end: an organisation's RSA CA (2048 and 4096 bits) made with the
//! `openssl` CLI issues an RSA signing certificate in a `.p12`; `tenken identity import` takes
//! it (PKCS#1 v1.5 by default, RSASSA-PSS with `--rsa-pss`); the signed PDF report is judged by
//! poppler's `pdfsig` and by pyHanko, the `.p7s` by `openssl cms -verify`; OpenSSL-made RSA
//! `.p7s` files (both schemes) are read by Tenken's verifier; a tampered RSA signature is
//! INVALID; keys outside 2048–4096 bits are refused. Also: the visible signature box draws
//! a kanji signer name with an embedded font (`pdffonts`, `pdftotext`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tenken::signing::{verify_detached, Status};
use x509_cert::Certificate;

const KEY_PASS: &str = "correct horse battery";
const P12_PASS: &str = "p12pass";

/// Run `openssl ARGS` in `dir`, requiring success.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// stdout + stderr of a command (for tools that report in text).
fn tool(dir: &Path, cmd: &str, args: &[&str]) -> (bool, String) {
    let out =
        Command::new(cmd).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{cmd} is installed by scripts/prereqs.sh: {e}"));
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// An RSA root CA of `bits` bits: `ca.key`, `ca.pem` in `dir`.
fn rsa_ca(dir: &Path, bits: u32, subject: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            &format!("rsa:{bits}"),
            "-nodes",
            "-keyout",
            "ca.key",
            "-subj",
            subject,
            "-days",
            "30",
            "-sha256",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// A signing certificate for `key` (an existing key file) issued by `ca.pem`, with digest
/// `md` for the certificate's own signature: `{name}.pem`.
fn issue(dir: &Path, key: &str, subject: &str, md: &str, name: &str) {
    openssl(dir, &["req", "-new", "-key", key, "-subj", subject, "-utf8", "-out", &format!("{name}.csr")]);
    std::fs::write(dir.join("leaf.cnf"), "keyUsage=critical,digitalSignature,nonRepudiation\n").expect("ext");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "30",
            &format!("-{md}"),
            "-extfile",
            "leaf.cnf",
            "-out",
            &format!("{name}.pem"),
        ],
    );
}

/// An RSA key of `bits` bits: `{name}.key`.
fn rsa_key(dir: &Path, bits: u32, name: &str) {
    openssl(dir, &["genpkey", "-algorithm", "RSA", "-pkeyopt", &format!("rsa_keygen_bits:{bits}"), "-out", &format!("{name}.key")]);
}

/// `{name}.p12` holding `{name}.key`, `{name}.pem` and the CA.
fn p12(dir: &Path, name: &str) -> PathBuf {
    openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &format!("{name}.key"),
            "-in",
            &format!("{name}.pem"),
            "-certfile",
            "ca.pem",
            "-passout",
            &format!("pass:{P12_PASS}"),
            "-out",
            &format!("{name}.p12"),
        ],
    );
    dir.join(format!("{name}.p12"))
}

/// `tenken --db DB ARGS` with the data directory inside `home` and both passphrases set.
fn tenken(home: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(common::tenken_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TENKEN_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TENKEN_ACTOR", "test")
        .env("TENKEN_TEST_KEY", KEY_PASS)
        .env("TENKEN_P12", P12_PASS)
        .output()
        .expect("run tenken")
}

/// [`tenken`], requiring success; stdout.
fn tenken_ok(home: &Path, db: &Path, args: &[&str]) -> String {
    let out = tenken(home, db, args);
    assert!(out.status.success(), "tenken {args:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Import `p12` with the CLI (extra flags in `flags`) and return the identity's id.
fn import(home: &Path, db: &Path, p12: &Path, flags: &[&str]) -> String {
    let mut args = vec![
        "identity",
        "import",
        p12.to_str().expect("utf-8 path"),
        "--p12-passphrase-env",
        "TENKEN_P12",
        "--passphrase-env",
        "TENKEN_TEST_KEY",
        "--json",
    ];
    args.extend_from_slice(flags);
    let json: serde_json::Value = serde_json::from_str(&tenken_ok(home, db, &args)).expect("identity JSON");
    json["id"].as_str().expect("id").to_string()
}

/// A fresh assessment with one verdict, exported as PDF + Excel and signed by `identity`.
fn signed_export(home: &Path, db: &Path, out: &Path, identity: &str) -> (PathBuf, PathBuf) {
    tenken_ok(
        home,
        db,
        &[
            "assessment",
            "new",
            "--org",
            "株式会社RSA試験",
            "--catalog",
            "jama-japia-2.2",
            "--scope",
            "target_level=1",
            "--auditor",
            "監査 太郎",
        ],
    );
    tenken_ok(home, db, &["verdict", "1", "1", "conforms", "--note", "方針を確認"]);
    let (pdf, xlsx) = (out.join("report.pdf"), out.join("results.xlsx"));
    tenken_ok(
        home,
        db,
        &[
            "export",
            "1",
            "--pdf",
            pdf.to_str().expect("utf-8"),
            "--xlsx",
            xlsx.to_str().expect("utf-8"),
            "--sign",
            "--identity",
            identity,
            "--identity-passphrase-env",
            "TENKEN_TEST_KEY",
        ],
    );
    (pdf, xlsx)
}

/// pdfsig's report, with `root.pem` trusted in a fresh NSS database under `dir`.
fn pdfsig_trusting(dir: &Path, root: &Path, pdf: &Path) -> String {
    let nss = dir.join("nss");
    std::fs::create_dir_all(&nss).expect("nss dir");
    let db = format!("sql:{}", nss.display());
    let (ok, text) = tool(dir, "certutil", &["-N", "-d", &db, "--empty-password"]);
    assert!(ok, "certutil -N: {text}");
    let (ok, text) = tool(dir, "certutil", &["-A", "-d", &db, "-n", "root", "-t", "CT,C,C", "-i", root.to_str().expect("utf-8")]);
    assert!(ok, "certutil -A: {text}");
    tool(dir, "pdfsig", &["-nssdir", &db, pdf.to_str().expect("utf-8")]).1
}

/// pyHanko's judgement of the PDF's signature with `root` as the only trust anchor: the
/// summary line it prints (`INTACT:…`, `TRUSTED:…`, `VALID:…`) and its details.
fn pyhanko(dir: &Path, root: &Path, pdf: &Path) -> String {
    let script = r#"
import sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
root = load_cert_from_pemder(sys.argv[2])
vc = ValidationContext(trust_roots=[root])
with open(sys.argv[1], 'rb') as f:
    r = PdfFileReader(f, strict=False)
    status = validate_pdf_signature(r.embedded_signatures[0], vc)
    print(status.pretty_print_details())
    print(f"INTACT:{status.intact} TRUSTED:{status.trusted} VALID:{status.valid} ALGO:{status.pkcs7_signature_mechanism}")
"#;
    let (ok, text) = tool(dir, "python3", &["-c", script, pdf.to_str().expect("utf-8"), root.to_str().expect("utf-8")]);
    assert!(ok, "pyHanko (installed by scripts/prereqs.sh): {text}");
    text
}

/// `openssl cms -verify` of a detached DER signature with `root` as the trust anchor.
fn openssl_cms_verify(dir: &Path, p7s: &Path, content: &Path, root: &Path) -> (bool, String) {
    tool(
        dir,
        "openssl",
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            p7s.to_str().expect("utf-8"),
            "-content",
            content.to_str().expect("utf-8"),
            "-CAfile",
            root.to_str().expect("utf-8"),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
    )
}

/// The SignerInfo signatureAlgorithm OID of a DER CMS (via `openssl cms -cmsout -print`).
fn cms_print(dir: &Path, p7s: &Path) -> String {
    let (ok, text) = tool(dir, "openssl", &["cms", "-cmsout", "-print", "-inform", "DER", "-in", p7s.to_str().expect("utf-8")]);
    assert!(ok, "{text}");
    text
}

fn read_pem(path: &Path) -> Certificate {
    use der::DecodePem;
    Certificate::from_pem(std::fs::read(path).expect("read pem")).expect("certificate PEM")
}

/// The whole RSA story for one CA size and one scheme.
fn rsa_identity_signs(ca_bits: u32, leaf_bits: u32, md: &str, pss: bool) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let (home, db) = (d.join("home"), d.join("a.db"));
    rsa_ca(d, ca_bits, "/O=OEM Corp/CN=OEM Corp RSA Root");
    rsa_key(d, leaf_bits, "user");
    issue(d, "user.key", "/O=OEM Corp/CN=Hanako Suzuki", md, "user");
    let p12 = p12(d, "user");
    let flags: &[&str] = if pss { &["--rsa-pss"] } else { &[] };
    let id = import(&home, &db, &p12, flags);
    let show: serde_json::Value = serde_json::from_str(&tenken_ok(&home, &db, &["identity", "show", &id, "--json"])).expect("json");
    assert_eq!(show["rsa_scheme"], if pss { "pss" } else { "pkcs1v15" }, "{show}");
    // The key is stored as encrypted PKCS#8 that OpenSSL reads back as the same RSA key.
    let folder = PathBuf::from(show["folder"].as_str().unwrap_or_default());
    let key_pem = std::fs::read_to_string(home.join("data/tenken/identities").join(&id).join("key.pem"))
        .or_else(|_| std::fs::read_to_string(folder.join("key.pem")))
        .expect("key.pem");
    assert!(key_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "{key_pem}");

    let out = d.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let (pdf, xlsx) = signed_export(&home, &db, &out, &id);
    let root = d.join("ca.pem");

    // poppler, with the organisation's root trusted in NSS.
    let report = pdfsig_trusting(d, &root, &pdf);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(report.contains("Certificate is Trusted."), "pdfsig:\n{report}");
    assert!(report.contains("Total document signed"), "pdfsig:\n{report}");

    // pyHanko, with the root as its trust anchor.
    let hanko = pyhanko(d, &root, &pdf);
    let algo = if pss { "rsassa_pss" } else { "sha256_rsa" };
    assert!(hanko.contains(&format!("INTACT:True TRUSTED:True VALID:True ALGO:{algo}")), "pyHanko:\n{hanko}");

    // OpenSSL on the workbook's .p7s, chained to the root.
    let p7s = PathBuf::from(format!("{}.p7s", xlsx.display()));
    let (ok, text) = openssl_cms_verify(d, &p7s, &xlsx, &root);
    assert!(ok && text.contains("Verification successful"), "openssl cms:\n{text}");
    let printed = cms_print(d, &p7s);
    let expected_alg = if pss { "rsassaPss" } else { "sha256WithRSAEncryption" };
    assert!(printed.contains(expected_alg), "signature algorithm {expected_alg}:\n{printed}");
    if pss {
        // RFC 4055 parameters: SHA-256, MGF1 with SHA-256, a 32-byte salt.
        // OpenSSL prints the salt length in hex: `INTEGER :20` is 32 bytes.
        let salt_32 = printed.lines().any(|l| l.contains("INTEGER") && l.trim_end().ends_with(":20"));
        assert!(printed.contains("sha256") && printed.contains("mgf1") && salt_32, "{printed}");
    }

    // Tenken itself: VALID with the root trusted (the CLI, exit 0), INVALID once tampered.
    let trusted = tenken(&home, &db, &["verify", pdf.to_str().expect("utf-8"), "--trust", root.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&trusted.stdout).into_owned();
    assert!(trusted.status.success() && text.contains("VALID"), "{text}{}", String::from_utf8_lossy(&trusted.stderr));
    let mut bytes = std::fs::read(&pdf).expect("pdf");
    let sig_at = bytes.len() / 2;
    bytes[sig_at] ^= 0x01;
    let tampered = out.join("tampered.pdf");
    std::fs::write(&tampered, &bytes).expect("write");
    let bad = tenken(&home, &db, &["verify", tampered.to_str().expect("utf-8"), "--trust", root.to_str().expect("utf-8")]);
    assert_eq!(bad.status.code(), Some(1), "{}", String::from_utf8_lossy(&bad.stdout));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("INVALID"));
}

#[test]
fn an_rsa_2048_identity_signs_pkcs1_v15_by_default() {
    rsa_identity_signs(2048, 2048, "sha256", false);
}

#[test]
fn an_rsa_identity_under_a_4096_bit_ca_signs_with_pss() {
    rsa_identity_signs(4096, 3072, "sha384", true);
}

/// OpenSSL's own RSA `.p7s` (PKCS#1 v1.5, whose SignerInfo names bare `rsaEncryption`, and
/// PSS) over a file is intact for Tenken with the root trusted; a changed byte of the content
/// or of the signature value makes it INVALID.
#[test]
fn openssl_made_rsa_p7s_files_verify_and_tampering_is_invalid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    rsa_ca(d, 2048, "/O=Org/CN=Org RSA Root");
    rsa_key(d, 2048, "user");
    issue(d, "user.key", "/O=Org/CN=山田 太郎", "sha512", "user");
    let content = b"results workbook bytes\n".repeat(50);
    std::fs::write(d.join("content.bin"), &content).expect("content");
    let root = read_pem(&d.join("ca.pem"));
    for (name, extra) in [
        ("v15", &[][..]),
        ("pss", &["-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32"][..]),
        ("pss-digest-salt", &["-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:digest"][..]),
    ] {
        let out = format!("{name}.p7s");
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-in",
            "content.bin",
            "-signer",
            "user.pem",
            "-inkey",
            "user.key",
            "-certfile",
            "ca.pem",
            "-md",
            "sha256",
            "-outform",
            "DER",
            "-out",
            &out,
        ];
        args.extend_from_slice(extra);
        openssl(d, &args);
        let p7s = std::fs::read(d.join(&out)).expect("p7s");
        let v = verify_detached(&content, &p7s, std::slice::from_ref(&root));
        assert!(v.is_intact() && v.problems.is_empty(), "{name}: {v}");
        assert_eq!(v.signer.as_ref().map(|s| s.subject.common_name.as_str()), Some("山田 太郎"), "{name}");
        // Without any trust it is still intact, never VALID.
        let untrusted = verify_detached(&content, &p7s, &[]);
        assert_eq!(untrusted.status, Status::Untrusted, "{name}: {untrusted}");

        let mut changed = content.clone();
        changed[7] ^= 0x20;
        let v = verify_detached(&changed, &p7s, std::slice::from_ref(&root));
        assert_eq!(v.status, Status::Invalid, "{name}: changed content: {v}");
        // The RSA signature value is the last bytes of the SignerInfo (no unsigned attributes).
        let mut forged = p7s.clone();
        let last = forged.len() - 1;
        forged[last] ^= 0x01;
        let v = verify_detached(&content, &forged, std::slice::from_ref(&root));
        assert_eq!(v.status, Status::Invalid, "{name}: forged signature value: {v}");
        assert!(v.problems.iter().any(|p| p.code == "signature.key_mismatch"), "{name}: {v}");
    }
}

/// RSA keys outside 2048–4096 bits are refused at import with a message naming the size;
/// nothing is stored.
#[test]
fn rsa_keys_outside_2048_to_4096_bits_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let (home, db) = (d.join("home"), d.join("a.db"));
    rsa_ca(d, 2048, "/O=Org/CN=Org RSA Root");
    for (bits, word) in [(1536, "at least 2048"), (4160, "at most 4096")] {
        let name = format!("k{bits}");
        rsa_key(d, bits, &name);
        issue(d, &format!("{name}.key"), "/O=Org/CN=Small Key", "sha256", &name);
        let p12 = p12(d, &name);
        let out = tenken(
            &home,
            &db,
            &[
                "identity",
                "import",
                p12.to_str().expect("utf-8"),
                "--p12-passphrase-env",
                "TENKEN_P12",
                "--passphrase-env",
                "TENKEN_TEST_KEY",
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bits}-bit key accepted");
        assert!(err.contains(&format!("{bits} bits")) && err.contains(word), "{bits}: {err}");
    }
    let listed = tenken_ok(&home, &db, &["identity", "list", "--json"]);
    assert_eq!(listed.trim(), "[]", "nothing stored: {listed}");
}

/// The visible signature box draws a kanji name with an embedded subset of the report font:
/// `pdffonts` lists no font without "emb yes", and the name is in the page's text.
#[test]
fn the_signature_box_font_is_embedded_and_shows_a_kanji_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let (home, db) = (d.join("home"), d.join("a.db"));
    // 鷗 and 髙 are not in the report's text; the box must still have their glyphs.
    let name = "鷗外 髙橋";
    let org = "森鷗外監査法人";
    tenken_ok(&home, &db, &["identity", "new", "--name", name, "--org", org, "--passphrase-env", "TENKEN_TEST_KEY"]);
    let out = d.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let ids: serde_json::Value = serde_json::from_str(&tenken_ok(&home, &db, &["identity", "list", "--json"])).expect("json");
    let id = ids[0]["id"].as_str().expect("id").to_string();
    let (pdf, _) = signed_export(&home, &db, &out, &id);
    let pdf_arg = pdf.to_str().expect("utf-8");

    let (ok, fonts) = tool(d, "pdffonts", &[pdf_arg]);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 2, "the report's font and the box's font:\n{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding…] emb sub uni object ID: "emb" is the 5th column from the end.
        let emb = cols.get(cols.len().saturating_sub(5)).copied();
        assert_eq!(emb, Some("yes"), "not embedded: {row}\n{fonts}");
    }
    assert!(!fonts.contains("HeiseiKakuGo"), "{fonts}");

    // The box is on the last page; its text (signer and organisation) is extractable.
    let (ok, info) = tool(d, "pdfinfo", &[pdf_arg]);
    assert!(ok, "{info}");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse::<u32>().ok()).expect("page count");
    let last = pages.to_string();
    let (ok, text) = tool(d, "pdftotext", &["-f", &last, "-l", &last, pdf_arg, "-"]);
    assert!(ok, "{text}");
    assert!(text.contains(name) && text.contains(org), "the box's text:\n{text}");
    let png = out.join("box");
    let (ok, msg) = tool(d, "pdftoppm", &["-f", &last, "-l", &last, "-r", "60", "-png", pdf_arg, png.to_str().expect("utf-8")]);
    assert!(ok, "{msg}");
    if let Ok(keep) = std::env::var("TENKEN_KEEP_RENDER") {
        // For a person to look at the rendered box (the test itself judges the text above).
        for entry in std::fs::read_dir(&out).expect("out").flatten() {
            if entry.file_name().to_string_lossy().starts_with("box") {
                let _ = std::fs::copy(entry.path(), Path::new(&keep).join(entry.file_name()));
            }
        }
    }
}
