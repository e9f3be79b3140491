//! Reading a plan's quantified targets (the notice's plan states “试点目标”; a target a reviewer can check
//! has a number). A target is a quantity — digits or Chinese numerals with a unit (1500亿元, 十家, 百家,
//! 0.5个百分点), a written percentage (百分之十五), a multiple (翻一番, 倍增) — in a clause that aims at it
//! (到2026年, 达到, 突破, 新增, 不低于, 控制在…以内, 年均增长 …), wherever the plan writes it: under 试点目标,
//! 目标任务, in 重点任务, in the 实施步骤, in 一是…二是… lists, or in a table whose column is a target
//! (目标值, 2026年目标, 预期成果). Not a target: past figures (2023年全市……达1200亿元, 同比增长, 已设立),
//! chapters on the foundation or background, a province's target, policy parameters (给予最高500万元奖励),
//! counts in names (三大工程, 1+N, 二十大), time limits (10个工作日内), "一次", quotations.
//!
//! Words come from the profile (`[targets]` in rules.toml).

use crate::document::text::contains_any;
use std::sync::OnceLock;

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::{BlockKind, Document};
use crate::document::text::fold_width;
use crate::profile::rules_spec::TargetsSpec;

/// Text reduced for reading: width folded, spaces removed, quotations and cited titles blanked.
fn clean(text: &str) -> String {
    let mut depth = 0usize;
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '《' => {
                depth += 1;
                c
            }
            '”' | '》' => {
                depth = depth.saturating_sub(1);
                c
            }
            _ if depth > 0 => '□',
            _ => c,
        })
        .collect()
}

fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:\d[\d,.]*|[零〇一二两三四五六七八九十百千]+)").expect("number pattern")
    })
}

/// The quantities of a clause that are not years, time limits, or a bare "一".
fn quantities(clause: &str, spec: &TargetsSpec) -> Vec<String> {
    let mut out = Vec::new();
    for m in number_re().find_iter(clause) {
        let num = m.as_str();
        let rest = &clause[m.end()..];
        let Some(unit) = spec
            .units
            .iter()
            .filter(|u| !u.is_empty() && rest.starts_with(u.as_str()))
            .max_by_key(|u| u.len())
        else {
            continue;
        };
        let after = &rest[unit.len()..];
        let time_limit = spec
            .time_after
            .iter()
            .any(|t| after.starts_with(t.as_str()));
        let article = num == "一" || num == "两" && unit == "个";
        if !time_limit && !article {
            out.push(format!("{num}{unit}"));
        }
    }
    for w in spec.percent_words.iter().chain(&spec.multiples) {
        if !w.is_empty() && clause.contains(w.as_str()) {
            out.push(w.clone());
        }
    }
    out
}

/// Whether a clause sets a condition rather than a target: it starts with one of `starts`
/// (对, 凡, 符合) and holds 的 — 对年营业收入2000万元以上、研发投入占比不低于3%的制造业企业.
pub(crate) fn is_condition(clause: &str, starts: &[String]) -> bool {
    starts
        .iter()
        .any(|w| !w.is_empty() && clause.starts_with(w.as_str()))
        && clause.contains('的')
}

/// A target found: the clause and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub quantity: String,
    pub evidence: Evidence,
}

/// Whether a sentence speaks of the past: it opens with a year before the plan's period
/// ("2023年全市……", "2021—2023年，……"); or, opening with no year, it holds a word of the past (已,
/// 同比, 以来 …) and none of the future (到2026年, 力争, 试点期内 …).
fn past_sentence(sentence: &str, spec: &TargetsSpec, earliest_start: u32) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = YEAR.get_or_init(|| Regex::new(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、])?(20\d{2})").expect("year"));
    match re.captures(sentence).and_then(|c| c[1].parse::<u32>().ok()) {
        // "2024年：……新增……" in a plan for 2024—2026 looks ahead, whatever else it says.
        Some(y) => y < earliest_start,
        None => contains_any(sentence, &spec.past) && !contains_any(sentence, &spec.future),
    }
}

/// The quantified targets of a paragraph or heading. `ahead_only`: only clauses that look ahead
/// count (the guarantee chapters).
fn in_text(
    text: &str,
    spec: &TargetsSpec,
    earliest_start: u32,
    ahead_only: bool,
) -> Option<String> {
    let text = clean(text);
    for sentence in text.split_inclusive(['。', '！', '？']) {
        if contains_any(sentence, &spec.not_own) {
            continue;
        }
        // "2023年末……为38.6亿元，力争到2026年末突破60亿元": the past runs until a clause looks ahead.
        let mut past = past_sentence(sentence, spec, earliest_start);
        for clause in sentence.split(['，', ',', '；', ';', '：', ':']) {
            let ahead = contains_any(clause, &spec.future);
            past &= !ahead;
            if past || ahead_only && !ahead {
                continue;
            }
            // A clause of the past (已, 同比, 以来 …) or of a policy's parameters (给予, 奖励 …).
            if contains_any(clause, &spec.past) || contains_any(clause, &spec.parameters) {
                continue;
            }
            if is_condition(clause, &spec.condition_starts) {
                continue;
            }
            // A multiple (翻一番, 倍增) aims by itself.
            let aims = contains_any(clause, &spec.goal_words)
                || contains_any(clause, &spec.comparators)
                || contains_any(clause, &spec.multiples);
            if !aims {
                continue;
            }
            if let Some(q) = quantities(clause, spec).into_iter().next() {
                return Some(q);
            }
        }
    }
    None
}

