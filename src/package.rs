//! Checks of the package as a whole: required documents, the continuation statement, the letter's
//! issuer, the submission date, and — across the corpus — the province quota.

use std::collections::BTreeMap;

use crate::model::{DocKind, Document};
use crate::outline::Evidence;
use crate::profile::Profile;
use crate::review::{Flag, Review};
use crate::submission::{ProvinceKind, Role, Submission, SubmissionMeta};
use crate::text::fold_width;

fn flag(
    profile: &Profile,
    code: &str,
    subject: Option<&str>,
    message: String,
    evidence: Vec<Evidence>,
) -> Flag {
    Flag::ruled(profile, code, code, subject, message, evidence)
}

/// The first block (or the title) of the documents holding any of `phrases`, with the phrase.
fn find_phrase(docs: &[&Document], phrases: &[String]) -> Option<(Evidence, String)> {
    for d in docs {
        for b in &d.blocks {
            let t = fold_width(&b.text);
            if let Some(p) = phrases
                .iter()
                .find(|p| !p.is_empty() && t.contains(p.as_str()))
            {
                return Some((Evidence::of_block(d, b.index), p.clone()));
            }
        }
    }
    None
}

pub fn flags(sub: &Submission, profile: &Profile) -> Vec<Flag> {
    let rules = &profile.rules;
    let mut out = Vec::new();
    let present = |k: DocKind| {
        sub.documents.iter().any(|d| d.kind == k) || sub.unreadable.iter().any(|u| u.kind == k)
    };
    let role = sub.meta.role;
    let required = match role {
        Some(Role::Evaluation) => rules.package.evaluation.as_slice(),
        Some(Role::Application) => rules.package.application.as_slice(),
        None => &[],
    };
    let found: Vec<String> = sub
        .documents
        .iter()
        .map(|d| format!("{}（{}）", d.path, d.kind.zh()))
        .chain(
            sub.unreadable
                .iter()
                .map(|u| format!("{}（无法读取）", u.path)),
        )
        .collect();
    for k in required.iter().filter(|k| !present(**k)) {
        out.push(flag(
            profile,
            "DOC_MISSING",
            Some(k.as_str()),
            format!(
                "缺少{}。{}须报送该文件；本报送单位的文件为：{}。",
                k.zh(),
                if role == Some(Role::Evaluation) {
                    "评估城市"
                } else {
                    "申报城市"
                },
                if found.is_empty() {
                    "无".into()
                } else {
                    found.join("、")
                }
            ),
            Vec::new(),
        ));
    }
    let letters: Vec<&Document> = sub.documents_of(DocKind::CoverLetter).collect();
    let letter_names = if letters.is_empty() {
        "（未找到报送函件）".to_string()
    } else {
        letters
            .iter()
            .map(|d| format!("“{}”", d.path))
            .collect::<Vec<_>>()
            .join("、")
    };
    if role == Some(Role::Evaluation) {
        let ends = find_phrase(&letters, &rules.continuation.ends);
        let continues = if ends.is_some() {
            None
        } else {
            find_phrase(&letters, &rules.continuation.continues)
        };
        match (ends, continues) {
            (None, None) => out.push(flag(
                profile,
                "CONTINUATION_UNSTATED",
                None,
                format!(
                    "报送函件{letter_names}未明确是否继续开展试点（检索了“{}”“{}”等表述）。按通知，未明确申请继续的视同结束试点，请核实。",
                    rules.continuation.continues.first().cloned().unwrap_or_default(),
                    rules.continuation.ends.first().cloned().unwrap_or_default()
                ),
                Vec::new(),
            )),
            (None, Some((ev, _))) if !present(DocKind::ImplementationPlan) => out.push(flag(
                profile,
                "CONTINUATION_PLAN_MISSING",
                None,
                "报送函件申请继续开展试点，但材料中没有新的试点实施方案。按通知，申请继续试点须附实施方案，请核实。".into(),
                vec![ev],
            )),
            _ => {}
        }
    }
    if role == Some(Role::Application) {
        for d in &letters {
            // The issuer: the title's opening, or the signature in the closing lines.
            let title = d.title.clone().unwrap_or_default();
            let closing: Vec<&crate::model::Block> = d.blocks.iter().rev().take(4).collect();
            let issuer_ok = rules.package.application_issuer.iter().any(|w| {
                title
                    .split("关于")
                    .next()
                    .is_some_and(|h| h.contains(w.as_str()))
                    || closing.iter().any(|b| b.text.trim().ends_with(w.as_str()))
            });
            if !issuer_ok {
                let mut evidence = Vec::new();
                if let Some(b) = d
                    .blocks
                    .iter()
                    .find(|b| title.starts_with(b.text.trim()) && !b.text.trim().is_empty())
                {
                    evidence.push(Evidence::of_block(d, b.index));
                }
                if let Some(b) = closing
                    .iter()
                    .find(|b| b.text.trim().chars().count() <= 30 && !b.text.contains('年'))
                {
                    evidence.push(Evidence::of_block(d, b.index));
                }
                out.push(flag(
                    profile,
                    "LETTER_ISSUER",
                    None,
                    format!(
                        "申报函“{}”的发文单位不是{}（标题和落款均未见）。通知要求申报函由城市人民政府出具，请核实。",
                        d.path,
                        rules.package.application_issuer.join("或")
                    ),
                    evidence,
                ));
            }
        }
    }
    if let Some(date) = &sub.meta.submitted {
        if date.as_str() > rules.package.deadline.as_str() {
            let source = sub
                .inferred
                .iter()
                .find(|i| i.field == "submitted")
                .map_or("submission.toml".to_string(), |i| i.source.clone());
            let evidence = letters
                .iter()
                .flat_map(|d| d.blocks.iter().rev().take(4).map(move |b| (d, b)))
                .find(|(_, b)| {
                    b.text.contains('年') && b.text.contains('日') && b.text.chars().count() <= 20
                })
                .map(|(d, b)| vec![Evidence::of_block(d, b.index)])
                .unwrap_or_default();
            out.push(flag(
                profile,
                "LATE_SUBMISSION",
                None,
                format!(
                    "报送日期{date}（依据：{source}）晚于截止日期{}。请核实是否逾期。",
                    rules.package.deadline
                ),
                evidence,
            ));
        }
    }
    out
}

