#!/usr/bin/env python3
"""Posts articles one at a time to a running `parallax serve` and measures how long each takes
to show in its story's dossier page.

Each post is an article of the store (read from the JSON Lines file the store was built from)
with a new outlet name, so it joins that article's story. The clock runs from sending the post
until the story page (`/stories/{id}`) names the new outlet. Prints the answer time of the post
and the time to the page, median and p99, and the dossiers each post rebuilt.

usage: [SEED=N] engine_serve.py URL TOKEN CORPUS.jsonl [POSTS]   (SEED picks other articles: 7 by default)
"""
import json
import os
import random
import statistics
import sys
import time
import urllib.error
import urllib.request


def call(url, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def page(url):
    """The page's text, or "" while it does not exist yet (a story the post started)."""
    try:
        return call(url)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return ""
        raise


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    base, token, corpus = sys.argv[1], sys.argv[2], sys.argv[3]
    posts = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    with open(corpus, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    rng = random.Random(int(os.environ.get("SEED", "7")))
    answered, shown, rebuilt = [], [], []
    for n in range(posts):
        record = rng.choice(records)
        outlet = f"Bench Outlet {n}"
        article = {"title": record["title"], "text": record["text"], "source": outlet,
                   "published": record["published"]}
        started = time.perf_counter()
        report = json.loads(call(f"{base}/api/ingest", {"articles": [article]}, token))
        answered.append(time.perf_counter() - started)
        rebuilt.append(report.get("dossiers_rebuilt", 0))
        article_id = report["items"][0]["id"]
        story = json.loads(call(f"{base}/api/articles/{article_id}"))["story"]
        while outlet not in page(f"{base}/stories/{story}"):
            if time.perf_counter() - started > 60:
                raise SystemExit(f"post {n}: not shown after 60 s")
            time.sleep(0.01)
        shown.append(time.perf_counter() - started)
    ms = lambda v: f"{v * 1000:.0f} ms"
    print(f"{posts} posts: answered median {ms(statistics.median(answered))}, p99 {ms(percentile(answered, 0.99))}; "
          f"shown on the story page median {ms(statistics.median(shown))}, p99 {ms(percentile(shown, 0.99))}, "
          f"max {ms(max(shown))}; dossiers rebuilt per post: {sorted(set(rebuilt))}")


if __name__ == "__main__":
    main()
