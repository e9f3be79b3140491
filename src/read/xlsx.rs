//! Workbook extraction with calamine (.xlsx, and legacy .xls/.et in BIFF8): every sheet, typed cells (text that looks like a number stays
//! text, with its original string), formulas, merged ranges. The package is first decompressed under
//! our caps, since calamine reads parts without limits.

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xls, Xlsx};

use crate::document::model::{Cell, CellPos, CellValue, Merge, Sheet, Workbook};
use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::ooxml::{attr, first_element, for_each_element, Package};

/// Reads an Excel .xlsx (or WPS .et saved as OOXML) workbook. Part names written with '\\' are
/// read as '/' (calamine #530). Errors: corrupt package or sheet, a part or the whole package over
/// its size limit, a sheet whose used area exceeds `max_cells`.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Workbook> {
    let mut pkg = Package::open(bytes, limits, "Excel .xlsx")?;
    if !pkg.has("xl/workbook.xml") {
        return Err(ExtractError::MissingPart("xl/workbook.xml".into()));
    }
    // Every part decompressed once under the caps (calamine reads parts without limits), and the
    // parts calamine sizes its allocations from checked on the way: the shared-string table is
    // reserved at its declared uniqueCount, a sheet at its whole bounding box. The same read tells
    // which of calamine's further passes over each sheet can find anything.
    let mut seen = SheetFeatures::default();
    for name in pkg.names() {
        if name.ends_with('/') {
            continue;
        }
        let Some(xml) = pkg.read(&name)? else {
            continue;
        };
        seen.add(SheetFeatures::in_part(&xml));
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            check_declared_count(&name, &xml, limits)?;
        } else if is_worksheet(&name) {
            check_used_area(&name, &xml, limits)?;
        }
    }
    let corrupt = |e: calamine::XlsxError| ExtractError::Corrupt {
        expected: "Excel .xlsx",
        detail: e.to_string(),
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(corrupt)?;
        let formulas = seen
            .formulas
            .then(|| book.worksheet_formula(&name).ok())
            .flatten();
        let styles = book.worksheet_style(&name).ok();
        let percent = |row: u32, col: u32| {
            styles
                .as_ref()
                .and_then(|s| s.get((row, col)))
                .and_then(|st| st.number_format.as_ref())
                .is_some_and(|f| f.format_code.contains('%') || matches!(f.format_id, Some(9 | 10)))
        };
        let merged = if seen.merges {
            book.merge_cells_by_sheet_name(&name).unwrap_or_default()
        } else {
            Vec::new()
        };
        sheets.push(sheet(
            name,
            &range,
            formulas.as_ref(),
            merged,
            percent,
            &mut total,
            limits,
        )?);
    }
    Ok(Workbook { sheets })
}

/// Reads a legacy Excel 97–2003 workbook (BIFF8 .xls, and WPS .et, which WPS writes in the same
/// binary form) through calamine. A BIFF8 sheet is at most 65,536 × 256 cells, so its bounding box
/// is bounded. The binary format carries no number formats calamine exposes: no cell is marked as a
/// percentage. Errors: a corrupt or password-protected workbook, more than `max_cells` cells.
pub fn read_xls(bytes: &[u8], limits: Limits) -> Result<Workbook> {
    let corrupt = |e: calamine::XlsError| match e {
        calamine::XlsError::Password => {
            ExtractError::Encrypted("设有打开密码的 Excel 97-2003 工作簿".into())
        }
        e => ExtractError::Corrupt {
            expected: "Excel 97-2003 .xls",
            detail: e.to_string(),
        },
    };
    check_biff_area(bytes, limits)?;
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(corrupt)?;
        let formulas = book.worksheet_formula(&name).ok();
        let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        sheets.push(sheet(
            name,
            &range,
            formulas.as_ref(),
            merged,
            |_, _| false,
            &mut total,
            limits,
        )?);
    }
    Ok(Workbook { sheets })
}

