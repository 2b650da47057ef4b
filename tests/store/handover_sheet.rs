//! The whole handover sheet from one scripted shift of two desks (`Ctx.now` moved): the log,
//! every action of each desk in words, new alerts, forced rests begun and ending (one runs
//! out on the shift, one is ended early by the other desk), cases opened and resolved, stock
//! that went low, and the next shift change. Each section is checked in both languages, its
//! figures against the raw rows.

use crate::handover_stock::take;
use crate::support::db::{DEMO_NOW, demo};
use frontline::domain::{CaseCategory, Organisation, TestResult};
use frontline::i18n::Lang;
use frontline::i18n::handover::markdown;
use frontline::store::commands::{CareCommand, Command, Ctx, DeskCommand, PersonRef};
use frontline::store::db::Connection;
use frontline::store::handover_queries::Handover;
use frontline::store::queries::{SupplyRow, Window};
use frontline::store::{Store, StoreConfig};

const MIN: i64 = 60;
const A: &str = "甲调度";
const B: &str = "乙调度";

fn at(op: &str, now: i64) -> Ctx {
    Ctx {
        operator: op.into(),
        now,
    }
}

/// The section of a Markdown sheet under the heading that starts with `head`, heading included.
fn section<'a>(sheet: &'a str, head: &str) -> &'a str {
    let start = sheet
        .find(&format!("\n## {head}"))
        .unwrap_or_else(|| panic!("no {head} in:\n{sheet}"))
        + 4;
    let rest = &sheet[start..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

struct Shift {
    h: Handover,
    x: String,
    w: String,
    y: String,
    v: String,
    item: SupplyRow,
}

/// A twelve-hour shift. Desk A signs in at 08:00 and writes a note; desk B signs in at 08:05,
/// puts X in forced rest for 11 h (it runs out at 19:30), A puts W in forced rest at 08:40 and B ends it at
/// 09:40; B opens a case for Y, A assigns and resolves it; A records V positive; B issues the
/// stock that takes an item under. The sheet is A's, at 20:00.
fn scripted() -> (crate::support::db::Demo, Store, Shift) {
    let d = demo(300, 14, 1, StoreConfig::default());
    let mut a = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    a.set_desk("desk-a".into());
    let mut b = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    b.set_desk("desk-b".into());
    // The raw rows, read through a connection of their own (on PostgreSQL the file is only
    // the copy's source).
    let reader = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    let conn = reader.db();
    let t0 = DEMO_NOW;
    let on_duty: Vec<(i64, String)> = conn
        .prepare(
            "SELECT p.id, p.name FROM shifts s JOIN people p ON p.id = s.person_id
             WHERE s.status = 'active' ORDER BY p.id LIMIT 4",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    let [x, w, y, v] = <[(i64, String); 4]>::try_from(on_duty).unwrap();
    let post: i64 = conn
        .query_row(
            "SELECT id FROM posts WHERE closed_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let items = a.supplies(t0, &Window::all()).unwrap().rows;
    let item = items
        .iter()
        .filter(|i| i.burn_per_day > 0.0 && !i.low)
        .max_by(|p, q| {
            p.days_of_cover
                .unwrap()
                .total_cmp(&q.days_of_cover.unwrap())
        })
        .unwrap()
        .clone();
    let days = StoreConfig::default().rules.low_stock_days;
    let under = ((item.burn_per_day * days).ceil() as i64 - 1).max(0);

    let run = |s: &mut Store, c: Command, op: &str, m: i64| {
        s.execute(&c, &at(op, t0 + m * MIN))
            .unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
    };
    let care = Command::Care;
    run(
        &mut a,
        Command::Desk(DeskCommand::SignIn { name: A.into() }),
        A,
        0,
    );
    run(
        &mut b,
        Command::Desk(DeskCommand::SignIn { name: B.into() }),
        B,
        5,
    );
    let note = "三号卡口下午缺两人，已报街道";
    run(
        &mut a,
        Command::Desk(DeskCommand::Note { text: note.into() }),
        A,
        10,
    );
    let rest = |id: i64, hours: f64, reason: &str| Command::ForceRest {
        person: PersonRef::id(id),
        hours: Some(hours),
        reason: reason.into(),
    };
    run(&mut b, rest(x.0, 11.0, "连续在岗"), B, 30);
    run(&mut a, rest(w.0, 12.0, "发热待查"), A, 40);
    run(
        &mut b,
        care(CareCommand::OpenCase {
            person: PersonRef::id(y.0),
            category: CaseCategory::Eldercare,
            urgency: 3,
            summary: "母亲独居需照看".into(),
        }),
        B,
        60,
    );
    let case: i64 = conn
        .query_row("SELECT max(id) FROM family_cases", [], |r| r.get(0))
        .unwrap();
    run(
        &mut b,
        Command::EndRest {
            person: PersonRef::id(w.0),
            reason: Some("体温正常".into()),
        },
        B,
        100,
    );
    run(
        &mut a,
        care(CareCommand::AssignCase {
            case,
            organisation: Organisation::Union,
            helper: "工会李姐".into(),
        }),
        A,
        110,
    );
    run(
        &mut a,
        care(CareCommand::ResolveCase {
            case,
            outcome: "社区网格员每日上门".into(),
        }),
        A,
        120,
    );
    run(
        &mut a,
        care(CareCommand::RecordTest {
            person: PersonRef::id(v.0),
            tested_at: None,
            result: TestResult::Positive,
            site: "多宝街采样点".into(),
        }),
        A,
        130,
    );
    take(
        &mut b,
        conn,
        &item,
        item.on_hand - under,
        post,
        &at(B, t0 + 150 * MIN),
    );
    let (since, _) = a.last_sign_in(Some(A)).unwrap().unwrap();
    assert_eq!(since, t0);
    let h = a.handover(since, t0 + 12 * 60 * MIN).unwrap();
    let shift = Shift {
        h,
        x: x.1,
        w: w.1,
        y: y.1,
        v: v.1,
        item,
    };
    (d, reader, shift)
}

/// One count from the raw rows.
fn n(conn: &Connection, sql: &str, p: &[&dyn frontline::store::db::ToSql]) -> usize {
    conn.query_row(sql, p, |r| r.get::<_, i64>(0)).unwrap() as usize
}

#[test]
fn one_shift_of_two_desks_fills_every_section_of_the_sheet() {
    let (_d, reader, s) = scripted();
    let conn = reader.db();
    let h = &s.h;
    let (since, now) = (h.since, h.now);
    let tz = chrono_tz::Asia::Shanghai;
    // The raw rows each section counts.
    let actions = n(
        conn,
        "SELECT count(*) FROM audit_log WHERE at >= ?1 AND at <= ?2 AND action <> 'log_note'",
        &[&since, &now],
    );
    let alerts = n(
        conn,
        "SELECT count(*) FROM alerts WHERE raised_at >= ?1 AND raised_at <= ?2",
        &[&since, &now],
    ) + n(
        conn,
        "SELECT count(*) FROM shifts WHERE status = 'active' AND breach_at >= ?1 AND breach_at <= ?2",
        &[&since, &now],
    );
    let change: i64 = conn
        .query_row(
            "SELECT min(planned_start) FROM shifts WHERE status = 'planned' AND planned_start > ?1",
            [now],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(h.next_change, Some(change));
    let off = n(
        conn,
        "SELECT count(*) FROM shifts WHERE status = 'active' AND planned_end <= ?1",
        &[&change],
    );
    let on = n(
        conn,
        "SELECT count(*) FROM shifts WHERE status = 'planned' AND planned_start = ?1",
        &[&change],
    );
    let short: Vec<(String, i64, i64)> = conn
        .prepare(
            "SELECT name, required_per_shift, k FROM (SELECT po.name, po.required_per_shift,
               (SELECT count(*) FROM shifts s WHERE s.post_id = po.id AND s.status = 'planned'
                  AND s.planned_start = ?1) AS k
             FROM posts po WHERE po.closed_at IS NULL AND po.id IN (
               SELECT post_id FROM shifts WHERE (status = 'planned' AND planned_start = ?1)
                 OR (status = 'active' AND planned_end <= ?1))) AS x
             WHERE k < required_per_shift
             ORDER BY required_per_shift - k DESC, name",
        )
        .unwrap()
        .query_map([change], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    assert!(
        off > 0 && on > 0,
        "the demo has a shift change: {off} off, {on} on"
    );
    assert!(
        alerts > 1,
        "a positive and the rules crossed on a 12-hour shift"
    );
    // Forced rests ending by the change, from the raw rows: W ended early, X ran out.
    let ending = n(
        conn,
        "SELECT count(*) FROM rest_periods WHERE kind = 'forced' AND end_at >= ?1
           AND end_at <= ?2 AND end_at > start_at",
        &[&since, &change],
    );
    assert_eq!(h.rests_ending.len(), ending);
    let hm = |t: i64| {
        frontline::domain::time::to_local(t, tz)
            .format("%m-%d %H:%M")
            .to_string()
    };
    let (x, w, y, v) = (&s.x, &s.w, &s.y, &s.v);
    let under = h.stock_went_low[0].on_hand;

    for lang in [Lang::En, Lang::Zh] {
        let sheet = markdown(lang, tz, h);
        let en = matches!(lang, Lang::En);
        let pick = |e: String, z: String| if en { e } else { z };
        let title = pick(
            format!("# Handover — {A}'s shift, 2021-06-10 08:00 to 2021-06-10 20:00\n"),
            format!("# 交接班 — {A} 的班次，2021-06-10 08:00 至 2021-06-10 20:00\n"),
        );
        assert!(sheet.starts_with(&title), "{sheet}");
        // Each section: its heading with the raw count, then its lines in words.
        let head = |e: &str, z: &str| if en { e.to_string() } else { z.to_string() };
        let sections: Vec<(String, usize, Vec<String>)> = vec![
            (
                head("The desk's log", "值班日志"),
                1,
                vec![pick(
                    format!("- 06-10 08:10 {A}: 三号卡口下午缺两人，已报街道"),
                    format!("- 06-10 08:10 {A}：三号卡口下午缺两人，已报街道"),
                )],
            ),
            (
                head("Actions, every desk", "各终端操作"),
                actions,
                [
                    (
                        "08:00",
                        A,
                        "signed in at the desk".to_string(),
                        "签到接班".to_string(),
                    ),
                    (
                        "08:05",
                        B,
                        "signed in at the desk".into(),
                        "签到接班".into(),
                    ),
                    (
                        "08:30",
                        B,
                        format!("put {x} in forced rest"),
                        format!("安排 {x} 强制休息"),
                    ),
                    (
                        "08:40",
                        A,
                        format!("put {w} in forced rest"),
                        format!("安排 {w} 强制休息"),
                    ),
                    (
                        "09:00",
                        B,
                        format!("opened a family case for {y}"),
                        format!("为 {y} 登记家事心事急难事"),
                    ),
                    (
                        "09:40",
                        B,
                        format!("ended {w}'s rest"),
                        format!("结束 {w} 的休息"),
                    ),
                    (
                        "09:50",
                        A,
                        format!("assigned {y}'s case"),
                        format!("分派 {y} 的急难事"),
                    ),
                    (
                        "10:00",
                        A,
                        format!("resolved {y}'s case"),
                        format!("办结 {y} 的急难事"),
                    ),
                    (
                        "10:10",
                        A,
                        format!("recorded a test of {v}"),
                        format!("登记 {v} 的核酸检测"),
                    ),
                    (
                        "10:30",
                        B,
                        format!("issued {}", s.item.name_en),
                        format!("发放 {}", s.item.name_zh),
                    ),
                ]
                .into_iter()
                .map(|(t, who, e, z)| format!("- 06-10 {t} {who} {}", pick(e, z)))
                .collect(),
            ),
            (
                head("New alerts", "新警报"),
                alerts,
                vec![pick(
                    format!("- 06-10 10:10 {v} positive test"),
                    format!("- 06-10 10:10 {v} 核酸阳性"),
                )],
            ),
            (
                head("Forced rests begun", "开始强制休息"),
                2,
                vec![
                    pick(
                        format!("- 06-10 08:30 {x}: 连续在岗"),
                        format!("- 06-10 08:30 {x}：连续在岗"),
                    ),
                    pick(
                        format!("- 06-10 08:40 {w}: 发热待查"),
                        format!("- 06-10 08:40 {w}：发热待查"),
                    ),
                ],
            ),
            (
                head("Forced rests ending", "强制休息到期"),
                ending,
                vec![
                    pick(
                        format!("- {w}: ended early at 06-10 09:40 by {B} (体温正常)"),
                        format!("- {w}：{B} 于 06-10 09:40 提前结束（体温正常）"),
                    ),
                    pick(
                        format!("- {x}: over at 06-10 19:30"),
                        format!("- {x}：06-10 19:30 期满"),
                    ),
                ],
            ),
            (
                head("Cases opened", "新登记急难事"),
                1,
                vec![pick(
                    format!("- 06-10 09:00 {y}: 母亲独居需照看"),
                    format!("- 06-10 09:00 {y}：母亲独居需照看"),
                )],
            ),
            (
                head("Cases resolved", "已办结急难事"),
                1,
                vec![pick(
                    format!("- 06-10 10:00 {y}: 社区网格员每日上门"),
                    format!("- 06-10 10:00 {y}：社区网格员每日上门"),
                )],
            ),
            (
                head("Stock that went low", "本班转为告急的物资"),
                1,
                vec![pick(
                    format!(
                        "- 06-10 10:30 {}: {} → {under} {}",
                        s.item.name_en, s.item.on_hand, s.item.unit_en
                    ),
                    format!(
                        "- 06-10 10:30 {}：{} → {under} {}",
                        s.item.name_zh, s.item.on_hand, s.item.unit_zh
                    ),
                )],
            ),
            (
                pick(
                    format!("Next shift change at {}", hm(change)),
                    format!("下次换班 {}", hm(change)),
                ),
                0,
                vec![
                    pick(format!("- coming off ({off})"), format!("- 下岗 ({off})")),
                    pick(format!("- coming on ({on})"), format!("- 上岗 ({on})")),
                    {
                        let posts: Vec<String> = short
                            .iter()
                            .map(|(p, r, k)| format!("{p} {k}/{r}"))
                            .collect();
                        pick(
                            format!("- short posts ({}): {}", short.len(), posts.join(", ")),
                            format!("- 缺员点位（{}）：{}", short.len(), posts.join("、")),
                        )
                    },
                ],
            ),
        ];
        for (heading, count, want) in sections {
            let sec = section(&sheet, &heading);
            if count > 0 {
                assert!(
                    sec.starts_with(&format!("{heading} ({count})\n")),
                    "{heading} ({count}):\n{sec}"
                );
            }
            for line in want {
                assert!(
                    sec.lines().any(|l| l.starts_with(&line)),
                    "{line} missing under {heading}:\n{sec}"
                );
            }
        }
        // New alerts come in time order.
        let times: Vec<&str> = section(&sheet, &head("New alerts", "新警报"))
            .lines()
            .filter_map(|l| l.strip_prefix("- "))
            .map(|l| &l[..11])
            .collect();
        assert!(times.windows(2).all(|p| p[0] <= p[1]), "{times:?}");
        // Only the actions in words.
        for raw in [
            "force_rest",
            "person:",
            "case_open",
            "end_rest",
            "stock_issue",
            "{\"",
        ] {
            assert!(!sheet.contains(raw), "{raw} in:\n{sheet}");
        }
    }
}
