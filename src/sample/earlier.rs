//! Earlier implementation plans (2021—2023年) of evaluation cities, and what their self-evaluation
//! reports say was achieved: the material of the targets ledger (`check::ledger`).
//!
//! Each target is drawn against the city's 2023 workbook values, so its outcome is known before a
//! word is written: met or not met from the report's sentence (sometimes in 万元 where the plan
//! wrote 亿元, or the other way round) or from the workbook alone, and not reported when neither
//! states the target year's figure (a blank workbook cell, a 2022 figure only, an indicator no
//! workbook row carries). Plans also carry figures that are not targets: 2020 bases in the
//! foundation chapter, policy parameters (最高奖励), time limits.

use serde::Serialize;

use super::docs::Item;
use super::indicators::{CellDefect, TEMPLATE};
use super::plan::SubPlan;
use super::prose::{fill, Ctx};
use super::rng::Rng;

/// The earlier plan's period.
pub const PERIOD: (u16, u16) = (2021, 2023);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    NotReported,
}

/// How a target is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    /// 达到/突破/不低于…以上
    #[serde(rename = ">=")]
    AtLeast,
    /// 控制在…以内
    #[serde(rename = "<=")]
    AtMost,
    /// 年均增长…以上 (a rate in %)
    #[serde(rename = "growth>=")]
    Growth,
}

/// Where the achievement is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A sentence of the self-evaluation report (the workbook agrees where it has the row).
    Report,
    /// Only the workbook's 2023 cell.
    Workbook,
    /// The report gives the figure for 2022 only: not the target year's.
    EarlierYearOnly,
    /// Nowhere.
    Nowhere,
}

/// One quantified target of the earlier plan and its planted outcome.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierTarget {
    /// An indicator id of the template, or None for an indicator no workbook row carries.
    pub indicator: Option<&'static str>,
    /// The indicator as the plan and the report write it.
    pub name: &'static str,
    /// The target in the plan's unit.
    pub value: f64,
    pub unit: &'static str,
    pub comparator: Comparator,
    pub year: u16,
    /// The achieved figure in the plan's unit, when the report or the workbook states it.
    pub achieved: Option<f64>,
    pub source: Source,
    /// The report writes the figure in 万元 where the plan writes 亿元 (or the other way round).
    pub unit_changed: bool,
    pub status: Outcome,
}

/// A city's earlier plan: its targets, whether they stand in a target table, and its file name.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierPlan {
    pub targets: Vec<EarlierTarget>,
    pub table: bool,
}

/// Indicators an earlier plan sets a level for: (template id, the name written).
const LEVELS: &[(&str, &str)] = &[
    ("manufacturing_loans", "制造业贷款余额"),
    ("inclusive_sme_loans", "普惠小微贷款余额"),
    ("green_loans", "绿色贷款余额"),
    ("tech_firm_loans", "科技型企业贷款余额"),
    ("listed_companies", "境内外上市公司"),
    ("specialized_smes", "专精特新中小企业"),
    ("platform_firms", "国家产融合作平台注册企业"),
    ("guidance_funds", "政府引导基金规模"),
    ("guarantee_balance", "政府性融资担保机构在保余额"),
];

/// Indicators whose 2023 value the generated self-evaluation may state anyway: those its results
/// section quotes (`docs::quote_sentences`) and those its prose templates name (`{v:id}`). A
/// target on one of them is always stated by the report, so it is never planted as not reported.
const MENTIONED: &[&str] = &[
    "manufacturing_loans",
    "inclusive_sme_loans",
    "platform_firms",
    "gdp",
    "green_loans",
    "specialized_smes",
    "high_tech_firms",
    "ip_pledge_financing",
    "guidance_funds",
    "listed_companies",
    "industrial_firms",
    "risk_compensation_pool",
];

/// An indicator of the programme no workbook template row carries.
const UNTRACKED: &str = "科技金融专营机构";

fn unit_of(id: &str) -> &'static str {
    TEMPLATE.iter().find(|t| t.0 == id).map_or("", |t| t.3)
}

/// The 2023 workbook value of an indicator, unless a planted defect (or a missing workbook)
/// leaves none.
fn workbook_2023(p: &SubPlan, id: &str) -> Option<f64> {
    if p.missing_docs.contains(&"indicators") {
        return None;
    }
    let defective = p.cell_defects.iter().any(|d| match d {
        CellDefect::Empty { id: i, year, .. } | CellDefect::Invalid { id: i, year, .. } => {
            i == id && *year == 2023
        }
        CellDefect::RowMissing { id: i } => i == id,
    });
    if defective {
        return None;
    }
    p.values.get(id).and_then(|v| v.get(&2023)).copied()
}

