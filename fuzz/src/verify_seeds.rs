//! Seeds for the `verify` fuzz target (`corpus/verify/`): a PDF signed by a new identity, the
//! same PDF signed twice, a detached `.p7s` over a small file, and the identity's root as
//! `corpus/verify-anchor.pem` (the target's trust anchor). Each seed is in the target's input
//! layout: one selector byte, then a PDF, or a content length, the content and the `.p7s`.

use std::path::Path;

use tenken::signing::{sign_detached, sign_pdf, Appearance, Identity, NewIdentity};

/// A one-page PDF written out by hand, with a correct cross-reference table.
fn small_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

/// Write the seeds into `corpus/verify/` under `fuzz_dir`.
pub fn write(fuzz_dir: &Path) {
    let dir = fuzz_dir.join("corpus/verify");
    std::fs::create_dir_all(&dir).expect("corpus dir");
    let ids = tempdir(fuzz_dir);
    let passphrase = "fuzz seed passphrase";
    let identity = Identity::create(
        &ids,
        &NewIdentity { name: "山田 太郎".into(), org: "Tenken Audit 株式会社".into(), email: Some("taro@example.jp".into()) },
        passphrase,
    )
    .expect("identity");
    let signer = identity.unlock(passphrase).expect("unlock");
    let root = signer.chain().last().expect("root").clone();
    let pem = tenken::signing::certificate::cert_to_pem(&root).expect("pem");
    std::fs::write(fuzz_dir.join("corpus/verify-anchor.pem"), pem).expect("anchor");

    let appearance = Appearance {
        page_index: 0,
        rect: [330.0, 60.0, 560.0, 130.0],
        signer_name: "山田 太郎".into(),
        org: "Tenken Audit 株式会社".into(),
        reason: Some("監査報告書の承認".into()),
        location: Some("東京".into()),
    };
    let now = chrono::Utc::now();
    let once = sign_pdf(&small_pdf(), &signer, &appearance, now).expect("sign PDF");
    let twice = sign_pdf(&once, &signer, &appearance, now).expect("sign PDF again");
    for (name, pdf) in [("signed.pdf", &once), ("signed-twice.pdf", &twice)] {
        let mut seed = vec![0u8];
        seed.extend_from_slice(pdf);
        std::fs::write(dir.join(name), seed).expect("write seed");
    }
    // The /M date with a three-byte character where its 14 digits end (a panic before).
    if let Some(m) = once.windows(4).position(|w| w == b"(D:2") {
        let mut bad = once.clone();
        bad[m + 15..m + 18].copy_from_slice("年".as_bytes());
        let mut seed = vec![0u8];
        seed.extend_from_slice(&bad);
        std::fs::write(dir.join("m-multibyte.pdf"), seed).expect("write seed");
    }
    let content = "検査結果 results\n".as_bytes();
    let p7s = sign_detached(content, &signer, now).expect("sign detached");
    let mut seed = vec![1u8];
    seed.extend_from_slice(&(content.len() as u16).to_be_bytes());
    seed.extend_from_slice(content);
    seed.extend_from_slice(&p7s);
    std::fs::write(dir.join("detached.p7s.seed"), seed).expect("write seed");
    let _ = std::fs::remove_dir_all(&ids);
}

/// A fresh folder for the seed identity (removed after use).
fn tempdir(fuzz_dir: &Path) -> std::path::PathBuf {
    let dir = fuzz_dir.join(format!("target/seed-identity-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
