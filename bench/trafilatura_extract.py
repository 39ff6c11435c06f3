"""Python trafilatura on a folder of pages, for comparison with `parallax`.

    trafilatura_extract.py predict DIR OUT.json   # bodies and metadata, {id: {...}}, for
                                                  # `parallax eval extraction --predictions`
    trafilatura_extract.py speed DIR              # pages per second, pages read first

DIR is an article-extraction-benchmark or WCXB folder (pages in DIR/html/<id>.html.gz).
Pages are given to trafilatura as bytes, as parallax gets them, so both detect the charset.
"""
import gzip
import json
import pathlib
import sys
import time

import trafilatura


def pages(root):
    folder = pathlib.Path(root) / "html"
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            yield path.name[: -len(".html.gz")], gzip.open(path).read()
        elif path.name.endswith(".html"):
            yield path.name[: -len(".html")], path.read_bytes()


def predict(root, out_path):
    out = {}
    for page_id, raw in pages(root):
        document = trafilatura.bare_extraction(raw, with_metadata=True)
        found = document.as_dict() if document is not None else {}
        author = found.get("author")
        out[page_id] = {
            "articleBody": found.get("text") or "",
            "title": found.get("title"),
            # trafilatura joins several authors with "; ".
            "authors": [a.strip() for a in author.split(";")] if author else [],
            "date": found.get("date"),
        }
    pathlib.Path(out_path).write_text(json.dumps(out), encoding="utf-8")


def speed(root):
    loaded = [raw for _, raw in pages(root)]
    for with_metadata in (False, True):
        started = time.perf_counter()
        for raw in loaded:
            trafilatura.extract(raw, with_metadata=with_metadata)
        seconds = time.perf_counter() - started
        print(json.dumps({"extractor": f"trafilatura {trafilatura.__version__}",
                          "with_metadata": with_metadata, "pages": len(loaded),
                          "seconds": round(seconds, 3),
                          "pages_per_second": round(len(loaded) / seconds, 1)}))


if __name__ == "__main__":
    {"predict": lambda: predict(sys.argv[2], sys.argv[3]), "speed": lambda: speed(sys.argv[2])}[sys.argv[1]]()
