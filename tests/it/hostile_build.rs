//! `build` against a hostile `generated/`, and against being killed or run twice at once
//! (issue 10, classes 1 and 8): it writes and removes only regular files that it owns inside
//! `generated/`, never follows a link there, removes only what its manifest says it wrote,
//! and after any failure or kill `generated/` is the old state or the new one as a whole, or
//! the next build finishes it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, relative_snapshot, run, scratch, snapshot};

type Tree = Vec<(PathBuf, Vec<u8>)>;

/// A folder outside the project that a followed link would reach.
fn victim() -> (tempfile::TempDir, Tree) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "precious").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/oqs_messages.h"), "not generated").unwrap();
    let before = snapshot(dir.path());
    (dir, before)
}

fn link(to: &Path, at: &Path) {
    std::os::unix::fs::symlink(to, at).unwrap();
}

#[test]
fn a_link_anywhere_in_generated_is_refused_and_never_followed() {
    type Setup = fn(&Path, &Path);
    let cases: [(&str, Setup, &str); 5] = [
        // The case the issue found: a link that arrived through git, to a folder elsewhere.
        (
            "generated/rust/evil",
            |g, v| link(v, &g.join("rust/evil")),
            "generated/rust/evil",
        ),
        // A link to `.`: the walk once deleted real generated files through it.
        (
            "generated/rust/here",
            |g, _| link(Path::new("."), &g.join("rust/here")),
            "generated/rust/here",
        ),
        // A folder build writes into.
        (
            "generated/c",
            |g, v| {
                std::fs::remove_dir_all(g.join("c")).unwrap();
                link(&v.join("sub"), &g.join("c"));
            },
            "generated/c",
        ),
        // A file build writes.
        (
            "generated/catalog/1.20.yaml",
            |g, v| {
                std::fs::remove_file(g.join("catalog/1.20.yaml")).unwrap();
                link(&v.join("a.txt"), &g.join("catalog/1.20.yaml"));
            },
            "generated/catalog/1.20.yaml",
        ),
        // generated/ itself.
        (
            "generated",
            |g, v| {
                std::fs::remove_dir_all(g).unwrap();
                link(v, g);
            },
            "generated/",
        ),
    ];
    for (what, setup, named) in cases {
        let dir = scratch();
        let (victim, victim_before) = victim();
        let generated = dir.path().join("generated");
        setup(&generated, victim.path());
        // A change to write, so that a build that followed the link would write through it.
        std::fs::remove_file(dir.path().join(common::PDF)).unwrap();
        let before = snapshot(&generated);
        let r = run(dir.path(), &["build"]);
        assert_eq!(r.code, 2, "{what}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr
                .contains(&format!("error: {named}: is a symbolic link")),
            "{what}: {}",
            r.stderr
        );
        assert!(
            snapshot(victim.path()) == victim_before,
            "{what}: the victim changed"
        );
        assert!(snapshot(&generated) == before, "{what}: generated/ changed");
        if what != "generated" {
            let r = run(dir.path(), &["check"]);
            assert_eq!(r.code, 1, "{what}: {}", r.stdout);
            assert!(
                r.stdout.contains(&format!(
                    "not a regular file: {named} is a symbolic link (build refuses"
                )),
                "{what}: {}",
                r.stdout
            );
        }
    }
}

