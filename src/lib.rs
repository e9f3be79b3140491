//! pilot-review: extraction, checks and search for submissions to the National Industry-Finance
//! Cooperation Pilot City programme (国家产融合作试点城市). See ARCHITECTURE.md for the stages.
//!
//! The pipeline, folder by folder: `read` (a file's bytes → `Document`) → `document` (model, structure,
//! kind, text) → `submission` (a folder or .zip → `Submission`) → `check` (a `Submission` and the
//! `profile` → findings, assembled into a `Review`) → `report`, `search`, `mining`, `serve`; `cmd` wires
//! the commands, `sample` writes the generated corpus.

pub mod cache;
pub mod check;
pub mod cmd;
pub mod decisions;
pub mod document;
pub mod error;
pub mod mining;
pub mod profile;
pub mod read;
pub mod report;
pub mod sample;
pub mod search;
pub mod serve;
pub mod submission;

pub use document::model::{Block, BlockKind, DocKind, Document, Format};
pub use error::ExtractError;
pub use profile::limits::Limits;
