//! HTML pages: self-contained (inline CSS, SVG and a few lines of script), no network.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::check::finding::Evidence;
use crate::check::outline::Status;
use crate::check::review::Review;
use crate::document::model::Document;
use crate::profile::severity::Severity;
use crate::profile::Profile;
use crate::submission::{Role, Submission};

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encoding of a URL query value or path segment (RFC 3986 unreserved kept).
pub fn url_encode(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, RESERVED).to_string()
}

/// A link to a document's view, focused on `block` with `quote` marked, landing on the focus.
pub fn doc_href(submission: &str, document: &str, block: Option<u64>, quote: &str) -> String {
    let mut s = format!(
        "/doc?s={}&f={}",
        url_encode(submission),
        url_encode(document)
    );
    if let Some(b) = block {
        s.push_str(&format!("&b={b}"));
    }
    if !quote.is_empty() {
        let quote: String = quote.chars().take(300).collect();
        s.push_str(&format!("&m={}", url_encode(&quote)));
    }
    if block.is_some() {
        s.push_str("#focus");
    }
    s
}

/// A link of class `srv`: it leads into `serve` (the whole-document view, a download), so a page
/// opened from disk hides it (`.srv{display:none}`) and `serve` shows it.
pub fn srv_link(href: &str, text: &str) -> String {
    format!(
        "<a class=\"srv\" href=\"{}\">{}</a>",
        escape(href),
        escape(text)
    )
}

