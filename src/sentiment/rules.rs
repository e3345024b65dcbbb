//! The scoring pass: one walk over the tokens applying the rules that carry weight on social
//! text (negation scope, boosters, contrast, capitals, elongation, `!`, questions, emoji),
//! then the star rating and the urgency cues, then a squash into [-1, 1].

use super::cues::Urgency;
use super::lexicon::{Entry, LangLexicon, Lexicons};
use super::roles::Role;
use super::tokens::{Kind, Token, Tokens};
use super::{Cue, CueKind, Lang};

/// A negated valence flips and weakens: "not good" is bad, but less than "bad"; a negated
/// negative keeps a trace of its weight ("jamais vu pire" is no praise), and the negations
/// that do mean well are idioms ("not bad", "pas mal", "jamais déçu").
const NEGATION: f32 = -0.7;
const NEGATION_OF_NEGATIVE: f32 = 0.12;
/// A negation that reaches no feeling is, in support traffic, mostly a complaint stated as a
/// fact: "bags haven't come", "rien reçu", "cannot open the app".
const BARE_NEGATION: f32 = -0.75;
/// …except beside a shared link, where a negated fact is mostly a relayed headline
/// ("X n'a pas été retenu http://…"): feeling words still count in full.
const BARE_NEGATION_BESIDE_LINK: f32 = -0.3;
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
const QUESTION: f32 = 0.3;
/// Each distinct complaint cue weighs like a clearly negative word (at most two count).
const URGENCY: f32 = -1.6;
/// Words after a negator that it still reaches.
const NEGATION_REACH: u8 = 3;
/// "3 hours", "deux semaines": in support traffic a counted span of time is time spent waiting.
const WAITING: f32 = -1.1;
/// "Why…?", "pourquoi…?", "??": a question of frustration is not damped, and weighs.
const FRUSTRATION: f32 = -0.9;
/// Squash parameter: sum / sqrt(sum² + ALPHA).
const ALPHA: f32 = 15.0;
/// Valence of a star rating, 1 to 5 stars.
const RATING: [f32; 5] = [-3.2, -2.0, 0.0, 1.8, 3.0];
/// How much of the text's own valence survives beside a rating.
const TEXT_BESIDE_RATING: f32 = 0.15;

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
    /// The word's token index.
    at: usize,
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
    /// Question marks in a row at most, and whether a frustration word opened a question.
    question_run: usize,
    longest_question_run: usize,
    frustration_word: Option<usize>,
    /// What a negation that meets no feeling weighs here.
    bare_negation: f32,
    /// Politeness valences, kept apart: they count only if nothing else is wrong. Each is
    /// (where it falls among the valences, its valence, its token).
    courtesy: Vec<(usize, f32, usize)>,
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
        question_run: 0,
        longest_question_run: 0,
        frustration_word: None,
        courtesy: Vec::new(),
        bare_negation: if tokens.links > 0 {
            BARE_NEGATION_BESIDE_LINK
        } else {
            BARE_NEGATION
        },
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
        if t.kind == Kind::Question {
            w.question_run += 1;
            w.longest_question_run = w.longest_question_run.max(w.question_run);
        } else if t.kind != Kind::Bang {
            w.question_run = 0;
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
                let glued = e.role == Role::Plain && is_glued_span(text);
                if (e.role == Role::TimeUnit || glued) && waited(tokens, i, lang, glued) {
                    let span = if glued {
                        text.to_string()
                    } else {
                        format!("{} {text}", tokens.text(&list[i - 1]))
                    };
                    rec.note(|| Cue::new(CueKind::Waiting, &span, WAITING));
                    w.valences.push(WAITING);
                }
                if e.role == Role::Frustration && w.frustration_word.is_none() {
                    w.frustration_word = Some(i);
                }
                let ctx = Context {
                    at: i,
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
    w.finish(rating, tokens, rec)
}

/// A time unit after a count, "3 hours", unless a clock time or a promise: "à 9 heures",
/// "delivered in 2 days".
fn waited(tokens: &Tokens, at: usize, lang: Lang, glued: bool) -> bool {
    let list = &tokens.list;
    let counted = glued || (at > 0 && is_count(tokens, &list[at - 1], lang));
    let before_at = if glued { 1 } else { 2 };
    let before = (at >= before_at).then(|| tokens.text(&list[at - before_at]));
    // `a` is `à` folded in French, the article in English ("a couple of hours").
    counted
        && !before.is_some_and(|w| {
            (w == "a" && lang == Lang::Fr)
                || matches!(
                    w,
                    "at" | "by" | "until" | "vers" | "en" | "in" | "within" | "under" | "sous"
                )
        })
}

/// A count and its unit written as one word: "2h", "45min", "3hrs", "10jours".
fn is_glued_span(word: &str) -> bool {
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit());
    unit.len() < word.len() && matches!(unit, "h" | "hrs" | "hours" | "min" | "mins" | "jours")
}

