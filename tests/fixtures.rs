//! Real files nobody on the team wrote (tests/fixtures/, copied from shared/fixtures with SOURCES.tsv):
//! Chinese Word documents extract with the headings and text they hold; every hostile file gives
//! its clear error, never a panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use pilot_review::read::extract::{extract_bytes, extract_file};
use pilot_review::{BlockKind, Document, ExtractError, Limits};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn extract(rel: &str) -> Result<Document, ExtractError> {
    let p = fixture(rel);
    extract_file(&p, rel, Limits::default())
}

fn heading(doc: &Document, text: &str) -> Option<u8> {
    doc.blocks
        .iter()
        .find(|b| b.kind == BlockKind::Heading && b.text == text)
        .and_then(|b| b.level)
}

fn all_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn gongwen_labels_rendered_from_numbering_xml() {
    // The first heading's "一、" exists only in numbering.xml (japaneseCounting "%1、").
    let d = extract("real-zh/chatchat_npp_bianzhishuoming_p1_general.docx").expect("extracts");
    assert_eq!(d.headings().count(), 11);
    assert_eq!(heading(&d, "一、任务来源及计划要求"), Some(1));
    assert_eq!(heading(&d, "二、 编制过程"), Some(1));
    assert_eq!(heading(&d, "1、征求意见稿"), Some(2));
    assert_eq!(heading(&d, "八、其他需要说明的问题"), Some(1));
    assert!(all_text(&d).contains("项目编号为“能源20210676”"));
    // Decimal "%1）" list items are list items, not headings.
    let item = d
        .blocks
        .iter()
        .find(|b| b.text.contains("引入差异项定义"))
        .expect("list item");
    assert_eq!(item.kind, BlockKind::ListItem);
    assert!(item.text.starts_with("1）"));
    let under = d
        .blocks
        .iter()
        .find(|b| b.text.starts_with("2021年9月30日"))
        .expect("body");
    assert_eq!(under.section, vec!["二、 编制过程", "1、征求意见稿"]);
}

#[test]
fn standard_template_with_chinese_style_names() {
    // GB/T template: 章标题 / 一级条标题 styles with outline levels, text boxes, numbering.
    let d = extract("real-zh/chatchat_npp_psr_guide_p1_general_draft.docx").expect("extracts");
    // 48: "5.1.2 通常运行……应涵盖上述所有14项安全要素。考虑……" is a numbered clause whose first sentence
    // states a quantity, body text rather than a run-in heading.
    assert_eq!(d.headings().count(), 48);
    assert_eq!(heading(&d, "5\u{3000}定期安全评价的策划和准备"), Some(2));
    assert_eq!(heading(&d, "5.1\u{3000}确定评价范围和内容"), Some(3));
    assert!(all_text(&d).contains("核电厂定期安全评价"));
}

#[test]
fn heading_styles_with_numeric_ids() {
    let d = extract("real-zh/licijun_outline_design_headings.docx").expect("extracts");
    assert_eq!(d.headings().count(), 33);
    assert_eq!(heading(&d, "1引言"), Some(1));
    assert_eq!(heading(&d, "1.1编写目的"), Some(2));
    assert!(d
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::TableCell && b.text == "版本号"));
}

#[test]
fn pandoc_gongwen_with_style_linked_numbering() {
    let d = extract("real-zh/mrered_gongwen_pandoc_out.docx").expect("extracts");
    assert_eq!(d.title.as_deref(), Some("测试文段"));
    assert_eq!(d.headings().count(), 54);
    assert_eq!(heading(&d, "一、一级标题a"), Some(1));
    assert_eq!(heading(&d, "（一）二级标题a"), Some(2));
    assert_eq!(heading(&d, "1.三级标题a"), Some(3));
    // The author line under the title inherits heading 1 through basedOn; it is not a section.
    let author = d
        .blocks
        .iter()
        .find(|b| b.text == "诸葛亮、亮葛诸")
        .expect("author line");
    assert_eq!(author.kind, BlockKind::Paragraph);
}

