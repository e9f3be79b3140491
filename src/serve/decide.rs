//! Reviewers' decisions in `serve`: the controls laid into review pages (replacing `run`'s markers),
//! the writes (POST only, each with the session's CSRF token, after the Origin check in the
//! middleware), the province view of all conclusions (`/decisions`), a target's history
//! (`/history`) and the reviewer's name (asked once, kept in a cookie).
//!
//! Sessions: a random `pr_session` cookie (HttpOnly, SameSite=Lax: a link from elsewhere keeps it); the form token is
//! SHA-256(server secret, session) — a page from another site can neither read nor forge it.
//! Every write goes through `decisions::Store::record` in its own transaction and names the
//! version the reviewer saw, so two browsers changing one field get a conflict page, never a
//! silently lost write.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::pages::{self, layout, url_encode};
use super::AppState;
use crate::check::code::FlagCode;
use crate::check::finding::Flag;
use crate::check::review::Review;
use crate::decisions::overlay::{finding_record, FlagView, Overlay};
use crate::decisions::store::{beijing, Change, PassageRecord, Recorded, Store};
use crate::decisions::{
    flag_key, passage_key, submission_key, tags_value, Conclusion, Field, FlagStatus, Target,
};
use crate::report::html::{escape, FLAG_MARKER, MARKER_END, PAGE_MARKER, PANEL_MARKER};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pr_session";
/// The reviewer's name cookie (percent-encoded UTF-8).
pub const REVIEWER_COOKIE: &str = "pr_reviewer";
use crate::decisions::{MAX_NAME, MAX_NOTE};

/// Most changes a history page lists (the latest).
const MAX_HISTORY: usize = 500;

/// Styles of the decision controls, added to every page this server shows.
pub const STYLE: &str = ".decide{margin:8px 0 2px;padding:6px 8px;background:#f5f7fa;border-radius:4px;font-size:13px}\
.decide textarea{width:100%;max-width:720px;font-size:13px}.decide .who{color:#666;margin-left:8px}\
.st{padding:0 6px;border-radius:3px;font-size:12px;margin-left:6px;white-space:nowrap}\
table.dec{border-collapse:collapse;width:100%}table.dec td,table.dec th{border-bottom:1px solid #eee;padding:3px 6px;vertical-align:top;text-align:left}td.nw{white-space:nowrap}.st-pending{background:#eee}.st-confirmed{background:#ffcdd2}\
.st-dismissed{background:#c8e6c9}.st-recheck{background:#ffe082}.st-gone{background:#ddd;color:#555}\
.flag.dismissed>b,.flag.dismissed>div:not(.decide){opacity:.55}.recheck{background:#fff8e1;border-left:3px solid #ffa000;padding:4px 8px;margin:4px 0}\
section.decisions{background:#f5f7fa;padding:8px 14px;margin:12px 0;border-radius:4px}\
section.decisions table td,section.decisions table th{padding:3px 6px}.pmark{color:#e65100;margin-left:8px;font-size:12px}";

/// Who is looking: the session, its form token and the reviewer's name.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub session: String,
    new_session: bool,
    pub token: String,
    pub reviewer: Option<String>,
}

fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl AppState {
    /// The form token of a session.
    fn token(&self, session: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.secret);
        h.update(session.as_bytes());
        hex(&h.finalize()[..16])
    }

    /// The viewer of a request; a new session when the request has none (or a malformed one).
    pub fn viewer(&self, headers: &HeaderMap) -> Viewer {
        let c = cookies(headers);
        let (session, new_session) = match c.get(SESSION_COOKIE) {
            Some(s) if s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (s.clone(), false)
            }
            _ => {
                let mut b = [0u8; 16];
                // Without randomness the session is still unique per process and time.
                if getrandom::fill(&mut b).is_err() {
                    let t = crate::decisions::store::now_us().to_le_bytes();
                    b[..8].copy_from_slice(&t);
                }
                (hex(&b), true)
            }
        };
        let reviewer = c
            .get(REVIEWER_COOKIE)
            .map(|v| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .map(|v| clean_name(&v))
            .filter(|v| !v.is_empty());
        Viewer {
            token: self.token(&session),
            session,
            new_session,
            reviewer,
        }
    }
}

impl Viewer {
    /// The response with the session cookie set when it is new.
    pub fn finish(&self, mut res: Response) -> Response {
        if self.new_session {
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
                self.session
            )) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        res
    }

    fn hidden(&self) -> String {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            self.token
        )
    }
}

/// A reviewer's name as typed: control characters out, trimmed (`check_reviewer` then holds it
/// to `MAX_NAME`).
fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A text field as typed: line breaks as \n, other control characters out, trimmed
/// (`check_value` then holds it to `MAX_NOTE`).
fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Where to go after a write: a path of this server only, else the reviews overview.
fn safe_back(s: Option<&String>) -> String {
    match s {
        Some(b)
            if b.starts_with('/')
                && !b.starts_with("//")
                && b.len() < 2000
                && !b.contains(['\\', '<', '>', '"'])
                && !b.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            b.clone()
        }
        _ => "/reports/".into(),
    }
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(layout(title, body))).into_response()
}

/// The id of the one form of a review page: every control of the page belongs to it (the `form`
/// attribute), so any 保存 sends everything typed on the page and nothing is lost.
const FORM: &str = "pr-review";

/// The line naming the reviewer, with a way to change the name; or, before a name is given, the
/// name box of the page's form (required: the browser asks for it before the first save).
fn reviewer_html(v: &Viewer, back: &str) -> String {
    match &v.reviewer {
        None => format!(
            "<div class=\"recheck\"><label><b>审查人姓名：</b><input name=\"reviewer_name\" form=\"{FORM}\" maxlength=\"{MAX_NAME}\" required placeholder=\"保存前请填写\"></label> \
             只需填写一次，保存在本浏览器中；每条审查意见都会写明是谁、何时作出的。</div>"
        ),
        Some(name) => format!(
            "<details><summary>审查人：{}（点此更换）</summary><form method=\"post\" action=\"/reviewer\">{}<input type=\"hidden\" name=\"back\" value=\"{}\">\
             <label>新的姓名：<input name=\"name\" value=\"{}\" maxlength=\"{MAX_NAME}\" required></label> <button>确定</button></form></details>",
            escape(name),
            v.hidden(),
            escape(back),
            escape(name)
        ),
    }
}

