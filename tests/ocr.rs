//! OCR of scanned letters and photos (issue 20), on letters rendered from known text by
//! tests/fixtures/ocr/make.py (the 厦门市 报送函 with a red seal, skew, noise, a JPEG photo, an image-only
//! PDF) and the MinerU scanned PDF of ../shared/fixtures/real-zh. Needs tesseract with chi_sim and
//! pdftoppm; without them the tests say so and pass, unless PILOT_REVIEW_REQUIRE_OCR is set (CI).

mod common;

use std::path::{Path, PathBuf};

use pilot_review::read::extract::extract_file;
use pilot_review::{Document, Limits};
use unicode_normalization::UnicodeNormalization;

fn ocr_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocr")
        .join(name)
}

fn available() -> bool {
    if pilot_review::read::ocr::engine().is_some_and(|e| e.pdftoppm) {
        return true;
    }
    assert!(
        std::env::var_os("PILOT_REVIEW_REQUIRE_OCR").is_none(),
        "OCR required but tesseract with chi_sim or pdftoppm is missing: {}",
        pilot_review::read::ocr::INSTALL
    );
    eprintln!("skipped: no tesseract with chi_sim / pdftoppm");
    false
}

fn compact(s: &str) -> Vec<char> {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Levenshtein distance over characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(ca != cb));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn text(d: &Document) -> String {
    d.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The flag codes of corpus/01-厦门市 with its 报送函.docx replaced by `letter` (None: left out).
fn xiamen_flags(letter: Option<&Path>, keep_docx: bool) -> Vec<String> {
    common::flags_with("01-厦门市", (!keep_docx).then_some("报送函.docx"), letter)
}

/// Character error rates within the bounds (≤ 5% on scans, ≤ 10% on the photo), the text
/// marked as OCR'd, and the letter's checks (issuer, 继续开展试点, date) giving the flags of the
/// .docx letter — flags a package without a readable letter does not get.
#[test]
fn scanned_and_photographed_letters_read_like_the_typed_one() {
    if !available() {
        return;
    }
    let cache = tempfile::tempdir().expect("tmp");
    std::env::set_var("PILOT_REVIEW_CACHE", cache.path());
    let truth: Vec<char> =
        compact(&std::fs::read_to_string(ocr_fixture("letter.txt")).expect("truth"));
    let typed = xiamen_flags(None, true);
    let without = xiamen_flags(None, false);
    assert_ne!(typed, without, "the letter must matter to the review");
    let mut report = Vec::new();
    for (file, bound) in [
        ("letter-clean.png", 0.05),
        ("letter-seal-skew.png", 0.05),
        ("letter-scan.pdf", 0.05),
        ("letter-photo.jpg", 0.10),
    ] {
        let path = ocr_fixture(file);
        let d =
            extract_file(&path, file, Limits::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(d.ocr, "{file}");
        let cer = distance(&truth, &compact(&text(&d))) as f64 / truth.len() as f64;
        report.push(format!("{file}: CER {cer:.3}"));
        assert!(cer <= bound, "{file}: CER {cer:.3} > {bound}\n{}", text(&d));
        assert_eq!(d.kind.as_str(), "cover_letter", "{file}");
        assert_eq!(xiamen_flags(Some(&path), false), typed, "{file}");
    }
    eprintln!("{}", report.join("\n"));
    // The cache: an unchanged file is not OCR'd again (its cached text is what comes back).
    // Mark every cached result: what comes back next is the cache's, not a new OCR.
    for entry in std::fs::read_dir(cache.path().join("ocr")).expect("cache dir") {
        let path = entry.expect("entry").path();
        let mut pages: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        if let Some(g) = pages.pointer_mut("/0/glyphs/0/text") {
            *g = serde_json::Value::String("缓存标记".into());
        }
        std::fs::write(&path, serde_json::to_vec(&pages).expect("json")).expect("write");
    }
    let mut again = Vec::new();
    for file in [
        "letter-clean.png",
        "letter-seal-skew.png",
        "letter-scan.pdf",
        "letter-photo.jpg",
    ] {
        let d = extract_file(&ocr_fixture(file), file, Limits::default()).expect("again");
        again.push(text(&d));
    }
    assert!(
        again.iter().all(|t| t.contains("缓存标记")),
        "the cache was not read"
    );
}

/// The MinerU scanned PDF (a book page scan, no text layer) becomes readable text.
#[test]
fn the_mineru_scan_becomes_text() {
    if !available() {
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real-zh/mineru_small_ocr_scanned.pdf");
    let d = extract_file(&path, "mineru_small_ocr_scanned.pdf", Limits::default()).expect("ocr");
    assert!(d.ocr);
    let t = text(&d);
    assert!(t.chars().count() > 2000, "{} characters", t.chars().count());
    for word in ["商品", "价值", "交换"] {
        assert!(t.contains(word), "{word}");
    }
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // The page cap: the first pages only, and the reviewer is told how many were left.
    let limits = Limits {
        max_ocr_pages: 2,
        ..Limits::default()
    };
    let capped = extract_file(&path, "mineru_small_ocr_scanned.pdf", limits).expect("ocr");
    assert!(text(&capped).chars().count() < t.chars().count() / 2);
    assert!(
        capped
            .warnings
            .iter()
            .any(|w| w.contains("共8页") && w.contains("前2页")),
        "{:?}",
        capped.warnings
    );
}

/// Without Tesseract the file's message says so in Chinese with the install command, and the batch
/// goes on.
#[test]
fn without_tesseract_the_message_names_the_install_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sub = tmp.path().join("01-厦门市");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/01-厦门市"),
        &sub,
    );
    std::fs::copy(ocr_fixture("letter-photo.jpg"), sub.join("报送函.jpg")).expect("copy");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilot-review"))
        .args(["check", "--json"])
        .arg(tmp.path())
        .env("PILOT_REVIEW_NO_OCR", "1")
        .output()
        .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("tesseract-ocr-chi-sim"), "{stdout}");
    assert!(stdout.contains("本机未安装 OCR"), "{stdout}");
}
