//! Decides what a document is (self-evaluation, plan, indicators, letter, evidence) from its title and
//! content first and its file name second: "附件1.docx" says nothing, and a letter that forwards a
//! self-evaluation report names the report in its own title.

use crate::document::model::{Block, DocKind, Format};
use crate::document::text::{despace, fold_width, squash_spaces};

/// A kind and the reason, in Chinese, for the reviewer.
#[derive(Debug, Clone, PartialEq)]
pub struct KindGuess {
    pub kind: DocKind,
    pub reason: String,
}

const SELF_EVAL_TITLE: &[&str] = &[
    "自评报告",
    "自评估报告",
    "自我评估",
    "评估报告",
    "自查报告",
    "自评材料",
    "评估总结",
    "试点工作总结",
];
const PLAN_TITLE: &[&str] = &[
    "实施方案",
    "试点方案",
    "工作方案",
    "建设方案",
    "行动方案",
    "推进方案",
    "实施计划",
    "行动计划",
    "工作计划",
    "年度计划",
];
/// A 规划 is the pilot's plan only when it names the pilot (else it is a policy document).
const PILOT_WORDS: &[&str] = &["试点", "产融合作"];
/// Titles of self-evaluations written as a report on the pilot's work.
const SELF_EVAL_REPORT: &[&str] = &[
    "工作开展情况",
    "工作情况的报告",
    "工作情况报告",
    "实施情况的报告",
];
/// Words of an account of work done, in a title that names the pilot (试点, 产融合作): 工作三年总结,
/// 建设情况的报告, 工作情况汇报 — the ways cities title their self-evaluation besides 自评报告.
const RECORD_TITLE: &[&str] = &[
    "总结",
    "情况的报告",
    "情况报告",
    "情况汇报",
    "工作汇报",
    "工作报告",
    "成效",
    "回顾",
];
/// What a work plan may be about besides the pilot itself: organising the evaluation or the
/// application (湖州市国家产融合作试点城市评估工作方案) is an arrangement, filed as evidence.
const ARRANGEMENT_OF: &[&str] = &["评估", "迎评", "自评", "自查", "申报", "材料报送", "报送"];
/// Verbs of a notice that issues or forwards a document: "关于印发《……》的通知".
const ISSUING: &[&str] = &["印发", "转发", "下发", "颁发"];
const LETTER_VERBS: &[&str] = &[
    "关于报送",
    "关于申报",
    "关于推荐",
    "关于提交",
    "关于呈报",
    "关于上报",
    "关于继续",
];
/// Bylines of a news report: 发布时间, 来源, 记者 …
const NEWS_MARKERS: &[&str] = &[
    "发布时间",
    "来源：",
    "来源:",
    "记者",
    "编辑：",
    "【字体",
    "通讯员",
];
const EVIDENCE_TITLE: &[&str] = &["证明材料", "佐证材料", "支撑材料", "证明文件"];

/// Names of indicators that mark a workbook (or a table) as the indicator data.
const INDICATOR_WORDS: &[&str] = &[
    "地区生产总值",
    "工业增加值",
    "制造业贷款",
    "普惠小微贷款",
    "绿色贷款",
    "不良贷款率",
    "高新技术企业",
    "专精特新",
];

