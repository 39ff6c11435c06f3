#!/usr/bin/env bash
# The server under load: the articles of ARTICLES (default neus-train, 7,356) stored and
# indexed, `parallax serve` on loopback, then wrk with CONNS connections (default 100) for
# SECONDS (default 30) on each of: story pages (a random story of all, per request) and the
# search endpoint (random queries made of headline words, one in four a phrase). Prints wrk's
# latency distribution, requests/s and errors, and the server's peak memory.
# With INGEST=1 each target runs twice: alone, then while another process posts the stream's
# articles one at a time to POST /api/ingest under new outlet names (bench/engine_serve.py's
# articles, as fast as the server answers), so reads are measured beside writes in one run.
# Needs wrk (Debian package `wrk`). Request logs go to a file, as a deployed server's would.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${ARTICLES:-../shared/data/stories/neus-train.articles.jsonl}
conns=${CONNS:-100}
seconds=${SECONDS_EACH:-30}
port=${PORT:-8391}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build -q --release
bin=target/release/parallax
$bin --data-dir "$work/data" ingest "$articles" 2>&1 | tail -1
PARALLAX_LOG=info $bin --data-dir "$work/data" serve --addr "127.0.0.1:$port" --token bench 2> "$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
grep -o 'snapshot built.*' "$work/server.log" || true
curl -s "http://127.0.0.1:$port/healthz"; echo

# Paths: every story page; queries from headline words.
python3 - "$port" "$work" <<'PY'
import json, random, sys, urllib.parse, urllib.request
port, work = sys.argv[1], sys.argv[2]
stories, offset = [], 0
while True:
    page = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories?limit=200&offset={offset}"))
    stories += page["stories"]
    offset += 200
    if offset >= page["total"]:
        break
with open(f"{work}/story-paths.txt", "w") as out:
    for story in stories:
        out.write(f"/stories/{story['id']}\n")
rng = random.Random(7)
words = [w.strip(".,:;'\"()?!").lower() for s in stories for w in s["headline"].split()]
words = [w for w in words if len(w) > 4 and w.isalpha()]
with open(f"{work}/search-paths.txt", "w") as out:
    for i in range(2000):
        if i % 4 == 0:
            headline = rng.choice(stories)["headline"].split()
            at = rng.randrange(max(1, len(headline) - 1))
            query = '"' + " ".join(headline[at:at + 2]).strip('"') + '"'
        else:
            query = " ".join(rng.sample(words, rng.choice([1, 2])))
        out.write("/api/search?q=" + urllib.parse.quote(query) + "\n")
print(f"{len(stories)} story pages, 2000 search queries")
PY

# Posts articles one at a time until stopped; prints how many it posted.
writer() {
  exec ${WRITER_NICE:+nice -n "$WRITER_NICE"} python3 - "$port" "$articles" <<'PY'
import json, signal, sys, urllib.request
port, corpus = sys.argv[1], sys.argv[2]
records = [json.loads(line) for line in open(corpus, encoding="utf-8")]
posted = 0
def stop(*_):
    print(f"  (posted {posted} articles meanwhile)", flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
for n, record in enumerate(records):
    body = {"articles": [{"title": record.get("title"), "text": record["text"],
                          "source": f"Writer {n}", "published": record.get("published")}]}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/ingest", json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer bench"})
    urllib.request.urlopen(request, timeout=60).read()
    posted += 1
stop()
PY
}

for target in story search; do
  for mode in alone ${INGEST:+ingesting}; do
    echo
    echo "== $target ($mode): $conns connections, ${seconds}s"
    if [ "$mode" = ingesting ]; then writer & posting=$!; fi
    PATHS="$work/$target-paths.txt" wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency \
      -s bench/paths.lua "http://127.0.0.1:$port"
    if [ "$mode" = ingesting ]; then kill -TERM $posting; wait $posting || true; fi
  done
done
echo
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
echo "request log lines: $(wc -l < "$work/server.log")"
echo "answers by status (from the request log):"
grep -o 'status=[0-9]*' "$work/server.log" | sort | uniq -c
# The uncommon answers, for reading.
grep -E 'status=(4|5)[0-9][0-9]' "$work/server.log" | grep -o 'uri=[^ ]*' | sort | uniq -c | sort -rn | head -5 || true
