//! The indicator template of the profile (profile/indicators.toml).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsSpec {
    pub workbook: WorkbookSpec,
    pub indicator: Vec<IndicatorSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkbookSpec {
    pub sheet_names: Vec<String>,
    pub name: Vec<String>,
    pub category: Vec<String>,
    pub unit: Vec<String>,
    pub target: Vec<String>,
    pub note: Vec<String>,
    pub required_years: Vec<u16>,
    pub empty_markers: Vec<String>,
    pub approx_prefixes: Vec<String>,
    pub jump_factor: f64,
    pub mismatch_tolerance: f64,
    pub conversions: Vec<Conversion>,
    /// Counting suffixes a narrative drops from a name: "高新技术企业数量" is written "高新技术企业".
    pub narrative_suffixes: Vec<String>,
    /// What may stand right before an indicator's name in a narrative (全市, 年末, 其中, 实现 …); any
    /// other Han character makes it a part or a sub-category (顺德区……, 其中制造业不良贷款率).
    pub name_may_follow: Vec<String>,
    /// Words between a name and a figure that make the figure something else: a growth, a share, an
    /// increment or a target (同比增长, 占, 净增, 目标 …); "增长到"/"提高至" still lead to the value.
    pub not_value_links: Vec<String>,
    /// A figure for part of the year: 前三季度, 上半年, 月末 …
    pub part_of_year: Vec<String>,
    /// Words of a total over several years (累计) …
    pub cumulative: Vec<String>,
    /// … unless the figure is as of a date (截至, 年末, 年底).
    pub as_of: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    pub from: String,
    pub to: String,
    pub factor: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorType {
    Amount,
    Count,
    Percent,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub id: String,
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub unit: String,
    #[serde(rename = "type")]
    pub kind: IndicatorType,
    pub min: f64,
    pub max: f64,
    #[serde(default = "yes")]
    pub required: bool,
    /// The indicator whose year-on-year growth this one is (制造业贷款余额增速 of 制造业贷款余额): a
    /// narrative's "余额1,126.8亿元，同比增长21.4%" quotes both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth_of: Option<String>,
}

impl IndicatorsSpec {
    /// Problems beyond types: (indicator id or field, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for i in &self.indicator {
            if !seen.insert(i.id.as_str()) {
                out.push((
                    format!("id = \"{}\"", i.id),
                    format!("indicator \"{}\" is defined twice", i.id),
                ));
            }
            if i.min > i.max {
                out.push((
                    format!("id = \"{}\"", i.id),
                    format!(
                        "indicator \"{}\": min {} is above max {}",
                        i.id, i.min, i.max
                    ),
                ));
            }
            if i.name.trim().is_empty() {
                out.push((
                    format!("id = \"{}\"", i.id),
                    format!("indicator \"{}\" has no name", i.id),
                ));
            }
        }
        if self.workbook.jump_factor <= 1.0 {
            out.push(("jump_factor".into(), "jump_factor must be above 1".into()));
        }
        if self.workbook.required_years.is_empty() {
            out.push(("required_years".into(), "at least one required year".into()));
        }
        out
    }
}
