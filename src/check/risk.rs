//! Reading the risk record: for each kind of event (environment, safety, financial), is there a
//! statement that none happened in the last three years at or above the excluding level, or is an
//! event disclosed, and at what level? Phrases, ladders and periods come from the profile.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::check::words::{any_in, find_all};
use crate::document::model::Document;
use crate::document::text::fold_width;
use crate::profile::rules_spec::{RiskKind, RiskSpec};

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
            Regex::new(r"(20\d{2})\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?\s*(?:以来|至今)")
                .expect("pattern");
        let range = Regex::new(
            r"(20\d{2})\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?\s*起?\s*[—–\-~～至到]+\s*(20\d{2})\s*年",
        )
        .expect("pattern");
        let year = Regex::new(r"(20\d{2})\s*年").expect("pattern");
        (since, range, year)
    })
}

/// The period a clause names, if any.
pub fn period_of(spec: &RiskSpec, folded: &str) -> PeriodState {
    let (since, range, year) = period_regexes();
    // "近三年（2020—2022年）": the years written out say which three.
    let spelled = range.captures_iter(folded).any(|c| {
        let (s, e): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        !(s <= spec.period_from && e >= spec.period_to)
    });
    if !spelled
        && spec
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
fn match_at<S: AsRef<str>>(chars: &[char], i: usize, words: &[S]) -> Option<usize> {
    let rest = chars.get(i..).unwrap_or(&[]);
    // Compared char by char, without collecting: this runs at every position of every clause.
    words
        .iter()
        .filter_map(|w| {
            let mut n = 0;
            for c in w.as_ref().chars() {
                if rest.get(n) != Some(&c) {
                    return None;
                }
                n += 1;
            }
            (n > 0).then_some(n)
        })
        .max()
}

/// The ladder levels named in `chars` with whether "及以上" follows each: (level, and_above, text).
/// A bracketed gloss between them is skipped ("Ⅱ级（重大）及以上"); spellings the profile lists as
/// implying "and above" carry it themselves (重特大; 重大 for financial events, the notice's wording).
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
                let mut after = i + n;
                if matches!(chars.get(after), Some('（' | '(')) {
                    if let Some(close) = chars[after..].iter().position(|c| matches!(c, '）' | ')'))
                    {
                        after += close + 1;
                    }
                }
                let text: String = chars[i..i + n].iter().collect();
                let implied = kind.implies_above.contains(&text);
                let above = implied || match_at(chars, after, &spec.and_above).is_some();
                out.push((l, above, text));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Reads one clause. `inherited` is the period named earlier in the same paragraph.
pub fn read_clause(spec: &RiskSpec, clause: &str, inherited: PeriodState) -> Vec<Mention> {
    read_clause_of(spec, clause, inherited, None)
}

/// Reads one clause of the city `own` (when known, another city named as the subject makes a
/// statement of absence invalid: text copied from another city's plan says nothing of this one).
pub fn read_clause_of(
    spec: &RiskSpec,
    clause: &str,
    inherited: PeriodState,
    own: Option<&str>,
) -> Vec<Mention> {
    // Spaces out (a PDF's "Ⅱ 级", "近3 年"), long quotations blanked.
    let folded: String = fold_width(clause)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Mentions are of a kind's terms or event words: a clause naming none (most clauses) has none,
    // whatever else it says.
    let named = spec
        .kind
        .iter()
        .any(|k| any_in(&k.terms, &folded) || any_in(&k.event_terms, &folded));
    if !named {
        return Vec::new();
    }
    let mut folded = crate::document::reported::blank_quotes(&folded, 6);
    // "启动突发环境事件Ⅱ级应急响应": a response's level is not the event's.
    folded = response_re()
        .replace_all(&folded, |c: &regex::Captures| {
            "□".repeat(c[0].chars().count())
        })
        .into_owned();
    // "是否发生……" asks; a table's answer says (see `table_statements`).
    for q in spec.questions.iter().filter(|q| !q.is_empty()) {
        folded = folded.replace(q.as_str(), &"□".repeat(q.chars().count()));
    }
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
    // Words that name only events ("发生模板支架坍塌事故"): read when an occurrence verb precedes.
    let event_only: Vec<(usize, usize, &RiskKind)> = spec
        .kind
        .iter()
        .flat_map(|k| {
            find_all(&chars, &k.event_terms)
                .into_iter()
                .map(move |(s, l)| (s, l, k))
        })
        .filter(|(s, _, _)| !mentions.iter().any(|(m, l, _)| s >= m && *s < m + l))
        .collect();
    // "共发生较大生产安全事故2起，无重大及以上事故": a bare 事故/事件 after a level word in a negated
    // stretch refers to the kind last named.
    let explicit = mentions.clone();
    for (at, noun) in find_all(&chars, &spec.generic_nouns) {
        let inside = explicit.iter().any(|(s, l, _)| at >= *s && at < s + l);
        let after_level = spec.kind.iter().any(|k| {
            let from = at.saturating_sub(8);
            !levels_in(k, spec, &chars[from..at]).is_empty()
        });
        let negated = negations
            .iter()
            .any(|(s, l)| s + l <= at && at - (s + l) <= 10);
        if inside || !after_level || !negated {
            continue;
        }
        let noun_text: String = chars[at..at + noun].iter().collect();
        if let Some((_, _, k)) = explicit
            .iter()
            .rev()
            .find(|(s, _, k)| *s < at && k.terms.iter().any(|t| t.ends_with(noun_text.as_str())))
        {
            mentions.push((at, noun, k));
        }
    }
    let event_starts: Vec<usize> = event_only.iter().map(|m| m.0).collect();
    mentions.extend(event_only);
    mentions.sort_by_key(|m| m.0);
    let separator = |c: char| matches!(c, '，' | ',' | '；' | ';' | '：' | ':' | '。');
    let level_at = |i: usize| {
        spec.kind
            .iter()
            .any(|k| k.levels.iter().any(|l| match_at(&chars, i, l).is_some()))
    };
    // Where the stretch holding position `at` begins: after the last separator before it, reaching
    // back over commas that only continue a list ("未发生A，重大及特别重大B" — the stretch opens with a
    // level word; "，安全生产事故实现零死亡" has a predicate of its own).
    let stretch_start = |at: usize| {
        let mut start = chars[..at]
            .iter()
            .rposition(|c| separator(*c))
            .map_or(0, |p| p + 1);
        while start > 0 && matches!(chars[start - 1], '，' | ',') && level_at(start) {
            start = chars[..start - 1]
                .iter()
                .rposition(|c| separator(*c))
                .map_or(0, |p| p + 1);
        }
        start
    };
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (start, len, kind) in mentions {
        let from = stretch_start(start);
        let stretch_end = chars[start..]
            .iter()
            .position(|c| separator(*c))
            .map_or(chars.len(), |p| start + p);
        let verb = negations
            .iter()
            .map(|v| (*v, true))
            .chain(occurrences.iter().map(|v| (*v, false)))
            .filter(|((s, l), _)| s + l <= start && *s >= from)
            .max_by_key(|((s, l), neg)| (s + l, *l, *neg))
            // "……重大金融风险事件均为零发生": the negation after the list.
            .or_else(|| {
                negations
                    .iter()
                    .find(|(s, _)| *s >= start + len && *s < stretch_end)
                    .map(|_| ((from.max(previous_end), 0), true))
            });
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
        let only_events = event_starts.contains(&start);
        // "生产安全事故均为一般事故": every event of the kind had this level.
        let all_at = spec.all_of_level.iter().find_map(|w| {
            let n = match_at(&chars, start + len, std::slice::from_ref(w))?;
            levels_in(kind, spec, &chars[start + len + n..stretch_end])
                .into_iter()
                .min_by_key(|x| x.0)
        });
        let verb = match (verb, &all_at) {
            (None, Some(_)) => Some(((start + len, 0), false)),
            (v, _) => v,
        };
        let reading = match verb {
            _ if only_events && !matches!(verb, Some((_, false))) => {
                previous_end = start + len;
                continue;
            }
            _ if is_plan => Reading::Plan,
            Some(((vs, vl), true)) => {
                let lfrom = previous_end.max(vs + vl).min(start);
                let levels = levels_in(kind, spec, &chars[lfrom..start]);
                let covers = levels.is_empty()
                    || (0..=kind.threshold).all(|t| {
                        levels
                            .iter()
                            .any(|(l, above, _)| *l == t || (*above && *l >= t))
                    });
                // The subject: the stretch before the verb.
                let subject: String = chars[from.min(vs)..vs].iter().collect();
                let prefix: String = chars[..start].iter().collect();
                let other_region = spec
                    .other_regions
                    .iter()
                    .any(|r| prefix.contains(r.as_str()))
                    && !spec.own_region.iter().any(|r| prefix.contains(r.as_str()));
                // The place named last before the verb, unless 我市/全市… follows it.
                let before_verb: String = chars[..vs].iter().collect();
                let other_city = own.is_some_and(|own| {
                    before_verb
                        .rsplit(['，', ','])
                        .find_map(|chunk| {
                            if spec.own_region.iter().any(|r| chunk.contains(r.as_str())) {
                                Some(false)
                            } else {
                                crate::document::gazetteer::find_place(chunk).map(|p| {
                                    !own.contains(p.city.as_str()) && !p.city.contains(own)
                                })
                            }
                        })
                        .unwrap_or(false)
                });
                let narrow = spec
                    .narrow_scopes
                    .iter()
                    .find(|w| !w.is_empty() && subject.contains(w.as_str()));
                let why_not = if other_region || other_city {
                    Some("说的是其他地区而非本市".to_string())
                } else if let Some(w) = narrow {
                    Some(format!("只说了部分范围（“{w}”），不是全市"))
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
                // … but not into a statement of absence that follows ("，未发生Ⅱ级及以上……").
                let next_end = negations
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| *s > end)
                    .min()
                    .map_or(next_end, |s| s.min(next_end));
                let prefix: String = chars[..start].iter().collect();
                let elsewhere = spec
                    .other_regions
                    .iter()
                    .any(|r| prefix.contains(r.as_str()))
                    && !spec.own_region.iter().any(|r| prefix.contains(r.as_str()));
                if elsewhere {
                    // "2022年周边区县发生……较大突发环境事件": not the city's.
                    previous_end = start + len;
                    continue;
                }
                let mut levels = levels_in(kind, spec, &chars[vs.min(end)..end]);
                if levels.is_empty() {
                    levels = levels_in(kind, spec, &chars[end..next_end]);
                }
                if levels.is_empty() && kind.subject != "financial" {
                    if let Some(l) = level_by_toll(&folded) {
                        levels.push((l, false, format!("按伤亡损失推定为{}", kind.levels[l][0])));
                    }
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
    // "发生一起爆炸事故……经调查认定为重大生产安全责任事故": one event, its level stated once.
    let leveled: Vec<String> = out
        .iter()
        .filter(|m| matches!(m.reading, Reading::Event { level: Some(_), .. }))
        .map(|m| m.subject.clone())
        .collect();
    out.retain(|m| {
        !(matches!(m.reading, Reading::Event { level: None, .. }) && leveled.contains(&m.subject))
    });
    out
}

fn response_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:Ⅰ|Ⅱ|Ⅲ|Ⅳ|IV|III|II|I|一|二|三|四|1|2|3|4)级(?:应急)?响应").expect("response")
    })
}

/// The level (0 = 特别重大 … 3 = 一般) an event's toll puts it at, when its level is not written: the
/// bands of 《生产安全事故报告和调查处理条例》第三条 (deaths 30/10/3, serious injuries 100/50/10, direct
/// loss 1亿/5000万/1000万元), which 《国家突发环境事件应急预案》 uses for deaths too. `None` when the text
/// gives no toll.
fn level_by_toll(text: &str) -> Option<usize> {
    static RE: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (deaths, injuries, loss) = RE.get_or_init(|| {
        let r = |p: &str| Regex::new(p).expect("toll");
        (
            r(r"(\d+)人(?:死亡|遇难)|死亡(\d+)人"),
            r(r"(\d+)人(?:重伤|受伤)|(?:重伤|受伤)(\d+)人"),
            r(r"经济损失(?:约|达)?(\d+(?:\.\d+)?)(万元|亿元)"),
        )
    });
    let band = |v: f64, bands: [f64; 3]| bands.iter().position(|b| v >= *b).unwrap_or(3);
    let number = |c: &regex::Captures| {
        c.get(1)
            .or(c.get(2))
            .and_then(|m| m.as_str().parse::<f64>().ok())
    };
    let mut levels = Vec::new();
    if let Some(n) = deaths.captures(text).as_ref().and_then(number) {
        levels.push(band(n, [30.0, 10.0, 3.0]));
    }
    if let Some(n) = injuries.captures(text).as_ref().and_then(number) {
        levels.push(band(n, [100.0, 50.0, 10.0]));
    }
    if let Some(c) = loss.captures(text) {
        let v: f64 = c[1].parse().unwrap_or(0.0);
        let wan = if &c[2] == "亿元" { v * 10000.0 } else { v };
        levels.push(band(wan, [10000.0, 5000.0, 1000.0]));
    }
    levels.into_iter().min()
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

/// A mention found in a document: where, the original text quoted, and what it says.
pub struct Found<'d> {
    pub doc: &'d Document,
    pub block: usize,
    pub quote: String,
    pub mention: Mention,
}

/// Reads the risk record of documents of the city `own`: sentence by sentence across broken lines,
/// the period carried within a paragraph, from a lead-in line ending in "：" to the list under it,
/// and to a sentence saying 同期; and the two table forms — a 自查表 row "近三年是否发生…… | 否" and a row
/// of zero counts under year columns covering the record period.
pub fn read_documents<'d>(
    spec: &RiskSpec,
    docs: &[&'d Document],
    own: Option<&str>,
) -> Vec<Found<'d>> {
    let mut out = Vec::new();
    for doc in docs {
        let mut last_block = usize::MAX;
        let mut period = PeriodState::Unstated;
        let mut last = PeriodState::Unstated;
        let mut lead_in: Option<PeriodState> = None;
        for s in crate::document::sentences::sentences(&[*doc]) {
            // Tables are read by rows below: a cell's statement counts with its answer.
            let in_table = doc
                .blocks
                .get(s.block)
                .is_some_and(|b| b.kind == crate::document::model::BlockKind::TableCell)
                || s.raw.contains(" | ");
            if in_table {
                continue;
            }
            // A new paragraph: the period carried so far ends (a lead-in's runs on).
            if s.block != last_block {
                period = lead_in.unwrap_or(PeriodState::Unstated);
            }
            last_block = s.end_block;
            let here = period_of(spec, &s.text);
            let same = spec
                .same_period
                .iter()
                .any(|w| !w.is_empty() && s.text.contains(w.as_str()));
            let inherited = if same { last } else { period };
            for m in read_clause_of(spec, &s.text, inherited, own) {
                out.push(Found {
                    doc,
                    block: s.block,
                    quote: s.raw.clone(),
                    mention: m,
                });
            }
            if here != PeriodState::Unstated {
                period = here;
                last = here;
            }
            if s.text.ends_with(['：', ':']) && here != PeriodState::Unstated {
                lead_in = Some(here);
            } else if s.text.ends_with('。') {
                lead_in = None;
            }
        }
        for table in crate::document::sentences::tables(doc) {
            for (clause, row) in table_statements(spec, &table) {
                for m in read_clause_of(spec, &clause, PeriodState::Unstated, own) {
                    out.push(Found {
                        doc,
                        block: row.block,
                        quote: row.cells.join(" | "),
                        mention: m,
                    });
                }
            }
        }
    }
    out
}

