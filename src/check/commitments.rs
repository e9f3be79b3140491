//! What a plan must commit to and what an application must state: the implementation period, the
//! guarantees, quantified targets, the five financial fields, and the three-year risk record.

use crate::check::code::{FlagCode, SeverityKey};
use crate::check::finding::Evidence;
use crate::check::finding::Flag;
use crate::check::outline::{SectionCoverage, Status};
use crate::check::risk::Reading;
use crate::document::model::{BlockKind, DocKind, Document};
use crate::profile::Profile;
use crate::submission::{Role, Submission};

fn names(docs: &[&Document]) -> String {
    docs.iter()
        .map(|d| format!("“{}”", d.path))
        .collect::<Vec<_>>()
        .join("、")
}

/// Evidence quoting one clause of a block.
fn clause_evidence(doc: &Document, block: usize, clause: &str) -> Evidence {
    Evidence {
        quote: clause.to_owned(),
        ..Evidence::of_block(doc, block)
    }
}

/// Flags for the plan's commitments: period, guarantees, targets, financial fields. The plan
/// outline's guarantee and target sections in `coverage` are first made to agree with what the
/// readers find (a guarantee or target written as an item or a sentence covers its section; a
/// guarantee found only in the record of the previous pilot does not).
pub fn plan_flags(
    sub: &Submission,
    profile: &Profile,
    coverage: &mut [SectionCoverage],
) -> Vec<Flag> {
    let plans = crate::check::ledger::current_plans(sub, &profile.rules);
    if plans.is_empty() {
        return Vec::new();
    }
    let rules = &profile.rules;
    let mut out = Vec::new();
    let list = names(&plans);
    crate::check::guarantees::align(
        coverage,
        &plans,
        &rules.guarantees,
        sub.meta.city.as_deref(),
    );
    let reading = crate::check::period::read(&plans, &rules.period);
    // Targets look ahead from the plan's own first year (a 2023 plan's "2023年……增长30%" is a target).
    let start = reading
        .period
        .as_ref()
        .and_then(|p| p.start)
        .unwrap_or(rules.period.earliest_start);
    let target = crate::check::targets::find(&plans, &rules.targets, start);
    if let Some(t) = &target {
        crate::check::outline::cover_by_content(
            coverage,
            &rules.targets.section,
            t.evidence.clone(),
            vec![t.quantity.clone()],
        );
    }

    // The implementation period, read from the plan's title and text.
    match &reading.period {
        Some(p) if p.years != rules.period.years => {
            let mut evidence = vec![p.evidence.clone()];
            let title = match &reading.title_disagrees {
                Some(t) => {
                    evidence.push(t.evidence.clone());
                    format!("（标题写的是{}，与正文不一致）", t.describe())
                }
                None => String::new(),
            };
            out.push(Flag::ruled(
                profile,
                FlagCode::PeriodNotThreeYears,
                FlagCode::PeriodNotThreeYears,
                None,
                format!(
                    "实施方案的实施期为{}（依据：{}）{title}，不是通知要求的{}年实施期。请核对。",
                    p.describe(),
                    p.source.zh(),
                    rules.period.years
                ),
                evidence,
            ));
        }
        Some(_) => {}
        None => out.push(Flag::ruled(
            profile,
            FlagCode::PeriodMissing,
            FlagCode::PeriodMissing,
            None,
            format!(
                "{list}未写明自身的实施期：标题中没有起止年份（如“（2024—2026年）”）或“三年行动计划”，正文没有“实施期/试点期/期限”等处的起止年份或年限、“用三年时间”一类表述、“自2024年起……到2026年”的起止年份，实施步骤各阶段也不能首尾相接地确定期限。引用文件的期限、阶段月份、“近三年”等记录期不算。请核对。"
            ),
            Vec::new(),
        )),
    }

    // Guarantees: organisation, policy, funding, as the plan's own commitments (the outline's
    // guarantee sections, aligned with `guarantees::read` by the review).
    for g in &rules.guarantees.subject {
        let missing = coverage
            .iter()
            .any(|c| c.id == g.section && c.status == Status::Missing);
        if missing {
            out.push(Flag::ruled(profile,
                FlagCode::GuaranteeMissing,
                FlagCode::GuaranteeMissing,
                Some(&g.subject),
                format!("{list}没有写明新一轮试点的“{}”：标题、条目（含“一是……二是……”）和正文句子中都没有，例如“{}”。“产融合作基础”等章节里上一轮试点的记录不算。申报条件要求有政策、资金、组织保障，请核对。",
                    g.name,
                    g.leads.iter().take(3).map(|l| l.concat()).chain(g.terms.iter().take(3).map(|t| t.join("…"))).collect::<Vec<_>>().join("”“")),
                Vec::new(),
            ));
        }
    }

    // Targets: a quantified target anywhere outside the record chapters (targets::find).
    if let (None, Some(c)) = (
        &target,
        coverage
            .iter()
            .find(|c| c.id == rules.targets.section && c.status != Status::Missing),
    ) {
        let mut evidence: Vec<Evidence> = c.evidence.iter().cloned().collect();
        if let Some(e) = &c.evidence {
            if let Some(doc) = plans.iter().find(|d| d.path == e.document) {
                if let Some(next) = doc
                    .blocks
                    .get(e.block + 1)
                    .filter(|b| b.kind != BlockKind::Heading)
                {
                    evidence.push(Evidence::of_block(doc, next.index));
                }
            }
        }
        out.push(Flag::ruled(profile,
            FlagCode::TargetsNotQuantified,
            FlagCode::TargetsNotQuantified,
            None,
            format!("{list}的“{}”及全文都没有量化目标：没有带单位的目标数值（如“到2026年……达到1500亿元”“新增上市企业5家”“控制在2%以内”“翻一番”），也没有填了数值的目标值表格；过去的数据、政策奖补金额、年份和文号不算。目标无法考核，请核对。", c.title),
            evidence,
        ));
    }

    // The five financial fields, anywhere in the plan, as the city's own.
    for (f, found) in crate::check::finance_fields::read(
        &plans,
        &rules.finance_fields,
        &rules.reported,
        sub.meta.city.as_deref(),
    ) {
        if found.is_none() {
            out.push(Flag::ruled(profile,
                FlagCode::FinanceFieldMissing,
                FlagCode::FinanceFieldMissing,
                Some(&f.subject),
                format!("{list}全文未写本市的“{}”：没有“{}”等表述，也没有“科技、绿色、普惠、养老、数字五大金融领域”一类的并列简称（仅作为短板、外地经验或上级要求提及的不算）。申报条件要求在科技金融、绿色金融、普惠金融、养老金融、数字金融方面具有特色优势，请核对。",
                    f.name,
                    f.words.iter().take(4).cloned().collect::<Vec<_>>().join("”“")),
                Vec::new(),
            ));
        }
    }
    out
}

