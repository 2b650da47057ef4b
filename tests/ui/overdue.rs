//! Overdue, one measure: how far over a person is reads the same on the home panel, the watch
//! list (`W`) and the alerts (`N`), the panel is sorted by it worst first, every broken rule
//! is on the row (abbreviated when narrow), and a forced rest's reason names them all.

use crate::support::ui::{NOW, console, press, screen};
use frontline::i18n::Lang;

/// The right half of a home row (the Overdue panel at 80 columns).
fn right(l: &str) -> &str {
    ["│║", "║│", "││", "║║"]
        .iter()
        .filter_map(|p| l.find(p).map(|i| &l[i + p.len()..]))
        .next()
        .unwrap_or("")
}

/// The "+13h08" figures of the lines that hold `name`, or of every line with one.
fn figures(s: &str, name: Option<&str>) -> Vec<(String, i64)> {
    s.lines()
        .filter(|l| name.is_none_or(|n| l.contains(n)))
        .filter_map(|l| {
            let tok = l
                .split(|c: char| c.is_whitespace() || c == '│' || c == '║')
                .rev()
                .find(|t| t.starts_with('+') && t.contains('h'))?;
            let (h, m) = tok[1..].split_once('h')?;
            Some((
                tok.to_string(),
                h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?,
            ))
        })
        .collect()
}

#[test]
fn the_overdue_panel_is_worst_first_and_its_figure_is_the_watch_and_alert_figure() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "2");
    let home = screen(&c);
    // The right half of the panel rows: the Overdue panel.
    let right: String = home
        .lines()
        .skip(2)
        .take(19)
        .map(|l| right(l).to_string() + "\n")
        .collect();
    let f = figures(&right, None);
    assert!(f.len() >= 5, "{home}");
    assert!(f.windows(2).all(|w| w[0].1 >= w[1].1), "worst first: {f:?}");
    // Every rule on the row, abbreviated at 80 columns (four rules broken: four tags).
    let first = c.app.home.overdue.rows[0].clone();
    let row = home.lines().find(|l| l.contains(&first.name)).unwrap();
    assert!(first.breaches.len() >= 2);
    assert_eq!(
        row.matches('·').count() + 1,
        first.breaches.len(),
        "every rule on the row: {row}"
    );
    let fig = f[0].0.clone();
    press(&mut c, "W");
    let w = screen(&c);
    assert_eq!(figures(&w, Some(&first.name))[0].0, fig, "{w}");
    press(&mut c, "\u{1b}N");
    let n = screen(&c);
    assert!(
        n.lines()
            .any(|l| l.contains(&first.name) && l.contains(&fig)),
        "{fig} in:\n{n}"
    );
    // The person's record says the same.
    press(&mut c, "\u{1b}R/");
    press(&mut c, &first.staff_code);
    press(&mut c, "\n\n");
    let p = screen(&c);
    assert!(
        p.lines()
            .any(|l| l.contains(&first.name) && l.contains(&format!("overdue {fig}"))),
        "{fig} in:\n{p}"
    );
}

#[test]
fn a_forced_rest_from_the_overdue_panel_gives_every_broken_rule_as_its_reason() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let first = c.app.home.overdue.rows[0].clone();
    press(&mut c, "2f\n");
    let rest = c.store.forced_rest_at(NOW).unwrap();
    let r = rest.iter().find(|r| r.name == first.name).unwrap();
    for b in &first.breaches {
        let text = frontline::i18n::breach(Lang::En, b);
        assert!(r.reason.contains(&text), "{text} in {}", r.reason);
    }
}

#[test]
fn overdue_chinese_80x24_every_rule_abbreviated() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    press(&mut c, "2");
    let s = screen(&c);
    let first = c.app.home.overdue.rows[0].clone();
    let row = s
        .lines()
        .map(right)
        .find(|l| l.contains(&first.name) && l.contains('+'))
        .unwrap();
    assert!(!row.contains('…'), "nothing cut: {row}");
    assert_eq!(row.matches('·').count() + 1, first.breaches.len(), "{row}");
}
