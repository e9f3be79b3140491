//! Sentences of documents for the rules that read statements (continuation, financial fields):
//! width folded, spaces removed, and read across blocks where a block does not end a sentence — a
//! PDF's line broken inside "申请延" / "续试点" or "绿色金" / "融" is one sentence again.

use crate::document::model::{BlockKind, Document};
use crate::document::text::fold_width;

/// One sentence (up to 。；！？, or the end of a block that ends one): its folded text without spaces,
/// the document and the block it starts in.
pub struct Sentence<'d> {
    pub text: String,
    /// The original text of the sentence, spaces kept (for quoting).
    pub raw: String,
    pub doc: &'d Document,
    pub block: usize,
    /// The block it ends in (later than `block` when it ran on).
    pub end_block: usize,
}

/// The sentences of the documents' blocks, in order. A block runs on into the next unless it is a
/// heading or a table cell or ends with 。：）.
pub fn sentences<'d>(docs: &[&'d Document]) -> Vec<Sentence<'d>> {
    let mut out = Vec::new();
    for doc in docs {
        let mut cur = String::new();
        let mut raw = String::new();
        let mut start = 0;
        for b in &doc.blocks {
            if cur.is_empty() {
                start = b.index;
            }
            // fold_width maps one char to one char, so the original walks alongside.
            for (c, o) in fold_width(&b.text).chars().zip(b.text.chars()) {
                if !raw.is_empty() || !o.is_whitespace() {
                    raw.push(o);
                }
                if c.is_whitespace() {
                    continue;
                }
                cur.push(c);
                if matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?') {
                    out.push(Sentence {
                        text: std::mem::take(&mut cur),
                        raw: std::mem::take(&mut raw).trim().to_owned(),
                        doc,
                        block: start,
                        end_block: b.index,
                    });
                    start = b.index;
                }
            }
            let runs_on = !matches!(b.kind, BlockKind::Heading | BlockKind::TableCell)
                && !cur.ends_with(['：', ':', '。', '）', ')']);
            if !runs_on && !cur.is_empty() {
                out.push(Sentence {
                    text: std::mem::take(&mut cur),
                    raw: std::mem::take(&mut raw).trim().to_owned(),
                    doc,
                    block: start,
                    end_block: b.index,
                });
            }
        }
        if !cur.is_empty() {
            out.push(Sentence {
                text: cur,
                raw: raw.trim().to_owned(),
                doc,
                block: start,
                end_block: doc.blocks.last().map_or(start, |b| b.index),
            });
        }
    }
    out
}

/// One row of a table: its first block and its cells' original text.
pub struct Row {
    pub block: usize,
    pub cells: Vec<String>,
}

/// A line of text that is a table row: cells separated by " | ", or a line framed by "|" with at
/// least two cells (“|普惠小微贷款余额（亿元）|286.7|500|”, as tables come out of some tools).
pub fn is_text_row(text: &str) -> bool {
    text_cells(text).is_some()
}

/// The cells of a text row (see `is_text_row`): split at its bars, or at the runs of spaces that
/// align a table typed without bars (“绿色贷款余额  亿元  86.2  200”, “制造业贷款余额　　亿元　　420　　600”
/// — 达州 and 吉安 in the ledger's rounds 18 and 19: two or more spaces, or full-width ones, between
/// at least three cells, one of them holding a digit, no sentence among them).
pub fn text_cells(text: &str) -> Option<Vec<String>> {
    if bar_row(text) {
        return Some(
            text.split(['|', '｜'])
                .map(|c| c.trim().to_owned())
                .collect(),
        );
    }
    spaced_cells(text).filter(|cells| {
        cells
            .iter()
            .any(|c| c.chars().any(|ch| ch.is_ascii_digit()))
    })
}

/// A line's cells split at runs of spaces (see `text_cells`), digits or not: a header row
/// (“序号　指标名称　　单位　　目标值　　完成值”) when the row under it has as many.
fn spaced_cells(text: &str) -> Option<Vec<String>> {
    static GAP: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let gap = GAP.get_or_init(|| regex::Regex::new(r" {2,}|\t+|　+").expect("gap"));
    let t = text.trim_matches([' ', '　', '\t']);
    let cells: Vec<String> = gap.split(t).map(|c| c.trim().to_owned()).collect();
    (cells.len() >= 3
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().count() <= 40)
        && !t.contains(['。', '；', '，']))
    .then_some(cells)
}

