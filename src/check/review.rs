//! A submission's review: its documents, outline coverage and flags — the `check --json` contract.
//! Each flag carries evidence, or says exactly what was searched and not found.

use crate::check::code::FlagCode;
use serde::{Deserialize, Serialize};

use crate::check::finding::{DocStatus, Flag};
use crate::profile::severity::Severity;

use crate::check::finding::Evidence;
use crate::check::outline::{coverage, MatchedBy, SectionCoverage, Status};
use crate::document::model::{DocKind, Document};
use crate::profile::{Outline, Profile};
use crate::submission::{Inference, Role, Submission};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub path: String,
    pub kind: DocKind,
    pub format: Option<String>,
    pub status: DocStatus,
    /// The text was recognised by OCR (a scan or a photo).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_zh: Option<String>,
    /// An implementation plan whose period ended by the evaluation year (`ledger::is_earlier_plan`):
    /// read for the targets ledger, not checked as the plan the submission proposes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub earlier_plan: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub submission: String,
    pub city: Option<String>,
    pub province: Option<String>,
    pub role: Option<Role>,
    pub documents: Vec<DocumentEntry>,
    pub sections: Vec<SectionCoverage>,
    pub flags: Vec<Flag>,
    /// The indicator workbook normalised to the profile's template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<crate::check::indicators::Table>,
    /// The targets ledger: an earlier plan's targets and what was achieved (`check::ledger`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<crate::check::ledger::Line>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Review {
    pub fn count(&self, severity: Severity) -> usize {
        self.flags.iter().filter(|f| f.severity == severity).count()
    }
}

/// Documents a package must hold; an unreadable one of these blocks review.
const REQUIRED_KINDS: &[DocKind] = &[
    DocKind::SelfEvaluation,
    DocKind::ImplementationPlan,
    DocKind::Indicators,
    DocKind::CoverLetter,
];

/// Reviews one submission against the profile.
pub fn review(sub: &Submission, profile: &Profile) -> Review {
    let mut documents: Vec<DocumentEntry> = sub
        .documents
        .iter()
        .map(|d| DocumentEntry {
            path: d.path.clone(),
            kind: d.kind,
            format: Some(d.format.as_str().to_owned()),
            status: DocStatus::Ok,
            ocr: d.ocr,
            error: None,
            error_zh: None,
            earlier_plan: crate::check::ledger::is_earlier_plan(sub, d, &profile.rules),
        })
        .collect();
    let mut flags = Vec::new();
    for u in &sub.unreadable {
        documents.push(DocumentEntry {
            ocr: false,
            path: u.path.clone(),
            kind: u.kind,
            format: u.format.map(|f| f.as_str().to_owned()),
            status: DocStatus::Unreadable,
            error: Some(u.error.to_string()),
            error_zh: Some(u.error.zh()),
            earlier_plan: false,
        });
        // An unreadable earlier plan (its file name gives a period ended by the evaluation year) is
        // no missing required document: only the targets ledger lacks it.
        let earlier = u.kind == DocKind::ImplementationPlan
            && sub.meta.role == Some(crate::submission::Role::Evaluation)
            && crate::check::ledger::period_in_text(&u.path)
                .is_some_and(|(_, end)| end <= profile.rules.ledger.evaluation_year);
        let required = REQUIRED_KINDS.contains(&u.kind) && !earlier;
        flags.push(Flag {
            code: FlagCode::DocUnreadable,
            severity: if required {
                Severity::Blocker
            } else {
                Severity::Warning
            },
            subject: Some(u.path.clone()),
            message: format!(
                "文件“{}”无法读取：{}。{}请核实原件，必要时要求报送单位重新提供。",
                u.path,
                u.error.zh(),
                if earlier {
                    "该文件按文件名是上一轮实施方案，无法据此核对目标完成情况。"
                } else {
                    ""
                }
            ),
            evidence: Vec::new(),
        });
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));

    // An earlier plan (its period over by the evaluation year) is not held to the plan outline.
    let current = crate::check::ledger::current_plans(sub, &profile.rules);
    let docs_of = |outline: &Outline| -> Vec<&Document> {
        sub.documents
            .iter()
            .filter(|d| d.kind == outline.spec.document_kind)
            .filter(|d| {
                d.kind != DocKind::ImplementationPlan
                    || current.iter().any(|c| std::ptr::eq(*c, *d))
            })
            .collect()
    };
    let mut sections = Vec::new();
    for outline in &profile.outlines {
        let docs = docs_of(outline);
        if !docs.is_empty() {
            sections.extend(coverage(outline, &docs));
        }
    }
    // The plan's readers settle its guarantee and target sections before sections are flagged.
    flags.extend(crate::check::commitments::plan_flags(
        sub,
        profile,
        &mut sections,
    ));
    for outline in &profile.outlines {
        let docs = docs_of(outline);
        let cov: Vec<SectionCoverage> = sections
            .iter()
            .filter(|c| c.outline == outline.spec.id)
            .cloned()
            .collect();
        if !docs.is_empty() {
            flags.extend(section_flags(profile, outline, &docs, &cov));
        }
    }
    flags.extend(crate::check::commitments::risk_flags(sub, profile));
    flags.extend(crate::check::package::flags(sub, profile));
    let indicators = match crate::check::indicators::table_of(sub, profile) {
        Some(Ok(table)) => {
            flags.extend(crate::check::indicators::flags(sub, profile, &table));
            Some(table)
        }
        Some(Err((path, why))) => {
            flags.push(Flag::ruled(
                profile,
                FlagCode::IndicatorEmpty,
                FlagCode::IndicatorEmpty,
                None,
                format!(
                    "指标数据“{path}”{why}，无法读取任何指标。请核对是否使用了规定的指标模板。"
                ),
                Vec::new(),
            ));
            None
        }
        None => None,
    };
    // The earlier plan's targets against what the report and the workbook say was achieved.
    let targets = crate::check::ledger::for_submission(sub, indicators.as_ref(), profile);
    flags.extend(crate::check::ledger::flags(&targets, profile));
    flags.extend(crate::check::ledger::plausibility(
        sub,
        indicators.as_ref(),
        profile,
    ));
    flags.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
    });
    Review {
        submission: sub.name.clone(),
        city: sub.meta.city.clone(),
        province: sub.meta.province.clone(),
        role: sub.meta.role,
        documents,
        sections,
        flags,
        indicators,
        targets,
        inferred: sub.inferred.clone(),
        notes: sub.notes.clone(),
    }
}

