//! Helpers shared by integration tests.

/// `pilot-review run CORPUS --index INDEX --out OUT`, its output.
#[allow(dead_code)]
pub fn run_cli(
    corpus: &std::path::Path,
    index: &std::path::Path,
    out: &std::path::Path,
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pilot-review"))
        .arg("run")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

/// Copies a folder tree (a submission or a corpus) into a test's temp folder.
#[allow(dead_code)] // each test crate uses its own subset of these helpers
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

/// `rounds` mutated copies of `good`: each with 1..=`max_edits` random bytes overwritten and, when
/// `truncate` is set, one in five cut short. A fixed LCG keeps every run the same.
#[allow(dead_code)]
pub fn mutations(
    good: &[u8],
    seed: u64,
    rounds: usize,
    max_edits: usize,
    truncate: bool,
) -> Vec<Vec<u8>> {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..rounds)
        .map(|_| {
            let mut b = good.to_vec();
            for _ in 0..1 + next() % max_edits {
                let i = next() % b.len();
                b[i] = next() as u8;
            }
            if truncate && next() % 5 == 0 {
                b.truncate(next() % good.len());
            }
            b
        })
        .collect()
}

/// The sorted flag codes of the shipped corpus's submission `name` reviewed with its file `remove`
/// taken out (if given) and the file `add` put in (if given), in a temp copy.
#[allow(dead_code)]
pub fn flags_with(name: &str, remove: Option<&str>, add: Option<&std::path::Path>) -> Vec<String> {
    use pilot_review::check::review::review;
    use pilot_review::profile::Profile;
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join(name);
    copy_dir(&src, &dir);
    if let Some(r) = remove {
        std::fs::remove_file(dir.join(r)).expect("rm");
    }
    if let Some(a) = add {
        std::fs::copy(a, dir.join(a.file_name().expect("name"))).expect("copy");
    }
    let sub = pilot_review::submission::load(&dir, pilot_review::Limits::default()).expect("load");
    let mut v: Vec<String> = review(&sub, &Profile::embedded())
        .flags
        .iter()
        .map(|f| format!("{:?}", f.code))
        .collect();
    v.sort();
    v
}
