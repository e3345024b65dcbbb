//! Saved views: the sidebar's views are queries (`ViewDef`). Those whose query is a
//! default's keep the default's way (rows made from the summary index, counts kept as
//! messages change); any other is a `View::Custom`, found as a search is — its messages
//! judged once, then kept up to date as messages change — and counted again each refresh,
//! and at most once a tick after changes.

use super::state::State;
use super::views::View;

impl State {
    /// The views in sidebar order (keys 1–9 then 0 select the first ten), then the team's.
    pub fn views(&self) -> Vec<View> {
        let mut views: Vec<View> = self.views.iter().map(|d| d.view).collect();
        if !self.team.agents.is_empty() {
            views.extend([View::Mine, View::Unassigned]);
        }
        views
    }

    /// A view's name as the sidebar shows it.
    pub fn view_title(&self, view: View) -> &str {
        match self.views.iter().find(|d| d.view == view) {
            Some(d) => &d.name,
            None => view.title(),
        }
    }

    /// A view's name in a line of tabs at 80 columns.
    pub fn view_short(&self, view: View) -> String {
        match self.views.iter().find(|d| d.view == view) {
            // A default renamed or a saved view: the start of its name.
            Some(d) if d.name != view.title() => d.name.chars().take(5).collect(),
            _ => view.short().to_string(),
        }
    }

    /// Whether the sidebar counts every message of the view rather than those waiting.
    pub fn view_counts_all(&self, view: View) -> bool {
        self.views
            .iter()
            .find(|d| d.view == view)
            .is_some_and(|d| d.counts_all)
    }

    pub(super) fn select_view(&mut self, n: usize) {
        if let Some(&view) = self.views().get(n) {
            self.view = view;
            self.selected = 0;
            self.list_offset.set(0);
            self.refresh_custom();
            self.rebuild_inbox();
        }
    }

    /// Finds the current saved view's messages again (when it is chosen, at each refresh of
    /// the inbox, and once the index is ready).
    pub(super) fn refresh_custom(&mut self) {
        let View::Custom(i) = self.view else {
            self.search.custom = None;
            return;
        };
        let Some(query) = self.views.get(i).map(|d| d.query.clone()) else {
            return;
        };
        self.search.custom = self.find(query).map(|found| (i, found));
    }

    /// Counts each saved view of its own query.
    pub(super) fn count_custom_views(&mut self) {
        self.search.custom_outdated = false;
        let mut incidents = Vec::new();
        for (i, def) in self.views.iter().enumerate() {
            if def.view != View::Custom(i) {
                continue;
            }
            let (mut all, mut waiting) = (0, 0);
            let mut arrivals = Vec::new();
            let incident = self.incident_view(i);
            let counted = self.judge(&def.query, |s| {
                all += 1;
                waiting += usize::from(s.awaits);
                if incident {
                    arrivals.push((s.created_ms, s.answered));
                }
            });
            if counted.is_some() {
                self.search.custom_counts.insert(i, (all, waiting));
                if incident {
                    incidents.push((i, arrivals));
                }
            }
        }
        for (i, arrivals) in incidents {
            self.count_incident(i, &arrivals);
        }
    }

    pub(super) fn refresh_saved_views(&mut self) {
        self.refresh_custom();
        self.count_custom_views();
    }

    /// Whether the current view admits `id` as far as its own query goes (a saved view of
    /// its own query; every other view is filtered by its kind).
    pub(super) fn custom_admits(&self, id: crate::model::MessageId) -> bool {
        match (self.view, &self.search.custom) {
            (View::Custom(i), Some((of, found))) if *of == i => found.admits(id),
            (View::Custom(_), _) => false,
            _ => true,
        }
    }

    /// Whether the current saved view asks for `status` (snoozed, spam) that views hide.
    pub(super) fn custom_reveals(&self, status: crate::model::Status) -> bool {
        matches!(self.view, View::Custom(_))
            && self
                .search
                .custom
                .as_ref()
                .is_some_and(|(_, f)| f.reveals(status))
    }
}