fn bar_row(text: &str) -> bool {
    // Full-width ｜ is the same bar (typed with a Chinese input method).
    let folded = text.replace('｜', "|");
    let t = folded.trim();
    folded.contains(" | ")
        || t.len() > 2 && t.starts_with('|') && t.ends_with('|') && t.matches('|').count() >= 3
        // “1|制造业贷款余额|亿元|550以上|386.2|预期性”: a row typed without its outer bars, no
        // sentence in it (孝感, 乐山 in the ledger's round 17).
        || t.matches('|').count() >= 2
            && !t.starts_with('|')
            && !t.ends_with('|')
            && !t.contains(['。', '；'])
            && t.split('|').all(|c| !c.trim().is_empty())
}

/// The tables of a document, each a list of rows: real table cells grouped by table and row, and
/// runs of text lines whose cells are separated by "|" (a table copied out of a PDF or typed).
pub fn tables(doc: &Document) -> Vec<Vec<Row>> {
    let mut tables: Vec<Vec<Row>> = Vec::new();
    let mut last: Option<(usize, usize)> = None;
    let mut text_table = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        // A header typed with spaces: no digit of its own, as many cells as the row under it.
        let header = || {
            let cells = spaced_cells(&b.text)?;
            let next = doc.blocks.get(i + 1).and_then(|n| text_cells(&n.text))?;
            (!text_table && next.len() == cells.len()).then_some(cells)
        };
        if let Some(cells) = (b.table.is_none() && !is_text_row(&b.text))
            .then(header)
            .flatten()
        {
            tables.push(vec![Row {
                block: b.index,
                cells,
            }]);
            text_table = true;
            last = None;
        } else if let Some(pos) = b.table {
            if last.map(|(t, _)| t) != Some(pos.table) || text_table {
                tables.push(Vec::new());
                text_table = false;
            }
            let t = tables.last_mut().expect("pushed");
            if last != Some((pos.table, pos.row)) || t.is_empty() {
                t.push(Row {
                    block: b.index,
                    cells: Vec::new(),
                });
            }
            if let Some(row) = t.last_mut() {
                row.cells.push(b.text.clone());
            }
            last = Some((pos.table, pos.row));
        } else if is_text_row(&b.text) {
            if !text_table {
                tables.push(Vec::new());
                text_table = true;
            }
            let cells = text_cells(&b.text).unwrap_or_default();
            if let Some(t) = tables.last_mut() {
                t.push(Row {
                    block: b.index,
                    cells,
                });
            }
            last = None;
        } else {
            text_table = false;
            last = None;
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::structure::document_of;

    #[test]
    fn tables_typed_with_bars_or_spaces() {
        let doc = document_of(
            "a.docx",
            crate::document::model::DocKind::ImplementationPlan,
            &[
                "一、主要目标",
                "序号　指标名称　　　　单位　　目标值　　完成值",
                "1　　制造业贷款余额　　亿元　　600　　　628.5",
                "正文。",
                "指标名称  单位  2019年  2022年",
                "绿色贷款余额  亿元  86.2  200",
                "1|制造业贷款余额|亿元|550以上|386.2|预期性",
                "中国人民银行萍乡市中心支行  萍乡市工业和信息化局  萍乡市财政局",
            ],
        );
        let got: Vec<Vec<Vec<String>>> = tables(&doc)
            .into_iter()
            .map(|t| t.into_iter().map(|r| r.cells).collect())
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0][0], ["序号", "指标名称", "单位", "目标值", "完成值"]);
        assert_eq!(got[0][1][1], "制造业贷款余额");
        assert_eq!(got[1].len(), 3);
        assert_eq!(got[1][1], ["绿色贷款余额", "亿元", "86.2", "200"]);
        assert_eq!(got[1][2][3], "550以上");
        assert!(!is_text_row(
            "中国人民银行萍乡市中心支行  萍乡市工业和信息化局  萍乡市财政局"
        ));
    }

    #[test]
    fn a_broken_line_is_read_whole() {
        let doc = document_of(
            "a.docx",
            crate::document::model::DocKind::ImplementationPlan,
            &[
                "一、金融基础",
                "在科技金融、绿色金",
                "融、普惠金融等领域持续发力。",
                "正文。",
            ],
        );
        let got: Vec<String> = sentences(&[&doc]).into_iter().map(|s| s.text).collect();
        assert_eq!(
            got,
            [
                "一、金融基础",
                "在科技金融、绿色金融、普惠金融等领域持续发力。",
                "正文。"
            ]
        );
    }
}
