//! Legacy Word 97-2003 and WPS .doc (OLE compound file): the main text through the FIB and the piece
//! table (8-bit and UTF-16 pieces), field instructions removed and field results kept, paragraphs and
//! table cells separated. Headings come from the 公文 numbering typed in the text (styles are not read).

use std::io::{Cursor, Read};

use crate::error::{ExtractError, Result};
use crate::limits::Limits;
use crate::model::CellPos;
use crate::structure::RawBlock;

fn corrupt(detail: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt {
        expected: "Word .doc",
        detail: detail.into(),
    }
}

fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    b.get(at..at + 2)
        .map(|x| u16::from_le_bytes([x[0], x[1]]))
        .ok_or_else(|| corrupt(format!("header ends before offset {at}")))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    b.get(at..at + 4)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
        .ok_or_else(|| corrupt(format!("header ends before offset {at}")))
}

fn read_stream(
    cf: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>> {
    let mut s = cf
        .open_stream(name)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    let mut out = Vec::new();
    (&mut s)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(ExtractError::Bomb {
            part: name.to_owned(),
            limit,
        });
    }
    Ok(out)
}

/// Windows-1252 for the high half of 8-bit pieces (the rest is Latin-1).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The main-document characters, in order, from the piece table.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let word = read_stream(&mut cf, "WordDocument", limits.max_part_bytes)?;
    let flags = u16_at(&word, 0x0A)?;
    if flags & 0x0100 != 0 {
        return Err(ExtractError::Encrypted(
            "Word .doc with fEncrypted set".into(),
        ));
    }
    let table_name = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    let table = read_stream(&mut cf, table_name, limits.max_part_bytes)?;
    let ccp_text = u32_at(&word, 0x4C)? as usize;
    let fc_clx = u32_at(&word, 0x1A2)? as usize;
    let lcb_clx = u32_at(&word, 0x1A6)? as usize;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or_else(|| corrupt("piece table outside the table stream"))?;
    // Skip Prc entries (0x01) to the Pcdt (0x02).
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        let cb = clx
            .get(i + 1..i + 3)
            .map(|x| u16::from_le_bytes([x[0], x[1]]) as usize)
            .ok_or_else(|| corrupt("truncated Prc"))?;
        i += 3 + cb;
    }
    if clx.get(i) != Some(&0x02) {
        return Err(corrupt("no piece table (Pcdt)"));
    }
    let lcb = u32_at(clx, i + 1)? as usize;
    let plc = clx
        .get(i + 5..i + 5 + lcb)
        .ok_or_else(|| corrupt("truncated piece table"))?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(corrupt("piece table of an impossible size"));
    }
    let n = (lcb - 4) / 12;
    let mut out = String::new();
    for k in 0..n {
        let cp_start = u32_at(plc, 4 * k)? as usize;
        let cp_end = u32_at(plc, 4 * (k + 1))? as usize;
        if cp_start >= ccp_text {
            break;
        }
        let count = cp_end.min(ccp_text).saturating_sub(cp_start);
        let pcd = 4 * (n + 1) + 8 * k;
        let fc_raw = u32_at(plc, pcd + 2)?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        if compressed {
            let fc = ((fc_raw & 0x3FFF_FFFF) / 2) as usize;
            let piece = word
                .get(fc..fc + count)
                .ok_or_else(|| corrupt("a text piece lies outside the document"))?;
            out.extend(piece.iter().map(|b| cp1252(*b)));
        } else {
            let fc = fc_raw as usize;
            let piece = word
                .get(fc..fc + 2 * count)
                .ok_or_else(|| corrupt("a text piece lies outside the document"))?;
            let units: Vec<u16> = piece
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
        }
        if out.len() as u64 > limits.max_part_bytes {
            return Err(ExtractError::Bomb {
                part: "WordDocument".into(),
                limit: limits.max_part_bytes,
            });
        }
    }
    Ok(out)
}

/// Paragraphs and table cells from the main text: field instructions (between 0x13 and 0x14) dropped,
/// results kept; 0x0D ends a paragraph, 0x07 a table cell (two in a row end a table row).
pub fn blocks(text: &str) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut field_depth: Vec<bool> = Vec::new(); // per open field: still in its instruction part
    let (mut table, mut row, mut col, mut in_table) = (0usize, 0usize, 0usize, false);
    let mut last_was_cell_end = false;
    // Right after a row end, a paragraph mark ends the table (a cell would end with 0x07).
    let mut after_row_end = false;
    let push_para = |cur: &mut String, out: &mut Vec<RawBlock>| {
        let t = cur.trim();
        if !t.is_empty() {
            out.push(RawBlock::paragraph(t));
        }
        cur.clear();
    };
    for c in text.chars() {
        match c {
            '\u{13}' => field_depth.push(true),
            '\u{14}' => {
                if let Some(top) = field_depth.last_mut() {
                    *top = false;
                }
            }
            '\u{15}' => {
                field_depth.pop();
            }
            _ if field_depth.last() == Some(&true) => {}
            '\r' => {
                if in_table && !last_was_cell_end && !after_row_end {
                    // A paragraph inside a cell: keep it in the cell.
                    cur.push('\n');
                } else {
                    if in_table {
                        in_table = false;
                        table += 1;
                        row = 0;
                        col = 0;
                    }
                    push_para(&mut cur, &mut out);
                }
                last_was_cell_end = false;
            }
            '\u{07}' => {
                if last_was_cell_end {
                    // Row end mark.
                    row += 1;
                    col = 0;
                    last_was_cell_end = false;
                    after_row_end = true;
                    continue;
                }
                in_table = true;
                let t = cur.trim().to_owned();
                if !t.is_empty() {
                    out.push(RawBlock {
                        text: t,
                        cell: Some(CellPos { table, row, col }),
                        ..Default::default()
                    });
                }
                cur.clear();
                col += 1;
                last_was_cell_end = true;
                after_row_end = false;
            }
            '\u{0B}' => cur.push('\n'),
            '\u{0C}' | '\u{01}' | '\u{02}' | '\u{08}' | '\u{05}' | '\u{1F}' => {}
            '\u{1E}' => cur.push('-'),
            '\u{A0}' => cur.push(' '),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => {
                cur.push(c);
                last_was_cell_end = false;
            }
        }
    }
    push_para(&mut cur, &mut out);
    out
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    Ok(blocks(&text(bytes, limits)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cells_and_paragraphs() {
        let t = "一、总体情况\r页码\u{13} PAGE \u{14}3\u{15}页\r指标\u{07}数值\u{07}\u{07}GDP\u{07}100\u{07}\u{07}正文\r";
        let b = blocks(t);
        let texts: Vec<&str> = b.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "一、总体情况",
                "页码3页",
                "指标",
                "数值",
                "GDP",
                "100",
                "正文"
            ]
        );
        assert_eq!(
            b[4].cell,
            Some(CellPos {
                table: 0,
                row: 1,
                col: 0
            })
        );
        assert!(b[6].cell.is_none());
    }
}
