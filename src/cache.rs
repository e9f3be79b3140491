//! Where derived data is kept between runs — OCR results (`ocr/`) and the segmenter's compiled
//! dictionary (`segmenter/`) — each file named by a content hash of what it was derived from, so a
//! stale file is never read, only left unused. A cache that cannot be read or written costs only
//! time: callers fall back to computing.

use std::path::{Path, PathBuf};

/// `PILOT_REVIEW_CACHE`, else `$XDG_CACHE_HOME/pilot-review`, else `~/.cache/pilot-review`, else
/// the system temp folder; `kind` (e.g. `ocr`) inside.
pub fn dir(kind: &str) -> PathBuf {
    let base = std::env::var_os("PILOT_REVIEW_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("pilot-review"))
        })
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/pilot-review")))
        .unwrap_or_else(|| std::env::temp_dir().join("pilot-review"));
    base.join(kind)
}

/// Writes `bytes` to `path` whole or not at all (a temporary file beside it, renamed), so a reader
/// in another process never sees half a file. Errors are the caller's to ignore.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Keeps the `keep` most recently written files of a cache folder and removes the rest (a profile
/// edited many times leaves one compiled dictionary per version).
pub fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, p) in files.into_iter().skip(keep) {
        let _ = std::fs::remove_file(p);
    }
}
