//! The command line's subcommands, one file each; main.rs only parses arguments and calls these.

pub mod extract;
pub mod sample_corpus;
