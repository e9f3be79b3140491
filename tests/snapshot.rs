//! `check --json` on the shipped sample corpus is byte-identical to `tests/expected/check-corpus.jsonl`:
//! a refactor that changes no behaviour changes no byte of the check contract. When a change is meant
//! to alter reviews, regenerate the file with `UPDATE_EXPECTED=1 cargo test --test snapshot` and say
//! why in the commit.

use std::path::Path;
use std::process::Command;

#[test]
fn check_json_on_the_corpus_is_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_pilot-review"))
        .current_dir(root)
        .args(["check", "--json", "corpus"])
        .output()
        .expect("run check");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected_path = root.join("tests/expected/check-corpus.jsonl");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_path, &out.stdout).expect("write expected");
        return;
    }
    let expected = std::fs::read(&expected_path).expect("expected file");
    if out.stdout != expected {
        let got = String::from_utf8_lossy(&out.stdout);
        let want = String::from_utf8_lossy(&expected);
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "check --json differs from tests/expected/check-corpus.jsonl at line {}:\n got: {}\nwant: {}",
            first + 1,
            got.lines().nth(first).unwrap_or("").chars().take(400).collect::<String>(),
            want.lines().nth(first).unwrap_or("").chars().take(400).collect::<String>()
        );
    }
}
