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
    for b in &doc.blocks {
        if let Some(pos) = b.table {
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
            let cells = b
                .text
                .split(['|', '｜'])
                .map(|c| c.trim().to_owned())
                .collect();
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
