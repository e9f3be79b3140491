//! `pilot-review serve`: a local, read-only web UI for reviewers (axum, server-rendered, no script on
//! our pages). Search with filters and hits grouped by city, a hit's passage in its document, and the
//! reports `run` wrote (index, review pages, the experiences digest). The index is reopened when `run`
//! rewrites its manifest, so the UI keeps answering while the corpus is re-indexed.
//!
//! Reviewers record decisions here (`decide`): each flag's status and note, each submission's scores
//! and conclusion, stars and tags on passages — kept in the decisions store beside the index.
//!
//! Safety: loopback unless told otherwise; every piece of document text is escaped; only files listed
//! in the reports folder are served (no path is ever joined from a request); GET, and POST only for
//! the decision writes — each with the session's CSRF token, refused when the browser says the
//! request comes from another site (Origin, Sec-Fetch-Site); URIs, bodies, queries and result
//! counts are bounded; at most a few searches run at once.

mod decide;
mod document;
mod pages;

pub use crate::report::html::doc_href;
pub use document::DocParams;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::DefaultBodyLimit;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::check::review::Review;
use crate::profile::Profile;
use crate::search::{SearchIndex, MANIFEST};

/// The content type of an .xlsx file.
pub(crate) const XLSX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Largest form body accepted (bytes).
pub const MAX_BODY: usize = 64 * 1024;

/// The paths that take POST (the decision writes).
fn is_write(path: &str) -> bool {
    path.starts_with("/decide/") || path == "/reviewer"
}

/// Longest request URI accepted (bytes).
pub const MAX_URI: usize = 4096;
/// Longest query accepted (characters).
pub const MAX_QUERY_CHARS: usize = 200;
/// Most hits a search page shows.
pub const MAX_HITS: usize = 20_000;
/// Hits shown on one page of results.
pub const PAGE_HITS: usize = 50;
/// Searches running at once; more wait.
const CONCURRENT_SEARCHES: usize = 4;

pub struct Options {
    pub addr: SocketAddr,
    pub index: PathBuf,
    pub reports: PathBuf,
    pub profile: Profile,
}

pub struct AppState {
    index_dir: PathBuf,
    reports: PathBuf,
    profile: Profile,
    /// The decisions store (`decisions::store_path` of the index).
    store: PathBuf,
    /// Random per process: form tokens are derived from it and the session.
    secret: [u8; 32],
    /// The open index and the manifest time it was opened at.
    loaded: Mutex<Option<(SystemTime, Arc<SearchIndex>)>>,
    /// The reviews of checks.jsonl and the file time they were read at.
    reviews: Mutex<Option<(SystemTime, Arc<Vec<Review>>)>>,
    searches: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(index_dir: PathBuf, reports: PathBuf, profile: Profile) -> AppState {
        let mut secret = [0u8; 32];
        if getrandom::fill(&mut secret).is_err() {
            // No system randomness: tokens still differ per process and start time.
            let t = crate::decisions::store::now_us().to_le_bytes();
            secret[..8].copy_from_slice(&t);
            secret[8..16].copy_from_slice(&u64::from(std::process::id()).to_le_bytes());
        }
        AppState {
            store: crate::decisions::store_path(&index_dir),
            index_dir,
            reports,
            profile,
            secret,
            loaded: Mutex::new(None),
            reviews: Mutex::new(None),
            searches: tokio::sync::Semaphore::new(CONCURRENT_SEARCHES),
        }
    }

    /// The reviews of the last run (reports/checks.jsonl), re-read when the file changed.
    fn reviews(&self) -> Result<Arc<Vec<Review>>, String> {
        let missing = || {
            format!(
                "尚无审查结果（{}）。请先运行 pilot-review run。",
                self.reports.join("checks.jsonl").display()
            )
        };
        let stamp = std::fs::metadata(self.reports.join("checks.jsonl"))
            .and_then(|m| m.modified())
            .map_err(|_| missing())?;
        let mut guard = self.reviews.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((t, r)) = guard.as_ref() {
            if *t == stamp {
                return Ok(r.clone());
            }
        }
        let r = Arc::new(
            crate::report::read_reviews(&self.reports)
                .map_err(|e| format!("审查结果无法读取：{e}"))?,
        );
        *guard = Some((stamp, r.clone()));
        Ok(r)
    }

    /// The index, reopened when its manifest changed (a `run` or `index` finished), or why there is none.
    fn index(&self) -> Result<Arc<SearchIndex>, String> {
        let stamp = std::fs::metadata(self.index_dir.join(MANIFEST))
            .and_then(|m| m.modified())
            .map_err(|_| {
                format!(
                    "尚无检索索引（{}）。请先运行 pilot-review run。",
                    self.index_dir.display()
                )
            })?;
        let mut guard = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((t, si)) = guard.as_ref() {
            if *t == stamp {
                return Ok(si.clone());
            }
        }
        let si = Arc::new(
            SearchIndex::open(&self.index_dir).map_err(|e| format!("检索索引无法打开：{e}"))?,
        );
        *guard = Some((stamp, si.clone()));
        Ok(si)
    }
}

