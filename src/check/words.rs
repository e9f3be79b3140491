//! Finding a list of words in text in one pass: one aho-corasick automaton per list, built the
//! first time the list is asked for and shared by every thread for the rest of the process (a run
//! reviews every submission with one profile, so each list of the profile is built once).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};

/// Lists kept at once; a process that loads many profiles rebuilds past this.
const KEEP: usize = 64;

/// The leftmost-longest automaton of `words` (empty words left out): at each position the longest
/// word starting there, matches never overlapping. `None` when no word is non-empty.
pub fn finder(words: &[String]) -> Option<Arc<AhoCorasick>> {
    type Built = HashMap<Vec<String>, Option<Arc<AhoCorasick>>>;
    static BUILT: OnceLock<Mutex<Built>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    if let Some(f) = built.lock().ok().and_then(|m| m.get(words).cloned()) {
        return f;
    }
    let f = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(words.iter().filter(|w| !w.is_empty()))
        .ok()
        .filter(|a| a.patterns_len() > 0)
        .map(Arc::new);
    if let Ok(mut m) = built.lock() {
        if m.len() >= KEEP {
            m.clear();
        }
        m.insert(words.to_vec(), f.clone());
    }
    f
}

/// Whether `text` holds any of `words`.
pub fn any_in(words: &[String], text: &str) -> bool {
    finder(words).is_some_and(|f| f.is_match(text))
}

/// Every (start, length) of `words` in `chars`, in characters: at each position the longest word
/// starting there, matches never overlapping (the scan a reader does by hand, in one pass).
pub fn find_all(chars: &[char], words: &[String]) -> Vec<(usize, usize)> {
    let Some(f) = finder(words) else {
        return Vec::new();
    };
    let text: String = chars.iter().collect();
    let mut out = Vec::new();
    // Byte offsets to character indices, counted forward from the last match.
    let (mut byte, mut char_at) = (0, 0);
    let mut to_chars = |target: usize| {
        char_at += text[byte..target].chars().count();
        byte = target;
        char_at
    };
    for m in f.find_iter(&text) {
        let start = to_chars(m.start());
        let end = to_chars(m.end());
        out.push((start, end - start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn longest_at_each_position_without_overlap() {
        let chars: Vec<char> = "未发生重大及以上安全生产事故和生产安全事故"
            .chars()
            .collect();
        let words = w(&["安全生产事故", "生产安全事故", "事故", "", "重大"]);
        assert_eq!(find_all(&chars, &words), vec![(3, 2), (8, 6), (15, 6)]);
        assert!(any_in(&words, "发生事故"));
        assert!(!any_in(&words, "平稳运行"));
        assert!(find_all(&chars, &w(&["", ""])).is_empty());
        assert!(!any_in(&[], "事故"));
    }
}
