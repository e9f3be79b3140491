//! Reading an earlier plan: its period, and its quantified targets in sentences, lists, target
//! tables and task tables, with what is not a target left out (past figures, policy parameters,
//! conditions, time limits, others' targets, figures inside names).

use std::sync::OnceLock;

use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::Document;
use crate::document::text::{contains_any, fold_width};
use crate::profile::rules_spec::{LedgerSpec, PeriodSpec};

use super::model::*;
use super::names::*;
use super::text::*;

/// A target as one clause states it, before its year and evidence are known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stated {
    pub(super) name: String,
    pub(super) value: f64,
    pub(super) unit: String,
    pub(super) comparator: Comparator,
    pub(super) growth: bool,
}

/// The targets of one clause. A clause may hold two (“新增上市企业5家、新三板挂牌企业10家”: the
/// second inherits the first's verb).
pub(super) fn clause_targets(clause: &str, spec: &LedgerSpec) -> Vec<Stated> {
    let mut out: Vec<Stated> = Vec::new();
    let mut from = 0;
    // The name before a base figure the clause starts from (“绿色贷款占比由2019年末的6.5%提高2个
    // 百分点以上” → 绿色贷款占比), for the change after it.
    let mut based: Option<String> = None;
    for q in quantities(clause, spec) {
        let before = &clause[from..q.start];
        // … or “在2020年6.5%的基础上” (三门峡 in round 30).
        let base_name = before
            .rfind(['由', '从'])
            .or_else(|| before.rfind("在20"))
            .map(|i| name_before(&before[..i], spec))
            .filter(|n| han_count(n) >= 2);
        let after = &clause[q.end..];
        from = q.end;
        // “担保费率不高于1%的，按担保额的0.5%给予补贴”: a condition, no target.
        let condition = after
            .trim_start_matches("以上")
            .trim_start_matches("以下")
            .trim_start_matches("以内")
            .strip_prefix('的')
            .is_some_and(|r| r.is_empty() || r.starts_with(['，', ',']));
        // “培育一批产值超10亿元的骨干企业” (武威 in round 35): a figure describing things named after
        // 的 is no target — unless what is named is set up (“设立总规模50亿元的产业引导基金”, a
        // target to writers of nineteen rounds; three writers, of rounds 31, 33 and 36, counted some none).
        let qualifier = !contains_any(before, &spec.object_verbs)
            && !contains_any(&clause[..q.start], &["建立", "设"].map(String::from))
            && after
                .trim_start_matches("以上")
                .trim_start_matches("左右")
                .strip_prefix('的')
                .is_some_and(|r| {
                    r.starts_with(|c: char| crate::document::text::is_han(c))
                        && ![
                            "规模",
                            "目标",
                            "水平",
                            "总量",
                            "增长",
                            "增速",
                            "突破",
                            "基础上",
                        ]
                        .iter()
                        .any(|w| r.starts_with(w))
                });
        if condition || qualifier {
            continue;
        }
        let at_most_after = contains_prefix(after, &spec.at_most_after);
        let at_least_after = contains_prefix(after, &spec.at_least_after);
        // The verb nearest before the figure (ending within 14 characters of it) decides; of two
        // ending together the longer (不高于 over 高于).
        let within = |words: &[String], reach: usize| -> Option<(usize, usize)> {
            words
                .iter()
                .filter(|w| !w.is_empty())
                .filter_map(|w| before.rfind(w.as_str()).map(|i| (i, i + w.len())))
                .filter(|(_, end)| before[*end..].chars().count() <= reach)
                .max_by_key(|(i, end)| (*end, std::cmp::Reverse(*i)))
        };
        let verb = |words: &[String]| within(words, 14);
        let after_than = |a: (usize, usize), b: (usize, usize)| {
            (a.1, std::cmp::Reverse(a.0)) > (b.1, std::cmp::Reverse(b.0))
        };
        let growth_at = verb(&spec.growth);
        let points_at = (q.unit == "个百分点").then(|| verb(&spec.points)).flatten();
        let most_at = verb(&spec.at_most);
        // 累计 may stand before a long object too (“三年累计为天然气化工产业链企业提供融资100亿元”,
        // 达州 in round 18).
        let least_at = verb(&spec.at_least).or_else(|| {
            let sums: Vec<String> = (spec.period_sums.iter())
                .filter(|w| spec.at_least.contains(w))
                .cloned()
                .collect();
            within(&sums, 24)
        });
        // A count verb may stand before a long object (“引进股份制银行、证券公司等金融机构5家”).
        let count_at = within(&spec.count_verbs, 24);
        let later = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| match (a, b) {
            (Some(x), Some(y)) => Some(if after_than(y, x) { y } else { x }),
            (x, y) => x.or(y),
        };
        let (at, comparator, growth) = if let Some(v) = points_at {
            (Some(v), Comparator::AtLeast, true)
        } else if q.unit == "个百分点" && most_at.is_none() {
            // “增速高于各项贷款平均增速3个百分点以上”: points are a change or a gap, never a level.
            (
                later(least_at, verb(&spec.neutral)),
                Comparator::AtLeast,
                true,
            )
        } else if let Some(v) = growth_at.filter(|_| matches!(q.unit.as_str(), "%" | "％")) {
            (Some(v), Comparator::AtLeast, true)
        } else if let Some(v) = most_at.filter(|m| least_at.is_none_or(|l| after_than(*m, l))) {
            (Some(v), Comparator::AtMost, false)
        } else if let Some(v) = verb(&spec.neutral).filter(|_| at_most_after) {
            // “保持在1%以下”: a verb without direction, a cap by the word after the figure.
            (Some(v), Comparator::AtMost, false)
        } else if at_most_after && least_at.is_none() {
            (None, Comparator::AtMost, false)
        } else if let Some(v) = verb(&spec.neutral) {
            (Some(v), Comparator::AtLeast, false)
        } else if let Some(v) = later(least_at, count_at) {
            (Some(v), Comparator::AtLeast, false)
        } else if at_least_after {
            (None, Comparator::AtLeast, false)
        } else if let Some(prev) = out.last().filter(|_| before.starts_with('、')) {
            // “……5家、新三板挂牌企业10家”: the listed figure shares the verb.
            let name = before.trim_start_matches('、').to_owned();
            if han_count(&name) >= 2 {
                let (comparator, growth) = (prev.comparator, prev.growth);
                out.push(Stated {
                    name,
                    value: q.value,
                    unit: q.unit.clone(),
                    comparator,
                    growth,
                });
            }
            continue;
        } else if after.starts_with('、') && contains_any(&clause[q.end..], &spec.at_least) {
            // “国家产融合作平台注册企业600家、平台融资金额累计达到50亿元” (吴忠 in round 35): a list's
            // first item without a verb shares the floor of the verb after it.
            let name = name_before(before, spec);
            if han_count(&name) >= 2 && !year_re().is_match(before) {
                out.push(Stated {
                    name,
                    value: q.value,
                    unit: q.unit.clone(),
                    comparator: Comparator::AtLeast,
                    growth: false,
                });
            }
            continue;
        } else {
            based = base_name.or(based);
            continue;
        };
        let (cut, verb_end) = at.unwrap_or((before.len(), before.len()));
        // “、年均增速20%以上”: a list's mark is no name; “年均增长不低于12%”: nor a comparator.
        let bare = |s: &str| {
            let s = name_before(s, spec);
            let s = s.trim_matches(['、', '，', ',', '；']);
            // … nor 年 of “年增速不低于10%”, nor 保持在 of “年均增速保持在12%以上” (潮州 in round 24).
            // … nor 试点三年 of “试点三年累计实现直接融资300亿元” (衡水 in round 27): words that
            // only say where or when.
            let mut core = s;
            while let Some(rest) = (spec.name_prefixes.iter())
                .chain(&spec.name_modifiers)
                .find_map(|w| core.strip_prefix(w.as_str()))
            {
                core = rest;
            }
            if (spec.at_least.iter())
                .chain(&spec.at_most)
                .chain(&spec.neutral)
                .any(|w| w == s)
                || han_count(s) < 2
                || core.is_empty()
                // … nor 的基础上 of “……比重在2020年6.5%的基础上提高3个百分点” (三门峡 in round 30).
                || s.starts_with("的基础上")
                || s.starts_with("基础上")
            {
                String::new()
            } else {
                s.to_owned()
            }
        };
        let mut name = bare(&before[..cut]);
        let between = bare(&before[verb_end..]);
        let counted = count_at.is_some_and(|c| c.0 == cut);
        let verb_word = &before[cut..verb_end];
        // “通过平台累计撮合融资300亿元”: 累计 says how it counts; the name follows it.
        let modifier = spec.name_trailers.iter().any(|w| w == verb_word);
        if modifier && han_count(&name) >= 2 && han_count(&between) >= 2 {
            name = format!("{name}{between}");
        } else if counted
            && han_count(&name) >= 2
            && spec.flow_verbs.iter().any(|v| v == verb_word)
            && spec.bare_names.contains(&between)
        {
            // “试点期间绿色债券发行规模20亿元”: a flow's measure is the name's, not a name alone.
            name = format!("{name}{verb_word}{between}");
        } else if between.is_empty() && spec.activity_nouns.iter().any(|a| a == verb_word) {
            // “开展金融知识培训5000人次”: an activity right before its figure ends the name.
            name = format!("{name}{verb_word}");
        } else if han_count(&name) < 2
            || counted && han_count(&between) >= 2
            || spec
                .means_words
                .iter()
                .any(|m| name.starts_with(m.as_str()))
                && han_count(&between) >= 4
        {
            // “新增境内外上市企业8家”, “累计实现直接融资300亿元”: the name between verb and figure.
            if han_count(&between) >= 2 {
                // An increment keeps its verb (新增上市企业 is not the stock of listed firms);
                // 设立/引进/培育 do not name anything.
                let keep = counted && contains_any(verb_word, &spec.increments);
                // “产融合作项目库入库项目300个以上” (聊城 in round 19): the pool's entries.
                let pool = counted && name.ends_with('库') && han_count(&name) >= 3;
                name = if pool {
                    format!("{name}{verb_word}{between}")
                } else if keep {
                    format!("{verb_word}{between}")
                } else {
                    between
                };
            } else {
                // “新增5家上市企业”: the name after the figure.
                let tail: String = after
                    .trim_start_matches("以上")
                    .trim_start_matches("左右")
                    .trim_start_matches('余')
                    .chars()
                    .take_while(|c| !"，,；;。、（(".contains(*c))
                    .collect();
                if han_count(&tail) >= 2 {
                    // 新增5家上市企业 keeps its increment; 不少于100家链主企业 its object alone.
                    name = if contains_any(verb_word, &spec.increments) {
                        format!("{verb_word}{tail}")
                    } else {
                        tail
                    };
                }
            }
        } else if counted
            && contains_any(verb_word, &spec.increments)
            && han_count(&between) < 2
            && !contains_any(&name, &spec.increments)
        {
            // “首贷户新增6000户以上”: the increment of the name before it (新增首贷户); “首贷户年新增
            // 1500户” (南充 in round 12) is yearly, 年 no part of the name.
            let own = name.strip_suffix('年').filter(|n| han_count(n) >= 2);
            name = format!("{verb_word}{}", own.unwrap_or(&name));
        }
        // “设立规模不低于3亿元的风险补偿资金池”: the name follows 的.
        if let Some(rest) = after.strip_prefix('的') {
            let run: String = rest
                .chars()
                .take_while(|c| !"，,；;。、（(".contains(*c))
                .collect();
            // (Not “实现新增上市企业1家的突破”, 绥化 in round 27: a verb is no name.)
            let verb = spec.at_least.iter().chain(&spec.at_most).any(|w| *w == run);
            if han_count(&run) >= 2 && !verb {
                name = if name.contains("规模") {
                    format!("{run}规模")
                } else {
                    run
                };
            }
        }
        if name.is_empty() {
            if let Some(base) = based.take() {
                name = base;
            }
        }
        let name = category_of(&object_of(&name, spec));
        // “……达到900亿元，年均增长13%以上”, “……年均增长12%以上，到2023年末达到420亿元”: a figure
        // without a name is the previous clause's (filled in by `sentence_targets`).
        if han_count(&name) < 2 && !name.is_empty() || names_a_parameter(&name, spec) {
            continue;
        }
        // “确保达到680亿元、力争突破750亿元”: the floor is the target, the stretch is not.
        let stretch = ["力争", "争取"].iter().any(|w| before.contains(w))
            && clause[..q.start].contains("确保")
            && out.last().is_some_and(|t| t.unit == q.unit);
        if stretch {
            continue;
        }
        out.push(Stated {
            name,
            value: q.value,
            unit: q.unit.clone(),
            comparator,
            growth,
        });
    }
    // 翻一番 / 翻两番 / 倍增: a multiple of the base, as 倍.
    static DATED: OnceLock<Regex> = OnceLock::new();
    let dated = DATED.get_or_init(|| Regex::new(r"(?:到|至)?20\d{2}年(?:末|底)?$").expect("dated"));
    static ON_BASE: OnceLock<Regex> = OnceLock::new();
    let on_base =
        ON_BASE.get_or_init(|| Regex::new(r"在20\d{2}年(?:末|底)?的?基础上$").expect("on base"));
    for &(word, times) in MULTIPLES {
        // “绿色贷款余额以2020年末的420亿元为基数实现翻一番”, “……余额由2020年末的63亿元翻一番”: the
        // base in the clause itself.
        // “……在2020年185亿元的基础上实现翻一番” too.
        let based = clause.find(word).and_then(|i| {
            // (“在2019年65亿元基础上翻一番”, 阜阳 in round 29: 的 may be left out.)
            let on = clause[..i]
                .find("的基础上")
                .or_else(|| clause[..i].find("基础上"));
            match (clause.find("为基数"), on) {
                (Some(b), _) => Some((i, b, clause[..b].rfind('以').unwrap_or(0))),
                (None, Some(b)) => clause[..b].rfind('在').map(|l| (i, b, l)),
                (None, None) => clause[..i].rfind('由').map(|l| (i, i, l)),
            }
        });
        if let Some((i, base_at, lead)) = based {
            let name = name_before(&clause[..lead], spec);
            if let Some(q) = quantities(&clause[lead..base_at], spec)
                .into_iter()
                .find(|q| matches!(kind(&q.unit, spec), Some(Kind::Money(_) | Kind::Count(_))))
                .filter(|_| base_at <= i && han_count(&name) >= 2)
            {
                out.retain(|t| t.value != q.value);
                out.push(Stated {
                    name,
                    value: q.value * times,
                    unit: q.unit,
                    comparator: Comparator::AtLeast,
                    growth: false,
                });
                break;
            }
        }
        // 实施高新技术企业倍增计划: a programme's name, no aim.
        // (Also in quotes: 实施企业上市“五年倍增”计划, 渭南 in round 36.)
        let named = |i: usize| {
            let rest = clause[i + word.len()..].trim_start_matches(['”', '"', '’', '」']);
            PROGRAMMES.iter().any(|p| rest.starts_with(p))
        };
        if let Some(i) = clause.find(word).filter(|i| !named(*i)) {
            let name = name_before(&clause[..i], spec);
            // “科技型企业贷款余额到2023年较2020年翻一番”, “上市公司数量实现翻一番” (郴州, 自贡 in
            // round 17): the year and the verb are no part of the name.
            let name = name.split(['比', '较']).next().unwrap_or(&name);
            // “绿色贷款余额在2019年基础上翻一番” (宜春 in round 21): the base is no part either.
            let name = on_base.replace(name, "");
            let name = dated.replace(&name, "");
            let name = spec
                .at_least
                .iter()
                .find_map(|v| name.strip_suffix(v.as_str()))
                .unwrap_or(&name)
                .to_owned();
            if han_count(&name) >= 2 && out.iter().all(|t| t.unit != "倍") {
                out.push(Stated {
                    name,
                    value: times,
                    unit: "倍".into(),
                    comparator: Comparator::AtLeast,
                    growth: true,
                });
            }
            break;
        }
    }
    out
}

