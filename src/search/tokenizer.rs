//! Chinese analysis for tantivy. Words come from jieba (default dictionary plus the profile's user
//! dictionary) in search mode: every word of the default cut gets a position, and the dictionary
//! words inside it (处理 inside 待处理) are indexed at the same position, so phrases of the default
//! cut stay contiguous. A second analyzer emits one token per character for exact-sequence matching.

use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The segmenter: jieba's default dictionary plus the profile's user words, made on first use.
/// Building it inserts ~350,000 words into jieba's trie (~0.1 s), so the built dictionary is kept
/// compiled in the cache folder (`segmenter/<hash>.bin`, ~24 MB, see [`crate::cache`]) under a
/// hash of jieba's version and the profile's words, and read back in a few milliseconds by every
/// later process; a missing, stale or damaged file is rebuilt. An index that has nothing to add
/// never loads it, and an update warms it on another thread while folders are hashed and read
/// (`warm`). Derefs to `Jieba`.
pub struct Segmenter {
    dictionary: Vec<String>,
    cell: std::sync::OnceLock<Arc<Jieba>>,
}

/// The segmenters this process has made, by the key of their compiled dictionary: each
/// dictionary is loaded (and its file mapped) once per process however many indexes open it.
static LOADED: std::sync::Mutex<Vec<(String, Arc<Jieba>)>> = std::sync::Mutex::new(Vec::new());

/// Part of the compiled dictionary's cache key: the jieba-rs release and the layout of
/// `Jieba::to_compiled` (vendor/jieba-rs/PATCHED.md).
const COMPILED: &str = "jieba-rs 0.11.0, compiled layout 1";

/// How many compiled dictionaries (one per profile dictionary) the cache keeps.
const KEEP_COMPILED: usize = 4;

impl Segmenter {
    pub fn get(&self) -> &Jieba {
        self.cell.get_or_init(|| {
            let key = self.key();
            // Held while loading, so two threads never build the same dictionary twice.
            let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, j)) = loaded.iter().find(|(k, _)| *k == key) {
                return j.clone();
            }
            let path = crate::cache::dir("segmenter").map(|d| d.join(format!("{key}.bin")));
            let j = Arc::new(match path {
                Some(path) => load_or_build(&path, &key, &self.dictionary),
                None => build(&self.dictionary),
            });
            loaded.push((key, j.clone()));
            j
        })
    }

    /// The name of this dictionary's compiled form (32 hex digits): a hash of jieba's version and
    /// the user words, in order (later lines override earlier ones). It is also the key the file
    /// must carry (`Jieba::map_compiled`).
    pub fn key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(COMPILED.as_bytes());
        for line in &self.dictionary {
            h.update(b"\n");
            h.update(line.as_bytes());
        }
        h.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Builds the dictionary on a background thread.
    pub fn warm(self: &Arc<Self>) {
        let s = self.clone();
        std::thread::spawn(move || {
            s.get();
        });
    }
}

impl std::ops::Deref for Segmenter {
    type Target = Jieba;
    fn deref(&self) -> &Jieba {
        self.get()
    }
}

/// The segmenter compiled at `path` under `key` (mapped, see `Jieba::map_compiled`), else built
/// from `dictionary` and compiled there for the next process; a damaged file, or one of another
/// dictionary, is rebuilt and replaced.
fn load_or_build(path: &std::path::Path, key: &str, dictionary: &[String]) -> Jieba {
    if let Some(j) = Jieba::map_compiled(path, key.as_bytes()) {
        return j;
    }
    let j = build(dictionary);
    // A cache that cannot be written costs only the next process's time.
    if let Some(bytes) = j.to_compiled(key.as_bytes()) {
        if crate::cache::write(path, &bytes).is_ok() {
            if let Some(dir) = path.parent() {
                crate::cache::prune(dir, "bin", KEEP_COMPILED);
            }
        }
    }
    j
}

/// jieba's default dictionary plus user dictionary lines (`word [freq [tag]]`), inserted one by one.
fn build(dictionary: &[String]) -> Jieba {
    let mut j = Jieba::new();
    for line in dictionary {
        let mut parts = line.split_whitespace();
        if let Some(word) = parts.next() {
            let freq = parts.next().and_then(|f| f.parse().ok());
            let tag = parts.next();
            j.add_word(word, freq, tag);
        }
    }
    j
}

/// The segmenter for a profile's dictionary (made lazily, see `Segmenter`).
pub fn jieba(dictionary: &[String]) -> Arc<Segmenter> {
    Arc::new(Segmenter {
        dictionary: dictionary.to_vec(),
        cell: std::sync::OnceLock::new(),
    })
}

