//! The targets ledger (issue 23): an earlier plan's quantified targets against what the city's
//! self-evaluation report and indicator workbook say was achieved — the evaluation's first subject,
//! “试点城市实施方案的执行和落实情况”.
//!
//! Targets are read clause by clause (“全市制造业贷款余额突破900亿元”, “不良贷款率控制在1.5%以内”,
//! “年均增长15%以上”, “比2020年提高3个百分点”, “新增境内外上市企业8家以上”, “新增5家上市企业”) and from target
//! tables (指标 | 单位 | 基数 | 2023年目标); a clause of the past, a policy parameter, a condition, a
//! time limit, a province's or the nation's figure, or a goal without a number is not a target.
//! Achievements are read from report sentences naming the same indicator with a figure of the same
//! kind (an amount, a rate, a count) for the target year or with no other year, then from the
//! workbook; units are converted (万元 ↔ 亿元), % and 个百分点 are kept apart. All words come from
//! `[ledger]` in rules.toml.
//!
//! Modules, each using only those before it: `model` (the data), `text` (figures, units, clauses,
//! years), `names` (how an indicator is named in a report), `plan` (the plan's period and targets),
//! `report` (achievements in the report); this module matches them and gives the flags.

use crate::document::text::contains_any;

use crate::document::model::Document;
use crate::profile::rules_spec::{LedgerSpec, RulesSpec};

mod model;
mod names;
mod plan;
mod report;
mod text;

pub use model::*;
use names::*;
use plan::*;
pub use plan::{period_in_text, plan_period, targets};
use report::*;
use text::*;

/// Whether a workbook row is the target's indicator: it holds a key, or is a shortened form of one
/// (a key starting with it) — never only its tail (各项贷款余额 is not 制造业各项贷款余额); an
/// increment's row says so (境内外上市公司数量 is the stock, not 新增境内外上市公司).
fn names_row(row: &WorkbookRow, keys: &[String], spec: &LedgerSpec) -> bool {
    keys.iter().any(|k| {
        row.name.contains(k.as_str())
            || k.starts_with(row.name.as_str()) && han_count(&row.name) >= 4
    }) && (!keys_are_increments(keys, spec) || contains_any(&row.name, &spec.increments))
}

/// Whether `a` reaches `b` under the comparator (a little tolerance for rounding).
fn reaches(achieved: f64, target: f64, c: Comparator) -> bool {
    let eps = 1e-9 * target.abs().max(1.0);
    match c {
        Comparator::AtLeast => achieved + eps >= target,
        Comparator::AtMost => achieved - eps <= target,
    }
}

/// The ledger of a plan against a report and a workbook.
pub fn ledger(
    plan: &Document,
    report: Option<&Document>,
    workbook: &[WorkbookRow],
    profile: &crate::profile::Profile,
) -> Vec<Line> {
    let spec = &profile.rules.ledger;
    let Some(period) = plan_period(plan, &profile.rules.period) else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: Vec<(String, String, Option<u16>, Comparator, bool, u64)> = Vec::new();
    for (name, mut target) in targets(plan, period, spec) {
        // The same target in the text and in the target table is one line (the first, the text's).
        let key = (
            name.clone(),
            target.unit.clone(),
            target.year,
            target.comparator,
            target.growth,
            target.value.to_bits(),
        );
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if target.unit == "倍" && target.growth {
            if let Some((value, unit)) = multiple_as_level(plan, &name, &target, period, spec) {
                target.value = value;
                target.unit = unit;
                target.growth = false;
            }
        }
        // Points are a change or a gap, never a level (a table's “降幅 | 个百分点 | 0.5”); a change
        // from a base the plan states is the level to reach (由6.5%提高2个百分点 → ≥8.5%).
        let mut from_points = None;
        if target.unit == "个百分点" {
            match points_as_level(plan, &name, &target, period, spec) {
                Some((level, comparator, base)) => {
                    let change = PlanTarget {
                        growth: true,
                        ..target.clone()
                    };
                    from_points = Some((change, base));
                    target = PlanTarget {
                        value: level,
                        unit: "%".into(),
                        comparator,
                        growth: false,
                        ..target
                    };
                }
                None => target.growth = true,
            }
        }
        let indicator = template_indicator(&name, profile);
        let mut keys = keys(&name, indicator, spec);
        // The growth of 制造业贷款余额 is written “制造业贷款……分别增长18.2%、14.6%、13.1%”.
        if target.growth {
            let stems: Vec<String> = keys
                .iter()
                .filter_map(|k| {
                    let b = spec.bare_names.iter().find(|b| k.ends_with(b.as_str()))?;
                    Some(k[..k.len() - b.len()].to_owned()).filter(|s| han_count(s) >= 4)
                })
                .collect();
            keys.extend(stems);
        }
        let from_report = report.and_then(|r| {
            listed_and_quoted(r, &name, &target, period.1, spec)
                .or_else(|| from_report(r, &keys, &target, period.1, spec))
                .map(|a| yearly_mean(a, &name, &target, period, spec))
                .or_else(|| rate_from_report_level(r, plan, &keys, &name, &target, period, spec))
                .or_else(|| full_coverage(r, &keys, &target, period.1, spec))
                .or_else(|| none_added(r, &keys, &target, period.1, spec))
                .or_else(|| first_achieved(r, &keys, &target, period.1, spec))
                .or_else(|| increment_from_levels(r, &keys, &target, period.1, spec))
                .or_else(|| {
                    // The report gives the change (“下降0.93个百分点”), not the level.
                    let (points, base) = from_points.as_ref()?;
                    let found = from_report(r, &keys, points, period.1, spec)?;
                    let change = match target.comparator {
                        Comparator::AtMost => -found.value,
                        Comparator::AtLeast => found.value,
                    };
                    (found.unit == "个百分点").then(|| Achieved {
                        value: ((base + change) * 100.0).round() / 100.0,
                        unit: "%".into(),
                        ..found
                    })
                })
        });
        let from_book = (!target.growth)
            .then(|| {
                workbook.iter().find_map(|row| {
                    names_row(row, &keys, spec).then_some(())?;
                    let year = target.year?;
                    let v = over_period(row, &name, &target, period, spec)
                        .or_else(|| Some(row.values.iter().find(|(y, _)| *y == year)?.1))?;
                    comparable((v, &row.unit), (target.value, &target.unit), spec)?;
                    Some(Achieved {
                        value: v,
                        unit: row.unit.clone(),
                        year: Some(year),
                        source: Source::Workbook,
                        evidence: row.evidence_for(year),
                    })
                })
            })
            .flatten();
        let from_book = from_book
            .or_else(|| increment_from_book(workbook, &keys, &name, plan, &target, period, spec));
        // A growth rate from the workbook: its own rate row for the year (制造业贷款余额增速), else
        // computed from the level row — the year's growth over the year before (增速不低于15%), or
        // for 年均 the compound rate from the base year (the workbook's, else the plan's).
        let from_book = from_book.or_else(|| {
            (target.growth && matches!(target.unit.as_str(), "%" | "％"))
                .then(|| growth_from_book(workbook, &keys, &name, plan, &target, period, spec))
                .flatten()
        });
        let (achieved, workbook_differs) = match (from_report, from_book) {
            (Some(r), Some(w)) => {
                let same = comparable((r.value, &r.unit), (w.value, &w.unit), spec)
                    .is_some_and(|(a, b)| (a - b).abs() <= 0.005 * a.abs().max(b.abs()));
                (Some(r), (!same).then_some(w))
            }
            (r, w) => (r.or(w), None),
        };
        let status = match &achieved {
            None => Status::NotReported,
            Some(a) => match comparable((a.value, &a.unit), (target.value, &target.unit), spec) {
                Some((x, t)) if reaches(x, t, target.comparator) => Status::Met,
                Some(_) => Status::NotMet,
                None => Status::NotReported,
            },
        };
        let achieved_in_target_unit = achieved
            .as_ref()
            .filter(|a| a.unit != target.unit)
            .and_then(|a| comparable((a.value, &a.unit), (1.0, &target.unit), spec))
            .map(|(x, one)| (x / one * 100.0).round() / 100.0);
        lines.push(Line {
            indicator: indicator.map(|i| i.id.clone()),
            name,
            target,
            achieved,
            workbook: workbook_differs,
            achieved_in_target_unit,
            status,
        });
    }
    lines
}

/// A yearly growth target (制造业贷款年均增速不低于11%) the report answers only with the level
/// reached (“全市制造业贷款余额达到823.6亿元”): the compound rate from the base the plan states (a
/// sentence or its target table's base column, “|制造业贷款余额|亿元|586|800|”) to that level, in %
/// rounded to 0.1, quoted from the report — the sum a reviewer does by hand (济宁, round 12).
fn rate_from_report_level(
    report: &Document,
    plan: &Document,
    keys: &[String],
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let said = format!("{name}{}", clean(&target.evidence.quote));
    if !target.growth || !matches!(target.unit.as_str(), "%" | "％") || !said.contains("年均") {
        return None;
    }
    let year = target.year?;
    let (base, unit) = plan_base(plan, name, target, period, spec)?;
    let level = PlanTarget {
        value: base,
        unit,
        year: Some(year),
        comparator: Comparator::AtLeast,
        growth: false,
        evidence: target.evidence.clone(),
    };
    let found = from_report(report, keys, &level, period.1, spec)?;
    let (end, base) = comparable((found.value, &found.unit), (base, &level.unit), spec)?;
    let years = f64::from(year.checked_sub(base_year(target, period))?);
    if found.year.is_some_and(|y| y != year) {
        return None;
    }
    let rate = yearly_rate(base, end, years)?;
    Some(Achieved {
        value: (rate * 10.0).round() / 10.0,
        unit: "%".into(),
        year: Some(year),
        ..found
    })
}

