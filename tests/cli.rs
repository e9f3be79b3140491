//! The command line on the shipped corpus and on small folders made for the case.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pilot-review"))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a command that must succeed and parses its JSON Lines.
fn json_lines(cmd: &mut Command) -> Vec<Value> {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// Runs the binary on the shipped corpus and parses its JSON Lines.
fn corpus_json_lines(command: &str) -> Vec<Value> {
    json_lines(bin().args([command, "--json"]).arg(root().join("corpus")))
}

#[test]
fn extract_corpus_json_has_one_line_per_submission() {
    let lines = corpus_json_lines("extract");
    assert_eq!(lines.len(), 12);
    let hefei = lines
        .iter()
        .find(|l| l["submission"] == "04-合肥市")
        .expect("合肥");
    let bad: Vec<&Value> = hefei["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .filter(|d| d["status"] == "unreadable")
        .collect();
    assert_eq!(bad.len(), 1);
    assert!(bad[0]["error"]
        .as_str()
        .expect("error")
        .contains("truncated zip"));
    assert!(bad[0]["error_zh"].as_str().expect("zh").contains("损坏"));
    assert_eq!(bad[0]["kind"], "evidence");
    // Inferred metadata says where it came from.
    let suzhou = lines
        .iter()
        .find(|l| l["submission"] == "02-苏州市")
        .expect("苏州");
    assert_eq!(suzhou["city"], "苏州市");
    let city = suzhou["inferred"]
        .as_array()
        .expect("inferred")
        .iter()
        .find(|i| i["field"] == "city")
        .expect("city inferred");
    // The folder's name comes first (issue 16: folder, file names, titles, then the text).
    assert!(city["source"]
        .as_str()
        .expect("source")
        .contains("文件夹名“02-苏州市”"));
}

#[test]
fn a_single_submission_folder_with_a_bad_toml_falls_back_to_inference() {
    let dir = tempfile::tempdir().expect("tmp");
    let sub = dir.path().join("厦门材料");
    std::fs::create_dir(&sub).expect("mkdir");
    for f in ["厦门市国家产融合作试点城市自评报告.docx", "报送函.docx"] {
        std::fs::copy(root().join("corpus/01-厦门市").join(f), sub.join(f)).expect("copy");
    }
    // A WPS-named OOXML file is read by its bytes.
    std::fs::copy(
        root().join("corpus/01-厦门市/证明材料汇编.docx"),
        sub.join("证明材料.wps"),
    )
    .expect("copy");
    std::fs::write(
        sub.join("submission.toml"),
        "city = \"厦门市\"\nprovnce = \"福建省\"\n",
    )
    .expect("write");
    let out = bin()
        .args(["extract", "--json"])
        .arg(&sub)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let note = v["notes"][0].as_str().expect("note");
    assert!(
        note.contains("submission.toml") && note.contains("provnce"),
        "{note}"
    );
    assert_eq!(v["city"], "厦门市");
    assert_eq!(v["province"], "福建省");
    assert_eq!(v["province_kind"], "separately_listed");
    assert_eq!(v["role"], "evaluation");
    let wps = v["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(".wps")))
        .expect("wps");
    assert_eq!(wps["format"], "docx");
    assert_eq!(wps["kind"], "evidence");
}

#[test]
fn sample_corpus_command_writes_answers() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = bin()
        .args(["sample-corpus"])
        .arg(dir.path())
        .args(["--submissions", "3", "--seed", "5"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("answers.json")).expect("answers"),
    )
    .expect("json");
    assert_eq!(answers["submissions"].as_array().map(Vec::len), Some(3));
    assert_eq!(answers["seed"], 5);
}

#[test]
fn missing_input_is_an_error_naming_the_path() {
    let out = bin()
        .args(["extract", "no-such-file.docx"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.docx"));
}

/// `check --json` follows the DESIGN.md contract field by field, and its DOC_UNREADABLE flags equal
/// the answer key's.
#[test]
fn check_json_follows_the_contract() {
    let lines = corpus_json_lines("check");
    let answers: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("corpus/answers.json")).expect("answers"),
    )
    .expect("json");
    assert_eq!(lines.len(), 12);
    let one_of = |v: &Value, allowed: &[&str]| v.as_str().is_some_and(|s| allowed.contains(&s));
    for r in &lines {
        for key in [
            "submission",
            "city",
            "province",
            "role",
            "documents",
            "sections",
            "flags",
        ] {
            assert!(r.get(key).is_some(), "{key} missing");
        }
        assert!(one_of(&r["role"], &["evaluation", "application"]));
        for d in r["documents"].as_array().expect("documents") {
            assert!(one_of(
                &d["kind"],
                &[
                    "self_evaluation",
                    "implementation_plan",
                    "indicators",
                    "cover_letter",
                    "evidence",
                    "unknown"
                ]
            ));
            assert!(one_of(&d["status"], &["ok", "unreadable"]));
            assert!(d["path"].is_string() && d.get("format").is_some() && d.get("error").is_some());
        }
        for s in r["sections"].as_array().expect("sections") {
            assert!(one_of(
                &s["outline"],
                &["self_evaluation", "implementation_plan"]
            ));
            assert!(one_of(&s["status"], &["present", "thin", "missing"]));
            assert!(s["id"].is_string() && s["title"].is_string());
            assert_eq!(s["evidence"].is_null(), s["status"] == "missing");
        }
        for f in r["flags"].as_array().expect("flags") {
            assert!(one_of(&f["severity"], &["blocker", "warning", "info"]));
            assert!(
                f["message"]
                    .as_str()
                    .is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
                "message in Chinese"
            );
            for e in f["evidence"].as_array().expect("evidence") {
                assert!(e["document"].is_string() && e["block"].is_u64() && e["quote"].is_string());
                assert!(e["section"].is_string() || e["section"].is_null());
            }
        }
        let sub = answers["submissions"]
            .as_array()
            .expect("subs")
            .iter()
            .find(|s| s["submission"] == r["submission"])
            .expect("in answers");
        let codes = |v: &Value, code: &str| -> Vec<String> {
            let mut x: Vec<String> = v
                .as_array()
                .expect("flags")
                .iter()
                .filter(|f| f["code"] == code)
                .map(|f| f["subject"].as_str().unwrap_or("").to_owned())
                .collect();
            x.sort();
            x
        };
        assert_eq!(
            codes(&r["flags"], "DOC_UNREADABLE"),
            codes(&sub["flags"], "DOC_UNREADABLE")
        );
    }
}

#[test]
fn profiles_are_written_edited_and_refused_when_bad() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("profile");
    assert!(bin()
        .args(["write-profile"])
        .arg(&p)
        .output()
        .expect("runs")
        .status
        .success());
    // Writing again without --force is refused.
    assert_eq!(
        bin()
            .args(["write-profile"])
            .arg(&p)
            .output()
            .expect("runs")
            .status
            .code(),
        Some(1)
    );
    // An edited copy is used: renaming a section's only aliases and topic words makes it missing.
    let outlines = std::fs::read_to_string(p.join("outlines.toml")).expect("read");
    let edited = outlines
        .replace(
            "aliases = [\"绿色\", \"低碳\", \"节能\", \"减排\", \"碳达峰\", \"双碳\", \"生态\"]",
            "aliases = [\"生态文明建设\"]",
        )
        .replace(
            "topic_words = [\"绿色\", \"低碳\", \"降碳\", \"节能\", \"双碳\", \"减排\", \"环保\"]",
            "topic_words = [\"生态文明\"]",
        );
    assert_ne!(edited, outlines);
    std::fs::write(p.join("outlines.toml"), &edited).expect("write");
    let sub = root().join("corpus/01-厦门市");
    let run = |profile: Option<&Path>| -> Value {
        let mut c = bin();
        c.args(["check", "--json"]).arg(&sub);
        if let Some(p) = profile {
            c.arg("--profile").arg(p);
        }
        serde_json::from_slice(&c.output().expect("runs").stdout).expect("json")
    };
    let green = |v: &Value| {
        v["sections"]
            .as_array()
            .expect("s")
            .iter()
            .find(|s| s["id"] == "results.green")
            .expect("green")["evidence"]["quote"]
            .clone()
    };
    let (default, edited_run) = (run(None), run(Some(&p)));
    assert!(green(&default).as_str().is_some_and(|q| q.contains("绿色")));
    assert_ne!(
        green(&default),
        green(&edited_run),
        "the edited aliases were used"
    );
    // A bad value: exit 1, one line naming the file, the line and the field.
    std::fs::write(
        p.join("outlines.toml"),
        edited.replacen("min_chars = 60", "min_chars = \"sixty\"", 1),
    )
    .expect("write");
    let out = bin()
        .args(["check"])
        .arg(&sub)
        .arg("--profile")
        .arg(&p)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("outlines.toml:") && err.contains("min_chars"),
        "{err}"
    );
}

