//! Reading a cover letter's continuation statement (延续试点). The notice: “如需延续试点，请在函件中明确，
//! 并附新的试点实施方案……如未明确申请延续试点或未及时报送评估材料，视同结束试点工作”. So the letter of an
//! evaluated city either asks to continue (申请延续试点, 继续开展试点, 恳请继续将我市纳入试点城市范围 …), says it
//! ends (不再申请延续, 暂不申请延续, 自愿退出试点, 结束试点工作 …), only sends a new plan (新一轮试点实施方案 —
//! read as an implied request), or says none of these. Words that only look alike are not statements: the
//! notice's rule quoted back (如需延续试点……, 视同结束……), a decision put off (研究是否延续, 另行行文), the past
//! (2020年经五部门同意延续试点), and continuing other work (继续推进/深化产融合作, 继续给予支持).
//!
//! Phrases come from the profile (`[continuation]` in rules.toml); the reading is clause by clause on the
//! letter's text with spaces removed, so a PDF's "申 请 延 续" and a line broken inside "申请延/续" read whole.

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::Document;
use crate::document::sentences::sentences;
use crate::profile::rules_spec::ContinuationSpec;

/// What a letter says about continuing the pilot, with the clause that says it.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// Asks or decides to continue.
    Continues(Evidence),
    /// Says the city will not continue.
    Ends(Evidence),
    /// No words to that effect, but the letter sends a new implementation plan.
    Implied(Evidence),
    /// None of these.
    Unstated,
}

/// Patterns built from the profile's words.
struct Patterns {
    /// 延续/继续 + (开展 …)? + (将我市 纳入 …)? + 国家产融合作 … + 试点.
    continues: Regex,
    /// 结束/退出 … 试点, or 试点(工作) 随/至 本次评估 结束.
    ends: Regex,
    /// A year written as 20xx年.
    year: Regex,
    /// A new plan's period: (2024—2026年).
    range: Regex,
}

fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    w.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    w.iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

fn patterns(spec: &ContinuationSpec) -> Patterns {
    let verbs = alternation(&spec.verbs);
    let aux = alternation(&spec.aux);
    let fillers = alternation(&spec.fillers);
    let end_verbs = alternation(&spec.end_verbs);
    let object = regex::escape(&spec.object);
    Patterns {
        continues: Regex::new(&format!(
            "(?:{verbs})(?:{aux})?(?:{fillers}){{0,6}}{object}|申请(?:{verbs})(?:[）)]|$)"
        ))
        .expect("continuation pattern"),
        ends: Regex::new(&format!(
            "(?:{end_verbs})(?:{fillers}){{0,6}}{object}|{object}(?:工作)?(?:随|至|于|在)本(?:次|轮)?(?:评估|试点期满)?(?:后|而)?(?:{end_verbs})"
        ))
        .expect("ending pattern"),
        year: Regex::new(r"(20\d{2})年").expect("year pattern"),
        range: Regex::new(r"(20\d{2})年?[—–\-~～至到]+(20\d{2})").expect("range pattern"),
    }
}

