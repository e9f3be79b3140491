//! The HTML of `serve`: escaped text everywhere, highlights as <mark>, no script.

use axum::http::StatusCode;
use axum::response::Html;

use super::{SearchParams, MAX_HITS, MAX_QUERY_CHARS, PAGE_HITS};
use crate::document::model::DocKind;
use crate::profile::Profile;
use crate::report::html::escape;
use crate::search::browse::field_values;
use crate::search::query::{Filters, Hit};
use crate::search::SearchIndex;

pub type Page = (StatusCode, Html<String>);

const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;line-height:1.7}
nav{background:#263238;padding:8px 24px}nav a{color:#fff;margin-right:20px;text-decoration:none}
main{margin:16px 24px;max-width:1100px}h1{font-size:20px}h2{font-size:17px;margin:22px 0 6px;border-bottom:1px solid #ddd}
form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}input[type=search]{flex:1 1 420px;font-size:16px;padding:6px}
select,button{font-size:14px;padding:5px}mark{background:#fff176;padding:0 1px}
.hit{margin:8px 0 12px}.path{color:#666;font-size:12px}.count{color:#555}.err{color:#b71c1c}
ol.ctx{list-style:none;padding:0}ol.ctx li{padding:6px 10px;margin:4px 0;border-left:3px solid #eee}
.docview{display:grid;grid-template-columns:240px 1fr;gap:16px;align-items:start}
aside.outline{position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto;font-size:13px;border-right:1px solid #eee;padding-right:8px}
aside.outline ol{list-style:none;padding:0;margin:4px 0}aside.outline li.l2{padding-left:1em}aside.outline li.l3{padding-left:2em}aside.outline li.l4{padding-left:3em}
ol.doc{list-style:none;padding:0;margin:0}ol.doc li{padding:4px 10px 4px 0;border-left:3px solid transparent;display:flex;gap:10px}
ol.doc li.focus{border-left-color:#f9a825;background:#fffde7}ol.doc li.heading{font-weight:bold}
ol.doc .no{color:#999;font-size:12px;min-width:3.5em;text-align:right;flex:none;padding-top:2px;text-decoration:none}
.mnav{color:#777;font-size:12px;margin-left:8px;white-space:nowrap}:target{scroll-margin-top:40px}
"#;

const NAV: &str = r#"<nav><a href="/">检索 Search</a><a href="/reports/">审查总览 Reviews</a><a href="/decisions">审查结论 Decisions</a><a href="/reports/experiences.html">典型经验 Experiences</a></nav>"#;

pub(super) fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}{}</style></head><body>{NAV}<main>{body}</main></body></html>",
        escape(title),
        super::decide::STYLE
    )
}

/// A report page from `run`, with this UI's navigation bar at the top of its body and its links
/// into this server (class `srv`: whole-document view, downloads) shown.
pub fn with_nav(html: &str) -> String {
    let bar = format!("<style>{}{}</style>{NAV}", "nav{background:#263238;padding:8px 24px;margin:-24px -24px 16px}nav a{color:#fff;margin-right:20px;text-decoration:none}.srv{display:revert}", super::decide::STYLE);
    match html.find("<body>") {
        Some(i) => format!("{}{bar}{}", &html[..i + 6], &html[i + 6..]),
        None => html.to_owned(),
    }
}

pub fn error(status: StatusCode, msg: &str) -> Page {
    (
        status,
        Html(layout(
            "出错了",
            &format!(
                "<p class=\"err\">{}</p><p><a href=\"/\">返回检索</a></p>",
                escape(msg)
            ),
        )),
    )
}

/// `text` escaped, with the character spans marked.
pub(super) fn marked(text: &str, marks: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in marks {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.push_str(&escape(&chars[at..s].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&escape(&chars[s..e].iter().collect::<String>()));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&chars[at..].iter().collect::<String>()));
    out
}

pub use crate::report::html::url_encode;

pub(super) fn kind_zh(kind: &str) -> String {
    DocKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .map_or_else(|| kind.to_owned(), |k| k.zh().to_owned())
}

fn role_zh(role: &str) -> String {
    match role {
        "evaluation" => "评估（已有试点城市）".into(),
        "application" => "申报（新申报城市）".into(),
        o => o.to_owned(),
    }
}

fn section_zh(profile: &Profile, id: &str) -> String {
    profile
        .outlines
        .iter()
        .flat_map(|o| {
            o.sections
                .iter()
                .map(|s| (&s.id, &s.title))
                .chain(o.groups.iter().map(|g| (&g.id, &g.title)))
        })
        .find(|(i, _)| i.as_str() == id)
        .map_or_else(|| id.to_owned(), |(_, t)| t.clone())
}

fn select(
    name: &str,
    any: &str,
    values: &[String],
    chosen: &str,
    label: impl Fn(&str) -> String,
) -> String {
    let mut s =
        format!("<select name=\"{name}\" aria-label=\"{any}\"><option value=\"\">{any}</option>");
    for v in values {
        let sel = if v == chosen { " selected" } else { "" };
        s.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            escape(v),
            escape(&label(v))
        ));
    }
    s.push_str("</select>");
    s
}

/// Whether a hit passes the filters, leaving out one of them (`skip`: the facet being counted).
pub fn passes(h: &Hit, f: &Filters, skip: Option<&str>) -> bool {
    let ok = |name: &str, want: &Option<String>, got: &str| {
        skip == Some(name) || want.as_deref().is_none_or(|w| w == got)
    };
    ok("province", &f.province, &h.province)
        && ok("city", &f.city, &h.city)
        && ok("kind", &f.kind, &h.kind)
        && ok("section", &f.section, &h.section_id)
}

/// The search page: the form, the counts per filter value (each counted under the other filters, so
/// province narrows the cities), the cities with no hit, one page of hits grouped by city, the pager
/// and the exports. `result` holds every hit before the in-page filters, and the filters resolved.
pub fn search(
    profile: &Profile,
    si: Option<&SearchIndex>,
    p: &SearchParams,
    result: Result<(Vec<Hit>, Filters), String>,
) -> Page {
    let values = |field: fn(&crate::search::Fields) -> tantivy::schema::Field| -> Vec<String> {
        si.and_then(|si| field_values(si, field(&si.fields), 2000).ok())
            .unwrap_or_default()
    };
    let mut body = format!(
        "<h1>产融合作试点材料检索</h1><form method=\"get\" action=\"/\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" maxlength=\"{MAX_QUERY_CHARS}\" autofocus \
         placeholder=\"检索词，空格分隔须同时出现；引号内为原文，如：风险补偿 “知识产权质押”\" aria-label=\"检索词\">",
        escape(&p.q)
    );
    body.push_str(&select(
        "province",
        "全部省份",
        &values(|f| f.province),
        &p.province,
        str::to_owned,
    ));
    body.push_str(&select(
        "city",
        "全部城市",
        &values(|f| f.city),
        &p.city,
        str::to_owned,
    ));
    body.push_str(&select(
        "kind",
        "全部文件类型",
        &values(|f| f.kind),
        &p.kind,
        kind_zh,
    ));
    body.push_str(&select(
        "section",
        "全部提纲章节",
        &values(|f| f.section),
        &p.section,
        |id| section_zh(profile, id),
    ));
    body.push_str(&select(
        "role",
        "评估与申报",
        &values(|f| f.role),
        &p.role,
        role_zh,
    ));
    body.push_str("<button type=\"submit\">检索</button></form>");
    match result {
        Err(msg) => body.push_str(&format!("<p class=\"err\">{}</p>", escape(&msg))),
        Ok(_) if p.q.trim().is_empty() => body.push_str("<p class=\"count\">输入检索词后按回车。命中规则：段落中按顺序含有检索词的字即为命中（长词内部、单字、数字和符号都算）。可按省份、城市、文件类型、提纲章节和评估/申报筛选。</p>"),
        Ok((all, filters)) => {
            let shown: Vec<&Hit> = all.iter().filter(|h| passes(h, &filters, None)).collect();
            body.push_str(&facets_html(profile, &all, &filters, p));
            body.push_str(&no_hit_cities(&values(|f| f.city), &all, &filters));
            body.push_str(&hits_html(&shown, all.len() >= MAX_HITS, p));
        }
    }
    (
        StatusCode::OK,
        Html(layout(&format!("检索 {}", p.q), &body)),
    )
}

/// A facet: its filter's name, its Chinese label, and the value of a hit.
type Facet = (&'static str, &'static str, fn(&Hit) -> &str);

/// Counts per value of each filter, as links that set it (the other filters kept).
fn facets_html(profile: &Profile, all: &[Hit], f: &Filters, p: &SearchParams) -> String {
    let mut s = String::from("<div class=\"facets\">");
    let facets: [Facet; 4] = [
        ("province", "省份", |h| h.province.as_str()),
        ("city", "城市", |h| h.city.as_str()),
        ("kind", "文件类型", |h| h.kind.as_str()),
        ("section", "提纲章节", |h| h.section_id.as_str()),
    ];
    for (name, label, value) in facets {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for h in all.iter().filter(|h| passes(h, f, Some(name))) {
            *counts.entry(value(h)).or_default() += 1;
        }
        counts.remove("");
        if counts.is_empty() {
            continue;
        }
        let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        s.push_str(&format!("<div class=\"facet\"><b>{label}</b> "));
        for (v, n) in sorted.iter().take(60) {
            let mut q = SearchParams {
                page: 0,
                ..p.clone()
            };
            match name {
                "province" => q.province = (*v).to_owned(),
                "city" => q.city = (*v).to_owned(),
                "kind" => q.kind = (*v).to_owned(),
                _ => q.section = (*v).to_owned(),
            }
            let shown = match name {
                "kind" => kind_zh(v),
                "section" => section_zh(profile, v),
                _ => (*v).to_owned(),
            };
            s.push_str(&format!(
                "<a href=\"/?{}\">{}（{n}）</a> ",
                escape(&q.query_string(None)),
                escape(&shown)
            ));
        }
        s.push_str("</div>");
    }
    s.push_str("</div>");
    s
}

/// The cities of the index (within the chosen province) with no hit under the other filters.
fn no_hit_cities(cities: &[String], all: &[Hit], f: &Filters) -> String {
    let hit: std::collections::BTreeSet<&str> = all
        .iter()
        .filter(|h| passes(h, f, Some("city")))
        .map(|h| h.city.as_str())
        .collect();
    let none: Vec<&str> = cities
        .iter()
        .map(String::as_str)
        .filter(|c| !hit.contains(c))
        .filter(|c| {
            f.province
                .as_deref()
                .is_none_or(|p| crate::document::gazetteer::province_of(c).as_deref() == Some(p))
        })
        .collect();
    if none.is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"count\">无命中的城市（{}）：{}</p>",
        none.len(),
        escape(&none.join("、"))
    )
}

fn hits_html(hits: &[&Hit], capped: bool, p: &SearchParams) -> String {
    if hits.is_empty() {
        return format!("<p class=\"count\">未找到“{}”。</p>", escape(&p.q));
    }
    let pages = hits.len().div_ceil(PAGE_HITS);
    let page = p.page.clamp(1, pages);
    let cities: std::collections::BTreeSet<&str> = hits.iter().map(|h| h.city.as_str()).collect();
    let capped = if capped {
        format!("（只统计前 {MAX_HITS} 处）")
    } else {
        String::new()
    };
    let export = |ext: &str| {
        format!(
            "<a href=\"/export.{ext}?{}\">导出全部命中（{}）</a>",
            escape(&p.query_string(None)),
            ext.to_uppercase()
        )
    };
    let mut s = format!(
        "<p class=\"count\">“{}”：{} 处，{} 个城市{capped}；第 {page}/{pages} 页 · {} · {}</p>",
        escape(&p.q),
        hits.len(),
        cities.len(),
        export("csv"),
        export("xlsx")
    );
    let here = &hits[(page - 1) * PAGE_HITS..(page * PAGE_HITS).min(hits.len())];
    let mut groups: Vec<(&str, &str, Vec<&Hit>)> = Vec::new();
    for h in here {
        match groups.iter_mut().find(|g| g.0 == h.city) {
            Some(g) => g.2.push(h),
            None => groups.push((&h.city, &h.province, vec![h])),
        }
    }
    let back = p.query_string(Some(page));
    for (city, province, hs) in groups {
        let name = if city.is_empty() {
            "（未识别城市）"
        } else {
            city
        };
        s.push_str(&format!(
            "<section class=\"city\"><h2>{}<span class=\"count\">（{}）· {} 处</span></h2><ol>",
            escape(name),
            escape(province),
            hs.len()
        ));
        for h in hs {
            let marks: Vec<(usize, usize)> = h.highlights.iter().map(|r| (r[0], r[1])).collect();
            let href = format!(
                "/doc?s={}&f={}&b={}&q={}&back={}#focus",
                url_encode(&h.submission),
                url_encode(&h.document),
                h.block,
                url_encode(&p.q),
                url_encode(&back),
            );
            s.push_str(&format!(
                "<li class=\"hit\"><div class=\"path\">{} · {} · {}</div><div class=\"snippet\">{}</div>\
                 <a href=\"{}\">在全文中查看</a> · <a href=\"/reports/{}\">本单位审查结果</a></li>",
                escape(&h.document),
                escape(&kind_zh(&h.kind)),
                escape(if h.section.is_empty() { "（无标题）" } else { &h.section }),
                marked(&h.snippet, &marks),
                escape(&href),
                escape(&url_encode(&crate::report::page_name(&h.submission))),
            ));
        }
        s.push_str("</ol></section>");
    }
    if pages > 1 {
        s.push_str("<nav class=\"pager\">");
        for n in 1..=pages {
            if n == page {
                s.push_str(&format!("<b>{n}</b> "));
            } else {
                s.push_str(&format!(
                    "<a href=\"/?{}\">{n}</a> ",
                    escape(&p.query_string(Some(n)))
                ));
            }
        }
        s.push_str("</nav>");
    }
    s
}

/// Every hit as CSV (UTF-8 with a byte-order mark, so Excel opens it in Chinese).
pub fn csv(hits: &[Hit]) -> Vec<u8> {
    use crate::search::batch::csv_field;
    let mut s =
        String::from("\u{feff}报送单位,城市,省份,文件,文件类型,标题路径,提纲章节,段落,片段\n");
    for h in hits {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            csv_field(&h.submission),
            csv_field(&h.city),
            csv_field(&h.province),
            csv_field(&h.document),
            csv_field(&kind_zh(&h.kind)),
            csv_field(&h.section),
            csv_field(&h.section_id),
            h.block + 1,
            csv_field(&h.snippet)
        ));
    }
    s.into_bytes()
}

