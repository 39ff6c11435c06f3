#!/usr/bin/env bash
# Two `parallax ingest` processes started at once into a new data folder, ten times: does every
# article of both land?   bash bench/first-ingests.sh   (needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/target/release/parallax
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys
for name in "ab":
    with open(f"{sys.argv[1]}/{name}.jsonl", "w") as f:
        for i in range(300):
            f.write(json.dumps({"id": f"{name}{i}", "title": f"{name} council vote {i}",
                                "text": f"The {name} council voted {i} times on harbour fees on Tuesday, "
                                        f"the clerk said, and argued about quay {i}.",
                                "published": "2025-03-10"}) + "\n")
PY
landed=0
for trial in $(seq 1 10); do
  data=$work/d$trial
  "$bin" --data-dir "$data" ingest "$work/a.jsonl" >/dev/null 2>"$work/a.err" & first=$!
  "$bin" --data-dir "$data" ingest "$work/b.jsonl" >/dev/null 2>"$work/b.err" && second=0 || second=$?
  wait "$first" && status=0 || status=$?
  count=$("$bin" --data-dir "$data" articles --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  echo "trial $trial: exit $status and $second, $count of 600 articles"
  if [ "$status" = 0 ] && [ "$second" = 0 ] && [ "$count" = 600 ]; then landed=$((landed + 1)); fi
done
echo "$landed of 10 trials landed every article"
