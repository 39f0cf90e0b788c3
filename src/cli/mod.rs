//! The command line (DESIGN §6): the clap definitions here, one module per subcommand, each a
//! thin call into the library ([`crate::app`] and the stages) that prints what it got. Exit
//! codes: 0 success, 1 `check`/`diff` found differences, 2 bad input or usage. Everything it
//! prints for people goes through [`crate::terminal`]: text from the input never reaches the
//! terminal raw.

mod build;
mod check;
mod diff;
mod grid;
mod ingest;
mod lint;
mod lookup;
mod render;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use crate::app::{store, Project};
use crate::error::Error;
use crate::render::Target;
use crate::terminal;

pub use lookup::{lookup_report, parse_id};

#[derive(Debug, Parser)]
#[command(
    name = "oqs-catalog",
    version,
    about = "Reads revisions of the OQS message-ID contact list into a canonical model and generates code from it"
)]
pub struct Cli {
    /// Project root holding input/ and generated/.
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline over input/ into generated/.
    Build {
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Verify that generated/ is what build would write (exit 1 otherwise).
    Check,
    /// Print or write the canonical model of one source file.
    Ingest {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print what a reader saw (cells, spans, positions) as JSON, before normalization.
    Grid {
        file: PathBuf,
        /// Print the glyph coverage account (PDF) instead of the grid.
        #[arg(long)]
        stats: bool,
    },
    /// Report source defects with their positions.
    Lint {
        file: PathBuf,
        /// Exit 2 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print the report as text (default) or as one JSON document with structured
        /// locations.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Show every entry for a message ID (ranges included).
    Lookup {
        /// A message ID such as 0x04000001 (the 0x is optional, any case).
        id: String,
        /// Look in this source file or model instead of generated/catalog/.
        #[arg(long = "in", conflicts_with = "version")]
        input: Option<PathBuf>,
        /// Look in this revision's generated model (default: the newest).
        #[arg(long)]
        version: Option<String>,
    },
    /// Compare two revisions (canonical YAML or source files) and print change notes; exit 1
    /// when they differ.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Write OLD..NEW.md, .html and .json (or only --format) into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Notes format (default md).
        #[arg(long, value_parser = crate::app::diff::FORMATS)]
        format: Option<String>,
    },
    /// Write one generated target (rust, c, json, html) from input/.
    Render {
        target: Target,
        /// Write into this folder instead of the target's folder under generated/.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
}

/// The targets by the names [`Target::name`] gives them: listed once, there.
impl ValueEnum for Target {
    fn value_variants<'a>() -> &'a [Self] {
        &Target::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

/// Parses `args` (the program name first) and runs the command; returns the exit code.
/// clap's own messages quote the arguments, so they are escaped like every other message.
pub fn main(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    match Cli::try_parse_from(args) {
        Ok(cli) => run(cli),
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                eprint!("{}", terminal::message(&text));
            } else {
                print!("{}", terminal::message(&text));
            }
            e.exit_code()
        }
    }
}

/// Runs a parsed command; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let project = Project::new(&cli.root);
    match dispatch(&project, cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", terminal::message(&format!("error: {e}")));
            2
        }
    }
}

/// Prints a diagnostic or warning to standard error.
fn warn(d: &impl std::fmt::Display) {
    eprintln!("{}", terminal::message(&d.to_string()));
}

/// Said when `generated/` is locked by another build.
fn waiting() {
    eprintln!("waiting for another build to finish (generated/ is locked)");
}

/// Opens `generated/` for writing and says what it did about an interrupted build.
fn lock(project: &Project) -> Result<store::Store, Error> {
    let guard = project.lock(&mut waiting)?;
    match guard.recovered() {
        Some(store::Recovered::Finished(n)) => eprintln!(
            "note: finished writing generated/ for a build that was interrupted ({n} files)"
        ),
        Some(store::Recovered::Discarded) => {
            eprintln!("note: discarded what an interrupted build had staged in generated/.staging/")
        }
        None => {}
    }
    Ok(guard)
}

fn dispatch(project: &Project, command: Command) -> Result<i32, Error> {
    match command {
        Command::Build { deny_warnings } => build::run(project, deny_warnings),
        Command::Check => check::run(project),
        Command::Ingest {
            file,
            format,
            output,
        } => ingest::run(project, &file, format, output.as_deref()),
        Command::Grid { file, stats } => grid::run(project, &file, stats),
        Command::Lint {
            file,
            deny_warnings,
            format,
        } => lint::run(project, &file, deny_warnings, format),
        Command::Lookup { id, input, version } => {
            lookup::run(project, &id, input.as_deref(), version.as_deref())
        }
        Command::Diff {
            old,
            new,
            out,
            format,
        } => diff::run(project, &old, &new, out.as_deref(), format.as_deref()),
        Command::Render { target, out } => render::run(project, target, out.as_deref()),
    }
}

/// Prints one line of a report to standard output.
fn say(line: &str) {
    println!("{}", terminal::message(line));
}

/// Writes `text` (YAML or JSON: data, printed as it is) to `output` or standard output.
fn emit(output: Option<&Path>, text: &str) -> Result<i32, Error> {
    match output {
        Some(path) => {
            store::write_file(path, text.as_bytes())?;
        }
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(0)
}
