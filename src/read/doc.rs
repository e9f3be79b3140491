//! Legacy Word 97-2003 and WPS .doc (OLE compound file): the main text through the FIB and the piece
//! table (8-bit and UTF-16 pieces), field instructions removed and field results kept, paragraphs and
//! table cells separated, deleted revisions (CHPX sprmCFRMarkDel) left out. Headings come from the
//! paragraph's outline level, its style (STSH, built-in heading styles and Chinese style names) and
//! list labels rendered from the list tables — the same resolution as for .docx — or from the 公文
//! numbering typed in the text.

use std::io::{Cursor, Read};

use crate::document::model::CellPos;
use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::docx::{LevelDef, Numbering, StyleInfo, Styles};

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

/// The main text of a .doc: each character with its byte offset (FC) in the WordDocument stream,
/// which is how the formatting tables (CHPX/PAPX FKPs) address text.
#[derive(Debug, Default)]
pub struct MainText {
    pub chars: Vec<char>,
    pub fcs: Vec<u32>,
}

/// The streams and FIB fields every reader below needs.
struct Streams {
    word: Vec<u8>,
    table: Vec<u8>,
}

impl Streams {
    fn open(bytes: &[u8], limits: Limits) -> Result<Streams> {
        let mut cf =
            cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
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
        Ok(Streams { word, table })
    }

    /// The structure that FibRgFcLcb97 entry `index` points at in the table stream (empty if absent
    /// or out of bounds: formatting is best effort, text is not).
    fn fc_lcb(&self, index: usize) -> &[u8] {
        let at = 0x9A + 8 * index;
        let (Ok(fc), Ok(lcb)) = (u32_at(&self.word, at), u32_at(&self.word, at + 4)) else {
            return &[];
        };
        self.table
            .get(fc as usize..(fc as usize).saturating_add(lcb as usize))
            .unwrap_or(&[])
    }

    /// The main-document characters, in order, from the piece table.
    fn main_text(&self, limits: Limits) -> Result<MainText> {
        let word = &self.word;
        let ccp_text = u32_at(word, 0x4C)? as usize;
        let clx = self.fc_lcb(33);
        if clx.is_empty() {
            return Err(corrupt("piece table outside the table stream"));
        }
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
        let mut out = MainText::default();
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
                out.chars.extend(piece.iter().map(|b| cp1252(*b)));
                out.fcs.extend((0..count).map(|j| (fc + j) as u32));
            } else {
                let fc = fc_raw as usize;
                let piece = word
                    .get(fc..fc + 2 * count)
                    .ok_or_else(|| corrupt("a text piece lies outside the document"))?;
                let units: Vec<u16> = piece
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                // Surrogate pairs become one char: keep the FC of each char's first unit.
                let mut j = 0usize;
                for r in char::decode_utf16(units) {
                    let ok = r.is_ok();
                    let c = r.unwrap_or('\u{FFFD}');
                    out.chars.push(c);
                    out.fcs.push((fc + 2 * j) as u32);
                    j += if ok { c.len_utf16() } else { 1 };
                }
            }
            if out.chars.len() as u64 > limits.max_part_bytes {
                return Err(ExtractError::Bomb {
                    part: "WordDocument".into(),
                    limit: limits.max_part_bytes,
                });
            }
        }
        Ok(out)
    }
}

/// The main-document characters, in order, from the piece table.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
    let s = Streams::open(bytes, limits)?;
    Ok(s.main_text(limits)?.chars.into_iter().collect())
}

// ---------------------------------------------------------------------------------------------
// Formatting: deleted revisions (CHPX), paragraph styles and lists (PAPX, STSH, PlfLst/PlfLfo).

