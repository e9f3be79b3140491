//! `pilot-review run [CORPUS] [--index DIR] [--out DIR] [--profile DIR]`: the main job — discover,
//! extract, check, index and write the reports, with a progress bar on a terminal.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::check::review::sort_flags;
use crate::profile::severity::Severity;
use crate::submission;

/// What the streaming pass keeps of a submission.
struct Streamed {
    review: crate::check::review::Review,
    copies: Vec<crate::check::copies::Passage>,
    name: String,
    meta: crate::submission::SubmissionMeta,
    documents: usize,
    unreadable: usize,
}

/// What a finished run records in its output folder (`.run-stamp.json`, written last): its inputs —
/// tool version, profile, every submission's content hash — and the summary it printed. A run whose
/// inputs match, with every report and the index still in place, has nothing to do.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct RunStamp {
    version: String,
    profile: String,
    submissions: std::collections::BTreeMap<String, String>,
    summary: String,
}

const STAMP: &str = ".run-stamp.json";

impl RunStamp {
    fn read(out_dir: &Path) -> Option<RunStamp> {
        serde_json::from_str(&std::fs::read_to_string(out_dir.join(STAMP)).ok()?).ok()
    }

    /// Same inputs, the reports all present, and the index built from the same folders with this
    /// version's layout.
    fn still_current(&self, now: &RunStamp, out_dir: &Path, index: &Path) -> bool {
        let same = self.version == now.version
            && self.profile == now.profile
            && self.submissions == now.submissions;
        let reports = crate::report::CORPUS_FILES
            .iter()
            .map(|f| out_dir.join(f))
            .chain(
                self.submissions
                    .keys()
                    .map(|n| out_dir.join(crate::report::page_name(n))),
            )
            .all(|p| p.is_file());
        let indexed = crate::search::Manifest::read(index).is_some_and(|m| {
            m.is_current() && m.profile == now.profile && m.submissions == now.submissions
        });
        same && reports && indexed
    }
}

