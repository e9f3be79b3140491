//! Legacy Word / WPS .doc (and such a file misnamed .docx) and PDF: the extracted text agrees with a
//! reference extractor (antiword for .doc, pdftotext for PDF; outputs committed in
//! tests/fixtures/reference/) at 98% character similarity or more, and headings come from 公文 numbering.

mod common;

use std::path::{Path, PathBuf};

use pilot_review::extract::extract_file;
use pilot_review::{BlockKind, Document, ExtractError, Limits};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The characters compared: letters, digits and Han characters (layout, spaces and punctuation vary
/// between extractors).
fn core(s: &str) -> String {
    pilot_review::text::fold_width(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn similarity(ours: &str, reference: &str) -> f64 {
    let (a, b) = (core(ours), core(reference));
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(20))
        .diff_chars(a.as_str(), b.as_str())
        .ratio() as f64
}

fn text(d: &Document) -> String {
    d.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn extract(rel: &str) -> Result<Document, ExtractError> {
    extract_file(&fixture(rel), rel, Limits::default())
}

#[test]
fn doc_text_matches_antiword() {
    for (rel, min_blocks) in [
        ("real-zh/chatchat_npp_bianzhishuoming_p1_general.doc", 60),
        ("real-zh/learninglog_gongzuozongjie_wps_saved.doc", 15),
    ] {
        let d = extract(rel).expect(rel);
        assert_eq!(d.format.as_str(), "doc", "{rel}");
        assert!(
            d.blocks.len() >= min_blocks,
            "{rel}: {} blocks",
            d.blocks.len()
        );
        let name = rel.rsplit('/').next().expect("name");
        let reference = std::fs::read_to_string(fixture(&format!("reference/{name}.antiword.txt")))
            .expect("reference");
        let s = similarity(&text(&d), &reference);
        assert!(s >= 0.98, "{rel}: similarity {s:.4}");
    }
}

/// A WPS .doc saved with a .docx name. antiword refuses it ("not a Word Document") and catdoc garbles
/// its UTF-16 pieces (its output is kept in tests/fixtures/reference/), so its text is asserted directly.
#[test]
fn misnamed_wps_doc_reads() {
    let d = extract("real-zh/qinghan_srs_MISNAMED_ole_doc_wps.docx").expect("extracts");
    assert_eq!(d.format.as_str(), "doc");
    assert_eq!(d.title.as_deref(), Some("软件需求规格说明书"));
    let t = text(&d);
    for needle in [
        "智能惠农信贷系统旨在为农户、农业企业以及金融机构提供一个高效",
        "农业作为国民经济的基础产业",
        "西北师范大学",
    ] {
        assert!(t.contains(needle), "{needle}");
    }
    assert!(
        !t.contains("HYPERLINK") && !t.contains("PAGEREF"),
        "field instructions are dropped"
    );
    assert!(d.blocks.len() >= 100);
}

#[test]
fn doc_headings_from_typed_numbering() {
    let d = extract("real-zh/chatchat_npp_bianzhishuoming_p1_general.doc").expect("extracts");
    let heads: Vec<(u8, &str)> = d
        .headings()
        .map(|h| (h.level.unwrap_or(0), h.text.as_str()))
        .collect();
    assert!(heads.contains(&(1, "二、 编制过程")), "{heads:?}");
    assert!(heads.contains(&(2, "1、征求意见稿")), "{heads:?}");
    assert!(heads.contains(&(1, "八、其他需要说明的问题")));
    // The cover table is read as table cells, once.
    assert!(d
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::TableCell && b.text.contains("编制说明")));
    // Field codes are gone, their results stay.
    assert!(!text(&d).contains("HYPERLINK") && !text(&d).contains("MERGEFORMAT"));
}

#[test]
fn hostile_docs_still_fail_cleanly() {
    assert!(matches!(
        extract("hostile/PasswordProtected.doc"),
        Err(ExtractError::Encrypted(_))
    ));
    assert!(matches!(
        extract("hostile/Word95.doc"),
        Err(ExtractError::Unsupported(_))
    ));
    // Fuzzed and empty files either read or give an error — never a panic.
    for f in ["hostile/Fuzzed.doc", "hostile/empty.doc"] {
        if let Err(e) = extract(f) {
            assert!(!matches!(e, ExtractError::Panic(_)), "{f}: {e}");
        }
    }
}

/// Mutated copies of a real .doc never panic: each reads or gives an error.
#[test]
fn mutated_docs_never_panic() {
    let good = std::fs::read(fixture("real-zh/learninglog_gongzuozongjie_wps_saved.doc"))
        .expect("fixture");
    let panics: Vec<(usize, String)> = common::mutations(&good, 0xD0C, 300, 16, false)
        .iter()
        .enumerate()
        .filter_map(|(round, b)| {
            match pilot_review::extract::extract_bytes(b, "m.doc", Limits::default()) {
                Err(ExtractError::Panic(what)) => Some((round, what)),
                _ => None,
            }
        })
        .collect();
    assert!(panics.is_empty(), "{panics:?}");
}

#[test]
fn pdf_text_matches_pdftotext_and_has_the_headings() {
    let rel = "real-zh/mrered_gongwen_typst_out.pdf";
    let d = extract(rel).expect("extracts");
    assert_eq!(d.format.as_str(), "pdf");
    let reference = std::fs::read_to_string(fixture(
        "reference/mrered_gongwen_typst_out.pdf.pdftotext.txt",
    ))
    .expect("reference");
    let s = similarity(&text(&d), &reference);
    assert!(s >= 0.98, "similarity {s:.4}");
    // The same 54 headings as the Word version of the document, from 公文 numbering alone.
    assert_eq!(d.headings().count(), 54);
    let level = |t: &str| d.headings().find(|h| h.text == t).and_then(|h| h.level);
    assert_eq!(level("一、一级标题a"), Some(1));
    assert_eq!(level("（一）二级标题a"), Some(2));
    assert_eq!(level("1.三级标题a"), Some(3));
    // Lines wrapped by the page are rejoined; no space is left between Han characters.
    assert!(d.blocks.iter().any(|b| b
        .text
        .starts_with("《出师表》是三国时期蜀汉丞相诸葛亮在北伐前上给后主刘禅的一篇著名奏章")));
}

/// Mutated PDFs: the batch survives every one (the PDF reader runs isolated).
#[test]
fn mutated_pdfs_do_not_take_the_batch_down() {
    let good = std::fs::read(fixture("real-zh/mrered_gongwen_typst_out.pdf")).expect("fixture");
    let (mut ok, mut err) = (0, 0);
    for b in common::mutations(&good, 0x9DF, 60, 16, false) {
        // Each mutant returns — a document or an error — so the batch goes on.
        match pilot_review::extract::extract_bytes(&b, "m.pdf", Limits::default()) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
    }
    assert_eq!(ok + err, 60);
}
