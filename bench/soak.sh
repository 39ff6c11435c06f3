#!/usr/bin/env bash
# Soak: MINUTES (default 30) of steady mixed use on a release build over loopback. A store of
# ARTICLES (default neus-val, 921 articles; the demo corpus when ../shared is absent) is served
# by `parallax serve`; `parallax watch` polls a loopback site whose feed gains an item every
# 20 s (1-minute interval); API posts 1/s, story pages 10/s and searches 5/s. Every minute:
# requests, errors and p99 latency of each kind, and the server's and watcher's memory.
# POST_DISTINCT=N makes the posts cycle over N articles (the store then stays near its size,
# so memory should stay flat); by default every post is a new article.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${MINUTES:-30}
port=${PORT:-8394}
site_port=${SITE_PORT:-8395}
articles=${ARTICLES:-../shared/data/stories/neus-val.articles.jsonl}
[ -e "$articles" ] || articles=examples/demo
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build -q --release -p parallax
bin=target/release/parallax
$bin --data-dir "$work/data" ingest "$articles" 2>&1 | tail -1
printf '[[feed]]\nurl = "http://127.0.0.1:%s/feed.xml"\noutlet = "Soak Site"\ninterval = "1m"\n' \
  "$site_port" > "$work/feeds.toml"
$bin --data-dir "$work/data" serve --addr "127.0.0.1:$port" --token soak 2>"$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
WATCH_LOG="$work/watch.log" python3 bench/soak.py "$port" "$site_port" "$server" "$minutes" soak \
  $bin --data-dir "$work/data" watch "$work/feeds.toml" --allow-private --delay 200ms
echo "server log: $(grep -c " ERROR " "$work/server.log" || true) error line(s)"
echo "watcher:"; tail -5 "$work/watch.log"
curl -s "http://127.0.0.1:$port/healthz"; echo
# Every stored article indexed once: ids in an all-articles search, counted.
python3 - "$port" <<'PY'
import json, sys, urllib.request
ids, offset = [], 0
while True:
    url = f"http://127.0.0.1:{sys.argv[1]}/api/search?limit=100&offset={offset}"
    hits = json.load(urllib.request.urlopen(url))["hits"]
    if not hits:
        break
    ids += [h["id"] for h in hits]
    offset += len(hits)
print(json.dumps({"search_hits": len(ids), "distinct_ids": len(set(ids))}))
PY
