//! What the fields of a supplies or logistics form name, read from what the screen already
//! holds: the item and its stock, the depot, the change an adjustment makes, the request kind,
//! the request. No lookups of its own; nothing shown when the screen does not hold it.

use crate::app::App;
use crate::app::form::{FieldKind, Form};
use crate::app::screens::ScreenData;
use crate::domain::RequestKind;
use crate::i18n::t;
use crate::store::queries::SupplyRow;
use crate::store::supplies_queries::{DepotRow, SupplyLine};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

fn found(text: String) -> Option<Line<'static>> {
    Some(Line::from(Span::styled(
        format!("  → {text}"),
        Style::new().green(),
    )))
}

fn missing(text: &str) -> Option<Line<'static>> {
    Some(Line::from(Span::styled(
        format!("  ✗ {text}"),
        Style::new().red(),
    )))
}

fn lines(app: &App) -> &[SupplyLine] {
    match &app.data {
        ScreenData::Supplies(s) => &s.items.rows,
        _ => &[],
    }
}

fn depots(app: &App) -> &[DepotRow] {
    match &app.data {
        ScreenData::Supplies(s) => &s.depots,
        _ => &[],
    }
}

/// The item a field names, as the executor would read it (code in any case, id or name).
fn item<'a>(app: &'a App, v: &str) -> Option<&'a SupplyRow> {
    let v = v.trim();
    let hit = |r: &SupplyRow| {
        r.code.eq_ignore_ascii_case(v)
            || r.id.to_string() == v
            || r.name_zh == v
            || r.name_en.eq_ignore_ascii_case(v)
    };
    lines(app)
        .iter()
        .map(|l| &l.row)
        .chain(app.home.supplies.rows.iter())
        .find(|r| hit(r))
}

/// The depot a field names; blank is the command-post store (listed first).
fn depot<'a>(app: &'a App, v: &str) -> Option<&'a DepotRow> {
    let v = v.trim();
    let ds = depots(app);
    if v.is_empty() {
        return ds.first().filter(|d| d.post_id.is_none());
    }
    ds.iter().find(|d| d.id.to_string() == v || d.name == v)
}

/// On hand of `item` at `depot`, when the screen holds it.
fn at_depot(app: &App, item: i64, depot: i64) -> Option<i64> {
    let line = lines(app).iter().find(|l| l.row.id == item)?;
    Some(
        line.depots
            .iter()
            .find(|d| d.depot_id == depot)
            .map_or(0, |d| d.on_hand),
    )
}

pub fn hint(app: &App, form: &Form, kind: FieldKind) -> Option<Line<'static>> {
    let l = app.lang;
    let v = form.value(kind);
    let full_list =
        matches!(&app.data, ScreenData::Supplies(s) if s.items.rows.len() == s.items.total);
    match kind {
        FieldKind::Item => match item(app, v) {
            Some(r) => found(format!(
                "{} · {} {} {}",
                crate::i18n::pick(l, &r.name_en, &r.name_zh),
                t!(l, "form.on_hand"),
                r.on_hand,
                crate::i18n::pick(l, &r.unit_en, &r.unit_zh)
            )),
            None if full_list && !v.trim().is_empty() => missing(t!(l, "form.no_item")),
            None => None,
        },
        FieldKind::Depot | FieldKind::ToDepot => {
            if depots(app).is_empty() || (kind == FieldKind::ToDepot && v.trim().is_empty()) {
                return None;
            }
            let Some(d) = depot(app, v) else {
                return missing(t!(l, "form.no_depot"));
            };
            let mut text = format!("#{} {}", d.id, d.name);
            if v.trim().is_empty() {
                text += &format!(" ({})", t!(l, "form.default_depot"));
            }
            if let Some(n) =
                item(app, form.value(FieldKind::Item)).and_then(|r| at_depot(app, r.id, d.id))
            {
                text += &format!(" · {} {n}", t!(l, "form.on_hand"));
            }
            found(text)
        }
        FieldKind::Change => {
            let r = item(app, form.value(FieldKind::Item))?;
            let d = depot(app, form.value(FieldKind::Depot))?;
            let have = at_depot(app, r.id, d.id)?;
            let c = v.trim();
            let new = match c.strip_prefix('=') {
                Some(n) => n.trim().parse::<i64>().ok()?,
                None => have + c.trim_start_matches('+').parse::<i64>().ok()?,
            };
            let text = format!("{} {have} → {new}", t!(l, "form.on_hand"));
            if new < 0 { missing(&text) } else { found(text) }
        }
        FieldKind::Kind => match RequestKind::from_input(v) {
            Some(k) => found(crate::i18n::words::req(l, k.as_str()).to_string()),
            None if !v.trim().is_empty() => missing(t!(l, "form.no_kind")),
            None => None,
        },
        FieldKind::Request => {
            let ScreenData::Requests(p) = &app.data else {
                return None;
            };
            match p.rows.iter().find(|r| r.id.to_string() == v.trim()) {
                Some(r) => found(format!(
                    "#{} {} ×{} {} · {}",
                    r.id,
                    crate::i18n::words::req(l, r.kind.as_str()),
                    r.quantity,
                    r.post.as_deref().or(r.person.as_deref()).unwrap_or("—"),
                    crate::i18n::words::req_status(l, r.status.as_str())
                )),
                None if !v.trim().is_empty() => missing(t!(l, "form.no_request")),
                None => None,
            }
        }
        _ => None,
    }
}
