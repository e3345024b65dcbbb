//! One keymap: every layer's bindings, the help overlay made from them, and the `[keys]`
//! section of the config that rebinds them (`[keys.inbox] reply = "a"`). A binding is a
//! name, its keys and the action they give; the help lines are read off the same table.

use super::action::Action;
use super::layers::Layer;
pub use crate::config::Key;
use crate::config::KeysConfig;
use crossterm::event::KeyEvent;

mod answers;
mod defaults;

/// How a binding shows in the help.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Help {
    /// A line of its own: its keys, then this text.
    Line(&'static str),
    /// Its keys join the line above (`j ↓ k ↑`).
    Joins,
    /// Not listed: another line explains it.
    Hidden,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub layer: Layer,
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: Help,
}

/// Lines of the help about keys no binding holds: the composer's editing keys.
const EDITING_HELP: &[(&str, &str)] = &[
    ("Composer: arrows ^← ^→", "move by character, word, line"),
    ("Composer: ^z ^y", "undo / redo"),
];

/// The longest keys column before a help line shows only each binding's first key.
const LABEL_WIDTH: usize = 22;

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: defaults::bindings(),
        }
    }
}

/// A `[keys]` section that cannot be applied: where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct KeysError {
    pub table: String,
    pub name: String,
    pub message: String,
}

impl Keymap {
    /// The defaults with the config's rebindings: `layer → name → keys`.
    pub fn with(overrides: &KeysConfig) -> Result<Keymap, KeysError> {
        let mut map = Keymap::default();
        for (layer, names) in overrides {
            for (name, keys) in names {
                let error = |message: String| KeysError {
                    table: format!("keys.{layer}"),
                    name: name.clone(),
                    message,
                };
                let Some(binding) = map
                    .bindings
                    .iter_mut()
                    .find(|b| b.layer.name() == layer && b.name == name)
                else {
                    return Err(error(format!(
                        "no binding of that name in {layer} (see the example config for the names)"
                    )));
                };
                binding.keys = keys.0.clone();
            }
        }
        map.check_unique().map(|()| map)
    }

    /// Binds each saved view's own key (`[[view]] key`) in the inbox to the view's place; a
    /// key another binding holds gives the view's place and why.
    pub fn with_views(mut self, views: &[super::ViewDef]) -> Result<Keymap, (usize, String)> {
        for (i, def) in views.iter().enumerate() {
            let Some(key) = &def.key else { continue };
            self.bindings.push(Binding {
                layer: Layer::Inbox,
                name: "view_key",
                keys: vec![*key],
                action: Action::SelectView(i),
                help: Help::Hidden,
            });
            if let Err(e) = self.check_unique() {
                return Err((i, e.message));
            }
        }
        Ok(self)
    }

