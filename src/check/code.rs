//! The flag codes of the check contract, typed: each with its JSON spelling (unchanged:
//! "RISK_STATEMENT_MISSING"), its Chinese name and a one-line Chinese explanation, in one place for
//! every printer (terminal, HTML, xlsx, web). Below everything that raises, configures or prints a
//! flag: it imports nothing of the crate.

use serde::{Deserialize, Serialize};

/// A flag code. Serialised as its SCREAMING_SNAKE_CASE name, the strings of DESIGN.md's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlagCode {
    DocMissing,
    ReportMissing,
    DocUnreadable,
    ContinuationUnstated,
    ContinuationPlanMissing,
    ContinuationImplied,
    SectionMissing,
    SectionThin,
    RiskStatementMissing,
    RiskEventDisclosed,
    PeriodMissing,
    PeriodNotThreeYears,
    GuaranteeMissing,
    TargetsNotQuantified,
    FinanceFieldMissing,
    IndicatorEmpty,
    IndicatorInvalid,
    IndicatorMismatch,
    LetterIssuer,
    LateSubmission,
    QuotaExceeded,
    TextCopied,
    TargetNotMet,
    TargetNotReported,
    TargetImplausible,
}

impl FlagCode {
    /// Every code, in the order report columns and summaries use.
    pub const ALL: [FlagCode; 25] = [
        FlagCode::DocMissing,
        FlagCode::ReportMissing,
        FlagCode::DocUnreadable,
        FlagCode::ContinuationUnstated,
        FlagCode::ContinuationPlanMissing,
        FlagCode::ContinuationImplied,
        FlagCode::SectionMissing,
        FlagCode::SectionThin,
        FlagCode::RiskStatementMissing,
        FlagCode::RiskEventDisclosed,
        FlagCode::PeriodMissing,
        FlagCode::PeriodNotThreeYears,
        FlagCode::GuaranteeMissing,
        FlagCode::TargetsNotQuantified,
        FlagCode::FinanceFieldMissing,
        FlagCode::IndicatorEmpty,
        FlagCode::IndicatorInvalid,
        FlagCode::IndicatorMismatch,
        FlagCode::LetterIssuer,
        FlagCode::LateSubmission,
        FlagCode::QuotaExceeded,
        FlagCode::TextCopied,
        FlagCode::TargetNotMet,
        FlagCode::TargetNotReported,
        FlagCode::TargetImplausible,
    ];