pub fn classify(
    file_name: &str,
    format: Format,
    title: Option<&str>,
    blocks: &[Block],
) -> KindGuess {
    let guess = |kind, reason: String| KindGuess { kind, reason };
    if let Some(t) = title {
        let t = squash_spaces(&fold_width(t)).replace(' ', "");
        if is_letter_title(&t) {
            return guess(DocKind::CoverLetter, format!("标题“{t}”为函件"));
        }
        // "关于印发《……实施方案》的通知": the notice with the plan after it is the plan; a bare notice
        // (the plan "另附" or "略") is evidence.
        if let Some(inner) = issued_document(&t) {
            return match title_kind(&inner) {
                Some((kind, w)) if carries_body(blocks) => {
                    if kind == DocKind::ImplementationPlan && names_a_province(&inner) {
                        guess(DocKind::Evidence, format!("标题“{t}”印发的是省级“{w}”，不是本市试点方案，按证明材料处理"))
                    } else {
                        guess(kind, format!("标题“{t}”为印发通知，其后附有“{inner}”正文"))
                    }
                }
                Some((_, w)) => guess(
                    DocKind::Evidence,
                    format!("标题“{t}”为印发“{w}”的通知，但文中只有通知、没有所印发文件的正文，按证明材料处理"),
                ),
                None => guess(DocKind::Evidence, format!("标题“{t}”为印发其他文件的通知，按证明材料处理")),
            };
        }
        if let Some((kind, w)) = title_kind(&t) {
            if let Some(a) = arrangement(&t).filter(|_| kind == DocKind::ImplementationPlan) {
                return guess(
                    DocKind::Evidence,
                    format!("标题“{t}”是组织“{a}”工作的{w}，不是试点实施方案，按证明材料处理"),
                );
            }
            if kind == DocKind::ImplementationPlan && names_a_province(&t) {
                return guess(
                    DocKind::Evidence,
                    format!("标题“{t}”为省级“{w}”，不是本市试点方案，按证明材料处理"),
                );
            }
            return guess(kind, format!("标题“{t}”含“{w}”"));
        }
        if let Some(w) = find_any(&t, EVIDENCE_TITLE) {
            return guess(DocKind::Evidence, format!("标题“{t}”含“{w}”"));
        }
        if t.contains("指标") && is_sheet(format) {
            return guess(DocKind::Indicators, format!("标题“{t}”含“指标”"));
        }
    }
    if let Some(g) = classify_by_content(format, blocks) {
        return g;
    }
    if let Some(g) = classify_by_name(file_name) {
        // Indicator data is a table: a Word file named 指标 without one (指标数据填报说明) explains
        // the data and is evidence.
        let table = INDICATOR_WORDS
            .iter()
            .filter(|w| {
                blocks.iter().any(|b| {
                    b.kind == crate::document::model::BlockKind::TableCell && b.text.contains(*w)
                })
            })
            .count()
            >= 2;
        if g.kind != DocKind::Indicators || is_sheet(format) || table {
            return g;
        }
    }
    guess(
        DocKind::Evidence,
        "标题和内容均不符合自评报告、实施方案、指标表或报送函件，按证明材料处理".into(),
    )
}

/// Kinds settled across a package: when one plan's title names the pilot (试点, 产融合作), another
/// plan whose title names neither is a supporting policy the city attached (潍坊市加快政府性融资担保
/// 体系建设实施方案) and is filed as evidence, its reason saying why. A lone plan stays a plan: a
/// pilot plan titled without the pilot's name must still be checked.
pub fn settle_kinds(documents: &mut [crate::document::model::Document]) {
    let names_pilot = |d: &crate::document::model::Document| {
        d.title
            .as_deref()
            .is_some_and(|t| find_any(t, PILOT_WORDS).is_some())
    };
    let Some(pilot_plan) = documents
        .iter()
        .find(|d| d.kind == DocKind::ImplementationPlan && names_pilot(d))
        .map(|d| d.title.clone().unwrap_or_default())
    else {
        return;
    };
    for d in documents
        .iter_mut()
        .filter(|d| d.kind == DocKind::ImplementationPlan)
    {
        if !names_pilot(d) {
            d.kind = DocKind::Evidence;
            d.kind_reason = format!(
                "标题“{}”未提试点，包内另有试点实施方案“{pilot_plan}”，按支撑政策文件（证明材料）处理",
                d.title.as_deref().unwrap_or(&d.path)
            );
        }
    }
}

/// The kind a title names by its words: a self-evaluation or a plan, with the word.
fn title_kind(t: &str) -> Option<(DocKind, &'static str)> {
    if let Some(w) = find_any(t, SELF_EVAL_TITLE).or_else(|| find_any(t, SELF_EVAL_REPORT)) {
        return Some((DocKind::SelfEvaluation, w));
    }
    if find_any(t, PILOT_WORDS).is_some() {
        if let Some(w) = find_any(t, RECORD_TITLE).filter(|_| find_any(t, PLAN_TITLE).is_none()) {
            return Some((DocKind::SelfEvaluation, w));
        }
    }
    if let Some(w) = find_any(t, PLAN_TITLE) {
        return Some((DocKind::ImplementationPlan, w));
    }
    if t.contains("规划") && find_any(t, PILOT_WORDS).is_some() {
        return Some((DocKind::ImplementationPlan, "规划"));
    }
    None
}

/// What a work plan organises when it is not the pilot: "评估工作方案" → 评估.
fn arrangement(t: &str) -> Option<&'static str> {
    let at = PLAN_TITLE.iter().filter_map(|w| t.find(w)).min()?;
    let before = t[..at].trim_end_matches("工作");
    ARRANGEMENT_OF.iter().copied().find(|a| before.ends_with(a))
}

