#!/usr/bin/env bash
# Feed polling over loopback: HOSTS invented sites (one Python http.server each, on its own
# 127.0.0.x address), FEEDS feeds per site, ITEMS items in all. `parallax watch --once` polls
# every feed and fetches every page with DELAY between requests to one host; the time is set
# beside the floor that delay imposes (the busiest host's requests x DELAY). A second poll shows
# the conditional GETs.
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${HOSTS:-10}
feeds=${FEEDS:-5}
items=${ITEMS:-1000}
delay_ms=${DELAY_MS:-100}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build -q --release
python3 bench/feeds_corpus.py "$work/sites" "$hosts" "$feeds" "$items"
list="$work/feeds.toml"
: > "$list"
for h in $(seq 0 $((hosts - 1))); do
  ip="127.0.0.$((h + 20))"
  python3 -m http.server 8399 --bind "$ip" --directory "$work/sites/site$h" >/dev/null 2>&1 &
  for k in $(seq 0 $((feeds - 1))); do
    printf '[[feed]]\nurl = "http://%s:8399/feed%s.xml"\noutlet = "Site %s"\n\n' "$ip" "$k" "$h" >> "$list"
  done
done
sleep 1

run() {
  /usr/bin/time -f '%e s wall, %M KiB peak' target/release/parallax --data-dir "$work/data" \
    watch "$list" --once --allow-private --delay "${delay_ms}ms" --json 2>"$work/stderr" >"$work/out" || true
  tail -1 "$work/stderr"
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("added %d, stored before %d, failed %d, feeds %d (%d not modified), %.2f s" % (s["added"], s["already_present"], len(s["failed"]), s["feeds"], s["feeds_unchanged"], s["seconds"]))' "$work/out"
}
per_host=$((1 + feeds + items / hosts))
echo "== $hosts hosts x $feeds feeds, $items items, ${delay_ms} ms between requests to one host"
echo "floor: $per_host requests on each host x ${delay_ms} ms = $(python3 -c "print($per_host * $delay_ms / 1000)") s"
echo "== first poll"
run
echo "== second poll (nothing new)"
run
