//! The Handover screen (`Y`) shows stock that went low on the shift apart from stock still
//! low, in both languages.

use crate::support::ui::{NOW, console, press, screen};
use frontline::i18n::Lang;
use frontline::store::commands::{Command, Ctx, DeskCommand};
use frontline::store::queries::Window;
use frontline::store::{Store, StoreConfig};

#[test]
fn the_handover_screen_names_stock_that_went_low_and_stock_still_low() {
    for lang in [Lang::En, Lang::Zh] {
        // Tall enough for the whole sheet.
        let (_d, mut c) = console(lang, 160, 100);
        let mut other = Store::open(c.store.source(), StoreConfig::default()).unwrap();
        other.set_desk("console-other".into());
        let rows = other.supplies(NOW, &Window::all()).unwrap().rows;
        let item = rows
            .iter()
            .find(|r| !r.low && r.on_hand > 0)
            .unwrap()
            .clone();
        let still = rows.iter().find(|r| r.low).unwrap().clone();
        // This desk's operator signed in at 07:15 (elsewhere); another desk empties the item
        // at 07:30.
        let conn = crate::support::ui::other_connection(&c);
        let held: Vec<(i64, i64)> = conn
            .prepare("SELECT depot_id, on_hand FROM stock WHERE item_id = ?1 AND on_hand > 0")
            .unwrap()
            .query_map([item.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<frontline::store::db::Result<_>>()
            .unwrap();
        let post: i64 = conn
            .query_row("SELECT min(id) FROM posts", [], |r| r.get(0))
            .unwrap();
        let sign_in = Command::Desk(DeskCommand::SignIn {
            name: "snap".into(),
        });
        let at = |operator: &str, now| Ctx {
            operator: operator.into(),
            now,
        };
        other.execute(&sign_in, &at("snap", NOW - 45 * 60)).unwrap();
        let ctx = at("副调度", NOW - 30 * 60);
        for (depot, n) in &held {
            let issue = Command::StockIssue {
                item: item.code.clone(),
                depot: Some(depot.to_string()),
                quantity: *n,
                post: Some(post),
                person: None,
            };
            other.execute(&issue, &ctx).unwrap();
        }
        c.refresh().unwrap();
        press(&mut c, "Y");
        let s = screen(&c);
        let (went_head, went, still_head, still_line) = match lang {
            Lang::En => (
                "Stock that went low (1)",
                format!(
                    "06-10 07:30 {}: {} → 0 {}",
                    item.name_en, item.on_hand, item.unit_en
                ),
                "Still low (low before the shift)",
                format!("{}: {} {}", still.name_en, still.on_hand, still.unit_en),
            ),
            Lang::Zh => (
                "本班转为告急的物资 (1)",
                format!(
                    "06-10 07:30 {}：{} → 0 {}",
                    item.name_zh, item.on_hand, item.unit_zh
                ),
                "仍告急（接班前已告急）",
                format!("{}：{} {}", still.name_zh, still.on_hand, still.unit_zh),
            ),
        };
        for want in [went_head, &went, still_head, &still_line] {
            assert!(s.contains(want), "{want} missing:\n{s}");
        }
    }
}
