"""Pages about therapies: show, list, compare, risks and the evidence matrix."""

from __future__ import annotations

from collections.abc import Sequence

from prolocli import doc
from prolocli import evidence as ev
from prolocli.doc import Bullets, Doc, Field, Heading, Note, Para, Table, Title
from prolocli.glossary import meaning
from prolocli.layout.common import footer, references, region_label, risk_para, short, with_route
from prolocli.views import therapies as vt
from prolocli.views.common import ALL_CONFLICTED, marks
from prolocli.views.explore import TRIAL_CAVEAT
from prolocli.vocab import FREQUENCIES


def _glance_blocks(g: vt.Glance, region: str) -> list[object]:
    word = ev.region_word(region).capitalize()
    blocks: list[object] = [Field("What it is", g.what), Field("Status", g.status)]
    summary = g.summary
    blocks.append(Field(f"{word}: what studies found", summary.headline, "bold"))
    if summary.elsewhere:
        blocks.append(
            Field(
                "Best evidence elsewhere (not the neck)" if region == "cervical" else "Best evidence elsewhere",
                summary.elsewhere,
                "dim",
            )
        )
    risks = [with_route(text, route, 160) for text, route in g.worst_risks] or ["none listed for this region"]
    blocks.append(Field(f"Worst risks ({ev.region_word(region)})", ""))
    blocks.append(Bullets(tuple(risks)))
    reach = ", ".join(f"{s.name} ({s.access})" for s in g.cannot_reach) or "nothing listed"
    blocks.append(Field("Cannot reach", reach))
    return blocks


def show(view: vt.ShowView) -> Doc:
    t, region = view.therapy, view.region
    refs = view.references
    d = Doc([Title(t.name, f"({t.id}) {t.kind}, {t.category}")])
    if view.stale:
        d.add(Note(view.stale, "warn"))
    d.add(*_glance_blocks(view.glance, region))

    d.add(Heading("What the studies found"))
    for row in view.evidence:
        e = row.entry
        graded = ev.certainty_text(e)
        text = row.headline + (f"; {graded}" if graded else "")
        d.add(Field(f"{e.indication} ({e.region})", text + " " + marks(row.refs, refs)))
        d.add(Para(e.summary, indent=2))
        if row.conflicted:
            d.add(Para(f"({ALL_CONFLICTED})", "warn", indent=2))
    d.add(Heading("Risks of the treatment itself"))
    d.add(*(risk_para(risk, marks(nums, refs)) for risk, nums in view.risks))
    if view.route_risks:
        d.add(Heading(f"Risks of the injection routes ({ev.region_word(region)})"))
        route = None
        for cr in view.route_risks:
            if cr.route.procedure.id != route:
                route = cr.route.procedure.id
                d.add(
                    Field(
                        "From the injection route",
                        cr.route.procedure.name
                        + ("" if cr.route.procedure.published else " (technique and safety unpublished)"),
                    )
                )
            d.add(risk_para(cr.route.risk, marks(cr.refs, refs)))
    if view.limitations:
        d.add(Heading("Limits: what it cannot reach or do"))
        for lim, nums in view.limitations:
            d.add(Para(f"{lim.region}: {lim.text} {marks(nums, refs)}".rstrip(), indent=2))
    d.add(Heading("How it is thought to work"))
    d.add(
        Para(
            f"{t.mechanism.text} (certainty: {t.mechanism.certainty}, "
            f"{meaning(t.mechanism.certainty, 'mechanism certainty').lower()})",
            indent=2,
        )
    )
    if t.substances:
        d.add(Heading("What is injected"))
        d.add(Bullets(tuple(f"{s.name} ({s.role})" + (f": {s.detail}" if s.detail else "") for s in t.substances)))
    if t.protocol:
        d.add(Heading("A typical course"))
        p = t.protocol
        parts = [
            f"{p.sessions} sessions" if p.sessions else "",
            p.interval or "",
            "guided by " + ", ".join(p.guidance) if p.guidance else "",
        ]
        d.add(Para("; ".join(x for x in parts if x) or "not described", indent=2))
    if view.regulatory:
        d.add(Heading("What regulators and payers say"))
        for reg, nums in view.regulatory:
            topic = "" if reg.topic == "status" else f" ({reg.topic})"
            d.add(Para(f"{reg.jurisdiction}{topic}: {reg.text} {marks(nums, refs)}", indent=2))
    if view.claims:
        d.add(Heading("Claims checked"))
        for claim, nums in view.claims:
            d.add(Field(f"\u201c{claim.claim}\u201d", f"{claim.verdict} {marks(nums, refs)}"))
            d.add(Para(f"Source of the claim: {claim.source}. {claim.explanation}", indent=2))
    if view.trials:
        d.add(Heading("Registered trials"))
        for trial in view.trials:
            status = f"{trial.status.replace('-', ' ')} as of {trial.status_date.isoformat()}, results: {trial.results}"
            d.add(Para(f"{trial.id}: {trial.title} ({status})", indent=2))
        d.add(Note(f"{TRIAL_CAVEAT} More: prolo trials --therapy {t.id}"))
    if t.aliases:
        d.add(Field("Also called", ", ".join(t.aliases), "dim"))
    if t.reviewed:
        d.add(Note(f"Entry reviewed {t.reviewed.isoformat()}."))
    d.add(Heading("References"))
    d.add(*references(refs))
    labels = [("study type", meaning("study type", "evidence")), ("finding", meaning("finding", "evidence"))]
    words = (f"{f}: {meaning(f, 'frequency').lower().rstrip('.')}" for f in FREQUENCIES[:4])
    labels.append(("frequency", "; ".join(words)))
    labels += [(tier, meaning(tier, "access")) for tier in sorted({s.access for s in view.glance.cannot_reach})]
    d.add(*footer(conflicts=any(r.conflict for r in refs), labels=labels, next_command=f"prolo questions {t.id}"))
    return d


