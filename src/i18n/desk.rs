//! The desk's shift in words: signing in and out, the desk's log.

use super::Lang;
use crate::store::commands::DeskOutcome;

pub fn outcome(lang: Lang, o: &DeskOutcome) -> String {
    match o {
        DeskOutcome::SignedIn { name } => bi!(
            lang,
            format!("{name} signed in at the desk; the actions that follow are theirs"),
            format!("{name} 已签到接班，此后的操作记在其名下")
        ),
        DeskOutcome::SignedOut { name } => bi!(
            lang,
            format!("{name} signed out of the desk"),
            format!("{name} 已签退交班")
        ),
        DeskOutcome::Noted { author } => bi!(
            lang,
            format!("note written in the desk's log ({author})"),
            format!("已写入值班日志（{author}）")
        ),
    }
}
