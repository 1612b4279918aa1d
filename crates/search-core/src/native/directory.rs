//! [`ManifestDirectory`]: a read-only tantivy `Directory` over `entry.json` and a [`Store`], so
//! native tantivy can open the index exactly as it was published (the CLI, and the tests that
//! use tantivy as the reference for the browser reader).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

use crate::manifest::{Entry, Store, StoreFile};

#[derive(Clone)]
pub struct ManifestDirectory {
    entry: Arc<Entry>,
    store: Arc<dyn Store>,
}

impl fmt::Debug for ManifestDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ManifestDirectory")
    }
}

impl ManifestDirectory {
    pub fn new(entry: Arc<Entry>, store: Arc<dyn Store>) -> ManifestDirectory {
        ManifestDirectory { entry, store }
    }
    pub fn entry(&self) -> &Entry {
        &self.entry
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("the search index is read-only ({})", path.display()),
    )
}

impl Directory for ManifestDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let name = path.to_string_lossy();
        let file = self
            .entry
            .file_index(&name)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(StoreFile::new(
            self.store.clone(),
            file,
            self.entry.files[file].len as usize,
        )))
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        let name = path.to_string_lossy();
        Ok(name == "meta.json" || self.entry.file_index(&name).is_some())
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(path),
            path.to_path_buf(),
        ))
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if path == Path::new("meta.json") {
            return Ok(self.entry.meta.as_bytes().to_vec());
        }
        Err(OpenReadError::FileDoesNotExist(PathBuf::from(path)))
    }
    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }
    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }
    fn acquire_lock(
        &self,
        _lock: &Lock,
    ) -> Result<DirectoryLock, tantivy::directory::error::LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }
    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
