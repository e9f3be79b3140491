//! Heading detection over a table of cases: every way a Chinese report makes its headings, written
//! as real .docx files with docx-rs, and the false positives that must stay body text.

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow,
};
use pilot_review::read::extract::extract_bytes;
use pilot_review::{BlockKind, Limits};

fn p(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}
fn styled(style: &str, text: &str) -> Paragraph {
    p(text).style(style)
}
fn style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name)
}
fn gongwen_numbering(doc: Docx) -> Docx {
    let level = |l: usize, fmt: &str, text: &str| {
        Level::new(
            l,
            docx_rs::Start::new(1),
            NumberFormat::new(fmt),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    doc.add_abstract_numbering(
        AbstractNumbering::new(20)
            .add_level(level(0, "chineseCounting", "%1、"))
            .add_level(level(1, "chineseCounting", "（%2）"))
            .add_level(level(2, "decimal", "%3."))
            .add_level(level(3, "decimal", "（%4）")),
    )
    .add_numbering(Numbering::new(20, 20))
}
fn numbered(level: usize, text: &str) -> Paragraph {
    p(text).numbering(NumberingId::new(20), IndentLevel::new(level))
}

/// Extracted (level, text) of the headings.
fn headings(doc: Docx) -> Vec<(u8, String)> {
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).expect("pack");
    let d = extract_bytes(buf.get_ref(), "case.docx", Limits::default()).expect("extract");
    d.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| (b.level.unwrap_or(0), b.text.clone()))
        .collect()
}

fn h(list: &[(u8, &str)]) -> Vec<(u8, String)> {
    list.iter().map(|(l, t)| (*l, t.to_string())).collect()
}

/// The section tree every mechanism below must produce.
const TREE: &[(u8, &str)] = &[
    (1, "一、保障体系建设情况"),
    (2, "（一）组织保障"),
    (2, "（二）政策保障"),
    (1, "二、创新实践"),
];

