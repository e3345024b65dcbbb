//! Soft wrapping for the composer: logical lines broken at spaces to the pane's width (by
//! display width, grapheme by grapheme), and where the cursor falls on screen.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One row on screen: the text, and the char index in its logical line where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    pub line: usize,
    pub start: usize,
    pub text: String,
}

/// Wraps `lines` to `width` columns; returns the rows and the cursor's (row, column) on screen.
pub(super) fn wrap(
    lines: &[String],
    cursor: (usize, usize),
    width: usize,
) -> (Vec<Row>, (usize, usize)) {
    let width = width.max(2);
    let mut rows = Vec::new();
    let mut at = (0, 0);
    for (n, line) in lines.iter().enumerate() {
        let first = rows.len();
        rows.extend(wrap_line(n, line, width));
        if n == cursor.0 {
            at = place(&rows[first..], cursor.1, width);
            at.0 += first;
        }
    }
    (rows, at)
}

fn wrap_line(n: usize, line: &str, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut text = String::new();
    let mut start = 0;
    let mut chars = 0; // chars consumed so far in the line
    // The row's content up to its last space: where to break a word that does not fit.
    let mut last_space: Option<(usize, usize)> = None; // (byte in `text`, chars)
    // Ends the row being built; the next one starts at char `next_start` with `carry`.
    let mut end_row = |text: &mut String, start: &mut usize, next_start: usize, carry: String| {
        rows.push(Row {
            line: n,
            start: *start,
            text: std::mem::replace(text, carry),
        });
        *start = next_start;
    };
    for g in line.graphemes(true) {
        if text.width() + g.width() > width - 1 && !text.is_empty() {
            if g == " " {
                // A space that does not fit ends the row, hanging past the edge.
                text.push(' ');
                chars += 1;
                end_row(&mut text, &mut start, chars, String::new());
                last_space = None;
                continue;
            }
            match last_space.take() {
                // Break after the last space: the word moves down whole.
                Some((byte, consumed)) => {
                    let rest = text.split_off(byte);
                    end_row(&mut text, &mut start, consumed, rest);
                }
                // One word wider than the pane: cut between graphemes.
                None => end_row(&mut text, &mut start, chars, String::new()),
            }
        }
        text.push_str(g);
        chars += g.chars().count();
        if g == " " {
            last_space = Some((text.len(), chars));
        }
    }
    end_row(&mut text, &mut start, chars, String::new());
    rows
}

/// The screen position of char `col` among the rows of one logical line.
fn place(rows: &[Row], col: usize, width: usize) -> (usize, usize) {
    let mut row = 0;
    for (i, r) in rows.iter().enumerate() {
        if r.start <= col {
            row = i;
        }
    }
    let r = &rows[row];
    let prefix: String = r.text.chars().take(col - r.start).collect();
    (row, prefix.width().min(width - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let lines = vec!["Bonjour Ana, nous regardons ça".to_string()];
        let (rows, cursor) = wrap(&lines, (0, 30), 14);
        assert_eq!(texts(&rows), ["Bonjour Ana, ", "nous ", "regardons ça"]);
        assert!(rows.iter().all(|r| r.text.width() < 14));
        assert_eq!(cursor, (2, 12));
    }

    #[test]
    fn wide_and_combined_characters_are_placed_by_display_width() {
        // Each CJK character takes two columns; the family emoji is one grapheme of width 2.
        let lines = vec!["東京👩‍👩‍👧e\u{301}".to_string()];
        let (rows, cursor) = wrap(&lines, (0, 2), 20);
        assert_eq!(rows.len(), 1);
        assert_eq!(cursor, (0, 4));
        let end = lines[0].chars().count();
        assert_eq!(wrap(&lines, (0, end), 20).1, (0, 7));
        // A long word with no space is cut between graphemes, never inside one.
        let (rows, _) = wrap(&["東京東京東京".to_string()], (0, 0), 7);
        assert_eq!(texts(&rows), ["東京東", "京東京"]);
    }

    #[test]
    fn the_cursor_follows_into_later_lines() {
        let lines = vec!["one".to_string(), "two three four".to_string()];
        let (rows, cursor) = wrap(&lines, (1, 10), 10);
        assert_eq!(texts(&rows), ["one", "two three ", "four"]);
        assert_eq!(
            cursor,
            (2, 0),
            "col 10 is the `f` that starts the third row"
        );
        assert_eq!(wrap(&lines, (1, 11), 10).1, (2, 1));
    }
}
