//! Reviewers' decisions: what an expert concluded about each flag (确认 / 排除, a note), about each
//! submission (a score per scoring item, a conclusion, a comment) and about passages (a star, tags).
//!
//! In: the reviews of a run (`check::review::Review`) and the reviewer's changes. Out: an SQLite store
//! (`store`, `reviews.db` beside the index) holding every change as an append-only history, the
//! current state derived from it, and an `Overlay` that lays that state over the current flags
//! (`overlay`) for `serve` and review.xlsx. `exchange` exports and merges the store between machines.
//!
//! Decisions follow the finding, not the run: a flag is known by `flag_key` — its submission, code,
//! subject and the evidence's documents and quotes (whitespace ignored) — never by its position, so a
//! re-run, a re-ordered corpus or an unrelated edit keeps every decision (issue 22).

pub mod exchange;
pub mod overlay;
pub mod store;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::finding::Flag;

pub use overlay::Overlay;
pub use store::{Store, StoreError};

/// The store's file name; it lives beside the index folder (`index/` → `reviews.db`).
pub const STORE_FILE: &str = "reviews.db";

/// Where `run`, `serve` and `decisions` find the store of an index folder: `reviews.db` in the
/// folder that holds the index (`index` → `reviews.db`, `/x/round1/index` → `/x/round1/reviews.db`).
pub fn store_path(index_dir: &Path) -> PathBuf {
    index_dir
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(STORE_FILE)
}

/// A reviewer's verdict on a flag. Stored as its code; shown in Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FlagStatus {
    /// 待核实: nobody has decided yet (the state of every new flag).
    #[default]
    Pending,
    /// 确认: the reviewer checked the evidence and the problem is real.
    Confirmed,
    /// 排除: a false alarm, or not a problem for this submission.
    Dismissed,
}

impl FlagStatus {
    pub const ALL: [FlagStatus; 3] = [
        FlagStatus::Pending,
        FlagStatus::Confirmed,
        FlagStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagStatus::Pending => "pending",
            FlagStatus::Confirmed => "confirmed",
            FlagStatus::Dismissed => "dismissed",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            FlagStatus::Pending => "待核实",
            FlagStatus::Confirmed => "确认",
            FlagStatus::Dismissed => "排除",
        }
    }

    /// From its code or its Chinese name.
    pub fn parse(s: &str) -> Option<FlagStatus> {
        FlagStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s || v.zh() == s)
    }
}

/// The reviewer's conclusion on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 建议通过
    Pass,
    /// 建议不通过
    Fail,
    /// 待定
    Undecided,
}

impl Conclusion {
    pub const ALL: [Conclusion; 3] = [Conclusion::Pass, Conclusion::Fail, Conclusion::Undecided];

    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Pass => "pass",
            Conclusion::Fail => "fail",
            Conclusion::Undecided => "undecided",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Conclusion::Pass => "建议通过",
            Conclusion::Fail => "建议不通过",
            Conclusion::Undecided => "待定",
        }
    }

    pub fn parse(s: &str) -> Option<Conclusion> {
        Conclusion::ALL
            .into_iter()
            .find(|v| v.as_str() == s || v.zh() == s)
    }
}

/// What a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A flag, keyed by `flag_key`.
    Flag,
    /// One expert's review of a submission, keyed by `expert_key` (submission and reviewer): each
    /// expert scores on their own, the panel's figures are derived (mean, conclusions).
    Submission,
    /// A passage, keyed by `passage_key`.
    Passage,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Flag => "flag",
            Target::Submission => "submission",
            Target::Passage => "passage",
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        [Target::Flag, Target::Submission, Target::Passage]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// A recorded field of a target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// A flag's `FlagStatus` (its code).
    Status,
    /// A flag's note (free text).
    Note,
    /// A submission's score for a scoring item of the profile (`[[scoring]]` id); a number as text.
    Score(String),
    /// A submission's `Conclusion` (its code).
    Conclusion,
    /// A submission's comment (free text).
    Comment,
    /// A passage's star: "1" starred, "" not.
    Star,
    /// A passage's tags, sorted and joined by "、".
    Tags,
}

impl Field {
    /// The stored name: status, note, score:<item>, conclusion, comment, star, tags.
    pub fn name(&self) -> String {
        match self {
            Field::Status => "status".into(),
            Field::Note => "note".into(),
            Field::Score(item) => format!("score:{item}"),
            Field::Conclusion => "conclusion".into(),
            Field::Comment => "comment".into(),
            Field::Star => "star".into(),
            Field::Tags => "tags".into(),
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Some(match s {
            "status" => Field::Status,
            "note" => Field::Note,
            "conclusion" => Field::Conclusion,
            "comment" => Field::Comment,
            "star" => Field::Star,
            "tags" => Field::Tags,
            _ => Field::Score(s.strip_prefix("score:")?.to_owned()),
        })
    }

    /// The value a field has before anybody sets it: 待核实 for a status, empty otherwise.
    pub fn default_value(&self) -> &'static str {
        match self {
            Field::Status => FlagStatus::Pending.as_str(),
            _ => "",
        }
    }

