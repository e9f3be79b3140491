//! The ledger's data: a plan's target, an achievement, a line of the ledger, a workbook row.

use serde::{Deserialize, Serialize};

use crate::check::finding::Evidence;

/// How a target compares: at least (突破、达到、以上、不低于) or at most (控制在、以内、不高于).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
}

/// A figure with its unit as written, and what kind of figure it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: f64,
    pub unit: String,
    /// The year the figure is for (a target's year; an achievement's year when it says one).
    pub year: Option<u16>,
}

/// A target of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    pub comparator: Comparator,
    /// A growth rate (年均增长15%) or a rise in points (提高3个百分点), not a level.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub growth: bool,
    pub evidence: Evidence,
}

impl PlanTarget {
    /// The target as a reviewer reads it: “2023年 ≥400亿元”, “2023年 增幅≥15%”.
    pub fn zh(&self) -> String {
        format!(
            "{}{}{}{}{}",
            self.year.map(|y| format!("{y}年 ")).unwrap_or_default(),
            if self.growth { "增幅" } else { "" },
            match self.comparator {
                Comparator::AtLeast => "≥",
                Comparator::AtMost => "≤",
            },
            fmt_num(self.value),
            self.unit
        )
    }
}

/// Where an achievement was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Report,
    Workbook,
}

/// What the city says it achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achieved {
    pub value: f64,
    pub unit: String,
    pub year: Option<u16>,
    pub source: Source,
    pub evidence: Evidence,
}

impl Source {
    pub fn zh(self) -> &'static str {
        match self {
            Source::Report => "自评报告",
            Source::Workbook => "指标表",
        }
    }
}

/// Met, not met, or no achievement stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NotReported,
}

impl Status {
    pub fn zh(self) -> &'static str {
        match self {
            Status::Met => "已完成",
            Status::NotMet => "未完成",
            Status::NotReported => "未报告",
        }
    }
}

/// One line of the ledger (the `targets` of `check --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// An indicator id of indicators.toml, when the target is one of them.
    pub indicator: Option<String>,
    /// The indicator as the plan writes it.
    pub name: String,
    pub target: PlanTarget,
    pub achieved: Option<Achieved>,
    /// The workbook's figure when it differs from the report's (both are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<Achieved>,
    /// The achievement in the target's unit when written in another (1,056,300万元 for a target
    /// in 亿元: 105.63), rounded to two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved_in_target_unit: Option<f64>,
    pub status: Status,
}

impl Line {
    /// The achievement as a reviewer reads it: “2023年 1,056,300万元（合105.63亿元）”, without its
    /// source; None when nothing was stated.
    pub fn achieved_zh(&self) -> Option<String> {
        let a = self.achieved.as_ref()?;
        let converted = self
            .achieved_in_target_unit
            .map(|v| format!("（合{}{}）", fmt_num(v), self.target.unit))
            .unwrap_or_default();
        Some(format!(
            "{}{}{}{converted}",
            a.year.map(|y| format!("{y}年 ")).unwrap_or_default(),
            fmt_num(a.value),
            a.unit
        ))
    }
}

/// One row of an indicator workbook as the ledger reads it.
#[derive(Debug, Clone)]
pub struct WorkbookRow {
    pub name: String,
    pub unit: String,
    pub values: Vec<(u16, f64)>,
    /// The row (its name cell, as written).
    pub evidence: Evidence,
    /// Each year's value cell, as written, where the workbook gives one (empty: the row stands).
    pub cells: Vec<(u16, Evidence)>,
}

impl WorkbookRow {
    /// The evidence of the row's figure for a year: its value cell, else the row.
    pub fn evidence_for(&self, year: u16) -> Evidence {
        self.cells
            .iter()
            .find(|(y, _)| *y == year)
            .map_or_else(|| self.evidence.clone(), |(_, e)| e.clone())
    }
}

/// A number as a reviewer writes it: no trailing zeros (1.50 → 1.5, 600.0 → 600).
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