/// The decision controls of one flag (fields of the page's form, named by the flag's key).
fn flag_controls(view: &FlagView) -> String {
    let k = &view.key;
    let mut h = String::from("<div class=\"decide\">");
    let badge = if view.recheck.is_some() {
        "<span class=\"st st-recheck\">需复核</span>".to_owned()
    } else {
        format!(
            "<span class=\"st st-{}\">{}</span>",
            view.status.as_str(),
            view.status.zh()
        )
    };
    if let Some(old) = &view.recheck {
        let _ = write!(
            h,
            "<div class=\"recheck\">证据已变化，需复核：此前 {} 于 {} 对本问题的意见为“{}”，当时的引文为 {}：“{}”。请核对现在的证据后再保存。</div>",
            escape(&view.reviewer),
            beijing(view.at_us),
            view.status.zh(),
            escape(&old.document),
            escape(&old.quote)
        );
    }
    let _ = write!(
        h,
        "<input type=\"hidden\" form=\"{FORM}\" name=\"base_status:{k}\" value=\"{}\"><input type=\"hidden\" form=\"{FORM}\" name=\"base_note:{k}\" value=\"{}\">\
         审查意见{badge} <label>核实：<select form=\"{FORM}\" name=\"status:{k}\">",
        view.base_status, view.base_note
    );
    for s in FlagStatus::ALL {
        let _ = write!(
            h,
            "<option value=\"{}\"{}>{}</option>",
            s.as_str(),
            if s == view.status { " selected" } else { "" },
            s.zh()
        );
    }
    let _ = write!(
        h,
        "</select></label> <button form=\"{FORM}\" name=\"at\" value=\"flag-{k}\">保存</button>"
    );
    if view.decided() {
        let _ = write!(
            h,
            "<span class=\"who\">{} · {}</span> <a href=\"/history?t=flag&amp;k={k}\">修改记录</a>",
            escape(&view.reviewer),
            beijing(view.at_us)
        );
    }
    let _ = write!(
        h,
        "<br><textarea form=\"{FORM}\" name=\"note:{k}\" rows=\"2\" maxlength=\"{MAX_NOTE}\" placeholder=\"核实说明（例如：已核对原件第3页，事故等级为一般）\">{}</textarea></div>",
        escape(&view.note)
    );
    h
}

/// The page's form, the reviewer's own scores, conclusion and comment, and the other experts'.
fn panel_html(st: &AppState, v: &Viewer, r: &Review, o: &Overlay, back: &str) -> String {
    let items = st.profile.scoring(r.role);
    let max_total: f64 = items.iter().map(|i| i.max).sum();
    let panel = o.panel(&r.submission);
    let me = o.expert(&r.submission, v.reviewer.as_deref().unwrap_or(""));
    let mut h = format!(
        "<form id=\"{FORM}\" method=\"post\" action=\"/decide/review\">{}<input type=\"hidden\" name=\"submission\" value=\"{}\">\
         <input type=\"hidden\" name=\"back\" value=\"{}\"></form>\
         <h2 id=\"scores\">评分与结论 Scores</h2><p class=\"path\">每位专家各自打分；下表是您本人的评分，其他专家的评分和平均分列在其后。页面上任何一个“保存”都会一并保存本页填写的全部内容。</p><table>",
        v.hidden(),
        escape(&r.submission),
        escape(back)
    );
    if items.is_empty() {
        h.push_str("<tr><td colspan=\"2\">本类型的报送单位未设评分项（见规则配置 profile.toml 的 [[scoring]]）。</td></tr>");
    }
    for item in &items {
        let field = Field::Score(item.id.clone()).name();
        let _ = write!(
            h,
            "<tr><td>{}</td><td><input type=\"number\" form=\"{FORM}\" name=\"{field}\" min=\"0\" max=\"{}\" step=\"0.5\" value=\"{}\" style=\"width:6em\"> / {} 分\
             <input type=\"hidden\" form=\"{FORM}\" name=\"base:{field}\" value=\"{}\"></td></tr>",
            escape(&item.name),
            item.max,
            escape(me.scores.get(&item.id).map_or("", String::as_str)),
            item.max,
            me.bases.get(&field).copied().unwrap_or(0)
        );
    }
    if !items.is_empty() {
        let _ = write!(
            h,
            "<tr><td><b>我的总分</b></td><td><b>{}</b> / {max_total} 分（保存后更新）</td></tr>",
            me.total().map_or_else(|| "—".to_owned(), |t| t.to_string())
        );
    }
    let _ = write!(
        h,
        "<tr><td>我的结论</td><td><select form=\"{FORM}\" name=\"conclusion\"><option value=\"\">（未下结论）</option>"
    );
    for c in Conclusion::ALL {
        let _ = write!(
            h,
            "<option value=\"{}\"{}>{}</option>",
            c.as_str(),
            if me.conclusion == Some(c) {
                " selected"
            } else {
                ""
            },
            c.zh()
        );
    }
    let _ = write!(
        h,
        "</select><input type=\"hidden\" form=\"{FORM}\" name=\"base:conclusion\" value=\"{}\"></td></tr>\
         <tr><td>我的评语</td><td><textarea form=\"{FORM}\" name=\"comment\" rows=\"3\" cols=\"70\" maxlength=\"{MAX_NOTE}\">{}</textarea>\
         <input type=\"hidden\" form=\"{FORM}\" name=\"base:comment\" value=\"{}\"></td></tr></table>\
         <button form=\"{FORM}\" name=\"at\" value=\"scores\">保存</button>",
        me.bases.get("conclusion").copied().unwrap_or(0),
        escape(&me.comment),
        me.bases.get("comment").copied().unwrap_or(0)
    );
    if me.at_us > 0 {
        let _ = write!(
            h,
            " <span class=\"who\">最后修改 {}</span> <a href=\"/history?t=submission&amp;k={}\">修改记录</a>",
            beijing(me.at_us),
            url_encode(&crate::decisions::expert_key(&r.submission, &me.reviewer))
        );
    }
    if !panel.experts.is_empty() {
        h.push_str("<h3>各位专家 Panel</h3><table><tr><th>专家</th>");
        for item in &items {
            let _ = write!(h, "<th>{}（{}）</th>", escape(&item.name), item.max);
        }
        h.push_str("<th>总分</th><th>结论</th><th>评语</th><th>时间</th></tr>");
        for e in &panel.experts {
            let _ = write!(h, "<tr><td>{}</td>", escape(&e.reviewer));
            for item in &items {
                let _ = write!(
                    h,
                    "<td>{}</td>",
                    escape(e.scores.get(&item.id).map_or("—", String::as_str))
                );
            }
            let _ = write!(
                h,
                "<td><b>{}</b></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e.total().map_or_else(|| "—".to_owned(), |t| t.to_string()),
                e.conclusion.map_or("—", |c| c.zh()),
                escape(&e.comment),
                beijing(e.at_us)
            );
        }
        let _ = write!(
            h,
            "<tr><td colspan=\"{}\"><b>平均分</b>（{} 位专家）</td><td><b>{}</b> / {max_total}</td><td colspan=\"3\">{}</td></tr></table>",
            items.len() + 1,
            panel.experts.len(),
            panel
                .mean_total()
                .map_or_else(|| "—".to_owned(), |t| t.to_string()),
            escape(&panel.conclusions_zh())
        );
    }
    h
}

