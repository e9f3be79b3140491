//! Queries and snippets. The recall rule: every passage whose normalised text (width and case folded,
//! NFKC single characters, the source's whitespace ignored) holds a part's characters in sequence is a
//! hit — inside longer words too, one character included; space-separated parts must all occur, a
//! quoted phrase is one part. A part that is a dictionary word also scores as an indexed word, so a
//! passage where it stands as a word ranks above one where it sits inside a longer word. Snippets and
//! highlights are computed on the stored text in characters, across the source's whitespace.

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, InvertedIndexRangeQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::tokenizer::{bigram_cover, chars, normalize, query_words};
use super::{stored_text, stored_u64, tantivy_error, SearchError, SearchIndex};

/// Filters a search may carry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub city: Option<String>,
    pub province: Option<String>,
    pub kind: Option<String>,
    pub section: Option<String>,
    pub role: Option<String>,
}

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A dictionary word, matched as an indexed word (also inside longer words).
    Word(String),
    /// An exact character sequence (a quoted phrase, or a word the dictionary does not know).
    Exact(String),
}

impl Part {
    /// The text to highlight.
    pub fn needle(&self) -> &str {
        match self {
            Part::Word(w) | Part::Exact(w) => w,
        }
    }
}

/// Splits a query into parts. Space-separated parts must all occur; a quoted phrase is one part. A
/// part that is exactly one dictionary word is a `Word` (matched as a sequence, ranked as a word); any
/// other run of characters — a quoted phrase, an unknown word, several words written together, a
/// number with its point or sign — is an `Exact` sequence.
pub fn parse(si: &SearchIndex, query: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for (i, chunk) in query.split(['"', '“', '”']).enumerate() {
        let pieces: Vec<&str> = if i % 2 == 1 {
            vec![chunk]
        } else {
            chunk.split_whitespace().collect()
        };
        for piece in pieces {
            let exact: String = chars(piece).concat();
            if exact.is_empty() {
                continue;
            }
            let words = query_words(&si.jieba, piece);
            // One word and nothing else (no punctuation or symbol the segmenter dropped).
            let single_word = i % 2 == 0
                && words.len() == 1
                && words[0] == exact
                && (si.jieba.has_word(&words[0])
                    || words[0].chars().all(|c| c.is_ascii_alphanumeric()));
            parts.push(if single_word {
                Part::Word(words[0].clone())
            } else {
                Part::Exact(exact)
            });
        }
    }
    parts.dedup();
    parts
}

/// The characters of `s` in sequence: the recall rule (every passage holding the text is a hit,
/// inside longer words too, one character included). Two or more characters are a phrase of
/// covering character pairs on the bigram field; one character is every pair it begins (the terms
/// from `c` up to, not including, `c` followed by byte 0xFF, which no UTF-8 text holds), a constant
/// score: a one-character dictionary word is ranked by the word field ([`part_query`]).
fn sequence(si: &SearchIndex, s: &str) -> Box<dyn Query> {
    let chars = chars(s);
    let f = si.fields;
    let term = |field, t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))
    };
    match chars.as_slice() {
        [] => Box::new(BooleanQuery::new(Vec::new())),
        [one] => {
            let mut past = one.as_bytes().to_vec();
            past.push(0xFF);
            Box::new(InvertedIndexRangeQuery::new(
                Bound::Included(Term::from_field_text(f.bigrams, one)),
                Bound::Excluded(Term::from_field_bytes(f.bigrams, &past)),
            ))
        }
        _ => {
            let cover = bigram_cover(&chars);
            match cover.as_slice() {
                [(_, pair)] => term(f.bigrams, pair),
                _ => Box::new(PhraseQuery::new_with_offset(
                    cover
                        .iter()
                        .map(|(p, pair)| (*p, Term::from_field_text(f.bigrams, pair)))
                        .collect(),
                )),
            }
        }
    }
}

