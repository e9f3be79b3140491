//! review.xlsx for scoring: a summary sheet (one row per submission, counts per severity and per flag
//! code), one sheet per province with its quota check, and a sheet of every flag with its evidence.

use crate::check::code::FlagCode;
use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::check::review::Review;
use crate::profile::severity::Severity;
use crate::profile::Profile;
use crate::submission::Role;

fn header(
    ws: &mut Worksheet,
    names: &[&str],
    widths: &[f64],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let bold = Format::new().set_bold().set_background_color("#EEEEEE");
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, &bold)?;
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(12.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Printing for the 评审会: A4 landscape, one page wide, the header row on every page.
fn print_setup(ws: &mut Worksheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn role(r: &Review) -> &'static str {
    match r.role {
        Some(Role::Evaluation) => "评估",
        Some(Role::Application) => "申报",
        None => "未知",
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\.
fn sheet_name(s: &str, used: &mut Vec<String>) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut name = if clean.is_empty() {
        "未知".to_string()
    } else {
        clean
    };
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{}{n}", name.chars().take(26).collect::<String>());
        n += 1;
    }
    used.push(name.clone());
    name
}

pub fn write(path: &Path, reviews: &[Review], profile: &Profile) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    let mut used = vec!["汇总".to_string(), "问题清单".to_string()];

    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    let mut names = vec!["报送单位", "城市", "省份", "类型"];
    names.extend(Severity::ALL.map(Severity::zh));
    names.extend(FlagCode::ALL.iter().map(|c| c.zh()));
    let mut widths = vec![22.0, 12.0, 16.0, 8.0, 8.0, 8.0, 8.0];
    widths.extend(
        FlagCode::ALL
            .iter()
            .map(|c| (c.zh().chars().count() as f64 * 2.2).max(10.0)),
    );
    header(ws, &names, &widths)?;
    for (i, r) in reviews.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.submission)?;
        ws.write_string(row, 1, r.city.as_deref().unwrap_or(""))?;
        ws.write_string(row, 2, r.province.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, role(r))?;
        for (k, s) in [Severity::Blocker, Severity::Warning, Severity::Info]
            .iter()
            .enumerate()
        {
            ws.write_number(row, 4 + k as u16, r.count(*s) as f64)?;
        }
        for (k, code) in FlagCode::ALL.iter().enumerate() {
            let n = r.flags.iter().filter(|f| f.code == *code).count();
            ws.write_number(row, 7 + k as u16, n as f64)?;
        }
    }
    ws.autofilter(0, 0, reviews.len() as u32, names.len() as u16 - 1)?;
    print_setup(ws)?;

    // One sheet per province: its submissions and the quota check.
    let mut provinces: BTreeMap<String, Vec<&Review>> = BTreeMap::new();
    for r in reviews {
        provinces
            .entry(r.province.clone().unwrap_or_else(|| "未知".into()))
            .or_default()
            .push(r);
    }
    let q = &profile.rules.quota;
    for (province, rs) in &provinces {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(province, &mut used))?;
        header(
            ws,
            &[
                "报送单位",
                "城市",
                "类型",
                "占用名额",
                "名额上限",
                "是否超出",
                Severity::Blocker.zh(),
                Severity::Warning.zh(),
                Severity::Info.zh(),
            ],
            &[22.0, 14.0, 8.0, 10.0, 10.0, 10.0, 8.0, 8.0, 8.0],
        )?;
        print_setup(ws)?;
        let new: Vec<&&Review> = rs
            .iter()
            .filter(|r| r.role == Some(Role::Application))
            .collect();
        let exceeded = rs
            .iter()
            .any(|r| r.flags.iter().any(|f| f.code == FlagCode::QuotaExceeded));
        let limit = if province == crate::document::gazetteer::CORPS {
            q.corps
        } else {
            q.province
        };
        for (i, r) in rs.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, &r.submission)?;
            ws.write_string(row, 1, r.city.as_deref().unwrap_or(""))?;
            ws.write_string(row, 2, role(r))?;
            let uses = r.role == Some(Role::Application);
            ws.write_string(
                row,
                3,
                if uses {
                    "是"
                } else {
                    "否（继续试点不占名额）"
                },
            )?;
            let separately = r.flags.iter().any(|f| {
                f.code == FlagCode::QuotaExceeded && f.subject.as_deref() == r.city.as_deref()
            });
            ws.write_number(
                row,
                4,
                if separately {
                    q.separately_listed
                } else {
                    limit
                } as f64,
            )?;
            let own = r.flags.iter().any(|f| f.code == FlagCode::QuotaExceeded);
            ws.write_string(row, 5, if own { "超出" } else { "" })?;
            ws.write_number(row, 6, r.count(Severity::Blocker) as f64)?;
            ws.write_number(row, 7, r.count(Severity::Warning) as f64)?;
            ws.write_number(row, 8, r.count(Severity::Info) as f64)?;
        }
        let last = rs.len() as u32 + 2;
        ws.write_string(
            last,
            0,
            format!(
                "新申报城市 {} 个，名额上限 {limit} 个（计划单列市、兵团另计）{}",
                new.len(),
                if exceeded { "，超出名额" } else { "" }
            ),
        )?;
        ws.autofilter(0, 0, rs.len() as u32, 8)?;
    }

    // Every flag with its evidence.
    let ws = wb.add_worksheet();
    ws.set_name("问题清单")?;
    // One row per flag for the 评审会: numbered, its evidence in one cell, a link to the submission's
    // page, and empty columns for the panel's opinion, score and conclusion.
    let names = [
        "序号",
        "报送单位",
        "城市",
        "省份",
        "严重程度",
        "问题",
        "对象",
        "说明",
        "证据（文件 · 位置 · 原文）",
        "审查页",
        "评审意见",
        "得分",
        "结论",
    ];
    header(
        ws,
        &names,
        &[
            6.0, 18.0, 10.0, 10.0, 9.0, 22.0, 20.0, 50.0, 60.0, 10.0, 30.0, 8.0, 10.0,
        ],
    )?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let top = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut row = 1;
    for r in reviews {
        for f in &r.flags {
            ws.write_number_with_format(row, 0, f64::from(row), &top)?;
            ws.write_string_with_format(row, 1, &r.submission, &top)?;
            ws.write_string_with_format(row, 2, r.city.as_deref().unwrap_or(""), &top)?;
            ws.write_string_with_format(row, 3, r.province.as_deref().unwrap_or(""), &top)?;
            ws.write_string_with_format(row, 4, f.severity.zh(), &top)?;
            ws.write_string_with_format(row, 5, format!("{}（{}）", f.code.zh(), f.code), &wrap)?;
            let subject = f.subject.as_deref().unwrap_or("");
            let subject = match profile.subject_zh(subject) {
                Some(zh) => format!("{zh}（{subject}）"),
                None => subject.to_owned(),
            };
            ws.write_string_with_format(row, 6, subject, &wrap)?;
            ws.write_string_with_format(row, 7, &f.message, &wrap)?;
            let evidence: Vec<String> = f
                .evidence
                .iter()
                .map(|e| {
                    let ocr = r.documents.iter().any(|d| d.path == e.document && d.ocr);
                    let quote: String = e.quote.chars().take(300).collect();
                    format!(
                        "{}{} · {}：“{quote}”",
                        e.document,
                        if ocr { "（OCR识别）" } else { "" },
                        e.place()
                    )
                })
                .collect();
            ws.write_string_with_format(row, 8, evidence.join("\n"), &wrap)?;
            let page = super::page_name(&r.submission);
            ws.write_url(
                row,
                9,
                // file:/// with a relative path is stored relative: the page beside review.xlsx.
                rust_xlsxwriter::Url::new(format!("file:///{page}")).set_text("打开"),
            )?;
            for c in 10..=12 {
                ws.write_blank(row, c, &wrap)?;
            }
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), names.len() as u16 - 1)?;
    print_setup(ws)?;
    wb.save(path)?;
    Ok(())
}
