//! Typical experiences mined across cities: sentences from the innovation, experience and task
//! sections, weighted by TF-IDF computed on this corpus (not jieba's table), grouped into practice
//! themes by cosine similarity. Each theme: a name (a profile seed when its keywords match, else its
//! own top keywords), keywords, cities, one representative quote per city and a novelty score.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::profile::Profile;
use crate::search::{stored_text, stored_u64, tantivy_error, SearchError, SearchIndex};

/// A passage the digest is mined from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub submission: String,
    pub city: String,
    pub document: String,
    pub block: u64,
    pub section: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub submission: String,
    pub city: String,
    pub document: String,
    pub block: u64,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub name: String,
    pub keywords: Vec<String>,
    pub submissions: Vec<String>,
    pub cities: Vec<String>,
    /// 1 for a practice of one city, 0 for one every city has.
    pub novelty: f64,
    /// "novel" (one or two cities), "shared", or "common" (half the cities or more).
    pub rank: String,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub themes: Vec<Theme>,
    /// Submissions the digest drew on.
    pub submissions: usize,
}

/// The passages of the experience sections, read back from the index.
pub fn sources_from_index(si: &SearchIndex, profile: &Profile) -> Result<Vec<Source>, SearchError> {
    let f = si.fields;
    let searcher = si.searcher()?;
    let clauses: Vec<(Occur, Box<dyn Query>)> = profile
        .rules
        .experiences
        .sections
        .iter()
        .map(|s| {
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.section, s),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            )
        })
        .collect();
    let total = searcher.num_docs() as usize;
    let top = searcher
        .search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(total.max(1)).order_by_score(),
        )
        .map_err(tantivy_error)?;
    let mut out = Vec::with_capacity(top.len());
    for (_, addr) in top {
        let d: TantivyDocument = searcher.doc(addr).map_err(tantivy_error)?;
        let s = |field| stored_text(&d, field);
        out.push(Source {
            submission: s(f.submission),
            city: s(f.city),
            document: s(f.file),
            block: stored_u64(&d, f.block),
            section: s(f.section),
            text: s(f.text),
        });
    }
    out.sort_by(|a, b| {
        (a.submission.as_str(), a.document.as_str(), a.block).cmp(&(
            b.submission.as_str(),
            b.document.as_str(),
            b.block,
        ))
    });
    Ok(out)
}

/// A sentence and its TF-IDF vector: (word id, weight) sorted by id, unit length. Word ids index the
/// vocabulary, so a corpus of thousands of submissions holds each word once.
struct Unit<'s> {
    source: &'s Source,
    sentence: &'s str,
    vector: Vec<(u32, f64)>,
}

/// A cluster centroid: word id → weight (ordered, so sums and ties come out the same every run).
type Centroid = BTreeMap<u32, f64>;

fn cosine(centroid: &Centroid, v: &[(u32, f64)]) -> f64 {
    v.iter()
        .filter_map(|(k, x)| centroid.get(k).map(|w| x * w))
        .sum()
}

fn normalize(v: &mut Centroid) {
    let n = v.values().map(|x| x * x).sum::<f64>().sqrt();
    if n > 0.0 {
        v.values_mut().for_each(|x| *x /= n);
    }
}

