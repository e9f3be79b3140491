//! The content of a Word `w:altChunk` part (ECMA-376 Part 1 §17.17.2.1): HTML, MHT (MIME HTML) or
//! plain text that Word imports into the body when it opens the file. Web and OA systems that
//! "export to Word" from HTML write exactly this (html-docx-js, and the readers that dropped it:
//! mammoth.js #424/#71, office_oxide #155), so the reviewer sees a normal document whose text is in
//! no `w:p`. This module turns such a part into raw blocks as the docx reader's own paragraphs and
//! table cells; finding the part and reporting what cannot be read is the docx reader's job.
//!
//! HTML is parsed with html5ever (through scraper's tree) and MHT with mail-parser; charsets with
//! encoding_rs. Nothing here panics on hostile input, recursion is iterative and sizes are bounded
//! by the caller (the part's size cap) and by `max_blocks`.

use ego_tree::iter::Edge;
use encoding_rs::{Encoding, GB18030};
use scraper::{Html, Node};

use crate::document::model::CellPos;
use crate::document::structure::{NumLabel, RawBlock};
use crate::error::{ExtractError, Result};
use crate::read::numfmt::format_number;

/// What an altChunk part holds, decided from its bytes, its declared content type and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkKind {
    /// text/html or application/xhtml+xml.
    Html,
    /// message/rfc822 (a MIME multipart "single file web page", .mht/.mhtml).
    Mht,
    /// text/plain.
    Text,
    /// A whole WordprocessingML package (a .docx inside the .docx).
    Docx,
    /// Anything this reader does not import (RTF, unknown types); the string names it for the
    /// reviewer, e.g. "RTF" or the content type.
    Unsupported(String),
}

/// Decides what an altChunk part holds. Strong signatures in the bytes win (a zip, `{\rtf`, MIME
/// headers), then the content type from `[Content_Types].xml`, then the part's extension, then HTML
/// markup near the start. `content_type` may carry parameters (`text/html; charset=gbk`).
pub fn chunk_kind(content_type: Option<&str>, part: &str, bytes: &[u8]) -> ChunkKind {
    let head = strip_bom(bytes);
    let head = &head[..head.len().min(8192)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    if bytes.starts_with(b"PK\x03\x04") {
        return ChunkKind::Docx;
    }
    if start.len() >= 5 && start[..5].eq_ignore_ascii_case(b"{\\rtf") {
        return ChunkKind::Unsupported("RTF".into());
    }
    if looks_like_mime(start) {
        return ChunkKind::Mht;
    }
    let ty = content_type
        .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty());
    if let Some(t) = ty.as_deref() {
        match t {
            "text/html" | "application/xhtml+xml" => return ChunkKind::Html,
            "message/rfc822" | "multipart/related" | "application/x-mimearchive" => {
                return ChunkKind::Mht
            }
            "text/plain" => return ChunkKind::Text,
            "application/rtf" | "text/rtf" => return ChunkKind::Unsupported("RTF".into()),
            t if t.contains("wordprocessingml") || t.contains("ms-word") => return ChunkKind::Docx,
            "application/octet-stream" | "application/xml" | "text/xml" | "binary" => {}
            other => return ChunkKind::Unsupported(other.to_owned()),
        }
    }
    let ext = part
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => return ChunkKind::Html,
        "mht" | "mhtml" => return ChunkKind::Mht,
        "txt" => return ChunkKind::Text,
        "rtf" => return ChunkKind::Unsupported("RTF".into()),
        "docx" | "docm" | "dotx" => return ChunkKind::Docx,
        _ => {}
    }
    let lower = start.to_ascii_lowercase();
    let markup = [
        &b"<!doctype html"[..],
        b"<html",
        b"<body",
        b"<p",
        b"<div",
        b"<table",
        b"<h1",
        b"<span",
    ];
    if markup
        .iter()
        .any(|m| memchr::memmem::find(&lower, m).is_some())
    {
        return ChunkKind::Html;
    }
    ChunkKind::Unsupported(ty.unwrap_or_else(|| "未知类型".into()))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A MIME message starts with header lines ("Name: value"), one of them MIME-Version or
