//! What an agent's terminal sends, read into key and paste events: the bytes come over SSH, so
//! there is no local terminal to ask. Printable text (UTF-8, possibly split across packets),
//! control keys, the xterm escape sequences for arrows, Home/End, Page, Delete, F-keys and
//! their modifiers, Alt as an ESC prefix, and bracketed paste. Anything else is skipped: no
//! sequence of bytes makes it fail or grow without bound.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The longest escape sequence kept while waiting for its end; a longer one is dropped.
const MAX_SEQUENCE: usize = 64;
/// The most pasted text kept (a paste past this is cut).
const MAX_PASTE: usize = 1 << 20;

#[derive(Default)]
pub(crate) struct InputParser {
    /// Bytes of an escape sequence or UTF-8 character not complete yet.
    pending: Vec<u8>,
    /// Text between the start and end of a bracketed paste.
    paste: Option<Vec<u8>>,
}

impl InputParser {
    /// Reads one packet's bytes; returns the events they complete.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        self.pending.extend_from_slice(bytes);
        let mut buf = std::mem::take(&mut self.pending);
        let mut at = 0;
        while at < buf.len() {
            match self.step(&buf[at..], &mut events) {
                Step::Used(n) => at += n,
                Step::NeedMore => break,
            }
        }
        buf.drain(..at);
        if buf.len() > MAX_SEQUENCE && self.paste.is_none() {
            buf.clear();
        }
        // A lone ESC at the end of a packet is the Esc key (a sequence arrives whole).
        if buf == [0x1b] {
            buf.clear();
            events.push(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        self.pending = buf;
        events
    }

    fn step(&mut self, b: &[u8], events: &mut Vec<Event>) -> Step {
        if let Some(paste) = &mut self.paste {
            // Inside a paste everything is text until ESC [ 2 0 1 ~.
            const END: &[u8] = b"\x1b[201~";
            if b.starts_with(END) {
                let text = String::from_utf8_lossy(paste).into_owned();
                self.paste = None;
                events.push(Event::Paste(text));
                return Step::Used(END.len());
            }
            if b[0] == 0x1b && END.starts_with(b) {
                return Step::NeedMore;
            }
            if paste.len() < MAX_PASTE {
                paste.push(b[0]);
            }
            return Step::Used(1);
        }
        match b[0] {
            0x1b => self.escape(b, events),
            b'\r' | b'\n' => {
                events.push(key(KeyCode::Enter, KeyModifiers::NONE));
                Step::Used(1)
            }
            b'\t' => {
                events.push(key(KeyCode::Tab, KeyModifiers::NONE));
                Step::Used(1)
            }
            0x7f | 0x08 => {
                events.push(key(KeyCode::Backspace, KeyModifiers::NONE));
                Step::Used(1)
            }
            c @ 0x01..=0x1a => {
                let letter = char::from(b'a' + c - 1);
                events.push(key(KeyCode::Char(letter), KeyModifiers::CONTROL));
                Step::Used(1)
            }
            0x00 | 0x1c..=0x1f => Step::Used(1),
            _ => match utf8_char(b) {
                Utf8::Char(c, n) => {
                    events.push(key(KeyCode::Char(c), shift_of(c)));
                    Step::Used(n)
                }
                Utf8::Incomplete => Step::NeedMore,
                Utf8::Invalid => Step::Used(1),
            },
        }
    }

    fn escape(&mut self, b: &[u8], events: &mut Vec<Event>) -> Step {
        let Some(&next) = b.get(1) else {
            return Step::NeedMore;
        };
        match next {
            b'[' => self.csi(b, events),
            b'O' => {
                let Some(&last) = b.get(2) else {
                    return Step::NeedMore;
                };
                let code = match last {
                    b'P'..=b'S' => Some(KeyCode::F(last - b'P' + 1)),
                    _ => cursor_key(last),
                };
                if let Some(code) = code {
                    events.push(key(code, KeyModifiers::NONE));
                }
                Step::Used(3)
            }
            0x1b => {
                // ESC ESC: the first is the Esc key.
                events.push(key(KeyCode::Esc, KeyModifiers::NONE));
                Step::Used(1)
            }
            _ => {
                // ESC then a key: that key with Alt.
                let mut inner = Vec::new();
                match self.step(&b[1..], &mut inner) {
                    Step::Used(n) => {
                        for e in inner {
                            events.push(match e {
                                Event::Key(k) => Event::Key(KeyEvent::new(
                                    k.code,
                                    k.modifiers | KeyModifiers::ALT,
                                )),
                                other => other,
                            });
                        }
                        Step::Used(n + 1)
                    }
                    Step::NeedMore => Step::NeedMore,
                }
            }
        }
    }

    /// ESC [ parameters final: the keys xterm and its kin send.
    fn csi(&mut self, b: &[u8], events: &mut Vec<Event>) -> Step {
        let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
            // Not finished: wait, unless it is already too long to be a key.
            return if b.len() > MAX_SEQUENCE {
                Step::Used(b.len())
            } else {
                Step::NeedMore
            };
        };
        let params = &b[2..2 + end];
        let last = b[2 + end];
        let used = 3 + end;
        let mut numbers = params.split(|c| *c == b';').map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|s| s.parse::<u16>().ok())
        });
        let first = numbers.next().flatten();
        let modifiers = numbers
            .next()
            .flatten()
            .map_or(KeyModifiers::NONE, modifiers);
        let code = match last {
            b'Z' => Some(KeyCode::BackTab),
            b'~' => match first {
                Some(200) => {
                    self.paste = Some(Vec::new());
                    None
                }
                Some(1 | 7) => Some(KeyCode::Home),
                Some(4 | 8) => Some(KeyCode::End),
                Some(2) => Some(KeyCode::Insert),
                Some(3) => Some(KeyCode::Delete),
                Some(5) => Some(KeyCode::PageUp),
                Some(6) => Some(KeyCode::PageDown),
                Some(n @ 11..=15) => Some(KeyCode::F((n - 10) as u8)),
                Some(n @ 17..=21) => Some(KeyCode::F((n - 11) as u8)),
                Some(n @ 23..=24) => Some(KeyCode::F((n - 12) as u8)),
                _ => None,
            },
            _ => cursor_key(last),
        };
        if let Some(code) = code {
            let modifiers = if code == KeyCode::BackTab {
                KeyModifiers::SHIFT
            } else {
                modifiers
            };
            events.push(key(code, modifiers));
        }
        Step::Used(used)
    }
}

