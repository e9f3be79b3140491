//! Search quality on fixtures with known answers, and incremental indexing.

use std::path::Path;

use pilot_review::profile::Profile;
use pilot_review::search::indexer::update;
use pilot_review::search::query::{parse, search, Filters, Hit, Part};
use pilot_review::search::{batch, SearchIndex};

/// A small corpus of text submissions whose passages we know.
fn corpus(root: &Path) {
    let subs: &[(&str, &str, &str, &[&str])] = &[
        (
            "01-甲市",
            "厦门市",
            "福建省",
            &[
                "厦门市国家产融合作试点城市自评报告",
                "一、保障体系建设情况",
                "（一）组织保障",
                "成立试点工作领导小组，由市长任组长，统筹推进产融合作工作。",
                "二、创新实践",
                "（三）金融产品服务创新",
                "设立知识产权质押融资风险补偿资金池，合作银行发放专利质押贷款。",
                "建立待处理事项清单，逐项销号。",
            ],
        ),
        (
            "02-乙市",
            "苏州市",
            "江苏省",
            &[
                "苏州市国家产融合作试点城市自评报告",
                "一、保障体系建设情况",
                "（三）资源保障",
                "推动对产融合作的深入探索，发展供应链金融服务，支持链主企业。",
                "二、创新实践",
                "（三）金融产品服务创新",
                "知识产权的质押登记与融资对接同步推进。",
            ],
        ),
        (
            "03-丙市",
            "宁波市",
            "浙江省",
            &[
                "宁波市国家产融合作试点城市自评报告",
                "一、创新实践",
                "（二）产融合作平台建设",
                "建成产融云平台，企业可在线处理融资申请，风险补偿资金池规模3亿元。",
                "报送：丙",
                "陆",
            ],
        ),
    ];
    for (dir, city, province, lines) in subs {
        let d = root.join(dir);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::write(d.join("自评报告.txt"), lines.join("\n")).expect("write");
        std::fs::write(
            d.join("submission.toml"),
            format!("city = \"{city}\"\nprovince = \"{province}\"\nrole = \"evaluation\"\n"),
        )
        .expect("write");
    }
}

fn dirs(root: &Path) -> Vec<std::path::PathBuf> {
    pilot_review::submission::discover(root).expect("discover")
}

fn build(root: &Path, index: &Path, profile: &Profile) -> SearchIndex {
    update(index, &dirs(root), profile).expect("index");
    SearchIndex::open(index).expect("open")
}

fn subs(hits: &[Hit]) -> Vec<String> {
    let mut v: Vec<String> = hits.iter().map(|h| h.submission.clone()).collect();
    v.sort();
    v.dedup();
    v
}

fn q(si: &SearchIndex, query: &str) -> Vec<Hit> {
    search(si, query, &Filters::default(), 100).expect("search")
}

