//! Outline coverage: which of an outline's sections a report has, found by its headings (normalised,
//! matched by aliases and key terms at any depth) or, failing that, by its content — with the heading
//! or passage that matched and why.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{BlockKind, Document};
use crate::profile::{Outline, SectionSpec};
use crate::structure::parse_label;
use crate::text::fold_width;

/// Where a finding can be confirmed: the document, the heading path, the block and its original text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document: String,
    pub section: Option<String>,
    pub block: usize,
    pub quote: String,
}

impl Evidence {
    pub fn of_block(doc: &Document, index: usize) -> Evidence {
        let b = &doc.blocks[index];
        Evidence {
            document: doc.path.clone(),
            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
            block: index,
            quote: b.text.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Thin,
    Missing,
}

/// How a section was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum MatchedBy {
    /// A heading containing this alias.
    Alias { alias: String },
    /// A heading containing all these terms.
    KeyTerms { terms: Vec<String> },
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
pub fn normalize_heading(text: &str) -> String {
    let rest: String = match parse_label(text) {
        Some(l) => text.chars().skip(l.chars).collect(),
        None => text.to_owned(),
    };
    fold_width(&rest)
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit() || *c == '+')
        .collect()
}

/// Why a heading matches a section, if it does.
pub fn heading_match(spec: &SectionSpec, normalized: &str) -> Option<MatchedBy> {
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

/// A heading block and the end of its section (exclusive block index).
struct HeadingSpan {
    block: usize,
    level: u8,
    end: usize,
}

fn heading_spans(doc: &Document) -> Vec<HeadingSpan> {
    fn walk(nodes: &[crate::model::SectionNode], out: &mut Vec<HeadingSpan>) {
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
    outline
        .sections
        .iter()
        .map(|spec| {
            let mut best: Option<SectionCoverage> = None;
            for doc in docs {
                let found = by_heading(outline, spec, doc).or_else(|| by_content(spec, doc));
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
    let by_heading = u8::from(!matches!(c.matched, Some(MatchedBy::Content { .. })));
    (status, by_heading, c.chars)
}

/// The section's own heading. A heading's text is what it holds minus the subtrees of headings that
/// belong to sections it does not cover: "（一）组织和工作机制" keeps its sub-point "1.成立领导小组"
/// (组织 is covered), "四、典型经验" loses "（二）经验推广". Headings that keep all their subtree are
/// preferred, then those that keep some text; a group heading gives way to a matching heading inside
/// it; among the rest, the shallowest.
fn by_heading(outline: &Outline, spec: &SectionSpec, doc: &Document) -> Option<SectionCoverage> {
    let spans = heading_spans(doc);
    let normalized: HashMap<usize, String> = spans
        .iter()
        .map(|h| (h.block, normalize_heading(&doc.blocks[h.block].text)))
        .collect();
    // A section other than this one that heading `inner` matches and heading `outer` does not.
    let foreign = |outer: usize, inner: usize| {
        heading_match(spec, &normalized[&inner]).is_none()
            && outline
                .sections
                .iter()
                .filter(|s| s.id != spec.id)
                .any(|s| {
                    heading_match(s, &normalized[&inner]).is_some()
                        && heading_match(s, &normalized[&outer]).is_none()
                })
    };
    let is_group = |block: usize| {
        outline.groups.iter().any(|g| {
            g.aliases
                .iter()
                .any(|a| !a.is_empty() && normalized[&block].contains(a.as_str()))
        })
    };
    struct Candidate<'a> {
        h: &'a HeadingSpan,
        m: MatchedBy,
        text: String,
        clean: bool,
    }
    let candidates: Vec<Candidate> = spans
        .iter()
        .filter_map(|h| heading_match(spec, &normalized[&h.block]).map(|m| (h, m)))
        .map(|(h, m)| {
            let cut: Vec<&HeadingSpan> = spans
                .iter()
                .filter(|c| c.block > h.block && c.block < h.end && foreign(h.block, c.block))
                .collect();
            let text = doc.blocks[(h.block + 1).min(doc.blocks.len())..h.end.min(doc.blocks.len())]
                .iter()
                .filter(|b| !cut.iter().any(|c| b.index >= c.block && b.index < c.end))
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Candidate {
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
        .filter(|c| !(is_group(c.h.block) && inner(c.h)))
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

/// No heading: the passage holding the most distinct content terms, if it holds enough.
fn by_content(spec: &SectionSpec, doc: &Document) -> Option<SectionCoverage> {
    let (block, terms) = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
        .map(|b| {
            let text = fold_width(&b.text);
            let hits: Vec<String> = spec
                .content_terms
                .iter()
                .filter(|t| !t.is_empty() && text.contains(t.as_str()))
                .cloned()
                .collect();
            (b.index, hits)
        })
        .filter(|(_, hits)| hits.len() >= spec.min_content_hits)
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
pub fn cover_by_content(coverage: &mut [SectionCoverage], id: &str, evidence: Evidence, terms: Vec<String>) {
    if let Some(c) = coverage
        .iter_mut()
        .find(|c| c.id == id && c.status == Status::Missing)
    {
        c.status = Status::Present;
        c.chars = evidence.quote.chars().filter(|c| !c.is_whitespace()).count();
        c.matched = Some(MatchedBy::Content { terms });
        c.evidence = Some(evidence);
    }
}

/// The outline section each block of a document belongs to, as coverage found it: the blocks under
/// a section's heading, or the passage that stood in for it (the narrowest wins).
pub fn section_ids(outline: &Outline, doc: &Document) -> Vec<Option<String>> {
    fn end_of(nodes: &[crate::model::SectionNode], block: usize) -> Option<usize> {
        nodes.iter().find_map(|n| {
            if n.block == block {
                Some(n.end)
            } else {
                end_of(&n.children, block)
            }
        })
    }
    let mut spans: Vec<(usize, usize, String)> = coverage(outline, &[doc])
        .into_iter()
        .filter_map(|c| {
            let e = c.evidence?;
            let end = match c.matched {
                Some(MatchedBy::Content { .. }) => e.block + 1,
                _ => end_of(&doc.sections, e.block).unwrap_or(e.block + 1),
            };
            Some((e.block, end, c.id))
        })
        .collect();
    spans.sort_by_key(|(s, e, _)| std::cmp::Reverse(e - s));
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
