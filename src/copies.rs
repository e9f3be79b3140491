//! Copied text between submissions: passages of the reports compared by 5-character shingles (Han
//! characters and letters only, so punctuation, digits and small edits matter little), candidates
//! found by MinHash banding and confirmed by exact Jaccard. The notice's own words and the risk-record
//! declarations are removed first; text shared by three or more submissions is boilerplate, not a copy.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::model::{BlockKind, DocKind};
use crate::outline::Evidence;
use crate::profile::Profile;
use crate::review::{Flag, Review};
use crate::submission::Submission;

/// One compared passage.
struct Passage {
    submission: usize,
    evidence: Evidence,
    shingles: HashSet<u64>,
}

fn hash_of<T: Hash>(t: T, seed: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    seed.hash(&mut h);
    t.hash(&mut h);
    h.finish()
}

/// The comparable text of a paragraph: boilerplate and risk-record clauses removed, Han characters and
/// letters kept.
fn comparable(profile: &Profile, text: &str) -> String {
    let mut t = crate::text::fold_width(text);
    for b in &profile.rules.copy.boilerplate {
        t = t.replace(crate::text::fold_width(b).as_str(), "");
    }
    crate::risk::clauses(&t)
        .into_iter()
        .filter(|c| {
            crate::risk::read_clause(&profile.rules.risk, c, crate::risk::PeriodState::Unstated)
                .is_empty()
        })
        .flat_map(|c| c.chars())
        .filter(|c| crate::text::is_han(*c) || c.is_alphabetic())
        .collect()
}

pub fn shingles(text: &str, n: usize) -> HashSet<u64> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(n.max(1)).map(|w| hash_of(w, 0)).collect()
}

pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    inter / (a.len() as f64 + b.len() as f64 - inter)
}

const BANDS: usize = 16;
const ROWS: usize = 4;

/// A pair of near-duplicate passages: (passage index, passage index, similarity).
type Pair = (usize, usize, f64);

fn near_duplicates(passages: &[Passage], threshold: f64) -> Vec<Pair> {
    let signatures: Vec<Vec<u64>> = passages
        .iter()
        .map(|p| {
            (0..BANDS * ROWS)
                .map(|k| {
                    p.shingles
                        .iter()
                        .map(|s| hash_of(s, k as u64 + 1))
                        .min()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, sig) in signatures.iter().enumerate() {
            buckets
                .entry(hash_of(&sig[band * ROWS..(band + 1) * ROWS], 0))
                .or_default()
                .push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
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

/// Adds TEXT_COPIED to the reviews of submissions that share near-duplicate passages.
pub fn flag_copies(subs: &[Submission], reviews: &mut [Review], profile: &Profile) {
    let spec = &profile.rules.copy;
    let mut passages = Vec::new();
    for (si, sub) in subs.iter().enumerate() {
        for doc in sub.documents.iter().filter(|d| {
            matches!(
                d.kind,
                DocKind::SelfEvaluation | DocKind::ImplementationPlan
            )
        }) {
            for b in doc
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
            {
                let text = comparable(profile, &b.text);
                if text.chars().count() >= spec.min_chars {
                    passages.push(Passage {
                        submission: si,
                        evidence: Evidence::of_block(doc, b.index),
                        shingles: shingles(&text, spec.shingle),
                    });
                }
            }
        }
    }
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
            reviews[me].flags.push(Flag::ruled(
                profile,
                "TEXT_COPIED",
                "TEXT_COPIED",
                Some(&subs[other].name),
                format!(
                    "与“{}”有{}段文字高度相似（相似度最高{:.0}%，已排除通知原文等套话），疑似相互抄袭。请对照所引两段原文核实。",
                    subs[other].name,
                    found.len(),
                    best * 100.0
                ),
                evidence,
            ));
        }
    }
}
