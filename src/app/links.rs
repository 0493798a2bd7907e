//! Links in the app: which of them the text view draws (*View → Links*).

use super::MarginaliaApp;
use crate::ui::links::LinksShown;

impl MarginaliaApp {
    /// Draws links as `shown` says, and says so in the status bar.
    pub(super) fn show_links(&mut self, shown: LinksShown) {
        self.view.links_shown = shown;
        self.say(format!("Links shown: {}", shown.name()));
    }

    /// Draws links the next way (*Focus*, *All*, *Selected*, *Hidden*).
    pub(super) fn cycle_links(&mut self) {
        self.show_links(self.view.links_shown.next());
    }
}
