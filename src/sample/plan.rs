//! What each generated submission is meant to be: role, city, heading mechanisms and planted defects.
//! The first twelve follow a fixed scenario that plants every flag code at least once; beyond that,
//! defects are drawn at random. The answer key is derived from these plans alone.

use std::collections::BTreeMap;

use serde::Serialize;

use super::indicators::{CellDefect, Values};
use super::rng::Rng;
use crate::submission::{ProvinceKind, Role};

/// How a document's headings are made, so every mechanism the extractor supports is exercised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// Built-in styles Heading1.. named "heading 1" with outline levels.
    StylesEn,
    /// WPS/Chinese Word: numeric style ids "1","2","3" named "标题 1" .., no outline level.
    StylesZhNumeric,
    /// Custom style names (一级标题 / 二级标题 / 三级标题) without outline levels.
    CustomNames,
    /// Plain paragraphs with w:outlineLvl set directly.
    OutlineDirect,
    /// Normal paragraphs with the 公文 label typed in the text.
    Typed,
    /// Labels only in numbering.xml (chineseCounting "%1、", "（%2）", decimal "%3.").
    NumberingXml,
}

pub const MECHANISMS: [Mechanism; 6] = [
    Mechanism::StylesEn,
    Mechanism::StylesZhNumeric,
    Mechanism::CustomNames,
    Mechanism::OutlineDirect,
    Mechanism::Typed,
    Mechanism::NumberingXml,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Continuation {
    Continue,
    End,
    Unstated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PeriodPlan {
    Three,
    NotThree(u16, u16),
    Missing,
}

/// What an application states about one kind of risk event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskOutcome {
    Stated,
    Missing,
    /// Only a plan ("力争不发生"), which is no record.
    PlanOnly,
    /// An event is disclosed; `above` says whether its level reaches the excluding threshold.
    Disclosed {
        sentence: String,
        above: bool,
    },
}

/// A planted mismatch between narrative and workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub id: String,
    pub quoted: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubPlan {
    pub index: usize,
    pub name: String,
    pub city: String,
    pub short: String,
    pub province: String,
    pub province_kind: ProvinceKind,
    pub role: Role,
    #[serde(skip)]
    pub role_is_application: bool,
    pub gdp: f64,
    pub with_toml: bool,
    pub submitted: String,
    pub continuation: Option<Continuation>,
    /// The continuing city's plan is planted missing.
    pub plan_missing: bool,
    pub report_mechanism: Mechanism,
    pub plan_mechanism: Mechanism,
    pub missing_sections: Vec<&'static str>,
    pub thin_sections: Vec<&'static str>,
    /// (section, the section whose text carries it without a heading of its own)
    pub merged_sections: Vec<(&'static str, &'static str)>,
    /// One heading for two sections (first, second).
    pub combined_heading: Option<(&'static str, &'static str)>,
    pub missing_docs: Vec<&'static str>,
    pub unreadable_evidence: bool,
    pub risk: Vec<(&'static str, RiskOutcome)>,
    pub risk_combined: bool,
    /// An event an evaluation discloses (below threshold), appended to its last section.
    pub evaluation_event: Option<String>,
    pub period: PeriodPlan,
    pub targets_quantified: bool,
    pub missing_finance: Vec<&'static str>,
    pub letter_issuer_wrong: bool,
    pub letter_recipient: String,
    pub cell_defects: Vec<CellDefect>,
    pub mismatch: Option<Mismatch>,
    pub practices: Vec<&'static str>,
    /// Copies two paragraphs of this earlier submission into its own report.
    pub copy_from: Option<usize>,
    /// Plain file names ("附件1.docx") instead of descriptive ones.
    pub anonymous_names: bool,
    #[serde(skip)]
    pub values: Values,
    #[serde(skip)]
    pub targets: BTreeMap<String, f64>,
    /// An application's new plan sets this indicator's target below its own 2023 workbook value.
    #[serde(skip)]
    pub implausible: Option<&'static str>,
    /// An evaluation city's earlier plan (2021—2023年) in its package, with planted outcomes.
    #[serde(skip)]
    pub earlier: Option<super::earlier::EarlierPlan>,
}

impl SubPlan {
    pub fn letter_date_text(&self) -> String {
        let mut p = self
            .submitted
            .split('-')
            .map(|x| x.parse::<u32>().unwrap_or(1));
        let (y, m, d) = (
            p.next().unwrap_or(2024),
            p.next().unwrap_or(1),
            p.next().unwrap_or(1),
        );
        format!("{y}年{m}月{d}日")
    }

    pub fn is_late(&self) -> bool {
        self.submitted.as_str() > super::DEADLINE
    }
}

/// (city, province, kind, 2023 GDP in 亿元)
pub const CITIES: &[(&str, &str, ProvinceKind, f64)] = &[
    ("厦门市", "福建省", ProvinceKind::SeparatelyListed, 8066.0),
    ("苏州市", "江苏省", ProvinceKind::Province, 24653.0),
    ("宁波市", "浙江省", ProvinceKind::SeparatelyListed, 16452.0),
    ("合肥市", "安徽省", ProvinceKind::Province, 12673.0),
    ("成都市", "四川省", ProvinceKind::Province, 22074.0),
    ("常州市", "江苏省", ProvinceKind::Province, 10116.0),
    ("无锡市", "江苏省", ProvinceKind::Province, 15456.0),
    ("南通市", "江苏省", ProvinceKind::Province, 11813.0),
    ("洛阳市", "河南省", ProvinceKind::Province, 5481.0),
    ("青岛市", "山东省", ProvinceKind::SeparatelyListed, 15760.0),
    ("石河子市", "新疆生产建设兵团", ProvinceKind::Corps, 560.0),
    ("赣州市", "江西省", ProvinceKind::Province, 4606.0),
    ("株洲市", "湖南省", ProvinceKind::Province, 3800.0),
    ("柳州市", "广西壮族自治区", ProvinceKind::Province, 3106.0),
    ("芜湖市", "安徽省", ProvinceKind::Province, 4741.0),
    ("泉州市", "福建省", ProvinceKind::Province, 12172.0),
    ("佛山市", "广东省", ProvinceKind::Province, 13276.0),
    ("东莞市", "广东省", ProvinceKind::Province, 11438.0),
    ("温州市", "浙江省", ProvinceKind::Province, 8730.0),
    ("绍兴市", "浙江省", ProvinceKind::Province, 7791.0),
    ("烟台市", "山东省", ProvinceKind::Province, 10162.0),
    ("潍坊市", "山东省", ProvinceKind::Province, 7606.0),
    ("襄阳市", "湖北省", ProvinceKind::Province, 5843.0),
    ("宜昌市", "湖北省", ProvinceKind::Province, 5756.0),
    ("长沙市", "湖南省", ProvinceKind::Province, 14331.0),
    ("西安市", "陕西省", ProvinceKind::Province, 12010.0),
    ("宝鸡市", "陕西省", ProvinceKind::Province, 2600.0),
    ("兰州市", "甘肃省", ProvinceKind::Province, 3487.0),
    ("银川市", "宁夏回族自治区", ProvinceKind::Province, 2685.0),
    ("包头市", "内蒙古自治区", ProvinceKind::Province, 4300.0),
    ("鄂尔多斯市", "内蒙古自治区", ProvinceKind::Province, 5849.0),
    ("大连市", "辽宁省", ProvinceKind::SeparatelyListed, 8752.0),
    ("沈阳市", "辽宁省", ProvinceKind::Province, 8122.0),
    ("长春市", "吉林省", ProvinceKind::Province, 7002.0),
    ("哈尔滨市", "黑龙江省", ProvinceKind::Province, 5576.0),
    ("太原市", "山西省", ProvinceKind::Province, 5573.0),
    ("石家庄市", "河北省", ProvinceKind::Province, 7534.0),
    ("唐山市", "河北省", ProvinceKind::Province, 9133.0),
    ("郑州市", "河南省", ProvinceKind::Province, 13617.0),
    ("南昌市", "江西省", ProvinceKind::Province, 7324.0),
    ("贵阳市", "贵州省", ProvinceKind::Province, 5154.0),
    ("昆明市", "云南省", ProvinceKind::Province, 7864.0),
    ("南宁市", "广西壮族自治区", ProvinceKind::Province, 5469.0),
    ("海口市", "海南省", ProvinceKind::Province, 2358.0),
    ("西宁市", "青海省", ProvinceKind::Province, 1800.0),
    (
        "乌鲁木齐市",
        "新疆维吾尔自治区",
        ProvinceKind::Province,
        4168.0,
    ),
    ("深圳市", "广东省", ProvinceKind::SeparatelyListed, 34606.0),
    ("上海市浦东新区", "上海市", ProvinceKind::Province, 16715.0),
    ("天津市滨海新区", "天津市", ProvinceKind::Province, 7000.0),
    ("重庆市两江新区", "重庆市", ProvinceKind::Province, 5000.0),
];

pub const EVALUATION_SECTIONS: &[&str] = &[
    "guarantee.organization",
    "guarantee.policy",
    "guarantee.resources",
    "guarantee.work",
    "innovation.policy",
    "innovation.platform",
    "innovation.products",
    "results.chain_resilience",
    "results.innovation_capacity",
    "results.structure_upgrade",
    "results.digital_real",
    "results.green",
    "experience.distilled",
    "experience.promotion",
];

fn base(index: usize, city: usize, role: Role, rng: &mut Rng) -> SubPlan {
    let (name, province, kind, gdp) = CITIES[city % CITIES.len()];
    let short = name.trim_end_matches('市').to_string();
    let short = short.split('市').next().unwrap_or(&short).to_string();
    let application = role == Role::Application;
    let day = rng.range(8, 30);
    let recipient = match kind {
        ProvinceKind::SeparatelyListed => "工业和信息化部财务司".to_string(),
        ProvinceKind::Corps => "新疆生产建设兵团工业和信息化局".to_string(),
        ProvinceKind::Province => format!("{province}工业和信息化厅"),
    };
    let mut practices: Vec<&'static str> = Vec::new();
    if !application {
        let shared: Vec<&'static str> = super::prose::PRACTICES
            .iter()
            .filter(|p| !p.unique)
            .map(|p| p.id)
            .collect();
        practices = rng.sample(&shared, 2);
    }
    SubPlan {
        index,
        name: format!("{:02}-{}", index + 1, name),
        city: name.to_string(),
        short,
        province: province.to_string(),
        province_kind: kind,
        role,
        role_is_application: application,
        gdp,
        with_toml: true,
        submitted: format!("2024-01-{day:02}"),
        continuation: (!application).then_some(Continuation::Continue),
        plan_missing: false,
        report_mechanism: MECHANISMS[index % 6],
        plan_mechanism: MECHANISMS[(index + 3) % 6],
        missing_sections: Vec::new(),
        thin_sections: Vec::new(),
        merged_sections: Vec::new(),
        combined_heading: None,
        missing_docs: Vec::new(),
        unreadable_evidence: false,
        risk: ["environment", "safety", "financial"]
            .iter()
            .map(|k| (*k, RiskOutcome::Stated))
            .collect(),
        risk_combined: rng.chance(0.5),
        evaluation_event: None,
        period: PeriodPlan::Three,
        targets_quantified: true,
        missing_finance: Vec::new(),
        letter_issuer_wrong: false,
        letter_recipient: recipient,
        cell_defects: Vec::new(),
        mismatch: None,
        practices,
        copy_from: None,
        anonymous_names: rng.chance(0.3),
        values: Values::new(),
        targets: BTreeMap::new(),
        implausible: None,
        earlier: None,
    }
}

fn set_risk(p: &mut SubPlan, kind: &'static str, outcome: RiskOutcome) {
    p.risk_combined = false;
    for r in &mut p.risk {
        if r.0 == kind {
            r.1 = outcome.clone();
        }
    }
}

/// The fixed scenario of the first twelve submissions: every flag code planted at least once.
fn scenario(index: usize, rng: &mut Rng) -> SubPlan {
    use Role::{Application as A, Evaluation as E};
    let role = [E, E, E, E, E, A, A, A, A, A, A, A][index];
    let mut p = base(index, index, role, rng);
    match index {
        0 => {
            p.practices = vec![
                "ip_pledge_pool",
                "supply_chain_finance",
                "data_asset_pledge",
            ];
            p.combined_heading = Some(("guarantee.organization", "guarantee.work"));
        }
        1 => {
            p.with_toml = false;
            p.plan_missing = true;
            p.practices = vec!["ip_pledge_pool", "whitelist"];
        }
        2 => {
            p.continuation = Some(Continuation::Unstated);
            p.missing_sections = vec!["results.green"];
            p.thin_sections = vec!["experience.promotion"];
            p.practices = vec!["ip_pledge_pool", "listing_pipeline"];
        }
        3 => {
            p.continuation = Some(Continuation::End);
            p.unreadable_evidence = true;
            p.practices = vec!["supply_chain_finance", "carbon_account_credit"];
            p.evaluation_event = Some(
                "2022年，我市发生1起Ⅲ级（较大）突发环境事件，已妥善处置，未造成重大影响。".into(),
            );
        }
        4 => {
            p.practices = vec!["supply_chain_finance", "whitelist", "listing_pipeline"];
            p.merged_sections = vec![("guarantee.resources", "guarantee.policy")];
            p.missing_sections = vec!["innovation.platform"];
        }
        5 => {
            p.with_toml = false;
        }
        6 => {
            p.copy_from = Some(4);
            p.thin_sections = vec!["schedule"];
        }
        7 => {
            set_risk(&mut p, "financial", RiskOutcome::Missing);
            p.period = PeriodPlan::NotThree(2024, 2025);
        }
        8 => {
            set_risk(&mut p, "environment", RiskOutcome::Disclosed {
                sentence: "2022年8月，我市发生1起突发环境事件，经评估为Ⅱ级（重大），已按规定妥善处置。".into(),
                above: true,
            });
            p.letter_issuer_wrong = true;
            p.missing_sections = vec!["guarantees.funding"];
            p.implausible = Some("listed_companies");
        }
        9 => {
            p.targets_quantified = false;
            p.missing_finance = vec!["pension"];
            p.submitted = "2024-02-05".into();
            set_risk(&mut p, "safety", RiskOutcome::PlanOnly);
        }
        10 => {
            p.period = PeriodPlan::Missing;
            p.merged_sections = vec![("guarantees.funding", "guarantees.policy")];
        }
        11 => {
            p.with_toml = false;
            p.missing_docs = vec!["indicators"];
            set_risk(&mut p, "safety", RiskOutcome::Disclosed {
                sentence: "2022年全市发生1起较大生产安全事故，已依法调查处理；近3年未发生重大及特别重大生产安全事故。".into(),
                above: false,
            });
            p.missing_finance = vec!["digital", "technology"];
        }
        _ => {}
    }
    p
}

/// A random plan for submissions past the fixed scenario.
fn random(index: usize, rng: &mut Rng) -> SubPlan {
    let role = if rng.chance(0.45) {
        Role::Evaluation
    } else {
        Role::Application
    };
    let city = rng.range(0, CITIES.len() as u64 - 1) as usize;
    let mut p = base(index, city, role, rng);
    p.name = format!("{:04}-{}", index + 1, p.city);
    p.with_toml = rng.chance(0.8);
    if role == Role::Evaluation {
        p.continuation = Some(rng.pick(&[
            Continuation::Continue,
            Continuation::Continue,
            Continuation::End,
            Continuation::Unstated,
        ]));
        if p.continuation == Some(Continuation::Continue) && rng.chance(0.1) {
            p.plan_missing = true;
        }
        if rng.chance(0.15) {
            p.missing_sections.push(rng.pick(&[
                "results.green",
                "innovation.platform",
                "experience.promotion",
                "results.digital_real",
            ]));
        }
        if rng.chance(0.15) {
            let t = rng.pick(&[
                "experience.promotion",
                "guarantee.work",
                "results.innovation_capacity",
            ]);
            if !p.missing_sections.contains(&t) {
                p.thin_sections.push(t);
            }
        }
        if rng.chance(0.1) {
            p.practices
                .push(rng.pick(&["data_asset_pledge", "carbon_account_credit"]));
        }
    } else {
        if rng.chance(0.1) {
            set_risk(
                &mut p,
                rng.pick(&["environment", "safety", "financial"]),
                RiskOutcome::Missing,
            );
        }
        if rng.chance(0.05) {
            set_risk(&mut p, "financial", RiskOutcome::PlanOnly);
        }
        if rng.chance(0.1) {
            p.period = if rng.chance(0.5) {
                PeriodPlan::Missing
            } else {
                PeriodPlan::NotThree(2024, 2028)
            };
        }
        if rng.chance(0.1) {
            p.targets_quantified = false;
        }
        if rng.chance(0.1) {
            p.missing_finance
                .push(rng.pick(&["pension", "digital", "green"]));
        }
        if rng.chance(0.05) {
            p.letter_issuer_wrong = true;
        }
        if rng.chance(0.1) {
            p.missing_sections.push("guarantees.funding");
        }
    }
    if rng.chance(0.05) {
        p.submitted = format!("2024-02-{:02}", rng.range(1, 20));
    }
    if rng.chance(0.05) {
        p.missing_docs.push("indicators");
    }
    if rng.chance(0.05) {
        p.unreadable_evidence = true;
    }
    if index > 12 && rng.chance(0.03) {
        p.copy_from = Some(rng.range(0, index as u64 - 1) as usize);
    }
    p
}

/// Plans for `n` submissions: the scenario first, then random ones. Values and defects of the
/// indicator workbooks are drawn here too, so the answer key needs nothing else.
pub fn plans(n: usize, rng: &Rng) -> Vec<SubPlan> {
    (0..n)
        .map(|i| {
            let mut r = rng.fork(i as u64 + 1);
            let mut p = if i < 12 {
                scenario(i, &mut r)
            } else {
                random(i, &mut r)
            };
            p.values = super::indicators::values(p.gdp * r.float(0.95, 1.05), &mut r);
            p.targets = p
                .values
                .iter()
                .map(|(id, by_year)| {
                    let v = by_year[&2023];
                    let unit = super::indicators::TEMPLATE
                        .iter()
                        .find(|t| t.0 == id)
                        .map_or("", |t| t.3);
                    let t = match unit {
                        "%" => v,
                        "家" => (v * 1.3).round(),
                        _ => (v * 13.0).round() / 10.0,
                    };
                    (id.clone(), t)
                })
                .collect();
            indicator_defects(i, &mut p, &mut r);
            p.earlier = earlier_plan(i, &p, &mut rng.fork(50_000 + i as u64));
            p
        })
        .collect()
}

/// The earlier plan an evaluation city sends in its package: fixed outcomes for the scenario's
/// cities (city 1 sends only this plan though it continues; city 2 sends none), half of the
/// random ones.
fn earlier_plan(i: usize, p: &SubPlan, r: &mut Rng) -> Option<super::earlier::EarlierPlan> {
    use super::earlier::{draw, Outcome::*};
    if p.role != Role::Evaluation {
        return None;
    }
    match i {
        0 => Some(draw(p, &[Met, NotMet, Met, NotReported], r)),
        1 => Some(draw(p, &[Met, NotMet, Met], r)),
        2 => None,
        3 => Some(draw(p, &[NotMet, Met, Met], r)),
        4 => Some(draw(p, &[Met, NotMet, Met], r)),
        _ if r.chance(0.5) => Some(draw(p, &[], r)),
        _ => None,
    }
}

fn indicator_defects(i: usize, p: &mut SubPlan, r: &mut Rng) {
    if p.missing_docs.contains(&"indicators") {
        return;
    }
    let empty = |id: &str, year, written: &str| CellDefect::Empty {
        id: id.into(),
        year,
        written: written.into(),
    };
    match i {
        3 => {
            let v = p.values["manufacturing_loans"][&2023];
            p.mismatch = Some(Mismatch {
                id: "manufacturing_loans".into(),
                quoted: (v * 1.25 * 10.0).round() / 10.0,
            });
        }
        4 => {
            p.cell_defects.push(empty("green_loans", 2023, ""));
            p.cell_defects.push(CellDefect::RowMissing {
                id: "guarantee_balance".into(),
            });
        }
        10 => {
            p.cell_defects.push(CellDefect::Invalid {
                id: "manufacturing_share".into(),
                year: 2022,
                written: "135.2".into(),
                why: "share above 100%".into(),
            });
            p.cell_defects.push(CellDefect::Invalid {
                id: "listed_companies".into(),
                year: 2023,
                written: "较多".into(),
                why: "not a number".into(),
            });
        }
        _ if i >= 12 => {
            if r.chance(0.1) {
                let (id, _, _, _) = r.pick(super::indicators::TEMPLATE);
                p.cell_defects
                    .push(empty(id, 2023, if r.chance(0.5) { "" } else { "暂无" }));
            }
            if r.chance(0.05) {
                p.cell_defects.push(CellDefect::Invalid {
                    id: "industrial_firms".into(),
                    year: 2022,
                    written: "-12".into(),
                    why: "negative count".into(),
                });
            }
            if r.chance(0.05) {
                let v = p.values["manufacturing_loans"][&2023];
                p.mismatch = Some(Mismatch {
                    id: "manufacturing_loans".into(),
                    quoted: (v * 0.7 * 10.0).round() / 10.0,
                });
            }
        }
        _ => {}
    }
}
