//! `tribune export`: every message (or those newer than `--since`, or the inbound ones a
//! `--query` finds), oldest first, as JSONL.

use super::Paths;
use std::io::{BufWriter, Write};

pub(super) fn run(
    paths: &Paths,
    config: &crate::config::Config,
    since: Option<&str>,
    query: Option<&str>,
    demo: bool,
) -> anyhow::Result<()> {
    let since = match since {
        Some(text) => {
            let d = crate::duration::parse(text).map_err(|e| anyhow::anyhow!("--since: {e}."))?;
            jiff::Timestamp::now() - d
        }
        None => jiff::Timestamp::MIN,
    };
    let store = paths.existing_store(demo)?;
    let mut messages = store.messages_since(since)?;
    if let Some(text) = query {
        let policies = crate::sla::Policies::from_config(&config.sla);
        let filter = super::query_filter::MessageFilter::new(
            text,
            &store,
            config,
            &policies,
            jiff::Timestamp::now(),
            &messages,
        )?;
        messages.retain(|m| filter.admits(m));
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for m in messages {
        if let Err(e) = writeln!(out, "{}", crate::jsonl::to_line(&m)) {
            // A closed pipe (`| head`) is a normal end, not an error.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e.into());
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
