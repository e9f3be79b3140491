//! pilot-review: extraction, checks and search for submissions to the National Industry-Finance
//! Cooperation Pilot City programme (国家产融合作试点城市). See ARCHITECTURE.md for the stages.

pub mod archive;
pub mod classify;
pub mod cmd;
pub mod commitments;
pub mod continuation;
pub mod copies;
pub mod doc;
pub mod docx;
pub mod error;
pub mod experiences;
pub mod extract;
pub mod finance_fields;
pub mod gazetteer;
pub mod guarantees;
pub mod indicators;
pub mod indicators_spec;
pub mod limits;
pub mod model;
pub mod ofd;
pub mod ooxml;
pub mod outline;
pub mod package;
pub mod pdf;
pub mod period;
pub mod profile;
pub mod report;
pub mod reported;
pub mod review;
pub mod risk;
pub mod rules_spec;
pub mod sample;
pub mod search;
pub mod sentences;
pub mod serve;
pub mod sniff;
pub mod structure;
pub mod submission;
pub mod targets;
pub mod text;
pub mod xlsx;

pub use error::ExtractError;
pub use limits::Limits;
pub use model::{Block, BlockKind, DocKind, Document, Format};
