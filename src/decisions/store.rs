//! The decisions store: one SQLite file (rusqlite, bundled library), WAL mode so readers never wait
//! for a writer, `PRAGMA user_version` as the schema version with numbered migrations.
//!
//! Every change is a row of `events` — who, when, field, old → new — and rows are never updated
//! or deleted (triggers refuse it); the current state is the latest event of each (target, key,
//! field), latest by time and then by the event's random uid, so two stores merged by
//! `exchange::import` agree. `findings` and `passages` keep what a key stood for (code, subject,
//! quote; passage text), so a flag that no longer appears can still be shown.
//!
//! Concurrency: each write is one IMMEDIATE transaction (the old value is read inside it), with a
//! busy timeout, so several processes or server threads writing at once lose nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::{Field, Target};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// The migrations, in order: migration i brings a store from version i to i + 1.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE events (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    uid      TEXT NOT NULL UNIQUE,
    target   TEXT NOT NULL,
    key      TEXT NOT NULL,
    field    TEXT NOT NULL,
    old      TEXT,
    new      TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at_us    INTEGER NOT NULL,
    origin   TEXT NOT NULL
);
CREATE INDEX events_by_key ON events (target, key, field, at_us, uid);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE findings (
    key        TEXT PRIMARY KEY,
    loose      TEXT NOT NULL,
    submission TEXT NOT NULL,
    code       TEXT NOT NULL,
    subject    TEXT,
    document   TEXT NOT NULL,
    quote      TEXT NOT NULL,
    message    TEXT NOT NULL
);
CREATE TABLE passages (
    key        TEXT PRIMARY KEY,
    submission TEXT NOT NULL,
    document   TEXT NOT NULL,
    block      INTEGER NOT NULL,
    text       TEXT NOT NULL
);
"#];

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("decisions store {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("decisions store {path} has schema version {found}, newer than this build's {SCHEMA_VERSION}")]
    Newer { path: PathBuf, found: i64 },
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// For the reviewer: the usual causes named (another program holding the store, a read-only
    /// file, a file that is not a store), SQLite's own words after them.
    pub fn zh(&self) -> String {
        match self {
            StoreError::Sqlite { path, source } => {
                use rusqlite::ErrorCode::*;
                let why = match source.sqlite_error_code() {
                    Some(DatabaseBusy | DatabaseLocked) => "正被其他程序占用（如另一个正在保存的 serve 或 decisions import），请稍后再试",
                    Some(ReadOnly) => "是只读的，无法保存，请检查文件权限",
                    Some(NotADatabase) => "不是审查记录库（文件可能已损坏或被替换）",
                    Some(CannotOpen) => "无法打开，请确认所在文件夹存在且可写",
                    Some(DiskFull) => "所在磁盘已满",
                    _ => "无法读写",
                };
                format!("审查记录库 {} {why}。（{source}）", path.display())
            }
            StoreError::Newer { path, found } => format!(
                "审查记录库 {} 由较新版本的 pilot-review 写入（版本 {found}），请升级本工具后再打开。",
                path.display()
            ),
            StoreError::Invalid(m) => m.clone(),
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Order in this store (not carried between stores).
    #[serde(skip)]
    pub seq: i64,
    /// 32 hex digits, random: the event's identity across stores.
    pub uid: String,
    pub target: Target,
    pub key: String,
    /// `Field::name`.
    pub field: String,
    /// The value before (None when the field had none).
    pub old: Option<String>,
    pub new: String,
    pub reviewer: String,
    /// Microseconds since the Unix epoch (UTC).
    pub at_us: i64,
    /// Where the event was made: "local" or the file it was imported from.
    pub origin: String,
}

/// What a flag key stood for when it was first decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    pub key: String,
    pub loose: String,
    pub submission: String,
    pub code: String,
    pub subject: Option<String>,
    /// The first evidence's document and quote ("" without evidence).
    pub document: String,
    pub quote: String,
    pub message: String,
}

/// What a passage key stood for when it was first marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageRecord {
    pub key: String,
    pub submission: String,
    pub document: String,
    /// 0-based, as in the JSON contract, when it was marked.
    pub block: i64,
    pub text: String,
}

/// A change a reviewer asks for.
#[derive(Debug, Clone)]
pub struct Change {
    pub target: Target,
    pub key: String,
    pub field: Field,
    pub value: String,
    pub reviewer: String,
    /// The seq of the field's latest event the reviewer saw (0: none); `None` skips the check.
    /// A different latest event with another value is a conflict, not an overwrite.
    pub base: Option<i64>,
}

