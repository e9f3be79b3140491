//! The indicator workbook as cities fill it: the table found by its header names, rows matched to the
//! template through normalised names and aliases, values read from numbers, percentages, text with
//! separators, approximations and units; then checked for emptiness and plausibility, and held
//! against the numbers the narrative quotes.

use crate::check::code::FlagCode;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::check::finding::Evidence;
use crate::check::finding::Flag;
use crate::document::model::{BlockKind, CellValue, DocKind, Document, Sheet};
use crate::document::text::fold_width;
use crate::profile::indicators_spec::{IndicatorSpec, IndicatorType, IndicatorsSpec};
use crate::profile::Profile;
use crate::submission::Submission;

/// One value as read: the number in the template's unit, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub year: u16,
    pub value: Option<f64>,
    /// The cell as written.
    pub raw: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
    /// Why the value is missing or unusable, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// True when the cell is blank or says "no data".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub empty: bool,
    /// (row, col) of the cell, 0-based.
    pub cell: (u32, u32),
}

/// One row of the normalised table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub written_name: String,
    pub category: Option<String>,
    pub unit: String,
    pub written_unit: Option<String>,
    pub values: Vec<Value>,
    pub target: Option<Value>,
    pub row: u32,
}

/// A submission's indicator table, normalised to the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub document: String,
    pub sheet: String,
    pub header_row: u32,
    pub rows: Vec<Row>,
    /// Row names that match no indicator of the template.
    pub unmatched: Vec<String>,
}

impl Table {
    pub fn value(&self, id: &str, year: u16) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.id == id)?
            .values
            .iter()
            .find(|v| v.year == year)?
            .value
    }
}

/// Names compared without width, spaces, punctuation or a unit in brackets.
pub fn normalize_name(s: &str) -> String {
    let folded = fold_width(s);
    let without_unit = match folded.find(['(', '（']) {
        Some(i) if i > 0 => &folded[..i],
        _ => folded.as_str(),
    };
    without_unit
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

fn bracket_unit(s: &str) -> Option<String> {
    let f = fold_width(s);
    let open = f.find('(')?;
    let close = f[open..].find(')')? + open;
    let u = f[open + 1..close].trim();
    (!u.is_empty() && u.chars().count() <= 6).then(|| u.to_owned())
}

/// The template indicator a row name stands for: exact name or alias first, then the longest
/// template name the row name contains.
pub fn match_indicator<'s>(spec: &'s IndicatorsSpec, written: &str) -> Option<&'s IndicatorSpec> {
    let n = normalize_name(written);
    if n.is_empty() {
        return None;
    }
    let names = |i: &'s IndicatorSpec| {
        std::iter::once(&i.name)
            .chain(i.aliases.iter())
            .map(|x| normalize_name(x))
    };
    if let Some(i) = spec.indicator.iter().find(|i| names(i).any(|x| x == n)) {
        return Some(i);
    }
    spec.indicator
        .iter()
        .flat_map(|i| names(i).map(move |x| (i, x)))
        .filter(|(_, x)| !x.is_empty() && n.contains(x.as_str()))
        .max_by_key(|(_, x)| x.chars().count())
        .map(|(i, _)| i)
}

fn header_kind(spec: &IndicatorsSpec, text: &str) -> Option<Column> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| {
        Regex::new(r"^(20\d{2})年?(末|底|数值|数据|实际值|完成值|实绩)?$").expect("pattern")
    });
    let n = normalize_name(text);
    let any = |words: &[String]| words.iter().any(|w| normalize_name(w) == n);
    if n.contains("目标") || any(&spec.workbook.target) {
        return Some(Column::Target);
    }
    if let Some(c) = year.captures(&n) {
        return c[1].parse().ok().map(Column::Year);
    }
    if any(&spec.workbook.name) {
        return Some(Column::Name);
    }
    if any(&spec.workbook.category) {
        return Some(Column::Category);
    }
    if any(&spec.workbook.unit) {
        return Some(Column::Unit);
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Name,
    Category,
    Unit,
    Year(u16),
    Target,
}

/// Finds the indicator table in a workbook document. `Err` says what was looked for and not found.
pub fn read_table(doc: &Document, spec: &IndicatorsSpec) -> Result<Table, String> {
    let book = doc
        .workbook
        .as_ref()
        .ok_or_else(|| "不是表格文件".to_string())?;
    let mut sheets: Vec<&Sheet> = book.sheets.iter().collect();
    // Named sheets first, the rest after, each in workbook order.
    sheets.sort_by_key(|s| {
        !spec
            .workbook
            .sheet_names
            .iter()
            .any(|n| normalize_name(n) == normalize_name(&s.name))
    });
    for sheet in sheets {
        if let Some(t) = read_sheet(doc, sheet, spec) {
            return Ok(t);
        }
    }
    Err(format!(
        "所有工作表中均未找到含“{}”和年份列（如“2023年”）的表头行",
        spec.workbook.name.first().cloned().unwrap_or_default()
    ))
}

