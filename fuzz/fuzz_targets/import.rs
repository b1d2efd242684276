//! Fuzz target: any bytes given to the checksheet reader must give a reading or a file-level
//! error, never a panic, an abort, a hang or unbounded memory (run with -rss_limit_mb=300
//! -timeout=2, see fuzz/README.md).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenken::catalog::{builtin_catalogs, Catalog};
use tenken::model::Scope;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let all = builtin_catalogs().expect("built-in catalogs parse");
        all.iter().find(|c| c.id == "jama-japia-2.2").or(all.first()).cloned().expect("a built-in catalog")
    })
}

fuzz_target!(|data: &[u8]| {
    // The importer runs the spreadsheet parsers under `catch_unwind` with a hook that keeps
    // their (caught) panics from reaching libFuzzer's aborting hook; any other panic aborts.
    let _ = tenken::import::read_checksheet(data, catalog(), &Scope::default());
});
