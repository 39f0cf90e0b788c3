//! Helpers shared by the integration tests: the project's paths, a scratch copy of the
//! project, and running the CLI.
#![allow(dead_code)]

pub mod book;
pub mod sheets;

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod hostile_pdf;
pub mod ttf;

pub const XLSX: &str = "input/1.20/message-id-contacts-1.20.xlsx";
pub const PDF: &str = "input/1.20/message-id-contacts-1.20.pdf";

/// Proptest settings for every property test: a fixed number of cases drawn from a fixed
/// seed, so CI draws the same cases on every run and cannot fail on one nobody has seen
/// (issue 17); cases that once failed are replayed first from `tests/proptest-regressions/`.
/// To search further by hand, set `PROPTEST_CASES` and `PROPTEST_RNG_SEED` (each overrides
/// its fixed value), and keep what it finds as a named regression under `tests/regressions/`.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x0D5C_A7A1_0617);
    }
    config
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn truth() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("tests/data/1.20-truth.json")).expect("truth file");
    serde_json::from_str(&text).expect("truth is JSON")
}

/// A scratch copy of `input/` and `generated/catalog` in a temporary directory.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("input"), &dir.path().join("input"));
    copy_dir(&root().join("generated"), &dir.path().join("generated"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let p = entry.path();
        let name = entry.file_name();
        if p.is_dir() {
            if name == "target" {
                continue;
            }
            copy_dir(&p, &to.join(name));
        } else {
            std::fs::copy(&p, to.join(name)).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, for before/after comparisons. Links are not
/// followed: a link is recorded as `-> target`, anything else not a file as `(special)`.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if dir.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            let meta = std::fs::symlink_metadata(&p).expect("lstat");
            if meta.is_dir() {
                out.extend(snapshot(&p));
            } else if meta.file_type().is_symlink() {
                let to = std::fs::read_link(&p).expect("read link");
                out.push((p, format!("-> {}", to.display()).into_bytes()));
            } else if meta.is_file() {
                let bytes = std::fs::read(&p).expect("read");
                out.push((p, bytes));
            } else {
                out.push((p, b"(special)".to_vec()));
            }
        }
    }
    out
}

/// Makes a FIFO at `path` (coreutils' `mkfifo`): a file a reader would wait on forever.
pub fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(
        made.expect("mkfifo runs").success(),
        "mkfifo {}",
        path.display()
    );
}

/// The committed model of revision 1.20, as text.
pub fn model_text() -> String {
    std::fs::read_to_string(root().join("generated/catalog/1.20.yaml")).expect("the 1.20 model")
}

/// [`snapshot`] with paths relative to `dir`, to compare two folders.
pub fn relative_snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(dir).expect("inside").to_path_buf(), b))
        .collect()
}

/// A one-row workbook whose title line names revision `version` (names all in `names.yaml`).
pub fn revision_xlsx(version: &str) -> Vec<u8> {
    let title = TITLE.replace("1.20版", &format!("{version}版"));
    xlsx(&[(
        "一覧",
        vec![vec![title.as_str()], HEADER.to_vec(), ROW.to_vec()],
    )])
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the CLI in `dir` with `args`, killing it and failing the test after `limit`: for
/// inputs that once made it hang.
pub fn run_bounded(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_oqs-catalog"))
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run oqs-catalog");
    // Read both pipes meanwhile, so a long output cannot block the child.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

/// Runs the CLI in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_oqs-catalog"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run oqs-catalog");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the CLI in `dir` with `args` and asserts that it refuses: exit 2, every one of
/// `needles` in its error output, and `generated/` left byte for byte as it was.
pub fn assert_refused(dir: &Path, args: &[&str], needles: &[&str]) -> Run {
    let before = snapshot(&dir.join("generated"));
    let r = run(dir, args);
    assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    for needle in needles {
        assert!(
            r.stderr.contains(needle),
            "{args:?}: no {needle:?} in {}",
            r.stderr
        );
    }
    assert!(
        before == snapshot(&dir.join("generated")),
        "{args:?} changed generated/"
    );
    r
}

/// Debian's `chromium` (or the binary `CHROMIUM` names). Panics, never skips, when missing:
/// `.ci/run` installs it.
pub fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "chromium not found on PATH: the tests use a real browser; \
         install Debian's package (apt-get install -y chromium) or set CHROMIUM"
    );
}

