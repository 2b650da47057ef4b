//! Examples for each subcommand's `--help` (and so for the man page and completions, which are
//! generated from the same command). Kept in one table, applied to the clap definition by
//! `command()`, so the definitions in `cli/mod.rs` stay short.

use super::Cli;
use clap::CommandFactory;

/// (subcommand path, example lines). A path is `name` or `parent child`.
#[rustfmt::skip]
pub const EXAMPLES: &[(&str, &str)] = &[
    ("demo", "frontline demo --db /tmp/d.db                       600 people, 30 days\n\
              frontline demo --db /tmp/city.db --people 100000 --days 180 --seed 7"),
    ("status", "frontline --db /tmp/d.db status\n\
                frontline --db /tmp/d.db status --json --limit 20 | jq '.overdue_rest[0]'"),
    ("do", "frontline --db /tmp/d.db do force-rest --person FL000042 --reason \"14 h on duty\"\n\
            frontline --db /tmp/d.db do check-in --person 42 --post 3\n\
            frontline --db /tmp/d.db do alert ack 7\n\
            frontline --db /tmp/d.db do undo"),
    ("bench", "frontline bench --people 100000 --days 60 --json"),
    ("backup", "frontline --db /tmp/d.db backup --out /tmp/copy.db"),
    ("restore", "frontline --db /tmp/d.db restore /tmp/copy.db"),
    ("check", "frontline --db /tmp/d.db check                      every kept count against a real count\n\
               frontline --db /tmp/d.db check --repair             recount what differs (one audit row)"),
    ("audit", "frontline --db /tmp/d.db audit --limit 20\n\
               frontline --db /tmp/d.db audit --json | jq '.[0]'"),
    ("stock", "frontline --db /tmp/d.db stock\n\
               frontline --db /tmp/d.db stock --json --window 14 --history 28"),
    ("requests", "frontline --db /tmp/d.db requests --all --json"),
    ("rules", "frontline --db /tmp/d.db rules check --within 2\n\
               frontline --db /tmp/d.db --rules eu-wtd rules show"),
    ("schedule", "frontline --db /tmp/d.db schedule --date 06-11 --gaps"),
    ("callup", "frontline --db /tmp/d.db callup --post 5 --start \"06-11 08:00\" --limit 10"),
    ("health", "frontline --db /tmp/d.db health --date 06-10 --community 3 --json"),
    ("cases", "frontline --db /tmp/d.db cases --all"),
    ("ledger", "frontline --db /tmp/d.db ledger --person FL000042"),
    ("care", "frontline --db /tmp/d.db care --json"),
    ("alerts", "frontline --db /tmp/d.db alerts                     open alerts, newest first\n\
                frontline --db /tmp/d.db alerts --all --json\n\
                frontline --db /tmp/d.db do alert ack 7"),
    ("config", "frontline config path\n\
                frontline config init                 refuses to overwrite; --force replaces\n\
                frontline config show                 the settings in force, every action's keys\n\
                frontline --config /tmp/fl.toml config show"),
    ("completions", "frontline completions bash > ~/.local/share/bash-completion/completions/frontline\n\
                     frontline completions zsh > \"${fpath[1]}/_frontline\"\n\
                     frontline completions fish > ~/.config/fish/completions/frontline.fish"),
    ("man", "frontline man > frontline.1 && man ./frontline.1"),
    ("do check-in", "frontline do check-in --person FL000042 --post 3\n\
                     frontline do check-in --person 42 --post 3 --override \"no one else on site\""),
    ("do check-out", "frontline do check-out --person 42"),
    ("do reassign", "frontline do reassign --person 42 --post 5 --start 20:00 --end \"06-11 08:00\""),
    ("do force-rest", "frontline do force-rest --person 42 --hours 24 --reason \"14 h on duty\""),
    ("do end-rest", "frontline do end-rest --person 42 --reason \"rested enough, needed at the gate\""),
    ("do undo", "frontline --operator 王调度 do undo"),
    ("do alert", "frontline do alert ack 7"),
    ("init", "frontline init --db post.db                 the catalogue and one store, nothing else\n\
              frontline --db post.db import template org --out 组织.xlsx"),
    ("do org", "frontline do org street add --name 白鹤洞街\n\
                frontline do org community add --name 白鹤洞东社区 --street 白鹤洞街\n\
                frontline do org post add --name 白鹤洞东卡口 --kind 卡口 --community 白鹤洞东社区 --headcount 2 --shifts 2x12\n\
                frontline do org post edit 白鹤洞东社区/白鹤洞东卡口 --headcount 3\n\
                frontline do org post close 白鹤洞东卡口"),
];

/// The clap command with the examples attached.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    for (path, lines) in EXAMPLES {
        let text = format!(
            "Example{}:\n{}",
            if lines.contains('\n') { "s" } else { "" },
            lines
                .lines()
                .map(|l| format!("  {}", l.trim()))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let parts: Vec<&str> = path.split(' ').collect();
        cmd = match parts[..] {
            [name] if cmd.find_subcommand(name).is_some() => {
                cmd.mut_subcommand(name, |s| s.after_help(text))
            }
            [parent, child] if cmd.find_subcommand(parent).is_some() => {
                cmd.mut_subcommand(parent, |p| {
                    if p.find_subcommand(child).is_some() {
                        p.mut_subcommand(child, |s| s.after_help(text))
                    } else {
                        p
                    }
                })
            }
            _ => cmd,
        };
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_names_a_real_subcommand() {
        let cmd = Cli::command();
        for (path, _) in EXAMPLES {
            let mut c = &cmd;
            for part in path.split(' ') {
                c = c
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no subcommand {path}"));
            }
        }
    }
}
