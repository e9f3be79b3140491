//! Word .docx extraction: paragraphs and tables in reading order, straight from word/document.xml
//! (zip + quick-xml, every size capped), with heading levels from outline levels and the style chain,
//! and list labels rendered from numbering.xml — 公文 files made from templates carry 一、/（一）
//! only there. docx-rs resolves neither, and the stream is lighter (STACK-NOTES.md).
//! `w:altChunk` parts (HTML, MHT, text, a nested .docx) are read in place (see `altchunk`); what
//! cannot be read is named in a warning, never dropped silently.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use crate::document::model::CellPos;
use crate::document::structure::{NumLabel, RawBlock};
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::altchunk::{self, ChunkBlocks, ChunkKind};
pub use crate::read::numfmt::format_number;
use crate::read::ooxml::{
    attr, resolve_ref, xml_error, xml_reader, ContentTypes, DepthGuard, Package, Relationship,
};

/// Reads a .docx into raw blocks (headings not yet decided). Errors: those of the package and its
/// XML (size caps, entities, depth, bad XML, missing main part), too many blocks, and — when the
/// body holds no text at all besides altChunk parts that could not be read — `Unsupported` naming
/// those parts (bug 08: such a file was called blank). Warnings about unread chunks in a document
/// that has other text are dropped here; [`read_with_warnings`] returns them.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
    read_with_warnings(bytes, limits).map(|c| c.blocks)
}

/// What a .docx gives: its blocks, and what could not be read of it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DocxContent {
    /// Paragraphs and table cells in reading order, altChunk content at the chunk's place.
    pub blocks: Vec<RawBlock>,
    /// For the reviewer, in Chinese, one per part whose text is missing from `blocks`, naming the
    /// part and why (e.g. "嵌入内容word/afchunk.rtf（RTF）未能读取：……").
    pub warnings: Vec<String>,
    /// The altChunk parts (or relationship ids, when the part is not found) that were not read.
    pub unread_chunks: Vec<String>,
}

/// As [`read`], also returning the warnings about altChunk parts that could not be read (RTF,
/// unknown content types, broken or missing parts, parts over the size cap, nesting too deep).
pub fn read_with_warnings(bytes: &[u8], limits: Limits) -> Result<DocxContent> {
    let (content, _) = read_at_depth(bytes, limits, 0)?;
    let has_text = content.blocks.iter().any(|b| !b.text.trim().is_empty());
    if !has_text && !content.unread_chunks.is_empty() {
        return Err(ExtractError::Unsupported(format!(
            "a Word body held only in altChunk parts that could not be read: {}",
            content.unread_chunks.join(", ")
        )));
    }
    Ok(content)
}

/// A .docx inside a .docx (an altChunk of a whole package) is read one level deep, no further.
const MAX_CHUNK_DEPTH: u8 = 1;

/// Reads one package; also returns the decompressed bytes it took, its nested chunks' included,
/// so that a nested .docx draws on its parent's `max_package_bytes` instead of a fresh one.
fn read_at_depth(bytes: &[u8], limits: Limits, depth: u8) -> Result<(DocxContent, u64)> {
    let mut pkg = Package::open(bytes, limits, "Word .docx")?;
    let main = pkg.main_part("/officeDocument", "word/document.xml")?;
    let base = main
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or("word")
        .to_owned();
    let styles = match pkg.read(&format!("{base}/styles.xml"))? {
        Some(x) => Styles::parse(&x, limits)?,
        None => Styles::default(),
    };
    let mut numbering = match pkg.read(&format!("{base}/numbering.xml"))? {
        Some(x) => Numbering::parse(&x, limits)?,
        None => Numbering::default(),
    };
    numbering.resolve_style_links(&styles);
    let doc = pkg
        .read(&main)?
        .ok_or_else(|| ExtractError::MissingPart(main.clone()))?;
    let mut nested_bytes = 0u64;
    let chunks = ChunkSource {
        pkg: &mut pkg,
        part: main.clone(),
        rels: None,
        types: None,
        depth,
        nested_bytes: &mut nested_bytes,
    };
    let content = Walker::new(&styles, numbering, limits, Some(chunks)).walk(&main, &doc)?;
    Ok((content, pkg.bytes_read().saturating_add(nested_bytes)))
}

// ---------------------------------------------------------------------------------------------
// altChunk parts

/// Finds and reads the altChunk parts of one story part, lazily: its relationships and the
/// package's content types are read at the first chunk.
struct ChunkSource<'p, 'a> {
    pkg: &'p mut Package<'a>,
    /// The story part holding the chunks (word/document.xml).
    part: String,
    rels: Option<std::result::Result<HashMap<String, Relationship>, String>>,
    types: Option<ContentTypes>,
    depth: u8,
    /// Decompressed bytes taken by nested .docx chunks so far.
    nested_bytes: &'p mut u64,
}

/// A chunk that could not be read: the part (or the relationship id), what it holds, and why.
struct Unread {
    part: String,
    kind: String,
    reason: String,
}

impl Unread {
    fn warning(&self) -> String {
        let kind = if self.kind.is_empty() {
            String::new()
        } else {
            format!("（{}）", self.kind)
        };
        format!(
            "嵌入内容{}{kind}未能读取：{}，其中的文字未纳入审查",
            self.part, self.reason
        )
    }
}

/// What one chunk gave: blocks, or a nested document's blocks with its own unread chunks.
struct Loaded {
    blocks: ChunkBlocks,
    nested: Option<DocxContent>,
}

/// Why a chunk gave no blocks: a reason for the reviewer's warning, or an error that stops the
/// whole document (too many blocks, as anywhere else in it).
enum ChunkFail {
    Reason(String),
    Fatal(ExtractError),
}

impl From<ExtractError> for ChunkFail {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::TooMany { .. } => ChunkFail::Fatal(e),
            ExtractError::TooDeep { part, limit } if part == "HTML" => {
                ChunkFail::Reason(format!("HTML元素嵌套超过{limit}层，已拒绝读取"))
            }
            e => ChunkFail::Reason(e.zh()),
        }
    }
}

