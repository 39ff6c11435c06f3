//! HTTP responses as WARC `response` records hold them: status line, headers, then the body,
//! which may still be chunked or compressed. Decompression is bounded.

use std::io::Read;

/// The most header bytes a response may have.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// A parsed HTTP response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The media type, lower case, without parameters (`text/html`).
    pub media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`.
    pub charset: Option<String>,
    /// The body, de-chunked and decompressed.
    pub body: Vec<u8>,
}

/// Where the header of a response starting `bytes` ends: the end of its text and the start of
/// the body. The header ends at the first blank line, CRLF or bare LF, within the header limit.
pub(crate) fn head_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let window = &bytes[..bytes.len().min(MAX_HEADER_BYTES + 4)];
    let crlf = memchr::memmem::find(window, b"\r\n\r\n").map(|at| (at, at + 4));
    let lf = memchr::memmem::find(window, b"\n\n").map(|at| (at, at + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// Parses a whole response, decoding chunked transfer and gzip or deflate content encoding; a
/// body over `max_body` bytes once decoded is an error.
pub(crate) fn parse_response(block: &[u8], max_body: u64) -> Result<HttpResponse, String> {
    let (head, body) = head_end(block).ok_or("no end of the HTTP header")?;
    parse_parts(&block[..head], block[body..].to_vec(), max_body)
}

/// Parses a response whose header (without its blank line) and body were read apart.
pub(crate) fn parse_parts(
    head: &[u8],
    raw: Vec<u8>,
    max_body: u64,
) -> Result<HttpResponse, String> {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP status line: {:?}", truncate(status_line)))?;
    let (mut media_type, mut charset, mut chunked, mut encoding) = (None, None, false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => {
                let mut parts = value.split(';');
                media_type = parts.next().map(|t| t.trim().to_ascii_lowercase());
                charset = parts.find_map(|p| {
                    let (key, value) = p.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("charset")
                        .then(|| value.trim().trim_matches(['"', '\'']).to_string())
                });
            }
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    // Archivers often store the body already de-chunked or decoded but keep the original
    // headers: a body that does not read as declared is taken as it is.
    let body = if chunked { dechunk(&raw).unwrap_or(raw) } else { raw };
    let body = match encoding.as_deref() {
        Some("gzip" | "x-gzip") if body.starts_with(b"\x1f\x8b") => {
            bounded(flate2::read::MultiGzDecoder::new(body.as_slice()), max_body)?
        }
        // "deflate" is zlib by the standard and raw deflate by many servers.
        Some("deflate") => {
            let zlib = body.len() >= 2
                && body[0] & 0x0f == 8
                && u16::from_be_bytes([body[0], body[1]]) % 31 == 0;
            let decoded = if zlib {
                bounded(flate2::read::ZlibDecoder::new(body.as_slice()), max_body)
            } else {
                bounded(flate2::read::DeflateDecoder::new(body.as_slice()), max_body)
            };
            match decoded {
                Ok(decoded) => decoded,
                Err(bomb) if bomb.contains("more than") => return Err(bomb),
                Err(_) => body,
            }
        }
        Some("gzip" | "x-gzip" | "identity") | None => body,
        Some(other) => return Err(format!("content encoding {other:?} is not supported")),
    };
    if body.len() as u64 > max_body {
        return Err(format!("a body over the limit of {max_body} bytes"));
    }
    Ok(HttpResponse { status, media_type, charset, body })
}

fn truncate(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Decompresses at most `max` bytes: more is a "decompression bomb" error. A stream cut short
/// keeps what it gave (a truncated capture still holds most of its page).
fn bounded(reader: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let read = reader.take(max.saturating_add(1)).read_to_end(&mut out);
    if out.len() as u64 > max {
        return Err(format!("the body decompresses to more than {max} bytes"));
    }
    match read {
        Err(error) if out.is_empty() => Err(format!("compressed body broken: {error}")),
        _ => Ok(out),
    }
}

/// Joins the chunks of a chunked body. A body cut short keeps the chunks it has; one whose
/// first size line does not read is not chunked at all (an error).
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::with_capacity(raw.len());
    loop {
        let Some(line_end) = memchr::memmem::find(raw, b"\r\n") else {
            return if body.is_empty() {
                Err("a chunk size line without an end".into())
            } else {
                Ok(body)
            };
        };
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            if body.is_empty() {
                return Err(format!("a bad chunk size {:?}", truncate(size_text)));
            }
            return Ok(body);
        };
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let Some(chunk) = raw.get(..size) else {
            body.extend_from_slice(raw);
            return Ok(body);
        };
        body.extend_from_slice(chunk);
        raw = raw.get(size..).unwrap_or_default();
        raw = raw.strip_prefix(b"\r\n").unwrap_or(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn plain_chunked_and_gzipped_bodies() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>caf\xe9</p>";
        let response = parse_response(plain, 1000).expect("plain");
        assert_eq!((response.status, response.media_type.as_deref()), (200, Some("text/html")));
        assert_eq!(response.charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(response.body, b"<p>caf\xe9</p>");

        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>a\r\n5\r\nb</p>\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked, 1000).expect("chunked").body, b"<p>ab</p>");

        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&[b'x'; 5000]).expect("gzip");
        let mut gzipped = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        gzipped.extend(encoder.finish().expect("gzip"));
        assert_eq!(parse_response(&gzipped, 10_000).expect("gzip").body.len(), 5000);
        let bomb = parse_response(&gzipped, 1000).expect_err("over the limit once decoded");
        assert!(bomb.contains("more than 1000"), "{bomb}");
    }

    #[test]
    fn the_first_blank_line_ends_the_header() {
        let lf = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>first</p>\r\n\r\n<p>second</p>";
        let response = parse_response(lf, 1000).expect("LF header");
        assert!(response.body.starts_with(b"<p>first</p>"));
    }

    #[test]
    fn broken_responses_say_why() {
        assert!(parse_response(b"no header end", 100).is_err());
        assert!(parse_response(b"GET / HTTP/1.1\r\n\r\n", 100).is_err());
    }

    #[test]
    fn bodies_stored_decoded_under_their_original_headers_are_kept() {
        let dechunked =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>already joined</p>";
        assert_eq!(parse_response(dechunked, 100).expect("kept").body, b"<p>already joined</p>");
        let decoded = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n<p>already plain</p>";
        assert_eq!(parse_response(decoded, 100).expect("kept").body, b"<p>already plain</p>");
    }

    #[test]
    fn a_truncated_chunked_body_keeps_its_chunks_without_size_lines() {
        let cut = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n12\r\n<p>hello world</p>\r\n40\r\n<p>cut";
        assert_eq!(parse_response(cut, 100).expect("partial").body, b"<p>hello world</p><p>cut");
    }

    #[test]
    fn deflate_is_read_as_zlib_or_raw() {
        let text = b"<p>deflated paragraph</p>".repeat(20);
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        zlib.write_all(&text).expect("zlib");
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(&text).expect("deflate");
        for body in [zlib.finish().expect("zlib"), raw.finish().expect("deflate")] {
            let mut response = b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n".to_vec();
            response.extend(body);
            assert_eq!(parse_response(&response, 10_000).expect("decoded").body, text);
        }
    }

    #[test]
    fn a_truncated_compressed_body_keeps_what_it_gave() {
        let text: String = (0..400).map(|n| format!("<p>paragraph {n}</p>")).collect();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(text.as_bytes()).expect("gzip");
        let compressed = encoder.finish().expect("gzip");
        let mut cut = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        cut.extend_from_slice(&compressed[..compressed.len() * 2 / 3]);
        let body = parse_response(&cut, 100_000).expect("partial body").body;
        assert!(!body.is_empty() && text.as_bytes().starts_with(&body), "{} bytes", body.len());
        let garbage = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00broken";
        assert!(parse_response(garbage, 100).expect_err("nothing came out").contains("broken"));
    }
}
