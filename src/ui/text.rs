//! Text measured in terminal columns, not chars: CJK characters take two.

pub use crate::domain::text::{fit, width};

/// `s` cut or padded with spaces to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let fw = width(&f);
    format!("{f}{}", " ".repeat(w.saturating_sub(fw)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_by_columns() {
        assert_eq!(fit("荔湾区防疫指挥部", 7), "荔湾区…");
        assert_eq!(width(&fit("荔湾区防疫指挥部", 7)), 7);
        assert_eq!(pad("张三", 6), "张三  ");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 0), "");
    }
}
