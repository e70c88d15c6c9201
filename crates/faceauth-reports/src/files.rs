//! Report files: their paths checked before anything runs, and every report written whole or not
//! at all.
//!
//! ```
//! use faceauth_reports::Outputs;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let outputs = Outputs {
//!     junit: Some(dir.path().join("junit.xml")),
//!     markdown: Some(dir.path().join("summary.md")),
//!     ..Outputs::default()
//! };
//! outputs.check(&[]).unwrap();
//! outputs.write(|kind| Ok(format!("the {kind:?} report").into_bytes())).unwrap();
//! assert_eq!(std::fs::read_to_string(dir.path().join("summary.md")).unwrap(), "the Markdown report");
//! ```

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held for the whole of [`Outputs::write`]: a signal handler that takes it (through
/// [`finish_writes`]) before exiting waits for a write in progress to end, and every staged file
/// is by then either renamed over its report or removed.
static WRITING: Mutex<()> = Mutex::new(());

/// Waits until no report is being written, and keeps any new write from starting while the guard
/// lives.
///
/// A process that is told to stop (SIGINT, SIGTERM) takes this before it exits, so that an
/// interrupted run never leaves a `.faceauth-report-*.tmp` file or a half-renamed set of reports:
/// a write in progress ends first (whole, or removed on failure), and none begins after.
///
/// ```
/// let guard = faceauth_reports::files::finish_writes();
/// // ... remove what else must go, then std::process::exit(130) ...
/// drop(guard);
/// ```
pub fn finish_writes() -> MutexGuard<'static, ()> {
    // A write that panicked left nothing staged (its temporary files were dropped).
    WRITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One of the reports a run can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// JUnit XML (`--junit`).
    Junit,
    /// SARIF 2.1.0 (`--sarif`).
    Sarif,
    /// Markdown (`--markdown`).
    Markdown,
}

impl ReportKind {
    /// The command-line option that names it (`--junit`).
    pub fn flag(self) -> &'static str {
        match self {
            Self::Junit => "--junit",
            Self::Sarif => "--sarif",
            Self::Markdown => "--markdown",
        }
    }
}

