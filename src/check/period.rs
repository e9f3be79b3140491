//! Reading a plan's own implementation period. The notice: the plan covers “3年的实施期”. Plans state
//! it in many ways — in the title （2024—2026年） / (2024-2026) / 三年行动计划 / 2024年度工作方案; in a sentence
//! naming the period (实施期为2024年至2026年, 试点期三年, 试点周期为三年（2024—2026年）, 有效期三年, 起止时间为
//! 2024.1—2026.12); in a forward-looking phrase (力争用三年左右时间, 通过三年的持续推进, 自2024年起，利用3年时间);
//! by a start and an end (从2024年开始……到2026年); or only by a schedule whose stages run back to back
//! (2024年1—3月 / 2024年4月—2026年6月 / 2026年7—12月). None of these is the plan's own period: a stage's
//! months, the record period (2021—2023年, 近三年, 三年来), a cited document's （2021—2025年）, a "到2025年"
//! milestone alone, a past round (经过三年试点).
//!
//! Strongest first: a sentence of the body that names the period, then the title, then a start and
//! an end in one paragraph, then the schedule. Words come from the profile (`[period]` in rules.toml).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::{BlockKind, Document};
use crate::document::text::{arabic_dates, chinese_number, fold_width};
use crate::profile::rules_spec::PeriodSpec;

/// Where a period was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A sentence of the body naming the period.
    Statement,
    /// The plan's title.
    Title,
    /// A start ("自2024年起") and an end ("到2026年") in one paragraph.
    StartEnd,
    /// Stages of the schedule that run back to back.
    Schedule,
}

impl Source {
    pub fn zh(self) -> &'static str {
        match self {
            Source::Statement => "正文写明的实施期",
            Source::Title => "方案标题",
            Source::StartEnd => "正文写明的起止年份",
            Source::Schedule => "实施步骤各阶段合计",
        }
    }
}

/// A plan's period: its length in years (rounded from months where months are given), the first
/// and last year when stated, and the text that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub years: u32,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub source: Source,
    pub evidence: Evidence,
}

impl Period {
    /// "2024—2026年，共3年" or "共3年".
    pub fn describe(&self) -> String {
        match (self.start, self.end) {
            (Some(a), Some(b)) => format!("{a}—{b}年，共{}年", self.years),
            _ => format!("共{}年", self.years),
        }
    }
}

/// What the reader found: the period it settled on, and a title that says otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub period: Option<Period>,
    /// The title's period when the body states a different one.
    pub title_disagrees: Option<Period>,
}

struct Patterns {
    /// 2024—2026年, 2024年至2026年, 2024年1月至2026年12月, 2024.1—2026.12, (2024-2026).
    range: Regex,
    /// 三年, 3年, 两个年度, 五周年: a length.
    length: Regex,
    /// 用/利用/通过/花 三年(左右)(的)(时间|持续推进|努力).
    forward: Regex,
    start: Regex,
    end: Regex,
    /// 2024年1—3月, 2024年4月—2026年6月: a stage with months.
    months: Regex,
    /// 9月1日至11月30日: months without a year.
    bare_months: Regex,
    /// A stage by year: "2024年：", "（一）2024年，", "……阶段（2026年）".
    year_stage: Regex,
    /// 2024年度, （2023年）: a one-year title.
    one_year: Regex,
    /// 2024年、2025年、2026年: years listed one by one.
    listed: Regex,
    /// 试点三年期间, 实施三年期内: a sentence naming the period with its length inside.
    named: Regex,
    /// 自印发之日起施行，至2025年12月31日止 / 有效期至2025年: a period running from the issue date.
    valid_until: Regex,
    /// A full date (2024年1月18日), as a plan is signed or issued.
    date: Regex,
    /// A single year in a title before the plan's name: 马鞍山市2024年国家产融合作试点工作方案.
    title_year: Regex,
}

const NUM: &str = "[一二两三四五六七八九十0-9]{1,2}";