/// Mines the digest from the sources.
pub fn mine(sources: &[Source], si_jieba: &jieba_rs::Jieba, profile: &Profile) -> Digest {
    let spec = &profile.rules.experiences;
    let stop: BTreeSet<&str> = spec.stopwords.iter().map(String::as_str).collect();
    // Sentences and their word ids.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut words_of: Vec<String> = Vec::new();
    let mut raw: Vec<(&Source, &str, Vec<u32>)> = Vec::new();
    for s in sources {
        for c in crate::check::risk::clauses(&s.text) {
            if c.chars().count() < spec.min_sentence_chars {
                continue;
            }
            let words: Vec<u32> = crate::search::tokenizer::query_words(si_jieba, c)
                .into_iter()
                .filter(|w| {
                    w.chars().count() >= 2
                        && !w.chars().any(|ch| ch.is_ascii_digit())
                        && !stop.contains(w.as_str())
                })
                .map(|w| {
                    *vocab.entry(w).or_insert_with_key(|w| {
                        words_of.push(w.clone());
                        (words_of.len() - 1) as u32
                    })
                })
                .collect();
            if !words.is_empty() {
                raw.push((s, c, words));
            }
        }
    }
    drop(vocab);
    // IDF on this corpus.
    let n = raw.len().max(1) as f64;
    let mut df: Vec<usize> = vec![0; words_of.len()];
    for (_, _, words) in &raw {
        for w in words.iter().collect::<BTreeSet<_>>() {
            df[*w as usize] += 1;
        }
    }
    // Domain terms of the profile's dictionary name practices: they weigh double.
    let domain: BTreeSet<&str> = profile
        .dictionary
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let idf = |w: u32| {
        let base = ((n + 1.0) / (df[w as usize] as f64 + 1.0)).ln() + 1.0;
        if domain.contains(words_of[w as usize].as_str()) {
            base * 2.0
        } else {
            base
        }
    };
    let units: Vec<Unit> = raw
        .into_iter()
        .map(|(s, sentence, words)| {
            let mut v: BTreeMap<u32, f64> = BTreeMap::new();
            for w in words {
                *v.entry(w).or_default() += 1.0;
            }
            let mut vector: Vec<(u32, f64)> = v.into_iter().map(|(w, x)| (w, x * idf(w))).collect();
            let norm = vector.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                vector.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            Unit {
                source: s,
                sentence,
                vector,
            }
        })
        .collect();
    // Greedy clustering by cosine to each cluster's centroid, then merging close clusters.
    let mut clusters: Vec<(Centroid, Vec<usize>)> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let best = clusters
            .iter()
            .enumerate()
            .map(|(k, (c, _))| (k, cosine(c, &u.vector)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((k, sim)) if sim >= spec.similarity => {
                let (c, members) = &mut clusters[k];
                members.push(i);
                for (w, x) in &u.vector {
                    *c.entry(*w).or_default() += x;
                }
                normalize(c);
            }
            _ => clusters.push((u.vector.iter().copied().collect(), vec![i])),
        }
    }
    // Clusters named by the same seed practice are one theme.
    let top_keywords = |c: &Centroid| {
        let mut kw: Vec<(&String, &f64)> =
            c.iter().map(|(w, x)| (&words_of[*w as usize], x)).collect();
        kw.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
        kw.into_iter()
            .take(6)
            .map(|(w, _)| w.clone())
            .collect::<Vec<String>>()
    };
    let seed_of = |keywords: &[String]| {
        spec.seeds
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    i,
                    s.keywords
                        .iter()
                        .filter(|k: &&String| {
                            let k: &str = k;
                            keywords.iter().take(4).any(|w| w.contains(k))
                        })
                        .count(),
                )
            })
            .filter(|(_, hits)| *hits > 0)
            .max_by_key(|(i, hits)| (*hits, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    let mut by_seed: HashMap<usize, usize> = HashMap::new();
    let mut merged: Vec<(Centroid, Vec<usize>)> = Vec::new();
    for (c, members) in clusters {
        match seed_of(&top_keywords(&c)).and_then(|s| by_seed.get(&s).copied().map(|k| (s, k))) {
            Some((_, k)) => {
                let (mc, mm) = &mut merged[k];
                for (w, x) in &c {
                    *mc.entry(*w).or_default() += x * members.len() as f64;
                }
                normalize(mc);
                mm.extend(members);
            }
            None => {
                if let Some(s) = seed_of(&top_keywords(&c)) {
                    by_seed.insert(s, merged.len());
                }
                merged.push((c, members));
            }
        }
    }
    let clusters = merged;
    let all_subs: BTreeSet<&str> = sources.iter().map(|s| s.submission.as_str()).collect();
    let total = all_subs.len().max(1);
    let mut themes = Vec::new();
    for (centroid, members) in clusters {
        let subs: BTreeSet<&str> = members
            .iter()
            .map(|i| units[*i].source.submission.as_str())
            .collect();
        let own = members.iter().any(|i| {
            spec.own_experience_sections
                .contains(&units[*i].source.section)
        });
        if subs.len() < 2 && !own {
            continue;
        }
        let keywords = top_keywords(&centroid);
        let name = seed_of(&keywords).map_or_else(
            || {
                keywords
                    .iter()
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("·")
            },
            |i| spec.seeds[i].name.clone(),
        );
        // One quote per submission: its sentence closest to the theme.
        let mut best: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for i in &members {
            let sim = cosine(&centroid, &units[*i].vector);
            let e = best
                .entry(units[*i].source.submission.as_str())
                .or_insert((sim, *i));
            if sim > e.0 {
                *e = (sim, *i);
            }
        }
        let quotes: Vec<Quote> = best
            .values()
            .map(|(_, i)| {
                let s = units[*i].source;
                Quote {
                    submission: s.submission.clone(),
                    city: s.city.clone(),
                    document: s.document.clone(),
                    block: s.block,
                    quote: units[*i].sentence.to_owned(),
                }
            })
            .collect();
        let cities: Vec<String> = quotes
            .iter()
            .map(|q| q.city.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let count = subs.len();
        let novelty = if total > 1 {
            1.0 - (count as f64 - 1.0) / (total as f64 - 1.0)
        } else {
            1.0
        };
        let rank = if count <= spec.novel_max_cities {
            "novel"
        } else if count * 2 >= total {
            "common"
        } else {
            "shared"
        };
        themes.push(Theme {
            name,
            keywords,
            submissions: subs.iter().map(|s| s.to_string()).collect(),
            cities,
            novelty: (novelty * 1000.0).round() / 1000.0,
            rank: rank.into(),
            quotes,
        });
    }
    themes.sort_by(|a, b| {
        b.submissions
            .len()
            .cmp(&a.submissions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    Digest {
        themes,
        submissions: total,
    }
}
