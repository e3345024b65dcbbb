//! Lines read with a bound: a file with a line of gigabytes, or endless input with no newline
//! at all (`/dev/zero`), must not make tribune hold it all in memory.

use std::io::BufRead;

/// The longest line kept; a longer one is skipped and reported.
pub(super) const MAX_LINE: usize = 16 * 1024 * 1024;
/// The most read of one line before giving up on the input altogether.
pub(super) const MAX_SKIPPED: u64 = 256 * 1024 * 1024;

pub(super) enum Line {
    /// The end of the input.
    End,
    /// A whole line is in the buffer (its newline included, if it had one).
    Read { bytes: u64 },
    /// The line was longer than `MAX_LINE`: skipped up to its newline, the buffer left empty.
    TooLong { bytes: u64 },
    /// No newline came within `MAX_SKIPPED` bytes: this input is no file of lines.
    Endless,
}

/// Reads the next line into `buf` (cleared first), holding at most `max` bytes of it.
pub(super) fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut bytes = 0u64;
    let mut too_long = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(match (bytes, too_long) {
                (0, _) => Line::End,
                (_, true) => Line::TooLong { bytes },
                (_, false) => Line::Read { bytes },
            });
        }
        let (chunk, ends) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let taken = chunk.len();
        if !too_long && buf.len() + taken <= max {
            buf.extend_from_slice(chunk);
        } else if !too_long {
            too_long = true;
            buf.clear();
            buf.shrink_to(0);
        }
        reader.consume(taken);
        bytes += taken as u64;
        if ends {
            return Ok(if too_long {
                Line::TooLong { bytes }
            } else {
                Line::Read { bytes }
            });
        }
        if bytes > MAX_SKIPPED {
            return Ok(Line::Endless);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_whole_and_endless_input_is_refused() {
        let mut input = std::io::Cursor::new(b"short\n0123456789abcdef\nlast".to_vec());
        let mut buf = Vec::new();
        assert!(matches!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            Line::Read { bytes: 6 }
        ));
        assert_eq!(buf, b"short\n");
        assert!(matches!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            Line::TooLong { bytes: 17 }
        ));
        assert!(buf.is_empty());
        assert!(matches!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            Line::Read { bytes: 4 }
        ));
        assert_eq!(buf, b"last");
        assert!(matches!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            Line::End
        ));

        let mut zeros = std::io::BufReader::new(std::io::repeat(0));
        assert!(matches!(
            read_line(&mut zeros, &mut buf, 8).unwrap(),
            Line::Endless
        ));
    }
}
