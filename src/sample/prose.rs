//! Phrase banks for generated reports: several heading variants and many sentence templates per
//! outline section, filled with the city's industries, banks, products and plausible numbers, so no
//! two reports are one template with the city name swapped.
//!
//! Each template speaks only of its own section's topic: a section planted as missing must leave no
//! trace in its neighbours (green words only in results.green, 养老金融 only in its own sentence ...).

use super::rng::Rng;

/// Everything a template may name, fixed per submission.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Indicator values (2023) that templates quote through `{v:id}`, so prose and workbook agree.
    pub values: std::collections::BTreeMap<String, f64>,
    pub city: String,
    pub short: String,
    pub industries: Vec<&'static str>,
    pub platform: String,
    pub fund: String,
}

pub const INDUSTRIES: &[&str] = &[
    "新能源汽车",
    "集成电路",
    "生物医药",
    "高端装备",
    "新材料",
    "电子信息",
    "纺织服装",
    "绿色石化",
    "智能家电",
    "软件和信息服务",
    "航空航天",
    "轨道交通装备",
    "工程机械",
    "光伏",
    "动力电池",
    "精细化工",
    "食品加工",
    "现代农机",
    "船舶海工",
    "节能环保装备",
];
pub const BANKS: &[&str] = &[
    "工商银行",
    "农业银行",
    "中国银行",
    "建设银行",
    "交通银行",
    "国家开发银行",
    "进出口银行",
    "招商银行",
    "兴业银行",
    "浦发银行",
    "中信银行",
    "民生银行",
    "邮储银行",
    "当地城市商业银行",
    "农村商业银行",
];
pub const PLATFORM_SUFFIX: &[&str] = &[
    "产融通",
    "金服",
    "融e通",
    "企业综合金融服务平台",
    "信易贷平台",
    "产融云",
];
const PRODUCTS: &[&str] = &[
    "科创贷",
    "人才贷",
    "订单贷",
    "设备更新贷",
    "专利贷",
    "园区贷",
    "政采贷",
    "续贷通",
    "技改贷",
    "首台套贷",
];

/// Fills a template: `[a|b|c]` picks one alternative, each `{placeholder}` draws a fresh value.
pub fn fill(t: &str, ctx: &Ctx, rng: &mut Rng) -> String {
    let t = &alternate(t, rng);
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t.as_str();
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let key = &rest[i + 1..i + j];
        let value = match key {
            "city" => ctx.city.clone(),
            "short" => ctx.short.clone(),
            "ind" => ctx.industries[0].to_string(),
            "ind2" => ctx.industries[1].to_string(),
            "ind3" => ctx.industries[2].to_string(),
            "bank" => rng.pick(BANKS).to_string(),
            "platform" => ctx.platform.clone(),
            "fund" => ctx.fund.clone(),
            "product" => rng.pick(PRODUCTS).to_string(),
            "a" => rng.range(3, 30).to_string(),
            "d" => rng.range(2, 9).to_string(),
            "b" => format!("{:.1}", rng.float(10.0, 600.0)),
            "c" => rng.range(120, 9000).to_string(),
            "p" => format!("{:.1}", rng.float(3.0, 35.0)),
            "y" => rng.range(2021, 2023).to_string(),
            other => match other.strip_prefix("v:").and_then(|id| ctx.values.get(id)) {
                Some(v) => super::format_value(id_unit(&other[2..]), *v),
                None => format!("{{{other}}}"),
            },
        };
        out.push_str(&value);
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

fn id_unit(id: &str) -> &'static str {
    super::indicators::TEMPLATE
        .iter()
        .find(|t| t.0 == id)
        .map_or("", |t| t.3)
}

/// Resolves `[a|b|c]` alternations (not nested).
fn alternate(t: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(']') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let options: Vec<&str> = rest[i + 1..i + j].split('|').collect();
        out.push_str(rng.pick(&options));
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// A paragraph of `k` distinct sentences from `templates`, filled.
pub fn paragraph(templates: &[&str], k: usize, ctx: &Ctx, rng: &mut Rng) -> String {
    rng.sample(templates, k.min(templates.len()))
        .into_iter()
        .map(|t| fill(t, ctx, rng))
        .collect::<Vec<_>>()
        .concat()
}

/// One outline section: its id, heading variants, sentence templates and lead phrases of level-3 items.
pub struct SectionText {
    pub id: &'static str,
    pub titles: &'static [&'static str],
    pub sentences: &'static [&'static str],
    pub subheads: &'static [&'static str],
    /// One short sentence for a planted thin section.
    pub thin: &'static [&'static str],
}

/// A level-1 group of the outline with its heading variants and its sections.
pub struct Group {
    pub titles: &'static [&'static str],
    pub sections: &'static [SectionText],
}

