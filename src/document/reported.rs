//! Words in a sentence that are not the writer's own statement: a requirement quoted from above
//! (对照通知“在科技、绿色、普惠、养老、数字五大金融领域有显著特色”的申报条件), the name of a document issued by
//! a province or the state (《甘肃省人民政府办公厅关于加快发展绿色金融的实施意见》), and speech reported from
//! a meeting or a notice (会议强调，要做好科技金融、绿色金融……五篇大文章). Each is blanked with □, so
//! byte offsets and character counts change but the writer's own words stay where they were.
//!
//! Reported speech runs from the source's verb to the end of the sentence — unless the writer only
//! conforms to it (按照/根据/落实……会议要求，我市重点发展科技金融): then the next clause is the writer's
//! own again. The city's own documents (《南昌市……方案》, 我市出台的《关于……的若干措施》) stay.
//!
//! Words come from the profile (`[reported]` in rules.toml).

use crate::profile::rules_spec::ReportedSpec;

/// Text inside quotation marks of at least `min` characters, blanked (`min` 0: every quotation).
/// Short quotes stay when `min` > 0: product names (“科创贷”), “十四五”, “零”.
pub fn blank_quotes(text: &str, min: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        if is_open(chars[i]) {
            if let Some(len) = chars[i + 1..].iter().position(|c| is_close(*c)) {
                if len >= min {
                    blank(&mut out[i + 1..i + 1 + len]);
                }
                i += len + 1;
            }
        }
        i += 1;
    }
    out.into_iter().collect()
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '「' | '『')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '」' | '』')
}

fn blank(chars: &mut [char]) {
    for c in chars {
        *c = '□';
    }
}

fn ends_with_any(chars: &[char], words: &[String]) -> bool {
    words.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        !w.is_empty() && chars.ends_with(&w)
    })
}

fn starts_with_any(chars: &[char], words: &[String]) -> bool {
    words.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        !w.is_empty() && chars.starts_with(&w)
    })
}

/// The sentence with what is not the writer's own blanked. `own` is the writer's city (its names
/// in 《……》 keep a document the city's own); without it, only documents of a province or the
/// state are blanked.
pub fn own_words(sentence: &str, spec: &ReportedSpec, own: Option<&str>) -> String {
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = chars.clone();
    let own_short = own.map(|c| {
        c.trim_end_matches(['市', '区', '县', '州'])
            .chars()
            .collect::<Vec<char>>()
    });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '《' => Some('》'),
            c if is_open(c) => Some('”'),
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let Some(len) = chars[i + 1..]
            .iter()
            .position(|x| *x == close || (close == '”' && is_close(*x)))
        else {
            i += 1;
            continue;
        };
        let inner = &chars[i + 1..i + 1 + len];
        let before = &chars[..i];
        let after = &chars[i + 2 + len..];
        let others = if c == '《' {
            // A document of a province or the state, not of the city.
            let is_own = own_short
                .as_ref()
                .is_some_and(|s| s.len() >= 2 && inner.starts_with(s));
            !is_own
                && (starts_with_any(inner, &spec.issuers)
                    || crate::document::gazetteer::find_province(
                        &inner.iter().take(8).collect::<String>(),
                    )
                    .is_some_and(|p| {
                        let short: Vec<char> = p.trim_end_matches(['省', '市']).chars().collect();
                        inner.starts_with(&short)
                            && !crate::document::gazetteer::MUNICIPALITIES.contains(&p.as_str())
                    }))
        } else {
            // A quotation said to come from a notice, a meeting or a rule.
            let trimmed: Vec<char> = before
                .iter()
                .rev()
                .skip_while(|c| matches!(c, '：' | ':' | '，' | ' '))
                .copied()
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            ends_with_any(&trimmed, &spec.sources)
                || ends_with_any(&trimmed, &spec.verbs)
                || trimmed.ends_with(&['》'])
                || starts_with_any(after, &spec.quote_ends)
        };
        if others {
            blank(&mut out[i + 1..i + 1 + len]);
        }
        i += len + 2;
    }
    // What a source's requirement is about: 贯彻中央金融工作会议关于做好……的部署要求.
    let text: String = out.iter().collect();
    let text = blank_about(&text, spec);
    let mut from = None;
    'find: for s in spec.sources.iter().filter(|s| !s.is_empty()) {
        for (at, _) in text.match_indices(s.as_str()) {
            let rest = &text[at + s.len()..];
            for v in spec.verbs.iter().filter(|v| !v.is_empty()) {
                if let Some(k) = rest.find(v.as_str()) {
                    if rest[..k].chars().count() <= spec.verb_within {
                        let verb_end = at + s.len() + k + v.len();
                        from = Some(from.map_or(verb_end, |f: usize| f.min(verb_end)));
                        continue 'find;
                    }
                }
            }
        }
    }
    let Some(from) = from else {
        return text;
    };
    // 按照……要求，我市……: the writer conforms, and the next clause is the writer's own.
    let clause_start = text[..from]
        .rfind(['，', '。', '；'])
        .map_or(0, |i| i + '，'.len_utf8());
    let conforming = spec
        .conforming
        .iter()
        .any(|w| !w.is_empty() && text[clause_start..from].contains(w.as_str()));
    let to = if conforming {
        text[from..]
            .find(['，', '；'])
            .map_or(text.len(), |k| from + k)
    } else {
        text.len()
    };
    let mut result = String::with_capacity(text.len());
    result.push_str(&text[..from]);
    result.extend(text[from..to].chars().map(|_| '□'));
    result.push_str(&text[to..]);
    result
}

