//! One file in, one [`Document`] out: sniff the format from the bytes, run that format's reader in
//! isolation (a panic in a reader becomes an error on that file, never a crashed batch), decide the
//! structure and the document's kind.

use std::path::Path;

use crate::document::classify::classify;
use crate::document::model::{Block, BlockKind, Document, Format};
use crate::document::structure::{structure, RawBlock, Structured};
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::sniff::{doc_fib, sniff};
use crate::{read::docx, read::xlsx};

/// Reads and extracts one file. `display_path` is how the document is named in output.
pub fn extract_file(path: &Path, display_path: &str, limits: Limits) -> Result<Document> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(ExtractError::FileTooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    extract_bytes(&bytes, display_path, limits)
}

/// The format sniffed from `bytes` (or the error that stops reading them) without extracting.
pub fn format_of(bytes: &[u8], limits: Limits) -> Result<Format> {
    isolate("format detection", || sniff(bytes, limits))
}

pub fn extract_bytes(bytes: &[u8], display_path: &str, limits: Limits) -> Result<Document> {
    let format = format_of(bytes, limits)?;
    let name = display_path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(display_path);
    let misnamed = misnamed_note(name, format);
    let mut warnings = Vec::new();
    let mut ocr = false;
    let (structured, workbook) = match format {
        Format::Docx => {
            let content = isolate("docx", || docx::read_with_warnings(bytes, limits))?;
            warnings = content.warnings;
            (structure(content.blocks), None)
        }
        Format::Xlsx => {
            let book = isolate("xlsx", || xlsx::read(bytes, limits))?;
            (workbook_structure(&book), Some(book))
        }
        Format::Txt => {
            let text = String::from_utf8_lossy(bytes);
            let raw = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(RawBlock::paragraph)
                .collect();
            (structure(raw), None)
        }
        Format::Doc => {
            check_doc_header(bytes, &misnamed)?;
            let raw = isolate("doc", || crate::read::doc::read(bytes, limits))?;
            (structure(raw), None)
        }
        Format::EncryptedOoxml => {
            return Err(ExtractError::Encrypted(format!(
                "an OOXML package wrapped in EncryptedPackage{misnamed}"
            )))
        }
        Format::Xls => {
            let book = isolate("xls", || xlsx::read_xls(bytes, limits))?;
            (workbook_structure(&book), Some(book))
        }
        Format::Pdf => {
            let raw = match isolate_deep("pdf", || crate::read::pdf::read(bytes, limits)) {
                // A scan: its page images through OCR.
                Err(ExtractError::NoTextLayer) => {
                    ocr = true;
                    let total = isolate_deep("pdf", || Ok(crate::read::pdf::page_count(bytes)))
                        .unwrap_or(0);
                    if total > limits.max_ocr_pages {
                        warnings.push(format!(
                            "扫描件共{total}页，只识别了前{}页（上限 max_ocr_pages），其余页面的文字未纳入审查",
                            limits.max_ocr_pages
                        ));
                    }
                    isolate("ocr", || crate::read::ocr::pages(bytes, true, limits))
                        .map(|pages| crate::read::layout::blocks(&pages))?
                }
                other => other?,
            };
            (structure(raw), None)
        }
        Format::Image => {
            ocr = true;
            let pages = isolate("ocr", || crate::read::ocr::pages(bytes, false, limits))?;
            (structure(crate::read::layout::blocks(&pages)), None)
        }
        Format::Ofd => {
            let raw = isolate("ofd", || crate::read::ofd::read(bytes, limits))?;
            (structure(raw), None)
        }
        Format::Zip => {
            return Err(ExtractError::Unsupported(format!(
                "a zip archive that is no Office document{misnamed}"
            )))
        }
        Format::Unknown => {
            return Err(ExtractError::Unsupported(format!(
                "unrecognised binary format{misnamed}"
            )))
        }
    };
    let guess = classify(
        name,
        format,
        structured.title.as_deref(),
        &structured.blocks,
    );
    // A Word or fixed-layout document without a single character (blank, or pages pasted as
    // pictures) cannot be reviewed: say so instead of passing an empty document.
    let has_text = structured.blocks.iter().any(|b| !b.text.trim().is_empty());
    let has_cells = workbook
        .as_ref()
        .is_some_and(|w| !w.sheets.iter().all(|s| s.cells.is_empty()));
    if !has_text && !has_cells && format != Format::Txt {
        return Err(ExtractError::NoText);
    }
    Ok(Document {
        path: display_path.to_owned(),
        format,
        kind: guess.kind,
        kind_reason: guess.reason,
        title: structured.title,
        blocks: structured.blocks,
        sections: structured.sections,
        workbook,
        warnings,
        ocr,
    })
}

