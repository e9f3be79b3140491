//! OFD (GB/T 33190, the Chinese fixed-layout format): a zip of XML. OFD.xml names each document's
//! Document.xml, which lists the pages; each page's Content.xml places text in TextObject/TextCode
//! at coordinates in millimetres. Writers often emit one TextObject per character, so text is
//! regrouped into lines by position and blocks by the page's layout ([`crate::read::layout`]), like
//! PDF text. Template pages (TemplatePage in Document.xml, drawn by `<ofd:Template>` on a page) hold
//! letterheads and form labels and are read with the page that uses them.

use quick_xml::events::Event;

use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::layout::{self, Glyph, Page};
use crate::read::ooxml::{attr, resolve_ref, xml_error, xml_reader, DepthGuard, Package};

/// A run of text placed on a page: the baseline position of its first glyph, and its font size.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Resolves `loc` against the directory of `base` (paths starting with '/' are from the root).
fn join(base: &str, loc: &str) -> String {
    let loc = loc.trim();
    if let Some(abs) = loc.strip_prefix('/') {
        return abs.to_owned();
    }
    let mut parts: Vec<&str> = base
        .rsplit_once('/')
        .map_or(vec![], |(d, _)| d.split('/').collect());
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect()
}

/// What `walk` reports: a start tag (local name), an end tag, or text inside the open tag.
enum Ev<'a, 'b> {
    Start(&'a [u8], &'a quick_xml::events::BytesStart<'b>),
    End(&'a [u8]),
    Text(&'a str),
}

/// Streams the XML part `name` to `on`, with the depth guard and no entity expansion.
fn walk(pkg: &mut Package, name: &str, limits: Limits, mut on: impl FnMut(Ev)) -> Result<()> {
    let xml = pkg
        .read(name)?
        .ok_or_else(|| ExtractError::MissingPart(name.to_owned()))?;
    let mut reader = xml_reader(&xml);
    let mut guard = DepthGuard::new(name, limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(name, e))?;
        guard.track(&ev)?;
        match &ev {
            Event::Start(e) => on(Ev::Start(e.local_name().into_inner().as_bytes(), e)),
            Event::Empty(e) => {
                let tag = e.local_name().into_inner().as_bytes();
                on(Ev::Start(tag, e));
                on(Ev::End(tag));
            }
            Event::End(e) => on(Ev::End(e.local_name().into_inner().as_bytes())),
            Event::Text(t) => on(Ev::Text(&t.xml10_content())),
            Event::CData(t) => on(Ev::Text(t)),
            Event::GeneralRef(r) => {
                if let Some(s) = resolve_ref(r) {
                    on(Ev::Text(&s))
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// The text runs of one page (or template page), in the order of the file, and the IDs of the
/// template pages it draws on (`<ofd:Template TemplateID="…"/>`).
fn page_runs(pkg: &mut Package, name: &str, limits: Limits) -> Result<(Vec<Placed>, Vec<String>)> {
    let mut runs = Vec::new();
    let mut templates = Vec::new();
    // (x, y, font size) of the open TextObject: its Boundary origin moved by its CTM translation.
    let mut object: Option<(f64, f64, f64)> = None;
    let mut code: Option<Placed> = None;
    let mut too_many = false;
    let cap = limits.max_blocks * 8;
    walk(pkg, name, limits, |ev| match ev {
        Ev::Start(b"Template", e) => {
            if let Some(id) = attr(e, b"TemplateID") {
                templates.push(id.trim().to_owned());
            }
        }
        Ev::Start(b"TextObject", e) => {
            let b = attr(e, b"Boundary")
                .map(|s| numbers(&s))
                .unwrap_or_default();
            let ctm = attr(e, b"CTM").map(|s| numbers(&s)).unwrap_or_default();
            let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
            let size = attr(e, b"Size").and_then(|s| s.trim().parse().ok());
            object = Some((
                at(&b, 0) + at(&ctm, 4),
                at(&b, 1) + at(&ctm, 5),
                size.unwrap_or(3.5),
            ));
        }
        Ev::Start(b"TextCode", e) => {
            let (ox, oy, size) = object.unwrap_or((0.0, 0.0, 3.5));
            let num = |k: &[u8]| attr(e, k).and_then(|s| s.trim().parse::<f64>().ok());
            code = Some(Placed {
                x: ox + num(b"X").unwrap_or(0.0),
                y: oy + num(b"Y").unwrap_or(0.0),
                size,
                text: String::new(),
            });
        }
        Ev::End(b"TextCode") => {
            if let Some(c) = code.take().filter(|c| !c.text.trim().is_empty()) {
                if runs.len() >= cap {
                    too_many = true;
                } else {
                    runs.push(c);
                }
            }
        }
        Ev::End(b"TextObject") => object = None,
        Ev::Text(t) => {
            if let Some(c) = code.as_mut() {
                c.text.push_str(t);
            }
        }
        _ => {}
    })?;
    if too_many {
        return Err(ExtractError::TooMany {
            what: "text objects",
            limit: cap,
        });
    }
    Ok((runs, templates))
}

/// Most pages of one OFD: a page list can name the same small Content.xml any number of times.
const MAX_PAGES: usize = 10_000;
/// Most text objects of one OFD, templates included (~100 bytes each once placed).
const MAX_GLYPHS: usize = 2_000_000;

/// A content part's name: a page may be named by its folder ("Pages/Page_0") or by its Content.xml.
fn content_part(loc: String) -> String {
    if loc.ends_with(".xml") {
        loc
    } else {
        format!("{loc}/Content.xml")
    }
}

/// Glyphs of every page of every document in the package, template pages (letterheads, the
/// 发文字号 of a 公文 system's form) drawn beneath their page's own text. Errors: no DocRoot, a
/// missing or malformed part, more text than the part limit.
pub fn pages(bytes: &[u8], limits: Limits) -> Result<Vec<Page>> {
    let mut pkg = Package::open(bytes, limits, "OFD")?;
    let mut roots = Vec::new();
    let mut in_root = false;
    walk(&mut pkg, "OFD.xml", limits, |ev| match ev {
        Ev::Start(tag, _) => in_root = tag == b"DocRoot",
        Ev::End(_) => in_root = false,
        Ev::Text(t) if in_root && !t.trim().is_empty() => roots.push(join("OFD.xml", t)),
        Ev::Text(_) => {}
    })?;
    if roots.is_empty() {
        return Err(ExtractError::Corrupt {
            expected: "OFD",
            detail: "OFD.xml names no DocRoot".into(),
        });
    }
    // A DocRoot listed twice is one document.
    let mut seen_roots = std::collections::HashSet::new();
    roots.retain(|r| seen_roots.insert(r.clone()));
    let mut out = Vec::new();
    let mut bytes_read = 0u64;
    let mut glyphs_read = 0usize;
    for root in roots {
        let mut page_locs = Vec::new();
        let mut template_locs: Vec<(String, String)> = Vec::new();
        walk(&mut pkg, &root, limits, |ev| {
            if let Ev::Start(tag, e) = ev {
                match (tag, attr(e, b"BaseLoc")) {
                    (b"Page", Some(loc)) => page_locs.push(join(&root, &loc)),
                    (b"TemplatePage", Some(loc)) => {
                        let id = attr(e, b"ID").unwrap_or_default().trim().to_owned();
                        template_locs.push((id, join(&root, &loc)));
                    }
                    _ => {}
                }
            }
        })?;
        if out.len() + page_locs.len() > MAX_PAGES {
            return Err(ExtractError::TooMany {
                what: "pages",
                limit: MAX_PAGES,
            });
        }
        let mut template_runs: Vec<(String, Vec<Placed>)> = Vec::new();
        for page in page_locs {
            let name = content_part(page);
            let (mut runs, mut templates) = page_runs(&mut pkg, &name, limits)?;
            // A template drawn twice on one page is drawn once.
            templates.sort();
            templates.dedup();
            for id in templates {
                let cached = template_runs
                    .iter()
                    .find(|(t, _)| *t == id)
                    .map(|(_, r)| r.clone());
                let drawn = match cached {
                    Some(r) => r,
                    None => {
                        let Some((_, loc)) = template_locs.iter().find(|(t, _)| *t == id) else {
                            continue;
                        };
                        let (r, _) = page_runs(&mut pkg, &content_part(loc.clone()), limits)?;
                        template_runs.push((id.clone(), r.clone()));
                        r
                    }
                };
                runs.extend(drawn);
            }
            bytes_read += runs.iter().map(|r| r.text.len() as u64).sum::<u64>();
            glyphs_read += runs.len();
            if glyphs_read > MAX_GLYPHS {
                return Err(ExtractError::TooMany {
                    what: "text objects",
                    limit: MAX_GLYPHS,
                });
            }
            if bytes_read > limits.max_part_bytes {
                return Err(ExtractError::Bomb {
                    part: name,
                    limit: limits.max_part_bytes,
                });
            }
            out.push(Page {
                glyphs: runs
                    .into_iter()
                    .map(|r| Glyph {
                        width: r.size * r.text.chars().count() as f64,
                        x: r.x,
                        y: r.y,
                        size: r.size,
                        text: r.text,
                    })
                    .collect(),
            });
        }
    }
    layout::require_text_layer(out)
}

/// The text of every page, one line per printed line.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
    Ok(layout::text(&pages(bytes, limits)?))
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    Ok(layout::blocks(&pages(bytes, limits)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_referring_part() {
        assert_eq!(join("OFD.xml", "Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(
            join("Doc_0/Document.xml", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(
            join("Doc_0/Document.xml", "/Doc_0/Res.xml"),
            "Doc_0/Res.xml"
        );
        assert_eq!(join("Doc_0/Document.xml", "../x.xml"), "x.xml");
    }
}
