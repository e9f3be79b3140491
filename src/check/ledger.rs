//! The targets ledger (issue 23): an earlier plan's quantified targets against what the city's
//! self-evaluation report and indicator workbook say was achieved — the evaluation's first subject,
//! “试点城市实施方案的执行和落实情况”.
//!
//! Targets are read clause by clause (“全市制造业贷款余额突破900亿元”, “不良贷款率控制在1.5%以内”,
//! “年均增长15%以上”, “比2020年提高3个百分点”, “新增境内外上市企业8家以上”, “新增5家上市企业”) and from target
//! tables (指标 | 单位 | 基数 | 2023年目标); a clause of the past, a policy parameter, a condition, a
//! time limit, a province's or the nation's figure, or a goal without a number is not a target.
//! Achievements are read from report sentences naming the same indicator with a figure of the same
//! kind (an amount, a rate, a count) for the target year or with no other year, then from the
//! workbook; units are converted (万元 ↔ 亿元), % and 个百分点 are kept apart. All words come from
//! `[ledger]` in rules.toml.

use crate::document::text::contains_any;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::check::finding::Evidence;
use crate::document::model::{BlockKind, Document};
use crate::document::text::fold_width;
use crate::profile::rules_spec::LedgerSpec;

/// How a target compares: at least (突破、达到、以上、不低于) or at most (控制在、以内、不高于).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
}

/// A figure with its unit as written, and what kind of figure it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: f64,
    pub unit: String,
    /// The year the figure is for (a target's year; an achievement's year when it says one).
    pub year: Option<u16>,
}

/// A target of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    pub comparator: Comparator,
    /// A growth rate (年均增长15%) or a rise in points (提高3个百分点), not a level.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub growth: bool,
    pub evidence: Evidence,
}

impl PlanTarget {
    /// The target as a reviewer reads it: “2023年 ≥400亿元”, “2023年 增幅≥15%”.
    pub fn zh(&self) -> String {
        format!(
            "{}{}{}{}{}",
            self.year.map(|y| format!("{y}年 ")).unwrap_or_default(),
            if self.growth { "增幅" } else { "" },
            match self.comparator {
                Comparator::AtLeast => "≥",
                Comparator::AtMost => "≤",
            },
            fmt_num(self.value),
            self.unit
        )
    }
}

/// Where an achievement was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Report,
    Workbook,
}

/// What the city says it achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achieved {
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    pub source: Source,
    pub evidence: Evidence,
}

impl Source {
    pub fn zh(self) -> &'static str {
        match self {
            Source::Report => "自评报告",
            Source::Workbook => "指标表",
        }
    }
}

/// Met, not met, or no achievement stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NotReported,
}

impl Status {
    pub fn zh(self) -> &'static str {
        match self {
            Status::Met => "已完成",
            Status::NotMet => "未完成",
            Status::NotReported => "未报告",
        }
    }
}

/// One line of the ledger (the `targets` of `check --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// An indicator id of indicators.toml, when the target is one of them.
    pub indicator: Option<String>,
    /// The indicator as the plan writes it.
    pub name: String,
    pub target: PlanTarget,
    pub achieved: Option<Achieved>,
    /// The workbook's figure when it differs from the report's (both are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<Achieved>,
    pub status: Status,
}

/// The text of `original` that `cleaned` (a part of `clean(original)`) was read from: full width
/// and spaces as written, so a quote is found where the reviewer reads it. `cleaned` itself when
/// it is not there.
fn verbatim(original: &str, cleaned: &str) -> String {
    // Each character of clean(original) with the byte range it came from.
    let spans: Vec<(char, usize, usize)> = original
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace() && !fold_width(&c.to_string()).trim().is_empty())
        .map(|(i, c)| (crate::document::text::fold_char(c), i, i + c.len_utf8()))
        .collect();
    let folded: Vec<char> = spans.iter().map(|s| s.0).collect();
    let want: Vec<char> = cleaned.chars().collect();
    if want.is_empty() || want.len() > folded.len() {
        return cleaned.to_owned();
    }
    folded
        .windows(want.len())
        .position(|w| w == want.as_slice())
        .map_or_else(
            || cleaned.to_owned(),
            |at| original[spans[at].1..spans[at + want.len() - 1].2].to_owned(),
        )
}

/// Width folded, spaces out. Quotation marks stay: a quoted product (“科创贷”) is part of a name.
fn clean(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\d[\d,]*(?:\.\d+)?").expect("number"))
}

/// “1:5”, “1∶4.5” at the start of a text, not one of several parts (2:6:2).
fn ratio_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^1\s*[:：∶]\s*(\d+(?:\.\d+)?)(?:[^:：∶\d.]|$)").expect("ratio"))
}

fn year_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(20\d{2})年").expect("year"))
}

/// The number at the start of `s` (Arabic, or Chinese numerals up to thousands) and its length.
fn leading_number(s: &str) -> Option<(f64, usize)> {
    if let Some(m) = number_re().find(s).filter(|m| m.start() == 0) {
        return m
            .as_str()
            .replace(',', "")
            .parse()
            .ok()
            .map(|v| (v, m.end()));
    }
    let n: String = s
        .chars()
        .take_while(|c| "零〇一二两三四五六七八九十百千".contains(*c))
        .collect();
    let v = crate::document::text::chinese_number(&n.replace('两', "二"))?;
    Some((f64::from(v), n.len()))
}

/// The kind of a unit: money (in 亿元), percent, points, times, or a count.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Money(f64),
    Percent,
    Points,
    Times,
    /// A count, with its scale: 1 for 户, 10000 for 万户.
    Count(f64),
}

fn kind(unit: &str, spec: &LedgerSpec) -> Option<Kind> {
    if let Some(m) = spec.money.iter().find(|m| m.unit == unit) {
        return Some(Kind::Money(m.in_yi));
    }
    Some(match unit {
        "%" | "％" => Kind::Percent,
        "个百分点" => Kind::Points,
        "倍" => Kind::Times,
        u if spec.count_units.iter().any(|c| c == u) => Kind::Count(1.0),
        // 8万户, 1.2万家, 3万人次: a count in ten thousands.
        u if u
            .strip_prefix('万')
            .is_some_and(|c| spec.count_units.iter().any(|x| x == c)) =>
        {
            Kind::Count(10_000.0)
        }
        _ => return None,
    })
}

/// The value in the kind's base (money in 亿元), or None when the kinds differ.
fn comparable(a: (f64, &str), b: (f64, &str), spec: &LedgerSpec) -> Option<(f64, f64)> {
    match (kind(a.1, spec)?, kind(b.1, spec)?) {
        (Kind::Money(x), Kind::Money(y)) => Some((a.0 * x, b.0 * y)),
        // Counts of one group only: firms and things (家, 个, 只 …), people (人, 人次), events
        // (场, 期, 次) — 42期 of training is not 3,260 people.
        (Kind::Count(x), Kind::Count(y)) if same_group(a.1, b.1, spec) => Some((a.0 * x, b.0 * y)),
        (Kind::Count(_), Kind::Count(_)) => None,
        (ka, kb) if ka == kb => Some((a.0, b.0)),
        _ => None,
    }
}

/// Whether two count units count the same kind of thing (`count_groups`; a unit in no group is
/// its own group). 万户 counts as 户.
fn same_group(a: &str, b: &str, spec: &LedgerSpec) -> bool {
    let base = |u: &str| -> String {
        let u = u.strip_prefix('万').filter(|r| !r.is_empty()).unwrap_or(u);
        spec.count_groups
            .iter()
            .position(|g| g.iter().any(|x| x == u))
            .map_or_else(|| u.to_owned(), |i| format!("#{i}"))
    };
    base(a) == base(b)
}

/// The longest unit of the spec at the start of `s`: a money unit, a count unit (also in ten
/// thousands: 万户), %, 个百分点 or 倍.
fn unit_at<'a>(s: &'a str, spec: &'a LedgerSpec) -> Option<&'a str> {
    let counts = spec.count_units.iter().map(String::as_str);
    let ten_thousands = s
        .strip_prefix('万')
        .filter(|rest| counts.clone().any(|c| rest.starts_with(c)))
        .and_then(|rest| {
            let c = counts
                .clone()
                .filter(|c| rest.starts_with(c))
                .max_by_key(|c| c.len())?;
            Some(&s[..'万'.len_utf8() + c.len()])
        });
    spec.money
        .iter()
        .map(|m| m.unit.as_str())
        .chain(counts)
        .chain(["%", "％", "个百分点", "倍"])
        .chain(ten_thousands)
        .filter(|u| s.starts_with(u))
        .max_by_key(|u| u.len())
}

/// A quantity in a clause: where it starts, its value, unit, and where it ends.
struct Quantity {
    start: usize,
    end: usize,
    value: f64,
    unit: String,
}

fn quantities(clause: &str, spec: &LedgerSpec) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut quoted = false;
    while i < clause.len() {
        if !clause.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &clause[i..];
        // A figure inside a name in quotation marks (“四个一批”, “1+3+N”) is part of the name.
        if rest.starts_with('“') || rest.starts_with('”') {
            quoted = rest.starts_with('“');
            i += '“'.len_utf8();
            continue;
        }
        if quoted {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let prev_digit = clause[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.');
        if !prev_digit {
            // “撬动社会资本比例达到1:5”: a leverage ratio, read as 5倍 (1:1 matching is none).
            if let Some(c) = ratio_re().captures(rest) {
                let whole = c.get(1).map_or(0, |m| m.end());
                if let Ok(value) = c[1].parse::<f64>() {
                    if value > 1.0 {
                        out.push(Quantity {
                            start: i,
                            end: i + whole,
                            value,
                            unit: "倍".into(),
                        });
                    }
                }
                i += whole;
                continue;
            }
            if let Some((value, len)) = leading_number(rest) {
                let after = &rest[len..];
                // A year, a date or a time limit is no quantity.
                let year =
                    after.starts_with('年') || after.starts_with('—') || after.starts_with('-');
                // “培育一批链主企业”: a batch, no number.
                let vague = rest.starts_with('一') && after.starts_with('批');
                if let Some(unit) = unit_at(after, spec).filter(|_| !year && !vague) {
                    let tail = &after[unit.len()..];
                    if !spec.time_after.iter().any(|t| tail.starts_with(t.as_str())) {
                        out.push(Quantity {
                            start: i,
                            end: i + len + unit.len(),
                            value,
                            unit: unit.to_owned(),
                        });
                        i += len + unit.len();
                        continue;
                    }
                }
                i += len;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The indicator's name in front of a verb: the clause's text before it, its leading context
/// (到2023年, 全市, 力争 …) and numbering taken off.
fn name_before(before: &str, spec: &LedgerSpec) -> String {
    let mut name = before.to_owned();
    loop {
        let trimmed = strip_context(&name, spec);
        if trimmed == name {
            break;
        }
        name = trimmed;
    }
    static BASE: OnceLock<Regex> = OnceLock::new();
    let base = BASE.get_or_init(|| Regex::new(r"(?:比|较)20\d{2}年(?:末|底)?$").expect("base"));
    let mut name = base.replace(&name, "").into_owned();
    loop {
        let trimmed = name.trim_end_matches(['的', '要', '将', '使', '力', '争']);
        let trimmed = spec
            .name_trailers
            .iter()
            .find_map(|w| trimmed.strip_suffix(w.as_str()))
            .unwrap_or(trimmed);
        if trimmed.len() == name.len() {
            return name;
        }
        name = trimmed.to_owned();
    }
}

fn strip_context(s: &str, spec: &LedgerSpec) -> String {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.、．]|[①-⑳]|(?:到|至|截至)?20\d{2}年(?:末|底)?|试点期(?:内|间|末)|三年内|通过三年试点)")
            .expect("label")
    });
    let s = label.replace(s, "").into_owned();
    for w in &spec.name_prefixes {
        if let Some(rest) = s.strip_prefix(w.as_str()) {
            return rest.to_owned();
        }
    }
    s
}

fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|c| crate::document::text::is_han(*c))
        .count()
}

