//! Browsing the index rather than searching it: the values a filter can take (from the term
//! dictionaries, so only values that occur), and one document's passages in order, for a hit's context.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyDocument, Term};

use super::{stored_text, stored_u64, tantivy_error, SearchError, SearchIndex};

/// Every distinct value of a keyword field (city, province, kind, section, role), sorted, at most `cap`.
pub fn field_values(
    si: &SearchIndex,
    field: Field,
    cap: usize,
) -> Result<Vec<String>, SearchError> {
    let searcher = si.searcher()?;
    let mut out = std::collections::BTreeSet::new();
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(field).map_err(tantivy_error)?;
        let mut stream = inverted.terms().stream().map_err(SearchError::Io)?;
        while stream.advance() {
            if let Ok(s) = std::str::from_utf8(stream.key()) {
                if !s.is_empty() {
                    out.insert(s.to_owned());
                }
            }
            if out.len() >= cap {
                break;
            }
        }
    }
    Ok(out.into_iter().take(cap).collect())
}

/// The level of a stored passage that is a heading (its text is the last part of its heading path
/// `A > B > C`, which has that many parts); `None` for any other passage.
pub fn heading_level(heading: &str, text: &str) -> Option<usize> {
    let parts: Vec<&str> = heading.split(" > ").collect();
    (parts.last() == Some(&text) && !text.is_empty()).then_some(parts.len())
}

/// A passage as stored, with its place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    pub block: u64,
    pub heading: String,
    pub text: String,
    pub city: String,
    pub province: String,
    pub kind: String,
}

/// The passages of one document of one submission, in block order (at most `cap`).
pub fn document_passages(
    si: &SearchIndex,
    submission: &str,
    file: &str,
    cap: usize,
) -> Result<Vec<StoredPassage>, SearchError> {
    let f = si.fields;
    let term = |field, v: &str| -> (Occur, Box<dyn Query>) {
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            )),
        )
    };
    let q = BooleanQuery::new(vec![term(f.submission, submission), term(f.file, file)]);
    let searcher = si.searcher()?;
    let top = searcher
        .search(&q, &TopDocs::with_limit(cap.max(1)).order_by_score())
        .map_err(tantivy_error)?;
    let mut out = Vec::with_capacity(top.len());
    for (_, addr) in top {
        let d: TantivyDocument = searcher.doc(addr).map_err(tantivy_error)?;
        let s = |field| stored_text(&d, field);
        out.push(StoredPassage {
            block: stored_u64(&d, f.block),
            heading: s(f.heading),
            text: s(f.text),
            city: s(f.city),
            province: s(f.province),
            kind: s(f.kind),
        });
    }
    out.sort_by_key(|p| p.block);
    Ok(out)
}
