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

/// 2021-06-10 08:00 in Shanghai: the clock of every screen test.
pub const NOW: i64 = 1_623_283_200;

fn fixed_now() -> i64 {
    NOW
}

/// A console over a 300-person, 14-day demo (seed 3) made at `NOW`, `w`×`h`, the clock fixed.
pub fn console(lang: frontline::i18n::Lang, w: u16, h: u16) -> (tempfile::TempDir, Console) {
    console_at(lang, w, h, NOW, fixed_now)
}

/// The same demo, with the console's clock at `now` (given again as `clock` for its ticks).
pub fn console_at(
    lang: frontline::i18n::Lang,
    w: u16,
    h: u16,
    now: i64,
    clock: fn() -> i64,
) -> (tempfile::TempDir, Console) {
    use frontline::demo::{DemoSpec, generate};
    use frontline::store::StoreConfig;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui.db");
    generate(
        &path,
        &DemoSpec {
            people: 300,
            days: 14,
            seed: 3,
            now: NOW,
        },
        &StoreConfig::default(),
    )
    .unwrap();
    let store = super::db::open(&path, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, lang, "snap".into(), (w, h)).unwrap();
    c.clock = clock;
    c.app.frozen = false;
    c.handle(Action::Tick(now)).unwrap();
    c.refresh().unwrap();
    (dir, c)
}

/// A console over a new, empty database (what `frontline init` makes: the catalogue and the
/// store, no streets, posts or people), `w`×`h`, the clock fixed at `NOW`.
pub fn empty_console(lang: frontline::i18n::Lang, w: u16, h: u16) -> (tempfile::TempDir, Console) {
    use frontline::store::StoreConfig;
    let dir = tempfile::tempdir().unwrap();
    let store = super::db::open(&dir.path().join("new.db"), StoreConfig::default()).unwrap();
    let mut c = Console::new(store, lang, "snap".into(), (w, h)).unwrap();
    c.clock = fixed_now;
    c.app.frozen = false;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    (dir, c)
}

/// A second connection to the console's database, as another desk or a script would have
/// (the file, or on PostgreSQL the server database), for raw reads and writes behind its back.
pub fn other_connection(c: &Console) -> frontline::store::db::Connection {
    super::db::connect(c.store.source()).expect("the console's database is there")
}

/// The folder the console writes its reports and exports into (`reports/`, `exports/`): beside
/// the database file, or for a server database its local folder.
pub fn files(c: &Console) -> std::path::PathBuf {
    c.store.path().parent().unwrap().to_path_buf()
}
