//! Reading what the self-evaluation report says was achieved: sentences naming the indicator with
//! a figure of the target's kind and year, year-by-year lists, two levels of a share, completion
//! tables.

use std::sync::OnceLock;

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::{BlockKind, Document};
use crate::document::text::contains_any;
use crate::profile::rules_spec::LedgerSpec;

use super::model::*;
use super::names::*;
use super::text::*;

/// The achievement of a target in the report: the first sentence naming one of its keys with a
/// figure of the target's kind after the name — in the same clause for a level, anywhere after it
/// in the sentence for a growth rate (“余额412.7亿元，三年年均增长19.6%”) — for the target year (the
/// last year written before the figure that is not a base), or with no year; growth targets take
/// a figure after a growth word, levels one that is not.
pub(super) fn from_report(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let mut fallback: Option<Achieved> = None;
    let others = Others::of(report, spec).not_named_in(keys, spec);
    if let Some(found) = from_report_tables(report, keys, target, period_end, spec) {
        return Some(found);
    }
    if let Some(found) = sum_under_year_headings(report, keys, target, period_end, spec) {
        return Some(found);
    }
    // “2021年：” on a line of its own dates the lines after it (鹤壁 in round 30), up to the next
    // heading.
    let mut year_line: Option<u16> = None;
    for (i, b) in report.blocks.iter().enumerate() {
        // (Not a table's cell: a column headed “2023年” dates nothing below the table.)
        if let Some(y) = year_alone(&clean(&b.text))
            .filter(|_| b.table.is_none() && b.kind != BlockKind::TableCell)
        {
            year_line = Some(y);
            continue;
        }
        // … and so does a heading that is a year alone (“（一）2020年”, 宿州 in round 34), for a
        // target of one year (a target over the period sums such years in `sum_under_year_headings`).
        if b.kind == BlockKind::Heading {
            year_line =
                year_alone(&clean(strip_label(&b.text))).filter(|_| !over_period(target, spec));
        }
        // A short heading holds no figure; a run-in one (“7.知识产权金融。试点期间累计发放……117笔”)
        // is read with its text, and so is a numbered sentence taken for a heading (“1.新培育自治区级
        // 专精特新中小企业24家。” before a paragraph, 吴忠 in round 35).
        let sentence = b.text.trim_end().ends_with(['。', '；']);
        if b.kind == BlockKind::Heading && b.text.chars().count() <= 30 && !sentence
            || !prose_of_results(b, spec)
        {
            continue;
        }
        // … also when the heading was set apart from its text (“4．知识产权质押融资：2020年1.2亿
        // 元，……”, 鞍山 in round 20).
        let title = i
            .checked_sub(1)
            .and_then(|p| run_in_title(&report.blocks[p]))
            .unwrap_or_default();
        let text = format!("{title}{}", clean(&b.text));
        let evidence = |sentence: &str| {
            sentence_evidence(
                report,
                b,
                sentence.strip_prefix(title.as_str()).unwrap_or(sentence),
            )
        };
        let mut previous = String::new();
        for original in text.split_inclusive(['。', '！', '？', '；', ';']) {
            // Titles of documents (《……产业投资基金管理办法》) name no indicator: matched blanked,
            // quoted as written (the two have the same byte offsets).
            let masked = mask_nouns(original, spec);
            let sentence = masked.as_str();
            // (The part opens the text, not a title set apart before it.)
            let own_text = match original.strip_prefix(title.as_str()) {
                Some(rest) if !title.is_empty() => &sentence[sentence.len() - rest.len()..],
                _ => sentence,
            };
            if others.city && of_a_part(own_text, keys, others.name.as_deref(), spec) {
                continue;
            }
            if target.unit == "个百分点" {
                if let Some(found) = two_levels(sentence, &previous, keys, spec) {
                    let found = Achieved {
                        evidence: evidence(original),
                        ..found
                    };
                    if let Some(found) =
                        by_year(dated(found, year_line), target, period_end, &mut fallback)
                    {
                        return Some(found);
                    }
                }
            }
            // Where the indicator is named: each key's places, longest key first (a loose match of
            // 知识产权质押融资金额 reaching another figure's 金额 gives way to 知识产权质押贷款).
            let mut ends: Vec<usize> = Vec::new();
            for k in keys {
                let mut at = key_ends(sentence, k, spec);
                if at.is_empty() {
                    at.extend(share_in_next(sentence, &previous, k));
                }
                for e in at {
                    if !ends.contains(&e) {
                        ends.push(e);
                    }
                }
            }
            previous = masked.clone();
            if target.unit == "倍" {
                if let Some(times) = per_yuan(sentence, keys, spec) {
                    let found = Achieved {
                        value: times,
                        unit: "倍".into(),
                        year: year_before(sentence, sentence.len()),
                        source: Source::Report,
                        evidence: evidence(original),
                    };
                    if let Some(found) =
                        by_year(dated(found, year_line), target, period_end, &mut fallback)
                    {
                        return Some(found);
                    }
                }
            }
            // “全市32家银行机构接入“粤信融”平台”: the figure before the name.
            if let Some(found) = figure_before(sentence, keys, target, spec) {
                let found = Achieved {
                    evidence: evidence(original),
                    ..found
                };
                if let Some(found) =
                    by_year(dated(found, year_line), target, period_end, &mut fallback)
                {
                    return Some(found);
                }
            }
            for end in ends {
                // “力争上市后备企业达到350家”: an aim, even in a report.
                if contains_any(
                    &sentence[start_of_clause(sentence, end)..end],
                    &spec.report_future,
                ) || contains_any(first_clause(sentence), &spec.report_future)
                {
                    continue;
                }
                // An increment (新增制造业贷款) is read only where the report speaks of one — before
                // the name or between it and the figure (新三板挂牌企业新增6家) —, not from
                // 制造业贷款余额542亿元.
                // “累计培育首贷企业2,874户” is an increment over the period too.
                let key_clause = &sentence[start_of_clause(sentence, end)..end];
                if others.city
                    && (part_before_key(key_clause, keys, spec)
                        || one_chain_before_key(key_clause, keys)
                        || key_clause.starts_with("其中")
                            && of_a_part(key_clause, keys, others.name.as_deref(), spec))
                    || flow_for_stock(key_clause, keys)
                    || of_which_by_another(key_clause, keys, spec)
                    || one_year_target(target)
                        && contains_any(
                            &sentence[start_of_clause(sentence, end)..clause_end(sentence, end)],
                            &spec.period_sums,
                        )
                {
                    continue;
                }
                // … and so is “试点三年累计实现股权融资16.7亿元” for 新增股权融资 (白山 in round 33):
                // money that flows (融资, not a 余额 or 规模) summed over the period.
                let flow = matches!(kind(&target.unit, spec), Some(Kind::Money(_)))
                    && keys
                        .first()
                        .is_some_and(|k| !spec.bare_names.iter().any(|b| k.ends_with(b.as_str())));
                let increment_said = !keys_are_increments(keys, spec)
                    || contains_any(key_clause, &spec.increments)
                    || contains_any(key_clause, &spec.period_sums)
                        && (flow || contains_any(key_clause, &spec.count_verbs));
                // “2021年、2022年、2023年新增担保额分别为35.2亿元、42.6亿元、47.9亿元”.
                if let Some((value, unit)) = yearly_list(sentence, end, target, period_end, spec) {
                    return Some(Achieved {
                        value,
                        unit,
                        year: target.year,
                        source: Source::Report,
                        evidence: evidence(original),
                    });
                }
                // Figures given 分别 that could not be put to years belong to no one year; a later
                // clause's 分别 (“……年均增长8.5%，新型材料、清洁能源产业产值年均分别增长……”) is
                // another list.
                let first_figure = quantities(&sentence[end..], spec)
                    .first()
                    .map_or(sentence.len(), |q| end + q.end);
                // (A list of levels says nothing of a growth target: “……分别达到311.6亿元、354.0亿元、
                // 402.2亿元，三年年均增长13.6%”, 信阳 in round 23, is read on to its rate.)
                let listed_kind = quantities(&sentence[end..], spec).first().is_some_and(|q| {
                    comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_some()
                });
                if let Some(at) = sentence[start_of_clause(sentence, end)..first_figure]
                    .find("分别")
                    .filter(|_| listed_kind)
                {
                    // “新增上市企业分别为主板3家、创业板2家、科创板1家、北交所1家”: kinds, summed.
                    let from = start_of_clause(sentence, end) + at;
                    if let Some(value) = kinds_respectively(&sentence[from..], target, spec) {
                        let found = Achieved {
                            value,
                            unit: target.unit.clone(),
                            year: year_before(sentence, from),
                            source: Source::Report,
                            evidence: evidence(original),
                        };
                        if let Some(found) =
                            by_year(dated(found, year_line), target, period_end, &mut fallback)
                        {
                            return Some(found);
                        }
                    } else if over_period(target, spec)
                        && (increment_said || contains_any(&sentence[end..from], &spec.increments))
                        && !year_re().is_match(sentence)
                    {
                        // “高新技术企业净增数分别为58家、71家、64家” (淮南 in round 43): the period's
                        // years undated, one figure each, summed for a total over the period.
                        let list = &sentence[from..clause_end(sentence, from)];
                        let figures: Vec<f64> = quantities(list, spec)
                            .iter()
                            .filter_map(|q| {
                                comparable((q.value, &q.unit), (1.0, &target.unit), spec)
                                    .map(|(x, one)| x / one)
                            })
                            .collect();
                        if figures.len() >= 2 {
                            return Some(Achieved {
                                value: (figures.iter().sum::<f64>() * 100.0).round() / 100.0,
                                unit: target.unit.clone(),
                                year: Some(period_end),
                                source: Source::Report,
                                evidence: evidence(original),
                            });
                        }
                    }
                    continue;
                }
                // “新增上市公司19家，累计达到75家”: after an increment, a level is the figure a verb
                // of level leads to.
                let increment = !target.growth
                    && spec.increments.iter().any(|w| {
                        sentence[..end].rfind(w.as_str()).is_some_and(|i| {
                            i >= start_of_clause(sentence, end)
                                && sentence[i..end].chars().count() <= 20
                        })
                    })
                    && !keys
                        .iter()
                        .any(|k| spec.increments.iter().any(|w| k.contains(w.as_str())));
                // A level is read in its clause, or in the next one when that opens with a verb of
                // level (“较2022年增加30亿元，达到62亿元”).
                let window_end = if target.growth || increment {
                    sentence.len()
                } else {
                    let own = clause_end(sentence, end);
                    let next = sentence[own..].trim_start_matches([',', '，']);
                    // “……的目标，2023年末实际为62亿元”: a year may lead the verb.
                    let verb_at = year_re()
                        .find(next)
                        .filter(|m| m.start() == 0)
                        .map_or(next, |m| next[m.end()..].trim_start_matches(['末', '底']));
                    // … or, for a total over the period, with 累计 after a clause of no figure
                    // (“知识产权质押融资从无到有、从少到多，累计3.4亿元”, 保山 in round 42).
                    // (Its figure right after: “三年累计贴息1.12亿元” is another thing's.)
                    let total_next = over_period(target, spec)
                        && (spec.period_sums.iter())
                            .find_map(|w| verb_at.strip_prefix(w.as_str()))
                            .map(|r| r.trim_start_matches("达到").trim_start_matches('达'))
                            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
                        && quantities(&sentence[end..own], spec).is_empty();
                    if total_next
                        || spec
                            .level_verbs
                            .iter()
                            .any(|v| verb_at.starts_with(v.as_str()))
                    {
                        clause_end(sentence, sentence.len() - next.len())
                    } else {
                        own
                    }
                };
                let window = &sentence[end..window_end];
                for q in quantities(window, spec) {
                    if comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_none()
                    {
                        continue;
                    }
                    let between = &window[..q.start];
                    // The name written again (“新增上市公司三家，上市公司总数增至七家，后备企业库
                    // 在库企业52家”, 北海 in round 22): the figures after it are read from there.
                    if keys
                        .iter()
                        .any(|k| han_count(k) >= 2 && between.contains(k.as_str()))
                    {
                        break;
                    }
                    if !increment_said && !contains_any(between, &spec.increments) {
                        continue;
                    }
                    // The figure's own clause decides what it is: “目标700亿元” restates the
                    // target, “由2020年末的600亿元……” is where it started, “接近100亿元” falls short of
                    // a figure it does not give.
                    let own = &between[start_of_clause(between, between.len())..];
                    if restates_or_starts(own, spec) || restated_after(&window[q.end..], spec) {
                        continue;
                    }
                    // “对照实施方案“到2023年……达到400亿元”的目标”: the plan quoted, not an achievement.
                    let key_clause = &sentence[start_of_clause(sentence, end)..end];
                    let quoted = sentence[..end].matches('“').count()
                        > sentence[..end].matches('”').count()
                        && !keys.iter().any(|k| k.starts_with('“'));
                    let in_key_clause = start_of_clause(window, q.start) == 0;
                    if in_key_clause && (quoted || contains_any(key_clause, &spec.report_targets)) {
                        continue;
                    }
                    // A clause comparing with the nation or the province is not the city's figure.
                    let clause_start = start_of_clause(window, q.start);
                    let clause_end = clause_end(window, q.end);
                    let key_clause = start_of_clause(sentence, end);
                    if others.in_text(&window[clause_start..clause_end])
                        || clause_start == 0 && others.in_text(&sentence[key_clause..end])
                    {
                        continue;
                    }
                    // “同比增长7.9%” is one year's growth, not a yearly mean (年均增长8%, 淮安 in
                    // round 16).
                    if target.growth
                        && clean(&target.evidence.quote).contains("年均")
                        && !own.contains("年均")
                        && ["同比", "比上年", "较上年", "较年初", "比年初"]
                            .iter()
                            .any(|w| own.contains(w))
                    {
                        continue;
                    }
                    // “提升至33.6%” is a level; “提升3个百分点”, “增长15%” a change.
                    let change_words = rises_to_level(own, spec);
                    let growth_word = q.unit == "个百分点"
                        || contains_any(&change_words, &spec.growth)
                        || contains_any(&change_words, &spec.points);
                    if growth_word != target.growth {
                        continue;
                    }
                    if !target.growth
                        && !increment
                        && contains_any(&rises_to_level(own, spec), &spec.not_level)
                    {
                        continue;
                    }
                    if increment && !contains_any(between, &spec.at_least) {
                        continue;
                    }
                    // “2023年全市新增首贷户1180户”, “2023年，全市企业发行各类债券38.2亿元” are one
                    // year's, not the three years' a 累计 target counts.
                    if over_period(target, spec) && one_years_flow(&sentence[..end + q.start], spec)
                    {
                        continue;
                    }
                    // “已投资项目23个、投资金额8.6亿元”: another figure and another measure between
                    // the name and this figure; “按LPR的30%给予贴息”: a rate of a policy.
                    // “为科技型中小企业发放贷款42亿元”: lending named after the name is a flow too.
                    if other_measure_between(between, keys, spec)
                        || policy_rate(&window[clause_start..clause_end], &q.unit, spec)
                        || flow_for_stock(between, keys)
                    {
                        continue;
                    }
                    // “2022年，我市一家新能源企业……上市，试点期间新增上市公司1家” (朝阳 in round 42):
                    // a clause counting over the period is not dated by an earlier clause's year.
                    // (A date a count is up to still dates it: “截至2022年末，累计新增……68家”.)
                    let own_from = start_of_clause(sentence, end);
                    let own_clause = &sentence[own_from..end + q.start];
                    let event_year = year_re()
                        .find_iter(&sentence[..own_from])
                        .last()
                        .is_some_and(|m| {
                            let lead = &sentence[..m.start()];
                            !sentence[m.end()..].starts_with(['末', '底'])
                                && !["截至", "截止", "到", "至"]
                                    .iter()
                                    .any(|w| lead.ends_with(w))
                        });
                    let year = if event_year
                        && contains_any(own_clause, &spec.period_sums)
                        && !year_re().is_match(own_clause)
                    {
                        None
                    } else {
                        year_before(sentence, end + q.start)
                    };
                    // “新增境内外上市企业主板7家、创业板5家、科创板3家”: an increment listed by kind
                    // is their sum.
                    let value = if increment || keys_are_increments(keys, spec) {
                        q.value + listed_after(&sentence[end + q.end..], &q.unit, keys, spec)
                    } else {
                        q.value
                    };
                    let found = Achieved {
                        value,
                        unit: q.unit.clone(),
                        year,
                        source: Source::Report,
                        evidence: evidence(original),
                    };
                    if let Some(found) =
                        by_year(dated(found, year_line), target, period_end, &mut fallback)
                    {
                        return Some(found);
                    }
                    break;
                }
                // “知识产权质押融资登记金额由2020年的8.6亿元增加到2023年的15.2亿元”: the rate
                // from the two levels.
                if target.growth && matches!(target.unit.as_str(), "%" | "％") {
                    if let Some(rate) = rate_from_levels(&sentence[end..], target, period_end, spec)
                    {
                        return Some(Achieved {
                            value: rate,
                            unit: "%".into(),
                            year: target.year,
                            source: Source::Report,
                            evidence: evidence(original),
                        });
                    }
                }
            }
        }
    }
    fallback
        .or_else(|| sum_of_parts(report, keys, target, period_end, spec))
        .or_else(|| completion_rate(report, keys, target, spec))
        .or_else(|| similar(report, keys, target, period_end, &others, spec))
}

