//! WARC files (ISO 28500, versions 1.0 and 1.1) read record by record, in constant memory: a
//! record's header is read line by line with bounds, its block is read whole only when it is
//! under the document limit, and skipped otherwise. A truncated record ends the file with an
//! error; a declared length that does not land on a record boundary is reported and the reader
//! finds the next record. Compressed files (`.warc.gz`, one gzip member per record) are
//! decompressed by the caller's reader; a damaged member it passes over is reported in place
//! of the record it held, and reading goes on.

use std::io::{self, BufRead, Read};

use crate::lines::{LineRead, read_bounded_line};
use crate::members::SkippedMember;

/// The longest header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// The most header lines one record may have.
const MAX_HEADER_LINES: usize = 512;

/// One WARC record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WarcRecord {
    /// Where the record starts in the uncompressed stream.
    pub offset: u64,
    /// `WARC-Type`, lower case (`response`, `request`, `warcinfo`, ...).
    pub kind: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date` as written.
    pub date: Option<String>,
    /// `Content-Type` of the block (`application/http; msgtype=response`).
    pub content_type: Option<String>,
    /// The HTTP header of a `response` record, when it was split off while reading (the block
    /// then holds only the body, so the body is never copied out of it).
    pub http_head: Option<Vec<u8>>,
    /// The record's block.
    pub block: Vec<u8>,
}

/// A problem with the record at `offset`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WarcProblem {
    /// Where the record (or what stood in its place) starts.
    pub offset: u64,
    /// What was wrong.
    pub reason: String,
}

/// Reads records from an uncompressed WARC stream.
pub(crate) struct WarcReader {
    reader: Box<dyn BufRead>,
    offset: u64,
    max_block: u64,
    line: Vec<u8>,
    /// A read failed or a record was cut short: nothing more can be trusted.
    done: bool,
    /// A record read behind a reported problem, returned next.
    pending: Option<Result<WarcRecord, WarcProblem>>,
}

impl WarcReader {
    /// A reader of `reader`, refusing (and skipping) blocks over `max_block` bytes.
    pub fn new(reader: Box<dyn BufRead>, max_block: u64) -> WarcReader {
        WarcReader { reader, offset: 0, max_block, line: Vec::new(), done: false, pending: None }
    }

    /// The next record, a problem, or `None` at the end.
    pub fn next_record(&mut self) -> Option<Result<WarcRecord, WarcProblem>> {
        if let Some(pending) = self.pending.take() {
            return Some(pending);
        }
        if self.done {
            return None;
        }
        let (start, skipped) = match self.find_record() {
            Ok(Some(found)) => found,
            Ok(None) => return None,
            Err(problem) => return Some(Err(problem)),
        };
        let result = self.read_record(start);
        if let Some(damaged) = skipped {
            // Report the damage first; the record found after it comes next.
            self.pending = Some(result);
            let reason = concat!(
                "no record starts here: the previous record's declared length was wrong, ",
                "or the file is damaged; reading resumed at the next record"
            );
            return Some(Err(WarcProblem { offset: damaged, reason: reason.to_string() }));
        }
        Some(result)
    }

    /// Skips blank lines and anything that is not a `WARC/` version line. Returns where the
    /// record starts and, when other content came first, where that began.
    fn find_record(&mut self) -> Result<Option<(u64, Option<u64>)>, WarcProblem> {
        let mut damaged = None;
        loop {
            let start = self.offset;
            match self.read_line()? {
                None => {
                    return match damaged {
                        Some(offset) => Err(WarcProblem {
                            offset,
                            reason: "content after the last record is not a record".to_string(),
                        }),
                        None => Ok(None),
                    };
                }
                Some(line) if line.starts_with(b"WARC/") => return Ok(Some((start, damaged))),
                Some(line) if line.iter().all(u8::is_ascii_whitespace) => {}
                Some(_) => {
                    damaged.get_or_insert(start);
                }
            }
        }
    }

    /// Reads the header after the version line, then the block.
    fn read_record(&mut self, start: u64) -> Result<WarcRecord, WarcProblem> {
        let problem = |reason: String| WarcProblem { offset: start, reason };
        let mut record = WarcRecord {
            offset: start,
            kind: String::new(),
            target_uri: None,
            date: None,
            content_type: None,
            http_head: None,
            block: Vec::new(),
        };
        let mut length: Option<u64> = None;
        for _ in 0..MAX_HEADER_LINES {
            let Some(line) = self.read_line()? else {
                self.done = true;
                return Err(problem("the file ends inside a record header".to_string()));
            };
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                let length =
                    length.ok_or_else(|| problem("no valid Content-Length".to_string()))?;
                return self.read_block(record, length);
            }
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().ok(),
                "warc-type" => record.kind = value.to_ascii_lowercase(),
                "warc-target-uri" => {
                    record.target_uri = Some(value.trim_matches(['<', '>']).to_string())
                }
                "warc-date" => record.date = Some(value),
                "content-type" => record.content_type = Some(value),
                _ => {}
            }
        }
        Err(problem(format!("a header of more than {MAX_HEADER_LINES} lines")))
    }

    fn read_block(
        &mut self,
        mut record: WarcRecord,
        length: u64,
    ) -> Result<WarcRecord, WarcProblem> {
        let offset = record.offset;
        let problem = |reason: String| WarcProblem { offset, reason };
        if length > self.max_block {
            let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())
                .map_err(|error| self.fail(record.offset, error))?;
            self.offset += skipped;
            if skipped < length {
                self.done = true;
                return Err(problem(format!("truncated: {length} bytes declared, {skipped} left")));
            }
            return Err(problem(format!(
                "a block of {length} bytes, over the limit of {} bytes (raise it with --max-bytes)",
                self.max_block
            )));
        }
        let (declared, head) = (length, self.split_http_head(&mut record, length));
        let length = length - head;
        // The declared length is untrusted: the buffer grows as bytes actually arrive. Copied
        // from the reader's buffer directly, so the block is never zeroed first.
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        while (block.len() as u64) < length {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(self.fail(record.offset, error)),
            };
            if available.is_empty() {
                break;
            }
            let n = available.len().min((length - block.len() as u64) as usize);
            block.extend_from_slice(&available[..n]);
            self.reader.consume(n);
        }
        self.offset += block.len() as u64;
        if (block.len() as u64) < length {
            self.done = true;
            return Err(problem(format!(
                "truncated: {declared} bytes declared, {} read",
                head + block.len() as u64
            )));
        }
        record.block = block;
        Ok(record)
    }

    /// Takes the HTTP header off a response record's block when the reader's buffer holds all
    /// of it; returns the bytes taken (none when it does not: the block is then read whole).
    fn split_http_head(&mut self, record: &mut WarcRecord, length: u64) -> u64 {
        let http =
            record.content_type.as_deref().is_some_and(|t| t.starts_with("application/http"));
        if record.kind != "response" || !http {
            return 0;
        }
        let Ok(available) = self.reader.fill_buf() else { return 0 };
        let available =
            &available[..available.len().min(usize::try_from(length).unwrap_or(usize::MAX))];
        let Some((head_end, body_start)) = crate::http::head_end(available) else { return 0 };
        record.http_head = Some(available[..head_end].to_vec());
        self.reader.consume(body_start);
        self.offset += body_start as u64;
        body_start as u64
    }

    /// One line, newline included; `None` at the end of the stream.
    fn read_line(&mut self) -> Result<Option<Vec<u8>>, WarcProblem> {
        let start = self.offset;
        match read_bounded_line(&mut self.reader, MAX_HEADER_LINE, &mut self.line) {
            Ok(LineRead::End) => Ok(None),
            Ok(LineRead::Line { consumed }) => {
                self.offset += consumed;
                Ok(Some(self.line.clone()))
            }
            Ok(LineRead::TooLong { consumed }) => {
                // Neither a blank line nor a header field: it is skipped where it stands.
                self.offset += consumed;
                Ok(Some(vec![0xff]))
            }
            Err(error) => Err(self.fail(start, error)),
        }
    }

    fn fail(&mut self, offset: u64, error: io::Error) -> WarcProblem {
        // A damaged gzip member passed over: the stream goes on at the next record, which
        // the next call finds (the rest of this record, if any came, is skipped there).
        if SkippedMember::is_skipped(&error) {
            return WarcProblem { offset, reason: error.to_string() };
        }
        self.done = true;
        WarcProblem { offset, reason: format!("read failed: {error}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <{uri}>\r\nWARC-Date: 2025-03-11T08:00:00Z\r\n\
             Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn read_all(bytes: Vec<u8>, max_block: u64) -> Vec<Result<WarcRecord, WarcProblem>> {
        let mut reader = WarcReader::new(Box::new(io::Cursor::new(bytes)), max_block);
        std::iter::from_fn(|| reader.next_record()).collect()
    }

    #[test]
    fn records_come_out_with_their_fields_and_offsets() {
        let first = record("response", "https://a.example/1", b"HTTP/1.1 200 OK\r\n\r\n<p>a</p>");
        let second = record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n");
        let offset = first.len() as u64;
        let records = read_all([first, second].concat(), 1000);
        let records: Vec<WarcRecord> = records.into_iter().map(|r| r.expect("a record")).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].kind, "response");
        assert_eq!(records[0].target_uri.as_deref(), Some("https://a.example/1"));
        assert_eq!(records[0].date.as_deref(), Some("2025-03-11T08:00:00Z"));
        assert!(records[0].block.ends_with(b"<p>a</p>"));
        assert_eq!((records[0].offset, records[1].offset), (0, offset));
    }

    #[test]
    fn a_truncated_record_ends_the_file_with_its_offset() {
        let whole = record("response", "https://a.example/1", b"HTTP/1.1 200 OK\r\n\r\n<p>a</p>");
        let cut = record("response", "https://a.example/2", &[b'x'; 100]);
        let offset = whole.len() as u64;
        let bytes = [whole, cut[..cut.len() - 60].to_vec()].concat();
        let records = read_all(bytes, 1000);
        assert_eq!(records.len(), 2);
        assert!(records[0].is_ok());
        let problem = records[1].clone().expect_err("truncated");
        assert_eq!(problem.offset, offset);
        assert!(problem.reason.contains("truncated"), "{}", problem.reason);
    }

    #[test]
    fn a_lying_length_is_reported_and_the_next_record_still_read() {
        let mut liar = record("response", "https://a.example/1", &[b'y'; 50]);
        let declared =
            String::from_utf8_lossy(&liar).replace("Content-Length: 50", "Content-Length: 20");
        liar = declared.into_bytes();
        let next = record("response", "https://a.example/2", b"HTTP/1.1 200 OK\r\n\r\n<p>b</p>");
        let records = read_all([liar, next].concat(), 1000);
        assert_eq!(records.len(), 3, "{records:?}");
        assert!(records[0].is_ok(), "the liar itself reads, short");
        assert!(records[1].as_ref().is_err_and(|p| p.reason.contains("declared length")));
        let last = records[2].as_ref().expect("the next record");
        assert_eq!(last.target_uri.as_deref(), Some("https://a.example/2"));
    }

    #[test]
    fn an_oversized_block_is_skipped_not_loaded() {
        let big = record("response", "https://a.example/big", &[b'z'; 5000]);
        let small =
            record("response", "https://a.example/small", b"HTTP/1.1 200 OK\r\n\r\n<p>s</p>");
        let records = read_all([big, small].concat(), 1000);
        assert!(records[0].as_ref().is_err_and(|p| p.reason.contains("over the limit")));
        assert_eq!(
            records[1].as_ref().ok().and_then(|r| r.target_uri.as_deref()),
            Some("https://a.example/small")
        );
        assert!(read_all(b"not a warc file at all\n".to_vec(), 10).iter().all(Result::is_err));
    }
}