/// A round target below (met) or above (not met) the achieved `v`: whole numbers, tens above 100.
fn round_target(v: f64, met: bool, rng: &mut Rng) -> f64 {
    let aim = if met {
        v * rng.float(0.78, 0.95)
    } else {
        v * rng.float(1.08, 1.3)
    };
    let step = if aim >= 100.0 { 10.0 } else { 1.0 };
    let t = if met {
        (aim / step).floor() * step
    } else {
        (aim / step).ceil() * step
    };
    t.max(1.0)
}

/// The plan drawn for an evaluation city. `fixed`: the scenario's outcomes for its level
/// targets, in order (random ones are drawn when empty).
pub fn draw(p: &SubPlan, fixed: &[Outcome], rng: &mut Rng) -> EarlierPlan {
    // A growth target on technology loans leaves their level to no other target.
    let growth = rng.chance(0.5);
    let mut levels: Vec<(&'static str, &'static str)> = LEVELS
        .iter()
        .copied()
        .filter(|(id, _)| p.mismatch.as_ref().is_none_or(|m| m.id != *id))
        .filter(|(id, _)| !(growth && *id == "tech_firm_loans"))
        // A report planted without its green chapter says nothing of green loans.
        .filter(|(id, _)| !(*id == "green_loans" && p.missing_sections.contains(&"results.green")))
        .collect();
    rng.shuffle(&mut levels);
    // A planted blank 2023 cell gets a target: the workbook then cannot answer for it.
    if let Some(pos) = levels
        .iter()
        .position(|(id, _)| workbook_2023(p, id).is_none() && !MENTIONED.contains(id))
    {
        let l = levels.remove(pos);
        levels.insert(0, l);
    }
    let n = if fixed.is_empty() {
        rng.range(3, 5) as usize
    } else {
        fixed.len()
    };
    let mut targets = Vec::new();
    for (k, (id, name)) in levels.into_iter().take(n).enumerate() {
        let v = p.values[id][&2023];
        let book = workbook_2023(p, id);
        let want = fixed.get(k).copied().unwrap_or(if rng.chance(0.7) {
            Outcome::Met
        } else {
            Outcome::NotMet
        });
        let unit = unit_of(id);
        let value = round_target(v, want != Outcome::NotMet, rng);
        // Which document states it: the report (always for the figures its results section
        // quotes anyway), or only the workbook; neither when the workbook's cell is blank.
        let source = if MENTIONED.contains(&id) || book.is_some() && rng.chance(0.6) {
            Source::Report
        } else if book.is_some() {
            Source::Workbook
        } else {
            Source::Nowhere
        };
        let status = match source {
            Source::Nowhere | Source::EarlierYearOnly => Outcome::NotReported,
            _ if v >= value => Outcome::Met,
            _ => Outcome::NotMet,
        };
        targets.push(EarlierTarget {
            indicator: Some(id),
            name,
            value,
            unit,
            comparator: Comparator::AtLeast,
            year: PERIOD.1,
            achieved: (status != Outcome::NotReported).then_some(v),
            source,
            unit_changed: unit == "亿元" && source == Source::Report && rng.chance(0.35),
            status,
        });
    }
    // An upper bound: the non-performing loan ratio.
    if let Some(v) = p.values.get("npl_ratio").map(|v| v[&2023]) {
        if rng.chance(0.7) {
            let met = rng.chance(0.75);
            let value = if met {
                ((v + rng.float(0.1, 0.6)) * 2.0).ceil() / 2.0
            } else {
                ((v - rng.float(0.2, 0.4)) * 10.0).floor().max(1.0) / 10.0
            };
            let source = if workbook_2023(p, "npl_ratio").is_some() && rng.chance(0.5) {
                Source::Workbook
            } else {
                Source::Report
            };
            targets.push(EarlierTarget {
                indicator: Some("npl_ratio"),
                name: "银行业不良贷款率",
                value,
                unit: "%",
                comparator: Comparator::AtMost,
                year: PERIOD.1,
                achieved: Some(v),
                source,
                unit_changed: false,
                status: if v <= value {
                    Outcome::Met
                } else {
                    Outcome::NotMet
                },
            });
        }
    }
    // A growth rate, stated only in the report.
    if growth {
        let value = rng.pick(&[10.0, 12.0, 15.0]);
        let achieved = (rng.float(value - 4.0, value + 6.0) * 10.0).round() / 10.0;
        targets.push(EarlierTarget {
            indicator: None,
            name: "科技型企业贷款",
            value,
            unit: "%",
            comparator: Comparator::Growth,
            year: PERIOD.1,
            achieved: Some(achieved),
            source: Source::Report,
            unit_changed: false,
            status: if achieved >= value {
                Outcome::Met
            } else {
                Outcome::NotMet
            },
        });
    }
    // An indicator no workbook row carries: reported for 2022 only, or not at all.
    if rng.chance(0.5) || fixed.contains(&Outcome::NotReported) {
        let value = rng.range(5, 12) as f64;
        targets.push(EarlierTarget {
            indicator: None,
            name: UNTRACKED,
            value,
            unit: "家",
            comparator: Comparator::AtLeast,
            year: PERIOD.1,
            achieved: None,
            source: if rng.chance(0.5) {
                Source::EarlierYearOnly
            } else {
                Source::Nowhere
            },
            unit_changed: false,
            status: Outcome::NotReported,
        });
    }
    EarlierPlan {
        table: rng.chance(0.4),
        targets,
    }
}

