//! Search recall as a rule, on the sample corpus: every passage whose normalised text holds the query's
//! text is a hit, for any query of 1–8 characters, with a highlight over that text; quoted the same.
//! Substrings are drawn by a fixed-seed generator from every submission's passages, and the examples
//! of issue 18 (words inside longer words, single characters, numbers and symbols, a space inside the
//! source) are asserted one by one.

use std::path::Path;

use pilot_review::profile::Profile;
use pilot_review::search::indexer::{passages, update, Passage};
use pilot_review::search::query::{search, Filters, Hit};
use pilot_review::search::tokenizer::normalize;
use pilot_review::search::SearchIndex;

struct Corpus {
    _tmp: tempfile::TempDir,
    si: SearchIndex,
    /// (submission, passage) for every indexed passage.
    passages: Vec<(String, Passage)>,
}

fn corpus() -> Corpus {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let profile = Profile::embedded();
    let dirs = pilot_review::submission::discover(&root).expect("discover");
    let tmp = tempfile::tempdir().expect("tmp");
    update(&tmp.path().join("index"), &dirs, &profile).expect("index");
    let si = SearchIndex::open(&tmp.path().join("index")).expect("open");
    let mut all = Vec::new();
    for d in &dirs {
        let sub = pilot_review::submission::load(d, pilot_review::Limits::default()).expect("load");
        for p in passages(&sub, &profile) {
            all.push((sub.name.clone(), p));
        }
    }
    Corpus {
        _tmp: tmp,
        si,
        passages: all,
    }
}

/// The text as the index compares it: normalised, whitespace left out.
fn compact(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A small deterministic generator (64-bit LCG), so a failure names a reproducible case.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn all_hits(si: &SearchIndex, query: &str) -> Vec<Hit> {
    search(si, query, &Filters::default(), 1_000_000).expect("search")
}

/// The hit of one passage, if the search returned it.
fn hit_of<'h>(hits: &'h [Hit], submission: &str, p: &Passage) -> Option<&'h Hit> {
    hits.iter().find(|h| {
        h.submission == submission && h.block == p.block as u64 && h.document.ends_with(&p.file)
    })
}

/// Whether one of the hit's highlights covers exactly `needle` (compared as the index compares).
fn highlighted(h: &Hit, needle: &str) -> bool {
    let chars: Vec<char> = h.snippet.chars().collect();
    h.highlights.iter().any(|[a, b]| {
        let text: String = chars[(*a).min(chars.len())..(*b).min(chars.len())]
            .iter()
            .collect();
        compact(&text) == compact(needle)
    })
}

