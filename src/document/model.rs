//! The document model every stage shares: what a file *is* once extracted.
//!
//! Serialised field names follow the `extract --json` contract in DESIGN.md.

use serde::{Deserialize, Serialize};

/// A file format, identified from the file's bytes (never from its extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Docx,
    Xlsx,
    /// Legacy Word 97-2003 or WPS (OLE compound file with a WordDocument stream).
    Doc,
    /// Legacy Excel 97-2003 (OLE compound file with a Workbook stream).
    Xls,
    Pdf,
    Ofd,
    /// An OOXML package encrypted with a password (an OLE file holding EncryptedPackage).
    EncryptedOoxml,
    /// A zip that is none of the above (e.g. an archive of evidence).
    Zip,
    Txt,
    /// A page image (PNG, JPEG, TIFF, BMP): a scan or a phone photo, read by OCR.
    Image,
    Unknown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Doc => "doc",
            Format::Xls => "xls",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
            Format::EncryptedOoxml => "encrypted_ooxml",
            Format::Zip => "zip",
            Format::Txt => "txt",
            Format::Image => "image",
            Format::Unknown => "unknown",
        }
    }
}

/// What a document is within a submission package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    SelfEvaluation,
    ImplementationPlan,
    Indicators,
    CoverLetter,
    Evidence,
    Unknown,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::SelfEvaluation => "self_evaluation",
            DocKind::ImplementationPlan => "implementation_plan",
            DocKind::Indicators => "indicators",
            DocKind::CoverLetter => "cover_letter",
            DocKind::Evidence => "evidence",
            DocKind::Unknown => "unknown",
        }
    }

    /// The reviewer-facing Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            DocKind::SelfEvaluation => "自评报告",
            DocKind::ImplementationPlan => "试点实施方案",
            DocKind::Indicators => "试点指标数据",
            DocKind::CoverLetter => "报送函件",
            DocKind::Evidence => "证明材料",
            DocKind::Unknown => "未识别文件",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    TableCell,
    ListItem,
}

/// Where a table cell sits: which table of the document (or sheet of a workbook), row and column, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellPos {
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

/// One unit of text in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub index: usize,
    pub kind: BlockKind,
    /// Heading level, 1 = top; `None` for non-headings.
    pub level: Option<u8>,
    /// The original text (labels rendered from numbering.xml are prepended).
    pub text: String,
    /// The heading path above this block; a heading's own path ends with itself.
    pub section: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<CellPos>,
}

/// A node of the section tree: a heading and what is nested under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionNode {
    pub title: String,
    pub level: u8,
    /// Index of the heading block.
    pub block: usize,
    /// Index one past the last block that belongs to this section.
    pub end: usize,
    pub children: Vec<SectionNode>,
}

/// A typed spreadsheet cell. Text that looks like a number stays text, with its original string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum CellValue {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date or time, as Excel's serial number or ISO text.
    Date(String),
    Error(String),
    Empty,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
    /// The formula, when the cell has one (its cached result, if any, is `value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// The cell's number format is a percentage: a stored 0.365 shows as 36.5%.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub percent: bool,
}

/// An inclusive rectangle of merged cells, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    /// Non-empty cells (and formula cells), row-major.
    pub cells: Vec<Cell>,
    pub merged: Vec<Merge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

/// One extracted file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub path: String,
    pub format: Format,
    pub kind: DocKind,
    /// Why `kind` was chosen (title, content or file name), for the reviewer.
    pub kind_reason: String,
    /// The document's title, when one was recognised (first lines before the body).
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub sections: Vec<SectionNode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<Workbook>,
    /// For the reviewer, in Chinese: parts of the file whose text could not be read (an embedded
    /// RTF chunk of a .docx …), each naming the part. Empty when everything was read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The text was recognised by OCR from page images (a scan or a photo): quotes may hold OCR's
    /// errors, and the reviewer is told so (“OCR识别”).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
}

impl Document {
    pub fn headings(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Heading)
    }

    /// Total characters of text, for throughput figures.
    pub fn char_count(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }
}