#[test]
fn typed_gongwen_report_and_plan() {
    let r = extract("real-zh/zhaohuiyang_synthetic_report.docx").expect("extracts");
    assert_eq!(r.title.as_deref(), Some("关于“我的刀盾”网络传播情况的报告"));
    let levels: Vec<_> = r.headings().map(|h| (h.level, h.text.as_str())).collect();
    assert_eq!(
        levels,
        vec![
            (Some(1), "一、基本情况"),
            (Some(1), "二、工作开展情况"),
            (Some(1), "三、存在问题"),
            (Some(1), "四、下一步建议")
        ]
    );
    let p = extract("real-zh/zhaohuiyang_synthetic_work-plan.docx").expect("extracts");
    assert_eq!(p.headings().count(), 9);
    assert_eq!(heading(&p, "（二）开展事实核验和口径清理"), Some(2));
    assert_eq!(p.kind.as_str(), "implementation_plan");
}

/// A scanned PDF has no text layer: the PDF reader says so, and extraction hands it to OCR
/// (tests/ocr.rs). PDFs with a text layer are read: tests/legacy.rs.
#[test]
fn scanned_pdf_needs_ocr() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/real-zh/mineru_small_ocr_scanned.pdf"),
    )
    .expect("fixture");
    let e = pilot_review::read::pdf::pages(&bytes, Limits::default()).expect_err("no text layer");
    assert!(matches!(e, ExtractError::NoTextLayer), "{e}");
    assert!(e.zh().contains("OCR"));
}

/// Every hostile fixture: the outcome and the words of its error.
const HOSTILE: &[(&str, Option<&str>)] = &[
    (
        "ExternalEntityInText.docx",
        Some("entity declarations are refused"),
    ),
    ("Fuzzed.doc", None),
    ("Numbering.docx", None),
    ("PasswordProtected.doc", Some("encrypted")),
    ("Word95.doc", Some("Word 95 or older")),
    ("bug53475-password-is-pass.docx", Some("encrypted")),
    (
        "clusterfuzz-testcase-minimized-POIFuzzer-6709287337197568.docx",
        Some("invalid or truncated zip"),
    ),
    (
        "clusterfuzz-testcase-minimized-POIXSSFFuzzer-6123461607817216.xlsx",
        Some("invalid or truncated zip"),
    ),
    (
        "crash-517626e815e0afa9decd0ebb6d1dee63fb9907dd.docx",
        Some("invalid or truncated zip"),
    ),
    ("empty.doc", Some("no text at all")),
    ("fyhhjj_gongzuozongjie_TSD_DLP_encrypted.docx", Some("DLP")),
    ("heading123.docx", None),
    ("noSharedStringTable.xlsx", None),
    ("poc-xmlbomb.xlsx", Some("entity declarations are refused")),
    ("protected_passtika.xlsx", Some("encrypted")),
    ("truncated62886.docx", Some("invalid or truncated zip")),
    ("xlsx-corrupted.xlsx", Some("not a valid Excel .xlsx")),
    ("zero-length.docx", Some("no text at all")),
];

#[test]
fn hostile_files_give_their_errors() {
    for (name, want) in HOSTILE {
        let got = extract(&format!("hostile/{name}"));
        match (want, got) {
            (None, Ok(_)) => {}
            (Some(needle), Err(e)) => {
                assert!(
                    !matches!(e, ExtractError::Panic(_)),
                    "{name}: a reader panicked"
                );
                assert!(e.to_string().contains(needle), "{name}: {e}");
                assert!(!e.zh().is_empty());
            }
            (w, g) => panic!(
                "{name}: expected {w:?}, got {:?}",
                g.map(|d| d.blocks.len())
            ),
        }
    }
    let dir = fixture("hostile");
    let count = std::fs::read_dir(dir).expect("dir").count();
    assert_eq!(count, HOSTILE.len(), "every hostile fixture is listed");
}

#[test]
fn hostile_workbooks_and_headings_that_do_extract() {
    let d = extract("hostile/heading123.docx").expect("extracts");
    let levels: Vec<_> = d.headings().map(|h| h.level).collect();
    assert_eq!(levels, vec![Some(1), Some(2), Some(3)]);
    let w = extract("hostile/noSharedStringTable.xlsx").expect("extracts");
    assert_eq!(
        w.workbook.as_ref().map(|b| b.sheets[0].cells.len()),
        Some(2)
    );
}