/// Why a report path cannot be used, or a report not written. `Display` is one line naming the
/// option and the path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The path is a directory, or ends like one.
    #[error("{flag} {path}: a directory, not a file path", path = .path.display())]
    Directory {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// The path's folder does not exist.
    #[error("{flag} {path}: its folder {folder} does not exist", path = .path.display(), folder = .folder.display())]
    NoFolder {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The path names something other than a regular file (a device, a socket).
    #[error("{flag} {path}: not a regular file", path = .path.display())]
    NotRegular {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// The path is a symbolic link: writing through it would overwrite whatever it points at.
    #[error("{flag} {path}: a symbolic link; name the file itself", path = .path.display())]
    SymbolicLink {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// The path is one of the run's inputs, which the report would overwrite.
    #[error("{flag} {path}: the same file as the input {input}, which the report would overwrite", path = .path.display(), input = .input.display())]
    SameAsInput {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
        /// The input it names.
        input: PathBuf,
    },
    /// Two reports name the same file.
    #[error("{flag} {path}: the same file as {other}", path = .path.display())]
    SameAsReport {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
        /// The other option.
        other: &'static str,
    },
    /// The folder does not take a new file.
    #[error("{flag} {path}: cannot create a file in {folder}: {source}", path = .path.display(), folder = .folder.display())]
    NotWritable {
        /// The option.
        flag: &'static str,
        /// The path given.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A report could not be written; no report of the run was replaced.
    #[error("cannot write {path}: {source}", path = .path.display())]
    Write {
        /// The report's path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A report could not be made (the run's own error, passed through).
    #[error("{0}")]
    Render(String),
}

/// Where to write the reports; `None` for a report not asked for.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// The JUnit XML file.
    pub junit: Option<PathBuf>,
    /// The SARIF file.
    pub sarif: Option<PathBuf>,
    /// The Markdown file.
    pub markdown: Option<PathBuf>,
}

impl Outputs {
    /// Whether any report is asked for.
    pub fn any(&self) -> bool {
        self.named().next().is_some()
    }

    fn named(&self) -> impl Iterator<Item = (ReportKind, &PathBuf)> {
        [
            (ReportKind::Junit, &self.junit),
            (ReportKind::Sarif, &self.sarif),
            (ReportKind::Markdown, &self.markdown),
        ]
        .into_iter()
        .filter_map(|(kind, path)| Some((kind, path.as_ref()?)))
    }

    /// Checks, before anything is run, sent or read, that each report can be written where it
    /// is asked: a file path (not a directory, a device or a symbolic link) in a folder that
    /// exists and takes a new file, no two reports the same file, and none of them one of
    /// `inputs` (a spec, the traffic file, the accept file), which a report would overwrite.
    pub fn check(&self, inputs: &[&Path]) -> Result<(), ReportError> {
        // The trial file below is a staged file too, for an interrupt.
        let _writing = finish_writes();
        let named: Vec<(ReportKind, &PathBuf)> = self.named().collect();
        for (i, (kind, path)) in named.iter().enumerate() {
            let flag = kind.flag();
            let given = || path.to_path_buf();
            let ends_in_separator = path
                .as_os_str()
                .to_string_lossy()
                .ends_with(std::path::MAIN_SEPARATOR);
            if path.as_os_str().is_empty() || path.is_dir() || ends_in_separator {
                return Err(ReportError::Directory {
                    flag,
                    path: given(),
                });
            }
            let folder = folder(path);
            if !folder.is_dir() {
                return Err(ReportError::NoFolder {
                    flag,
                    path: given(),
                    folder: folder.to_path_buf(),
                });
            }
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(ReportError::SymbolicLink {
                    flag,
                    path: given(),
                });
            }
            if path.exists() && !path.is_file() {
                return Err(ReportError::NotRegular {
                    flag,
                    path: given(),
                });
            }
            if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
                return Err(ReportError::SameAsInput {
                    flag,
                    path: given(),
                    input: input.to_path_buf(),
                });
            }
            if let Some((other, _)) = named[..i].iter().find(|(_, p)| same_file(path, p)) {
                return Err(ReportError::SameAsReport {
                    flag,
                    path: given(),
                    other: other.flag(),
                });
            }
            // The report is written as a new file beside it, then renamed: try that now.
            tempfile::Builder::new()
                .prefix(".faceauth-check-")
                .tempfile_in(folder)
                .map_err(|source| ReportError::NotWritable {
                    flag,
                    path: given(),
                    folder: folder.to_path_buf(),
                    source,
                })?;
        }
        Ok(())
    }

    /// Writes each report asked for, with the bytes `render` makes for its kind, atomically: each
    /// into a temporary file in its folder, renamed over the report only once every report is
    /// complete. A run that fails here leaves each report as it was (absent, or the previous
    /// run's), never a part of one, and leaves no temporary file behind.
    pub fn write(
        &self,
        mut render: impl FnMut(ReportKind) -> Result<Vec<u8>, ReportError>,
    ) -> Result<(), ReportError> {
        // Held from the first rendering on: a signal waits for every report to end whole.
        let _writing = finish_writes();
        let mut staged = Vec::new();
        for (kind, path) in self.named() {
            staged.push((stage(path, &render(kind)?)?, path));
        }
        persist_all(staged)
    }
}

/// Writes each `(path, bytes)` as reports are written: every file staged beside its path first,
/// then all renamed over their paths, so that a failure leaves each as it was and no temporary
/// file behind (the proposals of `faceauth drift --propose`).
///
/// ```
/// let dir = std::env::temp_dir().join("faceauth-write-whole-doctest");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.yaml");
/// faceauth_reports::files::write_whole(&[(path.clone(), b"a: 1\n".to_vec())]).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"a: 1\n");
/// ```
pub fn write_whole(files: &[(PathBuf, Vec<u8>)]) -> Result<(), ReportError> {
    let _writing = finish_writes();
    let mut staged = Vec::new();
    for (path, bytes) in files {
        staged.push((stage(path, bytes)?, path));
    }
    persist_all(staged)
}

/// Renames each staged file over its path, once all are staged.
fn persist_all(staged: Vec<(tempfile::NamedTempFile, &PathBuf)>) -> Result<(), ReportError> {
    for (file, path) in staged {
        file.persist(path).map_err(|e| ReportError::Write {
            path: path.clone(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// The text in a temporary file beside `path` (removed when dropped unless persisted).
fn stage(path: &Path, text: &[u8]) -> Result<tempfile::NamedTempFile, ReportError> {
    use std::io::Write as _;
    let cannot = |source: std::io::Error| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = tempfile::Builder::new()
        .prefix(".faceauth-report-")
        .suffix(".tmp")
        .tempfile_in(folder(path))
        .map_err(cannot)?;
    file.write_all(text).map_err(cannot)?;
    file.as_file().sync_all().map_err(cannot)?;
    // A temporary file is private (0600); a report is read by whatever uploads it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(cannot)?;
    }
    Ok(file)
}

/// The folder a path names a file in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether two paths name one file: the same file on disk (hard and symbolic links included),
/// or, for a file not yet there, the same name in the same folder.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(full) = p.canonicalize() {
            return Some(full);
        }
        Some(folder(p).canonicalize().ok()?.join(p.file_name()?))
    };
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// The files of a folder, by name.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// What a signal handler does before it exits: `finish_writes` waits for a write in progress
    /// (here held inside its second report's rendering, the first already staged) and returns
    /// only once both reports are whole and no temporary file is left.
    #[test]
    fn finish_writes_waits_for_a_write_in_progress_to_end_whole() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = Outputs {
            junit: Some(dir.path().join("junit.xml")),
            markdown: Some(dir.path().join("summary.md")),
            ..Outputs::default()
        };
        let (rendering, rendered) = mpsc::channel::<()>();
        let (go_on, held) = mpsc::channel::<()>();
        let writer = std::thread::spawn(move || {
            outputs.write(|kind| {
                if kind == ReportKind::Markdown {
                    rendering.send(()).unwrap();
                    held.recv().unwrap();
                }
                Ok(format!("{kind:?}").into_bytes())
            })
        });
        rendered.recv().unwrap();
        // One report staged, none renamed yet.
        let staged = names(dir.path());
        assert_eq!(staged.len(), 1, "{staged:?}");
        assert!(staged[0].starts_with(".faceauth-report-"), "{staged:?}");

        let (finished, waited) = mpsc::channel();
        let handler = std::thread::spawn(move || {
            let _guard = finish_writes();
            finished.send(()).unwrap();
        });
        assert!(
            waited.recv_timeout(Duration::from_millis(300)).is_err(),
            "finish_writes returned while a write was in progress"
        );
        go_on.send(()).unwrap();
        waited.recv().unwrap();
        handler.join().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(names(dir.path()), ["junit.xml", "summary.md"]);
    }
}
