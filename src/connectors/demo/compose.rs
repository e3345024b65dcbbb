//! Composes one message from the phrase banks: a greeting, a core sentence on a topic, details,
//! urgency cues, emoji and the small irregularities of real social text.

use super::phrases::{self, Phrases, Topic};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// The feeling a composed message is meant to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mood {
    Pleased,
    Curious,
    Annoyed,
    /// A 3-star review: some praise, some criticism.
    Mixed,
}

pub(super) const BRAND: &str = "NovaCafe";

pub(super) fn bank(french: bool) -> &'static Phrases {
    if french {
        &phrases::fr::FR
    } else {
        &phrases::en::EN
    }
}

pub(super) fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or("")
}

/// A message body in the given mood and topic.
pub(super) fn body(rng: &mut ChaCha8Rng, french: bool, mood: Mood, topic: Topic) -> String {
    let p = bank(french);
    let mut parts: Vec<String> = Vec::new();
    let greeting = pick(rng, p.greetings);
    if !greeting.is_empty() {
        parts.push(greeting.to_string());
    }
    match mood {
        Mood::Pleased => {
            parts.push(pick(rng, (p.praise)(topic)).to_string());
            if rng.gen_bool(0.5) {
                parts.push(pick(rng, phrases::POSITIVE_EMOJI).to_string());
            }
            parts.push(pick(rng, p.praise_closers).to_string());
        }
        Mood::Curious => {
            if rng.gen_bool(0.4) {
                parts.push(pick(rng, p.neutral).to_string());
            }
            parts.push(pick(rng, (p.questions)(topic)).to_string());
            if rng.gen_bool(0.2) {
                parts.push(pick(rng, phrases::NEUTRAL_EMOJI).to_string());
            }
            parts.push(pick(rng, p.question_closers).to_string());
        }
        Mood::Annoyed => {
            let mut core = pick(rng, (p.criticism)(topic)).to_string();
            if rng.gen_bool(0.1) {
                core = core.to_uppercase();
            }
            if rng.gen_bool(0.15) {
                core = core.trim_end_matches('.').to_string() + "!!!";
            }
            parts.push(core);
            if rng.gen_bool(0.6) {
                parts.push(pick(rng, p.criticism_details).to_string());
            }
            if rng.gen_bool(0.35) {
                parts.push(pick(rng, p.urgency).to_string());
            }
            if rng.gen_bool(0.4) {
                parts.push(pick(rng, phrases::NEGATIVE_EMOJI).to_string());
            }
        }
        Mood::Mixed => {
            let good = pick(rng, (p.praise)(topic));
            let other = Topic::ALL[rng.gen_range(0..Topic::ALL.len())];
            let bad = lower_first(pick(rng, (p.criticism)(other)));
            parts.push(format!("{good}{}{bad}", pick(rng, p.mixed_joiners)));
        }
    }
    let parts: Vec<String> = parts.into_iter().filter(|s| !s.is_empty()).collect();
    let mut text = String::new();
    for part in parts {
        // "Honestly, the app…": after a comma the sentence goes on in lower case.
        let part = if text.ends_with(',') {
            lower_first(&part)
        } else {
            part
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&part);
    }
    fill_slots(rng, french, &text)
}

/// Replaces `{slot}` markers with plausible values.
pub(super) fn fill_slots(rng: &mut ChaCha8Rng, french: bool, text: &str) -> String {
    let p = bank(french);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let slot = &rest[start + 1..start + len];
        out.push_str(&slot_value(rng, french, p, slot));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

fn slot_value(rng: &mut ChaCha8Rng, french: bool, p: &Phrases, slot: &str) -> String {
    // Shouted sentences arrive upper-cased, slots included.
    match slot.to_lowercase().as_str() {
        "brand" => BRAND.to_string(),
        "product" => pick(rng, p.products).to_string(),
        "order" => format!("#NC{}", rng.gen_range(10_000..99_999)),
        "days" => rng.gen_range(2..15).to_string(),
        "hours" => rng.gen_range(2..9).to_string(),
        "weekday" => pick(rng, p.weekdays).to_string(),
        "staff" => pick(rng, phrases::STAFF).to_string(),
        "city" => pick(rng, phrases::CITIES).to_string(),
        "amount" => {
            let v = rng.gen_range(9..140);
            if french {
                format!("{v} €")
            } else {
                format!("${v}")
            }
        }
        other => other.to_string(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep proper nouns and slots as written.
        Some(f)
            if f == '{'
                || s.starts_with("I ")
                || s.starts_with("I'")
                || f.is_uppercase() && c.clone().next().is_some_and(|n| n.is_uppercase()) =>
        {
            s.to_string()
        }
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What the brand answered in the backlog's past conversations.
pub(super) fn brand_reply(
    rng: &mut ChaCha8Rng,
    french: bool,
    first_name: &str,
    mood: Mood,
) -> String {
    let options: &[&str] = match (french, mood) {
        (true, Mood::Annoyed | Mood::Mixed) => &[
            "Bonjour {first}, nous sommes vraiment désolés. Pouvez-vous nous envoyer votre numéro de commande en message privé ? Nous regardons tout de suite.",
            "{first}, toutes nos excuses pour ce désagrément. Nous vous proposons un renvoi gratuit ou un remboursement : qu'est-ce qui vous arrange ?",
        ],
        (true, Mood::Pleased) => &[
            "Merci {first} ! Ça nous fait très plaisir. À bientôt à la boutique ☕",
            "Merci beaucoup {first}, on transmet à toute l'équipe !",
        ],
        (true, Mood::Curious) => &[
            "Bonjour {first}, bonne question : nous vous répondons en détail en message privé, d'accord ?",
            "Bonjour {first} ! Oui, tout est expliqué ici : novacafe.example/aide. Dites-nous si besoin.",
        ],
        (false, Mood::Annoyed | Mood::Mixed) => &[
            "Hi {first}, we're truly sorry about this. Could you DM us your order number? We'll look into it right away.",
            "{first}, apologies for the trouble. We can resend it for free or refund you: which would you prefer?",
        ],
        (false, Mood::Pleased) => &[
            "Thank you {first}! That means a lot to the team. See you soon ☕",
            "Thanks so much {first}, we'll pass it on to the whole team!",
        ],
        (false, Mood::Curious) => &[
            "Hi {first}, good question: we'll send you the details by DM, ok?",
            "Hi {first}! Yes, it's all explained at novacafe.example/help. Tell us if anything is unclear.",
        ],
    };
    pick(rng, options).replace("{first}", first_name)
}
