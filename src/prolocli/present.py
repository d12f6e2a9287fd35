"""Hand a view to the renderer the user asked for, and write the result.

Terminal output is sized to the terminal, coloured only for a terminal (and
never under NO_COLOR), and paged like git when taller than the screen.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from functools import singledispatch
from typing import Any

from prolocli import doc
from prolocli import layout as lay
from prolocli.search import SearchView
from prolocli.views import explore as vx
from prolocli.views import therapies as vt
from prolocli.views.questions import QuestionsView

DEFAULT_PAGER = "less -FRX"


@singledispatch
def layout(view: Any) -> doc.Doc:
    raise TypeError(f"no layout for {type(view).__name__}")


_LAYOUTS: dict[type, Any] = {
    vt.ShowView: lay.show,
    vt.ListView: lay.list_view,
    vt.CompareView: lay.compare,
    vt.RisksView: lay.risks,
    vt.EvidenceMatrix: lay.matrix,
    vx.StructureView: lay.structure,
    vx.ProcedureView: lay.procedure,
    vx.DiagnosticView: lay.diagnostic,
    vx.TrialsView: lay.trials,
    vx.RefsView: lay.refs,
    vx.GlossaryView: lay.glossary,
    vx.LevelsView: lay.levels,
}
for _kind, _fn in _LAYOUTS.items():
    layout.register(_kind)(lambda view, _fn=_fn: _fn(view))


layout.register(vx.StructureList)(lambda view: lay.structures(view.items))
layout.register(vx.ProcedureList)(lambda view: lay.procedures(view.items))
layout.register(vx.DiagnosticList)(lambda view: lay.diagnostics(view.items))


@layout.register
def _(view: SearchView) -> doc.Doc:
    if not view.hits:
        return doc.Doc([doc.Para(f"Nothing in the catalogue matches every word of: {view.query}")])
    d = doc.Doc([doc.Title(f"{len(view.hits)} result(s) for: {view.query}")])
    for hit in view.hits:
        d.add(doc.Heading(f"{hit.name} ({hit.kind}: {hit.id})"))
        for match in hit.matches[:4]:
            d.add(doc.Field(match.field, match.text))
        if len(hit.matches) > 4:
            d.add(doc.Note(f"... and {len(hit.matches) - 4} more matching places"))
    return d


@layout.register
def _(view: QuestionsView) -> doc.Doc:
    d = doc.Doc([doc.Title(f"Questions to ask about {view.therapy.name}", f"focus: {view.region}")])
    topic = None
    for q in view.questions:
        if q.topic != topic:
            topic = q.topic
            d.add(doc.Heading(topic))
        d.add(doc.Para(f"\u2022 {q.text}", indent=2))
    d.add(*lay.footer(next_command=f"prolo handout {view.therapy.id} ANOTHER -o neck.html"))
    return d


def text_for(view: Any, fmt: str, *, width: int, color: bool) -> str:
    if fmt == "json":
        from prolocli.jsonout import dumps, to_json

        return dumps(to_json(view)) + "\n"
    document = layout(view)
    if fmt == "markdown":
        from prolocli import markdown

        return markdown.render(document)
    from prolocli import term

    return term.render(document, width, color=color, hyperlinks=color)


def terminal_size() -> tuple[int, int, bool]:
    """(width, height, is a terminal): COLUMNS/LINES win, then the terminal, then 80x24."""
    tty = sys.stdout.isatty()
    width, height = 80, 24
    if tty:
        try:
            size = os.get_terminal_size(sys.stdout.fileno())
            width, height = size.columns, size.lines
        except OSError:
            pass
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            if name == "COLUMNS":
                width = int(value)
            else:
                height = int(value)
    return width, height, tty


def wants_color(tty: bool) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return tty or bool(os.environ.get("FORCE_COLOR"))


def emit(view: Any, fmt: str, *, pager: bool = True) -> None:
    width, height, tty = terminal_size()
    text = text_for(view, fmt, width=width, color=fmt == "table" and wants_color(tty))
    if pager and tty and fmt == "table" and text.count("\n") >= height:
        command = os.environ.get("PROLO_PAGER") or os.environ.get("PAGER") or DEFAULT_PAGER
        if command.strip() not in ("", "cat") and page(text, command):
            return
    write(text)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def page(text: str, command: str) -> bool:
    """Send text through a pager; False if the pager cannot be started."""
    try:
        proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE)
    except (OSError, ValueError):
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit early, as with q in less
    proc.wait()
    return True
