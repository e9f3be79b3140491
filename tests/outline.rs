//! Outline coverage on the sample corpus against its answer key, and a table of heading paraphrases
//! and heading-less sections for every section id.

use std::collections::BTreeMap;
use std::path::Path;

use pilot_review::check::outline::{coverage, MatchedBy, Status};
use pilot_review::check::review::review;
use pilot_review::document::structure::{structure, RawBlock};
use pilot_review::profile::Profile;
use pilot_review::{submission, Document, Limits};
use serde_json::Value;

/// (submission, outline, id) -> status
type Statuses = BTreeMap<(String, String, String), String>;

struct Score {
    expected_findings: usize,
    predicted_findings: usize,
    correct_findings: usize,
    errors: Vec<String>,
}

fn score(corpus: &Path) -> Score {
    let answers: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("answers.json")).expect("answers"),
    )
    .expect("json");
    let profile = Profile::embedded();
    let mut want = Statuses::new();
    let mut got = Statuses::new();
    let mut errors = Vec::new();
    for sub in answers["submissions"].as_array().expect("submissions") {
        let name = sub["submission"].as_str().expect("name").to_owned();
        for s in sub["sections"].as_array().expect("sections") {
            let key = (
                name.clone(),
                s["outline"].as_str().expect("o").into(),
                s["id"].as_str().expect("id").into(),
            );
            want.insert(key, s["status"].as_str().expect("status").into());
        }
        let loaded = submission::load(&corpus.join(&name), Limits::default()).expect("load");
        let r = review(&loaded, &profile);
        for c in &r.sections {
            let status = serde_json::to_value(c.status)
                .expect("status")
                .as_str()
                .expect("str")
                .to_owned();
            got.insert((name.clone(), c.outline.clone(), c.id.clone()), status);
        }
        // The SECTION_* flags equal the answer key's.
        let flags = |v: Vec<(String, String)>| -> Vec<(String, String)> {
            let mut v: Vec<_> = v
                .into_iter()
                .filter(|(c, _)| c.starts_with("SECTION_"))
                .collect();
            v.sort();
            v
        };
        let expected_flags = flags(
            sub["flags"]
                .as_array()
                .expect("flags")
                .iter()
                .map(|f| {
                    (
                        f["code"].as_str().expect("code").into(),
                        f["subject"].as_str().unwrap_or("").into(),
                    )
                })
                .collect(),
        );
        let got_flags = flags(
            r.flags
                .iter()
                .map(|f| {
                    (
                        f.code.as_str().to_owned(),
                        f.subject.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        );
        if expected_flags != got_flags {
            errors.push(format!(
                "{name}: flags {got_flags:?} != expected {expected_flags:?}"
            ));
        }
    }
    let finding = |s: &str| s != "present";
    let expected_findings = want.values().filter(|s| finding(s)).count();
    let predicted_findings = got.values().filter(|s| finding(s)).count();
    let correct_findings = got
        .iter()
        .filter(|(k, s)| finding(s) && want.get(*k) == Some(s))
        .count();
    for (k, w) in &want {
        match got.get(k) {
            Some(g) if g == w => {}
            g => errors.push(format!("{k:?}: got {g:?}, expected {w}")),
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        errors.push(format!("{k:?}: reported but not in the answer key"));
    }
    Score {
        expected_findings,
        predicted_findings,
        correct_findings,
        errors,
    }
}

fn assert_perfect(corpus: &Path) {
    let s = score(corpus);
    let precision = s.correct_findings as f64 / s.predicted_findings.max(1) as f64;
    let recall = s.correct_findings as f64 / s.expected_findings.max(1) as f64;
    println!(
        "{}: {} planted findings, {} reported, {} correct: precision {precision:.3}, recall {recall:.3}",
        corpus.display(),
        s.expected_findings,
        s.predicted_findings,
        s.correct_findings
    );
    assert!(
        s.errors.is_empty(),
        "{} errors:\n{}",
        s.errors.len(),
        s.errors.join("\n")
    );
    assert!(s.expected_findings > 0);
    assert_eq!(
        (s.correct_findings, s.predicted_findings),
        (s.expected_findings, s.expected_findings)
    );
}

#[test]
fn shipped_corpus_sections_match_the_answer_key() {
    assert_perfect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
}

#[test]
fn random_corpus_sections_match_the_answer_key() {
    let dir = tempfile::tempdir().expect("tmp");
    pilot_review::sample::generate(dir.path(), 40, 11).expect("generate");
    assert_perfect(dir.path());
}

fn document(texts: &[&str]) -> Document {
    let s = structure(texts.iter().map(|t| RawBlock::paragraph(*t)).collect());
    Document {
        ocr: false,
        warnings: Vec::new(),
        path: "case.docx".into(),
        format: pilot_review::Format::Docx,
        kind: pilot_review::DocKind::SelfEvaluation,
        kind_reason: String::new(),
        title: s.title,
        blocks: s.blocks,
        sections: s.sections,
        workbook: None,
    }
}

const FILLER: &str = "这一部分详细说明了相关工作的开展情况、主要做法和取得的阶段性进展，有关数据和典型案例另附说明。各项措施均已按计划落实到位，取得了积极成效，得到企业和金融机构的普遍认可。";

/// (outline, section id, real-sounding heading variants, a passage that covers the section with no heading)
const CASES: &[(&str, &str, &[&str], &str)] = &[
    ("self_evaluation", "guarantee.organization", &["组织保障", "健全组织领导体系", "加强组织领导", "强化组织保障，压实工作责任", "建立高位推动的领导机制", "成立高规格领导小组"],
     "市政府成立试点工作领导小组，由市长任组长，成员单位包括财政、人民银行等部门，每季度召开专题会议。"),
    ("self_evaluation", "guarantee.policy", &["政策保障", "完善政策支持体系", "强化政策引导", "加大政策支持力度", "构建“1+N”政策体系"],
     "出台《关于深化产融合作的若干措施》等政策文件，对技改贷款给予贴息，政策兑现实行免申即享。"),
    ("self_evaluation", "guarantee.resources", &["资源保障", "强化要素资源保障", "加大资源投入力度", "整合各类资源", "强化资金和要素保障"],
     "市财政安排产融合作专项资金3亿元，设立50亿元产业引导基金，并组建产融合作专家库。"),
    ("self_evaluation", "guarantee.work", &["工作机制", "健全工作推进机制", "完善部门协同机制", "建立常态化银企对接工作机制"],
     "建立银企对接常态化机制，融资需求实行清单式管理、闭环管理，并实行月调度。"),
    ("self_evaluation", "innovation.policy", &["产融合作政策创新", "推进政策创新", "创新财政金融政策工具", "探索体制机制创新"],
     "在全省率先出台重点企业白名单制度，推行一链一策一批工作法。"),
    ("self_evaluation", "innovation.platform", &["产融合作平台建设", "搭建产融对接平台", "建设“产融通”综合金融服务平台", "打造线上线下融合的服务平台"],
     "“产融通”上线以来，入驻金融机构40家，设置政策计算器、产品超市等功能，提供一站式服务。"),
    ("self_evaluation", "innovation.products", &["金融产品服务创新", "创新金融产品和服务", "丰富信贷产品供给", "推动金融服务方式创新"],
     "引导银行推出科创贷等特色产品12款，设立科技支行5家，发展供应链金融。"),
    ("self_evaluation", "results.chain_resilience", &["产业链供应链韧性和安全水平明显提升", "增强产业链供应链韧性", "补链强链成效显著", "产业链安全水平稳步提高"],
     "支持链主企业补链强链，新增配套企业120家，有效防范断链风险。"),
    ("self_evaluation", "results.innovation_capacity", &["产业创新能力明显提升", "科技创新能力持续增强", "企业研发能力不断提高", "创新动能加速集聚"],
     "全社会研发投入强度达到3.1%，高新技术企业达到2100家，专精特新企业达到310家。"),
    ("self_evaluation", "results.structure_upgrade", &["产业结构优化升级", "推动产业结构调整", "传统产业转型升级步伐加快"],
     "战略性新兴产业增加值占比提高到35%，实施技术改造项目400个，传统产业加快升级。"),
    ("self_evaluation", "results.digital_real", &["推动数字技术与实体经济深度融合", "数实融合不断深化", "制造业数字化转型成效明显", "智能化改造全面提速", "“智改数转”提质增效"],
     "建成智能工厂15个、数字化车间60个，培育工业互联网平台8个。"),
    ("self_evaluation", "results.green", &["推动工业绿色发展", "工业绿色低碳转型", "节能降碳成效明显", "碳达峰行动扎实推进", "双碳目标稳步推进"],
     "绿色贷款余额达到560亿元，创建绿色工厂12家，单位增加值能耗下降8%。"),
    ("self_evaluation", "experience.distilled", &["典型经验", "主要经验做法", "经验启示", "形成的经验"],
     "试点形成了可复制、可推广的经验做法，财政资金发挥了四两拨千斤的作用。"),
    ("self_evaluation", "experience.promotion", &["经验报送推广情况", "宣传推广情况", "经验复制推广", "典型经验交流推广"],
     "向部省报送经验材料6篇，其中2篇被刊发；在全省会议上作经验交流。"),
    ("implementation_plan", "foundation.industry", &["产业发展基础", "制造业发展基础坚实", "产业基础雄厚"],
     "全市拥有规模以上工业企业3500家、国家级小巨人企业45家，产业集群特色鲜明。"),
    ("implementation_plan", "foundation.finance", &["金融发展基础", "金融服务基础扎实", "金融业发展现状"],
     "全市共有银行业金融机构42家，境内外上市公司36家，金融体系较为完备。"),
    ("implementation_plan", "approach", &["总体思路", "总体要求", "指导思想和基本原则", "工作思路"],
     "以习近平新时代中国特色社会主义思想为指导思想，完整准确全面贯彻新发展理念。"),
    ("implementation_plan", "targets", &["试点目标", "发展目标", "主要目标", "预期目标"],
     "到2026年，制造业贷款余额力争达到1500亿元，新增上市企业10家。"),
    ("implementation_plan", "tasks", &["重点任务", "主要任务", "重点工作", "主要举措"],
     "实施一链一策行动，培育上市后备企业，发展供应链金融。"),
    ("implementation_plan", "guarantees.organization", &["组织保障", "加强组织领导", "强化组织协调"],
     "成立试点工作领导小组，由市长任组长，各成员单位明确联络员。"),
    ("implementation_plan", "guarantees.policy", &["政策保障", "强化政策支持", "加强政策协同"],
     "出台专项政策，对贷款给予贴息和担保费补助，用好再贷款工具。"),
    ("implementation_plan", "guarantees.funding", &["资金保障", "加大资金投入", "强化财政投入", "做好经费保障"],
     "市财政每年安排专项资金2亿元，实行专款专用和资金绩效评价。"),
    ("implementation_plan", "schedule", &["实施步骤", "进度安排", "时间安排和推进步骤", "阶段安排"],
     "第一阶段动员部署，第二阶段全面实施，第三阶段总结提升。"),
];

#[test]
fn every_section_is_found_by_its_paraphrases_and_by_content() {
    let profile = Profile::embedded();
    let mut checked = BTreeMap::<&str, usize>::new();
    for (outline_id, id, variants, passage) in CASES {
        let outline = profile.outline(outline_id).expect("outline");
        let spec = outline
            .sections
            .iter()
            .find(|s| s.id == *id)
            .expect("section");
        let group = spec
            .group
            .as_ref()
            .and_then(|g| outline.groups.iter().find(|x| &x.id == g));
        for v in *variants {
            let doc = match group {
                Some(g) => document(&[
                    "某市报告",
                    &format!("一、{}", g.title),
                    &format!("（一）{v}"),
                    FILLER,
                ]),
                None => document(&["某市报告", &format!("一、{v}"), FILLER]),
            };
            let c = coverage(outline, &[&doc])
                .into_iter()
                .find(|c| c.id == *id)
                .expect("coverage");
            assert_eq!(c.status, Status::Present, "{id}: heading “{v}”");
            assert!(
                matches!(
                    c.matched,
                    Some(
                        MatchedBy::Alias { .. }
                            | MatchedBy::KeyTerms { .. }
                            | MatchedBy::Topic { .. }
                    )
                ),
                "{id}: “{v}” {:?}",
                c.matched
            );
            assert!(
                c.evidence.as_ref().is_some_and(|e| e.quote.ends_with(v)),
                "{id}: evidence {:?}",
                c.evidence
            );
        }
        // No heading of its own: found in a neighbour's text — or, for a group read only in its own
        // chapters (the foundation), in the plan's opening before the first heading.
        let inside_only = group.is_some_and(|g| !g.content_outside);
        let doc = if inside_only {
            document(&["某市报告", passage, "一、其他工作", FILLER])
        } else {
            document(&["某市报告", "一、其他工作", FILLER, passage, FILLER])
        };
        let c = coverage(outline, &[&doc])
            .into_iter()
            .find(|c| c.id == *id)
            .expect("coverage");
        assert!(
            matches!(c.matched, Some(MatchedBy::Content { .. })),
            "{id}: passage not found: {:?}",
            c.matched
        );
        assert_eq!(
            c.evidence.as_ref().map(|e| e.quote.as_str()),
            Some(*passage)
        );
        // And absent when neither heading nor content is there.
        let doc = document(&["某市报告", "一、其他工作", FILLER]);
        let c = coverage(outline, &[&doc])
            .into_iter()
            .find(|c| c.id == *id)
            .expect("coverage");
        assert_eq!(c.status, Status::Missing, "{id}");
        *checked.entry(outline_id).or_default() += 1;
    }
    for o in &profile.outlines {
        assert_eq!(
            checked.get(o.spec.id.as_str()),
            Some(&o.sections.len()),
            "every section of {} has a case",
            o.spec.id
        );
    }
}

/// Headings that name a neighbour, not the section.
#[test]
fn near_misses_do_not_match() {
    let profile = Profile::embedded();
    let se = profile.outline("self_evaluation").expect("outline");
    for (id, heading) in [
        ("guarantee.policy", "推进产融合作政策创新"),
        ("results.innovation_capacity", "金融产品服务创新"),
        ("results.innovation_capacity", "探索体制机制创新"),
        ("experience.distilled", "经验复制推广"),
        ("innovation.platform", "培育工业互联网平台"),
        ("results.structure_upgrade", "工业绿色低碳转型"),
        ("results.digital_real", "金融活水精准滴灌实体经济"),
    ] {
        let doc = document(&["某市报告", &format!("一、{heading}"), FILLER]);
        let c = coverage(se, &[&doc])
            .into_iter()
            .find(|c| c.id == id)
            .expect("coverage");
        assert_eq!(
            c.status,
            Status::Missing,
            "{id} wrongly matched “{heading}”"
        );
    }
}

#[test]
fn one_heading_may_cover_two_sections_and_thin_is_told_apart() {
    let profile = Profile::embedded();
    let se = profile.outline("self_evaluation").expect("outline");
    let doc = document(&[
        "某市报告",
        "一、保障体系",
        "（一）组织和政策保障",
        FILLER,
        "（二）工作机制",
        "建立了工作机制。",
    ]);
    let cov = coverage(se, &[&doc]);
    let status = |id: &str| cov.iter().find(|c| c.id == id).map(|c| c.status);
    assert_eq!(status("guarantee.organization"), Some(Status::Present));
    assert_eq!(status("guarantee.policy"), Some(Status::Present));
    assert_eq!(status("guarantee.work"), Some(Status::Thin));
    assert_eq!(status("guarantee.resources"), Some(Status::Missing));
}
