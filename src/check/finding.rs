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
    pub fn of_block(doc: &Document, index: usize) -> Evidence {
        let b = &doc.blocks[index];
        Evidence {
            document: doc.path.clone(),
            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
            block: index,
            quote: b.text.clone(),
        }
    }
}

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
