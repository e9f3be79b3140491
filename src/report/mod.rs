//! Reports for reviewers, written from the reviews: checks.jsonl (the check contract), one HTML page
//! per submission, index.html with the coverage matrix and a chart of flags, and review.xlsx for
//! scoring. Printers only: nothing here decides a finding.

pub mod digest;
pub mod html;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::check::review::Review;
use crate::profile::Profile;
use crate::submission::Submission;

/// A file name for a submission's page: its folder name with path separators replaced.
pub fn page_name(submission: &str) -> String {
    let safe: String = submission
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{safe}.html")
}

/// Writes every report into `out`; returns the files written.
/// Writes `path` whole or not at all (a temp file beside it, then a rename), so a reader — `serve`,
/// a browser — never sees half a report and an interrupted run leaves the previous one intact.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    with_temp(path, |tmp| std::fs::write(tmp, bytes.as_ref()))
}

/// Lets `write` produce the file under a temp name, then renames it to `path`.
pub fn with_temp<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    write(&tmp)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// The corpus-wide files `write_corpus` writes.
pub const CORPUS_FILES: [&str; 6] = [
    "checks.jsonl",
    "index.html",
    "review.xlsx",
    "experiences.json",
    "experiences.html",
    "experiences.xlsx",
];

/// The reviews of the last run, read back from `checks.jsonl` in `out` (for `serve` and for an
/// unchanged re-run). Errors: the file is missing or a line is not a review.
pub fn read_reviews(out: &Path) -> anyhow::Result<Vec<Review>> {
    let path = out.join("checks.jsonl");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Writes review.xlsx alone (decisions changed, the reviews did not); returns its path.
pub fn write_review_xlsx(
    out: &Path,
    reviews: &[Review],
    profile: &Profile,
    decisions: &crate::decisions::Overlay,
) -> anyhow::Result<PathBuf> {
    let p = out.join("review.xlsx");
    with_temp(&p, |tmp| {
        xlsx::write(tmp, reviews, profile, decisions, None)
    })?;
    Ok(p)
}

/// Writes one submission's page; returns its path.
pub fn write_page(
    out: &Path,
    sub: &Submission,
    review: &Review,
    profile: &Profile,
) -> std::io::Result<PathBuf> {
    let p = out.join(page_name(&review.submission));
    write_atomic(&p, html::submission_page(sub, review, profile))?;
    Ok(p)
}

/// Writes the corpus-wide reports (everything but the submission pages); returns the files written.
pub fn write_corpus(
    out: &Path,
    reviews: &[Review],
    themes: &crate::mining::experiences::Digest,
    profile: &Profile,
    decisions: &crate::decisions::Overlay,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    let mut jsonl = String::new();
    for r in reviews {
        jsonl.push_str(&serde_json::to_string(r)?);
        jsonl.push('\n');
    }
    let p = out.join("checks.jsonl");
    write_atomic(&p, jsonl)?;
    written.push(p);
    let p = out.join("index.html");
    write_atomic(&p, html::index_page(reviews, profile))?;
    written.push(p);
    written.push(write_review_xlsx(out, reviews, profile, decisions)?);
    let p = out.join("experiences.json");
    write_atomic(&p, serde_json::to_vec_pretty(themes)?)?;
    written.push(p);
    let p = out.join("experiences.html");
    write_atomic(&p, digest::html(themes))?;
    written.push(p);
    let p = out.join("experiences.xlsx");
    with_temp(&p, |tmp| digest::xlsx(tmp, themes))?;
    written.push(p);
    Ok(written)
}
