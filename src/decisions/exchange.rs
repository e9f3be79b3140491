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
    /// Imported events whose uid the store holds with other content (not imported).
    pub mismatched: Vec<Event>,
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

/// The earliest time an event may carry: 2020-01-01 (the programme's first notice is of 2020).
const EARLIEST_US: i64 = 1_577_836_800_000_000;
/// How far ahead of this machine's clock an imported event may be (clocks drift): ten minutes.
const CLOCK_SKEW_US: i64 = 600_000_000;

fn hex_key(k: &str, len: usize) -> bool {
    k.len() == len
        && k.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Checks an export file before anything is written, with the rules the web forms apply: every
/// event's field fits its target, its key has the target's form (a flag or passage key of 16
/// hex digits, an expert's review as submission + U+001F + reviewer), its values pass
/// `check_value` and score items exist in `profile`, its reviewer passes `check_reviewer`, its
/// time lies between 2020 and ten minutes from now, uids are unique in the file. Errors name
/// the first problem in Chinese.
fn validate(data: &Export, profile: &crate::profile::Profile) -> Result<(), StoreError> {
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
    let latest = super::store::now_us() + CLOCK_SKEW_US;
    let mut uids = HashSet::new();
    for (i, e) in data.events.iter().enumerate() {
        let at = |m: String| {
            Err(StoreError::Invalid(format!(
                "导出文件第 {} 条记录有误：{m}（uid {}）",
                i + 1,
                e.uid.chars().take(40).collect::<String>()
            )))
        };
        if !hex_key(&e.uid, 32) {
            return at("记录编号应为32位十六进制数".into());
        }
        if !uids.insert(e.uid.as_str()) {
            return at("记录编号在文件中重复出现".into());
        }
        let Some(field) = Field::parse(&e.field).filter(|f| f.fits(e.target)) else {
            return at(format!("字段“{}”不属于{}", e.field, e.target.as_str()));
        };
        let key_ok = match e.target {
            Target::Flag | Target::Passage => hex_key(&e.key, 16),
            Target::Submission => {
                let (s, r) = super::split_expert_key(&e.key);
                !s.is_empty()
                    && s.chars().count() <= 200
                    && !s.chars().any(char::is_control)
                    && super::check_reviewer(r).is_ok()
            }
        };
        if !key_ok {
            return at("对象编号格式不对".into());
        }
        if let Field::Score(id) = &field {
            if !profile.meta.scoring.iter().any(|i| &i.id == id) {
                return at(format!(
                    "评分项“{id}”不在规则配置中（可用 --profile 指定导出方使用的规则配置）"
                ));
            }
        }
        for v in e.old.iter().chain([&e.new]) {
            if let Err(m) = super::check_value(&field, v) {
                return at(m);
            }
        }
        if let Err(m) = super::check_reviewer(&e.reviewer) {
            return at(m);
        }
        if !(EARLIEST_US..=latest).contains(&e.at_us) {
            return at(format!(
                "时间 {} 早于2020年或晚于本机当前时间（对方电脑的时钟可能有误）",
                super::store::beijing(e.at_us)
            ));
        }
        if e.origin.chars().count() > 200 || e.origin.chars().any(char::is_control) {
            return at("来源说明过长或含控制字符".into());
        }
    }
    for f in &data.findings {
        if !hex_key(&f.key, 16)
            || !hex_key(&f.loose, 16)
            || f.quote.chars().count() > 100_000
            || f.message.chars().count() > 10_000
        {
            return bad(format!(
                "导出文件中的问题记录 {} 格式不对。",
                f.key.chars().take(40).collect::<String>()
            ));
        }
    }
    for p in &data.passages {
        if !hex_key(&p.key, 16) || p.block < 0 || p.text.chars().count() > 100_000 {
            return bad(format!(
                "导出文件中的段落记录 {} 格式不对。",
                p.key.chars().take(40).collect::<String>()
            ));
        }
    }
    Ok(())
}

/// Merges an export into the store (one transaction). `origin` names the file in the history.
/// Errors: the file is not an export of a supported version, a record is malformed, SQLite.
pub fn import(
    store: &mut Store,
    data: &Export,
    origin: &str,
    profile: &crate::profile::Profile,
) -> Result<ImportReport, StoreError> {
    validate(data, profile)?;
    let local = store.events()?;
    let local_uids: HashSet<&str> = local.iter().map(|e| e.uid.as_str()).collect();
    // The same uid with other content: a tampered or diverging export; the local record stays.
    let by_uid: std::collections::HashMap<&str, &Event> =
        local.iter().map(|e| (e.uid.as_str(), e)).collect();
    let same = |a: &Event, b: &Event| {
        (
            a.target,
            &a.key,
            &a.field,
            &a.old,
            &a.new,
            &a.reviewer,
            a.at_us,
        ) == (
            b.target,
            &b.key,
            &b.field,
            &b.old,
            &b.new,
            &b.reviewer,
            b.at_us,
        )
    };
    let mismatched: Vec<Event> = data
        .events
        .iter()
        .filter(|e| by_uid.get(e.uid.as_str()).is_some_and(|l| !same(l, e)))
        .cloned()
        .collect();
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
        already: data.events.len() - added - mismatched.len(),
        conflicts,
        mismatched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decisions::store::{Change, Recorded};
    use crate::profile::Profile;

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
        set(
            &mut a,
            "00000000000000a1",
            Field::Status,
            "dismissed",
            "张三",
        );
        // b starts from a's work, then both change k1 differently; b also decides k2.
        import(
            &mut b,
            &export(&a).expect("export"),
            "a.json",
            &Profile::embedded(),
        )
        .expect("import");
        set(
            &mut a,
            "00000000000000a1",
            Field::Note,
            "已核对原件",
            "张三",
        );
        set(&mut b, "00000000000000a1", Field::Note, "存疑", "李四");
        set(
            &mut b,
            "00000000000000a2",
            Field::Status,
            "confirmed",
            "李四",
        );
        let report = import(
            &mut a,
            &export(&b).expect("export"),
            "b.json",
            &Profile::embedded(),
        )
        .expect("import");
        assert_eq!(report.added, 2);
        assert_eq!(report.already, 1);
        assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
        assert_eq!(report.conflicts[0].field, "note");
        assert_eq!(report.conflicts[0].kept, "imported", "b's note is later");
        import(
            &mut b,
            &export(&a).expect("export"),
            "a.json",
            &Profile::embedded(),
        )
        .expect("import");
        assert_eq!(values(&a), values(&b));
        // Importing again adds nothing.
        let again = import(
            &mut a,
            &export(&b).expect("export"),
            "b.json",
            &Profile::embedded(),
        )
        .expect("import");
        assert_eq!((again.added, again.conflicts.len()), (0, 0));
    }

    #[test]
    fn a_save_after_an_import_from_a_clock_ahead_is_what_the_field_holds() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Store::open(&dir.path().join("a.db")).expect("a");
        let mut b = Store::open(&dir.path().join("b.db")).expect("b");
        set(
            &mut b,
            "00000000000000a1",
            Field::Note,
            "对方的说明",
            "李四",
        );
        let mut data = export(&b).expect("export");
        data.events[0].at_us += 300_000_000; // five minutes ahead: accepted
        import(&mut a, &data, "b.json", &Profile::embedded()).expect("import");
        set(
            &mut a,
            "00000000000000a1",
            Field::Note,
            "本机的新说明",
            "张三",
        );
        let state = a.state().expect("state");
        assert_eq!(
            state[&(Target::Flag, "00000000000000a1".into())]["note"].value,
            "本机的新说明"
        );
    }

    #[test]
    fn a_foreign_or_broken_file_is_refused_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Store::open(&dir.path().join("a.db")).expect("a");
        set(
            &mut a,
            "00000000000000a1",
            Field::Status,
            "dismissed",
            "张三",
        );
        let mut data = export(&a).expect("export");
        data.format = "something-else".into();
        assert!(import(&mut a, &data, "x", &Profile::embedded()).is_err());
        let mut data = export(&a).expect("export");
        data.events[0].field = "star".into(); // a flag has no star
        data.events[0].uid = "0".repeat(32);
        assert!(import(&mut a, &data, "x", &Profile::embedded()).is_err());
        // Values the web forms would refuse, a clock a day ahead, a uid twice.
        let good = export(&a).expect("export");
        let mut hostile = Vec::new();
        for edit in [
            |e: &mut Event| e.new = "<script>".into(),
            |e: &mut Event| e.at_us += 86_400_000_000,
            |e: &mut Event| e.at_us = 0,
            |e: &mut Event| e.reviewer = "名".repeat(41),
            |e: &mut Event| e.key = "k1".into(),
        ] {
            let mut d = good.clone();
            d.events[0].uid = "1".repeat(32);
            edit(&mut d.events[0]);
            hostile.push(d);
        }
        let mut twice = good.clone();
        let mut copy = twice.events[0].clone();
        copy.new = "confirmed".into();
        twice.events.push(copy);
        hostile.push(twice);
        for d in hostile {
            assert!(
                import(&mut a, &d, "x", &Profile::embedded()).is_err(),
                "{:?}",
                d.events
            );
        }
        // A known uid with other content is reported and not imported.
        let mut changed = good.clone();
        changed.events[0].new = "confirmed".into();
        let r = import(&mut a, &changed, "x", &Profile::embedded()).expect("import");
        assert_eq!((r.added, r.mismatched.len()), (0, 1));
        assert_eq!(a.events().expect("events").len(), 1);
        assert_eq!(a.events().expect("events")[0].new, "dismissed");
    }
}
