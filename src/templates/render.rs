//! Filling a template's placeholders from the message it answers.

use crate::model::Message;

/// What the placeholders are filled with.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    pub author: Option<String>,
    pub first_name: Option<String>,
    pub channel: Option<String>,
    pub agent: Option<String>,
    pub brand: Option<String>,
    pub order: Option<String>,
}

impl Fill {
    pub fn from_message(m: &Message, agent: &str) -> Fill {
        let handle = crate::text::sanitize(&m.author.handle);
        let first_name = m
            .author
            .name
            .as_deref()
            .map(crate::text::sanitize)
            .and_then(|n| n.split_whitespace().next().map(str::to_string))
            .or_else(|| {
                let local = handle.trim_start_matches('@');
                let local = local.split(['@', '.']).next().unwrap_or(local);
                (!local.is_empty()).then(|| local.to_string())
            });
        Fill {
            author: Some(handle),
            first_name,
            channel: Some(m.channel.title().to_string()),
            agent: Some(agent.to_string()),
            brand: Some(crate::text::sanitize(&m.account)),
            order: order_number(&m.text),
        }
    }
}

/// An order reference in the text: `#NC39685`, `order 12345`, `commande n°4821`.
fn order_number(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '#');
        if let Some(rest) = w.strip_prefix('#')
            && rest.chars().any(|c| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Some(format!("#{rest}"));
        }
        let lower = w.to_lowercase();
        if matches!(
            lower.as_str(),
            "order" | "commande" | "n°" | "no" | "number" | "numéro"
        ) && let Some(next) = words.get(i + 1)
        {
            let next = next.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '#');
            let next = next.trim_start_matches("n°");
            if next.len() >= 4 && next.chars().filter(|c| c.is_ascii_digit()).count() >= 3 {
                return Some(next.to_string());
            }
        }
    }
    None
}

/// Fills `{placeholder}`s. One without a value stays visible as `⟨name?⟩` for the agent to
/// complete; an unknown one as `⟨unknown: name⟩`; a lone brace is kept as written.
pub fn render(template: &str, fill: &Fill) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                let value = match name {
                    "author" => Some(&fill.author),
                    "first_name" => Some(&fill.first_name),
                    "channel" => Some(&fill.channel),
                    "agent" => Some(&fill.agent),
                    "brand" => Some(&fill.brand),
                    "order" => Some(&fill.order),
                    _ => None,
                };
                match value {
                    Some(Some(v)) => out.push_str(v),
                    Some(None) => out.push_str(&format!("⟨{name}?⟩")),
                    None => out.push_str(&format!("⟨unknown: {name}⟩")),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
