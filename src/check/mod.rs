//! The checks: a `Submission` and the `Profile` in, findings out — outline coverage (outline), the plan's
//! commitments (commitments with continuation, period, guarantees, targets, finance_fields), the risk record
//! (risk), the package (package), the indicator workbook (indicators), copied text across submissions
//! (copies); `review` runs them and assembles one `Review`.

pub mod code;
pub mod commitments;
pub mod continuation;
pub mod copies;
pub mod finance_fields;
pub mod finding;
pub mod guarantees;
pub mod indicators;
pub mod ledger;
pub mod outline;
pub mod package;
pub mod period;
pub mod review;
pub mod risk;
pub mod targets;
pub mod words;
