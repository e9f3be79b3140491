//! Discovery: a corpus folder holds one folder per submission. Each submission's files are found,
//! extracted in parallel, and its metadata taken from submission.toml or inferred from the documents,
//! with every inference recorded with its source.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::document::classify::classify_by_name;
use crate::document::gazetteer::{find_place_in, find_province, CORPS, SEPARATELY_LISTED};
use crate::document::model::{DocKind, Document, Format};
use crate::error::ExtractError;
use crate::profile::limits::Limits;

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

impl ProvinceKind {
    /// The kind a city and province name say, when `submission.toml` does not: the Corps by its
    /// province, a separately-listed city (计划单列市) by its name, otherwise a province (区、市).
    pub fn of(city: Option<&str>, province: Option<&str>) -> Option<ProvinceKind> {
        match (city, province) {
            (_, Some(p)) if p == CORPS => Some(ProvinceKind::Corps),
            (Some(c), _) if SEPARATELY_LISTED.contains(&c) => Some(ProvinceKind::SeparatelyListed),
            (Some(_), Some(_)) => Some(ProvinceKind::Province),
            _ => None,
        }
    }

    /// 省（区、市）, 计划单列市 or 新疆生产建设兵团.
    pub fn zh(self) -> &'static str {
        match self {
            ProvinceKind::Corps => "新疆生产建设兵团",
            ProvinceKind::SeparatelyListed => "计划单列市",
            ProvinceKind::Province => "省（区、市）",
        }
    }
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
    /// The city's earlier implementation plans given with `--previous` (not part of the package).
    pub previous: Vec<Document>,
}

impl Submission {
    pub fn documents_of(&self, kind: DocKind) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |d| d.kind == kind)
    }
}

