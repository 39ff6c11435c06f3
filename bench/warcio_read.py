"""Python warcio reading a WARC file as `parallax bench warc` does: every record, and every
HTTP response's decoded body. Prints one JSON line. Usage: warcio_read.py FILE"""
import json
import os
import resource
import sys
import time

import warcio
from warcio.archiveiterator import ArchiveIterator


def main(path):
    started = time.perf_counter()
    records = pages = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            records += 1
            if record.rec_type == "response":
                body = record.content_stream().read()
                if record.http_headers and "text/html" in (record.http_headers.get_header("Content-Type") or ""):
                    pages += 1
    seconds = time.perf_counter() - started
    size = os.path.getsize(path)
    print(json.dumps({"reader": f"warcio {warcio.__version__}" if hasattr(warcio, "__version__") else "warcio",
                      "records": records, "html_pages": pages, "seconds": round(seconds, 3),
                      "mb_per_second": round(size / 1e6 / seconds, 1),
                      "records_per_second": round(records / seconds),
                      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main(sys.argv[1])
