//! The scoring pass: one walk over the tokens applying the rules that carry weight on social
//! text (negation scope, boosters, contrast, capitals, elongation, `!`, questions, emoji),
//! then the star rating and the urgency cues, then a squash into [-1, 1].

use super::cues::Urgency;
use super::lexicon::{Entry, LangLexicon, Lexicons};
use super::roles::Role;
use super::tokens::{Kind, Token, Tokens};
use super::{Cue, CueKind, Lang};

/// A negated valence flips and weakens: "not good" is bad, but less than "bad"; and a negated
/// negative is at most faintly positive ("not bad", "pas vu pire").
const NEGATION: f32 = -0.7;
const NEGATION_OF_NEGATIVE: f32 = -0.3;
/// A negation that reaches no feeling is, in support traffic, mostly a complaint stated as a
/// fact: "bags haven't come", "rien reçu", "cannot open the app".
const BARE_NEGATION: f32 = -0.75;
pub(super) const BOOST: f32 = 0.3;
/// "Slightly annoying", "un peu lent": a diminisher halves the feeling it reaches.
const DIMINISHED: f32 = 0.5;
const CAPS: f32 = 0.7;
const ELONGATION: f32 = 0.3;
const BANG: f32 = 0.3;
const MAX_BANGS: usize = 4;
/// "Good coffee but the delivery was awful": the clause after the contrast counts more.
const BEFORE_CONTRAST: f32 = 0.5;
const AFTER_CONTRAST: f32 = 1.5;
/// A plain question is mostly a request for information.
const QUESTION: f32 = 0.4;
/// Each distinct complaint cue weighs like a clearly negative word (at most two count).
const URGENCY: f32 = -1.6;
/// Words after a negator that it still reaches.
const NEGATION_REACH: u8 = 3;
/// Squash parameter: sum / sqrt(sum² + ALPHA).
const ALPHA: f32 = 15.0;
/// Valence of a star rating, 1 to 5 stars.
const RATING: [f32; 5] = [-3.2, -2.0, 0.0, 1.8, 3.0];
/// How much of the text's own valence survives beside a rating.
const TEXT_BESIDE_RATING: f32 = 0.3;

/// Where cues go: nowhere on the fast path, into a list when explaining.
pub(super) trait Recorder {
    fn note(&mut self, make: impl FnOnce() -> Cue);
}

pub(super) struct Silent;
impl Recorder for Silent {
    #[inline]
    fn note(&mut self, _make: impl FnOnce() -> Cue) {}
}

impl Recorder for Vec<Cue> {
    fn note(&mut self, make: impl FnOnce() -> Cue) {
        self.push(make());
    }
}

pub(super) struct Sum {
    pub score: f32,
    pub urgency: Urgency,
}

/// What a word's reading needs to know of its surroundings.
#[derive(Clone, Copy)]
struct Context<'a> {
    lang: Lang,
    next: Option<&'a str>,
    next_valence: Option<f32>,
    shouting_everywhere: bool,
}

struct Walk {
    valences: Vec<f32>,
    contrast_at: Option<usize>,
    negation_left: u8,
    /// A negation is in reach and has not met a feeling yet.
    negation_open: bool,
    /// That negation began with French `ne`, whose `pas`/`jamais`/`rien` completes it.
    open_from_ne: bool,
    ne_seen: bool,
    boost: f32,
    boost_left: u8,
    bangs: usize,
    /// The text ends on a question ("Is it good?"); one asked and then answered
    /// ("So what now? Nothing has changed.") does not damp the rest.
    ends_with_question: bool,
    urgency: Urgency,
}

