//! Themes: the styled buffer of the home screen in each theme (a few rows, style runs printed
//! cell range by cell range), the same words and symbols in every theme (status never by colour
//! alone), no colour at all in monochrome; the palette overlay; a new alert's flash and bell.

use crate::support::ui::{press, screen};

use frontline::app::Action;
use frontline::cli::UiOptions;
use frontline::console::Console;
use frontline::demo::{DemoSpec, generate};
use frontline::i18n::Lang;
use frontline::store::StoreConfig;
use frontline::store::commands::{CareCommand, Command, Ctx, PersonRef};
use frontline::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

const NOW: i64 = 1_623_283_200;

fn fixed_now() -> i64 {
    NOW
}

fn console(theme: ThemeName, w: u16, h: u16) -> (tempfile::TempDir, Console) {
    console_in(Lang::En, theme, w, h)
}

fn console_in(lang: Lang, theme: ThemeName, w: u16, h: u16) -> (tempfile::TempDir, Console) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui.db");
    let spec = DemoSpec {
        people: 300,
        days: 14,
        seed: 3,
        now: NOW,
    };
    generate(&path, &spec, &StoreConfig::default()).unwrap();
    let store = crate::support::db::open(&path, StoreConfig::default()).unwrap();
    let mut c = Console::new(store, lang, "snap".into(), (w, h)).unwrap();
    c.configure(&UiOptions {
        theme,
        mouse: true,
        bell: true,
        post_name: None,
        keymap: Default::default(),
        import_forms: Default::default(),
    });
    c.clock = fixed_now;
    c.handle(Action::Tick(NOW)).unwrap();
    c.refresh().unwrap();
    (dir, c)
}

fn buffer(c: &Console) -> ratatui::buffer::Buffer {
    let (w, h) = c.app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| frontline::ui::render(f, &c.app)).unwrap();
    t.backend().buffer().clone()
}

/// Style runs of the given rows: `y x0-x1 fg/bg/modifiers "text"`.
fn styles(c: &Console, rows: &[u16]) -> String {
    let buf = buffer(c);
    let mut out = String::new();
    for &y in rows {
        let mut x = 0;
        while x < buf.area.width {
            let key = |x: u16| {
                let cell = &buf[(x, y)];
                (cell.fg, cell.bg, cell.modifier)
            };
            let start = x;
            let k = key(x);
            let mut text = String::new();
            while x < buf.area.width && key(x) == k {
                text.push_str(buf[(x, y)].symbol());
                x += 1;
            }
            let (fg, bg, m) = k;
            if (fg, bg, m) == (Color::Reset, Color::Reset, Modifier::empty()) {
                continue;
            }
            out.push_str(&format!(
                "{y:>2} {start:>3}-{:<3} {fg:?}/{bg:?}/{m:?} {:?}\n",
                x - 1,
                text.trim_end()
            ));
        }
    }
    out
}

/// The header, a panel's title and first rows, and the footer.
const ROWS: &[u16] = &[0, 1, 3, 4, 14, 15, 22, 23];

#[test]
fn default_theme() {
    let (_d, c) = console(ThemeName::Default, 80, 24);
    insta::assert_snapshot!(styles(&c, ROWS));
}

#[test]
fn high_contrast_theme() {
    let (_d, c) = console(ThemeName::HighContrast, 80, 24);
    let s = styles(&c, ROWS);
    assert!(
        !s.contains("DarkGray"),
        "no dim grey in high contrast:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn monochrome_theme() {
    let (_d, c) = console(ThemeName::Monochrome, 80, 24);
    let buf = buffer(&c);
    for cell in buf.content.iter() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    insta::assert_snapshot!(styles(&c, ROWS));
}

#[test]
fn every_theme_says_the_same_in_words_and_symbols() {
    let texts: Vec<String> = ThemeName::ALL
        .iter()
        .map(|t| {
            let (_d, mut c) = console(*t, 100, 30);
            let home = screen(&c);
            press(&mut c, "P");
            format!("{home}{}", screen(&c))
        })
        .collect();
    assert_eq!(texts[0], texts[1]);
    assert_eq!(texts[0], texts[2]);
    // Status in words and symbols: alerts, low stock, the selection, overdue hours.
    for mark in ["⚠overdue", "⚠low", "▼LOW", "▶", "!"] {
        assert!(texts[2].contains(mark), "{mark} in:\n{}", texts[2]);
    }
}

#[test]
fn the_palette_lists_actions_with_their_keys_in_chinese() {
    let (_d, mut c) = console_in(Lang::Zh, ThemeName::Default, 100, 30);
    press(&mut c, ":");
    // Pinyin initials: 物资 (wz) is in 防护物资 (fhwz) and in the stock actions' labels.
    press(&mut c, "wz");
    let s = screen(&c);
    assert!(s.contains("前往 防护物资") && s.contains("P │"), "{s}");
    insta::assert_snapshot!(s);
    press(&mut c, "\u{1b}");
    assert!(!screen(&c).contains("命令面板 —"));
}

#[test]
fn a_new_alert_flashes_in_the_header_and_rings_once() {
    let (_d, mut c) = console(ThemeName::Default, 160, 30);
    assert_eq!(c.bells, 0, "what is there at the start is not new");
    assert!(!screen(&c).contains("NEW"));
    // Someone tests positive: a new unacknowledged alert.
    let person = c.app.home.on_duty.rows[0].id;
    c.store
        .execute(
            &Command::Care(CareCommand::RecordTest {
                person: PersonRef(person.to_string()),
                tested_at: Some(NOW - 3600),
                result: frontline::domain::TestResult::Positive,
                site: "多宝街采样点".into(),
            }),
            &Ctx {
                operator: "t".into(),
                now: NOW,
            },
        )
        .unwrap();
    c.refresh().unwrap();
    assert_eq!(c.bells, 1);
    let s = screen(&c);
    assert!(s.contains("🔔 NEW: POSITIVE"), "{s}");
    // It stops flashing after a couple of refreshes, and rings no more.
    c.refresh().unwrap();
    c.refresh().unwrap();
    assert!(!screen(&c).contains("NEW"));
    assert_eq!(c.bells, 1);
}

#[test]
fn the_palette_runs_an_action_of_another_screen_once_its_rows_are_there() {
    let (_d, mut c) = console(ThemeName::Default, 120, 40);
    press(&mut c, "A");
    assert_eq!(c.app.screen, frontline::app::keys::Screen::Audit);
    press(&mut c, ":issue\n");
    assert_eq!(c.app.screen, frontline::app::keys::Screen::Supplies);
    let s = screen(&c);
    // The issue form, prefilled with the selected (first, lowest) item.
    assert!(s.contains("Issue stock"), "{s}");
    let first = match &c.app.data {
        frontline::app::screens::ScreenData::Supplies(sup) => sup.items.rows[0].row.code.clone(),
        _ => panic!("supplies not loaded"),
    };
    let frontline::app::Mode::Form(f) = &c.app.mode else {
        panic!("no form:\n{s}");
    };
    let item = f.value(frontline::app::form::FieldKind::Item);
    assert!(
        item == first || item == first.to_lowercase() || !item.is_empty(),
        "{item}"
    );
    assert!(s.contains(&first), "{first} prefilled:\n{s}");
}