/// A part must occur as its character sequence; a dictionary word also scores as an indexed word,
/// so passages where it stands as a word rank above those where it sits inside a longer one.
fn part_query(si: &SearchIndex, p: &Part) -> Box<dyn Query> {
    match p {
        Part::Word(w) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, sequence(si, w)),
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(si.fields.text, w),
                    IndexRecordOption::WithFreqs,
                )),
            ),
        ])),
        Part::Exact(s) => sequence(si, s),
    }
}

/// Chinese names a reviewer may type for kinds and roles.
const KIND_NAMES: &[(&str, &str)] = &[
    ("自评报告", "self_evaluation"),
    ("评估报告", "self_evaluation"),
    ("实施方案", "implementation_plan"),
    ("试点实施方案", "implementation_plan"),
    ("方案", "implementation_plan"),
    ("指标", "indicators"),
    ("指标数据", "indicators"),
    ("试点指标数据", "indicators"),
    ("报送函", "cover_letter"),
    ("报送函件", "cover_letter"),
    ("函件", "cover_letter"),
    ("证明材料", "evidence"),
];
const ROLE_NAMES: &[(&str, &str)] = &[
    ("评估", "evaluation"),
    ("评估城市", "evaluation"),
    ("申报", "application"),
    ("申报城市", "application"),
];

/// Filters checked against the values the index holds: kinds and roles also by their Chinese names
/// (自评报告, 实施方案, 评估, 申报), cities and provinces also without their suffix (苏州 → 苏州市, 浙江 →
/// 浙江省). An unknown value is an error listing the valid ones, never a silent empty result.
pub fn resolve(si: &SearchIndex, filters: &Filters) -> Result<Filters, SearchError> {
    let f = si.fields;
    let one = |name: &'static str,
               field,
               value: &Option<String>,
               names: &[(&str, &str)]|
     -> Result<Option<String>, SearchError> {
        let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let valid = super::browse::field_values(si, field, 100_000)?;
        let v = names
            .iter()
            .find(|(zh, _)| *zh == v)
            .map_or(v, |(_, code)| *code);
        if valid.iter().any(|x| x == v) {
            return Ok(Some(v.to_owned()));
        }
        let suffixed: Vec<&String> = valid
            .iter()
            .filter(|x| {
                [
                    "市",
                    "省",
                    "区",
                    "县",
                    "自治区",
                    "壮族自治区",
                    "回族自治区",
                    "维吾尔自治区",
                ]
                .iter()
                .any(|s| x.strip_suffix(s) == Some(v))
            })
            .collect();
        match suffixed.as_slice() {
            [only] => Ok(Some((*only).clone())),
            _ => Err(SearchError::UnknownFilter {
                filter: name,
                value: v.to_owned(),
                valid,
            }),
        }
    };
    Ok(Filters {
        city: one("city", f.city, &filters.city, &[])?,
        province: one("province", f.province, &filters.province, &[])?,
        kind: one("kind", f.kind, &filters.kind, KIND_NAMES)?,
        section: one("section", f.section, &filters.section, &[])?,
        role: one("role", f.role, &filters.role, ROLE_NAMES)?,
    })
}

/// The tantivy query: every part must match, and every filter.
pub fn build(si: &SearchIndex, parts: &[Part], filters: &Filters) -> BooleanQuery {
    let f = si.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = parts
        .iter()
        .map(|p| (Occur::Must, part_query(si, p)))
        .collect();
    for (field, value) in [
        (f.city, &filters.city),
        (f.province, &filters.province),
        (f.kind, &filters.kind),
        (f.section, &filters.section),
        (f.role, &filters.role),
    ] {
        if let Some(v) = value {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )),
            ));
        }
    }
    BooleanQuery::new(clauses)
}

/// One hit, as the `search --json` contract has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub submission: String,
    pub city: String,
    pub province: String,
    pub document: String,
    pub kind: String,
    /// The heading path of the passage.
    pub section: String,
    /// The outline section id, when the passage lies in one.
    pub section_id: String,
    pub block: u64,
    pub score: f32,
    pub snippet: String,
    /// [start, end) in characters of `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// Characters of context a snippet holds.
pub const SNIPPET_CHARS: usize = 100;