    /// The contract's spelling: "RISK_STATEMENT_MISSING".
    pub fn as_str(self) -> &'static str {
        match self {
            FlagCode::DocMissing => "DOC_MISSING",
            FlagCode::ReportMissing => "REPORT_MISSING",
            FlagCode::DocUnreadable => "DOC_UNREADABLE",
            FlagCode::ContinuationUnstated => "CONTINUATION_UNSTATED",
            FlagCode::ContinuationPlanMissing => "CONTINUATION_PLAN_MISSING",
            FlagCode::ContinuationImplied => "CONTINUATION_IMPLIED",
            FlagCode::SectionMissing => "SECTION_MISSING",
            FlagCode::SectionThin => "SECTION_THIN",
            FlagCode::RiskStatementMissing => "RISK_STATEMENT_MISSING",
            FlagCode::RiskEventDisclosed => "RISK_EVENT_DISCLOSED",
            FlagCode::PeriodMissing => "PERIOD_MISSING",
            FlagCode::PeriodNotThreeYears => "PERIOD_NOT_THREE_YEARS",
            FlagCode::GuaranteeMissing => "GUARANTEE_MISSING",
            FlagCode::TargetsNotQuantified => "TARGETS_NOT_QUANTIFIED",
            FlagCode::FinanceFieldMissing => "FINANCE_FIELD_MISSING",
            FlagCode::IndicatorEmpty => "INDICATOR_EMPTY",
            FlagCode::IndicatorInvalid => "INDICATOR_INVALID",
            FlagCode::IndicatorMismatch => "INDICATOR_MISMATCH",
            FlagCode::LetterIssuer => "LETTER_ISSUER",
            FlagCode::LateSubmission => "LATE_SUBMISSION",
            FlagCode::QuotaExceeded => "QUOTA_EXCEEDED",
            FlagCode::TextCopied => "TEXT_COPIED",
            FlagCode::TargetNotMet => "TARGET_NOT_MET",
            FlagCode::TargetNotReported => "TARGET_NOT_REPORTED",
            FlagCode::TargetImplausible => "TARGET_IMPLAUSIBLE",
        }
    }

    /// The code read from its contract spelling.
    pub fn parse(s: &str) -> Option<FlagCode> {
        FlagCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Its Chinese name, for headings, columns and filters.
    pub fn zh(self) -> &'static str {
        match self {
            FlagCode::DocMissing => "缺少必备材料",
            FlagCode::ReportMissing => "无自评报告或实施方案",
            FlagCode::DocUnreadable => "文件无法读取",
            FlagCode::ContinuationUnstated => "未明确是否延续试点",
            FlagCode::ContinuationPlanMissing => "申请延续但无新实施方案",
            FlagCode::ContinuationImplied => "随函报送新方案视为申请延续",
            FlagCode::SectionMissing => "提纲章节缺失",
            FlagCode::SectionThin => "提纲章节单薄",
            FlagCode::RiskStatementMissing => "风险事件声明缺失",
            FlagCode::RiskEventDisclosed => "披露风险事件",
            FlagCode::PeriodMissing => "未写明实施期",
            FlagCode::PeriodNotThreeYears => "实施期不是三年",
            FlagCode::GuaranteeMissing => "保障措施缺失",
            FlagCode::TargetsNotQuantified => "目标未量化",
            FlagCode::FinanceFieldMissing => "金融领域未涉及",
            FlagCode::IndicatorEmpty => "指标未填报",
            FlagCode::IndicatorInvalid => "指标数值异常",
            FlagCode::IndicatorMismatch => "正文与指标表不一致",
            FlagCode::LetterIssuer => "申报函出具单位不符",
            FlagCode::LateSubmission => "逾期报送",
            FlagCode::QuotaExceeded => "超出推荐名额",
            FlagCode::TextCopied => "文字与其他城市雷同",
            FlagCode::TargetNotMet => "实施方案目标未完成",
            FlagCode::TargetNotReported => "实施方案目标未报告完成情况",
            FlagCode::TargetImplausible => "实施方案目标与本市基数不符",
        }
    }

    /// What the check looks for, in one Chinese line (the notice's requirement behind it).
    pub fn explain(self) -> &'static str {
        match self {
            FlagCode::DocMissing => "评估城市须报送自评报告、指标数据、报送函件和证明材料；申报城市须报送实施方案、指标数据、报送函件和证明材料。",
            FlagCode::ReportMissing => "包中既没有自评报告也没有实施方案，无法判断是评估还是申报。",
            FlagCode::DocUnreadable => "文件损坏、加密、截断或格式不受支持，内容无法审查。",
            FlagCode::ContinuationUnstated => "通知要求：如需延续试点，请在函件中明确；如未明确申请延续试点，视同结束试点工作。",
            FlagCode::ContinuationPlanMissing => "通知要求：申请延续试点须附新的试点实施方案。",
            FlagCode::ContinuationImplied => "函件未写“申请延续”，但随函报送了新一轮实施方案，视为申请延续，请核实。",
            FlagCode::SectionMissing => "按提纲应有的章节，标题和正文中均未找到。",
            FlagCode::SectionThin => "按提纲应有的章节，内容少于要求的字数或只有一句话。",
            FlagCode::RiskStatementMissing => "申报条件：近三年未发生重大及以上突发环境事件、生产安全事故和金融风险事件，材料须写明。",
            FlagCode::RiskEventDisclosed => "材料披露近三年发生的风险事件，按等级判断是否影响申报条件。",
            FlagCode::PeriodMissing => "实施方案须写明自身的实施期（三年）。",
            FlagCode::PeriodNotThreeYears => "通知要求实施方案按三年实施期编制。",
            FlagCode::GuaranteeMissing => "申报条件要求有政策、资金、组织保障。",
            FlagCode::TargetsNotQuantified => "实施方案的试点目标须可考核，应有量化目标。",
            FlagCode::FinanceFieldMissing => "申报条件要求在科技、绿色、普惠、养老、数字金融等方面具有特色优势。",
            FlagCode::IndicatorEmpty => "指标表缺少该指标或必填年份未填报。",
            FlagCode::IndicatorInvalid => "指标值非数值、超出合理范围或年度间变动异常。",
            FlagCode::IndicatorMismatch => "报告正文引用的指标值与指标表不一致。",
            FlagCode::LetterIssuer => "申报函应由城市人民政府出具。",
            FlagCode::LateSubmission => "报送日期晚于通知规定的截止日期。",
            FlagCode::QuotaExceeded => "每省推荐新申报城市不超过规定名额（计划单列市、兵团另计，延续城市不占名额）。",
            FlagCode::TextCopied => "与其他报送单位的段落高度相似（已排除通知原文和通用表述）。",
            FlagCode::TargetNotMet => "评估内容“试点城市实施方案的执行和落实情况”：上一轮实施方案的量化目标，自评报告或指标表所报完成值未达到。",
            FlagCode::TargetNotReported => "上一轮实施方案的量化目标，自评报告和指标表中都没有写明完成情况。",
            FlagCode::TargetImplausible => "申报城市新实施方案的目标低于指标表中已达到的水平，或增速远高于本市近年的实际增速，供核对。",
        }
    }
}

