//! OCR for scanned PDFs and images (a stamped 报送函 is nearly always a scan or a phone photo), with
//! Tesseract and its Simplified Chinese model, run as a program so the default build needs no system
//! library: `tesseract` (Debian tesseract-ocr, tesseract-ocr-chi-sim) reads page images, `pdftoppm`
//! (poppler-utils) renders a PDF's pages at 200 dpi. Before OCR a page is made grey with red ink
//! removed (a seal over the 署名 is what breaks OCR of letters), deskewed by the projection profile of
//! its dark pixels (±5°), and turned upright when Tesseract's orientation detection says it lies on its
//! side or upside down. Tesseract's words, with their boxes, become glyphs for [`crate::read::layout`],
//! so OCR'd lines join into paragraphs as PDF text does; spaces between Han characters go with
//! `despace`. Results are cached by content hash (see [`cache_dir`]): an unchanged corpus is never
//! OCR'd twice. Pages run in parallel on the rayon pool (the run's thread budget), one Tesseract
//! thread each; at most `Limits::max_ocr_pages` pages of one file.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use image::{DynamicImage, GrayImage, Luma, RgbImage};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::layout::{Glyph, Page};

/// What the reviewer is told to run when OCR is missing (Debian/Ubuntu).
pub const INSTALL: &str = "sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils";

/// Bumped when preprocessing or parsing changes, so cached results are redone.
const OCR_VERSION: u32 = 1;

/// Rendering resolution for PDF pages, dots per inch.
const DPI: u32 = 200;

/// Pages OCR'd by this process so far (for progress bars).
pub static PAGES_DONE: AtomicUsize = AtomicUsize::new(0);

/// The OCR programs found on this machine.
#[derive(Debug, Clone)]
pub struct Engine {
    /// `tesseract --version`'s first line, part of the cache key.
    pub version: String,
    /// Whether `pdftoppm` is there to render PDF pages.
    pub pdftoppm: bool,
}

/// The engine, detected once per process: Tesseract with the chi_sim model. `None` when either is
/// missing, or when `PILOT_REVIEW_NO_OCR` is set (to test the missing path).
pub fn engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            if std::env::var_os("PILOT_REVIEW_NO_OCR").is_some() {
                return None;
            }
            let langs = Command::new("tesseract")
                .arg("--list-langs")
                .output()
                .ok()?;
            let listed = String::from_utf8_lossy(&langs.stdout).to_string()
                + &String::from_utf8_lossy(&langs.stderr);
            if !listed.lines().any(|l| l.trim() == "chi_sim") {
                return None;
            }
            let v = Command::new("tesseract").arg("--version").output().ok()?;
            let version = String::from_utf8_lossy(&v.stdout)
                .lines()
                .next()
                .unwrap_or("tesseract")
                .to_owned();
            let pdftoppm = Command::new("pdftoppm")
                .arg("-v")
                .stderr(Stdio::null())
                .stdout(Stdio::null())
                .status()
                .is_ok();
            Some(Engine { version, pdftoppm })
        })
        .as_ref()
}

/// Where OCR results are kept: `ocr/` in the cache folder ([`crate::cache::dir`]); `None` when
/// there is no cache folder (then nothing is kept).
pub fn cache_dir() -> Option<PathBuf> {
    crate::cache::dir("ocr")
}

/// The largest cached OCR result read back (JSON of glyphs; a 100-page scan is a few MB).
const MAX_CACHED: u64 = 256 << 20;

