//! 主送机关: finding the recipients line and reading it into one entry per organ.
//!
//! A list such as `各市、州、直管市、神农架林区科协` names four organs that share the organ
//! type of the last item (各市科协、各州科协、各直管市科协、神农架林区科协); each entry is
//! written out whole (see `share_suffix`).

use crate::contacts;
use crate::tail::ORGAN_ENDINGS;
use crate::text::{char_len, join_wrapped};

/// The 主送机关 line: short, ends with a colon, and is not a sentence introducing a list.
pub fn is_recipients(text: &str) -> bool {
    let t = text.trim();
    t.ends_with(['：', ':'])
        && char_len(t) <= 120
        && !t.contains("如下")
        && !["根据", "为", "按照", "经", "现", "签发人", "附"]
            .iter()
            .any(|p| t.starts_with(p))
        && !contacts::is_contact_line(t)
}

/// The recipients line within three lines after the title (with the lines it wrapped from),
/// split into recipients; and the index of its last line.
pub fn after(texts: &[&str], title_end: usize) -> Option<(Vec<String>, usize)> {
    let limit = texts.len().min(title_end + 3);
    let r = (title_end..limit).find(|&p| is_recipients(texts[p]))?;
    // Lines before the recipients line belong to it only when the list wrapped there.
    let mut first = r;
    while first > title_end && texts[first - 1].ends_with(['、', '，', ',', '；', ';']) {
        first -= 1;
    }
    let mut joined = String::new();
    for text in &texts[first..=r] {
        join_wrapped(&mut joined, text);
    }
    Some((split(&joined), r))
}

/// Splits `各区县（自治县、经开区）科协，各市级学会：` into organs: groups at ，；, items at
/// 、, never inside parentheses; items of a group that share an organ type are written out
/// whole.
pub fn split(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches(['：', ':']);
    split_outside_parentheses(text, &['，', ',', '；', ';'])
        .into_iter()
        .flat_map(|group| share_suffix(split_outside_parentheses(group, &['、'])))
        .collect()
}

/// The trimmed, non-empty pieces of `text` between `separators` at parenthesis depth 0.
fn split_outside_parentheses<'a>(text: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth <= 0 && separators.contains(&c) => {
                push_nonempty(&mut out, &text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    push_nonempty(&mut out, &text[start..]);
    out
}

fn push_nonempty<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

/// Characters that end the name of an administrative division (各市, 州, 神农架林区, 各乡).
const DIVISION_ENDS: &str = "省市州县区旗盟乡镇村";

/// Division types that a list means one by one (各州 = every 州): a bare one of these after
/// a `各…` item inherits the 各. A proper name (神农架林区, 两江新区) never does.
const GENERIC_PLACES: [&str; 30] = [
    "省",
    "市",
    "州",
    "县",
    "区",
    "旗",
    "盟",
    "乡",
    "镇",
    "村",
    "自治区",
    "直辖市",
    "直管市",
    "自治州",
    "自治县",
    "自治旗",
    "地级市",
    "县级市",
    "市辖区",
    "区县",
    "县区",
    "市州",
    "乡镇",
    "街道",
    "社区",
    "新区",
    "园区",
    "开发区",
    "高新区",
    "经开区",
];

/// What follows a division character when it is no place of its own but part of a word:
/// 省直, 市属, 县级, 市辖 (`各市、省直有关单位` is 各市 and 省直有关单位).
const NOT_A_PLACE_BEFORE: &str = "直属级辖";

/// Organ types a shared suffix may end with besides `tail::ORGAN_ENDINGS` (单位, 部门 …).
const ORGAN_WORDS: [&str; 4] = ["单位", "部门", "组织", "机关"];

/// Writes out the items of one `、` group whose last item's organ type applies to the bare
/// places before it: `各市、州、直管市、神农架林区科协` → 各市科协, 各州科协, 各直管市科协,
/// 神农架林区科协.
///
/// The rule, deliberately narrow so that lists of whole organs stay as written:
/// - the group opens with `各` (各市、州…科协 is "every 市, 州 … 科协"; without 各, a bare
///   place such as `两江新区、西部科学城重庆高新区科协` may be an organ addressed by its
///   place name, so nothing is added);
/// - the last item is a place followed by an organ type (`神农架林区` + `科协`, `县（市、区）`
///   + `人民政府`), and that organ type is the shared suffix;
/// - a bare item is a place (it ends with 市, 州, 县, 区, 乡 …, perhaps before a bracketed
///   note such as `县（市、区）`) and gets the suffix; an item that already names an organ
///   (`各党支部`, `行署各局`, `委`) is left alone;
/// - a bare generic division type (州, 直管市, 乡) gets the 各 of the list, and so does the
///   last item when its place is one (`各镇、乡人民政府` → 各镇人民政府, 各乡人民政府).
fn share_suffix(items: Vec<&str>) -> Vec<String> {
    let shared = items
        .split_last()
        .filter(|(_, earlier)| earlier.first().is_some_and(|f| f.starts_with('各')))
        .filter(|(_, earlier)| earlier.iter().any(|i| is_place(i)))
        .and_then(|(last, _)| place_and_organ(last));
    let Some((_, suffix)) = shared else {
        return items.into_iter().map(str::to_owned).collect();
    };
    let count = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let (place, organ) = if n + 1 == count {
                place_and_organ(item).unwrap_or((item, ""))
            } else if is_place(item) {
                (item, suffix)
            } else {
                return item.to_owned();
            };
            let every = if !place.starts_with('各') && is_generic(place) {
                "各"
            } else {
                ""
            };
            format!("{every}{place}{organ}")
        })
        .collect()
}

