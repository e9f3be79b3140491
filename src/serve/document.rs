//! The whole-document view (`/doc`) and the download of an original file (`/original/{id}`).
//!
//! `/doc?s=<submission>&f=<document>&b=<block>&m=<quote>&q=<query>` shows every passage of one
//! document as the index holds it, numbered 第N段 with N = block + 1 (the JSON contract's `block`
//! counts from 0), the headings as an outline at the side, the passage `b` in focus with the quote
//! `m` marked (a flag's evidence), every match of the query `q` marked with 上一处/下一处 links, and
//! a link to the original file. Links land on `#focus` (the evidence) or `#m1` (the first match).

use axum::http::StatusCode;
use axum::response::Html;
use serde::Deserialize;

use super::pages::{error, kind_zh, layout, marked, Page};
use crate::report::html::escape;
use crate::report::html::url_encode;
use crate::search::browse::{document_passages, heading_level};
use crate::search::query::{parse, spans, Part};
use crate::search::SearchIndex;

/// Most passages of one document shown.
pub const MAX_DOC_PASSAGES: usize = 20_000;

/// The query string of `/doc` (empty strings mean "none").
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DocParams {
    /// The submission's name.
    #[serde(default)]
    pub s: String,
    /// The document's shown path (`Document::path`, the evidence's `document`).
    #[serde(default)]
    pub f: String,
    /// The block in focus, counted from 0 (the evidence's `block`).
    #[serde(default)]
    pub b: Option<u64>,
    /// A quote to mark in the focused passage (the evidence's `quote`).
    #[serde(default)]
    pub m: String,
    /// A search query whose matches are marked throughout.
    #[serde(default)]
    pub q: String,
    /// The results' query string to go back to (filters and page kept).
    #[serde(default)]
    pub back: String,
}

impl DocParams {
    /// The `/doc` address of these parameters, with `#focus` when a block is in focus.
    pub fn href(&self) -> String {
        let mut h = format!("/doc?s={}&f={}", url_encode(&self.s), url_encode(&self.f));
        if let Some(b) = self.b {
            h.push_str(&format!("&b={b}"));
        }
        for (k, v) in [("m", &self.m), ("q", &self.q), ("back", &self.back)] {
            if !v.is_empty() {
                h.push_str(&format!("&{k}={}", url_encode(v)));
            }
        }
        if self.b.is_some() {
            h.push_str("#focus");
        }
        h
    }

    pub fn too_long(&self) -> bool {
        self.q.chars().count() > super::MAX_QUERY_CHARS
            || self.s.len() > 400
            || self.f.len() > 1000
            || self.m.len() > 4000
            || self.back.len() > 2000
    }
}

/// What the server lays into the view beside the text: the viewer (for the star and tags form of
/// the passage in focus), the decisions (★ and tags on marked passages) and the page's own URI.
pub struct Marks<'a> {
    pub viewer: &'a super::decide::Viewer,
    pub overlay: &'a crate::decisions::Overlay,
    pub uri: &'a str,
}

