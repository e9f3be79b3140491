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

#[test]
fn extract_corpus_json_has_one_line_per_submission() {
    let out = bin()
        .args(["extract", "--json"])
        .arg(root().join("corpus"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
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
    assert!(city["source"].as_str().expect("source").contains("报送函"));
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
