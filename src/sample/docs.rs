//! Builds the content of each generated document as a list of [`Item`]s — what the writer lays out
//! and what the answer key says extraction must find.

use serde::Serialize;

use super::plan::{Continuation, PeriodPlan, RiskOutcome, SubPlan};
use super::prose::{self, fill, paragraph, Ctx, Group, SectionText};
use super::rng::Rng;
use super::CopyGuard;
use crate::document::text::to_chinese_number;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Title lines; joined they make the title.
    Title(Vec<String>),
    Heading {
        level: u8,
        label: String,
        text: String,
        /// Body text that follows the heading in the same paragraph (a run-in heading).
        run_in: Option<String>,
    },
    Para(String),
    /// A right-aligned closing line (issuer, date).
    Closing(String),
    /// Rows of cells; `merge_first_col` lists (first_row, last_row) vertical merges in column 0.
    Table {
        rows: Vec<Vec<String>>,
        merge_first_col: Vec<(usize, usize)>,
    },
}

/// A heading as the answer key states it: level and full text as extraction must return it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectedHeading {
    pub level: u8,
    pub text: String,
}

pub fn expected_headings(items: &[Item]) -> Vec<ExpectedHeading> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Heading {
                level,
                label,
                text,
                run_in,
            } => Some(ExpectedHeading {
                level: *level,
                text: format!("{label}{text}{}", if run_in.is_some() { "。" } else { "" }),
            }),
            _ => None,
        })
        .collect()
}

pub fn title_of(items: &[Item]) -> Option<String> {
    items.iter().find_map(|i| match i {
        Item::Title(lines) => Some(lines.concat()),
        _ => None,
    })
}

/// The status the answer key gives a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Thin,
    Missing,
}