/// Decisions whose flag is gone, listed on the submission's page.
fn gone_html(o: &Overlay, submission: &str, profile: &crate::profile::Profile) -> String {
    let gone = o.gone(submission);
    if gone.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<h3>已不再出现的问题（{}）</h3><p class=\"path\">以下问题曾有审查记录，本次审查已不再出现（材料已更新或规则已调整）；记录保留备查。</p><ul>",
        gone.len()
    );
    for g in gone {
        let name = FlagCode::parse(&g.record.code).map_or(g.record.code.as_str(), |c| c.zh());
        let _ = write!(
            h,
            "<li><span class=\"st st-gone\">已不再出现</span> <b>{}</b> {} · {}：“{}” — 原结论 <b>{}</b>{}（{} · {}） <a href=\"/history?t=flag&amp;k={}\">修改记录</a></li>",
            escape(name),
            escape(&subject_zh(profile, g.record.subject.as_deref())),
            escape(&g.record.document),
            escape(&g.record.quote.chars().take(80).collect::<String>()),
            g.view.status.zh(),
            if g.view.note.is_empty() {
                String::new()
            } else {
                format!("，说明：{}", escape(&g.view.note))
            },
            escape(&g.view.reviewer),
            beijing(g.view.at_us),
            g.view.key
        );
    }
    h.push_str("</ul>");
    h
}

/// A flag's subject in the reviewer's words (the profile's name, else the id as written).
fn subject_zh(profile: &crate::profile::Profile, subject: Option<&str>) -> String {
    subject.map_or_else(String::new, |s| {
        profile
            .subject_zh(s)
            .map_or_else(|| s.to_owned(), str::to_owned)
    })
}

/// Passages of this submission with a star or tags, linked to their place.
fn marks_html(o: &Overlay, submission: &str) -> String {
    let marks: Vec<_> = o
        .marked_passages()
        .into_iter()
        .filter(|m| {
            m.record
                .as_ref()
                .is_some_and(|r| r.submission == submission)
        })
        .collect();
    if marks.is_empty() {
        return String::new();
    }
    let mut h = format!("<h3>加星和加标签的段落（{}）</h3><ul>", marks.len());
    for m in marks {
        let Some(r) = &m.record else { continue };
        let _ = write!(
            h,
            "<li>{}{} · <a href=\"{}\">{} 第{}段</a>：{}</li>",
            if m.star { "★ " } else { "" },
            escape(&m.tags.join("、")),
            escape(&crate::report::html::doc_href(
                &r.submission,
                &r.document,
                Some(r.block as u64),
                ""
            )),
            escape(&r.document),
            r.block + 1,
            escape(&r.text.chars().take(60).collect::<String>())
        );
    }
    h.push_str("</ul>");
    h
}

/// A review page from `run` with its markers replaced by the decision controls.
pub fn decorate(html: &str, st: &AppState, v: &Viewer, page_path: &str) -> String {
    let Some(at) = html.find(PAGE_MARKER) else {
        return html.to_owned();
    };
    let key_at = at + PAGE_MARKER.len();
    let Some(end) = html[key_at..].find(MARKER_END) else {
        return html.to_owned();
    };
    let page_key = &html[key_at..key_at + end];
    let reviews = match st.reviews() {
        Ok(r) => r,
        Err(msg) => return html.replacen(&html[at..key_at + end + 3], &notice(&msg), 1),
    };
    let Some(review) = reviews
        .iter()
        .find(|r| submission_key(&r.submission) == page_key)
    else {
        return html.replacen(
            &html[at..key_at + end + 3],
            &notice("本页与最近一次审查结果（checks.jsonl）不一致，请重新运行 pilot-review run 后再记录审查意见。"),
            1,
        );
    };
    let overlay = match Overlay::load(&st.store, &reviews) {
        Ok(o) => o,
        Err(e) => return html.replacen(&html[at..key_at + end + 3], &notice(&e.zh()), 1),
    };
    let panel = format!(
        "<section class=\"decisions\">{}</section>",
        panel_html(st, v, review, &overlay, page_path)
    );
    let mut top = String::from("<section class=\"decisions\">");
    top.push_str(&reviewer_html(v, page_path));
    // Pages written before the panel marker existed get the scores at the top.
    if !html.contains(PANEL_MARKER) {
        top.push_str(&panel);
    } else {
        top.push_str("<p class=\"path\">逐条核实下列问题后，在页面下方“评分与结论”处打分。<a href=\"#scores\">去评分 ↓</a></p>");
    }
    top.push_str(&gone_html(&overlay, &review.submission, &st.profile));
    top.push_str(&marks_html(&overlay, &review.submission));
    top.push_str("</section>");
    let mut out = String::with_capacity(html.len() * 2);
    out.push_str(&html[..at]);
    out.push_str(&top);
    let mut rest = &html[key_at + end + MARKER_END.len()..];
    let views: HashMap<String, FlagView> = review
        .flags
        .iter()
        .map(|f| {
            let view = overlay.flag(&review.submission, f);
            (view.key.clone(), view)
        })
        .collect();
    while let Some(i) = rest.find(FLAG_MARKER) {
        out.push_str(&rest[..i]);
        let k_at = i + FLAG_MARKER.len();
        let Some(e) = rest[k_at..].find(MARKER_END) else {
            break;
        };
        let key = &rest[k_at..k_at + e];
        if let Some(view) = views.get(key) {
            out.push_str(&flag_controls(view));
        }
        rest = &rest[k_at + e + MARKER_END.len()..];
    }
    out.push_str(rest);
    let mut out = out.replacen(PANEL_MARKER, &panel, 1);
    // A dismissed flag is dimmed: its div gets the class.
    for view in views.values() {
        if view.status == FlagStatus::Dismissed && view.recheck.is_none() {
            let id = format!("\" id=\"flag-{}\"", view.key);
            out = out.replacen(&id, &format!(" dismissed{id}"), 1);
        }
    }
    out
}

