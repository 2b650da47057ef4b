//! `frontline do ACTION …`: every console action from the command line, built into the same
//! `Command` the console builds and run through the same executor.

use super::*;
use crate::store::commands::{Command, Ctx, PersonRef};

#[derive(Subcommand, Debug)]
pub enum DoCmd {
    /// Put a person on duty at a post, now.
    CheckIn {
        #[arg(long)]
        person: String,
        /// The post: its name, community/name, or id.
        #[arg(long)]
        post: String,
        /// Written reason to overrule forced rest or a rest rule (kept in the audit log).
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// End a person's current shift, now.
    CheckOut {
        #[arg(long)]
        person: String,
    },
    /// Move a person's current or next shift to another post and/or times.
    Reassign {
        #[arg(long)]
        person: String,
        /// The post: its name, community/name, or id.
        #[arg(long)]
        post: String,
        /// New start (HH:MM, MM-DD HH:MM, YYYY-MM-DD HH:MM or RFC 3339; local time).
        #[arg(long)]
        start: Option<String>,
        /// New end.
        #[arg(long)]
        end: Option<String>,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Send a person to forced rest (强制休息); ends their current shift.
    ForceRest {
        #[arg(long)]
        person: String,
        /// Length in hours (default from the rules, 24).
        #[arg(long, allow_negative_numbers = true)]
        hours: Option<f64>,
        #[arg(long)]
        reason: String,
    },
    /// End a person's rest now. Ending a forced rest (强制休息) early needs --reason (audited).
    EndRest {
        #[arg(long)]
        person: String,
        /// Why the forced rest ends early (required for a forced rest; kept in the audit log).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Reverse your last command-line action (by --operator) through a compensating write,
    /// itself audited. With --entry N: that audit entry, anyone's, once --of names whose it is.
    Undo {
        /// An audit entry (`frontline audit` shows the ids), from any desk or operator.
        #[arg(long)]
        entry: Option<i64>,
        /// Whose action the entry is (its operator): the confirmation.
        #[arg(long, requires = "entry", default_value = "")]
        of: String,
    },
    /// Supplies: receive, issue, transfer or adjust stock.
    #[command(subcommand)]
    Stock(supplies::StockCmd),
    /// Logistics requests: open, arrange, done.
    #[command(subcommand)]
    Request(supplies::RequestCmd),
    /// Plan, move or cancel a shift, or copy a day's pattern to the next days.
    #[command(subcommand)]
    Shift(shifts::ShiftCmd),
    /// Record rotation (轮休), swapped (调休) or compensatory (补休) rest.
    Rest(shifts::RestArgs),
    /// Add a resident of a sealed zone as community staff (就地转化).
    Convert(shifts::ConvertArgs),
    /// Correct the compensatory-leave ledger (补休) by hand, with a reason.
    LedgerAdjust(shifts::LedgerAdjustArgs),
    /// Record a daily health report (身体状况日报); a second one for the day replaces it.
    Health(care::HealthArgs),
    /// Record a nucleic-acid test or its result; a positive one takes the person off duty.
    Test(care::TestArgs),
    /// Family-support cases: open, assign, progress, resolve.
    #[command(subcommand)]
    Case(care::CaseCmd),
    /// Record a person's family situation (dependents, elderly, children, notes).
    Family(care::FamilyArgs),
    /// Record a care visit (慰问), with the amount paid from party dues.
    Visit(care::VisitArgs),
    /// Record a heart-to-heart talk (谈心谈话).
    Talk(care::TalkArgs),
    /// Record a training (self-protection or psychological).
    Training(care::TrainingArgs),
    /// Record a volunteer's insurance (防疫志愿者专属保险).
    Insurance(care::InsuranceArgs),
    /// Assign (or --end) a medical worker to follow up a community.
    Medic(care::MedicArgs),
    /// Acknowledge an alert (default: the oldest one).
    AckAlert(care::AckArgs),
    /// End a person's "out of service: health".
    ReturnToService(care::PersonArgs),
    /// Alerts: acknowledge one (audited).
    #[command(subcommand)]
    Alert(alerts::AlertCmd),
    /// Add, edit, retire or reinstate a person.
    #[command(subcommand)]
    Person(people::PersonCmd),
    /// Party status, dual registration (双报到) and party development (flag, recommend, admit).
    #[command(subcommand)]
    Party(people::PartyCmd),
    /// Nominate an exemplary worker (选树先进典型) with their deeds.
    Nominate(people::NominateArgs),
    /// Approve or publicise a nomination.
    #[command(subcommand)]
    Nomination(people::NominationCmd),
    /// The organisation: streets, communities, posts, depots, items (add, edit, close).
    #[command(subcommand)]
    Org(org::OrgCmd),
    /// The desk's shift (交接班): sign in or out at the desk (audited).
    #[command(subcommand)]
    Desk(DeskCmd),
    /// Write a note in the desk's log (值班日志): append-only, with its time and author.
    Log {
        /// The note.
        text: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DeskCmd {
    /// Sign in at the desk: the operator of what follows.
    SignIn {
        #[arg(long)]
        name: String,
    },
    /// Sign out of the desk (as --name, else as --operator).
    SignOut {
        #[arg(long)]
        name: Option<String>,
    },
}

/// `frontline do …`: build the command, run it through the executor, say the outcome (stdout)
/// or the refusal (one line on stderr, non-zero exit).
pub(super) fn run(d: DoCmd, g: &Global, env: &Env) -> Result<ExitCode> {
    let mut store = open_existing(g, env)?;
    init_logging(store.path());
    let now = clock::now();
    let tz = store.cfg.tz;
    let post_of = |t: &str| {
        store
            .org_id(crate::store::commands::OrgKind::Post, t)
            .map_err(|r| i18n::refusal(env.lang, &r, tz))
    };
    // Names in options that take a post, community, depot or item: the one row each names.
    let org_of = |k: crate::store::commands::OrgKind, t: &str| {
        store
            .org_key(k, t)
            .map_err(|r| i18n::refusal(env.lang, &r, tz))
    };
    // `do org medic add|end` is `do medic [--end]`: one path, one audit row.
    let mut d = match d {
        DoCmd::Org(org::OrgCmd::Medic(m)) => DoCmd::Medic(m.into_medic()),
        d => d,
    };
    if let Err(msg) = resolve_names(&mut d, &org_of) {
        warn(&format!("error: {msg}"));
        return Ok(ExitCode::from(2));
    }
    // Signing out names who signs out (else the operator).
    let operator = match &d {
        DoCmd::Desk(DeskCmd::SignOut { name: Some(n) }) => n.clone(),
        _ => env.operator.clone(),
    };
    let cmd = match build_command(d, now, tz, &post_of) {
        Ok(c) => c,
        Err(msg) => {
            warn(&format!("error: {msg}"));
            return Ok(ExitCode::from(2));
        }
    };
    match store.execute(&cmd, &Ctx { operator, now }) {
        Ok(o) => {
            say(i18n::outcome(env.lang, &o, tz));
            Ok(ExitCode::SUCCESS)
        }
        Err(r) => {
            warn(&format!(
                "error: {}{}",
                i18n::refusal(env.lang, &r, tz),
                flag_hint(&r)
            ));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// On the command line, the flag that answers a refusal (the console names its form field).
fn flag_hint(r: &crate::store::commands::Refusal) -> &'static str {
    use crate::store::commands::Refusal as X;
    match r {
        X::InForcedRest { .. } | X::BreaksRules { .. } | X::RestDay { .. } => {
            " [--override REASON]"
        }
        X::EndForcedRestReason { .. } => " [--reason REASON]",
        X::PostRequired => " [--post NAME]",
        X::RequesterRequired => " [--post NAME | --person NAME]",
        _ => "",
    }
}

/// Every option of `d` that takes a post, community, depot or item, given by name, pinyin
/// initials, code or `#id`, replaced by the text that names its one row (`#7`, an item's
/// code); none or several is the refusal, with the candidates.
fn resolve_names(
    d: &mut DoCmd,
    org: &dyn Fn(crate::store::commands::OrgKind, &str) -> Result<String, String>,
) -> Result<(), String> {
    use crate::store::commands::OrgKind as K;
    use people::PersonCmd as PC;
    use shifts::ShiftCmd as SC;
    use supplies::{RequestCmd as RC, StockCmd as ST};
    let one = |k: K, s: &mut String| -> Result<(), String> {
        if !s.trim().is_empty() {
            *s = org(k, s)?;
        }
        Ok(())
    };
    let opt = |k: K, s: &mut Option<String>| -> Result<(), String> {
        match s {
            Some(x) => one(k, x),
            None => Ok(()),
        }
    };
    match d {
        DoCmd::Shift(SC::Plan { post, .. }) => one(K::Post, post),
        DoCmd::Shift(SC::Move { post, .. } | SC::CopyDay { post, .. }) => opt(K::Post, post),
        DoCmd::Stock(ST::Receive { item, depot, .. } | ST::Adjust { item, depot, .. }) => {
            one(K::Item, item)?;
            opt(K::Depot, depot)
        }
        DoCmd::Stock(ST::Issue {
            item, depot, post, ..
        }) => {
            one(K::Item, item)?;
            opt(K::Depot, depot)?;
            opt(K::Post, post)
        }
        DoCmd::Stock(ST::Transfer { item, from, to, .. }) => {
            one(K::Item, item)?;
            opt(K::Depot, from)?;
            one(K::Depot, to)
        }
        DoCmd::Request(RC::Open { post, .. }) => opt(K::Post, post),
        DoCmd::Convert(a) => one(K::Community, &mut a.community),
        DoCmd::Medic(a) => one(K::Community, &mut a.community),
        DoCmd::Person(PC::Add { community, .. }) => one(K::Community, community),
        DoCmd::Person(PC::Edit { community, .. }) => opt(K::Community, community),
        _ => Ok(()),
    }
}

fn build_command(
    d: DoCmd,
    now: i64,
    tz: chrono_tz::Tz,
    post_of: &dyn Fn(&str) -> Result<i64, String>,
) -> Result<Command, String> {
    let time = |s: Option<String>| s.map(|s| parse_time(&s, now, tz)).transpose();
    Ok(match d {
        DoCmd::CheckIn {
            person,
            post,
            override_reason,
        } => Command::CheckIn {
            person: PersonRef(person),
            post: post_of(&post)?,
            override_reason,
        },
        DoCmd::CheckOut { person } => Command::CheckOut {
            person: PersonRef(person),
        },
        DoCmd::Reassign {
            person,
            post,
            start,
            end,
            override_reason,
        } => Command::Reassign {
            person: PersonRef(person),
            post: post_of(&post)?,
            start: time(start)?,
            end: time(end)?,
            override_reason,
        },
        DoCmd::ForceRest {
            person,
            hours,
            reason,
        } => Command::ForceRest {
            person: PersonRef(person),
            hours,
            reason,
        },
        DoCmd::EndRest { person, reason } => Command::EndRest {
            person: PersonRef(person),
            reason,
        },
        DoCmd::Undo { entry: None, .. } => Command::Undo,
        DoCmd::Undo {
            entry: Some(id),
            of,
        } => Command::UndoEntry { id, of },
        DoCmd::Stock(c) => supplies::build_stock(c)?,
        DoCmd::Request(c) => supplies::build_request(c, now, tz)?,
        DoCmd::Shift(c) => shifts::build_shift(c, now, tz)?,
        DoCmd::Rest(a) => shifts::build_rest(a, now, tz)?,
        DoCmd::Convert(a) => shifts::build_convert(a),
        DoCmd::LedgerAdjust(a) => shifts::build_ledger_adjust(a),
        DoCmd::Health(a) => care::build(care::CareDo::Health(a), now, tz)?,
        DoCmd::Test(a) => care::build(care::CareDo::Test(a), now, tz)?,
        DoCmd::Case(a) => care::build(care::CareDo::Case(a), now, tz)?,
        DoCmd::Family(a) => care::build(care::CareDo::Family(a), now, tz)?,
        DoCmd::Visit(a) => care::build(care::CareDo::Visit(a), now, tz)?,
        DoCmd::Talk(a) => care::build(care::CareDo::Talk(a), now, tz)?,
        DoCmd::Training(a) => care::build(care::CareDo::Training(a), now, tz)?,
        DoCmd::Insurance(a) => care::build(care::CareDo::Insurance(a), now, tz)?,
        DoCmd::Medic(a) => care::build(care::CareDo::Medic(a), now, tz)?,
        DoCmd::AckAlert(a) => care::build(care::CareDo::AckAlert(a), now, tz)?,
        DoCmd::ReturnToService(a) => care::build(care::CareDo::ReturnToService(a), now, tz)?,
        DoCmd::Alert(c) => alerts::build(c),
        DoCmd::Person(c) => people::build_person(c),
        DoCmd::Party(c) => people::build_party(c),
        DoCmd::Nominate(a) => people::build_nominate(a),
        DoCmd::Nomination(c) => people::build_nomination(c),
        DoCmd::Org(c) => org::build(c)?,
        DoCmd::Desk(DeskCmd::SignIn { name }) => {
            Command::Desk(crate::store::commands::DeskCommand::SignIn { name })
        }
        DoCmd::Desk(DeskCmd::SignOut { .. }) => {
            Command::Desk(crate::store::commands::DeskCommand::SignOut)
        }
        DoCmd::Log { text } => Command::Desk(crate::store::commands::DeskCommand::Note { text }),
    })
}