    /// Whether the field belongs to the target.
    pub fn fits(&self, t: Target) -> bool {
        matches!(
            (t, self),
            (Target::Flag, Field::Status | Field::Note)
                | (
                    Target::Submission,
                    Field::Score(_) | Field::Conclusion | Field::Comment
                )
                | (Target::Passage, Field::Star | Field::Tags)
        )
    }

    /// The reviewer's name for the field.
    pub fn zh(&self) -> String {
        match self {
            Field::Status => "核实状态".into(),
            Field::Note => "核实说明".into(),
            Field::Score(item) => format!("评分（{item}）"),
            Field::Conclusion => "结论".into(),
            Field::Comment => "评语".into(),
            Field::Star => "星标".into(),
            Field::Tags => "标签".into(),
        }
    }
}

/// Longest note or comment (characters).
pub const MAX_NOTE: usize = 4000;
/// Longest reviewer name (characters).
pub const MAX_NAME: usize = 40;
/// Most tags on a passage, and the longest tag (characters).
pub const MAX_TAGS: usize = 20;
/// Highest score any item may have (a profile's `max` is at most this).
pub const MAX_SCORE: f64 = 1000.0;

/// Whether `value` may be stored in `field` — the rule the web forms and `exchange::import` share:
/// a status or conclusion by its code, a score a finite number in 0..=`MAX_SCORE` (or empty), a
/// note or comment at most `MAX_NOTE` characters without control characters but line breaks, a
/// star "1" or "", tags in their stored form (`tags_value`). Errors say why, in Chinese.
pub fn check_value(field: &Field, value: &str) -> Result<(), String> {
    let ok = match field {
        Field::Status => FlagStatus::parse(value).is_some_and(|s| s.as_str() == value),
        Field::Conclusion => {
            value.is_empty() || Conclusion::parse(value).is_some_and(|c| c.as_str() == value)
        }
        Field::Score(_) => {
            value.is_empty()
                || value
                    .parse::<f64>()
                    .is_ok_and(|x| x.is_finite() && (0.0..=MAX_SCORE).contains(&x))
        }
        Field::Note | Field::Comment => {
            if value.chars().count() > MAX_NOTE {
                return Err(format!("{}过长（最多 {MAX_NOTE} 字）。", field.zh()));
            }
            !value.chars().any(|c| c.is_control() && c != '\n')
        }
        Field::Star => value.is_empty() || value == "1",
        Field::Tags => {
            let n = value.split('、').filter(|t| !t.is_empty()).count();
            if n > MAX_TAGS || value.split('、').any(|t| t.chars().count() > MAX_TAGS) {
                return Err(format!("标签最多 {MAX_TAGS} 个，每个最多 {MAX_TAGS} 字。"));
            }
            tags_value(value) == value
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "“{}”不能取值“{}”。",
            field.zh(),
            value.chars().take(40).collect::<String>()
        ))
    }
}

/// Whether a reviewer's name may be stored: 1..=`MAX_NAME` characters, no control characters.
pub fn check_reviewer(name: &str) -> Result<(), String> {
    let n = name.trim().chars().count();
    if n == 0 || n > MAX_NAME || name.chars().any(char::is_control) {
        Err(format!(
            "审查人姓名须为 1 至 {MAX_NAME} 个字，不含控制字符。"
        ))
    } else {
        Ok(())
    }
}

/// A stored value as the reviewer reads it: statuses and conclusions in Chinese, a star as ★,
/// an empty value as （空）, long text cut at 60 characters.
pub fn shown(field: &str, value: &str) -> String {
    match field {
        "status" => FlagStatus::parse(value).map_or(value.to_owned(), |s| s.zh().into()),
        "conclusion" => Conclusion::parse(value).map_or(value.to_owned(), |s| s.zh().into()),
        "star" => if value == "1" { "★" } else { "无星标" }.into(),
        _ if value.is_empty() => "（空）".into(),
        _ => value.chars().take(60).collect(),
    }
}

/// A stored field's name for the reviewer: a score by its item's name in the profile
/// (评分“典型经验及报送推广情况”), others by `Field::zh`.
pub fn field_zh(profile: &crate::profile::Profile, field: &str) -> String {
    match Field::parse(field) {
        Some(Field::Score(id)) => profile
            .meta
            .scoring
            .iter()
            .find(|i| i.id == id)
            .map_or_else(|| format!("评分（{id}）"), |i| format!("评分“{}”", i.name)),
        Some(f) => f.zh(),
        None => field.to_owned(),
    }
}