impl ChunkSource<'_, '_> {
    /// Reads the chunk the relationship `rid` points at. Outer error: the document must stop (too
    /// many blocks); inner error: this chunk is not read, and why.
    fn load(&mut self, rid: &str, limits: Limits) -> Result<std::result::Result<Loaded, Unread>> {
        let unread = |part: &str, kind: &str, reason: String| {
            Ok(Err(Unread {
                part: part.to_owned(),
                kind: kind.to_owned(),
                reason,
            }))
        };
        if self.rels.is_none() {
            let rels = self
                .pkg
                .relationships(&self.part)
                .map(|v| v.into_iter().map(|r| (r.id.clone(), r)).collect())
                .map_err(|e| e.zh());
            self.rels = Some(rels);
        }
        let rel = match self.rels.as_ref() {
            Some(Ok(map)) => map.get(rid).cloned(),
            Some(Err(e)) => return unread(rid, "", format!("关系部件无法读取（{e}）")),
            None => None,
        };
        let Some(rel) = rel else {
            return unread(
                &format!("（关系{rid}）"),
                "",
                "文档关系中找不到它指向的部件".into(),
            );
        };
        if rel.external {
            return unread(
                &rel.target,
                "",
                "内容在文件之外（外部链接），未随文件提交".into(),
            );
        }
        let name = rel.target;
        let bytes = match self.pkg.read(&name) {
            Ok(Some(b)) => b,
            Ok(None) => return unread(&name, "", "文件中缺少该部件".into()),
            Err(e) => return unread(&name, "", e.zh()),
        };
        if self.types.is_none() {
            self.types = Some(self.pkg.content_types().unwrap_or_default());
        }
        let declared = self.types.as_ref().and_then(|t| t.of(&name));
        let kind = altchunk::chunk_kind(declared, &name, &bytes);
        let (max_blocks, max_depth) = (limits.max_blocks, limits.max_xml_depth);
        let depth = self.depth;
        // A nested package gets what is left of this one's budget, not a fresh one.
        let nested_limits = Limits {
            max_package_bytes: limits
                .max_package_bytes
                .saturating_sub(self.pkg.bytes_read())
                .saturating_sub(*self.nested_bytes),
            ..limits
        };
        let nested_bytes = &mut *self.nested_bytes;
        let flat = |blocks: Result<ChunkBlocks>| {
            blocks
                .map(|blocks| Loaded {
                    blocks,
                    nested: None,
                })
                .map_err(ChunkFail::from)
        };
        // A panic in a parser loses this chunk, not the document.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &kind {
            ChunkKind::Html => flat(altchunk::html_blocks(
                &altchunk::decode_html(&bytes, None),
                max_blocks,
                max_depth,
            )),
            ChunkKind::Mht => match altchunk::mht_html(&bytes) {
                Ok(html) => flat(altchunk::html_blocks(&html, max_blocks, max_depth)),
                Err(reason) => Err(ChunkFail::Reason(reason)),
            },
            ChunkKind::Text => flat(altchunk::text_blocks(&bytes, max_blocks)),
            ChunkKind::Docx if depth >= MAX_CHUNK_DEPTH => Err(ChunkFail::Reason(
                "嵌入的Word文档中又嵌入了Word文档，层级过深".to_owned(),
            )),
            ChunkKind::Docx => read_at_depth(&bytes, nested_limits, depth + 1)
                .map(|(nested, spent)| {
                    *nested_bytes = nested_bytes.saturating_add(spent);
                    Loaded {
                        blocks: ChunkBlocks::default(),
                        nested: Some(nested),
                    }
                })
                .map_err(ChunkFail::from),
            ChunkKind::Unsupported(what) => {
                Err(ChunkFail::Reason(format!("暂不支持{what}格式的嵌入内容")))
            }
        }));
        let kind_name = match &kind {
            ChunkKind::Html => "HTML".to_owned(),
            ChunkKind::Mht => "MHT".to_owned(),
            ChunkKind::Text => "纯文本".to_owned(),
            ChunkKind::Docx => "Word文档".to_owned(),
            ChunkKind::Unsupported(what) => what.clone(),
        };
        match read {
            Ok(Ok(loaded)) => Ok(Ok(loaded)),
            Ok(Err(ChunkFail::Fatal(e))) => Err(e),
            Ok(Err(ChunkFail::Reason(reason))) => unread(&name, &kind_name, reason),
            Err(_) => unread(&name, &kind_name, "读取时发生内部错误".into()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Styles

/// A paragraph style, as styles.xml (or a .doc's style sheet, see `doc`) defines it.
#[derive(Debug, Default, Clone)]
pub(crate) struct StyleInfo {
    pub name: String,
    pub based_on: Option<String>,
    /// 1-based heading level from w:outlineLvl; Some(0) for level 9, "body text".
    pub outline: Option<u8>,
    pub num: Option<(String, u8)>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    pub map: HashMap<String, StyleInfo>,
    pub default_para: Option<String>,
    /// Numbering (list) styles: style id -> the numId in the style's numPr. A list style's levels
    /// are reached through it from an abstractNum's `w:numStyleLink`
    /// (see `Numbering::resolve_style_links`).
    pub numbering_styles: HashMap<String, String>,
}

/// What a paragraph style says about a paragraph.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct StyleResolved {
    pub level: Option<u8>,
    /// The level came from a basedOn ancestor, not the style itself.
    pub inherited: bool,
    pub title: bool,
    pub num: Option<(String, u8)>,
}

impl Styles {
    fn parse(xml: &[u8], limits: Limits) -> Result<Styles> {
        const PART: &str = "styles.xml";
        let mut reader = xml_reader(xml);
        let mut guard = DepthGuard::new(PART, limits.max_xml_depth);
        let mut buf = Vec::new();
        let mut styles = Styles::default();
        let mut cur: Option<(String, StyleInfo)> = None;
        let mut cur_is_numbering = false;
        let mut in_ppr_change = 0usize;
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| xml_error(PART, e))?;
            guard.track(&ev)?;
            match &ev {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    match e.local_name().into_inner().as_bytes() {
                        b"style" => {
                            let is_para = attr(e, b"type").is_none_or(|t| t == "paragraph");
                            let id = attr(e, b"styleId").unwrap_or_default();
                            if is_para
                                && attr(e, b"default").is_some_and(|d| d == "1" || d == "true")
                            {
                                styles.default_para = Some(id.clone());
                            }
                            let is_numbering = attr(e, b"type").is_some_and(|t| t == "numbering");
                            if (is_para || is_numbering) && !empty {
                                cur = Some((id, StyleInfo::default()));
                                cur_is_numbering = is_numbering;
                            }
                        }
                        b"pPrChange" if !empty => in_ppr_change += 1,
                        _ if in_ppr_change > 0 => {}
                        b"name" => set(&mut cur, |s| s.name = attr(e, b"val").unwrap_or_default()),
                        b"basedOn" => set(&mut cur, |s| s.based_on = attr(e, b"val")),
                        b"outlineLvl" => set(&mut cur, |s| s.outline = outline_level(e)),
                        b"numId" => set(&mut cur, |s| {
                            let id = attr(e, b"val").unwrap_or_default();
                            let lvl = s.num.as_ref().map_or(0, |n| n.1);
                            s.num = Some((id, lvl));
                        }),
                        b"ilvl" => set(&mut cur, |s| {
                            let lvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            let id = s.num.take().map(|n| n.0).unwrap_or_default();
                            s.num = Some((id, lvl));
                        }),
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().into_inner().as_bytes() {
                    b"style" => match cur.take() {
                        Some((id, info)) if cur_is_numbering => {
                            if let Some((num_id, _)) = info.num.filter(|(n, _)| !n.is_empty()) {
                                styles.numbering_styles.insert(id, num_id);
                            }
                        }
                        Some((id, info)) => {
                            styles.map.insert(id, info);
                        }
                        None => {}
                    },
                    b"pPrChange" => in_ppr_change = in_ppr_change.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(styles)
    }

    /// Follows the basedOn chain: the nearest outline level wins, then a heading-like style name.
    pub(crate) fn resolve(&self, id: Option<&str>) -> StyleResolved {
        let mut out = StyleResolved::default();
        let mut next = id.map(str::to_owned).or_else(|| self.default_para.clone());
        let mut seen = HashSet::new();
        let mut level_decided = false;
        while let Some(id) = next.take() {
            if !seen.insert(id.clone()) || seen.len() > 32 {
                break;
            }
            let Some(s) = self.map.get(&id) else { break };
            if out.num.is_none() {
                out.num = s.num.clone();
            }
            if !level_decided {
                out.inherited = seen.len() > 1;
                if let Some(l) = s.outline {
                    out.level = (l > 0).then_some(l);
                    level_decided = true;
                } else {
                    match style_name_level(&s.name) {
                        NameLevel::Heading(l) => {
                            out.level = Some(l);
                            level_decided = true;
                        }
                        NameLevel::Title => {
                            out.title = true;
                            level_decided = true;
                        }
                        NameLevel::None => {}
                    }
                }
            }
            next = s.based_on.clone();
        }
        if out.title {
            out.level = None;
        }
        out
    }
}

fn set(cur: &mut Option<(String, StyleInfo)>, f: impl FnOnce(&mut StyleInfo)) {
    if let Some((_, s)) = cur.as_mut() {
        f(s)
    }
}

fn outline_level(e: &BytesStart) -> Option<u8> {
    let v: u8 = attr(e, b"val")?.parse().ok()?;
    Some(if v >= 9 { 0 } else { v + 1 })
}

#[derive(Debug, PartialEq)]
enum NameLevel {
    Heading(u8),
    Title,
    None,
}

/// Heading level implied by a style's name: built-in English names, Chinese Word's localised names,
/// and the custom names of Chinese templates (章标题, 一级条标题 as in GB/T 1.1 templates).
fn style_name_level(name: &str) -> NameLevel {
    let n: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let digit_after = |prefix: &str| -> Option<u8> {
        let rest = n.strip_prefix(prefix)?;
        let d: u8 = rest.parse().ok()?;
        (1..=9).contains(&d).then_some(d)
    };
    if let Some(d) = digit_after("heading").or_else(|| digit_after("标题")) {
        return NameLevel::Heading(d);
    }
    if matches!(
        n.as_str(),
        "title" | "标题" | "subtitle" | "副标题" | "文档标题" | "公文标题"
    ) {
        return NameLevel::Title;
    }
    let cn = |c: char| "一二三四五六".find(c).map(|i| (i / 3) as u8 + 1);
    let chars: Vec<char> = n.chars().collect();
    match chars.as_slice() {
        ['章', '标', '题'] => NameLevel::Heading(1),
        ['节', '标', '题'] => NameLevel::Heading(2),
        [d, '级', '标', '题'] => cn(*d).map_or(NameLevel::None, NameLevel::Heading),
        [d, '级', '条', '标', '题'] => {
            cn(*d).map_or(NameLevel::None, |l| NameLevel::Heading(l + 1))
        }
        _ => NameLevel::None,
    }
}

// ---------------------------------------------------------------------------------------------
// Numbering

/// One level of a list: `text` is the label pattern with %1…%9 for the counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct LevelDef {
    pub start: u32,
    pub fmt: String,
    pub text: String,
    pub is_lgl: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    pub abstracts: HashMap<String, Vec<LevelDef>>,
    /// numId -> (abstractNumId, start overrides by level)
    pub nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// abstractNumId -> the list style its `w:numStyleLink` names (its levels are the style's).
    pub num_style_links: HashMap<String, String>,
    /// List style id -> the abstractNumId whose `w:styleLink` names it (the one with the levels).
    pub style_links: HashMap<String, String>,
    /// abstractNumId -> paragraph style id -> level: a `w:lvl` carrying `w:pStyle` is the level of
    /// paragraphs in that style that do not state their own.
    pub level_styles: HashMap<String, HashMap<String, u8>>,
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<String>,
}

impl Numbering {
    fn parse(xml: &[u8], limits: Limits) -> Result<Numbering> {
        const PART: &str = "numbering.xml";
        let mut reader = xml_reader(xml);
        let mut guard = DepthGuard::new(PART, limits.max_xml_depth);
        let mut buf = Vec::new();
        let mut n = Numbering::default();
        let mut abs: Option<(String, Vec<LevelDef>)> = None;
        let mut lvl: Option<(usize, LevelDef)> = None;
        let mut num: Option<(String, String, HashMap<u8, u32>)> = None;
        let mut override_lvl: Option<u8> = None;
        let mut lvl_style: Option<String> = None;
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| xml_error(PART, e))?;
            guard.track(&ev)?;
            match &ev {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || attr(e, b"val").unwrap_or_default();
                    match e.local_name().into_inner().as_bytes() {
                        b"abstractNum" => {
                            abs = Some((attr(e, b"abstractNumId").unwrap_or_default(), vec![]))
                        }
                        b"numStyleLink" => {
                            if let Some((id, _)) = abs.as_ref() {
                                n.num_style_links.insert(id.clone(), val());
                            }
                        }
                        b"styleLink" => {
                            if let Some((id, _)) = abs.as_ref() {
                                n.style_links.insert(val(), id.clone());
                            }
                        }
                        b"pStyle" if lvl.is_some() => lvl_style = Some(val()),
                        b"lvl" if abs.is_some() => {
                            lvl_style = None;
                            let i = attr(e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                            lvl = Some((
                                i,
                                LevelDef {
                                    start: 1,
                                    fmt: "decimal".into(),
                                    ..Default::default()
                                },
                            ));
                        }
                        b"start" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.start = val().parse().unwrap_or(1);
                            }
                        }
                        b"numFmt" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.fmt = val();
                            }
                        }
                        b"lvlText" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.text = val();
                            }
                        }
                        b"isLgl" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.is_lgl = attr(e, b"val").is_none_or(|v| v != "0" && v != "false");
                            }
                        }
                        b"num" => {
                            num = Some((
                                attr(e, b"numId").unwrap_or_default(),
                                String::new(),
                                HashMap::new(),
                            ))
                        }
                        b"abstractNumId" => {
                            if let Some(x) = num.as_mut() {
                                x.1 = val();
                            }
                        }
                        b"lvlOverride" => {
                            override_lvl = attr(e, b"ilvl").and_then(|v| v.parse().ok())
                        }
                        b"startOverride" => {
                            if let (Some(x), Some(l)) = (num.as_mut(), override_lvl) {
                                x.2.insert(l, val().parse().unwrap_or(1));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().into_inner().as_bytes() {
                    b"lvl" => {
                        if let (Some((i, l)), Some((abs_id, levels))) = (lvl.take(), abs.as_mut()) {
                            if let Some(style) = lvl_style.take().filter(|_| i < 9) {
                                n.level_styles
                                    .entry(abs_id.clone())
                                    .or_default()
                                    .insert(style, i as u8);
                            }
                            if i < 9 {
                                if levels.len() <= i {
                                    levels.resize(i + 1, LevelDef::default());
                                }
                                levels[i] = l;
                            }
                        }
                    }
                    b"abstractNum" => {
                        if let Some((id, levels)) = abs.take() {
                            n.abstracts.insert(id, levels);
                        }
                    }
                    b"num" => {
                        if let Some((id, a, o)) = num.take() {
                            n.nums.insert(id, (a, o));
                        }
                    }
                    b"lvlOverride" => override_lvl = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(n)
    }

    /// Points every num whose abstractNum is only a link to a list style (`w:numStyleLink`, and no
    /// levels) at the abstractNum that holds the style's levels: the list style's own numId (its
    /// numPr in styles.xml), else the abstractNum whose `w:styleLink` names the style. This is how
    /// Word stores a list style (ISO/IEC 29500-1 §17.9: numStyleLink, styleLink); readers that
    /// took the levels from the referenced abstractNum found none and lost the 一、/（一） labels
    /// (bug 09, from all2md #488 and docxjs #197). Links are followed at most 8 times; an
    /// unresolved link is kept.
    pub(crate) fn resolve_style_links(&mut self, styles: &Styles) {
        let mut resolved: HashMap<String, String> = HashMap::new();
        for abs_id in self.num_style_links.keys() {
            let mut cur = abs_id.clone();
            let mut seen = HashSet::new();
            while let Some(style) = self.num_style_links.get(&cur) {
                if !seen.insert(cur.clone()) || seen.len() > 8 {
                    break;
                }
                let via_num = styles
                    .numbering_styles
                    .get(style)
                    .and_then(|num_id| self.nums.get(num_id))
                    .map(|(a, _)| a.clone())
                    .filter(|a| *a != cur);
                let Some(next) = via_num.or_else(|| self.style_links.get(style).cloned()) else {
                    break;
                };
                cur = next;
            }
            let has_levels = self.abstracts.get(&cur).is_some_and(|l| !l.is_empty());
            if cur != *abs_id && has_levels {
                resolved.insert(abs_id.clone(), cur);
            }
        }
        for (abs_id, _) in self.nums.values_mut() {
            if let Some(target) = resolved.get(abs_id) {
                *abs_id = target.clone();
            }
        }
    }

    /// The level a paragraph style is linked to (`w:pStyle` in a `w:lvl`) in the list `num_id`.
    pub(crate) fn style_level(&self, num_id: &str, style: &str) -> Option<u8> {
        let (abs_id, _) = self.nums.get(num_id)?;
        self.level_styles.get(abs_id)?.get(style).copied()
    }

    /// Advances the list counter and renders the label Word would show, e.g. "一、" or "（二）".
    pub(crate) fn render(&mut self, num_id: &str, ilvl: u8) -> Option<NumLabel> {
        let (abs_id, overrides) = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abs_id)?;
        let l = ilvl.min(8) as usize;
        let def = levels.get(l)?.clone();
        let counters = self.counters.entry(abs_id.clone()).or_insert([None; 9]);
        if self.started.insert(num_id.to_owned()) && !overrides.is_empty() {
            for (lv, start) in &overrides {
                if (*lv as usize) < 9 {
                    counters[*lv as usize] = Some(start.saturating_sub(1));
                }
            }
        }
        counters[l] = Some(counters[l].map_or(def.start, |c| c + 1));
        for c in counters.iter_mut().skip(l + 1) {
            *c = None;
        }
        if def.fmt == "bullet" {
            return Some(NumLabel {
                label: def.text.clone(),
                bullet: true,
            });
        }
        if def.fmt == "none" {
            return None;
        }
        let mut label = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let k = d as usize - 1;
                    let kd = levels.get(k).cloned().unwrap_or_default();
                    let value = counters[k].unwrap_or(kd.start);
                    let fmt = if def.is_lgl {
                        "decimal"
                    } else {
                        kd.fmt.as_str()
                    };
                    label.push_str(&format_number(value, fmt));
                }
                _ => label.push(c),
            }
        }
        (!label.is_empty()).then_some(NumLabel {
            label,
            bullet: false,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Body

#[derive(Default)]
struct ParaBuilder {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

struct CellBuilder {
    pos: CellPos,
    text: String,
    continue_merge: bool,
    span: usize,
}

struct TableCtx {
    id: usize,
    row: usize,
    col: usize,
    rows_started: bool,
}

struct Walker<'s, 'p, 'a> {
    styles: &'s Styles,
    numbering: Numbering,
    limits: Limits,
    /// Where altChunk parts are read from (None: chunks are reported unread).
    chunks: Option<ChunkSource<'p, 'a>>,
    warnings: Vec<String>,
    unread_chunks: Vec<String>,
    /// Relationship ids of the altChunks read so far, and of those referenced again.
    chunks_seen: std::collections::HashSet<String>,
    chunks_repeated: std::collections::HashSet<String>,
    out: Vec<RawBlock>,
    paras: Vec<ParaBuilder>,
    cells: Vec<CellBuilder>,
    tables: Vec<TableCtx>,
    next_table: usize,
    skip: usize,
    in_run: usize,
    in_t: bool,
    in_ppr: usize,
    in_tcpr: usize,
    /// The last body paragraph was a Title (or continued one).
    after_title: bool,
}

/// Elements whose whole subtree is not document text: alternate renderings, tracked deletions and
/// moves, old properties, field instructions, and ruby text — the pinyin Word sets above a
/// character (`w:ruby` keeps its `w:rubyBase`: "与安徽省亳州市", not "与安徽省bó亳州市").
const SKIPPED: &[&[u8]] = &[
    b"Fallback",
    b"rt",
    b"del",
    b"moveFrom",
    b"pPrChange",
    b"rPrChange",
    b"tcPrChange",
    b"trPrChange",
    b"tblPrChange",
    b"sectPrChange",
    b"instrText",
    b"delText",
    b"delInstrText",
    b"footnoteReference",
    b"endnoteReference",
];

impl<'s, 'p, 'a> Walker<'s, 'p, 'a> {
    fn new(
        styles: &'s Styles,
        numbering: Numbering,
        limits: Limits,
        chunks: Option<ChunkSource<'p, 'a>>,
    ) -> Self {
        Walker {
            chunks_seen: Default::default(),
            chunks_repeated: Default::default(),
            styles,
            numbering,
            limits,
            chunks,
            warnings: Vec::new(),
            unread_chunks: Vec::new(),
            out: Vec::new(),
            paras: Vec::new(),
            cells: Vec::new(),
            tables: Vec::new(),
            next_table: 0,
            skip: 0,
            in_run: 0,
            in_t: false,
            in_ppr: 0,
            in_tcpr: 0,
            after_title: false,
        }
    }

    fn walk(mut self, part: &str, xml: &[u8]) -> Result<DocxContent> {
        let mut reader = xml_reader(xml);
        let mut guard = DepthGuard::new(part, self.limits.max_xml_depth);
        let mut buf = Vec::new();
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| xml_error(part, e))?;
            guard.track(&ev)?;
            if self.skip > 0 {
                match ev {
                    Event::Start(_) => self.skip += 1,
                    Event::End(_) => self.skip -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            match ev {
                Event::Start(e) | Event::Empty(e)
                    if e.local_name().into_inner().as_bytes() == b"altChunk" =>
                {
                    self.alt_chunk(&e)?
                }
                Event::Start(e) => {
                    if SKIPPED.contains(&e.local_name().into_inner().as_bytes()) {
                        self.skip = 1;
                    } else {
                        self.start(&e, false);
                    }
                }
                Event::Empty(e) => self.start(&e, true),
                Event::End(e) => self.end(e.local_name().into_inner().as_bytes())?,
                Event::Text(t) if self.in_t => {
                    if let Some(p) = self.paras.last_mut() {
                        p.text.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) if self.in_t => {
                    if let Some(p) = self.paras.last_mut() {
                        p.text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) if self.in_t => {
                    if let (Some(p), Some(s)) = (self.paras.last_mut(), resolve_ref(&r)) {
                        p.text.push_str(&s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(DocxContent {
            blocks: self.out,
            warnings: self.warnings,
            unread_chunks: self.unread_chunks,
        })
    }

    /// A `w:altChunk`: the part its r:id names, read at this place in the body (its paragraphs
    /// and tables as blocks, or its lines into the open table cell); a warning when it cannot be
    /// read — the standard asks for "some indication that unknown content was not imported".
    fn alt_chunk(&mut self, e: &BytesStart) -> Result<()> {
        let rid = attr(e, b"id").unwrap_or_default();
        // A chunk is read once: 80,000 references to one small part would otherwise expand into
        // hundreds of thousands of blocks. Word shows a repeated chunk again, so say so.
        if !self.chunks_seen.insert(rid.clone()) {
            if self.chunks_repeated.insert(rid.clone()) {
                self.warnings.push(format!(
                    "嵌入内容（关系{rid}）被多次引用，只在第一次引用处读取"
                ));
            }
            return Ok(());
        }
        let limits = self.limits;
        let loaded = match self.chunks.as_mut() {
            Some(src) => src.load(&rid, limits)?,
            None => Err(Unread {
                part: format!("（关系{rid}）"),
                kind: String::new(),
                reason: "此处不读取嵌入内容".into(),
            }),
        };
        let loaded = match loaded {
            Ok(l) => l,
            Err(u) => {
                self.warnings.push(u.warning());
                self.unread_chunks.push(u.part);
                return Ok(());
            }
        };
        let (blocks, tables) = match loaded.nested {
            Some(nested) => {
                self.warnings.extend(nested.warnings);
                self.unread_chunks.extend(nested.unread_chunks);
                let tables = nested
                    .blocks
                    .iter()
                    .filter_map(|b| b.cell.map(|c| c.table + 1))
                    .max()
                    .unwrap_or(0);
                (nested.blocks, tables)
            }
            None => (loaded.blocks.blocks, loaded.blocks.tables),
        };
        let first_table = self.next_table;
        self.next_table += tables;
        for mut b in blocks {
            if let Some(cell) = self.cells.last_mut() {
                // Inside a table cell the chunk's text joins the cell's, line by line.
                if !b.text.trim().is_empty() {
                    if !cell.text.is_empty() {
                        cell.text.push('\n');
                    }
                    cell.text.push_str(&b.text);
                }
                continue;
            }
            if let Some(c) = b.cell.as_mut() {
                c.table += first_table;
            }
            self.emit(b)?;
        }
        self.after_title = false;
        Ok(())
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        match name.into_inner().as_bytes() {
            b"p" if !empty => self.paras.push(ParaBuilder::default()),
            b"pPr" if !empty => self.in_ppr += 1,
            b"pStyle" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"outlineLvl" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = outline_level(e);
                }
            }
            b"numId" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = attr(e, b"val");
                }
            }
            b"ilvl" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = attr(e, b"val").and_then(|v| v.parse().ok());
                }
            }
            b"r" if !empty => self.in_run += 1,
            b"t" if !empty && self.in_run > 0 => self.in_t = true,
            b"tab" | b"ptab" if self.in_run > 0 && self.in_ppr == 0 => self.push_text("\t"),
            // A page or column break is layout, not a line of text.
            b"br" | b"cr"
                if self.in_run > 0 && attr(e, b"type").is_none_or(|t| t == "textWrapping") =>
            {
                self.push_text("\n")
            }
            b"noBreakHyphen" if self.in_run > 0 => self.push_text("-"),
            b"tbl" if !empty => {
                self.tables.push(TableCtx {
                    id: self.next_table,
                    row: 0,
                    col: 0,
                    rows_started: false,
                });
                self.next_table += 1;
            }
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    if t.rows_started {
                        t.row += 1;
                    }
                    t.rows_started = true;
                    t.col = 0;
                }
            }
            b"tc" if !empty => {
                let pos = self.tables.last().map_or(
                    CellPos {
                        table: 0,
                        row: 0,
                        col: 0,
                    },
                    |t| CellPos {
                        table: t.id,
                        row: t.row,
                        col: t.col,
                    },
                );
                self.cells.push(CellBuilder {
                    pos,
                    text: String::new(),
                    continue_merge: false,
                    span: 1,
                });
            }
            b"tcPr" if !empty => self.in_tcpr += 1,
            b"gridSpan" if self.in_tcpr > 0 => {
                if let Some(c) = self.cells.last_mut() {
                    c.span = attr(e, b"val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            b"vMerge" if self.in_tcpr > 0 => {
                if let Some(c) = self.cells.last_mut() {
                    c.continue_merge = attr(e, b"val").is_none_or(|v| v == "continue");
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<()> {
        match name {
            b"t" => self.in_t = false,
            b"r" => self.in_run = self.in_run.saturating_sub(1),
            b"pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
            b"tcPr" => self.in_tcpr = self.in_tcpr.saturating_sub(1),
            b"p" => {
                if let Some(p) = self.paras.pop() {
                    self.finish_paragraph(p)?;
                }
            }
            b"tc" => {
                if let Some(c) = self.cells.pop() {
                    if let Some(t) = self.tables.last_mut() {
                        t.col += c.span;
                    }
                    let text = c.text.trim_end_matches('\n');
                    if !c.continue_merge && !text.trim().is_empty() {
                        self.emit(RawBlock {
                            text: text.to_owned(),
                            cell: Some(c.pos),
                            ..Default::default()
                        })?;
                    }
                }
            }
            b"tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_paragraph(&mut self, p: ParaBuilder) -> Result<()> {
        let style = self.styles.resolve(p.style.as_deref());
        let num = match (&p.num_id, p.ilvl) {
            (Some(id), l) => Some((id.clone(), l.unwrap_or(0))),
            (None, Some(l)) => style.num.clone().map(|(id, _)| (id, l)),
            (None, None) => style.num.clone(),
        }
        .filter(|(id, _)| !id.is_empty() && id != "0")
        .map(|(id, l)| {
            // A paragraph that states no level of its own takes the level its style is linked to
            // in the list (w:lvl/w:pStyle: Heading 2 → the list's second level).
            let style_id = p.style.as_deref().or(self.styles.default_para.as_deref());
            let linked = style_id
                .filter(|_| p.ilvl.is_none())
                .and_then(|s| self.numbering.style_level(&id, s));
            (id, linked.unwrap_or(l))
        });
        let text_is_empty = p.text.trim().is_empty();
        let label = match num {
            Some((id, l)) if !text_is_empty => self.numbering.render(&id, l),
            _ => None,
        };
        // A line right under a Title whose style only inherits a heading level (pandoc's Author is
        // basedOn heading 1) belongs to the title block, not the outline.
        let in_title_block = style.inherited && p.outline.is_none() && self.after_title;
        let level = match p.outline {
            Some(0) => None,
            Some(l) => Some(l),
            None if in_title_block => None,
            None => style.level,
        };
        if !text_is_empty && self.paras.is_empty() && self.cells.is_empty() {
            self.after_title = (style.title && p.outline.is_none()) || in_title_block;
        }
        let inside_text_box = !self.paras.is_empty();
        if !inside_text_box {
            if let Some(cell) = self.cells.last_mut() {
                if !text_is_empty {
                    if !cell.text.is_empty() {
                        cell.text.push('\n');
                    }
                    if let Some(l) = &label {
                        if !l.bullet {
                            cell.text.push_str(&l.label);
                        }
                    }
                    cell.text.push_str(&p.text);
                }
                return Ok(());
            }
        }
        if text_is_empty {
            return Ok(());
        }
        let text = match &label {
            Some(l) if !l.bullet => format!("{}{}", l.label, p.text),
            _ => p.text,
        };
        self.emit(RawBlock {
            text,
            cell: None,
            style_level: level,
            title_style: style.title && p.outline.is_none(),
            numbering: label,
        })
    }

    fn emit(&mut self, b: RawBlock) -> Result<()> {
        if self.out.len() >= self.limits.max_blocks {
            return Err(ExtractError::TooMany {
                what: "blocks",
                limit: self.limits.max_blocks,
            });
        }
        self.out.push(b);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_names() {
        assert_eq!(style_name_level("heading 1"), NameLevel::Heading(1));
        assert_eq!(style_name_level("Heading 3"), NameLevel::Heading(3));
        assert_eq!(style_name_level("标题 2"), NameLevel::Heading(2));
        assert_eq!(style_name_level("标题"), NameLevel::Title);
        assert_eq!(style_name_level("章标题"), NameLevel::Heading(1));
        assert_eq!(style_name_level("一级条标题"), NameLevel::Heading(2));
        assert_eq!(style_name_level("二级标题"), NameLevel::Heading(2));
        assert_eq!(style_name_level("Normal"), NameLevel::None);
        assert_eq!(style_name_level("heading 10"), NameLevel::None);
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "japaneseCounting"), "十二");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(5, "decimal"), "5");
        assert_eq!(format_number(11, "chineseLegalSimplified"), "拾壹");
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    /// A .docx package of the given parts (stored, not compressed).
    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, bytes) in parts {
                z.start_file(*name, o).expect("zip");
                z.write_all(bytes).expect("zip");
            }
            z.finish().expect("zip");
        }
        buf.into_inner()
    }

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{inner}</w:body></w:document>"#
        )
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn rels(entries: &[(&str, &str)]) -> String {
        let mut s = String::from(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, target) in entries {
            s.push_str(&format!(r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="{target}"/>"#));
        }
        s.push_str("</Relationships>");
        s
    }

    /// A .docx whose body `xml` refers to altChunk parts: the content types, the document, its
    /// relationships (id → target under word/) and the `parts` themselves.
    fn with_chunks(xml: &str, targets: &[(&str, &str)], parts: &[(&str, &[u8])]) -> Vec<u8> {
        let rels = rels(targets);
        let mut all: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", TYPES.as_bytes()),
            ("word/document.xml", xml.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
        ];
        all.extend_from_slice(parts);
        package(&all)
    }

    const TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="html" ContentType="text/html"/><Default Extension="rtf" ContentType="application/rtf"/><Default Extension="mht" ContentType="message/rfc822"/></Types>"#;

    fn texts(blocks: &[RawBlock]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn ruby_keeps_the_base_text() {
        let xml = body(
            r#"<w:p><w:r><w:t>与安徽省</w:t></w:r><w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="16"/></w:rubyPr><w:rt><w:r><w:t>bó</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>亳</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>州市</w:t></w:r></w:p>"#,
        );
        let bytes = package(&[("word/document.xml", xml.as_bytes())]);
        let blocks = read(&bytes, Limits::default()).expect("reads");
        assert_eq!(texts(&blocks), vec!["与安徽省亳州市"]);
    }

    const LIST_STYLE_NUMBERING: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="GongwenList"/></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:styleLink w:val="GongwenList"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;

    fn labels(numbering: &mut Numbering, items: &[(&str, u8)]) -> Vec<String> {
        items
            .iter()
            .map(|(id, l)| {
                numbering
                    .render(id, *l)
                    .map(|n| n.label)
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn num_style_link_reaches_the_list_style_levels() {
        let styles_xml = r#"<w:styles xmlns:w="w"><w:style w:type="numbering" w:styleId="GongwenList"><w:name w:val="公文编号"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let styles = Styles::parse(styles_xml.as_bytes(), Limits::default()).expect("styles");
        assert_eq!(
            styles
                .numbering_styles
                .get("GongwenList")
                .map(String::as_str),
            Some("2")
        );
        assert!(!styles.map.contains_key("GongwenList"));
        let mut n = Numbering::parse(LIST_STYLE_NUMBERING.as_bytes(), Limits::default())
            .expect("numbering");
        assert_eq!(n.render("1", 0), None, "unresolved: no levels");
        let mut n2 = Numbering::parse(LIST_STYLE_NUMBERING.as_bytes(), Limits::default())
            .expect("numbering");
        n2.resolve_style_links(&styles);
        assert_eq!(
            labels(
                &mut n2,
                &[("1", 0), ("1", 1), ("1", 1), ("1", 0), ("1", 1), ("1", 2)]
            ),
            vec!["一、", "（一）", "（二）", "二、", "（一）", "1."]
        );
        // Without the numbering style, the abstractNum that names the style in w:styleLink serves.
        n.resolve_style_links(&Styles::default());
        assert_eq!(labels(&mut n, &[("1", 0)]), vec!["一、"]);
    }

    #[test]
    fn style_links_that_loop_or_lead_nowhere_are_kept() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="A"/></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="B"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let styles_xml = r#"<w:styles xmlns:w="w"><w:style w:type="numbering" w:styleId="A"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style><w:style w:type="numbering" w:styleId="B"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let styles = Styles::parse(styles_xml.as_bytes(), Limits::default()).expect("styles");
        let mut n = Numbering::parse(xml.as_bytes(), Limits::default()).expect("numbering");
        n.resolve_style_links(&styles);
        assert_eq!(n.render("1", 0), None);
        assert_eq!(n.render("2", 0), None);
    }

    #[test]
    fn numbering_through_paragraph_styles_and_linked_levels() {
        // Heading styles carry the list in their pPr (numbering via style); the list's levels name
        // the heading styles in w:pStyle, so Heading2 needs no w:ilvl of its own.
        let styles_xml = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="H1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#;
        let numbering_xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="H1"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="H2"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#;
        let p = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = body(&format!(
            "{}{}{}{}",
            p("H1", "总体要求"),
            p("H2", "指导思想"),
            p("H2", "试点目标"),
            p("H1", "重点任务")
        ));
        let bytes = package(&[
            ("word/document.xml", xml.as_bytes()),
            ("word/styles.xml", styles_xml.as_bytes()),
            ("word/numbering.xml", numbering_xml.as_bytes()),
        ]);
        let blocks = read(&bytes, Limits::default()).expect("reads");
        assert_eq!(
            texts(&blocks),
            vec![
                "一、总体要求",
                "（一）指导思想",
                "（二）试点目标",
                "二、重点任务"
            ]
        );
        let levels: Vec<_> = blocks.iter().map(|b| b.style_level).collect();
        assert_eq!(levels, vec![Some(1), Some(2), Some(2), Some(1)]);
    }

    #[test]
    fn html_chunk_read_in_place_and_in_a_cell() {
        let xml = body(&format!(
            r#"{}<w:altChunk r:id="rId1"/>{}<w:tbl><w:tr><w:tc><w:p/><w:altChunk r:id="rId2"/></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            para("标题"),
            para("落款"),
            para("右格")
        ));
        let html = "<html><body><h1>一、总体情况</h1><p>正文一。</p><table><tr><td>指标</td><td>数值</td></tr></table></body></html>";
        let bytes = with_chunks(
            &xml,
            &[("rId1", "chunks/a.html"), ("rId2", "/word/b.html")],
            &[
                ("word/chunks/a.html", html.as_bytes()),
                ("word/b.html", "<p>格内一</p><p>格内二</p>".as_bytes()),
            ],
        );
        let c = read_with_warnings(&bytes, Limits::default()).expect("reads");
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            texts(&c.blocks),
            vec![
                "标题",
                "一、总体情况",
                "正文一。",
                "指标",
                "数值",
                "落款",
                "格内一\n格内二",
                "右格"
            ]
        );
        assert_eq!(c.blocks[1].style_level, Some(1));
        let cells: Vec<_> = c
            .blocks
            .iter()
            .filter_map(|b| b.cell.map(|p| (p.table, p.row, p.col)))
            .collect();
        // The chunk's table is table 0, the document's own table after it is table 1.
        assert_eq!(cells, vec![(0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)]);
    }

    #[test]
    fn unreadable_chunks_are_named_never_silent() {
        let xml = body(&format!(
            r#"{}<w:altChunk r:id="rtf"/><w:altChunk r:id="gone"/><w:altChunk r:id="nothere"/>"#,
            para("正文")
        ));
        let bytes = with_chunks(
            &xml,
            &[("rtf", "afchunk.rtf"), ("gone", "missing.html")],
            &[("word/afchunk.rtf", br"{\rtf1\ansi hello}")],
        );
        let c = read_with_warnings(&bytes, Limits::default()).expect("reads");
        assert_eq!(texts(&c.blocks), vec!["正文"]);
        assert_eq!(c.warnings.len(), 3, "{:?}", c.warnings);
        assert!(c.warnings[0].contains("word/afchunk.rtf") && c.warnings[0].contains("RTF"));
        assert!(c.warnings[1].contains("word/missing.html"));
        assert!(c.warnings[2].contains("nothere"));
        assert_eq!(c.unread_chunks[0], "word/afchunk.rtf");

        // A body that is only an unreadable chunk is not "blank": the error names the chunk.
        let xml = body(r#"<w:altChunk r:id="rtf"/>"#);
        let bytes = with_chunks(
            &xml,
            &[("rtf", "afchunk.rtf")],
            &[("word/afchunk.rtf", br"{\rtf1\ansi hello}")],
        );
        let e = read(&bytes, Limits::default()).expect_err("unsupported");
        assert!(
            matches!(&e, ExtractError::Unsupported(w) if w.contains("word/afchunk.rtf")),
            "{e}"
        );
    }

    #[test]
    fn chunk_over_the_part_cap_is_a_warning() {
        let xml = body(&format!(r#"{}<w:altChunk r:id="big"/>"#, para("正文")));
        let big = format!("<p>{}</p>", "字".repeat(200_000));
        let bytes = with_chunks(
            &xml,
            &[("big", "big.html")],
            &[("word/big.html", big.as_bytes())],
        );
        let limits = Limits {
            max_part_bytes: 100_000,
            ..Limits::default()
        };
        let c = read_with_warnings(&bytes, limits).expect("reads");
        assert_eq!(texts(&c.blocks), vec!["正文"]);
        assert!(c.warnings[0].contains("word/big.html"), "{:?}", c.warnings);
        // The block cap holds across chunks as in the rest of the document.
        let many = "<p>段</p>".repeat(50);
        let bytes = with_chunks(
            &xml,
            &[("big", "big.html")],
            &[("word/big.html", many.as_bytes())],
        );
        let limits = Limits {
            max_blocks: 20,
            ..Limits::default()
        };
        assert!(matches!(
            read(&bytes, limits),
            Err(ExtractError::TooMany { .. })
        ));
    }

    #[test]
    fn nested_docx_chunk_one_level_deep() {
        let inner_inner = package(&[("word/document.xml", body(&para("最里层")).as_bytes())]);
        let inner_xml = body(&format!(r#"{}<w:altChunk r:id="c"/>"#, para("内层正文")));
        let inner = package(&[
            ("word/document.xml", inner_xml.as_bytes()),
            (
                "word/_rels/document.xml.rels",
                rels(&[("c", "sub.docx")]).as_bytes(),
            ),
            ("word/sub.docx", &inner_inner),
        ]);
        let xml = body(&format!(r#"{}<w:altChunk r:id="c"/>"#, para("外层正文")));
        let bytes = package(&[
            ("word/document.xml", xml.as_bytes()),
            (
                "word/_rels/document.xml.rels",
                rels(&[("c", "sub.docx")]).as_bytes(),
            ),
            ("word/sub.docx", &inner),
        ]);
        let c = read_with_warnings(&bytes, Limits::default()).expect("reads");
        assert_eq!(texts(&c.blocks), vec!["外层正文", "内层正文"]);
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].contains("层级过深"));
    }

    #[test]
    fn nested_docx_draws_on_the_parent_package_budget() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("word/document.xml", o).expect("zip");
            z.write_all(body(&para(&"字".repeat(100_000))).as_bytes())
                .expect("zip");
            z.finish().expect("zip");
        }
        let inner = buf.into_inner();
        assert!(inner.len() < 20_000);
        let xml = body(&format!(r#"{}<w:altChunk r:id="c"/>"#, para("外层正文")));
        let bytes = package(&[
            ("word/document.xml", xml.as_bytes()),
            (
                "word/_rels/document.xml.rels",
                rels(&[("c", "sub.docx")]).as_bytes(),
            ),
            ("word/sub.docx", &inner),
        ]);
        // 300 KB inside the nested package; the whole file may decompress 200 KB.
        let limits = Limits {
            max_package_bytes: 200_000,
            ..Limits::default()
        };
        let c = read_with_warnings(&bytes, limits).expect("reads");
        assert_eq!(texts(&c.blocks), vec!["外层正文"]);
        assert!(c.warnings[0].contains("word/sub.docx"), "{:?}", c.warnings);
        assert_eq!(
            read_with_warnings(&bytes, Limits::default())
                .expect("reads")
                .blocks
                .len(),
            2
        );
    }

    #[test]
    fn hostile_chunks_never_panic() {
        let xml = body(r#"<w:altChunk r:id="c"/>"#);
        let inputs: Vec<(&str, Vec<u8>)> = vec![
            (
                "c.mht",
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"".to_vec(),
            ),
            ("c.mht", b"\xff\xfe\x00garbage".to_vec()),
            ("c.html", vec![0xff; 1000]),
            (
                "c.html",
                b"<table><td rowspan=0 colspan=-5><tr><li value=x><ol start=99999999999>".to_vec(),
            ),
            ("c.bin", b"PK\x03\x04broken".to_vec()),
        ];
        for (name, chunk) in inputs {
            let bytes = with_chunks(&xml, &[("c", name)], &[(&format!("word/{name}"), &chunk)]);
            // Either blocks, or an error naming the chunk; never a panic.
            if let Err(e) = read_with_warnings(&bytes, Limits::default()) {
                assert!(matches!(e, ExtractError::Unsupported(_)), "{name}: {e}");
            }
        }
    }
}
