//! review.xlsx for the 评审会: 汇总 (one row per submission: flags by severity and by the reviewers'
//! status, blockers still standing, the panel's mean score and conclusions), 专家评分 (one row per
//! expert and submission), 名额核对 (the quota of every province on one sheet), 各类问题数 (flags per
//! code), 问题清单 (every flag with its evidence and its 核实状态, 核实说明, 审查人; a decision whose
//! flag no longer appears stays listed as 已不再出现) and 加星段落 (starred and tagged passages).

use crate::check::code::FlagCode;
use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::check::package::unit;
use crate::check::review::Review;
use crate::decisions::{FlagStatus, Overlay};
use crate::profile::severity::Severity;
use crate::profile::Profile;
use crate::submission::{ProvinceKind, Role};

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

/// 名额核对: every quota unit of the corpus on one sheet — its new applications against its quota
/// (the notice: 每个省（区、市）推荐不超过2个, 计划单列市、兵团各1个, profile `[quota]`), the cities
/// under evaluation listed apart (they take no quota), breaches filled red.
fn quota_sheet(wb: &mut Workbook, reviews: &[Review], profile: &Profile) -> anyhow::Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("名额核对")?;
    let names = [
        "序号",
        "推荐单位",
        "单位类别",
        "新申报城市数",
        "名额上限",
        "是否超出",
        "新申报城市（报送单位）",
        "继续试点城市（评估，不占名额）",
        Severity::Blocker.zh(),
        Severity::Warning.zh(),
        Severity::Info.zh(),
    ];
    header(
        ws,
        &names,
        &[6.0, 18.0, 14.0, 12.0, 9.0, 9.0, 44.0, 44.0, 7.0, 7.0, 7.0],
    )?;
    print_setup(ws)?;
    // Units by kind (provinces, then separately-listed cities, then the Corps) and name; the same
    // rule as QUOTA_EXCEEDED (`package::unit`), the kind read off the names as inference does.
    let q = &profile.rules.quota;
    let mut units: BTreeMap<(u8, String), (ProvinceKind, usize, Vec<&Review>)> = BTreeMap::new();
    for r in reviews {
        let (city, province) = (r.city.as_deref(), r.province.as_deref());
        let kind = ProvinceKind::of(city, province).unwrap_or(ProvinceKind::Province);
        let (name, limit) = unit(Some(kind), city, province, q)
            .unwrap_or_else(|| ("（省份未识别）".to_owned(), q.province));
        let order = match kind {
            ProvinceKind::Province => 0,
            ProvinceKind::SeparatelyListed => 1,
            ProvinceKind::Corps => 2,
        };
        units
            .entry((order, name))
            .or_insert((kind, limit, Vec::new()))
            .2
            .push(r);
    }
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let red = Format::new()
        .set_background_color("#F4CCCC")
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let listed = |rs: &[&&Review]| {
        rs.iter()
            .map(|r| {
                format!(
                    "{}（{}）",
                    r.city.as_deref().unwrap_or("城市未识别"),
                    r.submission
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (i, ((_, name), (kind, limit, rs))) in units.iter().enumerate() {
        let (row, limit) = (i as u32 + 1, *limit);
        let (new, continuing): (Vec<&&Review>, Vec<&&Review>) =
            rs.iter().partition(|r| r.role == Some(Role::Application));
        // The flag decides (its unit comes from the submission's metadata); the count shows why.
        let exceeded = new.len() > limit
            || new
                .iter()
                .any(|r| r.flags.iter().any(|f| f.code == FlagCode::QuotaExceeded));
        ws.write_number(row, 0, row as f64)?;
        ws.write_string_with_format(row, 1, name, &wrap)?;
        ws.write_string_with_format(row, 2, kind.zh(), &wrap)?;
        ws.write_number(row, 3, new.len() as f64)?;
        ws.write_number(row, 4, limit as f64)?;
        if exceeded {
            let over = new.len().saturating_sub(limit);
            ws.write_string_with_format(row, 5, format!("超出{over}个"), &red)?;
        } else {
            ws.write_string_with_format(row, 5, "否", &wrap)?;
        }
        ws.write_string_with_format(row, 6, listed(&new), &wrap)?;
        ws.write_string_with_format(row, 7, listed(&continuing), &wrap)?;
        for (k, sev) in Severity::ALL.iter().enumerate() {
            let n: usize = rs.iter().map(|r| r.count(*sev)).sum();
            ws.write_number(row, 8 + k as u16, n as f64)?;
        }
    }
    ws.autofilter(0, 0, units.len() as u32, names.len() as u16 - 1)?;
    Ok(())
}

/// Writes review.xlsx. `decisions` may be empty (no store yet). `pages`: where the review pages
/// are for the 打开 links — None for the pages beside the file (`run`), or a server's
/// `http://host/reports/` for a workbook downloaded from `serve`.
/// 专家评分: one row per expert and submission — the scores item by item in one wrapped cell
/// (“保障体系（组织、政策、资源、工作保障） 20 / 25”), the total against the maximum, the
/// conclusion, the comment and when; prints on A4 for the 评审会.
fn experts_sheet(
    wb: &mut Workbook,
    reviews: &[Review],
    profile: &Profile,
    decisions: &Overlay,
) -> anyhow::Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("专家评分")?;
    let names = [
        "报送单位",
        "城市",
        "省份",
        "类型",
        "专家",
        "各项评分",
        "总分",
        "满分",
        "结论",
        "评语",
        "时间",
    ];
    header(
        ws,
        &names,
        &[
            18.0, 10.0, 10.0, 6.0, 10.0, 46.0, 7.0, 7.0, 11.0, 40.0, 16.0,
        ],
    )?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut row = 1;
    for r in reviews {
        let items = profile.scoring(r.role);
        let max: f64 = items.iter().map(|i| i.max).sum();
        for e in decisions.panel(&r.submission).experts {
            let detail: Vec<String> = items
                .iter()
                .map(|i| {
                    format!(
                        "{} {} / {}",
                        i.name,
                        e.scores.get(&i.id).map_or("—", String::as_str),
                        i.max
                    )
                })
                .collect();
            ws.write_string_with_format(row, 0, &r.submission, &wrap)?;
            ws.write_string_with_format(row, 1, r.city.as_deref().unwrap_or(""), &wrap)?;
            ws.write_string_with_format(row, 2, r.province.as_deref().unwrap_or(""), &wrap)?;
            ws.write_string_with_format(row, 3, role(r), &wrap)?;
            ws.write_string_with_format(row, 4, &e.reviewer, &wrap)?;
            ws.write_string_with_format(row, 5, detail.join("\n"), &wrap)?;
            if let Some(t) = e.total() {
                ws.write_number_with_format(row, 6, t, &wrap)?;
            }
            ws.write_number_with_format(row, 7, max, &wrap)?;
            ws.write_string_with_format(row, 8, e.conclusion.map_or("", |c| c.zh()), &wrap)?;
            ws.write_string_with_format(row, 9, &e.comment, &wrap)?;
            ws.write_string_with_format(row, 10, crate::decisions::store::beijing(e.at_us), &wrap)?;
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), names.len() as u16 - 1)?;
    print_setup(ws)?;
    Ok(())
}

/// 各类问题数: per submission, how many flags of each code.
fn codes_sheet(wb: &mut Workbook, reviews: &[Review]) -> anyhow::Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("各类问题数")?;
    let mut names = vec!["报送单位"];
    names.extend(FlagCode::ALL.iter().map(|c| c.zh()));
    let mut widths = vec![22.0];
    widths.extend(
        FlagCode::ALL
            .iter()
            .map(|c| (c.zh().chars().count() as f64 * 2.2).max(10.0)),
    );
    header(ws, &names, &widths)?;
    for (i, r) in reviews.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.submission)?;
        for (k, code) in FlagCode::ALL.iter().enumerate() {
            let n = r.flags.iter().filter(|f| f.code == *code).count();
            ws.write_number(row, 1 + k as u16, n as f64)?;
        }
    }
    ws.autofilter(0, 0, reviews.len() as u32, names.len() as u16 - 1)?;
    print_setup(ws)?;
    Ok(())
}

