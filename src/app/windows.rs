//! The lists keys act on and the windows the console reads: each panel's and screen's rows
//! visible at the current size, the window a query asks for, and keeping selections inside
//! their lists when totals change.

use super::keys::{Panel, Screen};
use super::{App, Effect, ListState, layout};
use crate::store::queries::{HomeQuery, Window};

impl App {
    /// Rows visible in each panel at the current size (the same arithmetic the UI lays out).
    pub fn page(&self, p: Panel) -> usize {
        layout::panel_rows(self.size, self.lower_need())[p.index()]
    }

    /// The list keys act on: the focused panel at home, else the screen's list.
    /// The current list's selected row, as a place in the rows read for its window.
    pub fn selected_in_window(&self) -> Option<usize> {
        self.list().in_window()
    }

    pub fn list(&self) -> ListState {
        match self.screen {
            Screen::Home => self.lists[self.focus.index()].clone(),
            s => self.screen_lists.get(&s).cloned().unwrap_or_default(),
        }
    }

    pub(super) fn list_mut(&mut self) -> &mut ListState {
        match self.screen {
            Screen::Home => &mut self.lists[self.focus.index()],
            s => self.screen_lists.entry(s).or_default(),
        }
    }

    pub(super) fn current_total(&self) -> usize {
        match self.screen {
            Screen::Home => self.total(self.focus),
            _ => self.data.total(),
        }
    }

    pub(super) fn current_page(&self) -> usize {
        match self.screen {
            Screen::Home => self.page(self.focus),
            s => layout::screen_rows_for(s, self.size),
        }
    }

    /// The window the current full screen needs.
    pub fn screen_window(&self) -> Window {
        let l = self.list();
        Window {
            offset: l.offset,
            limit: Some(layout::screen_rows_for(self.screen, self.size).max(1)),
            filter: l.filter,
        }
    }

    /// The windows the panels need now.
    pub fn home_query(&self) -> HomeQuery {
        let w = |p: Panel| {
            let l = &self.lists[p.index()];
            Window {
                offset: l.offset,
                limit: Some(self.page(p).max(1)),
                filter: l.filter.clone(),
            }
        };
        HomeQuery {
            now: self.now,
            on_duty: w(Panel::OnDuty),
            overdue: w(Panel::Overdue),
            cases: w(Panel::Cases),
            supplies: w(Panel::Supplies),
        }
    }

    pub fn total(&self, p: Panel) -> usize {
        match p {
            Panel::OnDuty => self.home.on_duty.total,
            Panel::Overdue => self.home.overdue.total,
            Panel::Cases => self.home.cases.total,
            Panel::Supplies => self.home.supplies.total,
        }
    }

    /// Keep each list's selection and window inside its rows; `Refresh` when a window moved.
    pub(super) fn clamp_all(&mut self) -> Vec<Effect> {
        let mut refresh = false;
        let mut clamp = |l: &mut ListState, total: usize, page: usize| {
            if l.selected >= total {
                l.selected = total.saturating_sub(1);
            }
            let max_off = total.saturating_sub(page);
            if l.offset > max_off {
                l.offset = max_off;
                refresh = true;
            }
            if l.selected < l.offset {
                l.offset = l.selected;
                refresh = true;
            }
        };
        for p in Panel::ALL {
            let (total, page) = (self.total(p), self.page(p).max(1));
            clamp(&mut self.lists[p.index()], total, page);
        }
        // A person's record scrolls as text (`person_scroll` keeps it in range).
        if self.screen != Screen::Home && self.screen != Screen::Person {
            let (total, page) = (self.data.total(), self.current_page().max(1));
            clamp(
                self.screen_lists.entry(self.screen).or_default(),
                total,
                page,
            );
        }
        if refresh {
            vec![Effect::Refresh]
        } else {
            vec![]
        }
    }
}
