//! Themes: the style roles the ui modules read from `app.theme` (a `ThemeName`, see below), in three sets — default,
//! high-contrast and monochrome (`NO_COLOR`). Status is never told by colour alone (every
//! alert, warning and mark carries a symbol or a word), so monochrome loses nothing but colour.
//!
//! Modules that still write a colour directly are brought into line after drawing by
//! `finish`: monochrome drops every colour (a coloured background becomes reverse video, so a
//! badge stays a badge) and high-contrast brightens every colour and bolds coloured text.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

pub use crate::app::theme::ThemeName;

/// The painter reads a theme's styles through its name (`app.theme.alert`): `App` keeps only
/// the name, and each name's styles are built once, here.
impl std::ops::Deref for ThemeName {
    type Target = Theme;

    fn deref(&self) -> &Theme {
        Theme::of(*self)
    }
}

/// The style of each role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    /// Something that needs action now (rule broken, positive test, out of stock).
    pub alert: Style,
    /// Needs attention soon (resting, not reported, unwell).
    pub warn: Style,
    /// Family matters and other urgent-but-human items.
    pub urgent: Style,
    /// Done, fine, enough.
    pub ok: Style,
    /// A figure past its limit, in a list ("13h13!", "▼LOW").
    pub bad: Style,
    /// The same, stronger (out of stock, positive, late).
    pub critical: Style,
    /// Getting close to a limit.
    pub caution: Style,
    /// An error message in the footer.
    pub error: Style,
    /// The selected row.
    pub selected: Style,
    /// The app's name and titles.
    pub header: Style,
    /// Less important text.
    pub dim: Style,
    /// The focused panel's border.
    pub focus: Style,
    /// Key caps in the footer and help.
    pub key: Style,
    /// A new alert flashing in the header.
    pub flash: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::named(ThemeName::Default)
    }
}

impl Theme {
    pub fn named(name: ThemeName) -> Theme {
        let s = Style::new();
        match name {
            ThemeName::Default => Theme {
                name,
                alert: s.white().on_red().bold(),
                warn: s.black().on_yellow(),
                urgent: s.white().on_magenta(),
                ok: s.green(),
                bad: s.red(),
                critical: s.red().bold(),
                caution: s.yellow(),
                error: s.red().bold(),
                selected: s.reversed(),
                header: s.bold().reversed(),
                dim: s.dark_gray(),
                focus: s.cyan(),
                key: s.reversed(),
                flash: s.white().on_red().bold().slow_blink(),
            },
            ThemeName::HighContrast => Theme {
                name,
                alert: s.white().on_red().bold(),
                warn: s.black().on_light_yellow().bold(),
                urgent: s.black().on_light_magenta().bold(),
                ok: s.light_green().bold(),
                bad: s.light_red().bold(),
                critical: s.light_red().bold(),
                caution: s.light_yellow().bold(),
                error: s.light_red().bold(),
                selected: s.reversed().bold(),
                header: s.bold().reversed(),
                dim: s.white(),
                focus: s.light_yellow().bold(),
                key: s.reversed().bold(),
                flash: s.black().on_light_yellow().bold(),
            },
            ThemeName::Monochrome => Theme {
                name,
                alert: s.bold().reversed(),
                warn: s.reversed(),
                urgent: s.reversed(),
                ok: s,
                bad: s.bold(),
                critical: s.bold(),
                caution: s,
                error: s.bold(),
                selected: s.reversed(),
                header: s.bold().reversed(),
                dim: s,
                focus: s.bold(),
                key: s.reversed(),
                flash: s.bold().reversed(),
            },
        }
    }

    /// The styles of a theme, built once.
    pub fn of(name: ThemeName) -> &'static Theme {
        static THEMES: std::sync::LazyLock<[Theme; 3]> = std::sync::LazyLock::new(|| {
            [
                Theme::named(ThemeName::Default),
                Theme::named(ThemeName::HighContrast),
                Theme::named(ThemeName::Monochrome),
            ]
        });
        match name {
            ThemeName::Default => &THEMES[0],
            ThemeName::HighContrast => &THEMES[1],
            ThemeName::Monochrome => &THEMES[2],
        }
    }

    /// Bring what was drawn with fixed colours into this theme (see the module comment).
    pub fn finish(&self, buf: &mut Buffer) {
        if self.name == ThemeName::Default {
            return;
        }
        for cell in buf.content.iter_mut() {
            match self.name {
                ThemeName::Monochrome => {
                    if cell.bg != Color::Reset {
                        cell.modifier.insert(Modifier::REVERSED);
                    }
                    cell.fg = Color::Reset;
                    cell.bg = Color::Reset;
                    cell.modifier.remove(Modifier::SLOW_BLINK | Modifier::DIM);
                }
                ThemeName::HighContrast => {
                    if cell.fg != Color::Reset {
                        cell.fg = bright(cell.fg);
                        cell.modifier.insert(Modifier::BOLD);
                    }
                    cell.bg = bright_bg(cell.bg);
                }
                ThemeName::Default => {}
            }
        }
    }
}

fn bright(c: Color) -> Color {
    match c {
        Color::DarkGray | Color::Gray => Color::White,
        Color::Red => Color::LightRed,
        Color::Green => Color::LightGreen,
        Color::Yellow => Color::LightYellow,
        Color::Blue => Color::LightCyan,
        Color::Magenta => Color::LightMagenta,
        Color::Cyan => Color::LightCyan,
        c => c,
    }
}

fn bright_bg(c: Color) -> Color {
    match c {
        Color::Yellow => Color::LightYellow,
        Color::Magenta => Color::LightMagenta,
        Color::DarkGray => Color::Black,
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_the_asked_theme() {
        assert_eq!(
            ThemeName::choose(Some(ThemeName::HighContrast), true),
            ThemeName::Monochrome
        );
        assert_eq!(ThemeName::choose(None, false), ThemeName::Default);
        assert_eq!(
            ThemeName::parse("High_Contrast"),
            Some(ThemeName::HighContrast)
        );
        assert_eq!(ThemeName::parse("pink"), None);
    }

    #[test]
    fn monochrome_leaves_no_colour_and_keeps_badges_visible() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        buf[(0, 0)].set_style(Style::new().white().on_red());
        buf[(1, 0)].set_style(Style::new().dark_gray());
        Theme::named(ThemeName::Monochrome).finish(&mut buf);
        for c in buf.content.iter() {
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset));
        }
        assert!(buf[(0, 0)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(1, 0)].modifier.contains(Modifier::REVERSED));
    }
}
