//! Styles. With colour off (NO_COLOR) only bold, dim and reverse remain, and every state is
//! also written as a symbol or a word by the widgets themselves.

use crate::model::SentimentLabel;
use crate::sla::SlaState;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    colour: bool,
}

impl Theme {
    pub fn new(colour: bool) -> Theme {
        Theme { colour }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn sla(&self, s: SlaState) -> Style {
        match s {
            SlaState::Breached => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            SlaState::Warning => self.fg(Color::Yellow),
            SlaState::Ok => self.fg(Color::Green),
        }
    }

    pub fn sentiment(&self, s: Option<SentimentLabel>) -> Style {
        match s {
            Some(SentimentLabel::Pos) => self.fg(Color::Green),
            Some(SentimentLabel::Neg) => self.fg(Color::Red),
            Some(SentimentLabel::Neu) | None => self.dim(),
        }
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::Indexed(237))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The composer's cursor cell: reversed, which every terminal shows, colour or not.
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn channel(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn outbound(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.colour) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn status_bar(&self) -> Style {
        if self.colour {
            Style::new().bg(Color::Indexed(236)).fg(Color::Indexed(252))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A figure going up (green) or down (red); the sign says it without colour.
    pub fn trend(&self, up: bool) -> Style {
        self.fg(if up { Color::Green } else { Color::Red })
    }

    /// The bad-buzz banner: loud in colour, reversed without.
    pub fn alarm(&self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn notice(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