fn notice(msg: &str) -> String {
    format!("<p class=\"recheck\">{}</p>", escape(msg))
}

/// Checks a write's token: it must be the one this server gave the request's session.
fn check_token(
    st: &AppState,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<Viewer, Box<Response>> {
    let v = st.viewer(headers);
    let sent = form.get("csrf").map(String::as_str).unwrap_or("");
    if v.new_session || sent != v.token {
        return Err(Box::new(page(
            StatusCode::FORBIDDEN,
            "请求被拒绝",
            "<p class=\"err\">请求被拒绝：页面已过期或请求不是从本工具的页面发出的。请刷新页面后再提交。</p>",
        )));
    }
    Ok(v)
}

/// Who is writing: the name in the cookie, or the name typed into the page's form (then kept in
/// the cookie by the response). The error is the page to send.
fn authorise(
    st: &AppState,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<(String, bool), Box<Response>> {
    let v = check_token(st, headers, form)?;
    let typed = clean_name(form.get("reviewer_name").map_or("", String::as_str));
    if !typed.is_empty() {
        if let Err(m) = crate::decisions::check_reviewer(&typed) {
            return Err(Box::new(page(
                StatusCode::BAD_REQUEST,
                "姓名有误",
                &format!("<p class=\"err\">{}</p>", escape(&m)),
            )));
        }
    }
    match (v.reviewer, typed.is_empty()) {
        (_, false) => Ok((typed, true)),
        (Some(name), true) => Ok((name, false)),
        (None, true) => Err(Box::new(page(
            StatusCode::BAD_REQUEST,
            "请先填写姓名",
            &format!(
                "<p class=\"err\">请先填写审查人姓名，再保存审查意见（浏览器“后退”可回到刚才的页面，已填写的内容仍在）。</p><p><a href=\"{}\">返回</a></p>",
                escape(&safe_back(form.get("back")))
            ),
        ))),
    }
}

/// The cookie that keeps the reviewer's name (a year).
fn name_cookie(name: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{REVIEWER_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        url_encode(name)
    ))
    .ok()
}

/// What a batch of changes came to.
#[derive(Default)]
struct Outcome {
    saved: usize,
    conflicts: Vec<String>,
}

/// Records the changes, each in its own transaction, after `before` (remembering what keys stand for).
fn apply(
    st: &AppState,
    changes: Vec<Change>,
    before: impl FnOnce(&Store) -> Result<(), crate::decisions::StoreError>,
) -> Result<Outcome, String> {
    let mut store = Store::open(&st.store).map_err(|e| e.zh())?;
    before(&store).map_err(|e| e.zh())?;
    let mut o = Outcome::default();
    for c in changes {
        match store.record(&c).map_err(|e| e.zh())? {
            Recorded::Saved(_) => o.saved += 1,
            Recorded::Unchanged => {}
            Recorded::Conflict(e) => o.conflicts.push(format!(
                "{} 于 {} 已把“{}”改为“{}”；您填写的“{}”未保存。",
                e.reviewer,
                beijing(e.at_us),
                crate::decisions::field_zh(&st.profile, &e.field),
                crate::decisions::shown(&e.field, &e.new),
                crate::decisions::shown(&e.field, &c.value)
            )),
        }
    }
    Ok(o)
}

fn finish_write(
    result: Result<Result<Outcome, String>, tokio::task::JoinError>,
    back: &str,
) -> Response {
    match result {
        Ok(Ok(o)) if o.conflicts.is_empty() => Redirect::to(back).into_response(),
        Ok(Ok(o)) => {
            let mut body = String::from("<h1>有人刚刚修改了同一项</h1><ul>");
            for c in &o.conflicts {
                let _ = write!(body, "<li>{}</li>", escape(c));
            }
            let others = if o.saved > 0 {
                format!("您的其他 {} 项修改已保存。", o.saved)
            } else {
                String::new()
            };
            let _ = write!(
                body,
                "</ul><p>{others}请<a href=\"{}\">返回页面</a>查看最新内容后再决定是否修改（浏览器“后退”可找回您填写的文字）。</p>",
                escape(back)
            );
            page(StatusCode::CONFLICT, "修改冲突", &body)
        }
        Ok(Err(msg)) => page(
            StatusCode::BAD_REQUEST,
            "未能保存",
            &format!(
                "<p class=\"err\">未能保存：{}</p><p>浏览器“后退”可回到刚才的页面，已填写的内容仍在。<a href=\"{}\">返回</a></p>",
                escape(&msg),
                escape(back)
            ),
        ),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    }
}

/// The version a form field was drawn at: None when the form sends none; an error when it
/// sends something that is not a version (a page altered by hand, or not ours).
fn base(form: &HashMap<String, String>, name: &str) -> Result<Option<i64>, String> {
    match form.get(name) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| "页面数据有误（版本号不对），请刷新页面后再保存。".to_owned()),
    }
}

