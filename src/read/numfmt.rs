//! List counters rendered in WordprocessingML's number formats (`w:numFmt`, ST_NumberFormat of
//! ECMA-376 Part 1): shared by the .docx numbering reader and the HTML lists of altChunk parts.

/// Renders a list counter in a numFmt of WordprocessingML ("chineseCounting" 3 → "三",
/// "decimalEnclosedCircle" 2 → "②", "upperRoman" 4 → "IV"); unknown formats render as decimal.
pub fn format_number(n: u32, fmt: &str) -> String {
    use crate::document::text::to_chinese_number;
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "ideographDigital" => to_chinese_number(n),
        "chineseLegalSimplified" => to_chinese_number(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                o => o,
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n.max(1) - 1) as usize % 10)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" | "upperLetter" => {
            let base = if fmt == "lowerLetter" { b'a' } else { b'A' };
            let letter = (base + ((n.max(1) - 1) % 26) as u8) as char;
            letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize)
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}