/// The routes, for the server and for tests.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/doc", get(doc_page))
        .route("/passage", get(passage_redirect))
        .route("/original/{id}", get(original_file))
        .route("/export.csv", get(|st, q| export(st, "csv", q)))
        .route("/export.xlsx", get(|st, q| export(st, "xlsx", q)))
        .route(
            "/reports",
            get(|| async { Redirect::permanent("/reports/") }),
        )
        .route("/reports/", get(report_index))
        .route("/reports/{name}", get(report_file))
        .route("/decisions", get(decide::decisions_page))
        .route("/history", get(decide::history_page))
        .route("/reviewer", post(decide::post_reviewer))
        .route("/decide/review", post(decide::post_review))
        .route("/decide/passage", post(decide::post_passage))
        .fallback(|| async { not_found("没有这个页面。") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(guard_and_headers))
        .with_state(state)
}

/// Serves until interrupted (Ctrl-C).
pub fn serve(o: Options, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(o.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", o.addr))?;
        let local = listener.local_addr()?;
        if !local.ip().is_loopback() {
            writeln!(
                out,
                "警告：正在监听非本机地址 {local}，同一网络中的任何人都能访问。Warning: not loopback."
            )?;
        }
        writeln!(out, "正在服务 http://{local}/ （按 Ctrl-C 停止）")?;
        out.flush()?;
        let state = Arc::new(AppState::new(o.index, o.reports, o.profile));
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// Refuses long URIs and methods other than GET/HEAD; adds headers that keep pages inert: no
/// scripts on our pages (the report index sorts its table with its own inline script), no framing,
/// no sniffing, no caching.
async fn guard_and_headers(req: Request, next: Next) -> Response {
    if req.uri().to_string().len() > MAX_URI {
        return pages::error(StatusCode::URI_TOO_LONG, "请求地址过长。").into_response();
    }
    let write = req.method() == Method::POST;
    if write || !matches!(*req.method(), Method::GET | Method::HEAD) {
        if !write || !is_write(req.uri().path()) {
            return pages::error(StatusCode::METHOD_NOT_ALLOWED, "只接受浏览请求。")
                .into_response();
        }
        if cross_site(req.headers()) {
            return pages::error(
                StatusCode::FORBIDDEN,
                "请求被拒绝：该请求来自其他网站。审查意见只能在本工具的页面上提交。",
            )
            .into_response();
        }
    }
    // Only the overview sorts its table with its own inline script; no other page has one.
    let is_report = matches!(req.uri().path(), "/reports/" | "/reports/index.html");
    let mut res = next.run(req).await;
    // Errors raised by axum itself (a body too large, not a form, a wrong method) in Chinese.
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if res.status().is_client_error() && !is_html {
        let msg = match res.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                format!("提交的内容过长（最多 {} KiB）。", MAX_BODY / 1024)
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "提交的格式不对：审查意见只能在本工具的页面上提交。".to_owned()
            }
            StatusCode::METHOD_NOT_ALLOWED => "只接受浏览请求。".to_owned(),
            _ => "请求有误。".to_owned(),
        };
        let status = res.status();
        res = pages::error(status, &msg).into_response();
    }
    let h = res.headers_mut();
    let csp = if is_report {
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    } else {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        // Same-origin: the browser then sends this server's Origin with a form (no-referrer
        // would send "null"), and no address leaves for another site.
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Whether the browser says a write comes from elsewhere: `Sec-Fetch-Site` other than
/// `same-origin` or `none` when the browser sends it, else an `Origin` that is not this server's
/// own (`http://` + the Host header; `null` included). A request without either header (a
/// non-browser client) is left to the CSRF token.
fn cross_site(h: &HeaderMap) -> bool {
    let get = |n| h.get(n).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match get("origin") {
        None => false,
        Some(origin) => get("host").is_none_or(|host| origin != format!("http://{host}")),
    }
}

fn not_found(msg: &str) -> Response {
    pages::error(StatusCode::NOT_FOUND, msg).into_response()
}

/// Search parameters as the form sends them (empty strings mean "any").
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub role: String,
    /// The page of results, from 1.
    #[serde(default)]
    pub page: usize,
}

impl SearchParams {
    /// The query string that brings these parameters back (for pages, facets and links back).
    pub fn query_string(&self, page: Option<usize>) -> String {
        let mut s = format!("q={}", pages::url_encode(&self.q));
        for (k, v) in [
            ("province", &self.province),
            ("city", &self.city),
            ("kind", &self.kind),
            ("section", &self.section),
            ("role", &self.role),
        ] {
            if !v.trim().is_empty() {
                s.push_str(&format!("&{k}={}", pages::url_encode(v.trim())));
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            s.push_str(&format!("&page={p}"));
        }
        s
    }

    fn filters(&self) -> crate::search::query::Filters {
        let v = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        crate::search::query::Filters {
            city: v(&self.city),
            province: v(&self.province),
            kind: v(&self.kind),
            section: v(&self.section),
            role: v(&self.role),
        }
    }

    fn too_long(&self) -> bool {
        self.q.chars().count() > MAX_QUERY_CHARS
            || [
                &self.city,
                &self.province,
                &self.kind,
                &self.section,
                &self.role,
            ]
            .iter()
            .any(|v| v.chars().count() > 100)
    }
}

async fn search_page(State(st): State<Arc<AppState>>, Query(p): Query<SearchParams>) -> Response {
    if p.too_long() {
        return pages::error(
            StatusCode::BAD_REQUEST,
            &format!("检索词过长（最多 {MAX_QUERY_CHARS} 个字）。"),
        )
        .into_response();
    }
    let Ok(_permit) = st.searches.acquire().await else {
        return pages::error(StatusCode::SERVICE_UNAVAILABLE, "服务正在停止。").into_response();
    };
    let st2 = st.clone();
    let page = tokio::task::spawn_blocking(move || {
        let si = match st2.index() {
            Ok(si) => si,
            Err(msg) => return pages::search(&st2.profile, None, &p, Err(msg)),
        };
        let result = if p.q.trim().is_empty() {
            Ok((Vec::new(), p.filters()))
        } else {
            all_hits(&si, &p)
        };
        pages::search(&st2.profile, Some(&si), &p, result)
    })
    .await;
    page.unwrap_or_else(|_| pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。"))
        .into_response()
}

/// Every hit of a search (up to `MAX_HITS`) before the in-page filters, and the filters resolved
/// against the index: the role narrows the search itself; city, province, kind and section narrow
/// the hits in memory, so each facet can count what the others leave.
fn all_hits(
    si: &SearchIndex,
    p: &SearchParams,
) -> Result<
    (
        Vec<crate::search::query::Hit>,
        crate::search::query::Filters,
    ),
    String,
> {
    use crate::search::query::{resolve, search, Filters};
    let resolved = resolve(si, &p.filters()).map_err(|e| format!("检索失败：{e}"))?;
    let base = Filters {
        role: resolved.role.clone(),
        ..Default::default()
    };
    let hits = search(si, &p.q, &base, MAX_HITS).map_err(|e| format!("检索失败：{e}"))?;
    Ok((hits, resolved))
}

/// `/export.csv` and `/export.xlsx`: every hit of the current query and filters.
async fn export(
    State(st): State<Arc<AppState>>,
    format: &'static str,
    Query(p): Query<SearchParams>,
) -> Response {
    if p.too_long() || p.q.trim().is_empty() {
        return pages::error(StatusCode::BAD_REQUEST, "请先输入检索词。").into_response();
    }
    let Ok(_permit) = st.searches.acquire().await else {
        return pages::error(StatusCode::SERVICE_UNAVAILABLE, "服务正在停止。").into_response();
    };
    let st2 = st.clone();
    let made = tokio::task::spawn_blocking(move || -> Result<(Vec<u8>, &'static str), String> {
        let si = st2.index()?;
        let (hits, filters) = all_hits(&si, &p)?;
        let hits: Vec<_> = hits
            .into_iter()
            .filter(|h| pages::passes(h, &filters, None))
            .collect();
        match format {
            "csv" => Ok((pages::csv(&hits), "text/csv; charset=utf-8")),
            _ => pages::xlsx(&hits, &p.q).map(|b| (b, XLSX_TYPE)),
        }
    })
    .await;
    match made {
        Ok(Ok((bytes, mime))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(msg)) => pages::error(StatusCode::BAD_REQUEST, &msg).into_response(),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    }
}

/// `/passage` (links from before the whole-document view) → the same place in `/doc`.
async fn passage_redirect(Query(p): Query<DocParams>) -> Response {
    if p.too_long() {
        return pages::error(StatusCode::BAD_REQUEST, "请求参数过长。").into_response();
    }
    let mut to = doc_href(&p.s, &p.f, p.b, "");
    if !p.q.is_empty() {
        let (path, frag) = to.split_once('#').unwrap_or((&to, ""));
        to = format!("{path}&q={}#{frag}", pages::url_encode(&p.q));
    }
    Redirect::to(&to).into_response()
}

async fn doc_page(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Query(p): Query<DocParams>,
) -> Response {
    if p.too_long() {
        return pages::error(StatusCode::BAD_REQUEST, "请求参数过长。").into_response();
    }
    let viewer = st.viewer(&headers);
    let v = viewer.clone();
    let page = tokio::task::spawn_blocking(move || {
        let si = match st.index() {
            Ok(si) => si,
            Err(msg) => return pages::error(StatusCode::SERVICE_UNAVAILABLE, &msg),
        };
        // Passage marks need no reviews: the overlay is read for its passages only.
        let overlay = crate::decisions::Overlay::load(&st.store, &[]).unwrap_or_default();
        let back = uri.to_string();
        document::document(
            &si,
            &p,
            Some(document::Marks {
                viewer: &v,
                overlay: &overlay,
                uri: &back,
            }),
        )
    })
    .await;
    viewer.finish(
        page.unwrap_or_else(|_| pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。"))
            .into_response(),
    )
}

/// `/original/{id}`: an original file of the indexed corpus, found by id in the index's manifest,
/// sent as an attachment.
async fn original_file(
    State(st): State<Arc<AppState>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let found = tokio::task::spawn_blocking(move || {
        let si = st
            .index()
            .map_err(|m| (StatusCode::SERVICE_UNAVAILABLE, m))?;
        document::original(&si, &id, st.profile.limits()).map_err(|e| {
            let status = match e {
                document::OriginalError::Unknown | document::OriginalError::Gone => {
                    StatusCode::NOT_FOUND
                }
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, e.zh())
        })
    })
    .await;
    match found {
        Ok(Ok((bytes, name))) => {
            let disposition = HeaderValue::from_str(&document::attachment(&name))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            (
                StatusCode::OK,
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(document::original_type(&name)),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(Err((status, msg))) => pages::error(status, &msg).into_response(),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    }
}

async fn report_index(State(st): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    serve_report(st, "index.html", &headers).await
}

async fn report_file(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    if name == "review.xlsx" {
        // Links in the workbook lead back to this server's pages (a Host of plain characters only).
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() < 256
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b))
            })
            .map(|h| format!("http://{h}/reports/"));
        return live_review_xlsx(st, host).await;
    }
    serve_report(st, &name, &headers).await
}

/// review.xlsx with the decisions as they are now (the file `run` wrote holds those of its time).
async fn live_review_xlsx(st: Arc<AppState>, pages: Option<String>) -> Response {
    let made = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        let reviews = st.reviews()?;
        let overlay = crate::decisions::Overlay::load(&st.store, &reviews).map_err(|e| e.zh())?;
        let tmp = tempfile::Builder::new()
            .suffix(".xlsx")
            .tempfile()
            .map_err(|e| format!("临时文件无法创建：{e}"))?;
        crate::report::xlsx::write(
            tmp.path(),
            &reviews,
            &st.profile,
            &overlay,
            pages.as_deref(),
        )
        .map_err(|e| format!("review.xlsx 无法生成：{e}"))?;
        std::fs::read(tmp.path()).map_err(|e| format!("review.xlsx 无法读取：{e}"))
    })
    .await;
    match made {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(XLSX_TYPE)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"review.xlsx\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(msg)) => pages::error(StatusCode::SERVICE_UNAVAILABLE, &msg).into_response(),
        Err(_) => pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。").into_response(),
    }
}