/// A floor the report answers only with how much of it was done (“政府性融资担保机构在保余额完成
/// 目标的92.6%”, 淮安 in round 16; 完成率108%): that share of the target, in its unit, rounded to
/// 0.01. Not for a ceiling, whose 完成率 says nothing of the level.
fn completion_rate(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    static RATE: OnceLock<Regex> = OnceLock::new();
    let rate = RATE.get_or_init(|| {
        Regex::new(r"^(?:完成(?:了)?(?:年度|方案)?(?:目标(?:值|任务)?|计划)的|完成率(?:为|达到?)?)(\d+(?:\.\d+)?)[%％]")
            .expect("rate")
    });
    if target.comparator != Comparator::AtLeast {
        return None;
    }
    for b in report.blocks.iter().filter(|b| prose_of_results(b, spec)) {
        let text = clean(&b.text);
        for original in text.split_inclusive(['。', '！', '？', '；', ';']) {
            let sentence = mask_nouns(original, spec);
            if contains_any(&sentence, &spec.report_future) {
                continue;
            }
            for k in keys {
                for end in key_ends(&sentence, k, spec) {
                    let Some(c) = rate.captures(&sentence[end..]) else {
                        continue;
                    };
                    let share: f64 = c[1].parse().ok()?;
                    return Some(Achieved {
                        value: (target.value * share / 100.0 * 100.0).round() / 100.0,
                        unit: target.unit.clone(),
                        year: target.year,
                        source: Source::Report,
                        evidence: sentence_evidence(report, b, original),
                    });
                }
            }
        }
    }
    None
}

/// An indicator that is the sum of others by definition (`part_sums`: 直接融资) when a report
/// sentence gives each part with a figure of the target's kind in its clause (“通过发行债券融资
/// 246亿元，通过股权融资71亿元”): their sum, in the first part's unit.
fn sum_of_parts(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let rule = spec
        .part_sums
        .iter()
        .find(|r| keys.iter().any(|k| k.contains(r.whole.as_str())))?;
    if target.growth {
        return None;
    }
    let mut fallback = None;
    for b in report.blocks.iter().filter(|b| prose_of_results(b, spec)) {
        let text = clean(&b.text);
        for original in text.split_inclusive(['。', '！', '？', '；', ';']) {
            let sentence = mask_nouns(original, spec);
            if contains_any(&sentence, &spec.report_future)
                || one_year_target(target) && contains_any(&sentence, &spec.period_sums)
            {
                continue;
            }
            let figures: Option<Vec<(f64, String, usize)>> = rule
                .parts
                .iter()
                .map(|names| {
                    let at = names
                        .iter()
                        .filter_map(|p| sentence.find(p.as_str()).map(|i| i + p.len()))
                        .min()?;
                    let clause = &sentence[at..clause_end(&sentence, at)];
                    let q = quantities(clause, spec).into_iter().next()?;
                    comparable((q.value, &q.unit), (target.value, &target.unit), spec)?;
                    Some((q.value, q.unit, at))
                })
                .collect();
            let Some(figures) = figures else { continue };
            let unit = figures[0].1.clone();
            let value: f64 = figures
                .iter()
                .filter_map(|(v, u, _)| {
                    comparable((*v, u), (1.0, &unit), spec).map(|(x, one)| x / one)
                })
                .sum();
            let found = Achieved {
                value: (value * 100.0).round() / 100.0,
                unit,
                year: year_before(&sentence, figures[0].2),
                source: Source::Report,
                evidence: sentence_evidence(report, b, original),
            };
            if let Some(found) = by_year(found, target, period_end, &mut fallback) {
                return Some(found);
            }
        }
    }
    fallback
}

