//! Chinese administrative names (provinces, prefecture cities, county-level 市/区/县) for inferring a
//! submission's city and province from its folder, file names and documents. Data: data/regions.tsv
//! (cpca's adcodes); a county's parent city comes from its adcode (320506 吴中区 → 320500 苏州市).
//!
//! A submitter may be a prefecture city (苏州市), a county-level city (江阴市), or a district written
//! with its parent (苏州市吴中区, 上海市浦东新区) — the notice's “城市（区）”.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Province,
    City,
    County,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub name: String,
    pub province: String,
    pub level: Level,
    /// For a county-level region: the prefecture city above it, or the municipality.
    pub parent: Option<String>,
}

/// The five cities specifically designated in the state plan (计划单列市): quota 1.
pub const SEPARATELY_LISTED: &[&str] = &["大连市", "青岛市", "宁波市", "厦门市", "深圳市"];
/// The four municipalities, which are both province and city.
pub const MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];
pub const CORPS: &str = "新疆生产建设兵团";

/// The provincial-level divisions in the order of GB/T 2260 (the order of official tables), the
/// Corps last.
pub const PROVINCES_IN_ORDER: &[&str] = &[
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "新疆生产建设兵团",
];

/// Where a province sorts in official tables (`PROVINCES_IN_ORDER`; an unknown name after all).
pub fn province_rank(name: &str) -> usize {
    PROVINCES_IN_ORDER
        .iter()
        .position(|p| *p == name)
        .unwrap_or(PROVINCES_IN_ORDER.len())
}
/// Cities administered by the Corps (师市合一): their submissions go through the Corps, not the
/// autonomous region.
pub const CORPS_CITIES: &[&str] = &[
    "石河子市",
    "阿拉尔市",
    "图木舒克市",
    "五家渠市",
    "北屯市",
    "铁门关市",
    "双河市",
    "可克达拉市",
    "昆玉市",
    "胡杨河市",
    "新星市",
    "白杨市",
];

struct Gazetteer {
    by_name: HashMap<String, Vec<Region>>,
    /// Prefecture cities and provinces by their short names (杭州, 深圳, 甘肃, 内蒙古).
    by_short: HashMap<String, String>,
    max_chars: usize,
}

/// A region's name without its 市/省/自治区 (杭州市 → 杭州, 广西壮族自治区 → 广西); `None` when that
/// leaves fewer than two characters.
fn short_name(name: &str) -> Option<&str> {
    let s = [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "省",
        "市",
    ]
    .iter()
    .find_map(|e| name.strip_suffix(e))?;
    (s.chars().count() >= 2).then_some(s)
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let rows: Vec<Vec<&str>> = include_str!("../../data/regions.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f.len() >= 4)
            .collect();
        let by_code: HashMap<&str, &str> = rows.iter().map(|f| (f[0], f[1])).collect();
        let mut by_name: HashMap<String, Vec<Region>> = HashMap::new();
        for f in &rows {
            let level = match f[3] {
                "province" => Level::Province,
                "city" => Level::City,
                _ => Level::County,
            };
            let parent = (level == Level::County).then(|| {
                let code = f[0];
                let city = format!(
                    "{}00{}",
                    &code[..4.min(code.len())],
                    &code[6.min(code.len())..]
                );
                by_code
                    .get(city.as_str())
                    .map_or(f[2].to_owned(), |c| c.to_string())
            });
            by_name.entry(f[1].to_owned()).or_default().push(Region {
                name: f[1].to_owned(),
                province: f[2].to_owned(),
                level,
                parent,
            });
        }
        let max_chars = by_name.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        let by_short = by_name
            .values()
            .flatten()
            .filter(|r| r.level != Level::County)
            .filter_map(|r| short_name(&r.name).map(|s| (s.to_owned(), r.name.clone())))
            .collect();
        Gazetteer {
            by_name,
            by_short,
            max_chars,
        }
    })
}

/// A city (or district) and its province found in a text. `city` is the submitter's name as the
/// notice lists it: 苏州市, 江阴市, 北京市朝阳区, 苏州市吴中区. `parent` is the city a county-level city
/// or district belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub city: String,
    pub province: String,
    pub parent: Option<String>,
}

