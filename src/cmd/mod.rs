//! The command line's subcommands, one file each; main.rs only parses arguments and calls these.

pub mod check;
pub mod decisions;
pub mod experiences;
pub mod extract;
pub mod index;
pub mod run;
pub mod sample_corpus;
pub mod search;
pub mod write_profile;