/// Text as indexed and queried, one character for one: full width folded, compatibility forms
/// folded where NFKC gives a single character (①→1, ℃ stays), lower-cased where that keeps one
/// character. Highlights rely on the character count staying the same.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // One pass; Han characters (most of the text) have no case and skip the Unicode tables.
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(crate::document::text::fold_char) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if crate::document::text::is_han(c) {
            out.push(c);
        } else {
            let mut one = |c: char| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => out.push(l),
                    _ => out.push(c),
                }
            };
            let mut k = std::iter::once(c).nfkc();
            match (k.next(), k.next()) {
                (Some(n), None) => one(crate::document::text::fold_char(n)),
                _ => one(c),
            }
        }
    }
    out
}

fn is_word(s: &str) -> bool {
    s.chars()
        .any(|c| crate::document::text::is_han(c) || c.is_alphanumeric())
}

/// (position, start, end) of every word of `norm` (already normalised) in search mode: each word of
/// the default cut, then the dictionary words inside it at the same position. Byte ranges, no copies.
fn word_spans(jieba: &Jieba, norm: &str) -> Vec<(usize, usize, usize)> {
    let base = norm.as_ptr() as usize;
    let mut out = Vec::new();
    let mut position = 0;
    for t in jieba.cut(norm, true) {
        if !is_word(t.word) {
            continue;
        }
        let start = t.word.as_ptr() as usize - base;
        out.push((position, start, start + t.word.len()));
        let bounds: Vec<usize> = t
            .word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(t.word.len()))
            .collect();
        let n_chars = bounds.len() - 1;
        if n_chars > 2 {
            for n in 2..n_chars.min(5) {
                for i in 0..=n_chars - n {
                    let sub = &t.word[bounds[i]..bounds[i + n]];
                    if jieba.has_word(sub) && is_word(sub) {
                        out.push((position, start + bounds[i], start + bounds[i + n]));
                    }
                }
            }
        }
        position += 1;
    }
    out
}

/// (position, word) pairs of a text in search mode.
pub fn words(jieba: &Jieba, text: &str) -> Vec<(usize, String)> {
    let norm = normalize(text);
    word_spans(jieba, &norm)
        .into_iter()
        .map(|(p, a, b)| (p, norm[a..b].to_owned()))
        .collect()
}

/// Query words: the default cut only (sub-words are already indexed at their parent's position).
pub fn query_words(jieba: &Jieba, text: &str) -> Vec<String> {
    jieba
        .cut(&normalize(text), true)
        .into_iter()
        .filter(|t| is_word(t.word))
        .map(|t| t.word.to_owned())
        .collect()
}

/// The normalised characters of a text, whitespace (and [`END`]) left out: what a query sequence
/// is matched by.
pub fn chars(text: &str) -> Vec<String> {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != END)
        .map(String::from)
        .collect()
}

/// Tokens of a normalised text given as byte spans; one `Token` is reused, so indexing allocates
/// nothing per token.
pub struct SpanStream {
    text: String,
    spans: Vec<(usize, usize, usize)>,
    index: usize,
    token: Token,
}

