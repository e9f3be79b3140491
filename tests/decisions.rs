//! Reviewers' decisions follow the finding, not the run (issue 22): they survive a re-run, a
//! re-ordered corpus and an edit elsewhere in the document; a changed quote asks for a second look;
//! a flag that disappears keeps its decision as 已不再出现; review.xlsx carries them; concurrent
//! writers lose nothing; export → import on a fresh store reproduces every decision.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::Reader;
use common::copy_dir;
use pilot_review::check::review::Review;
use pilot_review::decisions::overlay::finding_record;
use pilot_review::decisions::store::{Change, Recorded, Store};
use pilot_review::decisions::{flag_key, store_path, Field, FlagStatus, Overlay, Target};

const BIN: &str = env!("CARGO_BIN_EXE_pilot-review");

fn run(corpus: &Path, index: &Path, out: &Path) -> String {
    let o = common::run_cli(corpus, index, out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn reviews(out: &Path) -> Vec<Review> {
    pilot_review::report::read_reviews(out).expect("checks.jsonl")
}

/// The one flag of `submission` with this code and subject.
fn flag<'a>(
    rs: &'a [Review],
    submission: &str,
    code: &str,
    subject: Option<&str>,
) -> &'a pilot_review::check::finding::Flag {
    let r = rs
        .iter()
        .find(|r| r.submission == submission)
        .expect("submission");
    let found: Vec<_> = r
        .flags
        .iter()
        .filter(|f| f.code.as_str() == code && f.subject.as_deref() == subject)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{submission} {code} {subject:?}: {:?}",
        r.flags
    );
    found[0]
}

fn decide(
    store: &mut Store,
    submission: &str,
    f: &pilot_review::check::finding::Flag,
    status: FlagStatus,
    note: &str,
) {
    store
        .remember_finding(&finding_record(submission, f))
        .expect("remember");
    for (field, value) in [(Field::Status, status.as_str()), (Field::Note, note)] {
        let r = store
            .record(&Change {
                target: Target::Flag,
                key: flag_key(submission, f),
                field,
                value: value.into(),
                reviewer: "王专家".into(),
                base: None,
            })
            .expect("record");
        assert!(matches!(r, Recorded::Saved(_)));
    }
}

/// Rewrites `word/document.xml` of a .docx through `edit`, keeping every other part.
fn edit_docx(path: &Path, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).expect("docx");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).expect("entry");
        let name = e.name().expect("entry name").to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).expect("read");
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            let edited = edit(&xml);
            assert_ne!(edited, xml, "the edit changed {name}");
            data = edited.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    let cur = out.finish().expect("finish");
    std::fs::write(path, cur.into_inner()).expect("write docx");
}

/// The rows of 问题清单 in review.xlsx as strings.
fn flag_sheet(out: &Path) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("review.xlsx")).expect("xlsx");
    let range = book.worksheet_range("问题清单").expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn row_with<'a>(rows: &'a [Vec<String>], parts: &[&str]) -> Option<&'a Vec<String>> {
    rows.iter()
        .find(|r| parts.iter().all(|p| r.iter().any(|c| c.contains(p))))
}

const HEFEI: &str = "04-合肥市";
const RISK_QUOTE: &str = "已妥善处置，未造成重大影响。";
const MISMATCH_SENTENCE: &str = "2023年底，全市制造业贷款余额为1754.6亿元。";

