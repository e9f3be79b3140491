//! `pilot-review sample-corpus DIR [--submissions N] [--seed S]`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

pub fn run(dir: &Path, submissions: usize, seed: u64, out: &mut dyn Write) -> Result<bool> {
    let summary = crate::sample::generate(dir, submissions, seed)?;
    writeln!(out, "{summary}")?;
    Ok(true)
}
