//! `pilot-review index [CORPUS] [--index DIR] [--profile DIR]`: build or update the search index.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::search::indexer::update;

pub fn run(
    corpus: &Path,
    index: &Path,
    profile_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let profile = super::check::load_profile(profile_dir)?;
    let dirs = super::check::submission_dirs(&[corpus.to_owned()])?;
    let t = Instant::now();
    let r = update(index, &dirs, &profile)?;
    writeln!(
        out,
        "索引 {}：报送单位 {} 个，本次索引 {} 个，未变化 {} 个，移除 {} 个；段落 {} 个，{:.1} MB 文本，用时 {:.1} 秒{}",
        index.display(),
        r.submissions,
        r.indexed,
        r.unchanged,
        r.removed,
        r.passages,
        r.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        if r.rebuilt { "（规则配置变化，已重建）" } else { "" }
    )?;
    Ok(true)
}
