"""Runs Python trafilatura over the article-extraction benchmark's pages and writes its bodies
in the benchmark's output format ({id: {"articleBody": text}}), for `parallax eval extraction
--predictions`. Usage: aeb_trafilatura.py AEB_DIR OUT.json (in a venv with trafilatura)."""
import gzip
import json
import pathlib
import sys
import time

import trafilatura


def main(root, out_path):
    root = pathlib.Path(root)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = {}
    started = time.perf_counter()
    for page in truth:
        raw = gzip.open(root / "html" / f"{page}.html.gz").read()
        text = trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=False)
        bodies[page] = {"articleBody": text or ""}
    seconds = time.perf_counter() - started
    pathlib.Path(out_path).write_text(json.dumps(bodies), encoding="utf-8")
    print(f"trafilatura {trafilatura.__version__}: {len(bodies)} pages in {seconds:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
