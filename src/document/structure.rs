//! Decides which blocks are headings, at what level, and builds the section tree. Format-independent:
//! the docx reader supplies style levels and rendered numbering labels; every reader supplies text,
//! whose typed 公文 numbering (一、 > （一） > 1. / 1、 > （1） > ①) is read here. Whatever mechanism a
//! writer used, the same report gives the same tree.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use regex::Regex;

use crate::document::model::{Block, BlockKind, CellPos, SectionNode};
use crate::document::text::{despace, fold_width};

/// A label Word renders from numbering.xml in front of a paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumLabel {
    pub label: String,
    pub bullet: bool,
}

/// A block as a reader found it, before heading decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawBlock {
    /// Full text, with any rendered numbering label already in front.
    pub text: String,
    pub cell: Option<CellPos>,
    /// Heading level stated by the file (outline level or heading style).
    pub style_level: Option<u8>,
    /// The paragraph has a Title style.
    pub title_style: bool,
    pub numbering: Option<NumLabel>,
}

impl RawBlock {
    pub fn paragraph(text: impl Into<String>) -> Self {
        RawBlock {
            text: text.into(),
            ..Default::default()
        }
    }
}

/// A document as a reader would hand it on, from lines of text (one paragraph each) structured
/// here: for unit tests of the checks that read documents.
#[cfg(test)]
pub(crate) fn document_of(
    path: &str,
    kind: crate::document::model::DocKind,
    lines: &[&str],
) -> crate::document::model::Document {
    let s = structure(lines.iter().map(|l| RawBlock::paragraph(*l)).collect());
    crate::document::model::Document {
        ocr: false,
        warnings: Vec::new(),
        path: path.into(),
        format: crate::document::model::Format::Docx,
        kind,
        kind_reason: String::new(),
        title: s.title,
        blocks: s.blocks,
        sections: s.sections,
        workbook: None,
    }
}

/// The outcome of structure analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Structured {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub sections: Vec<SectionNode>,
}

/// Rank of a 公文 label: only the order matters. Lower ranks are higher levels.
pub type Rank = u8;

/// A 公文 numbering label at the start of a text: its rank, its length in characters, and whether a
/// label of that kind serves as a heading at all (1） and bare list markers do not).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label {
    pub rank: Rank,
    pub chars: usize,
    pub heading_capable: bool,
}

/// Rank of a decimal label with one dot (1.1); 1.1.1 is one deeper, and a bare "1 " one higher.
const DECIMAL_RANK: Rank = 32;

fn label_patterns() -> &'static [(Regex, Rank, bool)] {
    static P: OnceLock<Vec<(Regex, Rank, bool)>> = OnceLock::new();
    P.get_or_init(|| {
        let cn = "[一二三四五六七八九十]{1,3}";
        let mk = |re: String, rank, heading| {
            (
                Regex::new(&re).expect("label pattern is valid"),
                rank,
                heading,
            )
        };
        vec![
            mk(format!(r"^第{cn}(?:部分|章|篇)[ 、:：]*"), 0, true),
            mk(format!(r"^第{cn}节[ 、:：]*"), 5, true),
            // Text copied out of a PDF may space a label out: "一 、 总体要求", "（ 一 ） 组 织 保 障".
            mk(format!(r"^{cn} ?[、.][ ]*"), 10, true),
            // "一 产融合作基础": a space instead of 、.
            mk(format!(r"^{cn} +"), 10, true),
            mk(format!(r"^\( ?{cn} ?\)[、. ]*"), 20, true),
            // 1.1 / 1.1.1: one rank deeper for each part (see `parse_label`).
            mk(
                r"^\d{1,2}(?:\.\d{1,2}){1,3}[ \t]+".into(),
                DECIMAL_RANK,
                true,
            ),
            mk(r"^\d{1,2}[、.][ ]*".into(), 30, true),
            // "1　产融合作基础": a bare chapter number before 1.1, or a point under （一）.
            mk(r"^\d{1,2} +".into(), DECIMAL_RANK - 1, true),
            mk(r"^\(\d{1,2}\)[、. ]*".into(), 40, true),
            mk(r"^\d{1,2}\)[ ]*".into(), 45, false),
            mk(r"^[\u{2460}-\u{2473}][、. ]*".into(), 50, true),
        ]
    })
}

