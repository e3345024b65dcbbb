//! Sentiment tagging in English and French: local, explainable and fast.
//!
//! `analyze` gives a label, a score in [-1, 1], a confidence and the complaint/urgency cues;
//! `explain` also lists the cues that drove the score ("why negative?"). Lexicons are data
//! files (see `lexicon/README.md`); rules are in `rules.rs`.

mod cues;
pub mod eval;
pub(crate) mod fold;
pub mod lang;
mod lexicon;
mod roles;
mod rules;
mod tokens;

pub use cues::Urgency;
pub use lang::{Lang, detect};

use crate::model::{Sentiment, SentimentLabel};
use std::cell::RefCell;
use std::sync::OnceLock;

/// Scores at or above this are positive, at or below its negative are negative.
const POSITIVE_FROM: f32 = 0.25;
const NEGATIVE_FROM: f32 = -0.1;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analysis {
    pub label: SentimentLabel,
    pub score: f32,
    /// How far the score sits from the nearest boundary between labels, 0.5 to 1.
    pub confidence: f32,
    pub lang: Lang,
    pub urgency: Urgency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Word,
    Idiom,
    Symbol,
    Negation,
    Negated,
    /// A negation that met no feeling: a complaint stated as a fact.
    BareNegation,
    Contrast,
    Emphasis,
    Question,
    Rating,
    Urgency,
    /// A counted span of time: "3 hours", "deux semaines".
    Waiting,
    /// A question of frustration: "why…?", "pourquoi…?", "??".
    Frustration,
    /// Politeness set aside because something else is wrong.
    Courtesy,
}

/// One reason behind a score: what was read and what it weighed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub kind: CueKind,
    pub text: String,
    pub weight: f32,
}

impl Cue {
    fn new(kind: CueKind, text: &str, weight: f32) -> Cue {
        Cue {
            kind,
            text: text.to_string(),
            weight,
        }
    }

    /// A short human reading, e.g. `"worst" −3.0` or `not (negation)`.
    pub fn describe(&self) -> String {
        match self.kind {
            CueKind::Negation => format!("{} (negation)", self.text),
            CueKind::Contrast => format!("{} (contrast: what follows counts more)", self.text),
            CueKind::Question => "a question (damped)".to_string(),
            CueKind::Urgency => format!("{} (complaint cue)", self.text.replace('_', " ")),
            CueKind::Waiting => format!("{} (time spent waiting) {:+.1}", self.text, self.weight),
            CueKind::Frustration => format!(
                "{} (a question of frustration) {:+.1}",
                self.text, self.weight
            ),
            CueKind::Courtesy => {
                format!("{} (courtesy beside a complaint: not counted)", self.text)
            }
            CueKind::BareNegation => format!("negated fact {:+.1}", self.weight),
            CueKind::Negated => format!("{} negated → {:+.1}", self.text, self.weight),
            CueKind::Rating => format!("rating {} {:+.1}", self.text, self.weight),
            CueKind::Emphasis if !self.text.starts_with('!') => {
                format!(
                    "{} in capitals {:+.1}",
                    self.text.to_uppercase(),
                    self.weight
                )
            }
            _ => format!("{} {:+.1}", self.text, self.weight),
        }
    }
}

struct Engine {
    lexicons: lexicon::Lexicons,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine {
        lexicons: lexicon::Lexicons::load(),
    })
}

/// Loads the lexicons now rather than on the first message.
pub fn warm_up() {
    engine();
}

thread_local! {
    // One token buffer per thread, reused: tagging allocates nothing per word.
    static TOKENS: RefCell<tokens::Tokens> = RefCell::new(tokens::Tokens::default());
}

/// Tags a text. `rating` (1–5 stars) is fused with the words; `lang` is the network's
/// language tag when it gives one, otherwise the language is detected.
pub fn analyze(text: &str, rating: Option<u8>, lang: Option<&str>) -> Analysis {
    run(text, rating, lang, &mut rules::Silent)
}

/// The sentiment slot of an inbound message, as the tagger fills it.
pub fn tag(text: &str, rating: Option<u8>, lang: Option<&str>) -> Sentiment {
    let a = analyze(text, rating, lang);
    Sentiment {
        label: a.label,
        score: a.score,
        by_agent: false,
        urgency: a.urgency,
    }
}

/// Like `analyze`, with the cues that drove the result.
pub fn explain(text: &str, rating: Option<u8>, lang: Option<&str>) -> (Analysis, Vec<Cue>) {
    let mut cues = Vec::new();
    let a = run(text, rating, lang, &mut cues);
    (a, cues)
}

fn run(
    text: &str,
    rating: Option<u8>,
    lang: Option<&str>,
    rec: &mut impl rules::Recorder,
) -> Analysis {
    // Elisions are split whatever the language: `j'`, `c'`, `n'`… begin no English word,
    // and English contractions (`don't`) stay whole.
    let (sum, lang) = TOKENS.with(|cell| {
        let mut tokens = cell.borrow_mut();
        tokens.fill(text, true);
        tokens.annotate(&engine().lexicons.words);
        let lang = lang
            .and_then(Lang::from_tag)
            .unwrap_or_else(|| lang::detect_tokens(&tokens));
        (
            rules::score(&engine().lexicons, &tokens, lang, rating, rec),
            lang,
        )
    });
    let score = sum.score;
    let (label, confidence) = if score >= POSITIVE_FROM {
        (
            SentimentLabel::Pos,
            0.5 + 0.5 * (score - POSITIVE_FROM) / (1.0 - POSITIVE_FROM),
        )
    } else if score <= NEGATIVE_FROM {
        (
            SentimentLabel::Neg,
            0.5 + 0.5 * (NEGATIVE_FROM - score) / (1.0 + NEGATIVE_FROM),
        )
    } else {
        (SentimentLabel::Neu, 1.0 - 0.5 * score.abs() / POSITIVE_FROM)
    };
    Analysis {
        label,
        score,
        confidence: confidence.clamp(0.0, 1.0),
        lang,
        // "Refund received, thank you!" mentions a refund but asks nothing: cues flag
        // complaints, and a positive message is not one.
        urgency: if label == SentimentLabel::Pos {
            Urgency::default()
        } else {
            sum.urgency
        },
    }
}