impl Place {
    /// Whether this place lies within `other` (吴中区 in 苏州市, 江阴市 in 无锡市, 璧山区 in 重庆市).
    pub fn within(&self, other: &Place) -> bool {
        self.city != other.city
            && (self.city.starts_with(&other.city) || self.parent.as_deref() == Some(&other.city))
    }
}

/// What a text says of where it comes from, for telling apart names that several places share
/// (朝阳区 in 北京市 and 长春市, 鼓楼区 in four cities).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub city: Option<String>,
    pub province: Option<String>,
}

/// Finds the first place a text names. A municipality or city followed by one of its districts
/// gives the district ("上海市浦东新区", "苏州市吴中区"); a province followed by a city gives that city;
/// a county-level 市 or a district named alone is taken when the name is unambiguous, or when the
/// context tells which one is meant. Places inside 《……》 and in "关于同意……的通知" name other
/// documents' subjects and are skipped.
pub fn find_place(text: &str) -> Option<Place> {
    find_place_in(text, &Context::default())
}

pub fn find_place_in(text: &str, ctx: &Context) -> Option<Place> {
    let g = gazetteer();
    let text = without_citations(text);
    if let Some(at) = text.find(CORPS) {
        // "新疆生产建设兵团第八师石河子市": the first place named after the Corps, else the Corps itself.
        let rest: Vec<char> = text[at + CORPS.len()..].chars().collect();
        let city = (0..rest.len())
            .find_map(|i| {
                longest_at(&rest, i, g)
                    .and_then(|(_, r)| r.iter().find(|x| x.level != Level::Province))
                    .map(|r| r.name.clone())
            })
            .unwrap_or_else(|| CORPS.to_owned());
        return Some(Place {
            city,
            province: CORPS.to_owned(),
            parent: None,
        });
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let Some((len, regions)) = longest_at(&chars, i, g) else {
            i += 1;
            continue;
        };
        let first = &regions[0];
        let next = i + len;
        match first.level {
            Level::Province if MUNICIPALITIES.contains(&first.name.as_str()) => {
                return Some(
                    district_after(&chars, next, g, &first.name).unwrap_or(Place {
                        city: first.name.clone(),
                        province: first.name.clone(),
                        parent: None,
                    }),
                );
            }
            Level::Province => {
                if let Some(c) = region_at(&chars, next, g, |r| {
                    r.province == first.name && r.level != Level::Province
                }) {
                    let after = next + c.name.chars().count();
                    return Some(place_of(&chars, after, g, &c));
                }
            }
            Level::City => return Some(place_of(&chars, next, g, first)),
            Level::County => {
                let fits = |ctx: &Context| -> Vec<&Region> {
                    regions
                        .iter()
                        .filter(|r| {
                            ctx.city
                                .as_deref()
                                .is_none_or(|c| r.parent.as_deref() == Some(c) || r.province == c)
                                && ctx
                                    .province
                                    .as_deref()
                                    .is_none_or(|p| province_for(&r.name, &r.province) == p)
                        })
                        .collect()
                };
                let mut candidates = fits(ctx);
                if candidates.len() > 1 {
                    // "南山区是深圳市科技创新中心区": a city named later in the text tells which.
                    if let Some(later) = later_city(&chars, next, g) {
                        let told = Context {
                            city: Some(later),
                            province: ctx.province.clone(),
                        };
                        candidates = fits(&told);
                    }
                }
                if let [only] = candidates.as_slice() {
                    return Some(county_place(only));
                }
            }
        }
        i += len;
    }
    None
}

