//! Discovery: a corpus folder holds one folder per submission. Each submission's files are found,
//! extracted in parallel, and its metadata taken from submission.toml or inferred from the documents,
//! with every inference recorded with its source.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::classify::classify_by_name;
use crate::error::ExtractError;
use crate::extract::extract_file;
use crate::gazetteer::{find_place, CORPS, SEPARATELY_LISTED};
use crate::limits::Limits;
use crate::model::{DocKind, Document, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An existing pilot city's self-evaluation.
    Evaluation,
    /// A new city applying for batch 3.
    Application,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvinceKind {
    Province,
    SeparatelyListed,
    Corps,
}

/// What `submission.toml` may say. Every field is optional; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionMeta {
    pub city: Option<String>,
    pub province: Option<String>,
    pub province_kind: Option<ProvinceKind>,
    pub role: Option<Role>,
    /// Date of submission, YYYY-MM-DD.
    pub submitted: Option<String>,
    pub batch: Option<u8>,
}

/// One inferred field: its value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inference {
    pub field: String,
    pub value: String,
    pub source: String,
}

/// A file that could not be read, with the kind its name suggests.
#[derive(Debug)]
pub struct Unreadable {
    pub path: String,
    pub format: Option<Format>,
    pub kind: DocKind,
    pub error: ExtractError,
}

#[derive(Debug)]
pub struct Submission {
    /// The folder name.
    pub name: String,
    pub dir: PathBuf,
    pub meta: SubmissionMeta,
    pub inferred: Vec<Inference>,
    /// Problems with the folder itself (a bad submission.toml), in Chinese.
    pub notes: Vec<String>,
    pub documents: Vec<Document>,
    pub unreadable: Vec<Unreadable>,
}

impl Submission {
    pub fn documents_of(&self, kind: DocKind) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |d| d.kind == kind)
    }
}

/// The submission folders of a corpus, sorted by name.
pub fn discover(corpus: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Extensions of the documents a submission is made of.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "docx", "doc", "wps", "xlsx", "xls", "et", "pdf", "ofd", "txt",
];

/// Whether a folder is itself one submission (documents at its top level) rather than a corpus of
/// submission folders (an answers.json or README beside them does not count).
pub fn looks_like_submission(dir: &Path) -> bool {
    dir.join("submission.toml").exists()
        || std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().to_lowercase();
                e.file_type().is_ok_and(|t| t.is_file())
                    && name
                        .rsplit_once('.')
                        .is_some_and(|(_, ext)| DOCUMENT_EXTENSIONS.contains(&ext))
            })
}

const MAX_FILES: usize = 5_000;
const MAX_DEPTH: usize = 8;

/// Files of a submission folder, recursively, sorted; lock files, hidden files and submission.toml skipped.
pub fn submission_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.starts_with("~$") || name == "submission.toml" {
                continue;
            }
            let ty = e.file_type()?;
            if ty.is_dir() && depth < MAX_DEPTH {
                walk(&e.path(), depth + 1, out)?;
            } else if ty.is_file() && out.len() < MAX_FILES {
                out.push(e.path());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, 0, &mut out)?;
    out.sort();
    Ok(out)
}

/// Reads one submission folder: every file extracted (in parallel), metadata read or inferred.
pub fn load(dir: &Path, limits: Limits) -> std::io::Result<Submission> {
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files = submission_files(dir)?;
    let results: Vec<(
        &PathBuf,
        String,
        std::result::Result<Document, ExtractError>,
    )> = files
        .par_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            let shown = format!("{name}/{rel}");
            let result = extract_file(p, &shown, limits);
            (p, shown, result)
        })
        .collect();
    let mut documents = Vec::new();
    let mut unreadable = Vec::new();
    for (file, path, r) in results {
        match r {
            Ok(d) => documents.push(d),
            Err(error) => {
                let file_name = path.rsplit('/').next().unwrap_or(&path);
                let kind = classify_by_name(file_name).map_or(DocKind::Unknown, |g| g.kind);
                // What the bytes are, when that much can be told (an encrypted .doc is still a .doc).
                let format = std::fs::read(file)
                    .ok()
                    .and_then(|b| crate::extract::format_of(&b, limits).ok());
                unreadable.push(Unreadable {
                    path,
                    format,
                    kind,
                    error,
                });
            }
        }
    }
    let mut sub = Submission {
        name,
        dir: dir.to_owned(),
        meta: SubmissionMeta::default(),
        inferred: Vec::new(),
        notes: Vec::new(),
        documents,
        unreadable,
    };
    let toml_path = dir.join("submission.toml");
    if toml_path.exists() {
        match std::fs::read_to_string(&toml_path)
            .map_err(|e| e.to_string())
            .and_then(|s| toml::from_str::<SubmissionMeta>(&s).map_err(|e| e.to_string()))
        {
            Ok(m) => sub.meta = m,
            Err(e) => sub.notes.push(format!(
                "{}/submission.toml 格式错误，已改为从文件内容推断：{}",
                sub.name,
                e.trim()
            )),
        }
    }
    infer(&mut sub);
    Ok(sub)
}

