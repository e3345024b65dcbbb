//! The tone check: a reply read against the message it answers, before it is posted, for what
//! customer-care practice warns against — a bare refusal, criticism answered without an
//! apology, blame or argument, no invitation to go on, the customer's name unused, another
//! language, shouting, a link off the brand's domains. Findings are advice, each with the words
//! that raised it and a suggestion; only an empty reply or an unfilled template placeholder
//! blocks sending. The phrases are data (`phrases.tsv`); `[tone]` turns checks off.

mod phrases;
mod words;

use crate::sentiment::{self, Lang};
use phrases::Kind;
use serde::{Deserialize, Serialize};
use words::Words;

/// Which checks run, and the brand's own domains (`[tone]` in the config).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub refusal: bool,
    pub apology: bool,
    pub blame: bool,
    pub invitation: bool,
    pub name: bool,
    pub language: bool,
    pub shouting: bool,
    pub links: bool,
    /// Links to these domains (and their subdomains) are the brand's own.
    pub brand_domains: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            refusal: true,
            apology: true,
            blame: true,
            invitation: true,
            name: true,
            language: true,
            shouting: true,
            links: true,
            brand_domains: Vec::new(),
        }
    }
}

/// The message a reply answers, as far as the check needs it.
#[derive(Debug, Clone, Default)]
pub struct Answered<'a> {
    pub text: &'a str,
    /// The author's display name, when the network gives one (not a handle).
    pub author_name: Option<&'a str>,
    /// The network's language tag, when it gives one.
    pub lang: Option<&'a str>,
    /// Whether the message is criticism: negative, or carrying a complaint cue.
    pub criticism: bool,
}

impl<'a> Answered<'a> {
    /// A message known only by its text: the tagger decides whether it is criticism.
    pub fn from_text(text: &'a str, author_name: Option<&'a str>) -> Answered<'a> {
        let a = sentiment::analyze(text, None, None);
        Answered {
            text,
            author_name,
            lang: None,
            criticism: a.label == crate::model::SentimentLabel::Neg || !a.urgency.is_empty(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Refusal,
    NoApology,
    Blame,
    NoInvitation,
    Name,
    Language,
    Shouting,
    Link,
}

impl Check {
    pub fn title(self) -> &'static str {
        match self {
            Check::Refusal => "a refusal with no alternative",
            Check::NoApology => "criticism answered without an apology",
            Check::Blame => "blame or argument",
            Check::NoInvitation => "no invitation to continue",
            Check::Name => "their name is not used",
            Check::Language => "another language than theirs",
            Check::Shouting => "shouting",
            Check::Link => "a link off the brand's domains",
        }
    }
}

/// One thing the check found: what, the words that raised it, and what to do instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub check: Check,
    pub words: Vec<String>,
    pub suggestion: String,
}

/// Why a reply cannot be sent at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason", content = "text")]
pub enum Blocked {
    Empty,
    /// A template field left unfilled, as the reply shows it: `⟨order?⟩`.
    Placeholder(String),
}

