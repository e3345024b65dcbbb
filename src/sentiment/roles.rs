//! The grammar words the rules act on, per language: negators, intensifiers and diminishers,
//! contrast markers. They are folded into the lexicon tables at load, so reading a word costs
//! one lookup whatever role it plays.

use super::rules::BOOST;

/// What a word does to the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Role {
    #[default]
    Plain,
    /// Flips the feeling of the next few words (`not`, `jamais`).
    Negator,
    /// French `ne`/`n'`: a negator that also arms `plus` and `personne`.
    Ne,
    /// Negates only after `ne`: `ne … plus` is negation, `plus beau` a comparison.
    NegatorAfterNe,
    /// Adds to (or, negative, takes from) the next feeling: `very`, `un peu`.
    Booster(f32),
    /// What follows counts more: `but`, `mais`.
    Contrast,
    /// A contrast when the next word is this one: `par contre`, `en revanche`.
    ContrastBefore(&'static str),
    /// Lets a negation or an intensifier reach past it: "don't *think* this is good".
    Transparent,
    /// Politeness whose warmth counts only when nothing else is wrong: "thanks", "please",
    /// "merci". "Thanks for cancelling my flight" is not praise.
    Courtesy,
    /// Opens a question of frustration rather than of information: "why", "pourquoi".
    Frustration,
    /// A count before a time unit: "two", "plusieurs" (digits count too).
    Count,
    /// A span of time that, counted, is time spent waiting: "3 hours", "deux semaines".
    TimeUnit,
}

/// Words of both languages that count things; digits are counts as well.
const COUNTS_EN: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "several",
    "many", "few", "couple", "multiple",
];
const COUNTS_FR: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "douze",
    "quinze",
    "plusieurs",
    "des",
    "quelques",
];
const TIME_UNITS_EN: &[&str] = &["hours", "hrs", "days", "weeks", "months", "minutes", "mins"];
const TIME_UNITS_FR: &[&str] = &["heures", "jours", "semaines", "mois", "minutes"];
const COURTESY_EN: &[&str] = &[
    "thanks",
    "thank",
    "thx",
    "ty",
    "please",
    "pls",
    "plz",
    "hi",
    "hello",
    "yes",
    "yeah",
    "ok",
    "okay",
    "appreciate",
    "appreciated",
];
const COURTESY_FR: &[&str] = &["merci", "svp", "stp", "bonjour", "oui", "ok", "d'accord"];

/// The roles of one language: its grammar table, then its word lists.
pub(super) fn of(french: bool) -> impl Iterator<Item = (&'static str, Role)> {
    let (table, counts, units, courtesy, why) = if french {
        (FRENCH, COUNTS_FR, TIME_UNITS_FR, COURTESY_FR, "pourquoi")
    } else {
        (ENGLISH, COUNTS_EN, TIME_UNITS_EN, COURTESY_EN, "why")
    };
    let listed = |list: &'static [&'static str], role| list.iter().map(move |w| (*w, role));
    table
        .iter()
        .copied()
        .chain(listed(counts, Role::Count))
        .chain(listed(units, Role::TimeUnit))
        .chain(listed(courtesy, Role::Courtesy))
        .chain(std::iter::once((why, Role::Frustration)))
}

