"""A printable handout comparing two to four therapies for a consultation.

`build` makes the view (a grid of plain-words answers, questions, numbered
references), `chart` lays out the evidence chart, `render` writes HTML or
Markdown.
"""

from prolocli.handout.build import FORMATS, MAX_THERAPIES, MIN_THERAPIES, Handout, build
from prolocli.handout.chart import chart_layout
from prolocli.handout.render import build_html, build_markdown, save

__all__ = [
    "FORMATS",
    "MAX_THERAPIES",
    "MIN_THERAPIES",
    "Handout",
    "build",
    "build_html",
    "build_markdown",
    "chart_layout",
    "save",
]