fn num(unit: &str, v: f64) -> String {
    if unit == "家" || v.fract() == 0.0 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The plan's clause for a target (no year: the lead-in or the table gives it).
fn clause(t: &EarlierTarget, ctx: &Ctx, rng: &mut Rng) -> String {
    let v = num(t.unit, t.value);
    let text = match (t.comparator, t.unit) {
        (Comparator::AtMost, _) => format!("{}控制在{v}%以内", t.name),
        (Comparator::Growth, _) => format!("{}年均增长{v}%以上", t.name),
        (_, "家") if t.name == UNTRACKED => {
            format!("[设立|引进]科技支行等{}{v}家以上", t.name)
        }
        (_, "家") => format!("{}[达到|超过]{v}家", t.name),
        _ => format!("{}[达到|突破|不低于]{v}{}", t.name, t.unit),
    };
    fill(&text, ctx, rng)
}

/// The earlier plan as a document: title with its period, a foundation chapter with 2020 figures,
/// goals (a sentence, numbered items or a target table), tasks with policy parameters, guarantees.
pub fn document(p: &SubPlan, e: &EarlierPlan, ctx: &Ctx, rng: &mut Rng) -> Vec<Item> {
    let mut items = vec![Item::Title(vec![
        format!("{}国家产融合作试点城市实施方案", p.city),
        format!("（{}—{}年）", PERIOD.0, PERIOD.1),
    ])];
    items.push(Item::Para(fill(
        "为[深入贯彻|全面落实]国家产融合作试点城市建设要求，推动金融资源更好服务实体经济，结合我市实际，制定本方案。",
        ctx,
        rng,
    )));
    let heading = |n: &str, text: &str| Item::Heading {
        level: 1,
        label: format!("{n}、"),
        text: text.into(),
        run_in: None,
    };
    let sub = |n: &str, text: &str| Item::Heading {
        level: 2,
        label: format!("（{n}）"),
        text: text.into(),
        run_in: None,
    };
    items.push(heading("一", "试点基础"));
    let base = |id: &str| p.values[id][&2021] / 1.08;
    items.push(Item::Para(format!(
        "2020年末，全市制造业贷款余额{}亿元，境内外上市公司{}家，普惠小微贷款余额{}亿元，产融合作具备较好基础。",
        num("亿元", (base("manufacturing_loans") * 10.0).round() / 10.0),
        num("家", base("listed_companies").round().max(1.0)),
        num("亿元", (base("inclusive_sme_loans") * 10.0).round() / 10.0),
    )));
    items.push(heading("二", "总体要求"));
    items.push(sub("一", "指导思想"));
    items.push(Item::Para(fill(
        "坚持以供给侧结构性改革为主线，[聚焦|围绕]{ind}等重点产业，深化产业与金融良性互动，构建产融合作新生态。",
        ctx,
        rng,
    )));
    items.push(sub("二", "发展目标"));
    let (in_table, in_text): (Vec<&EarlierTarget>, Vec<&EarlierTarget>) = e
        .targets
        .iter()
        .partition(|t| e.table && t.comparator == Comparator::AtLeast && t.indicator.is_some());
    let clauses: Vec<String> = in_text.iter().map(|t| clause(t, ctx, rng)).collect();
    if rng.chance(0.5) {
        items.push(Item::Para(format!(
            "到{}年，{}，产融合作体制机制更加完善。",
            PERIOD.1,
            clauses.join("；")
        )));
    } else {
        items.push(Item::Para(format!("到{}年，实现以下目标：", PERIOD.1)));
        for (k, c) in clauses.iter().enumerate() {
            items.push(Item::Para(format!("{}.{c}。", k + 1)));
        }
    }
    if !in_table.is_empty() {
        items.push(Item::Para("主要指标目标见下表。".into()));
        let mut rows = vec![vec![
            "指标名称".to_string(),
            "单位".into(),
            "2020年基数".into(),
            format!("{}年目标", PERIOD.1),
        ]];
        for t in in_table {
            let id = t.indicator.unwrap_or_default();
            let b = base(id);
            rows.push(vec![
                TEMPLATE
                    .iter()
                    .find(|x| x.0 == id)
                    .map_or(t.name, |x| x.2)
                    .to_string(),
                t.unit.into(),
                num(
                    t.unit,
                    if t.unit == "家" {
                        b.round()
                    } else {
                        (b * 10.0).round() / 10.0
                    },
                ),
                num(t.unit, t.value),
            ]);
        }
        items.push(Item::Table {
            rows,
            merge_first_col: Vec::new(),
        });
    }
    items.push(heading("三", "重点任务"));
    items.push(sub("一", "拓宽企业融资渠道"));
    items.push(Item::Para(fill(
        "实施企业上市培育行动，对首次公开发行上市的企业给予最高{a}00万元奖励；[建立|完善]上市后备企业库，动态管理入库企业。",
        ctx,
        rng,
    )));
    items.push(sub("二", "完善融资服务体系"));
    items.push(Item::Para(fill(
        "[依托|用好]国家产融合作平台，推动金融机构对平台推荐企业在10个工作日内作出授信决定；单户担保金额原则上不超过1000万元。",
        ctx,
        rng,
    )));
    items.push(heading("四", "保障措施"));
    items.push(Item::Para(fill(
        "成立由市政府主要负责同志任组长的试点工作领导小组，[统筹|协调]推进试点工作；市财政每年安排专项资金支持产融合作。",
        ctx,
        rng,
    )));
    items.push(Item::Closing(format!("{}人民政府", p.city)));
    items.push(Item::Closing(format!(
        "{}年3月{}日",
        PERIOD.0,
        rng.range(5, 28)
    )));
    items
}

/// What the self-evaluation says of each target the report states: a lead-in and one short
/// paragraph per target (under the copy check's length, as such lists are alike everywhere).
pub fn report_items(p: &SubPlan, e: &EarlierPlan, ctx: &Ctx, rng: &mut Rng) -> Vec<Item> {
    let stated: Vec<&EarlierTarget> = e
        .targets
        .iter()
        .filter(|t| matches!(t.source, Source::Report | Source::EarlierYearOnly))
        .collect();
    if stated.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Item::Para(format!(
        "对照《{}国家产融合作试点城市实施方案（{}—{}年）》，主要目标完成情况如下：",
        p.city, PERIOD.0, PERIOD.1
    ))];
    for (k, t) in stated.into_iter().enumerate() {
        let n = k + 1;
        let text = match (t.source, t.comparator) {
            (Source::EarlierYearOnly, _) => format!(
                "{n}.截至2022年末，全市已[设立|引进]{}{}家。",
                t.name,
                num("家", (t.value - 2.0).max(1.0))
            ),
            (_, Comparator::Growth) => format!(
                "{n}.试点期间，全市{}年均增长{}%。",
                t.name,
                num("%", t.achieved.unwrap_or_default())
            ),
            (_, Comparator::AtMost) => format!(
                "{n}.2023年末，全市{}为{}%。",
                t.name,
                num("%", t.achieved.unwrap_or_default())
            ),
            _ => {
                let v = t.achieved.unwrap_or_default();
                let written = if t.unit_changed {
                    format!("{}万元", (v * 10_000.0).round() as i64)
                } else {
                    format!("{}{}", super::format_value(t.unit, v), t.unit)
                };
                format!("{n}.截至2023年[末|底]，{}[达到|为]{written}。", t.name)
            }
        };
        out.push(Item::Para(fill(&text, ctx, rng)));
    }
    out
}

