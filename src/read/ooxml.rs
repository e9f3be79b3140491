//! Reading parts out of an OOXML (zip) package with every size capped, and XML readers that refuse
//! entity declarations. Shared by the docx and xlsx extractors.

use std::io::{Cursor, Read};

use quick_xml::events::BytesRef;
use zip::ZipArchive;

use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;

/// An opened zip package over bytes already in memory.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Part names as the package means them ('\\' written by some Windows tools read as '/', as Excel
    /// and WPS read them; calamine #530) with their entry index.
    parts: Vec<(String, usize)>,
    limits: Limits,
    read_so_far: u64,
    expected: &'static str,
}

impl<'a> Package<'a> {
    /// `expected` names the format for error messages ("Word .docx").
    pub fn open(bytes: &'a [u8], limits: Limits, expected: &'static str) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::Corrupt {
            expected,
            detail: zip_detail(&e),
        })?;
        if zip.len() > limits.max_zip_entries {
            return Err(ExtractError::TooMany {
                what: "zip entries",
                limit: limits.max_zip_entries,
            });
        }
        let parts = (0..zip.len())
            .filter_map(|i| match zip.name_for_index(i) {
                Some(Ok(n)) => Some((n.replace('\\', "/"), i)),
                _ => None,
            })
            .collect();
        Ok(Package {
            zip,
            parts,
            limits,
            read_so_far: 0,
            expected,
        })
    }

    /// Every part name, with '/' separators.
    pub fn names(&self) -> Vec<String> {
        self.parts.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The entry of a part: its exact name first, else the same name in another letter case.
    fn index_of(&self, name: &str) -> Option<usize> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| {
                self.parts
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .map(|(_, i)| *i)
    }

    pub fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// Reads one part, decompressing at most the per-part limit; `None` when the part is absent.
    /// XML parts that declare entities are refused here, before any parser sees them.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        let expected = self.expected;
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|e| ExtractError::Corrupt {
                expected,
                detail: format!("{name}: {}", zip_detail(&e)),
            })?;
        if file.encrypted() {
            return Err(ExtractError::Encrypted(format!("zip entry {name}")));
        }
        let limit = self.limits.max_part_bytes.min(
            self.limits
                .max_package_bytes
                .saturating_sub(self.read_so_far),
        );
        let size_hint = file.size();
        let out = read_capped(&mut file, size_hint, name, limit, expected)?;
        self.read_so_far += out.len() as u64;
        if name.ends_with(".xml") || name.ends_with(".rels") {
            refuse_entity_declarations(name, &out)?;
        }
        Ok(Some(out))
    }

    /// The target of the package relationship of the given type suffix (e.g. "/officeDocument").
    pub fn main_part(&mut self, rel_suffix: &str, fallback: &str) -> Result<String> {
        let Some(rels) = self.read("_rels/.rels")? else {
            return Ok(fallback.to_owned());
        };
        let mut reader = xml_reader(&rels);
        let mut guard = DepthGuard::new("_rels/.rels", self.limits.max_xml_depth);
        let mut buf = Vec::new();
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| xml_error("_rels/.rels", e))?;
            guard.track(&ev)?;
            match ev {
                quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e)
                    if e.local_name().into_inner().as_bytes() == b"Relationship" =>
                {
                    let ty = attr(&e, b"Type").unwrap_or_default();
                    if ty.ends_with(rel_suffix) {
                        if let Some(target) = attr(&e, b"Target") {
                            return Ok(target.trim_start_matches('/').to_owned());
                        }
                    }
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(fallback.to_owned())
    }
}