    /// A key given twice in one layer would leave one binding unreachable.
    fn check_unique(&self) -> Result<(), KeysError> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.layer != b.layer {
                    continue;
                }
                if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    return Err(KeysError {
                        table: format!("keys.{}", b.layer.name()),
                        name: b.name.to_string(),
                        message: format!(
                            "{} is also the key of {} in {}; give one of them another key",
                            key.label(),
                            a.name,
                            a.layer.name()
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// The action `key` gives in `layer`, if a binding holds it.
    pub fn action(&self, layer: Layer, key: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.layer == layer && b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action.clone())
    }

    /// The help overlay's lines: keys, what they do.
    pub fn help(&self) -> Vec<(String, String)> {
        let mut lines: Vec<(Vec<&Binding>, &str)> = Vec::new();
        for b in &self.bindings {
            match (b.help, lines.last_mut()) {
                (Help::Line(text), _) => lines.push((vec![b], text)),
                (Help::Joins, Some((joined, _))) => joined.push(b),
                _ => {}
            }
        }
        let mut out: Vec<(String, String)> = lines
            .into_iter()
            .map(|(bindings, text)| (label(&bindings), text.to_string()))
            .collect();
        out.extend(
            EDITING_HELP
                .iter()
                .map(|(k, t)| (k.to_string(), t.to_string())),
        );
        out
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }
}

/// A help line's keys: every key of its bindings, or each binding's first when that is long.
fn label(bindings: &[&Binding]) -> String {
    let prefix = match bindings[0].layer {
        Layer::Inbox => String::new(),
        layer => {
            let name = layer.name();
            format!("{}{}: ", name[..1].to_uppercase(), &name[1..])
        }
    };
    let all: Vec<String> = bindings
        .iter()
        .flat_map(|b| b.keys.iter().map(Key::label))
        .collect();
    let keys = if prefix.len() + all.join(" ").chars().count() <= LABEL_WIDTH {
        all.join(" ")
    } else {
        let firsts: Vec<String> = bindings
            .iter()
            .filter_map(|b| b.keys.first().map(Key::label))
            .collect();
        firsts.join(" ")
    };
    format!("{prefix}{keys}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{KeyList, KeysConfig};
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn rebind(layer: &str, name: &str, keys: &[&str]) -> KeysConfig {
        let keys = keys.iter().map(|k| Key::parse(k).unwrap()).collect();
        KeysConfig::from([(
            layer.to_string(),
            [(name.to_string(), KeyList(keys))].into_iter().collect(),
        )])
    }

    #[test]
    fn the_defaults_give_each_key_once_per_layer_and_the_help_reads_them() {
        let map = Keymap::default();
        map.check_unique().unwrap();
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        assert!(matches!(
            map.action(Layer::Inbox, &press(KeyCode::Char('r'), none)),
            Some(Action::Reply)
        ));
        assert!(matches!(
            map.action(Layer::Inbox, &press(KeyCode::Char('d'), ctrl)),
            Some(Action::PageDown)
        ));
        assert!(matches!(
            map.action(
                Layer::Inbox,
                &press(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Action::Bottom)
        ));
        assert!(matches!(
            map.action(Layer::Inbox, &press(KeyCode::Char('0'), none)),
            Some(Action::SelectView(9))
        ));
        assert!(
            map.action(Layer::Report, &press(KeyCode::Char('r'), none))
                .is_none()
        );
        let help = map.help();
        let line = |keys: &str| {
            help.iter()
                .find(|(k, _)| k == keys)
                .map(|(_, t)| t.as_str())
        };
        assert_eq!(
            line("j ↓ k ↑"),
            Some("move in the list (scroll the thread when it has focus)")
        );
        assert_eq!(
            line("1 2 3 4 5 6 7 8 9 0").map(|t| t.starts_with("views")),
            Some(true)
        );
        assert_eq!(
            line("Dashboard: p j k l h w").map(|t| t.starts_with("period")),
            Some(true)
        );
        assert_eq!(line("Composer: ^s"), Some("send the reply"));
        assert_eq!(line("q ^c"), Some("quit (drafts are saved)"));
    }

    #[test]
    fn keys_are_rebound_by_name_and_a_clash_or_an_unknown_name_is_refused() {
        let map = Keymap::with(&rebind("inbox", "resolve", &["Y", "Ctrl-r"])).unwrap();
        let none = KeyModifiers::NONE;
        assert!(matches!(
            map.action(Layer::Inbox, &press(KeyCode::Char('Y'), none)),
            Some(Action::ToggleResolved)
        ));
        assert!(matches!(
            map.action(
                Layer::Inbox,
                &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            Some(Action::ToggleResolved)
        ));
        assert!(
            map.action(Layer::Inbox, &press(KeyCode::Char('d'), none))
                .is_none()
        );
        assert!(
            map.help()
                .iter()
                .any(|(k, t)| k == "Y ^r" && t == "resolve / reopen")
        );

        let clash = Keymap::with(&rebind("inbox", "resolve", &["r"])).unwrap_err();
        assert_eq!(
            (clash.table.as_str(), clash.name.as_str()),
            ("keys.inbox", "resolve")
        );
        assert!(
            clash.message.contains("r is also the key of reply"),
            "{}",
            clash.message
        );
        let unknown = Keymap::with(&rebind("inbox", "rezolve", &["x"])).unwrap_err();
        assert!(
            unknown.message.contains("no binding of that name"),
            "{}",
            unknown.message
        );
        assert!(Key::parse("Ctrl-").is_err() && Key::parse("Hyper-x").is_err());
        assert_eq!(Key::parse("^d").unwrap(), Key::ctrl('d'));
        assert_eq!(Key::parse("pgdn").unwrap().label(), "PgDn");
    }
}