/// `POST /reviewer`: keeps the reviewer's name in a cookie (a year).
pub async fn post_reviewer(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let back = safe_back(form.get("back"));
    if let Err(res) = check_token(&st, &headers, &form) {
        return *res;
    }
    let name = clean_name(form.get("name").map_or("", String::as_str));
    if let Err(m) = crate::decisions::check_reviewer(&name) {
        return page(
            StatusCode::BAD_REQUEST,
            "请填写姓名",
            &format!(
                "<p class=\"err\">{}</p><p><a href=\"{}\">返回</a></p>",
                escape(&m),
                escape(&back)
            ),
        );
    }
    let mut res = Redirect::to(&back).into_response();
    if let Some(c) = name_cookie(&name) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// The changes a review page's form asks for, checked whole before anything is written:
/// `status:KEY` / `note:KEY` (with `base_status:KEY` / `base_note:KEY`) for flags of the
/// submission, `score:ITEM`, `conclusion`, `comment` (with `base:FIELD`) for the reviewer's own
/// review. Errors name the first bad value.
fn review_changes(
    st: &AppState,
    r: &Review,
    form: &HashMap<String, String>,
    reviewer: &str,
) -> Result<(Vec<Change>, Vec<crate::decisions::store::FindingRecord>), String> {
    let flags: HashMap<String, &Flag> = r
        .flags
        .iter()
        .map(|f| (flag_key(&r.submission, f), f))
        .collect();
    let mut changes = Vec::new();
    let mut records = Vec::new();
    let mut keys: Vec<&str> = form
        .keys()
        .filter_map(|k| {
            k.strip_prefix("status:")
                .or_else(|| k.strip_prefix("note:"))
        })
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let Some(f) = flags.get(key) else {
            return Err("本次审查结果中没有这个问题（审查结果可能刚刚更新），请刷新页面。".into());
        };
        records.push(finding_record(&r.submission, f));
        if let Some(v) = form.get(&format!("status:{key}")) {
            let status = FlagStatus::parse(v).ok_or("核实状态只能是 待核实、确认 或 排除。")?;
            changes.push(Change {
                target: Target::Flag,
                key: key.to_owned(),
                field: Field::Status,
                value: status.as_str().into(),
                reviewer: reviewer.to_owned(),
                base: base(form, &format!("base_status:{key}"))?,
            });
        }
        if let Some(v) = form.get(&format!("note:{key}")) {
            changes.push(Change {
                target: Target::Flag,
                key: key.to_owned(),
                field: Field::Note,
                value: clean_text(v),
                reviewer: reviewer.to_owned(),
                base: base(form, &format!("base_note:{key}"))?,
            });
        }
    }
    let mut own: Vec<(Field, String)> = Vec::new();
    for item in st.profile.scoring(r.role) {
        let Some(raw) = form.get(&Field::Score(item.id.clone()).name()) else {
            continue;
        };
        let raw = raw.trim();
        let mut value = String::new();
        if !raw.is_empty() {
            match raw.parse::<f64>() {
                // Kept as the number it is ("-0" → "0", "20.50" → "20.5").
                Ok(x) if (0.0..=item.max).contains(&x) => value = (x + 0.0).to_string(),
                _ => {
                    return Err(format!(
                        "“{}”的评分须为 0 至 {} 之间的数字，收到“{}”。",
                        item.name,
                        item.max,
                        raw.chars().take(20).collect::<String>()
                    ))
                }
            }
        }
        own.push((Field::Score(item.id.clone()), value));
    }
    if let Some(c) = form.get("conclusion") {
        let c = c.trim();
        if !c.is_empty() && Conclusion::parse(c).is_none() {
            return Err("结论只能是 建议通过、建议不通过 或 待定。".into());
        }
        own.push((
            Field::Conclusion,
            Conclusion::parse(c).map_or("", |c| c.as_str()).to_owned(),
        ));
    }
    if let Some(c) = form.get("comment") {
        own.push((Field::Comment, clean_text(c)));
    }
    let key = crate::decisions::expert_key(&r.submission, reviewer);
    for (field, value) in own {
        changes.push(Change {
            target: Target::Submission,
            key: key.clone(),
            // Without a base (a client that sends none), an empty value is compared with a
            // field never set: nothing to write unless it clears a value.
            base: base(form, &format!("base:{}", field.name()))?
                .or_else(|| value.is_empty().then_some(0)),
            field,
            value,
            reviewer: reviewer.to_owned(),
        });
    }
    // Every value checked before anything is written: a bad one refuses the whole form.
    for c in &changes {
        crate::decisions::check_value(&c.field, &c.value)?;
    }
    Ok((changes, records))
}

/// `POST /decide/review`: everything a review page's form holds — flags' status and notes, the
/// reviewer's scores, conclusion and comment — checked whole, then each field written on its own
/// (untouched fields write nothing; a field someone else changed meanwhile is a conflict).
pub async fn post_review(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let (reviewer, typed) = match authorise(&st, &headers, &form) {
        Ok(r) => r,
        Err(res) => return *res,
    };
    let mut back = safe_back(form.get("back"));
    if let Some(at) = form
        .get("at")
        .filter(|a| a.len() <= 40 && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        back = format!("{}#{at}", back.split('#').next().unwrap_or(&back));
    }
    let b2 = back.clone();
    let name = reviewer.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Outcome, String> {
        let reviews = st.reviews()?;
        let submission = form.get("submission").map_or("", String::as_str);
        let Some(r) = reviews.iter().find(|r| r.submission == submission) else {
            return Err("本次审查结果中没有这个报送单位，请刷新页面。".into());
        };
        let (changes, records) = review_changes(&st, r, &form, &reviewer)?;
        apply(&st, changes, |s| {
            records.iter().try_for_each(|f| s.remember_finding(f))
        })
    })
    .await;
    let mut res = finish_write(result, &b2);
    if typed {
        if let Some(c) = name_cookie(&name) {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
    }
    res
}

