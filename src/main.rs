//! The `tribune` binary: the command line, and its error as one line on stderr.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = tribune::cli::Cli::parse();
    match tribune::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: with the terminal gone (a cut SSH session) it would panic.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "tribune: {e}");
            ExitCode::FAILURE
        }
    }
}
