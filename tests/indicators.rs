//! Indicator workbooks as cities fill them — written with rust_xlsxwriter and as hand-built XML —
//! read into the template's table, checked, and held against the narrative.

use std::io::Write;
use std::path::PathBuf;

use pilot_review::check::finding::Flag;
use pilot_review::check::indicators::{flags, read_table, Table};
use pilot_review::document::structure::{structure, RawBlock};
use pilot_review::profile::Profile;
use pilot_review::read::extract::{extract_bytes, extract_file};
use pilot_review::submission::{Submission, SubmissionMeta};
use pilot_review::{DocKind, Document, Limits};
use rust_xlsxwriter::{Format, Formula, Workbook};

fn submission(docs: Vec<Document>) -> Submission {
    Submission {
        name: "t".into(),
        dir: PathBuf::new(),
        meta: SubmissionMeta::default(),
        inferred: Vec::new(),
        notes: Vec::new(),
        documents: docs,
        unreadable: Vec::new(),
        previous: Vec::new(),
    }
}

fn report(paragraphs: &[&str]) -> Document {
    let s = structure(paragraphs.iter().map(|t| RawBlock::paragraph(*t)).collect());
    Document {
        ocr: false,
        warnings: Vec::new(),
        path: "t/自评报告.docx".into(),
        format: pilot_review::Format::Docx,
        kind: DocKind::SelfEvaluation,
        kind_reason: String::new(),
        title: s.title,
        blocks: s.blocks,
        sections: s.sections,
        workbook: None,
    }
}

fn codes(flags: &[Flag], code: &str) -> Vec<String> {
    let mut v: Vec<String> = flags
        .iter()
        .filter(|f| f.code.as_str() == code)
        .map(|f| f.subject.clone().unwrap_or_default())
        .collect();
    v.sort();
    v
}

/// Every oddity a person filling the template produces, in one workbook.
fn odd_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("说明")
        .expect("sheet")
        .write_string(0, 0, "填报说明：金额单位为亿元。")
        .expect("w");
    let ws = wb.add_worksheet();
    ws.set_name("指标数据").expect("name");
    // A title row, then a blank row, then the header with columns in an unusual order.
    ws.merge_range(0, 0, 0, 7, "某市国家产融合作试点指标数据", &Format::new())
        .expect("merge");
    let header = [
        "序号",
        "指标类别",
        "指标名称",
        "2021年",
        "2022年",
        "2023年",
        "单位",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("w");
    }
    let pct = Format::new().set_num_format("0.0%");
    // Merged category over three rows.
    ws.merge_range(3, 1, 5, 1, "产业基础", &Format::new())
        .expect("merge");
    ws.write_string(3, 2, "地区生产总值（万元）").expect("w"); // unit in the name, in 万元
    ws.write_number(3, 3, 52_000_000.0).expect("w");
    ws.write_string(3, 4, "56,100,000").expect("w");
    ws.write_number(3, 5, 60_250_000.0).expect("w");
    ws.write_string(4, 2, "制造业增加值占GDP比重").expect("w"); // alias
    ws.write_number_with_format(4, 3, 0.312, &pct).expect("w"); // percent stored as a fraction
    ws.write_string(4, 4, "31.8%").expect("w"); // percent typed as text
    ws.write_number(4, 5, 132.5).expect("w"); // a share above 100
    ws.write_string(4, 6, "%").expect("w");
    ws.write_string(5, 2, " 规上 工业企业数量 ").expect("w"); // alias with stray spaces
    ws.write_string(5, 3, "约1200").expect("w");
    ws.write_number(5, 4, 1260.0).expect("w");
    ws.write_number(5, 5, -12.0).expect("w"); // a negative count
    ws.write_string(5, 6, "家").expect("w");
    // A blank row, then the finance block, category written once and left blank below.
    ws.write_string(7, 1, "金融支持").expect("w");
    ws.write_string(7, 2, "制造业贷款余额").expect("w");
    ws.write_number(7, 3, 800.0).expect("w");
    ws.write_number(7, 4, 905.5).expect("w");
    ws.write_formula(7, 5, Formula::new("=E8*1.1").set_result("996.05"))
        .expect("w"); // cached result
    ws.write_string(7, 6, "亿元").expect("w");
    ws.write_string(8, 2, "绿色贷款余额").expect("w");
    ws.write_number(8, 3, 300.0).expect("w");
    ws.write_string(8, 4, "—").expect("w"); // no data
    ws.write_string(8, 5, "暂无").expect("w");
    ws.write_string(8, 6, "亿元").expect("w");
    ws.write_string(9, 2, "境内外上市公司数量").expect("w");
    ws.write_number(9, 3, 20.0).expect("w");
    ws.write_number(9, 4, 21.0).expect("w");
    ws.write_string(9, 5, "较多").expect("w"); // not a number
    ws.write_string(9, 6, "家").expect("w");
    ws.write_string(10, 2, "政府引导基金规模").expect("w");
    ws.write_number(10, 3, 50.0).expect("w");
    ws.write_number(10, 4, 55.0).expect("w");
    ws.write_number(10, 5, 400.0).expect("w"); // a jump of 7x
    ws.write_string(10, 6, "亿元").expect("w");
    ws.write_string(11, 2, "自定义特色指标").expect("w"); // not in the template
    ws.write_string(13, 0, "注：2023年数据为快报数。")
        .expect("w");
    wb.save(path).expect("save");
}

