"""Datasette's side of bench/serve_datasette.sh, stdlib only.

usage: datasette_corpus.py ARTICLES.jsonl OUT.db WORKDIR

Writes OUT.db (table `articles`, FTS5 index `articles_fts` laid out as `sqlite-utils
enable-fts --tokenize porter` makes it, so Datasette finds it for `?_search=` with no
metadata) and two wrk path lists in WORKDIR: search-paths.txt (2,000 queries made by
bench/serve.sh's recipe, from article titles since Datasette has no stories) and
row-paths.txt (2,000 article row pages, the counterpart of a story page).
"""

import json
import os
import random
import sqlite3
import sys
import urllib.parse

articles_path, db_path, work = sys.argv[1:4]
db_name = os.path.splitext(os.path.basename(db_path))[0]
articles = [json.loads(line) for line in open(articles_path, encoding="utf-8") if line.strip()]

db = sqlite3.connect(db_path)
db.executescript(
    """
    CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, text TEXT, source TEXT,
                           published TEXT, url TEXT);
    -- content=[articles] is the spelling Datasette's detect_fts looks for (sqlite-utils').
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content=[articles],
                                                 tokenize='porter');
    """
)
db.executemany(
    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
    [(a["id"], a.get("title"), a.get("text"), a.get("source"), a.get("published"), a.get("url"))
     for a in articles],
)
# One merged segment, as parallax merges its tantivy index after ingest.
db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
db.commit()
db.execute("VACUUM")
db.close()

# Same rule and seed as bench/serve.sh, with article titles in place of story headlines.
rng = random.Random(7)
titles = [a["title"] or "" for a in articles]
words = [w.strip(".,:;'\"()?!").lower() for t in titles for w in t.split()]
words = [w for w in words if len(w) > 4 and w.isalpha()]
with open(f"{work}/search-paths.txt", "w") as out:
    for i in range(2000):
        if i % 4 == 0:
            title = rng.choice(titles).split()
            at = rng.randrange(max(1, len(title) - 1))
            query = '"' + " ".join(title[at:at + 2]).strip('"') + '"'
        else:
            query = " ".join(rng.sample(words, rng.choice([1, 2])))
        out.write(f"/{db_name}/articles.json?_search={urllib.parse.quote(query)}&_size=10\n")
# Ids are [A-Za-z0-9_-], which Datasette's tilde-encoding leaves as they are.
with open(f"{work}/row-paths.txt", "w") as out:
    for a in rng.sample(articles, 2000):
        out.write(f"/{db_name}/articles/{a['id']}\n")
print(f"{len(articles)} articles in {db_path}; 2000 search queries, 2000 row pages")