/// `POST /decide/passage`: a passage's star and tags (from the whole-document view).
pub async fn post_passage(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let (reviewer, _) = match authorise(&st, &headers, &form) {
        Ok(r) => r,
        Err(res) => return *res,
    };
    let back = safe_back(form.get("back"));
    let b2 = back.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Outcome, String> {
        let si = st.index()?;
        let s = form.get("s").cloned().unwrap_or_default();
        let f = form.get("f").cloned().unwrap_or_default();
        let b: u64 = form
            .get("b")
            .and_then(|b| b.parse().ok())
            .ok_or("缺少段落编号。")?;
        let passages = crate::search::browse::document_passages(
            &si,
            &s,
            &f,
            super::document::MAX_DOC_PASSAGES,
        )
        .map_err(|e| format!("读取失败：{e}"))?;
        let Some(p) = passages.iter().find(|p| p.block == b) else {
            return Err("索引中没有这个段落（索引可能刚刚更新），请刷新页面。".into());
        };
        let key = passage_key(&s, &f, &p.text);
        let record = PassageRecord {
            key: key.clone(),
            submission: s,
            document: f,
            block: b as i64,
            text: p.text.clone(),
        };
        let star = if form.get("star").is_some_and(|v| v == "1") {
            "1"
        } else {
            ""
        };
        let tags = tags_value(form.get("tags").map_or("", String::as_str));
        let mut changes = Vec::new();
        for (field, value, base_name) in [
            (Field::Star, star.to_owned(), "base_star"),
            (Field::Tags, tags, "base_tags"),
        ] {
            let base = base(&form, base_name)?;
            if value.is_empty() && base.unwrap_or(0) == 0 {
                continue;
            }
            crate::decisions::check_value(&field, &value)?;
            changes.push(Change {
                target: Target::Passage,
                key: key.clone(),
                field,
                value,
                reviewer: reviewer.clone(),
                base,
            });
        }
        apply(&st, changes, |store| store.remember_passage(&record))
    })
    .await;
    finish_write(result, &b2)
}

/// The form for the passage in focus (`s`, `f`, `b`), or None when the index has no such passage.
pub fn passage_form(
    v: &Viewer,
    o: &Overlay,
    s: &str,
    f: &str,
    b: u64,
    text: &str,
    back: &str,
) -> String {
    let key = passage_key(s, f, text);
    let m = o.passage(&key).cloned().unwrap_or_default();
    format!(
        "<form class=\"decide\" method=\"post\" action=\"/decide/passage\">{}\
         <input type=\"hidden\" name=\"s\" value=\"{}\"><input type=\"hidden\" name=\"f\" value=\"{}\"><input type=\"hidden\" name=\"b\" value=\"{b}\">\
         <input type=\"hidden\" name=\"back\" value=\"{}\"><input type=\"hidden\" name=\"base_star\" value=\"{}\"><input type=\"hidden\" name=\"base_tags\" value=\"{}\">\
         本段：<label><input type=\"checkbox\" name=\"star\" value=\"1\"{}> ★ 加星</label> \
         <label>标签：<input name=\"tags\" value=\"{}\" placeholder=\"用逗号或顿号分隔，如 基金招商、风险补偿\" size=\"36\"></label> <button>保存</button>{}</form>",
        v.hidden(),
        escape(s),
        escape(f),
        escape(&format!("{}#focus", back.split('#').next().unwrap_or(back))),
        m.base_star,
        m.base_tags,
        if m.star { " checked" } else { "" },
        escape(&m.tags.join("、")),
        if m.at_us > 0 {
            format!("<span class=\"who\">{} · {}</span>", escape(&m.reviewer), beijing(m.at_us))
        } else if v.reviewer.is_none() {
            "<span class=\"who\">（保存前请先在审查结果页填写审查人姓名）</span>".into()
        } else {
            String::new()
        }
    )
}

/// The query of `/decisions`.
#[derive(Debug, Default, Deserialize)]
pub struct DecisionsParams {
    #[serde(default)]
    pub province: String,
    /// pending, confirmed, dismissed, recheck, gone, or empty for all.
    #[serde(default)]
    pub status: String,
    /// Only what this reviewer decided or scored.
    #[serde(default)]
    pub reviewer: String,
    /// Passages whose tags contain this text.
    #[serde(default)]
    pub tag: String,
}

/// `GET /decisions`: every submission's panel by province, flags filtered by status and reviewer,
/// marked passages.
pub async fn decisions_page(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(p): Query<DecisionsParams>,
) -> Response {
    let v = st.viewer(&headers);
    if [&p.province, &p.reviewer, &p.tag]
        .iter()
        .any(|x| x.chars().count() > 40)
        || p.status.len() > 20
    {
        return v.finish(page(
            StatusCode::BAD_REQUEST,
            "出错了",
            "<p class=\"err\">请求参数过长。</p>",
        ));
    }
    let st2 = st.clone();
    let body = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let reviews = st2.reviews()?;
        let o = Overlay::load(&st2.store, &reviews).map_err(|e| e.zh())?;
        Ok(province_view(&st2, &reviews, &o, &p))
    })
    .await;
    let res = match body {
        Ok(Ok(b)) => page(StatusCode::OK, "审查结论", &b),
        Ok(Err(m)) => page(
            StatusCode::SERVICE_UNAVAILABLE,
            "出错了",
            &format!("<p class=\"err\">{}</p>", escape(&m)),
        ),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    };
    v.finish(res)
}

fn role_zh(r: &Review) -> &'static str {
    match r.role {
        Some(crate::submission::Role::Evaluation) => "评估",
        Some(crate::submission::Role::Application) => "申报",
        None => "未知",
    }
}

fn select_html(name: &str, label: &str, chosen: &str, options: &[(String, String)]) -> String {
    let mut h = format!("<label>{label}：<select name=\"{name}\"><option value=\"\">全部</option>");
    for (value, shown) in options {
        let _ = write!(
            h,
            "<option value=\"{}\"{}>{}</option>",
            escape(value),
            if value == chosen { " selected" } else { "" },
            escape(shown)
        );
    }
    h.push_str("</select></label> ");
    h
}

