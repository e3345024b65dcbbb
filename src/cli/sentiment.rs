//! `tribune sentiment score TEXT…` and `tribune sentiment eval FILE.tsv [--json]`.

use super::SentimentCommand;
use crate::sentiment;
use std::io::Write;

pub(super) fn run(command: SentimentCommand) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match command {
        SentimentCommand::Score {
            texts,
            rating,
            lang,
            json,
        } => {
            if let Some(r) = rating.filter(|r| !(1..=5).contains(r)) {
                anyhow::bail!("--rating must be from 1 to 5, not {r}.");
            }
            texts.iter().try_for_each(|text| {
                writeln!(out, "{}", score(text, rating, lang.as_deref(), json))
            })
        }
        SentimentCommand::Eval { file, json } => {
            let content = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("Cannot read {}: {e}.", file.display()))?;
            let report = sentiment::eval::evaluate(&String::from_utf8_lossy(&content));
            if report.n == 0 {
                anyhow::bail!(
                    "{} has no `label<TAB>text` lines with labels pos, neu, neg, complaint or other.",
                    file.display()
                );
            }
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)
            } else {
                writeln!(out, "{}", eval_text(&report))
            }
        }
    };
    match written.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is a normal end, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// One text's reading: a JSON line, or the label, score and cues for a person.
fn score(text: &str, rating: Option<u8>, lang: Option<&str>, json: bool) -> String {
    let (a, cues) = sentiment::explain(text, rating, lang);
    let why: Vec<String> = cues.iter().map(|c| c.describe()).collect();
    if json {
        return serde_json::json!({
            "text": text,
            "label": a.label.as_str(),
            "score": round(a.score),
            "confidence": round(a.confidence),
            "lang": a.lang.as_str(),
            "urgency": a.urgency.names().collect::<Vec<_>>(),
            "cues": why,
        })
        .to_string();
    }
    let urgency: Vec<&str> = a.urgency.names().collect();
    let flags = if urgency.is_empty() {
        String::new()
    } else {
        format!("  ! {}", urgency.join(", ").replace('_', " "))
    };
    format!(
        "{:<3} {:+.2} (confidence {:.2}, {}){flags}  {}\n    why: {}",
        a.label.as_str(),
        a.score,
        a.confidence,
        a.lang.as_str(),
        crate::text::excerpt(text, 60),
        if why.is_empty() {
            "no sentiment-bearing words".into()
        } else {
            why.join(", ")
        }
    )
}

fn eval_text(report: &sentiment::eval::Report) -> String {
    let mut text = format!("{} texts, {:.0} texts/s", report.n, report.texts_per_second);
    if let Some(s) = &report.sentiment {
        text.push_str(&format!(
            "\nsentiment ({} texts): accuracy {:.3}, macro-F1 {:.3}",
            s.n, s.accuracy, s.macro_f1
        ));
        for (class, f) in &s.per_class {
            text.push_str(&format!(
                "\n  {class}: precision {:.3} recall {:.3} F1 {:.3}",
                f.precision, f.recall, f.f1
            ));
        }
        text.push_str(&format!(
            "\n  confusion (rows gold pos/neu/neg, columns predicted): {:?}",
            s.confusion
        ));
    }
    if let Some(c) = &report.complaint {
        let [[found, missed], [flagged, left]] = c.confusion;
        text.push_str(&format!(
            "\ncomplaint ({} texts; read as negative or carrying a complaint cue): \
             precision {:.3} recall {:.3} F1 {:.3}\n  \
             complaints found {found}, missed {missed}; others flagged {flagged}, left {left}",
            c.n, c.figures.precision, c.figures.recall, c.figures.f1
        ));
    }
    if report.skipped > 0 {
        text.push_str(&format!(
            "\n  {} lines skipped (label not pos/neu/neg/complaint/other)",
            report.skipped
        ));
    }
    text
}

fn round(v: f32) -> f64 {
    (v as f64 * 1000.0).round() / 1000.0
}