fn cell_text(v: &CellValue) -> String {
    crate::read::xlsx::display(v)
}

fn read_sheet(doc: &Document, sheet: &Sheet, spec: &IndicatorsSpec) -> Option<Table> {
    let mut by_row: BTreeMap<u32, Vec<&crate::document::model::Cell>> = BTreeMap::new();
    for c in &sheet.cells {
        by_row.entry(c.row).or_default().push(c);
    }
    // The header row: a name column and at least one year column.
    let (header_row, columns) = by_row.iter().find_map(|(r, cells)| {
        let cols: Vec<(u32, Column)> = cells
            .iter()
            .filter_map(|c| header_kind(spec, &cell_text(&c.value)).map(|k| (c.col, k)))
            .collect();
        let has_name = cols.iter().any(|(_, k)| *k == Column::Name);
        let has_year = cols.iter().any(|(_, k)| matches!(k, Column::Year(_)));
        (has_name && has_year).then_some((*r, cols))
    })?;
    let col_of = |k: Column| columns.iter().find(|(_, x)| *x == k).map(|(c, _)| *c);
    let name_col = col_of(Column::Name)?;
    let category_col = col_of(Column::Category);
    let unit_col = col_of(Column::Unit);
    let target_col = col_of(Column::Target);
    let year_cols: Vec<(u16, u32)> = columns
        .iter()
        .filter_map(|(c, k)| match k {
            Column::Year(y) => Some((*y, *c)),
            _ => None,
        })
        .collect();
    let cell_at = |r: u32, c: u32| sheet.cells.iter().find(|x| x.row == r && x.col == c);
    // A merged category applies to every row of its range.
    let merged_value = |r: u32, c: u32| {
        sheet
            .merged
            .iter()
            .find(|m| {
                (m.first_row..=m.last_row).contains(&r) && (m.first_col..=m.last_col).contains(&c)
            })
            .and_then(|m| cell_at(m.first_row, m.first_col))
            .map(|x| cell_text(&x.value))
    };
    let mut rows = Vec::new();
    let mut unmatched = Vec::new();
    let mut last_category: Option<String> = None;
    for (&r, _) in by_row.range(header_row + 1..) {
        let Some(name_cell) = cell_at(r, name_col) else {
            continue;
        };
        let written_name = cell_text(&name_cell.value).trim().to_owned();
        if written_name.is_empty() {
            continue;
        }
        let category = category_col
            .and_then(|c| {
                cell_at(r, c)
                    .map(|x| cell_text(&x.value))
                    .filter(|t| !t.trim().is_empty())
                    .or_else(|| merged_value(r, c))
            })
            .or_else(|| last_category.clone());
        last_category = category.clone();
        let Some(ind) = match_indicator(spec, &written_name) else {
            // Notes ("注：……") and headings of blocks are not indicators.
            let n = fold_width(&written_name);
            if !(n.starts_with("注")
                || n.starts_with("说明")
                || n.starts_with("备注")
                || n.chars().count() > 40)
            {
                unmatched.push(written_name);
            }
            continue;
        };
        let written_unit = unit_col
            .and_then(|c| cell_at(r, c))
            .map(|x| cell_text(&x.value).trim().to_owned())
            .filter(|u| !u.is_empty())
            .or_else(|| bracket_unit(&written_name));
        let read = |year: u16, c: u32| {
            read_value(
                spec,
                ind,
                written_unit.as_deref(),
                year,
                cell_at(r, c),
                (r, c),
            )
        };
        let values = year_cols.iter().map(|(y, c)| read(*y, *c)).collect();
        let target = target_col.map(|c| read(0, c));
        rows.push(Row {
            id: ind.id.clone(),
            name: ind.name.clone(),
            written_name,
            category,
            unit: ind.unit.clone(),
            written_unit,
            values,
            target,
            row: r,
        });
    }
    Some(Table {
        document: doc.path.clone(),
        sheet: sheet.name.clone(),
        header_row,
        rows,
        unmatched,
    })
}

/// The factor that takes a written unit to the template's, if they differ and a conversion is known.
fn conversion(spec: &IndicatorsSpec, written: &str, unit: &str) -> Option<f64> {
    let w = fold_width(written).trim().to_owned();
    if w.is_empty() || w == unit {
        return Some(1.0);
    }
    spec.workbook
        .conversions
        .iter()
        .find(|c| fold_width(&c.from) == w && c.to == unit)
        .map(|c| c.factor)
}

