//! The store's state laid over the current reviews: each flag's decision (found by `flag_key`,
//! or carried from a finding whose evidence changed and marked for a second look), decisions whose
//! flag no longer appears (已不再出现), each expert's scores and conclusion on each submission (the
//! panel), passage marks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::store::{Current, FindingRecord, PassageRecord, State, Store, StoreError};
use super::{flag_key, loose_key, Conclusion, FlagStatus, Target};
use crate::check::finding::Flag;
use crate::check::review::Review;

/// A flag's decision as a page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlagView {
    /// The current flag's key: writes go here.
    pub key: String,
    pub status: FlagStatus,
    pub note: String,
    /// Who last changed the status or the note, and when (µs since the epoch); empty/0 if nobody.
    pub reviewer: String,
    pub at_us: i64,
    /// The seqs of the latest status and note events of `key` (0: none), sent back with a form so
    /// a change made meanwhile by someone else is reported, not overwritten.
    pub base_status: i64,
    pub base_note: i64,
    /// The decision was made on this finding, whose evidence has since changed: shown here, to be
    /// looked at again (需复核) and saved on the current flag.
    pub recheck: Option<FindingRecord>,
}

impl FlagView {
    /// Whether anybody decided anything on this flag (or on its earlier evidence).
    pub fn decided(&self) -> bool {
        self.at_us > 0
    }

    /// The label for filters: 需复核 before the status.
    pub fn label(&self) -> &'static str {
        if self.recheck.is_some() {
            "需复核"
        } else {
            self.status.zh()
        }
    }
}

/// A decision whose flag is not among the current flags (已不再出现): kept with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct GoneFlag {
    pub record: FindingRecord,
    pub view: FlagView,
}

/// One expert's scores, conclusion and comment on a submission.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpertView {
    pub reviewer: String,
    /// Scoring item id → the score (a number as text).
    pub scores: BTreeMap<String, String>,
    pub conclusion: Option<Conclusion>,
    pub comment: String,
    /// When the expert last changed any of it (µs since the epoch; 0: never).
    pub at_us: i64,
    /// Field name → seq of its latest event (for conflict checks).
    pub bases: BTreeMap<String, i64>,
}

impl ExpertView {
    /// The sum of the scores that are numbers, or None when no score is recorded.
    pub fn total(&self) -> Option<f64> {
        let v: Vec<f64> = self
            .scores
            .values()
            .filter_map(|s| s.trim().parse::<f64>().ok())
            .collect();
        (!v.is_empty()).then(|| v.iter().sum())
    }
}

/// The panel's view of a submission: every expert who scored or concluded on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    /// Sorted by the reviewer's name.
    pub experts: Vec<ExpertView>,
}

impl Panel {
    /// The mean of the experts' totals (experts without a score left out), rounded to 0.01.
    pub fn mean_total(&self) -> Option<f64> {
        let totals: Vec<f64> = self.experts.iter().filter_map(ExpertView::total).collect();
        (!totals.is_empty())
            .then(|| (totals.iter().sum::<f64>() / totals.len() as f64 * 100.0).round() / 100.0)
    }

