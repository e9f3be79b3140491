//! Reading the guarantees a plan commits to (the notice's 申报条件: “政策、资金、组织保障”). Plans write them
//! as a 保障措施 chapter with headed points, as run-in points ("（一）强化组织领导。成立……"), as an inline
//! enumeration in one paragraph ("一是加强组织协调……二是政策保障有力……三是……"), under other chapter names
//! (组织实施, 实施保障, 工作机制, 职责分工) or as a 任务分工表. Not a guarantee of the new plan: the record of
//! the previous pilot in the 产融合作基础 chapter ("试点期间，我市成立了领导小组……"), another city's practice,
//! the notice's condition quoted, and words that only look alike (组织申报, 政策宣传解读, 政策性银行,
//! enterprises' 资金链 or 资金需求, a 领导小组 for another purpose outside the guarantee chapters).
//!
//! What counts comes from the profile (`[guarantees]` in rules.toml): for each subject, the lead words
//! that name it in a heading or an item's opening phrase, and the combinations of words that state
//! it in one sentence.

use crate::check::finding::Evidence;
use crate::check::outline::{cover_by_content, SectionCoverage, Status};
use crate::document::model::{BlockKind, Document};
use crate::document::text::contains_any;
use crate::document::text::fold_width;
use crate::profile::rules_spec::{GuaranteeSpec, GuaranteesSpec};

/// One stretch of a plan that may state a guarantee: a heading, or one sentence of an item.
struct Unit<'d> {
    doc: &'d Document,
    block: usize,
    /// Folded text of the unit.
    text: String,
    /// The item's opening phrase (a heading's whole text), matched against lead words.
    lead: Option<String>,
    /// Inside a chapter where guarantees are written (保障措施, 组织实施 …).
    in_chapter: bool,
}

/// Starts of inline enumeration items: 一是, 二是 …, （1）, ①.
fn item_starts(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = vec![0];
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|x| x.1);
        let numeral = matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        );
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let starts_item = numeral
            && next == Some('是')
            && before.is_none_or(|b| matches!(b, '。' | '；' | '，' | '：' | ';' | ',' | ':'));
        let circled = ('\u{2460}'..='\u{2473}').contains(&c);
        if (starts_item || circled) && at > 0 {
            out.push(at);
        }
    }
    out.dedup();
    out
}

/// Whether every word of one of the lists occurs in `text`.
fn all_of_one(text: &str, lists: &[Vec<String>]) -> bool {
    lists
        .iter()
        .any(|l| !l.is_empty() && l.iter().all(|w| text.contains(w.as_str())))
}

/// A sentence with what does not commit the city blanked: clauses whose subject is a bank, a firm
/// or another city ("苏州市设立科技信贷风险补偿资金池", "鼓励银行机构设立小微企业专项资金池"), with the
/// subjectless clauses after them, until the city is the subject again; and bodies named for
/// another remit (市防范化解金融风险工作领导小组).
fn own_commitments(sentence: &str, spec: &GuaranteesSpec, own: Option<&str>) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut others = false;
    for clause in sentence.split_inclusive(['，', '；', '：', ',', ';', ':']) {
        let opening = spec
            .prompting
            .iter()
            .filter(|w| !w.is_empty())
            .find_map(|w| clause.strip_prefix(w.as_str()))
            .unwrap_or(clause);
        let own_subject = spec
            .own_subjects
            .iter()
            .any(|w| !w.is_empty() && opening.starts_with(w.as_str()));
        // The actor within the clause's opening words: "中国工商银行齐齐哈尔分行成立……", "在烟银行机构".
        // A document's name (《湘潭市支持企业上市挂牌若干措施》) is no actor.
        let mut depth = 0usize;
        let head: String = opening
            .chars()
            .map(|c| match c {
                '《' => {
                    depth += 1;
                    c
                }
                '》' => {
                    depth = depth.saturating_sub(1);
                    c
                }
                _ if depth > 0 => '□',
                _ => c,
            })
            .take(14)
            .collect();
        let actor = spec.other_actors.iter().filter(|w| !w.is_empty()).any(|w| {
            head.find(w.as_str()).is_some_and(|at| {
                // Before the actor, no verb of the city's: only a name or qualifiers.
                !head[..at].contains(['，', '。', '由', '与', '同', '向', '对'])
            })
        });
        // Every full place name ends in one of these.
        let named = head.contains(['市', '区', '县', '省', '州', '盟', '旗']);
        let place = own.is_some()
            && named
            && crate::document::gazetteer::find_place(&head).is_some_and(|p| {
                let short = p.city.trim_end_matches(['市', '区', '县']);
                (head.starts_with(p.city.as_str()) || head.starts_with(short))
                    && Some(p.city.as_str()) != own
            });
        if own_subject {
            others = false;
        } else if actor || place {
            others = true;
        }
        if others {
            out.extend(clause.chars().map(|c| {
                if c.is_ascii_punctuation() || "，；：。".contains(c) {
                    c
                } else {
                    '□'
                }
            }));
        } else {
            out.push_str(clause);
        }
    }
    // 市防范化解金融风险工作领导小组: a body for another remit.
    for body in ["领导小组", "工作专班", "专班", "工作小组", "委员会"] {
        let mut from = 0;
        while let Some(k) = out[from..].find(body) {
            let at = from + k;
            let before: String = out[..at]
                .chars()
                .rev()
                .take(12)
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            let name_start = before.rfind(['，', '。', '；', '：']).map_or(0, |i| i + 3);
            if contains_any(&before[name_start.min(before.len())..], &spec.other_remits) {
                let blank = "□".repeat(body.chars().count());
                out.replace_range(at..at + body.len(), &blank);
            }
            from = at + body.len();
        }
    }
    out
}

