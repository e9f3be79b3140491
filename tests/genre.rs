//! Real Chinese government plans nobody on the team wrote (tests/fixtures/genre/, public, sources in
//! SOURCES.tsv, labels read by hand in labels.json), rendered to .docx three ways — typed 公文
//! numbering, Heading styles, labels produced by numbering.xml — and read back: the heading tree, the
//! document kind, the submitter, and what each plan states (period, guarantees, quantified targets).
//! Also the opening of a real third-batch plan (tests/fixtures/real-programme/).
//!
//! `cargo test --test genre -- --nocapture` prints the figures and every disagreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, Run, Start, Style, StyleType,
};
use pilot_review::check::outline::normalize_heading;
use pilot_review::check::review::review;
use pilot_review::document::structure::parse_label;
use pilot_review::profile::Profile;
use pilot_review::{BlockKind, DocKind, Limits};
use serde_json::Value;

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

/// A labelled document: its id, its lines (the SOURCE line dropped) and its labels.
struct Labelled {
    id: String,
    lines: Vec<String>,
    label: Value,
}

fn genre() -> Vec<Labelled> {
    let labels: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures("genre/labels.json")).expect("labels"),
    )
    .expect("json");
    let docs = labels["documents"].as_object().expect("documents").clone();
    docs.into_iter()
        .map(|(id, label)| {
            let text = std::fs::read_to_string(fixtures(&format!("genre/{id}.txt"))).expect("text");
            let lines = text
                .lines()
                .skip(1)
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            Labelled { id, lines, label }
        })
        .collect()
}

/// How headings are made in the rendered file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mechanism {
    /// Labels typed in the text, every paragraph plain.
    Typed,
    /// Heading lines styled Heading 1..4, labels kept in the text.
    Styles,
    /// Heading lines numbered by numbering.xml (chineseCounting …), labels taken out of the text.
    Numbering,
}

const NUM: usize = 7;

/// The labelled headings that stand on a line of their own (run-in ones stay typed in every rendering).
fn standalone(doc: &Labelled) -> BTreeMap<usize, (u8, &str)> {
    let mut out = BTreeMap::new();
    let mut from = 0;
    for h in doc.label["headings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
    {
        let text = h["text"].as_str().unwrap_or_default();
        let depth = h["depth"].as_u64().unwrap_or(1) as u8;
        if let Some(k) = (from..doc.lines.len()).find(|&k| doc.lines[k].starts_with(text)) {
            from = k + 1;
            if !h["run_in"].as_bool().unwrap_or(false) && doc.lines[k] == text {
                let text = doc.lines[k].as_str();
                out.insert(k, (depth, text));
            }
        }
    }
    out
}

fn render(doc: &Labelled, m: Mechanism) -> Vec<u8> {
    let heads = standalone(doc);
    let mut d = Docx::new();
    if m == Mechanism::Styles {
        for l in 1..=4 {
            d = d.add_style(
                Style::new(format!("Heading{l}"), StyleType::Paragraph)
                    .name(format!("heading {l}"))
                    .outline_lvl(l - 1),
            );
        }
    }
    if m == Mechanism::Numbering {
        let level = |l: usize, fmt: &str, text: &str| {
            Level::new(
                l,
                Start::new(1),
                NumberFormat::new(fmt),
                LevelText::new(text),
                LevelJc::new("left"),
            )
        };
        d = d
            .add_abstract_numbering(
                AbstractNumbering::new(NUM)
                    .add_level(level(0, "chineseCounting", "%1、"))
                    .add_level(level(1, "chineseCounting", "（%2）"))
                    .add_level(level(2, "decimal", "%3."))
                    .add_level(level(3, "decimal", "（%4）")),
            )
            .add_numbering(Numbering::new(NUM, NUM));
    }
    for (k, line) in doc.lines.iter().enumerate() {
        let p = match (heads.get(&k), m) {
            (Some((depth, _)), Mechanism::Styles) => Paragraph::new()
                .style(&format!("Heading{depth}"))
                .add_run(Run::new().add_text(line)),
            (Some((depth, text)), Mechanism::Numbering) => {
                let body: String = match parse_label(text) {
                    Some(l) => text.chars().skip(l.chars).collect(),
                    None => text.to_string(),
                };
                Paragraph::new()
                    .numbering(NumberingId::new(NUM), IndentLevel::new(*depth as usize - 1))
                    .add_run(Run::new().add_text(body))
            }
            _ => Paragraph::new().add_run(Run::new().add_text(line)),
        };
        d = d.add_paragraph(p);
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut buf).expect("pack");
    buf.into_inner()
}

/// The lines the labels cover: up to the attachments (附件/附表 after the first labelled heading), which
/// the labels leave out.
fn labelled_scope(doc: &Labelled) -> usize {
    let first = doc.label["headings"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let start = doc
        .lines
        .iter()
        .position(|l| l.starts_with(&first))
        .unwrap_or(0);
    doc.lines
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.starts_with("附件") || l.starts_with("附表"))
        .map_or(usize::MAX, |(k, _)| k)
}

#[test]
fn heading_trees_of_real_plans() {
    let docs = genre();
    for m in [Mechanism::Typed, Mechanism::Styles, Mechanism::Numbering] {
        let (mut right, mut labelled, mut extra) = (0, 0, 0);
        let mut wrong = Vec::new();
        for doc in &docs {
            let d = pilot_review::read::extract::extract_bytes(
                &render(doc, m),
                "附件.docx",
                Limits::default(),
            )
            .expect("extract");
            // A heading's place among the lines: the block texts follow the lines in order.
            let scope = labelled_scope(doc);
            let mut line = 0;
            let mut got: Vec<(u8, String)> = Vec::new();
            for b in &d.blocks {
                while line < doc.lines.len()
                    && !doc.lines[line].contains(b.text.trim())
                    && !normalize_heading(&doc.lines[line]).contains(&normalize_heading(&b.text))
                {
                    line += 1;
                }
                if line >= scope {
                    break;
                }
                if b.kind == BlockKind::Heading {
                    got.push((b.level.unwrap_or(0), normalize_heading(&b.text)));
                }
            }
            let want: Vec<(u8, String)> = doc.label["headings"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|h| {
                    (
                        h["depth"].as_u64().unwrap_or(0) as u8,
                        normalize_heading(h["text"].as_str().unwrap_or_default()),
                    )
                })
                .collect();
            labelled += want.len();
            for w in &want {
                if got.contains(w) {
                    right += 1;
                } else {
                    wrong.push(format!("{m:?} {}: missing {w:?}", doc.id));
                }
            }
            for g in got.iter().filter(|g| !want.iter().any(|w| w.1 == g.1)) {
                extra += 1;
                wrong.push(format!("{m:?} {}: extra {g:?}", doc.id));
            }
        }
        let score = right as f64 / (labelled + extra) as f64;
        println!("{m:?}: {right} of {labelled} labelled headings right, {extra} extra: {score:.3}");
        for w in &wrong {
            println!("  {w}");
        }
        assert!(
            score >= 0.95,
            "{m:?}: heading tree {score:.3} < 0.95\n{}",
            wrong.join("\n")
        );
    }
}

/// Each genre document as a one-document submission in a folder that names nothing.
fn reviewed(
    doc: &Labelled,
) -> (
    pilot_review::submission::Submission,
    pilot_review::check::review::Review,
) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("材料");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("附件.docx"), render(doc, Mechanism::Typed)).expect("write");
    let sub = pilot_review::submission::load(&dir, Limits::default()).expect("load");
    let r = review(&sub, &Profile::embedded());
    (sub, r)
}