/// The submissions of a corpus — folders and .zip archives — sorted by name.
pub fn discover(corpus: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_dir()) || crate::read::archive::is_archive(&e.path())
        })
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// A submission's name: its folder's name, or an archive's name without the extension
/// (`07-无锡市.zip` → `07-无锡市`). Reports, the index and the decisions all key on it.
pub fn name_of(path: &Path) -> String {
    let name = if crate::read::archive::is_archive(path) {
        path.file_stem()
    } else {
        path.file_name()
    };
    name.map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The id of one file of a submission, for links that fetch the original (`/original/{id}` in
/// `serve`): 16 hex digits of SHA-256 over the submission name and the document's shown path. The
/// server looks the id up in the index's table of originals; no path ever comes from a request.
pub fn original_id(submission: &str, document: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(submission.as_bytes());
    h.update([0]);
    h.update(document.as_bytes());
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a document of a submission lies on disk: the file, and the entry inside it when the file
/// is a .zip (a submission sent as an archive, or attachments zipped inside a folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Original {
    /// The shown path (`Document::path`, `Unreadable::path`).
    pub document: String,
    /// The file, relative to the submission's folder; empty for a submission sent as one archive.
    pub file: PathBuf,
    /// The entry inside `file` when it is an archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

impl Original {
    /// The file on disk under the submission's folder (or archive) `dir`; `None` when the recorded
    /// path is not a plain relative path (the manifest was edited by hand).
    pub fn path_in(&self, dir: &Path) -> Option<PathBuf> {
        use std::path::Component;
        if self
            .file
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        Some(if self.file.as_os_str().is_empty() {
            dir.to_owned()
        } else {
            dir.join(&self.file)
        })
    }
}

impl Submission {
    /// Every file of the submission, read or not, with where it lies on disk.
    pub fn originals(&self) -> Vec<Original> {
        let shown = self
            .documents
            .iter()
            .map(|d| d.path.as_str())
            .chain(self.unreadable.iter().map(|u| u.path.as_str()));
        let mut out: Vec<Original> = shown.filter_map(|p| locate(&self.dir, p)).collect();
        out.sort_by(|a, b| a.document.cmp(&b.document));
        out.dedup_by(|a, b| a.document == b.document);
        out
    }
}

/// The file behind a shown path `{name}/{rel}`: the shortest prefix of `rel` that is a regular
/// file under `dir` (the rest is the entry inside it); for an archive submission, the archive.
fn locate(dir: &Path, shown: &str) -> Option<Original> {
    let (_, rel) = shown.split_once('/').unwrap_or((shown, ""));
    let original = |file: PathBuf, member: &str| Original {
        document: shown.to_owned(),
        file,
        member: (!member.is_empty()).then(|| member.to_owned()),
    };
    if crate::read::archive::is_archive(dir) {
        return Some(original(PathBuf::new(), rel));
    }
    let mut at = 0;
    loop {
        let end = rel[at..].find('/').map_or(rel.len(), |i| at + i);
        let candidate = PathBuf::from(&rel[..end]);
        if std::fs::symlink_metadata(dir.join(&candidate)).is_ok_and(|m| m.is_file()) {
            let member = rel.get(end + 1..).unwrap_or("");
            return Some(original(candidate, member));
        }
        if end >= rel.len() {
            return None;
        }
        at = end + 1;
    }
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

/// What reading one file of a submission gave: its shown path, and the document or the error with
/// the format the bytes have (an encrypted .doc is still a .doc).
type FileResult = (
    String,
    std::result::Result<Document, (ExtractError, Option<Format>)>,
);

/// One archive entry read as a document, shown as `archive/entry`.
fn extract_entry(archive: &str, e: crate::read::archive::Entry, limits: Limits) -> FileResult {
    let shown = format!("{archive}/{}", e.path);
    let r = match e.content {
        Ok(bytes) => crate::read::extract::extract_bytes(&bytes, &shown, limits)
            .map_err(|err| (err, crate::read::extract::format_of(&bytes, limits).ok())),
        Err(err) => Err((err, None)),
    };
    (shown, r)
}

/// Reads one submission — a folder, or a .zip archive read in place: every file extracted (in
/// parallel), metadata read from submission.toml or inferred.
pub fn load(dir: &Path, limits: Limits) -> std::io::Result<Submission> {
    if crate::read::archive::is_archive(dir) {
        return Ok(load_archive(dir, limits));
    }
    let name = name_of(dir);
    let files = submission_files(dir)?;
    let results: Vec<FileResult> = files
        .par_iter()
        .flat_map_iter(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            let shown = format!("{name}/{rel}");
            if crate::read::archive::is_archive(p) {
                // Attachments zipped inside the folder: their files count as the folder's (one level).
                return match crate::read::archive::entries(p, limits) {
                    Err(e) => vec![(shown, Err((e, Some(Format::Zip))))],
                    Ok(entries) => entries
                        .into_iter()
                        .map(|e| extract_entry(&shown, e, limits))
                        .collect(),
                };
            }
            vec![
                match crate::read::extract::extract_file(p, &shown, limits) {
                    Ok(d) => (shown, Ok(d)),
                    Err(e) => {
                        let format = std::fs::read(p)
                            .ok()
                            .and_then(|b| crate::read::extract::format_of(&b, limits).ok());
                        (shown, Err((e, format)))
                    }
                },
            ]
        })
        .collect();
    let toml = dir.join("submission.toml");
    let toml = toml
        .exists()
        .then(|| std::fs::read_to_string(&toml).map_err(|e| e.to_string()));
    Ok(assemble(name, dir, results, toml))
}

/// A submission sent as a .zip: entries read in place; submission.toml at the archive's top (or in
/// its one top folder) counts as the folder's.
fn load_archive(path: &Path, limits: Limits) -> Submission {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = name_of(path);
    let (results, toml) = match crate::read::archive::entries(path, limits) {
        Err(e) => {
            let shown = file_name.clone();
            (vec![(shown, Err((e, Some(Format::Zip))))], None)
        }
        Ok(entries) => {
            let is_toml = |p: &str| {
                p == "submission.toml"
                    || p.split_once('/')
                        .is_some_and(|(_, rest)| rest == "submission.toml")
            };
            let toml = entries
                .iter()
                .filter(|e| is_toml(&e.path))
                .min_by_key(|e| e.path.len())
                .map(|e| match &e.content {
                    Ok(b) => Ok(String::from_utf8_lossy(b).into_owned()),
                    Err(err) => Err(err.to_string()),
                });
            let results = entries
                .into_par_iter()
                .filter(|e| !is_toml(&e.path))
                .map(|e| extract_entry(&file_name, e, limits))
                .collect();
            (results, toml)
        }
    };
    assemble(name, path, results, toml)
}

/// A submission from its read files and its submission.toml text (if any), metadata completed by
/// inference.
fn assemble(
    name: String,
    dir: &Path,
    results: Vec<FileResult>,
    toml: Option<std::result::Result<String, String>>,
) -> Submission {
    let mut documents = Vec::new();
    let mut unreadable = Vec::new();
    for (path, r) in results {
        match r {
            Ok(d) => documents.push(d),
            Err((error, format)) => {
                let file_name = path.rsplit('/').next().unwrap_or(&path);
                let kind = classify_by_name(file_name).map_or(DocKind::Unknown, |g| g.kind);
                unreadable.push(Unreadable {
                    path,
                    format,
                    kind,
                    error,
                });
            }
        }
    }
    crate::document::classify::settle_kinds(&mut documents);
    let mut sub = Submission {
        name,
        dir: dir.to_owned(),
        meta: SubmissionMeta::default(),
        inferred: Vec::new(),
        notes: Vec::new(),
        documents,
        unreadable,
        previous: Vec::new(),
    };
    // What a reader could not read inside a file (an embedded RTF chunk …) reaches the reviewer.
    let warned: Vec<String> = sub
        .documents
        .iter()
        .flat_map(|d| {
            d.warnings
                .iter()
                .map(move |w| format!("文件“{}”：{w}", d.path))
        })
        .collect();
    sub.notes.extend(warned);
    if let Some(text) = toml {
        match text.and_then(|s| toml::from_str::<SubmissionMeta>(&s).map_err(|e| e.to_string())) {
            Ok(m) => sub.meta = m,
            Err(e) => sub.notes.push(format!(
                "{}/submission.toml 格式错误，已改为从文件内容推断：{}",
                sub.name,
                e.trim()
            )),
        }
    }
    infer(&mut sub);
    sub
}

/// Fills what submission.toml left out from the documents, recording each inference.
fn infer(sub: &mut Submission) {
    let mut found: Vec<Inference> = Vec::new();
    let meta = &mut sub.meta;
    // City and province: the folder's name, then the file names and the titles of the main
    // documents; a later one of these refines an earlier place it lies in (无锡市 → 江阴市, 重庆 →
    // 璧山区); only when none names a place, the opening paragraphs. Places inside 《……》 and in
    // "关于同意……的通知" never name the submitter.
    if meta.city.is_none() || meta.province.is_none() {
        let order = [
            DocKind::CoverLetter,
            DocKind::SelfEvaluation,
            DocKind::ImplementationPlan,
        ];
        let mut main: Vec<&Document> = order
            .iter()
            .flat_map(|k| sub.documents.iter().filter(move |d| d.kind == *k))
            .collect();
        if main.is_empty() {
            // No report and no letter: whatever the package holds says where it comes from.
            main = sub.documents.iter().collect();
        }
        let file_name = |d: &Document| d.path.rsplit('/').next().unwrap_or(&d.path).to_owned();
        let mut named: Vec<(String, String)> =
            vec![(sub.name.clone(), format!("文件夹名“{}”", sub.name))];
        named.extend(
            main.iter()
                .map(|d| (file_name(d), format!("文件名“{}”", file_name(d)))),
        );
        named.extend(
            main.iter()
                .filter_map(|d| d.title.clone().map(|t| (t, format!("{}的标题", d.path)))),
        );
        let body = main.iter().flat_map(|d| {
            d.blocks
                .iter()
                .take(12)
                .map(move |b| (b.text.clone(), format!("{}第{}段", d.path, b.index + 1)))
        });
        let mut ctx = crate::document::gazetteer::Context {
            city: None,
            province: find_province(&sub.name),
        };
        let mut place: Option<(crate::document::gazetteer::Place, String)> = None;
        if find_place_in(&sub.name, &ctx).is_none() {
            // "深圳-南山": a city named in short.
            if let Some(p) = crate::document::gazetteer::city_in_folder_name(&sub.name) {
                ctx.city = Some(p.city.clone());
                ctx.province = Some(p.province.clone());
                place = Some((p, format!("文件夹名“{}”", sub.name)));
            }
        }
        for (text, source) in &named {
            if let Some(p) = find_place_in(text, &ctx) {
                let better = match &place {
                    None => true,
                    Some((q, _)) => p.within(q),
                };
                if better {
                    ctx.city = Some(p.city.clone());
                    ctx.province = Some(p.province.clone());
                    place = Some((p, source.clone()));
                }
            }
        }
        if place.is_none() {
            for (text, source) in body {
                if let Some(p) = find_place_in(&text, &ctx) {
                    place = Some((p, source));
                    break;
                }
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
        let kind = ProvinceKind::of(meta.city.as_deref(), meta.province.as_deref());
        if let Some(k) = kind {
            let label = k.zh();
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
                let t = crate::document::text::fold_width(&b.text);
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

/// A submission, with its city's earlier plans from `--previous DIR` when given.
pub fn load_with_previous(
    dir: &Path,
    limits: Limits,
    previous: Option<&Path>,
) -> std::io::Result<Submission> {
    let mut sub = load(dir, limits)?;
    if let Some(p) = previous {
        attach_previous(&mut sub, p, limits);
    }
    Ok(sub)
}

/// Attaches the city's earlier plans from `--previous DIR`: the files of the one folder of DIR
/// whose name holds the submission's city (苏州市, 02-苏州市, 苏州市2021—2023方案), read like
/// the package's; only implementation plans are kept. A folder that cannot be read adds a note.
pub fn attach_previous(sub: &mut Submission, previous: &Path, limits: Limits) {
    let Some(city) = sub.meta.city.clone().filter(|c| !c.is_empty()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(previous) else {
        sub.notes.push(format!(
            "上一轮实施方案文件夹 {} 无法读取。",
            previous.display()
        ));
        return;
    };
    // The city's folder: its name holds the city not followed by more of a place name (苏州市, not
    // 苏州市吴中区); a folder named exactly so (after a number: 2-苏州市) first.
    let mut dirs: Vec<(bool, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let bare = name.trim_start_matches(|c: char| c.is_ascii_digit() || "-_. ".contains(c));
            let whole = bare == city || bare == city.trim_end_matches('市');
            let place = name.match_indices(city.as_str()).any(|(i, m)| {
                !name[i + m.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| "区县旗镇乡".contains(c) || name[i + m.len()..].contains('区'))
            });
            (whole || place).then(|| (!whole, e.path()))
        })
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        sub.notes.push(format!(
            "上一轮实施方案文件夹 {} 中没有以“{city}”命名的子文件夹，未对照上一轮方案。",
            previous.display()
        ));
    }
    for (_, dir) in dirs.iter().take(1) {
        let Ok(files) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = files
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let shown = format!(
                "上一轮/{}/{}",
                dir.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                f.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            );
            match crate::read::extract::extract_file(&f, &shown, limits) {
                // A plan whose title names another city is that city's (厦门市's plan in the 苏州市
                // folder): said, not used.
                Ok(d) if d.kind == DocKind::ImplementationPlan => match d.title_city() {
                    Some(other) if other != city => sub.notes.push(format!(
                        "上一轮实施方案“{shown}”的标题写的是{other}，与本报送单位（{city}）不符，未使用。"
                    )),
                    _ => sub.previous.push(d),
                },
                Ok(_) => sub.notes.push(format!(
                    "“{shown}”不是实施方案（标题未写明“实施方案”等），未作为上一轮方案。"
                )),
                Err(e) => sub
                    .notes
                    .push(format!("上一轮实施方案“{shown}”无法读取：{}", e.zh())),
            }
        }
    }
}
