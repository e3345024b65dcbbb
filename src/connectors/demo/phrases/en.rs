//! English phrase bank of the demo source.

use super::{Phrases, Topic};

pub(crate) static EN: Phrases = Phrases {
    greetings: &[
        "",
        "",
        "",
        "Hi {brand},",
        "Hello {brand}!",
        "Hey {brand}",
        "{brand}",
        "Dear {brand},",
        "Quick one for {brand}:",
        "@{brand}",
        "So,",
        "Honestly,",
        "PSA:",
        "Not gonna lie,",
    ],
    praise,
    criticism,
    questions,
    neutral: &[
        "Just tried the new {product} at the {city} shop.",
        "Anyone else ordering the {product} this week?",
        "Saw your post about the {product}.",
        "Picked up my order today.",
        "Watching the stream from {city}.",
        "My sister recommended {brand} to me.",
        "Switching from my old supplier to {brand}.",
        "Reading the FAQ about shipping to {city}.",
        "Got the newsletter about the {product}.",
        "Stopping by the {city} shop on {weekday}.",
    ],
    criticism_details: &[
        "This is the third time this month.",
        "I've been waiting since {weekday}.",
        "Order {order}, still nothing after {days} days.",
        "Nobody answers the phone.",
        "Your chat bot just loops.",
        "I paid {amount} for this.",
        "I emailed twice and got no answer.",
        "Really not what I expect from you.",
        "Used to love this brand.",
        "Customer service hung up on me.",
        "Been on hold for {hours} hours total.",
        "The tracking page has not moved in {days} days.",
        "And the box was soaking wet.",
        "Not even an apology.",
    ],
    urgency: &[
        "I want a refund.",
        "I want my money back now.",
        "This is a scam.",
        "I'm talking to my lawyer.",
        "Cancel my subscription.",
        "I was charged twice!",
        "Still waiting!!",
        "My parcel never arrived.",
        "Reporting this to consumer protection.",
        "Please call me back today.",
    ],
    praise_closers: &[
        "",
        "",
        "Keep it up!",
        "Thanks {staff}!",
        "Will order again.",
        "Ten out of ten.",
        "Best in {city}.",
        "Telling all my friends.",
        "You made my {weekday}.",
        "Love you guys.",
        "Highly recommend.",
        "Worth every cent.",
    ],
    question_closers: &[
        "",
        "",
        "Thanks in advance.",
        "Any idea?",
        "Cheers.",
        "Let me know!",
        "DM me if easier.",
        "Thanks!",
    ],
    mixed_joiners: &[
        " But ",
        " However ",
        " That said, ",
        " Only thing: ",
        " Still, ",
    ],
    thanks_after_reply: &[
        "Thanks for the quick answer!",
        "Got it, thank you {staff}.",
        "Perfect, that solved it 🙏",
        "Thanks, much appreciated.",
        "Ok great, thanks for getting back to me.",
        "Brilliant, thank you!",
    ],
    still_upset_after_reply: &[
        "That doesn't solve anything.",
        "Still waiting for an actual solution.",
        "A copy-paste answer, seriously?",
        "I sent the DM, no reply since.",
        "So what now? Nothing has changed.",
    ],
    products: &[
        "espresso blend",
        "decaf",
        "cold brew",
        "grinder",
        "Moka pot",
        "oat latte",
        "gift box",
        "Ethiopia single origin",
        "coffee subscription",
        "travel mug",
        "barista course",
        "pistachio croissant",
        "V60 kit",
        "holiday blend",
    ],
    weekdays: &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
};

fn praise(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "Delivery was super fast, {product} arrived in {days} days!",
            "Parcel arrived a day early and perfectly packed.",
            "Fastest shipping I've ever had to {city}.",
        ],
        Topic::Product => &[
            "The {product} is amazing.",
            "Absolutely love the new {product}.",
            "Best {product} I've had in years.",
            "Your {product} is so good I ordered another.",
            "The {product} smells incredible.",
        ],
        Topic::Billing => &[
            "Refund came through in a day, impressive.",
            "Fair prices and clear invoices, thank you.",
        ],
        Topic::App => &[
            "The new app is really smooth.",
            "Love the reorder button in the app.",
            "Ordering from the app took 30 seconds.",
        ],
        Topic::Staff => &[
            "{staff} at the {city} shop was so kind.",
            "Huge thanks to {staff} for the help today.",
            "Your support team sorted my issue in minutes.",
        ],
        Topic::Shop => &[
            "The {city} shop is the coziest place in town.",
            "Lovely atmosphere at the {city} store this morning.",
            "Great music and better coffee at {city}.",
        ],
        Topic::Subscription => &[
            "My subscription box is the highlight of my month.",
            "Pausing my subscription was so easy.",
            "The surprise {product} in this month's box was great.",
        ],
    }
}

fn criticism(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "My order {order} still hasn't arrived.",
            "Parcel marked delivered but nothing at my door.",
            "{days} days late and no update at all.",
            "The courier left my {product} in the rain.",
            "Delivery to {city} is a joke.",
            "The box arrived crushed and the {product} broken.",
        ],
        Topic::Product => &[
            "The {product} tastes burnt.",
            "My {product} stopped working after a week.",
            "Very disappointed with the {product}.",
            "The {product} is not what the photos show.",
            "This batch of {product} is stale.",
            "Worst {product} I've ever bought.",
        ],
        Topic::Billing => &[
            "You charged my card twice for order {order}.",
            "Still no refund after {days} days.",
            "Hidden fees at checkout, not cool.",
            "Prices went up again, {amount} for a bag is too much.",
            "I was billed after I cancelled.",
        ],
        Topic::App => &[
            "The app crashes every time I try to pay.",
            "Can't log in to the app since the update.",
            "Your website is down again.",
            "The app lost my loyalty points.",
            "Checkout keeps failing on the site.",
        ],
        Topic::Staff => &[
            "The staff at {city} were rude to me today.",
            "Support promised a call back and never did.",
            "Waited {hours} hours for a reply from support.",
            "Nobody at the counter even said hello.",
        ],
        Topic::Shop => &[
            "The {city} shop was closed during opening hours.",
            "Tables at the {city} store were filthy.",
            "Waited 25 minutes for one coffee at {city}.",
            "The {city} shop ran out of {product} again.",
        ],
        Topic::Subscription => &[
            "Impossible to cancel my subscription.",
            "My subscription box skipped a month.",
            "Charged for a subscription I never ordered.",
            "This month's box was missing the {product}.",
        ],
    }
}

fn questions(t: Topic) -> &'static [&'static str] {
    match t {
        Topic::Delivery => &[
            "Do you ship to {city}?",
            "How long does delivery take to {city}?",
            "Can I change the delivery address for order {order}?",
        ],
        Topic::Product => &[
            "Is the {product} back in stock?",
            "Is the {product} suitable for a French press?",
            "Will the {product} come back next season?",
        ],
        Topic::Billing => &[
            "Do you accept PayPal?",
            "Can I get an invoice for order {order}?",
        ],
        Topic::App => &[
            "Is there a dark mode in the app?",
            "How do I reset my password?",
        ],
        Topic::Staff => &[
            "Are you hiring baristas in {city}?",
            "Who should I contact about a partnership?",
        ],
        Topic::Shop => &[
            "What are the opening hours of the {city} shop on {weekday}?",
            "Is the {city} shop dog friendly?",
            "Do you have oat milk at the {city} store?",
        ],
        Topic::Subscription => &[
            "Can I pause my subscription for a month?",
            "Can I gift a subscription?",
            "How do I change the grind in my subscription?",
        ],
    }
}
