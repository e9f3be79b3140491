//! The typical-experience digest on the sample corpus: planted shared practices form themes holding
//! every city that planted them (and cities in a theme do speak of it); one-city practices rank novel.

use std::collections::BTreeMap;
use std::path::Path;

use pilot_review::mining::experiences::{mine, sources_from_index};
use pilot_review::profile::Profile;
use pilot_review::search::indexer::update;
use pilot_review::search::SearchIndex;
use serde_json::Value;

/// Words that say a quote speaks of a planted practice.
const PRACTICE_WORDS: &[(&str, &[&str])] = &[
    ("ip_pledge_pool", &["风险补偿", "知识产权质押"]),
    (
        "supply_chain_finance",
        &["核心企业", "供应链金融", "应收账款", "配套企业"],
    ),
    ("whitelist", &["白名单", "名单"]),
    ("listing_pipeline", &["上市"]),
    ("data_asset_pledge", &["数据资产"]),
    ("carbon_account_credit", &["碳账户", "碳效"]),
];

#[test]
fn planted_practices_form_themes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let answers: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("answers.json")).expect("answers"))
            .expect("json");
    let tmp = tempfile::tempdir().expect("tmp");
    let profile = Profile::embedded();
    update(
        tmp.path(),
        &pilot_review::submission::discover(&root).expect("discover"),
        &profile,
    )
    .expect("index");
    let si = SearchIndex::open(tmp.path()).expect("open");
    let digest = mine(
        &sources_from_index(&si, &profile).expect("sources"),
        &si.jieba,
        &profile,
    );
    assert_eq!(digest.submissions, 12);

    let mut planted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in answers["submissions"].as_array().expect("subs") {
        for p in s["practices"].as_array().expect("practices") {
            planted
                .entry(p.as_str().expect("id"))
                .or_default()
                .push(s["city"].as_str().expect("city"));
        }
    }
    let unique: Vec<&str> = answers["practices"]
        .as_array()
        .expect("p")
        .iter()
        .filter(|p| p["unique"] == true)
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    for (practice, cities) in &planted {
        let words = PRACTICE_WORDS
            .iter()
            .find(|(p, _)| p == practice)
            .expect("words")
            .1;
        let speaks = |q: &str| words.iter().any(|w| q.contains(w));
        // The theme whose quotes speak of the practice for the most planted cities.
        let theme = digest
            .themes
            .iter()
            .max_by_key(|t| {
                t.quotes
                    .iter()
                    .filter(|q| cities.contains(&q.city.as_str()) && speaks(&q.quote))
                    .count()
            })
            .expect("a theme");
        for c in cities {
            assert!(
                theme.cities.iter().any(|x| x == c),
                "{practice}: {c} missing from “{}” {:?}",
                theme.name,
                theme.cities
            );
        }
        for q in &theme.quotes {
            assert!(
                speaks(&q.quote),
                "{practice}: “{}” holds {} which does not speak of it: {}",
                theme.name,
                q.city,
                q.quote
            );
        }
        if unique.contains(practice) {
            assert_eq!(theme.cities, vec![cities[0].to_string()], "{practice}");
            assert_eq!(
                (theme.rank.as_str(), theme.novelty),
                ("novel", 1.0),
                "{practice}"
            );
        } else {
            assert!(theme.cities.len() >= cities.len());
        }
    }
    // Seeds name the practices they know; the others are named from their own keywords.
    let names: Vec<&str> = digest.themes.iter().map(|t| t.name.as_str()).collect();
    for n in [
        "知识产权质押融资风险补偿",
        "供应链金融",
        "重点企业融资白名单",
        "上市后备企业培育",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    assert!(
        digest.themes.iter().any(|t| t.rank == "common")
            && digest.themes.iter().any(|t| t.rank == "novel")
    );
}

/// What every digest must satisfy (issue 21): a theme's name is a practice name of the profile or a
/// phrase of its quotes cut at word boundaries, never starting or ending with a verb or an adverb,
/// never two parts joined; no quote is a heading or a statement the labels say is not a practice;
/// every one-city theme is listed, and scores, as more novel than every shared one.
fn assert_digest_is_readable(
    digest: &pilot_review::mining::experiences::Digest,
    sources: &[pilot_review::mining::experiences::Source],
    jieba: &jieba_rs::Jieba,
    profile: &Profile,
    non_practices: &[String],
) {
    let seeds: Vec<&str> = profile
        .rules
        .experiences
        .seeds
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let headings: Vec<&str> = sources
        .iter()
        .filter(|s| s.heading)
        .map(|s| s.text.as_str())
        .collect();
    for t in &digest.themes {
        assert!(!t.name.contains('·'), "two parts: {}", t.name);
        assert!(!t.quotes.is_empty(), "{}", t.name);
        if !seeds.contains(&t.name.as_str()) {
            let quote = t
                .quotes
                .iter()
                .find(|q| q.quote.contains(&t.name))
                .unwrap_or_else(|| panic!("“{}” is in none of its quotes", t.name));
            let quoted = ["“", "‘", "「"]
                .iter()
                .any(|o| quote.quote.contains(&format!("{o}{}", t.name)));
            if !quoted {
                // Whole words: the name starts and ends where jieba cuts the quote.
                let tags = jieba.tag(&quote.quote, false);
                let at = quote.quote[..quote.quote.find(&t.name).expect("found")]
                    .chars()
                    .count();
                let end = at + t.name.chars().count();
                let mut pos = 0;
                let mut bounds = vec![0];
                for tag in &tags {
                    pos += tag.word.chars().count();
                    bounds.push(pos);
                }
                assert!(
                    bounds.contains(&at) && bounds.contains(&end),
                    "“{}” cuts a word in: {}",
                    t.name,
                    quote.quote
                );
                let inside: Vec<_> = tags
                    .iter()
                    .filter(|tag| tag.start >= at && tag.end <= end)
                    .collect();
                for edge in [inside.first(), inside.last()].into_iter().flatten() {
                    assert!(
                        !(edge.tag.starts_with('d')
                            || edge.tag.starts_with('v') && edge.tag != "vn"),
                        "“{}” starts or ends with a verb or adverb ({} {})",
                        t.name,
                        edge.word,
                        edge.tag
                    );
                }
            }
        }
        for q in &t.quotes {
            assert!(
                !headings.contains(&q.quote.as_str()),
                "a heading as a quote: {}",
                q.quote
            );
            assert!(
                !non_practices
                    .iter()
                    .any(|n| q.quote.contains(n.as_str()) || n.contains(&q.quote)),
                "not a practice, yet quoted under “{}”: {}",
                t.name,
                q.quote
            );
        }
    }
    let single: Vec<_> = digest
        .themes
        .iter()
        .filter(|t| t.cities.len() == 1)
        .collect();
    let shared: Vec<_> = digest
        .themes
        .iter()
        .filter(|t| t.cities.len() > 1)
        .collect();
    for s in &single {
        for m in &shared {
            assert!(s.novelty > m.novelty, "{} vs {}", s.name, m.name);
        }
    }
    let first_shared = digest.themes.iter().position(|t| t.cities.len() > 1);
    let last_single = digest.themes.iter().rposition(|t| t.cities.len() == 1);
    if let (Some(f), Some(l)) = (first_shared, last_single) {
        assert!(l < f, "one-city themes are listed first");
    }
}

