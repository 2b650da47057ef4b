//! The family-support case list, window by window, against the order and the count computed
//! here from the raw rows: open cases by urgency (highest first) then age, resolved ones after
//! them, newest resolved first; a filter by a person's name or code, by the summary, the
//! category, the helper or the status.

use crate::support::db::{DEMO_NOW, demo};
use frontline::store::StoreConfig;
use frontline::store::queries::Window;

/// (id, resolved, urgency, opened, resolved at, name, code, summary, category, helper, status)
type Raw = (
    i64,
    bool,
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// Read through the store's connection (on PostgreSQL the file is only the copy's source).
fn raw(store: &frontline::store::Store) -> Vec<Raw> {
    let c = store.db();
    let mut st = c
        .prepare(
            "SELECT f.id, f.status = 'resolved', f.urgency, f.opened_at, f.resolved_at, pe.name,
                    pe.staff_code, f.summary, f.category, coalesce(f.helper, ''), f.status
             FROM family_cases f JOIN people pe ON pe.id = f.person_id",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The ids of the cases the list should show for `filter`, in the list's order.
fn expected(all: &[Raw], filter: &str, include_resolved: bool) -> Vec<i64> {
    let f = filter.to_lowercase();
    let mut v: Vec<&Raw> = all
        .iter()
        .filter(|r| include_resolved || !r.1)
        .filter(|r| {
            f.is_empty()
                || [&r.5, &r.6, &r.7, &r.8, &r.9, &r.10]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&f))
        })
        .collect();
    v.sort_by_key(|r| {
        if r.1 {
            (1, 0, -r.4.unwrap_or(0), r.0)
        } else {
            (0, -r.2, r.3, r.0)
        }
    });
    v.iter().map(|r| r.0).collect()
}

#[test]
fn every_window_of_the_case_list_matches_the_raw_rows() {
    let d = demo(400, 14, 3, StoreConfig::default());
    let all = raw(&d.store);
    assert!(all.iter().any(|r| r.1) && all.iter().any(|r| !r.1));
    let a_name: String = all[all.len() / 2].5.chars().take(1).collect();
    for filter in ["", "resolved", "elder", a_name.as_str(), "no such text"] {
        for include_resolved in [true, false] {
            let want = expected(&all, filter, include_resolved);
            if include_resolved {
                assert_eq!(want.is_empty(), filter == "no such text", "{filter:?}");
            }
            for (offset, limit) in [(0, 7), (5, 11), (want.len().saturating_sub(3), 10)] {
                let w = Window {
                    offset,
                    limit: Some(limit),
                    filter: filter.to_string(),
                };
                let page = d.store.case_list(DEMO_NOW, &w, include_resolved).unwrap();
                let got: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                let window: Vec<i64> = want.iter().skip(offset).take(limit).copied().collect();
                assert_eq!(
                    (page.total, &got),
                    (want.len(), &window),
                    "filter {filter:?}, resolved too {include_resolved}, window {offset}+{limit}"
                );
                // Each row carries its own person.
                for r in &page.rows {
                    let raw = all.iter().find(|x| x.0 == r.id).unwrap();
                    assert_eq!((&r.name, &r.staff_code), (&raw.5, &raw.6));
                }
            }
        }
    }
}