/// A report under construction: items plus where each section ended up.
pub struct Report {
    pub items: Vec<Item>,
    pub sections: Vec<(&'static str, Status)>,
    /// Body paragraphs eligible as copy sources: (item index, section id).
    pub body: Vec<(usize, &'static str)>,
}

fn level1_label(n: usize) -> String {
    format!("{}、", to_chinese_number(n as u32))
}
fn level2_label(n: usize) -> String {
    format!("（{}）", to_chinese_number(n as u32))
}

/// A section's sentence templates; a plan planted with unquantified targets leaves out those that
/// set a number ("力争每年新增上市企业{d}家"), since a target anywhere in the plan counts.
fn sentences_for(plan: &SubPlan, s: &SectionText) -> Vec<&'static str> {
    s.sentences
        .iter()
        .copied()
        .filter(|t| plan.targets_quantified || !(t.contains("{d}") || t.contains("{a}")))
        .filter(|t| !leaves_out(plan, t))
        .collect()
}

/// What tells a reader the city does technology finance besides the words 科技金融: its products
/// (科创贷, 专利贷 …), 知识产权质押, 投贷联动, 科技支行, loans to 科技型 firms.
const TECH_FINANCE: &[&str] = &[
    "{product}",
    "知识产权",
    "专利",
    "投贷联动",
    "科创",
    "科技支行",
    "科技企业",
    "科技型",
];

/// Whether a plan that leaves a financial field out must leave this text out too.
fn leaves_out(plan: &SubPlan, text: &str) -> bool {
    plan.missing_finance.contains(&"technology") && TECH_FINANCE.iter().any(|m| text.contains(m))
}

/// Builds a report after an outline, honouring the plan's missing, thin, merged and combined sections.
/// `extra` supplies section-specific paragraphs (targets, schedule, practices, risk statements ...).
#[allow(clippy::too_many_arguments)]
fn build_outline(
    outline: &[Group],
    plan: &SubPlan,
    ctx: &Ctx,
    rng: &mut Rng,
    guard: &mut CopyGuard,
    title: Vec<String>,
    opening: String,
    extra: &mut dyn FnMut(&'static str, &mut Rng, &mut CopyGuard) -> Vec<String>,
) -> Report {
    let mut items = vec![Item::Title(title), Item::Para(opening)];
    let mut sections = Vec::new();
    let mut body = Vec::new();
    let mut n1 = 0;
    let combined = plan.combined_heading;
    for group in outline {
        let present: Vec<&SectionText> = group
            .sections
            .iter()
            .filter(|s| {
                !plan.missing_sections.contains(&s.id)
                    && !plan.merged_sections.iter().any(|m| m.0 == s.id)
            })
            .filter(|s| combined.is_none_or(|(_, second)| second != s.id))
            .collect();
        for s in group.sections {
            if plan.missing_sections.contains(&s.id) {
                sections.push((s.id, Status::Missing));
            }
        }
        if present.is_empty() {
            continue;
        }
        n1 += 1;
        // A group holding a single section with no titles of its own (targets, schedule) is that section.
        let single =
            group.sections.len() == 1 || group.sections.iter().all(|s| s.titles.is_empty());
        items.push(Item::Heading {
            level: 1,
            label: level1_label(n1),
            text: rng.pick(group.titles).to_string(),
            run_in: None,
        });
        let mut n2 = 0;
        for s in present {
            let thin = plan.thin_sections.contains(&s.id);
            let is_leaf_group = single || s.titles.is_empty();
            if !is_leaf_group {
                n2 += 1;
                let text = match combined {
                    Some((first, second)) if first == s.id => {
                        let other = group
                            .sections
                            .iter()
                            .find(|x| x.id == second)
                            .map_or("", |x| x.titles[0]);
                        let a = s.titles[0].trim_end_matches("保障");
                        format!("{a}和{other}")
                    }
                    _ => rng.pick(s.titles).to_string(),
                };
                items.push(Item::Heading {
                    level: 2,
                    label: level2_label(n2),
                    text,
                    run_in: None,
                });
            }
            sections.push((s.id, if thin { Status::Thin } else { Status::Present }));
            if let Some((first, second)) = combined {
                if first == s.id {
                    sections.push((second, Status::Present));
                }
            }
            if thin {
                items.push(Item::Para(fill(rng.pick(s.thin), ctx, rng)));
                continue;
            }
            let sentences = sentences_for(plan, s);
            let mut paras: Vec<String> = extra(s.id, rng, guard);
            if paras.is_empty() || !sentences.is_empty() && paras.len() < 2 {
                let k = rng.range(1, 2) as usize;
                for _ in 0..k {
                    paras.push(guard.paragraph(plan.index, s.id, &sentences, ctx, rng));
                }
            }
            // Sections merged into this one leave a paragraph here, with no heading of their own.
            for (merged, into) in &plan.merged_sections {
                if *into == s.id {
                    if let Some(m) = group
                        .sections
                        .iter()
                        .chain(outline.iter().flat_map(|g| g.sections))
                        .find(|x| x.id == *merged)
                    {
                        let merged_sentences = sentences_for(plan, m);
                        paras.push(guard.paragraph(plan.index, m.id, &merged_sentences, ctx, rng));
                        sections.push((m.id, Status::Present));
                    }
                }
            }
            // A leaf section with sub-points (the plan's tasks): each a level-2 heading and a paragraph.
            if is_leaf_group && !s.subheads.is_empty() {
                let k = rng.range(3, s.subheads.len() as u64) as usize;
                let heads = rng.sample(s.subheads, k);
                for (k, h) in heads.iter().enumerate() {
                    items.push(Item::Heading {
                        level: 2,
                        label: level2_label(k + 1),
                        text: h.to_string(),
                        run_in: None,
                    });
                    body.push((items.len(), s.id));
                    items.push(Item::Para(
                        guard.paragraph(plan.index, s.id, &sentences, ctx, rng),
                    ));
                }
                continue;
            }
            // Level-3 items: headed sub-points or run-in leads ("1.加强组织领导。成立……").
            if !s.subheads.is_empty() && rng.chance(0.5) && !is_leaf_group {
                let run_in = rng.chance(0.5);
                let heads = rng.sample(s.subheads, 2.min(s.subheads.len()));
                for (k, h) in heads.iter().enumerate() {
                    let text = guard.paragraph(plan.index, s.id, &sentences, ctx, rng);
                    if run_in {
                        items.push(Item::Heading {
                            level: 3,
                            label: format!("{}.", k + 1),
                            text: h.to_string(),
                            run_in: Some(text),
                        });
                    } else {
                        items.push(Item::Heading {
                            level: 3,
                            label: format!("{}.", k + 1),
                            text: h.to_string(),
                            run_in: None,
                        });
                        body.push((items.len(), s.id));
                        items.push(Item::Para(text));
                    }
                }
            }
            for p in paras {
                body.push((items.len(), s.id));
                items.push(Item::Para(p));
            }
        }
    }
    Report {
        items,
        sections,
        body,
    }
}

/// The self-evaluation report.
pub fn self_evaluation(plan: &SubPlan, ctx: &Ctx, rng: &mut Rng, guard: &mut CopyGuard) -> Report {
    let title = if rng.chance(0.5) {
        vec![
            format!("{}国家产融合作试点城市", plan.city),
            "自评报告".to_string(),
        ]
    } else {
        vec![format!("{}国家产融合作试点城市自评报告", plan.city)]
    };
    let opening = prose::opening(ctx, true, rng);
    let mut table_done = false;
    let mut extra = |id: &'static str, rng: &mut Rng, guard: &mut CopyGuard| -> Vec<String> {
        let mut out = Vec::new();
        if id == "experience.distilled" {
            for p in &plan.practices {
                let practice = prose::PRACTICES
                    .iter()
                    .find(|x| x.id == *p)
                    .expect("known practice");
                out.push(guard.accept(plan.index, id, rng, |rng| {
                    let mut s = fill(rng.pick(practice.descriptions), ctx, rng);
                    s.push_str(&paragraph(EXPERIENCE_CONTEXT, 2, ctx, rng));
                    s
                }));
            }
        }
        if id.starts_with("results.") && !table_done {
            table_done = true;
            let sentences = prose::section_text(prose::SELF_EVALUATION, id).sentences;
            out.push(guard.accept(plan.index, id, rng, |rng| {
                let k = rng.range(2, 3) as usize;
                paragraph(sentences, k, ctx, rng) + &quote_sentences(plan, ctx, rng)
            }));
        }
        out
    };
    let mut report = build_outline(
        prose::SELF_EVALUATION,
        plan,
        ctx,
        rng,
        guard,
        title,
        opening,
        &mut extra,
    );
    insert_indicator_table(&mut report, plan, ctx);
    if let Some(e) = &plan.earlier {
        insert_after_table(
            &mut report,
            super::earlier::report_items(plan, e, ctx, &mut rng.fork(30_000)),
        );
    }
    // A closing section outside the outline, as real reports have.
    let n1 = report
        .items
        .iter()
        .filter(|i| matches!(i, Item::Heading { level: 1, .. }))
        .count()
        + 1;
    report.items.push(Item::Heading {
        level: 1,
        label: level1_label(n1),
        text: rng
            .pick(&[
                "存在问题和下一步工作",
                "下一步工作打算",
                "存在的不足及下一步计划",
            ])
            .to_string(),
        run_in: None,
    });
    let mut last = fill(
        "试点工作虽取得积极成效，但仍存在金融资源向中小企业倾斜不够、直接融资比重偏低等问题。下一步，{city}将[持续|进一步]深化产融合作，巩固试点成果。",
        ctx,
        rng,
    );
    if let Some(event) = &plan.evaluation_event {
        last.push_str(event);
    }
    report.items.push(Item::Para(last));
    report
}

/// Sentences framing a practice in the typical-experience section (independent of the practice).
const EXPERIENCE_CONTEXT: &[&str] = &[
    "这一做法[有效|切实]缓解了轻资产企业融资难问题。",
    "该模式已在{a}个园区推开，得到企业和金融机构普遍认可。",
    "实践表明，财政资金“四两拨千斤”的撬动作用十分明显。",
    "相关做法被省级部门作为典型案例印发交流。",
    "通过政府增信，合作银行风险容忍度明显提高。",
    "下一步将扩大覆盖范围，形成长效机制。",
];

/// A sentence quoting workbook values, so the narrative can be held to the workbook.
fn quote_sentences(plan: &SubPlan, ctx: &Ctx, rng: &mut Rng) -> String {
    let mut ids: Vec<&str> = vec![
        "manufacturing_loans",
        "inclusive_sme_loans",
        "platform_firms",
        "gdp",
    ];
    rng.shuffle(&mut ids);
    if let Some(m) = &plan.mismatch {
        ids.retain(|i| *i != m.id.as_str());
        ids.insert(0, m.id.as_str());
    }
    let mut s = String::new();
    for id in ids.iter().take(3) {
        let (_, _, name, unit) = super::indicators::TEMPLATE
            .iter()
            .find(|t| t.0 == *id)
            .expect("template id");
        let value = match &plan.mismatch {
            Some(m) if m.id == *id => m.quoted,
            _ => ctx.values[*id],
        };
        s.push_str(&fill(
            &format!(
                "2023年[末|底]，[全市|我市]{name}[达到|为]{}{unit}。",
                super::format_value(unit, value)
            ),
            ctx,
            rng,
        ));
    }
    s
}

/// A table of key indicators after the first results paragraph, category merged in column 0.
fn insert_indicator_table(report: &mut Report, plan: &SubPlan, ctx: &Ctx) {
    let Some(pos) = report
        .items
        .iter()
        .position(|i| matches!(i, Item::Heading { level: 1, text, .. } if text.contains("成效")))
    else {
        return;
    };
    let ids = [
        "gdp",
        "industry_value_added",
        "manufacturing_loans",
        "inclusive_sme_loans",
    ];
    let mut rows = vec![vec![
        "指标类别".to_string(),
        "指标名称".into(),
        "2021年".into(),
        "2022年".into(),
        "2023年".into(),
    ]];
    for id in ids {
        let (_, cat, name, unit) = super::indicators::TEMPLATE
            .iter()
            .find(|t| t.0 == id)
            .expect("template id");
        let mut row = vec![cat.to_string(), format!("{name}（{unit}）")];
        for y in super::indicators::YEARS {
            row.push(super::format_value(unit, plan.values[id][&y]));
        }
        rows.push(row);
    }
    let _ = ctx;
    report
        .items
        .insert(pos + 1, Item::Para("试点以来主要指标情况见表1。".into()));
    report.items.insert(
        pos + 2,
        Item::Table {
            rows,
            merge_first_col: vec![(1, 2), (3, 4)],
        },
    );
    for b in &mut report.body {
        if b.0 > pos {
            b.0 += 2;
        }
    }
}

/// Inserts `items` after the first table of the report (the indicator table), keeping the copy
/// sources' item numbers right.
fn insert_after_table(report: &mut Report, items: Vec<Item>) {
    let Some(pos) = report
        .items
        .iter()
        .position(|i| matches!(i, Item::Table { .. }))
    else {
        return;
    };
    let n = items.len();
    for (k, item) in items.into_iter().enumerate() {
        report.items.insert(pos + 1 + k, item);
    }
    for b in &mut report.body {
        if b.0 > pos {
            b.0 += n;
        }
    }
}

/// The implementation plan (an application's, or a continuing city's new one).
pub fn implementation_plan(
    plan: &SubPlan,
    ctx: &Ctx,
    rng: &mut Rng,
    guard: &mut CopyGuard,
) -> Report {
    let years = match plan.period {
        PeriodPlan::Three => Some((2024, 2026)),
        PeriodPlan::NotThree(a, b) => Some((a, b)),
        PeriodPlan::Missing => None,
    };
    // What real plans are called: 实施方案, 实施计划, 工作方案, 三年行动计划 (only for three years).
    let name = match years {
        Some((a, b)) if b == a + 2 => rng.pick(&[
            "试点实施方案",
            "试点实施计划",
            "试点工作方案",
            "试点三年行动计划",
        ]),
        _ => rng.pick(&["试点实施方案", "试点实施计划", "试点工作方案"]),
    };
    let head = format!("{}国家产融合作{name}", plan.city);
    let title = match years {
        Some((a, b)) => vec![format!("{head}（{a}—{b}年）")],
        None => vec![head],
    };
    let opening = prose::opening(ctx, false, rng);
    let end = years.map(|y| y.1);
    let mut extra = |id: &'static str, rng: &mut Rng, guard: &mut CopyGuard| -> Vec<String> {
        match id {
            "foundation.finance" => {
                let mut fields = String::new();
                for (key, _, options) in prose::FINANCE_FIELDS {
                    if !plan.missing_finance.contains(key) {
                        fields.push_str(&fill(rng.pick(options), ctx, rng));
                    }
                }
                let sentences = prose::section_text(prose::IMPLEMENTATION_PLAN, id).sentences;
                let mut v = vec![guard.accept(plan.index, id, rng, |rng| {
                    paragraph(sentences, 2, ctx, rng) + &fields
                })];
                if plan.role_is_application {
                    v.push(risk_paragraph(plan, ctx, rng));
                }
                v
            }
            "foundation.industry" if plan.role_is_application => {
                let sentences = prose::section_text(prose::IMPLEMENTATION_PLAN, id).sentences;
                vec![guard.accept(plan.index, id, rng, |rng| {
                    let k = rng.range(2, 3) as usize;
                    paragraph(sentences, k, ctx, rng) + &quote_sentences(plan, ctx, rng)
                })]
            }
            "approach" => {
                // The period as plans state it: a sentence naming it, a forward-looking length, a
                // start and an end — or only the title. Drawn with the paragraph, so the copy guard
                // judges the text as written.
                let sentences = prose::section_text(prose::IMPLEMENTATION_PLAN, id).sentences;
                vec![guard.accept(plan.index, id, rng, |rng| {
                    let k = rng.range(3, 4) as usize;
                    let mut p = paragraph(sentences, k, ctx, rng);
                    match plan.period {
                        PeriodPlan::Three => p.push_str(rng.pick(&[
                            "试点实施期为2024—2026年。",
                            "试点期限三年，自2024年起至2026年止。",
                            "本方案实施期为2024年至2026年。",
                            "力争通过三年时间，基本建成与新型工业化相适应的产融合作体系。",
                            "计划通过三年的持续推进，形成金融支持制造业的长效机制。",
                            "用三年左右时间，打造产融合作示范城市。",
                            "",
                        ])),
                        PeriodPlan::NotThree(a, b) => {
                            p.push_str(&format!("试点实施期为{a}—{b}年。"))
                        }
                        PeriodPlan::Missing => {}
                    }
                    p
                })]
            }
            "targets" => {
                let mut paragraphs = vec![targets_paragraph(plan, ctx, end, rng, guard)];
                paragraphs.extend(implausible_target(plan, end));
                paragraphs
            }
            "schedule" => schedule_paragraphs(years, rng),
            _ => Vec::new(),
        }
    };
    build_outline(
        prose::IMPLEMENTATION_PLAN,
        plan,
        ctx,
        rng,
        guard,
        title,
        opening,
        &mut extra,
    )
}