/// Statements a table makes in its own form, rewritten as sentences: "近三年是否发生X | 否" →
/// "近三年未发生X"; a row "X（起） | 0 | 0 | 0" under year columns 2021…2023 → "2021—2023年未发生X".
fn table_statements<'t>(
    spec: &RiskSpec,
    rows: &'t [crate::document::sentences::Row],
) -> Vec<(String, &'t crate::document::sentences::Row)> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| Regex::new(r"^(20\d{2})年?$").expect("year"));
    let mut out = Vec::new();
    let header_years: Vec<Option<u32>> = rows.first().map_or(Vec::new(), |h| {
        h.cells
            .iter()
            .map(|c| {
                year.captures(&fold_width(c.trim()))
                    .and_then(|x| x[1].parse().ok())
            })
            .collect()
    });
    for row in rows {
        let cells: Vec<String> = row.cells.iter().map(|c| fold_width(c.trim())).collect();
        let no = |c: &String| matches!(c.as_str(), "否" | "无" | "未发生" | "没有" | "0" | "0起");
        // A 对照表 row "近三年未发生……事件 | 符合": the statement stands when the answer affirms it;
        // "待市委金融办出具意见", "不符合" or nothing leave it unsaid.
        let affirms = |c: &String| {
            !c.starts_with(['不', '未', '待'])
                && [
                    "符合",
                    "是",
                    "满足",
                    "已满足",
                    "√",
                    "✓",
                    "属实",
                    "具备",
                    "达到",
                ]
                .iter()
                .any(|a| c.starts_with(a))
        };
        let is_statement = |c: &String| {
            spec.kind.iter().any(|k| {
                k.terms
                    .iter()
                    .chain(&k.event_terms)
                    .any(|t| c.contains(t.as_str()))
            })
        };
        let answers: Vec<&String> = cells
            .iter()
            .filter(|c| !c.is_empty() && !is_statement(c))
            .collect();
        let withheld = !answers.iter().any(|a| affirms(a))
            && answers
                .iter()
                .any(|a| a.starts_with(['待', '不', '否', '未']));
        for c in &cells {
            let asks = c.contains("是否发生") || c.contains("是否出现") || c.contains("是否存在");
            if asks {
                if cells.iter().any(no) {
                    let stated = c
                        .replace("是否发生", "未发生")
                        .replace("是否出现", "未出现")
                        .replace("是否存在", "不存在");
                    out.push((stated, row));
                }
            } else if is_statement(c) && !withheld {
                out.push((c.clone(), row));
            }
        }
        let years: Vec<u32> = header_years
            .iter()
            .zip(&cells)
            .filter_map(|(y, c)| y.filter(|_| no(c)))
            .collect();
        let counted: Vec<u32> = header_years.iter().flatten().copied().collect();
        let all_zero = !counted.is_empty() && years.len() == counted.len();
        let covers = (spec.period_from..=spec.period_to).all(|y| years.contains(&y));
        if all_zero && covers {
            if let Some(name) = cells.first() {
                let name = name.split(['（', '(']).next().unwrap_or(name);
                out.push((
                    format!("{}—{}年未发生{name}", spec.period_from, spec.period_to),
                    row,
                ));
            }
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
            ("守住不发生系统性区域性金融风险的底线，力争不发生重大金融风险事件。", &[(F, "plan"), (F, "plan")]),
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
            // Independent passages, round 2: a toll gives the level, a response's level is not the
            // event's, another place's event is not the city's.
            (
                "2021年，我市某煤矿发生一起瓦斯爆炸事故，造成12人死亡。",
                &[(S, "event:above")],
            ),
            (
                "2023年4月，我市某建筑工地发生一起塔吊倒塌事故，造成3人死亡、2人受伤，直接经济损失约600万元。",
                &[(S, "event:below")],
            ),
            (
                "市政府启动突发环境事件Ⅱ级应急响应，经事后评估，事件等级为一般（Ⅳ级）突发环境事件。",
                &[(E, "event:below")],
            ),
            ("2022年周边区县发生较大突发环境事件后，我区开展隐患排查。", &[]),
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
            ("守住不发生系统性区域性金融风险的底线。", &[(F, "plan")]),
            // Every event of a kind given one level: a disclosure below the threshold.
            ("2021—2023年，全市生产安全事故均为一般事故，未发生重大及特别重大生产安全事故。", &[(S, "event:below"), (S, "ok")]),
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
