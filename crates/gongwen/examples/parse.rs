//! Parses a notice file and prints the draft: `cargo run -p gongwen --example parse -- FILE [--json]`.
//!
//! Also reports how long parsing took, which is how the crate's speed on large inputs is checked.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        return Err("usage: parse FILE [--json]".into());
    };
    let bytes = std::fs::read(path)?;
    let started = Instant::now();
    let draft = gongwen::parse_file(path, &bytes)?;
    let took = started.elapsed();
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&draft)?);
    } else {
        print!("{}", draft.to_readable());
    }
    eprintln!("parsed {} bytes in {took:?}", bytes.len());
    Ok(())
}
