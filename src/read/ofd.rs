//! OFD (GB/T 33190, the Chinese fixed-layout format): a zip of XML. OFD.xml names each document's
//! Document.xml, which lists the pages; each page's Content.xml places text in TextObject/TextCode
//! at coordinates in millimetres. Writers often emit one TextObject per character, so text is
//! regrouped into lines by position, then rejoined into paragraphs like PDF text.

use quick_xml::events::Event;

use crate::document::structure::RawBlock;
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
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

/// The text runs of one page, in the order of the file.
fn page_runs(pkg: &mut Package, name: &str, limits: Limits) -> Result<Vec<Placed>> {
    let mut runs = Vec::new();
    // (x, y, font size) of the open TextObject: its Boundary origin moved by its CTM translation.
    let mut object: Option<(f64, f64, f64)> = None;
    let mut code: Option<Placed> = None;
    let mut too_many = false;
    let cap = limits.max_blocks * 8;
    walk(pkg, name, limits, |ev| match ev {
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
    Ok(runs)
}

/// Runs regrouped into lines: same baseline (within half a font size) and left to right; lines top
/// to bottom as they appear on the page.
fn lines(mut runs: Vec<Placed>) -> Vec<String> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<(f64, f64, Vec<Placed>)> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some((y, size, line)) if (r.y - *y).abs() <= size.max(r.size) * 0.5 => line.push(r),
            _ => out.push((r.y, r.size, vec![r])),
        }
    }
    out.into_iter()
        .map(|(_, _, mut line)| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut s = String::new();
            let mut end: Option<f64> = None;
            for r in line {
                // A gap of two glyphs or more is a space (columns of a table row, "第一条  内容").
                if end.is_some_and(|e| r.x - e > 2.0 * r.size) {
                    s.push(' ');
                }
                end = Some(r.x + r.size * r.text.chars().count() as f64);
                s.push_str(&r.text);
            }
            s
        })
        .collect()
}

/// Text of every page of every document in the package, lines separated by newlines.
pub fn text(bytes: &[u8], limits: Limits) -> Result<String> {
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
    let mut out = String::new();
    for root in roots {
        let mut pages = Vec::new();
        walk(&mut pkg, &root, limits, |ev| {
            if let Ev::Start(b"Page", e) = ev {
                if let Some(loc) = attr(e, b"BaseLoc") {
                    pages.push(join(&root, &loc));
                }
            }
        })?;
        for page in pages {
            // A page may be named by its folder ("Pages/Page_0") or by its Content.xml.
            let name = if page.ends_with(".xml") {
                page
            } else {
                format!("{page}/Content.xml")
            };
            for line in lines(page_runs(&mut pkg, &name, limits)?) {
                out.push_str(&line);
                out.push('\n');
                if out.len() as u64 > limits.max_part_bytes {
                    return Err(ExtractError::Bomb {
                        part: name,
                        limit: limits.max_part_bytes,
                    });
                }
            }
        }
    }
    crate::read::pdf::require_text_layer(out)
}

pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    Ok(crate::read::pdf::laid_out_blocks(&text(bytes, limits)?))
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

    #[test]
    fn glyph_objects_regroup_into_lines() {
        let p = |x: f64, y: f64, t: &str| Placed {
            x,
            y,
            size: 4.0,
            text: t.into(),
        };
        // One object per character, out of order; the second line slightly off baseline.
        let runs = vec![
            p(24.0, 30.0, "体"),
            p(20.0, 30.0, "总"),
            p(28.0, 30.0, "情况"),
            p(20.0, 40.5, "正文"),
            p(60.0, 40.0, "第二栏"),
        ];
        assert_eq!(lines(runs), vec!["总体情况", "正文 第二栏"]);
    }
}