/// A target as one clause states it, before its year and evidence are known.
#[derive(Debug, Clone, PartialEq)]
struct Stated {
    name: String,
    value: f64,
    unit: String,
    comparator: Comparator,
    growth: bool,
}

/// The targets of one clause. A clause may hold two (“新增上市企业5家、新三板挂牌企业10家”: the
/// second inherits the first's verb).
fn clause_targets(clause: &str, spec: &LedgerSpec) -> Vec<Stated> {
    let mut out: Vec<Stated> = Vec::new();
    let mut from = 0;
    for q in quantities(clause, spec) {
        let before = &clause[from..q.start];
        let after = &clause[q.end..];
        from = q.end;
        let at_most_after = contains_prefix(after, &spec.at_most_after);
        let at_least_after = contains_prefix(after, &spec.at_least_after);
        // The verb nearest before the figure (ending within 14 characters of it) decides; of two
        // ending together the longer (不高于 over 高于).
        let within = |words: &[String], reach: usize| -> Option<(usize, usize)> {
            words
                .iter()
                .filter(|w| !w.is_empty())
                .filter_map(|w| before.rfind(w.as_str()).map(|i| (i, i + w.len())))
                .filter(|(_, end)| before[*end..].chars().count() <= reach)
                .max_by_key(|(i, end)| (*end, std::cmp::Reverse(*i)))
        };
        let verb = |words: &[String]| within(words, 14);
        let after_than = |a: (usize, usize), b: (usize, usize)| {
            (a.1, std::cmp::Reverse(a.0)) > (b.1, std::cmp::Reverse(b.0))
        };
        let growth_at = verb(&spec.growth);
        let points_at = (q.unit == "个百分点").then(|| verb(&spec.points)).flatten();
        let most_at = verb(&spec.at_most);
        let least_at = verb(&spec.at_least);
        // A count verb may stand before a long object (“引进股份制银行、证券公司等金融机构5家”).
        let count_at = within(&spec.count_verbs, 24);
        let later = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| match (a, b) {
            (Some(x), Some(y)) => Some(if after_than(y, x) { y } else { x }),
            (x, y) => x.or(y),
        };
        let (at, comparator, growth) = if let Some(v) = points_at {
            (Some(v), Comparator::AtLeast, true)
        } else if q.unit == "个百分点" && most_at.is_none() {
            // “增速高于各项贷款平均增速3个百分点以上”: points are a change or a gap, never a level.
            (
                later(least_at, verb(&spec.neutral)),
                Comparator::AtLeast,
                true,
            )
        } else if let Some(v) = growth_at.filter(|_| matches!(q.unit.as_str(), "%" | "％")) {
            (Some(v), Comparator::AtLeast, true)
        } else if let Some(v) = most_at.filter(|m| least_at.is_none_or(|l| after_than(*m, l))) {
            (Some(v), Comparator::AtMost, false)
        } else if let Some(v) = verb(&spec.neutral).filter(|_| at_most_after) {
            // “保持在1%以下”: a verb without direction, a cap by the word after the figure.
            (Some(v), Comparator::AtMost, false)
        } else if at_most_after && least_at.is_none() {
            (None, Comparator::AtMost, false)
        } else if let Some(v) = verb(&spec.neutral) {
            (Some(v), Comparator::AtLeast, false)
        } else if let Some(v) = later(least_at, count_at) {
            (Some(v), Comparator::AtLeast, false)
        } else if at_least_after {
            (None, Comparator::AtLeast, false)
        } else if let Some(prev) = out.last().filter(|_| before.starts_with('、')) {
            // “……5家、新三板挂牌企业10家”: the listed figure shares the verb.
            let name = before.trim_start_matches('、').to_owned();
            if han_count(&name) >= 2 {
                let (comparator, growth) = (prev.comparator, prev.growth);
                out.push(Stated {
                    name,
                    value: q.value,
                    unit: q.unit.clone(),
                    comparator,
                    growth,
                });
            }
            continue;
        } else {
            continue;
        };
        let (cut, verb_end) = at.unwrap_or((before.len(), before.len()));
        let mut name = name_before(&before[..cut], spec);
        let between = name_before(&before[verb_end..], spec);
        let counted = count_at.is_some_and(|c| c.0 == cut);
        let verb_word = &before[cut..verb_end];
        // “通过平台累计撮合融资300亿元”: 累计 says how it counts; the name follows it.
        let modifier = spec.name_trailers.iter().any(|w| w == verb_word);
        if modifier && han_count(&name) >= 2 && han_count(&between) >= 2 {
            name = format!("{name}{between}");
        } else if han_count(&name) < 2 || counted && han_count(&between) >= 2 {
            // “新增境内外上市企业8家”, “累计实现直接融资300亿元”: the name between verb and figure.
            if han_count(&between) >= 2 {
                // An increment keeps its verb (新增上市企业 is not the stock of listed firms);
                // 设立/引进/培育 do not name anything.
                let keep = counted && contains_any(verb_word, &spec.increments);
                name = if keep {
                    format!("{verb_word}{between}")
                } else {
                    between
                };
            } else {
                // “新增5家上市企业”: the name after the figure.
                let tail: String = after
                    .trim_start_matches("以上")
                    .trim_start_matches("左右")
                    .trim_start_matches('余')
                    .chars()
                    .take_while(|c| !"，,；;。、（(".contains(*c))
                    .collect();
                if han_count(&tail) >= 2 {
                    name = format!("{}{tail}", &before[cut..verb_end]);
                }
            }
        } else if counted
            && contains_any(verb_word, &spec.increments)
            && han_count(&between) < 2
            && !contains_any(&name, &spec.increments)
        {
            // “首贷户新增6000户以上”: the increment of the name before it (新增首贷户).
            name = format!("{verb_word}{name}");
        }
        // “设立规模不低于3亿元的风险补偿资金池”: the name follows 的.
        if let Some(rest) = after.strip_prefix('的') {
            let run: String = rest
                .chars()
                .take_while(|c| !"，,；;。、（(".contains(*c))
                .collect();
            if han_count(&run) >= 2 {
                name = if name.contains("规模") {
                    format!("{run}规模")
                } else {
                    run
                };
            }
        }
        let name = category_of(&name);
        // “……达到900亿元，年均增长13%以上”, “……年均增长12%以上，到2023年末达到420亿元”: a figure
        // without a name is the previous clause's (filled in by `sentence_targets`).
        if han_count(&name) < 2 && !name.is_empty() || names_a_parameter(&name, spec) {
            continue;
        }
        out.push(Stated {
            name,
            value: q.value,
            unit: q.unit.clone(),
            comparator,
            growth,
        });
    }
    // 翻一番 / 翻两番 / 倍增: a multiple of the base, as 倍.
    for &(word, times) in MULTIPLES {
        // “绿色贷款余额以2020年末的420亿元为基数实现翻一番”: the base in the clause itself.
        if let (Some(i), Some(base_at)) = (clause.find(word), clause.find("为基数")) {
            let lead = clause[..base_at].rfind('以').unwrap_or(0);
            let name = name_before(&clause[..lead], spec);
            if let Some(q) = quantities(&clause[lead..base_at], spec)
                .into_iter()
                .find(|q| matches!(kind(&q.unit, spec), Some(Kind::Money(_) | Kind::Count(_))))
                .filter(|_| base_at < i && han_count(&name) >= 2)
            {
                out.retain(|t| t.value != q.value);
                out.push(Stated {
                    name,
                    value: q.value * times,
                    unit: q.unit,
                    comparator: Comparator::AtLeast,
                    growth: false,
                });
                break;
            }
        }
        if let Some(i) = clause.find(word) {
            let name = name_before(&clause[..i], spec);
            let name = name.split(['比', '较']).next().unwrap_or(&name).to_owned();
            if han_count(&name) >= 2 && out.iter().all(|t| t.unit != "倍") {
                out.push(Stated {
                    name,
                    value: times,
                    unit: "倍".into(),
                    comparator: Comparator::AtLeast,
                    growth: true,
                });
            }
            break;
        }
    }
    out
}

/// “科技支行等科技金融专营机构” → “科技金融专营机构”: examples before 等 name the category after
/// it. 等级, 高等, 同等 and 平等 are words, not this 等.
fn category_of(name: &str) -> String {
    if let Some(i) = name.rfind('等') {
        let (head, tail) = (&name[..i], &name[i + '等'.len_utf8()..]);
        let word =
            tail.starts_with('级') || ["高", "同", "平", "中"].iter().any(|w| head.ends_with(w));
        if !word && han_count(head) >= 2 && han_count(tail) >= 2 {
            return tail.to_owned();
        }
    }
    name.to_owned()
}

