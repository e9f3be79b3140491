//! `run` on the sample corpus into a temp folder: what it wrote is what the answer key and the
//! contracts say.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use calamine::Reader;
use common::run_cli;
use serde_json::Value;

#[test]
fn run_writes_the_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let (index, out) = (tmp.path().join("index"), tmp.path().join("reports"));
    let o = run_cli(&root.join("corpus"), &index, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(
        summary.contains("报送单位 12 个") && summary.contains("否决") && summary.contains("用时"),
        "{summary}"
    );
    assert!(
        o.stderr.is_empty(),
        "no progress bar when not on a terminal"
    );

    // checks.jsonl parses and matches the answer key (all codes but TEXT_COPIED, a later issue).
    let answers: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("corpus/answers.json")).expect("answers"),
    )
    .expect("json");
    let key = |s: &Value, f: &Value| {
        (
            s["submission"].as_str().unwrap_or("").to_owned(),
            f["code"].as_str().unwrap_or("").to_owned(),
            f["subject"].as_str().unwrap_or("").to_owned(),
        )
    };
    let want: BTreeSet<_> = answers["submissions"]
        .as_array()
        .expect("subs")
        .iter()
        .flat_map(|s| {
            s["flags"]
                .as_array()
                .expect("flags")
                .iter()
                .map(move |f| key(s, f))
        })
        .collect();
    let lines: Vec<Value> = std::fs::read_to_string(out.join("checks.jsonl"))
        .expect("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(lines.len(), 12);
    let got: BTreeSet<_> = lines
        .iter()
        .flat_map(|r| {
            r["flags"]
                .as_array()
                .expect("flags")
                .iter()
                .map(move |f| key(r, f))
        })
        .collect();
    assert_eq!(got, want);

    // review.xlsx reads back with the expected sheets, rows and columns.
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("review.xlsx")).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "汇总",
            "专家评分",
            "名额核对",
            "各类问题数",
            "问题清单",
            "目标完成情况",
            "加星段落"
        ]
    );
    let summary_sheet = book.worksheet_range("汇总").expect("sheet");
    // Counts per severity, then the reviewers' columns (four statuses, blockers standing, the
    // panel: experts, mean, conclusions, names); counts per code on their own sheet.
    assert_eq!(summary_sheet.get_size(), (13, 16));
    let header: Vec<String> = summary_sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..5], &["报送单位", "城市", "省份", "类型", "否决"]);
    assert_eq!(
        &header[header.len() - 5..],
        &["未排除的否决", "评分专家数", "平均分", "专家结论", "审查人"]
    );
    let codes = book.worksheet_range("各类问题数").expect("codes");
    assert_eq!(
        codes.get_size(),
        (13, 1 + pilot_review::check::code::FlagCode::ALL.len())
    );
    let flags_sheet = book.worksheet_range("问题清单").expect("sheet");
    let flag_rows: usize = lines
        .iter()
        .map(|r| r["flags"].as_array().expect("f").len())
        .sum();
    // One row per flag, numbered; the reviewers' decision columns at the end (empty: no store).
    assert_eq!(flags_sheet.get_size().0, flag_rows + 1);
    let flag_header: Vec<String> = flags_sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(flag_header[0], "序号");
    assert_eq!(
        &flag_header[flag_header.len() - 3..],
        &["核实状态", "核实说明", "审查人（时间）"]
    );
    assert_eq!(
        flags_sheet.get((flag_rows, 0)),
        Some(&calamine::Data::Float(flag_rows as f64))
    );
    // Wrapped text, links to the pages, and print setup, read from the package itself.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(out.join("review.xlsx")).expect("open"))
        .expect("zip");
    let part = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| -> String {
        use std::io::Read;
        let mut s = String::new();
        zip.by_name(name)
            .expect(name)
            .read_to_string(&mut s)
            .expect("read");
        s
    };
    // 问题清单 is the fifth sheet.
    let sheets = 5;
    let flags_xml = part(&mut zip, &format!("xl/worksheets/sheet{sheets}.xml"));
    assert!(flags_xml.contains("orientation=\"landscape\""), "landscape");
    assert!(flags_xml.contains("fitToHeight=\"0\""), "fit to width");
    assert!(flags_xml.contains("<hyperlinks>"), "links to the pages");
    let rels = part(
        &mut zip,
        &format!("xl/worksheets/_rels/sheet{sheets}.xml.rels"),
    );
    assert!(rels.contains(".html"), "{rels}");
    let styles = part(&mut zip, "xl/styles.xml");
    assert!(styles.contains("wrapText=\"1\""), "wrapped text");
    let workbook = part(&mut zip, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header repeated on every page"
    );
    // The quota check of every province on one sheet: each unit once, the breach shown.
    let quota = book.worksheet_range("名额核对").expect("quota sheet");
    let unit_rows: Vec<Vec<String>> = quota
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let provinces: BTreeSet<&str> = lines
        .iter()
        .map(|r| r["province"].as_str().expect("province"))
        .collect();
    for p in &provinces {
        assert!(
            unit_rows.iter().any(|r| r[1] == *p)
                || lines.iter().any(|l| l["province"] == *p
                    && unit_rows
                        .iter()
                        .any(|r| Some(r[1].as_str()) == l["city"].as_str())),
            "{p} is on the quota sheet"
        );
    }
    let jiangsu = unit_rows
        .iter()
        .find(|r| r[1] == "江苏省")
        .expect("江苏省 row");
    assert!(jiangsu[5].starts_with("超出"), "{jiangsu:?}");
    assert!(jiangsu[6].contains("常州市"), "{jiangsu:?}");
    assert!(
        jiangsu[7].contains("苏州市"),
        "evaluation cities apart: {jiangsu:?}"
    );

    // Each submission page holds each flag's quotes, HTML-escaped; index.html links them all.
    let index_html = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index_html.contains("<svg") && index_html.contains("class=\"missing\""));
    for r in &lines {
        let name = r["submission"].as_str().expect("name");
        let page =
            std::fs::read_to_string(out.join(pilot_review::report::page_name(name))).expect("page");
        assert!(index_html.contains(&pilot_review::report::html::escape(
            &pilot_review::report::page_name(name)
        )));
        for f in r["flags"].as_array().expect("flags") {
            assert!(page.contains(&pilot_review::report::html::escape(
                f["message"].as_str().expect("message")
            )));
            for e in f["evidence"].as_array().expect("evidence") {
                let quote = pilot_review::report::html::escape(e["quote"].as_str().expect("quote"));
                assert!(page.contains(&quote), "{name}: {quote}");
            }
        }
    }
    // An earlier plan in the package (generated for the evaluation cities with their outcomes)
    // is named so on the page, and its targets fill 目标完成情况 there and in the workbook.
    let xiamen = lines
        .iter()
        .find(|r| r["submission"] == "01-厦门市")
        .expect("厦门");
    assert!(xiamen["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .any(|d| d["earlier_plan"] == true));
    assert!(!xiamen["targets"].as_array().expect("targets").is_empty());
    let page = std::fs::read_to_string(out.join(pilot_review::report::page_name("01-厦门市")))
        .expect("page");
    assert!(page.contains("上一轮实施方案（仅用于目标完成情况）") && page.contains("目标完成情况"));
    let ledger_sheet = book.worksheet_range("目标完成情况").expect("ledger sheet");
    let ledger_rows: usize = lines
        .iter()
        .map(|r| r["targets"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(ledger_rows >= 15, "{ledger_rows}");
    assert_eq!(ledger_sheet.get_size().0, ledger_rows + 1);
    assert_eq!(
        pilot_review::report::html::escape("<a href=\"x\">&'"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}

/// The streaming `run` gives exactly the reviews `check` gives; a second run on an unchanged corpus
/// does nothing and says so; a changed file, a deleted report or a deleted index makes it work again.
#[test]
fn run_equals_check_and_skips_an_unchanged_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    for name in ["01-厦门市", "02-苏州市", "06-常州市", "07-无锡市"] {
        common::copy_dir(&root.join("corpus").join(name), &corpus.join(name));
    }
    let (index, out) = (tmp.path().join("index"), tmp.path().join("reports"));
    let run = || {
        let o = run_cli(&corpus, &index, &out);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let first = run();
    assert!(first.contains("本次 4 个报送单位"), "{first}");
    let check = Command::new(env!("CARGO_BIN_EXE_pilot-review"))
        .args(["check", "--json"])
        .arg(&corpus)
        .output()
        .expect("check");
    let lines = |s: &str| -> Vec<Value> {
        s.lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect()
    };
    assert_eq!(
        lines(&std::fs::read_to_string(out.join("checks.jsonl")).expect("checks")),
        lines(&String::from_utf8_lossy(&check.stdout))
    );
    let page = out.join(pilot_review::report::page_name("02-苏州市"));
    let page_before = std::fs::read(&page).expect("page");

    let second = run();
    assert!(second.contains("材料未变化"), "{second}");
    assert_eq!(std::fs::read(&page).expect("page"), page_before);

    // A changed document: work again, the index only for that submission.
    let letter = corpus.join("02-苏州市/报送函.docx");
    let mut bytes = std::fs::read(&letter).expect("letter");
    bytes.extend_from_slice(b"\0");
    std::fs::write(&letter, bytes).expect("write");
    let third = run();
    assert!(
        !third.contains("材料未变化") && third.contains("本次 1 个报送单位"),
        "{third}"
    );
    // A deleted page or index makes the next run redo its work.
    std::fs::remove_file(&page).expect("rm page");
    assert!(!run().contains("材料未变化"));
    assert!(page.is_file());
    std::fs::remove_dir_all(&index).expect("rm index");
    let fifth = run();
    assert!(fifth.contains("本次 4 个报送单位"), "{fifth}");
    // An index of an earlier layout (its manifest's version older) is rebuilt, not kept.
    let manifest = index.join("pilot-review-manifest.json");
    let mut m: Value =
        serde_json::from_slice(&std::fs::read(&manifest).expect("manifest")).expect("json");
    m["version"] = Value::from(m["version"].as_u64().expect("version") - 1);
    std::fs::write(&manifest, m.to_string()).expect("write");
    let sixth = run();
    assert!(!sixth.contains("材料未变化"), "{sixth}");
    pilot_review::search::SearchIndex::open(&index).expect("rebuilt index opens");
}