/// What became of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Saved(Event),
    /// The field already holds this value.
    Unchanged,
    /// Someone changed the field since the reviewer's page was drawn; nothing was written.
    Conflict(Event),
}

/// The latest value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Current {
    pub value: String,
    pub reviewer: String,
    pub at_us: i64,
    pub seq: i64,
}

/// The current state: (target, key) → field name → latest value.
pub type State = BTreeMap<(Target, String), BTreeMap<String, Current>>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Now, in microseconds since the Unix epoch.
pub fn now_us() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

/// A time for the reviewer: Beijing time, to the minute (2024-02-05 14:30).
pub fn beijing(at_us: i64) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(at_us) else {
        return String::new();
    };
    let Ok(offset) = jiff::tz::Offset::from_hours(8) else {
        return String::new();
    };
    jiff::tz::TimeZone::fixed(offset)
        .to_datetime(ts)
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn new_uid() -> Result<String, StoreError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| StoreError::Invalid(format!("no randomness: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

impl Store {
    /// Opens the store at `path`, creating it (and migrating an older one) as needed.
    /// Errors: the file cannot be opened or is not SQLite; it was written by a newer build.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let sql = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(sql)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens the store only when the file exists (`run` reads decisions but never creates a store).
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.is_file() {
            Store::open(path).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Brings the schema to `SCHEMA_VERSION`, one migration per transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| StoreError::Sqlite {
                    path: self.path.clone(),
                    source: e,
                })?;
            let version: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|e| StoreError::Sqlite {
                    path: self.path.clone(),
                    source: e,
                })?;
            if version > SCHEMA_VERSION {
                return Err(StoreError::Newer {
                    path: self.path.clone(),
                    found: version,
                });
            }
            if version == SCHEMA_VERSION {
                return Ok(());
            }
            let step = MIGRATIONS[version as usize];
            tx.execute_batch(step)
                .and_then(|_| tx.pragma_update(None, "user_version", version + 1))
                .and_then(|_| tx.commit())
                .map_err(|e| StoreError::Sqlite {
                    path: self.path.clone(),
                    source: e,
                })?;
        }
    }

    /// Records a change in one transaction: the field's current value is read inside it, so the
    /// event's `old` is what was really replaced. Errors: SQLite, an empty reviewer, a field that
    /// does not belong to the target.
    pub fn record(&mut self, change: &Change) -> Result<Recorded, StoreError> {
        if change.reviewer.trim().is_empty() {
            return Err(StoreError::Invalid("请先填写审查人姓名。".into()));
        }
        if !change.field.fits(change.target) {
            return Err(StoreError::Invalid(format!(
                "“{}”不能用于{}",
                change.field.zh(),
                change.target.as_str()
            )));
        }
        let path = self.path.clone();
        let sql = move |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let field = change.field.name();
        let current = latest(&tx, change.target, &change.key, &field).map_err(&sql)?;
        if let Some(c) = &current {
            if c.new == change.value {
                return Ok(Recorded::Unchanged);
            }
        }
        if let Some(base) = change.base {
            // The value the reviewer's page showed: a field sent back as it was shown was not
            // touched, whatever happened to it since.
            let shown = if base == 0 {
                None
            } else {
                value_of(&tx, base).map_err(&sql)?
            };
            if change.value == shown.as_deref().unwrap_or(change.field.default_value()) {
                return Ok(Recorded::Unchanged);
            }
            let seen = current.as_ref().map_or(0, |c| c.seq);
            if seen != base {
                if let Some(c) = current {
                    return Ok(Recorded::Conflict(c));
                }
            }
        }
        super::check_value(&change.field, &change.value).map_err(StoreError::Invalid)?;
        super::check_reviewer(&change.reviewer).map_err(StoreError::Invalid)?;
        // A change is always later than the one it replaces, even when that one came from a
        // machine whose clock runs ahead: the reviewer's save is what the field then holds.
        let at_us = now_us().max(current.as_ref().map_or(0, |c| c.at_us + 1));
        let event = Event {
            seq: 0,
            uid: new_uid()?,
            target: change.target,
            key: change.key.clone(),
            field,
            old: current.map(|c| c.new),
            new: change.value.clone(),
            reviewer: change.reviewer.trim().to_owned(),
            at_us,
            origin: "local".into(),
        };
        let seq = insert_event(&tx, &event).map_err(&sql)?;
        tx.commit().map_err(&sql)?;
        Ok(Recorded::Saved(Event { seq, ..event }))
    }

    /// Remembers what a flag key stands for (the first record is kept).
    pub fn remember_finding(&self, f: &FindingRecord) -> Result<(), StoreError> {
        insert_finding(&self.conn, f).map_err(|e| self.sql(e))
    }

    /// Remembers what a passage key stands for (the first record is kept).
    pub fn remember_passage(&self, p: &PassageRecord) -> Result<(), StoreError> {
        insert_passage(&self.conn, p).map_err(|e| self.sql(e))
    }

    /// The current state of every target.
    pub fn state(&self) -> Result<State, StoreError> {
        let mut state = State::new();
        for e in self.events()? {
            // Events come in (at, uid) order: a later one replaces the field.
            state.entry((e.target, e.key)).or_default().insert(
                e.field,
                Current {
                    value: e.new,
                    reviewer: e.reviewer,
                    at_us: e.at_us,
                    seq: e.seq,
                },
            );
        }
        Ok(state)
    }

    /// Every event, oldest first (by time, then uid).
    pub fn events(&self) -> Result<Vec<Event>, StoreError> {
        self.query_events(
            "SELECT seq, uid, target, key, field, old, new, reviewer, at_us, origin FROM events ORDER BY at_us, uid",
            [],
        )
    }

    /// The history of one target, oldest first.
    pub fn history(&self, target: Target, key: &str) -> Result<Vec<Event>, StoreError> {
        self.query_events(
            "SELECT seq, uid, target, key, field, old, new, reviewer, at_us, origin FROM events
             WHERE target = ?1 AND key = ?2 ORDER BY at_us, uid",
            params![target.as_str(), key],
        )
    }

    fn query_events(&self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<Event>, StoreError> {
        Ok(self
            .query(sql, p, event_row)?
            .into_iter()
            .flatten()
            .collect())
    }

    /// The rows of a query, each made by `row`.
    fn query<T>(
        &self,
        sql: &str,
        p: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut st = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        // Bound to a name: the rows borrow the statement, which must outlive them.
        let rows = st
            .query_map(p, row)
            .map_err(|e| self.sql(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql(e));
        rows
    }

    /// Every remembered finding.
    pub fn findings(&self) -> Result<Vec<FindingRecord>, StoreError> {
        self.query(
            "SELECT key, loose, submission, code, subject, document, quote, message FROM findings ORDER BY key",
            [],
            |r| {
                Ok(FindingRecord {
                    key: r.get(0)?,
                    loose: r.get(1)?,
                    submission: r.get(2)?,
                    code: r.get(3)?,
                    subject: r.get(4)?,
                    document: r.get(5)?,
                    quote: r.get(6)?,
                    message: r.get(7)?,
                })
            },
        )
    }

    /// Every remembered passage.
    pub fn passages(&self) -> Result<Vec<PassageRecord>, StoreError> {
        self.query(
            "SELECT key, submission, document, block, text FROM passages ORDER BY key",
            [],
            |r| {
                Ok(PassageRecord {
                    key: r.get(0)?,
                    submission: r.get(1)?,
                    document: r.get(2)?,
                    block: r.get(3)?,
                    text: r.get(4)?,
                })
            },
        )
    }

    /// Adds events made elsewhere, keeping their uid, time and reviewer; events already present
    /// (same uid) are skipped. Returns how many were new. One transaction.
    pub fn add_events(
        &mut self,
        events: &[Event],
        findings: &[FindingRecord],
        passages: &[PassageRecord],
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let sql = move |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let mut added = 0;
        for e in events {
            let known: bool = tx
                .query_row("SELECT 1 FROM events WHERE uid = ?1", [&e.uid], |_| Ok(()))
                .optional()
                .map_err(&sql)?
                .is_some();
            if !known {
                insert_event(&tx, e).map_err(&sql)?;
                added += 1;
            }
        }
        for f in findings {
            insert_finding(&tx, f).map_err(&sql)?;
        }
        for p in passages {
            insert_passage(&tx, p).map_err(&sql)?;
        }
        tx.commit().map_err(&sql)?;
        Ok(added)
    }
}

/// The latest event of a field, or None.
fn latest(
    conn: &Connection,
    target: Target,
    key: &str,
    field: &str,
) -> rusqlite::Result<Option<Event>> {
    conn.query_row(
        "SELECT seq, uid, target, key, field, old, new, reviewer, at_us, origin FROM events
         WHERE target = ?1 AND key = ?2 AND field = ?3 ORDER BY at_us DESC, uid DESC LIMIT 1",
        params![target.as_str(), key, field],
        event_row,
    )
    .optional()
    .map(Option::flatten)
}

/// Remembers a finding unless its key is known.
fn insert_finding(conn: &Connection, f: &FindingRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO findings (key, loose, submission, code, subject, document, quote, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![f.key, f.loose, f.submission, f.code, f.subject, f.document, f.quote, f.message],
    )
    .map(|_| ())
}

/// Remembers a passage unless its key is known.
fn insert_passage(conn: &Connection, p: &PassageRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO passages (key, submission, document, block, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![p.key, p.submission, p.document, p.block, p.text],
    )
    .map(|_| ())
}

/// The new value of the event with this seq, or None.
fn value_of(conn: &Connection, seq: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT new FROM events WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()
}

fn insert_event(conn: &Connection, e: &Event) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO events (uid, target, key, field, old, new, reviewer, at_us, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.uid,
            e.target.as_str(),
            e.key,
            e.field,
            e.old,
            e.new,
            e.reviewer,
            e.at_us,
            e.origin
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// An event row; None for a target this build does not know (a newer store's rows are skipped).
fn event_row(r: &rusqlite::Row) -> rusqlite::Result<Option<Event>> {
    let target: String = r.get(2)?;
    let Some(target) = Target::parse(&target) else {
        return Ok(None);
    };
    Ok(Some(Event {
        seq: r.get(0)?,
        uid: r.get(1)?,
        target,
        key: r.get(3)?,
        field: r.get(4)?,
        old: r.get(5)?,
        new: r.get(6)?,
        reviewer: r.get(7)?,
        at_us: r.get(8)?,
        origin: r.get(9)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &str, field: Field, value: &str, base: Option<i64>) -> Change {
        Change {
            target: Target::Flag,
            key: key.into(),
            field,
            value: value.into(),
            reviewer: "张三".into(),
            base,
        }
    }

    #[test]
    fn history_is_kept_and_the_state_is_its_latest_event() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("reviews.db")).expect("open");
        let Recorded::Saved(a) = s
            .record(&change("k1", Field::Status, "dismissed", Some(0)))
            .expect("record")
        else {
            panic!("not saved")
        };
        assert_eq!(a.old, None);
        assert_eq!(
            s.record(&change("k1", Field::Status, "dismissed", None))
                .expect("record"),
            Recorded::Unchanged
        );
        let Recorded::Saved(b) = s
            .record(&change("k1", Field::Status, "confirmed", Some(a.seq)))
            .expect("record")
        else {
            panic!("not saved")
        };
        assert_eq!(b.old.as_deref(), Some("dismissed"));
        // A page drawn before b: the write is refused as a conflict, not lost silently.
        assert!(matches!(
            s.record(&change("k1", Field::Status, "pending", Some(a.seq)))
                .expect("record"),
            Recorded::Conflict(e) if e.new == "confirmed"
        ));
        // The same stale page sending the status back as it showed it: untouched, not a conflict.
        assert_eq!(
            s.record(&change("k1", Field::Status, "dismissed", Some(a.seq)))
                .expect("record"),
            Recorded::Unchanged
        );
        assert_eq!(
            s.record(&change("k2", Field::Status, "pending", Some(0)))
                .expect("record"),
            Recorded::Unchanged,
            "an undecided flag sent back as 待核实 writes nothing"
        );
        let state = s.state().expect("state");
        assert_eq!(
            state[&(Target::Flag, "k1".into())]["status"].value,
            "confirmed"
        );
        assert_eq!(s.history(Target::Flag, "k1").expect("history").len(), 2);
        // Append-only: SQLite itself refuses to rewrite history.
        assert!(s.conn.execute("UPDATE events SET new = 'x'", []).is_err());
        assert!(s.conn.execute("DELETE FROM events", []).is_err());
        // Wrong field for the target, or no reviewer.
        assert!(s.record(&change("k1", Field::Star, "1", None)).is_err());
        let mut nobody = change("k1", Field::Note, "x", None);
        nobody.reviewer = " ".into();
        assert!(s.record(&nobody).is_err());
    }

    #[test]
    fn a_reopened_store_is_not_migrated_again_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("reviews.db");
        let mut s = Store::open(&p).expect("open");
        s.record(&change("k", Field::Note, "说明", None))
            .expect("record");
        drop(s);
        let s = Store::open(&p).expect("reopen");
        assert_eq!(s.events().expect("events").len(), 1);
        s.conn
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
        drop(s);
        assert!(matches!(Store::open(&p), Err(StoreError::Newer { .. })));
        // Not a database at all.
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"not sqlite at all, just text in a file").expect("write");
        assert!(Store::open(&junk).is_err());
    }

    #[test]
    fn beijing_time() {
        // 2024-01-31 16:00 UTC is midnight in Beijing.
        assert_eq!(beijing(1_706_716_800_000_000), "2024-02-01 00:00");
    }
}