/// “组织银行机构对白名单企业授信” → “白名单企业授信”, “逐步将担保费率” → “担保费率”: who acts is no
/// part of the indicator; what is acted on after 对, 将 or 把 is. A name opening with 对 is a condition, left to `is_condition`;
/// 对 of a word (`not_prepositions`: 产融合作对接签约金额) is no preposition.
pub(super) fn object_of(name: &str, spec: &LedgerSpec) -> String {
    // “逐步将担保费率降至1%以下”: what 将 takes is the indicator.
    if let Some(i) = name.rfind(['将', '把']) {
        let rest = &name[i + '将'.len_utf8()..];
        if han_count(rest) >= 2 {
            return object_of(rest, spec);
        }
    }
    match name.rfind('对') {
        Some(i)
            if i > 0
                && han_count(&name[i + '对'.len_utf8()..]) >= 4
                && !spec
                    .not_prepositions
                    .iter()
                    .any(|w| name[i..].starts_with(w.as_str())) =>
        {
            name[i + '对'.len_utf8()..].to_owned()
        }
        _ => name.to_owned(),
    }
}

/// “科技支行等科技金融专营机构” → “科技金融专营机构”: examples before 等 name the category after
/// it. 等级, 高等, 同等 and 平等 are words, not this 等.
pub(super) fn category_of(name: &str) -> String {
    if let Some(i) = name.rfind('等') {
        let (head, tail) = (&name[..i], &name[i + '等'.len_utf8()..]);
        let word =
            tail.starts_with('级') || ["高", "同", "平", "中"].iter().any(|w| head.ends_with(w));
        if !word && han_count(head) >= 2 && han_count(tail) >= 2 {
            return tail.to_owned();
        }
    }
    name.to_owned()
}

