//! `tenken completions SHELL` and `tenken man`: shell completion scripts (clap_complete) and
//! roff manual pages (clap_mangen), generated from the same clap definition as `--help`, so they
//! cannot drift from the commands. Neither opens the database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

use super::exit;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print the completion script for a shell on stdout.
pub fn completions(a: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, name, &mut script);
    write_stdout(&script)?;
    Ok(ExitCode::from(exit::SUCCESS))
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tenken.1 and one page per subcommand (tenken-bundle-export.1, …) into this folder,
    /// created if needed, instead of printing tenken.1 on stdout
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Print the man page `tenken.1`, or write it and every subcommand's page into a folder.
pub fn man(a: ManArgs) -> anyhow::Result<ExitCode> {
    let mut root = super::Cli::command().disable_help_subcommand(true);
    root.build();
    // Every page's footer names the program and its version (clap_mangen would put a
    // subcommand's own name there).
    let source = format!("{} {}", root.get_name(), root.get_version().unwrap_or_default());
    match &a.out {
        None => {
            let mut page = Vec::new();
            render(&root, true, &source, &mut page).context("render the man page")?;
            write_stdout(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| tenken::Error::io(dir, e))?;
            let mut written = Vec::new();
            write_pages(&root, true, &source, dir, &mut written)?;
            for path in &written {
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::from(exit::SUCCESS))
}

/// One command's page and, recursively, those of its visible subcommands.
fn write_pages(cmd: &clap::Command, is_root: bool, source: &str, dir: &Path, written: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let name = format!("{}.1", cmd.get_display_name().unwrap_or_else(|| cmd.get_name()));
    let path = dir.join(name);
    let mut page = Vec::new();
    render(cmd, is_root, source, &mut page).with_context(|| format!("render {}", path.display()))?;
    std::fs::write(&path, &page).map_err(|e| tenken::Error::io(&path, e))?;
    written.push(path);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, false, source, dir, written)?;
    }
    Ok(())
}

/// A command's page: clap_mangen's sections, and on the root page an EXIT STATUS section from
/// [`exit::CODES`] (in place of the `--help` text's plain table).
fn render(cmd: &clap::Command, is_root: bool, source: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(cmd.clone()).source(source);
    if !is_root {
        return man.render(out);
    }
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    let mut status = Roff::new();
    status.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit::CODES {
        status.control("TP", []).text([bold(code.to_string())]).text([roman(*meaning)]);
    }
    status.to_writer(out)?;
    man.render_version_section(out)
}

/// Write generated text to stdout, an error (not a panic) if stdout is gone.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).context("write to stdout")
}
