"""Writes invented news sites for bench/feeds.sh: HOSTS folders, each with robots.txt, FEEDS RSS
feeds and the pages their items link to (ITEMS items in all, spread evenly)."""
import os
import sys

out, hosts, feeds, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
per_feed = items // (hosts * feeds)
towns = ["Portvale", "Eastmere", "Hollin", "Caddon", "Brightwater", "Norrow", "Alder", "Sedge"]
for h in range(hosts):
    site = os.path.join(out, f"site{h}")
    os.makedirs(os.path.join(site, "story"), exist_ok=True)
    with open(os.path.join(site, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /private/\n")
    for k in range(feeds):
        entries = []
        for i in range(per_feed):
            town = towns[(h + k + i) % len(towns)]
            name = f"{k}-{i}"
            with open(os.path.join(site, "story", f"{name}.html"), "w") as f:
                f.write(
                    f"<html><head><title>{town} council vote {h}-{name}</title></head><body>"
                    f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
                    f"<h1>{town} council vote {h}-{name}</h1>"
                    f"<p>Councillors in {town} voted {i + 3} to {k + 1} on Tuesday to rebuild the "
                    f"harbour wall of site {h} before the winter storms, after a survey found cracks "
                    f"along {i * 10 + 40} metres of the old stone.</p><p>The work will close the fish "
                    f"market for {k + 2} weeks, the harbour master said, and traders asked for help "
                    f"with rent while quay {name} is shut.</p></article>"
                    f"<footer>Copyright Site {h}</footer></body></html>"
                )
            entries.append(
                f"<item><title>{town} council vote {h}-{name}</title><link>/story/{name}.html</link>"
                f"<guid>site{h}-{name}</guid><pubDate>Tue, 07 Dec 2021 1{i % 10}:00:00 GMT</pubDate></item>"
            )
        with open(os.path.join(site, f"feed{k}.xml"), "w") as f:
            f.write(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site {h} feed {k}</title>'
                + "".join(entries)
                + "</channel></rss>"
            )
