//! The demo's recurring authors: a population with names, languages, networks, audiences and
//! a disposition, so that the same people come back with their own history.

use crate::model::{Author, Channel};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const FIRST_FR: &[&str] = &[
    "Camille", "Lucas", "Chloé", "Hugo", "Manon", "Nathan", "Léa", "Théo", "Inès", "Louis", "Jade",
    "Arthur", "Zoé", "Mathis", "Sarah", "Yanis", "Clara", "Noah", "Amira", "Gabriel", "Élodie",
    "Rémi", "Océane", "Bastien", "Anaïs", "Karim",
];
const FIRST_EN: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Mia", "James", "Harper", "Oliver", "Amelia",
    "Jack", "Grace", "Henry", "Chloe", "Leo", "Ruby", "Sam", "Priya", "Kenji", "Aisha", "Diego",
    "Hannah", "Owen",
];
const LAST_FR: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Nguyen",
];
const LAST_EN: &[&str] = &[
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright",
    "Green", "Hall", "Clarke", "Patel", "Kim", "Murphy", "O'Brien", "Lopez", "Cohen",
];
const INSTANCES: &[&str] = &[
    "mastodon.social",
    "piaille.fr",
    "mamot.fr",
    "hachyderm.io",
    "fosstodon.org",
];

/// How a person tends to feel about the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Disposition {
    Promoter,
    Neutral,
    Detractor,
}

#[derive(Debug, Clone)]
pub(super) struct Person {
    pub first: &'static str,
    pub last: &'static str,
    pub french: bool,
    pub channels: Vec<Channel>,
    pub followers: u64,
    pub disposition: Disposition,
    slug: String,
}

impl Person {
    /// This person's identity on one network, as that network spells handles.
    pub(super) fn author_on(&self, channel: Channel) -> Author {
        let name = format!("{} {}", self.first, self.last);
        let handle = match channel {
            Channel::Mastodon => {
                let inst = INSTANCES[self.slug.len() % INSTANCES.len()];
                format!("@{}@{inst}", self.slug)
            }
            Channel::Bluesky => format!("{}.bsky.social", self.slug),
            Channel::Instagram => format!("@{}", self.slug.replace('.', "_")),
            Channel::Facebook => name.clone(),
            Channel::GoogleReviews => format!(
                "{} {}.",
                self.first,
                self.last.chars().next().unwrap_or('X')
            ),
        };
        let followers = match channel {
            // Google reviewers have no audience figure.
            Channel::GoogleReviews => None,
            _ => Some(self.followers),
        };
        Author {
            handle,
            name: Some(name),
            followers,
        }
    }
}

/// Builds `count` people. Audiences follow a heavy tail: most have hundreds of followers,
/// a few are influencers with hundreds of thousands.
pub(super) fn population(rng: &mut ChaCha8Rng, count: usize) -> Vec<Person> {
    (0..count)
        .map(|i| {
            let french = rng.gen_bool(0.55);
            let (firsts, lasts) = if french {
                (FIRST_FR, LAST_FR)
            } else {
                (FIRST_EN, LAST_EN)
            };
            let first = firsts[rng.gen_range(0..firsts.len())];
            let last = lasts[rng.gen_range(0..lasts.len())];
            let slug = format!("{}.{}{}", ascii_lower(first), ascii_lower(last), i % 97);
            let mut channels: Vec<Channel> = Channel::ALL
                .into_iter()
                .filter(|_| rng.gen_bool(0.35))
                .collect();
            if channels.is_empty() {
                channels.push(Channel::ALL[rng.gen_range(0..Channel::ALL.len())]);
            }
            let followers = audience(rng);
            let disposition = match rng.gen_range(0..10) {
                0..=3 => Disposition::Promoter,
                4..=7 => Disposition::Neutral,
                _ => Disposition::Detractor,
            };
            Person {
                first,
                last,
                french,
                channels,
                followers,
                disposition,
                slug,
            }
        })
        .collect()
}

fn audience(rng: &mut ChaCha8Rng) -> u64 {
    // exp of a uniform gives a log-uniform spread; a small share gets influencer reach.
    let base = (rng.gen_range(2.5f64..7.5)).exp() as u64;
    if rng.gen_bool(0.04) {
        base * rng.gen_range(100..400)
    } else {
        base
    }
}

/// Handles use plain ASCII letters, as most networks require.
fn ascii_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'É' => 'e',
            'ï' | 'î' => 'i',
            'ö' | 'ô' => 'o',
            'ç' => 'c',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}
