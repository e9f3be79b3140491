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