    /// How many experts gave each conclusion, in the order 建议通过, 建议不通过, 待定.
    pub fn conclusions(&self) -> Vec<(Conclusion, usize)> {
        Conclusion::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    self.experts
                        .iter()
                        .filter(|e| e.conclusion == Some(c))
                        .count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The conclusions as the reviewer reads them: “建议通过 2、待定 1”, or "" when none.
    pub fn conclusions_zh(&self) -> String {
        self.conclusions()
            .iter()
            .map(|(c, n)| format!("{} {n}", c.zh()))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The experts' names, joined by 、.
    pub fn reviewers(&self) -> String {
        self.experts
            .iter()
            .map(|e| e.reviewer.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A passage's star and tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassageMark {
    pub record: Option<PassageRecord>,
    pub star: bool,
    pub tags: Vec<String>,
    pub reviewer: String,
    pub at_us: i64,
    pub base_star: i64,
    pub base_tags: i64,
}

/// The decisions over one set of reviews.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    flags: HashMap<String, FlagView>,
    gone: BTreeMap<String, Vec<GoneFlag>>,
    panels: HashMap<String, Panel>,
    passages: HashMap<String, PassageMark>,
}

fn flag_view(key: &str, fields: Option<&BTreeMap<String, Current>>) -> FlagView {
    let mut v = FlagView {
        key: key.to_owned(),
        ..Default::default()
    };
    let Some(fields) = fields else {
        return v;
    };
    for (name, c) in fields {
        match name.as_str() {
            "status" => {
                v.status = FlagStatus::parse(&c.value).unwrap_or_default();
                v.base_status = c.seq;
            }
            "note" => {
                v.note = c.value.clone();
                v.base_note = c.seq;
            }
            _ => continue,
        }
        if c.at_us >= v.at_us {
            v.at_us = c.at_us;
            v.reviewer = c.reviewer.clone();
        }
    }
    v
}

impl Overlay {
    /// Reads the store beside an index (`super::store_path`) over these reviews; an empty overlay
    /// when there is no store yet. Errors: the store exists but cannot be read.
    pub fn load(store: &Path, reviews: &[Review]) -> Result<Overlay, StoreError> {
        match Store::open_existing(store)? {
            None => Ok(Overlay::default()),
            Some(s) => Ok(Overlay::build(
                reviews,
                &s.state()?,
                &s.findings()?,
                &s.passages()?,
            )),
        }
    }

    /// Lays `state` over `reviews`. A decided key among the current flags is shown on its flag.
    /// A decided key that is gone is carried to the one undecided current flag sharing its
    /// `loose_key` when exactly one decision and one such flag share it (marked 需复核); it is
    /// left out when every current flag of its loose key has its own decision (re-reviewed; the
    /// history stays); else it is listed as 已不再出现.
    pub fn build(
        reviews: &[Review],
        state: &State,
        findings: &[FindingRecord],
        passages: &[PassageRecord],
    ) -> Overlay {
        let mut o = Overlay::default();
        let records: HashMap<&str, &FindingRecord> =
            findings.iter().map(|f| (f.key.as_str(), f)).collect();
        let passage_records: HashMap<&str, &PassageRecord> =
            passages.iter().map(|p| (p.key.as_str(), p)).collect();
        // Current flags: key → (submission, loose).
        let mut current: HashMap<String, String> = HashMap::new();
        let mut by_loose: HashMap<String, Vec<String>> = HashMap::new();
        for r in reviews {
            for f in &r.flags {
                let k = flag_key(&r.submission, f);
                let l = loose_key(&r.submission, f);
                by_loose.entry(l.clone()).or_default().push(k.clone());
                current.insert(k, l);
            }
        }
        let decided: HashSet<&str> = state
            .keys()
            .filter(|(t, _)| *t == Target::Flag)
            .map(|(_, k)| k.as_str())
            .collect();
        let mut orphans: HashMap<String, Vec<&str>> = HashMap::new();
        for ((t, key), fields) in state {
            match t {
                Target::Flag => {
                    let v = flag_view(key, Some(fields));
                    if current.contains_key(key) {
                        o.flags.insert(key.clone(), v);
                    } else if let Some(rec) = records.get(key.as_str()) {
                        orphans.entry(rec.loose.clone()).or_default().push(key);
                    }
                }
                Target::Submission => {
                    let (submission, reviewer) = super::split_expert_key(key);
                    let mut e = ExpertView {
                        reviewer: reviewer.to_owned(),
                        ..Default::default()
                    };
                    for (name, c) in fields {
                        e.bases.insert(name.clone(), c.seq);
                        e.at_us = e.at_us.max(c.at_us);
                        match name.as_str() {
                            "conclusion" => e.conclusion = Conclusion::parse(&c.value),
                            "comment" => e.comment = c.value.clone(),
                            n => {
                                if let Some(item) = n.strip_prefix("score:") {
                                    if !c.value.is_empty() {
                                        e.scores.insert(item.to_owned(), c.value.clone());
                                    }
                                }
                            }
                        }
                    }
                    let panel = o.panels.entry(submission.to_owned()).or_default();
                    panel.experts.push(e);
                    panel.experts.sort_by(|a, b| a.reviewer.cmp(&b.reviewer));
                }
                Target::Passage => {
                    let mut m = PassageMark::default();
                    for (name, c) in fields {
                        match name.as_str() {
                            "star" => {
                                m.star = c.value == "1";
                                m.base_star = c.seq;
                            }
                            "tags" => {
                                m.tags = c
                                    .value
                                    .split('、')
                                    .filter(|t| !t.is_empty())
                                    .map(str::to_owned)
                                    .collect();
                                m.base_tags = c.seq;
                            }
                            _ => continue,
                        }
                        if c.at_us >= m.at_us {
                            m.at_us = c.at_us;
                            m.reviewer = c.reviewer.clone();
                        }
                    }
                    m.record = passage_records.get(key.as_str()).map(|p| (*p).clone());
                    o.passages.insert(key.clone(), m);
                }
            }
        }
        let mut orphans: Vec<(String, Vec<&str>)> = orphans.into_iter().collect();
        orphans.sort();
        for (loose, mut keys) in orphans {
            keys.sort();
            let flags = by_loose.get(&loose).map(Vec::as_slice).unwrap_or(&[]);
            let undecided: Vec<&String> = flags
                .iter()
                .filter(|k| !decided.contains(k.as_str()))
                .collect();
            if !flags.is_empty() && undecided.is_empty() {
                continue; // re-reviewed on the current flags
            }
            if let ([old], [new]) = (keys.as_slice(), undecided.as_slice()) {
                let mut v = flag_view(old, state.get(&(Target::Flag, old.to_string())));
                v.key = (*new).clone();
                v.base_status = 0;
                v.base_note = 0;
                v.recheck = records.get(old).map(|r| (*r).clone());
                o.flags.insert((*new).clone(), v);
                continue;
            }
            for k in keys {
                if let Some(rec) = records.get(k) {
                    o.gone
                        .entry(rec.submission.clone())
                        .or_default()
                        .push(GoneFlag {
                            record: (*rec).clone(),
                            view: flag_view(k, state.get(&(Target::Flag, k.to_string()))),
                        });
                }
            }
        }
        o
    }

    /// The decision on a current flag (待核实 with nobody's name when none).
    pub fn flag(&self, submission: &str, flag: &Flag) -> FlagView {
        let key = flag_key(submission, flag);
        self.flags
            .get(&key)
            .cloned()
            .unwrap_or_else(|| flag_view(&key, None))
    }

    /// Decisions whose flag no longer appears in this submission.
    pub fn gone(&self, submission: &str) -> &[GoneFlag] {
        self.gone.get(submission).map_or(&[], Vec::as_slice)
    }

    /// Every submission with gone decisions.
    pub fn all_gone(&self) -> impl Iterator<Item = (&String, &Vec<GoneFlag>)> {
        self.gone.iter()
    }

    /// Every expert's scores and conclusion on a submission.
    pub fn panel(&self, submission: &str) -> Panel {
        self.panels.get(submission).cloned().unwrap_or_default()
    }

    /// One expert's scores and conclusion (empty, with the name, when they recorded none).
    pub fn expert(&self, submission: &str, reviewer: &str) -> ExpertView {
        self.panels
            .get(submission)
            .and_then(|p| p.experts.iter().find(|e| e.reviewer == reviewer))
            .cloned()
            .unwrap_or_else(|| ExpertView {
                reviewer: reviewer.to_owned(),
                ..Default::default()
            })
    }

    pub fn passage(&self, key: &str) -> Option<&PassageMark> {
        self.passages.get(key)
    }

    /// Passages with a star or a tag, with what they stand for.
    pub fn marked_passages(&self) -> Vec<&PassageMark> {
        let mut v: Vec<&PassageMark> = self
            .passages
            .values()
            .filter(|m| (m.star || !m.tags.is_empty()) && m.record.is_some())
            .collect();
        v.sort_by(|a, b| {
            let ka = a
                .record
                .as_ref()
                .map(|r| (&r.submission, &r.document, r.block));
            let kb = b
                .record
                .as_ref()
                .map(|r| (&r.submission, &r.document, r.block));
            ka.cmp(&kb)
        });
        v
    }
}

/// The identity record of a current flag, for `Store::remember_finding`.
pub fn finding_record(submission: &str, flag: &Flag) -> FindingRecord {
    let first = flag.evidence.first();
    FindingRecord {
        key: flag_key(submission, flag),
        loose: loose_key(submission, flag),
        submission: submission.to_owned(),
        code: flag.code.as_str().to_owned(),
        subject: flag.subject.clone(),
        document: first.map_or_else(String::new, |e| e.document.clone()),
        quote: first.map_or_else(String::new, |e| e.quote.clone()),
        message: flag.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::code::FlagCode;
    use crate::check::finding::Evidence;
    use crate::decisions::store::{Change, Store};
    use crate::decisions::Field;
    use crate::profile::severity::Severity;

    fn flag(code: FlagCode, subject: &str, quote: &str) -> Flag {
        Flag {
            code,
            severity: Severity::Warning,
            subject: Some(subject.into()),
            message: "说明".into(),
            evidence: vec![Evidence {
                document: "甲市/自评报告.docx".into(),
                section: None,
                block: 3,
                quote: quote.into(),
            }],
        }
    }

    fn review(flags: Vec<Flag>) -> Review {
        Review {
            submission: "甲市".into(),
            city: Some("甲市".into()),
            province: None,
            role: None,
            documents: vec![],
            sections: vec![],
            flags,
            indicators: None,
            targets: vec![],
            inferred: vec![],
            notes: vec![],
        }
    }

    fn decide(s: &mut Store, f: &Flag, status: FlagStatus) {
        s.remember_finding(&finding_record("甲市", f))
            .expect("remember");
        s.record(&Change {
            target: Target::Flag,
            key: flag_key("甲市", f),
            field: Field::Status,
            value: status.as_str().into(),
            reviewer: "张三".into(),
            base: None,
        })
        .expect("record");
    }

    fn overlay(s: &Store, r: &Review) -> Overlay {
        Overlay::build(
            std::slice::from_ref(r),
            &s.state().expect("state"),
            &s.findings().expect("findings"),
            &s.passages().expect("passages"),
        )
    }

    #[test]
    fn carried_gone_ambiguous_and_re_reviewed_decisions() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut s = Store::open(&dir.path().join("r.db")).expect("store");
        let risk = flag(
            FlagCode::RiskEventDisclosed,
            "environment",
            "发生1起较大事件。",
        );
        let mismatch = flag(
            FlagCode::IndicatorMismatch,
            "green_loans",
            "绿色贷款余额300亿元。",
        );
        let a = flag(FlagCode::IndicatorMismatch, "tech_loans", "甲句。");
        let b = flag(FlagCode::IndicatorMismatch, "tech_loans", "乙句。");
        decide(&mut s, &risk, FlagStatus::Dismissed);
        decide(&mut s, &mismatch, FlagStatus::Confirmed);
        decide(&mut s, &a, FlagStatus::Confirmed);
        decide(&mut s, &b, FlagStatus::Dismissed);

        // Same flags: every decision on its flag, nothing gone.
        let o = overlay(
            &s,
            &review(vec![risk.clone(), mismatch.clone(), a.clone(), b.clone()]),
        );
        assert_eq!(o.flag("甲市", &risk).status, FlagStatus::Dismissed);
        assert!(o.gone("甲市").is_empty());

        // The risk quote reworded (one flag of its loose key): carried, marked 需复核. The
        // mismatch gone: 已不再出现. Both tech_loans quotes changed into two new flags: which
        // is which cannot be told, so both decisions are listed gone and the new flags undecided.
        let reworded = flag(
            FlagCode::RiskEventDisclosed,
            "environment",
            "发生1起一般事件。",
        );
        let a2 = flag(FlagCode::IndicatorMismatch, "tech_loans", "丙句。");
        let b2 = flag(FlagCode::IndicatorMismatch, "tech_loans", "丁句。");
        let r = review(vec![reworded.clone(), a2.clone(), b2.clone()]);
        let o = overlay(&s, &r);
        let v = o.flag("甲市", &reworded);
        assert_eq!(v.status, FlagStatus::Dismissed);
        assert_eq!(v.key, flag_key("甲市", &reworded));
        assert_eq!(
            v.recheck.as_ref().map(|f| f.quote.as_str()),
            Some("发生1起较大事件。")
        );
        assert_eq!(v.label(), "需复核");
        assert!(!o.flag("甲市", &a2).decided());
        let mut gone: Vec<&str> = o
            .gone("甲市")
            .iter()
            .map(|g| g.record.quote.as_str())
            .collect();
        gone.sort();
        assert_eq!(gone, ["乙句。", "甲句。", "绿色贷款余额300亿元。"]);

        // Once the carried decision is saved on the new flag, the old one is neither carried nor gone.
        decide(&mut s, &reworded, FlagStatus::Dismissed);
        let o = overlay(&s, &r);
        assert!(o.flag("甲市", &reworded).recheck.is_none());
        assert!(o
            .gone("甲市")
            .iter()
            .all(|g| g.record.code != "RISK_EVENT_DISCLOSED"));
    }
}
