//! The desk's shift on screen: the audit log in words (a person's name and staff code filter
//! it; `Enter` says what an entry changed), the Handover screen.

use crate::support::ui::{console, press, screen};
use frontline::i18n::Lang;

/// The forced rest the demo console makes with `2f⏎` (the first overdue person), by name.
fn forced_rest(c: &frontline::console::Console) -> (String, String) {
    let conn = rusqlite::Connection::open(c.store.path()).unwrap();
    conn.query_row(
        "SELECT p.name, p.staff_code FROM audit_log a JOIN people p ON 'person:' || p.id = a.target
         WHERE a.action = 'force_rest' ORDER BY a.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn the_audit_detail_says_what_changed_in_words() {
    for (lang, w, h) in [
        (Lang::En, 80, 24),
        (Lang::Zh, 80, 24),
        (Lang::En, 160, 48),
        (Lang::Zh, 160, 48),
    ] {
        let zh = lang == Lang::Zh;
        let (_d, mut c) = console(lang, w, h);
        press(&mut c, "2f\n");
        let (name, code) = forced_rest(&c);
        press(&mut c, "A");
        // The filter finds the entry by the person's name and by their staff code.
        for q in [&name, &code] {
            press(&mut c, &format!("/{q}\n"));
            let s = screen(&c);
            let total = if zh {
                "操作记录 (1)"
            } else {
                "audit log (1)"
            };
            assert!(s.contains(total) && s.contains(&name), "{q}: {s}");
            press(&mut c, "\u{1b}");
        }
        press(&mut c, "\n");
        let s = screen(&c);
        let said = if zh {
            format!("snap 08:00 安排 {name} 强制休息")
        } else {
            format!("snap put {name} in forced rest at 08:00")
        };
        assert!(s.contains(&said), "{s}");
        // Before → after: the shift it ended, and the reason, in words.
        let (before, reason) = if zh {
            ("原为在岗 → 安排", "理由：")
        } else {
            ("was on duty → put", "reason: ")
        };
        assert!(s.contains(before) && s.contains(reason), "{s}");
        for raw in ["force_rest", "person:", "{\"", "_id"] {
            assert!(!s.contains(raw), "{raw}: {s}");
        }
        insta::assert_snapshot!(
            format!("audit_detail_{}_{w}x{h}", if zh { "zh" } else { "en" }),
            s
        );
        // Any key closes it.
        press(&mut c, "x");
        assert!(matches!(c.app.mode, frontline::app::Mode::Normal));
    }
}
