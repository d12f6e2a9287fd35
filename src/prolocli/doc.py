"""A small document model: what every terminal and Markdown page is made of.

Layout functions turn a view into these blocks once; the terminal and Markdown
renderers only draw them, so the two can never disagree about what a page
says. Plain dataclasses: nothing here imports rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A cell or span: plain text, or (text, style) where style names a meaning
# ("severity:serious", "bad", "good", "dim") that a renderer may colour.
Cell = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    sub: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: str = ""
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Field:
    """'Label: text' with the text wrapped under itself."""

    label: str
    text: str
    style: str = ""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; `wide` names the prose columns that take spare width.
    A renderer that cannot fit it with whole words prints labelled blocks."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    wide: tuple[int, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """An address or identifier printed whole on its own line, never wrapped."""

    text: str
    url: str | None = None
    indent: int = 4


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    style: str = "dim"


@dataclass(slots=True)
class Doc:
    blocks: list[object] = field(default_factory=list)

    def add(self, *blocks: object) -> Doc:
        self.blocks.extend(blocks)
        return self


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def cell_style(cell: Cell) -> str:
    return "" if isinstance(cell, str) else cell[1]
