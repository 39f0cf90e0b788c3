//! The command line (DESIGN §6): the clap definitions here, one module per subcommand, each a
//! thin call into the library ([`crate::app`] and the stages) that prints what it got. Exit
//! codes: 0 success, 1 `check`/`diff` found differences, 2 bad input or usage. Everything it
//! prints for people goes through [`crate::terminal`]: text from the input never reaches the
//! terminal raw.

mod add;
mod build;
mod check;
mod diff;
mod docs;
mod grid;
mod history;
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
use crate::render::notes::Lang;
use crate::render::Target;
use crate::terminal;

#[derive(Debug, Parser)]
#[command(
    name = "oqs-catalog",
    version,
    about = "Reads revisions of the OQS message-ID contact list into a canonical model and generates code from it",
    after_help = "Exit status: 0 success; 1 check or diff found differences, lookup found nothing, \
                  add filed a revision that names.yaml or errata.yaml must complete; 2 bad input \
                  or usage. Each command's --help says which it uses. The project is the \
                  working directory or the first folder above it holding input/ or \
                  generated/catalog/, unless --root names it."
)]
pub struct Cli {
    /// Project root holding input/ and generated/ [default: the working directory or the
    /// first folder above it holding input/ or generated/catalog/].
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline over input/ into generated/.
    #[command(
        after_help = "Exit status: 0 generated/ written or up to date; 2 bad input, a \
                            source defect or a missing name (generated/ left as it was)"
    )]
    Build {
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Verify that generated/ is what build would write (exit 1 otherwise).
    #[command(after_help = "Exit status: 0 generated/ is up to date; 1 it is stale; 2 bad input")]
    Check,
    /// Print or write the canonical model of one source file.
    #[command(
        after_help = "Exit status: 0 model printed or written; 2 bad input, a source \
                            defect no erratum corrects (no model written), or usage"
    )]
    Ingest {
        /// The source file (.pdf, .xlsx or .ods).
        file: PathBuf,
        /// Output format (JSON has exactly the YAML's structure).
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "out", alias = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also print the notes (line ends the reader could only guess; `lint` lists them).
        #[arg(short, long)]
        verbose: bool,
    },
    /// Print what a reader saw (cells, spans, positions) as JSON, before normalization.
    #[command(
        after_help = "Exit status: 0 printed (damaged content is a warning here); 2 \
                            unreadable input or usage"
    )]
    Grid {
        /// The source file (.pdf, .xlsx or .ods).
        file: PathBuf,
        /// Print the glyph coverage account (PDF) instead of the grid.
        #[arg(long)]
        stats: bool,
    },
    /// Report source defects with their positions.
    #[command(
        after_help = "Exit status: 0 nothing blocks a build; 2 source errors or names \
                            missing from names.yaml (or warnings, with --deny-warnings), \
                            unreadable input or usage"
    )]
    Lint {
        /// The source file (.pdf, .xlsx or .ods).
        file: PathBuf,
        /// Exit 2 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format: text for people, or one JSON document with structured locations.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Show every entry for a message ID (ranges included).
    #[command(
        after_help = "Exit status: 0 found; 1 nothing found (as grep): without --in and \
                            --version, an ID that only an earlier revision listed is reported \
                            removed, with the revision that removed it and its last entries; \
                            2 not a message ID (with \"did you mean\" when a catalog ID is one \
                            edit away), bad input or usage"
    )]
    Lookup {
        /// The message ID: exactly eight hex digits, 0x optional, any case (0x04000011).
        id: String,
        /// Look in this source file or model instead of generated/catalog/.
        #[arg(long = "in", conflicts_with = "version", value_name = "FILE")]
        input: Option<PathBuf>,
        /// Look in this revision's generated model [default: the newest].
        #[arg(long)]
        version: Option<String>,
        /// Output format: text for people, or JSON in the published JSON target's forms.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Show the history of a message ID (a value inside a range counts) or of a display code
    /// over every revision in generated/catalog/: the entries that held it in each revision
    /// and what happened between revisions (added, changed, moved, reordered, removed,
    /// re-added, printed form corrected).
    #[command(
        after_help = "Exit status: 0 the newest revision lists it; 1 only an earlier \
                            revision did, or none; 2 not a message ID or code, bad input or \
                            usage"
    )]
    History {
        /// The message ID: exactly eight hex digits, 0x optional, any case (0x04000011).
        #[arg(required_unless_present = "code", conflicts_with = "code")]
        id: Option<String>,
        /// A display code as printed (905) instead of a message ID.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// Output format: text for people, or JSON for programs.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// File a downloaded source under input/<version>/ and say what names.yaml and errata.yaml
    /// still need.
    ///
    /// The version is read from the document's title line; the copy is linted, and the lines
    /// to add to input/names.yaml and input/errata.yaml are printed (never written).
    #[command(
        after_help = "Exit status: 0 filed and ready to build; 1 filed, but names.yaml \
                            or errata.yaml must be completed (the lines to add are printed); \
                            2 not filed: unreadable input, another file already there, or usage"
    )]
    Add {
        /// The source file (.pdf, .xlsx or .ods); one directly in input/ is moved.
        file: PathBuf,
    },
    /// Compare two revisions (canonical YAML or source files) and print change notes; exit 1
    /// when they differ (or, with --fail-on breaking, when a change is breaking).
    #[command(
        after_help = "Exit status: 0 no change of the --fail-on class (with the default \
                            `any`: the revisions are the same); 1 a change of that class was \
                            found (`any`: any change; `breaking`: a code, message ID or \
                            contact gone, or a range narrowed); 2 bad input or usage. Warnings \
                            on standard error: a source defect read uncorrected (no erratum \
                            for it, or no input/errata.yaml found), OLD newer than NEW, two \
                            different catalogs with the same version."
    )]
    Diff {
        /// The older revision: a canonical YAML model or a source file.
        old: PathBuf,
        /// The newer revision: a canonical YAML model or a source file.
        new: PathBuf,
        /// Write OLD..NEW.ja.md, .en.md, .ja.html, .en.html, and .json with its schema
        /// notes.schema.json (or only --format, --lang) into this folder.
        #[arg(short = 'o', long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Notes format [default: md on standard output; all three with --out].
        #[arg(long, value_parser = crate::app::diff::FORMATS)]
        format: Option<String>,
        /// Language of the Markdown and HTML notes (the JSON has none) [default: ja on
        /// standard output; both with --out].
        #[arg(long)]
        lang: Option<Lang>,
        /// Which changes make the exit status 1: any change, or only breaking ones (for a CI
        /// script that accepts additions and wording).
        #[arg(long, value_enum, default_value_t = FailOn::Any, value_name = "CLASS")]
        fail_on: FailOn,
    },
    /// Write one generated target (rust, c, json, html) from input/.
    #[command(after_help = "Exit status: 0 written or up to date; 2 bad input or usage")]
    Render {
        /// The target to write.
        target: Target,
        /// Write into this folder instead of the target's folder under generated/.
        #[arg(short = 'o', long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Exit status: 0 printed; 2 usage")]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(
        after_help = "Exit status: 0 printed or written; 2 the folder cannot be written, \
                            or usage"
    )]
    Man {
        /// Write oqs-catalog.1 and oqs-catalog-COMMAND.1 into this folder.
        #[arg(short = 'o', long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

impl Command {
    /// Whether the command works on the project (else on the files it names, with the
    /// project's errata and names when there is one).
    fn needs_project(&self) -> bool {
        match self {
            Command::Build { .. }
            | Command::Check
            | Command::Render { .. }
            | Command::Add { .. }
            | Command::History { .. } => true,
            Command::Lookup { input, .. } => input.is_none(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

/// Which changes make `diff` exit 1: only breaking ones, or any. (No doc comment per value:
/// one would make clap print `diff --help` in its long layout.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    Any,
}

/// How `lint`, `lookup` and `history` print what they found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// For programs: one JSON document (lookup: the published JSON target's forms; lint:
    /// diagnostics with structured locations).
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

/// The notes' languages by their tags (`ja`, `en`): listed once, in [`Lang`].
impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &Lang::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()))
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
    let root = crate::app::discover::root(cli.root, cli.command.needs_project());
    match root.and_then(|root| dispatch(&Project::new(root), cli.command)) {
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
            verbose,
        } => ingest::run(project, &file, format, output.as_deref(), verbose),
        Command::Grid { file, stats } => grid::run(project, &file, stats),
        Command::Lint {
            file,
            deny_warnings,
            format,
        } => lint::run(project, &file, deny_warnings, format),
        Command::Lookup {
            id,
            input,
            version,
            format,
        } => lookup::run(
            project,
            lookup::Query {
                id: &id,
                input: input.as_deref(),
                version: version.as_deref(),
                format,
            },
        ),
        Command::History { id, code, format } => {
            history::run(project, id.as_deref(), code.as_deref(), format)
        }
        Command::Add { file } => {
            let filed = add::file(project, &file)?;
            lint::run(project, &filed.dest, false, ReportFormat::Text)?;
            add::advise(project, &filed)
        }
        Command::Diff {
            old,
            new,
            out,
            format,
            lang,
            fail_on,
        } => diff::run(
            project,
            &old,
            &new,
            diff::Output {
                out: out.as_deref(),
                format: format.as_deref(),
                lang,
            },
            fail_on,
        ),
        Command::Render { target, out } => render::run(project, target, out.as_deref()),
        Command::Completions { shell } => {
            docs::completions(<Cli as clap::CommandFactory>::command(), shell)
        }
        Command::Man { out } => docs::man(<Cli as clap::CommandFactory>::command(), out.as_deref()),
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
