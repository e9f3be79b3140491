//! `pilot-review check DIR... [--json] [--profile DIR]`: one review per submission folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::check::finding::DocStatus;
use crate::check::outline::Status;
use crate::check::review::{review_all, Review};
use crate::profile::severity::Severity;
use crate::profile::Profile;
use crate::submission;

/// The submission folders named by the arguments: a submission folder itself, or a corpus of them.
pub fn submission_dirs(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if crate::read::archive::is_archive(a) {
            out.push(a.clone());
            continue;
        }
        if !a.is_dir() {
            anyhow::bail!("{} is neither a folder nor a .zip archive", a.display());
        }
        if submission::looks_like_submission(a) {
            out.push(a.clone());
        } else {
            out.extend(
                submission::discover(a)
                    .with_context(|| format!("cannot read folder {}", a.display()))?,
            );
        }
    }
    Ok(out)
}

pub fn load_profile(dir: Option<&Path>) -> Result<Profile> {
    Ok(match dir {
        Some(d) => Profile::load(d)?,
        None => Profile::embedded(),
    })
}

/// Reviews every submission (read in parallel), in folder order, with the corpus-wide checks.
pub fn reviews(dirs: &[PathBuf], profile: &Profile) -> Result<Vec<Review>> {
    let subs = dirs
        .par_iter()
        .map(|d| {
            submission::load(d, profile.limits())
                .with_context(|| format!("cannot read folder {}", d.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(review_all(&subs, profile))
}

pub fn run(
    args: &[PathBuf],
    as_json: bool,
    profile_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let profile = load_profile(profile_dir)?;
    let dirs = submission_dirs(args)?;
    for r in reviews(&dirs, &profile)? {
        if as_json {
            serde_json::to_writer(&mut *out, &r)?;
            writeln!(out)?;
        } else {
            print_review(&r, &profile, out)?;
        }
    }
    Ok(true)
}

fn print_review(r: &Review, profile: &Profile, out: &mut dyn Write) -> Result<()> {
    let role = match r.role {
        Some(submission::Role::Evaluation) => "评估",
        Some(submission::Role::Application) => "申报",
        None => "类型未知",
    };
    writeln!(
        out,
        "== {}  {}（{}） {}  否决{} 警告{} 提示{}",
        r.submission,
        r.city.as_deref().unwrap_or("城市未知"),
        r.province.as_deref().unwrap_or("省份未知"),
        role,
        r.count(Severity::Blocker),
        r.count(Severity::Warning),
        r.count(Severity::Info)
    )?;
    let unreadable = r
        .documents
        .iter()
        .filter(|d| d.status == DocStatus::Unreadable)
        .count();
    writeln!(
        out,
        "   文件 {} 个，无法读取 {} 个",
        r.documents.len(),
        unreadable
    )?;
    let mut outlines: Vec<&str> = r.sections.iter().map(|s| s.outline.as_str()).collect();
    outlines.dedup();
    for o in outlines {
        let of = |st| {
            r.sections
                .iter()
                .filter(|s| s.outline == o && s.status == st)
                .count()
        };
        let title = profile.outline(o).map_or(o, |x| x.spec.title.as_str());
        let counts: Vec<String> = Status::ALL
            .iter()
            .map(|st| format!("{} {}", st.zh(), of(*st)))
            .collect();
        writeln!(out, "   提纲 {title}：{}", counts.join("，"))?;
    }
    for f in &r.flags {
        let subject = f
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        writeln!(
            out,
            "   [{}] {} {}{subject}：{}",
            f.severity.zh(),
            f.code.zh(),
            f.code,
            f.message
        )?;
        for e in &f.evidence {
            writeln!(
                out,
                "        证据：{} 第{}段 〔{}〕“{}”",
                e.document,
                e.block + 1,
                e.section.as_deref().unwrap_or("无标题"),
                e.quote.chars().take(80).collect::<String>()
            )?;
        }
    }
    Ok(())
}