#[test]
fn every_oddity_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("附件3.xlsx");
    odd_workbook(&path);
    let profile = Profile::embedded();
    let doc = extract_file(&path, "t/附件3.xlsx", Limits::default()).expect("extracts");
    assert_eq!(doc.kind, DocKind::Indicators, "{}", doc.kind_reason);
    let t: Table = read_table(&doc, &profile.indicators).expect("table");
    assert_eq!((t.sheet.as_str(), t.header_row), ("指标数据", 2));
    assert_eq!(t.unmatched, vec!["自定义特色指标".to_string()]);
    let v = |id: &str, y: u16| t.value(id, y);
    assert_eq!(v("gdp", 2021), Some(5200.0), "万元 converted to 亿元");
    assert_eq!(v("gdp", 2022), Some(5610.0), "thousands separators");
    assert!(
        (v("manufacturing_share", 2021).expect("share") - 31.2).abs() < 1e-9,
        "fraction with % format"
    );
    assert_eq!(
        v("manufacturing_share", 2022),
        Some(31.8),
        "percent typed as text"
    );
    assert_eq!(v("industrial_firms", 2021), Some(1200.0), "约1200");
    let row = t
        .rows
        .iter()
        .find(|r| r.id == "industrial_firms")
        .expect("row");
    assert!(row.values[0].approx);
    assert_eq!(row.category.as_deref(), Some("产业基础"), "merged category");
    assert_eq!(
        v("manufacturing_loans", 2023),
        Some(996.05),
        "cached formula result"
    );
    let green = t.rows.iter().find(|r| r.id == "green_loans").expect("row");
    assert_eq!(
        green.category.as_deref(),
        Some("金融支持"),
        "category carried down"
    );
    assert!(
        green.values[1].empty && green.values[2].empty,
        "— and 暂无 are empty"
    );

    let f = flags(&submission(vec![doc]), &profile, &t);
    assert_eq!(
        codes(&f, "INDICATOR_INVALID"),
        vec![
            "guidance_funds",
            "industrial_firms",
            "listed_companies",
            "manufacturing_share"
        ]
    );
    let empty = codes(&f, "INDICATOR_EMPTY");
    assert!(empty.contains(&"green_loans".to_string()));
    assert!(
        empty.contains(&"npl_ratio".to_string()),
        "a template row that is absent"
    );
    assert!(!empty.contains(&"gdp".to_string()));
    let share = f
        .iter()
        .find(|x| x.subject.as_deref() == Some("manufacturing_share"))
        .expect("share");
    assert!(share.message.contains("比重超过100%"), "{}", share.message);
    assert_eq!(share.evidence[0].quote, "132.5");
    let firms = f
        .iter()
        .find(|x| {
            x.code.as_str() == "INDICATOR_INVALID"
                && x.subject.as_deref() == Some("industrial_firms")
        })
        .expect("firms");
    assert!(firms.message.contains("数量为负"));
}

