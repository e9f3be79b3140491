//! Typical experiences mined across cities: statements of practice from the innovation, experience
//! and task sections (headings, item headings such as “一是基金招商‘以投带引’。” and 下一步 plans are
//! not practices), their nouns weighted by TF-IDF computed on this corpus (not jieba's table),
//! grouped into practice themes by cosine similarity. Each theme: a name — a profile seed when its
//! keywords match, else the whole noun phrase or quoted term (“园区贷”) of its quotes that best covers
//! them, never two fragments joined — keywords, cities, one quote per city, and a novelty score
//! (1 for one city … 0 for every city); themes are listed most novel first.

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
    /// The passage is a heading (its text is the last part of its heading path): never a quote.
    pub heading: bool,
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
        let text = s(f.text);
        let heading = crate::search::browse::heading_level(&s(f.heading), &text).is_some();
        out.push(Source {
            submission: s(f.submission),
            city: s(f.city),
            document: s(f.file),
            block: stored_u64(&d, f.block),
            section: s(f.section),
            text,
            heading,
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

/// Adds a cluster (`c`, `members`) to another: its centroid weighted by its size, renormalised.
fn absorb(into: &mut Centroid, into_members: &mut Vec<usize>, c: &Centroid, members: Vec<usize>) {
    for (w, x) in c {
        *into.entry(*w).or_default() += x * members.len() as f64;
    }
    normalize(into);
    into_members.extend(members);
}

/// Whether a jieba part-of-speech tag is a noun's (n, nr, ns, nt, nz, ng …), a verbal or
/// adjectival noun's (vn, an), or a Latin word's (eng: GDP, ESG).
fn noun_tag(tag: &str) -> bool {
    tag.starts_with('n') || matches!(tag, "vn" | "an" | "eng")
}

/// A clause that only heads what follows: a 公文 label (一是 / 1. / （一）/ 第一) and a short phrase
/// with no comma — “一是基金招商‘以投带引’。”, “1.以‘双链长制’打通产业链与金融链。”.
fn item_heading(clause: &str) -> bool {
    let c = clause.trim();
    let labelled = crate::document::structure::parse_label(c).is_some()
        || [
            "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是",
        ]
        .iter()
        .any(|l| c.starts_with(l));
    labelled && c.chars().count() <= 30 && !c.contains(['，', ',', '：', ':'])
}

/// A clause that says what will be done, not what was done (下一步 plans, 将…).
fn plan(clause: &str) -> bool {
    let c = clause.trim();
    c.contains("下一步") || c.starts_with("将") || c.starts_with("我市将") || c.starts_with("今后")
}

/// A clause about how a practice was reported or recognised (报送推广情况), not the practice itself:
/// “报送产融合作工作信息21篇”, “被……作为典型经验推广”, “入选……案例”.
fn recognition(clause: &str) -> bool {
    let c = clause.trim();
    let passive = c.find('被').is_some_and(|i| {
        [
            "推广", "采用", "转发", "刊发", "报道", "列为", "作为", "肯定",
        ]
        .iter()
        .any(|w| c[i..].contains(w))
    });
    passive
        || [
            "报送",
            "入选",
            "交流会",
            "经验材料",
            "简报",
            "专题报道",
            "批示",
        ]
        .iter()
        .any(|w| c.contains(w))
}

/// A general statement rather than a practice: no figure, no named term in quotes, and the words of
/// intent and attitude (积极, 不断, 高度重视 …) — or a statement of problems (存在……问题/短板).
fn general(clause: &str) -> bool {
    let c = clause.trim();
    let problem = (c.contains("存在") || c.contains("仍"))
        && ["问题", "短板", "不足", "有待", "难"]
            .iter()
            .any(|w| c.contains(w));
    let specific = c.chars().any(|ch| {
        ch.is_ascii_digit() || ch.is_numeric() && !('\u{4e00}'..='\u{9fff}').contains(&ch)
    }) || c.contains(['“', '‘', '「']);
    let vague = [
        "积极",
        "不断",
        "持续",
        "进一步",
        "深入",
        "扎实",
        "高度重视",
        "坚持",
        "总体看",
        "取得了",
        "稳步",
        "着力",
        "大力",
    ]
    .iter()
    .any(|w| c.contains(w));
    problem || (!specific && vague)
}

/// A sentence that says what was done (建立…, 设立…, 推出…) rather than what it came to (截至…累计…):
/// the better quote for a practice.
fn describes_practice(sentence: &str) -> bool {
    const DONE: &[&str] = &[
        "建立", "设立", "推出", "出台", "实施", "搭建", "建设", "打造", "推行", "开展", "探索",
        "组建", "上线", "制定", "创新", "引入", "构建", "发行", "运作",
    ];
    let s = sentence.trim();
    DONE.iter().any(|w| s.contains(w)) && !s.starts_with("截至")
}

/// Names a theme could take, from its quotes: quoted terms (“园区贷”, “见贷即保”) and maximal runs of
/// nouns (供应链金融服务平台, 知识产权质押融资), each 2–14 characters, whole words only.
fn name_candidates(
    jieba: &jieba_rs::Jieba,
    quote: &str,
    domain: &BTreeSet<&str>,
) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    // Quoted terms.
    for (open, close) in [('“', '”'), ('‘', '’'), ('「', '」'), ('《', '》')] {
        let mut rest = quote;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len_utf8()..];
            let Some(j) = after.find(close) else { break };
            let term = after[..j].trim();
            let n = term.chars().count();
            let plain = !term.contains(['、', '，', ',', '。', '；']);
            // An idiom in quotes (“四两拨千斤”) is a figure of speech, not a practice's name.
            let idiom =
                matches!(jieba.tag(term, false).as_slice(), [t] if matches!(t.tag, "i" | "l"));
            if (2..=14).contains(&n)
                && open != '《'
                && plain
                && !idiom
                && !term.chars().all(|c| c.is_ascii_digit())
            {
                out.push((term.to_owned(), true));
            }
            rest = &after[j + close.len_utf8()..];
        }
    }
    // Runs of nouns.
    let tags = jieba.tag(quote, false);
    let mut run: Vec<&str> = Vec::new();
    let mut flush = |run: &mut Vec<&str>| {
        // Trim the run so it neither starts nor ends with a one-character noun (量, 家, 项).
        while run.first().is_some_and(|w| w.chars().count() < 2) {
            run.remove(0);
        }
        while run.last().is_some_and(|w| w.chars().count() < 2) {
            run.pop();
        }
        let text: String = run.concat();
        let n = text.chars().count();
        if (3..=14).contains(&n) || (n == 2 && run.len() == 1 && domain.contains(text.as_str())) {
            out.push((text, false));
        }
        run.clear();
    };
    for t in &tags {
        let nounish = noun_tag(t.tag) || domain.contains(t.word);
        if nounish && !t.word.chars().any(|c| c.is_ascii_digit()) {
            run.push(t.word);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    out
}

/// Mines the digest from the sources.
pub fn mine(sources: &[Source], si_jieba: &jieba_rs::Jieba, profile: &Profile) -> Digest {
    let spec = &profile.rules.experiences;
    let stop: BTreeSet<&str> = spec.stopwords.iter().map(String::as_str).collect();
    // Domain terms of the profile's dictionary name practices: they count as nouns and weigh double.
    let domain: BTreeSet<&str> = profile
        .dictionary
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // Statements of practice and their nouns' ids.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut words_of: Vec<String> = Vec::new();
    let mut raw: Vec<(&Source, &str, Vec<u32>)> = Vec::new();
    for s in sources.iter().filter(|s| !s.heading) {
        for c in crate::check::risk::clauses(&s.text) {
            if c.chars().count() < spec.min_sentence_chars
                || item_heading(c)
                || plan(c)
                || recognition(c)
                || general(c)
            {
                continue;
            }
            let words: Vec<u32> = si_jieba
                .tag(c, false)
                .into_iter()
                .filter(|t| {
                    (noun_tag(t.tag) || domain.contains(t.word))
                        && t.word.chars().count() >= 2
                        && !t.word.chars().any(|ch| ch.is_ascii_digit())
                        && !stop.contains(t.word)
                })
                .map(|t| {
                    *vocab.entry(t.word.to_owned()).or_insert_with_key(|w| {
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
    // A cluster close to an earlier one joins it (the greedy pass can split one practice).
    let mut joined: Vec<(Centroid, Vec<usize>)> = Vec::new();
    for (c, members) in clusters {
        let v: Vec<(u32, f64)> = c.iter().map(|(w, x)| (*w, *x)).collect();
        let best = joined
            .iter()
            .enumerate()
            .map(|(k, (jc, _))| (k, cosine(jc, &v)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((k, sim)) if sim >= spec.similarity + 0.15 => {
                let (jc, jm) = &mut joined[k];
                let (a, b) = (jm.len() as f64, members.len() as f64);
                jc.values_mut().for_each(|x| *x *= a);
                for (w, x) in &c {
                    *jc.entry(*w).or_default() += x * b;
                }
                normalize(jc);
                jm.extend(members);
            }
            _ => joined.push((c, members)),
        }
    }
    let clusters = joined;
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
                absorb(mc, mm, &c, members);
            }
            None => {
                if let Some(s) = seed_of(&top_keywords(&c)) {
                    by_seed.insert(s, merged.len());
                }
                merged.push((c, members));
            }
        }
    }
    // One quote per submission (its sentence closest to the theme), and a name from the quotes.
    // Per submission, its sentence closest to the theme; one that names the practice (`terms`) first.
    let pick = |centroid: &Centroid, members: &[usize], terms: &[&str]| -> Vec<usize> {
        let mut best: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for i in members {
            let u = &units[*i];
            let names = terms
                .iter()
                .any(|t| !t.is_empty() && u.sentence.contains(t));
            let score = cosine(centroid, &u.vector)
                + if names { 0.3 } else { 0.0 }
                + if describes_practice(u.sentence) {
                    0.2
                } else {
                    0.0
                };
            let e = best
                .entry(u.source.submission.as_str())
                .or_insert((score, *i));
            if score > e.0 {
                *e = (score, *i);
            }
        }
        best.values().map(|(_, i)| *i).collect()
    };
    let describe = |centroid: &Centroid, members: &[usize]| -> (String, Vec<usize>) {
        if let Some(i) = seed_of(&top_keywords(centroid)) {
            let seed = &spec.seeds[i];
            let terms: Vec<&str> = seed.keywords.iter().map(String::as_str).collect();
            return (seed.name.clone(), pick(centroid, members, &terms));
        }
        let quotes = pick(centroid, members, &[]);
        // The candidate found in the most quotes, weighed by the theme's words it holds; quoted
        // terms are the names officials gave their practice.
        let weight = |c: &str| -> f64 {
            centroid
                .iter()
                .filter(|(w, _)| c.contains(words_of[**w as usize].as_str()))
                .map(|(_, x)| x)
                .sum()
        };
        // Candidates counted over every sentence of the theme (a practice's name recurs), at most
        // three per submission; a name must occur in one of the quotes shown.
        let mut scored: BTreeMap<String, (f64, bool)> = BTreeMap::new();
        let mut per_sub: HashMap<(&str, String), usize> = HashMap::new();
        let mut subs_of: HashMap<String, BTreeSet<&str>> = HashMap::new();
        for i in members {
            let u = &units[*i];
            let seen: BTreeSet<(String, bool)> = name_candidates(si_jieba, u.sentence, &domain)
                .into_iter()
                .filter(|(c, _)| !stop.contains(c.as_str()))
                .collect();
            for (c, quoted) in seen {
                subs_of
                    .entry(c.clone())
                    .or_default()
                    .insert(u.source.submission.as_str());
                let k = per_sub
                    .entry((u.source.submission.as_str(), c.clone()))
                    .or_default();
                *k += 1;
                if *k > 3 {
                    continue;
                }
                let e = scored.entry(c).or_insert((0.0, false));
                // A name shared by more cities counts most; repeats within a city a little.
                e.0 += if *k == 1 { 1.0 } else { 0.25 };
                e.1 |= quoted;
            }
        }
        let theme_subs = quotes.len();
        for (c, e) in scored.iter_mut() {
            let cities = subs_of.get(c).map_or(1, BTreeSet::len);
            // One city's own term does not name a practice several cities share.
            let own = if theme_subs >= 2 && cities == 1 {
                0.3
            } else {
                1.0
            };
            e.0 *= cities as f64 * own;
        }
        scored.retain(|c, _| {
            quotes
                .iter()
                .any(|i| units[*i].sentence.contains(c.as_str()))
        });
        let name = scored
            .into_iter()
            .map(|(c, (cover, quoted))| {
                let w = if quoted {
                    weight(&c).max(0.5) * 1.5
                } else {
                    weight(&c)
                };
                let score = cover * (w + 0.05);
                (score, c.chars().count(), c)
            })
            .filter(|(score, _, _)| *score > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)))
            .map(|(_, _, c)| c)
            .unwrap_or_else(|| {
                top_keywords(centroid)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            });
        let quotes = pick(centroid, members, &[name.as_str()]);
        (name, quotes)
    };
    // Clusters that come out under one name are one theme.
    let mut named: Vec<(String, Centroid, Vec<usize>)> = Vec::new();
    for (c, members) in merged {
        let (name, _) = describe(&c, &members);
        match named.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, mc, mm)) => absorb(mc, mm, &c, members),
            None => named.push((name, c, members)),
        }
    }
    let all_subs: BTreeSet<&str> = sources.iter().map(|s| s.submission.as_str()).collect();
    let total = all_subs.len().max(1);
    let mut themes = Vec::new();
    for (_, centroid, members) in named {
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
        let (name, chosen) = describe(&centroid, &members);
        let quotes: Vec<Quote> = chosen
            .iter()
            .map(|i| {
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
    // Most novel first (a practice of one city before any shared one), then the widest.
    themes.sort_by(|a, b| {
        b.novelty
            .total_cmp(&a.novelty)
            .then_with(|| b.quotes.len().cmp(&a.quotes.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    Digest {
        themes,
        submissions: total,
    }
}
