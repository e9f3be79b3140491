//! Outline coverage: which of an outline's sections a report has, found by its headings (normalised,
//! matched by aliases and key terms at any depth) or, failing that, by its content — with the heading
//! or passage that matched and why.

use serde::{Deserialize, Serialize};

use crate::check::finding::Evidence;
use crate::document::model::{BlockKind, Document};
use crate::document::structure::parse_label;
use crate::document::text::fold_width;
use crate::profile::{Outline, SectionSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Thin,
    Missing,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Present, Status::Thin, Status::Missing];

    /// Its Chinese name for every printer: 齐全, 单薄, 缺失.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Present => "齐全",
            Status::Thin => "单薄",
            Status::Missing => "缺失",
        }
    }
}

/// How a section was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum MatchedBy {
    /// A heading containing this alias.
    Alias { alias: String },
    /// A heading containing all these terms.
    KeyTerms { terms: Vec<String> },
    /// A heading inside the section's group chapter naming its topic ("（二）政策与要素支撑" under
    /// "一、保障体系" covers 政策保障 and 资源保障).
    Topic { word: String },
    /// An item of an inline enumeration inside the group chapter ("一是组织上，成立……").
    Item { lead: String },
    /// No heading; a passage holding these content terms.
    Content { terms: Vec<String> },
}

/// One section's coverage in one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionCoverage {
    pub outline: String,
    pub id: String,
    pub title: String,
    pub status: Status,
    pub evidence: Option<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchedBy>,
    /// Characters of text the section holds (0 when missing).
    pub chars: usize,
    pub required: bool,
}

/// Heading text reduced for matching: label stripped, width folded, punctuation and spaces removed.
/// Coverage asks for the same headings once per block and section, so results are remembered per
/// thread (at most 4,096 of them).
pub fn normalize_heading(text: &str) -> String {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(n) = SEEN.with(|m| m.borrow().get(text).cloned()) {
        return n;
    }
    let n = normalize_uncached(text);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(text.to_owned(), n.clone());
    });
    n
}

fn normalize_uncached(text: &str) -> String {
    let rest: String = match parse_label(text) {
        Some(l) => text.chars().skip(l.chars).collect(),
        None => text.to_owned(),
    };
    fold_width(&rest)
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit() || *c == '+')
        .collect()
}

/// Why a heading matches a section, if it does: the whole heading, or one of the parts a heading
/// joins with 与/及/和 ("经验提炼与宣传推广" is both 典型经验 and 推广情况). Exclusions apply per part.
pub fn heading_match(spec: &SectionSpec, normalized: &str) -> Option<MatchedBy> {
    match_part(spec, normalized).or_else(|| {
        let parts = parts(normalized);
        if parts.len() > 1 {
            parts.iter().find_map(|p| match_part(spec, p))
        } else {
            None
        }
    })
}

/// The parts of a heading joined with 与/及/和: "组织领导与推进机制" → 组织领导, 推进机制.
fn parts(normalized: &str) -> Vec<&str> {
    normalized
        .split(['与', '及', '和'])
        .filter(|p| p.chars().count() >= 2)
        .collect()
}

fn match_part(spec: &SectionSpec, normalized: &str) -> Option<MatchedBy> {
    if spec
        .exclude
        .iter()
        .any(|x| !x.is_empty() && normalized.contains(x.as_str()))
    {
        return None;
    }
    if let Some(a) = spec
        .aliases
        .iter()
        .find(|a| !a.is_empty() && normalized.contains(a.as_str()))
    {
        return Some(MatchedBy::Alias { alias: a.clone() });
    }
    spec.key_terms
        .iter()
        .find(|terms| terms.iter().all(|t| normalized.contains(t.as_str())))
        .map(|terms| MatchedBy::KeyTerms {
            terms: terms.clone(),
        })
}

/// A topic word of the section in a heading (or one of its parts) that sits in the section's group
/// chapter: short words such as 政策, 要素, 稳链, 降碳 name a section only there.
pub fn topic_match(spec: &SectionSpec, normalized: &str) -> Option<MatchedBy> {
    let mut candidates = vec![normalized];
    candidates.extend(parts(normalized));
    candidates.into_iter().find_map(|p| {
        let excluded = spec
            .exclude
            .iter()
            .any(|x| !x.is_empty() && p.contains(x.as_str()));
        spec.topic_words
            .iter()
            .find(|w| !excluded && !w.is_empty() && p.contains(w.as_str()))
            .map(|w| MatchedBy::Topic { word: w.clone() })
    })
}

