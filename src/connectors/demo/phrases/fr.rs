//! French phrase bank of the demo source, written in French (not translated word for word),
//! with the spellings people really use on social networks: elisions, missing accents, caps.

use super::{Phrases, Topic};

pub(crate) static FR: Phrases = Phrases {
    greetings: &[
        "",
        "",
        "",
        "Bonjour {brand},",
        "Salut {brand} !",
        "Coucou {brand}",
        "{brand}",
        "Bonjour,",
        "@{brand}",
        "Franchement,",
        "Sérieusement",
        "Petit message pour {brand} :",
        "Allo {brand} ?",
        "Bonsoir,",
    ],
    praise,
    criticism,
    questions,
    neutral: &[
        "Je viens de goûter le {product} à la boutique de {city}.",
        "Quelqu'un a déjà commandé le {product} ?",
        "Vu votre post sur le {product}.",
        "Commande récupérée aujourd'hui.",
        "Ma sœur m'a parlé de {brand}.",
        "Je passe à la boutique de {city} {weekday}.",
        "Je lis la FAQ sur la livraison à {city}.",
        "Reçu la newsletter sur le {product}.",
        "Je change de fournisseur pour passer chez {brand}.",
        "En direct de {city} pour le live.",
    ],
    criticism_details: &[
        "C'est la troisième fois ce mois-ci.",
        "J'attends depuis {weekday}.",
        "Commande {order}, toujours rien après {days} jours.",
        "Personne ne répond au téléphone.",
        "Votre chatbot tourne en rond.",
        "J'ai payé {amount} pour ça.",
        "Deux mails, aucune réponse.",
        "Franchement pas digne de vous.",
        "J'adorais cette marque avant.",
        "Le service client m'a raccroché au nez.",
        "{hours} heures d'attente au total.",
        "Le suivi n'a pas bougé depuis {days} jours.",
        "Et le carton était trempé.",
        "Même pas une excuse.",
    ],
    urgency: &[
        "Je veux être remboursé.",
        "Remboursez-moi maintenant.",
        "C'est une arnaque.",
        "Je vais voir un avocat.",
        "Je veux résilier mon abonnement.",
        "J'ai été débité deux fois !",
        "J'attends toujours !!",
        "Mon colis n'est jamais arrivé.",
        "Je signale ça à la répression des fraudes.",
        "Rappelez-moi aujourd'hui svp.",
    ],
    praise_closers: &[
        "",
        "",
        "Continuez comme ça !",
        "Merci {staff} !",
        "Je recommanderai.",
        "Dix sur dix.",
        "Le meilleur de {city}.",
        "Je vais en parler à tous mes amis.",
        "Vous avez illuminé mon {weekday}.",
        "Je vous adore.",
        "Je recommande vivement.",
        "Ça vaut chaque centime.",
    ],
    question_closers: &[
        "",
        "",
        "Merci d'avance.",
        "Une idée ?",
        "Merci !",
        "Dites-moi !",
        "Je peux vous écrire en MP si besoin.",
        "Bonne journée.",
    ],
    mixed_joiners: &[
        " Mais ",
        " Par contre ",
        " Cela dit, ",
        " Seul bémol : ",
        " En revanche, ",
    ],
    thanks_after_reply: &[
        "Merci pour la réponse rapide !",
        "C'est noté, merci {staff}.",
        "Parfait, c'est réglé 🙏",
        "Merci beaucoup, c'est gentil.",
        "Super, merci de m'avoir répondu.",
        "Top, merci !",
    ],
    still_upset_after_reply: &[
        "Ça ne règle rien du tout.",
        "J'attends toujours une vraie solution.",
        "Une réponse copiée-collée, sérieux ?",
        "J'ai envoyé le MP, aucune réponse depuis.",
        "Et donc ? Rien n'a changé.",
    ],
    // All masculine and consonant-initial, so "le {product}" and "du" forms stay grammatical.
    products: &[
        "mélange espresso",
        "déca",
        "cold brew",
        "moulin",
        "latte avoine",
        "coffret cadeau",
        "café d'Éthiopie",
        "coffret découverte",
        "mug isotherme",
        "croissant pistache",
        "kit V60",
        "mélange de Noël",
        "percolateur",
        "sirop noisette",
    ],
    weekdays: &[
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
};

fn praise(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "Livraison super rapide, {product} reçu en {days} jours !",
            "Colis arrivé en avance et très bien emballé.",
            "Jamais eu une livraison aussi rapide à {city}.",
        ],
        Topic::Product => &[
            "Le {product} est génial.",
            "J'adore le nouveau {product}.",
            "Le meilleur {product} que j'ai bu depuis des années.",
            "Votre {product} est trop bon, j'en ai recommandé.",
            "Pas mal du tout ce {product}.",
            "Le {product} sent divinement bon.",
        ],
        Topic::Billing => &[
            "Remboursement reçu en un jour, chapeau.",
            "Prix honnêtes et factures claires, merci.",
        ],
        Topic::App => &[
            "La nouvelle appli est vraiment fluide.",
            "Trop bien le bouton pour recommander dans l'appli.",
            "Commande passée en 30 secondes sur l'appli.",
        ],
        Topic::Staff => &[
            "{staff} à la boutique de {city} a été adorable.",
            "Un grand merci à {staff} pour l'aide aujourd'hui.",
            "Votre SAV a réglé mon souci en quelques minutes.",
        ],
        Topic::Shop => &[
            "La boutique de {city} est l'endroit le plus chaleureux de la ville.",
            "Super ambiance ce matin à {city}.",
            "Bonne musique et café encore meilleur à {city}.",
        ],
        Topic::Subscription => &[
            "Ma box abonnement, c'est le moment préféré de mon mois.",
            "Mettre l'abonnement en pause a été hyper simple.",
            "Le {product} surprise de la box de ce mois était top.",
        ],
    }
}

