//! Submissions that arrive as a .zip archive, read in place (nothing is unpacked to disk). Archives
//! made on Chinese Windows store names in GBK without the UTF-8 flag: names are UTF-8 when they
//! decode as UTF-8, else GBK. Entries whose path would escape the archive (absolute, a drive letter,
//! "..") are refused; entry count, each entry's size and the archive's total are capped.

use std::io::{Read, Seek};
use std::path::Path;

use crate::error::ExtractError;
use crate::profile::limits::Limits;

/// One file of an archive: its path inside (with '/'), and its bytes or why they cannot be had.
#[derive(Debug)]
pub struct Entry {
    pub path: String,
    pub content: Result<Vec<u8>, ExtractError>,
}

/// Whether `path` is a submission archive (a .zip file).
pub fn is_archive(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        && path.is_file()
}

/// An entry name as the archive's author saw it. With the UTF-8 flag (bit 11): UTF-8. Without it,
/// non-ASCII bytes are GBK (Chinese Windows) unless they read as UTF-8 made only of Chinese text
/// (Linux and macOS tools write UTF-8 without the flag; GBK bytes can also be valid UTF-8, but then
/// they spell Greek or Cyrillic letters, not Han characters); else CP437 as the zip crate read it.
pub fn decode_name(raw: &[u8], utf8_flag: bool, cp437: &str) -> String {
    let utf8 = std::str::from_utf8(raw).ok();
    if utf8_flag || raw.is_ascii() {
        return utf8.map_or_else(|| String::from_utf8_lossy(raw).into_owned(), str::to_owned);
    }
    let chinese = |s: &str| {
        s.chars().all(|c| {
            c.is_ascii()
                || crate::document::text::is_han(c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        })
    };
    if let Some(s) = utf8.filter(|s| chinese(s)) {
        return s.to_owned();
    }
    if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(raw) {
        return s.into_owned();
    }
    utf8.map_or_else(|| cp437.to_owned(), str::to_owned)
}

/// The general-purpose flags of an entry, read from its local header (the zip crate keeps the
/// UTF-8 bit to itself); 0 when unreadable.
fn entry_flags<R: Read + Seek>(file: &mut R, header_start: u64) -> u16 {
    let mut b = [0u8; 2];
    match file
        .seek(std::io::SeekFrom::Start(header_start.saturating_add(6)))
        .and_then(|_| file.read_exact(&mut b))
    {
        Ok(()) => u16::from_le_bytes(b),
        Err(_) => 0,
    }
}

/// The entry's path relative to the archive root, or None when it would land outside it.
pub fn safe_path(name: &str) -> Option<String> {
    let name = name.replace('\\', "/");
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic();
    if name.starts_with('/') || drive {
        return None;
    }
    let mut parts = Vec::new();
    for p in name.split('/') {
        match p {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Files that are not part of the submission: hidden files, Office lock files, macOS metadata.
fn skipped(path: &str) -> bool {
    path.split('/')
        .any(|p| p.starts_with('.') || p == "__MACOSX")
        || path.rsplit('/').next().is_some_and(|f| f.starts_with("~$"))
}

/// Every file entry of the archive at `path`, in archive order. The error is for the archive as a
/// whole (unreadable, too large, too many entries); a bad entry is an `Entry` with an error.
pub fn entries(path: &Path, limits: Limits) -> Result<Vec<Entry>, ExtractError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(ExtractError::FileTooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let headers = std::fs::File::open(path)?;
    read_entries(file, headers, limits)
}

/// As `entries`, for an archive already in memory (tests, fuzzing).
pub fn entries_from_bytes(bytes: &[u8], limits: Limits) -> Result<Vec<Entry>, ExtractError> {
    read_entries(
        std::io::Cursor::new(bytes),
        std::io::Cursor::new(bytes),
        limits,
    )
}

/// The entries of the archive `file`; `headers` is a second handle on the same bytes, for flags.
fn read_entries<R: Read + Seek, H: Read + Seek>(
    file: R,
    mut headers: H,
    limits: Limits,
) -> Result<Vec<Entry>, ExtractError> {
    let corrupt = |e: zip::result::ZipError| ExtractError::Corrupt {
        expected: "zip archive",
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(file).map_err(corrupt)?;
    if zip.len() > limits.max_zip_entries {
        return Err(ExtractError::TooMany {
            what: "zip entries",
            limit: limits.max_zip_entries,
        });
    }
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut f = match zip.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                out.push(Entry {
                    path: format!("#{}", i + 1),
                    content: Err(match e {
                        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                            ExtractError::Encrypted("password-protected zip entry".into())
                        }
                        e => corrupt(e),
                    }),
                });
                continue;
            }
        };
        if f.is_dir() {
            continue;
        }
        let fallback = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let utf8_flag = entry_flags(&mut headers, f.header_start()) & 0x0800 != 0;
        let name = decode_name(f.name_raw(), utf8_flag, &fallback);
        let Some(rel) = safe_path(&name) else {
            out.push(Entry {
                content: Err(ExtractError::UnsafePath(name.clone())),
                path: name,
            });
            continue;
        };
        if skipped(&rel) {
            continue;
        }
        if f.encrypted() {
            out.push(Entry {
                path: rel,
                content: Err(ExtractError::Encrypted(
                    "password-protected zip entry".into(),
                )),
            });
            continue;
        }
        let cap = limits
            .max_file_bytes
            .min(limits.max_package_bytes.saturating_sub(total));
        let size_hint = f.size();
        let content = crate::read::ooxml::read_capped(&mut f, size_hint, &rel, cap, "zip archive");
        if let Ok(bytes) = &content {
            total += bytes.len() as u64;
        }
        out.push(Entry { path: rel, content });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        assert_eq!(
            safe_path("成都市/自评报告.docx").as_deref(),
            Some("成都市/自评报告.docx")
        );
        assert_eq!(safe_path("./a\\b.docx").as_deref(), Some("a/b.docx"));
        for bad in [
            "../x.docx",
            "a/../../x",
            "/etc/passwd",
            "C:\\Windows\\x.doc",
            "c:x",
            "\\\\srv\\x",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn gbk_names_decode() {
        let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
        assert_eq!(
            decode_name(&gbk("自评报告.docx"), false, "x"),
            "自评报告.docx"
        );
        // GBK bytes that are also valid UTF-8 (系统 = CF B5 CD B3 reads as "ϵͳ").
        assert_eq!(
            decode_name(&gbk("C:\\系统.doc"), false, "x"),
            "C:\\系统.doc"
        );
        // UTF-8 without the flag (Linux, macOS), and with it.
        assert_eq!(decode_name("报告.docx".as_bytes(), false, "x"), "报告.docx");
        assert_eq!(decode_name("Café.docx".as_bytes(), true, "x"), "Café.docx");
        assert_eq!(decode_name(&[0xFF, 0xFF, 0xFF], false, "cp437"), "cp437");
    }
}
