"""Hand a view to the renderer the user asked for, and write the result."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from prolocli import doc, outcache, output
from prolocli import layout as lay
from prolocli.search import SearchView
from prolocli.views import explore as vx
from prolocli.views import therapies as vt
from prolocli.views.questions import QuestionsView


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


def emit(view: Any, fmt: str, *, pager: bool = True) -> None:
    width, _, tty = output.terminal_size()
    text = text_for(view, fmt, width=width, color=fmt == "table" and output.wants_color(tty))
    pageable = fmt == "table" and pager
    outcache.store(text, pageable=pageable)
    output.show(text, pageable=pageable)