/// One sheet's non-empty cells in (row, column) order, formula text beside cached values, and its
/// merged ranges. `total` counts cells across the workbook against `max_cells`.
fn sheet(
    name: String,
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    merged: Vec<Dimensions>,
    percent: impl Fn(u32, u32) -> bool,
    total: &mut usize,
    limits: Limits,
) -> Result<Sheet> {
    let merged = merged
        .into_iter()
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        })
        .collect();
    let mut cells = Vec::new();
    let count = |total: &mut usize| -> Result<()> {
        *total += 1;
        if *total > limits.max_cells {
            return Err(ExtractError::TooMany {
                what: "cells",
                limit: limits.max_cells,
            });
        }
        Ok(())
    };
    if let Some((r0, c0)) = range.start() {
        for (r, row) in range.rows().enumerate() {
            for (c, data) in row.iter().enumerate() {
                let (row, col) = (r0 + r as u32, c0 + c as u32);
                let formula = formulas
                    .and_then(|f| f.get_value((row, col)))
                    .filter(|f| !f.is_empty())
                    .cloned();
                let value = cell_value(data);
                if value == CellValue::Empty && formula.is_none() {
                    continue;
                }
                count(total)?;
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
    if let Some(f) = formulas {
        if let Some((fr, fc)) = f.start() {
            for (r, row) in f.rows().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    let (row, col) = (fr + r as u32, fc + c as u32);
                    if !text.is_empty() && !cells.iter().any(|x| x.row == row && x.col == col) {
                        count(total)?;
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
    Ok(Sheet {
        name,
        cells,
        merged,
    })
}

/// How many cell positions (used areas, empty ones included) a workbook may span, as a multiple of
/// `max_cells`: calamine allocates ~32 bytes for each, so the default (8 M) stays under 300 MB.
const AREA_FACTOR: usize = 4;

/// Whether a part is a worksheet, named in any case (calamine finds `XL/WORKSHEETS/SHEET1.XML`
/// too: a workbook written so had its sheets skipped by the used-area check).
fn is_worksheet(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/worksheets/") && lower.ends_with(".xml")
}

/// Whether a package can hold formulas and merged ranges at all: each of calamine's
/// `worksheet_formula` and `merge_cells_by_sheet_name` parses a whole sheet again (inflating it
/// again), so a pass that cannot find anything is skipped. Seen by the element names in the bytes of
/// every part — wherever the workbook's relationships put its sheets, and without parsing (a part
/// calamine tolerates must not fail here); a false "yes" only costs the pass.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct SheetFeatures {
    /// Some part has an element named `f` (a formula), with or without a prefix.
    formulas: bool,
    /// Some part has a `mergeCell` element.
    merges: bool,
}

impl SheetFeatures {
    fn in_part(xml: &[u8]) -> SheetFeatures {
        let named = |name: &[u8]| {
            memchr::memmem::find_iter(xml, name).any(|at| {
                let before = at.checked_sub(1).map(|i| xml[i]);
                let after = xml.get(at + name.len());
                matches!(before, Some(b'<' | b':'))
                    && matches!(after, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
            })
        };
        SheetFeatures {
            formulas: named(b"f"),
            merges: named(b"mergeCell"),
        }
    }

    fn add(&mut self, part: SheetFeatures) {
        self.formulas |= part.formulas;
        self.merges |= part.merges;
    }
}

/// Refuses a worksheet whose cell references span more than [`AREA_FACTOR`] × `max_cells`
/// positions: calamine allocates the whole bounding box (two cells at A1 and XFD1048576 would ask
/// for 17 billion).
fn check_used_area(part: &str, xml: &[u8], limits: Limits) -> Result<()> {
    let (mut r0, mut r1, mut c0, mut c1) = (u64::MAX, 0u64, u64::MAX, 0u64);
    for_each_element(xml, part, limits, |e| {
        if e.local_name().into_inner().as_bytes() == b"c" {
            if let Some((row, col)) = attr(e, b"r").as_deref().and_then(cell_ref) {
                (r0, r1) = (r0.min(row), r1.max(row));
                (c0, c1) = (c0.min(col), c1.max(col));
            }
        }
    })?;
    let area = if r0 == u64::MAX {
        0
    } else {
        (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
    };
    let cap = (limits.max_cells as u64).saturating_mul(AREA_FACTOR as u64);
    if area > cap {
        return Err(ExtractError::TooMany {
            what: "cell positions in one sheet's used area",
            limit: cap as usize,
        });
    }
    Ok(())
}

/// Walks the BIFF8 records of a legacy workbook's stream before calamine reads it: calamine sizes
/// its grids from DIMENSIONS and from the cells' positions without a cap, so a 5 KB file declaring
/// 4 billion rows aborted the process. Refuses positions past BIFF8's 65,536 × 256 grid, and more
/// than [`AREA_FACTOR`] × `max_cells` cell positions in the sheets' used areas together (ten sheets
/// using A1 and IV65536 would take 5.8 GB). Records are [type u16][length u16][data], little-endian (MS-XLS 2.1.4).
fn check_biff_area(bytes: &[u8], limits: Limits) -> Result<()> {
    use std::io::Read;
    let corrupt = |detail: String| ExtractError::Corrupt {
        expected: "Excel 97-2003 .xls",
        detail,
    };
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let name = if cf.is_stream("Workbook") {
        "Workbook"
    } else {
        "Book"
    };
    let mut stream = Vec::new();
    cf.open_stream(name)
        .map_err(|e| corrupt(e.to_string()))?
        .take(limits.max_part_bytes)
        .read_to_end(&mut stream)?;
    let too_big = || ExtractError::TooMany {
        what: "cell positions in one sheet's used area",
        limit: limits.max_cells.saturating_mul(AREA_FACTOR),
    };
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut total: u64 = 0;
    let mut sheet: Option<(u32, u32, u32, u32)> = None; // (row min, row max, col min, col max)
    let close = |sheet: &mut Option<(u32, u32, u32, u32)>, total: &mut u64| {
        if let Some((r0, r1, c0, c1)) = sheet.take() {
            *total += u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        }
    };
    let mut i = 0;
    while i + 4 <= stream.len() {
        let ty = u16::from_le_bytes([stream[i], stream[i + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[i + 2], stream[i + 3]]));
        let data = &stream[(i + 4).min(stream.len())..(i + 4 + len).min(stream.len())];
        i += 4 + len;
        let mut cell = |row: u32, col: u32| -> Result<()> {
            if row > 65_535 || col > 255 {
                return Err(corrupt(format!(
                    "cell position ({row}, {col}) outside the BIFF8 grid"
                )));
            }
            let s = sheet.get_or_insert((row, row, col, col));
            *s = (s.0.min(row), s.1.max(row), s.2.min(col), s.3.max(col));
            Ok(())
        };
        match ty {
            // BOF and EOF: a sheet's substream begins or ends.
            0x0809 | 0x000A => close(&mut sheet, &mut total),
            // DIMENSIONS: rwMic u32, rwMac u32 (one past the last row), colMic u16, colMac u16.
            0x0200 if data.len() >= 12 => {
                let rows = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
                let cols = u16_at(data, 10).unwrap_or(0);
                if rows > 65_536 || cols > 256 {
                    return Err(corrupt(format!(
                        "DIMENSIONS of {rows} rows × {cols} columns"
                    )));
                }
            }
            // Cell records: row u16, column u16 first; MULRK and MULBLANK end with their last column.
            0x0006 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00D6 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    cell(r, c)?;
                }
            }
            0x00BD | 0x00BE => {
                if let (Some(r), Some(c), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len().saturating_sub(2)),
                ) {
                    cell(r, c)?;
                    cell(r, last)?;
                }
            }
            _ => {}
        }
        if total > (limits.max_cells as u64).saturating_mul(AREA_FACTOR as u64) {
            return Err(too_big());
        }
    }
    close(&mut sheet, &mut total);
    if total > (limits.max_cells as u64).saturating_mul(AREA_FACTOR as u64) {
        return Err(too_big());
    }
    Ok(())
}

/// Refuses a shared-string table whose `count` or `uniqueCount` is more than its own size in bytes.
fn check_declared_count(part: &str, xml: &[u8], limits: Limits) -> Result<()> {
    let Some(sst) = first_element(xml, part, limits, b"sst")? else {
        return Ok(());
    };
    for key in [&b"count"[..], b"uniqueCount"] {
        let n: u64 = attr(&sst, key)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if n > xml.len() as u64 {
            return Err(ExtractError::Corrupt {
                expected: "Excel .xlsx",
                detail: format!("{part} declares {n} strings in {} bytes", xml.len()),
            });
        }
    }
    Ok(())
}

/// (row, column), both from 0, of an A1-style reference ("B7" → (6, 1)); `None` when malformed.
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u64 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
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

/// How a cell reads as text in a block: numbers without a spurious ".0" and without binary float
/// noise (0.10000000000000009 → 0.1: at most 10 decimals, trailing zeros cut).
pub fn display(v: &CellValue) -> String {
    match v {
        CellValue::Number(n) => number(*n),
        CellValue::Text(s) | CellValue::Date(s) | CellValue::Error(s) => s.clone(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Empty => String::new(),
    }
}

/// A number as a spreadsheet shows it: integers whole, fractions to at most 10 decimals.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    if !n.is_finite() || n.abs() < 1e-6 || n.abs() >= 1e15 {
        return format!("{n}");
    }
    let s = format!("{n:.10}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One table-cell block per non-empty cell, sheet by sheet; the sheet name is the section. A cell
/// formatted as a percentage reads as Excel shows it (0.023 → 2.3%).
pub fn blocks(book: &Workbook) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        for c in &sheet.cells {
            let text = match c.value {
                CellValue::Number(n) if c.percent => format!("{}%", number(n * 100.0)),
                ref v => display(v),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number(0.10000000000000009), "0.1");
        assert_eq!(number(1234.0), "1234");
        assert_eq!(number(0.23199999999999998), "0.232");
        assert_eq!(number(5.55), "5.55");
        assert_eq!(number(-3.5), "-3.5");
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("B7"), Some((6, 1)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("7"), None);
        assert_eq!(cell_ref("ABCD1"), None);
    }

    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_before_calamine_sees_it() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>
            <row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#;
        let err = check_used_area("xl/worksheets/sheet1.xml", xml, Limits::default());
        assert!(matches!(err, Err(ExtractError::TooMany { .. })), "{err:?}");
        let ok = br#"<worksheet><sheetData><row r="3"><c r="B3"/><c r="K40"/></row></sheetData></worksheet>"#;
        assert!(check_used_area("s", ok, Limits::default()).is_ok());
    }

    #[test]
    fn formulas_and_merges_are_seen_by_element_name_in_any_part() {
        let f = |xml: &str| SheetFeatures::in_part(xml.as_bytes());
        assert_eq!(
            f(
                r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#
            ),
            SheetFeatures::default()
        );
        let both = f(
            r#"<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2"><x:c r="C2"><x:f>SUM(A1:B1)</x:f></x:c></x:row></x:sheetData>
               <x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>"#,
        );
        assert!(both.formulas && both.merges, "{both:?}");
        assert!(f("<c r=\"B1\"><f\nt=\"shared\" si=\"0\"/></c>").formulas);
        assert!(f("<c><f/></c>").formulas);
        // Names that merely contain the letters are not those elements: <font>, <fill>, text.
        assert_eq!(
            f(
                r#"<styleSheet><fonts><font/></fonts><fills><fill/></fills><v>f</v><t>mergeCells f></t></styleSheet>"#
            ),
            SheetFeatures::default()
        );
    }
}
