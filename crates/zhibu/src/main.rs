//! The `zhibu` command: parses the command line and hands over to the subcommand.

use clap::Parser;

mod cli;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cli::init_logging();
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(cli::run(args)),
        Err(e) => {
            eprintln!("zhibu: cannot start the async runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