#[test]
fn search_quality() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    corpus(&root);
    let si = build(&root, &tmp.path().join("index"), &Profile::embedded());

    // A word inside a longer word: 处理 inside 待处理 (search mode), and standing alone.
    assert_eq!(subs(&q(&si, "处理")), vec!["01-甲市", "03-丙市"]);

    // A quoted phrase matches the exact sequence, not the same characters apart.
    assert_eq!(subs(&q(&si, "\"知识产权质押\"")), vec!["01-甲市"]);
    // Unquoted, the words may stand apart.
    assert_eq!(subs(&q(&si, "知识产权 质押")), vec!["01-甲市", "02-乙市"]);

    // Domain terms: 产融合作 in "对产融合作" (a plain segmenter cuts 对产/融合/作).
    let hits = q(&si, "产融合作");
    assert!(
        hits.iter()
            .any(|h| h.submission == "02-乙市" && h.snippet.contains("对产融合作")),
        "{hits:?}"
    );
    assert_eq!(
        parse(&si, "风险补偿资金池"),
        vec![Part::Word("风险补偿资金池".into())]
    );
    assert_eq!(subs(&q(&si, "风险补偿资金池")), vec!["01-甲市", "03-丙市"]);

    // A term the dictionary does not know still finds its exact characters.
    let parts = parse(&si, "销号");
    assert!(parts
        .iter()
        .all(|p| matches!(p, Part::Exact(_) | Part::Word(_))));
    assert_eq!(subs(&q(&si, "逐项销号")), vec!["01-甲市"]);

    // Filters: city, province, outline section.
    let f = Filters {
        city: Some("宁波市".into()),
        ..Default::default()
    };
    assert_eq!(
        subs(&search(&si, "风险补偿资金池", &f, 10).expect("search")),
        vec!["03-丙市"]
    );
    let f = Filters {
        section: Some("innovation.products".into()),
        ..Default::default()
    };
    let hits = search(&si, "风险补偿资金池", &f, 10).expect("search");
    assert_eq!(
        subs(&hits),
        vec!["01-甲市"],
        "the 宁波 passage lies in innovation.platform"
    );
    assert_eq!(hits[0].section_id, "innovation.products");
    assert_eq!(hits[0].section, "二、创新实践 > （三）金融产品服务创新");

    // Highlights are character spans of the snippet that equal the matched text.
    for (query, needle) in [
        ("风险补偿资金池", "风险补偿资金池"),
        ("\"供应链金融\"", "供应链金融"),
        ("处理", "处理"),
    ] {
        for h in q(&si, query) {
            assert!(!h.highlights.is_empty(), "{query}: {h:?}");
            let chars: Vec<char> = h.snippet.chars().collect();
            for [s, e] in &h.highlights {
                assert_eq!(chars[*s..*e].iter().collect::<String>(), needle, "{query}");
            }
        }
    }

    // One character is found wherever it stands: only as the last character of a passage (丙, and
    // 。 which ends most), as a passage of its own (陆), inside words (融).
    assert_eq!(subs(&q(&si, "丙")), vec!["03-丙市"]);
    assert_eq!(subs(&q(&si, "陆")), vec!["03-丙市"]);
    assert_eq!(subs(&q(&si, "。")), vec!["01-甲市", "02-乙市", "03-丙市"]);
    assert_eq!(q(&si, "。").len(), 6, "every passage ending in 。");
    assert_eq!(subs(&q(&si, "融")), vec!["01-甲市", "02-乙市", "03-丙市"]);
    // A character followed by the closing pair's NUL is not a sequence anyone can ask for.
    assert_eq!(subs(&q(&si, "丙\u{0}")), vec!["03-丙市"]);

    // Nothing found is an empty answer, not an error.
    assert!(q(&si, "养老金融").is_empty());
    assert!(q(&si, "  ").is_empty());
}

#[test]
fn without_the_user_dictionary_terms_are_still_found() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    corpus(&root);
    let with = build(&root, &tmp.path().join("with"), &Profile::embedded());
    let mut bare = Profile::embedded();
    bare.dictionary.clear();
    let without = build(&root, &tmp.path().join("without"), &bare);
    assert_eq!(
        parse(&with, "产融合作"),
        vec![Part::Word("产融合作".into())]
    );
    for term in ["产融合作", "风险补偿资金池", "知识产权质押融资"] {
        assert_eq!(subs(&q(&with, term)), subs(&q(&without, term)), "{term}");
    }
}