#[test]
fn a_fifo_in_generated_is_refused() {
    let dir = scratch();
    let fifo = dir.path().join("generated/json/pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let r = common::run_bounded(dir.path(), &["build"], Duration::from_secs(20));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("generated/json/pipe: is a FIFO"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_tampered_manifest_removes_nothing() {
    let (victim, victim_before) = victim();
    let outside = victim.path().join("a.txt");
    let entries = [
        "../input/names.yaml".to_string(),
        outside.display().to_string(),
        "catalog/../../input/errata.yaml".to_string(),
        ".staging/0".to_string(),
        "rust/./src/lib.rs".to_string(),
    ];
    for entry in entries {
        let dir = scratch();
        let manifest = dir.path().join("generated/.manifest");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        let line = text.lines().count() + 1;
        text.push_str(&entry);
        text.push('\n');
        std::fs::write(&manifest, text).unwrap();
        let input_before = snapshot(&dir.path().join("input"));
        let r = common::assert_refused(
            dir.path(),
            &["build"],
            &[&format!("error: generated/.manifest:{line}: `{entry}` is not a path of a file inside generated/")],
        );
        assert!(!r.stderr.contains("panicked"));
        assert!(
            snapshot(&dir.path().join("input")) == input_before,
            "{entry}"
        );
        assert!(snapshot(victim.path()) == victim_before, "{entry}");
    }
    // A listed file behind a link: refused before anything is removed.
    let dir = scratch();
    std::fs::create_dir(dir.path().join("generated/rust/evil")).unwrap();
    link(
        &victim.path().join("a.txt"),
        &dir.path().join("generated/rust/evil/a.txt"),
    );
    let manifest = dir.path().join("generated/.manifest");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("rust/evil/a.txt\n");
    std::fs::write(&manifest, text).unwrap();
    common::assert_refused(
        dir.path(),
        &["build"],
        &["error: generated/rust/evil/a.txt: is a symbolic link"],
    );
    assert!(snapshot(victim.path()) == victim_before);
}

#[test]
fn the_first_build_without_a_manifest_adopts_the_folders_build_owned() {
    let dir = scratch();
    let g = dir.path().join("generated");
    std::fs::remove_file(g.join(".manifest")).unwrap();
    // What an earlier build left: a model of a revision since removed, and the hidden
    // temporary file of a build killed before this change.
    std::fs::write(g.join("catalog/0.9.yaml"), "old").unwrap();
    std::fs::write(g.join("rust/src/.lib.rs.tmp"), "half").unwrap();
    // Not in a folder build owned: a person's file, left alone.
    std::fs::write(g.join("NOTES.txt"), "mine").unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("missing: generated/.manifest"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("orphaned): generated/catalog/0.9.yaml (build removes it)"),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("removed generated/catalog/0.9.yaml"),
        "{}",
        r.stdout
    );
    assert!(!g.join("catalog/0.9.yaml").exists());
    assert!(!g.join("rust/src/.lib.rs.tmp").exists());
    assert_eq!(std::fs::read(g.join("NOTES.txt")).unwrap(), b"mine");
    assert!(r
        .stderr
        .contains("warning: generated/NOTES.txt: not written by build"));
    std::fs::remove_file(g.join("NOTES.txt")).unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(relative_snapshot(&g) == relative_snapshot(&common::root().join("generated")));
}

/// A scratch project read from the spreadsheet alone (fast) that switches between two
/// states: revision 1.20 alone (A), and 1.20 with a one-row 1.21 (B). Going from A to B
/// rewrites every target and adds files; from B to A rewrites them and removes files.
struct Flip {
    dir: tempfile::TempDir,
    /// The 1.21 workbook, made once (a workbook records when it was made).
    next: Vec<u8>,
    /// `generated/` of each state, as a build makes it.
    a: Tree,
    b: Tree,
}

impl Flip {
    fn new() -> Flip {
        let dir = scratch();
        std::fs::remove_file(dir.path().join(common::PDF)).unwrap();
        let mut flip = Flip {
            dir,
            next: common::revision_xlsx("1.21"),
            a: Vec::new(),
            b: Vec::new(),
        };
        flip.set(true);
        assert_eq!(flip.build().code, 0);
        flip.b = flip.generated();
        flip.set(false);
        assert_eq!(flip.build().code, 0);
        flip.a = flip.generated();
        assert!(flip.a != flip.b);
        flip
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the input of state B (`true`) or A in place.
    fn set(&self, b: bool) {
        let next = self.root().join("input/1.21");
        if b {
            std::fs::create_dir_all(&next).unwrap();
            std::fs::write(next.join("catalog.xlsx"), &self.next).unwrap();
        } else if next.exists() {
            std::fs::remove_dir_all(&next).unwrap();
        }
    }

    fn state(&self, b: bool) -> &Tree {
        if b {
            &self.b
        } else {
            &self.a
        }
    }

    fn build(&self) -> common::Run {
        run(self.root(), &["build"])
    }

    fn build_with_fault(&self, fault: &str) -> common::Run {
        let out = Command::new(env!("CARGO_BIN_EXE_oqs-catalog"))
            .current_dir(self.root())
            .arg("build")
            .env("OQS_CATALOG_TEST_FAULT", fault)
            .output()
            .unwrap();
        common::Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `generated/` relative to itself, without what an interrupted build may leave behind
    /// (`.staging/`, `.journal.tmp`): those are cleaned by the next build.
    fn generated(&self) -> Tree {
        relative_snapshot(&self.root().join("generated"))
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".staging") && p != Path::new(".journal.tmp"))
            .collect()
    }

    fn journal(&self) -> bool {
        self.root().join("generated/.journal").exists()
    }

    /// A build and a check pass, and leave state `b` with nothing of the store's own.
    fn assert_settles(&self, b: bool, context: &str) {
        let r = self.build();
        assert_eq!(r.code, 0, "{context}: {}", r.stderr);
        let now = self.generated();
        assert!(
            now == *self.state(b),
            "{context}: not the state built; differing: {:?}",
            differing(&now, self.state(b))
        );
        for own in [".journal", ".journal.tmp", ".staging"] {
            assert!(
                !self.root().join("generated").join(own).exists(),
                "{context}: {own}"
            );
        }
        let r = run(self.root(), &["check"]);
        assert_eq!(r.code, 0, "{context}: {}", r.stdout);
    }
}

/// The paths whose bytes differ between two trees, or that only one holds.
fn differing(a: &Tree, b: &Tree) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = a
        .iter()
        .filter(|x| !b.contains(x))
        .chain(b.iter().filter(|x| !a.contains(x)))
        .map(|(p, _)| p.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn a_failure_while_renaming_leaves_the_old_state_whole() {
    let flip = Flip::new();
    for (from_b, fail_at) in [(false, 0), (false, 4), (false, 9), (true, 3), (true, 11)] {
        flip.set(from_b);
        flip.assert_settles(from_b, "reset");
        flip.set(!from_b);
        let r = flip.build_with_fault(&format!("fail:{fail_at}"));
        let context = format!("fail:{fail_at} from {}", if from_b { "B" } else { "A" });
        assert_eq!(r.code, 2, "{context}: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "injected failure (OQS_CATALOG_TEST_FAULT); nothing was changed in generated/"
            ),
            "{context}: {}",
            r.stderr
        );
        assert!(
            flip.generated() == *flip.state(from_b),
            "{context}: a mix of old and new"
        );
        assert!(!flip.journal(), "{context}");
        flip.assert_settles(!from_b, &context);
    }
}

#[test]
fn a_kill_at_any_rename_is_finished_by_the_next_build() {
    let flip = Flip::new();
    for to_b in [true, false] {
        let mut crashed = 0;
        for k in 0.. {
            flip.set(!to_b);
            flip.assert_settles(!to_b, "reset");
            flip.set(to_b);
            let r = flip.build_with_fault(&format!("crash:{k}"));
            if r.code == 0 {
                // Past the last rename: every one of them was tried.
                break;
            }
            crashed += 1;
            let context = format!("crash:{k} towards {}", if to_b { "B" } else { "A" });
            assert!(flip.journal(), "{context}: no journal ({})", r.stderr);
            let r = run(flip.root(), &["check"]);
            assert_eq!(r.code, 1, "{context}");
            assert!(
                r.stdout.contains("interrupted: a build was stopped"),
                "{context}: {}",
                r.stdout
            );
            let r = flip.build();
            assert!(
                r.stderr
                    .contains("note: finished writing generated/ for a build that was interrupted"),
                "{context}: {}",
                r.stderr
            );
            flip.assert_settles(to_b, &context);
        }
        assert!(crashed >= 8, "only {crashed} renames");
    }
}

/// A small random generator (xorshift64*), seeded from the clock or `OQS_TEST_SEED`, so that
/// a failure names the seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("OQS_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        Rng(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[test]
fn a_kill_at_a_random_moment_leaves_a_whole_state_or_a_journal() {
    let flip = Flip::new();
    let mut rng = Rng::new();
    let seed = rng.0;
    // How long one build takes here, to aim the kills across the whole of it.
    let start = Instant::now();
    flip.build();
    let span = (start.elapsed().as_millis() as u64 * 2).max(20);
    let mut current = false;
    let mut journals = 0;
    for i in 0..30 {
        let target = rng.below(2) == 1;
        flip.set(target);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_oqs-catalog"));
        cmd.current_dir(flip.root())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Every other run renames slowly, so that some kills land while renaming.
        if i % 2 == 1 {
            cmd.env("OQS_CATALOG_TEST_FAULT", "slow:3");
        }
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(span)));
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        let context = format!("seed {seed}, run {i}");
        if flip.journal() {
            journals += 1;
        } else {
            let now = flip.generated();
            assert!(
                now == *flip.state(current) || now == *flip.state(target),
                "{context}: generated/ is neither the old nor the new state"
            );
        }
        if finished {
            assert!(flip.generated() == *flip.state(target), "{context}");
        }
        flip.assert_settles(target, &context);
        current = target;
    }
    eprintln!("random kills: seed {seed}, {journals} of 30 left a journal to finish");
}