/// The quota unit an application counts against (its province, or the separately listed city or the
/// Corps itself), and the unit's limit.
fn quota_unit(meta: &SubmissionMeta, profile: &Profile) -> Option<(String, usize)> {
    if meta.role != Some(Role::Application) {
        return None;
    }
    let q = &profile.rules.quota;
    match meta.province_kind {
        Some(ProvinceKind::SeparatelyListed) => meta.city.clone().map(|c| (c, q.separately_listed)),
        Some(ProvinceKind::Corps) => meta.province.clone().map(|p| (p, q.corps)),
        _ => meta.province.clone().map(|p| (p, q.province)),
    }
}

/// QUOTA_EXCEEDED on every application of a unit that recommends more new cities than its quota.
/// `reviews[i]` is the review of the submission named `names[i]` with `metas[i]`; only names and
/// metadata are needed, so `run` can drop the documents before corpus-level checks.
pub fn quota(names: &[&str], metas: &[&SubmissionMeta], reviews: &mut [Review], profile: &Profile) {
    let mut units: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
    for (i, m) in metas.iter().enumerate() {
        if let Some((unit, limit)) = quota_unit(m, profile) {
            let e = units.entry(unit).or_insert((limit, Vec::new()));
            e.1.push(i);
        }
    }
    for (unit, (limit, members)) in units {
        if members.len() <= limit {
            continue;
        }
        let cities: Vec<String> = members
            .iter()
            .map(|i| {
                format!(
                    "{}（{}）",
                    metas[*i].city.clone().unwrap_or_default(),
                    names[*i]
                )
            })
            .collect();
        for i in &members {
            reviews[*i].flags.push(flag(
                profile,
                "QUOTA_EXCEEDED",
                Some(&unit),
                format!(
                    "{unit}本批次申报{}个新城市：{}，超过推荐名额{limit}个（继续试点城市不占名额）。请省级审核时择优推荐。",
                    members.len(),
                    cities.join("、")
                ),
                Vec::new(),
            ));
        }
    }
}
