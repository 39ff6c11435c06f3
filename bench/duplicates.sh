#!/usr/bin/env bash
# Copy detection, side by side in one run on one core each: parallax vs Python datasketch
# MinHash LSH, on the labelled corpus (built from ../shared/data/stories if absent), same word
# 3-gram shingles, 126 permutations, 42 bands x 3 rows. Then parallax's precision and recall.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${BENCH_VENV:-target/bench-venv}
corpus=${CORPUS:-target/dedup-corpus.jsonl}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q 'datasketch==1.6.5'
[ -f "$corpus" ] || python3 bench/dedup_corpus.py "$corpus"
cargo build -q --release

echo "== parallax (one core)"
ours=$(taskset -c 0 target/release/parallax bench duplicates --articles "$corpus" --json 2>/dev/null)
echo "$ours"
echo "== datasketch (one core)"
theirs=$(taskset -c 0 "$venv/bin/python" bench/datasketch_bench.py "$corpus")
echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = (json.loads(arg) for arg in sys.argv[1:])
print(f"parallax {ours['docs_per_second']:.0f} docs/s, datasketch {theirs['docs_per_second']:.0f} docs/s: "
      f"ratio {ours['docs_per_second'] / theirs['docs_per_second']:.1f}x")
PY
echo "== quality"
target/release/parallax eval duplicates --articles "$corpus" 2>/dev/null