/// Fills what submission.toml left out from the documents, recording each inference.
fn infer(sub: &mut Submission) {
    let mut found: Vec<Inference> = Vec::new();
    let meta = &mut sub.meta;
    // City and province: titles of the main documents first, then the letter's text.
    if meta.city.is_none() || meta.province.is_none() {
        let order = [
            DocKind::CoverLetter,
            DocKind::SelfEvaluation,
            DocKind::ImplementationPlan,
        ];
        let candidates = order
            .iter()
            .flat_map(|k| sub.documents.iter().filter(move |d| d.kind == *k))
            .flat_map(|d| {
                let title = d
                    .title
                    .iter()
                    .map(move |t| (t.clone(), format!("{}的标题", d.path)));
                let body = d
                    .blocks
                    .iter()
                    .take(12)
                    .map(move |b| (b.text.clone(), format!("{}第{}段", d.path, b.index + 1)));
                title.chain(body)
            });
        let mut place = None;
        for (text, source) in candidates {
            if let Some(p) = find_place(&text) {
                place = Some((p, source));
                break;
            }
        }
        if place.is_none() {
            if let Some(p) = find_place(&sub.name) {
                place = Some((p, format!("文件夹名“{}”", sub.name)));
            }
        }
        if let Some((p, source)) = place {
            if meta.city.is_none() {
                found.push(Inference {
                    field: "city".into(),
                    value: p.city.clone(),
                    source: source.clone(),
                });
                meta.city = Some(p.city.clone());
            }
            if meta.province.is_none() {
                found.push(Inference {
                    field: "province".into(),
                    value: p.province.clone(),
                    source,
                });
                meta.province = Some(p.province);
            }
        }
    }
    if meta.province_kind.is_none() {
        let kind = match (&meta.city, &meta.province) {
            (_, Some(p)) if p == CORPS => Some(ProvinceKind::Corps),
            (Some(c), _) if SEPARATELY_LISTED.contains(&c.as_str()) => {
                Some(ProvinceKind::SeparatelyListed)
            }
            (Some(_), Some(_)) => Some(ProvinceKind::Province),
            _ => None,
        };
        if let Some(k) = kind {
            let label = match k {
                ProvinceKind::Corps => "新疆生产建设兵团",
                ProvinceKind::SeparatelyListed => "计划单列市",
                ProvinceKind::Province => "省（区、市）",
            };
            found.push(Inference {
                field: "province_kind".into(),
                value: serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                source: format!(
                    "由城市“{}”判断为{label}",
                    meta.city.clone().unwrap_or_default()
                ),
            });
            meta.province_kind = Some(k);
        }
    }
    if meta.role.is_none() {
        let letter_titles: String = sub
            .documents
            .iter()
            .filter(|d| d.kind == DocKind::CoverLetter)
            .filter_map(|d| d.title.clone())
            .collect();
        let letter_text: String = sub
            .documents
            .iter()
            .filter(|d| d.kind == DocKind::CoverLetter)
            .flat_map(|d| d.blocks.iter().map(|b| b.text.as_str()))
            .collect();
        let has = |k| {
            sub.documents.iter().any(|d| d.kind == k) || sub.unreadable.iter().any(|u| u.kind == k)
        };
        let role = if has(DocKind::SelfEvaluation) {
            Some((Role::Evaluation, "含自评报告".to_owned()))
        } else if letter_titles.contains("申报") {
            Some((Role::Application, "报送函件标题为申报".to_owned()))
        } else if letter_titles.contains("评估") || letter_titles.contains("自评") {
            Some((Role::Evaluation, "报送函件标题为评估材料".to_owned()))
        } else if has(DocKind::ImplementationPlan) {
            Some((Role::Application, "含实施方案而无自评报告".to_owned()))
        } else if letter_text.contains("申报第三批") {
            Some((Role::Application, "报送函件提及申报第三批试点".to_owned()))
        } else {
            None
        };
        if let Some((r, source)) = role {
            let value = if r == Role::Evaluation {
                "evaluation"
            } else {
                "application"
            };
            found.push(Inference {
                field: "role".into(),
                value: value.into(),
                source,
            });
            meta.role = Some(r);
        }
    }
    if meta.submitted.is_none() {
        if let Some((date, source)) = letter_date(&sub.documents) {
            found.push(Inference {
                field: "submitted".into(),
                value: date.clone(),
                source,
            });
            meta.submitted = Some(date);
        }
    }
    sub.inferred = found;
}

/// The date a cover letter is signed with: the last "2024年1月20日" in its closing lines.
fn letter_date(docs: &[Document]) -> Option<(String, String)> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let re = DATE.get_or_init(|| {
        Regex::new(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("date pattern")
    });
    docs.iter()
        .filter(|d| d.kind == DocKind::CoverLetter)
        .find_map(|d| {
            d.blocks.iter().rev().take(8).find_map(|b| {
                let t = crate::text::fold_width(&b.text);
                let c = re.captures(&t)?;
                let (y, m, day) = (
                    c[1].parse::<u32>().ok()?,
                    c[2].parse::<u32>().ok()?,
                    c[3].parse::<u32>().ok()?,
                );
                ((1..=12).contains(&m) && (1..=31).contains(&day)).then(|| {
                    (
                        format!("{y:04}-{m:02}-{day:02}"),
                        format!("{}第{}段落款日期", d.path, b.index + 1),
                    )
                })
            })
        })
}