/// The arrows, Home and End: the same final letter after `ESC [` and `ESC O`.
fn cursor_key(last: u8) -> Option<KeyCode> {
    match last {
        b'A' => Some(KeyCode::Up),
        b'B' => Some(KeyCode::Down),
        b'C' => Some(KeyCode::Right),
        b'D' => Some(KeyCode::Left),
        b'H' => Some(KeyCode::Home),
        b'F' => Some(KeyCode::End),
        _ => None,
    }
}

enum Step {
    Used(usize),
    NeedMore,
}

enum Utf8 {
    Char(char, usize),
    Incomplete,
    Invalid,
}

fn utf8_char(b: &[u8]) -> Utf8 {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Utf8::Invalid,
    };
    if b.len() < len {
        // Only wait when what came so far can still be a character.
        return if b[1..].iter().all(|c| (0x80..=0xbf).contains(c)) {
            Utf8::Incomplete
        } else {
            Utf8::Invalid
        };
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => s
            .chars()
            .next()
            .map_or(Utf8::Invalid, |c| Utf8::Char(c, len)),
        Err(_) => Utf8::Invalid,
    }
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// A capital letter comes with Shift, as a local terminal reports it.
fn shift_of(c: char) -> KeyModifiers {
    if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[&[u8]]) -> Vec<Event> {
        let mut p = InputParser::default();
        bytes.iter().flat_map(|b| p.feed(b)).collect()
    }

    fn k(code: KeyCode, m: KeyModifiers) -> Event {
        key(code, m)
    }

    #[test]
    fn letters_controls_and_arrows_read_as_a_local_terminal_gives_them() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            keys(&[b"jM\r\x13\x7f\x1b[A\x1bOB\x1b[5~\x1b[Z\t"]),
            vec![
                k(KeyCode::Char('j'), none),
                k(KeyCode::Char('M'), KeyModifiers::SHIFT),
                k(KeyCode::Enter, none),
                k(KeyCode::Char('s'), KeyModifiers::CONTROL),
                k(KeyCode::Backspace, none),
                k(KeyCode::Up, none),
                k(KeyCode::Down, none),
                k(KeyCode::PageUp, none),
                k(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::Tab, none),
            ]
        );
        assert_eq!(
            keys(&[b"\x1b[1;5C"]),
            vec![k(KeyCode::Right, KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn a_lone_escape_is_the_esc_key_and_a_prefixed_key_has_alt() {
        assert_eq!(keys(&[b"\x1b"]), vec![k(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(
            keys(&[b"\x1bx"]),
            vec![k(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn characters_and_sequences_split_across_packets_are_joined() {
        let e = "é".as_bytes();
        assert_eq!(
            keys(&[&e[..1], &e[1..], b"\x1b[", b"B"]),
            vec![
                k(KeyCode::Char('é'), KeyModifiers::NONE),
                k(KeyCode::Down, KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn a_bracketed_paste_arrives_as_one_text_even_in_pieces() {
        assert_eq!(
            keys(&[b"\x1b[200~hello\r", b"wor\x1b[20", b"1~j"]),
            vec![
                Event::Paste("hello\rwor".into()),
                k(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
    }

    proptest::proptest! {
        /// Whatever an agent's terminal (or anyone) sends, in whatever packets: nothing fails
        /// and nothing kept grows past its bound.
        #[test]
        fn any_bytes_in_any_packets_are_read_within_bounds(
            packets in proptest::collection::vec(
                proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
                0..40,
            )
        ) {
            let mut p = InputParser::default();
            for packet in &packets {
                p.feed(packet);
                proptest::prop_assert!(p.pending.len() <= MAX_SEQUENCE + 80);
                proptest::prop_assert!(p.paste.as_ref().is_none_or(|t| t.len() <= MAX_PASTE));
            }
        }
    }

    #[test]
    fn unknown_sequences_and_invalid_bytes_are_skipped() {
        assert_eq!(
            keys(&[b"\x1b[?1;2c\xff\xfeq"]),
            vec![k(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
    }
}