fn province_view(st: &AppState, reviews: &[Review], o: &Overlay, p: &DecisionsParams) -> String {
    use crate::document::gazetteer::province_rank;
    let mut provinces: Vec<&str> = reviews
        .iter()
        .filter_map(|r| r.province.as_deref())
        .collect();
    provinces.sort_by_key(|p| (province_rank(p), *p));
    provinces.dedup();
    let mut chosen: Vec<&Review> = reviews
        .iter()
        .filter(|r| p.province.is_empty() || r.province.as_deref() == Some(p.province.as_str()))
        .collect();
    chosen.sort_by(|a, b| {
        let k = |r: &Review| {
            let p = r.province.clone().unwrap_or_default();
            (province_rank(&p), p, r.submission.clone())
        };
        k(a).cmp(&k(b))
    });
    // Everyone who decided a flag or scored, for the reviewer filter.
    let mut reviewers: Vec<String> = Vec::new();
    for r in reviews {
        for f in &r.flags {
            let v = o.flag(&r.submission, f);
            if v.decided() {
                reviewers.push(v.reviewer);
            }
        }
        reviewers.extend(
            o.panel(&r.submission)
                .experts
                .into_iter()
                .map(|e| e.reviewer),
        );
    }
    reviewers.sort();
    reviewers.dedup();
    let mut h =
        String::from("<h1>审查结论 Decisions</h1><form method=\"get\" action=\"/decisions\">");
    h.push_str(&select_html(
        "province",
        "省份",
        &p.province,
        &provinces
            .iter()
            .map(|x| (x.to_string(), x.to_string()))
            .collect::<Vec<_>>(),
    ));
    h.push_str(&select_html(
        "status",
        "问题状态",
        &p.status,
        &[
            ("pending", "待核实"),
            ("confirmed", "确认"),
            ("dismissed", "排除"),
            ("recheck", "需复核"),
            ("gone", "已不再出现"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned())),
    ));
    h.push_str(&select_html(
        "reviewer",
        "审查人",
        &p.reviewer,
        &reviewers
            .iter()
            .map(|x| (x.clone(), x.clone()))
            .collect::<Vec<_>>(),
    ));
    let _ = write!(
        h,
        "<label>段落标签含：<input name=\"tag\" value=\"{}\" size=\"12\"></label> <button>筛选</button> \
         <a href=\"/reports/review.xlsx\">下载 review.xlsx（含全部审查意见和评分）</a></form>\
         <p class=\"path\">状态说明：待核实 = 尚无人核实；确认 = 问题属实；排除 = 误报或不构成问题；\
         需复核 = 有人下过意见，但该问题的证据（引文）后来变了，请对照新证据再看；已不再出现 = 有人下过意见，\
         但重新审查后该问题已不再出现（材料已改正或规则已调整），意见和修改记录保留。</p>",
        escape(&p.tag)
    );
    // Submissions.
    h.push_str("<h2>报送单位 Submissions</h2><table class=\"dec\"><tr><th>省份</th><th>报送单位</th><th>类型</th><th>否决/警告/提示</th><th>确认</th><th>排除</th><th>待核实</th><th>需复核</th><th>评分专家</th><th>平均分</th><th>专家结论</th></tr>");
    for r in &chosen {
        let panel = o.panel(&r.submission);
        let views: Vec<FlagView> = r.flags.iter().map(|f| o.flag(&r.submission, f)).collect();
        if !p.reviewer.is_empty()
            && !panel.experts.iter().any(|e| e.reviewer == p.reviewer)
            && !views
                .iter()
                .any(|v| v.decided() && v.reviewer == p.reviewer)
        {
            continue;
        }
        let n = |s: FlagStatus| {
            views
                .iter()
                .filter(|v| v.recheck.is_none() && v.status == s)
                .count()
        };
        let max: f64 = st.profile.scoring(r.role).iter().map(|i| i.max).sum();
        let _ = write!(
            h,
            "<tr><td class=\"nw\">{}</td><td class=\"nw\"><a href=\"/reports/{}\">{}</a></td><td class=\"nw\">{}</td><td>{}/{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(r.province.as_deref().unwrap_or("")),
            url_encode(&crate::report::page_name(&r.submission)),
            escape(&r.submission),
            role_zh(r),
            r.count(crate::profile::severity::Severity::Blocker),
            r.count(crate::profile::severity::Severity::Warning),
            r.count(crate::profile::severity::Severity::Info),
            n(FlagStatus::Confirmed),
            n(FlagStatus::Dismissed),
            n(FlagStatus::Pending),
            views.iter().filter(|v| v.recheck.is_some()).count(),
            if panel.experts.is_empty() {
                "—".to_owned()
            } else {
                escape(&panel.reviewers())
            },
            panel
                .mean_total()
                .map_or_else(|| "—".to_owned(), |t| format!("{t} / {max}")),
            escape(&panel.conclusions_zh())
        );
    }
    h.push_str("</table>");
    // Flags by status.
    let label = match p.status.as_str() {
        "pending" => "待核实",
        "confirmed" => "确认",
        "dismissed" => "排除",
        "recheck" => "需复核",
        "gone" => "已不再出现",
        _ => "",
    };
    let _ = write!(
        h,
        "<h2>问题 Flags{}</h2><table class=\"dec\"><tr><th>报送单位</th><th>严重程度</th><th>问题</th><th>原文</th><th>状态</th><th>核实说明</th><th>审查人</th></tr>",
        if label.is_empty() {
            String::new()
        } else {
            format!("：{label}")
        }
    );
    let mut shown = 0;
    for r in &chosen {
        if label != "已不再出现" {
            for f in &r.flags {
                let view = o.flag(&r.submission, f);
                if (!label.is_empty() && view.label() != label)
                    || (!p.reviewer.is_empty() && view.reviewer != p.reviewer)
                {
                    continue;
                }
                shown += 1;
                let quote = f.evidence.first().map_or("", |e| e.quote.as_str());
                let _ = write!(
                    h,
                    "<tr><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td><a href=\"/reports/{}#flag-{}\">{}</a> {}</td><td>{}</td><td><span class=\"st st-{}\">{}</span></td><td>{}</td><td>{}</td></tr>",
                    escape(&r.submission),
                    f.severity.zh(),
                    url_encode(&crate::report::page_name(&r.submission)),
                    view.key,
                    escape(f.code.zh()),
                    escape(&subject_zh(&st.profile, f.subject.as_deref())),
                    escape(&quote.chars().take(60).collect::<String>()),
                    if view.recheck.is_some() { "recheck" } else { view.status.as_str() },
                    view.label(),
                    escape(&view.note),
                    if view.decided() {
                        format!("{}<br>{}", escape(&view.reviewer), beijing(view.at_us))
                    } else {
                        String::new()
                    }
                );
            }
        }
        if label.is_empty() || label == "已不再出现" {
            for g in o.gone(&r.submission) {
                if !p.reviewer.is_empty() && g.view.reviewer != p.reviewer {
                    continue;
                }
                shown += 1;
                let name =
                    FlagCode::parse(&g.record.code).map_or(g.record.code.as_str(), |c| c.zh());
                let _ = write!(
                    h,
                    "<tr><td class=\"nw\">{}</td><td></td><td>{} {}</td><td>{}</td><td><span class=\"st st-gone\">已不再出现</span>（原：{}）</td><td>{}</td><td>{}<br>{}</td></tr>",
                    escape(&r.submission),
                    escape(name),
                    escape(&subject_zh(&st.profile, g.record.subject.as_deref())),
                    escape(&g.record.quote.chars().take(60).collect::<String>()),
                    g.view.status.zh(),
                    escape(&g.view.note),
                    escape(&g.view.reviewer),
                    beijing(g.view.at_us)
                );
            }
        }
    }
    if shown == 0 {
        h.push_str("<tr><td colspan=\"7\">没有符合条件的问题。</td></tr>");
    }
    h.push_str("</table>");
    // Marked passages.
    h.push_str("<h2>加星和加标签的段落 Starred passages</h2><table class=\"dec\"><tr><th>报送单位</th><th>文件</th><th>段落</th><th>原文</th><th>标记</th><th>审查人</th></tr>");
    let mut any = 0;
    let mut all = 0;
    let tag = p.tag.trim();
    for m in o.marked_passages() {
        let Some(rec) = &m.record else { continue };
        let in_province = p.province.is_empty()
            || reviews.iter().any(|r| {
                r.submission == rec.submission && r.province.as_deref() == Some(p.province.as_str())
            });
        if !in_province || (!p.reviewer.is_empty() && m.reviewer != p.reviewer) {
            continue;
        }
        all += 1;
        if !tag.is_empty() && !m.tags.iter().any(|t| t.contains(tag)) {
            continue;
        }
        any += 1;
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">第{}段</a></td><td>{}</td><td>{}{}</td><td>{} · {}</td></tr>",
            escape(&rec.submission),
            escape(&rec.document),
            escape(&crate::report::html::doc_href(
                &rec.submission,
                &rec.document,
                Some(rec.block as u64),
                ""
            )),
            rec.block + 1,
            escape(&rec.text.chars().take(80).collect::<String>()),
            if m.star { "★ " } else { "" },
            escape(&m.tags.join("、")),
            escape(&m.reviewer),
            beijing(m.at_us)
        );
    }
    if any == 0 {
        let msg = if all > 0 {
            format!(
                "有 {all} 个加星或加标签的段落，但没有标签含“{}”的。",
                escape(tag)
            )
        } else {
            "还没有加星或加标签的段落（在全文查看中点段号即可为该段加星、加标签）。".to_owned()
        };
        let _ = write!(h, "<tr><td colspan=\"6\">{msg}</td></tr>");
    }
    h.push_str("</table>");
    h
}