pub fn document(si: &SearchIndex, p: &DocParams, extra: Option<Marks>) -> Page {
    let all = match document_passages(si, &p.s, &p.f, MAX_DOC_PASSAGES) {
        Ok(all) => all,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &format!("读取失败：{e}")),
    };
    let Some(first) = all.first() else {
        return error(
            StatusCode::NOT_FOUND,
            "索引中没有这个文件：文件名有误、文件无法读取（见审查结果的“文件”表），或索引已更新。",
        );
    };
    // The passage holding the focused block: a table row is indexed at its first cell's block.
    let focus = p.b.and_then(|b| all.iter().rposition(|x| x.block <= b));
    let parts: Vec<Part> = if p.q.trim().is_empty() {
        Vec::new()
    } else {
        parse(si, &p.q)
    };
    // The focused passage also marks the evidence's quote, as one exact sequence.
    let with_quote: Vec<Part> = parts
        .iter()
        .cloned()
        .chain((!p.m.trim().is_empty()).then(|| Part::Exact(p.m.trim().to_owned())))
        .collect();
    let marks: Vec<Vec<(usize, usize)>> = all
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mark = if Some(i) == focus {
                &with_quote
            } else {
                &parts
            };
            spans(&x.text, mark)
        })
        .collect();
    let matched: Vec<usize> = (0..all.len())
        .filter(|&i| !parts.is_empty() && !marks[i].is_empty())
        .collect();

    let name = p.f.rsplit('/').next().unwrap_or(&p.f);
    let id = crate::submission::original_id(&p.s, &p.f);
    let mut body = format!(
        "<h1>{}</h1><div class=\"path\">{} · {}（{}）· {} · 共 {} 段 · \
         <a class=\"download\" href=\"/original/{id}\">下载原件</a> · \
         <a href=\"/reports/{}\">本单位审查结果</a>",
        escape(name),
        escape(&p.s),
        escape(&first.city),
        escape(&first.province),
        escape(&kind_zh(&first.kind)),
        all.len(),
        escape(&url_encode(&crate::report::page_name(&p.s))),
    );
    if p.back.starts_with("q=") && !p.back.contains(['<', '>', '"', '#']) {
        body.push_str(&format!(
            " · <a href=\"/?{}\">返回检索结果</a>",
            escape(&p.back)
        ));
    }
    body.push_str("</div><p class=\"count\">");
    if let Some(f) = focus {
        let quoted = if p.m.trim().is_empty() {
            String::new()
        } else if marks[f].is_empty() {
            "（引文未在该段中逐字找到，可能是文件已更新）".to_owned()
        } else {
            "，引文已标出".to_owned()
        };
        body.push_str(&format!(
            "<a href=\"#focus\">跳到第{}段</a>{quoted}。",
            all[f].block + 1
        ));
    }
    if !parts.is_empty() {
        if matched.is_empty() {
            body.push_str(&format!("本文件中未找到“{}”。", escape(&p.q)));
        } else {
            body.push_str(&format!(
                "“{}”：本文件 {} 段命中，<a href=\"#m1\">第一处</a>。",
                escape(&p.q),
                matched.len()
            ));
        }
    }
    body.push_str("</p><div class=\"docview\"><aside class=\"outline\"><b>目录</b><ol>");
    for x in &all {
        if let Some(level) = heading_level(&x.heading, &x.text) {
            body.push_str(&format!(
                "<li class=\"l{}\"><a href=\"#b{}\">{}</a></li>",
                level.min(4),
                x.block,
                escape(&x.text)
            ));
        }
    }
    body.push_str("</ol></aside><ol class=\"doc\">");
    for (i, x) in all.iter().enumerate() {
        let mut class = Vec::new();
        if Some(i) == focus {
            class.push("focus".to_owned());
        }
        if let Some(l) = heading_level(&x.heading, &x.text) {
            class.push(format!("heading l{}", l.min(4)));
        }
        let mut text = marked(&x.text, &marks[i]);
        if let Some(m) = &extra {
            let key = crate::decisions::passage_key(&p.s, &p.f, &x.text);
            if let Some(pm) = m.overlay.passage(&key) {
                if pm.star || !pm.tags.is_empty() {
                    text.push_str(&format!(
                        "<span class=\"pmark\">{}{}</span>",
                        if pm.star { "★ " } else { "" },
                        escape(&pm.tags.join("、"))
                    ));
                }
            }
        }
        if Some(i) == focus {
            text = format!("<a id=\"focus\"></a>{text}");
            if let Some(m) = &extra {
                text.push_str(&super::decide::passage_form(
                    m.viewer, m.overlay, &p.s, &p.f, x.block, &x.text, m.uri,
                ));
            }
        }
        if let Some(k) = matched.iter().position(|&j| j == i) {
            let n = matched.len();
            let prev = if k > 0 {
                format!("<a href=\"#m{k}\">上一处</a>")
            } else {
                "上一处".into()
            };
            let next = if k + 1 < n {
                format!("<a href=\"#m{}\">下一处</a>", k + 2)
            } else {
                "下一处".into()
            };
            text = format!(
                "<a id=\"m{}\"></a>{text}<span class=\"mnav\">第 {}/{n} 处 · {prev} · {next}</span>",
                k + 1,
                k + 1
            );
        }
        // The number links to this passage in focus (where it can be starred and tagged).
        let mut focus_here = p.clone();
        focus_here.b = Some(x.block);
        focus_here.m.clear();
        body.push_str(&format!(
            "<li id=\"b{}\" class=\"{}\"><a class=\"no\" title=\"第{}段：点击选中此段（可加星、加标签）\" href=\"{}\">{}</a>{text}</li>",
            x.block,
            class.join(" "),
            x.block + 1,
            escape(&focus_here.href()),
            x.block + 1
        ));
    }
    body.push_str("</ol></div>");
    (
        StatusCode::OK,
        Html(layout(&format!("{} · {}", first.city, name), &body)),
    )
}

