//! The duty gate at the console: ending a forced rest needs a reason and a second key; what
//! cannot be taken back asks `y`/`Enter` (`Esc` cancels); "terminal too small" freezes every
//! key but quit; the check-in, reassign and shift forms and the pickers say what the duty gate
//! would answer before Enter; the schedule's move form and replace picker keep the shift's own
//! times. Driven through the console's own action path, read off the drawn screen.

use crate::support::ui::{NOW, console, press, screen};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use frontline::app::form::FieldKind;
use frontline::app::keys::Screen;
use frontline::app::screens::ScreenData;
use frontline::app::{Action, Mode};
use frontline::console::Console;
use frontline::domain::time::fmt_short;
use frontline::i18n::Lang;
use frontline::store::commands::{Command, Ctx, PersonRef};
use frontline::store::db::Connection;

const H: i64 = 3600;

fn db(c: &Console) -> Connection {
    crate::support::ui::other_connection(c)
}

fn int(c: &Console, sql: &str, p: impl frontline::store::db::Params) -> i64 {
    db(c).query_row(sql, p, |r| r.get(0)).unwrap()
}

fn ctx() -> Ctx {
    Ctx {
        operator: "test".into(),
        now: NOW,
    }
}

/// Send one key; `true` when the console asks to quit.
fn key(c: &mut Console, code: KeyCode, m: KeyModifiers) -> bool {
    c.handle(Action::Event(Event::Key(KeyEvent::new(code, m))))
        .unwrap()
}

fn backspace(c: &mut Console, n: usize) {
    for _ in 0..n {
        key(c, KeyCode::Backspace, KeyModifiers::NONE);
    }
}

fn form_value(c: &Console, k: FieldKind) -> String {
    match &c.app.mode {
        Mode::Form(f) => f.value(k).to_string(),
        Mode::Confirm(x) => x.form.as_ref().map_or(String::new(), |f| f.value(k).into()),
        m => panic!("no form: {m:?}"),
    }
}

/// Someone the gate would let `cmd(id)` go through for, tried (and rolled back) by the store.
fn first_allowed(c: &mut Console, cmd: impl Fn(i64) -> Command) -> i64 {
    let ids: Vec<i64> = db(c)
        .prepare("SELECT id FROM people WHERE retired_at IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ids.into_iter()
        .find(|id| c.store.trial(&cmd(*id), &ctx()).is_ok())
        .expect("someone can go")
}

fn forced_now(c: &Console, person: i64) -> i64 {
    int(
        c,
        "SELECT count(*) FROM rest_periods WHERE person_id = ?1 AND kind = 'forced' AND start_at <= ?2 AND end_at > ?2",
        [person, NOW],
    )
}

#[test]
fn ending_a_forced_rest_asks_a_reason_then_a_second_key() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let who = int(
        &c,
        "SELECT person_id FROM rest_periods r WHERE kind = 'forced' AND start_at <= ?1 AND end_at > ?1
         AND NOT EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = r.person_id AND o.end_at IS NULL)
         ORDER BY person_id LIMIT 1",
        [NOW],
    );
    let audited = c.store.audit(1000).unwrap().len();
    // From the supplies panel: no person row, so the form starts empty.
    press(&mut c, &format!("4e{who}"));
    let s = screen(&c);
    assert!(
        s.contains("forced rest") && s.contains("Reason for ending the forced rest early"),
        "the reason field appears for a person in forced rest:\n{s}"
    );
    // Enter without a reason: the store's refusal names the field; no question asked.
    press(&mut c, "\n");
    let s = screen(&c);
    let error = match &c.app.mode {
        Mode::Form(f) => f.error.clone().unwrap_or_default(),
        m => panic!("{m:?}"),
    };
    assert!(error.contains("ending it early needs a reason"), "{error}");
    assert!(
        s.contains("ending it early") && !s.contains("End the forced rest of"),
        "{s}"
    );
    assert!(!s.contains("--reason"), "no flag in the console:\n{s}");
    press(&mut c, "needed at the gate\n");
    let s = screen(&c);
    assert!(
        s.contains("Confirm") && s.contains("End the forced rest of"),
        "{s}"
    );
    assert!(s.contains("y or Enter: go ahead · Esc: cancel"), "{s}");
    insta::assert_snapshot!("end_rest_confirm_80x24", s);
    // Esc: nothing written, back in the form with the reason kept.
    press(&mut c, "\u{1b}");
    assert_eq!(forced_now(&c, who), 1);
    assert_eq!(c.store.audit(1000).unwrap().len(), audited);
    assert_eq!(form_value(&c, FieldKind::EndReason), "needed at the gate");
    assert!(screen(&c).contains("Cancelled — nothing written."));
    // Enter, then Enter again as the second key: done, the reason in the audit row.
    press(&mut c, "\n\n");
    assert!(matches!(c.app.mode, Mode::Normal));
    assert_eq!(forced_now(&c, who), 0);
    let a = &c.store.audit(1).unwrap()[0];
    assert_eq!(a.action, "end_rest");
    assert_eq!(a.details["reason"], "needed at the gate");
}

