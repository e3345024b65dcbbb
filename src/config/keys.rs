//! Keys as the config and the keymap write them (`r`, `?`, `Enter`, `PgDn`, `Ctrl-d`), and the
//! `[keys]` section that rebinds the console's bindings: `[keys.inbox] reply = "a"` or
//! `resolve = ["d", "X"]`. A key tribune cannot read is refused at its own line; a binding
//! name is checked against the keymap when the console starts.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Deserializer, de::Error};
use std::collections::BTreeMap;

/// A key name tribune cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a key tribune knows (a character, Enter, Esc, Tab, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Backspace, Delete, F1–F12, with Ctrl- in front for Ctrl)"
)]
pub struct KeyError(String);

/// `[keys.<layer>] <binding> = keys`.
pub type KeysConfig = BTreeMap<String, BTreeMap<String, KeyList>>;

/// A key as a binding names it: a code, with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
];

impl Key {
    pub const fn plain(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    /// `r`, `?`, `Enter`, `PgDn`, `Ctrl-d` (or `^d`), `F5`.
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        let (ctrl, rest) = match text
            .strip_prefix("Ctrl-")
            .or_else(|| text.strip_prefix("ctrl-"))
            .or_else(|| text.strip_prefix('^').filter(|r| !r.is_empty()))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
                Some((_, code)) => *code,
                None => match rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(KeyError(text.to_string())),
                },
            },
        };
        Ok(Key { code, ctrl })
    }

    /// As the help shows it.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map_or_else(|| format!("{code:?}"), |(n, _)| n.to_string()),
        };
        if self.ctrl { format!("^{name}") } else { name }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // A shifted letter arrives as its capital; Shift on its own is not part of a key.
        ctrl == self.ctrl && key.code == self.code
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Key::parse(&String::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// One key or a list of them.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyList(pub Vec<Key>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = Vec<Key>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key such as \"x\", or a list of keys")
            }

            fn visit_str<E: Error>(self, text: &str) -> Result<Vec<Key>, E> {
                Key::parse(text).map(|k| vec![k]).map_err(E::custom)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Vec<Key>, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = seq.next_element::<Key>()? {
                    keys.push(key);
                }
                Ok(keys)
            }
        }
        let keys = d.deserialize_any(Keys)?;
        if keys.is_empty() {
            return Err(D::Error::custom("must name at least one key"));
        }
        Ok(KeyList(keys))
    }
}
