//! Chinese analysis for tantivy. Words come from jieba (default dictionary plus the profile's user
//! dictionary) in search mode: every word of the default cut gets a position, and the dictionary
//! words inside it (处理 inside 待处理) are indexed at the same position, so phrases of the default
//! cut stay contiguous. A second analyzer emits one token per character for exact-sequence matching.

use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::fold_width;

/// Builds the segmenter once: default dictionary plus the profile's user words.
pub fn jieba(dictionary: &[String]) -> Arc<Jieba> {
    let mut j = Jieba::new();
    for line in dictionary {
        let mut parts = line.split_whitespace();
        if let Some(word) = parts.next() {
            let freq = parts.next().and_then(|f| f.parse().ok());
            let tag = parts.next();
            j.add_word(word, freq, tag);
        }
    }
    Arc::new(j)
}

/// Text as indexed and queried: full width folded, ASCII lower-cased.
pub fn normalize(text: &str) -> String {
    fold_width(text).to_lowercase()
}

fn is_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// (position, word) pairs of a text in search mode.
pub fn words(jieba: &Jieba, text: &str) -> Vec<(usize, String)> {
    let norm = normalize(text);
    let mut out = Vec::new();
    let mut position = 0;
    for t in jieba.cut(&norm, true) {
        if !is_word(t.word) {
            continue;
        }
        out.push((position, t.word.to_owned()));
        let chars: Vec<char> = t.word.chars().collect();
        if chars.len() > 2 {
            for n in 2..chars.len().min(5) {
                for w in chars.windows(n) {
                    let sub: String = w.iter().collect();
                    if jieba.has_word(&sub) && is_word(&sub) {
                        out.push((position, sub));
                    }
                }
            }
        }
        position += 1;
    }
    out
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

/// Characters as tokens, one position each: exact sequences by phrase query.
pub fn chars(text: &str) -> Vec<String> {
    normalize(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(String::from)
        .collect()
}

/// A precomputed token list handed to tantivy.
pub struct VecStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

fn stream(items: impl Iterator<Item = (usize, String)>) -> VecStream {
    let tokens = items
        .map(|(position, text)| Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text,
            position_length: 1,
        })
        .collect();
    VecStream { tokens, index: 0 }
}

/// The word analyzer ("zh").
#[derive(Clone)]
pub struct WordTokenizer(pub Arc<Jieba>);

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream {
        stream(words(&self.0, text).into_iter())
    }
}

/// The character analyzer ("zh_chars").
#[derive(Clone)]
pub struct CharTokenizer;

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = VecStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream {
        stream(chars(text).into_iter().enumerate())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j() -> Arc<Jieba> {
        jieba(&crate::profile::Profile::embedded().dictionary)
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
    fn chars_skip_punctuation_and_fold() {
        assert_eq!(chars("５Ｇ基站，"), vec!["5", "g", "基", "站"]);
    }
}
