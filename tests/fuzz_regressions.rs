//! Inputs from `fuzz/run.sh`, kept in tests/fixtures/fuzz/<target>/ — any input that crashed a reader
//! (none so far) and coverage inputs the fuzzer generated — replayed through the whole per-file path
//! and, for archives, the archive reader: each reads or gives a reason, and no reader panics.

use std::path::Path;

use pilot_review::{ExtractError, Limits};

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for target in std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz")
        .flatten()
    {
        if !target.path().is_dir() {
            continue;
        }
        for case in std::fs::read_dir(target.path()).expect("target").flatten() {
            let bytes = std::fs::read(case.path()).expect("case");
            let name = format!(
                "{}/{}",
                target.file_name().to_string_lossy(),
                case.file_name().to_string_lossy()
            );
            if let Err(ExtractError::Panic(what)) =
                pilot_review::read::extract::extract_bytes(&bytes, &name, Limits::default())
            {
                panic!("{name}: the {what} reader panicked");
            }
            if target.file_name() == "archive" {
                let _ = pilot_review::read::archive::entries_from_bytes(&bytes, Limits::default());
            }
            replayed += 1;
        }
    }
    let listed = std::fs::read_to_string(dir.join("README.md")).expect("README");
    // Every kept input is listed with what it broke and how it was fixed.
    for target in std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|t| t.path().is_dir())
    {
        for case in std::fs::read_dir(target.path()).expect("target").flatten() {
            let n = case.file_name().to_string_lossy().into_owned();
            assert!(
                listed.contains(&n),
                "{n} is not described in tests/fixtures/fuzz/README.md"
            );
        }
    }
    eprintln!("replayed {replayed} fuzz regressions");
}
