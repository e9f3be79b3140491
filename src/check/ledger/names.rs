//! How an indicator is named: the keys a report may write it with (stems, synonyms, quoted
//! products, shares, flows, increments, leverage) and where a key names it in a clause.

use std::sync::OnceLock;

use regex::Regex;

use crate::document::text::contains_any;
use crate::profile::rules_spec::LedgerSpec;

use super::text::*;

/// The keys a report may name an indicator by: the indicator's name and aliases when it is one,
/// the plan's name, and that name without its leading verbs and modifiers (新增, 累计, 全市 …).
pub(super) fn keys(
    name: &str,
    indicator: Option<&crate::profile::indicators_spec::IndicatorSpec>,
    spec: &LedgerSpec,
) -> Vec<String> {
    let mut keys = vec![name.to_owned()];
    // “融资租赁业务三年累计投放” (阳泉 in round 32): how it counts, inside the name, is no part of it.
    let mut bare = name.to_owned();
    for w in &spec.period_sums {
        if bare.find(w.as_str()).is_some_and(|i| i > 0) {
            bare = bare.replacen(w.as_str(), "", 1);
        }
    }
    if bare != name && han_count(&bare) >= 4 {
        keys.push(bare.clone());
    }
    // “企业发行各类债券融资” is 债券融资 (周口 in round 22): who acts before a verb of counting;
    // “（每年）为企业办理首贷” is 办理首贷 (鹰潭 in round 23): for whom, too.
    for lead in ["", "每年为", "为"] {
        if let Some(rest) = bare.strip_prefix(lead).and_then(|r| {
            spec.agents
                .iter()
                .find_map(|a| r.strip_prefix(a.as_str()))
                .filter(|r| contains_prefix(r, &spec.count_verbs))
        }) {
            if lead.contains('为') {
                keys.push(rest.to_owned());
            }
            bare = rest.to_owned();
            break;
        }
    }
    // “规上工业企业净增100家以上” (梅州 in round 24) is 净增规上工业企业, as reports write it.
    if let Some((stem, w)) = (spec.increments.iter())
        .find_map(|w| bare.strip_suffix(w.as_str()).map(|s| (s.to_owned(), w)))
        .filter(|(s, _)| han_count(s) >= 2)
    {
        keys.push(format!("{w}{stem}"));
        bare = stem;
    }
    loop {
        let before = bare.clone();
        for w in spec
            .count_verbs
            .iter()
            .chain(&spec.name_prefixes)
            .chain(&spec.name_modifiers)
        {
            if let Some(rest) = bare.strip_prefix(w.as_str()) {
                bare = rest.to_owned();
            }
        }
        for w in &spec.growth {
            if let Some(rest) = bare.strip_suffix(w.as_str()) {
                bare = rest.to_owned();
            }
        }
        if bare == before {
            break;
        }
    }
    // 入库企业 is not 企业: a bare name every indicator uses names none.
    if han_count(&bare) >= 2 && !spec.generic_pairs.contains(&bare) {
        keys.push(bare.clone());
    }
    for suffix in &spec.name_suffixes {
        if let Some(stem) = bare.strip_suffix(suffix.as_str()) {
            if han_count(stem) >= 3 {
                keys.push(stem.to_owned());
            }
        }
    }
    // “政府性融资担保业务规模（在保余额）” (周口 in round 22): the name and the measure in brackets
    // each name it.
    if let Some((outer, inner)) = name.split_once(['(', '（']) {
        let inner = inner.trim_end_matches([')', '）']);
        for k in [outer, inner] {
            if han_count(k) >= 4 && !keys.iter().any(|x| x == k) {
                keys.push(k.to_owned());
            }
        }
    }
    // “企业通过平台获得融资” is “通过国家产融合作平台获得融资金额（当年）” in a workbook (开封 in
    // round 20): who acts is left out before the means.
    // “企业直接融资” is written “三年累计实现直接融资33.7亿元” (鸡西 in round 38): who raised it is left
    // out before a kind of financing.
    for agent in &spec.agents {
        if let Some(rest) = bare.strip_prefix(agent.as_str()) {
            if (contains_prefix(rest, &spec.means_words) || rest.ends_with("融资"))
                && han_count(rest) >= 4
            {
                keys.push(rest.to_owned());
            }
        }
    }
    // The same name in other words (占各项贷款比重 / 占比, 信贷 / 贷款, 、 / 和), both ways, one
    // rewording and two.
    let once = reworded(&keys, spec);
    keys.extend(reworded(&once, spec));
    // Firms counted by the credit they got (新增首贷企业) are written “帮助1286户企业获得首次贷款”
    // (衡水 in round 27): the firms, then what they got.
    let credit: Vec<String> = (keys.iter())
        .chain(&once)
        .filter_map(|k| {
            let core = without_increments(k, spec);
            let stem = core.strip_suffix("企业")?.to_owned();
            (han_count(&stem) >= 2
                && ["贷", "贷款", "融资", "授信"]
                    .iter()
                    .any(|c| stem.ends_with(c)))
            .then(|| format!("企业获得{stem}"))
        })
        .collect();
    for k in credit {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    // 知识产权质押融资额 is written 知识产权质押融资 in a report, 人才贷发放额 人才贷累计发放.
    if let Some(stem) = bare.strip_suffix('额') {
        for v in &spec.flow_verbs {
            if let Some(object) = stem.strip_suffix(v.as_str()).filter(|o| han_count(o) >= 2) {
                keys.push(stem.to_owned());
                keys.push(format!("{object}累计{v}"));
            }
        }
    }
    // “财政资金撬动社会资本比例” is written “财政出资撬动社会资本放大倍数”: the leverage itself names it.
    for w in &spec.ratio_words {
        if let Some(i) = bare.find(w.as_str()) {
            // … or “风险补偿基金放大倍数” for “风险补偿基金撬动银行贷款比例”.
            if han_count(&bare[..i]) >= 2 && (bare.ends_with("比例") || bare.ends_with("倍数"))
            {
                keys.push(format!("{}放大倍数", &bare[..i]));
                keys.push(format!("{}放大比例", &bare[..i]));
            }
            let core = bare[i..]
                .trim_end_matches("比例")
                .trim_end_matches("放大倍数")
                .trim_end_matches("倍数");
            if han_count(core) >= 4 {
                keys.push(core.to_owned());
            }
        }
    }
    // “政府性融资担保机构新增担保额” is written “……新增担保额分别为”: the increment named alone.
    for w in &spec.increments {
        if let Some(i) = bare.find(w.as_str()).filter(|i| *i > 0) {
            if han_count(&bare[i..]) >= 4 {
                keys.push(bare[i..].to_owned());
            }
        }
    }
    // “推动1000家以上企业注册” (企业注册) is written “注册企业846家” (贺州 in round 28): the act before
    // who did it.
    for v in &spec.trailing_verbs {
        if let Some(subject) = bare.strip_suffix(v.as_str()).filter(|s| han_count(s) >= 2) {
            keys.push(format!("{v}{subject}"));
        }
    }
    // “链主企业开展供应链金融业务” is written “开展供应链金融业务的链主企业”.
    for v in &spec.relation_verbs {
        if let Some(i) = bare.find(v.as_str()).filter(|i| *i > 0) {
            let (subject, rest) = (&bare[..i], &bare[i..]);
            if han_count(subject) >= 2 && han_count(rest) >= 4 {
                keys.push(format!("{rest}的{subject}"));
            }
        }
    }
    // “上市（过会）企业” is written “上市企业2家、过会企业2家”: the name without its alternative.
    static ALTERNATIVE: OnceLock<Regex> = OnceLock::new();
    let alternative =
        ALTERNATIVE.get_or_init(|| Regex::new(r"[（(][^（()）]{1,6}[)）]").expect("alternative"));
    if alternative.is_match(&bare) {
        let plain = alternative.replace_all(&bare, "").into_owned();
        if han_count(&plain) >= 3 {
            keys.push(plain);
        }
    }
    // “累计新增普惠小微贷款余额” is written “普惠小微贷款分别增加……”: an increment of a stock names
    // the stock without its 余额.
    if contains_any(name, &spec.increments) {
        for b in &spec.bare_names {
            if let Some(stock) = bare.strip_suffix(b.as_str()).filter(|s| han_count(s) >= 4) {
                keys.push(stock.to_owned());
            }
        }
    }
    // “白名单覆盖重点产业链企业” is written “纳入白名单企业462家”: the reaching thing and what it
    // reaches, by its last two characters.
    for v in &spec.cover_verbs {
        if let Some(i) = bare.find(v.as_str()).filter(|i| *i > 0) {
            let object: Vec<char> = bare[i + v.len()..].chars().collect();
            if han_count(&bare[..i]) >= 2 && object.len() >= 2 {
                let noun: String = object[object.len() - 2..].iter().collect();
                keys.push(format!("{}{noun}", &bare[..i]));
            }
        }
    }
    // “对新能源电池产业链企业授信” is written “新能源电池产业链授信”: the name after its preposition.
    for p in &spec.object_prepositions {
        if let Some(rest) = bare.strip_prefix(p.as_str()) {
            let opening: String = bare.chars().take(2).collect();
            if han_count(rest) >= 4 && !contains_any(&opening, &spec.not_prepositions) {
                keys.push(rest.to_owned());
            }
        }
    }
    // “绿色债券发行规模” is written “发行绿色债券”: the verb before its object.
    for stem in std::iter::once(bare.as_str()).chain(
        spec.name_suffixes
            .iter()
            .filter_map(|s| bare.strip_suffix(s.as_str())),
    ) {
        for v in &spec.flow_verbs {
            if let Some(object) = stem
                .strip_suffix(v.as_str())
                .filter(|o| han_count(o) >= 2 && !ends_in_verb(o, spec))
            {
                keys.push(format!("{v}{object}"));
            }
        }
    }
    // “引进保险资金投资本地产业项目” is written “险资……投资重大项目38亿元”: the money alone.
    for v in &spec.purpose_verbs {
        if let Some(i) = bare.find(&format!("资金{v}")) {
            let money = &bare[..i + "资金".len()];
            if han_count(money) >= 4 {
                keys.push(money.to_owned());
                keys.extend(reworded(&[money.to_owned()], spec));
            }
        }
    }
    // “组织开展产融合作政策培训” is written “培训企业财务负责人2,450人次”: the activity alone.
    for a in &spec.activity_nouns {
        if bare.ends_with(a.as_str()) && han_count(&bare) > han_count(a) {
            keys.push(a.clone());
        }
    }
    // “小微企业首贷户” is written “首贷户”; not “中小企业贷款余额” “贷款余额”, nor 产融合作… “合作…”.
    for q in &spec.dropped_qualifiers {
        if spec
            .compound_words
            .iter()
            .any(|w| w.starts_with(q.as_str()) && bare.starts_with(w.as_str()))
        {
            continue;
        }
        if let Some(rest) = bare.strip_prefix(q.as_str()) {
            let core = spec
                .bare_names
                .iter()
                .find_map(|b| rest.strip_suffix(b.as_str()))
                .unwrap_or(rest);
            let chars: Vec<char> = core.chars().collect();
            let own_pair = chars.windows(2).any(|w| {
                let p: String = w.iter().collect();
                !spec.generic_pairs.contains(&p)
            });
            if han_count(rest) >= 3 && own_pair {
                keys.push(rest.to_owned());
                keys.extend(reworded(&[rest.to_owned()], spec));
                if han_count(core) >= 3 && core != rest {
                    keys.push(core.to_owned());
                }
            }
        }
    }
    // “制造业中长期贷款占制造业贷款比重” is written “制造业中长期贷款占比”, or after the words
    // its denominator repeats “中长期贷款占制造业贷款比重” (鹤壁 in round 30).
    if let Some((subject, share)) = bare.split_once('占') {
        if han_count(subject) >= 2 && (share.ends_with("比重") || share.ends_with("比例")) {
            keys.push(format!("{subject}占比"));
            let shared = subject
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take_while(|&i| share.starts_with(&subject[..i]))
                .last()
                .unwrap_or(0);
            if han_count(&subject[..shared]) >= 2 && han_count(&subject[shared..]) >= 4 {
                keys.push(format!("{}占{share}", &subject[shared..]));
            }
        }
    }
    // A quoted product or platform (“科创贷”, “柳链通”) names the target by itself.
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted = QUOTED.get_or_init(|| Regex::new(r"“[^”]{2,8}”").expect("quoted"));
    keys.extend(quoted.find_iter(name).map(|m| m.as_str().to_owned()));
    // … and is often written without the marks (纳入“白名单” / 纳入白名单).
    keys.extend(
        quoted
            .find_iter(name)
            .map(|m| m.as_str().trim_matches(['“', '”']).to_owned())
            .filter(|k| han_count(k) >= 3),
    );
    // “知识产权质押融资累计发放” is written “累计办理知识产权质押融资168笔”: the object alone.
    for v in &spec.flow_verbs {
        if let Some(object) = bare.strip_suffix(v.as_str()) {
            let object = object.trim_end_matches("累计");
            if han_count(object) >= 4 && !ends_in_verb(object, spec) {
                keys.push(object.to_owned());
            }
        }
    }
    if let Some(i) = indicator {
        keys.push(i.name.clone());
        keys.extend(i.aliases.iter().cloned());
    }
    keys.extend(once);
    // “企业发行债券” (or “企业债券融资” reworded) is written “发行债券”, or “发行公司债、中期票据等债券”
    // (a gap key, see `key_ends`).
    let mut flows = Vec::new();
    for k in &keys {
        for a in &spec.agents {
            let Some(flow) = k.strip_prefix(a.as_str()) else {
                continue;
            };
            for v in spec.flow_verbs.iter().chain(&spec.count_verbs) {
                if let Some(object) = flow.strip_prefix(v.as_str()).filter(|o| han_count(o) >= 2) {
                    flows.push(flow.to_owned());
                    flows.push(format!("{v}{GAP}{object}"));
                }
            }
        }
    }
    keys.extend(flows);
    // “政府性融资担保机构回归本源在保余额” is written “担保在保余额26.2亿元”: a measure that names its
    // indicator alone (`own_measures`).
    keys.extend(
        (spec.own_measures.iter())
            .filter(|m| name.ends_with(m.as_str()) && name != m.as_str())
            .cloned(),
    );
    // “融资租赁业务” is written “融资租赁” (阳泉 in round 32): the business without its word.
    let businesses: Vec<String> = (keys.iter())
        .filter_map(|k| k.strip_suffix("业务").filter(|s| han_count(s) >= 4))
        .map(str::to_owned)
        .collect();
    keys.extend(businesses);
    // The name itself first (what the target counts: its increments, its measure), then the
    // others longest first.
    keys[1..].sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

/// Whether a name's stem ends in a verb (企业获得 of 企业获得融资, 盘锦 in round 15): what is left
/// once the object is taken off names no thing.
fn ends_in_verb(stem: &str, spec: &LedgerSpec) -> bool {
    spec.relation_verbs
        .iter()
        .chain(&spec.count_verbs)
        .chain(&spec.flow_verbs)
        .any(|v| stem.ends_with(v.as_str()))
}

/// Each key with one pair of `synonyms` swapped, either way.
pub(super) fn reworded(keys: &[String], spec: &LedgerSpec) -> Vec<String> {
    let mut out = Vec::new();
    for k in keys {
        for pair in &spec.synonyms {
            let [a, b] = [&pair[0], &pair[1]];
            for (from, to) in [(a, b), (b, a)] {
                // 险资 → 保险资金 is not made of 保险资金 (保保险资金金).
                if !from.is_empty()
                    && k.contains(from.as_str())
                    && !(to.contains(from.as_str()) && k.contains(to.as_str()))
                {
                    out.push(k.replace(from.as_str(), to));
                }
            }
        }
    }
    out
}

/// Where a share's name ends in a sentence: the name itself, or its share words right after its
/// stock (“制造业贷款余额486亿元，占各项贷款比重为17.2%” for 制造业贷款占各项贷款比重, 聊城 in round
/// 19; “制造业中长期贷款余额188.5亿元，占制造业贷款的比重为37.4%”, 湛江 in round 21, with 的) —
/// the stock named in the clause just before.
pub(super) fn share_ends(sentence: &str, key: &str) -> Vec<usize> {
    let mut ends: Vec<usize> = sentence
        .match_indices(key)
        .map(|(i, m)| i + m.len())
        .collect();
    let Some((stem, tail)) = key.find('占').map(|i| key.split_at(i)) else {
        return ends;
    };
    // “制造业中长期贷款占比” is written with its denominator: “制造业中长期贷款占制造业贷款的比重为
    // 24.6%” (平凉 in round 40).
    if tail == "占比" && han_count(stem) >= 2 {
        let written = format!("{stem}占");
        for (i, m) in sentence.match_indices(written.as_str()) {
            let rest = &sentence[i + m.len()..];
            let reach: String = rest
                .chars()
                .take_while(|c| !matches!(c, '，' | ',' | '；' | ';' | '。'))
                .take(14)
                .collect();
            if let Some((j, w)) = ["比重", "比例"]
                .iter()
                .filter_map(|w| reach.find(w).map(|j| (j, *w)))
                .min()
            {
                ends.push(i + m.len() + j + w.len());
            }
        }
    }
    let with_de = ["比重", "比例"]
        .iter()
        .find_map(|w| tail.strip_suffix(w).map(|t| format!("{t}的{w}")));
    for tail in std::iter::once(tail.to_owned()).chain(with_de) {
        for (i, m) in sentence.match_indices(tail.as_str()) {
            let before = &sentence[..i];
            let Some(clause) = before.strip_suffix(['，', ',']) else {
                continue;
            };
            let from = clause
                .char_indices()
                .rfind(|(_, c)| matches!(c, '，' | ',' | '；' | ';'))
                .map_or(0, |(j, c)| j + c.len_utf8());
            let clause = &clause[from..];
            if han_count(stem) >= 2 && clause.contains(stem) {
                ends.push(i + m.len());
            }
        }
    }
    ends
}

/// Where a key names the indicator in a clause: the ends of its matches. Exact first; else the
/// key's head (its first four characters) and tail (its last two) in order, at most twenty
/// characters apart (“白名单企业获得授信” in “白名单企业累计获得授信”). A shared ending alone (贷款余额)
/// names nothing: 制造业贷款余额 is not 绿色贷款余额.
pub(super) fn key_ends(clause: &str, key: &str, spec: &LedgerSpec) -> Vec<usize> {
    let bare_names = &spec.bare_names;
    if let Some((verb, object)) = key.split_once(GAP) {
        return listed_kinds(clause, verb, object, &spec.kinds_words);
    }
    let exact: Vec<usize> = clause
        .match_indices(key)
        .map(|(i, k)| i + k.len())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    if key.contains('占') {
        let shares = share_ends(clause, key);
        if !shares.is_empty() {
            return shares;
        }
    }
    let chars: Vec<char> = key.chars().collect();
    let mut out = Vec::new();
    if chars.len() >= 6 {
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        // What stands between holds something of the key's middle (“产融合作项目” is not
        // 产融合作重点项目库入库项目; “供应链金融融资规模” is 供应链金融业务规模).
        let middle = &chars[4..chars.len() - 2];
        for (h, _) in clause.match_indices(&head) {
            let after = &clause[h + head.len()..];
            if let Some(t) = after.find(&tail) {
                let between = &after[..t];
                let kept = middle.iter().filter(|c| between.contains(**c)).count();
                // No figure between: “发行债券58亿元，转型发展基金规模” is another's 规模 (临汾
                // in round 27).
                // (A count between is the thing's own: “产业基金群已设立子基金12支，总规模……”; so is
                // a figure after which the key's middle is written again: “制造业中长期贷款余额
                // 136.6亿元，中长期贷款占比”, 萍乡 in round 16.)
                let figure = quantities(between, spec)
                    .iter()
                    .rfind(|q| matches!(kind(&q.unit, spec), Some(Kind::Money(_))))
                    .is_some_and(|q| {
                        let again = &between[q.end..];
                        let kept = middle.iter().filter(|c| again.contains(**c)).count();
                        // (Nor a figure of the same thing's other measure before a word that
                        // qualifies the tail: “……基金完成设立，目前到位资金12亿元，认缴规模18亿
                        // 元”, 抚顺 in round 31.)
                        (middle.is_empty() || kept * 2 < middle.len()) && han_count(again) > 2
                    });
                if between.chars().count() <= 20 && (kept > 0 || middle.is_empty()) && !figure {
                    out.push(h + head.len() + t + tail.len());
                }
            }
        }
        // A specific ending (放大倍数, 注册企业) names it too when a pair of the key's first
        // characters is in the clause (平台…注册企业, 累计发放科技成果转化贷款 for “科技成果转化贷”
        // 累计发放); a kind of figure (余额, 规模) does not, nor
        // a common ending alone (装备制造金融服务中心 is not 县域首贷续贷服务中心).
        let last: String = chars[chars.len() - 4..].iter().collect();
        if out.is_empty() && !bare_names.iter().any(|b| last.ends_with(b.as_str())) {
            // (Pairs every indicator uses — 金融, 企业 — tell nothing.)
            let first: Vec<String> = chars[..chars.len() - 4]
                .windows(2)
                .map(|w| w.iter().collect::<String>())
                .filter(|p| !spec.generic_pairs.contains(p))
                .collect();
            // One pair in the ending's clause or the one before, or two before it in the sentence:
            // 政府性融资担保放大倍数 is not “政府引导基金……，……，放大比例达到1:3.2” (政府 alone).
            out.extend(
                clause
                    .match_indices(&last)
                    .filter(|(i, _)| {
                        // Its clause and the one before (“平台入驻金融机构72家，注册企业2.86万户”).
                        let own_start = start_of_clause(clause, *i);
                        let comma = clause[..own_start]
                            .char_indices()
                            .last()
                            .map_or(0, |(c, _)| c);
                        let own = &clause[start_of_clause(clause, comma)..*i];
                        let before = &clause[..*i];
                        first.iter().any(|b| own.contains(b.as_str()))
                            || first.iter().filter(|b| before.contains(b.as_str())).count() >= 2
                    })
                    .map(|(i, k)| i + k.len()),
            );
        }
    }
    // “绿色贷款余额1,808亿元，同比增长20.8%，占各项贷款比重为11.4%”: a share of the subject named
    // earlier in the sentence.
    if out.is_empty() {
        if let Some((subject, share)) = key.split_once('占') {
            if han_count(subject) >= 2 && han_count(share) >= 2 {
                if let Some(at) = clause.find(subject) {
                    let from = at + subject.len();
                    let share = format!("占{share}");
                    out.extend(clause[from..].find(&share).map(|i| from + i + share.len()));
                }
            }
        }
    }
    out
}

/// A gap key's verb and object: “发行…债券” for 企业发行债券.
pub(super) const GAP: char = '…';

/// Where a verb and its object name the indicator with the object's kinds listed between them
/// (“发行公司债、中期票据等债券6只”) or said in a word (`kinds_words`: “发行各类债券”): the ends of
/// “{verb}…等{object}” within one clause, the list at most twenty characters.
fn listed_kinds(clause: &str, verb: &str, object: &str, kinds_words: &[String]) -> Vec<usize> {
    clause
        .match_indices(verb)
        .filter_map(|(i, v)| {
            let after = &clause[i + v.len()..];
            let t = after.find(object)?;
            let list = &after[..t];
            let listed = list.ends_with('等')
                && list.chars().count() <= 20
                && !list.contains(['，', '。', '；', ',', ';']);
            (listed || kinds_words.iter().any(|w| w == list))
                .then_some(i + v.len() + t + object.len())
        })
        .collect()
}

/// Where a key names the indicator in a clause (the first place), see `key_ends`.
pub(super) fn key_end(clause: &str, key: &str, spec: &LedgerSpec) -> Option<usize> {
    key_ends(clause, key, spec).first().copied()
}

/// A name with its words of increment (`increments`: 新增, 净增 …) taken out: the stock an
/// increment counts (新增上市公司 → 上市公司).
pub(super) fn without_increments(name: &str, spec: &LedgerSpec) -> String {
    (spec.increments.iter()).fold(name.to_owned(), |n, w| n.replace(w.as_str(), ""))
}

/// Whether the target is an increment (新增上市企业): its keys say so.
pub(super) fn keys_are_increments(keys: &[String], spec: &LedgerSpec) -> bool {
    keys.first()
        .is_some_and(|k| spec.increments.iter().any(|w| k.contains(w.as_str())))
}

/// One of the template's indicators (indicators.toml) when a target's name holds its name or an
/// alias; a cumulative 累计实现直接融资 is not the yearly 当年直接融资规模, so never the other way round.
/// Whether a target's name is a part's of the city (“两地制造业贷款余额合计” after “宁国市、广德市
/// 作为县域产融合作先行区”, 宣城 in round 14; 各县、县域、高新区……): no city-wide indicator of the
/// template, whose names would reach the whole city's figure.
pub(super) fn names_a_part(name: &str, spec: &LedgerSpec) -> bool {
    static PART: OnceLock<Regex> = OnceLock::new();
    let part = PART.get_or_init(|| {
        Regex::new(r"^(?:[两三四五六七八九十各]+[地县区]|县域|市本级|(\p{Han}{1,4}?[县区]))")
            .expect("part")
    });
    part.captures(name).is_some_and(|c| {
        c.get(1).is_none_or(|m| {
            // 区域性股权市场 is no place.
            !name[m.end()..].starts_with('域') && !is_whole_area(m.as_str(), spec)
        })
    })
}

/// Whether a place's name (…区, …县) is the whole (`whole_areas`: 全区, 市区, 园区 …), not a part
/// of the city.
/// 城区 is the whole only as itself or with a word of the city's own (全市城区); 清城区 is a
/// district (清远 in round 26), and the urban core (中心城区, 主城区, 老城区) a part of the city with
/// its counties (松原 in round 34).
pub(super) fn is_whole_area(name: &str, spec: &LedgerSpec) -> bool {
    spec.whole_areas.iter().any(|w| {
        name.strip_suffix(w.as_str()).is_some_and(|head| {
            w != "城区" || ["", "全", "我", "本", "各", "该", "市", "全市"].contains(&head)
        })
    })
}

pub(super) fn template_indicator<'p>(
    name: &str,
    profile: &'p crate::profile::Profile,
) -> Option<&'p crate::profile::indicators_spec::IndicatorSpec> {
    let spec = &profile.rules.ledger;
    if names_a_part(name, spec) {
        return None;
    }
    // “新能源装备制造业贷款余额” (白城 in round 40) is one industry's, not all manufacturing's: a
    // qualifier glued before 制造业 (装备, 先进, 高技术) narrows it; a place, an institution or a share
    // (全市, 金融机构, ……占) does not.
    let narrowed = |n: &str| {
        n.starts_with("制造业")
            && name.find(n).is_some_and(|i| {
                name[..i].chars().next_back().is_some_and(|c| {
                    crate::document::text::is_han(c) && !"市区县占构间的行".contains(c)
                })
            })
    };
    let found = profile.indicators.indicator.iter().find(|i| {
        std::iter::once(&i.name)
            .chain(&i.aliases)
            .any(|n| name.contains(n.as_str()) && !narrowed(n))
    });
    // “专精特新中小企业” for 专精特新中小企业数量, “政府引导基金” for 政府引导基金规模: a name
    // without the measure word the template adds. Not for increments (新增上市公司 is a flow).
    found.or_else(|| {
        if contains_any(name, &spec.increments) {
            return None;
        }
        profile.indicators.indicator.iter().find(|i| {
            std::iter::once(&i.name).chain(&i.aliases).any(|n| {
                spec.name_suffixes
                    .iter()
                    .filter_map(|suf| n.strip_suffix(suf.as_str()))
                    .any(|core| han_count(core) >= 4 && name.ends_with(core))
            })
        })
    })
}