fn criticism(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "Ma commande {order} n'est toujours pas arrivée.",
            "Colis marqué livré mais rien devant ma porte.",
            "{days} jours de retard et aucune nouvelle.",
            "Le livreur a laissé mon {product} sous la pluie.",
            "La livraison à {city} c'est n'importe quoi.",
            "Carton écrasé et {product} cassé.",
            "Toujours pas recu ma commande, tres decu.",
        ],
        Topic::Product => &[
            "Le {product} a un goût de brûlé.",
            "Mon {product} ne marche plus au bout d'une semaine.",
            "Très déçu par le {product}.",
            "Le {product} ne ressemble pas du tout aux photos.",
            "Ce lot de {product} est rassis.",
            "Le pire {product} que j'ai jamais acheté.",
            "Le {product} n'est pas bon du tout.",
        ],
        Topic::Billing => &[
            "Vous m'avez débité deux fois pour la commande {order}.",
            "Toujours pas de remboursement après {days} jours.",
            "Des frais cachés au paiement, pas cool.",
            "Encore une hausse de prix, {amount} le paquet c'est trop cher.",
            "Prélevé alors que j'avais résilié.",
        ],
        Topic::App => &[
            "L'appli plante à chaque paiement.",
            "Impossible de me connecter à l'appli depuis la mise à jour.",
            "Votre site est encore en panne.",
            "L'appli a perdu mes points fidélité.",
            "Le paiement échoue sans arrêt sur le site.",
        ],
        Topic::Staff => &[
            "Le personnel de {city} a été désagréable aujourd'hui.",
            "Le SAV devait me rappeler, jamais eu d'appel.",
            "{hours} heures pour avoir une réponse du support.",
            "Personne au comptoir n'a même dit bonjour.",
        ],
        Topic::Shop => &[
            "La boutique de {city} était fermée pendant les horaires d'ouverture.",
            "Les tables de {city} étaient sales.",
            "25 minutes d'attente pour un café à {city}.",
            "Plus de {product} à {city}, encore.",
        ],
        Topic::Subscription => &[
            "Impossible de résilier mon abonnement.",
            "Ma box n'est pas arrivée ce mois-ci.",
            "Débité pour un abonnement que je n'ai jamais pris.",
            "Il manquait le {product} dans la box de ce mois.",
        ],
    }
}

fn questions(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "Vous livrez à {city} ?",
            "Combien de temps pour une livraison à {city} ?",
            "Je peux changer l'adresse de la commande {order} ?",
        ],
        Topic::Product => &[
            "Le {product} est de retour en stock ?",
            "Le {product} convient pour une cafetière à piston ?",
            "Le {product} revient la saison prochaine ?",
        ],
        Topic::Billing => &[
            "Vous acceptez PayPal ?",
            "Je peux avoir une facture pour la commande {order} ?",
        ],
        Topic::App => &[
            "Il y a un mode sombre dans l'appli ?",
            "Comment je réinitialise mon mot de passe ?",
        ],
        Topic::Staff => &[
            "Vous recrutez des baristas à {city} ?",
            "Qui contacter pour un partenariat ?",
        ],
        Topic::Shop => &[
            "Quels sont les horaires de la boutique de {city} le {weekday} ?",
            "Les chiens sont acceptés à {city} ?",
            "Vous avez du lait d'avoine à {city} ?",
        ],
        Topic::Subscription => &[
            "Je peux mettre mon abonnement en pause un mois ?",
            "On peut offrir un abonnement ?",
            "Comment changer la mouture de mon abonnement ?",
        ],
    }
}