/// Reads the 公文 label at the start of `text`, if any. A label may be followed by a year or a number
/// ("一、2011年工作回顾", "（二）2024年重点任务", "1.2023年……"); only "N." run straight into more digits and a
/// unit is a decimal number, not a label ("1.5亿元", "2.3万户", "12.5%"), and "2023年" carries none.
pub fn parse_label(text: &str) -> Option<Label> {
    let folded = fold_width(text.trim_start());
    let lead = text.chars().count() - text.trim_start().chars().count();
    for (re, rank, heading) in label_patterns() {
        if let Some(m) = re.find(&folded) {
            let label = &folded[..m.end()];
            let after = &folded[m.end()..];
            if label.ends_with('.') && is_decimal_tail(after) {
                return None;
            }
            // "一、二、三产业结构……": numerals listed, not a label.
            if *rank == 10 && enumerates_numerals(after) {
                return None;
            }
            // A label set off by a space alone: a title follows, not letter-spaced text ("三 年 来")
            // or an amount ("3 家企业").
            if label.ends_with(' ') && !label.contains(['、', '.', ')']) {
                let mut next = after.chars();
                let spaced = next.nth(1).is_some_and(|c| c == ' ');
                // "1 制造业贷款余额（亿元） 612.4 688.9": a table row typed as text.
                let row = after
                    .split(' ')
                    .skip(1)
                    .any(|f| f.starts_with(|c: char| c.is_ascii_digit()));
                if spaced || row || after.is_empty() || starts_with_unit(after) {
                    return None;
                }
            }
            let rank = if *rank == DECIMAL_RANK {
                DECIMAL_RANK + label.trim_end().matches('.').count() as Rank - 1
            } else {
                *rank
            };
            let chars = label.chars().count();
            return Some(Label {
                rank,
                chars: chars + lead,
                heading_capable: *heading,
            });
        }
    }
    None
}