/// The indicator's name in front of a verb: the clause's text before it, its leading context
/// (到2023年, 全市, 力争 …) and numbering taken off.
pub(super) fn name_before(before: &str, spec: &LedgerSpec) -> String {
    let mut name = before.to_owned();
    loop {
        let trimmed = strip_context(&name, spec);
        if trimmed == name {
            break;
        }
        name = trimmed;
    }
    static BASE: OnceLock<Regex> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        Regex::new(r"(?:(?:比|较)20\d{2}年(?:末|底)?|在20\d{2}年(?:末|底)?的?基础上)$")
            .expect("base")
    });
    let mut name = base.replace(&name, "").into_owned();
    // “降低担保费率至1%以下” (滨州 in round 43): the change and its 至 around the name.
    if let Some(inner) = name
        .strip_suffix(['至', '到'])
        .and_then(|n| (spec.points.iter()).find_map(|v| n.strip_prefix(v.as_str())))
    {
        if han_count(inner) >= 2 {
            name = inner.to_owned();
        }
    }
    loop {
        let trimmed = name.trim_end_matches(['的', '要', '将', '使', '力', '争']);
        let trimmed = spec
            .name_trailers
            .iter()
            .find_map(|w| trimmed.strip_suffix(w.as_str()))
            .unwrap_or(trimmed);
        if trimmed.len() == name.len() {
            return name;
        }
        name = trimmed.to_owned();
    }
}

pub(super) fn strip_context(s: &str, spec: &LedgerSpec) -> String {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        Regex::new(r"^(?:[—–\-－]+|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.、．]|[①-⑳]|20\d{2}\s*年?\s*[—–\-－~～至到]\s*20\d{2}\s*年|(?:到|至|截至)?20\d{2}年(?:末|底)?|(?:到|至)?试点期(?:内|间|末)|(?:到|至)期末|三年内|通过三年试点)")
            .expect("label")
    });
    let s = label.replace(s, "").into_owned();
    for w in &spec.name_prefixes {
        if let Some(rest) = s.strip_prefix(w.as_str()) {
            return rest.to_owned();
        }
    }
    s
}