fn read_value(
    spec: &IndicatorsSpec,
    ind: &IndicatorSpec,
    written_unit: Option<&str>,
    year: u16,
    cell: Option<&crate::document::model::Cell>,
    at: (u32, u32),
) -> Value {
    let mut v = Value {
        year,
        value: None,
        raw: String::new(),
        approx: false,
        problem: None,
        empty: false,
        cell: at,
    };
    let Some(cell) = cell else {
        v.empty = true;
        v.problem = Some("未填写".into());
        return v;
    };
    v.raw = cell_text(&cell.value);
    let factor = match written_unit.map(|u| conversion(spec, u, &ind.unit)) {
        Some(None) => {
            v.problem = Some(format!(
                "单位“{}”与模板单位“{}”不一致",
                written_unit.unwrap_or_default(),
                ind.unit
            ));
            return v;
        }
        Some(Some(f)) => f,
        None => 1.0,
    };
    match &cell.value {
        CellValue::Number(n) => {
            let n = if ind.kind == IndicatorType::Percent && cell.percent {
                n * 100.0
            } else {
                *n
            };
            // 0.272 stored for 27.2% times 100 is 27.200000000000003: round away the binary
            // noise (ten significant digits are more than any workbook writes).
            v.value = Some(round_noise(n * factor));
        }
        CellValue::Text(t) => match parse_text(spec, ind, t) {
            Parsed::Empty => {
                v.empty = true;
                v.problem = Some(format!("填写为“{}”", t.trim()));
            }
            Parsed::Number { value, approx } => {
                v.value = Some(value * factor);
                v.approx = approx;
            }
            Parsed::NotNumber => v.problem = Some(format!("“{}”不是数值", t.trim())),
        },
        CellValue::Empty if cell.formula.is_some() => {
            v.empty = true;
            v.problem = Some(format!(
                "公式“{}”没有保存计算结果",
                cell.formula.clone().unwrap_or_default()
            ));
        }
        CellValue::Empty => {
            v.empty = true;
            v.problem = Some("未填写".into());
        }
        CellValue::Error(e) => v.problem = Some(format!("单元格错误{e}")),
        CellValue::Bool(_) | CellValue::Date(_) => v.problem = Some(format!("“{}”不是数值", v.raw)),
    }
    if v.value.is_some() && v.raw.is_empty() {
        v.raw = cell_text(&cell.value);
    }
    v
}

enum Parsed {
    Empty,
    Number { value: f64, approx: bool },
    NotNumber,
}

/// Reads a number typed as text: "1,234.5", "12.5%", "约30", "30家", "—", "暂无".
fn parse_text(spec: &IndicatorsSpec, ind: &IndicatorSpec, text: &str) -> Parsed {
    let t = fold_width(text).trim().to_owned();
    if t.is_empty()
        || spec
            .workbook
            .empty_markers
            .iter()
            .any(|m| fold_width(m) == t)
    {
        return Parsed::Empty;
    }
    let mut s = t.as_str();
    let mut approx = false;
    for p in &spec.workbook.approx_prefixes {
        if let Some(rest) = s.strip_prefix(p.as_str()) {
            s = rest.trim_start();
            approx = true;
            break;
        }
    }
    let s = s
        .trim_end_matches(['%', '％'])
        .trim_end_matches(ind.unit.as_str())
        .trim();
    let cleaned: String = s
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Parsed::Number { value: v, approx },
        _ => Parsed::NotNumber,
    }
}

