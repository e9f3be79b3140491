//! `pilot-review experiences [--index DIR] [--json] [--out FILE]`: the typical-experience digest.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::mining::experiences::{mine, sources_from_index, Digest};
use crate::search::SearchIndex;

pub fn digest(index: &Path, profile_dir: Option<&Path>) -> Result<Digest> {
    let profile = super::check::load_profile(profile_dir)?;
    let si = SearchIndex::open(index)?;
    let sources = sources_from_index(&si, &profile)?;
    Ok(mine(&sources, &si.jieba, &profile))
}

pub fn run(
    index: &Path,
    profile_dir: Option<&Path>,
    json: bool,
    out_file: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let d = digest(index, profile_dir)?;
    if let Some(f) = out_file {
        // The format follows the name's extension, as a reviewer expects of “--out 典型经验.xlsx”.
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" => crate::report::digest::xlsx(f, &d)?,
            "html" | "htm" => crate::report::write_atomic(f, crate::report::digest::html(&d))?,
            "json" => crate::report::write_atomic(f, serde_json::to_vec_pretty(&d)?)?,
            other => anyhow::bail!(
                "不支持的输出格式 “.{other}”：请用 .xlsx、.html 或 .json / unsupported output extension"
            ),
        }
        writeln!(out, "已写入 / wrote {}", f.display())?;
        return Ok(true);
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &d)?;
        writeln!(out)?;
        return Ok(true);
    }
    for t in &d.themes {
        let rank = match t.rank.as_str() {
            "novel" => "特色",
            "common" => "普遍",
            _ => "多地",
        };
        writeln!(
            out,
            "== {}（{}，{}个城市：{}）关键词：{}",
            t.name,
            rank,
            t.cities.len(),
            t.cities.join("、"),
            t.keywords.join("、")
        )?;
        for q in t.quotes.iter().take(3) {
            writeln!(out, "   {}：{}", q.city, q.quote)?;
        }
    }
    Ok(true)
}
