//! `frontline do stock …`, `do request …`, `frontline stock` and `frontline requests`, end to
//! end: the same executor as the console (one audit row, refusals one line on stderr that write
//! nothing), two processes issuing the last units at once, and the JSON scripts rely on.

use crate::support::cli::Env;
use serde_json::Value;
use std::process::Stdio;

const NOW: &str = "2021-06-10T08:00:00+08:00";

fn demo() -> Env {
    Env::with_demo(300, 14)
}

impl Env {
    fn stock(&self) -> Value {
        serde_json::from_str(&self.ok(&["stock", "--json"])).expect("stock --json is JSON")
    }

    fn item(&self, code: &str) -> Value {
        self.stock()["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("no item {code}"))
    }

    /// Every table's rows, read directly (either engine).
    fn dump(&self) -> String {
        crate::support::db::dump(&self.db)
    }
}

#[test]
fn stock_moves_from_the_command_line_print_what_they_did_and_are_audited() {
    let e = demo();
    let n95 = e.item("N95");
    let on_hand = n95["on_hand"].as_i64().unwrap();
    let out = e.ok(&[
        "do",
        "stock",
        "receive",
        "--item",
        "n95",
        "--quantity",
        "500",
        "--from",
        "区物资保障组",
    ]);
    assert!(
        out.starts_with("Received 500 pcs of N95 respirators at "),
        "{out}"
    );
    let out = e.ok(&[
        "do", "stock", "issue", "--item", "N95", "--qty", "120", "--post", "3", "--person",
        "FL000007",
    ]);
    assert!(
        out.starts_with("Issued 120 pcs of N95 respirators to "),
        "{out}"
    );
    let out = e.ok(&[
        "do",
        "stock",
        "transfer",
        "--item",
        "N95",
        "--quantity",
        "30",
        "--to",
        "2",
    ]);
    assert!(
        out.starts_with("Moved 30 pcs of N95 respirators from "),
        "{out}"
    );
    let out = e.ok(&[
        "do", "stock", "adjust", "--item", "N95", "--depot", "2", "--by", "-4", "--reason", "损坏",
    ]);
    assert!(out.contains("by -4 pcs"), "{out}");
    let out = e.ok(&[
        "do", "stock", "adjust", "--item", "N95", "--to", "100", "--reason", "盘点",
    ]);
    assert!(out.contains("100 there"), "{out}");
    let after = e.item("N95");
    let depots = after["depots"].as_array().unwrap();
    let store = depots.iter().find(|d| d["depot_id"] == 1).unwrap()["on_hand"]
        .as_i64()
        .unwrap();
    let cabinet = depots.iter().find(|d| d["depot_id"] == 2).unwrap()["on_hand"]
        .as_i64()
        .unwrap();
    assert_eq!(store, 100);
    assert_eq!(after["on_hand"].as_i64().unwrap(), store + cabinet);
    assert!(on_hand > 0);
    let audit = e.audit();
    let actions: Vec<&str> = audit
        .iter()
        .take(5)
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "stock_adjust",
            "stock_adjust",
            "stock_transfer",
            "stock_issue",
            "stock_receive"
        ]
    );
    assert_eq!(audit[3]["details"]["quantity"], 120);
    // Chinese on request.
    let out = e.ok(&[
        "--lang",
        "zh",
        "do",
        "stock",
        "receive",
        "--item",
        "SUIT",
        "--quantity",
        "10",
    ]);
    assert!(out.starts_with("防护服 入库 10 套"), "{out}");
}