fn index_and_mine(
    corpus: &Path,
) -> (
    tempfile::TempDir,
    pilot_review::mining::experiences::Digest,
    Vec<pilot_review::mining::experiences::Source>,
    SearchIndex,
) {
    let tmp = tempfile::tempdir().expect("tmp");
    let profile = Profile::embedded();
    update(
        tmp.path(),
        &pilot_review::submission::discover(corpus).expect("discover"),
        &profile,
    )
    .expect("index");
    let si = SearchIndex::open(tmp.path()).expect("open");
    let sources = sources_from_index(&si, &profile).expect("sources");
    let digest = mine(&sources, &si.jieba, &profile);
    (tmp, digest, sources, si)
}

#[test]
fn the_sample_digest_is_readable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (_tmp, digest, sources, si) = index_and_mine(&root);
    assert_digest_is_readable(&digest, &sources, &si.jieba, &Profile::embedded(), &[]);
}

/// Twelve reports written by a helper from DOMAIN.md only (tests/fixtures/experiences-independent,
/// labels.json): each shared practice comes out as a theme that quotes it and holds at least half of
/// its cities, three in four one-city practices as themes of their own, and the digest is readable.
#[test]
fn independent_reports_give_a_readable_digest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/experiences-independent");
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("labels.json")).expect("labels"))
            .expect("json");
    let (_tmp, digest, sources, si) = index_and_mine(&root);
    let non_practices: Vec<String> = labels["non_practices"]
        .as_array()
        .expect("non_practices")
        .iter()
        .map(|v| v.as_str().expect("str").to_owned())
        .collect();
    assert_digest_is_readable(
        &digest,
        &sources,
        &si.jieba,
        &Profile::embedded(),
        &non_practices,
    );
    assert_eq!(digest.submissions, 12);
    // A practice is found when a theme quotes it (a labelled sentence or a key phrase) for its cities.
    let (mut shared_found, mut shared_total, mut single_found, mut single_total) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    for p in labels["practices"].as_array().expect("practices") {
        let cities: Vec<&str> = p["cities"]
            .as_array()
            .expect("c")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let phrases: Vec<&str> = p["key_phrases"]
            .as_array()
            .expect("k")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let sentences: Vec<&str> = p["sentences"]
            .as_object()
            .expect("s")
            .values()
            .filter_map(|c| c.as_str())
            .collect();
        let speaks = |q: &str| {
            phrases.iter().any(|k| q.contains(k))
                || sentences.iter().any(|s| s.contains(q) || q.contains(s))
        };
        let covered = |t: &pilot_review::mining::experiences::Theme| {
            t.quotes
                .iter()
                .filter(|q| cities.contains(&q.city.as_str()) && speaks(&q.quote))
                .count()
        };
        // The theme about the practice (most quotes speaking of it), and how many of its cities it holds.
        let held = digest
            .themes
            .iter()
            .max_by_key(|t| covered(t))
            .filter(|t| covered(t) > 0)
            .map_or(0, |t| {
                t.cities
                    .iter()
                    .filter(|c| cities.contains(&c.as_str()))
                    .count()
            });
        match p["scope"].as_str() {
            Some("single") => {
                single_total += 1;
                let own = digest
                    .themes
                    .iter()
                    .any(|t| t.cities.len() == 1 && covered(t) == 1);
                if own {
                    single_found += 1;
                } else {
                    missed.push(p["name"].as_str().unwrap_or_default().to_owned());
                }
            }
            Some("shared") => {
                shared_total += 1;
                if held * 2 >= cities.len() {
                    shared_found += 1;
                } else {
                    missed.push(p["name"].as_str().unwrap_or_default().to_owned());
                }
            }
            _ => {}
        }
    }
    eprintln!(
        "independent digest: shared {shared_found}/{shared_total}, one-city {single_found}/{single_total}; missed {missed:?}; {} themes",
        digest.themes.len()
    );
    assert_eq!(shared_found, shared_total, "missed {missed:?}");
    assert!(
        single_found * 4 >= single_total * 3,
        "one-city practices found {single_found}/{single_total}: missed {missed:?}"
    );
}
