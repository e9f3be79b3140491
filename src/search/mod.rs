//! Full-text search across all reports, built for Chinese: one search document per passage
//! (paragraph, heading or table row) with its submission, city, province, role, document kind,
//! outline section and heading path; jieba words in search mode plus single characters for exact
//! sequences; incremental updates keyed by content hashes.

pub mod batch;
pub mod browse;
pub mod indexer;
pub mod query;
pub mod tokenizer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::Index;

/// The fields of a passage document.
#[derive(Clone, Copy)]
pub struct Fields {
    pub submission: Field,
    pub city: Field,
    pub province: Field,
    pub role: Field,
    pub file: Field,
    pub kind: Field,
    pub section: Field,
    pub heading: Field,
    pub block: Field,
    pub text: Field,
    /// Every pair of neighbouring non-whitespace characters, normalised, and a closing pair after the
    /// last ([`tokenizer::BigramTokenizer`]), with positions: a sequence of two or more characters by
    /// phrase query (half as many terms as characters, each far rarer than a character), one
    /// character as the pairs it begins.
    pub bigrams: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let keyword = STRING | STORED;
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("zh")
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("zh_bigrams")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        submission: b.add_text_field("submission", keyword.clone()),
        city: b.add_text_field("city", keyword.clone()),
        province: b.add_text_field("province", keyword.clone()),
        role: b.add_text_field("role", keyword.clone()),
        file: b.add_text_field("file", keyword.clone()),
        kind: b.add_text_field("kind", keyword.clone()),
        section: b.add_text_field("section", keyword),
        heading: b.add_text_field("heading", STORED),
        block: b.add_u64_field("block", STORED),
        text: b.add_text_field("text", words),
        bigrams: b.add_text_field("bigrams", bigrams),
    };
    (b.build(), fields)
}

/// What the index folder records beside tantivy's files: the profile it was built with, its
/// dictionary (queries must be cut the same way) and a content hash per submission.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub profile: String,
    pub dictionary: Vec<String>,
    /// submission folder name -> content hash of its files
    pub submissions: std::collections::BTreeMap<String, String>,
    /// submission name → its folder or archive on disk (absolute), as of the last run
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, std::path::PathBuf>,
    /// submission name → its files (documents read or not), relative to its entry in `sources`
    #[serde(default)]
    pub originals: std::collections::BTreeMap<String, Vec<crate::submission::Original>>,
}

pub const MANIFEST: &str = "pilot-review-manifest.json";
/// 2: every non-whitespace character indexed (symbols and points too), NFKC single-char folding.
/// 3: character bigrams with positions for sequences; single characters without positions.
/// 4: the files on disk behind each document (`originals`); archive submissions named without `.zip`.
/// 5: words without positions (only ranked by, never matched as a phrase: no query reads them).
/// 6: no character field; every character begins a pair on the bigram field (a closing pair after the
///    last), one-character queries read the pairs it begins.
const VERSION: u32 = 6;

impl Manifest {
    /// Whether the index was built with this version's layout ([`VERSION`]); one that was not is
    /// refused by `SearchIndex::open` and rebuilt by the next update.
    pub fn is_current(&self) -> bool {
        self.version == VERSION
    }

    /// The submission and file behind an id of `submission::original_id`.
    /// Returns the submission name, the file's record and the file on disk.
    pub fn original(
        &self,
        id: &str,
    ) -> Option<(&str, &crate::submission::Original, std::path::PathBuf)> {
        self.originals.iter().find_map(|(s, files)| {
            let o = files
                .iter()
                .find(|o| crate::submission::original_id(s, &o.document) == id)?;
            let path = o.path_in(self.sources.get(s)?)?;
            Some((s.as_str(), o, path))
        })
    }

    pub fn read(dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Written beside the index after a commit, atomically (temp file, then rename).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(tmp, dir.join(MANIFEST))
    }
}

/// An opened index with its analyzers registered.
pub struct SearchIndex {
    pub index: Index,
    pub fields: Fields,
    pub jieba: Arc<tokenizer::Segmenter>,
    pub manifest: Manifest,
    /// Kept open for searching: opening a reader costs more than a query.
    pub reader: Option<tantivy::IndexReader>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{0} 中没有可用的检索索引（清单文件缺失或无法读取），请先运行 `pilot-review index` 建立（no search index）")]
    Missing(String),
    /// An index built by an earlier version of the tool, whose fields differ from this version's:
    /// searching it would look in the wrong fields, so it is refused until rebuilt.
    #[error("{0} 中的检索索引由本工具的其他版本建立，结构不同，请重新运行 `pilot-review index`（或 run）重建（index of another layout）")]
    Outdated(String),
    #[error("search index in {dir}: {source}")]
    Tantivy {
        dir: String,
        source: tantivy::TantivyError,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A filter value the index does not hold: the filter, the value, and the values it does hold.
    #[error("筛选条件 {filter}=“{value}” 在索引中不存在；可用的值：{}", valid.join("、"))]
    UnknownFilter {
        filter: &'static str,
        value: String,
        valid: Vec<String>,
    },
}

/// A tantivy failure not tied to one index folder (searching an open index).
pub(crate) fn tantivy_error(source: tantivy::TantivyError) -> SearchError {
    SearchError::Tantivy {
        dir: String::new(),
        source,
    }
}

impl SearchIndex {
    /// A searcher over the index as last committed: from the reader kept open (reloaded), or a new
    /// reader when the index was opened for writing.
    pub fn searcher(&self) -> Result<tantivy::Searcher, SearchError> {
        match &self.reader {
            // Another process (a `run` beside `serve`) may have committed: look at the index's meta
            // first (a file read when nothing changed), so a search never answers from an old commit.
            Some(r) => {
                r.reload().map_err(tantivy_error)?;
                Ok(r.searcher())
            }
            None => Ok(self.index.reader().map_err(tantivy_error)?.searcher()),
        }
    }

