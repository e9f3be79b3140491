//! OCR throughput (issue 20): pages per second on this machine's cores, against Tesseract alone on the
//! same page images in the same run (the baseline: what the engine costs without our rendering,
//! preprocessing, parsing and layout), and a re-run over the same files with the cache warm.
//!
//! `cargo bench --bench ocr` — inputs: the rendered letters of tests/fixtures/ocr and the MinerU scan
//! (8 pages) of tests/fixtures/real-zh. Prints one JSON object.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use pilot_review::read::extract::extract_file;
use pilot_review::Limits;
use rayon::prelude::*;
use serde_json::json;

fn main() {
    if pilot_review::read::ocr::engine().is_none() {
        eprintln!(
            "no tesseract with chi_sim: {}",
            pilot_review::read::ocr::INSTALL
        );
        std::process::exit(2);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = [
        root.join("ocr/letter-clean.png"),
        root.join("ocr/letter-seal-skew.png"),
        root.join("ocr/letter-photo.jpg"),
        root.join("ocr/letter-scan.pdf"),
        root.join("real-zh/mineru_small_ocr_scanned.pdf"),
    ];
    let cache = tempfile::tempdir().expect("tmp");
    std::env::set_var("PILOT_REVIEW_CACHE", cache.path());

    // Baseline: the page images as Tesseract reads them, one process per page, all cores.
    let pages_dir = tempfile::tempdir().expect("tmp");
    let mut images = Vec::new();
    for f in &files {
        if f.extension().is_some_and(|x| x == "pdf") {
            let prefix = pages_dir.path().join(f.file_stem().expect("stem"));
            Command::new("pdftoppm")
                .args(["-r", "200", "-png"])
                .arg(f)
                .arg(&prefix)
                .status()
                .expect("pdftoppm");
        } else {
            images.push(f.clone());
        }
    }
    for e in std::fs::read_dir(pages_dir.path()).expect("dir") {
        images.push(e.expect("entry").path());
    }
    let t = Instant::now();
    images.par_iter().for_each(|img| {
        Command::new("tesseract")
            .arg(img)
            .arg("stdout")
            .args(["-l", "chi_sim", "--psm", "6", "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .expect("tesseract");
    });
    let baseline = t.elapsed().as_secs_f64();

    // Ours, cold cache: render, preprocess, OCR, layout, structure.
    let before = pilot_review::read::ocr::PAGES_DONE.load(std::sync::atomic::Ordering::Relaxed);
    let t = Instant::now();
    files.par_iter().for_each(|f| {
        extract_file(f, &f.display().to_string(), Limits::default()).expect("ocr");
    });
    let cold = t.elapsed().as_secs_f64();
    let pages =
        pilot_review::read::ocr::PAGES_DONE.load(std::sync::atomic::Ordering::Relaxed) - before;

    // Ours again, cache warm.
    let t = Instant::now();
    files.par_iter().for_each(|f| {
        extract_file(f, &f.display().to_string(), Limits::default()).expect("ocr");
    });
    let warm = t.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "threads": rayon::current_num_threads(),
            "pages": pages,
            "tesseract_alone_s": baseline,
            "tesseract_alone_pages_per_s": images.len() as f64 / baseline,
            "ours_cold_s": cold,
            "ours_pages_per_s": pages as f64 / cold,
            "ours_over_tesseract_alone": cold / baseline,
            "ours_warm_s": warm,
            "warm_over_cold": warm / cold,
        })
    );
}
