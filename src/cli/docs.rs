//! Shell completions (`completions SHELL`, clap_complete) and man pages (`man`, clap_mangen),
//! both generated from the clap definition the CLI parses with, so they cannot drift from it.
//! Input: that definition; output: a script or roff page on standard output, or one page per
//! command into a folder. It adds no text of its own: the help strings are the CLI's.

use std::io::Write;
use std::path::Path;

use crate::app::store;
use crate::error::Error;

/// The program's name as installed.
const BIN: &str = "oqs-catalog";

/// Prints the completion script of `shell` for `cmd`.
pub fn completions(mut cmd: clap::Command, shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut script);
    let _ = std::io::stdout().lock().write_all(&script);
    Ok(0)
}

/// The man pages of `cmd`: `oqs-catalog.1` and one `oqs-catalog-<command>.1` per command, by
/// file name, in the order clap lists them.
pub fn pages(cmd: clap::Command) -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let subcommands: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page)
            .map_err(|e| Error::Usage(format!("man: cannot render the page: {e}")))?;
        out.push((man.get_filename(), page));
        for sub in subcommands {
            walk(sub, out)?;
        }
        Ok(())
    }
    // Built once, so each command knows its full name (`oqs-catalog-lookup`).
    let mut cmd = cmd.bin_name(BIN).disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    Ok(out)
}

/// `man`: the main page on standard output, or every page into `out` (each written only when
/// its bytes change).
pub fn man(cmd: clap::Command, out: Option<&Path>) -> Result<i32, Error> {
    let pages = pages(cmd)?;
    match out {
        None => {
            if let Some((_, page)) = pages.first() {
                let _ = std::io::stdout().lock().write_all(page);
            }
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            for (name, page) in &pages {
                let path = dir.join(name);
                if store::write_file(&path, page)? {
                    println!(
                        "{}",
                        crate::terminal::message(&format!("wrote {}", path.display()))
                    );
                }
            }
        }
    }
    Ok(0)
}
