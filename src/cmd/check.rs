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
            anyhow::bail!(
                "{}：既不是文件夹也不是 .zip 压缩包 / is neither a folder nor a .zip archive",
                a.display()
            );
        }
        if submission::looks_like_submission(a) {
            out.push(a.clone());
        } else {
            out.extend(
                submission::discover(a).with_context(|| {
                    format!("无法读取文件夹 / cannot read folder {}", a.display())
                })?,
            );
        }
    }
    if out.is_empty() {
        let shown: Vec<String> = args.iter().map(|a| a.display().to_string()).collect();
        anyhow::bail!(
            "{} 中没有找到报送单位：报送单位是放有材料文件的文件夹（或 .zip），语料目录下每个报送单位一个子文件夹 \
             / no submission found: a submission is a folder (or .zip) of files; a corpus holds one folder per submission",
            shown.join("、")
        );
    }
    Ok(out)
}

pub fn load_profile(dir: Option<&Path>) -> Result<Profile> {
    Ok(match dir {
        Some(d) => Profile::load(d)?,
        None => Profile::embedded(),
    })
}

/// `--previous DIR` must be a folder (one subfolder per city): anything else is refused before any
/// work, in Chinese, rather than giving a ledger-less run that looks complete.
pub fn check_previous(previous: Option<&Path>) -> Result<()> {
    match previous {
        Some(p) if !p.is_dir() => anyhow::bail!(
            "--previous 指定的“{}”不存在或不是文件夹：应为存放上一轮实施方案的文件夹（每个城市一个子文件夹）/ \
             --previous must be a folder holding one subfolder per city",
            p.display()
        ),
        _ => Ok(()),
    }
}

/// Reviews every submission (read in parallel), in folder order, with the corpus-wide checks.
pub fn reviews(
    dirs: &[PathBuf],
    profile: &Profile,
    previous: Option<&Path>,
) -> Result<Vec<Review>> {
    let subs = dirs
        .par_iter()
        .map(|d| {
            submission::load_with_previous(d, profile.limits(), previous)
                .with_context(|| format!("cannot read folder {}", d.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(review_all(&subs, profile))
}

pub fn run(
    args: &[PathBuf],
    as_json: bool,
    profile_dir: Option<&Path>,
    previous: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool> {
    let profile = load_profile(profile_dir)?;
    check_previous(previous)?;
    let dirs = submission_dirs(args)?;
    let all = reviews(&dirs, &profile, previous)?;
    for r in &all {
        if as_json {
            serde_json::to_writer(&mut *out, r)?;
            writeln!(out)?;
        } else {
            print_review(r, &profile, out)?;
        }
    }
    if !as_json {
        // The totals, as the last line a reviewer sees.
        let count = |sev: Severity| -> usize {
            all.iter()
                .flat_map(|r| &r.flags)
                .filter(|f| f.severity == sev)
                .count()
        };
        writeln!(
            out,
            "共 {} 个报送单位：否决 {}，警告 {}，提示 {} / {} submissions",
            all.len(),
            count(Severity::Blocker),
            count(Severity::Warning),
            count(Severity::Info),
            all.len()
        )?;
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
            .map(|s| match profile.subject_zh(s) {
                Some(zh) => format!(" {zh}（{s}）"),
                None => format!(" {s}"),
            })
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
                "        证据：{} {}“{}”",
                e.document,
                e.place(),
                e.quote.chars().take(80).collect::<String>()
            )?;
        }
    }
    Ok(())
}