#[test]
fn builds_at_the_same_time_all_succeed() {
    let flip = Flip::new();
    let mut target = false;
    for round in 0..8 {
        target = !target;
        flip.set(target);
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_oqs-catalog"))
                    .current_dir(flip.root())
                    .arg("build")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(flip.generated() == *flip.state(target), "round {round}");
        let r = run(flip.root(), &["check"]);
        assert_eq!(r.code, 0, "round {round}: {}", r.stdout);
    }
}

/// Leaves in `generated/` what a killed build may: a staged file and a journal (or a part
/// of one) with `journal` in it, under `name`.
fn leave(g: &Path, staged: &str, name: &str, journal: &str) {
    std::fs::create_dir(g.join(".staging")).unwrap();
    std::fs::write(g.join(".staging/0"), staged).unwrap();
    std::fs::write(g.join(name), journal).unwrap();
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned() {
    let dir = scratch();
    let g = dir.path().join("generated");
    let checked_in = relative_snapshot(&common::root().join("generated"));
    // Killed while staging: no journal, so nothing was applied; the stage is discarded.
    leave(
        &g,
        "half a file",
        ".journal.tmp",
        "oqs-catalog journal 1\nwrite 0 c/oqs_",
    );
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("interrupted"), "{}", r.stdout);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: discarded what an interrupted build had staged"),
        "{}",
        r.stderr
    );
    assert!(relative_snapshot(&g) == checked_in);
    // A journal cut short was never committed: discarded too, nothing applied.
    leave(
        &g,
        "half a file",
        ".journal",
        "oqs-catalog journal 1\nwrite 0 c/oqs_messages.h\n",
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(relative_snapshot(&g) == checked_in);
    // A complete journal with a path out of generated/: refused, nothing renamed.
    let journal = "oqs-catalog journal 1\nwrite 0 ../input/names.yaml\nend 1\n";
    leave(&g, "evil", ".journal", journal);
    let names = std::fs::read(dir.path().join("input/names.yaml")).unwrap();
    common::assert_refused(
        dir.path(),
        &["build"],
        &["error: generated/.journal:2: `../input/names.yaml` is not a path of a file inside generated/"],
    );
    assert_eq!(
        std::fs::read(dir.path().join("input/names.yaml")).unwrap(),
        names
    );
}