/// `x` rounded to ten significant digits: the noise of binary arithmetic (27.200000000000003)
/// removed, every figure a workbook holds kept.
fn round_noise(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(9 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

fn cell_evidence(
    doc: &Document,
    sheet: usize,
    sheet_name: &str,
    cell: (u32, u32),
    fallback_row: u32,
) -> Evidence {
    // The cell itself, else the row's longest text (its indicator name, not its 序号).
    let find = |r: u32, c: Option<u32>| {
        doc.blocks
            .iter()
            .filter(|b| {
                b.table.is_some_and(|p| {
                    p.table == sheet && p.row == r as usize && c.is_none_or(|c| p.col == c as usize)
                })
            })
            .max_by_key(|b| {
                let han = b
                    .text
                    .chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                    .count();
                (han, b.text.chars().count())
            })
    };
    match find(cell.0, Some(cell.1)).or_else(|| find(fallback_row, None)) {
        Some(b) => Evidence::of_block(doc, b.index),
        None => Evidence {
            document: doc.path.clone(),
            section: Some(sheet_name.to_owned()),
            block: 0,
            quote: String::new(),
        },
    }
}

fn flag(
    profile: &Profile,
    code: FlagCode,
    id: &str,
    message: String,
    evidence: Vec<Evidence>,
) -> Flag {
    Flag::ruled(profile, code, code, Some(id), message, evidence)
}

/// Reads the submission's indicator workbook(s): the first table found.
pub fn table_of(sub: &Submission, profile: &Profile) -> Option<Result<Table, (String, String)>> {
    let books: Vec<&Document> = sub
        .documents_of(DocKind::Indicators)
        .filter(|d| d.workbook.is_some())
        .collect();
    let first = books.first()?;
    Some(
        books
            .iter()
            .find_map(|d| read_table(d, &profile.indicators).ok())
            .ok_or_else(|| {
                (
                    first.path.clone(),
                    read_table(first, &profile.indicators)
                        .err()
                        .unwrap_or_default(),
                )
            }),
    )
}

/// The evidence of a cell of `table` (row, col; 0-based) in the submission's workbook: the cell's
/// block as written, else the longest text of row `fallback_row` (its indicator name). A quote
/// is always text of the block it names.
pub fn table_cell_evidence(
    sub: &Submission,
    table: &Table,
    cell: (u32, u32),
    fallback_row: u32,
) -> Evidence {
    let Some(doc) = sub.documents.iter().find(|d| d.path == table.document) else {
        return Evidence {
            document: table.document.clone(),
            section: Some(table.sheet.clone()),
            block: 0,
            quote: String::new(),
        };
    };
    let sheet_index = doc
        .workbook
        .as_ref()
        .and_then(|b| b.sheets.iter().position(|s| s.name == table.sheet))
        .unwrap_or(0);
    cell_evidence(doc, sheet_index, &table.sheet, cell, fallback_row)
}

/// INDICATOR_EMPTY and INDICATOR_INVALID for the table, INDICATOR_MISMATCH against the narrative.
pub fn flags(sub: &Submission, profile: &Profile, table: &Table) -> Vec<Flag> {
    let spec = &profile.indicators;
    let Some(doc) = sub.documents.iter().find(|d| d.path == table.document) else {
        return Vec::new();
    };
    let sheet_index = doc
        .workbook
        .as_ref()
        .and_then(|b| b.sheets.iter().position(|s| s.name == table.sheet))
        .unwrap_or(0);
    let ev = |cell: (u32, u32), row: u32| cell_evidence(doc, sheet_index, &table.sheet, cell, row);
    let mut out = Vec::new();
    for ind in spec.indicator.iter().filter(|i| i.required) {
        let Some(row) = table.rows.iter().find(|r| r.id == ind.id) else {
            out.push(flag(
                profile,
                FlagCode::IndicatorEmpty,
                &ind.id,
                format!(
                    "指标表“{}”工作表“{}”中没有“{}”这一行（按名称及其他写法“{}”查找）。",
                    table.document,
                    table.sheet,
                    ind.name,
                    ind.aliases.join("、")
                ),
                Vec::new(),
            ));
            continue;
        };
        let mut empty = Vec::new();
        let mut invalid = Vec::new();
        for y in &spec.workbook.required_years {
            match row.values.iter().find(|v| v.year == *y) {
                None => empty.push((format!("表中没有{y}年列"), None)),
                Some(v) if v.empty => empty.push((
                    format!("{y}年{}", v.problem.clone().unwrap_or_default()),
                    Some(v.cell),
                )),
                Some(v) if v.value.is_none() => invalid.push((
                    format!("{y}年{}", v.problem.clone().unwrap_or_default()),
                    v.cell,
                )),
                Some(_) => {}
            }
        }
        for v in row.values.iter().filter(|v| v.value.is_some()) {
            let x = v.value.unwrap_or_default();
            if x < ind.min || x > ind.max {
                let why = if ind.kind == IndicatorType::Count && x < 0.0 {
                    "数量为负".to_string()
                } else if ind.kind == IndicatorType::Percent && x > 100.0 && ind.max <= 100.0 {
                    "比重超过100%".to_string()
                } else {
                    format!("超出合理范围{}~{}{}", ind.min, ind.max, ind.unit)
                };
                invalid.push((format!("{}年为{}（{}）", v.year, v.raw, why), v.cell));
            }
        }
        // Year on year: a jump beyond the factor, for amounts and counts.
        if ind.kind != IndicatorType::Percent {
            let mut sorted: Vec<&Value> = row
                .values
                .iter()
                .filter(|v| v.value.is_some_and(|x| x > 0.0))
                .collect();
            sorted.sort_by_key(|v| v.year);
            for w in sorted.windows(2) {
                let (a, b) = (w[0].value.unwrap_or(1.0), w[1].value.unwrap_or(1.0));
                let ratio = b / a;
                if w[1].year == w[0].year + 1
                    && (ratio > spec.workbook.jump_factor
                        || ratio < 1.0 / spec.workbook.jump_factor)
                {
                    invalid.push((
                        format!(
                            "{}年{}到{}年{}，变动{:.1}倍",
                            w[0].year, w[0].raw, w[1].year, w[1].raw, ratio
                        ),
                        w[1].cell,
                    ));
                }
            }
        }
        if !empty.is_empty() {
            out.push(flag(
                profile,
                FlagCode::IndicatorEmpty,
                &ind.id,
                format!(
                    "指标“{}”：{}。",
                    ind.name,
                    empty
                        .iter()
                        .map(|e| e.0.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                empty
                    .iter()
                    .map(|e| ev(e.1.unwrap_or((row.row, 0)), row.row))
                    .collect(),
            ));
        }
        if !invalid.is_empty() {
            out.push(flag(
                profile,
                FlagCode::IndicatorInvalid,
                &ind.id,
                format!(
                    "指标“{}”数值不合理：{}。请核对。",
                    ind.name,
                    invalid
                        .iter()
                        .map(|e| e.0.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                invalid.iter().map(|e| ev(e.1, row.row)).collect(),
            ));
        }
    }
    out.extend(mismatches(sub, profile, table, &ev));
    out
}

/// How a written figure binds the true value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// "为1,234.5亿元": equal at the precision written.
    Exact,
    /// "约1200亿元", "1200亿元左右": equal when rounded at the last significant digit.
    About,
    /// "突破8,000家", "超过600家", "400余亿元", "30家以上": at least this much.
    AtLeast,
    /// "近400亿元": at most this much.
    AtMost,
}

/// A quote of an indicator in a report: the value (in the written unit) and how it binds, the year
/// it is for, and the clause that says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub id: String,
    pub year: u16,
    pub value: f64,
    pub decimals: usize,
    pub unit: String,
    pub bound: Bound,
}

/// The names a narrative writes an indicator by, longest first: names and aliases, and each with
/// its counting suffix dropped ("高新技术企业数量" → "高新技术企业", "知识产权质押融资金额" → "知识产权质押融资").
fn narrative_names(spec: &IndicatorsSpec) -> Vec<(&IndicatorSpec, String)> {
    let mut names: Vec<(&IndicatorSpec, String)> = Vec::new();
    for i in &spec.indicator {
        for n in std::iter::once(&i.name).chain(i.aliases.iter()) {
            let n = fold_width(n);
            for suffix in &spec.workbook.narrative_suffixes {
                if let Some(stem) = n.strip_suffix(suffix.as_str()) {
                    if stem.chars().count() >= 4 {
                        names.push((i, stem.to_owned()));
                    }
                }
            }
            names.push((i, n));
        }
    }
    names.retain(|(_, n)| n.chars().count() >= 4);
    names.sort_by_key(|(_, n)| std::cmp::Reverse(n.chars().count()));
    names.dedup_by(|a, b| a.1 == b.1);
    names
}

/// The value of a number as written: digits with separators, or Chinese numerals (百, 千, 一百二十).
fn written_number(s: &str) -> Option<f64> {
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    if let Ok(v) = digits.parse::<f64>() {
        return Some(v);
    }
    let digit = |c: char| {
        "零一二两三四五六七八九".find(c).map(|i| {
            let i = "零一二两三四五六七八九"[..i].chars().count();
            match i {
                3 => 2.0,
                x if x > 3 => (x - 1) as f64,
                x => x as f64,
            }
        })
    };
    let (mut total, mut cur) = (0.0, 0.0);
    for c in s.chars() {
        match c {
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10.0,
                    '百' => 100.0,
                    _ => 1000.0,
                };
                total += if cur == 0.0 { 1.0 } else { cur } * unit;
                cur = 0.0;
            }
            c => cur = digit(c)?,
        }
    }
    Some(total + cur)
}

/// The names a narrative may give the template's indicators (names, aliases and their stems without
/// 数量/金额), found in one pass: built once per run, not per sentence.
pub struct Narrative<'s> {
    names: Vec<(&'s IndicatorSpec, String)>,
    finder: Option<std::sync::Arc<aho_corasick::AhoCorasick>>,
}

impl<'s> Narrative<'s> {
    /// The automaton is built once per list of names and shared (a run reviews every submission
    /// with one profile).
    pub fn new(spec: &'s IndicatorsSpec) -> Narrative<'s> {
        let names: Vec<(&IndicatorSpec, String)> = narrative_names(spec)
            .into_iter()
            .filter(|(_, n)| !n.is_empty())
            .collect();
        let key: Vec<String> = names.iter().map(|(_, n)| n.clone()).collect();
        let finder = crate::check::words::finder(&key);
        Narrative { names, finder }
    }
}

/// [`quotes_with`] for one sentence, building the names first (tests, single calls).
pub fn quotes_in(spec: &IndicatorsSpec, sentence: &str) -> Vec<Quote> {
    quotes_with(&Narrative::new(spec), spec, sentence)
}

/// Indicator values quoted in one sentence ("2023年末，全市制造业贷款余额达到1234.5亿元"): after each
/// indicator's name, the figures of its clause, each with the year written last before it. Not a
/// value of the indicator: a growth, a share or an increment after the name (同比增长, 占……比重, 净增),
/// a target (目标, 力争), a part of the city or one bank (顺德区……, 建设银行……分行……), a sub-category
/// (其中制造业不良贷款率), a figure for part of the year (9月末, 前三季度), a total over several years
/// (2021年以来累计……).
/// Names are found leftmost-longest and never overlap.
pub fn quotes_with(narrative: &Narrative, spec: &IndicatorsSpec, sentence: &str) -> Vec<Quote> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let num = NUM.get_or_init(|| {
        Regex::new(r"(约|近|超过|突破|跨越|迈上|站上|逾|达)?(\d[\d,]*(?:\.(\d+))?|[一二两三四五六七八九十百千]+)(余|多)?(万亿元|亿元|万元|元|万家|万户|家|个百分点|个|户|%)(以上|左右)?")
            .expect("pattern")
    });
    let year_re = YEAR.get_or_init(|| Regex::new(r"(20\d{2})年").expect("pattern"));
    let range_re =
        RANGE.get_or_init(|| Regex::new(r"(20\d{2})年?[—–\-~～至到](20\d{2})年").expect("pattern"));
    let wb = &spec.workbook;
    let text: String = fold_width(sentence)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let contains_any = |t: &str, words: &[String]| {
        words
            .iter()
            .any(|w| !w.is_empty() && t.contains(w.as_str()))
    };
    // Every indicator name in the sentence, longest first, not overlapping.
    let found: Vec<(usize, usize, &IndicatorSpec)> = narrative
        .finder
        .iter()
        .flat_map(|f| f.find_iter(&text))
        .map(|m| {
            (
                m.start(),
                m.end(),
                narrative.names[m.pattern().as_usize()].0,
            )
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(start, end, ind)) in found.iter().enumerate() {
        // A modifier right before the name makes it a part or a sub-category.
        let before = &text[..start];
        let modified = before
            .chars()
            .last()
            .is_some_and(crate::document::text::is_han)
            && !wb
                .name_may_follow
                .iter()
                .any(|w| !w.is_empty() && before.ends_with(w.as_str()));
        if modified {
            continue;
        }
        // The clause: up to the next separator (a "," inside "4,128.6" is none) or the next
        // indicator's name.
        let clause_end = text[end..]
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '，' | '；' | '。' | ';')
                    || c == ','
                        && !(text[..end + i].ends_with(|d: char| d.is_ascii_digit())
                            && text[end + i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            })
            .map_or(text.len(), |(p, _)| end + p)
            .min(found.get(k + 1).map_or(text.len(), |f| f.0));
        let clause = &text[end..clause_end];
        // The stretch of the sentence before the name, for the year and a total over years.
        let lead = &text[..start];
        let lead_clause = lead
            .rfind(['，', '；', ';', ','])
            .and_then(|p| lead[p..].chars().next().map(|c| &lead[p + c.len_utf8()..]))
            .unwrap_or(lead);
        let over_years = (contains_any(clause, &wb.cumulative)
            || contains_any(lead_clause, &wb.cumulative))
            && (range_re.is_match(&text[..clause_end]) || text[..start].contains("以来"))
            && !contains_any(&text[..clause_end], &wb.as_of);
        if over_years {
            continue;
        }
        let figures: Vec<regex::Captures> = num.captures_iter(clause).collect();
        // "分别为98家、104家、111家" under "2021—2023年" or "2021年、2022年、2023年": one figure a
        // year; figures given 分别 that cannot be put to years are none of a year.
        let respectively = clause.contains("分别");
        let series_years: Option<Vec<u16>> = respectively
            .then(|| {
                range_re
                    .captures(&text[..start])
                    .and_then(|c| {
                        let (a, b): (u16, u16) = (c[1].parse().ok()?, c[2].parse().ok()?);
                        (b >= a && (b - a + 1) as usize == figures.len()).then(|| (a..=b).collect())
                    })
                    .or_else(|| {
                        let listed: Vec<u16> = year_re
                            .captures_iter(&text[..start])
                            .filter_map(|y| y[1].parse().ok())
                            .collect();
                        (listed.len() == figures.len() && listed.windows(2).all(|w| w[0] < w[1]))
                            .then_some(listed)
                    })
            })
            .flatten();
        if respectively && series_years.is_none() {
            continue;
        }
        let mut prev = 0;
        for (n, c) in figures.iter().enumerate() {
            let m = c.get(0).expect("match");
            let link = &clause[prev..m.start()];
            prev = m.end();
            // A growth, share, increment or target: the figure is not the indicator's value.
            let blocked = wb.not_value_links.iter().any(|w| {
                link.match_indices(w.as_str()).any(|(i, _)| {
                    let rest = &link[i + w.len()..];
                    !rest.starts_with(['到', '至'])
                })
            });
            if blocked || contains_any(link, &wb.part_of_year) {
                continue;
            }
            let year = match &series_years {
                Some(years) => years[n],
                None => {
                    let upto = &text[..end + m.start()];
                    let Some(y) = year_re
                        .captures_iter(upto)
                        .last()
                        .and_then(|y| y[1].parse::<u16>().ok())
                    else {
                        continue;
                    };
                    // "2023年9月末", "2023年前三季度": part of the year.
                    let after_year = &upto[upto.rfind('年').map_or(0, |p| p + '年'.len_utf8())..];
                    if contains_any(after_year, &wb.part_of_year)
                        || after_year.starts_with(|c: char| c.is_ascii_digit())
                            && after_year.contains('月')
                            && !after_year.starts_with("12月")
                    {
                        continue;
                    }
                    y
                }
            };
            let Some(value) = written_number(&c[2]) else {
                continue;
            };
            let bound = match (
                c.get(1).map(|x| x.as_str()),
                c.get(4).is_some(),
                c.get(6).map(|x| x.as_str()),
            ) {
                (Some("约"), _, _) | (_, _, Some("左右")) => Bound::About,
                (Some("近"), _, _) => Bound::AtMost,
                (Some("超过" | "突破" | "跨越" | "迈上" | "站上" | "逾"), _, _)
                | (_, true, _)
                | (_, _, Some("以上")) => Bound::AtLeast,
                _ => Bound::Exact,
            };
            out.push(Quote {
                id: ind.id.clone(),
                year,
                value,
                decimals: c.get(3).map_or(0, |d| d.as_str().len()),
                unit: c[5].replace('％', "%"),
                bound,
            });
            // "余额1,126.8亿元，同比增长21.4%": the growth right after the value is its growth
            // indicator's (制造业贷款余额增速), in the same year.
            if n == 0 {
                if let Some(g) = spec
                    .indicator
                    .iter()
                    .find(|g| g.growth_of.as_deref() == Some(ind.id.as_str()))
                {
                    let next_name = found.get(k + 1).map_or(text.len(), |f| f.0);
                    let after = &text[end + m.end()..next_name];
                    let after = &after[..after.find('。').unwrap_or(after.len())];
                    if let Some(c) = growth_re().captures(after) {
                        if let Ok(v) = c[1].parse::<f64>() {
                            out.push(Quote {
                                id: g.id.clone(),
                                year,
                                value: v,
                                decimals: c.get(2).map_or(0, |d| d.as_str().len()),
                                unit: "%".into(),
                                bound: Bound::Exact,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// "，同比增长21.4%" right after a value: the year-on-year growth.
fn growth_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[，,、]?(?:同比|比上年|较上年)增长(\d+(?:\.(\d+))?)%").expect("growth")
    })
}

/// Whether a quote agrees with the workbook's value `book` (in the template's unit); `factor`
/// takes the quote's unit to the template's.
fn agrees(q: &Quote, book: f64, factor: f64, tolerance: f64) -> bool {
    let quoted = q.value * factor;
    match q.bound {
        Bound::AtLeast => book >= quoted,
        Bound::AtMost => book <= quoted,
        Bound::About => {
            // Rounded at the last significant digit written: 1200 → hundreds, 1.2万 → thousands.
            let digits = format!("{}", q.value);
            let place = if q.decimals > 0 {
                10f64.powi(-(q.decimals as i32))
            } else {
                let zeros = digits.trim_end_matches('0').len();
                10f64.powi((digits.len() - zeros) as i32)
            };
            (book - quoted).abs() <= place * factor / 2.0 + 1e-9
        }
        Bound::Exact => {
            let scale = 10f64.powi(q.decimals as i32);
            let rounded = (book / factor * scale).round() / scale * factor;
            (rounded - quoted).abs() < 1e-9 || (book - quoted).abs() <= tolerance * book.abs()
        }
    }
}

fn mismatches(
    sub: &Submission,
    profile: &Profile,
    table: &Table,
    ev: &dyn Fn((u32, u32), u32) -> Evidence,
) -> Vec<Flag> {
    let spec = &profile.indicators;
    let by_id: HashMap<&str, &IndicatorSpec> =
        spec.indicator.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut out: Vec<Flag> = Vec::new();
    let narrative = Narrative::new(spec);
    // An earlier plan's figures are targets, not statements of what was achieved (the ledger
    // compares them): they are never held to the workbook.
    let reports = sub.documents.iter().filter(|d| {
        matches!(
            d.kind,
            DocKind::SelfEvaluation | DocKind::ImplementationPlan
        ) && !crate::check::ledger::is_earlier_plan(sub, d, &profile.rules)
    });
    for doc in reports {
        for b in doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
        {
            for sentence in b.text.split_inclusive(['。', '！', '？']) {
                for q in quotes_with(&narrative, spec, sentence) {
                    let Some(ind) = by_id.get(q.id.as_str()) else {
                        continue;
                    };
                    let Some(factor) = conversion(spec, &q.unit, &ind.unit) else {
                        continue;
                    };
                    let Some(row) = table.rows.iter().find(|r| r.id == q.id) else {
                        continue;
                    };
                    let Some(v) = row
                        .values
                        .iter()
                        .find(|v| v.year == q.year)
                        .filter(|v| v.value.is_some())
                    else {
                        continue;
                    };
                    let book = v.value.unwrap_or_default();
                    if agrees(&q, book, factor, spec.workbook.mismatch_tolerance)
                        || out
                            .iter()
                            .any(|f| f.subject.as_deref() == Some(q.id.as_str()))
                    {
                        continue;
                    }
                    let quote_ev = Evidence {
                        quote: sentence.trim().to_owned(),
                        ..Evidence::of_block(doc, b.index)
                    };
                    let written = match q.bound {
                        Bound::About => format!("约{}{}", q.value, q.unit),
                        Bound::AtLeast => format!("{}{}以上", q.value, q.unit),
                        Bound::AtMost => format!("近{}{}", q.value, q.unit),
                        Bound::Exact => format!("{}{}", q.value, q.unit),
                    };
                    out.push(flag(
                        profile,
                        FlagCode::IndicatorMismatch,
                        &q.id,
                        format!(
                            "正文写{}年“{}”为{written}，指标表“{}”中为{}{}。请核对以哪个为准。",
                            q.year, ind.name, table.document, v.raw, ind.unit
                        ),
                        vec![quote_ev, ev(v.cell, row.row)],
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A percentage stored as a fraction reads back as written: 0.272 → 27.2, not
    /// 27.200000000000003 (seen on a generated workbook's review page).
    #[test]
    fn binary_noise_is_rounded_away() {
        assert_eq!(round_noise(0.272 * 100.0), 27.2);
        assert_eq!(round_noise(1_046.2), 1_046.2);
        assert_eq!(round_noise(0.0), 0.0);
        assert_eq!(round_noise(123_456_789.123), 123_456_789.1);
    }

    /// "2021年、2022年、2023年……分别为57.5亿元、64亿元、72.5亿元": each figure its own year (the
    /// hostile review saw 57.5 read as 2023's).
    #[test]
    fn respectively_with_listed_years() {
        let spec = Profile::embedded().indicators;
        let q = quotes_in(
            &spec,
            "2021年、2022年、2023年，全市知识产权质押融资金额分别为57.5亿元、64亿元、72.5亿元。",
        );
        let by_year: Vec<(u16, f64)> = q.iter().map(|x| (x.year, x.value)).collect();
        assert!(by_year.contains(&(2023, 72.5)), "{by_year:?}");
        assert!(!by_year.contains(&(2023, 57.5)), "{by_year:?}");
    }

    #[test]
    fn names_units_and_quotes() {
        let spec = Profile::embedded().indicators;
        let id = |n: &str| match_indicator(&spec, n).map(|i| i.id.clone());
        assert_eq!(id("地区生产总值（亿元）").as_deref(), Some("gdp"));
        assert_eq!(
            id(" 规上工业企业数量 ").as_deref(),
            Some("industrial_firms")
        );
        assert_eq!(
            id("制造业贷款余额增速").as_deref(),
            Some("manufacturing_loan_growth")
        );
        assert_eq!(
            id("其中：制造业中长期贷款余额").as_deref(),
            Some("manufacturing_long_loans")
        );
        assert_eq!(id("注：数据来源于统计局"), None);
        assert_eq!(
            bracket_unit("地区生产总值（亿元）").as_deref(),
            Some("亿元")
        );
        let q = quotes_in(
            &spec,
            "2023年末，全市制造业贷款余额达到1,234.5亿元，制造业贷款余额增速为12.3%。",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(
            (q[0].id.as_str(), q[0].value, q[0].unit.as_str()),
            ("manufacturing_loans", 1234.5, "亿元")
        );
        assert_eq!(
            (q[1].id.as_str(), q[1].value, q[1].decimals),
            ("manufacturing_loan_growth", 12.3, 1)
        );
        assert!(
            quotes_in(&spec, "制造业贷款余额达到1234.5亿元。").is_empty(),
            "no year, no quote"
        );
    }
}
