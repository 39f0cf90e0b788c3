//! The command line (DESIGN §6): argument parsing and the subcommands, each a thin call into
//! the library. Exit codes: 0 success, 1 `check`/`diff` found differences, 2 bad input or usage.
//! Everything it prints for people goes through [`crate::terminal`]: text from the input never
//! reaches the terminal raw.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::{self, yaml, Catalog};
use crate::normalize::Severity;
use crate::project::store;
use crate::project::{Project, Stale};
use crate::terminal;

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
        #[arg(long, value_parser = crate::diff::command::FORMATS)]
        format: Option<String>,
    },
    /// Write one generated target (rust, c, json, html) from input/.
    Render {
        #[arg(value_parser = ["rust", "c", "json", "html"])]
        target: String,
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
            format,
        } => lint(project, &file, deny_warnings, format),
        Command::Lookup { id, input, version } => {
            lookup(project, &id, input.as_deref(), version.as_deref())
        }
        Command::Diff {
            old,
            new,
            out,
            format,
        } => crate::diff::command::run(project, &old, &new, out.as_deref(), format.as_deref()),
        Command::Render { target, out } => render(project, &target, out.as_deref()),
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
        Format::Yaml => crate::project::catalog_yaml(&normalized.catalog)?,
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
    // Notes (line ends only guessed) are for `lint`.
    for w in src.warnings.iter().filter(|w| w.severity != Severity::Note) {
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

fn lint(
    project: &Project,
    file: &Path,
    deny_warnings: bool,
    format: LintFormat,
) -> Result<i32, Error> {
    let normalized = project.ingest(file)?;
    let (names_file, names) = project.names()?;
    let report = crate::lint::LintReport::new(
        &normalized,
        &names_file,
        &names.missing(&normalized.catalog),
    );
    let text = match format {
        LintFormat::Text => report.text(),
        LintFormat::Json => report.json(),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(report.exit_code(deny_warnings))
}

/// Parses `0x04000011`, `04000011` or `4000011` (any case) into a message ID value.
pub fn parse_id(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

fn lookup(
    project: &Project,
    id: &str,
    input: Option<&Path>,
    version: Option<&str>,
) -> Result<i32, Error> {
    let Some(value) = parse_id(id) else {
        return Err(Error::Usage(format!(
            "`{}` is not a message ID (expected up to eight hex digits, e.g. 0x04000001)",
            terminal::quote(id)
        )));
    };
    let catalog = match input {
        Some(path) => project.load_any(path)?,
        None => newest_model(project, version)?,
    };
    print!("{}", terminal::text(&lookup_report(&catalog, value)));
    Ok(0)
}

fn newest_model(project: &Project, version: Option<&str>) -> Result<Catalog, Error> {
    let dir = project.root.join("generated/catalog");
    let mut versions: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .collect();
    versions.sort_by_key(|v| model::version_key(v));
    let chosen = match version {
        Some(v) if versions.iter().any(|x| x == v) => v.to_string(),
        Some(v) => {
            return Err(Error::Usage(format!(
                "no generated model for version {} (have: {})",
                terminal::quote(v),
                versions.join(", ")
            )))
        }
        None => versions.last().cloned().ok_or_else(|| {
            Error::Usage("generated/catalog/ holds no model; run build first".to_string())
        })?,
    };
    project.load_any(&dir.join(format!("{chosen}.yaml")))
}

/// The text `lookup` prints for one message ID.
pub fn lookup_report(catalog: &Catalog, id: u32) -> String {
    use std::fmt::Write as _;
    let hits = catalog.lookup(id);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} entr{} in revision {}",
        model::message_id::hex(id),
        hits.len(),
        if hits.len() == 1 { "y" } else { "ies" },
        catalog.document.version
    );
    for (code, e) in hits {
        let tags: String = code.tags.iter().map(|t| format!("【{t}】")).collect();
        let _ = writeln!(s, "\n{} {tags}{}  ({})", code.code, code.title, e.at);
        let one = |v: &Option<String>| v.as_deref().unwrap_or("").replace('\n', "\n              ");
        let _ = writeln!(
            s,
            "  message ID  {}",
            e.message_id.map(|m| m.to_string()).unwrap_or_default()
        );
        let _ = writeln!(s, "  error type  {}", one(&e.error_type));
        let _ = writeln!(s, "  cause       {}", one(&e.cause));
        let _ = writeln!(s, "  action      {}", one(&e.action));
        let _ = writeln!(s, "  contact     {}", one(&e.contacts_text()));
    }
    s
}