/// Whether a sentence speaks of somebody else's figures as a whole: its first clause opens with
/// 全省/全国… (after a label and 到2023年) — “积极对接自治区提出的……目标，……” speaks of the city.
pub(super) fn opens_not_own(sentence: &str, spec: &LedgerSpec) -> bool {
    let first = first_clause(sentence);
    let opening: String = strip_context(first, spec).chars().take(6).collect();
    contains_any(&opening, &spec.not_own)
}

/// A name that is a policy parameter (奖励, 补贴, 贴息 …), unless the word names a loan (贴息贷款 is
/// a product: “技术改造贴息贷款累计规模达到50000万元” is a target).
pub(super) fn names_a_parameter(name: &str, spec: &LedgerSpec) -> bool {
    spec.not_names.iter().filter(|w| !w.is_empty()).any(|w| {
        name.match_indices(w.as_str())
            .any(|(i, _)| !name[i + w.len()..].starts_with('贷'))
    })
}

/// Words of a multiple of the base and the multiple.
pub(super) const MULTIPLES: &[(&str, f64)] = &[
    ("翻两番", 4.0),
    ("翻一番", 2.0),
    ("翻番", 2.0),
    ("倍增", 2.0),
];

/// Words after 倍增 or 翻番 that make it a programme's name (倍增计划, 倍增行动).
const PROGRAMMES: &[&str] = &["计划", "行动", "工程", "专项", "方案"];

/// Whether a sentence opens with a year before the period (“2020年末，全市……”): a record.
pub(super) fn begins_before(sentence: &str, period_start: u16) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    let start = START.get_or_init(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])?(?:截至|截止)?(20\d{2})年")
            .expect("start")
    });
    // Words of the past and policy parameters are read clause by clause (“整合现有……，推动……达到100亿元”).
    start
        .captures(sentence)
        .and_then(|c| c[1].parse::<u16>().ok())
        .is_some_and(|y| y < period_start)
}

/// The first year of the programme's first pilot plans (the first batch of pilot cities was
/// named in 2016): no earlier plan's period starts before it.
const FIRST_ROUND: u32 = 2016;

/// The plan's period as (first year, last year), by the plan checks' own reader
/// (`check::period::read`: the title, a sentence naming the period — 实施期为2024年1月至2026年12月 —,
/// a start and an end), else from the title alone — its lines, a period on the line under it, in
/// full-width or Chinese digits, without 年 — or the file name (……实施方案（2021—2023年）.docx). A
/// paragraph recalling an earlier round (“2021—2023年试点期间……”, “近三年（2021—2023年）……”) is
/// not the plan's period.
pub fn plan_period(doc: &Document, period: &PeriodSpec) -> Option<(u16, u16)> {
    let stated = |spec: &PeriodSpec, lengths_only: bool| {
        let read = crate::check::period::read(&[doc], spec).period.filter(|p| {
            matches!(
                p.source,
                crate::check::period::Source::Title | crate::check::period::Source::Statement
            )
        });
        let read = read?;
        // A length with one end (“自2021年起，用三年时间”, “用三年时间，到2023年”): the other end.
        let quoted = |re: &Regex| {
            re.captures(&clean(&read.evidence.quote))
                .and_then(|c| c[1].parse::<u32>().ok())
        };
        static FROM: OnceLock<Regex> = OnceLock::new();
        static TO: OnceLock<Regex> = OnceLock::new();
        let from =
            FROM.get_or_init(|| Regex::new(r"(?:自|从)(20\d{2})年(?:起|开始)").expect("from"));
        let to = TO.get_or_init(|| Regex::new(r"(?:到|至)(20\d{2})年").expect("to"));
        let n = read.years.max(1);
        let (a, z) = match (read.start, read.end) {
            (Some(_), Some(_)) if lengths_only => return None,
            (Some(a), Some(z)) => (a, z),
            (Some(a), None) => (a, a + n - 1),
            (None, Some(z)) => (z + 1 - n, z),
            (None, None) => match (quoted(from), quoted(to)) {
                (Some(a), _) => (a, a + n - 1),
                (None, Some(z)) => (z + 1 - n, z),
                _ => return None,
            },
        };
        let (a, z) = (u16::try_from(a).ok()?, u16::try_from(z).ok()?);
        (a <= z && z - a <= 5).then_some((a, z))
    };
    if let Some(p) = stated(period, false) {
        return Some(p);
    }
    let title = doc.title.clone().unwrap_or_default();
    let name = doc.path.rsplit('/').next().unwrap_or_default().to_owned();
    if let Some(p) = [title, name].iter().find_map(|t| period_in_text(t)) {
        return Some(p);
    }
    // An earlier plan states its own, earlier period (泸州's “试点期为2021年至2023年”), which
    // the plan checks' reader leaves to earlier rounds: a sentence saying the period is, not one
    // recalling it (“2021—2023年试点期间……”).
    if let Some(p) = doc
        .blocks
        .iter()
        .find_map(|b| own_period_statement(&clean(&b.text)))
    {
        return Some(p);
    }
    // … or as a length from a year (“自2021年起，用三年时间”, 萍乡 in round 16), read again from the
    // first round of the programme, after no later period and no title was found. A range read
    // so is a recollection (“2021—2023年试点期间……”) as often as not: only lengths count.
    let earlier = PeriodSpec {
        earliest_start: FIRST_ROUND,
        ..period.clone()
    };
    stated(&earlier, true)
        .or_else(|| forward_range(doc, period))
        .or_else(|| aim_after_base(doc, period))
        .or_else(|| most_aimed_year(doc, period))
}

/// After every other reader: the year the plan's aims reach (“到2023年，全市……”, “力争至2023年末
/// ……”) whose base year, the notice's length before it, the plan also names (“2020年末，全市……”),
/// the aim's year named at least twice: of several such years (a plan's “到2025年” beside its
/// “到2023年”), the one named most often, none on a tie. A recollection's range (“2018年至2020年”)
/// and a date up to which something is counted (截至2020年底) are no aims. On the 179 plans of the
/// independently written rounds 2–37 it reads 151 periods right and none wrong (a lone
/// “到2025年” beside a named 2022 is why the aim's year must be named twice).
pub(super) fn most_aimed_year(doc: &Document, period: &PeriodSpec) -> Option<(u16, u16)> {
    static AIM: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let aim = AIM.get_or_init(|| Regex::new(r"(?:到|至)(20\d{2})年").expect("aim"));
    let year = YEAR.get_or_init(|| Regex::new(r"(20\d{2})年").expect("year"));
    let years = u16::try_from(period.years).ok()?;
    let mut aims: std::collections::BTreeSet<u16> = std::collections::BTreeSet::new();
    let mut named: std::collections::BTreeMap<u16, usize> = std::collections::BTreeMap::new();
    for b in &doc.blocks {
        let text = clean(&b.text);
        for c in year.captures_iter(&text) {
            if let Ok(y) = c[1].parse::<u16>() {
                *named.entry(y).or_default() += 1;
            }
        }
        for c in aim.captures_iter(&text) {
            let start = c.get(0).map_or(0, |m| m.start());
            let before = text[..start].chars().next_back();
            if before.is_some_and(|ch| ch == '截' || ch == '年' || ch.is_ascii_digit()) {
                continue;
            }
            aims.extend(c[1].parse::<u16>().ok());
        }
    }
    let times = |y: u16| named.get(&y).copied().unwrap_or(0);
    let candidates: Vec<u16> = (aims.into_iter())
        .filter(|&y| times(y) >= 2 && y.checked_sub(years).is_some_and(|base| times(base) > 0))
        .filter(|&y| u32::from(y) + 1 >= FIRST_ROUND + period.years)
        .collect();
    let most = candidates.iter().map(|&y| times(y)).max()?;
    match candidates
        .iter()
        .filter(|&&y| times(y) == most)
        .collect::<Vec<_>>()[..]
    {
        [&end] => Some((end + 1 - years, end)),
        _ => None,
    }
}

/// The very last resort: the year a sentence of the preamble or the general-requirements chapter
/// aims at (“到2023年，全市产融合作机制基本健全……”, 汉中 in round 36) when the plan gives figures
/// of the year the notice's length before it as its base (“2020年末，全市制造业贷款余额196.8亿元”):
/// the notice's years ending in that year.
fn aim_after_base(doc: &Document, period: &PeriodSpec) -> Option<(u16, u16)> {
    static AIM: OnceLock<Regex> = OnceLock::new();
    let aim = AIM
        .get_or_init(|| Regex::new(r"^(?:力争)?(?:到|至)(20\d{2})年(?:末|底)?[，,]").expect("aim"));
    let years = u16::try_from(period.years).ok()?;
    let end = doc
        .blocks
        .iter()
        .filter(|b| {
            b.section
                .first()
                .is_none_or(|top| contains_any(top, &period.goal_chapters))
        })
        .find_map(|b| {
            aim.captures(&clean(&b.text))
                .and_then(|c| c[1].parse::<u16>().ok())
        })?;
    let base = format!("{}年", end.checked_sub(years)?);
    doc.blocks
        .iter()
        .any(|b| clean(&b.text).starts_with(&base))
        .then(|| (end + 1 - years, end))
}

