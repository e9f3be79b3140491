//! Sentences of documents for the rules that read statements (continuation, financial fields):
//! width folded, spaces removed, and read across blocks where a block does not end a sentence — a
//! PDF's line broken inside "申请延" / "续试点" or "绿色金" / "融" is one sentence again.

use crate::model::{BlockKind, Document};
use crate::text::fold_width;

/// One sentence (up to 。；！？, or the end of a block that ends one): its folded text without spaces,
/// the document and the block it starts in.
pub struct Sentence<'d> {
    pub text: String,
    pub doc: &'d Document,
    pub block: usize,
}

/// The sentences of the documents' blocks, in order. A block runs on into the next unless it is a
/// heading or a table cell or ends with 。：）.
pub fn sentences<'d>(docs: &[&'d Document]) -> Vec<Sentence<'d>> {
    let mut out = Vec::new();
    for doc in docs {
        let mut cur = String::new();
        let mut start = 0;
        for b in &doc.blocks {
            if cur.is_empty() {
                start = b.index;
            }
            for c in fold_width(&b.text).chars().filter(|c| !c.is_whitespace()) {
                cur.push(c);
                if matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?') {
                    out.push(Sentence {
                        text: std::mem::take(&mut cur),
                        doc,
                        block: start,
                    });
                    start = b.index;
                }
            }
            let runs_on = !matches!(b.kind, BlockKind::Heading | BlockKind::TableCell)
                && !cur.ends_with(['：', ':', '。', '）', ')']);
            if !runs_on && !cur.is_empty() {
                out.push(Sentence {
                    text: std::mem::take(&mut cur),
                    doc,
                    block: start,
                });
            }
        }
        if !cur.is_empty() {
            out.push(Sentence {
                text: cur,
                doc,
                block: start,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::{structure, RawBlock};

    #[test]
    fn a_broken_line_is_read_whole() {
        let s = structure(
            ["一、金融基础", "在科技金融、绿色金", "融、普惠金融等领域持续发力。", "正文。"]
                .iter()
                .map(|t| RawBlock::paragraph(*t))
                .collect(),
        );
        let doc = Document {
            path: "a.docx".into(),
            format: crate::model::Format::Docx,
            kind: crate::model::DocKind::ImplementationPlan,
            kind_reason: String::new(),
            title: s.title,
            blocks: s.blocks,
            sections: s.sections,
            workbook: None,
        };
        let got: Vec<String> = sentences(&[&doc]).into_iter().map(|s| s.text).collect();
        assert_eq!(got, ["一、金融基础", "在科技金融、绿色金融、普惠金融等领域持续发力。", "正文。"]);
    }
}