/// 目标完成情况: every evaluated city's earlier targets with what was achieved and the status.
fn ledger_sheet(wb: &mut Workbook, reviews: &[Review]) -> anyhow::Result<()> {
    use crate::check::ledger::Status;
    let ws = wb.add_worksheet();
    ws.set_name("目标完成情况")?;
    let names = [
        "报送单位",
        "城市",
        "指标",
        "目标",
        "完成值",
        "来源",
        "状态",
        "目标原文",
        "完成原文",
    ];
    header(
        ws,
        &names,
        &[18.0, 10.0, 22.0, 16.0, 16.0, 8.0, 8.0, 44.0, 44.0],
    )?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let red = Format::new()
        .set_background_color("#FFCDD2")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut row = 1;
    for r in reviews {
        for l in &r.targets {
            let t = &l.target;
            ws.write_string_with_format(row, 0, &r.submission, &wrap)?;
            ws.write_string_with_format(row, 1, r.city.as_deref().unwrap_or(""), &wrap)?;
            ws.write_string_with_format(row, 2, &l.name, &wrap)?;
            let target = t.zh();
            ws.write_string_with_format(row, 3, target, &wrap)?;
            if let Some(a) = &l.achieved {
                ws.write_string_with_format(row, 4, l.achieved_zh().unwrap_or_default(), &wrap)?;
                ws.write_string_with_format(row, 5, a.source.zh(), &wrap)?;
                let quote: String = a.evidence.quote.chars().take(300).collect();
                ws.write_string_with_format(row, 8, quote, &wrap)?;
            }
            let status = if l.status == Status::NotMet {
                &red
            } else {
                &wrap
            };
            ws.write_string_with_format(row, 6, l.status.zh(), status)?;
            let quote: String = t.evidence.quote.chars().take(300).collect();
            ws.write_string_with_format(row, 7, quote, &wrap)?;
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), names.len() as u16 - 1)?;
    print_setup(ws)?;
    Ok(())
}

