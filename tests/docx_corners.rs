//! Word corners from public bug reports (fixtures in ../shared/fixtures/bugs, each with
//! expected.md): body text in a `w:altChunk` HTML/MHT part (08: mammoth.js #424/#71,
//! office_oxide #155), 公文 numbering through a list style's `w:numStyleLink` (09: all2md #488,
//! docxjs #197), and ruby (pinyin over a character) kept out of the text.

mod common;

use std::path::{Path, PathBuf};

use pilot_review::check::review::review;
use pilot_review::profile::Profile;
use pilot_review::read::extract::{extract_bytes, extract_file};
use pilot_review::{submission, BlockKind, Document, ExtractError, Limits};

fn bug(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/bugs")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

fn extract(p: &Path) -> Document {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("x.docx");
    extract_file(p, name, Limits::default()).expect("extracts")
}

/// (text, level) of every heading.
fn headings(d: &Document) -> Vec<(String, Option<u8>)> {
    d.headings().map(|b| (b.text.clone(), b.level)).collect()
}

fn texts(d: &Document) -> Vec<&str> {
    d.blocks.iter().map(|b| b.text.as_str()).collect()
}

// --- 08: altChunk ------------------------------------------------------------------------------

const CHUNK_HEADINGS: [(&str, u8); 3] = [
    ("一、总体情况", 1),
    ("（一）工作基础", 2),
    ("二、主要做法", 1),
];

fn assert_chunk_headings(d: &Document) {
    let want: Vec<(String, Option<u8>)> = CHUNK_HEADINGS
        .iter()
        .map(|(t, l)| (t.to_string(), Some(*l)))
        .collect();
    assert_eq!(headings(d), want, "{:#?}", d.blocks);
}

#[test]
fn html_chunk_is_read_in_place() {
    let Some(p) = bug("08-docx-altchunk-html/report-with-html-chunk.docx") else {
        return;
    };
    let d = extract(&p);
    assert_eq!(
        texts(&d),
        vec![
            "某某市国家产融合作试点城市自评报告",
            "一、总体情况",
            "试点以来，全市累计发放产融合作专项贷款八十亿元，服务制造业企业一千二百家。",
            "（一）工作基础",
            "全市建立产融合作信息对接平台，入驻金融机构三十家。",
            "二、主要做法",
            "设立风险补偿资金池，规模达到六亿元，撬动银行贷款六十亿元。",
            "某某市人民政府　2024年1月10日",
        ]
    );
    assert_chunk_headings(&d);
    let paragraphs = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .count();
    assert!(paragraphs >= 3, "{:#?}", d.blocks);
    // The chunk's paragraphs sit under their headings.
    let under = d
        .blocks
        .iter()
        .find(|b| b.text.starts_with("全市建立"))
        .expect("paragraph");
    assert_eq!(under.section, vec!["一、总体情况", "（一）工作基础"]);
}

#[test]
fn whole_body_mht_chunk_is_not_blank() {
    let Some(p) = bug("08-docx-altchunk-html/whole-body-mht-chunk.docx") else {
        return;
    };
    let d = extract(&p);
    assert_eq!(d.blocks.len(), 6, "{:#?}", d.blocks);
    assert_chunk_headings(&d);
    assert!(texts(&d).contains(&"设立风险补偿资金池，规模达到六亿元，撬动银行贷款六十亿元。"));
}

/// A .docx of the given parts.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            z.start_file(*name, o).expect("zip");
            z.write_all(bytes).expect("zip");
        }
        z.finish().expect("zip");
    }
    buf.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    )
}

fn chunk_rels(target: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="c1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="{target}"/></Relationships>"#
    )
}

