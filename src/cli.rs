//! The command line (DESIGN §6): argument parsing and the subcommands, each a thin call into
//! the library. Exit codes: 0 success, 1 `check`/`diff` found differences, 2 bad input or usage.
//! Everything it prints for people goes through [`crate::terminal`]: text from the input never
//! reaches the terminal raw.

mod add;
mod docs;
mod lookup;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::{yaml, Catalog};
use crate::normalize::Severity;
use crate::project::store;
use crate::project::{Project, Stale};
use crate::terminal;
use lookup::ReportFormat;

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
    },
    /// Show every entry for a message ID (ranges included).
    #[command(
        after_help = "Exit status: 0 found; 1 nothing found (as grep); 2 not a message \
                            ID (with \"did you mean\" when a catalog ID is one edit away), bad \
                            input or usage"
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
    /// when they differ.
    #[command(
        after_help = "Exit status: 0 the revisions are the same; 1 they differ; 2 bad \
                            input or usage"
    )]
    Diff {
        /// The older revision: a canonical YAML model or a source file.
        old: PathBuf,
        /// The newer revision: a canonical YAML model or a source file.
        new: PathBuf,
        /// Write OLD..NEW.md, .html and .json (or only --format) into this folder.
        #[arg(short = 'o', long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Notes format [default: md on standard output; all three with --out].
        #[arg(long, value_parser = crate::diff::command::FORMATS)]
        format: Option<String>,
    },
    /// Write one generated target (rust, c, json, html) from input/.
    #[command(after_help = "Exit status: 0 written or up to date; 2 bad input or usage")]
    Render {
        /// The target to write.
        #[arg(value_parser = ["rust", "c", "json", "html"])]
        target: String,
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
            | Command::Add { .. } => true,
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
    let root = crate::project::discover::root(cli.root, cli.command.needs_project());
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
        Command::Build { deny_warnings } => build(project, deny_warnings),
        Command::Check => check(project),
        Command::Ingest {
            file,
            format,
            output,
        } => ingest(project, &file, format, output.as_deref()),
        Command::Grid { file, stats } => grid(project, &file, stats),
        Command::Lint {
            file,
            deny_warnings,
        } => lint(project, &file, deny_warnings),
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
        Command::Add { file } => {
            let filed = add::file(project, &file)?;
            lint(project, &filed.dest, false)?;
            add::advise(project, &filed)
        }
        Command::Diff {
            old,
            new,
            out,
            format,
        } => crate::diff::command::run(project, &old, &new, out.as_deref(), format.as_deref()),
        Command::Render { target, out } => render(project, &target, out.as_deref()),
        Command::Completions { shell } => {
            docs::completions(<Cli as clap::CommandFactory>::command(), shell)
        }
        Command::Man { out } => docs::man(<Cli as clap::CommandFactory>::command(), out.as_deref()),
    }
}

/// `render TARGET [--out DIR]`: one target's files, each written only when its bytes change.
fn render(project: &Project, target: &str, out: Option<&Path>) -> Result<i32, Error> {
    use crate::render::{render_target, RenderInput, Target};
    let Some(target) = Target::ALL.into_iter().find(|t| t.name() == target) else {
        return Err(Error::Usage(format!("unknown target `{target}`")));
    };
    // Into generated/: locked before `generated/identifiers.yaml` is read, as `build` does.
    let guard = match out {
        None => Some(lock(project)?),
        Some(_) => None,
    };
    let catalogs: Vec<Catalog> = project
        .revisions()?
        .into_iter()
        .map(|r| r.catalog)
        .collect();
    let identifiers = project.identifiers()?;
    let input = RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
    };
    let files = render_target(input, target).map_err(|e| Error::Usage(e.to_string()))?;
    match out {
        Some(dir) => {
            for (rel, bytes) in &files {
                let name = rel
                    .strip_prefix(target.dir())
                    .unwrap_or(rel)
                    .trim_start_matches('/');
                let path = dir.join(name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                if store::write_file(&path, bytes)? {
                    say(&format!("wrote {}", project.display(&path)));
                }
            }
        }
        None => {
            if let Some(guard) = &guard {
                for change in project.write_some(guard, &files)? {
                    say(&change.to_string());
                }
            }
        }
    }
    Ok(0)
}

/// Prints one line of a report to standard output.
fn say(line: &str) {
    println!("{}", terminal::message(line));
}

fn build(project: &Project, deny_warnings: bool) -> Result<i32, Error> {
    // Locked before anything is read: `generated/identifiers.yaml` is read, then rewritten.
    let guard = lock(project)?;
    let (outputs, diagnostics) = project.outputs(deny_warnings)?;
    // Defects corrected by errata are recorded in the model; `lint` lists them.
    for d in diagnostics
        .iter()
        .filter(|d| d.corrected.is_none() && d.severity != Severity::Note)
    {
        warn(d);
    }
    let written = project.write(&guard, &outputs)?;
    if written.changes.is_empty() {
        say(&format!(
            "generated/ is up to date ({} files)",
            outputs.len()
        ));
    } else {
        for change in &written.changes {
            say(&change.to_string());
        }
    }
    for path in &written.left {
        warn(&format!(
            "warning: {path}: not written by build, so left in place (remove it; `check` \
             fails while it is there)"
        ));
    }
    Ok(0)
}

