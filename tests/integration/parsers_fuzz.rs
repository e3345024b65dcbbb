//! Property tests over the parsers that read what the outside world sends: a JSONL line, a
//! config file, Mastodon's HTML, a post's facets. Arbitrary input never panics, and what is
//! returned holds its promises. Bounded (a fixed number of cases each), so CI runs them all.

use proptest::prelude::*;
use std::path::Path;
use tribune::connectors::bluesky::facets::{Feature, detect};
use tribune::connectors::mastodon::html::to_text;

/// Text that looks like the real thing often enough to reach deep branches.
fn jsonish() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just(r#""channel":"mastodon""#.to_string()),
        Just(r#""channel":"bluesky""#.to_string()),
        Just(r#""direction":"inbound""#.to_string()),
        Just(r#""direction":"outbound""#.to_string()),
        Just(r#""kind":"review""#.to_string()),
        Just(r#""rating":5"#.to_string()),
        Just(r#""rating":-3"#.to_string()),
        Just(r#""created_at":"2026-11-20T09:15:00Z""#.to_string()),
        Just(r#""created_at":"2026-02-30T25:61:00Z""#.to_string()),
        "\"external_id\":\"[a-z0-9\\\\\"]{0,12}\"".prop_map(|s| s),
        "\"text\":\"[^\"\\\\]{0,40}\"".prop_map(|s| s),
        Just(r#""author":{"handle":"@a@b","followers":-1}"#.to_string()),
        Just(r#""in_reply_to":null"#.to_string()),
        any::<String>(),
    ];
    prop::collection::vec(field, 0..10).prop_map(|fields| format!("{{{}}}", fields.join(",")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_jsonl_line_is_a_message_or_a_sentence_never_a_panic(line in prop_oneof![jsonish(), any::<String>()]) {
        match tribune::jsonl::parse_line(&line) {
            Ok(m) => {
                prop_assert!(!m.external_id.is_empty());
                prop_assert!(m.rating.is_none_or(|r| (1..=5).contains(&r)));
            }
            Err(why) => {
                let why = why.to_string();
                prop_assert!(!why.is_empty());
                prop_assert!(!why.contains('\n'));
            }
        }
    }

    #[test]
    fn a_config_file_is_read_or_refused_with_its_file_named(text in prop_oneof![
        any::<String>(),
        "(\\[(sla|ui|buzz|outbox|backup|demo)\\]\n)?[a-z_]{1,12} = (\"[0-9]{1,3}[smhd]?\"|[0-9]{1,4}|true)\n".prop_map(|s| s),
    ]) {
        if let Err(e) = tribune::config::Config::parse(&text, Path::new("fuzz.toml")) {
            prop_assert!(e.to_string().contains("fuzz.toml"), "{}", e);
        }
    }

    #[test]
    fn mastodon_html_becomes_text_without_tags_or_runaway_growth(html in prop_oneof![
        any::<String>(),
        "(<(p|br|a href=\"[a-z:/.]{0,12}\"|span class=\"[a-z ]{0,8}\"|/p|/a|/span)>|[a-zé &;#0-9]{0,8}|&(amp|lt|gt|quot|#39|#x1F600|#99999999);)*".prop_map(|s| s),
    ]) {
        let text = to_text(&html);
        prop_assert!(text.len() <= html.len() * 4 + 4);
        prop_assert!(!text.contains("<p>") || html.contains("&lt;"));
    }

    #[test]
    fn facets_cover_whole_characters_of_the_text_in_order(text in prop_oneof![
        any::<String>(),
        "([a-zé😀 ]{0,6}(@[a-z0-9.-]{1,12}|https?://[a-z./?=]{1,16}|#[a-zé0-9_]{1,8})[.,!?)»…]?[ \n]?)*".prop_map(|s| s),
    ]) {
        let spans = detect(&text);
        let mut last_end = 0;
        for span in &spans {
            prop_assert!(span.byte_start >= last_end && span.byte_start < span.byte_end);
            prop_assert!(span.byte_end <= text.len());
            prop_assert!(text.is_char_boundary(span.byte_start) && text.is_char_boundary(span.byte_end));
            let covered = &text[span.byte_start..span.byte_end];
            match &span.feature {
                Feature::Mention(handle) => prop_assert_eq!(covered[1..].to_ascii_lowercase(), handle.clone()),
                Feature::Link(url) => prop_assert_eq!(covered, url.as_str()),
                Feature::Tag(tag) => prop_assert_eq!(&covered[1..], tag.as_str()),
            }
            last_end = span.byte_end;
        }
    }
}
