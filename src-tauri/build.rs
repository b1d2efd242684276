//! Checks that the UI is built before Tauri embeds it, with a message saying how to build it.
use std::path::Path;

fn main() {
    let index = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist/index.html");
    println!("cargo:rerun-if-changed={}", index.display());
    if !index.exists() {
        eprintln!(
            "\n\ntenken-app: the UI is not built ({} is missing).\n\
             Build it first with `bash scripts/build-ui.sh` (npm ci + vite build), then build the app again.\n\n",
            index.display()
        );
        std::process::exit(1);
    }
    tauri_build::build()
}