const SPRM_C_FRMARK_DEL: u16 = 0x0800;
const SPRM_P_OUT_LVL: u16 = 0x2640;
const SPRM_P_ILVL: u16 = 0x260A;
const SPRM_P_ILFO: u16 = 0x460B;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// The property modifiers (sprm, operand) of a grpprl; stops at the first one that does not fit.
fn sprms(mut g: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let sprm = u16::from_le_bytes([*g.first()?, *g.get(1)?]);
        let rest = &g[2..];
        let (skip, len) = match sprm >> 13 {
            0 | 1 => (0, 1),
            2 | 4 | 5 => (0, 2),
            3 => (0, 4),
            7 => (0, 3),
            _ if sprm == SPRM_T_DEF_TABLE => {
                let cb = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]) as usize;
                (2, cb.saturating_sub(1))
            }
            _ if sprm == SPRM_P_CHG_TABS && rest.first() == Some(&255) => return None,
            _ => (1, *rest.first()? as usize),
        };
        let operand = rest.get(skip..skip + len)?;
        g = &rest[skip + len..];
        Some((sprm, operand))
    })
}

/// Paragraph properties a PAPX gives directly.
#[derive(Debug, Clone, Default, PartialEq)]
struct ParaProps {
    istd: u16,
    /// 1-based level, Some(0) for "body text" (outline level 9).
    outline: Option<u8>,
    ilfo: Option<i16>,
    ilvl: Option<u8>,
}

fn para_props(istd: u16, grpprl: &[u8]) -> ParaProps {
    let mut p = ParaProps {
        istd,
        ..Default::default()
    };
    for (sprm, op) in sprms(grpprl) {
        match sprm {
            SPRM_P_OUT_LVL => p.outline = Some(if op[0] >= 9 { 0 } else { op[0] + 1 }),
            SPRM_P_ILVL => p.ilvl = Some(op[0].min(8)),
            SPRM_P_ILFO => p.ilfo = Some(i16::from_le_bytes([op[0], op[1]])),
            _ => {}
        }
    }
    p
}

/// Formatting looked up by FC: deleted character runs and paragraph properties, sorted by start.
#[derive(Debug, Default)]
pub struct Props {
    deleted: Vec<(u32, u32)>,
    paras: Vec<(u32, u32, ParaProps)>,
    styles: Styles,
    numbering: Numbering,
}

fn is_deleted(deleted: &[(u32, u32)], fc: u32) -> bool {
    let i = deleted.partition_point(|r| r.0 <= fc);
    i > 0 && fc < deleted[i - 1].1
}

/// The FKP pages a PlcBte points at (each 512 bytes in the WordDocument stream).
fn fkp_pages<'a>(word: &'a [u8], plc: &[u8]) -> Vec<&'a [u8]> {
    if plc.len() < 4 {
        return Vec::new();
    }
    let n = (plc.len() - 4) / 8;
    (0..n)
        .filter_map(|k| {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * k).ok()? & 0x003F_FFFF;
            let at = pn as usize * 512;
            word.get(at..at + 512)
        })
        .collect()
}

impl Props {
    fn read(s: &Streams) -> Props {
        let mut p = Props {
            styles: read_styles(s.fc_lcb(1)),
            numbering: read_lists(s.fc_lcb(73), &s.table, s.fc_lcb(74)),
            ..Default::default()
        };
        for page in fkp_pages(&s.word, s.fc_lcb(12)) {
            let crun = page[511] as usize;
            for i in 0..crun {
                let (Ok(a), Ok(b)) = (u32_at(page, 4 * i), u32_at(page, 4 * (i + 1))) else {
                    break;
                };
                let Some(&off) = page.get(4 * (crun + 1) + i) else {
                    break;
                };
                let at = off as usize * 2;
                if off == 0 || at >= 511 {
                    continue;
                }
                let cb = page[at] as usize;
                let Some(grpprl) = page.get(at + 1..at + 1 + cb) else {
                    continue;
                };
                let deleted = sprms(grpprl)
                    .any(|(sprm, op)| sprm == SPRM_C_FRMARK_DEL && matches!(op[0], 0x01 | 0x81));
                if deleted && a < b {
                    p.deleted.push((a, b));
                }
            }
        }
        for page in fkp_pages(&s.word, s.fc_lcb(13)) {
            let cpara = page[511] as usize;
            for i in 0..cpara {
                let (Ok(a), Ok(b)) = (u32_at(page, 4 * i), u32_at(page, 4 * (i + 1))) else {
                    break;
                };
                let Some(&off) = page.get(4 * (cpara + 1) + 13 * i) else {
                    break;
                };
                let at = off as usize * 2;
                if off == 0 || at >= 510 {
                    continue;
                }
                let (start, len) = match page[at] {
                    0 => (at + 2, 2 * page[at + 1] as usize),
                    cb => (at + 1, 2 * cb as usize - 1),
                };
                let Some(x) = page.get(start..start + len).filter(|x| x.len() >= 2) else {
                    continue;
                };
                let istd = u16::from_le_bytes([x[0], x[1]]);
                p.paras.push((a, b, para_props(istd, &x[2..])));
            }
        }
        p.deleted.sort_unstable();
        p.paras.sort_unstable_by_key(|x| x.0);
        p
    }