pub const SELF_EVALUATION: &[Group] = &[
    Group {
        titles: &["保障体系建设情况", "试点保障体系建设情况", "健全试点工作保障体系"],
        sections: &[
            SectionText {
                id: "guarantee.organization",
                titles: &["组织保障", "健全组织领导体系", "加强组织领导", "强化组织保障"],
                sentences: &[
                    "{city}成立由市政府主要领导任组长、分管副市长任副组长的国家产融合作试点工作领导小组，领导小组办公室设在市工业和信息化局。",
                    "领导小组成员单位涵盖工信、财政、发展改革、人民银行、金融监管、证监等{a}个部门，[形成|构建]了横向协同、上下联动的组织架构。",
                    "领导小组每季度召开一次专题会议，研究解决试点推进中的重大问题，[累计|共计|合计]召开专题会议{a}次。",
                    "各区（县、市）参照[建立|构建]相应工作专班，明确专人负责产融合作对接工作。",
                    "市委、市政府将产融合作试点工作纳入年度重点工作督查事项，实行清单化管理、项目化推进。",
                    "市工业和信息化局会同市财政局、人民银行{short}分行[建立|构建]联席会议制度，定期会商重点事项。",
                    "[试点工作|产融合作工作]实行“一把手”负责制，市政府分管领导定期听取工作汇报。",
                    "领导小组下设政策协调、平台建设、金融服务{a}个专项工作组，分工推进重点任务。",
                    "把试点工作纳入各区（县、市）高质量发展综合考核，考核权重提高到{d}%。",
                ],
                subheads: &["成立领导小组", "建立联席会议制度", "压实部门责任"],
                thin: &["我市成立了试点工作领导小组。"],
            },
            SectionText {
                id: "guarantee.policy",
                titles: &["政策保障", "完善政策支持体系", "强化政策引导", "健全政策体系"],
                sentences: &[
                    "先后出台《{city}关于深化产融合作[推动|引导|鼓励]制造业高质量发展的若干措施》等政策文件{a}件，构建起“1+N”产融合作政策体系。",
                    "制定企业上市挂牌扶持办法，对在境内外资本市场上市的企业给予最高{d}00万元奖励。",
                    "出台贷款贴息政策，对制造业企业技术改造项目贷款按实际利息的{a}%给予贴息。",
                    "修订完善产业发展专项政策，将产融合作指标纳入各区工业经济考核体系。",
                    "[建立|构建]政策兑现“免申即享”机制，[累计|共计|合计]兑现各类产融支持政策资金{b}亿元，惠及企业{c}家次。",
                    "围绕{ind}、{ind2}等主导产业，分行业制定产业链金融支持政策。",
                    "印发试点工作年度要点，逐项明确牵头单位、责任单位和完成时限。",
                    "将融资担保费补助标准提高到担保额的{d}%，降低企业综合融资成本。",
                    "对新引进的金融机构地区总部给予一次性落户奖励，吸引金融资源集聚。",
                ],
                subheads: &["完善顶层设计", "强化政策落地", "优化政策兑现"],
                thin: &["我市出台了相关支持政策。"],
            },
            SectionText {
                id: "guarantee.resources",
                titles: &["资源保障", "强化要素资源保障", "加大资源投入", "整合各类资源"],
                sentences: &[
                    "市财政设立产融合作专项资金，试点期间[累计|共计|合计]安排{b}亿元，[重点支持|主要用于支持|优先支持]融资担保、贷款贴息和风险补偿。",
                    "设立规模{v:guidance_funds}亿元的{fund}，通过“母基金+子基金”方式撬动社会资本投向制造业。",
                    "[推动|引导|鼓励]市属国有资本运营公司参与产业投资，[累计|共计|合计]出资{b}亿元。",
                    "[建立|构建]产融合作专家库，吸纳金融机构、高校和咨询机构专家{c}名。",
                    "整合工信、税务、市场监管、社保等部门涉企数据{c}万条，为金融机构授信提供数据支撑。",
                    "组建市级政府性融资担保机构，注册资本金增至{b}亿元，担保放大倍数达到{d}倍。",
                ],
                subheads: &["加大财政投入", "发挥基金引导作用", "整合涉企信用信息"],
                thin: &["我市积极统筹各类资源支持试点。"],
            },
            SectionText {
                id: "guarantee.work",
                titles: &["工作机制", "健全工作推进机制", "完善协同工作机制", "建立常态化工作机制"],
                sentences: &[
                    "[建立|构建]“政府+银行+企业”常态化对接机制，每月组织一次银企对接活动，[累计|共计|合计]举办{c}场。",
                    "[建立|构建]重点企业融资需求“清单式”管理机制，实行需求收集、分发、对接、反馈闭环管理。",
                    "[建立|构建]金融机构服务制造业考核评价机制，将评价结果与财政资金存放挂钩。",
                    "[建立|构建]试点工作月调度、季通报、年考核制度，及时协调解决企业融资难题。",
                    "[建立|构建]金融特派员制度，选派{a}名金融骨干深入园区和重点企业开展驻点服务。",
                    "建立金融机构与产业园区“结对共建”机制，{a}家银行与重点园区签订合作协议。",
                    "对企业反映的融资堵点实行“接诉即办”，办结率达到{p}%以上。",
                    "每半年开展一次试点工作评估，根据评估结果动态调整工作举措。",
                ],
                subheads: &["建立银企对接机制", "实行闭环管理", "强化考核评价"],
                thin: &["我市建立了相关工作机制。"],
            },
        ],
    },
    Group {
        titles: &["创新实践", "产融合作创新实践情况", "试点创新举措"],
        sections: &[
            SectionText {
                id: "innovation.policy",
                titles: &["产融合作政策创新", "推进产融合作政策创新", "创新产融政策工具"],
                sentences: &[
                    "在全省率先出台产融合作专项政策，探索财政资金与金融资源联动支持制造业的新路径。",
                    "创新“财政+金融”政策工具，将贴息、担保费补助、风险补偿统筹使用，[形成|构建]政策合力。",
                    "探索[建立|构建]重点企业“白名单”制度，由工信部门推荐、金融机构优先授信，[累计|共计|合计]入库企业{c}家。",
                    "推行“一链一策一批”工作法，围绕{ind}等产业链逐链制定金融服务方案。",
                    "出台首贷、信用贷专项激励措施，对金融机构新增制造业首贷户按比例给予奖励。",
                    "在全国较早出台制造业中长期贷款风险分担办法，由市、区两级财政共同承担部分风险。",
                    "创新政府采购合同融资政策，中标企业凭合同即可向合作银行申请贷款。",
                    "出台支持企业发行债券的专项政策，对发行费用给予{a}%补贴。",
                ],
                subheads: &["创新财政金融联动", "推行白名单制度"],
                thin: &["我市在政策创新方面进行了探索。"],
            },
            SectionText {
                id: "innovation.platform",
                titles: &["产融合作平台建设", "搭建产融对接平台", "建设产融服务平台", "平台建设情况"],
                sentences: &[
                    "建成“{platform}”，集成政策发布、融资需求发布、产品超市、信用评价等功能，入驻金融机构{a}家。",
                    "依托“{platform}”与国家产融合作平台实现数据对接，推送企业融资需求{c}笔。",
                    "平台上线以来[累计|共计|合计]注册企业{c}家，促成融资{b}亿元，平均放款时间缩短至{d}个工作日。",
                    "在重点园区设立产融服务站{a}个，为企业提供融资咨询、需求诊断等线下服务。",
                    "[推动|引导|鼓励]平台接入电力、税务、公积金等公共数据，[形成|构建]企业画像，为线上授信提供支撑。",
                    "平台设置“政策计算器”功能，企业输入基本信息即可匹配适用的扶持政策。",
                    "组织金融机构在平台集中发布专属产品{a}款，实现“一站式”比选。",
                    "平台与不动产登记系统联通，抵押登记办理时间压缩至{d}个工作日。",
                ],
                subheads: &["建设线上平台", "设立线下服务站"],
                thin: &["我市建设了产融对接平台。"],
            },
            SectionText {
                id: "innovation.products",
                titles: &["金融产品服务创新", "创新金融产品和服务", "推动金融产品创新", "金融服务创新"],
                sentences: &[
                    "引导{bank}、{bank}等机构推出“{product}”“{product}”等特色产品{a}款，[累计|共计|合计]投放{b}亿元。",
                    "[推动|引导|鼓励]{bank}设立科技支行、制造业专营支行{a}家，实行单独考核、单独授信。",
                    "发展供应链金融，依托{ind2}龙头企业开展应收账款融资，[累计|共计|合计]服务上下游企业{c}家。",
                    "推广知识产权质押融资，2023年知识产权质押融资金额{v:ip_pledge_financing}亿元。",
                    "开展“首贷续贷”专项服务，设立首贷续贷服务中心，[累计|共计|合计]帮助企业获得首贷{b}亿元。",
                    "[推动|引导|鼓励]融资租赁公司开展设备直租业务，支持企业技术改造，[累计|共计|合计]投放{b}亿元。",
                ],
                subheads: &["推出特色信贷产品", "发展供应链金融", "推广知识产权质押融资"],
                thin: &["金融机构推出了一些新产品。"],
            },
        ],
    },
    Group {
        titles: &["试点总体成效", "试点工作成效", "试点取得的主要成效"],
        sections: &[
            SectionText {
                id: "results.chain_resilience",
                titles: &["提升产业链供应链韧性和安全水平", "产业链供应链韧性持续增强", "增强产业链供应链韧性"],
                sentences: &[
                    "聚焦{ind}产业链薄弱环节，支持链主企业开展补链强链，新增配套企业{c}家。",
                    "对产业链关键环节企业实行融资“一企一策”，有效防范断链风险。",
                    "{ind2}产业本地配套率提升至{p}%，产业链韧性和安全水平[明显|显著]提升。",
                    "支持链主企业牵头组建产业链上下游协作联盟，带动中小企业融入龙头企业配套体系。",
                    "[建立|构建]重点产业链运行监测机制，及时化解原材料、物流等环节的堵点卡点。",
                    "围绕{ind3}等产业链组织“链主+配套”融资对接专场{a}场，稳定了上下游合作关系。",
                    "重点产业链关键零部件本地化配套能力[明显|显著]增强，外部冲击下产能保持稳定。",
                    "对受原材料价格波动影响的配套企业实施延期还本付息，帮助企业渡过难关。",
                    "推动物流、仓储等环节企业获得中长期贷款，产业链运行更加平稳。",
                ],
                subheads: &["支持补链强链", "防范断链风险"],
                thin: &["产业链韧性有所增强。"],
            },
            SectionText {
                id: "results.innovation_capacity",
                titles: &["提升产业创新能力", "产业创新能力明显提升", "企业创新能力持续增强"],
                sentences: &[
                    "全社会研发投入强度达到{p}%，较试点前提高{d}个百分点。",
                    "高新技术企业数量达到{v:high_tech_firms}家，专精特新中小企业达到{v:specialized_smes}家。",
                    "新建国家级、省级企业技术中心和创新平台{a}个，每万人发明专利拥有量显著增长。",
                    "支持企业承担国家重点研发计划项目{a}项，突破一批关键核心技术。",
                    "科技型企业贷款余额较试点前增长{p}%，为企业研发创新提供了[有力|坚实]支撑。",
                    "建设概念验证中心和中试基地{d}个，加速科技成果转化。",
                    "企业研发费用加计扣除政策应享尽享，惠及企业{c}家。",
                    "产学研合作项目[明显|显著]增加，高校院所科技成果在本地转化数量增长{p}%。",
                    "首台（套）重大技术装备、首批次新材料推广应用取得突破，累计认定{a}项。",
                ],
                subheads: &["研发投入持续增长", "创新主体不断壮大"],
                thin: &["企业创新能力有所提升。"],
            },
            SectionText {
                id: "results.structure_upgrade",
                titles: &["推动产业结构优化升级", "产业结构加快优化升级", "促进产业结构优化"],
                sentences: &[
                    "{ind}、{ind3}等新兴产业产值年均增长{p}%，占规模以上工业比重[持续|不断]提高。",
                    "实施技术改造项目{c}个，带动传统产业向高端化方向迈进。",
                    "战略性新兴产业增加值占规模以上工业增加值比重达到{p}%。",
                    "[推动|引导|鼓励]{a}个传统产业集群转型升级，培育[形成|构建]{d}个千亿级产业集群。",
                    "淘汰落后产能和低效企业{a}家，腾出发展空间用于先进制造业项目。",
                    "{ind2}产业向价值链中高端攀升，高附加值产品占比提高{d}个百分点。",
                    "先进制造业和现代服务业融合发展试点企业达到{a}家。",
                    "新建亿元以上工业项目{c}个，产业投资结构持续改善。",
                ],
                subheads: &["新兴产业加快壮大", "传统产业改造提升"],
                thin: &["产业结构有所优化。"],
            },
            SectionText {
                id: "results.digital_real",
                titles: &["推动数字技术与实体经济深度融合", "数实融合不断深化", "促进数字技术与实体经济融合"],
                sentences: &[
                    "[累计|共计|合计]建成智能工厂和数字化车间{a}个，规模以上工业企业数字化改造覆盖率达到{p}%。",
                    "培育工业互联网平台{a}个，连接工业设备{c}万台（套）。",
                    "[推动|引导|鼓励]{c}家中小企业“上云用数赋智”，数字化转型成效[明显|显著]。",
                    "金融机构推出数字化转型专项贷款，支持企业开展智能化改造，[累计|共计|合计]投放{b}亿元。",
                    "建成5G基站{c}个，重点园区实现千兆网络全覆盖。",
                    "打造数字化转型标杆企业{a}家，形成可推广的行业解决方案{d}套。",
                    "推动{ind}行业龙头企业建设数字孪生工厂，生产效率提升{p}%。",
                    "开展中小企业数字化转型城市试点，发放数字化改造券{b}万元。",
                ],
                subheads: &["建设智能工厂", "发展工业互联网"],
                thin: &["数字化转型取得一定进展。"],
            },
            SectionText {
                id: "results.green",
                titles: &["推动工业绿色发展", "工业绿色低碳转型成效明显", "推进工业绿色低碳发展"],
                sentences: &[
                    "绿色信贷[重点支持|主要用于支持|优先支持]节能降碳和清洁生产改造项目，绿色贷款余额达到{v:green_loans}亿元。",
                    "创建国家级绿色工厂{a}家、绿色园区{d}个，绿色制造体系不断完善。",
                    "规模以上工业单位增加值能耗较试点前下降{p}%。",
                    "[推动|引导|鼓励]金融机构发行碳减排挂钩贷款，支持企业实施节能改造项目{a}个。",
                    "推广合同能源管理模式，支持企业开展余热余压利用和光伏发电项目。",
                    "建立绿色项目库，入库项目{c}个，金融机构优先给予信贷支持。",
                    "{ind3}行业完成清洁生产审核企业{a}家，主要污染物排放强度持续下降。",
                    "开展工业领域碳达峰行动，重点行业能效标杆水平以上产能占比达到{p}%。",
                ],
                subheads: &["发展绿色信贷", "建设绿色制造体系"],
                thin: &["工业绿色发展取得成效。"],
            },
        ],
    },
    Group {
        titles: &["典型经验", "典型经验做法", "经验总结与推广"],
        sections: &[
            SectionText {
                id: "experience.distilled",
                titles: &["典型经验总结", "主要经验做法", "形成的典型经验"],
                sentences: &[
                    "试点工作形成了可复制、可推广的经验做法。",
                    "坚持政府引导与市场主导相结合，充分发挥财政资金的杠杆作用。",
                    "坚持问题导向，聚焦企业融资的痛点堵点精准施策。",
                    "坚持系统思维，统筹运用财政、金融、产业政策工具。",
                    "坚持数据赋能，以信用信息共享破解银企信息不对称。",
                    "坚持协同联动，形成部门、银行、企业同向发力的工作格局。",
                ],
                subheads: &[],
                thin: &["我市形成了一些经验做法。"],
            },
            SectionText {
                id: "experience.promotion",
                titles: &["经验报送推广情况", "宣传推广情况", "经验复制推广"],
                sentences: &[
                    "[试点以来|开展试点以来]向工业和信息化部、省工业和信息化厅报送经验材料{a}篇，其中{d}篇被有关部门刊发推广。",
                    "在全省产融合作现场会上作经验交流发言，相关做法被{d}个兄弟城市学习借鉴。",
                    "通过政务信息、新闻媒体等渠道宣传推广试点经验，相关报道{a}篇。",
                    "编印产融合作典型案例汇编，组织金融机构和企业开展经验分享活动{a}场。",
                    "经验做法在国家产融合作平台“典型案例”专栏展示，浏览量超过{c}次。",
                    "接待兄弟城市考察交流{a}批次，介绍试点工作做法。",
                    "组织编写试点工作简报{a}期，报送市委、市政府和上级主管部门。",
                ],
                subheads: &[],
                thin: &["我市积极推广试点经验。"],
            },
        ],
    },
];