/// 加星段落: passages reviewers starred or tagged, with their text.
fn marks_sheet(wb: &mut Workbook, decisions: &Overlay) -> anyhow::Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("加星段落")?;
    let names = [
        "报送单位",
        "文件",
        "段落",
        "原文",
        "星标",
        "标签",
        "审查人（时间）",
    ];
    header(ws, &names, &[18.0, 30.0, 8.0, 60.0, 6.0, 20.0, 22.0])?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut row = 1;
    for m in decisions.marked_passages() {
        let Some(p) = &m.record else { continue };
        ws.write_string_with_format(row, 0, &p.submission, &wrap)?;
        ws.write_string_with_format(row, 1, &p.document, &wrap)?;
        ws.write_string_with_format(row, 2, format!("第{}段", p.block + 1), &wrap)?;
        // Excel holds at most 32,767 characters in a cell.
        let text: String = p.text.chars().take(2000).collect();
        ws.write_string_with_format(row, 3, text, &wrap)?;
        ws.write_string_with_format(row, 4, if m.star { "★" } else { "" }, &wrap)?;
        ws.write_string_with_format(row, 5, m.tags.join("、"), &wrap)?;
        ws.write_string_with_format(
            row,
            6,
            format!(
                "{}（{}）",
                m.reviewer,
                crate::decisions::store::beijing(m.at_us)
            ),
            &wrap,
        )?;
        row += 1;
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), names.len() as u16 - 1)?;
    print_setup(ws)?;
    Ok(())
}

/// A flag's decision in columns 10–12 (blank when nobody decided).
fn decision_cells(
    ws: &mut Worksheet,
    row: u32,
    v: &crate::decisions::overlay::FlagView,
    wrap: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    if !v.decided() {
        for c in 10..=12 {
            ws.write_blank(row, c, wrap)?;
        }
        return Ok(());
    }
    let status = match &v.recheck {
        Some(_) => format!("{}（证据已变化，需复核）", v.status.zh()),
        None => v.status.zh().to_owned(),
    };
    ws.write_string_with_format(row, 10, status, wrap)?;
    ws.write_string_with_format(row, 11, &v.note, wrap)?;
    ws.write_string_with_format(
        row,
        12,
        format!(
            "{}（{}）",
            v.reviewer,
            crate::decisions::store::beijing(v.at_us)
        ),
        wrap,
    )?;
    Ok(())
}