/// The last resort: a range of the notice's length (`years`) in a sentence of the preamble or of
/// the general-requirements chapter (`goal_chapters`: 总体要求, 工作目标 …) that looks ahead
/// (`ahead`: 力争, 到20 …; any sentence under a heading of goals) and recalls nothing (`behind`: 已,
/// 以来, 成效 …; under a heading of goals only `recalled`: 已, 以来, 截至 …): “2021—2023年，力争……”.
fn forward_range(doc: &Document, period: &PeriodSpec) -> Option<(u16, u16)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(20\d{2})年?(?:至|到|—|–|-|－|~|～)+(20\d{2})年").expect("range")
    });
    let chapter = |b: &crate::document::model::Block| {
        b.section
            .first()
            .is_none_or(|top| contains_any(top, &period.goal_chapters))
    };
    doc.blocks.iter().filter(|b| chapter(b)).find_map(|b| {
        let text = clean(&b.text);
        split_inclusive_at(&text, &['。', '；', ';'])
            .into_iter()
            .find_map(|sentence| {
                // Under a heading of goals (“三、试点目标”, 淮北 in round 29) the chapter looks
                // ahead: “2021年至2023年，全市产融合作工作取得明显成效……”; only a recollection is not.
                let goals = b.section.iter().any(|h| h.contains("目标"));
                let behind = if goals {
                    &period.recalled
                } else {
                    &period.behind
                };
                if mask_titles(sentence) != sentence {
                    return None;
                }
                re.captures_iter(sentence).find_map(|c| {
                    // “在2020—2022年试点期内，以……为重点” (阳泉 in round 32): the plan's own time,
                    // its 期内 no recollection.
                    let end = c.get(0)?.end();
                    let own =
                        (period.own_span.iter()).find(|w| sentence[end..].starts_with(w.as_str()));
                    let rest = own.map_or(sentence.to_owned(), |w| {
                        sentence.replacen(&format!("{}{w}", &c[0]), "", 1)
                    });
                    let ahead = goals || own.is_some() || contains_any(&rest, &period.ahead);
                    if !ahead || contains_any(&rest, behind) {
                        return None;
                    }
                    let (a, z) = (c[1].parse::<u16>().ok()?, c[2].parse::<u16>().ok()?);
                    (a <= z && u32::from(z - a) + 1 == period.years).then_some((a, z))
                })
            })
    })
}

/// “试点期为2021年至2023年”, “实施期限：2021—2023年”, “试点工作期限为2021年至2023年” (河池 in round
/// 41), “实施期限为2021年1月1日至2023年12月31日”, “试点期自2021年起至2023年止”, “试点周期为三年（2021—
/// 2023年）”, “制定2021—2023年实施方案”, “现就2021年至2023年
/// 我市……工作制定如下方案” (晋中 in round 25), “用三年时间，到2023年”, “用三年时间（2021—2023年）”:
/// a plan's own period,
/// said to be (not “《……实施方案（2021—2023年）》”, nor “上一轮2021—2023年……”).
fn own_period_statement(text: &str) -> Option<(u16, u16)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(?:(?:(?:试点|实施|方案|规划|建设|执行|工作)(?:工作|建设|实施)?(?:期限|周期|时间|时限|期)|期限)(?:为|是|:|：|自|从)?(?:三年)?[（(]?|(?:制定|编制|特制定|本|现就)(?:本)?)(20\d{2})年?(?:\d{1,2}月)?(?:\d{1,2}日)?起?(?:至|到|—|–|-|－|~|～)+(20\d{2})年?(?:\d{1,2}月)?(?:\d{1,2}日)?止?(?:$|[，,。；;）)]|\p{Han}{0,30}?方案)")
            .expect("own period")
    });
    // “力争用三年时间，到2023年……”, “通过三年试点，力争到2022年末……” (三明, 六安 in round 15): so many
    // years ending in that year.
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let span = SPAN.get_or_init(|| {
        Regex::new(r"(?:用|通过|经过)([一二两三四五]|\d)年(?:左右)?(?:的)?(?:时间|努力|试点|建设)?[,，]?(?:力争|争取)?(?:到|至)(20\d{2})年")
            .expect("span")
    });
    // “力争用三年时间（2021—2023年）” (承德 in round 25): the years in brackets after the length.
    static BRACKETED: OnceLock<Regex> = OnceLock::new();
    let bracketed = BRACKETED.get_or_init(|| {
        Regex::new(r"(?:用|通过|经过)(?:[一二两三四五]|\d)年(?:左右)?(?:的)?(?:时间|努力|试点|建设)?[（(](20\d{2})年?(?:至|到|—|–|-|－|~|～)+(20\d{2})年?[）)]")
            .expect("bracketed")
    });
    // “利用2021年至2023年三年时间” (驻马店 in round 26): the years after the verb, then the length.
    static FORWARD: OnceLock<Regex> = OnceLock::new();
    let forward = FORWARD.get_or_init(|| {
        Regex::new(r"(?:用|利用|通过|经过|花)(20\d{2})年?(?:至|到|—|–|-|－|~|～)+(20\d{2})年?(?:的)?(?:[一二两三四五]|\d)?年?(?:左右)?(?:的)?(?:时间|努力|试点|建设|持续推进)")
            .expect("forward")
    });
    // “2021年至2023年为试点期” (渭南 in round 36): the range, then what it is.
    static NAMED_AFTER: OnceLock<Regex> = OnceLock::new();
    let named_after = NAMED_AFTER.get_or_init(|| {
        Regex::new(r"(20\d{2})年?(?:至|到|—|–|-|－|~|～)+(20\d{2})年?(?:为|是)(?:本轮|本次|我市)?(?:试点|实施|方案实施|规划)期")
            .expect("named after")
    });
    if let Some(c) = (re.captures(text))
        .or_else(|| bracketed.captures(text))
        .or_else(|| forward.captures(text))
        .or_else(|| named_after.captures(text))
    {
        let (a, z) = (c[1].parse::<u16>().ok()?, c[2].parse::<u16>().ok()?);
        return (a <= z && z - a <= 5).then_some((a, z));
    }
    let c = span.captures(text)?;
    let years = u16::try_from(crate::document::text::chinese_number(&c[1])?).ok()?;
    let z = c[2].parse::<u16>().ok()?;
    (1..=5).contains(&years).then(|| (z + 1 - years, z))
}

/// The first “YYYY—YYYY(年)” of a title-like text (a title, a file name), digits of any width or
/// Chinese (二〇二一): (first year, last year).
pub fn period_in_text(text: &str) -> Option<(u16, u16)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(20\d{2})\s*年?\s*[—–\-－~～至到]+\s*(20\d{2})\s*年?").expect("period")
    });
    let folded: String = fold_width(text)
        .chars()
        .map(crate::document::text::han_digit)
        .collect();
    let c = re.captures(&folded)?;
    let (a, z): (u16, u16) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (a <= z && z - a <= 5).then_some((a, z))
}

/// The quantified targets of a plan, in order. `period`: the plan's own years.
pub fn targets(doc: &Document, period: (u16, u16), spec: &LedgerSpec) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    let mut year_context: Option<u16> = None;
    let mut section_of_context: Vec<String> = Vec::new();
    for b in &doc.blocks {
        if b.table.is_some() || crate::document::sentences::is_text_row(&b.text) {
            continue;
        }
        // A chapter on the foundation or background holds no target.
        if b.section
            .first()
            .is_some_and(|top| contains_any(top, &spec.record_chapters))
        {
            continue;
        }
        if b.section != section_of_context {
            year_context = None;
        }
        // “（二）2022年目标”: a heading above naming one year of the period sets it for its items.
        let heading_year = b
            .section
            .iter()
            .rev()
            .find_map(|h| own_year(&clean(h), (period.0, period.1.saturating_sub(1))));
        // Under a heading of goals (发展目标, 主要指标), a bare “name + figure” is a target.
        let goal_block = b
            .section
            .iter()
            .any(|h| contains_any(h, &spec.goal_headings));
        let text = clean(&b.text);
        // “2021年目标” on a line of its own: the year of the items after it.
        if text.chars().count() <= 14 && contains_any(&text, &spec.year_lines) {
            if let Some(y) = own_year(&text, period) {
                year_context = Some(y);
                section_of_context = b.section.clone();
                continue;
            }
        }
        for sentence in split_inclusive_at(&text, &['。', '！', '？', '：', ':']) {
            let explained = mask_explanations(sentence);
            let sentence = explained.as_str();
            let sentence_year = year_re()
                .captures_iter(sentence)
                .filter_map(|c| c[1].parse::<u16>().ok())
                .filter(|y| (period.0..=period.1 + 1).contains(y))
                .max();
            if sentence.ends_with('：') || sentence.ends_with(':') {
                if let Some(y) = sentence_year {
                    year_context = Some(y);
                    section_of_context = b.section.clone();
                }
            }
            if opens_not_own(sentence, spec) || begins_before(sentence, period.0) {
                continue;
            }
            let goal = goal_block || year_context.is_some();
            let mut stated = sentence_targets(sentence, period, goal, spec);
            stated.extend(firsts(sentence, spec));
            for (name, stated, quote, clause_year) in stated {
                let year = clause_year
                    .or(sentence_year)
                    .or(heading_year)
                    .or(year_context)
                    .or(Some(period.1));
                out.push((
                    name,
                    PlanTarget {
                        value: stated.value,
                        unit: stated.unit,
                        year,
                        comparator: stated.comparator,
                        growth: stated.growth,
                        evidence: Evidence {
                            document: doc.path.clone(),
                            section: (!b.section.is_empty()).then(|| b.section.join(" > ")),
                            block: b.index,
                            quote: verbatim(&b.text, &quote),
                        },
                    },
                ));
            }
        }
    }
    out.extend(table_targets(doc, period, spec));
    // “镇江市产业转型升级基金规模”: the plan's own city is no part of a name.
    if let Some(city) = doc.title_city() {
        for (name, _) in &mut out {
            if let Some(rest) = name
                .strip_prefix(city.as_str())
                .filter(|r| han_count(r) >= 2)
            {
                *name = rest.to_owned();
            }
        }
    }
    out
}

