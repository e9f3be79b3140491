//! Batch search: a file of queries (one a line, optional filters after " | ") gives a submission ×
//! query matrix of hit counts with the best snippet, as CSV and xlsx.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::query::{search, Filters, Hit};
use super::{SearchError, SearchIndex};

/// A line of the batch file: `风险补偿资金池 | province=江苏省 kind=self_evaluation`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchQuery {
    pub label: String,
    pub query: String,
    pub filters: Filters,
}

pub fn parse_batch(text: &str) -> Result<Vec<BatchQuery>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (query, filters_text) = line
            .split_once(" | ")
            .map_or((line, ""), |(q, f)| (q.trim(), f.trim()));
        let mut filters = Filters::default();
        for kv in filters_text.split_whitespace() {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("line {}: “{kv}” is not key=value", n + 1))?;
            let slot = match k {
                "city" => &mut filters.city,
                "province" => &mut filters.province,
                "kind" => &mut filters.kind,
                "section" => &mut filters.section,
                "role" => &mut filters.role,
                other => {
                    return Err(format!(
                        "line {}: unknown filter “{other}” (city, province, kind, section, role)",
                        n + 1
                    ))
                }
            };
            *slot = Some(v.to_owned());
        }
        out.push(BatchQuery {
            label: line.to_owned(),
            query: query.to_owned(),
            filters,
        });
    }
    Ok(out)
}

/// Per query, per submission: (hit count, best hit).
pub type Matrix = Vec<BTreeMap<String, (usize, Hit)>>;

pub fn run(si: &SearchIndex, queries: &[BatchQuery]) -> Result<Matrix, SearchError> {
    let all = si.manifest.submissions.len().max(1) * 10_000;
    queries
        .iter()
        .map(|q| {
            let mut per: BTreeMap<String, (usize, Hit)> = BTreeMap::new();
            for h in search(si, &q.query, &q.filters, all)? {
                let e = per
                    .entry(h.submission.clone())
                    .or_insert_with(|| (0, h.clone()));
                e.0 += 1;
                if h.score > e.1.score {
                    e.1 = h;
                }
            }
            Ok(per)
        })
        .collect()
}

pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Writes batch.csv and batch.xlsx into `out`: one row per submission, for each query its hit count
/// and best snippet.
pub fn write(
    out: &Path,
    si: &SearchIndex,
    queries: &[BatchQuery],
    matrix: &Matrix,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let subs: Vec<&String> = si.manifest.submissions.keys().collect();
    let mut csv = String::from("\u{feff}报送单位 submission");
    for q in queries {
        csv.push_str(&format!(
            ",{} 命中数,{} 最佳片段",
            csv_field(&q.label),
            csv_field(&q.label)
        ));
    }
    csv.push('\n');
    for s in &subs {
        csv.push_str(&csv_field(s));
        for per in matrix {
            match per.get(*s) {
                Some((n, h)) => csv.push_str(&format!(",{n},{}", csv_field(&h.snippet))),
                None => csv.push_str(",0,"),
            }
        }
        csv.push('\n');
    }
    let csv_path = out.join("batch.csv");
    std::fs::write(&csv_path, csv)?;

    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("命中矩阵")?;
    ws.write_string_with_format(0, 0, "报送单位", &bold)?;
    for (j, q) in queries.iter().enumerate() {
        ws.write_string_with_format(0, j as u16 + 1, &q.label, &bold)?;
        ws.set_column_width(j as u16 + 1, 16)?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_freeze_panes(1, 1)?;
    let snippets = wb.add_worksheet();
    snippets.set_name("最佳片段")?;
    for (c, h) in ["报送单位", "检索式", "命中数", "文件", "章节", "片段"]
        .iter()
        .enumerate()
    {
        snippets.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    snippets.set_column_width(5, 80)?;
    let mut row = 1;
    for (i, s) in subs.iter().enumerate() {
        let ws = wb.worksheet_from_index(0)?;
        ws.write_string(i as u32 + 1, 0, s.as_str())?;
        for (j, per) in matrix.iter().enumerate() {
            let n = per.get(*s).map_or(0, |x| x.0);
            ws.write_number(i as u32 + 1, j as u16 + 1, n as f64)?;
        }
        for (j, per) in matrix.iter().enumerate() {
            if let Some((n, h)) = per.get(*s) {
                let ws = wb.worksheet_from_index(1)?;
                ws.write_string(row, 0, s.as_str())?;
                ws.write_string(row, 1, &queries[j].label)?;
                ws.write_number(row, 2, *n as f64)?;
                ws.write_string(row, 3, &h.document)?;
                ws.write_string(row, 4, &h.section)?;
                ws.write_string(row, 5, &h.snippet)?;
                row += 1;
            }
        }
    }
    let xlsx_path = out.join("batch.xlsx");
    wb.save(&xlsx_path)?;
    Ok(vec![csv_path, xlsx_path])
}