fn check(project: &Project) -> Result<i32, Error> {
    let guard = project.lock_shared(&mut waiting)?;
    let (outputs, _) = project.outputs(false)?;
    let stale = project.stale(guard.as_ref(), &outputs)?;
    if stale.is_empty() {
        say(&format!(
            "generated/ is up to date ({} files)",
            outputs.len()
        ));
        return Ok(0);
    }
    for s in &stale {
        say(&match s {
            Stale::Missing(p) => format!("missing: {p}"),
            Stale::Orphaned {
                path,
                removed_by_build: true,
            } => format!("not written by build (orphaned): {path} (build removes it)"),
            Stale::Orphaned {
                path,
                removed_by_build: false,
            } => format!(
                "not written by build (orphaned): {path} (build did not write it and leaves \
                 it; remove it by hand)"
            ),
            Stale::Foreign { path, kind } => format!(
                "not a regular file: {path} is {kind} (build refuses to run until it is removed)"
            ),
            Stale::Interrupted => "interrupted: a build was stopped while writing generated/ \
                                   (the next build finishes or discards it)"
                .to_string(),
            Stale::Changed { path, diff } => format!("differs: {path}\n{diff}"),
        });
    }
    say(&format!(
        "generated/ is stale ({} files); run `cargo run --release -- build`",
        stale.len()
    ));
    Ok(1)
}

fn ingest(
    project: &Project,
    file: &Path,
    format: Format,
    output: Option<&Path>,
) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    // Defects corrected by errata are recorded in the model; `lint` lists them.
    for d in normalized
        .diagnostics
        .iter()
        .filter(|d| d.corrected.is_none())
    {
        warn(d);
    }
    // The exit status agrees with what was printed: an `error:` above is a failure, and the
    // model of a source with an uncorrected defect is not published.
    let errors = normalized.diagnostics.iter().filter(|d| d.blocks()).count();
    if errors > 0 {
        return Err(Error::Usage(format!(
            "{}: {errors} source defect{} above; no model written (correct {} in \
             input/errata.yaml, or see `lint`)",
            project.display(file),
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" },
        )));
    }
    let text = match format {
        Format::Yaml => crate::project::catalog_yaml(&normalized.catalog),
        Format::Json => yaml::to_json(&normalized.catalog),
    };
    emit(output, &text)
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

fn grid(project: &Project, file: &Path, stats: bool) -> Result<i32, Error> {
    let name = project.display(file);
    // `grid` shows what a reader saw: damaged content is a warning here, not an error.
    let src = crate::read::read_source_with(file, &name, crate::read::OnDamage::Warn)?;
    for w in &src.warnings {
        warn(w);
    }
    if stats {
        let cells: usize = src
            .grid
            .pages
            .iter()
            .flat_map(|p| &p.tables)
            .map(|t| t.cells.len())
            .sum();
        let tables: usize = src.grid.pages.iter().map(|p| p.tables.len()).sum();
        say(&format!(
            "{name}: {} pages, {tables} tables, {cells} cells",
            src.grid.pages.len()
        ));
        if let Some(c) = src.coverage {
            let pct = if c.glyphs == 0 {
                100.0
            } else {
                100.0 * c.placed as f64 / c.glyphs as f64
            };
            say(&format!(
                "glyphs: {} drawn, {} placed ({pct:.1} %), {} clipped away",
                c.glyphs, c.placed, c.clipped
            ));
            if c.undecoded > 0 {
                say(&format!(
                    "{} streams or objects could not be decoded: their content is lost",
                    c.undecoded
                ));
            }
        }
        return Ok(0);
    }
    emit(None, &yaml::to_json(&src.grid))
}

fn lint(project: &Project, file: &Path, deny_warnings: bool) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    let (names_file, names) = project.names()?;
    let mut out = std::io::stdout().lock();
    let mut errors = 0;
    let mut warnings = 0;
    let mut notes = 0;
    for d in &normalized.diagnostics {
        let _ = writeln!(out, "{}", terminal::message(&d.to_string()));
        if d.blocks() {
            errors += 1;
        } else if d.severity == Severity::Warning {
            warnings += 1;
        } else if d.severity == Severity::Note {
            notes += 1;
        }
    }
    for m in names.missing(&normalized.catalog) {
        errors += 1;
        let line = format!(
            "{names_file}: error: no identifier for {} 「{}」 (used by {}); add `{}: Identifier` under `{}:`",
            m.section,
            terminal::quote(&m.name),
            terminal::quote(&m.first_use),
            terminal::quote(&m.name),
            m.section
        );
        let _ = writeln!(out, "{}", terminal::message(&line));
    }
    let c = &normalized.catalog;
    let summary = format!(
        "{}: revision {}, {} codes, {} entries; {} characters read, {} placed; {errors} errors, {warnings} warnings, {notes} notes",
        c.document.source.file,
        terminal::quote(&c.document.version),
        c.codes.len(),
        c.entries().count(),
        normalized.chars_read,
        normalized.chars_placed
    );
    let _ = writeln!(out, "{}", terminal::message(&summary));
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        2
    } else {
        0
    })
}