/// "二、三产业", "二、三级": a Chinese numeral and 、 again right after a label.
fn enumerates_numerals(after: &str) -> bool {
    let mut it = after.chars();
    matches!(
        it.next(),
        Some('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
    ) && it.next() == Some('、')
}

/// Whether the text right after "N." continues a decimal number: digits then a unit or more of
/// the number ("5亿元", "3万户", "5%", "25.6"). A year ("2023年") or a term ("5G") is not.
fn is_decimal_tail(after: &str) -> bool {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let rest = &after[digits..];
    if digits == 4 && rest.starts_with('年') {
        return false;
    }
    rest.is_empty() || rest.starts_with(['.', ',', '%', '‰']) || starts_with_unit(rest)
}

/// Units and measure words that follow a number in Chinese reports (not 月 or 日: a date is no amount).
const UNITS: &[&str] = &[
    "亿", "万", "千", "百", "元", "倍", "个", "家", "户", "人", "名", "项", "次", "笔", "件", "条",
    "台", "辆", "座", "所", "只", "张", "公里", "千米", "米", "平方", "吨", "亩", "天", "小时",
    "年", "岁", "度", "兆",
];

fn starts_with_unit(s: &str) -> bool {
    UNITS.iter().any(|u| s.starts_with(u))
}

/// A number with a unit in `chars` ("2亿元", "300条", "15%"), not a year ("2024年").
fn has_quantity(chars: &[char]) -> bool {
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',')
            {
                i += 1;
            }
            let rest: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let year = i - start == 4 && rest.starts_with('年');
            if !year && (rest.starts_with(['%', '‰']) || starts_with_unit(&rest)) {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// The most characters after its label that a heading line may have.
const MAX_HEADING_CHARS: usize = 40;
/// The most characters before a run-in heading's full stop ("1.加强组织领导。成立……").
const MAX_RUN_IN_CHARS: usize = 36;
/// A run-in lead with commas ("（四）做好保障，落实经费。……") reads as a heading only when the text after it is
/// at least this many times longer: a short second sentence means the line is two sentences of a list.
const RUN_IN_TAIL_RATIO: usize = 2;

/// How a labelled paragraph reads.
#[derive(Debug, PartialEq)]
enum LabelledShape {
    Heading,
    /// A run-in heading: split after this many characters.
    RunIn(usize),
    /// A short labelled sentence standing alone ("（1）建设精品道路300条。"): a heading when body text
    /// follows it, an item when it is one of a list of such sentences.
    Sentence,
    /// An item of a list ("1.建立企业融资需求清单；").
    Item,
    Body,
}

/// Judges a labelled paragraph by its length and sentence shape, never by the character after the
/// label: "一、2011年工作回顾" is a heading, "1.2023年全市实现地区生产总值1234亿元，同比增长5.2%……" is not.
fn labelled_shape(text: &str, label: &Label) -> LabelledShape {
    let chars: Vec<char> = text.trim_end().chars().collect();
    let rest: Vec<char> = chars[label.chars.min(chars.len())..]
        .iter()
        .copied()
        .skip_while(|c| c.is_whitespace())
        .collect();
    if rest.is_empty() {
        return LabelledShape::Body;
    }
    let last = rest.len() - 1;
    // "2.规模以上工业增加值：2023年完成338.2亿元；": a line ending in "；" is an item of a list.
    if matches!(rest[last], '；' | ';') && !rest.contains(&'。') {
        return LabelledShape::Item;
    }
    // The lead of a run-in heading ends at a full stop or a colon; "3.8:52.1" is a ratio.
    // A colon inside brackets belongs to a note: "（牵头单位：市工业和信息化局）".
    let mut depth = 0usize;
    let inside: Vec<bool> = rest
        .iter()
        .map(|c| {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth > 0
        })
        .collect();
    let stop = (0..rest.len()).find(|&i| match rest[i] {
        '。' => true,
        '：' => !inside[i],
        ':' => {
            // "3.8:52.1" is a ratio.
            let ratio = i > 0
                && rest[i - 1].is_ascii_digit()
                && rest.get(i + 1).is_some_and(char::is_ascii_digit);
            !inside[i] && !ratio
        }
        _ => false,
    });
    let run_in = stop.and_then(|p| {
        let head = &rest[..p];
        let tail = rest[p + 1..].iter().filter(|c| !c.is_whitespace()).count();
        let commas = head
            .iter()
            .filter(|c| matches!(c, '，' | ',' | '、'))
            .count();
        let clean = commas == 0;
        let phrase = !head.iter().any(|c| matches!(c, '；' | ';')) && !has_quantity(head);
        let long_tail = tail >= 8 && (clean || tail >= RUN_IN_TAIL_RATIO * p.max(10));
        (p > 0 && p <= MAX_RUN_IN_CHARS && phrase && commas <= 2 && long_tail)
            .then(|| label.chars + (chars.len() - label.chars - rest.len()) + p + 1)
    });
    // "1.组织保障：成立……。": a colon lead is a run-in heading however short the line — unless what
    // follows the colon is a subtitle, a short phrase with no punctuation ("一、为什么干：试点的基础和条件").
    if let (Some(at), Some(p)) = (run_in, stop) {
        let tail = &rest[p + 1..];
        let subtitle = tail.len() <= 16
            && !tail
                .iter()
                .any(|c| matches!(c, '。' | '；' | '，' | ';' | ',' | '！' | '？'));
        if matches!(rest[p], '：' | ':') && !subtitle {
            return LabelledShape::RunIn(at);
        }
    }
    let inner_stop = rest[..last]
        .iter()
        .any(|c| matches!(c, '。' | '；' | ';' | '！' | '？'));
    if rest.len() <= MAX_HEADING_CHARS && !inner_stop {
        return match rest[last] {
            '；' | ';' | '，' | ',' | '、' => LabelledShape::Item,
            '。' | '！' | '？' => LabelledShape::Sentence,
            _ => LabelledShape::Heading,
        };
    }
    if let Some(p) = stop {
        // "13.推进……创建。（牵头单位：区交通委）": a sentence with its note, not a heading and its text.
        let after: String = rest[p + 1..].iter().collect();
        let after = after.trim();
        if rest[p] == '。'
            && p <= MAX_HEADING_CHARS
            && after.starts_with(['（', '('])
            && after.ends_with(['）', ')'])
        {
            return LabelledShape::Sentence;
        }
    }
    if let Some(at) = run_in {
        return LabelledShape::RunIn(at);
    }
    LabelledShape::Body
}

/// A block after classification, before levels are assigned.
struct Classified {
    text: String,
    kind: BlockKind,
    cell: Option<CellPos>,
    style_level: Option<u8>,
    rank: Option<Rank>,
    title_style: bool,
    /// A short labelled sentence ([`LabelledShape::Sentence`]) awaiting its neighbours' verdict.
    sentence: bool,
}

impl Classified {
    fn plain(text: String, kind: BlockKind, cell: Option<CellPos>) -> Classified {
        Classified {
            text,
            kind,
            cell,
            style_level: None,
            rank: None,
            title_style: false,
            sentence: false,
        }
    }

    fn heading(text: String, rank: Option<Rank>, style_level: Option<u8>) -> Classified {
        Classified {
            kind: BlockKind::Heading,
            style_level,
            rank,
            ..Classified::plain(text, BlockKind::Heading, None)
        }
    }
}

/// "附件：", "附件:", "附件：1.……", "附表：1.……", "注：1.……": the line that opens a 公文's list of
/// attachments or of notes, whose numbered lines are items, not sections.
fn is_attachment_list_head(text: &str) -> bool {
    let t = fold_width(text.trim());
    ["附件", "附表", "附图", "注", "备注"].iter().any(|head| {
        t.starts_with(head) && t.chars().count() <= 80 && {
            let rest = t[head.len()..].trim_start();
            rest.starts_with(':') || rest.is_empty()
        }
    })
}

/// Decides the short labelled sentences: one standing alone with body text after it is a heading
/// ("（一）加强组织领导。" then its paragraph); two or more in a row, one with no body text after it, or
/// one after a line ending in "；", are items of a list ("（1）建设精品道路300条。" "（2）推进……。").
fn settle_sentences(items: &mut [Classified]) {
    let mut i = 0;
    while i < items.len() {
        if !items[i].sentence {
            i += 1;
            continue;
        }
        let rank = items[i].rank;
        let mut j = i + 1;
        while j < items.len() && items[j].sentence && items[j].rank == rank {
            j += 1;
        }
        let body_follows = items.get(j).is_some_and(|n| {
            n.kind == BlockKind::Paragraph
                && n.cell.is_none()
                && parse_label(&n.text).is_none()
                && n.text.chars().count() > items[i].text.chars().count()
        });
        // Points of a deeper rank after it ("（二）金融产品服务持续创新。" then "1.推出……"): its own.
        let points_follow = items
            .get(j)
            .and_then(|n| parse_label(&n.text))
            .is_some_and(|l| rank.is_some_and(|r| l.rank > r));
        // "…；" before it: the last item of a list, not a heading.
        let ends_list = i > 0 && items[i - 1].text.trim_end().ends_with(['；', ';']);
        let heading = j == i + 1 && (body_follows || points_follow) && !ends_list;
        for it in &mut items[i..j] {
            it.sentence = false;
            if !heading {
                it.kind = BlockKind::ListItem;
                it.rank = None;
            }
        }
        i = j;
    }
}

/// Rank given to a bare chapter heading: that of 一、.
const CHAPTER_RANK: Rank = 10;
/// Endings of lines that sign or title a 公文 rather than open a chapter: 局, 办公室, 方案 …
const NOT_CHAPTER_ENDINGS: &[&str] = &[
    "局",
    "委",
    "厅",
    "办",
    "政府",
    "办公室",
    "委员会",
    "中心",
    "公司",
    "银行",
    "街道",
    "办事处",
    "处",
    "部",
    "院",
    "会",
    "所",
    "附件",
    "目录",
    "抄送",
    "特此通知",
];

/// A document that numbers none of its chapters (no 一、, no styled heading) may still open them with
/// bare short lines ("总体要求", "工作安排") above its （一） points: such lines, standing between body
/// paragraphs and followed by text or a （一） point, are chapter headings. Two at least, so a single
/// short line (a signature, a caption) never becomes one.
fn promote_bare_chapters(items: &mut [Classified]) {
    let numbered = items.iter().any(|i| {
        i.kind == BlockKind::Heading
            && (i.style_level.is_some() || i.rank.is_some_and(|r| r <= CHAPTER_RANK))
    });
    if numbered {
        return;
    }
    let bare = |i: &Classified| {
        let t = i.text.trim();
        let n = t.chars().count();
        i.kind == BlockKind::Paragraph
            && i.cell.is_none()
            && !i.title_style
            && (2..=12).contains(&n)
            && t.chars()
                .all(|c| crate::document::text::is_han(c) || matches!(c, '“' | '”'))
            && !TITLE_ENDINGS
                .iter()
                .chain(NOT_CHAPTER_ENDINGS)
                .any(|e| t.ends_with(e))
    };
    let candidates: Vec<usize> = (1..items.len().saturating_sub(1))
        .filter(|&k| {
            let prev = &items[k - 1];
            let next = &items[k + 1];
            let text =
                |i: &Classified| matches!(i.kind, BlockKind::Paragraph | BlockKind::ListItem);
            let after_body = text(prev) && prev.text.trim_end().ends_with(['。', '；', '：', '！']);
            let before_text = (text(next)
                && next.text.chars().count() > items[k].text.chars().count() * 3)
                || next.kind == BlockKind::Heading && next.rank.is_some_and(|r| r > CHAPTER_RANK);
            bare(&items[k]) && after_body && before_text
        })
        .collect();
    if candidates.len() >= 2 {
        for k in candidates {
            items[k].kind = BlockKind::Heading;
            items[k].rank = Some(CHAPTER_RANK);
        }
    }
}

/// Classifies raw blocks, splits run-in headings, assigns levels and builds the tree.
pub fn structure(raw: Vec<RawBlock>) -> Structured {
    let mut items: Vec<Classified> = Vec::with_capacity(raw.len());
    let mut attachment_list = false;
    for b in raw {
        // "附件：" opens the list of attachments: its numbered lines name files, not sections.
        let opens_list = b.cell.is_none() && is_attachment_list_head(&b.text);
        let listed = attachment_list && b.cell.is_none() && parse_label(&b.text).is_some();
        if listed {
            items.push(Classified::plain(b.text, BlockKind::ListItem, None));
        } else {
            classify(b, &mut items);
        }
        attachment_list = opens_list || listed;
    }
    settle_sentences(&mut items);
    promote_bare_chapters(&mut items);
    assign_levels(&mut items);
    let title = find_title(&items);
    let mut blocks = Vec::with_capacity(items.len());
    let mut path: Vec<(u8, String)> = Vec::new();
    for (index, it) in items.into_iter().enumerate() {
        let level = if it.kind == BlockKind::Heading {
            it.style_level
        } else {
            None
        };
        if let Some(l) = level {
            while path.last().is_some_and(|(pl, _)| *pl >= l) {
                path.pop();
            }
            path.push((l, heading_title(&it.text)));
        }
        blocks.push(Block {
            index,
            kind: it.kind,
            level,
            text: it.text,
            section: path.iter().map(|(_, t)| t.clone()).collect(),
            table: it.cell,
        });
    }
    let sections = build_tree(&blocks);
    Structured {
        title,
        blocks,
        sections,
    }
}

/// A table-of-contents line ("1.2 产品范围<tab>3", "一、总体情况……3"): it repeats a heading with its
/// page number and must not open a section of its own.
fn is_toc_entry(text: &str) -> bool {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:\t|[.．·…。\-—_]{4,}|…{2,})\s*[0-9]{1,4}\s*$").expect("valid regex")
    })
    .is_match(text)
}

