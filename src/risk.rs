//! Reading the risk record: for each kind of event (environment, safety, financial), is there a
//! statement that none happened in the last three years at or above the excluding level, or is an
//! event disclosed, and at what level? Phrases, ladders and periods come from the profile.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::rules_spec::{RiskKind, RiskSpec};
use crate::text::fold_width;

/// Whether a clause states the record period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// The last three years (近三年, 2021年以来, 2021—2023年 ...).
    Covering,
    /// Some other period (2023年, 2022年以来).
    Other,
    Unstated,
}

/// What one mention of a risk event says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reading", rename_all = "snake_case")]
pub enum Reading {
    /// A statement that no such event happened; `valid` when it covers the period, the city and the
    /// excluding levels.
    Absence {
        valid: bool,
        why_not: Option<String>,
    },
    /// A plan or resolve ("力争不发生"), which is no record.
    Plan,
    /// An event that happened: its level on the ladder (0 = most severe) when stated, and its year.
    Event {
        level: Option<usize>,
        level_text: Option<String>,
        year: Option<u32>,
        above: Option<bool>,
    },
}

/// A mention of one kind in one clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub subject: String,
    pub reading: Reading,
}

/// Splits a block's text into clauses at sentence ends and semicolons, keeping the original text.
pub fn clauses(text: &str) -> Vec<&str> {
    text.split_inclusive(['。', '！', '？', '；', ';', '!', '?', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn period_regexes() -> &'static (Regex, Regex, Regex) {
    static R: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        let since =
            Regex::new(r"(20\d{2})\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:以来|至今)").expect("pattern");
        let range = Regex::new(
            r"(20\d{2})\s*年?\s*(?:\d{1,2}\s*月)?\s*起?\s*[—–\-~～至到]+\s*(20\d{2})\s*年",
        )
        .expect("pattern");
        let year = Regex::new(r"(20\d{2})\s*年").expect("pattern");
        (since, range, year)
    })
}

/// The period a clause names, if any.
pub fn period_of(spec: &RiskSpec, folded: &str) -> PeriodState {
    let (since, range, year) = period_regexes();
    if spec
        .period_words
        .iter()
        .any(|w| folded.contains(w.as_str()))
    {
        return PeriodState::Covering;
    }
    let mut other = false;
    for c in since.captures_iter(folded) {
        let s: u32 = c[1].parse().unwrap_or(0);
        if s <= spec.period_from {
            return PeriodState::Covering;
        }
        other = true;
    }
    for c in range.captures_iter(folded) {
        let (s, e): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        if s <= spec.period_from && e >= spec.period_to {
            return PeriodState::Covering;
        }
        other = true;
    }
    if other || year.is_match(folded) {
        PeriodState::Other
    } else {
        PeriodState::Unstated
    }
}

/// Longest match of any of `words` starting at char index `i` of `chars`.
fn match_at(chars: &[char], i: usize, words: &[String]) -> Option<usize> {
    let rest = chars.get(i..).unwrap_or(&[]);
    // Compared char by char, without collecting: this runs at every position of every clause.
    words
        .iter()
        .filter_map(|w| {
            let mut n = 0;
            for c in w.chars() {
                if rest.get(n) != Some(&c) {
                    return None;
                }
                n += 1;
            }
            (n > 0).then_some(n)
        })
        .max()
}