/// A report sentence with titles of documents (《……》) and nouns holding a word of aims
/// (债权投资计划) blanked, byte for byte: no such word is read as the report's aim or target.
fn mask_nouns(sentence: &str, spec: &LedgerSpec) -> String {
    let mut masked = mask_titles(sentence);
    for noun in &spec.plan_nouns {
        masked = masked.replace(noun.as_str(), &"□".repeat(noun.chars().count()));
    }
    // A programme's name (实施“淮上启航”计划, 淮安 in round 16) is no aim either.
    masked.replace("”计划", "”□□")
}

/// Whose figures a report gives besides the city's: `words` of another's figure (`not_own`, and
/// in a city's report the region's words — 桂林's “全区…超过1.2万家” is 广西's), and whether it is
/// a city's report (全市/我市 more often than 全区/我区), where a part of the city (经开区, 县) is
/// another too.
pub(super) struct Others {
    pub(super) words: Vec<String>,
    pub(super) city: bool,
    /// The city's own name as the report's title writes it (牡丹江市), if it does: another 市 a
    /// sentence opens with is a county-level city, a part.
    pub(super) name: Option<String>,
}

impl Others {
    pub(super) fn of(report: &Document, spec: &LedgerSpec) -> Others {
        let count = |ws: &[&str]| -> usize {
            report
                .blocks
                .iter()
                .map(|b| ws.iter().map(|w| b.text.matches(w).count()).sum::<usize>())
                .sum()
        };
        let city = count(&["全市", "我市", "本市"]) > count(&["我区", "本区"]);
        let mut words = spec.not_own.clone();
        if city {
            words.extend(spec.region_words.iter().cloned());
        }
        static CITY: OnceLock<Regex> = OnceLock::new();
        let city_re = CITY.get_or_init(|| Regex::new(r"^\p{Han}{2,4}?市").expect("city"));
        let name = report
            .blocks
            .iter()
            .find(|b| !b.text.trim().is_empty())
            .and_then(|b| city_re.find(b.text.trim()))
            .map(|m| m.as_str().to_owned());
        Others { words, city, name }
    }

    /// Whether `text` names another place than the city; the region's rank of a certification
    /// (“新培育自治区级专精特新中小企业24家”, 吴忠 in round 35) names the city's own firms.
    pub(super) fn in_text(&self, text: &str) -> bool {
        contains_any(&text.replace("自治区级", ""), &self.words)
    }

    /// Without the words an indicator's own name holds: 自治区级专精特新中小企业 (克拉玛依 in round
    /// 15) counts the city's firms the region has certified, not the region's.
    /// A narrower certification (`narrower`: 专精特新“小巨人” for 专精特新中小企业, 丽水 in round 20)
    /// or the other of two measures (`exclusive`: 实缴 for a 认缴 target, 宜春 in round 21) is
    /// another's figure too.
    pub(super) fn not_named_in(mut self, keys: &[String], spec: &LedgerSpec) -> Others {
        let named = |w: &str| keys.iter().any(|k| k.contains(w));
        self.words.retain(|w| !named(w));
        // (A pool's money in place is its size: “风险补偿资金池到位资金15000万元”, 舟山 in round 43.)
        let pool = named("资金池");
        self.words.extend(
            (spec.narrower.iter())
                .filter(|w| !(named(w) || pool && w.as_str() == "到位资金"))
                .cloned(),
        );
        for [a, b] in &spec.exclusive {
            if named(a) && !named(b) {
                self.words.push(b.clone());
            } else if named(b) && !named(a) {
                self.words.push(a.clone());
            }
        }
        self
    }
}

/// Whether a sentence of a city's report opens with a part of the city (“常德经开区作为绿色金融改革
/// 先行区，绿色贷款余额48.6亿元”, “上杭县……”): its figures are the part's, unless the target names
/// the part itself.
/// So does one whose zone acts by a means (“达州高新区依托中征应收账款融资服务平台，……”, 达州 in
/// round 18).
/// So does one opening with another city than the report's own (`own`, from its title): a
/// county-level city (“9.绥芬河市跨境人民币结算量年均增长21.3%”, 牡丹江 in round 23; “项城市、鹿邑县
/// 等6个县（市）……”, 周口 in round 22) leading the indicator's name or a list of places; a word
/// ending in 城市 (试点城市建设……) only in such a list; 资本市场, 企业上市, 建立市级 and “三年来全市”
/// never.
fn of_a_part(sentence: &str, keys: &[String], own: Option<&str>, spec: &LedgerSpec) -> bool {
    static CITY: OnceLock<Regex> = OnceLock::new();
    let city = CITY.get_or_init(|| Regex::new(r"^\p{Han}{2,4}?市").expect("city"));
    // “其中霍林郭勒市企业发行绿色债券8亿元” (通辽 in round 33): a place after 其中 is a part,
    // whatever follows it.
    let opening = opening_words(sentence);
    let (opening, of_which) = match opening.strip_prefix("其中") {
        Some(rest) => (rest.trim_start_matches([',', '，']), true),
        None => (opening, false),
    };
    if let (Some(own), Some(m)) = (own, city.find(opening)) {
        let place = m.as_str();
        let after = &opening[place.len()..];
        let listed = after.starts_with('、');
        // 资本市场, 企业上市, 三年来全市 and 试点城市 are no places.
        let stem = place.trim_end_matches('市');
        let before_shi = stem.chars().next_back();
        // (依托市首贷续贷服务中心, 建立市级……: 市 is the city's own after a verb.)
        let word = before_shi.is_some_and(|c| "全我本该各上超门股省县区退".contains(c))
            || (spec.means_words.iter())
                .chain(&spec.count_verbs)
                .chain(&spec.object_verbs)
                .chain(&spec.relation_verbs)
                .chain(&spec.purpose_verbs)
                .any(|v| stem.ends_with(v.as_str()));
        // The place must lead a list of places or the indicator's name.
        let names_next = keys.iter().any(|k| {
            let head: String = k.chars().take(2).collect();
            han_count(&head) == 2 && after.starts_with(&head)
        });
        // … or when or how it did it (“孝义市全年实现直接融资43.6亿元”, 吕梁 in round 29).
        let when = after.starts_with("20")
            || ["全年", "当年", "累计", "三年", "试点"]
                .iter()
                .any(|w| after.starts_with(w))
            || contains_prefix(after, &spec.means_words);
        if place != own
            && !own.starts_with(place)
            && !word
            && (of_which || listed || (names_next || when) && before_shi != Some('城'))
            && !keys.iter().any(|k| k.contains(place))
        {
            return true;
        }
    }
    // (“3．鞍山高新区融资担保公司在保余额12.3亿元”, 鞍山 in round 20: an item's label first.)
    // The shortest place (…县, …区, up to nine characters) followed by what follows a subject.
    let place = opening
        .char_indices()
        .take(9)
        .take_while(|(_, c)| han_count(c.encode_utf8(&mut [0; 4])) == 1)
        .filter(|(i, c)| *i > 0 && matches!(c, '县' | '区'))
        .map(|(i, c)| &opening[..i + c.len_utf8()])
        .find(|name| {
            let rest = &opening[name.len()..];
            // A county or district by its full name (榆次区企业……, 闻喜县依托……: 晋中 and 运城 in
            // round 25) opens its own sentence whatever follows; not 重点区域, 自治区级, nor a
            // clause that only holds 区 (建设全省首家设区市级……).
            let full_name = (3..=4).contains(&name.chars().count())
                && !name.starts_with(['全', '我', '本', '各', '该', '重'])
                && !rest.starts_with(['域', '级']);
            full_name
                || ["作为", "在", "的", "，", ",", "（", "("]
                    .iter()
                    .any(|w| rest.starts_with(w))
                || contains_prefix(rest, &spec.means_words)
                || ZONES.iter().any(|z| name.ends_with(z))
        });
    place.is_some_and(|name| !is_whole_area(name, spec) && !keys.iter().any(|k| k.contains(name)))
}

/// Whether the clause naming the indicator opens with 其中 and names who or what did it before the
/// name (“其中市级母基金带动子基金撬动社会资本41亿元” for 撬动社会资本, 忻州 in round 31): a part of
/// a whole, not the city's figure. Words of where, when and how it counts (全市, 累计, 新增 …) are
/// no such subject.
fn of_which_by_another(key_clause: &str, keys: &[String], spec: &LedgerSpec) -> bool {
    let Some(rest) = key_clause.strip_prefix("其中") else {
        return false;
    };
    let rest = rest.trim_start_matches([',', '，']);
    keys.iter().any(|k| {
        let Some(mut subject) = rest.strip_suffix(k.as_str()) else {
            return false;
        };
        while let Some(shorter) = (spec.name_prefixes.iter())
            .chain(&spec.name_modifiers)
            .chain(&spec.increments)
            .chain(&spec.period_sums)
            .chain(&spec.means_words)
            .find_map(|w| subject.strip_prefix(w.as_str()))
        {
            subject = shorter;
        }
        han_count(subject) >= 2
    })
}

/// What a sentence opens with after its label and a run-in title after the label or a dash
/// (“——融资担保：郾城区……”, 漯河 in round 32; “4．知识产权质押融资：2020年……”): up to twelve
/// characters of Han before a colon.
fn opening_words(s: &str) -> &str {
    let s = strip_label(s).trim_start_matches(['—', '－', '-', '–']);
    match s.find(['：', ':']) {
        Some(i)
            if (1..=12).contains(&s[..i].chars().count())
                && han_count(&s[..i]) == s[..i].chars().count() =>
        {
            s[i..].trim_start_matches(['：', ':'])
        }
        _ => s,
    }
}

