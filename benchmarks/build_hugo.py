"""The benchmark's workload as a Hugo site, to time Hugo on the same pages side by side.

Every generated session becomes a Markdown page (its facts in the front matter, its note
as the body) rendered through a small layout with a header, the facts, the note, the
pager to the previous and next session and a footer, plus a home page with the whole
schedule as a table and a sitemap, like site-builder's session pages and index. Hugo
writes no calendar files, posters or feeds here (site-builder does): the comparison
flatters Hugo, if anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HUGO_CONFIG = """\
baseURL = "https://example.gov.cn/jiefang/"
locale = "zh-cn"
title = "根治欠薪集中联合接访（基准测试）"
disableKinds = ["taxonomy", "term", "rss"]
[markup.goldmark.renderer]
unsafe = false
"""
BASEOF = """\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>某县根治拖欠农民工工资工作领导小组办公室</p>
<p>县级集中联合接访联络人：<a href="tel:0871-67539921">0871-67539921</a></p></footer>
</body></html>
"""
SINGLE = """\
{{ define "main" }}
<p><a href="{{ "" | relURL }}#schedule">← 全部接访日程</a></p>
<h1>{{ .Title }}</h1>
<dl><dt>时间</dt><dd>{{ .Date.Format "2006年1月2日" }} {{ .Params.time }}</dd>
<dt>地点</dt><dd>{{ .Params.venue }}</dd>
<dt>参加接访领导</dt><dd>{{ .Params.lead }}</dd>
<dt>参加接访单位</dt><dd>{{ delimit .Params.units "、" }}</dd></dl>
<div class="note">{{ .Content }}</div>
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>
{{ end }}
"""
LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""
HOME = """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
<table id="schedule"><tr><th>日期</th><th>时间</th><th>地点</th><th>领导</th></tr>
{{ range (where site.RegularPages "Section" "sessions").ByDate }}
<tr><td><a href="{{ .RelPermalink }}">{{ .Date.Format "2006年1月2日" }}</a></td>
<td>{{ .Params.time }}</td><td>{{ .Params.venue }}</td><td>{{ .Params.lead }}</td></tr>
{{ end }}</table>
{{ end }}
"""
STYLE = "body { font-family: sans-serif; max-width: 48rem; margin: auto; }\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def session_page(
    day: str, title: str, time: str, venue: str, lead: str, units: list[str], note: str
) -> str:
    """One session's Markdown page with its facts in TOML front matter."""
    listed = ", ".join(_quoted(unit) for unit in units)
    return (
        f"+++\ntitle = {_quoted(title)}\ndate = {day}\ntime = {_quoted(time)}\n"
        f"venue = {_quoted(venue)}\nlead = {_quoted(lead)}\nunits = [{listed}]\n+++\n{note}"
    )


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """A Hugo site under ``root`` with ``pages`` (session id to Markdown); return its folder."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "sessions").mkdir(parents=True)
    (root / "layouts").mkdir()
    (root / "static").mkdir()
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in (
        ("baseof.html", BASEOF),
        ("single.html", SINGLE),
        ("list.html", LIST),
        ("home.html", HOME),
    ):
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    (root / "content" / "sessions" / "_index.md").write_text(
        '+++\ntitle = "接访日程"\n+++\n', encoding="utf-8"
    )
    for session_id, text in pages.items():
        (root / "content" / "sessions" / f"{session_id}.md").write_text(text, encoding="utf-8")
    return root


def command(hugo: Path, site: Path) -> list[str]:
    """The command that builds ``site`` into its ``public/`` folder."""
    return [str(hugo), "--quiet", "--source", str(site), "--destination", str(site / "public")]
