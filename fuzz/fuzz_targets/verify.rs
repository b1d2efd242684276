//! Fuzz target: any bytes given to the signature verifier (`tenken verify`) must give a
//! VALID/UNTRUSTED/INVALID result, never a panic, an abort, a hang or unbounded memory.
//!
//! Input layout: the first byte chooses the check. Even: the rest is a PDF for `verify_pdf`.
//! Odd: the next two bytes (big-endian) are the length of the content, then the content, then
//! the detached `.p7s` for `verify_detached`. Both run once without trust and once with the
//! seeds' root as the trust anchor (written by `make_seeds`), so path building is reached.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenken::signing::{verify_detached, verify_pdf};
use x509_cert::Certificate;

/// The root of the identity that signed the seeds, if `make_seeds` wrote it.
fn anchors() -> &'static [Certificate] {
    static ANCHORS: OnceLock<Vec<Certificate>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/verify-anchor.pem");
        std::fs::read_to_string(path)
            .ok()
            .and_then(|pem| tenken::signing::certificate::certs_from_pem(&pem).ok())
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    for trust in [&[][..], anchors()] {
        if selector % 2 == 0 {
            let _ = verify_pdf(rest, trust);
        } else {
            let (len, body) = match rest {
                [hi, lo, body @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), body),
                _ => (0, rest),
            };
            let (content, p7s) = body.split_at(len.min(body.len()));
            let _ = verify_detached(content, p7s, trust);
        }
    }
});
