//! Criterion benches for the hot paths: the rest-rule evaluation behind the Overdue panel, one
//! full home refresh (queries) at post size, and one render of the home screen at 160×48.
//! `frontline bench` measures the same paths end to end at any size.

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::console::Console;
use frontline::demo::{DemoSpec, generate};
use frontline::domain::Interval;
use frontline::domain::rules::{Duty, RestRules, evaluate, first_breach};
use frontline::i18n::Lang;
use frontline::store::{Store, StoreConfig};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

const NOW: i64 = 1_623_283_200;
const H: i64 = 3600;

fn rules(c: &mut Criterion) {
    let r = RestRules::default();
    let tz = chrono_tz::Asia::Shanghai;
    let hist: Vec<Interval> = (1..=8)
        .map(|k| Interval::new(NOW - k * 86_400 + 7 * H, NOW - k * 86_400 + 20 * H))
        .collect();
    let duty = Duty {
        history: &hist,
        current_start: Some(NOW - 2 * H),
    };
    c.bench_function("rules/evaluate (8 shifts)", |b| {
        b.iter(|| evaluate(black_box(&duty), NOW, &r, tz))
    });
    c.bench_function("rules/first_breach (8 shifts)", |b| {
        b.iter(|| first_breach(black_box(&duty), &r, tz))
    });
}

fn home(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    generate(
        &path,
        &DemoSpec {
            people: 500,
            days: 30,
            seed: 1,
            now: NOW,
        },
        &StoreConfig::default(),
    )
    .unwrap();
    let store = Store::open(&path, StoreConfig::default()).unwrap();
    let mut console = Console::new(store, Lang::Zh, "bench".into(), (160, 48)).unwrap();
    console.app.now = NOW;
    console.refresh().unwrap();
    let q = console.app.home_query();
    c.bench_function("store/home refresh (500 people)", |b| {
        b.iter(|| console.store.home(black_box(&q)).unwrap())
    });
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("ui/render home 160x48", |b| {
        b.iter(|| {
            term.draw(|f| frontline::ui::render(f, &console.app))
                .unwrap();
        })
    });
}

criterion_group!(benches, rules, home);
criterion_main!(benches);
