//! Questions typed in the status bar for an action: the tags to add or remove (`t`, with
//! completion from the tags in use), when a snoozed message comes back (`z`: a key for
//! the usual times, or a date typed), and an incident's name, query, timeline line or close
//! (`I`, `X`: answered in `incidents.rs`).

use super::action::Effect;
use super::line_input::LineInput;
use super::state::{Prompt, State};
use crate::service::Change;
use crate::snooze::Choice;
use crossterm::event::{KeyCode, KeyEvent};

/// A line typed for an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineAsk {
    pub asked: Asked,
    pub input: LineInput,
    /// Why what was typed cannot be used (shown until it is mended).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Tags: words to add, `-word` to remove.
    Tags,
    /// When a snooze ends: a delay or a date.
    SnoozeUntil,
    /// An incident's name, then its query (pre-filled from the spike).
    IncidentName,
    IncidentQuery,
    /// A line of the shown incident's timeline.
    IncidentNote,
    /// Whether to close the shown incident (Enter closes).
    IncidentClose,
}

impl State {
    pub(super) fn ask_tags(&mut self) {
        if self.has_marks() || self.target_id().is_some() {
            self.line_ask = Some(LineAsk {
                asked: Asked::Tags,
                input: LineInput::default(),
                error: None,
            });
        }
    }

    pub(super) fn ask_snooze(&mut self) {
        if self.has_marks() || self.target_id().is_some() {
            self.prompt = Some(Prompt::Snooze);
        }
    }

    /// One of the usual snooze times, or `None` to type one.
    pub(super) fn snooze_for(&mut self, choice: Option<Choice>, effects: &mut Vec<Effect>) {
        self.prompt = None;
        match choice {
            Some(c) => {
                let until = c.until(self.now, self.policies.calendar());
                self.change_subjects(Change::Snooze(until), effects);
            }
            None => {
                self.line_ask = Some(LineAsk {
                    asked: Asked::SnoozeUntil,
                    input: LineInput::default(),
                    error: None,
                })
            }
        }
    }

    pub(super) fn line_ask_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        let Some(ask) = self.line_ask.as_mut() else {
            return;
        };
        if ask.input.edit(&key) {
            ask.error = None;
            return;
        }
        match key.code {
            KeyCode::Esc => {
                self.line_ask = None;
                self.incidents.opening = None;
            }
            KeyCode::Tab if ask.asked == Asked::Tags => {
                let typed = ask.input.as_str().to_string();
                let done = complete_tag(&typed, &self.tags_in_use());
                if let Some(ask) = self.line_ask.as_mut() {
                    ask.input = LineInput::from(done.as_str());
                }
            }
            KeyCode::Enter => {
                let text = ask.input.as_str().to_string();
                let asked = ask.asked;
                let change = match asked {
                    Asked::IncidentName
                    | Asked::IncidentQuery
                    | Asked::IncidentNote
                    | Asked::IncidentClose => {
                        if let Err(why) = self.answer_incident(asked, &text, effects)
                            && let Some(ask) = self.line_ask.as_mut()
                        {
                            ask.error = Some(why);
                        }
                        return;
                    }
                    Asked::Tags => tags_change(&text),
                    Asked::SnoozeUntil => {
                        crate::snooze::parse(&text, self.now, self.policies.calendar())
                            .map(Change::Snooze)
                    }
                };
                match change {
                    Ok(change) => {
                        self.line_ask = None;
                        self.change_subjects(change, effects);
                    }
                    Err(why) => {
                        if let Some(ask) = self.line_ask.as_mut() {
                            ask.error = Some(why);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The tags in use, most used first.
    pub fn tags_in_use(&self) -> Vec<String> {
        let mut counts: std::collections::HashMap<String, (usize, String)> = Default::default();
        for tags in self.shared.tags.values() {
            for t in tags {
                let entry = counts
                    .entry(t.to_lowercase())
                    .or_insert_with(|| (0, t.clone()));
                entry.0 += 1;
            }
        }
        let mut tags: Vec<(usize, String)> = counts.into_values().collect();
        tags.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        tags.into_iter().map(|(_, t)| t).collect()
    }
}

/// The words typed as tags: added, or removed with a `-`.
fn tags_change(text: &str) -> Result<Change, String> {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for word in text.split([' ', ',']).filter(|w| !w.is_empty()) {
        let word = crate::text::sanitize(word);
        match word.strip_prefix('-') {
            Some(gone) if !gone.is_empty() => remove.push(gone.to_string()),
            Some(_) => {}
            None => add.push(word.trim_start_matches('#').to_string()),
        }
    }
    if add.is_empty() && remove.is_empty() {
        return Err("Type a tag (a word), or -tag to remove one.".into());
    }
    Ok(Change::Tags { add, remove })
}

/// Completes the last word typed with the first tag in use it starts (without case).
fn complete_tag(text: &str, in_use: &[String]) -> String {
    let start = text.rfind([' ', ',']).map_or(0, |i| i + 1);
    let (before, last) = text.split_at(start);
    let (sign, word) = match last.strip_prefix('-') {
        Some(w) => ("-", w),
        None => ("", last),
    };
    let word = word.to_lowercase();
    match in_use
        .iter()
        .find(|t| t.to_lowercase().starts_with(&word) && t.len() > word.len())
    {
        Some(t) => format!("{before}{sign}{t} "),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_typed_add_and_remove() {
        assert_eq!(
            tags_change("refund, #urgent -delivery"),
            Ok(Change::Tags {
                add: vec!["refund".into(), "urgent".into()],
                remove: vec!["delivery".into()],
            })
        );
        assert!(tags_change("  - ").is_err());
    }

    #[test]
    fn tab_completes_the_last_word_from_the_tags_in_use() {
        let in_use = vec!["Delivery".to_string(), "refund".to_string()];
        assert_eq!(complete_tag("urgent del", &in_use), "urgent Delivery ");
        assert_eq!(complete_tag("-re", &in_use), "-refund ");
        assert_eq!(complete_tag("xyz", &in_use), "xyz");
    }
}
