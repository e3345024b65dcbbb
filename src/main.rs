//! The `tribune` binary: the command line, and its error as one line on stderr.

use clap::Parser;
use std::process::ExitCode;

/// jemalloc rather than glibc's malloc: sled, tantivy and the runtime allocate from many threads,
/// and glibc's per-thread arenas kept 50–90 MB more than was in use by a console storing
/// messages at a million (README, Performance).
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
