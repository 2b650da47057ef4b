//! Two desks through one shift: sign-ins, the desk's log, a forced rest and a case by the
//! other desk, the clock moved by `Ctx.now`; the handover sheet says it all in both languages.

use crate::support::db::{DEMO_NOW, demo};
use frontline::domain::CaseCategory;
use frontline::i18n::Lang;
use frontline::i18n::handover::markdown;
use frontline::store::StoreConfig;
use frontline::store::commands::{CareCommand, Command, Ctx, DeskCommand, PersonRef, Refusal};

const MIN: i64 = 60;

fn at(op: &str, now: i64) -> Ctx {
    Ctx {
        operator: op.into(),
        now,
    }
}

#[test]
fn a_shift_of_two_desks_is_handed_over_in_words() {
    let d = demo(300, 14, 1, StoreConfig::default());
    let mut a = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    a.set_desk("desk-a".into());
    let mut b = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    b.set_desk("desk-b".into());
    let t0 = DEMO_NOW;
    // Someone on duty now, and someone else for a family case.
    // Read through a connection of its own (on PostgreSQL the file is only the copy's source).
    let reader = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    let conn = reader.db();
    let (x, x_name): (i64, String) = conn
        .query_row(
            "SELECT p.id, p.name FROM shifts s JOIN people p ON p.id = s.person_id
             WHERE s.status = 'active' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (y, y_name): (i64, String) = conn
        .query_row(
            "SELECT id, name FROM people WHERE id <> ?1 ORDER BY id DESC LIMIT 1",
            [x],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();

    let sign_in = |name: &str| Command::Desk(DeskCommand::SignIn { name: name.into() });
    a.execute(&sign_in("甲调度"), &at("甲调度", t0)).unwrap();
    b.execute(&sign_in("乙调度"), &at("乙调度", t0 + 5 * MIN))
        .unwrap();
    let note = Command::Desk(DeskCommand::Note {
        text: "三号卡口下午缺两人，已报街道".into(),
    });
    a.execute(&note, &at("甲调度", t0 + 10 * MIN)).unwrap();
    let rest = Command::ForceRest {
        person: PersonRef::id(x),
        hours: Some(12.0),
        reason: "连续在岗".into(),
    };
    b.execute(&rest, &at("乙调度", t0 + 30 * MIN)).unwrap();
    let case = Command::Care(CareCommand::OpenCase {
        person: PersonRef::id(y),
        category: CaseCategory::Eldercare,
        urgency: 3,
        summary: "母亲独居需照看".into(),
    });
    b.execute(&case, &at("乙调度", t0 + 60 * MIN)).unwrap();
    // An empty note and an empty name are refused, and write nothing.
    let before = a.audit(1).unwrap()[0].id;
    for bad in [
        Command::Desk(DeskCommand::Note { text: "  ".into() }),
        sign_in(""),
    ] {
        let r = a.execute(&bad, &at("甲调度", t0 + 61 * MIN));
        assert!(matches!(r, Err(Refusal::BadValue { .. })), "{r:?}");
    }
    assert_eq!(a.audit(1).unwrap()[0].id, before);

    // Desk A's shift began at its sign-in.
    let (since, who) = a.last_sign_in(Some("甲调度")).unwrap().unwrap();
    assert_eq!((since, who.as_str()), (t0, "甲调度"));
    let h = a.handover(since, t0 + 3 * 60 * MIN).unwrap();
    assert_eq!(h.signed_in.as_deref(), Some("甲调度"));
    assert_eq!(h.notes.len(), 1);
    assert_eq!(h.rests_begun.len(), 1);
    assert_eq!(h.rests_begun[0].name, x_name);
    assert_eq!(h.cases_opened.len(), 1);
    assert_eq!(h.cases_opened[0].name, y_name);
    assert!(h.next_change.is_some_and(|t| t > t0 + 3 * 60 * MIN));
    assert!(!h.coming_off.is_empty() && !h.coming_on.is_empty());

    let tz = chrono_tz::Asia::Shanghai;
    let en = markdown(Lang::En, tz, &h);
    let zh = markdown(Lang::Zh, tz, &h);
    for (sheet, want) in [
        (
            &en,
            vec![
                "# Handover — 甲调度's shift, 2021-06-10 08:00 to 2021-06-10 11:00".to_string(),
                "## The desk's log (1)".into(),
                "- 06-10 08:10 甲调度: 三号卡口下午缺两人，已报街道".into(),
                "- 06-10 08:00 甲调度 signed in at the desk".into(),
                "- 06-10 08:05 乙调度 signed in at the desk".into(),
                format!("- 06-10 08:30 乙调度 put {x_name} in forced rest"),
                format!("- 06-10 09:00 乙调度 opened a family case for {y_name}"),
                "## Forced rests begun (1)".into(),
                format!("- 06-10 08:30 {x_name}: 连续在岗"),
                "## Cases opened (1)".into(),
                format!("- 06-10 09:00 {y_name}: 母亲独居需照看"),
                "## Next shift change at".into(),
                "- coming off (".into(),
                "- coming on (".into(),
            ],
        ),
        (
            &zh,
            vec![
                "# 交接班 — 甲调度 的班次，2021-06-10 08:00 至 2021-06-10 11:00".to_string(),
                "## 值班日志 (1)".into(),
                "- 06-10 08:10 甲调度：三号卡口下午缺两人，已报街道".into(),
                "- 06-10 08:05 乙调度 签到接班".into(),
                format!("- 06-10 08:30 乙调度 安排 {x_name} 强制休息"),
                format!("- 06-10 09:00 乙调度 为 {y_name} 登记家事心事急难事"),
                "## 开始强制休息 (1)".into(),
                format!("- 06-10 08:30 {x_name}：连续在岗"),
                "## 新登记急难事 (1)".into(),
                "## 下次换班".into(),
                "- 下岗 (".into(),
                "- 上岗 (".into(),
            ],
        ),
    ] {
        for w in want {
            assert!(sheet.contains(&w), "{w} missing:\n{sheet}");
        }
        for raw in ["force_rest", "person:", "case_open", "log_note", "{\""] {
            assert!(!sheet.contains(raw), "{raw} in:\n{sheet}");
        }
    }
}

/// The next shift change at a post larger than a list: who comes off and on, and the new
/// alerts, are counted from the raw rows in full; each list names the first `LISTED` and the
/// sheet says how many more; the short posts are those the raw rows make short.
#[test]
fn the_handover_counts_every_comer_and_leaver_and_names_the_first() {
    use frontline::store::handover_queries::LISTED;
    let d = demo(1500, 7, 2, StoreConfig::default());
    let s = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    let since = DEMO_NOW - 12 * 3600;
    let h = s.handover(since, DEMO_NOW).unwrap();
    let t = h.next_change.expect("a shift change is planned");
    let conn = s.db();
    let n = |sql: &str, p: &[&dyn frontline::store::db::ToSql]| -> usize {
        conn.query_row(sql, p, |r| r.get::<_, i64>(0)).unwrap() as usize
    };
    let off = n(
        "SELECT count(*) FROM shifts WHERE status = 'active' AND planned_end <= ?1",
        &[&t],
    );
    let on = n(
        "SELECT count(*) FROM shifts WHERE status = 'planned' AND planned_start = ?1",
        &[&t],
    );
    let alerts = n(
        "SELECT count(*) FROM alerts WHERE raised_at >= ?1 AND raised_at <= ?2",
        &[&since, &DEMO_NOW],
    ) + n(
        "SELECT count(*) FROM shifts WHERE status = 'active' AND breach_at >= ?1 AND breach_at <= ?2",
        &[&since, &DEMO_NOW],
    );
    assert!(
        off > LISTED,
        "the demo's change is larger than a list: {off}"
    );
    assert_eq!(
        (h.totals.coming_off, h.totals.coming_on, h.totals.new_alerts),
        (off, on, alerts)
    );
    assert_eq!(h.coming_off.len(), off.min(LISTED));
    assert_eq!(h.coming_on.len(), on.min(LISTED));
    assert!(h.new_alerts.len() <= LISTED + 1);
    let sheet = markdown(Lang::En, chrono_tz::Asia::Shanghai, &h);
    assert!(
        sheet.contains(&format!("coming off ({off})"))
            && sheet.contains(&format!("and {} more", off - LISTED)),
        "{sheet}"
    );
    // Short posts: posts with a comer or a leaver at the change, planned under headcount.
    let mut want: Vec<(String, i64, i64)> = conn
        .prepare(
            "SELECT name, required_per_shift, n FROM (SELECT po.name, po.required_per_shift,
               (SELECT count(*) FROM shifts s WHERE s.post_id = po.id AND s.status = 'planned'
                  AND s.planned_start = ?1) AS n
             FROM posts po WHERE po.closed_at IS NULL AND po.id IN (
               SELECT post_id FROM shifts WHERE (status = 'planned' AND planned_start = ?1)
                 OR (status = 'active' AND planned_end <= ?1))) AS x
             WHERE n < required_per_shift",
        )
        .unwrap()
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    let mut got: Vec<(String, i64, i64)> = h
        .short_posts
        .iter()
        .map(|p| (p.post.clone(), p.required, p.planned))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
}
