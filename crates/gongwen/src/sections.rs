//! Builds the heading tree from the flat sequence of headings and paragraphs.
//!
//! A heading's depth comes from its numbering style: it closes every open section of the same
//! or a lower rank and opens under the nearest higher-ranked one. A notice that skips a rank
//! (一、 then 1.) nests the 1. directly under the 一、.

use crate::body::Block;
use crate::draft::Section;

/// The preamble paragraphs (before any heading) and the section tree.
pub fn build(blocks: Vec<Block>) -> (Vec<String>, Vec<Section>) {
    let mut preamble = Vec::new();
    let mut roots: Vec<Section> = Vec::new();
    let mut open: Vec<Section> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(h) => {
                while open.last().is_some_and(|s| s.level >= h.level) {
                    close(&mut open, &mut roots);
                }
                open.push(Section {
                    run_in: h.is_run_in(),
                    number: h.number,
                    level: h.level,
                    title: h.title,
                    title_punct: h.punct,
                    ..Section::default()
                });
            }
            Block::Paragraph(p) => match open.last_mut() {
                Some(section) => {
                    if !section.body.is_empty() {
                        section.body.push('\n');
                    }
                    section.body.push_str(&p);
                }
                None => preamble.push(p),
            },
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    (preamble, roots)
}

fn close(open: &mut Vec<Section>, roots: &mut Vec<Section>) {
    if let Some(done) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::assemble;
    use crate::lines::clean;

    fn tree(input: &str) -> Vec<Section> {
        build(assemble(&clean(input)).blocks).1
    }

    fn outline(sections: &[Section]) -> Vec<String> {
        let mut out = Vec::new();
        Section::walk(sections, |_, path| out.push(path.to_owned()));
        out
    }

    #[test]
    fn levels_come_from_numbering_not_from_hashes() {
        let t = tree("### 一、甲\n## （一）乙\n## 1.丙\n#### （二）丁\n# （1）戊\n二、己\n1.庚");
        assert_eq!(
            outline(&t),
            vec![
                "一",
                "一/（一）",
                "一/（一）/1",
                "一/（二）",
                "一/（二）/（1）",
                "二",
                "二/1"
            ]
        );
    }

    #[test]
    fn bodies_collect_their_paragraphs() {
        let t = tree("一、甲\n第一段。\n第二段。\n（一）乙\n第三段。");
        assert_eq!(t[0].body, "第一段。\n第二段。");
        assert_eq!(t[0].children[0].body, "第三段。");
    }
}
