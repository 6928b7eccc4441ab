"""Build a static copy of a Folio site's articles from its content API alone (Python's standard library only).

    python docs/examples/api_static_copy.py https://news.example.org out/ [--key KEY]

Writes out/index.html (every article, newest first) and out/articles/<slug>.html (each article's page), following
the API's next links until the last page. Give --key when the site's API needs one.
"""

import argparse
import html
import json
import urllib.request
from pathlib import Path

FIELDS = "title,subtitle,url,publish_date,author,tags,read_time_minutes,body_html,call_to_action"


def fetch(url: str, key: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def all_articles(base: str, key: str, page_size: int):
    url = f"{base.rstrip('/')}/api/v1/articles/?page_size={page_size}&fields={FIELDS}"
    while url:
        page = fetch(url, key)
        yield from page["results"]
        url = page["next"]


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def article_page(article: dict) -> str:
    e = html.escape
    byline = f"{e(article['author']['name'])} · {e(article['publish_date'][:10])}"
    if article["read_time_minutes"]:  # 0: less than half a minute's read
        byline += f" · {article['read_time_minutes']} min read"
    parts = [f"<h1>{e(article['title'])}</h1>", f"<p>{e(article['subtitle'])}</p>", f"<p>{byline}</p>"]
    parts.append(article["body_html"])  # stored sanitised by the site
    if article["call_to_action"]:
        parts.append(f"<aside>{e(article['call_to_action']['text'])}</aside>")
    parts.append(f'<p><a href="{e(article["url"])}">Read it on the site</a></p>')
    return page(article["title"], "\n".join(parts))


def build(base: str, out: Path, *, key: str = "", page_size: int = 100) -> int:
    (out / "articles").mkdir(parents=True, exist_ok=True)
    items = []
    for article in all_articles(base, key, page_size):
        name = f"articles/{article['slug']}.html"
        (out / name).write_text(article_page(article), encoding="utf-8")
        items.append(f'<li><a href="{html.escape(name)}">{html.escape(article["title"])}</a></li>')
    (out / "index.html").write_text(page("Articles", "<ul>\n" + "\n".join(items) + "\n</ul>"), encoding="utf-8")
    return len(items)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="the site's address, such as https://news.example.org")
    parser.add_argument("out", type=Path, help="the folder to write")
    parser.add_argument("--key", default="", help="an API key, when the site's API needs one")
    parser.add_argument("--page-size", type=int, default=100, help="articles per request (100, the most)")
    args = parser.parse_args()
    count = build(args.site, args.out, key=args.key, page_size=args.page_size)
    print(f"{count} articles written to {args.out}")