/// The flags the ledger must raise: (code, subject, severity) for targets not met and not reported.
pub fn expected_flags(
    e: &EarlierPlan,
) -> Vec<(crate::check::code::FlagCode, String, &'static str)> {
    use crate::check::code::FlagCode;
    e.targets
        .iter()
        .filter_map(|t| {
            let subject = t.indicator.unwrap_or(t.name).to_string();
            match t.status {
                Outcome::NotMet => Some((FlagCode::TargetNotMet, subject, "warning")),
                Outcome::NotReported => Some((FlagCode::TargetNotReported, subject, "info")),
                Outcome::Met => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every indicator a prose template of the generator names is in MENTIONED.
    #[test]
    fn mentioned_covers_the_prose_templates() {
        let prose = include_str!("prose.rs");
        for part in prose.split("{v:").skip(1) {
            let id = part.split('}').next().unwrap_or_default();
            if id != "id" {
                assert!(MENTIONED.contains(&id), "{id} is named by prose.rs");
            }
        }
    }

    /// Targets met sit below the achieved value, targets not met above it.
    #[test]
    fn round_targets_fall_on_the_planted_side() {
        let mut rng = Rng::new(7);
        for v in [3.4, 57.0, 601.3, 7979.0] {
            for _ in 0..50 {
                assert!(round_target(v, true, &mut rng) <= v);
                assert!(round_target(v, false, &mut rng) > v);
            }
        }
    }
}
