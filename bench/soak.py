"""Soak test driver for bench/soak.sh: a loopback news site whose feed grows, API posts and
page/search reads at a steady rate against a running `parallax serve`, for MINUTES minutes.

Usage: soak.py PORT SITE_PORT SERVER_PID MINUTES TOKEN WATCH_COMMAND...
(the watcher is started once the site is up; its standard error goes to watch.log beside)
Every minute prints one line: requests and errors of each kind, p99 latency of story pages,
search and ingest posts, and the resident memory of the server and of the feed watcher. All
article text is generated here from a small invented vocabulary.
"""
import http.client
import http.server
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

port, site_port, server_pid, minutes, token = (
    int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
watch_command = sys.argv[6:]

PLACES = ["Portvale", "Greenmoor", "Ashford Bay", "Kellin", "Northgate", "Marrow Falls"]
TOPICS = [
    ("harbour bridge", "closed for repairs to its cables", "engineers found corrosion"),
    ("dock workers", "walked out over pay", "the union rejected the offer"),
    ("orchard festival", "drew record crowds", "the cider tent ran out by noon"),
    ("river flood", "forced hundreds from their homes", "the water rose a metre overnight"),
    ("council budget", "was passed after a long debate", "libraries will close on Mondays"),
    ("ferry service", "was suspended in the storm", "waves reached four metres"),
]
PEOPLE = ["Tomas Berg", "Lena Vos", "Ana Lind", "Jorin Hale", "Mira Okafor", "Piet Sand"]
rng = random.Random(11)


def invent(n):
    place, (topic, what, detail) = PLACES[n % len(PLACES)], TOPICS[(n // 7) % len(TOPICS)]
    person = PEOPLE[n % len(PEOPLE)]
    figure = 100 + (n * 37) % 900
    title = f"{place} {topic} {what}"
    text = (f"The {place} {topic} {what} on Tuesday, officials said. {detail.capitalize()}, "
            f"{person} told reporters. About {figure} people were affected, according to the "
            f"council. \"We are doing what we can,\" {person} said. Update {n}.")
    return title, text


# --- the loopback site: a feed of the latest 20 items, one new item every 20 s ------------
started = time.time()


def items_now():
    count = 5 + int((time.time() - started) / 20)
    return list(range(max(0, count - 20), count))


class Site(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/feed.xml":
            entries = "".join(
                f"<item><title>{invent(10_000 + n)[0]}</title>"
                f"<link>http://127.0.0.1:{site_port}/a/{n}.html</link><guid>a{n}</guid></item>"
                for n in items_now())
            body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Soak Site</title>"
                    f"<link>http://127.0.0.1:{site_port}/</link>{entries}</channel></rss>")
            kind = "application/rss+xml"
        elif self.path.startswith("/a/") and self.path.endswith(".html"):
            n = int(self.path[3:-5])
            title, text = invent(10_000 + n)
            body = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                    f"<p>{text}</p><p>{text}</p></article></body></html>")
            kind = "text/html; charset=utf-8"
        elif self.path == "/robots.txt":
            body, kind = "User-agent: *\nAllow: /\n", "text/plain"
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


site = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), Site)
threading.Thread(target=site.serve_forever, daemon=True).start()
watch_log = open(os.environ.get("WATCH_LOG", "watch.log"), "w")
watcher = subprocess.Popen(watch_command, stdout=watch_log, stderr=watch_log)
watcher_pid = watcher.pid

# --- load ---------------------------------------------------------------------------------
lock = threading.Lock()
stats = {}  # kind -> [latencies], errors
stop = threading.Event()


failures = {}  # (kind, status) -> count, over the whole run


def record(kind, seconds, status):
    with lock:
        entry = stats.setdefault(kind, [[], 0])
        entry[0].append(seconds)
        if status != 200:
            entry[1] += 1
            failures[f"{kind} {status}"] = failures.get(f"{kind} {status}", 0) + 1


def request(conn, method, path, body=None, headers=None):
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return time.perf_counter() - start, response.status
    except (OSError, http.client.HTTPException) as error:
        conn.close()
        return time.perf_counter() - start, type(error).__name__


def paced(rate, work):
    """Calls work() `rate` times a second, on a fixed schedule (late calls are not bunched)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    interval, next_at = 1.0 / rate, time.perf_counter()
    while not stop.is_set():
        work(conn)
        next_at += interval
        time.sleep(max(0.0, next_at - time.perf_counter()))
        next_at = max(next_at, time.perf_counter() - interval)


def story_ids():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/stories?limit=1000")
    return [s["id"] for s in json.loads(conn.getresponse().read())["stories"]]


ids = story_ids()
words = ["bridge", "harbour", "dock workers", "festival", "flood", "budget", "ferry",
         "\"cider tent\"", "council", "Portvale", "Greenmoor", "storm"]


gone = [0]


def read_story(conn):
    global ids
    if rng.random() < 0.01:
        ids = story_ids() or ids
    story = rng.choice(ids)
    seconds, status = request(conn, "GET", f"/stories/{story}")
    if status == 404 and story not in story_ids():
        # Merged into another story since the list was read: not a failure of the server.
        gone[0] += 1
        ids = story_ids() or ids
        return
    record("story", seconds, status)


def search(conn):
    query = urllib.parse.quote(rng.choice(words))
    seconds, status = request(conn, "GET", f"/api/search?q={query}")
    record("search", seconds, status)


posted = [0]
# New articles cycle after this many: later posts are "already present", so the store (and the
# server's memory) stays near its size and a leak would show; 0 posts new articles throughout.
distinct = int(os.environ.get("POST_DISTINCT", "0"))


def post(conn):
    title, text = invent(posted[0] % distinct if distinct else posted[0])
    body = json.dumps({"articles": [{"title": title, "text": text,
                                     "source": f"Soak Wire {(posted[0] % distinct if distinct else posted[0]) % 5}",
                                     "published": time.strftime("%Y-%m-%d")}]})
    seconds, status = request(conn, "POST", "/api/ingest", body,
                              {"Content-Type": "application/json",
                               "Authorization": f"Bearer {token}"})
    posted[0] += 1
    record("ingest", seconds, status)


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


threads = [threading.Thread(target=paced, args=(rate, work), daemon=True)
           for rate, work in [(10, read_story), (5, search), (1, post)]]
for t in threads:
    t.start()


def p99(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))] * 1000 if values else float("nan")


print("minute  story: n err p99ms   search: n err p99ms   ingest: n err p99ms   "
      "server MiB  watcher MiB", flush=True)
totals = {}
for minute in range(1, int(minutes) + 1):
    time.sleep(60)
    with lock:
        snapshot = {k: (v[0][:], v[1]) for k, v in stats.items()}
        stats.clear()
    line = f"{minute:6d}"
    for kind in ["story", "search", "ingest"]:
        lat, err = snapshot.get(kind, ([], 0))
        total = totals.setdefault(kind, [0, 0, []])
        total[0] += len(lat)
        total[1] += err
        total[2].extend(lat)
        line += f"   {len(lat):6d} {err:3d} {p99(lat):6.1f}"
    line += f"   {rss_mib(server_pid):10.1f}  {rss_mib(watcher_pid):11.1f}"
    print(line, flush=True)
stop.set()
watcher.terminate()
summary = {kind: {"requests": t[0], "errors": t[1], "p99_ms": round(p99(t[2]), 1)}
           for kind, t in totals.items()}
summary["feed_items_published"] = items_now()[-1] + 1
summary["posted"] = posted[0]
summary["failures_by_status"] = failures
summary["story_links_gone_by_merges"] = gone[0]
print(json.dumps(summary), flush=True)
