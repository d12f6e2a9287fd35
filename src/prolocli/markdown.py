"""Draw a document as GitHub-flavoured Markdown.

Catalogue text is escaped so it reads literally: no markup, no HTML, and
control characters shown as visible escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from prolocli import doc
from prolocli.text import escape_controls

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(value: object) -> str:
    """Catalogue text as literal Markdown: no markup, no HTML, no control codes."""
    return _SPECIAL.sub(r"\\\1", escape_controls(str(value)))


def cell(value: object) -> str:
    return "<br>".join(esc(line) for line in str(value).splitlines()) or " "


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


def render(document: doc.Doc) -> str:
    parts: list[str] = []
    for block in document.blocks:
        parts.append(_block(block))
    return "\n\n".join(p for p in parts if p) + "\n"


def _block(block: object) -> str:
    if isinstance(block, doc.Title):
        return f"# {esc(block.text)}" + (f"\n\n*{esc(block.sub)}*" if block.sub else "")
    if isinstance(block, doc.Heading):
        return f"## {esc(block.text)}"
    if isinstance(block, doc.Para):
        return esc(block.text)
    if isinstance(block, doc.Field):
        return f"**{esc(block.label)}:** {esc(block.text)}"
    if isinstance(block, doc.Bullets):
        return "\n".join(f"- {esc(item)}" for item in block.items)
    if isinstance(block, doc.Link):
        # An autolink keeps an address whole and clickable; indenting would
        # turn it into a code block.
        if block.url and block.text == block.url:
            return f"<{escape_controls(block.url)}>"
        return esc(block.text)
    if isinstance(block, doc.Note):
        return f"*{esc(block.text)}*"
    if isinstance(block, doc.Table):
        title = f"### {esc(block.title)}\n\n" if block.title else ""
        return title + table(block.headers, [[doc.cell_text(c) for c in row] for row in block.rows])
    raise TypeError(f"no Markdown layout for {type(block).__name__}")