/// The content type an original is sent with (always as an attachment, never shown inline).
pub fn original_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|x| x.1.to_lowercase());
    match ext.as_deref() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => super::XLSX_TYPE,
        Some("doc") => "application/msword",
        Some("xls") => "application/vnd.ms-excel",
        Some("ofd") => "application/ofd",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

/// `Content-Disposition` for a download named `name`: an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        url_encode(name)
    )
}

/// Why an original cannot be sent, in Chinese.
#[derive(Debug, PartialEq)]
pub enum OriginalError {
    Unknown,
    Gone,
    TooLarge,
    Unreadable(String),
}

impl OriginalError {
    pub fn zh(&self) -> String {
        match self {
            OriginalError::Unknown => "没有这个文件：链接有误，或索引已更新。".into(),
            OriginalError::Gone => {
                "原件已不在原位置（文件被移动、改名或删除）。请重新运行 pilot-review run。".into()
            }
            OriginalError::TooLarge => "原件超过大小上限，未提供下载。".into(),
            OriginalError::Unreadable(why) => format!("原件无法读取：{why}"),
        }
    }
}

/// The bytes of the original with id `id` (see `submission::original_id`), and its file name. Only
/// files recorded in the index's manifest are sent: a regular file (no link) under the submission's
/// folder, or an entry of its archive read with the profile's limits.
pub fn original(
    si: &SearchIndex,
    id: &str,
    limits: crate::profile::limits::Limits,
) -> Result<(Vec<u8>, String), OriginalError> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(OriginalError::Unknown);
    }
    let (_, o, path) = si.manifest.original(id).ok_or(OriginalError::Unknown)?;
    let meta = std::fs::symlink_metadata(&path).map_err(|_| OriginalError::Gone)?;
    if !meta.is_file() {
        return Err(OriginalError::Gone);
    }
    if meta.len() > limits.max_file_bytes {
        return Err(OriginalError::TooLarge);
    }
    let name = o
        .document
        .rsplit('/')
        .next()
        .unwrap_or(&o.document)
        .to_owned();
    match &o.member {
        None => std::fs::read(&path)
            .map(|b| (b, name))
            .map_err(|e| OriginalError::Unreadable(e.to_string())),
        Some(member) => {
            let entries = crate::read::archive::entries(&path, limits)
                .map_err(|e| OriginalError::Unreadable(e.zh()))?;
            let entry = entries
                .into_iter()
                .find(|e| &e.path == member)
                .ok_or(OriginalError::Gone)?;
            entry
                .content
                .map(|b| (b, name))
                .map_err(|e| OriginalError::Unreadable(e.zh()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_headers_are_encoded() {
        assert_eq!(
            attachment("报送函.pdf"),
            "attachment; filename=\"___.pdf\"; filename*=UTF-8''%E6%8A%A5%E9%80%81%E5%87%BD.pdf"
        );
        assert_eq!(original_type("a.PDF"), "application/pdf");
        assert_eq!(original_type("a.html"), "application/octet-stream");
    }

    #[test]
    fn quotes_are_found_by_character_offsets() {
        let exact = |q: &str| [Part::Exact(q.to_owned())];
        assert_eq!(
            spans("一二风险三风险", &exact("风险")),
            vec![(2, 4), (5, 7)]
        );
        assert!(spans("abc", &exact("  ")).is_empty());
    }
}