fn patterns(spec: &PeriodSpec) -> Patterns {
    let forward = spec
        .forward
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    let r = |s: &str| Regex::new(s).expect("period pattern");
    Patterns {
        range: r(
            r"(20\d{2})(?:年|\.)?(?:(\d{1,2})月?(?:\d{1,2}日)?|上半年|下半年)?(?:份)?[—–\-~～至到]+(20\d{2})(?:年|\.)?(?:(\d{1,2})月?(?:\d{1,2}日)?|上半年|下半年|底|末)?",
        ),
        length: r(&format!(r"({NUM})(?:个)?(?:年度|周年|年)")),
        forward: r(&format!(
            r"(?:{forward})({NUM})年(?:左右|多)?(?:的|之)?(?:时间|持续推进|努力|推进|奋斗|建设)"
        )),
        start: r(r"(?:从|自|于)?(20\d{2})年(?:\d{1,2}月)?(?:起|开始)"),
        end: r(r"(?:到|至)(20\d{2})年(?:底|末|年底|年末)?"),
        months: r(r"(20\d{2})年(\d{1,2})月?[—–\-~～至到]+(?:(20\d{2})年)?(\d{1,2})月"),
        bare_months: r(r"(?:^|[^\d年])(\d{1,2})月(?:\d{1,2}日)?[—–\-~～至到]+(\d{1,2})月"),
        year_stage: r(
            r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d{1,2}[.、])?(20\d{2})年(?:度)?(?:[：:，,]|[^\d。，；]{0,12}阶段)|阶段[（(](20\d{2})年(?:度|全年)?[）)]",
        ),
        one_year: r(r"(20\d{2})年度|[（(](20\d{2})年?[）)]"),
        listed: r(r"20\d{2}年(?:度)?(?:[、，,和及与]20\d{2}年(?:度)?)+"),
        named: r(&format!(
            r"(?:试点|实施|方案)({NUM})年(?:期间|期内|周期|期限|期)"
        )),
        valid_until: r(
            r"(?:自|从)(?:印发|发布|公布)之日起(?:施行|实施|执行|生效)?[，,]?(?:有效期)?(?:至|到)(20\d{2})年(?:(\d{1,2})月)?|有效期(?:至|到)(20\d{2})年(?:(\d{1,2})月)?",
        ),
        date: r(r"(20\d{2})年(\d{1,2})月\d{1,2}日"),
        title_year: r(r"^[^\d《]*?(20\d{2})年(?:度)?[^\d]*(?:方案|计划|要点)$"),
    }
}

/// Text reduced for reading: width folded, spaces removed, quotations and cited titles blanked
/// (a cited 《……（2021—2025年）》 is another document's period).
fn clean(text: &str) -> String {
    let mut depth = 0usize;
    arabic_dates(&fold_width(text))
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '《' | '「' => {
                depth += 1;
                c
            }
            '”' | '》' | '」' => {
                depth = depth.saturating_sub(1);
                c
            }
            _ if depth > 0 => '□',
            _ => c,
        })
        .collect()
}

fn number(s: &str) -> Option<u32> {
    s.parse::<u32>()
        .ok()
        .or_else(|| chinese_number(&s.replace('两', "二")))
}

/// (start year, start month, end year, end month) of a range; months default to the whole year.
fn range_of(c: &regex::Captures) -> (u32, u32, u32, u32) {
    let y1: u32 = c[1].parse().unwrap_or(0);
    let y2: u32 = c[3].parse().unwrap_or(0);
    let whole = c.get(0).map_or("", |m| m.as_str());
    let m1 = c
        .get(2)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(if whole.contains("下半年") { 7 } else { 1 });
    let m2 = c
        .get(4)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(if whole.ends_with("上半年") { 6 } else { 12 });
    (y1, m1, y2, m2)
}

/// Years spanned from (y1, m1) to (y2, m2), both months included, rounded to whole years (at least 1).
fn span_years(y1: u32, m1: u32, y2: u32, m2: u32) -> u32 {
    let months = (y2 * 12 + m2).saturating_sub(y1 * 12 + m1) + 1;
    ((months + 6) / 12).max(1)
}

