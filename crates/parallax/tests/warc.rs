//! `parallax ingest` on WARC files written by the test: HTML responses become articles with
//! their URL; other records are counted and passed over; damaged records are reported with
//! their file and offset and the rest is read.

mod common;

use std::io::Write;

use common::{articles, parallax, stderr};

fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-11T08:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype={kind}\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn page(title: &str, lead: &str) -> Vec<u8> {
    let html = format!(
        "<html><head><title>{title} | Harbour Herald</title></head><body><article><h1>{title}</h1>\
         <p>{lead}</p><p>The port authority said ships would wait at anchor until talks resume, and \
         warned that fresh produce bound for the capital would spoil.</p></article></body></html>"
    );
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    response.extend_from_slice(html.as_bytes());
    response
}

/// One gzip member per record, as web archives are written.
fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(record).expect("gzip");
        out.extend(encoder.finish().expect("gzip"));
    }
    out
}

#[test]
fn html_responses_of_a_warc_file_become_articles() {
    let data = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("tempdir");
    let lead = "Dock workers in Portvale walked out on Tuesday over unpaid overtime, closing the terminal.";
    let records = vec![
        record("warcinfo", "", b"software: test\r\n"),
        record("request", "https://herald.example/strike", b"GET /strike HTTP/1.1\r\n\r\n"),
        record(
            "response",
            "https://herald.example/strike",
            &page("Strike shuts Portvale port", lead),
        ),
        record(
            "response",
            "https://herald.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ),
        record(
            "response",
            "https://herald.example/gone",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>Gone</p>",
        ),
        record(
            "response",
            "https://herald.example/talks",
            &page(
                "Talks resume at Portvale",
                "Union and port authority met on Friday for the first time since the strike began, officials said.",
            ),
        ),
    ];
    let path = folder.path().join("crawl.warc.gz");
    std::fs::write(&path, gzip_members(&records)).expect("write warc");
    let output = parallax(data.path(), &["ingest", path.to_str().expect("utf-8")]);
    let errors = stderr(&output);
    assert!(output.status.success(), "{errors}");
    assert!(
        errors.contains("2 added") && errors.contains("4 WARC record(s) not HTML pages skipped"),
        "{errors}"
    );
    let stored = articles(data.path());
    let urls: Vec<&str> = stored.iter().filter_map(|a| a["url"].as_str()).collect();
    assert_eq!(urls, ["https://herald.example/strike", "https://herald.example/talks"]);
    assert_eq!(stored[0]["title"], "Strike shuts Portvale port");
    assert!(stored[0]["body"].as_str().is_some_and(|b| b.starts_with(lead)));
}

#[test]
fn damaged_warc_records_are_reported_with_their_offset() {
    let data = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("tempdir");
    let good = record(
        "response",
        "https://herald.example/strike",
        &page(
            "Strike shuts Portvale port",
            "Dock workers in Portvale walked out on Tuesday over unpaid overtime, closing the terminal.",
        ),
    );
    let broken_http =
        record("response", "https://herald.example/odd", b"not an http response\r\n\r\nat all");
    let cut = record(
        "response",
        "https://herald.example/cut",
        &page(
            "Cut short",
            "This record is cut off before its declared end, as a crawl that died would leave it.",
        ),
    );
    let offset_broken = good.len();
    let offset_cut = good.len() + broken_http.len();
    let mut bytes = [good, broken_http, cut.clone()].concat();
    bytes.truncate(bytes.len() - cut.len() / 2);
    let path = folder.path().join("damaged.warc");
    std::fs::write(&path, bytes).expect("write warc");
    let output = parallax(data.path(), &["ingest", path.to_str().expect("utf-8")]);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(errors.contains(&format!("damaged.warc@{offset_broken}")), "{errors}");
    assert!(errors.contains("not an HTTP status line"), "{errors}");
    assert!(
        errors.contains(&format!("damaged.warc@{offset_cut}")) && errors.contains("truncated"),
        "{errors}"
    );
    assert_eq!(articles(data.path()).len(), 1, "the good record is stored");
}

#[test]
fn records_after_a_damaged_gzip_member_are_found_again() {
    let data = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("tempdir");
    let story = |n: usize| {
        let title = format!("Portvale strike day {n}");
        let lead = format!(
            "Dock workers in Portvale stayed out for day {n} of the strike over unpaid overtime, \
             the union said on the quay."
        );
        record("response", &format!("https://herald.example/day-{n}"), &page(&title, &lead))
    };
    let before = gzip_members(&[story(1), story(2)]);
    let mut damaged = gzip_members(&[story(3)]);
    let middle = damaged.len() / 2;
    damaged[middle..middle + 6].copy_from_slice(b"\xde\xad\xbe\xef\x00\xff");
    let after = gzip_members(&[story(4), story(5)]);
    let path = folder.path().join("crawl.warc.gz");
    std::fs::write(&path, [before.clone(), damaged, after].concat()).expect("write warc");
    let output = parallax(data.path(), &["ingest", path.to_str().expect("utf-8")]);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(
        errors.contains(&format!("gzip member at offset {} is damaged", before.len())),
        "{errors}"
    );
    assert!(errors.contains("reading resumed at the next record"), "{errors}");
    let stored = articles(data.path());
    let mut urls: Vec<&str> = stored.iter().filter_map(|a| a["url"].as_str()).collect();
    urls.sort_unstable();
    assert_eq!(
        urls,
        ["day-1", "day-2", "day-4", "day-5"].map(|d| format!("https://herald.example/{d}")),
        "the records on both sides of the damage are stored"
    );
}

#[test]
fn a_compressed_warc_on_standard_input_is_recognised() {
    let data = tempfile::tempdir().expect("tempdir");
    let lead =
        "Ferry crews in Eastmere refused to sail on Monday after the harbour lights failed twice.";
    let records = vec![
        record("warcinfo", "", b"software: test\r\n"),
        record(
            "response",
            "https://coast.example/ferry",
            &page("Ferry crews refuse to sail", lead),
        ),
    ];
    let output =
        common::parallax_with_stdin(data.path(), &["ingest", "-"], Some(&gzip_members(&records)));
    assert!(output.status.success(), "{}", stderr(&output));
    let stored = articles(data.path());
    assert_eq!(stored.len(), 1, "{}", stderr(&output));
    assert_eq!(stored[0]["url"], "https://coast.example/ferry");

    // `--warc` reads a file of any name as a web archive.
    let folder = tempfile::tempdir().expect("tempdir");
    let path = folder.path().join("capture.bin");
    std::fs::write(&path, records.concat()).expect("write");
    let again = tempfile::tempdir().expect("tempdir");
    let output = parallax(again.path(), &["ingest", "--warc", path.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(articles(again.path()).len(), 1);
}
