//! The desk's shift on screen: the audit log in words (a person's name and staff code filter
//! it; `Enter` says what an entry changed), the Handover screen.

use crate::support::ui::{console, files, press, screen};
use frontline::i18n::Lang;

/// The forced rest the demo console makes with `2f⏎` (the first overdue person), by name.
fn forced_rest(c: &frontline::console::Console) -> (String, String) {
    let conn = crate::support::ui::other_connection(c);
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

/// Another desk (operator 副调度) puts the first person on duty in forced rest behind the
/// console's back; their name.
fn another_desk_forces_a_rest(c: &frontline::console::Console) -> String {
    use frontline::store::commands::{Command, Ctx, PersonRef};
    use frontline::store::{Store, StoreConfig};
    let conn = crate::support::ui::other_connection(c);
    let (who, name): (i64, String) = conn
        .query_row(
            "SELECT p.id, p.name FROM shifts s JOIN people p ON p.id = s.person_id
             WHERE s.status = 'active' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let mut other = Store::open(c.store.source(), StoreConfig::default()).unwrap();
    other.set_desk("console-other".into());
    let ctx = Ctx {
        operator: "副调度".into(),
        now: crate::support::ui::NOW,
    };
    let rest = Command::ForceRest {
        person: PersonRef::id(who),
        hours: Some(12.0),
        reason: "连续在岗".into(),
    };
    other.execute(&rest, &ctx).unwrap();
    name
}

/// The Handover screen: `Y` opens it;/// The Handover screen: `Y` opens it; `i` signs in (the name becomes the operator of what
/// follows), `n` writes in the desk's log; another desk's action is a notice in words and stays
/// in the recent-activity list; the sheet's sections are all there.
#[test]
fn the_handover_screen_signs_in_keeps_the_log_and_shows_other_desks() {
    for (lang, w, h) in [
        (Lang::En, 80, 24),
        (Lang::Zh, 80, 24),
        (Lang::En, 160, 48),
        (Lang::Zh, 160, 48),
    ] {
        let zh = lang == Lang::Zh;
        let (_d, mut c) = console(lang, w, h);
        press(&mut c, "Y");
        let s = screen(&c);
        let title = if zh { "交接班" } else { "Handover" };
        assert!(s.contains(title), "{s}");
        // Sign in: the name is now the operator, and the sign-in is audited under it.
        press(&mut c, "i甲调度\n");
        assert_eq!(c.app.operator, "甲调度");
        let a = &c.store.audit(1).unwrap()[0];
        assert_eq!(
            (a.action.as_str(), a.details["name"].as_str()),
            ("desk_sign_in", Some("甲调度"))
        );
        // A note: the next action of this desk is the signed-in name's.
        press(&mut c, "n三号卡口缺两人\n");
        let a = &c.store.audit(1).unwrap()[0];
        assert_eq!(
            (a.action.as_str(), a.operator.as_str()),
            ("log_note", "甲调度")
        );
        // An empty note is refused on the status line; nothing is written.
        let rows = c.store.audit(1000).unwrap().len();
        press(&mut c, "n  \n");
        assert!(screen(&c).contains("✗ "), "{}", screen(&c));
        assert_eq!(c.store.audit(1000).unwrap().len(), rows);
        press(&mut c, "\u{1b}");

        // Another desk forces someone to rest: a notice in words, and the activity list.
        let name = another_desk_forces_a_rest(&c);
        c.refresh().unwrap();
        let s = screen(&c);
        let said = if zh {
            format!("副调度 安排 {name} 强制休息")
        } else {
            format!("副调度 put {name} in forced rest")
        };
        let status = s.lines().nth(h as usize - 2).unwrap();
        // After this desk's own last result, which it does not hide.
        assert!(status.contains(&format!("◆ {said}")), "{s}");
        let (recent, log, rests) = if zh {
            ("其他终端最近操作 (1)", "值班日志 (1)", "开始强制休息 (1)")
        } else {
            (
                "Other desks, recent activity (1)",
                "The desk's log (1)",
                "Forced rests begun (1)",
            )
        };
        assert!(s.contains(recent) && s.contains(log), "{s}");
        assert!(s.contains("三号卡口缺两人"), "{s}");
        if h >= 48 {
            assert!(s.contains(rests), "{s}");
        }
        for raw in ["force_rest", "person:", "log_note", "desk_sign_in"] {
            assert!(!s.contains(raw), "{raw}: {s}");
        }
        insta::assert_snapshot!(
            format!("handover_{}_{w}x{h}", if zh { "zh" } else { "en" }),
            s
        );
        // Sign out: the desk's operator is again the name it was opened with.
        press(&mut c, "o");
        assert_eq!(c.app.operator, "snap");
    }
}

/// Another desk acts, then this desk acts before the panels are read again: the data version
/// moved by more than this desk's own action, so the other desk's is still told (a console
/// skips reading the log only when its own actions alone moved the version).
#[test]
fn another_desks_action_is_told_when_this_desk_acted_too() {
    let (_d, mut c) = console(Lang::En, 160, 48);
    // This desk's own action first: nothing to tell.
    press(&mut c, "Yn第一条\n");
    let status = |c: &frontline::console::Console| {
        let s = screen(c);
        s.lines().nth(46).unwrap().to_string()
    };
    assert!(!status(&c).contains("◆"), "{}", screen(&c));
    let name = another_desk_forces_a_rest(&c);
    // This desk writes again before it reads: its own action and the other desk's together.
    press(&mut c, "n第二条\n");
    c.refresh().unwrap();
    let said = format!("◆ 副调度 put {name} in forced rest");
    assert!(status(&c).contains(&said), "{}", screen(&c));
}

/// `w` on the Handover screen writes the sheet (XLSX and Markdown) as a job, and says where.
#[test]
fn w_on_the_handover_screen_writes_the_sheet() {
    for lang in [Lang::En, Lang::Zh] {
        let zh = lang == Lang::Zh;
        let (_dir, mut c) = console(lang, 120, 40);
        press(&mut c, "Yi甲调度\nn水已送到三号卡口\nw");
        let stem = if zh {
            "交接单-2021-06-10-0800"
        } else {
            "handover-2021-06-10-0800"
        };
        let reports = files(&c).join("reports");
        assert!(reports.join(format!("{stem}.xlsx")).exists());
        let md = std::fs::read_to_string(reports.join(format!("{stem}.md"))).unwrap();
        let (title, note) = if zh {
            (
                "# 交接班 — 甲调度 的班次",
                "- 06-10 08:00 甲调度：水已送到三号卡口",
            )
        } else {
            (
                "# Handover — 甲调度's shift",
                "- 06-10 08:00 甲调度: 水已送到三号卡口",
            )
        };
        assert!(md.starts_with(title) && md.contains(note), "{md}");
        let s = screen(&c);
        let said = if zh {
            "交接单已生成"
        } else {
            "handover sheet written"
        };
        assert!(s.contains(said), "{s}");
    }
}
