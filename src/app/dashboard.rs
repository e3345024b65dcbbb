//! The dashboard screen's state: which period, which row and figure the chart follows, and
//! the latest figures from the service, refreshed while they are on screen.

use super::action::Effect;
use super::state::State;
use crate::metrics::Dashboard;
use crate::metrics::Period;
use crate::metrics::dashboard::Measure;
use crate::service::Command;
use jiff::{SignedDuration, Timestamp};

/// Figures are asked for again this often while they are visible (samples arrive every 30 s
/// from the demo, every poll from networks; messages at any time).
const REFRESH_EVERY: SignedDuration = SignedDuration::from_secs(10);

#[derive(Debug, Default)]
pub struct DashboardPanel {
    /// The full screen is open (the strip on wide inboxes shows without it).
    pub open: bool,
    pub period: Period,
    /// The row (channel, or the total last) and the figure the chart draws.
    pub row: usize,
    pub measure: usize,
    /// The reasons behind each "n/a" of the selected row are shown.
    pub why: bool,
    pub data: Option<Dashboard>,
    /// A request is out; no second one until it answers.
    pending: bool,
    /// When the figures shown were computed.
    answered_at: Option<Timestamp>,
    /// Messages changed since: the inbox KPIs are out of date.
    stale: bool,
}

impl DashboardPanel {
    pub fn measure(&self) -> Measure {
        Measure::ALL[self.measure % Measure::ALL.len()]
    }

    /// The row the chart follows, kept inside the rows there are.
    pub fn row_index(&self) -> usize {
        let rows = self.data.as_ref().map_or(0, |d| d.rows.len());
        self.row.min(rows.saturating_sub(1))
    }
}

impl State {
    pub(super) fn toggle_dashboard(&mut self, effects: &mut Vec<Effect>) {
        self.dashboard.open = !self.dashboard.open;
        if self.dashboard.open {
            self.ask_dashboard(effects);
        }
    }

    pub(super) fn next_period(&mut self, effects: &mut Vec<Effect>) {
        self.dashboard.period = self.dashboard.period.next();
        self.dashboard.stale = true;
        self.dashboard.pending = false;
        self.ask_dashboard(effects);
    }

    /// Messages arrived or changed: the next tick asks for fresh KPIs.
    pub(super) fn dashboard_outdated(&mut self) {
        self.dashboard.stale = true;
    }

    pub(super) fn move_dashboard(&mut self, rows: isize, measures: isize) {
        let d = &mut self.dashboard;
        let count = d.data.as_ref().map_or(1, |d| d.rows.len().max(1)) as isize;
        d.row = (d.row_index() as isize + rows).clamp(0, count - 1) as usize;
        let n = Measure::ALL.len() as isize;
        d.measure = (d.measure as isize + measures).rem_euclid(n) as usize;
    }

    /// Asks for fresh figures when they are on screen and out of date (messages changed, or
    /// `REFRESH_EVERY` passed: readings arrive on their own).
    pub(super) fn refresh_dashboard(&mut self, effects: &mut Vec<Effect>) {
        if self.dashboard.open || self.strip_wanted {
            self.ask_dashboard(effects);
        }
    }

    fn ask_dashboard(&mut self, effects: &mut Vec<Effect>) {
        let d = &mut self.dashboard;
        let old = d
            .answered_at
            .is_none_or(|at| self.now.duration_since(at) >= REFRESH_EVERY);
        if d.pending || !(old || d.stale) {
            return;
        }
        d.pending = true;
        d.stale = false;
        effects.push(Effect::Command(Command::LoadDashboard { period: d.period }));
    }

    pub(super) fn on_dashboard(&mut self, dashboard: Dashboard) {
        let d = &mut self.dashboard;
        d.pending = false;
        d.answered_at = Some(self.now);
        // An answer for a period no longer chosen is dropped; the right one is asked next.
        if dashboard.period == d.period {
            d.data = Some(dashboard);
        } else {
            d.stale = true;
        }
    }
}
