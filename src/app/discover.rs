//! Where the project is, when `--root` does not say: the working directory or the first folder
//! above it that holds `input/` or `generated/catalog/`, as git finds its repository (DESIGN
//! §6). Input: the working directory; output: the root to open. It does not check that the
//! folder is a complete project: the commands report what they miss, naming the file.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// What marks a folder as the project's root: either is enough (a fresh project has only
/// `input/`; a checkout used for `lookup` may have only `generated/`).
const MARKERS: [&str; 2] = ["input", "generated/catalog"];

/// The first of `start` and its ancestors that holds one of [`MARKERS`] as a folder.
pub fn find_from(start: &Path) -> Option<&Path> {
    start
        .ancestors()
        .find(|dir| MARKERS.iter().any(|m| dir.join(m).is_dir()))
}

/// The project root: `given` (`--root`) as it is, else the one found from the working
/// directory: `.` when that is the root itself (so messages name paths as before), else the
/// ancestor's absolute path. When none is found, a command that needs the project (`required`)
/// fails and points to `--root`; one that works on the files it is given uses `.` (a project
/// without `input/errata.yaml` and `input/names.yaml`).
pub fn root(given: Option<PathBuf>, required: bool) -> Result<PathBuf, Error> {
    if let Some(given) = given {
        return Ok(given);
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    match find_from(&cwd) {
        Some(found) if found == cwd => Ok(PathBuf::from(".")),
        Some(found) => Ok(found.to_path_buf()),
        None if required => Err(Error::Usage(format!(
            "no oqs-catalog project in {} or any folder above it (a project holds input/ or \
             generated/catalog/); run this inside one, or name it with --root DIR",
            cwd.display()
        ))),
        None => Ok(PathBuf::from(".")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_marked_ancestor_is_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let top = dir.path();
        let deep = top.join("a/b/c");
        std::fs::create_dir_all(&deep).expect("mkdir");
        // A marked ancestor above the temporary folder would be found first: that is a
        // machine this test cannot judge, so it says so instead of passing by accident.
        assert_eq!(find_from(&deep), None, "a project above {}", top.display());
        std::fs::create_dir_all(top.join("generated/catalog")).expect("mkdir");
        assert_eq!(find_from(&deep), Some(top));
        std::fs::create_dir_all(top.join("a/input")).expect("mkdir");
        assert_eq!(find_from(&deep), Some(top.join("a").as_path()));
        // A file named like a marker does not count.
        std::fs::write(top.join("a/b/input"), "").expect("write");
        assert_eq!(find_from(&deep), Some(top.join("a").as_path()));
        // `generated/` alone (without catalog/) does not count either.
        std::fs::create_dir_all(top.join("a/b/c/generated")).expect("mkdir");
        assert_eq!(find_from(&deep), Some(top.join("a").as_path()));
    }
}