/// A period stated by one sentence that names it (or follows a heading that names it).
fn statement(
    p: &Patterns,
    spec: &PeriodSpec,
    sentence: &str,
    named: bool,
) -> Option<(u32, Option<u32>, Option<u32>)> {
    let inner = p.named.captures(sentence).and_then(|c| number(&c[1]));
    let named = named
        || inner.is_some()
        || spec
            .words
            .iter()
            .any(|w| !w.is_empty() && sentence.contains(w.as_str()));
    let forward = p
        .forward
        .captures(sentence)
        .and_then(|c| number(&c[1]))
        .or(inner);
    if !named && forward.is_none() {
        return None;
    }
    let range = p
        .range
        .captures_iter(sentence)
        .map(|c| range_of(&c))
        .chain(
            // 2024年、2025年、2026年: the listed years, when they follow one another.
            p.listed.find_iter(sentence).filter_map(|m| {
                let ys: Vec<u32> = m
                    .as_str()
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|y| y.parse().ok())
                    .collect();
                let consecutive = ys.windows(2).all(|w| w[1] == w[0] + 1);
                consecutive.then(|| (ys[0], 1, ys[ys.len() - 1], 12))
            }),
        )
        .find(|(y1, _, y2, _)| *y2 >= spec.earliest_start && y2 >= y1 && y2 - y1 < 20);
    let length = forward.or_else(|| {
        named
            .then(|| {
                p.length.captures_iter(sentence).find_map(|c| {
                    let m = c.get(0)?;
                    let before = &sentence[..m.start()];
                    let after = &sentence[m.end()..];
                    // 近三年, 前三年, 三年来, 三年见成效 are not a length of the plan.
                    let past = spec
                        .not_length_before
                        .iter()
                        .any(|w| before.ends_with(w.as_str()))
                        || spec
                            .not_length_after
                            .iter()
                            .any(|w| after.starts_with(w.as_str()));
                    // "2024年" is a year, not a length.
                    let year = before.ends_with(|c: char| c.is_ascii_digit());
                    (!past && !year).then(|| number(&c[1])).flatten()
                })
            })
            .flatten()
    });
    match (range, length) {
        (Some((y1, m1, y2, m2)), len) => Some((
            len.unwrap_or(span_years(y1, m1, y2, m2)),
            Some(y1),
            Some(y2),
        )),
        (None, Some(len)) => Some((len, None, None)),
        // 本方案适用于2024年度产融合作试点工作: one year.
        (None, None) => named
            .then(|| p.one_year.captures(sentence))
            .flatten()
            .and_then(|c| c.get(1).or(c.get(2)))
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .filter(|y| *y >= spec.earliest_start)
            .map(|y| (1, Some(y), Some(y))),
    }
}

/// The plan's own title lines: the document title (the 《……》 of a 印发/转发 notice's title is the
/// plan's own), and short lines before the first heading that end like a plan's title.
fn titles(doc: &Document) -> Vec<(Option<usize>, String)> {
    let plan_like = |t: &str| {
        let t = t.trim();
        let bare = match t.rfind(['（', '(']) {
            Some(i) if t.ends_with(['）', ')']) && i > 0 => &t[..i],
            _ => t,
        };
        let issued = t.contains('《') && ["印发", "转发", "下发"].iter().any(|w| t.contains(w));
        let ending = ["方案", "计划", "规划", "纲要"]
            .iter()
            .any(|e| bare.ends_with(e));
        (issued || ending) && t.chars().count() <= 80 && !t.contains(['，', '。'])
    };
    // “晋城市国家产融合作试点城市实施方案” / “（2020—2022年）”: a period on the line of its own under
    // the title (after a 印发 notice, whose own title names no period) belongs to the title.
    let period_line = |t: &str| {
        let t: String = fold_width(t)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let inner = t
            .trim_start_matches(['(', '[', '—', '-'])
            .trim_end_matches([')', ']']);
        inner.chars().count() <= 16
            && inner.starts_with("20")
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || "年月—–-－~～至到".contains(c))
    };
    let mut out = Vec::new();
    if let Some(t) = doc.title.as_ref().filter(|t| plan_like(t)) {
        out.push((None, t.clone()));
    }
    let lead: Vec<&crate::document::model::Block> = doc
        .blocks
        .iter()
        .take_while(|b| b.kind != BlockKind::Heading || period_line(&b.text))
        .take(40)
        .collect();
    for (i, b) in lead.iter().enumerate() {
        if plan_like(&b.text) {
            let mut title = b.text.trim().to_owned();
            if let Some(next) = lead.get(i + 1).filter(|n| period_line(&n.text)) {
                title.push_str(next.text.trim());
            }
            out.push((Some(b.index), title));
        }
    }
    out
}