/// The content type of a report file this server is willing to send.
fn report_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "html" => "text/html; charset=utf-8",
        "xlsx" => XLSX_TYPE,
        "json" => "application/json",
        "jsonl" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// A file of the reports folder, found by listing the folder and comparing names — the requested
/// name is never joined onto a path — and only a regular file (no link) of a known type.
async fn serve_report(st: Arc<AppState>, name: &str, headers: &HeaderMap) -> Response {
    let viewer = st.viewer(headers);
    let dir = st.reports.clone();
    let refuse = || not_found("没有这个报告文件。");
    if name.starts_with('.') || name.contains(['/', '\\']) || name.len() > 255 {
        return refuse();
    }
    let Some(content_type) = report_type(name) else {
        return refuse();
    };
    let wanted = name.to_owned();
    let found = tokio::task::spawn_blocking(move || -> Option<Vec<u8>> {
        let entry = std::fs::read_dir(&dir)
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_str() == Some(wanted.as_str()))?;
        let meta = std::fs::symlink_metadata(entry.path()).ok()?;
        if !meta.is_file() || meta.len() > 512 << 20 {
            return None;
        }
        std::fs::read(entry.path()).ok()
    })
    .await
    .ok()
    .flatten();
    let Some(bytes) = found else {
        return refuse();
    };
    let body = if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let path = format!("/reports/{}", pages::url_encode(name));
        let v = viewer.clone();
        let decorated =
            tokio::task::spawn_blocking(move || decide::decorate(&html, &st, &v, &path))
                .await
                .unwrap_or_default();
        pages::with_nav(&decorated).into_bytes()
    } else {
        bytes
    };
    viewer.finish(([(header::CONTENT_TYPE, content_type)], body).into_response())
}