/// Per group of the outline (in `outline.groups` order), whether heading text `h` names it.
fn groups_named(outline: &Outline, h: &str) -> Vec<bool> {
    let n = normalize_heading(h);
    outline
        .groups
        .iter()
        .map(|g| {
            g.aliases
                .iter()
                .any(|a| !a.is_empty() && n.contains(a.as_str()))
        })
        .collect()
}

/// A heading block and the end of its section (exclusive block index).
struct HeadingSpan {
    block: usize,
    level: u8,
    end: usize,
}

fn heading_spans(doc: &Document) -> Vec<HeadingSpan> {
    fn walk(nodes: &[crate::document::model::SectionNode], out: &mut Vec<HeadingSpan>) {
        for n in nodes {
            out.push(HeadingSpan {
                block: n.block,
                level: n.level,
                end: n.end,
            });
            walk(&n.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&doc.sections, &mut out);
    out.sort_by_key(|h| h.block);
    out
}

fn sentences(text: &str) -> usize {
    text.split(['。', '！', '？', '；', '!', '?', '\n'])
        .filter(|s| s.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
        .count()
}

/// Present, or thin when shorter than the minimum or a single sentence.
fn status_of(spec: &SectionSpec, text: &str) -> Status {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if chars < spec.min_chars || sentences(text) <= 1 {
        Status::Thin
    } else {
        Status::Present
    }
}

/// Coverage of every section of `outline` over the given documents (all of the outline's kind).
pub fn coverage(outline: &Outline, docs: &[&Document]) -> Vec<SectionCoverage> {
    // How each heading names each section is the same question for every section: asked once per
    // document.
    let tables: Vec<HeadingTable> = docs.iter().map(|d| HeadingTable::new(outline, d)).collect();
    outline
        .sections
        .iter()
        .enumerate()
        .map(|(k, spec)| {
            let mut best: Option<SectionCoverage> = None;
            for table in &tables {
                let found = by_heading(outline, k, table)
                    .or_else(|| by_item(outline, spec, table))
                    .or_else(|| by_content(outline, spec, table));
                if let Some(c) = found {
                    let better = best.as_ref().is_none_or(|b| rank(&c) > rank(b));
                    if better {
                        best = Some(c);
                    }
                }
            }
            best.unwrap_or_else(|| SectionCoverage {
                outline: outline.spec.id.clone(),
                id: spec.id.clone(),
                title: spec.title.clone(),
                status: Status::Missing,
                evidence: None,
                matched: None,
                chars: 0,
                required: spec.required,
            })
        })
        .collect()
}

fn rank(c: &SectionCoverage) -> (u8, u8, usize) {
    let status = match c.status {
        Status::Present => 2,
        Status::Thin => 1,
        Status::Missing => 0,
    };
    let by_heading = u8::from(!matches!(
        c.matched,
        Some(MatchedBy::Content { .. } | MatchedBy::Item { .. })
    ));
    (status, by_heading, c.chars)
}

/// One document's headings against every section of an outline, computed once per document:
/// `matches[s][i]` is how heading `i` (in block order) names section `s` — by alias or key terms
/// anywhere, or by a topic word inside the section's group chapter — unless the heading sits in
/// another group's chapter and names a section of that group ("（二）数字化平台建设" under 创新实践
/// is the platform, not 数字技术与实体经济融合).
struct HeadingTable<'d> {
    doc: &'d Document,
    /// Per distinct heading text on any block's path: which groups it names ([`groups_named`]).
    /// Every section asks for every block whether it lies in its group's chapter.
    named_groups: std::collections::HashMap<&'d str, Vec<bool>>,
    /// Per block: its text with widths folded, made on first use (only sections found by no
    /// heading read the paragraphs).
    folded: std::cell::OnceCell<Vec<String>>,
    spans: Vec<HeadingSpan>,
    /// Per heading: whether it names a group chapter.
    group_heading: Vec<bool>,
    /// `[section][heading]`.
    matches: Vec<Vec<Option<MatchedBy>>>,
}

impl<'d> HeadingTable<'d> {
    fn new(outline: &Outline, doc: &'d Document) -> Self {
        let mut named_groups = std::collections::HashMap::new();
        for h in doc.blocks.iter().flat_map(|b| &b.section) {
            named_groups
                .entry(h.as_str())
                .or_insert_with(|| groups_named(outline, h));
        }
        let mut table = HeadingTable {
            doc,
            named_groups,
            folded: std::cell::OnceCell::new(),
            spans: Vec::new(),
            group_heading: Vec::new(),
            matches: Vec::new(),
        };
        table.fill(outline);
        table
    }

    /// Whether a block lies in a chapter of the section's group: a heading on its path (itself
    /// included) names the group, or the group takes the preface and the block stands before
    /// every heading. `path` is a block's section path or a prefix of one.
    fn in_group(&self, outline: &Outline, spec: &SectionSpec, path: &[String]) -> bool {
        let Some(g) = spec
            .group
            .as_ref()
            .and_then(|g| outline.groups.iter().position(|x| &x.id == g))
        else {
            return false;
        };
        if path.is_empty() {
            return outline.groups[g].preface;
        }
        path.iter()
            .any(|h| match self.named_groups.get(h.as_str()) {
                Some(named) => named[g],
                None => groups_named(outline, h)[g],
            })
    }

    /// Block `i`'s text with widths folded.
    fn folded(&self, i: usize) -> &str {
        &self.folded.get_or_init(|| {
            self.doc
                .blocks
                .iter()
                .map(|b| fold_width(&b.text))
                .collect()
        })[i]
    }

    fn fill(&mut self, outline: &Outline) {
        let doc = self.doc;
        let spans = heading_spans(doc);
        let normalized: Vec<String> = spans
            .iter()
            .map(|h| normalize_heading(&doc.blocks[h.block].text))
            .collect();
        // The headings above a heading (its own path without itself).
        let above: Vec<&[String]> = spans
            .iter()
            .map(|h| {
                let path = &doc.blocks[h.block].section;
                &path[..path.len().saturating_sub(1)]
            })
            .collect();
        let inside: Vec<Vec<bool>> = outline
            .sections
            .iter()
            .map(|s| above.iter().map(|a| self.in_group(outline, s, a)).collect())
            .collect();
        let named: Vec<Vec<Option<MatchedBy>>> =
            outline
                .sections
                .iter()
                .zip(&inside)
                .map(|(s, inside)| {
                    normalized
                        .iter()
                        .zip(inside)
                        .map(|(n, &inside)| {
                            heading_match(s, n).or_else(|| {
                                if inside {
                                    topic_match(s, n)
                                } else {
                                    None
                                }
                            })
                        })
                        .collect()
                })
                .collect();
        let matches = outline
            .sections
            .iter()
            .enumerate()
            .map(|(k, s)| {
                (0..spans.len())
                    .map(|i| {
                        let claimed = outline.sections.iter().enumerate().any(|(j, o)| {
                            o.group.is_some()
                                && o.group != s.group
                                && !above[i].is_empty()
                                && inside[j][i]
                                && named[j][i].is_some()
                        });
                        if claimed && s.group.is_some() {
                            None
                        } else {
                            named[k][i].clone()
                        }
                    })
                    .collect()
            })
            .collect();
        let group_heading = normalized
            .iter()
            .map(|n| {
                outline.groups.iter().any(|g| {
                    g.aliases
                        .iter()
                        .any(|a| !a.is_empty() && n.contains(a.as_str()))
                })
            })
            .collect();
        self.spans = spans;
        self.group_heading = group_heading;
        self.matches = matches;
    }
}

/// Section `k`'s own heading. A heading's text is what it holds minus the subtrees of headings that
/// belong to sections it does not cover: "（一）组织和工作机制" keeps its sub-point "1.成立领导小组"
/// (组织 is covered), "四、典型经验" loses "（二）经验推广". Headings that keep all their subtree are
/// preferred, then those that keep some text; a group heading gives way to a matching heading inside
/// it; among the rest, the shallowest.
fn by_heading(outline: &Outline, k: usize, table: &HeadingTable) -> Option<SectionCoverage> {
    let spec = &outline.sections[k];
    let doc = table.doc;
    let spans = &table.spans;
    let m = &table.matches;
    // A section other than this one that heading `inner` matches and heading `outer` does not.
    let foreign = |outer: usize, inner: usize| {
        m[k][inner].is_none()
            && (0..m.len()).any(|j| j != k && m[j][inner].is_some() && m[j][outer].is_none())
    };
    struct Candidate<'a> {
        i: usize,
        h: &'a HeadingSpan,
        m: MatchedBy,
        text: String,
        clean: bool,
    }
    let candidates: Vec<Candidate> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, h)| m[k][i].clone().map(|matched| (i, h, matched)))
        .map(|(i, h, m)| {
            let cut: Vec<&HeadingSpan> = spans
                .iter()
                .enumerate()
                .filter(|(j, c)| c.block > h.block && c.block < h.end && foreign(i, *j))
                .map(|(_, c)| c)
                .collect();
            let text = doc.blocks[(h.block + 1).min(doc.blocks.len())..h.end.min(doc.blocks.len())]
                .iter()
                .filter(|b| !cut.iter().any(|c| b.index >= c.block && b.index < c.end))
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Candidate {
                i,
                h,
                m,
                clean: cut.is_empty(),
                text,
            }
        })
        .filter(|c| c.clean || !c.text.trim().is_empty())
        .collect();
    let inner = |h: &HeadingSpan| {
        candidates
            .iter()
            .any(|c| c.h.block > h.block && c.h.block < h.end)
    };
    let best = candidates
        .iter()
        .filter(|c| !(table.group_heading[c.i] && inner(c.h)))
        .min_by_key(|c| (!c.clean, c.h.level, c.h.block))?;
    Some(SectionCoverage {
        outline: outline.spec.id.clone(),
        id: spec.id.clone(),
        title: spec.title.clone(),
        status: status_of(spec, &best.text),
        evidence: Some(Evidence::of_block(doc, best.h.block)),
        matched: Some(best.m.clone()),
        chars: best.text.chars().filter(|c| !c.is_whitespace()).count(),
        required: spec.required,
    })
}

