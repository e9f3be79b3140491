//! PDF with a text layer, through pdf_oxide: every character with its position and size, decoded
//! through the font's ToUnicode map or, without one, the predefined CJK CMaps (GBK-EUC-H,
//! UniGB-UCS2-H … as PDF 32000 §9.10.2 says; 公文 typesetting systems write exactly those). Measured
//! against pdftotext on every PDF in ../shared/fixtures and PDFs made from .docx by LibreOffice and
//! Chromium (Word's CID TrueType Identity-H form): see the README. Blocks come from the line geometry
//! ([`crate::read::layout`]). A PDF encrypted with an empty user password (print/copy restrictions
//! only) is read; one that needs a password is reported as such. A PDF without a text layer (a scan)
//! is reported as needing OCR, never passed as an empty document.

use pdf_oxide::document::PdfDocument;

use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::layout::{self, Glyph, Page};

/// Every page's glyphs (y measured down from the top of the page, in points), or why there are none.
pub fn pages(bytes: &[u8], limits: Limits) -> Result<Vec<Page>> {
    check_nesting(bytes, limits)?;
    let failed = |e: pdf_oxide::error::Error| match e {
        pdf_oxide::error::Error::EncryptedPdf => {
            ExtractError::Encrypted("password-protected PDF".into())
        }
        e => ExtractError::Corrupt {
            expected: "PDF",
            detail: e.to_string(),
        },
    };
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(failed)?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(ExtractError::Encrypted("password-protected PDF".into()));
    }
    let count = doc.page_count().map_err(failed)?;
    let mut out = Vec::with_capacity(count.min(10_000));
    let mut chars = 0usize;
    for p in 0..count {
        // One page at a time, so a page the reader cannot decode costs only that page.
        let Ok(found) = doc.extract_chars(p) else {
            out.push(Page::default());
            continue;
        };
        let top = doc
            .get_page_media_box(p)
            .map(|(_, y0, _, y1)| f64::from(y0.max(y1)))
            .unwrap_or(842.0);
        chars += found.len();
        if chars as u64 > limits.max_part_bytes {
            return Err(ExtractError::TooMany {
                what: "characters",
                limit: limits.max_part_bytes as usize,
            });
        }
        let glyphs = found
            .into_iter()
            .filter(|c| c.char != '\u{FFFD}' && !c.char.is_control())
            .map(|c| Glyph {
                x: f64::from(c.origin_x),
                y: top - f64::from(c.origin_y),
                width: f64::from(c.advance_width.max(c.bbox.width)),
                size: f64::from(c.font_size.abs()).max(1.0),
                text: c.char.to_string(),
            })
            .collect();
        out.push(Page { glyphs });
    }
    layout::require_text_layer(out)
}

/// Refuses a PDF whose arrays and dictionaries nest deeper than `max_xml_depth` (pdf_oxide parses
/// them recursively). Counts `[`/`<<` against `]`/`>>` outside literal strings, comments and stream
/// data; real PDFs nest a few levels.
fn check_nesting(bytes: &[u8], limits: Limits) -> Result<()> {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                // A literal string: balanced parentheses, backslash escapes.
                let mut open = 1usize;
                i += 1;
                while i < bytes.len() && open > 0 {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => open += 1,
                        b')' => open -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b's' if bytes[i..].starts_with(b"stream") => {
                // Stream data up to its endstream.
                match memchr::memmem::find(&bytes[i + 6..], b"endstream") {
                    Some(at) => i += 6 + at + 9,
                    None => break,
                }
                continue;
            }
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => {}
        }
        max = max.max(depth);
        if max > limits.max_xml_depth {
            return Err(ExtractError::TooDeep {
                part: "PDF".into(),
                limit: limits.max_xml_depth,
            });
        }
        i += 1;
    }
    Ok(())
}

/// How many pages the PDF has; 0 when it cannot be opened.
pub fn page_count(bytes: &[u8]) -> usize {
    PdfDocument::from_bytes(bytes.to_vec())
        .and_then(|d| d.page_count())
        .unwrap_or(0)
}

/// The text of every page, one line per printed line.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
    Ok(layout::text(&pages(bytes, limits)?))
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    Ok(layout::blocks(&pages(bytes, limits)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_is_corrupt_and_says_so() {
        let e = pages(b"%PDF-1.7\n garbage", Limits::default()).expect_err("corrupt");
        assert!(matches!(e, ExtractError::Corrupt { .. }), "{e:?}");
    }
}
