//! Certificate path validation held to OpenSSL: chains made with the `openssl` CLI (P-256, as
//! an organisation's CA would make them), `.p7s` signatures made by `openssl cms -sign`, and for
//! every chain Tenken's outcome compared with what `openssl verify -partial_chain -purpose any
//! -attime <signing time>` says of the same certificates (computed here, never written down).
//!
//! Where Tenken checks a rule OpenSSL does not check with `-purpose any` (the signer's keyUsage
//! and extendedKeyUsage), the test shows that `-purpose any` accepts the chain, that OpenSSL's own
//! S/MIME signing purpose (`-purpose smimesign`) refuses it too, and that Tenken names the rule.
//!
//! Also: the three outcomes end to end through the CLI (`tenken verify` exit 0/1/3, and
//! `tenken trust add` turning UNTRUSTED into VALID), openssl-made signatures carrying 1, 2 and 3
//! certificates (interop), and a look-alike signer with the real auditor's name.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use tenken::signing::{verify_detached, Status, Verification};
use x509_cert::Certificate;

/// A folder in which OpenSSL plays an organisation's PKI.
struct Pki {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

/// The content every test signs.
const CONTENT: &[u8] = b"results.xlsx stand-in: \x00\x01\x02 bytes signed as they are\n";

impl Pki {
    fn new() -> Pki {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("index.txt"), "").expect("index");
        std::fs::write(dir.join("serial"), "1000\n").expect("serial");
        std::fs::write(dir.join("data.bin"), CONTENT).expect("content");
        Pki { _tmp: tmp, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `openssl ARGS` in the folder.
    fn openssl(&self, args: &[&str]) -> Output {
        Command::new("openssl").args(args).current_dir(&self.dir).output().expect("run openssl")
    }

    /// `openssl ARGS`, requiring success.
    fn must(&self, args: &[&str]) {
        let out = self.openssl(args);
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A new P-256 key `NAME.key`.
    fn key(&self, name: &str) {
        let file = format!("{name}.key");
        self.must(&["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", &file]);
    }

    /// A self-signed root `NAME.pem` (with its key `NAME.key`) with the given extensions.
    fn root(&self, name: &str, cn: &str, extensions: &[&str]) {
        self.key(name);
        let (key, pem, subj) = (format!("{name}.key"), format!("{name}.pem"), format!("/CN={cn}"));
        let mut args = vec!["req", "-x509", "-new", "-key", &key, "-subj", &subj, "-days", "30", "-out", &pem];
        for e in extensions {
            args.extend(["-addext", e]);
        }
        self.must(&args);
    }

    /// A certificate `NAME.pem` for a new key `NAME.key`, issued by `issuer` (its `.pem` names
    /// the issuer; `issuer_key` signs) with `extensions` (an OpenSSL extension section) and
    /// validity `dates` (start, end as YYYYMMDDHHMMSSZ) or 20 days from now.
    fn issue(&self, name: &str, cn: &str, issuer: &str, issuer_key: &str, extensions: &str, dates: Option<(&str, &str)>) {
        self.key(name);
        let (key, csr, pem) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.pem"));
        self.must(&["req", "-new", "-key", &key, "-subj", &format!("/CN={cn}"), "-out", &csr]);
        let config = format!(
            "[ca]\ndefault_ca = here\n[here]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n\
             default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n\
             [any]\ncommonName = supplied\n[ext]\n{extensions}\n"
        );
        let cnf = format!("{name}.cnf");
        std::fs::write(self.path(&cnf), config).expect("ca config");
        let (cert, ca_key) = (format!("{issuer}.pem"), format!("{issuer_key}.key"));
        let mut args = vec![
            "ca",
            "-batch",
            "-notext",
            "-config",
            &cnf,
            "-cert",
            &cert,
            "-keyfile",
            &ca_key,
            "-extensions",
            "ext",
            "-in",
            &csr,
            "-out",
            &pem,
        ];
        match dates {
            Some((start, end)) => args.extend(["-startdate", start, "-enddate", end]),
            None => args.extend(["-days", "20"]),
        }
        self.must(&args);
    }

    /// Concatenate PEM files into `name`.
    fn bundle(&self, name: &str, parts: &[&str]) {
        let mut text = String::new();
        for p in parts {
            text.push_str(&std::fs::read_to_string(self.path(&format!("{p}.pem"))).expect("pem"));
        }
        std::fs::write(self.path(name), text).expect("write bundle");
    }

    /// Sign the content with `leaf` by `openssl cms -sign`, embedding the certificates of
    /// `chain` (none if empty); returns the DER `.p7s`.
    fn sign(&self, leaf: &str, chain: &[&str]) -> Vec<u8> {
        let (cert, key) = (format!("{leaf}.pem"), format!("{leaf}.key"));
        let mut args = vec![
            "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", "data.bin", "-signer", &cert, "-inkey", &key, "-out",
            "data.p7s",
        ];
        if !chain.is_empty() {
            self.bundle("chain.pem", chain);
            args.extend(["-certfile", "chain.pem"]);
        }
        self.must(&args);
        std::fs::read(self.path("data.p7s")).expect("p7s")
    }

    /// OpenSSL's verdict on `leaf` with `root` trusted and `untrusted` intermediates at `time`
    /// (Unix seconds) for `purpose`.
    fn openssl_accepts(&self, leaf: &str, root: &str, untrusted: &[&str], time: i64, purpose: &str) -> (bool, String) {
        let (ca, leaf_pem, at) = (format!("{root}.pem"), format!("{leaf}.pem"), time.to_string());
        let mut args = vec!["verify", "-partial_chain", "-purpose", purpose, "-attime", &at, "-CAfile", &ca];
        if !untrusted.is_empty() {
            self.bundle("untrusted.pem", untrusted);
            args.extend(["-untrusted", "untrusted.pem"]);
        }
        args.push(&leaf_pem);
        let out = self.openssl(&args);
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.success() && text.contains(": OK"), text)
    }

    fn cert(&self, name: &str) -> Certificate {
        let pem = std::fs::read_to_string(self.path(&format!("{name}.pem"))).expect("pem");
        tenken::signing::certificate::certs_from_pem(&pem).expect("parse pem").remove(0)
    }
}

const CA: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign";
const LEAF: &str = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation";
const ROOT_EXT: [&str; 2] = ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"];

/// One chain of the matrix: root → intermediate → leaf, with one thing changed.
struct Case {
    name: &'static str,
    root: &'static [&'static str],
    inter: &'static str,
    inter_dates: Option<(&'static str, &'static str)>,
    leaf: &'static str,
    /// The leaf names an issuer other than the intermediate's subject (signed by its key).
    wrong_issuer_name: bool,
    /// What Tenken's problem must say (None: the chain is good).
    rule: Option<&'static str>,
    /// A rule OpenSSL does not check with `-purpose any`.
    tenken_only: bool,
}

const CASES: [Case; 8] = [
    Case {
        name: "good",
        root: &ROOT_EXT,
        inter: CA,
        inter_dates: None,
        leaf: LEAF,
        wrong_issuer_name: false,
        rule: None,
        tenken_only: false,
    },
    Case {
        name: "intermediate CA:FALSE",
        root: &ROOT_EXT,
        inter: "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign,digitalSignature",
        inter_dates: None,
        leaf: LEAF,
        wrong_issuer_name: false,
        rule: Some("is not a CA certificate"),
        tenken_only: false,
    },
    Case {
        name: "pathlen 0 on the root",
        root: &["basicConstraints=critical,CA:TRUE,pathlen:0", "keyUsage=critical,keyCertSign,cRLSign"],
        inter: CA,
        inter_dates: None,
        leaf: LEAF,
        wrong_issuer_name: false,
        rule: Some("pathLenConstraint"),
        tenken_only: false,
    },
    Case {
        name: "intermediate without keyCertSign",
        root: &ROOT_EXT,
        inter: "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,cRLSign",
        inter_dates: None,
        leaf: LEAF,
        wrong_issuer_name: false,
        rule: Some("lacks keyCertSign"),
        tenken_only: false,
    },
    Case {
        name: "expired intermediate",
        root: &ROOT_EXT,
        inter: CA,
        inter_dates: Some(("20200101000000Z", "20200201000000Z")),
        leaf: LEAF,
        wrong_issuer_name: false,
        rule: Some("was not valid at the signing time"),
        tenken_only: false,
    },
    Case {
        name: "wrong issuer name",
        root: &ROOT_EXT,
        inter: CA,
        inter_dates: None,
        leaf: LEAF,
        wrong_issuer_name: true,
        rule: Some("name chaining"),
        tenken_only: false,
    },
    Case {
        name: "leaf EKU serverAuth only",
        root: &ROOT_EXT,
        inter: CA,
        inter_dates: None,
        leaf: "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth",
        wrong_issuer_name: false,
        rule: Some("extendedKeyUsage"),
        tenken_only: true,
    },
    Case {
        name: "leaf keyEncipherment only",
        root: &ROOT_EXT,
        inter: CA,
        inter_dates: None,
        leaf: "basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment",
        wrong_issuer_name: false,
        rule: Some("neither digitalSignature nor nonRepudiation"),
        tenken_only: true,
    },
];

/// Make the chain of `case` in a new folder.
fn make_chain(case: &Case) -> Pki {
    let pki = Pki::new();
    pki.root("root", "Matrix Root", case.root);
    pki.issue("inter", "Matrix Intermediate", "root", "root", case.inter, case.inter_dates);
    if case.wrong_issuer_name {
        // A certificate for the intermediate's key under another name: the leaf issued "by" it
        // names "Other Intermediate" as issuer but is signed by the intermediate's key.
        let subj = "/CN=Other Intermediate";
        pki.must(&[
            "req",
            "-x509",
            "-new",
            "-key",
            "inter.key",
            "-subj",
            subj,
            "-days",
            "30",
            "-out",
            "other.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ]);
        pki.issue("leaf", "Matrix Signer", "other", "inter", case.leaf, None);
    } else {
        pki.issue("leaf", "Matrix Signer", "inter", "inter", case.leaf, None);
    }
    pki
}

fn signing_time(v: &Verification) -> i64 {
    v.signing_time.expect("openssl cms -sign writes signingTime").timestamp()
}

#[test]
fn the_path_rules_agree_with_openssl_on_every_chain_of_the_matrix() {
    for case in &CASES {
        let pki = make_chain(case);
        let p7s = pki.sign("leaf", &["inter", "root"]);
        let root = pki.cert("root");
        let trusted = verify_detached(CONTENT, &p7s, std::slice::from_ref(&root));
        let time = signing_time(&trusted);
        let (openssl_ok, said) = pki.openssl_accepts("leaf", "root", &["inter"], time, "any");
        let name = case.name;
        if case.tenken_only {
            // OpenSSL's -purpose any does not look at the signer's key usages; its S/MIME signing
            // purpose does, and refuses the certificate as Tenken does.
            assert!(openssl_ok, "{name}: openssl -purpose any accepts it: {said}");
            let (smime_ok, smime) = pki.openssl_accepts("leaf", "root", &["inter"], time, "smimesign");
            assert!(!smime_ok, "{name}: openssl -purpose smimesign refuses it: {smime}");
            assert_eq!(trusted.status, Status::Invalid, "{name}: {trusted}");
        } else {
            assert_eq!(trusted.is_valid(), openssl_ok, "{name}: Tenken and OpenSSL disagree.\nTenken: {trusted}\nOpenSSL: {said}");
            // And not by both being wrong: the good chain passes, every broken one fails.
            assert_eq!(openssl_ok, case.rule.is_none(), "{name}: openssl said {said}");
        }
        match case.rule {
            None => {
                assert_eq!(trusted.status, Status::Valid, "{name}: {trusted}");
                assert!(trusted.chain.chain_ok && trusted.chain.root_trusted, "{name}: {trusted}");
                let roles: Vec<&str> = trusted.chain.path.iter().map(|e| e.role.word()).collect();
                assert_eq!(roles, ["signer", "intermediate CA", "trust anchor"], "{name}: {trusted}");
            }
            Some(rule) => {
                assert_eq!(trusted.status, Status::Invalid, "{name}: {trusted}");
                assert!(
                    trusted.problems.iter().any(|p| p.message.contains(rule)),
                    "{name}: the problem names the rule {rule:?}: {trusted}"
                );
                assert!(!trusted.chain.chain_ok, "{name}: {trusted}");
                assert!(trusted.chain.failure.is_some(), "{name}: says why the path failed: {trusted}");
            }
        }
        // The rules hold whether or not the root is trusted; without trust, the good chain is
        // intact but UNTRUSTED.
        let untrusted = verify_detached(CONTENT, &p7s, &[]);
        let expected = if case.rule.is_none() { Status::Untrusted } else { Status::Invalid };
        assert_eq!(untrusted.status, expected, "{name} without trust: {untrusted}");
    }
}

#[test]
fn openssl_signatures_with_one_two_and_three_certificates_are_accepted() {
    let pki = make_chain(&CASES[0]);
    let (root, inter) = (pki.cert("root"), pki.cert("inter"));
    for (chain, n) in [(&[][..], 1usize), (&["inter"][..], 2), (&["inter", "root"][..], 3)] {
        let p7s = pki.sign("leaf", chain);
        let ok = Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
            .arg(pki.path("data.p7s"))
            .arg("-content")
            .arg(pki.path("data.bin"))
            .args(["-noverify", "-out", "/dev/null"])
            .output()
            .expect("openssl cms -verify");
        assert!(ok.status.success(), "openssl accepts its own signature");
        // A trusted intermediate is an anchor: even the signature carrying only the signer's
        // certificate is VALID with it.
        let with_inter = verify_detached(CONTENT, &p7s, std::slice::from_ref(&inter));
        assert_eq!(with_inter.status, Status::Valid, "{n} certificate(s), intermediate trusted: {with_inter}");
        assert_eq!(with_inter.chain.path.len(), 2, "{with_inter}");
        // With the root trusted, the root need not be embedded; the intermediate must be.
        let with_root = verify_detached(CONTENT, &p7s, std::slice::from_ref(&root));
        let expected = if n == 1 { Status::Untrusted } else { Status::Valid };
        assert_eq!(with_root.status, expected, "{n} certificate(s), root trusted: {with_root}");
        if n == 1 {
            assert!(
                with_root.chain.failure.as_ref().is_some_and(|f| f.message.contains("Matrix Intermediate")),
                "says where the path stops: {with_root}"
            );
        }
        assert!(with_root.problems.is_empty() && !with_root.to_string().contains("altered"), "{n} certificate(s): {with_root}");
        // Tampering is still caught: one byte of content changed.
        let mut changed = CONTENT.to_vec();
        changed[3] ^= 1;
        assert_eq!(verify_detached(&changed, &p7s, std::slice::from_ref(&root)).status, Status::Invalid);
    }
}

#[test]
fn the_certificates_of_a_signature_are_accepted_in_any_order() {
    // The certificates are an unsigned SET OF: encoders order them differently (the `der` crate
    // sorts while decoding, so what it re-encodes need not be the bytes in the file; such
    // signatures were reported as altered). Both orders of the two certificates are VALID.
    use der::{Decode, Encode};
    let pki = make_chain(&CASES[0]);
    let p7s = pki.sign("leaf", &["inter"]);
    let (leaf, inter) = (pki.cert("leaf").to_der().expect("der"), pki.cert("inter").to_der().expect("der"));
    let at = |der: &[u8]| p7s.windows(der.len()).position(|w| w == der).expect("embedded");
    let (leaf_at, inter_at) = (at(&leaf), at(&inter));
    let (first, second) = if leaf_at < inter_at { (&leaf, &inter) } else { (&inter, &leaf) };
    let start = leaf_at.min(inter_at);
    assert_eq!(start + first.len(), leaf_at.max(inter_at), "the two certificates are adjacent");
    let mut swapped = p7s.clone();
    swapped[start..start + second.len()].copy_from_slice(second);
    swapped[start + second.len()..start + first.len() + second.len()].copy_from_slice(first);
    // `der` re-encodes one order only (it compares CertificateChoices by a DER encoding of
    // their bytes as a SEQUENCE OF INTEGER, not by the bytes), so one of the two orders
    // re-encodes to other bytes: the one the old check called altered.
    let reencodes_same = |bytes: &Vec<u8>| {
        let info = cms::content_info::ContentInfo::from_der(bytes).expect("parse");
        let signed_data: cms::signed_data::SignedData = info.content.decode_as().expect("SignedData");
        signed_data.to_der().expect("encode") == info.content.to_der().expect("encode")
    };
    assert!(!(reencodes_same(&p7s) && reencodes_same(&swapped)), "one order is not the one `der` writes");
    let root = pki.cert("root");
    for p7s in [&p7s, &swapped] {
        let v = verify_detached(CONTENT, p7s, std::slice::from_ref(&root));
        assert_eq!(v.status, Status::Valid, "{v}");
    }
    // Changing a byte of the content is still caught with the swapped order.
    assert_eq!(verify_detached(b"other", &swapped, std::slice::from_ref(&root)).status, Status::Invalid);
}

#[test]
fn an_untrusted_signer_is_untrusted_until_its_root_is_added_to_the_trust_list() {
    let pki = make_chain(&CASES[0]);
    let p7s = pki.sign("leaf", &["inter", "root"]);
    std::fs::write(pki.path("data.bin.p7s"), &p7s).expect("p7s");
    let home = pki.path("home");
    let db = pki.path("t.db");
    let file = pki.path("data.bin");
    let verify = || common::tenken_home(&home, &db, &["verify", file.to_str().expect("path")]);

    let out = verify();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(3), "UNTRUSTED exits 3: {text}");
    assert!(text.contains("UNTRUSTED") && !text.contains("Status:       VALID"), "{text}");
    assert!(text.contains("Matrix Signer") && text.contains("Matrix Intermediate"), "prints the path: {text}");

    let root = pki.path("root.pem");
    common::tenken_home_ok(&home, &db, &["trust", "add", root.to_str().expect("path")]);
    let out = verify();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "VALID after trust add: {text}");
    assert!(text.contains("Status:       VALID") && text.contains("trust anchor"), "{text}");

    // A changed file is INVALID, exit 1, trusted or not.
    std::fs::write(&file, b"changed").expect("change");
    assert_eq!(verify().status.code(), Some(1));
}

#[test]
fn a_look_alike_signer_with_the_real_auditors_name_is_never_valid() {
    // The real auditor: a Tenken identity whose root the recipient trusts.
    let new = tenken::signing::NewIdentity {
        name: "山田 太郎".into(),
        org: "Tenken Audit 株式会社".into(),
        email: Some("taro.yamada@example.jp".into()),
    };
    let passphrase = "correct horse battery staple";
    let real_dir = tempfile::tempdir().expect("tempdir");
    let real = tenken::signing::Identity::create(real_dir.path(), &new, passphrase).expect("identity");
    let real_root = real.root_certificate().expect("root").expect("has a root");

    // The attacker makes the same identity with Tenken itself: the same names in the signer's
    // and the root's certificates, other keys.
    let fake_dir = tempfile::tempdir().expect("tempdir");
    let fake = tenken::signing::Identity::create(fake_dir.path(), &new, passphrase).expect("fake identity");
    let fake_root = fake.root_certificate().expect("root").expect("has a root");
    assert_eq!(fake_root.tbs_certificate.subject, real_root.tbs_certificate.subject);
    let signer = fake.unlock(passphrase).expect("unlock");
    let p7s = tenken::signing::sign_detached(CONTENT, &signer, chrono::Utc::now()).expect("sign");
    let v = verify_detached(CONTENT, &p7s, std::slice::from_ref(&real_root));
    assert_eq!(v.status, Status::Untrusted, "{v}");
    assert!(!v.chain.root_trusted && !v.to_string().contains("Status:       VALID"), "{v}");
    assert_eq!(v.signer.as_ref().map(|s| s.subject.common_name.as_str()), Some("山田 太郎"));

    // A self-signed look-alike made with OpenSSL.
    let pki = Pki::new();
    pki.root("fake", "山田 太郎", &["keyUsage=critical,digitalSignature"]);
    let p7s = pki.sign("fake", &[]);
    let v = verify_detached(CONTENT, &p7s, std::slice::from_ref(&real_root));
    assert_eq!(v.status, Status::Untrusted, "{v}");
    let roles: Vec<&str> = v.chain.path.iter().map(|e| e.role.word()).collect();
    assert_eq!(roles, ["signer"], "{v}");
}