/// Digits or a counting word: "3", "deux", "several".
fn is_count(tokens: &Tokens, t: &Token, lang: Lang) -> bool {
    tokens.text(t).bytes().all(|b| b.is_ascii_digit())
        || t.info
            .and_then(|info| info.entry(lang))
            .is_some_and(|(e, _)| e.role == Role::Count)
}

impl Walk {
    fn word(&mut self, e: Entry, kind: Kind, text: &str, ctx: &Context, rec: &mut impl Recorder) {
        let Context {
            at: _,
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
                if e.role == Role::Courtesy && kind == CueKind::Word && v > 0.0 {
                    // Noted at the end, once it is known whether anything else is wrong.
                    self.courtesy.push((self.valences.len(), v, ctx.at));
                } else {
                    rec.note(|| Cue::new(kind, text, v));
                    self.valences.push(v);
                }
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
            let v = self.bare_negation;
            rec.note(|| Cue::new(CueKind::BareNegation, "", v));
            self.valences.push(v);
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

    fn finish(mut self, rating: Option<u8>, tokens: &Tokens, rec: &mut impl Recorder) -> Sum {
        self.end_negation(rec);
        let weight = |k: usize| match self.contrast_at {
            Some(at) if k < at => BEFORE_CONTRAST,
            Some(_) => AFTER_CONTRAST,
            None => 1.0,
        };
        let mut sum: f32 = self
            .valences
            .iter()
            .enumerate()
            .map(|(k, v)| v * weight(k))
            .sum();
        sum += URGENCY * self.urgency.count().min(2) as f32;
        let frustrated = self.frustration_word.is_some() && self.longest_question_run > 0;
        if frustrated || self.longest_question_run >= 2 {
            let asked = match self.frustration_word {
                Some(at) if frustrated => tokens.text(&tokens.list[at]),
                _ => "??",
            };
            rec.note(|| Cue::new(CueKind::Frustration, asked, FRUSTRATION));
            sum += FRUSTRATION;
        }
        // "Thanks for nothing", "merci pour l'attente de 3 heures": courtesy beside a
        // complaint is politeness or sarcasm, not praise.
        let wronged = sum - URGENCY * (self.urgency.count().min(2) as f32) < 0.0;
        // "Do you ship to Belgium? Thanks": thanks after a question is a formula.
        let courtesy_weight = if self.longest_question_run > 0 {
            QUESTION
        } else {
            1.0
        };
        for &(k, v, at) in &self.courtesy {
            let word = tokens.text(&tokens.list[at]);
            if wronged {
                rec.note(|| Cue::new(CueKind::Courtesy, word, 0.0));
            } else {
                let v = v * courtesy_weight;
                rec.note(|| Cue::new(CueKind::Word, word, v));
                sum += v * weight(k);
            }
        }
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
        let damped = !(frustrated || self.longest_question_run >= 2);
        if damped && self.ends_with_question && self.bangs == 0 && self.urgency.is_empty() {
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
