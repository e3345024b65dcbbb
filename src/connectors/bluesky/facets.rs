//! Rich-text facets of a post: Bluesky does not parse `@handle`, links or `#tags` in the text,
//! the author's client marks them with UTF-8 byte ranges (end exclusive). Here they are found;
//! handles are turned into DIDs by the caller.

/// What a range of the text is.
#[derive(Debug, Clone, PartialEq)]
pub enum Feature {
    /// A handle without its `@`, to be resolved to a DID.
    Mention(String),
    Link(String),
    /// A hashtag without its `#`.
    Tag(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub feature: Feature,
}

/// Punctuation that ends a sentence rather than belonging to the handle, link or tag before it.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', '"', '\'', '»', '…', '’'];

/// The mentions, links and tags of `text`, in order.
pub fn detect(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for (word_start, word) in words(text) {
        // An opening bracket or quote before a handle or link is not part of it.
        let lead = word.len() - word.trim_start_matches(['(', '"', '«', '\'']).len();
        let token = word[lead..].trim_end_matches(TRAILING);
        let start = word_start + lead;
        let end = start + token.len();
        let feature = if let Some(handle) = token.strip_prefix('@') {
            is_handle(handle).then(|| Feature::Mention(handle.to_ascii_lowercase()))
        } else if token.starts_with("https://") || token.starts_with("http://") {
            (token.len() > "https://".len()).then(|| Feature::Link(token.to_string()))
        } else if let Some(tag) = token.strip_prefix('#') {
            is_tag(tag).then(|| Feature::Tag(tag.to_string()))
        } else {
            None
        };
        if let Some(feature) = feature {
            spans.push(Span {
                byte_start: start,
                byte_end: end,
                feature,
            });
        }
    }
    spans
}

/// Each run of non-space characters with its byte offset.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// A domain-like handle: labels of letters, digits and hyphens, at least two, the last not
/// numeric (`ana.bsky.social`, not `ana` nor `1.5`).
fn is_handle(handle: &str) -> bool {
    let labels: Vec<&str> = handle.split('.').collect();
    labels.len() >= 2
        && handle.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && !labels
            .last()
            .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
}

/// A tag: up to 64 characters, not only digits (`#1` is a number, not a tag).
fn is_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.chars().count() <= 64
        && !tag.chars().all(|c| c.is_ascii_digit())
        && !tag.contains('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str) -> Vec<(&str, Feature)> {
        detect(text)
            .into_iter()
            .map(|s| (&text[s.byte_start..s.byte_end], s.feature))
            .collect()
    }

    #[test]
    fn offsets_are_utf8_bytes_after_emoji_and_accents() {
        let text = "Désolé 😞 @ana.bsky.social, voir https://nova.cafe/aide. #SAV";
        let spans = detect(text);
        assert_eq!(spans[0].byte_start, 14, "é is 2 bytes, 😞 is 4");
        assert_eq!(
            slices(text),
            [
                (
                    "@ana.bsky.social",
                    Feature::Mention("ana.bsky.social".into())
                ),
                (
                    "https://nova.cafe/aide",
                    Feature::Link("https://nova.cafe/aide".into())
                ),
                ("#SAV", Feature::Tag("SAV".into())),
            ]
        );
    }

    #[test]
    fn what_is_not_a_handle_link_or_tag_is_left_alone() {
        assert!(detect("@ana merci, 1.5 @ x@y.z #1 # https:// e-mail ana@bsky.social").is_empty());
        assert_eq!(
            slices("(@Bob.Example.com)"),
            [(
                "@Bob.Example.com",
                Feature::Mention("bob.example.com".into())
            )]
        );
    }
}
