//! Decisions between machines: `export` writes a store's whole history (JSON, format
//! "pilot-review-decisions" version 1), `import` merges such a file into a store by event identity
//! (uid): events already present are skipped, new ones added with their own reviewer and time, so
//! importing twice changes nothing and both machines converge on the same state. Where both sides
//! changed a field to different values, the later change is in effect and the pair is listed as a
//! conflict for the reviewers to settle.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::store::{beijing, Event, FindingRecord, PassageRecord, Store, StoreError};
use super::{Field, Target};

/// The `format` of an export file.
pub const FORMAT: &str = "pilot-review-decisions";
/// The version of the export file this build writes and reads.
pub const VERSION: u32 = 1;

/// An export file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    /// RFC 3339, UTC.
    pub exported_at: String,
    pub events: Vec<Event>,
    #[serde(default)]
    pub findings: Vec<FindingRecord>,
    #[serde(default)]
    pub passages: Vec<PassageRecord>,
}

/// Both sides changed a field to different values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub target: Target,
    pub key: String,
    pub field: String,
    /// What the target is, for the reviewer (submission, flag name, quote).
    pub about: String,
    pub local: Event,
    pub imported: Event,
    /// Which value is now in effect (the later change): "local" or "imported".
    pub kept: &'static str,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub events: usize,
    pub added: usize,
    pub already: usize,
    pub conflicts: Vec<Conflict>,
}

/// The whole store as an export.
pub fn export(store: &Store) -> Result<Export, StoreError> {
    Ok(Export {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: jiff::Timestamp::now().to_string(),
        events: store.events()?,
        findings: store.findings()?,
        passages: store.passages()?,
    })
}

/// What a (target, key) is, in the reviewer's words.
fn about(
    target: Target,
    key: &str,
    findings: &[FindingRecord],
    passages: &[PassageRecord],
) -> String {
    match target {
        Target::Submission => {
            let (submission, reviewer) = super::split_expert_key(key);
            format!("{submission} · 专家 {reviewer}")
        }
        Target::Flag => findings.iter().find(|f| f.key == key).map_or_else(
            || format!("问题 {key}"),
            |f| {
                let name = crate::check::code::FlagCode::parse(&f.code)
                    .map_or(f.code.as_str(), |c| c.zh());
                let quote: String = f.quote.chars().take(40).collect();
                format!(
                    "{} · {}{} · “{quote}”",
                    f.submission,
                    name,
                    f.subject
                        .as_deref()
                        .map(|s| format!("（{s}）"))
                        .unwrap_or_default()
                )
            },
        ),
        Target::Passage => passages.iter().find(|p| p.key == key).map_or_else(
            || format!("段落 {key}"),
            |p| {
                let text: String = p.text.chars().take(40).collect();
                format!("{} · {} · “{text}”", p.submission, p.document)
            },
        ),
    }
}

/// The current decisions as Chinese lines, one per field, for a quick look in a terminal; score
/// items named as in `profile`.
pub fn readable(store: &Store, profile: &crate::profile::Profile) -> Result<String, StoreError> {
    let findings = store.findings()?;
    let passages = store.passages()?;
    let mut out = String::new();
    for ((target, key), fields) in store.state()? {
        out.push_str(&about(target, &key, &findings, &passages));
        out.push('\n');
        for (name, c) in fields {
            let field = super::field_zh(profile, &name);
            let value = super::shown(&name, &c.value);
            out.push_str(&format!(
                "  {field}：{value}（{}，{}）\n",
                c.reviewer,
                beijing(c.at_us)
            ));
        }
    }
    Ok(out)
}

/// Checks an export file before anything is written. Errors name the first problem in Chinese.
fn validate(data: &Export) -> Result<(), StoreError> {
    let bad = |m: String| Err(StoreError::Invalid(m));
    if data.format != FORMAT {
        return bad(format!(
            "不是审查记录导出文件（format 应为 {FORMAT}，实为 “{}”）。",
            data.format
        ));
    }
    if data.version > VERSION {
        return bad(format!(
            "导出文件版本 {} 高于本工具支持的 {VERSION}，请升级 pilot-review。",
            data.version
        ));
    }
    for (i, e) in data.events.iter().enumerate() {
        let uid_ok = e.uid.len() == 32 && e.uid.bytes().all(|b| b.is_ascii_hexdigit());
        let field_ok = Field::parse(&e.field).is_some_and(|f| f.fits(e.target));
        if !uid_ok || !field_ok || e.reviewer.trim().is_empty() || e.key.is_empty() {
            return bad(format!(
                "导出文件第 {} 条记录不完整或字段不符（uid “{}”，字段 “{}”）。",
                i + 1,
                e.uid,
                e.field
            ));
        }
    }
    Ok(())
}

