//! Identifies a file's format from its bytes, never from its extension: a .docx may be an OLE .doc,
//! a .wps may be OOXML, and a DLP-encrypted wrapper is no zip at all.

use std::io::Cursor;

use crate::document::model::Format;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::ooxml::Package;

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format of a file, or the reason it cannot be read at all.
pub fn sniff(bytes: &[u8], limits: Limits) -> Result<Format> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, limits);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return sniff_ole(bytes);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"%TSD-Header") {
        return Err(ExtractError::Encrypted(
            "TSD document-security (DLP) wrapper, not an Office file".into(),
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Unsupported("RTF".into()));
    }
    if crate::read::ocr::is_image(bytes) {
        return Ok(Format::Image);
    }
    let head = &bytes[..bytes.len().min(4096)];
    if !head.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        return Ok(Format::Txt);
    }
    Ok(Format::Unknown)
}

fn sniff_zip(bytes: &[u8], limits: Limits) -> Result<Format> {
    let pkg = Package::open(bytes, limits, "zip/OOXML")?;
    // Part names compare without regard to case (OPC, ECMA-376 Part 2 §6.2.2.3).
    let names: Vec<String> = pkg.names().iter().map(|n| n.to_ascii_lowercase()).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    Ok(
        if has("word/document.xml") || names.iter().any(|n| n.starts_with("word/")) {
            Format::Docx
        } else if has("xl/workbook.xml") || names.iter().any(|n| n.starts_with("xl/")) {
            Format::Xlsx
        } else if has("ofd.xml") {
            Format::Ofd
        } else {
            Format::Zip
        },
    )
}

fn sniff_ole(bytes: &[u8]) -> Result<Format> {
    let cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ExtractError::Corrupt {
        expected: "OLE compound (.doc/.xls/.wps)",
        detail: e.to_string(),
    })?;
    let has = |n: &str| cf.is_stream(n);
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Ok(Format::EncryptedOoxml);
    }
    if has("WordDocument") {
        return Ok(Format::Doc);
    }
    if has("Workbook") || has("Book") {
        return Ok(Format::Xls);
    }
    Ok(Format::Unknown)
}

/// What the Word binary header says about a legacy .doc: (nFib, encrypted).
pub fn doc_fib(bytes: &[u8]) -> Result<(u16, bool)> {
    use std::io::Read;
    let mut cf =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ExtractError::Corrupt {
            expected: "Word .doc",
            detail: e.to_string(),
        })?;
    let mut head = [0u8; 12];
    let mut stream = cf
        .open_stream("WordDocument")
        .map_err(|e| ExtractError::Corrupt {
            expected: "Word .doc",
            detail: e.to_string(),
        })?;
    stream
        .read_exact(&mut head)
        .map_err(|_| ExtractError::Corrupt {
            expected: "Word .doc",
            detail: "WordDocument stream shorter than its header".into(),
        })?;
    let ident = u16::from_le_bytes([head[0], head[1]]);
    if ident != 0xA5EC && ident != 0xA5DC {
        return Err(ExtractError::Corrupt {
            expected: "Word .doc",
            detail: format!("bad FIB signature {ident:#06x}"),
        });
    }
    let nfib = u16::from_le_bytes([head[2], head[3]]);
    let flags = u16::from_le_bytes([head[10], head[11]]);
    Ok((nfib, flags & 0x0100 != 0))
}
