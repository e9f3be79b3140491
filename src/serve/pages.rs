//! The HTML of `serve`: escaped text everywhere, highlights as <mark>, no script.

use axum::http::StatusCode;
use axum::response::Html;

use super::{PassageParams, SearchParams, MAX_HITS, MAX_QUERY_CHARS};
use crate::document::model::DocKind;
use crate::profile::Profile;
use crate::report::html::escape;
use crate::search::browse::{document_passages, field_values};
use crate::search::query::{parse, spans, Hit, Part};
use crate::search::SearchIndex;

pub type Page = (StatusCode, Html<String>);

/// Passages shown before and after a hit.
const CONTEXT: usize = 4;
/// Most passages of one document read to show a hit's context.
const MAX_DOC_PASSAGES: usize = 20_000;

const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;line-height:1.7}
nav{background:#263238;padding:8px 24px}nav a{color:#fff;margin-right:20px;text-decoration:none}
main{margin:16px 24px;max-width:1100px}h1{font-size:20px}h2{font-size:17px;margin:22px 0 6px;border-bottom:1px solid #ddd}
form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}input[type=search]{flex:1 1 420px;font-size:16px;padding:6px}
select,button{font-size:14px;padding:5px}mark{background:#fff176;padding:0 1px}
.hit{margin:8px 0 12px}.path{color:#666;font-size:12px}.count{color:#555}.err{color:#b71c1c}
ol.ctx{list-style:none;padding:0}ol.ctx li{padding:6px 10px;margin:4px 0;border-left:3px solid #eee}
ol.ctx li.focus{border-left-color:#f9a825;background:#fffde7}.heading{font-weight:bold}
"#;

const NAV: &str = r#"<nav><a href="/">检索 Search</a><a href="/reports/">审查总览 Reviews</a><a href="/reports/experiences.html">典型经验 Experiences</a></nav>"#;

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{NAV}<main>{body}</main></body></html>",
        escape(title)
    )
}

/// A report page from `run`, with this UI's navigation bar at the top of its body.
pub fn with_nav(html: &str) -> String {
    let bar = format!("<style>{}</style>{NAV}", "nav{background:#263238;padding:8px 24px;margin:-24px -24px 16px}nav a{color:#fff;margin-right:20px;text-decoration:none}");
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
fn marked(text: &str, marks: &[(usize, usize)]) -> String {
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

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn kind_zh(kind: &str) -> String {
    [
        DocKind::SelfEvaluation,
        DocKind::ImplementationPlan,
        DocKind::Indicators,
        DocKind::CoverLetter,
        DocKind::Evidence,
        DocKind::Unknown,
    ]
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

/// The search page: the form, then hits grouped by city (cities in order of their best hit).
pub fn search(
    profile: &Profile,
    si: Option<&SearchIndex>,
    p: &SearchParams,
    result: Result<Vec<Hit>, String>,
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
    let status = match result {
        Err(msg) => {
            body.push_str(&format!("<p class=\"err\">{}</p>", escape(&msg)));
            StatusCode::OK
        }
        Ok(_) if p.q.trim().is_empty() => {
            body.push_str("<p class=\"count\">输入检索词后按回车。可按省份、城市、文件类型、提纲章节和评估/申报筛选。</p>");
            StatusCode::OK
        }
        Ok(hits) => {
            body.push_str(&hits_html(&hits, p));
            StatusCode::OK
        }
    };
    (status, Html(layout(&format!("检索 {}", p.q), &body)))
}

fn hits_html(hits: &[Hit], p: &SearchParams) -> String {
    if hits.is_empty() {
        return format!("<p class=\"count\">未找到“{}”。</p>", escape(&p.q));
    }
    let mut groups: Vec<(&str, &str, Vec<&Hit>)> = Vec::new();
    for h in hits {
        match groups.iter_mut().find(|g| g.0 == h.city) {
            Some(g) => g.2.push(h),
            None => groups.push((&h.city, &h.province, vec![h])),
        }
    }
    let capped = if hits.len() >= MAX_HITS {
        format!("（最多显示 {MAX_HITS} 处）")
    } else {
        String::new()
    };
    let mut s = format!(
        "<p class=\"count\">“{}”：{} 处，{} 个城市{capped}</p>",
        escape(&p.q),
        hits.len(),
        groups.len()
    );
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
                "/passage?s={}&amp;f={}&amp;b={}&amp;q={}#b{}",
                url_encode(&h.submission),
                url_encode(&h.document),
                h.block,
                url_encode(&p.q),
                h.block
            );
            s.push_str(&format!(
                "<li class=\"hit\"><div class=\"path\">{} · {} · {}</div><div class=\"snippet\">{}</div>\
                 <a href=\"{href}\">查看上下文</a></li>",
                escape(&h.document),
                escape(&kind_zh(&h.kind)),
                escape(if h.section.is_empty() { "（无标题）" } else { &h.section }),
                marked(&h.snippet, &marks),
            ));
        }
        s.push_str("</ol></section>");
    }
    s
}

/// A hit's passage in its document: the heading path, the passages around it, the query marked.
pub fn passage(si: &SearchIndex, p: &PassageParams) -> Page {
    let all = match document_passages(si, &p.s, &p.f, MAX_DOC_PASSAGES) {
        Ok(all) => all,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &format!("读取失败：{e}")),
    };
    let Some(at) = all.iter().position(|x| x.block == p.b) else {
        return error(
            StatusCode::NOT_FOUND,
            "未找到该段落：文件或段落编号不存在，或索引已更新。请重新检索。",
        );
    };
    let parts: Vec<Part> = parse(si, &p.q);
    let focus = &all[at];
    let mut body = format!(
        "<h1>{}（{}）· {}</h1><div class=\"path\">{} · {}</div><ol class=\"ctx\">",
        escape(&focus.city),
        escape(&focus.province),
        escape(&p.f),
        escape(&kind_zh(&focus.kind)),
        escape(if focus.heading.is_empty() {
            "（无标题）"
        } else {
            &focus.heading
        }),
    );
    let from = at.saturating_sub(CONTEXT);
    let to = (at + CONTEXT + 1).min(all.len());
    for (i, x) in all[from..to].iter().enumerate() {
        let class = if from + i == at {
            " class=\"focus\""
        } else {
            ""
        };
        let is_heading = x.heading.rsplit(" > ").next() == Some(x.text.as_str());
        let text = marked(&x.text, &spans(&x.text, &parts));
        let text = if is_heading {
            format!("<span class=\"heading\">{text}</span>")
        } else {
            text
        };
        body.push_str(&format!("<li id=\"b{}\"{class}>{text}</li>", x.block));
    }
    body.push_str(&format!(
        "</ol><p><a href=\"/?q={}\">返回检索结果</a></p>",
        url_encode(&p.q)
    ));
    (
        StatusCode::OK,
        Html(layout(&format!("{} · {}", focus.city, p.f), &body)),
    )
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