/// The binary: a file it cannot read gives exit 1 and one stderr line naming the file and the reason.
#[test]
fn extract_command_reports_one_line() {
    let bin = env!("CARGO_BIN_EXE_pilot-review");
    let path = fixture("hostile/PasswordProtected.doc");
    let out = Command::new(bin)
        .arg("extract")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("PasswordProtected.doc") && err.contains("encrypted"),
        "{err}"
    );
    let ok = Command::new(bin)
        .arg("extract")
        .arg(fixture("real-zh/zhaohuiyang_synthetic_report.docx"))
        .arg("--json")
        .output()
        .expect("runs");
    assert!(ok.status.success());
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("json");
    assert_eq!(v["format"], "docx");
    let heading = v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|b| b["kind"] == "heading")
        .expect("heading");
    assert_eq!(heading["section"], serde_json::json!(["一、基本情况"]));
    assert_eq!(heading["level"], 1);
}

// --- generated hostile input -------------------------------------------------------------------

fn docx_with(document_xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("[Content_Types].xml", o).expect("zip");
        z.write_all(b"<Types/>").expect("zip");
        z.start_file("word/document.xml", o).expect("zip");
        z.write_all(document_xml).expect("zip");
        z.finish().expect("zip");
    }
    buf.into_inner()
}

#[test]
fn zip_bomb_is_capped() {
    // 64 MiB of spaces compress to ~64 KiB; the cap is 1 MiB.
    let mut xml = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(xml.len() + (64 << 20), b' ');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let bytes = docx_with(&xml);
    assert!(bytes.len() < 1 << 20);
    let limits = Limits {
        max_part_bytes: 1 << 20,
        ..Limits::default()
    };
    let e = extract_bytes(&bytes, "bomb.docx", limits).expect_err("refused");
    assert!(matches!(e, ExtractError::Bomb { .. }), "{e}");
}

#[test]
fn entity_bomb_and_deep_nesting_are_refused() {
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let e = extract_bytes(&docx_with(laughs), "lol.docx", Limits::default()).expect_err("refused");
    assert!(matches!(e, ExtractError::EntityDeclaration { .. }), "{e}");

    let mut deep = b"<w:document xmlns:w=\"w\"><w:body>".to_vec();
    deep.extend(std::iter::repeat_n(&b"<w:sdt>"[..], 10_000).flatten());
    let e = extract_bytes(&docx_with(&deep), "deep.docx", Limits::default()).expect_err("refused");
    assert!(matches!(e, ExtractError::TooDeep { .. }), "{e}");
}

/// Mutated copies of a real document never panic: each either extracts or gives an error.
#[test]
fn mutated_documents_never_panic() {
    let good =
        std::fs::read(fixture("real-zh/zhaohuiyang_synthetic_report.docx")).expect("fixture");
    for b in common::mutations(&good, 0x5EED, 300, 8, true) {
        if let Err(ExtractError::Panic(what)) = extract_bytes(&b, "mutated.docx", Limits::default())
        {
            panic!("{what} reader panicked");
        }
    }
}

/// Hand-built WordprocessingML: tracked changes, field codes, a text box in mc:Choice with its
/// VML fallback, a merged table — each piece of text read exactly once.
#[test]
fn revisions_fields_text_boxes_and_merged_cells() {
    let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc" xmlns:wps="wps"><w:body>
<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第3页</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产业基础</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>地区生产总值</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>产业基础</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>工业增加值</w:t></w:r></w:p><w:p><w:r><w:t>第二行</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>&amp;100&#x4EBF;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
    let d = extract_bytes(&docx_with(xml.as_bytes()), "hand.docx", Limits::default())
        .expect("extracts");
    let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "保留插入",
            "第3页",
            "文本框内容",
            "正文",
            "产业基础",
            "地区生产总值",
            "工业增加值\n第二行",
            "&100亿"
        ]
    );
    let cells: Vec<_> = d
        .blocks
        .iter()
        .filter_map(|b| b.table.map(|t| (t.row, t.col)))
        .collect();
    assert_eq!(cells, vec![(0, 0), (0, 1), (1, 1), (1, 2)]);
}
