#!/usr/bin/env bash
# HTML extraction, side by side in one run: parallax against Python trafilatura (its own
# venv, pinned) on the same pages. Quality with the benchmarks' metrics on the article-
# extraction benchmark (body) and WCXB (body, title, author, date); then speed on one core
# each, pages read into memory first, and parallax's memory over 10,000 pages.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${BENCH_VENV:-target/extraction-venv}
data=${DATA:-../shared/data}
pages=${PAGES:-10000}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q 'trafilatura==2.3.1' 'lxml_html_clean==0.4.6' 2>&1 | grep -v "does not provide the extra" || true
cargo build -q --release
parallax=target/release/parallax
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

row() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
f = lambda v: "-" if v is None else "%.4f" % v
b = d["body"]
print("%-20s body %s %s %s   title %s  author %s  date %s  date_invented %s" % (sys.argv[1],
      f(b["precision"]), f(b["recall"]), f(b["f1"]), f(d["title_exact"]), f(d["author"]),
      f(d["date"]), f(d["date_invented"])))
' "$1"
}

for set in aeb wcxb-dev; do
  flag=--aeb; [ "$set" = aeb ] || flag=--wcxb
  echo "== quality on $set: body P R F1, metadata"
  $parallax eval extraction $flag "$data/$set" --json 2>/dev/null | row parallax
  "$venv/bin/python" bench/trafilatura_extract.py predict "$data/$set" "$out/$set.json"
  $parallax eval extraction $flag "$data/$set" --predictions "$out/$set.json" --json 2>/dev/null | row "trafilatura 2.3.1"
done

echo "== speed on the extraction benchmark's pages, one core each"
ours=$(taskset -c 0 $parallax bench extraction --pages "$data/aeb" --json)
echo "parallax: $ours"
theirs=$(taskset -c 0 "$venv/bin/python" bench/trafilatura_extract.py speed "$data/aeb")
echo "$theirs"
python3 -c '
import json, sys
ours = json.loads(sys.argv[1])["pages_per_second"]
for line in sys.argv[2].splitlines():
    d = json.loads(line)
    print("ratio vs trafilatura (with_metadata=%s): %.1fx" % (d["with_metadata"], ours / d["pages_per_second"]))
' "$ours" "$theirs"

echo "== memory over $pages pages (WCXB pages, round and round), one core"
taskset -c 0 $parallax bench extraction --pages "$data/wcxb-dev" --count "$pages"
