//! Reading an input file's bytes: only a regular file is read, never more than a stated
//! number of bytes, and never in a way that blocks (DESIGN §7).
//!
//! Input: a path and a size limit. Output: the bytes, or why they were not read. A FIFO named
//! as input would block the reader forever, and a device such as `/dev/zero` would be read
//! without end; both are refused from the file's type before any byte is read. The file is
//! opened without blocking (`O_NONBLOCK`, POSIX `open(2)`: a FIFO opened that way returns at
//! once) and its type is checked again on the opened handle, so a file swapped for a FIFO
//! between the two checks is refused too. It gives the bytes no meaning.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum FileError {
    NotFound,
    IsDirectory,
    /// A FIFO, socket, device …: what it is, as "a FIFO".
    NotRegular(&'static str),
    /// Larger than the limit; the size seen (at least `limit + 1`).
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> FileError {
        match e.kind() {
            std::io::ErrorKind::NotFound => FileError::NotFound,
            _ => FileError::Io(e),
        }
    }
}

/// The bytes of the regular file at `path` (a symbolic link to one is followed: input folders
/// may link to downloads), at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    check_regular(&std::fs::metadata(path)?)?;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    check_regular(&meta)?;
    if meta.len() > limit {
        return Err(FileError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: read one byte past the limit to notice.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(FileError::TooLarge { size, limit });
    }
    Ok(bytes)
}

/// [`read_regular`] of a UTF-8 text file; text that is not UTF-8 is an I/O error of kind
/// `InvalidData`, as `std::fs::read_to_string` gives.
pub fn read_regular_text(path: &Path, limit: u64) -> Result<String, FileError> {
    let bytes = read_regular(path, limit)?;
    String::from_utf8(bytes).map_err(|_| {
        FileError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

fn check_regular(meta: &Metadata) -> Result<(), FileError> {
    if meta.is_dir() {
        return Err(FileError::IsDirectory);
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular(kind(meta)));
    }
    Ok(())
}

/// What a file that is neither a regular file nor a folder is, for messages.
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        return "a symbolic link";
    }
    if t.is_dir() {
        return "a folder";
    }
    if t.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking_and_a_device_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("catalog.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.expect("mkfifo (coreutils) runs").success());
        assert!(matches!(
            read_regular(&fifo, 1 << 20),
            Err(FileError::NotRegular("a FIFO"))
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 1 << 20),
            Err(FileError::NotRegular("a character device"))
        ));
        assert!(matches!(
            read_regular(dir.path(), 1 << 20),
            Err(FileError::IsDirectory)
        ));
    }

    #[test]
    fn the_limit_is_a_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("names.yaml");
        std::fs::write(&path, vec![b'a'; 101]).unwrap();
        assert!(matches!(
            read_regular(&path, 100),
            Err(FileError::TooLarge {
                size: 101,
                limit: 100
            })
        ));
        assert_eq!(read_regular(&path, 101).unwrap().len(), 101);
    }
}
