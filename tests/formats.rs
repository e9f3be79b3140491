//! Files as they arrive (issue 19), on the bug-report fixtures in ../shared/fixtures/bugs (made by
//! people outside the team from public bug reports): legacy .xls, xlsx with backslash part names,
//! PDF text and 公文 layout, OFD, and Word's odd corners. Each case checks what its expected.md says.

mod common;

use std::path::{Path, PathBuf};

use pilot_review::read::extract::extract_file;
use pilot_review::{Document, Limits};

fn bugs(case: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/bugs")
        .join(case);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} absent", p.display());
        None
    }
}

fn read(path: &Path) -> Document {
    extract_file(path, &path.display().to_string(), Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every cell as (sheet, row, col, shown text).
fn cells(d: &Document) -> Vec<(String, u32, u32, String)> {
    let book = d.workbook.as_ref().expect("a workbook");
    book.sheets
        .iter()
        .flat_map(|s| {
            s.cells.iter().map(|c| {
                (
                    s.name.clone(),
                    c.row,
                    c.col,
                    pilot_review::read::xlsx::display(&c.value),
                )
            })
        })
        .collect()
}

/// The flag codes of corpus/07-无锡市 reviewed with its workbook replaced by `workbook`.
fn wuxi_flags_with(workbook: Option<&Path>) -> Vec<String> {
    common::flags_with("07-无锡市", workbook.map(|_| "试点指标数据.xlsx"), workbook)
}

#[test]
fn xlsx_with_backslash_part_names_reads_like_the_original() {
    let Some(dir) = bugs("11-xlsx-backslash-part-names") else {
        return;
    };
    let original = read(&dir.join("试点指标数据-original.xlsx"));
    let backslash = read(&dir.join("试点指标数据-backslash.xlsx"));
    assert_eq!(backslash.kind, original.kind);
    assert_eq!(cells(&backslash), cells(&original));
    assert!(!cells(&original).is_empty());
    assert_eq!(
        wuxi_flags_with(Some(&dir.join("试点指标数据-backslash.xlsx"))),
        wuxi_flags_with(None)
    );
}

#[test]
fn legacy_xls_indicator_workbook_reads_like_the_xlsx() {
    let (Some(xls), Some(xlsx)) = (
        bugs("12-xls-biff8-indicators"),
        bugs("11-xlsx-backslash-part-names"),
    ) else {
        return;
    };
    let old = read(&xls.join("试点指标数据.xls"));
    let new = read(&xlsx.join("试点指标数据-original.xlsx"));
    assert_eq!(old.kind, new.kind);
    assert_eq!(old.format.as_str(), "xls");
    // Same cells, values compared as shown (xlwt stores every number as a float).
    assert_eq!(cells(&old), cells(&new));
    assert_eq!(
        wuxi_flags_with(Some(&xls.join("试点指标数据.xls"))),
        wuxi_flags_with(None)
    );
}

#[test]
fn an_et_file_in_binary_form_is_read_as_a_workbook() {
    let Some(xls) = bugs("12-xls-biff8-indicators") else {
        return;
    };
    // WPS 表格 saves .et in the BIFF8 form; the name says .et, the bytes say .xls.
    let tmp = tempfile::tempdir().expect("tmp");
    let et = tmp.path().join("试点指标数据.et");
    std::fs::copy(xls.join("试点指标数据.xls"), &et).expect("copy");
    let d = read(&et);
    assert_eq!(d.kind.as_str(), "indicators");
    assert!(!cells(&d).is_empty());
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// 2|A∩B| / (|A|+|B|) over the multisets of NFKC, non-whitespace characters: how far two texts hold
/// the same characters, whatever their order and line breaks.
fn char_similarity(a: &str, b: &str) -> f64 {
    use std::collections::HashMap;
    use unicode_normalization::UnicodeNormalization;
    let bag = |s: &str| {
        let mut m: HashMap<char, i64> = HashMap::new();
        for c in s.nfkc().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_default() += 1;
        }
        m
    };
    let (x, y) = (bag(a), bag(b));
    let total: i64 = x.values().sum::<i64>() + y.values().sum::<i64>();
    if total == 0 {
        return 1.0;
    }
    let common: i64 = x
        .iter()
        .map(|(c, n)| (*n).min(*y.get(c).unwrap_or(&0)))
        .sum();
    2.0 * common as f64 / total as f64
}

/// Page numbers (“— 1 —”) are dropped by our reader and kept by pdftotext: leave them out of both.
fn without_page_numbers(s: &str) -> String {
    s.lines()
        .filter(|l| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            let bare = t.trim_matches(['—', '-', '－', '–']);
            !(bare.len() <= 4 && !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every text PDF we hold (the bug fixtures, the real typst 公文, PDFs made by LibreOffice and
/// Chromium from documents we did not write) reads with the characters pdftotext (poppler 22.12)
/// gives — its output is kept in tests/fixtures/reference/ — at 97% or more; none is called a scan.
#[test]
fn pdf_text_matches_pdftotext_on_every_text_pdf() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let pdfs = [
        shared.join("bugs/03-ofd-pdf-gongwen-paragraph-merge/申报函-page.pdf"),
        shared.join("bugs/04-pdf-unigb-ucs2-no-tounicode/stsong-ucs2.pdf"),
        shared.join("bugs/05-pdf-gbk-euc-h-no-tounicode/gongwen-gbk-euc-h.pdf"),
        fixtures().join("real-zh/mrered_gongwen_typst_out.pdf"),
        fixtures().join("made-pdf/corpus06-plan.pdf"),
        fixtures().join("made-pdf/corpus01-letter-ttf.pdf"),
        fixtures().join("made-pdf/learninglog_gongzuozongjie_wps_saved.pdf"),
        fixtures().join("made-pdf/genre001-chrome.pdf"),
    ];
    let mut report = Vec::new();
    for pdf in pdfs.iter().filter(|p| p.exists()) {
        let name = pdf.file_name().expect("name").to_string_lossy().to_string();
        let reference =
            std::fs::read_to_string(fixtures().join(format!("reference/{name}.pdftotext.txt")))
                .expect("reference");
        let d = read(pdf);
        let ours: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        let s = char_similarity(&ours.join("\n"), &without_page_numbers(&reference));
        report.push(format!("{name}: {s:.4}"));
        assert!(s >= 0.97, "{name}: similarity {s:.4}");
    }
    eprintln!("character similarity to pdftotext:\n{}", report.join("\n"));
}

/// bugs/05: fonts of a 公文 typesetting system (方正小标宋, 仿宋_GB2312, 黑体) through the predefined
/// GBK-EUC-H CMap without ToUnicode are text, not a scan; bugs/04 (UniGB-UCS2-H) likewise.
#[test]
fn predefined_cjk_cmaps_without_tounicode_are_read() {
    for case in [
        "05-pdf-gbk-euc-h-no-tounicode/gongwen-gbk-euc-h.pdf",
        "04-pdf-unigb-ucs2-no-tounicode/stsong-ucs2.pdf",
    ] {
        let Some(dir) = bugs(case.split('/').next().expect("dir")) else {
            return;
        };
        let d = read(&dir.join(case.split('/').nth(1).expect("file")));
        assert_eq!(
            d.title.as_deref(),
            Some("某某市国家产融合作试点城市自评报告"),
            "{case}"
        );
        let headings: Vec<(String, Option<u8>)> = d
            .blocks
            .iter()
            .filter(|b| b.kind == pilot_review::BlockKind::Heading)
            .map(|b| (b.text.clone(), b.level))
            .collect();
        assert_eq!(
            headings,
            vec![
                ("一、总体情况".to_string(), Some(1)),
                ("（一）工作基础".to_string(), Some(2)),
                ("二、主要做法".to_string(), Some(1)),
            ],
            "{case}"
        );
    }
}

/// bugs/03: a 报送函 in GB/T 9704 layout (OFD and PDF twins) gives the title, the 主送机关, the 附件
/// line, the 署名 and the date as blocks of their own, and in a submission reviews like the .docx.
#[test]
fn gongwen_layout_blocks_in_ofd_and_pdf() {
    let Some(dir) = bugs("03-ofd-pdf-gongwen-paragraph-merge") else {
        return;
    };
    for file in ["申报函-page.ofd", "申报函-page.pdf"] {
        let d = read(&dir.join(file));
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            d.title.as_deref(),
            Some("无锡市人民政府关于申报第三批国家产融合作试点城市的函"),
            "{file}: {texts:?}"
        );
        for own in [
            "无锡市人民政府关于申报第三批国家产融合作试点城市的函",
            "江苏省工业和信息化厅：",
            "附件：1.实施方案；2.试点指标数据；3.证明材料",
            "无锡市人民政府",
            "2024年1月14日",
        ] {
            assert!(
                texts.contains(&own),
                "{file}: no block “{own}” in {texts:?}"
            );
        }
        // The body is one paragraph from 根据 to 请予审核。
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("根据《") && t.ends_with("请予审核。")),
            "{file}: {texts:?}"
        );
        // In 07-无锡市 in place of the .docx letter: the same flags as with the .docx.
        let flags = common::flags_with("07-无锡市", Some("申报函.docx"), Some(&dir.join(file)));
        assert_eq!(flags, wuxi_flags_with(None), "{file}");
    }
    // 拿来主义: the title and the author's byline are separate blocks.
    let d = read(&dir.join("拿来主义_page6.ofd"));
    assert_eq!(d.title.as_deref(), Some("拿来主义"));
    assert_eq!(d.blocks[1].text, "鲁迅");
    // path_unstd: page 1's signature lines do not run into page 2's form, and the form's rows
    // (its labels live on a template page) are rows of their own.
    let d = read(&dir.join("path_unstd.ofd"));
    let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(texts.contains(&"（存根）"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("案件名称")), "{texts:?}");
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("SIGNNAME") && t.contains("立案决定书")),
        "{texts:?}"
    );
}