def list_view(view: vt.ListView) -> Doc:
    d = Doc()
    word = ev.region_word(view.region)
    for title, rows in view.groups:
        if not rows:
            continue
        table_rows = []
        for row in rows:
            found = row.summary.headline
            table_rows.append(((f"{row.therapy.id}\n{row.therapy.name}", "bold"), row.therapy.status, found))
        d.add(
            Table(
                ("Therapy", "Status", f"{word.capitalize()}: what studies found"),
                tuple(table_rows),
                wide=(2,),
                title=title,
            )
        )
    if not view.rows:
        d.add(Para("No therapies match these filters."))
    statuses = sorted({row.therapy.status for row in view.rows})
    d.add(
        *footer(labels=[(s, meaning(s, "status")) for s in statuses], next_command="prolo show ID, or prolo evidence")
    )
    return d


def compare(view: vt.CompareView) -> Doc:
    word = ev.region_word(view.region)
    shows = view.therapies
    names = tuple(s.therapy.name for s in shows)

    def row(label: str, cells: Sequence[str]) -> tuple[str, ...]:
        return (label, *cells)

    glance_rows = (
        row("What it is", [short(s.glance.what, 100) for s in shows]),
        row("Status", [s.therapy.status for s in shows]),
        row(f"{word.capitalize()}: what studies found", [s.glance.summary.headline for s in shows]),
        row(
            f"Worst risks ({word})",
            ["\n".join(with_route(t, r, 70) for t, r in s.glance.worst_risks[:2]) or "none listed" for s in shows],
        ),
        row("Cannot reach", [", ".join(x.name for x in s.glance.cannot_reach) or "nothing listed" for s in shows]),
    )
    d = Doc([Title("Compared: " + " / ".join(s.therapy.id for s in shows), f"focus: {region_label(view.region)}")])
    d.add(Table(("At a glance", *names), glance_rows, wide=tuple(range(1, len(shows) + 1))))
    detail = (
        row(
            "How it is thought to work",
            [f"{short(s.therapy.mechanism.text)} (certainty: {s.therapy.mechanism.certainty})" for s in shows],
        ),
        row(
            f"All {word} studies",
            ["\n".join(r.headline for r in s.evidence if r.entry.region == view.region) or "no study" for s in shows],
        ),
        row("Best evidence (any region)", [_best_any(s) for s in shows]),
        row("Injection routes", [", ".join(p for p in s.therapy.procedures) or "none listed" for s in shows]),
        row(
            "Regulators",
            [
                "\n".join(f"{reg.jurisdiction}: {short(reg.text, 90)}" for reg, _ in s.regulatory) or "nothing listed"
                for s in shows
            ],
        ),
    )
    d.add(Table(("In more detail", *names), detail, wide=tuple(range(1, len(shows) + 1))))
    labels = sorted({s.therapy.status for s in shows})
    ids = " ".join(s.therapy.id for s in shows)
    d.add(*footer(labels=[(x, meaning(x, "status")) for x in labels], next_command=f"prolo handout {ids} -o neck.html"))
    return d


