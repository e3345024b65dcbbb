//! What is on top of the console, as one stack both key handling and drawing walk: keys go to
//! the top layer, drawing paints from the bottom up. The bottom is one screen (the inbox, the
//! report, a profile or the dashboard); above it come what is being typed or asked, and the
//! floating overlays.

use super::state::{Focus, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// The list, the open thread and its composer.
    Inbox,
    Report,
    Profile,
    Dashboard,
    /// The reply or note being written (drawn in the inbox's detail pane).
    Composer,
    /// The search query being typed (drawn over the list).
    Search,
    /// The sentiment question (drawn in the status bar).
    Prompt,
    /// Whom to assign a conversation to (drawn in the status bar).
    Assign,
    /// A reply held because the conversation moved on: what changed, and send or not.
    Confirm,
    /// The tone check's findings on a reply: send anyway or back to the draft.
    Tone,
    /// Whether to act on every marked message (drawn in the status bar).
    ConfirmBulk,
    /// Until when to snooze (drawn in the status bar).
    Snooze,
    /// Tags, or a snooze's end, being typed (drawn in the status bar).
    Ask,
    /// A note being written on a profile's person (drawn in the profile).
    PersonNote,
    /// The template picker, floating over the composer.
    Picker,
    /// The keys, floating over everything.
    Help,
}

impl Layer {
    /// The name `[keys]` in the config uses for the layer's bindings.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Inbox => "inbox",
            Layer::Report => "report",
            Layer::Profile => "profile",
            Layer::Dashboard => "dashboard",
            Layer::Composer => "composer",
            Layer::Search => "search",
            Layer::Prompt => "sentiment",
            Layer::Assign => "assign",
            Layer::Confirm => "confirm_reply",
            Layer::Tone => "tone",
            Layer::ConfirmBulk => "confirm_marked",
            Layer::Snooze => "snooze",
            Layer::Ask => "ask",
            Layer::PersonNote => "person_note",
            Layer::Picker => "picker",
            Layer::Help => "help",
        }
    }

    /// Layers where keys no binding takes are typed text.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Layer::Composer | Layer::Search | Layer::PersonNote | Layer::Picker | Layer::Ask
        )
    }

    /// Layers drawn over the whole screen after the screens below them.
    pub fn floats(self) -> bool {
        matches!(
            self,
            Layer::Picker | Layer::Help | Layer::Confirm | Layer::Tone
        )
    }
}

impl State {
    /// The stack, bottom first.
    pub fn layers(&self) -> Vec<Layer> {
        let mut stack = vec![self.screen()];
        let writing = self.focus == Focus::Composer && self.replying.composer.is_some();
        if stack[0] == Layer::Inbox && writing {
            stack.push(Layer::Composer);
        }
        if self.search.bar.as_ref().is_some_and(|s| s.editing) {
            stack.push(Layer::Search);
        }
        if let Some(prompt) = self.prompt {
            stack.push(match prompt {
                super::Prompt::Sentiment(_) => Layer::Prompt,
                super::Prompt::Assign(_) => Layer::Assign,
                super::Prompt::ConfirmReply => Layer::Confirm,
                super::Prompt::Tone => Layer::Tone,
                super::Prompt::ConfirmBulk => Layer::ConfirmBulk,
                super::Prompt::Snooze => Layer::Snooze,
            });
        }
        if self.line_ask.is_some() {
            stack.push(Layer::Ask);
        }
        if self.profile.as_ref().is_some_and(|p| p.note.is_some()) {
            stack.push(Layer::PersonNote);
        }
        if self.replying.picker.is_some() {
            stack.push(Layer::Picker);
        }
        // The report takes every key it is shown with: nothing opens over it.
        if self.help.open && stack[0] != Layer::Report {
            stack.push(Layer::Help);
        }
        stack
    }

    /// The layer keys go to.
    pub fn top_layer(&self) -> Layer {
        self.layers().last().copied().unwrap_or(Layer::Inbox)
    }

    /// The screen at the bottom of the stack.
    fn screen(&self) -> Layer {
        if self.report.is_some() {
            Layer::Report
        } else if self.profile.is_some() {
            Layer::Profile
        } else if self.dashboard.open {
            Layer::Dashboard
        } else {
            Layer::Inbox
        }
    }
}