fn section_flags(
    profile: &Profile,
    outline: &Outline,
    docs: &[&Document],
    cov: &[SectionCoverage],
) -> Vec<Flag> {
    let names: Vec<String> = docs.iter().map(|d| format!("“{}”", d.path)).collect();
    let mut out = Vec::new();
    // A missing guarantee section is said once, by GUARANTEE_MISSING.
    let guarantee = |id: &str| {
        profile
            .rules
            .guarantees
            .subject
            .iter()
            .any(|g| g.section == id)
    };
    for c in cov.iter().filter(|c| c.required) {
        let spec = outline
            .sections
            .iter()
            .find(|s| s.id == c.id)
            .expect("coverage follows the outline");
        match c.status {
            Status::Missing if guarantee(&c.id) => {}
            Status::Missing => out.push(Flag {
                code: FlagCode::SectionMissing,
                severity: profile.rules.severity(FlagCode::SectionMissing),
                subject: Some(c.id.clone()),
                message: format!(
                    "{}中未找到“{}”章节：各级标题均不含“{}”等表述，正文也没有集中出现“{}”等内容的段落。请核对是否遗漏或写入了其他章节。",
                    names.join("、"),
                    c.title,
                    spec.aliases.iter().take(5).cloned().collect::<Vec<_>>().join("”“"),
                    spec.content_terms.iter().take(5).cloned().collect::<Vec<_>>().join("”“"),
                ),
                evidence: Vec::new(),
            }),
            Status::Thin => {
                let how = match &c.matched {
                    Some(MatchedBy::Content { .. }) => "（无独立标题，见所引段落）",
                    _ => "",
                };
                let why = if c.chars < spec.min_chars {
                    format!("仅{}字，少于要求的{}字", c.chars, spec.min_chars)
                } else {
                    format!("共{}字但只有一句话", c.chars)
                };
                // The heading, and the text under it, so the reviewer sees both.
                let mut evidence: Vec<Evidence> = c.evidence.iter().cloned().collect();
                if let (Some(e), Some(MatchedBy::Alias { .. } | MatchedBy::KeyTerms { .. })) = (&c.evidence, &c.matched) {
                    if let Some(doc) = docs.iter().find(|d| d.path == e.document) {
                        if let Some(next) = doc.blocks.get(e.block + 1).filter(|b| b.level.is_none()) {
                            evidence.push(Evidence::of_block(doc, next.index));
                        }
                    }
                }
                out.push(Flag {
                    code: FlagCode::SectionThin,
                    severity: profile.rules.severity(FlagCode::SectionThin),
                    subject: Some(c.id.clone()),
                    message: format!("“{}”章节内容单薄{how}：{why}。请核对内容是否充分。", c.title),
                    evidence,
                });
            }
            Status::Present => {}
        }
    }
    out
}

pub fn sort_flags(flags: &mut [Flag]) {
    flags.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.subject.cmp(&b.subject))
    });
}

/// Reviews of several submissions, with the checks that span them (the province quota).
pub fn review_all(subs: &[Submission], profile: &Profile) -> Vec<Review> {
    use rayon::prelude::*;
    let mut reviews: Vec<Review> = subs.par_iter().map(|s| review(s, profile)).collect();
    let copies = subs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, sub)| crate::check::copies::passages_of(i, sub, profile))
        .collect();
    let names: Vec<&str> = subs.iter().map(|s| s.name.as_str()).collect();
    let metas: Vec<&crate::submission::SubmissionMeta> = subs.iter().map(|s| &s.meta).collect();
    corpus_checks(&mut reviews, &names, &metas, copies, profile);
    reviews
}

/// The checks that compare submissions with each other — quotas and copied text — added to reviews
/// made one submission at a time, then every review's flags in order. `names[i]`, `metas[i]` and
/// `reviews[i]` belong to submission i; `copies` are its `copies::passages_of`. Only these compact
/// pieces are needed, so `run` can drop the documents first.
pub fn corpus_checks(
    reviews: &mut [Review],
    names: &[&str],
    metas: &[&crate::submission::SubmissionMeta],
    copies: Vec<crate::check::copies::Passage>,
    profile: &Profile,
) {
    let mut flags: Vec<&mut Vec<Flag>> = reviews.iter_mut().map(|r| &mut r.flags).collect();
    crate::check::package::quota(names, metas, &mut flags, profile);
    crate::check::copies::flag_passages(copies, names, &mut flags, profile);
    for r in reviews.iter_mut() {
        sort_flags(&mut r.flags);
    }
}