/// Starts of inline enumeration items in a paragraph: 一是, 二是 … (after a stop or at the start).
fn item_starts(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let numeral = matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        );
        let after_stop = i == 0
            || matches!(
                chars[i - 1].1,
                '。' | '；' | '，' | '：' | ';' | ',' | ':' | '）' | ')'
            );
        if numeral && after_stop && chars.get(i + 1).is_some_and(|x| x.1 == '是') {
            out.push(at);
        }
    }
    out
}

/// No heading: an item of an inline enumeration in the group chapter whose opening phrase names
/// the section ("一是组织上，成立……", "二是政策保障有力。制订……").
fn by_item(outline: &Outline, spec: &SectionSpec, table: &HeadingTable) -> Option<SectionCoverage> {
    let doc = table.doc;
    for b in doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
        .filter(|b| table.in_group(outline, spec, &b.section))
    {
        let text = table.folded(b.index);
        let starts = item_starts(text);
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(text.len());
            let item = &text[s..e];
            let lead: String = item
                .chars()
                .skip(2)
                .take_while(|c| !matches!(c, '。' | '，' | '；' | '：' | ',' | ';' | ':'))
                .collect();
            let named = heading_match(spec, &lead).or_else(|| topic_match(spec, &lead));
            if named.is_some() {
                return Some(SectionCoverage {
                    outline: spec.outline.clone(),
                    id: spec.id.clone(),
                    title: spec.title.clone(),
                    status: status_of(spec, item),
                    evidence: Some(Evidence::of_block(doc, b.index)),
                    matched: Some(MatchedBy::Item { lead }),
                    chars: item.chars().filter(|c| !c.is_whitespace()).count(),
                    required: spec.required,
                });
            }
        }
    }
    None
}

