//! `pilot-review extract FILE|DIR [--json]`: one document's blocks and section tree, or, for a corpus
//! or submission folder, what every file of every submission was read as.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use crate::check::finding::DocStatus;
use crate::document::model::{Document, SectionNode};
use crate::profile::limits::Limits;
use crate::submission::{self, Submission};

/// Extracts one file. A file that cannot be read: one line on stderr naming it and the reason, exit 1.
pub fn file(path: &Path, as_json: bool, out: &mut dyn Write) -> Result<bool> {
    let shown = path.display().to_string();
    match crate::read::extract::extract_file(path, &shown, Limits::default()) {
        Ok(doc) => {
            if as_json {
                serde_json::to_writer(&mut *out, &doc)?;
                writeln!(out)?;
            } else {
                print_document(&doc, out)?;
            }
            Ok(true)
        }
        Err(e) => {
            // The reason in Chinese as `check` gives it, the technical one after it.
            eprintln!("pilot-review: {shown}：{}（{e}）", e.zh());
            Ok(false)
        }
    }
}

fn print_document(doc: &Document, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", doc.path)?;
    writeln!(out, "  格式 format: {}", doc.format.as_str())?;
    writeln!(
        out,
        "  类型 kind:   {}（{}） — {}",
        doc.kind.zh(),
        doc.kind.as_str(),
        doc.kind_reason
    )?;
    if let Some(t) = &doc.title {
        writeln!(out, "  标题 title:  {t}")?;
    }
    writeln!(
        out,
        "  {} blocks, {} headings, {} characters",
        doc.blocks.len(),
        doc.headings().count(),
        doc.char_count()
    )?;
    if let Some(book) = &doc.workbook {
        for s in &book.sheets {
            writeln!(
                out,
                "  sheet “{}”: {} cells, {} merged ranges",
                s.name,
                s.cells.len(),
                s.merged.len()
            )?;
        }
    }
    fn tree(nodes: &[SectionNode], depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
        for n in nodes {
            writeln!(out, "  {}{} [{}]", "  ".repeat(depth), n.title, n.block)?;
            tree(&n.children, depth + 1, out)?;
        }
        Ok(())
    }
    tree(&doc.sections, 0, out)?;
    Ok(())
}

/// Extracts a corpus folder (one folder per submission) or a single submission folder.
pub fn folder(dir: &Path, as_json: bool, out: &mut dyn Write) -> Result<bool> {
    let mut subs = submission::discover(dir)
        .with_context(|| format!("cannot read folder {}", dir.display()))?;
    let is_single = subs.is_empty() || submission::looks_like_submission(dir);
    if is_single {
        subs = vec![dir.to_owned()];
    }
    let limits = Limits::default();
    let (mut docs, mut bad) = (0, 0);
    for d in subs {
        let s = submission::load(&d, limits)
            .with_context(|| format!("cannot read folder {}", d.display()))?;
        docs += s.documents.len();
        bad += s.unreadable.len();
        if as_json {
            serde_json::to_writer(&mut *out, &summary_json(&s))?;
            writeln!(out)?;
        } else {
            print_submission(&s, out)?;
        }
    }
    if !as_json {
        writeln!(
            out,
            "共读取文件 {docs} 个，无法读取 {bad} 个 / {docs} documents read, {bad} unreadable"
        )?;
    }
    Ok(true)
}

fn summary_json(s: &Submission) -> serde_json::Value {
    let mut documents: Vec<serde_json::Value> = s
        .documents
        .iter()
        .map(|d| {
            json!({"path": d.path, "kind": d.kind, "format": d.format, "status": DocStatus::Ok, "error": null,
                   "title": d.title, "kind_reason": d.kind_reason, "blocks": d.blocks.len(),
                   "headings": d.headings().map(|h| json!({"level": h.level, "text": h.text})).collect::<Vec<_>>()})
        })
        .collect();
    documents.extend(s.unreadable.iter().map(|u| {
        json!({"path": u.path, "kind": u.kind, "format": u.format, "status": DocStatus::Unreadable,
               "error": u.error.to_string(), "error_zh": u.error.zh()})
    }));
    documents.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    json!({"submission": s.name, "city": s.meta.city, "province": s.meta.province,
           "province_kind": s.meta.province_kind, "role": s.meta.role, "submitted": s.meta.submitted,
           "inferred": s.inferred, "notes": s.notes, "documents": documents})
}

fn print_submission(s: &Submission, out: &mut dyn Write) -> Result<()> {
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "未知".into());
    writeln!(
        out,
        "== {}  城市 {}  省份 {}  类型 {}",
        s.name,
        or_unknown(&s.meta.city),
        or_unknown(&s.meta.province),
        match s.meta.role {
            Some(submission::Role::Evaluation) => "评估（evaluation）",
            Some(submission::Role::Application) => "申报（application）",
            None => "未知",
        }
    )?;
    for i in &s.inferred {
        writeln!(
            out,
            "   推断 inferred {} = {}（依据：{}）",
            i.field, i.value, i.source
        )?;
    }
    for n in &s.notes {
        writeln!(out, "   注意 {n}")?;
    }
    for d in &s.documents {
        writeln!(
            out,
            "   {} {:<5} {} {} 段 / {} 标题  {}",
            pad(&d.path, 48),
            d.format.as_str(),
            pad(d.kind.zh(), 12),
            d.blocks.len(),
            d.headings().count(),
            d.title.as_deref().unwrap_or("")
        )?;
    }
    for u in &s.unreadable {
        writeln!(
            out,
            "   {} 无法读取 unreadable: {}",
            pad(&u.path, 48),
            u.error.zh()
        )?;
    }
    Ok(())
}

/// `s` padded with spaces to `columns` terminal columns: a Han character takes two, so padding by
/// characters misaligns Chinese file names.
fn pad(s: &str, columns: usize) -> String {
    let width = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(columns.saturating_sub(width)))
}