/// Content-Type, before the first blank line.
fn looks_like_mime(start: &[u8]) -> bool {
    let end = memchr::memmem::find(start, b"\n\n")
        .into_iter()
        .chain(memchr::memmem::find(start, b"\r\n\r\n"))
        .min()
        .unwrap_or(start.len());
    let header = start[..end].to_ascii_lowercase();
    let first = header.split(|b| *b == b'\n').next().unwrap_or_default();
    let name_len = first
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    name_len > 0
        && first.get(name_len) == Some(&b':')
        && header
            .split(|b| *b == b'\n')
            .any(|line| line.starts_with(b"mime-version:") || line.starts_with(b"content-type:"))
}

/// Blocks read from one chunk: paragraphs and table cells in reading order; tables numbered from 0
/// within the chunk (the caller shifts them after the document's own tables).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ChunkBlocks {
    /// Paragraphs (headings with their `style_level`, list items with their label) and cells.
    pub blocks: Vec<RawBlock>,
    /// How many tables the chunk holds (cell positions use 0..tables).
    pub tables: usize,
}

/// The HTML document of an MHT (MIME HTML) chunk, as text: the first text/html (or XHTML) part,
/// transfer-decoded (quoted-printable or base64) and charset-decoded — the part's MIME charset,
/// else the charset the HTML itself declares (see [`decode_html`]). Errors (a Chinese reason for
/// the reviewer's warning): not a MIME message, or no HTML part.
pub fn mht_html(bytes: &[u8]) -> std::result::Result<String, String> {
    use mail_parser::decoders::{
        base64::base64_decode, charsets::map::charset_decoder,
        quoted_printable::quoted_printable_decode,
    };
    use mail_parser::{Encoding as Transfer, MessageParser, MimeHeaders, PartType};

    let msg = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| "不是有效的MHT（MIME）格式".to_owned())?;
    let is_html = |p: &&mail_parser::MessagePart| {
        p.is_text_html()
            || p.content_type().is_some_and(|ct| {
                let sub = ct.subtype().unwrap_or_default().to_ascii_lowercase();
                let ty = ct.ctype().to_ascii_lowercase();
                (ty == "text" && sub == "html") || (ty == "application" && sub == "xhtml+xml")
            })
    };
    let part = msg
        .parts
        .iter()
        .find(is_html)
        .ok_or_else(|| "MHT中没有HTML正文".to_owned())?;
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    match &part.body {
        // mail-parser decoded the text with the declared charset when it knows it.
        PartType::Html(text) | PartType::Text(text)
            if charset
                .as_deref()
                .is_some_and(|c| charset_decoder(c.as_bytes()).is_some()) =>
        {
            Ok(text.to_string())
        }
        PartType::Binary(b) | PartType::InlineBinary(b) => Ok(decode_html(b, charset.as_deref())),
        _ => {
            // No usable MIME charset: the transfer-decoded bytes, then the HTML's own declaration.
            let raw = msg
                .raw_message
                .get(part.offset_body as usize..part.offset_end as usize)
                .unwrap_or_default();
            let decoded = match part.encoding {
                Transfer::QuotedPrintable => quoted_printable_decode(raw),
                Transfer::Base64 => base64_decode(raw),
                Transfer::None => Some(raw.to_vec()),
            };
            match decoded {
                Some(b) => Ok(decode_html(&b, charset.as_deref())),
                None => part
                    .text_contents()
                    .map(str::to_owned)
                    .ok_or_else(|| "MHT中的HTML正文编码无法解码".to_owned()),
            }
        }
    }
}