/// Prints the page `html` to `pdf` with headless chromium (A4 unless the page's `@page` says
/// otherwise, no header or footer), as `scripts/make-chromium-pdf.sh` does. Panics when no PDF
/// comes out.
pub fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let out = std::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(html))
        .output()
        .expect("run chromium");
    assert!(
        pdf.is_file(),
        "chromium printed no PDF for {}: {}",
        html.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A `file://` URL for a local file.
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("file path");
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A small workbook: each sheet is (name, rows of cell texts); empty strings are left blank.
pub fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string(r as u32, c as u16, *text).expect("write");
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

pub const TITLE: &str =
    "セットアップ時における顔認証付きカードリーダー表示のメッセージID別問い合わせ先一覧 1.20版";
pub const HEADER: [&str; 8] = [
    "コード",
    "エラー区分\n(見出し)",
    "メッセージ内容",
    "エラー種別\n(エラーの発生原因)",
    "メッセージID",
    "原因",
    "対処\n(医療機関等ベンダーまたはシステム担当者向け)",
    "問い合わせ先",
];
pub const ROW: [&str; 8] = [
    "001",
    "【手順誤り】\nマイナンバーカードの認識不可",
    "患者は…【001：マイナンバーカードの認識不可】",
    "カードアクセスでエラーが発生した",
    "0x03000001",
    "・原因",
    "・対処",
    "顔認証付きカードリーダーベンダー",
];
/// The committed models of every revision, oldest first, and the identifiers `build`
/// publishes for them (`generated/identifiers.yaml` with `input/names.yaml`).
pub fn models() -> (
    Vec<oqs_catalog::model::Catalog>,
    oqs_catalog::model::identifiers::Published,
) {
    let project = oqs_catalog::app::Project::new(root());
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("generated/catalog"))
        .expect("generated/catalog")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort_by_key(|p| {
        oqs_catalog::model::version_key(&p.file_stem().unwrap_or_default().to_string_lossy())
    });
    let catalogs = files
        .iter()
        .map(|p| project.load_any(p).expect("model loads"))
        .collect();
    let identifiers = project.identifiers().expect("identifiers");
    (catalogs, identifiers)
}

/// FNV-1a (32 bit) of a string's UTF-8 bytes, 0 for none: the C test compares strings by it,
/// so the expectation does not go through the escaper under test.
pub fn fnv(s: Option<&str>) -> u32 {
    let Some(s) = s else { return 0 };
    let mut h: u32 = 0x811C_9DC5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A language the generated C is compiled as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// C99 by `CC` (default gcc).
    C,
    /// C++17 by `CXX` (default g++).
    Cxx,
}

impl Lang {
    /// The compiler command: the environment variable's words (`CC="ccache gcc"` works as in
    /// make), or the default when it is unset or empty.
    pub fn compiler(self) -> Vec<String> {
        let (var, default) = match self {
            Lang::C => ("CC", "gcc"),
            Lang::Cxx => ("CXX", "g++"),
        };
        let value = std::env::var(var).unwrap_or_default();
        let words: Vec<String> = value.split_whitespace().map(String::from).collect();
        if words.is_empty() {
            vec![default.to_string()]
        } else {
            words
        }
    }

    /// Warnings as errors, standard mode, for gcc and clang alike.
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Lang::C => &["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"],
            Lang::Cxx => &["-std=c++17", "-Wall", "-Wextra", "-Werror", "-x", "c++"],
        }
    }
}

/// Compiles `sources` in `dir` as `lang` into `dir/out`, runs it, and returns its standard
/// output; panics with the compiler's or program's output on failure.
pub fn compile_and_run(dir: &Path, lang: Lang, sources: &[&str], out: &str) -> String {
    compile_and_run_with(dir, lang, sources, &[], out)
}