/// Firsts a sentence aims at (“上市公司实现零的突破”, 铜仁 in round 39; “力争实现上市公司零的突破”,
/// 雅安 in round 37): at least one of the firms named, 1 家, for each clause with a word of
/// `[ledger] breakthrough` after the name of firms (…企业, …公司; 首发上市 is of 上市企业) and no
/// figure, past or denial (`past`, `not_yet`). A first of another kind (绿色债券发行实现零的突破)
/// counts no firms and is none. Shaped as `sentence_targets`' items, with no year of its own.
pub(super) fn firsts(
    sentence: &str,
    spec: &LedgerSpec,
) -> Vec<(String, Stated, String, Option<u16>)> {
    let mut out = Vec::new();
    for clause in split_inclusive_at(sentence, &['，', ',', '；', ';', '。']) {
        let Some(at) = spec
            .breakthrough
            .iter()
            .find_map(|w| clause.find(w.as_str()))
        else {
            continue;
        };
        let lead = clause[..at].trim_end_matches(['“', '”', '"']);
        if !quantities(clause, spec).is_empty()
            || contains_any(clause, &spec.past)
            || contains_any(lead, &spec.not_yet)
        {
            continue;
        }
        let named = match lead.strip_suffix("实现") {
            Some(before) => before,
            None => lead
                .rfind("实现")
                .map_or(lead, |i| &lead[i + "实现".len()..]),
        };
        let mut name = name_before(named.trim_matches(['“', '”', '"']), spec);
        if name.ends_with("上市") || name.ends_with("挂牌") {
            name.push_str("企业");
        }
        if han_count(&name) < 3 || !(name.ends_with("企业") || name.ends_with("公司")) {
            continue;
        }
        let quote = clause
            .trim_end_matches(['，', ',', '；', ';', '。'])
            .to_owned();
        let stated = Stated {
            name: name.clone(),
            value: 1.0,
            unit: "家".into(),
            comparator: Comparator::AtLeast,
            growth: false,
        };
        out.push((name, stated, quote, None));
    }
    out
}

/// The targets of one sentence, clause by clause: (name, target, the clause quoted, the year the
/// clause itself names — “2022年供应链金融融资规模达到100亿元，到2023年……” has two). Clauses with
/// policy parameters, words of the past or conditions are skipped; a bare 规模 or 余额 takes the
/// object of the clause before (“设立钛产业发展基金，规模不低于10亿元”).
/// A sentence with the parenthesis explaining a name's numbers blanked, byte for byte: “1+1+N”产融服务
/// 体系（1个领导小组、1个产融合作服务平台、N项配套政策） counts parts of a name, no target.
pub(super) fn mask_explanations(sentence: &str) -> String {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"“[^”]*\+[^”]*”[^，,。；;（(]{0,12}[（(]([^）)]*)[）)]").expect("explained")
    });
    let mut out = sentence.to_owned();
    for c in re.captures_iter(sentence) {
        let Some(m) = c.get(1) else { continue };
        let blanked: String = m.as_str().chars().map(blank).collect();
        out.replace_range(m.range(), &blanked);
    }
    out
}

/// A clause that is only a year and a figure (“2022年末470亿元”, “2023年达到630亿元”): the figure,
/// nameless.
fn year_and_figure(clause: &str, spec: &LedgerSpec) -> Option<Stated> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re =
        R.get_or_init(|| Regex::new(r"^20\d{2}年(?:末|底)?(?:达到|为|达)?").expect("year lead"));
    let text = clause.trim_end_matches(['。', '；', ';', ',', '，']);
    let lead = re.find(text)?;
    let qs = quantities(text, spec);
    let [q] = qs.as_slice() else { return None };
    let rest = text[q.end..].trim_start_matches("以上");
    (q.start == lead.end() && rest.is_empty()).then(|| Stated {
        name: String::new(),
        value: q.value,
        unit: q.unit.clone(),
        comparator: Comparator::AtLeast,
        growth: false,
    })
}

/// Whether a sentence sets a target with a verb in some clause (so its verbless clauses list more).
pub(super) fn sets_targets(sentence: &str, spec: &LedgerSpec) -> bool {
    clauses(sentence).into_iter().any(|c| {
        !contains_any(c, &spec.parameters)
            && !contains_any(c, &spec.past)
            && !clause_targets(c, spec).is_empty()
    })
}

/// A clause of a list of goals that is only a name and a figure (“5.科技型企业贷款余额200亿元。”):
/// a floor, or a cap for what is better lower (不良贷款率) or with 以内/以下; a rate of growth when
/// the name says so. Only where goals are listed (`goal`), never a record.
pub(super) fn bare_target(clause: &str, spec: &LedgerSpec) -> Option<Stated> {
    let text = clause.trim_end_matches(['。', '；', ';']);
    let qs = quantities(text, spec);
    let [q] = qs.as_slice() else { return None };
    let after = &text[q.end..];
    let cap = contains_any(after, &spec.at_most_after);
    if !(after.is_empty() || cap || contains_any(after, &spec.at_least_after) || after == "左右")
    {
        return None;
    }
    let name = name_before(&text[..q.start], spec);
    let verbs = spec
        .at_least
        .iter()
        .chain(&spec.at_most)
        .chain(&spec.count_verbs)
        .chain(&spec.neutral);
    if han_count(&name) < 2
        || verbs
            .clone()
            .any(|v| !v.is_empty() && name.contains(v.as_str()))
    {
        return None;
    }
    let growth = q.unit == "个百分点"
        || matches!(q.unit.as_str(), "%" | "％") && contains_any(&name, &spec.growth);
    let at_most = cap || contains_any(&name, &spec.lower_is_better);
    Some(Stated {
        name,
        value: q.value,
        unit: q.unit.clone(),
        comparator: if at_most {
            Comparator::AtMost
        } else {
            Comparator::AtLeast
        },
        growth,
    })
}

