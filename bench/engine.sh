#!/usr/bin/env bash
# The engine at scale: a dated stream of N articles built from ../shared/data/stories
# (bench/engine_corpus.py), ingested with everything derived (extract, store, index, analyse,
# copies, stories, dossiers), then the readers on the full store, then `parallax serve` over it
# with articles posted one at a time (bench/engine_serve.py).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-100000}
work=${WORK:-target/bench-engine}
shared=${SHARED:-../shared}
cargo build -q --release
parallax=target/release/parallax
mkdir -p "$work"
corpus="$work/stream-$n.jsonl"
[ -s "$corpus" ] || python3 bench/engine_corpus.py --shared "$shared" "$n" "$corpus"
data="$work/data-$n"
rm -rf "$data"

echo "== ingest of $n articles with everything derived"
# Exit status 1 means some items failed (the corpus holds a few unreadable records): go on.
status=0
/usr/bin/time -f "wall %e s, peak %M KB" $parallax --data-dir "$data" ingest "$corpus" --json \
  > "$work/ingest.json" || status=$?
[ "$status" -le 1 ] || exit "$status"
python3 - "$work/ingest.json" "$n" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1])); n = int(sys.argv[2])
print(f"added {d['added']}, failed {len(d['failed'])}, derived {d['derived']}, dossiers {d['dossiers']}, {d['seconds']:.1f} s")
for stage, seconds in d["stages"].items():
    count = d["dossiers"] if stage == "dossiers" else n
    print(f"  {stage:<9} {seconds:7.1f} s  {count / max(seconds, 1e-9):9.0f} per second")
EOF

echo "== readers on the full store"
python3 - "$parallax" "$data" <<'EOF'
import random, subprocess, sys, time
parallax, data = sys.argv[1], sys.argv[2]
listed = subprocess.run([parallax, "--data-dir", data, "stories"], capture_output=True, text=True).stdout
ids = [line.split()[0] for line in listed.splitlines() if line.startswith("s")]
random.seed(1)
times = []
for story in random.sample(ids, 50):
    started = time.perf_counter()
    subprocess.run([parallax, "--data-dir", data, "story", story], capture_output=True, check=True)
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(f"parallax story ID, 50 random stories: median {times[25]:.1f} ms, max {times[-1]:.1f} ms")
runs = []
for _ in range(3):
    started = time.perf_counter()
    subprocess.run([parallax, "--data-dir", data, "stories", "--json"], capture_output=True, check=True)
    runs.append(time.perf_counter() - started)
print(f"parallax stories --json ({len(ids)} stories): best {min(runs):.2f} s, worst {max(runs):.2f} s")
EOF

echo "== parallax serve: articles posted one at a time"
port=${PORT:-8391}
PARALLAX_LOG=warn $parallax --data-dir "$data" serve --addr "127.0.0.1:$port" --token bench &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.5; done
python3 bench/engine_serve.py "http://127.0.0.1:$port" bench "$corpus" "${POSTS:-100}"
