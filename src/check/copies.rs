//! Copied text between submissions: passages of the reports compared by 5-character shingles (Han
//! characters and letters only, so punctuation, digits and small edits matter little), candidates
//! found by MinHash banding and confirmed by exact Jaccard. The notice's own words and the risk-record
//! declarations are removed first; text shared by three or more submissions is boilerplate, not a copy.

use crate::check::code::FlagCode;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::check::finding::Evidence;
use crate::check::finding::Flag;
use crate::document::model::{BlockKind, DocKind};
use crate::profile::Profile;
use crate::submission::Submission;

/// One compared passage: its shingles as sorted, distinct 32-bit hashes (compact, and Jaccard is a
/// linear merge), and the MinHash band keys that find its candidates.
pub struct Passage {
    submission: usize,
    evidence: Evidence,
    shingles: Vec<u32>,
    bands: [u64; BANDS],
}

/// A fast 64-bit mix (the murmur3 finaliser); shingles and MinHash need spread, not DoS resistance.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The comparable text of a paragraph: boilerplate and risk-record clauses removed, Han characters and
/// letters kept.
fn comparable(profile: &Profile, text: &str) -> String {
    let mut t = crate::document::text::fold_width(text);
    for b in &profile.rules.copy.boilerplate {
        t = t.replace(crate::document::text::fold_width(b).as_str(), "");
    }
    crate::check::risk::clauses(&t)
        .into_iter()
        .filter(|c| {
            crate::check::risk::read_clause(
                &profile.rules.risk,
                c,
                crate::check::risk::PeriodState::Unstated,
            )
            .is_empty()
        })
        .flat_map(|c| c.chars())
        .filter(|c| crate::document::text::is_han(*c) || c.is_alphabetic())
        .collect()
}

/// The distinct `n`-character shingles of a text, hashed to 32 bits and sorted.
pub fn shingles(text: &str, n: usize) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<u32> = chars
        .windows(n.max(1))
        .map(|w| {
            let h = w
                .iter()
                .fold(0x9E37_79B9_7F4A_7C15u64, |h, c| mix(h ^ *c as u64));
            (h >> 32) as u32
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted, distinct shingle lists.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

const BANDS: usize = 16;
const ROWS: usize = 4;
/// A band bucket holding passages of more submissions than this is template text: its members are
/// compared with one representative (linear) instead of with each other (quadratic).
const LARGE_BUCKET_SUBMISSIONS: usize = 8;

/// MinHash band keys: BANDS × ROWS minimum hashes, ROWS of them hashed into each band key.
fn band_keys(shingles: &[u32]) -> [u64; BANDS] {
    let mut keys = [0u64; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut k = band as u64;
        for row in 0..ROWS {
            let seed = mix((band * ROWS + row + 1) as u64);
            let min = shingles
                .iter()
                .map(|s| mix(*s as u64 ^ seed))
                .min()
                .unwrap_or(0);
            k = mix(k ^ min);
        }
        *key = k;
    }
    keys
}

/// A pair of near-duplicate passages: (passage index, passage index, similarity).
type Pair = (usize, usize, f64);

fn near_duplicates(passages: &[Passage], threshold: f64) -> Vec<Pair> {
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, p) in passages.iter().enumerate() {
            buckets.entry(p.bands[band]).or_default().push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            let subs: HashSet<usize> = members.iter().map(|&i| passages[i].submission).collect();
            if subs.len() > LARGE_BUCKET_SUBMISSIONS {
                let rep = members[0];
                for &j in &members[1..] {
                    if passages[rep].submission != passages[j].submission {
                        candidates.insert((rep.min(j), rep.max(j)));
                    }
                }
                continue;
            }
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if passages[i].submission != passages[j].submission {
                        candidates.insert((i.min(j), i.max(j)));
                    }
                }
            }
        }
    }
    let mut pairs: Vec<Pair> = candidates
        .into_iter()
        .map(|(i, j)| (i, j, jaccard(&passages[i].shingles, &passages[j].shingles)))
        .filter(|(_, _, s)| *s >= threshold)
        .collect();
    pairs.sort_by_key(|p| (p.0, p.1));
    pairs
}

/// The compared passages of one submission (number `index` in the corpus): paragraphs and list items
/// of its reports, long enough once boilerplate is removed. Compact — `run` keeps only these. An
/// earlier plan (`ledger::is_earlier_plan`) is an old document, not the text under review: left out.
pub fn passages_of(index: usize, sub: &Submission, profile: &Profile) -> Vec<Passage> {
    let spec = &profile.rules.copy;
    let mut out = Vec::new();
    for doc in sub.documents.iter().filter(|d| {
        matches!(
            d.kind,
            DocKind::SelfEvaluation | DocKind::ImplementationPlan
        ) && !crate::check::ledger::is_earlier_plan(sub, d, &profile.rules)
    }) {
        for b in doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
        {
            let text = comparable(profile, &b.text);
            if text.chars().count() >= spec.min_chars {
                let shingles = shingles(&text, spec.shingle);
                out.push(Passage {
                    submission: index,
                    evidence: Evidence::of_block(doc, b.index),
                    bands: band_keys(&shingles),
                    shingles,
                });
            }
        }
    }
    out
}

/// TEXT_COPIED from passages already collected; `names[i]` and `flags[i]` belong to submission `i`.
pub fn flag_passages(
    passages: Vec<Passage>,
    names: &[&str],
    flags: &mut [&mut Vec<Flag>],
    profile: &Profile,
) {
    let spec = &profile.rules.copy;
    let pairs = near_duplicates(&passages, spec.threshold);
    // Near-duplicate groups spanning several submissions are boilerplate (template text), not copying.
    let mut parent: Vec<usize> = (0..passages.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    for (i, j, _) in &pairs {
        let (a, b) = (find(&mut parent, *i), find(&mut parent, *j));
        parent[a] = b;
    }
    let mut group_subs: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (i, p) in passages.iter().enumerate() {
        let g = find(&mut parent, i);
        group_subs.entry(g).or_default().insert(p.submission);
    }
    let mut by_pair: BTreeMap<(usize, usize), Vec<Pair>> = BTreeMap::new();
    for (i, j, s) in pairs {
        let g = find(&mut parent, i);
        if group_subs[&g].len() >= spec.boilerplate_submissions {
            continue;
        }
        let (a, b) = (passages[i].submission, passages[j].submission);
        let key = (a.min(b), a.max(b));
        let (x, y) = if a <= b { (i, j) } else { (j, i) };
        by_pair.entry(key).or_default().push((x, y, s));
    }
    for ((a, b), found) in by_pair {
        let best = found.iter().map(|f| f.2).fold(0.0, f64::max);
        for (me, other, mine_first) in [(a, b, true), (b, a, false)] {
            let evidence: Vec<Evidence> = found
                .iter()
                .flat_map(|(x, y, _)| {
                    let (m, o) = if mine_first { (*x, *y) } else { (*y, *x) };
                    [passages[m].evidence.clone(), passages[o].evidence.clone()]
                })
                .collect();
            flags[me].push(Flag::ruled(
                profile,
                FlagCode::TextCopied,
                FlagCode::TextCopied,
                Some(names[other]),
                format!(
                    "与“{}”有{}段文字高度相似（相似度最高{:.0}%，已排除通知原文等套话），疑似相互抄袭。请对照所引两段原文核实。",
                    names[other],
                    found.len(),
                    best * 100.0
                ),
                evidence,
            ));
        }
    }
}
