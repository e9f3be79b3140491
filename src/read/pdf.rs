//! PDF with a text layer, through lopdf (pdf-extract panics on predefined CJK CMaps; lopdf reads them).
//! Extractors put spaces between Han characters and digits and break lines where the page wraps: both
//! are undone here, lines rejoined into paragraphs, and headings found by 公文 numbering. A PDF
//! without a text layer (a scan) is reported as needing OCR, never passed as an empty document.

use crate::document::structure::{parse_label, RawBlock};
use crate::document::text::despace;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;

/// Text of every page, or why there is none.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| ExtractError::Corrupt {
        expected: "PDF",
        detail: e.to_string(),
    })?;
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted("password-protected PDF".into()));
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut out = String::new();
    for p in pages {
        // One page at a time, so a page the reader cannot decode costs only that page.
        if let Ok(t) = doc.extract_text_with_limit(&[p], limits.max_part_bytes as usize) {
            out.push_str(&t);
            out.push('\n');
        }
    }
    require_text_layer(out)
}

/// Lines rejoined into paragraphs. A labelled line is a heading; a bare label or pieces of at most
/// four characters ("一、" / "一级标题" / "a") join it. Body lines join until a sentence ends or a labelled line follows;
/// a short line standing alone (a title, a page number) is its own paragraph.
pub fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<String> = text
        .lines()
        .map(despace)
        .filter(|l| !l.is_empty())
        .collect();
    let ends_sentence = |s: &str| s.ends_with(['。', '！', '？', '：', ':', '；']);
    let labelled = |s: &str| parse_label(s).is_some();
    let ends_here = |cur: &str, next: Option<&String>| -> bool {
        let Some(next) = next else { return true };
        let n = cur.chars().count();
        if let Some(label) = parse_label(cur).filter(|_| !ends_sentence(cur)) {
            // A bare label, or a fragment of at most four characters, continues the heading.
            let bare = n <= label.chars;
            if !labelled(next) && (bare || next.chars().count() <= 4) && !ends_sentence(next) {
                return false;
            }
            return n <= 40;
        }
        ends_sentence(cur) || labelled(next) || (n < 15 && !cur.ends_with(['，', '、', ',']))
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, l) in lines.iter().enumerate() {
        cur.push_str(l);
        if ends_here(&cur, lines.get(i + 1)) {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    Ok(laid_out_blocks(&text(bytes, limits)?))
}

/// Paragraph blocks from the lines of a fixed-layout document (PDF, OFD).
pub fn laid_out_blocks(lines: &str) -> Vec<RawBlock> {
    paragraphs(lines)
        .into_iter()
        .map(RawBlock::paragraph)
        .collect()
}

/// The text of a fixed-layout document, or `NoTextLayer` when it holds fewer than 20 letters (a scan).
pub fn require_text_layer(text: String) -> Result<String> {
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_wrapped_lines() {
        assert_eq!(
            despace("2023 年 全 市 实 现 GDP 1234 亿元"),
            "2023年全市实现GDP 1234亿元"
        );
        let p = paragraphs("一、基本情况\n全市制造业贷款余额达到1234亿元，同比\n增长12%。\n（一）\n组织\n保障\n成立领导小组。\n— 1 —");
        assert_eq!(
            p,
            vec![
                "一、基本情况",
                "全市制造业贷款余额达到1234亿元，同比增长12%。",
                "（一）组织保障",
                "成立领导小组。",
                "— 1 —"
            ]
        );
    }
}