/// Endings of a development zone's name: a sentence opening with one is the zone's, whatever
/// follows (鞍山高新区融资担保公司……).
const ZONES: [&str; 4] = ["高新区", "开发区", "经开区", "新区"];

/// Whether the clause naming the indicator opens with a part of the city right before the name
/// (“高新区科技型企业贷款余额达到186亿元”, “其中仲恺高新区科技型企业贷款余额236.4亿元”, “市本级风险补偿
/// 资金池规模2亿元” — the city government's own, not the counties' with it).
fn part_before_key(key_clause: &str, keys: &[String], spec: &LedgerSpec) -> bool {
    static PART: OnceLock<Regex> = OnceLock::new();
    let part = PART.get_or_init(|| {
        Regex::new(r"^(?:其中[,，]?)?(市本级|\p{Han}{0,10}?[县区])(?:[（(][^）)]{1,16}[）)])?")
            .expect("part")
    });
    part.captures(key_clause).is_some_and(|c| {
        let (name, rest) = (&c[1], &key_clause[c.get(0).map_or(0, |m| m.end())..]);
        // A rank (自治区级, 县级) is no place: “新培育自治区级专精特新中小企业24家” (吴忠 in round 35).
        !is_whole_area(name, spec)
            && !rest.starts_with('级')
            && !name.ends_with("自治区")
            // A named county or zone (睢县制鞋产业集群贷款余额, 商丘 in round 21), whatever follows.
            && (name.chars().count() >= 2
                || keys.iter().any(|k| {
                    // “孝感高新区国家级专精特新……”: a rank may stand between.
                    let head: String = k.chars().take(2).collect();
                    let ranked = ["国家级", "省级", "市级"]
                        .iter()
                        .find_map(|r| rest.strip_prefix(r))
                        .unwrap_or(rest);
                    rest.starts_with(&head) || ranked.starts_with(&head)
                }))
            && !keys.iter().any(|k| k.contains(name))
    })
}

/// Whether the clause naming the indicator names one industry chain or cluster right before it
/// (“汽车及零部件产业链供应链金融业务规模34.7亿元” for 供应链金融业务规模, 开封 in round 20): one
/// chain's figure, not the city's, unless the target names the chain.
fn one_chain_before_key(key_clause: &str, keys: &[String]) -> bool {
    let clause = key_clause.trim_start_matches("其中");
    ["产业链", "产业集群"].iter().any(|chain| {
        clause.match_indices(chain).any(|(at, _)| {
            let (named, rest) = (&clause[..at], &clause[at + chain.len()..]);
            han_count(named) >= 2
                && !GENERIC_CHAINS.iter().any(|g| named.ends_with(g))
                && keys.iter().any(|k| {
                    let head: String = k.chars().take(2).collect();
                    rest.starts_with(&head) && !k.contains(named)
                })
        })
    })
}

/// Qualifiers of chains that are the city's whole (重点产业链, 全市主导产业集群).
const GENERIC_CHAINS: [&str; 6] = ["重点", "主导", "优势", "特色", "全市", "各"];

/// A line that is a year alone (“2021年：”, “2022年度:”): that year.
fn year_alone(text: &str) -> Option<u16> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| Regex::new(r"^(20\d{2})年度?[：:]?$").expect("year alone"));
    re.captures(text.trim()).and_then(|c| c[1].parse().ok())
}

/// A figure without a year of its own takes the year of the line above it that is a year alone.
fn dated(found: Achieved, year_line: Option<u16>) -> Achieved {
    Achieved {
        year: found.year.or(year_line),
        ..found
    }
}

/// A target over the period (累计, or 新增 with no year) a report answers year by year under headings
/// of the years (“（一）2020年” over “供应链金融融资14亿元。”, “（二）2021年” over “……18亿元。”, 锦州 in
/// round 27), or on lines each opening with its year and standing within five blocks of each other
/// (“2020年，……实现直接融资6.8亿元；”, 乌海 in round 33): the sum of the one figure named by an exact
/// key under each heading or on each line, when they cover the notice's three years ending in
/// `period_end`; quoted from the last year's line.
fn sum_under_year_headings(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if target.growth || !over_period(target, spec) {
        return None;
    }
    let years = period_end.checked_sub(2)?..=period_end;
    static OPENING: OnceLock<Regex> = OnceLock::new();
    let opening = OPENING.get_or_init(|| Regex::new(r"^(20\d{2})年度?[，,：:]").expect("opening"));
    let mut found: Vec<(u16, f64, String, Achieved)> = Vec::new();
    // Blocks whose year is their opening's, not a heading's.
    let mut opened: Vec<usize> = Vec::new();
    for (i, b) in report
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind != BlockKind::Heading)
    {
        let text = clean(&b.text);
        let heading = b.section.last().map(String::as_str).unwrap_or_default();
        let heading_years: Vec<u16> = year_re()
            .captures_iter(heading)
            .filter_map(|c| c[1].parse().ok())
            .collect();
        // … or lines each opening with its year (“2020年，企业……实现直接融资6.8亿元；” “2021年，实现直接
        // 融资11.2亿元；”, 乌海 in round 33), none of them a total.
        let year = match heading_years[..] {
            [year] if han_count(heading) <= 8 => year,
            _ => match opening.captures(&text).and_then(|c| c[1].parse().ok()) {
                Some(year) if !contains_any(&text, &spec.period_sums) => year,
                _ => continue,
            },
        };
        if !years.contains(&year) {
            continue;
        }
        for k in keys {
            let Some(at) = text.find(k.as_str()).map(|i| i + k.len()) else {
                continue;
            };
            let Some(q) = quantities(&text[at..clause_end(&text, at)], spec)
                .into_iter()
                .next()
            else {
                continue;
            };
            let by_heading = matches!(heading_years[..], [_]) && han_count(heading) <= 8;
            match comparable((q.value, &q.unit), (target.value, &target.unit), spec) {
                None if by_heading => return None,
                None => continue,
                Some(_) => {}
            }
            if !by_heading {
                opened.push(i);
            }
            let achieved = Achieved {
                value: q.value,
                unit: q.unit.clone(),
                year: Some(year),
                source: Source::Report,
                evidence: sentence_evidence(report, b, &text),
            };
            found.push((year, q.value, q.unit, achieved));
            break;
        }
    }
    // One figure a year, every year, in one unit; lines that open with their years stand together.
    let mut seen: Vec<u16> = found.iter().map(|f| f.0).collect();
    seen.sort_unstable();
    seen.dedup();
    let apart = |blocks: &[usize]| {
        blocks
            .iter()
            .max()
            .zip(blocks.iter().min())
            .is_some_and(|(z, a)| z - a > 4)
    };
    if seen.len() != found.len()
        || apart(&opened)
        || !years.clone().all(|y| seen.contains(&y))
        || found.iter().any(|f| f.2 != found[0].2)
    {
        return None;
    }
    let total: f64 = found.iter().map(|f| f.1).sum();
    let (_, _, unit, last) = found.into_iter().max_by_key(|f| f.0)?;
    Some(Achieved {
        value: (total * 100.0).round() / 100.0,
        unit,
        year: Some(period_end),
        ..last
    })
}

/// Whether a target counts over the whole period (三年累计新增首贷户3000户; an increment with no
/// year of its own, “新增专精特新中小企业100家”, 自贡 in round 17).
fn over_period(target: &PlanTarget, spec: &LedgerSpec) -> bool {
    let quote = clean(&target.evidence.quote);
    // (“（四）新增直接融资……”, 乌海 in round 33: after its label.)
    contains_any(&quote, &spec.period_sums)
        || strip_label(&quote).starts_with("新增") && !year_re().is_match(&quote)
}

/// Whether a target is one year's flow (“2023年当年直接融资规模达到60亿元”, 阳江 in round 24): a
/// sum over the period (三年累计实现直接融资148亿元) is not its figure.
fn one_year_target(target: &PlanTarget) -> bool {
    let quote = clean(&target.evidence.quote);
    ["当年", "全年"].iter().any(|w| quote.contains(w))
}

/// Whether the text before a figure makes it one year's flow: its last year is written alone
/// (2023年, not 截至2023年末 or 2021—2023年) and nothing says the figure is a total.
fn one_years_flow(before: &str, spec: &LedgerSpec) -> bool {
    let Some(m) = year_re().find_iter(before).last() else {
        return false;
    };
    let after = &before[m.end()..];
    let lead = &before[..m.start()];
    // Only the year's own clause says whether its figure is a total: “三年累计实现直接融资33.7亿元，
    // 其中2022年当年直接融资11.2亿元” (鸡西 in round 38), “三年间全市新增上市公司2家，……，2023年
    // 直接融资38亿元” (延安 in round 39).
    // (Its callers' sentences end at ；, so a clause starts after a comma.)
    let clause = &before[start_of_clause(before, m.start())..];
    !after.starts_with(['末', '底'])
        && !after.starts_with("以来")
        && !lead.ends_with(['至', '—', '-', '–', '到'])
        && !contains_any(clause, &spec.period_sums)
        && !before.contains("截至")
        && !before.contains("以来")
}

/// Whether what stands between a name and its figure holds another figure and then another
/// measure (金额 after 项目23个) than the target name ends with (规模); never for a name ending
/// in no measure (知识产权质押融资: “业务186笔、金额16.3亿元” is its amount).
fn other_measure_between(between: &str, keys: &[String], spec: &LedgerSpec) -> bool {
    let Some(q) = quantities(between, spec).into_iter().last() else {
        return false;
    };
    let own = keys.first().map(String::as_str).unwrap_or_default();
    let Some(measure) = spec.bare_names.iter().find(|b| own.ends_with(b.as_str())) else {
        return false;
    };
    spec.bare_names
        .iter()
        .any(|b| b != measure && between[q.end..].contains(b.as_str()))
}

/// Whether a clause names a flow (“为科技型中小企业发放贷款42亿元”, “2023年当年办理知识产权质押融资
/// 6.1亿元”) where the target is a stock (……余额): lending in a period is not the balance at its end.
fn flow_for_stock(key_clause: &str, keys: &[String]) -> bool {
    let own = keys.first().map(String::as_str).unwrap_or_default();
    let lending = ["发放", "投放", "办理"];
    own.ends_with("余额")
        && !lending.iter().any(|w| own.contains(w))
        && lending.iter().any(|w| key_clause.contains(w))
}