/// No heading: the passage holding the most distinct content terms. In the section's group chapter
/// (outside sub-sections that belong to other sections) one term in a sentence is enough — a
/// results chapter written as one paragraph covers every result it names; elsewhere a paragraph
/// needs `min_content_hits` distinct terms.
fn by_content<'d>(
    outline: &Outline,
    spec: &SectionSpec,
    table: &HeadingTable<'d>,
) -> Option<SectionCoverage> {
    let doc = table.doc;
    // Whether a heading names another section of this group, asked once per heading text.
    let mut names_other: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    let mut other_section = |path: &'d [String]| {
        path.iter().skip(1).any(|h| {
            *names_other.entry(h.as_str()).or_insert_with(|| {
                let n = normalize_heading(h);
                outline
                    .sections
                    .iter()
                    .filter(|s| s.id != spec.id && s.group == spec.group)
                    .any(|s| heading_match(s, &n).is_some() || topic_match(s, &n).is_some())
            })
        })
    };
    let outside = spec
        .group
        .as_ref()
        .and_then(|g| outline.groups.iter().find(|x| &x.id == g))
        .is_none_or(|g| g.content_outside);
    let (block, terms) = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
        .filter(|b| outside || table.in_group(outline, spec, &b.section))
        .map(|b| {
            let text = table.folded(b.index);
            let grouped = table.in_group(outline, spec, &b.section) && !other_section(&b.section);
            let needed = if grouped { 1 } else { spec.min_content_hits };
            let hits: Vec<String> = spec
                .content_terms
                .iter()
                .filter(|t| !t.is_empty() && text.contains(t.as_str()))
                .cloned()
                .collect();
            (b.index, hits, needed)
        })
        .filter(|(_, hits, needed)| hits.len() >= *needed)
        .map(|(i, hits, _)| (i, hits))
        .max_by_key(|(i, hits)| (hits.len(), std::cmp::Reverse(*i)))?;
    let text = &doc.blocks[block].text;
    Some(SectionCoverage {
        outline: spec.outline.clone(),
        id: spec.id.clone(),
        title: spec.title.clone(),
        status: status_of(spec, text),
        evidence: Some(Evidence::of_block(doc, block)),
        matched: Some(MatchedBy::Content { terms }),
        chars: text.chars().filter(|c| !c.is_whitespace()).count(),
        required: spec.required,
    })
}

