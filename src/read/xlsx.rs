//! Workbook extraction with calamine: every sheet, typed cells (text that looks like a number stays
//! text, with its original string), formulas, merged ranges. The package is first decompressed under
//! our caps, since calamine reads parts without limits.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::document::model::{Cell, CellPos, CellValue, Merge, Sheet, Workbook};
use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::ooxml::Package;

pub fn read(bytes: &[u8], limits: Limits) -> Result<Workbook> {
    let mut pkg = Package::open(bytes, limits, "Excel .xlsx")?;
    if !pkg.has("xl/workbook.xml") {
        return Err(ExtractError::MissingPart("xl/workbook.xml".into()));
    }
    pkg.check_all()?;
    let corrupt = |e: calamine::XlsxError| ExtractError::Corrupt {
        expected: "Excel .xlsx",
        detail: e.to_string(),
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(corrupt)?;
        let formulas = book.worksheet_formula(&name).ok();
        let styles = book.worksheet_style(&name).ok();
        let percent = |row: u32, col: u32| {
            styles
                .as_ref()
                .and_then(|s| s.get((row, col)))
                .and_then(|st| st.number_format.as_ref())
                .is_some_and(|f| f.format_code.contains('%') || matches!(f.format_id, Some(9 | 10)))
        };
        let merged = book
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect();
        let mut cells = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (r, row) in range.rows().enumerate() {
                for (c, data) in row.iter().enumerate() {
                    let (row, col) = (r0 + r as u32, c0 + c as u32);
                    let formula = formulas
                        .as_ref()
                        .and_then(|f| f.get_value((row, col)))
                        .filter(|f| !f.is_empty())
                        .cloned();
                    let value = cell_value(data);
                    if value == CellValue::Empty && formula.is_none() {
                        continue;
                    }
                    total += 1;
                    if total > limits.max_cells {
                        return Err(ExtractError::TooMany {
                            what: "cells",
                            limit: limits.max_cells,
                        });
                    }
                    cells.push(Cell {
                        row,
                        col,
                        value,
                        formula,
                        percent: percent(row, col),
                    });
                }
            }
        }
        // Formula cells without a cached value lie outside the value range's rows; add them.
        if let Some(f) = &formulas {
            if let Some((fr, fc)) = f.start() {
                for (r, row) in f.rows().enumerate() {
                    for (c, text) in row.iter().enumerate() {
                        let (row, col) = (fr + r as u32, fc + c as u32);
                        if !text.is_empty() && !cells.iter().any(|x| x.row == row && x.col == col) {
                            cells.push(Cell {
                                row,
                                col,
                                value: CellValue::Empty,
                                formula: Some(text.clone()),
                                percent: percent(row, col),
                            });
                        }
                    }
                }
                cells.sort_by_key(|c| (c.row, c.col));
            }
        }
        sheets.push(Sheet {
            name,
            cells,
            merged,
        });
    }
    Ok(Workbook { sheets })
}

fn cell_value(d: &Data) -> CellValue {
    match d {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => CellValue::Date(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Date(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// How a cell reads as text in a block: numbers without a spurious ".0".
pub fn display(v: &CellValue) -> String {
    match v {
        CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        CellValue::Number(n) => format!("{n}"),
        CellValue::Text(s) | CellValue::Date(s) | CellValue::Error(s) => s.clone(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Empty => String::new(),
    }
}

/// One table-cell block per non-empty cell, sheet by sheet; the sheet name is the section.
pub fn blocks(book: &Workbook) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        for c in &sheet.cells {
            let text = display(&c.value);
            if text.trim().is_empty() {
                continue;
            }
            out.push(RawBlock {
                text,
                cell: Some(CellPos {
                    table: i,
                    row: c.row as usize,
                    col: c.col as usize,
                }),
                ..Default::default()
            });
        }
    }
    out
}