pub fn write(
    path: &Path,
    reviews: &[Review],
    profile: &Profile,
    decisions: &Overlay,
    pages: Option<&str>,
) -> anyhow::Result<()> {
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    // One row per submission: the flags by severity, then the reviewers' columns — flags by
    // status, the blockers still standing (not dismissed), and the panel: how many experts scored,
    // their mean total, their conclusions, their names. Counts per flag code are on 各类问题数.
    let mut names = vec!["报送单位", "城市", "省份", "类型"];
    names.extend(Severity::ALL.map(Severity::zh));
    names.extend([
        "已确认",
        "已排除",
        "待核实",
        "需复核",
        "未排除的否决",
        "评分专家数",
        "平均分",
        "专家结论",
        "审查人",
    ]);
    header(
        ws,
        &names,
        &[
            22.0, 12.0, 16.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 12.0, 10.0, 8.0, 18.0, 16.0,
        ],
    )?;
    for (i, r) in reviews.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.submission)?;
        ws.write_string(row, 1, r.city.as_deref().unwrap_or(""))?;
        ws.write_string(row, 2, r.province.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, role(r))?;
        let views: Vec<_> = r
            .flags
            .iter()
            .map(|f| (f, decisions.flag(&r.submission, f)))
            .collect();
        let settled = |s: FlagStatus| {
            views
                .iter()
                .filter(|(_, v)| v.recheck.is_none() && v.status == s)
                .count()
        };
        let standing = views
            .iter()
            .filter(|(f, v)| f.severity == Severity::Blocker && v.status != FlagStatus::Dismissed)
            .count();
        let counts = [
            r.count(Severity::Blocker),
            r.count(Severity::Warning),
            r.count(Severity::Info),
            settled(FlagStatus::Confirmed),
            settled(FlagStatus::Dismissed),
            settled(FlagStatus::Pending),
            views.iter().filter(|(_, v)| v.recheck.is_some()).count(),
            standing,
        ];
        for (k, n) in counts.iter().enumerate() {
            ws.write_number(row, 4 + k as u16, *n as f64)?;
        }
        let panel = decisions.panel(&r.submission);
        ws.write_number(row, 12, panel.experts.len() as f64)?;
        if let Some(t) = panel.mean_total() {
            ws.write_number(row, 13, t)?;
        }
        ws.write_string(row, 14, panel.conclusions_zh())?;
        ws.write_string(row, 15, panel.reviewers())?;
    }
    ws.autofilter(0, 0, reviews.len() as u32, names.len() as u16 - 1)?;
    print_setup(ws)?;

    experts_sheet(&mut wb, reviews, profile, decisions)?;

    quota_sheet(&mut wb, reviews, profile)?;
    codes_sheet(&mut wb, reviews)?;

    // Every flag with its evidence.
    let ws = wb.add_worksheet();
    ws.set_name("问题清单")?;
    // One row per flag for the 评审会: numbered, its evidence in one cell, a link to the submission's
    // page, and what the reviewers decided (empty where nobody has).
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
        "核实状态",
        "核实说明",
        "审查人（时间）",
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
            // file:/// with a relative path is stored relative: the page beside review.xlsx; a
            // workbook downloaded from `serve` links to the server's page instead.
            let url = match pages {
                Some(base) => format!(
                    "{base}{}#flag-{}",
                    crate::report::html::url_encode(&page),
                    crate::decisions::flag_key(&r.submission, f)
                ),
                None => format!("file:///{page}"),
            };
            ws.write_url(row, 9, rust_xlsxwriter::Url::new(url).set_text("打开"))?;
            let v = decisions.flag(&r.submission, f);
            decision_cells(ws, row, &v, &wrap)?;
            row += 1;
        }
        // Decisions whose flag is gone stay listed, with what they were about.
        for g in decisions.gone(&r.submission) {
            ws.write_number_with_format(row, 0, f64::from(row), &top)?;
            ws.write_string_with_format(row, 1, &r.submission, &top)?;
            ws.write_string_with_format(row, 2, r.city.as_deref().unwrap_or(""), &top)?;
            ws.write_string_with_format(row, 3, r.province.as_deref().unwrap_or(""), &top)?;
            ws.write_string_with_format(row, 4, "已不再出现", &top)?;
            let name = FlagCode::parse(&g.record.code).map_or(g.record.code.as_str(), |c| c.zh());
            ws.write_string_with_format(row, 5, format!("{name}（{}）", g.record.code), &wrap)?;
            ws.write_string_with_format(row, 6, g.record.subject.as_deref().unwrap_or(""), &wrap)?;
            ws.write_string_with_format(
                row,
                7,
                format!(
                    "本次审查已不再出现此问题。原说明：{}",
                    g.record.message.chars().take(2000).collect::<String>()
                ),
                &wrap,
            )?;
            let quote: String = g.record.quote.chars().take(300).collect();
            ws.write_string_with_format(
                row,
                8,
                format!("{}：“{quote}”", g.record.document),
                &wrap,
            )?;
            decision_cells(ws, row, &g.view, &wrap)?;
            ws.write_string_with_format(
                row,
                10,
                format!("已不再出现（原：{}）", g.view.status.zh()),
                &wrap,
            )?;
            row += 1;
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), names.len() as u16 - 1)?;
    print_setup(ws)?;
    ledger_sheet(&mut wb, reviews)?;
    marks_sheet(&mut wb, decisions)?;
    wb.save(path)?;
    Ok(())
}