#[test]
fn decisions_follow_the_finding_across_runs_edits_and_reorders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    for name in ["01-厦门市", "02-苏州市", "03-宁波市", HEFEI] {
        copy_dir(&root.join("corpus").join(name), &corpus.join(name));
    }
    let (index, out) = (tmp.path().join("index"), tmp.path().join("reports"));
    let first = run(&corpus, &index, &out);
    assert!(!first.contains("审查记录"), "no store yet: {first}");
    assert!(!store_path(&index).exists(), "run never creates the store");

    // A reviewer dismisses the disclosed Ⅲ级 event (not a Ⅱ级 one), confirms the mismatch and
    // the missing section.
    let rs = reviews(&out);
    let risk = flag(&rs, HEFEI, "RISK_EVENT_DISCLOSED", Some("environment")).clone();
    let mismatch = flag(
        &rs,
        HEFEI,
        "INDICATOR_MISMATCH",
        Some("manufacturing_loans"),
    )
    .clone();
    let missing = flag(&rs, "03-宁波市", "SECTION_MISSING", Some("results.green")).clone();
    assert!(missing.evidence.is_empty());
    let mut store = Store::open(&store_path(&index)).expect("store");
    decide(
        &mut store,
        HEFEI,
        &risk,
        FlagStatus::Dismissed,
        "Ⅲ级（较大）事件，不属于Ⅱ级及以上，不影响申报条件",
    );
    decide(
        &mut store,
        HEFEI,
        &mismatch,
        FlagStatus::Confirmed,
        "与指标表不一致，请城市说明",
    );
    decide(
        &mut store,
        "03-宁波市",
        &missing,
        FlagStatus::Confirmed,
        "确无绿色发展成效",
    );
    drop(store);

    // An unchanged re-run keeps everything and writes review.xlsx with the decisions.
    let again = run(&corpus, &index, &out);
    assert!(again.contains("审查记录：确认 2，排除 1"), "{again}");
    let rows = flag_sheet(&out);
    let header = &rows[0];
    assert!(header.iter().any(|c| c == "核实状态") && header.iter().any(|c| c == "核实说明"));
    let row = row_with(&rows, &[HEFEI, "RISK_EVENT_DISCLOSED"]).expect("risk row");
    assert!(row.iter().any(|c| c == "排除"), "{row:?}");
    assert!(row.iter().any(|c| c.contains("不属于Ⅱ级及以上")), "{row:?}");
    assert!(row.iter().any(|c| c.contains("王专家")), "{row:?}");

    // A re-ordered corpus (folders written in reverse, another city before them) and an edit
    // elsewhere in 合肥's report that moves every later paragraph: the decisions stay.
    std::fs::remove_dir_all(&corpus).expect("rm");
    copy_dir(&root.join("corpus/05-成都市"), &corpus.join("00-成都市"));
    for name in [HEFEI, "03-宁波市", "02-苏州市", "01-厦门市"] {
        copy_dir(&root.join("corpus").join(name), &corpus.join(name));
    }
    let report = corpus.join(HEFEI).join("附件1.docx");
    edit_docx(&report, |xml| {
        let at = xml
            .find("<w:p w14:paraId=\"00000044\">")
            .expect("a middle paragraph");
        format!(
            "{}<w:p><w:r><w:t>（本报告已根据初审意见补充修订。）</w:t></w:r></w:p><w:p><w:r><w:t>此段为修订说明。</w:t></w:r></w:p>{}",
            &xml[..at],
            &xml[at..]
        )
    });
    run(&corpus, &index, &out);
    let rs = reviews(&out);
    let moved = flag(&rs, HEFEI, "RISK_EVENT_DISCLOSED", Some("environment"));
    assert_ne!(
        moved.evidence[0].block, risk.evidence[0].block,
        "the paragraph moved"
    );
    let o = Overlay::load(&store_path(&index), &rs).expect("overlay");
    let v = o.flag(HEFEI, moved);
    assert_eq!(
        (v.status, v.recheck.is_none()),
        (FlagStatus::Dismissed, true)
    );
    let m = o.flag(
        HEFEI,
        flag(
            &rs,
            HEFEI,
            "INDICATOR_MISMATCH",
            Some("manufacturing_loans"),
        ),
    );
    assert_eq!(m.status, FlagStatus::Confirmed);
    let g = o.flag(
        "03-宁波市",
        flag(&rs, "03-宁波市", "SECTION_MISSING", Some("results.green")),
    );
    assert_eq!(g.status, FlagStatus::Confirmed);
    assert!(o.gone(HEFEI).is_empty());

    // The city rewords the disclosed event: the decision is shown on the new flag, for a second
    // look. It drops the loan sentence: the mismatch is gone, its decision kept as 已不再出现.
    edit_docx(&report, |xml| {
        xml.replace(RISK_QUOTE, "已妥善处置，未造成人员伤亡。")
            .replace(MISMATCH_SENTENCE, "")
    });
    run(&corpus, &index, &out);
    let rs = reviews(&out);
    let reworded = flag(&rs, HEFEI, "RISK_EVENT_DISCLOSED", Some("environment"));
    assert!(reworded.evidence[0].quote.contains("未造成人员伤亡"));
    let o = Overlay::load(&store_path(&index), &rs).expect("overlay");
    let v = o.flag(HEFEI, reworded);
    let old = v.recheck.as_ref().expect("marked for a second look");
    assert!(old.quote.contains(RISK_QUOTE), "{old:?}");
    assert_eq!(
        v.status,
        FlagStatus::Dismissed,
        "the earlier verdict is shown"
    );
    assert_eq!(v.base_status, 0, "nothing is recorded on the new flag yet");
    let gone = o.gone(HEFEI);
    assert_eq!(gone.len(), 1, "{gone:?}");
    assert_eq!(gone[0].record.code, "INDICATOR_MISMATCH");
    assert_eq!(gone[0].view.status, FlagStatus::Confirmed);
    let rows = flag_sheet(&out);
    let row = row_with(&rows, &[HEFEI, "RISK_EVENT_DISCLOSED"]).expect("risk row");
    assert!(row.iter().any(|c| c.contains("需复核")), "{row:?}");
    let row = row_with(&rows, &[HEFEI, "INDICATOR_MISMATCH"]).expect("gone row");
    assert!(row.iter().any(|c| c.contains("已不再出现")), "{row:?}");
    assert!(row.iter().any(|c| c.contains("请城市说明")), "{row:?}");
    // The history of the gone flag is intact.
    let store = Store::open(&store_path(&index)).expect("store");
    assert_eq!(
        store
            .history(Target::Flag, &flag_key(HEFEI, &mismatch))
            .expect("history")
            .len(),
        2
    );
}