/// Whether the text before a figure ends with the target's name with a qualifier taken out of its
/// middle or front (制造业贷款余额 for 制造业中长期贷款余额, 德州 in round 14): a broader indicator, not this one.
/// A qualifier is no pair every indicator uses (不良率 is 不良贷款率 shortened) and is not written
/// elsewhere in the text (中长期制造业贷款余额 is the same indicator reordered).
fn broader_name(lead: &str, keys: &[String], spec: &LedgerSpec) -> bool {
    let Some(own) = keys.first() else {
        return false;
    };
    let chars: Vec<char> = own.chars().collect();
    // (… or from its front before 制造业: 制造业贷款余额 for 新能源装备制造业贷款余额, 白城 in round 40;
    // 中长期贷款余额 is written for 制造业中长期贷款余额 in its paragraph.)
    (0..chars.len()).any(|i| {
        (i + 1..chars.len()).any(|j| {
            let broader: String = chars[..i].iter().chain(&chars[j..]).collect();
            let qualifier: String = chars[i..j].iter().collect();
            han_count(&broader) >= 4
                && (i > 0 || broader.starts_with("制造业"))
                && lead.ends_with(&broader)
                && !lead.contains(&qualifier)
                && chars[i..j].windows(2).any(|w| {
                    let pair: String = w.iter().collect();
                    !spec.generic_pairs.contains(&pair)
                })
        })
    })
}

/// Whether a percentage's clause sets a policy's terms (“按LPR的30%给予贴息”): `parameters`.
fn policy_rate(clause: &str, unit: &str, spec: &LedgerSpec) -> bool {
    matches!(unit, "%" | "％") && contains_any(clause, &spec.parameters)
}

/// Whether a report block is prose that may state an achievement: no table row (tables are read
/// by `from_report_tables`), not under 下一步工作打算 (aims, not achievements).
fn prose_of_results(b: &crate::document::model::Block, spec: &LedgerSpec) -> bool {
    b.table.is_none()
        && !crate::document::sentences::is_text_row(&b.text)
        && !b
            .section
            .iter()
            .any(|h| contains_any(h, &spec.report_future))
}

/// A sentence of a report block (width-folded) quoted as written, with its block and section.
/// The title of a heading run in before its text (one ending in ：, or in 。 after a short
/// title), its label taken off, as the name the text's first figures are of; None for a heading of
/// its own.
fn run_in_title(heading: &crate::document::model::Block) -> Option<String> {
    if heading.kind != BlockKind::Heading {
        return None;
    }
    let title = clean(strip_label(&heading.text));
    let name = title.strip_suffix(['：', ':', '。'])?;
    (han_count(name) >= 2 && name.chars().count() <= 16 && !name.contains(['，', '。']))
        .then(|| format!("{name}："))
}

fn sentence_evidence(
    report: &Document,
    b: &crate::document::model::Block,
    sentence: &str,
) -> Evidence {
    Evidence {
        document: report.path.clone(),
        section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
        block: b.index,
        quote: verbatim(&b.text, sentence.trim_end_matches(['。', '；', ';'])),
    }
}