impl Blocked {
    pub fn sentence(&self) -> String {
        match self {
            Blocked::Empty => "The reply is empty; type something first.".to_string(),
            Blocked::Placeholder(p) => {
                format!("Not sent: fill in {p} first (a template field without a value).")
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    pub blocked: Option<Blocked>,
    pub findings: Vec<Finding>,
}

impl Review {
    pub fn is_clean(&self) -> bool {
        self.blocked.is_none() && self.findings.is_empty()
    }
}

/// Reads `reply` against the message it answers.
pub fn check(reply: &str, to: &Answered, settings: &Settings) -> Review {
    if reply.trim().is_empty() {
        return Review {
            blocked: Some(Blocked::Empty),
            findings: Vec::new(),
        };
    }
    let r = Reading::of(reply, to);
    let checks: [(bool, Option<Finding>); 8] = [
        (settings.refusal, r.refusal()),
        (settings.apology, r.no_apology(to)),
        (settings.blame, r.blame()),
        (settings.invitation, r.no_invitation()),
        (settings.name, r.name_unused(to)),
        (settings.language, r.other_language()),
        (settings.shouting, r.shouting()),
        (settings.links, r.off_brand(&settings.brand_domains)),
    ];
    Review {
        blocked: placeholder(reply).map(Blocked::Placeholder),
        findings: checks
            .into_iter()
            .filter_map(|(on, found)| found.filter(|_| on))
            .collect(),
    }
}

/// A reply as the checks read it: its words, its language and the message's.
struct Reading<'a> {
    reply: &'a str,
    words: Words,
    reply_lang: Lang,
    message_lang: Lang,
    /// Suggestions are given in French when the reply is (or, undetected, the message is).
    french: bool,
}

impl<'a> Reading<'a> {
    fn of(reply: &'a str, to: &Answered) -> Reading<'a> {
        let reply_lang = sentiment::detect(reply);
        let message_lang = to
            .lang
            .and_then(Lang::from_tag)
            .unwrap_or_else(|| sentiment::detect(to.text));
        Reading {
            reply,
            words: Words::of(reply),
            reply_lang,
            message_lang,
            french: reply_lang == Lang::Fr
                || (reply_lang == Lang::Unknown && message_lang == Lang::Fr),
        }
    }

    /// The phrases of `kind` the reply holds, in its language (both when undetected).
    fn found(&self, kind: Kind) -> Vec<String> {
        let langs: &[Lang] = match self.reply_lang {
            Lang::Unknown => &[Lang::En, Lang::Fr],
            Lang::En => &[Lang::En],
            Lang::Fr => &[Lang::Fr],
        };
        let mut all: Vec<String> = Vec::new();
        for phrase in langs
            .iter()
            .flat_map(|l| phrases::table().find(&self.words, *l, kind))
        {
            if !all.contains(&phrase) {
                all.push(phrase);
            }
        }
        all
    }

    fn finding(&self, check: Check, words: Vec<String>, en: &str, fr: &str) -> Option<Finding> {
        Some(Finding {
            check,
            words,
            suggestion: say(self.french, en, fr),
        })
    }

    fn refusal(&self) -> Option<Finding> {
        let mut refusals = self.found(Kind::Refusal);
        if self.found(Kind::NotRefusal).is_empty() {
            refusals.extend(self.found(Kind::RefusalStart));
        }
        if refusals.is_empty() || !self.found(Kind::Alternative).is_empty() {
            return None;
        }
        self.finding(
            Check::Refusal,
            refusals,
            "Say what you can do instead: another option, a next step.",
            "Dites ce que vous pouvez faire à la place : une autre option, une suite.",
        )
    }

    fn no_apology(&self, to: &Answered) -> Option<Finding> {
        if !to.criticism || !self.found(Kind::Apology).is_empty() {
            return None;
        }
        self.finding(
            Check::NoApology,
            Vec::new(),
            "Acknowledge the problem and apologise first (\"Sorry about …\").",
            "Reconnaissez le problème et excusez-vous d'abord (« Désolés pour … »).",
        )
    }

    fn blame(&self) -> Option<Finding> {
        let blame = self.found(Kind::Blame);
        if blame.is_empty() {
            return None;
        }
        self.finding(
            Check::Blame,
            blame,
            "Don't argue or blame: say what happens next.",
            "Ne reprochez rien : dites ce qui va se passer.",
        )
    }

    fn no_invitation(&self) -> Option<Finding> {
        if self.reply.contains('?') || !self.found(Kind::Invitation).is_empty() {
            return None;
        }
        self.finding(
            Check::NoInvitation,
            Vec::new(),
            "Invite them to go on: a question, or \"send us a DM with your order number\".",
            "Invitez à poursuivre : une question, ou « écrivez-nous en message privé ».",
        )
    }

    fn name_unused(&self, to: &Answered) -> Option<Finding> {
        let first = to.author_name.and_then(first_name)?;
        if self.words.contains_word(&words::fold_word(&first)) {
            return None;
        }
        self.finding(
            Check::Name,
            vec![first.clone()],
            &format!("Call them by their name: \"{first}, …\"."),
            &format!("Appelez la personne par son prénom : « {first}, … »."),
        )
    }

    fn other_language(&self) -> Option<Finding> {
        let (theirs, ours) = (self.message_lang, self.reply_lang);
        if theirs == Lang::Unknown || ours == Lang::Unknown || theirs == ours {
            return None;
        }
        Some(Finding {
            check: Check::Language,
            words: vec![format!("{} → {}", theirs.as_str(), ours.as_str())],
            suggestion: match theirs {
                Lang::Fr => "Their message is in French: answer in French.".to_string(),
                _ => "Leur message est en anglais : répondez en anglais.".to_string(),
            },
        })
    }

    fn shouting(&self) -> Option<Finding> {
        let shouted = shouting(self.reply);
        if shouted.is_empty() {
            return None;
        }
        self.finding(
            Check::Shouting,
            shouted,
            "Write in sentence case, with one ! at most.",
            "Écrivez sans majuscules criées, avec un ! au plus.",
        )
    }

    fn off_brand(&self, brand: &[String]) -> Option<Finding> {
        let off = off_brand_links(self.reply, brand);
        if off.is_empty() {
            return None;
        }
        self.finding(
            Check::Link,
            off,
            "Link to your own site only (list it in [tone] brand_domains).",
            "Ne mettez de lien que vers votre site (listé dans [tone] brand_domains).",
        )
    }
}

fn say(french: bool, en: &str, fr: &str) -> String {
    if french { fr } else { en }.to_string()
}

/// The first unfilled template field: `⟨order?⟩` or `⟨unknown: x⟩`.
fn placeholder(reply: &str) -> Option<String> {
    let start = reply.find('⟨')?;
    let end = reply[start..]
        .find('⟩')
        .map_or(reply.len(), |k| start + k + '⟩'.len_utf8());
    Some(reply[start..end].to_string())
}

/// A first name from a display name: its first word, when it reads as a name ("Sam Evans" →
/// "Sam"); handles, initials and names with digits are not used.
fn first_name(display: &str) -> Option<String> {
    let first = display.split_whitespace().next()?;
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    let mut chars = first.chars();
    let initial = chars.next()?;
    (initial.is_uppercase()
        && first.chars().count() >= 2
        && first
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\''))
    .then(|| first.to_string())
}

/// Words in capitals (three letters or more, two of them or one beside `!!`) and runs of `!`.
fn shouting(reply: &str) -> Vec<String> {
    let caps: Vec<String> = reply
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_uppercase))
        .map(str::to_string)
        .collect();
    let bangs = reply
        .split(|c: char| c != '!')
        .filter(|run| run.len() >= 2)
        .max_by_key(|run| run.len())
        .map(str::to_string);
    let mut found = Vec::new();
    if caps.len() >= 2 || (!caps.is_empty() && bangs.is_some()) {
        found.extend(caps);
    }
    found.extend(bangs);
    found
}