/// The document a notice issues: "关于印发《X》的通知" / "印发X的通知" → X.
fn issued_document(t: &str) -> Option<String> {
    if !t.ends_with("通知") || find_any(t, ISSUING).is_none() {
        return None;
    }
    if let (Some(a), Some(b)) = (t.find('《'), t.rfind('》')) {
        if b > a {
            return Some(t[a + '《'.len_utf8()..b].to_owned());
        }
    }
    let verb = ISSUING
        .iter()
        .filter_map(|v| t.find(v).map(|i| i + v.len()))
        .min()?;
    let end = t.rfind("的通知").unwrap_or(t.len());
    (verb < end).then(|| t[verb..end].to_owned())
}

/// Whether a document holds more than a notice: headings, or a long text.
fn carries_body(blocks: &[Block]) -> bool {
    let headings = blocks
        .iter()
        .filter(|b| b.kind == crate::document::model::BlockKind::Heading)
        .count();
    let chars: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    headings >= 2 || chars >= 1500
}

/// A plan named after a province (江苏省……行动计划) is the province's, not a city's.
fn names_a_province(t: &str) -> bool {
    crate::document::gazetteer::find_place(t).is_none()
        && crate::document::gazetteer::find_province(t).is_some_and(|p| {
            !crate::document::gazetteer::MUNICIPALITIES.contains(&p.as_str())
                && t.contains(p.as_str())
        })
}

fn is_sheet(format: Format) -> bool {
    matches!(format, Format::Xlsx | Format::Xls)
}

fn find_any<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| text.contains(w))
}

fn is_letter_title(t: &str) -> bool {
    let core = t.trim_end_matches(['）', ')', ' ']);
    core.ends_with('函') || core.ends_with("请示") || LETTER_VERBS.iter().any(|v| t.contains(v))
}

fn classify_by_content(format: Format, blocks: &[Block]) -> Option<KindGuess> {
    if is_sheet(format) {
        let hits: Vec<&str> = INDICATOR_WORDS
            .iter()
            .copied()
            .filter(|w| blocks.iter().any(|b| b.text.contains(w)))
            .collect();
        let header = blocks
            .iter()
            .any(|b| b.text.contains("指标名称") || b.text.contains("指标"));
        return (hits.len() >= 2 || (header && !hits.is_empty())).then(|| KindGuess {
            kind: DocKind::Indicators,
            reason: format!("表格含指标项（{}）", hits.join("、")),
        });
    }
    // A news report about a plan names its parts too: its byline says what it is.
    if let Some(m) = blocks.iter().take(4).find_map(|b| {
        let t = fold_width(&b.text);
        NEWS_MARKERS.iter().find(|m| t.contains(*m)).copied()
    }) {
        return Some(KindGuess {
            kind: DocKind::Evidence,
            reason: format!("开头有“{m}”，为新闻报道，按证明材料处理"),
        });
    }
    // The parts a report names in its headings; a text without headings, anywhere near the top.
    let headed = blocks
        .iter()
        .filter(|b| b.kind == crate::document::model::BlockKind::Heading)
        .count()
        >= 3;
    let head: Vec<String> = blocks
        .iter()
        .filter(|b| !headed || b.kind == crate::document::model::BlockKind::Heading)
        .take(80)
        .map(|b| despace(&fold_width(&b.text)))
        .collect();
    let count = |words: &[&str]| {
        words
            .iter()
            .filter(|w| head.iter().any(|t| t.contains(*w)))
            .count()
    };
    let eval = count(&[
        "自评",
        "保障体系",
        "创新实践",
        "试点总体成效",
        "典型经验",
        "试点以来",
    ]);
    let plan = count(&[
        "实施方案",
        "试点目标",
        "重点任务",
        "保障措施",
        "总体思路",
        "实施步骤",
        "进度安排",
    ]);
    if eval >= 3 && eval > plan {
        return Some(KindGuess {
            kind: DocKind::SelfEvaluation,
            reason: format!(
                "正文含{eval}个自评报告要素（保障体系、创新实践、试点总体成效、典型经验等）"
            ),
        });
    }
    if plan >= 3 {
        return Some(KindGuess {
            kind: DocKind::ImplementationPlan,
            reason: format!("正文含{plan}个实施方案要素（试点目标、重点任务、保障措施等）"),
        });
    }
    // A letter: salutation near the top, a closing formula and a date at the end, and short.
    let salutation = head
        .iter()
        .take(6)
        .any(|t| t.trim_end().ends_with(':') && t.chars().count() < 60);
    let closing = blocks.iter().rev().take(8).any(|b| {
        let t = &b.text;
        t.contains("特此函告") || t.contains("此函") || t.contains("妥否") || t.contains("请予审核")
    });
    if salutation && closing && blocks.len() < 60 {
        return Some(KindGuess {
            kind: DocKind::CoverLetter,
            reason: "正文有主送称谓和“特此函告”等结束语，为函件".into(),
        });
    }
    None
}