/// HTML bytes as text: a byte-order mark first, then `declared` (a charset from outside, e.g.
/// MIME), then a `<meta charset>` / `<meta http-equiv content="…; charset=…">` in the first
/// 4 KiB (the HTML standard's prescan looks at 1 KiB; Word's long heads need more), then UTF-8
/// when the bytes are valid UTF-8, else GB18030 (a Chinese Windows system's "ANSI" page). Labels such as GB2312
/// and GBK decode as GBK/GB18030, as the WHATWG Encoding Standard maps them. Never fails: bytes
/// invalid in the chosen encoding become U+FFFD.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let label = declared
        .and_then(|d| Encoding::for_label(d.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    match label {
        // A document that declares UTF-16 but has no BOM is read as UTF-8 (HTML standard).
        Some(enc) => enc
            .output_encoding()
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        None => decode_guess(bytes),
    }
}

/// UTF-8 when valid, else GB18030.
fn decode_guess(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The charset a `<meta>` element declares near the start of an HTML document.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    use std::sync::OnceLock;
    static RE: OnceLock<Option<regex::bytes::Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            regex::bytes::Regex::new(
                r#"(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-.:]+)"#,
            )
            .ok()
        })
        .as_ref()?;
    let head = &bytes[..bytes.len().min(4096)];
    let label = re.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label)
}

/// Plain-text chunk: each non-blank line a paragraph (BOM, else UTF-8, else GB18030).
pub fn text_blocks(bytes: &[u8], max_blocks: usize) -> Result<ChunkBlocks> {
    let text = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned(),
        None => decode_guess(bytes),
    };
    let mut out = ChunkBlocks::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if out.blocks.len() >= max_blocks {
            return Err(too_many(max_blocks));
        }
        out.blocks.push(RawBlock::paragraph(line));
    }
    Ok(out)
}

fn too_many(limit: usize) -> ExtractError {
    ExtractError::TooMany {
        what: "blocks",
        limit,
    }
}

/// Paragraphs and table cells of an HTML document in reading order, as Word imports an HTML chunk:
/// `<h1>`…`<h6>` are headings of level 1…6 (so is `mso-outline-level:N` in a paragraph's style, as
/// Word's own HTML writes it); `<p>`, `<div>`, `<li>` and the other block elements are paragraphs;
/// `<br>` breaks a line inside one; list items of `<ol>` get their number as a label ("1.", "a.",
/// "一、"), those of `<ul>` a bullet; table cells become table-cell blocks at their row and column
/// (colspan and rowspan honoured, cell paragraphs joined by newlines). `<head>`, scripts, styles,
/// comments and elements hidden with `hidden` or `display:none` are skipped. Whitespace collapses
/// as in CSS, and a line break between two CJK characters disappears instead of becoming a space
/// (CSS Text 3, segment break transformation). Errors: more than `max_blocks` blocks (`TooMany`);
/// elements nested deeper than `max_depth` (`TooDeep`, part "HTML"), checked by a linear
/// [`nesting_estimate`] before the tree is built, since html5ever's tree builder takes time
/// quadratic in the depth (40,000 nested `<div>` took 5 s).
pub fn html_blocks(html: &str, max_blocks: usize, max_depth: usize) -> Result<ChunkBlocks> {
    if nesting_estimate(html) > max_depth {
        return Err(ExtractError::TooDeep {
            part: "HTML".into(),
            limit: max_depth,
        });
    }
    let doc = Html::parse_document(html);
    let mut c = Converter {
        max_blocks,
        ..Converter::default()
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => c.open(e)?,
                Node::Text(t) if c.skip == 0 => c.push_text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    c.close(e)?;
                }
            }
        }
    }
    c.flush()?;
    Ok(ChunkBlocks {
        blocks: c.out,
        tables: c.next_table,
    })
}

