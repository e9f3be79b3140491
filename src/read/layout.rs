//! Blocks of a fixed-layout page (PDF, OFD) from line geometry, as a reader of a printed 公文 sees them:
//! GB/T 9704 sets the title centred in a larger size, the 主送机关 flush left, body paragraphs with a
//! two-character first-line indent, 附件 after a blank line, and the 署名 and date right-aligned, each
//! on its own line. Glyphs are grouped into lines by baseline; a line starts a new block when the
//! vertical gap, the font size, the alignment (centred, right-aligned, indented) or a 公文 label says
//! so, or when the previous line ended short of the right margin. Nothing joins across pages except a
//! paragraph that visibly runs on (a full last line, the next page's first line flush left). Page
//! numbers (“— 2 —”, “第2页”) are dropped.

use crate::document::structure::{parse_label, RawBlock};
use crate::document::text::despace;
use crate::error::{ExtractError, Result};

/// A run of text placed on a page. Coordinates are in the page's own unit (PDF points, OFD
/// millimetres), `y` is the baseline measured downwards from the top, `width` the advance of the run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    pub text: String,
}

/// One page's glyphs, in any order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
}

/// `pages` when they hold a text layer: `NoTextLayer` ("OCR needed") when all of them together hold
/// fewer than 20 letters or digits (a scan, perhaps with a page number or a stamp's text).
pub fn require_text_layer(pages: Vec<Page>) -> Result<Vec<Page>> {
    let letters: usize = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < 20 {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(pages)
}

/// The text of pages, one line per printed line (for tools and tests that compare text).
pub fn text(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, p) in pages.iter().enumerate() {
        for l in lines(i, &p.glyphs) {
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
}

/// A line of text: glyphs on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub page: usize,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
    pub text: String,
}

/// Glyphs regrouped into lines: same baseline (within half the smaller font size), left to right;
/// lines top to bottom. A gap inside a line is a space (between Latin words, table columns, “第一条  内容”).
pub fn lines(page: usize, glyphs: &[Glyph]) -> Vec<Line> {
    let mut g: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    g.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut grouped: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in g {
        match grouped.last_mut() {
            // Within half the smaller size (a quarter of the larger at least): a byline set small
            // just under a title is its own line.
            Some(line)
                if (glyph.y - line[0].y).abs()
                    <= (0.5 * line[0].size.min(glyph.size))
                        .max(0.25 * line[0].size.max(glyph.size)) =>
            {
                line.push(glyph)
            }
            _ => grouped.push(vec![glyph]),
        }
    }
    grouped
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut end: Option<f64> = None;
            let mut size_weight = (0.0, 0.0);
            for g in &line {
                // A gap wider than a fifth of the size is a space: PDFs seldom draw the spaces
                // between Latin words, they move the pen. Spaces between Han characters (a title
                // spaced out by hand) are removed later by `despace`.
                if end.is_some_and(|e| g.x - e > 0.2 * g.size) && !text.ends_with(' ') {
                    text.push(' ');
                }
                end = Some(end.map_or(g.x + g.width, |e: f64| e.max(g.x + g.width)));
                text.push_str(&g.text);
                let n = g.text.chars().count() as f64;
                size_weight = (size_weight.0 + g.size * n, size_weight.1 + n);
            }
            Line {
                page,
                x0: line[0].x,
                x1: end.unwrap_or(line[0].x),
                y: line[0].y,
                size: if size_weight.1 > 0.0 {
                    size_weight.0 / size_weight.1
                } else {
                    line[0].size
                },
                text,
            }
        })
        .collect()
}

/// “— 2 —”, “- 12 -”, “2”, “第 3 页”, “第3页 共10页”: a page number, not text.
fn is_page_number(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = t.trim_matches(['—', '-', '－', '–', '·']);
    if !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let rest = t.strip_prefix('第').and_then(|r| r.split_once('页'));
    match rest {
        Some((n, tail)) => {
            n.chars().all(|c| c.is_ascii_digit())
                && !n.is_empty()
                && (tail.is_empty()
                    || tail
                        .strip_prefix('共')
                        .and_then(|x| x.strip_suffix('页'))
                        .is_some_and(|x| x.chars().all(|c| c.is_ascii_digit())))
        }
        None => false,
    }
}

/// The body text's measures: its font size, left and right margins, and line pitch.
struct Measure {
    size: f64,
    left: f64,
    right: f64,
    pitch: f64,
}

fn percentile(mut v: Vec<f64>, p: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[((v.len() - 1) as f64 * p).round() as usize])
}