#[test]
fn bad_stock_input_is_one_line_on_stderr_and_writes_nothing() {
    let e = demo();
    let before = e.dump();
    let n95 = e.item("N95")["depots"][0]["on_hand"].as_i64().unwrap();
    let too_many = (n95 + 1).to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "issue",
                "--item",
                "N95",
                "--quantity",
                &too_many,
                "--post",
                "3",
            ],
            "on hand at",
        ),
        (
            vec!["issue", "--item", "N95", "--quantity", "0", "--post", "3"],
            "invalid quantity 0",
        ),
        (
            vec!["issue", "--item", "N95", "--quantity", "-5", "--post", "3"],
            "invalid quantity -5",
        ),
        (
            vec!["receive", "--item", "N95", "--quantity", "-5"],
            "invalid quantity -5",
        ),
        (
            vec!["receive", "--item", "BANDAGE", "--quantity", "5"],
            "unknown item 'BANDAGE'",
        ),
        (
            vec![
                "receive",
                "--item",
                "N95",
                "--quantity",
                "5",
                "--depot",
                "42",
            ],
            "unknown depot '42'",
        ),
        (
            vec!["issue", "--item", "N95", "--quantity", "5"],
            "say which post",
        ),
        (
            vec!["adjust", "--item", "N95", "--by", "-5"],
            "a reason is required",
        ),
        (
            vec!["adjust", "--item", "N95", "--by", "-5", "--reason", " "],
            "a reason is required",
        ),
        (
            vec![
                "transfer",
                "--item",
                "N95",
                "--quantity",
                "5",
                "--from",
                "1",
                "--to",
                "1",
            ],
            "must differ",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["do", "stock"];
        all.extend(args.iter());
        let err = e.refused(&all);
        assert!(err.contains(want), "{all:?}: {err}");
    }
    let err = e.refused(&[
        "--lang",
        "zh",
        "do",
        "stock",
        "issue",
        "--item",
        "N95",
        "--quantity",
        &too_many,
        "--post",
        "3",
    ]);
    assert!(err.contains("不足"), "{err}");
    assert!(before == e.dump(), "a refused command changed the database");
}

#[test]
fn two_processes_issuing_the_last_units_at_once_exactly_one_succeeds() {
    let e = demo();
    for round in 0..4 {
        e.ok(&[
            "do", "stock", "adjust", "--item", "SUIT", "--to", "10", "--reason", "盘点",
        ]);
        let spawn = || {
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("frontline"));
            c.arg("--db").arg(&e.db);
            c.args([
                "do",
                "stock",
                "issue",
                "--item",
                "SUIT",
                "--quantity",
                "10",
                "--post",
                "3",
            ]);
            c.env("FRONTLINE_NOW", NOW)
                .env("LANG", "C")
                .env("HOME", e.dir.path());
            c.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        let ok = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "round {round}: {outs:?}");
        let failed = outs.iter().find(|o| !o.status.success()).unwrap();
        let err = String::from_utf8_lossy(&failed.stderr);
        assert!(
            err.starts_with("error: only 0 sets of Protective suits"),
            "round {round}: {err}"
        );
        let suit = e.item("SUIT");
        assert_eq!(suit["depots"][0]["on_hand"], 0, "round {round}");
    }
}

