"""Draw a document for a terminal with rich. The only module that imports rich.

Catalogue text reaches rich only as `Text` objects, never as markup, so
brackets print as typed and control characters are shown escaped. Words are
never split: a table whose longest word does not fit its column is printed as
labelled blocks instead, and links stand whole on their own line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from prolocli import doc
from prolocli.text import escape_controls

_STYLES = {
    "severity:life-threatening": "bold red",
    "severity:serious": "red",
    "severity:moderate": "yellow",
    "severity:minor": "green",
    "good": "green",
    "bad": "red",
    "warn": "yellow",
    "dim": "dim",
    "bold": "bold",
    "italic": "italic",
}
BULLET = "\u2022 "
# A prose column narrower than this reads as a word list: use blocks instead.
PROSE_MIN = 24
# Short columns (ids, labels) get at most this much before their words wrap.
SHORT_MAX = 22


def safe(value: object, style: str = "") -> Text:
    """Catalogue text as inert rich Text: control characters shown escaped."""
    return Text(escape_controls(str(value)), style=_STYLES.get(style, style))


def render(document: doc.Doc, width: int, *, color: bool, hyperlinks: bool = False) -> str:
    """The document as the text a terminal of this width should show."""
    sink = io.StringIO()
    console = Console(
        file=sink,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        legacy_windows=False,
        force_jupyter=False,
    )
    for block in document.blocks:
        if isinstance(block, doc.Link):
            # An address is copied, not read: whole on its line even past the
            # edge. Written directly, because rich gives each hyperlink a random
            # id and the same page must always render to the same bytes.
            sink.write(_link(block, hyperlinks and color) + "\n")
        else:
            console.print(_block(block, width, hyperlinks and color))
    return "\n".join(line.rstrip(" ") for line in sink.getvalue().split("\n"))


def _block(block: object, width: int, hyperlinks: bool) -> RenderableType:
    if isinstance(block, doc.Title):
        title = safe(block.text, "bold")
        if block.sub:
            title.append("  ")
            title.append_text(safe(block.sub, "dim"))
        return title
    if isinstance(block, doc.Heading):
        return Padding(safe(block.text, "bold underline"), (1, 0, 0, 0))
    if isinstance(block, doc.Para):
        if block.text.startswith(BULLET):
            return _bullet(block.text[len(BULLET) :], block.style, block.indent)
        return Padding(safe(block.text, block.style), (0, 0, 0, block.indent))
    if isinstance(block, doc.Field):
        text = safe(f"{block.label}: ", "bold")
        text.append_text(safe(block.text, block.style))
        return text
    if isinstance(block, doc.Bullets):
        return Group(*(_bullet(item, "", 2) for item in block.items))
    if isinstance(block, doc.Note):
        return safe(block.text, block.style)
    if isinstance(block, doc.Table):
        return table(block, width)
    raise TypeError(f"no terminal layout for {type(block).__name__}")


def _bullet(text: str, style: str, indent: int) -> RenderableType:
    """A bullet whose wrapped lines hang under its text, not under the dot."""
    grid = RichTable.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1)
    grid.add_column()
    grid.add_row("\u2022", safe(text, style))
    return Padding(grid, (0, 0, 0, indent))


def _link(block: doc.Link, hyperlinks: bool) -> str:
    text = escape_controls(block.text)
    if hyperlinks and block.url:
        # OSC 8, the terminal hyperlink: the text stays the address itself.
        text = f"\x1b]8;;{escape_controls(block.url)}\x1b\\{text}\x1b]8;;\x1b\\"
    return " " * block.indent + text


def table(block: doc.Table, width: int) -> RenderableType:
    widths = column_widths(width, block.headers, block.rows, block.wide)
    parts: list[RenderableType] = []
    if widths is None and block.fallback:
        return Group(*(_block(b, width, False) for b in block.fallback))
    if widths is None:
        if block.title:
            parts.append(Padding(safe(block.title, "bold"), (1, 0, 0, 0)))
        for row in block.rows:
            text = safe(doc.cell_text(row[0]), "bold")
            for name, cell in zip(block.headers[1:], row[1:]):
                text.append("\n")
                text.append_text(safe(f"{name}: ", "dim"))
                text.append_text(safe(doc.cell_text(cell), doc.cell_style(cell)))
            parts.append(Padding(text, (0, 0, 1, 0)))
        return Group(*parts)
    grid = RichTable(
        title=safe(block.title, "bold") if block.title else None,
        title_justify="left",
        show_lines=True,
        header_style="bold",
        box=box.SQUARE,
    )
    for name, size in zip(block.headers, widths):
        grid.add_column(safe(name), width=size, overflow="fold")
    for row in block.rows:
        grid.add_row(*(safe(doc.cell_text(c), doc.cell_style(c)) for c in row))
    return grid


def column_widths(
    width: int, headers: Sequence[str], rows: Sequence[Sequence[doc.Cell]], wide: Sequence[int]
) -> list[int] | None:
    """Column widths that keep every word whole, or None when none exist."""
    columns = len(headers)
    inner = width - (3 * columns + 1)  # borders and one space of padding each side
    sizes: list[int] = []
    for i, name in enumerate(headers):
        texts = [doc.cell_text(row[i]) for row in rows] + [name]
        longest_word = max(len(w) for t in texts for w in (t.split() or [""]))
        longest_line = max(len(line) for t in texts for line in (t.splitlines() or [""]))
        if i in wide:
            sizes.append(longest_word)  # a floor; spare width is shared below
        else:
            sizes.append(max(min(longest_line, SHORT_MAX), longest_word))
    spare = inner - sum(sizes)
    if spare < 0:
        return None
    prose = [i for i in range(columns) if i in wide]
    if not prose:
        return sizes
    share = (inner - sum(s for i, s in enumerate(sizes) if i not in wide)) // len(prose)
    if share < PROSE_MIN or any(share < sizes[i] for i in prose):
        return None
    for i in prose:
        sizes[i] = share
    return sizes