#[test]
fn ending_a_forced_rest_in_chinese_names_the_form_field() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    let who = int(
        &c,
        "SELECT person_id FROM rest_periods r WHERE kind = 'forced' AND start_at <= ?1 AND end_at > ?1
         AND NOT EXISTS(SELECT 1 FROM out_of_service o WHERE o.person_id = r.person_id AND o.end_at IS NULL)
         ORDER BY person_id LIMIT 1",
        [NOW],
    );
    press(&mut c, &format!("4e{who}\n"));
    let s = screen(&c);
    assert!(s.contains("提前结束强制休息的理由（必填）"), "{s}");
    assert!(s.contains("提前结束须填写“提前结束强制休息的理由”"), "{s}");
    press(&mut c, "已休息\n");
    let s = screen(&c);
    assert!(s.contains("请确认") && s.contains("的强制休息？"), "{s}");
    assert!(s.contains("y 或 回车：确认执行 · Esc：取消"), "{s}");
    press(&mut c, "y");
    assert_eq!(forced_now(&c, who), 0);
}

#[test]
fn help_marks_the_keys_that_ask_a_second_key() {
    for (lang, legend) in [
        (
            Lang::En,
            "* asks a second key: y or Enter confirms, Esc cancels",
        ),
        (Lang::Zh, "* 需二次确认：y 或 回车 确认，Esc 取消"),
    ] {
        let (_d, mut c) = console(lang, 80, 24);
        press(&mut c, "?");
        let s = screen(&c);
        assert!(s.contains(legend) && s.contains(" e*"), "{s}");
        assert!(!s.contains(" q*") && !s.contains(" f*"), "{s}");
        press(&mut c, "\u{1b}R?");
        let s = screen(&c);
        assert!(s.contains(" x*"), "retire asks:\n{s}");
        if lang == Lang::Zh {
            assert!(s.contains("离队/恢复") && s.contains("退出"), "{s}");
        }
        press(&mut c, "\u{1b}C?");
        assert!(screen(&c).contains(" x*"), "resolving a case asks");
        press(&mut c, "\u{1b}M?");
        assert!(
            screen(&c).contains(" a*"),
            "acknowledging a positive test asks"
        );
    }
}

#[test]
fn too_small_freezes_every_key_but_quit() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    press(&mut c, "r");
    assert_eq!(form_value(&c, FieldKind::Start), "");
    let resize = |c: &mut Console, w, h| c.handle(Action::Event(Event::Resize(w, h))).unwrap();
    resize(&mut c, 60, 20);
    assert!(screen(&c).contains("too small"), "{}", screen(&c));
    // Keys that would type into the hidden form, move it or submit it do nothing.
    for code in [
        KeyCode::Char('x'),
        KeyCode::Tab,
        KeyCode::Char('7'),
        KeyCode::Enter,
        KeyCode::Esc,
    ] {
        assert!(!key(&mut c, code, KeyModifiers::NONE), "{code:?} quit");
    }
    c.handle(Action::Event(Event::Paste("18:00".into())))
        .unwrap();
    resize(&mut c, 100, 30);
    assert!(
        matches!(c.app.mode, Mode::Form(_)),
        "the form is still open"
    );
    assert_eq!(form_value(&c, FieldKind::Start), "");
    assert_eq!(form_value(&c, FieldKind::End), "");
    // Small again: q and Ctrl-C quit, even with the form open.
    resize(&mut c, 79, 24);
    assert!(key(&mut c, KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(key(&mut c, KeyCode::Char('c'), KeyModifiers::CONTROL));
}

/// Someone just checked out: a new duty now would break the rest between shifts.
fn just_checked_out(c: &mut Console) -> i64 {
    let p = c.app.home.on_duty.rows[0].id;
    c.store
        .execute(
            &Command::CheckOut {
                person: PersonRef(p.to_string()),
            },
            &ctx(),
        )
        .unwrap();
    c.refresh().unwrap();
    p
}

#[test]
fn the_check_in_form_says_what_the_gate_would_say_before_enter() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let tired = just_checked_out(&mut c);
    let fresh = first_allowed(&mut c, |id| Command::CheckIn {
        person: PersonRef(id.to_string()),
        post: 1,
        override_reason: None,
    });
    press(&mut c, &format!("4i{fresh}\t1"));
    let s = screen(&c);
    assert!(s.contains("✓ available"), "{s}");
    // Another person in the same form: the verdict follows the field.
    press(&mut c, "\u{1b}");
    press(&mut c, &format!("4i{tired}\t1"));
    let s = screen(&c);
    let line = s
        .lines()
        .find(|l| l.contains("✗ would break:"))
        .unwrap_or_else(|| panic!("no verdict:\n{s}"));
    assert!(!s.contains("available"), "{s}");
    insta::assert_snapshot!("check_in_would_break_80x24", s);
    // Enter: the gate refuses with exactly the rules the preview named.
    let named = line
        .split("would break: ")
        .nth(1)
        .unwrap()
        .trim_end_matches(['│', '║', ' '])
        .to_string();
    press(&mut c, "\n");
    let s = screen(&c);
    let first = named.split(" · ").next().unwrap();
    assert!(
        s.contains("would break rest rules:") && s.contains(first),
        "{first}\n{s}"
    );
    assert!(!s.contains("--override"), "{s}");
    // Nothing was written by the previews.
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM shifts WHERE person_id = ?1 AND status = 'active'",
            [tired]
        ),
        0
    );
}

