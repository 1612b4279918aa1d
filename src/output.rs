//! Writing the output: a staging folder next to the output, swapped into place only when
//! the whole build succeeded, and writes that can never leave the staging folder.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Diagnostic;

/// A temporary output folder beside the real one.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    done: bool,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A file every output folder carries, so a later build knows it may replace the folder.
pub const MARKER: &str = ".waymark-output";

impl Staging {
    /// Claims a staging folder next to `target`: the previous build's output when it was kept
    /// (`.NAME.waymark-prev`), so unchanged paths are overwritten in place instead of deleted
    /// and re-created, else a new empty folder.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let target = absolute(target)?;
        let parent = target
            .parent()
            .ok_or_else(|| other("the output folder has no parent folder"))?;
        let name = target
            .file_name()
            .ok_or_else(|| other("the output path has no folder name"))?;
        if target.is_dir()
            && (target.join("waymark.toml").exists() || target.join("content").is_dir())
        {
            return Err(other(
                "refusing to replace a folder that holds a site (waymark.toml or content/): choose another --output",
            ));
        }
        if target.exists() && !target.is_dir() {
            return Err(other("the output path exists and is not a folder"));
        }
        if target.is_dir()
            && !target.join(MARKER).exists()
            && std::fs::read_dir(&target)?.next().is_some()
        {
            return Err(other(&format!(
                "refusing to replace {}: it is not empty and was not written by waymark (it has no {MARKER} file); empty it or choose another --output",
                target.display()
            )));
        }
        std::fs::create_dir_all(parent)?;
        sweep_killed(parent, &name.to_string_lossy(), &target)?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = name.to_string_lossy();
        let dir = parent.join(format!(".{name}.waymark-tmp-{}-{n}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let prev = previous_dir(&target);
        let recycled = std::fs::symlink_metadata(&prev).is_ok_and(|m| m.is_dir())
            && std::fs::rename(&prev, &dir).is_ok();
        if !recycled {
            std::fs::create_dir(&dir)?;
        }
        Ok(Staging {
            target,
            dir,
            done: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes a recycled folder safe to write into: removes every file that is not in
    /// `expected` (output paths relative to the folder), every symlink and special file, and
    /// folders left empty.
    pub fn prepare(&self, expected: &HashSet<String>) -> io::Result<()> {
        let entries = walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
            .into_iter();
        for entry in entries {
            let entry = entry.map_err(io::Error::other)?;
            let ft = entry.file_type();
            if ft.is_dir() {
                // Fails when not empty, which is what we want.
                let _ = std::fs::remove_dir(entry.path());
                continue;
            }
            let keep = ft.is_file()
                && entry
                    .path()
                    .strip_prefix(&self.dir)
                    .ok()
                    .and_then(|p| p.to_str())
                    .is_some_and(|rel| expected.contains(rel));
            if !keep {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    /// Moves the staged output into place. The replaced output is kept beside it as the next
    /// build's staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::write(
            self.dir.join(MARKER),
            "Written by waymark. This folder is replaced on every build: do not keep files here.\n",
        )?;
        let parent = self.target.parent().expect("checked in new");
        let name = self
            .target
            .file_name()
            .expect("checked in new")
            .to_string_lossy()
            .into_owned();
        let old = parent.join(format!(".{name}.waymark-old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old && exchange(&self.dir, &self.target)? {
            // The staging path now holds the replaced output: keep it for the next build.
            self.done = true;
            let prev = previous_dir(&self.target);
            if std::fs::rename(&self.dir, &prev).is_err() {
                std::fs::remove_dir_all(&self.dir)?;
            }
            return Ok(());
        }
        if had_old {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.done = true;
        if had_old {
            let prev = previous_dir(&self.target);
            if std::fs::rename(&old, &prev).is_err() {
                std::fs::remove_dir_all(&old)?;
            }
        }
        Ok(())
    }

    /// Gives up: the real output is untouched. The staging folder is kept as the next build's
    /// (it is cleaned before use).
    pub fn abandon(mut self) {
        let prev = previous_dir(&self.target);
        if std::fs::symlink_metadata(&prev).is_err() && std::fs::rename(&self.dir, &prev).is_ok() {
            self.done = true;
            return;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        self.done = true;
    }
}

/// Swaps two folders in one step where the system can (Linux's `renameat2` with
/// `RENAME_EXCHANGE`), so a reader, a crash or a SIGKILL at any moment finds the old output
/// or the new one, never neither. `Ok(false)` where it cannot (other systems, file systems
/// without the flag): then the caller renames in two steps, and [`sweep_killed`] repairs a
/// build killed between them.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(true),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let _ = (a, b);
    Ok(false)
}

/// Cleans up after builds of `NAME` that were killed: their staging folders
/// (`.NAME.waymark-tmp-PID-N`) are removed, and a replaced output left between the two
/// renames of a commit (`.NAME.waymark-old-PID`, with no `NAME`) is put back. Only folders
/// of processes that are gone are touched (where that can be known: Linux's /proc).
fn sweep_killed(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
    let tmp = format!(".{name}.waymark-tmp-");
    let old = format!(".{name}.waymark-old-");
    for entry in std::fs::read_dir(parent)?.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let (rest, is_old) = match (file.strip_prefix(&tmp), file.strip_prefix(&old)) {
            (Some(rest), _) => (rest, false),
            (_, Some(rest)) => (rest, true),
            _ => continue,
        };
        let pid = rest.split('-').next().unwrap_or("");
        if !process_gone(pid) {
            continue;
        }
        if is_old && !target.exists() {
            std::fs::rename(entry.path(), target)?;
        } else {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// Whether process `pid` has ended (false when it cannot be known).
fn process_gone(pid: &str) -> bool {
    let ours = pid == std::process::id().to_string();
    !ours
        && pid.parse::<u32>().is_ok()
        && cfg!(target_os = "linux")
        && !Path::new("/proc").join(pid).exists()
}

/// Where the replaced output is kept for the next build: `.NAME.waymark-prev` beside it.
pub fn previous_dir(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.waymark-prev"))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn other(msg: &str) -> io::Error {
    io::Error::other(msg.to_string())
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// Checks that `rel` is a plain relative path (no `..`, no root, no drive).
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// `dir/rel` after checking `rel` stays inside `dir`, with its folders created.
fn target(dir: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    let rel_path = safe_relative(rel)
        .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))?;
    let path = dir.join(rel_path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(rel, format!("cannot create folder: {e}")))?;
    }
    Ok(path)
}

/// Writes `bytes` to `dir/rel`, creating folders.
pub fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = target(dir, rel)?;
    std::fs::write(&path, bytes)
        .or_else(|e| {
            // A folder where this build wants a file (a page became an alias file, say).
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
                std::fs::write(&path, bytes)
            } else {
                Err(e)
            }
        })
        .map_err(|e| Diagnostic::error(rel, format!("cannot write: {e}")))
}

/// Writes `bytes` to `dir/rel` through a temporary file and a rename, so a reader (the dev
/// server) never sees half a file.
pub fn write_atomic(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::Write as _;
    let path = target(dir, rel)?;
    let parent = path.parent().unwrap_or(dir);
    let cannot = |e: std::io::Error| Diagnostic::error(rel, format!("cannot write: {e}"));
    // A hidden name, so a half-written file is never served or swept up as output; the
    // permissions of any other output file (tempfile's default is owner-only).
    let mut builder = tempfile::Builder::new();
    builder.prefix(".waymark-write-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(parent).map_err(cannot)?;
    tmp.write_all(bytes).map_err(cannot)?;
    tmp.persist(&path).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// Copies `src` to `dir/rel`.
pub fn copy(dir: &Path, src: &Path, rel: &str) -> Result<(), Diagnostic> {
    let path = target(dir, rel)?;
    std::fs::copy(src, &path)
        .map(|_| ())
        .map_err(|e| Diagnostic::error(src, format!("cannot copy to {rel}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_killed_mid_swap_is_repaired_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        // Killed between the two renames of a commit: no output, the old one beside it.
        let old = tmp.path().join(".public.waymark-old-4000000");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        // Killed while staging.
        let staged = tmp.path().join(".public.waymark-tmp-4000001-0");
        std::fs::create_dir(&staged).unwrap();
        let staging = Staging::new(&target).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(
                std::fs::read_to_string(target.join("index.html")).unwrap(),
                "old"
            );
            assert!(!old.exists() && !staged.exists());
        }
        staging.abandon();
    }

    #[test]
    fn relative_paths_only() {
        assert!(safe_relative("a/b/index.html").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../x").is_none());
        assert!(safe_relative("").is_none());
    }

    #[test]
    fn commit_replaces_and_abandon_keeps() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();

        let s = Staging::new(&out).unwrap();
        write(s.dir(), "new.txt", b"new").unwrap();
        s.abandon();
        assert!(out.join("old.txt").exists());
        assert!(!out.join("new.txt").exists());

        let s = Staging::new(&out).unwrap();
        write(s.dir(), "new.txt", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("new.txt")).unwrap(), "new");
        // Only the output and the kept previous output are left.
        let mut names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".public.waymark-prev", "public"]);
        assert!(out.join(MARKER).exists());

        // The next build recycles it, keeps expected files, drops the rest and symlinks.
        std::os::unix::fs::symlink("/etc/passwd", previous_dir(&out).join("evil")).unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(s.dir().join("old.txt").exists());
        s.prepare(&HashSet::from(["keep/me.txt".to_string()]))
            .unwrap();
        assert!(!s.dir().join("old.txt").exists());
        assert!(std::fs::symlink_metadata(s.dir().join("evil")).is_err());
        write(s.dir(), "keep/me.txt", b"x").unwrap();
        s.commit().unwrap();
        assert!(out.join("keep/me.txt").exists());
        assert!(!out.join("old.txt").exists() && !out.join("new.txt").exists());
    }

    #[test]
    fn refuses_to_replace_a_folder_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), "precious").unwrap();
        let err = Staging::new(&out).err().unwrap().to_string();
        assert!(err.contains("not written by waymark"), "{err}");
        // An empty folder is fine, and once waymark wrote it, it may replace it.
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let s = Staging::new(&empty).unwrap();
        write(s.dir(), "a.txt", b"a").unwrap();
        s.commit().unwrap();
        assert!(Staging::new(&empty).is_ok());
    }

    #[test]
    fn refuses_to_replace_a_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("waymark.toml"), "").unwrap();
        assert!(Staging::new(tmp.path()).is_err());
    }
}