const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;line-height:1.6}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;vertical-align:top}
th{background:#f3f3f3;cursor:pointer}.present{background:#c8e6c9}.thin{background:#ffe082}.missing{background:#ef9a9a}.na{background:#eee}
.blocker{color:#b71c1c}.warning{color:#e65100}.info{color:#1565c0}
.flag{margin:10px 0;padding:8px 12px;border-left:4px solid #999;background:#fafafa}
.flag.blocker{border-color:#b71c1c}.flag.warning{border-color:#e65100}.flag.info{border-color:#1565c0}
.flag.blocker,.flag.warning,.flag.info{color:#222}.matrix td:first-child{white-space:nowrap}
.ctx{color:#666;font-size:13px}mark{background:#fff176}.path{color:#555;font-size:12px}.ocr{color:#b71c1c;border:1px solid #b71c1c;border-radius:3px;padding:0 3px}
.srv{display:none;margin-left:8px;font-size:12px}
.matrix td{width:14px;height:14px;padding:0}.matrix th.v{writing-mode:vertical-rl;font-weight:normal;font-size:11px}
"#;

fn head(title: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>", escape(title))
}

fn role_zh(r: Option<Role>) -> &'static str {
    match r {
        Some(Role::Evaluation) => "评估",
        Some(Role::Application) => "申报",
        None => "未知",
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Blocker => "blocker",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A flag's subject in the reviewer's words, its id after it as a small grey tag.
fn subject_html(subject: Option<&str>, profile: &Profile) -> String {
    match subject {
        None => String::new(),
        Some(id) => match profile.subject_zh(id) {
            Some(zh) => format!("<b>{}</b> <code>{}</code>", escape(zh), escape(id)),
            None => escape(id),
        },
    }
}

/// The evidence with its context: the block before, the block with the quote marked, the block after.
fn evidence_html(e: &Evidence, submission: &str, docs: &[Document]) -> String {
    let mut out = String::new();
    let found = docs.iter().find(|d| d.path == e.document);
    // Text read by OCR may hold OCR's errors: the reviewer is told beside the quote.
    let ocr = if found.is_some_and(|d| d.ocr) {
        " · <span class=\"ocr\" title=\"本文件为扫描件或图片，文字由OCR识别，引文可能有识别错误，请对照原件\">OCR识别</span>"
    } else {
        ""
    };
    // Evidence without a place in a document (a file that is missing) links nowhere.
    let link = if found.is_some() {
        srv_link(
            &doc_href(submission, &e.document, Some(e.block as u64), &e.quote),
            "在原文中查看 →",
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<div class=\"path\">{} · {}{ocr}{link}</div>",
        escape(&e.document),
        escape(&e.place())
    );
    let Some(doc) = found else {
        let _ = write!(out, "<div><mark>{}</mark></div>", escape(&e.quote));
        return out;
    };
    let block = |i: usize| doc.blocks.get(i).map(|b| b.text.as_str());
    if let Some(prev) = e.block.checked_sub(1).and_then(block) {
        let _ = write!(out, "<div class=\"ctx\">{}</div>", escape(prev));
    }
    let text = block(e.block).unwrap_or(&e.quote);
    match (e.quote.is_empty(), text.find(e.quote.as_str())) {
        (false, Some(at)) => {
            let _ = write!(
                out,
                "<div>{}<mark>{}</mark>{}</div>",
                escape(&text[..at]),
                escape(&e.quote),
                escape(&text[at + e.quote.len()..])
            );
        }
        _ => {
            let _ = write!(
                out,
                "<div><mark>{}</mark></div>",
                escape(if e.quote.is_empty() { text } else { &e.quote })
            );
        }
    }
    if let Some(next) = block(e.block + 1) {
        let _ = write!(out, "<div class=\"ctx\">{}</div>", escape(next));
    }
    out
}

/// The first block of a sheet row (0-based row, as `Row::row`), for a link to it.
fn row_block(workbook: Option<&Document>, sheet: &str, row: u32) -> Option<u64> {
    workbook?
        .blocks
        .iter()
        .find(|b| {
            b.section.first().map(String::as_str) == Some(sheet)
                && b.table.is_some_and(|p| p.row == row as usize)
        })
        .map(|b| b.index as u64)
}

/// How a flag's decision marker begins (`<!--pr:flag KEY-->`, KEY = `decisions::flag_key`).
pub const FLAG_MARKER: &str = "<!--pr:flag ";
/// How the page's decision marker begins (`<!--pr:page KEY-->`, KEY = `decisions::submission_key`).
pub const PAGE_MARKER: &str = "<!--pr:page ";
/// Where a review page's scoring form goes (after the flags).
pub const PANEL_MARKER: &str = "<!--pr:panel-->";
/// How a marker ends.
pub const MARKER_END: &str = "-->";

/// The page marker of a submission's review page.
pub fn page_marker(submission: &str) -> String {
    format!(
        "{PAGE_MARKER}{}{MARKER_END}",
        crate::decisions::submission_key(submission)
    )
}

pub fn submission_page(sub: &Submission, r: &Review, profile: &Profile) -> String {
    let mut h = head(&format!("{} 审查结果", r.submission));
    let _ = write!(
        h,
        "<p><a href=\"index.html\">← 全部报送单位</a></p><h1>{}</h1><p>城市：{} ｜ 省份：{} ｜ 类型：{} ｜ 否决 {} ｜ 警告 {} ｜ 提示 {}</p>",
        escape(&r.submission),
        escape(r.city.as_deref().unwrap_or("未知")),
        escape(r.province.as_deref().unwrap_or("未知")),
        role_zh(r.role),
        r.count(Severity::Blocker),
        r.count(Severity::Warning),
        r.count(Severity::Info)
    );
    if !r.inferred.is_empty() {
        h.push_str("<p class=\"path\">");
        for i in &r.inferred {
            let _ = write!(
                h,
                "推断 {} = {}（依据：{}）<br>",
                escape(&i.field),
                escape(&i.value),
                escape(&i.source)
            );
        }
        h.push_str("</p>");
    }
    // `serve` replaces the markers with the decision forms (an HTML comment on disk).
    let _ = write!(h, "{}", page_marker(&r.submission));
    h.push_str("<h2>问题 Flags</h2>");
    if r.flags.is_empty() {
        h.push_str("<p>未发现问题。</p>");
    }
    for sev in [Severity::Blocker, Severity::Warning, Severity::Info] {
        let flags: Vec<_> = r.flags.iter().filter(|f| f.severity == sev).collect();
        if flags.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<h3 class=\"{}\">{}（{}）</h3>",
            severity_class(sev),
            sev.zh(),
            flags.len()
        );
        for f in flags {
            let key = crate::decisions::flag_key(&r.submission, f);
            let _ = write!(
                h,
                "<div class=\"flag {}\" id=\"flag-{key}\"><b class=\"{}\" title=\"{}\">{}</b> <code>{}</code> {}<div>{}</div>",
                severity_class(sev),
                severity_class(sev),
                escape(f.code.explain()),
                escape(f.code.zh()),
                escape(f.code.as_str()),
                subject_html(f.subject.as_deref(), profile),
                escape(&f.message)
            );
            for e in &f.evidence {
                h.push_str(&evidence_html(e, &r.submission, &sub.documents));
            }
            let _ = write!(h, "{FLAG_MARKER}{key}{MARKER_END}</div>");
        }
    }
    // Where `serve` puts the scoring form: after the flags, as a reviewer scores last.
    h.push_str(PANEL_MARKER);
    h.push_str("<h2>提纲章节 Sections</h2><table><tr><th>提纲</th><th>章节</th><th>编号</th><th>状态</th><th>依据</th></tr>");
    for s in &r.sections {
        let outline = profile
            .outline(&s.outline)
            .map_or(s.outline.as_str(), |o| o.spec.title.as_str());
        let status = match s.status {
            Status::Present => "present",
            Status::Thin => "thin",
            Status::Missing => "missing",
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"{status}\">{}</td><td>{}</td></tr>",
            escape(outline),
            escape(&s.title),
            escape(&s.id),
            s.status.zh(),
            s.evidence
                .as_ref()
                .map(|e| format!(
                    "{}{}",
                    escape(&format!(
                        "{} 第{}段：{}",
                        e.document,
                        e.block + 1,
                        e.quote.chars().take(40).collect::<String>()
                    )),
                    srv_link(
                        &doc_href(&r.submission, &e.document, Some(e.block as u64), &e.quote),
                        "原文 →"
                    )
                ))
                .unwrap_or_default()
        );
    }
    h.push_str("</table><h2>文件 Documents</h2><table><tr><th>文件</th><th>类型</th><th>格式</th><th>状态</th><th class=\"srv\">原文</th></tr>");
    for d in &r.documents {
        let view = if d.status == crate::check::finding::DocStatus::Ok {
            srv_link(&doc_href(&r.submission, &d.path, None, ""), "全文")
        } else {
            String::new()
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"srv\">{view}{}</td></tr>",
            escape(&d.path),
            if d.earlier_plan {
                "上一轮实施方案（仅用于目标完成情况）"
            } else {
                d.kind.zh()
            },
            escape(d.format.as_deref().unwrap_or("")),
            escape(&d.error_zh.clone().unwrap_or_else(|| "正常".into())),
            srv_link(
                &format!(
                    "/original/{}",
                    crate::submission::original_id(&r.submission, &d.path)
                ),
                "下载原件"
            )
        );
    }
    h.push_str("</table>");
    if let Some(t) = &r.indicators {
        let years: Vec<u16> = t
            .rows
            .iter()
            .flat_map(|row| row.values.iter().map(|v| v.year))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let _ = write!(
            h,
            "<h2>指标数据 Indicators</h2><p class=\"path\">{} · 工作表“{}”{}</p><table><tr><th>类别</th><th>指标</th><th>单位</th>",
            escape(&t.document),
            escape(&t.sheet),
            srv_link(&doc_href(&r.submission, &t.document, None, ""), "全文")
        );
        let workbook = sub.documents.iter().find(|d| d.path == t.document);
        for y in &years {
            let _ = write!(h, "<th>{y}年</th>");
        }
        h.push_str("<th>目标值</th></tr>");
        for row in &t.rows {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}{}</td><td>{}</td>",
                escape(row.category.as_deref().unwrap_or("")),
                escape(&row.name),
                row_block(workbook, &t.sheet, row.row)
                    .map(|b| srv_link(
                        &doc_href(&r.submission, &t.document, Some(b), &row.written_name),
                        "原表 →"
                    ))
                    .unwrap_or_default(),
                escape(&row.unit)
            );
            for y in &years {
                let cell = row.values.iter().find(|v| v.year == *y);
                let (text, class) = match cell {
                    Some(v) if v.value.is_some() => {
                        (format!("{}", v.value.unwrap_or_default()), "")
                    }
                    Some(v) => (v.problem.clone().unwrap_or_default(), "missing"),
                    None => (String::new(), "na"),
                };
                let _ = write!(h, "<td class=\"{class}\">{}</td>", escape(&text));
            }
            let _ = write!(
                h,
                "<td>{}</td></tr>",
                escape(
                    &row.target
                        .as_ref()
                        .and_then(|v| v.value)
                        .map(|x| x.to_string())
                        .unwrap_or_default()
                )
            );
        }
        h.push_str("</table>");
    }
    if !r.targets.is_empty() {
        h.push_str(&ledger_html(r));
    }
    h.push_str("</body></html>");
    h
}

/// 目标完成情况: the earlier plan's targets, what the report or workbook says was achieved, the
/// status, each with its quote and a link to it.
fn ledger_html(r: &Review) -> String {
    use crate::check::ledger::{fmt_num, Status};
    let mut h = String::from(
        "<h2>目标完成情况 Targets</h2><p class=\"path\">上一轮实施方案的量化目标，对照自评报告（优先）和指标表所报的完成值；单位已换算（万元↔亿元），百分比与百分点不混比。</p>\
         <table><tr><th>指标</th><th>目标</th><th>完成值</th><th>状态</th><th>依据</th></tr>",
    );
    for l in &r.targets {
        let t = &l.target;
        let target = t.zh();
        let shown = |a: &crate::check::ledger::Achieved| {
            format!(
                "{}{}{}（{}）",
                a.year.map(|y| format!("{y}年 ")).unwrap_or_default(),
                fmt_num(a.value),
                a.unit,
                a.source.zh()
            )
        };
        let mut achieved = match (&l.achieved, l.achieved_zh()) {
            (Some(a), Some(zh)) => format!("{zh}（{}）", a.source.zh()),
            _ => "—".into(),
        };
        if let Some(w) = &l.workbook {
            achieved.push_str(&format!("；指标表不同：{}", shown(w)));
        }
        let class = match l.status {
            Status::Met => "present",
            Status::NotMet => "missing",
            Status::NotReported => "thin",
        };
        let quote = |e: &Evidence, label: &str| {
            format!(
                "<div class=\"path\">{label}：{} · {}“{}”{}</div>",
                escape(&e.document),
                escape(&e.place()),
                escape(&e.quote.chars().take(80).collect::<String>()),
                srv_link(
                    &doc_href(&r.submission, &e.document, Some(e.block as u64), &e.quote),
                    "原文 →"
                )
            )
        };
        let mut basis = quote(&t.evidence, "目标");
        if let Some(a) = &l.achieved {
            basis.push_str(&quote(&a.evidence, "完成"));
        }
        let _ = write!(
            h,
            "<tr><td>{}{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{basis}</td></tr>",
            escape(&l.name),
            l.indicator
                .as_ref()
                .map(|i| format!(" <code>{}</code>", escape(i)))
                .unwrap_or_default(),
            escape(&target),
            escape(&achieved),
            l.status.zh()
        );
    }
    h.push_str("</table>");
    h
}

/// A horizontal stacked bar per province: blockers, warnings, infos.
fn chart(reviews: &[Review]) -> String {
    let mut by: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for r in reviews {
        let e = by
            .entry(r.province.clone().unwrap_or_else(|| "未知".into()))
            .or_insert([0; 3]);
        e[0] += r.count(Severity::Blocker);
        e[1] += r.count(Severity::Warning);
        e[2] += r.count(Severity::Info);
    }
    let max = by
        .values()
        .map(|v| v.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, width, row) = (130.0, 460.0, 22.0);
    let height = row * by.len() as f64 + 40.0;
    let mut s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"各省问题数\">", left + width + 60.0);
    let colours = ["#b71c1c", "#ef6c00", "#1565c0"];
    for (i, (province, counts)) in by.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 14.0,
            escape(province)
        );
        let mut x = left;
        for (k, n) in counts.iter().enumerate() {
            let w = width * *n as f64 / max as f64;
            if w > 0.0 {
                let _ = write!(s, "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\"><title>{} {}</title></rect>", colours[k], Severity::ALL[k].zh(), n);
            }
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\">{}</text>",
            x + 4.0,
            y + 13.0,
            counts.iter().sum::<usize>()
        );
    }
    let ly = height - 14.0;
    for (k, label) in Severity::ALL.map(Severity::zh).iter().enumerate() {
        let x = left + 80.0 * k as f64;
        let _ = write!(s, "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{label}</text>", ly - 10.0, colours[k], x + 16.0, ly);
    }
    s.push_str("</svg>");
    s
}

pub fn index_page(reviews: &[Review], profile: &Profile) -> String {
    let mut h = head("国家产融合作试点城市材料审查");
    let total = |s| reviews.iter().map(|r| r.count(s)).sum::<usize>();
    let _ = write!(
        h,
        "<h1>国家产融合作试点城市材料审查</h1><p>报送单位 {} 个 ｜ 否决 {} ｜ 警告 {} ｜ 提示 {} ｜ 规则：{}</p>",
        reviews.len(),
        total(Severity::Blocker),
        total(Severity::Warning),
        total(Severity::Info),
        escape(&profile.meta.name)
    );
    h.push_str("<p><a href=\"experiences.html\">典型经验 Typical experiences →</a> ｜ <a href=\"review.xlsx\">review.xlsx</a></p>");
    // The coverage matrix: submissions × outline sections.
    h.push_str("<h2>提纲覆盖 Coverage</h2><table class=\"matrix\"><tr><th></th>");
    for o in &profile.outlines {
        let _ = write!(
            h,
            "<th colspan=\"{}\">{}</th>",
            o.sections.len(),
            escape(&o.spec.title)
        );
    }
    h.push_str("</tr><tr><th>报送单位</th>");
    let columns: Vec<(&str, &str, &str)> = profile
        .outlines
        .iter()
        .flat_map(|o| {
            o.sections
                .iter()
                .map(move |s| (o.spec.id.as_str(), s.id.as_str(), s.title.as_str()))
        })
        .collect();
    for (o, id, title) in &columns {
        let _ = write!(
            h,
            "<th class=\"v\" title=\"{}\">{}</th>",
            escape(&format!("{o} {id}")),
            escape(title)
        );
    }
    h.push_str("</tr>");
    for r in reviews {
        let _ = write!(
            h,
            "<tr><td><a href=\"{}\">{}</a></td>",
            escape(&super::page_name(&r.submission)),
            escape(&r.submission)
        );
        for (o, id, title) in &columns {
            let (class, label) = match r.sections.iter().find(|s| s.outline == *o && s.id == *id) {
                Some(s) => (
                    match s.status {
                        Status::Present => "present",
                        Status::Thin => "thin",
                        Status::Missing => "missing",
                    },
                    s.status.zh(),
                ),
                None => ("na", "不适用"),
            };
            let _ = write!(
                h,
                "<td class=\"{class}\" title=\"{}：{label}\"></td>",
                escape(title)
            );
        }
        h.push_str("</tr>");
    }
    h.push_str("</table><p class=\"path\"><span class=\"present\">　</span> 齐全 <span class=\"thin\">　</span> 单薄 <span class=\"missing\">　</span> 缺失 <span class=\"na\">　</span> 不适用</p>");
    let _ = write!(h, "<h2>各省问题 Flags by province</h2>{}", chart(reviews));
    h.push_str("<h2>报送单位 Submissions</h2><p class=\"path\">点击表头排序 / click a header to sort</p><table id=\"subs\"><tr><th>报送单位</th><th>城市</th><th>省份</th><th>类型</th><th>否决</th><th>警告</th><th>提示</th></tr>");
    for r in reviews {
        let _ = write!(
            h,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"blocker\">{}</td><td class=\"warning\">{}</td><td class=\"info\">{}</td></tr>",
            escape(&super::page_name(&r.submission)),
            escape(&r.submission),
            escape(r.city.as_deref().unwrap_or("")),
            escape(r.province.as_deref().unwrap_or("")),
            role_zh(r.role),
            r.count(Severity::Blocker),
            r.count(Severity::Warning),
            r.count(Severity::Info)
        );
    }
    h.push_str(
        r#"</table><script>
document.querySelectorAll('#subs th').forEach(function(th,i){th.onclick=function(){
var t=th.closest('table'),rows=Array.from(t.rows).slice(1),d=th.dataset.d==='1'?-1:1;th.dataset.d=d===1?'1':'0';
rows.sort(function(a,b){var x=a.cells[i].innerText,y=b.cells[i].innerText,nx=parseFloat(x),ny=parseFloat(y);
return (isNaN(nx)||isNaN(ny)?x.localeCompare(y,'zh'):nx-ny)*d;});rows.forEach(function(r){t.appendChild(r);});};});
</script></body></html>"#,
    );
    h
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn document_links_are_encoded() {
        assert_eq!(
            doc_href("01-厦门市", "01-厦门市/a b.docx", Some(3), "风险<补偿>"),
            "/doc?s=01-%E5%8E%A6%E9%97%A8%E5%B8%82&f=01-%E5%8E%A6%E9%97%A8%E5%B8%82%2Fa%20b.docx&b=3&m=%E9%A3%8E%E9%99%A9%3C%E8%A1%A5%E5%81%BF%3E#focus"
        );
        assert_eq!(doc_href("s", "s/x", None, ""), "/doc?s=s&f=s%2Fx");
        assert_eq!(
            srv_link("/doc?s=a&f=b", "原文"),
            "<a class=\"srv\" href=\"/doc?s=a&amp;f=b\">原文</a>"
        );
    }
}
