//! Reading which of the five financial fields a plan names (the notice's 申报条件: “在科技金融、绿色金融、
//! 普惠金融、养老金融、数字金融等方面具有特色优势”). Plans name them in full, by their products and
//! variants (科创金融, 绿色信贷, 碳金融, 普惠小微贷款, 个人养老金, 金融数字化 …) and in compressed
//! enumerations that share one 金融: “科技、绿色、普惠、养老、数字五大金融领域”, “普惠、绿色、科技金融”. A field
//! named only as a weakness (养老金融发展相对滞后), as another city's practice (学习借鉴深圳数字金融经验) or in a
//! requirement quoted from above (中央金融工作会议提出……, 申报城市应……) is not the city's own. Look-alikes
//! never count: 绿色制造, 数字化转型, 养老服务, 普惠性托育, 科技创新.
//!
//! Words come from the profile (`[finance_fields]` in rules.toml).

use crate::document::text::contains_any;
use regex::Regex;

use crate::check::finding::Evidence;
use crate::document::model::Document;
use crate::document::sentences::sentences;
use crate::profile::rules_spec::{FinanceFieldSpec, FinanceFieldsSpec, ReportedSpec};

/// Where in `text` the words occur (byte offsets).
fn positions(text: &str, words: &[String]) -> Vec<usize> {
    words
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, _)| i))
        .collect()
}

/// Whether a mention at `at` is another place's: "考察学习了杭州数字金融", "深圳、苏州等科技金融先行城市".
/// `own` is the city itself (its name is no other place).
/// A list of places that includes the city, or a clause whose subject is the city (我市获批建设上海、
/// 南京、杭州、合肥、嘉兴科创金融改革试验区), makes the mention the city's own.
fn other_place_before(text: &str, at: usize, own: Option<&str>, own_words: &[String]) -> bool {
    let before = &text[..at];
    if contains_any(before, own_words) {
        return false;
    }
    let mut rest = before.trim_end_matches(['的', '等', '地']);
    let mut other = false;
    // Walk back over "上海、南京、杭州": any of them the city itself makes the list the city's.
    while let Some(p) = crate::document::gazetteer::place_ending(rest) {
        if Some(p.as_str()) == own {
            return false;
        }
        other = true;
        let len = crate::document::gazetteer::ending_len(rest, &p);
        if len == 0 {
            break;
        }
        rest = rest[..rest.len() - len].trim_end_matches(['、', '和', '及', '与', '，']);
    }
    other
}

/// Each field with the first sentence that names it as the city's own (`None`: never). `own` is
/// the submitting city when known. What is not the plan's own words — requirements quoted from
/// above, provinces' and the state's documents, reported speech — is left out first
/// (`reported::own_words`).
pub fn read<'s>(
    plans: &[&Document],
    spec: &'s FinanceFieldsSpec,
    reported: &ReportedSpec,
    own: Option<&str>,
) -> Vec<(&'s FinanceFieldSpec, Option<Evidence>)> {
    let shorts: Vec<String> = spec
        .field
        .iter()
        .flat_map(|f| f.short.iter())
        .filter(|s| !s.is_empty())
        .map(|s| regex::escape(s))
        .collect();
    let joiners: Vec<String> = spec.joiners.iter().map(|j| regex::escape(j)).collect();
    let short = shorts.join("|");
    // "科技、绿色、普惠、养老、数字五大金融", "绿色、普惠金融": short names sharing one 金融.
    let compressed = Regex::new(&format!(
        "(?:{short})(?:(?:{})(?:{short}))+(?:等)?(?:[一二三四五两]大|五个|几个)?金融",
        joiners.join("|")
    ))
    .ok();
    let mut found: Vec<Option<Evidence>> = vec![None; spec.field.len()];
    for s in sentences(plans) {
        if contains_any(&s.text, &spec.not_own) {
            continue;
        }
        let text = crate::document::reported::own_words(&s.text, reported, own);
        for chunk in text.split(['，', ',', '；', ';']) {
            if contains_any(chunk, &spec.weakness) {
                continue;
            }
            let enumerated: Vec<(usize, &str)> = compressed
                .iter()
                .flat_map(|re| re.find_iter(chunk))
                .map(|m| (m.start(), m.as_str()))
                .collect();
            for (i, f) in spec.field.iter().enumerate() {
                if found[i].is_some() {
                    continue;
                }
                let named = positions(chunk, &f.words)
                    .into_iter()
                    .chain(
                        enumerated
                            .iter()
                            .filter(|(_, e)| contains_any(e, &f.short))
                            .map(|(at, _)| *at),
                    )
                    .any(|at| !other_place_before(chunk, at, own, &spec.own_subjects));
                if named {
                    found[i] = Some(Evidence::of_block(s.doc, s.block));
                }
            }
        }
    }
    spec.field.iter().zip(found).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::model::DocKind;
    use crate::document::structure::document_of;
    use crate::profile::Profile;

    fn named(lines: &[&str]) -> Vec<String> {
        let doc = document_of("方案.docx", DocKind::ImplementationPlan, lines);
        let rules = Profile::embedded().rules;
        read(&[&doc], &rules.finance_fields, &rules.reported, None)
            .into_iter()
            .filter(|(_, e)| e.is_some())
            .map(|(f, _)| f.subject.clone())
            .collect()
    }

    #[test]
    fn compressed_enumerations_name_every_field() {
        assert_eq!(
            named(&["我市在科技、绿色、普惠、养老、数字五大金融领域形成了鲜明特色。"]),
            ["technology", "green", "inclusive", "pension", "digital"]
        );
        assert_eq!(named(&["大力发展绿色、普惠金融。"]), ["green", "inclusive"]);
    }

    #[test]
    fn weaknesses_other_cities_and_look_alikes_do_not_count() {
        assert_eq!(
            named(&["科技金融已有一定基础，但养老金融、数字金融发展相对滞后。"]),
            ["technology"]
        );
        assert!(named(&["学习借鉴深圳、杭州在数字金融方面的先进经验。"]).is_empty());
        assert!(named(&[
            "累计创建国家级绿色工厂32家，推动2300余家企业实施数字化转型，建成养老服务机构216家。"
        ])
        .is_empty());
    }
}