fn measure(lines: &[Line]) -> Measure {
    // The body size: the size that carries the most characters.
    let mut sizes: Vec<(f64, usize)> = Vec::new();
    for l in lines {
        let n = l.text.chars().count();
        match sizes
            .iter_mut()
            .find(|(s, _)| (s - l.size).abs() <= l.size * 0.05)
        {
            Some(e) => e.1 += n,
            None => sizes.push((l.size, n)),
        }
    }
    let size = sizes
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(12.0, |(s, _)| *s);
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| (l.size - size).abs() <= size * 0.15)
        .collect();
    let left = percentile(body.iter().map(|l| l.x0).collect(), 0.05).unwrap_or(0.0);
    let right = percentile(body.iter().map(|l| l.x1).collect(), 0.95).unwrap_or(left);
    let gaps: Vec<f64> = body
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0 && *g < 3.0 * size)
        .collect();
    let pitch = percentile(gaps, 0.5).unwrap_or(size * 1.6);
    Measure {
        size,
        left,
        right,
        pitch,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    /// Starts at the left margin.
    Flush,
    /// A first-line indent of one to four characters.
    Indent,
    Centred,
    /// Ends at the right margin and starts past 40% of the column (署名, date).
    Right,
}

fn align(l: &Line, m: &Measure) -> Align {
    let unit = l.size.max(1.0);
    let from_left = l.x0 - m.left;
    let from_right = m.right - l.x1;
    let column = (m.right - m.left).max(unit);
    if from_left > 0.4 * column && from_right < 2.5 * unit {
        return Align::Right;
    }
    if from_left > 1.5 * unit
        && from_right > 1.5 * unit
        && (from_left - from_right).abs() <= 2.0 * unit
    {
        return Align::Centred;
    }
    if from_left > 0.5 * unit && from_left < 4.5 * unit {
        return Align::Indent;
    }
    if from_left > 0.4 * column {
        return Align::Right;
    }
    Align::Flush
}

/// Whether a line runs to the right margin: within two and a half characters of it, since text set
/// without justification ends ragged (a closing 》 or a number pushed to the next line).
fn full(l: &Line, m: &Measure) -> bool {
    m.right - l.x1 < 2.5 * l.size.max(1.0)
}

/// Paragraph blocks of a fixed-layout document from its pages' glyphs. The first centred block of
/// page 1 set larger than the body (not a 发文机关标志 “…文件” nor a 文号) is marked as the title.
pub fn blocks(pages: &[Page]) -> Vec<RawBlock> {
    let all: Vec<Line> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| lines(i, &p.glyphs))
        .filter(|l| !is_page_number(&l.text))
        .collect();
    blocks_of_lines(&all)
}

/// Blocks from lines already in reading order (see [`blocks`]).
pub fn blocks_of_lines(all: &[Line]) -> Vec<RawBlock> {
    if all.is_empty() {
        return Vec::new();
    }
    let m = measure(all);
    let mut out: Vec<(RawBlock, Align, f64)> = Vec::new();
    let mut cur = String::new();
    let mut first: Option<&Line> = None;
    let push = |cur: &mut String, first: Option<&Line>, out: &mut Vec<(RawBlock, Align, f64)>| {
        if let Some(f) = first {
            if !cur.trim().is_empty() {
                out.push((RawBlock::paragraph(despace(cur)), align(f, &m), f.size));
            }
        }
        cur.clear();
    };
    for (i, l) in all.iter().enumerate() {
        if i > 0 && breaks(&all[i - 1], l, &m) {
            push(&mut cur, first, &mut out);
            first = None;
        }
        if first.is_none() {
            first = Some(l);
        }
        cur.push_str(&l.text);
    }
    push(&mut cur, first, &mut out);
    // The title: the first centred block set larger than the body, within the first few blocks.
    if let Some(t) = out.iter_mut().take(4).find(|(b, a, size)| {
        *a == Align::Centred
            && *size >= m.size * 1.15
            && !b.text.ends_with("文件")
            && !b.text.contains('〔')
            && parse_label(&b.text).is_none()
    }) {
        t.0.title_style = true;
    }
    out.into_iter().map(|(b, _, _)| b).collect()
}

