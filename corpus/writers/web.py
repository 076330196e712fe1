"""An article page of the city's web site: header, navigation and footer around the document."""

from __future__ import annotations

from html import escape
from pathlib import Path

from corpus.source import LIST_MARKS, Paragraph, SourceDoc, Table
from corpus.writers.common import SITE, heading_level, padded

NAV = ("시정소식", "보도자료", "정책자료", "열린시장실", "민원안내", "D-LAB")
SECTION_NAME = {"press_release": "보도자료", "policy": "정책자료", "case_study": "혁신사례"}

PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta name="description" content="{title}">
<meta name="author" content="{department}">
<style>body{{font-family:sans-serif;max-width:960px;margin:auto}} table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:4px 8px}}</style>
</head>
<body>
<header class="site-header"><a class="logo" href="/">{site}</a>
<nav class="gnb"><ul>{nav}</ul></nav></header>
<div class="breadcrumb">홈 &gt; {section}</div>
<main id="content">
<article class="board-view">
<div class="view-info"><span class="date">등록일 {date}</span> <span class="dept">{department}</span></div>
{body}
</article>
</main>
<footer class="site-footer"><address>(12345) 한빛광역시 중앙구 시청로 1 한빛광역시청 · 대표전화 070-7120-0114</address>
<p class="copyright">Copyright © 한빛광역시. All rights reserved.</p></footer>
</body>
</html>
"""


def write_html(doc: SourceDoc, path: Path) -> None:
    body = []
    if not any(isinstance(b, Paragraph) and doc.title in b.lines for b in doc.blocks):
        body.append(f"<h1>{escape(doc.title)}</h1>")
    for block in doc.blocks:
        body.append(_paragraph(doc, block) if isinstance(block, Paragraph) else _table(block))
    page = PAGE.format(
        title=escape(doc.title), site=SITE, department=escape(doc.front.get("department", "")),
        date=escape(doc.front.get("date", "")), section=SECTION_NAME.get(doc.front.get("type", ""), "자료실"),
        nav="".join(f'<li><a href="/{i}">{escape(n)}</a></li>' for i, n in enumerate(NAV)),
        body="\n".join(body),
    )
    path.write_text(page, encoding="utf-8")


def _paragraph(doc: SourceDoc, block: Paragraph) -> str:
    """Headline → h1, chapter → h2, ``□`` → h3, runs of ``○ - ※`` lines → a list (marks kept in the text), else p."""
    out: list[str] = []
    items: list[str] = []
    for line in block.lines:
        level = heading_level(doc, line)
        if not level and line.startswith(LIST_MARKS):
            items.append(f"<li>{escape(line)}</li>")
            continue
        if items:
            out.append(f'<ul class="list">{"".join(items)}</ul>')
            items = []
        out.append(f"<h{level}>{escape(line)}</h{level}>" if level else f"<p>{escape(line)}</p>")
    if items:
        out.append(f'<ul class="list">{"".join(items)}</ul>')
    return "\n".join(out)


def _table(block: Table) -> str:
    ncols = max(len(r) for r in block.rows)
    head = "".join(f"<th>{escape(c)}</th>" for c in padded(block.rows[0], ncols))
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in padded(r, ncols)) + "</tr>"
                   for r in block.rows[1:])
    return f'<table class="tbl"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