/// The units of the plans, leaving out record chapters (a top-level chapter on the foundation or
/// past results) and sentences about the past.
fn units<'d>(plans: &[&'d Document], spec: &GuaranteesSpec, own: Option<&str>) -> Vec<Unit<'d>> {
    let mut out = Vec::new();
    let blank = |t: &str| {
        let mut t = fold_width(t);
        for x in spec.exclude.iter().filter(|x| !x.is_empty()) {
            t = t.replace(x.as_str(), &"□".repeat(x.chars().count()));
        }
        t.chars().filter(|c| !c.is_whitespace()).collect::<String>()
    };
    for doc in plans {
        // The opening before the first heading ("根据……制定本方案") states no guarantee.
        let headed = doc.blocks.iter().any(|b| b.kind == BlockKind::Heading);
        for b in doc
            .blocks
            .iter()
            .filter(|b| !headed || !b.section.is_empty())
        {
            let path: Vec<String> = b.section.iter().map(|s| fold_width(s)).collect();
            let top = path.first().map(String::as_str).unwrap_or("");
            if contains_any(top, &spec.record_chapters) {
                continue;
            }
            let in_chapter = path.iter().any(|h| contains_any(h, &spec.chapters));
            let text = blank(&b.text);
            if b.kind == BlockKind::Heading {
                out.push(Unit {
                    doc,
                    block: b.index,
                    lead: Some(text.clone()),
                    text,
                    in_chapter,
                });
                continue;
            }
            let starts = item_starts(&text);
            for (k, &s) in starts.iter().enumerate() {
                let e = starts.get(k + 1).copied().unwrap_or(text.len());
                let item = &text[s..e];
                let lead: String = item
                    .chars()
                    .take_while(|c| !matches!(c, '。' | '，' | '；' | '：' | ',' | ';' | ':'))
                    .collect();
                for sentence in item.split_inclusive(['。', '；', ';', '！', '？']) {
                    if contains_any(sentence, &spec.past) {
                        continue;
                    }
                    out.push(Unit {
                        doc,
                        block: b.index,
                        text: own_commitments(sentence, spec, own),
                        lead: (k > 0 || starts.len() > 1).then(|| lead.clone()),
                        in_chapter,
                    });
                }
            }
        }
    }
    out
}

