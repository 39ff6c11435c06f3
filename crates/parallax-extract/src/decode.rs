//! Bytes to text: byte-order marks, UTF-16, invalid UTF-8, binary files.

use crate::{ExtractError, Result};

/// How many leading bytes are inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// Decoded text and what had to be repaired on the way.
pub(crate) struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Decodes a document's bytes as text.
///
/// UTF-8 is expected (with or without a byte-order mark); UTF-16 is accepted with its mark.
/// Invalid UTF-8 is replaced with U+FFFD and reported as a warning rather than refused, so a
/// mostly good article is not lost for one bad byte. Binary input is refused.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if let Some(text) = decode_utf16(bytes) {
        return Ok(Decoded { text, warnings: Vec::new() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text: text.to_string(), warnings: Vec::new() }),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let bad = text.matches('\u{fffd}').count();
            let warning = format!("invalid UTF-8: {bad} byte sequence(s) replaced with U+FFFD");
            Ok(Decoded { text, warnings: vec![warning] })
        }
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (body, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect())
}

/// NUL bytes, or many control bytes, mean this is not text (an image, an archive, a PDF).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    control * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFKiev").map(|d| d.text).ok().as_deref(), Some("Kiev"));
        assert_eq!(decode("Kyiv ✓".as_bytes()).map(|d| d.text).ok().as_deref(), Some("Kyiv ✓"));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let decoded = decode(b"caf\xE9 au lait").ok();
        let decoded = decoded.as_ref();
        assert_eq!(decoded.map(|d| d.text.as_str()), Some("caf\u{fffd} au lait"));
        assert_eq!(decoded.map(|d| d.warnings.len()), Some(1));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Zelenskyy".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes).map(|d| d.text).ok().as_deref(), Some("Zelenskyy"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(ExtractError::Binary)));
        assert!(matches!(decode(b" \n\t"), Err(ExtractError::Empty)));
        assert!(matches!(decode(b""), Err(ExtractError::Empty)));
    }
}