/// A minimal workbook as openpyxl writes it: inline strings, a formula with no cached value.
fn hand_built(sheet_xml: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            z.start_file(name, o).expect("zip");
            z.write_all(text.as_bytes()).expect("zip");
        };
        put(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        );
        put(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        put(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="试点指标" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        put(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        );
        put("xl/worksheets/sheet1.xml", sheet_xml);
        z.finish().expect("zip");
    }
    buf.into_inner()
}

fn is(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

#[test]
fn hand_built_xml_with_uncached_formula() {
    let rows = [
        format!(
            r#"<row r="1">{}{}{}{}{}</row>"#,
            is("A1", "指标名称"),
            is("B1", "单位"),
            is("C1", "2021"),
            is("D1", "2022"),
            is("E1", "2023")
        ),
        format!(
            r#"<row r="2">{}{}<c r="C2"><v>100</v></c><c r="D2"><v>110</v></c><c r="E2"><f>D2*1.1</f></c></row>"#,
            is("A2", "制造业贷款余额"),
            is("B2", "亿元")
        ),
        format!(
            r#"<row r="3">{}{}{}<c r="D3"><v>1.2</v></c><c r="E3"><v>1.1</v></c></row>"#,
            is("A3", "银行业不良贷款率"),
            is("B3", "%"),
            is("C3", "1.3")
        ),
    ];
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>"#,
        rows.concat()
    );
    let profile = Profile::embedded();
    let doc = extract_bytes(&hand_built(&xml), "t/指标.xlsx", Limits::default()).expect("extracts");
    let t = read_table(&doc, &profile.indicators).expect("table");
    assert_eq!(t.value("manufacturing_loans", 2022), Some(110.0));
    assert_eq!(t.value("manufacturing_loans", 2023), None);
    let v = &t
        .rows
        .iter()
        .find(|r| r.id == "manufacturing_loans")
        .expect("row")
        .values[2];
    assert!(
        v.empty && v.problem.as_deref().is_some_and(|p| p.contains("D2*1.1")),
        "{v:?}"
    );
    assert_eq!(
        t.value("npl_ratio", 2021),
        Some(1.3),
        "a number stored as text"
    );
    let f = flags(&submission(vec![doc]), &profile, &t);
    assert!(codes(&f, "INDICATOR_EMPTY").contains(&"manufacturing_loans".to_string()));
    assert!(codes(&f, "INDICATOR_INVALID").is_empty(), "{f:?}");
}

#[test]
fn a_workbook_without_the_template_says_what_was_missing() {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}</row></sheetData></worksheet>"#,
        is("A1", "经费预算表")
    );
    let doc = extract_bytes(&hand_built(&xml), "t/表.xlsx", Limits::default()).expect("extracts");
    let e = read_table(&doc, &Profile::embedded().indicators).expect_err("no table");
    assert!(e.contains("指标名称") && e.contains("年份列"), "{e}");
}

#[test]
fn narrative_is_held_to_the_workbook() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("指标.xlsx");
    odd_workbook(&path);
    let profile = Profile::embedded();
    let book = extract_file(&path, "t/附件3.xlsx", Limits::default()).expect("extracts");
    let t = read_table(&book, &profile.indicators).expect("table");
    let text = report(&[
        "某市国家产融合作试点城市自评报告",
        "一、试点总体成效",
        // Equal after rounding to the quote's precision, and in another unit: no flag.
        "2023年末，全市制造业贷款余额达到996.1亿元，较上年增长10%。",
        "2022年，全市地区生产总值为5610亿元，绿色信贷持续增长。",
        "2021年，规上工业企业数量达到1200家。",
        // Different from the workbook: a flag with both quotes.
        "2022年底，全市境内外上市公司数量为25家。",
        // A target year the workbook does not hold: not compared.
        "到2026年，制造业贷款余额力争达到1500亿元。",
    ]);
    let f = flags(&submission(vec![book, text]), &profile, &t);
    assert_eq!(codes(&f, "INDICATOR_MISMATCH"), vec!["listed_companies"]);
    let m = f
        .iter()
        .find(|x| x.code.as_str() == "INDICATOR_MISMATCH")
        .expect("mismatch");
    assert_eq!(m.evidence.len(), 2);
    assert_eq!(
        m.evidence[0].quote,
        "2022年底，全市境内外上市公司数量为25家。"
    );
    assert_eq!(m.evidence[1].quote, "21");
}
