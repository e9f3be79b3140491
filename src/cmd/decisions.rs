//! `pilot-review decisions export [--index DIR] [--json] [--out FILE]` and
//! `pilot-review decisions import FILE [--index DIR]`: reviewers' decisions between machines. The
//! store is the one `run` and `serve` use: `reviews.db` beside the index folder.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Result};

use crate::decisions::exchange::{self, Export};
use crate::decisions::store::{beijing, Store};
use crate::decisions::{field_zh, shown, store_path};

/// Largest export file read (bytes).
const MAX_IMPORT: u64 = 64 << 20;

/// Writes the store: a readable list of the current decisions, or (`json`) the whole history as
/// an export file. Errors: no store beside the index, SQLite, writing.
pub fn export(index: &Path, json: bool, file: Option<&Path>, out: &mut dyn Write) -> Result<bool> {
    let path = store_path(index);
    let Some(store) = Store::open_existing(&path).map_err(|e| anyhow!(e.zh()))? else {
        return Err(anyhow!(
            "尚无审查记录库 {}（在 serve 的审查页上保存第一条意见时建立）。No decisions store yet.",
            path.display()
        ));
    };
    let text = if json {
        let data = exchange::export(&store).map_err(|e| anyhow!(e.zh()))?;
        let mut t = serde_json::to_string_pretty(&data)?;
        t.push('\n');
        t
    } else {
        exchange::readable(&store, &crate::profile::Profile::embedded())
            .map_err(|e| anyhow!(e.zh()))?
    };
    match file {
        Some(f) => {
            crate::report::write_atomic(f, text.as_bytes())?;
            let events = store.events().map_err(|e| anyhow!(e.zh()))?.len();
            let current: usize = store
                .state()
                .map_err(|e| anyhow!(e.zh()))?
                .values()
                .map(|fields| fields.len())
                .sum();
            writeln!(
                out,
                "已导出 {current} 项当前意见（含修改记录共 {events} 条）→ {}",
                f.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(true)
}

/// Merges an export file into the store beside the index (created when absent) and lists what
/// happened: records added, already present, conflicts with the value now in effect.
/// Errors: the file cannot be read, is too large, is not an export; SQLite.
pub fn import(
    file: &Path,
    index: &Path,
    profile_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let profile = super::check::load_profile(profile_dir)?;
    let size = std::fs::metadata(file)
        .map_err(|e| anyhow!("无法读取导入文件 {}：{e}", file.display()))?
        .len();
    if size > MAX_IMPORT {
        return Err(anyhow!(
            "导入文件 {} 过大（{} MiB），不像审查记录导出文件。",
            file.display(),
            size >> 20
        ));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow!("无法读取导入文件 {}：{e}", file.display()))?;
    let data: Export = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{} 不是审查记录导出文件（请用 pilot-review decisions export --json 导出）：{e}",
            file.display()
        )
    })?;
    let path = store_path(index);
    // A fresh machine: the folder the store goes into may not exist yet.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow!("无法建立文件夹 {}：{e}", dir.display()))?;
    }
    let mut store = Store::open(&path).map_err(|e| anyhow!(e.zh()))?;
    let origin = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let report = exchange::import(&mut store, &data, &format!("导入：{origin}"), &profile)
        .map_err(|e| anyhow!("{}：{}", file.display(), e.zh()))?;
    writeln!(
        out,
        "已合并 {}：共 {} 条记录，新增 {} 条，已有 {} 条 → {}",
        file.display(),
        report.events,
        report.added,
        report.already,
        path.display()
    )?;
    if !report.mismatched.is_empty() {
        writeln!(
            out,
            "另有 {} 条记录的编号与本机已有记录相同、内容却不同（导出文件可能被改动过），未导入，保留本机的记录。",
            report.mismatched.len()
        )?;
    }
    if report.conflicts.is_empty() {
        writeln!(out, "没有冲突。")?;
    } else {
        writeln!(
            out,
            "冲突 {} 处（双方都修改了同一项且结果不同；现采用较晚的修改，请审查人商定）：",
            report.conflicts.len()
        )?;
        for c in &report.conflicts {
            let field = field_zh(&profile, &c.field);
            writeln!(
                out,
                "- {}｜{field}：本机“{}”（{}，{}）；导入“{}”（{}，{}）→ 现采用{}",
                c.about,
                shown(&c.field, &c.local.new),
                c.local.reviewer,
                beijing(c.local.at_us),
                shown(&c.field, &c.imported.new),
                c.imported.reviewer,
                beijing(c.imported.at_us),
                if c.kept == "local" {
                    "本机"
                } else {
                    "导入"
                }
            )?;
        }
    }
    Ok(true)
}