    fn para(&self, fc: u32) -> Option<&ParaProps> {
        let i = self.paras.partition_point(|r| r.0 <= fc);
        (i > 0 && fc < self.paras[i - 1].1).then(|| &self.paras[i - 1].2)
    }
}

/// The style sheet (STSH) as docx-like styles keyed by istd: built-in heading styles (sti 1–9) are
/// named "heading N" whatever the file's language, others keep their stored name (WPS writes 标题 1).
fn read_styles(stsh: &[u8]) -> Styles {
    let mut styles = Styles {
        default_para: Some("0".into()),
        ..Default::default()
    };
    let Ok(cb_stshi) = u16_at(stsh, 0) else {
        return styles;
    };
    let (Ok(cstd), Ok(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else {
        return styles;
    };
    let mut at = 2 + cb_stshi as usize;
    for istd in 0..cstd {
        let Ok(cb) = u16_at(stsh, at) else { break };
        let std = stsh.get(at + 2..at + 2 + cb as usize).unwrap_or(&[]);
        at += 2 + cb as usize;
        if let Some(info) = read_std(std, cb_base as usize) {
            styles.map.insert(istd.to_string(), info);
        }
    }
    styles
}

fn read_std(std: &[u8], cb_base: usize) -> Option<StyleInfo> {
    let sti = u16_at(std, 0).ok()? & 0x0FFF;
    let w = u16_at(std, 2).ok()?;
    let (stk, istd_base) = (w & 0x000F, w >> 4);
    if stk != 1 {
        return None; // only paragraph styles carry heading levels and lists
    }
    let cch = u16_at(std, cb_base).ok()? as usize;
    let name_bytes = std.get(cb_base + 2..cb_base + 2 + 2 * cch)?;
    let units: Vec<u16> = name_bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let stored = String::from_utf16_lossy(&units);
    let name = match sti {
        1..=9 => format!("heading {sti}"),
        62 => "Title".into(),
        _ => stored.split(',').next().unwrap_or_default().to_owned(),
    };
    // The paragraph UPX follows the name and its terminator, at an even offset.
    let mut upx = cb_base + 2 + 2 * cch + 2;
    upx += upx % 2;
    let cb_upx = u16_at(std, upx).ok()? as usize;
    let papx = std.get(upx + 2..upx + 2 + cb_upx).unwrap_or(&[]);
    let props = if papx.len() >= 2 {
        para_props(0, &papx[2..])
    } else {
        ParaProps::default()
    };
    Some(StyleInfo {
        name,
        based_on: (istd_base != 0x0FFF).then(|| istd_base.to_string()),
        outline: props.outline,
        num: props
            .ilfo
            .filter(|i| *i > 0)
            .map(|i| (i.to_string(), props.ilvl.unwrap_or(0))),
    })
}

/// MS-DOC number formats (nfc) by their WordprocessingML names, for `docx::format_number`.
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        0x01 => "upperRoman",
        0x02 => "lowerRoman",
        0x03 => "upperLetter",
        0x04 => "lowerLetter",
        0x0A => "ideographDigital",
        0x0B => "japaneseCounting",
        0x0E | 0x13 => "decimalFullWidth",
        0x12 | 0x1C => "decimalEnclosedCircle",
        0x16 => "decimalZero",
        0x17 => "bullet",
        0x1E => "ideographTraditional",
        0x21 => "taiwaneseCounting",
        0x25 | 0x27 => "chineseCounting",
        0x26 => "chineseLegalSimplified",
        0xFF => "none",
        _ => "decimal",
    }
}

