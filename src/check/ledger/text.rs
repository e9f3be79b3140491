//! Reading the text of plans and reports: figures and their units (money, %, 个百分点, counts in
//! groups, 倍, 1:N), clauses and sentences split where a comma is no thousands separator, the
//! year a clause names, titles blanked, quotes mapped back to the text as written, table cells.

use std::sync::OnceLock;

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::Document;
use crate::document::text::{contains_any, fold_width};
use crate::profile::rules_spec::LedgerSpec;

/// The text of `original` that `cleaned` (a part of `clean(original)`) was read from: full width
/// and spaces as written, so a quote is found where the reviewer reads it. `cleaned` itself when
/// it is not there.
pub(super) fn verbatim(original: &str, cleaned: &str) -> String {
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
pub(super) fn clean(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub(super) fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\d[\d,]*(?:\.\d+)?").expect("number"))
}

/// “1:5”, “1∶4.5” at the start of a text, not one of several parts (2:6:2).
pub(super) fn ratio_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^1\s*[:：∶]\s*(\d+(?:\.\d+)?)(?:[^:：∶\d.]|$)").expect("ratio"))
}

/// The compound yearly growth from `base` to `end` over `years`, in % (unrounded): (end/base)^(1/years) − 1.
/// None for a base or a span that is not positive.
pub(super) fn yearly_rate(base: f64, end: f64, years: f64) -> Option<f64> {
    (base > 0.0 && years > 0.0).then(|| ((end / base).powf(1.0 / years) - 1.0) * 100.0)
}

pub(super) fn year_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(20\d{2})年").expect("year"))
}

/// The number at the start of `s` (Arabic, or Chinese numerals up to thousands) and its length.
pub(super) fn leading_number(s: &str) -> Option<(f64, usize)> {
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

/// A number at the start of `s` with its decimals in words (十六点二 = 16.2, 三点五 = 3.5) and
/// its length.
fn decimal_number(s: &str) -> Option<(f64, usize)> {
    let (whole, len) = leading_number(s)?;
    let Some(rest) = s[len..].strip_prefix('点') else {
        return Some((whole, len));
    };
    let mut scale = 0.1;
    let mut value = whole;
    let mut used = len + '点'.len_utf8();
    for c in rest.chars() {
        let Some(d) = "零一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .or_else(|| (c == '〇').then_some(0))
        else {
            break;
        };
        value += d as f64 * scale;
        scale /= 10.0;
        used += c.len_utf8();
    }
    Some(((value * 1e6).round() / 1e6, used))
}

/// The kind of a unit: money (in 亿元), percent, points, times, or a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Money(f64),
    Percent,
    Points,
    Times,
    /// A count, with its scale: 1 for 户, 10000 for 万户.
    Count(f64),
}