/// The province a text names, if any (a folder "浙江-08", "广东省-05"), for context.
pub fn find_province(text: &str) -> Option<String> {
    let g = gazetteer();
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .find_map(|i| {
            let (_, regions) = longest_at(&chars, i, g)?;
            regions
                .iter()
                .find(|r| r.level == Level::Province)
                .map(|r| r.name.clone())
        })
        .or_else(|| text.contains("兵团").then(|| CORPS.to_owned()))
        .or_else(|| {
            // Provinces are often written without 省: 浙江, 福建, 内蒙古.
            g.by_name
                .values()
                .flatten()
                .filter(|r| r.level == Level::Province)
                .find(|r| {
                    let short = r
                        .name
                        .trim_end_matches("省")
                        .trim_end_matches("维吾尔自治区")
                        .trim_end_matches("壮族自治区")
                        .trim_end_matches("回族自治区")
                        .trim_end_matches("自治区")
                        .trim_end_matches("市");
                    short.chars().count() >= 2 && text.contains(short)
                })
                .map(|r| r.name.clone())
        })
}

/// The first prefecture city or municipality named from `from` on.
fn later_city(chars: &[char], from: usize, g: &Gazetteer) -> Option<String> {
    (from..chars.len()).find_map(|i| {
        let (_, regions) = longest_at(chars, i, g)?;
        regions
            .iter()
            .find(|r| {
                r.level == Level::City
                    || r.level == Level::Province && MUNICIPALITIES.contains(&r.name.as_str())
            })
            .map(|r| r.name.clone())
    })
}

/// A city a folder names in short ("深圳-南山", "北京-朝阳"): a token that is a city without its 市.
pub fn city_in_folder_name(name: &str) -> Option<Place> {
    let g = gazetteer();
    name.split(|c: char| !crate::document::text::is_han(c))
        .filter(|t| (2..=4).contains(&t.chars().count()))
        // "吉林" is the province before it is the city.
        .filter(|t| !g.by_name.contains_key(&format!("{t}省")))
        .find_map(|t| {
            let full = format!("{t}市");
            let r = g.by_name.get(&full)?.iter().find(|r| {
                r.level == Level::City
                    || r.level == Level::Province && MUNICIPALITIES.contains(&r.name.as_str())
            })?;
            Some(Place {
                city: r.name.clone(),
                province: r.province.clone(),
                parent: None,
            })
        })
}

/// The place of a city, or of one of its districts written right after it.
fn place_of(chars: &[char], after: usize, g: &Gazetteer, city: &Region) -> Place {
    if city.level == Level::County {
        return county_place(city);
    }
    district_after(chars, after, g, &city.name).unwrap_or(Place {
        city: city.name.clone(),
        province: province_for(&city.name, &city.province),
        parent: None,
    })
}

/// "吴中区" right after "苏州市": the district, written with its parent.
fn district_after(chars: &[char], at: usize, g: &Gazetteer, parent: &str) -> Option<Place> {
    region_at(chars, at, g, |r| {
        r.level == Level::County && r.parent.as_deref() == Some(parent)
    })
    .map(|d| county_place(&d))
}

/// A county-level region as a submitter: a county-level 市 by its own name, a district or county
/// with its parent ("重庆市璧山区").
fn county_place(r: &Region) -> Place {
    let city = if r.name.ends_with('市') {
        r.name.clone()
    } else {
        format!("{}{}", r.parent.clone().unwrap_or_default(), r.name)
    };
    Place {
        province: province_for(&r.name, &r.province),
        city,
        parent: r.parent.clone(),
    }
}

/// The Corps for its cities, else the province.
fn province_for(city: &str, province: &str) -> String {
    if CORPS_CITIES.contains(&city) {
        CORPS.to_owned()
    } else {
        province.to_owned()
    }
}

/// The text with cited titles and approvals blanked: 《关于同意北京市朝阳区等51个城市（区）……》,
/// "关于同意……的通知" name other places than the submitter.
fn without_citations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => out.push('□'),
            _ => out.push(c),
        }
    }
    while let Some(at) = out.find("关于同意") {
        let end = out[at..]
            .find("的通知")
            .map_or(out.len(), |e| at + e + "的通知".len());
        let blank = "□".repeat(out[at..end].chars().count());
        out.replace_range(at..end, &blank);
    }
    out
}