/// An upper bound of how deep html5ever's tree builder will nest the elements of `html`, found
/// by its tokenizer alone (linear time): per element name, start tags minus end tags (never below
/// zero), summed — only elements whose end tag is required count, since `<p>`, `<li>`, `<td>` and
/// the like close themselves and nest only inside counted ones; void elements never open; script,
/// style and the like switch the tokenizer to raw text as the tree builder would.
pub fn nesting_estimate(html: &str) -> usize {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let probe = DepthProbe::default();
    let tok = Tokenizer::new(probe, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    // The probe never asks to run a script, so one feed consumes the whole input.
    let _ = tok.feed(&queue);
    tok.end();
    tok.sink.max.get()
}

#[derive(Default)]
struct DepthProbe {
    open: std::cell::RefCell<std::collections::HashMap<String, usize>>,
    total: std::cell::Cell<usize>,
    max: std::cell::Cell<usize>,
}

/// Elements whose end tag may be left out (they close themselves) or that cannot nest.
const SELF_CLOSING_CONTEXT: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "basefont", "bgsound", "frame", "image", "menuitem",
];

impl html5ever::tokenizer::TokenSink for DepthProbe {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        if VOID.contains(&name) || SELF_CLOSING_CONTEXT.contains(&name) {
            return TokenSinkResult::Continue;
        }
        let mut open = self.open.borrow_mut();
        match tag.kind {
            TagKind::StartTag => {
                // A self-closing tag opens nothing only inside SVG or MathML.
                let foreign = open.get("svg").is_some_and(|n| *n > 0)
                    || open.get("math").is_some_and(|n| *n > 0);
                if !(tag.self_closing && foreign) {
                    *open.entry(name.to_owned()).or_default() += 1;
                    self.total.set(self.total.get() + 1);
                    self.max.set(self.max.get().max(self.total.get()));
                }
                match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                }
            }
            TagKind::EndTag => {
                if let Some(n) = open.get_mut(name).filter(|n| **n > 0) {
                    *n -= 1;
                    self.total.set(self.total.get().saturating_sub(1));
                }
                TokenSinkResult::Continue
            }
        }
    }
}

/// Columns beyond this are folded onto the last one (Word allows 63; hostile colspans stay
/// bounded).
const MAX_COLS: usize = 1024;

#[derive(Default)]
struct Converter {
    out: Vec<RawBlock>,
    max_blocks: usize,
    /// The paragraph being collected.
    text: String,
    /// Collapsible whitespace seen after the last character: Some(true) when it held a line break.
    pending_space: Option<bool>,
    level: Option<u8>,
    title: bool,
    /// The label of the list item whose first paragraph has not been emitted yet.
    label: Option<NumLabel>,
    lists: Vec<List>,
    tables: Vec<Table>,
    cells: Vec<Cell>,
    next_table: usize,
    /// Depth inside a skipped element (head, script, hidden…).
    skip: usize,
    /// Depth inside elements that keep their whitespace (pre).
    pre: usize,
}

struct List {
    ordered: bool,
    next: u32,
    fmt: &'static str,
}

struct Table {
    id: usize,
    row: Option<usize>,
    col: usize,
    /// Rows still covered below, per column, by a rowspan from above.
    spans: Vec<usize>,
    /// Columns of the current row taken by a rowspan from above.
    covered: Vec<bool>,
}

struct Cell {
    pos: CellPos,
    text: String,
    /// How many tables were open when the cell opened (a nested table's paragraphs are its own).
    depth: usize,
}

/// Elements whose content is not body text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "template", "noscript", "title", "iframe", "object", "embed", "svg",
    "select", "textarea", "button",
];