#[test]
fn in_chinese_the_preview_and_the_refusal_name_the_form_field() {
    let (_d, mut c) = console(Lang::Zh, 80, 24);
    let tired = just_checked_out(&mut c);
    press(&mut c, &format!("4i{tired}\t1"));
    let s = screen(&c);
    assert!(s.contains("✗ 将违反："), "{s}");
    assert!(!s.contains("可调派"), "{s}");
    press(&mut c, "\n");
    let s = screen(&c);
    assert!(s.contains("越过规则的理由"), "{s}");
    assert!(!s.contains("--override") && !s.contains("越权"), "{s}");
}

/// Tomorrow's first slot with a shorter shift of its own: (post, start, slot end, shift, person).
fn short_shift_in_a_slot(c: &mut Console) -> (i64, i64, i64, i64, i64) {
    press(c, "S]");
    let (post, start, end) = match &c.app.data {
        ScreenData::Schedule(p, _) => (
            p.rows[0].post_id,
            p.rows[0].start.unwrap(),
            p.rows[0].end.unwrap(),
        ),
        d => panic!("{d:?}"),
    };
    assert!(end > start + 4 * H, "the slot is longer than 4 h");
    let plan = |id: i64| Command::ShiftPlan {
        person: PersonRef(id.to_string()),
        post,
        start,
        end: start + 4 * H,
        replaces: None,
        override_reason: None,
    };
    let who = first_allowed(c, plan);
    c.store.execute(&plan(who), &ctx()).unwrap();
    let shift = int(
        c,
        "SELECT id FROM shifts WHERE person_id = ?1 AND planned_start = ?2 AND status = 'planned'",
        [who, start],
    );
    c.refresh().unwrap();
    press(c, "\n");
    assert_eq!(c.app.screen, Screen::Slot);
    let at = match &c.app.data {
        ScreenData::Slot(p) => p.rows.iter().position(|r| r.shift_id == shift).unwrap(),
        d => panic!("{d:?}"),
    };
    press(c, &"j".repeat(at));
    (post, start, end, shift, who)
}