/// The last resort when no key names the indicator: a clause whose words before a figure of the
/// target's kind share most of the target name's character pairs (“累计投放技术改造贴息贷款6.3亿元” for
/// 工业企业技术改造贴息贷款: 技术, 改造, 贴息 …; an abbreviation like 险资 for 保险资金 shares too
/// little). Pairs of words every indicator uses (余额, 规模, 全市, 累计 …) do not count. Dice ≥ `similar_names`, the best clause,
/// its year as for any figure; aims and others' figures are skipped.
pub(super) fn similar(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    others: &Others,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let pairs = |text: &str| -> Vec<String> {
        let han: Vec<char> = text
            .chars()
            .filter(|c| crate::document::text::is_han(*c))
            .collect();
        let mut out: Vec<String> = han
            .windows(2)
            .map(|w| w.iter().collect::<String>())
            .filter(|p| !spec.generic_pairs.iter().any(|g| g == p))
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let name = pairs(keys.first()?);
    // A short name (订单贷余额) shares too few pairs to be told from its neighbours (仓单贷余额).
    // Nor a share: 绿色贷款余额占各项贷款余额比重 shares most pairs with 制造业中长期贷款占各项贷款比重.
    // Nor a part's (两地制造业贷款余额合计): its name is shared with the whole city's figure.
    if name.len() < 4
        || target.growth
        || keys.iter().any(|k| k.contains('占'))
        || keys.first().is_some_and(|k| names_a_part(k, spec))
    {
        return None;
    }
    // The name's head, its last two characters before its measure (在保 of 政府性融资担保机构在保
    // 余额), must be written: 实缴资本 of the same agency is another thing (六安 in round 15).
    // Only for a name ending in a measure: a verb's object may be written otherwise.
    let own = keys.first()?;
    let head: String = spec
        .bare_names
        .iter()
        .find_map(|b| own.strip_suffix(b.as_str()))
        .map(|core| {
            let chars: Vec<char> = core.chars().collect();
            chars[chars.len().saturating_sub(2)..].iter().collect()
        })
        .unwrap_or_default();
    let mut best: Option<(f64, Achieved)> = None;
    for b in report.blocks.iter().filter(|b| prose_of_results(b, spec)) {
        let text = clean(&b.text);
        for original in text.split_inclusive(['。', '！', '？', '；', ';']) {
            let sentence = mask_nouns(original, spec);
            if others.city && of_a_part(&sentence, keys, others.name.as_deref(), spec) {
                continue;
            }
            for q in quantities(&sentence, spec) {
                if comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_none() {
                    continue;
                }
                // A count of other things (1,280项 of requests for 3,000家 firms) is not it.
                let count = |u: &str| u.trim_start_matches('万').to_owned();
                if matches!(kind(&q.unit, spec), Some(Kind::Count(_)))
                    && count(&q.unit) != count(&target.unit)
                {
                    continue;
                }
                let from = start_of_clause(&sentence, q.start);
                let lead = &sentence[from..q.start];
                let level_words = rises_to_level(lead, spec);
                if others.city
                    && (part_before_key(lead, keys, spec) || one_chain_before_key(lead, keys))
                    || other_measure_between(lead, keys, spec)
                    || flow_for_stock(lead, keys)
                    || broader_name(lead, keys, spec)
                    || !lead.contains(&head)
                    || over_period(target, spec) && one_years_flow(&sentence[..q.start], spec)
                    || one_year_target(target) && contains_any(lead, &spec.period_sums)
                    || policy_rate(&sentence[from..clause_end(&sentence, q.end)], &q.unit, spec)
                {
                    continue;
                }
                // An increment (新增入库上市后备企业23家) is no level, nor a level an increment
                // (增加至 is a level's verb).
                if contains_any(&level_words, &spec.increments) != keys_are_increments(keys, spec)
                    || contains_any(lead, &spec.report_future)
                    || others.in_text(lead)
                    || contains_any(&level_words, &spec.growth)
                    || contains_any(&level_words, &spec.not_level)
                    || restates_or_starts(lead, spec)
                    || restated_after(&sentence[q.end..], spec)
                {
                    continue;
                }
                let here = pairs(lead);
                let shared = name.iter().filter(|p| here.contains(p)).count();
                let dice = 2.0 * shared as f64 / (name.len() + here.len()).max(1) as f64;
                if dice < spec.similar_names || best.as_ref().is_some_and(|(d, _)| *d >= dice) {
                    continue;
                }
                let found = Achieved {
                    value: q.value,
                    unit: q.unit.clone(),
                    year: year_before(&sentence, q.start),
                    source: Source::Report,
                    evidence: sentence_evidence(report, b, original),
                };
                let dated = dated_or_undated(found.clone(), target, period_end);
                if let Some(found) = dated {
                    best = Some((dice, found));
                }
            }
        }
    }
    best.map(|(_, a)| a)
}

/// A coverage target in % (产业链重点企业融资对接覆盖率达到100%) that the report answers in words
/// (“链上重点企业融资对接实现全覆盖”, 黄山 in round 31): 100%, when a clause names what is covered
/// — one of `keys` without its 覆盖率 — before one of `[ledger] full_coverage` and says no other
/// figure and nothing ahead (下一步……实现全覆盖). The year is the clause's own, else the period's end.
pub(super) fn full_coverage(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let stems: Vec<&str> = keys
        .iter()
        .filter_map(|k| k.strip_suffix("覆盖率"))
        .filter(|s| han_count(s) >= 4)
        .collect();
    if stems.is_empty() || target.growth || target.unit != "%" {
        return None;
    }
    said_in_words(
        report,
        &spec.full_coverage,
        100.0,
        target,
        period_end,
        spec,
        |s, at, _| {
            let lead = &s[start_of_clause(s, at)..at];
            quantities(lead, spec).is_empty()
                && !contains_any(lead, &spec.report_future)
                && stems.iter().any(|k| !key_ends(lead, k, spec).is_empty())
        },
    )
}

/// An increment target (新增A股上市公司1家) the report answers with none added (“试点期内未新增A股
/// 上市公司”, 阳泉 in round 32): 0 in the target's unit, when one of `[ledger] none_added` is
/// followed in its clause by the name without its 新增 and the clause says no figure and nothing
/// ahead. The year is the clause's own, else the period's end.
pub(super) fn none_added(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if target.growth || !keys_are_increments(keys, spec) {
        return None;
    }
    let cores: Vec<String> = keys
        .iter()
        .map(|k| without_increments(k, spec))
        .filter(|c| han_count(c) >= 3)
        .collect();
    said_in_words(
        report,
        &spec.none_added,
        0.0,
        target,
        period_end,
        spec,
        |s, at, word| {
            let (from, to) = (start_of_clause(s, at), clause_end(s, at));
            quantities(&s[from..to], spec).is_empty()
                && !contains_any(&s[from..to], &spec.report_future)
                && cores
                    .iter()
                    .any(|c| s[at + word.len()..to].contains(c.as_str()))
        },
    )
}

/// An increment the report gives as two levels (“新三板挂牌企业由3家增至8家”, 巴中 in round 42):
/// the second less the first, for a target of 新增, when the name without its 新增 stands before
/// 由/从 in the clause and a verb of rising to a level (增至, 增加到, 达到 …) joins two figures of the
/// target's kind.
pub(super) fn increment_from_levels(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    static LEVELS: OnceLock<Regex> = OnceLock::new();
    let re = LEVELS.get_or_init(|| {
        Regex::new(r"(?:由|从)([^，,。；;由从]{1,16}?)(?:增至|增加至|增加到|增长至|增长到|提高到|提高至|提升至|提升到|上升至|上升到|达到|扩大到|扩大至)([^，,。；;]{1,16})")
            .expect("levels")
    });
    if target.growth || !keys_are_increments(keys, spec) {
        return None;
    }
    let stocks: Vec<String> = keys
        .iter()
        .map(|k| without_increments(k, spec))
        .filter(|k| han_count(k) >= 3)
        .collect();
    for (b, original, sentence) in sentences_of_results(report, spec) {
        let original = original.as_str();
        for c in re.captures_iter(&sentence) {
            let (Some(whole), Some(from), Some(to)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let lead = &sentence[start_of_clause(&sentence, whole.start())..whole.start()];
            if !stocks.iter().any(|k| lead.ends_with(k.as_str()))
                || contains_any(lead, &spec.report_future)
            {
                continue;
            }
            let first = |t: &str| quantities(t, spec).into_iter().next();
            let (Some(a), Some(z)) = (first(from.as_str()), first(to.as_str())) else {
                continue;
            };
            let (Some((a, _)), Some((z, t))) = (
                comparable((a.value, &a.unit), (target.value, &target.unit), spec),
                comparable((z.value, &z.unit), (target.value, &target.unit), spec),
            ) else {
                continue;
            };
            if t <= 0.0 || z < a {
                continue;
            }
            let found = Achieved {
                value: ((z - a) / t * target.value * 100.0).round() / 100.0,
                unit: target.unit.clone(),
                year: year_before(&sentence, whole.start()),
                source: Source::Report,
                evidence: sentence_evidence(report, b, original),
            };
            if let Some(found) = dated_or_undated(found, target, period_end) {
                return Some(found);
            }
        }
    }
    None
}

/// Firms listed or quoted (上市挂牌企业, 吴忠 in round 35, 巴彦淖尔 in round 37) reported as the two
/// kinds apart in one sentence (“新增境内上市公司1家、新三板挂牌企业2家”): the sum of the first figure
/// of each kind, for a target whose name holds 上市挂牌; an increment only where the sentence says
/// 新增 before the items. Reserve lists (上市后备企业) and aims are no figures of either kind.
pub(super) fn listed_and_quoted(
    report: &Document,
    name: &str,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if !name.contains("上市挂牌") || target.growth {
        return None;
    }
    let increment = contains_any(name, &spec.increments);
    for (b, original, sentence) in sentences_of_results(report, spec) {
        let original = original.as_str();
        if contains_any(&sentence, &spec.report_future) {
            continue;
        }
        let (mut listed, mut quoted) = (None, None);
        let mut first_at = None;
        for q in quantities(&sentence, spec) {
            if comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_none() {
                continue;
            }
            let item_start = sentence[..q.start]
                .char_indices()
                .rfind(|(_, c)| matches!(c, '、' | '，' | ','))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let item = &sentence[item_start..q.start];
            if item.contains("后备") || !(item.ends_with("企业") || item.ends_with("公司")) {
                continue;
            }
            let slot = if item.contains("挂牌") {
                &mut quoted
            } else if item.contains("上市") {
                &mut listed
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(q.value);
                first_at.get_or_insert(q.start);
            }
        }
        let (Some(a), Some(c), Some(at)) = (listed, quoted, first_at) else {
            continue;
        };
        if increment && !contains_any(&sentence[..at], &spec.increments) {
            continue;
        }
        let found = Achieved {
            value: a + c,
            unit: target.unit.clone(),
            year: year_before(&sentence, at),
            source: Source::Report,
            evidence: sentence_evidence(report, b, original),
        };
        if let Some(found) = dated_or_undated(found, target, period_end) {
            return Some(found);
        }
    }
    None
}

/// A count of firms the report answers with a first (“首发上市实现零的突破”: 1) or its denial
/// (“上市公司尚未实现零的突破”: 0, 铜仁 in round 39), when the clause before the word of
/// `[ledger] breakthrough` names a key or what the key's firms did (上市 of 上市公司) and no figure.
pub(super) fn first_achieved(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if target.growth || target.unit != "家" {
        return None;
    }
    let names: Vec<&str> = keys
        .iter()
        .map(|k| thing_and_act(k).map_or(k.as_str(), |(_, act)| act))
        .map(|k| k.trim_start_matches("新增"))
        .filter(|k| han_count(k) >= 2)
        .collect();
    let names = &names;
    let answer = |denied: bool| {
        move |s: &str, at: usize, _: &str| {
            let lead = &s[start_of_clause(s, at)..at];
            quantities(lead, spec).is_empty()
                && !contains_any(lead, &spec.report_future)
                && contains_any(lead, &spec.not_yet) == denied
                && names.iter().any(|k| lead.contains(k))
        }
    };
    said_in_words(
        report,
        &spec.breakthrough,
        0.0,
        target,
        period_end,
        spec,
        answer(true),
    )
    .or_else(|| {
        said_in_words(
            report,
            &spec.breakthrough,
            1.0,
            target,
            period_end,
            spec,
            answer(false),
        )
    })
}

/// A figure the report gives in words (全覆盖, 未新增): `value` in the target's unit, quoted from
/// the first sentence of results where one of `words` stands and `names` accepts it (the masked
/// sentence, the word's byte offset, the word); the year is the sentence's own before the word,
/// else the period's end.
fn said_in_words(
    report: &Document,
    words: &[String],
    value: f64,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
    names: impl Fn(&str, usize, &str) -> bool,
) -> Option<Achieved> {
    for (b, original, sentence) in sentences_of_results(report, spec) {
        let original = original.as_str();
        for word in words {
            for (at, _) in sentence.match_indices(word.as_str()) {
                if !names(&sentence, at, word) {
                    continue;
                }
                let found = Achieved {
                    value,
                    unit: target.unit.clone(),
                    year: year_before(&sentence, at),
                    source: Source::Report,
                    evidence: sentence_evidence(report, b, original),
                };
                if let Some(found) = dated_or_undated(found, target, period_end) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// The words between a name and its figure with the verbs of a level taken out (提升至, 提高到:
/// the figure after them is the new level, not the change).
pub(super) fn rises_to_level(between: &str, spec: &LedgerSpec) -> String {
    let mut out = between.to_owned();
    for w in spec
        .at_least
        .iter()
        .chain(&spec.at_most)
        .filter(|w| w.ends_with('至') || w.ends_with('到'))
    {
        out = out.replace(w.as_str(), "");
    }
    out
}

/// The figures listed after a figure with 、 in the same unit (“7家、创业板5家、科创板3家”): their sum.
/// A label naming a thing of its own (“、新三板挂牌企业7家” after 上市企业, 衡水 in round 27) ends the
/// list, unless it holds the head of one of `keys` (“、深交所上市企业2家”).
pub(super) fn listed_after(rest: &str, unit: &str, keys: &[String], spec: &LedgerSpec) -> f64 {
    let mut sum = 0.0;
    let mut rest = rest;
    while let Some(item) = rest.strip_prefix('、') {
        let end = clause_end(item, 0).min(item.find('、').unwrap_or(item.len()));
        let part = item[..end].trim_end_matches(['。', '；', ';', '！']);
        let Some(q) = quantities(part, spec).into_iter().next() else {
            break;
        };
        let label = &part[..q.start];
        let heads = || {
            keys.iter().any(|k| {
                let core = without_increments(k, spec);
                let head: String = core.chars().take(2).collect();
                han_count(&head) == 2 && label.contains(&head)
            })
        };
        let own_thing = THINGS.iter().any(|t| label.ends_with(t)) && !heads();
        if q.unit != unit || q.end != part.len() || han_count(label) > 8 || own_thing {
            break;
        }
        sum += q.value;
        rest = &item[end..];
    }
    sum
}

/// Nouns that end the name of a thing counted (企业, 公司 …), not of a kind of it (创业板, 北交所).
const THINGS: [&str; 5] = ["企业", "公司", "机构", "项目", "户"];

/// A count given 分别 by kinds (“分别为主板3家、创业板2家、科创板1家、北交所1家”, 淮安 in round 16):
/// their sum, when every figure is a count in the target's unit labelled by a kind, not a year.
fn kinds_respectively(list: &str, target: &PlanTarget, spec: &LedgerSpec) -> Option<f64> {
    if !matches!(kind(&target.unit, spec), Some(Kind::Count(_))) {
        return None;
    }
    let q = quantities(list, spec).into_iter().next()?;
    let label = list[..q.start]
        .trim_start_matches("分别")
        .trim_start_matches(['为', '是']);
    if q.unit != target.unit
        || han_count(label) == 0
        || han_count(label) > 8
        || year_re().is_match(label)
    {
        return None;
    }
    let rest = listed_after(&list[q.end..], &q.unit, &[], spec);
    (rest > 0.0).then_some(q.value + rest)
}

/// Figures given year by year in one clause (“2021年、2022年、2023年……分别为35.2亿元、42.6亿元、
/// 47.9亿元”): the target year's, or for a target over the period the mean (年均) or the sum (累计)
/// of the period's years, all of which must be there. The figures follow the key; the years stand
/// in the same sentence before them.
pub(super) fn yearly_list(
    sentence: &str,
    end: usize,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    let (years, figures) = match given_respectively(sentence, end, target, period_end, spec) {
        Some(list) => list,
        None => {
            let (mut years, mut figures) = year_by_year(&sentence[end..], target, spec)?;
            // “2021年全市直接融资58.3亿元，2022年67.9亿元，2023年80.2亿元” (北海 in round 22):
            // the first year stands before the name, its figure right after it.
            let lead = own_years(&sentence[start_of_clause(sentence, end)..end]).last();
            let first = quantities(&sentence[end..], spec).into_iter().next();
            if let (Some(y), Some(q)) = (lead, first) {
                let gap = &sentence[end..end + q.start];
                if years.first().is_some_and(|f| y < *f)
                    && han_count(gap) <= 2
                    && !gap.contains(['，', ',', '；'])
                    && comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_some()
                {
                    years.insert(0, y);
                    figures.insert(0, q);
                }
            }
            (years, figures)
        }
    };
    let unit = figures[0].unit.clone();
    let in_base = |q: &Quantity| {
        comparable((q.value, &q.unit), (1.0, &unit), spec).map_or(q.value, |(v, one)| v / one)
    };
    let said = clean(&target.evidence.quote);
    // An increment with no year of its own (新增境内外上市公司4家) is over the period too.
    let increment_of_period = contains_any(&said, &spec.increments)
        && !year_re().is_match(&said)
        && !contains_any(&said, &["当年", "每年", "年度", "本年"].map(String::from));
    let whole_period = target.year == Some(period_end)
        && (said.contains("年均") || over_period(target, spec) || increment_of_period);
    if whole_period {
        let first = period_end.checked_sub(2)?;
        let values: Vec<f64> = (first..=period_end)
            .map(|y| {
                years
                    .iter()
                    .position(|x| *x == y)
                    .map(|i| in_base(&figures[i]))
            })
            .collect::<Option<_>>()?;
        let total: f64 = values.iter().sum();
        let value = if said.contains("年均") {
            total / values.len() as f64
        } else {
            total
        };
        return Some(((value * 100.0).round() / 100.0, unit));
    }
    let i = years.iter().position(|y| Some(*y) == target.year)?;
    Some((figures[i].value, figures[i].unit.clone()))
}

/// Years and figures given 分别: 分别 after the name, or before it in the same clause
/// (“2021年、2022年、2023年分别办理知识产权质押融资18.2亿元、……”); the figures follow the name, the
/// years (a range spelled out) stand before 分别; as many of each.
/// Three figures 分别 after “三年来”/“三年间” with no years written are the period's three years
/// (“三年来，全市企业分别通过股票、债券等渠道实现直接融资92.4亿元、108.7亿元和121.5亿元”, 肇庆 in
/// round 22).
fn given_respectively(
    sentence: &str,
    end: usize,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<(Vec<u16>, Vec<Quantity>)> {
    let at = match sentence[end..].find("分别") {
        Some(i) => i + end,
        None => {
            let clause = start_of_clause(sentence, end);
            sentence[clause..end].find("分别").map(|_| end)?
        }
    };
    let years = listed_years(&sentence[..at]);
    // The figures of the list, not those of a clause after it (“……1家、2家、2家，境内外上市公司
    // 总数达到14家”).
    let list_end = quantities(&sentence[at..], spec)
        .first()
        .map_or(sentence.len(), |q| clause_end(sentence, at + q.end));
    let figures: Vec<Quantity> = quantities(&sentence[at..list_end], spec)
        .into_iter()
        .filter(|q| comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_some())
        .collect();
    let years = if years.is_empty() && figures.len() == 3 && sentence[..at].contains("三年") {
        (period_end.saturating_sub(2)..=period_end).collect()
    } else {
        years
    };
    (years.len() >= 2 && figures.len() == years.len()).then_some((years, figures))
}

/// Years and figures written pair by pair after the name (“知识产权质押融资2020年2.6亿元、2021年3.4
/// 亿元、2022年4.5亿元”; “2021年园区贷余额130亿元，2022年150亿元，2023年85亿元”): each year followed
/// within a few characters by a figure of the target's kind, at least two, years rising.
fn year_by_year(
    text: &str,
    target: &PlanTarget,
    spec: &LedgerSpec,
) -> Option<(Vec<u16>, Vec<Quantity>)> {
    let mut years = Vec::new();
    let mut figures = Vec::new();
    for c in year_re().captures_iter(text) {
        let (Some(m), Ok(y)) = (c.get(0), c[1].parse::<u16>()) else {
            continue;
        };
        let after = &text[m.end()..];
        // (The measure may be said again: “2021年登记质押融资3.2亿元，2022年5.1亿元”, 辽阳 in
        // round 32.)
        let near: String = after.chars().take(10).collect();
        let Some(q) = quantities(&near, spec).into_iter().next() else {
            continue;
        };
        if han_count(&near[..q.start]) > 6
            || near[..q.start].contains(['，', ',', '；', ';'])
            || comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_none()
            || years.last().is_some_and(|l| *l >= y)
        {
            continue;
        }
        years.push(y);
        figures.push(q);
    }
    (years.len() >= 2).then_some((years, figures))
}

/// The achievement when its year is the target's; one without a year is the report's own time, the
/// period's end, kept in `fallback` (the first such) unless a figure of the target year follows;
/// another year's figure is no achievement of this target.
fn by_year(
    found: Achieved,
    target: &PlanTarget,
    period_end: u16,
    fallback: &mut Option<Achieved>,
) -> Option<Achieved> {
    match (found.year, target.year) {
        (Some(y), Some(t)) if y == t => Some(found),
        (None, t) if t == Some(period_end) => {
            fallback.get_or_insert(found);
            None
        }
        _ => None,
    }
}

/// `by_year` for a reader that takes the first answer: the achievement of the target's year, else
/// one with no year when the target is for the period's end.
fn dated_or_undated(found: Achieved, target: &PlanTarget, period_end: u16) -> Option<Achieved> {
    let mut undated = None;
    by_year(found, target, period_end, &mut undated).or(undated)
}

/// The sentences of the report's prose of results (`prose_of_results`), in order: (the block, the
/// sentence as written — width-folded —, the sentence with titles of documents blanked byte for
/// byte by `mask_nouns`).
fn sentences_of_results<'a>(
    report: &'a Document,
    spec: &'a LedgerSpec,
) -> impl Iterator<Item = (&'a crate::document::model::Block, String, String)> + 'a {
    (report.blocks.iter())
        .filter(move |b| prose_of_results(b, spec))
        .flat_map(move |b| {
            let text = clean(&b.text);
            text.split_inclusive(['。', '！', '？', '；', ';'])
                .map(|o| (b, o.to_owned(), mask_nouns(o, spec)))
                .collect::<Vec<_>>()
        })
}

/// Whether the words of a figure's own clause before it make it no achievement: it restates the
/// target (“目标700亿元”), it is where a change started (“由2020年末的600亿元……”), or it is a figure
/// fallen short of (“接近100亿元”).
fn restates_or_starts(own: &str, spec: &LedgerSpec) -> bool {
    contains_any(own, &spec.report_targets)
        || from_level().is_match(own)
        || spec.short_of.iter().any(|w| own.ends_with(w.as_str()))
}

/// Whether the words after a figure make it the target restated (“未达到3万户的预期目标”; not
/// “512.3亿元（目标值：500亿元）”, which states both).
fn restated_after(after: &str, spec: &LedgerSpec) -> bool {
    let Some(rest) = after.trim_start_matches(['以', '上']).strip_prefix('的') else {
        return false;
    };
    let head: String = rest.chars().take(4).collect();
    contains_any(&head, &spec.report_targets)
}

/// “每1元财政资金带动社会资本4.6元”: a leverage of 4.6倍, when a key names its verb (带动, 撬动).
fn per_yuan(sentence: &str, keys: &[String], spec: &LedgerSpec) -> Option<f64> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"每(?:投入)?1元([^,，。；;]{0,12}?)([\p{Han}]{2})([^,，。；;\d]{0,12}?)(\d+(?:\.\d+)?)元")
            .expect("per yuan")
    });
    re.captures_iter(sentence).find_map(|c| {
        let verb = &c[2];
        (spec.ratio_words.iter().any(|w| w == verb) && keys.iter().any(|k| k.contains(verb)))
            .then(|| c[4].parse().ok())
            .flatten()
    })
}

/// “由2020年的8.6亿元增加到2023年的15.2亿元”: a growth rate (%) from two levels after a key —
/// compound per year over the years between (年均), else the whole rise. Years not written are
/// the three-year period's: the year before it began and its end.
fn rate_from_levels(
    after_key: &str,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<f64> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"^[^,，。；;]{0,8}?由(?:(20\d{2})年(?:末|底)?的?)?(\d[\d,]*(?:\.\d+)?)([^\d,，。；;]{1,3}?)(?:增加|增长|提高|提升|扩大|上升|增)(?:到|至)(?:(20\d{2})年(?:末|底)?的?)?(\d[\d,]*(?:\.\d+)?)")
            .expect("levels")
    });
    let c = re.captures(after_key)?;
    let number = |i: usize| c[i].replace(',', "").parse::<f64>().ok();
    let (from, to) = (number(2)?, number(5)?);
    let year = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let (y1, y2) = (
        year(1).unwrap_or(period_end.saturating_sub(3)),
        year(4).unwrap_or(period_end),
    );
    if from <= 0.0 || y2 <= y1 || unit_at(&c[3], spec).is_none() {
        return None;
    }
    let said = clean(&target.evidence.quote);
    let rate = if said.contains("年均") {
        yearly_rate(from, to, f64::from(y2 - y1))?
    } else {
        (to / from - 1.0) * 100.0
    };
    Some((rate * 10.0).round() / 10.0)
}