/// An index left by an earlier version, whose fields differ (here: a character field beside the
/// others, as before VERSION 6), is made anew by the next update rather than emptied and refilled
/// under its old fields.
#[test]
fn an_index_of_an_earlier_layout_is_rebuilt() {
    use tantivy::schema::{Schema, STRING, TEXT};
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    corpus(&root);
    let names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    // Three old indexes: as left; with its list of managed files gone (copied without dotfiles);
    // with that list naming a file outside the folder (not ours to delete).
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "a user's file").expect("victim");
    for case in ["as-left", "no-managed-list", "listed-outside"] {
        let index = tmp.path().join(case);
        {
            let mut b = Schema::builder();
            let submission = b.add_text_field("submission", STRING);
            let chars = b.add_text_field("chars", TEXT);
            std::fs::create_dir_all(&index).expect("mkdir");
            let old = tantivy::Index::create_in_dir(&index, b.build()).expect("old index");
            let mut w: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
            w.add_document(tantivy::doc!(submission => "旧", chars => "旧的段落"))
                .expect("add");
            w.commit().expect("commit");
        }
        // The old segment's files (named by its id).
        let old_segment: Vec<String> = names(&index)
            .into_iter()
            .filter(|n| !n.starts_with('.') && n != "meta.json")
            .collect();
        assert!(!old_segment.is_empty());
        let managed = index.join(".managed.json");
        match case {
            "no-managed-list" => std::fs::remove_file(&managed).expect("rm"),
            "listed-outside" => {
                let mut list: Vec<String> =
                    serde_json::from_slice(&std::fs::read(&managed).expect("read")).expect("json");
                list.push("../victim.txt".into());
                list.push(victim.display().to_string());
                std::fs::write(&managed, serde_json::to_vec(&list).expect("json")).expect("write");
            }
            _ => {}
        }
        std::fs::write(index.join("notes.txt"), "a reviewer's notes").expect("notes");
        std::fs::write(
            index.join("pilot-review-manifest.json"),
            r#"{"version": 5, "profile": "x", "dictionary": [], "submissions": {"旧": "0"}}"#,
        )
        .expect("manifest");
        // Searching it before the rebuild is refused with a message saying what to do.
        let e = SearchIndex::open(&index)
            .err()
            .expect("refused")
            .to_string();
        assert!(
            e.contains("其他版本") && e.contains("pilot-review index"),
            "{e}"
        );

        let r = update(&index, &dirs(&root), &Profile::embedded()).expect("index");
        assert!(r.rebuilt, "{case}");
        assert_eq!(r.indexed, 3);
        let si = SearchIndex::open(&index).expect("open");
        assert_eq!(si.index.schema(), pilot_review::search::schema().0);
        assert_eq!(subs(&q(&si, "丙")), vec!["03-丙市"]);
        assert_eq!(subs(&q(&si, "风险补偿资金池")), vec!["01-甲市", "03-丙市"]);
        assert!(
            q(&si, "旧").is_empty(),
            "{case}: nothing of the old index is left"
        );
        // The old segment's files are gone, not left beside the new ones; other files stay.
        let now = names(&index);
        assert!(
            old_segment.iter().all(|n| !now.contains(n)),
            "{case}: {now:?}"
        );
        assert!(now.contains(&"notes.txt".to_string()), "{case}: {now:?}");
        assert!(
            victim.exists(),
            "{case}: a file outside the index was deleted"
        );
    }
}

