//! Building and updating the index: passages from each submission, replaced per submission when its
//! content hash changes, removed when the submission is gone. Each run ends in one commit, then the
//! manifest; an interrupted run leaves the previous commit and manifest in place.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use tantivy::{doc, Term};

use super::{SearchError, SearchIndex};
use crate::model::{BlockKind, DocKind};
use crate::profile::Profile;
use crate::submission::{self, Submission};

/// One search document.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub file: String,
    pub block: usize,
    pub kind: DocKind,
    pub section: Option<String>,
    pub heading: String,
    pub text: String,
}

/// The passages of a submission: headings, paragraphs and list items, and table rows (cells joined).
pub fn passages(sub: &Submission, profile: &Profile) -> Vec<Passage> {
    let mut out = Vec::new();
    for doc in &sub.documents {
        let ids = profile
            .outlines
            .iter()
            .find(|o| o.spec.document_kind == doc.kind)
            .map(|o| crate::outline::section_ids(o, doc))
            .unwrap_or_else(|| vec![None; doc.blocks.len()]);
        let mut rows: BTreeMap<(usize, usize), (usize, Vec<&str>)> = BTreeMap::new();
        for b in &doc.blocks {
            if b.text.trim().is_empty() {
                continue;
            }
            match (b.kind, b.table) {
                (BlockKind::TableCell, Some(t)) => rows
                    .entry((t.table, t.row))
                    .or_insert((b.index, Vec::new()))
                    .1
                    .push(&b.text),
                _ => out.push(Passage {
                    file: doc.path.clone(),
                    block: b.index,
                    kind: doc.kind,
                    section: ids[b.index].clone(),
                    heading: b.section.join(" > "),
                    text: b.text.clone(),
                }),
            }
        }
        for (_, (first, cells)) in rows {
            out.push(Passage {
                file: doc.path.clone(),
                block: first,
                kind: doc.kind,
                section: ids[first].clone(),
                heading: doc.blocks[first].section.join(" > "),
                text: cells.join(" | "),
            });
        }
    }
    out.sort_by(|a, b| (a.file.as_str(), a.block).cmp(&(b.file.as_str(), b.block)));
    out
}

/// Content hash of a submission folder: every file's path and bytes, submission.toml included.
pub fn content_hash(dir: &Path) -> std::io::Result<String> {
    let mut h = Sha256::new();
    let mut files = submission::submission_files(dir)?;
    let toml = dir.join("submission.toml");
    if toml.exists() {
        files.push(toml);
    }
    for f in files {
        h.update(
            f.strip_prefix(dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        h.update([0]);
        h.update(std::fs::read(&f)?);
        h.update([0]);
    }
    Ok(format!("{:x}", h.finalize()))
}

/// What an indexing run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct IndexReport {
    pub submissions: usize,
    pub indexed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub passages: usize,
    pub bytes: u64,
    pub rebuilt: bool,
}

/// Brings the index in `index_dir` up to date with the submission folders `dirs`.
pub fn update(
    index_dir: &Path,
    dirs: &[std::path::PathBuf],
    profile: &Profile,
) -> Result<IndexReport, SearchError> {
    update_with(index_dir, dirs, profile, &[])
}

/// As [`update`], using submissions already loaded (by `run`) instead of reading them again.
pub fn update_with(
    index_dir: &Path,
    dirs: &[std::path::PathBuf],
    profile: &Profile,
    preloaded: &[Submission],
) -> Result<IndexReport, SearchError> {
    let (mut si, rebuilt) = SearchIndex::open_or_create(index_dir, profile)?;
    let shown = index_dir.display().to_string();
    let terr = |source| SearchError::Tantivy {
        dir: shown.clone(),
        source,
    };
    let mut writer = si
        .index
        .writer_with_num_threads(2, 100_000_000)
        .map_err(terr)?;
    let f = si.fields;
    if rebuilt {
        writer.delete_all_documents().map_err(terr)?;
    }
    let mut report = IndexReport {
        rebuilt,
        submissions: dirs.len(),
        ..Default::default()
    };
    // Hash every folder; extract only the changed ones.
    let hashed: Vec<(String, &std::path::PathBuf, String)> = dirs
        .par_iter()
        .map(|d| {
            let name = d.file_name().map_or_else(
                || d.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            content_hash(d).map(|h| (name, d, h))
        })
        .collect::<std::io::Result<_>>()?;
    let changed: Vec<&(String, &std::path::PathBuf, String)> = hashed
        .iter()
        .filter(|(n, _, h)| si.manifest.submissions.get(n) != Some(h))
        .collect();
    report.unchanged = hashed.len() - changed.len();
    let fresh: Vec<Submission> = changed
        .par_iter()
        .filter(|(_, d, _)| !preloaded.iter().any(|s| &s.dir == *d))
        .map(|(_, d, _)| submission::load(d, crate::limits::Limits::default()))
        .collect::<std::io::Result<_>>()?;
    let by_dir = |d: &std::path::PathBuf| {
        preloaded
            .iter()
            .chain(fresh.iter())
            .find(|s| &s.dir == d)
            .expect("every changed folder was loaded")
    };
    for (name, dir, hash) in &changed {
        let sub = by_dir(dir);
        writer.delete_term(Term::from_field_text(f.submission, name));
        let role = sub.meta.role.map_or(String::new(), |r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        for p in passages(sub, profile) {
            report.bytes += p.text.len() as u64;
            report.passages += 1;
            writer
                .add_document(doc!(
                    f.submission => name.as_str(),
                    f.city => sub.meta.city.clone().unwrap_or_default(),
                    f.province => sub.meta.province.clone().unwrap_or_default(),
                    f.role => role.as_str(),
                    f.file => p.file.as_str(),
                    f.kind => p.kind.as_str(),
                    f.section => p.section.clone().unwrap_or_default(),
                    f.heading => p.heading.as_str(),
                    f.block => p.block as u64,
                    f.text => p.text.as_str(),
                    f.chars => p.text.as_str(),
                ))
                .map_err(terr)?;
        }
        si.manifest.submissions.insert(name.clone(), hash.clone());
        report.indexed += 1;
    }
    let present: std::collections::HashSet<&str> =
        hashed.iter().map(|(n, _, _)| n.as_str()).collect();
    let gone: Vec<String> = si
        .manifest
        .submissions
        .keys()
        .filter(|n| !present.contains(n.as_str()))
        .cloned()
        .collect();
    for name in gone {
        writer.delete_term(Term::from_field_text(f.submission, &name));
        si.manifest.submissions.remove(&name);
        report.removed += 1;
    }
    writer.commit().map_err(terr)?;
    writer.wait_merging_threads().map_err(terr)?;
    si.manifest.write(index_dir)?;
    Ok(report)
}