/// A heading as it appears in section paths: the original text, whitespace squashed.
fn heading_title(text: &str) -> String {
    crate::document::text::squash_spaces(text)
}

fn classify(b: RawBlock, out: &mut Vec<Classified>) {
    let text = b.text;
    if b.cell.is_some() {
        out.push(Classified::plain(text, BlockKind::TableCell, b.cell));
        return;
    }
    let label = parse_label(&text).filter(|_| !is_toc_entry(&text));
    let plain = |text: String, kind| Classified {
        title_style: b.title_style,
        ..Classified::plain(text, kind, None)
    };
    if let Some(level) = b.style_level.filter(|_| !is_toc_entry(&text)) {
        if text.chars().count() <= 200 {
            let rank = label.filter(|l| l.heading_capable).map(|l| l.rank);
            out.push(Classified::heading(text, rank, Some(level)));
            return;
        }
    }
    if b.numbering.as_ref().is_some_and(|n| n.bullet) {
        out.push(plain(text, BlockKind::ListItem));
        return;
    }
    let Some(label) = label else {
        let kind = if b.numbering.is_some() {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        out.push(plain(text, kind));
        return;
    };
    // "1）" marks items; only as the lead of a run-in point ("1)搭建银企对接平台。建成……") does it head one.
    if !label.heading_capable && !matches!(labelled_shape(&text, &label), LabelledShape::RunIn(_)) {
        out.push(plain(text, BlockKind::ListItem));
        return;
    }
    let heading = |text: String| Classified::heading(text, Some(label.rank), None);
    match labelled_shape(&text, &label) {
        LabelledShape::Heading => out.push(heading(text)),
        LabelledShape::Sentence => out.push(Classified {
            sentence: true,
            ..heading(text)
        }),
        LabelledShape::RunIn(at) => {
            let head: String = text.chars().take(at).collect();
            let tail: String = text.chars().skip(at).collect();
            out.push(heading(head.trim_end().to_owned()));
            out.push(plain(tail.trim_start().to_owned(), BlockKind::Paragraph));
        }
        LabelledShape::Item => out.push(plain(text, BlockKind::ListItem)),
        LabelledShape::Body => {
            let kind = if label.rank >= 30 {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            out.push(plain(text, kind));
        }
    }
}

/// Gives every heading a level. Stated levels (styles, outline levels) are kept. A label-only
/// heading takes the level its rank has among styled headings elsewhere in the document; failing
/// that, it sits one below the nearest heading above it of a higher rank, as a reader nests it: in
/// "二、职责分工 / 1.街道消委办" the 1. is the second level even where another chapter uses （一）.
/// Levels are then renumbered 1..n so a report whose top headings are styled "heading 2" reads the
/// same as one using "heading 1".
fn assign_levels(items: &mut [Classified]) {
    let mut votes: HashMap<Rank, BTreeMap<u8, usize>> = HashMap::new();
    for it in items.iter().filter(|i| i.kind == BlockKind::Heading) {
        if let (Some(r), Some(l)) = (it.rank, it.style_level) {
            *votes.entry(r).or_default().entry(l).or_default() += 1;
        }
    }
    let learned: HashMap<Rank, u8> = votes
        .into_iter()
        .filter_map(|(r, v)| {
            v.into_iter()
                .max_by_key(|(l, n)| (*n, u8::MAX - l))
                .map(|(l, _)| (r, l))
        })
        .collect();
    // The open headings above the current block: (rank, level).
    let mut open: Vec<(Option<Rank>, u8)> = Vec::new();
    for it in items.iter_mut().filter(|i| i.kind == BlockKind::Heading) {
        let level = match (it.style_level, it.rank) {
            (Some(l), _) => l,
            (None, Some(r)) => match learned.get(&r) {
                Some(l) => *l,
                None => {
                    while open.last().is_some_and(|(o, _)| o.is_some_and(|o| o >= r)) {
                        open.pop();
                    }
                    open.last().map_or(1, |(_, l)| l.saturating_add(1).min(9))
                }
            },
            (None, None) => 1,
        };
        while open.last().is_some_and(|(_, l)| *l >= level) {
            open.pop();
        }
        open.push((it.rank, level));
        it.style_level = Some(level);
    }
    let used: BTreeSet<u8> = items
        .iter()
        .filter(|i| i.kind == BlockKind::Heading)
        .filter_map(|i| i.style_level)
        .collect();
    let renumber: HashMap<u8, u8> = used
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i as u8 + 1))
        .collect();
    for it in items.iter_mut().filter(|i| i.kind == BlockKind::Heading) {
        it.style_level = it.style_level.map(|l| renumber[&l]);
    }
}