/// [`compile_and_run`] with `extra` arguments after the sources (libraries, `-I`, `-L`).
pub fn compile_and_run_with(
    dir: &Path,
    lang: Lang,
    sources: &[&str],
    extra: &[String],
    out: &str,
) -> String {
    let compiler = lang.compiler();
    let status = Command::new(&compiler[0])
        .current_dir(dir)
        .args(&compiler[1..])
        .args(lang.flags())
        .args(sources)
        .args(extra)
        .args(["-o", out])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{compiler:?} must be installed (scripts/test.sh installs gcc and g++; \
                 CC and CXX name others): {e}"
            )
        });
    assert!(
        status.status.success(),
        "{compiler:?} {:?} failed:\n{}",
        lang.flags(),
        String::from_utf8_lossy(&status.stderr)
    );
    let run = Command::new(dir.join(out))
        .current_dir(dir)
        .output()
        .expect("run the test program");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{out} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

/// A C program that checks the generated tables of `catalog` (the newest revision) against
/// the model: every entry's fields (strings by [`fnv`]), every code with its tags (by name),
/// `oqs_lookup` for every message ID, both ends of every range and the values just outside
/// each range, and the compile-time version number and sizes (a wrong one fails to compile).
pub fn c_check_program(catalog: &oqs_catalog::model::Catalog) -> String {
    use std::fmt::Write as _;
    let entries: Vec<_> = catalog.entries().collect();
    let mut s = String::from(
        "#include <stdio.h>\n#include \"oqs_messages.h\"\n\n\
         static uint32_t fnv(const char *s)\n{\n    uint32_t h = 2166136261u;\n    \
         if (s == NULL) {\n        return 0;\n    }\n    while (*s) {\n        \
         h ^= (unsigned char)*s++;\n        h *= 16777619u;\n    }\n    return h;\n}\n\n\
         struct entry_check { unsigned code; uint32_t error_type, cause, action; int has_id;\n    \
         uint32_t first, last; size_t contacts; uint32_t contact_hash; };\n\
         struct code_check { unsigned code; uint32_t text, title, message; size_t first, count;\n    \
         size_t tags; uint32_t tag_hash; };\n\
         struct probe { uint32_t id; size_t count; const size_t *index; };\n\n",
    );
    s.push_str("static const struct entry_check entries[] = {\n");
    for (code, e) in &entries {
        let (has, first, last) = match e.message_id {
            Some(m) => (1, m.first(), m.last()),
            None => (0, 0, 0),
        };
        let contact_hash = e.contacts.iter().fold(0u32, |h, c| {
            h.wrapping_add(fnv(Some(&c.name)))
                .wrapping_add(fnv(c.note.as_deref()).wrapping_mul(3))
        });
        let _ = writeln!(
            s,
            "    {{ {}u, {}u, {}u, {}u, {has}, {first}u, {last}u, {}, {contact_hash}u }},",
            code.code.parse::<u16>().expect("numeric code"),
            fnv(e.error_type.as_deref()),
            fnv(e.cause.as_deref()),
            fnv(e.action.as_deref()),
            e.contacts.len()
        );
    }
    s.push_str("};\n\nstatic const struct code_check codes[] = {\n");
    let mut at = 0;
    for c in &catalog.codes {
        let tag_hash = c
            .tags
            .iter()
            .fold(0u32, |h, t| h.wrapping_mul(31).wrapping_add(fnv(Some(t))));
        let _ = writeln!(
            s,
            "    {{ {}u, {}u, {}u, {}u, {at}, {}, {}, {tag_hash}u }},",
            c.code.parse::<u16>().expect("numeric code"),
            fnv(Some(&c.code)),
            fnv(Some(&c.title)),
            fnv(c.message.as_deref()),
            c.entries.len(),
            c.tags.len()
        );
        at += c.entries.len();
    }
    s.push_str("};\n\n");
    let probes = probes(catalog);
    let lookup_max = probes
        .iter()
        .map(|&id| catalog.lookup(id).len())
        .max()
        .unwrap_or(0)
        .max(1);
    // SQLite's packing: major * 1000000 + minor * 1000 + patch.
    let version_number = catalog
        .document
        .version
        .split('.')
        .map(|p| p.parse::<u64>().expect("numeric version"))
        .chain(std::iter::repeat(0))
        .take(3)
        .fold(0, |n, x| n * 1000 + x);
    let _ = writeln!(
        s,
        "typedef char entry_count_at_compile_time[OQS_ENTRY_COUNT == {} ? 1 : -1];\n\
         typedef char lookup_max_at_compile_time[OQS_LOOKUP_MAX == {lookup_max} ? 1 : -1];\n\
         #if OQS_MESSAGES_VERSION_NUMBER != {version_number}\n\
         #error \"OQS_MESSAGES_VERSION_NUMBER\"\n\
         #endif\n",
        entries.len()
    );
    let mut table = String::from("static const struct probe probes[] = {\n");
    for (i, &id) in probes.iter().enumerate() {
        let hits: Vec<String> = entries
            .iter()
            .enumerate()
            .filter(|(_, (_, e))| e.message_id.is_some_and(|m| m.contains(id)))
            .map(|(k, _)| k.to_string())
            .collect();
        let _ = writeln!(
            s,
            "static const size_t hits_{i}[] = {{ {} }};",
            if hits.is_empty() {
                "0".to_string()
            } else {
                hits.join(", ")
            }
        );
        let _ = writeln!(table, "    {{ 0x{id:08X}u, {}, hits_{i} }},", hits.len());
    }
    s.push_str(&table);
    s.push_str("};\n\n");
    s.push_str(
        r#"#define COUNT(a) (sizeof (a) / sizeof (a)[0])

int main(void)
{
    const oqs_entry *out[OQS_LOOKUP_MAX];
    size_t i, k;
    unsigned long failures = 0, matches = 0;
    if (oqs_entry_count != COUNT(entries) || oqs_code_count != OQS_CODE_COUNT
        || sizeof oqs_codes / sizeof oqs_codes[0] != OQS_CODE_COUNT) {
        printf("entry count %lu, expected %lu\n", (unsigned long)oqs_entry_count, (unsigned long)COUNT(entries));
        return 1;
    }
    for (i = 0; i < COUNT(entries); ++i) {
        const oqs_entry *e = &oqs_entries[i];
        const struct entry_check *x = &entries[i];
        uint32_t h = 0;
        for (k = 0; k < e->contact_count; ++k) {
            h += fnv(e->contacts[k].name) + 3u * fnv(e->contacts[k].note);
        }
        if (e->code != x->code || fnv(e->error_type) != x->error_type || fnv(e->cause) != x->cause
            || fnv(e->action) != x->action || e->has_message_id != x->has_id
            || e->message_id_first != x->first || e->message_id_last != x->last
            || e->contact_count != x->contacts || h != x->contact_hash) {
            printf("entry %lu (code %u) differs from the model\n", (unsigned long)i, x->code);
            ++failures;
        }
    }
    for (i = 0; i < COUNT(codes); ++i) {
        const oqs_code *c = oqs_find_code((uint16_t)codes[i].code);
        if (c == NULL || c->code != codes[i].code || fnv(c->text) != codes[i].text
            || fnv(c->title) != codes[i].title || fnv(c->message) != codes[i].message
            || c->entry_count != codes[i].count || c->removed_in != NULL
            || (c->entry_count > 0 && c->entries != &oqs_entries[codes[i].first])) {
            printf("code %u differs from the model\n", codes[i].code);
            ++failures;
            continue;
        }
        {
            uint32_t h = 0;
            for (k = 0; k < c->tag_count; ++k) {
                h = h * 31u + fnv(oqs_tag_name(c->tags[k]));
            }
            if (c->tag_count != codes[i].tags || h != codes[i].tag_hash
                || (c->tag_count > 0 && c->tags == NULL)) {
                printf("code %u: tags differ from the model\n", codes[i].code);
                ++failures;
            }
        }
    }
    for (i = 0; i < COUNT(entries); ++i) {
        for (k = 0; k < oqs_entries[i].contact_count; ++k) {
            const oqs_contact_ref *c = &oqs_entries[i].contacts[k];
            if (oqs_contact_name(c->contact) == NULL || fnv(oqs_contact_name(c->contact)) != fnv(c->name)) {
                printf("entry %lu: contact %d is not named %s\n", (unsigned long)i, c->contact, c->name);
                ++failures;
            }
        }
    }
    if (oqs_tag_name(0) != NULL || oqs_contact_name(0) != NULL) {
        printf("0 names a tag or contact\n");
        ++failures;
    }
    for (i = 0; i < COUNT(probes); ++i) {
        size_t n = oqs_lookup(probes[i].id, out, COUNT(out));
        if (n != probes[i].count || n > OQS_LOOKUP_MAX) {
            printf("0x%08lX: %lu entries, expected %lu\n", (unsigned long)probes[i].id, (unsigned long)n, (unsigned long)probes[i].count);
            ++failures;
            continue;
        }
        for (k = 0; k < n; ++k) {
            if ((size_t)(out[k] - oqs_entries) != probes[i].index[k]) {
                printf("0x%08lX: match %lu is entry %lu, expected %lu\n", (unsigned long)probes[i].id, (unsigned long)k, (unsigned long)(out[k] - oqs_entries), (unsigned long)probes[i].index[k]);
                ++failures;
            }
            ++matches;
        }
        if (oqs_lookup(probes[i].id, NULL, 0) != n) {
            printf("0x%08lX: counting without output differs\n", (unsigned long)probes[i].id);
            ++failures;
        }
    }
    /* Tombstones: the last entries of removed IDs, which oqs_lookup no longer finds. */
    if (oqs_tombstone_count != OQS_TOMBSTONE_COUNT) {
        printf("tombstone count %lu\n", (unsigned long)oqs_tombstone_count);
        ++failures;
    }
    for (i = 0; i < oqs_tombstone_count; ++i) {
        const oqs_tombstone *t = &oqs_tombstones[i];
        const oqs_tombstone *found[1];
        if (!t->entry.has_message_id || t->last_seen == NULL || t->removed_in == NULL
            || oqs_lookup(t->entry.message_id_first, NULL, 0) != 0
            || oqs_lookup_removed(t->entry.message_id_first, found, 1) == 0
            || oqs_find_code(t->entry.code) == NULL) {
            printf("tombstone %lu is not a removed ID\n", (unsigned long)i);
            ++failures;
        }
    }
    if (oqs_lookup_removed(probes[0].id, NULL, 0) != 0 && probes[0].count > 0) {
        printf("a current ID has a tombstone\n");
        ++failures;
    }
    printf("%lu entries, %lu codes, %lu probes, %lu matches checked, %lu failures\n",
           (unsigned long)COUNT(entries), (unsigned long)COUNT(codes), (unsigned long)COUNT(probes), matches, failures);
    return failures == 0 ? 0 : 1;
}
"#,
    );
    s
}