pub(super) fn sentence_targets(
    sentence: &str,
    period: (u16, u16),
    goal: bool,
    spec: &LedgerSpec,
) -> Vec<(String, Stated, String, Option<u16>)> {
    let mut out: Vec<(String, Stated, String, Option<u16>)> = Vec::new();
    let mut previous = "";
    // “……，到2022年，平台入驻金融机构达到50家，到2023年……”: a year clause leads those after it.
    let mut lead_year: Option<u16> = None;
    // “到2025年，绿色贷款余额达到1000亿元” in a 2021—2023 plan is an aim beyond the period: no
    // target of this ledger.
    let beyond = |text: &str| {
        year_re()
            .captures_iter(text)
            .filter_map(|c| c[1].parse::<u16>().ok())
            .any(|y| y > period.1 + 1)
    };
    let mut later = false;
    for clause in clauses(sentence) {
        let prior = std::mem::replace(&mut previous, clause);
        if quantities(clause, spec).is_empty() && own_year(clause, period).is_some() {
            later = false;
        }
        // (Another's target for 2025 — “自治区提出的2025年……目标” — sets no year for the city's.)
        if beyond(clause) && !contains_any(clause, &spec.not_own) {
            later = true;
        }
        if later {
            continue;
        }
        if quantities(clause, spec).is_empty() {
            if let Some(y) = own_year(clause, period) {
                lead_year = Some(y);
            }
        }
        // 同比 marks a past figure (“同比增长12%”) unless the clause sets a floor or a cap
        // (“同比增速不低于20%”).
        let sets = contains_any(clause, &spec.at_least) || contains_any(clause, &spec.at_most);
        let past = spec
            .past
            .iter()
            .filter(|w| !(sets && w.as_str() == "同比"))
            .any(|w| !w.is_empty() && clause.contains(w.as_str()));
        if contains_any(clause, &spec.parameters) || past || contains_any(clause, &spec.not_own) {
            continue;
        }
        if crate::check::targets::is_condition(clause, &spec.condition_starts) {
            continue;
        }
        // “制造业贷款占各项贷款比重2020年为13.1%” (吉安), “兰州市2019年制造业贷款余额增速为9.1%”
        // (天水, round 19): a clause of a year before the period, not the base of a change, is a
        // record. (A base in brackets is an aside: “……较2020年末翻一番（2020年末为320亿元）”.)
        let outside: String = clause
            .split(['（', '('])
            .next()
            .unwrap_or(clause)
            .to_owned();
        let mut years = own_years(&outside).peekable();
        if years.peek().is_some()
            && years.all(|y| y < period.0)
            && !["基础上", "为基数"].iter().any(|w| clause.contains(w))
        {
            continue;
        }
        // “2020年、2021年、2022年全市制造业贷款余额分别达到380亿元、430亿元、490亿元”: one
        // target a year.
        let by_year = yearly_targets(clause, period, spec);
        if !by_year.is_empty() {
            let quote = clause.trim_end_matches(['。', '！', '？', '：', ':', '；', ';']);
            for (name, stated, year) in by_year {
                out.push((name, stated, quote.to_owned(), Some(year)));
            }
            continue;
        }
        let mut stated_here = clause_targets(clause, spec);
        // Under goals, or beside targets in the same sentence (“……平台入驻金融机构60家，累计撮合
        // 融资300亿元”), a name and a figure alone is a target too.
        // “……余额2021年末400亿元，2022年末470亿元”: a year and a figure after a target are its
        // next year's.
        if stated_here.is_empty() && !out.is_empty() {
            if let Some(stated) = year_and_figure(clause, spec) {
                let previous = out.last().map(|t| t.1.clone());
                if let Some(p) =
                    previous.filter(|p| kind(&p.unit, spec) == kind(&stated.unit, spec))
                {
                    stated_here.push(Stated {
                        comparator: p.comparator,
                        growth: p.growth,
                        ..stated
                    });
                }
            }
        }
        // So is one its clause dates ahead (“到2023年平台注册企业1500家”).
        // … or the period does (“三年内注册企业800家”, 天水 in round 19).
        // … or an aim does (“力争通过国家产融合作平台为企业获得融资50亿元”, 辽阳 in round 32).
        let dated_ahead = [
            "到20",
            "三年内",
            "试点期内",
            "试点期间",
            "到试点期末",
            "力争",
            "争取",
        ]
        .iter()
        .any(|w| clause.starts_with(w))
            || sentence.starts_with("到20")
            // … or the sentence's first clause does, the bare figure closing it (“推动……注册国家产融
            // 合作平台，平台注册企业800家。”, 攀枝花 in round 39).
            || ["推动", "力争", "争取", "确保"]
                .iter()
                .any(|w| strip_label(sentence).starts_with(w))
                && sentence.ends_with(clause)
                && !std::ptr::eq(clause, sentence);
        if stated_here.is_empty() && (goal || dated_ahead || sets_targets(sentence, spec)) {
            stated_here.extend(bare_target(clause, spec));
        }
        for stated in stated_here {
            let name = if stated.name.is_empty() {
                match out.last() {
                    Some(t) => t.0.clone(),
                    // “推广知识产权质押融资，三年累计达到5亿元” (鞍山 in round 20): the object the
                    // clause before acts on.
                    None => match prior_object(prior, spec) {
                        (object, true) if han_count(&object) >= 2 => object,
                        _ => continue,
                    },
                }
            } else if let Some(previous) = out.last().map(|t| t.0.clone()).filter(|p| {
                // “制造业贷款余额年均增长12%以上，到期末余额超过160亿元” (黄山 in round 31): the
                // measure alone after a target of the same measure names that target's indicator.
                spec.bare_names
                    .iter()
                    .any(|b| stated.name == *b && p.ends_with(b.as_str()))
            }) {
                previous
            } else if spec.bare_names.iter().any(|b| {
                stated
                    .name
                    .strip_suffix(b.as_str())
                    .is_some_and(|m| han_count(m) <= 2)
            }) {
                let (object, _) = prior_object(prior, spec);
                // “设立……引导基金，基金规模达到30亿元” (百色 in round 24): 引导基金规模, the object's
                // own word not written twice; “发挥……引导基金作用，基金规模……” (沧州 in round 25).
                let object = object.strip_suffix("作用").unwrap_or(&object);
                let object = object.strip_suffix('的').unwrap_or(object);
                let measure = spec
                    .bare_names
                    .iter()
                    .find_map(|b| stated.name.strip_suffix(b.as_str()).map(|m| (m, b)));
                if let Some((_, measure)) =
                    measure.filter(|(m, _)| han_count(m) >= 1 && object.ends_with(*m))
                {
                    format!("{object}{measure}")
                } else if han_count(object) >= 2 {
                    format!("{object}{}", stated.name)
                } else {
                    stated.name.clone()
                }
            } else if spec.flow_verbs.contains(&stated.name) {
                // “开展知识产权质押融资，三年累计融资5亿元” (佳木斯 in round 45): a flow alone is of
                // the object the clause before acts on, when that object is such a flow.
                match prior_object(prior, spec) {
                    (object, true) if han_count(&object) >= 2 && object.ends_with(&stated.name) => {
                        object
                    }
                    _ => stated.name.clone(),
                }
            } else {
                stated.name.clone()
            };
            let quote = clause
                .trim_end_matches(['。', '！', '？', '：', ':'])
                .to_owned();
            out.push((name, stated, quote, own_year(clause, period).or(lead_year)));
        }
    }
    // “制造业增加值占地区生产总值比重提高2个百分点，达到28%” (晋中 in round 25, 淮北 in round 29):
    // the change and the level it leads to are one target, the level.
    let leads_to_level = |i: usize| {
        out.get(i + 1).is_some_and(|(name, next, _, _)| {
            *name == out[i].0 && next.unit == "%" && !next.growth && out[i].1.unit == "个百分点"
        })
    };
    let changes: Vec<usize> = (0..out.len()).filter(|i| leads_to_level(*i)).collect();
    for i in changes.into_iter().rev() {
        let (_, _, change, _) = out.remove(i);
        // Quoted from the change through the level, as written.
        let level = &mut out[i].2;
        if let (Some(a), Some(z)) = (
            sentence.find(change.as_str()),
            sentence.find(level.as_str()),
        ) {
            if a < z && !level.contains(change.as_str()) {
                *level = sentence[a..z + level.len()].to_owned();
            }
        }
    }
    out
}

/// The object of a clause before a bare 规模/余额 or a figure without a name: after its last verb of
/// setting up (“由市财政出资设立咸阳市产业发展基金” → 咸阳市产业发展基金) and before what an agent does
/// (“推动政府性融资担保机构扩大业务规模” → 政府性融资担保机构); and whether a verb was found.
fn prior_object(prior: &str, spec: &LedgerSpec) -> (String, bool) {
    let object = name_before(prior, spec);
    let after_verb = spec
        .count_verbs
        .iter()
        .chain(&spec.object_verbs)
        .filter_map(|v| object.rfind(v.as_str()).map(|i| i + v.len()))
        .max();
    let object = after_verb.map_or(object.as_str(), |i| &object[i..]);
    // “扩大中小微企业贷款风险补偿资金池规模，达到1亿元以上” (益阳 in round 44): an effort opening the
    // clause acts on what follows it.
    let opening_effort = (spec.effort_verbs.iter())
        .find_map(|v| object.strip_prefix(v.as_str()))
        .filter(|rest| after_verb.is_none() && han_count(rest) >= 4);
    if let Some(rest) = opening_effort {
        return (rest.to_owned(), true);
    }
    let object = spec
        .effort_verbs
        .iter()
        .filter_map(|v| object.find(v.as_str()))
        .filter(|i| han_count(&object[..*i]) >= 2)
        .min()
        .map_or(object, |i| &object[..i]);
    (object.to_owned(), after_verb.is_some())
}