/// Where one guarantee is stated, if it is.
fn find(units: &[Unit], spec: &GuaranteesSpec, g: &GuaranteeSpec) -> Option<Evidence> {
    units.iter().find_map(|u| {
        let by_lead = u.lead.as_deref().is_some_and(|l| all_of_one(l, &g.leads));
        let strong = contains_any(&u.text, &g.strong);
        let by_terms = all_of_one(&u.text, &g.terms)
            && (!g.needs_topic || u.in_chapter || contains_any(&u.text, &spec.topic));
        let in_chapter = u.in_chapter && all_of_one(&u.text, &g.chapter_terms);
        (by_lead || strong || by_terms || in_chapter).then(|| Evidence::of_block(u.doc, u.block))
    })
}

/// Each guarantee subject with where the plans state it (`None`: not stated).
pub fn read<'s>(
    plans: &[&Document],
    spec: &'s GuaranteesSpec,
    own: Option<&str>,
) -> Vec<(&'s GuaranteeSpec, Option<Evidence>)> {
    let units = units(plans, spec, own);
    spec.subject
        .iter()
        .map(|g| (g, find(&units, spec, g)))
        .collect()
}

/// Makes the plan outline's guarantee sections agree with [`read`]: a guarantee stated only as an
/// item or a sentence makes its section present; one found only in a record chapter makes it
/// missing. The reader, not the heading alone, decides.
pub fn align(
    coverage: &mut [SectionCoverage],
    plans: &[&Document],
    spec: &GuaranteesSpec,
    own: Option<&str>,
) {
    for (g, found) in read(plans, spec, own) {
        match found {
            Some(ev) => cover_by_content(coverage, &g.section, ev, vec![g.name.clone()]),
            None => {
                if let Some(c) = coverage.iter_mut().find(|c| c.id == g.section) {
                    c.status = Status::Missing;
                    c.evidence = None;
                    c.matched = None;
                    c.chars = 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::DocKind;
    use crate::document::structure::document_of;
    use crate::profile::Profile;

    fn stated(lines: &[&str]) -> Vec<String> {
        let doc = document_of("方案.docx", DocKind::ImplementationPlan, lines);
        let spec = Profile::embedded().rules.guarantees;
        read(&[&doc], &spec, Some("榆林市"))
            .into_iter()
            .filter(|(_, e)| e.is_some())
            .map(|(g, _)| g.subject.clone())
            .collect()
    }

    #[test]
    fn inline_enumeration_in_one_paragraph() {
        assert_eq!(
            stated(&[
                "五、保障措施",
                "一是加强组织协调。成立产融合作试点工作领导小组，由分管副市长任组长。二是政策保障有力。试点期内修订完善配套政策。三是资金支持到位。市财政每年安排专项资金不低于5亿元。",
            ]),
            ["organization", "policy", "funding"]
        );
    }

    #[test]
    fn the_previous_pilots_record_is_no_guarantee() {
        assert!(stated(&[
            "一、产融合作基础",
            "（一）强化保障措施",
            "一是加强组织协调。成立产融合作试点城市工作领导小组。二是政策保障有力。制订配套政策。三是资金支持到位。设立供应链协作基金。",
            "二、重点任务",
            "（一）深化一链一策一批。推动银行加大信贷投放。",
        ])
        .is_empty());
    }

    #[test]
    fn what_others_do_commits_the_city_to_nothing() {
        // Another city's practice, a bank's pool and group, a body for another remit
        // (independent passages, round 2).
        assert!(stated(&[
            "四、重点任务",
            "借鉴先行城市经验。苏州市设立科技信贷风险补偿资金池，由市财政与合作银行按比例分担损失；深圳市成立由市领导挂帅的产融合作工作专班，出台《深圳市关于金融支持制造业高质量发展的若干措施》。",
            "鼓励银行机构设立小微企业专项资金池，对符合条件的企业实行优惠利率。",
            "中国工商银行齐齐哈尔分行成立产融合作服务专班，为装备制造企业提供综合金融服务。",
            "充分发挥市防范化解金融风险工作领导小组作用，建立产融合作重点企业风险监测名单。",
        ])
        .is_empty());
        // The city's own, even when a document's name holds a firm or a place.
        assert_eq!(
            stated(&[
                "六、保障措施",
                "《榆林市支持企业上市挂牌若干措施》有效期延长至2026年12月31日，试点期间各项支持政策不退坡。",
                "榆林市成立由市长任组长的产融合作试点工作领导小组。",
            ]),
            ["organization", "policy"]
        );
    }
}
