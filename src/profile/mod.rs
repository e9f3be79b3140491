//! The programme's rules as data: outlines (and, with later issues, indicators and rule phrases).
//! The 2023 notice's profile is embedded; `--profile DIR` loads an edited copy; `write-profile`
//! writes the embedded one out. A bad profile is refused with the file, line and field.

pub mod indicators_spec;
pub mod limits;
pub mod rules_spec;
pub mod severity;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::document::model::DocKind;

/// The files of a profile and their embedded defaults.
pub const FILES: &[(&str, &str)] = &[
    ("profile.toml", include_str!("../../profile/profile.toml")),
    ("outlines.toml", include_str!("../../profile/outlines.toml")),
    ("rules.toml", include_str!("../../profile/rules.toml")),
    (
        "indicators.toml",
        include_str!("../../profile/indicators.toml"),
    ),
    (
        "dictionary.txt",
        include_str!("../../profile/dictionary.txt"),
    ),
];

#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {field}: {message}")]
    Invalid {
        file: PathBuf,
        line: usize,
        field: String,
        message: String,
    },
    #[error("{0} already exists; pass --force to overwrite")]
    Exists(PathBuf),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileMeta {
    pub name: String,
    pub notice: String,
    pub version: u32,
    /// What one file may cost to read (`[limits]`); defaults when the table is absent.
    #[serde(default)]
    pub limits: crate::profile::limits::LimitsSpec,
    /// The items an expert scores (`[[scoring]]`), per kind of submission; none: no score form.
    #[serde(default)]
    pub scoring: Vec<ScoringItem>,
}

/// One scoring item of the expert review (`[[scoring]]` in profile.toml). The notice publishes no
/// scoring scheme; the embedded items follow its 评估内容 (evaluations) and 申报条件 (applications),
/// to be edited when the ministry's 评审细则 is in hand.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringItem {
    /// Stable id, recorded with each score (letters, digits, _).
    pub id: String,
    /// Which submissions it scores.
    pub role: crate::submission::Role,
    /// The item as the reviewer reads it.
    pub name: String,
    /// The most points the item gives (a score above it is refused).
    pub max: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineSpec {
    pub id: String,
    pub title: String,
    pub document_kind: DocKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub outline: String,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The text before a report's first heading belongs to this group (a plan's opening paragraph
    /// on the city's foundation).
    #[serde(default)]
    pub preface: bool,
    /// Whether the group's sections may be found by content outside its chapters (false for the
    /// foundation: a 贷款余额 in the targets is no 金融发展基础).
    #[serde(default = "yes")]
    pub content_outside: bool,
}