/// `index` then `search --json` on the shipped corpus: the DESIGN.md contract, highlights inside the
/// snippet equal to the query, filters, grouping, and a clear error without an index.
#[test]
fn index_and_search_commands() {
    let dir = tempfile::tempdir().expect("tmp");
    let index = dir.path().join("index");
    let index_corpus = || {
        let out = bin()
            .arg("index")
            .arg(root().join("corpus"))
            .arg("--index")
            .arg(&index)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(index_corpus().contains("本次索引 12 个"));
    assert!(
        index_corpus().contains("未变化 12 个"),
        "the second run reads nothing again"
    );

    let search = |args: &[&str]| -> Vec<Value> {
        json_lines(
            bin()
                .arg("search")
                .args(args)
                .arg("--index")
                .arg(&index)
                .arg("--json"),
        )
    };
    let hits = search(&["供应链金融", "--limit", "50"]);
    assert!(hits.len() >= 5);
    for h in &hits {
        for key in [
            "submission",
            "city",
            "document",
            "kind",
            "section",
            "block",
            "score",
            "snippet",
            "highlights",
        ] {
            assert!(h.get(key).is_some(), "{key}");
        }
        let snippet: Vec<char> = h["snippet"].as_str().expect("snippet").chars().collect();
        for span in h["highlights"].as_array().expect("highlights") {
            let (s, e) = (
                span[0].as_u64().expect("s") as usize,
                span[1].as_u64().expect("e") as usize,
            );
            assert_eq!(snippet[s..e].iter().collect::<String>(), "供应链金融");
        }
    }
    let filtered = search(&[
        "供应链金融",
        "--city",
        "成都市",
        "--kind",
        "self_evaluation",
        "--limit",
        "50",
    ]);
    assert!(
        !filtered.is_empty()
            && filtered
                .iter()
                .all(|h| h["city"] == "成都市" && h["kind"] == "self_evaluation")
    );
    let section = search(&[
        "风险补偿",
        "--section",
        "experience.distilled",
        "--limit",
        "50",
    ]);
    assert!(
        !section.is_empty()
            && section
                .iter()
                .all(|h| h["section_id"] == "experience.distilled")
    );

    let grouped = bin()
        .args([
            "search",
            "知识产权质押融资",
            "--by-submission",
            "--limit",
            "100",
        ])
        .arg("--index")
        .arg(&index)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&grouped.stdout);
    assert!(
        text.contains("个报送单位") && text.contains("【知识产权质押融资】"),
        "{text}"
    );

    let missing = bin()
        .args(["search", "产融合作", "--index"])
        .arg(dir.path().join("none"))
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("pilot-review index"));
}

