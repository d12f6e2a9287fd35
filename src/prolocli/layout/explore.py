"""Pages for anatomy, routes, diagnosis, trials, references, glossary, levels."""

from __future__ import annotations

from collections.abc import Sequence

from prolocli import evidence as ev
from prolocli.doc import Bullets, Doc, Field, Heading, Link, Note, Para, Table, Title
from prolocli.glossary import meaning
from prolocli.layout.common import footer, references, risk_para, short
from prolocli.records import Diagnostic, Procedure, Structure
from prolocli.views import explore as vx
from prolocli.vocab import FREQUENCIES


def structures(items: Sequence[Structure]) -> Doc:
    d = Doc()
    rows = tuple(((f"{s.id}\n{s.name}", "bold"), f"{s.level}", s.access, s.function) for s in items)
    d.add(Table(("Structure", "Segment", "Access", "Function"), rows, wide=(3,)))
    accesses = sorted({s.access for s in items})
    d.add(*footer(labels=[(a, meaning(a, "access")) for a in accesses], next_command="prolo structures ID"))
    return d


def structure(view: vx.StructureView) -> Doc:
    s = view.structure
    d = Doc([Title(s.name, f"({s.id})" + (f" {s.latin}" if s.latin else ""))])
    d.add(Field("Segment", f"{s.region}, {s.level}"), Field("Access", view.access_words))
    d.add(Heading("What it does"), Para(s.function, indent=2))
    d.add(Heading("How it could be reached"), Para(s.approach, indent=2))
    if view.procedures:
        d.add(Heading("Injection routes that target it"))
        d.add(
            Bullets(
                tuple(
                    f"{p.name} ({p.id})" + ("" if p.published else ": unpublished technique and safety")
                    for p in view.procedures
                )
            )
        )
    if view.diagnostics:
        d.add(Heading("How its injury is diagnosed (contested)"))
        d.add(
            Bullets(
                tuple(
                    f"{x.name} ({x.id})" + (f": {short(x.criticism, 110)}" if x.criticism else "")
                    for x in view.diagnostics
                )
            )
        )
    d.add(Heading("What the catalogue says about it"))
    if view.mentions:
        for m in view.mentions:
            d.add(Field(m.where, m.text))
    else:
        d.add(Para("No therapy's evidence or limitations name this structure.", indent=2))
    if view.references:
        d.add(Heading("Sources"), *references(view.references))
    d.add(*footer(next_command="prolo procedures, or prolo diagnosis"))
    return d


def procedures(items: Sequence[Procedure]) -> Doc:
    d = Doc()
    rows = tuple(
        ((f"{p.id}\n{p.name}", "bold"), ", ".join(p.guidance) or "-", "yes" if p.published else "no", str(len(p.risks)))
        for p in items
    )
    d.add(Table(("Route", "Guidance", "Published", "Risks"), rows, wide=(0,)))
    d.add(
        *footer(
            labels=[("published", "no: the technique and its safety are not described in a peer-reviewed paper")],
            next_command="prolo procedures ID",
        )
    )
    return d


def procedure(view: vx.ProcedureView) -> Doc:
    p = view.procedure
    d = Doc([Title(p.name, f"({p.id})")])
    if not p.published:
        d.add(Note("Unpublished: no peer-reviewed description of this technique or its safety exists.", "warn"))
    d.add(Field("Reaches", ", ".join(s.name for s in view.structures) or "-"))
    d.add(Field("Guidance", ", ".join(p.guidance) or "-"), Field("Approach", p.approach), Field("Who does it", p.who))
    if view.therapies:
        d.add(Field("Used to give", ", ".join(t.id for t in view.therapies)))
    d.add(Heading("Risks of this route, whatever is injected"))
    numbers = {r.id: n for n, r in enumerate(view.references, 1)}
    for risk in p.risks:
        d.add(risk_para(risk, "".join(f"[{numbers[r]}]" for r in risk.refs if r in numbers)))
    d.add(Heading("References"), *references(view.references))
    d.add(*footer(labels=[(f, meaning(f, "frequency")) for f in FREQUENCIES], next_command="prolo risks --region neck"))
    return d


