//! `frontline config show`: the settings in force, written back as the TOML they would be.

use super::Settings;
use crate::app::theme::ThemeName;
use crate::domain::rules::RestRules;
use crate::i18n::Lang;

impl Settings {
    /// The effective settings as TOML (`frontline config show`).
    pub fn show(
        &self,
        lang: Lang,
        tz: &str,
        theme: ThemeName,
        rules_source: &str,
        rules: &RestRules,
    ) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let state = if self.exists {
            "in use"
        } else {
            "not there: defaults"
        };
        let post = self
            .post_name
            .as_deref()
            .unwrap_or(crate::i18n::t!(lang, "app.post"));
        let rules_line = match rules_source.strip_prefix("preset ") {
            Some(name) => format!("rules = {}", q(name)),
            None if rules_source == "built-in" => "# rules: built-in".to_string(),
            None => format!("rules = {}", q(rules_source)),
        };
        let mut out = vec![
            format!("# {} ({state})", self.path.display()),
            format!("post_name = {}", q(post)),
            format!("time_zone = {}", q(tz)),
            format!("language = {}", q(lang.code())),
            rules_line,
            format!("theme = {}", q(theme.as_str())),
            format!("mouse = {}", self.mouse),
            format!("bell = {}", self.bell),
            match &self.password_file {
                // the file's name, never what it holds
                Some(f) => format!("password_file = {}", q(&f.display().to_string())),
                None => "# password_file: none (~/.pgpass is read)".into(),
            },
            String::new(),
            "[thresholds]".into(),
        ];
        // The values in force: the rules file's, or this file's over them.
        let t = &self.thresholds;
        let f = |v: f64| format!("{v:?}");
        let rows = [
            (
                "low_stock_days",
                f(rules.low_stock_days),
                t.low_stock_days.is_some(),
            ),
            (
                "warn_within_hours",
                f(rules.warn_within_hours),
                t.warn_within_hours.is_some(),
            ),
            (
                "case_overdue_days",
                rules.case_overdue_days.to_string(),
                t.case_overdue_days.is_some(),
            ),
            (
                "test_interval_hours",
                rules.test_interval_hours.to_string(),
                t.test_interval_hours.is_some(),
            ),
            (
                "talk_interval_days",
                rules.talk_interval_days.to_string(),
                t.talk_interval_days.is_some(),
            ),
        ];
        for (k, v, here) in rows {
            let from = if here { "" } else { "   # from the rules" };
            out.push(format!("{k} = {v}{from}"));
        }
        out.push(String::new());
        out.push("[keys]".into());
        for name in self.keymap.names() {
            let b = self.keymap.bindings.iter().find(|b| b.name == name);
            if let Some(b) = b {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| q(&crate::app::keymap::key_label(*k)))
                    .collect();
                let v = if keys.len() == 1 {
                    keys[0].clone()
                } else {
                    format!("[{}]", keys.join(", "))
                };
                out.push(format!("{name} = {v}"));
            }
        }
        for (name, maps) in &self.import_forms {
            let maps: Vec<String> = maps.iter().map(|m| q(m)).collect();
            out.push(String::new());
            out.push("[[import.health.form]]".into());
            out.push(format!("name = {}", q(name)));
            out.push(format!("map = [{}]", maps.join(", ")));
        }
        out.join("\n")
    }
}
