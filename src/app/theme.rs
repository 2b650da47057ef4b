//! Which theme the console draws in, by name: what the config file, `--theme` and `NO_COLOR`
//! choose. The styles of each name are the painter's (`ui::theme`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
    Monochrome,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [
        ThemeName::Default,
        ThemeName::HighContrast,
        ThemeName::Monochrome,
    ];

    pub fn parse(s: &str) -> Option<ThemeName> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "default" => Some(ThemeName::Default),
            "high-contrast" | "contrast" => Some(ThemeName::HighContrast),
            "monochrome" | "mono" | "none" => Some(ThemeName::Monochrome),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Monochrome => "monochrome",
        }
    }
}

impl ThemeName {
    /// The theme asked for, unless `NO_COLOR` is set (any non-empty value): then monochrome.
    pub fn choose(asked: Option<ThemeName>, no_color: bool) -> ThemeName {
        if no_color {
            ThemeName::Monochrome
        } else {
            asked.unwrap_or_default()
        }
    }
}
