//! Reading lines with a bound on their length, so one endless line cannot exhaust memory.

use std::io::{self, BufRead};

/// One step of reading lines.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// A whole line is in the buffer (without its newline); `consumed` counts the newline.
    Line { consumed: u64 },
    /// The line was longer than the limit; it was skipped up to its newline.
    TooLong { consumed: u64 },
    /// End of input.
    End,
}

/// Reads the next line into `line` (cleared first), keeping at most `limit` bytes.
pub(crate) fn read_bounded_line(
    reader: &mut impl BufRead,
    limit: u64,
    line: &mut Vec<u8>,
) -> io::Result<LineRead> {
    line.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, found_newline) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        if !too_long {
            if line.len() as u64 + chunk.len() as u64 > limit {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(found_newline);
        consumed += used as u64;
        reader.consume(used);
        if found_newline {
            break;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(match (consumed, too_long) {
        (0, _) => LineRead::End,
        (_, true) => LineRead::TooLong { consumed },
        (_, false) => LineRead::Line { consumed },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_within_and_over_the_limit() {
        let mut input = io::Cursor::new(b"short\r\nthis one is too long\nlast".to_vec());
        let mut line = Vec::new();
        assert_eq!(
            read_bounded_line(&mut input, 8, &mut line).ok(),
            Some(LineRead::Line { consumed: 7 })
        );
        assert_eq!(line, b"short");
        assert_eq!(
            read_bounded_line(&mut input, 8, &mut line).ok(),
            Some(LineRead::TooLong { consumed: 21 })
        );
        assert_eq!(
            read_bounded_line(&mut input, 8, &mut line).ok(),
            Some(LineRead::Line { consumed: 4 })
        );
        assert_eq!(line, b"last");
        assert_eq!(read_bounded_line(&mut input, 8, &mut line).ok(), Some(LineRead::End));
    }
}
