//! The rules section of the profile (profile/rules.toml): phrases, ladders, periods and severities the
//! commitment, risk-record and package checks read. Code interprets; the profile decides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::DocKind;
use crate::review::Severity;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    pub severity: BTreeMap<String, Severity>,
    pub package: PackageSpec,
    pub continuation: ContinuationSpec,
    pub quota: QuotaSpec,
    pub period: PeriodSpec,
    pub targets: TargetsSpec,
    pub guarantees: BTreeMap<String, String>,
    pub finance_fields: BTreeMap<String, Vec<String>>,
    pub risk: RiskSpec,
    pub copy: CopySpec,
    pub experiences: ExperiencesSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperiencesSpec {
    pub sections: Vec<String>,
    pub own_experience_sections: Vec<String>,
    pub similarity: f64,
    pub novel_max_cities: usize,
    pub min_sentence_chars: usize,
    pub stopwords: Vec<String>,
    pub seeds: Vec<Seed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub name: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopySpec {
    pub threshold: f64,
    pub shingle: usize,
    pub min_chars: usize,
    pub boilerplate_submissions: usize,
    pub boilerplate: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSpec {
    /// YYYY-MM-DD
    pub deadline: String,
    pub evaluation: Vec<DocKind>,
    pub application: Vec<DocKind>,
    pub application_issuer: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContinuationSpec {
    pub continues: Vec<String>,
    pub ends: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    pub province: usize,
    pub separately_listed: usize,
    pub corps: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSpec {
    pub years: u32,
    pub earliest_start: u32,
    pub context: Vec<String>,
    pub three_years: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    pub section: String,
    pub units: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSpec {
    pub period_from: u32,
    pub period_to: u32,
    pub period_words: Vec<String>,
    pub negations: Vec<String>,
    pub occurrences: Vec<String>,
    pub plans: Vec<String>,
    pub other_regions: Vec<String>,
    pub own_region: Vec<String>,
    pub and_above: Vec<String>,
    pub kind: Vec<RiskKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskKind {
    pub subject: String,
    pub name: String,
    pub terms: Vec<String>,
    /// From the most severe down; each level's spellings.
    pub levels: Vec<Vec<String>>,
    /// 0-based: this level and every more severe one fail the condition.
    pub threshold: usize,
}

/// Flag codes whose severity the profile must give.
pub const SEVERITY_KEYS: &[&str] = &[
    "DOC_MISSING",
    "DOC_UNREADABLE",
    "DOC_UNREADABLE_REQUIRED",
    "CONTINUATION_UNSTATED",
    "CONTINUATION_PLAN_MISSING",
    "SECTION_MISSING",
    "SECTION_THIN",
    "RISK_STATEMENT_MISSING",
    "RISK_EVENT_DISCLOSED",
    "RISK_EVENT_DISCLOSED_EVALUATION",
    "RISK_EVENT_BELOW_THRESHOLD",
    "PERIOD_MISSING",
    "PERIOD_NOT_THREE_YEARS",
    "GUARANTEE_MISSING",
    "TARGETS_NOT_QUANTIFIED",
    "FINANCE_FIELD_MISSING",
    "LETTER_ISSUER",
    "LATE_SUBMISSION",
    "QUOTA_EXCEEDED",
    "TEXT_COPIED",
];

impl RulesSpec {
    /// The severity the profile gives a key of [`SEVERITY_KEYS`] (validated at load).
    pub fn severity(&self, key: &str) -> Severity {
        self.severity.get(key).copied().unwrap_or(Severity::Warning)
    }

    /// Problems a loaded rules file has beyond its types: (field, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for k in SEVERITY_KEYS {
            if !self.severity.contains_key(*k) {
                out.push(("severity".into(), format!("no severity for {k}")));
            }
        }
        if !valid_date(&self.package.deadline) {
            out.push((
                "deadline".into(),
                format!("\"{}\" is not a date YYYY-MM-DD", self.package.deadline),
            ));
        }
        for k in &self.risk.kind {
            if k.levels.is_empty() || k.threshold >= k.levels.len() {
                out.push((
                    "threshold".into(),
                    format!(
                        "risk kind {}: threshold {} outside its {} levels",
                        k.subject,
                        k.threshold,
                        k.levels.len()
                    ),
                ));
            }
            if k.terms.iter().all(|t| t.is_empty()) {
                out.push((
                    "terms".into(),
                    format!("risk kind {} has no terms", k.subject),
                ));
            }
        }
        for (subject, words) in &self.finance_fields {
            if words.iter().all(|w| w.is_empty()) {
                out.push(("finance_fields".into(), format!("{subject} has no words")));
            }
        }
        if !(0.0..=1.0).contains(&self.copy.threshold) || self.copy.shingle == 0 {
            out.push((
                "threshold".into(),
                "copy threshold must lie in 0..1 and shingle be at least 1".into(),
            ));
        }
        if self.risk.period_from > self.risk.period_to {
            out.push((
                "period_from".into(),
                "period_from is after period_to".into(),
            ));
        }
        out
    }
}

fn valid_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    p.len() == 3
        && p[0].len() == 4
        && p.iter()
            .all(|x| x.chars().all(|c| c.is_ascii_digit()) && !x.is_empty())
        && p[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && p[2].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}