/// Runs a search; `limit` caps the hits returned.
pub fn search(
    si: &SearchIndex,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    let filters = &resolve(si, filters)?;
    let parts = parse(si, query);
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let searcher = si.searcher()?;
    let q = build(si, &parts, filters);
    let limit = limit.max(1);
    let top = searcher
        .search(&q, &TopDocs::with_limit(limit).order_by_score())
        .map_err(tantivy_error)?;
    let f = si.fields;
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let d: TantivyDocument = searcher.doc(addr).map_err(tantivy_error)?;
        let s = |field| stored_text(&d, field);
        let text = s(f.text);
        let (snippet, highlights) = snippet(&text, &parts, SNIPPET_CHARS);
        hits.push(Hit {
            submission: s(f.submission),
            city: s(f.city),
            province: s(f.province),
            document: s(f.file),
            kind: s(f.kind),
            section: s(f.heading),
            section_id: s(f.section),
            block: stored_u64(&d, f.block),
            score,
            snippet,
            highlights,
        });
    }
    Ok(hits)
}

/// Every character span of `text` where a part's needle occurs, compared as the index compares:
/// normalised (case, width, compatibility forms) and with the source's whitespace skipped, so a
/// match across "中国制造 2025" spans the space.
pub fn spans(text: &str, parts: &[Part]) -> Vec<(usize, usize)> {
    let norm: Vec<char> = normalize(text).chars().collect();
    if norm.len() != text.chars().count() {
        return Vec::new();
    }
    // The non-whitespace characters and where each stands in the text.
    let at: Vec<usize> = (0..norm.len())
        .filter(|&i| !norm[i].is_whitespace())
        .collect();
    let compact: Vec<char> = at.iter().map(|&i| norm[i]).collect();
    let mut out = Vec::new();
    for p in parts {
        let needle: Vec<char> = normalize(p.needle())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if needle.is_empty() || needle.len() > compact.len() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= compact.len() {
            if compact[i..i + needle.len()] == needle[..] {
                out.push((at[i], at[i + needle.len() - 1] + 1));
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out.sort();
    // Overlapping spans merge; adjacent matches (“处处” for 处) stay one span each.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A window of at most `width` characters around the densest matches, with highlight spans in
/// characters of the snippet (an ellipsis, when added, counts as one character).
pub fn snippet(text: &str, parts: &[Part], width: usize) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    let found = spans(text, parts);
    let start = if chars.len() <= width {
        0
    } else {
        // The window start that holds the most match spans entirely.
        let best = found
            .iter()
            .map(|(s, _)| s.saturating_sub(width / 5).min(chars.len() - width))
            .max_by_key(|w| {
                (
                    found
                        .iter()
                        .filter(|(s, e)| s >= w && *e <= w + width)
                        .count(),
                    std::cmp::Reverse(*w),
                )
            })
            .unwrap_or(0);
        best
    };
    let end = (start + width).min(chars.len());
    let lead = usize::from(start > 0);
    let mut out = String::new();
    if lead == 1 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let highlights = found
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| [s - start + lead, e - start + lead])
        .collect();
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_on_characters_and_highlight_exactly() {
        let text = format!(
            "{}设立风险补偿资金池，支持知识产权质押融资。{}",
            "前文".repeat(60),
            "后文".repeat(60)
        );
        let parts = vec![
            Part::Word("风险补偿资金池".into()),
            Part::Word("知识产权质押融资".into()),
        ];
        let (s, h) = snippet(&text, &parts, 40);
        assert!(s.chars().count() <= 42);
        assert_eq!(h.len(), 2);
        let sc: Vec<char> = s.chars().collect();
        assert_eq!(
            sc[h[0][0]..h[0][1]].iter().collect::<String>(),
            "风险补偿资金池"
        );
        assert_eq!(
            sc[h[1][0]..h[1][1]].iter().collect::<String>(),
            "知识产权质押融资"
        );
        // Never panics on any width or text.
        for w in 0..50 {
            let _ = snippet("ａＢ，风险", &parts, w);
            let _ = snippet("", &parts, w);
        }
    }
}
