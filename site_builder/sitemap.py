"""``sitemap.xml`` and ``robots.txt``: every public page, in a fixed order, for search engines."""

from __future__ import annotations

from site_builder.model import Site
from site_builder.xml_text import escape


def render_sitemap(site: Site, root_url: str) -> dict[str, bytes]:
    """Every page of one site, and a robots.txt pointing to the sitemap."""
    pages = (
        ["index.html"]
        + [f"sessions/{session.id}.html" for session in site.sessions]
        + [f"notices/{notice.slug}.html" for notice in site.notices]
    )
    return sitemap_files(root_url, pages)


def sitemap_files(root_url: str, pages: list[str]) -> dict[str, bytes]:
    """``sitemap.xml`` listing ``pages`` sorted (the same bytes on each build), and robots.txt."""
    urls = "".join(f"<url><loc>{escape(root_url + page)}</loc></url>\n" for page in sorted(pages))
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )
    robots = f"User-agent: *\nAllow: /\nSitemap: {root_url}sitemap.xml\n"
    return {"sitemap.xml": sitemap.encode("utf-8"), "robots.txt": robots.encode("utf-8")}