pub const IMPLEMENTATION_PLAN: &[Group] = &[
    Group {
        titles: &["产融合作基础", "试点工作基础", "发展基础"],
        sections: &[
            SectionText {
                id: "foundation.industry",
                titles: &["产业发展基础", "产业基础", "制造业发展基础"],
                sentences: &[
                    "{city}制造业基础雄厚，已[形成|构建]{ind}、{ind2}、{ind3}等特色优势产业集群。",
                    "[全市|我市]拥有规模以上工业企业{v:industrial_firms}家，其中产值超百亿元企业{a}家。",
                    "{ind}产业集群入选国家先进制造业集群，产业链上下游企业超过{c}家。",
                    "坚持高端化、智能化、绿色化发展方向，[持续|不断]推进制造业转型升级。",
                    "实施企业梯度培育行动，构建创新型中小企业、专精特新企业、单项冠军企业梯度培育体系。",
                    "2023年全市工业投资增长{p}%，重大产业项目储备充足。",
                    "拥有国家级专精特新“小巨人”企业{a}家、制造业单项冠军企业{d}家。",
                    "{ind2}产业规模位居全省前列，龙头带动效应明显。",
                    "建有国家级经济技术开发区、高新技术产业开发区{d}个，产业承载能力较强。",
                ],
                subheads: &[],
                thin: &["我市具有较好的产业基础。"],
            },
            SectionText {
                id: "foundation.finance",
                titles: &["金融发展基础", "金融服务基础", "金融支持基础"],
                sentences: &[
                    "[全市|我市]共有银行业金融机构{a}家、证券期货机构{a}家、保险机构{a}家，金融体系较为完备。",
                    "制造业贷款余额保持较快增长，金融支持实体经济的能力[持续|不断]增强。",
                    "[全市|我市]境内外上市公司达到{v:listed_companies}家，资本市场“{short}板块”初具规模。",
                    "政府性融资担保体系基本建立，担保费率降至{d}%以下。",
                    "地方法人金融机构经营稳健，资本充足率保持在合理水平。",
                    "[全市|我市]已形成银行、证券、保险、担保、创投等多元金融服务体系。",
                    "金融机构制造业贷款投放意愿持续增强，信用贷款占比逐年提升。",
                    "区域性股权市场{short}板块挂牌企业{c}家，多层次资本市场体系逐步完善。",
                ],
                subheads: &[],
                thin: &["我市金融业有一定基础。"],
            },
        ],
    },
    Group {
        titles: &["总体思路", "总体要求", "指导思想和基本原则"],
        sections: &[
            SectionText {
                id: "approach",
                titles: &[],
                sentences: &[
                    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于金融服务实体经济的决策部署。",
                    "坚持政府引导、市场运作、产融互促、风险可控的原则，[推动|引导|鼓励]产业与金融良性循环。",
                    "以服务制造业高质量发展为主线，以产融合作平台建设为抓手，着力破解企业融资难题。",
                    "聚焦{ind}、{ind2}等重点产业链，打造产融合作示范高地。",
                    "完整、准确、全面贯彻新发展理念，[服务|融入]新发展格局，[推动|促进]金融资源更多流向制造业。",
                    "坚持问题导向，聚焦企业全生命周期融资需求，构建多层次产融合作服务体系。",
                    "坚持改革创新，探索产融合作新模式、新机制，形成可复制可推广的经验。",
                    "坚持统筹发展和安全，[守住|牢牢守住]不发生系统性金融风险的底线。",
                    "[以|坚持以]制造业高质量发展为导向，推动产业链、创新链、资金链深度融合。",
                ],
                subheads: &[],
                thin: &["坚持产融互促。"],
            },
        ],
    },
    Group {
        titles: &["试点目标", "发展目标", "主要目标"],
        sections: &[
            SectionText {
                id: "targets",
                titles: &[],
                sentences: &[],
                subheads: &[],
                thin: &["力争取得明显成效。"],
            },
        ],
    },
    Group {
        titles: &["重点任务", "主要任务", "重点工作"],
        sections: &[
            SectionText {
                id: "tasks",
                titles: &[],
                sentences: &[
                    "实施“一链一策一批”行动，围绕{ind}等重点产业链[建立|构建]链主企业和配套企业融资服务清单。",
                    "[推动|引导|鼓励]金融机构开发“{product}”等专属产品，扩大制造业中长期贷款和信用贷款投放。",
                    "升级“{platform}”，[推动|引导|鼓励]与国家产融合作平台深度对接，实现融资需求线上直达。",
                    "实施上市后备企业培育工程，[建立|构建]上市后备企业库，力争每年新增上市企业{d}家。",
                    "健全知识产权质押融资服务体系，扩大风险补偿资金池规模。",
                    "发挥{fund}引导作用，带动社会资本投向战略性新兴产业。",
                    "依托核心企业发展供应链金融，推广应收账款、订单、仓单融资。",
                    "完善首贷续贷服务中心功能，提高中小企业首贷获得率。",
                    "建立重点产业链融资需求清单，按月向金融机构推送，实行“一企一策”精准服务。",
                    "引导银行机构单列制造业信贷计划，提高制造业贷款在新增贷款中的比重。",
                    "支持符合条件的企业发行公司债、科创债等债券产品，拓宽直接融资渠道。",
                    "探索“投贷联动”“保贷联动”等模式，为初创期科技企业提供综合金融服务。",
                    "推动融资担保机构扩大制造业担保规模，降低担保费率。",
                    "健全企业信用评价体系，推动涉企信用信息在平台归集共享。",
                    "组织“金融服务进园区”系列活动，每年开展银企对接活动不少于{a}场。",
                    "建立重点项目融资协调机制，对重大产业项目实行“一项目一方案”。",
                ],
                subheads: &[
                    "构建产业链金融服务体系",
                    "建设产融合作服务平台",
                    "创新金融产品和服务",
                    "拓宽直接融资渠道",
                    "完善风险分担机制",
                ],
                thin: &["推进各项重点任务。"],
            },
        ],
    },
    Group {
        titles: &["保障措施", "组织实施和保障措施", "工作保障"],
        sections: &[
            SectionText {
                id: "guarantees.organization",
                titles: &["组织保障", "加强组织领导", "健全组织体系"],
                sentences: &[
                    "成立由市长任组长、分管副市长任副组长的试点工作领导小组，统筹推进试点各项工作。",
                    "领导小组办公室设在市工业和信息化局，负责日常协调和督促落实。",
                    "各成员单位明确分管领导和联络员，[形成|构建]上下联动、齐抓共管的工作格局。",
                    "建立试点工作例会制度，定期研究解决重大问题。",
                    "将试点任务纳入各成员单位年度目标责任考核。",
                    "加强市、区两级联动，各区（县、市）相应成立工作专班。",
                    "建立专家咨询机制，为试点工作提供智力支持。",
                ],
                subheads: &[],
                thin: &["加强组织领导。"],
            },
            SectionText {
                id: "guarantees.policy",
                titles: &["政策保障", "强化政策支持", "完善政策体系"],
                sentences: &[
                    "制定出台支持产融合作试点的专项政策，在贷款贴息、担保费补助、上市奖励等方面给予支持。",
                    "加强产业政策与金融政策协同，用好再贷款、再贴现等货币政策工具。",
                    "建立政策评估调整机制，确保各项政策落地见效。",
                    "对试点期间新出台的涉企政策开展产融合作影响评估。",
                    "争取国家和省级政策在我市先行先试。",
                    "完善金融机构服务制造业激励约束机制，将考核结果与政府性资金存放挂钩。",
                    "落实好首贷、信用贷、中长期贷款等各项激励政策。",
                ],
                subheads: &[],
                thin: &["完善相关政策。"],
            },
            SectionText {
                id: "guarantees.funding",
                titles: &["资金保障", "加大资金投入", "强化资金保障"],
                sentences: &[
                    "市财政每年安排不少于{b}亿元产融合作专项资金，用于贷款贴息、风险补偿和平台建设。",
                    "统筹用好中央和省级专项资金，确保试点任务资金需求。",
                    "建立专项资金绩效评价制度，提高资金使用效益。",
                    "整合现有产业发展资金，集中支持产融合作重点项目。",
                    "发挥政府引导基金作用，吸引社会资本共同设立产业子基金。",
                    "财政资金优先保障风险补偿、融资担保等试点重点任务。",
                    "探索财政资金“拨改投”“拨改贷”等使用方式，放大资金效应。",
                ],
                subheads: &[],
                thin: &["加大资金投入。"],
            },
        ],
    },
    Group {
        titles: &["实施步骤", "进度安排", "实施步骤和进度安排"],
        sections: &[SectionText {
            id: "schedule",
            titles: &[],
            sentences: &[],
            subheads: &[],
            thin: &["按计划分步实施。"],
        }],
    },
];