#[test]
fn heading_mechanisms_give_the_same_tree() {
    let body = "成立由市长任组长的领导小组，统筹推进试点工作，定期召开专题会议研究解决重大问题。";
    let texts = [
        "一、保障体系建设情况",
        "（一）组织保障",
        "（二）政策保障",
        "二、创新实践",
    ];
    let levels = [1usize, 2, 2, 1];
    type Case = (&'static str, Box<dyn Fn() -> Docx>);
    let cases: Vec<Case> = vec![
        (
            "built-in Heading styles",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("Heading1", "heading 1").outline_lvl(0))
                    .add_style(style("Heading2", "heading 2").outline_lvl(1));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(&format!("Heading{l}"), t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "WPS numeric style ids named heading N",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("2", "heading 1"))
                    .add_style(style("3", "heading 2"));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(&(l + 1).to_string(), t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "Chinese Word names 标题 N",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("1", "标题 1"))
                    .add_style(style("2", "标题 2"));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(&l.to_string(), t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "custom names 章标题 / 节标题",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("a5", "章标题"))
                    .add_style(style("a6", "节标题"));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(if l == 1 { "a5" } else { "a6" }, t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "custom names with outline levels, basedOn chain",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("x1", "报告一级").outline_lvl(0))
                    .add_style(style("x2base", "报告二级基础").outline_lvl(1))
                    .add_style(style("x2", "报告二级").based_on("x2base"));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(if l == 1 { "x1" } else { "x2" }, t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "outline level on the paragraph",
            Box::new(move || {
                let mut d = Docx::new();
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(p(t).outline_lvl(l - 1))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "typed 公文 labels",
            Box::new(move || {
                let mut d = Docx::new();
                for t in texts {
                    d = d.add_paragraph(p(t)).add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "labels only in numbering.xml",
            Box::new(move || {
                let mut d = gongwen_numbering(Docx::new());
                for (t, l) in texts.iter().zip(levels) {
                    let label_free = t.split_once(['、', '）']).map_or(*t, |x| x.1);
                    d = d
                        .add_paragraph(numbered(l - 1, label_free))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "styles one level deeper than usual (heading 2 / heading 3)",
            Box::new(move || {
                let mut d = Docx::new()
                    .add_style(style("Heading2", "heading 2").outline_lvl(1))
                    .add_style(style("Heading3", "heading 3").outline_lvl(2));
                for (t, l) in texts.iter().zip(levels) {
                    d = d
                        .add_paragraph(styled(&format!("Heading{}", l + 1), t))
                        .add_paragraph(p(body));
                }
                d
            }),
        ),
        (
            "styled top level, typed second level",
            Box::new(move || {
                let mut d = Docx::new().add_style(style("Heading1", "heading 1").outline_lvl(0));
                for (t, l) in texts.iter().zip(levels) {
                    let para = if l == 1 { styled("Heading1", t) } else { p(t) };
                    d = d.add_paragraph(para).add_paragraph(p(body));
                }
                d
            }),
        ),
    ];
    for (name, make) in cases {
        assert_eq!(headings(make()), h(TREE), "case: {name}");
    }
}

#[test]
fn four_typed_levels_and_numbering_levels() {
    let typed = Docx::new()
        .add_paragraph(p("一、总体情况"))
        .add_paragraph(p("（一）组织保障"))
        .add_paragraph(p("1.成立领导小组"))
        .add_paragraph(p("（1）领导小组办公室"))
        .add_paragraph(p("办公室设在市工业和信息化局。"));
    let want = h(&[
        (1, "一、总体情况"),
        (2, "（一）组织保障"),
        (3, "1.成立领导小组"),
        (4, "（1）领导小组办公室"),
    ]);
    assert_eq!(headings(typed), want);
    let numbered_doc = gongwen_numbering(Docx::new())
        .add_paragraph(numbered(0, "总体情况"))
        .add_paragraph(numbered(1, "组织保障"))
        .add_paragraph(numbered(2, "成立领导小组"))
        .add_paragraph(numbered(3, "领导小组办公室"))
        .add_paragraph(p("办公室设在市工业和信息化局。"));
    assert_eq!(headings(numbered_doc), want);
    // Counters restart below a higher level, as Word renders them.
    let restart = gongwen_numbering(Docx::new())
        .add_paragraph(numbered(0, "甲"))
        .add_paragraph(numbered(1, "乙"))
        .add_paragraph(numbered(1, "丙"))
        .add_paragraph(numbered(0, "丁"))
        .add_paragraph(numbered(1, "戊"));
    assert_eq!(
        headings(restart),
        h(&[
            (1, "一、甲"),
            (2, "（一）乙"),
            (2, "（二）丙"),
            (1, "二、丁"),
            (2, "（一）戊")
        ])
    );
}

#[test]
fn false_positives_stay_body_text() {
    let doc = Docx::new()
        .add_paragraph(p("一、基本情况"))
        .add_paragraph(p("1.5亿元风险补偿资金已全部到位。"))
        .add_paragraph(p("2023年，全市实现地区生产总值1234.5亿元。"))
        .add_paragraph(p("一是加强组织领导，二是完善政策体系。"))
        .add_paragraph(p(
            "1.2023年全市新增制造业贷款150亿元，同比增长12.3%，增速高于各项贷款平均增速。",
        ))
        .add_paragraph(p("十四五时期，我市将持续深化产融合作。"))
        .add_paragraph(p("（一）"))
        .add_table(Table::new(vec![TableRow::new(vec![
            TableCell::new().add_paragraph(p("一、指标")),
            TableCell::new().add_paragraph(p("二、数值")),
        ])]));
    assert_eq!(headings(doc), h(&[(1, "一、基本情况")]));
}

#[test]
fn run_in_heading_and_title() {
    let doc = Docx::new()
        .add_style(style("Title", "Title"))
        .add_paragraph(styled("Title", "厦门市国家产融合作试点城市自评报告"))
        .add_paragraph(p("一、保障体系建设情况"))
        .add_paragraph(p("（一）组织保障"))
        .add_paragraph(p(
            "1.加强组织领导。成立由市长任组长的试点工作领导小组，统筹推进各项工作。",
        ));
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).expect("pack");
    let d = extract_bytes(buf.get_ref(), "r.docx", Limits::default()).expect("extract");
    assert_eq!(
        d.title.as_deref(),
        Some("厦门市国家产融合作试点城市自评报告")
    );
    let hs: Vec<_> = d
        .headings()
        .map(|b| (b.level.unwrap_or(0), b.text.clone()))
        .collect();
    assert_eq!(
        hs,
        h(&[
            (1, "一、保障体系建设情况"),
            (2, "（一）组织保障"),
            (3, "1.加强组织领导。")
        ])
    );
    let body = d.blocks.last().expect("body");
    assert_eq!(
        body.text,
        "成立由市长任组长的试点工作领导小组，统筹推进各项工作。"
    );
    assert_eq!(
        body.section,
        vec!["一、保障体系建设情况", "（一）组织保障", "1.加强组织领导。"]
    );
}
