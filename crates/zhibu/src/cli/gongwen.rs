//! `zhibu gongwen parse FILE [--json]`: show how a notice is understood (公文 structure).

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct GongwenArgs {
    #[command(subcommand)]
    command: GongwenCommand,
}

#[derive(Subcommand, Debug)]
enum GongwenCommand {
    /// Parse a notice (.txt, .md or .docx) and print its structure.
    Parse {
        file: PathBuf,
        /// Print JSON instead of the readable outline.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: GongwenArgs) -> anyhow::Result<()> {
    match args.command {
        GongwenCommand::Parse { file, json } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let draft = gongwen::parse_file(name, &bytes)
                .with_context(|| format!("parsing {}", file.display()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&draft)?);
            } else {
                print!("{}", draft.to_readable());
            }
            Ok(())
        }
    }
}