/// Whether `l` starts a new block after `p`.
fn breaks(p: &Line, l: &Line, m: &Measure) -> bool {
    let (pa, la) = (align(p, m), align(l, m));
    let same_size = (p.size - l.size).abs() <= p.size.max(l.size) * 0.15;
    if p.page != l.page {
        // A paragraph runs on to the next page only visibly: a full last line without a sentence
        // end, and a first line flush left in the same size.
        let runs_on = full(p, m)
            && matches!(pa, Align::Flush | Align::Indent)
            && la == Align::Flush
            && same_size
            && !p
                .text
                .trim_end()
                .ends_with(['。', '：', ':', '！', '？', '；'])
            && parse_label(&l.text).is_none();
        return !runs_on;
    }
    let gap = l.y - p.y;
    if gap > 1.6 * m.pitch.max(p.size) || gap < -0.5 * p.size || !same_size {
        return true;
    }
    if parse_label(l.text.trim()).is_some() {
        return true;
    }
    match (pa, la) {
        // A title over two or three centred lines stays one block.
        (Align::Centred, Align::Centred) => false,
        (Align::Centred, _) | (_, Align::Centred) => true,
        (Align::Right, _) | (_, Align::Right) => true,
        (_, Align::Indent) => true,
        _ => !full(p, m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` starting at `x`, one glyph per character of width `size`.
    fn line(page: usize, x: f64, y: f64, size: f64, text: &str) -> Line {
        Line {
            page,
            x0: x,
            x1: x + size * text.chars().count() as f64,
            y,
            size,
            text: text.into(),
        }
    }

    #[test]
    fn a_gongwen_letter_separates_title_addressee_body_attachment_and_signature() {
        // GB/T 9704 in points: column 79–516, body 16 pt on a 28 pt pitch, title 22 pt centred.
        // A line that wraps fills the column to its right margin (516).
        let body = |y: f64, indent: bool, text: &str| {
            line(0, if indent { 111.0 } else { 79.0 }, y, 16.0, text)
        };
        let wraps = |y: f64, indent: bool, text: &str| Line {
            x1: 516.0,
            ..body(y, indent, text)
        };
        let lines = vec![
            line(0, 122.0, 150.0, 22.0, "无锡市人民政府关于申报第三批"),
            line(0, 144.0, 184.0, 22.0, "国家产融合作试点城市的函"),
            body(240.0, false, "江苏省工业和信息化厅："),
            wraps(
                268.0,
                true,
                "为深入贯彻落实国家产融合作试点工作要求，结合我市",
            ),
            wraps(
                296.0,
                false,
                "实际，现申报第三批国家产融合作试点城市，妥否，请予",
            ),
            body(324.0, false, "审核。"),
            body(380.0, true, "附件：1.实施方案；2.试点指标数据；3.证明材料"),
            line(0, 372.0, 436.0, 16.0, "无锡市人民政府"),
            line(0, 356.0, 464.0, 16.0, "2024年1月14日"),
        ];
        let b = blocks_of_lines(&lines);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "无锡市人民政府关于申报第三批国家产融合作试点城市的函",
                "江苏省工业和信息化厅：",
                "为深入贯彻落实国家产融合作试点工作要求，结合我市实际，现申报第三批国家产融合作试点城市，妥否，请予审核。",
                "附件：1.实施方案；2.试点指标数据；3.证明材料",
                "无锡市人民政府",
                "2024年1月14日",
            ]
        );
        assert!(b[0].title_style && !b[1].title_style);
    }

    #[test]
    fn pages_join_only_where_a_paragraph_runs_on() {
        let l = |page, x: f64, y: f64, t: &str| line(page, x, y, 16.0, t);
        let w = |page, x: f64, y: f64, t: &str| Line {
            x1: 516.0,
            ..line(page, x, y, 16.0, t)
        };
        let lines = vec![
            w(
                0,
                111.0,
                100.0,
                "试点工作开展以来，全市产融合作平台累计服务企业",
            ),
            w(
                0,
                79.0,
                128.0,
                "一千二百余家，撮合融资金额达到三百亿元，为制造",
            ),
            l(1, 79.0, 100.0, "业企业降低融资成本约二亿元。"),
            w(
                1,
                111.0,
                128.0,
                "下一步，我市将继续深化产融合作，完善政策体系，",
            ),
            l(1, 79.0, 156.0, "形成可复制可推广的经验。"),
            l(1, 372.0, 212.0, "某某市人民政府"),
            l(2, 79.0, 100.0, "附件"),
        ];
        let b = blocks_of_lines(&lines);
        assert_eq!(b.len(), 4, "{b:?}");
        assert!(b[0].text.ends_with("约二亿元。"));
        assert_eq!(b[2].text, "某某市人民政府");
        assert_eq!(b[3].text, "附件");
    }

    #[test]
    fn page_numbers_are_not_text() {
        for t in ["— 2 —", "- 12 -", "3", "第 3 页", "第3页共10页"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2024年", "第三章", "一、", "第3页内容"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn glyphs_regroup_into_lines() {
        let g = |x: f64, y: f64, t: &str| Glyph {
            x,
            y,
            width: 4.0 * t.chars().count() as f64,
            size: 4.0,
            text: t.into(),
        };
        let ls = lines(
            0,
            &[
                g(24.0, 30.0, "体"),
                g(20.0, 30.0, "总"),
                g(28.0, 30.0, "情况"),
                g(20.0, 40.5, "正文"),
                g(60.0, 40.0, "第二栏"),
            ],
        );
        let t: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, vec!["总体情况", "正文 第二栏"]);
    }
}