/// Every (start, len) occurrence of `words`, longest first at each position, not overlapping.
fn find_all(chars: &[char], words: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match match_at(chars, i, words) {
            Some(n) => {
                out.push((i, n));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The ladder levels named in `chars` with whether "及以上" follows each: (level, and_above).
fn levels_in(kind: &RiskKind, spec: &RiskSpec, chars: &[char]) -> Vec<(usize, bool, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let best = kind
            .levels
            .iter()
            .enumerate()
            .filter_map(|(l, spellings)| match_at(chars, i, spellings).map(|n| (l, n)))
            .max_by_key(|(_, n)| *n);
        match best {
            Some((l, n)) => {
                let above = match_at(chars, i + n, &spec.and_above).is_some();
                out.push((l, above, chars[i..i + n].iter().collect()));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Reads one clause. `inherited` is the period named earlier in the same paragraph.
pub fn read_clause(spec: &RiskSpec, clause: &str, inherited: PeriodState) -> Vec<Mention> {
    let folded = fold_width(clause);
    let chars: Vec<char> = folded.chars().collect();
    let period = match period_of(spec, &folded) {
        PeriodState::Unstated => inherited,
        p => p,
    };
    let negations = find_all(&chars, &spec.negations);
    let occurrences: Vec<(usize, usize)> = find_all(&chars, &spec.occurrences)
        .into_iter()
        .filter(|(s, _)| !negations.iter().any(|(ns, nl)| *s >= *ns && *s < ns + nl))
        .collect();
    // Every mention of every kind, in order: a list ("未发生A、B和C") shares one verb, and each
    // mention's level words lie between the previous mention and itself.
    let mut mentions: Vec<(usize, usize, &RiskKind)> = spec
        .kind
        .iter()
        .flat_map(|k| {
            find_all(&chars, &k.terms)
                .into_iter()
                .map(move |(s, l)| (s, l, k))
        })
        .collect();
    mentions.sort_by_key(|m| m.0);
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (start, len, kind) in mentions {
        let verb = negations
            .iter()
            .map(|v| (*v, true))
            .chain(occurrences.iter().map(|v| (*v, false)))
            .filter(|((s, l), _)| s + l <= start)
            .max_by_key(|((s, l), neg)| (s + l, *l, *neg));
        // The stretch right before the verb (or the mention), back to the last punctuation mark.
        let anchor = verb.map_or(start, |((s, _), _)| s);
        let window_start = chars[..anchor]
            .iter()
            .rposition(|c| matches!(c, '，' | ',' | '、' | '：' | ':' | '。' | '；'))
            .map_or(0, |p| p + 1);
        let window: String = chars[window_start..anchor.max(window_start)]
            .iter()
            .collect();
        let verb_text: String = verb
            .map(|((s, l), _)| chars[s..s + l].iter().collect())
            .unwrap_or_default();
        let with_verb = format!("{window}{verb_text}");
        let is_plan = spec
            .plans
            .iter()
            .any(|p| !p.is_empty() && with_verb.contains(p.as_str()));
        let reading = match verb {
            _ if is_plan => Reading::Plan,
            Some(((vs, vl), true)) => {
                let from = previous_end.max(vs + vl).min(start);
                let levels = levels_in(kind, spec, &chars[from..start]);
                let covers = levels.is_empty()
                    || (0..=kind.threshold).all(|t| {
                        levels
                            .iter()
                            .any(|(l, above, _)| *l == t || (*above && *l >= t))
                    });
                let prefix: String = chars[..start].iter().collect();
                let other_region = spec
                    .other_regions
                    .iter()
                    .any(|r| prefix.contains(r.as_str()))
                    && !spec.own_region.iter().any(|r| prefix.contains(r.as_str()));
                let why_not = if other_region {
                    Some("说的是其他地区而非本市".to_string())
                } else if period == PeriodState::Other {
                    Some("所述期间不是近三年（2021年以来）".to_string())
                } else if period == PeriodState::Unstated {
                    Some("未说明期间（近三年）".to_string())
                } else if !covers {
                    let named: Vec<String> = levels.iter().map(|x| x.2.clone()).collect();
                    Some(format!(
                        "所述等级（{}）未覆盖{}及以上",
                        named.join("、"),
                        kind.levels[kind.threshold][0]
                    ))
                } else {
                    None
                };
                Reading::Absence {
                    valid: why_not.is_none(),
                    why_not,
                }
            }
            Some(((vs, _), false)) => {
                // The level between the verb and the mention ("发生1起较大…事故"), else in the next
                // comma-separated stretch ("…事件，经评估为Ⅱ级").
                let end = start + len;
                let next_end = chars[end..]
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| matches!(c, '，' | ','))
                    .nth(1)
                    .map_or(chars.len(), |(i, _)| end + i);
                let mut levels = levels_in(kind, spec, &chars[vs..end]);
                if levels.is_empty() {
                    levels = levels_in(kind, spec, &chars[end..next_end]);
                }
                let most = levels.iter().min_by_key(|x| x.0);
                let (_, _, year_re) = period_regexes();
                let year = year_re.captures(&folded).and_then(|c| c[1].parse().ok());
                Reading::Event {
                    level: most.map(|x| x.0),
                    level_text: most.map(|x| x.2.clone()),
                    year,
                    above: most.map(|x| x.0 <= kind.threshold),
                }
            }
            None => {
                previous_end = start + len;
                continue;
            }
        };
        previous_end = start + len;
        out.push(Mention {
            subject: kind.subject.clone(),
            reading,
        });
    }
    out
}

/// Reads a paragraph clause by clause, carrying the period named earlier in it. Returns each clause
/// with its mentions.
pub fn read_paragraph<'t>(spec: &RiskSpec, text: &'t str) -> Vec<(&'t str, Vec<Mention>)> {
    let mut period = PeriodState::Unstated;
    let mut out = Vec::new();
    for c in clauses(text) {
        let here = period_of(spec, &fold_width(c));
        let mentions = read_clause(spec, c, period);
        if here != PeriodState::Unstated {
            period = here;
        }
        if !mentions.is_empty() {
            out.push((c, mentions));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    /// Compact outcome of a sentence: (subject, ok | no:<why> | plan | event:above|below|unknown).
    fn outcome(text: &str) -> Vec<(String, String)> {
        let profile = Profile::embedded();
        read_paragraph(&profile.rules.risk, text)
            .into_iter()
            .flat_map(|(_, ms)| ms)
            .map(|m| {
                let o = match m.reading {
                    Reading::Absence { valid: true, .. } => "ok".to_string(),
                    Reading::Absence {
                        why_not: Some(w), ..
                    } if w.contains("地区") => "no:region".into(),
                    Reading::Absence {
                        why_not: Some(w), ..
                    } if w.contains("不是近三年") => "no:period".into(),
                    Reading::Absence {
                        why_not: Some(w), ..
                    } if w.contains("未说明期间") => "no:unstated".into(),
                    Reading::Absence { .. } => "no:level".into(),
                    Reading::Plan => "plan".into(),
                    Reading::Event {
                        above: Some(true), ..
                    } => "event:above".into(),
                    Reading::Event {
                        above: Some(false), ..
                    } => "event:below".into(),
                    Reading::Event { above: None, .. } => "event:unknown".into(),
                };
                (m.subject, o)
            })
            .collect()
    }

    const E: &str = "environment";
    const S: &str = "safety";
    const F: &str = "financial";

    #[test]
    fn sentences() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            // Combined statements.
            ("近三年来，我市未发生Ⅱ级及以上突发环境污染事件、重大及特别重大生产安全事故和重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("2021年以来，我市未发生Ⅱ级及以上突发环境事件，未发生重大及以上生产安全事故，未发生重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("经核查，近3年我市均未发生II级及以上突发环境污染事件、重大及特别重大生产安全事故以及重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("2021—2023年，全市没有发生二级及以上突发环境事件、重大及以上安全生产事故、重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("2021年至2023年，我市未发生较大及以上突发环境事件、较大及以上生产安全事故，也未发生重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("近３年我市未发生Ⅱ级及以上突发环境污染事件、重大及特别重大生产安全事故、重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("自2021年1月以来，本市未发生突发环境事件、重大及以上生产安全事故和重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            ("2021年至今，全市未出现Ⅱ级以上突发环境事件、重大以上生产安全事故和重大金融风险事件。", &[(E, "ok"), (S, "ok"), (F, "ok")]),
            // Single statements.
            ("近三年全市未发生较大及以上突发环境事件。", &[(E, "ok")]),
            ("2021—2023年，我市没有发生二级及以上突发环境污染事件。", &[(E, "ok")]),
            ("近3年无重大及特别重大生产安全事故发生。", &[(S, "ok")]),
            ("2021年以来全市未发生重大及以上生产安全事故。", &[(S, "ok")]),
            ("近三年辖区内不存在重大金融风险事件。", &[(F, "ok")]),
            ("2021年以来我市未发生重大金融风险事件，金融生态环境良好。", &[(F, "ok")]),
            ("三年来，我市未发生Ⅰ级、Ⅱ级突发环境事件。", &[(E, "ok")]),
            ("近三年，全市未发生一般及以上突发环境事件。", &[(E, "ok")]),
            ("近三年全市未发生生产安全事故。", &[(S, "ok")]),
            ("近三年来我市未发生任何金融风险事件。", &[(F, "ok")]),
            ("2021年以来，全市未发生III级及以上突发环境事件。", &[(E, "ok")]),
            ("近三年，全市安全生产形势稳定，未发生重大、特别重大生产安全事故。", &[(S, "ok")]),
            // Wrong level: the statement leaves the threshold open.
            ("近三年我市未发生特别重大突发环境事件。", &[(E, "no:level")]),
            ("近三年我市未发生Ⅰ级突发环境事件。", &[(E, "no:level")]),
            ("近三年未发生特别重大生产安全事故。", &[(S, "no:level")]),
            ("2021年以来，全市未发生较大金融风险事件。", &[(F, "no:level")]),
            ("近三年全市未发生一般突发环境事件。", &[(E, "no:level")]),
            // Wrong or missing period.
            ("2023年，我市未发生重大金融风险事件。", &[(F, "no:period")]),
            ("2022年以来，全市未发生重大及以上生产安全事故。", &[(S, "no:period")]),
            ("2022—2023年，全市未发生Ⅱ级及以上突发环境事件。", &[(E, "no:period")]),
            ("我市未发生重大金融风险事件。", &[(F, "no:unstated")]),
            ("全市未发生Ⅱ级及以上突发环境事件，生态环境质量持续改善。", &[(E, "no:unstated")]),
            // Another region.
            ("近三年全省未发生重大金融风险事件。", &[(F, "no:region")]),
            ("2021年以来，全国未发生Ⅱ级及以上突发环境事件。", &[(E, "no:region")]),
            ("近三年，我省未发生重大及特别重大生产安全事故。", &[(S, "no:region")]),
            // Plans and resolve, not records.
            ("试点期间力争不发生较大及以上突发环境事件。", &[(E, "plan")]),
            ("试点期间要坚决遏制重大生产安全事故发生。", &[(S, "plan")]),
            ("守住不发生系统性区域性金融风险的底线，力争不发生重大金融风险事件。", &[(F, "plan")]),
            ("确保全年不发生重大金融风险事件。", &[(F, "plan")]),
            ("严防重大及特别重大生产安全事故。", &[(S, "plan")]),
            ("杜绝Ⅱ级及以上突发环境事件。", &[(E, "plan")]),
            ("努力避免发生重大金融风险事件。", &[(F, "plan")]),
            ("加强风险预防，防范重大金融风险事件发生。", &[(F, "plan")]),
            // Disclosed events, above and below the threshold.
            ("2022年8月，我市发生1起突发环境事件，经评估为Ⅱ级（重大），已按规定妥善处置。", &[(E, "event:above")]),
            ("2021年，辖区内一家农村商业银行发生重大金融风险事件，已完成风险处置。", &[(F, "event:above")]),
            ("2023年，全市发生1起重大生产安全事故，造成3人死亡。", &[(S, "event:above")]),
            ("2022年，我市发生1起特别重大生产安全事故。", &[(S, "event:above")]),
            ("2022年3月发生一起Ⅰ级突发环境事件。", &[(E, "event:above")]),
            ("2022年全市发生1起较大生产安全事故，已依法调查处理。", &[(S, "event:below")]),
            ("2022年，我市发生1起Ⅲ级（较大）突发环境事件，已妥善处置，未造成重大影响。", &[(E, "event:below")]),
            ("2023年发生一般突发环境事件2起。", &[(E, "event:below")]),
            ("2021年出现1起较大金融风险事件，已妥善化解。", &[(F, "event:below")]),
            ("2022年我市发生一起突发环境事件，正在调查。", &[(E, "event:unknown")]),
            // A disclosure and a statement in one paragraph.
            ("2022年全市发生1起较大生产安全事故，已依法调查处理；近3年未发生重大及特别重大生产安全事故。", &[(S, "event:below"), (S, "ok")]),
            ("2022年发生一起Ⅳ级突发环境事件；近三年未发生Ⅱ级及以上突发环境事件。", &[(E, "event:below"), (E, "ok")]),
            // The period named in an earlier sentence of the paragraph.
            ("近三年来，我市安全生产形势总体稳定。全市未发生重大及特别重大生产安全事故。", &[(S, "ok")]),
            ("2021年以来，我市经济运行平稳。未发生重大金融风险事件，也未发生Ⅱ级及以上突发环境事件。", &[(F, "ok"), (E, "ok")]),
            // Talk about risks that is neither a record nor an event.
            ("我市将持续加强金融风险防控。", &[]),
            ("建立生产安全事故隐患排查治理体系。", &[]),
            ("重大金融风险事件应急预案已修订完善。", &[]),
            ("守住不发生系统性区域性金融风险的底线。", &[]),
            ("突发环境事件应急处置能力明显提升。", &[]),
            ("全市安全生产形势总体稳定，金融生态环境持续优化。", &[]),
        ];
        assert!(cases.len() >= 60, "{} cases", cases.len());
        let mut wrong = Vec::new();
        for (text, want) in cases {
            let got = outcome(text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            if got != want {
                wrong.push(format!("{text}\n    got {got:?}\n    want {want:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} wrong:\n{}",
            wrong.len(),
            cases.len(),
            wrong.join("\n")
        );
    }
}