def _best_any(s: vt.ShowView) -> str:
    best = [r for r in s.evidence if r.level == s.level]
    if not best:
        return "no graded study"
    r = best[0]
    return f"{r.entry.indication} ({r.entry.region}): {r.headline}"


def risks(view: vt.RisksView) -> Doc:
    where = f"the {region_label(view.region)}" if view.region else "every region"
    d = Doc([Title(f"Risks in {where}", "grouped by therapy, worst first; route risks named")])
    for group in view.groups:
        d.add(Heading(f"{group.therapy.name} ({group.therapy.id})"))
        for risk in group.own:
            d.add(risk_para(risk, ""))
        route = None
        for rr in group.routes:
            if rr.procedure.id != route:
                route = rr.procedure.id
                d.add(Para(f"From the injection route: {rr.procedure.name}", "dim", indent=2))
            d.add(risk_para(rr.risk, ""))
    if not view.groups:
        d.add(Para("No risks match these filters."))
    if view.structures:
        d.add(Heading("Structures no routine injection reaches"))
        for s in view.structures:
            d.add(Field(s.name, f"segment {s.level}; access {s.access}: {meaning(s.access, 'access')}"))
    labels = [(f, meaning(f, "frequency")) for f in FREQUENCIES]
    d.add(*footer(labels=labels, next_command="prolo risks --therapy ID, or prolo procedures"))
    return d


CONDITION_SHORT = {
    "ligament-laxity-instability": "laxity/instab.",
    "facet-pain": "facet pain",
    "radicular-pain": "arm/nerve pain",
    "whiplash": "whiplash",
    "nonspecific-neck-pain": "neck pain",
    "headache": "headache",
    "osteoarthritis": "osteo-arthritis",
    "tendinopathy": "tendons",
    "low-back-pain": "low back",
    "other": "other",
}


def matrix(view: vt.EvidenceMatrix) -> Doc:
    where = region_label(view.region) if view.region else "any region"
    d = Doc([Title("What the studies found, by condition", where)])
    headers = ("Therapy", *(CONDITION_SHORT[c] for c in view.conditions))
    rows = []
    for therapy, cells in view.rows:
        rows.append((therapy.id, *(_cell(c) for c in cells)))
    # Too narrow for the grid: one line per therapy, naming only what was studied.
    compact: list[object] = []
    for therapy, cells in view.rows:
        studied = [
            f"{CONDITION_SHORT[c]}: {doc.cell_text(_cell(cell))}"
            for c, cell in zip(view.conditions, cells)
            if cell.finding
        ]
        compact.append(Field(therapy.id, "; ".join(studied) or "no study"))
    if view.conditions:
        d.add(Table(headers, tuple(rows), fallback=tuple(compact)))
    else:
        d.add(Para(f"No study in the catalogue for {where}."))
    legend = [(mark, words) for mark, words in ev.MARK_WORDS.items()]
    legend.append(("no study", "nothing studied it for this condition and region"))
    legend.append(
        (
            "after the mark",
            "the study type the result rests on (review, trial, observational, case series, opinion/lab)",
        )
    )
    d.add(*footer(labels=legend, next_command="prolo show ID"))
    return d


def _cell(cell: vt.MatrixCell) -> doc.Cell:
    if cell.finding is None:
        return ("no study", "dim")
    kind = ev.STUDY_TYPE_SHORT.get(cell.level or 0, "ungraded")
    style = {"benefit": "good", "worse": "bad", "harm": "bad"}.get(cell.finding, "")
    return (f"{cell.mark} {kind}", style)
