//! `pilot-review search QUERY [filters] [--json] [--by-submission]` and `search --batch FILE`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::search::query::{search, Filters, Hit};
use crate::search::{batch, SearchIndex};

pub struct Options<'a> {
    pub index: &'a Path,
    pub filters: Filters,
    pub limit: usize,
    /// Every hit (`--all`): the limit is the number of passages in the index.
    pub all: bool,
    pub json: bool,
    pub by_submission: bool,
}

pub fn run(query: &str, o: &Options, out: &mut dyn Write) -> Result<bool> {
    let si = SearchIndex::open(o.index)?;
    let limit = if o.all {
        si.passage_count()?.max(1)
    } else {
        o.limit.max(1)
    };
    // One more than shown tells whether the limit cut the list.
    let mut hits = search(&si, query, &o.filters, limit.saturating_add(1))?;
    let truncated = hits.len() > limit;
    hits.truncate(limit);
    let more = format!("只显示前 {limit} 处，还有更多命中；用 --all 显示全部，或 --limit N 调整。");
    if o.json {
        for h in &hits {
            serde_json::to_writer(&mut *out, h)?;
            writeln!(out)?;
        }
        if truncated {
            eprintln!("{more}");
        }
        return Ok(true);
    }
    if hits.is_empty() {
        writeln!(out, "未找到“{query}”。")?;
        return Ok(true);
    }
    if o.by_submission {
        let mut groups: BTreeMap<&str, Vec<&Hit>> = BTreeMap::new();
        for h in &hits {
            groups.entry(h.submission.as_str()).or_default().push(h);
        }
        writeln!(
            out,
            "“{query}”：{} 个报送单位，{} 处{}",
            groups.len(),
            hits.len(),
            if truncated {
                "（未显示全部）"
            } else {
                ""
            }
        )?;
        for (sub, hs) in groups {
            writeln!(out, "== {sub}（{}）{} 处", hs[0].city, hs.len())?;
            print_hit(hs[0], out)?;
        }
    } else {
        for h in &hits {
            writeln!(out, "== {}（{}）", h.submission, h.city)?;
            print_hit(h, out)?;
        }
    }
    if truncated {
        writeln!(out, "{more}")?;
    }
    Ok(true)
}

fn print_hit(h: &Hit, out: &mut dyn Write) -> Result<()> {
    // Highlights shown as 【…】 for a terminal.
    let chars: Vec<char> = h.snippet.chars().collect();
    let mut shown = String::new();
    let mut i = 0;
    for [s, e] in &h.highlights {
        shown.extend(&chars[i..*s]);
        shown.push('【');
        shown.extend(&chars[*s..*e]);
        shown.push('】');
        i = *e;
    }
    shown.extend(&chars[i..]);
    writeln!(
        out,
        "   {} 第{}段 〔{}〕 得分 {:.2}",
        h.document,
        h.block + 1,
        if h.section.is_empty() {
            "无标题"
        } else {
            &h.section
        },
        h.score
    )?;
    writeln!(out, "   {shown}")?;
    Ok(())
}

pub fn run_batch(file: &Path, index: &Path, out_dir: &Path, out: &mut dyn Write) -> Result<bool> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let queries =
        batch::parse_batch(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let si = SearchIndex::open(index)?;
    let matrix = batch::run(&si, &queries)?;
    for p in batch::write(out_dir, &si, &queries, &matrix)? {
        writeln!(out, "已写入 / wrote {}", p.display())?;
    }
    Ok(true)
}