/// Writes `files` (path → bytes) flat into `dir` under their file names.
pub fn write_flat(dir: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let name = Path::new(path).file_name().expect("file name");
        std::fs::write(dir.join(name), bytes).expect("write");
    }
}

/// The message IDs to look up in a generated lookup: every ID of the model, both ends of every
/// range and the value just outside each end, sorted and without repeats.
pub fn probes(model: &oqs_catalog::model::Catalog) -> Vec<u32> {
    use oqs_catalog::model::MessageId;
    let mut probes: Vec<u32> = Vec::new();
    for (_, e) in model.entries() {
        match e.message_id {
            Some(MessageId::Single(v)) => probes.push(v),
            Some(MessageId::Range { first, last }) => {
                probes.extend([first, last]);
                probes.extend(first.checked_sub(1));
                probes.extend(last.checked_add(1));
            }
            None => {}
        }
    }
    probes.sort_unstable();
    probes.dedup();
    probes
}

/// `CardReaderVendor` → `CARD_READER_VENDOR`, `EPrescriptionService` → `E_PRESCRIPTION_SERVICE`.
/// The C constants' spelling of an identifier, done apart from the renderer's own rules.
pub fn screaming_snake(ident: &str) -> String {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
        if i > 0 && c.is_ascii_uppercase() && (prev_lower || next_lower) {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Runs `cargo ARGS` in the generated crate copied to `dir`, warnings denied, with the target
/// folder `target` under the test's temporary target folder (kept between runs, so
/// dependencies are compiled once); panics with cargo's output when it fails.
pub fn cargo_in_crate(dir: &Path, target: &str, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(args)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(target),
        )
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?}: the generated crate does not build or its tests fail:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The validator of a JSON Schema (2020-12), once the schema is checked against the meta-schema
/// and `data` against it (a failure lists every error).
pub fn validated(schema: &serde_json::Value, data: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).expect("the schema is a valid JSON Schema");
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(data).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    validator
}