/// Goals without a number (for plans planted with unquantified targets).
const VAGUE_TARGETS: &[&str] = &[
    "{city}产融合作水平[显著|明显]提升",
    "金融服务制造业能力[明显|进一步]增强",
    "企业融资环境[持续|不断]改善",
    "产业与金融良性循环的格局基本形成",
    "一批可复制可推广的经验做法得到总结",
    "产融合作平台的服务功能更加完善",
    "重点产业链的金融供给更加充分",
    "直接融资比重稳步提高",
    "金融风险防控能力[有效|明显]增强",
];

/// Goals with numbers; `{t:id}` is the plan's target for an indicator.
const NUMBER_TARGETS: &[&str] = &[
    "[全市|我市]制造业贷款余额达到{t:manufacturing_loans}亿元",
    "制造业贷款年均增长{p}%以上",
    "境内外上市公司达到{t:listed_companies}家",
    "国家产融合作平台注册企业数量达到{t:platform_firms}家",
    "政府引导基金规模达到{t:guidance_funds}亿元",
    "普惠小微贷款余额达到{t:inclusive_sme_loans}亿元",
    "专精特新中小企业达到{t:specialized_smes}家",
    "新增知识产权质押融资{a}亿元以上",
    "培育上市后备企业{a}0家",
];

