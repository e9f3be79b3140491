//! The rules section of the profile (profile/rules.toml): phrases, ladders, periods and severities the
//! commitment, risk-record and package checks read. Code interprets; the profile decides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::check::code::SeverityKey;
use crate::document::model::DocKind;
use crate::profile::severity::Severity;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    pub severity: BTreeMap<String, Severity>,
    pub package: PackageSpec,
    pub continuation: ContinuationSpec,
    pub quota: QuotaSpec,
    pub period: PeriodSpec,
    pub targets: TargetsSpec,
    pub ledger: LedgerSpec,
    pub guarantees: GuaranteesSpec,
    pub finance_fields: FinanceFieldsSpec,
    pub reported: ReportedSpec,
    pub risk: RiskSpec,
    pub copy: CopySpec,
    pub experiences: ExperiencesSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperiencesSpec {
    pub sections: Vec<String>,
    pub own_experience_sections: Vec<String>,
    pub similarity: f64,
    pub novel_max_cities: usize,
    pub min_sentence_chars: usize,
    pub stopwords: Vec<String>,
    pub seeds: Vec<Seed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub name: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopySpec {
    pub threshold: f64,
    pub shingle: usize,
    pub min_chars: usize,
    pub boilerplate_submissions: usize,
    pub boilerplate: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSpec {
    /// YYYY-MM-DD
    pub deadline: String,
    pub evaluation: Vec<DocKind>,
    pub application: Vec<DocKind>,
    pub application_issuer: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContinuationSpec {
    /// 延续, 继续.
    pub verbs: Vec<String>,
    /// Verbs that may stand between the verb and its object: 开展, 参与, 作为, 列为 …
    pub aux: Vec<String>,
    /// Words that may stand before the object: 将, 我市, 纳入, 国家, 产融合作 …
    pub fillers: Vec<String>,
    /// 试点.
    pub object: String,
    /// 结束, 退出, 终止.
    pub end_verbs: Vec<String>,
    pub negations: Vec<String>,
    pub undecided: Vec<String>,
    /// Words of a wish after 延续试点 (意向, 需求): with `having` before it the city continues, with
    /// `lacking` it ends.
    pub wishes: Vec<String>,
    pub having: Vec<String>,
    pub lacking: Vec<String>,
    /// A question (是否): its clause names the topic, a later clause may decide it.
    pub questions: Vec<String>,
    pub generic_after: Vec<String>,
    pub past: Vec<String>,
    pub since: Vec<String>,
    /// What a plan is called: 实施方案, 行动方案, 行动计划, 工作方案 ….
    pub plans: Vec<String>,
    /// Words of a decision after the topic was named (关于延续试点事宜，……决定不予申请): 申请, 参加 ….
    pub decisions: Vec<String>,
    pub new_plan: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    pub province: usize,
    pub separately_listed: usize,
    pub corps: usize,
}

/// An indicator (`whole`) that is the sum of `parts` (see `LedgerSpec::part_sums`); each part is
/// the ways reports name it (债券融资, 债券市场融资: “通过债券市场融资312亿元”, 济宁 in round 12).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSum {
    pub whole: String,
    pub parts: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSpec {
    /// The length the notice asks for: 3.
    pub years: u32,
    /// The first year of the new implementation period; a range ending before it is a record.
    pub earliest_start: u32,
    /// Words that name the period in a sentence: 实施期, 试点期, 期限, 为期 …
    pub words: Vec<String>,
    /// Verbs before a forward-looking length: 用/利用/通过 三年时间.
    pub forward: Vec<String>,
    /// A length right after these is no period: 近三年, 前三年.
    pub not_length_before: Vec<String>,
    /// A length right before these is no period: 三年来, 三年见成效.
    pub not_length_after: Vec<String>,
    /// Chapters (and the preamble) where a bare range of the notice's length that looks ahead is
    /// the plan's own period, when nothing else states it: 总体要求, 工作目标 …
    pub goal_chapters: Vec<String>,
    /// Words of a sentence that looks ahead: 力争, 到20 …
    pub ahead: Vec<String>,
    /// Words of a sentence that recalls: 已, 以来, 截至 …
    pub behind: Vec<String>,
    /// … of those, the ones that recall even under a heading of goals: 已, 以来, 截至 …
    pub recalled: Vec<String>,
    /// Words right after the range that make it the plan's own time (“在2020—2022年试点期内，以……
    /// 为重点”, 阳泉 in round 32): in those chapters the range looks ahead without another word.
    pub own_span: Vec<String>,
}

/// The targets ledger (`[ledger]`, `check::ledger`): how a plan's targets and a report's
/// achievements are read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSpec {
    /// A plan whose period ends in this year or before is an earlier plan (judged); later, a new one.
    pub evaluation_year: u16,
    /// An application's growth target above this many times the city's record growth …
    pub implausible_growth_factor: f64,
    /// … and this many percentage points above it is TARGET_IMPLAUSIBLE.
    pub implausible_growth_points: f64,
    /// Money units and their worth in 亿元.
    pub money: Vec<MoneyUnit>,
    /// Units of counts (家, 个, 户 …); counts compare across them.
    pub count_units: Vec<String>,
    /// After a number these make it a time limit (工作日, 个月 …).
    pub time_after: Vec<String>,
    /// Verbs before a figure that aim at least at it (达到, 突破, 超过 …).
    pub at_least: Vec<String>,
    /// Verbs before a figure that cap it (控制在, 不高于, 降至 …).
    pub at_most: Vec<String>,
    /// Verbs without a direction (保持在, 稳定在): a cap when 以下/以内 follows, else a floor.
    pub neutral: Vec<String>,
    /// Words right after a figure that make it a floor (以上) or a cap (以内, 以下).
    pub at_least_after: Vec<String>,
    pub at_most_after: Vec<String>,
    /// Words of a growth rate (年均增长, 增速 …).
    pub growth: Vec<String>,
    /// Words of a rise in points (提高, 提升 … 个百分点).
    pub points: Vec<String>,
    /// Verbs of counts whose name may follow the figure (新增5家上市企业).
    pub count_verbs: Vec<String>,
    /// Pairs of words a report uses for each other in a name (占各项贷款比重 / 占比).
    pub synonyms: Vec<[String; 2]>,
    /// Names that say only what kind of figure (规模, 余额 …): they belong to the clause before.
    pub bare_names: Vec<String>,
    /// Verbs of an increment (新增): the figure after them is no level.
    pub increments: Vec<String>,
    /// Verbs before an object a bare 规模/余额 belongs to (设立, 建成 …).
    pub object_verbs: Vec<String>,
    /// Verbs an agent does before a bare 余额/规模 that is its own (“推动政府性融资担保机构扩大业务
    /// 规模，在保余额达到80亿元” → 政府性融资担保机构在保余额, 大庆 in round 18): the name ends before them.
    pub effort_verbs: Vec<String>,
    /// Words of a narrower certification a report's figure may carry (小巨人): not the target's
    /// unless its name holds them.
    pub narrower: Vec<String>,
    /// Pairs of measures of one thing that are never each other (认缴 / 实缴 of a fund's size).
    pub exclusive: Vec<[String; 2]>,
    /// Context taken off the front of a name (全市, 力争, 推动 …).
    pub name_prefixes: Vec<String>,
    /// Modifiers a report may leave out of a name (境内外, 各类 …).
    pub name_modifiers: Vec<String>,
    /// Endings a report may leave out of a name (数量, 规模 …).
    pub name_suffixes: Vec<String>,
    /// Words of how a figure counts that end a plan's name before its verb (“直接融资规模累计超过”,
    /// “新增担保额年均不低于”): taken off the name.
    pub name_trailers: Vec<String>,
    /// Words of leverage (撬动, 放大 …): a ratio target's name from them on names it in a report.
    pub ratio_words: Vec<String>,
    /// Words of a target over the whole period (累计, 三年): against yearly flows, their sum.
    pub period_sums: Vec<String>,
    /// Words of a workbook row of yearly flows (当年新增): a cumulative target sums its years.
    pub yearly_rows: Vec<String>,
    /// Words of an aim in a report (力争, 下一步 …): no achievement is read from such clauses or sections.
    pub report_future: Vec<String>,
    /// Words of full coverage (实现全覆盖): a report's answer of 100% to a 覆盖率 target
    /// (黄山 in round 31).
    pub full_coverage: Vec<String>,
    /// Words of none added (未新增): a report's answer of 0 to an increment target (阳泉 in
    /// round 32).
    pub none_added: Vec<String>,
    /// Measures that name their indicator alone (在保余额 is a guarantor's only): a name ending in
    /// one after what its subject did (“推动政府性融资担保机构回归本源，在保余额……”, 普洱 in round
    /// 45; 庆阳 in round 39) is written with the measure alone too.
    pub own_measures: Vec<String>,
    /// Words of a first (实现上市公司零的突破): in a plan a target of at least one of the things
    /// named (铜仁 in round 39, 雅安 in round 37), in a report one achieved.
    pub breakthrough: Vec<String>,
    /// Words before a first that deny it (尚未实现零的突破): the report's answer is none.
    pub not_yet: Vec<String>,
    /// Verbs relating a subject to an activity (链主企业开展供应链金融业务): a report may write the
    /// activity first (开展供应链金融业务的链主企业).
    pub relation_verbs: Vec<String>,
    /// Verbs of reach (白名单覆盖重点产业链企业): a report names what is reached by the reaching
    /// thing (白名单企业), the last two characters of the object after it.
    pub cover_verbs: Vec<String>,
    /// Prepositions a plan may open a name with (对新能源电池产业链企业授信): the name after them.
    /// Not when followed by one of `not_prepositions` (对接活动 is a name).
    pub object_prepositions: Vec<String>,
    pub not_prepositions: Vec<String>,
    /// Agents a plan puts before a flow (企业发行债券): a report writes the flow alone (发行债券),
    /// or lists its kinds before 等 (发行公司债、中期票据等债券).
    pub agents: Vec<String>,
    /// Qualifiers a report may leave off a name (小微企业首贷户 → 首贷户), when what is left is a
    /// name of its own (a pair of characters no other indicator uses: not 贷款余额).
    pub dropped_qualifiers: Vec<String>,
    /// Words a qualifier begins but does not end (产融合作 is not 产融 + 合作…).
    pub compound_words: Vec<String>,
    /// Verbs of what money is for (保险资金投资本地产业项目): a report names the money alone (险资).
    pub purpose_verbs: Vec<String>,
    /// Words standing for a list of kinds between a verb and its object (发行各类债券).
    pub kinds_words: Vec<String>,
    /// Activities a report names alone (“培训企业财务负责人2,450人次” for 产融合作政策培训).
    pub activity_nouns: Vec<String>,
    /// Words of the means by which a target is reached (“三年累计通过平台实现应收账款融资100亿元”):
    /// what follows the verb after them is the name, not the means.
    pub means_words: Vec<String>,
    /// Nouns holding a word of aims or targets (债权投资计划, 行动计划): blanked before those
    /// words are looked for in a report.
    pub plan_nouns: Vec<String>,
    /// A region's words (全区, 自治区): in the report of a city (it says 全市/我市 more than
    /// 全区/我区) a figure under them is the autonomous region's, not the city's.
    pub region_words: Vec<String>,
    /// Words ending in 区 or 县 that are no part of a city (全区, 市区, 地区, 社区 …): a report's
    /// figure under another such name (常德经开区, 上杭县, 仲恺高新区) is that part's, not the city's.
    pub whole_areas: Vec<String>,
    /// Indicators that are the sum of others by definition: 直接融资 is 债券融资 and 股权融资,
    /// 存贷款余额 is 存款余额 and 贷款余额. A report giving only the parts gives their sum.
    pub part_sums: Vec<PartSum>,
    /// The last resort for naming (`report::similar`): the least share of the target name's
    /// character pairs (Dice) a clause before a figure must have, and pairs every indicator uses.
    pub similar_names: f64,
    pub generic_pairs: Vec<String>,
    /// Words of a figure that restates the target in a report (目标700亿元), and words of falling
    /// short of a figure (接近100亿元): neither figure is an achievement.
    pub report_targets: Vec<String>,
    pub short_of: Vec<String>,
    /// Verbs of a level opening the clause after a change (“增加30亿元，达到62亿元”).
    pub level_verbs: Vec<String>,
    /// Headings of a list of goals (发展目标): a bare “name + figure” under them is a target.
    pub goal_headings: Vec<String>,
    /// Short lines naming a year that set it for the items after them (“2021年目标”).
    pub year_lines: Vec<String>,
    /// Count units that count the same kind of thing (家/个/户 …; 人/人次; 场/期/次).
    pub count_groups: Vec<Vec<String>>,
    /// Verbs a name of a flow ends with (人才贷发放额): a report writes them after 累计 (人才贷累计发放).
    pub flow_verbs: Vec<String>,
    /// Names that are no indicator (奖励, 补贴 …).
    pub not_names: Vec<String>,
    /// Indicators where less is better: a table's figure is a cap (不良贷款率).
    pub lower_is_better: Vec<String>,
    /// Words between a name and a figure that make it no level (同比增长, 占比, 增加 …).
    pub not_level: Vec<String>,
    /// Sentences naming another's figure (全省, 全国 …), a policy parameter, the past, the future.
    pub not_own: Vec<String>,
    pub parameters: Vec<String>,
    pub past: Vec<String>,
    pub future: Vec<String>,
    /// A clause starting with these and holding 的 sets a condition.
    pub condition_starts: Vec<String>,
    /// Top-level chapters that record the past (发展基础 …): no targets there.
    pub record_chapters: Vec<String>,
    /// Table headers: the indicator's name, its unit, its target, its base (not a target).
    pub table_name_columns: Vec<String>,
    /// A header naming the rows' category (指标类别): a name column only when no other is.
    pub table_category_columns: Vec<String>,
    /// Verbs a name may end with that a report writes before who acts (企业注册 → 注册企业).
    pub trailing_verbs: Vec<String>,
    pub table_unit_columns: Vec<String>,
    pub table_target_columns: Vec<String>,
    pub table_base_columns: Vec<String>,
    /// A report table's column of achievements (完成值, 实际完成 …).
    pub table_achieved_columns: Vec<String>,
}

/// A money unit and its worth in 亿元.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyUnit {
    pub unit: String,
    pub in_yi: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    /// The plan outline's targets section.
    pub section: String,
    /// Units after a number: 亿元, 家, %, 个百分点 …
    pub units: Vec<String>,
    /// Words of a clause that aims at a quantity: 到20, 达到, 突破, 新增, 不低于, 控制在 …
    pub goal_words: Vec<String>,
    /// Words after a quantity that make it a goal: 以上, 以内, 左右 …
    pub comparators: Vec<String>,
    /// Multiples that are quantified by themselves: 翻一番, 倍增.
    pub multiples: Vec<String>,
    /// A percentage written out: 百分之.
    pub percent_words: Vec<String>,
    /// Sentences with these speak of the past: 已, 同比, 以来 …
    pub past: Vec<String>,
    /// … unless they also hold one of these: 到20, 力争, 试点期内 …
    pub future: Vec<String>,
    /// Sentences with these give another body's target: 全省, 全国 …
    pub not_own: Vec<String>,
    /// Clauses with these give a policy's parameters, not a target: 给予, 奖励, 贴息 …
    pub parameters: Vec<String>,
    /// Top-level chapters that hold no targets: the foundation, the background, past results (基础,
    /// 背景, 回顾 …).
    pub other_chapters: Vec<String>,
    /// Chapters where only a clause that looks ahead (试点期末……达到100亿元) holds a target: the
    /// guarantees (保障: a budget is no target).
    pub ahead_only_chapters: Vec<String>,
    /// A clause opening with one of these and holding 的 sets a condition (对年营业收入2000万元以上的企业).
    pub condition_starts: Vec<String>,
    /// A number followed by these is a time limit: 10个工作日.
    pub time_after: Vec<String>,
    /// Table headers of target columns: 目标, 预期, 计划.
    pub target_columns: Vec<String>,
}

/// How the five financial fields are read (`[finance_fields]`, see `finance_fields.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceFieldsSpec {
    /// A sentence with these names fields that are not the city's own (another city, a requirement).
    pub not_own: Vec<String>,
    /// A clause with these names a field only as a weakness.
    pub weakness: Vec<String>,
    /// The city as the subject (我市, 本市): a place named after it in the clause is the city's own list.
    pub own_subjects: Vec<String>,
    /// What joins short names in a compressed enumeration: 、 和 及 与.
    pub joiners: Vec<String>,
    pub field: Vec<FinanceFieldSpec>,
}