/// A table with a target column (目标值, 2026年目标, 预期成果, or a year of the new period) holding a
/// number.
fn in_tables(doc: &Document, spec: &TargetsSpec, earliest_start: u32) -> Option<(usize, String)> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| Regex::new(r"(20\d{2})").expect("year"));
    for rows in crate::document::sentences::tables(doc) {
        let rows: Vec<(usize, Vec<String>)> = rows
            .into_iter()
            .map(|r| (r.block, r.cells.iter().map(|c| clean(c)).collect()))
            .collect();
        let Some((_, header)) = rows.first() else {
            continue;
        };
        let columns: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                contains_any(h, &spec.target_columns)
                    || year
                        .captures(h)
                        .and_then(|c| c[1].parse::<u32>().ok())
                        .is_some_and(|y| y >= earliest_start)
            })
            .map(|(i, _)| i)
            .collect();
        for (block, cells) in rows.iter().skip(1) {
            for &c in &columns {
                let Some(cell) = cells.get(c) else { continue };
                let numeric = cell.chars().any(|c| c.is_ascii_digit()) && !year.is_match(cell)
                    || !quantities(cell, spec).is_empty();
                if numeric {
                    return Some((*block, cell.clone()));
                }
            }
        }
    }
    None
}

/// The first quantified target of the plans, outside the chapters that hold none (a top-level
/// chapter on the foundation, the background, past results, or the guarantees). `earliest_start` is
/// the first year of the plan's own period: a sentence opening with an earlier year tells the past.
pub fn find(plans: &[&Document], spec: &TargetsSpec, earliest_start: u32) -> Option<Target> {
    for doc in plans {
        let record = |b: &crate::document::model::Block| {
            b.section
                .first()
                .is_some_and(|top| contains_any(&fold_width(top), &spec.other_chapters))
        };
        for b in doc
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::TableCell && !record(b))
        {
            if b.text.matches('|').count() >= 2 {
                continue;
            }
            let ahead_only = b
                .section
                .first()
                .is_some_and(|top| contains_any(&fold_width(top), &spec.ahead_only_chapters));
            if let Some(q) = in_text(&b.text, spec, earliest_start, ahead_only) {
                return Some(Target {
                    quantity: q,
                    evidence: Evidence::of_block(doc, b.index),
                });
            }
        }
        if let Some((block, q)) = in_tables(doc, spec, earliest_start) {
            if !record(&doc.blocks[block]) {
                return Some(Target {
                    quantity: q,
                    evidence: Evidence::of_block(doc, block),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn target(text: &str) -> Option<String> {
        in_text(text, &Profile::embedded().rules.targets, 2024, false)
    }

    #[test]
    fn quantities_in_goals() {
        for text in [
            "到2026年，全市制造业贷款余额达到1500亿元，年均增长12%以上。",
            "整合现有各类风险补偿资金，到2026年，市级风险补偿资金池规模扩大至5亿元。",
            "新增境内外上市公司十家以上，政府引导基金总规模突破一百亿元。",
            "制造业贷款余额年均增长百分之十五左右。",
            "全市制造业中长期贷款余额较2023年末翻一番。",
            "银行业不良贷款率控制在1.5%以内。",
            "制造业企业贷款加权平均利率较2023年下降0.5个百分点左右。",
        ] {
            assert!(target(text).is_some(), "no target in {text}");
        }
    }

    #[test]
    fn numbers_that_are_no_targets() {
        for text in [
            "2023年全市制造业贷款余额达1200亿元，同比增长16.8%；全年新增上市企业3家。",
            "对在境内外首发上市的企业给予最高500万元奖励。",
            "实施产业链金融、科技金融、绿色金融“三大工程”，推出“十项举措”。",
            "每季度结束后10个工作日内报送进展情况，每年开展一次评估。",
            "到2026年全省制造业贷款余额突破1.5万亿元。",
            "全市已设立政府引导基金12支，总规模达86亿元。",
            "全面贯彻党的二十大和二十届二中全会精神，落实第三批国家产融合作试点工作要求。",
            // Conditions and rates of a policy (independent passages, round 2).
            "对年营业收入2000万元以上、研发投入占比不低于3%的制造业企业，纳入白名单优先推荐。",
            "对单笔1000万元以下的转贷业务，转贷费率按日0.1‰收取。",
        ] {
            assert_eq!(target(text), None, "{text}");
        }
        // The past, then a goal in the same sentence.
        assert_eq!(
            target("2023年末，全市知识产权质押融资金额为38.6亿元，力争到2026年末突破60亿元。")
                .as_deref(),
            Some("60亿元")
        );
    }
}