/// Marks a section found by a rule's own reading (a guarantee stated in an item, a target in a
/// sentence) as present when its heading was not found: evidence is that passage, `terms` what the
/// rule found.
pub fn cover_by_content(
    coverage: &mut [SectionCoverage],
    id: &str,
    evidence: Evidence,
    terms: Vec<String>,
) {
    if let Some(c) = coverage
        .iter_mut()
        .find(|c| c.id == id && c.status == Status::Missing)
    {
        c.status = Status::Present;
        c.chars = evidence
            .quote
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        c.matched = Some(MatchedBy::Content { terms });
        c.evidence = Some(evidence);
    }
}

/// The outline section each block of a document belongs to, as coverage found it: the blocks under
/// a section's heading (the narrowest wins), else the passage that stood in for a section.
pub fn section_ids(outline: &Outline, doc: &Document) -> Vec<Option<String>> {
    fn end_of(nodes: &[crate::document::model::SectionNode], block: usize) -> Option<usize> {
        nodes.iter().find_map(|n| {
            if n.block == block {
                Some(n.end)
            } else {
                end_of(&n.children, block)
            }
        })
    }
    // (by heading, start, end, id): a passage found by its content stands in for a section, but
    // a passage under a section's own heading belongs to that section.
    let mut spans: Vec<(bool, usize, usize, String)> = coverage(outline, &[doc])
        .into_iter()
        .filter_map(|c| {
            let e = c.evidence?;
            let (headed, end) = match c.matched {
                Some(MatchedBy::Content { .. } | MatchedBy::Item { .. }) => (false, e.block + 1),
                _ => (true, end_of(&doc.sections, e.block).unwrap_or(e.block + 1)),
            };
            Some((headed, e.block, end, c.id))
        })
        .collect();
    spans.sort_by_key(|(headed, s, e, _)| (*headed, std::cmp::Reverse(e - s)));
    let spans = spans.into_iter().map(|(_, s, e, id)| (s, e, id));
    let mut ids = vec![None; doc.blocks.len()];
    for (s, e, id) in spans {
        for slot in ids.iter_mut().take(e.min(doc.blocks.len())).skip(s) {
            *slot = Some(id.clone());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_headings() {
        assert_eq!(
            normalize_heading("（一）健全组织领导体系"),
            "健全组织领导体系"
        );
        assert_eq!(
            normalize_heading("一、 保障体系建设情况。"),
            "保障体系建设情况"
        );
        assert_eq!(normalize_heading("1.加强 组织领导："), "加强组织领导");
        assert_eq!(normalize_heading("第二部分　创新实践"), "创新实践");
    }
}