/// What is not the writer's own in a sentence (`[reported]`, see `reported.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedSpec {
    /// Who speaks from above: 中央金融工作会议, 会议, 通知, 总书记, 省政府 ….
    pub sources: Vec<String>,
    /// What they do: 强调, 指出, 提出, 要求.
    pub verbs: Vec<String>,
    /// At most this many characters between a source and its verb (会议明确提出: 2).
    pub verb_within: usize,
    /// Words of conforming (按照, 根据, 落实 …): the clause after is the writer's own again.
    pub conforming: Vec<String>,
    /// After a quotation, words that make it a requirement: 的要求, 的申报条件, 精神 ….
    pub quote_ends: Vec<String>,
    /// Issuers of the state's documents; a 《……》 starting with one (or with a province) is not the city's.
    pub issuers: Vec<String>,
}

/// One financial field: its subject code, Chinese name, the words that name it and its short names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceFieldSpec {
    /// technology | green | inclusive | pension | digital (the flag's subject).
    pub subject: String,
    pub name: String,
    pub words: Vec<String>,
    /// Short names in compressed enumerations: 科技 in “科技、绿色金融”.
    pub short: Vec<String>,
}

/// How a plan's guarantees are read (`[guarantees]`, see `guarantees.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuaranteesSpec {
    /// Headings of the chapters where guarantees are written: 保障, 组织实施, 职责分工 …
    pub chapters: Vec<String>,
    /// Top-level headings of chapters that record the past (产融合作基础 …): nothing in them counts.
    pub record_chapters: Vec<String>,
    /// Sentences with these describe the past: 成立了, 已出台, 试点以来 …
    pub past: Vec<String>,
    /// Words naming the pilot: a term that needs the topic counts outside the chapters only with them.
    pub topic: Vec<String>,
    /// Look-alike words blanked before matching: 政策性, 货币政策 …
    pub exclude: Vec<String>,
    /// Remits of bodies that are not the pilot's (防范化解金融风险, 安全生产, 申报工作): a 领导小组 or
    /// 专班 named for one of them within a few characters is blanked.
    pub other_remits: Vec<String>,
    /// Actors other than the city (银行, 金融机构, 企业): a clause they open, and the clauses after it
    /// with no subject of their own, commit the city to nothing.
    pub other_actors: Vec<String>,
    /// What the city does to other actors first (鼓励银行……, 引导金融机构……): the clause is still theirs.
    pub prompting: Vec<String>,
    /// The city as a subject (我市, 市政府, 市财政 …): a clause opening with it is the city's again.
    pub own_subjects: Vec<String>,
    pub subject: Vec<GuaranteeSpec>,
}