pub fn run(
    corpus: &Path,
    index: &Path,
    out_dir: &Path,
    profile_dir: Option<&Path>,
    previous: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let t = Instant::now();
    let profile = super::check::load_profile(profile_dir)?;
    super::check::check_previous(previous)?;
    let dirs = super::check::submission_dirs(&[corpus.to_owned()])?;
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(dirs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b.set_message("读取材料 reading");
        b
    } else {
        ProgressBar::hidden()
    };
    // One pass over the corpus, a submission at a time (in parallel): read it, review it, index it,
    // write its page, keep only its review and the compact passages the copy check needs, and drop
    // its documents — so memory grows with the reviews, not with the corpus.
    std::fs::create_dir_all(out_dir)?;
    let hashed = crate::search::indexer::hash_all(&dirs)?;
    let mut stamp = RunStamp {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        profile: profile.fingerprint(),
        submissions: hashed.values().cloned().collect(),
        summary: String::new(),
    };
    // Earlier plans from --previous are not in the stamp: with them, the run is always done.
    if let Some(prev) = RunStamp::read(out_dir)
        .filter(|_| previous.is_none())
        .filter(|p| p.still_current(&stamp, out_dir, index))
    {
        bar.finish_and_clear();
        writeln!(
            out,
            "材料未变化，沿用上次的审查结果和索引（{}）。Nothing changed since the last run.",
            out_dir.display()
        )?;
        write!(out, "{}", prev.summary)?;
        // Decisions change between runs: review.xlsx is written again with the current ones.
        let store = crate::decisions::store_path(index);
        if store.is_file() {
            let reviews = crate::report::read_reviews(out_dir)?;
            let overlay = load_decisions(&store, &reviews, out)?;
            crate::report::write_review_xlsx(out_dir, &reviews, &profile, &overlay)?;
            writeln!(out, "{}", decisions_line(&overlay, &reviews, &store))?;
        }
        writeln!(out, "用时 {:.1} 秒", t.elapsed().as_secs_f64())?;
        return Ok(true);
    }
    // From here on the reports change: the old stamp goes first, so an interrupted run is redone.
    match std::fs::remove_file(out_dir.join(STAMP)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let updater = crate::search::indexer::Updater::open_hashed(index, hashed, &profile)?;
    let streamed = dirs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let sub = submission::load_with_previous(d, profile.limits(), previous)
                .with_context(|| format!("cannot read folder {}", d.display()))?;
            updater.add(&sub)?;
            let mut review = crate::check::review::review(&sub, &profile);
            sort_flags(&mut review.flags);
            crate::report::write_page(out_dir, &sub, &review, &profile)?;
            let copies = crate::check::copies::passages_of(i, &sub, &profile);
            bar.inc(1);
            // Scanned pages take seconds each: count them where the reviewer waits.
            let ocr = crate::read::ocr::PAGES_DONE.load(std::sync::atomic::Ordering::Relaxed);
            if ocr > 0 {
                bar.set_message(format!("读取材料 reading · OCR识别 {ocr} 页 pages"));
            }
            Ok(Streamed {
                review,
                copies,
                name: sub.name.clone(),
                meta: sub.meta.clone(),
                documents: sub.documents.len() + sub.unreadable.len(),
                unreadable: sub.unreadable.len(),
            })
        })
        .collect::<Result<Vec<Streamed>>>()?;
    bar.set_message("审查、索引、典型经验 checking, indexing, mining");
    let mut copies = Vec::new();
    let mut reviews = Vec::with_capacity(streamed.len());
    let mut kept = Vec::with_capacity(streamed.len());
    for s in streamed {
        copies.extend(s.copies);
        reviews.push(s.review);
        kept.push((s.name, s.meta, s.documents, s.unreadable));
    }
    let names: Vec<&str> = kept.iter().map(|k| k.0.as_str()).collect();
    let metas: Vec<&crate::submission::SubmissionMeta> = kept.iter().map(|k| &k.1).collect();
    let before: Vec<usize> = reviews.iter().map(|r| r.flags.len()).collect();
    // The checks across submissions (copies, quotas) and their pages on one side; the index's
    // commit and the typical experiences mined from it on the other: neither needs the other.
    let (checked, mined) = rayon::join(
        || -> Result<()> {
            crate::check::review::corpus_checks(&mut reviews, &names, &metas, copies, &profile);
            // Pages of submissions that gained corpus-level flags are written again (documents
            // re-read).
            reviews
                .par_iter()
                .zip(&dirs)
                .zip(&before)
                .filter(|((r, _), n)| r.flags.len() != **n)
                .try_for_each(|((r, d), _)| -> Result<()> {
                    let sub = submission::load_with_previous(d, profile.limits(), previous)
                        .with_context(|| format!("cannot read folder {}", d.display()))?;
                    crate::report::write_page(out_dir, &sub, r, &profile)?;
                    Ok(())
                })
        },
        || -> Result<_> {
            let indexed = updater.finish()?;
            let si = crate::search::SearchIndex::open(index)?;
            let digest = crate::mining::experiences::mine(
                &crate::mining::experiences::sources_from_index(&si, &profile)?,
                &si.jieba,
                &profile,
            );
            Ok((indexed, digest))
        },
    );
    checked?;
    let (indexed, digest) = mined?;
    bar.set_message("报告 writing");
    let store = crate::decisions::store_path(index);
    let overlay = load_decisions(&store, &reviews, out)?;
    let files = dirs.len()
        + crate::report::write_corpus(out_dir, &reviews, &digest, &profile, &overlay)?.len();
    bar.finish_and_clear();

    let documents: usize = kept.iter().map(|k| k.2).sum();
    let unreadable: usize = kept.iter().map(|k| k.3).sum();
    let mut summary = String::new();
    let count = |s| reviews.iter().map(|r| r.count(s)).sum::<usize>();
    writeln!(
        summary,
        "报送单位 {} 个，文件 {documents} 个（无法读取 {unreadable} 个）",
        kept.len()
    )?;
    writeln!(
        summary,
        "问题：否决 {}，警告 {}，提示 {}",
        count(Severity::Blocker),
        count(Severity::Warning),
        count(Severity::Info)
    )?;
    writeln!(
        summary,
        "索引：本次 {} 个报送单位，未变化 {} 个，段落 {} 个 → {}",
        indexed.indexed,
        indexed.unchanged,
        indexed.passages,
        index.display()
    )?;
    let novel = digest.themes.iter().filter(|t| t.rank == "novel").count();
    writeln!(
        summary,
        "典型经验：{} 个做法主题，其中特色做法 {} 个",
        digest.themes.len(),
        novel
    )?;
    writeln!(
        summary,
        "报告：{} 个文件 → {}（打开 {}）",
        files,
        out_dir.display(),
        out_dir.join("index.html").display()
    )?;
    out.write_all(summary.as_bytes())?;
    if store.is_file() {
        writeln!(out, "{}", decisions_line(&overlay, &reviews, &store))?;
    }
    // The stamp goes last: an interrupted run never looks finished.
    stamp.summary = summary;
    crate::report::write_atomic(&out_dir.join(STAMP), serde_json::to_vec_pretty(&stamp)?)?;
    writeln!(out, "用时 {:.1} 秒", t.elapsed().as_secs_f64())?;
    Ok(true)
}

/// The run summary's line on reviewers' decisions.
fn decisions_line(
    o: &crate::decisions::Overlay,
    reviews: &[crate::check::review::Review],
    store: &Path,
) -> String {
    use crate::decisions::FlagStatus;
    let views: Vec<_> = reviews
        .iter()
        .flat_map(|r| r.flags.iter().map(|f| o.flag(&r.submission, f)))
        .collect();
    let n = |s: FlagStatus| {
        views
            .iter()
            .filter(|v| v.recheck.is_none() && v.decided() && v.status == s)
            .count()
    };
    let recheck = views.iter().filter(|v| v.recheck.is_some()).count();
    let gone: usize = o.all_gone().map(|(_, g)| g.len()).sum();
    let concluded = reviews
        .iter()
        .filter(|r| !o.panel(&r.submission).conclusions().is_empty())
        .count();
    format!(
        "审查记录：确认 {}，排除 {}，需复核 {recheck}，已不再出现 {gone}；已下结论 {concluded} 个报送单位 → {}",
        n(FlagStatus::Confirmed),
        n(FlagStatus::Dismissed),
        store.display()
    )
}

/// The reviewers' decisions for review.xlsx; a store that cannot be read (damaged, locked,
/// replaced) is reported in Chinese and the reports are written without decisions — the store
/// is never what stops a run.
fn load_decisions(
    store: &Path,
    reviews: &[crate::check::review::Review],
    out: &mut dyn Write,
) -> Result<crate::decisions::Overlay> {
    match crate::decisions::Overlay::load(store, reviews) {
        Ok(o) => Ok(o),
        Err(e) => {
            writeln!(
                out,
                "警告：{} review.xlsx 中暂不含审查意见；报告照常写出。",
                e.zh()
            )?;
            Ok(crate::decisions::Overlay::default())
        }
    }
}