const ENGLISH: &[(&str, Role)] = &[
    ("not", Role::Negator),
    ("no", Role::Negator),
    ("never", Role::Negator),
    ("nor", Role::Negator),
    ("without", Role::Negator),
    ("nothing", Role::Negator),
    ("nobody", Role::Negator),
    ("none", Role::Negator),
    ("neither", Role::Negator),
    ("cannot", Role::Negator),
    ("nowhere", Role::Negator),
    ("dont", Role::Negator),
    ("doesnt", Role::Negator),
    ("didnt", Role::Negator),
    ("isnt", Role::Negator),
    ("wasnt", Role::Negator),
    ("arent", Role::Negator),
    ("werent", Role::Negator),
    ("cant", Role::Negator),
    ("couldnt", Role::Negator),
    ("wont", Role::Negator),
    ("wouldnt", Role::Negator),
    ("shouldnt", Role::Negator),
    ("havent", Role::Negator),
    ("hasnt", Role::Negator),
    ("hadnt", Role::Negator),
    ("aint", Role::Negator),
    ("very", Role::Booster(BOOST)),
    ("so", Role::Booster(BOOST)),
    ("soo", Role::Booster(BOOST)),
    ("really", Role::Booster(BOOST)),
    ("extremely", Role::Booster(BOOST)),
    ("absolutely", Role::Booster(BOOST)),
    ("totally", Role::Booster(BOOST)),
    ("super", Role::Booster(BOOST)),
    ("incredibly", Role::Booster(BOOST)),
    ("completely", Role::Booster(BOOST)),
    ("truly", Role::Booster(BOOST)),
    ("highly", Role::Booster(BOOST)),
    ("such", Role::Booster(BOOST)),
    ("especially", Role::Booster(BOOST)),
    ("utterly", Role::Booster(BOOST)),
    ("most", Role::Booster(BOOST)),
    ("damn", Role::Booster(BOOST)),
    ("fucking", Role::Booster(BOOST)),
    ("slightly", Role::Booster(-BOOST)),
    ("somewhat", Role::Booster(-BOOST)),
    ("kinda", Role::Booster(-BOOST)),
    ("barely", Role::Booster(-BOOST)),
    ("hardly", Role::Booster(-BOOST)),
    ("fairly", Role::Booster(-BOOST)),
    ("sorta", Role::Booster(-BOOST)),
    ("partly", Role::Booster(-BOOST)),
    ("mildly", Role::Booster(-BOOST)),
    ("bit", Role::Booster(-BOOST)),
    ("little", Role::Booster(-BOOST)),
    ("think", Role::Transparent),
    ("believe", Role::Transparent),
    ("feel", Role::Transparent),
    ("find", Role::Transparent),
    ("is", Role::Transparent),
    ("are", Role::Transparent),
    ("was", Role::Transparent),
    ("were", Role::Transparent),
    ("be", Role::Transparent),
    ("been", Role::Transparent),
    ("it", Role::Transparent),
    ("this", Role::Transparent),
    ("that", Role::Transparent),
    ("the", Role::Transparent),
    ("a", Role::Transparent),
    ("an", Role::Transparent),
    ("but", Role::Contrast),
    ("however", Role::Contrast),
    ("though", Role::Contrast),
    ("although", Role::Contrast),
];

const FRENCH: &[(&str, Role)] = &[
    ("ne", Role::Ne),
    ("n'", Role::Ne),
    ("pas", Role::Negator),
    ("jamais", Role::Negator),
    ("rien", Role::Negator),
    ("aucun", Role::Negator),
    ("aucune", Role::Negator),
    ("sans", Role::Negator),
    ("ni", Role::Negator),
    ("guere", Role::Negator),
    ("plus", Role::NegatorAfterNe),
    ("personne", Role::NegatorAfterNe),
    ("tres", Role::Booster(BOOST)),
    ("vraiment", Role::Booster(BOOST)),
    ("tellement", Role::Booster(BOOST)),
    ("hyper", Role::Booster(BOOST)),
    ("grave", Role::Booster(BOOST)),
    ("vachement", Role::Booster(BOOST)),
    ("carrement", Role::Booster(BOOST)),
    ("extremement", Role::Booster(BOOST)),
    ("totalement", Role::Booster(BOOST)),
    ("completement", Role::Booster(BOOST)),
    ("si", Role::Booster(BOOST)),
    ("absolument", Role::Booster(BOOST)),
    ("super", Role::Booster(BOOST)),
    ("trop", Role::Booster(BOOST)),
    ("franchement", Role::Booster(BOOST)),
    // "bien vide", "bien meilleur": before a feeling, `bien` intensifies it.
    ("bien", Role::Booster(BOOST)),
    ("peu", Role::Booster(-BOOST)),
    ("assez", Role::Booster(-BOOST)),
    ("plutot", Role::Booster(-BOOST)),
    ("legerement", Role::Booster(-BOOST)),
    ("moyennement", Role::Booster(-BOOST)),
    ("pense", Role::Transparent),
    ("crois", Role::Transparent),
    ("trouve", Role::Transparent),
    ("est", Role::Transparent),
    ("etait", Role::Transparent),
    ("etre", Role::Transparent),
    ("ete", Role::Transparent),
    ("c'", Role::Transparent),
    ("ce", Role::Transparent),
    ("ca", Role::Transparent),
    ("le", Role::Transparent),
    ("la", Role::Transparent),
    ("les", Role::Transparent),
    ("l'", Role::Transparent),
    ("un", Role::Transparent),
    ("une", Role::Transparent),
    ("mais", Role::Contrast),
    ("cependant", Role::Contrast),
    ("pourtant", Role::Contrast),
    ("toutefois", Role::Contrast),
    ("sauf", Role::Contrast),
    ("par", Role::ContrastBefore("contre")),
    ("en", Role::ContrastBefore("revanche")),
];