/// The clauses of a sentence: split at commas (not a thousands separator, 3,046.2), semicolons
/// and colons.
fn clauses(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sentence.char_indices() {
        let split = match c {
            '，' | '；' | ';' | '：' => true,
            ',' | ':' => !between_digits(sentence, i),
            _ => false,
        };
        if split {
            out.push(&sentence[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&sentence[start..]);
    out
}

/// Whether the one-byte character at `i` stands between two digits (3,046.2; 1:4).
fn between_digits(text: &str, i: usize) -> bool {
    text[..i].ends_with(|d: char| d.is_ascii_digit())
        && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())
}

/// `text` split after each of `seps`, an ASCII ',' or ':' between digits excepted (1:4 is a ratio).
fn split_inclusive_at<'a>(text: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if seps.contains(&c) && !(matches!(c, ',' | ':') && between_digits(text, i)) {
            out.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A sentence's first clause (up to the first comma or semicolon): what it says of whose figures
/// it gives (“全省……”) holds for the sentence; a later clause speaks only for itself.
fn first_clause(sentence: &str) -> &str {
    let end = clause_end(sentence, 0);
    let end = sentence[..end].find(['；', ';']).unwrap_or(end);
    &sentence[..end]
}

/// Whether a sentence speaks of somebody else's figures as a whole: its first clause opens with
/// 全省/全国… (after a label and 到2023年) — “积极对接自治区提出的……目标，……” speaks of the city.
fn opens_not_own(sentence: &str, spec: &LedgerSpec) -> bool {
    let first = first_clause(sentence);
    let opening: String = strip_context(first, spec).chars().take(6).collect();
    contains_any(&opening, &spec.not_own)
}

/// A name that is a policy parameter (奖励, 补贴, 贴息 …), unless the word names a loan (贴息贷款 is
/// a product: “技术改造贴息贷款累计规模达到50000万元” is a target).
fn names_a_parameter(name: &str, spec: &LedgerSpec) -> bool {
    spec.not_names.iter().filter(|w| !w.is_empty()).any(|w| {
        name.match_indices(w.as_str())
            .any(|(i, _)| !name[i + w.len()..].starts_with('贷'))
    })
}

/// Words of a multiple of the base and the multiple.
const MULTIPLES: &[(&str, f64)] = &[
    ("翻两番", 4.0),
    ("翻一番", 2.0),
    ("翻番", 2.0),
    ("倍增", 2.0),
];

fn contains_prefix(s: &str, words: &[String]) -> bool {
    words
        .iter()
        .any(|w| !w.is_empty() && s.starts_with(w.as_str()))
}

/// Whether a sentence opens with a year before the period (“2020年末，全市……”): a record.
fn begins_before(sentence: &str, period_start: u16) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    let start = START.get_or_init(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])?(?:截至|截止)?(20\d{2})年")
            .expect("start")
    });
    // Words of the past and policy parameters are read clause by clause (“整合现有……，推动……达到100亿元”).
    start
        .captures(sentence)
        .and_then(|c| c[1].parse::<u16>().ok())
        .is_some_and(|y| y < period_start)
}

/// The plan's period as (first year, last year): the first “YYYY—YYYY年” of its title lines
/// (the short lines of its first twelve blocks, “（2021—2023年）” on a line of its own included)
/// or of an opening sentence naming the period (实施期/期限/试点期), else None. A longer opening
/// paragraph recalling an earlier round (“2021—2023年试点期间……”) is not the plan's period.
pub fn plan_period(doc: &Document) -> Option<(u16, u16)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(20\d{2})\s*年?\s*[—–\-－~～至到]+\s*(20\d{2})\s*年").expect("period")
    });
    doc.blocks.iter().take(12).find_map(|b| {
        let titled = b.text.trim().chars().count() <= TITLE_LINE_CHARS
            || ["实施期", "期限", "试点期为", "实施周期"]
                .iter()
                .any(|w| b.text.contains(w));
        if !titled {
            return None;
        }
        let c = re.captures(&b.text)?;
        let (a, z) = (c[1].parse().ok()?, c[2].parse().ok()?);
        (a <= z && z - a <= 5).then_some((a, z))
    })
}

/// Lines up to this many characters in a plan's opening are title lines for `plan_period`.
const TITLE_LINE_CHARS: usize = 48;

/// The quantified targets of a plan, in order. `period`: the plan's own years.
pub fn targets(doc: &Document, period: (u16, u16), spec: &LedgerSpec) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    let mut year_context: Option<u16> = None;
    let mut section_of_context: Vec<String> = Vec::new();
    for b in &doc.blocks {
        if b.table.is_some() || crate::document::sentences::is_text_row(&b.text) {
            continue;
        }
        // A chapter on the foundation or background holds no target.
        if b.section
            .first()
            .is_some_and(|top| contains_any(top, &spec.record_chapters))
        {
            continue;
        }
        if b.section != section_of_context {
            year_context = None;
        }
        // “（二）2022年目标”: a heading above naming one year of the period sets it for its items.
        let heading_year = b
            .section
            .iter()
            .rev()
            .find_map(|h| own_year(&clean(h), (period.0, period.1.saturating_sub(1))));
        let text = clean(&b.text);
        // “2021年目标” on a line of its own: the year of the items after it.
        if text.chars().count() <= 14 && contains_any(&text, &spec.year_lines) {
            if let Some(y) = own_year(&text, period) {
                year_context = Some(y);
                section_of_context = b.section.clone();
                continue;
            }
        }
        for sentence in split_inclusive_at(&text, &['。', '！', '？', '：', ':']) {
            let sentence_year = year_re()
                .captures_iter(sentence)
                .filter_map(|c| c[1].parse::<u16>().ok())
                .filter(|y| (period.0..=period.1 + 1).contains(y))
                .max();
            if sentence.ends_with('：') || sentence.ends_with(':') {
                if let Some(y) = sentence_year {
                    year_context = Some(y);
                    section_of_context = b.section.clone();
                }
            }
            if opens_not_own(sentence, spec) || begins_before(sentence, period.0) {
                continue;
            }
            for (name, stated, quote, clause_year) in sentence_targets(sentence, period, spec) {
                let year = clause_year
                    .or(sentence_year)
                    .or(heading_year)
                    .or(year_context)
                    .or(Some(period.1));
                out.push((
                    name,
                    PlanTarget {
                        value: stated.value,
                        unit: stated.unit,
                        year,
                        comparator: stated.comparator,
                        growth: stated.growth,
                        evidence: Evidence {
                            document: doc.path.clone(),
                            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
                            block: b.index,
                            quote: verbatim(&b.text, &quote),
                        },
                    },
                ));
            }
        }
    }
    out.extend(table_targets(doc, period, spec));
    out
}

/// The targets of one sentence, clause by clause: (name, target, the clause quoted, the year the
/// clause itself names — “2022年供应链金融融资规模达到100亿元，到2023年……” has two). Clauses with
/// policy parameters, words of the past or conditions are skipped; a bare 规模 or 余额 takes the
/// object of the clause before (“设立钛产业发展基金，规模不低于10亿元”).
fn sentence_targets(
    sentence: &str,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, Stated, String, Option<u16>)> {
    let mut out: Vec<(String, Stated, String, Option<u16>)> = Vec::new();
    let mut previous = "";
    // “……，到2022年，平台入驻金融机构达到50家，到2023年……”: a year clause leads those after it.
    let mut lead_year: Option<u16> = None;
    for clause in clauses(sentence) {
        let prior = std::mem::replace(&mut previous, clause);
        if quantities(clause, spec).is_empty() {
            if let Some(y) = own_year(clause, period) {
                lead_year = Some(y);
            }
        }
        if contains_any(clause, &spec.parameters)
            || contains_any(clause, &spec.past)
            || contains_any(clause, &spec.not_own)
        {
            continue;
        }
        if crate::check::targets::is_condition(clause, &spec.condition_starts) {
            continue;
        }
        for stated in clause_targets(clause, spec) {
            let name = if stated.name.is_empty() {
                match out.last() {
                    Some(t) => t.0.clone(),
                    None => continue,
                }
            } else if spec.bare_names.contains(&stated.name) {
                let object = name_before(prior, spec);
                let object = spec
                    .count_verbs
                    .iter()
                    .chain(&spec.object_verbs)
                    .find_map(|v| object.strip_prefix(v.as_str()))
                    .unwrap_or(&object)
                    .to_owned();
                if han_count(&object) >= 2 {
                    format!("{object}{}", stated.name)
                } else {
                    stated.name.clone()
                }
            } else {
                stated.name.clone()
            };
            let quote = clause
                .trim_end_matches(['。', '！', '？', '：', ':'])
                .to_owned();
            out.push((name, stated, quote, own_year(clause, period).or(lead_year)));
        }
    }
    out
}

/// A target cell naming a multiple (较2020年翻一番) and the row's base cell (5.2): the level.
fn multiple_of_base(target: &str, base: &str) -> Option<f64> {
    let times = MULTIPLES.iter().find(|(w, _)| target.contains(w))?.1;
    let (value, _) = leading_number(base.trim())?;
    Some(value * times)
}

/// A table's name cell without its trailing note: (name, the unit when the note is one). A note
/// that is no unit (三年累计, 三年累计新增) goes before the name, as a sentence would write it.
fn split_name_note(cell: &str, spec: &LedgerSpec) -> (String, Option<String>) {
    let Some(open) = cell.rfind('(').filter(|_| cell.ends_with(')')) else {
        return (cell.to_owned(), None);
    };
    let (name, note) = (&cell[..open], &cell[open + 1..cell.len() - 1]);
    if han_count(name) < 2 {
        return (cell.to_owned(), None);
    }
    if kind(note, spec).is_some() {
        (name.to_owned(), Some(note.to_owned()))
    } else if han_count(note) >= 2 && !note.chars().any(|c| c.is_ascii_digit()) {
        (format!("{note}{name}"), None)
    } else {
        (cell.to_owned(), None)
    }
}