#[test]
fn incremental_indexing_and_batch() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    corpus(&root);
    let p = Profile::embedded();
    let first = update(&index, &dirs(&root), &p).expect("index");
    assert_eq!((first.indexed, first.unchanged), (3, 0));
    let again = update(&index, &dirs(&root), &p).expect("index");
    assert_eq!(
        (again.indexed, again.unchanged, again.passages),
        (0, 3, 0),
        "an unchanged corpus is not read again"
    );

    // A changed file replaces its submission's passages; a removed submission leaves the index.
    std::fs::write(
        root.join("03-丙市/自评报告.txt"),
        "宁波市国家产融合作试点城市自评报告\n一、创新实践\n设立首贷续贷服务中心。",
    )
    .expect("write");
    std::fs::remove_dir_all(root.join("02-乙市")).expect("rm");
    let r = update(&index, &dirs(&root), &p).expect("index");
    assert_eq!((r.indexed, r.unchanged, r.removed), (1, 1, 1));
    let si = SearchIndex::open(&index).expect("open");
    assert_eq!(subs(&q(&si, "风险补偿资金池")), vec!["01-甲市"]);
    assert_eq!(subs(&q(&si, "首贷续贷")), vec!["03-丙市"]);
    assert!(q(&si, "供应链金融").is_empty());

    // Batch: a submission × query matrix of hit counts with the best snippet.
    let queries = batch::parse_batch(
        "风险补偿资金池\n首贷续贷 | city=宁波市\n# a comment\n领导小组 | kind=self_evaluation\n",
    )
    .expect("parse");
    assert_eq!(queries.len(), 3);
    assert!(batch::parse_batch("x | town=甲").is_err());
    // The same rule and the same filter checks as a single search: Chinese names and short city
    // names resolve, an unknown value is an error.
    let chinese = batch::parse_batch("首贷续贷 | city=宁波 kind=自评报告\n").expect("parse");
    let mc = batch::run(&si, &chinese).expect("Chinese filter names");
    assert_eq!(mc[0].keys().collect::<Vec<_>>(), vec!["03-丙市"]);
    let bad = batch::parse_batch("首贷续贷 | kind=报告\n").expect("parse");
    assert!(batch::run(&si, &bad).is_err(), "an unknown kind is refused");
    let m = batch::run(&si, &queries).expect("run");
    assert_eq!(m[0].get("01-甲市").map(|x| x.0), Some(1));
    assert_eq!(m[1].keys().collect::<Vec<_>>(), vec!["03-丙市"]);
    let out = tmp.path().join("out");
    let files = batch::write(&out, &si, &queries, &m).expect("write");
    assert_eq!(files.len(), 2);
    let csv = std::fs::read_to_string(out.join("batch.csv")).expect("csv");
    assert!(
        csv.contains("01-甲市,1,") && csv.contains("风险补偿资金池"),
        "{csv}"
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("batch.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("命中矩阵").expect("sheet");
    assert_eq!(
        sheet.get_size(),
        (3, 4),
        "header + 2 submissions, label + 3 queries"
    );
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let e = SearchIndex::open(&tmp.path().join("nothing"))
        .err()
        .expect("error")
        .to_string();
    assert!(e.contains("pilot-review index"), "{e}");
}

/// Filters are checked against the index: Chinese names for kinds and roles, cities and provinces
/// without their suffix, and an unknown value is an error that lists the valid ones.
#[test]
fn filters_accept_chinese_names_and_refuse_unknown_values() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("corpus");
    corpus(&root);
    let si = build(&root, &tmp.path().join("index"), &Profile::embedded());
    let with = |f: Filters| search(&si, "风险补偿资金池", &f, 100);
    let all = subs(&with(Filters::default()).expect("search"));
    let by_name = with(Filters {
        kind: Some("自评报告".into()),
        role: Some("评估".into()),
        ..Default::default()
    })
    .expect("Chinese names");
    assert_eq!(subs(&by_name), all);
    let city = with(Filters {
        city: Some("宁波".into()),
        province: Some("浙江".into()),
        ..Default::default()
    })
    .expect("short names");
    assert_eq!(subs(&city), vec!["03-丙市"]);
    let err = with(Filters {
        kind: Some("报告".into()),
        ..Default::default()
    })
    .expect_err("unknown kind");
    let msg = err.to_string();
    assert!(
        msg.contains("kind") && msg.contains("self_evaluation"),
        "{msg}"
    );
    let err = with(Filters {
        city: Some("杭州".into()),
        ..Default::default()
    })
    .expect_err("a city not in the index");
    assert!(err.to_string().contains("宁波市"), "{err}");
}

