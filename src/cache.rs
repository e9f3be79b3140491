//! Where derived data is kept between runs — OCR results (`ocr/`) and the segmenter's compiled
//! dictionary (`segmenter/`) — each file named by a content hash of what it was derived from, so a
//! stale file is never read, only left unused. A cache that cannot be read or written costs only
//! time: callers fall back to computing. Files are the tool's own: replaced only by renaming a new
//! file over them; a file rewritten in place while a run maps it can end that run (the operating
//! system's bus error), which is why nothing but the tool should write there.

use std::path::{Path, PathBuf};

/// The cache folder for `kind` (e.g. `ocr`): `PILOT_REVIEW_CACHE`, else `$XDG_CACHE_HOME/pilot-review`,
/// else `$HOME/.cache/pilot-review`. Empty or relative settings are ignored (as the XDG spec says),
/// so the cache never lands in the current folder; with none of them set there is no cache (`None`)
/// rather than a shared folder under /tmp that another user could fill.
pub fn dir(kind: &str) -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = absolute("PILOT_REVIEW_CACHE")
        .or_else(|| absolute("XDG_CACHE_HOME").map(|d| d.join("pilot-review")))
        .or_else(|| absolute("HOME").map(|h| h.join(".cache/pilot-review")))?;
    Some(base.join(kind))
}

/// The bytes of a cached file, if it is a regular file of at most `max` bytes (a named pipe, a
/// device or a folder at the name is not read: it could block or never end).
pub fn read(path: &Path, max: u64) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    std::fs::read(path).ok()
}

/// Writes `bytes` to `path` whole or not at all (a temporary file beside it, renamed), so a reader
/// in another process never sees half a file; the temporary file is removed on any failure (a full
/// disk keeps nothing). Errors are the caller's to ignore.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Keeps the `keep` most recently written cache files of a folder (names ending in `.{ext}`) and
/// removes the rest, and any temporary file older than an hour (left by a process that was killed
/// while writing). Other files are never touched.
pub fn prune(dir: &Path, ext: &str, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Some(modified) = e.metadata().ok().and_then(|m| m.modified().ok()) else {
            continue;
        };
        let ours = |p: &Path| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
        };
        let tmp = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.starts_with("tmp") && x[3..].chars().all(|c| c.is_ascii_digit()));
        if ours(&path) && tmp {
            let stale = now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() > 3600);
            if stale {
                let _ = std::fs::remove_file(&path);
            }
        } else if ours(&path) && path.extension().is_some_and(|x| x == ext) {
            files.push((modified, path));
        }
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, p) in files.into_iter().skip(keep) {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_keeps_nothing_and_prune_touches_only_its_own_files() {
        let dir = tempfile::tempdir().expect("tmp");
        // A write that cannot finish (the target is a folder, so the rename fails) leaves no file.
        let target = dir.path().join("abcdef.bin");
        std::fs::create_dir_all(target.join("inside")).expect("mkdir");
        assert!(write(&target, b"data").is_err());
        let names = |d: &Path| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .expect("dir")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(dir.path()), vec!["abcdef.bin"]);
        // Six cache files, a reviewer's note and a stale temporary file: four newest kept.
        let d = dir.path().join("segmenter");
        std::fs::create_dir_all(&d).expect("mkdir");
        for i in 0..6 {
            write(&d.join(format!("{i:032x}.bin")), b"x").expect("write");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::write(d.join("note.txt"), "mine").expect("note");
        std::fs::write(d.join("0123.tmp42"), "stale").expect("tmp");
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(d.join("0123.tmp42"))
            .and_then(|f| f.set_modified(old))
            .expect("age");
        prune(&d, "bin", 4);
        let left = names(&d);
        assert_eq!(left.len(), 5, "{left:?}");
        assert!(left.contains(&"note.txt".to_string()));
        assert!(!left.contains(&format!("{:032x}.bin", 0)));
        assert!(!left.contains(&"0123.tmp42".to_string()));
        // Not a regular file: not read.
        assert!(read(&d, 1 << 20).is_none());
        assert!(read(&d.join("note.txt"), 2).is_none());
        assert_eq!(read(&d.join("note.txt"), 10), Some(b"mine".to_vec()));
    }
}
