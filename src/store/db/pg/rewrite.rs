//! The store's SQLite dialect → PostgreSQL text, once per statement text (the worker caches it).
//!
//! A small lexer copies string literals, quoted identifiers and comments untouched and rewrites
//! only what is outside them: parameters (`?N`, `?`, `:name`, `@name`, `$name` → `$k`), `LIKE` →
//! `ILIKE` (SQLite's LIKE folds ASCII case; `ILIKE` on `COLLATE "C"` text does the same),
//! `INDEXED BY ident` (dropped) and `LIMIT` (SQLite's `-1` means "no limit"; PostgreSQL refuses
//! a negative one).

/// PostgreSQL text, and the named parameters in `$k` order (with their prefix, `:name`), as
/// rusqlite names them. Empty when the statement has only positional parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub sql: String,
    pub names: Vec<String>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    s: &'a [char],
    i: usize,
    out: String,
    /// The largest `$k` handed out so far: a bare `?` or a new name takes the next one, as in
    /// SQLite.
    max: usize,
    names: Vec<(usize, String)>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.s.get(self.i + ahead).copied()
    }

    /// Copies up to and including `close` (a doubled `close` is an escape, as in `'it''s'`).
    fn copy_quoted(&mut self, close: char) {
        self.out.push(self.s[self.i]);
        self.i += 1;
        while let Some(c) = self.peek(0) {
            self.out.push(c);
            self.i += 1;
            if c == close {
                if self.peek(0) == Some(close) {
                    self.out.push(close);
                    self.i += 1;
                } else {
                    return;
                }
            }
        }
    }

    fn copy_until(&mut self, end: &str) {
        let end: Vec<char> = end.chars().collect();
        while self.i < self.s.len() {
            if self.s[self.i..].starts_with(&end) {
                self.out.extend(end.iter());
                self.i += end.len();
                return;
            }
            self.out.push(self.s[self.i]);
            self.i += 1;
        }
    }

    fn word_at(&self, at: usize) -> &[char] {
        let mut j = at;
        while j < self.s.len() && is_word(self.s[j]) {
            j += 1;
        }
        &self.s[at..j]
    }

    fn skip_space(&self, mut at: usize) -> usize {
        while at < self.s.len() && self.s[at].is_whitespace() {
            at += 1;
        }
        at
    }

    /// A parameter starting at `at`: its `$k` and where it ends. `::` (a cast) is not one.
    fn param_at(&mut self, at: usize) -> Option<(usize, usize)> {
        let c = *self.s.get(at)?;
        let next = self.s.get(at + 1).copied();
        match c {
            '?' => {
                let digits = self.s[at + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if digits == 0 {
                    self.max += 1;
                    return Some((self.max, at + 1));
                }
                let n: String = self.s[at + 1..at + 1 + digits].iter().collect();
                let n = n.parse().unwrap_or(usize::MAX);
                self.max = self.max.max(n);
                Some((n, at + 1 + digits))
            }
            // `$1` passes through as itself (PostgreSQL text handed to `query`).
            '$' if next.is_some_and(|c| c.is_ascii_digit()) => {
                let digits = self.s[at + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                let n: String = self.s[at + 1..at + 1 + digits].iter().collect();
                let n = n.parse().unwrap_or(usize::MAX);
                self.max = self.max.max(n);
                Some((n, at + 1 + digits))
            }
            ':' | '@' | '$' if next.is_some_and(|c| is_word(c) && !c.is_ascii_digit()) => {
                if c == ':' && at > 0 && self.s[at - 1] == ':' {
                    return None;
                }
                let word: String = std::iter::once(c)
                    .chain(self.word_at(at + 1).iter().copied())
                    .collect();
                let end = at + word.chars().count();
                if let Some((k, _)) = self.names.iter().find(|(_, n)| *n == word) {
                    return Some((*k, end));
                }
                self.max += 1;
                self.names.push((self.max, word));
                Some((self.max, end))
            }
            _ => None,
        }
    }

    /// After `LIMIT`: `[+]param` → `NULLIF($k, -1)`, `-1` → `ALL`. Returns false to copy as is.
    fn limit(&mut self) -> bool {
        let mut at = self.skip_space(self.i);
        if self.s.get(at) == Some(&'+') {
            at = self.skip_space(at + 1);
        }
        if let Some((k, end)) = self.param_at(at) {
            self.out.push_str(&format!(" NULLIF(${k}, -1)"));
            self.i = end;
            return true;
        }
        let at = self.skip_space(self.i);
        if self.s.get(at) == Some(&'-') {
            let one = self.skip_space(at + 1);
            if self.word_at(one) == ['1'] {
                self.out.push_str(" ALL");
                self.i = one + 1;
                return true;
            }
        }
        false
    }

    /// After `INDEXED`: ` BY ident` is consumed (the whole hint dropped). False if not a hint.
    fn indexed_by(&mut self) -> bool {
        let by = self.skip_space(self.i);
        if by == self.i
            || !self
                .word_at(by)
                .iter()
                .collect::<String>()
                .eq_ignore_ascii_case("by")
        {
            return false;
        }
        let name = self.skip_space(by + 2);
        if name == by + 2 {
            return false;
        }
        let end = match self.s.get(name) {
            Some('"') => {
                let mut j = name + 1;
                while j < self.s.len() {
                    if self.s[j] == '"' {
                        if self.s.get(j + 1) == Some(&'"') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                j + 1
            }
            _ => name + self.word_at(name).len(),
        };
        if end == name {
            return false;
        }
        self.i = end.min(self.s.len());
        true
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                '\'' => self.copy_quoted('\''),
                '"' => self.copy_quoted('"'),
                '-' if self.peek(1) == Some('-') => self.copy_until("\n"),
                '/' if self.peek(1) == Some('*') => {
                    self.out.push_str("/*");
                    self.i += 2;
                    self.copy_until("*/");
                }
                ':' if self.peek(1) == Some(':') => {
                    self.out.push_str("::");
                    self.i += 2;
                }
                '?' | ':' | '@' | '$' => match self.param_at(self.i) {
                    Some((k, end)) => {
                        self.out.push_str(&format!("${k}"));
                        self.i = end;
                    }
                    None => {
                        self.out.push(c);
                        self.i += 1;
                    }
                },
                c if is_word(c) => {
                    let word: String = self.word_at(self.i).iter().collect();
                    self.i += word.chars().count();
                    if word.eq_ignore_ascii_case("like") {
                        self.out.push_str("ILIKE");
                    } else if word.eq_ignore_ascii_case("indexed") && self.indexed_by() {
                        // the hint is gone; the space before it stays
                    } else {
                        self.out.push_str(&word);
                        if word.eq_ignore_ascii_case("limit") {
                            self.limit();
                        }
                    }
                }
                c => {
                    self.out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

/// Rewrites one statement of the store's SQLite dialect for PostgreSQL. Pure.
pub fn rewrite(sql: &str) -> Rewritten {
    let chars: Vec<char> = sql.chars().collect();
    let mut lx = Lexer {
        s: &chars,
        i: 0,
        out: String::with_capacity(sql.len() + 16),
        max: 0,
        names: Vec::new(),
    };
    lx.run();
    let mut names = lx.names;
    names.sort_by_key(|(k, _)| *k);
    Rewritten {
        sql: inner_joins(lx.out),
        names: names.into_iter().map(|(_, n)| n).collect(),
    }
}

/// SQLite's `a CROSS JOIN b ON …` (an inner join whose order the planner keeps) is
/// PostgreSQL's `a JOIN b ON …`: PostgreSQL takes no ON after CROSS JOIN.
fn inner_joins(sql: String) -> String {
    if !sql.contains("CROSS JOIN") {
        return sql;
    }
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql.as_str();
    while let Some(at) = rest.find("CROSS JOIN") {
        let after = &rest[at + "CROSS JOIN".len()..];
        let clause = after.split(" WHERE ").next().unwrap_or(after);
        let clause = clause.split("JOIN").next().unwrap_or(clause);
        out.push_str(&rest[..at]);
        out.push_str(if clause.contains(" ON ") {
            "JOIN"
        } else {
            "CROSS JOIN"
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where each `$k` sits in PostgreSQL text (outside literals, quoted identifiers, comments).
fn params_in(sql: &str) -> Vec<(usize, std::ops::Range<usize>)> {
    let b = sql.as_bytes();
    let (mut i, mut found) = (0, Vec::new());
    let skip_to = |from: usize, end: &[u8]| {
        let mut j = from;
        while j < b.len() && !b[j..].starts_with(end) {
            j += 1;
        }
        (j + end.len()).min(b.len())
    };
    while i < b.len() {
        i = match b[i] {
            // a doubled quote closes and reopens: the same text either way
            q @ (b'\'' | b'"') => skip_to(i + 1, &[q]),
            b'-' if b.get(i + 1) == Some(&b'-') => skip_to(i, b"\n"),
            b'/' if b.get(i + 1) == Some(&b'*') => skip_to(i + 2, b"*/"),
            b'$' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let end = i + 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if let Ok(k) = sql[i + 1..end].parse() {
                    found.push((k, i..end));
                }
                end
            }
            _ => i + 1,
        };
    }
    found
}

/// The parameters of PostgreSQL text that appear as `$k IS [NOT] NULL`. PostgreSQL cannot infer
/// their type there when that use comes first (`$1 IS NULL OR a = $1` fails with 42P08), so a
/// NULL bound to one of them is written into the text instead (`null_literals`).
pub(crate) fn null_tested(sql: &str) -> Vec<usize> {
    let mut ks: Vec<usize> = params_in(sql)
        .into_iter()
        .filter(|(_, at)| {
            let mut words = sql[at.end..]
                .split_whitespace()
                .map(str::to_ascii_uppercase);
            words.next().as_deref() == Some("IS")
                && match words.next().as_deref() {
                    Some("NULL") => true,
                    Some(w) if w.starts_with("NULL") => {
                        !w[4..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    }
                    Some("NOT") => words.next().is_some_and(|w| w.starts_with("NULL")),
                    _ => false,
                }
        })
        .map(|(k, _)| k)
        .collect();
    ks.sort_unstable();
    ks.dedup();
    ks
}

/// PostgreSQL text with every `$k` for `k` in `ks` replaced by `NULL`.
pub(crate) fn null_literals(sql: &str, ks: &[usize]) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    for (k, at) in params_in(sql) {
        if ks.contains(&k) {
            out.push_str(&sql[last..at.start]);
            out.push_str("NULL");
            last = at.end;
        }
    }
    out.push_str(&sql[last..]);
    out
}

/// What a statement begins with to have its window's bounds written into its text on
/// PostgreSQL (`window_params`); SQLite reads it as a comment.
pub(crate) const WINDOW_MARK: &str = "/* window */";

/// The parameters of PostgreSQL text used only as a window's bounds: `LIMIT NULLIF($k, -1)`
/// (as `rewrite` writes SQLite's `LIMIT ?k`) or `OFFSET $k`, and nowhere else; only in a
/// statement that begins with `WINDOW_MARK`. Opt-in, because a bound the planner can see does
/// not always help: measured at city size, the on-duty window went from planned on every run
/// to one plan per window, but the person lookup (`LIMIT 8`) went the other way, and some
/// roster pages ran slower.
pub(crate) fn window_params(sql: &str) -> Vec<usize> {
    if !sql.trim_start().starts_with(WINDOW_MARK) {
        return Vec::new();
    }
    let all = params_in(sql);
    let at_window = |at: &std::ops::Range<usize>| {
        let before = sql[..at.start].trim_end();
        let after = &sql[at.end..];
        let word_before = |w: &str| {
            before.len() >= w.len()
                && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
                && !before[..before.len() - w.len()]
                    .ends_with(|c: char| c.is_alphanumeric() || c == '_')
        };
        (before.ends_with("LIMIT NULLIF(") && after.starts_with(", -1)")) || word_before("OFFSET")
    };
    let mut ks: Vec<usize> = all
        .iter()
        .filter(|(k, _)| {
            all.iter()
                .filter(|(j, _)| j == k)
                .all(|(_, at)| at_window(at))
        })
        .map(|(k, _)| *k)
        .collect();
    ks.sort_unstable();
    ks.dedup();
    ks
}

/// PostgreSQL text with every `$k` for `(k, v)` in `values` replaced by the integer `v`.
pub(crate) fn int_literals(sql: &str, values: &[(usize, i64)]) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    for (k, at) in params_in(sql) {
        if let Some((_, v)) = values.iter().find(|(j, _)| *j == k) {
            out.push_str(&sql[last..at.start]);
            out.push_str(&v.to_string());
            last = at.end;
        }
    }
    out.push_str(&sql[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(s: &str) -> String {
        rewrite(s).sql
    }

    #[test]
    fn a_windows_bounds_are_found_and_written_as_numbers() {
        let q = sql("/* window */ SELECT a FROM t WHERE b = ?1 ORDER BY a LIMIT ?2 OFFSET ?3");
        assert_eq!(window_params(&q), vec![2, 3]);
        assert_eq!(
            int_literals(&q, &[(2, 20), (3, 40)]),
            "/* window */ SELECT a FROM t WHERE b = $1 ORDER BY a LIMIT NULLIF(20, -1) OFFSET 40"
        );
        assert_eq!(
            int_literals(&q, &[(2, -1), (3, 0)]),
            "/* window */ SELECT a FROM t WHERE b = $1 ORDER BY a LIMIT NULLIF(-1, -1) OFFSET 0"
        );
        // Only where the statement asks for it.
        let q = sql("SELECT a FROM t WHERE b = ?1 ORDER BY a LIMIT ?2 OFFSET ?3");
        assert_eq!(window_params(&q), Vec::<usize>::new());
        // A bound also used elsewhere is a parameter still; so is one in a literal's look-alike.
        let q = sql("/* window */ SELECT ?2 AS n, a FROM t LIMIT ?2 OFFSET ?3");
        assert_eq!(window_params(&q), vec![3]);
        let q =
            sql("/* window */ SELECT a FROM t WHERE c = 'LIMIT NULLIF(' || ?1 LIMIT 5 OFFSET ?2");
        assert_eq!(window_params(&q), vec![2]);
        let q = sql("/* window */ SELECT a FROM t WHERE my_offset ?1");
        assert_eq!(window_params(&q), Vec::<usize>::new());
        assert_eq!(
            window_params(&sql("/* window */ SELECT a FROM t LIMIT -1 OFFSET 5")),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn numbered_and_bare_question_marks_become_dollar_numbers() {
        assert_eq!(
            sql("SELECT a FROM t WHERE a = ?1 AND b = ?2 OR c = ?1"),
            "SELECT a FROM t WHERE a = $1 AND b = $2 OR c = $1"
        );
        assert_eq!(
            sql("INSERT INTO t VALUES (?, ?, ?)"),
            "INSERT INTO t VALUES ($1, $2, $3)"
        );
        // as in SQLite: a bare ? takes one more than the largest number so far
        assert_eq!(sql("SELECT ?2, ?, ?1"), "SELECT $2, $3, $1");
        assert_eq!(sql("SELECT $1 + 1"), "SELECT $1 + 1");
    }

    #[test]
    fn named_parameters_share_one_number_and_are_listed_in_order() {
        let r = rewrite(
            "SELECT * FROM p WHERE post = :post AND (:q IS NULL OR name = :q) AND day >= :post",
        );
        assert_eq!(
            r.sql,
            "SELECT * FROM p WHERE post = $1 AND ($2 IS NULL OR name = $2) AND day >= $1"
        );
        assert_eq!(r.names, [":post", ":q"]);
        let r = rewrite("SELECT @a, $b, @a, :名字");
        assert_eq!(r.sql, "SELECT $1, $2, $1, $3");
        assert_eq!(r.names, ["@a", "$b", ":名字"]);
        assert!(rewrite("SELECT ?1").names.is_empty());
    }

    #[test]
    fn casts_are_not_parameters() {
        let r = rewrite("SELECT (details->>'undoes')::bigint, ?1::text, :n::int");
        assert_eq!(
            r.sql,
            "SELECT (details->>'undoes')::bigint, $1::text, $2::int"
        );
        assert_eq!(r.names, [":n"]);
    }

    #[test]
    fn indexed_by_hints_are_dropped() {
        assert_eq!(
            sql("SELECT id FROM people INDEXED BY people_name WHERE x = 1"),
            "SELECT id FROM people  WHERE x = 1"
        );
        assert_eq!(
            sql("FROM shifts s indexed   by \"shifts by person\"\nJOIN"),
            "FROM shifts s \nJOIN"
        );
        // a column named indexed is left alone
        assert_eq!(sql("SELECT indexed FROM t"), "SELECT indexed FROM t");
    }

    #[test]
    fn like_becomes_ilike_as_a_word_in_any_case() {
        assert_eq!(
            sql("WHERE name LIKE ?1 ESCAPE '\\'"),
            "WHERE name ILIKE $1 ESCAPE '\\'"
        );
        assert_eq!(
            sql("WHERE a not like ?1 AND b Like ?2"),
            "WHERE a not ILIKE $1 AND b ILIKE $2"
        );
        assert_eq!(
            sql("SELECT likes, unlike, like_x FROM t"),
            "SELECT likes, unlike, like_x FROM t"
        );
        assert_eq!(sql("WHERE a\tLIKE\n?1"), "WHERE a\tILIKE\n$1");
    }

    #[test]
    fn limit_minus_one_means_all_and_a_bound_limit_may_be_minus_one() {
        assert_eq!(
            sql("SELECT a FROM t LIMIT ?3 OFFSET ?4"),
            "SELECT a FROM t LIMIT NULLIF($3, -1) OFFSET $4"
        );
        assert_eq!(
            sql("SELECT a FROM t LIMIT +?2"),
            "SELECT a FROM t LIMIT NULLIF($2, -1)"
        );
        assert_eq!(
            sql("SELECT a FROM t limit ?"),
            "SELECT a FROM t limit NULLIF($1, -1)"
        );
        assert_eq!(
            sql("SELECT a FROM t LIMIT :n"),
            "SELECT a FROM t LIMIT NULLIF($1, -1)"
        );
        assert_eq!(
            sql("SELECT a FROM t LIMIT -1 OFFSET 5"),
            "SELECT a FROM t LIMIT ALL OFFSET 5"
        );
        assert_eq!(
            sql("SELECT a FROM t LIMIT - 1"),
            "SELECT a FROM t LIMIT ALL"
        );
        assert_eq!(sql("SELECT a FROM t LIMIT 20"), "SELECT a FROM t LIMIT 20");
        assert_eq!(
            sql("SELECT a FROM t LIMIT -10"),
            "SELECT a FROM t LIMIT -10"
        );
    }

    #[test]
    fn literals_identifiers_and_comments_are_left_alone() {
        let s = "SELECT 'it''s ?1 :x LIKE -- /*', \"col ?2 LIKE\" FROM t -- ?3 :y LIKE\n\
                 /* ?4 INDEXED BY i LIMIT -1 */ WHERE a = ?1";
        let r = rewrite(s);
        assert_eq!(
            r.sql,
            "SELECT 'it''s ?1 :x LIKE -- /*', \"col ?2 LIKE\" FROM t -- ?3 :y LIKE\n\
             /* ?4 INDEXED BY i LIMIT -1 */ WHERE a = $1"
        );
        assert!(r.names.is_empty());
        // an unterminated literal is copied to the end, not lost
        assert_eq!(sql("SELECT 'abc ?1"), "SELECT 'abc ?1");
    }

    #[test]
    fn a_null_tested_parameter_can_become_a_null_literal() {
        let pg = rewrite("SELECT a FROM t WHERE (?1 IS NULL OR a = ?1) AND ?2 is not\nnull AND b = ?3 AND '?1 IS NULL' = ?4").sql;
        assert_eq!(null_tested(&pg), [1, 2]);
        assert_eq!(
            null_literals(&pg, &[1]),
            "SELECT a FROM t WHERE (NULL IS NULL OR a = NULL) AND $2 is not\nnull AND b = $3 AND '?1 IS NULL' = $4"
        );
        assert!(null_tested("SELECT $1 IS NULLX, $2 ISNULL, $3 = 1").is_empty());
        assert_eq!(null_tested("SELECT $12 IS NULL), 1"), [12]);
        assert_eq!(
            null_literals("SELECT $1, $12, $1", &[1]),
            "SELECT NULL, $12, NULL"
        );
    }

    #[test]
    fn a_cross_join_with_on_is_an_inner_join() {
        assert_eq!(
            rewrite("SELECT 1 FROM n CROSS JOIN people pe ON pe.id = n.p WHERE x = ?1").sql,
            "SELECT 1 FROM n JOIN people pe ON pe.id = n.p WHERE x = $1"
        );
        assert_eq!(
            rewrite("SELECT 1 FROM a CROSS JOIN b WHERE a.x ON").sql,
            "SELECT 1 FROM a CROSS JOIN b WHERE a.x ON"
        );
    }
}
