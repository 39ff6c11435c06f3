//! Any bytes as each kind of document parallax reads (text, Markdown, HTML, a JSON record).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::{ContentType, Document, Origin};

fuzz_target!(|bytes: &[u8]| {
    for content_type in
        [ContentType::PlainText, ContentType::Markdown, ContentType::Html, ContentType::JsonRecord]
    {
        let document = Document::new(Origin::Stdin, content_type, bytes.to_vec());
        let _ = parallax_extract::extract(&document);
    }
});
