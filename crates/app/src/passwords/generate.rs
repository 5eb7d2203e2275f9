//! Generated passwords: the demo accounts' password and the temporary passwords an
//! administrator hands to a person (shown once, changed at first login).

use domain::{NewPassword, password};

/// Four groups of four from an alphabet without look-alikes (no 0/O, 1/l/I): about 65 bits,
/// easy to read out over the phone or copy from a screen.
pub fn generate() -> String {
    const LOWER: &[u8] = b"abcdefghjkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let mut out = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let set = [UPPER, LOWER, DIGIT, LOWER][i % 4];
        out.push(set[*b as usize % set.len()] as char);
    }
    out
}

/// A generated password that passes the policy for `username`. The pattern always meets the
/// length and class rules; a rare draw could contain a short username, so draw again.
pub fn generate_for(username: &str) -> NewPassword {
    loop {
        if let Ok(p) = NewPassword::parse(&generate(), username) {
            return p;
        }
    }
}

// The pattern above is longer than the policy's minimum and mixes three classes and a symbol.
const _: () = assert!(password::MIN_LENGTH <= 19 && password::MIN_CLASSES <= 4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        for _ in 0..50 {
            let p = generate();
            assert_eq!(p.len(), 19);
            assert!(NewPassword::parse(&p, "admin").is_ok(), "{p}");
        }
        assert_ne!(generate(), generate());
        assert!(generate_for("abc").expose().len() == 19);
    }
}
