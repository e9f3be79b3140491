//! Indicator values for a generated city and the workbook a city would fill in, with the oddities
//! real workbooks have: a title row, moved columns, merged 指标类别 cells, blank and note rows,
//! numbers written as text ("1,234.5", "12.5%", "约30"), percentages stored as fractions, formulas.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use super::rng::Rng;

/// The provisional template of DOMAIN.md: (id, category, name, unit).
pub const TEMPLATE: &[(&str, &str, &str, &str)] = &[
    ("gdp", "产业基础", "地区生产总值", "亿元"),
    (
        "industry_value_added",
        "产业基础",
        "规模以上工业增加值",
        "亿元",
    ),
    (
        "manufacturing_share",
        "产业基础",
        "制造业增加值占地区生产总值比重",
        "%",
    ),
    ("industrial_firms", "产业基础", "规模以上工业企业数量", "家"),
    ("high_tech_firms", "产业基础", "高新技术企业数量", "家"),
    ("specialized_smes", "产业基础", "专精特新中小企业数量", "家"),
    ("manufacturing_loans", "金融支持", "制造业贷款余额", "亿元"),
    (
        "manufacturing_long_loans",
        "金融支持",
        "制造业中长期贷款余额",
        "亿元",
    ),
    (
        "manufacturing_loan_growth",
        "金融支持",
        "制造业贷款余额增速",
        "%",
    ),
    (
        "inclusive_sme_loans",
        "金融支持",
        "普惠小微贷款余额",
        "亿元",
    ),
    ("green_loans", "金融支持", "绿色贷款余额", "亿元"),
    ("tech_firm_loans", "金融支持", "科技型企业贷款余额", "亿元"),
    (
        "ip_pledge_financing",
        "金融支持",
        "知识产权质押融资金额",
        "亿元",
    ),
    ("listed_companies", "金融支持", "境内外上市公司数量", "家"),
    ("direct_financing", "金融支持", "当年直接融资规模", "亿元"),
    ("guidance_funds", "金融支持", "政府引导基金规模", "亿元"),
    (
        "risk_compensation_pool",
        "金融支持",
        "风险补偿资金池规模",
        "亿元",
    ),
    (
        "platform_firms",
        "产融合作平台",
        "国家产融合作平台注册企业数量",
        "家",
    ),
    (
        "platform_financing",
        "产融合作平台",
        "通过国家产融合作平台获得融资金额",
        "亿元",
    ),
    (
        "guarantee_balance",
        "产融合作平台",
        "政府性融资担保机构在保余额",
        "亿元",
    ),
    ("npl_ratio", "风险防控", "银行业不良贷款率", "%"),
];

pub const YEARS: [u16; 3] = [2021, 2022, 2023];

/// True values by indicator id and year (units as in the template; % as percent, e.g. 31.5).
pub type Values = BTreeMap<String, BTreeMap<u16, f64>>;

fn round(v: f64, places: i32) -> f64 {
    let m = 10f64.powi(places);
    (v * m).round() / m
}

/// Plausible values for a city whose 2023 GDP is `gdp` (亿元).
pub fn values(gdp: f64, rng: &mut Rng) -> Values {
    let mut out = Values::new();
    for (id, _, _, unit) in TEMPLATE {
        let last = match *id {
            "gdp" => gdp,
            "industry_value_added" => gdp * rng.float(0.28, 0.42),
            "manufacturing_share" => rng.float(22.0, 40.0),
            "industrial_firms" => gdp * rng.float(0.3, 0.6),
            "high_tech_firms" => gdp * rng.float(0.15, 0.45),
            "specialized_smes" => gdp * rng.float(0.03, 0.08),
            "manufacturing_loans" => gdp * rng.float(0.06, 0.14),
            "manufacturing_long_loans" => gdp * rng.float(0.03, 0.06),
            "manufacturing_loan_growth" => rng.float(8.0, 25.0),
            "inclusive_sme_loans" => gdp * rng.float(0.05, 0.12),
            "green_loans" => gdp * rng.float(0.04, 0.1),
            "tech_firm_loans" => gdp * rng.float(0.03, 0.08),
            "ip_pledge_financing" => gdp * rng.float(0.002, 0.01),
            "listed_companies" => gdp * rng.float(0.004, 0.012),
            "direct_financing" => gdp * rng.float(0.03, 0.09),
            "guidance_funds" => gdp * rng.float(0.02, 0.06),
            "risk_compensation_pool" => rng.float(1.0, 20.0),
            "platform_firms" => gdp * rng.float(0.2, 0.8),
            "platform_financing" => gdp * rng.float(0.005, 0.02),
            "guarantee_balance" => gdp * rng.float(0.005, 0.02),
            "npl_ratio" => rng.float(0.8, 2.2),
            _ => 1.0,
        };
        let mut by_year = BTreeMap::new();
        let mut v = last;
        for y in YEARS.iter().rev() {
            let value = match *unit {
                "家" => v.round().max(1.0),
                "%" => round(v, 1),
                _ => round(v, 1),
            };
            by_year.insert(*y, value);
            let growth = if *unit == "%" {
                rng.float(0.9, 1.1)
            } else {
                rng.float(1.03, 1.15)
            };
            v /= growth;
        }
        out.insert(id.to_string(), by_year);
    }
    out
}

