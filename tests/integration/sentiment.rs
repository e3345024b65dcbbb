//! The sentiment engine against hand-written cases in both languages, the labelled dev sets
//! (a regression floor), and arbitrary input (no panic, score in [-1, 1]).

use std::collections::BTreeMap;
use tribune::model::SentimentLabel;
use tribune::sentiment::{self, Urgency};

struct Case {
    line: usize,
    label: SentimentLabel,
    cues: Vec<String>,
    rating: Option<u8>,
    rule: String,
    text: String,
}

fn cases(file: &str) -> Vec<Case> {
    let path = format!(
        "{}/tests/sentiment_cases/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let content = std::fs::read_to_string(&path).unwrap();
    content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| {
            let cols: Vec<&str> = l.splitn(5, '\t').collect();
            assert!(
                cols.len() >= 4,
                "{file}:{}: five tab-separated columns",
                n + 1
            );
            Case {
                line: n + 1,
                label: SentimentLabel::parse(cols[0]).expect("label"),
                cues: match cols[1] {
                    "-" => vec![],
                    c => c.split(',').map(str::to_string).collect(),
                },
                rating: cols[2].parse().ok(),
                rule: cols[3].to_string(),
                text: cols.get(4).unwrap_or(&"").to_string(),
            }
        })
        .collect()
}

fn names(u: Urgency) -> Vec<String> {
    let mut v: Vec<String> = u.names().map(str::to_string).collect();
    v.sort();
    v
}

