//! The words ledgers show for stored codes (male, probationary, secretary …), from the
//! roster's catalogue entries, so a spreadsheet reads like the pages.

use catalogue::T;
use domain::member::POSITIONS;

pub fn position_key(code: &str) -> &'static str {
    match code {
        "secretary" => "position.secretary",
        "deputy_secretary" => "position.deputy_secretary",
        "organization" => "position.organization",
        "propaganda" => "position.propaganda",
        "discipline" => "position.discipline",
        "party_worker" => "position.party_worker",
        _ => "",
    }
}

pub fn gender(t: T, code: &str) -> String {
    match code {
        "male" => t.s("member.gender.male").to_owned(),
        "female" => t.s("member.gender.female").to_owned(),
        _ => String::new(),
    }
}

pub fn member_type(t: T, code: &str) -> String {
    t.s(if code == "probationary" {
        "member.type.probationary"
    } else {
        "member.type.full"
    })
    .to_owned()
}

/// Positions in their customary order (书记 first), joined the way the import splits them
/// (、 in Chinese, a comma in English).
pub fn positions(t: T, codes: &[String]) -> String {
    POSITIONS
        .iter()
        .filter(|(code, _)| codes.iter().any(|c| c == code))
        .map(|(code, _)| t.s(position_key(code)))
        .collect::<Vec<_>>()
        .join(t.s("field.list_joiner"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_has_a_label() {
        for (code, _) in POSITIONS {
            assert!(!position_key(code).is_empty(), "{code}");
        }
    }
}
