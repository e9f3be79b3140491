//! The typical-experience digest as HTML (theme × city matrix in inline SVG, then the quotes) and as
//! xlsx (theme × city).

use std::fmt::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::html::escape;
use crate::mining::experiences::Digest;

fn rank_zh(rank: &str) -> &'static str {
    match rank {
        "novel" => "特色",
        "common" => "普遍",
        _ => "多地",
    }
}

fn cities(d: &Digest) -> Vec<String> {
    d.themes
        .iter()
        .flat_map(|t| t.cities.iter().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Theme rows × city columns, a filled square where the city has the practice.
fn matrix_svg(d: &Digest) -> String {
    let cities = cities(d);
    let (left, top, cell) = (230.0, 90.0, 18.0);
    let width = left + cell * cities.len() as f64 + 20.0;
    let height = top + cell * d.themes.len() as f64 + 10.0;
    let mut s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"典型经验主题与城市\">");
    for (j, c) in cities.iter().enumerate() {
        let x = left + cell * j as f64 + cell / 2.0;
        let _ = write!(
            s,
            "<text transform=\"translate({x:.1},{}) rotate(-60)\" font-size=\"11\">{}</text>",
            top - 6.0,
            escape(c)
        );
    }
    for (i, t) in d.themes.iter().enumerate() {
        let y = top + cell * i as f64;
        let colour = match t.rank.as_str() {
            "novel" => "#6a1b9a",
            "common" => "#2e7d32",
            _ => "#1565c0",
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}（{}）</text>",
            left - 6.0,
            y + 13.0,
            escape(&t.name),
            rank_zh(&t.rank)
        );
        for (j, c) in cities.iter().enumerate() {
            let x = left + cell * j as f64;
            let fill = if t.cities.contains(c) {
                colour
            } else {
                "#f0f0f0"
            };
            let _ = write!(s, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{} · {}</title></rect>", cell - 2.0, cell - 2.0, escape(&t.name), escape(c));
        }
    }
    s.push_str("</svg>");
    s
}

pub fn html(d: &Digest) -> String {
    let mut h = String::from("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>典型经验</title><style>body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:24px;line-height:1.6}h2{font-size:17px;margin-top:24px}.kw{color:#555;font-size:13px}.q{margin:4px 0 4px 16px;font-size:14px}.src{color:#777;font-size:12px}.srv{display:none;margin-left:8px;font-size:12px}</style></head><body>");
    let _ = write!(
        h,
        "<p><a href=\"index.html\">← 审查总览</a></p><h1>典型经验</h1><p>{} 个报送单位中提炼出 {} 个做法主题，按新颖度从高到低排列（只有一个城市的做法在前）。</p>\
         <p class=\"kw\">图例：<b>特色</b>＝只有1—2个城市有此做法；<b>多地</b>＝3个以上、不到半数城市有；<b>普遍</b>＝半数以上城市都有。\
         <b>新颖度</b>＝1 −（有此做法的城市数 − 1）÷（全部城市数 − 1）：只有一个城市为 1，所有城市都有为 0。\
         主题名取自规则中的做法名称，或取自其原文中的完整名词短语、带引号的做法名称；每个城市引一句最能说明做法的原文，标题、计划（下一步）、报送推广情况和泛泛表态不作引文。</p>",
        d.submissions,
        d.themes.len()
    );
    h.push_str(&matrix_svg(d));
    for t in &d.themes {
        let _ = write!(
            h,
            "<h2>{}（{}，{}个城市，新颖度 {:.2}）</h2><div class=\"kw\">关键词：{}</div>",
            escape(&t.name),
            rank_zh(&t.rank),
            t.cities.len(),
            t.novelty,
            escape(&t.keywords.join("、"))
        );
        for q in &t.quotes {
            let _ = write!(
                h,
                "<div class=\"q\"><b>{}</b>：{} <span class=\"src\">{} 第{}段</span>{}</div>",
                escape(&q.city),
                escape(&q.quote),
                escape(&q.document),
                q.block + 1,
                super::html::srv_link(
                    &super::html::doc_href(&q.submission, &q.document, Some(q.block), &q.quote),
                    "原文 →"
                )
            );
        }
    }
    h.push_str("</body></html>");
    h
}

pub fn xlsx(path: &Path, d: &Digest) -> anyhow::Result<()> {
    let cities = cities(d);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("主题×城市")?;
    for (c, h) in ["主题", "类型", "城市数", "新颖度", "关键词"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (j, c) in cities.iter().enumerate() {
        ws.write_string_with_format(0, 5 + j as u16, c, &bold)?;
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_width(4, 40)?;
    ws.set_freeze_panes(1, 1)?;
    for (i, t) in d.themes.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &t.name)?;
        ws.write_string(r, 1, rank_zh(&t.rank))?;
        ws.write_number(r, 2, t.cities.len() as f64)?;
        ws.write_number(r, 3, t.novelty)?;
        ws.write_string(r, 4, t.keywords.join("、"))?;
        for (j, c) in cities.iter().enumerate() {
            if t.cities.contains(c) {
                ws.write_string(r, 5 + j as u16, "✓")?;
            }
        }
    }
    ws.autofilter(0, 0, d.themes.len() as u32, 4 + cities.len() as u16)?;
    let q = wb.add_worksheet();
    q.set_name("代表性原文")?;
    for (c, h) in ["主题", "城市", "报送单位", "文件", "段落", "原文"]
        .iter()
        .enumerate()
    {
        q.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    q.set_column_width(5, 90)?;
    let mut r = 1;
    for t in &d.themes {
        for x in &t.quotes {
            q.write_string(r, 0, &t.name)?;
            q.write_string(r, 1, &x.city)?;
            q.write_string(r, 2, &x.submission)?;
            q.write_string(r, 3, &x.document)?;
            q.write_number(r, 4, x.block as f64 + 1.0)?;
            q.write_string(r, 5, &x.quote)?;
            r += 1;
        }
    }
    wb.save(path)?;
    Ok(())
}
