//! Interruptions: `run` killed with SIGKILL at several points, then run again, ends with the index and
//! reports of an uninterrupted run; the index opens after every kill; searches keep answering while a
//! run re-indexes.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::Reader;
use pilot_review::search::query::{search, Filters};
use pilot_review::search::SearchIndex;

const BIN: &str = env!("CARGO_BIN_EXE_pilot-review");

fn run_cmd(corpus: &Path, index: &Path, out: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("run")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn run(corpus: &Path, index: &Path, out: &Path) {
    assert!(run_cmd(corpus, index, out).status().expect("run").success());
}

/// Every file of a report folder by name: bytes, except workbooks, compared by their cells (an xlsx
/// records when it was written) and the run stamp (it records what the last run printed).
fn reports(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("reports").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let content = if name.ends_with(".xlsx") {
            let mut book = calamine::open_workbook_auto(e.path()).expect("xlsx");
            let mut cells = Vec::new();
            for sheet in book.sheet_names() {
                let range = book.worksheet_range(&sheet).expect("sheet");
                for row in range.rows() {
                    cells.push(format!("{sheet}: {row:?}"));
                }
            }
            cells
        } else {
            vec![String::from_utf8_lossy(&std::fs::read(e.path()).expect("read")).into_owned()]
        };
        out.insert(name, content);
    }
    out
}

/// Every stored passage of an index, sorted, and its manifest's submissions.
fn index_contents(dir: &Path) -> (Vec<String>, BTreeMap<String, String>) {
    use tantivy::collector::TopDocs;
    let si = SearchIndex::open(dir).expect("the index opens");
    let reader = si.index.reader().expect("reader");
    let searcher = reader.searcher();
    let top = searcher
        .search(
            &tantivy::query::AllQuery,
            &TopDocs::with_limit(1_000_000).order_by_score(),
        )
        .expect("all");
    let f = si.fields;
    let mut docs: Vec<String> = top
        .into_iter()
        .map(|(_, addr)| {
            let d: tantivy::TantivyDocument = searcher.doc(addr).expect("doc");
            let s = |field| pilot_review::search::stored_text(&d, field);
            let block = pilot_review::search::stored_u64(&d, f.block);
            format!(
                "{}|{}|{}|{}|{}|{}",
                s(f.submission),
                s(f.file),
                block,
                s(f.section),
                s(f.city),
                s(f.text)
            )
        })
        .collect();
    docs.sort();
    (docs, si.manifest.submissions.clone())
}

fn corpus(tmp: &Path) -> PathBuf {
    let c = tmp.join("corpus");
    let o = Command::new(BIN)
        .arg("sample-corpus")
        .arg(&c)
        .args(["--submissions", "40", "--seed", "11"])
        .output()
        .expect("sample-corpus");
    assert!(o.status.success());
    c
}

#[test]
fn killed_runs_end_like_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = corpus(tmp.path());
    let (ref_index, ref_out) = (tmp.path().join("ref-index"), tmp.path().join("ref-out"));
    let t = Instant::now();
    run(&corpus, &ref_index, &ref_out);
    let full = t.elapsed();
    let want_reports = reports(&ref_out);
    let want_index = index_contents(&ref_index);
    assert_eq!(want_index.1.len(), 40);

    // Kill points across the run, one of them twice in a row before the recovery run.
    let points = [0.02, 0.08, 0.15, 0.25, 0.35, 0.5, 0.7];
    let mut killed = 0;
    for (i, frac) in points.iter().enumerate() {
        let (index, out) = (
            tmp.path().join(format!("index-{i}")),
            tmp.path().join(format!("out-{i}")),
        );
        let kills = if i == 3 { 2 } else { 1 };
        for _ in 0..kills {
            let mut child = run_cmd(&corpus, &index, &out).spawn().expect("spawn");
            std::thread::sleep(full.mul_f64(*frac));
            if child.try_wait().expect("wait").is_none() {
                child.kill().expect("SIGKILL");
                killed += 1;
            }
            child.wait().expect("reap");
            // Whatever was interrupted, an index that exists opens.
            if index.join(pilot_review::search::MANIFEST).exists() {
                SearchIndex::open(&index).expect("the index opens after a kill");
            }
        }
        run(&corpus, &index, &out);
        assert_eq!(
            index_contents(&index),
            want_index,
            "index after a kill at {frac}"
        );
        let got = reports(&out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want_reports.keys().collect::<Vec<_>>(),
            "report files after a kill at {frac}"
        );
        for (name, content) in &want_reports {
            assert!(
                &got[name] == content,
                "{name} differs after a kill at {frac}"
            );
        }
    }
    assert!(
        killed >= 4,
        "only {killed} runs were still going when killed"
    );
}

/// A search process keeps getting answers while `run` rebuilds the index it reads.
#[test]
fn search_answers_while_run_reindexes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = corpus(tmp.path());
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    run(&corpus, &index, &out);
    let si = SearchIndex::open(&index).expect("open");
    let before = search(&si, "风险补偿", &Filters::default(), 10_000)
        .expect("search")
        .len();
    assert!(before > 0);
    // Change every submission so the whole index is rewritten.
    for e in std::fs::read_dir(&corpus).expect("corpus").flatten() {
        if e.path().is_dir() {
            std::fs::write(
                e.path().join("说明.txt"),
                "补充说明：风险补偿资金池已设立。",
            )
            .expect("write");
        }
    }
    let mut child = run_cmd(&corpus, &index, &out).spawn().expect("spawn");
    let mut answers = 0;
    let mut counts = Vec::new();
    while child.try_wait().expect("wait").is_none() {
        let hits = search(&si, "风险补偿", &Filters::default(), 10_000).expect("search answers");
        counts.push(hits.len());
        answers += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(child.wait().expect("wait").success());
    assert!(answers > 0);
    // Readers see the old commit or the new one, never a half-written index.
    let after = search(&si, "风险补偿", &Filters::default(), 10_000)
        .expect("search")
        .len();
    assert!(
        counts.iter().all(|c| *c == before || *c == after),
        "{counts:?}"
    );
    assert_eq!(after, before + 40, "each submission adds one passage");
}