#[test]
fn ten_concurrent_writers_of_a_hundred_decisions_lose_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path: PathBuf = tmp.path().join("reviews.db");
    Store::open(&path).expect("create");
    let threads: Vec<_> = (0..10)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer is its own connection, as separate processes or server threads are.
                let mut s = Store::open(&path).expect("open");
                for i in 0..100 {
                    // Half on keys every writer shares, half on the writer's own.
                    let key = if i % 2 == 0 {
                        format!("shared{}", i % 10)
                    } else {
                        format!("w{w}-{i}")
                    };
                    let r = s
                        .record(&Change {
                            target: Target::Flag,
                            key,
                            field: Field::Note,
                            value: format!("writer {w} note {i}"),
                            reviewer: format!("专家{w}"),
                            base: None,
                        })
                        .expect("record");
                    assert!(matches!(r, Recorded::Saved(_)));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("writer");
    }
    let s = Store::open(&path).expect("open");
    let events = s.events().expect("events");
    assert_eq!(events.len(), 1000);
    for w in 0..10 {
        assert_eq!(
            events
                .iter()
                .filter(|e| e.reviewer == format!("专家{w}"))
                .count(),
            100
        );
    }
    // Each event's old value is the value the one before it set: no write was lost in between.
    let mut by_key: std::collections::BTreeMap<&str, Vec<&pilot_review::decisions::store::Event>> =
        Default::default();
    for e in &events {
        by_key.entry(e.key.as_str()).or_default().push(e);
    }
    for chain in by_key.values() {
        let mut chain = chain.clone();
        chain.sort_by_key(|e| e.seq);
        for pair in chain.windows(2) {
            assert_eq!(pair[1].old.as_deref(), Some(pair[0].new.as_str()));
        }
    }
    // Five shared keys (even i: i % 10 in 0, 2, 4, 6, 8) and 500 own ones.
    assert_eq!(s.state().expect("state").len(), 5 + 500);
}