pub(super) fn kind(unit: &str, spec: &LedgerSpec) -> Option<Kind> {
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
pub(super) fn comparable(a: (f64, &str), b: (f64, &str), spec: &LedgerSpec) -> Option<(f64, f64)> {
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
pub(super) fn same_group(a: &str, b: &str, spec: &LedgerSpec) -> bool {
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
pub(super) fn unit_at<'a>(s: &'a str, spec: &'a LedgerSpec) -> Option<&'a str> {
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
pub(super) struct Quantity {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: f64,
    pub(super) unit: String,
}

pub(super) fn quantities(clause: &str, spec: &LedgerSpec) -> Vec<Quantity> {
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
            // “年均增长百分之十六点二” (天水 in round 19): a percentage in words.
            if let Some((value, len)) = rest.strip_prefix("百分之").and_then(decimal_number) {
                let end = i + "百分之".len() + len;
                out.push(Quantity {
                    start: i,
                    end,
                    value,
                    unit: "%".into(),
                });
                i = end;
                continue;
            }
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
                        // “2020年-6.8%” (咸宁 in round 43): a fall, its sign before it — not the
                        // dash of a range (5%-8%, 2021-2023年).
                        let mut sign = clause[..i].chars().rev();
                        let negative = matches!(unit, "%" | "％")
                            && matches!(sign.next(), Some('-' | '－' | '−'))
                            && sign.next().is_none_or(|c| {
                                !c.is_ascii_digit() && !matches!(c, '%' | '％' | '.')
                            });
                        let start = if negative {
                            i - clause[..i].chars().next_back().map_or(0, char::len_utf8)
                        } else {
                            i
                        };
                        out.push(Quantity {
                            start,
                            end: i + len + unit.len(),
                            value: if negative { -value } else { value },
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

pub(super) fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|c| crate::document::text::is_han(*c))
        .count()
}

/// The clauses of a sentence: split at commas (not a thousands separator, 3,046.2), semicolons
/// and colons.
pub(super) fn clauses(sentence: &str) -> Vec<&str> {
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
pub(super) fn between_digits(text: &str, i: usize) -> bool {
    text[..i].ends_with(|d: char| d.is_ascii_digit())
        && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())
}

/// `text` split after each of `seps`, an ASCII ',' or ':' between digits excepted (1:4 is a ratio).
pub(super) fn split_inclusive_at<'a>(text: &'a str, seps: &[char]) -> Vec<&'a str> {
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
pub(super) fn first_clause(sentence: &str) -> &str {
    let end = clause_end(sentence, 0);
    let end = sentence[..end].find(['；', ';']).unwrap_or(end);
    &sentence[..end]
}

pub(super) fn contains_prefix(s: &str, words: &[String]) -> bool {
    words
        .iter()
        .any(|w| !w.is_empty() && s.starts_with(w.as_str()))
}

/// A table's name cell without its trailing note: (name, the unit when the note is one). A note
/// that is no unit (三年累计, 三年累计新增) goes before the name, as a sentence would write it; a
/// note of both (三年累计，亿元) is split so.
pub(super) fn split_name_note(cell: &str, spec: &LedgerSpec) -> (String, Option<String>) {
    let Some(open) = cell.rfind('(').filter(|_| cell.ends_with(')')) else {
        return (cell.to_owned(), None);
    };
    let (name, note) = (&cell[..open], &cell[open + 1..cell.len() - 1]);
    if han_count(name) < 2 {
        return (cell.to_owned(), None);
    }
    // “（三年累计，亿元）” (阜新 in round 33): how it counts and the unit, both.
    if let Some((how, unit)) = note
        .rsplit_once([',', '，', '；', ';'])
        .filter(|(how, unit)| kind(unit.trim(), spec).is_some() && kind(how, spec).is_none())
        .filter(|(how, _)| han_count(how) >= 2 && !how.chars().any(|c| c.is_ascii_digit()))
    {
        return (format!("{how}{name}"), Some(unit.trim().to_owned()));
    }
    if kind(note, spec).is_some() {
        (name.to_owned(), Some(note.to_owned()))
    } else if han_count(note) >= 2 && !note.chars().any(|c| c.is_ascii_digit()) {
        (format!("{note}{name}"), None)
    } else {
        (cell.to_owned(), None)
    }
}

/// The one year within the period (or the year after) a text names, not a base year (较2020年) and
/// not a range (2021—2023年): the latest when several.
pub(super) fn own_year(text: &str, period: (u16, u16)) -> Option<u16> {
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
pub(super) fn row_evidence(doc: &Document, block: usize, name: &str) -> Evidence {
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

/// Where the clause holding byte `at` of `text` starts (after the last comma before it).
pub(super) fn start_of_clause(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rfind(|(_, c)| matches!(c, '，' | ','))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The year a figure at `at` in `sentence` is for: the last year written before it that is not
/// a base (较2020年, 比2020年末).
pub(super) fn year_before(sentence: &str, at: usize) -> Option<u16> {
    own_years(&sentence[..at]).last()
}

/// The years `text` writes as its own, in order: not a base (较2020年, 比2020年末, 由2019年,
/// “较试点前的2020年末”, 同2020年, 高于2020年).
pub(super) fn own_years(text: &str) -> impl Iterator<Item = u16> + '_ {
    static BASE: OnceLock<Regex> = OnceLock::new();
    let base = BASE.get_or_init(|| Regex::new(r"(?:较|比|由|从)\p{Han}{1,6}的$").expect("base"));
    year_re()
        .captures_iter(text)
        .filter(move |c| {
            let start = c.get(0).map_or(0, |m| m.start());
            let lead: String = text[..start].chars().rev().take(1).collect();
            !matches!(lead.as_str(), "较" | "比" | "于" | "同" | "由" | "从")
                && !base.is_match(&text[..start])
        })
        .filter_map(|c| c[1].parse().ok())
}

/// A character of the same UTF-8 length as `c` that is no word: blanking keeps byte offsets.
pub(super) fn blank(c: char) -> char {
    match c.len_utf8() {
        1 => '_',
        2 => '§',
        3 => '□',
        _ => '𝔸',
    }
}

/// `text` with the inside of 《》 blanked, byte for byte (a title names no indicator).
pub(super) fn mask_titles(text: &str) -> String {
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
            c if depth > 0 => blank(c),
            c => c,
        })
        .collect()
}

/// Where the clause running from `from` ends: the next comma that is no thousands separator
/// (3,046.2亿元), or the end.
pub(super) fn clause_end(text: &str, from: usize) -> usize {
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

/// The years a text names, in order: each written one (2021年、2022年和2023年) and a range
/// (2021年至2023年, 2021—2023年) spelled out year by year.
pub(super) fn listed_years(text: &str) -> Vec<u16> {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let range = RANGE.get_or_init(|| {
        Regex::new(r"(20\d{2})\s*年?\s*(?:至|到|—|–|-|－|~|～)+\s*(20\d{2})\s*年").expect("range")
    });
    let mut out = Vec::new();
    let mut last = 0;
    for c in range.captures_iter(text) {
        let m = c.get(0).expect("match");
        out.extend(
            year_re()
                .captures_iter(&text[last..m.start()])
                .filter_map(|y| y[1].parse::<u16>().ok()),
        );
        if let (Ok(a), Ok(z)) = (c[1].parse::<u16>(), c[2].parse::<u16>()) {
            if a <= z && z - a <= 5 {
                out.extend(a..=z);
            }
        }
        last = m.end();
    }
    out.extend(
        year_re()
            .captures_iter(&text[last..])
            .filter_map(|y| y[1].parse::<u16>().ok()),
    );
    out
}

/// The column of a table header (cells cleaned) that names its rows: the first headed by a name
/// word (`table_name_columns`: 指标, 名称 …) that is not a category's (`table_category_columns`:
/// “指标类别|指标名称|单位|目标值”, 本溪 in round 29), else the first headed by a name word.
pub(super) fn name_column(header: &[String], spec: &LedgerSpec) -> Option<usize> {
    let named = |c: &String| contains_any(c, &spec.table_name_columns);
    header
        .iter()
        .position(|c| named(c) && !contains_any(c, &spec.table_category_columns))
        .or_else(|| header.iter().position(named))
}

/// `s` without the 公文 label it opens with (“3．”, “（二）”).
pub(super) fn strip_label(s: &str) -> &str {
    let s = s.trim_start();
    match crate::document::structure::parse_label(s) {
        Some(label) => s
            .char_indices()
            .nth(label.chars)
            .map_or("", |(i, _)| &s[i..]),
        None => s,
    }
}