/// “由2020年末的”, “从”: the figure after it is where a change started.
fn from_level() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // “由2020年末的”, “由试点初期的”, “从试点前的”.
    R.get_or_init(|| {
        Regex::new(r"(?:由|从)(?:20\d{2}年(?:末|底)?|\p{Han}{1,6})?的?$").expect("from")
    })
}

/// A count written before the indicator's name (“全市32家银行机构接入“粤信融”平台”, “117余家企业…”):
/// the quantity ending right before an exact key (以上/余/多 between them allowed), of the target's
/// kind, in the same clause; its year is the year before it. Evidence is left for the caller.
pub(super) fn figure_before(
    sentence: &str,
    keys: &[String],
    target: &PlanTarget,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if target.growth {
        return None;
    }
    // The figure closing the clause's text before `start`, of the target's kind; with `act`, the
    // rest of the clause after the name (`len` bytes) must say it.
    let counted = |start: usize, len: usize, act: Option<&str>| {
        let clause = start_of_clause(sentence, start);
        let before = sentence[clause..start]
            .trim_end_matches(['余', '多'])
            .trim_end_matches("以上");
        let q = quantities(before, spec).into_iter().last()?;
        let after = &sentence[start + len..clause_end(sentence, start)];
        (q.end == before.len()
            && comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_some()
            && !contains_any(&before[..q.start], &spec.report_future)
            && act.is_none_or(|act| does_act(after, act)))
        .then(|| Achieved {
            value: q.value,
            year: year_before(sentence, clause + q.start),
            unit: q.unit,
            source: Source::Report,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
        })
    };
    let named = keys.iter().filter(|k| han_count(k) >= 4).find_map(|k| {
        (sentence.match_indices(k.as_str())).find_map(|(start, _)| counted(start, k.len(), None))
    });
    // “1家企业在北交所上市” for 上市企业 (安康 in round 38), “四家链主企业接入应收账款融资服务平台” for
    // 链主企业接入人民银行应收账款融资服务平台 (石嘴山), “612家企业在国家产融合作平台完成注册” for 国家产融
    // 合作平台注册企业 (round 37): the figure before the thing counted, what it did closing the clause.
    named.or_else(|| {
        keys.iter().find_map(|k| {
            let (thing, act) = thing_and_act(k)?;
            (sentence.match_indices(thing))
                .find_map(|(start, _)| counted(start, thing.len(), Some(act)))
        })
    })
}