/// `search` says when its limit cut the list, `--all` returns every hit, and a filter value the index
/// does not hold is an error naming the valid values (exit 1), never a silent empty answer.
#[test]
fn search_limit_all_and_unknown_filters() {
    let tmp = tempfile::tempdir().expect("tmp");
    let index = tmp.path().join("index");
    let out = bin()
        .args(["index", "corpus", "--index"])
        .arg(&index)
        .current_dir(root())
        .output()
        .expect("index");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let search = |args: &[&str]| {
        bin()
            .arg("search")
            .args(args)
            .arg("--index")
            .arg(&index)
            .output()
            .expect("search")
    };
    let limited = search(&["金融", "--limit", "3"]);
    let text = String::from_utf8_lossy(&limited.stdout);
    assert!(text.contains("只显示前 3 处"), "{text}");
    let all = json_lines(
        bin()
            .args(["search", "金融", "--all", "--json", "--index"])
            .arg(&index),
    );
    assert!(all.len() > 100, "{}", all.len());
    let bad = search(&["金融", "--kind", "报告"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("self_evaluation") && err.contains("报告"),
        "{err}"
    );
    let chinese = json_lines(
        bin()
            .args([
                "search",
                "金融",
                "--kind",
                "自评报告",
                "--city",
                "苏州",
                "--json",
                "--index",
            ])
            .arg(&index),
    );
    assert!(!chinese.is_empty());
    assert!(chinese
        .iter()
        .all(|h| h["city"] == "苏州市" && h["kind"] == "self_evaluation"));
}

/// Issue 21's CLI faults: an empty folder is an error that says what a submission is; `check … | head`
/// ends quietly with exit 0; `check` ends with a totals line; `serve --addr localhost:PORT` is accepted;
/// `extract` gives its reason in Chinese.
#[test]
fn cli_faults_a_reviewer_met() {
    let empty = tempfile::tempdir().expect("tmp");
    let out = bin().arg("check").arg(empty.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到报送单位"));

    // --json writes ~180 KB, more than a pipe holds: the writes after `head` left meet a closed pipe.
    let mut child = bin()
        .args(["check", "--json"])
        .arg(root().join("corpus"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one line, then close the pipe as `head -1` does.
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .expect("line");
        assert!(first.starts_with('{'), "{first}");
    }
    let done = child.wait_with_output().expect("wait");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!String::from_utf8_lossy(&done.stderr).contains("Broken pipe"));

    let out = bin()
        .arg("check")
        .arg(root().join("corpus"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("共 12 个报送单位：否决"), "{last}");
    // Subjects in the reviewer's words, the id after them.
    assert!(text.contains("推动工业绿色发展（results.green）"), "{text}");
    assert!(text.contains("绿色贷款余额（green_loans）"), "{text}");

    let help = bin()
        .args(["serve", "--addr", "localhost:notaport"])
        .output()
        .expect("runs");
    assert!(!help.status.success());
    assert!(String::from_utf8_lossy(&help.stderr).contains("无法解析地址"));

    let tmp = tempfile::tempdir().expect("tmp");
    let bad = tmp.path().join("坏文件.docx");
    std::fs::write(&bad, b"PK\x03\x04 truncated").expect("write");
    let out = bin().arg("extract").arg(&bad).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("坏文件.docx") && err.contains("文件已损坏"),
        "{err}"
    );
}

/// `extract` on a folder: columns line up whatever the file names' script (a Han character takes two
/// terminal columns), the role and the reasons in Chinese.
#[test]
fn extract_folder_columns_align() {
    let out = bin()
        .arg("extract")
        .arg(root().join("corpus/04-合肥市"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("类型 评估"), "{text}");
    let starts: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("   04-合肥市/"))
        .map(|l| {
            let head = &l[..l
                .find(" docx ")
                .or_else(|| l.find(" xlsx "))
                .or_else(|| l.find(" 无法读取"))
                .expect("column")];
            unicode_width::UnicodeWidthStr::width(head)
        })
        .collect();
    assert!(starts.len() >= 4, "{text}");
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{text}"
    );
    assert!(text.contains("无法读取 unreadable: 文件已损坏"), "{text}");
}

/// `experiences --out FILE` writes the format its extension names (xlsx, html, json) and refuses others.
#[test]
fn experiences_out_follows_the_extension() {
    let dir = tempfile::tempdir().expect("tmp");
    let index = dir.path().join("index");
    let ok = bin()
        .arg("index")
        .arg(root().join("corpus"))
        .arg("--index")
        .arg(&index)
        .output()
        .expect("runs");
    assert!(ok.status.success());
    for (name, magic) in [
        ("典型经验.xlsx", &b"PK"[..]),
        ("典型经验.html", b"<!"),
        ("典型经验.json", b"{"),
    ] {
        let f = dir.path().join(name);
        let out = bin()
            .arg("experiences")
            .arg("--index")
            .arg(&index)
            .arg("--out")
            .arg(&f)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&f).expect("written");
        assert!(
            bytes.starts_with(magic) || bytes.trim_ascii_start().starts_with(magic),
            "{name}"
        );
    }
    let bad = bin()
        .arg("experiences")
        .arg("--index")
        .arg(&index)
        .arg("--out")
        .arg(dir.path().join("x.docx"))
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不支持的输出格式"));
}

