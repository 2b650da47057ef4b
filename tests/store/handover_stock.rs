//! Stock that went low on a desk's shift, and stock that was low all along: two desks issue
//! stock through a simulated shift (`Ctx.now` moved); the handover names the item that went
//! under with the time of the movement that took it under, the item already under as "still
//! low", and neither names an item that stayed above. Every figure is checked against a
//! reference from the raw rows (`stock`, `stock_movements`).

use crate::support::db::{DEMO_NOW, demo};
use frontline::i18n::Lang;
use frontline::i18n::handover::markdown;
use frontline::store::commands::{Command, Ctx, DeskCommand};
use frontline::store::db::Connection;
use frontline::store::handover_queries::StockLow;
use frontline::store::queries::{SupplyRow, Window};
use frontline::store::{Store, StoreConfig};

const MIN: i64 = 60;

fn at(op: &str, now: i64) -> Ctx {
    Ctx {
        operator: op.into(),
        now,
    }
}

/// Issues `qty` of `item` at `ctx.now`, from the depots that hold most first, to `post`.
pub(crate) fn take(
    s: &mut Store,
    conn: &Connection,
    item: &SupplyRow,
    mut qty: i64,
    post: i64,
    ctx: &Ctx,
) {
    let depots: Vec<(i64, i64)> = conn
        .prepare(
            "SELECT depot_id, on_hand FROM stock WHERE item_id = ?1 AND on_hand > 0
             ORDER BY on_hand DESC",
        )
        .unwrap()
        .query_map([item.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<frontline::store::db::Result<_>>()
        .unwrap();
    for (depot, on_hand) in depots {
        let n = qty.min(on_hand);
        if n == 0 {
            break;
        }
        s.execute(
            &Command::StockIssue {
                item: item.code.clone(),
                depot: Some(depot.to_string()),
                quantity: n,
                post: Some(post),
                person: None,
            },
            ctx,
        )
        .unwrap();
        qty -= n;
    }
    assert_eq!(qty, 0, "{} has too little to issue", item.code);
}

/// The reference: one item's level at `t` from the raw rows (on hand now, less every movement
/// after `t`), and whether `burn` a day makes it low (under `days` of cover, or gone).
struct Raw<'a> {
    conn: &'a Connection,
    days: f64,
}

impl Raw<'_> {
    fn level(&self, item: i64, t: i64) -> i64 {
        self.conn
            .query_row(
                "SELECT (SELECT coalesce(sum(on_hand), 0) FROM stock WHERE item_id = ?1)
                      - (SELECT coalesce(sum(quantity), 0) FROM stock_movements
                         WHERE item_id = ?1 AND at > ?2)",
                [item, t],
                |r| r.get(0),
            )
            .unwrap()
    }
    fn low(&self, level: i64, burn: f64) -> bool {
        level <= 0 || (burn > 0.0 && (level as f64) < burn * self.days)
    }
    /// (code, crossed at, level at since, level now) of items that went low, and (code, level
    /// now) of items low at since and now.
    fn lows(&self, items: &[SupplyRow], since: i64, now: i64) -> Lows {
        let mut went = vec![];
        let mut still = vec![];
        for i in items {
            let (then, level_now) = (self.level(i.id, since), self.level(i.id, now));
            if self.low(then, i.burn_per_day) {
                if self.low(level_now, i.burn_per_day) {
                    still.push((i.code.clone(), level_now));
                }
                continue;
            }
            let times: Vec<i64> = self
                .conn
                .prepare(
                    "SELECT DISTINCT at FROM stock_movements WHERE item_id = ?1 AND at > ?2
                     AND at <= ?3 ORDER BY at",
                )
                .unwrap()
                .query_map([i.id, since, now], |r| r.get(0))
                .unwrap()
                .collect::<frontline::store::db::Result<_>>()
                .unwrap();
            if let Some(t) = times
                .into_iter()
                .find(|&t| self.low(self.level(i.id, t), i.burn_per_day))
            {
                went.push((i.code.clone(), t, then, level_now));
            }
        }
        went.sort();
        still.sort();
        (went, still)
    }
}

type Lows = (Vec<(String, i64, i64, i64)>, Vec<(String, i64)>);

fn got(h: &[StockLow]) -> Vec<(String, i64, i64, i64)> {
    let mut v: Vec<_> = h
        .iter()
        .map(|l| (l.code.clone(), l.at, l.on_hand_since, l.on_hand))
        .collect();
    v.sort();
    v
}