/// Whether an item is a bare place: it ends with a division character, perhaps before a
/// bracketed note (`县（市、区）`).
fn is_place(item: &str) -> bool {
    let place = without_note(item);
    place.ends_with(|c| DIVISION_ENDS.contains(c)) || place.ends_with("街道")
}

/// Whether a place is a generic division type (州, 直管市, `县（市、区）`), not a name.
fn is_generic(place: &str) -> bool {
    GENERIC_PLACES.contains(&without_note(place))
}

/// An item without a trailing bracketed note: `县（市、区）` → `县`.
fn without_note(item: &str) -> &str {
    let t = item.trim();
    if t.ends_with(['）', ')'])
        && let Some(open) = t.rfind(['（', '('])
    {
        return t[..open].trim_end();
    }
    t
}

/// Splits `神农架林区科协` into the place and the organ type after it, at the last division
/// character outside brackets (with the note that follows it, `县（市、区）`); `None` unless
/// both parts are there and the second names an organ.
fn place_and_organ(item: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    // Byte offset just past the place, and whether a bracketed note right after it is open.
    let mut place_end = None;
    let mut note = false;
    for (i, c) in item.char_indices() {
        match c {
            '（' | '(' => {
                note |= depth == 0 && place_end == Some(i);
                depth += 1;
            }
            '）' | ')' => {
                depth -= 1;
                if depth == 0 && note {
                    place_end = Some(i + c.len_utf8());
                    note = false;
                }
            }
            _ if depth == 0 && DIVISION_ENDS.contains(c) => place_end = Some(i + c.len_utf8()),
            _ => {}
        }
    }
    let end = place_end?;
    let (place, organ) = item.split_at(end);
    if organ.starts_with(|c| NOT_A_PLACE_BEFORE.contains(c)) {
        return None;
    }
    let named = without_note(organ);
    let is_organ = named
        .chars()
        .last()
        .is_some_and(|c| ORGAN_ENDINGS.contains(c))
        || ORGAN_WORDS.iter().any(|w| named.ends_with(w));
    (!place.is_empty() && !organ.is_empty() && is_organ).then_some((place, organ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_outside_parentheses_only() {
        assert_eq!(
            split("各区县（自治县、经开区）科协，两江新区、西部科学城重庆高新区科协,各市级学会:"),
            vec![
                "各区县（自治县、经开区）科协",
                "两江新区",
                "西部科学城重庆高新区科协",
                "各市级学会"
            ]
        );
    }

    #[test]
    fn places_share_the_organ_type_of_the_last_item() {
        assert_eq!(
            split("各市、州、直管市、神农架林区科协，省直有关单位："),
            vec![
                "各市科协",
                "各州科协",
                "各直管市科协",
                "神农架林区科协",
                "省直有关单位"
            ]
        );
        assert_eq!(
            split("各市（州）、县（市、区）党委组织部："),
            vec!["各市（州）党委组织部", "各县（市、区）党委组织部"]
        );
        assert_eq!(
            split("各镇、乡人民政府，各街道办事处："),
            vec!["各镇人民政府", "各乡人民政府", "各街道办事处"]
        );
    }

    #[test]
    fn lists_of_whole_organs_stay_as_written() {
        for (text, items) in [
            ("各党支部、机关各部门：", vec!["各党支部", "机关各部门"]),
            (
                "各市州科协，省直有关单位：",
                vec!["各市州科协", "省直有关单位"],
            ),
            ("行署各局、委、办、处：", vec!["行署各局", "委", "办", "处"]),
            ("市政府各委、办、局：", vec!["市政府各委", "办", "局"]),
            ("各学会、协会、研究会：", vec!["各学会", "协会", "研究会"]),
            ("各二级单位党委、党总支：", vec!["各二级单位党委", "党总支"]),
            // A bare place before a whole organ, but no 各: the place may be the organ's name.
            (
                "两江新区、西部科学城重庆高新区科协：",
                vec!["两江新区", "西部科学城重庆高新区科协"],
            ),
            // The last item names no organ after its place.
            ("各市、州、县：", vec!["各市", "州", "县"]),
            // 省直 is "directly under the province", not a place.
            ("各市、省直有关单位：", vec!["各市", "省直有关单位"]),
        ] {
            assert_eq!(split(text), items, "{text}");
        }
    }
}