/// `--help` of the tool and of every command is in Chinese and English, and a mistyped command is
/// told in Chinese before clap's own message.
#[test]
fn help_is_in_chinese_and_english() {
    let text = |args: &[&str]| {
        let o = bin().args(args).output().expect("runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, top, _) = text(&["--help"]);
    assert_eq!(code, Some(0));
    for want in [
        "用法 Usage",
        "命令 Commands",
        "选项 Options",
        "显示帮助 / Print help",
    ] {
        assert!(top.contains(want), "{want}\n{top}");
    }
    let commands = [
        "run",
        "serve",
        "extract",
        "check",
        "index",
        "search",
        "experiences",
        "write-profile",
        "sample-corpus",
    ];
    for c in commands {
        let line = top
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{c} ")))
            .unwrap_or_else(|| panic!("{c} listed\n{top}"));
        assert!(
            line.contains("/ ")
                && line
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "{line}"
        );
        let (code, help, _) = text(&[c, "--help"]);
        assert_eq!(code, Some(0), "{c}");
        assert!(
            help.contains("用法 Usage") && help.contains("选项 Options"),
            "{c}\n{help}"
        );
        // Every option and argument is explained in Chinese.
        for l in help.lines().filter(|l| l.trim_start().starts_with("--")) {
            let next = help.lines().skip_while(|x| *x != l).nth(1).unwrap_or("");
            let both = format!("{l} {next}");
            assert!(
                both.chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{c}: {l}"
            );
        }
    }
    let (code, _, err) = text(&["chekc"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("错误：没有这个命令"), "{err}");
    let (code, _, err) = text(&["check"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("错误：缺少必需的参数"), "{err}");
}