fn two() -> usize {
    2
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub outline: String,
    #[serde(default)]
    pub group: Option<String>,
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub key_terms: Vec<Vec<String>>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Short words that name the section in a heading or an item's opening phrase inside its group's
    /// chapter only: 政策, 要素, 稳链, 降碳.
    #[serde(default)]
    pub topic_words: Vec<String>,
    #[serde(default)]
    pub content_terms: Vec<String>,
    #[serde(default = "two")]
    pub min_content_hits: usize,
    pub min_chars: usize,
    #[serde(default = "yes")]
    pub required: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutlinesFile {
    #[serde(default)]
    outline: Vec<OutlineSpec>,
    #[serde(default)]
    group: Vec<GroupSpec>,
    #[serde(default)]
    section: Vec<SectionSpec>,
}

/// One outline with its groups and sections, in profile order.
#[derive(Debug, Clone)]
pub struct Outline {
    pub spec: OutlineSpec,
    pub groups: Vec<GroupSpec>,
    pub sections: Vec<SectionSpec>,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub meta: ProfileMeta,
    pub outlines: Vec<Outline>,
    pub rules: crate::profile::rules_spec::RulesSpec,
    pub indicators: crate::profile::indicators_spec::IndicatorsSpec,
    /// User dictionary lines for Chinese segmentation (jieba format), comments removed.
    pub dictionary: Vec<String>,
    /// Where it came from: "embedded" or the folder.
    pub source: String,
}

impl Profile {
    /// The profile of the 2023 notice, built into the binary.
    pub fn embedded() -> Profile {
        let get = |name: &str| FILES.iter().find(|f| f.0 == name).map_or("", |f| f.1);
        Profile::parse(
            get("profile.toml"),
            get("outlines.toml"),
            get("rules.toml"),
            get("indicators.toml"),
            Path::new("profile"),
        )
        .map(|p| p.with_dictionary(get("dictionary.txt")))
        .expect("the embedded profile is valid (tested)")
    }

    /// Loads an edited profile from a folder holding profile.toml and outlines.toml.
    pub fn load(dir: &Path) -> Result<Profile, ProfileError> {
        let read = |name: &str| {
            let file = dir.join(name);
            std::fs::read_to_string(&file).map_err(|source| ProfileError::Read { file, source })
        };
        let mut p = Profile::parse(
            &read("profile.toml")?,
            &read("outlines.toml")?,
            &read("rules.toml")?,
            &read("indicators.toml")?,
            dir,
        )?;
        p.source = dir.display().to_string();
        Ok(p.with_dictionary(&read("dictionary.txt")?))
    }

    /// Writes the embedded profile's files into `dir` for editing.
    pub fn write_embedded(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ProfileError> {
        std::fs::create_dir_all(dir).map_err(|source| ProfileError::Read {
            file: dir.to_owned(),
            source,
        })?;
        let mut written = Vec::new();
        for (name, text) in FILES {
            let file = dir.join(name);
            if file.exists() && !force {
                return Err(ProfileError::Exists(file));
            }
            std::fs::write(&file, text).map_err(|source| ProfileError::Read {
                file: file.clone(),
                source,
            })?;
            written.push(file);
        }
        Ok(written)
    }

    fn parse(
        meta_text: &str,
        outlines_text: &str,
        rules_text: &str,
        indicators_text: &str,
        dir: &Path,
    ) -> Result<Profile, ProfileError> {
        let indicators_file = dir.join("indicators.toml");
        let indicators: crate::profile::indicators_spec::IndicatorsSpec =
            from_toml(indicators_text, &indicators_file)?;
        if let Some((field, message)) = indicators.validate().into_iter().next() {
            return Err(ProfileError::Invalid {
                file: indicators_file,
                line: line_of(indicators_text, &field),
                field,
                message,
            });
        }
        let meta: ProfileMeta = from_toml(meta_text, &dir.join("profile.toml"))?;
        let mut seen = std::collections::HashSet::new();
        for s in &meta.scoring {
            let ok_id =
                !s.id.is_empty() && s.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            let message = if !ok_id {
                Some("评分项 id 只能由字母、数字和下划线组成 / letters, digits and _ only")
            } else if !seen.insert(s.id.as_str()) {
                Some("评分项 id 重复 / duplicate scoring id")
            } else if !(s.max > 0.0 && s.max <= 1000.0) {
                Some("满分须大于 0、不超过 1000 / max must be in (0, 1000]")
            } else {
                None
            };
            if let Some(message) = message {
                return Err(ProfileError::Invalid {
                    file: dir.join("profile.toml"),
                    line: line_of(meta_text, &s.id),
                    field: format!("scoring.{}", s.id),
                    message: message.into(),
                });
            }
        }
        if let Some((field, message)) = meta.limits.validate().into_iter().next() {
            return Err(ProfileError::Invalid {
                file: dir.join("profile.toml"),
                line: line_of(meta_text, &field),
                field: format!("limits.{field}"),
                message,
            });
        }
        let rules_file = dir.join("rules.toml");
        let rules: crate::profile::rules_spec::RulesSpec = from_toml(rules_text, &rules_file)?;
        if let Some((field, message)) = rules.validate().into_iter().next() {
            return Err(ProfileError::Invalid {
                file: rules_file,
                line: rules_text
                    .lines()
                    .position(|l| l.trim_start().starts_with(&field))
                    .map_or(0, |i| i + 1),
                field,
                message,
            });
        }
        let outlines_file = dir.join("outlines.toml");
        let raw: OutlinesFile = from_toml(outlines_text, &outlines_file)?;
        let invalid = |id: &str, field: &str, message: String| ProfileError::Invalid {
            file: outlines_file.clone(),
            line: line_of(outlines_text, &format!("id = \"{id}\"")),
            field: field.to_owned(),
            message,
        };
        let outline_ids: HashSet<&str> = raw.outline.iter().map(|o| o.id.as_str()).collect();
        let mut seen = HashSet::new();
        for g in &raw.group {
            if !outline_ids.contains(g.outline.as_str()) {
                return Err(invalid(
                    &g.id,
                    "outline",
                    format!("no [[outline]] has id \"{}\"", g.outline),
                ));
            }
        }
        for s in &raw.section {
            if !outline_ids.contains(s.outline.as_str()) {
                return Err(invalid(
                    &s.id,
                    "outline",
                    format!("no [[outline]] has id \"{}\"", s.outline),
                ));
            }
            if !seen.insert((s.outline.clone(), s.id.clone())) {
                return Err(invalid(
                    &s.id,
                    "id",
                    format!("section \"{}\" is defined twice", s.id),
                ));
            }
            if let Some(g) = &s.group {
                if !raw
                    .group
                    .iter()
                    .any(|x| &x.id == g && x.outline == s.outline)
                {
                    return Err(invalid(
                        &s.id,
                        "group",
                        format!("no [[group]] of outline \"{}\" has id \"{g}\"", s.outline),
                    ));
                }
            }
            if s.aliases
                .iter()
                .chain(s.key_terms.iter().flatten())
                .all(|a| a.trim().is_empty())
            {
                return Err(invalid(
                    &s.id,
                    "aliases",
                    "a section needs at least one non-empty alias or key term".into(),
                ));
            }
            if s.key_terms.iter().any(Vec::is_empty) {
                return Err(invalid(
                    &s.id,
                    "key_terms",
                    "each list of key terms needs at least one term".into(),
                ));
            }
            if s.min_content_hits == 0 {
                return Err(invalid(
                    &s.id,
                    "min_content_hits",
                    "must be at least 1".into(),
                ));
            }
        }
        let outlines = raw
            .outline
            .iter()
            .map(|o| Outline {
                spec: o.clone(),
                groups: raw
                    .group
                    .iter()
                    .filter(|g| g.outline == o.id)
                    .cloned()
                    .collect(),
                sections: raw
                    .section
                    .iter()
                    .filter(|s| s.outline == o.id)
                    .cloned()
                    .collect(),
            })
            .collect();
        Ok(Profile {
            meta,
            outlines,
            rules,
            indicators,
            dictionary: Vec::new(),
            source: "embedded".into(),
        })
    }

    fn with_dictionary(mut self, text: &str) -> Profile {
        self.dictionary = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        self
    }

    /// A stable fingerprint of everything the profile says, so indexes know when to rebuild.
    /// The reading limits this profile sets.
    pub fn limits(&self) -> crate::profile::limits::Limits {
        self.meta.limits.limits()
    }

    /// The scoring items for a kind of submission, in profile order.
    pub fn scoring(&self, role: Option<crate::submission::Role>) -> Vec<&ScoringItem> {
        self.meta
            .scoring
            .iter()
            .filter(|s| Some(s.role) == role)
            .collect()
    }

    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(format!(
            "{:?}{:?}{:?}{:?}",
            self.meta, self.rules, self.indicators, self.dictionary
        ));
        for o in &self.outlines {
            h.update(format!("{:?}{:?}{:?}", o.spec, o.groups, o.sections));
        }
        format!("{:x}", h.finalize())
    }

    pub fn outline(&self, id: &str) -> Option<&Outline> {
        self.outlines.iter().find(|o| o.spec.id == id)
    }

    /// A flag's subject as the reviewer names it: an outline section's title (results.green →
    /// 推动工业绿色发展), an indicator's name (green_loans → 绿色贷款余额), a guarantee, financial
    /// field or risk kind as rules.toml names it (funding → 资金保障, pension → 养老金融,
    /// environment → 突发环境事件), a document kind (indicators → 试点指标数据); `None` for anything
    /// else (a file path or a city is already what the reviewer reads).
    pub fn subject_zh(&self, subject: &str) -> Option<&str> {
        let r = &self.rules;
        self.outlines
            .iter()
            .flat_map(|o| &o.sections)
            .find(|s| s.id == subject)
            .map(|s| s.title.as_str())
            .or_else(|| {
                self.indicators
                    .indicator
                    .iter()
                    .find(|i| i.id == subject)
                    .map(|i| i.name.as_str())
            })
            .or_else(|| {
                r.guarantees
                    .subject
                    .iter()
                    .map(|g| (&g.subject, &g.name))
                    .chain(r.finance_fields.field.iter().map(|f| (&f.subject, &f.name)))
                    .chain(r.risk.kind.iter().map(|k| (&k.subject, &k.name)))
                    .find(|(id, _)| *id == subject)
                    .map(|(_, name)| name.as_str())
            })
            .or_else(|| {
                crate::document::model::DocKind::ALL
                    .iter()
                    .find(|k| k.as_str() == subject)
                    .map(|k| k.zh())
            })
    }
}

fn from_toml<T: serde::de::DeserializeOwned>(text: &str, file: &Path) -> Result<T, ProfileError> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().to_owned();
        let mut line = e.span().map_or(0, |s| {
            // The span may start on the whitespace before the offending key.
            let start = s.start.min(text.len());
            let start = start + text[start..].len() - text[start..].trim_start().len();
            text[..start].matches('\n').count() + 1
        });
        // An unknown key: the line that spells it, at or after the span.
        if let Some(key) = message
            .strip_prefix("unknown field `")
            .and_then(|m| m.split('`').next())
        {
            let found = text
                .lines()
                .enumerate()
                .skip(line.saturating_sub(1))
                .find(|(_, l)| {
                    l.trim_start()
                        .strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with('='))
                });
            if let Some((i, _)) = found {
                line = i + 1;
            }
        }
        // The field toml names, or the key on the offending line.
        let field = message
            .split('`')
            .nth(1)
            .map(str::to_owned)
            .or_else(|| {
                text.lines()
                    .nth(line.saturating_sub(1))
                    .and_then(|l| l.split('=').next())
                    .map(|k| k.trim().to_owned())
            })
            .unwrap_or_default();
        ProfileError::Invalid {
            file: file.to_owned(),
            line,
            field,
            message,
        }
    })
}