/// Words a document title ends with (报告, 方案, 函 ...).
const TITLE_ENDINGS: &[&str] = &[
    "报告", "方案", "函", "请示", "通知", "意见", "说明", "总结", "计划", "规划", "纲要", "办法",
    "材料", "清单", "汇编", "指标", "数据", "证明", "措施", "情况",
];

/// The title: Title-styled lines, else the first short lines that read as a 公文 title, joined.
fn find_title(items: &[Classified]) -> Option<String> {
    let lead: Vec<&Classified> = items
        .iter()
        .take_while(|i| i.kind != BlockKind::Heading && i.cell.is_none())
        .take(8)
        .collect();
    let styled: Vec<String> = lead
        .iter()
        .skip_while(|i| !i.title_style)
        .take_while(|i| i.title_style)
        .map(|i| despace(&i.text))
        .collect();
    if !styled.is_empty() {
        return Some(styled.concat());
    }
    let short = |i: &Classified| {
        let t = i.text.trim();
        let n = t.chars().count();
        n > 0 && n <= 60 && !t.ends_with('：') && !t.ends_with(':') && parse_label(t).is_none()
    };
    let ends_like_title = |t: &str| {
        let t = despace(t);
        let t = t.as_str();
        // Drop a trailing parenthetical: "实施方案（2024—2026年）", "（征求意见稿）".
        let t = match (t.ends_with(['）', ')']), t.rfind(['（', '('])) {
            (true, Some(i)) if i > 0 => &t[..i],
            _ => t,
        };
        TITLE_ENDINGS.iter().any(|e| t.ends_with(e)) || t.starts_with("关于")
    };
    // The period or status on a line of its own under the title: "（2021—2023年）", "（征求意见稿）".
    let parenthetical = |k: usize| -> String {
        lead.get(k + 1)
            .map(|i| despace(&i.text))
            .filter(|t| {
                t.starts_with(['（', '(']) && t.ends_with(['）', ')']) && t.chars().count() <= 20
            })
            .unwrap_or_default()
    };
    for (k, it) in lead.iter().enumerate() {
        if !short(it) {
            break;
        }
        // A title spaced out by hand or by a PDF's extractor reads as one word: "自 评 报 告".
        let t = despace(&it.text);
        if ends_like_title(&t) {
            // A title broken over two lines: "XX市国家产融合作试点城市" / "自评报告".
            if k > 0
                && short(lead[k - 1])
                && t.chars().count() <= 12
                && !is_letterhead(lead[k - 1].text.trim())
            {
                return Some(format!(
                    "{}{}{}",
                    despace(&lead[k - 1].text),
                    t,
                    parenthetical(k)
                ));
            }
            return Some(format!("{t}{}", parenthetical(k)));
        }
    }
    lead.first()
        .filter(|i| short(i) && i.text.trim().chars().count() <= 40)
        .map(|i| despace(&i.text))
}