impl Package<'_> {
    /// Decompressed bytes read from the package so far (what counts against `max_package_bytes`).
    pub fn bytes_read(&self) -> u64 {
        self.read_so_far
    }

    /// The relationships of `part`, read from its `_rels/<name>.rels` (ECMA-376 Part 2, OPC),
    /// each internal target resolved to a part name against the part's folder. Empty when the
    /// part has no relationships part. Errors: the size caps of [`Package::read`] and bad XML.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(xml) = self.read(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for_each_element(&xml, &rels_name, self.limits, |e| {
            if e.local_name().into_inner().as_bytes() == b"Relationship" {
                let external = attr(e, b"TargetMode").is_some_and(|m| m == "External");
                let target = attr(e, b"Target").unwrap_or_default();
                out.push(Relationship {
                    id: attr(e, b"Id").unwrap_or_default(),
                    rel_type: attr(e, b"Type").unwrap_or_default(),
                    target: if external {
                        target
                    } else {
                        resolve_target(part, &target)
                    },
                    external,
                });
            }
        })?;
        Ok(out)
    }

    /// `[Content_Types].xml`: the declared content type of every part (ECMA-376 Part 2, OPC).
    /// An absent part gives an empty table. Errors: the size caps and malformed XML.
    pub fn content_types(&mut self) -> Result<ContentTypes> {
        const PART: &str = "[Content_Types].xml";
        let mut types = ContentTypes::default();
        let Some(xml) = self.read(PART)? else {
            return Ok(types);
        };
        for_each_element(&xml, PART, self.limits, |e| {
            match e.local_name().into_inner().as_bytes() {
                b"Default" => {
                    if let (Some(ext), Some(ty)) = (attr(e, b"Extension"), attr(e, b"ContentType"))
                    {
                        types.defaults.insert(ext.to_ascii_lowercase(), ty);
                    }
                }
                b"Override" => {
                    if let (Some(name), Some(ty)) = (attr(e, b"PartName"), attr(e, b"ContentType"))
                    {
                        let name = name.trim_start_matches('/').to_ascii_lowercase();
                        types.overrides.insert(name, ty);
                    }
                }
                _ => {}
            }
        })?;
        Ok(types)
    }
}

/// One relationship of a part (a `<Relationship>` of its .rels part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// The id the part's XML refers to (`r:id`).
    pub id: String,
    /// The relationship type URI, e.g. `.../relationships/aFChunk`.
    pub rel_type: String,
    /// The target part name inside the package (no leading slash), or the raw URI when `external`.
    pub target: String,
    /// `TargetMode="External"`: the target lies outside the package.
    pub external: bool,
}

/// The content types a package declares: per part name, else per file extension.
#[derive(Debug, Clone, Default)]
pub struct ContentTypes {
    defaults: std::collections::HashMap<String, String>,
    overrides: std::collections::HashMap<String, String>,
}

impl ContentTypes {
    /// The content type of a part (name without leading slash): its Override, else its
    /// extension's Default.
    pub fn of(&self, part: &str) -> Option<&str> {
        let name = part.trim_start_matches('/').to_ascii_lowercase();
        if let Some(t) = self.overrides.get(&name) {
            return Some(t);
        }
        let file = name.rsplit('/').next().unwrap_or(&name);
        let ext = file.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).map(String::as_str)
    }
}

