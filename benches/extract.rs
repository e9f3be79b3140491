//! Extraction throughput and peak memory on a generated corpus (default 200 submissions), against a
//! baseline in the same process: merely decompressing every part of the same files. Checks its own
//! answer (documents and headings read equal the answer key) before reporting.
//!
//! Run: `cargo bench --bench extract` (PILOT_BENCH_SUBMISSIONS=N to change the corpus size).

use std::io::Read;
use std::time::Instant;

use pilot_review::submission;
use pilot_review::Limits;
use rayon::prelude::*;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Resets the peak-RSS counter (Linux), so generation does not count against extraction.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Reads a file and inflates every zip entry: the least any reader of the file must do.
fn unzip_all(path: &std::path::Path) -> usize {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return 0;
    };
    let mut total = 0;
    for i in 0..z.len() {
        let Ok(mut f) = z.by_index(i) else { continue };
        let mut buf = Vec::new();
        total += f.read_to_end(&mut buf).unwrap_or(0);
    }
    total
}

fn main() {
    let n: usize = std::env::var("PILOT_BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    pilot_review::sample::generate(dir.path(), n, 1).expect("generate");
    let gen_secs = t.elapsed().as_secs_f64();
    let answers: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("answers.json")).expect("answers"),
    )
    .expect("json");

    let subs = submission::discover(dir.path()).expect("discover");
    let paths: Vec<std::path::PathBuf> = subs
        .iter()
        .flat_map(|s| submission::submission_files(s).expect("files"))
        .collect();
    let all_bytes: usize = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize))
        .sum();

    let pool = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
    };
    let baseline = |threads: usize| {
        let t = Instant::now();
        let inflated: usize =
            pool(threads).install(|| paths.par_iter().map(|p| unzip_all(p)).sum());
        (t.elapsed().as_secs_f64(), inflated)
    };
    let extract = |threads: usize| {
        reset_peak();
        let t = Instant::now();
        let loaded: Vec<_> = pool(threads).install(|| {
            subs.par_iter()
                .map(|d| submission::load(d, Limits::default()).expect("load"))
                .collect()
        });
        (t.elapsed().as_secs_f64(), peak_rss_kib(), loaded)
    };
    let _warm = (baseline(2), extract(2));
    let (base1, inflated) = baseline(1);
    let (secs1, _, _) = extract(1);
    let (base2, _) = baseline(2);
    let (secs, peak, loaded) = extract(2);

    // Check the answer before reporting it.
    let docs: usize = loaded.iter().map(|s| s.documents.len()).sum();
    let chars: usize = loaded
        .iter()
        .flat_map(|s| &s.documents)
        .map(|d| d.char_count())
        .sum();
    let headings: usize = loaded
        .iter()
        .flat_map(|s| &s.documents)
        .map(|d| d.headings().count())
        .sum();
    let subs_json = answers["submissions"].as_array().expect("submissions");
    let want_docs: usize = subs_json
        .iter()
        .flat_map(|s| s["documents"].as_array().expect("docs"))
        .filter(|d| d["status"] == "ok")
        .count();
    let want_headings: usize = subs_json
        .iter()
        .flat_map(|s| s["documents"].as_array().expect("docs"))
        .map(|d| d["headings"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(docs, want_docs, "documents read");
    assert_eq!(headings, want_headings, "headings read");

    let mb = |b: usize| b as f64 / 1e6;
    println!("corpus: {n} submissions, {docs} documents read, {:.1} MB on disk, {:.1} MB inflated, {chars} characters, {headings} headings; generated in {gen_secs:.2} s",
        mb(all_bytes), mb(inflated));
    println!("                      time      MB/s   M chars/s   vs unzip-only baseline");
    for (label, base, secs) in [("1 thread ", base1, secs1), ("2 threads", base2, secs)] {
        println!(
            "baseline  {label}   {base:.3} s  {:>6.1}",
            mb(all_bytes) / base
        );
        println!(
            "extract   {label}   {secs:.3} s  {:>6.1}   {:>6.2}      {:.2}x the time",
            mb(all_bytes) / secs,
            chars as f64 / secs / 1e6,
            secs / base
        );
    }
    println!(
        "peak RSS while extracting (2 threads, all {docs} documents kept): {:.1} MiB",
        peak as f64 / 1024.0
    );
}
