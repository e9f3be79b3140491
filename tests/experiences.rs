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
