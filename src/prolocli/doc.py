"""A small document model: what every terminal and Markdown page is made of.

Layout functions turn a view into these blocks once; the terminal and Markdown
renderers only draw them, so the two can never disagree about what a page
says. Plain named tuples: nothing here imports rich.
"""

from typing import NamedTuple

# A cell or span: plain text, or (text, style) where style names a meaning
# ("severity:serious", "bad", "good", "dim") that a renderer may colour.
Cell = str | tuple[str, str]


class Title(NamedTuple):
    text: str
    sub: str = ""


class Heading(NamedTuple):
    text: str


class Para(NamedTuple):
    text: str
    style: str = ""
    indent: int = 0


class Field(NamedTuple):
    """'Label: text' with the text wrapped under itself."""

    label: str
    text: str
    style: str = ""


class Bullets(NamedTuple):
    items: tuple[str, ...]


class Table(NamedTuple):
    """Rows of cells; `wide` names the prose columns that take spare width.
    A renderer that cannot fit it with whole words prints labelled blocks."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    wide: tuple[int, ...] = ()
    title: str = ""
    # What a terminal too narrow for the grid prints instead (default: each
    # row as a labelled block).
    fallback: tuple[object, ...] = ()


class Link(NamedTuple):
    """An address or identifier printed whole on its own line, never wrapped."""

    text: str
    url: str | None = None
    indent: int = 4


class Note(NamedTuple):
    text: str
    style: str = "dim"


class Doc:
    """A page: blocks in reading order."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[object] | None = None) -> None:
        self.blocks: list[object] = blocks if blocks is not None else []

    def add(self, *blocks: object) -> "Doc":
        self.blocks.extend(blocks)
        return self


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def cell_style(cell: Cell) -> str:
    return "" if isinstance(cell, str) else cell[1]