fn check_substrings(c: &Corpus, quoted: bool, seed: u64, cases: usize) {
    let mut rng = Lcg(seed);
    let mut failures = Vec::new();
    let mut tried = 0;
    while tried < cases {
        let (sub, p) = &c.passages[rng.below(c.passages.len())];
        let chars: Vec<char> = p.text.chars().collect();
        if chars.is_empty() {
            continue;
        }
        let len = 1 + rng.below(8);
        let start = rng.below(chars.len());
        let end = (start + len).min(chars.len());
        let needle: String = chars[start..end].iter().collect();
        // Quote marks delimit queries; whitespace separates unquoted parts.
        let unusable = needle.contains(['"', '“', '”'])
            || compact(&needle).is_empty()
            || !quoted && needle.chars().any(char::is_whitespace);
        if unusable {
            continue;
        }
        tried += 1;
        let query = if quoted {
            format!("\"{needle}\"")
        } else {
            needle.clone()
        };
        let hits = all_hits(&c.si, &query);
        match hit_of(&hits, sub, p) {
            None => failures.push(format!("{query}: {sub} block {} not found", p.block)),
            Some(h) if !highlighted(h, &needle) => failures.push(format!(
                "{query}: {sub} block {} found without a highlight of it: {} {:?}",
                p.block, h.snippet, h.highlights
            )),
            Some(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} substrings failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_substring_is_found_and_highlighted() {
    let c = corpus();
    check_substrings(&c, false, 18, 400);
    check_substrings(&c, true, 1818, 400);
}

#[test]
fn the_examples_of_the_issue() {
    let c = corpus();
    let cities = |hits: &[Hit]| {
        let mut v: Vec<String> = hits.iter().map(|h| h.city.clone()).collect();
        v.sort();
        v.dedup();
        v.len()
    };
    // A word inside a longer dictionary word: as many hits unquoted as quoted.
    for w in ["知识产权质押", "产融合作平台"] {
        let plain = all_hits(&c.si, w);
        let quoted = all_hits(&c.si, &format!("\"{w}\""));
        assert_eq!(plain.len(), quoted.len(), "{w}");
        assert!(!plain.is_empty() && cities(&plain) > 1, "{w}");
        assert!(plain.iter().all(|h| highlighted(h, w)), "{w}");
    }
    // Single characters inside words.
    for ch in ["金", "链", "碳"] {
        let expected = c
            .passages
            .iter()
            .filter(|(_, p)| compact(&p.text).contains(ch))
            .count();
        assert_eq!(all_hits(&c.si, ch).len(), expected, "{ch}");
    }
    // Numbers and symbols, and full-width forms, highlighted.
    let with_number = c
        .passages
        .iter()
        .find_map(|(_, p)| {
            let t: Vec<char> = p.text.chars().collect();
            (0..t.len().saturating_sub(4)).find_map(|i| {
                let s: String = t[i..i + 4].iter().collect();
                (s.chars().any(|c| c == '.') && s.chars().filter(char::is_ascii_digit).count() >= 2)
                    .then_some(s)
            })
        })
        .expect("a decimal in the corpus");
    let hits = all_hits(&c.si, &with_number);
    assert!(
        !hits.is_empty() && hits.iter().all(|h| highlighted(h, &with_number)),
        "{with_number}"
    );
    let wide: String = with_number
        .chars()
        .map(|c| match c {
            '0'..='9' | '.' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    assert_eq!(all_hits(&c.si, &wide).len(), hits.len(), "{wide}");
}

/// A space inside the source ("中国制造 2025", "437 号", normal in PDF text) does not stop a match, and
/// the highlight spans it.
#[test]
fn a_space_inside_the_source_is_matched_across() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    let d = root.join("01-甲市");
    std::fs::create_dir_all(&d).expect("mkdir");
    std::fs::write(
        d.join("自评报告.txt"),
        "甲市国家产融合作试点城市自评报告\n一、基本情况\n落实《中国制造 2025》，出台工信发〔2023〕437 号文件，制造业贷款增长１２．５％。\n",
    )
    .expect("write");
    std::fs::write(
        d.join("submission.toml"),
        "city = \"厦门市\"\nprovince = \"福建省\"\nrole = \"evaluation\"\n",
    )
    .expect("write");
    let dirs = pilot_review::submission::discover(&root).expect("discover");
    update(&tmp.path().join("index"), &dirs, &Profile::embedded()).expect("index");
    let si = SearchIndex::open(&tmp.path().join("index")).expect("open");
    for q in ["中国制造2025", "437号", "12.5%", "\"制造 2025\""] {
        let hits = all_hits(&si, q);
        assert_eq!(hits.len(), 1, "{q}");
        let needle = q.trim_matches('"');
        assert!(
            highlighted(&hits[0], needle),
            "{q}: {} {:?}",
            hits[0].snippet,
            hits[0].highlights
        );
    }
}

/// The same rule on text nobody on the team wrote: the real government plans and work summaries in
/// ../shared/fixtures/genre, indexed as one submission. Each random substring (1–8 characters) must
/// return exactly the passages whose normalised text holds it — none missed, none extra.
#[test]
fn on_real_government_texts_hits_are_exactly_the_passages_holding_the_text() {
    let genre = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/genre");
    if !genre.exists() {
        eprintln!("skipped: {} absent", genre.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let sub = tmp.path().join("corpus/01-genre");
    std::fs::create_dir_all(&sub).expect("mkdir");
    for e in std::fs::read_dir(&genre).expect("genre") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&path, sub.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        sub.join("submission.toml"),
        "city = \"某某市\"\nprovince = \"某某省\"\nrole = \"evaluation\"\n",
    )
    .expect("toml");
    let profile = Profile::embedded();
    let dirs = pilot_review::submission::discover(&tmp.path().join("corpus")).expect("discover");
    update(&tmp.path().join("index"), &dirs, &profile).expect("index");
    let si = SearchIndex::open(&tmp.path().join("index")).expect("open");
    let loaded =
        pilot_review::submission::load(&dirs[0], pilot_review::Limits::default()).expect("load");
    let all: Vec<(String, Passage)> = passages(&loaded, &profile)
        .into_iter()
        .map(|p| (loaded.name.clone(), p))
        .collect();
    assert!(all.len() > 500, "{} passages", all.len());
    let compacts: Vec<String> = all.iter().map(|(_, p)| compact(&p.text)).collect();
    let mut rng = Lcg(2026);
    let mut failures = Vec::new();
    for quoted in [false, true] {
        let mut tried = 0;
        while tried < 200 {
            let (_, p) = &all[rng.below(all.len())];
            let chars: Vec<char> = p.text.chars().collect();
            let start = rng.below(chars.len());
            let end = (start + 1 + rng.below(8)).min(chars.len());
            let needle: String = chars[start..end].iter().collect();
            if needle.contains(['"', '“', '”'])
                || compact(&needle).is_empty()
                || !quoted && needle.chars().any(char::is_whitespace)
            {
                continue;
            }
            tried += 1;
            let query = if quoted {
                format!("\"{needle}\"")
            } else {
                needle.clone()
            };
            let key = compact(&needle);
            let mut expected: Vec<(String, u64)> = all
                .iter()
                .zip(&compacts)
                .filter(|(_, c)| c.contains(&key))
                .map(|((_, p), _)| {
                    let file = p.file.rsplit('/').next().unwrap_or(&p.file);
                    (file.to_owned(), p.block as u64)
                })
                .collect();
            let hits = all_hits(&si, &query);
            let mut got: Vec<(String, u64)> = hits
                .iter()
                .map(|h| {
                    let file = h.document.rsplit('/').next().unwrap_or(&h.document);
                    (file.to_owned(), h.block)
                })
                .collect();
            expected.sort();
            got.sort();
            if got != expected {
                failures.push(format!(
                    "{query}: {} hits, {} passages hold it: {:?} vs {:?}",
                    got.len(),
                    expected.len(),
                    got.first(),
                    expected.first()
                ));
            } else if let Some(h) = hits.iter().find(|h| !highlighted(h, &needle)) {
                failures.push(format!("{query}: no highlight in {}", h.snippet));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