impl SpanStream {
    fn new(text: String, spans: Vec<(usize, usize, usize)>) -> SpanStream {
        SpanStream {
            text,
            spans,
            index: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for SpanStream {
    fn advance(&mut self) -> bool {
        let Some(&(position, from, to)) = self.spans.get(self.index) else {
            return false;
        };
        self.index += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.position = position;
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position_length = 1;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The word analyzer ("zh").
#[derive(Clone)]
pub struct WordTokenizer(pub Arc<Segmenter>);

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = SpanStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanStream {
        let norm = normalize(text);
        let spans = word_spans(&self.0, &norm);
        SpanStream::new(norm, spans)
    }
}

/// What follows the last character of a text in its closing pair on the bigram field, so that every
/// character begins a pair. NUL: a query never holds it ([`chars`] drops it); a NUL that reaches a
/// passage (an xlsx cell's `_x0000_`) only adds pairs no query can ask for.
pub const END: char = '\u{0}';

/// The character-pair analyzer ("zh_bigrams"): for the non-whitespace characters c0 … c(n-1) of the
/// normalised text, the pair c(p)c(p+1) at position p, and the closing pair c(n-1)[`END`] at n-1.
/// Every character thus begins a pair: one character is found as the pairs it begins (a prefix of
/// terms), a sequence of two or more as a phrase of pairs ([`bigram_cover`]).
#[derive(Clone)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = SpanStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanStream {
        let mut compact: String = normalize(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !compact.is_empty() {
            compact.push(END);
        }
        let starts: Vec<usize> = compact
            .char_indices()
            .map(|(i, _)| i)
            .chain([compact.len()])
            .collect();
        let spans = (0..starts.len().saturating_sub(2))
            .map(|p| (p, starts[p], starts[p + 2]))
            .collect();
        SpanStream::new(compact, spans)
    }
}

/// The terms a query sequence is looked up by on the bigram field, with their positions relative to
/// its first character: pairs at 0, 2, 4 … and the last pair, so every character is covered and a
/// passage matches exactly when it holds the sequence. Empty for fewer than two characters.
pub fn bigram_cover(chars: &[String]) -> Vec<(usize, String)> {
    let n = chars.len();
    if n < 2 {
        return Vec::new();
    }
    let mut at: Vec<usize> = (0..n - 1).step_by(2).collect();
    if at.last() != Some(&(n - 2)) {
        at.push(n - 2);
    }
    at.into_iter()
        .map(|p| (p, format!("{}{}", chars[p], chars[p + 1])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j() -> Arc<Segmenter> {
        jieba(&crate::profile::Profile::embedded().dictionary)
    }

    /// Every line of the real Chinese plans and work summaries in tests/fixtures (genre,
    /// real-programme; copied from ../shared/fixtures with SOURCES.tsv), written by nobody on this
    /// project.
    fn real_lines() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut lines = Vec::new();
        for dir in ["genre", "real-programme"] {
            for e in std::fs::read_dir(root.join(dir))
                .expect("fixtures")
                .flatten()
            {
                if e.path().extension().is_some_and(|x| x == "txt") {
                    let text = std::fs::read_to_string(e.path()).expect("text");
                    lines.extend(text.lines().map(str::to_owned));
                }
            }
        }
        lines
    }

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_compiled_dictionary_cuts_as_the_built_one() {
        let dictionary = crate::profile::Profile::embedded().dictionary;
        let built = build(&dictionary);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("d.bin");
        let bytes = built.to_compiled(KEY).expect("compiled");
        crate::cache::write(&path, &bytes).expect("written");
        let mapped = Jieba::map_compiled(&path, KEY).expect("the compiled dictionary maps");
        // Another dictionary's key: refused.
        assert!(Jieba::map_compiled(&path, b"another").is_none());
        let lines = real_lines();
        assert!(lines.len() > 1000, "{} lines of real text", lines.len());
        let mut tokens = 0;
        for line in &lines {
            let a: Vec<&str> = built.cut(line, true).iter().map(|t| t.word).collect();
            let b: Vec<&str> = mapped.cut(line, true).iter().map(|t| t.word).collect();
            assert_eq!(a, b, "{line}");
            assert_eq!(words(&built, line), words(&mapped, line), "{line}");
            for w in a {
                assert_eq!(built.has_word(w), mapped.has_word(w), "{w}");
            }
            tokens += b.len();
        }
        assert!(tokens > 30_000, "{tokens} tokens compared");
        // The profile's words are in it, and words added later go to a copy of the tables.
        assert!(mapped.has_word("产融合作"));
        let mut grown = Jieba::map_compiled(&path, KEY).expect("maps");
        assert!(!grown.has_word("产融合作试点新词"));
        grown.add_word("产融合作试点新词", Some(10), None);
        assert!(grown.has_word("产融合作试点新词"));
        let again = Jieba::map_compiled(&path, KEY).expect("maps");
        assert!(!again.has_word("产融合作试点新词"));
    }

    #[test]
    fn damaged_compiled_dictionaries_are_refused_and_rebuilt() {
        let dictionary = crate::profile::Profile::embedded().dictionary;
        let good = build(&dictionary).to_compiled(KEY).expect("compiled");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("d.bin");
        let n = good.len();
        let mut damaged: Vec<(String, Vec<u8>)> = [0, 10, 31, 40, 100, 4096, n / 2, n - 1]
            .iter()
            .map(|&k| (format!("truncated at {k}"), good[..k].to_vec()))
            .collect();
        let mut longer = good.clone();
        longer.push(0);
        damaged.push(("a byte too many".into(), longer));
        // One byte changed anywhere: in the header, a frequency or log frequency, the trie's
        // tables, the key, the checksum (the hostile test of issue 24 changed 金融's log frequency
        // and the file was taken; the checksum now refuses it).
        for at in [3, 33, 40, n / 8, n / 5, n / 3, n / 2, n - 60, n - 20, n - 1] {
            let mut b = good.clone();
            b[at] ^= 0xff;
            damaged.push((format!("byte {at} of {n} changed"), b));
        }
        // Another profile's compiled dictionary copied under this name carries its own key.
        let other = build(&[])
            .to_compiled(b"ffffffffffffffffffffffffffffffff")
            .expect("compiled");
        damaged.push(("another dictionary's file under this name".into(), other));
        damaged.push(("zeros".into(), vec![0; n]));
        let mut state = 7u64;
        let noise: Vec<u8> = (0..n)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                (state >> 56) as u8
            })
            .collect();
        damaged.push(("noise".into(), noise));
        for (what, bytes) in &damaged {
            std::fs::write(&path, bytes).expect("written");
            assert!(Jieba::map_compiled(&path, KEY).is_none(), "{what} was read");
            // The segmenter is rebuilt and the file replaced with a good one.
            let j = load_or_build(&path, "0123456789abcdef0123456789abcdef", &dictionary);
            assert!(j.has_word("产融合作"), "{what}");
            assert!(
                Jieba::map_compiled(&path, KEY).is_some_and(|j| j.has_word("产融合作")),
                "{what} not replaced"
            );
        }
        // A folder or a named pipe at the name is not read (a pipe would block), and a missing
        // file is built and written.
        let folder = dir.path().join("folder.bin");
        std::fs::create_dir_all(&folder).expect("mkdir");
        assert!(Jieba::map_compiled(&folder, KEY).is_none());
        let fifo = dir.path().join("fifo.bin");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            assert!(Jieba::map_compiled(&fifo, KEY).is_none());
        }
        let fresh = dir.path().join("sub/new.bin");
        let key = "0123456789abcdef0123456789abcdef";
        assert!(load_or_build(&fresh, key, &dictionary).has_word("产融合作"));
        assert!(Jieba::map_compiled(&fresh, KEY).is_some());
    }

    #[test]
    fn subwords_share_their_parent_position() {
        let w = words(&j(), "待处理事项");
        let pos = |s: &str| w.iter().find(|(_, x)| x == s).map(|(p, _)| *p);
        assert_eq!(pos("待处理"), Some(0));
        assert_eq!(pos("处理"), Some(0));
        assert_eq!(pos("事项"), Some(1));
    }

    #[test]
    fn domain_terms_stay_whole() {
        let q = query_words(&j(), "各地对产融合作的探索");
        assert!(q.contains(&"产融合作".to_string()), "{q:?}");
        let q = query_words(&j(), "设立知识产权质押融资风险补偿资金池");
        assert!(
            q.contains(&"知识产权质押融资".to_string())
                && q.contains(&"风险补偿资金池".to_string()),
            "{q:?}"
        );
    }

    #[test]
    fn bigrams_skip_whitespace_and_cover_a_sequence() {
        let pairs = |text: &str| {
            let mut t = BigramTokenizer;
            let mut stream = t.token_stream(text);
            let mut got: Vec<(usize, String)> = Vec::new();
            while stream.advance() {
                got.push((stream.token().position, stream.token().text.clone()));
            }
            got
        };
        assert_eq!(
            pairs("中国 制造５"),
            vec![
                (0, "中国".into()),
                (1, "国制".into()),
                (2, "制造".into()),
                (3, "造5".into()),
                (4, "5\u{0}".into())
            ]
        );
        // Every character begins a pair, the only one of a text included; no text, no pair.
        assert_eq!(pairs(" 金 "), vec![(0, "金\u{0}".into())]);
        assert!(pairs("  ").is_empty());
        assert_eq!(chars("金\u{0}"), vec!["金"]);
        let c = |s: &str| chars(s);
        assert!(bigram_cover(&c("链")).is_empty());
        assert_eq!(bigram_cover(&c("产业")), vec![(0, "产业".into())]);
        assert_eq!(
            bigram_cover(&c("产业链")),
            vec![(0, "产业".into()), (1, "业链".into())]
        );
        assert_eq!(
            bigram_cover(&c("知识产权质押")),
            vec![(0, "知识".into()), (2, "产权".into()), (4, "质押".into())]
        );
    }

    #[test]
    fn chars_fold_and_keep_symbols() {
        assert_eq!(chars("５Ｇ 基站，"), vec!["5", "g", "基", "站", ","]);
        assert_eq!(chars("６．８％"), vec!["6", ".", "8", "%"]);
        assert_eq!(normalize("①Ａ").chars().count(), 2);
    }
}
