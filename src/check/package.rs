//! Checks of the package as a whole: required documents, the continuation statement, the letter's
//! issuer, the submission date, and — across the corpus — the province quota.

use crate::check::code::FlagCode;
use std::collections::BTreeMap;

use crate::check::finding::Evidence;
use crate::check::finding::Flag;
use crate::document::model::{DocKind, Document};
use crate::profile::Profile;
use crate::submission::{ProvinceKind, Role, Submission, SubmissionMeta};

fn flag(
    profile: &Profile,
    code: FlagCode,
    subject: Option<&str>,
    message: String,
    evidence: Vec<Evidence>,
) -> Flag {
    Flag::ruled(profile, code, code, subject, message, evidence)
}

fn continuation_plan_missing(profile: &Profile, evidence: Evidence) -> Flag {
    flag(
        profile,
        FlagCode::ContinuationPlanMissing,
        None,
        "报送函件申请延续试点，但材料中没有新的试点实施方案。按通知，申请延续试点须“附新的试点实施方案”，请核实。"
            .into(),
        vec![evidence],
    )
}

pub fn flags(sub: &Submission, profile: &Profile) -> Vec<Flag> {
    let rules = &profile.rules;
    let mut out = Vec::new();
    // An earlier plan (its period over by the evaluation year) is not the plan a package must hold.
    let current = crate::check::ledger::current_plans(sub, rules);
    let present = |k: DocKind| {
        let any = if k == DocKind::ImplementationPlan {
            !current.is_empty()
        } else {
            sub.documents.iter().any(|d| d.kind == k)
        };
        any || sub.unreadable.iter().any(|u| u.kind == k)
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
            FlagCode::DocMissing,
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
    // Neither a self-evaluation nor a plan, so not even the role is known: say so, as a blocker.
    if role.is_none() && !present(DocKind::SelfEvaluation) && !present(DocKind::ImplementationPlan)
    {
        out.push(flag(
            profile,
            FlagCode::ReportMissing,
            None,
            format!(
                "材料中既没有自评报告，也没有试点实施方案，无法判断是评估还是申报；本报送单位的文件为：{}。评估城市须报送自评报告，申报城市须报送试点实施方案。请核实；若其中某个文件实为报告或方案，请检查其标题是否写明“自评报告”“实施方案”“行动计划”等。",
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
        use crate::check::continuation::{read, Statement};
        let statement = read(&letters, &rules.continuation, rules.period.earliest_start);
        let plan_missing = !present(DocKind::ImplementationPlan);
        match statement {
            Statement::Unstated => out.push(flag(
                profile,
                FlagCode::ContinuationUnstated,
                None,
                format!(
                    "报送函件{letter_names}未明确是否申请延续试点：没有“申请延续试点”“继续开展试点”等请求，也没有“不再申请延续”“退出试点”等表态，亦未说明随函报送新的试点实施方案（引述通知原文、“研究是否延续”“另行行文”不算表态）。按通知，“如未明确申请延续试点……视同结束试点工作”，请核实。"
                ),
                Vec::new(),
            )),
            Statement::Implied(ev) => {
                out.push(flag(
                    profile,
                    FlagCode::ContinuationImplied,
                    None,
                    "报送函件未写明“申请延续试点”，但说明随函报送新的试点实施方案，视为申请延续。通知要求在函件中明确，请核实。".into(),
                    vec![ev.clone()],
                ));
                if plan_missing {
                    out.push(continuation_plan_missing(profile, ev));
                }
            }
            Statement::Continues(ev) if plan_missing => {
                out.push(continuation_plan_missing(profile, ev))
            }
            Statement::Continues(_) | Statement::Ends(_) => {}
        }
    }
    if role == Some(Role::Application) {
        for d in &letters {
            // The issuer: the title's opening, or the signature in the closing lines.
            let title = d.title.clone().unwrap_or_default();
            let closing: Vec<&crate::document::model::Block> =
                d.blocks.iter().rev().take(4).collect();
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
                    FlagCode::LetterIssuer,
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
                FlagCode::LateSubmission,
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
    unit(
        meta.province_kind,
        meta.city.as_deref(),
        meta.province.as_deref(),
        &profile.rules.quota,
    )
}

/// The quota unit of a city of this kind — the city itself when separately listed, else its
/// province (the Corps is one) — and the unit's limit from the profile's `[quota]`; `None` when the
/// name it needs is unknown.
pub fn unit(
    kind: Option<ProvinceKind>,
    city: Option<&str>,
    province: Option<&str>,
    q: &crate::profile::rules_spec::QuotaSpec,
) -> Option<(String, usize)> {
    match kind {
        Some(ProvinceKind::SeparatelyListed) => city.map(|c| (c.to_owned(), q.separately_listed)),
        Some(ProvinceKind::Corps) => province.map(|p| (p.to_owned(), q.corps)),
        _ => province.map(|p| (p.to_owned(), q.province)),
    }
}

/// QUOTA_EXCEEDED on every application of a unit that recommends more new cities than its quota.
/// `flags[i]` are the flags of the submission named `names[i]` with `metas[i]`; only names and
/// metadata are needed, so `run` can drop the documents before corpus-level checks.
pub fn quota(
    names: &[&str],
    metas: &[&SubmissionMeta],
    flags: &mut [&mut Vec<Flag>],
    profile: &Profile,
) {
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
            flags[*i].push(flag(
                profile,
                FlagCode::QuotaExceeded,
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