/// The shared bug-report fixtures `bugs/13-search-decimal-highlight` and `bugs/14-search-single-char-in-compound`
/// (a 泰州市 自评报告 .docx written independently of the search code): every query named in their expected.md hits
/// the passage holding it, with a highlight equal to the query's text.
#[test]
fn bug_report_fixtures_13_and_14() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/bugs");
    let root = fixtures.join("13-search-decimal-highlight/corpus");
    if !root.exists() {
        eprintln!("skipped: {} absent", root.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let si = build(&root, &tmp.path().join("idx"), &Profile::embedded());
    let highlighted = |hit: &Hit| -> Vec<String> {
        let chars: Vec<char> = hit.snippet.chars().collect();
        hit.highlights
            .iter()
            .map(|[s, e]| chars[*s..*e].iter().collect())
            .collect()
    };
    // (query, the text the highlight must show, a passage fragment that must be among the hits)
    let cases: &[(&str, &str, &str)] = &[
        ("567.8亿元", "567.8亿元", "科技贷款余额达到567.8亿元"),
        ("\"567.8亿元\"", "567.8亿元", "科技贷款余额达到567.8亿元"),
        ("12.5%", "12.5%", "增长12.5%"),
        ("1234.5亿元", "１２３４．５亿元", "１２３４．５亿元"),
        ("６．８％", "６．８％", "６．８％"),
        ("6.8%", "６．８％", "６．８％"),
        ("链", "链", "产业链供应链协同"),
        ("\"链\"", "链", "产业链供应链协同"),
        ("灯", "灯", "路灯"),
        ("路", "路", "路灯"),
        ("GDP", "ＧＤＰ", "ＧＤＰ"),
    ];
    for (query, shown, fragment) in cases {
        let hits = q(&si, query);
        let hit = hits
            .iter()
            .find(|h| h.snippet.contains(fragment))
            .unwrap_or_else(|| panic!("{query}: no hit with {fragment}: {hits:?}"));
        let marks = highlighted(hit);
        assert!(
            marks.iter().any(|m| m == shown),
            "{query}: highlights {marks:?} in {}",
            hit.snippet
        );
    }
    // Bug 14: the same character quoted or not gives the same answer.
    for c in ["链", "灯", "路", "桩"] {
        let plain: Vec<u64> = q(&si, c).iter().map(|h| h.block).collect();
        let mut quoted: Vec<u64> = q(&si, &format!("\"{c}\""))
            .iter()
            .map(|h| h.block)
            .collect();
        let mut plain_sorted = plain.clone();
        plain_sorted.sort();
        quoted.sort();
        assert_eq!(plain_sorted, quoted, "{c}");
    }
}

/// The compiled dictionary's cache folder (issue 24; cases from a hostile test of the change): an
/// empty or relative setting never puts it in the current folder, the next setting is used instead,
/// and with no usable setting at all nothing is cached — the search still answers the same.
#[test]
fn the_dictionary_cache_never_lands_in_the_current_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let data = root.join("corpus");
    corpus(&data);
    let index = root.join("index");
    let bin = env!("CARGO_BIN_EXE_pilot-review");
    let status = std::process::Command::new(bin)
        .arg("index")
        .arg(&data)
        .arg("--index")
        .arg(&index)
        .env("PILOT_REVIEW_CACHE", root.join("cache"))
        .output()
        .expect("index");
    assert!(status.status.success(), "{status:?}");
    let search = |env: &[(&str, Option<&str>)], cwd: &Path| {
        let mut c = std::process::Command::new(bin);
        c.args(["search", "产融合作", "--index"])
            .arg(&index)
            .current_dir(cwd);
        for (k, v) in env {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        let out = c.output().expect("search");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let cwd = root.join("cwd");
    let home = root.join("home");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    let reference = search(
        &[(
            "PILOT_REVIEW_CACHE",
            Some(&*root.join("cache").to_string_lossy()),
        )],
        &cwd,
    );
    assert!(reference.contains("产融合作"), "{reference}");
    let home_s = home.to_string_lossy().into_owned();
    // Empty and relative settings are skipped; HOME's cache folder is used.
    let out = search(
        &[
            ("PILOT_REVIEW_CACHE", Some("")),
            ("XDG_CACHE_HOME", Some("relative/cache")),
            ("HOME", Some(&home_s)),
        ],
        &cwd,
    );
    assert_eq!(out, reference);
    assert!(home.join(".cache/pilot-review/segmenter").is_dir());
    // Nothing usable: no cache at all, not a shared folder, and the same answer.
    let out = search(
        &[
            ("PILOT_REVIEW_CACHE", None),
            ("XDG_CACHE_HOME", Some("")),
            ("HOME", Some("")),
        ],
        &cwd,
    );
    assert_eq!(out, reference);
    let left: Vec<_> = std::fs::read_dir(&cwd).expect("cwd").flatten().collect();
    assert!(left.is_empty(), "the current folder got {left:?}");
}
