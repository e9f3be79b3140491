//! Lays generated [`Item`]s out as a .docx with docx-rs, making headings by the chosen mechanism.

use std::path::Path;

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, Start, Style, StyleType, Table, TableCell, TableRow,
    VMergeType,
};

use super::docs::Item;
use super::plan::Mechanism;

const NUM_ID: usize = 10;

fn styles(doc: Docx, m: Mechanism) -> Docx {
    let heading = |id: &str, name: &str, level: usize, outline: bool| {
        let s = Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .bold();
        if outline {
            s.outline_lvl(level - 1)
        } else {
            s
        }
    };
    match m {
        Mechanism::StylesEn => doc
            .add_style(
                Style::new("Title", StyleType::Paragraph)
                    .name("Title")
                    .bold()
                    .align(AlignmentType::Center),
            )
            .add_style(heading("Heading1", "heading 1", 1, true))
            .add_style(heading("Heading2", "heading 2", 2, true))
            .add_style(heading("Heading3", "heading 3", 3, true)),
        Mechanism::StylesZhNumeric => doc
            .add_style(heading("1", "标题 1", 1, false))
            .add_style(heading("2", "标题 2", 2, false))
            .add_style(heading("3", "标题 3", 3, false)),
        Mechanism::CustomNames => doc
            .add_style(heading("a5", "一级标题", 1, false))
            .add_style(heading("a6", "二级标题", 2, false))
            .add_style(heading("a7", "三级标题", 3, false)),
        Mechanism::NumberingXml => {
            let level = |l: usize, fmt: &str, text: &str| {
                Level::new(
                    l,
                    Start::new(1),
                    NumberFormat::new(fmt),
                    LevelText::new(text),
                    LevelJc::new("left"),
                )
            };
            doc.add_abstract_numbering(
                AbstractNumbering::new(NUM_ID)
                    .add_level(level(0, "chineseCounting", "%1、"))
                    .add_level(level(1, "chineseCounting", "（%2）"))
                    .add_level(level(2, "decimal", "%3.")),
            )
            .add_numbering(Numbering::new(NUM_ID, NUM_ID))
        }
        Mechanism::OutlineDirect | Mechanism::Typed => doc,
    }
}

fn style_id(m: Mechanism, level: u8) -> Option<String> {
    match m {
        Mechanism::StylesEn => Some(format!("Heading{level}")),
        Mechanism::StylesZhNumeric => Some(level.to_string()),
        Mechanism::CustomNames => Some(format!("a{}", level + 4)),
        _ => None,
    }
}

fn text_para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn heading_para(
    m: Mechanism,
    level: u8,
    label: &str,
    text: &str,
    run_in: Option<&str>,
) -> Paragraph {
    // A run-in heading is one body paragraph: the lead, its full stop, the text.
    if let Some(body) = run_in {
        return match m {
            Mechanism::NumberingXml => Paragraph::new()
                .numbering(
                    NumberingId::new(NUM_ID),
                    IndentLevel::new(level as usize - 1),
                )
                .add_run(Run::new().add_text(format!("{text}。")).bold())
                .add_run(Run::new().add_text(body)),
            _ => Paragraph::new()
                .add_run(Run::new().add_text(format!("{label}{text}。")).bold())
                .add_run(Run::new().add_text(body)),
        };
    }
    match m {
        Mechanism::NumberingXml => Paragraph::new()
            .numbering(
                NumberingId::new(NUM_ID),
                IndentLevel::new(level as usize - 1),
            )
            .add_run(Run::new().add_text(text).bold()),
        Mechanism::OutlineDirect => Paragraph::new()
            .outline_lvl(level as usize - 1)
            .add_run(Run::new().add_text(format!("{label}{text}")).bold()),
        Mechanism::Typed => {
            Paragraph::new().add_run(Run::new().add_text(format!("{label}{text}")).bold())
        }
        _ => {
            let id = style_id(m, level).unwrap_or_default();
            Paragraph::new()
                .style(&id)
                .add_run(Run::new().add_text(format!("{label}{text}")))
        }
    }
}

fn table(rows: &[Vec<String>], merges: &[(usize, usize)]) -> Table {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(r, cells)| {
            let cells = cells
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    let mut cell = TableCell::new();
                    if c == 0 {
                        if let Some((a, _)) = merges.iter().find(|(a, b)| (*a..=*b).contains(&r)) {
                            if *a == r {
                                cell = cell
                                    .vertical_merge(VMergeType::Restart)
                                    .add_paragraph(text_para(text));
                            } else {
                                // Word keeps the continued cell's own (stale) text; readers must skip it.
                                cell = cell
                                    .vertical_merge(VMergeType::Continue)
                                    .add_paragraph(text_para(text));
                            }
                            return cell;
                        }
                    }
                    cell.add_paragraph(text_para(text))
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows)
}

/// Writes items as a .docx at `path`.
pub fn write(path: &Path, items: &[Item], m: Mechanism) -> anyhow::Result<()> {
    let mut doc = styles(Docx::new(), m);
    for item in items {
        doc = match item {
            Item::Title(lines) => {
                let mut d = doc;
                for line in lines {
                    let p = if m == Mechanism::StylesEn {
                        Paragraph::new()
                            .style("Title")
                            .add_run(Run::new().add_text(line))
                    } else {
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_text(line).bold().size(44))
                    };
                    d = d.add_paragraph(p);
                }
                d
            }
            Item::Heading {
                level,
                label,
                text,
                run_in,
            } => doc.add_paragraph(heading_para(m, *level, label, text, run_in.as_deref())),
            Item::Para(t) => doc.add_paragraph(text_para(t)),
            Item::Closing(t) => doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text(t)),
            ),
            Item::Table {
                rows,
                merge_first_col,
            } => doc.add_table(table(rows, merge_first_col)),
        };
    }
    let file = std::fs::File::create(path)?;
    doc.build().pack(file)?;
    Ok(())
}
