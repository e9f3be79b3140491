//! Chinese administrative names (provinces, prefecture cities, county-level 市/区) for inferring a
//! submission's city and province from its documents. Data: data/regions.tsv.

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
}

/// The five cities specifically designated in the state plan (计划单列市): quota 1.
pub const SEPARATELY_LISTED: &[&str] = &["大连市", "青岛市", "宁波市", "厦门市", "深圳市"];
/// The four municipalities, which are both province and city.
pub const MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];
pub const CORPS: &str = "新疆生产建设兵团";

struct Gazetteer {
    by_name: HashMap<String, Vec<Region>>,
    max_chars: usize,
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut by_name: HashMap<String, Vec<Region>> = HashMap::new();
        for line in include_str!("../data/regions.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let level = match f[3] {
                "province" => Level::Province,
                "city" => Level::City,
                _ => Level::County,
            };
            by_name.entry(f[1].to_owned()).or_default().push(Region {
                name: f[1].to_owned(),
                province: f[2].to_owned(),
                level,
            });
        }
        let max_chars = by_name.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Gazetteer { by_name, max_chars }
    })
}

/// A city (or district) and its province found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub city: String,
    pub province: String,
}

/// Finds the first place a text names, longest names first at each position. A municipality followed
/// by one of its districts gives the district ("上海市浦东新区"); a province followed by a city gives that
/// city; a county-level name is taken only when it is unambiguous.
pub fn find_place(text: &str) -> Option<Place> {
    let g = gazetteer();
    let chars: Vec<char> = text.chars().collect();
    if let Some(at) = text.find(CORPS) {
        // "新疆生产建设兵团第八师石河子市": the first place named after the Corps, else the Corps itself.
        let rest: Vec<char> = text[at + CORPS.len()..].chars().collect();
        let city = (0..rest.len())
            .find_map(|i| longest_at(&rest, i, g).map(|(_, r)| r[0].name.clone()))
            .unwrap_or_else(|| CORPS.to_owned());
        return Some(Place {
            city,
            province: CORPS.to_owned(),
        });
    }
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, regions)) = longest_at(&chars, i, g) {
            let first = &regions[0];
            match first.level {
                Level::Province if MUNICIPALITIES.contains(&first.name.as_str()) => {
                    let district = find_after(&chars, g, Some(i + len))
                        .filter(|r| r.province == first.name && r.level == Level::County);
                    return Some(Place {
                        city: district
                            .map_or(first.name.clone(), |d| format!("{}{}", first.name, d.name)),
                        province: first.name.clone(),
                    });
                }
                Level::Province => {
                    if let Some(c) =
                        find_after(&chars, g, Some(i + len)).filter(|r| r.province == first.name)
                    {
                        return Some(Place {
                            city: c.name,
                            province: first.name.clone(),
                        });
                    }
                }
                Level::City => {
                    return Some(Place {
                        city: first.name.clone(),
                        province: first.province.clone(),
                    })
                }
                Level::County if regions.len() == 1 && first.name.ends_with('市') => {
                    return Some(Place {
                        city: first.name.clone(),
                        province: first.province.clone(),
                    })
                }
                Level::County => {}
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

fn longest_at<'g>(chars: &[char], i: usize, g: &'g Gazetteer) -> Option<(usize, &'g Vec<Region>)> {
    (2..=g.max_chars.min(chars.len() - i))
        .rev()
        .find_map(|len| {
            let s: String = chars[i..i + len].iter().collect();
            g.by_name.get(&s).map(|r| (len, r))
        })
}

/// The region named right at `at` (after a province or municipality name).
fn find_after(chars: &[char], g: &Gazetteer, at: Option<usize>) -> Option<Region> {
    let at = at?;
    if at >= chars.len() {
        return None;
    }
    longest_at(chars, at, g).map(|(_, r)| r[0].clone())
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
        assert_eq!(
            p("厦门市国家产融合作试点城市自评报告"),
            Some(("厦门市".into(), "福建省".into()))
        );
        assert_eq!(
            p("江苏省苏州市人民政府"),
            Some(("苏州市".into(), "江苏省".into()))
        );
        assert_eq!(
            p("上海市浦东新区产融合作试点实施方案"),
            Some(("上海市浦东新区".into(), "上海市".into()))
        );
        assert_eq!(
            p("重庆市国家产融合作试点"),
            Some(("重庆市".into(), "重庆市".into()))
        );
        assert_eq!(
            p("新疆生产建设兵团第八师石河子市"),
            Some(("石河子市".into(), CORPS.into()))
        );
        assert_eq!(p("关于报送试点材料的函"), None);
    }
}