/// The period a title states.
fn title_period(p: &Patterns, title: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let folded: String = fold_width(title)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // A notice issuing the plan: its 《……》 is the plan's title.
    let own = match (folded.find('《'), folded.rfind('》')) {
        (Some(a), Some(b))
            if b > a
                && ["印发", "转发", "下发", "制定", "制订"]
                    .iter()
                    .any(|w| folded.contains(w)) =>
        {
            folded[a + '《'.len_utf8()..b].to_owned()
        }
        _ => folded.clone(),
    };
    if let Some(c) = p.range.captures(&own) {
        let (y1, m1, y2, m2) = range_of(&c);
        if y2 >= y1 {
            return Some((span_years(y1, m1, y2, m2), Some(y1), Some(y2)));
        }
    }
    if let Some(c) = p.one_year.captures(&own) {
        let y = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok());
        return Some((1, y, y));
    }
    if let Some(c) = p.title_year.captures(&own) {
        let y = c[1].parse().ok();
        return Some((1, y, y));
    }
    // 三年行动计划, 两年行动方案.
    static LENGTH: OnceLock<Option<Regex>> = OnceLock::new();
    let re = LENGTH
        .get_or_init(|| {
            Regex::new(&format!(r"({NUM})年(?:行动|攻坚|工作)?(?:计划|方案|规划)")).ok()
        })
        .as_ref()?;
    re.captures(&own)
        .and_then(|c| number(&c[1]))
        .map(|n| (n, None, None))
}

/// A schedule's stages as (first year, first month, last year, last month), whether some stage is
/// dated by months alone, and the first stage's text.
type Stages = (Vec<(u32, u32, u32, u32)>, bool, Evidence);

/// Reads the plan's period from its documents.
pub fn read(plans: &[&Document], spec: &PeriodSpec) -> Reading {
    // The plan checks and the ledger each ask for a plan's period: the last few readings are kept
    // per thread, by a hash of the rules and of every document's path and text.
    thread_local! {
        static READ: std::cell::RefCell<Vec<(u64, Reading)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let spec_key = format!("{spec:?}");
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        spec_key.hash(&mut h);
        for d in plans {
            d.path.hash(&mut h);
            for b in &d.blocks {
                b.text.hash(&mut h);
            }
        }
        h.finish()
    };
    if let Some(r) = READ.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
    }) {
        return r;
    }
    let r = read_uncached(plans, spec, spec_key);
    READ.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 8 {
            m.remove(0);
        }
        m.push((key, r.clone()));
    });
    r
}