/// A planted workbook defect and what the value becomes.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "defect", rename_all = "snake_case")]
pub enum CellDefect {
    /// The cell for `year` is left blank (or written "暂无").
    Empty {
        id: String,
        year: u16,
        written: String,
    },
    /// The whole row is missing.
    RowMissing { id: String },
    /// An impossible value is written.
    Invalid {
        id: String,
        year: u16,
        written: String,
        why: String,
    },
}

/// Layout choices of one workbook, drawn per submission.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub title_row: bool,
    pub unit_after_years: bool,
    pub merged_categories: bool,
    pub blank_rows: bool,
    pub text_numbers: bool,
    pub percent_as_fraction: bool,
    pub note_row: bool,
    pub target_column: bool,
    pub growth_formula: bool,
}

impl Layout {
    pub fn draw(rng: &mut Rng, application: bool) -> Layout {
        Layout {
            title_row: rng.chance(0.6),
            unit_after_years: rng.chance(0.3),
            merged_categories: rng.chance(0.6),
            blank_rows: rng.chance(0.4),
            text_numbers: rng.chance(0.5),
            percent_as_fraction: rng.chance(0.4),
            note_row: rng.chance(0.5),
            target_column: application,
            growth_formula: rng.chance(0.3),
        }
    }
}

/// How a value is written in a cell under this layout: a number, or the text a person typed.
enum Written {
    Number(f64, Option<&'static str>),
    Text(String),
}

fn written(v: f64, unit: &str, layout: &Layout, rng: &mut Rng) -> Written {
    if unit == "%" {
        if layout.percent_as_fraction {
            return Written::Number(v / 100.0, Some("0.0%"));
        }
        if layout.text_numbers && rng.chance(0.5) {
            return Written::Text(format!("{v:.1}%"));
        }
        return Written::Number(v, None);
    }
    if layout.text_numbers && rng.chance(0.3) {
        if unit == "家" && v < 100.0 && rng.chance(0.3) {
            return Written::Text(format!("约{}", v as i64));
        }
        let s = if unit == "家" {
            format!("{}", v as i64)
        } else {
            format!("{v:.1}")
        };
        return Written::Text(thousands(&s));
    }
    Written::Number(v, None)
}

/// "12345.6" -> "12,345.6".
pub fn thousands(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Writes the indicator workbook.
pub fn write(
    path: &Path,
    city: &str,
    values: &Values,
    targets: Option<&BTreeMap<String, f64>>,
    layout: &Layout,
    defects: &[CellDefect],
    rng: &mut Rng,
) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the generated corpus byte-for-byte reproducible.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 15)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("试点指标")?;
    let bold = Format::new().set_bold();
    let mut row: u32 = 0;
    let mut headers: Vec<String> = vec!["序号".into(), "指标类别".into(), "指标名称".into()];
    let years: Vec<String> = YEARS.iter().map(|y| format!("{y}年")).collect();
    if layout.unit_after_years {
        headers.extend(years.iter().cloned());
        headers.push("单位".into());
    } else {
        headers.push("单位".into());
        headers.extend(years.iter().cloned());
    }
    if layout.target_column {
        headers.push("2026年目标值".into());
    }
    if layout.growth_formula {
        headers.push("2023年增速".into());
    }
    headers.push("备注".into());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or(0) as u16;
    if layout.title_row {
        ws.merge_range(
            0,
            0,
            0,
            headers.len() as u16 - 1,
            &format!("{city}国家产融合作试点指标数据"),
            &bold,
        )?;
        row = 2;
    }
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &bold)?;
    }
    row += 1;
    let mut serial = 0;
    let mut last_category = "";
    let mut category_start = row;
    let mut category_rows: Vec<(u32, u32, &str)> = Vec::new();
    for (id, category, name, unit) in TEMPLATE {
        if defects
            .iter()
            .any(|d| matches!(d, CellDefect::RowMissing { id: x } if x == id))
        {
            continue;
        }
        if *category != last_category {
            if !last_category.is_empty() {
                category_rows.push((category_start, row - 1, last_category));
                if layout.blank_rows {
                    row += 1;
                }
            }
            last_category = category;
            category_start = row;
        }
        serial += 1;
        ws.write_number(row, 0, serial as f64)?;
        if !layout.merged_categories || category_start == row {
            ws.write_string(row, 1, *category)?;
        }
        ws.write_string(row, 2, *name)?;
        ws.write_string(row, col("单位"), *unit)?;
        for (k, y) in YEARS.iter().enumerate() {
            let c = col(&years[k]);
            let planted = defects.iter().find_map(|d| match d {
                CellDefect::Empty {
                    id: x,
                    year,
                    written,
                }
                | CellDefect::Invalid {
                    id: x,
                    year,
                    written,
                    ..
                } if x == id && year == y => Some(written.clone()),
                _ => None,
            });
            match planted {
                Some(w) if w.is_empty() => {}
                Some(w) => match w.parse::<f64>() {
                    Ok(n) => ws.write_number(row, c, n).map(|_| ())?,
                    Err(_) => ws.write_string(row, c, &w).map(|_| ())?,
                },
                None => {
                    let v = values[*id][y];
                    match written(v, unit, layout, rng) {
                        Written::Number(n, Some(fmt)) => {
                            ws.write_number_with_format(
                                row,
                                c,
                                n,
                                &Format::new().set_num_format(fmt),
                            )?;
                        }
                        Written::Number(n, None) => {
                            ws.write_number(row, c, n)?;
                        }
                        Written::Text(t) => {
                            ws.write_string(row, c, &t)?;
                        }
                    }
                }
            }
        }
        if let (true, Some(t)) = (layout.target_column, targets.and_then(|t| t.get(*id))) {
            ws.write_number(row, col("2026年目标值"), *t)?;
        }
        if layout.growth_formula && *unit != "%" {
            let c22 = rust_xlsxwriter::utility::row_col_to_cell(row, col("2022年"));
            let c23 = rust_xlsxwriter::utility::row_col_to_cell(row, col("2023年"));
            let f = rust_xlsxwriter::Formula::new(format!("=IFERROR({c23}/{c22}-1,\"\")"));
            // Half the formulas carry a cached result, as Excel writes; the rest none, as scripts do.
            let v22 = values[*id][&2022];
            let v23 = values[*id][&2023];
            let f = if rng.chance(0.5) && v22 > 0.0 {
                f.set_result(format!("{}", v23 / v22 - 1.0))
            } else {
                f
            };
            ws.write_formula(row, col("2023年增速"), f)?;
        }
        row += 1;
    }
    category_rows.push((category_start, row - 1, last_category));
    if layout.merged_categories {
        for (a, b, cat) in category_rows {
            if b > a {
                ws.merge_range(a, 1, b, 1, cat, &Format::new())?;
            }
        }
    }
    if layout.note_row {
        ws.write_string(
            row + 1,
            0,
            "注：数据来源于市统计局、人民银行分支机构和金融监管部门，2023年数据为快报数。",
        )?;
    }
    ws.set_column_width(2, 36)?;
    wb.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands("1234567.8"), "1,234,567.8");
        assert_eq!(thousands("123"), "123");
        assert_eq!(thousands("1234"), "1,234");
    }
}