fn targets_paragraph(
    plan: &SubPlan,
    ctx: &Ctx,
    end: Option<u16>,
    rng: &mut Rng,
    guard: &mut CopyGuard,
) -> String {
    let when = end.map_or("到试点期末".to_string(), |e| format!("到{e}年"));
    let t = |text: &str| {
        let mut out = text.to_string();
        for (id, _, _, unit) in super::indicators::TEMPLATE {
            out = out.replace(
                &format!("{{t:{id}}}"),
                &super::format_value(unit, plan.targets[*id]),
            );
        }
        out
    };
    guard.accept(plan.index, "targets", rng, |rng| {
        let (pool, k, joiner) = if plan.targets_quantified {
            (NUMBER_TARGETS, 4, "；")
        } else {
            (VAGUE_TARGETS, 4, "，")
        };
        let pool: Vec<&str> = pool
            .iter()
            .copied()
            .filter(|t| !leaves_out(plan, t))
            .collect();
        let clauses: Vec<String> = rng
            .sample(&pool, k)
            .into_iter()
            .map(|c| fill(&t(c), ctx, rng))
            .collect();
        let close = rng.pick(&[
            "产融合作体制机制更加完善。",
            "形成产业与金融良性互动的发展格局。",
            "试点示范效应充分显现。",
        ]);
        format!("{when}，{}。{close}", clauses.join(joiner))
    })
}