impl std::fmt::Display for FlagCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key of the profile's severity table: a flag code's own severity, or one of the variants the
/// checks choose between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityKey {
    Code(FlagCode),
    /// An unreadable file of a kind the package requires (DOC_UNREADABLE_REQUIRED).
    DocUnreadableRequired,
    /// An event at or above the threshold disclosed by an evaluated city (RISK_EVENT_DISCLOSED_EVALUATION).
    RiskEventDisclosedEvaluation,
    /// An event below the threshold (RISK_EVENT_BELOW_THRESHOLD).
    RiskEventBelowThreshold,
}

impl SeverityKey {
    /// Every key the profile must give a severity for.
    pub fn all() -> Vec<SeverityKey> {
        let mut v: Vec<SeverityKey> = FlagCode::ALL
            .into_iter()
            .filter(|c| {
                !matches!(
                    c,
                    FlagCode::IndicatorEmpty
                        | FlagCode::IndicatorInvalid
                        | FlagCode::IndicatorMismatch
                )
            })
            .map(SeverityKey::Code)
            .collect();
        v.extend([
            SeverityKey::DocUnreadableRequired,
            SeverityKey::RiskEventDisclosedEvaluation,
            SeverityKey::RiskEventBelowThreshold,
        ]);
        v
    }

    /// The key as rules.toml writes it.
    pub fn as_str(self) -> String {
        match self {
            SeverityKey::Code(c) => c.as_str().to_owned(),
            SeverityKey::DocUnreadableRequired => format!("{}_REQUIRED", FlagCode::DocUnreadable),
            SeverityKey::RiskEventDisclosedEvaluation => {
                format!("{}_EVALUATION", FlagCode::RiskEventDisclosed)
            }
            SeverityKey::RiskEventBelowThreshold => "RISK_EVENT_BELOW_THRESHOLD".to_owned(),
        }
    }
}

impl From<FlagCode> for SeverityKey {
    fn from(c: FlagCode) -> SeverityKey {
        SeverityKey::Code(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_through_serde_and_parse() {
        for c in FlagCode::ALL {
            let json = serde_json::to_string(&c).expect("json");
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(FlagCode::parse(c.as_str()), Some(c));
            assert!(!c.zh().is_empty() && !c.explain().is_empty());
        }
    }
}