/// The glyphs of a scanned PDF's pages (or of an image's single page), from the cache when the same
/// bytes were OCR'd before with the same engine. Errors: `OcrUnavailable` when Tesseract with chi_sim
/// (or, for a PDF, pdftoppm) is missing; `Corrupt` for an image that does not decode or a PDF
/// pdftoppm cannot render; `NoText` when OCR finds nothing.
pub fn pages(bytes: &[u8], is_pdf: bool, limits: Limits) -> Result<Vec<Page>> {
    let engine = engine().ok_or(ExtractError::OcrUnavailable)?;
    if is_pdf && !engine.pdftoppm {
        return Err(ExtractError::OcrUnavailable);
    }
    let key = {
        let mut h = Sha256::new();
        h.update(bytes);
        h.update(format!(
            "{OCR_VERSION}|{}|{}|{DPI}",
            engine.version, limits.max_ocr_pages
        ));
        format!("{:x}", h.finalize())
    };
    let cached = cache_dir().map(|d| d.join(format!("{key}.json")));
    if let Some(pages) = cached
        .as_ref()
        .and_then(|c| crate::cache::read(c, MAX_CACHED))
        .and_then(|b| serde_json::from_slice::<Vec<Page>>(&b).ok())
    {
        return Ok(pages);
    }
    let images = if is_pdf {
        render_pdf(bytes, limits)?
    } else {
        vec![
            image::load_from_memory(bytes).map_err(|e| ExtractError::Corrupt {
                expected: "image",
                detail: e.to_string(),
            })?,
        ]
    };
    let pages: Vec<Page> = images
        .into_par_iter()
        .map(|img| {
            let glyphs = ocr_page(img);
            PAGES_DONE.fetch_add(1, Ordering::Relaxed);
            glyphs.map(|glyphs| Page { glyphs })
        })
        .collect::<Result<_>>()?;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(ExtractError::NoText);
    }
    // A cache that cannot be written costs only the next run's time.
    if let (Some(cached), Ok(json)) = (cached, serde_json::to_vec(&pages)) {
        let _ = crate::cache::write(&cached, &json);
    }
    Ok(pages)
}