/// Lists: PlfLst (LSTF records, followed in the table stream by their LVLs) and PlfLfo, as docx-like
/// numbering where an abstract list is an lsid and a "numId" is the 1-based LFO index.
fn read_lists(plf_lst: &[u8], table: &[u8], plf_lfo: &[u8]) -> Numbering {
    let mut n = Numbering::default();
    let Ok(c_lst) = u16_at(plf_lst, 0) else {
        return n;
    };
    // The LVLs start right after the PlfLst.
    let lvl_start = plf_lst.as_ptr() as usize - table.as_ptr() as usize + plf_lst.len();
    let mut at = lvl_start;
    for k in 0..c_lst as usize {
        let Some(lstf) = plf_lst.get(2 + 28 * k..2 + 28 * (k + 1)) else {
            break;
        };
        let lsid = i32::from_le_bytes([lstf[0], lstf[1], lstf[2], lstf[3]]);
        let levels = if lstf[26] & 0x01 != 0 { 1 } else { 9 };
        let mut defs = Vec::new();
        for _ in 0..levels {
            let Some(lvlf) = table.get(at..at + 28) else {
                return n;
            };
            let start = i32::from_le_bytes([lvlf[0], lvlf[1], lvlf[2], lvlf[3]]).max(0) as u32;
            let (nfc, flags) = (lvlf[4], lvlf[5]);
            let (cb_chpx, cb_papx) = (lvlf[24] as usize, lvlf[25] as usize);
            at += 28 + cb_chpx + cb_papx;
            let Ok(cch) = u16_at(table, at) else {
                return n;
            };
            let Some(raw) = table.get(at + 2..at + 2 + 2 * cch as usize) else {
                return n;
            };
            at += 2 + 2 * cch as usize;
            let mut text = String::new();
            for c in raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
            {
                match c {
                    0..=8 => text.push_str(&format!("%{}", c + 1)),
                    _ => text.push(char::from_u32(c as u32).unwrap_or('\u{FFFD}')),
                }
            }
            defs.push(LevelDef {
                start,
                fmt: nfc_name(nfc).into(),
                text,
                is_lgl: flags & 0x04 != 0,
            });
        }
        n.abstracts.insert(lsid.to_string(), defs);
    }
    let lfo_mac = u32_at(plf_lfo, 0).unwrap_or(0) as usize;
    for k in 0..lfo_mac.min(plf_lfo.len() / 16) {
        let Some(lfo) = plf_lfo.get(4 + 16 * k..4 + 16 * (k + 1)) else {
            break;
        };
        let lsid = i32::from_le_bytes([lfo[0], lfo[1], lfo[2], lfo[3]]);
        n.nums
            .insert((k + 1).to_string(), (lsid.to_string(), Default::default()));
    }
    n
}

/// Paragraphs and table cells from the main text: field instructions (between 0x13 and 0x14) dropped,
/// results kept; 0x0D ends a paragraph, 0x07 a table cell (two in a row end a table row).
pub fn blocks(text: &str) -> Vec<RawBlock> {
    let main = MainText {
        chars: text.chars().collect(),
        fcs: vec![u32::MAX; text.chars().count()],
    };
    blocks_with(&main, &mut Props::default())
}