/// A target planted below what the city's own workbook says it reached in 2023 (TARGET_IMPLAUSIBLE).
fn implausible_target(plan: &SubPlan, end: Option<u16>) -> Option<String> {
    let id = plan.implausible?;
    let (_, _, name, unit) = super::indicators::TEMPLATE.iter().find(|t| t.0 == id)?;
    let low = (plan.values[id][&2023] * 0.8).floor();
    let when = end.map_or("到试点期末".to_string(), |e| format!("到{e}年"));
    Some(format!(
        "{when}，{}力争达到{}{unit}。",
        name.trim_end_matches("数量"),
        super::format_value(unit, low)
    ))
}

fn schedule_paragraphs(years: Option<(u16, u16)>, rng: &mut Rng) -> Vec<String> {
    match years {
        // Phases dated by months: none of them is the plan's period.
        Some((a, b)) if b == a + 2 && rng.chance(0.5) => vec![
            format!("第一阶段：启动实施（{a}年1月—{a}年6月）。制定工作要点，完善政策体系，启动产融合作平台升级。"),
            format!("第二阶段：全面推进（{a}年7月—{}年12月）。推进各项重点任务，组织银企对接，滚动推进重点项目融资。", a + 1),
            format!("第三阶段：总结评估（{b}年1月—{b}年12月）。开展试点评估，总结推广典型经验。"),
        ],
        Some((a, b)) if b > a => {
            let mid: Vec<String> = (a + 1..b).map(|y| format!("{y}年")).collect();
            vec![
                format!("第一阶段（{a}年）：动员部署。制定年度工作要点，完善政策体系，启动产融合作平台升级。"),
                format!(
                    "第二阶段（{}）：全面实施。推进各项重点任务，组织银企对接，滚动推进重点项目融资。",
                    if mid.is_empty() { format!("{b}年上半年") } else { mid.join("—") }
                ),
                format!("第三阶段（{b}年）：总结提升。开展试点评估，总结推广典型经验。"),
            ]
        }
        Some((a, _)) => vec![format!("{a}年全面实施各项任务并开展总结评估。")],
        None => vec![
            "第一阶段：动员部署。制定工作要点，完善政策体系，启动产融合作平台升级。".into(),
            "第二阶段：全面实施。推进各项重点任务，组织银企对接，滚动推进重点项目融资。".into(),
            "第三阶段：总结提升。开展试点评估，总结推广典型经验。".into(),
        ],
    }
}

