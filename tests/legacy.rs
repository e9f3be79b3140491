//! Legacy Word / WPS .doc (and such a file misnamed .docx) and PDF: the extracted text agrees with a
//! reference extractor (antiword for .doc, pdftotext for PDF; outputs committed in
//! tests/fixtures/reference/) at 98% character similarity or more, and headings come from 公文 numbering.

mod common;

use std::path::{Path, PathBuf};

use pilot_review::read::extract::extract_file;
use pilot_review::{BlockKind, Document, ExtractError, Limits};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The characters compared: letters, digits and Han characters (layout, spaces and punctuation vary
/// between extractors).
fn core(s: &str) -> String {
    pilot_review::document::text::fold_width(s)
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
/// its UTF-16 pieces (its output is kept in tests/fixtures/reference/); wvText (wv 1.2) reads it.
#[test]
fn misnamed_wps_doc_reads() {
    let rel = "real-zh/qinghan_srs_MISNAMED_ole_doc_wps.docx";
    let d = extract(rel).expect("extracts");
    assert_eq!(d.format.as_str(), "doc");
    assert_eq!(d.title.as_deref(), Some("软件需求规格说明书"));
    let t = text(&d);
    let reference = std::fs::read_to_string(fixture(
        "reference/qinghan_srs_MISNAMED_ole_doc_wps.docx.wvtext.txt",
    ))
    .expect("reference");
    // wvText leaves the table of contents (a TOC field result: "1.1 产品介绍<tab>3") out; so does
    // our side of the comparison. It adds the page header and footer at the end (≈70 characters).
    let body: Vec<&str> = d
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .filter(|t| {
            t.rsplit_once('\t')
                .is_none_or(|(_, p)| p.trim().parse::<u32>().is_err())
        })
        .collect();
    let s = similarity(&body.join("\n"), &reference);
    assert!(s >= 0.98, "{rel}: similarity {s:.4}");
    // Headings come from its styles; the table of contents repeats them with page numbers and
    // opens no sections.
    let heads: Vec<(u8, &str)> = d
        .headings()
        .map(|h| (h.level.unwrap_or(0), h.text.as_str()))
        .collect();
    assert_eq!(
        heads.iter().filter(|h| h.1 == "1.1 产品介绍").count(),
        1,
        "{heads:?}"
    );
    assert!(heads.contains(&(1, "4. 接口")), "{heads:?}");
    assert!(
        heads.contains(&(2, "4.3 接口：电子签章系统接口")),
        "{heads:?}"
    );
    assert!(heads.iter().all(|h| !h.1.contains('\t')), "{heads:?}");
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

/// The .doc and its .docx twin (same document saved twice) give the same outline: "一、任务来源…" exists
/// only as a list label in the list tables, the rest is typed.
#[test]
fn doc_outline_equals_its_docx_twin() {
    let outline = |rel: &str| -> Vec<(Option<u8>, String)> {
        extract(rel)
            .expect(rel)
            .headings()
            .map(|h| (h.level, h.text.clone()))
            .collect()
    };
    let doc = outline("real-zh/chatchat_npp_bianzhishuoming_p1_general.doc");
    assert_eq!(doc.len(), 11, "{doc:?}");
    assert_eq!(doc[0], (Some(1), "一、任务来源及计划要求".to_owned()));
    assert_eq!(
        doc,
        outline("real-zh/chatchat_npp_bianzhishuoming_p1_general.docx")
    );
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
            match pilot_review::read::extract::extract_bytes(b, "m.doc", Limits::default()) {
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
        match pilot_review::read::extract::extract_bytes(&b, "m.pdf", Limits::default()) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
    }
    assert_eq!(ok + err, 60);
}

/// OFD (tests/fixtures/synthetic/make_ofd.py writes plan.ofd): page 1 has one TextObject per
/// character, page 2 whole lines placed by CTM; both come back as lines, paragraphs and headings.
#[test]
fn ofd_text_paragraphs_and_headings() {
    let d = extract("synthetic/plan.ofd").expect("extracts");
    assert_eq!(d.format.as_str(), "ofd");
    assert_eq!(
        d.title.as_deref(),
        Some("某某市产融合作试点城市实施方案（2024—2026年）")
    );
    let heads: Vec<(u8, &str)> = d
        .headings()
        .map(|h| (h.level.unwrap_or(0), h.text.as_str()))
        .collect();
    assert_eq!(
        heads,
        vec![
            (1, "一、总体要求"),
            (2, "（一）主要目标"),
            (1, "二、保障措施"),
            (2, "（一）加强组织保障。"),
            (2, "（二）加强资金保障。"),
        ]
    );
    // A paragraph wrapped over two lines of single-glyph objects is one block again.
    assert!(d.blocks.iter().any(|b| b.text
        == "以习近平新时代中国特色社会主义思想为指导，围绕本市重点产业链，推动金融资源向制造业集聚，力争三年内制造业贷款余额年均增长10%以上。"));
}

/// Broken OFD packages give a reason, never a panic: no DocRoot, a missing page, an entity bomb.
#[test]
fn broken_ofd_packages_are_refused_with_a_reason() {
    use std::io::Write;
    let zip = |parts: &[(&str, &str)]| -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            w.write_all(body.as_bytes()).expect("write");
        }
        w.finish().expect("zip").into_inner()
    };
    let ofd = r#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
    let document = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextObject><ofd:TextCode>&b;</ofd:TextCode></ofd:TextObject></ofd:Page>"#;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "no DocRoot",
            zip(&[(
                "OFD.xml",
                r#"<ofd:OFD xmlns:ofd="x"><ofd:DocBody/></ofd:OFD>"#,
            )]),
            "DocRoot",
        ),
        (
            "missing page",
            zip(&[("OFD.xml", ofd), ("Doc_0/Document.xml", document)]),
            "Page_0",
        ),
        (
            "entity bomb",
            zip(&[
                ("OFD.xml", ofd),
                ("Doc_0/Document.xml", document),
                ("Doc_0/Pages/Page_0/Content.xml", bomb),
            ]),
            "entity declarations are refused",
        ),
    ];
    for (what, bytes, needle) in cases {
        let err = pilot_review::read::extract::extract_bytes(&bytes, "x.ofd", Limits::default())
            .expect_err(what);
        let msg = format!("{err} / {err:?}");
        assert!(msg.contains(needle), "{what}: {msg}");
    }
}

/// Mutated and truncated copies of the OFD never panic (a caught panic would surface as
/// ExtractError::Panic): each reads or gives its reason.
#[test]
fn mutated_ofds_never_panic() {
    let good = std::fs::read(fixture("synthetic/plan.ofd")).expect("fixture");
    for b in common::mutations(&good, 0x0FD, 150, 8, true) {
        if let Err(e) = pilot_review::read::extract::extract_bytes(&b, "m.ofd", Limits::default()) {
            assert!(!matches!(e, ExtractError::Panic(_)), "{e}");
        }
    }
}