/// `read` without its memo; `key` is the rules' text (`{spec:?}`), which also names their patterns.
fn read_uncached(plans: &[&Document], spec: &PeriodSpec, key: String) -> Reading {
    // Built once per profile: a run reads every plan with the same words.
    static BUILT: OnceLock<Mutex<HashMap<String, Arc<Patterns>>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let cached = built.lock().ok().and_then(|m| m.get(&key).cloned());
    let p = cached.unwrap_or_else(|| {
        let p = Arc::new(patterns(spec));
        if let Ok(mut m) = built.lock() {
            if m.len() >= 16 {
                m.clear();
            }
            m.insert(key, p.clone());
        }
        p
    });
    let p = p.as_ref();
    let evidence = |doc: &Document, block: Option<usize>, quote: &str| match block {
        Some(i) => Evidence {
            quote: quote.to_owned(),
            ..Evidence::of_block(doc, i)
        },
        None => Evidence {
            document: doc.path.clone(),
            section: None,
            block: 0,
            quote: quote.to_owned(),
        },
    };
    let make = |(years, start, end): (u32, Option<u32>, Option<u32>), source, evidence| Period {
        years,
        start,
        end,
        source,
        evidence,
    };
    let mut stated = None;
    let mut titled = None;
    let mut start_end = None;
    let mut schedule: Option<Stages> = None;
    for doc in plans {
        for (block, t) in titles(doc) {
            if titled.is_none() {
                if let Some(x) = title_period(p, &t) {
                    titled = Some(make(x, Source::Title, evidence(doc, block, &t)));
                }
            }
        }
        // The date the plan was signed or issued: its last full date.
        let issued = doc.blocks.iter().rev().take(15).find_map(|b| {
            let text = clean(&b.text);
            let c = p.date.captures_iter(&text).last()?;
            Some((c[1].parse::<u32>().ok()?, c[2].parse::<u32>().ok()?))
        });
        let body: Vec<&crate::document::model::Block> = doc
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::TableCell)
            .collect();
        let cleaned: Vec<String> = body.iter().map(|b| clean(&b.text)).collect();
        let mut heading_named = false;
        for (k, b) in body.iter().enumerate() {
            let b = *b;
            let text = cleaned[k].clone();
            // A sentence broken across lines ("……周期为2024年—" / "2026年，分三个阶段……") reads whole.
            let mut joined = text.clone();
            for (next, next_text) in body[k + 1..].iter().zip(&cleaned[k + 1..]).take(2) {
                if next.kind == BlockKind::Heading
                    || joined.ends_with(['。', '；', ';', '！', '？', '：', ':'])
                {
                    break;
                }
                joined.push_str(next_text);
            }
            if stated.is_none() && b.kind != BlockKind::Heading {
                // 本方案自印发之日起施行，至2025年12月31日止: from the issue date to that end.
                if let (Some(c), Some((y1, m1))) = (p.valid_until.captures(&joined), issued) {
                    let y2 = c
                        .get(1)
                        .or(c.get(3))
                        .and_then(|m| m.as_str().parse::<u32>().ok());
                    let m2 = c
                        .get(2)
                        .or(c.get(4))
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                        .unwrap_or(12);
                    if let Some(y2) = y2.filter(|y2| *y2 >= y1) {
                        stated = Some(make(
                            (span_years(y1, m1, y2, m2), Some(y1), Some(y2)),
                            Source::Statement,
                            evidence(doc, Some(b.index), &b.text),
                        ));
                    }
                }
            }
            if b.kind == BlockKind::Heading {
                let named = spec
                    .words
                    .iter()
                    .any(|w| !w.is_empty() && text.contains(w.as_str()));
                let found = statement(p, spec, &text, false);
                if stated.is_none() {
                    if let Some(x) = found {
                        stated = Some(make(
                            x,
                            Source::Statement,
                            evidence(doc, Some(b.index), &b.text),
                        ));
                    }
                }
                heading_named = named && found.is_none();
            } else {
                for sentence in joined.split_inclusive(['。', '；', ';', '！', '？']) {
                    if stated.is_none() {
                        if let Some(x) = statement(p, spec, sentence, heading_named) {
                            stated = Some(make(
                                x,
                                Source::Statement,
                                evidence(doc, Some(b.index), &b.text),
                            ));
                        }
                    }
                }
                heading_named = false;
            }
            if start_end.is_none() {
                let s = p
                    .start
                    .captures(&text)
                    .and_then(|c| c[1].parse::<u32>().ok());
                let e = p
                    .end
                    .captures_iter(&text)
                    .filter_map(|c| c[1].parse::<u32>().ok())
                    .max();
                if let (Some(s), Some(e)) = (s, e) {
                    if s >= spec.earliest_start && e > s {
                        start_end = Some(make(
                            (e - s + 1, Some(s), Some(e)),
                            Source::StartEnd,
                            evidence(doc, Some(b.index), &b.text),
                        ));
                    }
                }
            }
            // Stages of a schedule: by months, or one year each.
            let stage = b.kind == BlockKind::Heading
                || crate::document::structure::parse_label(&b.text).is_some()
                || text.contains("阶段")
                || p.year_stage.is_match(&text);
            if stage {
                let mut spans: Vec<(u32, u32, u32, u32)> = p
                    .months
                    .captures_iter(&text)
                    .filter_map(|c| {
                        let y1: u32 = c[1].parse().ok()?;
                        let m1: u32 = c[2].parse().ok()?;
                        let y2: u32 = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(y1);
                        let m2: u32 = c[4].parse().ok()?;
                        Some((y1, m1, y2, m2))
                    })
                    .collect();
                if spans.is_empty() {
                    if let Some(c) = p.year_stage.captures(&text) {
                        if let Some(y) = c
                            .get(1)
                            .or(c.get(2))
                            .and_then(|m| m.as_str().parse::<u32>().ok())
                        {
                            spans.push((y, 1, y, 12));
                        }
                    }
                }
                let bare =
                    spans.is_empty() && p.bare_months.is_match(&text) && !text.contains('年');
                if !spans.is_empty() || bare {
                    let entry = schedule.get_or_insert_with(|| {
                        (Vec::new(), false, evidence(doc, Some(b.index), &b.text))
                    });
                    entry.0.extend(spans);
                    entry.1 |= bare;
                }
            }
        }
    }
    let from_schedule = schedule.and_then(|(mut spans, bare, ev)| {
        spans.retain(|s| s.0 >= spec.earliest_start && s.2 >= s.0);
        spans.sort();
        spans.dedup();
        if spans.len() >= 2 {
            // Back to back: each stage starts within a month of the end of those before it.
            let mut end = (spans[0].2, spans[0].3);
            for s in &spans[1..] {
                if s.0 * 12 + s.1 > end.0 * 12 + end.1 + 1 {
                    return None;
                }
                end = end.max((s.2, s.3));
            }
            let (y1, m1) = (spans[0].0, spans[0].1);
            Some(make(
                (span_years(y1, m1, end.0, end.1), Some(y1), Some(end.0)),
                Source::Schedule,
                ev,
            ))
        } else if spans.is_empty() && bare {
            // Stages dated by months alone ("9月1日至11月30日"): a plan for part of one year.
            Some(make((1, None, None), Source::Schedule, ev))
        } else {
            None
        }
    });
    let title_disagrees = match (&stated, &titled) {
        (Some(s), Some(t)) if s.years != t.years => titled.clone(),
        _ => None,
    };
    Reading {
        period: stated.or(titled).or(start_end).or(from_schedule),
        title_disagrees,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::DocKind;
    use crate::document::structure::document_of;
    use crate::profile::Profile;

    fn plan(lines: &[&str]) -> Document {
        document_of("方案.docx", DocKind::ImplementationPlan, lines)
    }

    fn years(lines: &[&str]) -> Option<u32> {
        let spec = Profile::embedded().rules.period;
        read(&[&plan(lines)], &spec).period.map(|p| p.years)
    }

    #[test]
    fn ways_a_period_is_written() {
        for (lines, want) in [
            (
                &[
                    "某市国家产融合作试点城市实施方案（2024—2026年）",
                    "一、产融合作基础",
                    "正文。",
                ][..],
                Some(3),
            ),
            // A plan after the 印发 notice issuing it, its period under its own title.
            (
                &[
                    "某市人民政府办公室关于印发某市国家产融合作试点城市实施方案的通知",
                    "各县（市、区）人民政府：",
                    "某市人民政府办公室",
                    "2024年3月8日",
                    "某市国家产融合作试点城市实施方案",
                    "（2024—2026年）",
                    "一、总体要求",
                ][..],
                Some(3),
            ),
            (&["计划通过三年的持续推进，基本建成金融支持体系。"], Some(3)),
            (&["力争用三年左右时间，形成长效机制。"], Some(3)),
            (&["自2024年起，利用3年时间，推动产融合作。"], Some(3)),
            (&["试点期限：2024年1月至2026年12月。"], Some(3)),
            (
                &["本方案实施期为2024年下半年至2027年上半年，为期三年。"],
                Some(3),
            ),
            (
                &["从2024年开始，系统推进各项任务。到2026年，产融合作平台服务能力显著提升。"],
                Some(3),
            ),
            (
                &[
                    "（一）启动部署（2024年1—3月）。完成方案印发。",
                    "（二）深化实施（2024年4月—2026年6月）。逐项推进。",
                    "（三）总结评估（2026年7—12月）。总结成效。",
                ],
                Some(3),
            ),
            (
                &["嘉兴市2024年度产融合作试点工作方案", "一、年度工作目标"],
                Some(1),
            ),
            (&["本方案实施期为2024—2025年。"], Some(2)),
            (
                &["本方案实施期限为2024年至2028年，共五年。前三年重点完成国家试点任务。"],
                Some(5),
            ),
        ] {
            assert_eq!(years(lines), want, "{lines:?}");
        }
    }

    #[test]
    fn what_is_not_the_plans_period() {
        for lines in [
            &["第一阶段：启动实施（2024年1月—2024年6月）。"][..],
            &["2021—2023年，全市制造业贷款余额年均增长18.6%。近三年，我市未发生重大金融风险事件。"],
            &["贯彻落实《浙江省制造业数字化转型行动方案（2024—2026年）》。"],
            &["到2025年，全市规模以上工业增加值年均增长8%左右。"],
            &["经过三年试点，我市产融合作工作取得积极成效。"],
            &["深入实施“专精特新”企业三年培育行动（2022—2024年）。"],
            &["自2024年起，市财政每年安排产融合作专项资金1亿元。"],
        ] {
            assert_eq!(years(lines), None, "{lines:?}");
        }
    }
}