/// "<source>关于……<的要求>": the span between 关于 and the requirement's word is the source's.
fn blank_about(text: &str, spec: &ReportedSpec) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for s in spec.sources.iter().filter(|s| !s.is_empty()) {
        for (at, _) in text.match_indices(s.as_str()) {
            let rest = &text[at + s.len()..];
            let Some(k) = rest.find("关于") else {
                continue;
            };
            if rest[..k].chars().count() > spec.verb_within {
                continue;
            }
            let from = at + s.len() + k + "关于".len();
            let clause_end = text[from..]
                .find(['，', '。', '；'])
                .map_or(text.len(), |e| from + e);
            let to = spec
                .quote_ends
                .iter()
                .filter(|w| !w.is_empty())
                .filter_map(|w| text[from..clause_end].find(w.as_str()))
                .min()
                .map(|e| from + e);
            if let Some(to) = to {
                spans.push((from, to));
            }
        }
    }
    text.char_indices()
        .map(|(i, c)| {
            if spans.iter().any(|(a, b)| (*a..*b).contains(&i)) {
                '□'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn own(s: &str, city: Option<&str>) -> String {
        own_words(s, &Profile::embedded().rules.reported, city)
    }

    #[test]
    fn quotations_from_above_are_blanked() {
        let s = own(
            "对照通知“在科技、绿色、普惠、养老、数字五大金融领域有显著特色”的申报条件，我市具备以下基础。",
            None,
        );
        assert!(!s.contains("科技") && s.contains("我市具备"), "{s}");
        // A product's name in quotation marks is the city's own.
        let s = own("推广“科创贷”“知识产权质押贷”等产品。", None);
        assert!(s.contains("科创贷"), "{s}");
    }

    #[test]
    fn documents_of_others_are_blanked_the_citys_stay() {
        let s = own(
            "根据《甘肃省人民政府办公厅关于加快发展绿色金融的实施意见》关于“各市州结合实际推进绿色金融发展”的要求，制定本方案。",
            Some("兰州市"),
        );
        assert!(!s.contains("绿色金融"), "{s}");
        let s = own("出台《南昌市绿色金融发展三年行动方案》。", Some("南昌市"));
        assert!(s.contains("绿色金融"), "{s}");
        let s = own("出台《上海市科技金融发展行动方案》。", Some("上海市"));
        assert!(s.contains("科技金融"), "{s}");
    }

    #[test]
    fn reported_speech_runs_to_the_end_unless_the_writer_conforms() {
        let s = own(
            "会议强调，要做好科技金融、绿色金融、普惠金融、养老金融、数字金融五篇大文章。",
            None,
        );
        assert!(!s.contains("金融、"), "{s}");
        let s = own(
            "落实中央金融工作会议要求，重点发展科技金融、普惠金融和数字金融。",
            None,
        );
        assert!(s.contains("科技金融"), "{s}");
        let s = own(
            "深入贯彻中央金融工作会议关于做好科技金融、绿色金融、普惠金融、养老金融、数字金融五篇大文章的部署要求。",
            None,
        );
        assert!(!s.contains("科技金融"), "{s}");
        let s = own("我市科技金融发展较快。", None);
        assert_eq!(s, "我市科技金融发展较快。");
    }
}
