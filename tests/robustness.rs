//! Hostile input at corpus level: every hostile fixture mixed into the sample corpus, submissions sent
//! as .zip archives (GBK names, paths escaping the archive, a truncated archive), and the reading
//! limits of the profile.

mod common;

use common::copy_dir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_pilot-review");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `check --json` on the given folders (and profile), one review per submission name.
fn check(args: &[&Path], profile: Option<&Path>) -> BTreeMap<String, Value> {
    let mut cmd = Command::new(BIN);
    cmd.args(["check", "--json"]).args(args);
    if let Some(p) = profile {
        cmd.arg("--profile").arg(p);
    }
    let o = cmd.output().expect("check");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            (v["submission"].as_str().expect("name").to_owned(), v)
        })
        .collect()
}

fn flags<'a>(r: &'a Value, code: &str) -> Vec<&'a Value> {
    r["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

/// The hostile fixtures, each in a submission of its own beside the twelve good ones: the good
/// reviews are exactly what they are without them, and every file that cannot be read carries
/// DOC_UNREADABLE with the reason its extraction gives.
#[test]
fn hostile_files_mixed_into_the_corpus() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    copy_dir(&root().join("corpus"), &corpus);
    std::fs::remove_file(corpus.join("answers.json")).expect("rm");
    let hostile_dir = root().join("tests/fixtures/hostile");
    let mut hostile: Vec<PathBuf> = std::fs::read_dir(&hostile_dir)
        .expect("hostile")
        .flatten()
        .map(|e| e.path())
        .collect();
    hostile.sort();
    for (i, f) in hostile.iter().enumerate() {
        let dir = corpus.join(format!("9{i:02}-异常文件"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::copy(f, dir.join(f.file_name().expect("name"))).expect("copy");
    }
    // A truncated .zip submission too.
    let zip = std::fs::read(root().join("tests/fixtures/synthetic/gbk-names.zip")).expect("zip");
    std::fs::write(corpus.join("980-截断的压缩包.zip"), &zip[..zip.len() / 2]).expect("write");

    let plain = check(&[&root().join("corpus")], None);
    let mixed = check(&[&corpus], None);
    assert_eq!(plain.len(), 12);
    assert_eq!(mixed.len(), 12 + hostile.len() + 1);
    for (name, review) in &plain {
        assert_eq!(&mixed[name], review, "{name} changed");
    }
    let limits = pilot_review::Limits::default();
    let mut unreadable = 0;
    for (i, f) in hostile.iter().enumerate() {
        let file = f.file_name().expect("name").to_string_lossy().into_owned();
        let sub = format!("9{i:02}-异常文件");
        let r = &mixed[&sub];
        let got = flags(r, "DOC_UNREADABLE");
        match pilot_review::read::extract::extract_file(f, &file, limits) {
            Ok(_) => assert!(got.is_empty(), "{file}: {got:?}"),
            Err(e) => {
                unreadable += 1;
                assert_eq!(got.len(), 1, "{file}");
                let msg = got[0]["message"].as_str().expect("message");
                assert!(msg.contains(&file), "{msg}");
                assert!(msg.contains(&e.zh()), "{file}: {msg} lacks {}", e.zh());
            }
        }
    }
    assert!(
        unreadable >= 14,
        "{unreadable} of {} hostile files unreadable",
        hostile.len()
    );
    let truncated = &mixed["980-截断的压缩包"];
    let got = flags(truncated, "DOC_UNREADABLE");
    assert_eq!(got.len(), 1, "{truncated}");
    let msg = got[0]["message"].as_str().expect("message");
    assert!(
        msg.contains("980-截断的压缩包.zip") && msg.contains("zip"),
        "{msg}"
    );
}

/// A submission zipped on Chinese Windows (GBK names, no UTF-8 flag) reads as the same folder does;
/// the entries whose paths escape the archive are refused, each named with its reason.
#[test]
fn zip_submission_reads_like_its_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let folder = tmp.path().join("folder");
    copy_dir(&root().join("corpus/06-常州市"), &folder.join("06-常州市"));
    let zipped = tmp.path().join("zipped");
    std::fs::create_dir_all(&zipped).expect("mkdir");
    std::fs::copy(
        root().join("tests/fixtures/synthetic/gbk-names.zip"),
        zipped.join("06-常州市.zip"),
    )
    .expect("copy");
    let a = &check(&[&folder], None)["06-常州市"];
    let b = &check(&[&zipped], None)["06-常州市"];
    // The same review but for where the files are: "06-常州市.zip/常州市报送材料/…".
    let b_as_folder: Value = serde_json::from_str(
        &b.to_string()
            .replace("06-常州市.zip/常州市报送材料/", "06-常州市/"),
    )
    .expect("json");
    for field in ["city", "province", "role", "sections", "indicators"] {
        assert_eq!(a[field], b_as_folder[field], "{field}");
    }
    for field in ["city", "province", "role"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    let names = |r: &Value| -> Vec<String> {
        r["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .filter_map(|d| d["path"].as_str())
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_owned())
            .collect()
    };
    let zipped_names = names(b);
    for n in names(a) {
        assert!(
            zipped_names.contains(&n),
            "{n} missing from {zipped_names:?}"
        );
    }
    assert!(
        zipped_names.contains(&"常州市国家产融合作试点城市实施方案.docx".to_owned())
            || zipped_names.iter().any(|n| n.starts_with("常州市")),
        "{zipped_names:?}"
    );
    let codes = |r: &Value, skip: &str| -> Vec<String> {
        r["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .filter(|f| f["code"] != skip)
            .map(|f| format!("{} {}", f["code"], f["severity"]))
            .collect()
    };
    assert_eq!(codes(a, "DOC_UNREADABLE"), codes(b, "DOC_UNREADABLE"));
    let escaping = flags(b, "DOC_UNREADABLE");
    assert_eq!(escaping.len(), 3, "{escaping:?}");
    for (f, path) in escaping.iter().zip([
        "../../逃逸.docx",
        "/etc/cron.d/x.txt",
        "C:\\Windows\\系统.doc",
    ]) {
        let msg = f["message"].as_str().expect("message");
        assert!(
            msg.contains(path) && msg.contains("指向压缩包之外"),
            "{msg}"
        );
    }
    assert!(!tmp.path().join("逃逸.docx").exists() && !root().join("逃逸.docx").exists());
}

/// The reading limits come from the profile: past one, a file is DOC_UNREADABLE with the limit named;
/// a limit of zero is refused with the file, line and field.
#[test]
fn profile_limits_make_files_unreadable_with_the_reason() {
    let tmp = tempfile::tempdir().expect("tmp");
    let profile = tmp.path().join("profile");
    let o = Command::new(BIN)
        .arg("write-profile")
        .arg(&profile)
        .output()
        .expect("write-profile");
    assert!(o.status.success());
    let toml = std::fs::read_to_string(profile.join("profile.toml")).expect("toml");
    assert!(toml.contains("[limits]"));
    let tight = toml
        .replace("max_blocks = 500000", "max_blocks = 20")
        .replace("max_file_mib = 256", "max_file_mib = 1");
    std::fs::write(profile.join("profile.toml"), tight).expect("write");

    let corpus = tmp.path().join("corpus");
    copy_dir(&root().join("corpus/06-常州市"), &corpus.join("06-常州市"));
    // An attachment over 1 MiB.
    std::fs::write(
        corpus.join("06-常州市/附件-扫描件.pdf"),
        vec![b'%'; 1_200_000],
    )
    .expect("big");
    let r = &check(&[&corpus], Some(&profile))["06-常州市"];
    let messages: Vec<&str> = flags(r, "DOC_UNREADABLE")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("实施方案") && m.contains("数量超过上限20")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("附件-扫描件.pdf") && m.contains("超过上限1048576字节")),
        "{messages:?}"
    );
    // The default profile reads the same plan.
    let r = &check(&[&corpus], None)["06-常州市"];
    assert!(flags(r, "DOC_UNREADABLE")
        .iter()
        .all(|f| !f["message"].as_str().unwrap_or("").contains("实施方案")));

    let zero = std::fs::read_to_string(profile.join("profile.toml"))
        .expect("toml")
        .replace("max_xml_depth = 256", "max_xml_depth = 0");
    std::fs::write(profile.join("profile.toml"), zero).expect("write");
    let o = Command::new(BIN)
        .args(["check", "--json"])
        .arg(&corpus)
        .arg("--profile")
        .arg(&profile)
        .output()
        .expect("check");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("profile.toml:") && err.contains("limits.max_xml_depth"),
        "{err}"
    );
}