/// bugs/01: an OFD with the pre-2016 namespace, PageBlock nesting and DeltaX “g” repeats reads
/// exactly like its baseline twin.
#[test]
fn nonstandard_ofd_reads_like_its_baseline() {
    let Some(dir) = bugs("01-ofd-ofdrw-nonstd-namespace-pageblock") else {
        return;
    };
    let a = read(&dir.join("letter-baseline.ofd"));
    let b = read(&dir.join("letter-nonstd-ns-pageblock-gdelta.ofd"));
    let texts = |d: &Document| d.blocks.iter().map(|b| b.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&a), texts(&b));
    assert!(texts(&a).len() >= 5);
}

/// Mutated and truncated .xls workbooks and PDFs from other writers give a document or an error —
/// never a panic out of the reader, an abort or a hang — and every error has a Chinese reason.
#[test]
fn mutated_xls_and_pdfs_never_take_the_batch_down() {
    let mut inputs = vec![(
        "made-pdf/genre001-chrome.pdf",
        fixtures().join("made-pdf/genre001-chrome.pdf"),
    )];
    if let Some(xls) = bugs("12-xls-biff8-indicators") {
        inputs.push(("试点指标数据.xls", xls.join("试点指标数据.xls")));
    }
    if let Some(gbk) = bugs("05-pdf-gbk-euc-h-no-tounicode") {
        inputs.push(("gongwen-gbk-euc-h.pdf", gbk.join("gongwen-gbk-euc-h.pdf")));
    }
    for (name, path) in inputs {
        let good = std::fs::read(&path).expect("fixture");
        for (i, bytes) in common::mutations(&good, 19, 60, 8, true).iter().enumerate() {
            match pilot_review::read::extract::extract_bytes(bytes, name, Limits::default()) {
                Ok(_) => {}
                Err(e) => assert!(!e.zh().is_empty(), "{name} #{i}"),
            }
        }
    }
}