/// Lines of a 公文 head that are not its title: 发文机关标志 and 文号.
fn is_letterhead(t: &str) -> bool {
    t.ends_with("文件") || t.contains('〔') || t.contains('[') && t.contains('号')
}

fn build_tree(blocks: &[Block]) -> Vec<SectionNode> {
    let mut roots: Vec<SectionNode> = Vec::new();
    let mut stack: Vec<SectionNode> = Vec::new();
    fn close(stack: &mut Vec<SectionNode>, roots: &mut Vec<SectionNode>, end: usize) {
        if let Some(mut n) = stack.pop() {
            n.end = end;
            match stack.last_mut() {
                Some(parent) => parent.children.push(n),
                None => roots.push(n),
            }
        }
    }
    for b in blocks {
        if let (BlockKind::Heading, Some(level)) = (b.kind, b.level) {
            while stack.last().is_some_and(|n| n.level >= level) {
                close(&mut stack, &mut roots, b.index);
            }
            stack.push(SectionNode {
                title: b.section.last().cloned().unwrap_or_default(),
                level,
                block: b.index,
                end: b.index + 1,
                children: Vec::new(),
            });
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots, blocks.len());
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(texts: &[&str]) -> Vec<(BlockKind, Option<u8>, String)> {
        structure(texts.iter().map(|t| RawBlock::paragraph(*t)).collect())
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.level, b.text))
            .collect()
    }

    #[test]
    fn toc_lines_are_not_headings() {
        let k = kinds(&[
            "一、总体情况……………3",
            "1.2 产品范围\t3",
            "一、总体情况",
            "正文。",
        ]);
        assert_eq!(k[0].0, BlockKind::Paragraph);
        assert_eq!(k[1].0, BlockKind::Paragraph);
        assert_eq!(k[2].0, BlockKind::Heading);
    }

    #[test]
    fn labels() {
        let cases: &[(&str, Option<(Rank, usize)>)] = &[
            ("一、总体情况", Some((10, 2))),
            ("十二、其他", Some((10, 3))),
            ("（一）组织保障", Some((20, 3))),
            ("(二) 政策保障", Some((20, 4))),
            ("1.加强组织领导", Some((30, 2))),
            ("1. 加强组织领导", Some((30, 3))),
            ("１．加强组织领导", Some((30, 2))),
            ("2、完善政策体系", Some((30, 2))),
            ("（3）设立基金", Some((40, 3))),
            ("①建立白名单", Some((50, 1))),
            ("第一部分 基本情况", Some((0, 5))),
            ("1.2 编制原则", Some((32, 4))),
            ("1.1.2 现代家居产业", Some((33, 6))),
            ("1\u{3000}产融合作基础", Some((31, 2))),
            ("一 产融合作基础", Some((10, 2))),
            ("1)搭建银企对接平台。", Some((45, 2))),
            ("3 家企业获得贷款", None),
            ("三 年 来 我 市", None),
            ("1.5亿元用于风险补偿", None),
            ("2023年，全市实现", None),
            ("一是加强领导", None),
            ("十四五期间", None),
            ("1", None),
        ];
        for (text, want) in cases {
            let got = parse_label(text).map(|l| (l.rank, l.chars));
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn typed_numbering_four_levels() {
        let got = kinds(&[
            "一、保障体系建设情况",
            "（一）组织保障",
            "1.成立领导小组",
            "（1）领导小组办公室",
            "正文内容，略。",
            "二、创新实践",
        ]);
        let levels: Vec<_> = got.iter().map(|g| g.1).collect();
        assert_eq!(
            levels,
            vec![Some(1), Some(2), Some(3), Some(4), None, Some(1)]
        );
    }

    #[test]
    fn run_in_heading_is_split() {
        let got = kinds(&[
            "（一）组织保障",
            "1.加强组织领导。成立由市长任组长的试点工作领导小组，统筹推进各项工作。",
        ]);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[1],
            (BlockKind::Heading, Some(2), "1.加强组织领导。".into())
        );
        assert_eq!(got[2].0, BlockKind::Paragraph);
        assert!(got[2].2.starts_with("成立由市长"));
    }

    #[test]
    fn long_numbered_sentence_is_a_list_item() {
        let got = kinds(&[
            "一、基本情况",
            "1.2023年全市实现地区生产总值1234亿元，同比增长5.2%，规模以上工业增加值增长6%。",
        ]);
        assert_eq!(got[1].0, BlockKind::ListItem);
    }

    #[test]
    fn amounts_are_not_headings() {
        let got = kinds(&[
            "一、基本情况",
            "1.5亿元风险补偿资金已全部到位",
            "2023年新增贷款100亿元",
        ]);
        assert_eq!(got[1].0, BlockKind::Paragraph);
        assert_eq!(got[2].0, BlockKind::Paragraph);
    }

    #[test]
    fn title_is_found_and_joined() {
        let s = structure(
            [
                "厦门市国家产融合作试点城市",
                "自评报告",
                "一、基本情况",
                "正文。",
            ]
            .iter()
            .map(|t| RawBlock::paragraph(*t))
            .collect(),
        );
        assert_eq!(
            s.title.as_deref(),
            Some("厦门市国家产融合作试点城市自评报告")
        );
        assert_eq!(s.sections.len(), 1);
        assert_eq!(s.sections[0].end, 4);
    }

    /// The period on its own line under the title is part of it (株洲、柳州、宜宾 plans of the
    /// independent fixtures are laid out so); a parenthetical inside the body is not.
    #[test]
    fn a_period_on_the_line_under_the_title_joins_it() {
        let s = structure(
            [
                "株洲市创建国家产融合作试点城市实施方案",
                "（2021—2023年）",
                "为全面落实国家产融合作试点城市建设要求，推动金融资源更好服务实体经济，制定本方案。",
                "一、基本情况",
                "正文。",
            ]
            .iter()
            .map(|t| RawBlock::paragraph(*t))
            .collect(),
        );
        assert_eq!(
            s.title.as_deref(),
            Some("株洲市创建国家产融合作试点城市实施方案（2021—2023年）")
        );
        let s = structure(
            [
                "某市国家产融合作试点城市实施方案",
                "一、基本情况",
                "（一）产业概况",
            ]
            .iter()
            .map(|t| RawBlock::paragraph(*t))
            .collect(),
        );
        assert_eq!(s.title.as_deref(), Some("某市国家产融合作试点城市实施方案"));
    }

    #[test]
    fn styled_levels_are_renumbered_and_teach_label_ranks() {
        let raw = vec![
            RawBlock {
                text: "一、总体情况".into(),
                style_level: Some(2),
                ..Default::default()
            },
            RawBlock::paragraph("（一）组织保障"),
            RawBlock {
                text: "二、创新实践".into(),
                style_level: Some(2),
                ..Default::default()
            },
        ];
        let s = structure(raw);
        let levels: Vec<_> = s.blocks.iter().map(|b| b.level).collect();
        assert_eq!(levels, vec![Some(1), Some(2), Some(1)]);
        assert_eq!(s.blocks[1].section, vec!["一、总体情况", "（一）组织保障"]);
    }
}
