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
    pub const ALL: [DocKind; 6] = [
        DocKind::SelfEvaluation,
        DocKind::ImplementationPlan,
        DocKind::Indicators,
        DocKind::CoverLetter,
        DocKind::Evidence,
        DocKind::Unknown,
    ];

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

impl Workbook {
    /// A cell as a spreadsheet user finds it: 工作表“试点指标” E12（制造业贷款余额 · 2023年）— the
    /// sheet, the A1 reference, and its row's and column's headers (the first text cell to its left
    /// in its row; the nearest text cell above it in its column). `None` for a sheet index out of range.
    pub fn cell_place(&self, sheet: usize, row: u32, col: u32) -> Option<String> {
        let s = self.sheets.get(sheet)?;
        // Header candidates: text that is not a number written as text ("35.2", "1,234", "5%").
        let text = |c: &Cell| match &c.value {
            CellValue::Text(t)
                if t.trim().chars().any(|ch| {
                    !(ch.is_ascii_digit() || ch.is_whitespace() || ".,，%％-".contains(ch))
                }) =>
            {
                Some(t.trim().to_owned())
            }
            _ => None,
        };
        // The row's name: its longest text to the left (the indicator, not its category or unit).
        let row_header = s
            .cells
            .iter()
            .filter(|c| c.row == row && c.col < col)
            .filter_map(text)
            .max_by_key(|t| t.chars().count());
        // The column's name: its text in the header row above — the row above holding the most text
        // cells (a table's header row), the nearest one on a tie.
        let mut texts_in_row: std::collections::HashMap<u32, usize> = Default::default();
        for c in s.cells.iter().filter(|c| c.row < row && text(c).is_some()) {
            *texts_in_row.entry(c.row).or_default() += 1;
        }
        let col_header = s
            .cells
            .iter()
            .filter(|c| c.col == col && c.row < row)
            .filter_map(|c| {
                let n = texts_in_row.get(&c.row).copied().unwrap_or(0);
                text(c).map(|t| (n, c.row, t))
            })
            .max_by_key(|(n, r, _)| (*n, *r))
            .map(|(_, _, t)| t);
        let mut letters = String::new();
        let mut n = col + 1;
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            letters.insert(0, char::from(b'A' + rem));
            n = (n - 1) / 26;
        }
        let headers: Vec<String> = [row_header, col_header].into_iter().flatten().collect();
        let headers = if headers.is_empty() {
            String::new()
        } else {
            format!("（{}）", headers.join(" · "))
        };
        Some(format!("工作表“{}” {letters}{}{headers}", s.name, row + 1))
    }
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
    /// The city the document's title opens with (“镇江市国家产融合作试点……” → 镇江市), or None.
    pub fn title_city(&self) -> Option<String> {
        static CITY: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = CITY.get_or_init(|| regex::Regex::new(r"^\p{Han}{1,6}?市").expect("city"));
        let title = self
            .title
            .clone()
            .or_else(|| self.blocks.first().map(|b| b.text.clone()))?;
        re.find(title.trim()).map(|m| m.as_str().to_owned())
    }

    pub fn headings(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Heading)
    }

    /// Total characters of text, for throughput figures.
    pub fn char_count(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_placed_by_sheet_reference_and_headers() {
        let cell = |row, col, value: CellValue| Cell {
            row,
            col,
            value,
            formula: None,
            percent: false,
        };
        let t = |s: &str| CellValue::Text(s.into());
        let book = Workbook {
            sheets: vec![Sheet {
                name: "试点指标".into(),
                cells: vec![
                    cell(0, 0, t("附件2：试点指标数据")),
                    cell(1, 0, t("序号")),
                    cell(1, 1, t("类别")),
                    cell(1, 2, t("指标名称")),
                    cell(1, 3, t("单位")),
                    cell(1, 4, t("2023年")),
                    cell(2, 0, CellValue::Number(1.0)),
                    cell(2, 1, t("金融支持")),
                    cell(2, 2, t("制造业贷款余额")),
                    cell(2, 3, t("亿元")),
                    cell(2, 4, t("35.2")),
                    cell(3, 2, t("绿色贷款余额")),
                    cell(3, 4, CellValue::Number(12.5)),
                ],
                merged: vec![],
            }],
        };
        assert_eq!(
            book.cell_place(0, 3, 4).as_deref(),
            Some("工作表“试点指标” E4（绿色贷款余额 · 2023年）")
        );
        assert_eq!(
            book.cell_place(0, 3, 2).as_deref(),
            Some("工作表“试点指标” C4（指标名称）")
        );
        assert_eq!(book.cell_place(1, 0, 0), None);
        // Column letters past Z.
        let wide = Workbook {
            sheets: vec![Sheet {
                name: "S".into(),
                cells: vec![],
                merged: vec![],
            }],
        };
        assert_eq!(wide.cell_place(0, 0, 27).as_deref(), Some("工作表“S” AB1"));
    }
}
