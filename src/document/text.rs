//! Text normalisation shared by every stage. Matching happens on folded text; quotes keep the original.

/// Folds full-width ASCII and the ideographic space to their half-width forms, one char for one char,
/// so character offsets in the folded text equal those in the original.
pub fn fold_width(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    out
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// Collapses runs of whitespace to one space and trims, keeping everything else.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Removes the spaces between Han characters, and between Han and digits or letters: those a PDF
/// extractor inserts, and those typed to space out a title ("自 评 报 告"). Other runs become one space.
pub fn despace(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|x| !x.is_whitespace());
            let cjkish = |x: Option<&char>| {
                x.is_some_and(|x| is_han(*x) || "，。、；：！？（）《》“”".contains(*x))
            };
            if cjkish(prev.as_ref()) || cjkish(next) {
                continue;
            }
            if prev.is_some_and(|p| p.is_whitespace()) {
                continue;
            }
        }
        out.push(*c);
    }
    out.trim().to_owned()
}

/// A Chinese digit as an ASCII digit (二 → 2, 〇/零/○ → 0), digit by digit as years are written
/// (二〇二一); any other character unchanged.
pub fn han_digit(c: char) -> char {
    match c {
        '〇' | '零' | '○' => '0',
        '一' => '1',
        '二' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        '六' => '6',
        '七' => '7',
        '八' => '8',
        '九' => '9',
        c => c,
    }
}

/// Dates written in Chinese numerals, as 公文 write them, turned into digits: "二〇二四年一月" →
/// "2024年1月", "二〇二六年十二月三十一日" → "2026年12月31日". Other Chinese numbers stay.
pub fn arabic_dates(s: &str) -> String {
    use std::sync::OnceLock;
    static RE: OnceLock<(regex::Regex, regex::Regex, regex::Regex)> = OnceLock::new();
    let (year, month, day) = RE.get_or_init(|| {
        let r = |p: &str| regex::Regex::new(p).expect("date pattern");
        (
            r("([〇零○一二三四五六七八九]{4})年"),
            r(r"(\d{4})年(十[一二]?|[一二三四五六七八九])月"),
            r(r"(\d{1,2})月(三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])日"),
        )
    });
    // A year in Chinese numerals always holds a zero (二〇二四); months and days are read after it.
    if !s.contains(['〇', '零', '○']) {
        return s.to_owned();
    }
    let s = year.replace_all(s, |c: &regex::Captures| {
        format!("{}年", c[1].chars().map(han_digit).collect::<String>())
    });
    let s = month.replace_all(&s, |c: &regex::Captures| {
        format!("{}年{}月", &c[1], chinese_number(&c[2]).unwrap_or(0))
    });
    day.replace_all(&s, |c: &regex::Captures| {
        format!("{}月{}日", &c[1], chinese_number(&c[2]).unwrap_or(0))
    })
    .into_owned()
}

/// Whether a character is a Han ideograph (CJK Unified Ideographs and Extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Value of a Chinese numeral of up to two digits (一 .. 九十九), as written in 公文 labels.
pub fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    // 十 … 九千九百九十九: digits, each before its unit (一百二十六, 三百零五; 十 alone leads the
    // tens). Anything else — two digits running, a unit twice, a unit not below the last — is no
    // number.
    let mut total = 0;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = digit(c)?;
                // 零 holds a place (三百零五) and gives way to the digit after it.
                if pending.is_some_and(|p| p > 0) {
                    return None;
                }
                pending = Some(d);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        let d = match pending.take() {
            Some(d) => d,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += d * unit;
        last_unit = unit;
    }
    total += pending.unwrap_or(0);
    (total > 0).then_some(total)
}

/// Writes n (1..=99) as a Chinese numeral the way 公文 labels do: 一, 十, 十一, 二十一.
pub fn to_chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => D[0].into(),
        1..=9 => D[n as usize].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// Whether `text` holds one of `words` (empty words never match): the test every rule of the
/// profile's word lists uses.
pub fn contains_any(text: &str, words: &[String]) -> bool {
    words
        .iter()
        .any(|w| !w.is_empty() && text.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("一", Some(1)),
            ("十", Some(10)),
            ("十一", Some(11)),
            ("二十", Some(20)),
            ("九十九", Some(99)),
            ("一百二十六", Some(126)),
            ("三百二十六", Some(326)),
            ("三百零五", Some(305)),
            ("五百三十", Some(530)),
            ("一千二百", Some(1200)),
            ("零", None),
            ("百", None),
            ("一二", None),
            ("十百", None),
        ] {
            assert_eq!(chinese_number(s), n, "{s}");
        }
    }

    #[test]
    fn dates_in_chinese_numerals() {
        assert_eq!(
            arabic_dates("试点期限：二〇二四年一月至二〇二六年十二月。"),
            "试点期限：2024年1月至2026年12月。"
        );
        assert_eq!(arabic_dates("二〇二四年一月十八日"), "2024年1月18日");
        assert_eq!(arabic_dates("三年行动计划"), "三年行动计划");
    }

    #[test]
    fn folds_one_for_one() {
        let s = "（一）１２．５％　ＡＢ";
        let f = fold_width(s);
        assert_eq!(f, "(一)12.5% AB");
        assert_eq!(f.chars().count(), s.chars().count());
    }

    #[test]
    fn chinese_numbers_round_trip() {
        for n in 1..=99 {
            assert_eq!(chinese_number(&to_chinese_number(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("零"), None);
        assert_eq!(chinese_number("一二"), None);
    }

    #[test]
    fn squashes() {
        assert_eq!(squash_spaces("  a \t b\n c "), "a b c");
    }
}
