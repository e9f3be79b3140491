//! `pilot-review serve`: a local, read-only web UI for reviewers (axum, server-rendered, no script on
//! our pages). Search with filters and hits grouped by city, a hit's passage in its document, and the
//! reports `run` wrote (index, review pages, the experiences digest). The index is reopened when `run`
//! rewrites its manifest, so the UI keeps answering while the corpus is re-indexed.
//!
//! Safety: loopback unless told otherwise; every piece of document text is escaped; only files listed
//! in the reports folder are served (no path is ever joined from a request); GET only; URIs, queries
//! and result counts are bounded; at most a few searches run at once.

mod document;
mod pages;

pub use crate::report::html::doc_href;
pub use document::DocParams;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::profile::Profile;
use crate::search::{SearchIndex, MANIFEST};

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
    /// The open index and the manifest time it was opened at.
    loaded: Mutex<Option<(SystemTime, Arc<SearchIndex>)>>,
    searches: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(index_dir: PathBuf, reports: PathBuf, profile: Profile) -> AppState {
        AppState {
            index_dir,
            reports,
            profile,
            loaded: Mutex::new(None),
            searches: tokio::sync::Semaphore::new(CONCURRENT_SEARCHES),
        }
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
        .fallback(|| async { not_found("没有这个页面。") })
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
    let is_report = req.uri().path().starts_with("/reports/");
    let mut res = next.run(req).await;
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
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
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
            _ => pages::xlsx(&hits, &p.q).map(|b| {
                (
                    b,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            }),
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

async fn doc_page(State(st): State<Arc<AppState>>, Query(p): Query<DocParams>) -> Response {
    if p.too_long() {
        return pages::error(StatusCode::BAD_REQUEST, "请求参数过长。").into_response();
    }
    let page = tokio::task::spawn_blocking(move || {
        let si = match st.index() {
            Ok(si) => si,
            Err(msg) => return pages::error(StatusCode::SERVICE_UNAVAILABLE, &msg),
        };
        document::document(&si, &p)
    })
    .await;
    page.unwrap_or_else(|_| pages::error(StatusCode::INTERNAL_SERVER_ERROR, "内部错误。"))
        .into_response()
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

async fn report_index(State(st): State<Arc<AppState>>) -> Response {
    serve_report(&st.reports, "index.html").await
}

async fn report_file(
    State(st): State<Arc<AppState>>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    serve_report(&st.reports, &name).await
}

/// The content type of a report file this server is willing to send.
fn report_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "html" => "text/html; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json" => "application/json",
        "jsonl" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// A file of the reports folder, found by listing the folder and comparing names — the requested
/// name is never joined onto a path — and only a regular file (no link) of a known type.
async fn serve_report(dir: &Path, name: &str) -> Response {
    let refuse = || not_found("没有这个报告文件。");
    if name.starts_with('.') || name.contains(['/', '\\']) || name.len() > 255 {
        return refuse();
    }
    let Some(content_type) = report_type(name) else {
        return refuse();
    };
    let dir = dir.to_owned();
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
        pages::with_nav(&String::from_utf8_lossy(&bytes)).into_bytes()
    } else {
        bytes
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}