def diagnostics(items: Sequence[Diagnostic]) -> Doc:
    rows = tuple(((f"{x.id}\n{x.name}", "bold"), x.kind, short(x.shows, 120)) for x in items)
    return Doc([Table(("Test", "Kind", "What it shows"), rows, wide=(2,)), *footer(next_command="prolo diagnosis ID")])


def diagnostic(view: vx.DiagnosticView) -> Doc:
    x = view.diagnostic
    d = Doc([Title(x.name, f"({x.id}) {x.kind}")])
    if view.stale:
        d.add(Note(view.stale, "warn"))
    d.add(Field("What it shows", x.shows))
    if view.uses:
        d.add(Field("Read on", ", ".join(u.name for u in view.uses)))
    if view.structures:
        d.add(Field("Assesses", ", ".join(s.name for s in view.structures)))
    numbers = {r.id: n for n, r in enumerate(view.references, 1)}
    if x.thresholds:
        d.add(Heading("Proposed thresholds"))
        for th in x.thresholds:
            cite = "".join(f"[{numbers[r]}]" for r in th.refs if r in numbers)
            text = f"{th.value}; proposed by {th.proposed_by}" + (f". Conflict: {th.conflict}" if th.conflict else "")
            d.add(Para(f"\u2022 {text} {cite}", indent=2))
    for label, value in (
        ("How reliable", x.reliability),
        ("Normal variation", x.normal_variation),
        ("Criticism", x.criticism),
    ):
        if value:
            d.add(Heading(label), Para(value, indent=2))
    d.add(Heading("References"), *references(view.references))
    d.add(*footer(next_command="prolo structures alar-ligament"))
    return d


def trials(view: vx.TrialsView) -> Doc:
    d = Doc([Title("Registered trials", vx.TRIAL_CAVEAT)])
    for row in view.rows:
        t = row.trial
        d.add(Heading(f"{t.id}: {t.title}"))
        status = f"{t.status.replace('-', ' ')} (as of {t.status_date.isoformat()})"
        d.add(Field("Status", status), Field("Sponsor", t.sponsor), Field("Therapies", ", ".join(t.therapies)))
        if t.completion:
            d.add(Field(f"Completion ({t.completion_kind})", t.completion.isoformat()))
        results = "RESULTS OVERDUE: none posted or published" if row.overdue else t.results
        d.add(Field("Results", results, "warn" if row.overdue else ""))
        if row.stale:
            d.add(Note(row.stale, "warn"))
        if t.url:
            d.add(Link(t.url, t.url))
    if not view.rows:
        d.add(Para("No registered trials listed."))
    d.add(
        *footer(
            labels=[("results overdue", meaning("results overdue", "trial"))], next_command="prolo trials --therapy ID"
        )
    )
    return d


def refs(view: vx.RefsView) -> Doc:
    d = Doc(references(view.references, numbered=False))
    d.add(*footer(conflicts=any(r.conflict for r in view.references)))
    return d


def glossary(view: vx.GlossaryView) -> Doc:
    d = Doc([Title("What prolo's labels mean")])
    group = None
    for t in view.terms:
        if t.group != group:
            group = t.group
            d.add(Heading(group.capitalize()))
        d.add(Field(t.term, t.meaning))
    return d


def levels(view: vx.LevelsView) -> Doc:
    d = Doc([Title("Study type, finding and certainty", "three different things")])
    for label, text in view.examples:
        d.add(Field(label.capitalize(), text))
    rows = tuple(
        (ev.study_type(lv) if lv else "no study type", ", ".join(designs), meaning_)
        for lv, designs, meaning_ in view.levels
    )
    d.add(Table(("Study type", "Designs", "What it is"), rows, wide=(2,)))
    return d
