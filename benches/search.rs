//! Indexing throughput and query latency on a generated corpus (default 500 submissions), against a
//! baseline in the same process: a linear scan of the same passages held in memory. Checks its own
//! answer — for quoted queries the index finds exactly the passages the scan finds — before reporting.
//!
//! Run: `cargo bench --bench search` (PILOT_BENCH_SUBMISSIONS=N to change the corpus size).

use std::time::Instant;

use pilot_review::profile::Profile;
use pilot_review::search::indexer::{passages, update};
use pilot_review::search::query::{search, Filters};
use pilot_review::search::tokenizer::chars;
use pilot_review::search::SearchIndex;
use pilot_review::{submission, Limits};

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("PILOT_BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    pilot_review::sample::generate(&corpus, n, 3).expect("generate");
    let profile = Profile::embedded();
    let dirs = submission::discover(&corpus).expect("discover");

    let t = Instant::now();
    let report = update(&tmp.path().join("index"), &dirs, &profile).expect("index");
    let index_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = update(&tmp.path().join("index"), &dirs, &profile).expect("index");
    let noop_secs = t.elapsed().as_secs_f64();
    assert_eq!(again.indexed, 0);
    let si = SearchIndex::open(&tmp.path().join("index")).expect("open");

    // The baseline holds every passage in memory, folded to the characters the index matches on.
    let texts: Vec<String> = dirs
        .iter()
        .flat_map(|d| {
            passages(
                &submission::load(d, Limits::default()).expect("load"),
                &profile,
            )
        })
        .map(|p| chars(&p.text).concat())
        .collect();
    assert_eq!(texts.len(), report.passages);

    let queries = [
        "风险补偿资金池",
        "知识产权质押融资",
        "供应链金融",
        "\"一链一策\"",
        "首贷续贷",
        "政府引导基金",
        "产融合作 平台",
        "\"科创贷\"",
        "白名单",
        "\"上市后备企业\"",
        "绿色贷款",
        "专精特新",
        "\"金融特派员\"",
        "领导小组",
        "数字化车间",
        "碳账户",
        "\"数据资产\"",
        "银企对接",
        "处理",
        "\"免申即享\"",
    ];
    let all = Filters::default();
    // Check the answer: a quoted query finds exactly the passages holding that sequence.
    for q in queries.iter().filter(|q| q.starts_with('"')) {
        let needle = chars(q.trim_matches('"')).concat();
        let want = texts.iter().filter(|t| t.contains(&needle)).count();
        let got = search(&si, q, &all, 1_000_000).expect("search").len();
        assert_eq!(got, want, "{q}");
    }
    let rounds = 10;
    let mut index_ms = Vec::new();
    let mut scan_ms = Vec::new();
    for _ in 0..rounds {
        for q in &queries {
            let t = Instant::now();
            let hits = search(&si, q, &all, 20).expect("search");
            index_ms.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
            let needles: Vec<String> = q
                .split_whitespace()
                .map(|w| chars(w.trim_matches('"')).concat())
                .collect();
            let t = Instant::now();
            let count = texts
                .iter()
                .filter(|t| needles.iter().all(|n| t.contains(n.as_str())))
                .count();
            scan_ms.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(count);
        }
    }
    let mb = report.bytes as f64 / 1e6;
    println!(
        "corpus: {n} submissions, {} passages, {mb:.1} MB of passage text",
        report.passages
    );
    println!("indexing (extract + segment + write, 2 threads): {index_secs:.2} s, {:.2} MB/s of text; an unchanged re-run: {noop_secs:.2} s", mb / index_secs);
    let (ip50, ip99) = (
        percentile(&mut index_ms, 0.5),
        percentile(&mut index_ms, 0.99),
    );
    let (sp50, sp99) = (
        percentile(&mut scan_ms, 0.5),
        percentile(&mut scan_ms, 0.99),
    );
    println!(
        "query latency, top 20 with snippets ({} queries): p50 {ip50:.2} ms, p99 {ip99:.2} ms",
        index_ms.len()
    );
    println!(
        "baseline linear scan of the passages in memory:    p50 {sp50:.2} ms, p99 {sp99:.2} ms"
    );
    println!(
        "index / scan: p50 {:.3}x, p99 {:.3}x",
        ip50 / sp50,
        ip99 / sp99
    );
}
