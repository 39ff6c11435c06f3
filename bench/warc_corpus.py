"""Writes a WARC file of HTML responses for `bench/warc.sh`: the labelled pages in ../shared
(article-extraction benchmark and WCXB) served round and round under distinct URLs, each as a
request and a response record, one gzip member per record, as CC-NEWS is written.

    warc_corpus.py DATA_DIR OUT.warc.gz SIZE_MB      # stops once OUT reaches SIZE_MB
"""
import gzip
import pathlib
import sys
import uuid
import zlib


def pages(data):
    for folder in ("aeb/html", "wcxb-dev/html"):
        for path in sorted((pathlib.Path(data) / folder).glob("*.html.gz")):
            yield gzip.open(path).read()


def member(payload):
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return compressor.compress(payload) + compressor.flush()


def record(kind, uri, block):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2025-03-11T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return member(head + block + b"\r\n\r\n")


def main(data, out_path, size_mb):
    corpus = list(pages(data))
    limit = int(size_mb) * 1_000_000
    written = count = 0
    with open(out_path, "wb") as out:
        while written < limit:
            html = corpus[count % len(corpus)]
            uri = f"https://news.example/{count}/page.html"
            request = f"GET /{count}/page.html HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()
            response = (
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(html)}\r\n\r\n"
            ).encode() + html
            for chunk in (record("request", uri, request), record("response", uri, response)):
                out.write(chunk)
                written += len(chunk)
            count += 1
    print(f"{count} pages, {2 * count} records, {written / 1e6:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
