//! What a study section of a notice names: the campaign's theme (the words in “” before
//! 主题学习活动) and the works to study (titles in 《》 with their volume, and speeches named in
//! headings). Heuristics for pre-filling a campaign: every value is shown to be edited.

/// The theme of a campaign named in `text`: the first “…” followed by 主题 (主题学习活动,
/// 主题教育 …), else the first “…” at all. Empty quotes are skipped.
pub fn campaign_theme(text: &str) -> Option<String> {
    let mut first: Option<String> = None;
    let mut rest = text;
    while let Some(open) = rest.find('“') {
        let after = &rest[open + '“'.len_utf8()..];
        let Some(close) = after.find('”') else {
            break;
        };
        let quoted = after[..close].trim();
        let next = &after[close + '”'.len_utf8()..];
        if !quoted.is_empty() && quoted.chars().count() <= 60 {
            if next.trim_start().starts_with("主题") {
                return Some(quoted.to_owned());
            }
            first.get_or_insert_with(|| quoted.to_owned());
        }
        rest = next;
    }
    first
}

/// The volume words that may follow a title: 第四卷, 上册, 第一辑 …
fn volume(after: &str) -> &str {
    let mut end = 0;
    let mut chars = after.char_indices();
    if let Some((_, c)) = chars.next()
        && (c == '第' || c == '上' || c == '下' || c == '中')
    {
        for (i, c) in after.char_indices() {
            let keep = i == 0
                || "一二三四五六七八九十百0123456789".contains(c)
                || (c == '卷' || c == '册' || c == '辑' || c == '编');
            if !keep {
                break;
            }
            end = i + c.len_utf8();
            if c == '卷' || c == '册' || c == '辑' || c == '编' {
                return &after[..end];
            }
        }
        end = 0;
    }
    &after[..end]
}

/// The works named in 《》 in `text`, in order, each once, with the volume that follows the
/// title (《习近平谈治国理政》第四卷).
pub fn named_works(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('《') {
        let after = &rest[open..];
        let Some(close) = after.find('》') else {
            break;
        };
        let title_end = close + '》'.len_utf8();
        let inner = after['《'.len_utf8()..close].trim();
        let tail = &after[title_end..];
        let vol = volume(tail);
        if !inner.is_empty() && inner.chars().count() <= 80 && !inner.contains('《') {
            let work = format!("《{inner}》{vol}");
            if !out.contains(&work) {
                out.push(work);
            }
        }
        rest = &after[title_end + vol.len()..];
    }
    out
}

/// A speech named by a heading (及时学习习近平总书记 7.26 重要讲话 → 习近平总书记7.26重要讲话):
/// the heading from after its first 学习, spaces between a name and a date dropped; `None`
/// when the heading names no speech or names a work in 《》.
pub fn speech_in_heading(title: &str) -> Option<String> {
    if !title.contains("讲话") || title.contains('《') {
        return None;
    }
    let from = title.find("学习").map_or(0, |i| i + "学习".len());
    let s: String = title[from..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let s = s.trim_start_matches(['：', ':']).to_owned();
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_is_the_quoted_words_before_the_campaign() {
        let t = "在全市科技社团党组织中开展“喜迎二十大、奋进新征程”主题学习活动。";
        assert_eq!(campaign_theme(t).as_deref(), Some("喜迎二十大、奋进新征程"));
        let t = "深刻领会“两个确立”的决定性意义，开展“学党史”主题教育";
        assert_eq!(campaign_theme(t).as_deref(), Some("学党史"));
        assert_eq!(
            campaign_theme("增强“四个意识”").as_deref(),
            Some("四个意识")
        );
        assert_eq!(campaign_theme("没有引号"), None);
        assert_eq!(campaign_theme("“”“"), None);
    }

    #[test]
    fn works_keep_their_volume_and_are_named_once() {
        let t = "系统学习《习近平谈治国理政》第四卷。《习近平谈治国理政》第四卷中收录……\
                 深入学习《习近平经济思想学习纲要》，参阅《求是》。";
        assert_eq!(
            named_works(t),
            vec![
                "《习近平谈治国理政》第四卷",
                "《习近平经济思想学习纲要》",
                "《求是》"
            ]
        );
        assert_eq!(named_works("《未闭合"), Vec::<String>::new());
        assert_eq!(named_works("《》"), Vec::<String>::new());
        assert_eq!(named_works("《书》第十"), vec!["《书》"]);
    }

    #[test]
    fn a_speech_is_read_from_its_heading() {
        assert_eq!(
            speech_in_heading("及时学习习近平总书记 7.26 重要讲话").as_deref(),
            Some("习近平总书记7.26重要讲话")
        );
        assert_eq!(
            speech_in_heading("系统学习《习近平谈治国理政》第四卷"),
            None
        );
        assert_eq!(speech_in_heading("强化政治意识"), None);
    }
}