/// Targets set year by year in one clause: the years listed before 分别, as many figures listed
/// after it (“2021年、2022年、2023年……分别达到380亿元、430亿元、490亿元”), each the target of its
/// year; the name is what stands between the years and 分别 (else before the years: “制造业贷款余额
/// 2020年、2021年、2022年分别达到……”, 克拉玛依 in round 15), the comparator the verb's. Empty
/// when the years are not the period's or the counts differ.
pub(super) fn yearly_targets(
    clause: &str,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, Stated, u16)> {
    let Some(at) = clause.find("分别") else {
        return year_items(clause, period, spec);
    };
    let (head, list) = (&clause[..at], &clause[at + "分别".len()..]);
    let years = listed_years(head);
    let Some(last_year) = year_re().find_iter(head).last() else {
        return Vec::new();
    };
    let figures = quantities(list, spec);
    if years.len() < 2
        || figures.len() < years.len()
        || years.iter().any(|y| !(period.0..=period.1).contains(y))
    {
        return Vec::new();
    }
    let figures = &figures[..years.len()];
    // Only 、 or 和 between the figures.
    if figures.windows(2).any(|w| {
        !matches!(
            list[w[0].end..w[1].start].trim_matches(['以', '上']),
            "、" | "和" | "," | "，"
        )
    }) {
        return Vec::new();
    }
    let between = name_before(
        head[last_year.end()..].trim_start_matches(['末', '底']),
        spec,
    );
    // “普惠小微贷款余额2021年、2022年、2023年分别达到……”: the name before the years.
    let name = if han_count(&between) >= 2 {
        between
    } else {
        year_re()
            .find(head)
            .map(|first| name_before(&head[..first.start()], spec))
            .unwrap_or_default()
    };
    let tail_end = list[figures[figures.len() - 1].end..]
        .find(['，', ',', '；', ';', '。'])
        .map_or(list.len(), |i| figures[figures.len() - 1].end + i);
    let first = format!(
        "{name}{}{}",
        &list[..figures[0].end],
        &list[figures[figures.len() - 1].end..tail_end]
    );
    let Some(kind) = clause_targets(&first, spec).into_iter().next() else {
        return Vec::new();
    };
    if han_count(&name) < 2 {
        return Vec::new();
    }
    years
        .iter()
        .zip(figures)
        .map(|(y, q)| {
            (
                name.clone(),
                Stated {
                    name: name.clone(),
                    value: q.value,
                    unit: q.unit.clone(),
                    comparator: kind.comparator,
                    growth: kind.growth,
                },
                *y,
            )
        })
        .collect()
}

/// Targets set year by year as items each opening with its year (“2021年新增省级专精特新中小企业30家、
/// 2022年新增40家、2023年新增50家”): the first item names the indicator for all. Empty unless
/// every item opens with a year of the period and holds one figure.
fn year_items(clause: &str, period: (u16, u16), spec: &LedgerSpec) -> Vec<(String, Stated, u16)> {
    let items: Vec<&str> = clause
        .trim_end_matches(['。', '；', ';'])
        .split('、')
        .collect();
    if items.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in &items {
        let Some(year) = year_re()
            .captures(item)
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
            .and_then(|c| c[1].parse::<u16>().ok())
            .filter(|y| (period.0..=period.1).contains(y))
        else {
            return Vec::new();
        };
        let qs = quantities(item, spec);
        let [q] = qs.as_slice() else {
            return Vec::new();
        };
        out.push((year, q.value, q.unit.clone()));
    }
    let Some(first) = clause_targets(items[0], spec).into_iter().next() else {
        return Vec::new();
    };
    if han_count(&first.name) < 2 {
        return Vec::new();
    }
    out.into_iter()
        .map(|(year, value, unit)| {
            (
                first.name.clone(),
                Stated {
                    value,
                    unit,
                    ..first.clone()
                },
                year,
            )
        })
        .collect()
}

/// A target cell naming a multiple (较2020年翻一番) and the row's base cell (5.2): the level.
pub(super) fn multiple_of_base(target: &str, base: &str) -> Option<f64> {
    let times = MULTIPLES.iter().find(|(w, _)| target.contains(w))?.1;
    let (value, _) = leading_number(base.trim())?;
    Some(value * times)
}

