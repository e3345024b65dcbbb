//! The command line: the console by default, and subcommands for scripts.

mod accounts;
mod backup;
mod bench;
mod bench_bulk;
mod bench_search;
mod bench_team;
mod console;
mod doctor;
mod export;
mod generate;
mod import;
mod incidents;
mod lines;
mod paths;
mod query_filter;
mod report;
mod sentiment;
mod serve;
mod tone;

pub use paths::Paths;

use crate::config::Config;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tribune",
    version,
    about = "A terminal console for community management."
)]
pub struct Cli {
    /// Where the stores and the log live [default: the platform's data directory].
    #[arg(long, env = "TRIBUNE_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The TOML config file [default: tribune.toml in the platform's config directory].
    #[arg(long, env = "TRIBUNE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Run on the built-in demo source (its own store), even when accounts are configured.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Seed of the demo source, for a reproducible stream.
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest messages from a file into the store, with progress.
    Import {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
    },
    /// Write messages to stdout.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Only messages newer than this (e.g. 90m, 24h, 7d).
        #[arg(long)]
        since: Option<String>,
        /// Only the inbound messages this query finds (the language of `/`).
        #[arg(long)]
        query: Option<String>,
    },
    /// Response times, share within target, sentiment and reviews, per channel, agent and day.
    Report {
        /// The period covered, back from --as-of (e.g. 24h, 7d) [default: 7d].
        #[arg(long)]
        since: Option<String>,
        /// The moment the report is computed at, RFC 3339 [default: now].
        #[arg(long)]
        as_of: Option<String>,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// Only the inbound messages this query finds, with the brand's replies to them.
        #[arg(long, conflicts_with = "incident")]
        query: Option<String>,
        /// The report of one incident (its messages from its start to its close).
        #[arg(long)]
        incident: Option<String>,
    },
    /// Serve the console to the team over SSH: one process owns the store and the accounts,
    /// each agent connects with `ssh -p PORT host` and their key from [[agent]].
    Serve {
        /// ADDRESS:PORT to listen on [default: [server] listen, or 127.0.0.1:2222].
        #[arg(long)]
        listen: Option<String>,
    },
    /// Check the config, the stores and each account; one line each.
    Doctor,
    /// Write a backup of the store into backups/ beside it (also while a console runs).
    Backup,
    /// Replace the store with a backup; the store it replaces is moved aside, not deleted.
    Restore { file: PathBuf },
    /// Measure the console on a demo store of N messages (made once, then reused).
    Bench {
        /// Messages in the measured store.
        #[arg(long, default_value_t = 100_000)]
        messages: u64,
        /// Repetitions of each timing (medians, with min and max).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Measure the team server instead: this many consoles on one service.
        #[arg(long, default_value_t = 0)]
        agents: usize,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// One cold open to the first frame, for `bench` to time in a process of its own.
    #[command(hide = true)]
    BenchOpen { store: PathBuf },
    /// The demo store: fill it with generated messages.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Tag texts or evaluate the tagger on a labelled file.
    Sentiment {
        #[command(subcommand)]
        command: SentimentCommand,
    },
    /// List the incidents, or open, note and close one.
    Incidents {
        #[command(subcommand)]
        command: Option<IncidentCommand>,
    },
    /// Read a reply against the message it answers, as the console does before sending.
    Tone {
        #[command(subcommand)]
        command: ToneCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Every incident, the most recent first.
    List,
    /// Open an incident: the messages QUERY finds from --since on.
    Open {
        name: String,
        #[arg(long)]
        query: String,
        /// Where it starts: an RFC 3339 time or an age (30m, 2h) [default: now].
        #[arg(long)]
        since: Option<String>,
    },
    /// Add a line to an incident's timeline.
    Note { name: String, text: String },
    /// Close an incident: it is kept, with its report.
    Close { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ToneCommand {
    /// The findings for one reply: what, the words that raised it, and a suggestion.
    Check {
        /// The reply to read.
        #[arg(long)]
        reply: String,
        /// The message it answers.
        #[arg(long)]
        to: String,
        /// The author's display name, when known ("Sam Evans").
        #[arg(long)]
        name: Option<String>,
        /// The message's language tag (en, fr); detected otherwise.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Fill the demo store with N messages spread over the past year.
    Generate {
        #[arg(long)]
        count: u64,
        /// Seed of the demo world, for a reproducible store.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum SentimentCommand {
    /// Label, score and cues for each text.
    Score {
        #[arg(required = true)]
        texts: Vec<String>,
        /// A star rating (1–5) to fuse with the text, as reviews have.
        #[arg(long)]
        rating: Option<u8>,
        /// The language tag (en, fr) when known; detected otherwise.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Accuracy, macro-F1, confusion matrix and texts/s on a `label<TAB>text` file.
    Eval {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Jsonl,
}

/// Runs the command line; errors are one sentence for the user.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // Tagging text needs neither a store nor a config.
    if let Some(Command::Sentiment { command }) = cli.command {
        return sentiment::run(command);
    }
    let paths = Paths::resolve(cli.data_dir.clone(), cli.config.clone())?;
    // The doctor reports a bad config as one of its lines rather than stopping on it.
    if let Some(Command::Doctor) = cli.command {
        return doctor::run(&paths);
    }
    let config = Config::load(&paths.config_file)?;
    let _log = paths::start_logging(&paths);
    match cli.command {
        None => console::open(&cli, &config, &paths),
        Some(Command::Serve { ref listen }) => serve::run(&cli, &config, &paths, listen.clone()),
        Some(Command::Import {
            file,
            format: Format::Jsonl,
        }) => import::run(&paths, &file, cli.demo),
        Some(Command::Export {
            format: Format::Jsonl,
            since,
            query,
        }) => export::run(
            &paths,
            &config,
            since.as_deref(),
            query.as_deref(),
            cli.demo,
        ),
        Some(Command::Report {
            incident: Some(name),
            json,
            ..
        }) => incidents::report(&paths, &config, &name, json, cli.demo),
        Some(Command::Incidents { command }) => incidents::run(&paths, &config, command, cli.demo),
        Some(Command::Report {
            since,
            as_of,
            json,
            query,
            incident: None,
        }) => report::run(
            &paths,
            &config,
            report::Options {
                since: since.as_deref(),
                as_of: as_of.as_deref(),
                json,
                query: query.as_deref(),
            },
            cli.demo,
        ),
        Some(Command::Demo {
            command: DemoCommand::Generate { count, seed },
        }) => generate::run(&paths, count, seed),
        Some(Command::Bench {
            messages,
            runs,
            agents,
            json,
        }) => bench::run(&paths, messages, runs, agents, json),
        Some(Command::BenchOpen { store }) => bench::open_once(&store),
        Some(Command::Backup) => backup::take(&paths, cli.demo, config.backup.keep),
        Some(Command::Restore { file }) => backup::restore(&paths, cli.demo, &file),
        Some(Command::Tone { command }) => tone::run(command, &config.tone),
        Some(Command::Sentiment { .. } | Command::Doctor) => unreachable!("handled above"),
    }
}