/// Flags for the three-year risk record. Applications must state it (a hard condition); for
/// evaluations, what is disclosed is reported.
pub fn risk_flags(sub: &Submission, profile: &Profile) -> Vec<Flag> {
    let spec = &profile.rules.risk;
    let docs: Vec<&Document> = sub
        .documents
        .iter()
        .filter(|d| d.kind != DocKind::Indicators)
        .collect();
    let application = sub.meta.role == Some(Role::Application);
    let found = crate::check::risk::read_documents(spec, &docs, sub.meta.city.as_deref());
    let mut out = Vec::new();
    for kind in &spec.kind {
        let mut valid = false;
        let mut near: Vec<(Evidence, String)> = Vec::new();
        let mut events: Vec<(Evidence, Option<bool>, Option<String>)> = Vec::new();
        for f in found.iter().filter(|f| f.mention.subject == kind.subject) {
            let ev = clause_evidence(f.doc, f.block, &f.quote);
            match &f.mention.reading {
                Reading::Absence { valid: true, .. } => valid = true,
                Reading::Absence {
                    why_not: Some(w), ..
                } => near.push((ev, w.clone())),
                Reading::Absence { .. } => {}
                Reading::Plan => near.push((ev, "是工作要求或目标，不是已发生情况的记录".into())),
                Reading::Event {
                    above, level_text, ..
                } => events.push((ev, *above, level_text.clone())),
            }
        }
        let level = &kind.levels[kind.threshold];
        // "重大（Ⅱ级）" where the ladder has 级 spellings, else "重大".
        let threshold = match level.iter().skip(1).find(|x| x.ends_with('级')) {
            Some(grade) => format!("{}（{grade}）", level[0]),
            None => level[0].clone(),
        };
        let mut above_disclosed = false;
        for (ev, above, level) in events {
            let (key, message) = match (above, application) {
                (Some(true), true) => {
                    above_disclosed = true;
                    (SeverityKey::Code(FlagCode::RiskEventDisclosed), format!("材料披露发生{}（{}），达到{threshold}及以上，不符合申报条件“近三年未发生”的要求。请核实。", kind.name, level.unwrap_or_default()))
                }
                (Some(true), false) => (
                    SeverityKey::RiskEventDisclosedEvaluation,
                    format!(
                        "自评材料披露发生{}（{}），达到{threshold}及以上。请核实并在评估中考虑。",
                        kind.name,
                        level.unwrap_or_default()
                    ),
                ),
                (Some(false), _) => (
                    SeverityKey::RiskEventBelowThreshold,
                    format!(
                        "材料披露发生{}（{}），低于{threshold}，不影响条件，供参考。",
                        kind.name,
                        level.unwrap_or_default()
                    ),
                ),
                (None, _) => (
                    SeverityKey::RiskEventDisclosedEvaluation,
                    format!("材料披露发生{}，但未说明等级。请核实其等级。", kind.name),
                ),
            };
            out.push(Flag::ruled(
                profile,
                FlagCode::RiskEventDisclosed,
                key,
                Some(&kind.subject),
                message,
                vec![ev],
            ));
        }
        if application && !valid && !above_disclosed {
            let why = if near.is_empty() {
                String::new()
            } else {
                format!(
                    "找到的相关表述不能作为记录：{}。",
                    near.iter()
                        .map(|(_, w)| w.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                )
            };
            out.push(Flag::ruled(profile,
                FlagCode::RiskStatementMissing,
                FlagCode::RiskStatementMissing,
                Some(&kind.subject),
                format!(
                    "{}中未找到“近三年（2021年以来）未发生{threshold}及以上{}”的表述。{why}这是申报的硬性条件，请核实。",
                    names(&docs),
                    kind.name
                ),
                near.into_iter().map(|(e, _)| e).collect(),
            ));
        }
    }
    out
}
