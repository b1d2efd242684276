//! The `tenken` command: everything the desktop app does, scriptable from a terminal.
//!
//! This binary only parses arguments, asks for passphrases and prints; the work is done by the
//! `tenken` library. Errors go to stderr with a non-zero exit code (the table: `src/cli/exit.rs`).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tenken: error: {e:#}");
            ExitCode::from(cli::exit::FAILURE)
        }
    }
}

/// Die quietly on a closed pipe (`tenken log | head`) as Unix tools do, instead of panicking
/// in `println!`: Rust ignores SIGPIPE by default.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