/// The query of `/history`.
#[derive(Debug, Default, Deserialize)]
pub struct HistoryParams {
    #[serde(default)]
    pub t: String,
    #[serde(default)]
    pub k: String,
}

/// `GET /history`: every change of one target, oldest first.
pub async fn history_page(
    State(st): State<Arc<AppState>>,
    Query(p): Query<HistoryParams>,
) -> Response {
    let Some(target) = Target::parse(&p.t).filter(|_| p.k.len() <= 400) else {
        return pages::error(StatusCode::BAD_REQUEST, "参数有误。").into_response();
    };
    let found = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let Some(store) = Store::open_existing(&st.store).map_err(|e| e.zh())? else {
            return Ok("<p>尚无审查记录。</p>".into());
        };
        let mut events = store.history(target, &p.k).map_err(|e| e.zh())?;
        // The latest changes only, when there are very many.
        let dropped = events.len().saturating_sub(MAX_HISTORY);
        events.drain(..dropped);
        let mut h = String::from("<h1>修改记录</h1>");
        if let Some(f) = store.findings().map_err(|e| e.zh())?.into_iter().find(|f| f.key == p.k) {
            let name = FlagCode::parse(&f.code).map_or(f.code.clone(), |c| c.zh().to_owned());
            let _ = write!(
                h,
                "<p>{} · <b>{}</b> {} · {}：“{}”</p>",
                escape(&f.submission),
                escape(&name),
                escape(f.subject.as_deref().unwrap_or("")),
                escape(&f.document),
                escape(&f.quote)
            );
        } else if target == Target::Submission {
            let (sub, who) = crate::decisions::split_expert_key(&p.k);
            let _ = write!(
                h,
                "<p>报送单位：{} · 专家：{}</p>",
                escape(sub),
                escape(who)
            );
        }
        let submission = match target {
            Target::Submission => Some(crate::decisions::split_expert_key(&p.k).0.to_owned()),
            Target::Flag => store
                .findings()
                .map_err(|e| e.zh())?
                .into_iter()
                .find(|f| f.key == p.k)
                .map(|f| f.submission),
            Target::Passage => None,
        };
        if let Some(sub) = submission {
            let _ = write!(
                h,
                "<p><a href=\"/reports/{}\">← 返回 {} 的审查页</a></p>",
                url_encode(&crate::report::page_name(&sub)),
                escape(&sub)
            );
        }
        if dropped > 0 {
            let _ = write!(
                h,
                "<p class=\"path\">共 {} 条修改，只列出最近的 {MAX_HISTORY} 条（全部记录可用 decisions export --json 导出）。</p>",
                dropped + events.len()
            );
        }
        h.push_str("<table><tr><th>时间（北京时间）</th><th>审查人</th><th>项目</th><th>原值</th><th>新值</th><th>来源</th></tr>");
        for e in &events {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                beijing(e.at_us),
                escape(&e.reviewer),
                escape(&crate::decisions::field_zh(&st.profile, &e.field)),
                escape(&e.old.as_deref().map_or("（无）".into(), |o| crate::decisions::shown(&e.field, o))),
                escape(&crate::decisions::shown(&e.field, &e.new)),
                escape(if e.origin == "local" { "本机" } else { &e.origin })
            );
        }
        if events.is_empty() {
            h.push_str("<tr><td colspan=\"6\">没有记录。</td></tr>");
        }
        h.push_str("</table>");
        Ok(h)
    })
    .await;
    match found {
        Ok(Ok(b)) => page(StatusCode::OK, "修改记录", &b),
        Ok(Err(m)) => page(
            StatusCode::SERVICE_UNAVAILABLE,
            "出错了",
            &format!("<p class=\"err\">{}</p>", escape(&m)),
        ),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    }
}
