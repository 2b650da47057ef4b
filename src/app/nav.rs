//! Where `Esc` goes: the screens under the current one, kept as a stack (`App::nav`).
//! A screen key jumps (the stack becomes the screen's usual path); a drill-down (a slot, the
//! call-up list, a person's record) pushes the screen it was opened from; `Esc` pops.

use super::App;
use super::keys::Screen;

/// The stack under `s` when it is reached by a jump rather than a drill-down: its parents in
/// the registry (`ScreenDef::parent`), home first.
fn path_to(s: Screen) -> Vec<Screen> {
    let mut path = Vec::new();
    let mut at = s.def().parent;
    while let Some(p) = at
        && !path.contains(&p)
    {
        path.insert(0, p);
        at = p.def().parent;
    }
    path
}

impl App {
    /// Jump to `s` (a screen key, the palette): `Esc` then goes where it usually does.
    pub fn go_to(&mut self, s: Screen) {
        self.nav = path_to(s);
        self.screen = s;
    }

    /// Open `s` from the current screen: `Esc` comes back here. A screen already under this
    /// one is returned to (the stack never holds a screen twice).
    pub fn open_screen(&mut self, s: Screen) {
        if s == self.screen {
            return;
        }
        match self.nav.iter().position(|x| *x == s) {
            Some(i) => self.nav.truncate(i),
            None => self.nav.push(self.screen),
        }
        self.screen = s;
    }

    /// Back to the screen under this one (home when nothing is under it).
    pub fn back(&mut self) {
        self.screen = self.nav.pop().unwrap_or(Screen::Home);
    }
}