fn longest_at<'g>(chars: &[char], i: usize, g: &'g Gazetteer) -> Option<(usize, &'g Vec<Region>)> {
    (2..=g.max_chars.min(chars.len() - i))
        .rev()
        .find_map(|len| {
            let s: String = chars[i..i + len].iter().collect();
            g.by_name.get(&s).map(|r| (len, r))
        })
}

/// The region named right at `at` that `fits`.
fn region_at(
    chars: &[char],
    at: usize,
    g: &Gazetteer,
    fits: impl Fn(&Region) -> bool,
) -> Option<Region> {
    if at >= chars.len() {
        return None;
    }
    longest_at(chars, at, g).and_then(|(_, r)| r.iter().find(|x| fits(x)).cloned())
}

/// The province, prefecture city or county a text ends with, by its full name or (for provinces
/// and cities) its short one: "考察学习了杭州" → 杭州市, "与湖州、衢州" → 衢州市. For telling another place's
/// practice ("杭州数字金融") from the city's own.
pub fn place_ending(text: &str) -> Option<String> {
    place_ending_with_len(text).map(|(p, _)| p)
}

/// How many bytes of `text`'s end name `place` (its full or short name); 0 when it does not.
pub fn ending_len(text: &str, place: &str) -> usize {
    place_ending_with_len(text)
        .filter(|(p, _)| p == place)
        .map_or(0, |(_, n)| n)
}

fn place_ending_with_len(text: &str) -> Option<(String, usize)> {
    let g = gazetteer();
    let chars: Vec<char> = text.chars().collect();
    (2..=g.max_chars.min(chars.len())).rev().find_map(|len| {
        let s: String = chars[chars.len() - len..].iter().collect();
        g.by_name
            .get(&s)
            .map(|r| r[0].name.clone())
            .or_else(|| g.by_short.get(&s).cloned())
            .map(|p| (p, s.len()))
    })
}

/// The province of a city name, if the gazetteer knows it unambiguously.
pub fn province_of(city: &str) -> Option<String> {
    find_place(city).map(|p| p.province)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places() {
        let p = |t: &str| find_place(t).map(|p| (p.city, p.province));
        for (text, city, province) in [
            ("厦门市国家产融合作试点城市自评报告", "厦门市", "福建省"),
            ("江苏省苏州市人民政府", "苏州市", "江苏省"),
            (
                "上海市浦东新区产融合作试点实施方案",
                "上海市浦东新区",
                "上海市",
            ),
            ("重庆市国家产融合作试点", "重庆市", "重庆市"),
            ("新疆生产建设兵团第八师石河子市", "石河子市", CORPS),
            ("石河子市国家产融合作试点实施方案", "石河子市", CORPS),
            (
                "苏州市吴中区国家产融合作试点实施方案",
                "苏州市吴中区",
                "江苏省",
            ),
            ("璧山区国家产融合作试点实施方案", "重庆市璧山区", "重庆市"),
            (
                "滨海新区国家产融合作试点自评报告",
                "天津市滨海新区",
                "天津市",
            ),
            ("江阴市人民政府关于印发实施方案的通知", "江阴市", "江苏省"),
        ] {
            assert_eq!(p(text), Some((city.into(), province.into())), "{text}");
        }
        assert_eq!(p("关于报送试点材料的函"), None);
        // Ambiguous alone, told apart by context.
        assert_eq!(p("朝阳区国家产融合作试点自评报告"), None);
        let ctx = Context {
            city: Some("北京市".into()),
            province: None,
        };
        assert_eq!(
            find_place_in("朝阳区国家产融合作试点自评报告", &ctx).map(|p| p.city),
            Some("北京市朝阳区".into())
        );
    }

    #[test]
    fn cited_documents_name_no_submitter() {
        assert_eq!(
            find_place("根据《关于同意北京市朝阳区等51个城市（区）列为国家产融合作试点城市的通知》，绵阳市……")
                .map(|p| p.city),
            Some("绵阳市".into())
        );
        assert_eq!(
            find_place("按照关于同意北京市海淀区等37个城市列为试点的通知要求，绵阳市……")
                .map(|p| p.city),
            Some("绵阳市".into())
        );
    }
}
