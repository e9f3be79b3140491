//! How grave a finding is: 否决 (blocks the submission), 警告 (a reviewer must look), 提示 (for
//! information). The profile gives each flag code its severity (`[severity]` in rules.toml).

use serde::{Deserialize, Serialize};

/// A finding's severity, ordered from the gravest; serialised as "blocker" | "warning" | "info".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Blocker,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Blocker, Severity::Warning, Severity::Info];

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Blocker => "否决",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}
