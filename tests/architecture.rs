//! The layers of ARCHITECTURE.md, held by the manifests: each crate may depend only on the
//! Tenken crates below it, no library crate has an edge's dependencies (clap, anyhow,
//! indicatif, rpassword, Tauri), and every crate's `lib.rs` opens by saying what it is for and
//! what it deliberately leaves out. Read from `cargo metadata`, so a forbidden dependency added
//! to a manifest fails here even before anyone uses it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

/// Package name → (normal dependencies, manifest path), for every workspace member.
fn workspace() -> BTreeMap<String, (BTreeSet<String>, PathBuf)> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let mut map = BTreeMap::new();
    for p in meta["packages"].as_array().expect("packages") {
        let deps = p["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            // Normal and build dependencies ship with the crate; dev-dependencies only serve its tests.
            .filter(|d| d["kind"].as_str() != Some("dev"))
            .map(|d| d["name"].as_str().expect("name").to_string())
            .collect();
        map.insert(p["name"].as_str().expect("name").to_string(), (deps, PathBuf::from(p["manifest_path"].as_str().expect("path"))));
    }
    map
}

/// The Tenken crates each crate may use, lowest layer first.
const LAYERS: &[(&str, &[&str])] = &[
    ("tenken-domain", &[]),
    ("tenken-fsutil", &[]),
    ("tenken-report", &[]),
    ("tenken-store", &["tenken-domain", "tenken-fsutil"]),
    ("tenken-import", &["tenken-domain"]),
    ("tenken-workbook", &["tenken-domain"]),
    ("tenken-signing", &["tenken-domain", "tenken-fsutil", "tenken-report"]),
    (
        "tenken-core",
        &["tenken-domain", "tenken-fsutil", "tenken-store", "tenken-import", "tenken-report", "tenken-signing", "tenken-workbook"],
    ),
    // The two edges stand on the façade alone.
    ("tenken", &["tenken-core"]),
    ("tenken-app", &["tenken-core"]),
];

/// What only an edge may use.
const EDGE_ONLY: &[&str] = &["clap", "anyhow", "indicatif", "rpassword", "tauri", "tauri-plugin-dialog", "tauri-build"];

/// What the pure domain must not use: storage, files and formats belong to the layers above.
const NOT_IN_DOMAIN: &[&str] = &["rusqlite", "dirs", "zip", "calamine", "printpdf", "rust_xlsxwriter", "lopdf", "tenken-fsutil"];

#[test]
fn every_crate_uses_only_the_layers_below_it() {
    let ws = workspace();
    let known: BTreeSet<&str> = LAYERS.iter().map(|(n, _)| *n).collect();
    for name in ws.keys() {
        assert!(known.contains(name.as_str()), "{name} is a workspace member without a layer in tests/architecture.rs");
    }
    for (name, allowed) in LAYERS {
        let (deps, _) = ws.get(*name).unwrap_or_else(|| panic!("{name} is not in the workspace"));
        for d in deps.iter().filter(|d| d.starts_with("tenken")) {
            assert!(allowed.contains(&d.as_str()), "{name} depends on {d}, which is not below it (allowed: {allowed:?})");
        }
    }
}

#[test]
fn no_library_has_an_edge_dependency() {
    let ws = workspace();
    for (name, (deps, _)) in &ws {
        if name == "tenken" || name == "tenken-app" {
            continue;
        }
        for d in EDGE_ONLY {
            assert!(!deps.contains(*d), "{name} depends on {d}; only the CLI and the app may");
        }
    }
    let (cli, _) = &ws["tenken"];
    assert!(!cli.iter().any(|d| d.starts_with("tauri")), "the CLI does not depend on Tauri");
    let (app, _) = &ws["tenken-app"];
    for d in ["clap", "anyhow", "indicatif"] {
        assert!(!app.contains(d), "the app does not depend on {d}");
    }
}

#[test]
fn the_domain_does_no_io() {
    let ws = workspace();
    let (deps, _) = &ws["tenken-domain"];
    for d in NOT_IN_DOMAIN {
        assert!(!deps.contains(*d), "tenken-domain depends on {d}");
    }
}

#[test]
fn every_lib_rs_says_what_it_is_for_and_what_it_leaves_out() {
    let ws = workspace();
    for (name, (_, manifest)) in ws.iter().filter(|(n, _)| n.as_str() != "tenken" && n.as_str() != "tenken-app") {
        let lib = manifest.parent().expect("crate folder").join("src/lib.rs");
        let text = std::fs::read_to_string(&lib).unwrap_or_else(|e| panic!("{}: {e}", lib.display()));
        let doc: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        assert!(doc.len() >= 3, "{name}: lib.rs opens with a //! paragraph on what the crate is for");
        let doc = doc.join("\n");
        assert!(doc.contains("Deliberately not here"), "{name}: lib.rs says what the crate deliberately does not do");
    }
}

/// The string literals a `fn code(&self)` body in `text` returns.
fn code_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("pub fn code(&self) -> &'static str {") {
        let body = &rest[i..];
        let end = body.find("\n    }\n").unwrap_or(body.len());
        for part in body[..end].split("=> \"").skip(1) {
            if let Some(q) = part.find('"') {
                out.push(part[..q].to_string());
            }
        }
        rest = &body[end..];
    }
    out
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_error_code_is_listed_for_the_ui() {
    let mut files = Vec::new();
    rust_files(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/crates")), &mut files);
    let listed = tenken::Error::all_codes();
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for code in code_literals(&text) {
            seen += 1;
            assert!(
                listed.contains(code.as_str()),
                "{}: the code {code} is not in its enum's CODES (tenken::Error::all_codes)",
                f.display()
            );
        }
    }
    assert!(seen >= listed.len(), "every listed code is returned somewhere ({seen} returned, {} listed)", listed.len());
}
