//! Helpers shared by the screen tests: type keys through the console's own action path, and
//! print the screen cell by cell (each wide character once, continuation cells skipped).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use frontline::app::Action;
use frontline::console::Console;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

pub fn press(c: &mut Console, keys: &str) {
    for ch in keys.chars() {
        let code = match ch {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\u{1b}' => KeyCode::Esc,
            _ => KeyCode::Char(ch),
        };
        c.handle(Action::Event(Event::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        ))))
        .unwrap();
    }
}

/// The screen as text: one line per row, each wide character once.
pub fn screen(c: &Console) -> String {
    let (w, h) = c.app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| frontline::ui::render(f, &c.app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
