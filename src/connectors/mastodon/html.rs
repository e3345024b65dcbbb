//! Mastodon's `content` is HTML. For the terminal: paragraphs and `<br>` become line breaks,
//! tags go, link text stays (and the address when the text hides it), entities are decoded.
//! The result still goes through `text::sanitize` before display, like all outside text.

/// Plain text from a status's HTML.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut href: Option<String> = None;
    let mut link_text = String::new();
    while let Some(lt) = rest.find('<') {
        push_text(
            &rest[..lt],
            &mut out,
            href.is_some().then_some(&mut link_text),
        );
        let Some(gt) = rest[lt..].find('>') else {
            push_text(&rest[lt..], &mut out, None);
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("br", _) => out.push('\n'),
            ("p", true) => out.push_str("\n\n"),
            ("a", false) => {
                href = attribute(tag, "href");
                link_text.clear();
            }
            ("a", true) => {
                let text = decode(&link_text);
                out.push_str(&text);
                // A link whose text is not its address (and not a mention or hashtag) keeps
                // the address, so the agent sees where it goes.
                if let Some(h) = href.take() {
                    let shown = text.trim_start_matches(['@', '#']);
                    if !text.starts_with(['@', '#']) && !h.contains(shown.trim_end_matches('…')) {
                        out.push_str(&format!(" ({h})"));
                    }
                }
                link_text.clear();
            }
            _ => {}
        }
    }
    push_text(rest, &mut out, href.is_some().then_some(&mut link_text));
    out.trim_end().to_string()
}

fn push_text(raw: &str, out: &mut String, link: Option<&mut String>) {
    match link {
        Some(l) => l.push_str(raw),
        None => out.push_str(&decode(raw)),
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')?;
    Some(decode(&tag[at..at + end]))
}

/// Decodes the entities Mastodon writes: named ones for markup characters and numeric ones.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &after[..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_mentions_links_and_entities() {
        let html = r#"<p><span class="h-card" translate="no"><a href="http://localhost:3000/@mastodonpy_test" class="u-url mention">@<span>mastodonpy_test</span></a></span> hello!</p><p>Order &amp; refund: <a href="https://shop.example/orders/42" rel="nofollow">see here</a><br>Merci &#x1F64F; &lt;3</p>"#;
        assert_eq!(
            to_text(html),
            "@mastodonpy_test hello!\n\nOrder & refund: see here (https://shop.example/orders/42)\nMerci 🙏 <3"
        );
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        assert_eq!(
            to_text("a < b and c &unknown; d"),
            "a < b and c &unknown; d"
        );
        assert_eq!(to_text("<p>unclosed"), "unclosed");
        assert_eq!(to_text(""), "");
    }
}