pub(super) fn score(
    lex: &Lexicons,
    tokens: &Tokens,
    lang: Lang,
    rating: Option<u8>,
    rec: &mut impl Recorder,
) -> Sum {
    let shouting_everywhere = tokens.caps_words == tokens.words;
    let mut w = Walk {
        valences: Vec::with_capacity(8),
        contrast_at: None,
        negation_left: 0,
        negation_open: false,
        open_from_ne: false,
        ne_seen: false,
        boost: 0.0,
        boost_left: 0,
        bangs: 0,
        ends_with_question: false,
        urgency: Urgency::default(),
    };
    // Each token carries its lexicon entry; an unknown language reads English, then French.
    let entry_of = |t: &Token| -> Option<(Entry, &LangLexicon)> {
        let (e, l) = t.info?.entry(lang)?;
        Some((e, lex.lang(l)))
    };
    let list = &tokens.list;
    let word_at = |k: usize| {
        list.get(k)
            .filter(|t| !matches!(t.kind, Kind::Stop | Kind::Bang | Kind::Question))
            .map(|t| tokens.text(t))
    };
    let mut i = 0;
    while i < list.len() {
        let t = &list[i];
        let text = tokens.text(t);
        if matches!(t.kind, Kind::Word { .. } | Kind::Elision) {
            w.ends_with_question = false;
        }
        match t.kind {
            Kind::Bang => w.bangs += 1,
            Kind::Question => w.ends_with_question = true,
            Kind::Stop => {
                w.end_negation(rec);
                w.ne_seen = false;
                w.boost_left = 0;
            }
            Kind::Symbol => {
                if let Some(&v) = lex.symbols.get(text) {
                    rec.note(|| Cue::new(CueKind::Symbol, text, v));
                    w.valences.push(v);
                }
            }
            Kind::Elision | Kind::Word { .. } => {
                let (e, lexicon) = match entry_of(t) {
                    Some((e, l)) => (e, Some(l)),
                    None => (Entry::default(), None),
                };
                if e.starts_cue
                    && let Some((_, u)) =
                        lexicon.and_then(|l| l.cues.longest(text, |k| word_at(i + 1 + k)))
                {
                    if !w.urgency.contains(u) {
                        rec.note(|| {
                            Cue::new(CueKind::Urgency, u.names().next().unwrap_or(""), URGENCY)
                        });
                    }
                    w.urgency.insert(u);
                }
                if e.starts_idiom
                    && let Some((len, v)) =
                        lexicon.and_then(|l| l.idioms.longest(text, |k| word_at(i + 1 + k)))
                {
                    let phrase = (i..i + len)
                        .filter_map(word_at)
                        .collect::<Vec<_>>()
                        .join(" ");
                    if e.role == Role::Contrast {
                        // "mais bon" is a contrast too.
                        w.contrast(text, rec);
                    }
                    if matches!(e.role, Role::Negator | Role::Ne) {
                        // "pas terrible" carries its own negation: the `n'` before it is spent.
                        w.negation_left = 0;
                        w.negation_open = false;
                    }
                    let kind = if w.negation_left > 0 {
                        CueKind::Negated
                    } else {
                        CueKind::Idiom
                    };
                    let v = w.modified(v, false, false, shouting_everywhere, &phrase, rec);
                    rec.note(|| Cue::new(kind, &phrase, v));
                    w.valences.push(v);
                    i += len;
                    continue;
                }
                let next = word_at(i + 1);
                let next_valence = next
                    .and(list.get(i + 1))
                    .and_then(entry_of)
                    .and_then(|(e, _)| e.valence);
                let ctx = Context {
                    lang,
                    next,
                    next_valence,
                    shouting_everywhere,
                };
                w.word(e, t.kind, text, &ctx, rec);
            }
        }
        i += 1;
    }
    w.finish(rating, rec)
}

impl Walk {
    fn word(&mut self, e: Entry, kind: Kind, text: &str, ctx: &Context, rec: &mut impl Recorder) {
        let Context {
            lang,
            next,
            next_valence,
            shouting_everywhere,
        } = *ctx;
        let french = lang != Lang::En;
        let (caps, elongated) = match kind {
            Kind::Word { caps, elongated } => (caps, elongated),
            _ => (false, false),
        };
        let contracted_negation =
            lang != Lang::Fr && e.role == Role::Plain && text.ends_with("n't");
        match e.role {
            // "Noooo" is a cry, not a negation.
            Role::Negator | Role::Ne if !elongated => {
                self.ne_seen |= e.role == Role::Ne;
                return self.negate(text, e.role == Role::Ne, rec);
            }
            Role::NegatorAfterNe if self.ne_seen => return self.negate(text, false, rec),
            _ if contracted_negation => return self.negate(text, false, rec),
            // A booster that is also a feeling word ("super") boosts only a feeling.
            Role::Booster(b)
                if next_valence.is_some() || (e.valence.is_none() && text != "trop") =>
            {
                self.boost += b;
                self.boost_left = 2;
                return;
            }
            Role::Contrast => return self.contrast(text, rec),
            Role::Transparent if e.valence.is_none() => return,
            Role::ContrastBefore(n) if next == Some(n) => return self.contrast(text, rec),
            _ => {}
        }
        match e.valence {
            Some(v) => {
                let kind = if self.negation_left > 0 {
                    CueKind::Negated
                } else {
                    CueKind::Word
                };
                let v = self.modified(v, caps, elongated, shouting_everywhere, text, rec);
                rec.note(|| Cue::new(kind, text, v));
                self.valences.push(v);
            }
            // French "trop" before a neutral word means too much of it: "trop long".
            None if french && text == "trop" && next.is_some() && next_valence.is_none() => {
                rec.note(|| Cue::new(CueKind::Word, "trop …", -0.8));
                self.valences.push(-0.8);
            }
            None => {}
        }
        self.negation_left = self.negation_left.saturating_sub(1);
        if self.negation_left == 0 {
            self.end_negation(rec);
        }
        if self.boost_left > 0 {
            self.boost_left -= 1;
            if self.boost_left == 0 {
                self.boost = 0.0;
            }
        }
    }

