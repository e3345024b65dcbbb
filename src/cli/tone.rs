//! `tribune tone check --reply TEXT --to TEXT [--name NAME] [--lang TAG] [--json]`: the tone
//! check the console runs at send, for scripts. Findings are advice (exit 0); a reply that
//! cannot be sent (empty, or an unfilled template field) exits non-zero.

use super::ToneCommand;
use crate::tone::{self, Answered, Settings};
use std::io::Write;

pub(super) fn run(command: ToneCommand, settings: &Settings) -> anyhow::Result<()> {
    let ToneCommand::Check {
        reply,
        to,
        name,
        lang,
        json,
    } = command;
    let mut answered = Answered::from_text(&to, name.as_deref());
    answered.lang = lang.as_deref();
    let review = tone::check(&reply, &answered, settings);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&review)?)?;
    } else {
        if review.findings.is_empty() && review.blocked.is_none() {
            writeln!(out, "Nothing to say: the reply reads well.")?;
        }
        for f in &review.findings {
            let words = if f.words.is_empty() {
                String::new()
            } else {
                format!(" ({})", f.words.join(", "))
            };
            writeln!(out, "• {}{words}: {}", f.check.title(), f.suggestion)?;
        }
    }
    match review.blocked {
        Some(b) => anyhow::bail!("{}", b.sentence()),
        None => Ok(()),
    }
}
