//! Labels of the command palette, alerts, themes and configuration (issue 9).

use super::Entry;

#[rustfmt::skip]
pub const UX: &[Entry] = &[
    ("key.palette", "command palette", "命令面板"),
    ("palette.title", "Command palette — type to find, Enter runs, Esc closes", "命令面板 — 输入查找，回车执行，Esc 关闭"),
    ("palette.go", "go to", "前往"),
    ("palette.none", "no action matches", "没有匹配的操作"),
    ("alert.new", "NEW", "新警报"),
];