#[test]
fn kind_and_submitter_of_real_plans() {
    let mut wrong = Vec::new();
    for doc in genre() {
        let (sub, _) = reviewed(&doc);
        let kind = sub.documents[0].kind;
        let want_kind = match doc.label["kind"].as_str() {
            Some("plan") => DocKind::ImplementationPlan,
            _ => DocKind::Evidence,
        };
        if kind != want_kind {
            wrong.push(format!(
                "{}: kind {kind:?}, labelled {want_kind:?} ({})",
                doc.id, sub.documents[0].kind_reason
            ));
        }
        // The submitter as the programme knows it: a city or a district (a 街道 is reviewed as its district).
        let want = doc.label["submitter_unit"]
            .as_str()
            .or(doc.label["submitter"].as_str())
            .unwrap_or_default();
        let got = sub.meta.city.clone().unwrap_or_default();
        if got != want {
            wrong.push(format!(
                "{}: submitter {got}, labelled {want} ({:?})",
                doc.id, sub.inferred
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn what_real_plans_state() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for doc in genre().into_iter().filter(|d| d.label["kind"] == "plan") {
        let (_, r) = reviewed(&doc);
        let has = |code: &str, subject: Option<&str>| {
            r.flags.iter().any(|f| {
                f.code.as_str() == code && (subject.is_none() || f.subject.as_deref() == subject)
            })
        };
        let doubtful = doc.label["doubtful"].to_string();
        let mut expect = |what: String, want: bool, got: bool, topic: &str| {
            if doubtful.contains(topic) {
                return;
            }
            checked += 1;
            if want != got {
                wrong.push(format!(
                    "{}: {what}: labelled {want}, flagged {got}",
                    doc.id
                ));
            }
        };
        let period = doc.label["period"].as_str().unwrap_or_default();
        expect(
            format!("period {period}: PERIOD_MISSING"),
            period == "none",
            has("PERIOD_MISSING", None),
            "period",
        );
        expect(
            format!("period {period}: PERIOD_NOT_THREE_YEARS"),
            period == "other",
            has("PERIOD_NOT_THREE_YEARS", None),
            "period",
        );
        for subject in ["organization", "policy", "funding"] {
            let stated = doc.label["guarantees"][subject].as_i64() == Some(1);
            expect(
                format!("guarantee {subject}"),
                !stated,
                has("GUARANTEE_MISSING", Some(subject)),
                subject,
            );
        }
        let quantified = doc.label["targets_quantified"].as_i64() == Some(1);
        expect(
            "targets".into(),
            !quantified,
            has("TARGETS_NOT_QUANTIFIED", None) || has("SECTION_MISSING", Some("targets")),
            "targets",
        );
    }
    println!(
        "{} of {checked} statements agree with the labels",
        checked - wrong.len()
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The opening of a real third-batch plan as published (厦门, with its 印发 notice), news about it and
/// the 2020 notice: what each is, who it is from, and that the record of the previous pilot inside the
/// plan's 产融合作基础 chapter is no guarantee of the new plan.
#[test]
fn real_programme_documents() {
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(fixtures(&format!("real-programme/{name}")))
            .expect("text")
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let docx = |lines: &[String]| {
        let mut d = Docx::new();
        for l in lines {
            d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(l)));
        }
        let mut buf = std::io::Cursor::new(Vec::new());
        d.build().pack(&mut buf).expect("pack");
        buf.into_inner()
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("材料");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("附件2.docx"),
        docx(&read("01_xiamen_plan_third_batch_2024.txt")),
    )
    .expect("write");
    let sub = pilot_review::submission::load(&dir, Limits::default()).expect("load");
    let plan = &sub.documents[0];
    assert_eq!(
        plan.kind,
        DocKind::ImplementationPlan,
        "{}",
        plan.kind_reason
    );
    assert_eq!(
        sub.meta.city.as_deref(),
        Some("厦门市"),
        "{:?}",
        sub.inferred
    );
    let headings: Vec<(u8, String)> = plan
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| (b.level.unwrap_or(0), b.text.clone()))
        .collect();
    assert_eq!(
        headings,
        [
            (1, "一、产融合作基础".to_string()),
            (2, "(一)强化保障措施".to_string())
        ]
    );
    let r = review(&sub, &Profile::embedded());
    for subject in ["organization", "policy", "funding"] {
        assert!(
            r.flags
                .iter()
                .any(|f| f.code.as_str() == "GUARANTEE_MISSING"
                    && f.subject.as_deref() == Some(subject)),
            "the previous pilot's {subject} record is no guarantee of the new plan: {:?}",
            r.sections
        );
    }
    // News and the 2020 notice are evidence, never a report.
    for name in [
        "02_xiamen_plan_news_chinawuliu_2024.txt",
        "05_miit_2020_second_batch_notice.txt",
        "06_henan_second_batch_news_2020.txt",
        "07_huolinguole_second_batch_news_2020.txt",
        "09_xiamen_supply_chain_fund_news_2024.txt",
    ] {
        let d = pilot_review::read::extract::extract_bytes(
            &docx(&read(name)),
            "附件.docx",
            Limits::default(),
        )
        .expect("extract");
        assert_eq!(d.kind, DocKind::Evidence, "{name}: {}", d.kind_reason);
    }
}

/// A plan that opens by citing the approval of other cities is the plan of the city its folder,
/// file and title name (the 绵阳 case of issue 16).
#[test]
fn a_cited_approval_names_no_submitter() {
    let lines = [
        "绵阳市国家产融合作试点城市实施方案（2024—2026年）",
        "根据《关于同意北京市海淀区等37个城市（区）列为国家产融合作试点城市的通知》和工信部联财函〔2023〕381号文件要求，结合我市实际，制定本方案。",
        "一、产融合作基础",
        "绵阳是中国科技城，拥有国家级科研院所18家。",
    ];
    let mut d = Docx::new();
    for l in lines {
        d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(l)));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut buf).expect("pack");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("05-绵阳市");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("绵阳市实施方案.docx"), buf.into_inner()).expect("write");
    let sub = pilot_review::submission::load(&dir, Limits::default()).expect("load");
    assert_eq!(sub.meta.city.as_deref(), Some("绵阳市"));
    assert_eq!(sub.meta.province.as_deref(), Some("四川省"));
}

/// A package holding neither a self-evaluation nor a plan gets a blocker that says so (here: only a
/// news report about a plan).
#[test]
fn no_report_is_a_blocker() {
    let text = std::fs::read_to_string(fixtures(
        "real-programme/02_xiamen_plan_news_chinawuliu_2024.txt",
    ))
    .expect("text");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("材料");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("新闻报道.txt"),
        text.lines().skip(1).collect::<Vec<_>>().join("\n"),
    )
    .expect("write");
    let sub = pilot_review::submission::load(&dir, Limits::default()).expect("load");
    let r = review(&sub, &Profile::embedded());
    let f = r
        .flags
        .iter()
        .find(|f| f.code.as_str() == "REPORT_MISSING")
        .expect("REPORT_MISSING");
    assert_eq!(
        f.severity,
        pilot_review::profile::severity::Severity::Blocker
    );
    assert!(f.message.contains("新闻报道.txt"), "{}", f.message);
}