#[test]
fn stock_lists_burn_rate_cover_and_the_runs_out_date_low_first() {
    let e = demo();
    let v = e.stock();
    assert_eq!(v["window_days"], 7);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    for i in items {
        for f in [
            "id",
            "code",
            "name",
            "on_hand",
            "burn_per_day",
            "days_of_cover",
            "runs_out",
            "low",
            "need_tomorrow",
            "depots",
        ] {
            assert!(!i[f].is_null(), "{f} missing in {i}");
        }
    }
    assert_eq!(items[0]["low"], true);
    let covers: Vec<f64> = items
        .iter()
        .map(|i| i["days_of_cover"].as_f64().unwrap())
        .collect();
    assert!(covers.windows(2).all(|w| w[0] <= w[1]), "{covers:?}");
    // Runs out = now + cover: 2021-06-10 08:00 plus 1.6 days is 06-11.
    let first = &items[0];
    let runs_out =
        chrono::DateTime::parse_from_rfc3339(first["runs_out"].as_str().unwrap()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let days = (runs_out - now).num_seconds() as f64 / 86_400.0;
    assert!(
        (days - first["days_of_cover"].as_f64().unwrap()).abs() < 0.06,
        "{days} vs {first}"
    );
    assert_eq!(
        first["runs_out_day"].as_str().unwrap(),
        &first["runs_out"].as_str().unwrap()[..10]
    );
    // A wider window gives another rate; the text table names the low items.
    let wide: Value = serde_json::from_str(&e.ok(&["stock", "--json", "--window", "14"])).unwrap();
    assert_eq!(wide["window_days"], 14);
    assert_ne!(
        wide["items"][0]["burn_per_day"],
        v["items"][0]["burn_per_day"]
    );
    let text = e.ok(&["stock"]);
    assert!(text.lines().nth(1).unwrap().contains("▼LOW"), "{text}");
    assert!(text.contains("Runs out"), "{text}");
    let err = e.refused(&["stock", "--window", "0"]);
    assert!(err.contains("--window"), "{err}");
    // The history the charts draw.
    let h: Value = serde_json::from_str(&e.ok(&["stock", "--json", "--history", "7"])).unwrap();
    assert_eq!(h["items"][0]["history"].as_array().unwrap().len(), 7);
    // status --json carries the runs-out date too.
    let s: Value = serde_json::from_str(&e.ok(&["status", "--json"])).unwrap();
    assert!(s["supplies"][0]["runs_out"].is_string());
}

#[test]
fn requests_open_arrange_done_from_the_command_line() {
    let e = demo();
    let list = |e: &Env| -> Vec<Value> {
        serde_json::from_str::<Value>(&e.ok(&["requests", "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let before = list(&e);
    assert!(!before.is_empty());
    let out = e.ok(&[
        "do",
        "request",
        "open",
        "--kind",
        "防暑",
        "--post",
        "3",
        "--quantity",
        "60",
        "--needed-by",
        "06-10 14:00",
        "--note",
        "凉茶",
    ]);
    assert!(out.starts_with("Request #"), "{out}");
    let id: i64 = out["Request #".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now = list(&e);
    assert_eq!(now.len(), before.len() + 1);
    let times: Vec<&str> = now
        .iter()
        .map(|r| r["needed_by"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "by time needed: {times:?}"
    );
    let r = now.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(
        (
            r["kind"].as_str(),
            r["status"].as_str(),
            r["quantity"].as_i64()
        ),
        (Some("heat_relief"), Some("open"), Some(60))
    );
    assert!(
        e.ok(&[
            "do",
            "request",
            "arrange",
            "--id",
            &id.to_string(),
            "--note",
            "街道送达"
        ])
        .contains("arranged")
    );
    let err = e.refused(&["do", "request", "arrange", "--id", &id.to_string()]);
    assert!(err.contains("already arranged"), "{err}");
    assert!(
        e.ok(&["do", "request", "done", "--id", &id.to_string()])
            .contains("done")
    );
    assert!(list(&e).iter().all(|r| r["id"] != id));
    let all: Value = serde_json::from_str(&e.ok(&["requests", "--json", "--all"])).unwrap();
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id && r["status"] == "done")
    );
    let before = e.dump();
    for (args, want) in [
        (
            vec![
                "--kind",
                "taxi",
                "--post",
                "3",
                "--quantity",
                "1",
                "--needed-by",
                "12:00",
            ],
            "unknown request kind",
        ),
        (
            vec!["--kind", "meals", "--quantity", "1", "--needed-by", "12:00"],
            "post or person",
        ),
        (
            vec![
                "--kind",
                "meals",
                "--post",
                "3",
                "--quantity",
                "0",
                "--needed-by",
                "12:00",
            ],
            "invalid quantity",
        ),
        (
            vec![
                "--kind",
                "meals",
                "--post",
                "3",
                "--quantity",
                "1",
                "--needed-by",
                "06-09 12:00",
            ],
            "already passed",
        ),
        (
            vec![
                "--kind",
                "meals",
                "--post",
                "3",
                "--quantity",
                "1",
                "--needed-by",
                "soon",
            ],
            "cannot read time",
        ),
    ] {
        let mut all = vec!["do", "request", "open"];
        all.extend(args.iter());
        let err = e.refused(&all);
        assert!(err.contains(want), "{all:?}: {err}");
    }
    assert!(
        e.refused(&["do", "request", "done", "--id", "9999"])
            .contains("unknown request #9999")
    );
    assert!(before == e.dump(), "a refused request changed the database");
    let text = e.ok(&["--lang", "zh", "requests"]);
    assert!(text.contains("待安排"), "{text}");
}
