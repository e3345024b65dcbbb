//! Untrusted text never reaches the terminal raw: escape sequences and control characters
//! are removed, so a message cannot move the cursor, retitle the window or spoof the screen.

/// Returns the text with terminal escape sequences removed, tabs turned into spaces,
/// other control characters (C0, C1, DEL) and bidirectional overrides dropped.
/// Newlines are kept so that callers can decide how to lay out lines. Registered secrets are
/// cut out too (`secrets`): whatever is shown of the outside world passes here.
pub fn sanitize(input: &str) -> String {
    let input = super::secrets::redact(input);
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS / SOS / PM / APC introduce sequences just as ESC does.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            // Unicode's line and paragraph separators end a line as a newline does.
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            // A zero-width joiner between emoji asks the terminal to draw one glyph of two
            // cells; tmux and many terminals draw each emoji instead, wider than measured, and
            // overdraw what follows. Apart, they are measured as they are drawn.
            '\u{200d}' if out.chars().next_back().is_some_and(is_emoji_part) => {}
            '\r' => {}
            c if c.is_control() => {}
            c if is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// An emoji, or what follows one in a sequence (a skin tone, the emoji presentation selector).
fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{fe0f}' | '\u{2b00}'..='\u{2bff}')
}

/// Explicit embedding/override/isolate marks can reorder what the agent sees
/// ("Trojan Source"); natural right-to-left text needs none of them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences such as ESC c (reset) or ESC ( B (charset): drop the
        // intermediates (0x20–0x2f) and the final byte.
        Some(_) => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        None => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in 0x40–0x7e.
fn skip_csi(chars: &mut Chars) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            // Malformed: stop at anything that cannot belong to a CSI.
            break;
        }
    }
}

/// OSC/DCS and friends: everything up to BEL or ST (ESC \ or 0x9c).
fn skip_string(chars: &mut Chars) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn removes_csi_colour_and_cursor_moves() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b\x1b[2J"), "ared b");
    }

    #[test]
    fn removes_osc_title_change_with_bel_or_st() {
        assert_eq!(sanitize("x\x1b]0;pwned\x07y"), "xy");
        assert_eq!(
            sanitize("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y"),
            "xlinky"
        );
    }

    #[test]
    fn removes_c1_controls_and_bidi_overrides() {
        assert_eq!(sanitize("a\u{9b}31mb\u{202e}c\u{85}d"), "abcd");
    }

    #[test]
    fn keeps_newlines_emoji_cjk_and_accents() {
        let s = "Très déçu 😡\n東京 ok";
        assert_eq!(sanitize(s), s);
    }

    #[test]
    fn tabs_become_spaces_and_carriage_returns_vanish() {
        assert_eq!(sanitize("a\tb\r\nc\x00\x7f"), "a b\nc");
    }

    #[test]
    fn unterminated_sequence_swallows_only_itself() {
        assert_eq!(sanitize("ok\x1b["), "ok");
        assert_eq!(sanitize("ok\x1b"), "ok");
    }

    #[test]
    fn line_separators_become_newlines_and_emoji_joiners_go() {
        assert_eq!(sanitize("one\u{2028}two\u{2029}three"), "one\ntwo\nthree");
        let family = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
        let shown = sanitize(family);
        assert_eq!(shown, "👩👩👧👦");
        // Measured as tmux draws it: four emoji of two cells.
        assert_eq!(unicode_width::UnicodeWidthStr::width(shown.as_str()), 8);
        // A joiner that shapes a script (Malayalam chillu) stays.
        assert_eq!(sanitize("ന\u{d4d}\u{200d}"), "ന\u{d4d}\u{200d}");
    }
}