/// Merges an export into the store (one transaction). `origin` names the file in the history.
/// Errors: the file is not an export of a supported version, a record is malformed, SQLite.
pub fn import(store: &mut Store, data: &Export, origin: &str) -> Result<ImportReport, StoreError> {
    validate(data)?;
    let local = store.events()?;
    let local_uids: HashSet<&str> = local.iter().map(|e| e.uid.as_str()).collect();
    let incoming_uids: HashSet<&str> = data.events.iter().map(|e| e.uid.as_str()).collect();
    type Triple = (Target, String, String);
    let mut sides: BTreeMap<Triple, (Vec<&Event>, Vec<&Event>)> = BTreeMap::new();
    for e in &data.events {
        sides
            .entry((e.target, e.key.clone(), e.field.clone()))
            .or_default()
            .1
            .push(e);
    }
    for e in &local {
        if let Some(s) = sides.get_mut(&(e.target, e.key.clone(), e.field.clone())) {
            s.0.push(e);
        }
    }
    let order = |e: &&&Event| (e.at_us, e.uid.clone());
    let mut findings = store.findings()?;
    findings.extend(data.findings.iter().cloned());
    let mut passages = store.passages()?;
    passages.extend(data.passages.iter().cloned());
    let mut conflicts = Vec::new();
    for ((target, key, field), (mine, theirs)) in &sides {
        let local_only = mine.iter().any(|e| !incoming_uids.contains(e.uid.as_str()));
        let new_there = theirs.iter().any(|e| !local_uids.contains(e.uid.as_str()));
        if !(local_only && new_there) {
            continue;
        }
        let (Some(l), Some(t)) = (
            mine.iter().max_by_key(order),
            theirs.iter().max_by_key(order),
        ) else {
            continue;
        };
        if l.new == t.new {
            continue;
        }
        conflicts.push(Conflict {
            target: *target,
            key: key.clone(),
            field: field.clone(),
            about: about(*target, key, &findings, &passages),
            local: (*l).clone(),
            imported: (*t).clone(),
            kept: if order(&l) > order(&t) {
                "local"
            } else {
                "imported"
            },
        });
    }
    let events: Vec<Event> = data
        .events
        .iter()
        .map(|e| Event {
            origin: if e.origin == "local" {
                origin.to_owned()
            } else {
                e.origin.clone()
            },
            ..e.clone()
        })
        .collect();
    let added = store.add_events(&events, &data.findings, &data.passages)?;
    Ok(ImportReport {
        events: data.events.len(),
        added,
        already: data.events.len() - added,
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decisions::store::{Change, Recorded};

    fn set(s: &mut Store, key: &str, field: Field, v: &str, who: &str) {
        let r = s
            .record(&Change {
                target: Target::Flag,
                key: key.into(),
                field,
                value: v.into(),
                reviewer: who.into(),
                base: None,
            })
            .expect("record");
        assert!(matches!(r, Recorded::Saved(_)));
    }

    /// The state without local sequence numbers.
    fn values(s: &Store) -> Vec<(Target, String, String, String, String, i64)> {
        s.state()
            .expect("state")
            .into_iter()
            .flat_map(|((t, k), fields)| {
                fields
                    .into_iter()
                    .map(move |(f, c)| (t, k.clone(), f, c.value, c.reviewer, c.at_us))
            })
            .collect()
    }

    #[test]
    fn two_machines_converge_and_conflicts_are_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Store::open(&dir.path().join("a.db")).expect("a");
        let mut b = Store::open(&dir.path().join("b.db")).expect("b");
        set(&mut a, "k1", Field::Status, "dismissed", "张三");
        // b starts from a's work, then both change k1 differently; b also decides k2.
        import(&mut b, &export(&a).expect("export"), "a.json").expect("import");
        set(&mut a, "k1", Field::Note, "已核对原件", "张三");
        set(&mut b, "k1", Field::Note, "存疑", "李四");
        set(&mut b, "k2", Field::Status, "confirmed", "李四");
        let report = import(&mut a, &export(&b).expect("export"), "b.json").expect("import");
        assert_eq!(report.added, 2);
        assert_eq!(report.already, 1);
        assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
        assert_eq!(report.conflicts[0].field, "note");
        assert_eq!(report.conflicts[0].kept, "imported", "b's note is later");
        import(&mut b, &export(&a).expect("export"), "a.json").expect("import");
        assert_eq!(values(&a), values(&b));
        // Importing again adds nothing.
        let again = import(&mut a, &export(&b).expect("export"), "b.json").expect("import");
        assert_eq!((again.added, again.conflicts.len()), (0, 0));
    }

    #[test]
    fn a_foreign_or_broken_file_is_refused_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Store::open(&dir.path().join("a.db")).expect("a");
        set(&mut a, "k1", Field::Status, "dismissed", "张三");
        let mut data = export(&a).expect("export");
        data.format = "something-else".into();
        assert!(import(&mut a, &data, "x").is_err());
        let mut data = export(&a).expect("export");
        data.events[0].field = "star".into(); // a flag has no star
        data.events[0].uid = "0".repeat(32);
        assert!(import(&mut a, &data, "x").is_err());
        assert_eq!(a.events().expect("events").len(), 1);
    }
}
