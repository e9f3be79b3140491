//! In-process measurements for `benches/peers.sh` (see BENCHMARKS.md); prints one JSON object.
//!
//! `cargo bench --bench peers -- limits CORPUS` — on the same passages: the whole pipeline (extract,
//! segment, index), extraction alone, jieba-rs segmentation alone, tantivy indexing alone of
//! pre-segmented words (joined by spaces, split by tantivy's whitespace tokenizer; the character
//! pairs are cut in place, a loop over the characters), and tantivy indexing of pre-extracted text (segmentation inside).
//!
//! `cargo bench --bench peers -- latency CORPUS N...` — an index of N passages (the corpus's passages
//! repeated under new submission names) per N: index size over text size, query latency p50/p99.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;
use tantivy::TantivyDocument;

use pilot_review::profile::Profile;
use pilot_review::search::indexer::{passages, update, Passage};
use pilot_review::search::query::{search, Filters};
use pilot_review::search::tokenizer::words;
use pilot_review::search::SearchIndex;
use pilot_review::{submission, Limits};

/// A passage with the fields the index stores.
struct Row {
    submission: String,
    city: String,
    province: String,
    passage: Passage,
}

fn extract(dirs: &[PathBuf], profile: &Profile) -> Vec<Row> {
    dirs.par_iter()
        .flat_map_iter(|d| {
            let sub = submission::load(d, Limits::default()).expect("load");
            passages(&sub, profile)
                .into_iter()
                .map(|p| Row {
                    submission: sub.name.clone(),
                    city: sub.meta.city.clone().unwrap_or_default(),
                    province: sub.meta.province.clone().unwrap_or_default(),
                    passage: p,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Indexes rows into a fresh index at `dir` with our schema, writer settings and analyzers, fed from
/// all cores as the pipeline feeds it; `pre` gives pre-computed tokens (tantivy alone) instead of text
/// to analyze. `copies` repeats the rows under new submission names, up to `limit` passages.
/// Returns seconds (analyzers already loaded).
fn index_rows(
    dir: &Path,
    profile: &Profile,
    rows: &[Row],
    copies: usize,
    limit: usize,
    pre: Option<Vec<String>>,
) -> f64 {
    let (si, _) = SearchIndex::open_or_create(dir, profile).expect("index");
    if pre.is_some() {
        // Tokens were cut beforehand and joined by spaces: splitting on spaces is all that is left.
        si.index
            .tokenizers()
            .register("zh", tantivy::tokenizer::WhitespaceTokenizer::default());
    }
    let f = si.fields;
    let t = Instant::now();
    let mut writer: tantivy::IndexWriter = si
        .index
        .writer_with_num_threads(2, 100_000_000)
        .expect("writer");
    let doc = |k: usize, r: &Row| {
        let p = &r.passage;
        let mut d = TantivyDocument::default();
        let sub = if k == 0 {
            r.submission.clone()
        } else {
            format!("{}#{k}", r.submission)
        };
        d.add_text(f.submission, &sub);
        d.add_text(f.city, &r.city);
        d.add_text(f.province, &r.province);
        d.add_text(f.role, "evaluation");
        d.add_text(f.file, &p.file);
        d.add_text(f.kind, p.kind.as_str());
        d.add_text(f.section, p.section.clone().unwrap_or_default());
        d.add_text(f.heading, &p.heading);
        d.add_u64(f.block, p.block as u64);
        d
    };
    match pre {
        Some(tokens) => tokens
            .into_par_iter()
            .zip(rows.par_iter())
            .for_each(|(w, r)| {
                let mut d = doc(0, r);
                d.add_text(f.text, w);
                d.add_text(f.bigrams, &r.passage.text);
                writer.add_document(d).expect("add");
            }),
        None => (0..copies * rows.len())
            .into_par_iter()
            .take_any(limit)
            .for_each(|i| {
                let (k, r) = (i / rows.len(), &rows[i % rows.len()]);
                let mut d = doc(k, r);
                d.add_text(f.text, &r.passage.text);
                d.add_text(f.bigrams, &r.passage.text);
                writer.add_document(d).expect("add");
            }),
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    let secs = t.elapsed().as_secs_f64();
    si.manifest.write(dir).expect("manifest");
    secs
}

fn limits(corpus: &Path) -> serde_json::Value {
    let profile = Profile::embedded();
    let dirs = submission::discover(corpus).expect("discover");
    let tmp = tempfile::tempdir().expect("tmp");

    let t = Instant::now();
    let report = update(&tmp.path().join("pipeline"), &dirs, &profile).expect("index");
    let pipeline = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let rows = extract(&dirs, &profile);
    let extraction = t.elapsed().as_secs_f64();
    let bytes: usize = rows.iter().map(|r| r.passage.text.len()).sum();

    let t = Instant::now();
    let jieba = pilot_review::search::tokenizer::jieba(&profile.dictionary);
    jieba.get(); // built lazily: build it here, timed
    let dictionary_load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let tokens: Vec<Vec<(usize, String)>> = rows
        .par_iter()
        .map(|r| words(&jieba, &r.passage.text))
        .collect();
    let segmentation = t.elapsed().as_secs_f64();
    let joined: Vec<String> = tokens
        .into_iter()
        .map(|w| w.into_iter().map(|x| x.1).collect::<Vec<_>>().join(" "))
        .collect();

    let tantivy_alone = index_rows(
        &tmp.path().join("pre-tokenized"),
        &profile,
        &rows,
        1,
        usize::MAX,
        Some(joined),
    );
    let indexing_extracted = index_rows(
        &tmp.path().join("pre-extracted"),
        &profile,
        &rows,
        1,
        usize::MAX,
        None,
    );
    let limit = segmentation.max(tantivy_alone);
    json!({
        "submissions": dirs.len(),
        "passages": report.passages,
        "text_bytes": bytes,
        "pipeline_s": pipeline,
        "extraction_s": extraction,
        "segmentation_s": segmentation,
        "dictionary_load_s": dictionary_load,
        "tantivy_alone_s": tantivy_alone,
        "indexing_extracted_s": indexing_extracted,
        "limit_s": limit,
        "pipeline_share_of_limit": limit / pipeline,
        "pipeline_share_of_indexing_extracted": indexing_extracted / pipeline,
    })
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

const QUERIES: [(&str, Option<&str>); 22] = [
    ("风险补偿资金池", None),
    ("知识产权质押融资", None),
    ("供应链金融", None),
    ("\"一链一策\"", None),
    ("首贷续贷", None),
    ("政府引导基金", Some("self_evaluation")),
    ("产融合作 平台", None),
    ("白名单", None),
    ("\"上市后备企业\"", None),
    ("绿色贷款", Some("implementation_plan")),
    ("专精特新", None),
    ("领导小组", None),
    ("碳账户", None),
    ("银企对接", None),
    ("处理", None),
    ("\"免申即享\"", None),
    // Issue 18: a single character, a word inside a longer word, figures.
    ("金", None),
    ("链", None),
    ("知识产权质押", None),
    ("12.5%", None),
    ("产融合作平台 园区", None),
    ("产融合作", None),
];

fn latency(corpus: &Path, sizes: &[usize]) -> serde_json::Value {
    let profile = Profile::embedded();
    let dirs = submission::discover(corpus).expect("discover");
    let rows = extract(&dirs, &profile);
    let unit: usize = rows.iter().map(|r| r.passage.text.len()).sum();
    let mut out = Vec::new();
    for &n in sizes {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = match std::env::var_os("PEERS_KEEP_INDEX") {
            Some(d) => Path::new(&d).join(n.to_string()),
            None => tmp.path().join("index"),
        };
        let copies = n.div_ceil(rows.len().max(1));
        let build = index_rows(&dir, &profile, &rows, copies, n, None);
        let text_bytes: usize = (0..n)
            .map(|i| rows[i % rows.len()].passage.text.len())
            .sum();
        let si = SearchIndex::open(&dir).expect("open");
        let mut times = Vec::new();
        let mut worst: std::collections::BTreeMap<&str, f64> = Default::default();
        let reps = if n >= 1_000_000 { 5 } else { 20 };
        for rep in 0..=reps {
            for (q, kind) in QUERIES {
                let filters = Filters {
                    kind: kind.map(str::to_owned),
                    ..Default::default()
                };
                let t = Instant::now();
                let hits = search(&si, q, &filters, 20).expect("search");
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                std::hint::black_box(hits);
                if rep > 0 {
                    times.push(ms);
                    let w = worst.entry(q).or_default();
                    *w = w.max(ms);
                }
            }
        }
        let index_bytes = dir_bytes(&dir);
        out.push(json!({
            "passages": n,
            "build_s": build,
            "text_bytes": text_bytes,
            "index_bytes": index_bytes,
            "index_over_text": index_bytes as f64 / text_bytes as f64,
            "p50_ms": percentile(&mut times, 0.5),
            "p99_ms": percentile(&mut times, 0.99),
            "queries": times.len(),
            "slowest_ms": worst,
            "segments": si.searcher().map(|s| s.segment_readers().len()).unwrap_or(0),
        }));
    }
    json!({"corpus_passages": rows.len(), "corpus_text_bytes": unit, "sizes": out})
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("limits") => limits(Path::new(&args[1])),
        Some("latency") => {
            let sizes: Vec<usize> = args[2..].iter().filter_map(|s| s.parse().ok()).collect();
            latency(Path::new(&args[1]), &sizes)
        }
        _ => {
            eprintln!("usage: peers limits CORPUS | peers latency CORPUS N...");
            std::process::exit(2);
        }
    };
    println!("{result}");
}