/// Elements that end the paragraph before them and start a new one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "listing",
    "main",
    "nav",
    "p",
    "plaintext",
    "section",
    "summary",
    "tbody",
    "tfoot",
    "thead",
    "xmp",
];

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The declarations of a style attribute, lower-cased with spaces removed ("display:none;…").
fn style_of(e: &scraper::node::Element) -> String {
    e.attr("style")
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Word's HTML marks outline levels in the style: `mso-outline-level:1`.
fn mso_outline_level(style: &str) -> Option<u8> {
    let at = style.find("mso-outline-level:")? + "mso-outline-level:".len();
    let d = style[at..].chars().next()?.to_digit(10)?;
    (1..=9).contains(&d).then_some(d as u8)
}

fn is_hidden(e: &scraper::node::Element, style: &str) -> bool {
    e.attr("hidden").is_some()
        || style.contains("display:none")
        || style.contains("mso-hide:all")
        || style.contains("visibility:hidden")
}

/// Han, CJK punctuation, kana and full-width forms: no space is put between two of them at a line
/// break.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn span_attr(e: &scraper::node::Element, name: &str, max: usize) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

impl Converter {
    fn open(&mut self, e: &scraper::node::Element) -> Result<()> {
        let name = e.name();
        if self.skip > 0 {
            self.skip += 1;
            return Ok(());
        }
        let style = style_of(e);
        if SKIPPED.contains(&name) || is_hidden(e, &style) {
            self.skip = 1;
            return Ok(());
        }
        if let Some(level) = heading_level(name) {
            self.flush()?;
            self.level = Some(level);
            return Ok(());
        }
        match name {
            "br" => {
                self.pending_space = None;
                self.text.push('\n');
            }
            "p" | "div" => {
                self.flush()?;
                if let Some(l) = mso_outline_level(&style) {
                    self.level = Some(l);
                }
                if e.classes()
                    .any(|c| c.eq_ignore_ascii_case("MsoTitle") || c.eq_ignore_ascii_case("title"))
                {
                    self.title = true;
                }
            }
            "pre" => {
                self.flush()?;
                self.pre += 1;
            }
            "ol" | "ul" | "menu" => {
                self.flush()?;
                let ordered = name == "ol";
                let (fmt, start) = if ordered {
                    let fmt = match e.attr("type").map(str::trim) {
                        Some("a") => "lowerLetter",
                        Some("A") => "upperLetter",
                        Some("i") => "lowerRoman",
                        Some("I") => "upperRoman",
                        _ if style.contains("cjk-ideographic")
                            || style.contains("simp-chinese-informal") =>
                        {
                            "chineseCounting"
                        }
                        _ => "decimal",
                    };
                    let start = e
                        .attr("start")
                        .and_then(|s| s.trim().parse::<u32>().ok())
                        .unwrap_or(1);
                    (fmt, start)
                } else {
                    ("bullet", 1)
                };
                self.lists.push(List {
                    ordered,
                    next: start,
                    fmt,
                });
            }
            "li" => {
                self.flush()?;
                self.label = Some(match self.lists.last_mut() {
                    Some(l) if l.ordered => {
                        if let Some(v) = e.attr("value").and_then(|v| v.trim().parse::<u32>().ok())
                        {
                            l.next = v;
                        }
                        let n = l.next;
                        l.next = l.next.saturating_add(1);
                        let sep = if l.fmt == "chineseCounting" {
                            "、"
                        } else {
                            "."
                        };
                        NumLabel {
                            label: format!("{}{sep}", format_number(n, l.fmt)),
                            bullet: false,
                        }
                    }
                    _ => NumLabel {
                        label: "•".into(),
                        bullet: true,
                    },
                });
            }
            "table" => {
                self.flush()?;
                self.tables.push(Table {
                    id: self.next_table,
                    row: None,
                    col: 0,
                    spans: Vec::new(),
                    covered: Vec::new(),
                });
                self.next_table += 1;
            }
            "tr" => {
                self.flush()?;
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.col = 0;
                    t.covered = t.spans.iter().map(|s| *s > 0).collect();
                    for s in &mut t.spans {
                        *s = s.saturating_sub(1);
                    }
                }
            }
            "td" | "th" => {
                self.flush()?;
                let depth = self.tables.len();
                let pos = match self.tables.last_mut() {
                    Some(t) => {
                        let row = *t.row.get_or_insert(0);
                        while t.covered.get(t.col).copied().unwrap_or(false) {
                            t.col += 1;
                        }
                        let col = t.col.min(MAX_COLS);
                        let colspan = span_attr(e, "colspan", 64);
                        let rowspan = span_attr(e, "rowspan", 1000);
                        if rowspan > 1 {
                            let end = (col + colspan).min(MAX_COLS);
                            if t.spans.len() < end {
                                t.spans.resize(end, 0);
                            }
                            for s in &mut t.spans[col..end] {
                                *s = (*s).max(rowspan - 1);
                            }
                        }
                        t.col = (col + colspan).min(MAX_COLS);
                        CellPos {
                            table: t.id,
                            row,
                            col,
                        }
                    }
                    None => CellPos {
                        table: 0,
                        row: 0,
                        col: 0,
                    },
                };
                self.cells.push(Cell {
                    pos,
                    text: String::new(),
                    depth,
                });
            }
            n if BLOCKS.contains(&n) => self.flush()?,
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, e: &scraper::node::Element) -> Result<()> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        let name = e.name();
        if heading_level(name).is_some() {
            self.flush()?;
            self.level = None;
            return Ok(());
        }
        match name {
            "p" | "div" => {
                self.flush()?;
                self.level = None;
                self.title = false;
            }
            "pre" => {
                self.flush()?;
                self.pre = self.pre.saturating_sub(1);
            }
            "ol" | "ul" | "menu" => {
                self.flush()?;
                self.lists.pop();
            }
            "li" => {
                self.flush()?;
                self.label = None;
            }
            "td" | "th" => {
                self.flush()?;
                if self
                    .cells
                    .last()
                    .is_some_and(|c| c.depth == self.tables.len())
                {
                    if let Some(c) = self.cells.pop() {
                        let text = c.text.trim_end_matches('\n');
                        if !text.trim().is_empty() {
                            let block = RawBlock {
                                text: text.to_owned(),
                                cell: Some(c.pos),
                                ..Default::default()
                            };
                            self.emit(block)?;
                        }
                    }
                }
            }
            "table" => {
                self.flush()?;
                let depth = self.tables.len();
                // Cells left open by the table (never by html5ever's balanced tree) end with it.
                while self.cells.last().is_some_and(|c| c.depth >= depth) {
                    self.cells.pop();
                }
                self.tables.pop();
            }
            "tr" => self.flush()?,
            n if BLOCKS.contains(&n) => self.flush()?,
            _ => {}
        }
        Ok(())
    }

    fn push_text(&mut self, s: &str) {
        if self.pre > 0 {
            if self.pending_space.take().is_some() {
                self.text.push(' ');
            }
            self.text.push_str(&s.replace("\r\n", "\n"));
            return;
        }
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
                if !self.text.is_empty() && !self.text.ends_with('\n') {
                    let line_break = c == '\n' || c == '\r';
                    self.pending_space = Some(self.pending_space.unwrap_or(false) || line_break);
                }
                continue;
            }
            if let Some(line_break) = self.pending_space.take() {
                let prev = self.text.chars().next_back();
                if !(line_break && prev.is_some_and(is_wide) && is_wide(c)) {
                    self.text.push(' ');
                }
            }
            self.text.push(c);
        }
    }

    /// Ends the paragraph being collected: into the open cell, or as a block.
    fn flush(&mut self) -> Result<()> {
        self.pending_space = None;
        let collected = std::mem::take(&mut self.text);
        let text = collected.trim();
        if text.is_empty() {
            return Ok(());
        }
        let depth = self.tables.len();
        if let Some(cell) = self.cells.last_mut().filter(|c| c.depth == depth) {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            if let Some(l) = self.label.take().filter(|l| !l.bullet) {
                cell.text.push_str(&l.label);
            }
            cell.text.push_str(text);
            return Ok(());
        }
        let label = self.label.take();
        let text = match &label {
            Some(l) if !l.bullet => format!("{}{text}", l.label),
            _ => text.to_owned(),
        };
        let block = RawBlock {
            text,
            cell: None,
            style_level: self.level,
            title_style: self.title,
            numbering: label,
        };
        self.emit(block)
    }

    fn emit(&mut self, b: RawBlock) -> Result<()> {
        if self.out.len() >= self.max_blocks {
            return Err(too_many(self.max_blocks));
        }
        self.out.push(b);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: &ChunkBlocks) -> Vec<(&str, Option<u8>)> {
        c.blocks
            .iter()
            .map(|b| (b.text.as_str(), b.style_level))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_line_breaks() {
        let html =
            "<!DOCTYPE html><html><head><title>标题不读</title><style>p{}</style></head><body>\
            <h1>一、总体情况</h1><p>试点以来，全市\n累计发放贷款。</p><h2>（一）工作基础</h2>\
            <div>第一行<br>第二行</div><p>&nbsp;</p><!-- 注释 --><p hidden>隐藏</p>\
            <p style='display: none'>也隐藏</p><p>Hello\n  world</p></body></html>";
        let c = html_blocks(html, 100, 256).expect("reads");
        assert_eq!(
            texts(&c),
            vec![
                ("一、总体情况", Some(1)),
                ("试点以来，全市累计发放贷款。", None),
                ("（一）工作基础", Some(2)),
                ("第一行\n第二行", None),
                ("Hello world", None),
            ]
        );
        assert_eq!(c.tables, 0);
    }

    #[test]
    fn word_html_outline_levels_and_lists() {
        let html = "<p class=MsoNormal style='mso-outline-level:2'>（二）主要做法<o:p></o:p></p>\
            <ol><li>第一项</li><li>第二项<ul><li>要点</li></ul></li></ol>\
            <ol type=a start=3><li>丙</li></ol>";
        let c = html_blocks(html, 100, 256).expect("reads");
        assert_eq!(
            texts(&c),
            vec![
                ("（二）主要做法", Some(2)),
                ("1.第一项", None),
                ("2.第二项", None),
                ("要点", None),
                ("c.丙", None),
            ]
        );
        assert!(c.blocks[3].numbering.as_ref().is_some_and(|n| n.bullet));
    }

    #[test]
    fn tables_with_spans() {
        let html = "<p>前</p><table><tr><td rowspan=2>指标</td><td colspan=2>2023年</td></tr>\
            <tr><td>目标</td><td><p>实际</p><p>说明</p></td></tr></table><p>后</p>";
        let c = html_blocks(html, 100, 256).expect("reads");
        let cells: Vec<_> = c
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.cell.map(|p| (p.table, p.row, p.col))))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("前", None),
                ("指标", Some((0, 0, 0))),
                ("2023年", Some((0, 0, 1))),
                ("目标", Some((0, 1, 1))),
                ("实际\n说明", Some((0, 1, 2))),
                ("后", None),
            ]
        );
        assert_eq!(c.tables, 1);
    }

    #[test]
    fn block_limit_and_hostile_nesting() {
        let many = "<p>段</p>".repeat(20);
        assert!(matches!(
            html_blocks(&many, 10, 256),
            Err(ExtractError::TooMany { .. })
        ));
        // Deep nesting is refused before html5ever builds the tree (quadratic in depth)…
        let deep = format!("{}正文{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let started = std::time::Instant::now();
        assert!(matches!(
            html_blocks(&deep, 10, 256),
            Err(ExtractError::TooDeep { .. })
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // … stray end tags of other names do not hide it …
        let hidden = "<div></span>".repeat(1000);
        assert!(nesting_estimate(&hidden) >= 1000);
        // … and what is accepted is walked iteratively: no stack overflow.
        let ok = format!("{}正文{}", "<div>".repeat(200), "</div>".repeat(200));
        let c = html_blocks(&ok, 10, 256).expect("reads");
        assert_eq!(texts(&c), vec![("正文", None)]);
        let wide = "<table><tr><td colspan=99999 rowspan=99999>x</td></tr></table>".repeat(3);
        assert_eq!(html_blocks(&wide, 10, 256).expect("reads").tables, 3);
    }

    #[test]
    fn nesting_estimates() {
        assert_eq!(nesting_estimate("<p>a<p>b<ul><li>x<li>y</ul><br><img>"), 1);
        assert_eq!(
            nesting_estimate("<div><div></div><div><span>x</span></div></div>"),
            3
        );
        // Script text is raw: "a<b" opens nothing.
        assert_eq!(nesting_estimate("<script>if(a<b&&c<d){}</script><p>x"), 1);
        // Unclosed paragraphs and cells do not pile up.
        let legacy = "<table><tr><td>a<td>b<tr><td>c</table>".repeat(100) + &"<p>x".repeat(1000);
        assert_eq!(nesting_estimate(&legacy), 1);
        assert_eq!(nesting_estimate("<svg><g/><g/><path/></svg>"), 1);
    }

    #[test]
    fn charsets() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>产融合作</p></body></html>");
        assert!(decode_html(&gbk, None).contains("产融合作"));
        let (bare, _, _) = encoding_rs::GBK.encode("<p>产融合作</p>");
        assert!(decode_html(&bare, None).contains("产融合作"));
        assert!(decode_html(&bare, Some("gbk")).contains("产融合作"));
        assert!(decode_html("<p>产融</p>".as_bytes(), None).contains("产融"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("<p>产融</p>".as_bytes());
        assert!(decode_html(&bom, Some("gbk")).starts_with("<p>产融"));
    }

    #[test]
    fn mht_parts() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<html><body><h1>一、总体情况</h1></body></html>");
        let qp: String = gbk.iter().map(|b| format!("={b:02X}")).collect();
        let mht = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
             {qp}\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n"
        );
        assert!(mht_html(mht.as_bytes())
            .expect("html")
            .contains("一、总体情况"));
        // No MIME charset: the HTML's meta decides.
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<html><head><meta charset=gbk></head><body><p>产融合作</p></body></html>");
        let b64 = base64_encode(&gbk);
        let mht = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b--\r\n"
        );
        assert!(mht_html(mht.as_bytes()).expect("html").contains("产融合作"));
        assert!(mht_html(b"MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\nxx").is_err());
        assert!(mht_html(b"").is_err());
    }

    fn base64_encode(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for ch in bytes.chunks(3) {
            let n = ch
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
            for i in 0..4 {
                if i <= ch.len() {
                    s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    s.push('=');
                }
            }
        }
        s
    }

    #[test]
    fn kinds() {
        assert_eq!(
            chunk_kind(Some("text/html"), "word/a.html", b"<p>x"),
            ChunkKind::Html
        );
        assert_eq!(
            chunk_kind(
                Some("message/rfc822"),
                "word/a.mht",
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n"
            ),
            ChunkKind::Mht
        );
        assert_eq!(
            chunk_kind(
                Some("text/html"),
                "word/a.html",
                b"MIME-Version: 1.0\nContent-Type: text/html\n\n<p>"
            ),
            ChunkKind::Mht
        );
        assert_eq!(
            chunk_kind(Some("application/rtf"), "word/a.rtf", b"{\\rtf1\\ansi x}"),
            ChunkKind::Unsupported("RTF".into())
        );
        assert_eq!(
            chunk_kind(None, "word/a.bin", b"{\\rtf1 x}"),
            ChunkKind::Unsupported("RTF".into())
        );
        assert_eq!(chunk_kind(None, "word/a.txt", b"abc"), ChunkKind::Text);
        assert_eq!(
            chunk_kind(None, "word/chunk", b"PK\x03\x04..."),
            ChunkKind::Docx
        );
        assert_eq!(
            chunk_kind(None, "word/chunk", b"  <div>x</div>"),
            ChunkKind::Html
        );
        assert_eq!(
            chunk_kind(Some("application/pdf"), "word/a.pdf", b"%PDF-1.7"),
            ChunkKind::Unsupported("application/pdf".into())
        );
    }

    #[test]
    fn plain_text() {
        let (gbk, _, _) = encoding_rs::GBK.encode("第一段\r\n\r\n第二段\n");
        let c = text_blocks(&gbk, 10).expect("reads");
        assert_eq!(texts(&c), vec![("第一段", None), ("第二段", None)]);
    }
}