/// Text compared for identity: whitespace (a re-extraction's line breaks, full-width spaces) ignored.
fn normalised(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 16 hex digits of SHA-256 over the parts, each ended by NUL, after a label naming the kind of key.
fn hash_key(label: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update([0]);
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A flag's identity, 16 hex digits: submission, code, subject and every evidence's document and
/// quote (whitespace ignored, in evidence order). The block number and the message are left out, so
/// a re-run, a re-ordered corpus or an edit elsewhere in the document keeps the key.
pub fn flag_key(submission: &str, flag: &Flag) -> String {
    let evidence: Vec<String> = flag
        .evidence
        .iter()
        .flat_map(|e| [e.document.clone(), normalised(&e.quote)])
        .collect();
    let mut parts = vec![
        submission,
        flag.code.as_str(),
        flag.subject.as_deref().unwrap_or(""),
    ];
    parts.extend(evidence.iter().map(String::as_str));
    hash_key("flag", &parts)
}

/// The same finding with other evidence: submission, code, subject and the first evidence's
/// document. A decision whose `flag_key` is gone but whose loose key names exactly one undecided
/// current flag is shown on that flag, marked for a second look.
pub fn loose_key(submission: &str, flag: &Flag) -> String {
    hash_key(
        "loose",
        &[
            submission,
            flag.code.as_str(),
            flag.subject.as_deref().unwrap_or(""),
            flag.evidence.first().map_or("", |e| e.document.as_str()),
        ],
    )
}

/// A passage's identity, 16 hex digits: submission, document and its text (whitespace ignored).
pub fn passage_key(submission: &str, document: &str, text: &str) -> String {
    hash_key("passage", &[submission, document, &normalised(text)])
}

/// The key of one expert's review of a submission: the submission's name and the reviewer's,
/// joined by U+001F (a character neither name can hold).
pub fn expert_key(submission: &str, reviewer: &str) -> String {
    format!("{submission}\u{1f}{reviewer}")
}

/// The submission and reviewer of an `expert_key` (the reviewer empty for a key without one).
pub fn split_expert_key(key: &str) -> (&str, &str) {
    key.split_once('\u{1f}').unwrap_or((key, ""))
}

/// A submission's key in page markers (its name may hold any character).
pub fn submission_key(submission: &str) -> String {
    hash_key("submission", &[submission])
}

/// Tags as stored: split on commas, 、, semicolons and whitespace, trimmed, de-duplicated,
/// sorted, joined by 、 (`check_value` then holds them to `MAX_TAGS`).
pub fn tags_value(input: &str) -> String {
    let mut tags: Vec<&str> = input
        .split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::code::FlagCode;
    use crate::check::finding::Evidence;
    use crate::profile::severity::Severity;

    fn flag(quote: &str, block: usize, message: &str) -> Flag {
        Flag {
            code: FlagCode::RiskStatementMissing,
            severity: Severity::Blocker,
            subject: Some("environment".into()),
            message: message.into(),
            evidence: vec![Evidence {
                document: "自评报告.docx".into(),
                section: Some("一、总体情况".into()),
                block,
                quote: quote.into(),
            }],
        }
    }

    #[test]
    fn the_key_ignores_position_message_and_whitespace_but_not_the_quote() {
        let a = flag("近三年未发生重大生产安全事故。", 12, "甲");
        let moved = flag("近三年未发生重大 生产安全事故。\n", 40, "乙");
        assert_eq!(flag_key("成都市", &a), flag_key("成都市", &moved));
        let changed = flag("近三年未发生较大生产安全事故。", 12, "甲");
        assert_ne!(flag_key("成都市", &a), flag_key("成都市", &changed));
        assert_eq!(loose_key("成都市", &a), loose_key("成都市", &changed));
        assert_ne!(flag_key("成都市", &a), flag_key("绵阳市", &a));
        assert_eq!(flag_key("成都市", &a).len(), 16);
    }

    #[test]
    fn names_round_trip() {
        for s in FlagStatus::ALL {
            assert_eq!(FlagStatus::parse(s.as_str()), Some(s));
            assert_eq!(FlagStatus::parse(s.zh()), Some(s));
        }
        for c in Conclusion::ALL {
            assert_eq!(Conclusion::parse(c.zh()), Some(c));
        }
        for f in [
            Field::Status,
            Field::Note,
            Field::Score("support".into()),
            Field::Conclusion,
            Field::Comment,
            Field::Star,
            Field::Tags,
        ] {
            assert_eq!(Field::parse(&f.name()), Some(f));
        }
        assert_eq!(Field::parse("score"), None);
    }

    #[test]
    fn tags_are_a_sorted_set() {
        assert_eq!(
            tags_value(" 基金招商，风险池、基金招商 ;  "),
            "基金招商、风险池"
        );
        assert_eq!(tags_value(""), "");
    }
}