#[test]
fn a_body_only_in_an_rtf_chunk_is_named_not_called_blank() {
    let xml = document(r#"<w:altChunk r:id="c1"/>"#);
    let bytes = package(&[
        ("word/document.xml", xml.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            chunk_rels("afchunk.rtf").as_bytes(),
        ),
        ("word/afchunk.rtf", br"{\rtf1\ansi\ansicpg936 \par}"),
    ]);
    let e = extract_bytes(&bytes, "rtf-chunk.docx", Limits::default()).expect_err("unreadable");
    assert!(
        matches!(&e, ExtractError::Unsupported(w) if w.contains("word/afchunk.rtf")),
        "{e}"
    );
    assert!(e.zh().contains("word/afchunk.rtf"), "{}", e.zh());
}

#[test]
fn gbk_html_chunk_declared_in_meta() {
    let (html, _, _) = encoding_rs::GBK.encode(
        "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"></head>\
         <body><h1>一、总体情况</h1><p>全市产融合作成效明显。</p></body></html>",
    );
    let xml = document(r#"<w:altChunk r:id="c1"/>"#);
    let bytes = package(&[
        ("word/document.xml", xml.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            chunk_rels("/word/chunk.htm").as_bytes(),
        ),
        ("word/chunk.htm", &html),
    ]);
    let d = extract_bytes(&bytes, "gbk.docx", Limits::default()).expect("extracts");
    assert_eq!(texts(&d), vec!["一、总体情况", "全市产融合作成效明显。"]);
    assert_eq!(headings(&d), vec![("一、总体情况".to_owned(), Some(1))]);
}

// --- ruby ----------------------------------------------------------------------------------------

#[test]
fn ruby_text_is_not_read_into_the_base() {
    let xml = document(
        r#"<w:p><w:r><w:t>建立与安徽省</w:t></w:r><w:r><w:ruby><w:rubyPr><w:hps w:val="16"/><w:lid w:val="zh-CN"/></w:rubyPr><w:rt><w:r><w:t>bó</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>亳</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>州市的产融合作机制。</w:t></w:r></w:p>"#,
    );
    let bytes = package(&[("word/document.xml", xml.as_bytes())]);
    let d = extract_bytes(&bytes, "ruby.docx", Limits::default()).expect("extracts");
    assert_eq!(texts(&d), vec!["建立与安徽省亳州市的产融合作机制。"]);
}

// --- 09: numStyleLink --------------------------------------------------------------------------

/// (kind, level, text, section) of every block: the whole tree.
fn tree(d: &Document) -> Vec<(BlockKind, Option<u8>, String, Vec<String>)> {
    d.blocks
        .iter()
        .map(|b| (b.kind, b.level, b.text.clone(), b.section.clone()))
        .collect()
}

#[test]
fn list_style_gives_the_same_tree_as_direct_numbering() {
    let (Some(styled), Some(control)) = (
        bug("09-docx-numstylelink/plan-list-style.docx"),
        bug("09-docx-numstylelink/control-direct-abstractnum.docx"),
    ) else {
        return;
    };
    let (s, c) = (extract(&styled), extract(&control));
    assert_eq!(tree(&s), tree(&c));
    let h = headings(&s);
    for (text, level) in [
        ("一、总体要求", 1),
        ("（一）指导思想", 2),
        ("（二）试点目标", 2),
        ("二、重点任务", 1),
        ("（一）完善产融对接机制", 2),
        ("1.建立重点企业融资需求清单", 3),
        ("2.建立银企对接会制度", 3),
        ("三、保障措施", 1),
        ("（一）组织保障", 2),
    ] {
        assert!(
            h.contains(&(text.to_owned(), Some(level))),
            "{text} at level {level} missing from {h:#?}"
        );
    }
    assert_eq!(h.len(), 9, "{h:#?}");
}

fn corpus_changzhou() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/06-常州市")
}

const PLAN: &str = "常州市国家产融合作试点实施方案.docx";

#[test]
fn changzhou_plan_through_a_list_style_keeps_its_16_headings() {
    let Some(p) = bug("09-docx-numstylelink/常州市国家产融合作试点实施方案-liststyle.docx")
    else {
        return;
    };
    let d = extract(&p);
    let h = headings(&d);
    assert_eq!(h.len(), 16, "{h:#?}");
    // Every heading carries its rendered label: 一、 at level 1, （一） at level 2.
    let level = |l: u8| h.iter().filter(|(_, x)| *x == Some(l)).count();
    assert_eq!((level(1), level(2)), (6, 10), "{h:#?}");
    assert_eq!(h[0], ("一、发展基础".to_owned(), Some(1)));
    assert_eq!(h[1], ("（一）产业基础".to_owned(), Some(2)));
    assert_eq!(h[15], ("六、实施步骤和进度安排".to_owned(), Some(1)));
}

#[test]
fn changzhou_with_the_list_style_plan_reviews_like_the_original() {
    let Some(styled) = bug("09-docx-numstylelink/常州市国家产融合作试点实施方案-liststyle.docx")
    else {
        return;
    };
    if !corpus_changzhou().exists() {
        eprintln!("skipped: corpus/06-常州市 is absent");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("06-常州市");
    common::copy_dir(&corpus_changzhou(), &dir);
    std::fs::copy(&styled, dir.join(PLAN)).expect("replace the plan");
    let profile = Profile::embedded();
    let sub = submission::load(&dir, Limits::default()).expect("load");
    let r = review(&sub, &profile);
    let section_flags: Vec<_> = r
        .flags
        .iter()
        .filter(|f| matches!(f.code.as_str(), "SECTION_MISSING" | "SECTION_THIN"))
        .collect();
    assert!(section_flags.is_empty(), "{section_flags:#?}");
    let original = review(
        &submission::load(&corpus_changzhou(), Limits::default()).expect("load"),
        &profile,
    );
    let codes = |r: &pilot_review::check::review::Review| -> Vec<(String, Option<String>)> {
        r.flags
            .iter()
            .map(|f| (f.code.as_str().to_owned(), f.subject.clone()))
            .collect()
    };
    assert_eq!(codes(&r), codes(&original));
}

/// An RTF chunk beside ordinary text: the text is read, and the chunk is named to the reviewer on the
/// document and in the submission's notes, in Chinese. A body of nothing but such a chunk gets a
/// Chinese reason.
#[test]
fn an_unreadable_chunk_beside_text_reaches_the_reviewer() {
    let xml = document(
        r#"<w:p><w:r><w:t>某某市国家产融合作试点城市自评报告</w:t></w:r></w:p><w:altChunk r:id="c1"/><w:p><w:r><w:t>某某市人民政府</w:t></w:r></w:p>"#,
    );
    let bytes = package(&[
        ("word/document.xml", xml.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            chunk_rels("afchunk.rtf").as_bytes(),
        ),
        ("word/afchunk.rtf", br"{\rtf1\ansi\ansicpg936 \par}"),
    ]);
    let d = extract_bytes(&bytes, "自评报告.docx", Limits::default()).expect("read");
    assert!(texts(&d).contains(&"某某市人民政府"));
    assert!(
        d.warnings.iter().any(|w| w.contains("word/afchunk.rtf")),
        "{:?}",
        d.warnings
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let sub = tmp.path().join("01-某某市");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("自评报告.docx"), &bytes).expect("write");
    let loaded = pilot_review::submission::load(&sub, Limits::default()).expect("load");
    assert!(
        loaded
            .notes
            .iter()
            .any(|n| n.contains("自评报告.docx") && n.contains("word/afchunk.rtf")),
        "{:?}",
        loaded.notes
    );
    // Only the chunk: the reason is Chinese around the part's name.
    let only = package(&[
        (
            "word/document.xml",
            document(r#"<w:altChunk r:id="c1"/>"#).as_bytes(),
        ),
        (
            "word/_rels/document.xml.rels",
            chunk_rels("afchunk.rtf").as_bytes(),
        ),
        ("word/afchunk.rtf", br"{\rtf1\ansi\ansicpg936 \par}"),
    ]);
    let e = extract_bytes(&only, "x.docx", Limits::default()).expect_err("unreadable");
    assert!(e.zh().contains("嵌入内容"), "{}", e.zh());
    assert!(!e.zh().contains("could not be read"), "{}", e.zh());
}