fn times(c: &Console, shift: i64) -> (i64, i64, i64, String) {
    db(c)
        .query_row(
            "SELECT post_id, planned_start, planned_end, status FROM shifts WHERE id = ?1",
            [shift],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

#[test]
fn moving_a_shift_prefills_its_own_times_and_a_new_post_keeps_them() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    let (post, start, _, shift, _) = short_shift_in_a_slot(&mut c);
    press(&mut c, "m");
    let tz = c.app.tz;
    assert_eq!(form_value(&c, FieldKind::Start), fmt_short(start, tz));
    assert_eq!(form_value(&c, FieldKind::End), fmt_short(start + 4 * H, tz));
    assert!(screen(&c).contains("✓ available"), "{}", screen(&c));
    // Only the post changes.
    let other = if post == 1 { 2 } else { 1 };
    backspace(&mut c, post.to_string().len());
    press(&mut c, &format!("{other}\n"));
    assert!(matches!(c.app.mode, Mode::Normal), "{}", screen(&c));
    assert_eq!(
        times(&c, shift),
        (other, start, start + 4 * H, "planned".to_string())
    );
}

#[test]
fn the_replace_picker_hands_the_shift_over_with_its_own_times() {
    let (_d, mut c) = console(Lang::En, 100, 30);
    let (post, start, _, shift, _) = short_shift_in_a_slot(&mut c);
    press(&mut c, "r");
    assert_eq!(c.app.screen, Screen::Callup);
    let cx = c.app.sched.callup.clone().unwrap();
    assert_eq!((cx.start, cx.end), (start, start + 4 * H));
    // The picker says what the gate says for the selected person; go to one it lets through.
    let rows = match &c.app.data {
        ScreenData::Callup(p) => p.rows.clone(),
        d => panic!("{d:?}"),
    };
    let mut picked = None;
    for (i, r) in rows.iter().enumerate() {
        let s = screen(&c);
        let line = s
            .lines()
            .rev()
            .find(|l| l.starts_with(&format!(" {}:", r.name)))
            .unwrap_or_else(|| panic!("no verdict for {}:\n{s}", r.name));
        if line.contains("✓ available") {
            picked = Some(r.id);
            break;
        }
        assert!(line.contains('✗'), "{line}");
        if i + 1 < rows.len() {
            press(&mut c, "j");
        }
    }
    let picked = picked.expect("someone the gate lets through");
    press(&mut c, "\n");
    let new = int(
        &c,
        "SELECT id FROM shifts WHERE person_id = ?1 AND planned_start = ?2 AND status = 'planned'",
        [picked, start],
    );
    assert_eq!(
        times(&c, new),
        (post, start, start + 4 * H, "planned".into())
    );
    assert_eq!(times(&c, shift).3, "cancelled");
}

/// The preview's read path: the executor's own answer, and not one byte written.
#[test]
fn a_trial_answers_as_the_executor_would_and_writes_nothing() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    let tired = just_checked_out(&mut c);
    let fresh = first_allowed(&mut c, |id| Command::CheckIn {
        person: PersonRef(id.to_string()),
        post: 1,
        override_reason: None,
    });
    let before = crate::support::db::dump_store(&c.store);
    let cmds = [
        Command::CheckIn {
            person: PersonRef(fresh.to_string()),
            post: 1,
            override_reason: None,
        },
        Command::CheckIn {
            person: PersonRef(tired.to_string()),
            post: 1,
            override_reason: None,
        },
        Command::CheckIn {
            person: PersonRef(tired.to_string()),
            post: 1,
            override_reason: Some("only medic on site".into()),
        },
    ];
    let tried: Vec<_> = cmds.iter().map(|x| c.store.trial(x, &ctx())).collect();
    assert_eq!(
        crate::support::db::dump_store(&c.store),
        before,
        "a trial writes nothing"
    );
    assert!(matches!(
        tried[1],
        Err(frontline::store::commands::Refusal::BreaksRules { .. })
    ));
    // Run for real, each answer is the same as the trial's.
    for (cmd, t) in cmds.iter().zip(tried) {
        let done = c.store.execute(cmd, &ctx());
        assert_eq!(done, t, "{cmd:?}");
        if done.is_ok() {
            c.store
                .execute(
                    &Command::CheckOut {
                        person: match cmd {
                            Command::CheckIn { person, .. } => person.clone(),
                            _ => unreachable!(),
                        },
                    },
                    &ctx(),
                )
                .unwrap();
        }
    }
}

/// The plan form's verdict follows the times as they are typed, and Enter gets the same answer.
#[test]
fn the_plan_form_verdict_follows_the_times_typed() {
    let (_d, mut c) = console(Lang::En, 80, 24);
    press(&mut c, "S]");
    let (post, start, end) = match &c.app.data {
        ScreenData::Schedule(p, _) => (
            p.rows[0].post_id,
            p.rows[0].start.unwrap(),
            p.rows[0].end.unwrap(),
        ),
        d => panic!("{d:?}"),
    };
    let who = first_allowed(&mut c, |id| Command::ShiftPlan {
        person: PersonRef(id.to_string()),
        post,
        start,
        end,
        replaces: None,
        override_reason: None,
    });
    press(&mut c, &format!("n{who}"));
    assert!(screen(&c).contains("✓ available"), "{}", screen(&c));
    // End pushed 15 h past the start: no longer available, before Enter.
    let tz = c.app.tz;
    press(&mut c, "\t\t\t");
    backspace(&mut c, fmt_short(end, tz).chars().count());
    press(&mut c, &fmt_short(start + 15 * H, tz));
    let s = screen(&c);
    assert!(
        s.contains("✗ would break:") && !s.contains("available"),
        "{s}"
    );
    let gate = match &c.app.mode {
        Mode::Form(f) => f.gate.clone().expect("a verdict").refusal.expect("refused"),
        m => panic!("{m:?}"),
    };
    let planned = int(
        &c,
        "SELECT count(*) FROM shifts WHERE person_id = ?1",
        [who],
    );
    press(&mut c, "\n");
    let error = match &c.app.mode {
        Mode::Form(f) => f.error.clone().unwrap_or_default(),
        m => panic!("{m:?}"),
    };
    assert_eq!(error, frontline::i18n::refusal(Lang::En, &gate, tz));
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM shifts WHERE person_id = ?1",
            [who]
        ),
        planned
    );
}
