//! Puts the stages together: lines → header → tail → body → sections → deadlines and actions.

use crate::actions;
use crate::body;
use crate::deadlines::{self, Reference};
use crate::draft::{NoticeDraft, Section};
use crate::header;
use crate::lines;
use crate::tail;
use crate::text::sentences;

/// Parses a notice given as plain text or Markdown.
pub fn parse(input: &str) -> NoticeDraft {
    let lines = lines::clean(input);
    let header = header::read(&lines);
    let tail = tail::read(&lines, header.body_start);
    let body_end = tail.body_end.max(header.body_start);
    let body = body::assemble(&lines[header.body_start..body_end]);
    let after = body::assemble(&lines[tail.after.min(lines.len())..]);

    let mut attachments = body.attachments;
    attachments.extend(after.attachments);
    if attachments.is_empty() {
        attachments = tail::appended_attachments(&lines[tail.after.min(lines.len())..]);
    }
    let mut contacts = body.contacts;
    contacts.extend(after.contacts);
    actions::dedup(&mut contacts);

    let (preamble, mut sections) = crate::sections::build(body.blocks);
    let preamble = preamble.join("\n");

    let reference = Reference {
        date: tail.date,
        year: header.doc_number.as_ref().map(|n| n.year()),
    };
    let deadlines = find_deadlines(&preamble, &sections, &reference);

    let mut all_actions = actions::in_text(&preamble);
    all_actions.extend(actions::annotate(&mut sections));
    actions::dedup(&mut all_actions);

    NoticeDraft {
        issuer: header.issuer.or_else(|| tail.signature.clone()),
        signature: tail.signature,
        doc_number: header.doc_number,
        title: header.title,
        recipients: header.recipients,
        date: tail.date,
        preamble,
        sections,
        attachments,
        contacts,
        deadlines,
        report_required: !all_actions.is_empty(),
        actions: all_actions,
    }
}

/// Deadlines in document order: the preamble, then each section's heading and body.
fn find_deadlines(
    preamble: &str,
    sections: &[Section],
    reference: &Reference,
) -> Vec<crate::draft::Deadline> {
    let mut out = Vec::new();
    for sentence in sentences(preamble) {
        out.extend(deadlines::in_sentence(sentence, None, reference));
    }
    Section::walk(sections, |section, path| {
        for text in [&section.title, &section.body] {
            for sentence in sentences(text) {
                out.extend(deadlines::in_sentence(sentence, Some(path), reference));
            }
        }
    });
    out
}