/// Every hit as a workbook: one row each, Chinese headers, the query in the sheet name's cell A1 note.
pub fn xlsx(hits: &[Hit], query: &str) -> Result<Vec<u8>, String> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let fail = |e: rust_xlsxwriter::XlsxError| format!("导出失败：{e}");
    ws.set_name("检索结果").map_err(fail)?;
    let headers = [
        "报送单位",
        "城市",
        "省份",
        "文件",
        "文件类型",
        "标题路径",
        "提纲章节",
        "段落",
        "片段",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(fail)?;
    }
    for (i, h) in hits.iter().enumerate() {
        let r = i as u32 + 1;
        let cells = [
            h.submission.clone(),
            h.city.clone(),
            h.province.clone(),
            h.document.clone(),
            kind_zh(&h.kind),
            h.section.clone(),
            h.section_id.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).map_err(fail)?;
        }
        ws.write_number(r, 7, (h.block + 1) as f64).map_err(fail)?;
        ws.write_string(r, 8, &h.snippet).map_err(fail)?;
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    ws.autofilter(0, 0, hits.len() as u32, headers.len() as u16 - 1)
        .map_err(fail)?;
    let _ = query;
    wb.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_placed_on_characters_and_text_is_escaped() {
        assert_eq!(
            marked("<b>风险补偿</b>资金", &[(3, 7)]),
            "&lt;b&gt;<mark>风险补偿</mark>&lt;/b&gt;资金"
        );
        // Out-of-range and overlapping spans do not panic or duplicate text.
        assert_eq!(marked("ab", &[(1, 9), (0, 1)]), "a<mark>b</mark>");
    }

    #[test]
    fn report_pages_get_the_navigation_bar() {
        let page = with_nav("<html><body><h1>x</h1></body></html>");
        assert!(page.contains("<body><style>") && page.contains("检索 Search</a>"));
        assert_eq!(url_encode("a b/风"), "a%20b%2F%E9%A3%8E");
    }
}