/// One guarantee: its subject code, Chinese name, outline section, and the words that state it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeSpec {
    /// organization | policy | funding (the flag's subject).
    pub subject: String,
    pub name: String,
    /// The plan outline's section for this guarantee.
    pub section: String,
    /// Word lists of which one, all together, in a heading or an item's opening phrase names it.
    pub leads: Vec<Vec<String>>,
    /// Words that state it anywhere (职责分工, 任务分工表).
    #[serde(default)]
    pub strong: Vec<String>,
    /// Word lists of which one, all together in one sentence, states it.
    pub terms: Vec<Vec<String>>,
    /// Word lists that state it only inside the guarantee chapters (引导基金: elsewhere it is a
    /// target's subject).
    #[serde(default)]
    pub chapter_terms: Vec<Vec<String>>,
    /// Terms count outside the guarantee chapters only next to a topic word.
    #[serde(default)]
    pub needs_topic: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSpec {
    pub period_from: u32,
    pub period_to: u32,
    pub period_words: Vec<String>,
    pub negations: Vec<String>,
    pub occurrences: Vec<String>,
    pub plans: Vec<String>,
    pub other_regions: Vec<String>,
    pub own_region: Vec<String>,
    pub and_above: Vec<String>,
    /// A bare 事件/事故 after a level word in a negated stretch refers to the kind last named
    /// ("共发生较大生产安全事故2起，无重大及以上事故").
    pub generic_nouns: Vec<String>,
    /// A statement of absence whose subject names only part of the city is no record for the city
    /// ("全市工贸行业", "15个工业园区").
    pub narrow_scopes: Vec<String>,
    /// Words that take the period of the sentence before (同期).
    pub same_period: Vec<String>,
    /// After a kind's name, these give the level of every event of it ("生产安全事故均为一般事故").
    pub all_of_level: Vec<String>,
    /// Questions that are no statement ("近三年是否发生……"; a table's answer cell decides).
    pub questions: Vec<String>,
    pub kind: Vec<RiskKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskKind {
    pub subject: String,
    pub name: String,
    pub terms: Vec<String>,
    /// From the most severe down; each level's spellings.
    pub levels: Vec<Vec<String>>,
    /// 0-based: this level and every more severe one fail the condition.
    pub threshold: usize,
    /// Level spellings that imply "and above" by themselves (重特大; for financial events 重大, as
    /// the notice writes “未发生重大金融风险事件”).
    #[serde(default)]
    pub implies_above: Vec<String>,
    /// Words that name only events that happened, never a record of absence ("坍塌事故", "挤兑风险事件").
    #[serde(default)]
    pub event_terms: Vec<String>,
}

impl RulesSpec {
    /// The severity the profile gives a key (every [`SeverityKey::all`] is validated at load; the
    /// indicator codes, absent from the table, are warnings).
    pub fn severity(&self, key: impl Into<SeverityKey>) -> Severity {
        self.severity
            .get(&key.into().as_str())
            .copied()
            .unwrap_or(Severity::Warning)
    }

    /// Problems a loaded rules file has beyond its types: (field, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for k in SeverityKey::all().into_iter().map(SeverityKey::as_str) {
            if !self.severity.contains_key(&k) {
                out.push(("severity".into(), format!("no severity for {k}")));
            }
        }
        if !valid_date(&self.package.deadline) {
            out.push((
                "deadline".into(),
                format!("\"{}\" is not a date YYYY-MM-DD", self.package.deadline),
            ));
        }
        for k in &self.risk.kind {
            if k.levels.is_empty() || k.threshold >= k.levels.len() {
                out.push((
                    "threshold".into(),
                    format!(
                        "risk kind {}: threshold {} outside its {} levels",
                        k.subject,
                        k.threshold,
                        k.levels.len()
                    ),
                ));
            }
            if k.terms.iter().all(|t| t.is_empty()) {
                out.push((
                    "terms".into(),
                    format!("risk kind {} has no terms", k.subject),
                ));
            }
        }
        for g in &self.guarantees.subject {
            if g.terms
                .iter()
                .chain(&g.leads)
                .any(|l| l.iter().any(String::is_empty) || l.is_empty())
            {
                out.push((
                    "terms".into(),
                    format!("guarantee {}: an empty word or word list", g.subject),
                ));
            }
        }
        for f in &self.finance_fields.field {
            if f.words.iter().all(|w| w.is_empty()) {
                out.push((
                    "words".into(),
                    format!("finance field {} has no words", f.subject),
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.copy.threshold) || self.copy.shingle == 0 {
            out.push((
                "threshold".into(),
                "copy threshold must lie in 0..1 and shingle be at least 1".into(),
            ));
        }
        if self.risk.period_from > self.risk.period_to {
            out.push((
                "period_from".into(),
                "period_from is after period_to".into(),
            ));
        }
        out
    }
}

fn valid_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    p.len() == 3
        && p[0].len() == 4
        && p.iter()
            .all(|x| x.chars().all(|c| c.is_ascii_digit()) && !x.is_empty())
        && p[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && p[2].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}