/// 1-based line of the first occurrence of `needle`, or 0.
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(0, |at| text[..at].lines().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profile_is_valid() {
        let p = Profile::embedded();
        let ids = |o: &str| {
            p.outline(o)
                .map(|o| o.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>())
        };
        assert_eq!(ids("self_evaluation").map(|v| v.len()), Some(14));
        assert_eq!(
            ids("implementation_plan"),
            Some(
                [
                    "foundation.industry",
                    "foundation.finance",
                    "approach",
                    "targets",
                    "tasks",
                    "guarantees.organization",
                    "guarantees.policy",
                    "guarantees.funding",
                    "schedule"
                ]
                .iter()
                .map(|s| s.to_string())
                .collect()
            )
        );
    }

    fn invalid(outlines: &str) -> String {
        Profile::parse(FILES[0].1, outlines, FILES[2].1, FILES[3].1, Path::new("p"))
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn bad_rules_are_refused() {
        let parse = |rules: &str| {
            Profile::parse(FILES[0].1, FILES[1].1, rules, FILES[3].1, Path::new("p"))
                .expect_err("refused")
                .to_string()
        };
        let e = parse(&FILES[2].1.replace("threshold = 1\n", "threshold = 9\n"));
        assert!(
            e.starts_with("p/rules.toml:") && e.contains("threshold"),
            "{e}"
        );
        let e = parse(
            &FILES[2]
                .1
                .replace("deadline = \"2024-01-31\"", "deadline = \"31.1.2024\""),
        );
        assert!(e.contains("rules.toml") && e.contains("deadline"), "{e}");
        let late = crate::check::code::FlagCode::LateSubmission;
        let e = parse(&FILES[2].1.replace(
            &format!("{late} = \"blocker\""),
            &format!("{late} = \"fatal\""),
        ));
        assert!(e.contains("rules.toml:") && e.contains("fatal"), "{e}");
    }

    #[test]
    fn bad_profiles_name_file_line_and_field() {
        let base = "[[outline]]\nid = \"self_evaluation\"\ntitle = \"自评报告\"\ndocument_kind = \"self_evaluation\"\n";
        let e = invalid(&format!("{base}\n[[section]]\noutline = \"self_evaluation\"\nid = \"a\"\ntitle = \"t\"\naliases = [\"x\"]\nmin_chars = \"many\"\n"));
        assert!(e.starts_with("p/outlines.toml:11: "), "{e}");
        let e = invalid(&format!("{base}\n[[section]]\noutline = \"self_evaluation\"\nid = \"a\"\ntitle = \"t\"\naliasses = [\"x\"]\nmin_chars = 3\n"));
        assert!(
            e.contains("outlines.toml:10") && e.contains("aliasses"),
            "{e}"
        );
        let e = invalid(&format!("{base}\n[[section]]\noutline = \"plan\"\nid = \"a\"\ntitle = \"t\"\naliases = [\"x\"]\nmin_chars = 3\n"));
        assert_eq!(
            e,
            "p/outlines.toml:8: outline: no [[outline]] has id \"plan\""
        );
        let e = invalid(&format!("{base}\n[[section]]\noutline = \"self_evaluation\"\nid = \"a\"\ntitle = \"t\"\naliases = [\"\"]\nmin_chars = 3\n"));
        assert!(e.contains(":8: aliases:"), "{e}");
        let e = invalid(&format!("{base}\n[[section]]\noutline = \"self_evaluation\"\nid = \"a\"\ntitle = \"t\"\naliases = [\"x\"]\nmin_chars = 3\n[[section]]\noutline = \"self_evaluation\"\nid = \"a\"\ntitle = \"t\"\naliases = [\"x\"]\nmin_chars = 3\n"));
        assert!(e.contains("defined twice"), "{e}");
    }
}
