//! Decides what a document is (self-evaluation, plan, indicators, letter, evidence) from its title and
//! content first and its file name second: "附件1.docx" says nothing, and a letter that forwards a
//! self-evaluation report names the report in its own title.

use crate::model::{Block, DocKind, Format};
use crate::text::{fold_width, squash_spaces};

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
const PLAN_TITLE: &[&str] = &["实施方案", "试点方案", "工作方案", "建设方案"];
const LETTER_VERBS: &[&str] = &[
    "关于报送",
    "关于申报",
    "关于推荐",
    "关于提交",
    "关于呈报",
    "关于上报",
    "关于继续",
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
        let t = squash_spaces(&fold_width(t));
        if is_letter_title(&t) {
            return guess(DocKind::CoverLetter, format!("标题“{t}”为函件"));
        }
        if let Some(w) = find_any(&t, SELF_EVAL_TITLE) {
            return guess(DocKind::SelfEvaluation, format!("标题“{t}”含“{w}”"));
        }
        if let Some(w) = find_any(&t, PLAN_TITLE) {
            return guess(DocKind::ImplementationPlan, format!("标题“{t}”含“{w}”"));
        }
        if let Some(w) = find_any(&t, EVIDENCE_TITLE) {
            return guess(DocKind::Evidence, format!("标题“{t}”含“{w}”"));
        }
        if t.contains("指标") && format == Format::Xlsx {
            return guess(DocKind::Indicators, format!("标题“{t}”含“指标”"));
        }
    }
    if let Some(g) = classify_by_content(format, blocks) {
        return g;
    }
    if let Some(g) = classify_by_name(file_name) {
        return g;
    }
    guess(
        DocKind::Evidence,
        "标题和内容均不符合自评报告、实施方案、指标表或报送函件，按证明材料处理".into(),
    )
}

fn find_any<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| text.contains(w))
}

fn is_letter_title(t: &str) -> bool {
    let core = t.trim_end_matches(['）', ')', ' ']);
    core.ends_with('函') || core.ends_with("请示") || LETTER_VERBS.iter().any(|v| t.contains(v))
}

fn classify_by_content(format: Format, blocks: &[Block]) -> Option<KindGuess> {
    if format == Format::Xlsx {
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
    let head: Vec<String> = blocks
        .iter()
        .take(80)
        .map(|b| fold_width(&b.text))
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