/// Kind from the file name alone, the weakest evidence.
pub fn classify_by_name(file_name: &str) -> Option<KindGuess> {
    let n = fold_width(file_name);
    let rules: &[(&[&str], DocKind)] = &[
        (&["函", "报送", "请示"], DocKind::CoverLetter),
        (&["自评", "评估报告"], DocKind::SelfEvaluation),
        (&["实施方案", "方案"], DocKind::ImplementationPlan),
        (&["指标"], DocKind::Indicators),
        (&["证明", "佐证", "支撑材料"], DocKind::Evidence),
    ];
    rules.iter().find_map(|(words, kind)| {
        find_any(&n, words).map(|w| KindGuess {
            kind: *kind,
            reason: format!("仅依据文件名“{file_name}”含“{w}”"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        let k = |t: &str| classify("附件1.docx", Format::Docx, Some(t), &[]).kind;
        assert_eq!(
            k("厦门市国家产融合作试点城市自评报告"),
            DocKind::SelfEvaluation
        );
        assert_eq!(
            k("关于报送厦门市国家产融合作试点城市自评报告的函"),
            DocKind::CoverLetter
        );
        assert_eq!(
            k("厦门市人民政府关于申报第三批国家产融合作试点城市的请示"),
            DocKind::CoverLetter
        );
        assert_eq!(
            k("苏州市国家产融合作试点城市实施方案（2024—2026年）"),
            DocKind::ImplementationPlan
        );
        assert_eq!(
            k("关于厦门市产融合作试点工作的自评报告"),
            DocKind::SelfEvaluation
        );
        assert_eq!(k("证明材料清单"), DocKind::Evidence);
        // The other ways cities title their self-evaluation (independent passages, round 2).
        for t in [
            "新乡市产融合作试点工作三年总结（2021—2023年）",
            "宜昌市经济和信息化局关于宜昌市国家产融合作试点城市建设情况的报告",
            "北京市朝阳区国家产融合作试点工作情况汇报",
        ] {
            assert_eq!(k(t), DocKind::SelfEvaluation, "{t}");
        }
        // A plan for organising the evaluation is no pilot plan.
        assert_eq!(
            k("湖州市国家产融合作试点城市评估工作方案"),
            DocKind::Evidence
        );
        assert_eq!(
            k("湖州市国家产融合作试点城市实施方案（2024—2026年）"),
            DocKind::ImplementationPlan
        );
    }

    #[test]
    fn indicator_notes_in_word_are_evidence() {
        let para = |t: &str| Block {
            index: 0,
            kind: crate::document::model::BlockKind::Paragraph,
            level: None,
            text: t.into(),
            section: Vec::new(),
            table: None,
        };
        let notes = [para(
            "（一）地区生产总值、规模以上工业增加值来源于市统计局。",
        )];
        assert_eq!(
            classify("指标说明.docx", Format::Docx, None, &notes).kind,
            DocKind::Evidence
        );
        assert_eq!(
            classify("指标.xlsx", Format::Xlsx, None, &[]).kind,
            DocKind::Indicators
        );
    }

    #[test]
    fn a_supporting_plan_beside_the_pilot_plan_is_evidence() {
        let doc = |title: &str| crate::document::model::Document {
            ocr: false,
            warnings: Vec::new(),
            path: format!("{title}.docx"),
            format: Format::Docx,
            kind: DocKind::ImplementationPlan,
            kind_reason: String::new(),
            title: Some(title.into()),
            blocks: Vec::new(),
            sections: Vec::new(),
            workbook: None,
        };
        let mut docs = vec![
            doc("潍坊市国家产融合作试点城市实施方案（2024—2026年）"),
            doc("潍坊市加快政府性融资担保体系建设实施方案"),
        ];
        settle_kinds(&mut docs);
        assert_eq!(docs[0].kind, DocKind::ImplementationPlan);
        assert_eq!(docs[1].kind, DocKind::Evidence);
        // Alone, it stays a plan to be checked.
        let mut alone = vec![doc("潍坊市加快政府性融资担保体系建设实施方案")];
        settle_kinds(&mut alone);
        assert_eq!(alone[0].kind, DocKind::ImplementationPlan);
    }

    #[test]
    fn names_are_second() {
        assert_eq!(
            classify("自评报告.docx", Format::Docx, None, &[]).kind,
            DocKind::SelfEvaluation
        );
        assert_eq!(
            classify("附件1.docx", Format::Docx, None, &[]).kind,
            DocKind::Evidence
        );
        assert_eq!(classify_by_name("附件1.docx"), None);
    }
}