/// Runs a reader so that a panic inside it (a bug, or a crate's) becomes an error on this file.
fn isolate<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ExtractError::Panic(what.to_owned())))
}

/// Stack for readers that recurse as deep as the file nests (pdf_oxide follows nested arrays,
/// dictionaries and page trees recursively; 2,100 levels overflowed a 2 MiB worker stack and aborted
/// the process). Reserved address space only: pages are touched as the recursion goes.
const DEEP_STACK: usize = 1 << 30;

/// As [`isolate`], on a thread of its own with a [`DEEP_STACK`] stack.
fn isolate_deep<T: Send>(what: &str, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(format!("read-{what}"))
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, f)
            .map_err(ExtractError::Io)?
            .join()
            .unwrap_or_else(|_| Err(ExtractError::Panic(what.to_owned())))
    })
}

/// Refuses what the piece-table reader cannot read: encrypted files and Word 95 or older.
fn check_doc_header(bytes: &[u8], misnamed: &str) -> Result<()> {
    match isolate("doc header", || doc_fib(bytes))? {
        (_, true) => Err(ExtractError::Encrypted(format!(
            "Word .doc with fEncrypted set{misnamed}"
        ))),
        (nfib, false) if nfib < 0x00C1 => Err(ExtractError::Unsupported(format!(
            "Word 95 or older .doc (nFib {nfib:#x}){misnamed}"
        ))),
        _ => Ok(()),
    }
}

/// " saved with a .docx name" when the extension disagrees with the bytes.
fn misnamed_note(name: &str, format: Format) -> String {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let agrees = match format {
        Format::Docx => matches!(ext.as_str(), "docx" | "docm" | "wps" | "dotx"),
        Format::Xlsx => matches!(ext.as_str(), "xlsx" | "xlsm" | "et"),
        Format::Doc => matches!(ext.as_str(), "doc" | "wps" | "dot"),
        Format::Xls => matches!(ext.as_str(), "xls" | "et"),
        Format::Pdf => ext == "pdf",
        Format::Ofd => ext == "ofd",
        Format::Txt => matches!(ext.as_str(), "txt" | "md" | "csv"),
        Format::Image => matches!(
            ext.as_str(),
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "bmp"
        ),
        _ => true,
    };
    if agrees || ext.is_empty() {
        String::new()
    } else {
        format!(", saved with a .{ext} name")
    }
}

/// Workbook cells as table-cell blocks, each under its sheet's name.
fn workbook_structure(book: &crate::document::model::Workbook) -> Structured {
    let blocks: Vec<Block> = xlsx::blocks(book)
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            let sheet = raw.cell.map_or(0, |c| c.table);
            Block {
                index,
                kind: BlockKind::TableCell,
                level: None,
                text: raw.text,
                section: vec![book.sheets[sheet].name.clone()],
                table: raw.cell,
            }
        })
        .collect();
    // A title row: the first non-empty row of the first sheet holds a single text cell.
    let title = book.sheets.first().and_then(|s| {
        let first = s
            .cells
            .iter()
            .find(|c| !matches!(c.value, crate::document::model::CellValue::Empty))?;
        let alone = s
            .cells
            .iter()
            .filter(|c| c.row == first.row && c.value != crate::document::model::CellValue::Empty)
            .count()
            == 1;
        match &first.value {
            crate::document::model::CellValue::Text(t) if alone && t.chars().count() >= 4 => {
                Some(t.trim().to_owned())
            }
            _ => None,
        }
    });
    Structured {
        title,
        blocks,
        sections: Vec::new(),
    }
}
