//! `sample-corpus`: realistic generated submissions with an answer key.
//!
//! Each submission is a folder of real files — docx written with docx-rs, xlsx with rust_xlsxwriter —
//! with varied prose, both roles, every heading mechanism the extractor reads, tables, letters,
//! indicator workbooks with the oddities of real ones, and planted defects for every flag code.
//! `answers.json` says what extraction and every check must find.

pub mod docs;
pub mod earlier;
pub mod indicators;
pub mod plan;
pub mod prose;
pub mod rng;
pub mod write_docx;

use crate::check::code::FlagCode;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde_json::json;

use docs::{expected_headings, title_of, Item, Status};
use plan::{Continuation, PeriodPlan, RiskOutcome, SubPlan};
use prose::Ctx;
use rng::Rng;

use crate::submission::{ProvinceKind, Role};

/// The programme's submission deadline.
pub const DEADLINE: &str = "2024-01-31";

/// How a value is written in prose and tables: counts as integers, the rest with one decimal.
pub fn format_value(unit: &str, v: f64) -> String {
    if unit == "家" {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Keeps independently generated paragraphs apart, so planted copies are the only near-duplicates:
/// a paragraph too close to another submission's paragraph of the same section is drawn again.
pub struct CopyGuard {
    by_section: HashMap<&'static str, Vec<(usize, HashSet<u64>)>>,
    /// Paragraphs are compared only while the corpus is small enough for all pairs.
    pub enabled: bool,
    pub max_independent: f64,
    pub rerolls: usize,
}

/// Corpora up to this size have every pair of independent paragraphs compared; larger ones (for
/// benchmarks) are not, and their answer key says so.
pub const GUARDED_UP_TO: usize = 60;

/// Jaccard similarity limit between independent paragraphs.
pub const INDEPENDENT_LIMIT: f64 = 0.5;

impl CopyGuard {
    pub fn new(enabled: bool) -> Self {
        CopyGuard {
            by_section: HashMap::new(),
            enabled,
            max_independent: 0.0,
            rerolls: 0,
        }
    }

    /// A paragraph of 3-4 sentences from `templates`, drawn again while too close to another's.
    pub fn paragraph(
        &mut self,
        sub: usize,
        section: &'static str,
        templates: &[&str],
        ctx: &Ctx,
        rng: &mut Rng,
    ) -> String {
        self.accept(sub, section, rng, |rng| {
            let k = rng.range(3, 4) as usize;
            prose::paragraph(templates, k, ctx, rng)
        })
    }

    pub fn accept(
        &mut self,
        sub: usize,
        section: &'static str,
        rng: &mut Rng,
        mut make: impl FnMut(&mut Rng) -> String,
    ) -> String {
        let mut best: Option<(f64, String, HashSet<u64>)> = None;
        for _ in 0..40 {
            let text = make(rng);
            if !self.enabled {
                return text;
            }
            let sh = shingles(&text);
            let worst = self
                .by_section
                .get(section)
                .into_iter()
                .flatten()
                .filter(|(s, _)| *s != sub)
                .map(|(_, other)| jaccard(&sh, other))
                .fold(0.0, f64::max);
            if best.as_ref().is_none_or(|b| worst < b.0) {
                best = Some((worst, text, sh));
            }
            if worst < INDEPENDENT_LIMIT {
                break;
            }
            self.rerolls += 1;
        }
        let (worst, text, sh) = best.expect("at least one draw");
        if std::env::var_os("PILOT_REVIEW_DEBUG_GUARD").is_some() && worst >= INDEPENDENT_LIMIT {
            eprintln!("guard: {section} {worst:.2} {text}");
        }
        self.max_independent = self.max_independent.max(worst);
        self.by_section.entry(section).or_default().push((sub, sh));
        text
    }
}

/// 5-character shingles of the Han characters and letters of a text (digits, punctuation, spaces dropped).
pub fn shingles(text: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let chars: Vec<char> = text
        .chars()
        .filter(|c| crate::document::text::is_han(*c) || c.is_alphabetic())
        .collect();
    chars
        .windows(5)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    inter / (a.len() as f64 + b.len() as f64 - inter)
}

/// (source submission, copying submission, (source text, copied text) pairs)
type PlantedCopy = (usize, usize, Vec<(String, String)>);

#[derive(Debug, Serialize)]
struct ExpectedFlag {
    code: FlagCode,
    subject: Option<String>,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    /// For TEXT_COPIED: the Jaccard similarity of the copied paragraph to its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<f64>,
}

fn flag(code: FlagCode, subject: Option<String>, severity: &'static str) -> ExpectedFlag {
    ExpectedFlag {
        code,
        subject,
        severity,
        quote: None,
        similarity: None,
    }
}

/// One document as generated, for the answer key.
struct Generated {
    path: String,
    kind: &'static str,
    format: &'static str,
    status: &'static str,
    title: Option<String>,
    headings: Vec<docs::ExpectedHeading>,
    mechanism: Option<plan::Mechanism>,
}

/// Writes `n` submissions and answers.json into `dir`. Returns a one-line summary.
pub fn generate(dir: &Path, n: usize, seed: u64) -> anyhow::Result<String> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let root = Rng::new(seed);
    let plans = plan::plans(n, &root);
    let mut guard = CopyGuard::new(n <= GUARDED_UP_TO);
    let mut bodies: Vec<Vec<(&'static str, String)>> = Vec::with_capacity(n);
    let mut copies: Vec<PlantedCopy> = Vec::new();
    let mut answers = Vec::with_capacity(n);
    for p in &plans {
        let mut rng = root.fork(10_000 + p.index as u64);
        let ctx = Ctx {
            values: p
                .values
                .iter()
                .map(|(k, v)| (k.clone(), v[&2023]))
                .collect(),
            city: p.city.clone(),
            short: p.short.clone(),
            industries: rng.sample(prose::INDUSTRIES, 3),
            platform: format!("{}{}", p.short, rng.pick(prose::PLATFORM_SUFFIX)),
            fund: format!(
                "{}{}",
                p.short,
                rng.pick(&[
                    "产业发展基金",
                    "产业引导基金",
                    "制造业转型升级基金",
                    "科创母基金"
                ])
            ),
        };
        let folder = dir.join(&p.name);
        std::fs::create_dir_all(&folder)?;
        let mut generated: Vec<Generated> = Vec::new();
        let mut sections_answer: Vec<serde_json::Value> = Vec::new();
        let name = |desc: String, anon: &str| {
            if p.anonymous_names {
                anon.to_string()
            } else {
                desc
            }
        };

        // The main report, and for continuing cities the new plan.
        let mut main_report = if p.role == Role::Evaluation {
            docs::self_evaluation(p, &ctx, &mut rng, &mut guard)
        } else {
            docs::implementation_plan(p, &ctx, &mut rng, &mut guard)
        };
        if let Some(src) = p.copy_from {
            let quotes = plant_copy(&mut main_report, &bodies[src], &plans[src], p, &mut rng);
            copies.push((src, p.index, quotes));
        }
        bodies.push(
            main_report
                .body
                .iter()
                .filter_map(|(i, s)| match &main_report.items[*i] {
                    // Paragraphs quoting indicator values are not copied: the copy would carry the
                    // source city's numbers and plant a mismatch the answer key does not list.
                    Item::Para(t) if t.chars().count() >= 60 && !quotes_indicator(t) => {
                        Some((*s, t.clone()))
                    }
                    _ => None,
                })
                .collect(),
        );
        let (report_file, outline) = if p.role == Role::Evaluation {
            (
                name(
                    format!("{}国家产融合作试点城市自评报告.docx", p.city),
                    "附件1.docx",
                ),
                "self_evaluation",
            )
        } else {
            (
                name(
                    format!("{}国家产融合作试点实施方案.docx", p.city),
                    "附件1.docx",
                ),
                "implementation_plan",
            )
        };
        write_docx::write(
            &folder.join(&report_file),
            &main_report.items,
            p.report_mechanism,
        )?;
        generated.push(doc_answer(
            p,
            &report_file,
            outline,
            &main_report.items,
            p.report_mechanism,
        ));
        sections_answer.extend(section_answers(outline, &main_report.sections));
        if p.continuation == Some(Continuation::Continue) && !p.plan_missing {
            let r = docs::implementation_plan(p, &ctx, &mut rng, &mut guard);
            let f = name(
                format!("{}国家产融合作试点实施方案（2024—2026年）.docx", p.city),
                "附件4.docx",
            );
            write_docx::write(&folder.join(&f), &r.items, p.plan_mechanism)?;
            generated.push(doc_answer(
                p,
                &f,
                "implementation_plan",
                &r.items,
                p.plan_mechanism,
            ));
            sections_answer.extend(section_answers("implementation_plan", &r.sections));
        }

        // The earlier plan (2021—2023年) an evaluation city sends with its report.
        if let Some(e) = &p.earlier {
            let mut r = root.fork(20_000 + p.index as u64);
            let items = earlier::document(p, e, &ctx, &mut r);
            let f = name(
                format!(
                    "{}国家产融合作试点城市实施方案（{}—{}年）.docx",
                    p.city,
                    earlier::PERIOD.0,
                    earlier::PERIOD.1
                ),
                "附件5.docx",
            );
            write_docx::write(&folder.join(&f), &items, p.plan_mechanism)?;
            generated.push(doc_answer(
                p,
                &f,
                "implementation_plan",
                &items,
                p.plan_mechanism,
            ));
        }

        // The indicator workbook.
        if !p.missing_docs.contains(&"indicators") {
            let f = name("试点指标数据.xlsx".into(), "附件2.xlsx");
            let layout = indicators::Layout::draw(&mut rng, p.role == Role::Application);
            let targets = (p.role == Role::Application).then_some(&p.targets);
            indicators::write(
                &folder.join(&f),
                &p.city,
                &p.values,
                targets,
                &layout,
                &p.cell_defects,
                &mut rng,
            )?;
            generated.push(Generated {
                path: format!("{}/{f}", p.name),
                kind: "indicators",
                format: "xlsx",
                status: "ok",
                title: None,
                headings: Vec::new(),
                mechanism: None,
            });
        }

        // The cover letter.
        if !p.missing_docs.contains(&"cover_letter") {
            let items = docs::letter(p, &ctx, &mut rng);
            let f = name(
                if p.role == Role::Application {
                    "申报函.docx".into()
                } else {
                    "报送函.docx".into()
                },
                "正文.docx",
            );
            write_docx::write(&folder.join(&f), &items, plan::Mechanism::Typed)?;
            generated.push(doc_answer(
                p,
                &f,
                "cover_letter",
                &items,
                plan::Mechanism::Typed,
            ));
        }

        // Evidence, and a truncated evidence file when planted.
        let items = docs::evidence(p, &mut rng);
        let f = name("证明材料汇编.docx".into(), "附件3.docx");
        write_docx::write(&folder.join(&f), &items, plan::Mechanism::Typed)?;
        generated.push(doc_answer(
            p,
            &f,
            "evidence",
            &items,
            plan::Mechanism::Typed,
        ));
        if p.unreadable_evidence {
            let f = "证明材料-政策文件.docx";
            let tmp = folder.join(f);
            write_docx::write(&tmp, &items, plan::Mechanism::Typed)?;
            let bytes = std::fs::read(&tmp)?;
            std::fs::write(&tmp, &bytes[..bytes.len() * 3 / 5])?;
            generated.push(Generated {
                path: format!("{}/{f}", p.name),
                kind: "evidence",
                format: "docx",
                status: "unreadable",
                title: None,
                headings: Vec::new(),
                mechanism: None,
            });
        }

        if p.with_toml {
            std::fs::write(folder.join("submission.toml"), submission_toml(p))?;
        }
        answers.push((p, generated, sections_answer));
    }

    // Flags need the whole corpus (quota, copies).
    let quota = quota_breaches(&plans);
    let mut out = Vec::new();
    for (p, generated, sections) in answers {
        let mut flags = expected_flags(p, &generated);
        if let Some(unit) = quota_unit(p).filter(|u| quota.contains(u)) {
            flags.push(flag(FlagCode::QuotaExceeded, Some(unit), "warning"));
        }
        for (src, dst, quotes) in &copies {
            if *src == p.index || *dst == p.index {
                let other = if *src == p.index { *dst } else { *src };
                let quote = quotes.first().map(|(s, d)| {
                    if *src == p.index {
                        s.clone()
                    } else {
                        d.clone()
                    }
                });
                let similarity = quotes
                    .iter()
                    .map(|(s, d)| jaccard(&shingles(s), &shingles(d)))
                    .reduce(f64::min)
                    .map(|x| (x * 1000.0).round() / 1000.0);
                flags.push(ExpectedFlag {
                    code: FlagCode::TextCopied,
                    subject: Some(plans[other].name.clone()),
                    severity: "warning",
                    quote,
                    similarity,
                });
            }
        }
        out.push(json!({
            "submission": p.name,
            "city": p.city,
            "province": p.province,
            "province_kind": p.province_kind,
            "role": p.role,
            "submitted": p.submitted,
            "has_submission_toml": p.with_toml,
            "continuation": p.continuation,
            "documents": generated.iter().map(|g| json!({
                "path": g.path, "kind": g.kind, "format": g.format, "status": g.status,
                "title": g.title, "mechanism": g.mechanism, "headings": g.headings,
            })).collect::<Vec<_>>(),
            "sections": sections,
            "flags": flags,
            "indicators": {
                "values": p.values,
                "targets": if p.role == Role::Application { json!(p.targets) } else { json!(null) },
                "defects": p.cell_defects,
                "mismatch": p.mismatch,
            },
            "practices": p.practices,
            "earlier_plan": p.earlier,
        }));
    }
    let key = json!({
        "generator": "pilot-review sample-corpus",
        "seed": seed,
        "deadline": DEADLINE,
        "copy_policy": {
            "measure": "Jaccard similarity of 5-character shingles over Han characters and letters (digits, punctuation, spaces removed)",
            "scope": "body paragraphs of at least 60 characters in self-evaluation reports and implementation plans, compared within the same outline section",
            "independent_limit": INDEPENDENT_LIMIT,
            "independent_max_observed": (guard.max_independent * 1000.0).round() / 1000.0,
            "guarded": guard.enabled,
            "boilerplate": [prose::NOTICE_QUOTE],
        },
        "practices": prose::PRACTICES.iter().map(|p| json!({"id": p.id, "name": p.name, "unique": p.unique})).collect::<Vec<_>>(),
        "submissions": out,
    });
    let text = serde_json::to_string_pretty(&key)?;
    std::fs::write(dir.join("answers.json"), text)?;
    let guard_note = if guard.enabled {
        format!(
            "independent paragraphs ≤ {:.2} similar, {} redraws",
            guard.max_independent, guard.rerolls
        )
    } else {
        format!("paragraph similarity not checked above {GUARDED_UP_TO} submissions")
    };
    Ok(format!(
        "wrote {n} submissions and answers.json to {} ({guard_note})",
        dir.display()
    ))
}

fn quotes_indicator(text: &str) -> bool {
    indicators::TEMPLATE
        .iter()
        .any(|(_, _, name, _)| text.contains(name))
}

fn doc_answer(
    p: &SubPlan,
    file: &str,
    kind: &'static str,
    items: &[Item],
    m: plan::Mechanism,
) -> Generated {
    Generated {
        path: format!("{}/{file}", p.name),
        kind,
        format: "docx",
        status: "ok",
        title: title_of(items),
        headings: expected_headings(items),
        mechanism: Some(m),
    }
}

fn section_answers(outline: &str, sections: &[(&'static str, Status)]) -> Vec<serde_json::Value> {
    let mut seen = HashSet::new();
    sections
        .iter()
        .filter(|(id, _)| seen.insert(*id))
        .map(|(id, status)| json!({"outline": outline, "id": id, "status": status}))
        .collect()
}

/// Copies two paragraphs of an earlier submission into this report, with light edits (the city
/// renamed, a clause dropped), returning (source text, copied text) pairs.
fn plant_copy(
    report: &mut docs::Report,
    source: &[(&'static str, String)],
    src: &SubPlan,
    p: &SubPlan,
    rng: &mut Rng,
) -> Vec<(String, String)> {
    let mut picked = rng.sample(source, 2);
    picked.sort_by_key(|x| std::cmp::Reverse(x.1.len()));
    let Some(&(at, _)) = report.body.get(report.body.len() / 2) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (k, (_, text)) in picked.into_iter().enumerate() {
        let mut copied = text
            .replace(&src.city, &p.city)
            .replace(&src.short, &p.short);
        if let Some(i) = copied.find('，') {
            if k == 0 && i < copied.len() / 2 {
                copied = copied.replacen('，', "，同时", 1);
            }
        }
        report.items.insert(at + 1 + k, Item::Para(copied.clone()));
        pairs.push((text, copied));
    }
    pairs
}

fn submission_toml(p: &SubPlan) -> String {
    let kind = match p.province_kind {
        ProvinceKind::Province => "province",
        ProvinceKind::SeparatelyListed => "separately_listed",
        ProvinceKind::Corps => "corps",
    };
    let role = if p.role == Role::Evaluation {
        "evaluation"
    } else {
        "application"
    };
    let batch = if p.role == Role::Application {
        3
    } else {
        1 + (p.index % 2)
    };
    format!(
        "# 报送单位信息 / submission metadata\ncity = \"{}\"\nprovince = \"{}\"\nprovince_kind = \"{kind}\"\nrole = \"{role}\"\nsubmitted = \"{}\"\nbatch = {batch}\n",
        p.city, p.province, p.submitted
    )
}

/// The unit whose quota an application counts against: the province, or the separately listed
/// city or the Corps itself. Continuing cities use no quota.
fn quota_unit(p: &SubPlan) -> Option<String> {
    (p.role == Role::Application).then(|| match p.province_kind {
        ProvinceKind::SeparatelyListed => p.city.clone(),
        _ => p.province.clone(),
    })
}

fn quota_breaches(plans: &[SubPlan]) -> HashSet<String> {
    let mut count: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in plans {
        if let Some(u) = quota_unit(p) {
            let limit = if p.province_kind == ProvinceKind::Province {
                2
            } else {
                1
            };
            let e = count.entry(u).or_insert((0, limit));
            e.0 += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, (n, limit))| n > limit)
        .map(|(u, _)| u)
        .collect()
}

fn expected_flags(p: &SubPlan, generated: &[Generated]) -> Vec<ExpectedFlag> {
    let mut f = Vec::new();
    for d in &p.missing_docs {
        f.push(flag(FlagCode::DocMissing, Some(d.to_string()), "blocker"));
    }
    for g in generated.iter().filter(|g| g.status == "unreadable") {
        f.push(flag(
            FlagCode::DocUnreadable,
            Some(g.path.clone()),
            "warning",
        ));
    }
    match p.continuation {
        Some(Continuation::Unstated) => {
            f.push(flag(FlagCode::ContinuationUnstated, None, "blocker"))
        }
        Some(Continuation::Continue) if p.plan_missing => {
            f.push(flag(FlagCode::ContinuationPlanMissing, None, "blocker"))
        }
        _ => {}
    }
    let has_plan = p.role == Role::Application
        || (p.continuation == Some(Continuation::Continue) && !p.plan_missing);
    for s in &p.missing_sections {
        let applies = if s.contains('.')
            && (s.starts_with("guarantees.") || s.starts_with("foundation."))
            || matches!(*s, "approach" | "targets" | "tasks" | "schedule")
        {
            has_plan
        } else {
            true
        };
        // A missing guarantee section is said once, by GUARANTEE_MISSING (below).
        if applies && !s.starts_with("guarantees.") {
            f.push(flag(
                FlagCode::SectionMissing,
                Some(s.to_string()),
                "warning",
            ));
        }
    }
    for s in &p.thin_sections {
        f.push(flag(FlagCode::SectionThin, Some(s.to_string()), "info"));
    }
    if p.role == Role::Application {
        for (kind, outcome) in &p.risk {
            match outcome {
                RiskOutcome::Missing | RiskOutcome::PlanOnly => f.push(flag(
                    FlagCode::RiskStatementMissing,
                    Some(kind.to_string()),
                    "blocker",
                )),
                RiskOutcome::Disclosed { sentence, above } => f.push(ExpectedFlag {
                    code: FlagCode::RiskEventDisclosed,
                    subject: Some(kind.to_string()),
                    severity: if *above { "blocker" } else { "info" },
                    quote: Some(sentence.clone()),
                    similarity: None,
                }),
                RiskOutcome::Stated => {}
            }
        }
        if p.letter_issuer_wrong {
            f.push(flag(FlagCode::LetterIssuer, None, "blocker"));
        }
    }
    if let Some(e) = &p.evaluation_event {
        f.push(ExpectedFlag {
            code: FlagCode::RiskEventDisclosed,
            subject: Some("environment".into()),
            severity: "info",
            quote: Some(e.clone()),
            similarity: None,
        });
    }
    if has_plan {
        match p.period {
            PeriodPlan::Missing => f.push(flag(FlagCode::PeriodMissing, None, "warning")),
            PeriodPlan::NotThree(..) => {
                f.push(flag(FlagCode::PeriodNotThreeYears, None, "warning"))
            }
            PeriodPlan::Three => {}
        }
        for s in &p.missing_sections {
            if let Some(subject) = s.strip_prefix("guarantees.") {
                f.push(flag(
                    FlagCode::GuaranteeMissing,
                    Some(subject.into()),
                    "warning",
                ));
            }
        }
        if !p.targets_quantified {
            f.push(flag(FlagCode::TargetsNotQuantified, None, "warning"));
        }
        for m in &p.missing_finance {
            f.push(flag(
                FlagCode::FinanceFieldMissing,
                Some(m.to_string()),
                "warning",
            ));
        }
    }
    for d in &p.cell_defects {
        match d {
            indicators::CellDefect::Empty { id, .. }
            | indicators::CellDefect::RowMissing { id } => {
                f.push(flag(FlagCode::IndicatorEmpty, Some(id.clone()), "warning"))
            }
            indicators::CellDefect::Invalid { id, .. } => f.push(flag(
                FlagCode::IndicatorInvalid,
                Some(id.clone()),
                "warning",
            )),
        }
    }
    if let Some(id) = p.implausible {
        f.push(flag(
            FlagCode::TargetImplausible,
            Some(id.to_string()),
            "info",
        ));
    }
    if let Some(e) = &p.earlier {
        for (code, subject, severity) in earlier::expected_flags(e) {
            f.push(flag(code, Some(subject), severity));
        }
    }
    if let Some(m) = &p.mismatch {
        f.push(flag(
            FlagCode::IndicatorMismatch,
            Some(m.id.clone()),
            "warning",
        ));
    }
    if p.is_late() {
        f.push(flag(FlagCode::LateSubmission, None, "blocker"));
    }
    let mut seen = HashSet::new();
    f.retain(|x| seen.insert((x.code, x.subject.clone())));
    f
}
