//! The `tenken` command: everything the desktop app does, scriptable from a terminal.
//!
//! This binary only parses arguments, asks for passphrases and prints; the work is done by the
//! `tenken` library. Errors go to stderr with a non-zero exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tenken: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