/// Statements of the risk record (applications), as planned per kind.
fn risk_paragraph(plan: &SubPlan, ctx: &Ctx, rng: &mut Rng) -> String {
    let all_stated = plan.risk.iter().all(|(_, o)| *o == RiskOutcome::Stated);
    let mut s = String::new();
    if all_stated && plan.risk_combined {
        return fill(rng.pick(prose::RISK_COMBINED), ctx, rng)
            + "全市安全生产形势总体稳定，金融生态环境持续优化。";
    }
    for (kind, outcome) in &plan.risk {
        let single = prose::RISK_SINGLE
            .iter()
            .find(|x| x.0 == *kind)
            .map(|x| x.1)
            .unwrap_or(&[]);
        match outcome {
            RiskOutcome::Stated => s.push_str(&fill(rng.pick(single), ctx, rng)),
            RiskOutcome::Missing => {}
            RiskOutcome::PlanOnly => {
                s.push_str(
                    prose::RISK_PLAN_ONLY
                        .iter()
                        .find(|x| x.0 == *kind)
                        .map_or("", |x| x.1),
                );
            }
            RiskOutcome::Disclosed { sentence, .. } => s.push_str(sentence),
        }
    }
    if s.is_empty() {
        s.push_str("全市经济运行总体平稳。");
    }
    s
}

