#!/usr/bin/env bash
# parallax serve beside Datasette, in one run on the same machine: Datasette is what a data
# journalist would otherwise point at a SQLite file of articles to browse and full-text
# search them over HTTP. First bench/serve.sh (parallax; WITH_PARALLAX=0 skips it), then
# Datasette (pinned, its own venv) on the same ARTICLES with the same wrk settings (CONNS
# connections, SECONDS_EACH seconds, paths picked at random per request) on: row pages of
# articles (the counterpart of a story page) and `?_search=` with queries made by serve.sh's
# recipe from article titles. Datasette runs with its default settings (3 SQL threads, 1 s
# SQL time limit, counts and facet suggestions on), as `datasette serve FILE` gives a user.
# Needs wrk (Debian package `wrk`) and python3 with venv.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${ARTICLES:-../shared/data/stories/neus-train.articles.jsonl}
conns=${CONNS:-100}
seconds=${SECONDS_EACH:-30}
port=${DATASETTE_PORT:-8392}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

# Exported so that serve.sh, should it ever call this script, does not call itself back.
export WITH_PARALLAX=${WITH_PARALLAX:-1}
if [ "$WITH_PARALLAX" = 1 ]; then
  echo "==== parallax serve"
  WITH_PARALLAX=0 ARTICLES="$articles" CONNS="$conns" SECONDS_EACH="$seconds" bash bench/serve.sh
  echo
fi

echo "==== Datasette"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check 'datasette==0.65.5'
"$work/venv/bin/datasette" --version

"$work/venv/bin/python" bench/datasette_corpus.py "$articles" "$work/articles.db" "$work"
# Access log to a file, as a deployed server's would be (serve.sh does the same).
"$work/venv/bin/datasette" serve "$work/articles.db" --host 127.0.0.1 --port "$port" \
  > "$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/-/versions.json" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -s "http://127.0.0.1:$port/-/versions.json" | python3 -c '
import json, sys
v = json.load(sys.stdin)
print("datasette", v["datasette"]["version"], "| python", v["python"]["version"],
      "| sqlite", v["sqlite"]["version"], "| fts", v["sqlite"]["fts_versions"])'

# Searches must find rows, not fail: one shown, then the first 200 of the list tallied.
curl -s "http://127.0.0.1:$port/articles/articles.json?_search=%22nuclear%20deal%22%20iran&_size=10" |
  python3 -c 'import json, sys; d = json.load(sys.stdin)
print("example: \"nuclear deal\" iran ->", d["filtered_table_rows_count"], "matches,",
      len(d["rows"]), "rows returned, first:", d["rows"][0][1])'
python3 - "$port" "$work/search-paths.txt" <<'PY'
import json, sys, urllib.error, urllib.request
port, paths = sys.argv[1], open(sys.argv[2]).read().split()[:200]
status, hits = {}, 0
for path in paths:
    try:
        d = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}"))
        status[200] = status.get(200, 0) + 1
        hits += d["filtered_table_rows_count"] > 0
    except urllib.error.HTTPError as e:
        status[e.code] = status.get(e.code, 0) + 1
print(f"first {len(paths)} queries: status {status}, {hits} with at least one match")
PY

for target in row search; do
  echo
  echo "== datasette $target: $conns connections, ${seconds}s"
  PATHS="$work/$target-paths.txt" wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency \
    -s bench/paths.lua "http://127.0.0.1:$port"
done
echo
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
echo "request log lines: $(wc -l < "$work/server.log")"