/// A workbook whose part names are written in capitals with backslashes (`XL\WORKSHEETS\SHEET1.XML`)
/// keeps its merged category cells and its percentage formats: the reader's own walk over the parts
/// (size caps, the sheet's used area, which of calamine's passes to run) must find its sheets too.
#[test]
fn a_workbook_with_capital_part_names_keeps_merges_and_percentages() {
    let d = read(&fixtures().join("hostile19/xlsx-backslash-uppercase-names.xlsx"));
    let book = d.workbook.as_ref().expect("a workbook");
    let sheet = &book.sheets[0];
    assert_eq!(sheet.merged.len(), 3, "{:?}", sheet.merged);
    assert_eq!(sheet.cells.iter().filter(|c| c.percent).count(), 9);
}

/// Odd but readable workbooks (tests/fixtures/xlsx-odd, see its README): skipping calamine's formula
/// and merge passes for workbooks without formulas or merged ranges must not lose any, wherever the
/// sheets lie and however the parts are named; percent formats and tolerable style parts read as before.
#[test]
fn odd_workbooks_read_as_before_the_skipped_passes() {
    let dir = fixtures().join("xlsx-odd");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).expect("expected.tsv");
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let path = dir.join(cols[0]);
        let got = match extract_file(&path, cols[0], Limits::default()) {
            Err(_) => "error\t-\t-\t-".to_string(),
            Ok(d) => {
                let sheets = &d.workbook.as_ref().expect("a workbook").sheets;
                let cells = sheets.iter().flat_map(|s| &s.cells);
                format!(
                    "{}\t{}\t{}\t{}",
                    cells.clone().count(),
                    cells.clone().filter(|c| c.formula.is_some()).count(),
                    cells.filter(|c| c.percent).count(),
                    sheets.iter().map(|s| s.merged.len()).sum::<usize>()
                )
            }
        };
        assert_eq!(got, cols[1..].join("\t"), "{}", cols[0]);
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}

/// The hostile inputs of tests/fixtures/hostile19 (see its README): none may crash, abort or blow up;
/// the ones that amplify a small part are refused or read once.
#[test]
fn hostile_inputs_of_issue_19() {
    let dir = fixtures().join("hostile19");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    names.sort();
    assert!(names.len() >= 15);
    for path in &names {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let result = extract_file(path, &name, Limits::default());
        match (&result, name.as_str()) {
            (Ok(d), n) if n.contains("x80000") => {
                assert!(d.blocks.len() < 100, "{n}: {} blocks", d.blocks.len());
                assert!(d.warnings.iter().any(|w| w.contains("多次引用")), "{n}");
            }
            (Ok(_), n) if n.contains("abort") || n.contains("depth") && !n.contains("tree") => {
                panic!("{n}: read, expected a refusal")
            }
            (Ok(_), n) if n.contains("uppercase") => {}
            (Err(e), n) if n.contains("uppercase") => panic!("{n}: {e}"),
            (Err(e), _) => assert!(!e.zh().is_empty()),
            _ => {}
        }
    }
}