/// The notice itself, quoted by nearly every report: boilerplate that copy detection must ignore.
pub const NOTICE_QUOTE: &str = "根据《工业和信息化部办公厅 财政部办公厅 中国人民银行办公厅 金融监管总局办公厅 中国证监会办公厅关于组织开展国家产融合作试点城市评估和第三批试点城市申报工作的通知》（工信厅联财函〔2023〕381号）要求，";

/// A practice cities describe in their typical experiences. Several cities share one theme; a
/// `unique` one belongs to a single city and must rank novel.
pub struct Practice {
    pub id: &'static str,
    pub name: &'static str,
    pub unique: bool,
    pub descriptions: &'static [&'static str],
}

pub const PRACTICES: &[Practice] = &[
    Practice {
        id: "ip_pledge_pool",
        name: "知识产权质押融资风险补偿资金池",
        unique: false,
        descriptions: &[
            "设立知识产权质押融资风险补偿资金池，对合作银行发生的知识产权质押贷款损失按{a}%给予补偿，撬动银行发放专利权质押贷款{b}亿元。",
            "由市财政出资设立风险补偿资金池，专门分担知识产权质押融资风险，合作银行据此放大信贷投放，[累计|共计|合计]支持轻资产科技企业{c}家。",
            "[建立|构建]“专利评估+质押登记+风险补偿”的知识产权质押融资模式，风险补偿资金池规模达到{v:risk_compensation_pool}亿元。",
        ],
    },
    Practice {
        id: "supply_chain_finance",
        name: "核心企业供应链金融",
        unique: false,
        descriptions: &[
            "依托链主核心企业信用，[推动|引导|鼓励]银行为上游配套中小企业开展应收账款质押和订单融资，[累计|共计|合计]融资{b}亿元。",
            "搭建供应链金融服务平台，核心企业确权后配套企业可在线获得融资，平均融资成本下降{d}个百分点。",
            "推广“核心企业+配套企业+金融机构”的供应链金融模式，带动产业链上下游{c}家企业获得信贷支持。",
        ],
    },
    Practice {
        id: "whitelist",
        name: "重点企业融资白名单",
        unique: false,
        descriptions: &[
            "[建立|构建]重点制造业企业融资白名单，由工信部门按季度推送，银行对名单内企业开辟绿色通道，[累计|共计|合计]授信{b}亿元。",
            "实行“白名单”推送机制，将技术先进、成长性好的制造业企业名单推送给金融机构优先支持，名单企业获贷率超过{p}%。",
        ],
    },
    Practice {
        id: "listing_pipeline",
        name: "上市后备企业梯度培育",
        unique: false,
        descriptions: &[
            "实施上市后备企业梯度培育计划，[建立|构建]“入库一批、股改一批、辅导一批、申报一批、上市一批”工作链条，[试点以来|开展试点以来]新增上市企业{a}家。",
            "[建立|构建]上市后备企业资源库，入库企业{c}家，对股改、辅导、申报各环节给予分阶段奖励，[推动|引导|鼓励]企业登陆资本市场。",
        ],
    },
    Practice {
        id: "data_asset_pledge",
        name: "数据资产质押融资",
        unique: true,
        descriptions: &[
            "在全国较早探索数据资产入表和数据资产质押融资，[推动|引导|鼓励]数据交易机构出具数据资产评估报告，银行据此为{d}家软件企业发放数据资产质押贷款{a}千万元。",
        ],
    },
    Practice {
        id: "carbon_account_credit",
        name: "企业碳账户挂钩信贷",
        unique: true,
        descriptions: &[
            "[建立|构建]工业企业碳账户，按碳效等级实行差异化授信定价，碳效优良企业贷款利率最多下浮{d}0个基点。",
        ],
    },
];