/// Attachments zipped inside a submission folder are read as the folder's own files (one level).
#[test]
fn zipped_attachments_inside_a_folder_are_read() {
    use std::io::Write;
    let tmp = tempfile::tempdir().expect("tmp");
    let plain = tmp.path().join("plain");
    copy_dir(&root().join("corpus/06-常州市"), &plain.join("06-常州市"));
    let zipped = tmp.path().join("zipped");
    copy_dir(&root().join("corpus/06-常州市"), &zipped.join("06-常州市"));
    let evidence = zipped.join("06-常州市/证明材料汇编.docx");
    let bytes = std::fs::read(&evidence).expect("evidence");
    std::fs::remove_file(&evidence).expect("rm");
    let mut w = zip::ZipWriter::new(
        std::fs::File::create(zipped.join("06-常州市/附件.zip")).expect("create"),
    );
    w.start_file(
        "证明材料汇编.docx",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("entry");
    w.write_all(&bytes).expect("write");
    w.finish().expect("zip");

    let a = &check(&[&plain], None)["06-常州市"];
    let b = &check(&[&zipped], None)["06-常州市"];
    let b_as_plain: Value =
        serde_json::from_str(&b.to_string().replace("06-常州市/附件.zip/", "06-常州市/"))
            .expect("json");
    assert_eq!(a["flags"], b_as_plain["flags"]);
    assert_eq!(a["sections"], b_as_plain["sections"]);
    assert!(b["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .any(|d| d["path"] == "06-常州市/附件.zip/证明材料汇编.docx" && d["kind"] == "evidence"));
}
