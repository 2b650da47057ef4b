//! `frontline config path|show|init`, `frontline completions SHELL` and `frontline man`.

use super::{Global, say};
use crate::settings;
use crate::settings::UiOptions;
use anyhow::{Result, anyhow};
use clap::{Subcommand, ValueEnum};
use std::path::Path;

#[derive(Subcommand, Debug)]
pub enum ConfigCmd {
    /// Print where the config file is (whether or not it exists).
    Path,
    /// Print the settings in force: the file's, with flags and environment applied.
    Show,
    /// Write a config file with every setting documented at its default.
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

pub fn config(g: &Global, cmd: ConfigCmd) -> Result<()> {
    let path = settings::path(g.config.as_deref())?;
    match cmd {
        ConfigCmd::Path => say(path.display().to_string()),
        ConfigCmd::Init { force } => {
            if path.exists() && !force {
                return Err(anyhow!(
                    "{} exists; `frontline config init --force` replaces it",
                    path.display()
                ));
            }
            write_template(&path)?;
            say(format!("wrote {}", path.display()));
        }
        ConfigCmd::Show => {
            let s = settings::load(&path)?;
            let env = super::Env::resolve_with(g, &s)?;
            let ui = UiOptions::resolve(g.theme.as_deref(), g.no_mouse, &s)?;
            let tz = env.store_cfg.tz.name().to_string();
            say(s.show(
                env.lang,
                &tz,
                ui.theme,
                &env.rules_source,
                &env.store_cfg.rules,
            ));
        }
    }
    Ok(())
}

/// 0600 in a 0700 folder, never through a link (`init --force` has checked it may replace).
fn write_template(path: &Path) -> Result<()> {
    crate::files::write_private(
        path,
        settings::TEMPLATE.as_bytes(),
        crate::files::Existing::Replace,
    )
}

pub fn completions(shell: Shell) {
    let mut cmd = super::examples::command();
    let sh = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Built in memory, then written: a closed pipe (`| head`) ends quietly.
    let mut buf = Vec::new();
    clap_complete::generate(sh, &mut cmd, "frontline", &mut buf);
    write_out(&buf);
}

pub fn man() -> Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(super::examples::command()).render(&mut buf)?;
    write_out(&buf);
    Ok(())
}

fn write_out(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|_| out.flush());
}
