//! Writing the output: a staging folder next to the output, swapped into place only when
//! the whole build succeeded, and writes that can never leave the staging folder.

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

impl Staging {
    /// Creates `.NAME.waymark-tmp-PID-N` next to `target`.
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
        std::fs::create_dir_all(parent)?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = parent.join(format!(
            ".{}.waymark-tmp-{}-{n}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            target,
            dir,
            done: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Moves the staged output into place; the old output is removed afterwards.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.target.parent().expect("checked in new");
        let name = self
            .target
            .file_name()
            .expect("checked in new")
            .to_string_lossy()
            .into_owned();
        let old = parent.join(format!(".{name}.waymark-old-{}", std::process::id()));
        let had_old = self.target.exists();
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
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws the staged output away, leaving the real output untouched.
    pub fn abandon(mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        self.done = true;
    }
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

/// Writes `bytes` to `dir/rel`, creating folders.
pub fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let rel_path = safe_relative(rel)
        .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))?;
    let path = dir.join(rel_path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(rel, format!("cannot create folder: {e}")))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Diagnostic::error(rel, format!("cannot write: {e}")))
}

/// Copies `src` to `dir/rel`.
pub fn copy(dir: &Path, src: &Path, rel: &str) -> Result<(), Diagnostic> {
    let rel_path = safe_relative(rel)
        .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))?;
    let path = dir.join(rel_path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(rel, format!("cannot create folder: {e}")))?;
    }
    std::fs::copy(src, &path)
        .map(|_| ())
        .map_err(|e| Diagnostic::error(src, format!("cannot copy to {rel}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Nothing left behind beside the output.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn refuses_to_replace_a_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("waymark.toml"), "").unwrap();
        assert!(Staging::new(tmp.path()).is_err());
    }
}