/// Resolves a relationship target against the part that holds the relationship: an absolute
/// target ("/word/x.html") from the package root, a relative one ("x.html", "../media/y.png") from
/// the part's folder; "." and ".." segments folded, never above the root (as RFC 3986 resolves
/// relative references).
pub fn resolve_target(source_part: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        if let Some((dir, _)) = source_part.trim_start_matches('/').rsplit_once('/') {
            segments.extend(dir.split('/'));
        }
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// Calls `f` on every start or empty element of a small XML part (depth-guarded, entities refused
/// already by [`Package::read`]).
pub(crate) fn for_each_element(
    xml: &[u8],
    part: &str,
    limits: Limits,
    mut f: impl FnMut(&quick_xml::events::BytesStart),
) -> Result<()> {
    walk_elements(xml, part, limits, |e| {
        f(e);
        std::ops::ControlFlow::Continue(())
    })
}

/// The first start or empty element of an XML part with this local name, read no further than
/// it; `None` when the part has none.
pub(crate) fn first_element(
    xml: &[u8],
    part: &str,
    limits: Limits,
    local_name: &[u8],
) -> Result<Option<quick_xml::events::BytesStart<'static>>> {
    let mut found = None;
    walk_elements(xml, part, limits, |e| {
        if e.local_name().into_inner().as_bytes() == local_name {
            found = Some(e.clone().into_owned());
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    })?;
    Ok(found)
}

/// The element loop behind [`for_each_element`] and [`first_element`]: stops at the end of the part
/// or when `f` breaks.
fn walk_elements(
    xml: &[u8],
    part: &str,
    limits: Limits,
    mut f: impl FnMut(&quick_xml::events::BytesStart) -> std::ops::ControlFlow<()>,
) -> Result<()> {
    let mut reader = xml_reader(xml);
    let mut guard = DepthGuard::new(part, limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, e))?;
        guard.track(&ev)?;
        match &ev {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if f(e).is_break() =>
            {
                break
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

fn zip_detail(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::InvalidArchive(m) => format!("invalid or truncated zip: {m}"),
        zip::result::ZipError::UnsupportedArchive(m) => format!("unsupported zip feature: {m}"),
        other => other.to_string(),
    }
}

/// Refuses `<!ENTITY` anywhere in an XML part: OOXML never declares entities, hostile files do.
/// Decompresses one zip entry, at most `limit` bytes: past it the entry is a bomb, and a
/// decompression error makes the package corrupt. `size_hint` (the declared size) only presizes.
pub fn read_capped(
    entry: &mut impl Read,
    size_hint: u64,
    name: &str,
    limit: u64,
    expected: &'static str,
) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size_hint.min(limit).min(16 << 20) as usize);
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt {
            expected,
            detail: format!("{name}: {e}"),
        })?;
    if out.len() as u64 > limit {
        return Err(ExtractError::Bomb {
            part: name.to_owned(),
            limit,
        });
    }
    Ok(out)
}

pub fn refuse_entity_declarations(part: &str, bytes: &[u8]) -> Result<()> {
    // "<!" is rare in OOXML (comments, CDATA, a DOCTYPE): find those quickly, then look closer.
    let declares = memchr::memmem::find_iter(bytes, b"<!").any(|at| {
        bytes
            .get(at + 2..at + 8)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"ENTITY"))
    });
    if declares {
        return Err(ExtractError::EntityDeclaration {
            part: part.to_owned(),
        });
    }
    Ok(())
}

pub fn xml_reader(bytes: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    reader
}

pub fn xml_error(part: &str, e: quick_xml::Error) -> ExtractError {
    ExtractError::Xml {
        part: part.to_owned(),
        detail: e.to_string(),
    }
}

/// The unescaped value of an attribute matched by local name (prefix ignored).
pub fn attr(e: &quick_xml::events::BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner().as_bytes() == local).then(|| {
            match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.to_string(),
            }
        })
    })
}

/// Text for a general reference: character references and the five predefined entities; anything
/// else (an undeclared custom entity) is dropped, never expanded.
pub fn resolve_ref(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name: &str = r.as_ref();
    quick_xml::escape::resolve_predefined_entity(name).map(str::to_owned)
}

/// Tracks nesting depth and fails past the limit.
pub struct DepthGuard<'p> {
    part: &'p str,
    depth: usize,
    limit: usize,
}

impl<'p> DepthGuard<'p> {
    pub fn new(part: &'p str, limit: usize) -> Self {
        DepthGuard {
            part,
            depth: 0,
            limit,
        }
    }

    pub fn track(&mut self, ev: &quick_xml::events::Event) -> Result<()> {
        match ev {
            quick_xml::events::Event::Start(_) => {
                self.depth += 1;
                if self.depth > self.limit {
                    return Err(ExtractError::TooDeep {
                        part: self.part.to_owned(),
                        limit: self.limit,
                    });
                }
            }
            quick_xml::events::Event::End(_) => self.depth = self.depth.saturating_sub(1),
            quick_xml::events::Event::DocType(_) => {
                // A DTD without entity declarations is harmless but never valid OOXML either.
            }
            _ => {}
        }
        Ok(())
    }
}