/// The links whose host is not one of the brand's domains (nor under one).
fn off_brand_links(reply: &str, brand: &[String]) -> Vec<String> {
    reply
        .split_whitespace()
        .filter_map(|w| {
            let rest = w
                .strip_prefix("https://")
                .or_else(|| w.strip_prefix("http://"))
                .or_else(|| w.starts_with("www.").then_some(w))?;
            let host = rest
                .split(['/', '?', '#', ':'])
                .next()
                .unwrap_or("")
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let own = brand.iter().any(|d| {
                let d = d.trim().trim_start_matches("www.").to_lowercase();
                let host = host.trim_start_matches("www.");
                !d.is_empty() && (host == d || host.ends_with(&format!(".{d}")))
            });
            (!own && !host.is_empty()).then_some(host)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_names_links_and_shouting_are_read() {
        assert_eq!(placeholder("Hi ⟨name?⟩, ok"), Some("⟨name?⟩".to_string()));
        assert_eq!(placeholder("Hi Ana"), None);
        assert_eq!(first_name("Sam Evans"), Some("Sam".to_string()));
        assert_eq!(first_name("@sam_e"), None);
        assert_eq!(first_name("nathan.fontaine"), None);
        assert_eq!(
            off_brand_links(
                "see https://help.novacafe.fr/x and http://bit.ly/abc.",
                &["novacafe.fr".to_string()]
            ),
            ["bit.ly"]
        );
        assert_eq!(shouting("We are SORRY!!"), ["SORRY", "!!"]);
        assert!(shouting("Your order left via UPS today.").is_empty());
    }
}