/// A yearly target (首贷户年均新增800户, 企业债券融资规模年均100亿元) against a report's total for the
/// period (首贷户累计新增2,217户, 三年共有34个, 2020—2022年累计发行336亿元): the total over the
/// period's years. Other achievements as they are.
fn yearly_mean(
    found: Achieved,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Achieved {
    let said = format!("{name}{}", clean(&target.evidence.quote));
    let quote = clean(&found.evidence.quote);
    if target.growth
        || !said.contains("年均")
        || quote.contains("年均")
        || quote.contains("分别")
        || !contains_any(&quote, &spec.period_sums)
    {
        return found;
    }
    let years = f64::from(period.1 - period.0 + 1);
    Achieved {
        value: (found.value / years * 100.0).round() / 100.0,
        ..found
    }
}

/// A target over the whole period (三年累计新增首贷户1.5万户; 新增担保额年均不低于40亿元) against a
/// workbook row of yearly figures (首贷户数（当年新增）): the sum (累计) or the mean (年均) of the
/// period's years, when every one of them is filled in. None for other targets and rows.
fn over_period(
    row: &WorkbookRow,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<f64> {
    if target.year != Some(period.1) || !contains_any(&row.name, &spec.yearly_rows) {
        return None;
    }
    let said = format!("{name}{}", clean(&target.evidence.quote));
    let mean = said.contains("年均") && !target.growth;
    let sum = !mean && contains_any(&said, &spec.period_sums);
    if !sum && !mean {
        return None;
    }
    let values: Vec<f64> = (period.0..=period.1)
        .map(|y| row.values.iter().find(|(x, _)| *x == y).map(|v| v.1))
        .collect::<Option<_>>()?;
    let total: f64 = values.iter().sum();
    Some(if sum {
        total
    } else {
        total / values.len() as f64
    })
}

/// An increment over the period (“三年新增省级以上专精特新中小企业100家”, 晋中 in round 25) against a
/// workbook row of the stock (专精特新中小企业数量 | 家 | 120 | 158 | 196): the stock in the target's
/// year less the base — the row's own base year, else the base the plan states (“省级专精特新中小企业
/// 95家”) —, in the row's unit, quoted from the row. A stock of none at the end added none
/// (境内外上市公司数量 0, 0, 0 for “新增1家上市公司”, 百色 in round 24). None without a base.
fn increment_from_book(
    workbook: &[WorkbookRow],
    keys: &[String],
    name: &str,
    plan: &Document,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<Achieved> {
    if target.growth || !keys_are_increments(keys, spec) {
        return None;
    }
    let year = target.year?;
    // A workbook counts the provincially certified without the rank (专精特新中小企业数量 for 省级以上
    // 专精特新中小企业); 国家级 is narrower and stays.
    let stock_keys: Vec<String> = (keys.iter())
        .filter(|k| !contains_any(k, &spec.increments))
        .flat_map(|k| {
            let unranked = ["省级及以上", "省级以上", "省级"]
                .iter()
                .find_map(|r| k.strip_prefix(r))
                .filter(|u| han_count(u) >= 4)
                .map(str::to_owned);
            std::iter::once(k.clone()).chain(unranked)
        })
        .collect();
    let row = workbook.iter().find(|r| {
        !contains_any(&r.name, &spec.increments)
            && !contains_any(&r.name, &spec.yearly_rows)
            && !stock_keys.is_empty()
            && names_row(r, &stock_keys, spec)
    })?;
    let at = |y: u16| row.values.iter().find(|(x, _)| *x == y).map(|v| v.1);
    let end = at(year)?;
    comparable((end, &row.unit), (target.value, &target.unit), spec)?;
    let base = if end == 0.0 {
        0.0
    } else if let Some(base) = at(base_year(target, period)) {
        base
    } else {
        let stock = without_increments(name, spec);
        // (省级以上 is counted from the 省级 firms the plan's foundation names.)
        let (v, unit) = plan_base(plan, &stock, target, period, spec).or_else(|| {
            let ranked = stock.replace("级以上", "级");
            plan_base(plan, &ranked, target, period, spec).filter(|_| ranked != stock)
        })?;
        let (b, e) = comparable((v, &unit), (end, &row.unit), spec)?;
        b * end / e
    };
    Some(Achieved {
        value: ((end - base) * 100.0).round() / 100.0,
        unit: row.unit.clone(),
        year: Some(year),
        source: Source::Workbook,
        evidence: row.evidence_for(year),
    })
}

/// A growth target's achievement from the workbook (see the call in `ledger`): (rate in %, the row).
fn growth_from_book(
    workbook: &[WorkbookRow],
    keys: &[String],
    name: &str,
    plan: &Document,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<Achieved> {
    let year = target.year?;
    let named = |row: &&WorkbookRow| names_row(row, keys, spec);
    let at = |row: &WorkbookRow, y: u16| row.values.iter().find(|(x, _)| *x == y).map(|v| v.1);
    let rate_row = |row: &&WorkbookRow| {
        matches!(row.unit.as_str(), "%" | "％") && contains_any(&row.name, &spec.growth)
    };
    let (rate, row) = if let Some(row) = workbook.iter().filter(named).find(rate_row) {
        (at(row, year)?, row)
    } else {
        // The level row: the name with its growth word taken off (科技型企业贷款余额增速 → 余额).
        let row = workbook
            .iter()
            .filter(named)
            .find(|r| matches!(kind(&r.unit, spec), Some(Kind::Money(_) | Kind::Count(_))))?;
        let end = at(row, year)?;
        let said = format!("{name}{}", clean(&target.evidence.quote));
        if said.contains("年均") {
            let base_year = period.0 - 1;
            let base = at(row, base_year).or_else(|| {
                let (v, unit) = plan_base(plan, name, target, period, spec)?;
                comparable((v, &unit), (end, &row.unit), spec).map(|(b, e)| b * end / e)
            })?;
            let years = f64::from(year.checked_sub(base_year)?);
            (yearly_rate(base, end, years)?, row)
        } else {
            let before = at(row, year.checked_sub(1)?)?;
            if before <= 0.0 {
                return None;
            }
            ((end / before - 1.0) * 100.0, row)
        }
    };
    Some(Achieved {
        value: (rate * 10.0).round() / 10.0,
        unit: "%".into(),
        year: Some(year),
        source: Source::Workbook,
        evidence: row.evidence_for(year),
    })
}

/// Whether a plan of an evaluated city is its earlier one: its period (`plan_period`) ends in the
/// evaluation year or before (`[ledger] evaluation_year`). A new plan (2024—2026) is never judged
/// against achievements; an application's or an unknown package's plans are all the plans it
/// proposes (a 2021—2023 plan there is checked, and its period flagged, like any other).
pub fn is_earlier_plan(
    sub: &crate::submission::Submission,
    doc: &Document,
    rules: &RulesSpec,
) -> bool {
    sub.meta.role == Some(crate::submission::Role::Evaluation)
        && doc.kind == crate::document::model::DocKind::ImplementationPlan
        && plan_period(doc, &rules.period)
            .is_some_and(|(_, end)| end <= rules.ledger.evaluation_year)
}

/// The implementation plans a submission is checked as proposing: every plan of the package
/// except earlier plans (`is_earlier_plan`), which are read only for the targets ledger. A
/// continuing city that sends only its 2021—2023 plan has sent no new plan.
pub fn current_plans<'a>(
    sub: &'a crate::submission::Submission,
    rules: &RulesSpec,
) -> Vec<&'a Document> {
    sub.documents_of(crate::document::model::DocKind::ImplementationPlan)
        .filter(|d| !is_earlier_plan(sub, d, rules))
        .collect()
}

/// The ledger of an evaluated city: its earlier plan (in the package, or from `--previous`)
/// against its self-evaluation report and indicator workbook. Empty for an application, or when
/// there is no earlier plan.
pub fn for_submission(
    sub: &crate::submission::Submission,
    table: Option<&crate::check::indicators::Table>,
    profile: &crate::profile::Profile,
) -> Vec<Line> {
    if sub.meta.role == Some(crate::submission::Role::Application) {
        return Vec::new();
    }
    // Of several earlier plans, the one whose period ends last (2021—2023 before 2018—2020); the
    // package's own before `--previous`.
    let Some(plan) = sub
        .documents
        .iter()
        .chain(&sub.previous)
        .filter_map(|d| {
            let end = plan_period(d, &profile.rules.period)?.1;
            is_earlier_plan(sub, d, &profile.rules).then_some((end, d))
        })
        .fold(None::<(u16, &Document)>, |best, (end, d)| match best {
            Some((e, _)) if e >= end => best,
            _ => Some((end, d)),
        })
        .map(|(_, d)| d)
    else {
        return Vec::new();
    };
    let report = sub
        .documents_of(crate::document::model::DocKind::SelfEvaluation)
        .next();
    let book: Vec<WorkbookRow> = table
        .map(|t| {
            t.rows
                .iter()
                .map(|r| WorkbookRow {
                    name: r.written_name.clone(),
                    unit: r.written_unit.clone().unwrap_or_else(|| r.unit.clone()),
                    values: r
                        .values
                        .iter()
                        .filter_map(|v| Some((v.year, v.value?)))
                        .collect(),
                    // The row's name cell as written, and each year's value cell.
                    evidence: crate::check::indicators::table_cell_evidence(
                        sub,
                        t,
                        (r.row, u32::MAX),
                        r.row,
                    ),
                    cells: r
                        .values
                        .iter()
                        .filter(|v| v.value.is_some())
                        .map(|v| {
                            let e = crate::check::indicators::table_cell_evidence(
                                sub, t, v.cell, r.row,
                            );
                            (v.year, e)
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    ledger(plan, report, &book, profile)
}

/// TARGET_NOT_MET (the target and the achievement quoted) and TARGET_NOT_REPORTED (the target
/// quoted, and where the achievement was looked for).
pub fn flags(
    lines: &[Line],
    profile: &crate::profile::Profile,
) -> Vec<crate::check::finding::Flag> {
    use crate::check::code::FlagCode;
    use crate::check::finding::Flag;
    let cmp = |c: Comparator| match c {
        Comparator::AtLeast => "不低于",
        Comparator::AtMost => "不高于",
    };
    let subject = |l: &Line| l.indicator.clone().unwrap_or_else(|| l.name.clone());
    lines
        .iter()
        .filter_map(|l| {
            let t = &l.target;
            let year = t.year.map(|y| format!("{y}年")).unwrap_or_default();
            let aim = format!(
                "{year}“{}”{}{}{}{}",
                l.name,
                if t.growth { "增幅" } else { "" },
                cmp(t.comparator),
                fmt_num(t.value),
                t.unit
            );
            match (l.status, &l.achieved) {
                (Status::NotMet, Some(a)) => Some(Flag::ruled(
                    profile,
                    FlagCode::TargetNotMet,
                    FlagCode::TargetNotMet,
                    Some(&subject(l)),
                    format!(
                        "上一轮实施方案的目标是{aim}；{}所报完成值为{}，未达到目标。请核对完成情况及原因说明。",
                        a.source.zh(),
                        l.achieved_zh().unwrap_or_default()
                    ),
                    vec![t.evidence.clone(), a.evidence.clone()],
                )),
                (Status::NotReported, _) => Some(Flag::ruled(
                    profile,
                    FlagCode::TargetNotReported,
                    FlagCode::TargetNotReported,
                    Some(&subject(l)),
                    format!(
                        "上一轮实施方案的目标是{aim}；自评报告和指标表中都没有找到{year}“{}”的完成值（按指标名称及其常见写法查找，只认目标年份或未注明年份的数值）。请核对是否遗漏。",
                        l.name
                    ),
                    vec![t.evidence.clone()],
                )),
                _ => None,
            }
        })
        .collect()
}

/// TARGET_IMPLAUSIBLE for an application's new plan (period after the evaluation year), against
/// the city's own workbook: a level target (≥) below the latest value the workbook gives for the
/// same indicator, or an annual growth target above both `implausible_growth_factor` times and
/// `implausible_growth_points` points over the city's own annual growth in the workbook's years.
/// Only targets naming one of the template's indicators are compared.
pub fn plausibility(
    sub: &crate::submission::Submission,
    table: Option<&crate::check::indicators::Table>,
    profile: &crate::profile::Profile,
) -> Vec<crate::check::finding::Flag> {
    use crate::check::code::FlagCode;
    use crate::check::finding::Flag;
    let spec = &profile.rules.ledger;
    let (Some(table), Some(crate::submission::Role::Application)) = (table, sub.meta.role) else {
        return Vec::new();
    };
    let Some((plan, period)) = sub
        .documents_of(crate::document::model::DocKind::ImplementationPlan)
        .find_map(|d| {
            plan_period(d, &profile.rules.period)
                .filter(|p| p.0 > spec.evaluation_year)
                .map(|p| (d, p))
        })
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, t) in targets(plan, period, spec) {
        let Some(ind) = template_indicator(&name, profile) else {
            continue;
        };
        let Some(row) = table.rows.iter().find(|r| r.id == ind.id) else {
            continue;
        };
        let mut values: Vec<(u16, f64)> = row
            .values
            .iter()
            .filter_map(|v| Some((v.year, v.value?)))
            .collect();
        values.sort_by_key(|v| v.0);
        let Some(&(last_year, last)) = values.last() else {
            continue;
        };
        let cell = row
            .values
            .iter()
            .find(|v| v.year == last_year)
            .map(|v| crate::check::indicators::table_cell_evidence(sub, table, v.cell, row.row))
            .unwrap_or_else(|| {
                crate::check::indicators::table_cell_evidence(
                    sub,
                    table,
                    (row.row, u32::MAX),
                    row.row,
                )
            });
        let message = if !t.growth && t.comparator == Comparator::AtLeast {
            match comparable((t.value, &t.unit), (last, &row.unit), spec) {
                Some((target, base)) if target < base => Some(format!(
                    "新实施方案的目标是{}“{name}”不低于{}{}，低于指标表中{last_year}年已达到的{}{}。请核对目标是否偏低或单位是否有误。",
                    t.year.map(|y| format!("{y}年")).unwrap_or_default(),
                    fmt_num(t.value),
                    t.unit,
                    fmt_num(last),
                    row.unit
                )),
                _ => None,
            }
        } else if t.growth && matches!(t.unit.as_str(), "%" | "％") && values.len() >= 2 {
            let (y0, v0) = values[0];
            let years = f64::from(last_year - y0);
            let record = yearly_rate(v0, last, years).unwrap_or(f64::NAN);
            (record.is_finite()
                && record > 0.0
                && t.value > record * spec.implausible_growth_factor
                && t.value > record + spec.implausible_growth_points)
                .then(|| {
                    format!(
                        "新实施方案要求“{name}”年均增长{}%，而指标表中{y0}—{last_year}年本市年均增速约为{}%（{}{}→{}{}）。请核对目标是否切合实际。",
                        fmt_num(t.value),
                        fmt_num((record * 10.0).round() / 10.0),
                        fmt_num(v0),
                        row.unit,
                        fmt_num(last),
                        row.unit
                    )
                })
        } else {
            None
        };
        if let Some(message) = message {
            out.push(Flag::ruled(
                profile,
                FlagCode::TargetImplausible,
                FlagCode::TargetImplausible,
                Some(&ind.id),
                message,
                vec![t.evidence.clone(), cell],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::finding::Evidence;

    fn spec() -> LedgerSpec {
        crate::profile::Profile::embedded().rules.ledger
    }

    /// Clauses from plans written by a helper who never saw this code (tests/fixtures/
    /// targets-independent), each with the target it states.
    #[test]
    fn clauses_of_independent_plans() {
        let spec = spec();
        let ge = Comparator::AtLeast;
        let le = Comparator::AtMost;
        for (clause, name, value, unit, cmp, growth) in [
            (
                "设立规模不低于3亿元的风险补偿资金池",
                "风险补偿资金池规模",
                3.0,
                "亿元",
                ge,
                false,
            ),
            (
                "推动全市政府引导基金规模达到100亿元",
                "政府引导基金规模",
                100.0,
                "亿元",
                ge,
                false,
            ),
            (
                "新增科创板、创业板上市企业3家",
                "新增科创板、创业板上市企业",
                3.0,
                "家",
                ge,
                false,
            ),
            (
                "三年内“科创贷”累计投放不少于30亿元",
                "“科创贷”累计投放",
                30.0,
                "亿元",
                ge,
                false,
            ),
            (
                "培育省级以上“专精特新”企业300家以上",
                "省级以上“专精特新”企业",
                300.0,
                "家",
                ge,
                false,
            ),
            ("入驻企业5000户以上", "入驻企业", 5000.0, "户", ge, false),
            (
                "银行业不良贷款率控制在1.5%以内",
                "银行业不良贷款率",
                1.5,
                "%",
                le,
                false,
            ),
            ("不良贷款率保持在1%以下", "不良贷款率", 1.0, "%", le, false),
            (
                "普惠小微企业贷款加权平均利率不高于5.5%",
                "普惠小微企业贷款加权平均利率",
                5.5,
                "%",
                le,
                false,
            ),
            (
                "制造业中长期贷款余额年均增长15%以上",
                "制造业中长期贷款余额",
                15.0,
                "%",
                ge,
                true,
            ),
            (
                "制造业贷款余额年均增速不低于10%",
                "制造业贷款余额",
                10.0,
                "%",
                ge,
                true,
            ),
            ("新增5家上市企业", "新增上市企业", 5.0, "家", ge, false),
        ] {
            let got = clause_targets(&clean(clause), &spec);
            assert_eq!(
                got,
                vec![Stated {
                    name: name.to_owned(),
                    value,
                    unit: unit.to_owned(),
                    comparator: cmp,
                    growth
                }],
                "{clause}"
            );
        }
        // Two figures listed under one verb.
        let got = clause_targets(&clean("新增上市企业5家、新三板挂牌企业10家"), &spec);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].name, "新三板挂牌企业");
        // Not a target: a time limit.
        assert!(clause_targets(&clean("融资需求发布后3个工作日内完成首次对接"), &spec).is_empty());
    }

    #[test]
    fn units_convert_and_kinds_stay_apart() {
        let spec = spec();
        assert_eq!(
            comparable((12.86, "亿元"), (100000.0, "万元"), &spec),
            Some((12.86, 10.0))
        );
        assert!(comparable((5.0, "个百分点"), (5.0, "%"), &spec).is_none());
        assert!(comparable((5.0, "家"), (5.0, "亿元"), &spec).is_none());
        assert_eq!(
            comparable((72.0, "场"), (60.0, "场"), &spec),
            Some((72.0, 60.0))
        );
        assert_eq!(fmt_num(600.0), "600");
        assert_eq!(fmt_num(1.50), "1.5");
    }

    /// Counts in ten thousands convert; counts of different things never compare (rounds 2–3 of
    /// the independent fixtures: 8万户, 42期 of training against 3,000 people).
    #[test]
    fn counts_in_ten_thousands_and_count_groups() {
        let spec = spec();
        assert_eq!(unit_at("万户以上", &spec), Some("万户"));
        assert_eq!(unit_at("万元", &spec), Some("万元"));
        assert_eq!(
            comparable((1.21, "万户"), (10000.0, "户"), &spec),
            Some((12100.0, 10000.0))
        );
        assert!(comparable((42.0, "期"), (3000.0, "人次"), &spec).is_none());
        assert!(comparable((9.0, "个"), (10.0, "只"), &spec).is_some());
    }

    /// A clause splits at commas but not inside 3,046.2 or 1:4; names in quotation marks and
    /// “一批” hold no figure; 1:N is a leverage of N倍, 1:1 and 2:6:2 are not.
    #[test]
    fn clauses_figures_and_ratios() {
        let spec = spec();
        assert_eq!(
            clauses("余额3,046.2亿元,较年初增加318.7亿元"),
            vec!["余额3,046.2亿元", "较年初增加318.7亿元"]
        );
        assert_eq!(clauses("比例达到1:4,放大"), vec!["比例达到1:4", "放大"]);
        assert!(quantities("实施“四个一批”工程", &spec).is_empty());
        assert!(quantities("培育一批链主企业", &spec).is_empty());
        let q = quantities("撬动社会资本比例达到1:5", &spec);
        assert_eq!((q[0].value, q[0].unit.as_str()), (5.0, "倍"));
        assert!(quantities("按1:1配套", &spec).is_empty());
        assert!(quantities("按2:6:2分担", &spec)
            .iter()
            .all(|q| q.unit != "倍"));
    }

    /// The year a clause names itself, not a base year or a range.
    #[test]
    fn own_years() {
        assert_eq!(
            own_year("2022年供应链金融融资规模达到100亿元", (2021, 2023)),
            Some(2022)
        );
        assert_eq!(own_year("较2020年提高2个百分点", (2021, 2023)), None);
        assert_eq!(own_year("（2021—2023年）", (2021, 2023)), None);
        assert_eq!(own_year("（二）2022年目标", (2021, 2023)), Some(2022));
    }

    #[test]
    fn table_name_notes() {
        let spec = spec();
        assert_eq!(
            split_name_note("普惠小微贷款余额(亿元)", &spec),
            ("普惠小微贷款余额".to_owned(), Some("亿元".to_owned()))
        );
        assert_eq!(
            split_name_note("直接融资规模(三年累计)", &spec),
            ("三年累计直接融资规模".to_owned(), None)
        );
        assert_eq!(
            split_name_note("首贷户数(万户)", &spec),
            ("首贷户数".to_owned(), Some("万户".to_owned()))
        );
        assert_eq!(multiple_of_base("较2020年翻一番", "5.2"), Some(10.4));
    }

    /// Report-side readings: titles blanked byte for byte, increments listed by kind summed, a
    /// change in points stated as two levels, quotes given back as written.
    #[test]
    fn report_readings() {
        let spec = spec();
        let s = "制定《南通市产业投资基金管理办法》等政策文件9个";
        let m = mask_titles(s);
        assert_eq!(m.len(), s.len());
        assert!(!m.contains("产业投资基金"));
        assert_eq!(
            listed_after(
                "、创业板5家、科创板3家、北交所1家,总数达55家",
                "家",
                &[],
                &spec
            ),
            9.0
        );
        assert_eq!(listed_after(",总数达55家", "家", &[], &spec), 0.0);
        let keys = vec!["制造业增加值占地区生产总值比重".to_owned()];
        let rise = "制造业增加值占地区生产总值比重由2020年的36.2%提高至2023年的37.5%。";
        let got = two_levels(rise, "", &keys, &spec).expect("two levels");
        assert_eq!((got.value, got.year), (1.3, Some(2023)));
        let keys = vec!["企业贷款加权平均利率".to_owned()];
        let fall = "全市企业贷款加权平均利率由2020年的5.86%降至2023年的5.21%。";
        assert_eq!(
            two_levels(fall, "", &keys, &spec).map(|a| a.value),
            Some(0.65)
        );
        assert_eq!(
            verbatim(
                "截至2023年末，全市 制造业贷款余额 563.2亿元。",
                "全市制造业贷款余额563.2亿元"
            ),
            "全市 制造业贷款余额 563.2亿元"
        );
        assert_eq!(
            category_of("科技支行等科技金融专营机构"),
            "科技金融专营机构"
        );
        assert_eq!(category_of("中高等级信用企业"), "中高等级信用企业");
    }

    /// The plan's period comes from its title (a period on the line under it, full-width or Chinese
    /// digits, no 年), a sentence naming it, or the file name — never from an opening paragraph
    /// recalling the earlier round (the hostile tester's cases: “2021—2023年试点期间……”, “在2021—2023年
    /// 试点工作基础上”, “近三年（2021—2023年）……”, with or without the new period stated after).
    #[test]
    fn plan_period_from_the_title_not_the_recollection() {
        use crate::document::model::DocKind;
        let rules = crate::profile::Profile::embedded().rules;
        let period = |path: &str, lines: &[&str]| {
            let doc =
                crate::document::structure::document_of(path, DocKind::ImplementationPlan, lines);
            plan_period(&doc, &rules.period)
        };
        let title = "某市国家产融合作试点城市实施方案";
        for under in [
            "（2021—2023年）",
            "（2021—2023）",
            "(2021-2023)",
            "（２０２１—２０２３年）",
        ] {
            assert_eq!(
                period("方案.docx", &[title, under, "正文。"]),
                Some((2021, 2023)),
                "{under}"
            );
        }
        assert_eq!(
            period(
                "某市实施方案（2021—2023年）.docx",
                &[title, "一、总体要求", "正文。"]
            ),
            Some((2021, 2023))
        );
        for opening in [
            "2021—2023年试点期间，我市产融合作取得积极成效。为做好新一轮试点工作，制定本方案。",
            "在2021—2023年试点工作基础上，为深化产融合作，制定本方案。",
            "近三年（2021—2023年），我市未发生重大金融风险事件。",
        ] {
            assert_ne!(
                period("方案.docx", &[title, opening, "一、总体要求", "正文。"]).map(|p| p.1),
                Some(2023),
                "{opening}"
            );
            assert_eq!(
                period(
                    "方案.docx",
                    &[
                        title,
                        opening,
                        "本方案实施期为2024年1月至2026年12月。",
                        "一、总体要求"
                    ]
                ),
                Some((2024, 2026)),
                "{opening}"
            );
        }
    }

    /// Year-by-year figures in one clause: the target year's, the mean for 年均, the sum for 累计
    /// (柳州's 新增担保额 in the independent fixtures).
    #[test]
    fn yearly_lists() {
        let spec = spec();
        let target = |quote: &str, year: u16| PlanTarget {
            value: 40.0,
            unit: "亿元".into(),
            year: Some(year),
            comparator: Comparator::AtLeast,
            growth: false,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: quote.into(),
            },
        };
        let s = "2021年、2022年、2023年新增担保额分别为35.2亿元、42.6亿元、47.9亿元。";
        let end = s.find("分别").expect("at");
        let got = |t: &PlanTarget| yearly_list(s, end, t, 2023, &spec).map(|v| v.0);
        assert_eq!(got(&target("新增担保额年均不低于40亿元", 2023)), Some(41.9));
        assert_eq!(
            got(&target("三年累计新增担保额不低于100亿元", 2023)),
            Some(125.7)
        );
        assert_eq!(got(&target("新增担保额不低于40亿元", 2022)), Some(42.6));
        assert_eq!(got(&target("新增担保额不低于40亿元", 2020)), None);
    }

    /// A growth rate from workbook levels: year over year for 增速, compound from the base year for
    /// 年均 (包头's 科技型企业贷款余额增速 in the independent fixtures: 104.5/88.2 − 1 = 18.5%).
    #[test]
    fn growth_from_workbook_levels() {
        use crate::document::model::DocKind;
        let spec = spec();
        let plan = crate::document::structure::document_of(
            "方案.docx",
            DocKind::ImplementationPlan,
            &[
                "某市实施方案（2021—2023年）",
                "2020年末，科技型企业贷款余额60亿元。",
            ],
        );
        let row = WorkbookRow {
            name: "科技型企业贷款余额".into(),
            unit: "亿元".into(),
            values: vec![(2021, 71.4), (2022, 88.2), (2023, 104.5)],
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
            cells: Vec::new(),
        };
        let keys = keys("科技型企业贷款余额", None, &spec);
        let target = |quote: &str| PlanTarget {
            value: 15.0,
            unit: "%".into(),
            year: Some(2023),
            comparator: Comparator::AtLeast,
            growth: true,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: quote.into(),
            },
        };
        let rate = |quote: &str| {
            growth_from_book(
                std::slice::from_ref(&row),
                &keys,
                "科技型企业贷款余额",
                &plan,
                &target(quote),
                (2021, 2023),
                &spec,
            )
            .map(|a| a.value)
        };
        assert_eq!(rate("科技型企业贷款余额增速不低于15%"), Some(18.5));
        // (104.5 / 60)^(1/3) − 1 = 20.3%, the base from the plan.
        assert_eq!(rate("科技型企业贷款余额年均增长15%以上"), Some(20.3));
    }

    /// Rounds 5–7 of the independent fixtures: a count verb before a long object, goals without a
    /// verb (under a goal heading or beside a target), the agent before 对, the figure before the
    /// name in a report, a workbook row's tail is not the indicator.
    #[test]
    fn later_round_readings() {
        let spec = spec();
        let got = clause_targets(&clean("引进股份制银行、证券公司等金融机构5家"), &spec);
        assert_eq!((got[0].name.as_str(), got[0].value), ("金融机构", 5.0));
        let got = bare_target(&clean("5.科技型企业贷款余额200亿元。"), &spec).expect("bare");
        assert_eq!(
            (got.name.as_str(), got.value),
            ("科技型企业贷款余额", 200.0)
        );
        assert!(bare_target(&clean("组织实施好试点各项工作"), &spec).is_none());
        let s = clean("“衢信融”平台入驻金融机构60家,累计撮合融资300亿元。");
        let names: Vec<String> = sentence_targets(&s, (2021, 2023), false, &spec)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(
            object_of("组织银行机构对白名单企业授信", &spec),
            "白名单企业授信"
        );
        let target = PlanTarget {
            value: 30.0,
            unit: "家".into(),
            year: Some(2022),
            comparator: Comparator::AtLeast,
            growth: false,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
        };
        let keys = vec!["银行机构接入“粤信融”平台".to_owned()];
        let got = figure_before(
            &clean("2022年,全市32家银行机构接入“粤信融”平台。"),
            &keys,
            &target,
            &spec,
        )
        .expect("figure before");
        assert_eq!((got.value, got.year), (32.0, Some(2022)));
        let row = WorkbookRow {
            name: "各项贷款余额".into(),
            unit: "亿元".into(),
            values: vec![(2023, 3826.1)],
            evidence: target.evidence.clone(),
            cells: Vec::new(),
        };
        assert!(!names_row(&row, &["制造业各项贷款余额".to_owned()], &spec));
        let row = WorkbookRow {
            name: "知识产权质押融资".into(),
            ..row
        };
        assert!(names_row(&row, &["知识产权质押融资笔数".to_owned()], &spec));
    }

    /// The last resort: a clause sharing most of the name's character pairs (柳州's
    /// 工业企业技术改造贴息贷款累计规模 in the independent fixtures, written “累计投放技术改造贴息贷款
    /// 6.3亿元”), not one sharing only generic words.
    #[test]
    fn similar_names_as_a_last_resort() {
        use crate::document::model::DocKind;
        let spec = spec();
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "试点期内累计投放技术改造贴息贷款6.3亿元，支持技改项目146个。",
                "全市金融机构贷款余额3826亿元。",
            ],
        );
        let target = |value: f64| PlanTarget {
            value,
            unit: "万元".into(),
            year: Some(2023),
            comparator: Comparator::AtLeast,
            growth: false,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
        };
        let others = Others::of(&report, &spec);
        let keys = vec!["工业企业技术改造贴息贷款".to_owned()];
        let got = similar(&report, &keys, &target(50000.0), 2023, &others, &spec).map(|a| a.value);
        assert_eq!(got, Some(6.3));
        let keys = vec!["科技型企业贷款余额".to_owned()];
        assert_eq!(
            similar(&report, &keys, &target(200.0), 2023, &others, &spec),
            None
        );
    }

    /// Round 8 (江门): a completion table whose rows carry their year in the name cell, a growth
    /// row and a 1:N cell; 将 before the indicator.
    #[test]
    fn completion_rows_with_their_own_year() {
        use crate::document::model::DocKind;
        let spec = spec();
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、目标完成情况",
                "|序号|指标名称|目标值|完成值|完成情况|",
                "|1|2021年制造业贷款余额|700亿元|712亿元|完成|",
                "|2|2022年制造业贷款余额|800亿元|825.6亿元|完成|",
                "|3|绿色贷款年均增速|25%以上|27.5%|完成|",
                "|4|引导基金撬动社会资本|1:4|1:4.3|完成|",
            ],
        );
        let target = at_least;
        let read = |name: &str, t: PlanTarget| {
            from_report_tables(&report, &keys(name, None, &spec), &t, 2023, &spec).map(|a| a.value)
        };
        assert_eq!(
            read("制造业贷款余额", target(800.0, "亿元", 2022, false)),
            Some(825.6)
        );
        assert_eq!(
            read("制造业贷款余额", target(700.0, "亿元", 2021, false)),
            Some(712.0)
        );
        assert_eq!(
            read("制造业贷款余额", target(1000.0, "亿元", 2023, false)),
            None
        );
        assert_eq!(
            read("绿色贷款余额", target(25.0, "%", 2023, true)),
            Some(27.5)
        );
        assert_eq!(
            read("引导基金撬动社会资本比例", target(4.0, "倍", 2023, false)),
            Some(4.3)
        );
        assert_eq!(object_of("逐步将担保费率", &spec), "担保费率");
        assert_eq!(
            object_of("产融合作对接签约金额", &spec),
            "产融合作对接签约金额"
        );
    }

    /// Report sentences from the hostile tester (cases/04): a restated target, a starting level, a
    /// change then a level in the next clause, year-by-year figures, a figure fallen short of —
    /// each gives the figure a reviewer would take, or none.
    #[test]
    fn report_sentences_that_are_not_the_achievement() {
        use crate::document::model::DocKind;
        let spec = spec();
        let cases: &[(&str, &str, Option<f64>)] = &[
            ("普惠小微贷款余额", "普惠小微贷款余额目标700亿元，实际完成601.3亿元，完成率85.9%。", Some(601.3)),
            ("绿色贷款余额", "绿色贷款余额由2020年末的600亿元下降到2023年末的362.9亿元。", Some(362.9)),
            ("人才贷余额", "2023年末，人才贷余额较2022年增加30亿元，达到62亿元。", Some(62.0)),
            (
                "政府引导基金规模",
                "对照实施方案“到2023年政府引导基金规模达到400亿元”的目标，2023年末实际为302.5亿元。",
                Some(302.5),
            ),
            ("园区贷余额", "2021年园区贷余额130亿元，2022年150亿元，2023年62亿元。", Some(62.0)),
            (
                "知识产权质押融资金额",
                "2021年至2023年，知识产权质押融资金额分别为80亿元、64亿元、62亿元。",
                Some(62.0),
            ),
            ("订单贷余额", "2023年末，订单贷余额接近100亿元。", None),
        ];
        for (name, sentence, want) in cases {
            let report = crate::document::structure::document_of(
                "报告.docx",
                DocKind::SelfEvaluation,
                &["某市自评报告", "一、试点成效", sentence],
            );
            let target = PlanTarget {
                value: 100.0,
                unit: "亿元".into(),
                year: Some(2023),
                comparator: Comparator::AtLeast,
                growth: false,
                evidence: Evidence {
                    document: String::new(),
                    section: None,
                    block: 0,
                    quote: String::new(),
                },
            };
            let got = from_report(&report, &keys(name, None, &spec), &target, 2023, &spec)
                .map(|a| a.value);
            assert_eq!(got, *want, "{sentence}");
        }
    }

    /// A floor target with no evidence, for readings of a report.
    fn at_least(value: f64, unit: &str, year: u16, growth: bool) -> PlanTarget {
        PlanTarget {
            value,
            unit: unit.into(),
            year: Some(year),
            comparator: Comparator::AtLeast,
            growth,
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
        }
    }

    /// A 2023 floor target with its plan quote (where the quote decides: 年均, 累计).
    fn quoted(quote: &str, value: f64, unit: &str, growth: bool) -> PlanTarget {
        let t = at_least(value, unit, 2023, growth);
        PlanTarget {
            evidence: Evidence {
                quote: quote.into(),
                ..t.evidence.clone()
            },
            ..t
        }
    }

    /// Round 9 (桂林, 玉溪): a report names an indicator by what the plan's name reaches
    /// (白名单企业), without its preposition (对…授信), its agent (企业发行债券) or its qualifier
    /// (小微企业首贷户), or lists the kinds before 等; a noun holding 计划 is no aim; 全区 in a
    /// city's report is the region's.
    #[test]
    fn namings_of_a_later_round() {
        use crate::document::model::DocKind;
        let spec = spec();
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "全区在国家产融合作平台注册企业超过1.2万家，我市积极组织重点企业入驻。",
                "全市首贷拓展工作扎实推进，试点期间新增首贷户1,856户。",
                "截至2022年末，纳入重点企业融资白名单企业462家，未达到当年目标。",
                "通过债权投资计划等方式累计引入保险资金61亿元。",
                "累计发行公司债、中期票据等债券6只，融资规模48亿元。",
                "|指标名称|单位|目标|完成|",
                "|新能源电池产业链授信|亿元|200|245|",
            ],
        );
        let target = |value: f64, unit: &str, year: u16| at_least(value, unit, year, false);
        let read = |name: &str, t: PlanTarget| {
            let keys = keys(name, None, &spec);
            from_report(&report, &keys, &t, 2023, &spec).map(|a| a.value)
        };
        assert_eq!(
            read("新增小微企业首贷户", target(2000.0, "户", 2023)),
            Some(1856.0)
        );
        assert_eq!(
            read("白名单覆盖重点产业链企业", target(500.0, "家", 2022)),
            Some(462.0)
        );
        assert_eq!(read("引入保险资金", target(50.0, "亿元", 2023)), Some(61.0));
        assert_eq!(read("支持企业发行债券", target(5.0, "只", 2023)), Some(6.0));
        assert_eq!(
            read("对新能源电池产业链企业授信", target(200.0, "亿元", 2023)),
            Some(245.0)
        );
        assert_eq!(
            read("企业在国家产融合作平台注册", target(1000.0, "家", 2023)),
            None
        );
        // What is left after a qualifier must be a name of its own: 中小企业贷款余额 is not 贷款余额.
        assert!(!keys("中小企业贷款余额", None, &spec).contains(&"贷款余额".to_owned()));
        // 对接活动 opens with no preposition.
        assert!(!keys("对接活动场次", None, &spec).contains(&"接活动场次".to_owned()));
    }

    /// Round 10 (常德, 临沂, 龙岩, 榆林, 遂宁): targets set year by year with 分别 and a doubling
    /// from a base after 由; reports giving a yearly target's total over the period, a leverage
    /// per 元, a rate as two levels, a part of the city, the target restated after its figure,
    /// 险资 for 保险资金, and 上市（过会）企业 as two kinds to add.
    #[test]
    fn readings_of_round_ten() {
        use crate::document::model::DocKind;
        let spec = spec();
        let got = yearly_targets(
            &clean("2020年、2021年、2022年全市制造业贷款余额分别达到380亿元、430亿元、490亿元"),
            (2020, 2022),
            &spec,
        );
        let got: Vec<(&str, f64, u16)> = got
            .iter()
            .map(|(n, s, y)| (n.as_str(), s.value, *y))
            .collect();
        assert_eq!(
            got,
            [
                ("制造业贷款余额", 380.0, 2020),
                ("制造业贷款余额", 430.0, 2021),
                ("制造业贷款余额", 490.0, 2022)
            ]
        );
        let got = clause_targets(
            &clean("制造业中长期贷款余额由2020年末的63亿元翻一番"),
            &spec,
        );
        assert_eq!(
            got.iter()
                .map(|t| (t.value, t.unit.as_str()))
                .collect::<Vec<_>>(),
            [(126.0, "亿元")]
        );
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "全市上下协同推进试点工作。",
                "常德经开区作为绿色金融改革先行区，绿色贷款余额48.6亿元。",
                "首贷服务窗口运行以来，首贷户累计新增2,217户。",
                "财政出资每1元带动社会资本4.6元。",
                "知识产权质押融资登记金额由2020年的8.6亿元增加到2023年的15.2亿元。",
                "平台注册企业数量未达到3万户的预期目标。",
                "推动险资入临投资重大项目落地资金38亿元。",
                "新增上市企业2家、过会企业2家。",
            ],
        );
        let plan_target = quoted;
        let read = |name: &str, t: PlanTarget| {
            let keys = keys(name, None, &spec);
            from_report(&report, &keys, &t, 2023, &spec)
                .map(|a| yearly_mean(a, name, &t, (2021, 2023), &spec).value)
        };
        assert_eq!(
            read("绿色贷款余额", plan_target("", 200.0, "亿元", false)),
            None
        );
        assert_eq!(
            read(
                "新增中小微企业首贷户",
                plan_target("中小微企业首贷户年均新增800户", 800.0, "户", false)
            ),
            Some(739.0)
        );
        assert_eq!(
            read("带动社会资本投资规模", plan_target("", 4.0, "倍", false)),
            Some(4.6)
        );
        assert_eq!(
            read(
                "知识产权质押融资登记金额",
                plan_target("知识产权质押融资登记金额年均增长20%以上", 20.0, "%", true)
            ),
            Some(20.9)
        );
        assert_eq!(
            read("平台注册企业", plan_target("", 3.0, "万户", false)),
            None
        );
        assert_eq!(
            read(
                "引进保险资金投资本地产业项目",
                plan_target("", 50.0, "亿元", false)
            ),
            Some(38.0)
        );
        assert_eq!(
            read(
                "新增上市（过会）企业",
                plan_target("新增上市（过会）企业3家", 3.0, "家", false)
            ),
            Some(4.0)
        );
    }

    /// An achievement written in 万元 for a target in 亿元 is shown with the conversion
    /// (常德's 应收账款融资 in round 10).
    #[test]
    fn achievement_in_the_targets_unit() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let plan = crate::document::structure::document_of(
            "方案.docx",
            DocKind::ImplementationPlan,
            &[
                "某市国家产融合作试点城市实施方案（2021—2023年）",
                "二、发展目标",
                "三年累计实现应收账款融资100亿元以上。",
            ],
        );
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "依托中征应收账款融资服务平台累计促成应收账款融资1,056,300万元。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = lines.first().expect("a target");
        assert_eq!(line.status, Status::Met);
        assert_eq!(line.achieved_in_target_unit, Some(105.63));
        assert_eq!(
            line.achieved_zh().as_deref(),
            Some("1056300万元（合105.63亿元）")
        );
    }

    /// Round 11 (徐州, 衡阳, 泸州, 惠州, 长治): a plan stating its earlier period only in a
    /// sentence, targets year by year as items, a doubling “在……的基础上”, an explained name's
    /// numbers; reports giving a sub-area's figure after a comma, a single year's flow for a 累计
    /// target, another measure after another figure, parts of 直接融资, a rate as 增至.
    #[test]
    fn readings_of_round_eleven() {
        use crate::document::model::DocKind;
        let spec = spec();
        let rules = crate::profile::Profile::embedded().rules;
        let plan = crate::document::structure::document_of(
            "方案.docx",
            DocKind::ImplementationPlan,
            &[
                "泸州市国家产融合作试点城市实施方案",
                "为深化产融合作，制定本实施方案。试点期为2021年至2023年。",
            ],
        );
        assert_eq!(plan_period(&plan, &rules.period), Some((2021, 2023)));
        let got = yearly_targets(
            &clean("2021年新增省级专精特新中小企业30家、2022年新增40家、2023年新增50家"),
            (2021, 2023),
            &spec,
        );
        let got: Vec<(f64, u16)> = got.iter().map(|(_, s, y)| (s.value, *y)).collect();
        assert_eq!(got, [(30.0, 2021), (40.0, 2022), (50.0, 2023)]);
        let got = clause_targets(
            &clean("制造业贷款余额在2020年185亿元的基础上实现翻一番"),
            &spec,
        );
        assert_eq!(got.iter().map(|t| t.value).collect::<Vec<_>>(), [370.0]);
        let s = clean(
            "构建“1+1+N”产融服务体系（1个领导小组、1个产融合作服务平台、N项配套政策），推动转型。",
        );
        assert!(sentence_targets(&mask_explanations(&s), (2021, 2023), false, &spec).is_empty());
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "全市上下协同推进。",
                "深入实施“徐科贷”工程，高新区科技型企业贷款余额达到186亿元。",
                "2023年全市新增首贷户1180户。",
                "市级政府引导基金已投资项目23个、投资金额8.6亿元。",
                "试点三年，全市企业通过发行债券融资246亿元，通过股权融资71亿元。",
                "绿色贷款余额由2020年末的96亿元增至2023年末的178亿元。",
            ],
        );
        let plan_target = quoted;
        let read = |name: &str, t: PlanTarget| {
            from_report(&report, &keys(name, None, &spec), &t, 2023, &spec).map(|a| a.value)
        };
        assert_eq!(
            read("科技型企业贷款余额", plan_target("", 450.0, "亿元", false)),
            None
        );
        assert_eq!(
            read(
                "累计新增首贷户",
                plan_target("三年累计新增首贷户3000户", 3000.0, "户", false)
            ),
            None
        );
        assert_eq!(
            read("市级政府引导基金规模", plan_target("", 20.0, "亿元", false)),
            None
        );
        assert_eq!(
            read(
                "直接融资",
                plan_target("2021—2023年直接融资累计达到300亿元", 300.0, "亿元", false)
            ),
            Some(317.0)
        );
        assert_eq!(
            read(
                "绿色贷款余额",
                plan_target("绿色贷款余额年均增长20%以上", 20.0, "%", true)
            ),
            Some(22.9)
        );
    }

    /// Round 12 (南充, 荆州): an event's terms are no target; a policy's rate in a report is no
    /// achievement.
    #[test]
    fn event_terms_and_policy_rates() {
        use crate::document::model::DocKind;
        let spec = spec();
        let s = clean("组织银企对接活动每年不少于12场，每场参与企业不少于30家。");
        let got: Vec<f64> = sentence_targets(&s, (2021, 2023), false, &spec)
            .iter()
            .map(|t| t.1.value)
            .collect();
        assert_eq!(got, [12.0]);
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "出台贴息政策，对制造业企业中长期贷款按LPR的30%给予贴息。",
            ],
        );
        let keys = keys("制造业中长期贷款占比", None, &spec);
        let target = at_least(30.0, "%", 2023, false);
        assert_eq!(from_report(&report, &keys, &target, 2023, &spec), None);
    }

    /// Round 13 (宿迁, 南平): a plan naming its own period as it is made (“制定2021—2023年实施
    /// 方案”), a year and a figure after a target as its next year's, a yearly budget as an input.
    #[test]
    fn readings_of_round_thirteen() {
        use crate::document::model::DocKind;
        let spec = spec();
        let rules = crate::profile::Profile::embedded().rules;
        let plan = |opening: &str| {
            let doc = crate::document::structure::document_of(
                "方案.docx",
                DocKind::ImplementationPlan,
                &[
                    "宿迁市国家产融合作试点城市实施方案",
                    opening,
                    "一、产融合作基础",
                ],
            );
            plan_period(&doc, &rules.period)
        };
        assert_eq!(
            plan("结合宿迁实际，制定2021—2023年实施方案。"),
            Some((2021, 2023))
        );
        assert_eq!(
            plan("在《宿迁市国家产融合作试点城市实施方案（2021—2023年）》基础上，制定本方案。"),
            None
        );
        let s = clean("普惠小微贷款余额2021年末400亿元，2022年末470亿元，2023年末550亿元。");
        let got: Vec<(f64, Option<u16>)> = sentence_targets(&s, (2021, 2023), true, &spec)
            .iter()
            .map(|t| (t.1.value, t.3))
            .collect();
        assert_eq!(
            got,
            [
                (400.0, Some(2021)),
                (470.0, Some(2022)),
                (550.0, Some(2023))
            ]
        );
        let s = clean("市财政每年统筹安排产融合作专项资金不少于4000万元。");
        assert!(sentence_targets(&s, (2021, 2023), true, &spec).is_empty());
    }

    /// Rounds 12, 14 and 15: a plan after its 印发 notice with its period on a line of its own, a
    /// period said as “用三年时间，到2023年”, per-year figures after the name, a growth clause after a
    /// list mark, a means before the verb; changes in points made levels from the plan's base, a
    /// doubling in a table without a base column, a part's target, and reports giving a level for
    /// a yearly rate, 市本级 or a parenthesised zone for a part, lending for a balance, a region's
    /// certification as the city's own count, one year for a 累计 target, a broader indicator.
    #[test]
    fn readings_of_rounds_fourteen_and_fifteen() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let spec = &profile.rules.ledger;
        let rules = &profile.rules;
        let doc = |lines: &[&str]| {
            crate::document::structure::document_of("方案.docx", DocKind::ImplementationPlan, lines)
        };
        let issued = doc(&[
            "晋城市人民政府办公室关于印发晋城市国家产融合作试点城市实施方案的通知",
            "各县（市、区）人民政府，市人民政府各委、办、局：",
            "晋城市人民政府办公室",
            "2020年12月28日",
            "晋城市国家产融合作试点城市实施方案",
            "（2020—2022年）",
            "一、总体要求",
        ]);
        assert_eq!(plan_period(&issued, &rules.period), Some((2020, 2022)));
        let said = doc(&[
            "三明市深化国家产融合作试点城市建设工作方案",
            "二、总体要求",
            "力争用三年时间，到2023年，全市产融合作体制机制进一步完善。",
        ]);
        assert_eq!(plan_period(&said, &rules.period), Some((2021, 2023)));
        let targets = |s: &str| -> Vec<(String, f64, Option<u16>)> {
            sentence_targets(&clean(s), (2021, 2023), true, spec)
                .into_iter()
                .map(|t| (t.0, t.1.value, t.3))
                .collect()
        };
        let got =
            targets("制造业贷款余额2021年、2022年、2023年分别达到150亿元、170亿元、190亿元。");
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|t| t.0 == "制造业贷款余额"));
        let got = targets("全市制造业贷款余额达到650亿元，年均增长不低于12%；普惠小微贷款余额达到300亿元、年均增速20%以上。");
        let names: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "制造业贷款余额",
                "制造业贷款余额",
                "普惠小微贷款余额",
                "普惠小微贷款余额"
            ]
        );
        let got = targets("三年累计通过平台实现应收账款融资100亿元。");
        assert_eq!(got[0].0, "应收账款融资");
        assert!(targets("市级产业投资基金规模达到50亿元，市财政每年注资2亿元。").len() == 1);
        assert!(targets("将产融合作纳入高质量发展考核，评价权重不低于30%。").is_empty());
        assert!(names_a_part("两地制造业贷款余额合计", spec));
        assert!(!names_a_part("区域性股权市场挂牌企业", spec));

        // Points from a base: in the target (荆州), in the plan's text (六安), in a table (廊坊).
        let plan = doc(&[
            "六安市国家产融合作试点城市实施方案（2020—2022年）",
            "一、工作基础",
            "截至2019年末，全市各项贷款余额2081.3亿元；企业贷款加权平均利率5.62%，银行业不良贷款率2.36%。",
            "二、主要目标",
            "企业贷款加权平均利率较2019年下降0.5个百分点。",
            "绿色贷款占比由2019年末的6.5%提高2个百分点以上。",
            "|指标名称|单位|2019年基数|2022年目标|",
            "|制造业增加值占地区生产总值比重|%|24.5|提高2个百分点|",
            "|制造业贷款余额|亿元|586|800|",
            "|政府投资基金规模|亿元|—|较2019年翻一番|",
            "2019年末全市政府投资基金规模18亿元。",
            "三、重点任务",
            "宁国市、广德市作为县域产融合作先行区，两地制造业贷款余额合计达到260亿元。",
            "制造业贷款年均增速不低于11%，科技型企业贷款余额达到180亿元。",
        ]);
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "六安市国家产融合作试点城市自评报告",
                "一、试点成效",
                "2022年，全市企业贷款加权平均利率4.98%。",
                "截至2022年末，绿色贷款余额占各项贷款余额比重达到7.9%。",
                "截至2022年末，全市制造业贷款余额达到823.6亿元。",
                "推出“科技成果转化贷”，为科技型中小企业发放贷款42亿元。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        let rate = line("加权平均利率");
        assert_eq!(
            (rate.target.value, rate.target.comparator),
            (5.12, Comparator::AtMost)
        );
        assert_eq!(rate.status, Status::Met);
        let green = line("绿色贷款占比");
        assert_eq!((green.target.value, green.target.unit.as_str()), (8.5, "%"));
        assert_eq!(green.status, Status::NotMet);
        assert_eq!(line("制造业增加值占").target.value, 26.5);
        let fund = line("政府投资基金");
        assert_eq!(
            (fund.target.value, fund.target.unit.as_str()),
            (36.0, "亿元")
        );
        assert_eq!(line("两地").status, Status::NotReported);
        assert_eq!(line("科技型企业贷款余额").status, Status::NotReported);
        // The yearly rate from the table's base to the level reported (济宁, round 12).
        let growth = lines
            .iter()
            .find(|l| l.target.growth && l.name.contains("制造业贷款"))
            .expect("growth");
        assert_eq!(growth.achieved.as_ref().map(|a| a.value), Some(12.0));
        assert_eq!(growth.status, Status::Met);
    }

    /// Rounds 16 and 17: a period said as “自2021年起，用三年时间”; 确保/力争 pairs; a cap in a table
    /// cell (不高于5.5); conditions (“……不高于1%的，按……给予补贴”) and yearly frequencies; reports
    /// giving kinds 分别, a share of the target done (完成目标的92.6%), one year's growth (同比) for a
    /// yearly mean, a part before a rank (孝感高新区国家级……), Chinese numerals.
    #[test]
    fn readings_of_rounds_sixteen_and_seventeen() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let spec = &profile.rules.ledger;
        let doc = |lines: &[&str]| {
            crate::document::structure::document_of("方案.docx", DocKind::ImplementationPlan, lines)
        };
        let said = doc(&[
            "关于金融支持萍乡市国家产融合作试点城市建设的实施方案",
            "一、总体要求",
            "（四）工作目标。自2021年起，用三年时间，推动全市信贷投放总量稳步增长。",
        ]);
        assert_eq!(
            plan_period(&said, &profile.rules.period),
            Some((2021, 2023))
        );
        let targets = |s: &str| -> Vec<f64> {
            sentence_targets(&clean(s), (2021, 2023), true, spec)
                .into_iter()
                .map(|t| t.1.value)
                .collect()
        };
        assert_eq!(
            targets("制造业贷款余额确保达到680亿元、力争突破750亿元。"),
            [680.0]
        );
        assert!(
            targets("对政府性融资担保机构担保费率不高于1%的，按担保额的0.5%给予补贴。").is_empty()
        );
        assert!(targets("每季度组织1次专场对接。").is_empty());
        let plan = doc(&[
            "自贡市国家产融合作试点城市实施方案（2021—2023年）",
            "二、主要目标",
            "序号|指标名称|2020年基数|2023年目标",
            "1|普惠小微贷款平均利率（%）|6.12|不高于5.5",
            "2|新增境内外上市公司（家）|—|8",
            "3|政府性融资担保机构在保余额（亿元）|58|150",
            "4|新三板挂牌企业（家）|210|300",
            "规模以上工业增加值年均增长8%以上。",
            "国家级专精特新“小巨人”企业达到15家。",
        ]);
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "自贡市国家产融合作试点城市自评报告",
                "一、试点成效",
                "实施“上市启航”计划，试点期间全市新增上市企业分别为主板3家、创业板2家、科创板1家、北交所1家。",
                "政府性融资担保机构在保余额完成目标的92.6%。",
                "2023年，全市规模以上工业增加值同比增长7.9%。",
                "自贡高新区国家级专精特新“小巨人”企业9家。",
                "新三板挂牌企业达到三百二十六家。",
                "普惠小微贷款平均利率降至5.38%。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        let rate = line("平均利率");
        assert_eq!(rate.target.comparator, Comparator::AtMost);
        assert_eq!(rate.status, Status::Met);
        assert_eq!(line("上市").achieved.as_ref().map(|a| a.value), Some(7.0));
        assert_eq!(
            line("在保余额").achieved.as_ref().map(|a| a.value),
            Some(138.9)
        );
        assert_eq!(line("工业增加值").status, Status::NotReported);
        assert_eq!(line("小巨人").status, Status::NotReported);
        assert_eq!(line("挂牌").achieved.as_ref().map(|a| a.value), Some(326.0));
    }

    /// The ledger line whose name holds `name` (panics with the lines when none does).
    fn named<'a>(lines: &'a [Line], name: &str) -> &'a Line {
        lines
            .iter()
            .find(|l| l.name.contains(name))
            .unwrap_or_else(|| panic!("{name} in {lines:#?}"))
    }

    /// Rounds 18–21's kinds, each in the words a writer used (see tests/ledger.rs for the rounds).
    #[test]
    fn readings_of_rounds_eighteen_to_twenty_one() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let spec = &profile.rules.ledger;
        let targets = |s: &str| -> Vec<(String, f64)> {
            sentence_targets(&clean(s), (2021, 2023), false, spec)
                .into_iter()
                .map(|t| (t.0, t.1.value))
                .collect()
        };
        // Plans: an agent's effort before a bare 在保余额; 累计 before a long object; a programme's
        // 倍增; a record year before the period; another city's practice; the period's 三年内.
        assert_eq!(
            targets("推动政府性融资担保机构扩大业务规模，在保余额达到80亿元。"),
            [("政府性融资担保机构在保余额".to_owned(), 80.0)]
        );
        assert_eq!(
            targets("三年累计为天然气化工产业链企业提供融资100亿元。")
                .iter()
                .map(|t| t.1)
                .collect::<Vec<_>>(),
            [100.0]
        );
        assert!(targets("实施高新技术企业倍增计划。").is_empty());
        assert!(targets("注：制造业贷款占各项贷款比重2020年为13.1%。").is_empty());
        assert!(targets("学习借鉴郑州市设立总规模100亿元中小企业发展基金的做法。").is_empty());
        assert_eq!(
            targets("推广知识产权质押融资，三年累计达到5亿元。"),
            [("知识产权质押融资".to_owned(), 5.0)]
        );
        assert_eq!(
            targets("产融合作项目库入库项目300个以上。"),
            [("产融合作项目库入库项目".to_owned(), 300.0)]
        );
        let within_three_years =
            sentence_targets(&clean("三年内注册企业800家。"), (2021, 2023), false, spec);
        let within_period =
            sentence_targets(&clean("试点期内注册企业800家。"), (2021, 2023), false, spec);
        assert!(within_three_years.len() == 1 && within_period.len() == 1);
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(
            DocKind::ImplementationPlan,
            &[
                "某市国家产融合作试点城市实施方案（2021—2023年）",
                "一、发展基础",
                "全市境内外上市公司17家，政府性融资担保机构在保余额45亿元。",
                "截至2020年末，全市制造业贷款余额486亿元，占各项贷款比重为17.2%，绿色贷款余额128亿元。",
                "二、主要任务",
                "力争政府性融资担保机构在保余额实现翻一番。",
                "力争制造业贷款占各项贷款比重提高3个百分点。",
                "推动绿色贷款余额在2020年基础上翻一番。",
                "推广知识产权质押融资，三年累计达到5亿元。",
                "普惠小微贷款余额年均增速不低于15%。",
                "科技型中小企业贷款余额年均增长25%。",
                "专精特新中小企业达到200家。",
                "供应链金融业务规模达到80亿元。",
                "制造业不良贷款率控制在1.5%以内。",
            ],
        );
        let report = doc(
            DocKind::SelfEvaluation,
            &[
                "某市国家产融合作试点城市自评报告",
                "一、试点成效",
                "全市政府性融资担保机构在保余额达到87.3亿元。",
                "全市制造业贷款占各项贷款比重19.6%，绿色贷款余额241.3亿元。",
                "4．知识产权质押融资：2021年1.2亿元，2022年1.9亿元，2023年2.3亿元。",
                "普惠小微贷款余额年均增长百分之十六点二。",
                "2023年末科技型中小企业贷款余额较年初增长31.2%。",
                "全市国家级专精特新“小巨人”企业21家。",
                "汽车及零部件产业链供应链金融业务规模34.7亿元。",
                "全市制造业贷款不良率1.21%。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        let doubled = line("在保余额");
        assert_eq!(
            (doubled.target.value, doubled.status),
            (90.0, Status::NotMet)
        );
        let share = line("占各项贷款比重");
        assert_eq!((share.target.value, share.status), (20.2, Status::NotMet));
        let green = line("绿色贷款余额");
        assert_eq!((green.target.value, green.status), (256.0, Status::NotMet));
        assert_eq!(
            line("知识产权").achieved.as_ref().map(|a| a.value),
            Some(5.4)
        );
        assert_eq!(
            line("普惠小微").achieved.as_ref().map(|a| a.value),
            Some(16.2)
        );
        assert_eq!(line("科技型中小企业").status, Status::NotReported);
        assert_eq!(line("专精特新").status, Status::NotReported);
        assert_eq!(line("供应链").status, Status::NotReported);
        assert_eq!(line("不良").status, Status::Met);
    }

    /// Rounds 22–23's kinds (see tests/ledger.rs).
    #[test]
    fn readings_of_rounds_twenty_two_and_twenty_three() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(
            DocKind::ImplementationPlan,
            &[
                "牡丹江市国家产融合作试点城市实施方案（2021—2023年）",
                "二、主要目标",
                "直接融资规模三年累计超过200亿元。",
                "2021—2023年全市累计实现直接融资不少于300亿元。",
                "境内外上市公司达到8家。",
                "制造业贷款余额年均增长12%以上。",
                "跨境人民币结算量年均增长15%。",
                "政府性融资担保业务规模（在保余额）突破60亿元。",
                "企业发行各类债券融资累计150亿元。",
                "每年为企业办理首贷不少于300笔。",
                "各级政府引导基金规模达到50亿元。",
                "对担保机构给予补贴，单家企业每年不超过50万元。",
            ],
        );
        let report = doc(
            DocKind::SelfEvaluation,
            &[
                "牡丹江市国家产融合作试点城市自评估报告",
                "一、试点成效",
                "2021年全市直接融资58.3亿元，2022年67.9亿元，2023年80.2亿元。",
                "三年间新增上市公司三家，上市公司总数增至七家，后备企业库在库企业52家。",
                "制造业贷款余额2021年末、2022年末、2023年末分别达到311.6亿元、354.0亿元、402.2亿元，三年年均增长13.6%。",
                "9.绥芬河市跨境人民币结算量年均增长21.3%。",
                "| 指标 | 目标值 | 完成值 | 完成率 |",
                "| 政府性融资担保在保余额（亿元） | 60 | 61.8 | 103.0% |",
                "| 债券融资累计（亿元） | 150 | 162.3 | 108.2% |",
                "2023年首贷续贷服务中心办理首贷412笔。",
                "各级政府引导基金实缴到位资金18.6亿元。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        let achieved = |name: &str| line(name).achieved.as_ref().map(|a| a.value);
        assert_eq!(achieved("直接融资规模"), Some(206.4));
        assert_eq!(achieved("上市公司"), Some(7.0));
        assert_eq!(achieved("制造业贷款余额"), Some(13.6));
        assert_eq!(line("跨境人民币").status, Status::NotReported);
        assert_eq!(achieved("在保余额"), Some(61.8));
        assert_eq!(achieved("债券"), Some(162.3));
        assert_eq!(achieved("首贷"), Some(412.0));
        assert_eq!(line("引导基金").status, Status::NotReported);
        assert!(lines
            .iter()
            .all(|l| l.target.value != 50.0 || l.name.contains("基金")));
        // Three figures 分别 after 三年来 are the period's three years.
        let three = doc(
            DocKind::SelfEvaluation,
            &[
                "肇庆市国家产融合作试点城市自评估报告",
                "一、试点成效",
                "三年来，全市企业分别通过股票、债券等渠道实现直接融资92.4亿元、108.7亿元和121.5亿元。",
            ],
        );
        let lines = ledger(&plan, Some(&three), &[], &profile);
        let total = lines.iter().find(|l| l.target.value == 300.0).expect("300");
        assert_eq!(total.achieved.as_ref().map(|a| a.value), Some(322.6));
    }

    /// Plan periods said in ways round 25's writer used: a range the plan is drawn up for in its
    /// preamble, and a range in brackets after a length of years.
    #[test]
    fn periods_of_round_twenty_five() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let plan = |line: &str| {
            crate::document::structure::document_of(
                "方案.docx",
                DocKind::ImplementationPlan,
                &["某市国家产融合作试点城市建设实施方案", "一、总体要求", line],
            )
        };
        for line in [
            "现就2021年至2023年我市国家产融合作试点城市建设工作制定如下方案。",
            "实施“一链一策”金融服务，力争用三年时间（2021—2023年），走出一条产融合作新路子。",
        ] {
            assert_eq!(
                plan_period(&plan(line), &profile.rules.period),
                Some((2021, 2023)),
                "{line}"
            );
        }
    }

    /// Periods of rounds 32 and 36: a range followed by 试点期内 in 总体思路 (阳泉), a range then
    /// 为试点期 (渭南), and only “到2023年，……” in 总体思路 over base figures of 2020 (汉中) — but not
    /// such an aim without those base figures, nor one in 重点任务.
    #[test]
    fn periods_of_rounds_thirty_two_and_thirty_six() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let period = |lines: &[&str]| {
            let mut all = vec!["某市产融合作试点实施方案"];
            all.extend_from_slice(lines);
            let doc = crate::document::structure::document_of(
                "方案.docx",
                DocKind::ImplementationPlan,
                &all,
            );
            plan_period(&doc, &profile.rules.period)
        };
        assert_eq!(
            period(&[
                "一、总体思路",
                "在2020—2022年试点期内，以数字经济、新材料为重点，推动产业链与金融链深度融合。"
            ]),
            Some((2020, 2022))
        );
        assert_eq!(period(&["2021年至2023年为试点期。"]), Some((2021, 2023)));
        let aim = "到2023年，全市产融合作机制基本健全，金融服务制造业的广度和深度明显拓展。";
        assert_eq!(
            period(&[
                "一、试点基础",
                "2020年末，全市制造业贷款余额196.8亿元。",
                "二、总体思路",
                aim
            ]),
            Some((2021, 2023))
        );
        assert_eq!(period(&["一、总体思路", aim]), None);
        assert_eq!(
            period(&[
                "一、试点基础",
                "2020年末，全市制造业贷款余额196.8亿元。",
                "三、重点任务",
                aim
            ]),
            None
        );
    }

    /// A period said as what it is, in the ways officials write it (河池 in round 41: “试点工作期限为
    /// 2021年至2023年” after 制定本工作方案): each read, and a title or a recollection not taken for
    /// a statement.
    #[test]
    fn period_statements_in_the_ways_officials_write_them() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let period = |line: &str| {
            let doc = crate::document::structure::document_of(
                "方案.docx",
                DocKind::ImplementationPlan,
                &["某市产融合作试点城市建设工作方案", line],
            );
            plan_period(&doc, &profile.rules.period)
        };
        for line in [
            "结合实际，制定本工作方案。试点工作期限为2021年至2023年。",
            "本方案实施期限为2021年1月1日至2023年12月31日。",
            "试点期自2021年起至2023年止。",
            "试点周期为三年（2021—2023年）。",
            "试点时间：2021年—2023年。",
            "试点建设期为2021年1月至2023年12月。",
            "执行期为2021—2023年。",
        ] {
            assert_eq!(period(line), Some((2021, 2023)), "{line}");
        }
        assert_eq!(
            period("我市2018—2020年试点期间，制造业贷款年均增长12%。"),
            None
        );
    }

    /// Rounds 40 and 41 (白城, 平凉, 玉林): an industry before 制造业 narrows the indicator (the
    /// city's 制造业贷款余额 answers no 新能源装备制造业贷款余额); 供应链融资 for 供应链金融融资规模; a
    /// share 占比 whose base the plan writes with its denominator (占制造业贷款的比重), the change in
    /// points read as the level to reach.
    #[test]
    fn readings_of_rounds_forty_and_forty_one() {
        let lines = readings(
            &[
                "某市产融合作试点城市实施方案（2020—2022年）",
                "一、发展基础",
                "2019年末，全市制造业贷款余额82.7亿元，制造业中长期贷款占制造业贷款的比重为24.6%。",
                "二、发展目标",
                "一是制造业中长期贷款占比提高5个百分点。",
                "二是推动新能源装备制造业贷款余额达到40亿元。",
                "三是供应链金融融资规模累计达到20亿元。",
            ],
            &[
                "某市产融合作试点工作自评估报告",
                "截至2022年末，全市制造业贷款余额101.0亿元，制造业中长期贷款余额占比30.1%。",
                "以链主企业为核心，累计为产业链上下游企业提供供应链融资24.6亿元。",
            ],
        );
        let line = |quote: &str| {
            (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"))
        };
        let share = line("提高5个百分点");
        assert_eq!(
            (share.target.value, share.target.unit.as_str()),
            (29.6, "%")
        );
        assert_eq!(share.achieved.as_ref().map(|a| a.value), Some(30.1));
        assert_eq!(line("新能源装备").status, Status::NotReported);
        assert_eq!(
            line("供应链金融融资规模")
                .achieved
                .as_ref()
                .map(|a| a.value),
            Some(24.6)
        );
    }

    /// Rounds 44 and 45 (益阳, 佳木斯, 普洱): a bare level after a clause widening an object
    /// (“扩大……资金池规模，达到1亿元以上”); a flow alone after a clause acting on such a flow
    /// (“开展知识产权质押融资，三年累计融资5亿元”); 在保余额 after what the guarantors did, written
    /// alone in the report.
    #[test]
    fn readings_of_rounds_forty_four_and_forty_five() {
        let lines = readings(
            &[
                "某市产融合作试点城市实施方案（2020—2022年）",
                "三、重点任务",
                "2.扩大中小微企业贷款风险补偿资金池规模，达到1亿元以上。",
                "11.开展知识产权质押融资，三年累计融资5亿元。",
                "推动政府性融资担保机构回归本源，在保余额不少于25亿元，为小微企业增信。",
            ],
            &[
                "某市产融合作试点工作自评估报告",
                "市融资担保公司完成增资，2022年末担保在保余额26.2亿元。",
                "知识产权质押融资三年累计4.6亿元。",
            ],
        );
        let line = |quote: &str| {
            (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"))
        };
        assert_eq!(
            line("达到1亿元以上").name,
            "中小微企业贷款风险补偿资金池规模"
        );
        let ip = line("三年累计融资5亿元");
        assert_eq!(ip.name, "知识产权质押融资");
        assert_eq!(ip.achieved.as_ref().map(|a| a.value), Some(4.6));
        assert_eq!(line("在保余额不少于25亿元").status, Status::Met);
    }

    /// A fall's sign before its percentage (“2020年-6.8%”) makes it negative; the dash of a range of
    /// percentages (5%-8%) or of years does not.
    #[test]
    fn a_fall_written_with_its_sign() {
        let spec = &crate::profile::Profile::embedded().rules.ledger;
        let values = |s: &str| {
            text::quantities(s, spec)
                .iter()
                .map(|q| q.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(values("2020年-6.8%，2021年18.5%"), vec![-6.8, 18.5]);
        assert_eq!(values("增速-3.2%"), vec![-3.2]);
        assert_eq!(values("费率5%-8%"), vec![5.0, 8.0]);
        assert_eq!(values("2021-2023年增长12%"), vec![12.0]);
    }

    /// Rounds 42 and 43 with rounds 35 and 37's 上市挂牌: firms listed and quoted reported as the
    /// two kinds apart, summed; an increment given as two levels (由3家增至8家); a total in the next
    /// clause opening with 累计; a count over the period not dated by an earlier clause's year;
    /// 工业增加值 no answer to 制造业增加值; a pool's 到位资金 its size; yearly increments listed
    /// 分别 without years, summed; a fall written -6.8%; “降低担保费率至1%以下” named 担保费率.
    #[test]
    fn readings_of_rounds_forty_two_and_forty_three() {
        let lines = readings(
            &[
                "某市产融合作试点城市实施方案（2021—2023年）",
                "一、主要目标",
                "（一）试点期内新增上市挂牌企业3家。",
                "（二）新增新三板挂牌企业5家。",
                "（三）知识产权质押融资金额累计突破3亿元。",
                "（四）新增上市公司1家。",
                "（五）制造业增加值占地区生产总值比重达到17%。",
                "（六）设立风险补偿资金池1.5亿元。",
                "（七）三年新增高新技术企业200家。",
                "（八）规模以上工业增加值年均增长9%左右。",
                "（九）降低担保费率至1%以下。",
            ],
            &[
                "某市产融合作试点工作自评估报告",
                "一、主要成效",
                "三年来，全市新增境内上市公司1家、区域股权市场挂牌企业2家。",
                "新三板挂牌企业由3家增至8家，区域性股权市场挂牌企业达到178家。",
                "知识产权质押融资从无到有、从少到多，累计3.4亿元，惠及企业143家。",
                "2022年，我市一家新能源企业在深交所创业板成功上市，试点期间新增上市公司1家。",
                "工业经济稳中向好，全市工业增加值占地区生产总值比重为15.1%。",
                "风险补偿资金池到位资金15000万元，累计为92家企业提供贷款风险补偿。",
                "高新技术企业净增数分别为58家、71家、64家，企业创新主体地位不断巩固。",
                "规上工业增加值增速：2021年-6.8%，2022年18.5%，2023年8.1%。",
                "平均担保费率降至0.8%。",
            ],
        );
        let line = |quote: &str| {
            (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"))
        };
        let achieved = |quote: &str| line(quote).achieved.as_ref().map(|a| a.value);
        assert_eq!(achieved("上市挂牌企业3家"), Some(3.0));
        assert_eq!(achieved("新三板挂牌企业5家"), Some(5.0));
        assert_eq!(achieved("累计突破3亿元"), Some(3.4));
        assert_eq!(achieved("新增上市公司1家"), Some(1.0));
        assert_eq!(line("制造业增加值").status, Status::NotReported);
        assert_eq!(achieved("资金池1.5亿元"), Some(15000.0));
        assert_eq!(achieved("高新技术企业200家"), Some(193.0));
        assert_eq!(achieved("年均增长9%"), Some(6.6));
        assert_eq!(line("年均增长9%").status, Status::NotMet);
        let fee = line("担保费率至1%");
        assert_eq!(fee.name, "担保费率");
        assert_eq!(fee.status, Status::Met);
    }

    /// The year a plan's aims reach, with its base year named too, as the period when nothing
    /// states it (the reader of the last resort): “到2023年” twice over figures of 2020 — not a
    /// lone “到2025年” beside a named 2022 (达州 in round 18), not a recollection's range.
    #[test]
    fn period_from_the_year_the_aims_reach() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let aimed = |lines: &[&str]| {
            let doc = crate::document::structure::document_of(
                "方案.docx",
                DocKind::ImplementationPlan,
                lines,
            );
            plan::most_aimed_year(&doc, &profile.rules.period)
        };
        let plan = [
            "某市产融合作试点工作方案",
            "一、发展基础",
            "2020年末，全市制造业贷款余额196.8亿元。",
            "二、重点任务",
            "（一）信贷支持。到2023年，制造业贷款余额达到300亿元。",
            "（二）直接融资。力争至2023年末新增上市企业3家。",
        ];
        assert_eq!(aimed(&plan), Some((2021, 2023)));
        assert_eq!(
            aimed(&[
                "某市产融合作试点工作方案",
                "2018年至2020年，全市累计新增上市企业2家；截至2020年底，制造业贷款余额120亿元。",
                "到2023年，制造业贷款余额达到300亿元。",
            ]),
            None
        );
        assert_eq!(
            aimed(&[
                "某市产融合作试点工作方案",
                "2022年末，全市制造业贷款余额180亿元。",
                "到2025年，形成若干千亿级产业集群。",
            ]),
            None
        );
    }

    /// Rounds 38 and 39 (鸡西, 安康, 石嘴山, 庆阳, 攀枝花, 铜仁, 延安): a total over the period and a
    /// year's part after 其中; one year's figure for a total over the period (no answer); 企业直接融资
    /// written 直接融资; 及 written 和; the figure before the firms, what they did closing the clause;
    /// a bare figure closing a sentence that opens with 推动; a first (零的突破) as a target of one
    /// firm, denied in the report; a risk pool (资金池) written 风险补偿资金.
    #[test]
    fn readings_of_rounds_thirty_eight_and_thirty_nine() {
        let lines = readings(
            &[
                "某市产融合作试点城市实施方案（2021—2023年）",
                "一、主要目标",
                "三年累计实现企业直接融资30亿元以上。",
                "新增新三板及区域股权市场挂牌企业20家。",
                "推动3家以上链主企业接入人民银行应收账款融资服务平台。",
                "力争试点期内新增上市企业1家。",
                "二、重点任务",
                "推动全市规模以上工业企业注册国家产融合作平台，平台注册企业800家。",
                "设立中小微企业贷款风险补偿资金，到2023年风险补偿资金池达到1亿元。",
                "三年累计发放科技贷款100亿元。",
            ],
            &[
                "某市产融合作试点工作自评估报告",
                "一、主要成效",
                "三年累计实现直接融资33.7亿元，其中2023年当年直接融资11.2亿元。",
                "试点期内，新增新三板和区域股权市场挂牌企业23家。",
                "四家链主企业接入应收账款融资服务平台。",
                "实现上市企业零的突破，1家企业在北交所上市。",
                "全市已有612家企业在国家产融合作平台完成注册。",
                "中小微企业贷款风险补偿资金到位8000万元。",
                "三年间全市新增上市公司1家，2023年发放科技贷款38亿元。",
            ],
        );
        let line = |quote: &str| {
            (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"))
        };
        let achieved = |quote: &str| line(quote).achieved.as_ref().map(|a| a.value);
        assert_eq!(achieved("企业直接融资30亿元"), Some(33.7));
        assert_eq!(achieved("挂牌企业20家"), Some(23.0));
        assert_eq!(achieved("链主企业接入"), Some(4.0));
        assert_eq!(achieved("新增上市企业1家"), Some(1.0));
        assert_eq!(achieved("平台注册企业800家"), Some(612.0));
        assert_eq!(achieved("资金池达到1亿元"), Some(8000.0));
        assert_eq!(line("科技贷款100亿元").status, Status::NotReported);
        let firsts = readings(
            &[
                "某市产融合作试点城市实施方案（2020—2022年）",
                "一、主要目标",
                "（四）资本市场有所突破。境内外上市公司实现零的突破，绿色债券发行实现零的突破。",
            ],
            &[
                "某市产融合作试点工作自评估报告",
                "上市后备企业库入库企业18家，但截至评估时，境内外上市公司尚未实现零的突破。",
            ],
        );
        let [first] = firsts.as_slice() else {
            panic!("one first of firms: {firsts:#?}")
        };
        assert_eq!(
            (first.target.value, first.target.unit.as_str()),
            (1.0, "家")
        );
        assert_eq!(first.achieved.as_ref().map(|a| a.value), Some(0.0));
        assert_eq!(first.status, Status::NotMet);
    }

    /// A report's results table whose first column is headed 目标 (潮州 in round 24), its units in
    /// the cells.
    #[test]
    fn a_results_table_headed_by_its_targets() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let plan = crate::document::structure::document_of(
            "方案.docx",
            DocKind::ImplementationPlan,
            &[
                "潮州市深化产融合作试点实施方案（2021—2023年）",
                "二、主要目标",
                "到2023年，全市制造业贷款余额达到350亿元，普惠小微贷款余额达到400亿元。",
            ],
        );
        let report = crate::document::structure::document_of(
            "报告.docx",
            DocKind::SelfEvaluation,
            &[
                "潮州市深化产融合作试点自评估报告",
                "三、目标完成情况",
                "| 目标 | 目标值 | 完成值 | 完成情况 |",
                "| 制造业贷款余额 | 350亿元 | 361.8亿元 | 超额完成 |",
                "| 普惠小微贷款余额 | 400亿元 | 386.2亿元 | 基本完成 |",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        assert_eq!(named(&lines, "制造业贷款余额").status, Status::Met);
        assert_eq!(named(&lines, "普惠小微").status, Status::NotMet);
    }
    /// Kinds of rounds 24–27's writers: a one-year target against a three-year sum, a county
    /// opening a report item, a fund's name written twice, 保持在 no name, an increment from the
    /// workbook's stock less the plan's base, 新三板挂牌 no listing, firms that got their first loan
    /// before the name, where or when only as a name, “……的突破”, another money figure between a
    /// loose name's head and tail; and a period after a verb of using or in the goals chapter.
    #[test]
    fn readings_of_rounds_twenty_four_to_twenty_seven() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(
            DocKind::ImplementationPlan,
            &[
                "晋中市国家产融合作试点城市实施方案（2021—2023年）",
                "一、现状基础",
                "全市规模以上工业企业826家，省级专精特新中小企业95家。",
                "二、主要目标",
                "2023年当年直接融资规模达到60亿元。",
                "规上工业企业净增100家以上。",
                "设立市工业发展引导基金，基金规模达到30亿元。",
                "制造业贷款余额达到350亿元，年均增速保持在12%以上。",
                "三年新增省级以上专精特新中小企业100家。",
                "试点期间新增境内外上市公司5家，试点三年累计实现债券融资300亿元。",
                "试点期内新增首贷企业1000户。",
                "应收账款融资达到80亿元。",
                "实现新增挂牌企业1家的突破。",
                "每年发行债券规模不低于50亿元。",
            ],
        );
        let report = doc(
            DocKind::SelfEvaluation,
            &[
                "晋中市国家产融合作试点城市自评估报告",
                "一、试点成效",
                "全市三年累计实现直接融资148亿元，其中债券融资96亿元，股权融资52亿元。",
                "全市净增规上工业企业112家。",
                "市工业发展引导基金规模27亿元。",
                "制造业贷款余额年均增长14.1%。",
                "试点期间，全市新增A股上市企业3家、新三板挂牌企业7家。",
                "三年来帮助1286户企业获得首次贷款。",
                "（六）供应链金融取得突破。",
                "闻喜县依托龙头企业搭建供应链金融平台，2022年县内应收账款融资31.5亿元。",
                "2023年全市企业发行债券58亿元，应急转贷资金规模达到20亿元。",
            ],
        );
        let book = [WorkbookRow {
            name: "专精特新中小企业数量".into(),
            unit: "家".into(),
            values: vec![(2021, 120.0), (2022, 158.0), (2023, 196.0)],
            evidence: Evidence {
                document: String::new(),
                section: None,
                block: 0,
                quote: String::new(),
            },
            cells: Vec::new(),
        }];
        let lines = ledger(&plan, Some(&report), &book, &profile);
        let line = |name: &str| named(&lines, name);
        let achieved = |name: &str| line(name).achieved.as_ref().map(|a| a.value);
        assert_eq!(line("当年直接融资").status, Status::NotReported);
        assert_eq!(achieved("规上工业企业"), Some(112.0));
        assert!(!line("引导基金规模").name.contains("基金基金"));
        assert_eq!(achieved("引导基金规模"), Some(27.0));
        assert!(lines.iter().all(|l| l.name != "保持在"));
        assert_eq!(achieved("专精特新"), Some(101.0));
        assert_eq!(achieved("上市公司"), Some(3.0));
        assert_eq!(line("债券融资").target.value, 300.0);
        assert_eq!(achieved("首贷企业"), Some(1286.0));
        assert_eq!(line("应收账款融资").status, Status::NotReported);
        assert_eq!(line("挂牌企业").name, "新增挂牌企业");
        assert_eq!(achieved("每年发行债券"), Some(58.0));
        // Periods: after a verb of using, and a forward range in the goals chapter.
        let period = |lines: &[&str]| {
            plan_period(
                &doc(DocKind::ImplementationPlan, lines),
                &profile.rules.period,
            )
        };
        assert_eq!(
            period(&[
                "驻马店市国家产融合作试点城市实施方案",
                "二、总体要求",
                "（三）工作目标。利用2021年至2023年三年时间，基本建成产融合作体系。",
            ]),
            Some((2021, 2023))
        );
        assert_eq!(
            period(&[
                "某市国家产融合作试点城市实施方案",
                "二、总体目标",
                "2021—2023年，力争全市制造业贷款余额年均增长10%以上。",
            ]),
            Some((2021, 2023))
        );
        // Under a heading of goals the range needs no word looking ahead (淮北 in round 29).
        assert_eq!(
            period(&[
                "淮北市深化国家产融合作试点实施方案",
                "三、试点目标",
                "2021年至2023年，全市产融合作工作取得明显成效，金融服务制造业质效持续提升。",
            ]),
            Some((2021, 2023))
        );
        // … but not a range recalled there, nor one outside those chapters.
        assert_eq!(
            period(&[
                "某市国家产融合作试点城市实施方案",
                "二、总体要求",
                "2018—2020年试点期间，我市已累计新增上市公司5家。",
            ]),
            None
        );
        assert_eq!(
            period(&[
                "某市国家产融合作试点城市实施方案",
                "三、重点任务",
                "2021—2023年，力争新增上市公司5家。",
            ]),
            None
        );
    }
    /// Kinds of rounds 28–29's writers: a target table whose first column is the rows' category,
    /// a base 基础上 without 的, a county-level city followed by when it acted, 企业注册.
    #[test]
    fn readings_of_rounds_twenty_eight_and_twenty_nine() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(
            DocKind::ImplementationPlan,
            &[
                "吕梁市国家产融合作试点城市实施方案（2021—2023年）",
                "二、主要目标",
                "科技型企业贷款余额在2019年65亿元基础上翻一番。",
                "推动1000家以上企业注册。",
                "2023年当年直接融资规模达到100亿元。",
                "到试点期末（2023年），主要指标达到：",
                "指标类别|指标名称|单位|目标值|目标要求",
                "金融支持|制造业贷款余额|亿元|180|不低于",
                "风险防控|银行业不良贷款率|%|3.5|不高于",
            ],
        );
        let report = doc(
            DocKind::SelfEvaluation,
            &[
                "吕梁市国家产融合作试点城市自评估报告",
                "一、试点成效",
                "孝义市全年实现直接融资43.6亿元。",
                "建成国家产融合作平台吕梁专区，注册企业846家。",
                "2023年末，全市科技型企业贷款余额142亿元，制造业贷款余额191.3亿元，银行业不良贷款率3.9%。",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        assert_eq!(line("科技型企业贷款余额").target.value, 130.0);
        assert_eq!(line("科技型企业贷款余额").status, Status::Met);
        assert_eq!(line("企业注册").status, Status::NotMet);
        assert_eq!(line("直接融资").status, Status::NotReported);
        assert_eq!(line("制造业贷款余额").status, Status::Met);
        assert_eq!(line("不良贷款率").status, Status::NotMet);
        assert!(lines.iter().all(|l| l.name != "金融支持"));
    }
    /// Kinds of rounds 27 and 30: figures under headings of the years summed for a target over the
    /// period, a line that is a year alone dating the lines under it, a change after a base “在……的
    /// 基础上”, 新培育 an increment, a district ending in 城区, a target cell “年均增长20%以上”, a share
    /// written after the words its denominator repeats.
    #[test]
    fn readings_of_rounds_twenty_seven_and_thirty() {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(
            DocKind::ImplementationPlan,
            &[
                "锦州市产融合作三年行动计划（2020—2022年）",
                "二、主要目标",
                "供应链金融融资规模累计50亿元。",
                "试点期累计实现知识产权质押融资3亿元。",
                "三年新增省级以上专精特新中小企业50家。",
                "绿色贷款占各项贷款比重在2019年6.5%的基础上提高3个百分点。",
                "制造业中长期贷款占制造业贷款比重不低于25%。",
                "| 类别 | 指标 | 目标 |",
                "| 信贷支持 | 普惠小微贷款余额 | 年均增长20%以上 |",
            ],
        );
        let report = doc(
            DocKind::SelfEvaluation,
            &[
                "锦州市产融合作试点自评估报告",
                "四、主要工作完成情况",
                "（一）2020年",
                "供应链金融融资14亿元。",
                "（二）2021年",
                "供应链金融融资18亿元。",
                "2021年：",
                "实现知识产权质押融资1.05亿元，惠及企业36家。",
                "（三）2022年",
                "供应链金融融资21亿元。",
                "五、其他成效",
                "试点期间累计完成知识产权质押融资32000万元。",
                "新培育省级以上专精特新中小企业58家。",
                "绿色贷款占比达到9.8%。",
                "试点期间全市制造业贷款年均增长14.1%，中长期贷款占制造业贷款比重达到27.3%。",
                "——普惠小微贷款余额年均增长22.5%；",
            ],
        );
        let lines = ledger(&plan, Some(&report), &[], &profile);
        let line = |name: &str| named(&lines, name);
        let achieved = |name: &str| line(name).achieved.as_ref().map(|a| a.value);
        assert_eq!(achieved("供应链金融"), Some(53.0));
        assert_eq!(achieved("知识产权质押融资"), Some(32000.0));
        assert_eq!(achieved("专精特新"), Some(58.0));
        assert_eq!(line("绿色贷款").status, Status::Met);
        assert_eq!(achieved("中长期"), Some(27.3));
        assert!(line("普惠小微").target.growth);
        assert_eq!(achieved("普惠小微"), Some(22.5));
        let spec = &profile.rules.ledger;
        assert!(!is_whole_area("清城区", spec));
        assert!(!is_whole_area("主城区", spec));
        assert!(!is_whole_area("中心城区", spec));
        assert!(is_whole_area("城区", spec));
    }

    /// The ledger of a plan and a report given as lines (the first line each document's title).
    fn readings(plan: &[&str], report: &[&str]) -> Vec<Line> {
        use crate::document::model::DocKind;
        let profile = crate::profile::Profile::embedded();
        let doc = |kind, lines: &[&str]| {
            crate::document::structure::document_of("文件.docx", kind, lines)
        };
        let plan = doc(DocKind::ImplementationPlan, plan);
        let report = doc(DocKind::SelfEvaluation, report);
        ledger(&plan, Some(&report), &[], &profile)
    }

    /// Rounds 31–33 (黄山, 辽阳, 漯河, 阳泉, 白山, 通辽, 乌海, 阜新): a period said only as “在2020—2022年
    /// 试点期内” in 总体思路; a measure alone after a target of the same measure; an aim in 重点任务
    /// opening with 力争; a base “在2019年基础上” no part of the name; 全覆盖 as 100%; 未新增 as 0;
    /// the measure said again in a yearly list; lines each opening with their year, summed; money
    /// summed 累计 for 新增; a run-in title before a district; a place after 其中; a table note
    /// “（三年累计，亿元）”; 注册企业数 written 注册企业.
    #[test]
    fn readings_of_rounds_thirty_one_to_thirty_three() {
        let lines = readings(
            &[
                "某市产融合作试点城市实施方案",
                "一、总体思路",
                "在2020—2022年试点期内，以数字经济、新材料为重点，推动产业链与金融链深度融合。",
                "二、主要目标",
                "一是制造业贷款余额年均增长12%以上，到期末余额超过160亿元。",
                "产业链重点企业融资对接覆盖率达到100%。",
                "（六）新增A股上市公司1家。",
                "融资租赁业务三年累计投放不少于25亿元。",
                "（四）新增直接融资（含债券、股权）不少于30亿元。",
                "制造业中长期贷款占制造业贷款比重在2019年基础上提高5个百分点。",
                "政府性融资担保机构在保余额突破30亿元。",
                "试点期间绿色债券发行规模20亿元。",
                "试点期末注册企业数达到1000家。",
                "新能源产业融资规模三年累计突破120亿元。",
                "知识产权质押融资累计达到15亿元。",
                "三、重点任务",
                "力争通过国家产融合作平台为企业获得融资50亿元。",
                "| 序号 | 指标 | 单位 | 目标值 |",
                "| 4 | 试点期间新增股权融资 | 亿元 | 15 |",
            ],
            &[
                "漯河市产融合作试点自评估报告",
                "一、主要指标完成情况",
                "截至2022年末，全市制造业贷款余额达到163.4亿元，三年年均增长13.2%。",
                "为每条产业链确定主办银行，链上重点企业融资对接实现全覆盖。",
                "7.上市公司：",
                "试点期内未新增A股上市公司。",
                "9.融资租赁：",
                "2020年投放6.8亿元，2021年投放7.9亿元，2022年投放9.1亿元。",
                "知识产权质押融资实现突破性增长，2020年登记质押融资3.2亿元，2021年5.1亿元，2022年7.4亿元。",
                "三年企业直接融资情况如下：",
                "2020年，企业通过债券、股权等方式实现直接融资6.8亿元；",
                "2021年，实现直接融资11.2亿元；",
                "2022年，实现直接融资14.5亿元。",
                "——中长期贷款：2022年末制造业中长期贷款占比达到28.3%，较2019年末提高6.3个百分点。",
                "——融资担保：郾城区融资担保公司在保余额8.6亿元，同比增长19%。",
                "霍林郭勒市铝产业绿色转型加快，其中霍林郭勒市企业发行绿色债券8亿元。",
                "平台于2020年9月上线，截至2022年末注册企业1186家。",
                "1.试点三年累计实现股权融资16.7亿元。",
                "平台累计发布企业融资需求63.5亿元。",
                "| 指标名称 | 目标值 | 实际完成 | 完成率 |",
                "| 新能源产业融资规模（三年累计，亿元） | 120 | 136.8 | 114.0% |",
            ],
        );
        let achieved = |quote: &str| {
            let line = (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"));
            assert_eq!(line.target.year, Some(2022), "{quote}");
            line.achieved.as_ref().map(|a| a.value)
        };
        assert_eq!(achieved("到期末余额"), Some(163.4));
        assert_eq!(achieved("覆盖率"), Some(100.0));
        assert_eq!(achieved("A股上市公司"), Some(0.0));
        assert_eq!(achieved("融资租赁"), Some(23.8));
        assert_eq!(achieved("知识产权"), Some(15.7));
        assert_eq!(achieved("直接融资"), Some(32.5));
        assert_eq!(achieved("中长期"), Some(6.3));
        assert_eq!(achieved("在保余额"), None);
        assert_eq!(achieved("绿色债券"), None);
        assert_eq!(achieved("注册企业数"), Some(1186.0));
        assert_eq!(achieved("新能源"), Some(136.8));
        assert_eq!(achieved("获得融资"), None);
        assert_eq!(achieved("股权融资"), Some(16.7));
    }

    /// Rounds 31, 34 and 35 (抚顺, 忻州, 亳州, 松原, 宿州, 双鸭山, 吴忠, 武威, 晋中, 淮北): a list's first
    /// item without a verb; a change in points leading to a level; figures describing a thing
    /// (产值超10亿元的骨干企业) and budgets (市财政三年安排) no targets, nor the region's (全区) or the
    /// province's (省下达); year headings dating the lines under them for a 每年 target; 自治区级 a
    /// rank, not a place; the urban core (中心城区) a part; a fund's 认缴规模 after its 到位资金; a
    /// part after 其中 with its own subject.
    #[test]
    fn readings_of_rounds_thirty_four_and_thirty_five() {
        let lines = readings(
            &[
                "某市产融合作试点实施方案（2020—2022年）",
                "二、主要目标",
                "到2022年，全市制造业贷款余额达到150亿元，国家产融合作平台注册企业600家、平台融资金额累计达到50亿元。",
                "制造业增加值占地区生产总值比重提高2个百分点，达到28%。",
                "三、重点任务",
                "加快培育一批产值超10亿元的骨干企业。",
                "三年新增专精特新企业20家。",
                "每年新增制造业贷款不少于25亿元。",
                "同期全区制造业贷款余额增速目标为10%，我市将力争高于全区平均水平。",
                "市财政三年安排产融合作专项资金不低于6000万元，其中2020年安排1500万元。",
                "安徽省下达我市的年度制造业中长期贷款增长目标为25%。",
                "设立产业转型升级引导基金，基金规模力争达到20亿元。",
                "政府引导基金规模达到30亿元，撬动社会资本不少于90亿元。",
                "三年新增首贷企业600户。",
            ],
            &[
                "松原市产融合作试点自评估报告",
                "一、分年度推进情况",
                "（一）2020年",
                "新增制造业贷款21.6亿元。",
                "（二）2021年",
                "新增制造业贷款27.4亿元。",
                "（三）2022年",
                "新增制造业贷款28.1亿元。",
                "二、主要成效",
                "截至2022年末，全市制造业贷款余额152亿元，国家产融合作平台注册企业达到655家。",
                "2022年全市制造业增加值占地区生产总值比重26.9%。",
                "（四）产业培育",
                "1.新培育自治区级专精特新中小企业24家。",
                "产业转型升级引导基金完成设立，目前到位资金12亿元，认缴规模18亿元。",
                "政府引导基金认缴规模32亿元，其中市级母基金带动子基金撬动社会资本41亿元。",
                "在市政务服务中心设立首贷续贷服务中心，中心城区新增首贷户712户。",
            ],
        );
        for not_target in ["骨干企业", "全区", "专项资金", "2020年安排", "下达"] {
            assert!(
                !lines
                    .iter()
                    .any(|l| l.target.evidence.quote.contains(not_target)),
                "{not_target}: {lines:#?}"
            );
        }
        let line = |quote: &str| {
            (lines.iter())
                .find(|l| l.target.evidence.quote.contains(quote))
                .unwrap_or_else(|| panic!("no target {quote}: {lines:#?}"))
        };
        let achieved = |quote: &str| line(quote).achieved.as_ref().map(|a| a.value);
        assert_eq!(achieved("每年新增制造业贷款"), Some(28.1));
        assert_eq!(line("注册企业600家").target.value, 600.0);
        assert_eq!(achieved("注册企业600家"), Some(655.0));
        let share = line("提高2个百分点");
        assert_eq!(
            (share.target.value, share.target.unit.as_str()),
            (28.0, "%")
        );
        assert_eq!(share.status, Status::NotMet);
        assert_eq!(achieved("专精特新"), Some(24.0));
        assert_eq!(achieved("基金规模力争"), Some(18.0));
        assert_eq!(achieved("撬动社会资本"), None);
        assert_eq!(achieved("首贷企业"), None);
    }
}