/// As `blocks`, with deleted revisions left out and each paragraph's style level and list label.
fn blocks_with(main: &MainText, props: &mut Props) -> Vec<RawBlock> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut field_depth: Vec<bool> = Vec::new(); // per open field: still in its instruction part
    let (mut table, mut row, mut col, mut in_table) = (0usize, 0usize, 0usize, false);
    let mut last_was_cell_end = false;
    // Right after a row end, a paragraph mark ends the table (a cell would end with 0x07).
    let mut after_row_end = false;
    let mut after_title = false;
    let deleted = std::mem::take(&mut props.deleted);
    let mut push_para = |cur: &mut String, out: &mut Vec<RawBlock>, fc: u32| {
        let t = cur.trim().to_owned();
        cur.clear();
        if t.is_empty() {
            return;
        }
        let pp = props.para(fc).cloned().unwrap_or_default();
        let style = props.styles.resolve(Some(&pp.istd.to_string()));
        let num = match (pp.ilfo, pp.ilvl) {
            (Some(i), l) => Some((i.to_string(), l.unwrap_or(0))),
            (None, Some(l)) => style.num.clone().map(|(id, _)| (id, l)),
            (None, None) => style.num.clone(),
        }
        .filter(|(id, _)| id != "0" && !id.starts_with('-'));
        let label = num.and_then(|(id, l)| props.numbering.render(&id, l));
        let in_title_block = style.inherited && pp.outline.is_none() && after_title;
        let level = match pp.outline {
            Some(0) => None,
            Some(l) => Some(l),
            None if in_title_block => None,
            None => style.level,
        };
        after_title = (style.title && pp.outline.is_none()) || in_title_block;
        let text = match &label {
            Some(l) if !l.bullet => format!("{}{}", l.label, t),
            _ => t,
        };
        out.push(RawBlock {
            text,
            cell: None,
            style_level: level,
            title_style: style.title && pp.outline.is_none(),
            numbering: label,
        });
    };
    for (&c, &fc) in main.chars.iter().zip(&main.fcs) {
        if c != '\r' && c != '\u{07}' && is_deleted(&deleted, fc) {
            continue;
        }
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
                    push_para(&mut cur, &mut out, fc);
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
    push_para(&mut cur, &mut out, u32::MAX);
    out
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    let s = Streams::open(bytes, limits)?;
    let main = s.main_text(limits)?;
    let mut props = Props::read(&s);
    Ok(blocks_with(&main, &mut props))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn put16(v: &mut [u8], at: usize, x: u16) {
        v[at..at + 2].copy_from_slice(&x.to_le_bytes());
    }
    fn put32(v: &mut [u8], at: usize, x: u32) {
        v[at..at + 4].copy_from_slice(&x.to_le_bytes());
    }

    /// An STD: sti, paragraph style based on `base`, name, empty paragraph and character UPX.
    fn std_record(sti: u16, base: u16, name: &str, outline: Option<u8>) -> Vec<u8> {
        let mut v = vec![0u8; 10];
        put16(&mut v, 0, sti);
        put16(&mut v, 2, 1 | (base << 4));
        let units: Vec<u16> = name.encode_utf16().collect();
        v.extend((units.len() as u16).to_le_bytes());
        units.iter().for_each(|u| v.extend(u.to_le_bytes()));
        v.extend([0, 0]);
        let mut papx = vec![0u8, 0]; // istd
        if let Some(l) = outline {
            papx.extend([0x40, 0x26, l]);
        }
        v.extend((papx.len() as u16).to_le_bytes());
        v.extend(&papx);
        if v.len() % 2 == 1 {
            v.push(0);
        }
        v.extend([0, 0]); // empty character UPX
        v
    }

    /// A minimal Word 97 file: three paragraphs in styles "heading 1", Normal and a WPS-style
    /// "标题 2", the second with a tracked deletion, and a fourth with a direct outline level.
    fn tracked_doc() -> Vec<u8> {
        let paras = [
            "总体情况\r",
            "这是旧的文字这是正文。\r",
            "保障措施\r",
            "附件说明\r",
        ];
        let text: String = paras.concat();
        let units: Vec<u16> = text.encode_utf16().collect();
        let fc0 = 0x400u32;
        let mut word = vec![0u8; 0xC00];
        put16(&mut word, 0x0A, 0x0200);
        put32(&mut word, 0x4C, units.len() as u32);
        for (i, u) in units.iter().enumerate() {
            put16(&mut word, fc0 as usize + 2 * i, *u);
        }
        let fc_of = |chars: usize| fc0 + 2 * chars as u32;
        let p_ends: Vec<u32> = paras
            .iter()
            .scan(0, |n, p| {
                *n += p.chars().count();
                Some(fc_of(*n))
            })
            .collect();
        let end = *p_ends.last().expect("paragraphs");
        // CHPX FKP at page 4: the six characters 这是旧的文字 deleted.
        let del = (fc_of(5), fc_of(11));
        let fkp = 0x800;
        for (i, fc) in [fc0, del.0, del.1, end].iter().enumerate() {
            put32(&mut word, fkp + 4 * i, *fc);
        }
        word[fkp + 16 + 1] = 0x80;
        word[fkp + 0x100..fkp + 0x104].copy_from_slice(&[3, 0x00, 0x08, 0x01]);
        word[fkp + 511] = 3;
        // PAPX FKP at page 5: istd 1, 0, 2, and 0 with sprmPOutLvl 1 (level 2).
        let fkp = 0xA00;
        let starts = [fc0, p_ends[0], p_ends[1], p_ends[2], end];
        for (i, fc) in starts.iter().enumerate() {
            put32(&mut word, fkp + 4 * i, *fc);
        }
        let papx: [&[u8]; 4] = [
            &[0, 1, 1, 0],
            &[0, 1, 0, 0],
            &[0, 1, 2, 0],
            &[0, 3, 0, 0, 0x40, 0x26, 1, 0],
        ];
        for (i, p) in papx.iter().enumerate() {
            let at = 0x100 + 0x10 * i;
            word[fkp + 20 + 13 * i] = (at / 2) as u8;
            word[fkp + at..fkp + at + p.len()].copy_from_slice(p);
        }
        word[fkp + 511] = 4;

        let mut table = Vec::new();
        let mut fib_entry = |word: &mut Vec<u8>, index: usize, bytes: &[u8]| {
            put32(word, 0x9A + 8 * index, table.len() as u32);
            put32(word, 0x9A + 8 * index + 4, bytes.len() as u32);
            table.extend_from_slice(bytes);
        };
        let mut clx = vec![0x02];
        clx.extend(16u32.to_le_bytes());
        clx.extend(0u32.to_le_bytes());
        clx.extend((units.len() as u32).to_le_bytes());
        clx.extend([0, 0]);
        clx.extend(fc0.to_le_bytes());
        clx.extend([0, 0]);
        fib_entry(&mut word, 33, &clx);
        let plc = |pn: u32| [fc0.to_le_bytes(), end.to_le_bytes(), pn.to_le_bytes()].concat();
        fib_entry(&mut word, 12, &plc(4));
        fib_entry(&mut word, 13, &plc(5));
        let mut stsh = vec![0u8; 20];
        put16(&mut stsh, 0, 18);
        put16(&mut stsh, 2, 3);
        put16(&mut stsh, 4, 10);
        for std in [
            std_record(0, 0x0FFF, "Normal", None),
            std_record(1, 0, "heading 1", None),
            std_record(0x0FFE, 0, "标题 2", None),
        ] {
            stsh.extend((std.len() as u16).to_le_bytes());
            stsh.extend(std);
        }
        fib_entry(&mut word, 1, &stsh);

        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
        for (name, data) in [("WordDocument", &word), ("1Table", &table)] {
            let mut s = cf.create_stream(name).expect("stream");
            s.write_all(data).expect("write");
        }
        cf.flush().expect("flush");
        cf.into_inner().into_inner()
    }

    #[test]
    fn deleted_revisions_styles_and_outline_levels() {
        let b = read(&tracked_doc(), Limits::default()).expect("reads");
        let got: Vec<(&str, Option<u8>)> =
            b.iter().map(|x| (x.text.as_str(), x.style_level)).collect();
        assert_eq!(
            got,
            vec![
                ("总体情况", Some(1)),
                ("这是正文。", None),
                ("保障措施", Some(2)),
                ("附件说明", Some(2)),
            ]
        );
        // The plain text (what `text` gives, before formatting) still has the deletion.
        assert!(text(&tracked_doc(), Limits::default())
            .expect("text")
            .contains("旧的文字"));
    }

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