/// The cover letter.
pub fn letter(plan: &SubPlan, ctx: &Ctx, rng: &mut Rng) -> Vec<Item> {
    let city = &plan.city;
    let recipient = format!("{}：", plan.letter_recipient);
    let mut items = Vec::new();
    if plan.role_is_application {
        let issuer = if plan.letter_issuer_wrong {
            format!("{city}工业和信息化局")
        } else {
            format!("{city}人民政府")
        };
        items.push(Item::Title(vec![format!(
            "{issuer}关于申报第三批国家产融合作试点城市的函"
        )]));
        items.push(Item::Para(recipient));
        items.push(Item::Para(fill(
            &format!("{}我市高度重视产融合作工作，经认真研究，决定申报第三批国家产融合作试点城市。现将《{city}国家产融合作试点实施方案》、试点指标数据及相关证明材料随函报送，请予审核。", prose::NOTICE_QUOTE),
            ctx,
            rng,
        )));
        items.push(Item::Para("我市承诺所报材料完整、真实、合规。".into()));
        items.push(Item::Para("特此函告。".into()));
        items.push(Item::Para(
            "附件：1.实施方案；2.试点指标数据；3.证明材料".into(),
        ));
        items.push(Item::Closing(issuer));
    } else {
        let issuer = format!("{city}工业和信息化局");
        let title = match plan.continuation {
            Some(Continuation::Continue) if rng.chance(0.3) => {
                format!("关于报送{city}国家产融合作试点城市评估材料并申请延续试点的函")
            }
            _ => format!("关于报送{city}国家产融合作试点城市评估材料的函"),
        };
        items.push(Item::Title(vec![title]));
        items.push(Item::Para(recipient));
        items.push(Item::Para(format!(
            "{}我局会同市财政局、人民银行{}分行等部门对试点工作进行了全面自评，现将自评报告、试点指标数据和证明材料报送你厅，请予审核。",
            prose::NOTICE_QUOTE, ctx.short
        )));
        // The notice's own word is 延续; letters also write 继续. The rule quoted back decides nothing.
        match plan.continuation {
            Some(Continuation::Continue) => items.push(Item::Para(
                rng.pick(&[
                    "经市政府同意，我市申请延续国家产融合作试点，并随函附送《{city}国家产融合作试点实施方案（2024—2026年）》。",
                    "经市政府同意，我市申请继续开展国家产融合作试点，并随函附送《{city}国家产融合作试点实施方案（2024—2026年）》。",
                    "按照通知“如需延续试点，请在函件中明确”的要求，现明确如下：{city}申请延续国家产融合作试点，新的试点实施方案随函报送。",
                    "我市有意愿、有条件继续开展国家产融合作试点，恳请继续将我市纳入国家产融合作试点城市范围，新的试点实施方案一并报送。",
                ])
                .replace("{city}", city),
            )),
            Some(Continuation::End) => items.push(Item::Para(rng.pick(&[
                "经研究，我市不再申请继续开展国家产融合作试点。",
                "经市政府研究，我市不再申请延续国家产融合作试点。",
                "综合考虑各方面因素，我市暂不申请延续国家产融合作试点。",
            ]).to_string())),
            _ if rng.chance(0.5) => items.push(Item::Para(
                "根据通知“如未明确申请延续试点或未及时报送评估材料，视同结束试点工作”的要求，我局按时完成了评估材料编制。".into(),
            )),
            _ => {}
        }
        items.push(Item::Para("特此函告。".into()));
        items.push(Item::Closing(issuer));
    }
    items.push(Item::Closing(plan.letter_date_text()));
    items
}

/// The evidence file: a list of supporting documents in a table.
pub fn evidence(plan: &SubPlan, rng: &mut Rng) -> Vec<Item> {
    let city = &plan.city;
    let docs = [
        format!("《{city}关于深化产融合作推动制造业高质量发展的若干措施》"),
        format!("《{city}产融合作试点工作领导小组成立通知》"),
        format!("《{city}制造业企业贷款贴息管理办法》"),
        format!("《{city}政府引导基金管理办法》"),
        format!("《{city}知识产权质押融资风险补偿资金管理办法》"),
    ];
    let mut rows = vec![vec![
        "序号".to_string(),
        "文件名称".into(),
        "文号".into(),
        "印发时间".into(),
    ]];
    for (i, d) in rng.sample(&docs, 4).into_iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            d,
            format!(
                "{}政发〔{}〕{}号",
                plan.short,
                rng.range(2020, 2023),
                rng.range(1, 60)
            ),
            format!("{}年{}月", rng.range(2020, 2023), rng.range(1, 12)),
        ]);
    }
    vec![
        Item::Title(vec![format!("{city}国家产融合作试点证明材料汇编")]),
        Item::Para("本汇编收录试点期间出台的主要政策文件，原件另附。".into()),
        Item::Table {
            rows,
            merge_first_col: Vec::new(),
        },
    ]
}