/// Runs every case (the language is detected, as for a message without a `lang` tag) and
/// lists all failures at once.
fn check(file: &str, min_cases: usize) {
    let cases = cases(file);
    assert!(cases.len() >= min_cases, "{file}: {} cases", cases.len());
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in &cases {
        *per_rule.entry(&c.rule).or_default() += 1;
        let (a, why) = sentiment::explain(&c.text, c.rating, None);
        let mut expected = c.cues.clone();
        expected.sort();
        assert!((-1.0..=1.0).contains(&a.score));
        if a.label != c.label || names(a.urgency) != expected {
            let why: Vec<String> = why.iter().map(|c| c.describe()).collect();
            failures.push(format!(
                "{file}:{} [{}] {:?}: expected {} {:?}, got {} {:+.2} {:?} (why: {})",
                c.line,
                c.rule,
                c.text,
                c.label.as_str(),
                expected,
                a.label.as_str(),
                a.score,
                names(a.urgency),
                why.join(", ")
            ));
        }
    }
    for (rule, n) in &per_rule {
        assert!(*n >= 8, "{file}: rule {rule} has only {n} cases");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn english_cases() {
    check("en.tsv", 250);
}

#[test]
fn french_cases() {
    check("fr.tsv", 250);
}

/// The labelled dev sets live beside the repository (their licences forbid copying them in);
/// the floors sit just under what the engine reaches, to catch regressions.
fn dev_set(name: &str) -> Option<String> {
    let path = format!("{}/../shared/data/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(content) => Some(content),
        Err(_) => {
            eprintln!("skipped: {path} is not here (the dev sets are not redistributable)");
            None
        }
    }
}

/// What a dev set must keep reaching: the three-class figures, and the negative class, whose
/// recall decides which criticism the response-time policies see.
struct Floors {
    macro_f1: f64,
    accuracy: f64,
    negative_recall: f64,
    negative_precision: f64,
}

/// Evaluates a dev set and holds it to its floors.
fn floor(name: &str, lines: usize, min: Floors) {
    let Some(content) = dev_set(name) else {
        return;
    };
    let report = sentiment::eval::evaluate(&content);
    assert_eq!(report.n, lines);
    let report = report.sentiment.expect("pos/neu/neg lines");
    let negative = &report.per_class["neg"];
    for (what, got, floor) in [
        ("macro-F1", report.macro_f1, min.macro_f1),
        ("accuracy", report.accuracy, min.accuracy),
        ("negative recall", negative.recall, min.negative_recall),
        (
            "negative precision",
            negative.precision,
            min.negative_precision,
        ),
    ] {
        assert!(got >= floor, "{name}: {what} {got:.3} under {floor}");
    }
}

#[test]
fn english_dev_set_floor() {
    floor(
        "dev_en.tsv",
        4500,
        Floors {
            macro_f1: 0.635,
            accuracy: 0.65,
            negative_recall: 0.75,
            negative_precision: 0.73,
        },
    );
}

#[test]
fn french_dev_set_floor() {
    floor(
        "dev_fr.tsv",
        3915,
        Floors {
            macro_f1: 0.685,
            accuracy: 0.685,
            negative_recall: 0.69,
            negative_precision: 0.66,
        },
    );
}

/// The complaint reading (negative, or carrying a complaint cue) on complaint/other labels.
#[test]
fn complaint_dev_set_floor() {
    let Some(content) = dev_set("complaint_dev_en.tsv") else {
        return;
    };
    let report = sentiment::eval::evaluate(&content);
    assert_eq!(report.n, 2068);
    assert!(report.sentiment.is_none());
    let complaint = report.complaint.expect("complaint/other lines");
    assert!(
        complaint.figures.f1 >= 0.65,
        "complaint F1 {:.3} (precision {:.3}, recall {:.3})",
        complaint.figures.f1,
        complaint.figures.precision,
        complaint.figures.recall
    );
}

#[test]
fn edge_texts_are_read_calmly() {
    let huge = "très bien mais nul 😡 not good!!! ".repeat(35_000);
    assert!(huge.len() > 1_000_000);
    let controls: String = (0u8..32)
        .map(char::from)
        .chain(['\u{7f}', '\u{202e}', '\u{200b}'])
        .collect();
    for text in [
        "", " ", "\n\t", "?", "!!!!", "'", "’", "n'", "j'", ":(", "😡", &huge, &controls,
    ] {
        for rating in [None, Some(0), Some(1), Some(3), Some(5), Some(9)] {
            let a = sentiment::analyze(text, rating, None);
            assert!(
                (-1.0..=1.0).contains(&a.score),
                "{:?}: {}",
                &text[..text.len().min(20)],
                a.score
            );
            assert!((0.0..=1.0).contains(&a.confidence));
        }
    }
    assert_eq!(
        sentiment::analyze("", None, None).label,
        SentimentLabel::Neu
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_unicode_gives_a_bounded_score(text in "\\PC*", rating in proptest::option::of(0u8..8), lang in proptest::option::of("(en|fr|de|fr-CA|)")) {
            let (a, cues) = sentiment::explain(&text, rating, lang.as_deref());
            prop_assert!((-1.0..=1.0).contains(&a.score));
            prop_assert!((0.0..=1.0).contains(&a.confidence));
            prop_assert!(!a.score.is_nan());
            for c in cues {
                prop_assert!(c.weight.is_finite());
            }
        }

        #[test]
        fn any_chars_including_controls(chars in proptest::collection::vec(any::<char>(), 0..400)) {
            let text: String = chars.into_iter().collect();
            let a = sentiment::analyze(&text, None, None);
            prop_assert!((-1.0..=1.0).contains(&a.score));
        }

        #[test]
        fn social_words_in_any_order(words in proptest::collection::vec(prop_oneof![
            Just("not"), Just("ne"), Just("pas"), Just("n'"), Just("très"), Just("but"), Just("mais"),
            Just("good"), Just("nul"), Just("génial"), Just("refund"), Just("😡"), Just(":)"), Just("!"),
            Just("?"), Just("trop"), Just("SOOO"), Just("plus"), Just("jamais"), Just("."), Just("pas mal"),
        ], 0..60)) {
            let text = words.join(" ");
            let a = sentiment::analyze(&text, None, None);
            prop_assert!((-1.0..=1.0).contains(&a.score));
            // Tagging is a pure function of its input.
            prop_assert_eq!(a, sentiment::analyze(&text, None, None));
        }
    }
}
