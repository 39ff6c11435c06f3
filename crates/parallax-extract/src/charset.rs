//! The character encoding of an HTML page: byte-order mark first, then the charset the HTTP
//! header declared, then the page's own `<meta>` declaration, then a guess from the bytes
//! (chardetng). A declaration that the bytes contradict (a page labelled Latin-1 whose bytes
//! are valid UTF-8 with non-ASCII text) loses to the bytes, with a warning.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use regex::bytes::Regex;

use crate::{ExtractError, Result};

/// How far into the page the `<meta>` declaration is looked for, as browsers do.
const PRESCAN_BYTES: usize = 1024;

/// `<meta charset="x">` and `<meta http-equiv="content-type" content="...; charset=x">`.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("a valid pattern")
});

/// An HTML page as text, with the encoding it was read in.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlText {
    /// The decoded page.
    pub text: String,
    /// The encoding's name (WHATWG), e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
    /// What had to be repaired or overruled on the way.
    pub warnings: Vec<String>,
}

/// Decodes an HTML page's bytes. `declared` is the charset from the HTTP `Content-Type`
/// header, when the page came over HTTP.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> Result<HtmlText> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ExtractError::NotHtml(kind));
    }
    let mut warnings = Vec::new();
    let encoding = match Encoding::for_bom(bytes) {
        Some((encoding, _)) => encoding,
        None => choose(bytes, declared, &mut warnings),
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        let bad = text.matches('\u{fffd}').count();
        warnings
            .push(format!("invalid {} bytes: {bad} sequence(s) replaced with U+FFFD", used.name()));
    }
    Ok(HtmlText { text: text.into_owned(), encoding: used.name(), warnings })
}

/// Formats that arrive labelled as HTML often enough to name: a PDF or a picture behind an
/// HTML content type, a body still compressed.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP image or audio)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data (not decompressed)"),
    (b"\x7fELF", "an executable"),
];

/// What a page that is not text is, when it is not: a known signature, or NUL bytes early on
/// (without a UTF-16 byte-order mark, which legitimately has them).
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    let head = &bytes[..bytes.len().min(4096)];
    (!utf16 && head.contains(&0)).then_some("binary data (NUL bytes)")
}

/// The encoding for a page without a byte-order mark.
fn choose(bytes: &[u8], declared: Option<&str>, warnings: &mut Vec<String>) -> &'static Encoding {
    let prescan = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let from_meta = META_CHARSET
        .captures(prescan)
        .and_then(|captures| captures.get(1))
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    let from_header = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    // Without a byte-order mark a UTF-16 label is wrong by definition: browsers read UTF-8.
    let declared = from_header.or(from_meta).map(|encoding| {
        if encoding == UTF_16LE || encoding == UTF_16BE { UTF_8 } else { encoding }
    });
    let utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        Some(encoding) if encoding == UTF_8 || !utf8 || bytes.is_ascii() => encoding,
        Some(encoding) => {
            warnings.push(format!(
                "declared charset {} but the bytes are UTF-8; read as UTF-8",
                encoding.name()
            ));
            UTF_8
        }
        None if utf8 => UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let guess = detector.guess(None, true);
            warnings.push(format!("no charset declared; guessed {}", guess.name()));
            guess
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_pages_say_what_they_are() {
        let kind = |bytes: &[u8]| match decode_html(bytes, None) {
            Err(ExtractError::NotHtml(kind)) => kind,
            _ => "read as a page",
        };
        assert_eq!(kind(b"%PDF-1.7\n%\xe2\xe3"), "a PDF document");
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0"), "a PNG image");
        assert_eq!(kind(b"\x1f\x8b\x08\0"), "gzip-compressed data (not decompressed)");
        assert_eq!(kind(b"<p>a\0b</p>"), "binary data (NUL bytes)");
        assert_eq!(kind(b"\xff\xfe<\0p\0>\0"), "read as a page");
    }

    fn page(meta: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = format!("<html><head>{meta}<title>t</title></head><body><p>").into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"</p></body></html>");
        bytes
    }

    #[test]
    fn a_meta_charset_is_honoured() {
        // "café" in windows-1252: é is 0xE9, which is not valid UTF-8 on its own.
        let bytes = page(r#"<meta charset="windows-1252">"#, b"caf\xE9");
        let decoded = decode_html(&bytes, None).expect("decodes");
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("café") && decoded.warnings.is_empty(), "{decoded:?}");
    }

    #[test]
    fn the_http_header_wins_over_the_meta_tag() {
        let bytes = page(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=utf-8">"#,
            b"caf\xE9",
        );
        let decoded = decode_html(&bytes, Some("ISO-8859-1")).expect("decodes");
        assert_eq!(decoded.encoding, "windows-1252", "WHATWG reads Latin-1 as windows-1252");
        assert!(decoded.text.contains("café"));
    }

    #[test]
    fn utf8_bytes_overrule_a_wrong_legacy_label() {
        let bytes = page(r#"<meta charset="iso-8859-1">"#, "Zelenskyy’s café".as_bytes());
        let decoded = decode_html(&bytes, None).expect("decodes");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("Zelenskyy’s café"));
        assert!(decoded.warnings[0].contains("declared charset windows-1252"), "{decoded:?}");
    }

    #[test]
    fn an_undeclared_legacy_page_is_guessed() {
        let text = "Der Bürgermeister sagte, die Straße über den Fluß werde gesperrt. Größere Schäden gäbe es nicht.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let decoded = decode_html(&page("", &bytes), None).expect("decodes");
        assert!(decoded.text.contains("Bürgermeister"), "{decoded:?}");
        assert!(decoded.warnings[0].starts_with("no charset declared"));
    }

    #[test]
    fn a_byte_order_mark_decides_and_empty_pages_are_refused() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<p>Kyiv</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode_html(&bytes, Some("windows-1252")).expect("decodes");
        assert_eq!(decoded.encoding, "UTF-16LE");
        assert_eq!(decoded.text, "<p>Kyiv</p>");
        assert!(matches!(decode_html(b"  \n ", None), Err(ExtractError::Empty)));
    }

    #[test]
    fn a_utf16_label_without_a_mark_is_read_as_utf8() {
        let decoded =
            decode_html(&page(r#"<meta charset="utf-16">"#, b"Kyiv"), None).expect("decodes");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("<p>Kyiv</p>"));
    }

    #[test]
    fn broken_utf8_is_repaired_with_a_warning() {
        let decoded = decode_html(&page(r#"<meta charset="utf-8">"#, b"bad \xFF byte"), None)
            .expect("decodes");
        assert!(decoded.text.contains("bad \u{fffd} byte"));
        assert!(decoded.warnings[0].contains("1 sequence(s) replaced"), "{decoded:?}");
    }
}
