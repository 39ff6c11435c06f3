#!/usr/bin/env bash
# WARC reading, side by side in one run: parallax's streaming reader against Python warcio
# (its own venv, pinned) on the same generated .warc.gz of HTML responses. warcio uses one core;
# parallax is measured on one core and on all of them (gzip members decompressed in parallel).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${BENCH_VENV:-target/warc-venv}
data=${DATA:-../shared/data}
size_mb=${SIZE_MB:-1000}
file=${WARC_FILE:-target/bench-${size_mb}mb.warc.gz}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q 'warcio==1.7.5'
cargo build -q --release
[ -s "$file" ] || python3 bench/warc_corpus.py "$data" "$file" "$size_mb"
ls -l "$file"

echo "== parallax, one core"
one=$(taskset -c 0 target/release/parallax bench warc --file "$file" --json)
echo "$one"
echo "== parallax, all $(nproc) cores"
ours=$(target/release/parallax bench warc --file "$file" --json)
echo "$ours"
echo "== the warc crate 0.4.0 (bench/warc-crate), one core"
(cd bench/warc-crate && cargo build -q --release)
crate=$(taskset -c 0 bench/warc-crate/target/release/warc-crate-read "$file")
echo "$crate"
echo "== warcio"
theirs=$(taskset -c 0 "$venv/bin/python" bench/warcio_read.py "$file")
echo "$theirs"
python3 -c '
import json, sys
one, ours, theirs, crate = (json.loads(a) for a in sys.argv[1:5])
for name, other in (("warcio", theirs), ("the warc crate", crate)):
    print("parallax / %s (MB/s): one core %.2fx, all cores %.2fx" % (
        name, one["mb_per_second"] / other["mb_per_second"], ours["mb_per_second"] / other["mb_per_second"]))
' "$one" "$ours" "$theirs" "$crate"