/// The pages of a PDF as images, at most `max_ocr_pages`, rendered by pdftoppm at [`DPI`].
fn render_pdf(bytes: &[u8], limits: Limits) -> Result<Vec<DynamicImage>> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, bytes)?;
    let out = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-png", "-f", "1", "-l"])
        .arg(limits.max_ocr_pages.to_string())
        .arg(&input)
        .arg(dir.path().join("page"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()?;
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    if names.is_empty() {
        return Err(ExtractError::Corrupt {
            expected: "PDF",
            detail: format!(
                "pdftoppm rendered no page: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    names.sort();
    names
        .iter()
        .map(|p| {
            image::open(p).map_err(|e| ExtractError::Corrupt {
                expected: "PDF",
                detail: e.to_string(),
            })
        })
        .collect()
}

/// One page image through preprocessing and Tesseract: its words as glyphs (y down from the top,
/// in pixels; a word's size is its line's height).
fn ocr_page(img: DynamicImage) -> Result<Vec<Glyph>> {
    let gray = prepare(img);
    let (glyphs, confidence) = tesseract(&gray, 6)?;
    if confidence >= 50.0 && glyphs.len() >= 5 {
        return Ok(glyphs);
    }
    // Poorly read: perhaps lying on its side or upside down.
    match orientation(&gray) {
        Some(deg) if deg != 0 => {
            let turned = match deg {
                90 => image::imageops::rotate90(&gray),
                180 => image::imageops::rotate180(&gray),
                _ => image::imageops::rotate270(&gray),
            };
            let (again, c2) = tesseract(&turned, 3)?;
            Ok(if c2 > confidence { again } else { glyphs })
        }
        _ => Ok(glyphs),
    }
}

/// Grey, with red and orange ink (seals, 红头) whitened, deskewed.
pub fn prepare(img: DynamicImage) -> GrayImage {
    let mut rgb: RgbImage = img.to_rgb8();
    suppress_red(&mut rgb);
    let gray = DynamicImage::ImageRgb8(rgb).to_luma8();
    let angle = skew_angle(&gray);
    // Tesseract reads a line tilted by less than half a degree as well as a level one.
    if angle.abs() < 0.5 {
        gray
    } else {
        rotate(&gray, -angle)
    }
}

/// Whitens pixels whose red clearly exceeds green and blue: seal ink and red letterheads. Black text
/// under the seal stays dark and is kept.
pub fn suppress_red(img: &mut RgbImage) {
    for p in img.pixels_mut() {
        let [r, g, b] = p.0;
        let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
        if r > 110 && r - g.max(b) > 45 {
            p.0 = [255, 255, 255];
        }
    }
}

/// The skew in degrees (positive: text rising to the right), from −5° to 5° in steps of 0.25°: the
/// angle at which the dark pixels' rows are sharpest (largest sum of squared row counts), measured
/// on a copy at most 800 pixels wide.
pub fn skew_angle(gray: &GrayImage) -> f64 {
    let (w, h) = gray.dimensions();
    let scale = (f64::from(w) / 800.0).max(1.0);
    let small = image::imageops::resize(
        gray,
        ((f64::from(w) / scale) as u32).max(1),
        ((f64::from(h) / scale) as u32).max(1),
        image::imageops::FilterType::Triangle,
    );
    let dark: Vec<(f64, f64)> = small
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0[0] < 128)
        .map(|(x, y, _)| (f64::from(x), f64::from(y)))
        .collect();
    if dark.len() < 100 {
        return 0.0;
    }
    let (sw, sh) = small.dimensions();
    let reach = f64::from(sw + sh);
    let mut rows = vec![0.0f64; (2.0 * reach) as usize + 2];
    let mut score = |deg: f64| -> f64 {
        let (s, c) = deg.to_radians().sin_cos();
        rows.iter_mut().for_each(|r| *r = 0.0);
        for (x, y) in &dark {
            let at = (y * c - x * s + reach).round().clamp(0.0, 2.0 * reach) as usize;
            rows[at] += 1.0;
        }
        rows.iter().map(|v| v * v).sum()
    };
    let mut best = (0.0, score(0.0));
    for k in -20..=20 {
        let deg = f64::from(k) * 0.25;
        let s = score(deg);
        if s > best.1 * 1.0001 {
            best = (deg, s);
        }
    }
    -best.0
}

/// `gray` turned by `deg` degrees (counter-clockwise) about its centre, bilinear, white outside.
pub fn rotate(gray: &GrayImage, deg: f64) -> GrayImage {
    let (w, h) = gray.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let at = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= i64::from(w) || y >= i64::from(h) {
            255.0
        } else {
            f64::from(gray.get_pixel(x as u32, y as u32).0[0])
        }
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let sx = c * dx - s * dy + cx;
        let sy = s * dx + c * dy + cy;
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let v = at(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + at(x0 + 1, y0) * fx * (1.0 - fy)
            + at(x0, y0 + 1) * (1.0 - fx) * fy
            + at(x0 + 1, y0 + 1) * fx * fy;
        Luma([v.round().clamp(0.0, 255.0) as u8])
    })
}

/// Writes `gray` as PNG to a temp file and runs Tesseract on it.
fn run_tesseract(gray: &GrayImage, args: &[&str]) -> Result<String> {
    let mut file = tempfile::Builder::new().suffix(".png").tempfile()?;
    gray.write_to(
        &mut std::io::BufWriter::new(file.as_file_mut()),
        image::ImageFormat::Png,
    )
    .map_err(|e| ExtractError::Io(std::io::Error::other(e.to_string())))?;
    file.as_file_mut().flush()?;
    let out = Command::new("tesseract")
        .arg(file.path())
        .arg("stdout")
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .stderr(Stdio::null())
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Tesseract's words (TSV, page segmentation mode `psm`) as glyphs, and their mean confidence.
fn tesseract(gray: &GrayImage, psm: u8) -> Result<(Vec<Glyph>, f64)> {
    let tsv = run_tesseract(gray, &["-l", "chi_sim", "--psm", &psm.to_string(), "tsv"])?;
    Ok(parse_tsv(&tsv))
}

/// Tesseract's orientation (0, 90, 180, 270: the page must be turned clockwise by so much).
fn orientation(gray: &GrayImage) -> Option<u32> {
    let out = run_tesseract(gray, &["--psm", "0"]).ok()?;
    out.lines()
        .find_map(|l| l.strip_prefix("Rotate:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Words of Tesseract's TSV (level 5 rows) as glyphs; the size of a word is its line's height (level
/// 4), its baseline the line's bottom. Also the mean confidence of the words.
pub fn parse_tsv(tsv: &str) -> (Vec<Glyph>, f64) {
    let mut out = Vec::new();
    let mut line: Option<(f64, f64)> = None; // (bottom, height)
    let (mut conf_sum, mut conf_n) = (0.0, 0.0);
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f64>().unwrap_or(0.0);
        match f[0].trim() {
            "4" => line = Some((num(7) + num(9), num(9).max(1.0))),
            "5" => {
                let text = f[11].trim();
                if text.is_empty() {
                    continue;
                }
                let conf = num(10);
                if conf >= 0.0 {
                    conf_sum += conf;
                    conf_n += 1.0;
                }
                let (bottom, height) = line.unwrap_or((num(7) + num(9), num(9).max(1.0)));
                out.push(Glyph {
                    x: num(6),
                    y: bottom,
                    width: num(8),
                    size: height,
                    text: text.to_owned(),
                });
            }
            _ => {}
        }
    }
    let mean = if conf_n > 0.0 { conf_sum / conf_n } else { 0.0 };
    (out, mean)
}

/// Whether `bytes` are an image OCR reads (PNG, JPEG, TIFF, BMP), by their signature.
pub fn is_image(bytes: &[u8]) -> bool {
    image::guess_format(bytes).is_ok_and(|f| {
        matches!(
            f,
            image::ImageFormat::Png
                | image::ImageFormat::Jpeg
                | image::ImageFormat::Tiff
                | image::ImageFormat::Bmp
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ocr")
            .join(name)
    }

    #[test]
    fn tsv_words_become_glyphs_on_their_line() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t200\t500\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t205\t80\t35\t96.5\t特此\n\
                   5\t1\t1\t1\t1\t2\t185\t204\t80\t36\t91.5\t函告。\n";
        let (g, conf) = parse_tsv(tsv);
        assert_eq!(g.len(), 2);
        assert_eq!(
            (g[0].y, g[0].size, g[1].text.as_str()),
            (240.0, 40.0, "函告。")
        );
        assert!((conf - 94.0).abs() < 1e-9);
    }

    #[test]
    fn red_seal_ink_is_removed_and_black_text_kept() {
        let mut img = RgbImage::from_fn(3, 1, |x, _| match x {
            0 => image::Rgb([220, 30, 35]),
            1 => image::Rgb([20, 20, 20]),
            _ => image::Rgb([60, 10, 10]),
        });
        suppress_red(&mut img);
        assert_eq!(img.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(1, 0).0, [20, 20, 20]);
        // Black text under the seal (dark, a little red) stays.
        assert_eq!(img.get_pixel(2, 0).0, [60, 10, 10]);
    }

    #[test]
    fn skew_is_measured_on_the_rendered_letter() {
        let Ok(img) = image::open(fixture("letter-clean.png")) else {
            return;
        };
        let gray = img.to_luma8();
        assert!(skew_angle(&gray).abs() < 0.3, "{}", skew_angle(&gray));
        let turned = rotate(&gray, 2.0);
        let a = skew_angle(&turned);
        assert!((a.abs() - 2.0).abs() <= 0.3, "{a}");
        // Undoing the measured skew straightens it.
        assert!(skew_angle(&rotate(&turned, -a)).abs() <= 0.3);
    }
}