/// The section of a Markdown sheet under the heading that starts with `head`.
fn section<'a>(sheet: &'a str, head: &str) -> &'a str {
    let start = sheet
        .find(&format!("## {head}"))
        .unwrap_or_else(|| panic!("no {head} in:\n{sheet}"));
    let rest = &sheet[start + 3..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn stock_that_went_low_on_the_shift_is_told_from_stock_low_all_along() {
    let d = demo(300, 14, 1, StoreConfig::default());
    let cfg = StoreConfig::default();
    let days = cfg.rules.low_stock_days;
    let mut a = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    a.set_desk("desk-a".into());
    let mut b = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    b.set_desk("desk-b".into());
    // The raw rows, read through a connection of their own (on PostgreSQL the file is only
    // the copy's source).
    let reader = crate::support::db::open(&d.path, StoreConfig::default()).unwrap();
    let conn = reader.db();
    let post: i64 = conn
        .query_row(
            "SELECT id FROM posts WHERE closed_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let t0 = DEMO_NOW;
    let items = a.supplies(t0, &Window::all()).unwrap().rows;
    // X: the used item with most cover (it will go under); Y: the next (made low before the
    // shift); Z: the one after (restocked on the shift, never low).
    let mut used: Vec<&SupplyRow> = items
        .iter()
        .filter(|i| i.burn_per_day > 0.0 && !i.low && i.on_hand > 0)
        .collect();
    used.sort_by(|p, q| {
        q.days_of_cover
            .unwrap()
            .total_cmp(&p.days_of_cover.unwrap())
    });
    assert!(used.len() >= 3, "the demo uses three items: {items:?}");
    let (x, y, z) = (used[0].clone(), used[1].clone(), used[2].clone());
    // The level that is just under the threshold.
    let under = |i: &SupplyRow| ((i.burn_per_day * days).ceil() as i64 - 1).max(0);

    // Before the shift: desk A takes Y under.
    take(
        &mut a,
        conn,
        &y,
        y.on_hand - under(&y),
        post,
        &at("甲调度", t0 - 30 * MIN),
    );
    let sign_in = |name: &str| Command::Desk(DeskCommand::SignIn { name: name.into() });
    a.execute(&sign_in("甲调度"), &at("甲调度", t0)).unwrap();
    b.execute(&sign_in("乙调度"), &at("乙调度", t0 + 5 * MIN))
        .unwrap();
    // On the shift: A issues a quarter of what takes X under (still above), B the rest.
    let gap = x.on_hand - under(&x);
    take(
        &mut a,
        conn,
        &x,
        gap / 4,
        post,
        &at("甲调度", t0 + 20 * MIN),
    );
    take(
        &mut b,
        conn,
        &x,
        gap - gap / 4,
        post,
        &at("乙调度", t0 + 50 * MIN),
    );
    // Y moves on the shift but was under before it; Z is restocked.
    if under(&y) > 0 {
        take(&mut b, conn, &y, 1, post, &at("乙调度", t0 + 70 * MIN));
    }
    b.execute(
        &Command::StockReceive {
            item: z.code.clone(),
            depot: None,
            quantity: 10,
            from: None,
        },
        &at("乙调度", t0 + 80 * MIN),
    )
    .unwrap();

    let now = t0 + 3 * 60 * MIN;
    let (since, _) = a.last_sign_in(Some("甲调度")).unwrap().unwrap();
    assert_eq!(since, t0);
    let h = a.handover(since, now).unwrap();
    let raw = Raw { conn, days };
    let (went, still) = raw.lows(&items, since, now);
    assert_eq!(got(&h.stock_went_low), went);
    let mut still_got: Vec<_> = h
        .stock_still_low
        .iter()
        .map(|l| (l.code.clone(), l.on_hand))
        .collect();
    still_got.sort();
    assert_eq!(still_got, still);
    // What the reference says is what was scripted: X went low at B's issue, Y was low all
    // along, Z is in neither.
    let x_at = t0 + 50 * MIN;
    let x_now = raw.level(x.id, now);
    assert!(
        went.contains(&(x.code.clone(), x_at, x.on_hand, x_now)),
        "{went:?}"
    );
    assert!(still.iter().any(|s| s.0 == y.code), "{still:?}");
    assert!(!went.iter().any(|w| w.0 == y.code || w.0 == z.code));
    assert!(!still.iter().any(|s| s.0 == z.code));
    // A quarter of the way was not yet low: the crossing is B's issue, not A's.
    assert!(!raw.low(raw.level(x.id, t0 + 20 * MIN), x.burn_per_day));
    // Cover now at today's burn rate.
    let xl = h.stock_went_low.iter().find(|l| l.code == x.code).unwrap();
    let cover = x_now as f64 / x.burn_per_day;
    assert!((xl.cover.unwrap() - cover).abs() < 1e-9 && xl.low_now);

    // The sheet, both languages: X under "went low" with its time, Y under "still low", Z in
    // neither.
    let tz = chrono_tz::Asia::Shanghai;
    for lang in [Lang::En, Lang::Zh] {
        let (went_head, still_head) = match lang {
            Lang::En => ("Stock that went low", "Still low"),
            Lang::Zh => ("本班转为告急的物资", "仍告急"),
        };
        let name = |i: &SupplyRow| match lang {
            Lang::En => i.name_en.clone(),
            Lang::Zh => i.name_zh.clone(),
        };
        let unit = |i: &SupplyRow| match lang {
            Lang::En => i.unit_en.clone(),
            Lang::Zh => i.unit_zh.clone(),
        };
        let x_line = match lang {
            Lang::En => format!(
                "- 06-10 08:50 {}: {} → {x_now} {}, {cover:.1} days of cover",
                x.name_en, x.on_hand, x.unit_en
            ),
            Lang::Zh => format!(
                "- 06-10 08:50 {}：{} → {x_now} {}，可用 {cover:.1} 天",
                x.name_zh, x.on_hand, x.unit_zh
            ),
        };
        let sheet = markdown(lang, tz, &h);
        let w = section(&sheet, went_head);
        let s = section(&sheet, still_head);
        assert!(
            w.starts_with(&format!("{went_head} ({})", went.len())),
            "{w}"
        );
        assert!(w.contains(&x_line), "{x_line} missing:\n{sheet}");
        assert!(
            s.starts_with(still_head) && s.contains(&format!("({})", still.len())),
            "{s}"
        );
        let y_now = raw.level(y.id, now);
        assert!(
            s.contains(&format!("- {}", name(&y))) && s.contains(&format!("{y_now} {}", unit(&y))),
            "{y:?} not still low:\n{sheet}"
        );
        assert!(!w.contains(&name(&y)), "{w}");
        for sec in [w, s] {
            assert!(!sec.contains(&name(&z)), "{} in:\n{sec}", name(&z));
        }
    }
}
