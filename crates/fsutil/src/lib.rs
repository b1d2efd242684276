//! Files only their owner may read: the database's folder, identity keys, the trust list,
//! backups and exports.
//!
//! On Unix a private file is *created* with mode 0600 and a private folder with 0700 — never
//! created open and narrowed afterwards, which would leave a window in which another user could
//! open it. Elsewhere the platform's per-user folders already keep other users out.
//!
//! Invariant: every write here is atomic (a temporary file beside the target, fsync, rename),
//! so a crash leaves the old file or the new one, never half of one.
//!
//! Deliberately not here: anything about what the files hold; no other Tenken crate.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Create `dir` and its missing parents; on Unix the folders created get mode 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Create a new file (failing if it exists) that only its owner can read and write.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Write `bytes` to `path` atomically, as a private file (0600 on Unix).
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut f = create_private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Make a rename in `dir` durable (Unix); a no-op elsewhere.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    let _ = dir;
    Ok(())
}
