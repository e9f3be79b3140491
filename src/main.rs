//! The `pilot-review` command line. Parsing only; each subcommand lives in `pilot_review::cmd`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pilot_review::cmd;

#[derive(Parser)]
#[command(
    name = "pilot-review",
    version,
    about = "Review submissions to the National Industry-Finance Cooperation Pilot City programme (国家产融合作试点城市)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The main job: read, check, index and write the reports (checks.jsonl, HTML pages, review.xlsx).
    Run {
        #[arg(default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// A local web UI for reviewers: search with filters, a hit in its document, the reports of `run`.
    Serve {
        /// Address to listen on; loopback by default (use 0.0.0.0:PORT only on a trusted network).
        #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_addr)]
        addr: std::net::SocketAddr,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// The reports folder `run` wrote.
        #[arg(long, default_value = "reports")]
        reports: PathBuf,
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// One document's blocks and section tree; for a folder, what every file of every submission was read as.
    Extract {
        /// A file, a submission folder, or a corpus folder of submission folders.
        path: PathBuf,
        /// JSON (one object per document, or per submission for a folder).
        #[arg(long)]
        json: bool,
    },
    /// One review per submission folder: documents, outline coverage and flags.
    Check {
        /// Submission folders, or corpus folders holding them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// JSON Lines, one object per submission (the check contract of DESIGN.md).
        #[arg(long)]
        json: bool,
        /// An edited profile folder (see write-profile); the 2023 notice's profile by default.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Build or update the search index (only changed submissions are read again).
    Index {
        #[arg(default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Full-text search across all reports: every passage holding the query's characters is a hit
    /// (inside longer words, one character, numbers and symbols); space-separated parts must all
    /// occur; "quoted text" is one part.
    Search {
        /// The query (omit with --batch).
        #[arg(required_unless_present = "batch")]
        query: Option<String>,
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        province: Option<String>,
        /// Document kind: self_evaluation, implementation_plan, indicators, cover_letter, evidence, or
        /// its Chinese name (自评报告, 实施方案, 指标数据, 报送函件, 证明材料).
        #[arg(long)]
        kind: Option<String>,
        /// Outline section id, e.g. innovation.products.
        #[arg(long)]
        section: Option<String>,
        /// evaluation or application (评估, 申报).
        #[arg(long)]
        role: Option<String>,
        /// At most this many hits; the output says when there were more.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Every hit, however many.
        #[arg(long)]
        all: bool,
        /// JSON Lines, one hit each (the search contract of DESIGN.md).
        #[arg(long)]
        json: bool,
        /// Group hits by submission.
        #[arg(long)]
        by_submission: bool,
        /// A file of queries, one a line ("query | city=… kind=…"): writes batch.csv and batch.xlsx.
        #[arg(long)]
        batch: Option<PathBuf>,
        /// Where --batch writes.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// The typical-experience digest: practice themes across cities, from the index.
    Experiences {
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[arg(long)]
        profile: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Write the JSON digest to this file.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the embedded profile (outlines, and later rules and indicators) into DIR for editing.
    WriteProfile {
        dir: PathBuf,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Write a realistic generated corpus with an answer key (answers.json).
    SampleCorpus {
        dir: PathBuf,
        #[arg(long, default_value_t = 12)]
        submissions: usize,
        #[arg(long, default_value_t = 2023)]
        seed: u64,
    },
}

/// `HOST:PORT` with HOST a name (localhost) or an address; the first address the name resolves to.
fn parse_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    s.to_socket_addrs()
        .map_err(|e| {
            format!(
                "无法解析地址 “{s}”（应为 主机:端口，如 127.0.0.1:8080 或 localhost:8080）: {e}"
            )
        })?
        .next()
        .ok_or_else(|| format!("地址 “{s}” 没有解析出任何 IP"))
}

/// Whether an error comes from writing into a closed pipe (`… | head`): not a failure of ours.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn main() -> ExitCode {
    // A reader's panic is caught and reported on its file (`read::extract`); log one line for it
    // instead of the default message and backtrace. RUST_BACKTRACE keeps the full report.
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "pilot-review: internal error in a reader{at} (the file is reported as unreadable)"
            );
        }));
    }
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Run {
            corpus,
            index,
            out: dir,
            profile,
        } => cmd::run::run(&corpus, &index, &dir, profile.as_deref(), &mut out),
        Command::Serve {
            addr,
            index,
            reports,
            profile,
        } => cmd::check::load_profile(profile.as_deref()).and_then(|profile| {
            pilot_review::serve::serve(
                pilot_review::serve::Options {
                    addr,
                    index,
                    reports,
                    profile,
                },
                &mut out,
            )
            .map(|()| true)
        }),
        Command::Extract { path, json } if path.is_dir() => {
            cmd::extract::folder(&path, json, &mut out)
        }
        Command::Extract { path, json } => cmd::extract::file(&path, json, &mut out),
        Command::Check {
            dirs,
            json,
            profile,
        } => cmd::check::run(&dirs, json, profile.as_deref(), &mut out),
        Command::Index {
            corpus,
            index,
            profile,
        } => cmd::index::run(&corpus, &index, profile.as_deref(), &mut out),
        Command::Search {
            batch: Some(file),
            index,
            out: dir,
            ..
        } => cmd::search::run_batch(&file, &index, &dir, &mut out),
        Command::Search {
            query,
            index,
            city,
            province,
            kind,
            section,
            role,
            limit,
            all,
            json,
            by_submission,
            ..
        } => {
            let filters = pilot_review::search::query::Filters {
                city,
                province,
                kind,
                section,
                role,
            };
            let o = cmd::search::Options {
                index: &index,
                filters,
                limit,
                all,
                json,
                by_submission,
            };
            cmd::search::run(query.as_deref().unwrap_or_default(), &o, &mut out)
        }
        Command::Experiences {
            index,
            profile,
            json,
            out: file,
        } => cmd::experiences::run(&index, profile.as_deref(), json, file.as_deref(), &mut out),
        Command::WriteProfile { dir, force } => cmd::write_profile::run(&dir, force, &mut out),
        Command::SampleCorpus {
            dir,
            submissions,
            seed,
        } => cmd::sample_corpus::run(&dir, submissions, seed, &mut out),
    };
    drop(out);
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pilot-review: {e:#}");
            ExitCode::FAILURE
        }
    }
}