    /// `ne` reaches one word further: `ne marche vraiment pas bien`.
    fn negate(&mut self, text: &str, is_ne: bool, rec: &mut impl Recorder) {
        rec.note(|| Cue::new(CueKind::Negation, text, 0.0));
        // A second negator ends the first one's reach ("haven't come, nobody answers"),
        // unless it follows at once ("plus jamais") or completes French `ne … pas`.
        if !self.open_from_ne && self.negation_left < NEGATION_REACH {
            self.end_negation(rec);
        }
        self.negation_left = NEGATION_REACH + is_ne as u8;
        self.negation_open = true;
        self.open_from_ne = is_ne;
    }

    /// Closes the negation in reach, if any; one that met no feeling counts as a complaint.
    fn end_negation(&mut self, rec: &mut impl Recorder) {
        self.negation_left = 0;
        self.open_from_ne = false;
        if std::mem::take(&mut self.negation_open) {
            rec.note(|| Cue::new(CueKind::BareNegation, "", BARE_NEGATION));
            self.valences.push(BARE_NEGATION);
        }
    }

    fn contrast(&mut self, text: &str, rec: &mut impl Recorder) {
        rec.note(|| Cue::new(CueKind::Contrast, text, 0.0));
        self.end_negation(rec);
        self.contrast_at = Some(self.valences.len());
    }

    /// Applies boosters, capitals, elongation and negation to a valence.
    fn modified(
        &mut self,
        mut v: f32,
        caps: bool,
        elongated: bool,
        shouting_everywhere: bool,
        text: &str,
        rec: &mut impl Recorder,
    ) -> f32 {
        let sign = v.signum();
        if self.boost > 0.0 {
            v += sign * self.boost;
            self.boost = 0.0;
            self.boost_left = 0;
        } else if self.boost < 0.0 {
            v *= DIMINISHED;
            self.boost = 0.0;
            self.boost_left = 0;
        }
        if caps && !shouting_everywhere {
            v += sign * CAPS;
            rec.note(|| Cue::new(CueKind::Emphasis, text, sign * CAPS));
        }
        if elongated {
            v += sign * ELONGATION;
        }
        if self.negation_left > 0 {
            v *= if v > 0.0 {
                NEGATION
            } else {
                NEGATION_OF_NEGATIVE
            };
            self.negation_open = false;
        }
        v
    }

    fn finish(mut self, rating: Option<u8>, rec: &mut impl Recorder) -> Sum {
        self.end_negation(rec);
        let mut sum: f32 = match self.contrast_at {
            Some(at) => self
                .valences
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    if k < at {
                        v * BEFORE_CONTRAST
                    } else {
                        v * AFTER_CONTRAST
                    }
                })
                .sum(),
            None => self.valences.iter().sum(),
        };
        sum += URGENCY * self.urgency.count().min(2) as f32;
        if sum != 0.0 && self.bangs > 0 {
            let add = sum.signum() * BANG * self.bangs.min(MAX_BANGS) as f32;
            rec.note(|| {
                Cue::new(
                    CueKind::Emphasis,
                    &"!".repeat(self.bangs.min(MAX_BANGS)),
                    add,
                )
            });
            sum += add;
        }
        if self.ends_with_question && self.bangs == 0 && self.urgency.is_empty() {
            rec.note(|| Cue::new(CueKind::Question, "?", 0.0));
            sum *= QUESTION;
        }
        if let Some(r) = rating.filter(|r| (1..=5).contains(r)) {
            let rv = RATING[r as usize - 1];
            rec.note(|| Cue::new(CueKind::Rating, &format!("{r}★"), rv));
            sum = rv + TEXT_BESIDE_RATING * sum;
        }
        let score = (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0);
        Sum {
            score: if score.is_nan() { 0.0 } else { score },
            urgency: self.urgency,
        }
    }
}
