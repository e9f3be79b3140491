//! What every check produces, below the checks that produce it and the review that assembles them:
//! a `Flag` (code, severity, subject, Chinese message) and its `Evidence` (document, heading path,
//! block, quote).

use serde::{Deserialize, Serialize};

use crate::check::code::{FlagCode, SeverityKey};
use crate::document::model::Document;
use crate::profile::severity::Severity;
use crate::profile::Profile;

/// Where a finding can be confirmed: the document, the heading path, the block and its original text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document: String,
    pub section: Option<String>,
    pub block: usize,
    pub quote: String,
}

impl Evidence {
    /// The evidence of one block; a workbook cell is placed by sheet, A1 reference and headers
    /// (工作表“试点指标” E12（制造业贷款余额 · 2023年）) instead of a heading path.
    pub fn of_block(doc: &Document, index: usize) -> Evidence {
        let b = &doc.blocks[index];
        let cell = match (&doc.workbook, b.table) {
            (Some(book), Some(p)) => book.cell_place(p.table, p.row as u32, p.col as u32),
            _ => None,
        };
        Evidence {
            document: doc.path.clone(),
            section: cell.or_else(|| (!b.section.is_empty()).then(|| b.section.join(" > "))),
            block: index,
            quote: b.text.clone(),
        }
    }

    /// Where the quote is, for the reviewer: “工作表“试点指标” E12（…）” for a workbook cell (its
    /// paragraph number means nothing in a spreadsheet), else “第N段 〔heading path〕” (N = block + 1).
    pub fn place(&self) -> String {
        match self.section.as_deref() {
            Some(s) if s.starts_with(CELL_PLACE) => s.to_owned(),
            s => format!("第{}段 〔{}〕", self.block + 1, s.unwrap_or("无标题")),
        }
    }
}

/// How `Workbook::cell_place` begins.
const CELL_PLACE: &str = "工作表“";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub code: FlagCode,
    pub severity: Severity,
    pub subject: Option<String>,
    /// In Chinese, for the reviewer: what to check.
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// Whether a document of the package could be read: "ok" or "unreadable" in the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    Ok,
    Unreadable,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Ok => "ok",
            DocStatus::Unreadable => "unreadable",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            DocStatus::Ok => "已读取",
            DocStatus::Unreadable => "无法读取",
        }
    }
}

impl Flag {
    /// A flag whose severity the profile gives under `severity_key` (usually the code itself).
    pub fn ruled(
        profile: &Profile,
        code: FlagCode,
        severity_key: impl Into<SeverityKey>,
        subject: Option<&str>,
        message: String,
        evidence: Vec<Evidence>,
    ) -> Flag {
        Flag {
            code,
            severity: profile.rules.severity(severity_key),
            subject: subject.map(str::to_owned),
            message,
            evidence,
        }
    }
}
