//! Building and updating the index: passages from each submission, replaced per submission when its
//! content hash changes, removed when the submission is gone. Each run ends in one commit, then the
//! manifest; an interrupted run leaves the previous commit and manifest in place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use tantivy::{doc, Term};

use super::{SearchError, SearchIndex};
use crate::document::model::{BlockKind, DocKind};
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
            .map(|o| crate::check::outline::section_ids(o, doc))
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

/// Content hash of a submission folder (every file's path and bytes, submission.toml included) or
/// archive (its bytes).
pub fn content_hash(dir: &Path) -> std::io::Result<String> {
    let mut h = Sha256::new();
    if crate::read::archive::is_archive(dir) {
        h.update(std::fs::read(dir)?);
        return Ok(format!("{:x}", h.finalize()));
    }
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
    dirs: &[PathBuf],
    profile: &Profile,
) -> Result<IndexReport, SearchError> {
    update_with(index_dir, dirs, profile, &[])
}

/// As [`update`], using submissions already loaded instead of reading them again.
pub fn update_with(
    index_dir: &Path,
    dirs: &[PathBuf],
    profile: &Profile,
    preloaded: &[Submission],
) -> Result<IndexReport, SearchError> {
    let updater = Updater::open(index_dir, dirs, profile)?;
    let changed: Vec<&PathBuf> = dirs.iter().filter(|d| updater.needs(d)).collect();
    changed
        .par_iter()
        .try_for_each(|d| match preloaded.iter().find(|s| &s.dir == *d) {
            Some(sub) => updater.add(sub),
            None => updater.add(&submission::load(d, profile.limits())?),
        })?;
    updater.finish()
}

/// An index update in progress, fed one submission at a time (from any thread) so a caller such as
/// `run` need not hold the whole corpus: open (hash the folders, learn which changed), `add` each
/// changed submission, `finish` (remove the gone, one commit, then the manifest).
pub struct Updater {
    si: SearchIndex,
    writer: tantivy::IndexWriter,
    dir: PathBuf,
    /// folder → (submission name, content hash), for every folder of the corpus
    hashed: Hashed,
    /// folders whose content differs from the manifest
    changed: std::collections::HashSet<PathBuf>,
    added: std::sync::Mutex<Vec<PathBuf>>,
    /// submission name → its files on disk, for the submissions added
    originals: std::sync::Mutex<BTreeMap<String, Vec<submission::Original>>>,
    passages: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicU64,
    rebuilt: bool,
    profile: Profile,
}

/// Folder → (submission name, content hash) for every folder of a corpus, hashed in parallel.
pub type Hashed = BTreeMap<PathBuf, (String, String)>;

pub fn hash_all(dirs: &[PathBuf]) -> std::io::Result<Hashed> {
    dirs.par_iter()
        .map(|d| {
            let name = submission::name_of(d);
            content_hash(d).map(|h| (d.clone(), (name, h)))
        })
        .collect()
}

impl Updater {
    pub fn open(
        index_dir: &Path,
        dirs: &[PathBuf],
        profile: &Profile,
    ) -> Result<Updater, SearchError> {
        Updater::open_hashed(index_dir, hash_all(dirs)?, profile)
    }

    /// Builds the segmenter in the background when there is something to index.
    fn warm_if_needed(&self) {
        if !self.changed.is_empty() {
            self.si.jieba.warm();
        }
    }

    /// As `open`, with the folders already hashed.
    pub fn open_hashed(
        index_dir: &Path,
        hashed: Hashed,
        profile: &Profile,
    ) -> Result<Updater, SearchError> {
        let (si, rebuilt) = SearchIndex::open_or_create(index_dir, profile)?;
        let writer = si
            .index
            .writer_with_num_threads(2, 100_000_000)
            .map_err(|e| terr(index_dir, e))?;
        if rebuilt {
            writer
                .delete_all_documents()
                .map_err(|e| terr(index_dir, e))?;
        }
        let changed = hashed
            .iter()
            .filter(|(_, (n, h))| si.manifest.submissions.get(n) != Some(h))
            .map(|(d, _)| d.clone())
            .collect();
        let updater = Updater {
            si,
            writer,
            dir: index_dir.to_owned(),
            hashed,
            changed,
            added: Default::default(),
            originals: Default::default(),
            passages: Default::default(),
            bytes: Default::default(),
            rebuilt,
            profile: profile.clone(),
        };
        updater.warm_if_needed();
        Ok(updater)
    }