/// A count's key as the thing counted and what it did: “上市企业” → (企业, 上市), “国家产融合作平台
/// 注册企业” → (企业, 国家产融合作平台注册), “链主企业接入人民银行应收账款融资服务平台” → (链主企业,
/// 接入人民银行应收账款融资服务平台). None when either is shorter than two characters.
pub(super) fn thing_and_act(key: &str) -> Option<(&str, &str)> {
    let (i, t) = ["企业", "公司", "机构"]
        .iter()
        .filter_map(|t| key.find(t).map(|i| (i, *t)))
        .min()?;
    let end = i + t.len();
    let (thing, act) = if end == key.len() {
        (t, &key[..i])
    } else {
        (&key[..end], &key[end..])
    };
    (han_count(act) >= 2).then_some((thing, act))
}

/// Whether the rest of a clause after the thing counted says it did `act` and closes there: the act
/// itself, or for an act of four characters or more its first two and last two in order (“在国家产融合作平台
/// 完成注册” for 国家产融合作平台注册), at most twelve characters before it and nothing of another
/// act after it (“进入上市辅导期” is no listing); nothing negated or still to come (未, 拟, 正在).
pub(super) fn does_act(after: &str, act: &str) -> bool {
    let chars: Vec<char> = act.chars().collect();
    let (head, tail): (String, String) = if chars.len() <= 3 {
        (act.to_owned(), String::new())
    } else {
        (
            chars[..2].iter().collect(),
            chars[chars.len() - 2..].iter().collect(),
        )
    };
    let Some(h) = after.find(&head) else {
        return false;
    };
    let end = if tail.is_empty() {
        h + head.len()
    } else {
        match after[h + head.len()..].find(&tail) {
            Some(t) => h + head.len() + t + tail.len(),
            None => return false,
        }
    };
    let between = &after[..h];
    between.chars().count() <= 12
        && !["未", "拟", "正在", "准备", "申报", "辅导", "后备"]
            .iter()
            .any(|w| between.contains(w))
        && after[end..]
            .chars()
            .all(|c| !crate::document::text::is_han(c) || "了成功".contains(c))
}

/// Where a share key (X占Y比重) ends in a sentence opening with its share after the sentence
/// naming its subject (“……全市制造业贷款余额2,712.4亿元……；占各项贷款比重由2020年末的17.1%提升至
/// 17.8%”).
pub(super) fn share_in_next(sentence: &str, previous: &str, key: &str) -> Option<usize> {
    let (subject, share) = key.split_once('占')?;
    if han_count(subject) < 2 || han_count(share) < 2 || !previous.contains(subject) {
        return None;
    }
    let share = format!("占{share}");
    sentence.starts_with(&share).then_some(share.len())
}

/// A rise in points stated as two levels (“由2020年末的28.6%提高至32.9%”): the difference, for
/// a target in 个百分点 whose key the sentence names before the levels. A fall (下降至) gives the
/// size of the fall.
pub(super) fn two_levels(
    sentence: &str,
    previous: &str,
    keys: &[String],
    spec: &LedgerSpec,
) -> Option<Achieved> {
    static LEVELS: OnceLock<Regex> = OnceLock::new();
    let re = LEVELS.get_or_init(|| {
        Regex::new(r"由[^，,。；]*?(\d+(?:\.\d+)?)%[^，,。；\d]*?(提高|提升|上升|增加|增长|下降|降低|回落|降|升)(?:至|到)[^，,。；\d]*?(?:20\d{2}年[末底]?的?)?(\d+(?:\.\d+)?)%")
            .expect("two levels")
    });
    let end = keys.iter().find_map(|k| {
        key_end(sentence, k, spec).or_else(|| share_in_next(sentence, previous, k))
    })?;
    let c = re.captures(&sentence[end..])?;
    if start_of_clause(&sentence[end..], c.get(0)?.start()) > 0
        && han_count(&sentence[end..end + c.get(0)?.start()]) > 12
    {
        return None;
    }
    let (a, b): (f64, f64) = (c[1].parse().ok()?, c[3].parse().ok()?);
    let fall = matches!(&c[2], "下降" | "降低" | "回落" | "降");
    let value = ((if fall { a - b } else { b - a }) * 100.0).round() / 100.0;
    let at = end + c.get(3)?.end();

    Some(Achieved {
        value,
        unit: "个百分点".into(),
        year: year_before(sentence, at),
        source: Source::Report,
        evidence: Evidence {
            document: String::new(),
            section: None,
            block: 0,
            quote: String::new(),
        },
    })
}

/// An achievement in a report's table: a row whose name holds a key, its figure in a column of
/// achievements (完成值, 实际完成, 2023年实际) or of the target year that is no target column.
pub(super) fn from_report_tables(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    for rows in crate::document::sentences::tables(report) {
        let Some(header) = rows.first() else { continue };
        let h: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
        // “| 目标 | 目标值 | 完成值 | 完成情况 |” (潮州 in round 24): with no column headed as names,
        // the first (not empty) names the rows when a later one holds what was achieved.
        let Some(name_col) = name_column(&h, spec).or_else(|| {
            let first = h.iter().position(|c| !c.trim().is_empty())?;
            h.iter()
                .skip(first + 1)
                .any(|c| contains_any(c, &spec.table_achieved_columns))
                .then_some(first)
        }) else {
            continue;
        };
        let unit_col = h
            .iter()
            .position(|c| contains_any(c, &spec.table_unit_columns));
        let year_col = |c: &String| {
            target.year.is_some_and(|y| c.contains(&format!("{y}年")))
                && !contains_any(c, &spec.table_target_columns)
        };
        let Some(col) = h
            .iter()
            .position(|c| {
                contains_any(c, &spec.table_achieved_columns)
                    && !contains_any(c, &spec.table_target_columns)
            })
            .or_else(|| h.iter().position(year_col))
        else {
            continue;
        };
        // “表1 试点主要目标完成情况（2022年）” or a heading “（二）2022年目标完成情况”: the table's
        // figures are that year's, no other target's.
        let table_year = report
            .blocks
            .get(header.block.saturating_sub(1))
            .filter(|b| b.table.is_none() && !crate::document::sentences::is_text_row(&b.text))
            .and_then(|b| own_year(&clean(&b.text), (2000, 2099)))
            .or_else(|| {
                report.blocks.get(header.block).and_then(|b| {
                    b.section
                        .iter()
                        .rev()
                        .find_map(|h| own_year(&clean(h), (2000, 2099)))
                })
            });
        // “2023年完成”: a column of another year is not this target's. A table naming no year is
        // the report's own time, the period's end.
        let table_year = own_year(&h[col], (2000, 2099))
            .or(table_year)
            .unwrap_or(period_end);
        let increment = keys_are_increments(keys, spec);
        for row in rows.iter().skip(1) {
            let cell = |i: usize| row.cells.get(i).map(|c| clean(c)).unwrap_or_default();
            // “制造业中长期贷款占制造业贷款比重（%）”: the unit in the name; “2021年制造业贷款余额”:
            // the row's own year, before the table's.
            let (name, name_unit) = split_name_note(&cell(name_col), spec);
            let row_year = own_year(&name, (2000, 2099));
            if Some(row_year.unwrap_or(table_year)) != target.year {
                continue;
            }
            let name = name_before(&name, spec);
            // “绿色贷款年均增速” is the growth of 绿色贷款余额.
            let name = if target.growth {
                spec.growth
                    .iter()
                    .find_map(|w| name.strip_suffix(w.as_str()))
                    .map(|n| n.trim_end_matches("年均").to_owned())
                    .unwrap_or(name)
            } else {
                name
            };
            // The row names the key, or is a shortened form of it (知识产权质押融资 for
            // 知识产权质押融资笔数) — never its tail (各项贷款余额 is not 制造业各项贷款余额); an
            // increment's row says so (新三板挂牌企业 is the stock, not 新增新三板挂牌企业).
            if !keys.iter().any(|k| {
                key_end(&name, k, spec).is_some()
                    || (han_count(&name) >= 4 && k.starts_with(name.as_str()))
            }) || increment && !contains_any(&name, &spec.increments)
            {
                continue;
            }
            let figure = cell(col);
            // “1:4.3”: a leverage of 4.3倍.
            let ratio = ratio_re()
                .captures(&figure)
                .and_then(|c| c[1].parse::<f64>().ok());
            let Some((value, len)) = ratio
                .map(|r| (r, figure.len()))
                .or_else(|| leading_number(&figure))
            else {
                continue;
            };
            let unit = if ratio.is_some() {
                "倍".to_owned()
            } else {
                unit_at(&figure[len..], spec)
                    .map(str::to_owned)
                    .or_else(|| unit_col.map(&cell))
                    .or(name_unit)
                    .unwrap_or_default()
            };
            if comparable((value, &unit), (target.value, &target.unit), spec).is_none() {
                continue;
            }
            return Some(Achieved {
                value,
                unit,
                year: target.year,
                source: Source::Report,
                evidence: row_evidence(report, row.block, &name),
            });
        }
    }
    None
}