/// Reads the letters. `new_period_from` is the first year of the new implementation period (a year
/// before it names the past: "2020年经五部门同意延续试点").
pub fn read(letters: &[&Document], spec: &ContinuationSpec, new_period_from: u32) -> Statement {
    let p = patterns(spec);
    let mut continues = None;
    let mut implied = None;
    for clause in sentences(letters) {
        // A quotation of the notice is not the letter's own word.
        let text = crate::document::reported::blank_quotes(&clause.text, 0);
        let evidence = || Evidence::of_block(clause.doc, clause.block);
        let undecided = spec
            .undecided
            .iter()
            .any(|w| !w.is_empty() && text.contains(w.as_str()));
        if undecided {
            continue;
        }
        // A topic named first and decided after: 关于延续试点事宜，经请示市政府，我市决定本轮不予申请.
        let mut topic = false;
        // Each comma-separated stretch carries its own negation and time.
        for chunk in text.split(['，', ',']) {
            // 关于是否延续试点，经研究，我市决定不再申请: the question names the topic.
            if spec
                .questions
                .iter()
                .any(|w| !w.is_empty() && chunk.contains(w.as_str()))
            {
                topic |= p.continues.is_match(chunk);
                continue;
            }
            let past = |prefix: &str| {
                p.year
                    .captures_iter(prefix)
                    .any(|c| c[1].parse::<u32>().is_ok_and(|y| y < new_period_from))
                    || spec
                        .past
                        .iter()
                        .any(|w| !w.is_empty() && prefix.contains(w.as_str()))
            };
            let negated = |prefix: &str| {
                spec.negations
                    .iter()
                    .any(|w| !w.is_empty() && prefix.contains(w.as_str()))
                    || prefix.ends_with('不')
            };
            for m in p.ends.find_iter(chunk) {
                let prefix = &chunk[..m.start()];
                if !past(prefix) && !negated(prefix) {
                    return Statement::Ends(evidence());
                }
            }
            for m in p.continues.find_iter(chunk) {
                let prefix = &chunk[..m.start()];
                let suffix = &chunk[m.end()..];
                let generic = spec
                    .generic_after
                    .iter()
                    .any(|w| !w.is_empty() && suffix.starts_with(w.as_str()))
                    || prefix.ends_with("关于");
                let since = spec
                    .since
                    .iter()
                    .any(|w| !w.is_empty() && suffix.contains(w.as_str()));
                // 我市无延续试点需求 / 我市有延续试点意向: having or lacking the wish decides.
                let wish = spec.wishes.iter().any(|w| {
                    !w.is_empty() && suffix.trim_start_matches('的').starts_with(w.as_str())
                });
                if wish && !since && !past(prefix) {
                    let bare = prefix.trim_end_matches(['的', '将']);
                    if spec
                        .lacking
                        .iter()
                        .any(|w| !w.is_empty() && bare.ends_with(w.as_str()))
                    {
                        return Statement::Ends(evidence());
                    }
                    if spec
                        .having
                        .iter()
                        .any(|w| !w.is_empty() && bare.ends_with(w.as_str()))
                    {
                        continues.get_or_insert_with(evidence);
                        continue;
                    }
                }
                if generic && !since && !past(prefix) {
                    topic = true;
                }
                if generic || since || past(prefix) {
                    continue;
                }
                if negated(prefix) {
                    return Statement::Ends(evidence());
                }
                continues.get_or_insert_with(evidence);
            }
            if topic && !p.continues.is_match(chunk) {
                if let Some(at) = spec
                    .decisions
                    .iter()
                    .filter(|w| !w.is_empty())
                    .filter_map(|w| chunk.find(w.as_str()))
                    .min()
                {
                    if negated(&chunk[..at]) {
                        return Statement::Ends(evidence());
                    }
                    continues.get_or_insert_with(evidence);
                } else if negated(chunk) {
                    // 关于延续试点，我市决定放弃.
                    return Statement::Ends(evidence());
                }
            }
            // A new plan sent with the letter: 新一轮试点实施方案, 三年行动方案（2024—2026年）.
            let plan_at = spec
                .plans
                .iter()
                .filter(|w| !w.is_empty())
                .filter_map(|w| chunk.find(w.as_str()))
                .min();
            if let (None, Some(at)) = (&implied, plan_at) {
                let new = spec
                    .new_plan
                    .iter()
                    .any(|w| !w.is_empty() && chunk.contains(w.as_str()))
                    || p.range
                        .captures_iter(chunk)
                        .any(|c| c[1].parse::<u32>().is_ok_and(|y| y >= new_period_from));
                if new && !negated(&chunk[..at]) {
                    implied = Some(evidence());
                }
            }
        }
    }
    match (continues, implied) {
        (Some(e), _) => Statement::Continues(e),
        (None, Some(e)) => Statement::Implied(e),
        (None, None) => Statement::Unstated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::DocKind;
    use crate::document::structure::document_of;
    use crate::profile::Profile;

    fn letter(lines: &[&str]) -> Document {
        document_of("函.docx", DocKind::CoverLetter, lines)
    }

    fn read_one(lines: &[&str]) -> &'static str {
        let spec = Profile::embedded().rules.continuation;
        match read(&[&letter(lines)], &spec, 2024) {
            Statement::Continues(_) => "continues",
            Statement::Ends(_) => "ends",
            Statement::Implied(_) => "implied",
            Statement::Unstated => "unstated",
        }
    }

    #[test]
    fn the_notices_word_and_its_variants() {
        for (lines, want) in [
            (&["我市申请延续国家产融合作试点。"][..], "continues"),
            (&["关于报送评估材料并申请延续试点的函"], "continues"),
            (
                &["恳请继续将我市纳入国家产融合作试点城市范围。"],
                "continues",
            ),
            (
                &["我市申请延", "续国家产融合作试点，新的实施方案随函附送。"],
                "continues",
            ),
            (
                &["我 市 申 请 延 续 国 家 产 融 合 作 试 点 。"],
                "continues",
            ),
            (&["我市不再申请延续国家产融合作试点。"], "ends"),
            (&["我市暂不申请延续国家产融合作试点。"], "ends"),
            (
                &["关于延续试点事宜，经请示市政府，我市决定本轮不予申请。"],
                "ends",
            ),
            (&["关于延续试点有关事宜，经市政府研究，决定放弃。"], "ends"),
            (&["我市无延续试点需求，本次仅报送试点评估材料。"], "ends"),
            (&["我市有延续试点的意向，新的实施方案随后报送。"], "continues"),
            (&["无锡市申请延续国家产融合作试点。"], "continues"),
            (
                &["关于是否延续试点，经市政府研究，我市决定不再申请。"],
                "ends",
            ),
            (
                &["关于延续试点事宜，经市政府研究同意，现正式提出申请。"],
                "continues",
            ),
            (
                &["现随函报送新一轮《烟台市深化国家产融合作试点城市建设三年行动方案（2024—2026年）》。"],
                "implied",
            ),
            (&["我区自愿退出国家产融合作试点。"], "ends"),
            (&["我市不再继续作为国家产融合作试点城市。"], "ends"),
            (
                &["现将新一轮（2024—2026年）试点实施方案一并报送。"],
                "implied",
            ),
        ] {
            assert_eq!(read_one(lines), want, "{lines:?}");
        }
    }

    #[test]
    fn words_that_only_look_alike() {
        for lines in [
            &["如未明确申请延续试点或未及时报送评估材料，视同结束试点工作。"][..],
            &["根据通知“如需延续试点，请在函件中明确”的要求，现报送评估材料。"],
            &["我市拟在听取省厅评估意见后研究是否延续试点。"],
            &["关于是否延续试点，我市将视评估结果研究决定。"],
            &["延续试点有关事宜，由市政府另行行文报送。"],
            &["青岛市2020年经五部门同意延续试点。"],
            &["我市将继续推进试点成果转化，继续深化产融合作。"],
            &["恳请省厅继续给予我市产融合作工作指导和支持。"],
            &["通知明确“延续试点的城市不占推荐名额”。"],
            &["我市2021—2023年试点实施期已经结束。"],
            &["附件：烟台市人民政府办公室关于延续实施小微企业贷款风险补偿政策的通知"],
        ] {
            assert_eq!(read_one(lines), "unstated", "{lines:?}");
        }
    }
}