    /// Whether the submission in `dir` must be (re)indexed.
    pub fn needs(&self, dir: &Path) -> bool {
        self.changed.contains(dir)
    }

    /// Replaces the passages of a changed submission (a no-op for an unchanged one).
    pub fn add(&self, sub: &Submission) -> Result<(), SearchError> {
        if !self.needs(&sub.dir) {
            return Ok(());
        }
        let f = self.si.fields;
        let name = self
            .hashed
            .get(&sub.dir)
            .map_or(sub.name.as_str(), |x| x.0.as_str());
        self.writer
            .delete_term(Term::from_field_text(f.submission, name));
        let role = sub.meta.role.map_or(String::new(), |r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        use std::sync::atomic::Ordering::Relaxed;
        for p in passages(sub, &self.profile) {
            self.bytes.fetch_add(p.text.len() as u64, Relaxed);
            self.passages.fetch_add(1, Relaxed);
            self.writer
                .add_document(doc!(
                    f.submission => name,
                    f.city => sub.meta.city.clone().unwrap_or_default(),
                    f.province => sub.meta.province.clone().unwrap_or_default(),
                    f.role => role.as_str(),
                    f.file => p.file.as_str(),
                    f.kind => p.kind.as_str(),
                    f.section => p.section.clone().unwrap_or_default(),
                    f.heading => p.heading.as_str(),
                    f.block => p.block as u64,
                    f.text => p.text.as_str(),
                    f.bigrams => p.text.as_str(),
                ))
                .map_err(|e| terr(&self.dir, e))?;
        }
        self.originals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_owned(), sub.originals());
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(sub.dir.clone());
        Ok(())
    }

    /// Removes submissions no longer in the corpus, commits once, then writes the manifest. Only
    /// submissions actually added get their new hash, so one that failed is retried next time.
    pub fn finish(mut self) -> Result<IndexReport, SearchError> {
        let f = self.si.fields;
        let added = std::mem::take(&mut *self.added.lock().unwrap_or_else(|e| e.into_inner()));
        let originals =
            std::mem::take(&mut *self.originals.lock().unwrap_or_else(|e| e.into_inner()));
        self.si.manifest.originals.extend(originals);
        self.si.manifest.sources = self
            .hashed
            .iter()
            .map(|(d, (n, _))| {
                (
                    n.clone(),
                    std::path::absolute(d).unwrap_or_else(|_| d.clone()),
                )
            })
            .collect();
        for d in &added {
            if let Some((name, hash)) = self.hashed.get(d) {
                self.si
                    .manifest
                    .submissions
                    .insert(name.clone(), hash.clone());
            }
        }
        let present: std::collections::HashSet<&str> =
            self.hashed.values().map(|(n, _)| n.as_str()).collect();
        let gone: Vec<String> = self
            .si
            .manifest
            .submissions
            .keys()
            .filter(|n| !present.contains(n.as_str()))
            .cloned()
            .collect();
        for name in &gone {
            self.writer
                .delete_term(Term::from_field_text(f.submission, name));
            self.si.manifest.submissions.remove(name);
            self.si.manifest.originals.remove(name);
        }
        self.writer.commit().map_err(|e| terr(&self.dir, e))?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| terr(&self.dir, e))?;
        self.si.manifest.write(&self.dir)?;
        Ok(IndexReport {
            submissions: self.hashed.len(),
            indexed: added.len(),
            unchanged: self.hashed.len() - self.changed.len(),
            removed: gone.len(),
            passages: self.passages.into_inner(),
            bytes: self.bytes.into_inner(),
            rebuilt: self.rebuilt,
        })
    }
}

fn terr(dir: &Path, source: tantivy::TantivyError) -> SearchError {
    SearchError::Tantivy {
        dir: dir.display().to_string(),
        source,
    }
}