    /// How many passages the index holds.
    pub fn passage_count(&self) -> Result<usize, SearchError> {
        Ok(self.searcher()?.num_docs() as usize)
    }
}

/// A stored text field of a found document; empty when absent.
pub fn stored_text(d: &tantivy::TantivyDocument, field: Field) -> String {
    use tantivy::schema::Value;
    d.get_first(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A stored number field of a found document; 0 when absent.
pub fn stored_u64(d: &tantivy::TantivyDocument, field: Field) -> u64 {
    use tantivy::schema::Value;
    d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

/// Removes an index folder's tantivy files: those its `.managed.json` lists (`managed`) and any file
/// named as tantivy names a segment's (32 hex digits, then `.idx`, `.pos`, `.term`, `.store`,
/// `.fast`, `.fieldnorm`, or an opstamp and `.del`: the list may be missing), then `meta.json` and
/// `.managed.json`. Only plain names inside `dir` are touched — a listed `../x` or `/x` is not ours
/// to delete — and every other file (a user's notes, our manifest) stays. Errors name the file.
fn remove_tantivy_files(
    dir: &Path,
    managed: &std::collections::HashSet<PathBuf>,
) -> Result<(), SearchError> {
    fn segment_file(name: &str) -> bool {
        let mut parts = name.split('.');
        let id = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        id.len() == 32
            && id.bytes().all(|b| b.is_ascii_hexdigit())
            && match rest.as_slice() {
                [ext] => ["idx", "pos", "term", "store", "fast", "fieldnorm"].contains(ext),
                [stamp, "del"] => stamp.bytes().all(|b| b.is_ascii_digit()),
                _ => false,
            }
    }
    let plain = |p: &Path| {
        let mut c = p.components();
        matches!(
            (c.next(), c.next()),
            (Some(std::path::Component::Normal(_)), None)
        )
    };
    let mut names: std::collections::BTreeSet<PathBuf> =
        managed.iter().filter(|p| plain(p)).cloned().collect();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(segment_file) && entry.path().is_file() {
            names.insert(PathBuf::from(name));
        }
    }
    names.extend(["meta.json", ".managed.json"].map(PathBuf::from));
    for name in names {
        let path = dir.join(&name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(SearchError::Io(std::io::Error::new(
                    e.kind(),
                    format!("无法删除旧索引文件 {}：{e}", path.display()),
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

fn register(index: &Index, jieba: &Arc<tokenizer::Segmenter>) {
    index
        .tokenizers()
        .register("zh", tokenizer::WordTokenizer(jieba.clone()));
    index
        .tokenizers()
        .register("zh_bigrams", tokenizer::BigramTokenizer);
}

impl SearchIndex {
    /// Opens an existing index for searching.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let shown = dir.display().to_string();
        let manifest = Manifest::read(dir).ok_or_else(|| SearchError::Missing(shown.clone()))?;
        let mut index = Index::open_in_dir(dir).map_err(|source| SearchError::Tantivy {
            dir: shown.clone(),
            source,
        })?;
        let (schema, fields) = schema();
        if !manifest.is_current() || index.schema() != schema {
            return Err(SearchError::Outdated(shown));
        }
        // Segments are searched in parallel, one thread per core.
        index
            .set_default_multithread_executor()
            .map_err(|source| SearchError::Tantivy { dir: shown, source })?;
        let jieba = tokenizer::jieba(&manifest.dictionary);
        register(&index, &jieba);
        let reader = index.reader().map_err(|source| SearchError::Tantivy {
            dir: dir.display().to_string(),
            source,
        })?;
        Ok(SearchIndex {
            index,
            fields,
            jieba,
            manifest,
            reader: Some(reader),
        })
    }

    /// Opens the index for updating with this profile, or creates it. A profile that differs from
    /// the one the index was built with empties it first, so nothing stale survives.
    pub fn open_or_create(
        dir: &Path,
        profile: &crate::profile::Profile,
    ) -> Result<(SearchIndex, bool), SearchError> {
        std::fs::create_dir_all(dir)?;
        let shown = dir.display().to_string();
        let err = |source| SearchError::Tantivy {
            dir: shown.clone(),
            source,
        };
        let (schema, fields) = schema();
        let fingerprint = profile.fingerprint();
        let mut existing = Manifest::read(dir).filter(Manifest::is_current);
        let index = if dir.join("meta.json").exists() {
            let index = Index::open_in_dir(dir).map_err(err)?;
            if index.schema() == schema {
                index
            } else {
                // An index of another layout (another VERSION): emptying it would keep its old
                // fields, so tantivy's files are removed and the index made anew.
                let managed = index.directory().list_managed_files();
                drop(index);
                remove_tantivy_files(dir, &managed)?;
                existing = None;
                Index::create_in_dir(dir, schema).map_err(err)?
            }
        } else {
            Index::create_in_dir(dir, schema).map_err(err)?
        };
        let jieba = tokenizer::jieba(&profile.dictionary);
        register(&index, &jieba);
        let rebuild = existing.as_ref().is_none_or(|m| m.profile != fingerprint);
        let manifest = match existing {
            Some(m) if !rebuild => m,
            _ => Manifest {
                version: VERSION,
                profile: fingerprint,
                dictionary: profile.dictionary.clone(),
                ..Default::default()
            },
        };
        Ok((
            SearchIndex {
                index,
                fields,
                jieba,
                manifest,
                reader: None,
            },
            rebuild,
        ))
    }
}