/// The text of a section by id.
pub fn section_text(outline: &'static [Group], id: &str) -> &'static SectionText {
    outline
        .iter()
        .flat_map(|g| g.sections.iter())
        .find(|s| s.id == id)
        .expect("section id is in the outline")
}

/// Lead sentences that open each report, mentioning the notice.
pub fn opening(ctx: &Ctx, evaluation: bool, rng: &mut Rng) -> String {
    let tail = if evaluation {
        rng.pick(&[
            "现将{city}国家产融合作试点工作开展情况报告如下。",
            "我市对[试点以来|开展试点以来]的工作进行了全面自评，现将有关情况报告如下。",
            "{city}认真组织开展自评工作，形成本报告。",
        ])
    } else {
        rng.pick(&[
            "为做好第三批国家产融合作试点城市申报工作，结合{city}实际，制定本方案。",
            "{city}申报国家产融合作试点城市，特制定本实施方案。",
        ])
    };
    format!("{NOTICE_QUOTE}{}", fill(tail, ctx, rng))
}

/// The five financial fields and one sentence each. Only these sentences name a field.
pub const FINANCE_FIELDS: &[(&str, &str, &[&str])] = &[
    ("technology", "科技金融", &[
        "科技金融方面，设立科技支行{a}家，科技型企业贷款余额增长{p}%。",
        "大力发展科技金融，“投贷联动”支持科技型中小企业{c}家。",
    ]),
    ("green", "绿色金融", &[
        "绿色金融方面，绿色贷款余额达到{b}亿元，支持节能降碳项目{a}个。",
        "积极发展绿色金融，推动发行绿色债券{d}只。",
    ]),
    ("inclusive", "普惠金融", &[
        "普惠金融方面，普惠小微贷款余额增长{p}%，小微企业综合融资成本[持续|不断]下降。",
        "深化普惠金融服务，首贷户数量增长{p}%。",
    ]),
    ("pension", "养老金融", &[
        "养老金融方面，[推动|引导|鼓励]银行保险机构开发养老储蓄、商业养老保险等产品，支持养老产业企业融资{b}亿元。",
        "稳步发展养老金融，支持康养装备制造企业获得贷款{b}亿元。",
    ]),
    ("digital", "数字金融", &[
        "数字金融方面，[推动|引导|鼓励]金融机构运用大数据开展线上信用贷款，线上放款{b}亿元。",
        "加快发展数字金融，推广“线上申请、自动审批”的数字信贷产品。",
    ]),
];

/// The statement that no risk event happened in the last three years, whole or per kind.
pub const RISK_COMBINED: &[&str] = &[
    "近三年来，{city}未发生Ⅱ级及以上突发环境污染事件、重大及特别重大生产安全事故和重大金融风险事件。",
    "2021年以来，我市未发生Ⅱ级及以上突发环境事件，未发生重大及以上生产安全事故，未发生重大金融风险事件。",
    "经核查，近3年我市均未发生II级及以上突发环境污染事件、重大及特别重大生产安全事故以及重大金融风险事件。",
];

/// Per kind: sentences stating absence.
pub const RISK_SINGLE: &[(&str, &[&str])] = &[
    (
        "environment",
        &[
            "近三年全市未发生较大及以上突发环境事件。",
            "2021—2023年，我市没有发生二级及以上突发环境污染事件。",
        ],
    ),
    (
        "safety",
        &[
            "近3年无重大及特别重大生产安全事故发生。",
            "2021年以来全市未发生重大及以上生产安全事故。",
        ],
    ),
    (
        "financial",
        &[
            "近三年辖区内不存在重大金融风险事件。",
            "2021年以来我市未发生重大金融风险事件，金融生态环境良好。",
        ],
    ),
];

/// A plan, not a record: must not count as a statement of absence.
pub const RISK_PLAN_ONLY: &[(&str, &str)] = &[
    ("environment", "试点期间力争不发生较大及以上突发环境事件。"),
    ("safety", "试点期间要坚决遏制重大生产安全事故发生。"),
    (
        "financial",
        "守住不发生系统性区域性金融风险的底线，力争不发生重大金融风险事件。",
    ),
];
