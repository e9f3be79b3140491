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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Extract { path, json } if path.is_dir() => {
            cmd::extract::folder(&path, json, &mut out)
        }
        Command::Extract { path, json } => cmd::extract::file(&path, json, &mut out),
        Command::Check {
            dirs,
            json,
            profile,
        } => cmd::check::run(&dirs, json, profile.as_deref(), &mut out),
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
        Err(e) => {
            eprintln!("pilot-review: {e:#}");
            ExitCode::FAILURE
        }
    }
}
