"""Writes hostile HTML pages (and a plain article page of the same size) into a folder, for
bench/hostile-html.sh. Every page is about 1 MB, the article page's paragraphs invented."""
import random
import sys

out = sys.argv[1]
random.seed(3)
words = ("the port strike council minister said on tuesday that workers would return after "
         "talks with unions over pay and hours").split()
head = ("<!doctype html><html><head><title>Dock strike ends</title></head><body><article>"
        "<h1>Dock strike ends</h1>")
tail = "</article></body></html>"


def para(n=60):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."


def page(name, body):
    with open(f"{out}/{name}.html", "w") as f:
        f.write(head + body + tail)


lead = "<p>" + para() + "</p>"
paragraphs = []
while sum(map(len, paragraphs)) < 1_000_000:
    paragraphs.append("<p>" + para() + "</p>\n")
page("plain-1mb", "".join(paragraphs))
page("nested-100k", "<div>" * 100_000 + lead + "</div>" * 100_000)
page("unclosed-100k", "<div><span><b>" * 100_000 + lead)
page("attributes-1m", "<div " + " ".join(f'a{i}="x"' for i in range(1_000_000)) + ">" + lead)
page("attributes-600k-closed",
     "<div " + " ".join(f'a{i}="x"' for i in range(100_000)) + ">" + lead + "</div>")
page("end-tag-attributes", lead + "</div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">")
page("misnested-links", lead + '<a href="x"><p>t</a>' * 60_000)
page("misnested-formatting", lead + "<b><p>x</b>" * 80_000)
page("foster-parented", lead + "<table>" + "text<b>x</b>" * 70_000)
page("nested-tables", lead + "<table><tr><td>" * 30_000)
page("nested-lists", lead + "<ul><li>" * 100_000)
page("unclosed-formatting", lead + "<b><i><u>x" * 80_000)
page("unclosed-paragraphs", "".join("<p>" + para() for _ in range(2_500)))
