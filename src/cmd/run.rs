//! `pilot-review run [CORPUS] [--index DIR] [--out DIR] [--profile DIR]`: the main job — discover,
//! extract, check, index and write the reports, with a progress bar on a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::limits::Limits;
use crate::review::{review_all, Severity};
use crate::submission;

pub fn run(
    corpus: &Path,
    index: &Path,
    out_dir: &Path,
    profile_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let t = Instant::now();
    let profile = super::check::load_profile(profile_dir)?;
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
    let subs = dirs
        .par_iter()
        .map(|d| {
            let s = submission::load(d, Limits::default())
                .with_context(|| format!("cannot read folder {}", d.display()));
            bar.inc(1);
            s
        })
        .collect::<Result<Vec<_>>>()?;
    bar.set_message("审查 checking");
    let reviews = review_all(&subs, &profile);
    bar.set_message("索引 indexing");
    let indexed = crate::search::indexer::update_with(index, &dirs, &profile, &subs)?;
    bar.set_message("典型经验 mining");
    let si = crate::search::SearchIndex::open(index)?;
    let digest = crate::experiences::mine(
        &crate::experiences::sources_from_index(&si, &profile)?,
        &si.jieba,
        &profile,
    );
    bar.set_message("报告 writing");
    let files = crate::report::write_all(out_dir, &subs, &reviews, &digest, &profile)?;
    bar.finish_and_clear();

    let documents: usize = subs
        .iter()
        .map(|s| s.documents.len() + s.unreadable.len())
        .sum();
    let unreadable: usize = subs.iter().map(|s| s.unreadable.len()).sum();
    let count = |s| reviews.iter().map(|r| r.count(s)).sum::<usize>();
    writeln!(
        out,
        "报送单位 {} 个，文件 {documents} 个（无法读取 {unreadable} 个）",
        subs.len()
    )?;
    writeln!(
        out,
        "问题：否决 {}，警告 {}，提示 {}",
        count(Severity::Blocker),
        count(Severity::Warning),
        count(Severity::Info)
    )?;
    writeln!(
        out,
        "索引：本次 {} 个报送单位，未变化 {} 个，段落 {} 个 → {}",
        indexed.indexed,
        indexed.unchanged,
        indexed.passages,
        index.display()
    )?;
    let novel = digest.themes.iter().filter(|t| t.rank == "novel").count();
    writeln!(
        out,
        "典型经验：{} 个做法主题，其中特色做法 {} 个",
        digest.themes.len(),
        novel
    )?;
    writeln!(
        out,
        "报告：{} 个文件 → {}（打开 {}）",
        files.len(),
        out_dir.display(),
        out_dir.join("index.html").display()
    )?;
    writeln!(out, "用时 {:.1} 秒", t.elapsed().as_secs_f64())?;
    Ok(true)
}