#[test]
fn export_then_import_on_a_fresh_store_reproduces_every_decision() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a_index = tmp.path().join("a/index");
    std::fs::create_dir_all(&a_index).expect("mkdir");
    let mut a = Store::open(&store_path(&a_index)).expect("a");
    let expert = pilot_review::decisions::expert_key("04-合肥市", "李专家");
    let flag = "00000000000000f1";
    let passage = "00000000000000b1";
    for (target, key, field, value) in [
        (Target::Flag, flag, Field::Status, "dismissed"),
        (Target::Flag, flag, Field::Note, "已核对原件"),
        (Target::Flag, flag, Field::Status, "confirmed"),
        (
            Target::Submission,
            &expert,
            Field::Score("results".into()),
            "26.5",
        ),
        (Target::Submission, &expert, Field::Conclusion, "pass"),
        (
            Target::Submission,
            &expert,
            Field::Comment,
            "成效扎实，经验可推广。",
        ),
        (Target::Passage, passage, Field::Star, "1"),
        (Target::Passage, passage, Field::Tags, "基金招商、风险补偿"),
    ] {
        a.record(&Change {
            target,
            key: key.into(),
            field,
            value: value.into(),
            reviewer: "李专家".into(),
            base: None,
        })
        .expect("record");
    }
    drop(a);
    let file = tmp.path().join("李专家.json");
    let export = Command::new(BIN)
        .args(["decisions", "export", "--json", "--index"])
        .arg(&a_index)
        .arg("--out")
        .arg(&file)
        .output()
        .expect("export");
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let b_index = tmp.path().join("b/index");
    std::fs::create_dir_all(b_index.parent().expect("parent")).expect("mkdir");
    let import = |index: &Path| {
        let o = Command::new(BIN)
            .args(["decisions", "import"])
            .arg(&file)
            .arg("--index")
            .arg(index)
            .output()
            .expect("import");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let said = import(&b_index);
    assert!(
        said.contains("新增 8 条") && said.contains("没有冲突"),
        "{said}"
    );
    let a = Store::open(&store_path(&a_index)).expect("a");
    let b = Store::open(&store_path(&b_index)).expect("b");
    let strip = |s: &Store| {
        s.events()
            .expect("events")
            .into_iter()
            .map(|e| {
                (
                    e.uid, e.target, e.key, e.field, e.old, e.new, e.reviewer, e.at_us,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        strip(&a),
        strip(&b),
        "the whole history, not only the state"
    );
    // Twice is the same as once.
    let said = import(&b_index);
    assert!(said.contains("新增 0 条"), "{said}");
    // The readable export names things in Chinese.
    let o = Command::new(BIN)
        .args(["decisions", "export", "--index"])
        .arg(&b_index)
        .output()
        .expect("export");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("结论：建议通过") && text.contains("核实状态：确认"),
        "{text}"
    );
    assert!(
        text.contains("04-合肥市 · 专家 李专家") && text.contains("评分“试点总体成效"),
        "{text}"
    );
    // A file that is not an export is refused with a Chinese message naming it.
    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").expect("write");
    let o = Command::new(BIN)
        .args(["decisions", "import"])
        .arg(&junk)
        .arg("--index")
        .arg(&b_index)
        .output()
        .expect("import");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("junk.json") && err.contains("不是审查记录导出文件"),
        "{err}"
    );
    // Export without any store says so.
    let o = Command::new(BIN)
        .args(["decisions", "export", "--index"])
        .arg(tmp.path().join("none/index"))
        .output()
        .expect("export");
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("尚无审查记录库"));
}

#[test]
fn a_damaged_or_locked_store_never_stops_a_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    copy_dir(&root.join("corpus/04-合肥市"), &corpus.join("04-合肥市"));
    let (index, out) = (tmp.path().join("index"), tmp.path().join("reports"));
    std::fs::write(
        store_path(&index),
        "not a database, some text someone saved here",
    )
    .expect("junk");
    let said = run(&corpus, &index, &out);
    assert!(
        said.contains("警告：审查记录库") && said.contains("不是审查记录库"),
        "{said}"
    );
    assert!(out.join("review.xlsx").is_file() && out.join("04-合肥市.html").is_file());
    // An unchanged re-run says the same and still succeeds.
    let said = run(&corpus, &index, &out);
    assert!(
        said.contains("材料未变化") && said.contains("不是审查记录库"),
        "{said}"
    );
}
