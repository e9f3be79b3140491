//! Word .docx extraction: paragraphs and tables in reading order, straight from word/document.xml
//! (zip + quick-xml, every size capped), with heading levels from outline levels and the style chain,
//! and list labels rendered from numbering.xml — 公文 files made from templates carry 一、/（一）
//! only there. docx-rs resolves neither, and the stream is lighter (STACK-NOTES.md).

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use crate::document::model::CellPos;
use crate::document::structure::{NumLabel, RawBlock};
use crate::error::{ExtractError, Result};
use crate::profile::limits::Limits;
use crate::read::ooxml::{attr, resolve_ref, xml_error, xml_reader, DepthGuard, Package};

/// Reads a .docx into raw blocks (headings not yet decided).
pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<RawBlock>> {
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
    let numbering = match pkg.read(&format!("{base}/numbering.xml"))? {
        Some(x) => Numbering::parse(&x, limits)?,
        None => Numbering::default(),
    };
    let doc = pkg
        .read(&main)?
        .ok_or_else(|| ExtractError::MissingPart(main.clone()))?;
    Walker::new(&styles, numbering, limits).walk(&main, &doc)
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
                            if is_para && !empty {
                                cur = Some((id, StyleInfo::default()));
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
                    b"style" => {
                        if let Some((id, info)) = cur.take() {
                            styles.map.insert(id, info);
                        }
                    }
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
                        b"lvl" if abs.is_some() => {
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
                        if let (Some((i, l)), Some((_, levels))) = (lvl.take(), abs.as_mut()) {
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

/// Renders a list counter in a numFmt of WordprocessingML.
pub fn format_number(n: u32, fmt: &str) -> String {
    use crate::document::text::to_chinese_number;
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "ideographDigital" => to_chinese_number(n),
        "chineseLegalSimplified" => to_chinese_number(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                o => o,
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n.max(1) - 1) as usize % 10)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" | "upperLetter" => {
            let base = if fmt == "lowerLetter" { b'a' } else { b'A' };
            let letter = (base + ((n.max(1) - 1) % 26) as u8) as char;
            letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize)
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
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

struct Walker<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    limits: Limits,
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
/// moves, old properties, field instructions.
const SKIPPED: &[&[u8]] = &[
    b"Fallback",
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

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles, numbering: Numbering, limits: Limits) -> Self {
        Walker {
            styles,
            numbering,
            limits,
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

    fn walk(mut self, part: &str, xml: &[u8]) -> Result<Vec<RawBlock>> {
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
        Ok(self.out)
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
        .filter(|(id, _)| !id.is_empty() && id != "0");
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
}
