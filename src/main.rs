use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = tribune::cli::Cli::parse();
    match tribune::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tribune: {e}");
            ExitCode::FAILURE
        }
    }
}
