//! Fitting text into terminal cells: widths by grapheme, so emoji, CJK and combining marks
//! never break the column layout.

use super::sanitize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cuts `text` to at most `max` display cells, ending with `…` when something was cut.
pub fn truncate_to_width(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// A one-line, sanitised excerpt of a message fitting `max` cells: newlines and runs of
/// spaces become single spaces.
pub fn excerpt(text: &str, max: usize) -> String {
    let clean = sanitize(text);
    let one_line = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_to_width(&one_line, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_and_emoji_are_counted_as_two_cells() {
        let cut = truncate_to_width("東京東京東京", 5);
        assert_eq!(cut, "東京…");
        assert!(cut.width() <= 5);
        assert_eq!(truncate_to_width("😡😡😡", 4).width(), 3);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let e = "e\u{301}e\u{301}e\u{301}e\u{301}";
        let cut = truncate_to_width(e, 3);
        assert_eq!(cut, "e\u{301}e\u{301}…");
    }

    #[test]
    fn excerpt_is_one_clean_line() {
        assert_eq!(excerpt("hi\n\x1b[31mthere\t you", 40), "hi there you");
    }
}