/// Targets written as clauses in the cells of a table that is not a target table (a task table:
/// 任务 | 内容 | 责任单位 | 完成时限 — “推出科技金融专属产品10个以上”). The year is the row's own
/// year within the period (完成时限 “2023年底”), else the period's end. A table in a foundation
/// chapter holds no target.
pub(super) fn task_table_targets(
    doc: &Document,
    rows: &[crate::document::sentences::Row],
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    for row in rows.iter().skip(1) {
        let section = doc
            .blocks
            .get(row.block)
            .map(|b| b.section.as_slice())
            .unwrap_or(&[]);
        if section
            .first()
            .is_some_and(|top| contains_any(top, &spec.record_chapters))
        {
            continue;
        }
        let row_year = row
            .cells
            .iter()
            .flat_map(|c| {
                year_re()
                    .captures_iter(c)
                    .filter_map(|m| m[1].parse::<u16>().ok())
                    .collect::<Vec<_>>()
            })
            .filter(|y| (period.0..=period.1).contains(y))
            .max();
        for cell in &row.cells {
            let text = clean(cell);
            for sentence in text.split_inclusive(['。', '！', '？']) {
                if opens_not_own(sentence, spec) || begins_before(sentence, period.0) {
                    continue;
                }
                for (name, stated, _, clause_year) in sentence_targets(sentence, period, true, spec)
                {
                    out.push((
                        name.clone(),
                        PlanTarget {
                            value: stated.value,
                            unit: stated.unit,
                            year: clause_year.or(row_year).or(Some(period.1)),
                            comparator: stated.comparator,
                            growth: stated.growth,
                            evidence: row_evidence(doc, row.block, &name),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// Targets in tables: a name column (指标), a unit column (单位) and a target column (目标 or a year
/// of the period), one target per row.
pub(super) fn table_targets(
    doc: &Document,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Vec<(String, PlanTarget)> {
    let mut out = Vec::new();
    for rows in crate::document::sentences::tables(doc) {
        let Some(header) = rows.first() else { continue };
        let h: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
        let find = |words: &[String]| h.iter().position(|c| contains_any(c, words));
        let Some(name_col) = name_column(&h, spec) else {
            out.extend(task_table_targets(doc, &rows, period, spec));
            continue;
        };
        let unit_col = find(&spec.table_unit_columns);
        let base_col = find(&spec.table_base_columns);
        let target_cols: Vec<usize> = h
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !contains_any(c, &spec.table_base_columns)
                    && (contains_any(c, &spec.table_target_columns)
                        || year_re()
                            .captures(c)
                            .and_then(|m| m[1].parse::<u16>().ok())
                            .is_some_and(|y| y >= period.0 && y <= period.1))
            })
            .map(|(i, _)| i)
            .collect();
        if target_cols.is_empty() {
            out.extend(task_table_targets(doc, &rows, period, spec));
            continue;
        }
        for row in rows.iter().skip(1) {
            let cell = |i: usize| row.cells.get(i).map(|c| clean(c)).unwrap_or_default();
            // “普惠小微贷款余额（亿元）”: the unit in the name; “直接融资规模（三年累计）”: how it
            // counts, read as words before the name (三年累计直接融资规模).
            let (name, name_unit) = split_name_note(&cell(name_col), spec);
            // “制造业中长期贷款占比较2020年提高”: the base and the verb are no part of the name.
            let name = name_before(&name, spec);
            let name = spec
                .points
                .iter()
                .find_map(|w| name.strip_suffix(w.as_str()))
                .map(|n| name_before(n, spec))
                .unwrap_or(name);
            if han_count(&name) < 2 {
                continue;
            }
            for &target_col in &target_cols {
                let year = year_re()
                    .captures(&h[target_col])
                    .and_then(|m| m[1].parse::<u16>().ok())
                    .or(Some(period.1));
                let target = cell(target_col);
                // “较2020年翻一番” with the base in its column: the base times the multiple.
                // (“提高2个百分点” on a base of 24.5 is made the level 26.5 by `ledger`, which
                // reads the base column too.)
                let level = base_col.and_then(|b| multiple_of_base(&target, &cell(b)));
                // “较2020年翻一番” with no base column or an empty base cell: a multiple, made a
                // level from the plan's base by `ledger` (三明 in round 15).
                if level.is_none() {
                    if let Some(&(_, times)) = MULTIPLES.iter().find(|(w, _)| target.contains(w)) {
                        out.push((
                            name.clone(),
                            PlanTarget {
                                value: times,
                                unit: "倍".into(),
                                year,
                                comparator: Comparator::AtLeast,
                                growth: true,
                                evidence: row_evidence(doc, row.block, &name),
                            },
                        ));
                        continue;
                    }
                }
                if let Some(level) = level {
                    if let Some(unit) = unit_col
                        .map(&cell)
                        .filter(|u| kind(u, spec).is_some())
                        .or_else(|| name_unit.clone())
                    {
                        out.push((
                            name.clone(),
                            PlanTarget {
                                value: level,
                                unit,
                                year,
                                comparator: Comparator::AtLeast,
                                growth: false,
                                evidence: row_evidence(doc, row.block, &name),
                            },
                        ));
                    }
                    continue;
                }
                // “500”, “≥500”, “突破260”, “100以上”, “控制在2.0以内”, “三年累计15”: the first figure
                // of the cell that is no year.
                let Some(bare) = number_re()
                    .find_iter(&target)
                    .find(|m| !target[m.end()..].starts_with('年'))
                    .map(|m| &target[m.start()..])
                else {
                    continue;
                };
                let Some((value, len)) = leading_number(bare) else {
                    continue;
                };
                let unit = unit_at(&bare[len..], spec)
                    .map(str::to_owned)
                    .or_else(|| unit_col.map(&cell).filter(|u| kind(u, spec).is_some()))
                    .or_else(|| name_unit.clone());
                let Some(unit) = unit else { continue };
                // “不低于150” holds 低于: the words of a floor are taken out first.
                // … but 不高于 holds 高于: a cap's words are looked for first.
                let mut caps = target.clone();
                let capped = spec
                    .at_most
                    .iter()
                    .filter(|w| w.starts_with('不'))
                    .any(|w| target.contains(w.as_str()));
                for w in &spec.at_least {
                    caps = caps.replace(w.as_str(), "");
                }
                let at_most = target.starts_with(['≤', '<'])
                    || capped
                    || contains_any(&caps, &spec.at_most_after)
                    || contains_any(&caps, &spec.at_most)
                    || contains_any(&name, &spec.lower_is_better);
                // … or the cell says it (“| 普惠小微贷款余额 | 年均增长20%以上 |”, 平顶山 in round 30).
                let growth = contains_any(&name, &spec.growth)
                    || unit == "个百分点"
                    || matches!(unit.as_str(), "%" | "％") && contains_any(&target, &spec.growth);
                out.push((
                    name.clone(),
                    PlanTarget {
                        value,
                        unit,
                        year,
                        comparator: if at_most {
                            Comparator::AtMost
                        } else {
                            Comparator::AtLeast
                        },
                        growth,
                        evidence: row_evidence(doc, row.block, &name),
                    },
                ));
            }
        }
    }
    out
}

/// A multiple (翻一番: 2 倍) as a level: the base the plan states for the base year (比2019年末翻一番;
/// else the year before the period) times the multiple, in the base's unit. None when the plan
/// states no base.
pub(super) fn multiple_as_level(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    plan_base(plan, name, target, period, spec).map(|(base, unit)| (base * target.value, unit))
}

/// Words of a fall among the words of a change in points (`points`).
const FALLS: [&str; 4] = ["下降", "降低", "压降", "减少"];

/// A change in points (提高2个百分点, 较2019年下降0.5个百分点) from a base the target states (由2019年
/// 末的6.5%) or the plan does (`plan_share_base`): (the level in %, rounded to 0.01, at least for a
/// rise and at most for a fall; the base). None for a gap (高于各项贷款增速3个百分点) or without a
/// base. A reviewer reads the level the city was to reach (荆州 r12, 六安 and 三明 r15).
pub(super) fn points_as_level(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, Comparator, f64)> {
    let quote = clean(&target.evidence.quote);
    let q = quantities(&quote, spec)
        .into_iter()
        .find(|q| q.unit == "个百分点" && (q.value - target.value).abs() < 1e-9)?;
    let before = &quote[..q.start];
    let verb_from = start_of_clause(before, before.len());
    if !contains_any(&before[verb_from..], &spec.points) {
        return None;
    }
    let fall = FALLS.iter().any(|f| before[verb_from..].contains(f));
    let base = quantities(&before[verb_from..], spec)
        .into_iter()
        .rfind(|b| matches!(kind(&b.unit, spec), Some(Kind::Percent)))
        .map(|b| b.value)
        .or_else(|| plan_share_base(plan, name, target, period, spec))?;
    let level = if fall { base - q.value } else { base + q.value };
    let comparator = if fall {
        Comparator::AtMost
    } else {
        Comparator::AtLeast
    };
    Some(((level * 100.0).round() / 100.0, comparator, base))
}

/// The year a target counts from: the one it names (比2019年末, 较2020年, 在2019年基础上), else the year before
/// the period.
pub(super) fn base_year(target: &PlanTarget, period: (u16, u16)) -> u16 {
    static BASE: OnceLock<Regex> = OnceLock::new();
    let base_re = BASE.get_or_init(|| {
        Regex::new(r"(?:比|较)(20\d{2})年|在(20\d{2})年(?:末|底)?的?基础上").expect("base")
    });
    base_re
        .captures(&clean(&target.evidence.quote))
        .and_then(|c| c.get(1).or_else(|| c.get(2))?.as_str().parse::<u16>().ok())
        .unwrap_or(period.0 - 1)
}

/// The level the plan states for the target's base year (比2019年末 / 较2020年; else the year
/// before the period) in a sentence, else in a target table's base column: (value, unit), a money
/// figure or a count.
pub(super) fn plan_base(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    stated_base(plan, name, target, period, false, spec)
}

/// The share or rate (in %) the plan states for the target's base year, as `plan_base` (“截至2019年
/// 末，……；企业贷款加权平均利率5.62%” for “较2019年下降0.5个百分点”, 六安 in round 15).
pub(super) fn plan_share_base(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<f64> {
    stated_base(plan, name, target, period, true, spec).map(|(v, _)| v)
}

fn stated_base(
    plan: &Document,
    name: &str,
    target: &PlanTarget,
    period: (u16, u16),
    share: bool,
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    let wanted = |unit: &str| match kind(unit, spec) {
        Some(Kind::Percent) => share,
        Some(Kind::Money(_) | Kind::Count(_)) => !share,
        _ => false,
    };
    let base_year = base_year(target, period);
    let keys = keys(name, None, spec);
    for b in &plan.blocks {
        let text = clean(&b.text);
        // The chapter on the foundation states the base year's figures, often without the year
        // in each sentence (“全市境内外上市公司17家，……政府性融资担保机构在保余额45亿元”, 威海 in
        // round 19).
        let record = b
            .section
            .first()
            .is_some_and(|top| contains_any(top, &spec.record_chapters));
        // A base year opens a sentence whose parts a 、 or ； divides.
        for sentence in text.split_inclusive(['。']) {
            for k in &keys {
                // A share's base is named exactly: a loose match reaches another rate's figure.
                let ends: Vec<usize> = if share {
                    share_ends(sentence, k)
                } else {
                    key_ends(sentence, k, spec)
                };
                for end in ends {
                    let yearless = record && !year_re().is_match(sentence);
                    if year_before(sentence, end) != Some(base_year)
                        && !sentence.contains(&format!("{base_year}年"))
                        && !yearless
                    {
                        continue;
                    }
                    let window_end = sentence[end..]
                        .find(['，', ',', '；', ';'])
                        .map_or(sentence.len(), |i| end + i);
                    // The figure right after the name, not after its change (较2020年下降0.5个百分点).
                    if let Some(q) = quantities(&sentence[end..window_end], spec)
                        .into_iter()
                        .next()
                        .filter(|q| wanted(&q.unit))
                    {
                        return Some((q.value, q.unit));
                    }
                }
            }
        }
    }
    table_base(plan, &keys, base_year, period, spec).filter(|(_, u)| wanted(u))
}

/// The base a target table gives an indicator (“|制造业贷款余额|亿元|586|800|” under
/// “|指标名称|单位|2020年基数|2023年目标|”): the base column's cell in the row naming one of `keys`,
/// when the column's year is `base_year` (a column with no year is the year before the period).
fn table_base(
    plan: &Document,
    keys: &[String],
    base_year: u16,
    period: (u16, u16),
    spec: &LedgerSpec,
) -> Option<(f64, String)> {
    for rows in crate::document::sentences::tables(plan) {
        let Some(header) = rows.first() else { continue };
        let h: Vec<String> = header.cells.iter().map(|c| clean(c)).collect();
        let find = |words: &[String]| h.iter().position(|c| contains_any(c, words));
        let (Some(name_col), Some(base_col)) =
            (name_column(&h, spec), find(&spec.table_base_columns))
        else {
            continue;
        };
        let year = year_re()
            .captures(&h[base_col])
            .and_then(|m| m[1].parse::<u16>().ok())
            .unwrap_or(period.0 - 1);
        if year != base_year {
            continue;
        }
        let unit_col = find(&spec.table_unit_columns);
        for row in rows.iter().skip(1) {
            let cell = |i: usize| row.cells.get(i).map(|c| clean(c)).unwrap_or_default();
            let (name, name_unit) = split_name_note(&cell(name_col), spec);
            if !keys.iter().any(|k| !key_ends(&name, k, spec).is_empty()) {
                continue;
            }
            let base = cell(base_col);
            let Some((value, len)) = leading_number(base.trim()) else {
                continue;
            };
            let unit = unit_at(&base.trim()[len..], spec)
                .map(str::to_owned)
                .or_else(|| unit_col.map(&cell).filter(|u| kind(u, spec).is_some()))
                .or(name_unit);
            if let Some(unit) = unit {
                return Some((value, unit));
            }
        }
    }
    None
}