/// Targets written as clauses in the cells of a table that is not a target table (a task table:
/// 任务 | 内容 | 责任单位 | 完成时限 — “推出科技金融专属产品10个以上”). The year is the row's own
/// year within the period (完成时限 “2023年底”), else the period's end. A table in a foundation
/// chapter holds no target.
fn task_table_targets(
    doc: &Document,
    rows: &[crate::document::sentences::Row],
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    for row in rows.iter().skip(1) {
        let section = doc
            .blocks
            .get(row.block)
            .map(|b| b.section.as_slice())
            .unwrap_or(&[]);
        if section
            .first()
            .is_some_and(|top| contains_any(top, &spec.record_chapters))
        {
            continue;
        }
        let row_year = row
            .cells
            .iter()
            .flat_map(|c| {
                year_re()
                    .captures_iter(c)
                    .filter_map(|m| m[1].parse::<u16>().ok())
                    .collect::<Vec<_>>()
            })
            .filter(|y| (period.0..=period.1).contains(y))
            .max();
        for cell in &row.cells {
            let text = clean(cell);
            for sentence in text.split_inclusive(['。', '！', '？']) {
                if opens_not_own(sentence, spec) || begins_before(sentence, period.0) {
                    continue;
                }
                for (name, stated, _, clause_year) in sentence_targets(sentence, period, spec) {
                    out.push((
                        name.clone(),
                        PlanTarget {
                            value: stated.value,
                            unit: stated.unit,
                            year: clause_year.or(row_year).or(Some(period.1)),
                            comparator: stated.comparator,
                            growth: stated.growth,
                            evidence: row_evidence(doc, row.block, &name),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// The one year within the period (or the year after) a text names, not a base year (较2020年) and
/// not a range (2021—2023年): the latest when several.
fn own_year(text: &str, period: (u16, u16)) -> Option<u16> {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let range = RANGE.get_or_init(|| {
        Regex::new(r"20\d{2}\s*年?\s*[—–\-－~～至到]+\s*20\d{2}\s*年").expect("range")
    });
    let text = range.replace_all(text, "");
    year_re()
        .captures_iter(&text)
        .filter(|c| {
            let start = c.get(0).map_or(0, |m| m.start());
            !text[..start].ends_with(['较', '比', '于', '同', '由', '从'])
        })
        .filter_map(|c| c[1].parse::<u16>().ok())
        .filter(|y| (period.0..=period.1 + 1).contains(y))
        .max()
}

/// The evidence of a table row: its block's text (the whole row) and heading path.
fn row_evidence(doc: &Document, block: usize, name: &str) -> Evidence {
    let b = doc.blocks.get(block);
    Evidence {
        document: doc.path.clone(),
        section: b
            .filter(|b| !b.section.is_empty())
            .map(|b| b.section.join(" > ")),
        block,
        quote: b.map_or_else(|| name.to_owned(), |b| b.text.clone()),
    }
}

/// Targets in tables: a name column (指标), a unit column (单位) and a target column (目标 or a year
/// of the period), one target per row.
fn table_targets(
    doc: &Document,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    for rows in crate::document::sentences::tables(doc) {
        let Some(header) = rows.first() else { continue };
        let h: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
        let find = |words: &[String]| h.iter().position(|c| contains_any(c, words));
        let Some(name_col) = find(&spec.table_name_columns) else {
            out.extend(task_table_targets(doc, &rows, period, spec));
            continue;
        };
        let unit_col = find(&spec.table_unit_columns);
        let base_col = find(&spec.table_base_columns);
        let target_cols: Vec<usize> = h
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !contains_any(c, &spec.table_base_columns)
                    && (contains_any(c, &spec.table_target_columns)
                        || year_re()
                            .captures(c)
                            .and_then(|m| m[1].parse::<u16>().ok())
                            .is_some_and(|y| y >= period.0 && y <= period.1))
            })
            .map(|(i, _)| i)
            .collect();
        if target_cols.is_empty() {
            out.extend(task_table_targets(doc, &rows, period, spec));
            continue;
        }
        for row in rows.iter().skip(1) {
            let cell = |i: usize| row.cells.get(i).map(|c| clean(c)).unwrap_or_default();
            // “普惠小微贷款余额（亿元）”: the unit in the name; “直接融资规模（三年累计）”: how it
            // counts, read as words before the name (三年累计直接融资规模).
            let (name, name_unit) = split_name_note(&cell(name_col), spec);
            if han_count(&name) < 2 {
                continue;
            }
            for &target_col in &target_cols {
                let year = year_re()
                    .captures(&h[target_col])
                    .and_then(|m| m[1].parse::<u16>().ok())
                    .or(Some(period.1));
                let target = cell(target_col);
                // “较2020年翻一番” with the base in its column: the base times the multiple.
                if let Some(level) = base_col.and_then(|b| multiple_of_base(&target, &cell(b))) {
                    if let Some(unit) = unit_col
                        .map(&cell)
                        .filter(|u| kind(u, spec).is_some())
                        .or_else(|| name_unit.clone())
                    {
                        out.push((
                            name.clone(),
                            PlanTarget {
                                value: level,
                                unit,
                                year,
                                comparator: Comparator::AtLeast,
                                growth: false,
                                evidence: row_evidence(doc, row.block, &name),
                            },
                        ));
                    }
                    continue;
                }
                // “500”, “≥500”, “突破260”, “100以上”, “控制在2.0以内”, “三年累计15”: the first figure
                // of the cell that is no year.
                let Some(bare) = number_re()
                    .find_iter(&target)
                    .find(|m| !target[m.end()..].starts_with('年'))
                    .map(|m| &target[m.start()..])
                else {
                    continue;
                };
                let Some((value, len)) = leading_number(bare) else {
                    continue;
                };
                let unit = unit_at(&bare[len..], spec)
                    .map(str::to_owned)
                    .or_else(|| unit_col.map(&cell).filter(|u| kind(u, spec).is_some()))
                    .or_else(|| name_unit.clone());
                let Some(unit) = unit else { continue };
                // “不低于150” holds 低于: the words of a floor are taken out first.
                let mut caps = target.clone();
                for w in &spec.at_least {
                    caps = caps.replace(w.as_str(), "");
                }
                let at_most = target.starts_with(['≤', '<'])
                    || contains_any(&caps, &spec.at_most_after)
                    || contains_any(&caps, &spec.at_most)
                    || contains_any(&name, &spec.lower_is_better);
                let growth = contains_any(&name, &spec.growth);
                out.push((
                    name.clone(),
                    PlanTarget {
                        value,
                        unit,
                        year,
                        comparator: if at_most {
                            Comparator::AtMost
                        } else {
                            Comparator::AtLeast
                        },
                        growth,
                        evidence: row_evidence(doc, row.block, &name),
                    },
                ));
            }
        }
    }
    out
}

/// The keys a report may name an indicator by: the indicator's name and aliases when it is one,
/// the plan's name, and that name without its leading verbs and modifiers (新增, 累计, 全市 …).
fn keys(
    name: &str,
    indicator: Option<&crate::profile::indicators_spec::IndicatorSpec>,
    spec: &LedgerSpec,
) -> Vec<String> {
    let mut keys = vec![name.to_owned()];
    let mut bare = name.to_owned();
    loop {
        let before = bare.clone();
        for w in spec
            .count_verbs
            .iter()
            .chain(&spec.name_prefixes)
            .chain(&spec.name_modifiers)
        {
            if let Some(rest) = bare.strip_prefix(w.as_str()) {
                bare = rest.to_owned();
            }
        }
        for w in &spec.growth {
            if let Some(rest) = bare.strip_suffix(w.as_str()) {
                bare = rest.to_owned();
            }
        }
        if bare == before {
            break;
        }
    }
    if han_count(&bare) >= 2 {
        keys.push(bare.clone());
    }
    for suffix in &spec.name_suffixes {
        if let Some(stem) = bare.strip_suffix(suffix.as_str()) {
            if han_count(stem) >= 3 {
                keys.push(stem.to_owned());
            }
        }
    }
    // The same name in other words (占各项贷款比重 / 占比, 信贷 / 贷款, 、 / 和), both ways, one
    // rewording and two.
    let once = reworded(&keys, spec);
    keys.extend(reworded(&once, spec));
    // 知识产权质押融资额 is written 知识产权质押融资 in a report, 人才贷发放额 人才贷累计发放.
    if let Some(stem) = bare.strip_suffix('额') {
        for v in &spec.flow_verbs {
            if let Some(object) = stem.strip_suffix(v.as_str()).filter(|o| han_count(o) >= 2) {
                keys.push(stem.to_owned());
                keys.push(format!("{object}累计{v}"));
            }
        }
    }
    // “财政资金撬动社会资本比例” is written “财政出资撬动社会资本放大倍数”: the leverage itself names it.
    for w in &spec.ratio_words {
        if let Some(i) = bare.find(w.as_str()) {
            // … or “风险补偿基金放大倍数” for “风险补偿基金撬动银行贷款比例”.
            if han_count(&bare[..i]) >= 2 && (bare.ends_with("比例") || bare.ends_with("倍数"))
            {
                keys.push(format!("{}放大倍数", &bare[..i]));
                keys.push(format!("{}放大比例", &bare[..i]));
            }
            let core = bare[i..]
                .trim_end_matches("比例")
                .trim_end_matches("放大倍数")
                .trim_end_matches("倍数");
            if han_count(core) >= 4 {
                keys.push(core.to_owned());
            }
        }
    }
    // “政府性融资担保机构新增担保额” is written “……新增担保额分别为”: the increment named alone.
    for w in &spec.increments {
        if let Some(i) = bare.find(w.as_str()).filter(|i| *i > 0) {
            if han_count(&bare[i..]) >= 4 {
                keys.push(bare[i..].to_owned());
            }
        }
    }
    // “制造业中长期贷款占制造业贷款比重” is written “制造业中长期贷款占比”.
    if let Some((subject, share)) = bare.split_once('占') {
        if han_count(subject) >= 2 && (share.ends_with("比重") || share.ends_with("比例")) {
            keys.push(format!("{subject}占比"));
        }
    }
    // A quoted product or platform (“科创贷”, “柳链通”) names the target by itself.
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted = QUOTED.get_or_init(|| Regex::new(r"“[^”]{2,8}”").expect("quoted"));
    keys.extend(quoted.find_iter(name).map(|m| m.as_str().to_owned()));
    // … and is often written without the marks (纳入“白名单” / 纳入白名单).
    keys.extend(
        quoted
            .find_iter(name)
            .map(|m| m.as_str().trim_matches(['“', '”']).to_owned())
            .filter(|k| han_count(k) >= 3),
    );
    // “知识产权质押融资累计发放” is written “累计办理知识产权质押融资168笔”: the object alone.
    for v in &spec.flow_verbs {
        if let Some(object) = bare.strip_suffix(v.as_str()) {
            let object = object.trim_end_matches("累计");
            if han_count(object) >= 4 {
                keys.push(object.to_owned());
            }
        }
    }
    if let Some(i) = indicator {
        keys.push(i.name.clone());
        keys.extend(i.aliases.iter().cloned());
    }
    keys.extend(once);
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys.dedup();
    keys
}

/// Each key with one pair of `synonyms` swapped, either way.
fn reworded(keys: &[String], spec: &LedgerSpec) -> Vec<String> {
    let mut out = Vec::new();
    for k in keys {
        for pair in &spec.synonyms {
            let [a, b] = [&pair[0], &pair[1]];
            for (from, to) in [(a, b), (b, a)] {
                if !from.is_empty() && k.contains(from.as_str()) {
                    out.push(k.replace(from.as_str(), to));
                }
            }
        }
    }
    out
}

/// A multiple (翻一番: 2 倍) as a level: the base the plan states for the base year (比2019年末翻一番;
/// else the year before the period) times the multiple, in the base's unit. None when the plan
/// states no base.
fn multiple_as_level(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    plan_base(plan, name, target, period, spec).map(|(base, unit)| (base * target.value, unit))
}

/// The level the plan states for the target's base year (比2019年末 / 较2020年; else the year
/// before the period): (value, unit), a money figure or a count.
fn plan_base(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    static BASE: OnceLock<Regex> = OnceLock::new();
    let base_re = BASE.get_or_init(|| Regex::new(r"(?:比|较)(20\d{2})年").expect("base"));
    let base_year = base_re
        .captures(&clean(&target.evidence.quote))
        .and_then(|c| c[1].parse::<u16>().ok())
        .unwrap_or(period.0 - 1);
    let keys = keys(name, None, spec);
    for b in &plan.blocks {
        let text = clean(&b.text);
        for sentence in text.split_inclusive(['。', '；', ';']) {
            for k in &keys {
                for end in key_ends(sentence, k, &spec.bare_names) {
                    if year_before(sentence, end) != Some(base_year)
                        && !sentence.contains(&format!("{base_year}年"))
                    {
                        continue;
                    }
                    let window_end = sentence[end..]
                        .find(['，', ','])
                        .map_or(sentence.len(), |i| end + i);
                    if let Some(q) = quantities(&sentence[end..window_end], spec)
                        .into_iter()
                        .find(|q| {
                            matches!(kind(&q.unit, spec), Some(Kind::Money(_) | Kind::Count(_)))
                        })
                    {
                        return Some((q.value, q.unit));
                    }
                }
            }
        }
    }
    None
}

/// Where a key names the indicator in a clause: the ends of its matches. Exact first; else the
/// key's head (its first four characters) and tail (its last two) in order, at most twenty
/// characters apart (“白名单企业获得授信” in “白名单企业累计获得授信”). A shared ending alone (贷款余额)
/// names nothing: 制造业贷款余额 is not 绿色贷款余额.
fn key_ends(clause: &str, key: &str, bare_names: &[String]) -> Vec<usize> {
    let exact: Vec<usize> = clause
        .match_indices(key)
        .map(|(i, k)| i + k.len())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let chars: Vec<char> = key.chars().collect();
    let mut out = Vec::new();
    if chars.len() >= 6 {
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        for (h, _) in clause.match_indices(&head) {
            let after = &clause[h + head.len()..];
            if let Some(t) = after.find(&tail) {
                if after[..t].chars().count() <= 20 {
                    out.push(h + head.len() + t + tail.len());
                }
            }
        }
        // A specific ending (放大倍数, 注册企业) names it too when a pair of the key's first
        // characters is in the clause (平台…注册企业, 累计发放科技成果转化贷款 for “科技成果转化贷”
        // 累计发放); a kind of figure (余额, 规模) does not, nor
        // a common ending alone (装备制造金融服务中心 is not 县域首贷续贷服务中心).
        let last: String = chars[chars.len() - 4..].iter().collect();
        if out.is_empty() && !bare_names.iter().any(|b| last.ends_with(b.as_str())) {
            let first: Vec<String> = chars[..chars.len() - 4]
                .windows(2)
                .map(|w| w.iter().collect())
                .collect();
            out.extend(
                clause
                    .match_indices(&last)
                    .filter(|_| first.iter().any(|b| clause.contains(b.as_str())))
                    .map(|(i, k)| i + k.len()),
            );
        }
    }
    // “绿色贷款余额1,808亿元，同比增长20.8%，占各项贷款比重为11.4%”: a share of the subject named
    // earlier in the sentence.
    if out.is_empty() {
        if let Some((subject, share)) = key.split_once('占') {
            if han_count(subject) >= 2 && han_count(share) >= 2 {
                if let Some(at) = clause.find(subject) {
                    let from = at + subject.len();
                    let share = format!("占{share}");
                    out.extend(clause[from..].find(&share).map(|i| from + i + share.len()));
                }
            }
        }
    }
    out
}

/// Where a key names the indicator in a clause (the first place), see `key_ends`.
fn key_end(clause: &str, key: &str, bare_names: &[String]) -> Option<usize> {
    key_ends(clause, key, bare_names).first().copied()
}

/// Where the clause holding byte `at` of `text` starts (after the last comma before it).
fn start_of_clause(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rfind(|(_, c)| matches!(c, '，' | ','))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The year a figure at `at` in `sentence` is for: the last year written before it that is not
/// a base (较2020年, 比2020年末).
fn year_before(sentence: &str, at: usize) -> Option<u16> {
    year_re()
        .captures_iter(&sentence[..at])
        .filter(|c| {
            let start = c.get(0).map_or(0, |m| m.start());
            let lead: String = sentence[..start].chars().rev().take(1).collect();
            !matches!(lead.as_str(), "较" | "比" | "于" | "同" | "由" | "从")
        })
        .filter_map(|c| c[1].parse().ok())
        .last()
}

/// The achievement of a target in the report: the first sentence naming one of its keys with a
/// figure of the target's kind after the name — in the same clause for a level, anywhere after it
/// in the sentence for a growth rate (“余额412.7亿元，三年年均增长19.6%”) — for the target year (the
/// last year written before the figure that is not a base), or with no year; growth targets take
/// a figure after a growth word, levels one that is not.
fn from_report(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let mut fallback: Option<Achieved> = None;
    if let Some(found) = from_report_tables(report, keys, target, spec) {
        return Some(found);
    }
    for b in &report.blocks {
        if b.kind == BlockKind::Heading
            || b.table.is_some()
            || crate::document::sentences::is_text_row(&b.text)
        {
            continue;
        }
        // 下一步工作打算: aims, not achievements.
        if b.section
            .iter()
            .any(|h| contains_any(h, &spec.report_future))
        {
            continue;
        }
        let text = clean(&b.text);
        let mut previous = String::new();
        for original in text.split_inclusive(['。', '！', '？', '；', ';']) {
            // Titles of documents (《……产业投资基金管理办法》) name no indicator: matched blanked,
            // quoted as written (the two have the same byte offsets).
            let masked = mask_titles(original);
            let sentence = masked.as_str();
            if target.unit == "个百分点" {
                if let Some(found) = two_levels(sentence, &previous, keys, spec) {
                    let found = Achieved {
                        evidence: Evidence {
                            document: report.path.clone(),
                            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
                            block: b.index,
                            quote: verbatim(&b.text, original.trim_end_matches(['。', '；', ';'])),
                        },
                        ..found
                    };
                    match (found.year, target.year) {
                        (Some(y), Some(t)) if y == t => return Some(found),
                        (None, t) if t == Some(period_end) && fallback.is_none() => {
                            fallback = Some(found);
                        }
                        _ => {}
                    }
                }
            }
            // The longest key that names the indicator (keys come longest first), at each place.
            let ends = keys
                .iter()
                .map(|k| {
                    let ends = key_ends(sentence, k, &spec.bare_names);
                    if ends.is_empty() {
                        share_in_next(sentence, &previous, k).into_iter().collect()
                    } else {
                        ends
                    }
                })
                .find(|e| !e.is_empty())
                .unwrap_or_default();
            previous = masked.clone();
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
                let increment_said = !keys_are_increments(keys, spec)
                    || contains_any(
                        &sentence[start_of_clause(sentence, end)..end],
                        &spec.increments,
                    );
                // “2021年、2022年、2023年新增担保额分别为35.2亿元、42.6亿元、47.9亿元”.
                if let Some((value, unit)) = yearly_list(sentence, end, target, period_end, spec) {
                    let found = Achieved {
                        value,
                        unit,
                        year: target.year,
                        source: Source::Report,
                        evidence: Evidence {
                            document: report.path.clone(),
                            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
                            block: b.index,
                            quote: verbatim(&b.text, original.trim_end_matches(['。', '；', ';'])),
                        },
                    };
                    return Some(found);
                }
                // “新增上市公司19家，累计达到75家”: after an increment, a level is the figure a verb
                // of level leads to.
                let increment = !target.growth
                    && spec.increments.iter().any(|w| {
                        sentence[..end]
                            .rfind(w.as_str())
                            .is_some_and(|i| sentence[i..end].chars().count() <= 12)
                    })
                    && !keys
                        .iter()
                        .any(|k| spec.increments.iter().any(|w| k.contains(w.as_str())));
                let window_end = if target.growth || increment {
                    sentence.len()
                } else {
                    clause_end(sentence, end)
                };
                let window = &sentence[end..window_end];
                for q in quantities(window, spec) {
                    if comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_none()
                    {
                        continue;
                    }
                    let between = &window[..q.start];
                    if !increment_said && !contains_any(between, &spec.increments) {
                        continue;
                    }
                    // A clause comparing with the nation or the province is not the city's figure.
                    let clause_start = start_of_clause(window, q.start);
                    let clause_end = clause_end(window, q.end);
                    let key_clause = start_of_clause(sentence, end);
                    if contains_any(&window[clause_start..clause_end], &spec.not_own)
                        || clause_start == 0
                            && contains_any(&sentence[key_clause..end], &spec.not_own)
                    {
                        continue;
                    }
                    // “提升至33.6%” is a level; “提升3个百分点”, “增长15%” a change.
                    let change_words = rises_to_level(between, spec);
                    let growth_word = q.unit == "个百分点"
                        || contains_any(&change_words, &spec.growth)
                        || contains_any(&change_words, &spec.points);
                    if growth_word != target.growth {
                        continue;
                    }
                    if !target.growth && !increment && contains_any(between, &spec.not_level) {
                        continue;
                    }
                    if increment && !contains_any(between, &spec.at_least) {
                        continue;
                    }
                    let year = year_before(sentence, end + q.start);
                    // “新增境内外上市企业主板7家、创业板5家、科创板3家”: an increment listed by kind
                    // is their sum.
                    let value = if increment || keys_are_increments(keys, spec) {
                        q.value + listed_after(&window[q.end..], &q.unit, spec)
                    } else {
                        q.value
                    };
                    let found = Achieved {
                        value,
                        unit: q.unit.clone(),
                        year,
                        source: Source::Report,
                        evidence: Evidence {
                            document: report.path.clone(),
                            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
                            block: b.index,
                            quote: verbatim(&b.text, original.trim_end_matches(['。', '；', ';'])),
                        },
                    };
                    match (year, target.year) {
                        (Some(y), Some(t)) if y == t => return Some(found),
                        // A figure without a year is the report's own time: the period's end.
                        (None, t) if t == Some(period_end) && fallback.is_none() => {
                            fallback = Some(found);
                        }
                        // Another year's figure is no achievement of this target.
                        _ => {}
                    }
                    break;
                }
            }
        }
    }
    fallback
}

/// `text` with the inside of 《》 blanked, byte for byte (a title names no indicator).
fn mask_titles(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .map(|c| match c {
            '《' => {
                depth += 1;
                c
            }
            '》' => {
                depth = depth.saturating_sub(1);
                c
            }
            c if depth > 0 => match c.len_utf8() {
                1 => '_',
                2 => '§',
                3 => '□',
                _ => '𝔸',
            },
            c => c,
        })
        .collect()
}

/// Where the clause running from `from` ends: the next comma that is no thousands separator
/// (3,046.2亿元), or the end.
fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(i, c)| {
            *c == '，'
                || *c == ','
                    && !(text[..from + i].ends_with(|d: char| d.is_ascii_digit())
                        && text[from + i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(text.len(), |(i, _)| from + i)
}

/// The words between a name and its figure with the verbs of a level taken out (提升至, 提高到:
/// the figure after them is the new level, not the change).
fn rises_to_level(between: &str, spec: &LedgerSpec) -> String {
    let mut out = between.to_owned();
    for w in spec
        .at_least
        .iter()
        .filter(|w| w.ends_with('至') || w.ends_with('到'))
    {
        out = out.replace(w.as_str(), "");
    }
    out
}

/// Whether the target is an increment (新增上市企业): its keys say so.
fn keys_are_increments(keys: &[String], spec: &LedgerSpec) -> bool {
    keys.first()
        .is_some_and(|k| spec.increments.iter().any(|w| k.contains(w.as_str())))
}

/// The figures listed after a figure with 、 in the same unit (“7家、创业板5家、科创板3家”): their sum.
fn listed_after(rest: &str, unit: &str, spec: &LedgerSpec) -> f64 {
    let mut sum = 0.0;
    let mut rest = rest;
    while let Some(item) = rest.strip_prefix('、') {
        let end = clause_end(item, 0).min(item.find('、').unwrap_or(item.len()));
        let part = &item[..end];
        let Some(q) = quantities(part, spec).into_iter().next() else {
            break;
        };
        if q.unit != unit || q.end != part.len() || han_count(&part[..q.start]) > 8 {
            break;
        }
        sum += q.value;
        rest = &item[end..];
    }
    sum
}

/// Figures given year by year in one clause (“2021年、2022年、2023年……分别为35.2亿元、42.6亿元、
/// 47.9亿元”): the target year's, or for a target over the period the mean (年均) or the sum (累计)
/// of the period's years, all of which must be there. The figures follow the key; the years stand
/// in the same sentence before them.
fn yearly_list(
    sentence: &str,
    end: usize,
    target: &PlanTarget,
    period_end: u16,
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    // 分别 after the name, or before it in the same clause (“2021年、2022年、2023年分别办理知识产权
    // 质押融资18.2亿元、……”); the figures follow the name.
    let at = match sentence[end..].find("分别") {
        Some(i) => i + end,
        None => {
            let clause = start_of_clause(sentence, end);
            sentence[clause..end].find("分别").map(|_| end)?
        }
    };
    let years: Vec<u16> = year_re()
        .captures_iter(&sentence[..at])
        .filter_map(|c| c[1].parse().ok())
        .collect();
    let rest = &sentence[at..];
    let figures: Vec<Quantity> = quantities(rest, spec)
        .into_iter()
        .filter(|q| comparable((q.value, &q.unit), (target.value, &target.unit), spec).is_some())
        .collect();
    if years.len() < 2 || figures.len() != years.len() {
        return None;
    }
    let unit = figures[0].unit.clone();
    let in_base = |q: &Quantity| {
        comparable((q.value, &q.unit), (1.0, &unit), spec).map_or(q.value, |(v, one)| v / one)
    };
    let said = clean(&target.evidence.quote);
    let over_period =
        target.year == Some(period_end) && (said.contains("年均") || said.contains("累计"));
    if over_period {
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

/// Where a share key (X占Y比重) ends in a sentence opening with its share after the sentence
/// naming its subject (“……全市制造业贷款余额2,712.4亿元……；占各项贷款比重由2020年末的17.1%提升至
/// 17.8%”).
fn share_in_next(sentence: &str, previous: &str, key: &str) -> Option<usize> {
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
fn two_levels(
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
        key_end(sentence, k, &spec.bare_names).or_else(|| share_in_next(sentence, previous, k))
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
fn from_report_tables(
    report: &Document,
    keys: &[String],
    target: &PlanTarget,
    spec: &LedgerSpec,
) -> Option<Achieved> {
    for rows in crate::document::sentences::tables(report) {
        let Some(header) = rows.first() else { continue };
        let h: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
        let Some(name_col) = h
            .iter()
            .position(|c| contains_any(c, &spec.table_name_columns))
        else {
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
        // “2023年完成”: a column of another year is not this target's.
        let table_year = own_year(&h[col], (2000, 2099)).or(table_year);
        if table_year.is_some_and(|y| Some(y) != target.year) {
            continue;
        }
        let increment = keys_are_increments(keys, spec);
        for row in rows.iter().skip(1) {
            let cell = |i: usize| row.cells.get(i).map(|c| clean(c)).unwrap_or_default();
            // “制造业中长期贷款占制造业贷款比重（%）”: the unit in the name.
            let (name, name_unit) = split_name_note(&cell(name_col), spec);
            // The row names the key, or is a shortened form of it (知识产权质押融资 for
            // 知识产权质押融资笔数) — never its tail (各项贷款余额 is not 制造业各项贷款余额); an
            // increment's row says so (新三板挂牌企业 is the stock, not 新增新三板挂牌企业).
            if !keys.iter().any(|k| {
                key_end(&name, k, &spec.bare_names).is_some()
                    || (han_count(&name) >= 4 && k.starts_with(name.as_str()))
            }) || increment && !contains_any(&name, &spec.increments)
            {
                continue;
            }
            let figure = cell(col);
            let Some((value, len)) = leading_number(&figure) else {
                continue;
            };
            let unit = unit_at(&figure[len..], spec)
                .map(str::to_owned)
                .or_else(|| unit_col.map(&cell))
                .or(name_unit)
                .unwrap_or_default();
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

/// One row of an indicator workbook as the ledger reads it.
#[derive(Debug, Clone)]
pub struct WorkbookRow {
    pub name: String,
    pub unit: String,
    pub values: Vec<(u16, f64)>,
    pub evidence: Evidence,
}

/// Whether `a` reaches `b` under the comparator (a little tolerance for rounding).
fn reaches(achieved: f64, target: f64, c: Comparator) -> bool {
    let eps = 1e-9 * target.abs().max(1.0);
    match c {
        Comparator::AtLeast => achieved + eps >= target,
        Comparator::AtMost => achieved - eps <= target,
    }
}

/// One of the template's indicators (indicators.toml) when a target's name holds its name or an
/// alias; a cumulative 累计实现直接融资 is not the yearly 当年直接融资规模, so never the other way round.
fn template_indicator<'p>(
    name: &str,
    profile: &'p crate::profile::Profile,
) -> Option<&'p crate::profile::indicators_spec::IndicatorSpec> {
    let spec = &profile.rules.ledger;
    let found = profile.indicators.indicator.iter().find(|i| {
        std::iter::once(&i.name)
            .chain(&i.aliases)
            .any(|n| name.contains(n.as_str()))
    });
    // “专精特新中小企业” for 专精特新中小企业数量, “政府引导基金” for 政府引导基金规模: a name
    // without the measure word the template adds. Not for increments (新增上市公司 is a flow).
    found.or_else(|| {
        if contains_any(name, &spec.increments) {
            return None;
        }
        profile.indicators.indicator.iter().find(|i| {
            std::iter::once(&i.name).chain(&i.aliases).any(|n| {
                spec.name_suffixes
                    .iter()
                    .filter_map(|suf| n.strip_suffix(suf.as_str()))
                    .any(|core| han_count(core) >= 4 && name.ends_with(core))
            })
        })
    })
}

/// The ledger of a plan against a report and a workbook.
pub fn ledger(
    plan: &Document,
    report: Option<&Document>,
    workbook: &[WorkbookRow],
    profile: &crate::profile::Profile,
) -> Vec<Line> {
    let spec = &profile.rules.ledger;
    let Some(period) = plan_period(plan) else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = Vec::new();
    for (name, mut target) in targets(plan, period, spec) {
        if target.unit == "倍" && target.growth {
            if let Some((value, unit)) = multiple_as_level(plan, &name, &target, period, spec) {
                target.value = value;
                target.unit = unit;
                target.growth = false;
            }
        }
        let indicator = template_indicator(&name, profile);
        let keys = keys(&name, indicator, spec);
        let from_report = report.and_then(|r| from_report(r, &keys, &target, period.1, spec));
        let from_book = (!target.growth)
            .then(|| {
                workbook.iter().find_map(|row| {
                    keys.iter()
                        .any(|k| {
                            row.name.contains(k.as_str())
                                || k.contains(row.name.as_str()) && han_count(&row.name) >= 4
                        })
                        .then_some(())?;
                    let year = target.year?;
                    let v = over_period(row, &name, &target, period, spec)
                        .or_else(|| Some(row.values.iter().find(|(y, _)| *y == year)?.1))?;
                    comparable((v, &row.unit), (target.value, &target.unit), spec)?;
                    Some(Achieved {
                        value: v,
                        unit: row.unit.clone(),
                        year: Some(year),
                        source: Source::Workbook,
                        evidence: row.evidence.clone(),
                    })
                })
            })
            .flatten();
        // A growth rate from the workbook: its own rate row for the year (制造业贷款余额增速), else
        // computed from the level row — the year's growth over the year before (增速不低于15%), or
        // for 年均 the compound rate from the base year (the workbook's, else the plan's).
        let from_book = from_book.or_else(|| {
            (target.growth && matches!(target.unit.as_str(), "%" | "％"))
                .then(|| growth_from_book(workbook, &keys, &name, plan, &target, period, spec))
                .flatten()
        });
        let (achieved, workbook_differs) = match (from_report, from_book) {
            (Some(r), Some(w)) => {
                let same = comparable((r.value, &r.unit), (w.value, &w.unit), spec)
                    .is_some_and(|(a, b)| (a - b).abs() <= 0.005 * a.abs().max(b.abs()));
                (Some(r), (!same).then_some(w))
            }
            (r, w) => (r.or(w), None),
        };
        let status = match &achieved {
            None => Status::NotReported,
            Some(a) => match comparable((a.value, &a.unit), (target.value, &target.unit), spec) {
                Some((x, t)) if reaches(x, t, target.comparator) => Status::Met,
                Some(_) => Status::NotMet,
                None => Status::NotReported,
            },
        };
        lines.push(Line {
            indicator: indicator.map(|i| i.id.clone()),
            name,
            target,
            achieved,
            workbook: workbook_differs,
            status,
        });
    }
    lines
}

/// A target over the whole period (三年累计新增首贷户1.5万户; 新增担保额年均不低于40亿元) against a
/// workbook row of yearly figures (首贷户数（当年新增）): the sum (累计) or the mean (年均) of the
/// period's years, when every one of them is filled in. None for other targets and rows.
fn over_period(
    row: &WorkbookRow,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<f64> {
    if target.year != Some(period.1) || !contains_any(&row.name, &spec.yearly_rows) {
        return None;
    }
    let said = format!("{name}{}", clean(&target.evidence.quote));
    let mean = said.contains("年均") && !target.growth;
    let sum = !mean && contains_any(&said, &spec.period_sums);
    if !sum && !mean {
        return None;
    }
    let values: Vec<f64> = (period.0..=period.1)
        .map(|y| row.values.iter().find(|(x, _)| *x == y).map(|v| v.1))
        .collect::<Option<_>>()?;
    let total: f64 = values.iter().sum();
    Some(if sum {
        total
    } else {
        total / values.len() as f64
    })
}

/// A growth target's achievement from the workbook (see the call in `ledger`): (rate in %, the row).
fn growth_from_book(
    workbook: &[WorkbookRow],
    keys: &[String],
    name: &str,
    plan: &Document,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let year = target.year?;
    let named = |row: &&WorkbookRow| {
        keys.iter().any(|k| {
            row.name.contains(k.as_str())
                || k.contains(row.name.as_str()) && han_count(&row.name) >= 4
        })
    };
    let at = |row: &WorkbookRow, y: u16| row.values.iter().find(|(x, _)| *x == y).map(|v| v.1);
    let rate_row = |row: &&WorkbookRow| {
        matches!(row.unit.as_str(), "%" | "％") && contains_any(&row.name, &spec.growth)
    };
    let (rate, row) = if let Some(row) = workbook.iter().filter(named).find(rate_row) {
        (at(row, year)?, row)
    } else {
        // The level row: the name with its growth word taken off (科技型企业贷款余额增速 → 余额).
        let row = workbook
            .iter()
            .filter(named)
            .find(|r| matches!(kind(&r.unit, spec), Some(Kind::Money(_) | Kind::Count(_))))?;
        let end = at(row, year)?;
        let said = format!("{name}{}", clean(&target.evidence.quote));
        if said.contains("年均") {
            let base_year = period.0 - 1;
            let base = at(row, base_year).or_else(|| {
                let (v, unit) = plan_base(plan, name, target, period, spec)?;
                comparable((v, &unit), (end, &row.unit), spec).map(|(b, e)| b * end / e)
            })?;
            let years = f64::from(year.checked_sub(base_year)?);
            if base <= 0.0 || years <= 0.0 {
                return None;
            }
            (((end / base).powf(1.0 / years) - 1.0) * 100.0, row)
        } else {
            let before = at(row, year.checked_sub(1)?)?;
            if before <= 0.0 {
                return None;
            }
            ((end / before - 1.0) * 100.0, row)
        }
    };
    Some(Achieved {
        value: (rate * 10.0).round() / 10.0,
        unit: "%".into(),
        year: Some(year),
        source: Source::Workbook,
        evidence: row.evidence.clone(),
    })
}

/// Whether a plan is an earlier one: its period ends in the evaluation year or before
/// (`[ledger] evaluation_year`). A new plan (2024—2026) is never judged against achievements.
pub fn is_earlier_plan(doc: &Document, spec: &LedgerSpec) -> bool {
    doc.kind == crate::document::model::DocKind::ImplementationPlan
        && plan_period(doc).is_some_and(|(_, end)| end <= spec.evaluation_year)
}

/// The implementation plans a submission is checked as proposing: every plan of the package
/// except earlier plans (`is_earlier_plan`), which are read only for the targets ledger. A
/// continuing city that sends only its 2021—2023 plan has sent no new plan.
pub fn current_plans<'a>(
    sub: &'a crate::submission::Submission,
    spec: &LedgerSpec,
) -> Vec<&'a Document> {
    sub.documents_of(crate::document::model::DocKind::ImplementationPlan)
        .filter(|d| !is_earlier_plan(d, spec))
        .collect()
}

/// The ledger of an evaluated city: its earlier plan (in the package, or from `--previous`)
/// against its self-evaluation report and indicator workbook. Empty for an application, or when
/// there is no earlier plan.
pub fn for_submission(
    sub: &crate::submission::Submission,
    table: Option<&crate::check::indicators::Table>,
    profile: &crate::profile::Profile,
) -> Vec<Line> {
    let spec = &profile.rules.ledger;
    if sub.meta.role == Some(crate::submission::Role::Application) {
        return Vec::new();
    }
    let Some(plan) = sub
        .documents
        .iter()
        .chain(&sub.previous)
        .find(|d| is_earlier_plan(d, spec))
    else {
        return Vec::new();
    };
    let report = sub
        .documents_of(crate::document::model::DocKind::SelfEvaluation)
        .next();
    let book: Vec<WorkbookRow> = table
        .map(|t| {
            t.rows
                .iter()
                .map(|r| WorkbookRow {
                    name: r.written_name.clone(),
                    unit: r.written_unit.clone().unwrap_or_else(|| r.unit.clone()),
                    values: r
                        .values
                        .iter()
                        .filter_map(|v| Some((v.year, v.value?)))
                        .collect(),
                    // The row's name cell as written (the figure itself is quoted in the message).
                    evidence: crate::check::indicators::table_cell_evidence(
                        sub,
                        t,
                        (r.row, u32::MAX),
                        r.row,
                    ),
                })
                .collect()
        })
        .unwrap_or_default();
    ledger(plan, report, &book, profile)
}

/// TARGET_NOT_MET (the target and the achievement quoted) and TARGET_NOT_REPORTED (the target
/// quoted, and where the achievement was looked for).
pub fn flags(
    lines: &[Line],
    profile: &crate::profile::Profile,
) -> Vec<crate::check::finding::Flag> {
    use crate::check::code::FlagCode;
    use crate::check::finding::Flag;
    let cmp = |c: Comparator| match c {
        Comparator::AtLeast => "不低于",
        Comparator::AtMost => "不高于",
    };
    let subject = |l: &Line| l.indicator.clone().unwrap_or_else(|| l.name.clone());
    lines
        .iter()
        .filter_map(|l| {
            let t = &l.target;
            let year = t.year.map(|y| format!("{y}年")).unwrap_or_default();
            let aim = format!(
                "{year}“{}”{}{}{}{}",
                l.name,
                if t.growth { "增幅" } else { "" },
                cmp(t.comparator),
                fmt_num(t.value),
                t.unit
            );
            match (l.status, &l.achieved) {
                (Status::NotMet, Some(a)) => Some(Flag::ruled(
                    profile,
                    FlagCode::TargetNotMet,
                    FlagCode::TargetNotMet,
                    Some(&subject(l)),
                    format!(
                        "上一轮实施方案的目标是{aim}；{}所报完成值为{}{}{}，未达到目标。请核对完成情况及原因说明。",
                        a.source.zh(),
                        a.year.map(|y| format!("{y}年")).unwrap_or_default(),
                        fmt_num(a.value),
                        a.unit
                    ),
                    vec![t.evidence.clone(), a.evidence.clone()],
                )),
                (Status::NotReported, _) => Some(Flag::ruled(
                    profile,
                    FlagCode::TargetNotReported,
                    FlagCode::TargetNotReported,
                    Some(&subject(l)),
                    format!(
                        "上一轮实施方案的目标是{aim}；自评报告和指标表中都没有找到{year}“{}”的完成值（按指标名称及其常见写法查找，只认目标年份或未注明年份的数值）。请核对是否遗漏。",
                        l.name
                    ),
                    vec![t.evidence.clone()],
                )),
                _ => None,
            }
        })
        .collect()
}

/// TARGET_IMPLAUSIBLE for an application's new plan (period after the evaluation year), against
/// the city's own workbook: a level target (≥) below the latest value the workbook gives for the
/// same indicator, or an annual growth target above both `implausible_growth_factor` times and
/// `implausible_growth_points` points over the city's own annual growth in the workbook's years.
/// Only targets naming one of the template's indicators are compared.
pub fn plausibility(
    sub: &crate::submission::Submission,
    table: Option<&crate::check::indicators::Table>,
    profile: &crate::profile::Profile,
) -> Vec<crate::check::finding::Flag> {
    use crate::check::code::FlagCode;
    use crate::check::finding::Flag;
    let spec = &profile.rules.ledger;
    let (Some(table), Some(crate::submission::Role::Application)) = (table, sub.meta.role) else {
        return Vec::new();
    };
    let Some((plan, period)) = sub
        .documents_of(crate::document::model::DocKind::ImplementationPlan)
        .find_map(|d| {
            plan_period(d)
                .filter(|p| p.0 > spec.evaluation_year)
                .map(|p| (d, p))
        })
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, t) in targets(plan, period, spec) {
        let Some(ind) = template_indicator(&name, profile) else {
            continue;
        };
        let Some(row) = table.rows.iter().find(|r| r.id == ind.id) else {
            continue;
        };
        let mut values: Vec<(u16, f64)> = row
            .values
            .iter()
            .filter_map(|v| Some((v.year, v.value?)))
            .collect();
        values.sort_by_key(|v| v.0);
        let Some(&(last_year, last)) = values.last() else {
            continue;
        };
        let cell = row
            .values
            .iter()
            .find(|v| v.year == last_year)
            .map(|v| crate::check::indicators::table_cell_evidence(sub, table, v.cell, row.row))
            .unwrap_or_else(|| {
                crate::check::indicators::table_cell_evidence(
                    sub,
                    table,
                    (row.row, u32::MAX),
                    row.row,
                )
            });
        let message = if !t.growth && t.comparator == Comparator::AtLeast {
            match comparable((t.value, &t.unit), (last, &row.unit), spec) {
                Some((target, base)) if target < base => Some(format!(
                    "新实施方案的目标是{}“{name}”不低于{}{}，低于指标表中{last_year}年已达到的{}{}。请核对目标是否偏低或单位是否有误。",
                    t.year.map(|y| format!("{y}年")).unwrap_or_default(),
                    fmt_num(t.value),
                    t.unit,
                    fmt_num(last),
                    row.unit
                )),
                _ => None,
            }
        } else if t.growth && matches!(t.unit.as_str(), "%" | "％") && values.len() >= 2 {
            let (y0, v0) = values[0];
            let years = f64::from(last_year - y0);
            let record = if v0 > 0.0 && years > 0.0 {
                ((last / v0).powf(1.0 / years) - 1.0) * 100.0
            } else {
                f64::NAN
            };
            (record.is_finite()
                && record > 0.0
                && t.value > record * spec.implausible_growth_factor
                && t.value > record + spec.implausible_growth_points)
                .then(|| {
                    format!(
                        "新实施方案要求“{name}”年均增长{}%，而指标表中{y0}—{last_year}年本市年均增速约为{}%（{}{}→{}{}）。请核对目标是否切合实际。",
                        fmt_num(t.value),
                        fmt_num((record * 10.0).round() / 10.0),
                        fmt_num(v0),
                        row.unit,
                        fmt_num(last),
                        row.unit
                    )
                })
        } else {
            None
        };
        if let Some(message) = message {
            out.push(Flag::ruled(
                profile,
                FlagCode::TargetImplausible,
                FlagCode::TargetImplausible,
                Some(&ind.id),
                message,
                vec![t.evidence.clone(), cell],
            ));
        }
    }
    out
}

/// A number as a reviewer writes it: no trailing zeros (1.50 → 1.5, 600.0 → 600).
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> LedgerSpec {
        crate::profile::Profile::embedded().rules.ledger
    }

    /// Clauses from plans written by a helper who never saw this code (tests/fixtures/
    /// targets-independent), each with the target it states.
    #[test]
    fn clauses_of_independent_plans() {
        let spec = spec();
        let ge = Comparator::AtLeast;
        let le = Comparator::AtMost;
        for (clause, name, value, unit, cmp, growth) in [
            (
                "设立规模不低于3亿元的风险补偿资金池",
                "风险补偿资金池规模",
                3.0,
                "亿元",
                ge,
                false,
            ),
            (
                "推动全市政府引导基金规模达到100亿元",
                "政府引导基金规模",
                100.0,
                "亿元",
                ge,
                false,
            ),
            (
                "新增科创板、创业板上市企业3家",
                "新增科创板、创业板上市企业",
                3.0,
                "家",
                ge,
                false,
            ),
            (
                "三年内“科创贷”累计投放不少于30亿元",
                "“科创贷”累计投放",
                30.0,
                "亿元",
                ge,
                false,
            ),
            (
                "培育省级以上“专精特新”企业300家以上",
                "省级以上“专精特新”企业",
                300.0,
                "家",
                ge,
                false,
            ),
            ("入驻企业5000户以上", "入驻企业", 5000.0, "户", ge, false),
            (
                "银行业不良贷款率控制在1.5%以内",
                "银行业不良贷款率",
                1.5,
                "%",
                le,
                false,
            ),
            ("不良贷款率保持在1%以下", "不良贷款率", 1.0, "%", le, false),
            (
                "普惠小微企业贷款加权平均利率不高于5.5%",
                "普惠小微企业贷款加权平均利率",
                5.5,
                "%",
                le,
                false,
            ),
            (
                "制造业中长期贷款余额年均增长15%以上",
                "制造业中长期贷款余额",
                15.0,
                "%",
                ge,
                true,
            ),
            (
                "制造业贷款余额年均增速不低于10%",
                "制造业贷款余额",
                10.0,
                "%",
                ge,
                true,
            ),
            ("新增5家上市企业", "新增上市企业", 5.0, "家", ge, false),
        ] {
            let got = clause_targets(&clean(clause), &spec);
            assert_eq!(
                got,
                vec![Stated {
                    name: name.to_owned(),
                    value,
                    unit: unit.to_owned(),
                    comparator: cmp,
                    growth
                }],
                "{clause}"
            );
        }
        // Two figures listed under one verb.
        let got = clause_targets(&clean("新增上市企业5家、新三板挂牌企业10家"), &spec);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].name, "新三板挂牌企业");
        // Not a target: a time limit.
        assert!(clause_targets(&clean("融资需求发布后3个工作日内完成首次对接"), &spec).is_empty());
    }

    #[test]
    fn units_convert_and_kinds_stay_apart() {
        let spec = spec();
        assert_eq!(
            comparable((12.86, "亿元"), (100000.0, "万元"), &spec),
            Some((12.86, 10.0))
        );
        assert!(comparable((5.0, "个百分点"), (5.0, "%"), &spec).is_none());
        assert!(comparable((5.0, "家"), (5.0, "亿元"), &spec).is_none());
        assert_eq!(
            comparable((72.0, "场"), (60.0, "场"), &spec),
            Some((72.0, 60.0))
        );
        assert_eq!(fmt_num(600.0), "600");
        assert_eq!(fmt_num(1.50), "1.5");
    }

    /// Counts in ten thousands convert; counts of different things never compare (rounds 2–3 of
    /// the independent fixtures: 8万户, 42期 of training against 3,000 people).
    #[test]
    fn counts_in_ten_thousands_and_count_groups() {
        let spec = spec();
        assert_eq!(unit_at("万户以上", &spec), Some("万户"));
        assert_eq!(unit_at("万元", &spec), Some("万元"));
        assert_eq!(
            comparable((1.21, "万户"), (10000.0, "户"), &spec),
            Some((12100.0, 10000.0))
        );
        assert!(comparable((42.0, "期"), (3000.0, "人次"), &spec).is_none());
        assert!(comparable((9.0, "个"), (10.0, "只"), &spec).is_some());
    }

    /// A clause splits at commas but not inside 3,046.2 or 1:4; names in quotation marks and
    /// “一批” hold no figure; 1:N is a leverage of N倍, 1:1 and 2:6:2 are not.
    #[test]
    fn clauses_figures_and_ratios() {
        let spec = spec();
        assert_eq!(
            clauses("余额3,046.2亿元,较年初增加318.7亿元"),
            vec!["余额3,046.2亿元", "较年初增加318.7亿元"]
        );
        assert_eq!(clauses("比例达到1:4,放大"), vec!["比例达到1:4", "放大"]);
        assert!(quantities("实施“四个一批”工程", &spec).is_empty());
        assert!(quantities("培育一批链主企业", &spec).is_empty());
        let q = quantities("撬动社会资本比例达到1:5", &spec);
        assert_eq!((q[0].value, q[0].unit.as_str()), (5.0, "倍"));
        assert!(quantities("按1:1配套", &spec).is_empty());
        assert!(quantities("按2:6:2分担", &spec)
            .iter()
            .all(|q| q.unit != "倍"));
    }

    /// The year a clause names itself, not a base year or a range.
    #[test]
    fn own_years() {
        assert_eq!(
            own_year("2022年供应链金融融资规模达到100亿元", (2021, 2023)),
            Some(2022)
        );
        assert_eq!(own_year("较2020年提高2个百分点", (2021, 2023)), None);
        assert_eq!(own_year("（2021—2023年）", (2021, 2023)), None);
        assert_eq!(own_year("（二）2022年目标", (2021, 2023)), Some(2022));
    }

    #[test]
    fn table_name_notes() {
        let spec = spec();
        assert_eq!(
            split_name_note("普惠小微贷款余额(亿元)", &spec),
            ("普惠小微贷款余额".to_owned(), Some("亿元".to_owned()))
        );
        assert_eq!(
            split_name_note("直接融资规模(三年累计)", &spec),
            ("三年累计直接融资规模".to_owned(), None)
        );
        assert_eq!(
            split_name_note("首贷户数(万户)", &spec),
            ("首贷户数".to_owned(), Some("万户".to_owned()))
        );
        assert_eq!(multiple_of_base("较2020年翻一番", "5.2"), Some(10.4));
    }

    /// Report-side readings: titles blanked byte for byte, increments listed by kind summed, a
    /// change in points stated as two levels, quotes given back as written.
    #[test]
    fn report_readings() {
        let spec = spec();
        let s = "制定《南通市产业投资基金管理办法》等政策文件9个";
        let m = mask_titles(s);
        assert_eq!(m.len(), s.len());
        assert!(!m.contains("产业投资基金"));
        assert_eq!(
            listed_after("、创业板5家、科创板3家、北交所1家,总数达55家", "家", &spec),
            9.0
        );
        assert_eq!(listed_after(",总数达55家", "家", &spec), 0.0);
        let keys = vec!["制造业增加值占地区生产总值比重".to_owned()];
        let rise = "制造业增加值占地区生产总值比重由2020年的36.2%提高至2023年的37.5%。";
        let got = two_levels(rise, "", &keys, &spec).expect("two levels");
        assert_eq!((got.value, got.year), (1.3, Some(2023)));
        let keys = vec!["企业贷款加权平均利率".to_owned()];
        let fall = "全市企业贷款加权平均利率由2020年的5.86%降至2023年的5.21%。";
        assert_eq!(
            two_levels(fall, "", &keys, &spec).map(|a| a.value),
            Some(0.65)
        );
        assert_eq!(
            verbatim(
                "截至2023年末，全市 制造业贷款余额 563.2亿元。",
                "全市制造业贷款余额563.2亿元"
            ),
            "全市 制造业贷款余额 563.2亿元"
        );
        assert_eq!(
            category_of("科技支行等科技金融专营机构"),
            "科技金融专营机构"
        );
        assert_eq!(category_of("中高等级信用企业"), "中高等级信用企业");
    }

    /// The plan's period comes from its title lines or a sentence naming it, never from an
    /// opening paragraph recalling the earlier round.
    #[test]
    fn plan_period_from_the_title_not_the_recollection() {
        use crate::document::model::DocKind;
        let doc = |lines: &[&str]| {
            crate::document::structure::document_of("方案.docx", DocKind::ImplementationPlan, lines)
        };
        assert_eq!(
            plan_period(&doc(&[
                "某市国家产融合作试点城市实施方案",
                "（2021—2023年）",
                "正文。"
            ])),
            Some((2021, 2023))
        );
        assert_eq!(
            plan_period(&doc(&[
                "某市国家产融合作试点城市实施方案",
                "我市2021—2023年试点期间，金融服务制造业的能力明显增强，产融合作体制机制日益完善，为深化试点奠定了坚实基础，现制定新一轮实施方案。",
                "一、总体要求",
            ])),
            None
        );
        assert_eq!(
            plan_period(&doc(&[
                "某市国家产融合作试点城市实施方案",
                "本方案实施期为2024—2026年，分三个阶段推进，确保试点各项任务落到实处，形成可复制可推广的经验。",
            ])),
            Some((2024, 2026))
        );
    }

    /// Year-by-year figures in one clause: the target year's, the mean for 年均, the sum for 累计
    /// (柳州's 新增担保额 in the independent fixtures).
    #[test]
    fn yearly_lists() {
        let spec = spec();
        let target = |quote: &str, year: u16| PlanTarget {
            value: 40.0,
            unit: "亿元".into(),
            year: Some(year),
            comparator: Comparator::AtLeast,
            growth: false,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: quote.into(),
            },
        };
        let s = "2021年、2022年、2023年新增担保额分别为35.2亿元、42.6亿元、47.9亿元。";
        let end = s.find("分别").expect("at");
        let got = |t: &PlanTarget| yearly_list(s, end, t, 2023, &spec).map(|v| v.0);
        assert_eq!(got(&target("新增担保额年均不低于40亿元", 2023)), Some(41.9));
        assert_eq!(
            got(&target("三年累计新增担保额不低于100亿元", 2023)),
            Some(125.7)
        );
        assert_eq!(got(&target("新增担保额不低于40亿元", 2022)), Some(42.6));
        assert_eq!(got(&target("新增担保额不低于40亿元", 2020)), None);
    }

    /// A growth rate from workbook levels: year over year for 增速, compound from the base year for
    /// 年均 (包头's 科技型企业贷款余额增速 in the independent fixtures: 104.5/88.2 − 1 = 18.5%).
    #[test]
    fn growth_from_workbook_levels() {
        use crate::document::model::DocKind;
        let spec = spec();
        let plan = crate::document::structure::document_of(
            "方案.docx",
            DocKind::ImplementationPlan,
            &[
                "某市实施方案（2021—2023年）",
                "2020年末，科技型企业贷款余额60亿元。",
            ],
        );
        let row = WorkbookRow {
            name: "科技型企业贷款余额".into(),
            unit: "亿元".into(),
            values: vec![(2021, 71.4), (2022, 88.2), (2023, 104.5)],
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
        };
        let keys = keys("科技型企业贷款余额", None, &spec);
        let target = |quote: &str| PlanTarget {
            value: 15.0,
            unit: "%".into(),
            year: Some(2023),
            comparator: Comparator::AtLeast,
            growth: true,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: quote.into(),
            },
        };
        let rate = |quote: &str| {
            growth_from_book(
                std::slice::from_ref(&row),
                &keys,
                "科技型企业贷款余额",
                &plan,
                &target(quote),
                (2021, 2023),
                &spec,
            )
            .map(|a| a.value)
        };
        assert_eq!(rate("科技型企业贷款余额增速不低于15%"), Some(18.5));
        // (104.5 / 60)^(1/3) − 1 = 20.3%, the base from the plan.
        assert_eq!(rate("科技型企业贷款余额年均增长15%以上"), Some(20.3));
    }
}
